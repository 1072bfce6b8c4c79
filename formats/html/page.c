/* page.c: `-t html`, a standalone HTML5 page or its body, through a template or the built-in one. */
#include "page.h"
#include "highlight.h"
#include "style.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The standalone page: head, built-in stylesheet, table of contents, or a
 * template that replaces all of it.
 */

static void
put_escaped_str(struct gz_buf *out, const char *s)
{
	gz_html_escape(out, s, strlen(s));
}

/* A post's byline: its own date and authors (the site's author is the
 * feed's, not every page's), as Jekyll's layouts show them; empty when the
 * page has neither. */
static void
put_byline(const struct gz_doc *doc, struct gz_buf *out)
{
	const struct gz_meta *m = &doc->meta;
	bool dated = m->date_source == GZ_DATE_FRONT_MATTER || m->date_source == GZ_DATE_FILE_NAME;
	bool authored = m->author_count > 0 && !m->authors_from_site;
	if (!dated && !authored)
		return;
	gz_buf_puts(out, "<p class=\"byline\">");
	if (dated) {
		char iso[40];
		gz_time_rfc3339(m->date, iso);
		gz_buf_printf(out, "<time datetime=\"%s\">", iso);
		struct gz_buf shown = {0};
		gz_time_display(&shown, m->date, doc->lang);
		gz_html_escape(out, shown.data, shown.len);
		gz_buf_free(&shown);
		gz_buf_puts(out, "</time>");
	}
	for (size_t i = 0; authored && i < m->author_count; i++) {
		gz_buf_puts(out, i ? ", " : dated ? " \u00B7 " : "");
		put_escaped_str(out, m->authors[i].name);
	}
	gz_buf_puts(out, "</p>\n");
}

/* Notes whether any code block is in a language the highlighter knows
 * (which loads it: only a page with a language-tagged block does). */
