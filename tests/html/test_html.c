/* test_html.c: unit tests of the HTML backend through gz_html_fragment and
 * gz_format_html: URL resolution for feeds, --safe URLs, sibling ranges,
 * feed autodiscovery of the run's own feeds. */
#include "formats.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static struct gz_log quiet_log = { .verbosity = -1 };

/* `markdown` rendered as a fragment with `opts` and `base`; free() it. */
static char *
fragment(const char *markdown, const struct gz_options *opts, const char *base)
{
	struct gz_node *root = gz_markdown_parse("t.md", markdown, strlen(markdown), 1,
	    opts->dialect, &quiet_log);
	struct gz_buf out = {0};
	gz_html_render(root->first, NULL, opts, base,
	    opts->dialect == GZ_DIALECT_GITHUB ? GZ_HTML_IDS : 0, &out);
	gz_buf_append(&out, "", 0);
	gz_node_free(root);
	return gz_buf_detach(&out, NULL);
}

/* The href gazette writes for a link to `ref` in a page at `base`. */
static char *
href(const char *base, const char *ref)
{
	static const struct gz_options opts = {0};
	char *md = gz_xasprintf("[x](<%s>)", ref);
	char *html = fragment(md, &opts, base);
	free(md);
	char *start = strstr(html, "href=\"");
	char *result = NULL;
	if (start) {
		start += 6;
		result = gz_xstrndup(start, strcspn(start, "\""));
	}
	free(html);
	return result;
}

#define CHECK_HREF(base, ref, want) do { \
	char *href_ = href((base), (ref)); \
	CHECK_STR(href_, (want)); \
	free(href_); \
} while (0)

/* RFC 3986, 5.4.1 and 5.4.2, as md4c-html would escape them. */
static void
test_rfc3986_examples(void)
{
	const char *b = "http://a/b/c/d;p?q";
	CHECK_HREF(b, "g:h", "g:h");
	CHECK_HREF(b, "g", "http://a/b/c/g");
	CHECK_HREF(b, "./g", "http://a/b/c/g");
	CHECK_HREF(b, "g/", "http://a/b/c/g/");
	CHECK_HREF(b, "/g", "http://a/g");
	CHECK_HREF(b, "//g", "http://g");
	CHECK_HREF(b, "?y", "http://a/b/c/d;p?y");
	CHECK_HREF(b, "g?y", "http://a/b/c/g?y");
	CHECK_HREF(b, "#s", "http://a/b/c/d;p?q#s");
	CHECK_HREF(b, "g#s", "http://a/b/c/g#s");
	CHECK_HREF(b, "g?y#s", "http://a/b/c/g?y#s");
	CHECK_HREF(b, ";x", "http://a/b/c/;x");
	CHECK_HREF(b, "g;x", "http://a/b/c/g;x");
	CHECK_HREF(b, "g;x?y#s", "http://a/b/c/g;x?y#s");
	CHECK_HREF(b, "", "http://a/b/c/d;p?q");
	CHECK_HREF(b, ".", "http://a/b/c/");
	CHECK_HREF(b, "./", "http://a/b/c/");
	CHECK_HREF(b, "..", "http://a/b/");
	CHECK_HREF(b, "../", "http://a/b/");
	CHECK_HREF(b, "../g", "http://a/b/g");
	CHECK_HREF(b, "../..", "http://a/");
	CHECK_HREF(b, "../../", "http://a/");
	CHECK_HREF(b, "../../g", "http://a/g");
	CHECK_HREF(b, "../../../g", "http://a/g");
	CHECK_HREF(b, "../../../../g", "http://a/g");
	CHECK_HREF(b, "/./g", "http://a/g");
	CHECK_HREF(b, "/../g", "http://a/g");
	CHECK_HREF(b, "g.", "http://a/b/c/g.");
	CHECK_HREF(b, ".g", "http://a/b/c/.g");
	CHECK_HREF(b, "g..", "http://a/b/c/g..");
	CHECK_HREF(b, "..g", "http://a/b/c/..g");
	CHECK_HREF(b, "./../g", "http://a/b/g");
	CHECK_HREF(b, "./g/.", "http://a/b/c/g/");
	CHECK_HREF(b, "g/./h", "http://a/b/c/g/h");
	CHECK_HREF(b, "g/../h", "http://a/b/c/h");
	CHECK_HREF(b, "g;x=1/./y", "http://a/b/c/g;x=1/y");
	CHECK_HREF(b, "g;x=1/../y", "http://a/b/c/y");
	CHECK_HREF(b, "g?y/./x", "http://a/b/c/g?y/./x");
	CHECK_HREF(b, "g#s/../x", "http://a/b/c/g#s/../x");
}

/* What real pages link to. */
static void
test_real_pages(void)
{
	const char *page = "https://news.example.org/storage/2024/06/news.html";
	CHECK_HREF(page, "https://other.example/x?a=1&b=2", "https://other.example/x?a=1&amp;b=2");
	CHECK_HREF(page, "mailto:editor@example.org", "mailto:editor@example.org");
	CHECK_HREF(page, "images/chart.png", "https://news.example.org/storage/2024/06/images/chart.png");
	CHECK_HREF(page, "/storage/news", "https://news.example.org/storage/news");
	CHECK_HREF(page, "../../about.html", "https://news.example.org/storage/about.html");
	CHECK_HREF(page, "#阿里云", "https://news.example.org/storage/2024/06/news.html#%E9%98%BF%E9%87%8C%E4%BA%91");
	CHECK_HREF(page, "//cdn.example.com/a.js", "https://cdn.example.com/a.js");
	CHECK_HREF(page, "?page=2", "https://news.example.org/storage/2024/06/news.html?page=2");
	/* A site root with no path, and no base at all. */
	CHECK_HREF("https://example.org", "feed.xml", "https://example.org/feed.xml");
	CHECK_HREF(NULL, "docs/a b.html", "docs/a%20b.html");
	CHECK_HREF("", "docs/x.html", "docs/x.html");
}

