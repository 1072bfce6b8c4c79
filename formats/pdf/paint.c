/* paint.c: the paginated atoms onto cairo's PDF surface, page by page
 * (draw.c), the metadata, and the file finished with its language and
 * alt texts (catalog.c). */
#include "paint.h"
#include "cover.h"
#include "painter.h"
#include "catalog.h"
#include "inline.h"
#include "layout.h"
#include "subset.h"
#include "table.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Once the pages are written, what cairo writes goes on to the file a
 * megabyte at a time, but for what catalog.c revises. */
enum { FINISH_PASS_AT = 1 << 20 };

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct painter *p = closure;
	gz_buf_append(p->out, (const char *)data, length);
	if (p->finishing && p->out->len >= p->next_pass) {
		pdf_finish_pass(&p->fin, p->out);
		/* a megabyte more before the next: cairo writes in small pieces */
		p->next_pass = p->out->len + FINISH_PASS_AT;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* The creation date, explicit so that two runs give the same bytes: the
 * page's own date (gz_meta, with its time and offset), else
 * SOURCE_DATE_EPOCH, else the epoch. */
static char *
create_date(const struct gz_doc *doc)
{
	struct gz_time t = doc->meta.date;
	bool own = doc->meta.date_source == GZ_DATE_FRONT_MATTER
	    || doc->meta.date_source == GZ_DATE_FILE_NAME;
	if (!own && gz_source_date_epoch(&t) <= 0)
		t = (struct gz_time){0};
	char buf[40];
	gz_time_rfc3339(t, buf);
	return gz_xstrdup(buf);
}

static void
set_metadata(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
	char *safe = pdf_cairo_string(value);
	cairo_pdf_surface_set_metadata(s, key, safe);
	free(safe);
}

static void
metadata(struct painter *p, const struct gz_doc *doc, const struct pdf_style *st)
{
	cairo_surface_t *s = p->surface;
	set_metadata(s, CAIRO_PDF_METADATA_TITLE, st->title ? st->title : doc->meta.title);
	char *author = pdf_page_authors(doc);
	if (author)
		set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, author);
	free(author);
	if (doc->meta.description)
		set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, doc->meta.description);
	const struct gz_value *tags = gz_value_get(doc->page, "tags");
	if (!tags)
		tags = gz_value_get(doc->page, "keywords");
	if (tags && tags->kind == GZ_VALUE_STRING) {
		set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, tags->string);
	} else if (tags && tags->kind == GZ_VALUE_LIST) {
		struct gz_buf b = {0};
		for (size_t i = 0; i < tags->count; i++) {
			if (tags->items[i]->kind != GZ_VALUE_STRING)
				continue;
			if (b.len)
				gz_buf_puts(&b, ", ");
			gz_buf_puts(&b, tags->items[i]->string);
		}
		if (b.len)
			set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, b.data);
		gz_buf_free(&b);
	}
	set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "gazette " GZ_VERSION);
	char *date = create_date(doc);
	set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	free(date);
}

/* The PDF being painted: paint_begin, pdf_draw_page for each page in
 * order, paint_end. */
struct document {
	struct painter p;
	struct pdf_elem *root;          /* the layout's Document element */
	size_t part_count;
	const struct gz_doc *doc;
	struct pdf_text **headers;      /* each part's running header, or NULL */
	struct pdf_text *number;        /* the folio */
};

static struct document *
paint_begin(const struct pdf_layout *lo, bool several_pages, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_buf *out)
{
	struct document *pp = gz_xcalloc(1, sizeof *pp);
	struct painter *p = &pp->p;
	*p = (struct painter){ .fonts = fonts, .st = st, .digits = lo->digits, .out = out };
	pp->root = lo->root;
	pp->part_count = lo->part_count;
	pp->doc = doc;
	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, st->page_w_pt,
	    st->page_h_pt);
	metadata(p, doc, st);
	p->cr = cairo_create(p->surface);

	/* Running headers (in the body face: a CJK face costs ~10 ms to set up),
	 * one per part, and page numbers: laid out, and their glyphs noted,
	 * before the faces are subset (pdf_fonts_subset, below). */
	pp->headers = gz_xcalloc(lo->part_count + 1, sizeof *pp->headers);
	for (size_t k = 0; k < lo->part_count && several_pages; k++) {
		if (!lo->parts[k].title || lo->parts[k].bare)
			continue;
		struct pdf_text *h = pdf_plain_text(st, fonts, lo->parts[k].title, PDF_FACE_SERIF,
		    false, 8, st->body_w_pt);
		pango_layout_set_ellipsize(h->layout, PANGO_ELLIPSIZE_END);
		for (int i = 0; i < 3; i++)
			h->color[i] = FURNITURE_GRAY;
		pdf_fonts_note_layout(fonts, h->layout, 0);
		pp->headers[k] = h;
	}
	/* A single page has no folio: its font (a font set sorted by
	 * fontconfig, a HarfBuzz face and shaper to set up) is not loaded for
	 * it, only its digits noted where its face is drawn anyway. */
	if (several_pages) {
		pp->number = pdf_plain_text(st, fonts, "0123456789", PDF_FACE_SANS, false, 8.5, -1);
		for (int i = 0; i < 3; i++)
			pp->number->color[i] = FURNITURE_GRAY;
		pdf_fonts_note_layout(fonts, pp->number->layout, 0);
	} else {
		pdf_fonts_note_chars(fonts, st->family[PDF_FACE_SANS], "0123456789");
	}
	pdf_fonts_subset(fonts);
	pdf_sync_tags(p, lo->root);
	return pp;
}

