/* html.c: the tree as HTML: escaping, and one handler pair per node kind.
 * The HTML backend wraps it in a page; feeds embed it as their items' content. */
#include "internal.h"
#include "highlight.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Escaping.  The tree holds decoded UTF-8; everything written here that did
 * not come from raw HTML goes through one of these.
 */

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

/* The index of the first byte from u[i] on that may need escaping (any
 * control, `"&<>`, DEL or 0xC2), or len.  Sixteen bytes a turn where SSE2
 * is there (every x86-64), four elsewhere. */
static size_t
skip_plain(const unsigned char *u, size_t i, size_t len)
{
#ifdef __SSE2__
	while (len - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* x | 2 == '>' finds < and >; x | 4 == '&' finds " and &. */
		__m128i angle = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x02)), _mm_set1_epi8('>'));
		__m128i amp = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x04)), _mm_set1_epi8('&'));
		__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
		__m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
		__m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(angle, amp),
		    _mm_or_si128(ctl, _mm_or_si128(del, c2))));
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
#endif
	static const bool maybe[256] = {
		[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
		[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
		[0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
		[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
		[0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
		[0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 1,
		['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	};
	while (len - i >= 4 && !(maybe[u[i]] | maybe[u[i + 1]] | maybe[u[i + 2]] | maybe[u[i + 3]]))
		i += 4;
	while (i < len && !maybe[u[i]])
		i++;
	return i;
}

/* Appends s[0..len) escaped for HTML text and double-quoted attribute values.
 * Control characters HTML forbids (C0 other than tab, newline, form feed and
 * carriage return; DEL; C1) become U+FFFD. */
void
gz_html_escape(struct gz_buf *out, const char *s, size_t len)
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
		i = skip_plain(u, i, len);
		if (i == len)
			break;
		if (!special[u[i]]) {   /* tab, newline, form feed, carriage return */
			i++;
			continue;
		}
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
		put(out, s + run, i - run);
		put(out, rep, strlen(rep));
		i += skip;
		run = i;
	}
	put(out, s + run, len - run);
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
	gz_html_escape(out, s, strlen(s));
}

/* Appends a URL for an href or src attribute as md4c-html does: bytes outside
 * the URL-safe set percent-encoded (so non-ASCII becomes %XX), `&` as &amp;. */
void
gz_html_escape_url(struct gz_buf *out, const char *s, size_t len)
{
	/* Letters, digits and ~-_.+!*(),%#@?=;:/$ */
	static const bool safe[256] = {
		['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
		['7'] = 1, ['8'] = 1, ['9'] = 1,
		['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
		['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
		['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
		['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
		['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
		['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
		['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
		['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
		['~'] = 1, ['-'] = 1, ['_'] = 1, ['.'] = 1, ['+'] = 1, ['!'] = 1, ['*'] = 1,
		['('] = 1, [')'] = 1, [','] = 1, ['%'] = 1, ['#'] = 1, ['@'] = 1, ['?'] = 1,
		['='] = 1, [';'] = 1, [':'] = 1, ['/'] = 1, ['$'] = 1,
	};
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	/* Room for the worst case (`&amp;` for every byte), then bytes are
	 * written without a bounds check each. */
	gz_buf_reserve(out, 5 * len);
	char *o = out->data + out->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		if (safe[c]) {
			*o++ = (char)c;
		} else if (c == '&') {
			memcpy(o, "&amp;", 5);
			o += 5;
		} else {
			o[0] = '%';
			o[1] = hex[c >> 4];
			o[2] = hex[c & 0xF];
			o += 3;
		}
	}
	*o = '\0';
	out->len = (size_t)(o - out->data);
}

/* Appends the decimal digits of n (a heading level, a list's start). */
static void
put_unsigned(struct gz_buf *out, unsigned n)
{
	char digits[12];
	size_t i = sizeof digits;
	do
		digits[--i] = (char)('0' + n % 10);
	while (n /= 10);
	put(out, digits + i, sizeof digits - i);
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
	bool highlight;         /* code blocks in a known language coloured */
	unsigned in_image;      /* > 0: inside an image, whose children are its alt text */
	bool some_notes;        /* writing some of the notes: each says its number */
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
		gz_html_escape_url(h->out, url, strlen(url));
		return;
	}
	struct gz_buf abs = {0};
	gz_url_resolve_into(&abs, h->base_url, url);
	gz_html_escape_url(h->out, abs.data ? abs.data : "", abs.len);
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
	PUT_LIT(h->out, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled");
	gz_buf_puts(h->out, task == GZ_TASK_DONE ? " checked />" : " />");
}

/* Whether an attribute from an IAL or raw HTML may be written: a name HTML
 * allows, not one the element writes itself (`skip`), and under --safe only
 * attributes that run no script and load nothing. */
static bool
attr_is_written(const struct html *h, const char *name, const char *const *skip)
{
	for (; *skip; skip++)
		if (strcmp(name, *skip) == 0)
			return false;
	if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') || *name == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.", *p))
			return false;
	if (!h->opts->safe)
		return true;
	static const char *const safe[] = { "id", "class", "width", "height", "title", "lang",
	    "dir", "align", "colspan", "rowspan", "start", "reversed" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(safe); i++)
		if (strcmp(name, safe[i]) == 0)
			return true;
	return strncmp(name, "data-", 5) == 0 || strncmp(name, "aria-", 5) == 0;
}

/* Whether a width or height is not the whole number of pixels HTML wants
 * (`50%`, `300px`, `20em`): written as CSS instead. */
static bool
is_css_size(const struct gz_attr *a)
{
	return (strcmp(a->name, "width") == 0 || strcmp(a->name, "height") == 0)
	    && (a->value[0] == '\0' || a->value[strspn(a->value, "0123456789")] != '\0');
}

/* Writes n's attributes (` name="value"`, escaped), less those in `skip` (a
 * NULL-terminated list); `class` joins `extra_class` when that is not NULL.
 * A width or height in other units than pixels goes into `style`, which the
 * Nu checker requires (kramdown writes `width="50%"` as it is). */
static void
put_attrs_slow(struct html *h, const struct gz_node *n, const char *extra_class,
    const char *const *skip)
{
	struct gz_buf css = {0};
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		if (!is_css_size(a) || !attr_is_written(h, a->name, skip))
			continue;
		gz_buf_printf(&css, "%s%s:%s", css.len ? ";" : "", a->name, a->value);
	}
	bool classed = false, styled = false;
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		if (is_css_size(a) || !attr_is_written(h, a->name, skip))
			continue;
		gz_buf_putc(h->out, ' ');
		gz_buf_puts(h->out, a->name);
		PUT_LIT(h->out, "=\"");
		if (extra_class && strcmp(a->name, "class") == 0) {
			put_escaped_str(h->out, extra_class);
			gz_buf_putc(h->out, ' ');
			classed = true;
		}
		if (css.len && strcmp(a->name, "style") == 0) {
			gz_html_escape(h->out, css.data, css.len);
			gz_buf_putc(h->out, ';');
			styled = true;
		}
		put_escaped_str(h->out, a->value);
		gz_buf_putc(h->out, '"');
	}
	if (extra_class && !classed) {
		PUT_LIT(h->out, " class=\"");
		put_escaped_str(h->out, extra_class);
		gz_buf_putc(h->out, '"');
	}
	if (css.len && !styled && attr_is_written(h, "style", skip)) {
		PUT_LIT(h->out, " style=\"");
		gz_html_escape(h->out, css.data, css.len);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_free(&css);
}

static const char *const no_skip[] = { NULL };

/* Most nodes have no attributes: that costs one test. */
static inline void
put_attrs(struct html *h, const struct gz_node *n, const char *extra_class,
    const char *const *skip)
{
	if (n->attrs)
		put_attrs_slow(h, n, extra_class, skip ? skip : no_skip);
	else if (extra_class)
		put_attrs_slow(h, n, extra_class, no_skip);
}

static enum gz_walk_result
enter_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<h");
	put_unsigned(h->out, (unsigned)n->heading.level);
	if (h->ids && n->heading.id) {
		PUT_LIT(h->out, " id=\"");
		put_escaped_str(h->out, n->heading.id);
		gz_buf_putc(h->out, '"');
	}
	static const char *const skip_id[] = { "id", NULL };
	put_attrs(h, n, NULL, h->ids && n->heading.id ? skip_id : NULL);
	PUT_LIT(h->out, ">");
	if (h->ids && h->anchors && n->heading.id) {
		PUT_LIT(h->out, "<a class=\"anchor\" href=\"#");
		gz_html_escape_url(h->out, n->heading.id, strlen(n->heading.id));
		PUT_LIT(h->out, "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
	}
	return GZ_WALK_NEXT;
}

static void
leave_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	PUT_LIT(h->out, "</h");
	put_unsigned(h->out, (unsigned)n->heading.level);
	PUT_LIT(h->out, ">\n");
}

static enum gz_walk_result
enter_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (in_tight_list(n))
		return GZ_WALK_NEXT;
	cr(h);
	PUT_LIT(h->out, "<p");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">");
	/* A loose task item's checkbox goes inside its first paragraph. */
	const struct gz_node *item = n->parent;
	if (item && item->kind == GZ_NODE_ITEM && item->first == n && item->item.task)
		put_checkbox(h, item->item.task);
	return GZ_WALK_NEXT;
}

static void put_backrefs(struct html *h, const struct gz_node *note);

static void
leave_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	/* A footnote's back-links end its last paragraph, as cmark-gfm writes them. */
	if (n->parent && n->parent->kind == GZ_NODE_FOOTNOTE && n->parent->last == n) {
		gz_buf_putc(h->out, ' ');
		put_backrefs(h, n->parent);
	}
	if (!in_tight_list(n))
		PUT_LIT(h->out, "</p>\n");
}

static enum gz_walk_result
enter_blockquote(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<blockquote");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">\n");
	return GZ_WALK_NEXT;
}

static void
leave_blockquote(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "</blockquote>\n");
}

static enum gz_walk_result
enter_list(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	static const char *const skip_start[] = { "start", NULL };
	cr(h);
	if (!n->list.ordered) {
		PUT_LIT(h->out, "<ul");
	} else if (n->list.start == 1) {
		PUT_LIT(h->out, "<ol");
	} else {
		PUT_LIT(h->out, "<ol start=\"");
		put_unsigned(h->out, n->list.start);
		gz_buf_putc(h->out, '"');
	}
	put_attrs(h, n, NULL, skip_start);
	PUT_LIT(h->out, ">\n");
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
	PUT_LIT(h->out, "<li");
	put_attrs(h, n, n->item.task == GZ_TASK_NONE ? NULL : "task-list-item", NULL);
	PUT_LIT(h->out, ">");
	if (n->item.task == GZ_TASK_NONE)
		return GZ_WALK_NEXT;
	if (!n->first || n->first->kind != GZ_NODE_PARAGRAPH || in_tight_list(n->first))
		put_checkbox(h, n->item.task);
	return GZ_WALK_NEXT;
}

static void
leave_item(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	PUT_LIT(h->out, "</li>\n");
}

static enum gz_walk_result
enter_code_block(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	const char *lang = n->code.lang;
	char *named = NULL;
	if (lang && *lang == '{')       /* kramdown's and pandoc's `{.sh}`: a class */
		lang = named = gz_highlight_language(n);
	cr(h);
	PUT_LIT(h->out, "<pre");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, "><code");
	if (lang && *lang) {
		gz_buf_puts(h->out, strncmp(lang, "language-", 9) == 0 ? " class=\"" : " class=\"language-");
		put_escaped_str(h->out, lang);
		gz_buf_putc(h->out, '"');
	}
	free(named);
	gz_buf_putc(h->out, '>');
	struct gz_tokens tokens;
	if (h->highlight && gz_highlight(n, &tokens, NULL)) {
		gz_html_highlighted(h->out, n->text, n->len, &tokens);
		free(tokens.v);
	} else {
		gz_html_escape(h->out, n->text, n->len);
	}
	PUT_LIT(h->out, "</code></pre>\n");
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
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<hr");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, " />\n");
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
	put_tag(h->out, "<", block_tags[n->kind], "");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">\n");
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
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">");
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
	gz_html_escape(h->out, n->text, n->len);
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
		gz_html_escape(h->out, n->text, n->len);   /* alt text is text */
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
	if (!h->in_image) {
		put_tag(h->out, "<", inline_tags[n->kind], "");
		put_attrs(h, n, NULL, NULL);
		PUT_LIT(h->out, ">");
	}
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
	if (!h->in_image) {
		PUT_LIT(h->out, "<code");
		put_attrs(h, n, NULL, NULL);
		PUT_LIT(h->out, ">");
	}
	gz_html_escape(h->out, n->text, n->len);
	if (!h->in_image)
		PUT_LIT(h->out, "</code>");
	return GZ_WALK_SKIP;
}

/* Whether a link is written as <a>: not inside alt text, not dropped by --safe. */
static bool
link_is_written(const struct html *h, const struct gz_node *n)
{
	return !h->in_image && !(h->opts->safe && gz_url_is_dangerous(n->link.url, false));
}

/* The attributes links and images write themselves. */
static const char *const link_own[] = { "href", "src", "alt", NULL };
static const char *const link_own_titled[] = { "href", "src", "alt", "title", NULL };

static enum gz_walk_result
enter_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!link_is_written(h, n))
		return GZ_WALK_NEXT;    /* its text stays */
	PUT_LIT(h->out, "<a href=\"");
	put_url(h, n->link.url);
	if (n->link.title) {
		PUT_LIT(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	PUT_LIT(h->out, "\"");
	put_attrs(h, n, NULL, n->link.title ? link_own_titled : link_own);
	PUT_LIT(h->out, ">");
	return GZ_WALK_NEXT;
}

static void
leave_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (link_is_written(h, n))
		PUT_LIT(h->out, "</a>");
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
	PUT_LIT(h->out, "<img src=\"");
	put_url(h, n->link.url);
	PUT_LIT(h->out, "\" alt=\"");
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
		PUT_LIT(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	PUT_LIT(h->out, "\"");
	put_attrs(h, n, NULL, n->link.title ? link_own_titled : link_own);
	PUT_LIT(h->out, " />");
}

/*
 * Footnotes, as cmark-gfm writes them (GitHub's HTML).
 */
static void
put_note_id(struct html *h, const struct gz_node *n, bool url)
{
	struct gz_buf id = {0};
	gz_footnote_id(&id, n);
	if (url)
		gz_html_escape_url(h->out, id.data, id.len);
	else
		gz_html_escape(h->out, id.data, id.len);
	gz_buf_free(&id);
}

/* A link to a note or back to its k-th reference (k > 1 adds `-k`): a
 * fragment, made absolute like every other link when there is a base URL
 * (a feed's content is read away from its page). */
static void
put_note_href(struct html *h, const char *prefix, const char *label, unsigned k)
{
	if (!h->base_url) {
		gz_buf_puts(h->out, prefix);
		gz_html_escape_url(h->out, label, strlen(label));
		if (k > 1) {
			gz_buf_putc(h->out, '-');
			put_unsigned(h->out, k);
		}
		return;
	}
	struct gz_buf frag = {0};
	gz_buf_puts(&frag, prefix);
	gz_buf_puts(&frag, label);
	if (k > 1)
		gz_buf_printf(&frag, "-%u", k);
	put_url(h, frag.data);
	gz_buf_free(&frag);
}

static enum gz_walk_result
enter_footnote_ref(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image) {
		put_unsigned(h->out, n->note.number);
		return GZ_WALK_SKIP;
	}
	PUT_LIT(h->out, "<sup class=\"footnote-ref\"><a href=\"");
	put_note_href(h, "#fn-", n->note.label, 0);
	PUT_LIT(h->out, "\" id=\"");
	put_note_id(h, n, false);
	PUT_LIT(h->out, "\" data-footnote-ref>");
	put_unsigned(h->out, n->note.number);
	PUT_LIT(h->out, "</a></sup>");
	return GZ_WALK_SKIP;
}

/* The links back to each reference of a note: ↩, then ↩² and so on. */
static void
put_backrefs(struct html *h, const struct gz_node *note)
{
	for (unsigned k = 1; k <= note->note.refs; k++) {
		if (k > 1)
			gz_buf_putc(h->out, ' ');
		PUT_LIT(h->out, "<a href=\"");
		put_note_href(h, "#fnref-", note->note.label, k);
		PUT_LIT(h->out, "\" class=\"footnote-backref\" data-footnote-backref "
		    "aria-label=\"Back to content\">\u21A9");
		if (k > 1) {
			PUT_LIT(h->out, "<sup class=\"footnote-ref\">");
			put_unsigned(h->out, k);
			PUT_LIT(h->out, "</sup>");
		}
		PUT_LIT(h->out, "</a>");
	}
}

static enum gz_walk_result
enter_footnotes(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<section class=\"footnotes\" data-footnotes>\n<ol>\n");
	return GZ_WALK_NEXT;
}

static void
leave_footnotes(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "</ol>\n</section>\n");
}

static enum gz_walk_result
enter_footnote(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<li id=\"");
	put_note_id(h, n, false);
	if (h->some_notes) {
		PUT_LIT(h->out, "\" value=\"");
		put_unsigned(h->out, n->note.number);
	}
	PUT_LIT(h->out, "\">\n");
	return GZ_WALK_NEXT;
}

