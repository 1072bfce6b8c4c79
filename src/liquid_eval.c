/* liquid_eval.c: runs a Liquid syntax tree: variables, conditions, loops and the other
 * standard tags, under limits on iterations, bytes and time. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
lq_fail(struct lq_ctx *cx, const char *fmt, ...)
{
	if (cx->failed)
		return;
	cx->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	gz_error(cx->log, cx->file, cx->line, "%s", msg ? msg : fmt);
	free(msg);
}

double
lq_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Checks the clock every few thousand steps. */
static bool
tick(struct lq_ctx *cx)
{
	if (cx->failed)
		return false;
	if (++cx->steps % 4096 == 0 && lq_now() > cx->deadline) {
		lq_fail(cx, "Liquid: the page took more than %d seconds to render; stopped",
		    LQ_MAX_SECONDS);
		return false;
	}
	return true;
}

bool
lq_charge(struct lq_ctx *cx, size_t n)
{
	cx->bytes += n;
	if (n > LQ_MAX_STRING || cx->bytes > LQ_MAX_BYTES) {
		lq_fail(cx, "Liquid: the page made more than %d MB of text; stopped",
		    (n > LQ_MAX_STRING ? LQ_MAX_STRING : LQ_MAX_BYTES) >> 20);
		return false;
	}
	return tick(cx);
}

/* ---- variables ---- */

static struct lq_value *
find_variable(struct lq_ctx *cx, const char *name, size_t len)
{
	for (size_t i = cx->scope_count; i-- > 0;) {
		struct lq_value *v = lq_get(cx->scopes[i], name, len);
		if (v)
			return v;
	}
	if (len == 4 && memcmp(name, "site", 4) == 0)
		return lq_site(cx);
	return lq_get(cx->counters, name, len);
}

