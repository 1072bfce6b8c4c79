/* glyphs.c: one line of text onto cairo, glyph by glyph, with the subset
 * fonts, the text each glyph stands for (so copying and extraction give it
 * back), and a Link tag around each link's part of the line. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

/* A run's glyphs [g0, g1) that belong to one link (or none). */
struct piece {
	PangoGlyphItem *run;
	int g0, g1;
	double x0_pt, x1_pt;
	int link;                       /* index in the text's links, -1: none */
};

static int
link_at(const struct pdf_text *t, int byte)
{
	for (size_t i = 0; i < t->link_count; i++)
		if (byte >= t->links[i].start && byte < t->links[i].end)
			return (int)i;
	return -1;
}

static void
run_color(const PangoGlyphItem *run, const struct pdf_text *t, double rgb[3], bool *strike)
{
	memcpy(rgb, t->color, 3 * sizeof *rgb);
	*strike = false;
	for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
		const PangoAttribute *a = l->data;
		if (a->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)a)->color;
			rgb[0] = c->red / 65535.0;
			rgb[1] = c->green / 65535.0;
			rgb[2] = c->blue / 65535.0;
		} else if (a->klass->type == PANGO_ATTR_STRIKETHROUGH) {
			*strike = ((const PangoAttrInt *)a)->value != 0;
		}
	}
}

/* The byte where glyph g's cluster starts, relative to the item. */
static int
cluster_byte(const PangoGlyphItem *run, int g)
{
	return g < run->glyphs->num_glyphs ? run->glyphs->log_clusters[g] : run->item->length;
}

static void
draw_piece(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t, const char *text,
    const struct piece *p, double baseline_pt)
{
	PangoGlyphItem *run = p->run;
	PangoGlyphString *gs = run->glyphs;
	PangoFont *font = run->item->analysis.font;
	const void *map;
	cairo_scaled_font_t *sf = pdf_fonts_cairo_font(fonts, font, &map);
	for (int g = p->g0; g < p->g1 && map; g++) {
		unsigned id, glyph = gs->glyphs[g].glyph;
		if (glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG)
		    && !pdf_fonts_map_glyph(map, glyph, &id)) {
			/* not in the subset (noted too late): the whole face */
			sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
			map = NULL;
		}
	}
	int n = p->g1 - p->g0;
	cairo_glyph_t *glyphs = cairo_glyph_allocate(n);
	cairo_text_cluster_t *clusters = cairo_text_cluster_allocate(n);
	int ng = 0, nc = 0;
	double x = p->x0_pt;
	bool rtl = run->item->analysis.level & 1;
	double rgb[3];
	bool strike;
	run_color(run, t, rgb, &strike);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	for (int g = p->g0; g < p->g1; g++) {
		const PangoGlyphInfo *gi = &gs->glyphs[g];
		if (!rtl && (g == p->g0 || gs->log_clusters[g] != gs->log_clusters[g - 1])) {
			clusters[nc].num_glyphs = 0;
			int next = g + 1;
			while (next < p->g1 && gs->log_clusters[next] == gs->log_clusters[g])
				next++;
			clusters[nc].num_bytes = cluster_byte(run, next) - gs->log_clusters[g];
			nc++;
		}
		double gx = x + pdf_pu_to_pt(gi->geometry.x_offset);
		double gy = baseline_pt + pdf_pu_to_pt(gi->geometry.y_offset);
		if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			/* Reported when laid out; an empty box marks the spot. */
			if (gi->glyph != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG)) {
				double w = pdf_pu_to_pt(gi->geometry.width);
				cairo_rectangle(cr, gx + w * 0.1, gy - w * 0.9, w * 0.8, w * 0.9);
				cairo_set_line_width(cr, 0.5);
				cairo_stroke(cr);
			}
		} else if (gi->glyph != PANGO_GLYPH_EMPTY) {
			unsigned id;
			pdf_fonts_map_glyph(map, gi->glyph, &id);
			glyphs[ng++] = (cairo_glyph_t){ .index = id, .x = gx, .y = gy };
			if (!rtl)
				clusters[nc - 1].num_glyphs++;
		}
		x += pdf_pu_to_pt(gi->geometry.width);
	}
	if (ng > 0) {
		cairo_set_scaled_font(cr, sf);
		if (rtl) {
			cairo_show_glyphs(cr, glyphs, ng);
		} else {
			int start = run->item->offset + gs->log_clusters[p->g0];
			int end = run->item->offset + cluster_byte(run, p->g1);
			cairo_show_text_glyphs(cr, text + start, end - start, glyphs, ng, clusters, nc, 0);
		}
	}
	if (strike) {
		PangoFontMetrics *m = pango_font_get_metrics(font, NULL);
		double pos = pdf_pu_to_pt(pango_font_metrics_get_strikethrough_position(m));
		double thick = pdf_pu_to_pt(pango_font_metrics_get_strikethrough_thickness(m));
		pango_font_metrics_unref(m);
		cairo_rectangle(cr, p->x0_pt, baseline_pt - pos - thick / 2, p->x1_pt - p->x0_pt, thick);
		cairo_fill(cr);
	}
	cairo_glyph_free(glyphs);
	cairo_text_cluster_free(clusters);
}

