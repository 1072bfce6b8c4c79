/* paginate.c: where each page starts and where on it each atom goes.  Only
 * positions are decided here; nothing is drawn or moved. */
#include "paginate.h"

#include <stdlib.h>
#include <string.h>

/* Where pdf_paginate is.  Footnotes: notes [0, want) have been brought by
 * the atoms placed so far; their atoms before `na` are placed (`col` says
 * in which column), the others wait for the next page; notes_h is the
 * height each column's notes take on the page being filled, with their
 * separator (0: none). */
struct pager {
	const struct pdf_layout *lo;
	const struct pdf_style *st;
	struct pdf_pages *out;
	size_t page_cap;
	size_t na;
	unsigned want;
	double notes_h[2];
	unsigned char *col;
};

/* The space above a column's first note: the separator rule stands in it. */
static double
note_sep(const struct pdf_style *st)
{
	return st->size_pt;
}

/* What note atom j adds to the notes of column c (notes_h[c] before). */
static double
note_add(const struct pager *pg, size_t j, double notes_h)
{
	const struct pdf_atom *a = &pg->lo->notes[j];
	return (notes_h > 0 ? a->gap_pt : note_sep(pg->st)) + a->h_pt;
}

/* The end of the note atoms from j on that notes [0, *want) need, *want
 * raised by the notes they reference in turn. */
static size_t
notes_end(const struct pdf_layout *lo, size_t j, unsigned *want)
{
	for (; j < lo->note_count && lo->notes[j].note <= *want; j++)
		if (lo->notes[j].note_upto > *want)
			*want = lo->notes[j].note_upto;
	return j;
}

/* Whether notes brought earlier still wait for a page. */
static bool
notes_waiting(const struct pager *pg)
{
	return pg->na < pg->lo->note_count && pg->lo->notes[pg->na].note <= pg->want;
}

/* Places note atom j in column c. */
static void
place_note(struct pager *pg, size_t j, int c, double dx_pt)
{
	pg->notes_h[c] += note_add(pg, j, pg->notes_h[c]);
	pg->col[j] = (unsigned char)c;
	pg->out->note_dx_pt[j] = dx_pt;
	pg->na = j + 1;
}

/*
 * Atom a, whose bottom would be at `bottom`, brings notes: places them in
 * column c (dx_pt), after any still waiting, when they all fit below it,
 * above `h_pt` and beside the notes of the other column `other`.  When they
 * do not and notes wait, the atom stands and its notes wait too.  Else the
 * atom goes to the next column (false), unless it is the column's first
 * (`forced`) or its notes are too tall to fit beside any line (over half
 * the column): then as many note atoms as fit stand here and the rest wait
 * for the next page, the notes' top there.  Returns whether a is placed.
 */
static bool
bring_notes(struct pager *pg, const struct pdf_atom *a, double bottom, double h_pt,
    double other, int c, double dx_pt, bool forced)
{
	/* Notes still waiting from an earlier page come first, in order. */
	bool waiting = notes_waiting(pg);
	unsigned want = pg->want > a->note_upto ? pg->want : a->note_upto;
	size_t end = notes_end(pg->lo, pg->na, &want);
	double nh = pg->notes_h[c];
	for (size_t j = pg->na; j < end; j++)
		nh += note_add(pg, j, nh);
	double floor = nh > other ? nh : other;
	if (bottom + floor <= h_pt) {
		for (size_t j = pg->na; j < end; j++)
			place_note(pg, j, c, dx_pt);
		pg->want = want;
		return true;
	}
	if (waiting) {
		/* the line stands; its notes come once those waiting are done,
		 * as LaTeX holds notes back (on the next page at best) */
		pg->want = want;
		return true;
	}
	if (!forced && nh - pg->notes_h[c] <= h_pt * 0.5)
		return false;
	size_t from = pg->na, j = from;
	for (; j < end; j++) {
		double next = pg->notes_h[c] + note_add(pg, j, pg->notes_h[c]);
		if (bottom + (next > other ? next : other) > h_pt)
			break;
		place_note(pg, j, c, dx_pt);
	}
	if (j == from && !forced)
		return false;   /* not one line of them here: the next page */
	pg->want = want;
	return true;
}

/* At the top of a page: the note atoms still waiting, in column 0, as many
 * as fit in `limit_pt` (at least one). */
