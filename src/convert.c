/* convert.c: the library's one-call conversion of a string. */
#include "internal.h"

#include <string.h>

bool
gz_convert(const char *markdown, size_t len, const char *format,
    const struct gz_options *opts, struct gz_log *log, struct gz_buf *out)
{
	const struct gz_format *f = gz_format_find(format);
	if (!f) {
		gz_error(log, NULL, 0, "unknown format '%s'", format);
		return false;
	}
	struct gz_value *site = gz_value_new(GZ_VALUE_MAP);
	gz_site_apply_sets(site, opts->sets);
	bool ok = false;
	struct gz_doc *doc = gz_doc_parse("<string>", markdown, len, site, opts, log);
	if (doc) {
		struct gz_render r = {
			.opts = opts,
			.log = log,
			.docs = &doc,
			.count = 1,
		};
		ok = f->render(&r, out);
	}
	gz_doc_free(doc);
	gz_value_free(site);
	return ok;
}
