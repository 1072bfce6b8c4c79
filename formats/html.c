/* html.c: `-t html`, a standalone HTML5 page or its body, and the fragments feeds embed. */
#include "formats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Escaping.  The tree holds decoded UTF-8; everything written here that did
 * not come from raw HTML goes through one of these.
 */

/* Appends s[0..len) escaped for HTML text and double-quoted attribute values.
 * Control characters HTML forbids (C0 other than tab, newline, form feed and
 * carriage return; DEL; C1) become U+FFFD. */
static void
put_escaped(struct gz_buf *out, const char *s, size_t len)
{
	/* Bytes that need a look: markup characters, controls, and 0xC2 (the
	 * lead byte of the C1 controls U+0080..U+009F).  Text is mostly free of
	 * them, so runs between them are copied whole. */
	static const bool special[256] = {
		[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
		[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0E] = 1, [0x0F] = 1,
		[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
		[0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
		[0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 1,
		['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	};
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;
	for (;;) {
		while (i < len && !special[u[i]])
			i++;
		if (i == len)
			break;
		const char *rep;
		size_t skip = 1;
		switch (u[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case 0xC2:
			if (i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
				rep = "\xEF\xBF\xBD";
				skip = 2;
				break;
			}
			i++;
			continue;
		default:
			rep = "\xEF\xBF\xBD";
			break;
		}
		gz_buf_append(out, s + run, i - run);
		gz_buf_puts(out, rep);
		i += skip;
		run = i;
	}
	gz_buf_append(out, s + run, len - run);
}

/* Appends open, name, close: the tags written for every node, without printf. */
static void
put_tag(struct gz_buf *out, const char *open, const char *name, const char *close)
{
	gz_buf_puts(out, open);
	gz_buf_puts(out, name);
	gz_buf_puts(out, close);
}

static void
put_escaped_str(struct gz_buf *out, const char *s)
{
	put_escaped(out, s, strlen(s));
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Appends a URL for an href or src attribute as md4c-html does: bytes outside
 * the URL-safe set percent-encoded (so non-ASCII becomes %XX), `&` as &amp;. */
static void
put_url_escaped(struct gz_buf *out, const char *s, size_t len)
{
	static const char safe[] = "~-_.+!*(),%#@?=;:/$";
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_alnum((char)c) || (c && strchr(safe, c))) {
			gz_buf_putc(out, (char)c);
		} else if (c == '&') {
			gz_buf_puts(out, "&amp;");
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 0xF] };
			gz_buf_append(out, esc, sizeof esc);
		}
	}
}

/*
 * URLs: --safe and resolution against a base (RFC 3986, section 5.2).
 */

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether --safe drops a link (or, with `image`, an image) to `url`:
 * javascript:, vbscript: and data: except raster images for an image.  The
 * scheme is compared case-insensitively after leading blanks and control
 * characters, ignoring the tabs and newlines inside it that browsers strip. */
bool
gz_url_is_dangerous(const char *url, bool image)
{
	static const char *const images[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
	char scheme[12];
	size_t n = 0;
	const char *p = url;

	while (*p && (unsigned char)*p <= ' ')
		p++;
	for (; *p && *p != ':'; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (n == sizeof scheme - 1)
			return false;
		scheme[n++] = ascii_lower(*p);
	}
	if (*p != ':')
		return false;
	scheme[n] = '\0';
	p++;
	if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0)
		return true;
	if (strcmp(scheme, "data") != 0)
		return false;
	for (size_t i = 0; image && i < GZ_ARRAY_LEN(images); i++) {
		size_t len = strlen(images[i]), k = 0;
		while (k < len && ascii_lower(p[k]) == images[i][k])
			k++;
		if (k == len && (p[k] == ';' || p[k] == ','))
			return false;
	}
	return true;
}

/* A part of a URI reference; `s` is NULL when the part is absent. */
struct span {
	const char *s;
	size_t len;
};

struct uri {
	struct span scheme, authority, path, query, fragment;
};

static void
uri_split(const char *s, struct uri *u)
{
	*u = (struct uri){0};
	const char *p = s;
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
		const char *q = p + 1;
		while (is_alnum(*q) || *q == '+' || *q == '-' || *q == '.')
			q++;
		if (*q == ':') {
			u->scheme = (struct span){ p, (size_t)(q - p) };
			p = q + 1;
		}
	}
	if (p[0] == '/' && p[1] == '/') {
		size_t n = strcspn(p + 2, "/?#");
		u->authority = (struct span){ p + 2, n };
		p += 2 + n;
	}
	size_t n = strcspn(p, "?#");
	u->path = (struct span){ p, n };
	p += n;
	if (*p == '?') {
		n = strcspn(p + 1, "#");
		u->query = (struct span){ p + 1, n };
		p += 1 + n;
	}
	if (*p == '#')
		u->fragment = (struct span){ p + 1, strlen(p + 1) };
}

/* Appends `path` with its `.` and `..` segments removed (RFC 3986, 5.2.4).
 * Each kept segment is written followed by a slash; the last slash is taken
 * back unless the path ends in a slash, `.` or `..`. */
static void
put_path_without_dots(struct gz_buf *out, const char *path, size_t len)
{
	bool absolute = len > 0 && path[0] == '/';
	if (absolute)
		gz_buf_putc(out, '/');
	size_t base = out->len;
	bool ends_in_segment = false;
	for (size_t i = absolute ? 1 : 0; i <= len;) {
		size_t j = i;
		while (j < len && path[j] != '/')
			j++;
		size_t seg = j - i;
		ends_in_segment = false;
		if (seg == 1 && path[i] == '.') {
			/* nothing */
		} else if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (out->len > base) {
				out->len--;     /* the slash after the last segment */
				while (out->len > base && out->data[out->len - 1] != '/')
					out->len--;
			}
		} else {
			gz_buf_append(out, path + i, seg);
			gz_buf_putc(out, '/');
			ends_in_segment = true;
		}
		i = j + 1;
	}
	if (ends_in_segment)
		out->len--;
	if (out->data)
		out->data[out->len] = '\0';
}

static void
put_span(struct gz_buf *out, const char *before, struct span sp)
{
	if (sp.s) {
		gz_buf_puts(out, before);
		gz_buf_append(out, sp.s, sp.len);
	}
}

/* Appends `ref` resolved against the absolute URL `base` (RFC 3986, 5.2.2).
 * A reference with a scheme is copied unchanged. */
static void
put_resolved(struct gz_buf *out, const char *base, const char *ref)
{
	struct uri b, r;
	uri_split(base, &b);
	uri_split(ref, &r);
	if (r.scheme.s) {
		gz_buf_puts(out, ref);
		return;
	}
	put_span(out, "", b.scheme);
	if (b.scheme.s)
		gz_buf_putc(out, ':');
	struct span query = r.query;
	if (r.authority.s) {
		put_span(out, "//", r.authority);
		put_path_without_dots(out, r.path.s, r.path.len);
	} else {
		put_span(out, "//", b.authority);
		if (r.path.len == 0) {
			gz_buf_append(out, b.path.s, b.path.len);
			if (!query.s)
				query = b.query;
		} else if (r.path.s[0] == '/') {
			put_path_without_dots(out, r.path.s, r.path.len);
		} else {
			/* Merge: the base path up to its last slash, then the reference. */
			struct gz_buf merged = {0};
			size_t keep = b.path.len;
			while (keep > 0 && b.path.s[keep - 1] != '/')
				keep--;
			if (keep > 0)
				gz_buf_append(&merged, b.path.s, keep);
			else if (b.authority.s)
				gz_buf_putc(&merged, '/');
			gz_buf_append(&merged, r.path.s, r.path.len);
			put_path_without_dots(out, merged.data, merged.len);
			gz_buf_free(&merged);
		}
	}
	put_span(out, "?", query);
	put_span(out, "#", r.fragment);
}

/*
 * The renderer: one handler pair per node kind, driven by the shared walker.
 */
struct html {
	struct gz_buf *out;
	size_t start;           /* out->len when this rendering began */
	const struct gz_options *opts;
	const char *base_url;   /* relative URLs are resolved against it; NULL: kept */
	bool ids;               /* headings carry their ids */
	bool anchors;           /* and a link to themselves */
	unsigned in_image;      /* > 0: inside an image, whose children are its alt text */
};

/* Starts a new line unless the output is at the start of one. */
static void
cr(struct html *h)
{
	if (h->out->len > h->start && h->out->data[h->out->len - 1] != '\n')
		gz_buf_putc(h->out, '\n');
}

static void
put_url(struct html *h, const char *url)
{
	if (!h->base_url) {
		put_url_escaped(h->out, url, strlen(url));
		return;
	}
	struct gz_buf abs = {0};
	put_resolved(&abs, h->base_url, url);
	put_url_escaped(h->out, abs.data ? abs.data : "", abs.len);
	gz_buf_free(&abs);
}

static bool
in_tight_list(const struct gz_node *n)
{
	const struct gz_node *item = n->parent;
	return item && item->kind == GZ_NODE_ITEM && item->parent && item->parent->list.tight;
}

static void
put_checkbox(struct html *h, enum gz_task task)
{
	gz_buf_puts(h->out, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled");
	gz_buf_puts(h->out, task == GZ_TASK_DONE ? " checked />" : " />");
}

static enum gz_walk_result
enter_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	gz_buf_printf(h->out, "<h%d", n->heading.level);
	if (h->ids && n->heading.id) {
		gz_buf_puts(h->out, " id=\"");
		put_escaped_str(h->out, n->heading.id);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_putc(h->out, '>');
	if (h->ids && h->anchors && n->heading.id) {
		gz_buf_puts(h->out, "<a class=\"anchor\" href=\"#");
		put_url_escaped(h->out, n->heading.id, strlen(n->heading.id));
		gz_buf_puts(h->out, "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
	}
	return GZ_WALK_NEXT;
}

static void
leave_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	gz_buf_printf(h->out, "</h%d>\n", n->heading.level);
}

static enum gz_walk_result
enter_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (in_tight_list(n))
		return GZ_WALK_NEXT;
	cr(h);
	gz_buf_puts(h->out, "<p>");
	/* A loose task item's checkbox goes inside its first paragraph. */
	const struct gz_node *item = n->parent;
	if (item && item->kind == GZ_NODE_ITEM && item->first == n && item->item.task)
		put_checkbox(h, item->item.task);
	return GZ_WALK_NEXT;
}

static void
leave_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!in_tight_list(n))
		gz_buf_puts(h->out, "</p>\n");
}

