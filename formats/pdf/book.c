/* book.c: what goes around the body in a brochure: the cover, the contents
 * with their page numbers, several documents as chapters of one PDF. */
#include "book.h"
#include "blocks.h"
#include "cover.h"
#include "inline.h"
#include "layout.h"
#include "lines.h"
#include "paginate.h"
#include "style.h"
#include "subset.h"
#include "typo.h"

#include <stdlib.h>
#include <string.h>

/*
 * The contents as atoms in a layout of their own (spliced in later): a
 * title, then one line per heading listed, indented by its level.  Each line
 * is one ellipsized line whatever its page number (the numbers sit in a
 * column of their own), so the contents take the same pages whatever the
 * numbers turn out to be.
 */
static void
toc_atoms(struct pdf_layout *toc, struct pdf_layout *lo, const struct pdf_style *st,
    struct pdf_fonts *fonts)
{
	int min_level = 6;
	for (size_t i = 0; i < lo->count; i++)
		if (lo->atoms[i].heading && lo->atoms[i].heading->in_toc
		    && lo->atoms[i].heading->level < min_level)
			min_level = lo->atoms[i].heading->level;
	struct pdf_elem *elem = pdf_layout_elem(lo, lo->root, "TOC");
	struct pdf_text *t = pdf_plain_text(st, fonts, gz_toc_label(st->lang), PDF_FACE_SANS, true,
	    st->heading_size_pt[1], st->body_w_pt);
	pdf_fonts_note_layout(fonts, t->layout, 0);
	struct pdf_atom *a = pdf_layout_push(toc, PDF_ATOM_LINE);
	a->elem = pdf_layout_elem(lo, elem, "Caption");
	a->span = true;
	a->line.text = t;
	a->line.baseline_pu = pango_layout_get_baseline(t->layout);
	PangoRectangle logical;
	pango_layout_get_extents(t->layout, NULL, &logical);
	a->h_pt = pdf_pu_to_pt(logical.height);
	pdf_typo_settle(t->layout);
	a->line.line = pdf_line_new(t->layout, pango_layout_get_line_readonly(t->layout, 0));
	a->frees_text = true;
	double number_w = st->size_pt * 3;      /* room for "999" and a space */
	for (size_t i = 0; i < lo->count; i++) {
		const struct pdf_heading *h = lo->atoms[i].heading;
		if (!h || !h->in_toc)
			continue;
		int depth = h->level - min_level;
		double indent = st->size_pt * 1.5 * depth;
		bool top = depth == 0;
		t = pdf_plain_text(st, fonts, h->title, top ? PDF_FACE_SANS : PDF_FACE_SERIF, top,
		    st->size_pt, st->body_w_pt - indent - number_w);
		pango_layout_set_ellipsize(t->layout, PANGO_ELLIPSIZE_END);
		pdf_fonts_note_layout(fonts, t->layout, 0);
		pango_layout_get_extents(t->layout, NULL, &logical);
		a = pdf_layout_push(toc, PDF_ATOM_TOC);
		a->elem = pdf_layout_elem(lo, elem, "TOCI");
		a->span = true;
		a->x_pt = indent;
		a->gap_pt = st->size_pt * (top && toc->count > 2 ? 0.7 : 0.25);
		a->no_break_before = toc->count == 2;   /* the first entry stays with the title */
		a->h_pt = pdf_pu_to_pt(logical.height);
		a->toc.text = t;
		a->toc.dest = gz_xstrdup(h->dest);
		a->toc.level = depth + 1;
	}
	if (toc->count > 1)
		toc->atoms[1].gap_pt = st->size_pt * 1.5;
}

/* Moves the atoms of `toc` into `lo` before atom `at`, fixing the indices
 * that point past it (table header rows, parts).  `part`: give the contents
 * a part of their own. */
