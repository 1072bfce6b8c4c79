/* pdf.c: placeholder until the PDF backend lands. */
#include "formats.h"

static bool
render_pdf(const struct gz_render *r, struct gz_buf *out)
{
	(void)out;
	gz_error(r->log, r->docs[0]->name, 0, "PDF is not written yet");
	return false;
}

const struct gz_format gz_format_pdf = {
	.name = "pdf",
	.summary = "a print-quality PDF (A4 unless pdf.paper says otherwise)",
	.extension = "pdf",
	.render = render_pdf,
};
