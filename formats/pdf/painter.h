/* painter.h: the state of a PDF being painted, shared by paint.c (the
 * document) and draw.c (each page). */
#ifndef GZ_PDF_PAINTER_H
#define GZ_PDF_PAINTER_H

#include "pdf.h"
#include "catalog.h"

/* The gray of the running header, the folio and the contents' leaders. */
#define FURNITURE_GRAY 0.45

struct painter {
	cairo_surface_t *surface;
	cairo_t *cr;
	struct pdf_fonts *fonts;
	const struct pdf_style *st;
	struct pdf_text *digits;        /* the contents' page numbers */
	struct pdf_elem **open;         /* open structure elements, outermost first */
	size_t open_count, open_cap;
	int outline[7];                 /* the last outline entry at each level */
	double dx;                      /* the current atom's column shift */
	struct span *spans;             /* the page's quote bars and code tints */
	size_t span_count, span_cap;
	const struct pdf_elem **chain;  /* find_spans' scratch */
	size_t *open_spans;
	size_t chain_cap;
	struct gz_buf *out;
	bool finishing;                 /* cairo is writing what follows the pages */
	size_t next_pass;               /* out->len that calls for pdf_finish_pass */
	struct pdf_finish fin;
};

/* A page as paint_page takes it: its atoms and where they go. */
struct page_view {
	size_t index;                   /* page number - 1 */
	const struct pdf_atom *atoms;   /* the page's atoms, count of them */
	size_t count;
	const double *y_pt, *dx_pt;     /* each atom's place (see pdf_pages) */
	const struct pdf_atom *header_row;      /* repeated at the top, or NULL */
	/* The footnotes at its foot, placed as the atoms are, and the top of
	 * each column's notes (negative: none there). */
	const struct pdf_atom *notes;
	size_t note_count;
	const double *note_y_pt, *note_dx_pt;
	double note_top_pt[2];
	size_t part;                    /* its part in the layout */
	bool furniture;                 /* running header and folio */
};

/* Draws page `v`: its running header `header` (NULL: none) and folio
 * `number` when it has furniture (tagged under `root`), its atoms and their
 * structure tags, then shows it and sends it on to the file. */
void pdf_draw_page(struct painter *p, const struct page_view *v, struct pdf_elem *root,
    struct pdf_text *header, struct pdf_text *number);
/* Closes and opens structure tags so that exactly the chain up to `elem`
 * is open (NULL: none). */
void pdf_sync_tags(struct painter *p, struct pdf_elem *elem);
/* A copy of `s` that cairo 1.16 takes in metadata and outline titles (see
 * draw.c). */
char *pdf_cairo_string(const char *s);

#endif /* GZ_PDF_PAINTER_H */