static enum gz_walk_result
enter_blockquote(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	gz_buf_puts(h->out, "<blockquote>\n");
	return GZ_WALK_NEXT;
}

static void
leave_blockquote(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	gz_buf_puts(h->out, "</blockquote>\n");
}

static enum gz_walk_result
enter_list(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	if (!n->list.ordered)
		gz_buf_puts(h->out, "<ul>\n");
	else if (n->list.start == 1)
		gz_buf_puts(h->out, "<ol>\n");
	else
		gz_buf_printf(h->out, "<ol start=\"%u\">\n", n->list.start);
	return GZ_WALK_NEXT;
}

static void
leave_list(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	gz_buf_puts(h->out, n->list.ordered ? "</ol>\n" : "</ul>\n");
}

static enum gz_walk_result
enter_item(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	if (n->item.task == GZ_TASK_NONE) {
		gz_buf_puts(h->out, "<li>");
		return GZ_WALK_NEXT;
	}
	gz_buf_puts(h->out, "<li class=\"task-list-item\">");
	if (!n->first || n->first->kind != GZ_NODE_PARAGRAPH || in_tight_list(n->first))
		put_checkbox(h, n->item.task);
	return GZ_WALK_NEXT;
}

static void
leave_item(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	gz_buf_puts(h->out, "</li>\n");
}

