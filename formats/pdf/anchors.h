/* anchors.h: PDF destinations for the `id` attributes of any node, so that
 * `#id` links inside the page go there (anchors.c). */
#ifndef GZ_PDF_ANCHORS_H
#define GZ_PDF_ANCHORS_H

#include "pdf.h"

struct lay;                             /* lay.h */

/* Names a destination for every node of `root` with an `id` attribute that
 * no heading has taken, so that links before it can point to it. */
void pdf_anchors_name(struct lay *l, const struct gz_node *root);
/* Before `n` is laid out: its destination, and those inside it when it
 * holds a run of text (laid out as a whole), go to the next atom pushed. */
void pdf_anchors_enter(struct lay *l, const struct gz_node *n);
/* After the document: destinations not placed yet go to its last atom, so
 * that every link to one leads somewhere. */
void pdf_anchors_finish(struct lay *l);
/* Marks the destinations of an atom whose top left is (x_pt, y_pt). */
void pdf_anchors_draw(cairo_t *cr, const struct pdf_anchor *a, double x_pt, double y_pt);

#endif /* GZ_PDF_ANCHORS_H */
