/* liquid_strings.c: Liquid 5's string filters (case, escapes, slices, truncation, split,
 * strip, replace); lengths and slices count characters, not bytes. */
#define _GNU_SOURCE     /* memmem */
#include "liquid.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Byte offset of character `n` in s (len when past the end). */
static size_t
char_offset(const char *s, size_t len, int64_t n)
{
	size_t i = 0;
	for (; i < len && n > 0; n--) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static int64_t
char_len(const char *s, size_t len)
{
	int64_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- strings ---- */

LQ_FILTER(f_size)
{
	LQ_UNUSED;
	int64_t n = 0;
	if (in->kind == LQ_STRING)
		n = char_len(in->str.s, in->str.len);
	else if (in->kind == LQ_ARRAY || in->kind == LQ_HASH)
		n = (int64_t)in->c.count;
	else if (in->kind == LQ_INT)
		n = 8;      /* Ruby's Integer#size */
	else if (in->kind == LQ_RANGE)
		n = in->range.last >= in->range.first ? in->range.last - in->range.first + 1 : 0;
	lq_unref(in);
	return lq_int(n);
}

static struct lq_value *
change_case(struct lq_value *in, int how)
{
	size_t len;
	char *s = lq_take_text(in, &len);
	char *r;
	if (how == 0) {
		r = g_utf8_strdown(s, (gssize)len);
	} else if (how == 1) {
		r = g_utf8_strup(s, (gssize)len);
	} else {
		size_t first = char_offset(s, len, 1);
		char *a = g_utf8_strup(s, (gssize)first), *b = g_utf8_strdown(s + first, (gssize)(len - first));
		r = g_strconcat(a, b, NULL);
		g_free(a);
		g_free(b);
	}
	free(s);
	struct lq_value *v = lq_cstr(r);
	g_free(r);
	return v;
}

LQ_FILTER(f_downcase) { LQ_UNUSED; return change_case(in, 0); }
LQ_FILTER(f_upcase) { LQ_UNUSED; return change_case(in, 1); }
LQ_FILTER(f_capitalize) { LQ_UNUSED; return change_case(in, 2); }

/* CGI.escapeHTML; `once` leaves existing entities alone (escape_once). */
static struct lq_value *
escape_html(struct lq_value *in, bool once)
{
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '&' && once) {
			size_t j = i + 1;
			if (j < len && s[j] == '#') {
				j++;
				while (j < len && s[j] >= '0' && s[j] <= '9')
					j++;
			} else {
				while (j < len && ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z'))
					j++;
			}
			if (j < len && s[j] == ';' && j > i + 1 + (s[i + 1] == '#')) {
				gz_buf_putc(&b, c);
				continue;
			}
		}
		switch (c) {
		case '&': gz_buf_puts(&b, "&amp;"); break;
		case '<': gz_buf_puts(&b, "&lt;"); break;
		case '>': gz_buf_puts(&b, "&gt;"); break;
		case '"': gz_buf_puts(&b, "&quot;"); break;
		case '\'': gz_buf_puts(&b, "&#39;"); break;
		default: gz_buf_putc(&b, c);
		}
	}
	free(s);
	return lq_buf_value(&b);
}

LQ_FILTER(f_escape) { LQ_UNUSED; return escape_html(in, false); }
LQ_FILTER(f_escape_once) { LQ_UNUSED; return escape_html(in, true); }

/* CGI.escape: letters, digits and `*-._` stay (and `~`), a space is `+`. */
LQ_FILTER(f_url_encode)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("*-._~", c))
			gz_buf_putc(&b, (char)c);
		else if (c == ' ')
			gz_buf_putc(&b, '+');
		else
			gz_buf_printf(&b, "%%%02X", c);
	}
	free(s);
	return lq_buf_value(&b);
}

LQ_FILTER(f_url_decode)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			gz_buf_putc(&b, ' ');
		} else if (s[i] == '%' && i + 2 < len + 0 && g_ascii_isxdigit(s[i + 1]) &&
		    g_ascii_isxdigit(s[i + 2])) {
			gz_buf_putc(&b, (char)(g_ascii_xdigit_value(s[i + 1]) * 16 +
			    g_ascii_xdigit_value(s[i + 2])));
			i += 2;
		} else {
			gz_buf_putc(&b, s[i]);
		}
	}
	free(s);
	return lq_buf_value(&b);
}

