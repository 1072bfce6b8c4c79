/* paginate.c: where each page starts and where on it each atom goes.  Only
 * positions are decided here; nothing is drawn or moved. */
#include "paginate.h"

#include <stdlib.h>
#include <string.h>

/* Where pdf_paginate is. */
struct pager {
	const struct pdf_layout *lo;
	const struct pdf_style *st;
	struct pdf_pages *out;
	size_t page_cap;
};

static void
new_page(struct pager *pg, size_t first, size_t end, long header)
{
	struct pdf_pages *out = pg->out;
	if (out->count == pg->page_cap) {
		pg->page_cap = pg->page_cap ? 2 * pg->page_cap : 16;
		out->pages = gz_xrealloc(out->pages, pg->page_cap * sizeof *out->pages);
	}
	out->pages[out->count++] = (struct pdf_page){ .first = first, .end = end,
	    .header_row = header };
}

/* A table broken before atom i repeats its header row (its index; -1:
 * none). */
static long
repeated_header(const struct pdf_layout *lo, size_t i)
{
	return i < lo->count ? lo->atoms[i].header_row : -1;
}

/*
 * Fills one column down to `h_pt` from atom i at y0_pt (atoms before `end`)
 * and returns where it
 * ends.  Greedy, with keeps: atoms fill the column until one does not fit;
 * it then ends before the last atom at which a break is allowed (headings
 * stay with what follows, paragraphs keep two lines on each side).  When no
 * break is allowed anywhere in the column, it ends before the atom that does
 * not fit.  A forced page break ends it too, and in two columns the end of
 * the run of atoms that span them (RUN_SPAN) or of those that do not
 * (RUN_COLUMN).  Records each atom's y and column shift.
 */
enum run { RUN_ALL, RUN_COLUMN, RUN_SPAN };

static bool
run_ends(enum run run, const struct pdf_atom *a)
{
	return a->page_break_before || (run == RUN_COLUMN && a->span)
	    || (run == RUN_SPAN && !a->span);
}

