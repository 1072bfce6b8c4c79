/* blocks.h: documents laid out block by block into a layout (blocks.c). */
#ifndef GZ_PDF_BLOCKS_H
#define GZ_PDF_BLOCKS_H

#include "pdf.h"

/* Lays out the document (title block and body) into atoms; false after
 * reporting.  Records the glyphs used with `fonts`. */
bool pdf_layout_build(struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log);

/* How one document goes into a layout that may hold several (book.c). */
struct pdf_doc_place {
	bool title_block;               /* its title, description, date, author first */
	bool chapter;                   /* its title opens an outline entry of level 1
					   and its headings go one level deeper */
	bool new_page;                  /* it starts on a new page */
};
/* Appends `doc` as a new part; false after reporting. */
bool pdf_layout_add(struct pdf_layout *lo, const struct gz_doc *doc, const struct pdf_style *st,
    struct pdf_fonts *fonts, const struct pdf_doc_place *place, struct gz_log *log);

#endif /* GZ_PDF_BLOCKS_H */