static struct lq_value *
base64(struct lq_ctx *cx, struct lq_value *in, bool decode, bool url)
{
	size_t len;
	char *s = lq_take_text(in, &len);
	struct lq_value *v;
	if (!decode) {
		char *e = g_base64_encode((const guchar *)s, len);
		for (char *p = e; url && *p; p++)
			*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
		v = lq_cstr(e);
		g_free(e);
	} else {
		for (char *p = s; url && *p; p++)
			*p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
		for (size_t i = 0; i < len; i++)
			if (!g_ascii_isalnum(s[i]) && !strchr("+/=\n", s[i])) {
				free(s);
				lq_fail(cx, "Liquid error: invalid base64 provided to base64_decode");
				return NULL;
			}
		gsize n;
		guchar *d = g_base64_decode(s, &n);
		v = lq_str((const char *)d, n);
		g_free(d);
	}
	free(s);
	return v;
}

LQ_FILTER(f_base64_encode) { LQ_UNUSED; return base64(cx, in, false, false); }
LQ_FILTER(f_base64_decode) { LQ_UNUSED; return base64(cx, in, true, false); }
LQ_FILTER(f_base64_url_safe_encode) { LQ_UNUSED; return base64(cx, in, false, true); }
LQ_FILTER(f_base64_url_safe_decode) { LQ_UNUSED; return base64(cx, in, true, true); }

LQ_FILTER(f_slice)
{
	LQ_UNUSED;
	int64_t off = lq_to_int(args[0]), n = argc > 1 ? lq_to_int(args[1]) : 1;
	if (in->kind == LQ_ARRAY) {
		int64_t count = (int64_t)in->c.count;
		if (off < 0)
			off += count;
		struct lq_value *r = lq_new(LQ_ARRAY);
		if (off >= 0 && off < count && n > 0) {
			/* off + n may not fit: n comes from the page. */
			int64_t end = n > count - off ? count : off + n;
			for (int64_t i = off; i < end; i++)
				lq_push(r, lq_ref(in->c.items[i]));
		}
		lq_unref(in);
		return r;
	}
	size_t len;
	char *s = lq_take_text(in, &len);
	int64_t count = char_len(s, len);
	if (off < 0)
		off += count;
	struct lq_value *r;
	if (off < 0 || off > count || n < 0) {
		r = lq_str("", 0);
	} else {
		size_t a = char_offset(s, len, off);
		size_t b = char_offset(s, len, n > count - off ? count : off + n);
		r = lq_str(s + a, b - a);
	}
	free(s);
	return r;
}

LQ_FILTER(f_truncate)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len, elen = 3;
	char *s = lq_take_text(in, &len);
	int64_t n = argc > 0 ? lq_to_int(args[0]) : 50;
	char *ell = argc > 1 ? lq_text(args[1], &elen) : gz_xstrdup("...");
	int64_t keep = n - char_len(ell, elen);
	if (keep < 0)
		keep = 0;
	struct lq_value *r;
	if (char_len(s, len) > n) {
		size_t at = char_offset(s, len, keep);
		char *t = gz_xasprintf("%.*s%s", (int)at, s, ell);
		r = lq_str_take(t, strlen(t));
	} else {
		r = lq_str(s, len);
	}
	free(s);
	free(ell);
	return r;
}

static bool
is_ruby_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

/* Ruby's awk-style split on white space into at most `limit` pieces (0: all). */
static struct lq_value *
split_words(const char *s, size_t len, int64_t limit)
{
	struct lq_value *a = lq_new(LQ_ARRAY);
	size_t i = 0;
	while (i < len) {
		while (i < len && is_ruby_space(s[i]))
			i++;
		if (i >= len)
			break;
		if (limit > 0 && (int64_t)a->c.count == limit - 1) {
			lq_push(a, lq_str(s + i, len - i));
			break;
		}
		size_t j = i;
		while (j < len && !is_ruby_space(s[j]))
			j++;
		lq_push(a, lq_str(s + i, j - i));
		i = j;
	}
	return a;
}

LQ_FILTER(f_truncatewords)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	int64_t n = argc > 0 ? lq_to_int(args[0]) : 15;
	if (n <= 0)
		n = 1;
	if (n > 1000000)
		n = 1000000;
	struct lq_value *words = split_words(s, len, n + 1), *r;
	if ((int64_t)words->c.count <= n) {
		r = lq_str(s, len);
	} else {
		struct gz_buf b = {0};
		for (int64_t i = 0; i < n; i++) {
			if (i)
				gz_buf_putc(&b, ' ');
			lq_to_s(&b, words->c.items[i]);
		}
		if (argc > 1)
			lq_to_s(&b, args[1]);
		else
			gz_buf_puts(&b, "...");
		r = lq_buf_value(&b);
	}
	lq_unref(words);
	free(s);
	return r;
}

