/* paint.h: the pages on cairo's PDF surface, finished into a file (paint.c). */
#ifndef GZ_PDF_PAINT_H
#define GZ_PDF_PAINT_H

#include "pdf.h"

/* Paints every page and finishes the PDF into `out`, with the language and
 * the figures' alt texts (catalog.c); frees each page's lines once painted,
 * and the layout but its alt texts once all are.  False after reporting. */
bool pdf_paint(struct pdf_layout *lo, const struct pdf_pages *pages, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log, struct gz_buf *out);

#endif /* GZ_PDF_PAINT_H */
