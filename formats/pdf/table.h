/* table.h: a table as one atom per row (table.c). */
#ifndef GZ_PDF_TABLE_H
#define GZ_PDF_TABLE_H

#include "pdf.h"

struct pdf_inline_ctx;

/* One table row: an atom's content. */
struct pdf_row {
	struct pdf_text **cells;        /* one per column, owned */
	double *x_pt, *w_pt;            /* cell boxes, from the table's left */
	size_t columns;
	bool header;
	double pad_pt;
	struct pdf_elem *elem;          /* TR */
	struct pdf_elem **cell_elems;   /* TH or TD */
	bool *open_below;               /* per column: a rowspan goes on below (no
					   rule under it); NULL: none does */
	/* A piece of a row taller than a page: each cell's lines [line_first,
	 * line_end), drawn from top_pu down in the cells' own coordinates.
	 * NULL line_first: the whole row. */
	int *line_first, *line_end;
	int top_pu;
	bool shares_cells;              /* a later piece owns and frees the cells */
};
/* Lays out `table` as one atom per row of `lo` (each cell one text), in a
 * box `w_pt` wide at `x_pt` under `parent`, `gap_pt` below what comes
 * before.  Never fails (true). */
bool pdf_layout_table(struct pdf_layout *lo, const struct gz_node *table,
    const struct pdf_inline_ctx *c, struct pdf_elem *parent, double x_pt, double w_pt,
    double gap_pt);
/* Frees a row (and its cells, unless a later piece shares them). */
void pdf_row_free(struct pdf_row *row);

#endif /* GZ_PDF_TABLE_H */
