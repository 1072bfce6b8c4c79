/* liquid_filters.c: Liquid 5's standard filters (strings, numbers, arrays, dates, escapes);
 * lengths and slices count characters, not bytes. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILTER(name) static struct lq_value *name(struct lq_ctx *cx, struct lq_value *in, \
    struct lq_value **args, size_t argc, const struct lq_value *kw)
#define UNUSED (void)cx, (void)args, (void)argc, (void)kw

/* The input's text; frees the input. */
static char *
take_text(struct lq_value *in, size_t *len)
{
	char *s = lq_text(in, len);
	lq_unref(in);
	return s;
}

static struct lq_value *
text_result(struct gz_buf *b)
{
	size_t len;
	gz_buf_append(b, "", 0);
	char *s = gz_buf_detach(b, &len);
	return lq_str_take(s, len);
}

static int64_t
to_int(const struct lq_value *v)
{
	int64_t i;
	double f;
	bool fl;
	if (!lq_number(v, &i, &f, &fl))
		return 0;
	return fl ? (int64_t)f : i;
}

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

FILTER(f_size)
{
	UNUSED;
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
	char *s = take_text(in, &len);
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

FILTER(f_downcase) { UNUSED; return change_case(in, 0); }
FILTER(f_upcase) { UNUSED; return change_case(in, 1); }
FILTER(f_capitalize) { UNUSED; return change_case(in, 2); }

/* CGI.escapeHTML; `once` leaves existing entities alone (escape_once). */
static struct lq_value *
escape_html(struct lq_value *in, bool once)
{
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = take_text(in, &len);
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
	return text_result(&b);
}

FILTER(f_escape) { UNUSED; return escape_html(in, false); }
FILTER(f_escape_once) { UNUSED; return escape_html(in, true); }

/* CGI.escape: letters, digits and `*-._` stay (and `~`), a space is `+`. */
FILTER(f_url_encode)
{
	UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = take_text(in, &len);
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
	return text_result(&b);
}

FILTER(f_url_decode)
{
	UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = take_text(in, &len);
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
	return text_result(&b);
}

static struct lq_value *
base64(struct lq_ctx *cx, struct lq_value *in, bool decode, bool url)
{
	size_t len;
	char *s = take_text(in, &len);
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

FILTER(f_base64_encode) { UNUSED; return base64(cx, in, false, false); }
FILTER(f_base64_decode) { UNUSED; return base64(cx, in, true, false); }
FILTER(f_base64_url_safe_encode) { UNUSED; return base64(cx, in, false, true); }
FILTER(f_base64_url_safe_decode) { UNUSED; return base64(cx, in, true, true); }

FILTER(f_slice)
{
	UNUSED;
	int64_t off = to_int(args[0]), n = argc > 1 ? to_int(args[1]) : 1;
	if (in->kind == LQ_ARRAY) {
		int64_t count = (int64_t)in->c.count;
		if (off < 0)
			off += count;
		struct lq_value *r = lq_new(LQ_ARRAY);
		for (int64_t i = off; off >= 0 && n > 0 && i < off + n && i < count; i++)
			lq_push(r, lq_ref(in->c.items[i]));
		lq_unref(in);
		return r;
	}
	size_t len;
	char *s = take_text(in, &len);
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

FILTER(f_truncate)
{
	UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len, elen = 3;
	char *s = take_text(in, &len);
	int64_t n = argc > 0 ? to_int(args[0]) : 50;
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

FILTER(f_truncatewords)
{
	UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = take_text(in, &len);
	int64_t n = argc > 0 ? to_int(args[0]) : 15;
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
		r = text_result(&b);
	}
	lq_unref(words);
	free(s);
	return r;
}

FILTER(f_split)
{
	UNUSED;
	size_t len, plen;
	char *s = take_text(in, &len), *pat = lq_text(args[0], &plen);
	struct lq_value *a;
	if (plen == 1 && pat[0] == ' ') {
		a = split_words(s, len, 0);
	} else {
		a = lq_new(LQ_ARRAY);
		size_t i = 0;
		while (i < len) {
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
	free(s);
	free(pat);
	return a;
}

static struct lq_value *
strip(struct lq_value *in, bool left, bool right)
{
	size_t len;
	char *s = take_text(in, &len);
	size_t a = 0, b = len;
	while (left && a < b && is_ruby_space(s[a]))
		a++;
	while (right && b > a && is_ruby_space(s[b - 1]))
		b--;
	struct lq_value *r = lq_str(s + a, b - a);
	free(s);
	return r;
}

FILTER(f_strip) { UNUSED; return strip(in, true, true); }
FILTER(f_lstrip) { UNUSED; return strip(in, true, false); }
FILTER(f_rstrip) { UNUSED; return strip(in, false, true); }

/* Removes script, style and comment blocks, then every tag. */
FILTER(f_strip_html)
{
	UNUSED;
	size_t len;
	char *s = take_text(in, &len);
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
	return text_result(&b);
}

FILTER(f_strip_newlines)
{
	UNUSED;
	size_t len;
	char *s = take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\n' && !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			gz_buf_putc(&b, s[i]);
	free(s);
	return text_result(&b);
}

FILTER(f_newline_to_br)
{
	UNUSED;
	size_t len;
	char *s = take_text(in, &len);
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
	return text_result(&b);
}

/* replace, replace_first, replace_last, and remove_* with an empty replacement. */
static struct lq_value *
replace(struct lq_value *in, struct lq_value **args, size_t argc, int which, bool remove)
{
	size_t len, plen, rlen = 0;
	char *s = take_text(in, &len), *pat = lq_text(args[0], &plen);
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
	return text_result(&b);
}

FILTER(f_replace) { UNUSED; return replace(in, args, argc, 0, false); }
FILTER(f_replace_first) { UNUSED; return replace(in, args, argc, 1, false); }
FILTER(f_replace_last) { UNUSED; return replace(in, args, argc, 2, false); }
FILTER(f_remove) { UNUSED; return replace(in, args, argc, 0, true); }
FILTER(f_remove_first) { UNUSED; return replace(in, args, argc, 1, true); }
FILTER(f_remove_last) { UNUSED; return replace(in, args, argc, 2, true); }

static struct lq_value *
affix(struct lq_value *in, struct lq_value *other, bool after)
{
	struct gz_buf b = {0};
	lq_to_s(&b, after ? in : other);
	lq_to_s(&b, after ? other : in);
	lq_unref(in);
	return text_result(&b);
}

FILTER(f_append) { UNUSED; return affix(in, args[0], true); }
FILTER(f_prepend) { UNUSED; return affix(in, args[0], false); }

/* ---- arrays ---- */

/* The input as an array (a new reference), as Liquid's InputIterator sees it. */
static struct lq_value *
as_array(struct lq_value *in)
{
	struct lq_value *a = in->kind == LQ_ARRAY ? lq_ref(in) : lq_to_array(in);
	lq_unref(in);
	return a;
}

/* Ruby's Array#join: nested arrays are joined too, with the same glue. */
static void
join_into(struct gz_buf *b, const struct lq_value *a, const struct lq_value *glue, bool *first,
    int depth)
{
	for (size_t i = 0; i < a->c.count; i++) {
		const struct lq_value *v = a->c.items[i];
		if (v->kind == LQ_ARRAY && depth < LQ_MAX_NESTING) {
			join_into(b, v, glue, first, depth + 1);
			continue;
		}
		if (!*first) {
			if (glue)
				lq_to_s(b, glue);
			else
				gz_buf_putc(b, ' ');
		}
		*first = false;
		lq_to_s(b, v);
	}
}

FILTER(f_join)
{
	UNUSED;
	struct lq_value *a = as_array(in);
	struct gz_buf b = {0};
	bool first = true;
	join_into(&b, a, argc ? args[0] : NULL, &first, 0);
	lq_unref(a);
	return text_result(&b);
}

static struct lq_value *
property(const struct lq_value *item, const struct lq_value *key)
{
	if (item->kind != LQ_HASH || key->kind == LQ_NIL)
		return lq_nil();
	char *k = lq_text(key, NULL);
	struct lq_value *v = lq_get(item, k, strlen(k));
	free(k);
	return v ? v : lq_nil();
}

/* Ruby's <=> with nils last (Liquid's nil_safe_compare); `fold` compares
 * strings case-insensitively (sort_natural). */
static int
nil_safe(const struct lq_value *a, const struct lq_value *b, bool fold, bool *bad)
{
	if (a->kind == LQ_NIL || b->kind == LQ_NIL)
		return (a->kind == LQ_NIL) - (b->kind == LQ_NIL);
	if (fold) {
		char *x = lq_text(a, NULL), *y = lq_text(b, NULL);
		int r = g_ascii_strcasecmp(x, y);
		free(x);
		free(y);
		return (r > 0) - (r < 0);
	}
	int r = 0;
	if (!lq_compare(a, b, &r))
		*bad = true;
	return r;
}

struct sort_item {
	struct lq_value *v, *key;
	size_t index;
};

struct sort_how {
	bool fold, bad;
};

static int
cmp_items(const void *pa, const void *pb, void *data)
{
	const struct sort_item *a = pa, *b = pb;
	struct sort_how *how = data;
	int r = nil_safe(a->key, b->key, how->fold, &how->bad);
	return r ? r : (a->index > b->index) - (a->index < b->index);
}

/* Sorts by the items (or their `prop`), stable; false when they cannot be compared. */
static struct lq_value *
sorted(struct lq_ctx *cx, struct lq_value *in, const struct lq_value *prop, bool fold)
{
	struct lq_value *a = as_array(in);
	struct sort_item *items = gz_xcalloc(a->c.count + 1, sizeof *items);
	for (size_t i = 0; i < a->c.count; i++)
		items[i] = (struct sort_item){ a->c.items[i], prop ? property(a->c.items[i], prop)
		    : a->c.items[i], i };
	struct sort_how how = { fold, false };
	qsort_r(items, a->c.count, sizeof *items, cmp_items, &how);
	struct lq_value *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++)
		lq_push(r, lq_ref(items[i].v));
	free(items);
	lq_unref(a);
	if (how.bad) {
		lq_unref(r);
		lq_fail(cx, "Liquid error: cannot sort values of different kinds");
		return NULL;
	}
	return r;
}

FILTER(f_sort) { UNUSED; return sorted(cx, in, argc ? args[0] : NULL, false); }
FILTER(f_sort_natural) { UNUSED; return sorted(cx, in, argc ? args[0] : NULL, true); }

FILTER(f_uniq)
{
	UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++) {
		const struct lq_value *k = argc ? property(a->c.items[i], args[0]) : a->c.items[i];
		bool seen = false;
		for (size_t j = 0; j < r->c.count && !seen; j++)
			seen = lq_equal(argc ? property(r->c.items[j], args[0]) : r->c.items[j], k);
		if (!seen)
			lq_push(r, lq_ref(a->c.items[i]));
	}
	lq_unref(a);
	return r;
}

FILTER(f_compact)
{
	UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++)
		if ((argc ? property(a->c.items[i], args[0]) : a->c.items[i])->kind != LQ_NIL)
			lq_push(r, lq_ref(a->c.items[i]));
	lq_unref(a);
	return r;
}

FILTER(f_reverse)
{
	UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = a->c.count; i-- > 0;)
		lq_push(r, lq_ref(a->c.items[i]));
	lq_unref(a);
	return r;
}

FILTER(f_map)
{
	UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++)
		lq_push(r, lq_ref(property(a->c.items[i], args[0])));
	lq_unref(a);
	return r;
}

