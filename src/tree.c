/* tree.c: nodes of the document tree: creation, linking, freeing (see arena.c). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
	[GZ_NODE_DOCUMENT] = "document",
	[GZ_NODE_HEADING] = "heading",
	[GZ_NODE_PARAGRAPH] = "paragraph",
	[GZ_NODE_BLOCKQUOTE] = "blockquote",
	[GZ_NODE_LIST] = "list",
	[GZ_NODE_ITEM] = "item",
	[GZ_NODE_CODE_BLOCK] = "code_block",
	[GZ_NODE_HTML_BLOCK] = "html_block",
	[GZ_NODE_THEMATIC_BREAK] = "thematic_break",
	[GZ_NODE_TABLE] = "table",
	[GZ_NODE_TABLE_HEAD] = "table_head",
	[GZ_NODE_TABLE_BODY] = "table_body",
	[GZ_NODE_TABLE_ROW] = "table_row",
	[GZ_NODE_TABLE_CELL] = "table_cell",
	[GZ_NODE_TEXT] = "text",
	[GZ_NODE_SOFT_BREAK] = "soft_break",
	[GZ_NODE_HARD_BREAK] = "hard_break",
	[GZ_NODE_HTML_INLINE] = "html_inline",
	[GZ_NODE_EMPHASIS] = "emphasis",
	[GZ_NODE_STRONG] = "strong",
	[GZ_NODE_STRIKETHROUGH] = "strikethrough",
	[GZ_NODE_CODE] = "code",
	[GZ_NODE_LINK] = "link",
	[GZ_NODE_IMAGE] = "image",
	[GZ_NODE_DIV] = "div",
	[GZ_NODE_DEF_LIST] = "def_list",
	[GZ_NODE_DEF_TERM] = "def_term",
	[GZ_NODE_DEF_DATA] = "def_data",
	[GZ_NODE_FOOTNOTES] = "footnotes",
	[GZ_NODE_FOOTNOTE] = "footnote",
	[GZ_NODE_SPAN] = "span",
	[GZ_NODE_FOOTNOTE_REF] = "footnote_ref",
};
_Static_assert(GZ_ARRAY_LEN(kind_names) == GZ_NODE_KIND_COUNT, "a node kind has no name");

const char *
gz_node_kind_name(enum gz_node_kind kind)
{
	return kind < GZ_NODE_KIND_COUNT ? kind_names[kind] : "?";
}

bool
gz_node_is_block(enum gz_node_kind kind)
{
	return gz_kind_is_block(kind);
}

struct gz_node *
gz_node_new(enum gz_node_kind kind)
{
	struct gz_node *n = gz_xcalloc(1, sizeof *n);
	n->kind = kind;
	return n;
}

void
gz_node_set_text(struct gz_node *n, const char *s, size_t len)
{
	if (len > UINT32_MAX) {
		/* The tree holds what md4c parsed, which is under 4 GiB. */
		fprintf(stderr, "gazette: a node's text of %zu bytes (4 GiB at most)\n", len);
		abort();
	}
	struct gz_arena *arena = gz_node_arena(n);
	if (arena) {
		n->text = gz_arena_strndup(arena, s, len);
	} else {
		free(n->text);
		n->text = gz_xstrndup(s, len);
	}
	n->len = len;
}