static bool
paint_end(struct document *pp, struct pdf_layout *lo, struct gz_log *log)
{
	struct painter *p = &pp->p;
	struct gz_buf *out = p->out;
	pdf_sync_tags(p, NULL);
	/* Every page is drawn: the atoms and elements go before cairo's
	 * finish, the moment memory peaks in a long document. */
	pdf_layout_release(lo);
	for (size_t k = 0; k < pp->part_count; k++)
		pdf_text_free(pp->headers[k]);
	free(pp->headers);
	pdf_text_free(pp->number);
	/* A drawing error stops the context, not the surface: without this
	 * check the rest of the document would be silently left out. */
	cairo_status_t status = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->finishing = true;
	p->next_pass = out->len + FINISH_PASS_AT;
	p->fin.scanned = out->sent + out->len;
	cairo_surface_finish(p->surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	free(p->open);
	free(p->spans);
	free(p->chain);
	free(p->open_spans);
	bool ok = false;
	if (status != CAIRO_STATUS_SUCCESS)
		gz_error(log, pp->doc->name, 0, "cairo could not write the PDF: %s",
		    cairo_status_to_string(status));
	else if (!pdf_update_catalog(out, &p->fin, pp->doc->lang, lo->alts, lo->alt_count))
		gz_error(log, pp->doc->name, 0, "cannot add the language and alt texts to the PDF");
	else
		ok = true;
	pdf_finish_free(&p->fin);
	free(pp);
	return ok;
}

/* Frees what a painted page's atoms hold, but a table's header row, which a
 * later page may repeat (pdf_layout_free lets go of it). */
static void
page_release(struct pdf_layout *lo, const struct pdf_page *page)
{
	for (size_t i = page->first; i < page->end; i++)
		if (lo->atoms[i].kind != PDF_ATOM_ROW || !lo->atoms[i].row->header)
			pdf_atom_release(&lo->atoms[i]);
	for (size_t j = page->note_first; j < page->note_end; j++)
		if (lo->notes[j].kind != PDF_ATOM_ROW || !lo->notes[j].row->header)
			pdf_atom_release(&lo->notes[j]);
}

/* Page `pi` of `pages` as paint_page takes it. */
static struct page_view
page_view(const struct pdf_layout *lo, const struct pdf_pages *pages, size_t pi)
{
	const struct pdf_page *page = &pages->pages[pi];
	size_t part = 0;
	while (part + 1 < lo->part_count && lo->parts[part + 1].first <= page->first)
		part++;
	/* No header or folio on the cover, nor on the page that opens a part
	 * under its own title (the first page of a plain document). */
	const struct pdf_part *pt = lo->part_count ? &lo->parts[part] : NULL;
	bool opening = pt && pt->titled && pt->first >= page->first && pt->first < page->end;
	return (struct page_view){
		.index = pi,
		.atoms = lo->atoms ? &lo->atoms[page->first] : NULL,     /* none at all */
		.count = page->end - page->first,
		.y_pt = &pages->y_pt[page->first],
		.dx_pt = &pages->dx_pt[page->first],
		.header_row = page->header_row >= 0 ? &lo->atoms[page->header_row] : NULL,
		.part = part,
		.furniture = pi > 0 && pt && !pt->bare && !opening,
		.notes = lo->notes ? &lo->notes[page->note_first] : NULL,
		.note_count = page->note_end - page->note_first,
		.note_y_pt = &pages->note_y_pt[page->note_first],
		.note_dx_pt = &pages->note_dx_pt[page->note_first],
		.note_top_pt = { page->note_top_pt[0], page->note_top_pt[1] },
	};
}

bool
pdf_paint(struct pdf_layout *lo, const struct pdf_pages *pages, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log, struct gz_buf *out)
{
	struct document *pp = paint_begin(lo, pages->count > 1, doc, st, fonts, out);
	for (size_t pi = 0; pi < pages->count; pi++) {
		struct page_view v = page_view(lo, pages, pi);
		pdf_draw_page(&pp->p, &v, pp->root, pp->headers[v.part], pp->number);
		page_release(lo, &pages->pages[pi]);
	}
	return paint_end(pp, lo, log);
}
