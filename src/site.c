/* site.c: the site configuration (Jekyll's _config.yml) and --set overrides. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Whether the environment's GAZETTE_TRUSTED_CONFIG (paths separated by
 * colons) names `path`. */
static bool
trusted_by_name(const char *path)
{
	const char *list = getenv("GAZETTE_TRUSTED_CONFIG");
	size_t n = strlen(path);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ":");
		if (len == n && strncmp(p, path, n) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

/* A configuration found by looking upwards (not named with --config) that
 * another user owns (not root), in a folder that group or others can write or
 * that another user owns, may have been put there by anyone (a shared /tmp):
 * refused unless trusted by name, as git refuses a repository owned by
 * someone else.  False after reporting. */
static bool
trustworthy(const char *path, const struct stat *st, struct gz_log *log)
{
	if (st->st_uid == geteuid() || st->st_uid == 0 || trusted_by_name(path))
		return true;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? gz_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : gz_xstrdup(".");
	struct stat d;
	bool shared = stat(dir, &d) != 0 || (d.st_mode & (S_IWGRP | S_IWOTH))
	    || (d.st_uid != geteuid() && d.st_uid != 0);
	free(dir);
	if (!shared)
		return true;
	gz_error(log, path, 0, "not used: it belongs to user %ld and lies in a folder others than "
	    "you can write, so anyone may have put it there.  If you trust it, name it with --config %s, "
	    "or add it to GAZETTE_TRUSTED_CONFIG (paths separated by ':')",
	    (long)st->st_uid, path);
	return false;
}

static struct gz_value *
read_config(const char *path, bool found, struct gz_log *log)
{
	size_t len;
	struct stat st;
	char *text = NULL;
	int fd = gz_open_file(path, 0, &st);
	if (fd >= 0 && found && !trustworthy(path, &st, log)) {
		close(fd);
		return NULL;
	}
	if (fd >= 0) {
		text = gz_read_fd(fd, GZ_CONFIG_MAX, &len);
		int saved = errno;
		close(fd);
		errno = saved;
	}
	if (!text) {
		gz_error(log, path, 0, "cannot read the site configuration: %s", gz_strerror(errno));
		return NULL;
	}
	struct gz_value *site = gz_site_parse(path, text, len, log);
	free(text);
	return site;
}

struct gz_value *
gz_site_parse(const char *path, const char *text, size_t len, struct gz_log *log)
{
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
	if (site && hugo)
		gz_hugo_config(site);
	else if (site && !gz_value_get(site, "_generator"))
		gz_value_put(site, "_generator", gz_value_new_string("jekyll", 6));
	return site;
}

/* The site of the configuration at `path` (NULL: none), given (--config)
 * or found near the input, which decides whether it must be trusted. */
static struct gz_value *
load(const char *path, bool found, const struct gz_options *opts, struct gz_log *log)
{
	struct gz_value *site = path ? read_config(path, found, log) : gz_value_new(GZ_VALUE_MAP);
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
	/* Kept for messages about the configuration's values (gz_site_where). */
	if (site && path)
		gz_value_put(site, "_config_file", gz_value_new_string(path, strlen(path)));
	if (site)
		gz_site_apply_sets(site, opts->sets);
	/* The root, resolved once for gz_site_relative (which pages ask for
	 * several times each): the source's real path, or the current folder's. */
	if (site) {
		const char *source = gz_value_string(site, "source");
		char *root = realpath(source && *source ? source : ".", NULL);
		if (root)
			gz_value_put(site, "_root", gz_value_new_string(root, strlen(root)));
		free(root);
	}
	return site;
}

struct gz_value *
gz_site_load(const char *config_path, const char *input_path, const struct gz_options *opts,
    struct gz_log *log)
{
	if (config_path)
		return load(config_path, false, opts, log);
	char *found = gz_site_find_config(input_path);
	struct gz_value *site = load(found, true, opts, log);
	free(found);
	return site;
}

struct gz_value *
gz_site_load_found(const char *found, const struct gz_options *opts, struct gz_log *log)
{
	return load(found, true, opts, log);
}

const char *
gz_site_where(const struct gz_value *site, const struct gz_value *v, unsigned *line)
{
	*line = 0;
	if (!site || !v || !v->line)
		return NULL;
	*line = v->line;
	return gz_value_string(site, "_config_file");
}
