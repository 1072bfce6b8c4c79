/* units.c: line breaking, keeps and regional glyphs, checked on the layout
 * (atoms and glyph ids), not on pixels. */
#include "harness.h"
#include "laid.h"
#include "pdf/blocks.h"
#include "pdf/inline.h"
#include "pdf/lines.h"
#include "pdf/links.h"
#include "pdf/measure.h"
#include "pdf/paginate.h"
#include "pdf/subset.h"
#include "pdf/table.h"

#include <stdlib.h>
#include <string.h>

/* Lays out `markdown` under `lang` on `paper`, paginated; false on failure. */
static bool
lay_out(struct laid *l, const char *markdown, const char *lang, const char *paper)
{
	char *kv_lang = gz_xasprintf("page.lang=%s", lang);
	char *kv_paper = gz_xasprintf("pdf.paper=%s", paper);
	const char *const kv[] = { kv_lang, kv_paper, NULL };
	bool ok = laid_parse(l, markdown, kv)
	    && pdf_layout_build(&l->lo, l->doc, &l->st, l->fonts, &l->log);
	if (ok)
		pdf_paginate(&l->lo, &l->st, &l->pages);
	free(kv_lang);
	free(kv_paper);
	return ok;
}

static const char *
line_text(const struct pdf_atom *a, int *len)
{
	*len = a->line.line->length;
	return pdf_line_text(a->line.line, a->line.line->start);
}

/* A glyph run of a painted line, and the line. */
struct line_run {
	const struct pdf_line *line;
	const struct pdf_run *run;
};

/* The glyph runs of every line laid out, in order (the array owns nothing). */
static GArray *
line_runs(const struct laid *l)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(struct line_run));
	for (size_t i = 0; i < l->lo.count; i++) {
		const struct pdf_atom *a = &l->lo.atoms[i];
		if (a->kind != PDF_ATOM_LINE)
			continue;
		for (int r = 0; r < a->line.line->run_count; r++) {
			struct line_run lr = { a->line.line, &a->line.line->runs[r] };
			g_array_append_val(runs, lr);
		}
	}
	return runs;
}

/* Closing punctuation never starts a line; SPDK and NVMe are never split.
 * The prefix grows one character at a time, so every character of the
 * sentence falls at a line start in some run. */
static void
test_kinsoku(void)
{
	static const char *const closers[] = { "。", "，", "」", "、", "）", "！", "：" };
	static const char sentence[] = "「用户态」驱动，绕过内核。SPDK与NVMe（固态硬盘）！结论：快。";
	int lines_checked = 0;
	for (int n = 0; n < 40; n++) {
		struct gz_buf md = {0};
		for (int i = 0; i < n; i++)
			gz_buf_puts(&md, "字");
		for (int i = 0; i < 12; i++)
			gz_buf_puts(&md, sentence);
		gz_buf_putc(&md, '\n');
		struct laid l;
		CHECK(lay_out(&l, md.data, "zh-CN", "A5"));
		for (size_t i = 0; i < l.lo.count; i++) {
			const struct pdf_atom *a = &l.lo.atoms[i];
			if (a->kind != PDF_ATOM_LINE)
				continue;
			int len;
			const char *s = line_text(a, &len);
			lines_checked++;
			for (size_t k = 0; k < GZ_ARRAY_LEN(closers); k++) {
				size_t cl = strlen(closers[k]);
				if ((size_t)len >= cl && memcmp(s, closers[k], cl) == 0) {
					fprintf(stderr, "line starts with %s: %.*s\n", closers[k], len, s);
					CHECK(!"closing punctuation at a line start");
				}
			}
			if (len >= 3 && memcmp(s + len - 3, "「", 3) == 0)
				CHECK(!"an opening bracket at a line end");
			if ((len >= 3 && (memcmp(s, "PDK", 3) == 0 || memcmp(s, "VMe", 3) == 0
			    || memcmp(s, "DK", 2) == 0 || memcmp(s, "Me", 2) == 0))
			    || (len >= 1 && (s[len - 1] == 'S' || s[len - 1] == 'N'))) {
				fprintf(stderr, "a word split: %.*s\n", len, s);
				CHECK(!"SPDK or NVMe split across lines");
			}
		}
		laid_free(&l);
		gz_buf_free(&md);
	}
	CHECK(lines_checked > 200);
}

static bool
is_heading(const struct pdf_atom *a)
{
	return a->elem && a->elem->tag[0] == 'H' && a->elem->tag[1] >= '1' && a->elem->tag[1] <= '6';
}

