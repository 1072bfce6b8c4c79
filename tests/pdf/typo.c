/* typo.c: the CJK typesetting of formats/pdf/typo.c, checked on the glyph
 * geometry pango hands to painting (not on pixels): the quarter em at each
 * Han-Latin boundary, compressed punctuation, justified lines whose slack is
 * spread over their characters, ragged last lines, emphasis dots.
 * TYPO_DUMP=1 prints every line's clusters with their advances. */
#include "harness.h"
#include "laid.h"
#include "pdf/blocks.h"
#include "pdf/lines.h"
#include "pdf/typo.h"

#include <stdlib.h>
#include <string.h>

/* Lays out `markdown` under `lang` (A5 paper), with `space` the value of
 * pdf.cjk_latin_space; false on failure. */
static bool
lay_out(struct laid *l, const char *markdown, const char *lang, const char *space)
{
	char *kv_lang = gz_xasprintf("page.lang=%s", lang);
	char *kv_space = gz_xasprintf("pdf.cjk_latin_space=%s", space);
	const char *const kv[] = { kv_lang, "pdf.paper=A5", kv_space, NULL };
	bool ok = laid_parse(l, markdown, kv)
	    && pdf_layout_build(&l->lo, l->doc, &l->st, l->fonts, &l->log);
	free(kv_lang);
	free(kv_space);
	return ok;
}

/* One character of a line as painting places it, in pango units. */
struct box {
	uint32_t cp;
	int pen;                /* where its advance starts */
	int ink;                /* where its glyph is drawn (pen + x_offset) */
	int advance;            /* its width in the line */
	int natural;            /* the font's advance for the glyph */
};

/* The boxes of a line atom (one glyph per character: CJK and plain Latin). */
static int
boxes(const struct pdf_atom *a, struct box *out, int cap)
{
	const struct pdf_line *line = a->line.line;
	int n = 0, x = 0;
	for (int r = 0; r < line->run_count; r++) {
		const struct pdf_run *run = &line->runs[r];
		for (int g = run->first; g < run->first + run->count && n < cap; g++) {
			const char *s = pdf_line_text(line, run->offset + pdf_line_cluster(line, g));
			PangoRectangle logical;
			pango_font_get_glyph_extents(run->font, pdf_line_glyph(line, g), NULL, &logical);
			int dx, dy;
			pdf_line_shift(line, g, &dx, &dy);
			out[n] = (struct box){ .pen = x, .ink = x + dx, .advance = pdf_line_width(line, g),
			    .natural = logical.width };
			gz_utf8_decode(s, strlen(s), &out[n].cp);
			x += pdf_line_width(line, g);
			n++;
		}
	}
	return n;
}

static void
dump(const struct laid *l)
{
	if (!getenv("TYPO_DUMP"))
		return;
	struct box b[512];
	for (size_t i = 0; i < l->lo.count; i++) {
		const struct pdf_atom *a = &l->lo.atoms[i];
		if (a->kind != PDF_ATOM_LINE)
			continue;
		int n = boxes(a, b, 512);
		fprintf(stderr, "line %zu:", i);
		for (int k = 0; k < n; k++) {
			char u[5] = {0};
			gz_utf8_encode(b[k].cp, u);
			fprintf(stderr, " %s@%.2f+%.2f/%.2f", u, pdf_pu_to_pt(b[k].ink),
			    pdf_pu_to_pt(b[k].advance), pdf_pu_to_pt(b[k].natural));
		}
		fprintf(stderr, "\n");
	}
}

/* The blank between the glyph of box a and that of the next box b: from the
 * end of a's natural advance to the start of b's. */
static int
blank(const struct box *a, const struct box *b)
{
	return b->ink - (a->ink + a->natural);
}

static bool
is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x30FF);
}

static bool
is_alnum(uint32_t cp)
{
	return cp < 0x80 && g_ascii_isalnum((char)cp);
}

/* A quarter em (10.5 pt text on A5 is 9.5 pt: 2.375 pt) at every Han-Latin
 * boundary, none between Han characters; none at all when turned off.  One
 * line each (a paragraph's last line: not justified). */
