/* catalog.h: the document language and figures' alt texts, set by an
 * incremental update of the finished file (catalog.c). */
#ifndef GZ_PDF_CATALOG_H
#define GZ_PDF_CATALOG_H

#include "pdf.h"

/*
 * What cairo writes when it finishes a document (half the file
 * for a long one: the structure tree, outline, names, fonts, cross-reference
 * table) goes on to the file as it comes, but for the objects catalog.c
 * revises, kept aside: the catalog and the Figure structure elements.
 */
struct pdf_kept {
	long num;                       /* object number; 0: none */
	char *dict;                     /* its dictionary, "<<" to ">>" */
};
struct pdf_finish {
	size_t scanned;                 /* file offset the output is scanned up to */
	struct pdf_kept catalog;
	struct pdf_kept *figures;       /* in file order */
	size_t figure_count, figure_cap;
};
/* Keeps what it needs from `out` and sends `out` on to its sink up to the
 * end of its last whole object (none without a sink). */
void pdf_finish_pass(struct pdf_finish *fin, struct gz_buf *out);
void pdf_finish_free(struct pdf_finish *fin);
/*
 * Appends an incremental update that sets the catalog's /Lang (`lang` may be
 * NULL) and the /Alt of each Figure structure element: alts[i] for the i-th
 * figure (NULL or empty: none).  `fin` has seen all that went to the sink
 * since cairo started finishing; the rest (the trailer at least) is still in
 * `pdf`.  False when the file is not as cairo writes it.
 */
bool pdf_update_catalog(struct gz_buf *pdf, struct pdf_finish *fin, const char *lang,
    char *const *alts, size_t alt_count);

#endif /* GZ_PDF_CATALOG_H */
