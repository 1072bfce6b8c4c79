/* figure.h: pictures laid out as figures between blocks (figure.c). */
#ifndef GZ_PDF_FIGURE_H
#define GZ_PDF_FIGURE_H

#include "pdf.h"

struct lay;

/* Whether paragraph `p` holds pictures and nothing else but spaces and
 * line breaks. */
bool pdf_only_images(const struct gz_node *p);
/* Lays out the image node `img` as a figure in the current frame of `l`. */
void pdf_figure(struct lay *l, const struct gz_node *img);

#endif /* GZ_PDF_FIGURE_H */
