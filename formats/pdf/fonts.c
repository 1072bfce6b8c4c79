/* fonts.c: gazette's own fontconfig setup, kept for the process, and the
 * pango context each document lays out with. */
#include "fonts.h"
#include "fonts-private.h"
#include "measure.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static PangoFontMap *
new_fontmap(FcConfig *config)
{
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72);
	return map;
}

static PangoContext *new_context(PangoFontMap *map, PangoLanguage *lang);

/* Makes `shared` hold the setup for `file` and the options' font folders;
 * false after reporting.  `st`: the first document's style. */
static bool
shared_setup(const char *file, const struct pdf_style *st, const struct gz_options *opts,
    struct gz_log *log)
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
	/* The class is found from the body font as the document will ask for
	 * it (same context settings and language): fontconfig then sorts the
	 * font set once, for both. */
	PangoContext *probe = new_context(shared.fontmap, pango_language_from_string(st->lang));
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_family(desc, st->family[PDF_FACE_SERIF]);
	pango_font_description_set_size(desc, pdf_pt_to_pu(st->size_pt));
	pdf_fonts_measure_with_harfbuzz(shared.fontmap, probe, desc);
	pango_font_description_free(desc);
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
	if (!shared_setup(file, st, opts, log))
		return NULL;

	struct pdf_fonts *f = gz_xcalloc(1, sizeof *f);
	f->config = shared.config;
	f->doc_name = doc_name;
	f->log = log;
	f->lang = pango_language_from_string(st->lang);
	f->ft = shared.ft;
	f->context = new_context(shared.fontmap, f->lang);
	pdf_fonts_notes_init(f);
	return f;
}

/* The shared setup (config, font map, faces) stays for the next document. */
void
pdf_fonts_free(struct pdf_fonts *f)
{
	if (!f)
		return;
	pdf_fonts_notes_free(f);
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
