/* measure.c: glyph advances and font metrics for pango from HarfBuzz, not
 * from cairo and FreeType, for the fonts of gazette's own font map. */
#include "measure.h"

#include <pango/pangofc-fontmap.h>
#include <string.h>

/*
 * Glyph extents from HarfBuzz.  pango 1.50's cairo fonts measure every glyph
 * through cairo, which opens the whole face once more in FreeType and loads
 * each glyph's outline to learn its advance (in a CJK face, a CFF charstring
 * per glyph and per size: a quarter of a two-page PDF's time).  Layout asks
 * for logical extents, an advance and the font's ascent and descent, which
 * the HarfBuzz font pango shapes with already has.
 *
 * The ink box given is the logical one.  pango asks for ink only to fill its
 * cache of each line's extents, and nothing in gazette reads ink extents;
 * the real box would cost a CFF charstring read per glyph and font, which
 * made layout read most of a CJK face's file (8 MB resident for the seed
 * page) and the seed page 7% slower.  The fonts' own function stays for
 * glyphs it draws as hex boxes.
 */
static void (*pango_cairo_glyph_extents)(PangoFont *, PangoGlyph, PangoRectangle *, PangoRectangle *);
static PangoFontMetrics *(*pango_cairo_metrics)(PangoFont *, PangoLanguage *);

/*
 * These take the place of pango's own in its cairo font class, which every
 * font map of the process shares: the one map whose fonts they measure is
 * gazette's (fonts.c), and the fonts of any other, a program's that loaded
 * this module through libgazette, are measured by pango's own functions as
 * before.  A weak pointer: NULL once the map is gone.
 */
static PangoFontMap *ours;

/*
 * What pango asks of a font for each glyph of each line it measures (often
 * several times a line), read from HarfBuzz once and kept on the font: the
 * ascent and descent, and each glyph's advance.  Reading the font's extents
 * and the advance anew took 5% of a 1,000-page PDF.
 */
struct font_measures {
	PangoFont *font;
	int ascender, descender;
	GHashTable *advances;           /* glyph -> advance */
};

/* The font measured last, by this thread: pango measures a run's glyphs
 * one by one.  A GPrivate, not _Thread_local: thread-local storage in this
 * dlopened module makes LeakSanitizer's end-of-process check crash now and
 * then (its tracer faults reading the threads' dynamic TLS). */
static GPrivate last_measured = G_PRIVATE_INIT(NULL);
static GQuark measures_quark;

static void
font_measures_free(void *p)
{
	struct font_measures *m = p;
	if (g_private_get(&last_measured) == m)
		g_private_set(&last_measured, NULL);
	g_hash_table_destroy(m->advances);
	g_free(m);
}

/* Whether `font` is of gazette's map (its measures are the last taken, or
 * its map is ours). */
static bool
is_ours(PangoFont *font)
{
	struct font_measures *last = g_private_get(&last_measured);
	return (last && last->font == font) || (ours && pango_font_get_font_map(font) == ours);
}

static struct font_measures *
measures_of(PangoFont *font, hb_font_t *hb)
{
	struct font_measures *last = g_private_get(&last_measured);
	if (last && last->font == font)
		return last;
	struct font_measures *m = g_object_get_qdata(G_OBJECT(font), measures_quark);
	if (!m) {
		m = g_new0(struct font_measures, 1);
		m->font = font;
		hb_font_extents_t fe;
		hb_font_get_h_extents(hb, &fe);
		m->ascender = fe.ascender;
		m->descender = fe.descender;
		m->advances = g_hash_table_new(NULL, NULL);
		g_object_set_qdata_full(G_OBJECT(font), measures_quark, m, font_measures_free);
	}
	g_private_set(&last_measured, m);
	return m;
}

