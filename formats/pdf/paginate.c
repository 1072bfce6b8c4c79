/* paginate.c: where each page starts and where on it each atom goes.  Only
 * positions are decided here; nothing is drawn or moved. */
#include "pdf.h"

#include <stdlib.h>

struct pager {
	const struct pdf_layout *lo;
	const struct pdf_style *st;
	struct pdf_pages *out;
	size_t cap;
};

static struct pdf_page *
new_page(struct pager *pg, size_t first, const struct pdf_atom *header)
{
	struct pdf_pages *out = pg->out;
	if (out->count == pg->cap) {
		pg->cap *= 2;
		out->pages = gz_xrealloc(out->pages, pg->cap * sizeof *out->pages);
	}
	struct pdf_page *p = &out->pages[out->count++];
	p->first = first;
	p->header_row = header;
	return p;
}

/* A table broken before atom i repeats its header row. */
static const struct pdf_atom *
repeated_header(const struct pdf_layout *lo, size_t i)
{
	return i < lo->count && lo->atoms[i].header_row >= 0 ? &lo->atoms[lo->atoms[i].header_row]
	    : NULL;
}

/*
 * Fills one column of height `h_pt` from atom i at y0_pt and returns where it
 * ends.  Greedy, with keeps: atoms fill the column until one does not fit;
 * it then ends before the last atom at which a break is allowed (headings
 * stay with what follows, paragraphs keep two lines on each side).  When no
 * break is allowed anywhere in the column, it ends before the atom that does
 * not fit.  A forced page break, and with `stop_at_span` an atom that spans
 * the columns, end it too.  Records each atom's y and column shift.
 */
static size_t
fill(struct pager *pg, size_t i, double y0_pt, bool top, double h_pt, double dx_pt,
    bool stop_at_span)
{
	const struct pdf_layout *lo = pg->lo;
	size_t first = i, last_ok = 0;  /* 0: none yet (never a break before the first) */
	double y = y0_pt, yf = y0_pt;   /* placed, measured */
	for (; i < lo->count; i++) {
		const struct pdf_atom *a = &lo->atoms[i];
		if (i > first && (a->page_break_before || (stop_at_span && a->span)))
			return i;
		/* The gap above a column's first atom is dropped, unless a
		 * repeated table header (y0_pt) sits above it; measuring leaves
		 * that gap out, as it always has. */
		double gap = i == first && top ? 0 : a->gap_pt;
		double fit_gap = i == first ? 0 : a->gap_pt;
		bool may_break = i > first && !a->no_break_before;
		if (may_break)
			last_ok = i;
		if (i > first && yf + fit_gap + a->h_pt > h_pt)
			return last_ok ? last_ok : i;
		y += gap;
		yf += fit_gap + a->h_pt;
		pg->out->y_pt[i] = y;
		pg->out->dx_pt[i] = dx_pt;
		y += a->h_pt;
	}
	return i;
}

void
pdf_paginate(const struct pdf_layout *lo, const struct pdf_style *st, struct pdf_pages *out)
{
	struct pager pg = { .lo = lo, .st = st, .out = out, .cap = 16 };
	out->pages = gz_xmalloc(pg.cap * sizeof *out->pages);
	out->count = 0;
	out->y_pt = gz_xcalloc(lo->count + 1, sizeof *out->y_pt);
	out->dx_pt = gz_xcalloc(lo->count + 1, sizeof *out->dx_pt);
	size_t i = 0;
	const struct pdf_atom *header = NULL;
	do {
		struct pdf_page *p = new_page(&pg, i, header);
		double y = header ? header->h_pt : 0;
		i = fill(&pg, i, y, header == NULL, st->body_h_pt, 0, false);
		p->end = i;
		header = repeated_header(lo, i);
	} while (i < lo->count);
}

void
pdf_pages_free(struct pdf_pages *p)
{
	free(p->pages);
	free(p->y_pt);
	free(p->dx_pt);
	p->pages = NULL;
	p->y_pt = p->dx_pt = NULL;
	p->count = 0;
}
