/* table.c: a table as one atom per row, columns as wide as their content
 * allows, the header row repeated on every page the table spans. */
#include "table.h"
#include "inline.h"
#include "layout.h"
#include "subset.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct cell_text {
	struct pdf_text *text;
	double natural_pt, min_pt;      /* widths without padding */
};

/* Natural width (no wrapping) and the widest piece that cannot break. */
static void
measure(struct cell_text *c)
{
	PangoRectangle logical;
	pango_layout_set_width(c->text->layout, -1);
	pango_layout_get_extents(c->text->layout, NULL, &logical);
	c->natural_pt = pdf_pu_to_pt(logical.width);
	pango_layout_set_wrap(c->text->layout, PANGO_WRAP_WORD);
	pango_layout_set_width(c->text->layout, 1);
	pango_layout_get_extents(c->text->layout, NULL, &logical);
	c->min_pt = pdf_pu_to_pt(logical.width);
	pango_layout_set_wrap(c->text->layout, PANGO_WRAP_WORD_CHAR);
}

/*
 * A row taller than a page would run off its bottom: it is cut into pieces,
 * one atom each, that pagination places like rows.  Each line of a cell goes
 * to the piece its top falls in, pieces `step_pt` apart; a piece is then at
 * most one line taller than `step_pt`, and `avail_pt` (what a page holds
 * below a repeated header row) minus the tallest line is the step that
 * keeps every piece within a page.  The pieces share the cells' texts, which
 * the last one owns and frees.
 */