static void
test_images_resolve(void)
{
	static const struct gz_options opts = {0};
	char *html = fragment("![图 *一*](img/a.png \"T\")\n", &opts, "http://h/p/q.html");
	CHECK_STR(html, "<p><img src=\"http://h/p/img/a.png\" alt=\"图 一\" title=\"T\" /></p>\n");
	free(html);
}

static void
test_safe_urls(void)
{
	const struct gz_options safe = { .safe = true };
	char *html = fragment("[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](&#x20;javascript:x) "
	    "[d](java&#x09;script:x) [e](vbscript:x) [f](data:text/html,x) [g](https://ok.example)\n",
	    &safe, NULL);
	CHECK_STR(html, "<p>a b c d e f <a href=\"https://ok.example\">g</a></p>\n");
	free(html);

	html = fragment("![p](data:image/png;base64,AAAA) ![s](DATA:image/svg+xml,x) "
	    "![w](data:IMAGE/WEBP,x) ![j](javascript:x)\n", &safe, NULL);
	CHECK_STR(html, "<p><img src=\"data:image/png;base64,AAAA\" alt=\"p\" />  "
	    "<img src=\"data:IMAGE/WEBP,x\" alt=\"w\" /> </p>\n");
	free(html);

	html = fragment("<div>raw</div>\n\ntext <b>bold</b> [x](javascript:y)\n", &safe, NULL);
	CHECK_STR(html, "<p>text bold x</p>\n");
	free(html);

	const struct gz_options unsafe = {0};
	html = fragment("<div>raw</div>\n\ntext <b>bold</b>\n", &unsafe, NULL);
	CHECK_STR(html, "<div>raw</div>\n<p>text <b>bold</b></p>\n");
	free(html);
}

/* [first, end) renders exactly those siblings, appended after what `out` had. */
static void
test_sibling_range(void)
{
	const struct gz_options opts = { .dialect = GZ_DIALECT_COMMONMARK };
	const char *md = "# One\n\npara one\n\n# Two\n\npara two\n";
	struct gz_node *root = gz_markdown_parse("t.md", md, strlen(md), 1, opts.dialect, &quiet_log);
	struct gz_buf out = {0};
	gz_buf_puts(&out, "<entry>");
	const struct gz_node *two = root->first->next->next;
	gz_html_render(root->first->next, two, &opts, NULL, 0, &out);
	CHECK_STR(out.data, "<entry><p>para one</p>\n");
	gz_node_free(root);
	gz_buf_free(&out);

	/* Feeds get heading ids but no self links. */
	const struct gz_options github = {0};
	char *html = fragment("## 阿里云\n", &github, "http://h/");
	CHECK_STR(html, "<h2 id=\"阿里云\">阿里云</h2>\n");
	free(html);
}

/* The standalone page links the feeds the same run writes, beside it. */
static void
test_feed_links(void)
{
	const struct gz_options opts = {0};
	struct gz_value *site = gz_value_new(GZ_VALUE_MAP);
	struct gz_doc *doc = gz_doc_parse("news.md", "# News\n", 7, site, &opts, &quiet_log);
	struct gz_doc *docs[] = { doc };
	struct gz_render r = { .opts = &opts, .log = &quiet_log, .docs = docs, .count = 1 };
	struct gz_buf out = {0};

	CHECK(gz_format_html.render(&r, &out));
	CHECK(out.data && !strstr(out.data, "rel=\"alternate\""));
	gz_buf_free(&out);

	const struct gz_format *rss[] = { gz_format_find("rss") }, *both[] = { rss[0],
		gz_format_find("atom") };
	r.run_formats = rss;
	r.run_format_count = 1;
	CHECK(gz_format_html.render(&r, &out));
	CHECK(out.data && strstr(out.data, "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "href=\"feed.xml\">\n"));
	CHECK(out.data && !strstr(out.data, "atom"));
	gz_buf_free(&out);

	r.run_formats = both;
	r.run_format_count = 2;
	gz_value_put(site, "url", gz_value_new_string("https://example.org/", 20));
	gz_value_put(site, "baseurl", gz_value_new_string("/blog", 5));
	CHECK(gz_format_html.render(&r, &out));
	CHECK(out.data && strstr(out.data, "type=\"application/rss+xml\" "
	    "href=\"https://example.org/blog/feed.xml\">"));
	CHECK(out.data && strstr(out.data, "type=\"application/atom+xml\" "
	    "href=\"https://example.org/blog/feed.atom\">"));
	gz_buf_free(&out);

	gz_doc_free(doc);
	gz_value_free(site);
}

/* The caller's text may end anywhere: md4c 0.4.8 reads the byte after its
 * input, and crashes on `[a](b` with a `)` there (doc/platform.md).  The
 * page ends at the `b`, so it is a paragraph of plain text, no link. */
static void
test_text_ends_anywhere(void)
{
	static const char buf[] = "[a](b)";
	static const struct gz_options opts = { .fragment = true };
	struct gz_buf out = {0};
	CHECK(gz_convert(buf, 5, "html", &opts, &quiet_log, &out));
	gz_buf_append(&out, "", 0);
	CHECK(strstr(out.data, "[a](b") != NULL && strstr(out.data, "<a ") == NULL);
	gz_buf_free(&out);
}

int
main(void)
{
	test_rfc3986_examples();
	test_real_pages();
	test_images_resolve();
	test_safe_urls();
	test_sibling_range();
	test_feed_links();
	test_text_ends_anywhere();
	return HARNESS_DONE();
}