static void
leave_footnote(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	/* Back-links close the last paragraph; otherwise they stand alone. */
	if (!n->last || n->last->kind != GZ_NODE_PARAGRAPH) {
		cr(h);
		put_backrefs(h, n);
	}
	cr(h);
	PUT_LIT(h->out, "</li>\n");
}

/* A DIV or SPAN whose element is not raw HTML of the page (kramdown's
 * markdown="1" content): its tags and attributes are written from the node,
 * but not under --safe, which keeps only the content of raw HTML. */
static bool
elem_is_written(const struct html *h, const struct gz_node *n)
{
	return n->elem.tag && !n->elem.raw && !h->opts->safe && !h->in_image;
}

static enum gz_walk_result
enter_elem(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!elem_is_written(h, n))
		return GZ_WALK_NEXT;
	if (n->kind == GZ_NODE_DIV)
		cr(h);
	put_tag(h->out, "<", n->elem.tag, "");
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		put_tag(h->out, " ", a->name, "=\"");
		put_escaped_str(h->out, a->value);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_puts(h->out, n->kind == GZ_NODE_DIV ? ">\n" : ">");
	return GZ_WALK_NEXT;
}

static void
leave_elem(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!elem_is_written(h, n))
		return;
	if (n->kind == GZ_NODE_DIV)
		cr(h);
	put_tag(h->out, "</", n->elem.tag, n->kind == GZ_NODE_DIV ? ">\n" : ">");
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
	[GZ_NODE_DIV] = { enter_elem, leave_elem },
	/* Not yet written as their own elements: their children are. */
	[GZ_NODE_DEF_LIST] = { NULL, NULL },
	[GZ_NODE_DEF_TERM] = { NULL, NULL },
	[GZ_NODE_DEF_DATA] = { NULL, NULL },
	[GZ_NODE_FOOTNOTES] = { enter_footnotes, leave_footnotes },
	[GZ_NODE_FOOTNOTE] = { enter_footnote, leave_footnote },
	[GZ_NODE_SPAN] = { enter_elem, leave_elem },
	[GZ_NODE_FOOTNOTE_REF] = { enter_footnote_ref, NULL },
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

