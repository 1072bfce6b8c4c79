/* htmltag.c: the tags of raw HTML found in a page's source, without parsing
 * it: where elements start and end, and an attribute's value. */
#include "htmltag.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sorted, for bsearch. */
static const char *const undrawn_tags[] = {
	"audio", "button", "canvas", "embed", "form", "iframe", "input", "math", "object",
	"script", "select", "style", "svg", "textarea", "video",
};
/* Elements without an end tag. */
static const char *const void_tags[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
	"source", "track", "wbr",
};
/* Containers that real pages open in one HTML block and close in a later
 * one, with Markdown between. */
static const char *const wrapping_tags[] = {
	"article", "aside", "blockquote", "center", "details", "div", "figure", "footer",
	"header", "main", "nav", "section",
};
/* Elements whose markdown="1" content kramdown reads as a paragraph's. */
static const char *const span_tags[] = {
	"a", "abbr", "b", "big", "caption", "cite", "del", "dfn", "dt", "em", "h1", "h2", "h3",
	"h4", "h5", "h6", "i", "ins", "label", "legend", "p", "q", "small", "span", "strong",
	"sub", "sup", "th", "tt",
};

static int
compare_name(const void *key, const void *e)
{
	return strcmp(key, *(const char *const *)e);
}

static bool
in_list(const char *name, const char *const *list, size_t n)
{
	return bsearch(name, list, n, sizeof *list, compare_name) != NULL;
}

bool
gz_tag_is_undrawn(const char *tag)
{
	return tag && in_list(tag, undrawn_tags, GZ_ARRAY_LEN(undrawn_tags));
}



static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_name_char(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

/* The first `needle` in s[from, len), or NULL. */
static const char *
find(const char *s, size_t from, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = s + from; p && (size_t)(p - s) + n <= len; p++) {
		p = memchr(p, needle[0], len - (size_t)(p - s));
		if (!p || (size_t)(p - s) + n > len)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

/* Finds the tag at or after `pos` in s[0, len) (not NUL-terminated: the
 * source md4c parsed), past comments, <!...>, <?...?> and the text of
 * script, style and textarea; false when there is none. */
bool
html_next_tag(const char *s, size_t len, size_t pos, struct html_tag *t)
{
	while (pos < len) {
		const char *lt = memchr(s + pos, '<', len - pos);
		if (!lt)
			return false;
		size_t i = (size_t)(lt - s), n;
		if (i + 1 >= len)
			return false;
		if (i + 4 <= len && memcmp(lt, "<!--", 4) == 0) {
			const char *end = find(s, i + 4, len, "-->");
			if (!end)
				return false;
			pos = (size_t)(end - s) + 3;
			continue;
		}
		if (lt[1] == '!' || lt[1] == '?') {
			const char *gt = memchr(lt, '>', len - i);
			if (!gt)
				return false;
			pos = (size_t)(gt - s) + 1;
			continue;
		}
		t->close = lt[1] == '/';
		n = i + 1 + t->close;
		if (n >= len || !is_alpha(s[n])) {
			pos = i + 1;
			continue;
		}
		size_t k = 0;
		for (; n < len && is_name_char(s[n]); n++)
			if (k + 1 < sizeof t->name)
				t->name[k++] = (char)(s[n] | 0x20);
		t->name[k] = '\0';
		char quote = 0;
		for (; n < len && (quote || s[n] != '>'); n++) {
			if (quote && s[n] == quote)
				quote = 0;
			else if (!quote && (s[n] == '"' || s[n] == '\''))
				quote = s[n];
		}
		if (n >= len)
			return false;
		t->start = i;
		t->end = n + 1;
		t->empty = !t->close && (s[n - 1] == '/'
		    || in_list(t->name, void_tags, GZ_ARRAY_LEN(void_tags)));
		if (!t->close && (strcmp(t->name, "script") == 0 || strcmp(t->name, "style") == 0
		    || strcmp(t->name, "textarea") == 0)) {
			/* Their text is no markup: the next tag is their end. */
			char end[40];
			snprintf(end, sizeof end, "</%s", t->name);
			const char *e = find(s, t->end, len, end);
			if (!e)
				e = s + len;
			t->end = (size_t)(e - s);   /* the end tag follows */
		}
		return true;
	}
	return false;
}

/* The value of attribute `name` in the opening tag t of s, copied into
 * out[size]; false when the tag has no such attribute. */
bool
html_tag_attr(const char *s, const struct html_tag *t, const char *name, char *out, size_t size)
{
	size_t i = t->start + 1;
	while (i < t->end && is_name_char(s[i]))
		i++;
	size_t nlen = strlen(name);
	while (i < t->end) {
		while (i < t->end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
		    || s[i] == '/'))
			i++;
		size_t a = i;
		while (i < t->end && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '\t'
		    && s[i] != '\n' && s[i] != '/')
			i++;
		bool match = i - a == nlen && g_ascii_strncasecmp(s + a, name, nlen) == 0;
		size_t v = i, vend = i;
		if (i < t->end && s[i] == '=') {
			i++;
			char q = s[i] == '"' || s[i] == '\'' ? s[i++] : 0;
			v = i;
			while (i < t->end && (q ? s[i] != q : s[i] != ' ' && s[i] != '>'))
				i++;
			vend = i;
			if (q && i < t->end)
				i++;
		}
		if (match) {
			size_t l = vend - v < size - 1 ? vend - v : size - 1;
			memcpy(out, s + v, l);
			out[l] = '\0';
			return true;
		}
		if (i == a)
			i++;
	}
	return false;
}

/* The outermost element s opens and leaves open, if any, in *open. */
bool
html_outermost_unclosed(const char *s, size_t len, struct html_tag *open)
{
	struct html_tag stack[64], t;
	size_t depth = 0, pos = 0;
	bool deep = false;      /* past the stack: counted, not kept */
	size_t extra = 0;
	while (html_next_tag(s, len, pos, &t)) {
		pos = t.end;
		if (t.empty)
			continue;
		if (!t.close) {
			if (depth < GZ_ARRAY_LEN(stack))
				stack[depth++] = t;
			else
				deep = true, extra++;
			continue;
		}
		if (extra) {
			extra--;
			continue;
		}
		size_t k = depth;
		while (k > 0 && strcmp(stack[k - 1].name, t.name) != 0)
			k--;
		if (k > 0)
			depth = k - 1;
	}
	(void)deep;
	if (depth == 0)
		return false;
	*open = stack[0];
	return true;
}

/* Where the element opened by `open` in s ends in s: its end tag in *close. */
bool
html_matching_close(const char *s, size_t len, const struct html_tag *open, struct html_tag *close)
{
	size_t depth = 0, pos = open->end;
	struct html_tag t;
	while (html_next_tag(s, len, pos, &t)) {
		pos = t.end;
		if (t.empty || strcmp(t.name, open->name) != 0)
			continue;
		if (!t.close) {
			depth++;
		} else if (depth-- == 0) {
			*close = t;
			return true;
		}
	}
	return false;
}

bool
html_is_wrapping(const char *name)
{
	return in_list(name, wrapping_tags, GZ_ARRAY_LEN(wrapping_tags));
}

bool
html_is_span_tag(const char *name)
{
	return in_list(name, span_tags, GZ_ARRAY_LEN(span_tags));
}
