/* htmltree.c: raw HTML into the tree once md4c has built it: blocks mapped
 * to nodes, inline tags paired into spans, elements left open across
 * Markdown blocks made containers, kramdown's markdown="1" content read as
 * Markdown.  The HTML itself is read by the module gazette-rawhtml.so
 * (libxml2); this file only finds where elements start and end. */
#include "htmltag.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

unsigned
gz_cell_span(const struct gz_node *cell, const char *attr)
{
	const char *v = gz_node_attr(cell, attr);
	unsigned long n = v ? strtoul(v, NULL, 10) : 1;
	return n < 1 ? 1 : n > 1000 ? 1000 : (unsigned)n;
}

/* A later sibling HTML block before `end` (NULL: the last sibling) that
 * closes the element `name` left open in `from` (its end tag in *close), or
 * NULL.  Looks a bounded way ahead, so a
 * page of unclosed elements stays linear. */
static struct gz_node *
find_closer(struct gz_node *from, struct gz_node *end, const char *name, struct html_tag *close)
{
	size_t depth = 0, looked = 0;
	for (struct gz_node *n = from->next; n && n != end && looked < 256; n = n->next, looked++) {
		if (n->kind != GZ_NODE_HTML_BLOCK)
			continue;
		struct html_tag t;
		for (size_t pos = 0; html_next_tag(n->text, n->len, pos, &t); pos = t.end) {
			if (t.empty || strcmp(t.name, name) != 0)
				continue;
			if (!t.close) {
				depth++;
			} else if (depth-- == 0) {
				*close = t;
				return n;
			}
		}
	}
	return NULL;
}

static unsigned
lines_before(const char *s, size_t off)
{
	unsigned n = 0;
	for (size_t i = 0; i < off; i++)
		n += s[i] == '\n';
	return n;
}

static bool
blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

static struct gz_node *
new_like(const struct gz_node *near, enum gz_node_kind kind)
{
	return gz_node_arena(near) ? gz_arena_node(gz_node_arena(near), kind) : gz_node_new(kind);
}

/* Moves the siblings [first, last] to the end of `into`'s children. */
static void
move_range(struct gz_node *first, struct gz_node *last, struct gz_node *into)
{
	for (struct gz_node *n = first, *next; n; n = next) {
		next = n == last ? NULL : n->next;
		gz_node_unlink(n);
		gz_node_append(into, n);
	}
}

/* A range of siblings still to look at: [from, end) of parent. */
struct work {
	struct gz_node *from, *end;
};

struct ctx {
	const char *name;
	const char *src;                /* the text md4c parsed */
	size_t src_len;
	unsigned first_line;            /* file line of src[0] */
	size_t *lines;                  /* offsets of src's lines, made on first use */
	size_t line_count;
	enum gz_dialect dialect;
	struct gz_log *log;
	const struct gz_rawhtml_ops *ops;
	struct gz_rawhtml *parser;      /* the module's, for this tree */
	bool failed;            /* the module could not be loaded (reported) */
	struct work *stack;
	size_t depth, cap;
};

static void
push(struct ctx *cx, struct gz_node *from, struct gz_node *end)
{
	if (!from || from == end)
		return;
	if (cx->depth == cx->cap) {
		cx->cap = cx->cap ? 2 * cx->cap : 16;
		cx->stack = gz_xrealloc(cx->stack, cx->cap * sizeof *cx->stack);
	}
	cx->stack[cx->depth++] = (struct work){ from, end };
}

static bool
load(struct ctx *cx)
{
	if (!cx->ops && !cx->failed) {
		cx->ops = gz_module_symbol("gazette-rawhtml.so", "gz_rawhtml_module_ops", cx->log);
		cx->failed = !cx->ops;
		if (cx->ops)
			cx->parser = cx->ops->open();
	}
	return cx->ops != NULL;
}

/* Whether markdown="mode" on element `name` reads its content as a
 * paragraph's (kramdown's span model) rather than as blocks. */
static bool
span_mode(const char *mode, const char *name)
{
	return strcmp(mode, "span") == 0 || (strcmp(mode, "block") != 0
	    && html_is_span_tag(name));
}

/* markdown="1" inside markdown="1" parses recursively: a bound on the depth. */
static _Thread_local unsigned nesting;
#define MAX_NESTING 32

/* Parses s[0..len) (file line `line`) as Markdown and appends the result to
 * `into`: its blocks, or in span mode a lone paragraph's inlines. */