void
gz_html_render(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, unsigned flags, struct gz_buf *out)
{
	struct html h = {
		.out = out,
		.start = out->len,
		.opts = opts,
		.base_url = base_url && *base_url ? base_url : NULL,
		.ids = flags & GZ_HTML_IDS,
		.anchors = flags & GZ_HTML_ANCHORS,
		.highlight = flags & GZ_HTML_HIGHLIGHT,
	};
	render_nodes(&h, first, end);
}

static enum gz_walk_result
mark_ref(const struct gz_node *n, void *ctx)
{
	bool *used = ctx;
	used[n->note.number - 1] = true;
	return GZ_WALK_SKIP;
}

void
gz_html_render_notes(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, struct gz_buf *out)
{
	const struct gz_node *root = first ? first->parent : NULL;
	const struct gz_node *notes = root ? root->last : NULL;
	if (!notes || notes->kind != GZ_NODE_FOOTNOTES || !notes->last)
		return;
	bool *used = gz_xcalloc(notes->last->note.number, sizeof *used);
	static const struct gz_handler find[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_FOOTNOTE_REF] = { .enter = mark_ref },
	};
	bool any = false;
	for (const struct gz_node *n = first; n && n != end; n = n->next)
		gz_walk(n, find, used);
	for (unsigned i = 0; i < notes->last->note.number; i++)
		any = any || used[i];
	if (any) {
		struct html h = {
			.out = out, .start = out->len, .opts = opts,
			.base_url = base_url && *base_url ? base_url : NULL,
			.some_notes = true,
		};
		enter_footnotes(notes, &h);
		for (const struct gz_node *fn = notes->first; fn; fn = fn->next)
			if (fn->note.number && used[fn->note.number - 1])
				gz_walk(fn, handlers, &h);
		leave_footnotes(notes, &h);
	}
	free(used);
}
