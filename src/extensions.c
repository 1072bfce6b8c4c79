/* extensions.c: a page's Markdown beyond md4c 0.4.8: the pre-pass that takes
 * footnote definitions and kramdown's {::extensions} out of the source, and
 * the passes over the tree that follow the parse. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef GZ_AVX2
#include <immintrin.h>
#endif

/* One line of the source: [start, end) without its newline; `next` is where
 * the following line starts. */
struct line {
	const char *start, *end, *next;
};

static bool
next_line(const char *p, const char *limit, struct line *l)
{
	if (p >= limit)
		return false;
	const char *nl = memchr(p, '\n', (size_t)(limit - p));
	l->start = p;
	l->end = nl ? nl : limit;
	l->next = nl ? nl + 1 : limit;
	if (l->end > l->start && l->end[-1] == '\r')
		l->end--;
	return true;
}

/* The line's indentation in columns (tabs to the next multiple of 4), and
 * where its text starts in *text. */
static unsigned
indent_of(const struct line *l, const char **text)
{
	unsigned col = 0;
	const char *p = l->start;
	for (; p < l->end && (*p == ' ' || *p == '\t'); p++)
		col = *p == '\t' ? (col + 4) & ~3u : col + 1;
	*text = p;
	return col;
}

/* A code fence's character and length when the line opens or closes one. */
static unsigned
fence_of(const struct line *l, char *ch)
{
	const char *t;
	if (indent_of(l, &t) > 3 || t == l->end || (*t != '`' && *t != '~'))
		return 0;
	unsigned n = 0;
	while (t + n < l->end && t[n] == *t)
		n++;
	if (n < 3)
		return 0;
	*ch = *t;
	return n;
}

/* The label of a footnote definition `[^label]: ` opening the line, and where
 * its text starts in *body; false for any other line. */
static bool
footnote_start(const struct line *l, const char **label, size_t *label_len, const char **body)
{
	const char *t;
	if (indent_of(l, &t) > 3 || l->end - t < 5 || t[0] != '[' || t[1] != '^')
		return false;
	const char *p = t + 2;
	while (p < l->end && *p != ']' && *p != ' ' && *p != '\t' && *p != '[')
		p++;
	if (p == t + 2 || p + 1 >= l->end || p[0] != ']' || p[1] != ':')
		return false;
	*label = t + 2;
	*label_len = (size_t)(p - t - 2);
	p += 2;
	while (p < l->end && (*p == ' ' || *p == '\t'))
		p++;
	*body = p;
	return true;
}

/* Whether a line at the left margin would open a block of its own, which
 * ends a footnote's first paragraph instead of continuing it lazily. */
static bool
starts_block(const struct line *l)
{
	const char *t;
	indent_of(l, &t);
	if (t == l->end)
		return true;
	char c = *t;
	if (c == '#' || c == '>' || c == '<' || c == '|' || c == '`' || c == '~')
		return true;
	if ((c == '-' || c == '*' || c == '+') && (t + 1 == l->end || t[1] == ' '))
		return true;
	if (c == '[' && t + 1 < l->end && t[1] == '^')
		return true;
	if (c == '{' && t + 1 < l->end && t[1] == ':')
		return true;
	const char *d = t;
	while (d < l->end && *d >= '0' && *d <= '9')
		d++;
	return d > t && d < l->end && (*d == '.' || *d == ')');
}

static struct gz_extract_item *
add_item(struct gz_extract *ex, unsigned line)
{
	if (ex->count == ex->cap) {
		ex->cap = ex->cap ? 2 * ex->cap : 8;
		ex->items = gz_xrealloc(ex->items, ex->cap * sizeof *ex->items);
	}
	struct gz_extract_item *it = &ex->items[ex->count++];
	*it = (struct gz_extract_item){ .line = line };
	return it;
}

/* Takes the definition whose first line is `first` (its text from
 * body_start) out: its lines go to `body`, four columns of indentation off.
 * Returns where the source goes on. */
