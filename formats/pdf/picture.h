/* picture.h: how large an image is drawn, in a figure or inside a line of
 * text, and drawing those inside a line (picture.c). */
#ifndef GZ_PDF_PICTURE_H
#define GZ_PDF_PICTURE_H

#include "pdf.h"

/* The source line of `n`: md4c gives positions to blocks only, so an inline
 * node takes the line of the nearest block that holds it.  0 when unknown. */
unsigned pdf_node_line(const struct gz_node *n);
/* The size of `img` as IMAGE node `n` asks for it with its `width` and
 * `height` attributes (CSS pixels at 96 dpi unless a unit says otherwise,
 * a percentage of `column_w_pt`); false when it asks for none. */
bool pdf_image_asked_size(const struct pdf_image *img, const struct gz_node *n,
    double em_pt, double column_w_pt, double *w_pt, double *h_pt);
/* Whether image `n` inside a paragraph is drawn as a figure of its own
 * rather than inside a line: when its asked size is taller than two lines,
 * or, asking none, when it is wider than the column at 96 dpi (a screenshot
 * in a sentence), as browsers would break the line around it.  Loads the
 * picture quietly: false for one that cannot be loaded (the text reports
 * it). */
bool pdf_image_is_block(const struct pdf_inline_ctx *c, const struct gz_node *n, double em_pt,
    double column_w_pt);
/* Loads image `n` for a line of text of `em_pt` type in a column of
 * `column_w_pt`: scaled to the type's height unless it asks for a size
 * (then no taller than a line), never wider than the column.  False after
 * a warning when it cannot be loaded. */
bool pdf_inline_image(const struct pdf_inline_ctx *c, const struct gz_node *n, double em_pt,
    double leading, double column_w_pt, struct pdf_inline_image *out);
/* Draws the pictures of `line` (a line of `t` drawn at x_pt, baseline_pt). */
void pdf_draw_inline_images(cairo_t *cr, const struct pdf_text *t, const struct pdf_line *line,
    double x_pt, double baseline_pt);

#endif /* GZ_PDF_PICTURE_H */