static enum gz_walk_result
enter_code_block(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	const char *lang = n->code.lang;
	cr(h);
	gz_buf_puts(h->out, "<pre><code");
	if (lang && *lang) {
		gz_buf_puts(h->out, strncmp(lang, "language-", 9) == 0 ? " class=\"" : " class=\"language-");
		put_escaped_str(h->out, lang);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_putc(h->out, '>');
	put_escaped(h->out, n->text, n->len);
	gz_buf_puts(h->out, "</code></pre>\n");
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_html_block(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->opts->safe)
		return GZ_WALK_SKIP;
	cr(h);
	gz_buf_append(h->out, n->text, n->len);
	cr(h);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_thematic_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	gz_buf_puts(h->out, "<hr />\n");
	return GZ_WALK_SKIP;
}

/* Tables, their sections and rows: an opening and a closing tag each. */
static const char *const block_tags[GZ_NODE_KIND_COUNT] = {
	[GZ_NODE_TABLE] = "table",
	[GZ_NODE_TABLE_HEAD] = "thead",
	[GZ_NODE_TABLE_BODY] = "tbody",
	[GZ_NODE_TABLE_ROW] = "tr",
};

static enum gz_walk_result
enter_block_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "<", block_tags[n->kind], ">\n");
	return GZ_WALK_NEXT;
}

static void
leave_block_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "</", block_tags[n->kind], ">\n");
}

static enum gz_walk_result
enter_cell(const struct gz_node *n, void *ctx)
{
	static const char *const aligns[] = {
		[GZ_ALIGN_NONE] = "",
		[GZ_ALIGN_LEFT] = " style=\"text-align: left\"",
		[GZ_ALIGN_CENTER] = " style=\"text-align: center\"",
		[GZ_ALIGN_RIGHT] = " style=\"text-align: right\"",
	};
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "<", n->cell.header ? "th" : "td", aligns[n->cell.align]);
	gz_buf_putc(h->out, '>');
	return GZ_WALK_NEXT;
}

static void
leave_cell(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	put_tag(h->out, "</", n->cell.header ? "th" : "td", ">\n");
}

