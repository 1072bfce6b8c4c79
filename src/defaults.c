/* defaults.c: Jekyll's front matter defaults (`defaults:` in _config.yml), which give
 * pages keys they do not set themselves, by folder and by type. */
#include "internal.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* The type Jekyll's scopes name for the page at `rel`: posts, drafts, a
 * collection's label, else pages.  A new string. */
static char *
page_type(const struct gz_value *site, const char *rel)
{
	if (!strncmp(rel, "_posts/", 7) || strstr(rel, "/_posts/"))
		return gz_xstrdup("posts");
	if (!strncmp(rel, "_drafts/", 8) || strstr(rel, "/_drafts/"))
		return gz_xstrdup("drafts");
	char *name = NULL;
	if (gz_jekyll_collection(site, rel, &name))
		return name;
	free(name);
	return gz_xstrdup("pages");
}

/* Whether scope `path` (a folder or file below the root, maybe a glob) holds `rel`. */
static bool
path_matches(const char *path, const char *rel)
{
	while (*path == '/' || (path[0] == '.' && path[1] == '/'))
		path += *path == '/' ? 1 : 2;
	size_t n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0)
		return true;
	char *p = gz_xstrndup(path, n);
	bool yes;
	if (strpbrk(p, "*?[")) {
		/* The file itself, or a folder it is in. */
		yes = fnmatch(p, rel, FNM_PATHNAME) == 0;
		for (const char *s = strchr(rel, '/'); s && !yes; s = strchr(s + 1, '/')) {
			char *dir = gz_xstrndup(rel, (size_t)(s - rel));
			yes = fnmatch(p, dir, FNM_PATHNAME) == 0;
			free(dir);
		}
	} else
		yes = strncmp(rel, p, n) == 0 && (rel[n] == '/' || rel[n] == '\0');
	free(p);
	return yes;
}

struct match {
	const struct gz_value *values;
	size_t path_len;
	bool typed;
	size_t order;
};

/* Jekyll applies the broader scopes first: shorter paths, then untyped ones. */
static int
by_specificity(const void *a, const void *b)
{
	const struct match *x = a, *y = b;
	if (x->path_len != y->path_len)
		return x->path_len < y->path_len ? -1 : 1;
	if (x->typed != y->typed)
		return x->typed ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
gz_jekyll_defaults(struct gz_value **page, const struct gz_value *site, const char *path)
{
	const struct gz_value *list = site ? gz_value_get(site, "defaults") : NULL;
	if (!list || list->kind != GZ_VALUE_LIST || !list->count || !strcmp(path, "-"))
		return;
	char *rel = gz_site_relative(site, path);
	char *type = page_type(site, rel);
	struct match *m = gz_xcalloc(list->count, sizeof *m);
	size_t count = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct gz_value *d = list->items[i];
		const struct gz_value *values = gz_value_get(d, "values");
		const struct gz_value *scope = gz_value_get(d, "scope");
		if (!values || values->kind != GZ_VALUE_MAP)
			continue;
		const char *want_path = gz_value_string(scope, "path");
		const char *want_type = gz_value_string(scope, "type");
		if (want_path && !path_matches(want_path, rel))
			continue;
		if (want_type && *want_type && strcmp(want_type, type) != 0)
			continue;
		m[count++] = (struct match){ .values = values, .order = i,
		    .path_len = want_path ? strlen(want_path) : 0,
		    .typed = want_type && *want_type };
	}
	if (count) {
		qsort(m, count, sizeof *m, by_specificity);
		struct gz_value *merged = gz_value_new(GZ_VALUE_MAP);
		for (size_t i = 0; i < count; i++)
			gz_value_merge(merged, m[i].values);
		gz_value_merge(merged, *page);
		gz_value_free(*page);
		*page = merged;
	}
	free(m);
	free(type);
	free(rel);
}