LQ_FILTER(f_split)
{
	(void)argc, (void)kw;
	size_t len, plen;
	char *s = lq_take_text(in, &len), *pat = lq_text(args[0], &plen);
	/* The text and each piece count against the page's limit as they are
	 * made: an array written out (Ruby's inspect) grows with each split, and
	 * splitting into characters makes a value of each. */
	struct lq_value *a = NULL;
	if (!lq_charge(cx, len))
		goto done;
	if (plen == 1 && pat[0] == ' ') {
		a = split_words(s, len, 0);
		if (!lq_charge(cx, a->c.count * sizeof(struct lq_value)))
			goto done;
	} else {
		a = lq_new(LQ_ARRAY);
		size_t i = 0;
		while (i < len) {
			if (!lq_charge(cx, sizeof(struct lq_value)))
				goto done;
			if (!plen) {
				size_t n = char_offset(s + i, len - i, 1);
				lq_push(a, lq_str(s + i, n));
				i += n;
				continue;
			}
			const char *hit = memmem(s + i, len - i, pat, plen);
			size_t end = hit ? (size_t)(hit - s) : len;
			lq_push(a, lq_str(s + i, end - i));
			i = hit ? end + plen : len;
		}
		/* Ruby drops trailing empty strings. */
		while (a->c.count && a->c.items[a->c.count - 1]->str.len == 0)
			lq_unref(a->c.items[--a->c.count]);
	}
done:
	free(s);
	free(pat);
	if (cx->failed) {
		if (a)
			lq_unref(a);
		return NULL;
	}
	return a;
}

static struct lq_value *
strip(struct lq_value *in, bool left, bool right)
{
	size_t len;
	char *s = lq_take_text(in, &len);
	size_t a = 0, b = len;
	while (left && a < b && is_ruby_space(s[a]))
		a++;
	while (right && b > a && is_ruby_space(s[b - 1]))
		b--;
	struct lq_value *r = lq_str(s + a, b - a);
	free(s);
	return r;
}

LQ_FILTER(f_strip) { LQ_UNUSED; return strip(in, true, true); }
LQ_FILTER(f_lstrip) { LQ_UNUSED; return strip(in, true, false); }
LQ_FILTER(f_rstrip) { LQ_UNUSED; return strip(in, false, true); }

/* Removes script, style and comment blocks, then every tag. */
LQ_FILTER(f_strip_html)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	static const struct { const char *open, *close; } blocks[] = {
		{ "<script", "</script>" }, { "<!--", "-->" }, { "<style", "</style>" },
	};
	for (size_t i = 0; i < len;) {
		bool skipped = false;
		for (size_t k = 0; k < GZ_ARRAY_LEN(blocks) && !skipped; k++) {
			size_t ol = strlen(blocks[k].open), cl = strlen(blocks[k].close);
			if (len - i >= ol && g_ascii_strncasecmp(s + i, blocks[k].open, ol) == 0) {
				for (size_t j = i + ol; j + cl <= len; j++)
					if (g_ascii_strncasecmp(s + j, blocks[k].close, cl) == 0) {
						i = j + cl;
						skipped = true;
						break;
					}
			}
		}
		if (skipped)
			continue;
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', len - i);
			if (gt) {
				i = (size_t)(gt - s) + 1;
				continue;
			}
		}
		gz_buf_putc(&b, s[i++]);
	}
	free(s);
	return lq_buf_value(&b);
}

LQ_FILTER(f_strip_newlines)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\n' && !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			gz_buf_putc(&b, s[i]);
	free(s);
	return lq_buf_value(&b);
}

LQ_FILTER(f_newline_to_br)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n')
			gz_buf_puts(&b, "<br />\n");
		else
			gz_buf_putc(&b, s[i]);
	}
	free(s);
	return lq_buf_value(&b);
}

