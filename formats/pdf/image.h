/* image.h: pictures for figures, inline images and the cover (image.c,
 * svg.c). */
#ifndef GZ_PDF_IMAGE_H
#define GZ_PDF_IMAGE_H

#include "pdf.h"

#include <sys/types.h>

struct pdf_svg;                         /* svg.c */

struct pdf_image {
	cairo_surface_t *surface;       /* PNG pixels, or a 1x1 stand-in carrying JPEG data;
					   NULL for an SVG */
	struct pdf_svg *svg;            /* an SVG drawing, drawn as vectors (svg.c) */
	double w_px, h_px;              /* the picture's own size */
	/* Shared by every use of the same file in a document (image.c). */
	const struct gz_doc *doc;
	dev_t dev;
	ino_t ino;
	size_t bytes;                   /* decoded pixels held */
	unsigned refs;                  /* uses; the last pdf_image_free frees it */
	struct pdf_image *next;
};
/* What stands in for a picture that cannot be loaded: its alt text (a
 * figure), or nothing (the cover, which goes without). */
enum pdf_image_use { PDF_IMAGE_ALT, PDF_IMAGE_COVER };
/* Loads a PNG, JPEG or SVG relative to the document; NULL after warning (at
 * `line`, saying what `use` does instead).  With `inside_only` (--safe), a
 * file outside the document's folder is refused.  The same file used again
 * in the document is shared, not decoded again; free each use. */
struct pdf_image *pdf_image_load(const struct gz_doc *doc, const char *url, bool inside_only,
    unsigned line, enum pdf_image_use use, struct gz_log *log);
void pdf_image_free(struct pdf_image *img);
/* Paints `img` into the box at (x_pt, y_pt), w_pt by h_pt. */
void pdf_image_paint(cairo_t *cr, const struct pdf_image *img, double x_pt, double y_pt,
    double w_pt, double h_pt);

#endif /* GZ_PDF_IMAGE_H */
