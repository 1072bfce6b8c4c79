/* permalink.c: where a page lives on its site: by Jekyll's rules (its own
 * permalink, a post's date and categories, or its source path), or Hugo's
 * (hugo.c). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input's path below the site's root (`source`, the folder of the site
 * configuration in use), else the current folder; just the file name when the
 * input lies elsewhere (or is standard input).  A loaded site holds its root
 * resolved (`_root`, gz_site_load); another is resolved here. */
char *
gz_site_relative(const struct gz_value *site, const char *path)
{
	char *real = strcmp(path, "-") == 0 ? NULL : realpath(path, NULL);
	if (!real) {
		const char *base = strrchr(path, '/');
		return gz_xstrdup(strcmp(path, "-") == 0 ? "stdin.md" : base ? base + 1 : path);
	}
	const char *source = site ? gz_value_string(site, "source") : NULL;
	const char *known = site ? gz_value_string(site, "_root") : NULL;
	char *resolved = known ? NULL : realpath(source && *source ? source : ".", NULL);
	const char *root = known ? known : resolved;
	size_t n = root ? strlen(root) : 0;
	char *rel;
	if (root && strncmp(real, root, n) == 0 && (real[n] == '/' || n == 1))
		rel = gz_xstrdup(real + (n == 1 ? 1 : n + 1));
	else
		rel = gz_xstrdup(strrchr(real, '/') + 1);
	free(resolved);
	free(real);
	return rel;
}

static char *
source_path(const struct gz_doc *doc)
{
	if (strcmp(doc->path, "-") == 0)
		return gz_xasprintf("%s.md", doc->stem);
	return gz_site_relative(doc->site, doc->path);
}

static void
add_word(const char *word, char ***out, size_t *count)
{
	char *w = gz_squeeze(gz_xstrdup(word));
	for (size_t k = 0; k < *count && *w; k++) {
		if (strcmp((*out)[k], w) == 0)
			*w = '\0';
	}
	if (!*w) {
		free(w);
		return;
	}
	*out = gz_xrealloc(*out, (*count + 1) * sizeof **out);
	(*out)[(*count)++] = w;
}

void
gz_words_add(const struct gz_value *v, char ***out, size_t *count)
{
	if (v && v->kind == GZ_VALUE_LIST) {
		for (size_t i = 0; i < v->count; i++)
			if (v->items[i]->kind == GZ_VALUE_STRING)
				add_word(v->items[i]->string, out, count);
	} else if (v && v->kind == GZ_VALUE_STRING) {
		char *copy = gz_xstrdup(v->string), *save = NULL;
		for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			add_word(w, out, count);
		free(copy);
	}
}

void
gz_page_categories(const struct gz_value *page, const char *rel, char ***words, size_t *count)
{
	const char *posts = strstr(rel, "_posts/");
	if (!posts || (posts != rel && posts[-1] != '/'))
		posts = strstr(rel, "_drafts/");
	if (posts && (posts == rel || posts[-1] == '/')) {
		char *dirs = gz_xstrndup(rel, (size_t)(posts - rel)), *save = NULL;
		for (char *w = strtok_r(dirs, "/", &save); w; w = strtok_r(NULL, "/", &save))
			add_word(w, words, count);
		free(dirs);
	}
	gz_words_add(gz_value_get(page, "category"), words, count);
	gz_words_add(gz_value_get(page, "categories"), words, count);
}

