/* anchors.c: destinations for `id` attributes (raw HTML's <a id>, kramdown's
 * {#id}, any element's id), placed at the top of the first atom laid out
 * for the node that holds them. */
#include "anchors.h"
#include "lay.h"

#include <stdlib.h>

static enum gz_walk_result
name_one(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	const char *id = gz_node_attr(n, "id");
	if (!id || !*id || g_hash_table_contains(l->dests, id))
		return GZ_WALK_NEXT;
	/* ASCII names: cairo 1.16 resolves no other (ids keep CJK). */
	char *dest = gz_xasprintf("a%u", ++l->lo->dest_count);
	g_hash_table_insert(l->dests, gz_xstrdup(id), dest);
	if (!l->anchor_nodes)
		l->anchor_nodes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
	g_hash_table_insert(l->anchor_nodes, (gpointer)n, gz_xstrdup(dest));
	return GZ_WALK_NEXT;
}

void
pdf_anchors_name(struct lay *l, const struct gz_node *root)
{
	struct gz_handler h[GZ_NODE_KIND_COUNT];
	for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
		h[k] = (struct gz_handler){ .enter = name_one };
	gz_walk(root, h, l);
}

/* Moves n's destination, if it has one not placed yet, to the pending list. */
static enum gz_walk_result
pend(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	gpointer name;
	if (g_hash_table_steal_extended(l->anchor_nodes, n, NULL, &name)) {
		struct pdf_anchor *a = gz_xcalloc(1, sizeof *a);
		a->name = name;
		a->next = l->anchors;
		l->anchors = a;
	}
	return GZ_WALK_NEXT;
}

void
pdf_anchors_enter(struct lay *l, const struct gz_node *n)
{
	if (!l->anchor_nodes || g_hash_table_size(l->anchor_nodes) == 0)
		return;
	/* A block of text, or a table, is laid out whole: what it holds is
	 * never entered on its own. */
	bool whole = n->kind != GZ_NODE_DOCUMENT && (n->kind == GZ_NODE_TABLE
	    || !gz_node_is_block(n->kind) || (n->first && !gz_node_is_block(n->first->kind)));
	if (!whole) {
		pend(n, l);
		return;
	}
	struct gz_handler h[GZ_NODE_KIND_COUNT];
	for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
		h[k] = (struct gz_handler){ .enter = pend };
	gz_walk(n, h, l);
}

void
pdf_anchors_finish(struct lay *l)
{
	if (l->anchor_nodes) {
		GHashTableIter it;
		gpointer node;
		g_hash_table_iter_init(&it, l->anchor_nodes);
		while (g_hash_table_iter_next(&it, &node, NULL)) {
			pend(node, l);
			g_hash_table_iter_init(&it, l->anchor_nodes);
		}
		g_hash_table_destroy(l->anchor_nodes);
		l->anchor_nodes = NULL;
	}
	if (!l->anchors)
		return;
	if (l->lo->count > l->first) {
		/* the last atom, or the first line of the last text */
		size_t at = l->lo->count == l->text_end ? l->text_first : l->lo->count - 1;
		struct pdf_atom *last = &l->lo->atoms[at];
		struct pdf_anchor **tail = &l->anchors;
		while (*tail)
			tail = &(*tail)->next;
		*tail = last->anchors;
		last->anchors = l->anchors;
	} else {
		pdf_anchors_free(l->anchors);
	}
	l->anchors = NULL;
}

void
pdf_anchors_draw(cairo_t *cr, const struct pdf_anchor *a, double x_pt, double y_pt)
{
	char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(x, sizeof x, "%.2f", x_pt);
	g_ascii_formatd(y, sizeof y, "%.2f", y_pt);
	for (; a; a = a->next) {
		char *attrs = gz_xasprintf("name='%s' x=%s y=%s", a->name, x, y);
		cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
		cairo_tag_end(cr, CAIRO_TAG_DEST);
		free(attrs);
	}
}
