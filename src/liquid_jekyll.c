/* liquid_jekyll.c: the filters Jekyll 4 adds to Liquid (where, group_by, slugify, jsonify,
 * dates, URLs, markdownify...) and what dates are to both. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* A date as Liquid's and Jekyll's filters read it: a time, seconds since the
 * epoch, `now`/`today` (SOURCE_DATE_EPOCH when set), or a YAML timestamp
 * (date.c), kept in the offset it was written in; without one it is UTC. */
bool
lq_to_time(const struct lq_value *v, struct gz_time *t)
{
	if (v->kind == LQ_TIME) {
		*t = v->time;
		return true;
	}
	if (v->kind == LQ_INT) {
		*t = (struct gz_time){ .seconds = v->i };
		return true;
	}
	if (v->kind != LQ_STRING)
		return false;
	char *s = gz_squeeze(gz_xstrndup(v->str.s, v->str.len));
	bool ok = true;
	if (!strcmp(s, "now") || !strcmp(s, "today")) {
		*t = gz_time_now();
	} else if (*s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 16) {
		*t = (struct gz_time){ .seconds = strtoll(s, NULL, 10) };
	} else {
		ok = gz_time_parse(s, t);
	}
	free(s);
	return ok;
}

/* ---- where, group_by, sort ---- */

/* item[property], with dotted properties followed through hashes. */
static const struct lq_value *
item_property(const struct lq_value *item, const char *prop)
{
	const char *p = prop;
	while (item && item->kind == LQ_HASH) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		item = lq_get(item, p, n);
		if (!dot)
			return item ? item : lq_nil();
		p = dot + 1;
	}
	return lq_nil();
}

/* Jekyll's compare_property_vs_target: equal as text, or one item of a list is. */
static bool
matches(const struct lq_value *prop, const struct lq_value *target)
{
	if (target->kind == LQ_NIL)
		return prop->kind == LQ_NIL;
	bool result = false;
	char *want = lq_text(target, NULL);
	if (prop->kind == LQ_ARRAY) {
		for (size_t i = 0; i < prop->c.count && !result; i++) {
			char *t = lq_text(prop->c.items[i], NULL);
			result = !strcmp(t, want);
			free(t);
		}
		if (target->kind == LQ_EMPTY || target->kind == LQ_BLANK)
			result = prop->c.count == 0;
	} else if (prop->kind != LQ_NIL || target->kind == LQ_EMPTY || target->kind == LQ_BLANK) {
		char *t = lq_text(prop, NULL);
		result = !strcmp(t, want);
		free(t);
	}
	free(want);
	return result;
}

LQ_FILTER(f_where)
{
	LQ_UNUSED;
	if (args[1]->kind == LQ_ARRAY || args[1]->kind == LQ_HASH || args[0]->kind == LQ_NIL ||
	    (in->kind != LQ_ARRAY && in->kind != LQ_HASH))
		return in;
	char *prop = lq_text(args[0], NULL);
	struct lq_value *a = lq_values(in), *r = lq_new(LQ_ARRAY);
	if (!lq_check_property(cx, a, args[0])) {
		free(prop);
		lq_unref(a);
		lq_unref(r);
		return NULL;
	}
	for (size_t i = 0; i < a->c.count; i++)
		if (matches(item_property(a->c.items[i], prop), args[1]))
			lq_push(r, lq_ref(a->c.items[i]));
	free(prop);
	lq_unref(a);
	return r;
}

/* A condition given as text (where_exp, find_exp), against each item. */
static struct lq_value *
by_expression(struct lq_ctx *cx, struct lq_value *in, struct lq_value **args, bool find)
{
	if (in->kind != LQ_ARRAY && in->kind != LQ_HASH)
		return in;
	size_t len;
	char *var = lq_text(args[0], NULL), *exp = lq_text(args[1], &len);
	struct lq_cond *cond = lq_parse_cond(cx, exp, len);
	struct lq_value *a = lq_values(in), *r = find ? lq_nil() : lq_new(LQ_ARRAY);
	for (size_t i = 0; cond && i < a->c.count && !cx->failed; i++) {
		lq_push_scope(cx);
		lq_set(cx->scopes[cx->scope_count - 1], var, lq_ref(a->c.items[i]));
		bool yes = lq_test(cx, cond);
		lq_pop_scope(cx);
		if (yes && find) {
			r = lq_ref(a->c.items[i]);
			break;
		}
		if (yes)
			lq_push(r, lq_ref(a->c.items[i]));
	}
	lq_cond_free(cond);
	free(var);
	free(exp);
	lq_unref(a);
	if (cx->failed) {
		lq_unref(r);
		return NULL;
	}
	return r;
}

LQ_FILTER(f_where_exp) { LQ_UNUSED; return by_expression(cx, in, args, false); }
LQ_FILTER(f_find_exp) { LQ_UNUSED; return by_expression(cx, in, args, true); }

