/* permalink.c: where a page lives on its site, by Jekyll's rules: its own
 * permalink, a post's date and categories, or its source path. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input's path below the site's root (`source`, the folder of the site
 * configuration in use), else the current folder; just the file name when the
 * input lies elsewhere (or is standard input). */
static char *
source_path(const char *path, const char *stem, const struct gz_value *site)
{
	char *real = strcmp(path, "-") == 0 ? NULL : realpath(path, NULL);
	if (!real)
		return gz_xasprintf("%s.md", stem);
	const char *source = site ? gz_value_string(site, "source") : NULL;
	char *root = source && *source ? realpath(source, NULL) : realpath(".", NULL);
	size_t n = root ? strlen(root) : 0;
	char *rel;
	if (root && strncmp(real, root, n) == 0 && (real[n] == '/' || n == 1))
		rel = gz_xstrdup(real + (n == 1 ? 1 : n + 1));
	else
		rel = gz_xstrdup(strrchr(real, '/') + 1);
	free(root);
	free(real);
	return rel;
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
gz_path_categories(const char *path, const struct gz_value *site, char ***out, size_t *count)
{
	char *src = source_path(path, "", site);
	char *posts = strstr(src, "_posts/");
	if ((posts == src || (posts && posts[-1] == '/'))) {
		*posts = '\0';
		char *save = NULL;
		for (char *w = strtok_r(src, "/", &save); w; w = strtok_r(NULL, "/", &save))
			add_word(w, out, count);
	}
	free(src);
}

/* Jekyll's :categories: the page's categories (a post's folders, then the
 * front matter's), lower-cased, joined by '/'. */
static char *
categories_path(const char *path, const struct gz_value *page, const struct gz_value *site)
{
	char **words = NULL;
	size_t count = 0;
	gz_path_categories(path, site, &words, &count);
	gz_words_add(gz_value_get(page, "categories"), &words, &count);
	gz_words_add(gz_value_get(page, "category"), &words, &count);
	struct gz_buf b = {0};
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

/* Expands Jekyll's permalink placeholders (`:year`, `:title`, ...), collapses
 * repeated slashes and makes the result start with one. */
struct source {
	const char *path, *stem;
	const struct gz_value *page, *site;
};

static char *
expand_permalink(const char *pattern, const struct source *doc, struct gz_time date,
    const char *slug)
{
	struct gz_civil c = gz_time_civil(date);
	char *cats = categories_path(doc->path, doc->page, doc->site);
	char buf[5][8];
	snprintf(buf[0], sizeof buf[0], "%04d", c.year);
	snprintf(buf[1], sizeof buf[1], "%02d", c.month);
	snprintf(buf[2], sizeof buf[2], "%02d", c.day);
	snprintf(buf[3], sizeof buf[3], "%02d", c.year % 100);
	snprintf(buf[4], sizeof buf[4], "%03d", c.yday);
	char i_month[4], i_day[4];
	snprintf(i_month, sizeof i_month, "%d", c.month);
	snprintf(i_day, sizeof i_day, "%d", c.day);
	const char *page_slug = gz_value_string(doc->page, "slug");
	const struct { const char *name, *value; } vars[] = {
		/* longest first where one name starts another */
		{ "categories", cats }, { "output_ext", ".html" }, { "short_year", buf[3] },
		{ "basename", doc->stem }, { "i_month", i_month }, { "i_day", i_day },
		{ "y_day", buf[4] }, { "year", buf[0] }, { "month", buf[1] }, { "day", buf[2] },
		{ "title", page_slug ? page_slug : slug }, { "slug", page_slug ? page_slug : slug },
		{ "name", doc->stem },
	};
	struct gz_buf b = {0};
	gz_buf_putc(&b, '/');
	for (const char *p = pattern; *p;) {
		size_t k = GZ_ARRAY_LEN(vars);
		if (*p == ':')
			for (k = 0; k < GZ_ARRAY_LEN(vars); k++)
				if (strncmp(p + 1, vars[k].name, strlen(vars[k].name)) == 0)
					break;
		const char *piece = k < GZ_ARRAY_LEN(vars) ? vars[k].value : p;
		size_t len = k < GZ_ARRAY_LEN(vars) ? strlen(piece) : 1;
		for (size_t i = 0; i < len; i++)
			if (piece[i] != '/' || b.data[b.len - 1] != '/')
				gz_buf_putc(&b, piece[i]);
		p += k < GZ_ARRAY_LEN(vars) ? strlen(vars[k].name) + 1 : 1;
	}
	free(cats);
	return gz_buf_detach(&b, NULL);
}

/* The page's path on the site, below baseurl.  Its `permalink` if it has one;
 * a Jekyll post (`YYYY-MM-DD-slug.md`) by the site's `permalink` style, Jekyll's
 * `/:categories/:year/:month/:day/:title.html` by default; any other page
 * by its source path with `.html` for the extension, `index` as its folder. */
char *
gz_permalink(const struct gz_doc *doc, struct gz_time date)
{
	return gz_permalink_of(doc->path, doc->stem, doc->page, doc->site, date);
}

char *
gz_permalink_of(const char *path, const char *stem, const struct gz_value *page,
    const struct gz_value *site, struct gz_time date)
{
	const struct source src_doc = { path, stem, page, site }, *doc = &src_doc;
	static const struct { const char *style, *pattern; } styles[] = {
		{ "date", "/:categories/:year/:month/:day/:title:output_ext" },
		{ "pretty", "/:categories/:year/:month/:day/:title/" },
		{ "ordinal", "/:categories/:year/:y_day/:title:output_ext" },
		{ "none", "/:categories/:title:output_ext" },
	};
	const char *permalink = gz_value_string(doc->page, "permalink");
	const char *slug = doc->stem;
	struct gz_time name_date;
	bool is_post = gz_time_from_name(doc->stem, &name_date, &slug);
	if (permalink && *permalink)
		return expand_permalink(permalink, doc, date, slug);
	if (is_post) {
		const char *pattern = doc->site ? gz_value_string(doc->site, "permalink") : NULL;
		if (!pattern || !*pattern)
			pattern = styles[0].style;
		for (size_t i = 0; i < GZ_ARRAY_LEN(styles); i++)
			if (strcmp(pattern, styles[i].style) == 0)
				pattern = styles[i].pattern;
		return expand_permalink(pattern, doc, date, slug);
	}

	char *src = source_path(doc->path, doc->stem, doc->site);
	char *slash = strrchr(src, '/');
	size_t dir_len = slash ? (size_t)(slash + 1 - src) : 0;
	/* With a site style that ends in '/' (pretty), pages are folders too. */
	const char *style = doc->site ? gz_value_string(doc->site, "permalink") : NULL;
	bool folders = style && (!strcmp(style, "pretty") || (*style && style[strlen(style) - 1] == '/'));
	char *url = strcmp(doc->stem, "index") == 0
	    ? gz_xasprintf("/%.*s", (int)dir_len, src)
	    : gz_xasprintf(folders ? "/%.*s%s/" : "/%.*s%s.html", (int)dir_len, src, doc->stem);
	free(src);
	return url;
}