static void
carry_notes(struct pager *pg, double limit_pt)
{
	unsigned want = pg->want;
	size_t from = pg->na, end = notes_end(pg->lo, from, &want);
	for (size_t j = from; j < end; j++) {
		if (j > from && pg->notes_h[0] + note_add(pg, j, pg->notes_h[0]) > limit_pt)
			break;
		place_note(pg, j, 0, 0);
	}
	pg->want = want;
}

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
	/* Footnotes go to this column's foot; a spanning atom's to the first
	 * column's, and it stands above the notes of both. */
	int c = dx_pt > 0;
	double other = run == RUN_SPAN ? pg->notes_h[1] : 0;
	size_t ok_na = pg->na;          /* the notes at last_ok, to go back to */
	unsigned ok_want = pg->want;
	double ok_h = pg->notes_h[c];
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
		if (may_break) {
			last_ok = i;
			ok_na = pg->na;
			ok_want = pg->want;
			ok_h = pg->notes_h[c];
		}
		double floor = pg->notes_h[c] > other ? pg->notes_h[c] : other;
		bool fits = yf + fit_gap + a->h_pt + floor <= h_pt;
		/* A column's first atom stands even where it does not fit (one
		 * taller than the page), but not where notes take the room it
		 * would have: the column then takes nothing. */
		if (i == first && !fits && floor > 0 && yf + fit_gap + a->h_pt <= h_pt)
			return i;
		if (fits && a->note_upto > pg->want)
			fits = bring_notes(pg, a, yf + fit_gap + a->h_pt, h_pt, other, c, dx_pt,
			    i == first);
		else if (!fits && i == first && a->note_upto > pg->want)
			bring_notes(pg, a, yf + fit_gap + a->h_pt, h_pt, other, c, dx_pt, true);
		if (i > first && !fits) {
			if (!last_ok)
				return i;
			pg->na = ok_na;
			pg->want = ok_want;
			pg->notes_h[c] = ok_h;
			return last_ok;
		}
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
	bool notes = false;
	for (size_t k = i; k < e; k++) {
		total += lo->atoms[k].gap_pt + lo->atoms[k].h_pt;
		if (total > 2 * avail_pt)
			return -1;
		notes = notes || lo->atoms[k].note_upto > pg->want;
	}
	/* Notes still waiting for room: the run fills columns in turn. */
	if (notes && notes_waiting(pg))
		return -1;
	double *prefix = gz_xmalloc((e - i + 1) * sizeof *prefix);
	prefix[0] = 0;
	for (size_t k = i; k < e; k++)
		prefix[k - i + 1] = prefix[k - i] + lo->atoms[k].gap_pt + lo->atoms[k].h_pt;
	/* The notes the run brings: those of atoms [i, k) go to the first
	 * column, the rest to the second.  notes_at[k - i]: the height of the
	 * notes atoms [i, k) bring to the first column. */
	double *left_notes = NULL, right_all = 0;
	if (notes) {
		left_notes = gz_xmalloc((e - i + 1) * sizeof *left_notes);
		left_notes[0] = 0;
		unsigned want = pg->want;
		size_t j = pg->na;
		double h = pg->notes_h[0];
		for (size_t k = i; k < e; k++) {
			if (lo->atoms[k].note_upto > want)
				want = lo->atoms[k].note_upto;
			size_t end = notes_end(lo, j, &want);
			for (; j < end; j++)
				h += note_add(pg, j, h);
			left_notes[k - i + 1] = h - pg->notes_h[0];
		}
		right_all = left_notes[e - i];
	}
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
		double left_room = avail_pt - pg->notes_h[0], right_room = avail_pt - pg->notes_h[1];
		if (notes) {
			/* the second column's notes, measured as if they started
			 * its foot (a little more than they take after others) */
			double rn = right_all - left_notes[k - i];
			left_room -= left_notes[k - i] + 0.01;
			right_room -= rn > 0 ? rn + note_sep(pg->st) + 0.01 : 0;
		}
		if (left <= left_room && right <= right_room && (best_h < 0 || h < best_h)) {
			best = k;
			best_h = h;
		}
	}
	free(prefix);
	free(left_notes);
	if (best_h < 0)
		return -1;
	double dx = pg->st->column_w_pt + pg->st->column_gap_pt;
	struct pager was = *pg;
	size_t mid = fill(pg, i, best, y0_pt, true, y0_pt + avail_pt, 0, RUN_COLUMN);
	size_t end = mid == best ? fill(pg, mid, e, y0_pt, true, y0_pt + avail_pt, dx, RUN_COLUMN)
	    : mid;
	if (mid != best || end != e) {
		/* not met: the measures above are stricter than fill's */
		*pg = was;
		return -1;
	}
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
		double notes = pg->notes_h[0] > pg->notes_h[1] || !a->span ? pg->notes_h[0]
		    : pg->notes_h[1];
		if (!top && y0 + a->h_pt + notes > h)
			return i;
		if (a->span) {
			size_t j = fill(pg, i, lo->count, y0, true, h, 0, RUN_SPAN);
			/* A heading stays with the first line below it. */
			if (j < lo->count && j > i && lo->atoms[j].no_break_before
			    && !lo->atoms[j].page_break_before
			    && pg->out->y_pt[j - 1] + lo->atoms[j - 1].h_pt + lo->atoms[j].gap_pt
			    + lo->atoms[j].h_pt + pg->notes_h[0] > h) {
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
		if (k > i && k < e)
			k = fill(pg, k, e, y0, true, h, dx, RUN_COLUMN);
		return k;
	}
	return i;
}