LQ_FILTER(f_find)
{
	LQ_UNUSED;
	char *prop = lq_text(args[0], NULL);
	struct lq_value *a = lq_values(in), *r = lq_nil();
	for (size_t i = 0; i < a->c.count; i++)
		if (matches(item_property(a->c.items[i], prop), args[1])) {
			r = lq_ref(a->c.items[i]);
			break;
		}
	free(prop);
	lq_unref(a);
	return r;
}

LQ_FILTER(f_group_by)
{
	LQ_UNUSED;
	char *prop = lq_text(args[0], NULL);
	struct lq_value *a = lq_values(in), *groups = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++) {
		char *name = lq_text(item_property(a->c.items[i], prop), NULL);
		struct lq_value *g = NULL;
		for (size_t k = 0; k < groups->c.count && !g; k++) {
			struct lq_value *n = lq_get(groups->c.items[k], "name", 4);
			if (!strcmp(n->str.s, name))
				g = groups->c.items[k];
		}
		if (!g) {
			g = lq_new(LQ_HASH);
			lq_set(g, "name", lq_cstr(name));
			lq_set(g, "items", lq_new(LQ_ARRAY));
			lq_set(g, "size", lq_int(0));
			lq_push(groups, g);
		}
		struct lq_value *items = lq_get(g, "items", 5);
		lq_push(items, lq_ref(a->c.items[i]));
		lq_set(g, "size", lq_int((int64_t)items->c.count));
		free(name);
	}
	free(prop);
	lq_unref(a);
	return groups;
}

struct sort_ctx {
	bool nils_last, bad;
};

static int
cmp_props(const void *pa, const void *pb, void *data)
{
	struct sort_ctx *sc = data;
	const struct lq_value *const *a = pa, *const *b = pb;
	const struct lq_value *x = a[1], *y = b[1];
	if (x->kind == LQ_NIL || y->kind == LQ_NIL) {
		int r = (x->kind == LQ_NIL) - (y->kind == LQ_NIL);
		return sc->nils_last ? r : -r;
	}
	int r = 0;
	if (!lq_compare(x, y, &r))
		sc->bad = true;
	return r ? r : (a[2]->i > b[2]->i) - (a[2]->i < b[2]->i);
}

/* Jekyll's sort: by a property with nils first (or "last"), else Liquid's. */
LQ_FILTER(f_jekyll_sort)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL) {
		lq_fail(cx, "Liquid error: cannot sort a null object");
		return NULL;
	}
	if (!argc || args[0]->kind == LQ_NIL)
		return lq_find_filter("sort")->fn(cx, in, args, 0, kw);
	char *prop = lq_text(args[0], NULL);
	struct lq_value *a = lq_values(in);
	if (!lq_check_property(cx, a, args[0])) {
		free(prop);
		lq_unref(a);
		return NULL;
	}
	size_t n = a->c.count;
	const struct lq_value **rows = gz_xcalloc(3 * n + 3, sizeof *rows);
	struct lq_value **index = gz_xcalloc(n + 1, sizeof *index);
	for (size_t i = 0; i < n; i++) {
		index[i] = lq_int((int64_t)i);
		rows[3 * i] = a->c.items[i];
		rows[3 * i + 1] = item_property(a->c.items[i], prop);
		rows[3 * i + 2] = index[i];
	}
	struct sort_ctx sc = { .nils_last = argc > 1 && args[1]->kind == LQ_STRING &&
	    !strcmp(args[1]->str.s, "last") };
	qsort_r(rows, n, 3 * sizeof *rows, cmp_props, &sc);
	struct lq_value *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < n; i++) {
		lq_push(r, lq_ref((struct lq_value *)rows[3 * i]));
		lq_unref(index[i]);
	}
	free(rows);
	free(index);
	free(prop);
	lq_unref(a);
	if (sc.bad) {
		lq_unref(r);
		lq_fail(cx, "Liquid error: cannot compare the values of '%s' to sort them",
		    args[0]->kind == LQ_STRING ? args[0]->str.s : "?");
		return NULL;
	}
	return r;
}

/* ---- dates ---- */

static struct lq_value *
date_as(struct lq_value *in, const char *fmt)
{
	struct gz_time t;
	if (!lq_to_time(in, &t))
		return in;
	lq_unref(in);
	struct gz_buf b = {0};
	gz_time_format(&b, t, fmt);
	return lq_buf_value(&b);
}

LQ_FILTER(f_date_to_xmlschema) { LQ_UNUSED; return date_as(in, "%Y-%m-%dT%H:%M:%S%:z"); }
LQ_FILTER(f_date_to_rfc822) { LQ_UNUSED; return date_as(in, "%a, %d %b %Y %H:%M:%S %z"); }

