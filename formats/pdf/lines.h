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
	int rise_pu;                    /* raw HTML's <sup>, <sub> */
	uint16_t color[3];              /* a foreground attribute, when `colored` */
	bool colored, strike, underline, rtl;
};

/* A glyph drawn off its pen position (pango's x and y offsets). */
struct pdf_shift {
	int g;                          /* in the line's arrays */
	int x_pu, y_pu;
};

struct pdf_line {
	int start, length;              /* its bytes in the text */
	PangoRectangle logical;         /* pango_layout_line_get_extents */
	int run_count, glyph_count, shift_count;
	struct pdf_run *runs;
	struct pdf_shift *shifts;       /* by glyph, few: most glyphs have none */
	int32_t *widths;                /* advances, pango units */
	/* Per glyph, in 16 bits unless the line needs 32 (`wide_*`): pango's
	 * id (unknown and empty glyphs are wide), and the byte its cluster
	 * starts at, from its run's offset.  Read with the functions below. */
	void *ids, *clusters;
	bool wide_ids, wide_clusters;
	char *text;                     /* bytes [start, start + length), NUL after */
};

/* The painted form of `pl`, a line of `layout` (settled: see typo.h). */
struct pdf_line *pdf_line_new(PangoLayout *layout, PangoLayoutLine *pl);
/* One allocation: free() frees it; NULL is fine. */
static inline void pdf_line_free(struct pdf_line *l) { free(l); }

/* Glyph g of the line: its id, and the byte its cluster starts at from
 * its run's offset. */
static inline uint32_t
pdf_line_glyph(const struct pdf_line *l, int g)
{
	return l->wide_ids ? ((const uint32_t *)l->ids)[g] : ((const uint16_t *)l->ids)[g];
}

static inline int
pdf_line_cluster(const struct pdf_line *l, int g)
{
	return l->wide_clusters ? ((const int32_t *)l->clusters)[g]
	    : ((const uint16_t *)l->clusters)[g];
}

/* The byte glyph g of run r starts at, from the run's offset; the run's
 * length past its last glyph. */
static inline int
pdf_run_cluster(const struct pdf_line *l, const struct pdf_run *r, int g)
{
	return g < r->count ? pdf_line_cluster(l, r->first + g) : r->length;
}

/* The text of the line from byte `at` of the text on. */
static inline const char *
pdf_line_text(const struct pdf_line *l, int at)
{
	return l->text + (at - l->start);
}

/* The offsets of glyph g of the line (0 for most). */
void pdf_line_shift(const struct pdf_line *l, int g, int *x_pu, int *y_pu);

#endif /* GZ_PDF_LINES_H */
