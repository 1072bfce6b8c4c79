/* fuzz_rawhtml.c: raw HTML into the tree (src/htmltree.c, src/rawhtml.c):
 * the tree's links stay consistent after its surgery, raw containers keep
 * their tags as first and last children, tables hold only their own
 * parts, and --safe HTML lets no script through. */
#include "fuzz.h"

/* The kind every child of a node of kind k must have (the backends rely on
 * it), or GZ_NODE_KIND_COUNT when any will do. */
static enum gz_node_kind
child_kind(enum gz_node_kind k)
{
	switch (k) {
	case GZ_NODE_TABLE_HEAD:
	case GZ_NODE_TABLE_BODY:
		return GZ_NODE_TABLE_ROW;
	case GZ_NODE_TABLE_ROW:
		return GZ_NODE_TABLE_CELL;
	default:
		return GZ_NODE_KIND_COUNT;
	}
}

/* Aborts unless n's children point back at n and at each other, a table
 * part holds only what it should, and a raw DIV or SPAN begins and ends
 * with the raw HTML of its tags. */
static enum gz_walk_result
check_links(const struct gz_node *n, void *ctx)
{
	(void)ctx;
	const struct gz_node *prev = NULL;
	for (const struct gz_node *c = n->first; c; prev = c, c = c->next)
		if (c->parent != n || c->prev != prev)
			abort();
	enum gz_node_kind want = child_kind(n->kind);
	for (const struct gz_node *c = n->first; c; c = c->next)
		if ((want != GZ_NODE_KIND_COUNT && c->kind != want)
		    || (n->kind == GZ_NODE_TABLE && c->kind != GZ_NODE_TABLE_HEAD
		    && c->kind != GZ_NODE_TABLE_BODY))
			abort();
	if (n->last != prev)
		abort();
	if ((n->kind == GZ_NODE_DIV || n->kind == GZ_NODE_SPAN) && n->raw) {
		enum gz_node_kind k = n->kind == GZ_NODE_DIV ? GZ_NODE_HTML_BLOCK
		    : GZ_NODE_HTML_INLINE;
		if (!n->first || n->first->kind != k || n->last->kind != k || !n->elem.tag)
			abort();
	}
	return GZ_WALK_NEXT;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	struct gz_log log = FUZZ_LOG;
	struct gz_doc *doc = gz_doc_parse("fuzz.md", (const char *)data, size, NULL, &opts, &log);
	if (doc) {
		struct gz_handler h[GZ_NODE_KIND_COUNT];
		for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
			h[k] = (struct gz_handler){ .enter = check_links };
		gz_walk(doc->root, h, NULL);
		gz_doc_free(doc);
	}
	struct gz_buf out = {0};
	opts.safe = true;
	if (gz_convert((const char *)data, size, "html", &opts, &log, &out) && out.data
	    && (strstr(out.data, "<script") || strstr(out.data, "<iframe")))
		abort();
	gz_buf_free(&out);
	return 0;
}
