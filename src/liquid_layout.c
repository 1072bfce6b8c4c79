/* liquid_layout.c: Jekyll's layouts: a page's HTML put into `_layouts/NAME.html`, then
 * into that layout's own layout, each rendered by the Liquid engine; and the
 * pages of a site that Jekyll renders without Markdown. */
#include "liquid.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_CHAIN = 32 };        /* layouts inside layouts; a longer chain is a cycle's sign */

/* The layout a page's or layout's front matter names, or NULL for none. */
static const char *
named_layout(const struct gz_value *front)
{
	const struct gz_value *v = gz_value_get(front, "layout");
	if (!v || v->kind != GZ_VALUE_STRING || !*v->string)
		return NULL;
	/* Jekyll's `layout: none` (and YAML's null, read as text) ask for none. */
	if (!strcmp(v->string, "none") || (!v->quoted && (!strcmp(v->string, "null") ||
	    !strcmp(v->string, "~"))))
		return NULL;
	return v->string;
}

const char *
gz_layout_name(const struct gz_doc *doc)
{
	return named_layout(doc->page);
}

/* The layouts folder: `layouts_dir:` (Jekyll's, default _layouts) below the
 * site's root.  A new string. */
static char *
layouts_dir(const struct gz_value *site)
{
	const char *source = site ? gz_value_string(site, "source") : NULL;
	const char *dir = site ? gz_value_string(site, "layouts_dir") : NULL;
	return gz_xasprintf("%s/%s", source && *source ? source : ".", dir && *dir ? dir : "_layouts");
}

/* The file of layout `name` in `dir`: NAME.html, else the first NAME.* in
 * name order (Jekyll keys layouts by their name without the extension).  A
 * new path, or NULL. */
static char *
find_layout(const char *dir, const char *name)
{
	if (strstr(name, "..") || name[0] == '/')
		return NULL;
	char *path = gz_xasprintf("%s/%s.html", dir, name);
	FILE *f = fopen(path, "r");
	if (f) {
		fclose(f);
		return path;
	}
	free(path);
	path = NULL;
	const char *slash = strrchr(name, '/');
	char *sub = slash ? gz_xasprintf("%s/%.*s", dir, (int)(slash - name), name) : gz_xstrdup(dir);
	const char *base = slash ? slash + 1 : name;
	size_t n = strlen(base);
	struct dirent **names;
	int count = scandir(sub, &names, NULL, alphasort);
	for (int i = 0; i < count; i++) {
		const char *d = names[i]->d_name;
		if (!path && strncmp(d, base, n) == 0 && d[n] == '.' && !strchr(d + n + 1, '.'))
			path = gz_xasprintf("%s/%s", sub, d);
		free(names[i]);
	}
	if (count >= 0)
		free(names);
	free(sub);
	return path;
}

/* One layout read: its front matter (a MAP) and its body. */
struct layout {
	char *path;
	char *text;
	struct gz_value *data;
	size_t body;
	unsigned body_line;
};

static bool
read_layout(const char *path, struct layout *l, struct gz_log *log)
{
	size_t len;
	*l = (struct layout){ .path = gz_xstrdup(path) };
	l->text = gz_read_file_max(path, GZ_CONFIG_MAX, &len);
	if (!l->text) {
		gz_error(log, path, 0, "cannot read the layout: %s", gz_strerror(errno));
		return false;
	}
	return gz_front_matter_split(path, l->text, len, &l->data, &l->body, &l->body_line, log);
}

static void
layout_free(struct layout *l)
{
	free(l->path);
	free(l->text);
	gz_value_free(l->data);
}

/* Renders one layout around `content`: `content` as HTML, `layout` as the
 * layouts' front matter so far (an inner layout's keys win, as Jekyll's
 * deep merge), page.* and site.* as the page has them. */
