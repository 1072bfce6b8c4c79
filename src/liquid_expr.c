/* liquid_expr.c: Liquid expressions: literals, ranges, variables with `.key` and `[index]`,
 * filter chains, conditions with and/or; the cursor over a tag's markup. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
lq_parse_fail(struct parser *p, unsigned line, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	gz_error(p->log, p->name, line, "%s", msg ? msg : fmt);
	free(msg);
}

bool
lq_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool
lq_is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || (unsigned char)c >= 0x80;
}

void
lq_skip(struct cur *c)
{
	while (c->s < c->end && lq_is_space(*c->s))
		c->s++;
}

bool
lq_at_end(struct cur *c)
{
	lq_skip(c);
	return c->s >= c->end;
}

/* Consumes `tok` (a punctuation string) when it comes next. */
bool
lq_eat(struct cur *c, const char *tok)
{
	lq_skip(c);
	size_t n = strlen(tok);
	if ((size_t)(c->end - c->s) >= n && memcmp(c->s, tok, n) == 0) {
		c->s += n;
		return true;
	}
	return false;
}

/* An identifier: a letter or `_`, then letters, digits, `_`, `-`, and a final `?`. */
size_t
lq_ident_len(const struct cur *c)
{
	const char *s = c->s;
	if (s >= c->end || !(lq_is_word(*s) && !(*s >= '0' && *s <= '9') && *s != '-'))
		return 0;
	while (s < c->end && lq_is_word(*s))
		s++;
	if (s < c->end && *s == '?')
		s++;
	return (size_t)(s - c->s);
}

/* An identifier borrowed from the source; its length in *len (0: none). */
const char *
lq_ident_span(struct cur *c, size_t *len)
{
	lq_skip(c);
	*len = lq_ident_len(c);
	const char *id = c->s;
	c->s += *len;
	return *len ? id : NULL;
}

char *
lq_ident(struct cur *c)
{
	lq_skip(c);
	size_t n = lq_ident_len(c);
	if (!n)
		return NULL;
	char *id = gz_xstrndup(c->s, n);
	c->s += n;
	return id;
}

/* Is the next word `w` (as a whole word)? Consumes it when so. */
bool
lq_eat_word(struct cur *c, const char *w)
{
	lq_skip(c);
	size_t n = strlen(w);
	if ((size_t)(c->end - c->s) >= n && memcmp(c->s, w, n) == 0 &&
	    (c->s + n == c->end || !lq_is_word(c->s[n]))) {
		c->s += n;
		return true;
	}
	return false;
}

void
lq_syntax(struct cur *c, const char *what)
{
	lq_skip(c);
	if (c->s >= c->end)
		lq_parse_fail(c->p, c->line, "Liquid syntax error: %s, at the end of the tag", what);
	else
		lq_parse_fail(c->p, c->line, "Liquid syntax error: %s at '%.*s'", what,
		    (int)(c->end - c->s > 30 ? 30 : c->end - c->s), c->s);
}

void
lq_expr_free(struct lq_expr *e)
{
	if (!e)
		return;
	lq_unref(e->literal);
	lq_expr_free(e->root);
	for (size_t i = 0; i < e->step_count; i++)
		lq_expr_free(e->steps[i].index);
	free(e->steps);
	lq_expr_free(e->first);
	lq_expr_free(e->last);
	free(e);
}


static struct lq_expr *
literal(struct lq_value *v)
{
	struct lq_expr *e = gz_xcalloc(1, sizeof *e);
	e->kind = LQ_EX_LITERAL;
	e->literal = v;
	return e;
}

static struct lq_expr *
parse_number(struct cur *c)
{
	const char *s = c->s, *start = s;
	if (*s == '-')
		s++;
	while (s < c->end && *s >= '0' && *s <= '9')
		s++;
	bool is_float = false;
	if (s + 1 < c->end && *s == '.' && s[1] >= '0' && s[1] <= '9') {
		is_float = true;
		s++;
		while (s < c->end && *s >= '0' && *s <= '9')
			s++;
	}
	char *num = gz_xstrndup(start, (size_t)(s - start));
	c->s = s;
	struct lq_expr *e = literal(is_float ? lq_float(strtod(num, NULL))
	    : lq_int(strtoll(num, NULL, 10)));
	free(num);
	return e;
}

