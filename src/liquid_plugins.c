/* liquid_plugins.c: the tags of the two Jekyll plugins most layouts use: jekyll-seo-tag's
 * {% seo %} and jekyll-feed's {% feed_meta %}, written as the plugins write them. */
#include "liquid.h"

#include <stdlib.h>
#include <string.h>

/*
 * jekyll-seo-tag 2.8's template.html (MIT licence), minified as the plugin
 * minifies it, rendered by gazette's engine with `seo_tag` computed below.
 * The generator line names gazette, not Jekyll.
 */
static const char seo_template[] =
    "<!-- Begin Jekyll SEO tag v{{seo_tag.version }} -->\n"
    "{% if seo_tag.title? %}<title>{{seo_tag.title }}</title>\n"
    "{% endif %}<meta name=\"generator\" content=\"{{jekyll.generator }}\" />\n"
    "{% if seo_tag.page_title %}<meta property=\"og:title\" content=\"{{seo_tag.page_title }}\" />\n"
    "{% endif %}{% if seo_tag.author.name %}<meta name=\"author\" content=\"{{seo_tag.author.name }}\" />\n"
    "{% endif %}<meta property=\"og:locale\" content=\"{{seo_tag.page_locale }}\" />\n"
    "{% if seo_tag.description %}<meta name=\"description\" content=\"{{seo_tag.description }}\" />\n"
    "<meta property=\"og:description\" content=\"{{seo_tag.description }}\" />\n"
    "{% endif %}{% if site.url %}<link rel=\"canonical\" href=\"{{seo_tag.canonical_url }}\" />\n"
    "<meta property=\"og:url\" content=\"{{seo_tag.canonical_url }}\" />\n"
    "{% endif %}{% if seo_tag.site_title %}<meta property=\"og:site_name\" content=\"{{seo_tag.site_title }}\" />\n"
    "{% endif %}{% if seo_tag.image %}<meta property=\"og:image\" content=\"{{seo_tag.image.path }}\" />\n"
    "{% if seo_tag.image.height %}<meta property=\"og:image:height\" content=\"{{seo_tag.image.height }}\" />\n"
    "{% endif %}{% if seo_tag.image.width %}<meta property=\"og:image:width\" content=\"{{seo_tag.image.width }}\" />\n"
    "{% endif %}{% if seo_tag.image.alt %}<meta property=\"og:image:alt\" content=\"{{seo_tag.image.alt }}\" />\n"
    "{% endif %}{% endif %}{% if page.date %}<meta property=\"og:type\" content=\"article\" />\n"
    "<meta property=\"article:published_time\" content=\"{{page.date | date_to_xmlschema }}\" />\n"
    "{% else %}<meta property=\"og:type\" content=\"website\" />\n"
    "{% endif %}{% if paginator.previous_page %}<link rel=\"prev\" href=\"{{paginator.previous_page_path | absolute_url }}\" />\n"
    "{% endif %}{% if paginator.next_page %}<link rel=\"next\" href=\"{{paginator.next_page_path | absolute_url }}\" />\n"
    "{% endif %}{% if seo_tag.image %}<meta name=\"twitter:card\" content=\"{{page.twitter.card | default: site.twitter.card | default: \"summary_large_image\" }}\" />\n"
    "<meta property=\"twitter:image\" content=\"{{seo_tag.image.path }}\" />\n"
    "{% else %}<meta name=\"twitter:card\" content=\"summary\" />\n"
    "{% endif %}{% if seo_tag.image.alt %}<meta name=\"twitter:image:alt\" content=\"{{seo_tag.image.alt }}\" />\n"
    "{% endif %}{% if seo_tag.page_title %}<meta property=\"twitter:title\" content=\"{{seo_tag.page_title }}\" />\n"
    "{% endif %}{% if site.twitter %}<meta name=\"twitter:site\" content=\"@{{site.twitter.username | remove:'@' }}\" />\n"
    "{% if seo_tag.author.twitter %}<meta name=\"twitter:creator\" content=\"@{{seo_tag.author.twitter | remove:'@' }}\" />\n"
    "{% endif %}{% endif %}{% if site.facebook %}{% if site.facebook.admins %}<meta property=\"fb:admins\" content=\"{{site.facebook.admins }}\" />\n"
    "{% endif %}{% if site.facebook.publisher %}<meta property=\"article:publisher\" content=\"{{site.facebook.publisher }}\" />\n"
    "{% endif %}{% if site.facebook.app_id %}<meta property=\"fb:app_id\" content=\"{{site.facebook.app_id }}\" />\n"
    "{% endif %}{% endif %}{% if site.webmaster_verifications %}{% if site.webmaster_verifications.google %}<meta name=\"google-site-verification\" content=\"{{site.webmaster_verifications.google }}\" />\n"
    "{% endif %}{% if site.webmaster_verifications.bing %}<meta name=\"msvalidate.01\" content=\"{{site.webmaster_verifications.bing }}\" />\n"
    "{% endif %}{% if site.webmaster_verifications.alexa %}<meta name=\"alexaVerifyID\" content=\"{{site.webmaster_verifications.alexa }}\" />\n"
    "{% endif %}{% if site.webmaster_verifications.yandex %}<meta name=\"yandex-verification\" content=\"{{site.webmaster_verifications.yandex }}\" />\n"
    "{% endif %}{% if site.webmaster_verifications.baidu %}<meta name=\"baidu-site-verification\" content=\"{{site.webmaster_verifications.baidu }}\" />\n"
    "{% endif %}{% if site.webmaster_verifications.facebook %}<meta name=\"facebook-domain-verification\" content=\"{{site.webmaster_verifications.facebook }}\" />\n"
    "{% endif %}{% elsif site.google_site_verification %}<meta name=\"google-site-verification\" content=\"{{site.google_site_verification }}\" />\n"
    "{% endif %}<script type=\"application/ld+json\">\n"
    "{{seo_tag.json_ld | jsonify }}</script>\n"
    "<!-- End Jekyll SEO tag -->\n";

