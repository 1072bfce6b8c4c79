/* outline.c: the page's headings as the Nu checker wants them: no skipped
 * level below the title, and ids that no other id of the page repeats. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The next node after n in document order below root, or NULL; `into`: n's
 * children are visited. */
static struct gz_node *
next_node(struct gz_node *n, const struct gz_node *root, bool into)
{
	if (into && n->first)
		return n->first;
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

/* Whether a node may hold headings: the walk over headings enters nothing else. */
static bool
holds_blocks(enum gz_node_kind kind)
{
	switch (kind) {
	case GZ_NODE_BLOCKQUOTE: case GZ_NODE_LIST: case GZ_NODE_ITEM: case GZ_NODE_DIV:
	case GZ_NODE_DEF_LIST: case GZ_NODE_DEF_TERM: case GZ_NODE_DEF_DATA:
	case GZ_NODE_FOOTNOTES: case GZ_NODE_FOOTNOTE:
		return true;
	default:
		return false;
	}
}

/*
 * A heading may go one level deeper than the heading it follows, never more:
 * a deeper heading is raised to the level below its parent heading's (the
 * nearest earlier heading written shallower in the source), as pandoc's
 * --shift-heading-level-by would shift a page that starts at `###`.  The
 * first heading of a titled page (whose title the HTML page writes as an h1
 * above the body) goes to level 2 at most.  Relative nesting is kept.  Only
 * titled pages change: an untitled page's outline is all its author's (and
 * the CommonMark spec's examples keep their levels).
 */
void
gz_outline_start(struct gz_outline *o, bool titled)
{
	*o = (struct gz_outline){ .titled = titled };
}

void
gz_outline_block(struct gz_outline *o, struct gz_node *block)
{
	if (!o->started && block->kind == GZ_NODE_HEADING && block->heading.level == 1)
		o->titled = false;      /* the body's own h1 is the title */
	o->started = true;
	if (!o->titled)
		return;
	for (struct gz_node *n = block; n;
	    n = n == block ? (holds_blocks(n->kind) ? n->first : NULL)
	    : next_node(n, block, holds_blocks(n->kind))) {
		if (n->kind != GZ_NODE_HEADING)
			continue;
		int level = n->heading.level;
		while (o->depth > 0 && o->written[o->depth - 1] >= level)
			o->depth--;
		int to = o->depth > 0 ? o->given[o->depth - 1] + 1 : level > 2 ? 2 : level;
		o->written[o->depth] = level;
		o->given[o->depth++] = to;
		n->heading.level = to;
	}
}

void
gz_outline_levels(struct gz_node *root, bool titled)
{
	struct gz_outline o;
	gz_outline_start(&o, titled);
	for (struct gz_node *n = root->first; n; n = n->next)
		gz_outline_block(&o, n);
}

/* Reserves the ids that raw HTML text gives (`id="x"`, `id='x'`, `id=x`,
 * and `name` as an anchor's). */
static void
reserve_html_ids(struct gz_slugs *slugs, const char *s, size_t len)
{
	for (const char *p = s, *end = s + len; (p = memchr(p, '=', (size_t)(end - p))); p++) {
		bool id = p - s >= 3 && memcmp(p - 2, "id", 2) == 0;
		bool name = p - s >= 5 && memcmp(p - 4, "name", 4) == 0;
		if (!(id || name) || !strchr(" \t\n\r", p[id ? -3 : -5]))
			continue;
		const char *v = p + 1, *v_end;
		if (v < end && (*v == '"' || *v == '\'')) {
			v_end = memchr(v + 1, *v, (size_t)(end - v - 1));
			v++;
		} else {
			for (v_end = v; v_end < end && !strchr(" \t\n\r>/", *v_end); v_end++)
				;
		}
		if (v_end)
			gz_slug_reserve(slugs, v, (size_t)(v_end - v));
	}
}

void
gz_footnote_id(struct gz_buf *out, const struct gz_node *n)
{
	if (n->kind == GZ_NODE_FOOTNOTE) {
		gz_buf_puts(out, "fn-");
		gz_buf_puts(out, n->note.label);
		return;
	}
	gz_buf_puts(out, "fnref-");
	gz_buf_puts(out, n->note.label);
	if (n->note.refs > 1)
		gz_buf_printf(out, "-%u", n->note.refs);
}

void
gz_outline_ids(struct gz_node *root)
{
	struct gz_slugs *slugs = gz_slugs_new();
	struct gz_buf buf = {0};
	/* Every id the page has besides its headings' own comes first. */
	for (struct gz_node *n = root->first; n; n = next_node(n, root, true)) {
		const char *id = gz_node_attr(n, "id");
		if (id)
			gz_slug_reserve(slugs, id, strlen(id));
		if (n->kind == GZ_NODE_HTML_BLOCK || n->kind == GZ_NODE_HTML_INLINE) {
			reserve_html_ids(slugs, n->text, n->len);
		} else if (n->kind == GZ_NODE_FOOTNOTE || n->kind == GZ_NODE_FOOTNOTE_REF) {
			buf.len = 0;
			gz_footnote_id(&buf, n);
			gz_slug_reserve(slugs, buf.data, buf.len);
		}
	}
	for (struct gz_node *n = root->first; n; n = next_node(n, root, holds_blocks(n->kind))) {
		if (n->kind != GZ_NODE_HEADING || gz_node_attr(n, "id"))
			continue;
		buf.len = 0;
		gz_node_plain_text_into(n, &buf);
		size_t len;
		const char *id = gz_slug_unique(slugs, buf.data ? buf.data : "", buf.len, &len);
		if (!gz_node_arena(n))
			free(n->heading.id);
		n->heading.id = gz_node_arena(n) ? gz_arena_strndup(gz_node_arena(n), id, len) : gz_xstrndup(id, len);
	}
	gz_buf_free(&buf);
	gz_slugs_free(slugs);
}