static void
test_latin_gap(void)
{
	static const char md[] = "用SPDK驱动NVMe，测5次。\n";
	const char *settings[] = { "true", "false" };
	for (int on = 0; on < 2; on++) {
		struct laid l;
		CHECK(lay_out(&l, md, "zh-CN", settings[on]));
		dump(&l);
		CHECK(l.lo.count == 1);
		struct box b[64];
		int n = boxes(&l.lo.atoms[0], b, 64);
		int quarter = pdf_pt_to_pu(l.st.size_pt * 0.25), gaps = 0;
		for (int k = 0; k + 1 < n; k++) {
			int want = -1;
			if ((is_han(b[k].cp) && is_alnum(b[k + 1].cp))
			    || (is_alnum(b[k].cp) && is_han(b[k + 1].cp)))
				want = on == 0 ? quarter : 0, gaps++;
			else if (is_han(b[k].cp) && is_han(b[k + 1].cp))
				want = 0;
			if (want >= 0 && abs(blank(&b[k], &b[k + 1]) - want) > 2) {
				fprintf(stderr, "blank %d after U+%04X, want %d\n",
				    blank(&b[k], &b[k + 1]), (unsigned)b[k].cp, want);
				CHECK(!"a wrong blank at a Han-Latin boundary");
			}
		}
		CHECK(gaps == 5);
		laid_free(&l);
	}
}

static int
pair_width(const struct box *b, int n, uint32_t first, uint32_t second)
{
	for (int k = 0; k + 1 < n; k++)
		if (b[k].cp == first && b[k + 1].cp == second)
			return b[k].advance + b[k + 1].advance;
	return -1;
}

/* Two full-width marks side by side take an em and a half. */
static void
test_punct_pairs(void)
{
	static const struct { uint32_t a, b; } pairs[] = {
		{ 0x300D, 0x3002 },     /* 」。 */
		{ 0xFF09, 0xFF0C },     /* ），*/
		{ 0x3002, 0x300C },     /* 。「 */
		{ 0xFF08, 0x300C },     /* （「 */
	};
	struct laid l;
	CHECK(lay_out(&l, "他说「好」。又说（注意），再说。「引（「文」）」\n", "zh-CN", "true"));
	dump(&l);
	struct box b[64];
	int n = boxes(&l.lo.atoms[0], b, 64);
	int em = pdf_pt_to_pu(l.st.size_pt);
	for (size_t i = 0; i < GZ_ARRAY_LEN(pairs); i++) {
		int w = pair_width(b, n, pairs[i].a, pairs[i].b);
		if (abs(w - em * 3 / 2) > 4) {
			fprintf(stderr, "pair U+%04X U+%04X: %.2f pt, want %.2f\n", (unsigned)pairs[i].a,
			    (unsigned)pairs[i].b, pdf_pu_to_pt(w), l.st.size_pt * 1.5);
			CHECK(!"an uncompressed punctuation pair");
		}
	}
	/* A mark beside a Han character keeps its em. */
	CHECK(abs(pair_width(b, n, 0x8BF4, 0x300C) - 2 * em) <= 4);      /* 说「 */
	laid_free(&l);
}

static bool
is_closing(uint32_t cp)
{
	static const uint32_t closers[] = { 0x3002, 0xFF0C, 0x300D, 0x3001, 0xFF09, 0xFF01, 0xFF1A };
	for (size_t i = 0; i < GZ_ARRAY_LEN(closers); i++)
		if (cp == closers[i])
			return true;
	return false;
}

/*
 * Justified: every line but the last fills the column to a few pango units,
 * its slack spread over most of its Han characters, never more than 0.09 em
 * each, a word space taking no more than a character's share until that cap
 * binds (also on lines with a Latin word and a space); the last line is
 * ragged and unstretched.  No line starts with closing punctuation; a
 * closing mark at a line end and an opening bracket at a line start are
 * half-width.  The prefix grows so that each mark meets a line edge.
 */