static enum gz_walk_result
enter_text(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	put_escaped(h->out, n->text, n->len);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_soft_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	gz_buf_putc(h->out, h->in_image ? ' ' : '\n');
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_hard_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	gz_buf_puts(h->out, h->in_image ? " " : "<br />\n");
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_html_inline(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image)
		put_escaped(h->out, n->text, n->len);   /* alt text is text */
	else if (!h->opts->safe)
		gz_buf_append(h->out, n->text, n->len);
	return GZ_WALK_SKIP;
}

/* Emphasis, strong emphasis and strikethrough: plain tags, left out of alt text. */
static const char *const inline_tags[GZ_NODE_KIND_COUNT] = {
	[GZ_NODE_EMPHASIS] = "em",
	[GZ_NODE_STRONG] = "strong",
	[GZ_NODE_STRIKETHROUGH] = "del",
};

static enum gz_walk_result
enter_inline_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image)
		put_tag(h->out, "<", inline_tags[n->kind], ">");
	return GZ_WALK_NEXT;
}

static void
leave_inline_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image)
		put_tag(h->out, "</", inline_tags[n->kind], ">");
}

static enum gz_walk_result
enter_code(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image)
		gz_buf_puts(h->out, "<code>");
	put_escaped(h->out, n->text, n->len);
	if (!h->in_image)
		gz_buf_puts(h->out, "</code>");
	return GZ_WALK_SKIP;
}

/* Whether a link is written as <a>: not inside alt text, not dropped by --safe. */
static bool
link_is_written(const struct html *h, const struct gz_node *n)
{
	return !h->in_image && !(h->opts->safe && gz_url_is_dangerous(n->link.url, false));
}

static enum gz_walk_result
enter_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!link_is_written(h, n))
		return GZ_WALK_NEXT;    /* its text stays */
	gz_buf_puts(h->out, "<a href=\"");
	put_url(h, n->link.url);
	if (n->link.title) {
		gz_buf_puts(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	gz_buf_puts(h->out, "\">");
	return GZ_WALK_NEXT;
}

static void
leave_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (link_is_written(h, n))
		gz_buf_puts(h->out, "</a>");
}

/* An image opens <img src alt="; its children write the alt text (only text,
 * nested images included), and leaving it closes the tag.  An image --safe
 * drops is skipped whole, so leave sees in_image at 0. */
static enum gz_walk_result
enter_image(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image) {
		h->in_image++;
		return GZ_WALK_NEXT;
	}
	if (h->opts->safe && gz_url_is_dangerous(n->link.url, true))
		return GZ_WALK_SKIP;
	gz_buf_puts(h->out, "<img src=\"");
	put_url(h, n->link.url);
	gz_buf_puts(h->out, "\" alt=\"");
	h->in_image = 1;
	return GZ_WALK_NEXT;
}

static void
leave_image(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image == 0 || --h->in_image > 0)
		return;
	if (n->link.title) {
		gz_buf_puts(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	gz_buf_puts(h->out, "\" />");
}

static const struct gz_handler handlers[] = {
	[GZ_NODE_DOCUMENT] = { NULL, NULL },
	[GZ_NODE_HEADING] = { enter_heading, leave_heading },
	[GZ_NODE_PARAGRAPH] = { enter_paragraph, leave_paragraph },
	[GZ_NODE_BLOCKQUOTE] = { enter_blockquote, leave_blockquote },
	[GZ_NODE_LIST] = { enter_list, leave_list },
	[GZ_NODE_ITEM] = { enter_item, leave_item },
	[GZ_NODE_CODE_BLOCK] = { enter_code_block, NULL },
	[GZ_NODE_HTML_BLOCK] = { enter_html_block, NULL },
	[GZ_NODE_THEMATIC_BREAK] = { enter_thematic_break, NULL },
	[GZ_NODE_TABLE] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_HEAD] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_BODY] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_ROW] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_CELL] = { enter_cell, leave_cell },
	[GZ_NODE_TEXT] = { enter_text, NULL },
	[GZ_NODE_SOFT_BREAK] = { enter_soft_break, NULL },
	[GZ_NODE_HARD_BREAK] = { enter_hard_break, NULL },
	[GZ_NODE_HTML_INLINE] = { enter_html_inline, NULL },
	[GZ_NODE_EMPHASIS] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_STRONG] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_STRIKETHROUGH] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_CODE] = { enter_code, NULL },
	[GZ_NODE_LINK] = { enter_link, leave_link },
	[GZ_NODE_IMAGE] = { enter_image, leave_image },
};
_Static_assert(GZ_ARRAY_LEN(handlers) == GZ_NODE_KIND_COUNT,
    "the HTML backend needs a handler entry for every node kind");

