/* brochure.c: the brochure pieces checked on the layout: two columns (no
 * atom crosses the gap or leaves the page; headings of level 1 and 2 and the
 * title block span), and the contents' page numbers against the pages the
 * headings land on, before and after the body grows. */
#include "harness.h"
#include "laid.h"
#include "pdf/book.h"
#include "pdf/cover.h"
#include "pdf/lines.h"
#include "pdf/table.h"

#include <stdlib.h>
#include <string.h>

/* Lays out `markdown` with the --set values `kv` (KEY=VALUE, NULL-ended) as
 * the PDF backend does, with contents when `toc`; false on failure. */
static bool
lay_out(struct laid *l, const char *markdown, const char *const *kv, bool toc)
{
	return laid_parse(l, markdown, kv)
	    && pdf_book_build(&l->lo, &l->pages, &l->doc, 1, &l->st, l->fonts, toc, &l->log);
}

/* The horizontal extent of what an atom draws, from the text block's left. */
static void
extent(const struct pdf_atom *a, double dx, double *left, double *right)
{
	*left = *right = a->x_pt + dx;
	switch (a->kind) {
	case PDF_ATOM_LINE: {
		*left += pdf_pu_to_pt(a->line.line_x_pu);
		*right = *left + pdf_pu_to_pt(a->line.line->logical.width);
		break;
	}
	case PDF_ATOM_RULE:
		*right += a->rule.w_pt;
		break;
	case PDF_ATOM_IMAGE:
		*right += a->image.w_pt;
		break;
	case PDF_ATOM_ROW:
		*right += a->row->x_pt[a->row->columns - 1] + a->row->w_pt[a->row->columns - 1];
		break;
	default:
		break;
	}
}

static const char *const two_columns[] = { "page.lang=en", "page.title=Leaflet",
	"pdf.columns=2", "pdf.paper=A5", NULL };

/* Every atom inside its column (or across both when it spans), on its page;
 * headings of level 1 and 2 span, deeper ones do not. */
static void
check_columns(const char *markdown, const char *const *kv)
{
	struct laid l;
	CHECK(lay_out(&l, markdown, kv, false));
	const struct pdf_style *st = &l.st;
	CHECK(st->columns == 2);
	double col2 = st->column_w_pt + st->column_gap_pt, slack = 0.01;
	size_t in_col2 = 0, spans = 0;
	for (size_t p = 0; p < l.pages.count; p++) {
		for (size_t i = l.pages.pages[p].first; i < l.pages.pages[p].end; i++) {
			const struct pdf_atom *a = &l.lo.atoms[i];
			double dx = l.pages.dx_pt[i], left, right;
			extent(a, dx, &left, &right);
			CHECK(l.pages.y_pt[i] + a->h_pt <= st->body_h_pt + slack);
			CHECK(left >= -slack && right <= st->body_w_pt + slack);
			const char *tag = a->elem ? a->elem->tag : "";
			bool wide_heading = strcmp(tag, "H1") == 0 || strcmp(tag, "H2") == 0;
			if (wide_heading || (a->heading && a->heading->level <= 2)) {
				CHECK(a->span && dx == 0);
				spans++;
			} else if (a->heading) {
				CHECK(!a->span);
			}
			if (a->span)
				continue;
			if (dx == 0) {
				if (right > st->column_w_pt + slack)
					fprintf(stderr, "  crosses the gap: atom %zu, right edge %.2f\n", i, right);
				CHECK(right <= st->column_w_pt + slack);
			} else {
				CHECK(dx == col2);
				CHECK(left >= col2 - slack);
				in_col2++;
			}
		}
	}
	CHECK(in_col2 > 0);
	CHECK(spans > 0);
	laid_free(&l);
}

