/* liquid_value.c: Liquid's values (Ruby's nil, booleans, numbers, strings, arrays, hashes,
 * ranges and times), how they print, compare and count as true. */
#include "liquid.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct lq_value nil_value = { .kind = LQ_NIL };
static struct lq_value true_value = { .kind = LQ_BOOL, .b = true };
static struct lq_value false_value = { .kind = LQ_BOOL, .b = false };

struct lq_value *
lq_nil(void)
{
	return &nil_value;
}

struct lq_value *
lq_bool(bool b)
{
	return b ? &true_value : &false_value;
}

struct lq_value *
lq_new(enum lq_kind kind)
{
	struct lq_value *v = gz_xcalloc(1, sizeof *v);
	v->kind = kind;
	v->refs = 1;
	return v;
}

struct lq_value *
lq_int(int64_t i)
{
	struct lq_value *v = lq_new(LQ_INT);
	v->i = i;
	return v;
}

struct lq_value *
lq_float(double f)
{
	struct lq_value *v = lq_new(LQ_FLOAT);
	v->f = f;
	return v;
}

struct lq_value *
lq_str_take(char *s, size_t len)
{
	struct lq_value *v = lq_new(LQ_STRING);
	v->str.s = s;
	v->str.len = len;
	return v;
}

struct lq_value *
lq_str_borrow(const char *s, size_t len)
{
	struct lq_value *v = lq_str_take((char *)s, len);
	v->borrowed = true;
	return v;
}

struct lq_value *
lq_str(const char *s, size_t len)
{
	return lq_str_take(gz_xstrndup(s, len), len);
}

struct lq_value *
lq_cstr(const char *s)
{
	return lq_str(s, strlen(s));
}

struct lq_value *
lq_time(struct gz_time t)
{
	struct lq_value *v = lq_new(LQ_TIME);
	v->time = t;
	return v;
}

struct lq_value *
lq_ref(struct lq_value *v)
{
	if (v->refs)
		v->refs++;
	return v;
}

/* Frees iteratively along the last item, so that long chains do not recurse deeply. */
void
lq_unref(struct lq_value *v)
{
	while (v && v->refs && --v->refs == 0) {
		struct lq_value *next = NULL;
		if (v->kind == LQ_STRING) {
			if (!v->borrowed)
				free(v->str.s);
		} else if (v->kind == LQ_ARRAY || v->kind == LQ_HASH) {
			for (size_t i = 0; i < v->c.count; i++) {
				if (v->c.keys)
					free(v->c.keys[i]);
				if (i + 1 == v->c.count)
					next = v->c.items[i];
				else
					lq_unref(v->c.items[i]);
			}
			free(v->c.items);
			free(v->c.keys);
		}
		free(v);
		v = next;
	}
}

static void
grow(struct lq_value *v)
{
	if (v->c.count < v->c.cap)
		return;
	v->c.cap = v->c.cap ? v->c.cap * 2 : 4;
	v->c.items = gz_xrealloc(v->c.items, v->c.cap * sizeof *v->c.items);
	if (v->kind == LQ_HASH)
		v->c.keys = gz_xrealloc(v->c.keys, v->c.cap * sizeof *v->c.keys);
}

void
lq_push(struct lq_value *array, struct lq_value *v)
{
	grow(array);
	array->c.items[array->c.count++] = v;
}

struct lq_value *
lq_get(const struct lq_value *hash, const char *key, size_t len)
{
	if (!hash || hash->kind != LQ_HASH)
		return NULL;
	for (size_t i = 0; i < hash->c.count; i++)
		if (strncmp(hash->c.keys[i], key, len) == 0 && hash->c.keys[i][len] == '\0')
			return hash->c.items[i];
	return NULL;
}

void
lq_set(struct lq_value *hash, const char *key, struct lq_value *v)
{
	for (size_t i = 0; i < hash->c.count; i++) {
		if (strcmp(hash->c.keys[i], key) == 0) {
			lq_unref(hash->c.items[i]);
			hash->c.items[i] = v;
			return;
		}
	}
	grow(hash);
	hash->c.keys[hash->c.count] = gz_xstrdup(key);
	hash->c.items[hash->c.count++] = v;
}

/* YAML 1.2 core schema: `12`, `-3`, `0x1F` are integers, `1.5`, `1e3` floats,
 * `true`/`false` booleans (and YAML 1.1's True/FALSE, as Ruby's Psych reads them). */
