/* liquid_site.c: Liquid on a page of a site: page.* and site.* (with site.data from
 * _data/), Jekyll's include, include_relative, link, post_url and highlight tags, and
 * the entry point. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { DATA_MAX_DEPTH = 8, DATA_MAX_FILES = 2000, POSTS_MAX_DEPTH = 6 };

/* The site's root (site.source), else the current folder. */
static const char *
site_root(const struct lq_ctx *cx)
{
	const char *s = cx->env->site ? gz_value_string(cx->env->site, "source") : NULL;
	return s && *s ? s : ".";
}

/* The site's folder the setting `key` names (`data_dir`), else `fallback`,
 * below the site's root: like Jekyll, `..` never leads out of it.  A new
 * string. */
static char *
site_folder(const struct lq_ctx *cx, const char *key, const char *fallback)
{
	const char *setting = cx->env->site ? gz_value_string(cx->env->site, key) : NULL;
	char *inside = gz_path_inside(setting ? setting : fallback);
	char *dir = gz_xasprintf("%s/%s", site_root(cx), inside);
	free(inside);
	return dir;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* One CSV or TSV line into fields: `"` quotes a field (`""` is a quote inside
 * one); a quoted field may hold the separator and line ends. *p advances. */
static struct lq_value *
csv_row(const char **p, const char *end, char sep)
{
	struct lq_value *row = lq_new(LQ_ARRAY);
	struct gz_buf f = {0};
	const char *s = *p;
	bool quoted = false;
	for (; s < end; s++) {
		if (quoted) {
			if (*s == '"' && s + 1 < end && s[1] == '"')
				gz_buf_putc(&f, *s++);
			else if (*s == '"')
				quoted = false;
			else
				gz_buf_putc(&f, *s);
		} else if (*s == '"' && sep == ',') {
			quoted = true;
		} else if (*s == sep || *s == '\n') {
			gz_buf_append(&f, "", 0);
			lq_push(row, lq_str(f.data, f.len));
			f.len = 0;
			if (*s == '\n') {
				s++;
				break;
			}
		} else if (*s != '\r') {
			gz_buf_putc(&f, *s);
		}
	}
	if (f.len || (s == end && s > *p && s[-1] != '\n'))
		lq_push(row, lq_str(f.data ? f.data : "", f.len));
	gz_buf_free(&f);
	*p = s;
	return row;
}

/* A CSV or TSV file as Jekyll reads it: a list of hashes keyed by the first row. */
static struct lq_value *
read_table(const char *text, size_t len, char sep)
{
	const char *p = text, *end = text + len;
	struct lq_value *head = csv_row(&p, end, sep), *rows = lq_new(LQ_ARRAY);
	while (p < end) {
		struct lq_value *r = csv_row(&p, end, sep);
		struct lq_value *h = lq_new(LQ_HASH);
		for (size_t i = 0; i < head->c.count; i++)
			lq_set(h, head->c.items[i]->str.s,
			    i < r->c.count ? lq_ref(r->c.items[i]) : lq_nil());
		lq_unref(r);
		lq_push(rows, h);
	}
	lq_unref(head);
	return rows;
}

/* A data file's value, or NULL (with a warning) when it cannot be read. */
static struct lq_value *
read_data_file(struct lq_ctx *cx, const char *path)
{
	size_t len;
	char *text = gz_read_file(path, &len);
	if (!text) {
		gz_warn(cx->log, path, 0, "cannot read the data file: %s", strerror(errno));
		return NULL;
	}
	struct lq_value *v = NULL;
	if (has_suffix(path, ".csv") || has_suffix(path, ".tsv")) {
		v = read_table(text, len, has_suffix(path, ".csv") ? ',' : '\t');
	} else {
		/* JSON is YAML (1.2): libyaml reads it, with the same limits. */
		struct gz_value *g = gz_yaml_parse_value(path, text, len, 1, cx->log);
		if (g) {
			v = lq_from_gz(g);
			gz_value_free(g);
		}
	}
	free(text);
	return v;
}

/* qsort's order for an array of strings (strcmp itself would compare the
 * array's pointers). */
static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every data file below `dir` into `into`, keyed by file name without
 * extension; folders become hashes of their own. */
static void
read_data_dir(struct lq_ctx *cx, const char *dir, struct lq_value *into, int depth,
    unsigned *files)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	/* readdir's order is the file system's: sort the names for the same result everywhere */
	char **names = NULL;
	size_t count = 0;
	while ((e = readdir(d)) && count < DATA_MAX_FILES) {
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		names = gz_xrealloc(names, (count + 1) * sizeof *names);
		names[count++] = gz_xstrdup(e->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		char *path = gz_xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < DATA_MAX_DEPTH) {
			struct lq_value *sub = lq_new(LQ_HASH);
			read_data_dir(cx, path, sub, depth + 1, files);
			lq_set(into, names[i], sub);
		} else if (S_ISREG(st.st_mode) && ++*files <= DATA_MAX_FILES) {
			static const char *const exts[] = { ".yml", ".yaml", ".json", ".csv", ".tsv" };
			for (size_t k = 0; k < GZ_ARRAY_LEN(exts); k++) {
				if (!has_suffix(names[i], exts[k]))
					continue;
				struct lq_value *v = read_data_file(cx, path);
				names[i][strlen(names[i]) - strlen(exts[k])] = '\0';
				if (v)
					lq_set(into, names[i], v);
				break;
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

struct lq_value *
lq_site_data(struct lq_ctx *cx)
{
	struct lq_value *site = lq_site(cx), *data = lq_get(site, "data", 4);
	if (cx->data_loaded)
		return data;
	cx->data_loaded = true;
	char *dir = site_folder(cx, "data_dir", "_data");
	unsigned files = 0;
	read_data_dir(cx, dir, data, 0, &files);
	free(dir);
	return data;
}

struct lq_value *
lq_site(struct lq_ctx *cx)
{
	if (cx->site)
		return cx->site;
	struct lq_value *site = cx->env->site ? lq_from_gz(cx->env->site) : lq_new(LQ_HASH);
	if (site->kind != LQ_HASH) {
		lq_unref(site);
		site = lq_new(LQ_HASH);
	}
	/* site.data is read on first use (lq_site_data): most pages never look. */
	lq_set(site, "data", lq_new(LQ_HASH));
	lq_set(site, "time", lq_time(gz_time_now()));
	/* Read from the site's folder on first use (lq_site_collections). */
	lq_set(site, "posts", lq_new(LQ_ARRAY));
	lq_set(site, "pages", lq_new(LQ_ARRAY));
	lq_set(site, "categories", lq_new(LQ_HASH));
	lq_set(site, "tags", lq_new(LQ_HASH));
	lq_site_empty_lists(site, cx->env->site);
	return cx->site = site;
}

/* ---- tags ---- */

/* A tag argument that holds {{ }}, rendered; else a copy. */
static char *
tag_argument(struct lq_ctx *cx, const struct lq_node *n)
{
	if (!n->dynamic)
		return gz_xstrdup(n->text);
	struct lq_template *t = lq_parse(cx->file, n->text, strlen(n->text), n->line, cx->log);
	if (!t) {
		cx->failed = true;
		return NULL;
	}
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	lq_render(cx, t->first, &b);
	lq_template_free(t);
	cx->line = n->line;
	return gz_squeeze(gz_buf_detach(&b, NULL));
}

/* A relative path that stays below its folder: no `..`, not absolute. */
static bool
safe_relative(const char *path)
{
	if (path[0] == '/')
		return false;
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '/' || !p[2]))
			return false;
	return true;
}

/* The parsed include at `path`, read and parsed once per page (an include in
 * a loop is read once); NULL after failing. */
static const struct lq_include *
load_include(struct lq_ctx *cx, const char *path)
{
	for (size_t i = 0; i < cx->include_count; i++)
		if (!strcmp(cx->includes[i].path, path))
			return &cx->includes[i];
	size_t len;
	char *text = gz_read_file(path, &len);
	if (!text) {
		lq_fail(cx, "Liquid error: could not read the included file '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	struct lq_template *t = lq_parse(path, text, len, 1, cx->log);
	if (!t) {
		free(text);
		cx->failed = true;
		return NULL;
	}
	cx->includes = gz_xrealloc(cx->includes, (cx->include_count + 1) * sizeof *cx->includes);
	cx->includes[cx->include_count] = (struct lq_include){ gz_xstrdup(path), text, t };
	return &cx->includes[cx->include_count++];
}

static void
run_include(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	char *name = tag_argument(cx, n);
	if (!name)
		return;
	char *path = NULL;
	if (!safe_relative(name)) {
		lq_fail(cx, "Liquid error: include file '%s' must be a path below its folder", name);
	} else if (n->reversed) {
		const char *page = cx->file;
		const char *slash = strrchr(page, '/');
		path = gz_xasprintf("%.*s%s", slash ? (int)(slash + 1 - page) : 0, page, name);
	} else {
		char *dir = site_folder(cx, "includes_dir", "_includes");
		path = gz_xasprintf("%s/%s", dir, name);
		free(dir);
	}
	if (path && cx->include_depth >= LQ_MAX_INCLUDE_DEPTH)
		lq_fail(cx, "Liquid error: includes nested more than %d deep (does '%s' include "
		    "itself?)", LQ_MAX_INCLUDE_DEPTH, name);
	const struct lq_include *inc = path && !cx->failed ? load_include(cx, path) : NULL;
	const struct lq_template *t = inc ? inc->template : NULL;
	if (t) {
		struct lq_value *params = lq_new(LQ_HASH);
		for (size_t i = 0; i < n->param_count; i++)
			lq_set(params, n->params[i].name, lq_eval(cx, n->params[i].value, NULL));
		lq_push_scope(cx);
		lq_set(cx->scopes[cx->scope_count - 1], "include", params);
		const char *file = cx->file;
		cx->file = inc->path;
		cx->include_depth++;
		lq_render(cx, t->first, out);
		cx->include_depth--;
		cx->file = file;
		cx->line = n->line;
		lq_pop_scope(cx);
	}
	free(path);
	free(name);
}

/* The site URL of the file at `rel` below the site's root: a page or post by
 * its front matter and Jekyll's rules, a file without front matter as it is. */
static char *
url_of_file(struct lq_ctx *cx, const char *rel)
{
	char *path = gz_xasprintf("%s/%s", site_root(cx), rel);
	size_t len;
	char *text = gz_read_file(path, &len);
	char *url = NULL;
	if (!text) {
		free(path);
		return NULL;
	}
	struct gz_value *page = NULL;
	size_t body;
	unsigned line;
	struct gz_log quiet = { .verbosity = -1, .emit = NULL };
	if (len >= 3 && memcmp(text, "---", 3) == 0 &&
	    gz_front_matter_split(path, text, len, &page, &body, &line, &quiet)) {
		/* The date and URL the page has when it is converted itself. */
		char *stem = gz_path_stem(rel);
		struct gz_time date;
		gz_page_date(page, stem, path, &date);
		url = gz_permalink_of(path, page, cx->env->site, date);
		free(stem);
	} else {
		url = gz_xasprintf("/%s", rel);
	}
	gz_value_free(page);
	free(text);
	free(path);
	return url;
}

/* Whether the path `sub` has the folders `dir[0..len)` in it. */
static bool
in_folder(const char *sub, const char *dir, size_t len)
{
	for (const char *p = sub; (p = strstr(p, "/")) || p == sub; ) {
		const char *start = p == sub && *p != '/' ? p : p + 1;
		if (!strncmp(start, dir, len) && start[len] == '/')
			return true;
		if (!*p || !(p = strchr(start, '/')))
			break;
	}
	return !strncmp(sub, dir, len) && sub[len] == '/';
}

/* Looks for the post `want` (`2024-03-05-x` or `dir/2024-03-05-x`) in every
 * `_posts` folder below `dir`; its path below the root, or NULL. */
static char *
find_post(const char *root, const char *rel, const char *want, int depth)
{
	char *dir = *rel ? gz_xasprintf("%s/%s", root, rel) : gz_xstrdup(root);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	struct dirent *e;
	bool in_posts = has_suffix(rel, "_posts") || strstr(rel, "_posts/");
	while (!found && (e = readdir(d))) {
		const char *name = e->d_name;
		if (name[0] == '.' || !strcmp(name, "_site") || !strcmp(name, "node_modules") ||
		    !strcmp(name, "vendor") || (name[0] == '_' && strcmp(name, "_posts") && !in_posts))
			continue;
		char *sub = *rel ? gz_xasprintf("%s/%s", rel, name) : gz_xstrdup(name);
		const char *dot = strrchr(name, '.');
		size_t stem = dot ? (size_t)(dot - name) : strlen(name);
		const char *slash = strrchr(want, '/');
		const char *want_stem = slash ? slash + 1 : want;
		if (in_posts && strlen(want_stem) == stem && !strncmp(name, want_stem, stem) &&
		    (!slash || in_folder(sub, want, (size_t)(slash - want))))
			found = gz_xstrdup(sub);
		else if (depth < POSTS_MAX_DEPTH && e->d_type != DT_REG)
			found = find_post(root, sub, want, depth + 1);
		free(sub);
	}
	closedir(d);
	return found;
}

static void
run_link(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	char *arg = tag_argument(cx, n);
	if (!arg)
		return;
	const char *rel = arg[0] == '/' ? arg + 1 : arg;
	char *url = NULL, *post = NULL;
	if (!safe_relative(rel)) {
		lq_fail(cx, "Liquid error: '%s' in tag '%s' must be a path below the site's root",
		    arg, n->kind == LQ_LINK ? "link" : "post_url");
	} else if (n->kind == LQ_LINK) {
		url = url_of_file(cx, rel);
		if (!url)
			lq_fail(cx, "Liquid error: could not find document '%s' in tag 'link' (below "
			    "%s)", arg, site_root(cx));
	} else {
		post = find_post(site_root(cx), "", rel, 0);
		url = post ? url_of_file(cx, post) : NULL;
		if (!url)
			lq_fail(cx, "Liquid error: could not find post '%s' in tag 'post_url' (no "
			    "_posts folder below %s holds it)", arg, site_root(cx));
	}
	if (url) {
		char *full = lq_relative_url(cx, url);
		if (lq_charge(cx, strlen(full)))
			gz_buf_puts(out, full);
		free(full);
	}
	free(url);
	free(post);
	free(arg);
}

/* Jekyll's highlight, as a fenced code block for the Markdown that follows. */
void
lq_run_highlight(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct gz_buf code = {0};
	gz_buf_append(&code, "", 0);
	lq_render(cx, n->body, &code);
	const char *s = code.data;
	size_t len = code.len;
	while (len && (*s == '\n' || *s == '\r'))
		s++, len--;
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < fence; i++)
		gz_buf_putc(out, '`');
	gz_buf_puts(out, n->text);
	gz_buf_putc(out, '\n');
	gz_buf_append(out, s, len);
	gz_buf_putc(out, '\n');
	for (size_t i = 0; i < fence; i++)
		gz_buf_putc(out, '`');
	gz_buf_free(&code);
}

bool
lq_jekyll_tag(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	if (n->kind == LQ_INCLUDE)
		run_include(cx, n, out);
	else
		run_link(cx, n, out);
	return !cx->failed;
}

/* ---- the entry point ---- */

/* page.*: the front matter with what Jekyll adds: url, date, categories, tags. */
static struct lq_value *
page_value(const struct gz_liquid_env *env)
{
	struct lq_value *page = env->page ? lq_from_gz(env->page) : lq_new(LQ_HASH);
	if (page->kind != LQ_HASH) {
		lq_unref(page);
		page = lq_new(LQ_HASH);
	}
	if (env->url)
		lq_set(page, "url", lq_cstr(env->url));
	if (env->date)
		lq_set(page, "date", lq_time(*env->date));
	if (env->content)
		lq_set(page, "content", lq_str_borrow(env->content, env->content_len));
	for (int k = 0; k < 2; k++) {
		const char *names[2][2] = { { "category", "categories" }, { "tag", "tags" } };
		char **words = NULL;
		size_t count = 0;
		if (k == 0 && env->categories)
			for (size_t i = 0; i < env->category_count; i++)
				words = gz_xrealloc(words, (count + 1) * sizeof *words),
				words[count++] = gz_xstrdup(env->categories[i]);
		if (env->page) {
			gz_words_add(gz_value_get(env->page, names[k][1]), &words, &count);
			gz_words_add(gz_value_get(env->page, names[k][0]), &words, &count);
		}
		struct lq_value *list = lq_new(LQ_ARRAY);
		for (size_t i = 0; i < count; i++) {
			lq_push(list, lq_cstr(words[i]));
			free(words[i]);
		}
		free(words);
		lq_set(page, names[k][1], list);
	}
	return page;
}

static void
add_vars(struct lq_value *globals, const struct gz_value *vars, bool html)
{
	for (size_t i = 0; vars && i < vars->count; i++) {
		struct lq_value *v = lq_from_gz(vars->items[i]);
		if (html && vars->items[i]->kind == GZ_VALUE_STRING) {
			lq_unref(v);
			v = lq_cstr(vars->items[i]->string);
			v->html = html;
		}
		lq_set(globals, vars->keys[i], v);
	}
}

/* gz_liquid_render, and over `writable` (the same bytes as `text`) when that
 * is not NULL and the template allows (lq_render_flat). */
static char *
render(const struct gz_liquid_env *env, const char *text, char *writable, size_t len,
    unsigned first_line, struct gz_log *log, size_t *out_len)
{
	struct lq_template *t = lq_parse(env->name, text, len, first_line, log);
	if (!t)
		return NULL;
	struct lq_ctx cx = {
		.env = env, .log = log, .file = env->name, .template_mode = env->escape_output,
		.counters = lq_new(LQ_HASH), .cycles = lq_new(LQ_HASH),
		.deadline = lq_now() + LQ_MAX_SECONDS,
	};
	lq_push_scope(&cx);
	lq_set(cx.scopes[0], "page", page_value(env));
	add_vars(cx.scopes[0], env->vars, false);
	add_vars(cx.scopes[0], env->html_vars, true);
	struct gz_buf out = {0};
	gz_buf_append(&out, "", 0);
	size_t in_place = SIZE_MAX;
	if (!writable || !lq_render_flat(&cx, t->first, writable, len, &out, &in_place))
		lq_render(&cx, t->first, &out);
	for (size_t i = 0; i < cx.undefined_count; i++) {
		struct lq_undefined *u = &cx.undefined[i];
		if (!cx.failed && u->count > 1)
			gz_warn(log, u->file, u->line, "undefined variable '%s' (used %u times from here "
			    "on); it expands to nothing (define it in the front matter, _config.yml or "
			    "with --set)", u->name, u->count);
		else if (!cx.failed)
			gz_warn(log, u->file, u->line, "undefined variable '%s'; it expands to nothing "
			    "(define it in the front matter, _config.yml or with --set)", u->name);
		free(u->name);
		free(u->file);
	}
	free(cx.undefined);
	while (cx.scope_count)
		lq_pop_scope(&cx);
	free(cx.scopes);
	lq_unref(cx.counters);
	lq_unref(cx.cycles);
	lq_unref(cx.site);
	for (size_t i = 0; i < cx.include_count; i++) {
		free(cx.includes[i].path);
		free(cx.includes[i].text);
		lq_template_free(cx.includes[i].template);
	}
	free(cx.includes);
	lq_template_free(t);
	if (cx.failed) {
		gz_buf_free(&out);
		return NULL;
	}
	if (in_place != SIZE_MAX) {
		gz_buf_free(&out);
		*out_len = in_place;
		return writable;
	}
	return gz_buf_detach(&out, out_len);
}

char *
gz_liquid_render(const struct gz_liquid_env *env, const char *text, size_t len,
    unsigned first_line, struct gz_log *log, size_t *out_len)
{
	return render(env, text, NULL, len, first_line, log, out_len);
}

char *
gz_liquid_render_over(const struct gz_liquid_env *env, char *text, size_t len,
    unsigned first_line, struct gz_log *log, size_t *out_len)
{
	return render(env, text, text, len, first_line, log, out_len);
}

char *
gz_liquid_expand(const char *name, const char *body, size_t len, unsigned first_line,
    const struct gz_value *page, const struct gz_value *site, struct gz_log *log,
    size_t *out_len)
{
	const struct gz_liquid_env env = { .name = name, .page = page, .site = site,
	    .bare_names = true };
	return gz_liquid_render(&env, body, len, first_line, log, out_len);
}