FILTER(f_concat)
{
	UNUSED;
	if (args[0]->kind != LQ_ARRAY) {
		lq_unref(in);
		lq_fail(cx, "Liquid error: concat filter requires an array argument");
		return NULL;
	}
	struct lq_value *a = as_array(in);
	for (size_t i = 0; i < args[0]->c.count; i++)
		lq_push(a, lq_ref(args[0]->c.items[i]));
	return a;
}

static struct lq_value *
end_item(struct lq_value *in, bool first)
{
	struct lq_value *r = lq_nil();
	if (in->kind == LQ_ARRAY && in->c.count)
		r = lq_ref(in->c.items[first ? 0 : in->c.count - 1]);
	else if (in->kind == LQ_RANGE && in->range.last >= in->range.first)
		r = lq_int(first ? in->range.first : in->range.last);
	lq_unref(in);
	return r;
}

FILTER(f_first) { UNUSED; return end_item(in, true); }
FILTER(f_last) { UNUSED; return end_item(in, false); }

/* Liquid's standard where, replaced by Jekyll's in liquid_jekyll.c. */

/* ---- numbers ---- */

static struct lq_value *
number(int64_t i, double f, bool fl)
{
	return fl ? lq_float(f) : lq_int(i);
}

/* A float as Liquid 5 uses it, a BigDecimal of its shortest form: m * 10^-e.
 * False when the digits do not fit (then plain floating point is used). */
