/* feed_items.c: what a feed says, gathered from the documents: the entries of
 * a news page or one item per page, their links, dates and ids. */
#include "feed.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Where a page's date came from, best first. */
enum date_source { DATE_FRONT_MATTER, DATE_FILE_NAME, DATE_EPOCH, DATE_MTIME, DATE_NOW };

/* What every item of one page shares. */
struct feed_page {
	const struct gz_doc *doc;
	char *path;             /* on the site, below baseurl: "/posts/x.html" */
	char *url;              /* absolute when the site URL is known */
	char *tag_base;         /* "tag:host,2024:/blog/posts/x.html" */
	struct feed_time date, updated;
	char *author_name, *author_email;
	/* Entries: the names of the page's sections (each entry points at one);
	 * a page item: its categories and tags. */
	char **categories;
	size_t category_count;
};

struct collector {
	const struct gz_render *r;
	const struct gz_value *site;    /* the first input's */
	char *site_base;        /* url + baseurl, no trailing '/'; NULL without a url */
	char *baseurl;          /* "" or "/blog" */
	char *host;             /* for tag: URIs */
	struct feed *f;
	size_t capacity;
};

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

static char *
plain_text(const struct gz_node *n)
{
	return squeeze(gz_node_plain_text(n));
}

/* `author` is a name, a map with name and email, or a list of either (the
 * first counts). */
static bool
author_of(const struct gz_value *v, char **name, char **email)
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
source_date_epoch(const struct gz_render *r, struct feed_time *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < 0) {
		gz_warn(r->log, NULL, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
		    "it is ignored", s);
		return false;
	}
	*t = (struct feed_time){ .seconds = v };
	return true;
}

/* A front matter date at `key`; warns when there is one that does not parse. */
static bool
front_matter_date(const struct gz_render *r, const struct gz_doc *doc, const char *key,
    struct feed_time *t)
{
	const struct gz_value *v = gz_value_get(doc->page, key);
	if (!v || v->kind != GZ_VALUE_STRING)
		return false;
	if (feed_time_parse(v->string, t))
		return true;
	gz_warn(r->log, doc->name, v->line, "%s '%s' is not a date; write 2024-03-05, "
	    "2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z", key, v->string);
	return false;
}

/* The page's date: its front matter, its file name, SOURCE_DATE_EPOCH, the
 * file's modification time, in that order; the same input gives the same date. */
