/* dump.h: the layout and its pages as text, for golden-file tests (dump.c). */
#ifndef GZ_PDF_DUMP_H
#define GZ_PDF_DUMP_H

#include "pdf.h"

void pdf_layout_dump(const struct pdf_layout *lo, const struct pdf_pages *pages,
    struct gz_buf *out);

#endif /* GZ_PDF_DUMP_H */
