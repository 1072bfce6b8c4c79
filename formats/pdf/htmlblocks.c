/* htmlblocks.c: raw HTML's nodes in the PDF: an HTML block draws what it
 * maps to (src/htmltree.c), containers (div, center, figure, details) hold
 * blocks, definition lists set their terms bold and indent their data, and
 * what no PDF can show (iframe, script, video, forms) is reported. */
#include "htmlblocks.h"

#include <string.h>

/* An HTML block: its mapped nodes, drawn by their own handlers. */
static enum gz_walk_result
enter_html_block(const struct gz_node *n, void *ctx)
{
	(void)n, (void)ctx;
	return GZ_WALK_NEXT;
}

/* Whether a container's text is centred: <center>, align="center", a
 * text-align: center style or the text-center class (Bootstrap's, which
 * kramdown pages put in IALs), a figure and its caption. */
static bool
centred(const struct gz_node *n)
{
	const char *tag = n->elem.tag ? n->elem.tag : "";
	const char *align = gz_node_attr(n, "align"), *style = gz_node_attr(n, "style");
	const char *cls = gz_node_attr(n, "class");
	return strcmp(tag, "center") == 0 || strcmp(tag, "figure") == 0
	    || strcmp(tag, "figcaption") == 0 || strcmp(tag, "caption") == 0
	    || (align && g_ascii_strcasecmp(align, "center") == 0)
	    || (style && strstr(style, "text-align") && strstr(style, "center"))
	    || (cls && strstr(cls, "text-center"));
}

static enum gz_walk_result
enter_div(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	const char *tag = n->elem.tag ? n->elem.tag : "";
	struct frame *f = push_frame(l, n, "Div");     /* left by leave_container */
	if (gz_tag_is_undrawn(n->elem.tag))
		return GZ_WALK_SKIP;    /* reported by pdf_html_warn */
	f->tight = false;
	if (centred(n))
		f->align = PANGO_ALIGN_CENTER;
	if (strcmp(tag, "figcaption") == 0 || strcmp(tag, "caption") == 0)
		f->scale = 0.85;
	if (strcmp(tag, "summary") == 0)
		f->bold = true;
	lay_want_gap(l, para_gap(l));
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
enter_def_list(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	push_frame(l, n, "L")->tight = true;
	lay_want_gap(l, para_gap(l));
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
enter_def_term(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = push_frame(l, n, "Lbl");
	f->bold = true;
	f->tight = true;
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
enter_def_data(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = push_frame(l, n, "LBody");
	indent(l, f, l->st->size_pt * 1.6);
	f->tight = true;
	return GZ_WALK_NEXT;
}

void
pdf_html_handlers(struct gz_handler h[GZ_NODE_KIND_COUNT])
{
	h[GZ_NODE_HTML_BLOCK] = (struct gz_handler){ .enter = enter_html_block };
	h[GZ_NODE_DIV] = (struct gz_handler){ .enter = enter_div, .leave = leave_container };
	h[GZ_NODE_DEF_LIST] = (struct gz_handler){ .enter = enter_def_list,
		.leave = leave_container };
	h[GZ_NODE_DEF_TERM] = (struct gz_handler){ .enter = enter_def_term,
		.leave = leave_container };
	h[GZ_NODE_DEF_DATA] = (struct gz_handler){ .enter = enter_def_data,
		.leave = leave_container };
}

/* Undrawn elements already reported for this page, by name. */
struct warned {
	const struct gz_doc *doc;
	struct gz_log *log;
	char names[16][16];
	size_t count;
};

static unsigned
line_of(const struct gz_node *n)
{
	while (n && n->line == 0)
		n = n->parent;
	return n ? n->line : 0;
}

static enum gz_walk_result
check_elem(const struct gz_node *n, void *ctx)
{
	struct warned *w = ctx;
	if (!gz_tag_is_undrawn(n->elem.tag))
		return GZ_WALK_NEXT;
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->names[i], n->elem.tag) == 0)
			return GZ_WALK_SKIP;
	if (w->count < GZ_ARRAY_LEN(w->names))
		g_strlcpy(w->names[w->count++], n->elem.tag, sizeof w->names[0]);
	gz_warn(w->log, w->doc->name, line_of(n),
	    "<%s> is left out of the PDF: a PDF cannot show it (further ones on this page too)",
	    n->elem.tag);
	return GZ_WALK_SKIP;
}

void
pdf_html_warn(const struct gz_doc *doc, struct gz_log *log)
{
	struct gz_handler h[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_DIV] = { .enter = check_elem },
		[GZ_NODE_SPAN] = { .enter = check_elem },
	};
	struct warned w = { .doc = doc, .log = log };
	gz_walk(doc->root, h, &w);
}
