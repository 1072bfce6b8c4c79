/* convert.c: the library's one-call conversion of a string, and its shutdown. */
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

/* Process-wide caches (fonts loaded once for every PDF of a run) register how
 * to free themselves here; this is the library's only global state. */
static void (*shutdown_hooks[8])(void);
static size_t shutdown_hook_count;

void
gz_at_shutdown(void (*fn)(void))
{
	if (shutdown_hook_count < GZ_ARRAY_LEN(shutdown_hooks))
		shutdown_hooks[shutdown_hook_count++] = fn;
}

void
gz_shutdown(void)
{
	while (shutdown_hook_count > 0)
		shutdown_hooks[--shutdown_hook_count]();
	/* cairo's and fontconfig's own static caches are left to the system:
	 * cairo_debug_reset_static_data() aborts the process (an assertion in
	 * Debian's cairo) if any font is still referenced, and FcFini() likewise;
	 * a leak checker sees those caches as still reachable. */
}
