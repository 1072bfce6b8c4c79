/* site.c: a site's folder as the program's input: the pages to convert, where
 * each output goes, the files copied beside them. */
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
add_feed(struct site_run *s, char *path, const char *category, const char *section)
{
	s->feeds = gz_xrealloc(s->feeds, (s->feed_count + 1) * sizeof *s->feeds);
	s->feeds[s->feed_count++] = (struct site_feed){
		.path = path,
		.category = category ? gz_xstrdup(category) : NULL,
		.section = section ? gz_xstrdup(section) : NULL,
	};
}

/* The first folder of a page below Hugo's content folder, or NULL. */
static char *
hugo_section(const struct site_run *s, const char *rel)
{
	const char *content = gz_value_string(s->config, "contentDir");
	if (!content || !*content)
		content = "content";
	size_t n = strlen(content);
	if (strncmp(rel, content, n) != 0 || rel[n] != '/')
		return NULL;
	const char *start = rel + n + 1, *slash = strchr(start, '/');
	if (!slash)
		return NULL;
	char *section = gz_xstrndup(start, (size_t)(slash - start));
	for (char *p = section; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return section;
}

/* jekyll-feed's feed.categories, each a feed of its own; Hugo's sections. */
static void
find_feeds(struct site_run *s, const struct cli *cli)
{
	const struct gz_value *feed = gz_value_get(s->config, "feed");
	const struct gz_value *cats = gz_value_get(feed, "categories");
	if (!s->hugo && cats && cats->kind == GZ_VALUE_LIST) {
		for (size_t i = 0; i < cats->count; i++)
			if (cats->items[i]->kind == GZ_VALUE_STRING && *cats->items[i]->string)
				add_feed(s, gz_xasprintf("feed/%s.xml", cats->items[i]->string),
				    cats->items[i]->string, NULL);
	}
	const struct gz_value *collections = gz_value_get(feed, "collections");
	if (!s->hugo && collections) {
		unsigned line;
		const char *file = gz_site_where(s->config, collections, &line);
		gz_warn((struct gz_log *)&cli->log, file, line, "feed.collections: gazette writes no "
		    "collection feeds yet; only the posts' feeds are written");
	}
	if (!s->hugo)
		return;
	for (size_t i = 0; i < cli->input_count; i++) {
		char *section = hugo_section(s, s->map.entries[s->page_entry[i]].rel);
		bool seen = !section;
		for (size_t k = 0; k < s->feed_count && !seen; k++)
			seen = strcmp(s->feeds[k].section, section) == 0;
		if (!seen)
			add_feed(s, gz_xasprintf("%s/index.xml", section), NULL, section);
		free(section);
	}
}

bool
site_feed_format(const struct site_run *s, const struct gz_format *f)
{
	const char *want = s->hugo ? "application/rss+xml" : "application/atom+xml";
	return f->media_type && strcmp(f->media_type, want) == 0;
}

bool
site_feed_lists(const struct site_run *s, const struct gz_doc *doc)
{
	return s->hugo || gz_is_post(doc->path) || strstr(doc->path, "/_drafts/");
}

bool
site_feed_wants(const struct site_run *s, size_t k, const struct gz_doc *doc)
{
	const struct site_feed *feed = &s->feeds[k];
	char *rel = gz_site_relative(s->config, doc->path);
	bool wants = false;
	if (feed->section) {
		char *section = hugo_section(s, rel);
		wants = section && strcmp(section, feed->section) == 0;
		free(section);
	} else {
		char **words = NULL;
		size_t count = 0;
		gz_page_categories(doc->page, rel, &words, &count);
		for (size_t i = 0; i < count; i++) {
			wants = wants || strcmp(words[i], feed->category) == 0;   /* as jekyll-feed: case counts */
			free(words[i]);
		}
		free(words);
	}
	free(rel);
	return wants;
}

/* jekyll-feed's feed.path must name a file inside the output folder: no
 * `..` segment.  False after reporting at the configuration's line. */
static bool
feed_path_inside(const struct gz_value *config, struct gz_log *log)
{
	const struct gz_value *v = gz_value_lookup(config, "feed.path");
	if (!v || v->kind != GZ_VALUE_STRING)
		return true;
	for (const char *p = v->string; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			unsigned line;
			const char *file = gz_site_where(config, v, &line);
			gz_error(log, file, line, "feed.path: '%s' leads out of the output folder; "
			    "give a path inside it, such as /feed.xml", v->string);
			return false;
		}
		p += n + (p[n] == '/');
	}
	return true;
}

/* Jekyll plugins gazette does not run: what each would add to the site is
 * missing, which is said once for each, at its line of the configuration.
 * Of those it stands in for, jekyll-feed needs the run to write Atom. */
