/* liquid_posts.c: site.posts, site.pages, site.categories, site.tags and each
 * collection's site.LABEL, read from the site's folder the first time a page
 * looks at one of them. */
#include "liquid.h"

#include <stdlib.h>
#include <string.h>

/* The collections of one site, kept for the whole process: each page of a
 * site that lists its posts would otherwise read them all again. */
static struct {
	char *root;
	const struct gz_value *site;
	struct lq_value *posts, *pages;
	struct lq_value *collections;   /* a HASH: each collection's documents by label */
	bool building;          /* a post's own Liquid sees empty lists */
	bool registered;        /* cache_free runs at gz_shutdown */
} cache;

static void
cache_free(void)
{
	free(cache.root);
	lq_unref(cache.posts);
	lq_unref(cache.pages);
	lq_unref(cache.collections);
	cache.root = NULL;
	cache.posts = cache.pages = cache.collections = NULL;
}

char *
gz_titleize_slug(const char *stem)
{
	struct gz_time t;
	const char *slug = stem;
	gz_time_from_name(stem, &t, &slug);
	char *s = gz_xstrdup(slug);
	bool start = true;
	for (char *p = s; *p; p++) {
		if (*p == '-')
			*p = ' ';
		else if (start && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		start = *p == ' ';
	}
	return s;
}

static struct lq_value *
word_list(const struct gz_value *page, const char *one, const char *many, const char *rel,
    bool categories)
{
	char **words = NULL;
	size_t count = 0;
	if (categories) {
		gz_page_categories(page, rel, &words, &count);
	} else {
		gz_words_add(gz_value_get(page, many), &words, &count);
		gz_words_add(gz_value_get(page, one), &words, &count);
	}
	struct lq_value *list = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < count; i++) {
		lq_push(list, lq_cstr(words[i]));
		free(words[i]);
	}
	free(words);
	return list;
}

/* One page or post as Jekyll's drop shows it: its front matter with url,
 * date, title, content (its HTML), excerpt, categories, tags, path.  NULL
 * when it does not convert. */
static struct lq_value *
read_entry(const struct gz_site_entry *e, const struct gz_value *site, bool post)
{
	static const struct gz_options opts = { .dialect = GZ_DIALECT_GITHUB };
	struct gz_log quiet = { .verbosity = -1 };
	struct gz_doc *doc = gz_doc_load(e->path, site, &opts, &quiet);
	if (!doc)
		return NULL;
	struct lq_value *v = lq_from_gz(doc->page);
	lq_set(v, "url", lq_cstr(doc->meta.permalink));
	lq_set(v, "path", lq_cstr(e->rel));
	if (post || doc->meta.date_source <= GZ_DATE_FILE_NAME)
		lq_set(v, "date", lq_time(doc->meta.date));
	if (post && !gz_value_get(doc->page, "title")) {
		char *title = gz_titleize_slug(doc->stem);
		lq_set(v, "title", lq_str_take(title, strlen(title)));
	}
	struct gz_buf html = {0};
	gz_buf_append(&html, "", 0);
	gz_html_render(doc->root->first, NULL, &opts, NULL, 0, &html);
	lq_set(v, "content", lq_buf_value(&html));
	if (post && !gz_value_get(doc->page, "excerpt")) {
		char *x = gz_post_excerpt(doc->root->first, &opts);
		lq_set(v, "excerpt", lq_str_take(x, strlen(x)));
	}
	if (post) {
		lq_set(v, "categories", word_list(doc->page, "category", "categories", e->rel, true));
		lq_set(v, "tags", word_list(doc->page, "tag", "tags", e->rel, false));
		lq_set(v, "collection", lq_cstr("posts"));
	}
	gz_doc_free(doc);
	return v;
}

/* A page that Liquid alone renders (`404.html`, gz_liquid_page): its front
 * matter with url, path, and its body, unrendered, as content. */