/* Renders the siblings [first, end) into h->out, letting the buffer stream
 * between them.  After a flush the buffer holds only its last byte, all of
 * this rendering's: cr() may look at it. */
static void
render_nodes(struct html *h, const struct gz_node *first, const struct gz_node *end)
{
	for (const struct gz_node *n = first; n && n != end; n = n->next) {
		gz_walk(n, handlers, h);
		size_t before = h->out->len;
		gz_buf_flush(h->out);
		if (h->out->len < before)
			h->start = 0;
	}
}

/* See formats.h.  Headings keep their ids (GitHub dialect) but get no self
 * link: a feed reader shows the page without its stylesheet. */
void
gz_html_fragment(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, struct gz_buf *out)
{
	struct html h = {
		.out = out,
		.start = out->len,
		.opts = opts,
		.base_url = base_url && *base_url ? base_url : NULL,
		.ids = opts->dialect == GZ_DIALECT_GITHUB,
	};
	render_nodes(&h, first, end);
}

/*
 * The standalone page: head, built-in stylesheet, table of contents, or a
 * template that replaces all of it.
 */

/* Latin first, then the CJK faces of the page's language, so that Latin text
 * keeps Latin shapes and Han characters take the right regional forms. */
static const char stylesheet[] =
    ":root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;"
    "--soft:#f6f8fa;--link:#0969da}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;"
    "--line:#3d444d;--soft:#151b23;--link:#4493f8}}\n"
    "*,::before,::after{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%;line-height:1.65;font-family:system-ui,"
    "-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,\"Noto Sans\",sans-serif}\n"
    "[lang]:lang(zh){font-family:-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\","
    "\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
    "[lang]:lang(zh-TW),[lang]:lang(zh-Hant){font-family:-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"Noto Sans CJK TC\",\"Source Han Sans TC\",\"PingFang TC\","
    "\"Microsoft JhengHei\",sans-serif}\n"
    "[lang]:lang(zh-HK){font-family:-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\","
    "Arial,\"Noto Sans CJK HK\",\"Source Han Sans HC\",\"PingFang HK\",\"Microsoft JhengHei\","
    "sans-serif}\n"
    "[lang]:lang(ja){font-family:-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "\"Noto Sans CJK JP\",\"Source Han Sans\",\"Hiragino Sans\",\"Hiragino Kaku Gothic ProN\","
    "\"Yu Gothic\",Meiryo,sans-serif}\n"
    "[lang]:lang(ko){font-family:-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "\"Noto Sans CJK KR\",\"Source Han Sans K\",\"Apple SD Gothic Neo\",\"Malgun Gothic\","
    "sans-serif}\n"
    "body{margin:0;padding:2rem 1.25rem 4rem;color:var(--fg);background:var(--bg);"
    "overflow-wrap:break-word}\n"
    "[lang]:lang(zh),[lang]:lang(ja),[lang]:lang(ko){line-height:1.75}\n"
    "main{max-width:46rem;margin:0 auto}\n"
    "p:lang(zh),p:lang(ja){text-align:justify}\n"
    "em:lang(zh){font-style:normal;-webkit-text-emphasis:filled dot;text-emphasis:filled dot;"
    "-webkit-text-emphasis-position:under;text-emphasis-position:under right}\n"
    "em:lang(ja){font-style:normal;-webkit-text-emphasis:filled sesame;"
    "text-emphasis:filled sesame}\n"
    "h1,h2,h3,h4,h5,h6{position:relative;margin:1.75em 0 .75em;font-weight:600;"
    "line-height:1.35}\n"
    "h1{font-size:2em;margin-top:.5em}h2{font-size:1.5em;padding-bottom:.3em;"
    "border-bottom:1px solid var(--line)}h3{font-size:1.25em}h4{font-size:1em}"
    "h5{font-size:.9em}h6{font-size:.85em;color:var(--muted)}\n"
    ".anchor{position:absolute;margin-left:-1em;width:1em;color:var(--muted);"
    "text-decoration:none;opacity:0}\n"
    ":hover>.anchor{opacity:1}\n"
    ":is(h1,h2,h3,h4,h5,h6) a:not(:hover){text-decoration:none}\n"
    "p,ul,ol,blockquote,pre,table{margin:0 0 1em}\n"
    "ul,ol{padding-left:2em}li+li,li>ul,li>ol{margin-top:.25em}li>ul,li>ol{margin-bottom:0}\n"
    ".task-list-item{list-style:none}\n"
    ".task-list-item-checkbox{margin:0 .4em .15em -1.4em;vertical-align:middle}\n"
    "a{color:var(--link);text-underline-offset:.15em}\n"
    "blockquote{margin-left:0;margin-right:0;padding:.25em 1em;color:var(--muted);"
    "border-left:.25em solid var(--line)}\n"
    "blockquote>:last-child{margin-bottom:0}\n"
    "code,kbd,pre,samp{font-family:ui-monospace,SFMono-Regular,\"SF Mono\",Menlo,Consolas,"
    "\"Liberation Mono\",\"Noto Sans Mono CJK SC\",monospace;font-size:.875em}\n"
    "code{padding:.15em .35em;background:var(--soft);border-radius:4px}\n"
    "pre{padding:1em;overflow:auto;line-height:1.45;background:var(--soft);border-radius:6px}\n"
    "pre code{padding:0;background:none;font-size:1em}\n"
    "hr{height:0;margin:2em 0;border:0;border-top:1px solid var(--line)}\n"
    "img{max-width:100%;height:auto}\n"
    "table{display:block;width:max-content;max-width:100%;overflow:auto;border-collapse:collapse}\n"
    "th,td{padding:.4em .8em;border:1px solid var(--line)}\n"
    "th{font-weight:600;background:var(--soft)}\n"
    ".toc{margin:0 0 2em;padding:.75em 1.25em;border:1px solid var(--line);border-radius:6px}\n"
    ".toc-title{margin:0 0 .25em;font-weight:600}\n"
    ".toc ul{margin:0;padding-left:1.25em;list-style:none}.toc>ul{padding-left:0}\n"
    ".toc li{margin:.15em 0}.toc a{text-decoration:none}\n";

