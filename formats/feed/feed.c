/* feed.c: `-t rss` (RSS 2.0) and `-t atom` (Atom 1.0, RFC 4287), written with
 * libxml2's xmlTextWriter from what items.c gathered. */
#include "feed.h"

#include <libxml/xmlwriter.h>
#include <string.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

/*
 * The writer behind a few helpers.  Errors are sticky: once a call fails the
 * others do nothing, and the caller looks at `failed` once at the end.  Every
 * string passes through clean() first: libxml2 2.9 writes control characters
 * and invalid UTF-8 through and still reports success.
 */
struct xw {
	xmlTextWriterPtr w;
	bool failed;
	struct gz_buf scratch;      /* clean()'s output */
	struct gz_buf html;         /* HTML being written: an item's content, a summary */
	const struct gz_options *opts;
	struct gz_buf *out;         /* where libxml2's output lands; streams between items */
};

/* XML 1.0's Char production: tab, newline, carriage return, and U+0020-U+D7FF,
 * U+E000-U+FFFD, U+10000-U+10FFFF (surrogates never decode). */
static bool
xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xFFFE && cp != 0xFFFF;
}

/* `s` with invalid UTF-8 replaced by U+FFFD and characters XML 1.0 does not
 * allow removed: `s` itself when it is clean, else x->scratch's bytes (valid
 * until the next call). */
/* The quick answer for the usual string: valid UTF-8 (GLib's validator is
 * fast on CJK) with no control character and no U+FFFE or U+FFFF, the only
 * other characters XML 1.0 forbids that valid UTF-8 can hold. */
static bool
xml_ready(const char *s, size_t len)
{
	if (gz_utf8_valid_prefix(s, len) != len)
		return false;
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	for (; p < end; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
		if (*p == 0xEF && end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return false;
	}
	return true;
}

static const char *
clean(struct xw *x, const char *s)
{
	size_t len = strlen(s), i = 0;
	if (xml_ready(s, len))
		return s;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x80) {
			uint32_t cp;
			size_t n = gz_utf8_decode(s + i, len - i, &cp);
			bool replaced = cp == GZ_REPLACEMENT_CHAR && n == 1;
			if (replaced || !xml_char(cp))
				break;
			i += n - 1;
		}
	}
	if (i == len)
		return s;

	struct gz_buf *b = &x->scratch;
	b->len = 0;
	gz_buf_append(b, s, i);
	while (i < len) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		if (cp == GZ_REPLACEMENT_CHAR && n == 1)
			gz_buf_append(b, "\xEF\xBF\xBD", 3);
		else if (xml_char(cp))
			gz_buf_append(b, s + i, n);
		i += n;
	}
	return b->data;
}

static void
check(struct xw *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

static void
start(struct xw *x, const char *name)
{
	if (!x->failed)
		check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void
end(struct xw *x)
{
	if (!x->failed)
		check(x, xmlTextWriterEndElement(x->w));
}

/* An attribute of the element just started; nothing when `value` is NULL. */
static void
attr(struct xw *x, const char *name, const char *value)
{
	if (!x->failed && value)
		check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST clean(x, value)));
}

/* <name>text</name>, escaped; nothing when `text` is NULL. */
static void
element(struct xw *x, const char *name, const char *text)
{
	if (!x->failed && text)
		check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST clean(x, text)));
}

/* <name rel=".." type=".." href=".."/> and the like: up to three attributes. */
static void
empty(struct xw *x, const char *name, const char *const attrs[][2], size_t count)
{
	start(x, name);
	for (size_t i = 0; i < count; i++)
		attr(x, attrs[i][0], attrs[i][1]);
	end(x);
}

/* RSS readers take <description> as HTML: a plain-text summary is escaped as
 * HTML here, and then as XML by the writer (`<` arrives as `&amp;lt;`). */
