/* url.c: the URL rules every backend shares: RFC 3986 resolution, absolute or
 * not, percent-encoding, the host, and what --safe drops. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The length of the scheme and its colon, or 0 when `url` has none. */
static size_t
scheme_len(const char *url)
{
	if (!is_alpha(*url))
		return 0;
	for (const char *p = url + 1; *p; p++) {
		if (*p == ':')
			return (size_t)(p - url) + 1;
		if (!(is_alnum(*p) || *p == '+' || *p == '-' || *p == '.'))
			return 0;
	}
	return 0;
}

bool
gz_url_is_absolute(const char *url)
{
	return scheme_len(url) > 0;
}

bool
gz_url_is_dangerous(const char *url, bool image)
{
	static const char *const images[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
	char scheme[12];
	size_t n = 0;
	const char *p = url;

	/* Browsers skip leading blanks and controls, and the tabs and newlines
	 * inside a scheme, so the comparison does too. */
	while (*p && (unsigned char)*p <= ' ')
		p++;
	for (; *p && *p != ':'; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (n == sizeof scheme - 1)
			return false;
		scheme[n++] = ascii_lower(*p);
	}
	if (*p != ':')
		return false;
	scheme[n] = '\0';
	p++;
	if (strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0)
		return true;
	if (strcmp(scheme, "data") != 0)
		return false;
	for (size_t i = 0; image && i < GZ_ARRAY_LEN(images); i++) {
		size_t len = strlen(images[i]), k = 0;
		while (k < len && ascii_lower(p[k]) == images[i][k])
			k++;
		if (k == len && (p[k] == ';' || p[k] == ','))
			return false;
	}
	return true;
}

/* A part of a URI reference; `s` is NULL when the part is absent. */
struct span {
	const char *s;
	size_t len;
};

struct uri {
	struct span scheme, authority, path, query, fragment;
};

static void
uri_split(const char *s, struct uri *u)
{
	*u = (struct uri){0};
	const char *p = s;
	size_t sl = scheme_len(p);
	if (sl) {
		u->scheme = (struct span){ p, sl - 1 };
		p += sl;
	}
	if (p[0] == '/' && p[1] == '/') {
		size_t n = strcspn(p + 2, "/?#");
		u->authority = (struct span){ p + 2, n };
		p += 2 + n;
	}
	size_t n = strcspn(p, "?#");
	u->path = (struct span){ p, n };
	p += n;
	if (*p == '?') {
		n = strcspn(p + 1, "#");
		u->query = (struct span){ p + 1, n };
		p += 1 + n;
	}
	if (*p == '#')
		u->fragment = (struct span){ p + 1, strlen(p + 1) };
}

/* Appends `path` with its `.` and `..` segments removed (RFC 3986, 5.2.4).
 * Each kept segment is written followed by a slash; the last slash is taken
 * back unless the path ends in a slash, `.` or `..`. */
static void
put_path_without_dots(struct gz_buf *out, const char *path, size_t len)
{
	bool absolute = len > 0 && path[0] == '/';
	if (absolute)
		gz_buf_putc(out, '/');
	size_t base = out->len;
	bool ends_in_segment = false;
	for (size_t i = absolute ? 1 : 0; i <= len;) {
		size_t j = i;
		while (j < len && path[j] != '/')
			j++;
		size_t seg = j - i;
		ends_in_segment = false;
		if (seg == 1 && path[i] == '.') {
			/* nothing */
		} else if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
			if (out->len > base) {
				out->len--;     /* the slash after the last segment */
				while (out->len > base && out->data[out->len - 1] != '/')
					out->len--;
			}
		} else {
			gz_buf_append(out, path + i, seg);
			gz_buf_putc(out, '/');
			ends_in_segment = true;
		}
		i = j + 1;
	}
	if (ends_in_segment)
		out->len--;
	if (out->data)
		out->data[out->len] = '\0';
}

static void
put_span(struct gz_buf *out, const char *before, struct span sp)
{
	if (sp.s) {
		gz_buf_puts(out, before);
		gz_buf_append(out, sp.s, sp.len);
	}
}