static void
test_justify(void)
{
	static const char sentence[] = "「用户态」驱动绕过内核，使用 USENIX ATC'20 中的方法，"
	    "SPDK 的性能（吞吐）提升了三倍。";
	int lines = 0, spread = 0, end_marks = 0, start_brackets = 0, ragged_lines = 0;
	for (int prefix = 0; prefix < 24; prefix++) {
		struct gz_buf md = {0};
		for (int i = 0; i < prefix; i++)
			gz_buf_puts(&md, "字");
		for (int i = 0; i < 6; i++)
			gz_buf_puts(&md, sentence);
		gz_buf_putc(&md, '\n');
		struct laid l;
		CHECK(lay_out(&l, md.data, "zh-CN", "true"));
		if (prefix == 0)
			dump(&l);
		int width = pdf_pt_to_pu(l.st.body_w_pt), em = pdf_pt_to_pu(l.st.size_pt);
		for (size_t i = 0; i < l.lo.count; i++) {
			const struct pdf_atom *a = &l.lo.atoms[i];
			struct box b[256];
			int n = boxes(a, b, 256), sum = 0, han = 0, grown = 0, most_han = 0, most_space = 0;
			for (int k = 0; k < n; k++) {
				sum += b[k].advance;
				int extra = b[k].advance - b[k].natural;
				if (is_han(b[k].cp) && k + 1 < n && !is_alnum(b[k + 1].cp)) {
					han++;
					grown += extra > 0;
					if (extra > most_han)
						most_han = extra;
				}
				if (b[k].cp == ' ' && extra > most_space)
					most_space = extra;
			}
			bool last = i + 1 == l.lo.count;
			lines++;
			/* A line whose Han characters would need more than 0.09 em
			 * each (before an unbreakable Latin word) stays ragged. */
			bool ragged = !last && grown == 0 && width - sum > han * em * 9 / 100;
			ragged_lines += ragged;
			if (!last && !ragged) {
				CHECK(abs(sum - width) <= 4);
				if (abs(sum - width) > 4)
					fprintf(stderr, "line %zu: %d pu, column %d: %.*s\n", i, sum, width,
					    a->line.line->length,
					    pdf_line_text(a->line.line, a->line.line->start));
				/* a CJK character's share stays under the 0.09 em an
				 * extractor would read as a space; the word space takes
				 * no more unless that cap binds */
				CHECK(most_han <= em * 9 / 100 + 1);
				CHECK(most_space <= most_han + 2 || most_han >= em * 9 / 100 - 2);
				spread += 2 * grown > han;
			} else {
				CHECK(sum < width);
				CHECK(grown == 0);
			}
			CHECK(!is_closing(b[0].cp));
			if (is_closing(b[n - 1].cp)) {
				end_marks++;
				CHECK(abs(b[n - 1].advance - em / 2) <= 2);
			}
			if (b[0].cp == 0x300C || b[0].cp == 0xFF08) {
				start_brackets++;
				CHECK(b[0].ink == -em / 2 && b[0].advance - em / 2 <= em / 10);
			}
		}
		laid_free(&l);
		gz_buf_free(&md);
	}
	CHECK(lines > 100);
	CHECK(ragged_lines < lines / 10);
	CHECK(spread > 50);
	CHECK(end_marks > 10);
	CHECK(start_brackets > 2);
}

/* Japanese too: a line of kana and kanji with a Latin word is spread, and
 * its Latin gaps stay a quarter em. */
static void
test_japanese(void)
{
	struct laid l;
	CHECK(lay_out(&l, "和文の中にSPDKやNVMeのような欧文が入るときは、四分アキを入れると読み"
	    "やすくなります。詳しくはW3Cの日本語組版処理の要件を参照してください。\n", "ja", "true"));
	dump(&l);
	CHECK(l.lo.count >= 2);
	struct box b[128];
	int n = boxes(&l.lo.atoms[0], b, 128), sum = 0;
	for (int k = 0; k < n; k++)
		sum += b[k].advance;
	CHECK(abs(sum - pdf_pt_to_pu(l.st.body_w_pt)) <= 4);
	int quarter = pdf_pt_to_pu(l.st.size_pt * 0.25), gaps = 0;
	for (int k = 0; k + 1 < n; k++)
		if (is_han(b[k].cp) && b[k + 1].cp == 'S') {
			gaps++;
			CHECK(blank(&b[k], &b[k + 1]) >= quarter - 2);
		}
	CHECK(gaps == 1);
	laid_free(&l);
}

/* Emphasis: dots for the CJK characters (below in Chinese, above in
 * Japanese), italic only for the Latin ones; the text is unchanged. */
static void
test_emphasis(void)
{
	static const struct { const char *lang; bool above; } langs[] = {
		{ "zh-CN", false }, { "ja", true }, { "ko", true },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(langs); i++) {
		struct laid l;
		CHECK(lay_out(&l, "这是*强调 and more*。\n", langs[i].lang, "true"));
		const struct pdf_text *t = l.lo.atoms[0].line.text;
		const struct pdf_line *line = l.lo.atoms[0].line.line;
		CHECK_STR(pdf_line_text(line, line->start), "这是强调 and more。");
		CHECK(t->dot_count == 1 && t->dots[0].start == 6 && t->dots[0].end == 21);
		CHECK(t->dots_above == langs[i].above);
		/* Italic faces set the Latin text, not the CJK. */
		bool italic_cjk = false, italic_latin = false;
		for (int r = 0; r < line->run_count; r++) {
			const struct pdf_run *run = &line->runs[r];
			PangoFontDescription *fd = pango_font_describe(run->font);
			bool italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL;
			pango_font_description_free(fd);
			for (int k = run->offset; italic && k < run->offset + run->length;) {
				const char *s = pdf_line_text(line, k);
				uint32_t cp;
				k += (int)gz_utf8_decode(s, strlen(s), &cp);
				italic_cjk |= gz_is_cjk(cp);
				italic_latin |= cp == 'a';
			}
		}
		CHECK(!italic_cjk);
		CHECK(italic_latin);
		CHECK(pdf_typo_dotted(0x5F3A) && !pdf_typo_dotted(0x3002) && !pdf_typo_dotted('a'));
		laid_free(&l);
	}
}