static void
splice(struct pdf_layout *lo, struct pdf_layout *toc, size_t at, const char *part_title,
    bool part)
{
	size_t n = toc->count;
	if (lo->count + n > lo->cap) {
		lo->cap = lo->count + n;
		lo->atoms = gz_xrealloc(lo->atoms, lo->cap * sizeof *lo->atoms);
	}
	memmove(&lo->atoms[at + n], &lo->atoms[at], (lo->count - at) * sizeof *lo->atoms);
	memcpy(&lo->atoms[at], toc->atoms, n * sizeof *lo->atoms);
	lo->count += n;
	for (size_t i = at + n; i < lo->count; i++)
		if (lo->atoms[i].header_row >= (long)at)
			lo->atoms[i].header_row += (long)n;
	size_t k = 0;
	while (k < lo->part_count && lo->parts[k].first < at)
		k++;
	for (size_t j = k; j < lo->part_count; j++)
		lo->parts[j].first += n;
	if (part) {
		lo->parts = gz_xrealloc(lo->parts, (lo->part_count + 1) * sizeof *lo->parts);
		memmove(&lo->parts[k + 1], &lo->parts[k], (lo->part_count - k) * sizeof *lo->parts);
		lo->parts[k] = (struct pdf_part){ .first = at,
		    .title = part_title ? gz_xstrdup(part_title) : NULL, .titled = true };
		lo->part_count++;
	}
	if (part && at > 0)
		lo->atoms[at].page_break_before = true;
	if (at + n < lo->count)
		lo->atoms[at + n].page_break_before = true;
	free(toc->atoms);
	toc->atoms = NULL;
	toc->count = toc->cap = 0;
}

/* Writes into each contents line the page its heading landed on. */
static void
number_entries(struct pdf_layout *lo, const struct pdf_pages *pages)
{
	size_t entry = 0;
	for (size_t pi = 0; pi < pages->count; pi++) {
		for (size_t i = pages->pages[pi].first; i < pages->pages[pi].end; i++) {
			const struct pdf_atom *a = &lo->atoms[i];
			if (!a->heading || !a->heading->in_toc)
				continue;
			while (entry < lo->count && lo->atoms[entry].kind != PDF_ATOM_TOC)
				entry++;
			if (entry < lo->count)
				lo->atoms[entry++].toc.page = (int)pi + 1;
		}
	}
}

bool
pdf_book_build(struct pdf_layout *lo, struct pdf_pages *pages, struct gz_doc *const *docs,
    size_t count, const struct pdf_style *st, struct pdf_fonts *fonts, bool toc,
    struct gz_log *log)
{
	pdf_layout_begin(lo);
	*pages = (struct pdf_pages){0};
	bool combined = count > 1;
	if (st->cover)
		pdf_layout_cover(lo, docs[0], st, fonts, log);
	/* The contents go after the cover, or after the title block of a
	 * single document that has no cover; the body then starts a page. */
	size_t toc_at = lo->count;
	bool toc_part = st->cover || combined;
	for (size_t d = 0; d < count; d++) {
		struct pdf_doc_place place = {
			/* The cover shows a single document's title block. */
			.title_block = combined || !st->cover,
			.chapter = combined,
			.new_page = d > 0,
		};
		size_t before = lo->count;
		/* A chapter keeps its own language (line breaking, regional Han
		 * forms, faces) on the first document's page and type sizes. */
		struct pdf_style own;
		const struct pdf_style *cst = st;
		if (d > 0) {
			if (!pdf_style_init(&own, docs[d], log))
				return false;
			pdf_style_chapter(&own, st);
			cst = &own;
		}
		bool ok = pdf_layout_add(lo, docs[d], cst, fonts, &place, log);
		if (cst == &own)
			pdf_style_free(&own);
		if (!ok)
			return false;
		if (d == 0 && st->cover && lo->count > before)
			lo->atoms[before].page_break_before = true;
		if (d == 0 && toc && !toc_part)
			toc_at = lo->body_first;
	}
	if (toc) {
		lo->digits = pdf_plain_text(st, fonts, "0123456789", PDF_FACE_SERIF, false,
		    st->size_pt, -1);
		pdf_fonts_note_layout(fonts, lo->digits->layout, 0);
		struct pdf_layout entries = {0};
		toc_atoms(&entries, lo, st, fonts);
		/* Contents with no entry would be a page with a title alone. */
		if (entries.count > 1)
			splice(lo, &entries, toc_at, gz_toc_label(st->lang), toc_part);
		pdf_layout_free(&entries);
	}
	/* Pagination, then the page numbers it gives.  The contents were laid
	 * out before paginating, so the numbers already count their pages; and
	 * a contents line keeps its height whatever its number (see toc_atoms),
	 * so numbering changes no page: one pass is final. */
	pdf_paginate(lo, st, pages);
	if (toc)
		number_entries(lo, pages);
	return true;
}
