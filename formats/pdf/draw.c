/* draw.c: one page's atoms onto cairo: lines, rules, pictures, table rows,
 * contents lines, list markers, quote bars and code tints, structure tags,
 * destinations and outline entries, and the running header and folio. */
#include "painter.h"
#include "glyphs.h"
#include "image.h"
#include "anchors.h"
#include "table.h"

#include <cairo-pdf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double rule_gray = 0.75;
static const double quote_gray = 0.78;
static const double shade_gray = 0.955;

/* Closes and opens structure tags so that exactly the chain up to `elem` is
 * open. */
void
pdf_sync_tags(struct painter *p, struct pdf_elem *elem)
{
	struct pdf_elem *chain[64];
	size_t depth = 0;
	for (struct pdf_elem *e = elem; e && depth < GZ_ARRAY_LEN(chain); e = e->parent)
		chain[depth++] = e;
	size_t common = 0;
	while (common < p->open_count && common < depth
	    && p->open[common] == chain[depth - 1 - common])
		common++;
	while (p->open_count > common)
		cairo_tag_end(p->cr, p->open[--p->open_count]->tag);
	for (size_t i = common; i < depth; i++) {
		if (p->open_count == p->open_cap) {
			p->open_cap = p->open_cap ? 2 * p->open_cap : 16;
			p->open = gz_xrealloc(p->open, p->open_cap * sizeof *p->open);
		}
		struct pdf_elem *e = chain[depth - 1 - i];
		p->open[p->open_count++] = e;
		cairo_tag_begin(p->cr, e->tag, "");
	}
}

/* The deepest element that is `a` or one of its ancestors and also `b` or one
 * of its ancestors; NULL when they share none.  Linear in the depth, which
 * 10,000 nested lists make large (asking each of a's ancestors whether it is
 * one of b's was cubic in it). */
static const struct pdf_elem *
common_ancestor(const struct pdf_elem *a, const struct pdf_elem *b)
{
	size_t da = 0, db = 0;
	for (const struct pdf_elem *e = a; e; e = e->parent)
		da++;
	for (const struct pdf_elem *e = b; e; e = e->parent)
		db++;
	for (; da > db; da--)
		a = a->parent;
	for (; db > da; db--)
		b = b->parent;
	while (a != b) {
		a = a->parent;
		b = b->parent;
	}
	return a;
}

static char *fmt(double v);

/* A run of atoms of a page: its body, or its footnotes. */
struct run_view {
	const struct pdf_atom *atoms;
	size_t count;
	const double *y_pt, *dx_pt;
};

/* A quote bar or code tint: one box down a column of a page, beside or
 * behind the run of atoms of `elem` there. */
struct span {
	const struct pdf_elem *elem;
	size_t first;                   /* the atom it is drawn with, before its text */
	double dx, top, bottom;
};

/*
 * Finds the page's quote bars and code tints.  An element's box runs from
 * its first atom in a column of the page to its last, across the gaps
 * between them: one box, where drawing one per atom (bridging the gap above
 * each) gave cairo a fill per line of every quote to analyse and write.
 */