static const char *
take_footnote(const struct line *first, const char *body_start, const char *limit,
    struct gz_buf *body)
{
	gz_buf_append(body, body_start, (size_t)(first->end - body_start));
	gz_buf_putc(body, '\n');
	const char *p = first->next;
	unsigned blanks = 0;
	bool after_text = first->end > body_start;
	struct line l;
	while (next_line(p, limit, &l)) {
		const char *t;
		unsigned indent = indent_of(&l, &t);
		if (t == l.end) {
			blanks++;
			after_text = false;
			p = l.next;
			continue;
		}
		/* An unindented line continues only the first paragraph, lazily. */
		if (indent < 4 && (blanks > 0 || !after_text || starts_block(&l)))
			break;
		for (; blanks > 0; blanks--)
			gz_buf_putc(body, '\n');
		const char *s = l.start;
		for (unsigned col = 0; s < t && col < 4; s++)
			col = *s == '\t' ? (col + 4) & ~3u : col + 1;
		gz_buf_append(body, s, (size_t)(l.end - s));
		gz_buf_putc(body, '\n');
		after_text = true;
		p = l.next;
	}
	return p;
}

/* Where `{:/name}` or `{:/}` closes an extension whose body starts at
 * `from`: *tag at the closing tag, *rest at the line after it; false when
 * nothing closes it. */
static bool
find_close(const char *from, const char *limit, const char *name, size_t name_len,
    const char **tag, const char **rest)
{
	for (const char *s = from; (s = memchr(s, '{', (size_t)(limit - s))); s++) {
		if (limit - s < 4 || s[1] != ':' || s[2] != '/')
			continue;
		if (s[3] == '}' || ((size_t)(limit - s) >= name_len + 4
		    && memcmp(s + 3, name, name_len) == 0 && s[3 + name_len] == '}')) {
			const char *nl = memchr(s, '\n', (size_t)(limit - s));
			*tag = s;
			*rest = nl ? nl + 1 : limit;
			return true;
		}
	}
	return false;
}

/* Copies the source into `out` with the lines [from, to) emptied (their
 * newlines kept, so every later line keeps its number). */
static void
blank_lines(struct gz_buf *out, const char *from, const char *to)
{
	for (const char *p = from; (p = memchr(p, '\n', (size_t)(to - p))); p++)
		gz_buf_putc(out, '\n');
}

/* A block extension `{::name ...}` opening the line at t; its name. */
static bool
extension_start(const char *t, const char *end, const char **name, size_t *name_len)
{
	if (end - t < 5 || memcmp(t, "{::", 3) != 0)
		return false;
	const char *p = t + 3;
	while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '_'))
		p++;
	*name = t + 3;
	*name_len = (size_t)(p - t - 3);
	return *name_len > 0 && p < end && (*p == '}' || *p == ' ' || *p == '/');
}

/* Handles an extension on line l; returns where the source goes on, or NULL
 * when the line is left as it is. */
static const char *
take_extension(const struct line *l, const char *t, const char *limit, unsigned lineno,
    struct gz_buf *out, struct gz_extract *ex, const char *file, struct gz_log *log)
{
	const char *name;
	size_t name_len;
	if (!extension_start(t, l->end, &name, &name_len))
		return NULL;
	bool comment = name_len == 7 && memcmp(name, "comment", 7) == 0;
	bool nomarkdown = name_len == 10 && memcmp(name, "nomarkdown", 10) == 0;
	const char *close_brace = memchr(t, '}', (size_t)(l->end - t));
	if (!close_brace)
		return NULL;
	if (close_brace[-1] == '/') {
		/* {::options ... /} and other empty extensions: nothing to show. */
		if (name_len == 7 && memcmp(name, "options", 7) == 0)
			gz_note(log, file, lineno, "kramdown's {::options} is ignored");
		else if (!comment && !nomarkdown)
			gz_warn(log, file, lineno, "kramdown extension {::%.*s} is not supported: "
			    "left out", (int)name_len, name);
		blank_lines(out, l->start, l->next);
		return l->next;
	}
	if (!comment && !nomarkdown)
		return NULL;
	const char *tag, *rest;
	if (!find_close(close_brace + 1, limit, name, name_len, &tag, &rest)) {
		gz_warn(log, file, lineno, "{::%.*s} is never closed with {:/%.*s}: kept as text",
		    (int)name_len, name, (int)name_len, name);
		return NULL;
	}
	if (nomarkdown) {
		/* The raw HTML between the tags, less the blank lines around it. */
		const char *from = close_brace + 1, *to = tag;
		while (from < to && (*from == '\n' || *from == '\r' || *from == ' '))
			from++;
		while (to > from && (to[-1] == '\n' || to[-1] == '\r' || to[-1] == ' '))
			to--;
		struct gz_extract_item *it = add_item(ex, lineno);
		it->text = gz_xstrndup(from, (size_t)(to - from));
		it->len = (size_t)(to - from);
	}
	blank_lines(out, l->start, rest);
	return rest;
}

