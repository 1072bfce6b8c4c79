/* permalink.c: where a page lives on its site: by Jekyll's rules (its own
 * permalink, a post's date and categories, or its source path), or Hugo's
 * (hugo.c). */
#include "internal.h"

#include <glib.h>
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
	/* As Jekyll 4 merges them: `categories` (a string is split at spaces),
	 * then `category`, a string of which is one category. */
	gz_words_add(gz_value_get(page, "categories"), words, count);
	const struct gz_value *one = gz_value_get(page, "category");
	if (one && one->kind == GZ_VALUE_STRING)
		add_word(one->string, words, count);
	else
		gz_words_add(one, words, count);
}

char *
gz_jekyll_slugify(const char *s, size_t len, const char *mode, bool cased)
{
	bool raw = !strcmp(mode, "raw"), ascii = !strcmp(mode, "ascii") || !strcmp(mode, "latin");
	bool pretty = !strcmp(mode, "pretty");
	if (!raw && !ascii && !pretty && strcmp(mode, "default")) {
		char *d = cased ? NULL : g_utf8_strdown(s, (gssize)len);
		char *copy = gz_xstrndup(d ? d : s, d ? strlen(d) : len);
		g_free(d);
		return copy;
	}
	struct gz_buf b = {0};
	bool dash = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		bool keep;
		if (raw) {
			keep = !g_unichar_isspace(cp);
		} else if (ascii) {
			keep = cp < 128 && g_ascii_isalnum((char)cp);
		} else {
			GUnicodeType t = g_unichar_type(cp);
			keep = g_unichar_isalpha(cp) || t == G_UNICODE_DECIMAL_NUMBER ||
			    t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
			    t == G_UNICODE_ENCLOSING_MARK ||
			    (pretty && cp < 128 && strchr("._~!$&'()+,;=@", (int)cp));
		}
		if (keep) {
			if (dash)
				gz_buf_putc(&b, '-');
			dash = false;
			gz_buf_append(&b, s + i, n);
		} else {
			dash = true;
		}
		i += n;
	}
	/* a leading '-' was never written; a trailing one is dropped by not writing it */
	gz_buf_append(&b, "", 0);
	if (cased)
		return gz_buf_detach(&b, NULL);
	char *d = g_utf8_strdown(b.data, (gssize)b.len);
	gz_buf_free(&b);
	char *copy = gz_xstrdup(d);
	g_free(d);
	return copy;
}

/* Jekyll's :categories (each lower-cased) or :slugified_categories (each
 * slugified), without repeats, joined by '/'. */
static char *
categories_path(const struct gz_value *page, const char *rel, bool slugified)
{
	char **words = NULL;
	size_t count = 0;
	gz_page_categories(page, rel, &words, &count);
	char **done = gz_xcalloc(count + 1, sizeof *done);
	size_t kept = 0;
	struct gz_buf b = {0};
	gz_buf_puts(&b, "");
	for (size_t i = 0; i < count; i++) {
		char *w = slugified ? gz_jekyll_slugify(words[i], strlen(words[i]), "default", false)
		    : g_utf8_strdown(words[i], -1);
		bool seen = false;
		for (size_t k = 0; k < kept && !seen; k++)
			seen = strcmp(done[k], w) == 0;
		if (!seen) {
			if (kept)
				gz_buf_putc(&b, '/');
			gz_buf_puts(&b, w);
			done[kept++] = gz_xstrdup(w);
		}
		if (slugified)
			free(w);
		else
			g_free(w);
		free(words[i]);
	}
	for (size_t k = 0; k < kept; k++)
		free(done[k]);
	free(done);
	free(words);
	return gz_buf_detach(&b, NULL);
}

/* What a permalink pattern's placeholders stand for: a text, or the page's
 * date formatted as Jekyll's URL drop formats it (strftime's `fmt`). */
struct place {
	const char *name, *value, *fmt;
};

static const struct place *
find_place(const struct place *vars, size_t count, const char *name, size_t n)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(vars[i].name) == n && memcmp(vars[i].name, name, n) == 0)
			return &vars[i];
	return NULL;
}

/* Expands a pattern as Jekyll's URL does: each `:name` (lower-case letters
 * and '_'; a trailing '_' may stand outside the name) by its value, escaped;
 * a name it does not know is left as it is (Jekyll stops the build).  Then
 * the URL is made to start with '/', each ".." becomes '/', "./" goes and
 * repeated slashes become one (Jekyll's sanitize_url). */