void
gz_url_resolve_into(struct gz_buf *out, const char *base, const char *ref)
{
	struct uri b, r;
	uri_split(base, &b);
	uri_split(ref, &r);
	if (r.scheme.s || !b.scheme.s) {
		gz_buf_puts(out, ref);
		return;
	}
	put_span(out, "", b.scheme);
	gz_buf_putc(out, ':');
	struct span query = r.query;
	if (r.authority.s) {
		put_span(out, "//", r.authority);
		put_path_without_dots(out, r.path.s, r.path.len);
	} else {
		put_span(out, "//", b.authority);
		if (r.path.len == 0) {
			gz_buf_append(out, b.path.s, b.path.len);
			if (!query.s)
				query = b.query;
		} else if (r.path.s[0] == '/') {
			put_path_without_dots(out, r.path.s, r.path.len);
		} else {
			/* Merge: the base path up to its last slash, then the reference. */
			struct gz_buf merged = {0};
			size_t keep = b.path.len;
			while (keep > 0 && b.path.s[keep - 1] != '/')
				keep--;
			if (keep > 0)
				gz_buf_append(&merged, b.path.s, keep);
			else if (b.authority.s)
				gz_buf_putc(&merged, '/');
			gz_buf_append(&merged, r.path.s, r.path.len);
			put_path_without_dots(out, merged.data, merged.len);
			gz_buf_free(&merged);
		}
	}
	put_span(out, "?", query);
	put_span(out, "#", r.fragment);
}

char *
gz_url_resolve(const char *base, const char *ref)
{
	struct gz_buf out = {0};
	gz_url_resolve_into(&out, base, ref);
	return gz_buf_detach(&out, NULL);
}

/* Printable ASCII that may stand in a URL as it is. */
static bool
url_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7F)
		return false;
	switch (c) {
	case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
		return false;
	default:
		return true;
	}
}

/* RFC 3986's pchar and '/': what may stand in a URL's path as it is. */
static bool
path_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	    || (c && strchr("-._~!$&'()*+,;=:@/", c));
}

/* Appends s with each byte `keep` refuses as %XX, written in place: ids of
 * CJK headings are escaped byte by byte. */
static void
percent_encode(struct gz_buf *out, const char *s, bool (*keep)(unsigned char))
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s);
	gz_buf_reserve(out, 3 * len);
	char *w = out->data + out->len;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (keep(*p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 0xF];
		}
	}
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
}

void
gz_url_encode(struct gz_buf *out, const char *s)
{
	percent_encode(out, s, url_char);
}

void
gz_url_escape_path(struct gz_buf *out, const char *s)
{
	percent_encode(out, s, path_char);
}

char *
gz_url_host(const char *url)
{
	size_t s = scheme_len(url);
	if (s == 0 || url[s] != '/' || url[s + 1] != '/')
		return NULL;
	const char *host = url + s + 2;
	size_t len = strcspn(host, "/?#");
	const char *at = memchr(host, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - host);
		host = at + 1;
	}
	/* The port goes; an IPv6 literal (`[::1]`) keeps its colons. */
	size_t skip = 0;
	if (host[0] == '[') {
		const char *close = memchr(host, ']', len);
		skip = close ? (size_t)(close - host) : 0;
	}
	const char *colon = memchr(host + skip, ':', len - skip);
	size_t port = colon ? (size_t)(colon - host) : len;
	if (port == 0)
		return NULL;
	char *h = gz_xstrndup(host, port);
	for (char *p = h; *p; p++)
		*p = ascii_lower(*p);
	return h;
}

static int
hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *
gz_url_unescape(const char *s)
{
	char *out = gz_xstrdup(s), *w = out;
	for (const char *r = s; *r; r++) {
		if (r[0] == '%' && hex_value(r[1]) >= 0 && hex_value(r[2]) >= 0) {
			*w++ = (char)(hex_value(r[1]) * 16 + hex_value(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return out;
}
