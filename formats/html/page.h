/* page.h: what the whole-tree page (page.c) and the page written as it is
 * parsed (stream.c) share. */
#ifndef GZ_HTML_PAGE_H
#define GZ_HTML_PAGE_H

#include "internal.h"

/* Everything a page shows besides the head's fixed lines. */
struct page {
	const struct gz_render *r;
	const struct gz_doc *doc;
	char *title;                    /* never NULL once dressed */
	const char *page_title;         /* front matter `title`, or NULL */
	const char *description;        /* or NULL */
	const struct gz_node **headings;
	size_t heading_count, heading_cap;
	struct gz_buf body, toc, feeds, byline;
	bool highlight;                 /* a code block will be coloured */
	bool wants_highlight;           /* colouring is not turned off */
	struct gz_image_check images;   /* the page's images, checked on the same walk */
	bool may_have_images;           /* else the walk passes over text */
	struct gz_log *log;
};

/* What a page takes from its document before its body is written. */
void html_page_start(struct page *p, const struct gz_render *r, const struct gz_doc *doc);
/* Its title, feed links and byline: what a whole page adds to its body. */
void html_page_dress(struct page *p);
/* Everything before the body, which opens with a level-1 heading or not. */
void html_page_head(const struct page *p, bool own_title, struct gz_buf *out);
/* What a page holds besides its document. */
void html_page_free(struct page *p);

/* Whether choose_title's answer is final while the body is still being parsed. */
bool html_title_settled(const struct gz_doc *doc);
/* Whether a body opening with `first` has a title of its own. */
bool html_opens_with_h1(const struct gz_node *first);
/* The writer's flags for a page: ids, anchors, coloured code. */
unsigned html_writer_flags(const struct gz_options *opts, bool highlight);
/* A walk handler that skips what it enters. */
enum gz_walk_result html_pass_over(const struct gz_node *n, void *ctx);
/* A buffer's text, "" when it holds none. */
const char *html_buf_text(const struct gz_buf *b);

/* The whole-tree page (page.c), and the page written as it is parsed
 * where the options allow (stream.c). */
bool html_render(const struct gz_render *r, struct gz_buf *out);
bool html_streams(const struct gz_options *opts);
struct gz_doc *html_load_and_render(const struct gz_render *r, const char *path,
    const struct gz_value *site, struct gz_buf *out, bool *rendered);

#endif
