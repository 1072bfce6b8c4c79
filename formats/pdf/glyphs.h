/* glyphs.h: one line of a text onto cairo, glyph by glyph (glyphs.c). */
#ifndef GZ_PDF_GLYPHS_H
#define GZ_PDF_GLYPHS_H

#include "pdf.h"

/* Draws one line of a text at (x, baseline) with the subset fonts,
 * wrapping linked parts in Link tags (and loose text in Span when the text
 * has links). */
void pdf_draw_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    PangoLayoutLine *line, double x_pt, double baseline_pt);

#endif /* GZ_PDF_GLYPHS_H */
