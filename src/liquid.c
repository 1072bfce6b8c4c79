/* liquid.c: Jekyll's `{{ variable | filter }}` in a page body, expanded before Markdown. */
#include "internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct liquid {
	const char *name;
	const struct gz_value *page, *site;    /* either may be NULL */
	struct gz_log *log;
	unsigned line;                          /* file line of the current tag */
	const char *expr;                       /* the current tag's text, for messages */
	int expr_len;
	struct gz_buf out;
};

/*
 * An operand or a filter's result: a value borrowed from page or site, or
 * text of its own.  Neither means undefined.
 */
struct lval {
	const struct gz_value *v;
	char *s;
};

static void
lval_set(struct lval *x, char *s)
{
	free(x->s);
	x->s = s;
	x->v = NULL;
}

static bool
lval_defined(const struct lval *x)
{
	return x->v || x->s;
}

/* Nothing to show: undefined, null, "", or an empty list or mapping. */
static bool
lval_empty(const struct lval *x)
{
	if (x->s)
		return !*x->s;
	if (!x->v)
		return true;
	switch (x->v->kind) {
	case GZ_VALUE_STRING:
		return !*x->v->string;
	case GZ_VALUE_LIST:
	case GZ_VALUE_MAP:
		return x->v->count == 0;
	default:
		return true;
	}
}

/* Appends a value as Liquid prints it: lists flattened and joined with
 * nothing between items, null as nothing.  Mappings print as nothing, with a
 * warning (Jekyll prints Ruby's inspect form, of no use in a page). */
static void
put_value(struct liquid *lq, const struct gz_value *v, struct gz_buf *b)
{
	switch (v->kind) {
	case GZ_VALUE_STRING:
		gz_buf_puts(b, v->string);
		break;
	case GZ_VALUE_LIST:
		for (size_t i = 0; i < v->count; i++)
			put_value(lq, v->items[i], b);
		break;
	case GZ_VALUE_MAP:
		gz_warn(lq->log, lq->name, lq->line,
		    "'{{%.*s}}' is a mapping, which prints as nothing; name one of its keys",
		    lq->expr_len, lq->expr);
		break;
	default:
		break;
	}
}

/* The text of x as a new string. */
static char *
lval_text(struct liquid *lq, const struct lval *x)
{
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	if (x->s)
		gz_buf_puts(&b, x->s);
	else if (x->v)
		put_value(lq, x->v, &b);
	return gz_buf_detach(&b, NULL);
}

/* ---- dates ---- */

/*
 * A date as Liquid's `date` filter reads it: a YAML timestamp (date.c), seconds
 * since the epoch, or `now`/`today` (SOURCE_DATE_EPOCH when set, so that
 * output is reproducible).  The time stays as written, never converted to a
 * local zone; without a zone it is taken as UTC.
 */
static bool
parse_date(const char *s, struct gz_time *t)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if ((len == 3 && memcmp(s, "now", 3) == 0) || (len == 5 && memcmp(s, "today", 5) == 0)) {
		*t = gz_time_now();
		return true;
	}
	size_t i = s[0] == '-';
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	if (len > 0 && i == len && len < 16) {
		*t = (struct gz_time){ .seconds = strtoll(s, NULL, 10) };
		return true;
	}
	char *trimmed = gz_xstrndup(s, len);
	bool ok = gz_time_parse(trimmed, t);
	free(trimmed);
	return ok;
}

/* ---- filters ---- */

typedef void filter_fn(struct liquid *lq, struct lval *x, const struct lval *arg);

/* A URL with a scheme, or a network-path reference (`//host/x`). */
static bool
is_absolute_url(const char *s)
{
	return gz_url_is_absolute(s) || (s[0] == '/' && s[1] == '/');
}

/* Jekyll's relative_url: site.baseurl (trailing '/' dropped) then the path,
 * each with a leading '/'.  Unlike Jekyll, nothing is percent-encoded. */
