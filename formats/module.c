/* module.c: the PDF backend, loaded from its module the first time a PDF is
 * made (see formats.h for why it is a module). */
#define _GNU_SOURCE     /* dladdr */
#include "formats.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PDF_MODULE "gazette-pdf.so"

static struct {
	bool tried;
	bool (*render)(const struct gz_render *r, struct gz_buf *out);
	char *(*versions)(void);
	char *error;            /* why it could not be loaded */
} pdf;

/* The module sits beside libgazette in the build tree, and once installed in
 * gazette/ beside it (GZ_MODULE_DIR, unless the installation was moved, as
 * in a staging folder).  The build tree comes first, so that a build run
 * before it is installed never loads an older installed module. */
static void
load(void)
{
	pdf.tried = true;
	char *paths[3] = {0};
	Dl_info self;
	if (dladdr((void *)load, &self) && self.dli_fname) {
		const char *slash = strrchr(self.dli_fname, '/');
		int dir = slash ? (int)(slash - self.dli_fname) : 0;
		if (slash) {
			paths[0] = gz_xasprintf("%.*s/" PDF_MODULE, dir, self.dli_fname);
			paths[1] = gz_xasprintf("%.*s/gazette/" PDF_MODULE, dir, self.dli_fname);
		}
	}
	paths[2] = gz_xstrdup(GZ_MODULE_DIR "/" PDF_MODULE);

	void *handle = NULL;
	for (size_t i = 0; i < GZ_ARRAY_LEN(paths) && !handle && !pdf.error; i++) {
		if (!paths[i] || access(paths[i], F_OK) != 0)
			continue;
		/* Never closed: the module registers its font cache with
		 * gz_at_shutdown(). */
		handle = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
		if (!handle)
			pdf.error = gz_xstrdup(dlerror());
	}
	if (handle) {
		pdf.render = (bool (*)(const struct gz_render *, struct gz_buf *))
		    dlsym(handle, "gz_pdf_module_render");
		pdf.versions = (char *(*)(void))dlsym(handle, "gz_pdf_module_versions");
		if (!pdf.render || !pdf.versions)
			pdf.error = gz_xasprintf("%s lacks its entry points", PDF_MODULE);
	} else if (!pdf.error) {
		pdf.error = gz_xasprintf("%s is in neither %s nor beside libgazette", PDF_MODULE,
		    GZ_MODULE_DIR);
	}
	for (size_t i = 0; i < GZ_ARRAY_LEN(paths); i++)
		free(paths[i]);
}

static bool
render_pdf(const struct gz_render *r, struct gz_buf *out)
{
	if (!pdf.tried)
		load();
	if (pdf.error) {
		gz_error(r->log, NULL, 0, "the PDF backend cannot be loaded: %s "
		    "(reinstall gazette)", pdf.error);
		return false;
	}
	return pdf.render(r, out);
}

const struct gz_format gz_format_pdf = {
	.name = "pdf",
	.summary = "a print-quality PDF (A4 unless pdf.paper says otherwise)",
	.extension = "pdf",
	.render = render_pdf,
};

char *
gz_pdf_versions(void)
{
	if (!pdf.tried)
		load();
	if (pdf.error)
		return gz_xasprintf("PDF backend: cannot be loaded: %s\n", pdf.error);
	return pdf.versions();
}
