/* figure.c: a picture alone in its paragraph (or too large for a line) as
 * a figure: centred or at the side its attributes name, shrunk to the
 * column and most of a page, its alt text as a caption; the alt text in
 * its place when the picture cannot be drawn. */
#include "figure.h"
#include "attrs.h"
#include "image.h"
#include "inline.h"
#include "lay.h"
#include "layout.h"
#include "picture.h"

#include <stdlib.h>
#include <string.h>

bool
pdf_only_images(const struct gz_node *p)
{
	bool any = false;
	for (const struct gz_node *n = p->first; n; n = n->next) {
		if (n->kind == GZ_NODE_IMAGE)
			any = true;
		else if (n->kind == GZ_NODE_SOFT_BREAK || n->kind == GZ_NODE_HARD_BREAK)
			continue;
		else if (n->kind != GZ_NODE_TEXT || strspn(n->text, " \t") != n->len)
			return false;
	}
	return any;
}

void
pdf_figure(struct lay *l, const struct gz_node *img)
{
	struct frame *f = lay_top(l);
	unsigned line = pdf_node_line(img);
	struct pdf_image *image = pdf_image_load(l->doc, img->link.url, l->st->safe, line,
	    PDF_IMAGE_ALT, l->log);
	if (!image) {
		/* The warning is given; the alt text stands in for the picture. */
		char *alt = gz_node_plain_text(img);
		char *s = gz_xasprintf("[%s]", *alt ? alt : img->link.url);
		struct pdf_text *t = pdf_plain_text(l->st, l->fonts, s, PDF_FACE_SANS, false,
		    l->st->size_pt * 0.9, f->w_pt);
		t->color[0] = t->color[1] = t->color[2] = 0.4;
		lay_want_gap(l, para_gap(l));
		lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, "P"), f->x_pt, BREAKS_PARAGRAPH,
		    0, 0, line);
		lay_want_gap(l, para_gap(l));
		free(s);
		free(alt);
		return;
	}
	/* Pictures come at 96 pixels to the inch (or the size their width and
	 * height attributes ask), shrunk to fit the column and most of a page. */
	double w = image->w_px * 0.75, h = image->h_px * 0.75;
	pdf_image_asked_size(image, img, l->st->size_pt, f->w_pt, &w, &h);
	/* Centred unless the image or its paragraph names a side. */
	enum pdf_side side = pdf_attr_side(img);
	if (side == PDF_SIDE_NONE)
		side = pdf_attr_side(img->parent);
	double place = side == PDF_SIDE_LEFT ? 0 : side == PDF_SIDE_RIGHT ? 1 : 0.5;
	double scale = 1;
	if (w * scale > f->w_pt)
		scale = f->w_pt / w;
	if (h * scale > l->st->body_h_pt * 0.8)
		scale = l->st->body_h_pt * 0.8 / h;
	lay_want_gap(l, para_gap(l));
	struct pdf_elem *elem = pdf_layout_elem(l->lo, f->elem, "Figure");
	struct pdf_atom *a = lay_push(l, PDF_ATOM_IMAGE, elem,
	    f->x_pt + (f->w_pt - w * scale) * place);
	a->image.image = image;
	a->image.w_pt = w * scale;
	char *alt = gz_node_plain_text(img);
	l->lo->alts = gz_xrealloc(l->lo->alts, (l->lo->alt_count + 1) * sizeof *l->lo->alts);
	l->lo->alts[l->lo->alt_count++] = alt;
	a->h_pt = h * scale;
	/* The alt text as a caption under the picture, as pandoc makes a figure
	 * of an image alone in its paragraph.  It also gives the Figure element
	 * text: cairo 1.16 writes a broken structure tree when the first element
	 * of a document has an image and no glyph. */
	if (*alt) {
		struct pdf_text *t = pdf_plain_text(l->st, l->fonts, alt, PDF_FACE_SANS, false,
		    l->st->size_pt * 0.85, f->w_pt);
		pango_layout_set_alignment(t->layout, place == 0 ? PANGO_ALIGN_LEFT
		    : place == 1 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
		t->color[0] = t->color[1] = t->color[2] = 0.4;
		lay_want_gap(l, l->st->size_pt * 0.4);
		l->keep = true;         /* never a page between a picture and its caption */
		lay_push_lines(l, t, elem, f->x_pt, BREAKS_PARAGRAPH, 0, 0, line);
	}
	lay_want_gap(l, para_gap(l));
}
