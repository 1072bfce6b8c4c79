/* links.c: where a link in a PDF goes: a destination inside the document
 * for `#id`, else an absolute URI (a PDF has no address of its own that a
 * relative link could be read against). */
#include "links.h"
#include "picture.h"

#include <stdlib.h>
#include <string.h>

char *
pdf_uri_attr(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	struct gz_buf out = {0};
	gz_buf_append(&out, "", 0);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		bool escaped_percent = *p == '%' && g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2]);
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"'\\<>{}|^`()", *p)
		    || (*p == '%' && !escaped_percent)) {
			gz_buf_putc(&out, '%');
			gz_buf_putc(&out, hex[*p >> 4]);
			gz_buf_putc(&out, hex[*p & 15]);
		} else {
			gz_buf_putc(&out, (char)*p);
		}
	}
	return gz_buf_detach(&out, NULL);
}

static void
percent_decode(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '%' && g_ascii_isxdigit(r[1]) && g_ascii_isxdigit(r[2])) {
			*w++ = (char)(g_ascii_xdigit_value(r[1]) * 16 + g_ascii_xdigit_value(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

bool
pdf_first_warning(const struct pdf_inline_ctx *c, const char *kind, const char *what)
{
	char *key = gz_xasprintf("%s\x1f%s", kind, what ? what : "");
	if (g_hash_table_contains(c->warned, key)) {
		free(key);
		return false;
	}
	g_hash_table_add(c->warned, key);
	return true;
}

/* The page's own absolute URL: the site's `url` and `baseurl`, and the
 * page's permalink; NULL when the site's address is unknown. */
static char *
page_url(const struct gz_doc *doc, const char *site_url)
{
	if (!site_url || !gz_url_is_absolute(site_url) || !doc->meta.permalink)
		return NULL;
	const char *baseurl = gz_value_string(doc->site, "baseurl");
	size_t n = strlen(site_url), b = baseurl ? strlen(baseurl) : 0;
	while (n > 0 && site_url[n - 1] == '/')
		n--;
	while (b > 0 && baseurl[b - 1] == '/')
		b--;
	return gz_xasprintf("%.*s%s%.*s%s", (int)n, site_url, b && baseurl[0] != '/' ? "/" : "",
	    (int)b, baseurl ? baseurl : "", doc->meta.permalink);
}

char *
pdf_link_attrs(const struct pdf_inline_ctx *c, const struct gz_node *n)
{
	const char *url = n->link.url;
	const struct gz_doc *doc = c->doc;
	unsigned line = pdf_node_line(n);
	if (!url || !*url)
		return NULL;
	if (c->st->safe && gz_url_is_dangerous(url, false))
		return NULL;    /* --safe: the text stays, the link goes, as in HTML */
	if (url[0] == '#') {
		char *id = gz_xstrdup(url + 1);
		percent_decode(id);
		const char *dest = c->dest_of(c->dest_ctx, id);
		free(id);
		if (!dest) {
			if (pdf_first_warning(c, "#", url))
				gz_warn(c->log, doc->name, line, "link to '%s': nothing on the page "
				    "has this id; it is printed as text", url);
			return NULL;
		}
		return gz_xasprintf("dest='%s'", dest);
	}
	const char *site_url = doc->site ? gz_value_string(doc->site, "url") : NULL;
	char *absolute = NULL;
	if (url[0] == '/' && url[1] == '/') {
		absolute = gz_xasprintf("https:%s", url);
	} else if (!gz_url_is_absolute(url)) {
		if (url[0] == '/' && site_url && gz_url_is_absolute(site_url)) {
			size_t len = strlen(site_url);
			while (len > 0 && site_url[len - 1] == '/')
				len--;
			absolute = gz_xasprintf("%.*s%s", (int)len, site_url, url);
		} else {
			char *base = url[0] == '/' ? NULL : page_url(doc, site_url);
			if (base)
				absolute = gz_url_resolve(base, url);
			free(base);
		}
		if (!absolute) {
			if (pdf_first_warning(c, "relative", NULL))
				gz_warn(c->log, doc->name, line, "link to '%s' is relative, and the "
				    "site's address is unknown (give url: in _config.yml or --set "
				    "url=https://...): it and any other relative link on this page "
				    "are printed as text", url);
			return NULL;
		}
	}
	char *uri = pdf_uri_attr(absolute ? absolute : url);
	char *attrs = gz_xasprintf("uri='%s'", uri);
	free(uri);
	free(absolute);
	return attrs;
}
