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
	static const char *const names[] = { "_config.yml", "hugo.toml", "hugo.yaml",
		"config.toml", "config.yaml" };
	for (;;) {
		for (size_t i = 0; i < GZ_ARRAY_LEN(names); i++) {
			char *candidate = gz_xasprintf("%s/%s", strcmp(abs, "/") == 0 ? "" : abs,
			    names[i]);
			if (is_file(candidate)) {
				free(abs);
				return candidate;
			}
			free(candidate);
		}
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
	char *text = gz_read_file(path, &len);
	if (!text) {
		gz_error(log, path, 0, "cannot read the site configuration: %s", strerror(errno));
		return NULL;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t blen = strlen(base);
	bool toml = blen > 5 && strcmp(base + blen - 5, ".toml") == 0;
	bool hugo = toml || strncmp(base, "hugo.", 5) == 0 || strcmp(base, "config.yaml") == 0;
	struct gz_value *site = NULL;
	if (!len) {
		site = gz_value_new(GZ_VALUE_MAP);
	} else if (toml) {
		gz_toml_parse_fn *parse = (gz_toml_parse_fn *)gz_module_symbol("gazette-toml.so",
		    "gz_toml_parse", log);
		site = parse ? parse(path, text, len, log) : NULL;
	} else {
		site = gz_yaml_parse(path, text, len, 1, log);
	}
	free(text);
	if (site && hugo)
		gz_hugo_config(site);
	else if (site && !gz_value_get(site, "_generator"))
		gz_value_put(site, "_generator", gz_value_new_string("jekyll", 6));
	return site;
}

struct gz_value *
gz_site_load(const char *config_path, const char *input_path, const struct gz_options *opts,
    struct gz_log *log)
{
	char *found = config_path ? NULL : gz_site_find_config(input_path);
	const char *path = config_path ? config_path : found;
	struct gz_value *site = path ? read_config(path, log) : gz_value_new(GZ_VALUE_MAP);
	if (site && path && !gz_value_get(site, "source")) {
		/* The site's root, as Jekyll's site.source: the configuration's folder. */
		char *real = realpath(path, NULL);
		char *slash = real ? strrchr(real, '/') : NULL;
		if (slash) {
			size_t len = slash == real ? 1 : (size_t)(slash - real);
			gz_value_put(site, "source", gz_value_new_string(real, len));
		}
		free(real);
	}
	free(found);
	if (site)
		gz_site_apply_sets(site, opts->sets);
	return site;
}