/* What a page's source may hold beyond md4c, found with a memchr each for
 * three bytes prose rarely has (memchr is much faster than memmem). */
enum {
	HAS_NOTE = 1,           /* `[^` */
	HAS_BRACE = 2,          /* `{:` or `{#` */
	HAS_HTML_ID = 4,        /* ` id=` or ` name=` */
	HAS_ANGLE = 8,          /* `<`: maybe raw HTML */
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

#ifdef GZ_AVX2
/* next_mark's test thirty-two bytes a turn; stops before the last 32. */
__attribute__((target("avx2"))) static const char *
next_mark_avx2(const char *p, const char *end, const char m[3])
{
	const __m256i m0 = _mm256_set1_epi8(m[0]), m1 = _mm256_set1_epi8(m[1]),
	    m2 = _mm256_set1_epi8(m[2]);
	for (; end - p >= 32; p += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
		__m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, m0),
		    _mm256_cmpeq_epi8(v, m1)), _mm256_cmpeq_epi8(v, m2));
		unsigned mask = (unsigned)_mm256_movemask_epi8(hit);
		if (mask)
			return p + __builtin_ctz(mask);
	}
	return p;
}
#endif

/* The first of the three bytes m[] from p on, or end: one pass for the
 * three (16 or, with AVX2, 32 bytes a turn) where three memchr read the page
 * thrice. */
static const char *
next_mark(const char *p, const char *end, const char m[3])
{
#ifdef GZ_AVX2
	if (end - p >= 32 && gz_cpu_avx2) {
		p = next_mark_avx2(p, end, m);
		if (end - p >= 32)
			return p;
	}
#endif
#ifdef __SSE2__
	const __m128i m0 = _mm_set1_epi8(m[0]), m1 = _mm_set1_epi8(m[1]), m2 = _mm_set1_epi8(m[2]);
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, m0),
		    _mm_cmpeq_epi8(v, m1)), _mm_cmpeq_epi8(v, m2));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return p + __builtin_ctz(mask);
	}
#endif
	while (p < end && *p != m[0] && *p != m[1] && *p != m[2])
		p++;
	return p;
}

/* The bytes scan still looks for, given what it has found: each mark found
 * stands in for one it no longer needs, so a page full of `<` is not
 * stopped at every tag. */
static void
wanted_marks(unsigned found, char m[3])
{
	size_t n = 0;
	if (!(found & HAS_NOTE))
		m[n++] = '^';
	if (!(found & HAS_BRACE))
		m[n++] = '{';
	if (!(found & HAS_ANGLE))
		m[n++] = '<';
	for (size_t i = n; i < 3; i++)
		m[i] = m[0];
}

static unsigned
scan(const char *s, size_t len)
{
	unsigned found = 0;
	const char *end = s + len;
	char m[3];
	wanted_marks(found, m);
	for (const char *p = s; (p = next_mark(p, end, m)) < end; p++) {
		unsigned was = found;
		if (*p == '^' && p > s && p[-1] == '[')
			found |= HAS_NOTE;
		else if (*p == '{' && p + 1 < end && (p[1] == ':' || p[1] == '#'))
			found |= HAS_BRACE;
		else if (*p == '<')
			found |= HAS_ANGLE;
		if (found == (HAS_NOTE | HAS_BRACE | HAS_ANGLE))
			break;
		if (found != was)
			wanted_marks(found, m);
	}
	/* An attribute, after a blank: `?id=` and `srcid=` in URLs, common on
	 * link-heavy pages, do not count.  Attributes stand in raw HTML, so a
	 * page without a `<` (most link-heavy ones) needs no look at each `=`. */
	if (!(found & HAS_ANGLE))
		return found;
	for (const char *p = s; (p = memchr(p, '=', (size_t)(end - p))); p++)
		if ((p - s >= 3 && memcmp(p - 2, "id", 2) == 0 && is_blank(p[-3]))
		    || (p - s >= 5 && memcmp(p - 4, "name", 4) == 0 && is_blank(p[-5]))) {
			found |= HAS_HTML_ID;
			break;
		}
	return found;
}