/* `.key` and `[expr]` after a variable's root. */
static bool
parse_steps(struct cur *c, struct lq_expr *e)
{
	for (;;) {
		struct lq_step st = {0};
		if (c->s < c->end && *c->s == '.' && !(c->s + 1 < c->end && c->s[1] == '.')) {
			c->s++;
			st.key = lq_ident_span(c, &st.key_len);
			if (!st.key) {
				lq_syntax(c, "a name expected after '.'");
				return false;
			}
		} else if (c->s < c->end && *c->s == '[') {
			c->s++;
			st.index = lq_parse_expr(c);
			if (!st.index || !lq_eat(c, "]")) {
				lq_expr_free(st.index);
				lq_syntax(c, "']' expected");
				return false;
			}
		} else {
			return true;
		}
		e->steps = gz_xrealloc(e->steps, (e->step_count + 1) * sizeof *e->steps);
		e->steps[e->step_count++] = st;
	}
}

/* A literal, a range `(a..b)`, or a variable `a.b[c]`. */
struct lq_expr *
lq_parse_expr(struct cur *c)
{
	lq_skip(c);
	if (c->s >= c->end) {
		lq_syntax(c, "a value expected");
		return NULL;
	}
	if (++c->depth > LQ_MAX_NESTING) {
		lq_parse_fail(c->p, c->line, "Liquid syntax error: nesting too deep");
		return NULL;
	}
	const char *start = c->s;
	char ch = *c->s;
	struct lq_expr *e = NULL;
	if (ch == '"' || ch == '\'') {
		const char *q = memchr(c->s + 1, ch, (size_t)(c->end - c->s - 1));
		if (!q) {
			lq_syntax(c, "unterminated string");
			goto out;
		}
		e = literal(lq_str(c->s + 1, (size_t)(q - c->s - 1)));
		c->s = q + 1;
	} else if ((ch >= '0' && ch <= '9') || (ch == '-' && c->s + 1 < c->end &&
	    c->s[1] >= '0' && c->s[1] <= '9')) {
		e = parse_number(c);
	} else if (ch == '(') {
		c->s++;
		struct lq_expr *a = lq_parse_expr(c);
		struct lq_expr *b = a && lq_eat(c, "..") ? lq_parse_expr(c) : NULL;
		if (!b || !lq_eat(c, ")")) {
			lq_expr_free(a);
			lq_expr_free(b);
			lq_syntax(c, "a range (a..b) expected");
			goto out;
		}
		e = gz_xcalloc(1, sizeof *e);
		e->kind = LQ_EX_RANGE;
		e->first = a, e->last = b;
	} else {
		e = gz_xcalloc(1, sizeof *e);
		e->kind = LQ_EX_VARIABLE;
		if (ch == '[') {
			c->s++;
			e->root = lq_parse_expr(c);
			if (!e->root || !lq_eat(c, "]")) {
				lq_syntax(c, "']' expected");
				lq_expr_free(e);
				e = NULL;
				goto out;
			}
		} else {
			e->name = lq_ident_span(c, &e->name_len);
			if (!e->name) {
				lq_syntax(c, "unexpected character");
				lq_expr_free(e);
				e = NULL;
				goto out;
			}
		}
		if (!parse_steps(c, e)) {
			lq_expr_free(e);
			e = NULL;
			goto out;
		}
		if (e->name && !e->step_count) {
			static const struct { const char *w; enum lq_kind k; bool b; } words[] = {
				{ "nil", LQ_NIL, 0 }, { "null", LQ_NIL, 0 }, { "true", LQ_BOOL, 1 },
				{ "false", LQ_BOOL, 0 }, { "empty", LQ_EMPTY, 0 }, { "blank", LQ_BLANK, 0 },
			};
			for (size_t i = 0; i < GZ_ARRAY_LEN(words); i++) {
				if (e->name_len != strlen(words[i].w) ||
				    memcmp(e->name, words[i].w, e->name_len) != 0)
					continue;
				struct lq_value *v = words[i].k == LQ_NIL ? lq_nil()
				    : words[i].k == LQ_BOOL ? lq_bool(words[i].b) : lq_new(words[i].k);
				lq_expr_free(e);
				e = literal(v);
				break;
			}
		}
		if (e->kind == LQ_EX_VARIABLE) {
			e->text = start;
			e->text_len = (size_t)(c->s - start);
		}
	}
out:
	c->depth--;
	return e;
}