/* Runs the filter `name` (no arguments) on `in`, which is consumed. */
static struct lq_value *
filter(struct lq_ctx *cx, const char *name, struct lq_value *in)
{
	const struct lq_filter_def *def = lq_find_jekyll_filter(name);
	if (!def)
		def = lq_find_filter(name);
	return def->fn(cx, in, NULL, 0, NULL);
}

static bool
present(const struct lq_value *v)
{
	return v && v->kind != LQ_NIL && !(v->kind == LQ_BOOL && !v->b);
}

/* The member `key` of a hash (borrowed), or NULL. */
static struct lq_value *
member(const struct lq_value *h, const char *key)
{
	return h && h->kind == LQ_HASH ? lq_get(h, key, strlen(key)) : NULL;
}

/* The plugin's format_string: markdownify, strip_html, normalize_whitespace,
 * escape_once; NULL for nothing or an empty result.  A new reference. */
static struct lq_value *
format_string(struct lq_ctx *cx, const struct lq_value *v)
{
	if (!present(v))
		return NULL;
	static const char *const steps[] = { "markdownify", "strip_html", "normalize_whitespace",
		"escape_once" };
	struct lq_value *s = lq_ref((struct lq_value *)v);
	for (size_t i = 0; s && i < GZ_ARRAY_LEN(steps); i++)
		s = filter(cx, steps[i], s);
	if (s && s->kind == LQ_STRING && s->str.len == 0) {
		lq_unref(s);
		s = NULL;
	}
	if (s)
		s->html = false;
	return s;
}

static bool
same_text(const struct lq_value *a, const struct lq_value *b)
{
	return a && b && a->kind == LQ_STRING && b->kind == LQ_STRING && a->str.len == b->str.len
	    && memcmp(a->str.s, b->str.s, a->str.len) == 0;
}

static struct lq_value *
join3(const struct lq_value *a, const char *sep, const struct lq_value *b)
{
	struct gz_buf buf = {0};
	lq_to_s(&buf, a);
	gz_buf_puts(&buf, sep);
	lq_to_s(&buf, b);
	return lq_buf_value(&buf);
}

static void
set_some(struct lq_value *h, const char *key, struct lq_value *v)
{
	if (v)
		lq_set(h, key, v);
}

static struct lq_value *
ref_or_null(struct lq_value *v)
{
	return present(v) ? lq_ref(v) : NULL;
}

/* The page's author as the plugin resolves it: page.author, the first of
 * page.authors, site.author; a name is looked up in site.data.authors. */
