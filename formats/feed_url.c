/* feed_url.c: just enough of RFC 3986 for feeds: absolute or not, resolution
 * against a base, percent-encoding, the host. */
#include "feed.h"

#include <stdlib.h>
#include <string.h>

/* The length of the scheme and its colon, or 0 when `url` has none. */
static size_t
scheme_len(const char *url)
{
	const char *p = url;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	for (p++; *p; p++) {
		if (*p == ':')
			return (size_t)(p - url) + 1;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
		    || *p == '+' || *p == '-' || *p == '.'))
			return 0;
	}
	return 0;
}

bool
feed_url_is_absolute(const char *url)
{
	return scheme_len(url) > 0;
}

/* Where the authority of `url` ends (after `scheme://host`), or the end of the
 * scheme when there is no authority. */
static size_t
authority_end(const char *url)
{
	size_t s = scheme_len(url);
	if (url[s] != '/' || url[s + 1] != '/')
		return s;
	return s + 2 + strcspn(url + s + 2, "/?#");
}

/* Removes `.` and `..` segments from a path (RFC 3986, section 5.2.4). */
static void
remove_dot_segments(struct gz_buf *out, const char *path, size_t len)
{
	size_t start = out->len;
	size_t i = 0;
	while (i < len) {
		size_t seg_end = i + 1;
		while (seg_end < len && path[seg_end] != '/')
			seg_end++;
		/* path[i] is '/', the segment is path[i + 1, seg_end) */
		size_t n = seg_end - i - 1;
		const char *seg = path + i + 1;
		bool last = seg_end >= len;
		if (n == 1 && seg[0] == '.') {
			if (last)
				gz_buf_putc(out, '/');
		} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out->len > start && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
			if (last)
				gz_buf_putc(out, '/');
		} else {
			gz_buf_append(out, path + i, seg_end - i);
		}
		i = seg_end;
	}
	if (out->data)
		out->data[out->len] = '\0';
}

char *
feed_url_resolve(const char *base, const char *ref)
{
	struct gz_buf out = {0};
	if (feed_url_is_absolute(ref) || !feed_url_is_absolute(base))
		return gz_xstrdup(ref);

	size_t auth = authority_end(base);
	size_t path_end = auth + strcspn(base + auth, "?#");
	size_t query_end = auth + strcspn(base + auth, "#");
	if (ref[0] == '/' && ref[1] == '/') {
		gz_buf_append(&out, base, scheme_len(base));
		gz_buf_puts(&out, ref);
	} else if (ref[0] == '#') {
		gz_buf_append(&out, base, query_end);
		gz_buf_puts(&out, ref);
	} else if (ref[0] == '?') {
		gz_buf_append(&out, base, path_end);
		gz_buf_puts(&out, ref);
	} else if (ref[0] == '\0') {
		gz_buf_append(&out, base, query_end);
	} else {
		/* The reference's path, then its query and fragment as they are. */
		size_t ref_path = strcspn(ref, "?#");
		struct gz_buf merged = {0};
		if (ref[0] == '/') {
			gz_buf_append(&merged, ref, ref_path);
		} else {
			const char *bp = base + auth;
			size_t bp_len = path_end - auth;
			while (bp_len > 0 && bp[bp_len - 1] != '/')
				bp_len--;
			if (bp_len == 0)
				gz_buf_putc(&merged, '/');
			gz_buf_append(&merged, bp, bp_len);
			gz_buf_append(&merged, ref, ref_path);
		}
		gz_buf_append(&out, base, auth);
		remove_dot_segments(&out, merged.data, merged.len);
		gz_buf_puts(&out, ref + ref_path);
		gz_buf_free(&merged);
	}
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

void
feed_url_encode(struct gz_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	/* Written in place: ids of CJK headings are escaped byte by byte. */
	size_t len = strlen(s);
	gz_buf_reserve(out, 3 * len);
	char *w = out->data + out->len;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (url_char(*p)) {
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

char *
feed_url_host(const char *url)
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
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return h;
}
