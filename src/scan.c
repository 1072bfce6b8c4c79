/* scan.c: a Jekyll or Hugo site folder read as its generator reads it: which
 * files are pages, which are copied as they are, and where each is published. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Jekyll leaves these out unless `include:` names them (besides names
 * starting with '.', '_', '#' or ending in '~'). */
static const char *const jekyll_excludes[] = { "Gemfile", "Gemfile.lock", "node_modules",
	"vendor", ".sass-cache", ".jekyll-cache", "gemfiles" };

struct scan {
	struct gz_site_map *map;
	const struct gz_value *site;
	const char *root;
	bool hugo, drafts;
	const char *skip;               /* a folder left out (the output), resolved; or NULL */
	struct gz_log *log;
	struct gz_time now;
	bool warned_sass;
};

/* Whether the file opens with Jekyll's front matter line (`---`, spaces
 * allowed after it), which makes any file a page; read without the rest. */
static bool
opens_front_matter(const char *path)
{
	char head[64];
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n < 4 || memcmp(head, "---", 3) != 0)
		return false;
	size_t i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r'))
		i++;
	return i < n && head[i] == '\n';
}

/* Jekyll compiles a .scss or .sass file with front matter to .css; gazette
 * does not: such a file is left out with one warning for the site.  Without
 * front matter it is copied, as Jekyll does. */
static bool
uncompiled_sass(struct scan *s, const char *path, const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || (strcmp(dot, ".scss") != 0 && strcmp(dot, ".sass") != 0))
		return false;
	bool front = opens_front_matter(path);
	if (front && !s->warned_sass) {
		s->warned_sass = true;
		gz_warn(s->log, path, 0, "Sass is not compiled: %.*s.css is not written (nor any "
		    "other .scss or .sass with front matter of this site); compile it with sass "
		    "and keep the .css in the site, which is copied as it is",
		    (int)(dot - name), name);
	}
	return front;
}

static bool
listed(const struct gz_value *list, const char *name)
{
	if (!list || list->kind != GZ_VALUE_LIST)
		return false;
	for (size_t i = 0; i < list->count; i++) {
		const char *s = list->items[i]->kind == GZ_VALUE_STRING ? list->items[i]->string : "";
		size_t n = strlen(s);
		while (n > 0 && s[n - 1] == '/')
			n--;
		if (n && strncmp(s, name, n) == 0 && (name[n] == '\0' || name[n] == '/'))
			return true;
	}
	return false;
}

/* The front matter of `path` (a MAP), or NULL when the file has none. */
static struct gz_value *
front_matter(const char *path, struct gz_log *log)
{
	size_t len;
	char *text = gz_read_file(path, &len);
	if (!text)
		return NULL;
	struct gz_value *page = NULL;
	size_t offset;
	unsigned line;
	const char *t = text;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		t += 3, len -= 3;
	if (len >= 3 && memcmp(t, "---", 3) == 0
	    && !gz_front_matter_split(path, t, len, &page, &offset, &line, log))
		page = NULL;
	free(text);
	return page;
}

static void
add(struct gz_site_map *m, enum gz_site_entry_kind kind, const char *path, const char *rel,
    char *output)
{
	if (m->count == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->entries = gz_xrealloc(m->entries, m->cap * sizeof *m->entries);
	}
	m->entries[m->count++] = (struct gz_site_entry){
		.kind = kind,
		.path = gz_xstrdup(path),
		.rel = gz_xstrdup(rel),
		.output = output,
	};
}

/* `/a/b/` is a/b/index.html; `/a/b.html` is a/b.html; `/a/b` is a/b.html, as
 * Jekyll writes them (Hugo gives every page a folder of its own).  Empty,
 * `.` and `..` segments are dropped, as Jekyll's URL#sanitize_url drops
 * them: a permalink (`/../../x/`, from a page or the configuration) never
 * leads out of the output folder. */
