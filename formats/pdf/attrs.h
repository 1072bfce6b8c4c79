/* attrs.h: what the PDF honours of a node's attributes (kramdown IALs, raw HTML). */
#ifndef PDF_ATTRS_H
#define PDF_ATTRS_H

#include "gazette.h"

enum pdf_side { PDF_SIDE_NONE, PDF_SIDE_LEFT, PDF_SIDE_CENTER, PDF_SIDE_RIGHT };

/* The side a node's `align` attribute or alignment class (`text-center`,
 * `text-right`, `align-left`, `float-right`, `center`...) puts it on. */
enum pdf_side pdf_attr_side(const struct gz_node *n);

/* Applies an image's `width` and `height` attributes (CSS pixels, `px`,
 * `pt`, or `%` of `column_pt`) to its natural size *w_pt x *h_pt, keeping
 * the aspect ratio when only one is given.  Unreadable values are ignored. */
void pdf_attr_image_size(const struct gz_node *img, double column_pt, double *w_pt,
    double *h_pt);

#endif
