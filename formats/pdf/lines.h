/* lines.h: a line of text as painting reads it, kept instead of pango's
 * line once a text is broken, so that its PangoLayout can go (lines.c). */
#ifndef GZ_PDF_LINES_H
#define GZ_PDF_LINES_H

#include "pdf.h"

#include <stdint.h>

/* One glyph run: a pango item's glyphs, in one font, with what its
 * attributes say about drawing it. */
struct pdf_run {
	PangoFont *font;                /* borrowed: the document's fonts keep every
					   font noted (subset.c) */
	int offset, length;             /* its bytes in the text */
	int first, count;               /* its glyphs in the line's arrays */
	int rise_pu;                    /* raw HTML's <sup>, <sub>: the rise attribute
					   alone (a run's own y offset also carries
					   pango's shifts between fonts, not drawn) */
	uint16_t color[3];              /* a foreground attribute, when `colored` */
	bool colored, strike, underline, rtl;
};

/* A glyph drawn off its pen position (pango's x and y offsets). */
struct pdf_shift {
	int g;                          /* in the line's arrays */
	int x_pu, y_pu;
};

/*
 * One block: this, its runs, then (read with the functions below) its
 * shifts (by glyph); per glyph its advance (pango units), its id and the
 * byte its cluster starts at from its run's offset, each array in 16 bits
 * unless the line needs 32 (`wide`: a glyph 32 pt wide or more, pango's
 * unknown and empty glyphs, a line of more than 64 KB); and its bytes.
 */
struct pdf_line {
	int start, length;              /* its bytes in the text */
	PangoRectangle logical;         /* pango_layout_line_get_extents */
	int run_count, glyph_count, shift_count;
	uint32_t at[4];                 /* where each array (PDF_LINE_*) starts */
	bool wide[3];                   /* PDF_LINE_WIDTHS, _IDS, _CLUSTERS */
	struct pdf_run runs[];
};

enum { PDF_LINE_WIDTHS, PDF_LINE_IDS, PDF_LINE_CLUSTERS, PDF_LINE_TEXT };

/* The painted form of `pl`, a line of `layout` (settled: see typo.h). */
struct pdf_line *pdf_line_new(PangoLayout *layout, PangoLayoutLine *pl);
/* One allocation: free() frees it; NULL is fine. */
static inline void pdf_line_free(struct pdf_line *l) { free(l); }

/* The glyphs drawn off their pen position, few (most have none). */
static inline const struct pdf_shift *
pdf_line_shifts(const struct pdf_line *l)
{
	return (const struct pdf_shift *)(l->runs + l->run_count);
}

/* Element g of array `k` of the line. */
static inline int64_t
pdf_line_get_(const struct pdf_line *l, int k, int g)
{
	const char *a = (const char *)l + l->at[k];
	if (!l->wide[k])
		return k == PDF_LINE_WIDTHS ? ((const int16_t *)a)[g] : ((const uint16_t *)a)[g];
	if (k == PDF_LINE_IDS)
		return ((const uint32_t *)a)[g];
	return ((const int32_t *)a)[g];
}

/* Glyph g of the line: its advance, its id, and the byte its cluster starts
 * at from its run's offset. */
static inline int
pdf_line_width(const struct pdf_line *l, int g)
{
	return (int)pdf_line_get_(l, PDF_LINE_WIDTHS, g);
}

static inline uint32_t
pdf_line_glyph(const struct pdf_line *l, int g)
{
	return (uint32_t)pdf_line_get_(l, PDF_LINE_IDS, g);
}

static inline int
pdf_line_cluster(const struct pdf_line *l, int g)
{
	return (int)pdf_line_get_(l, PDF_LINE_CLUSTERS, g);
}

/* The byte glyph g of run r starts at, from the run's offset; the run's
 * length past its last glyph. */
static inline int
pdf_run_cluster(const struct pdf_line *l, const struct pdf_run *r, int g)
{
	return g < r->count ? pdf_line_cluster(l, r->first + g) : r->length;
}

/* The text of the line from byte `at` of the text on (NUL after the
 * line's end). */
static inline const char *
pdf_line_text(const struct pdf_line *l, int at)
{
	return (const char *)l + l->at[PDF_LINE_TEXT] + (at - l->start);
}

/* The offsets of glyph g of the line (0 for most). */
void pdf_line_shift(const struct pdf_line *l, int g, int *x_pu, int *y_pu);

#endif /* GZ_PDF_LINES_H */
