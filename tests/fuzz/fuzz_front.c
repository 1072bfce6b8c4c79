/* fuzz_front.c: front matter, YAML and Liquid variables.  The input is a page;
 * it is also read as a site configuration, whose values the page's {{ }} see. */
#include "fuzz.h"
#include "internal.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	struct gz_log log = FUZZ_LOG;
	const char *text = (const char *)data;

	/* The whole input as a YAML document of any shape, then as a config. */
	gz_value_free(gz_yaml_parse_value("<fuzz>", text, size, 1, &log));
	struct gz_value *site = gz_yaml_parse("<fuzz>", text, size, 1, &log);
	if (!site)
		site = gz_value_new(GZ_VALUE_MAP);
	gz_value_put(site, "title", gz_value_new_string("站点", 6));

	struct gz_doc *doc = gz_doc_parse("<fuzz>", text, size, site, &opts, &log);
	if (doc) {
		struct gz_render r = { .opts = &opts, .log = &log, .docs = &doc, .count = 1 };
		struct gz_buf out = {0};
		gz_format_find("tree")->render(&r, &out);
		gz_buf_free(&out);
	}
	gz_doc_free(doc);
	gz_value_free(site);
	return 0;
}