/* Ruby's String#size: characters, not bytes. */
static int64_t
char_count(const char *s, size_t len)
{
	int64_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* v[key] as Liquid looks it up: hash keys, array indices, and the `size`,
 * `first` and `last` a collection answers.  Borrowed or new in *owned. */
static struct lq_value *
lookup(const struct lq_value *v, const struct lq_value *key, struct lq_value **owned)
{
	*owned = NULL;
	const char *k = key->kind == LQ_STRING ? key->str.s : NULL;
	size_t klen = k ? key->str.len : 0;
	bool is = false;
#define KEY(word) (k && klen == sizeof word - 1 && memcmp(k, word, klen) == 0)
	switch (v->kind) {
	case LQ_HASH: {
		struct lq_value *m = k ? lq_get(v, k, klen) : NULL;
		if (!m && key->kind != LQ_STRING) {
			char *t = lq_text(key, &klen);
			m = lq_get(v, t, klen);
			free(t);
		}
		if (m || !KEY("size"))
			return m;
		return *owned = lq_int((int64_t)v->c.count);
	}
	case LQ_ARRAY:
		if (key->kind == LQ_INT || key->kind == LQ_FLOAT) {
			int64_t i = key->kind == LQ_INT ? key->i : (int64_t)key->f;
			if (i < 0)
				i += (int64_t)v->c.count;
			return i >= 0 && i < (int64_t)v->c.count ? v->c.items[i] : NULL;
		}
		if (KEY("size"))
			return *owned = lq_int((int64_t)v->c.count);
		if ((is = KEY("first")) || KEY("last"))
			return v->c.count ? v->c.items[is ? 0 : v->c.count - 1] : NULL;
		return NULL;
	case LQ_STRING:
		if (KEY("size"))
			return *owned = lq_int(char_count(v->str.s, v->str.len));
		return NULL;
	case LQ_RANGE:
		if (KEY("size"))
			return *owned = lq_int(v->range.last >= v->range.first
			    ? v->range.last - v->range.first + 1 : 0);
		if ((is = KEY("first")) || KEY("last"))
			return *owned = lq_int(is ? v->range.first : v->range.last);
		return NULL;
	default:
		return NULL;
	}
#undef KEY
}

/* The site's keys read from its folder on first use. */
struct lq_value *
lq_eval(struct lq_ctx *cx, const struct lq_expr *e, bool *undefined)
{
	if (cx->failed)
		return lq_nil();
	switch (e->kind) {
	case LQ_EX_LITERAL:
		return lq_ref(e->literal);
	case LQ_EX_RANGE: {
		struct lq_value *a = lq_eval(cx, e->first, NULL), *b = lq_eval(cx, e->last, NULL);
		int64_t i[2];
		double f;
		bool fl;
		struct lq_value *ends[2] = { a, b };
		for (int k = 0; k < 2; k++) {
			if (ends[k]->kind == LQ_NIL) {
				i[k] = 0;
			} else if (!lq_number(ends[k], &i[k], &f, &fl)) {
				lq_fail(cx, "Liquid error: invalid integer in a range");
				i[k] = 0;
			} else if (fl) {
				i[k] = (int64_t)f;
			}
		}
		lq_unref(a);
		lq_unref(b);
		struct lq_value *r = lq_new(LQ_RANGE);
		r->range.first = i[0], r->range.last = i[1];
		return r;
	}
	case LQ_EX_VARIABLE:
		break;
	}
	struct lq_value *v, *owned = NULL;
	if (e->root) {
		struct lq_value *k = lq_eval(cx, e->root, NULL);
		char *name = lq_text(k, NULL);
		v = find_variable(cx, name, strlen(name));
		free(name);
		lq_unref(k);
	} else {
		v = find_variable(cx, e->name, e->name_len);
	}
	if (!v && cx->env->bare_names) {
		/* gazette's bodies: a bare name is the page's, else the site's. */
		struct lq_value *page = find_variable(cx, "page", 4);
		v = lookup(page ? page : lq_nil(), &(struct lq_value){ .kind = LQ_STRING,
		    .str = { (char *)(e->name ? e->name : ""), e->name_len } }, &owned);
		if (!v)
			v = lookup(lq_site(cx), &(struct lq_value){ .kind = LQ_STRING,
			    .str = { (char *)(e->name ? e->name : ""), e->name_len } }, &owned);
	}
	bool root_found = v != NULL;
	if (v)
		v = owned ? owned : lq_ref(v);
	if (v && v == cx->site && e->step_count && e->steps[0].key && !cx->collections_loaded
	    && lq_site_list_named(cx, e->steps[0].key, e->steps[0].key_len))
		lq_site_collections(cx);
	for (size_t i = 0; v && i < e->step_count; i++) {
		const struct lq_step *st = &e->steps[i];
		struct lq_value name = { .kind = LQ_STRING };
		struct lq_value *key = &name;
		if (st->key)
			name.str.s = (char *)st->key, name.str.len = st->key_len;
		else
			key = lq_eval(cx, st->index, NULL);
		if (v == cx->site && key->kind == LQ_STRING && key->str.len == 4 &&
		    !memcmp(key->str.s, "data", 4) && !cx->data_loaded)
			lq_site_data(cx);
		struct lq_value *next = lookup(v, key, &owned);
		lq_unref(key);
		next = next ? (owned ? owned : lq_ref(next)) : NULL;
		lq_unref(v);
		v = next;
	}
	if (!v && undefined)
		*undefined = true;
	if (!v && e->step_count && !root_found)
		cx->root_missing = true;
	return v ? v : lq_nil();
}

/* ---- output ---- */

/* The value of a chain: the base expression through each filter. */
static struct lq_value *
eval_chain(struct lq_ctx *cx, const struct lq_chain *ch, bool *undefined)
{
	struct lq_value *v = lq_eval(cx, ch->base, undefined);
	for (size_t i = 0; i < ch->filter_count && !cx->failed; i++) {
		const struct lq_filter *f = &ch->filters[i];
		const struct lq_filter_def *def = lq_find_jekyll_filter(f->name);
		if (!def)
			def = lq_find_filter(f->name);
		if (!def) {
			gz_warn(cx->log, cx->file, cx->line, "Liquid: unknown filter '%s'; the value "
			    "passes through unchanged", f->name);
			continue;
		}
		if ((int)f->arg_count < def->min_args || (int)f->arg_count > def->max_args) {
			lq_fail(cx, "Liquid error: wrong number of arguments to '%s' (given %zu, "
			    "expected %d%s)", f->name, f->arg_count, def->min_args,
			    def->max_args > def->min_args ? " or more" : "");
			break;
		}
		struct lq_value *args[8];
		for (size_t k = 0; k < f->arg_count; k++)
			args[k] = lq_eval(cx, f->args[k], NULL);
		struct lq_value *kw = NULL;
		if (f->kw_count) {
			kw = lq_new(LQ_HASH);
			for (size_t k = 0; k < f->kw_count; k++)
				lq_set(kw, f->kw_names[k], lq_eval(cx, f->kw_args[k], NULL));
		}
		struct lq_value *r = def->fn(cx, v, args, f->arg_count, kw);
		for (size_t k = 0; k < f->arg_count; k++)
			lq_unref(args[k]);
		lq_unref(kw);
		if (!r)
			return lq_nil();
		/* What a filter makes counts against the page's limit: a string's
		 * bytes, an array's slots (concat of an array with itself doubles). */
		size_t made = r->kind == LQ_STRING ? r->str.len
		    : r->kind == LQ_ARRAY ? r->c.count * sizeof r->c.items[0] : 0;
		if (made && !lq_charge(cx, made)) {
			lq_unref(r);
			return lq_nil();
		}
		if (def->html && r->kind == LQ_STRING && r->refs)
			r->html = true;
		v = r;
	}
	return v;
}

static bool
has_default(const struct lq_chain *ch)
{
	for (size_t i = 0; i < ch->filter_count; i++)
		if (!strcmp(ch->filters[i].name, "default"))
			return true;
	return false;
}

/* Counts a use of an undefined variable, to warn once per name at the end. */
static void
note_undefined(struct lq_ctx *cx, const struct lq_expr *e)
{
	/* `release.sha256` when `release` itself is missing counts as `release`. */
	size_t len = e->text ? (cx->root_missing && e->name ? e->name_len : e->text_len) : 1;
	char *name = gz_xstrndup(e->text ? e->text : "?", len);
	for (size_t i = 0; i < cx->undefined_count; i++) {
		struct lq_undefined *u = &cx->undefined[i];
		if (!strcmp(u->name, name) && !strcmp(u->file, cx->file)) {
			free(name);
			u->count++;
			return;
		}
	}
	cx->undefined = gz_xrealloc(cx->undefined, (cx->undefined_count + 1) * sizeof *cx->undefined);
	cx->undefined[cx->undefined_count++] = (struct lq_undefined){ name,
	    gz_xstrdup(cx->file), cx->line, 1 };
}

static void
put_value(struct lq_ctx *cx, const struct lq_value *v, struct gz_buf *out)
{
	size_t before = out->len + out->sent;
	if (cx->template_mode && !(v->kind == LQ_STRING && v->html)) {
		struct gz_buf t = {0};
		lq_to_s(&t, v);
		gz_html_escape(out, t.data ? t.data : "", t.len);
		gz_buf_free(&t);
	} else {
		lq_to_s(out, v);
	}
	lq_charge(cx, out->len + out->sent - before);
}

static void
run_output(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	if (!n->chain)
		return;
	bool undefined = false;
	cx->root_missing = false;
	struct lq_value *v = eval_chain(cx, n->chain, &undefined);
	if (undefined && !has_default(n->chain) && n->chain->base->kind == LQ_EX_VARIABLE)
		note_undefined(cx, n->chain->base);
	put_value(cx, v, out);
	lq_unref(v);
}

/* ---- conditions ---- */

static bool
contains(const struct lq_value *a, const struct lq_value *b)
{
	if (a->kind == LQ_STRING) {
		if (b->kind == LQ_NIL)
			return false;
		char *needle;
		size_t n;
		needle = lq_text(b, &n);
		bool found = n == 0 || (n <= a->str.len && memmem(a->str.s, a->str.len, needle, n));
		free(needle);
		return found;
	}
	if (a->kind == LQ_ARRAY) {
		for (size_t i = 0; i < a->c.count; i++)
			if (lq_equal(a->c.items[i], b))
				return true;
		return false;
	}
	if (a->kind == LQ_HASH && b->kind == LQ_STRING)
		return lq_get(a, b->str.s, b->str.len) != NULL;
	return false;
}

static bool
test_one(struct lq_ctx *cx, const struct lq_cond *k)
{
	struct lq_value *a = lq_eval(cx, k->left, NULL);
	if (k->op == LQ_OP_NONE) {
		bool t = lq_truthy(a);
		lq_unref(a);
		return t;
	}
	struct lq_value *b = lq_eval(cx, k->right, NULL);
	bool result = false;
	int r;
	switch (k->op) {
	case LQ_OP_EQ:
		result = lq_equal(a, b);
		break;
	case LQ_OP_NE:
		result = !lq_equal(a, b);
		break;
	case LQ_OP_CONTAINS:
		result = contains(a, b);
		break;
	default:
		if (a->kind == LQ_NIL || b->kind == LQ_NIL || a->kind == LQ_HASH || b->kind == LQ_HASH
		    || a->kind == LQ_BOOL || b->kind == LQ_BOOL || a->kind == LQ_EMPTY
		    || a->kind == LQ_BLANK || b->kind == LQ_EMPTY || b->kind == LQ_BLANK)
			break;
		if (!lq_compare(a, b, &r)) {
			lq_fail(cx, "Liquid error: comparison of %s with %s failed",
			    lq_kind_name(a->kind), lq_kind_name(b->kind));
			break;
		}
		result = k->op == LQ_OP_LT ? r < 0 : k->op == LQ_OP_GT ? r > 0
		    : k->op == LQ_OP_LE ? r <= 0 : r >= 0;
	}
	lq_unref(a);
	lq_unref(b);
	return result;
}

/* `a and b or c` is `a and (b or c)`: Liquid groups from the right. */
bool
lq_test(struct lq_ctx *cx, const struct lq_cond *k)
{
	bool t = test_one(cx, k);
	if (!k->next)
		return t;
	return k->and_next ? t && lq_test(cx, k->next) : t || lq_test(cx, k->next);
}

/* ---- loops ---- */

void
lq_push_scope(struct lq_ctx *cx)
{
	if (cx->scope_count == cx->scope_cap) {
		cx->scope_cap = cx->scope_cap ? cx->scope_cap * 2 : 8;
		cx->scopes = gz_xrealloc(cx->scopes, cx->scope_cap * sizeof *cx->scopes);
	}
	cx->scopes[cx->scope_count++] = lq_new(LQ_HASH);
}

void
lq_pop_scope(struct lq_ctx *cx)
{
	lq_unref(cx->scopes[--cx->scope_count]);
}

static int64_t
int_of(struct lq_ctx *cx, const struct lq_expr *e, int64_t dflt)
{
	if (!e)
		return dflt;
	struct lq_value *v = lq_eval(cx, e, NULL);
	int64_t i;
	double f;
	bool fl;
	if (v->kind == LQ_NIL || !lq_number(v, &i, &f, &fl))
		i = dflt;
	else if (fl)
		i = (int64_t)f;
	lq_unref(v);
	return i;
}

/* hash[key] = i, changing the integer in place when nothing else holds it. */
static void
set_int(struct lq_value *hash, const char *key, int64_t i)
{
	struct lq_value *v = lq_get(hash, key, strlen(key));
	if (v && v->kind == LQ_INT && v->refs == 1)
		v->i = i;
	else
		lq_set(hash, key, lq_int(i));
}

static void
run_for(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct lq_value *coll = lq_eval(cx, n->expr, NULL);
	int64_t from = int_of(cx, n->offset, 0), limit = int_of(cx, n->limit, -1);
	int64_t total;
	if (coll->kind == LQ_RANGE)
		total = coll->range.last >= coll->range.first
		    ? coll->range.last - coll->range.first + 1 : 0;
	else if (coll->kind == LQ_ARRAY || coll->kind == LQ_HASH)
		total = (int64_t)coll->c.count;
	else
		total = coll->kind == LQ_STRING ? coll->str.len > 0 : 0;
	if (from < 0)
		from = 0;
	int64_t to = limit < 0 ? total : from + limit;
	if (to > total)
		to = total;
	int64_t length = to > from ? to - from : 0;
	struct lq_value *pairs = coll->kind == LQ_HASH ? lq_to_array(coll) : NULL;
	const struct lq_value *parent = NULL;
	for (size_t i = cx->scope_count; i-- > 0 && !parent;)
		parent = lq_get(cx->scopes[i], "forloop", 7);
	if (!length)
		lq_render(cx, n->else_body, out);
	/* One scope for the whole loop, as Liquid has; forloop is updated in place
	 * unless a variable kept it. */
	lq_push_scope(cx);
	struct lq_value *scope = cx->scopes[cx->scope_count - 1], *loop = NULL;
	for (int64_t k = 0; k < length && !cx->failed; k++) {
		if (++cx->iterations > LQ_MAX_ITERATIONS) {
			lq_fail(cx, "Liquid: more than %d loop iterations; stopped", LQ_MAX_ITERATIONS);
			break;
		}
		int64_t at = n->reversed ? to - 1 - k : from + k;
		struct lq_value *item;
		if (coll->kind == LQ_RANGE)
			item = lq_int(coll->range.first + at);
		else if (coll->kind == LQ_STRING)
			item = lq_ref(coll);
		else
			item = lq_ref((pairs ? pairs : coll)->c.items[at]);
		if (!loop || loop->refs > 2) {
			lq_unref(loop);
			loop = lq_new(LQ_HASH);
			char *name = gz_xasprintf("%s-%.*s", n->text, (int)n->expr->text_len,
			    n->expr->text ? n->expr->text : "");
			lq_set(loop, "name", lq_str_take(name, strlen(name)));
			lq_set(loop, "length", lq_int(length));
			lq_set(loop, "parentloop", parent ? lq_ref((struct lq_value *)parent) : lq_nil());
			lq_set(scope, "forloop", lq_ref(loop));
		}
		set_int(loop, "index", k + 1);
		set_int(loop, "index0", k);
		set_int(loop, "rindex", length - k);
		set_int(loop, "rindex0", length - k - 1);
		lq_set(loop, "first", lq_bool(k == 0));
		lq_set(loop, "last", lq_bool(k == length - 1));
		lq_set(scope, n->text, item);
		lq_render(cx, n->body, out);
		if (cx->interrupt == LQ_STOP_BREAK) {
			cx->interrupt = LQ_RUN;
			break;
		}
		cx->interrupt = LQ_RUN;
	}
	lq_unref(loop);
	lq_pop_scope(cx);
	lq_unref(pairs);
	lq_unref(coll);
}

/* ---- the other tags ---- */

static void
assign(struct lq_ctx *cx, const char *name, struct lq_value *v)
{
	lq_set(cx->scopes[0], name, v);
}

static void
run_case(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct lq_value *subject = lq_eval(cx, n->expr, NULL);
	bool matched = false;
	for (const struct lq_branch *b = n->branches; b && !cx->failed; b = b->next) {
		if (!b->values) {
			if (!matched)
				lq_render(cx, b->body, out);
			continue;
		}
		for (size_t i = 0; i < b->value_count; i++) {
			struct lq_value *v = lq_eval(cx, b->values[i], NULL);
			bool eq = lq_equal(subject, v);
			lq_unref(v);
			if (eq) {
				matched = true;
				lq_render(cx, b->body, out);
				break;
			}
		}
	}
	lq_unref(subject);
}

static void
run_cycle(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct gz_buf key = {0};
	if (n->expr) {
		struct lq_value *g = lq_eval(cx, n->expr, NULL);
		lq_to_s(&key, g);
		lq_unref(g);
	} else {
		for (size_t i = 0; i < n->value_count; i++) {
			const struct lq_expr *e = n->values[i];
			gz_buf_putc(&key, '\x1f');
			if (e->kind == LQ_EX_LITERAL)
				lq_to_s(&key, e->literal);
			else
				gz_buf_append(&key, e->text ? e->text : "", e->text_len);
		}
	}
	gz_buf_putc(&key, '\0');
	struct lq_value *at = lq_get(cx->cycles, key.data, strlen(key.data));
	int64_t i = at ? at->i : 0;
	struct lq_value *v = lq_eval(cx, n->values[i % (int64_t)n->value_count], NULL);
	put_value(cx, v, out);
	lq_unref(v);
	lq_set(cx->cycles, key.data, lq_int((i + 1) % (int64_t)n->value_count));
	gz_buf_free(&key);
}

static void
run_counter(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct lq_value *v = lq_get(cx->counters, n->text, strlen(n->text));
	int64_t i = v && v->kind == LQ_INT ? v->i : 0;
	if (n->kind == LQ_DECREMENT)
		i--;
	gz_buf_printf(out, "%lld", (long long)i);
	lq_set(cx->counters, n->text, lq_int(n->kind == LQ_INCREMENT ? i + 1 : i));
}

/*
 * Most pages that hold Liquid hold only outputs (a base URL in a link), and
 * are as large as the page: rendering them into a new buffer touched as much
 * fresh memory again, a tenth of the time of a 10 MB page.  So the outputs
 * are evaluated first, all of them, and when the text before each piece of
 * text is no longer than the source before it, the pieces move left over
 * the tags in the source's own buffer; otherwise they are joined in `out`.
 * Evaluating first keeps page.content (the source, borrowed) intact while it
 * can be read, and each output is evaluated once either way.
 */
bool
lq_render_flat(struct lq_ctx *cx, const struct lq_node *first, char *src, size_t len,
    struct gz_buf *out, size_t *in_place)
{
	size_t outputs = 0;
	for (const struct lq_node *n = first; n; n = n->next) {
		if (n->kind == LQ_OUTPUT)
			outputs++;
		else if (n->kind != LQ_TEXT)
			return false;
	}
	struct gz_buf values = {0};
	size_t *ends = gz_xmalloc((outputs + 1) * sizeof *ends);
	size_t k = 0, w = 0;
	bool fits = true;
	for (const struct lq_node *n = first; n && !cx->failed; n = n->next) {
		cx->line = n->line;
		if (!tick(cx))
			break;
		if (n->kind == LQ_OUTPUT) {
			size_t before = values.len;
			run_output(cx, n, &values);
			ends[k++] = values.len;
			w += values.len - before;
		} else if (lq_charge(cx, n->len)) {
			fits = fits && n->raw >= src && n->raw + n->len <= src + len
			    && w <= (size_t)(n->raw - src);
			w += n->len;
		}
	}
	fits = fits && w <= len;
	*in_place = SIZE_MAX;
	if (!cx->failed) {
		size_t at = 0;
		k = 0;
		for (const struct lq_node *n = first; n; n = n->next) {
			const char *piece = n->raw;
			size_t piece_len = n->len;
			if (n->kind == LQ_OUTPUT) {
				size_t from = k ? ends[k - 1] : 0;
				piece_len = ends[k++] - from;
				piece = piece_len ? values.data + from : NULL;
			}
			if (piece_len == 0)
				continue;
			if (fits)
				memmove(src + at, piece, piece_len);
			else
				gz_buf_append(out, piece, piece_len);
			at += piece_len;
		}
		if (fits) {
			src[at] = '\0';
			*in_place = at;
		}
	}
	free(ends);
	gz_buf_free(&values);
	return true;
}

bool
lq_render(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	for (; n && !cx->failed && cx->interrupt == LQ_RUN; n = n->next) {
		cx->line = n->line;
		if (!tick(cx))
			break;
		switch (n->kind) {
		case LQ_TEXT:
			if (lq_charge(cx, n->len))
				gz_buf_append(out, n->raw, n->len);
			break;
		case LQ_OUTPUT:
		case LQ_ECHO:
			run_output(cx, n, out);
			break;
		case LQ_ASSIGN:
			assign(cx, n->text, eval_chain(cx, n->chain, NULL));
			break;
		case LQ_CAPTURE: {
			struct gz_buf b = {0};
			gz_buf_append(&b, "", 0);
			lq_render(cx, n->body, &b);
			size_t len;
			char *s = gz_buf_detach(&b, &len);
			assign(cx, n->text, lq_str_take(s, len));
			break;
		}
		case LQ_INCREMENT:
		case LQ_DECREMENT:
			run_counter(cx, n, out);
			break;
		case LQ_IF:
		case LQ_UNLESS:
			for (const struct lq_branch *b = n->branches; b; b = b->next) {
				bool yes = !b->cond || lq_test(cx, b->cond);
				if (n->kind == LQ_UNLESS && b == n->branches)
					yes = !yes;
				if (cx->failed)
					break;
				if (yes) {
					lq_render(cx, b->body, out);
					break;
				}
			}
			break;
		case LQ_CASE:
			run_case(cx, n, out);
			break;
		case LQ_FOR:
			run_for(cx, n, out);
			break;
		case LQ_BREAK:
			cx->interrupt = LQ_STOP_BREAK;
			break;
		case LQ_CONTINUE:
			cx->interrupt = LQ_STOP_CONTINUE;
			break;
		case LQ_CYCLE:
			run_cycle(cx, n, out);
			break;
		case LQ_HIGHLIGHT:
			lq_run_highlight(cx, n, out);
			break;
		case LQ_INCLUDE:
		case LQ_LINK:
		case LQ_POST_URL:
			lq_jekyll_tag(cx, n, out);
			break;
		case LQ_PLUGIN:
			lq_plugin_tag(cx, n, out);
			break;
		case LQ_TABLEROW:
			lq_run_tablerow(cx, n, out);
			break;
		}
	}
	return !cx->failed;
}