static char *
render_layout(const struct gz_liquid_env *page_env, const struct layout *l,
    const struct gz_value *layout_vars, const char *content, size_t len, struct gz_log *log,
    size_t *out_len)
{
	struct gz_value *vars = gz_value_new(GZ_VALUE_MAP), *html = gz_value_new(GZ_VALUE_MAP);
	gz_value_put(vars, "layout", gz_value_copy(layout_vars));
	gz_value_put(html, "content", gz_value_new_string(content, len));
	struct gz_liquid_env env = *page_env;
	env.name = l->path;
	env.path = l->path;
	env.vars = vars;
	env.html_vars = html;
	size_t text_len = strlen(l->text + l->body);
	char *out = gz_liquid_render(&env, l->text + l->body, text_len, l->body_line, log, out_len);
	gz_value_free(vars);
	gz_value_free(html);
	return out;
}

bool
gz_is_post(const char *path)
{
	return !strncmp(path, "_posts/", 7) || strstr(path, "/_posts/") != NULL;
}

/* A post's excerpt as Jekyll makes it: its first paragraph (block) as HTML,
 * unless the front matter gives `excerpt:`.  A new string. */
char *
gz_post_excerpt(const struct gz_node *first, const struct gz_options *opts)
{
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	if (first)
		gz_html_render(first, first->next, opts, NULL, 0, &b);
	return gz_buf_detach(&b, NULL);
}

char *
gz_liquid_layout(const struct gz_doc *doc, const struct gz_options *opts, const char *html,
    size_t len, struct gz_log *log, size_t *out_len)
{
	const char *first = gz_layout_name(doc);
	char *name = first ? gz_xstrdup(first) : NULL;
	const struct gz_value *named = gz_value_get(doc->page, "layout");
	unsigned line = named ? named->line : 0;
	const char *from = doc->name;   /* the file that names the layout */
	char *dir = layouts_dir(doc->site);
	char **categories = NULL;
	size_t category_count = 0;
	if (strcmp(doc->path, "-") != 0)
		gz_path_categories(doc->path, doc->site, &categories, &category_count);
	/* page.content in a layout is the page's HTML, as Jekyll has it there; a
	 * post has its excerpt; only posts and pages that give one have a date. */
	struct gz_value *page = gz_value_copy(doc->page);
	if (gz_is_post(doc->path) && !gz_value_get(page, "excerpt")) {
		char *excerpt = gz_post_excerpt(doc->root->first, opts);
		gz_value_put(page, "excerpt", gz_value_new_string(excerpt, strlen(excerpt)));
		free(excerpt);
	}
	if (gz_is_post(doc->path) && !gz_value_get(page, "title")) {
		char *title = gz_titleize_slug(doc->stem);
		gz_value_put(page, "title", gz_value_new_string(title, strlen(title)));
		free(title);
	}
	bool dated = doc->meta.date_source <= GZ_DATE_FILE_NAME;
	const struct gz_liquid_env page_env = {
		.page = page, .site = doc->site, .url = doc->meta.permalink,
		.date = dated ? &doc->meta.date : NULL, .content = html, .content_len = len,
		.categories = categories, .category_count = category_count,
	};
	char *used[MAX_CHAIN];
	size_t used_count = 0;
	struct gz_value *layout_vars = gz_value_new(GZ_VALUE_MAP);
	char *output = gz_xstrndup(html, len), *result = NULL;
	size_t output_len = len;
	while (name) {
		char *path = find_layout(dir, name);
		if (!path) {
			gz_error(log, from, line, "layout '%s' not found: there is no %s/%s.html (nor "
			    "%s.* there)", name, dir, name, name);
			goto out;
		}
		for (size_t i = 0; i < used_count; i++) {
			if (strcmp(used[i], path) == 0) {
				gz_error(log, from, line, "layout '%s' is inside itself: %s is already "
				    "in the chain of layouts of %s", name, path, doc->name);
				free(path);
				goto out;
			}
		}
		if (used_count == MAX_CHAIN) {
			gz_error(log, from, line, "more than %d layouts inside each other", MAX_CHAIN);
			free(path);
			goto out;
		}
		used[used_count++] = path;
		struct layout l;
		if (!read_layout(path, &l, log)) {
			layout_free(&l);
			goto out;
		}
		struct gz_value *merged = gz_value_copy(l.data);
		gz_value_merge(merged, layout_vars);
		gz_value_free(layout_vars);
		layout_vars = merged;
		size_t n;
		char *next = render_layout(&page_env, &l, layout_vars, output, output_len, log, &n);
		free(output);
		output = next;
		output_len = n;
		if (!output) {
			layout_free(&l);
			goto out;
		}
		/* The next layout: this one's `layout:`, reported at its line. */
		const struct gz_value *up = gz_value_get(l.data, "layout");
		free(name);
		name = named_layout(l.data) ? gz_xstrdup(named_layout(l.data)) : NULL;
		line = up ? up->line : 0;
		from = used[used_count - 1];
		layout_free(&l);
	}
	result = output;
	output = NULL;
	*out_len = output_len;
out:
	free(name);
	for (size_t i = 0; i < used_count; i++)
		free(used[i]);
	for (size_t i = 0; i < category_count; i++)
		free(categories[i]);
	free(categories);
	gz_value_free(layout_vars);
	gz_value_free(page);
	free(output);
	free(dir);
	return result;
}

