/* pdf.c: `-t pdf`: style, fonts, layout, pagination, painting, in that order. */
#include "pdf.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

enum { TWO_THREADS_TEXTS = 1000 };

/* True when the tree has any CJK character (text, code or alt text). */
static bool
has_cjk(const struct gz_node *root)
{
	char *text = gz_node_plain_text(root);
	bool found = false;
	for (size_t i = 0, len = strlen(text); i < len && !found;) {
		uint32_t cp;
		i += gz_utf8_decode(text + i, len - i, &cp);
		found = gz_is_cjk(cp);
	}
	free(text);
	return found;
}

static enum gz_walk_result
count_text(const struct gz_node *n, void *ctx)
{
	(void)n;
	(*(size_t *)ctx)++;
	return GZ_WALK_SKIP;
}

/*
 * How many threads, doing what.  A long document (a thousand texts or more:
 * paragraphs, headings, code blocks; some 65 pages of Chinese text) takes
 * two: alone and without contents, cover or columns, one lays it out while
 * the other paints the pages already complete (stream.c); else both break
 * its lines (pdf_fonts_split), then one paints.  A shorter document stays
 * on one thread: a second thread and font map would cost more than they save.
 * GAZETTE_PDF_THREADS=1, 2 or stream forces a way (tests/pdf/threads.py
 * compares them); stream falls back to 2 where it does not apply.
 */
enum threads { THREADS_ONE, THREADS_SPLIT, THREADS_STREAM };

static enum threads
threads(const struct gz_render *r, const struct pdf_style *st)
{
	bool streams = r->count == 1 && !r->opts->toc && !st->cover && st->columns == 1;
	const char *force = getenv("GAZETTE_PDF_THREADS");
	if (force && strcmp(force, "1") == 0)
		return THREADS_ONE;
	if (force && strcmp(force, "2") == 0)
		return THREADS_SPLIT;
	if (force && strcmp(force, "stream") == 0)
		return streams ? THREADS_STREAM : THREADS_SPLIT;
	struct gz_handler h[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_PARAGRAPH] = { .enter = count_text },
		[GZ_NODE_HEADING] = { .enter = count_text },
		[GZ_NODE_CODE_BLOCK] = { .enter = count_text },
	};
	size_t texts = 0;
	for (size_t d = 0; d < r->count; d++)
		gz_walk(r->docs[d]->root, h, &texts);
	if (texts < TWO_THREADS_TEXTS)
		return THREADS_ONE;
	return streams ? THREADS_STREAM : THREADS_SPLIT;
}

/* The module's entry points (see formats/module.c). */
bool
gz_pdf_module_render(const struct gz_render *r, struct gz_buf *out)
{
	/* Several documents make one PDF (--combine): the first one's page
	 * settings, language and metadata stand for the whole. */
	const struct gz_doc *doc = r->docs[0];
	struct pdf_style st;
	struct pdf_fonts *fonts = NULL;
	struct pdf_layout lo = {0};
	struct pdf_pages pages = {0};
	bool ok = false;
	if (!pdf_style_init(&st, doc, r->log))
		goto out;
	st.safe = r->opts->safe;
	fonts = pdf_fonts_new(&st, r->opts, doc->name, r->log);
	if (!fonts)
		goto out;
	for (size_t d = 0; d < r->count; d++) {
		if (has_cjk(r->docs[d]->root) && !pdf_fonts_have_cjk(fonts)) {
			gz_error(r->log, r->docs[d]->name, 0, "the page has CJK text but no CJK font "
			    "was found; install the Debian package fonts-noto-cjk (or give --font-dir)");
			goto out;
		}
	}
	enum threads way = threads(r, &st);
	if (way == THREADS_STREAM) {
		pdf_fonts_stream(fonts);
		ok = pdf_stream(doc, &st, fonts, r->log, out);
		goto out;
	}
	if (way == THREADS_SPLIT)
		pdf_fonts_split(fonts);
	if (!pdf_book_build(&lo, &pages, r->docs, r->count, &st, fonts, r->opts->toc, r->log))
		goto out;
	if (!pdf_paint(&lo, &pages, doc, &st, fonts, r->log, out))
		goto out;
	ok = true;
out:
	pdf_pages_free(&pages);
	pdf_layout_free(&lo);
	pdf_fonts_free(fonts);
	pdf_style_free(&st);
	return ok;
}


char *
gz_pdf_module_versions(void)
{
	int fc = FcGetVersion();
	return gz_xasprintf("cairo %s\n"
	    "pango %s\n"
	    "harfbuzz %s\n"
	    "fontconfig %d.%d.%d\n",
	    cairo_version_string(), pango_version_string(), hb_version_string(),
	    fc / 10000, fc / 100 % 100, fc % 100);
}
