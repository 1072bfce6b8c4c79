/* html_notes.c: footnotes as cmark-gfm writes them (GitHub's HTML): the
 * reference, the list at the end with its back-links, and a feed item's own
 * notes. */
#include "html_write.h"

#include <stdlib.h>

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
	html_put_url(h, frag.data);
	gz_buf_free(&frag);
}

enum gz_walk_result
html_enter_footnote_ref(const struct gz_node *n, void *ctx)
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
void
html_put_backrefs(struct html *h, const struct gz_node *note)
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

enum gz_walk_result
html_enter_footnotes(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<section class=\"footnotes\" data-footnotes>\n<ol>\n");
	return GZ_WALK_NEXT;
}

void
html_leave_footnotes(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "</ol>\n</section>\n");
}

enum gz_walk_result
html_enter_footnote(const struct gz_node *n, void *ctx)
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

void
html_leave_footnote(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	/* Back-links close the last paragraph; otherwise they stand alone. */
	if (!n->last || n->last->kind != GZ_NODE_PARAGRAPH) {
		cr(h);
		html_put_backrefs(h, n);
	}
	cr(h);
	PUT_LIT(h->out, "</li>\n");
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
		html_enter_footnotes(notes, &h);
		for (const struct gz_node *fn = notes->first; fn; fn = fn->next)
			if (fn->note.number && used[fn->note.number - 1])
				html_walk(fn, &h);
		html_leave_footnotes(notes, &h);
	}
	free(used);
}