/* Headings keep pango's rules: no closing mark starts a line, no opening
 * bracket ends one. */
static void
test_heading_kinsoku(void)
{
	int lines = 0;
	for (int prefix = 0; prefix < 12; prefix++) {
		struct gz_buf md = {0};
		gz_buf_puts(&md, "# ");
		for (int i = 0; i < prefix; i++)
			gz_buf_puts(&md, "字");
		gz_buf_puts(&md, "「用户态」驱动，绕过内核。（固态硬盘）SPDK，結論：快。\n");
		struct laid l;
		CHECK(lay_out(&l, md.data, "zh-CN", "true"));
		for (size_t i = 0; i < l.lo.count; i++) {
			struct box b[128];
			int n = boxes(&l.lo.atoms[i], b, 128);
			lines++;
			CHECK(!is_closing(b[0].cp));
			CHECK(b[n - 1].cp != 0x300C && b[n - 1].cp != 0xFF08);
		}
		laid_free(&l);
		gz_buf_free(&md);
	}
	CHECK(lines > 24);
}

/*
 * A short Japanese or Chinese line before a long unbreakable run (a code
 * span, a long word, one that must itself be broken) is left ragged: no
 * blank between two CJK characters beyond the cap justification keeps
 * (0.09 em, well within the 0.5 em JIS X 4051 allows), where it used to be
 * spread to an em (は 番 号 付 き in every reader).  Lines before and after
 * the run are still filled where the cap allows.
 */
static void
test_long_runs(void)
{
	static const struct {
		const char *lang, *md;
	} cases[] = {
		{ "ja", "- これは番号付きパラメータの説明で、次の識別子 "
		    "`gazette_pdf_layout_paragraph_with_a_very_long_identifier_name` を使います。\n"
		    "- 二つ目の項目は短いです。\n" },
		{ "ja", "これは番号付きパラメータの説明で、次の単語 "
		    "Pneumonoultramicroscopicsilicovolcanoconiosisandmoreletters を使います。"
		    "これは番号付きパラメータの説明です。\n" },
		{ "zh-CN", "这是一个很长的参数说明，下面的代码 `" "0123456789abcdefghij0123456789abcdefghij"
		    "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij` 必须被拆开。"
		    "这是一个很长的参数说明，后面还有更多的文字。\n" },
	};
	for (size_t c = 0; c < GZ_ARRAY_LEN(cases); c++) {
		struct laid l;
		CHECK(lay_out(&l, cases[c].md, cases[c].lang, "true"));
		dump(&l);
		int width = pdf_pt_to_pu(l.st.body_w_pt), em = pdf_pt_to_pu(l.st.size_pt);
		int ragged = 0, cjk_lines = 0;
		for (size_t i = 0; i < l.lo.count; i++) {
			const struct pdf_atom *a = &l.lo.atoms[i];
			if (a->kind != PDF_ATOM_LINE)
				continue;
			struct box b[256];
			int n = boxes(a, b, 256), sum = 0;
			for (int k = 0; k < n; k++) {
				sum += b[k].advance;
				if (k + 1 < n && is_han(b[k].cp) && is_han(b[k + 1].cp)) {
					int gap = blank(&b[k], &b[k + 1]);
					CHECK(gap <= em * 9 / 100 + 1);
					if (gap > em * 9 / 100 + 1)
						fprintf(stderr, "case %zu line %zu: %.2f pt between CJK "
						    "characters\n", c, i, pdf_pu_to_pt(gap));
				}
			}
			if (n > 0 && is_han(b[0].cp)) {
				cjk_lines++;
				ragged += sum < width - em;
			}
		}
		CHECK(cjk_lines >= 2);
		CHECK(ragged >= 1);     /* the line before the run, and the last */
		laid_free(&l);
	}
}

int
main(void)
{
	/* TYPO_MD=text TYPO_LANG=ja: dump that text's lines only (for a look). */
	if (getenv("TYPO_MD")) {
		struct laid l;
		bool ok = lay_out(&l, getenv("TYPO_MD"), getenv("TYPO_LANG") ? getenv("TYPO_LANG")
		    : "zh-CN", "true");
		if (ok)
			dump(&l);
		laid_free(&l);
		return ok ? 0 : 1;
	}
	test_latin_gap();
	test_punct_pairs();
	test_justify();
	test_japanese();
	test_emphasis();
	test_heading_kinsoku();
	test_long_runs();
	return HARNESS_DONE();
}
