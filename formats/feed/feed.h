/* feed.h: what the RSS/Atom module's files share: the site, pages, items, the feed. */
#ifndef GZ_FEED_H
#define GZ_FEED_H

#include "formats.h"

#include <stdint.h>

/* page.c: the site, as feeds need it. */
struct feed_site {
	const struct gz_value *config;  /* borrowed */
	char *base;             /* url + baseurl, no trailing '/'; NULL without a url */
	char *baseurl;          /* "" or "/blog" */
	char *host;             /* for tag: URIs; "gazette.invalid" without a url */
};
void feed_site_init(struct feed_site *site, const struct gz_value *config, bool safe);
void feed_site_free(struct feed_site *site);

/* What every item of one page shares. */
struct feed_page {
	const struct gz_doc *doc;
	char *path;             /* on the site, below baseurl: "/posts/x.html" */
	char *url;              /* absolute when the site URL is known */
	char *tag_base;         /* "tag:host,2024:/blog/posts/x.html" */
	struct gz_time date, updated;
	char *author_name, *author_email;
	/* Entries: the names of the page's sections (each entry points at one);
	 * a page item: its categories and tags. */
	char **categories;
	size_t category_count;
};

/* Fills p from the document: its date (front matter, file name,
 * SOURCE_DATE_EPOCH, modification time), URL and tag: base, author.  Warns
 * through r->log about a date that does not parse. */
void feed_page_init(struct feed_page *p, const struct gz_render *r, const struct feed_site *site,
    const struct gz_doc *doc);
void feed_page_free(struct feed_page *p);

/* One <item> or <entry>.  Strings are owned unless marked borrowed, and
 * cleaned when written.  The HTML
 * content is rendered only when written (feed_item_content), one item at a
 * time, so a feed of 10,000 entries never holds 10,000 HTML bodies. */
struct feed_item {
	char *title;
	char *link;             /* absolute when the site URL is known */
	char *id;               /* the guid / id: the link, or a tag: URI */
	bool id_is_link;
	char *summary;          /* plain text, or NULL */
	const struct feed_page *page;
	const struct gz_node *body, *body_end;  /* the content: [body, body_end) */
	const char *const *categories;     /* borrowed from the page */
	size_t category_count;
	const char *author_name, *author_email;    /* the page's; NULL: the feed's */
	const char *lang;       /* the page's (borrowed), or NULL */
	struct gz_time published, updated;
	size_t order;           /* position in input order, for a stable sort */
};

struct feed {
	char *title;
	char *description;      /* NULL: none given */
	char *link;             /* the page or site the feed is about */
	char *self;             /* the feed's own URL, or NULL when unknown */
	char *id;               /* Atom's feed id */
	char *lang;             /* BCP 47, or NULL */
	char *author_name, *author_email;
	bool author_guessed;    /* no author was given: the title stands in */
	struct gz_time updated;
	struct feed_item *items;
	size_t count;
	struct feed_page *pages;
	size_t page_count;
};

/* items.c: gathers the feed's metadata and items from r->docs (entries of
 * a page or one item per page, as r->opts->feed_items says), newest first, at
 * most opts->feed_limit.  Warns through r->log (no site URL, ...). */
void feed_collect(const struct gz_render *r, struct feed *f);
void feed_free(struct feed *f);
/* Replaces out's bytes with the item's content as HTML, its links absolute
 * when the site URL is known; empty when the item has no body. */
void feed_item_content(const struct feed_item *it, const struct gz_options *opts,
    struct gz_buf *out);

/* Where a problem of the whole feed is reported: the page when the feed is
 * one page's, else the feed's output (naming the first input would blame it
 * for what the site lacks). */
static inline const char *
feed_blame(const struct gz_render *r)
{
	return r->count == 1 ? r->docs[0]->name : r->output_name;
}

#endif /* GZ_FEED_H */
