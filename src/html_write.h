/* html_write.h: what the files of the tree-as-HTML writer share (html.c,
 * html_notes.c): its state, and the small appends every handler makes. */
#ifndef GZ_HTML_WRITE_H
#define GZ_HTML_WRITE_H

#include "internal.h"

#include <string.h>

/* gz_buf_append for the short runs escaping writes: inline while the room
 * suffices. */
static inline void
put(struct gz_buf *out, const char *s, size_t len)
{
	if (len < out->cap - out->len) {
		memcpy(out->data + out->len, s, len);
		out->len += len;
		out->data[out->len] = '\0';
	} else {
		gz_buf_append(out, s, len);
	}
}

/* Appends a string literal, its length known at compile time. */
#define PUT_LIT(out, lit) put((out), (lit), sizeof(lit) - 1)

/* Appends open, name, close: the tags written for every node, without printf.
 * Inline, so that the lengths of literals are known when compiling. */
static inline void
put_tag(struct gz_buf *out, const char *open, const char *name, const char *close)
{
	put(out, open, strlen(open));
	put(out, name, strlen(name));
	put(out, close, strlen(close));
}

static inline void
put_escaped_str(struct gz_buf *out, const char *s)
{
	gz_html_escape(out, s, strlen(s));
}

/* Appends the decimal digits of n (a heading level, a list's start). */
static inline void
put_unsigned(struct gz_buf *out, unsigned n)
{
	char digits[12];
	size_t i = sizeof digits;
	do
		digits[--i] = (char)('0' + n % 10);
	while (n /= 10);
	put(out, digits + i, sizeof digits - i);
}

/* The writer's state, one per rendering. */
struct html {
	struct gz_buf *out;
	size_t start;           /* out->len when this rendering began */
	const struct gz_options *opts;
	const char *base_url;   /* relative URLs are resolved against it; NULL: kept */
	bool ids;               /* headings carry their ids */
	bool anchors;           /* and a link to themselves */
	bool highlight;         /* code blocks in a known language coloured */
	unsigned in_image;      /* > 0: inside an image, whose children are its alt text */
	bool some_notes;        /* writing some of the notes: each says its number */
};

/* Starts a new line unless the output is at the start of one. */
static inline void
cr(struct html *h)
{
	if (h->out->len > h->start && h->out->data[h->out->len - 1] != '\n')
		gz_buf_putc(h->out, '\n');
}

/* html.c */
/* Writes url for an href or src, made absolute against h->base_url if set. */
void html_put_url(struct html *h, const char *url);
/* Writes n and its subtree with every kind's handler. */
void html_walk(const struct gz_node *n, struct html *h);

/* html_notes.c: footnotes as cmark-gfm writes them (GitHub's HTML). */
enum gz_walk_result html_enter_footnote_ref(const struct gz_node *n, void *ctx);
enum gz_walk_result html_enter_footnotes(const struct gz_node *n, void *ctx);
void html_leave_footnotes(const struct gz_node *n, void *ctx);
enum gz_walk_result html_enter_footnote(const struct gz_node *n, void *ctx);
void html_leave_footnote(const struct gz_node *n, void *ctx);
/* The links back to each reference of `note`. */
void html_put_backrefs(struct html *h, const struct gz_node *note);

#endif
