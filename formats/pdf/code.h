/* code.h: a code block's tokens as colours in its layout (code.c). */
#ifndef GZ_PDF_CODE_H
#define GZ_PDF_CODE_H

#include "pdf.h"
#include "highlight.h"

/* Colours the tokens (highlight.h) of a code block that fall in the `len`
 * bytes from `start` of its text, which `t` shows. */
void pdf_code_colour(struct pdf_text *t, const struct gz_tokens *tokens, size_t start,
    size_t len);

#endif
