/* module.c: the backends built as modules of their own (PDF, and the RSS and
 * Atom writer), each loaded the first time it is needed (see formats.h for
 * why they are modules). */
#define _GNU_SOURCE     /* dladdr */
#include "formats.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef bool render_fn(const struct gz_render *r, struct gz_buf *out);

struct module {
	const char *file;               /* "gazette-pdf.so" */
	const char *what;               /* for messages: "the PDF backend" */
	const char *const *symbols;     /* its entry points, NULL-ended */
	bool tried;
	void *entry[3];                 /* the symbols', in order */
	char *error;                    /* why it could not be loaded */
};

static const char *const pdf_symbols[] = { "gz_pdf_module_render", "gz_pdf_module_versions",
	NULL };
static const char *const feed_symbols[] = { "gz_feed_module_rss", "gz_feed_module_atom",
	"gz_feed_module_versions", NULL };

static struct module pdf = { .file = "gazette-pdf.so", .what = "the PDF backend",
	.symbols = pdf_symbols };
static struct module feed = { .file = "gazette-feed.so", .what = "the feed backend",
	.symbols = feed_symbols };

/* A module sits beside libgazette in the build tree, and once installed in
 * gazette/ beside it (GZ_MODULE_DIR, unless the installation was moved, as
 * in a staging folder).  The build tree comes first, so that a build run
 * before it is installed never loads an older installed module. */
static void
load(struct module *m)
{
	m->tried = true;
	char *paths[3] = {0};
	Dl_info self;
	if (dladdr((void *)load, &self) && self.dli_fname) {
		const char *slash = strrchr(self.dli_fname, '/');
		int dir = slash ? (int)(slash - self.dli_fname) : 0;
		if (slash) {
			paths[0] = gz_xasprintf("%.*s/%s", dir, self.dli_fname, m->file);
			paths[1] = gz_xasprintf("%.*s/gazette/%s", dir, self.dli_fname, m->file);
		}
	}
	paths[2] = gz_xasprintf("%s/%s", GZ_MODULE_DIR, m->file);

	void *handle = NULL;
	for (size_t i = 0; i < GZ_ARRAY_LEN(paths) && !handle && !m->error; i++) {
		if (!paths[i] || access(paths[i], F_OK) != 0)
			continue;
		/* Never closed: the PDF module registers its font cache with
		 * gz_at_shutdown(). */
		handle = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
		if (!handle)
			m->error = gz_xstrdup(dlerror());
	}
	if (handle) {
		for (size_t i = 0; m->symbols[i] && !m->error; i++)
			if (!(m->entry[i] = dlsym(handle, m->symbols[i])))
				m->error = gz_xasprintf("%s lacks its entry points", m->file);
	} else if (!m->error) {
		m->error = gz_xasprintf("%s is in neither %s nor beside libgazette", m->file,
		    GZ_MODULE_DIR);
	}
	for (size_t i = 0; i < GZ_ARRAY_LEN(paths); i++)
		free(paths[i]);
}

/* Entry point `i` of `m`, loading it first; NULL after reporting. */
static void *
entry(struct module *m, size_t i, struct gz_log *log)
{
	if (!m->tried)
		load(m);
	if (m->error) {
		gz_error(log, NULL, 0, "%s cannot be loaded: %s (reinstall gazette)", m->what,
		    m->error);
		return NULL;
	}
	return m->entry[i];
}

/* A module's versions, or why it cannot be loaded. */
static char *
versions(struct module *m, size_t i)
{
	if (!m->tried)
		load(m);
	if (m->error)
		return gz_xasprintf("%s: cannot be loaded: %s\n", m->what, m->error);
	return ((char *(*)(void))m->entry[i])();
}

static bool
render_pdf(const struct gz_render *r, struct gz_buf *out)
{
	render_fn *render = (render_fn *)entry(&pdf, 0, r->log);
	return render && render(r, out);
}

static bool
render_rss(const struct gz_render *r, struct gz_buf *out)
{
	render_fn *render = (render_fn *)entry(&feed, 0, r->log);
	return render && render(r, out);
}

static bool
render_atom(const struct gz_render *r, struct gz_buf *out)
{
	render_fn *render = (render_fn *)entry(&feed, 1, r->log);
	return render && render(r, out);
}

const struct gz_format gz_format_pdf = {
	.name = "pdf",
	.summary = "a print-quality PDF (A4 unless pdf.paper says otherwise)",
	.extension = "pdf",
	.render = render_pdf,
};

const struct gz_format gz_format_rss = {
	.name = "rss",
	.summary = "an RSS 2.0 feed of all inputs (feed.xml)",
	.collection_name = "feed.xml",
	.render = render_rss,
};

const struct gz_format gz_format_atom = {
	.name = "atom",
	.summary = "an Atom 1.0 feed of all inputs (feed.atom)",
	.collection_name = "feed.atom",
	.render = render_atom,
};

char *
gz_pdf_versions(void)
{
	return versions(&pdf, 1);
}

char *
gz_feed_versions(void)
{
	return versions(&feed, 2);
}
