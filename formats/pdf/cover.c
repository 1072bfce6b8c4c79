/* cover.c: a brochure's cover page, and the page's date as its readers
 * write it. */
#include "cover.h"
#include "image.h"
#include "inline.h"
#include "lay.h"
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
pdf_page_authors(const struct gz_doc *doc)
{
	const struct gz_meta *m = &doc->meta;
	if (!m->author_count)
		return NULL;
	struct gz_buf b = {0};
	for (size_t i = 0; i < m->author_count; i++)
		gz_buf_printf(&b, "%s%s", i ? ", " : "", m->authors[i].name);
	return gz_buf_detach(&b, NULL);
}

char *
pdf_page_date(const struct gz_doc *doc)
{
	const char *written = gz_value_string(doc->page, "date");
	if (written)
		return gz_xstrdup(written);
	if (doc->meta.date_source != GZ_DATE_FILE_NAME)
		return NULL;
	struct gz_buf b = {0};
	gz_time_format(&b, doc->meta.date, "%Y-%m-%d");
	return gz_buf_detach(&b, NULL);
}

char *
pdf_format_date(const char *date, const char *lang)
{
	if (!date)
		return NULL;
	/* The date part of an ISO date or date-time, as written. */
	char day[11];
	struct gz_time t;
	snprintf(day, sizeof day, "%s", date);
	if (strlen(date) < 10 || !gz_time_parse(day, &t))
		return gz_xstrdup(date);
	struct gz_buf b = {0};
	gz_time_display(&b, t, lang);
	return gz_buf_detach(&b, NULL);
}

/* One centred text of the cover. */
static void
cover_text(struct lay *l, const char *s, enum pdf_face face, bool bold, double size_pt,
    double gray, const char *tag, double pad_top_pt)
{
	struct pdf_text *t = pdf_plain_text(l->st, l->fonts, s, face, bold, size_pt,
	    l->st->body_w_pt);
	pango_layout_set_alignment(t->layout, PANGO_ALIGN_CENTER);
	t->color[0] = t->color[1] = t->color[2] = gray;
	lay_push_lines(l, t, pdf_layout_elem(l->lo, lay_top(l)->elem, tag), 0, BREAKS_NONE, pad_top_pt, 0,
	    0);
}

void
pdf_layout_cover(struct pdf_layout *lo, const struct gz_doc *doc, const struct pdf_style *st,
    struct pdf_fonts *fonts, struct gz_log *log)
{
	struct lay l;
	lay_open(&l, lo, doc, st, fonts, log);
	pdf_layout_part(lo, NULL, true, true);
	const struct gz_value *page = doc->page;
	const char *title = st->title ? st->title : gz_value_string(page, "title");
	const char *description = st->title && doc->site ? gz_value_string(doc->site, "description")
	    : gz_value_string(page, "description");
	const char *image_path = gz_value_string(page, "cover_image");
	/* A brochure's own title goes with the site's author and no page's date. */
	struct gz_person site_author;
	char *author = !st->title ? pdf_page_authors(doc)
	    : doc->site && gz_person_first(gz_value_get(doc->site, "author"), &site_author)
	    ? gz_xstrdup(site_author.name) : NULL;
	char *written = st->title ? NULL : pdf_page_date(doc);
	char *date = pdf_format_date(written, st->lang);
	free(written);
	l.span = true;
	/* The title a quarter down the page: the space is padding inside its
	 * first line, since a page drops the gap above its first atom. */
	cover_text(&l, title ? title : doc->stem, PDF_FACE_SANS, true, st->size_pt * 2.8, 0.1,
	    "H1", st->body_h_pt * 0.22);
	if (description) {
		lay_want_gap(&l, st->size_pt * 1.2);
		l.keep = true;
		cover_text(&l, description, PDF_FACE_SERIF, false, st->size_pt * 1.3, 0.3, "P", 0);
	}
	const struct gz_value *image_value = gz_value_get(page, "cover_image");
	struct pdf_image *img = image_path ? pdf_image_load(doc, image_path, st->safe,
	    image_value->line, PDF_IMAGE_COVER, log) : NULL;
	if (img) {
		double w = img->w_px * 0.75, h = img->h_px * 0.75, scale = 1;
		if (w * scale > st->body_w_pt * 0.8)
			scale = st->body_w_pt * 0.8 / w;
		if (h * scale > st->body_h_pt * 0.4)
			scale = st->body_h_pt * 0.4 / h;
		lay_want_gap(&l, st->size_pt * 3);
		l.keep = true;
		struct pdf_atom *a = lay_push(&l, PDF_ATOM_IMAGE, pdf_layout_elem(lo, lo->root, "Figure"),
		    (st->body_w_pt - w * scale) / 2);
		a->image.image = img;
		a->image.w_pt = w * scale;
		a->h_pt = h * scale;
		lo->alts = gz_xrealloc(lo->alts, (lo->alt_count + 1) * sizeof *lo->alts);
		lo->alts[lo->alt_count++] = gz_xstrdup(title ? title : doc->stem);
	}
	if (author) {
		lay_want_gap(&l, st->size_pt * 3);
		l.keep = true;
		cover_text(&l, author, PDF_FACE_SANS, false, st->size_pt * 1.2, 0.2, "P", 0);
	}
	if (date) {
		lay_want_gap(&l, st->size_pt * (author ? 0.6 : 3));
		l.keep = true;
		cover_text(&l, date, PDF_FACE_SANS, false, st->size_pt * 1.05, 0.35, "P", 0);
	}
	free(date);
	free(author);
	lay_close(&l);
}