/*
 * The pre-pass.  Returns NULL (and leaves `ex` empty) when the source holds
 * neither a footnote definition nor a kramdown extension.  Otherwise a copy of the source of the same length in lines,
 * with those constructs emptied; free() it.
 */
static char *
extract(const char *src, size_t len, unsigned first_line, struct gz_extract *ex,
    const char *file, struct gz_log *log, size_t *out_len)
{
	struct gz_buf out = {0};
	const char *limit = src + len, *p = src;
	char fence = 0;
	unsigned fence_len = 0, lineno = first_line;
	bool changed = false;
	struct line l;
	while (next_line(p, limit, &l)) {
		char ch = 0;
		unsigned n = fence_of(&l, &ch);
		const char *next = NULL, *t, *label, *body;
		size_t label_len;
		if (fence) {
			if (n >= fence_len && ch == fence)
				fence = 0;
		} else if (n) {
			fence = ch;
			fence_len = n;
		} else if (footnote_start(&l, &label, &label_len, &body)) {
			struct gz_extract_item *it = add_item(ex, lineno);
			it->label = gz_xstrndup(label, label_len);
			struct gz_buf text = {0};
			next = take_footnote(&l, body, limit, &text);
			it->text = gz_buf_detach(&text, &it->len);
			blank_lines(&out, l.start, next);
		} else if (indent_of(&l, &t) <= 3 && t < l.end && *t == '{') {
			next = take_extension(&l, t, limit, lineno, &out, ex, file, log);
		}
		if (next) {
			changed = true;
			for (const char *q = p; (q = memchr(q, '\n', (size_t)(next - q))); q++)
				lineno++;
			p = next;
			continue;
		}
		gz_buf_append(&out, l.start, (size_t)(l.next - l.start));
		lineno++;
		p = l.next;
	}
	if (!changed) {
		gz_buf_free(&out);
		return NULL;
	}
	return gz_buf_detach(&out, out_len);
}

static void
extract_free(struct gz_extract *ex)
{
	for (size_t i = 0; i < ex->count; i++) {
		free(ex->items[i].label);
		free(ex->items[i].text);
	}
	free(ex->items);
}

/* Puts each {::nomarkdown} block back as raw HTML, before the first block of
 * the page that starts after it. */
static void
insert_raw(struct gz_node *root, const struct gz_extract *ex)
{
	struct gz_node *at = root->first;
	for (size_t i = 0; i < ex->count; i++) {
		const struct gz_extract_item *it = &ex->items[i];
		if (it->label)
			continue;
		while (at && at->line <= it->line)
			at = at->next;
		struct gz_node *html = gz_arena_node(gz_node_arena(root), GZ_NODE_HTML_BLOCK);
		html->line = it->line;
		gz_node_set_text(html, it->text, it->len);
		gz_node_insert_before(at, root, html);
	}
}

bool
gz_markdown_page_streams(const char *text, size_t len)
{
	return scan(text, len) == 0;
}

struct gz_node *
gz_markdown_page(const char *name, const char *text, size_t len, unsigned first_line,
    enum gz_dialect dialect, struct gz_log *log)
{
	struct gz_extract ex = {0};
	size_t cut_len = len;
	/* Most pages have none of it, and pay one pass. */
	unsigned found = scan(text, len);
	char *cut = found & (HAS_NOTE | HAS_BRACE)
	    ? extract(text, len, first_line, &ex, name, log, &cut_len) : NULL;
	const char *src = cut ? cut : text;
	struct gz_node *root = gz_markdown_parse(name, src, cut_len, first_line, dialect, log);
	if (root) {
		bool ids = false;
		insert_raw(root, &ex);
		if (found & HAS_BRACE)
			ids = gz_kramdown_apply(root, src, cut_len, first_line, name, log);
		if (found & HAS_NOTE) {
			gz_footnotes_apply(root, &ex, name, dialect, log);
			ids = true;
		}
		if (ids || (found & HAS_HTML_ID))
			gz_outline_ids(root);
	}
	extract_free(&ex);
	free(cut);
	return root;
}
