/* render.c: `-t pdf`, the module's entry: style, fonts, layout and
 * pagination (book.c), painting, in that order. */
#include "book.h"
#include "fonts.h"
#include "layout.h"
#include "paginate.h"
#include "paint.h"
#include "style.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

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

/* The module's entry points (see src/module.c and format.c). */
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
	/* A brochure of several pages is the site's; each chapter keeps its own
	 * title. */
	st.title = doc->site ? gz_value_string(doc->site, "pdf.title") : NULL;
	if (!st.title && r->count > 1 && doc->site)
		st.title = gz_value_string(doc->site, "title");
	if (st.title && !*st.title)
		st.title = NULL;
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
