/* fonts.c: gazette's own fontconfig setup, the pango context, missing-glyph
 * warnings, and subsetting the faces a document uses before cairo sees them. */
#include "pdf.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_MODULE_H
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Why subset here: cairo 1.16 copies the whole CFF table of every face it
 * embeds, twice, before it subsets (15-23 MB and ~90 ms a copy for a Noto CJK
 * face).  Handing it a face already cut down by HarfBuzz to the glyphs the
 * document uses (a few hundred kB) removes that cost.  Glyph ids change; the
 * plan's old-to-new map, kept alone once the subset is made (the plan
 * itself holds a few hundred kB of tables a face), translates pango's ids
 * when drawing.
 */
struct face_entry {
	hb_face_t *face;                /* pango's face (referenced) */
	hb_set_t *glyphs;               /* glyph ids the document uses */
	bool done;                      /* subsetting was tried */
	hb_map_t *map;                  /* old glyph id -> new; NULL: draw with the whole face */
	hb_blob_t *subset;              /* the subset's data, until opened */
	cairo_font_face_t *cairo_face;  /* the subset, or NULL */
};

/* A pango font met in a noted layout (or drawn), kept alive until the
 * document is done. */
struct font_entry {
	PangoFont *font;                /* referenced */
	struct face_entry *face;
	bool struck;                    /* the strikethrough line is read */
	int strike_pos_pu, strike_thick_pu;
	cairo_scaled_font_t *scaled;    /* the subset at pango's size, or NULL */
	cairo_scaled_font_t *whole;     /* the whole face at that size, once needed */
};

/*
 * The font setup is made once per process, on the first PDF, and kept until
 * exit, when the OS reclaims it: loading the configuration and the font
 * caches, pango's font map and the faces it opens (HarfBuzz sets up a CJK
 * face in about 10 ms) are then paid once per run, not once per document.
 * Only the glyph sets and subsets are per document.  A process forked after
 * the setup was made (gazette's -j workers) makes its own: pango's worker
 * threads do not survive fork.
 */
static struct {
	pid_t pid;                      /* the process that made it */
	char *key;                      /* configuration file and font folders */
	FcConfig *config;
	PangoFontMap *fontmap;
	int has_cjk;                    /* -1: not yet known */
	/* Opens the subset faces.  It lives as long as the process: cairo keeps
	 * recently used fonts, hence their faces, after a document is done. */
	FT_Library ft;
} shared;

struct pdf_fonts {
	FcConfig *config;               /* shared.config */
	PangoContext *context;          /* on shared.fontmap */
	PangoLanguage *lang;
	/* Faces are one entry per file and index, found by their hb_face_t. */
	GHashTable *face_files;         /* "index:file" -> struct face_entry * (owned) */
	GHashTable *faces;              /* hb_face_t * -> struct face_entry * */
	GHashTable *fonts;              /* PangoFont * -> struct font_entry * */
	hb_set_t *warned;               /* code points already reported missing */
	/* Layouts noted while notes are held, in order (pdf_fonts_hold_notes). */
	bool holding;
	struct held_note { PangoLayout *layout; unsigned line; } *held;
	size_t held_count, held_cap;
	const char *doc_name;
	struct gz_log *log;
};

static void
face_entry_free(void *p)
{
	struct face_entry *e = p;
	hb_face_destroy(e->face);
	hb_set_destroy(e->glyphs);
	hb_map_destroy(e->map);
	hb_blob_destroy(e->subset);
	if (e->cairo_face)
		cairo_font_face_destroy(e->cairo_face);
	free(e);
}

static void
font_entry_free(void *p)
{
	struct font_entry *e = p;
	if (e->scaled)
		cairo_scaled_font_destroy(e->scaled);
	if (e->whole)
		cairo_scaled_font_destroy(e->whole);
	g_object_unref(e->font);
	free(e);
}

/* The configuration file: $GAZETTE_FONTS_CONF (for tests, or to pin a
 * site's fonts), else the installed one, else the one in the source tree. */