char *
gz_site_output_path(const char *url, const char *ext)
{
	struct gz_buf b = {0};
	bool folder = true;             /* the URL ends in a folder: index.html */
	/* A page's URL is escaped (`%20`, `%E4%B8%AD`); its file is named as
	 * the URL decodes, as Jekyll writes it. */
	char *plain = gz_url_unescape(url);
	for (const char *p = plain; *p;) {
		size_t n = strcspn(p, "/");
		bool skip = n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.');
		if (!skip) {
			gz_buf_append(&b, p, n);
			gz_buf_putc(&b, '/');
		}
		folder = skip || p[n] == '/';
		p += n + (p[n] == '/');
	}
	free(plain);
	if (folder) {
		gz_buf_puts(&b, "index");
		gz_buf_puts(&b, ext);
		return gz_buf_detach(&b, NULL);
	}
	b.data[--b.len] = '\0';        /* the last segment's slash */
	const char *base = strrchr(b.data, '/');
	base = base ? base + 1 : b.data;
	size_t n = strlen(ext);
	/* A page's file without an extension is HTML; a file of another kind
	 * (feed.xml at /feed) ends in its own, as Jekyll names it. */
	if (strcmp(ext, ".html") == 0 ? !strchr(base, '.')
	    : b.len < n || strcmp(b.data + b.len - n, ext) != 0)
		gz_buf_puts(&b, ext);
	return gz_buf_detach(&b, NULL);
}

static bool
is_true(const struct gz_value *page, const char *key)
{
	const char *v = gz_value_string(page, key);
	return v && strcmp(v, "true") == 0;
}

/* A page's date as gz_meta finds it. */
static struct gz_time
page_date(const struct gz_value *page, const char *path, const char *rel)
{
	char *stem = gz_path_stem(rel);
	struct gz_time t;
	gz_page_date(page, stem, path, &t);
	free(stem);
	return t;
}

/* A page of the site: written unless unpublished, a draft or in the future. */
static void
add_page(struct scan *s, enum gz_site_entry_kind kind, const char *path, const char *rel,
    struct gz_value *page)
{
	const char *published = gz_value_string(page, "published");
	if (published && strcmp(published, "false") == 0)
		return;
	if (is_true(page, "draft") && !s->drafts)
		return;
	struct gz_time date = page_date(page, path, rel);
	const char *future = gz_value_string(s->site, s->hugo ? "buildFuture" : "future");
	if (date.seconds > s->now.seconds && !(future && strcmp(future, "true") == 0)) {
		gz_warn(s->log, path, 0, "dated in the future: left out, as %s does (set %s: true)",
		    s->hugo ? "Hugo" : "Jekyll", s->hugo ? "buildFuture" : "future");
		return;
	}
	char *url = gz_permalink_for(s->site, page, rel, date);
	/* A page that Liquid alone renders keeps its own kind of file. */
	add(s->map, kind, path, rel, gz_site_output_path(url, gz_jekyll_output_ext(rel)));
	free(url);
}

static void walk(struct scan *s, const char *dir, const char *rel);

