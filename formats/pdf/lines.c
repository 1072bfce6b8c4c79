/* lines.c: the painted form of a line.  pango's line (items, glyph strings,
 * attribute copies) and its layout take about 40 KB a page of CJK text and
 * the whole document is laid out before painting (see doc/performance.md);
 * this keeps per glyph its advance, id and cluster (6 bytes), the runs'
 * fonts and drawing attributes and the line's bytes: about 18 bytes a
 * glyph of CJK news text, the line's and runs' headers included. */
#include "lines.h"

#include <stddef.h>
#include <string.h>

/* What drawing reads of a run's attributes: the last foreground and
 * strikethrough, the first underline and rise. */
static void
run_attrs(struct pdf_run *r, const PangoItem *item)
{
	bool underline_seen = false, rise_seen = false;
	for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
		const PangoAttribute *a = l->data;
		switch (a->klass->type) {
		case PANGO_ATTR_FOREGROUND: {
			const PangoColor *c = &((const PangoAttrColor *)a)->color;
			r->color[0] = c->red;
			r->color[1] = c->green;
			r->color[2] = c->blue;
			r->colored = true;
			break;
		}
		case PANGO_ATTR_STRIKETHROUGH:
			r->strike = ((const PangoAttrInt *)a)->value != 0;
			break;
		case PANGO_ATTR_UNDERLINE:
			if (!underline_seen)
				r->underline = ((const PangoAttrInt *)a)->value
				    != PANGO_UNDERLINE_NONE;
			underline_seen = true;
			break;
		case PANGO_ATTR_RISE:
			if (!rise_seen)
				r->rise_pu = ((const PangoAttrInt *)a)->value;
			rise_seen = true;
			break;
		default:
			break;
		}
	}
}

/* Places the arrays after the runs and shifts, each in its size. */
static void
place_arrays(struct pdf_line *l)
{
	size_t at = offsetof(struct pdf_line, runs) + (size_t)l->run_count * sizeof(struct pdf_run)
	    + (size_t)l->shift_count * sizeof(struct pdf_shift);
	for (int k = 0; k < PDF_LINE_TEXT; k++) {
		size_t size = l->wide[k] ? 4 : 2;
		at = (at + size - 1) / size * size;
		l->at[k] = (uint32_t)at;
		at += (size_t)l->glyph_count * size;
	}
	l->at[PDF_LINE_TEXT] = (uint32_t)at;
}

/* Sets element g of array `k` (PDF_LINE_*) of the line. */
static void
set(struct pdf_line *l, int k, int g, int64_t v)
{
	char *a = (char *)l + l->at[k];
	if (!l->wide[k] && k == PDF_LINE_WIDTHS)
		((int16_t *)a)[g] = (int16_t)v;
	else if (!l->wide[k])
		((uint16_t *)a)[g] = (uint16_t)v;
	else if (k == PDF_LINE_IDS)
		((uint32_t *)a)[g] = (uint32_t)v;
	else
		((int32_t *)a)[g] = (int32_t)v;
}

struct pdf_line *
pdf_line_new(PangoLayout *layout, PangoLayoutLine *pl)
{
	struct pdf_line head = { .start = pl->start_index, .length = pl->length };
	for (GSList *l = pl->runs; l; l = l->next) {
		const PangoGlyphString *gs = ((PangoGlyphItem *)l->data)->glyphs;
		head.run_count++;
		head.glyph_count += gs->num_glyphs;
		for (int g = 0; g < gs->num_glyphs; g++) {
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			head.shift_count += gi->geometry.x_offset || gi->geometry.y_offset;
			head.wide[PDF_LINE_WIDTHS] |= gi->geometry.width < INT16_MIN
			    || gi->geometry.width > INT16_MAX;
			head.wide[PDF_LINE_IDS] |= gi->glyph > UINT16_MAX;
			head.wide[PDF_LINE_CLUSTERS] |= gs->log_clusters[g] > UINT16_MAX;
		}
	}
	place_arrays(&head);
	struct pdf_line *line = gz_xmalloc(head.at[PDF_LINE_TEXT] + (size_t)pl->length + 1);
	*line = head;
	pango_layout_line_get_extents(pl, NULL, &line->logical);
	char *text = (char *)line + head.at[PDF_LINE_TEXT];
	memcpy(text, pango_layout_get_text(layout) + pl->start_index, (size_t)pl->length);
	text[pl->length] = '\0';
	struct pdf_shift *shift = (struct pdf_shift *)pdf_line_shifts(line);
	int r = 0, n = 0, s = 0;
	for (GSList *l = pl->runs; l; l = l->next, r++) {
		const PangoGlyphItem *run = l->data;
		const PangoGlyphString *gs = run->glyphs;
		struct pdf_run *out = &line->runs[r];
		*out = (struct pdf_run){ .font = run->item->analysis.font,
		    .offset = run->item->offset, .length = run->item->length, .first = n,
		    .count = gs->num_glyphs, .rtl = run->item->analysis.level & 1 };
		run_attrs(out, run->item);
		for (int g = 0; g < gs->num_glyphs; g++, n++) {
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			set(line, PDF_LINE_WIDTHS, n, gi->geometry.width);
			set(line, PDF_LINE_IDS, n, gi->glyph);
			set(line, PDF_LINE_CLUSTERS, n, gs->log_clusters[g]);
			if (gi->geometry.x_offset || gi->geometry.y_offset)
				shift[s++] = (struct pdf_shift){ n, gi->geometry.x_offset,
				    gi->geometry.y_offset };
		}
	}
	return line;
}

void
pdf_line_shift(const struct pdf_line *l, int g, int *x_pu, int *y_pu)
{
	const struct pdf_shift *shifts = pdf_line_shifts(l);
	size_t lo = 0, hi = (size_t)l->shift_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (shifts[mid].g < g)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool found = lo < (size_t)l->shift_count && shifts[lo].g == g;
	*x_pu = found ? shifts[lo].x_pu : 0;
	*y_pu = found ? shifts[lo].y_pu : 0;
}
