/* typo.h: CJK typesetting by positioning (typo.c). */
#ifndef GZ_PDF_TYPO_H
#define GZ_PDF_TYPO_H

#include "pdf.h"

/*
 * CJK typesetting by positioning.  pdf_typo_attrs adds to `attrs`
 * (before `layout` gets them) a quarter em of letter spacing on Han and kana
 * beside Latin letters and digits, and `halt` on one of two adjacent
 * full-width marks (the first when it closes, else the second when it
 * opens), so the pair takes an em and a half; bytes in the `skip_count` ranges
 * `skip[2i], skip[2i+1]` (code) are left alone.  It keeps what settling
 * needs on the layout.
 */
void pdf_typo_attrs(const struct pdf_style *st, PangoLayout *layout, const char *text, int len,
    PangoAttrList *attrs, double size_pt, const int *skip, size_t skip_count);
/* After line breaking: moves each Latin gap to its Latin side and sets an
 * opening bracket at a line start and a closing mark at a line end
 * half-width.  Once per layout of the text (cheap to call again); layouts
 * without pdf_typo_attrs are left alone. */
void pdf_typo_settle(PangoLayout *layout);
/* Settles, then spreads each line's slack over the places beside CJK
 * characters and the word spaces, never so wide between two CJK characters
 * that a text extractor reads a space there; the last line and lines ended
 * by a hard break stay ragged.  Call once, after the layout's last change. */
void pdf_typo_justify(PangoLayout *layout);
/* True for the characters that take emphasis dots (Han, kana, hangul). */
bool pdf_typo_dotted(uint32_t cp);

#endif /* GZ_PDF_TYPO_H */