static void
html_text_element(struct xw *x, const char *name, const char *text)
{
	if (!text)
		return;
	struct gz_buf *b = &x->html;
	b->len = 0;
	gz_buf_append(b, "", 0);
	for (const char *p = text, *run = text;; p++) {
		const char *entity = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
		if (entity || !*p) {
			gz_buf_append(b, run, (size_t)(p - run));
			if (!*p)
				break;
			gz_buf_puts(b, entity);
			run = p + 1;
		}
	}
	element(x, name, b->data);
}

static void
rss_item(struct xw *x, const struct feed_item *it)
{
	char date[40];
	start(x, "item");
	element(x, "title", it->title);
	element(x, "link", it->link);
	start(x, "guid");
	attr(x, "isPermaLink", it->id_is_link ? "true" : "false");
	if (!x->failed)
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST clean(x, it->id)));
	end(x);
	gz_time_rfc822(it->published, date);
	element(x, "pubDate", date);
	element(x, "dc:creator", it->author_name);
	for (size_t i = 0; i < it->category_count; i++)
		element(x, "category", it->categories[i]);
	html_text_element(x, "description", it->summary);
	feed_item_content(it, x->opts, &x->html);
	if (x->html.len)
		element(x, "content:encoded", x->html.data);
	end(x);
}

static void
write_rss(struct xw *x, const struct feed *f)
{
	char date[40];
	start(x, "rss");
	attr(x, "version", "2.0");
	attr(x, "xmlns:atom", NS_ATOM);
	attr(x, "xmlns:content", NS_CONTENT);
	attr(x, "xmlns:dc", NS_DC);
	start(x, "channel");
	element(x, "title", f->title);
	element(x, "link", f->link);
	html_text_element(x, "description", f->description ? f->description : f->title);
	if (f->self)
		empty(x, "atom:link", (const char *const[][2]){ { "href", f->self },
		    { "rel", "self" }, { "type", "application/rss+xml" } }, 3);
	element(x, "language", f->lang);
	if (f->author_email && !f->author_guessed) {
		/* RSS wants an address here: "joe@example.org (Joe Bloggs)". */
		struct gz_buf who = {0};
		gz_buf_printf(&who, "%s (%s)", f->author_email, f->author_name);
		element(x, "managingEditor", who.data);
		gz_buf_free(&who);
	}
	element(x, "generator", "gazette " GZ_VERSION);
	gz_time_rfc822(f->updated, date);
	element(x, "lastBuildDate", date);
	for (size_t i = 0; i < f->count; i++) {
		rss_item(x, &f->items[i]);
		gz_buf_flush(x->out);
	}
	end(x);
	end(x);
}

static void
atom_author(struct xw *x, const char *name, const char *email)
{
	start(x, "author");
	element(x, "name", name);
	element(x, "email", email);
	end(x);
}

/* An entry in another language than its feed says so (RSS has no way to). */
static void
atom_entry(struct xw *x, const struct feed *f, const struct feed_item *it)
{
	char date[40];
	start(x, "entry");
	if (it->lang && (!f->lang || strcmp(it->lang, f->lang) != 0))
		attr(x, "xml:lang", it->lang);
	element(x, "title", it->title);
	empty(x, "link", (const char *const[][2]){ { "rel", "alternate" },
	    { "href", it->link } }, 2);
	element(x, "id", it->id);
	gz_time_rfc3339(it->published, date);
	element(x, "published", date);
	gz_time_rfc3339(it->updated, date);
	element(x, "updated", date);
	if (it->author_name)
		atom_author(x, it->author_name, it->author_email);
	for (size_t i = 0; i < it->category_count; i++)
		empty(x, "category", (const char *const[][2]){ { "term", it->categories[i] } }, 1);
	element(x, "summary", it->summary);
	feed_item_content(it, x->opts, &x->html);
	if (x->html.len) {
		start(x, "content");
		attr(x, "type", "html");
		if (!x->failed)
			check(x, xmlTextWriterWriteString(x->w, BAD_CAST clean(x, x->html.data)));
		end(x);
	}
	end(x);
}