static struct lq_value *
author_of(struct lq_ctx *cx, const struct lq_value *page, const struct lq_value *site)
{
	struct lq_value *sources[3] = { member(page, "author"), NULL, member(site, "author") };
	struct lq_value *authors = member(page, "authors");
	if (authors && authors->kind == LQ_ARRAY && authors->c.count)
		sources[1] = authors->c.items[0];
	struct lq_value *found = NULL;
	for (size_t i = 0; i < 3 && !found; i++) {
		if (!sources[i] || sources[i]->kind == LQ_NIL)
			continue;
		size_t len;
		char *s = lq_text(sources[i], &len);
		free(s);
		if (len)
			found = sources[i];
	}
	if (found && found->kind == LQ_HASH)
		return lq_ref(found);
	struct lq_value *a = lq_new(LQ_HASH);
	if (found && found->kind == LQ_STRING) {
		lq_set(a, "name", lq_ref(found));
		struct lq_value *known = member(member(lq_site_data(cx), "authors"),
		    found->str.s);
		for (size_t i = 0; known && known->kind == LQ_HASH && i < known->c.count; i++)
			lq_set(a, known->c.keys[i], lq_ref(known->c.items[i]));
	}
	return a;
}

/* Whether `s` holds `word` in any case (the plugin's `title=false` test). */
static bool
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] && (s[i] | 0x20) == word[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* Whether a URL is absolute (has a scheme and host). */
static bool
absolute(const struct lq_value *v)
{
	return v->kind == LQ_STRING && strstr(v->str.s, "://") != NULL;
}

/* The values the plugin's Drop gives its template, and its JSON-LD. */
static struct lq_value *
seo_values(struct lq_ctx *cx, const struct lq_value *page, const char *markup)
{
	struct lq_value *site = lq_site(cx), *seo = lq_new(LQ_HASH);
	struct lq_value *page_seo = member(page, "seo"), *social = member(site, "social");
	struct lq_value *site_title = format_string(cx, present(member(site, "title"))
	    ? member(site, "title") : member(site, "name"));
	struct lq_value *tagline = format_string(cx, member(site, "tagline"));
	struct lq_value *site_desc = format_string(cx, member(site, "description"));
	struct lq_value *page_title = format_string(cx, member(page, "title"));
	if (!page_title && site_title)
		page_title = lq_ref(site_title);
	struct lq_value *title;
	if (site_title && !same_text(page_title, site_title))
		title = join3(page_title, " | ", site_title);
	else if (site_desc && site_title)
		title = join3(site_title, " | ", tagline ? tagline : site_desc);
	else
		title = page_title ? lq_ref(page_title) : site_title ? lq_ref(site_title) : NULL;

	struct lq_value *url = member(page, "url");
	const char *u = url && url->kind == LQ_STRING ? url->str.s : "";
	bool home = !strcmp(u, "/") || !strcmp(u, "/about/") || !strcmp(u, "/index.html")
	    || !strcmp(u, "/index.htm") || !strcmp(u, "/about/index.html")
	    || !strcmp(u, "/about/index.htm");
	struct lq_value *name = NULL;
	if (present(member(page_seo, "name")))
		name = format_string(cx, member(page_seo, "name"));
	else if (home && present(member(social, "name")))
		name = format_string(cx, member(social, "name"));
	else if (home && site_title)
		name = lq_ref(site_title);
	struct lq_value *desc = format_string(cx, present(member(page, "description"))
	    ? member(page, "description") : member(page, "excerpt"));
	if (!desc && site_desc)
		desc = lq_ref(site_desc);

	struct lq_value *canonical = member(page, "canonical_url");
	if (present(canonical) && !(canonical->kind == LQ_STRING && !canonical->str.len)) {
		canonical = lq_ref(canonical);
	} else {
		size_t len;
		char *s = lq_take_text(filter(cx, "absolute_url", url ? lq_ref(url) : lq_nil()), &len);
		if (len >= 11 && !strcmp(s + len - 11, "/index.html"))
			s[len -= 10] = '\0';
		canonical = lq_str_take(s, len);
	}
	struct lq_value *date = member(page, "date"), *published = NULL, *modified = NULL;
	if (present(date))
		published = filter(cx, "date_to_xmlschema", lq_ref(date));
	struct lq_value *mod = present(member(page_seo, "date_modified"))
	    ? member(page_seo, "date_modified") : present(member(page, "last_modified_at"))
	    ? member(page, "last_modified_at") : date;
	if (present(mod))
		modified = filter(cx, "date_to_xmlschema", lq_ref(mod));
	const char *type = present(member(page_seo, "type")) ? NULL : home ? "WebSite"
	    : present(date) ? "BlogPosting" : "WebPage";
	struct lq_value *type_v = type ? lq_cstr(type) : lq_ref(member(page_seo, "type"));
	struct lq_value *links = present(member(page_seo, "links")) ? lq_ref(member(page_seo,
	    "links")) : home ? ref_or_null(member(social, "links")) : NULL;
	struct lq_value *logo = NULL;
	if (present(member(site, "logo"))) {
		struct lq_value *l = lq_ref(member(site, "logo"));
		logo = filter(cx, "uri_escape", absolute(l) ? l : filter(cx, "absolute_url", l));
	}
	struct lq_value *lang = present(member(page, "lang")) ? member(page, "lang")
	    : present(member(site, "lang")) ? member(site, "lang") : NULL;
	struct lq_value *locale = present(member(page, "locale")) ? member(page, "locale")
	    : present(member(site, "locale")) ? member(site, "locale") : lang;
	char *loc = locale ? lq_text(locale, NULL) : gz_xstrdup("en_US");
	for (char *p = loc; *p; p++)
		if (*p == '-')
			*p = '_';

	/* The image: page.image as a path or a map with path (or facebook, twitter). */
	struct lq_value *image = NULL, *img = member(page, "image");
	if (present(img)) {
		image = lq_new(LQ_HASH);
		struct lq_value *raw = img->kind == LQ_HASH ? member(img, "path") : img;
		if (img->kind == LQ_HASH) {
			raw = present(raw) ? raw : present(member(img, "facebook"))
			    ? member(img, "facebook") : member(img, "twitter");
			for (size_t i = 0; i < img->c.count; i++)
				lq_set(image, img->c.keys[i], lq_ref(img->c.items[i]));
		}
		if (present(raw)) {
			struct lq_value *r = lq_ref(raw);
			lq_set(image, "path", filter(cx, "uri_escape", absolute(r) ? r
			    : filter(cx, "absolute_url", r)));
		} else {
			lq_unref(image);
			image = NULL;
		}
	}
	struct lq_value *author = author_of(cx, page, site);

	lq_set(seo, "version", lq_cstr("2.8.0"));
	lq_set(seo, "title?", lq_bool(title && !has_word(markup, "title=false")));
	set_some(seo, "title", title ? lq_ref(title) : NULL);
	set_some(seo, "page_title", page_title ? lq_ref(page_title) : NULL);
	set_some(seo, "site_title", site_title ? lq_ref(site_title) : NULL);
	set_some(seo, "description", desc ? lq_ref(desc) : NULL);
	lq_set(seo, "author", lq_ref(author));
	lq_set(seo, "page_locale", lq_cstr(loc));
	lq_set(seo, "canonical_url", lq_ref(canonical));
	set_some(seo, "image", image ? lq_ref(image) : NULL);

	/* JSON-LD, its keys in the plugin's (sorted) order, nil ones left out. */
	struct lq_value *ld = lq_new(LQ_HASH);
	lq_set(ld, "@context", lq_cstr("https://schema.org"));
	lq_set(ld, "@type", lq_ref(type_v));
	struct lq_value *atype = member(author, "type");
	if (present(member(author, "name")) && (!present(atype) || (atype->kind == LQ_STRING &&
	    (!strcmp(atype->str.s, "Person") || !strcmp(atype->str.s, "Organization"))))) {
		struct lq_value *a = lq_new(LQ_HASH);
		lq_set(a, "@type", present(atype) ? lq_ref(atype) : lq_cstr("Person"));
		lq_set(a, "name", lq_ref(member(author, "name")));
		set_some(a, "url", ref_or_null(member(author, "url")));
		lq_set(ld, "author", a);
	}
	set_some(ld, "dateModified", modified);
	set_some(ld, "datePublished", published);
	set_some(ld, "description", desc);
	set_some(ld, "headline", page_title);
	if (image) {
		if (image->c.count == 1) {
			lq_set(ld, "image", lq_ref(member(image, "path")));
		} else {
			struct lq_value *h = lq_new(LQ_HASH);
			for (size_t i = 0; i < image->c.count; i++)
				if (strcmp(image->c.keys[i], "path") != 0)
					lq_set(h, image->c.keys[i], lq_ref(image->c.items[i]));
			lq_set(h, "url", lq_ref(member(image, "path")));
			lq_set(h, "@type", lq_cstr("imageObject"));
			lq_set(ld, "image", h);
		}
		lq_unref(image);
	}
	if (!strcmp(type ? type : "", "BlogPosting") || (!type && type_v->kind == LQ_STRING &&
	    (!strcmp(type_v->str.s, "BlogPosting") || !strcmp(type_v->str.s, "CreativeWork")))) {
		struct lq_value *m = lq_new(LQ_HASH);
		lq_set(m, "@type", lq_cstr("WebPage"));
		lq_set(m, "@id", lq_ref(canonical));
		lq_set(ld, "mainEntityOfPage", m);
	}
	set_some(ld, "name", name);
	if (logo) {
		struct lq_value *p = lq_new(LQ_HASH), *l = lq_new(LQ_HASH);
		lq_set(p, "@type", lq_cstr("Organization"));
		lq_set(l, "@type", lq_cstr("ImageObject"));
		lq_set(l, "url", logo);
		lq_set(p, "logo", l);
		set_some(p, "name", ref_or_null(member(author, "name")));
		lq_set(ld, "publisher", p);
	}
	set_some(ld, "sameAs", links);
	lq_set(ld, "url", canonical);
	lq_set(seo, "json_ld", ld);

	free(loc);
	lq_unref(type_v);
	lq_unref(author);
	lq_unref(title);
	lq_unref(site_title);
	lq_unref(tagline);
	lq_unref(site_desc);
	return seo;
}

/* {% seo %}: the template above with the page's values. */
static void
run_seo(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct lq_template *t = lq_parse("jekyll-seo-tag", seo_template, sizeof seo_template - 1,
	    1, cx->log);
	if (!t) {
		lq_fail(cx, "the seo tag's template does not parse");
		return;
	}
	struct lq_value *page = lq_get(cx->scopes[0], "page", 4);
	char *markup = gz_xstrndup(n->raw ? n->raw : "", n->len);
	struct lq_value *seo = seo_values(cx, page, markup);
	free(markup);
	struct lq_value *jekyll = lq_new(LQ_HASH);
	lq_set(jekyll, "generator", lq_cstr("gazette " GZ_VERSION));
	bool escape = cx->template_mode;
	const char *file = cx->file;
	unsigned line = cx->line;
	cx->template_mode = false;
	lq_push_scope(cx);
	lq_set(cx->scopes[cx->scope_count - 1], "seo_tag", seo);
	lq_set(cx->scopes[cx->scope_count - 1], "jekyll", jekyll);
	lq_render(cx, t->first, out);
	lq_pop_scope(cx);
	cx->template_mode = escape;
	cx->file = file;
	cx->line = line;
	lq_template_free(t);
}

/* {% feed_meta %}: jekyll-feed's link to the site's Atom feed. */
static void
run_feed_meta(struct lq_ctx *cx, struct gz_buf *out)
{
	struct lq_value *site = lq_site(cx), *feed = member(site, "feed");
	struct lq_value *path = member(feed, "path"), *title = member(site, "title");
	if (!present(title))
		title = member(site, "name");
	struct lq_value *href = filter(cx, "absolute_url",
	    present(path) ? lq_ref(path) : lq_cstr("feed.xml"));
	gz_buf_puts(out, "<link type=\"application/atom+xml\" rel=\"alternate\" href=\"");
	size_t len;
	char *s = lq_take_text(href, &len);
	gz_html_escape(out, s, len);
	free(s);
	gz_buf_putc(out, '"');
	if (present(title)) {
		gz_buf_puts(out, " title=\"");
		s = lq_text(title, &len);
		gz_html_escape(out, s, len);
		free(s);
		gz_buf_putc(out, '"');
	}
	gz_buf_puts(out, " />");
}

bool
lq_plugin_tag(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	if (!strcmp(n->text, "seo"))
		run_seo(cx, n, out);
	else
		run_feed_meta(cx, out);
	return !cx->failed;
}
