/* feed_page.c: what a feed knows of the site and of each page: the site's
 * address, a page's URL (by Jekyll's rules), date, author and categories. */
#include "feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Where a page's date came from, best first. */
enum date_source { DATE_FRONT_MATTER, DATE_FILE_NAME, DATE_EPOCH, DATE_MTIME, DATE_NOW };

void
feed_site_init(struct feed_site *site, const struct gz_value *config, bool safe)
{
	*site = (struct feed_site){ .config = config };
	const char *b = gz_value_string(config, "baseurl");
	struct gz_buf bb = {0};
	gz_buf_puts(&bb, "");
	if (b && *b) {
		if (*b != '/')
			gz_buf_putc(&bb, '/');
		gz_buf_puts(&bb, b);
		while (bb.len > 0 && bb.data[bb.len - 1] == '/')
			bb.data[--bb.len] = '\0';
	}
	site->baseurl = gz_buf_detach(&bb, NULL);

	const char *url = gz_value_string(config, "url");
	/* --safe: a javascript: or data: site address is no address at all. */
	if (url && gz_url_is_absolute(url) && !(safe && gz_url_is_dangerous(url, false))) {
		size_t n = strlen(url);
		while (n > 0 && url[n - 1] == '/')
			n--;
		site->base = gz_xasprintf("%.*s%s", (int)n, url, site->baseurl);
		site->host = gz_url_host(site->base);
	}
	if (!site->host)
		site->host = gz_xstrdup("gazette.invalid");   /* reserved: never anyone's */
}

void
feed_site_free(struct feed_site *site)
{
	free(site->base);
	free(site->baseurl);
	free(site->host);
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? gz_xstrdup(s) : NULL;
}

/* Collapses runs of white space into one space and trims both ends. */
static char *
squeeze(char *s)
{
	char *w = s;
	bool space = false;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = w != s;
		} else {
			if (space)
				*w++ = ' ';
			space = false;
			*w++ = *p;
		}
	}
	*w = '\0';
	return s;
}

char *
feed_plain_text(const struct gz_node *n)
{
	return squeeze(gz_node_plain_text(n));
}

/* `author` is a name, a map with name and email, or a list of either (the
 * first counts). */
bool
feed_author(const struct gz_value *v, char **name, char **email)
{
	if (v && v->kind == GZ_VALUE_LIST)
		v = v->count ? v->items[0] : NULL;
	if (!v)
		return false;
	if (v->kind == GZ_VALUE_STRING && *v->string) {
		*name = gz_xstrdup(v->string);
		*email = NULL;
		return true;
	}
	if (v->kind == GZ_VALUE_MAP && gz_value_string(v, "name")) {
		*name = gz_xstrdup(gz_value_string(v, "name"));
		*email = dup_or_null(gz_value_string(v, "email"));
		return true;
	}
	return false;
}

/* --- Dates ------------------------------------------------------------------ */

static bool
source_date_epoch(const struct gz_render *r, struct gz_time *t)
{
	int state = gz_source_date_epoch(t);
	if (state < 0)
		gz_warn(r->log, NULL, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
		    "it is ignored", getenv("SOURCE_DATE_EPOCH"));
	return state > 0;
}

/* A front matter date at `key`; warns when there is one that does not parse. */
static bool
front_matter_date(const struct gz_render *r, const struct gz_doc *doc, const char *key,
    struct gz_time *t)
{
	const struct gz_value *v = gz_value_get(doc->page, key);
	if (!v || v->kind == GZ_VALUE_NULL)
		return false;
	if (v->kind != GZ_VALUE_STRING) {
		gz_warn(r->log, doc->name, v->line, "%s is a %s, not a date; write 2024-03-05, "
		    "2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z", key,
		    v->kind == GZ_VALUE_LIST ? "list" : "mapping");
		return false;
	}
	if (gz_time_parse(v->string, t))
		return true;
	gz_warn(r->log, doc->name, v->line, "%s '%s' is not a date; write 2024-03-05, "
	    "2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z", key, v->string);
	return false;
}

/* The page's date: its front matter, its file name, SOURCE_DATE_EPOCH, the
 * file's modification time, in that order; the same input gives the same date. */