/* Everything a page shows besides the head's fixed lines. */
struct page {
	const struct gz_render *r;
	const struct gz_doc *doc;
	char *title;                    /* never NULL */
	const char *page_title;         /* front matter `title`, or NULL */
	const char *description;        /* or NULL */
	const struct gz_node **headings;
	size_t heading_count, heading_cap;
	struct gz_buf body, toc, feeds;
};

static enum gz_walk_result
collect_heading(const struct gz_node *n, void *ctx)
{
	struct page *p = ctx;
	if (p->heading_count == p->heading_cap) {
		/* Doubled: one more each time is quadratic where realloc copies
		 * (AddressSanitizer's always does; 100,000 headings took minutes). */
		p->heading_cap = p->heading_cap ? 2 * p->heading_cap : 64;
		p->headings = gz_xrealloc(p->headings, p->heading_cap * sizeof *p->headings);
	}
	p->headings[p->heading_count++] = n;
	return GZ_WALK_SKIP;
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* The page title: front matter, else site, else the first heading, else the
 * file's stem. */
static char *
choose_title(const struct page *p)
{
	const char *t = nonempty(p->page_title);
	if (!t && p->doc->site)
		t = nonempty(gz_value_string(p->doc->site, "title"));
	if (t)
		return gz_xstrdup(t);
	for (size_t i = 0; i < p->heading_count; i++) {
		char *plain = gz_node_plain_text(p->headings[i]);
		if (*plain)
			return plain;
		free(plain);
	}
	return gz_xstrdup(p->doc->stem);
}

/* A nested list of links to the headings of levels 1 to 3, less a lone level-1
 * heading (the page's title).  `levels` holds the heading level of each open
 * list, innermost last; levels only grow inward, so six suffice. */
static void
put_toc(struct page *p)
{
	struct gz_buf *out = &p->toc;
	size_t h1 = 0;
	for (size_t i = 0; i < p->heading_count; i++)
		h1 += p->headings[i]->heading.level == 1;
	int levels[6];
	size_t depth = 0;
	for (size_t i = 0; i < p->heading_count; i++) {
		const struct gz_node *n = p->headings[i];
		int level = n->heading.level;
		if (level > 3 || (level == 1 && h1 == 1) || !n->heading.id)
			continue;
		if (depth == 0) {
			gz_buf_printf(out, "<nav class=\"toc\">\n<p class=\"toc-title\">%s</p>\n<ul>\n",
			    gz_toc_label(p->doc->lang));
			levels[depth++] = level;
		} else if (level > levels[depth - 1]) {
			gz_buf_puts(out, "\n<ul>\n");
			levels[depth++] = level;
		} else {
			gz_buf_puts(out, "</li>\n");
			while (depth > 1 && level <= levels[depth - 2]) {
				gz_buf_puts(out, "</ul>\n</li>\n");
				depth--;
			}
			levels[depth - 1] = level;
		}
		char *plain = gz_node_plain_text(n);
		gz_buf_puts(out, "<li><a href=\"#");
		put_url_escaped(out, n->heading.id, strlen(n->heading.id));
		gz_buf_puts(out, "\">");
		put_escaped_str(out, plain);
		gz_buf_puts(out, "</a>");
		free(plain);
	}
	if (depth == 0)
		return;
	while (depth-- > 0)
		gz_buf_puts(out, "</li>\n</ul>\n");
	gz_buf_puts(out, "</nav>\n");
}

/* Feed autodiscovery: the feeds this run writes (relative, beside the page),
 * or both feeds under the site's URL when it is known. */
static void
put_feed_links(struct page *p)
{
	const struct gz_value *site = p->doc->site;
	const char *url = site ? nonempty(gz_value_string(site, "url")) : NULL;
	const char *baseurl = site ? gz_value_string(site, "baseurl") : NULL;
	const char *site_title = site ? nonempty(gz_value_string(site, "title")) : NULL;
	bool rss = p->r->run_has_rss, atom = p->r->run_has_atom;
	if (!rss && !atom && url)
		rss = atom = true;

	const struct { bool on; const char *type; const struct gz_format *f; } feeds[] = {
		{ rss, "application/rss+xml", &gz_format_rss },
		{ atom, "application/atom+xml", &gz_format_atom },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(feeds); i++) {
		if (!feeds[i].on)
			continue;
		struct gz_buf href = {0};
		if (url) {
			size_t n = strlen(url);
			while (n > 0 && url[n - 1] == '/')
				n--;
			gz_buf_append(&href, url, n);
			const char *b = baseurl ? baseurl : "";
			while (*b == '/')
				b++;
			n = strlen(b);
			while (n > 0 && b[n - 1] == '/')
				n--;
			if (n) {
				gz_buf_putc(&href, '/');
				gz_buf_append(&href, b, n);
			}
			gz_buf_putc(&href, '/');
		} else if (p->r->output_name) {
			/* The feeds sit at the top of the output folder; this page may
			 * be in a subfolder of it. */
			for (const char *s = p->r->output_name; (s = strchr(s, '/')) != NULL; s++)
				gz_buf_puts(&href, "../");
		}
		gz_buf_puts(&href, feeds[i].f->collection_name);
		gz_buf_printf(&p->feeds, "<link rel=\"alternate\" type=\"%s\"", feeds[i].type);
		if (site_title) {
			gz_buf_puts(&p->feeds, " title=\"");
			put_escaped_str(&p->feeds, site_title);
			gz_buf_putc(&p->feeds, '"');
		}
		gz_buf_puts(&p->feeds, " href=\"");
		put_url_escaped(&p->feeds, href.data, href.len);
		gz_buf_puts(&p->feeds, "\">\n");
		gz_buf_free(&href);
	}
}

static const char *
buf_text(const struct gz_buf *b)
{
	return b->data ? b->data : "";
}

/* Everything before the body. */
static void
write_page_head(const struct page *p, struct gz_buf *out)
{
	gz_buf_puts(out, "<!DOCTYPE html>\n<html");
	if (p->doc->lang) {
		gz_buf_puts(out, " lang=\"");
		put_escaped_str(out, p->doc->lang);
		gz_buf_putc(out, '"');
	}
	gz_buf_puts(out, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_escaped_str(out, p->title);
	gz_buf_puts(out, "</title>\n");
	if (p->description) {
		gz_buf_puts(out, "<meta name=\"description\" content=\"");
		put_escaped_str(out, p->description);
		gz_buf_puts(out, "\">\n");
	}
	gz_buf_puts(out, "<meta name=\"generator\" content=\"gazette " GZ_VERSION "\">\n");
	gz_buf_puts(out, buf_text(&p->feeds));
	gz_buf_printf(out, "<style>\n%s</style>\n</head>\n<body>\n<main>\n", stylesheet);
	/* A front-matter title the body does not open with is shown as its heading. */
	const struct gz_node *first = p->doc->root->first;
	if (p->page_title && *p->page_title
	    && !(first && first->kind == GZ_NODE_HEADING && first->heading.level == 1)) {
		gz_buf_puts(out, "<h1 class=\"page-title\">");
		put_escaped_str(out, p->page_title);
		gz_buf_puts(out, "</h1>\n");
	}
	gz_buf_puts(out, buf_text(&p->toc));
}


/* The value of a template variable, or NULL when it is not defined.  *raw
 * tells that the value is HTML already (content, toc, feeds, style). */
static const char *
template_value(const struct page *p, const char *name, bool *raw)
{
	static const char generator[] = "gazette " GZ_VERSION;
	*raw = false;
	if (strncmp(name, "page.", 5) == 0)
		return gz_value_string(p->doc->page, name + 5);
	if (strncmp(name, "site.", 5) == 0)
		return p->doc->site ? gz_value_string(p->doc->site, name + 5) : NULL;
	if (strcmp(name, "title") == 0)
		return p->title;
	if (strcmp(name, "description") == 0)
		return p->description ? p->description : "";
	if (strcmp(name, "lang") == 0)
		return p->doc->lang ? p->doc->lang : "";
	if (strcmp(name, "generator") == 0)
		return generator;
	*raw = true;
	if (strcmp(name, "content") == 0)
		return buf_text(&p->body);
	if (strcmp(name, "toc") == 0)
		return buf_text(&p->toc);
	if (strcmp(name, "feeds") == 0)
		return buf_text(&p->feeds);
	if (strcmp(name, "style") == 0)
		return stylesheet;
	return NULL;
}

static unsigned
line_at(const char *text, const char *p)
{
	unsigned line = 1;
	for (const char *s = text; s < p; s++)
		line += *s == '\n';
	return line;
}

/* Expands `{{ name }}` in the template at `path` into `out`; filters after
 * `|` are ignored (values are escaped anyway), `{% tags %}` are not run.  An
 * undefined variable is empty, with a warning.  Returns false after reporting. */
static bool
expand_template(const struct page *p, const char *path, struct gz_log *log, struct gz_buf *out)
{
	size_t len;
	char *tpl = gz_read_file(path, &len);
	if (!tpl) {
		gz_error(log, path, 0, "cannot read the template: %s", strerror(errno));
		return false;
	}
	const char *tag = strstr(tpl, "{%");
	if (tag)
		gz_warn(log, path, line_at(tpl, tag), "template tags ({%% ... %%}) are not supported; "
		    "they are copied as they are");
	const char *s = tpl, *end = tpl + len;
	for (;;) {
		const char *open = strstr(s, "{{");
		const char *close = open ? strstr(open + 2, "}}") : NULL;
		if (!close) {
			gz_buf_append(out, s, (size_t)(end - s));
			break;
		}
		gz_buf_append(out, s, (size_t)(open - s));
		/* The name: trimmed of blanks and Liquid's `-` markers, up to any `|`. */
		const char *a = open + 2;
		size_t n = (size_t)(close - a);
		while (n > 0 && (*a == ' ' || *a == '\t' || *a == '-'))
			a++, n--;
		const char *bar = memchr(a, '|', n);
		if (bar)
			n = (size_t)(bar - a);
		while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '-'))
			n--;
		char *name = gz_xstrndup(a, n);
		bool raw;
		const char *value = template_value(p, name, &raw);
		if (!value)
			gz_warn(log, path, line_at(tpl, open), "'%s' is not defined; it is left empty",
			    name);
		else if (raw)
			gz_buf_puts(out, value);
		else
			put_escaped_str(out, value);
		free(name);
		s = close + 2;
	}
	free(tpl);
	return true;
}