static const char *
config_file(void)
{
	const char *env = getenv("GAZETTE_FONTS_CONF");
	if (env && *env)
		return env;
	static const char *const candidates[] = {
		GZ_FONTS_DIR "/gazette.conf",
		GZ_FONTS_SRC_DIR "/gazette.conf",
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(candidates); i++)
		if (access(candidates[i], R_OK) == 0)
			return candidates[i];
	return NULL;
}

/* Loads `file` and the font folders into a new FcConfig; NULL after
 * reporting. */
static FcConfig *
load_config(const char *file, const struct gz_options *opts, struct gz_log *log)
{
	FcConfig *config = FcConfigCreate();
	/* The folders first: gazette.conf's <selectfont> rejects every family
	 * it does not name, and fonts added after it would be filtered too.
	 * Their scans are cached where fontconfig caches a user's fonts. */
	if (opts->font_dir_count > 0)
		FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)"<fontconfig>"
		    "<cachedir prefix=\"xdg\">fontconfig</cachedir></fontconfig>", FcFalse);
	for (size_t i = 0; i < opts->font_dir_count; i++) {
		if (access(opts->font_dirs[i], R_OK | X_OK) != 0
		    || !FcConfigAppFontAddDir(config, (const FcChar8 *)opts->font_dirs[i])) {
			gz_error(log, opts->font_dirs[i], 0, "--font-dir: cannot read this folder");
			FcConfigDestroy(config);
			return NULL;
		}
	}
	if (!FcConfigParseAndLoad(config, (const FcChar8 *)file, FcTrue)) {
		gz_error(log, file, 0, "cannot load this font configuration");
		FcConfigDestroy(config);
		return NULL;
	}
	FcConfigBuildFonts(config);
	return config;
}

/* gz_shutdown's hook: lets go of this process's font map and configuration.
 * The FreeType library stays: faces in cairo's static cache (left to the
 * system at exit) still refer to it. */
static void
shared_free(void)
{
	if (!shared.fontmap || shared.pid != getpid())
		return;
	g_object_unref(shared.fontmap);
	shared.fontmap = NULL;
	FcConfigDestroy(shared.config);
	shared.config = NULL;
	free(shared.key);
	shared.key = NULL;
}

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
	if (!hb || (glyph != PANGO_GLYPH_EMPTY && (glyph & PANGO_GLYPH_UNKNOWN_FLAG))) {
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
	(void)language;
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

/* Puts hb_glyph_extents in the class of the fonts `map` makes, when that is
 * pango 1.50's cairo font class it was written for, with base_metrics for
 * its metrics: the cairo class's own would open the face in FreeType as
 * well, and its parent's lays out a sample sentence. */
static void
measure_with_harfbuzz(PangoFontMap *map, PangoContext *context)
{
	measures_quark = g_quark_from_static_string("gazette-font-measures");
	metrics_quark = g_quark_from_static_string("gazette-font-metrics");
	PangoFontDescription *desc = pango_font_description_from_string("Serif 10");
	PangoFont *font = pango_font_map_load_font(map, context, desc);
	pango_font_description_free(desc);
	if (!font)
		return;
	PangoFontClass *klass = PANGO_FONT_GET_CLASS(font);
	if (strcmp(G_OBJECT_TYPE_NAME(font), "PangoCairoFcFont") == 0
	    && klass->get_glyph_extents != hb_glyph_extents) {
		pango_cairo_glyph_extents = klass->get_glyph_extents;
		klass->get_glyph_extents = hb_glyph_extents;
		klass->get_metrics = base_metrics;
	}
	g_object_unref(font);
}

bool
pdf_fonts_measured_by_harfbuzz(PangoFont *font)
{
	return PANGO_FONT_GET_CLASS(font)->get_glyph_extents == hb_glyph_extents;
}

static PangoFontMap *
new_fontmap(FcConfig *config)
{
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72);
	return map;
}

/* Makes `shared` hold the setup for `file` and the options' font folders;
 * false after reporting. */