static char *
relative_url(struct liquid *lq, const char *path)
{
	const char *base = lq->site ? gz_value_string(lq->site, "baseurl") : NULL;
	size_t blen = base ? strlen(base) : 0;
	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	struct gz_buf b = {0};
	if (blen && base[0] != '/')
		gz_buf_putc(&b, '/');
	gz_buf_append(&b, base ? base : "", blen);
	if (path[0] != '/')
		gz_buf_putc(&b, '/');
	gz_buf_puts(&b, path);
	return gz_buf_detach(&b, NULL);
}

static void
filter_relative_url(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	if (!lval_defined(x))
		return;
	char *s = lval_text(lq, x);
	if (is_absolute_url(s)) {
		lval_set(x, s);
		return;
	}
	lval_set(x, relative_url(lq, s));
	free(s);
}

/* Jekyll's absolute_url: site.url (trailing '/' dropped) and relative_url;
 * URLs with a scheme (or `//host`) are left alone. */
static void
filter_absolute_url(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	if (!lval_defined(x))
		return;
	char *s = lval_text(lq, x);
	if (is_absolute_url(s)) {
		lval_set(x, s);
		return;
	}
	const char *url = lq->site ? gz_value_string(lq->site, "url") : NULL;
	size_t ulen = url ? strlen(url) : 0;
	while (ulen > 0 && url[ulen - 1] == '/')
		ulen--;
	char *rel = relative_url(lq, s);
	lval_set(x, gz_xasprintf("%.*s%s", (int)ulen, url ? url : "", rel));
	free(rel);
	free(s);
}

static void
filter_default(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	if (lval_empty(x))
		lval_set(x, lval_text(lq, arg));
}

static void
filter_escape(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	if (!lval_defined(x))
		return;
	char *s = lval_text(lq, x);
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	for (const char *p = s; *p; p++) {
		switch (*p) {
		case '&': gz_buf_puts(&b, "&amp;"); break;
		case '<': gz_buf_puts(&b, "&lt;"); break;
		case '>': gz_buf_puts(&b, "&gt;"); break;
		case '"': gz_buf_puts(&b, "&quot;"); break;
		case '\'': gz_buf_puts(&b, "&#39;"); break;
		default: gz_buf_putc(&b, *p); break;
		}
	}
	free(s);
	lval_set(x, gz_buf_detach(&b, NULL));
}

static void
date_with(struct liquid *lq, struct lval *x, const char *fmt)
{
	if (lval_empty(x))
		return;
	char *s = lval_text(lq, x);
	struct gz_time dt;
	if (!parse_date(s, &dt)) {
		gz_warn(lq->log, lq->name, lq->line,
		    "'%s' is not a date (write 2024-03-05 or 2024-03-05 10:00:00 +0800); "
		    "it is left as it is", s);
		lval_set(x, s);
		return;
	}
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	gz_time_format(&b, dt, fmt);
	free(s);
	lval_set(x, gz_buf_detach(&b, NULL));
}

static void
filter_date(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	char *fmt = lval_text(lq, arg);
	date_with(lq, x, fmt);
	free(fmt);
}