const char *
gz_node_attr(const struct gz_node *n, const char *name)
{
	for (const struct gz_attr *a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

/* A copy of s[0..len) owned as n's strings are. */
static char *
node_strndup(struct gz_node *n, const char *s, size_t len)
{
	struct gz_arena *arena = gz_node_arena(n);
	return arena ? gz_arena_strndup(arena, s, len) : gz_xstrndup(s, len);
}

void
gz_node_set_attr(struct gz_node *n, const char *name, const char *value)
{
	struct gz_arena *arena = gz_node_arena(n);
	struct gz_attr **at = &n->attrs;
	while (*at && strcmp((*at)->name, name) != 0)
		at = &(*at)->next;
	struct gz_attr *a = *at;
	if (!value) {
		if (a) {
			*at = a->next;
			if (!arena) {
				free((char *)a->name);
				free((char *)a->value);
				free(a);
			}
		}
		return;
	}
	char *old = a ? (char *)a->value : NULL;
	char *v;
	if (old && strcmp(name, "class") == 0 && *old) {
		size_t ol = strlen(old), vl = strlen(value);
		v = arena ? gz_arena_alloc(arena, ol + vl + 2) : gz_xmalloc(ol + vl + 2);
		memcpy(v, old, ol);
		v[ol] = ' ';
		memcpy(v + ol + 1, value, vl + 1);
	} else {
		v = node_strndup(n, value, strlen(value));
	}
	if (a) {
		if (!arena)
			free(old);
		a->value = v;
		return;
	}
	a = arena ? gz_arena_alloc(arena, sizeof *a) : gz_xmalloc(sizeof *a);
	a->name = node_strndup(n, name, strlen(name));
	a->value = v;
	a->next = NULL;
	*at = a;
}

void
gz_node_append(struct gz_node *parent, struct gz_node *child)
{
	gz_node_append_inline(parent, child);
}

void
gz_node_insert_before(struct gz_node *at, struct gz_node *parent, struct gz_node *n)
{
	if (!at) {
		gz_node_append(parent, n);
		return;
	}
	gz_arena_link(parent, n, true);
	n->parent = parent;
	n->prev = at->prev;
	n->next = at;
	if (at->prev)
		at->prev->next = n;
	else
		parent->first = n;
	at->prev = n;
}

void
gz_node_unlink(struct gz_node *n)
{
	if (n->parent)
		gz_arena_link(n->parent, n, false);
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

/* Frees a node of gz_node_new's and its strings. */
static void
free_fields(struct gz_node *n)
{
	switch (n->kind) {
	case GZ_NODE_HEADING:
		free(n->heading.id);
		break;
	case GZ_NODE_CODE_BLOCK:
		free(n->code.info);
		free(n->code.lang);
		break;
	case GZ_NODE_LINK:
	case GZ_NODE_IMAGE:
		free(n->link.url);
		free(n->link.title);
		break;
	case GZ_NODE_DIV:
	case GZ_NODE_SPAN:
		free(n->elem.tag);
		break;
	case GZ_NODE_FOOTNOTE:
	case GZ_NODE_FOOTNOTE_REF:
		free(n->note.label);
		break;
	default:
		break;
	}
	for (struct gz_attr *a = n->attrs, *next; a; a = next) {
		next = a->next;
		free((char *)a->name);
		free((char *)a->value);
		free(a);
	}
	free(n->text);
	free(n);
}

/* A parsed page's tree, alone in its arena, goes at once.  Otherwise each
 * node's children are spliced in front of the rest of the work list, so the
 * whole subtree is freed in one loop whatever its depth, each child counted
 * as taken from its parent first.  An arena's nodes (and their strings) are
 * released a run at a time: the arena stays alive while any of its nodes is
 * still on the list. */
void
gz_node_free_children(struct gz_node *n)
{
	if (gz_arena_free_children(n))
		return;
	while (n->first)
		gz_node_free(n->first);
}

void
gz_node_free(struct gz_node *n)
{
	if (!n)
		return;
	if (n->parent)
		gz_node_unlink(n);
	if (gz_arena_free_tree(n))
		return;
	struct gz_node *todo = n, *last = NULL;
	struct gz_arena *arena = NULL;  /* of `count` nodes passed, `last` the latest */
	size_t count = 0;
	while (todo) {
		struct gz_node *cur = todo;
		todo = cur->next;
		if (cur->first) {
			for (const struct gz_node *c = cur->first; c != cur->last; c = c->next)
				gz_arena_link(cur, c, false);
			gz_arena_link(cur, cur->last, false);
			cur->last->next = todo;
			todo = cur->first;
		}
		struct gz_arena *a = gz_node_arena(cur);
		if (!a) {
			free_fields(cur);
			continue;
		}
		if (a != arena && count) {
			gz_arena_release(arena, last, count);
			count = 0;
		}
		arena = a;
		last = cur;
		count++;
	}
	if (count)
		gz_arena_release(arena, last, count);
}

struct plain_ctx {
	struct gz_buf *buf;
	const struct gz_node *root;
};

static enum gz_walk_result
plain_text(const struct gz_node *n, void *ctx)
{
	struct plain_ctx *p = ctx;
	gz_buf_append(p->buf, n->text, n->len);
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
plain_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct plain_ctx *p = ctx;
	gz_buf_putc(p->buf, ' ');
	return GZ_WALK_NEXT;
}

static void
plain_block_end(const struct gz_node *n, void *ctx)
{
	struct plain_ctx *p = ctx;
	if (n != p->root && n->next && p->buf->len && p->buf->data[p->buf->len - 1] != ' ')
		gz_buf_putc(p->buf, ' ');
}

void
gz_node_plain_text_into(const struct gz_node *n, struct gz_buf *out)
{
	static const struct gz_handler handlers[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_TEXT] = { .enter = plain_text },
		[GZ_NODE_CODE] = { .enter = plain_text },
		[GZ_NODE_CODE_BLOCK] = { .enter = plain_text, .leave = plain_block_end },
		[GZ_NODE_SOFT_BREAK] = { .enter = plain_break },
		[GZ_NODE_HARD_BREAK] = { .enter = plain_break },
		[GZ_NODE_PARAGRAPH] = { .leave = plain_block_end },
		[GZ_NODE_HEADING] = { .leave = plain_block_end },
		[GZ_NODE_ITEM] = { .leave = plain_block_end },
		[GZ_NODE_TABLE_CELL] = { .leave = plain_block_end },
	};
	struct plain_ctx p = { .buf = out, .root = n };
	gz_walk(n, handlers, &p);
}

char *
gz_node_plain_text(const struct gz_node *n)
{
	struct gz_buf buf = {0};
	gz_node_plain_text_into(n, &buf);
	return gz_buf_detach(&buf, NULL);
}