static enum date_source
page_date(const struct gz_render *r, const struct gz_doc *doc, struct feed_time *t)
{
	const char *slug;
	struct stat st;
	if (front_matter_date(r, doc, "date", t))
		return DATE_FRONT_MATTER;
	if (feed_time_from_name(doc->stem, t, &slug))
		return DATE_FILE_NAME;
	if (source_date_epoch(r, t))
		return DATE_EPOCH;
	if (strcmp(doc->path, "-") != 0 && stat(doc->path, &st) == 0) {
		*t = (struct feed_time){ .seconds = st.st_mtime };
		return DATE_MTIME;
	}
	*t = (struct feed_time){ .seconds = time(NULL) };
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
static void
add_words(const struct gz_value *v, char ***out, size_t *count)
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
	add_words(gz_value_get(doc->page, "category"), &words, &count);
	add_words(gz_value_get(doc->page, "categories"), &words, &count);
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
expand_permalink(const char *pattern, const struct gz_doc *doc, struct feed_time date,
    const char *slug)
{
	struct feed_civil c = feed_time_civil(date);
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
page_path(const struct collector *c, const struct gz_doc *doc, struct feed_time date)
{
	static const struct { const char *style, *pattern; } styles[] = {
		{ "date", "/:categories/:year/:month/:day/:title:output_ext" },
		{ "pretty", "/:categories/:year/:month/:day/:title/" },
		{ "ordinal", "/:categories/:year/:y_day/:title:output_ext" },
		{ "none", "/:categories/:title:output_ext" },
	};
	const char *permalink = gz_value_string(doc->page, "permalink");
	const char *slug = doc->stem;
	struct feed_time name_date;
	bool is_post = feed_time_from_name(doc->stem, &name_date, &slug);
	if (permalink && *permalink)
		return expand_permalink(permalink, doc, date, slug);
	if (is_post) {
		const char *pattern = gz_value_string(c->site, "permalink");
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

static void
page_init(struct collector *c, const struct gz_doc *doc, struct feed_page *p)
{
	const struct gz_render *r = c->r;
	*p = (struct feed_page){ .doc = doc };
	page_date(r, doc, &p->date);
	if (!front_matter_date(r, doc, "last_modified_at", &p->updated)
	    && !front_matter_date(r, doc, "updated", &p->updated))
		p->updated = p->date;

	struct gz_buf b = {0};
	char *path = page_path(c, doc, p->date);
	feed_url_encode(&b, path);
	free(path);
	p->path = gz_buf_detach(&b, NULL);
	p->url = gz_xasprintf("%s%s", c->site_base ? c->site_base : c->baseurl, p->path);
	p->tag_base = gz_xasprintf("tag:%s,%04d:%s%s", c->host, feed_time_civil(p->date).year,
	    c->baseurl, p->path);
	author_of(gz_value_get(doc->page, "author"), &p->author_name, &p->author_email);
}

static void
page_free(struct feed_page *p)
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

/* --- Items ------------------------------------------------------------------- */

static struct feed_item *
new_item(struct collector *c, const struct feed_page *p)
{
	struct feed *f = c->f;
	if (f->count == c->capacity) {
		c->capacity = c->capacity ? c->capacity * 2 : 16;
		f->items = gz_xrealloc(f->items, c->capacity * sizeof *f->items);
	}
	struct feed_item *it = &f->items[f->count];
	*it = (struct feed_item){
		.page = p,
		.lang = p->doc->lang,
		.published = p->date,
		.updated = p->updated,
		.order = f->count,
	};
	f->count++;
	return it;
}

/* A link as the feed gives it: resolved against the page, percent-encoded. */
static char *
absolute_link(const char *base, const char *url)
{
	char *resolved = feed_url_resolve(base, url);
	struct gz_buf b = {0};
	feed_url_encode(&b, resolved);
	free(resolved);
	return gz_buf_detach(&b, NULL);
}

void
feed_item_content(const struct feed_item *it, const struct gz_options *opts,
    struct gz_buf *out)
{
	out->len = 0;
	if (out->data)
		out->data[0] = '\0';
	if (!it->body || it->body == it->body_end)
		return;
	const char *url = it->page->url;
	gz_html_fragment(it->body, it->body_end, opts, feed_url_is_absolute(url) ? url : NULL, out);
}

/* A heading whose whole content is one link (`### [title](url)`). */
static const struct gz_node *
entry_link(const struct gz_node *n)
{
	if (n->kind != GZ_NODE_HEADING || !n->first || n->first != n->last
	    || n->first->kind != GZ_NODE_LINK)
		return NULL;
	return n->first;
}

static bool
has_entries(const struct gz_doc *doc)
{
	for (const struct gz_node *n = doc->root->first; n; n = n->next)
		if (entry_link(n))
			return true;
	return false;
}

/* One item per entry heading of the page: it runs to the next heading of the
 * same or a higher level; its category is the nearest enclosing heading that
 * is not an entry. */
static void
add_entries(struct collector *c, struct feed_page *p)
{
	/* The names of the enclosing sections, by level; the page owns them,
	 * sized up front so that items can point into the array. */
	const char *const *sections[7] = {0};
	size_t headings = 0;
	for (const struct gz_node *n = p->doc->root->first; n; n = n->next)
		headings += n->kind == GZ_NODE_HEADING && !entry_link(n);
	p->categories = gz_xcalloc(headings, sizeof *p->categories);

	for (const struct gz_node *n = p->doc->root->first; n; n = n->next) {
		if (n->kind != GZ_NODE_HEADING)
			continue;
		int level = n->heading.level;
		const struct gz_node *link = entry_link(n);
		if (!link) {
			p->categories[p->category_count] = plain_text(n);
			sections[level] = (const char *const *)&p->categories[p->category_count++];
			for (int l = level + 1; l < 7; l++)
				sections[l] = NULL;
			continue;
		}
		const struct gz_node *end = n->next;
		while (end && !(end->kind == GZ_NODE_HEADING && end->heading.level <= level))
			end = end->next;

		struct feed_item *it = new_item(c, p);
		it->title = plain_text(link);
		it->link = absolute_link(p->url, link->link.url);
		if (!*it->title) {
			free(it->title);
			it->title = gz_xstrdup(it->link);
		}
		struct gz_buf tag = {0};
		gz_buf_printf(&tag, "%s#", p->tag_base);
		feed_url_encode(&tag, n->heading.id);
		it->id = gz_buf_detach(&tag, NULL);
		for (int l = level - 1; l > 0 && !it->categories; l--) {
			it->categories = sections[l];
			it->category_count = sections[l] ? 1 : 0;
		}
		for (const struct gz_node *b = n->next; b != end; b = b->next) {
			if (b->kind == GZ_NODE_BLOCKQUOTE || b->kind == GZ_NODE_PARAGRAPH) {
				it->summary = plain_text(b);
				break;
			}
		}
		it->body = n->next;
		it->body_end = end;
	}
}

/* One item for the whole page. */
static void
add_page(struct collector *c, struct feed_page *p)
{
	const struct gz_doc *doc = p->doc;
	struct feed_item *it = new_item(c, p);
	const struct gz_node *first_heading = NULL, *first_paragraph = NULL;
	for (const struct gz_node *n = doc->root->first; n; n = n->next) {
		if (!first_heading && n->kind == GZ_NODE_HEADING)
			first_heading = n;
		if (!first_paragraph && n->kind == GZ_NODE_PARAGRAPH)
			first_paragraph = n;
	}
	const char *title = gz_value_string(doc->page, "title");
	it->title = title && *title ? gz_xstrdup(title)
	    : first_heading ? plain_text(first_heading) : gz_xstrdup(doc->stem);
	it->link = gz_xstrdup(p->url);
	it->id = gz_xstrdup(p->tag_base);
	const char *description = gz_value_string(doc->page, "description");
	it->summary = description && *description ? gz_xstrdup(description)
	    : first_paragraph ? plain_text(first_paragraph) : NULL;
	it->body = doc->root->first;
	add_words(gz_value_get(doc->page, "category"), &p->categories, &p->category_count);
	add_words(gz_value_get(doc->page, "categories"), &p->categories, &p->category_count);
	add_words(gz_value_get(doc->page, "tags"), &p->categories, &p->category_count);
	it->categories = (const char *const *)p->categories;
	it->category_count = p->category_count;
	it->author_name = p->author_name;
	it->author_email = p->author_email;
}

/* Ids: the link when it is absolute and no other item has it, else the tag:
 * URI made when the item was added.  Decided over all items, before the
 * limit, so --feed-limit never changes an id; a repeat (the same input given
 * twice) gets a suffix. */
static void
assign_ids(struct feed *f)
{
	GHashTable *links = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < f->count; i++) {
		const char *link = f->items[i].link;
		gpointer n = g_hash_table_lookup(links, link);
		g_hash_table_insert(links, (gpointer)link, GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
	}
	GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
	for (size_t i = 0; i < f->count; i++) {
		struct feed_item *it = &f->items[i];
		if (feed_url_is_absolute(it->link)
		    && GPOINTER_TO_UINT(g_hash_table_lookup(links, it->link)) == 1) {
			free(it->id);
			it->id = gz_xstrdup(it->link);
			it->id_is_link = true;
		}
		for (unsigned k = 2; g_hash_table_contains(ids, it->id); k++) {
			char *again = gz_xasprintf("%s%s%u", it->id, it->id_is_link ? "#" : "-", k);
			if (!g_hash_table_contains(ids, again)) {
				free(it->id);
				it->id = again;
				it->id_is_link = false;
			} else {
				free(again);
			}
		}
		g_hash_table_add(ids, it->id);
	}
	g_hash_table_destroy(ids);
	g_hash_table_destroy(links);
}

/* Newest first; input order among equals. */
static int
by_date(const void *a, const void *b)
{
	const struct feed_item *x = a, *y = b;
	if (x->published.seconds != y->published.seconds)
		return x->published.seconds > y->published.seconds ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
item_free(struct feed_item *it)
{
	free(it->title);
	free(it->link);
	free(it->id);
	free(it->summary);
}

/* --- The feed ---------------------------------------------------------------- */

static char *
site_base_of(const struct gz_value *site, char **baseurl)
{
	const char *b = gz_value_string(site, "baseurl");
	struct gz_buf bb = {0};
	gz_buf_puts(&bb, "");
	if (b && *b) {
		if (*b != '/')
			gz_buf_putc(&bb, '/');
		gz_buf_puts(&bb, b);
		while (bb.len > 0 && bb.data[bb.len - 1] == '/')
			bb.data[--bb.len] = '\0';
	}
	*baseurl = gz_buf_detach(&bb, NULL);

	const char *url = gz_value_string(site, "url");
	if (!url || !feed_url_is_absolute(url))
		return NULL;
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	return gz_xasprintf("%.*s%s", (int)n, url, *baseurl);
}

/* Title, description, links, language, author and date of the feed. */
static void
feed_metadata(struct collector *c, const struct feed_page *pages, size_t page_count)
{
	const struct gz_render *r = c->r;
	struct feed *f = c->f;
	const struct gz_doc *doc = r->count == 1 ? r->docs[0] : NULL;
	const struct gz_value *page = doc ? doc->page : NULL;
	const char *s;

	if ((s = gz_value_string(page, "title")) && *s)
		f->title = gz_xstrdup(s);
	else if ((s = gz_value_string(c->site, "title")) && *s)
		f->title = gz_xstrdup(s);
	else if ((s = gz_value_string(c->site, "name")) && *s)
		f->title = gz_xstrdup(s);
	else if (doc && doc->root->first && doc->root->first->kind == GZ_NODE_HEADING)
		f->title = plain_text(doc->root->first);
	else
		f->title = gz_xstrdup(doc ? doc->stem : "Feed");

	if ((s = gz_value_string(page, "description")) && *s)
		f->description = gz_xstrdup(s);
	else if ((s = gz_value_string(c->site, "description")) && *s)
		f->description = gz_xstrdup(s);

	f->link = doc ? gz_xstrdup(pages[0].url)
	    : gz_xasprintf("%s/", c->site_base ? c->site_base : c->baseurl);
	if ((s = gz_value_string(c->site, "feed_url")) && *s)
		f->self = absolute_link(f->link, s);
	else if (c->site_base && r->output_name)
		f->self = absolute_link(f->link, r->output_name);
	f->id = feed_url_is_absolute(f->link) ? gz_xstrdup(f->link)
	    : gz_xasprintf("tag:%s,%04d:%s", c->host, feed_time_civil(pages[0].date).year, f->link);

	if (doc)
		f->lang = dup_or_null(doc->lang);
	else if ((s = gz_value_string(c->site, "lang")))
		f->lang = gz_lang_tag(s);

	if (!author_of(page ? gz_value_get(page, "author") : NULL, &f->author_name, &f->author_email)
	    && !author_of(gz_value_get(c->site, "author"), &f->author_name, &f->author_email)) {
		f->author_name = gz_xstrdup(f->title);
		f->author_guessed = true;
	}

	f->updated = pages[0].updated;
	for (size_t i = 0; i < page_count; i++)
		if (pages[i].updated.seconds > f->updated.seconds)
			f->updated = pages[i].updated;
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].updated.seconds > f->updated.seconds)
			f->updated = f->items[i].updated;
}

void
feed_collect(const struct gz_render *r, struct feed *f)
{
	struct collector c = { .r = r, .f = f, .site = r->docs[0]->site };
	*f = (struct feed){0};
	c.site_base = site_base_of(c.site, &c.baseurl);
	c.host = c.site_base ? feed_url_host(c.site_base) : NULL;
	if (!c.host)
		c.host = gz_xstrdup("gazette.invalid");
	if (!c.site_base)
		gz_warn(r->log, r->docs[0]->name, 0, "the site's address is unknown, so the feed's "
		    "links are not absolute; give it with --set url=https://example.org "
		    "(or url: in _config.yml)");

	enum gz_feed_items kind = r->opts->feed_items;
	if (kind == GZ_FEED_ITEMS_AUTO)
		kind = r->count == 1 && has_entries(r->docs[0]) ? GZ_FEED_ITEMS_ENTRIES
								  : GZ_FEED_ITEMS_PAGES;
	/* Items in input order; the sort below puts them newest first.  The
	 * entries of a page share its date, so they keep their order. */
	f->pages = gz_xcalloc(r->count, sizeof *f->pages);
	f->page_count = r->count;
	for (size_t i = 0; i < r->count; i++) {
		page_init(&c, r->docs[i], &f->pages[i]);
		if (kind == GZ_FEED_ITEMS_ENTRIES)
			add_entries(&c, &f->pages[i]);
		else
			add_page(&c, &f->pages[i]);
	}

	assign_ids(f);
	qsort(f->items, f->count, sizeof *f->items, by_date);
	unsigned long limit = r->opts->feed_limit;
	if (limit && f->count > limit) {
		for (size_t i = limit; i < f->count; i++)
			item_free(&f->items[i]);
		f->count = limit;
	}
	feed_metadata(&c, f->pages, f->page_count);
	free(c.site_base);
	free(c.baseurl);
	free(c.host);
}

void
feed_free(struct feed *f)
{
	for (size_t i = 0; i < f->count; i++)
		item_free(&f->items[i]);
	free(f->items);
	for (size_t i = 0; i < f->page_count; i++)
		page_free(&f->pages[i]);
	free(f->pages);
	free(f->title);
	free(f->description);
	free(f->link);
	free(f->self);
	free(f->id);
	free(f->lang);
	free(f->author_name);
	free(f->author_email);
}
