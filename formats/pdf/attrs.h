/* attrs.h: what the PDF honours of a node's attributes (kramdown IALs, raw HTML). */
#ifndef PDF_ATTRS_H
#define PDF_ATTRS_H

#include "gazette.h"

enum pdf_side { PDF_SIDE_NONE, PDF_SIDE_LEFT, PDF_SIDE_CENTER, PDF_SIDE_RIGHT };

/* The side a node's `align` attribute or alignment class (`text-center`,
 * `text-right`, `align-left`, `float-right`, `center`...) puts it on. */
enum pdf_side pdf_attr_side(const struct gz_node *n);

#endif