static void
filter_date_to_xmlschema(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	date_with(lq, x, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
filter_join(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	if (!x->v || x->v->kind != GZ_VALUE_LIST)
		return;
	char *sep = arg ? lval_text(lq, arg) : gz_xstrdup(" ");
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	for (size_t i = 0; i < x->v->count; i++) {
		if (i)
			gz_buf_puts(&b, sep);
		put_value(lq, x->v->items[i], &b);
	}
	free(sep);
	lval_set(x, gz_buf_detach(&b, NULL));
}

static void
affix(struct liquid *lq, struct lval *x, const struct lval *arg, bool before)
{
	char *s = lval_text(lq, x), *a = lval_text(lq, arg);
	lval_set(x, before ? gz_xasprintf("%s%s", a, s) : gz_xasprintf("%s%s", s, a));
	free(s);
	free(a);
}

static void
filter_append(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	affix(lq, x, arg, false);
}

static void
filter_prepend(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	affix(lq, x, arg, true);
}

/* ASCII only, as Liquid's own upcase and downcase. */
static void
change_case(struct liquid *lq, struct lval *x, int (*conv)(int))
{
	if (!lval_defined(x))
		return;
	char *s = lval_text(lq, x);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x80)
			*p = (char)conv((unsigned char)*p);
	lval_set(x, s);
}

static void
filter_upcase(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	change_case(lq, x, toupper);
}

static void
filter_downcase(struct liquid *lq, struct lval *x, const struct lval *arg)
{
	(void)arg;
	change_case(lq, x, tolower);
}

static const struct filter {
	const char *name;
	int min_args, max_args;
	filter_fn *apply;
} filters[] = {
	{ "absolute_url", 0, 0, filter_absolute_url },
	{ "append", 1, 1, filter_append },
	{ "date", 1, 1, filter_date },
	{ "date_to_xmlschema", 0, 0, filter_date_to_xmlschema },
	{ "default", 1, 1, filter_default },
	{ "downcase", 0, 0, filter_downcase },
	{ "escape", 0, 0, filter_escape },
	{ "join", 0, 1, filter_join },
	{ "prepend", 1, 1, filter_prepend },
	{ "relative_url", 0, 0, filter_relative_url },
	{ "upcase", 0, 0, filter_upcase },
	{ "xml_escape", 0, 0, filter_escape },
};

static const struct filter *
find_filter(const char *name, size_t len)
{
	for (size_t i = 0; i < GZ_ARRAY_LEN(filters); i++)
		if (strlen(filters[i].name) == len && memcmp(filters[i].name, name, len) == 0)
			return &filters[i];
	return NULL;
}

/* ---- expressions ---- */

struct cursor {
	const char *p, *end;
};

static void
skip_blanks(struct cursor *c)
{
	while (c->p < c->end && isspace((unsigned char)*c->p))
		c->p++;
}

static bool
is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '?' || c >= 0x80;
}

static size_t
name_length(const struct cursor *c)
{
	const char *p = c->p;
	if (p < c->end && (isdigit((unsigned char)*p) || *p == '-'))
		return 0;
	while (p < c->end && is_name_char((unsigned char)*p))
		p++;
	return (size_t)(p - c->p);
}

/* One step of a path: a key of a mapping, an index of a list, or one of
 * Liquid's `size`, `first` and `last`.  Sets x; leaves it undefined when
 * there is nothing there. */
static void
step(struct lval *x, const struct gz_value *v, const char *key, bool index)
{
	x->v = NULL;
	if (!v)
		return;
	if (v->kind == GZ_VALUE_MAP) {
		x->v = gz_value_get(v, key);
		if (x->v || index || strcmp(key, "size") != 0)
			return;
	}
	char *end;
	long i = strtol(key, &end, 10);
	if (v->kind == GZ_VALUE_LIST && index && *key && !*end) {
		if (i < 0)
			i += (long)v->count;
		x->v = i >= 0 && (size_t)i < v->count ? v->items[i] : NULL;
	} else if (v->kind == GZ_VALUE_LIST && !index && v->count &&
	    (strcmp(key, "first") == 0 || strcmp(key, "last") == 0)) {
		x->v = v->items[key[0] == 'f' ? 0 : v->count - 1];
	} else if (!index && strcmp(key, "size") == 0 && v->kind != GZ_VALUE_NULL) {
		size_t n = v->kind == GZ_VALUE_STRING ? strlen(v->string) : v->count;
		lval_set(x, gz_xasprintf("%zu", n));
	}
}

/*
 * Reads an operand at c: a quoted string, a number, or a variable path
 * (`page.title`, `site.nav[0].url`, `title` looked up in page, then site).
 * Sets *x (undefined when the variable is) and the path's extent for
 * messages.  Returns false on a syntax error.
 */
