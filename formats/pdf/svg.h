/* svg.h: SVG pictures through librsvg, drawn as vectors (svg.c). */
#ifndef GZ_PDF_SVG_H
#define GZ_PDF_SVG_H

#include "pdf.h"

struct pdf_svg;

/* An SVG document read from memory by librsvg, which is given no
 * base file, so it reads nothing else (no file, no network).  NULL with a
 * reason in *why (static) when librsvg cannot read it. */
struct pdf_svg *pdf_svg_new(const unsigned char *data, size_t len, double *w_px, double *h_px,
    const char **why);
/* Whether `data` looks like SVG (or gzipped SVG, by its name `path`). */
bool pdf_svg_sniff(const unsigned char *data, size_t len, const char *path);
void pdf_svg_paint(cairo_t *cr, const struct pdf_svg *svg, double w_pt, double h_pt);
void pdf_svg_free(struct pdf_svg *svg);

#endif /* GZ_PDF_SVG_H */