/* A heading is never the last line of a page, also in a chain of headings
 * before a quote; paragraphs keep two lines on each side of a break. */
static void
test_keeps(void)
{
	int pages_checked = 0;
	for (int filler = 0; filler < 24; filler++) {
		struct gz_buf md = {0};
		for (int i = 0; i < filler; i++)
			gz_buf_puts(&md, "填充段落，一行文字。\n\n");
		for (int s = 0; s < 6; s++)
			gz_buf_printf(&md, "## 第%d节\n\n### 小节\n\n> 引用的文字，很长很长的一段引用，它会折行成好几行，"
			    "这样才能检验分页时是否保留了足够的行数，以及标题是否跟着正文一起走。\n\n"
			    "正文段落，同样需要好几行才能写完，这样分页的位置才会落在段落中间，从而检验孤行和寡行的"
			    "规则是否得到遵守，每一页的开头和结尾都至少有两行。\n\n", s);
		struct laid l;
		CHECK(lay_out(&l, md.data, "zh-CN", "A5"));
		for (size_t p = 0; p < l.pages.count; p++) {
			const struct pdf_page *pg = &l.pages.pages[p];
			if (pg->end == pg->first)
				continue;
			pages_checked++;
			const struct pdf_atom *last = &l.lo.atoms[pg->end - 1];
			if (pg->end < l.lo.count && is_heading(last)) {
				fprintf(stderr, "page %zu ends with a heading (filler %d)\n", p + 1, filler);
				CHECK(!"a heading at the foot of a page");
			}
			/* widows and orphans: the same text on both sides of a break
			 * has at least two lines on each */
			if (pg->end < l.lo.count && last->kind == PDF_ATOM_LINE
			    && l.lo.atoms[pg->end].kind == PDF_ATOM_LINE
			    && l.lo.atoms[pg->end].line.text == last->line.text) {
				size_t before = 0, after = 0;
				for (size_t i = pg->end; i-- > 0 && l.lo.atoms[i].kind == PDF_ATOM_LINE
				    && l.lo.atoms[i].line.text == last->line.text;)
					before++;
				for (size_t i = pg->end; i < l.lo.count && l.lo.atoms[i].kind == PDF_ATOM_LINE
				    && l.lo.atoms[i].line.text == last->line.text; i++)
					after++;
				CHECK(before >= 2 && after >= 2);
			}
		}
		laid_free(&l);
		gz_buf_free(&md);
	}
	CHECK(pages_checked > 24);
}

/* The glyph ids of the first line's text. */
static void
glyph_ids(const struct laid *l, struct gz_buf *out)
{
	for (size_t i = 0; i < l->lo.count; i++) {
		const struct pdf_atom *a = &l->lo.atoms[i];
		if (a->kind != PDF_ATOM_LINE)
			continue;
		for (int g = 0; g < a->line.line->glyph_count; g++)
			gz_buf_printf(out, "%u ", pdf_line_glyph(a->line.line, g));
		return;
	}
}

/* The same Han characters take each region's forms. */
static void
test_regional_glyphs(void)
{
	static const char *const langs[] = { "zh-CN", "zh-TW", "ja", "ko" };
	char *ids[GZ_ARRAY_LEN(langs)];
	for (size_t i = 0; i < GZ_ARRAY_LEN(langs); i++) {
		struct laid l;
		CHECK(lay_out(&l, "骨直刃次化令\n", langs[i], "A4"));
		struct gz_buf b = {0};
		glyph_ids(&l, &b);
		gz_buf_append(&b, "", 0);
		ids[i] = gz_buf_detach(&b, NULL);
		CHECK(strlen(ids[i]) > 0 && !strstr(ids[i], "268435455"));
		laid_free(&l);
	}
	for (size_t i = 0; i < GZ_ARRAY_LEN(langs); i++) {
		for (size_t j = i + 1; j < GZ_ARRAY_LEN(langs); j++) {
			if (strcmp(ids[i], ids[j]) == 0)
				fprintf(stderr, "%s and %s use the same glyphs: %s\n", langs[i], langs[j], ids[i]);
			CHECK(strcmp(ids[i], ids[j]) != 0);
		}
	}
	for (size_t i = 0; i < GZ_ARRAY_LEN(langs); i++)
		free(ids[i]);
}

/* pango measures glyphs with HarfBuzz, as its shaping font has them: the
 * advance of every glyph, the line's width their sum; the ink box is the
 * logical one (see fonts.c).  (Should pango's cairo font class change,
 * fonts.c's shortcut no longer applies and the first check says so.) */
