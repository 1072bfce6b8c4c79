/* style.c: the page geometry and the type, from the site's `pdf:` settings
 * and the page language. */
#include "style.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct paper {
	const char *name;
	double w_pt, h_pt;
};

static const struct paper papers[] = {
	{ "A4", 210 * PDF_MM_PT, 297 * PDF_MM_PT },
	{ "A5", 148 * PDF_MM_PT, 210 * PDF_MM_PT },
	{ "Letter", 612, 792 },
};

/* The region of the Noto CJK faces ("Noto Serif CJK SC") a language picks. */
static const char *
cjk_suffix(const char *lang, bool *is_cjk)
{
	*is_cjk = true;
	if (strncasecmp(lang, "ja", 2) == 0)
		return "JP";
	if (strncasecmp(lang, "ko", 2) == 0)
		return "KR";
	if (strncasecmp(lang, "zh", 2) == 0) {
		/* Traditional: zh-TW, zh-HK, zh-MO, zh-Hant(-...) */
		static const char *const traditional[] = { "tw", "hk", "mo", "hant" };
		for (const char *sub = strchr(lang, '-'); sub; sub = strchr(sub + 1, '-'))
			for (size_t i = 0; i < GZ_ARRAY_LEN(traditional); i++)
				if (strncasecmp(sub + 1, traditional[i], strlen(traditional[i])) == 0)
					return "TC";
		return "SC";
	}
	*is_cjk = false;
	return "SC";            /* the fallback for CJK text on other pages */
}

/*
 * A length: a number with an optional unit (pt, mm, cm, in); a bare number is
 * points.  Returns false when `s` is not one.
 */
static bool
parse_length(const char *s, double *pt)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	static const struct { const char *unit; double pt; } units[] = {
		{ "", 1 }, { "pt", 1 }, { "mm", PDF_MM_PT }, { "cm", 10 * PDF_MM_PT }, { "in", 72 },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(units); i++) {
		if (strcasecmp(end, units[i].unit) == 0) {
			*pt = v * units[i].pt;
			return true;
		}
	}
	return false;
}

/* Reports an error in the site setting at `path` (`pdf.columns`) where it
 * was written: the configuration's file and line, or no place for a --set
 * override (the message names the setting).  Never the page: the same
 * setting fails for every page. */
static void __attribute__((format(printf, 4, 5)))
setting_error(const struct gz_doc *doc, const char *path, struct gz_log *log, const char *fmt, ...)
{
	unsigned line;
	const char *file = gz_site_where(doc->site, gz_value_lookup(doc->site, path), &line);
	va_list ap;
	va_start(ap, fmt);
	gz_vreport(log, GZ_ERROR, file, line, fmt, ap);
	va_end(ap);
}

/* Reads the length at `key` (under `pdf.`) into *pt if it is set. */
static bool
setting_length(const struct gz_doc *doc, const char *key, double *pt, struct gz_log *log)
{
	char path[64];
	snprintf(path, sizeof path, "pdf.%s", key);
	const char *s = doc->site ? gz_value_string(doc->site, path) : NULL;
	if (!s)
		return true;
	if (!parse_length(s, pt)) {
		setting_error(doc, path, log, "%s: '%s' is not a length (write e.g. 20mm, 0.75in, 54pt)",
		    path, s);
		return false;
	}
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true;
		if (strcasecmp(s, no[i]) == 0)
			return !(*out = false);
	}
	return false;
}

/* Reads the yes/no setting at `key` (under `pdf.`) into *on if it is set. */
static bool
setting_bool(const struct gz_doc *doc, const char *key, bool *on, struct gz_log *log)
{
	char path[64];
	snprintf(path, sizeof path, "pdf.%s", key);
	const char *s = doc->site ? gz_value_string(doc->site, path) : NULL;
	if (!s || parse_bool(s, on))
		return true;
	setting_error(doc, path, log, "%s: '%s' is not true or false", path, s);
	return false;
}