static bool
shared_setup(const char *file, const struct gz_options *opts, struct gz_log *log)
{
	struct gz_buf key = {0};
	gz_buf_puts(&key, file);
	for (size_t i = 0; i < opts->font_dir_count; i++) {
		gz_buf_putc(&key, '\n');
		gz_buf_puts(&key, opts->font_dirs[i]);
	}
	if (shared.fontmap && shared.pid == getpid() && strcmp(shared.key, key.data) == 0) {
		gz_buf_free(&key);
		return true;
	}
	FcConfig *config = load_config(file, opts, log);
	if (!config) {
		gz_buf_free(&key);
		return false;
	}
	/* A parent's setup is left alone (its font map would wait for threads
	 * that are not in this process); one of this process is replaced. */
	if (shared.fontmap && shared.pid == getpid()) {
		g_object_unref(shared.fontmap);
		FcConfigDestroy(shared.config);
	}
	free(shared.key);
	shared.key = gz_buf_detach(&key, NULL);
	if (shared.pid != getpid()) {
		FT_Init_FreeType(&shared.ft);
		if (shared.pid == 0)
			gz_at_shutdown(shared_free);    /* once: a forked worker inherits it */
	}
	shared.pid = getpid();
	shared.config = config;
	shared.has_cjk = -1;
	/* As fontconfig's current configuration, pango's start-up FcInit()
	 * finds it loaded instead of reading the system's (6% of a one-page
	 * PDF).  Nothing else in gazette uses fontconfig. */
	FcConfigSetCurrent(config);
	shared.fontmap = new_fontmap(config);
	PangoContext *probe = pango_font_map_create_context(shared.fontmap);
	measure_with_harfbuzz(shared.fontmap, probe);
	g_object_unref(probe);
	return true;
}

static PangoContext *
new_context(PangoFontMap *map, PangoLanguage *lang)
{
	PangoContext *context = pango_font_map_create_context(map);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(context, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(context, 72);
	pango_context_set_round_glyph_positions(context, FALSE);
	pango_context_set_language(context, lang);
	return context;
}

struct pdf_fonts *
pdf_fonts_new(const struct pdf_style *st, const struct gz_options *opts, const char *doc_name,
    struct gz_log *log)
{
	const char *file = config_file();
	if (!file) {
		gz_error(log, NULL, 0, "gazette.conf (the PDF font configuration) is not installed "
		    "in " GZ_FONTS_DIR);
		return NULL;
	}
	if (!shared_setup(file, opts, log))
		return NULL;

	struct pdf_fonts *f = gz_xcalloc(1, sizeof *f);
	f->config = shared.config;
	f->doc_name = doc_name;
	f->log = log;
	f->lang = pango_language_from_string(st->lang);
	f->context = new_context(shared.fontmap, f->lang);
	f->face_files = g_hash_table_new_full(g_str_hash, g_str_equal, free, face_entry_free);
	f->faces = g_hash_table_new(NULL, NULL);
	f->fonts = g_hash_table_new_full(NULL, NULL, NULL, font_entry_free);
	f->warned = hb_set_create();
	return f;
}

/* The shared setup (config, font map, faces) stays for the next document. */
void
pdf_fonts_free(struct pdf_fonts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->held_count; i++)     /* left by an error */
		g_object_unref(f->held[i].layout);
	free(f->held);
	g_hash_table_destroy(f->fonts);
	g_hash_table_destroy(f->faces);
	g_hash_table_destroy(f->face_files);
	hb_set_destroy(f->warned);
	g_object_unref(f->context);
	free(f);
}

PangoContext *
pdf_fonts_context(struct pdf_fonts *f)
{
	return f->context;
}

bool
pdf_fonts_have_cjk(struct pdf_fonts *f)
{
	if (shared.has_cjk < 0) {
		FcCharSet *cs = FcCharSetCreate();
		FcCharSetAddChar(cs, 0x4E2D);   /* 中 */
		FcPattern *p = FcPatternCreate();
		FcPatternAddCharSet(p, FC_CHARSET, cs);
		FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
		FcFontSet *set = FcFontList(f->config, p, os);
		shared.has_cjk = set && set->nfont > 0;
		if (set)
			FcFontSetDestroy(set);
		FcObjectSetDestroy(os);
		FcPatternDestroy(p);
		FcCharSetDestroy(cs);
	}
	return shared.has_cjk;
}