static void
warn_plugins(const struct site_run *s, const struct cli *cli)
{
	struct gz_log *log = (struct gz_log *)&cli->log;
	bool atom = false;
	for (size_t i = 0; i < cli->format_count; i++)
		atom = atom || site_feed_format(s, cli->formats[i]);
	static const char *const keys[] = { "plugins", "gems" };
	for (size_t k = 0; k < GZ_ARRAY_LEN(keys); k++) {
		const struct gz_value *list = gz_value_get(s->config, keys[k]);
		for (size_t i = 0; list && list->kind == GZ_VALUE_LIST && i < list->count; i++) {
			const struct gz_value *v = list->items[i];
			if (v->kind != GZ_VALUE_STRING || strcmp(v->string, "jekyll-seo-tag") == 0)
				continue;
			unsigned line;
			const char *file = gz_site_where(s->config, v, &line);
			if (strcmp(v->string, "jekyll-feed") == 0) {
				if (!atom)
					gz_warn(log, file, line, "jekyll-feed's feed.xml is not written: "
					    "this run writes no Atom (add -t atom)");
				continue;
			}
			gz_warn(log, file, line, "plugin '%s' is not run: what it adds (pages, files, "
			    "tags, filters) is missing from the site%s", v->string,
			    strcmp(v->string, "jekyll-sitemap") == 0 ? "; a sitemap.xml with front "
			    "matter in the site is written through Liquid instead" : "");
		}
	}
}

bool
site_open(struct site_run *s, struct cli *cli)
{
	*s = (struct site_run){0};
	if (cli->input_count != 1 || !is_directory(cli->inputs[0]))
		return true;
	const char *dir = cli->inputs[0];
	char *probe = gz_xasprintf("%s/.", dir);
	char *found = cli->config_path ? NULL : gz_site_find_config(probe);
	const char *config = cli->config_path ? cli->config_path : found;
	char *real_dir = realpath(dir, NULL);
	bool ok = false;
	if (!config || !real_dir) {
		fprintf(stderr, "gazette: %s is a folder but no site: it has no _config.yml "
		    "(Jekyll) or hugo.toml, config.toml (Hugo); give its Markdown files "
		    "instead (%s/*.md)\n", dir, dir);
		goto out;
	}
	if (!cli->output || strcmp(cli->output, "-") == 0) {
		fprintf(stderr, "gazette: a site is written into a folder: give -o DIR\n");
		goto out;
	}
	s->config = gz_site_load(config, probe, &cli->opts, &cli->log);
	if (!s->config)
		goto out;
	if (!feed_path_inside(s->config, &cli->log))
		goto out;
	/* The site's root is where its configuration is. */
	const char *source = gz_value_string(s->config, "source");
	s->root = gz_xstrdup(source ? source : real_dir);
	const char *generator = gz_value_string(s->config, "_generator");
	s->hugo = generator && strcmp(generator, "hugo") == 0;
	/* The output folder is not part of the site, and never the site itself. */
	char *real_out = realpath(cli->output, NULL);
	if (real_out && strcmp(real_out, s->root) == 0) {
		fprintf(stderr, "gazette: %s is the site's own folder: its outputs would replace its "
		    "files; give another folder with -o (such as %s/_site)\n", cli->output, dir);
		free(real_out);
		goto out;
	}
	bool scanned = gz_site_scan(s->root, s->config, cli->drafts, real_out, &s->map, &cli->log);
	free(real_out);
	if (!scanned)
		goto out;
	s->page_entry = gz_xcalloc(s->map.count + 1, sizeof *s->page_entry);
	s->inputs = gz_xcalloc(s->map.count + 1, sizeof *s->inputs);
	size_t n = 0;
	for (size_t i = 0; i < s->map.count; i++) {
		if (s->map.entries[i].kind != GZ_SITE_PAGE)
			continue;
		s->page_entry[n] = i;
		s->inputs[n++] = s->map.entries[i].path;
	}
	if (n == 0) {
		fprintf(stderr, "gazette: the site in %s has no page to convert\n", dir);
		goto out;
	}
	cli->inputs = s->inputs;
	cli->input_count = n;
	s->active = true;
	/* A site's feeds list its pages, even when a section has one. */
	if (cli->opts.feed_items == GZ_FEED_ITEMS_AUTO)
		cli->opts.feed_items = GZ_FEED_ITEMS_PAGES;
	find_feeds(s, cli);
	if (!s->hugo)
		warn_plugins(s, cli);
	ok = true;
out:
	free(probe);
	free(found);
	free(real_dir);
	return ok;
}

