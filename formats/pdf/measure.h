/* measure.h: glyph advances and font metrics from HarfBuzz (measure.c). */
#ifndef GZ_PDF_MEASURE_H
#define GZ_PDF_MEASURE_H

#include "pdf.h"

/*
 * Has pango measure the fonts of `map` (gazette's own; `context` is on it)
 * with HarfBuzz, when their class is pango 1.50's cairo font class this was
 * written for (see measure.c): its own would open each face in FreeType as
 * well, and its parent's lays out a sample sentence for each font's
 * metrics.  The class is shared by every font map of the process; the
 * fonts of any other map keep pango's own measures.  The class is found
 * from a font of `desc` (the body's: its font set, sorted by fontconfig,
 * then serves the text).
 */
void pdf_fonts_measure_with_harfbuzz(PangoFontMap *map, PangoContext *context,
    const PangoFontDescription *desc);
/* Whether pango measures `font`'s glyphs with HarfBuzz, not by loading them
 * in cairo and FreeType. */
bool pdf_fonts_measured_by_harfbuzz(PangoFont *font);
/* A glyph's advance in pango units, as pango measured it. */
int pdf_fonts_glyph_width(PangoFont *font, PangoGlyph glyph);

#endif /* GZ_PDF_MEASURE_H */