void
lq_chain_free(struct lq_chain *ch)
{
	if (!ch)
		return;
	lq_expr_free(ch->base);
	for (size_t i = 0; i < ch->filter_count; i++) {
		struct lq_filter *f = &ch->filters[i];
		free(f->name);
		for (size_t k = 0; k < f->arg_count; k++)
			lq_expr_free(f->args[k]);
		for (size_t k = 0; k < f->kw_count; k++) {
			free(f->kw_names[k]);
			lq_expr_free(f->kw_args[k]);
		}
		free(f->args);
		free(f->kw_names);
		free(f->kw_args);
	}
	free(ch->filters);
	free(ch);
}

/* `expr | filter: arg, key: arg | ...` up to the end of the markup. */
struct lq_chain *
lq_parse_chain(struct cur *c)
{
	struct lq_chain *ch = gz_xcalloc(1, sizeof *ch);
	ch->base = lq_parse_expr(c);
	if (!ch->base)
		goto bad;
	while (lq_eat(c, "|")) {
		struct lq_filter f = {0};
		f.name = lq_ident(c);
		ch->filters = gz_xrealloc(ch->filters, (ch->filter_count + 1) * sizeof *ch->filters);
		ch->filters[ch->filter_count++] = f;
		struct lq_filter *fp = &ch->filters[ch->filter_count - 1];
		if (!fp->name) {
			lq_syntax(c, "a filter name expected after '|'");
			goto bad;
		}
		if (!lq_eat(c, ":"))
			continue;
		do {
			lq_skip(c);
			size_t n = lq_ident_len(c);
			const char *after = c->s + n;
			while (after < c->end && lq_is_space(*after))
				after++;
			if (n && after < c->end && *after == ':') {
				fp->kw_names = gz_xrealloc(fp->kw_names, (fp->kw_count + 1) * sizeof(char *));
				fp->kw_args = gz_xrealloc(fp->kw_args, (fp->kw_count + 1) * sizeof(void *));
				fp->kw_names[fp->kw_count] = gz_xstrndup(c->s, n);
				c->s = after + 1;
				fp->kw_args[fp->kw_count++] = lq_parse_expr(c);
				if (!fp->kw_args[fp->kw_count - 1])
					goto bad;
			} else {
				fp->args = gz_xrealloc(fp->args, (fp->arg_count + 1) * sizeof(void *));
				fp->args[fp->arg_count++] = lq_parse_expr(c);
				if (!fp->args[fp->arg_count - 1])
					goto bad;
			}
		} while (lq_eat(c, ","));
	}
	if (!lq_at_end(c)) {
		lq_syntax(c, "unexpected text");
		goto bad;
	}
	return ch;
bad:
	lq_chain_free(ch);
	return NULL;
}

void
lq_cond_free(struct lq_cond *k)
{
	while (k) {
		struct lq_cond *next = k->next;
		lq_expr_free(k->left);
		lq_expr_free(k->right);
		free(k);
		k = next;
	}
}

struct lq_cond *
lq_parse_cond_at(struct cur *c)
{
	static const struct { const char *tok; enum lq_op op; } ops[] = {
		{ "==", LQ_OP_EQ }, { "!=", LQ_OP_NE }, { "<>", LQ_OP_NE }, { "<=", LQ_OP_LE },
		{ ">=", LQ_OP_GE }, { "<", LQ_OP_LT }, { ">", LQ_OP_GT },
	};
	struct lq_cond *first = NULL, **tail = &first;
	for (;;) {
		struct lq_cond *k = gz_xcalloc(1, sizeof *k);
		*tail = k;
		tail = &k->next;
		k->left = lq_parse_expr(c);
		if (!k->left)
			goto bad;
		for (size_t i = 0; i < GZ_ARRAY_LEN(ops) && !k->op; i++)
			if (lq_eat(c, ops[i].tok))
				k->op = ops[i].op;
		if (!k->op && lq_eat_word(c, "contains"))
			k->op = LQ_OP_CONTAINS;
		if (k->op && !(k->right = lq_parse_expr(c)))
			goto bad;
		if (lq_eat_word(c, "and"))
			k->and_next = true;
		else if (!lq_eat_word(c, "or"))
			break;
	}
	if (!lq_at_end(c)) {
		lq_syntax(c, "unexpected text in a condition");
		goto bad;
	}
	return first;
bad:
	lq_cond_free(first);
	return NULL;
}

struct lq_cond *
lq_parse_cond(struct lq_ctx *cx, const char *text, size_t len)
{
	struct parser p = { .name = cx->file, .text = text, .len = len, .line = cx->line,
	    .log = cx->log };
	struct cur c = { .p = &p, .s = text, .end = text + len, .line = cx->line };
	struct lq_cond *k = lq_parse_cond_at(&c);
	if (!k)
		cx->failed = true;
	return k;
}
