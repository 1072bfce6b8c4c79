/* module.c: parts built as modules of their own (the PDF and feed backends,
 * the TOML reader), each loaded the first time it is needed, so that a run
 * loads cairo, libxml2 or libstdc++ only when it uses them. */
#define _GNU_SOURCE     /* dladdr */
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One module file; entries are added once, never removed, under `lock`. */
struct module {
	char *file;
	void *handle;
	char *error;                    /* why it could not be loaded */
	struct module *next;
};

static struct module *modules;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* A module sits beside libgazette in the build tree (in its backend's
 * subfolder there), and once installed in gazette/ beside it (GZ_MODULE_DIR,
 * unless the installation was moved, as in a staging folder).  The build
 * tree comes first, so that a build run before it is installed never loads an
 * older installed module. */
static void
load(struct module *m)
{
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

	for (size_t i = 0; i < GZ_ARRAY_LEN(paths) && !m->handle && !m->error; i++) {
		if (!paths[i] || access(paths[i], F_OK) != 0)
			continue;
		/* Never closed: a module may register caches with gz_at_shutdown().
		 * Bound lazily: the PDF module's libraries (X11 and xcb through
		 * cairo) import thousands of functions a run never calls. */
		m->handle = dlopen(paths[i], RTLD_LAZY | RTLD_LOCAL);
		if (!m->handle)
			m->error = gz_xstrdup(dlerror());
	}
	if (!m->handle && !m->error)
		m->error = gz_xasprintf("%s is in neither %s nor beside libgazette", m->file,
		    GZ_MODULE_DIR);
	for (size_t i = 0; i < GZ_ARRAY_LEN(paths); i++)
		free(paths[i]);
}

static struct module *
find(const char *file)
{
	pthread_mutex_lock(&lock);
	struct module *m = modules;
	while (m && strcmp(m->file, file) != 0)
		m = m->next;
	if (!m) {
		m = gz_xcalloc(1, sizeof *m);
		m->file = gz_xstrdup(file);
		load(m);
		m->next = modules;
		modules = m;
	}
	pthread_mutex_unlock(&lock);
	return m;
}

void *
gz_module_symbol(const char *module, const char *name, struct gz_log *log)
{
	struct module *m = find(module);
	void *sym = m->handle ? dlsym(m->handle, name) : NULL;
	if (!sym)
		gz_error(log, NULL, 0, "%s cannot be loaded: %s (reinstall gazette)", module,
		    m->error ? m->error : "it lacks its entry points");
	return sym;
}

char *
gz_module_versions(const char *module, const char *symbol)
{
	struct module *m = find(module);
	char *(*versions)(void) = m->handle ? (char *(*)(void))dlsym(m->handle, symbol) : NULL;
	if (!versions)
		return gz_xasprintf("%s: cannot be loaded: %s\n", module,
		    m->error ? m->error : "it lacks its entry points");
	return versions();
}
