/* lines.c: the painted form of a line.  pango's line (items, glyph strings,
 * attribute copies) and its layout take about 40 KB a page of CJK text and
 * the whole document is laid out before painting (see doc/performance.md);
 * this keeps per glyph its id, advance and cluster, the run's drawing
 * attributes and the line's bytes: about 10 bytes a glyph of CJK text, the
 * line's and runs' headers included. */
#include "lines.h"

#include <stddef.h>
#include <string.h>

/* Rounds n up to a multiple of `a`. */
static size_t
align_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

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

struct pdf_line *
pdf_line_new(PangoLayout *layout, PangoLayoutLine *pl)
{
	int runs = 0, glyphs = 0, shifts = 0;
	bool wide_ids = false, wide_clusters = false;
	for (GSList *l = pl->runs; l; l = l->next) {
		const PangoGlyphString *gs = ((PangoGlyphItem *)l->data)->glyphs;
		runs++;
		glyphs += gs->num_glyphs;
		for (int g = 0; g < gs->num_glyphs; g++) {
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			shifts += gi->geometry.x_offset || gi->geometry.y_offset;
			wide_ids |= gi->glyph > UINT16_MAX;
			wide_clusters |= gs->log_clusters[g] > UINT16_MAX;
		}
	}
	/* One block, as lines.h reads it. */
	size_t id_size = wide_ids ? 4 : 2, cluster_size = wide_clusters ? 4 : 2;
	size_t at_shifts = offsetof(struct pdf_line, runs) + (size_t)runs * sizeof(struct pdf_run);
	size_t at_widths = at_shifts + (size_t)shifts * sizeof(struct pdf_shift);
	size_t at_ids = at_widths + (size_t)glyphs * sizeof(int32_t);
	size_t at_clusters = at_ids + align_up((size_t)glyphs * id_size, cluster_size);
	size_t at_text = at_clusters + (size_t)glyphs * cluster_size;
	char *block = gz_xmalloc(at_text + (size_t)pl->length + 1);
	struct pdf_line *line = (struct pdf_line *)block;
	*line = (struct pdf_line){ .start = pl->start_index, .length = pl->length,
	    .run_count = runs, .glyph_count = glyphs, .shift_count = shifts,
	    .wide_ids = wide_ids, .wide_clusters = wide_clusters };
	struct pdf_shift *shift = (struct pdf_shift *)(block + at_shifts);
	int32_t *widths = (int32_t *)(block + at_widths);
	void *ids = block + at_ids, *clusters = block + at_clusters;
	char *text = block + at_text;
	pango_layout_line_get_extents(pl, NULL, &line->logical);
	memcpy(text, pango_layout_get_text(layout) + pl->start_index, (size_t)pl->length);
	text[pl->length] = '\0';
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
			widths[n] = gi->geometry.width;
			if (wide_ids)
				((uint32_t *)ids)[n] = gi->glyph;
			else
				((uint16_t *)ids)[n] = (uint16_t)gi->glyph;
			if (wide_clusters)
				((int32_t *)clusters)[n] = gs->log_clusters[g];
			else
				((uint16_t *)clusters)[n] = (uint16_t)gs->log_clusters[g];
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
