/* laid.h: the PDF unit tests' fixture: a page parsed with --set values and
 * the PDF backend's style and fonts, ready to be laid out; and its release. */
#ifndef GZ_TESTS_PDF_LAID_H
#define GZ_TESTS_PDF_LAID_H

#include "pdf/fonts.h"
#include "pdf/layout.h"
#include "pdf/paginate.h"
#include "pdf/style.h"

#include <stdlib.h>
#include <string.h>

struct laid {
	struct gz_value *sets, *site;
	struct gz_doc *doc;
	struct pdf_style st;
	struct pdf_fonts *fonts;
	struct pdf_layout lo;
	struct pdf_pages pages;
	struct gz_log log;
};

/* Parses `markdown` with the --set values `kv` (KEY=VALUE, NULL-ended) as
 * the PDF backend does, up to its style and fonts; false on failure.  The
 * caller lays it out (l->lo, l->pages) and calls laid_free in any case. */
static inline bool
laid_parse(struct laid *l, const char *markdown, const char *const *kv)
{
	memset(l, 0, sizeof *l);
	l->log.verbosity = -1;
	l->sets = gz_value_new(GZ_VALUE_MAP);
	for (; *kv; kv++) {
		const char *eq = strchr(*kv, '=');
		char *key = gz_xstrndup(*kv, (size_t)(eq - *kv));
		gz_value_set_path(l->sets, key, gz_value_new_string(eq + 1, strlen(eq + 1)));
		free(key);
	}
	struct gz_options opts = { .sets = l->sets };
	l->site = gz_value_new(GZ_VALUE_MAP);
	gz_site_apply_sets(l->site, l->sets);
	l->doc = gz_doc_parse("test.md", markdown, strlen(markdown), l->site, &opts, &l->log);
	if (!l->doc || !pdf_style_init(&l->st, l->doc, &l->log))
		return false;
	l->fonts = pdf_fonts_new(&l->st, &opts, "test.md", &l->log);
	return l->fonts != NULL;
}

static inline void
laid_free(struct laid *l)
{
	pdf_pages_free(&l->pages);
	pdf_layout_free(&l->lo);
	pdf_fonts_free(l->fonts);
	pdf_style_free(&l->st);
	gz_doc_free(l->doc);
	gz_value_free(l->site);
	gz_value_free(l->sets);
}

#endif /* GZ_TESTS_PDF_LAID_H */