static void
write_atom(struct xw *x, const struct feed *f)
{
	char date[40];
	start(x, "feed");
	attr(x, "xmlns", NS_ATOM);
	attr(x, "xml:lang", f->lang);
	element(x, "title", f->title);
	element(x, "subtitle", f->description);
	empty(x, "link", (const char *const[][2]){ { "rel", "alternate" },
	    { "type", "text/html" }, { "href", f->link } }, 3);
	if (f->self)
		empty(x, "link", (const char *const[][2]){ { "rel", "self" },
		    { "type", "application/atom+xml" }, { "href", f->self } }, 3);
	element(x, "id", f->id);
	gz_time_rfc3339(f->updated, date);
	element(x, "updated", date);
	atom_author(x, f->author_name, f->author_email);
	start(x, "generator");
	attr(x, "version", GZ_VERSION);
	if (!x->failed)
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST "gazette"));
	end(x);
	for (size_t i = 0; i < f->count; i++) {
		atom_entry(x, f, &f->items[i]);
		gz_buf_flush(x->out);
	}
	end(x);
}

/* libxml2's output goes straight into the render's buffer, which cannot fail. */
static int
sink_write(void *ctx, const char *bytes, int len)
{
	gz_buf_append(ctx, bytes, (size_t)len);
	return len;
}

static int
sink_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Whether the run writes an RSS feed too. */
static bool
run_writes_rss(const struct gz_render *r)
{
	for (size_t i = 0; i < r->run_format_count; i++)
		if (strcmp(r->run_formats[i]->name, "rss") == 0)
			return true;
	return false;
}

static bool
render(const struct gz_render *r, struct gz_buf *out, bool atom)
{
	/* The two feeds read the same pages: a run writing both says what it
	 * finds there (no site address, no date) once, with RSS, and the Atom
	 * feed is collected with warnings kept quiet; errors are still said and
	 * counted.  Under --strict each feed that fails says why. */
	struct feed f;
	struct gz_render quiet_render = *r;
	struct gz_log quiet = *r->log;
	if (atom && !r->log->strict && run_writes_rss(r)) {
		quiet.verbosity = -1;
		quiet_render.log = &quiet;
	}
	feed_collect(&quiet_render, &f);
	if (quiet_render.log == &quiet)
		r->log->errors = quiet.errors;
	if (atom && f.author_guessed)
		gz_warn(r->log, feed_blame(r), 0, "Atom needs an author and none is given; "
		    "using \"%s\" (set author: in the front matter or _config.yml)", f.author_name);

	bool ok = false;
	struct xw x = { .opts = r->opts, .out = out };
	xmlOutputBufferPtr sink = xmlOutputBufferCreateIO(sink_write, sink_close, out, NULL);
	x.w = sink ? xmlNewTextWriter(sink) : NULL;
	if (!x.w) {
		if (sink)
			xmlOutputBufferClose(sink);
		gz_error(r->log, feed_blame(r), 0, "libxml2 could not start a writer "
		    "(out of memory?)");
		goto out;
	}
	check(&x, xmlTextWriterSetIndent(x.w, 1));
	check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
	check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
	if (atom)
		write_atom(&x, &f);
	else
		write_rss(&x, &f);
	if (!x.failed)
		check(&x, xmlTextWriterEndDocument(x.w));
	xmlFreeTextWriter(x.w);     /* flushes and closes the sink */
	if (x.failed) {
		const xmlError *e = xmlGetLastError();
		gz_error(r->log, feed_blame(r), 0, "libxml2 could not write the %s feed: %s",
		    atom ? "Atom" : "RSS", e && e->message ? e->message : "unknown error");
		goto out;
	}
	ok = true;
out:
	gz_buf_free(&x.scratch);
	gz_buf_free(&x.html);
	feed_free(&f);
	return ok;
}

/* The module's entry points (see module.c). */
bool
gz_feed_module_rss(const struct gz_render *r, struct gz_buf *out)
{
	return render(r, out, false);
}

bool
gz_feed_module_atom(const struct gz_render *r, struct gz_buf *out)
{
	return render(r, out, true);
}

char *
gz_feed_module_versions(void)
{
	return gz_xasprintf("libxml2 %s\n", xmlParserVersion);
}