static void
markdown_into(struct ctx *cx, struct gz_node *into, const char *s, size_t len, unsigned line,
    bool span)
{
	if (blank(s, len))
		return;
	if (nesting >= MAX_NESTING) {
		struct gz_node *t = new_like(into, GZ_NODE_TEXT);
		gz_node_set_text(t, s, len);
		gz_node_append(into, t);
		return;
	}
	nesting++;
	struct gz_node *root = gz_markdown_parse(cx->name, s, len, line, cx->dialect, cx->log);
	nesting--;
	if (!root)
		return;
	struct gz_node *from = root;
	if (span && root->first && root->first == root->last
	    && root->first->kind == GZ_NODE_PARAGRAPH)
		from = root->first;
	if (from->first)
		move_range(from->first, from->last, into);
	gz_node_free(root);
}

/* The offset in the source of the start of file line `line`. */
static size_t
line_offset(struct ctx *cx, unsigned line)
{
	if (!cx->lines) {
		size_t cap = 64;
		cx->lines = gz_xmalloc(cap * sizeof *cx->lines);
		cx->lines[cx->line_count++] = 0;
		for (size_t i = 0; i < cx->src_len; i++) {
			if (cx->src[i] != '\n')
				continue;
			if (cx->line_count == cap) {
				cap *= 2;
				cx->lines = gz_xrealloc(cx->lines, cap * sizeof *cx->lines);
			}
			cx->lines[cx->line_count++] = i + 1;
		}
	}
	size_t k = line >= cx->first_line ? line - cx->first_line : 0;
	return k < cx->line_count ? cx->lines[k] : cx->src_len;
}

static bool span_mode(const char *mode, const char *name);

/* markdown="1" on a block of the document itself: kramdown reads the
 * source up to the end tag as Markdown, whatever blocks md4c made of it
 * (a blank line ends md4c's HTML block; a table swallows the end tag).
 * Those blocks are replaced by the DIV, and what follows the end tag up to
 * the next block is read again.  Returns the next node to look at, or h
 * itself when the end tag is not found (the caller falls back). */
static struct gz_node *
markdown_from_source(struct ctx *cx, struct gz_node *h, const char *mode)
{
	const char *src = cx->src;
	size_t len = cx->src_len, off = line_offset(cx, h->line);
	struct html_tag open, close;
	if (!html_next_tag(src, len, off, &open) || !blank(src + off, open.start - off)
	    || !html_matching_close(src, len, &open, &close))
		return h;
	unsigned close_line = h->line + lines_before(src + off, close.start - off);
	struct gz_node *div = new_like(h, GZ_NODE_DIV);
	cx->ops->tag(cx->parser, src + open.start, open.end - open.start, div);
	div->line = h->line;
	gz_node_insert_before(h, h->parent, div);
	markdown_into(cx, div, src + open.end, close.start - open.end,
	    h->line + lines_before(src + off, open.end - off), span_mode(mode, open.name));
	struct gz_node *n = h;
	while (n && n->line <= close_line) {
		struct gz_node *next = n->next;
		gz_node_free(n);
		n = next;
	}
	size_t end = n ? line_offset(cx, n->line) : len;
	if (end > close.end && !blank(src + close.end, end - close.end)) {
		struct gz_node *rest = new_like(div, GZ_NODE_DIV);
		markdown_into(cx, rest, src + close.end, end - close.end, close_line, false);
		while (rest->first) {
			struct gz_node *c = rest->first;
			gz_node_unlink(c);
			if (n)
				gz_node_insert_before(n, n->parent, c);
			else
				gz_node_append(div->parent, c);
		}
		gz_node_free(rest);
	}
	return n;
}

/* An HTML block starting with an element that carries markdown="1" (or
 * "block", "span"): a DIV named after it whose content is read as Markdown,
 * also across the Markdown blocks md4c found before its end tag.  Returns
 * the next node to look at. */
