/* subset.c: the glyphs each document uses, warnings for characters no
 * font has, and the faces cut down to those glyphs before cairo sees them. */
#include "subset.h"
#include "fonts-private.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

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

void
pdf_fonts_notes_init(struct pdf_fonts *f)
{
	f->face_files = g_hash_table_new_full(g_str_hash, g_str_equal, free, face_entry_free);
	f->faces = g_hash_table_new(NULL, NULL);
	f->fonts = g_hash_table_new_full(NULL, NULL, NULL, font_entry_free);
	f->warned = hb_set_create();
}

void
pdf_fonts_notes_free(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->held_count; i++) {   /* left by an error */
		if (f->held[i].layout)
			g_object_unref(f->held[i].layout);
		free(f->held[i].missing);
	}
	free(f->held);
	g_hash_table_destroy(f->fonts);
	g_hash_table_destroy(f->faces);
	g_hash_table_destroy(f->face_files);
	hb_set_destroy(f->warned);
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

static void note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line,
    struct held_note *later);

void
pdf_fonts_release_notes(struct pdf_fonts *f)
{
	for (size_t i = 0; i < f->held_count; i++) {
		struct held_note *h = &f->held[i];
		if (h->layout) {
			note_layout(f, h->layout, h->line, NULL);
			g_object_unref(h->layout);
		}
		for (size_t k = 0; k < h->missing_count; k++)
			warn_missing(f, h->missing[k], h->line);
		free(h->missing);
	}
	f->holding = false;
	free(f->held);
	f->held = NULL;
	f->held_count = f->held_cap = 0;
}

/* A new entry at the end of the held notes. */
static struct held_note *
hold(struct pdf_fonts *f, unsigned line)
{
	if (f->held_count == f->held_cap) {
		f->held_cap = f->held_cap ? 2 * f->held_cap : 256;
		f->held = gz_xrealloc(f->held, f->held_cap * sizeof *f->held);
	}
	struct held_note *h = &f->held[f->held_count++];
	*h = (struct held_note){ .line = line };
	return h;
}

void
pdf_fonts_note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line)
{
	if (!f->holding)
		note_layout(f, layout, line, NULL);
	else
		hold(f, line)->layout = g_object_ref(layout);
}

void
pdf_fonts_note_now(struct pdf_fonts *f, PangoLayout *layout, unsigned line)
{
	if (!f->holding) {
		note_layout(f, layout, line, NULL);
		return;
	}
	/* held only when there is something to warn of */
	struct held_note later = { .line = line };
	note_layout(f, layout, line, &later);
	if (later.missing_count)
		*hold(f, line) = later;
}

void
pdf_fonts_note_chars(struct pdf_fonts *f, const char *family, const char *chars)
{
	size_t name_len = strcspn(family, ",");
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, f->fonts);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct font_entry *fe = value;
		PangoFontDescription *fd = pango_font_describe(fe->font);
		const char *name = pango_font_description_get_family(fd);
		bool regular = name && strlen(name) == name_len
		    && g_ascii_strncasecmp(name, family, name_len) == 0
		    && pango_font_description_get_weight(fd) == PANGO_WEIGHT_NORMAL
		    && pango_font_description_get_style(fd) == PANGO_STYLE_NORMAL;
		pango_font_description_free(fd);
		hb_font_t *hb = regular && fe->face ? pango_font_get_hb_font(fe->font) : NULL;
		for (const char *c = chars; hb && *c; c++) {
			hb_codepoint_t g;
			if (hb_font_get_nominal_glyph(hb, (unsigned char)*c, &g))
				hb_set_add(fe->face->glyphs, g);
		}
	}
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

/* Warns that no font has `cp`, or keeps it in `later` to warn of on
 * release. */
static void
missing(struct pdf_fonts *f, uint32_t cp, unsigned line, struct held_note *later)
{
	if (!later) {
		warn_missing(f, cp, line);
		return;
	}
	if (hb_set_has(f->warned, cp))
		return;
	size_t n = later->missing_count;
	if ((n & (n - 1)) == 0)         /* 0, 1, 2, 4...: full (doubling) */
		later->missing = gz_xrealloc(later->missing,
		    (n ? 2 * n : 1) * sizeof *later->missing);
	later->missing[later->missing_count++] = cp;
}

/* Notes the glyphs of `layout`; the characters no font has are warned of,
 * or kept in `later` to warn of on release. */
static void
note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line, struct held_note *later)
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
					missing(f, g & ~PANGO_GLYPH_UNKNOWN_FLAG, line, later);
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

/* Opens e->subset with `ft_library` in FreeType and cairo (on one thread:
 * FreeType's library is not to be shared between threads); without a
 * subset, or when FreeType refuses it, the whole face is drawn. */
static void
open_subset(FT_Library ft_library, struct face_entry *e)
{
	e->done = true;
	hb_blob_t *blob = e->subset;
	e->subset = NULL;
	unsigned len = 0;
	const char *data = blob ? hb_blob_get_data(blob, &len) : NULL;
	FT_Face ft = NULL;
	if (!data || FT_New_Memory_Face(ft_library, (const FT_Byte *)data, (FT_Long)len, 0, &ft)) {
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

/* A CJK face has tens of thousands of glyphs, a Latin one a few thousand. */
enum { LARGE_FACE_GLYPHS = 10000 };

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
	/* A second thread only when a second large face is to be cut: a Latin
	 * face is cut in a fraction of a millisecond, less than a thread costs
	 * to start and join. */
	bool two = count > 1 && hb_face_get_glyph_count(entries[1]->face) >= LARGE_FACE_GLYPHS;
	GThread *second = two ? g_thread_try_new("gazette-subset", cut_faces, &c, NULL) : NULL;
	cut_faces(&c);
	if (second)
		g_thread_join(second);
	for (size_t i = 0; i < count; i++)
		open_subset(f->ft, entries[i]);
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
		open_subset(f->ft, e);
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