static bool
decimal_of(double f, __int128 *m, int *e)
{
	char buf[40];
	if (!isfinite(f))
		return false;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	/* buf: [-]d.ddde[+-]X */
	__int128 v = 0;
	int digits_after = 0, exp;
	bool neg = buf[0] == '-', dot = false;
	const char *p = buf + neg;
	for (; *p && *p != 'e'; p++) {
		if (*p == '.') {
			dot = true;
			continue;
		}
		v = v * 10 + (*p - '0');
		digits_after += dot;
	}
	exp = atoi(p + 1);
	int scale = digits_after - exp;
	for (; scale < 0; scale++) {
		if (v > (__int128)1 << 100)
			return false;
		v *= 10;
	}
	if (scale > 30)
		return false;
	*m = neg ? -v : v;
	*e = scale;
	return true;
}

static double
decimal_to_double(__int128 m, int e)
{
	char buf[64], *p = buf + sizeof buf - 1;
	bool neg = m < 0;
	unsigned __int128 u = neg ? -(unsigned __int128)m : (unsigned __int128)m;
	*p = '\0';
	do {
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (neg)
		*--p = '-';
	char num[80];
	snprintf(num, sizeof num, "%se-%d", p, e);
	return strtod(num, NULL);
}

static __int128
pow10_128(int n)
{
	__int128 r = 1;
	while (n-- > 0)
		r *= 10;
	return r;
}

/* Float arithmetic in decimal, as Liquid's BigDecimals do it (0.1 + 0.2 is 0.3). */
static bool
decimal_arith(double x, double y, char op, double *out)
{
	__int128 a, b;
	int ea, eb;
	if (!decimal_of(x, &a, &ea) || !decimal_of(y, &b, &eb) || op == '/')
		return false;
	if (op == '*') {
		if (ea + eb > 36)
			return false;
		*out = decimal_to_double(a * b, ea + eb);
		return true;
	}
	int e = ea > eb ? ea : eb;
	a *= pow10_128(e - ea);
	b *= pow10_128(e - eb);
	if (op == '%') {
		if (b == 0)
			return false;
		__int128 r = a % b;
		if (r != 0 && ((r < 0) != (b < 0)))
			r += b;
		*out = decimal_to_double(r, e);
		return true;
	}
	*out = decimal_to_double(op == '+' ? a + b : a - b, e);
	return true;
}

static struct lq_value *
arith(struct lq_ctx *cx, struct lq_value *in, const struct lq_value *arg, char op)
{
	int64_t a, b;
	double x, y;
	bool af, bf;
	lq_number(in, &a, &x, &af);
	if (in->kind == LQ_NIL || in->kind == LQ_BOOL || in->kind == LQ_ARRAY || in->kind == LQ_HASH)
		a = 0, af = false;
	lq_unref(in);
	lq_number(arg, &b, &y, &bf);
	if (arg->kind == LQ_NIL)
		b = 0, bf = false;
	if (!af && !bf) {
		switch (op) {
		case '+': return lq_int((int64_t)((uint64_t)a + (uint64_t)b));
		case '-': return lq_int((int64_t)((uint64_t)a - (uint64_t)b));
		case '*': return lq_int((int64_t)((uint64_t)a * (uint64_t)b));
		default:
			if (b == 0) {
				lq_fail(cx, "Liquid error: divided by 0");
				return NULL;
			}
			if (a == INT64_MIN && b == -1)
				return lq_int(a);
			int64_t q = a / b, r = a % b;
			if (r && ((r < 0) != (b < 0)))
				q--, r += b;
			return lq_int(op == '/' ? q : r);
		}
	}
	if (!af)
		x = (double)a;
	if (!bf)
		y = (double)b;
	if ((op == '/' || op == '%') && y == 0) {
		lq_fail(cx, "Liquid error: divided by 0");
		return NULL;
	}
	double r;
	if (decimal_arith(x, y, op, &r))
		return lq_float(r);
	switch (op) {
	case '+': return lq_float(x + y);
	case '-': return lq_float(x - y);
	case '*': return lq_float(x * y);
	case '/': return lq_float(x / y);
	default:
		r = fmod(x, y);
		if (r != 0 && ((r < 0) != (y < 0)))
			r += y;
		return lq_float(r);
	}
}

FILTER(f_plus) { UNUSED; return arith(cx, in, args[0], '+'); }
FILTER(f_minus) { UNUSED; return arith(cx, in, args[0], '-'); }
FILTER(f_times) { UNUSED; return arith(cx, in, args[0], '*'); }
FILTER(f_divided_by) { UNUSED; return arith(cx, in, args[0], '/'); }
FILTER(f_modulo) { UNUSED; return arith(cx, in, args[0], '%'); }

FILTER(f_abs)
{
	UNUSED;
	int64_t i;
	double f;
	bool fl;
	lq_number(in, &i, &f, &fl);
	lq_unref(in);
	return number(i < 0 ? -i : i, fabs(f), fl);
}

/* round (half away from zero, in decimal as BigDecimal#round), ceil, floor. */
static struct lq_value *
rounding(struct lq_value *in, struct lq_value **args, size_t argc, int how)
{
	int64_t i;
	double f;
	bool fl;
	lq_number(in, &i, &f, &fl);
	lq_unref(in);
	if (!fl)
		return lq_int(i);
	int64_t digits = how == 0 && argc ? to_int(args[0]) : 0;
	__int128 m;
	int e;
	if (digits > 0 && digits < 30 && decimal_of(f, &m, &e)) {
		if (e <= digits)
			return lq_float(f);
		__int128 p = pow10_128(e - (int)digits), q = m / p, r = m % p;
		if ((r < 0 ? -r : r) * 2 >= p)
			q += m < 0 ? -1 : 1;
		return lq_float(decimal_to_double(q, (int)digits));
	}
	if (digits > 0)
		return lq_float(round(f * pow(10, (double)digits)) / pow(10, (double)digits));
	double r = how == 0 ? round(f) : how == 1 ? ceil(f) : floor(f);
	if (!isfinite(r) || fabs(r) > 9.2e18)
		return lq_float(r);
	return lq_int((int64_t)r);
}

FILTER(f_round) { UNUSED; return rounding(in, args, argc, 0); }
FILTER(f_ceil) { UNUSED; return rounding(in, args, argc, 1); }
FILTER(f_floor) { UNUSED; return rounding(in, args, argc, 2); }

static struct lq_value *
bound(struct lq_value *in, const struct lq_value *arg, bool least)
{
	int64_t a, b;
	double x, y;
	bool af, bf;
	lq_number(in, &a, &x, &af);
	lq_number(arg, &b, &y, &bf);
	lq_unref(in);
	double dx = af ? x : (double)a, dy = bf ? y : (double)b;
	bool take_b = least ? dy > dx : dy < dx;
	return take_b ? number(b, y, bf) : number(a, x, af);
}

FILTER(f_at_least) { UNUSED; return bound(in, args[0], true); }
FILTER(f_at_most) { UNUSED; return bound(in, args[0], false); }

/* ---- default and date ---- */

FILTER(f_default)
{
	UNUSED;
	const struct lq_value *allow = kw ? lq_get(kw, "allow_false", 11) : NULL;
	bool use = !lq_truthy(in) || (in->kind == LQ_STRING && !in->str.len) ||
	    ((in->kind == LQ_ARRAY || in->kind == LQ_HASH) && !in->c.count);
	if (allow && lq_truthy(allow) && in->kind == LQ_BOOL && !in->b)
		use = false;
	if (!use)
		return in;
	lq_unref(in);
	return argc ? lq_ref(args[0]) : lq_str("", 0);
}

FILTER(f_date)
{
	UNUSED;
	size_t flen;
	char *fmt = lq_text(args[0], &flen);
	struct gz_time t;
	if (!flen || !lq_to_time(in, &t)) {
		if (flen && in->kind == LQ_STRING && in->str.len)
			gz_warn(cx->log, cx->file, cx->line, "'%s' is not a date (write 2024-03-05 or "
			    "2024-03-05 10:00:00 +0800); it is left as it is", in->str.s);
		free(fmt);
		return in;
	}
	lq_unref(in);
	struct gz_buf b = {0};
	gz_time_format(&b, t, fmt);
	free(fmt);
	return text_result(&b);
}

static const struct lq_filter_def filters[] = {
	{ "abs", f_abs, 0, 0, 0 },
	{ "append", f_append, 1, 1, 0 },
	{ "at_least", f_at_least, 1, 1, 0 },
	{ "at_most", f_at_most, 1, 1, 0 },
	{ "base64_decode", f_base64_decode, 0, 0, 0 },
	{ "base64_encode", f_base64_encode, 0, 0, 0 },
	{ "base64_url_safe_decode", f_base64_url_safe_decode, 0, 0, 0 },
	{ "base64_url_safe_encode", f_base64_url_safe_encode, 0, 0, 0 },
	{ "capitalize", f_capitalize, 0, 0, 0 },
	{ "ceil", f_ceil, 0, 0, 0 },
	{ "compact", f_compact, 0, 1, 0 },
	{ "concat", f_concat, 1, 1, 0 },
	{ "date", f_date, 1, 1, 0 },
	{ "default", f_default, 0, 1, 0 },
	{ "divided_by", f_divided_by, 1, 1, 0 },
	{ "downcase", f_downcase, 0, 0, 0 },
	{ "escape", f_escape, 0, 0, 1 },
	{ "escape_once", f_escape_once, 0, 0, 1 },
	{ "first", f_first, 0, 0, 0 },
	{ "floor", f_floor, 0, 0, 0 },
	{ "h", f_escape, 0, 0, 1 },
	{ "join", f_join, 0, 1, 0 },
	{ "last", f_last, 0, 0, 0 },
	{ "lstrip", f_lstrip, 0, 0, 0 },
	{ "map", f_map, 1, 1, 0 },
	{ "minus", f_minus, 1, 1, 0 },
	{ "modulo", f_modulo, 1, 1, 0 },
	{ "newline_to_br", f_newline_to_br, 0, 0, 1 },
	{ "plus", f_plus, 1, 1, 0 },
	{ "prepend", f_prepend, 1, 1, 0 },
	{ "remove", f_remove, 1, 1, 0 },
	{ "remove_first", f_remove_first, 1, 1, 0 },
	{ "remove_last", f_remove_last, 1, 1, 0 },
	{ "replace", f_replace, 1, 2, 0 },
	{ "replace_first", f_replace_first, 1, 2, 0 },
	{ "replace_last", f_replace_last, 2, 2, 0 },
	{ "reverse", f_reverse, 0, 0, 0 },
	{ "round", f_round, 0, 1, 0 },
	{ "rstrip", f_rstrip, 0, 0, 0 },
	{ "size", f_size, 0, 0, 0 },
	{ "slice", f_slice, 1, 2, 0 },
	{ "sort_natural", f_sort_natural, 0, 1, 0 },
	{ "split", f_split, 1, 1, 0 },
	{ "strip", f_strip, 0, 0, 0 },
	{ "strip_html", f_strip_html, 0, 0, 0 },
	{ "strip_newlines", f_strip_newlines, 0, 0, 0 },
	{ "times", f_times, 1, 1, 0 },
	{ "truncate", f_truncate, 0, 2, 0 },
	{ "truncatewords", f_truncatewords, 0, 2, 0 },
	{ "uniq", f_uniq, 0, 1, 0 },
	{ "upcase", f_upcase, 0, 0, 0 },
	{ "url_decode", f_url_decode, 0, 0, 0 },
	{ "url_encode", f_url_encode, 0, 0, 0 },
};

/* Jekyll replaces Liquid's `sort` and `where`; this one is Liquid's sort for
 * when Jekyll's finds no property. */
static const struct lq_filter_def liquid_sort = { "sort", f_sort, 0, 1, 0 };

const struct lq_filter_def *
lq_find_filter(const char *name)
{
	if (!strcmp(name, "sort"))
		return &liquid_sort;
	size_t lo = 0, hi = GZ_ARRAY_LEN(filters);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, filters[mid].name);
		if (!c)
			return &filters[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
