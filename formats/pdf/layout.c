/* layout.c: the layout as data (atoms, structure elements, parts) and the
 * context a document is laid out in: open containers, the space owed before
 * the next atom, and texts pushed whole and broken into line atoms at the
 * end. */
#include "layout.h"
#include "lay.h"
#include "image.h"
#include "inline.h"
#include "lines.h"
#include "subset.h"
#include "table.h"
#include "typo.h"

#include <stdlib.h>
#include <string.h>

struct pdf_atom *
pdf_layout_push(struct pdf_layout *lo, enum pdf_atom_kind kind)
{
	if (lo->count == lo->cap) {
		lo->cap = lo->cap ? lo->cap * 2 : 256;
		lo->atoms = gz_xrealloc(lo->atoms, lo->cap * sizeof *lo->atoms);
	}
	struct pdf_atom *a = &lo->atoms[lo->count++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->header_row = -1;
	return a;
}

struct pdf_elem *
pdf_layout_elem(struct pdf_layout *lo, struct pdf_elem *parent, const char *tag)
{
	struct pdf_elem *e = gz_xcalloc(1, sizeof *e);
	e->tag = tag;
	e->parent = parent;
	e->all_next = lo->elems;
	lo->elems = e;
	return e;
}

struct frame *
lay_top(struct lay *l)
{
	return &l->frames[l->depth - 1];
}

void
lay_want_gap(struct lay *l, double gap_pt)
{
	if (gap_pt > l->gap_pt)
		l->gap_pt = gap_pt;
}

double
para_gap(const struct lay *l)
{
	return l->st->size_pt * 0.8;
}

/* A new atom with the owed space, the keep flag and a waiting marker. */
struct pdf_atom *
lay_push(struct lay *l, enum pdf_atom_kind kind, struct pdf_elem *elem, double x_pt)
{
	struct pdf_atom *a = pdf_layout_push(l->lo, kind);
	a->gap_pt = l->gap_pt;
	a->no_break_before = l->keep;
	a->elem = elem;
	a->x_pt = x_pt;
	a->marker = l->marker;
	a->span = l->span;
	a->anchors = l->anchors;
	l->anchors = NULL;
	l->marker = NULL;
	l->gap_pt = 0;
	l->keep = false;
	return a;
}

size_t
pdf_atom_note_refs(struct pdf_atom *a, const struct pdf_text *t, size_t from, int start,
    int end)
{
	size_t k = from;
	while (k < t->note_count && t->notes[k].start < start)
		k++;
	for (; k < t->note_count && t->notes[k].start < end; k++) {
		const struct pdf_note_ref *r = &t->notes[k];
		if (r->upto > a->note_upto)
			a->note_upto = r->upto;
		if (r->first) {
			/* where the note's number links back to */
			struct pdf_anchor *an = gz_xcalloc(1, sizeof *an);
			an->name = gz_xasprintf("fr%u", r->upto);
			an->next = a->anchors;
			a->anchors = an;
		}
	}
	return k;
}

/* Pushes one atom per line of `t`, broken (settled, or justified when the
 * text asks): the first takes the owed space, the keep flag and a waiting
 * marker, each later one is kept with the one before as `breaks` says.
 * The glyphs are noted and each line kept in its painted form (lines.h),
 * then the layout is freed: the whole document is laid out before
 * painting, and pango's lines take several times what painting reads. */
void
lay_push_lines(struct lay *l, struct pdf_text *t, struct pdf_elem *elem, double x_pt,
    enum line_breaks breaks, double pad_top_pt, double pad_bottom_pt, unsigned line)
{
	PangoLayout *layout = t->layout;
	pdf_fonts_note_now(l->fonts, layout, line);
	if (t->justify)
		pdf_typo_justify(layout);
	else
		pdf_typo_settle(layout);
	int n = pango_layout_get_line_count(layout);
	size_t first = l->lo->count;
	bool span = lay_push(l, PDF_ATOM_LINE, elem, x_pt)->span;
	size_t ref = 0;                 /* the text's first footnote reference not seen */
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	int i = 0;
	do {
		struct pdf_atom *a = i == 0 ? &l->lo->atoms[first]
		    : pdf_layout_push(l->lo, PDF_ATOM_LINE);
		if (i > 0) {
			a->elem = elem;
			a->x_pt = x_pt;
			a->span = span;
			a->no_break_before = breaks == BREAKS_NONE
			    || (breaks == BREAKS_PARAGRAPH && (i < 2 || n - i < 2));
		}
		int y0, y1;
		PangoRectangle logical;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		struct pdf_line *pl = pdf_line_new(layout, pango_layout_iter_get_line_readonly(it));
		a->line.text = t;
		a->line.line = pl;
		a->line.line_x_pu = logical.x;
		a->line.baseline_pu = pango_layout_iter_get_baseline(it) - y0;
		a->line.pad_top_pt = i == 0 ? pad_top_pt : 0;
		a->h_pt = pdf_pu_to_pt(y1 - y0) + a->line.pad_top_pt;
		if (t->note_count)
			ref = pdf_atom_note_refs(a, t, ref, pl->start, pl->start + pl->length);
		i++;
	} while (pango_layout_iter_next_line(it) && i < n);
	pango_layout_iter_free(it);
	struct pdf_atom *last = &l->lo->atoms[l->lo->count - 1];
	last->frees_text = true;
	last->h_pt += pad_bottom_pt;
	l->text_first = first;
	l->text_end = l->lo->count;
	g_object_unref(layout);
	t->layout = NULL;
}

/* A list marker and its text (NULL for a task item's box). */
void
lay_marker_free(struct pdf_marker *m)
{
	if (!m)
		return;
	if (m->text)
		pdf_text_free(m->text);
	free(m);
}

void
lay_heading_free(struct pdf_heading *h)
{
	if (!h)
		return;
	free(h->dest);
	free(h->title);
	free(h);
}

static const char *
dest_of(void *ctx, const char *id)
{
	struct lay *l = ctx;
	return g_hash_table_lookup(l->dests, id);
}

/* A layout context for `doc` at the top of the text block.  The warnings
 * for characters no font has wait for lay_close. */
void
lay_open(struct lay *l, struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log)
{
	*l = (struct lay){ .lo = lo, .st = st, .fonts = fonts, .doc = doc, .log = log };
	l->dests = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	l->ic = (struct pdf_inline_ctx){ .st = st, .fonts = fonts, .doc = doc, .log = log,
	    .lo = lo, .dest_of = dest_of, .dest_ctx = l,
	    .warned = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL) };
	l->cap = 16;
	l->frames = gz_xmalloc(l->cap * sizeof *l->frames);
	l->frames[0] = (struct frame){ .node = doc->root, .elem = lo->root, .x_pt = 0,
	    .w_pt = st->column_w_pt };
	l->depth = 1;
	l->first = lo->count;
	/* The document's footnotes (the last child of its root), numbered
	 * after those of the documents before it. */
	const struct gz_node *notes = doc->root->last;
	if (notes && notes->kind == GZ_NODE_FOOTNOTES) {
		unsigned n = 0;
		for (const struct gz_node *c = notes->first; c; c = c->next)
			n++;
		l->ic.note_base = lo->note_total;
		l->ic.note_seen_count = n + 1;
		l->ic.note_seen = gz_xcalloc(n + 1, 1);
	}
	pdf_fonts_hold_notes(fonts);
}