/* Formats a number with a dot whatever the locale. */
static const char *
num(char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", v);
}

void
pdf_draw_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    PangoLayoutLine *line, double x_pt, double baseline_pt)
{
	const char *text = pango_layout_get_text(t->layout);
	size_t cap = 8, count = 0;
	struct piece stack_pieces[8];
	struct piece *pieces = stack_pieces;
	double x = x_pt;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		PangoGlyphString *gs = run->glyphs;
		for (int g = 0; g < gs->num_glyphs;) {
			int link = t->link_count ? link_at(t, run->item->offset + gs->log_clusters[g]) : -1;
			struct piece p = { .run = run, .g0 = g, .x0_pt = x, .link = link };
			do {
				x += pdf_pu_to_pt(gs->glyphs[g].geometry.width);
				g++;
			} while (g < gs->num_glyphs && (!t->link_count
			    || link_at(t, run->item->offset + gs->log_clusters[g]) == link));
			p.g1 = g;
			p.x1_pt = x;
			if (count == cap) {
				cap *= 2;
				if (pieces == stack_pieces) {
					pieces = gz_xmalloc(cap * sizeof *pieces);
					memcpy(pieces, stack_pieces, sizeof stack_pieces);
				} else {
					pieces = gz_xrealloc(pieces, cap * sizeof *pieces);
				}
			}
			pieces[count++] = p;
		}
	}
	if (t->link_count == 0) {
		for (size_t i = 0; i < count; i++)
			draw_piece(cr, fonts, t, text, &pieces[i], baseline_pt);
	} else {
		/* Loose text goes in Span: beside a Link, cairo 1.16 would leave it
		 * out of the structure tree. */
		PangoRectangle logical;
		pango_layout_line_get_extents(line, NULL, &logical);
		for (size_t i = 0; i < count;) {
			size_t j = i;
			while (j < count && pieces[j].link == pieces[i].link)
				j++;
			if (pieces[i].link < 0) {
				cairo_tag_begin(cr, "Span", "");
			} else {
				char a[4][G_ASCII_DTOSTR_BUF_SIZE];
				char *attrs = gz_xasprintf("%s rect=[%s %s %s %s]",
				    t->links[pieces[i].link].attrs, num(a[0], pieces[i].x0_pt),
				    num(a[1], baseline_pt + pdf_pu_to_pt(logical.y)),
				    num(a[2], pieces[j - 1].x1_pt - pieces[i].x0_pt),
				    num(a[3], pdf_pu_to_pt(logical.height)));
				cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
				free(attrs);
			}
			for (size_t k = i; k < j; k++)
				draw_piece(cr, fonts, t, text, &pieces[k], baseline_pt);
			cairo_tag_end(cr, pieces[i].link < 0 ? "Span" : CAIRO_TAG_LINK);
			i = j;
		}
	}
	if (pieces != stack_pieces)
		free(pieces);
}
