/* format.c: the PDF backend as the registry knows it; the rest of this
 * folder is the module gazette-pdf.so, loaded when a PDF is first made. */
#include "formats.h"

const struct gz_format gz_format_pdf = {
	.name = "pdf",
	.summary = "a print-quality PDF (A4 unless pdf.paper says otherwise)",
	.extension = "pdf",
	.combines = true,
	.module = "gazette-pdf.so",
	.module_render = "gz_pdf_module_render",
	.module_versions = "gz_pdf_module_versions",
};
