/* registry.c: every backend gazette can write, in the order --help lists
 * them, and what runs one: conversion of a string, versions. */
#include "formats.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Adding a backend: its folder, its line here, its subdir() in meson.build. */
const struct gz_format *const gz_formats[] = {
	&gz_format_html,
	&gz_format_rss,
	&gz_format_atom,
	&gz_format_pdf,
	&gz_format_tree,
};
const size_t gz_format_count = GZ_ARRAY_LEN(gz_formats);

const struct gz_format *
gz_format_find(const char *name)
{
	for (size_t i = 0; i < gz_format_count; i++)
		if (strcmp(gz_formats[i]->name, name) == 0)
			return gz_formats[i];
	return NULL;
}

bool
gz_format_render(const struct gz_format *f, const struct gz_render *r, struct gz_buf *out)
{
	if (f->render)
		return f->render(r, out);
	gz_render_fn *render = (gz_render_fn *)gz_module_symbol(f->module, f->module_render,
	    r->log);
	return render && render(r, out);
}

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
		ok = gz_format_render(f, &r, out);
	}
	gz_doc_free(doc);
	gz_value_free(site);
	return ok;
}

char *
gz_versions(void)
{
	struct gz_buf b = {0};
	gz_buf_printf(&b, "gazette %s\n"
	    "md4c %s (built with; md4c reports no version at run time)\n",
	    GZ_VERSION, GZ_MD4C_VERSION);
	/* Each module once, in the registry's order. */
	for (size_t i = 0; i < gz_format_count; i++) {
		const char *m = gz_formats[i]->module;
		bool seen = !m;
		for (size_t j = 0; j < i && !seen; j++)
			seen = gz_formats[j]->module && strcmp(gz_formats[j]->module, m) == 0;
		if (!seen) {
			char *v = gz_module_versions(m, gz_formats[i]->module_versions);
			gz_buf_puts(&b, v);
			free(v);
		}
	}
	char *v = gz_module_versions("gazette-highlight.so", "gz_highlight_versions");
	gz_buf_puts(&b, v);
	free(v);
	gz_buf_printf(&b, "libyaml %s\n", yaml_get_version_string());
	return gz_buf_detach(&b, NULL);
}