static struct face_entry *
face_of(struct pdf_fonts *f, PangoFont *font)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_face_t *face = hb ? hb_font_get_face(hb) : NULL;
	if (!face)
		return NULL;
	struct face_entry *e = g_hash_table_lookup(f->faces, face);
	if (e)
		return e;
	FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcChar8 *file = NULL;
	int index = 0;
	FcPatternGetString(pattern, FC_FILE, 0, &file);
	FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
	char *key = gz_xasprintf("%d:%s", index, file ? (const char *)file : "");
	e = g_hash_table_lookup(f->face_files, key);
	if (!e) {
		e = gz_xcalloc(1, sizeof *e);
		e->face = hb_face_reference(face);
		e->glyphs = hb_set_create();
		/* The blank glyph glyphs.c draws across Latin gaps. */
		hb_codepoint_t space;
		if (hb_font_get_nominal_glyph(hb, ' ', &space))
			hb_set_add(e->glyphs, space);
		g_hash_table_insert(f->face_files, key, e);
	} else {
		free(key);
	}
	g_hash_table_insert(f->faces, face, e);
	return e;
}

static void
warn_missing(struct pdf_fonts *f, uint32_t cp, unsigned line)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x2028 || cp == 0x2029
	    || hb_set_has(f->warned, cp))
		return;
	hb_set_add(f->warned, cp);
	char utf8[5] = {0};
	gz_utf8_encode(cp, utf8);
	gz_warn(f->log, f->doc_name, line, "no font has a glyph for U+%04X '%s'; it prints as "
	    "a box (add a font with --font-dir)", (unsigned)cp, utf8);
}

void
pdf_fonts_hold_notes(struct pdf_fonts *f)
{
	f->holding = true;
}

static void note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line);

void
pdf_fonts_release_notes(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->held_count; i++) {
		note_layout(f, f->held[i].layout, f->held[i].line);
		g_object_unref(f->held[i].layout);
	}
	f->holding = false;
	free(f->held);
	f->held = NULL;
	f->held_count = f->held_cap = 0;
}

void
pdf_fonts_note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line)
{
	if (!f->holding) {
		note_layout(f, layout, line);
		return;
	}
	if (f->held_count == f->held_cap) {
		f->held_cap = f->held_cap ? 2 * f->held_cap : 256;
		f->held = gz_xrealloc(f->held, f->held_cap * sizeof *f->held);
	}
	f->held[f->held_count++] = (struct held_note){ g_object_ref(layout), line };
}

/* The entry of `font`, made when first met. */
static struct font_entry *
font_of(struct pdf_fonts *f, PangoFont *font)
{
	struct font_entry *fe = g_hash_table_lookup(f->fonts, font);
	if (fe)
		return fe;
	fe = gz_xcalloc(1, sizeof *fe);
	fe->font = g_object_ref(font);
	fe->face = face_of(f, font);
	g_hash_table_insert(f->fonts, font, fe);
	return fe;
}

/* Reads the strikethrough line of `fe` (once). */
static void
read_strike(struct font_entry *fe)
{
	if (fe->struck)
		return;
	PangoFontMetrics *m = pango_font_get_metrics(fe->font, NULL);
	fe->strike_pos_pu = pango_font_metrics_get_strikethrough_position(m);
	fe->strike_thick_pu = pango_font_metrics_get_strikethrough_thickness(m);
	pango_font_metrics_unref(m);
	fe->struck = true;
}

static void
note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line)
{
	PangoFont *last = NULL;
	struct font_entry *fe = NULL;
	/* The lines' runs as they are: an iterator would first measure every
	 * line (each glyph's extents), which nothing here reads. */
	for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
		const PangoLayoutLine *pl = l->data;
		for (GSList *r = pl->runs; r; r = r->next) {
			const PangoLayoutRun *run = r->data;
			if (run->item->analysis.font != last) {
				last = run->item->analysis.font;
				fe = font_of(f, last);
			}
			const PangoGlyphString *gs = run->glyphs;
			for (int i = 0; i < gs->num_glyphs; i++) {
				PangoGlyph g = gs->glyphs[i].glyph;
				if (g == PANGO_GLYPH_EMPTY)
					continue;
				if (g & PANGO_GLYPH_UNKNOWN_FLAG)
					warn_missing(f, g & ~PANGO_GLYPH_UNKNOWN_FLAG, line);
				else if (fe->face)
					hb_set_add(fe->face->glyphs, g);
			}
		}
	}
}