static bool
read_operand(struct liquid *lq, struct cursor *c, struct lval *x, const char **path,
    size_t *path_len)
{
	*x = (struct lval){0};
	*path = c->p;
	*path_len = 0;
	if (c->p < c->end && (*c->p == '"' || *c->p == '\'')) {
		const char *close = memchr(c->p + 1, *c->p, (size_t)(c->end - c->p - 1));
		if (!close)
			return false;
		x->s = gz_xstrndup(c->p + 1, (size_t)(close - c->p - 1));
		c->p = close + 1;
		return true;
	}
	if (c->p < c->end && (isdigit((unsigned char)*c->p) || *c->p == '-')) {
		const char *start = c->p++;
		while (c->p < c->end && (isdigit((unsigned char)*c->p) || *c->p == '.'))
			c->p++;
		x->s = gz_xstrndup(start, (size_t)(c->p - start));
		return true;
	}

	bool first = true;
	const struct gz_value *v = NULL;
	for (;;) {
		bool index = false;
		char *key;
		if (!first && c->p < c->end && *c->p == '[') {
			struct cursor in = { c->p + 1, c->end };
			struct lval k;
			const char *kp;
			size_t kn;
			skip_blanks(&in);
			if (in.p >= in.end || !(*in.p == '"' || *in.p == '\'' || isdigit((unsigned char)*in.p) ||
			    *in.p == '-') || !read_operand(lq, &in, &k, &kp, &kn))
				return false;
			skip_blanks(&in);
			if (in.p >= in.end || *in.p != ']') {
				free(k.s);
				return false;
			}
			c->p = in.p + 1;
			key = k.s;
			index = isdigit((unsigned char)key[0]) || key[0] == '-';
		} else {
			size_t n = name_length(c);
			if (n == 0)
				return false;
			key = gz_xstrndup(c->p, n);
			c->p += n;
		}
		if (first) {
			if (strcmp(key, "page") == 0)
				x->v = lq->page;
			else if (strcmp(key, "site") == 0)
				x->v = lq->site;
			else if (!(x->v = lq->page ? gz_value_get(lq->page, key) : NULL))
				x->v = lq->site ? gz_value_get(lq->site, key) : NULL;
		} else {
			step(x, v, key, index);
		}
		free(key);
		first = false;
		v = x->v;
		if (c->p < c->end && *c->p == '.' && !x->s) {
			c->p++;
		} else if (!(c->p < c->end && *c->p == '[' && !x->s)) {
			break;
		}
	}
	*path_len = (size_t)(c->p - *path);
	return true;
}

/*
 * Evaluates `operand | filter: arg, ... | ...` from c and appends the result
 * to lq->out.  An undefined variable prints as nothing, with a warning unless
 * a `default` filter deals with it.  Returns false on a syntax error, having
 * appended nothing.
 */
static bool
evaluate(struct liquid *lq, struct cursor *c)
{
	struct lval x = {0}, arg = {0};
	const char *path, *undefined = NULL, *ap;
	size_t path_len, undefined_len = 0, an;
	bool has_default = false, result = false;

	skip_blanks(c);
	if (!read_operand(lq, c, &x, &path, &path_len))
		goto out;
	if (!lval_defined(&x)) {
		undefined = path;
		undefined_len = path_len;
	}
	for (;;) {
		skip_blanks(c);
		if (c->p == c->end)
			break;
		if (*c->p++ != '|')
			goto out;
		skip_blanks(c);
		size_t n = name_length(c);
		if (n == 0)
			goto out;
		const char *fname = c->p;
		c->p += n;
		skip_blanks(c);
		int nargs = 0;
		if (c->p < c->end && *c->p == ':') {
			do {
				c->p++;
				skip_blanks(c);
				free(arg.s);
				if (!read_operand(lq, c, &arg, &ap, &an))
					goto out;
				if (!lval_defined(&arg) && !undefined) {
					undefined = ap;
					undefined_len = an;
				}
				nargs++;
				skip_blanks(c);
			} while (c->p < c->end && *c->p == ',');
		}
		const struct filter *f = find_filter(fname, n);
		if (!f) {
			gz_warn(lq->log, lq->name, lq->line,
			    "unknown filter '%.*s'; it is skipped", (int)n, fname);
		} else if (nargs < f->min_args || nargs > f->max_args) {
			gz_warn(lq->log, lq->name, lq->line,
			    "filter '%s' takes %d argument%s, not %d; it is skipped", f->name,
			    f->max_args, f->max_args == 1 ? "" : "s", nargs);
		} else {
			has_default |= f->apply == filter_default;
			f->apply(lq, &x, nargs ? &arg : NULL);
		}
	}
	if (undefined && !has_default)
		gz_warn(lq->log, lq->name, lq->line,
		    "undefined variable '%.*s'; it expands to nothing (define it in the front "
		    "matter, _config.yml or with --set)", (int)undefined_len, undefined);
	if (x.s)
		gz_buf_puts(&lq->out, x.s);
	else if (x.v)
		put_value(lq, x.v, &lq->out);
	result = true;
out:
	free(x.s);
	free(arg.s);
	return result;
}

