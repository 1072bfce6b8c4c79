/* glyphs.c: one line of text onto cairo, glyph by glyph, with the subset
 * fonts, the text each glyph stands for (so copying and extraction give it
 * back), and a Link tag around each link's part of the line. */
#include "glyphs.h"
#include "lines.h"
#include "picture.h"
#include "measure.h"
#include "subset.h"
#include "typo.h"

#include <stdlib.h>
#include <string.h>

/* A run's glyphs [g0, g1) that belong to one link (or none). */
struct piece {
	const struct pdf_line *line;
	const struct pdf_run *run;
	int g0, g1;
	double x0_pt, x1_pt;
	int link;                       /* index in the text's links, -1: none */
};

/* The first of t's links that holds `byte`, or -1.  Links are in the
 * order their ends come in the text (inline.c adds each as it closes), so
 * those that end at or before `byte` are skipped by bisection: a paragraph
 * of many links (or footnote references) is not quadratic. */
static int
link_at(const struct pdf_text *t, int byte)
{
	size_t lo = 0, hi = t->link_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->links[mid].end <= byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < t->link_count; i++)
		if (byte >= t->links[i].start && byte < t->links[i].end)
			return (int)i;
	return -1;
}

static void
run_color(const struct pdf_run *run, const struct pdf_text *t, double rgb[3], bool *strike)
{
	memcpy(rgb, t->color, 3 * sizeof *rgb);
	if (run->colored) {
		rgb[0] = run->color[0] / 65535.0;
		rgb[1] = run->color[1] / 65535.0;
		rgb[2] = run->color[2] / 65535.0;
	}
	*strike = run->strike;
}

static bool
dotted_at(const struct pdf_text *t, const struct pdf_line *line, int byte)
{
	for (size_t i = 0; i < t->dot_count; i++) {
		if (byte >= t->dots[i].start && byte < t->dots[i].end) {
			const char *s = pdf_line_text(line, byte);
			uint32_t cp;
			gz_utf8_decode(s, strnlen(s, 4), &cp);
			return pdf_typo_dotted(cp);
		}
	}
	return false;
}

/* Emphasis dots for the piece's emphasised CJK characters: a dot centred
 * under each (着重号), or above it in Japanese (圏点) and Korean.  Drawn as
 * shapes, so the text extracts as written. */
static void
draw_dots(cairo_t *cr, const struct pdf_text *t, const struct piece *p, double baseline_pt)
{
	const struct pdf_line *line = p->line;
	PangoFont *font = p->run->font;
	double em = -1, x = p->x0_pt;
	for (int g = p->g0; g < p->g1; g++) {
		int gl = p->run->first + g, cluster = pdf_line_cluster(line, gl);
		bool starts = g == p->g0 || cluster != pdf_line_cluster(line, gl - 1);
		if (starts && dotted_at(t, line, p->run->offset + cluster)) {
			if (em < 0) {
				PangoFontDescription *fd = pango_font_describe(font);
				em = pdf_pu_to_pt(pango_font_description_get_size(fd));
				pango_font_description_free(fd);
			}
			int width = pdf_fonts_glyph_width(font, pdf_line_glyph(line, gl));
			int dx, dy;
			pdf_line_shift(line, gl, &dx, &dy);
			double cx = x + pdf_pu_to_pt(dx + width / 2);
			double cy = baseline_pt + (t->dots_above ? -1.1 : 0.32) * em;
			cairo_new_sub_path(cr);
			cairo_arc(cr, cx, cy, em * 0.065, 0, 2 * G_PI);
		}
		x += pdf_pu_to_pt(pdf_line_width(line, gl));
	}
	if (em > 0)
		cairo_fill(cr);
}

