/* inline.h: a block's inline nodes as one text, a PangoLayout with what
 * painting it needs (inline.c). */
#ifndef GZ_PDF_INLINE_H
#define GZ_PDF_INLINE_H

#include "pdf.h"

struct pdf_text *pdf_inline_text(const struct pdf_inline_ctx *c, const struct gz_node *first,
    const struct gz_node *end, enum pdf_face face, bool bold, double size_pt,
    double width_pt, PangoAlignment align);
/* A text of plain UTF-8 in one face. */
struct pdf_text *pdf_plain_text(const struct pdf_style *st, struct pdf_fonts *fonts,
    const char *s, enum pdf_face face, bool bold, double size_pt, double width_pt);
/* Frees a text and its layout; NULL is fine. */
void pdf_text_free(struct pdf_text *t);

#endif /* GZ_PDF_INLINE_H */