static struct lq_value *
typed_scalar(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return lq_bool(true);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return lq_bool(false);
	const char *p = s + (*s == '-' || *s == '+');
	if (*p >= '0' && *p <= '9') {
		char *end;
		long long i = strtoll(s, &end, 10);
		if (!*end && (p[0] != '0' || !p[1]) && i > INT64_MIN / 2 && i < INT64_MAX / 2)
			return lq_int(i);
		bool dot = strchr(p, '.') != NULL;
		double f = strtod(s, &end);
		if (!*end && (dot || strchr(p, 'e') || strchr(p, 'E')) && !strchr(p, 'x') && !strchr(p, 'X'))
			return lq_float(f);
	}
	return NULL;
}

struct lq_value *
lq_from_gz(const struct gz_value *v)
{
	if (!v)
		return lq_nil();
	switch (v->kind) {
	case GZ_VALUE_STRING: {
		struct lq_value *t = v->quoted ? NULL : typed_scalar(v->string);
		return t ? t : lq_cstr(v->string);
	}
	case GZ_VALUE_LIST:
	case GZ_VALUE_MAP: {
		struct lq_value *c = lq_new(v->kind == GZ_VALUE_MAP ? LQ_HASH : LQ_ARRAY);
		for (size_t i = 0; i < v->count; i++) {
			if (v->kind == GZ_VALUE_MAP)
				lq_set(c, v->keys[i], lq_from_gz(v->items[i]));
			else
				lq_push(c, lq_from_gz(v->items[i]));
		}
		return c;
	}
	default:
		return lq_nil();
	}
}

/* Ruby's Float#to_s: the shortest digits that read back the same, `.0` on
 * whole numbers, scientific notation below 1e-4 and from 1e16. */
static void
put_float(struct gz_buf *b, double f)
{
	if (isnan(f)) {
		gz_buf_puts(b, "NaN");
		return;
	}
	if (isinf(f)) {
		gz_buf_puts(b, f < 0 ? "-Infinity" : "Infinity");
		return;
	}
	char digits[40];
	int prec;
	for (prec = 1; prec < 17; prec++) {
		snprintf(digits, sizeof digits, "%.*e", prec - 1, f);
		if (strtod(digits, NULL) == f)
			break;
	}
	snprintf(digits, sizeof digits, "%.*e", prec - 1, f);
	/* digits: [-]d.ddde[+-]XX */
	char mant[24];
	size_t m = 0;
	const char *p = digits;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			mant[m++] = *p;
	mant[m] = '\0';
	int exp = atoi(p + 1);
	while (m > 1 && mant[m - 1] == '0')
		mant[--m] = '\0';
	if (neg)
		gz_buf_putc(b, '-');
	if (exp < -4 || exp >= 16) {
		gz_buf_putc(b, mant[0]);
		gz_buf_putc(b, '.');
		gz_buf_puts(b, m > 1 ? mant + 1 : "0");
		gz_buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		gz_buf_puts(b, "0.");
		for (int i = -1; i > exp; i--)
			gz_buf_putc(b, '0');
		gz_buf_puts(b, mant);
	} else {
		for (int i = 0; i <= exp; i++)
			gz_buf_putc(b, i < (int)m ? mant[i] : '0');
		gz_buf_putc(b, '.');
		gz_buf_puts(b, (int)m > exp + 1 ? mant + exp + 1 : "0");
	}
}

static void
inspect(struct gz_buf *b, const struct lq_value *v, int depth)
{
	if (depth > LQ_MAX_NESTING) {
		gz_buf_puts(b, "...");
		return;
	}
	switch (v->kind) {
	case LQ_NIL:
		gz_buf_puts(b, "nil");
		break;
	case LQ_STRING:
		gz_buf_putc(b, '"');
		for (size_t i = 0; i < v->str.len; i++) {
			char c = v->str.s[i];
			if (c == '"' || c == '\\')
				gz_buf_putc(b, '\\');
			if (c == '\n')
				gz_buf_puts(b, "\\n");
			else
				gz_buf_putc(b, c);
		}
		gz_buf_putc(b, '"');
		break;
	case LQ_ARRAY:
	case LQ_HASH:
		gz_buf_putc(b, v->kind == LQ_HASH ? '{' : '[');
		for (size_t i = 0; i < v->c.count; i++) {
			if (i)
				gz_buf_puts(b, ", ");
			if (v->kind == LQ_HASH) {
				struct lq_value key = { .kind = LQ_STRING, .str = { v->c.keys[i],
				    strlen(v->c.keys[i]) } };
				inspect(b, &key, depth + 1);
				gz_buf_puts(b, "=>");
			}
			inspect(b, v->c.items[i], depth + 1);
		}
		gz_buf_putc(b, v->kind == LQ_HASH ? '}' : ']');
		break;
	default:
		lq_to_s(b, v);
	}
}