/* ---- the scan ---- */

/* The first occurrence of the two bytes pat[0..2) in s[from..len), or NULL
 * (memmem is a GNU extension). */
static const char *
find_pair(const char *s, size_t len, size_t from, const char *pat)
{
	while (from + 1 < len) {
		const char *hit = memchr(s + from, pat[0], len - from - 1);
		if (!hit)
			return NULL;
		if (hit[1] == pat[1])
			return hit;
		from = (size_t)(hit - s) + 1;
	}
	return NULL;
}

/*
 * The first `pat` (2 bytes) at or after `from`, or len.  Searches move only
 * forward, and *cache remembers the last answer, so the many tags of a page
 * cost one pass in all.
 */
static size_t
find_close(const char *s, size_t len, size_t from, const char *pat, size_t *cache)
{
	if (*cache != SIZE_MAX && *cache >= from)
		return *cache;
	const char *hit = find_pair(s, len, from, pat);
	*cache = hit ? (size_t)(hit - s) : len;
	return *cache;
}

/* Removes the blanks and line ends just before b->data[mark] (`{{-`). */
static void
remove_space_before(struct gz_buf *b, size_t mark)
{
	size_t from = mark;
	while (from > 0 && isspace((unsigned char)b->data[from - 1]))
		from--;
	memmove(b->data + from, b->data + mark, b->len - mark + 1);
	b->len -= mark - from;
}

/* Whether s[at..len) starts `{% endraw %}` (any blanks, `-` trims); its end in *end. */
static bool
is_endraw(const char *s, size_t len, size_t at, size_t *end)
{
	struct cursor c = { s + at + 2, s + len };
	if (c.p < c.end && *c.p == '-')
		c.p++;
	skip_blanks(&c);
	if ((size_t)(c.end - c.p) < 6 || memcmp(c.p, "endraw", 6) != 0)
		return false;
	c.p += 6;
	skip_blanks(&c);
	if (c.p < c.end && *c.p == '-')
		c.p++;
	if ((size_t)(c.end - c.p) < 2 || memcmp(c.p, "%}", 2) != 0)
		return false;
	*end = (size_t)(c.p + 2 - s);
	return true;
}

/*
 * Copies the text after `{% raw %}` (which ends at `from`) up to
 * `{% endraw %}` verbatim, and returns where the text after it starts.
 * Without an `{% endraw %}` the rest of the body is copied, with a warning.
 */
static size_t
copy_raw(struct liquid *lq, const char *body, size_t len, size_t from)
{
	size_t at = from, end = 0;
	const char *hit;
	while ((hit = find_pair(body, len, at, "{%")) &&
	    !is_endraw(body, len, (size_t)(hit - body), &end))
		at = (size_t)(hit - body) + 2;
	if (!hit) {
		gz_warn(lq->log, lq->name, lq->line, "'{%% raw %%}' is never closed by "
		    "'{%% endraw %%}'; the rest of the file is left as it is");
		gz_buf_append(&lq->out, body + from, len - from);
		return len;
	}
	gz_buf_append(&lq->out, body + from, (size_t)(hit - body) - from);
	return end;
}