static void
find_spans(struct painter *p, const struct run_view *v)
{
	p->span_count = 0;
	size_t open = 0;                /* p->open_spans[0, open): the atom above's,
					   outermost first */
	for (size_t i = 0; i < v->count; i++) {
		const struct pdf_atom *a = &v->atoms[i];
		double y = p->st->margin_top_pt + v->y_pt[i];
		/* The atom above in the same column, whose gap a box bridges. */
		const struct pdf_atom *prev = i > 0 && v->dx_pt[i - 1] == v->dx_pt[i]
		    && v->y_pt[i - 1] < v->y_pt[i] ? &v->atoms[i - 1] : NULL;
		const struct pdf_elem *shared = prev ? common_ancestor(a->elem, prev->elem) : NULL;
		/* This atom's boxed elements, innermost first, and how many of the
		 * outermost go on from the atom above: those at or above `shared`. */
		size_t n = 0, going_on = 0;
		bool above_shared = false;
		for (const struct pdf_elem *e = a->elem; e; e = e->parent) {
			above_shared = above_shared || e == shared;
			if (!e->quote && !e->shaded)
				continue;
			if (n == p->chain_cap) {
				p->chain_cap = p->chain_cap ? 2 * p->chain_cap : 16;
				p->chain = gz_xrealloc(p->chain, p->chain_cap * sizeof *p->chain);
				p->open_spans = gz_xrealloc(p->open_spans,
				    p->chain_cap * sizeof *p->open_spans);
			}
			p->chain[n++] = e;
			going_on += above_shared;
		}
		for (size_t k = 0; k < going_on; k++) {
			struct span *sp = &p->spans[p->open_spans[k]];
			if (k >= open || sp->elem != p->chain[n - 1 - k]) {
				going_on = k;
				break;
			}
			sp->bottom = y + a->h_pt;
		}
		for (size_t k = going_on; k < n; k++) {
			if (p->span_count == p->span_cap) {
				p->span_cap = p->span_cap ? 2 * p->span_cap : 64;
				p->spans = gz_xrealloc(p->spans, p->span_cap * sizeof *p->spans);
			}
			p->open_spans[k] = p->span_count;
			p->spans[p->span_count++] = (struct span){ .elem = p->chain[n - 1 - k],
			    .first = i, .dx = v->dx_pt[i], .top = y, .bottom = y + a->h_pt };
		}
		open = n;
	}
}

/* Draws the boxes of spans [*k, ...) that start at atom `i`. */
static void
draw_spans(struct painter *p, size_t i, size_t *k)
{
	cairo_t *cr = p->cr;
	for (; *k < p->span_count && p->spans[*k].first == i; (*k)++) {
		const struct span *sp = &p->spans[*k];
		const struct pdf_elem *e = sp->elem;
		double left = p->st->margin_left_pt + sp->dx;
		if (e->quote) {
			cairo_set_source_rgb(cr, quote_gray, quote_gray, quote_gray);
			cairo_rectangle(cr, left + e->bar_x_pt, sp->top, 2.5, sp->bottom - sp->top);
			cairo_fill(cr);
		}
		if (e->shaded) {
			cairo_set_source_rgb(cr, shade_gray, shade_gray, shade_gray);
			cairo_rectangle(cr, left + e->x_pt, sp->top, e->w_pt, sp->bottom - sp->top);
			cairo_fill(cr);
		}
	}
}

