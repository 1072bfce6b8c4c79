/* fuzz_html.c: Markdown to the tree to HTML (a page, or a fragment). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	struct gz_log log = FUZZ_LOG;
	struct gz_buf out = {0};
	if (gz_convert((const char *)data, size, "html", &opts, &log, &out) && opts.safe && out.data) {
		/* --safe lets no script through, whatever the input.  The blank
		 * before href: a data-*href attribute (an IAL may add one) is
		 * never followed, so its value is the page's own business. */
		if (strstr(out.data, "<script") || strstr(out.data, " href=\"javascript:"))
			abort();
	}
	gz_buf_free(&out);
	return 0;
}
