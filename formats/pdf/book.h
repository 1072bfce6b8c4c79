/* book.h: the layout and pages of a whole PDF: cover, contents, one or
 * more documents (book.c). */
#ifndef GZ_PDF_BOOK_H
#define GZ_PDF_BOOK_H

#include "pdf.h"

/* Lays out `docs` (a cover, the contents and one chapter per document as
 * asked) and paginates them, page numbers in the contents included.  One
 * document alone is laid out as before: title block, then body.  False
 * after reporting; `lo` and `pages` are to be freed either way. */
bool pdf_book_build(struct pdf_layout *lo, struct pdf_pages *pages,
    struct gz_doc *const *docs, size_t count, const struct pdf_style *st,
    struct pdf_fonts *fonts, bool toc, struct gz_log *log);

#endif /* GZ_PDF_BOOK_H */