/* Jekyll's :categories: gz_page_categories lower-cased, joined by '/'. */
static char *
categories_path(const struct gz_value *page, const char *rel)
{
	char **words = NULL;
	size_t count = 0;
	gz_page_categories(page, rel, &words, &count);
	struct gz_buf b = {0};
	gz_buf_puts(&b, "");
	for (size_t i = 0; i < count; i++) {
		if (i)
			gz_buf_putc(&b, '/');
		for (const char *p = words[i]; *p; p++)
			gz_buf_putc(&b, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
		free(words[i]);
	}
	free(words);
	return gz_buf_detach(&b, NULL);
}

/* What a permalink pattern's placeholders stand for. */
struct place {
	const char *name, *value;
};

/* Expands `:name` placeholders (the longest name that matches), collapses
 * repeated slashes and makes the result start with one. */
static char *
expand(const char *pattern, const struct place *vars, size_t count)
{
	struct gz_buf b = {0};
	gz_buf_putc(&b, '/');
	for (const char *p = pattern; *p;) {
		size_t k = count, best = 0;
		if (*p == ':')
			for (size_t i = 0; i < count; i++) {
				size_t n = strlen(vars[i].name);
				if (n > best && strncmp(p + 1, vars[i].name, n) == 0)
					k = i, best = n;
			}
		const char *piece = k < count ? vars[k].value : p;
		size_t len = k < count ? strlen(piece) : 1;
		for (size_t i = 0; i < len; i++)
			if (piece[i] != '/' || b.data[b.len - 1] != '/')
				gz_buf_putc(&b, piece[i]);
		p += k < count ? best + 1 : 1;
	}
	return gz_buf_detach(&b, NULL);
}

/* The folder of `rel`, with its slash ("a/b/"), or "". */
static char *
folder_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	return gz_xstrndup(rel, slash ? (size_t)(slash + 1 - rel) : 0);
}

/* Whether `rel` lies in a folder named `name` ("_posts/") at any depth. */
static bool
in_folder(const char *rel, const char *name)
{
	const char *p = strstr(rel, name);
	return p && (p == rel || p[-1] == '/');
}

const struct gz_value *
gz_jekyll_collection(const struct gz_value *site, const char *rel, char **name)
{
	if (rel[0] != '_' || !strchr(rel, '/'))
		return NULL;
	char *n = gz_xstrndup(rel + 1, strcspn(rel + 1, "/"));
	const struct gz_value *all = gz_value_get(site, "collections"), *c = NULL;
	if (strcmp(n, "posts") != 0 && strcmp(n, "drafts") != 0 && all
	    && all->kind == GZ_VALUE_MAP)
		c = gz_value_get(all, n);
	else if (all && all->kind == GZ_VALUE_LIST)
		for (size_t i = 0; i < all->count && !c; i++)
			if (all->items[i]->kind == GZ_VALUE_STRING && strcmp(all->items[i]->string, n) == 0)
				c = all->items[i];
	if (!c || (c->kind == GZ_VALUE_STRING && strcmp(c->string, "posts") == 0)) {
		free(n);
		return NULL;
	}
	*name = n;
	return c;
}

/* A document of a collection: its `permalink:`, else the collection's, else
 * /:collection/:path:output_ext, :path below the collection's folder. */
static char *
collection_permalink(const struct gz_value *c, const char *name, const struct gz_value *page,
    const char *rel)
{
	const char *own = gz_value_string(page, "permalink");
	const char *pattern = own && *own ? own
	    : c->kind == GZ_VALUE_MAP && gz_value_string(c, "permalink")
	    ? gz_value_string(c, "permalink") : "/:collection/:path:output_ext";
	const char *inner = rel + strlen(name) + 2;
	const char *dot = strrchr(inner, '.');
	const char *base = strrchr(inner, '/');
	char *path = gz_xstrndup(inner, dot && (!base || dot > base) ? (size_t)(dot - inner)
	    : strlen(inner));
	char *stem = gz_path_stem(rel);
	const char *slug = gz_value_string(page, "slug");
	const struct place vars[] = {
		{ "collection", name }, { "path", path }, { "output_ext", ".html" },
		{ "name", stem }, { "title", slug ? slug : stem }, { "slug", slug ? slug : stem },
	};
	char *url = expand(pattern, vars, GZ_ARRAY_LEN(vars));
	free(path);
	free(stem);
	return url;
}