static void
to_s(struct gz_buf *b, const struct lq_value *v, int depth)
{
	switch (v->kind) {
	case LQ_NIL:
	case LQ_EMPTY:
	case LQ_BLANK:
		break;
	case LQ_BOOL:
		gz_buf_puts(b, v->b ? "true" : "false");
		break;
	case LQ_INT:
		gz_buf_printf(b, "%lld", (long long)v->i);
		break;
	case LQ_FLOAT:
		put_float(b, v->f);
		break;
	case LQ_STRING:
		gz_buf_append(b, v->str.s, v->str.len);
		break;
	case LQ_ARRAY:
		/* Liquid joins an array's items with nothing between them, flattened. */
		for (size_t i = 0; i < v->c.count && depth < LQ_MAX_NESTING; i++)
			to_s(b, v->c.items[i], depth + 1);
		break;
	case LQ_HASH:
		inspect(b, v, depth);
		break;
	case LQ_RANGE:
		gz_buf_printf(b, "%lld..%lld", (long long)v->range.first, (long long)v->range.last);
		break;
	case LQ_TIME:
		gz_time_format(b, v->time, "%Y-%m-%d %H:%M:%S %z");
		break;
	}
}

void
lq_to_s(struct gz_buf *b, const struct lq_value *v)
{
	to_s(b, v, 0);
}

char *
lq_text(const struct lq_value *v, size_t *len)
{
	if (v->kind == LQ_STRING) {
		if (len)
			*len = v->str.len;
		return gz_xstrndup(v->str.s, v->str.len);
	}
	struct gz_buf b = {0};
	if (v->kind == LQ_ARRAY)
		inspect(&b, v, 0);     /* Ruby's Array#to_s, unlike output's join */
	else
		to_s(&b, v, 0);
	gz_buf_append(&b, "", 0);
	return gz_buf_detach(&b, len);
}

bool
lq_truthy(const struct lq_value *v)
{
	return !(v->kind == LQ_NIL || (v->kind == LQ_BOOL && !v->b));
}

/* `x == empty` as Liquid 5 defines it: x.empty? for strings, arrays and
 * hashes.  `x == blank` calls x.blank?, which plain Ruby (and so Liquid and
 * Jekyll) does not define: it is never true. */
static bool
special_equal(const struct lq_value *special, const struct lq_value *v)
{
	if (special->kind == LQ_BLANK)
		return false;
	switch (v->kind) {
	case LQ_STRING:
		return v->str.len == 0;
	case LQ_ARRAY:
	case LQ_HASH:
		return v->c.count == 0;
	default:
		return false;
	}
}

bool
lq_equal(const struct lq_value *a, const struct lq_value *b)
{
	if (a->kind == LQ_EMPTY || a->kind == LQ_BLANK)
		return special_equal(a, b);
	if (b->kind == LQ_EMPTY || b->kind == LQ_BLANK)
		return special_equal(b, a);
	int r;
	if ((a->kind == LQ_INT || a->kind == LQ_FLOAT) && (b->kind == LQ_INT || b->kind == LQ_FLOAT))
		return lq_compare(a, b, &r) && r == 0;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case LQ_NIL:
		return true;
	case LQ_BOOL:
		return a->b == b->b;
	case LQ_STRING:
		return a->str.len == b->str.len && memcmp(a->str.s, b->str.s, a->str.len) == 0;
	case LQ_ARRAY:
	case LQ_HASH:
		if (a->c.count != b->c.count)
			return false;
		for (size_t i = 0; i < a->c.count; i++)
			if ((a->c.keys && strcmp(a->c.keys[i], b->c.keys[i]) != 0) ||
			    !lq_equal(a->c.items[i], b->c.items[i]))
				return false;
		return true;
	case LQ_RANGE:
		return a->range.first == b->range.first && a->range.last == b->range.last;
	case LQ_TIME:
		return a->time.seconds == b->time.seconds;
	default:
		return false;
	}
}