/* The backend: the page (or with --fragment its body, after the table of
 * contents when --toc asks for one), through the template when one is given.
 * {{ toc }} is empty without --toc.  Returns false after reporting. */
static bool
render_html(const struct gz_render *r, struct gz_buf *out)
{
	const struct gz_options *opts = r->opts;
	const struct gz_doc *doc = r->docs[0];
	struct page p = {
		.r = r,
		.doc = doc,
		.page_title = gz_value_string(doc->page, "title"),
		.description = nonempty(gz_value_string(doc->page, "description")),
	};
	if (!p.description && doc->site)
		p.description = nonempty(gz_value_string(doc->site, "description"));

	static const struct gz_handler find_headings[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_HEADING] = { .enter = collect_heading },
	};
	gz_walk(doc->root, find_headings, &p);
	if (opts->toc)
		put_toc(&p);
	if (!opts->fragment) {
		p.title = choose_title(&p);
		put_feed_links(&p);
	}

	/* Without a template the body goes straight to the output (streamed by
	 * render_nodes); a template needs it whole, to put where it says. */
	struct html h = {
		.out = opts->template_path ? &p.body : out,
		.opts = opts,
		.ids = opts->dialect == GZ_DIALECT_GITHUB || opts->toc,
		.anchors = opts->dialect == GZ_DIALECT_GITHUB,
	};
	bool ok = true;
	if (opts->template_path) {
		render_nodes(&h, doc->root->first, NULL);
		ok = expand_template(&p, opts->template_path, r->log, out);
	} else {
		if (opts->fragment)
			gz_buf_puts(out, buf_text(&p.toc));
		else
			write_page_head(&p, out);
		h.start = out->len;
		render_nodes(&h, doc->root->first, NULL);
		if (!opts->fragment)
			gz_buf_puts(out, "</main>\n</body>\n</html>\n");
	}
	free(p.title);
	free(p.headings);
	gz_buf_free(&p.body);
	gz_buf_free(&p.toc);
	gz_buf_free(&p.feeds);
	return ok;
}

const struct gz_format gz_format_html = {
	.name = "html",
	.summary = "a standalone HTML5 page (--fragment: the body only)",
	.extension = "html",
	.render = render_html,
};