static void
test_harfbuzz_measures(void)
{
	struct laid l;
	CHECK(lay_out(&l, "SPDK 用户案例：NVMe 与「存储」。\n", "zh-CN", "A4"));
	GArray *runs = line_runs(&l);
	for (unsigned i = 0; i < runs->len; i++) {
		const struct line_run *lr = &g_array_index(runs, struct line_run, i);
		PangoFont *font = lr->run->font;
		CHECK(pdf_fonts_measured_by_harfbuzz(font));
		hb_font_t *hb = pango_font_get_hb_font(font);
		for (int g = 0; g < lr->run->count; g++) {
			PangoGlyph glyph = pdf_line_glyph(lr->line, lr->run->first + g);
			PangoRectangle ink, logical;
			pango_font_get_glyph_extents(font, glyph, &ink, &logical);
			hb_font_extents_t fe;
			CHECK(hb_font_get_h_extents(hb, &fe));
			CHECK(logical.width == hb_font_get_glyph_h_advance(hb, glyph));
			CHECK(logical.y == -fe.ascender);
			CHECK(logical.height == fe.ascender - fe.descender);
			CHECK(memcmp(&ink, &logical, sizeof ink) == 0);
		}
	}
	CHECK(runs->len >= 2);
	g_array_free(runs, TRUE);
	laid_free(&l);
}

/* The fonts of another font map (a program's own, in a process that made a
 * PDF through libgazette) keep pango's measures: a real ink box, and an
 * approximate character width in their metrics. */
static void
test_foreign_fonts(void)
{
	struct laid l;
	CHECK(lay_out(&l, "Text 文字.\n", "zh-CN", "A4"));
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	PangoContext *context = pango_font_map_create_context(map);
	PangoFontDescription *desc = pango_font_description_from_string("Serif 20");
	PangoFont *font = pango_font_map_load_font(map, context, desc);
	CHECK(font != NULL);
	if (font) {
		CHECK(!pdf_fonts_measured_by_harfbuzz(font));
		hb_codepoint_t glyph;
		CHECK(hb_font_get_nominal_glyph(pango_font_get_hb_font(font), 'a', &glyph));
		PangoRectangle ink, logical;
		pango_font_get_glyph_extents(font, glyph, &ink, &logical);
		CHECK(logical.width > 0 && ink.height > 0 && ink.height < logical.height);
		PangoFontMetrics *m = pango_font_get_metrics(font, pango_language_from_string("en"));
		CHECK(pango_font_metrics_get_approximate_char_width(m) > 0);
		pango_font_metrics_unref(m);
		g_object_unref(font);
	}
	pango_font_description_free(desc);
	g_object_unref(context);
	g_object_unref(map);
	laid_free(&l);
}

/* The metrics gazette gives pango's fonts are pango's own but for the
 * approximate widths, which it leaves at 0 (no sample sentence laid out):
 * the same ascent, descent, height, underline and strikethrough lines, for
 * CJK and Latin faces, serif, sans and mono, regular and bold. */
static void
test_base_metrics(void)
{
	struct laid l;
	CHECK(lay_out(&l, "# 标题 Title\n\nSPDK 用户案例 **粗体 bold** 与 `code 代码` ~~删除~~。\n",
	    "zh-CN", "A4"));
	GArray *runs = line_runs(&l);
	GHashTable *fonts = g_hash_table_new(NULL, NULL);
	for (unsigned i = 0; i < runs->len; i++) {
		PangoFont *font = g_array_index(runs, struct line_run, i).run->font;
		if (!g_hash_table_add(fonts, font))
			continue;
		PangoLanguage *lang = pango_language_from_string(l.st.lang);
		PangoFontMetrics *ours = pango_font_get_metrics(font, lang);
		PangoFontClass *fc = g_type_class_peek_parent(PANGO_FONT_GET_CLASS(font));
		PangoFontMetrics *pangos = fc->get_metrics(font, lang);
		CHECK(ours->ascent == pangos->ascent && ours->descent == pangos->descent);
		CHECK(ours->height == pangos->height);
		CHECK(ours->underline_position == pangos->underline_position);
		CHECK(ours->underline_thickness == pangos->underline_thickness);
		CHECK(ours->strikethrough_position == pangos->strikethrough_position);
		CHECK(ours->strikethrough_thickness == pangos->strikethrough_thickness);
		CHECK(ours->approximate_char_width == 0 && pangos->approximate_char_width > 0);
		pango_font_metrics_unref(ours);
		pango_font_metrics_unref(pangos);
	}
	CHECK(g_hash_table_size(fonts) >= 5);
	g_hash_table_destroy(fonts);
	g_array_free(runs, TRUE);
	laid_free(&l);
}

