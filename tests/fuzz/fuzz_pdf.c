/* fuzz_pdf.c: Markdown to PDF on a small budget: the input is cut to 2 KB
 * (a page or two), so that each run stays fast.  cairo must report success
 * (fuzz.h aborts on "cairo could not"), and a PDF that was made must look
 * like one. */
#include "fuzz.h"

#define FUZZ_PDF_MAX_BYTES 2048

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	if (size > FUZZ_PDF_MAX_BYTES)
		size = FUZZ_PDF_MAX_BYTES;
	struct gz_log log = FUZZ_LOG;
	struct gz_buf out = {0};
	if (gz_convert((const char *)data, size, "pdf", &opts, &log, &out)) {
		const char *tail = out.len >= 6 ? out.data + out.len - 6 : "";
		if (out.len < 16 || memcmp(out.data, "%PDF-", 5) != 0
		    || (strncmp(tail, "%%EOF\n", 6) != 0 && strncmp(tail + 1, "%%EOF", 5) != 0))
			abort();
	}
	gz_buf_free(&out);
	return 0;
}