static void
release_ft_face(void *p)
{
	FT_Done_Face(p);
}

static void
release_blob(void *p)
{
	hb_blob_destroy(p);
}

/* The tables of a face, less its cmap.  Given glyph ids, hb-subset 6 walks
 * the whole cmap of the source (65,000 entries for a CJK face, about 15 ms)
 * to keep code points that map to them; drawing needs glyph ids only, as the
 * text travels beside the glyphs (cairo_show_text_glyphs). */
static hb_blob_t *
table_but_cmap(hb_face_t *face, hb_tag_t tag, void *source)
{
	(void)face;
	if (tag == HB_TAG('c', 'm', 'a', 'p'))
		return hb_blob_get_empty();
	return hb_face_reference_table(source, tag);
}

/* Cuts `e`'s face down to its noted glyphs into e->subset and e->map; leaves
 * them NULL when that fails (the whole face is drawn instead).  Only
 * HarfBuzz works here, on this entry alone: entries may be cut on two
 * threads at once (pdf_fonts_subset). */
static void
cut_face(struct face_entry *e, const hb_set_t *glyphs)
{
	/* Tables a PDF does not need: shaping is done, and cairo reads only
	 * the outlines and metrics. */
	static const char *const dropped[] = {
		"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "cmap",
		"DSIG", "kern", "gasp", "hdmx", "LTSH", "VDMX", "morx",
		"kerx", "STAT", "meta",
	};
	if (hb_set_is_empty(glyphs))
		return;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return;
	hb_set_union(hb_subset_input_glyph_set(in), glyphs);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < GZ_ARRAY_LEN(dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
	/* Flat charstrings: subsetting subroutines costs 20 ms a CJK face, and
	 * cairo subsets the outlines once more anyway. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE);
	hb_face_t *source = hb_face_create_for_tables(table_but_cmap, hb_face_reference(e->face),
	    (hb_destroy_func_t)hb_face_destroy);
	hb_face_set_upem(source, hb_face_get_upem(e->face));
	hb_face_set_glyph_count(source, hb_face_get_glyph_count(e->face));
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(source, in);
	hb_face_destroy(source);
	hb_subset_input_destroy(in);
	if (!plan)
		return;
	hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
	hb_blob_t *blob = sub ? hb_face_reference_blob(sub) : NULL;
	hb_face_destroy(sub);
	if (blob && hb_blob_get_length(blob) > 0) {
		e->subset = blob;
		e->map = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan));
	} else {
		hb_blob_destroy(blob);
	}
	hb_subset_plan_destroy(plan);
}

/* Opens e->subset in FreeType and cairo (on one thread: FreeType's library
 * is not to be shared between threads); without a subset, or when FreeType
 * refuses it, the whole face is drawn. */
static void
open_subset(struct face_entry *e)
{
	e->done = true;
	hb_blob_t *blob = e->subset;
	e->subset = NULL;
	unsigned len = 0;
	const char *data = blob ? hb_blob_get_data(blob, &len) : NULL;
	FT_Face ft = NULL;
	if (!data || FT_New_Memory_Face(shared.ft, (const FT_Byte *)data, (FT_Long)len, 0, &ft)) {
		hb_blob_destroy(blob);
		hb_map_destroy(e->map);
		e->map = NULL;
		return;
	}
	static const cairo_user_data_key_t ft_key, blob_key;
	cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(ft, FT_LOAD_NO_HINTING);
	cairo_font_face_set_user_data(cf, &ft_key, ft, release_ft_face);
	cairo_font_face_set_user_data(cf, &blob_key, blob, release_blob);
	e->cairo_face = cf;
}

struct cutting {
	struct face_entry **entries;
	size_t count;
	gint next;                      /* the next entry to take */
};

static gpointer
cut_faces(gpointer data)
{
	struct cutting *c = data;
	for (size_t i; (i = (size_t)g_atomic_int_add(&c->next, 1)) < c->count;)
		cut_face(c->entries[i], c->entries[i]->glyphs);
	return NULL;
}

/* Faces with the most glyphs (the CJK ones) first, so that two threads
 * share them out. */
static int
by_glyph_count(const void *a, const void *b)
{
	const struct face_entry *x = *(struct face_entry *const *)a;
	const struct face_entry *y = *(struct face_entry *const *)b;
	unsigned nx = hb_face_get_glyph_count(x->face), ny = hb_face_get_glyph_count(y->face);
	if (nx != ny)
		return nx < ny ? 1 : -1;
	unsigned px = hb_set_get_population(x->glyphs), py = hb_set_get_population(y->glyphs);
	return px < py ? 1 : px > py ? -1 : 0;
}

void
pdf_fonts_subset(struct pdf_fonts *f)
{
	size_t count = 0;
	struct face_entry **entries = gz_xcalloc(g_hash_table_size(f->face_files) + 1,
	    sizeof *entries);
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, f->face_files);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct face_entry *e = value;
		if (!e->done && !hb_set_is_empty(e->glyphs))
			entries[count++] = e;
	}
	qsort(entries, count, sizeof *entries, by_glyph_count);
	struct cutting c = { entries, count, 0 };
	GThread *second = count > 1 ? g_thread_try_new("gazette-subset", cut_faces, &c, NULL)
	    : NULL;
	cut_faces(&c);
	if (second)
		g_thread_join(second);
	for (size_t i = 0; i < count; i++)
		open_subset(entries[i]);
	free(entries);
}