/* A table across pages repeats its header row; the header never ends a page. */
static void
test_table_header(void)
{
	struct gz_buf md = {0};
	gz_buf_puts(&md, "| a | b |\n|---|---|\n");
	for (int i = 0; i < 120; i++)
		gz_buf_printf(&md, "| %d | cell |\n", i);
	struct laid l;
	CHECK(lay_out(&l, md.data, "en", "A5"));
	CHECK(l.pages.count >= 3);
	for (size_t p = 1; p < l.pages.count; p++)
		CHECK(l.pages.pages[p].header_row >= 0
		    && l.lo.atoms[l.pages.pages[p].header_row].row->header);
	CHECK(l.pages.pages[0].header_row == -1);
	for (size_t p = 0; p < l.pages.count; p++) {
		const struct pdf_atom *last = &l.lo.atoms[l.pages.pages[p].end - 1];
		CHECK(!(last->kind == PDF_ATOM_ROW && last->row->header));
	}
	laid_free(&l);
	gz_buf_free(&md);
}

static void
test_uri(void)
{
	char *s = pdf_uri_attr("https://例え.jp/a b?q='x'\\y)%41%zz");
	CHECK_STR(s, "https://%E4%BE%8B%E3%81%88.jp/a%20b?q=%27x%27%5Cy%29%41%25zz");
	free(s);
}

/* Outline titles carry no white space at their ends, also when a soft
 * break comes before an image or raw HTML that has no text. */
static void
test_outline_titles(void)
{
	static const char md[] = "Title\n<span></span>\n===\n\n# Zed ![](none.png)\n\n"
	    "#   Two   spaces\n";
	static const char *const want[] = { "Title", "Zed", "Two spaces" };
	struct laid l;
	CHECK(lay_out(&l, md, "en", "A4"));
	size_t found = 0;
	for (size_t i = 0; i < l.lo.count; i++) {
		const struct pdf_heading *h = l.lo.atoms[i].heading;
		if (!h)
			continue;
		CHECK(found < GZ_ARRAY_LEN(want));
		if (found < GZ_ARRAY_LEN(want))
			CHECK_STR(h->title, want[found]);
		found++;
	}
	CHECK(found == GZ_ARRAY_LEN(want));
	laid_free(&l);
}

/* pdf_fonts_subset cuts every face a layout noted (two at a time): each run
 * then draws with a subset face holding all its glyphs, and the subsets were
 * made there, not on the first draw: a glyph noted afterwards is not in its
 * face's subset. */
static void
test_subset_faces(void)
{
	struct laid l;
	CHECK(lay_out(&l, "# 标题 Title\n\n正文 *强调* **粗体** body text 与 `code` 「存储」。\n", "zh-CN",
	    "A4"));
	pdf_fonts_subset(l.fonts);
	/* 鑫 is in no line: noted after pdf_fonts_subset, it is not in its face's
	 * subset, even though no face has been drawn with yet. */
	struct pdf_text *late = pdf_plain_text(&l.st, l.fonts, "鑫", PDF_FACE_SERIF, false,
	    l.st.size_pt, -1);
	pdf_fonts_note_layout(l.fonts, late->layout, 0);
	PangoLayoutLine *line = pango_layout_get_line_readonly(late->layout, 0);
	CHECK(line && line->runs);
	if (line && line->runs) {
		const PangoGlyphItem *run = line->runs->data;
		const void *map = NULL;
		unsigned id;
		CHECK(pdf_fonts_cairo_font(l.fonts, run->item->analysis.font, &map) != NULL);
		CHECK(map != NULL && !pdf_fonts_map_glyph(map, run->glyphs->glyphs[0].glyph, &id));
	}
	pdf_text_free(late);
	GHashTable *faces = g_hash_table_new(NULL, NULL);
	size_t glyphs = 0;
	GArray *runs = line_runs(&l);
	for (unsigned i = 0; i < runs->len; i++) {
		const struct line_run *lr = &g_array_index(runs, struct line_run, i);
		PangoFont *font = lr->run->font;
		const void *map = NULL;
		CHECK(pdf_fonts_cairo_font(l.fonts, font, &map) != NULL);
		CHECK(map != NULL);
		g_hash_table_add(faces, hb_font_get_face(pango_font_get_hb_font(font)));
		for (int g = 0; g < lr->run->count; g++) {
			unsigned id;
			PangoGlyph glyph = pdf_line_glyph(lr->line, lr->run->first + g);
			if (glyph == PANGO_GLYPH_EMPTY)
				continue;
			CHECK(pdf_fonts_map_glyph(map, glyph, &id));
			glyphs++;
		}
	}
	/* CJK and Latin faces, serif and sans: work for both threads */
	CHECK(g_hash_table_size(faces) >= 3);
	CHECK(glyphs > 30);
	g_array_free(runs, TRUE);
	g_hash_table_destroy(faces);
	laid_free(&l);
}

