/* markdown.c: builds the document tree from md4c's callbacks. */
#include "internal.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

struct builder {
	const char *name;
	const char *src;            /* the text md4c parses */
	size_t src_len;
	unsigned first_line;        /* file line of src[0] */
	uint32_t *line_starts;      /* offsets where each source line starts (md4c's
	                             * input is under 4 GiB) */
	size_t line_count;
	size_t last_line;           /* index of the line line_of found last */
	struct gz_node *root;
	struct gz_node *cur;        /* the open container */
	/* Blocks entered since the last text with a known position: they start
	 * on that text's line. */
	struct gz_node **pending;
	size_t pending_len, pending_cap;
	/* CJK soft-break removal: the last soft break of the open block and the
	 * code point that came before it (0 when none is waiting).  The node the
	 * last text went to (NULL: none since the block opened, or raw HTML):
	 * its last character is decoded only when a soft break follows. */
	struct gz_node *soft_break;
	uint32_t before_soft_break;
	const struct gz_node *last_text;
	struct gz_slugs *slugs;
	struct gz_log *log;
	struct gz_arena *arena;     /* every node and string of the tree */
	struct gz_buf scratch;      /* attributes and entities decoded for the arena */
	bool saw_html;              /* raw HTML: htmltree.c has work to do */
	/* gz_markdown_parse_blocks: where each top-level block goes, and where
	 * the arena stood after the root, to build the next one there.  A closed
	 * block with a block still waiting for its line (a rule: a block without
	 * text takes the next text's line) waits with it, as do the closed ones
	 * after it: `waiting` of them, the last children of the root but for the
	 * open one. */
	gz_block_fn *block_fn;
	void *block_ctx;
	struct gz_arena_mark after_root;
	size_t waiting;
};

static struct gz_node *
new_node(struct builder *b, enum gz_node_kind kind)
{
	return gz_arena_node(b->arena, kind);
}