/* date_to_string and date_to_long_string, with Jekyll's "ordinal" and "US" style. */
static struct lq_value *
date_words(struct lq_value *in, struct lq_value **args, size_t argc, bool long_month)
{
	const char *type = argc > 0 && args[0]->kind == LQ_STRING ? args[0]->str.s : "";
	const char *style = argc > 1 && args[1]->kind == LQ_STRING ? args[1]->str.s : "";
	if (strcmp(type, "ordinal") != 0)
		return date_as(in, long_month ? "%d %B %Y" : "%d %b %Y");
	struct gz_time t;
	if (!lq_to_time(in, &t))
		return in;
	lq_unref(in);
	int day = gz_time_civil(t).day;
	const char *suffix = day % 100 >= 11 && day % 100 <= 13 ? "th"
	    : day % 10 == 1 ? "st" : day % 10 == 2 ? "nd" : day % 10 == 3 ? "rd" : "th";
	struct gz_buf b = {0};
	char *ord = gz_xasprintf("%d%s", day, suffix);
	if (!strcmp(style, "US")) {
		gz_time_format(&b, t, long_month ? "%B" : "%b");
		gz_buf_printf(&b, " %s, ", ord);
		gz_time_format(&b, t, "%Y");
	} else {
		gz_buf_printf(&b, "%s ", ord);
		gz_time_format(&b, t, long_month ? "%B %Y" : "%b %Y");
	}
	free(ord);
	return lq_buf_value(&b);
}

LQ_FILTER(f_date_to_string) { LQ_UNUSED; return date_words(in, args, argc, false); }
LQ_FILTER(f_date_to_long_string) { LQ_UNUSED; return date_words(in, args, argc, true); }

/* ---- URLs and Markdown ---- */

static bool
is_absolute_url(const char *s)
{
	return gz_url_is_absolute(s) || (s[0] == '/' && s[1] == '/');
}

/* Jekyll's relative_url: site.baseurl (trailing '/' dropped) then the path,
 * each with a leading '/'.  Unlike Jekyll, nothing is percent-encoded. */
static char *
relative_url(const struct gz_value *site, const char *path)
{
	const char *base = site ? gz_value_string(site, "baseurl") : NULL;
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

char *
lq_relative_url(const struct lq_ctx *cx, const char *path)
{
	return relative_url(cx->env->site, path);
}

LQ_FILTER(f_relative_url)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	char *s = lq_take_text(in, NULL);
	char *r = is_absolute_url(s) ? gz_xstrdup(s) : relative_url(cx->env->site, s);
	free(s);
	return lq_str_take(r, strlen(r));
}

/* Jekyll's absolute_url: site.url (trailing '/' dropped) and relative_url;
 * URLs with a scheme (or `//host`) are left alone. */
LQ_FILTER(f_absolute_url)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	char *s = lq_take_text(in, NULL);
	if (is_absolute_url(s))
		return lq_str_take(s, strlen(s));
	const struct gz_value *site = cx->env->site;
	const char *url = site ? gz_value_string(site, "url") : NULL;
	size_t ulen = url ? strlen(url) : 0;
	while (ulen > 0 && url[ulen - 1] == '/')
		ulen--;
	char *rel = relative_url(site, s);
	char *r = gz_xasprintf("%.*s%s", (int)ulen, url ? url : "", rel);
	free(rel);
	free(s);
	return lq_str_take(r, strlen(r));
}

LQ_FILTER(f_markdownify)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_node *root = gz_markdown_parse(cx->file, s, len, cx->line, GZ_DIALECT_GITHUB,
	    cx->log);
	free(s);
	if (!root) {
		lq_fail(cx, "Liquid error: markdownify could not parse its input");
		return NULL;
	}
	struct gz_options opts = {0};
	struct gz_buf b = {0};
	gz_html_render(root->first, NULL, &opts, NULL, 0, &b);
	gz_node_free(root);
	return lq_buf_value(&b);
}

static const struct lq_filter_def filters[] = {
	{ "absolute_url", f_absolute_url, 0, 0, 0 },
	{ "cgi_escape", NULL, 0, 0, 0 },        /* Liquid's url_encode */
	{ "date_to_long_string", f_date_to_long_string, 0, 2, 0 },
	{ "date_to_rfc822", f_date_to_rfc822, 0, 0, 0 },
	{ "date_to_string", f_date_to_string, 0, 2, 0 },
	{ "date_to_xmlschema", f_date_to_xmlschema, 0, 0, 0 },
	{ "find", f_find, 2, 2, 0 },
	{ "find_exp", f_find_exp, 2, 2, 0 },
	{ "group_by", f_group_by, 1, 1, 0 },
	{ "markdownify", f_markdownify, 0, 0, 1 },
	{ "relative_url", f_relative_url, 0, 0, 0 },
	{ "sort", f_jekyll_sort, 0, 2, 0 },
	{ "where", f_where, 2, 2, 0 },
	{ "where_exp", f_where_exp, 2, 2, 0 },
};

const struct lq_filter_def *
lq_find_jekyll_filter(const char *name)
{
	const struct lq_filter_def *f = lq_find_text_filter(name);
	if (!f)
		f = lq_filter_in(filters, GZ_ARRAY_LEN(filters), name);
	return f && !f->fn ? lq_find_filter("url_encode") : f;
}
