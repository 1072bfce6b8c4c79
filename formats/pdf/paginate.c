/* paginate.c: where each page starts.  Only break positions are decided
 * here; nothing is drawn or moved. */
#include "pdf.h"

#include <stdlib.h>

/*
 * Greedy, with keeps: atoms fill a page until one does not fit; the page then
 * ends before the last atom at which a break is allowed (headings stay with
 * what follows, paragraphs keep two lines on each side).  When no break is
 * allowed anywhere on the page, it ends before the atom that does not fit.
 */
void
pdf_paginate(const struct pdf_layout *lo, double body_h_pt, struct pdf_pages *out)
{
	size_t cap = 16;
	out->pages = gz_xmalloc(cap * sizeof *out->pages);
	out->count = 0;
	size_t i = 0;
	const struct pdf_atom *header = NULL;
	do {
		if (out->count == cap) {
			cap *= 2;
			out->pages = gz_xrealloc(out->pages, cap * sizeof *out->pages);
		}
		struct pdf_page *p = &out->pages[out->count++];
		p->first = i;
		p->header_row = header;
		double y = header ? header->h_pt : 0;
		size_t last_ok = 0;     /* 0: none yet (a page never breaks before its first) */
		for (; i < lo->count; i++) {
			const struct pdf_atom *a = &lo->atoms[i];
			double gap = i == p->first ? 0 : a->gap_pt;
			bool may_break = i > p->first && !a->no_break_before;
			if (may_break)
				last_ok = i;
			if (i > p->first && y + gap + a->h_pt > body_h_pt) {
				if (last_ok)
					i = last_ok;
				break;
			}
			y += gap + a->h_pt;
		}
		p->end = i;
		/* A table broken across pages repeats its header on the next. */
		header = NULL;
		if (i < lo->count && lo->atoms[i].header_row >= 0)
			header = &lo->atoms[lo->atoms[i].header_row];
	} while (i < lo->count);
}

void
pdf_pages_free(struct pdf_pages *p)
{
	free(p->pages);
	p->pages = NULL;
	p->count = 0;
}
