/* fuzz_feed.c: Markdown to RSS and Atom; every feed produced must be XML
 * that libxml2 parses without recovery. */
#include "fuzz.h"

#include <libxml/parser.h>

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

static void
check_feed(const char *format, const uint8_t *data, size_t size, const struct gz_options *opts)
{
	struct gz_log log = FUZZ_LOG;
	struct gz_buf out = {0};
	if (gz_convert((const char *)data, size, format, opts, &log, &out)) {
		xmlDocPtr doc = xmlReadMemory(out.data ? out.data : "", (int)out.len, "feed.xml",
		    NULL, XML_PARSE_NONET);
		if (!doc) {
			fprintf(stderr, "fuzz: the %s feed is not well-formed XML:\n%.*s\n", format,
			    (int)(out.len < 4000 ? out.len : 4000), out.data ? out.data : "");
			abort();
		}
		xmlFreeDoc(doc);
	}
	gz_buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool initialised;
	if (!initialised) {
		xmlInitParser();
		xmlSetGenericErrorFunc(NULL, quiet);
		initialised = true;
	}
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	struct gz_value *sets = gz_value_new(GZ_VALUE_MAP);
	gz_value_put(sets, "url", gz_value_new_string("https://example.org/", 20));
	gz_value_put(sets, "title", gz_value_new_string("Fuzz", 4));
	opts.sets = sets;
	check_feed("rss", data, size, &opts);
	check_feed("atom", data, size, &opts);
	gz_value_free(sets);
	return 0;
}