static bool
drawable(PangoGlyph glyph)
{
	return glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* Appends `s` to `out` with each noncharacter, which cairo refuses as the
 * text of a glyph (see pdf_noncharacter), as U+FFFD. */
static void
append_text(struct gz_buf *out, const char *s, size_t len)
{
	/* noncharacters start with 0xEF (U+FDD0, U+FFFE) or 0xF0 to 0xF4 */
	size_t k = 0;
	while (k < len && (unsigned char)s[k] < 0xEF)
		k++;
	if (k == len) {
		gz_buf_append(out, s, len);
		return;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		if (pdf_noncharacter(cp))
			gz_buf_append(out, "\xEF\xBF\xBD", 3);
		else
			gz_buf_append(out, s + i, n);
		i += n;
	}
}

/* What draw_pieces hands cairo: glyphs, the text they stand for, and the
 * clusters that match them, in the order they go into the content stream. */
struct show {
	cairo_glyph_t *glyphs;
	cairo_text_cluster_t *clusters;
	int ng, nc;
	struct gz_buf text;
};

#define CLUSTER_MAX 32                  /* characters or glyphs split one to one */

/* The text of `glyph` if it is the font's hyphen (U+2010, or the
 * hyphen-minus pango falls back to), else NULL. */
static const char *
hyphen_text(hb_font_t *hb, hb_codepoint_t glyph)
{
	hb_codepoint_t g;
	if (hb_font_get_nominal_glyph(hb, 0x2010, &g) && g == glyph)
		return "\u2010";
	if (hb_font_get_nominal_glyph(hb, '-', &g) && g == glyph)
		return "-";
	return NULL;
}

/*
 * Adds one pango cluster: its drawn glyphs `at` (positions in `line`, in
 * the order they are drawn) and its text [s, s + len).  Each glyph
 * gets its own characters wherever they can be told, so that it maps
 * through the font's ToUnicode (cairo writes a cluster of several glyphs
 * as ActualText, which only poppler reads): a glyph that is the font's own
 * glyph for one of the characters (a base letter, a Hebrew point) takes
 * that one, and a single glyph left over takes the characters left over
 * (a ligature, a letter with a point composed).  The text goes out in the
 * glyphs' order: shaping may draw a base's marks in another order than
 * the source (HarfBuzz puts dagesh before qamats), which is the same text
 * once normalised.  What cannot be told apart stays one cluster.
 */
static void
add_cluster(struct show *sh, PangoFont *font, const struct pdf_line *line, const int *at,
    int count, const cairo_glyph_t *placed, const char *s, int len)
{
	uint32_t cps[CLUSTER_MAX];
	int offs[CLUSTER_MAX + 1], nch = 0, owner[CLUSTER_MAX];
	offs[0] = 0;
	for (int i = 0; count > 1 && i < len && nch < CLUSTER_MAX; nch++) {
		offs[nch] = i;
		i += (int)gz_utf8_decode(s + i, (size_t)(len - i), &cps[nch]);
		offs[nch + 1] = i;
	}
	bool split = count > 1 && count <= CLUSTER_MAX && offs[nch] == len;
	if (split) {
		hb_font_t *hb = pango_font_get_hb_font(font);
		bool used[CLUSTER_MAX] = {false};
		const char *hyphen[CLUSTER_MAX] = {NULL};
		int loose = -1, unmatched = 0;
		for (int k = 0; k < count; k++) {
			owner[k] = -1;
			for (int c = 0; c < nch && hb; c++) {
				hb_codepoint_t nominal;
				if (!used[c] && hb_font_get_nominal_glyph(hb, cps[c], &nominal)
				    && nominal == pdf_line_glyph(line, at[k])) {
					owner[k] = c;
					used[c] = true;
					break;
				}
			}
		}
		for (int k = 0; k < count; k++) {
			/* a hyphen no character accounts for: the one pango adds
			 * where it breaks a word, read as the hyphen it shows */
			if (owner[k] < 0 && hb)
				hyphen[k] = hyphen_text(hb, pdf_line_glyph(line, at[k]));
			if (owner[k] < 0 && !hyphen[k]) {
				loose = k;
				unmatched++;
			}
		}
		int left = 0;
		for (int c = 0; c < nch; c++)
			left += !used[c];
		split = unmatched == 0 ? left == 0 : unmatched == 1 && left > 0;
		if (split) {
			for (int k = 0; k < count; k++) {
				size_t before = sh->text.len;
				if (hyphen[k]) {
					gz_buf_puts(&sh->text, hyphen[k]);
				} else if (k == loose) {
					for (int c = 0; c < nch; c++)
						if (!used[c])
							append_text(&sh->text, s + offs[c],
							    (size_t)(offs[c + 1] - offs[c]));
				} else {
					append_text(&sh->text, s + offs[owner[k]],
					    (size_t)(offs[owner[k] + 1] - offs[owner[k]]));
				}
				sh->glyphs[sh->ng++] = placed[k];
				sh->clusters[sh->nc++] = (cairo_text_cluster_t){
				    .num_bytes = (int)(sh->text.len - before), .num_glyphs = 1 };
			}
			return;
		}
	}
	size_t before = sh->text.len;
	append_text(&sh->text, s, (size_t)len);
	for (int k = 0; k < count; k++)
		sh->glyphs[sh->ng++] = placed[k];
	sh->clusters[sh->nc++] = (cairo_text_cluster_t){
	    .num_bytes = (int)(sh->text.len - before), .num_glyphs = count };
}

/*
 * Draws pieces [p, p + count): one piece, or consecutive left-to-right pieces
 * in one font and colour whose text follows on (same_call).  One call for
 * them all: cairo's PDF surface pays for each call, and typo.c's Latin gaps
 * cut runs of one font in two.  Every blank typo.c made is in the glyphs'
 * positions only: cairo encodes the displacement, and each glyph keeps its
 * own text (see doc/pdf-text.md).
 */
static void
draw_pieces(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    const struct piece *p, size_t count, double baseline_pt)
{
	const struct pdf_line *line = p->line;
	PangoFont *font = p->run->font;
	bool rtl = p->run->rtl;
	const void *map;
	cairo_scaled_font_t *sf = pdf_fonts_cairo_font(fonts, font, &map);
	int n = 0;
	for (size_t k = 0; k < count; k++) {
		const struct piece *q = &p[k];
		n += q->g1 - q->g0;
		for (int g = q->g0; g < q->g1 && map; g++) {
			unsigned id, glyph = pdf_line_glyph(line, q->run->first + g);
			if (drawable(glyph) && !pdf_fonts_map_glyph(map, glyph, &id)) {
				/* not in the subset (noted too late): the whole face */
				sf = pdf_fonts_whole_font(fonts, font);
				map = NULL;
			}
		}
	}
	struct show sh = { .glyphs = cairo_glyph_allocate(n),
	    .clusters = cairo_text_cluster_allocate(n) };
	cairo_glyph_t *placed = cairo_glyph_allocate(n);
	int *at = gz_xmalloc((size_t)n * sizeof *at);
	double rgb[3];
	bool strike;
	run_color(p->run, t, rgb, &strike);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	for (size_t k = 0; k < count; k++) {
		const struct piece *q = &p[k];
		int first = q->run->first;
		const char *item_text = pdf_line_text(line, q->run->offset);
		double x = q->x0_pt;
		for (int g = q->g0; g < q->g1; g++) {
			int dx, dy;
			pdf_line_shift(line, first + g, &dx, &dy);
			double gx = x + pdf_pu_to_pt(dx);
			double gy = baseline_pt + pdf_pu_to_pt(dy - q->run->rise_pu);
			uint32_t glyph = pdf_line_glyph(line, first + g);
			unsigned id = 0;
			if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
				/* Reported when laid out; an empty box marks the spot. */
				if (glyph != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG)) {
					double w = pdf_pu_to_pt(pdf_line_width(line, first + g));
					cairo_rectangle(cr, gx + w * 0.1, gy - w * 0.9, w * 0.8, w * 0.9);
					cairo_set_line_width(cr, 0.5);
					cairo_stroke(cr);
				}
			} else if (glyph != PANGO_GLYPH_EMPTY) {
				pdf_fonts_map_glyph(map, glyph, &id);
			}
			placed[g - q->g0] = (cairo_glyph_t){ .index = id, .x = gx, .y = gy };
			x += pdf_pu_to_pt(pdf_line_width(line, first + g));
		}
		/* Clusters in the order of the text: a right-to-left run from its
		 * right end (see logical_order). */
		int step = rtl ? -1 : 1, stop = rtl ? q->g0 - 1 : q->g1;
		for (int g = rtl ? q->g1 - 1 : q->g0; g != stop;) {
			int start = pdf_line_cluster(line, first + g), next = g, drawn = 0;
			while (next != stop && pdf_line_cluster(line, first + next) == start)
				next += step;
			/* the cluster's glyphs as pango holds them: pango gives
			 * each character its own cluster where it can, so one of
			 * several glyphs is marks HarfBuzz reordered (dagesh and
			 * qamats), or a letter with what shaping added */
			for (int i = MIN(g, next - step); i <= MAX(g, next - step); i++)
				if (drawable(pdf_line_glyph(line, first + i))) {
					at[drawn] = first + i;
					sh.glyphs[sh.ng + drawn++] = placed[i - q->g0];
				}
			/* the cluster's text runs to where the next glyph's starts */
			int end = next >= 0 && next < q->run->count
			    ? pdf_line_cluster(line, first + next) : q->run->length;
			add_cluster(&sh, font, line, at, drawn, sh.glyphs + sh.ng,
			    item_text + start, end - start);
			g = next;
		}
	}
	if (sh.ng > 0) {
		cairo_set_scaled_font(cr, sf);
		cairo_show_text_glyphs(cr, sh.text.data, (int)sh.text.len, sh.glyphs, sh.ng,
		    sh.clusters, sh.nc, 0);
	}
	for (size_t k = 0; k < count && t->dot_count && !rtl; k++)
		draw_dots(cr, t, &p[k], baseline_pt);
	if (strike) {
		int pos_pu, thick_pu;
		pdf_fonts_strikethrough(fonts, font, &pos_pu, &thick_pu);
		double pos = pdf_pu_to_pt(pos_pu), thick = pdf_pu_to_pt(thick_pu);
		cairo_rectangle(cr, p->x0_pt, baseline_pt - pos - thick / 2,
		    p[count - 1].x1_pt - p->x0_pt, thick);
		cairo_fill(cr);
	}
	if (p->run->underline) {
		PangoFontMetrics *m = pango_font_get_metrics(font, NULL);
		double pos = pdf_pu_to_pt(pango_font_metrics_get_underline_position(m));
		double thick = pdf_pu_to_pt(pango_font_metrics_get_underline_thickness(m));
		pango_font_metrics_unref(m);
		cairo_rectangle(cr, p->x0_pt, baseline_pt - pos, p[count - 1].x1_pt - p->x0_pt, thick);
		cairo_fill(cr);
	}
	cairo_glyph_free(sh.glyphs);
	cairo_glyph_free(placed);
	cairo_text_cluster_free(sh.clusters);
	gz_buf_free(&sh.text);
	free(at);
}

