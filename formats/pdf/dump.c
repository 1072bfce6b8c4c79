/* dump.c: the layout and its pagination as text, for golden-file tests:
 * every page, and on it every atom's place, kind, tag and line text. */
#include "dump.h"
#include "lines.h"
#include "table.h"

#include <string.h>

static const char *const kind_names[] = {
	[PDF_ATOM_LINE] = "line",
	[PDF_ATOM_RULE] = "rule",
	[PDF_ATOM_IMAGE] = "image",
	[PDF_ATOM_ROW] = "row",
	[PDF_ATOM_TOC] = "toc",
};
_Static_assert(GZ_ARRAY_LEN(kind_names) == PDF_ATOM_KIND_COUNT, "a name for every atom kind");

static void
quoted(struct gz_buf *out, const char *s, int len)
{
	gz_buf_putc(out, '"');
	for (int i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			gz_buf_putc(out, '\\');
		if ((unsigned char)s[i] < 0x20)
			gz_buf_printf(out, "\\x%02x", (unsigned char)s[i]);
		else
			gz_buf_putc(out, s[i]);
	}
	gz_buf_putc(out, '"');
}

static void
atom(struct gz_buf *out, const struct pdf_atom *a, double y, double dx)
{
	gz_buf_printf(out, "  %s %s y=%.2f h=%.2f x=%.2f", kind_names[a->kind],
	    a->elem ? a->elem->tag : "-", y, a->h_pt, a->x_pt + dx);
	if (a->span)
		gz_buf_puts(out, " span");
	if (a->heading)
		gz_buf_printf(out, " dest=%s level=%d", a->heading->dest, a->heading->level);
	if (a->marker)
		gz_buf_puts(out, a->marker->text ? " marker" : " task");
	switch (a->kind) {
	case PDF_ATOM_LINE: {
		gz_buf_putc(out, ' ');
		quoted(out, pdf_line_text(a->line.line, a->line.line->start), a->line.line->length);
		break;
	}
	case PDF_ATOM_ROW:
		gz_buf_printf(out, " columns=%zu%s", a->row->columns, a->row->header ? " header" : "");
		for (size_t c = 0; c < a->row->columns; c++) {
			gz_buf_printf(out, " [w=%.2f ", a->row->w_pt[c]);
			const char *t = a->row->cells[c] ? pango_layout_get_text(a->row->cells[c]->layout)
			    : "";
			quoted(out, t, (int)strlen(t));
			gz_buf_putc(out, ']');
		}
		break;
	case PDF_ATOM_IMAGE:
		gz_buf_printf(out, " w=%.2f", a->image.w_pt);
		break;
	case PDF_ATOM_TOC: {
		const char *t = pango_layout_get_text(a->toc.text->layout);
		gz_buf_printf(out, " level=%d page=%d dest=%s ", a->toc.level, a->toc.page,
		    a->toc.dest);
		quoted(out, t, (int)strlen(t));
		break;
	}
	default:
		break;
	}
	gz_buf_putc(out, '\n');
}

void
pdf_layout_dump(const struct pdf_layout *lo, const struct pdf_pages *pages, struct gz_buf *out)
{
	for (size_t pi = 0; pi < pages->count; pi++) {
		const struct pdf_page *p = &pages->pages[pi];
		gz_buf_printf(out, "page %zu\n", pi + 1);
		if (p->header_row >= 0) {
			gz_buf_puts(out, "  (repeated)");
			atom(out, &lo->atoms[p->header_row], 0, 0);
		}
		for (size_t i = p->first; i < p->end; i++)
			atom(out, &lo->atoms[i], pages->y_pt[i], pages->dx_pt[i]);
		for (size_t j = p->note_first; j < p->note_end; j++) {
			gz_buf_printf(out, "  (note %u)", lo->notes[j].note);
			atom(out, &lo->notes[j], pages->note_y_pt[j], pages->note_dx_pt[j]);
		}
	}
}
