/* subset.h: the glyphs a document uses, and the subset faces it is drawn
 * with (subset.c). */
#ifndef GZ_PDF_SUBSET_H
#define GZ_PDF_SUBSET_H

#include "pdf.h"

/*
 * Records the glyphs `layout` uses (for subsetting) and warns once per
 * character that no font has (`line` is the block's source line).
 */
void pdf_fonts_note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line);
/*
 * Notes the glyphs of `chars` (ASCII) in the regular upright face of
 * `family` (the first of a list) if a font of that face was noted: what
 * noting a layout of them would add, without loading a font for it (a
 * single page's folio, never drawn, keeps its face's subset as it was).
 */
void pdf_fonts_note_chars(struct pdf_fonts *f, const char *family, const char *chars);
/* Between these two, layouts noted are kept (referenced) and noted on
 * release, in order, so that warnings come in the order of the text. */
void pdf_fonts_hold_notes(struct pdf_fonts *f);
void pdf_fonts_release_notes(struct pdf_fonts *f);
/* Notes the glyphs of `layout` now, which may then be freed; while notes
 * are held, its warnings wait their turn. */
void pdf_fonts_note_now(struct pdf_fonts *f, PangoLayout *layout, unsigned line);
/*
 * Subsets every face noted so far, two faces at a time (a CJK face takes
 * about 5 ms).  Call it once every glyph is noted, before drawing.
 */
void pdf_fonts_subset(struct pdf_fonts *f);
/*
 * The cairo font to draw `font`'s glyphs with, and how to map pango's glyph
 * ids to it (`map` NULL: ids unchanged).  A face first drawn without
 * pdf_fonts_subset is subset then; glyphs noted after a face's subset was
 * made fall back to the whole face.
 */
cairo_scaled_font_t *pdf_fonts_cairo_font(struct pdf_fonts *f, PangoFont *font,
    const void **map);
/* Maps a glyph id through `map` from pdf_fonts_cairo_font; false when the
 * subset lacks it. */
bool pdf_fonts_map_glyph(const void *map, unsigned glyph, unsigned *out);
/* The whole face of `font`, for a glyph its subset lacks. */
cairo_scaled_font_t *pdf_fonts_whole_font(struct pdf_fonts *f, PangoFont *font);
/* The strikethrough line of `font`, in pango units (read once). */
void pdf_fonts_strikethrough(struct pdf_fonts *f, PangoFont *font, int *pos_pu, int *thick_pu);

#endif /* GZ_PDF_SUBSET_H */