static void
hb_glyph_extents(PangoFont *font, PangoGlyph glyph, PangoRectangle *ink, PangoRectangle *logical)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	if (!hb || (glyph != PANGO_GLYPH_EMPTY && (glyph & PANGO_GLYPH_UNKNOWN_FLAG))
	    || !is_ours(font)) {
		pango_cairo_glyph_extents(font, glyph, ink, logical);
		return;
	}
	struct font_measures *m = measures_of(font, hb);
	if (glyph == PANGO_GLYPH_EMPTY) {
		if (ink)
			*ink = (PangoRectangle){ 0, 0, 0, 0 };
		if (logical)
			*logical = (PangoRectangle){ 0, -m->ascender, 0, m->ascender - m->descender };
		return;
	}
	void *known;
	int advance;
	if (g_hash_table_lookup_extended(m->advances, GUINT_TO_POINTER(glyph), NULL, &known)) {
		advance = GPOINTER_TO_INT(known);
	} else {
		advance = hb_font_get_glyph_h_advance(hb, glyph);
		g_hash_table_insert(m->advances, GUINT_TO_POINTER(glyph), GINT_TO_POINTER(advance));
	}
	PangoRectangle box = { 0, -m->ascender, advance, m->ascender - m->descender };
	if (ink)
		*ink = box;
	if (logical)
		*logical = box;
}

/* Not in pango 1.50's headers, but exported by libpangoft2 for its cairo
 * fonts: a font's metrics from HarfBuzz, without the approximate widths. */
PangoFontMetrics *pango_fc_font_create_base_metrics_for_context(PangoFcFont *font,
    PangoContext *context);

static GQuark metrics_quark;

/*
 * A font's metrics, kept on the font.  pango 1.50's own (PangoFcFont's,
 * from HarfBuzz too) also measures an approximate character width by laying
 * out the language's sample sentence in the font's family alone, once per
 * font and language: a font set of its own with its match and sort threads,
 * and for a CJK sample a fallback search, which the layout of a short page
 * waits for a dozen times.  pango's line breaking reads the ascent, descent,
 * height and the underline and strikethrough lines, never the approximate
 * widths, and neither does gazette; they are left at 0.
 */
static PangoFontMetrics *
base_metrics(PangoFont *font, PangoLanguage *language)
{
	if (!ours || pango_font_get_font_map(font) != ours)
		return pango_cairo_metrics(font, language);
	PangoFontMetrics *m = g_object_get_qdata(G_OBJECT(font), metrics_quark);
	if (!m) {
		PangoFontMap *map = pango_font_get_font_map(font);
		PangoContext *context = pango_font_map_create_context(map);
		m = pango_fc_font_create_base_metrics_for_context(PANGO_FC_FONT(font), context);
		g_object_unref(context);
		g_object_set_qdata_full(G_OBJECT(font), metrics_quark, m,
		    (GDestroyNotify)pango_font_metrics_unref);
	}
	return pango_font_metrics_ref(m);
}

void
pdf_fonts_measure_with_harfbuzz(PangoFontMap *map, PangoContext *context,
    const PangoFontDescription *desc)
{
	measures_quark = g_quark_from_static_string("gazette-font-measures");
	metrics_quark = g_quark_from_static_string("gazette-font-metrics");
	PangoFont *font = pango_font_map_load_font(map, context, desc);
	if (!font)
		return;
	PangoFontClass *klass = PANGO_FONT_GET_CLASS(font);
	if (strcmp(G_OBJECT_TYPE_NAME(font), "PangoCairoFcFont") == 0) {
		if (klass->get_glyph_extents != hb_glyph_extents) {
			pango_cairo_glyph_extents = klass->get_glyph_extents;
			pango_cairo_metrics = klass->get_metrics;
			klass->get_glyph_extents = hb_glyph_extents;
			klass->get_metrics = base_metrics;
		}
		if (ours)
			g_object_remove_weak_pointer(G_OBJECT(ours), (gpointer *)&ours);
		ours = map;
		g_object_add_weak_pointer(G_OBJECT(ours), (gpointer *)&ours);
	}
	g_object_unref(font);
}

bool
pdf_fonts_measured_by_harfbuzz(PangoFont *font)
{
	return PANGO_FONT_GET_CLASS(font)->get_glyph_extents == hb_glyph_extents && is_ours(font);
}

int
pdf_fonts_glyph_width(PangoFont *font, PangoGlyph glyph)
{
	if (glyph == PANGO_GLYPH_EMPTY)
		return 0;
	hb_font_t *hb = pango_font_get_hb_font(font);
	if (hb && pdf_fonts_measured_by_harfbuzz(font) && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG))
		return hb_font_get_glyph_h_advance(hb, glyph);
	PangoRectangle logical;
	pango_font_get_glyph_extents(font, glyph, NULL, &logical);
	return logical.width;
}
