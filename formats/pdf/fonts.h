/* fonts.h: gazette's own fontconfig setup and the pango context a document
 * is laid out with (fonts.c). */
#ifndef GZ_PDF_FONTS_H
#define GZ_PDF_FONTS_H

#include "pdf.h"

/* Loads fonts/gazette.conf into a private FcConfig, adds opts->font_dirs and
 * makes a pango context for `st`.  NULL after reporting. */
struct pdf_fonts *pdf_fonts_new(const struct pdf_style *st, const struct gz_options *opts,
    const char *doc_name, struct gz_log *log);
void pdf_fonts_free(struct pdf_fonts *f);
/* The pango context for a new layout. */
PangoContext *pdf_fonts_context(struct pdf_fonts *f);
/* True when some font of the configuration covers CJK text. */
bool pdf_fonts_have_cjk(struct pdf_fonts *f);

#endif /* GZ_PDF_FONTS_H */