static enum gz_walk_result
find_code(const struct gz_node *n, void *ctx)
{
	struct page *p = ctx;
	if (p->wants_highlight && !p->highlight)
		p->highlight = gz_highlight_known(n, p->log);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
collect_heading(const struct gz_node *n, void *ctx)
{
	struct page *p = ctx;
	if (p->heading_count == p->heading_cap) {
		/* Doubled: one more each time is quadratic where realloc copies
		 * (AddressSanitizer's always does; 100,000 headings took minutes). */
		p->heading_cap = p->heading_cap ? 2 * p->heading_cap : 64;
		p->headings = gz_xrealloc(p->headings, p->heading_cap * sizeof *p->headings);
	}
	p->headings[p->heading_count++] = n;
	/* an image in a heading is checked too */
	return p->may_have_images ? GZ_WALK_NEXT : GZ_WALK_SKIP;
}

enum gz_walk_result
html_pass_over(const struct gz_node *n, void *ctx)
{
	(void)n;
	(void)ctx;
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
check_image(const struct gz_node *n, void *ctx)
{
	struct page *p = ctx;
	gz_image_check(&p->images, n);
	return GZ_WALK_NEXT;
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* The site's title, or NULL. */
static const char *
site_title(const struct gz_doc *doc)
{
	return doc->site ? nonempty(gz_value_string(doc->site, "title")) : NULL;
}

/* The page's own title; an untitled page takes the site's, as Jekyll's
 * layouts do, before the title derived from its first heading or file name. */
static char *
choose_title(const struct page *p)
{
	const struct gz_meta *m = &p->doc->meta;
	const char *site = site_title(p->doc);
	return gz_xstrdup(m->title_given || !site ? m->title : site);
}

/* Whether choose_title's answer is final while the body is still being
 * parsed: the page's or the site's title, or the first heading's once one
 * was seen (the file's stem is only taken when the page is parsed). */
bool
html_title_settled(const struct gz_doc *doc)
{
	return doc->meta.title_given || site_title(doc) || doc->meta.title;
}

/* A nested list of links to the headings of levels 1 to 3, less a lone level-1
 * heading (the page's title).  `levels` holds the heading level of each open
 * list, innermost last; levels only grow inward, so six suffice. */
static void
put_toc(struct page *p)
{
	struct gz_buf *out = &p->toc;
	size_t h1 = 0;
	for (size_t i = 0; i < p->heading_count; i++)
		h1 += p->headings[i]->heading.level == 1;
	int levels[6];
	size_t depth = 0;
	for (size_t i = 0; i < p->heading_count; i++) {
		const struct gz_node *n = p->headings[i];
		int level = n->heading.level;
		if (level > 3 || (level == 1 && h1 == 1) || !n->heading.id)
			continue;
		if (depth == 0) {
			gz_buf_printf(out, "<nav class=\"toc\">\n<p class=\"toc-title\">%s</p>\n<ul>\n",
			    gz_toc_label(p->doc->lang));
			levels[depth++] = level;
		} else if (level > levels[depth - 1]) {
			gz_buf_puts(out, "\n<ul>\n");
			levels[depth++] = level;
		} else {
			gz_buf_puts(out, "</li>\n");
			while (depth > 1 && level <= levels[depth - 2]) {
				gz_buf_puts(out, "</ul>\n</li>\n");
				depth--;
			}
			levels[depth - 1] = level;
		}
		char *plain = gz_node_plain_text(n);
		gz_buf_puts(out, "<li><a href=\"#");
		gz_html_escape_url(out, n->heading.id, strlen(n->heading.id));
		gz_buf_puts(out, "\">");
		put_escaped_str(out, plain);
		gz_buf_puts(out, "</a>");
		free(plain);
	}
	if (depth == 0)
		return;
	while (depth-- > 0)
		gz_buf_puts(out, "</li>\n</ul>\n");
	gz_buf_puts(out, "</nav>\n");
}

/* Feed autodiscovery: the feeds this run writes (relative, beside the page),
 * or both feeds under the site's URL when it is known. */
static void
put_feed_links(struct page *p)
{
	const struct gz_value *site = p->doc->site;
	const char *url = site ? nonempty(gz_value_string(site, "url")) : NULL;
	const char *baseurl = site ? gz_value_string(site, "baseurl") : NULL;
	/* --safe: a javascript: site address is no address (as in the feeds). */
	if (url && p->r->opts->safe && gz_url_is_dangerous(url, false))
		url = NULL;
	const char *title = site_title(p->doc);
	/* The feeds the run writes; all of them when it writes none and the
	 * site's URL says where they are published. */
	bool any = false;
	for (size_t i = 0; i < p->r->run_format_count; i++)
		any = any || p->r->run_formats[i]->media_type;
	for (size_t i = 0; i < gz_format_count; i++) {
		const struct gz_format *f = gz_formats[i];
		bool on = false;
		const char *name = f->collection_name;
		for (size_t k = 0; k < p->r->run_format_count && !on; k++) {
			on = p->r->run_formats[k] == f;
			if (on && p->r->run_format_paths && p->r->run_format_paths[k])
				name = p->r->run_format_paths[k];
		}
		if (!f->media_type || !(on || (!any && url)))
			continue;
		struct gz_buf href = {0};
		if (url) {
			size_t n = strlen(url);
			while (n > 0 && url[n - 1] == '/')
				n--;
			gz_buf_append(&href, url, n);
			const char *b = baseurl ? baseurl : "";
			while (*b == '/')
				b++;
			n = strlen(b);
			while (n > 0 && b[n - 1] == '/')
				n--;
			if (n) {
				gz_buf_putc(&href, '/');
				gz_buf_append(&href, b, n);
			}
			gz_buf_putc(&href, '/');
		} else if (p->r->output_name) {
			/* The feeds sit at the top of the output folder; this page may
			 * be in a subfolder of it. */
			for (const char *s = p->r->output_name; (s = strchr(s, '/')) != NULL; s++)
				gz_buf_puts(&href, "../");
		}
		gz_buf_puts(&href, name);
		gz_buf_printf(&p->feeds, "<link rel=\"alternate\" type=\"%s\"", f->media_type);
		if (title) {
			gz_buf_puts(&p->feeds, " title=\"");
			put_escaped_str(&p->feeds, title);
			gz_buf_putc(&p->feeds, '"');
		}
		gz_buf_puts(&p->feeds, " href=\"");
		gz_html_escape_url(&p->feeds, href.data, href.len);
		gz_buf_puts(&p->feeds, "\">\n");
		gz_buf_free(&href);
	}
}

const char *
html_buf_text(const struct gz_buf *b)
{
	return b->data ? b->data : "";
}

/* Whether a body opening with `first` has a title of its own (then the
 * byline goes under it). */
bool
html_opens_with_h1(const struct gz_node *first)
{
	return first && first->kind == GZ_NODE_HEADING && first->heading.level == 1;
}

/* Everything before the body, which opens with a level-1 heading or not. */
void
html_page_head(const struct page *p, bool own_title, struct gz_buf *out)
{
	gz_buf_puts(out, "<!DOCTYPE html>\n<html");
	if (p->doc->lang) {
		gz_buf_puts(out, " lang=\"");
		put_escaped_str(out, p->doc->lang);
		gz_buf_putc(out, '"');
	}
	gz_buf_puts(out, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_escaped_str(out, p->title);
	gz_buf_puts(out, "</title>\n");
	if (p->description) {
		gz_buf_puts(out, "<meta name=\"description\" content=\"");
		put_escaped_str(out, p->description);
		gz_buf_puts(out, "\">\n");
	}
	gz_buf_puts(out, "<meta name=\"generator\" content=\"gazette " GZ_VERSION "\">\n");
	gz_buf_puts(out, html_buf_text(&p->feeds));
	/* Copied, not formatted: vsnprintf takes the stylesheets a byte at a
	 * time, 135,000 instructions a page. */
	gz_buf_puts(out, "<style>\n");
	gz_buf_puts(out, gz_page_stylesheet);
	if (p->highlight)
		gz_buf_puts(out, gz_page_highlight_stylesheet);
	gz_buf_puts(out, "</style>\n</head>\n<body>\n<main>\n");
	/* A front-matter title the body does not open with is shown as its heading. */
	if (p->page_title && !own_title) {
		gz_buf_puts(out, "<h1 class=\"page-title\">");
		put_escaped_str(out, p->page_title);
		gz_buf_puts(out, "</h1>\n");
		gz_buf_puts(out, html_buf_text(&p->byline));
	} else if (!own_title) {
		gz_buf_puts(out, html_buf_text(&p->byline));
	}
	gz_buf_puts(out, html_buf_text(&p->toc));
}


/* A MAP entry holding a copy of `value` (NULL: an empty string). */
static void
put_var(struct gz_value *map, const char *name, const char *value)
{
	gz_value_put(map, name, gz_value_new_string(value ? value : "", value ? strlen(value) : 0));
}

/* Renders the template at `path` into `out` with gazette's Liquid engine:
 * page.* and site.* as in page bodies (page.url, page.date...), the page's
 * `title`, `description`, `lang` and `generator` as text, and `content`,
 * `toc`, `feeds` and `style` as HTML.  Every {{ }} output is HTML-escaped
 * unless it is HTML already (those four, and what escape, xml_escape,
 * markdownify... return).  Returns false after reporting. */
static bool
expand_template(const struct page *p, const char *path, struct gz_log *log, struct gz_buf *out)
{
	size_t len, out_len;
	char *tpl = gz_read_file_max(path, GZ_CONFIG_MAX, &len);
	if (!tpl) {
		gz_error(log, path, 0, "cannot read the template: %s", gz_strerror(errno));
		return false;
	}
	struct gz_value *text = gz_value_new(GZ_VALUE_MAP), *html = gz_value_new(GZ_VALUE_MAP);
	put_var(text, "title", p->title);
	put_var(text, "description", p->description);
	put_var(text, "lang", p->doc->lang);
	put_var(text, "generator", "gazette " GZ_VERSION);
	put_var(html, "content", html_buf_text(&p->body));
	put_var(html, "toc", html_buf_text(&p->toc));
	put_var(html, "feeds", html_buf_text(&p->feeds));
	put_var(html, "byline", html_buf_text(&p->byline));
	char *style = gz_xasprintf("%s%s", gz_page_stylesheet,
	    p->highlight ? gz_page_highlight_stylesheet : "");
	put_var(html, "style", style);
	free(style);
	const struct gz_liquid_env env = {
		.name = path, .path = path, .page = p->doc->page, .site = p->doc->site,
		.url = p->doc->meta.permalink, .date = &p->doc->meta.date,
		.vars = text, .html_vars = html, .escape_output = true,
	};
	char *result = gz_liquid_render(&env, tpl, len, 1, log, &out_len);
	if (result)
		gz_buf_append(out, result, out_len);
	free(result);
	gz_value_free(text);
	gz_value_free(html);
	free(tpl);
	return result != NULL;
}

/* What the writer adds to the body: heading ids (GitHub's dialect, or for
 * the contents), their anchors (GitHub's), coloured code. */
unsigned
html_writer_flags(const struct gz_options *opts, bool highlight)
{
	return (opts->dialect == GZ_DIALECT_GITHUB || opts->toc ? GZ_HTML_IDS : 0)
	    | (opts->dialect == GZ_DIALECT_GITHUB ? GZ_HTML_ANCHORS : 0)
	    | (highlight ? GZ_HTML_HIGHLIGHT : 0);
}

/* What a page takes from its document before its body is written. */
void
html_page_start(struct page *p, const struct gz_render *r, const struct gz_doc *doc)
{
	*p = (struct page){
		.r = r,
		.doc = doc,
		.page_title = doc->meta.title_given ? doc->meta.title : NULL,
		.description = doc->meta.description,
		.wants_highlight = gz_highlight_wanted(doc->page, doc->site),
		.log = r->log,
	};
	if (!p->description && doc->site)
		p->description = nonempty(gz_value_string(doc->site, "description"));
}

/* A whole page's title, feed links and byline. */
void
html_page_dress(struct page *p)
{
	p->title = choose_title(p);
	put_feed_links(p);
	put_byline(p->doc, &p->byline);
}

/* What a page holds besides its document. */
void
html_page_free(struct page *p)
{
	free(p->title);
	free(p->headings);
	gz_buf_free(&p->body);
	gz_buf_free(&p->toc);
	gz_buf_free(&p->feeds);
	gz_buf_free(&p->byline);
}

/* The backend: the page (or with --fragment its body, after the table of
 * contents when --toc asks for one), through the template when one is given.
 * {{ toc }} is empty without --toc.  Returns false after reporting. */
bool
html_render(const struct gz_render *r, struct gz_buf *out)
{
	const struct gz_options *opts = r->opts;
	const struct gz_doc *doc = r->docs[0];
	struct page p;
	html_page_start(&p, r, doc);

	/* Images are the only inline nodes this walk looks for: where the page
	 * can have none, it passes over the text of paragraphs and tables (most
	 * of the tree). */
	p.may_have_images = gz_tree_may_hold(doc->root, GZ_NODE_IMAGE);
	enum gz_walk_result (*text)(const struct gz_node *, void *) = p.may_have_images ? NULL
	    : html_pass_over;
	const struct gz_handler find_headings[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_HEADING] = { .enter = collect_heading },
		[GZ_NODE_CODE_BLOCK] = { .enter = find_code },
		[GZ_NODE_IMAGE] = { .enter = check_image },
		[GZ_NODE_PARAGRAPH] = { .enter = text },
		[GZ_NODE_TABLE] = { .enter = text },    /* cells hold no heading or code block */
	};
	p.images = (struct gz_image_check){ .doc = doc, .log = r->log };
	gz_walk(doc->root, find_headings, &p);
	gz_image_check_done(&p.images);
	if (opts->toc)
		put_toc(&p);
	if (!opts->fragment)
		html_page_dress(&p);

	/* Without a template the body goes straight to the output (streamed as
	 * it is rendered); a template needs it whole, to put where it says. */
	unsigned flags = html_writer_flags(opts, p.highlight);
	bool ok = true;
	if (opts->layouts && !opts->fragment && gz_layout_name(doc)) {
		/* Jekyll's layouts replace the whole page, head included. */
		size_t n;
		gz_html_render(doc->root->first, NULL, opts, NULL, flags, &p.body);
		char *page = gz_liquid_layout(doc, opts, html_buf_text(&p.body), p.body.len, r->log, &n);
		if (page)
			gz_buf_append(out, page, n);
		ok = page != NULL;
		free(page);
	} else if (opts->template_path) {
		gz_html_render(doc->root->first, NULL, opts, NULL, flags, &p.body);
		ok = expand_template(&p, opts->template_path, r->log, out);
	} else {
		const struct gz_node *first = doc->root->first;
		if (opts->fragment) {
			gz_buf_puts(out, html_buf_text(&p.toc));
		} else {
			html_page_head(&p, html_opens_with_h1(first), out);
		}
		if (!opts->fragment && html_opens_with_h1(first)) {
			/* The byline under the page's own title. */
			gz_html_render(first, first->next, opts, NULL, flags, out);
			gz_buf_puts(out, html_buf_text(&p.byline));
			first = first->next;
		}
		gz_html_render(first, NULL, opts, NULL, flags, out);
		if (!opts->fragment)
			gz_buf_puts(out, "</main>\n</body>\n</html>\n");
	}
	html_page_free(&p);
	return ok;
}

const struct gz_format gz_format_html = {
	.name = "html",
	.summary = "a standalone HTML5 page (--fragment: the body only)",
	.extension = "html",
	.render = html_render,
	.streams = html_streams,
	.load_and_render = html_load_and_render,
};