static void
index_lines(struct builder *b)
{
	size_t cap = 64;
	b->line_starts = gz_xmalloc(cap * sizeof *b->line_starts);
	b->line_starts[0] = 0;
	b->line_count = 1;
	for (const char *p = b->src, *end = b->src + b->src_len;
	    (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (b->line_count == cap) {
			cap *= 2;
			b->line_starts = gz_xrealloc(b->line_starts, cap * sizeof *b->line_starts);
		}
		b->line_starts[b->line_count++] = (uint32_t)(p + 1 - b->src);
	}
}

/* The file line of a pointer into the source, or 0 when it points elsewhere
 * (md4c hands some text from its own buffers).  md4c reports positions
 * mostly in order, so the search starts from the line found last and looks
 * forward one, two, four... lines before it halves the range. */
static unsigned
line_of(struct builder *b, const char *p)
{
	if (p < b->src || p >= b->src + b->src_len)
		return 0;
	size_t off = (size_t)(p - b->src), lo = 0, hi = b->line_count;
	if (b->line_starts[b->last_line] <= off) {
		size_t step = 1;
		lo = b->last_line;
		while (lo + step < hi && b->line_starts[lo + step] <= off) {
			lo += step;
			step *= 2;
		}
		if (lo + step < hi)
			hi = lo + step;
	} else {
		hi = b->last_line;
	}
	/* line_starts[lo] <= off, and off < line_starts[hi] unless hi is the end */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	b->last_line = lo;
	return b->first_line + (unsigned)lo;
}

/* gz_markdown_parse_blocks: hands the b->waiting top-level blocks that end
 * with `last` to block_fn, in order (it may free each, and those before it),
 * and builds the next block where they were once the root is alone again. */
static void
hand_over(struct builder *b, struct gz_node *last)
{
	struct gz_node *n = last;
	for (size_t i = 1; i < b->waiting; i++)
		n = n->prev;
	for (size_t i = b->waiting; i > 0; i--) {
		struct gz_node *next = n->next;
		b->block_fn(b->root, n, b->block_ctx);
		n = next;
	}
	b->waiting = 0;
	if (!b->root->first)
		gz_arena_rewind(b->arena, b->after_root);
}

static void
settle_pending(struct builder *b, const char *p)
{
	unsigned line = line_of(b, p);
	if (line == 0)
		return;
	for (size_t i = 0; i < b->pending_len; i++)
		b->pending[i]->line = line;
	b->pending_len = 0;
	/* Closed blocks that waited for this line go on; p is in the open one. */
	if (b->waiting > 0)
		hand_over(b, b->root->last->prev);
}

/* Gives the blocks waiting for a line the line of p.  Most texts find none
 * waiting: that test is inline. */
static inline void
saw_position(struct builder *b, const char *p)
{
	if (b->pending_len != 0)
		settle_pending(b, p);
}

static void
open_node(struct builder *b, struct gz_node *n)
{
	gz_node_append_inline(b->cur, n);
	b->cur = n;
	if (gz_kind_is_block(n->kind)) {
		if (b->pending_len == b->pending_cap) {
			b->pending_cap = b->pending_cap ? b->pending_cap * 2 : 16;
			b->pending = gz_xrealloc(b->pending, b->pending_cap * sizeof *b->pending);
		}
		b->pending[b->pending_len++] = n;
		b->soft_break = NULL;
		b->last_text = NULL;
	}
}

/* Appends an attribute's text with entities and NUL characters decoded. */
static void
decode_attribute(struct gz_buf *out, const MD_ATTRIBUTE *a)
{
	for (unsigned i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t len = a->substr_offsets[i + 1] - a->substr_offsets[i];
		switch (a->substr_types[i]) {
		case MD_TEXT_ENTITY:
			if (!gz_entity_decode(s, len, out))
				gz_buf_append(out, s, len);
			break;
		case MD_TEXT_NULLCHAR:
			gz_buf_append(out, "\xEF\xBF\xBD", 3);
			break;
		default:
			gz_buf_append(out, s, len);
			break;
		}
	}
}

/* An attribute as a string of the tree's. */
static char *
attribute(struct builder *b, const MD_ATTRIBUTE *a)
{
	if (!a->text || !a->size)
		return gz_arena_strndup(b->arena, "", 0);
	saw_position(b, a->text);
	/* Most attributes are one piece of plain text: copied as they are. */
	if (a->substr_offsets[1] == a->size && a->substr_types[0] == MD_TEXT_NORMAL)
		return gz_arena_strndup(b->arena, a->text, a->size);
	b->scratch.len = 0;
	decode_attribute(&b->scratch, a);
	return gz_arena_strndup(b->arena, b->scratch.data ? b->scratch.data : "", b->scratch.len);
}

static char *
attribute_or_null(struct builder *b, const MD_ATTRIBUTE *a)
{
	return a->text && a->size ? attribute(b, a) : NULL;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct builder *b = userdata;
	struct gz_node *n;

	switch (type) {
	case MD_BLOCK_DOC:
		return 0;       /* the root exists already */
	case MD_BLOCK_QUOTE:
		n = new_node(b, GZ_NODE_BLOCKQUOTE);
		break;
	case MD_BLOCK_UL: {
		const MD_BLOCK_UL_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_LIST);
		n->list.tight = d->is_tight;
		n->list.mark = d->mark;
		break;
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_LIST);
		n->list.ordered = true;
		n->list.tight = d->is_tight;
		n->list.start = d->start;
		n->list.mark = d->mark_delimiter;
		break;
	}
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_ITEM);
		if (d->is_task)
			n->item.task = d->task_mark == ' ' ? GZ_TASK_OPEN : GZ_TASK_DONE;
		break;
	}
	case MD_BLOCK_HR:
		n = new_node(b, GZ_NODE_THEMATIC_BREAK);
		break;
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_HEADING);
		n->heading.level = (int)d->level;
		break;
	}
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_CODE_BLOCK);
		n->fenced = d->fence_char != 0;
		open_node(b, n);
		n->code.info = attribute_or_null(b, &d->info);
		n->code.lang = attribute_or_null(b, &d->lang);
		n->text = gz_arena_strndup(b->arena, "", 0);
		return 0;
	}
	case MD_BLOCK_HTML:
		n = new_node(b, GZ_NODE_HTML_BLOCK);
		n->text = gz_arena_strndup(b->arena, "", 0);
		break;
	case MD_BLOCK_P:
		n = new_node(b, GZ_NODE_PARAGRAPH);
		break;
	case MD_BLOCK_TABLE: {
		const MD_BLOCK_TABLE_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_TABLE);
		n->table.columns = d->col_count;
		break;
	}
	case MD_BLOCK_THEAD:
		n = new_node(b, GZ_NODE_TABLE_HEAD);
		break;
	case MD_BLOCK_TBODY:
		n = new_node(b, GZ_NODE_TABLE_BODY);
		break;
	case MD_BLOCK_TR:
		n = new_node(b, GZ_NODE_TABLE_ROW);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		static const enum gz_align aligns[] = {
			[MD_ALIGN_DEFAULT] = GZ_ALIGN_NONE,
			[MD_ALIGN_LEFT] = GZ_ALIGN_LEFT,
			[MD_ALIGN_CENTER] = GZ_ALIGN_CENTER,
			[MD_ALIGN_RIGHT] = GZ_ALIGN_RIGHT,
		};
		const MD_BLOCK_TD_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_TABLE_CELL);
		n->cell.header = type == MD_BLOCK_TH;
		n->cell.align = d->align < GZ_ARRAY_LEN(aligns) ? aligns[d->align] : GZ_ALIGN_NONE;
		break;
	}
	default:
		return 0;
	}
	open_node(b, n);
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	(void)detail;
	struct builder *b = userdata;
	if (type == MD_BLOCK_DOC)
		return 0;
	/* md4c 0.4.8 does not always balance its span events (a `~~` inside a
	 * permissive www autolink leaves a strikethrough it never entered, or
	 * the reverse): close any span still open, and never leave the root. */
	struct gz_node *n = b->cur;
	while (n != b->root && !gz_kind_is_block(n->kind))
		n = n->parent;
	if (n == b->root)
		return 0;
	if (n->kind == GZ_NODE_HEADING) {
		b->scratch.len = 0;
		gz_node_plain_text_into(n, &b->scratch);
		size_t len;
		const char *id = gz_slug_unique(b->slugs, b->scratch.data ? b->scratch.data : "",
		    b->scratch.len, &len);
		n->heading.id = gz_arena_strndup(b->arena, id, len);
	}
	b->cur = n->parent;
	b->soft_break = NULL;
	b->last_text = NULL;
	if (b->block_fn && b->cur == b->root) {
		b->waiting++;
		if (b->pending_len == 0)
			hand_over(b, n);
	}
	return 0;
}

