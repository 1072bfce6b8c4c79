/* picture.c: the size of an image in a figure or a line of text, from its
 * own size and its `width`/`height` attributes, and the pictures of a line
 * drawn over the U+FFFC that holds their place. */
#include "picture.h"
#include "image.h"
#include "lines.h"

#include <stdlib.h>
#include <string.h>

unsigned
pdf_node_line(const struct gz_node *n)
{
	while (n && n->line == 0)
		n = n->parent;
	return n ? n->line : 0;
}

/* A CSS length in points: `300`, `300px`, `12pt`, `2em`, `3cm`, `50%`;
 * 0 when it is none of these. */
static double
length_pt(const char *v, double em_pt, double percent_of_pt)
{
	if (!v)
		return 0;
	char *end;
	double x = g_ascii_strtod(v, &end);
	if (end == v || !(x > 0) || x > 1e5)
		return 0;
	while (*end == ' ')
		end++;
	if (!*end || g_ascii_strcasecmp(end, "px") == 0)
		return x * 0.75;
	if (g_ascii_strcasecmp(end, "pt") == 0)
		return x;
	if (g_ascii_strcasecmp(end, "em") == 0 || g_ascii_strcasecmp(end, "rem") == 0)
		return x * em_pt;
	if (g_ascii_strcasecmp(end, "in") == 0)
		return x * 72;
	if (g_ascii_strcasecmp(end, "cm") == 0)
		return x * 10 * PDF_MM_PT;
	if (g_ascii_strcasecmp(end, "mm") == 0)
		return x * PDF_MM_PT;
	if (strcmp(end, "%") == 0)
		return x / 100 * percent_of_pt;
	return 0;
}

bool
pdf_image_asked_size(const struct pdf_image *img, const struct gz_node *n, double em_pt,
    double column_w_pt, double *w_pt, double *h_pt)
{
	double w = length_pt(gz_node_attr(n, "width"), em_pt, column_w_pt);
	/* A percentage height has nothing to be a percentage of on a page. */
	double h = length_pt(gz_node_attr(n, "height"), em_pt, 0);
	if (w <= 0 && h <= 0)
		return false;
	double aspect = img->w_px > 0 && img->h_px > 0 ? img->h_px / img->w_px : 1;
	if (w <= 0)
		w = h / aspect;
	if (h <= 0)
		h = w * aspect;
	*w_pt = w;
	*h_pt = h;
	return true;
}

static void
discard(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)line, (void)message;
}

bool
pdf_image_is_block(const struct pdf_inline_ctx *c, const struct gz_node *n, double em_pt,
    double column_w_pt)
{
	struct gz_log quiet = { .emit = discard };
	struct pdf_image *img = pdf_image_load(c->doc, n->link.url, c->st->safe, 0, PDF_IMAGE_ALT,
	    &quiet);
	if (!img)
		return false;
	double w, h;
	bool block = pdf_image_asked_size(img, n, em_pt, column_w_pt, &w, &h)
	    ? h > 2 * em_pt * c->st->leading : img->w_px * 0.75 > column_w_pt;
	pdf_image_free(img);
	return block;
}

bool
pdf_inline_image(const struct pdf_inline_ctx *c, const struct gz_node *n, double em_pt,
    double leading, double column_w_pt, struct pdf_inline_image *out)
{
	struct pdf_image *img = pdf_image_load(c->doc, n->link.url, c->st->safe, pdf_node_line(n),
	    PDF_IMAGE_ALT, c->log);
	if (!img)
		return false;
	double w, h;
	double aspect = img->w_px > 0 && img->h_px > 0 ? img->w_px / img->h_px : 1;
	if (pdf_image_asked_size(img, n, em_pt, column_w_pt, &w, &h)) {
		/* The line keeps its height: a taller picture would run into
		 * the lines around it. */
		double max_h = em_pt * leading;
		if (h > max_h) {
			w *= max_h / h;
			h = max_h;
		}
	} else {
		h = em_pt;
		w = h * aspect;
	}
	if (column_w_pt > 0 && w > column_w_pt) {
		h *= column_w_pt / w;
		w = column_w_pt;
	}
	/* Centred on the text's middle, 0.38 em above the baseline in Noto
	 * Serif, Sans and CJK alike: pango pads each run of a line to the
	 * line's height around its own middle, so a picture centred there
	 * leaves the line exactly as high as its text.  A picture one em high
	 * spans a CJK glyph's ascent and descent. */
	*out = (struct pdf_inline_image){ .image = img, .w_pt = w, .h_pt = h,
	    .top_pt = -0.38 * em_pt - h / 2 };
	return true;
}

void
pdf_draw_inline_images(cairo_t *cr, const struct pdf_text *t, const struct pdf_line *line,
    double x_pt, double baseline_pt)
{
	double x = x_pt;
	for (int r = 0; r < line->run_count; r++) {
		const struct pdf_run *run = &line->runs[r];
		for (int g = run->first; g < run->first + run->count; g++) {
			int byte = run->offset + pdf_line_cluster(line, g);
			for (size_t i = 0; i < t->image_count; i++) {
				const struct pdf_inline_image *im = &t->images[i];
				if (im->start == byte)
					pdf_image_paint(cr, im->image, x, baseline_pt + im->top_pt,
					    im->w_pt, im->h_pt);
			}
			x += pdf_pu_to_pt(pdf_line_width(line, g));
		}
	}
}