static struct gz_node *
markdown_block(struct ctx *cx, struct gz_node *h, struct gz_node *end, const struct html_tag *open,
    const char *mode)
{
	const char *s = h->text;
	size_t len = h->len;
	struct gz_node *div = new_like(h, GZ_NODE_DIV);
	cx->ops->tag(cx->parser, s + open->start, open->end - open->start, div);
	div->line = h->line + lines_before(s, open->start);
	bool span = span_mode(mode, open->name);
	unsigned inner_line = h->line + lines_before(s, open->end);
	gz_node_insert_before(h, h->parent, div);
	struct html_tag close;
	if (html_matching_close(s, len, open, &close)) {
		markdown_into(cx, div, s + open->end, close.start - open->end, inner_line, span);
		if (!blank(s + close.end, len - close.end)) {
			/* More HTML after it: looked at again, as a block of its own. */
			unsigned line = h->line + lines_before(s, close.end);
			char *rest = gz_xstrndup(s + close.end, len - close.end);
			gz_node_set_text(h, rest, strlen(rest));
			free(rest);
			h->line = line;
			return h;
		}
		gz_node_free(h);
		return div->next;
	}
	struct gz_node *closer = find_closer(h, end, open->name, &close);
	markdown_into(cx, div, s + open->end, len - open->end, inner_line, span);
	if (closer) {
		struct gz_node *before = div->last;
		if (h->next != closer)
			move_range(h->next, closer->prev, div);
		struct gz_node *mid_first = before ? before->next : div->first, *mid_last = div->last;
		const char *c = closer->text;
		markdown_into(cx, div, c, close.start, closer->line, span);
		if (mid_last && mid_first)
			push(cx, mid_first, mid_last->next);
		if (!blank(c + close.end, closer->len - close.end)) {
			unsigned line = closer->line + lines_before(c, close.end);
			char *rest = gz_xstrndup(c + close.end, closer->len - close.end);
			gz_node_set_text(closer, rest, strlen(rest));
			free(rest);
			closer->line = line;
		} else {
			gz_node_free(closer);
			closer = NULL;
		}
		gz_node_free(h);
		return closer ? closer : div->next;
	}
	gz_node_free(h);
	return div->next;
}

/* Maps an HTML block and, when it leaves a container open that a later
 * sibling block before `end` closes, wraps the blocks between in a DIV (raw:
 * the HTML blocks keep writing the tags).  Returns the next node to look at. */
static struct gz_node *
html_block(struct ctx *cx, struct gz_node *h, struct gz_node *end)
{
	struct html_tag first, open, close;
	char mode[16];
	if (html_next_tag(h->text, h->len, 0, &first) && blank(h->text, first.start) && !first.close
	    && !first.empty && html_tag_attr(h->text, &first, "markdown", mode, sizeof mode)
	    && strcmp(mode, "0") != 0) {
		if (h->parent && h->parent->kind == GZ_NODE_DOCUMENT && h->line) {
			struct gz_node *next = markdown_from_source(cx, h, mode);
			if (next != h)
				return next;
		}
		return markdown_block(cx, h, end, &first, mode);
	}
	cx->ops->map(cx->parser, h, h->line);
	if (!html_outermost_unclosed(h->text, h->len, &open)
	    || !html_is_wrapping(open.name))
		return h->next;
	struct gz_node *closer = find_closer(h, end, open.name, &close);
	if (!closer)
		return h->next;
	/* Headings stay where the page's title, its feed entries and the PDF's
	 * title block look for them: among the document's own blocks. */
	for (const struct gz_node *n = h->next; n != closer; n = n->next)
		if (n->kind == GZ_NODE_HEADING)
			return h->next;
	struct gz_node *div = new_like(h, GZ_NODE_DIV);
	cx->ops->tag(cx->parser, h->text + open.start, open.end - open.start, div);
	div->raw = true;
	div->line = h->line + lines_before(h->text, open.start);
	gz_node_insert_before(h, h->parent, div);
	move_range(h, closer, div);
	/* The open element as h maps it is the DIV itself: its content moves up. */
	struct gz_node *e = h->last;
	if (e && e->kind == GZ_NODE_DIV && e->elem.tag && strcmp(e->elem.tag, open.name) == 0) {
		while (e->first) {
			struct gz_node *c = e->first;
			gz_node_unlink(c);
			gz_node_insert_before(e, e->parent, c);
		}
		gz_node_free(e);
	}
	/* The closing block is mapped now and only: it stays the DIV's last
	 * child, the raw end tag (a markdown="1" of its own would move it). */
	cx->ops->map(cx->parser, closer, closer->line);
	push(cx, h->next, closer);
	return div->next;
}

/* Splits an inline HTML node that md4c gave several tags at once
 * (`<sub><b>`) into one node per tag. */
static void
split_tags(struct gz_node *n)
{
	struct html_tag t;
	size_t pos = 0, cut = 0;
	while (html_next_tag(n->text, n->len, pos, &t)) {
		pos = t.end;
		if (t.end >= n->len || blank(n->text + t.end, n->len - t.end))
			break;
		struct gz_node *piece = new_like(n, GZ_NODE_HTML_INLINE);
		gz_node_set_text(piece, n->text + cut, t.end - cut);
		gz_node_insert_before(n, n->parent, piece);
		cut = t.end;
	}
	if (cut) {
		char *rest = gz_xstrndup(n->text + cut, n->len - cut);
		gz_node_set_text(n, rest, strlen(rest));
		free(rest);
	}
}