static void
test_columns(void)
{
	struct gz_buf md = {0};
	gz_buf_puts(&md, "# One\n\nSome text before the second heading.\n\n## Two\n\n");
	for (int i = 0; i < 40; i++) {
		gz_buf_printf(&md, "### Part %d\n\nA paragraph of some length that wraps over "
		    "several lines in a narrow column, number %d, with "
		    "averyveryveryverylongwordthatmustbebrokensomewhere in it.\n\n", i, i);
		if (i % 7 == 0)
			gz_buf_puts(&md, "> A quote in the flow.\n\n```\ncode that is long enough to "
			    "wrap inside its box in a column\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
		if (i % 10 == 0)
			gz_buf_puts(&md, "## A wide heading\n\n- item\n- item\n\n");
	}
	check_columns(md.data, two_columns);
	gz_buf_free(&md);

	/* The samples, in their own languages. */
	static const char *const samples[] = { "en-post", "zh-news", "ja-page", "ko-notes" };
	const char *root = getenv("SOURCE_ROOT");
	for (size_t s = 0; root && s < GZ_ARRAY_LEN(samples); s++) {
		char *path = gz_xasprintf("%s/samples/%s.md", root, samples[s]);
		size_t len;
		char *text = gz_read_file(path, &len);
		CHECK(text != NULL);
		static const char *const kv[] = { "pdf.columns=2", NULL };
		if (text)
			check_columns(text, kv);
		free(text);
		free(path);
	}
}

/* Balancing columns does not split a short table (its second part would
 * have no header row over it). */
static void
test_table_kept_whole(void)
{
	static const char md[] = "## Results\n\nA short paragraph.\n\n"
	    "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n\n> A quote after it.\n";
	struct laid l;
	CHECK(lay_out(&l, md, two_columns, false));
	double dx = -1;
	size_t rows = 0;
	for (size_t i = 0; i < l.lo.count; i++) {
		if (l.lo.atoms[i].kind != PDF_ATOM_ROW)
			continue;
		if (dx < 0)
			dx = l.pages.dx_pt[i];
		CHECK(l.pages.dx_pt[i] == dx);
		rows++;
	}
	CHECK(rows == 4);
	laid_free(&l);
}

/* The page of the contents line for each listed heading is the page the
 * heading is on. */
static size_t
check_numbers(const struct laid *l)
{
	size_t entry = 0, checked = 0;
	for (size_t p = 0; p < l->pages.count; p++) {
		for (size_t i = l->pages.pages[p].first; i < l->pages.pages[p].end; i++) {
			const struct pdf_heading *h = l->lo.atoms[i].heading;
			if (!h || !h->in_toc)
				continue;
			while (entry < l->lo.count && l->lo.atoms[entry].kind != PDF_ATOM_TOC)
				entry++;
			CHECK(entry < l->lo.count);
			if (entry == l->lo.count)
				return checked;
			const struct pdf_atom *e = &l->lo.atoms[entry++];
			CHECK_STR(e->toc.dest, h->dest);
			if (e->toc.page != (int)p + 1)
				fprintf(stderr, "  %s: contents say %d, heading on %zu\n", h->title,
				    e->toc.page, p + 1);
			CHECK(e->toc.page == (int)p + 1);
			checked++;
		}
	}
	return checked;
}

static void
test_contents(void)
{
	static const char *const kv[] = { "page.lang=en", "page.title=Guide", "pdf.paper=A5",
	    NULL };
	for (int filler = 0; filler <= 60; filler += 30) {
		struct gz_buf md = {0};
		for (int i = 0; i < 30; i++) {
			gz_buf_printf(&md, "## Section %d\n\n", i);
			for (int k = 0; k < (i == 3 ? filler : 2); k++)
				gz_buf_puts(&md, "Lorem ipsum dolor sit amet, consectetur adipiscing "
				    "elit, sed do eiusmod tempor incididunt ut labore.\n\n");
			gz_buf_printf(&md, "### Detail %d\n\nMore.\n\n", i);
		}
		struct laid l;
		CHECK(lay_out(&l, md.data, kv, true));
		CHECK(check_numbers(&l) == 60);
		/* The contents take pages of their own: more than one here. */
		size_t toc_pages = 0;
		for (size_t p = 0; p < l.pages.count; p++)
			toc_pages += l.lo.atoms[l.pages.pages[p].first].kind == PDF_ATOM_TOC;
		CHECK(toc_pages >= 1);
		laid_free(&l);
		gz_buf_free(&md);
	}
}

/* The cover's date as each language writes it; anything else as given. */
static void
test_dates(void)
{
	static const struct { const char *date, *lang, *want; } cases[] = {
		{ "2024-06-18", "zh-CN", "2024年6月18日" },
		{ "2024-04-02T09:00:00+09:00", "ja", "2024年4月2日" },
		{ "2024-03-20", "ko", "2024년 3월 20일" },
		{ "2024-05-14", "en", "14 May 2024" },
		{ "2024-05-14", "und", "14 May 2024" },
		{ "spring 2024", "en", "spring 2024" },
		{ "2024-13-01", "en", "2024-13-01" },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(cases); i++) {
		char *got = pdf_format_date(cases[i].date, cases[i].lang);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
}

int
main(void)
{
	test_dates();
	test_columns();
	test_table_kept_whole();
	test_contents();
	return HARNESS_DONE();
}