bool
lq_compare(const struct lq_value *a, const struct lq_value *b, int *r)
{
	if (a->kind == LQ_INT && b->kind == LQ_INT) {
		*r = (a->i > b->i) - (a->i < b->i);
		return true;
	}
	if ((a->kind == LQ_INT || a->kind == LQ_FLOAT) && (b->kind == LQ_INT || b->kind == LQ_FLOAT)) {
		double x = a->kind == LQ_INT ? (double)a->i : a->f;
		double y = b->kind == LQ_INT ? (double)b->i : b->f;
		if (isnan(x) || isnan(y))
			return false;
		*r = (x > y) - (x < y);
		return true;
	}
	if (a->kind == LQ_STRING && b->kind == LQ_STRING) {
		size_t n = a->str.len < b->str.len ? a->str.len : b->str.len;
		int c = memcmp(a->str.s, b->str.s, n);
		*r = c ? (c > 0) - (c < 0) : (a->str.len > b->str.len) - (a->str.len < b->str.len);
		return true;
	}
	if (a->kind == LQ_TIME && b->kind == LQ_TIME) {
		*r = (a->time.seconds > b->time.seconds) - (a->time.seconds < b->time.seconds);
		return true;
	}
	return false;
}

bool
lq_number(const struct lq_value *v, int64_t *i, double *f, bool *is_float)
{
	*i = 0, *f = 0, *is_float = false;
	switch (v->kind) {
	case LQ_INT:
		*i = v->i;
		return true;
	case LQ_FLOAT:
		*f = v->f, *is_float = true;
		return true;
	case LQ_STRING: {
		/* Liquid: /\A-?\d+\.\d+\z/ is a float, else to_i (leading digits, or 0). */
		char *s = gz_xstrndup(v->str.s, v->str.len);
		const char *p = s;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *d = p + (*p == '-' || *p == '+');
		const char *e = d;
		while (*e >= '0' && *e <= '9')
			e++;
		if (e > d && *e == '.' && e[1] >= '0' && e[1] <= '9') {
			*f = strtod(p, NULL), *is_float = true;
		} else {
			long long n = e > d ? strtoll(p, NULL, 10) : 0;
			*i = n;
		}
		free(s);
		return true;
	}
	default:
		return false;
	}
}

struct lq_value *
lq_to_array(const struct lq_value *v)
{
	struct lq_value *a = lq_new(LQ_ARRAY);
	switch (v->kind) {
	case LQ_NIL:
		break;
	case LQ_ARRAY:
		for (size_t i = 0; i < v->c.count; i++)
			lq_push(a, lq_ref(v->c.items[i]));
		break;
	case LQ_HASH:
		for (size_t i = 0; i < v->c.count; i++) {
			struct lq_value *pair = lq_new(LQ_ARRAY);
			lq_push(pair, lq_cstr(v->c.keys[i]));
			lq_push(pair, lq_ref(v->c.items[i]));
			lq_push(a, pair);
		}
		break;
	case LQ_RANGE:
		for (int64_t i = v->range.first; i <= v->range.last && a->c.count < LQ_MAX_ITERATIONS; i++)
			lq_push(a, lq_int(i));
		break;
	default:
		lq_push(a, lq_ref((struct lq_value *)v));
	}
	return a;
}

const char *
lq_kind_name(enum lq_kind k)
{
	static const char *const names[] = { "nil", "boolean", "integer", "float", "string",
		"array", "hash", "range", "time", "empty", "blank" };
	return names[k];
}

char *
lq_take_text(struct lq_value *in, size_t *len)
{
	char *s = lq_text(in, len);
	lq_unref(in);
	return s;
}

struct lq_value *
lq_buf_value(struct gz_buf *b)
{
	size_t len;
	gz_buf_append(b, "", 0);
	char *s = gz_buf_detach(b, &len);
	return lq_str_take(s, len);
}

int64_t
lq_to_int(const struct lq_value *v)
{
	int64_t i;
	double f;
	bool fl;
	if (!lq_number(v, &i, &f, &fl))
		return 0;
	return fl ? (int64_t)f : i;
}

const struct lq_filter_def *
lq_filter_in(const struct lq_filter_def *table, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

struct lq_value *
lq_values(struct lq_value *in)
{
	struct lq_value *a = lq_new(LQ_ARRAY);
	if (in->kind == LQ_ARRAY || in->kind == LQ_HASH)
		for (size_t i = 0; i < in->c.count; i++)
			lq_push(a, lq_ref(in->c.items[i]));
	lq_unref(in);
	return a;
}