/* replace, replace_first, replace_last, and remove_* with an empty replacement. */
static struct lq_value *
replace(struct lq_value *in, struct lq_value **args, size_t argc, int which, bool remove)
{
	size_t len, plen, rlen = 0;
	char *s = lq_take_text(in, &len), *pat = lq_text(args[0], &plen);
	char *rep = !remove && argc > 1 ? lq_text(args[1], &rlen) : gz_xstrdup("");
	struct gz_buf b = {0};
	const char *last = NULL;
	if (which == 2 && plen)
		for (const char *p = s; (p = memmem(p, len - (size_t)(p - s), pat, plen)); p++)
			last = p;
	size_t i = 0;
	bool done = false;
	while (i <= len) {
		const char *hit = done ? NULL : which == 2 ? last
		    : plen ? memmem(s + i, len - i, pat, plen) : s + i;
		if (!hit) {
			gz_buf_append(&b, s + i, len - i);
			break;
		}
		gz_buf_append(&b, s + i, (size_t)(hit - s) - i);
		gz_buf_append(&b, rep, rlen);
		i = (size_t)(hit - s) + plen;
		done = which != 0;
		if (!plen && !done) {
			/* an empty pattern matches between every character */
			if (i >= len)
				break;
			size_t n = char_offset(s + i, len - i, 1);
			gz_buf_append(&b, s + i, n);
			i += n;
			if (i == len) {
				gz_buf_append(&b, rep, rlen);
				break;
			}
		}
	}
	free(s);
	free(pat);
	free(rep);
	return lq_buf_value(&b);
}

LQ_FILTER(f_replace) { LQ_UNUSED; return replace(in, args, argc, 0, false); }
LQ_FILTER(f_replace_first) { LQ_UNUSED; return replace(in, args, argc, 1, false); }
LQ_FILTER(f_replace_last) { LQ_UNUSED; return replace(in, args, argc, 2, false); }
LQ_FILTER(f_remove) { LQ_UNUSED; return replace(in, args, argc, 0, true); }
LQ_FILTER(f_remove_first) { LQ_UNUSED; return replace(in, args, argc, 1, true); }
LQ_FILTER(f_remove_last) { LQ_UNUSED; return replace(in, args, argc, 2, true); }

static struct lq_value *
affix(struct lq_value *in, struct lq_value *other, bool after)
{
	size_t n1, n2;
	char *a = lq_text(after ? in : other, &n1), *z = lq_text(after ? other : in, &n2);
	struct gz_buf b = {0};
	gz_buf_append(&b, a, n1);
	gz_buf_append(&b, z, n2);
	free(a);
	free(z);
	lq_unref(in);
	return lq_buf_value(&b);
}

LQ_FILTER(f_append) { LQ_UNUSED; return affix(in, args[0], true); }
LQ_FILTER(f_prepend) { LQ_UNUSED; return affix(in, args[0], false); }

static const struct lq_filter_def filters[] = {
	{ "append", f_append, 1, 1, 0 },
	{ "base64_decode", f_base64_decode, 0, 0, 0 },
	{ "base64_encode", f_base64_encode, 0, 0, 0 },
	{ "base64_url_safe_decode", f_base64_url_safe_decode, 0, 0, 0 },
	{ "base64_url_safe_encode", f_base64_url_safe_encode, 0, 0, 0 },
	{ "capitalize", f_capitalize, 0, 0, 0 },
	{ "downcase", f_downcase, 0, 0, 0 },
	{ "escape", f_escape, 0, 0, 1 },
	{ "escape_once", f_escape_once, 0, 0, 1 },
	{ "h", f_escape, 0, 0, 1 },
	{ "lstrip", f_lstrip, 0, 0, 0 },
	{ "newline_to_br", f_newline_to_br, 0, 0, 1 },
	{ "prepend", f_prepend, 1, 1, 0 },
	{ "remove", f_remove, 1, 1, 0 },
	{ "remove_first", f_remove_first, 1, 1, 0 },
	{ "remove_last", f_remove_last, 1, 1, 0 },
	{ "replace", f_replace, 1, 2, 0 },
	{ "replace_first", f_replace_first, 1, 2, 0 },
	{ "replace_last", f_replace_last, 2, 2, 0 },
	{ "rstrip", f_rstrip, 0, 0, 0 },
	{ "size", f_size, 0, 0, 0 },
	{ "slice", f_slice, 1, 2, 0 },
	{ "split", f_split, 1, 1, 0 },
	{ "strip", f_strip, 0, 0, 0 },
	{ "strip_html", f_strip_html, 0, 0, 0 },
	{ "strip_newlines", f_strip_newlines, 0, 0, 0 },
	{ "truncate", f_truncate, 0, 2, 0 },
	{ "truncatewords", f_truncatewords, 0, 2, 0 },
	{ "upcase", f_upcase, 0, 0, 0 },
	{ "url_decode", f_url_decode, 0, 0, 0 },
	{ "url_encode", f_url_encode, 0, 0, 0 },
};

const struct lq_filter_def *
lq_find_string_filter(const char *name)
{
	return lq_filter_in(filters, GZ_ARRAY_LEN(filters), name);
}