static void
lay_free(struct lay *l)
{
	lay_marker_free(l->marker);
	pdf_anchors_free(l->anchors);
	if (l->anchor_nodes)
		g_hash_table_destroy(l->anchor_nodes);
	free(l->frames);
	g_hash_table_destroy(l->dests);
	g_hash_table_destroy(l->ic.warned);
	free(l->ic.note_seen);
}

/* Gives the warnings of the texts' glyphs, in order, and lets go of the
 * context. */
void
lay_close(struct lay *l)
{
	pdf_fonts_release_notes(l->fonts);
	lay_free(l);
}

void
pdf_layout_begin(struct pdf_layout *lo)
{
	memset(lo, 0, sizeof *lo);
	lo->root = pdf_layout_elem(lo, NULL, "Document");
}

void
pdf_layout_part(struct pdf_layout *lo, const char *title, bool titled, bool bare)
{
	lo->parts = gz_xrealloc(lo->parts, (lo->part_count + 1) * sizeof *lo->parts);
	lo->parts[lo->part_count++] = (struct pdf_part){ .first = lo->count,
	    .title = title ? gz_xstrdup(title) : NULL, .titled = titled, .bare = bare };
}

void
pdf_atom_release(struct pdf_atom *a)
{
	if (a->marker) {
		pdf_text_free(a->marker->text);
		free(a->marker);
		a->marker = NULL;
	}
	lay_heading_free(a->heading);
	a->heading = NULL;
	pdf_anchors_free(a->anchors);
	a->anchors = NULL;
	switch (a->kind) {
	case PDF_ATOM_LINE:
		if (a->frees_text)
			pdf_text_free(a->line.text);
		a->line.text = NULL;
		pdf_line_free(a->line.line);
		a->line.line = NULL;
		a->frees_text = false;
		break;
	case PDF_ATOM_IMAGE:
		pdf_image_free(a->image.image);
		a->image.image = NULL;
		break;
	case PDF_ATOM_ROW:
		pdf_row_free(a->row);
		a->row = NULL;
		break;
	case PDF_ATOM_TOC:
		pdf_text_free(a->toc.text);
		free(a->toc.dest);
		a->toc.text = NULL;
		a->toc.dest = NULL;
		break;
	default:
		break;
	}
}

void
pdf_layout_release(struct pdf_layout *lo)
{
	for (size_t i = 0; i < lo->count; i++)
		pdf_atom_release(&lo->atoms[i]);
	free(lo->atoms);
	lo->atoms = NULL;
	lo->count = lo->cap = 0;
	for (size_t i = 0; i < lo->note_count; i++)
		pdf_atom_release(&lo->notes[i]);
	free(lo->notes);
	lo->notes = NULL;
	lo->note_count = lo->note_cap = 0;
	while (lo->elems) {
		struct pdf_elem *e = lo->elems;
		lo->elems = e->all_next;
		free(e);
	}
	lo->root = NULL;
	for (size_t i = 0; i < lo->part_count; i++)
		free(lo->parts[i].title);
	free(lo->parts);
	lo->parts = NULL;
	lo->part_count = 0;
	pdf_text_free(lo->digits);
	lo->digits = NULL;
}

void
pdf_layout_free(struct pdf_layout *lo)
{
	pdf_layout_release(lo);
	for (size_t i = 0; i < lo->alt_count; i++)
		free(lo->alts[i]);
	free(lo->alts);
	lo->alts = NULL;
	lo->alt_count = 0;
}