/* `face` at `font`'s size, unhinted, as pango measured it. */
static cairo_scaled_font_t *
scaled_font(cairo_font_face_t *face, PangoFont *font)
{
	/* pango's own cairo font would open the whole face in FreeType just to
	 * tell its size: the size is in the font's description (points, at 72
	 * dpi). */
	PangoFontDescription *fd = pango_font_describe_with_absolute_size(font);
	double size = pdf_pu_to_pt(pango_font_description_get_size(fd));
	pango_font_description_free(fd);
	cairo_matrix_t fm, ctm;
	cairo_matrix_init_scale(&fm, size, size);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_scaled_font_t *scaled = cairo_scaled_font_create(face, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	return scaled;
}

/* The entry of `font` for painting: the scaled subset is made on first use. */
static struct font_entry *
painted_font(struct pdf_fonts *f, PangoFont *font)
{
	struct font_entry *fe = font_of(f, font);
	struct face_entry *e = fe->face;
	if (e && !e->done) {
		cut_face(e, e->glyphs);
		open_subset(e);
	}
	if (!fe->scaled && e && e->cairo_face)
		fe->scaled = scaled_font(e->cairo_face, font);
	return fe;
}

cairo_scaled_font_t *
pdf_fonts_cairo_font(struct pdf_fonts *f, PangoFont *font, const void **map)
{
	struct font_entry *fe = painted_font(f, font);
	if (fe->scaled) {
		*map = fe->face->map;
		return fe->scaled;
	}
	*map = NULL;
	return pdf_fonts_whole_font(f, font);
}

cairo_scaled_font_t *
pdf_fonts_whole_font(struct pdf_fonts *f, PangoFont *font)
{
	struct font_entry *fe = painted_font(f, font);
	if (!fe->whole) {
		FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
		cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(pattern);
		fe->whole = scaled_font(face, font);
		cairo_font_face_destroy(face);
	}
	return fe->whole;
}

void
pdf_fonts_strikethrough(struct pdf_fonts *f, PangoFont *font, int *pos_pu, int *thick_pu)
{
	struct font_entry *fe = font_of(f, font);
	read_strike(fe);
	*pos_pu = fe->strike_pos_pu;
	*thick_pu = fe->strike_thick_pu;
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

bool
pdf_fonts_map_glyph(const void *map, unsigned glyph, unsigned *out)
{
	if (!map) {
		*out = glyph;
		return true;
	}
	hb_codepoint_t g = hb_map_get(map, glyph);
	if (g == HB_MAP_VALUE_INVALID)
		return false;
	*out = g;
	return true;
}