static void
draw_layout(struct painter *p, const struct pdf_text *t, double x, double y)
{
	PangoLayoutIter *it = pango_layout_get_iter(t->layout);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		pdf_draw_layout_line(p->cr, p->fonts, t, pango_layout_iter_get_line_readonly(it),
		    x + pdf_pu_to_pt(logical.x), y + pdf_pu_to_pt(pango_layout_iter_get_baseline(it)));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void
draw_marker(struct painter *p, const struct pdf_atom *a, double y)
{
	const struct pdf_marker *m = a->marker;
	double left = p->st->margin_left_pt + p->dx;
	double baseline = a->kind == PDF_ATOM_LINE
	    ? y + a->line.pad_top_pt + pdf_pu_to_pt(a->line.baseline_pu)
	    : y + p->st->size_pt;
	cairo_tag_begin(p->cr, "Lbl", "");
	if (m->text) {
		PangoRectangle logical;
		pango_layout_get_extents(m->text->layout, NULL, &logical);
		PangoLayoutLine *line = pango_layout_get_line_readonly(m->text->layout, 0);
		pdf_draw_layout_line(p->cr, p->fonts, m->text, line,
		    left + m->x_pt - pdf_pu_to_pt(logical.width), baseline);
	} else {
		double s = p->st->size_pt * 0.72;
		double x = left + m->x_pt - s, top = baseline - s * 0.95;
		cairo_set_source_rgb(p->cr, 0.25, 0.25, 0.25);
		cairo_set_line_width(p->cr, 0.6);
		cairo_rectangle(p->cr, x, top, s, s);
		cairo_stroke(p->cr);
		if (m->task == GZ_TASK_DONE) {
			cairo_move_to(p->cr, x + s * 0.2, top + s * 0.5);
			cairo_line_to(p->cr, x + s * 0.42, top + s * 0.75);
			cairo_line_to(p->cr, x + s * 0.82, top + s * 0.22);
			cairo_set_line_width(p->cr, 1.0);
			cairo_stroke(p->cr);
		}
	}
	cairo_tag_end(p->cr, "Lbl");
}

/* Cell c of a row, or of a piece of a tall row its lines in that piece,
 * with (x, y) the top left of what the row shows of it. */
static void
draw_cell(struct painter *p, const struct pdf_row *row, size_t c, double x, double y)
{
	const struct pdf_text *t = row->cells[c];
	if (!row->line_first) {
		draw_layout(p, t, x, y);
		return;
	}
	PangoLayoutIter *it = pango_layout_get_iter(t->layout);
	int k = 0;
	do {
		if (k >= row->line_first[c] && k < row->line_end[c]) {
			PangoRectangle logical;
			pango_layout_iter_get_line_extents(it, NULL, &logical);
			pdf_draw_layout_line(p->cr, p->fonts, t, pango_layout_iter_get_line_readonly(it),
			    x + pdf_pu_to_pt(logical.x),
			    y + pdf_pu_to_pt(pango_layout_iter_get_baseline(it) - row->top_pu));
		}
		k++;
	} while (k < row->line_end[c] && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void
draw_row(struct painter *p, const struct pdf_atom *a, double y)
{
	const struct pdf_row *row = a->row;
	cairo_t *cr = p->cr;
	double x = p->st->margin_left_pt + a->x_pt + p->dx;
	double w = row->x_pt[row->columns - 1] + row->w_pt[row->columns - 1];
	if (row->header) {
		cairo_set_source_rgb(cr, shade_gray, shade_gray, shade_gray);
		cairo_rectangle(cr, x, y, w, a->h_pt);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, rule_gray, rule_gray, rule_gray);
	double rule = row->header ? 0.8 : 0.4;
	if (!row->open_below) {
		cairo_rectangle(cr, x, y + a->h_pt - rule, w, rule);
	} else {
		/* No rule under a cell that a rowspan carries into the next row. */
		for (size_t c = 0; c < row->columns; c++) {
			double cw = c + 1 < row->columns ? row->x_pt[c + 1] - row->x_pt[c] : w - row->x_pt[c];
			if (!row->open_below[c])
				cairo_rectangle(cr, x + row->x_pt[c], y + a->h_pt - rule, cw, rule);
		}
	}
	cairo_fill(cr);
	for (size_t c = 0; c < row->columns; c++) {
		cairo_tag_begin(cr, row->cell_elems[c]->tag, "");
		if (row->cells[c])
			draw_cell(p, row, c, x + row->x_pt[c] + row->pad_pt, y + row->pad_pt);
		cairo_tag_end(cr, row->cell_elems[c]->tag);
	}
}

/* A contents line: the entry, dot leaders, its page number flush right, the
 * whole line one link to the heading (one rectangle: see doc/platform.md). */
static void
draw_toc(struct painter *p, const struct pdf_atom *a, double y)
{
	cairo_t *cr = p->cr;
	const struct pdf_style *st = p->st;
	double x = st->margin_left_pt + a->x_pt;
	double right = st->margin_left_pt + st->body_w_pt;
	char *sx = fmt(st->margin_left_pt), *sy = fmt(y), *sw = fmt(st->body_w_pt),
	    *sh = fmt(a->h_pt);
	char *attrs = gz_xasprintf("dest='%s' rect=[%s %s %s %s]", a->toc.dest, sx, sy, sw, sh);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
	PangoLayoutLine *line = pango_layout_get_line_readonly(a->toc.text->layout, 0);
	PangoRectangle logical;
	pango_layout_line_get_extents(line, NULL, &logical);
	double baseline = y + pdf_pu_to_pt(pango_layout_get_baseline(a->toc.text->layout));
	pdf_draw_layout_line(cr, p->fonts, a->toc.text, line, x, baseline);
	char digits[32];
	snprintf(digits, sizeof digits, "%d", a->toc.page);
	struct pdf_text *num = p->digits;
	pango_layout_set_text(num->layout, digits, -1);
	PangoRectangle nl;
	pango_layout_get_extents(num->layout, NULL, &nl);
	double num_x = right - pdf_pu_to_pt(nl.width);
	pdf_draw_layout_line(cr, p->fonts, num, pango_layout_get_line_readonly(num->layout, 0), num_x,
	    baseline);
	/* Leaders as drawn dots on a grid shared by every line, so that they
	 * line up down the page (and copy as nothing): one stroke of dashes of
	 * length zero with round caps, since a filled circle per dot made the
	 * contents of a long document cost more than its body. */
	double step = st->size_pt * 0.45;
	double from = x + pdf_pu_to_pt(logical.x + logical.width) + st->size_pt * 0.4;
	double to = num_x - st->size_pt * 0.4;
	double first = st->margin_left_pt + step * (double)(long)((from - st->margin_left_pt) / step + 1);
	if (first < to) {
		double dash[2] = { 0, step };
		cairo_save(cr);
		cairo_set_source_rgb(cr, FURNITURE_GRAY, FURNITURE_GRAY, FURNITURE_GRAY);
		cairo_set_line_width(cr, 0.9);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, first, baseline - 0.6);
		cairo_line_to(cr, to, baseline - 0.6);
		cairo_stroke(cr);
		cairo_restore(cr);
	}
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	free(attrs);
	free(sx);
	free(sy);
	free(sw);
	free(sh);
}

static void
draw_atom(struct painter *p, const struct pdf_atom *a, double y)
{
	cairo_t *cr = p->cr;
	double x = p->st->margin_left_pt + a->x_pt + p->dx;
	switch (a->kind) {
	case PDF_ATOM_LINE:
		pdf_draw_line(cr, p->fonts, a->line.text, a->line.line,
		    x + pdf_pu_to_pt(a->line.line_x_pu),
		    y + a->line.pad_top_pt + pdf_pu_to_pt(a->line.baseline_pu));
		break;
	case PDF_ATOM_RULE:
		cairo_set_source_rgb(cr, rule_gray, rule_gray, rule_gray);
		cairo_rectangle(cr, x, y, a->rule.w_pt, a->h_pt);
		cairo_fill(cr);
		break;
	case PDF_ATOM_IMAGE:
		pdf_image_paint(cr, a->image.image, x, y, a->image.w_pt, a->h_pt);
		break;
	case PDF_ATOM_ROW:
		draw_row(p, a, y);
		break;
	case PDF_ATOM_TOC:
		draw_toc(p, a, y);
		break;
	default:
		break;
	}
}

static char *
fmt(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	return gz_xstrdup(g_ascii_formatd(buf, sizeof buf, "%.2f", v));
}

/* cairo 1.16 refuses the whole PDF ("input string not valid UTF-8") when a
 * metadata value or an outline title holds a Unicode noncharacter (U+FDD0 to
 * U+FDEF, U+xFFFE, U+xFFFF), which valid UTF-8 and so front matter and
 * headings may carry.  A copy with each of them as U+FFFD. */
char *
pdf_cairo_string(const char *s)
{
	struct gz_buf b = {0};
	size_t len = strlen(s);
	gz_buf_reserve(&b, len);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		bool invalid = cp == GZ_REPLACEMENT_CHAR && n == 1;
		if (invalid || pdf_noncharacter(cp))
			gz_buf_append(&b, "\xEF\xBF\xBD", 3);
		else
			gz_buf_append(&b, s + i, n);
		i += n;
	}
	return gz_buf_detach(&b, NULL);
}

static void
mark_heading(struct painter *p, const struct pdf_heading *h, double x, double y)
{
	if (!h->dest[0])
		return;
	char *sx = fmt(x), *sy = fmt(y);
	char *attrs = gz_xasprintf("name='%s' x=%s y=%s", h->dest, sx, sy);
	cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(p->cr, CAIRO_TAG_DEST);
	free(attrs);
	free(sx);
	free(sy);
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (int level = h->level - 1; level >= 1; level--) {
		if (p->outline[level]) {
			parent = p->outline[level];
			break;
		}
	}
	char *link = gz_xasprintf("dest='%s'", h->dest);
	char *title = pdf_cairo_string(h->title);
	p->outline[h->level] = cairo_pdf_surface_add_outline(p->surface, parent, title, link,
	    h->level <= 2 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	free(title);
	for (int level = h->level + 1; level <= 6; level++)
		p->outline[level] = 0;
	free(link);
}

/* Page title at the top, page number at the foot, from the second page on. */
static void
furniture(struct painter *p, struct pdf_text *header, struct pdf_text *number, size_t page)
{
	const struct pdf_style *st = p->st;
	if (header) {
		draw_layout(p, header, st->margin_left_pt, st->margin_top_pt - 26);
		cairo_set_source_rgb(p->cr, rule_gray, rule_gray, rule_gray);
		cairo_rectangle(p->cr, st->margin_left_pt, st->margin_top_pt - 12, st->body_w_pt, 0.4);
		cairo_fill(p->cr);
	}
	char digits[32];
	snprintf(digits, sizeof digits, "%zu", page + 1);
	pango_layout_set_text(number->layout, digits, -1);
	PangoRectangle logical;
	pango_layout_get_extents(number->layout, NULL, &logical);
	draw_layout(p, number, (st->page_w_pt - pdf_pu_to_pt(logical.width)) / 2,
	    st->page_h_pt - st->margin_bottom_pt + 20);
}

/* Draws the atoms of run `v` with their boxes, tags, destinations and
 * markers. */
static void
draw_run(struct painter *p, const struct run_view *v)
{
	const struct pdf_style *st = p->st;
	find_spans(p, v);
	size_t drawn_early = SIZE_MAX, k = 0;
	for (size_t i = 0; i < v->count; i++) {
		const struct pdf_atom *a = &v->atoms[i];
		double y = st->margin_top_pt + v->y_pt[i];
		p->dx = v->dx_pt[i];
		pdf_sync_tags(p, a->elem);
		draw_spans(p, i, &k);
		if (a->heading)
			mark_heading(p, a->heading, st->margin_left_pt + a->x_pt + p->dx, y);
		if (a->anchors)
			pdf_anchors_draw(p->cr, a->anchors, st->margin_left_pt + a->x_pt + p->dx, y);
		if (a->marker)
			draw_marker(p, a, y);
		/* A picture's caption (the next line of its Figure) is drawn
		 * before the picture, in its own place: cairo 1.16 writes a
		 * broken structure tree when a document's first element shows an
		 * image before any glyph. */
		const struct pdf_atom *next = i + 1 < v->count ? &v->atoms[i + 1] : NULL;
		if (a->kind == PDF_ATOM_IMAGE && next && next->kind == PDF_ATOM_LINE
		    && next->elem == a->elem) {
			double dx = p->dx;
			p->dx = v->dx_pt[i + 1];
			draw_atom(p, next, st->margin_top_pt + v->y_pt[i + 1]);
			p->dx = dx;
			drawn_early = i + 1;
		}
		if (i != drawn_early)
			draw_atom(p, a, y);
	}
}

void
pdf_draw_page(struct painter *p, const struct page_view *v, struct pdf_elem *root,
    struct pdf_text *header, struct pdf_text *number)
{
	const struct pdf_style *st = p->st;
	if (v->furniture) {
		pdf_sync_tags(p, root);
		furniture(p, header, number, v->index);
	}
	p->dx = 0;
	if (v->header_row) {
		pdf_sync_tags(p, v->header_row->elem);
		draw_atom(p, v->header_row, st->margin_top_pt);
	}
	draw_run(p, &(struct run_view){ v->atoms, v->count, v->y_pt, v->dx_pt });
	if (v->note_count) {
		/* The notes after the body, so that text comes out in this
		 * order: each column's separator, then its notes. */
		pdf_sync_tags(p, root);
		for (int c = 0; c < 2; c++) {
			if (v->note_top_pt[c] < 0)
				continue;
			double x = st->margin_left_pt + c * (st->column_w_pt + st->column_gap_pt);
			cairo_set_source_rgb(p->cr, rule_gray, rule_gray, rule_gray);
			cairo_rectangle(p->cr, x, st->margin_top_pt + v->note_top_pt[c] + st->size_pt * 0.4,
			    st->column_w_pt / 3, 0.5);
			cairo_fill(p->cr);
		}
		draw_run(p, &(struct run_view){ v->notes, v->note_count, v->note_y_pt,
		    v->note_dx_pt });
	}
	cairo_show_page(p->cr);
	/* The page is written: on to the file (catalog.c needs only what cairo
	 * writes when it finishes the document). */
	gz_buf_flush(p->out);
}