void
site_close(struct site_run *s)
{
	gz_site_map_free(&s->map);
	gz_value_free(s->config);
	free(s->page_entry);
	free(s->inputs);
	free(s->root);
	for (size_t i = 0; i < s->feed_count; i++) {
		free(s->feeds[i].path);
		free(s->feeds[i].category);
		free(s->feeds[i].section);
	}
	free(s->feeds);
	*s = (struct site_run){0};
}

char *
site_output(const struct site_run *s, size_t i, const struct gz_format *f)
{
	const char *html = s->map.entries[s->page_entry[i]].output;
	size_t n = strlen(html);
	if (n > 5 && strcmp(html + n - 5, ".html") == 0)
		n -= 5;
	return gz_xasprintf("%.*s.%s", (int)n, html, f->extension);
}

const char *
site_collection(const struct site_run *s, const struct gz_format *f)
{
	if (!s->hugo && strcmp(f->media_type ? f->media_type : "", "application/atom+xml") == 0) {
		const char *path = gz_value_string(gz_value_get(s->config, "feed"), "path");
		return path && *path ? path + (*path == '/') : "feed.xml";
	}
	if (s->hugo && strcmp(f->media_type ? f->media_type : "", "application/rss+xml") == 0)
		return "index.xml";
	return f->collection_name;
}

/* mkdir -p of the folder `path` is in. */
static bool
make_parent(const char *path, struct gz_log *log)
{
	char *p = gz_xstrdup(path);
	bool ok = true;
	for (char *slash = strchr(p + 1, '/'); slash && ok; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			gz_error(log, p, 0, "cannot create the folder: %s", strerror(errno));
			ok = false;
		}
		*slash = '/';
	}
	free(p);
	return ok;
}

/* A hard link where the file system allows, else a copy; an existing file
 * with the same size and no older is left alone. */
static bool
copy_file(const char *from, const char *to, struct gz_log *log)
{
	struct stat src, dst;
	if (stat(from, &src) != 0) {
		gz_error(log, from, 0, "cannot read: %s", strerror(errno));
		return false;
	}
	if (stat(to, &dst) == 0 && ((dst.st_dev == src.st_dev && dst.st_ino == src.st_ino)
	    || (dst.st_size == src.st_size && dst.st_mtime >= src.st_mtime)))
		return true;
	if (!make_parent(to, log))
		return false;
	unlink(to);
	if (link(from, to) == 0)
		return true;
	size_t len;
	char *data = gz_read_file(from, &len);
	if (!data) {
		gz_error(log, from, 0, "cannot read: %s", strerror(errno));
		return false;
	}
	bool ok = gz_write_file(to, data, len, log);
	free(data);
	return ok;
}

const char *
site_own_file(const struct site_run *s, const char *output)
{
	for (size_t i = 0; i < s->map.count; i++) {
		const struct gz_site_entry *e = &s->map.entries[i];
		if ((e->kind == GZ_SITE_STATIC || e->kind == GZ_SITE_LIQUID)
		    && strcmp(e->output, output) == 0)
			return e->path;
	}
	return NULL;
}

int
site_copy(const struct site_run *s, const char *out, const struct gz_options *opts,
    struct gz_log *log)
{
	int status = EXIT_CONVERTED;
	const char *sep = out[strlen(out) - 1] == '/' ? "" : "/";
	char *real_out = realpath(out, NULL);
	for (size_t i = 0; i < s->map.count; i++) {
		const struct gz_site_entry *e = &s->map.entries[i];
		if (e->kind != GZ_SITE_STATIC && e->kind != GZ_SITE_LIQUID)
			continue;
		char *real = realpath(e->path, NULL);
		/* Never the output folder's own files, when it lies inside the site. */
		size_t n = real_out ? strlen(real_out) : 0;
		bool inside = real && real_out && strncmp(real, real_out, n) == 0 && real[n] == '/';
		free(real);
		if (inside)
			continue;
		char *to = gz_xasprintf("%s%s%s", out, sep, e->output);
		if (e->kind == GZ_SITE_STATIC) {
			if (!copy_file(e->path, to, log))
				status = EXIT_OUTPUT;
		} else {
			/* As a converted page: an error, or a warning under --strict,
			 * and it is not written. */
			unsigned errors = log->errors;
			size_t len;
			char *page = gz_liquid_page(e->path, s->config, opts, log, &len);
			if (!page || log->errors != errors) {
				if (status == EXIT_CONVERTED)
					status = EXIT_INPUT;
			} else if (!make_parent(to, log) || !gz_write_file(to, page, len, log)) {
				status = EXIT_OUTPUT;
			}
			free(page);
		}
		free(to);
	}
	free(real_out);
	return status;
}