/* Whether piece b can join a's call: same font, colour and link, left to
 * right, its text right after a's. */
static bool
same_call(const struct pdf_text *t, const struct piece *a, const struct piece *b)
{
	if (a->run->font != b->run->font || a->link != b->link || a->run->rtl || b->run->rtl
	    || a->run->offset + pdf_run_cluster(a->line, a->run, a->g1)
	    != b->run->offset + pdf_run_cluster(b->line, b->run, b->g0))
		return false;
	double rgb_a[3], rgb_b[3];
	bool strike_a, strike_b;
	run_color(a->run, t, rgb_a, &strike_a);
	run_color(b->run, t, rgb_b, &strike_b);
	return strike_a == strike_b && a->run->underline == b->run->underline
	    && memcmp(rgb_a, rgb_b, sizeof rgb_a) == 0;
}

/* Draws pieces [i, j), joining what same_call allows. */
static void
draw_run_of_pieces(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    const struct piece *pieces, size_t i, size_t j, double baseline_pt)
{
	while (i < j) {
		size_t k = i + 1;
		while (k < j && same_call(t, &pieces[k - 1], &pieces[k]))
			k++;
		draw_pieces(cr, fonts, t, &pieces[i], k - i, baseline_pt);
		i = k;
	}
}

/* The first byte of a piece's text, relative to the layout's text. */
static int
piece_start(const struct piece *p)
{
	const struct pdf_run *run = p->run;
	return run->offset + pdf_line_cluster(p->line, run->first + (run->rtl ? p->g1 - 1 : p->g0));
}

