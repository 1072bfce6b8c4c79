/* feed.h: what the RSS/Atom backend's files share: dates, items, the feed. */
#ifndef GZ_FEED_H
#define GZ_FEED_H

#include "formats.h"

#include <stdint.h>

/*
 * An instant, and the UTC offset it was written in (kept for display, so
 * `2024-03-05 10:00:00 +0800` is written back as +0800, not converted).
 */
struct feed_time {
	int64_t seconds;        /* since 1970-01-01T00:00:00Z */
	int offset_min;         /* minutes east of UTC */
};

/* feed_time.c */
/* Parses a YAML date: `2024-03-05`, `2024-03-05 10:00[:00[.5]] [+0800|+08:00|+8|Z]`,
 * `2024-03-05T10:00:00Z`.  A date alone is midnight UTC.  Independent of the
 * machine's time zone and locale.  False when `s` is not such a date. */
bool feed_time_parse(const char *s, struct feed_time *t);
/* A Jekyll post name `YYYY-MM-DD-slug`: the date (midnight UTC) and where the
 * slug starts in `stem`.  False for any other name. */
bool feed_time_from_name(const char *stem, struct feed_time *t, const char **slug);
/* RFC 822 with a four-digit year (RSS): `Tue, 05 Mar 2024 10:00:00 +0800`. */
void feed_time_rfc822(struct feed_time t, char out[40]);
/* RFC 3339 (Atom): `2024-03-05T10:00:00+08:00`, `...Z` at offset zero. */
void feed_time_rfc3339(struct feed_time t, char out[40]);
/* The local calendar fields of t. */
struct feed_civil {
	int year, month, day, hour, minute, second, weekday, yday;  /* weekday 0 = Sunday; yday 1-366 */
};
struct feed_civil feed_time_civil(struct feed_time t);

/* feed_page.c: the site, as feeds need it. */
struct feed_site {
	const struct gz_value *config;  /* borrowed */
	char *base;             /* url + baseurl, no trailing '/'; NULL without a url */
	char *baseurl;          /* "" or "/blog" */
	char *host;             /* for tag: URIs; "gazette.invalid" without a url */
};
void feed_site_init(struct feed_site *site, const struct gz_value *config);
void feed_site_free(struct feed_site *site);

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

/* Fills p from the document: its date (front matter, file name,
 * SOURCE_DATE_EPOCH, modification time), URL and tag: base, author.  Warns
 * through r->log about a date that does not parse. */
void feed_page_init(struct feed_page *p, const struct gz_render *r, const struct feed_site *site,
    const struct gz_doc *doc);
void feed_page_free(struct feed_page *p);
/* The plain text of a subtree, white space collapsed and trimmed (a new string). */
char *feed_plain_text(const struct gz_node *n);
/* `v` is a name, a map with name and email, or a list of either (the first
 * counts); false when it is none of them.  *email may be NULL. */
bool feed_author(const struct gz_value *v, char **name, char **email);
/* Appends the words of `v` to *out, skipping repeats: each string of a list,
 * or the space-separated words of a string (as Jekyll reads categories and tags). */
void feed_add_words(const struct gz_value *v, char ***out, size_t *count);

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
	struct feed_time published, updated;
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
	struct feed_time updated;
	struct feed_item *items;
	size_t count;
	struct feed_page *pages;
	size_t page_count;
};

/* feed_items.c: gathers the feed's metadata and items from r->docs (entries of
 * a page or one item per page, as r->opts->feed_items says), newest first, at
 * most opts->feed_limit.  Warns through r->log (no site URL, ...). */
void feed_collect(const struct gz_render *r, struct feed *f);
void feed_free(struct feed *f);
/* Replaces out's bytes with the item's content as HTML, its links absolute
 * when the site URL is known; empty when the item has no body. */
void feed_item_content(const struct feed_item *it, const struct gz_options *opts,
    struct gz_buf *out);

/* feed_url.c */
/* True when `url` starts with a scheme (`https:`, `mailto:`). */
bool feed_url_is_absolute(const char *url);
/* Resolves `ref` against the absolute `base` (RFC 3986, section 5.2); a
 * relative `base` leaves `ref` as it is.  Returns a new string. */
char *feed_url_resolve(const char *base, const char *ref);
/* Appends `s` with spaces, controls, non-ASCII bytes and `"<>\^`{|}`
 * percent-encoded, so an IRI or a sloppy URL becomes a URI; `%` is kept. */
void feed_url_encode(struct gz_buf *out, const char *s);
/* The host of an absolute URL, lower-cased, without user or port; NULL when none. */
char *feed_url_host(const char *url);

#endif /* GZ_FEED_H */
