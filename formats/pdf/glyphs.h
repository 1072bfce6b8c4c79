/* glyphs.h: one line of a text onto cairo, glyph by glyph (glyphs.c). */
#ifndef GZ_PDF_GLYPHS_H
#define GZ_PDF_GLYPHS_H

#include "pdf.h"

/* Draws one line of a text at (x, baseline) with the subset fonts,
 * wrapping linked parts in Link tags (and loose text in Span when the text
 * has links). */
void pdf_draw_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    const struct pdf_line *line, double x_pt, double baseline_pt);
/* The same for a line of the text's layout, settled first (typo.h). */
void pdf_draw_layout_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    PangoLayoutLine *pl, double x_pt, double baseline_pt);

#endif /* GZ_PDF_GLYPHS_H */