char *
gz_liquid_page(const char *path, const struct gz_value *site, const struct gz_options *opts,
    struct gz_log *log, size_t *out_len)
{
	size_t len, body;
	unsigned line;
	char *text = gz_read_file_max(path, GZ_INPUT_MAX, &len);
	if (!text) {
		gz_error(log, path, 0, "cannot read: %s", gz_strerror(errno));
		return NULL;
	}
	struct gz_doc doc = { .path = (char *)path, .name = (char *)path, .site = site };
	char *result = NULL;
	if (!gz_front_matter_split(path, text, len, &doc.page, &body, &line, log))
		goto out;
	/* As gz_doc_parse: defaults and --set, then the date and URL, then Liquid. */
	bool own_layout = gz_value_get(doc.page, "layout") != NULL;
	gz_jekyll_defaults(&doc.page, site, path);
	const struct gz_value *sets = opts->sets ? gz_value_get(opts->sets, "page") : NULL;
	if (sets && sets->kind == GZ_VALUE_MAP)
		gz_value_merge(doc.page, sets);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	doc.stem = gz_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
	gz_meta_init(&doc.meta, &doc, log);
	char **cats = NULL;
	size_t cat_count = 0;
	gz_path_categories(path, site, &cats, &cat_count);
	const struct gz_liquid_env env = { .name = path, .path = path, .page = doc.page,
		.site = site, .url = doc.meta.permalink, .date = &doc.meta.date,
		.content = text + body, .content_len = len - body,
		.categories = cats, .category_count = cat_count };
	size_t n;
	char *out = gz_liquid_render(&env, text + body, len - body, line, log, &n);
	for (size_t i = 0; i < cat_count; i++)
		free(cats[i]);
	free(cats);
	if (out && opts->layouts && gz_layout_name(&doc)) {
		result = gz_liquid_layout(&doc, opts, out, n, log, out_len);
		free(out);
	} else if (out && gz_layout_name(&doc)) {
		/* Without --layouts a Markdown page gets gazette's own page; this
		 * one is written as its Liquid made it, which may be a fragment. */
		const struct gz_value *named = gz_value_get(doc.page, "layout");
		unsigned at = named->line;
		/* Named by the page, or by the configuration's defaults. */
		const char *file = own_layout ? path : gz_site_where(site, named, &at);
		gz_warn(log, file ? file : path, file ? at : 0, "layout '%s' of %s is applied only "
		    "with --layouts: the page is written without it", gz_layout_name(&doc), path);
		result = out;
		*out_len = n;
	} else {
		result = out;
		*out_len = n;
	}
	gz_meta_free(&doc.meta);
	free(doc.stem);
out:
	gz_value_free(doc.page);
	free(text);
	return result;
}