static void
visit(struct scan *s, const char *path, const char *rel, const char *name, bool is_dir)
{
	const struct gz_value *include = gz_value_get(s->site, "include");
	const struct gz_value *exclude = gz_value_get(s->site, "exclude");
	if (!s->hugo) {
		bool hidden = name[0] == '.' || name[0] == '_' || name[0] == '#'
		    || name[strlen(name) - 1] == '~';
		bool posts = strcmp(name, "_posts") == 0 || (strcmp(name, "_drafts") == 0 && s->drafts);
		/* A collection's folder: its documents are written when the
		 * collection is (output: true), and listed as site.LABEL always. */
		if (is_dir && hidden && strchr(rel, '/') == NULL) {
			char *cname = NULL, *probe = gz_xasprintf("%s/x", rel);
			posts = posts || gz_jekyll_collection(s->site, probe, &cname);
			free(cname);
			free(probe);
		}
		bool excluded = listed(exclude, rel);
		for (size_t i = 0; i < GZ_ARRAY_LEN(jekyll_excludes); i++)
			excluded = excluded || strcmp(rel, jekyll_excludes[i]) == 0;
		if (((hidden && !posts) || excluded) && !listed(include, rel))
			return;
	} else if (name[0] == '.') {
		return;
	}
	if (is_dir) {
		char *real = s->skip ? realpath(path, NULL) : NULL;
		bool skip = real && strcmp(real, s->skip) == 0;
		free(real);
		if (!skip)
			walk(s, path, rel);
		return;
	}
	if (s->hugo) {
		/* content/ holds the pages and their bundles' resources; static/ is
		 * copied to the top; the rest is Hugo's (themes, layouts...). */
		const char *content = gz_value_string(s->site, "contentDir");
		if (!content || !*content)
			content = "content";
		size_t clen = strlen(content);
		if (strncmp(rel, "static/", 7) == 0) {
			add(s->map, GZ_SITE_STATIC, path, rel, gz_xstrdup(rel + 7));
		} else if (strncmp(rel, content, clen) == 0 && rel[clen] == '/') {
			if (gz_is_markdown_name(name)) {
				struct gz_value *page = front_matter(path, s->log);
				if (!page)
					page = gz_value_new(GZ_VALUE_MAP);
				add_page(s, GZ_SITE_PAGE, path, rel, page);
				gz_value_free(page);
			} else {
				/* A bundle's resource, published beside its page. */
				char *folder = gz_xstrndup(rel, (size_t)(strrchr(rel, '/') - rel));
				char *index = gz_xasprintf("%s/%s/index.md", s->root, folder);
				struct stat st;
				if (stat(index, &st) == 0) {
					struct gz_value *page = front_matter(index, s->log);
					char *irel = gz_xasprintf("%s/index.md", folder);
					char *url = gz_permalink_for(s->site, page, irel,
					    page_date(page, index, irel));
					char *folder_path = gz_url_unescape(url);   /* escaped */
					add(s->map, GZ_SITE_STATIC, path, rel,
					    gz_xasprintf("%s%s", folder_path + 1, name));
					free(folder_path);
					free(url);
					free(irel);
					gz_value_free(page);
				}
				free(index);
				free(folder);
			}
		}
		return;
	}
	/* Jekyll: a Markdown file with front matter is a page, converted; any
	 * other file with front matter a page that Liquid alone renders
	 * (`404.html`, `feed.xml`); the rest is copied as it is. */
	if (uncompiled_sass(s, path, name))
		return;
	bool markdown = gz_is_markdown_name(name);
	/* A collection that is not written: its Markdown documents are listed,
	 * nothing else of it is kept. */
	char *cname = NULL;
	const struct gz_value *c = gz_jekyll_collection(s->site, rel, &cname);
	free(cname);
	bool unwritten = c && !(c->kind == GZ_VALUE_MAP && is_true(c, "output"));
	if (unwritten && !markdown)
		return;
	struct gz_value *page = markdown || opens_front_matter(path) ? front_matter(path, s->log)
	    : NULL;
	if (page)
		add_page(s, unwritten ? GZ_SITE_DOC : markdown ? GZ_SITE_PAGE : GZ_SITE_LIQUID, path,
		    rel, page);
	else if (!unwritten)
		add(s->map, GZ_SITE_STATIC, path, rel, gz_xstrdup(rel));
	gz_value_free(page);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries in name order, so that the map is the same on every
 * file system. */
static void
walk(struct scan *s, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	if (!d) {
		gz_warn(s->log, dir, 0, "cannot read the folder: %s; it is left out", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t count = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = gz_xrealloc(names, (count + 1) * sizeof *names);
		names[count++] = gz_xstrdup(e->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		char *path = gz_xasprintf("%s/%s", dir, names[i]);
		char *child = *rel ? gz_xasprintf("%s/%s", rel, names[i]) : gz_xstrdup(names[i]);
		struct stat st;
		/* Links are followed, as the generators do; a loop ends at the depth
		 * limit of the path. */
		if (stat(path, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))
		    && strlen(child) < 4000)
			visit(s, path, child, names[i], S_ISDIR(st.st_mode));
		free(path);
		free(child);
		free(names[i]);
	}
	free(names);
}

bool
gz_site_scan(const char *root, const struct gz_value *site, bool drafts, const char *skip,
    struct gz_site_map *map, struct gz_log *log)
{
	*map = (struct gz_site_map){0};
	const char *generator = gz_value_string(site, "_generator");
	struct scan s = {
		.map = map,
		.site = site,
		.root = root,
		.hugo = generator && strcmp(generator, "hugo") == 0,
		.drafts = drafts,
		.skip = skip,
		.log = log,
		.now = gz_time_now(),
	};
	unsigned errors = log->errors;
	walk(&s, root, "");
	return log->errors == errors;
}

void
gz_site_map_free(struct gz_site_map *map)
{
	for (size_t i = 0; i < map->count; i++) {
		free(map->entries[i].path);
		free(map->entries[i].rel);
		free(map->entries[i].output);
	}
	free(map->entries);
	*map = (struct gz_site_map){0};
}
