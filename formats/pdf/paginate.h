/* paginate.h: where each page starts and where each atom goes on it
 * (paginate.c). */
#ifndef GZ_PDF_PAGINATE_H
#define GZ_PDF_PAGINATE_H

#include "pdf.h"

/* Breaks the atoms into pages of `body_h_pt` (in two columns when st asks)
 * and places each; never fails. */
void pdf_paginate(const struct pdf_layout *lo, const struct pdf_style *st, struct pdf_pages *out);
void pdf_pages_free(struct pdf_pages *p);

#endif /* GZ_PDF_PAGINATE_H */