static enum date_source
page_date(const struct gz_render *r, const struct gz_doc *doc, struct gz_time *t)
{
	const char *slug;
	struct stat st;
	if (front_matter_date(r, doc, "date", t))
		return DATE_FRONT_MATTER;
	if (gz_time_from_name(doc->stem, t, &slug))
		return DATE_FILE_NAME;
	if (source_date_epoch(r, t))
		return DATE_EPOCH;
	if (strcmp(doc->path, "-") != 0 && stat(doc->path, &st) == 0) {
		*t = (struct gz_time){ .seconds = st.st_mtime };
		return DATE_MTIME;
	}
	*t = (struct gz_time){ .seconds = time(NULL) };
	gz_note(r->log, doc->name, 0, "no date: the feed uses the current time (give `date:` "
	    "in the front matter or SOURCE_DATE_EPOCH)");
	return DATE_NOW;
}

/* --- Page URLs --------------------------------------------------------------- */

/* The input's path below the site's root: the folder of the nearest
 * _config.yml, else the current folder; just the file name when the input
 * lies elsewhere (or is standard input). */
static char *
source_path(const struct gz_doc *doc)
{
	char *real = strcmp(doc->path, "-") == 0 ? NULL : realpath(doc->path, NULL);
	if (!real)
		return gz_xasprintf("%s.md", doc->stem);
	char *config = gz_site_find_config(doc->path);
	char *root = NULL;
	if (config) {
		*strrchr(config, '/') = '\0';
		root = config;
	} else {
		root = realpath(".", NULL);
	}
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
	char *w = squeeze(gz_xstrdup(word));
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

/* Appends the words of `v` to *out, skipping repeats: each string of a list,
 * or the space-separated words of a string (as Jekyll reads categories and tags). */
void
feed_add_words(const struct gz_value *v, char ***out, size_t *count)
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

/* Jekyll's :categories: the page's categories, lower-cased, joined by '/'. */
static char *
categories_path(const struct gz_doc *doc)
{
	char **words = NULL;
	size_t count = 0;
	feed_add_words(gz_value_get(doc->page, "category"), &words, &count);
	feed_add_words(gz_value_get(doc->page, "categories"), &words, &count);
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
static char *
expand_permalink(const char *pattern, const struct gz_doc *doc, struct gz_time date,
    const char *slug)
{
	struct gz_civil c = gz_time_civil(date);
	char *cats = categories_path(doc);
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
static char *
page_path(const struct feed_site *site, const struct gz_doc *doc, struct gz_time date)
{
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
		const char *pattern = gz_value_string(site->config, "permalink");
		if (!pattern || !*pattern)
			pattern = styles[0].style;
		for (size_t i = 0; i < GZ_ARRAY_LEN(styles); i++)
			if (strcmp(pattern, styles[i].style) == 0)
				pattern = styles[i].pattern;
		return expand_permalink(pattern, doc, date, slug);
	}

	char *src = source_path(doc);
	char *slash = strrchr(src, '/');
	size_t dir_len = slash ? (size_t)(slash + 1 - src) : 0;
	char *path = strcmp(doc->stem, "index") == 0
	    ? gz_xasprintf("/%.*s", (int)dir_len, src)
	    : gz_xasprintf("/%.*s%s.html", (int)dir_len, src, doc->stem);
	free(src);
	return path;
}

void
feed_page_init(struct feed_page *p, const struct gz_render *r, const struct feed_site *site,
    const struct gz_doc *doc)
{
	*p = (struct feed_page){ .doc = doc };
	page_date(r, doc, &p->date);
	if (!front_matter_date(r, doc, "last_modified_at", &p->updated)
	    && !front_matter_date(r, doc, "updated", &p->updated))
		p->updated = p->date;

	struct gz_buf b = {0};
	char *path = page_path(site, doc, p->date);
	gz_url_encode(&b, path);
	free(path);
	p->path = gz_buf_detach(&b, NULL);
	p->url = gz_xasprintf("%s%s", site->base ? site->base : site->baseurl, p->path);
	p->tag_base = gz_xasprintf("tag:%s,%04d:%s%s", site->host, gz_time_civil(p->date).year,
	    site->baseurl, p->path);
	feed_author(gz_value_get(doc->page, "author"), &p->author_name, &p->author_email);
}

void
feed_page_free(struct feed_page *p)
{
	free(p->path);
	free(p->url);
	free(p->tag_base);
	free(p->author_name);
	free(p->author_email);
	for (size_t i = 0; i < p->category_count; i++)
		free(p->categories[i]);
	free(p->categories);
}