static char *
expand(const char *pattern, const struct place *vars, size_t count, struct gz_time date)
{
	struct gz_buf b = {0}, when = {0};
	gz_buf_putc(&b, '/');
	for (const char *p = pattern; *p;) {
		size_t n = *p == ':' ? strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_") : 0;
		const struct place *v = n ? find_place(vars, count, p + 1, n) : NULL;
		if (!v && n > 1 && p[n] == '_' && (v = find_place(vars, count, p + 1, n - 1)))
			n--;
		if (!v) {
			gz_buf_putc(&b, *p++);
			continue;
		}
		const char *value = v->value;
		if (v->fmt) {
			when.len = 0;
			gz_time_format(&when, date, v->fmt);
			value = when.data;
		}
		gz_url_escape_path(&b, value ? value : "");   /* Jekyll's escape_path */
		p += 1 + n;
	}
	gz_buf_free(&when);
	/* sanitize_url, in its order: ".." to "/", then "./" out, then "//" to "/" */
	char *url = gz_buf_detach(&b, NULL);
	char *w = url;
	for (const char *r = url; *r;) {
		if (r[0] == '.' && r[1] == '.') {
			*w++ = '/';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	w = url;
	for (const char *r = url; *r;) {
		if (r[0] == '.' && r[1] == '/')
			r += 2;
		else
			*w++ = *r++;
	}
	*w = '\0';
	w = url;
	for (const char *r = url; *r; r++)
		if (*r != '/' || w == url || w[-1] != '/')
			*w++ = *r;
	*w = '\0';
	return url;
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

/* What a page's URL is made of, beside the pattern: Jekyll's URL drop. */
struct url_parts {
	const struct gz_value *page;
	const char *rel;                /* below the site's root */
	const char *stem;               /* the file's name without its extension */
	const char *slug;               /* the file's slug: a post's without its date */
	const char *path;               /* :path (a page's folder, a document's path) */
	const char *collection;         /* :collection, or NULL */
	const char *output_ext;
	struct gz_time date;
};

/* `pattern` expanded with every placeholder of Jekyll 4's URL drop:
 * :title and :slug from the front matter's slug, else the file's, slugified
 * as Jekyll does; :name from the file's name; the categories; the date's
 * parts.  Those the pattern does not name are not made. */
static char *
jekyll_url(const char *pattern, const struct url_parts *u)
{
	const char *given = gz_value_string(u->page, "slug");
	const char *from = given ? given : u->slug;
	char *title = strstr(pattern, ":title") ? gz_jekyll_slugify(from, strlen(from), "pretty", true)
	    : NULL;
	char *slugged = strstr(pattern, ":slug") ? gz_jekyll_slugify(from, strlen(from), "default",
	    false) : NULL;
	char *name = strstr(pattern, ":name") ? gz_jekyll_slugify(u->stem, strlen(u->stem),
	    "default", false) : NULL;
	char *cats = strstr(pattern, ":categories") ? categories_path(u->page, u->rel, false) : NULL;
	char *slugged_cats = strstr(pattern, ":slugified_categories")
	    ? categories_path(u->page, u->rel, true) : NULL;
	const struct place vars[] = {
		{ "collection", u->collection, NULL }, { "path", u->path, NULL },
		{ "categories", cats, NULL }, { "slugified_categories", slugged_cats, NULL },
		{ "output_ext", u->output_ext, NULL }, { "basename", u->stem, NULL },
		{ "title", title, NULL }, { "slug", slugged, NULL }, { "name", name, NULL },
		/* the date, as the URL drop formats it */
		{ "year", NULL, "%Y" }, { "month", NULL, "%m" }, { "day", NULL, "%d" },
		{ "hour", NULL, "%H" }, { "minute", NULL, "%M" }, { "second", NULL, "%S" },
		{ "i_day", NULL, "%-d" }, { "i_month", NULL, "%-m" }, { "short_month", NULL, "%b" },
		{ "long_month", NULL, "%B" }, { "short_year", NULL, "%y" }, { "w_year", NULL, "%G" },
		{ "week", NULL, "%V" }, { "w_day", NULL, "%u" }, { "short_day", NULL, "%a" },
		{ "long_day", NULL, "%A" }, { "y_day", NULL, "%j" },
	};
	/* :collection outside a collection (a page's) stays as it is written. */
	char *url = expand(pattern, vars + !u->collection, GZ_ARRAY_LEN(vars) - !u->collection,
	    u->date);
	free(title);
	free(slugged);
	free(name);
	free(slugged_cats);
	free(cats);
	return url;
}

/* A document of a collection: its `permalink:`, else the collection's, else
 * /:collection/:path:output_ext, :path below the collection's folder. */
static char *
collection_permalink(const struct gz_value *c, const char *name, const struct gz_value *page,
    const char *rel, struct gz_time date)
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
	const struct url_parts u = { .page = page, .rel = rel, .stem = stem, .slug = stem,
		.path = path, .collection = name, .output_ext = ".html", .date = date };
	char *url = jekyll_url(pattern, &u);
	free(path);
	free(stem);
	return url;
}

bool
gz_is_markdown_name(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && (!strcmp(dot, ".md") || !strcmp(dot, ".markdown") || !strcmp(dot, ".mkd")
	    || !strcmp(dot, ".mkdn"));
}

const char *
gz_jekyll_output_ext(const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const char *dot = strrchr(base, '.');
	return !dot || gz_is_markdown_name(base) ? ".html" : dot;
}

static char *
jekyll_permalink(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date, bool in_site)
{
	char *collection = NULL;
	const struct gz_value *coll = in_site ? gz_jekyll_collection(site, rel, &collection) : NULL;
	if (coll) {
		char *url = collection_permalink(coll, collection, page, rel, date);
		free(collection);
		return url;
	}
	static const struct { const char *style, *post; } styles[] = {
		{ "date", "/:categories/:year/:month/:day/:title:output_ext" },
		{ "pretty", "/:categories/:year/:month/:day/:title/" },
		{ "ordinal", "/:categories/:year/:y_day/:title:output_ext" },
		{ "weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext" },
		{ "none", "/:categories/:title:output_ext" },
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
	if (!style || !*style)
		style = "date";
	const char *post_pattern = style;
	for (size_t i = 0; i < GZ_ARRAY_LEN(styles); i++)
		if (strcmp(style, styles[i].style) == 0)
			post_pattern = styles[i].post;
	/* A page: its folder and name, and what the style ends with (Jekyll's
	 * add_permalink_suffix); an index page is its folder.  A page that is
	 * not Markdown keeps its extension, and one that is not HTML either
	 * (`feed.xml`) its name. */
	const char *output_ext = gz_jekyll_output_ext(rel);
	bool html = !strcmp(output_ext, ".html") || !strcmp(output_ext, ".htm")
	    || !strcmp(output_ext, ".xhtml");
	bool index = !is_post && strcmp(stem, "index") == 0;
	size_t n = strlen(style);
	const char *page_pattern = !html ? "/:path/:basename:output_ext" : index ? "/:path/"
	    : !strcmp(style, "pretty") || style[n - 1] == '/' ? "/:path/:basename/"
	    : !strcmp(style, "date") || !strcmp(style, "ordinal") || !strcmp(style, "none")
	    || (n >= 11 && !strcmp(style + n - 11, ":output_ext")) ? "/:path/:basename:output_ext"
	    : "/:path/:basename";
	const char *own = gz_value_string(page, "permalink");
	const char *pattern = own && *own ? own : is_post ? post_pattern : page_pattern;

	/* A page's :path is its folder; a post's, as a document's, its path
	 * without its extension, less the first `_posts`. */
	char *post_path = NULL;
	if (is_post) {
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		const char *ext = strrchr(base, '.');
		size_t len = strlen(rel) - (ext ? strlen(ext) : 0);
		post_path = gz_xstrndup(rel, len);
		char *cut = strstr(post_path, "_posts");
		if (cut)
			memmove(cut, cut + 6, strlen(cut + 6) + 1);
	}
	const struct url_parts u = { .page = page, .rel = rel, .stem = stem, .slug = slug,
		.path = is_post ? post_path : folder, .collection = is_post ? "posts" : NULL,
		.output_ext = output_ext, .date = date };
	char *url = jekyll_url(pattern, &u);
	free(post_path);
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