static void
push_row_pieces(struct pdf_layout *lo, struct pdf_row *row, double avail_pt, long header,
    double x_pt)
{
	size_t columns = row->columns;
	int *counts = gz_xcalloc(columns, sizeof *counts);
	int **tops = gz_xcalloc(columns, sizeof *tops), **bottoms = gz_xcalloc(columns, sizeof *bottoms);
	int tallest_pu = 0, last_top_pu = 0;
	for (size_t ci = 0; ci < columns; ci++) {
		if (!row->cells[ci])
			continue;
		PangoLayout *layout = row->cells[ci]->layout;
		int n = pango_layout_get_line_count(layout);
		tops[ci] = gz_xcalloc((size_t)n, sizeof **tops);
		bottoms[ci] = gz_xcalloc((size_t)n, sizeof **bottoms);
		PangoLayoutIter *it = pango_layout_get_iter(layout);
		int k = 0;
		do {
			int y0, y1;
			pango_layout_iter_get_line_yrange(it, &y0, &y1);
			tops[ci][k] = y0;
			bottoms[ci][k] = y1;
			if (y1 - y0 > tallest_pu)
				tallest_pu = y1 - y0;
			if (y0 > last_top_pu)
				last_top_pu = y0;
			k++;
		} while (k < n && pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		counts[ci] = k;
	}
	int step_pu = pdf_pt_to_pu(avail_pt) - tallest_pu;
	int pieces = step_pu > 0 ? last_top_pu / step_pu + 1 : 1;
	int *next = gz_xcalloc(columns, sizeof *next);  /* each cell's first line not placed */
	for (int k = 0; k < pieces; k++) {
		struct pdf_row *piece = gz_xcalloc(1, sizeof *piece);
		*piece = *row;
		piece->cells = gz_xmalloc(columns * sizeof *piece->cells);
		memcpy(piece->cells, row->cells, columns * sizeof *piece->cells);
		piece->x_pt = gz_xmalloc(columns * sizeof *piece->x_pt);
		memcpy(piece->x_pt, row->x_pt, columns * sizeof *piece->x_pt);
		piece->w_pt = gz_xmalloc(columns * sizeof *piece->w_pt);
		memcpy(piece->w_pt, row->w_pt, columns * sizeof *piece->w_pt);
		piece->cell_elems = gz_xmalloc(columns * sizeof *piece->cell_elems);
		memcpy(piece->cell_elems, row->cell_elems, columns * sizeof *piece->cell_elems);
		if (row->open_below) {
			piece->open_below = gz_xmalloc(columns * sizeof *piece->open_below);
			memcpy(piece->open_below, row->open_below, columns * sizeof *piece->open_below);
		}
		piece->line_first = gz_xcalloc(columns, sizeof *piece->line_first);
		piece->line_end = gz_xcalloc(columns, sizeof *piece->line_end);
		piece->top_pu = k * step_pu;
		piece->shares_cells = k + 1 < pieces;
		int bottom_pu = piece->top_pu;
		for (size_t ci = 0; ci < columns; ci++) {
			piece->line_first[ci] = next[ci];
			while (next[ci] < counts[ci]
			    && (k + 1 == pieces || tops[ci][next[ci]] < (k + 1) * step_pu)) {
				if (bottoms[ci][next[ci]] > bottom_pu)
					bottom_pu = bottoms[ci][next[ci]];
				next[ci]++;
			}
			piece->line_end[ci] = next[ci];
		}
		struct pdf_atom *a = pdf_layout_push(lo, PDF_ATOM_ROW);
		a->row = piece;
		a->x_pt = x_pt;
		a->h_pt = pdf_pu_to_pt(bottom_pu - piece->top_pu) + 2 * row->pad_pt;
		a->elem = row->elem;
		a->header_row = header;
		if (k > 0)
			a->gap_pt = 0;
	}
	for (size_t ci = 0; ci < columns; ci++) {
		free(tops[ci]);
		free(bottoms[ci]);
	}
	free(tops);
	free(bottoms);
	free(counts);
	free(next);
	/* The pieces hold the cells now; only the first row's arrays go. */
	free(row->cells);
	free(row->x_pt);
	free(row->w_pt);
	free(row->cell_elems);
	free(row->open_below);
	free(row);
}

/* The footnotes referenced in the cells of `row`, for its atom `a`. */
static void
row_notes(struct pdf_atom *a, const struct pdf_row *row)
{
	for (size_t c = 0; c < row->columns; c++)
		if (row->cells[c] && row->cells[c]->note_count)
			pdf_atom_note_refs(a, row->cells[c], 0, 0, INT_MAX);
}

static PangoAlignment
alignment(enum gz_align a)
{
	return a == GZ_ALIGN_CENTER ? PANGO_ALIGN_CENTER : a == GZ_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
	    : PANGO_ALIGN_LEFT;
}

/* Where each cell of a table sits: raw HTML's colspan and rowspan take
 * several slots of the grid; the cell is kept at its first slot (top left),
 * the others stay empty.  Cells past the table's width are left out. */
struct slot {
	const struct gz_node *cell;     /* the cell that starts here, or NULL */
	size_t colspan, rowspan;
	bool covered;                   /* taken by a cell that starts above or left */
};

struct grid {
	size_t columns, rows;
	struct slot *at;                /* rows x columns */
};

static void
grid_place(struct grid *g, const struct gz_node *table)
{
	g->at = gz_xcalloc(g->rows * g->columns, sizeof *g->at);
	size_t ri = 0;
	for (const struct gz_node *part = table->first; part; part = part->next) {
		for (const struct gz_node *r = part->first; r; r = r->next, ri++) {
			size_t ci = 0;
			for (const struct gz_node *cell = r->first; cell; cell = cell->next) {
				while (ci < g->columns && g->at[ri * g->columns + ci].covered)
					ci++;
				if (ci >= g->columns)
					break;
				size_t cs = gz_cell_span(cell, "colspan"), rs = gz_cell_span(cell, "rowspan");
				if (cs > g->columns - ci)
					cs = g->columns - ci;
				if (rs > g->rows - ri)
					rs = g->rows - ri;
				struct slot *s = &g->at[ri * g->columns + ci];
				s->cell = cell;
				s->colspan = cs;
				s->rowspan = rs;
				for (size_t dr = 0; dr < rs; dr++)
					for (size_t dc = 0; dc < cs; dc++)
						g->at[(ri + dr) * g->columns + ci + dc].covered = true;
				ci += cs;
			}
		}
	}
}

/* Row r's columns whose cell goes on into the next row (no rule under
 * them), or NULL when there is none. */
static bool *
grid_open_below(const struct grid *g, size_t r)
{
	bool *open = NULL;
	/* A slot of row r is open below when the cell covering it spans past r. */
	for (size_t ri = 0; ri <= r; ri++) {
		for (size_t ci = 0; ci < g->columns; ci++) {
			const struct slot *s = &g->at[ri * g->columns + ci];
			if (!s->cell || ri + s->rowspan <= r + 1)
				continue;
			if (!open)
				open = gz_xcalloc(g->columns, sizeof *open);
			for (size_t dc = 0; dc < s->colspan; dc++)
				open[ci + dc] = true;
		}
	}
	return open;
}

/* Widens the columns a spanning cell covers, evenly, until they hold it. */
static void
widen_spanned(const struct grid *g, const struct cell_text *cells, double *natural,
    double *minimum, double pad)
{
	for (size_t i = 0; i < g->rows * g->columns; i++) {
		const struct slot *s = &g->at[i];
		if (!s->cell || s->colspan < 2)
			continue;
		size_t ci = i % g->columns;
		double nat = 0, min = 0;
		for (size_t k = 0; k < s->colspan; k++) {
			nat += natural[ci + k];
			min += minimum[ci + k];
		}
		double want_nat = cells[i].natural_pt + 2 * pad, want_min = cells[i].min_pt + 2 * pad;
		for (size_t k = 0; k < s->colspan; k++) {
			if (want_nat > nat)
				natural[ci + k] += (want_nat - nat) / (double)s->colspan;
			if (want_min > min)
				minimum[ci + k] += (want_min - min) / (double)s->colspan;
		}
	}
}

bool
pdf_layout_table(struct pdf_layout *lo, const struct gz_node *table,
    const struct pdf_inline_ctx *c, struct pdf_elem *parent, double x_pt, double w_pt,
    double gap_pt)
{
	size_t columns = table->table.columns ? table->table.columns : 1;
	const struct pdf_style *st = c->st;
	double size = st->size_pt * 0.92, pad = st->size_pt * 0.45;

	/* Rows in order, head first. */
	size_t row_count = 0;
	for (const struct gz_node *part = table->first; part; part = part->next)
		for (const struct gz_node *r = part->first; r; r = r->next)
			row_count++;
	if (row_count == 0)
		return true;
	struct cell_text *cells = gz_xcalloc(row_count * columns, sizeof *cells);
	const struct gz_node **rows = gz_xcalloc(row_count, sizeof *rows);
	struct grid grid = { .columns = columns, .rows = row_count };
	grid_place(&grid, table);
	size_t ri = 0;
	for (const struct gz_node *part = table->first; part; part = part->next) {
		for (const struct gz_node *r = part->first; r; r = r->next, ri++) {
			rows[ri] = r;
			for (size_t ci = 0; ci < columns; ci++) {
				const struct gz_node *cell = grid.at[ri * columns + ci].cell;
				if (!cell)
					continue;
				struct cell_text *ct = &cells[ri * columns + ci];
				ct->text = pdf_inline_text(c, cell->first, NULL,
				    cell->cell.header ? PDF_FACE_SANS : PDF_FACE_SERIF, cell->cell.header,
				    size, -1, alignment(cell->cell.align));
				measure(ct);
			}
		}
	}

	/* Column widths: natural when they fit, else shrunk toward the widest
	 * unbreakable piece in proportion to what each can give. */
	double *natural = gz_xcalloc(columns, sizeof *natural);
	double *minimum = gz_xcalloc(columns, sizeof *minimum);
	double sum_nat = 0, sum_min = 0;
	for (size_t ci = 0; ci < columns; ci++) {
		for (size_t r = 0; r < row_count; r++) {
			struct cell_text *ct = &cells[r * columns + ci];
			if (grid.at[r * columns + ci].colspan > 1)
				continue;       /* widened below */
			if (ct->natural_pt + 2 * pad > natural[ci])
				natural[ci] = ct->natural_pt + 2 * pad;
			if (ct->min_pt + 2 * pad > minimum[ci])
				minimum[ci] = ct->min_pt + 2 * pad;
		}
		if (natural[ci] < 3 * pad)
			natural[ci] = minimum[ci] = 3 * pad;
	}
	widen_spanned(&grid, cells, natural, minimum, pad);
	for (size_t ci = 0; ci < columns; ci++) {
		sum_nat += natural[ci];
		sum_min += minimum[ci];
	}
	double *widths = gz_xcalloc(columns, sizeof *widths);
	for (size_t ci = 0; ci < columns; ci++) {
		if (sum_nat <= w_pt)
			widths[ci] = natural[ci];
		else if (sum_min <= w_pt)
			widths[ci] = minimum[ci] + (natural[ci] - minimum[ci]) * (w_pt - sum_min)
			    / (sum_nat - sum_min);
		else
			widths[ci] = w_pt * minimum[ci] / sum_min;
	}

	struct pdf_elem *telem = pdf_layout_elem(lo, parent, "Table");
	long header = -1;
	for (size_t r = 0; r < row_count; r++) {
		struct pdf_row *row = gz_xcalloc(1, sizeof *row);
		row->columns = columns;
		row->cells = gz_xcalloc(columns, sizeof *row->cells);
		row->x_pt = gz_xcalloc(columns, sizeof *row->x_pt);
		row->w_pt = gz_xcalloc(columns, sizeof *row->w_pt);
		row->cell_elems = gz_xcalloc(columns, sizeof *row->cell_elems);
		row->open_below = grid_open_below(&grid, r);
		row->header = rows[r]->parent->kind == GZ_NODE_TABLE_HEAD;
		row->pad_pt = pad;
		row->elem = pdf_layout_elem(lo, telem, "TR");
		double x = 0, h = 0;
		for (size_t ci = 0; ci < columns; ci++) {
			struct cell_text *ct = &cells[r * columns + ci];
			row->x_pt[ci] = x;
			row->w_pt[ci] = widths[ci];
			x += widths[ci];
			row->cell_elems[ci] = pdf_layout_elem(lo, row->elem, row->header ? "TH" : "TD");
			if (!ct->text)
				continue;
			/* A cell spanning columns is as wide as they are together. */
			double cw = 0;
			for (size_t k = 0; k < grid.at[r * columns + ci].colspan && ci + k < columns; k++)
				cw += widths[ci + k];
			row->w_pt[ci] = cw;
			pango_layout_set_width(ct->text->layout, pdf_pt_to_pu(cw - 2 * pad));
			pdf_fonts_note_layout(c->fonts, ct->text->layout, rows[r]->line);
			PangoRectangle logical;
			pango_layout_get_extents(ct->text->layout, NULL, &logical);
			if (pdf_pu_to_pt(logical.height) > h)
				h = pdf_pu_to_pt(logical.height);
			row->cells[ci] = ct->text;
		}
		/* What a page holds below the header row that repeats on it. */
		double avail = st->body_h_pt - (header >= 0 ? lo->atoms[header].h_pt : 0) - 2 * pad;
		if (!row->header && h > avail) {
			size_t first = lo->count;
			push_row_pieces(lo, row, avail, header, x_pt);
			lo->atoms[first].gap_pt = r == 0 ? gap_pt : 0;
			lo->atoms[first].no_break_before = header >= 0 && (long)first - 1 == header;
			/* the row's footnotes come with its first piece */
			row_notes(&lo->atoms[first], lo->atoms[first].row);
			continue;
		}
		struct pdf_atom *a = pdf_layout_push(lo, PDF_ATOM_ROW);
		row_notes(a, row);
		a->row = row;
		a->x_pt = x_pt;
		a->h_pt = h + 2 * pad;
		a->elem = row->elem;
		if (r == 0)
			a->gap_pt = gap_pt;
		if (row->header) {
			header = (long)(lo->count - 1);
		} else {
			a->header_row = header;
			/* The header stays with the first row. */
			a->no_break_before = header >= 0 && (long)(lo->count - 2) == header;
		}
	}
	free(widths);
	free(natural);
	free(minimum);
	free(rows);
	free(cells);
	free(grid.at);
	return true;
}

void
pdf_row_free(struct pdf_row *row)
{
	if (!row)
		return;
	for (size_t i = 0; i < row->columns && !row->shares_cells; i++)
		pdf_text_free(row->cells[i]);
	free(row->line_first);
	free(row->line_end);
	free(row->cells);
	free(row->x_pt);
	free(row->w_pt);
	free(row->cell_elems);
	free(row->open_below);
	free(row);
}
