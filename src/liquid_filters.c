/* liquid_filters.c: Liquid 5's filters of arrays, numbers, dates and defaults, and the
 * lookup of every filter by name. */
#define _GNU_SOURCE     /* qsort_r */
#include "liquid.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

LQ_FILTER(f_join)
{
	LQ_UNUSED;
	struct lq_value *a = as_array(in);
	struct gz_buf b = {0};
	bool first = true;
	join_into(&b, a, argc ? args[0] : NULL, &first, 0);
	lq_unref(a);
	return lq_buf_value(&b);
}

bool
lq_check_property(struct lq_ctx *cx, const struct lq_value *array, const struct lq_value *prop)
{
	for (size_t i = 0; array->kind == LQ_ARRAY && i < array->c.count; i++) {
		enum lq_kind k = array->c.items[i]->kind;
		if (k == LQ_INT || k == LQ_FLOAT) {
			char *name = lq_text(prop, NULL);
			lq_fail(cx, "Liquid error: cannot select the property '%s'", name);
			free(name);
			return false;
		}
	}
	return true;
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
	if (prop && !lq_check_property(cx, a, prop)) {
		lq_unref(a);
		return NULL;
	}
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

LQ_FILTER(f_sort) { LQ_UNUSED; return sorted(cx, in, argc ? args[0] : NULL, false); }
LQ_FILTER(f_sort_natural) { LQ_UNUSED; return sorted(cx, in, argc ? args[0] : NULL, true); }

LQ_FILTER(f_uniq)
{
	LQ_UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	if (argc && !lq_check_property(cx, a, args[0])) {
		lq_unref(a);
		lq_unref(r);
		return NULL;
	}
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

LQ_FILTER(f_compact)
{
	LQ_UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	if (argc && !lq_check_property(cx, a, args[0])) {
		lq_unref(a);
		lq_unref(r);
		return NULL;
	}
	for (size_t i = 0; i < a->c.count; i++)
		if ((argc ? property(a->c.items[i], args[0]) : a->c.items[i])->kind != LQ_NIL)
			lq_push(r, lq_ref(a->c.items[i]));
	lq_unref(a);
	return r;
}

LQ_FILTER(f_reverse)
{
	LQ_UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = a->c.count; i-- > 0;)
		lq_push(r, lq_ref(a->c.items[i]));
	lq_unref(a);
	return r;
}

LQ_FILTER(f_map)
{
	LQ_UNUSED;
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	if (!lq_check_property(cx, a, args[0])) {
		lq_unref(a);
		lq_unref(r);
		return NULL;
	}
	for (size_t i = 0; i < a->c.count; i++)
		lq_push(r, lq_ref(property(a->c.items[i], args[0])));
	lq_unref(a);
	return r;
}

LQ_FILTER(f_concat)
{
	LQ_UNUSED;
	if (args[0]->kind != LQ_ARRAY) {
		lq_unref(in);
		lq_fail(cx, "Liquid error: concat filter requires an array argument");
		return NULL;
	}
	/* A new array: the input may be a variable's own (or the argument). */
	struct lq_value *a = as_array(in), *r = lq_new(LQ_ARRAY);
	for (size_t i = 0; i < a->c.count; i++)
		lq_push(r, lq_ref(a->c.items[i]));
	for (size_t i = 0; i < args[0]->c.count; i++)
		lq_push(r, lq_ref(args[0]->c.items[i]));
	lq_unref(a);
	return r;
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

LQ_FILTER(f_first) { LQ_UNUSED; return end_item(in, true); }
LQ_FILTER(f_last) { LQ_UNUSED; return end_item(in, false); }

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

LQ_FILTER(f_plus) { LQ_UNUSED; return arith(cx, in, args[0], '+'); }
LQ_FILTER(f_minus) { LQ_UNUSED; return arith(cx, in, args[0], '-'); }
LQ_FILTER(f_times) { LQ_UNUSED; return arith(cx, in, args[0], '*'); }
LQ_FILTER(f_divided_by) { LQ_UNUSED; return arith(cx, in, args[0], '/'); }
LQ_FILTER(f_modulo) { LQ_UNUSED; return arith(cx, in, args[0], '%'); }

LQ_FILTER(f_abs)
{
	LQ_UNUSED;
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
	int64_t digits = how == 0 && argc ? lq_to_int(args[0]) : 0;
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
	if (digits < 0 && digits > -19) {
		double unit = pow(10, (double)-digits);
		return lq_int((int64_t)(round(f / unit) * unit));
	}
	double r = how == 0 ? round(f) : how == 1 ? ceil(f) : floor(f);
	if (!isfinite(r) || fabs(r) > 9.2e18)
		return lq_float(r);
	return lq_int((int64_t)r);
}

LQ_FILTER(f_round) { LQ_UNUSED; return rounding(in, args, argc, 0); }
LQ_FILTER(f_ceil) { LQ_UNUSED; return rounding(in, args, argc, 1); }
LQ_FILTER(f_floor) { LQ_UNUSED; return rounding(in, args, argc, 2); }

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

LQ_FILTER(f_at_least) { LQ_UNUSED; return bound(in, args[0], true); }
LQ_FILTER(f_at_most) { LQ_UNUSED; return bound(in, args[0], false); }

/* ---- default and date ---- */

LQ_FILTER(f_default)
{
	LQ_UNUSED;
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

LQ_FILTER(f_date)
{
	LQ_UNUSED;
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
	return lq_buf_value(&b);
}

static const struct lq_filter_def filters[] = {
	{ "abs", f_abs, 0, 0, 0 },
	{ "at_least", f_at_least, 1, 1, 0 },
	{ "at_most", f_at_most, 1, 1, 0 },
	{ "ceil", f_ceil, 0, 0, 0 },
	{ "compact", f_compact, 0, 1, 0 },
	{ "concat", f_concat, 1, 1, 0 },
	{ "date", f_date, 1, 1, 0 },
	{ "default", f_default, 0, 1, 0 },
	{ "divided_by", f_divided_by, 1, 1, 0 },
	{ "first", f_first, 0, 0, 0 },
	{ "floor", f_floor, 0, 0, 0 },
	{ "join", f_join, 0, 1, 0 },
	{ "last", f_last, 0, 0, 0 },
	{ "map", f_map, 1, 1, 0 },
	{ "minus", f_minus, 1, 1, 0 },
	{ "modulo", f_modulo, 1, 1, 0 },
	{ "plus", f_plus, 1, 1, 0 },
	{ "reverse", f_reverse, 0, 0, 0 },
	{ "round", f_round, 0, 1, 0 },
	{ "sort_natural", f_sort_natural, 0, 1, 0 },
	{ "times", f_times, 1, 1, 0 },
	{ "uniq", f_uniq, 0, 1, 0 },
};

/* Jekyll replaces Liquid's `sort` and `where`; this one is Liquid's sort for
 * when Jekyll's finds no property. */
static const struct lq_filter_def liquid_sort = { "sort", f_sort, 0, 1, 0 };

const struct lq_filter_def *
lq_find_filter(const char *name)
{
	if (!strcmp(name, "sort"))
		return &liquid_sort;
	const struct lq_filter_def *s = lq_find_string_filter(name);
	if (s)
		return s;
	return lq_filter_in(filters, GZ_ARRAY_LEN(filters), name);
}