/* Names a span after the opening tag `open` holds: from the tag itself when
 * it has no attributes (`<sub>`, most of them), else through libxml2. */
static void
name_span(struct ctx *cx, struct gz_node *span, const struct gz_node *open)
{
	struct html_tag t;
	if (html_next_tag(open->text, open->len, 0, &t)) {
		size_t i = t.start + 1 + strlen(t.name);
		while (i < t.end && (open->text[i] == ' ' || open->text[i] == '/'))
			i++;
		if (i + 1 == t.end) {
			span->elem.tag = gz_node_arena(span) ? gz_arena_strndup(gz_node_arena(span), t.name,
			    strlen(t.name)) : gz_xstrdup(t.name);
			return;
		}
	}
	cx->ops->tag(cx->parser, open->text, open->len, span);
}

/* Pairs the inline HTML tags among parent's children: each opening tag and
 * its end tag, with what lies between, become a SPAN named after the
 * element (raw: the tags stay its first and last children); an element
 * with no end tag (<img>) is mapped under its tag's node. */
static void
pair_inlines(struct ctx *cx, struct gz_node *parent)
{
	struct gz_node *stack[64];
	char names[64][32];
	size_t depth = 0;
	for (struct gz_node *n = parent->first; n; n = n->next)
		if (n->kind == GZ_NODE_HTML_INLINE)
			split_tags(n);
	for (struct gz_node *n = parent->first, *next; n; n = next) {
		next = n->next;
		if (n->kind != GZ_NODE_HTML_INLINE)
			continue;
		struct html_tag t;
		if (!html_next_tag(n->text, n->len, 0, &t))
			continue;
		if (t.empty) {
			if (strcmp(t.name, "br") != 0 && strcmp(t.name, "wbr") != 0 && !n->first
			    && load(cx))
				cx->ops->map(cx->parser, n, 0);
			continue;
		}
		if (!t.close) {
			if (depth < GZ_ARRAY_LEN(stack)) {
				stack[depth] = n;
				memcpy(names[depth++], t.name, sizeof t.name);
			}
			continue;
		}
		size_t k = depth;
		while (k > 0 && strcmp(names[k - 1], t.name) != 0)
			k--;
		if (k == 0 || !load(cx))
			continue;
		depth = k - 1;
		struct gz_node *open = stack[depth];
		struct gz_node *span = new_like(open, GZ_NODE_SPAN);
		name_span(cx, span, open);
		gz_node_insert_before(open, open->parent, span);
		move_range(open, n, span);
		struct html_tag ot;
		char mode[16];
		if (html_next_tag(open->text, open->len, 0, &ot)
		    && html_tag_attr(open->text, &ot, "markdown", mode, sizeof mode) && strcmp(mode, "0") != 0) {
			/* kramdown's markdown="1" on a span: md4c read its content
			 * already; the tags are written from the node. */
			gz_node_free(open);
			gz_node_free(n);
		} else {
			span->raw = true;
		}
	}
}

/* Whether any child is inline HTML. */
static bool
has_inline_html(const struct gz_node *n)
{
	for (const struct gz_node *c = n->first; c; c = c->next)
		if (c->kind == GZ_NODE_HTML_INLINE)
			return true;
	return false;
}

void
gz_html_tree(struct gz_node *root, const char *name, const char *src, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log)
{
	struct ctx cx = { .name = name, .src = src, .src_len = len, .first_line = first_line,
		.dialect = dialect, .log = log };
	push(&cx, root->first, NULL);
	while (cx.depth > 0) {
		struct work w = cx.stack[--cx.depth];
		for (struct gz_node *n = w.from, *next; n && n != w.end; n = next) {
			next = n->next;
			if (n->kind == GZ_NODE_HTML_BLOCK) {
				if (!n->first && load(&cx))
					next = html_block(&cx, n, w.end);
				continue;
			}
			if (!n->first)
				continue;
			/* A span made here holds pairs found already. */
			if (!(n->kind == GZ_NODE_SPAN && n->raw) && has_inline_html(n))
				pair_inlines(&cx, n);
			push(&cx, n->first, NULL);
		}
	}
	if (cx.ops)
		cx.ops->close(cx.parser);
	free(cx.stack);
	free(cx.lines);
}