/*
 * One forward pass over the body: text is copied in runs, `{{ }}` replaced by
 * its value, `{% raw %}...{% endraw %}` by its content.  Other tags, and
 * anything that cannot be read, stay as they are with a warning on the file
 * line where they start.  The source keeps its line breaks, so lines after a
 * tag keep their numbers unless a value has line breaks of its own (or a tag
 * spans lines, or `{{-`/`-}}` trims them): md4c's lines then drift by as many.
 */
char *
gz_liquid_expand(const char *name, const char *body, size_t len, unsigned first_line,
    const struct gz_value *page, const struct gz_value *site, struct gz_log *log,
    size_t *out_len)
{
	struct liquid lq = { .name = name, .page = page, .site = site, .log = log };
	size_t copied = 0, counted = 0, pos = 0;
	size_t var_close = SIZE_MAX, tag_close = SIZE_MAX;
	bool warned_var = false, warned_tag = false;
	unsigned line = first_line;

	gz_buf_append(&lq.out, "", 0);
	while (pos + 1 < len) {
		const char *brace = memchr(body + pos, '{', len - pos - 1);
		if (!brace)
			break;
		size_t at = (size_t)(brace - body);
		char kind = body[at + 1];
		pos = at + 1;
		if (kind != '{' && kind != '%')
			continue;
		/* Lines counted with memchr: a byte at a time cost as much as
		 * the rest of the expansion. */
		for (const char *p = body + counted, *end = body + at;
		    (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
			line++;
		counted = at;
		lq.line = line;

		size_t close = kind == '{' ? find_close(body, len, at + 2, "}}", &var_close)
					   : find_close(body, len, at + 2, "%}", &tag_close);
		if (close == len) {
			bool *warned = kind == '{' ? &warned_var : &warned_tag;
			if (!*warned)
				gz_warn(log, name, line, "'%s' is never closed by '%s'; it is left as text",
				    kind == '{' ? "{{" : "{%", kind == '{' ? "}}" : "%}");
			*warned = true;
			pos = at + 2;
			continue;
		}
		struct cursor c = { body + at + 2, body + close };
		bool trim_left = c.p < c.end && *c.p == '-';
		bool trim_right = c.end > c.p + trim_left && c.end[-1] == '-';
		c.p += trim_left;
		c.end -= trim_right;
		lq.expr = c.p;
		lq.expr_len = (int)(c.end - c.p);
		size_t next = close + 2;

		gz_buf_append(&lq.out, body + copied, at - copied);
		size_t mark = lq.out.len;
		bool done;
		if (kind == '{') {
			done = evaluate(&lq, &c);
			if (!done)
				gz_warn(log, name, line, "cannot read '{{%.*s}}'; it is left as text",
				    lq.expr_len, lq.expr);
		} else {
			skip_blanks(&c);
			size_t n = name_length(&c);
			done = n == 3 && memcmp(c.p, "raw", 3) == 0;
			if (!done && n)
				gz_warn(log, name, line, "the Liquid tag '%.*s' is not supported; "
				    "it is left as text", (int)n, c.p);
			else if (!done)
				gz_warn(log, name, line, "cannot read '{%%%.*s%%}'; it is left as text",
				    lq.expr_len, lq.expr);
			else
				next = copy_raw(&lq, body, len, next);
			trim_right = false;
		}
		if (!done) {
			lq.out.len = mark;
			gz_buf_append(&lq.out, body + at, next - at);
		} else {
			if (trim_left)
				remove_space_before(&lq.out, mark);
			while (trim_right && next < len && isspace((unsigned char)body[next]))
				next++;
		}
		copied = pos = next;
	}
	gz_buf_append(&lq.out, body + copied, len - copied);
	return gz_buf_detach(&lq.out, out_len);
}
