/* site.c: the site configuration (Jekyll's _config.yml) and --set overrides. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --set keys are site keys (`url`, `pdf.paper`, or `site.url`); `page.*`
 * keys belong to every page and are applied by gz_doc_parse. */
void
gz_site_apply_sets(struct gz_value *site, const struct gz_value *sets)
{
	if (!sets)
		return;
	for (size_t i = 0; i < sets->count; i++) {
		const char *key = sets->keys[i];
		const struct gz_value *v = sets->items[i];
		if (strcmp(key, "page") == 0)
			continue;
		if (strcmp(key, "site") == 0 && v->kind == GZ_VALUE_MAP) {
			gz_value_merge(site, v);
			continue;
		}
		struct gz_value one = { .kind = GZ_VALUE_MAP, .count = 1,
		    .keys = (char **)&sets->keys[i], .items = (struct gz_value **)&sets->items[i] };
		gz_value_merge(site, &one);
	}
}

static bool
is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
gz_site_find_config(const char *input_path)
{
	char *dir;
	if (!input_path || strcmp(input_path, "-") == 0) {
		dir = gz_xstrdup(".");
	} else {
		const char *slash = strrchr(input_path, '/');
		dir = slash ? gz_xstrndup(input_path, (size_t)(slash - input_path) + (slash == input_path))
			    : gz_xstrdup(".");
	}
	char *abs = realpath(dir, NULL);
	free(dir);
	if (!abs)
		return NULL;
	for (;;) {
		char *candidate = gz_xasprintf("%s/_config.yml", strcmp(abs, "/") == 0 ? "" : abs);
		if (is_file(candidate)) {
			free(abs);
			return candidate;
		}
		free(candidate);
		char *slash = strrchr(abs, '/');
		if (!slash || slash == abs) {
			free(abs);
			return NULL;
		}
		*slash = '\0';
	}
}

static struct gz_value *
read_config(const char *path, struct gz_log *log)
{
	size_t len;
	char *text = gz_read_file_max(path, GZ_CONFIG_MAX, &len);
	if (!text) {
		gz_error(log, path, 0, "cannot read the site configuration: %s", gz_strerror(errno));
		return NULL;
	}
	struct gz_value *site = len ? gz_yaml_parse(path, text, len, 1, log)
				    : gz_value_new(GZ_VALUE_MAP);
	free(text);
	return site;
}

struct gz_value *
gz_site_load(const char *config_path, const char *input_path, const struct gz_options *opts,
    struct gz_log *log)
{
	char *found = config_path ? NULL : gz_site_find_config(input_path);
	const char *path = config_path ? config_path : found;
	struct gz_value *site = path ? read_config(path, log) : gz_value_new(GZ_VALUE_MAP);
	free(found);
	if (site)
		gz_site_apply_sets(site, opts->sets);
	return site;
}