/* Where the notes of the page just filled go: each column's from its foot
 * up, in order. */
static void
place_page_notes(struct pager *pg, struct pdf_page *page)
{
	const struct pdf_style *st = pg->st;
	double y[2];
	for (int c = 0; c < 2; c++) {
		page->note_top_pt[c] = pg->notes_h[c] > 0 ? st->body_h_pt - pg->notes_h[c] : -1;
		y[c] = page->note_top_pt[c];
	}
	for (size_t j = page->note_first; j < page->note_end; j++) {
		int c = pg->col[j];
		const struct pdf_atom *a = &pg->lo->notes[j];
		y[c] += y[c] > page->note_top_pt[c] ? a->gap_pt : note_sep(st);
		pg->out->note_y_pt[j] = y[c];
		y[c] += a->h_pt;
	}
}

void
pdf_paginate(const struct pdf_layout *lo, const struct pdf_style *st, struct pdf_pages *out)
{
	struct pager pg = { .lo = lo, .st = st, .out = out };
	*out = (struct pdf_pages){0};
	out->y_pt = gz_xcalloc(lo->count + 1, sizeof *out->y_pt);
	out->dx_pt = gz_xcalloc(lo->count + 1, sizeof *out->dx_pt);
	out->note_y_pt = gz_xcalloc(lo->note_count + 1, sizeof *out->note_y_pt);
	out->note_dx_pt = gz_xcalloc(lo->note_count + 1, sizeof *out->note_dx_pt);
	pg.col = gz_xcalloc(lo->note_count + 1, 1);
	long header = -1;
	/* At least one page, empty for an empty layout; pages of notes alone
	 * after the body while some wait. */
	for (size_t i = 0; i < lo->count || out->count == 0 || pg.na < lo->note_count;) {
		double y = header >= 0 ? lo->atoms[header].h_pt : 0;
		size_t na = pg.na;
		pg.notes_h[0] = pg.notes_h[1] = 0;
		if (i >= lo->count)
			pg.want = lo->note_total;
		/* Notes that did not fit where they were brought: at the top of
		 * this page's notes, in half of it while there is body to show. */
		if (notes_waiting(&pg))
			carry_notes(&pg, i < lo->count ? st->body_h_pt * 0.5 : st->body_h_pt);
		size_t end = st->columns > 1 ? fill_page_columns(&pg, i, y)
		    : fill(&pg, i, lo->count, y, header < 0, st->body_h_pt, 0, RUN_ALL);
		new_page(&pg, i, end, header);
		struct pdf_page *page = &out->pages[out->count - 1];
		page->note_first = na;
		page->note_end = pg.na;
		place_page_notes(&pg, page);
		i = end;
		header = repeated_header(lo, end);
	}
	free(pg.col);
}

void
pdf_pages_free(struct pdf_pages *p)
{
	free(p->pages);
	free(p->y_pt);
	free(p->dx_pt);
	free(p->note_y_pt);
	free(p->note_dx_pt);
	p->pages = NULL;
	p->y_pt = p->dx_pt = p->note_y_pt = p->note_dx_pt = NULL;
	p->count = 0;
}