/*
 * Puts a line's pieces, found in visual order, in the order of their text.
 * Readers that keep the content stream's order (MuPDF) then give a line
 * with right-to-left runs in logical order; those that sort by position
 * (poppler) do not mind.  A line drawn left to right is in that order
 * already.
 */
static void
logical_order(struct piece *pieces, size_t count)
{
	for (size_t i = 1; i < count; i++) {
		struct piece p = pieces[i];
		size_t j = i;
		for (; j > 0 && piece_start(&pieces[j - 1]) > piece_start(&p); j--)
			pieces[j] = pieces[j - 1];
		pieces[j] = p;
	}
}

/* Formats a number with a dot whatever the locale. */
static const char *
num(char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
	return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", v);
}

void
pdf_draw_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    const struct pdf_line *line, double x_pt, double baseline_pt)
{
	size_t cap = 8, count = 0;
	struct piece stack_pieces[8];
	struct piece *pieces = stack_pieces;
	double x = x_pt;
	for (int r = 0; r < line->run_count; r++) {
		const struct pdf_run *run = &line->runs[r];
		for (int g = 0; g < run->count;) {
			int link = t->link_count ? link_at(t, run->offset
			    + pdf_line_cluster(line, run->first + g)) : -1;
			struct piece p = { .line = line, .run = run, .g0 = g, .x0_pt = x,
			    .link = link };
			do {
				x += pdf_pu_to_pt(pdf_line_width(line, run->first + g));
				g++;
			} while (g < run->count && (!t->link_count
			    || link_at(t, run->offset + pdf_line_cluster(line, run->first + g))
			    == link));
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
	logical_order(pieces, count);
	if (t->link_count == 0) {
		draw_run_of_pieces(cr, fonts, t, pieces, 0, count, baseline_pt);
	} else {
		/* Loose text goes in Span: beside a Link, cairo 1.16 would leave it
		 * out of the structure tree. */
		const PangoRectangle logical = line->logical;
		for (size_t i = 0; i < count;) {
			size_t j = i;
			while (j < count && pieces[j].link == pieces[i].link)
				j++;
			if (pieces[i].link < 0) {
				cairo_tag_begin(cr, "Span", "");
			} else {
				double x0 = pieces[i].x0_pt, x1 = pieces[i].x1_pt;
				for (size_t k = i + 1; k < j; k++) {
					x0 = MIN(x0, pieces[k].x0_pt);
					x1 = MAX(x1, pieces[k].x1_pt);
				}
				char a[4][G_ASCII_DTOSTR_BUF_SIZE];
				char *attrs = gz_xasprintf("%s rect=[%s %s %s %s]",
				    t->links[pieces[i].link].attrs, num(a[0], x0),
				    num(a[1], baseline_pt + pdf_pu_to_pt(logical.y)),
				    num(a[2], x1 - x0),
				    num(a[3], pdf_pu_to_pt(logical.height)));
				cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
				free(attrs);
			}
			draw_run_of_pieces(cr, fonts, t, pieces, i, j, baseline_pt);
			cairo_tag_end(cr, pieces[i].link < 0 ? "Span" : CAIRO_TAG_LINK);
			i = j;
		}
	}
	if (t->image_count)
		pdf_draw_inline_images(cr, t, line, x_pt, baseline_pt);
	if (pieces != stack_pieces)
		free(pieces);
}

void
pdf_draw_layout_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    PangoLayoutLine *pl, double x_pt, double baseline_pt)
{
	/* Texts drawn from their layout (table cells, markers, the contents,
	 * page furniture) are settled by their first line. */
	pdf_typo_settle(t->layout);
	struct pdf_line *line = pdf_line_new(t->layout, pl);
	pdf_draw_line(cr, fonts, t, line, x_pt, baseline_pt);
	pdf_line_free(line);
}
