/* resource.c: the file an image or link of a page names, as the page's site
 * means it: `/x` from the site's root, a relative path against the page's
 * URL (Jekyll) or its bundle (Hugo), then against the page's folder, then
 * in each --resource-path folder. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The URL's path, percent-decoded, without query or fragment. */
static char *
url_path(const char *url)
{
	char *path = gz_xstrndup(url, strcspn(url, "?#"));
	char *plain = gz_url_unescape(path);
	free(path);
	return plain;
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Tries `dir`/`rel` (rel's leading slashes dropped); the path when it exists. */
static char *
try(struct gz_buf *tried, const char *dir, const char *rel)
{
	while (*rel == '/')
		rel++;
	char *path = dir && *dir ? gz_xasprintf("%s/%s", dir, rel) : gz_xstrdup(rel);
	if (exists(path))
		return path;
	if (tried)
		gz_buf_printf(tried, "%s%s", tried->len ? ", " : "", path);
	free(path);
	return NULL;
}

char *
gz_resource_path(const struct gz_doc *doc, const char *url, struct gz_buf *tried)
{
	if (gz_url_is_absolute(url) || (url[0] == '/' && url[1] == '/') || !*url)
		return NULL;
	char *path = url_path(url);
	const char *slash = strcmp(doc->path, "-") == 0 ? NULL : strrchr(doc->path, '/');
	char *folder = slash ? gz_xstrndup(doc->path, slash == doc->path ? 1 : (size_t)(slash - doc->path))
	    : gz_xstrdup("");
	const struct gz_value *site = doc->site;
	const char *root = site ? gz_value_string(site, "source") : NULL;
	const char *generator = site ? gz_value_string(site, "_generator") : NULL;
	bool hugo = generator && strcmp(generator, "hugo") == 0;
	char *found = NULL;

	if (root && path[0] == '/') {
		/* From the site's root, below its baseurl when the URL carries it. */
		const char *p = path;
		const char *baseurl = gz_value_string(site, "baseurl");
		size_t n = baseurl ? strlen(baseurl) : 0;
		while (n > 0 && baseurl[n - 1] == '/')
			n--;
		if (n > 0 && strncmp(p, baseurl, n) == 0 && p[n] == '/')
			p += n;
		if (hugo) {
			char *dir = gz_xasprintf("%s/static", root);
			found = try(tried, dir, p);
			free(dir);
		} else {
			found = try(tried, root, p);
		}
	} else if (root && !hugo && doc->meta.permalink) {
		/* Against the page's URL, as a browser reads it on the site. */
		char *base = gz_xasprintf("s:%s", doc->meta.permalink);
		/* The URL is escaped (Jekyll's page.url); the file's name is not. */
		char *resolved = gz_url_resolve(base, path);
		char *plain = gz_url_unescape(resolved + 2);
		found = try(tried, root, plain);
		free(plain);
		free(resolved);
		free(base);
	}
	/* Then beside the source file (a Hugo bundle's resources are there),
	 * then in the --resource-path folders, in order. */
	if (!found)
		found = try(tried, folder, path);
	for (size_t i = 0; !found && i < doc->resource_dir_count; i++)
		found = try(tried, doc->resource_dirs[i], path);
	free(folder);
	free(path);
	return found;
}

void
gz_image_check(struct gz_image_check *c, const struct gz_node *n)
{
	const char *url = n->link.url;
	if (!url || !*url || gz_url_is_absolute(url) || (url[0] == '/' && url[1] == '/')
	    || (c->seen && g_hash_table_contains(c->seen, url)))
		return;
	struct gz_buf tried = {0};
	char *found = gz_resource_path(c->doc, url, &tried);
	if (!found) {
		const struct gz_node *b = n;
		while (b && b->line == 0)
			b = b->parent;
		gz_warn(c->log, c->doc->name, b ? b->line : 0, "image '%s' is not found (looked "
		    "in %s); the page shows a broken picture", url, tried.len ? tried.data : "?");
		/* A copy: the page may be written, and freed, a block at a time. */
		if (!c->seen)
			c->seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
		g_hash_table_add(c->seen, gz_xstrdup(url));
	}
	free(found);
	gz_buf_free(&tried);
}

void
gz_image_check_done(struct gz_image_check *c)
{
	if (c->seen)
		g_hash_table_destroy(c->seen);
	c->seen = NULL;
}