static struct lq_value *
read_liquid_entry(const struct gz_site_entry *e, const struct gz_value *site)
{
	struct gz_log quiet = { .verbosity = -1 };
	size_t len, body;
	unsigned line;
	char *text = gz_read_file_max(e->path, GZ_INPUT_MAX, &len);
	struct gz_value *page = NULL;
	if (!text || !gz_front_matter_split(e->path, text, len, &page, &body, &line, &quiet)) {
		free(text);
		return NULL;
	}
	gz_jekyll_defaults(&page, site, e->path);
	char *stem = gz_path_stem(e->rel);
	struct gz_time date;
	gz_page_date(page, stem, e->path, &date);
	char *url = gz_permalink_of(e->path, page, site, date);
	struct lq_value *v = lq_from_gz(page);
	lq_set(v, "url", lq_cstr(url));
	lq_set(v, "path", lq_cstr(e->rel));
	lq_set(v, "content", lq_str_take(gz_xstrndup(text + body, len - body), len - body));
	free(url);
	free(stem);
	gz_value_free(page);
	free(text);
	return v;
}

/* Newest first, as Jekyll lists site.posts: by date, then by path, reversed. */
static int
newest_first(const void *a, const void *b)
{
	const struct lq_value *x = *(struct lq_value *const *)a, *y = *(struct lq_value *const *)b;
	int r = 0;
	lq_compare(lq_get(y, "date", 4), lq_get(x, "date", 4), &r);
	if (r)
		return r;
	const struct lq_value *px = lq_get(x, "path", 4), *py = lq_get(y, "path", 4);
	return strcmp(py->str.s, px->str.s);
}

/* site.pages as Jekyll sorts them: by file name (then, here, by path). */
static int
by_name(const void *a, const void *b)
{
	const struct lq_value *px = lq_get(*(struct lq_value *const *)a, "path", 4);
	const struct lq_value *py = lq_get(*(struct lq_value *const *)b, "path", 4);
	const char *nx = strrchr(px->str.s, '/'), *ny = strrchr(py->str.s, '/');
	int r = strcmp(nx ? nx + 1 : px->str.s, ny ? ny + 1 : py->str.s);
	return r ? r : strcmp(px->str.s, py->str.s);
}

/* A collection's documents as Jekyll orders them: by date, oldest first (a
 * document without one has the build's time, after all that have one),
 * then by path. */
static int
oldest_first(const void *a, const void *b)
{
	const struct lq_value *x = *(struct lq_value *const *)a, *y = *(struct lq_value *const *)b;
	const struct lq_value *dx = lq_get(x, "date", 4), *dy = lq_get(y, "date", 4);
	if (dx && dy) {
		int r = 0;
		lq_compare(dx, dy, &r);
		if (r)
			return r;
	} else if (dx || dy) {
		return dx ? -1 : 1;
	}
	const struct lq_value *px = lq_get(x, "path", 4), *py = lq_get(y, "path", 4);
	return strcmp(px->str.s, py->str.s);
}

static void
build(const char *root, const struct gz_value *site)
{
	cache_free();
	cache.root = gz_xstrdup(root);
	cache.site = site;
	cache.posts = lq_new(LQ_ARRAY);
	cache.pages = lq_new(LQ_ARRAY);
	cache.collections = lq_new(LQ_HASH);
	struct gz_site_map map = {0};
	struct gz_log quiet = { .verbosity = -1 };
	cache.building = true;
	if (gz_site_scan(root, site, false, NULL, &map, &quiet)) {
		for (size_t i = 0; i < map.count; i++) {
			const struct gz_site_entry *e = &map.entries[i];
			if (e->kind == GZ_SITE_LIQUID) {
				struct lq_value *v = read_liquid_entry(e, site);
				if (v)
					lq_push(cache.pages, v);
			}
			if (e->kind != GZ_SITE_PAGE && e->kind != GZ_SITE_DOC)
				continue;
			/* A collection's document is in its site.LABEL, not in site.pages. */
			char *label = NULL;
			gz_jekyll_collection(site, e->rel, &label);
			bool post = !label && gz_is_post(e->rel);
			struct lq_value *v = read_entry(e, site, post);
			if (v && label) {
				lq_set(v, "collection", lq_cstr(label));
				struct lq_value *docs = lq_get(cache.collections, label, strlen(label));
				if (!docs) {
					docs = lq_new(LQ_ARRAY);
					lq_set(cache.collections, label, docs);
				}
				lq_push(docs, v);
			} else if (v) {
				lq_push(post ? cache.posts : cache.pages, v);
			}
			free(label);
		}
	}
	cache.building = false;
	gz_site_map_free(&map);
	if (cache.posts->c.count > 1)
		qsort(cache.posts->c.items, cache.posts->c.count, sizeof(struct lq_value *),
		    newest_first);
	if (cache.pages->c.count > 1)
		qsort(cache.pages->c.items, cache.pages->c.count, sizeof(struct lq_value *), by_name);
	for (size_t i = 0; i < cache.collections->c.count; i++) {
		struct lq_value *docs = cache.collections->c.items[i];
		qsort(docs->c.items, docs->c.count, sizeof(struct lq_value *), oldest_first);
	}
}