bool
pdf_style_init(struct pdf_style *st, const struct gz_doc *doc, struct gz_log *log)
{
	memset(st, 0, sizeof *st);
	const struct paper *paper = &papers[0];
	const char *name = doc->site ? gz_value_string(doc->site, "pdf.paper") : NULL;
	if (name) {
		paper = NULL;
		for (size_t i = 0; i < GZ_ARRAY_LEN(papers); i++)
			if (strcasecmp(name, papers[i].name) == 0)
				paper = &papers[i];
		if (!paper) {
			setting_error(doc, "pdf.paper", log,
			    "pdf.paper: unknown paper '%s' (A4, A5 or Letter)", name);
			return false;
		}
	}
	st->page_w_pt = paper->w_pt;
	st->page_h_pt = paper->h_pt;
	bool small = paper->w_pt < 500;
	double margin = (small ? 15 : 22) * PDF_MM_PT;
	st->margin_left_pt = st->margin_right_pt = margin;
	st->margin_top_pt = st->margin_bottom_pt = margin;
	st->size_pt = small ? 9.5 : 10.5;
	if (!setting_length(doc, "margin", &margin, log))
		return false;
	st->margin_left_pt = st->margin_right_pt = st->margin_top_pt = st->margin_bottom_pt = margin;
	if (!setting_length(doc, "margin_top", &st->margin_top_pt, log)
	    || !setting_length(doc, "margin_bottom", &st->margin_bottom_pt, log)
	    || !setting_length(doc, "margin_left", &st->margin_left_pt, log)
	    || !setting_length(doc, "margin_right", &st->margin_right_pt, log)
	    || !setting_length(doc, "font_size", &st->size_pt, log))
		return false;
	if (st->size_pt < 4 || st->size_pt > 72) {
		setting_error(doc, "pdf.font_size", log,
		    "pdf.font_size: %.1fpt is out of range (4 to 72)", st->size_pt);
		return false;
	}
	st->body_w_pt = st->page_w_pt - st->margin_left_pt - st->margin_right_pt;
	st->body_h_pt = st->page_h_pt - st->margin_top_pt - st->margin_bottom_pt;
	if (st->body_w_pt < 72 || st->body_h_pt < 72) {
		setting_error(doc, "pdf", log, "pdf: the margins leave less than an inch for the text");
		return false;
	}

	/* Brochure pieces.  A cover when the site or the page asks for one;
	 * YAML's booleans reach us as the words. */
	const struct gz_value *page_cover = gz_value_get(doc->page, "cover");
	if (page_cover && page_cover->kind == GZ_VALUE_STRING) {
		if (!parse_bool(page_cover->string, &st->cover)) {
			gz_error(log, doc->name, page_cover->line, "cover: '%s' is not true or false",
			    page_cover->string);
			return false;
		}
	} else if (!setting_bool(doc, "cover", &st->cover, log)) {
		return false;
	}
	st->columns = 1;
	const char *columns = doc->site ? gz_value_string(doc->site, "pdf.columns") : NULL;
	if (columns) {
		if (strcmp(columns, "1") != 0 && strcmp(columns, "2") != 0) {
			setting_error(doc, "pdf.columns", log, "pdf.columns: '%s' is not 1 or 2", columns);
			return false;
		}
		st->columns = columns[0] - '0';
	}
	st->column_gap_pt = st->columns > 1 ? st->size_pt * 2 : 0;
	st->column_w_pt = (st->body_w_pt - st->column_gap_pt) / st->columns;

	st->lang = doc->lang ? doc->lang : "und";
	const char *region = cjk_suffix(st->lang, &st->cjk_lang);
	st->leading = st->cjk_lang ? 1.75 : 1.5;
	st->code_size_pt = st->size_pt * 0.86;
	static const double scale[7] = { 1, 1.9, 1.55, 1.3, 1.15, 1.05, 1.0 };
	for (int i = 1; i <= 6; i++)
		st->heading_size_pt[i] = st->size_pt * scale[i];

	static const struct { const char *latin, *cjk, *fallback; } faces[PDF_FACE_COUNT] = {
		[PDF_FACE_SERIF] = { "Noto Serif", "Noto Serif CJK", "DejaVu Serif" },
		[PDF_FACE_SANS] = { "Noto Sans", "Noto Sans CJK", "DejaVu Sans" },
		[PDF_FACE_MONO] = { "Noto Sans Mono", "Noto Sans Mono CJK", "DejaVu Sans Mono" },
	};
	for (int f = 0; f < PDF_FACE_COUNT; f++) {
		st->cjk_family[f] = gz_xasprintf("%s %s", faces[f].cjk, region);
		/* DejaVu after the CJK face: on a CJK page symbols it shares with
		 * Latin faces should come in the CJK design. */
		st->family[f] = gz_xasprintf("%s, %s, %s", faces[f].latin, st->cjk_family[f],
		    faces[f].fallback);
	}
	if (st->cjk_lang)
		st->cjk = region[0] == 'J' ? PDF_CJK_JA : region[0] == 'K' ? PDF_CJK_KO
		    : region[0] == 'T' ? PDF_CJK_HANT : PDF_CJK_HANS;
	/* Japanese sesame dots go above; Korean puts its dots above too. */
	st->dots_above = st->cjk == PDF_CJK_JA || st->cjk == PDF_CJK_KO;
	st->cjk_latin_space = true;
	return setting_bool(doc, "cjk_latin_space", &st->cjk_latin_space, log);
}

void
pdf_style_free(struct pdf_style *st)
{
	for (int f = 0; f < PDF_FACE_COUNT; f++) {
		free(st->family[f]);
		free(st->cjk_family[f]);
	}
}

void
pdf_style_chapter(struct pdf_style *st, const struct pdf_style *book)
{
	st->page_w_pt = book->page_w_pt;
	st->page_h_pt = book->page_h_pt;
	st->margin_top_pt = book->margin_top_pt;
	st->margin_bottom_pt = book->margin_bottom_pt;
	st->margin_left_pt = book->margin_left_pt;
	st->margin_right_pt = book->margin_right_pt;
	st->body_w_pt = book->body_w_pt;
	st->body_h_pt = book->body_h_pt;
	st->size_pt = book->size_pt;
	st->code_size_pt = book->code_size_pt;
	memcpy(st->heading_size_pt, book->heading_size_pt, sizeof st->heading_size_pt);
	st->safe = book->safe;
	st->cover = book->cover;
	st->columns = book->columns;
	st->column_gap_pt = book->column_gap_pt;
	st->column_w_pt = book->column_w_pt;
}
