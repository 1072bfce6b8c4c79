/* style.h: the page and the type, from the site's `pdf:` settings (style.c). */
#ifndef GZ_PDF_STYLE_H
#define GZ_PDF_STYLE_H

#include "pdf.h"

/* Reads `pdf.*` from the site configuration; false after reporting a bad value. */
bool pdf_style_init(struct pdf_style *st, const struct gz_doc *doc, struct gz_log *log);
void pdf_style_free(struct pdf_style *st);
/* Gives a chapter's style (its own language and faces) the page, sizes and
 * settings of the book's. */
void pdf_style_chapter(struct pdf_style *st, const struct pdf_style *book);

#endif /* GZ_PDF_STYLE_H */