static size_t
fill(struct pager *pg, size_t i, size_t end, double y0_pt, bool top, double h_pt, double dx_pt,
    enum run run)
{
	const struct pdf_layout *lo = pg->lo;
	size_t first = i, last_ok = 0;  /* 0: none yet (never a break before the first) */
	double y = y0_pt, yf = y0_pt;   /* placed, measured */
	for (; i < end; i++) {
		const struct pdf_atom *a = &lo->atoms[i];
		if (i > first && run_ends(run, a))
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

/* The height of atoms [s, t) stacked, without the gap above the first. */
static double
stack_h(const double *prefix, const struct pdf_atom *atoms, size_t s, size_t t)
{
	return t > s ? prefix[t] - prefix[s] - atoms[s].gap_pt : 0;
}

/*
 * Places the run of column atoms [i, e) in two columns from y0_pt, when it
 * fits, split where a break is allowed so that the taller column is as short
 * as can be (a balanced run before a spanning heading or at the end).
 * Returns the height used, or a negative number when the run does not fit.
 */
static double
balance(struct pager *pg, size_t i, size_t e, double y0_pt, double avail_pt)
{
	const struct pdf_layout *lo = pg->lo;
	/* A run taller than both columns cannot fit: say so without looking at
	 * the rest of it (a long run is met again on every page it fills). */
	double total = -lo->atoms[i].gap_pt;
	for (size_t k = i; k < e; k++) {
		total += lo->atoms[k].gap_pt + lo->atoms[k].h_pt;
		if (total > 2 * avail_pt)
			return -1;
	}
	double *prefix = gz_xmalloc((e - i + 1) * sizeof *prefix);
	prefix[0] = 0;
	for (size_t k = i; k < e; k++)
		prefix[k - i + 1] = prefix[k - i] + lo->atoms[k].gap_pt + lo->atoms[k].h_pt;
	const struct pdf_atom *base = &lo->atoms[i];
	size_t best = 0;
	double best_h = -1;
	for (size_t k = i + 1; k <= e; k++) {
		if (k < e && lo->atoms[k].no_break_before)
			continue;
		/* Balancing never splits a table: the second column would
		 * start with rows and no header over them. */
		if (k < e && lo->atoms[k].kind == PDF_ATOM_ROW && lo->atoms[k - 1].kind == PDF_ATOM_ROW)
			continue;
		double left = stack_h(prefix, base, 0, k - i), right = stack_h(prefix, base, k - i,
		    e - i);
		double h = left > right ? left : right;
		if (left <= avail_pt && right <= avail_pt && (best_h < 0 || h < best_h)) {
			best = k;
			best_h = h;
		}
	}
	free(prefix);
	if (best_h < 0)
		return -1;
	double dx = pg->st->column_w_pt + pg->st->column_gap_pt;
	fill(pg, i, best, y0_pt, true, y0_pt + avail_pt, 0, RUN_COLUMN);
	fill(pg, best, e, y0_pt, true, y0_pt + avail_pt, dx, RUN_COLUMN);
	return best_h;
}

/*
 * Two columns: runs of spanning atoms (the title block, headings of level
 * 1 and 2) across the text block, runs of the others in two columns below
 * them, balanced when the run ends on the page.  Returns where the page
 * ends.
 */
static size_t
fill_page_columns(struct pager *pg, size_t i, double y)
{
	const struct pdf_layout *lo = pg->lo;
	const struct pdf_style *st = pg->st;
	size_t page_first = i;
	double h = st->body_h_pt, dx = st->column_w_pt + st->column_gap_pt;
	while (i < lo->count) {
		const struct pdf_atom *a = &lo->atoms[i];
		if (i > page_first && a->page_break_before)
			return i;
		bool top = i == page_first;
		double y0 = top ? y : y + a->gap_pt;
		/* Mid-page, a run that cannot start here goes to the next page. */
		if (!top && y0 + a->h_pt > h)
			return i;
		if (a->span) {
			size_t j = fill(pg, i, lo->count, y0, true, h, 0, RUN_SPAN);
			/* A heading stays with the first line below it. */
			if (j < lo->count && j > i && lo->atoms[j].no_break_before
			    && !lo->atoms[j].page_break_before
			    && pg->out->y_pt[j - 1] + lo->atoms[j - 1].h_pt + lo->atoms[j].gap_pt
			    + lo->atoms[j].h_pt > h) {
				size_t k = j - 1;
				while (k > i && lo->atoms[k].no_break_before)
					k--;
				if (k > page_first)
					return k;
			}
			if (j < lo->count && !run_ends(RUN_SPAN, &lo->atoms[j]))
				return j;       /* the span run filled the page */
			y = pg->out->y_pt[j - 1] + lo->atoms[j - 1].h_pt;
			i = j;
			continue;
		}
		size_t e = i;
		while (e < lo->count && !lo->atoms[e].span && !(e > i && lo->atoms[e].page_break_before))
			e++;
		double used = balance(pg, i, e, y0, h - y0);
		if (used >= 0) {
			y = y0 + used;
			i = e;
			continue;
		}
		size_t k = fill(pg, i, e, y0, true, h, 0, RUN_COLUMN);
		if (k < e)
			k = fill(pg, k, e, y0, true, h, dx, RUN_COLUMN);
		return k;
	}
	return i;
}

void
pdf_paginate(const struct pdf_layout *lo, const struct pdf_style *st, struct pdf_pages *out)
{
	struct pager pg = { .lo = lo, .st = st, .out = out };
	*out = (struct pdf_pages){0};
	out->y_pt = gz_xcalloc(lo->count + 1, sizeof *out->y_pt);
	out->dx_pt = gz_xcalloc(lo->count + 1, sizeof *out->dx_pt);
	long header = -1;
	/* At least one page, empty for an empty layout. */
	for (size_t i = 0; i < lo->count || out->count == 0;) {
		double y = header >= 0 ? lo->atoms[header].h_pt : 0;
		size_t end = st->columns > 1 ? fill_page_columns(&pg, i, y)
		    : fill(&pg, i, lo->count, y, header < 0, st->body_h_pt, 0, RUN_ALL);
		new_page(&pg, i, end, header);
		i = end;
		header = repeated_header(lo, end);
	}
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