static char *
jekyll_permalink(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date, bool in_site)
{
	char *collection = NULL;
	const struct gz_value *coll = in_site ? gz_jekyll_collection(site, rel, &collection) : NULL;
	if (coll) {
		char *url = collection_permalink(coll, collection, page, rel);
		free(collection);
		return url;
	}
	static const struct { const char *style, *post, *page; } styles[] = {
		{ "date", "/:categories/:year/:month/:day/:title:output_ext", "/:path/:basename:output_ext" },
		{ "pretty", "/:categories/:year/:month/:day/:title/", "/:path/:basename/" },
		{ "ordinal", "/:categories/:year/:y_day/:title:output_ext", "/:path/:basename:output_ext" },
		{ "weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext",
			"/:path/:basename:output_ext" },
		{ "none", "/:categories/:title:output_ext", "/:path/:basename:output_ext" },
	};
	char *stem = gz_path_stem(rel), *folder = folder_of(rel);
	const char *slug = stem;
	struct gz_time name_date;
	/* A post sits in _posts; outside a site, a dated file name is enough.  A
	 * draft is a post without a date in its name. */
	bool dated = gz_time_from_name(stem, &name_date, &slug);
	bool is_post = (dated && (!in_site || in_folder(rel, "_posts/")))
	    || (in_site && in_folder(rel, "_drafts/"));
	if (!is_post || !dated)
		slug = stem;

	const char *style = site ? gz_value_string(site, "permalink") : NULL;
	const char *post_pattern = style && *style ? style : styles[0].post;
	const char *page_pattern = styles[0].page;
	for (size_t i = 0; i < GZ_ARRAY_LEN(styles); i++)
		if (style && strcmp(style, styles[i].style) == 0)
			post_pattern = styles[i].post, page_pattern = styles[i].page;
	if (style && *style && post_pattern == style) {
		/* A pattern of its own: pages end as it ends, in a slash or not. */
		size_t n = strlen(style);
		if (n && style[n - 1] == '/')
			page_pattern = styles[1].page;
	}
	const char *own = gz_value_string(page, "permalink");
	const char *pattern = own && *own ? own : is_post ? post_pattern : page_pattern;

	struct gz_civil c = gz_time_civil(date);
	char *cats = categories_path(page, rel);
	char num[7][8];
	snprintf(num[0], sizeof num[0], "%04d", c.year);
	snprintf(num[1], sizeof num[1], "%02d", c.month);
	snprintf(num[2], sizeof num[2], "%02d", c.day);
	snprintf(num[3], sizeof num[3], "%02d", c.year % 100);
	snprintf(num[4], sizeof num[4], "%03d", c.yday);
	snprintf(num[5], sizeof num[5], "%d", c.month);
	snprintf(num[6], sizeof num[6], "%d", c.day);
	static const char *const short_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	const char *page_slug = gz_value_string(page, "slug");
	/* A page's :path is its folder; an index page is its folder itself. */
	bool index = !is_post && strcmp(stem, "index") == 0;
	const struct place vars[] = {
		{ "categories", cats }, { "output_ext", ".html" }, { "short_year", num[3] },
		{ "basename", index ? "" : stem }, { "path", folder }, { "i_month", num[5] },
		{ "i_day", num[6] }, { "y_day", num[4] }, { "year", num[0] }, { "month", num[1] },
		{ "day", num[2] }, { "short_day", short_days[c.weekday] },
		{ "title", page_slug ? page_slug : slug }, { "slug", page_slug ? page_slug : slug },
		{ "name", stem },
	};
	char *url = expand(pattern, vars, GZ_ARRAY_LEN(vars));
	if (index && !(own && *own)) {
		/* `/docs/.html` is `/docs/`. */
		size_t n = strlen(url);
		if (n >= 6 && strcmp(url + n - 6, "/.html") == 0)
			url[n - 5] = '\0';
	}
	free(cats);
	free(stem);
	free(folder);
	return url;
}

char *
gz_permalink_for(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date)
{
	const char *source = site ? gz_value_string(site, "source") : NULL;
	const char *generator = site ? gz_value_string(site, "_generator") : NULL;
	if (generator && strcmp(generator, "hugo") == 0)
		return gz_hugo_permalink(site, page, rel, date);
	return jekyll_permalink(site, page, rel, date, source != NULL);
}

char *
gz_permalink(const struct gz_doc *doc, struct gz_time date)
{
	char *rel = source_path(doc);
	char *url = gz_permalink_for(doc->site, doc->page, rel, date);
	free(rel);
	return url;
}

char *
gz_permalink_of(const char *path, const struct gz_value *page, const struct gz_value *site,
    struct gz_time date)
{
	char *rel = gz_site_relative(site, path);
	char *url = gz_permalink_for(site, page, rel, date);
	free(rel);
	return url;
}

void
gz_path_categories(const char *path, const struct gz_value *site, char ***out, size_t *count)
{
	char *rel = gz_site_relative(site, path);
	gz_page_categories(NULL, rel, out, count);
	free(rel);
}