/* site.categories or site.tags: each word's posts, newest first. */
static struct lq_value *
group(const struct lq_value *posts, const char *key)
{
	struct lq_value *h = lq_new(LQ_HASH);
	for (size_t i = 0; i < posts->c.count; i++) {
		const struct lq_value *words = lq_get(posts->c.items[i], key, strlen(key));
		for (size_t k = 0; words && k < words->c.count; k++) {
			const struct lq_value *w = words->c.items[k];
			struct lq_value *list = lq_get(h, w->str.s, w->str.len);
			if (!list) {
				list = lq_new(LQ_ARRAY);
				lq_set(h, w->str.s, list);
			}
			lq_push(list, lq_ref(posts->c.items[i]));
		}
	}
	return h;
}

/* The i-th collection label of a site's `collections:` (a map or a list),
 * or NULL for posts, for an item that is no label and past the end. */
static const char *
label_at(const struct gz_value *site, size_t i)
{
	const struct gz_value *all = site ? gz_value_get(site, "collections") : NULL;
	if (!all || i >= all->count || (all->kind != GZ_VALUE_MAP && all->kind != GZ_VALUE_LIST))
		return NULL;
	const char *label = all->kind == GZ_VALUE_MAP ? all->keys[i]
	    : all->items[i]->kind == GZ_VALUE_STRING ? all->items[i]->string : NULL;
	return label && strcmp(label, "posts") != 0 ? label : NULL;
}

static size_t
label_count(const struct gz_value *site)
{
	const struct gz_value *all = site ? gz_value_get(site, "collections") : NULL;
	return all ? all->count : 0;
}

bool
lq_site_list_named(const struct lq_ctx *cx, const char *key, size_t len)
{
	static const char *const lists[] = { "posts", "pages", "categories", "tags" };
	for (size_t k = 0; k < GZ_ARRAY_LEN(lists); k++)
		if (len == strlen(lists[k]) && !memcmp(key, lists[k], len))
			return true;
	for (size_t i = 0; i < label_count(cx->env->site); i++) {
		const char *label = label_at(cx->env->site, i);
		if (label && strlen(label) == len && !memcmp(label, key, len))
			return true;
	}
	return false;
}

void
lq_site_empty_lists(struct lq_value *site, const struct gz_value *config)
{
	for (size_t i = 0; i < label_count(config); i++) {
		const char *label = label_at(config, i);
		if (label && !lq_get(site, label, strlen(label)))
			lq_set(site, label, lq_new(LQ_ARRAY));
	}
}

void
lq_site_collections(struct lq_ctx *cx)
{
	if (cx->collections_loaded)
		return;
	cx->collections_loaded = true;
	const char *source = cx->env->site ? gz_value_string(cx->env->site, "source") : NULL;
	struct lq_value *site = lq_site(cx);
	if (!source || !*source || cache.building) {
		if (!cache.building)
			gz_note(cx->log, cx->file, cx->line, "site.posts and site.pages are empty: "
			    "the page is in no site (no _config.yml)");
		return;
	}
	if (!cache.root || strcmp(cache.root, source) != 0 || cache.site != cx->env->site) {
		if (!cache.registered)
			gz_at_shutdown(cache_free);
		cache.registered = true;
		build(source, cx->env->site);
	}
	lq_set(site, "posts", lq_ref(cache.posts));
	lq_set(site, "pages", lq_ref(cache.pages));
	for (size_t i = 0; i < cache.collections->c.count; i++)
		lq_set(site, cache.collections->c.keys[i], lq_ref(cache.collections->c.items[i]));
	lq_set(site, "categories", group(cache.posts, "categories"));
	lq_set(site, "tags", group(cache.posts, "tags"));
}
