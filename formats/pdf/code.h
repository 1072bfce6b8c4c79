/* code.h: a code block's tokens as colours in its layout (code.c). */
#ifndef GZ_PDF_CODE_H
#define GZ_PDF_CODE_H

#include "pdf.h"

/* Colours the tokens of `code_block` that fall in the first `len` bytes its
 * text `t` shows, when it is in a language the highlighter knows; else
 * leaves `t` as it is. */
void pdf_code_colour(struct pdf_text *t, const struct gz_node *code_block, size_t len,
    struct gz_log *log);

#endif