/* md4c 0.4.8 does not flag autolinks: a link whose only text is its own
 * destination (less a scheme md4c added) is one. */
static bool
looks_autolinked(const struct gz_node *link)
{
	const struct gz_node *t = link->first;
	if (!t || t != link->last || t->kind != GZ_NODE_TEXT || !link->link.url)
		return false;
	const char *url = link->link.url;
	if (strcmp(url, t->text) == 0)
		return true;
	static const char *const added[] = { "mailto:", "http://" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(added); i++) {
		size_t n = strlen(added[i]);
		if (strncmp(url, added[i], n) == 0 && strcmp(url + n, t->text) == 0)
			return true;
	}
	return false;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct builder *b = userdata;
	struct gz_node *n;

	switch (type) {
	case MD_SPAN_EM:
		n = new_node(b, GZ_NODE_EMPHASIS);
		break;
	case MD_SPAN_STRONG:
		n = new_node(b, GZ_NODE_STRONG);
		break;
	case MD_SPAN_DEL:
		n = new_node(b, GZ_NODE_STRIKETHROUGH);
		break;
	case MD_SPAN_CODE:
		n = new_node(b, GZ_NODE_CODE);
		n->text = gz_arena_strndup(b->arena, "", 0);
		break;
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_LINK);
		n->link.url = attribute(b, &d->href);
		n->link.title = attribute_or_null(b, &d->title);
		break;
	}
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;
		n = new_node(b, GZ_NODE_IMAGE);
		n->link.url = attribute(b, &d->src);
		n->link.title = attribute_or_null(b, &d->title);
		break;
	}
	default:
		/* Spans of extensions gazette does not enable: keep the text only. */
		return 0;
	}
	open_node(b, n);
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	(void)detail;
	struct builder *b = userdata;
	enum gz_node_kind kind;
	switch (type) {
	case MD_SPAN_EM:
		kind = GZ_NODE_EMPHASIS;
		break;
	case MD_SPAN_STRONG:
		kind = GZ_NODE_STRONG;
		break;
	case MD_SPAN_DEL:
		kind = GZ_NODE_STRIKETHROUGH;
		break;
	case MD_SPAN_CODE:
		kind = GZ_NODE_CODE;
		break;
	case MD_SPAN_A:
		kind = GZ_NODE_LINK;
		break;
	case MD_SPAN_IMG:
		kind = GZ_NODE_IMAGE;
		break;
	default:
		return 0;
	}
	/* A leave md4c never entered (see leave_block) is ignored. */
	if (b->cur->kind != kind)
		return 0;
	if (b->cur->kind == GZ_NODE_LINK)
		b->cur->autolink = looks_autolinked(b->cur);
	b->cur = b->cur->parent;
	return 0;
}

/* Appends to the open node's own text (code, HTML) or to a TEXT child;
 * returns the node appended to. */
