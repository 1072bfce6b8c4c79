/* typo.c: the CJK typesetting pango 1.50 leaves out (see doc/platform.md): a
 * quarter em between Han or kana and Latin letters or digits, compressed
 * punctuation, justification that spreads a line's slack over its CJK
 * characters, and which characters take emphasis dots.  All of it is done by
 * positioning (attributes before line breaking, glyph geometry after), never
 * by inserting characters, so the text pdftotext extracts stays as written. */
#include "typo.h"
#include "measure.h"

#include <stdlib.h>
#include <string.h>

/* Han and kana: the characters that take the quarter em beside Latin text.
 * Hangul does not: Korean separates words with spaces. */
static bool
is_ideo(uint32_t cp)
{
	return (cp >= 0x3005 && cp <= 0x3007)           /* 々 〆 〇 */
	    || (cp >= 0x3041 && cp <= 0x309F)           /* hiragana */
	    || (cp >= 0x30A1 && cp <= 0x30FF && cp != 0x30FB)  /* katakana, not ・ */
	    || (cp >= 0x31F0 && cp <= 0x31FF)
	    || (cp >= 0x3400 && cp <= 0x4DBF)
	    || (cp >= 0x4E00 && cp <= 0x9FFF)
	    || (cp >= 0xF900 && cp <= 0xFAFF)
	    || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Latin, Greek and Cyrillic letters and the digits. */
static bool
is_latin(uint32_t cp)
{
	return cp < 0x0530 && g_unichar_isalnum(cp);
}

bool
pdf_typo_dotted(uint32_t cp)
{
	return is_ideo(cp) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

enum punct { NOT_PUNCT, OPENING, CLOSING };

/*
 * Full-width punctuation by where its ink sits: an opening bracket on the
 * right half of its em, a closing mark on the left half.  Which marks close
 * on the left depends on the region's glyphs: Traditional Chinese centres
 * 、。，．and the marks !?:; and Japanese centres !?:; too.
 */
static enum punct
punct_of(uint32_t cp, enum pdf_cjk cjk)
{
	switch (cp) {
	case 0x300C: case 0x300E: case 0xFF08: case 0x3010: case 0x3014: case 0x3008:
	case 0x300A: case 0xFF5B: case 0xFF3B: case 0x3016: case 0x3018: case 0x301D:
	case 0x2018: case 0x201C:
		return OPENING;
	case 0x300D: case 0x300F: case 0xFF09: case 0x3011: case 0x3015: case 0x3009:
	case 0x300B: case 0xFF5D: case 0xFF3D: case 0x3017: case 0x3019: case 0x301E:
	case 0x301F: case 0x2019: case 0x201D:
		return CLOSING;
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E:
		return cjk == PDF_CJK_HANS || cjk == PDF_CJK_JA ? CLOSING : NOT_PUNCT;
	case 0xFF01: case 0xFF1F: case 0xFF1A: case 0xFF1B:
		return cjk == PDF_CJK_HANS ? CLOSING : NOT_PUNCT;
	default:
		return NOT_PUNCT;
	}
}

/* What settling a layout needs, kept on the layout itself (so painting,
 * which sees only the layout, can settle a text nobody settled before). */
struct typo {
	enum pdf_cjk cjk;
	int quarter_pu;                 /* the Latin gap */
	guint settled;                  /* the layout serial settled last; 0: none */
};

/* The quark is made once, however many layouts are settled. */
static GQuark
typo_quark(void)
{
	static gsize q;
	if (g_once_init_enter(&q))
		g_once_init_leave(&q, g_quark_from_static_string("gazette-typo"));
	return (GQuark)q;
}

static bool
in_ranges(const int *skip, size_t skip_count, int byte)
{
	for (size_t i = 0; i < skip_count; i++)
		if (byte >= skip[2 * i] && byte < skip[2 * i + 1])
			return true;
	return false;
}

static void
insert(PangoAttrList *attrs, PangoAttribute *a, int start, int end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(attrs, a);
}

void
pdf_typo_attrs(const struct pdf_style *st, PangoLayout *layout, const char *text, int len,
    PangoAttrList *attrs, double size_pt, const int *skip, size_t skip_count)
{
	struct typo *ty = g_new0(struct typo, 1);
	ty->cjk = st->cjk;
	ty->quarter_pu = pdf_pt_to_pu(size_pt * 0.25);
	g_object_set_qdata_full(G_OBJECT(layout), typo_quark(), ty, g_free);

	/* Three characters at a time: the one before, this one, the next. */
	uint32_t prev = 0, cur = 0, next = 0;
	int cur_at = 0, next_at = 0, after_next = 0;
	if (len > 0)
		after_next = (int)gz_utf8_decode(text, (size_t)len, &next);
	bool have_cur = false;
	PangoAttribute *halt_last = NULL;
	while (next_at < len) {
		prev = have_cur ? cur : 0;
		cur = next, cur_at = next_at;
		have_cur = true;
		next_at = after_next;
		next = 0;
		if (next_at < len)
			after_next = next_at + (int)gz_utf8_decode(text + next_at,
			    (size_t)(len - next_at), &next);
		if (skip_count && in_ranges(skip, skip_count, cur_at))
			continue;
		if (st->cjk_latin_space && is_ideo(cur)) {
			/* pango puts half of a letter spacing on each side of the
			 * character; settling moves it to the Latin side. */
			int gaps = is_latin(prev) + is_latin(next);
			if (gaps)
				insert(attrs, pango_attr_letter_spacing_new(gaps * ty->quarter_pu),
				    cur_at, next_at);
		}
		if (st->cjk == PDF_CJK_NONE || next_at >= len
		    || (skip_count && in_ranges(skip, skip_count, next_at)))
			continue;
		/* Two marks side by side take an em and a half: the first drops
		 * its blank when it closes, else the second when it opens. */
		enum punct a = punct_of(cur, st->cjk), b = punct_of(next, st->cjk);
		if (a == NOT_PUNCT || b == NOT_PUNCT)
			continue;
		int at = -1, end = 0;
		if (a == CLOSING)
			at = cur_at, end = next_at;
		else if (b == OPENING)
			at = next_at, end = after_next;
		if (at < 0 || (halt_last && (int)halt_last->start_index == at))
			continue;
		halt_last = pango_attr_font_features_new("halt 1");
		insert(attrs, halt_last, at, end);
	}
}

/* The letter spacing gazette put on a run, or 0. */
static int
run_spacing(const PangoGlyphItem *run)
{
	for (GSList *l = run->item->analysis.extra_attrs; l; l = l->next) {
		const PangoAttribute *a = l->data;
		if (a->klass->type == PANGO_ATTR_LETTER_SPACING)
			return ((const PangoAttrInt *)a)->value;
	}
	return 0;
}

/* pango-layout.c's split of a letter spacing into its left and right parts. */
static void
distribute(int spacing, int *left, int *right)
{
	*left = spacing / 2;
	if ((spacing & (PANGO_SCALE - 1)) == 0)
		*left = PANGO_UNITS_ROUND(*left);
	*right = spacing - *left;
}

static uint32_t
char_at(const char *text, int len, int at)
{
	uint32_t cp = 0;
	if (at >= 0 && at < len && (unsigned char)text[at] < 0x80)
		return (unsigned char)text[at];
	if (at >= 0 && at < len)
		gz_utf8_decode(text + at, (size_t)(len - at), &cp);
	return cp;
}

static uint32_t
char_before(const char *text, int at)
{
	return at > 0 ? gz_utf8_last(text, (size_t)at) : 0;
}

/* Moves a Latin gap's spacing from both sides of its character to the Latin
 * side (none at the line's edges, where pango has taken it off already). */
static void
settle_gap(PangoGlyphItem *run, const struct typo *ty, const char *text, int len, bool first,
    bool last)
{
	int spacing = run_spacing(run);
	if (!spacing || run->glyphs->num_glyphs == 0)
		return;
	int left, right;
	distribute(spacing, &left, &right);
	int start = run->item->offset, end = start + run->item->length;
	int want_left = is_latin(char_before(text, start)) ? ty->quarter_pu : 0;
	int want_right = is_latin(char_at(text, len, end)) ? ty->quarter_pu : 0;
	int dl = (first ? 0 : want_left) - (first ? 0 : left);
	int dr = (last ? 0 : want_right) - (last ? 0 : right);
	PangoGlyphInfo *g0 = &run->glyphs->glyphs[0];
	g0->geometry.x_offset += dl;
	g0->geometry.width += dl;
	run->glyphs->glyphs[run->glyphs->num_glyphs - 1].geometry.width += dr;
}

/* A full-width mark's natural advance, or 0 when the glyph is narrower than
 * an em (a Latin quote) or already compressed (halt). */
static int
full_width(PangoGlyphItem *run, int g)
{
	PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
	if (gi->glyph == PANGO_GLYPH_EMPTY || (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
		return 0;
	PangoRectangle logical;
	pango_font_get_glyph_extents(run->item->analysis.font, gi->glyph, NULL, &logical);
	PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
	int em = pango_font_description_get_size(fd);
	pango_font_description_free(fd);
	if (logical.width < em * 9 / 10 || gi->geometry.width < logical.width * 3 / 4)
		return 0;
	return logical.width;
}

static bool
is_trailing(uint32_t cp)
{
	return cp == ' ' || cp == 0x2028 || cp == '\t';
}

/* The last glyph of a left-to-right line that is not a trailing space or
 * line separator, and its run; -1 when there is none or the line has a
 * right-to-left run (left as pango sets it). */
static int
last_glyph(PangoLayoutLine *line, const char *text, int len, PangoGlyphItem **run)
{
	int found = -1;
	*run = NULL;
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *gr = r->data;
		if (gr->item->analysis.level & 1)
			return -1;
		for (int g = 0; g < gr->glyphs->num_glyphs; g++) {
			if (!is_trailing(char_at(text, len, gr->item->offset
			    + gr->glyphs->log_clusters[g]))) {
				found = g;
				*run = gr;
			}
		}
	}
	return found;
}

/* An opening bracket at a line start and a closing mark at its end set
 * half-width: their blank half is taken off by positioning. */
static void
settle_edges(PangoLayoutLine *line, const struct typo *ty, const char *text, int len)
{
	if (!line->runs || ty->cjk == PDF_CJK_NONE)
		return;
	PangoGlyphItem *run = line->runs->data;
	if (run->glyphs->num_glyphs > 0 && !(run->item->analysis.level & 1)
	    && punct_of(char_at(text, len, run->item->offset + run->glyphs->log_clusters[0]),
	    ty->cjk) == OPENING) {
		int w = full_width(run, 0);
		run->glyphs->glyphs[0].geometry.x_offset -= w / 2;
		run->glyphs->glyphs[0].geometry.width -= w / 2;
	}
	PangoGlyphItem *last;
	int g = last_glyph(line, text, len, &last);
	if (g >= 0 && punct_of(char_at(text, len, last->item->offset
	    + last->glyphs->log_clusters[g]), ty->cjk) == CLOSING)
		last->glyphs->glyphs[g].geometry.width -= full_width(last, g) / 2;
}

/* The typo state of a layout, or NULL when it has none or is settled. */
static struct typo *
unsettled(PangoLayout *layout)
{
	struct typo *ty = g_object_get_qdata(G_OBJECT(layout), typo_quark());
	if (!ty || ty->settled == pango_layout_get_serial(layout))
		return NULL;
	return ty;
}

void
pdf_typo_settle(PangoLayout *layout)
{
	struct typo *ty = unsettled(layout);
	if (!ty)
		return;
	const char *text = pango_layout_get_text(layout);
	int len = (int)strlen(text);
	/* pango_layout_get_lines, not _readonly: its lines may be changed. */
	for (GSList *l = pango_layout_get_lines(layout); l; l = l->next) {
		PangoLayoutLine *line = l->data;
		for (GSList *r = line->runs; r; r = r->next)
			settle_gap(r->data, ty, text, len, r == line->runs, r->next == NULL);
		settle_edges(line, ty, text, len);
	}
	ty->settled = pango_layout_get_serial(layout);
}

/* Characters set on the em grid, beside which a line may stretch. */
static bool
wide(uint32_t cp, enum pdf_cjk cjk)
{
	return is_ideo(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF60)
	    || (cp >= 0xFE30 && cp <= 0xFE4F)
	    || (cjk != PDF_CJK_NONE && ((cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026
	    || cp == 0x2014 || cp == 0x2015));
}

/* Where a line may stretch between two neighbouring characters. */
enum place {
	NO_PLACE,
	TIGHT,          /* beside a CJK character: every reader must see no space */
	OPEN,           /* after a word space, or a CJK-Latin gap: a reader may see one */
};

static enum place
place_of(uint32_t a, uint32_t b, enum pdf_cjk cjk)
{
	if (a == ' ')
		return OPEN;
	if (b == ' ')
		return NO_PLACE;
	if ((wide(a, cjk) && is_latin(b)) || (is_latin(a) && wide(b, cjk)))
		return OPEN;
	return wide(a, cjk) || wide(b, cjk) ? TIGHT : NO_PLACE;
}

/* What a line's stretching places are: how many of each kind, and the
 * widest blank the font already leaves at a tight one (some pairs are
 * kerned apart: Noto CJK JP sets ん。 0.06 em apart). */
struct places {
	int tight, open;
	int blank_pu;
};

/* The blank after glyph g beyond its natural advance. */
static int
blank_after(const PangoGlyphItem *run, int g)
{
	const PangoGlyphInfo *gi = &run->glyphs->glyphs[g];
	if (gi->glyph == PANGO_GLYPH_EMPTY || (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
		return 0;
	return gi->geometry.width - gi->geometry.x_offset
	    - pdf_fonts_glyph_width(run->item->analysis.font, gi->glyph);
}

/*
 * Counts the places where a line may stretch into `pl`, up to the cluster
 * whose first glyph is `end_g` of `end_run`, and widens each tight one by
 * `tight` pango units and each open one by `open` (one more for the first
 * `extra` places; all 0: counts only).  The space goes after the last glyph
 * of the cluster before the place.
 */
static void
stretch(PangoLayoutLine *line, const char *text, int len, enum pdf_cjk cjk,
    const PangoGlyphItem *end_run, int end_g, int tight, int open, int extra,
    struct places *pl)
{
	*pl = (struct places){0};
	PangoGlyphItem *prev_run = NULL;
	int prev_g = 0;
	uint32_t prev_cp = 0;
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoGlyphString *gs = run->glyphs;
		for (int g = 0; g < gs->num_glyphs; g++) {
			if (g > 0 && gs->log_clusters[g] == gs->log_clusters[g - 1]) {
				prev_g = g;     /* the cluster goes on */
				continue;
			}
			uint32_t cp = char_at(text, len, run->item->offset + gs->log_clusters[g]);
			enum place kind = prev_run ? place_of(prev_cp, cp, cjk) : NO_PLACE;
			if (kind != NO_PLACE) {
				int n = pl->tight + pl->open;
				if (kind == TIGHT) {
					int blank = blank_after(prev_run, prev_g);
					if (blank > pl->blank_pu)
						pl->blank_pu = blank;
				}
				prev_run->glyphs->glyphs[prev_g].geometry.width
				    += (kind == TIGHT ? tight : open) + (n < extra);
				if (kind == TIGHT)
					pl->tight++;
				else
					pl->open++;
			}
			if (run == end_run && g == end_g)
				return;
			prev_run = run;
			prev_g = g;
			prev_cp = cp;
		}
	}
}

/*
 * Fills the line to `width_pu`.  The slack is shared evenly while a tight
 * place's blank stays under 0.09 em: poppler reads a blank of a tenth of an
 * em as a word space, PDF.js and MuPDF a little more (doc/pdf-text.md).
 * Beyond that the tight places keep their cap and the open ones take the
 * rest, as JIS X 4051 widens the gaps beside Latin words first; a line that
 * would need more than an em at an open place stays ragged (a short line
 * before a long unbreakable word).
 */
static void
justify_line(PangoLayoutLine *line, int width_pu, struct typo *ty, const char *text,
    int len)
{
	PangoGlyphItem *last;
	int g = last_glyph(line, text, len, &last);
	if (g < 0)
		return;
	while (g > 0 && last->glyphs->log_clusters[g - 1] == last->glyphs->log_clusters[g])
		g--;
	int natural = 0;
	for (GSList *r = line->runs; r; r = r->next) {
		PangoGlyphString *gs = ((PangoGlyphItem *)r->data)->glyphs;
		for (int i = 0; i < gs->num_glyphs; i++)
			natural += gs->glyphs[i].geometry.width;
	}
	int slack = width_pu - natural;
	if (slack <= 0)
		return;
	struct places pl;
	stretch(line, text, len, ty->cjk, last, g, 0, 0, 0, &pl);
	int places = pl.tight + pl.open, em = 4 * ty->quarter_pu;
	if (places == 0)
		return;
	int cap = em * 9 / 100 - pl.blank_pu;
	if (cap < 0)
		cap = 0;
	int tight = slack / places, open = tight, extra = slack % places;
	if (pl.tight > 0 && tight > cap) {
		if (pl.open == 0)
			return;
		tight = cap;
		open = (slack - cap * pl.tight) / pl.open;
		extra = (slack - cap * pl.tight) % pl.open;
	}
	if (open > em)
		return;
	stretch(line, text, len, ty->cjk, last, g, tight, open, extra, &pl);
}

void
pdf_typo_justify(PangoLayout *layout)
{
	pdf_typo_settle(layout);
	struct typo *ty = g_object_get_qdata(G_OBJECT(layout), typo_quark());
	int width = pango_layout_get_width(layout);
	if (!ty || width <= 0)
		return;
	const char *text = pango_layout_get_text(layout);
	int len = (int)strlen(text);
	/* The last line, and a line ended by a hard break, stay ragged. */
	for (GSList *l = pango_layout_get_lines(layout); l && l->next; l = l->next) {
		PangoLayoutLine *line = l->data;
		int end = line->start_index + line->length;
		if (char_before(text, end) == 0x2028 || char_at(text, len, end) == 0x2028)
			continue;
		justify_line(line, width, ty, text, len);
	}
}
