/* items.c: what a feed says, gathered from the documents: the entries of
 * a news page or one item per page, their ids and order, the feed's metadata. */
#include "feed.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct collector {
	const struct gz_render *r;
	struct feed_site site;  /* the first input's */
	struct feed *f;
	size_t capacity;        /* of f->items */
};

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
	char *resolved = gz_url_resolve(base, url);
	struct gz_buf b = {0};
	gz_url_encode(&b, resolved);
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
	gz_html_render(it->body, it->body_end, opts, gz_url_is_absolute(url) ? url : NULL,
	    opts->dialect == GZ_DIALECT_GITHUB ? GZ_HTML_IDS : 0, out);
	/* An entry's own footnotes close it (the page's come last in the tree). */
	if (it->body_end)
		gz_html_render_notes(it->body, it->body_end, opts,
		    gz_url_is_absolute(url) ? url : NULL, out);
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
			p->categories[p->category_count] = gz_plain_text_squeezed(n);
			sections[level] = (const char *const *)&p->categories[p->category_count++];
			for (int l = level + 1; l < 7; l++)
				sections[l] = NULL;
			continue;
		}
		const struct gz_node *end = n->next;
		while (end && end->kind != GZ_NODE_FOOTNOTES
		    && !(end->kind == GZ_NODE_HEADING && end->heading.level <= level))
			end = end->next;

		struct feed_item *it = new_item(c, p);
		it->title = gz_plain_text_squeezed(link);
		/* --safe: an entry whose link is javascript:, vbscript: or data:
		 * links to its page instead (the same rule as every backend). */
		if (c->r->opts->safe && gz_url_is_dangerous(link->link.url, false))
			it->link = gz_xstrdup(p->url);
		else
			it->link = absolute_link(p->url, link->link.url);
		if (!*it->title) {
			free(it->title);
			it->title = gz_xstrdup(it->link);
		}
		struct gz_buf tag = {0};
		gz_buf_printf(&tag, "%s#", p->tag_base);
		gz_url_encode(&tag, n->heading.id);
		it->id = gz_buf_detach(&tag, NULL);
		for (int l = level - 1; l > 0 && !it->categories; l--) {
			it->categories = sections[l];
			it->category_count = sections[l] ? 1 : 0;
		}
		for (const struct gz_node *b = n->next; b != end; b = b->next) {
			if (b->kind == GZ_NODE_BLOCKQUOTE || b->kind == GZ_NODE_PARAGRAPH) {
				it->summary = gz_plain_text_squeezed(b);
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
	const struct gz_node *first_paragraph = NULL;
	for (const struct gz_node *n = doc->root->first; n && !first_paragraph; n = n->next)
		if (n->kind == GZ_NODE_PARAGRAPH)
			first_paragraph = n;
	it->title = gz_xstrdup(doc->meta.title);
	it->link = gz_xstrdup(p->url);
	it->id = gz_xstrdup(p->tag_base);
	const char *description = doc->meta.description;
	it->summary = description ? gz_xstrdup(description)
	    : first_paragraph ? gz_plain_text_squeezed(first_paragraph) : NULL;
	it->body = doc->root->first;
	gz_words_add(gz_value_get(doc->page, "category"), &p->categories, &p->category_count);
	gz_words_add(gz_value_get(doc->page, "categories"), &p->categories, &p->category_count);
	gz_words_add(gz_value_get(doc->page, "tags"), &p->categories, &p->category_count);
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
		if (gz_url_is_absolute(it->link)
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

/* Title, description, links, language, author and date of the feed. */
static void
feed_metadata(struct collector *c, const struct feed_page *pages, size_t page_count)
{
	const struct gz_render *r = c->r;
	struct feed *f = c->f;
	/* One page's feed speaks for that page; a feed of pages (a site's, or
	 * --feed-items pages) for the site, even when it holds one page. */
	const struct gz_doc *doc = r->count == 1 && r->opts->feed_items != GZ_FEED_ITEMS_PAGES
	    ? r->docs[0] : NULL;
	const char *s;

	if (doc && doc->meta.title_given)
		f->title = gz_xstrdup(doc->meta.title);
	else if ((s = gz_value_string(c->site.config, "title")) && *s)
		f->title = gz_xstrdup(s);
	else if ((s = gz_value_string(c->site.config, "name")) && *s)
		f->title = gz_xstrdup(s);
	else
		f->title = gz_xstrdup(doc ? doc->meta.title : "Feed");

	if (doc && doc->meta.description)
		f->description = gz_xstrdup(doc->meta.description);
	else if ((s = gz_value_string(c->site.config, "description")) && *s)
		f->description = gz_xstrdup(s);

	f->link = doc ? gz_xstrdup(pages[0].url)
	    : gz_xasprintf("%s/", c->site.base ? c->site.base : c->site.baseurl);
	if ((s = gz_value_string(c->site.config, "feed_url")) && *s)
		f->self = absolute_link(f->link, s);
	else if (c->site.base && r->output_name)
		f->self = absolute_link(f->link, r->output_name);
	f->id = gz_url_is_absolute(f->link) ? gz_xstrdup(f->link)
	    : gz_xasprintf("tag:%s,%04d:%s", c->site.host, gz_time_civil(pages[0].date).year, f->link);

	if (doc)
		f->lang = doc->lang ? gz_xstrdup(doc->lang) : NULL;
	else if ((s = gz_value_string(c->site.config, "lang")))
		f->lang = gz_lang_tag(s);

	/* The page's author, else the site's (gz_meta falls back to it). */
	struct gz_person site_author = {0};
	const struct gz_person *who = doc && doc->meta.author_count ? &doc->meta.authors[0]
	    : !doc && gz_person_first(gz_value_get(c->site.config, "author"), &site_author)
	    ? &site_author : NULL;
	if (who) {
		f->author_name = gz_xstrdup(who->name);
		f->author_email = who->email ? gz_xstrdup(who->email) : NULL;
	} else {
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
	struct collector c = { .r = r, .f = f };
	*f = (struct feed){0};
	feed_site_init(&c.site, r->docs[0]->site, r->opts->safe);
	if (!c.site.base)
		gz_warn(r->log, feed_blame(r), 0, "the site's address is unknown, so the feed's "
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
		feed_page_init(&f->pages[i], r, &c.site, r->docs[i]);
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
	feed_site_free(&c.site);
}

void
feed_free(struct feed *f)
{
	for (size_t i = 0; i < f->count; i++)
		item_free(&f->items[i]);
	free(f->items);
	for (size_t i = 0; i < f->page_count; i++)
		feed_page_free(&f->pages[i]);
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