/* An id attribute on any node (raw HTML's <a id>, kramdown's {#id}) is a
 * destination at the node's first atom, and a #id link to it goes there;
 * a link to an id nothing has is text, with a warning. */
static void
test_id_anchors(void)
{
	struct laid l;
	const char *const kv[] = { "page.lang=en", NULL };
	CHECK(laid_parse(&l, "See [the licence](#license) and [gone](#gone).\n\nMiddle.\n\n"
	    "The licence text.\n", kv));
	gz_node_set_attr(l.doc->root->last, "id", "license");
	CHECK(pdf_layout_build(&l.lo, l.doc, &l.st, l.fonts, &l.log));
	const struct pdf_atom *anchored = NULL;
	for (size_t i = 0; i < l.lo.count; i++)
		if (l.lo.atoms[i].anchors)
			anchored = &l.lo.atoms[i];
	CHECK(anchored && anchored->kind == PDF_ATOM_LINE);
	if (anchored) {
		CHECK_STR(pdf_line_text(anchored->line.line, anchored->line.line->start),
		    "The licence text.");
		const struct pdf_text *first = l.lo.atoms[0].line.text;
		CHECK(first->link_count == 1);
		char *want = gz_xasprintf("dest='%s'", anchored->anchors->name);
		if (first->link_count == 1)
			CHECK_STR(first->links[0].attrs, want);
		free(want);
	}
	CHECK(l.log.warnings == 1);
	laid_free(&l);
}

/* A painted line keeps what pango's line says, in 16 bits where it fits
 * and in 32 where it does not: a line of more than 64 KB (no width), an
 * unknown glyph, an inline picture wider than 32 pt. */
static void
test_painted_lines(void)
{
	struct laid l;
	CHECK(lay_out(&l, "Short.\n", "en", "A4"));
	struct gz_buf b = {0};
	for (int i = 0; i < 7000; i++)
		gz_buf_puts(&b, "word \xF0\x9D\x92\x9C ");  /* U+1D49C: no font has it */
	struct pdf_text *t = pdf_plain_text(&l.st, l.fonts, b.data, PDF_FACE_SERIF, false,
	    l.st.size_pt, -1);
	PangoLayoutLine *pl = pango_layout_get_line_readonly(t->layout, 0);
	struct pdf_line *line = pdf_line_new(t->layout, pl);
	CHECK(pango_layout_get_line_count(t->layout) == 1 && pl->length > 65535);
	CHECK(line->wide[PDF_LINE_CLUSTERS] && line->wide[PDF_LINE_IDS]);
	CHECK(!line->wide[PDF_LINE_WIDTHS]);
	CHECK(line->length == pl->length
	    && memcmp(pdf_line_text(line, line->start), b.data, b.len) == 0);
	int g = 0, r = 0, same = 1;
	for (GSList *s = pl->runs; s; s = s->next, r++) {
		const PangoGlyphItem *run = s->data;
		same &= line->runs[r].offset == run->item->offset
		    && line->runs[r].count == run->glyphs->num_glyphs;
		for (int k = 0; k < run->glyphs->num_glyphs; k++, g++) {
			const PangoGlyphInfo *gi = &run->glyphs->glyphs[k];
			int dx, dy;
			pdf_line_shift(line, g, &dx, &dy);
			same &= pdf_line_glyph(line, g) == gi->glyph
			    && pdf_line_width(line, g) == gi->geometry.width
			    && pdf_line_cluster(line, g) == run->glyphs->log_clusters[k]
			    && dx == gi->geometry.x_offset && dy == gi->geometry.y_offset;
		}
	}
	CHECK(same && r == line->run_count && g == line->glyph_count);
	pdf_line_free(line);
	pdf_text_free(t);
	gz_buf_free(&b);
	laid_free(&l);
}

int
main(void)
{
	test_uri();
	test_id_anchors();
	test_kinsoku();
	test_keeps();
	test_regional_glyphs();
	test_harfbuzz_measures();
	test_base_metrics();
	test_foreign_fonts();
	test_table_header();
	test_outline_titles();
	test_subset_faces();
	test_painted_lines();
	return HARNESS_DONE();
}