static const struct gz_node *
append_text(struct builder *b, enum gz_node_kind kind, const char *s, size_t len)
{
	struct gz_node *n = b->cur;
	if (n->kind == GZ_NODE_CODE || n->kind == GZ_NODE_CODE_BLOCK
	    || n->kind == GZ_NODE_HTML_BLOCK) {
		/* their text was set when they were opened */
	} else if (n->last && n->last->kind == kind) {
		n = n->last;
	} else {
		/* Most text nodes get one piece: allocate it with the node. */
		struct gz_node *t = gz_arena_text_node(b->arena, kind, s, len);
		gz_node_append_inline(n, t);
		return t;
	}
	n->text = gz_arena_append(b->arena, n->text, n->len, s, len);
	n->len += len;
	return n;
}

/* A soft break between two CJK characters is no space to a Chinese or
 * Japanese reader: drop it once the character after it is known. */
static void
settle_soft_break(struct builder *b, const char *s, size_t len)
{
	if (!b->soft_break || len == 0)
		return;
	uint32_t next;
	gz_utf8_decode(s, len, &next);
	if (gz_is_cjk(b->before_soft_break) && gz_is_cjk(next))
		gz_node_free(b->soft_break);
	b->soft_break = NULL;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *userdata)
{
	struct builder *b = userdata;
	struct gz_node *n;

	saw_position(b, s);
	switch (type) {
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		n = new_node(b, type == MD_TEXT_BR ? GZ_NODE_HARD_BREAK : GZ_NODE_SOFT_BREAK);
		gz_node_append_inline(b->cur, n);
		b->soft_break = NULL;
		if (type == MD_TEXT_SOFTBR) {
			b->soft_break = n;
			b->before_soft_break = b->last_text
			    ? gz_utf8_last(b->last_text->text, b->last_text->len) : 0;
		}
		return 0;
	case MD_TEXT_HTML:
		b->saw_html = true;
		if (b->cur->kind != GZ_NODE_HTML_BLOCK) {
			append_text(b, GZ_NODE_HTML_INLINE, s, size);
			b->last_text = NULL;
			b->soft_break = NULL;
			return 0;
		}
		break;
	case MD_TEXT_NULLCHAR:
		s = "\xEF\xBF\xBD";
		size = 3;
		break;
	case MD_TEXT_ENTITY:
		b->scratch.len = 0;
		if (gz_entity_decode(s, size, &b->scratch)) {
			s = b->scratch.data;
			size = (MD_SIZE)b->scratch.len;
		}
		break;
	default:
		break;
	}
	if (size) {
		settle_soft_break(b, s, size);
		b->last_text = append_text(b, GZ_NODE_TEXT, s, size);
	}
	return 0;
}

static struct gz_node *
parse(const char *name, const char *src, size_t len, unsigned first_line,
    enum gz_dialect dialect, struct gz_log *log, gz_block_fn *fn, void *ctx)
{
	struct builder b = {
		.name = name,
		.src = src,
		.src_len = len,
		.first_line = first_line,
		.slugs = gz_slugs_new(),
		.log = log,
		.arena = gz_arena_new(),
		.block_fn = fn,
		.block_ctx = ctx,
	};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = dialect == GZ_DIALECT_GITHUB ? MD_DIALECT_GITHUB : MD_DIALECT_COMMONMARK,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = text,
	};

	b.root = b.cur = new_node(&b, GZ_NODE_DOCUMENT);
	b.root->line = first_line;
	b.after_root = gz_arena_mark(b.arena);
	if (len > UINT32_MAX) {
		gz_error(log, name, 0, "the input is larger than 4 GiB, which md4c cannot parse");
		gz_node_free(b.root);
		b.root = NULL;
	} else {
		index_lines(&b);        /* its 32-bit offsets need the test above */
		if (md_parse(src, (MD_SIZE)len, &parser, &b) != 0) {
			gz_error(log, name, 0, "md4c could not parse the Markdown (out of memory?)");
			gz_node_free(b.root);
			b.root = NULL;
		} else if (b.waiting > 0) {
			hand_over(&b, b.root->last);    /* no text after them: no line */
		}
	}
	if (b.root && b.saw_html && !fn)
		gz_html_tree(b.root, name, src, len, first_line, dialect, log);
	free(b.line_starts);
	free(b.pending);
	gz_buf_free(&b.scratch);
	gz_slugs_free(b.slugs);
	return b.root;
}

struct gz_node *
gz_markdown_parse(const char *name, const char *src, size_t len, unsigned first_line,
    enum gz_dialect dialect, struct gz_log *log)
{
	return parse(name, src, len, first_line, dialect, log, NULL, NULL);
}

struct gz_node *
gz_markdown_parse_blocks(const char *name, const char *src, size_t len, unsigned first_line,
    enum gz_dialect dialect, struct gz_log *log, gz_block_fn *fn, void *ctx)
{
	return parse(name, src, len, first_line, dialect, log, fn, ctx);
}
