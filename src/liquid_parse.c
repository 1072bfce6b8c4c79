/* liquid_parse.c: Liquid source to a syntax tree: text, {{ output }} and {% tags %}
 * with whitespace control, expressions with filters, conditions. */
#define _GNU_SOURCE     /* memmem, vasprintf, qsort_r */
#include "liquid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *name;
	const char *text;
	size_t len, pos;
	unsigned line;          /* at text[pos] */
	struct gz_log *log;
	bool failed;
	bool strip_next;        /* the last tag ended with `-%}` or `-}}` */
	unsigned depth;
	bool warned_open;
};

/* A cursor over one tag's markup. */
struct cur {
	struct parser *p;
	const char *s, *end;
	unsigned line;
	unsigned depth;
};

static void
fail(struct parser *p, unsigned line, const char *fmt, ...)
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

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-' || (unsigned char)c >= 0x80;
}

static void
skip(struct cur *c)
{
	while (c->s < c->end && is_space(*c->s))
		c->s++;
}

static bool
at_end(struct cur *c)
{
	skip(c);
	return c->s >= c->end;
}

/* Consumes `tok` (a punctuation string) when it comes next. */
static bool
eat(struct cur *c, const char *tok)
{
	skip(c);
	size_t n = strlen(tok);
	if ((size_t)(c->end - c->s) >= n && memcmp(c->s, tok, n) == 0) {
		c->s += n;
		return true;
	}
	return false;
}

/* An identifier: a letter or `_`, then letters, digits, `_`, `-`, and a final `?`. */
static size_t
ident_len(const struct cur *c)
{
	const char *s = c->s;
	if (s >= c->end || !(is_word(*s) && !(*s >= '0' && *s <= '9') && *s != '-'))
		return 0;
	while (s < c->end && is_word(*s))
		s++;
	if (s < c->end && *s == '?')
		s++;
	return (size_t)(s - c->s);
}

/* An identifier borrowed from the source; its length in *len (0: none). */
static const char *
ident_span(struct cur *c, size_t *len)
{
	skip(c);
	*len = ident_len(c);
	const char *id = c->s;
	c->s += *len;
	return *len ? id : NULL;
}

static char *
ident(struct cur *c)
{
	skip(c);
	size_t n = ident_len(c);
	if (!n)
		return NULL;
	char *id = gz_xstrndup(c->s, n);
	c->s += n;
	return id;
}

/* Is the next word `w` (as a whole word)? Consumes it when so. */
static bool
eat_word(struct cur *c, const char *w)
{
	skip(c);
	size_t n = strlen(w);
	if ((size_t)(c->end - c->s) >= n && memcmp(c->s, w, n) == 0 &&
	    (c->s + n == c->end || !is_word(c->s[n]))) {
		c->s += n;
		return true;
	}
	return false;
}

static void
syntax(struct cur *c, const char *what)
{
	skip(c);
	if (c->s >= c->end)
		fail(c->p, c->line, "Liquid syntax error: %s, at the end of the tag", what);
	else
		fail(c->p, c->line, "Liquid syntax error: %s at '%.*s'", what,
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

static struct lq_expr *parse_expr(struct cur *c);

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
			st.key = ident_span(c, &st.key_len);
			if (!st.key) {
				syntax(c, "a name expected after '.'");
				return false;
			}
		} else if (c->s < c->end && *c->s == '[') {
			c->s++;
			st.index = parse_expr(c);
			if (!st.index || !eat(c, "]")) {
				lq_expr_free(st.index);
				syntax(c, "']' expected");
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
static struct lq_expr *
parse_expr(struct cur *c)
{
	skip(c);
	if (c->s >= c->end) {
		syntax(c, "a value expected");
		return NULL;
	}
	if (++c->depth > LQ_MAX_NESTING) {
		fail(c->p, c->line, "Liquid syntax error: nesting too deep");
		return NULL;
	}
	const char *start = c->s;
	char ch = *c->s;
	struct lq_expr *e = NULL;
	if (ch == '"' || ch == '\'') {
		const char *q = memchr(c->s + 1, ch, (size_t)(c->end - c->s - 1));
		if (!q) {
			syntax(c, "unterminated string");
			goto out;
		}
		e = literal(lq_str(c->s + 1, (size_t)(q - c->s - 1)));
		c->s = q + 1;
	} else if ((ch >= '0' && ch <= '9') || (ch == '-' && c->s + 1 < c->end &&
	    c->s[1] >= '0' && c->s[1] <= '9')) {
		e = parse_number(c);
	} else if (ch == '(') {
		c->s++;
		struct lq_expr *a = parse_expr(c);
		struct lq_expr *b = a && eat(c, "..") ? parse_expr(c) : NULL;
		if (!b || !eat(c, ")")) {
			lq_expr_free(a);
			lq_expr_free(b);
			syntax(c, "a range (a..b) expected");
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
			e->root = parse_expr(c);
			if (!e->root || !eat(c, "]")) {
				syntax(c, "']' expected");
				lq_expr_free(e);
				e = NULL;
				goto out;
			}
		} else {
			e->name = ident_span(c, &e->name_len);
			if (!e->name) {
				syntax(c, "unexpected character");
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

static void
chain_free(struct lq_chain *ch)
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
static struct lq_chain *
parse_chain(struct cur *c)
{
	struct lq_chain *ch = gz_xcalloc(1, sizeof *ch);
	ch->base = parse_expr(c);
	if (!ch->base)
		goto bad;
	while (eat(c, "|")) {
		struct lq_filter f = {0};
		f.name = ident(c);
		ch->filters = gz_xrealloc(ch->filters, (ch->filter_count + 1) * sizeof *ch->filters);
		ch->filters[ch->filter_count++] = f;
		struct lq_filter *fp = &ch->filters[ch->filter_count - 1];
		if (!fp->name) {
			syntax(c, "a filter name expected after '|'");
			goto bad;
		}
		if (!eat(c, ":"))
			continue;
		do {
			skip(c);
			size_t n = ident_len(c);
			const char *after = c->s + n;
			while (after < c->end && is_space(*after))
				after++;
			if (n && after < c->end && *after == ':') {
				fp->kw_names = gz_xrealloc(fp->kw_names, (fp->kw_count + 1) * sizeof(char *));
				fp->kw_args = gz_xrealloc(fp->kw_args, (fp->kw_count + 1) * sizeof(void *));
				fp->kw_names[fp->kw_count] = gz_xstrndup(c->s, n);
				c->s = after + 1;
				fp->kw_args[fp->kw_count++] = parse_expr(c);
				if (!fp->kw_args[fp->kw_count - 1])
					goto bad;
			} else {
				fp->args = gz_xrealloc(fp->args, (fp->arg_count + 1) * sizeof(void *));
				fp->args[fp->arg_count++] = parse_expr(c);
				if (!fp->args[fp->arg_count - 1])
					goto bad;
			}
		} while (eat(c, ","));
	}
	if (!at_end(c)) {
		syntax(c, "unexpected text");
		goto bad;
	}
	return ch;
bad:
	chain_free(ch);
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

static struct lq_cond *
parse_cond(struct cur *c)
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
		k->left = parse_expr(c);
		if (!k->left)
			goto bad;
		for (size_t i = 0; i < GZ_ARRAY_LEN(ops) && !k->op; i++)
			if (eat(c, ops[i].tok))
				k->op = ops[i].op;
		if (!k->op && eat_word(c, "contains"))
			k->op = LQ_OP_CONTAINS;
		if (k->op && !(k->right = parse_expr(c)))
			goto bad;
		if (eat_word(c, "and"))
			k->and_next = true;
		else if (!eat_word(c, "or"))
			break;
	}
	if (!at_end(c)) {
		syntax(c, "unexpected text in a condition");
		goto bad;
	}
	return first;
bad:
	lq_cond_free(first);
	return NULL;
}

/* ---- tags ---- */

static void
node_free(struct lq_node *n)
{
	while (n) {
		struct lq_node *next = n->next;
		free(n->text);
		chain_free(n->chain);
		node_free(n->body);
		node_free(n->else_body);
		for (struct lq_branch *b = n->branches, *bn; b; b = bn) {
			bn = b->next;
			lq_cond_free(b->cond);
			for (size_t i = 0; i < b->value_count; i++)
				lq_expr_free(b->values[i]);
			free(b->values);
			node_free(b->body);
			free(b);
		}
		lq_expr_free(n->expr);
		lq_expr_free(n->limit);
		lq_expr_free(n->offset);
		for (size_t i = 0; i < n->value_count; i++)
			lq_expr_free(n->values[i]);
		free(n->values);
		for (size_t i = 0; i < n->param_count; i++) {
			free(n->params[i].name);
			lq_expr_free(n->params[i].value);
		}
		free(n->params);
		free(n);
		n = next;
	}
}

void
lq_template_free(struct lq_template *t)
{
	if (!t)
		return;
	node_free(t->first);
	free(t->name);
	free(t);
}

/* One lexical token of the template. */
struct token {
	enum { TOK_EOF, TOK_TEXT, TOK_OUTPUT, TOK_TAG } kind;
	const char *s;          /* TEXT: the text; OUTPUT, TAG: the markup inside */
	size_t len;
	unsigned line;
	char *tag;              /* TAG: its name */
	const char *markup;     /* TAG: after the name */
	size_t markup_len;
};

static void
count_lines(struct parser *p, size_t upto)
{
	for (const char *s = p->text + p->pos, *e = p->text + upto;
	    (s = memchr(s, '\n', (size_t)(e - s))); s++)
		p->line++;
	p->pos = upto;
}

/* The next token; text is cut before `{{`/`{%` and stripped by `-` markers. */
static struct token
next_token(struct parser *p)
{
	struct token t = { .line = p->line };
	if (p->pos >= p->len)
		return t;
	const char *s = p->text + p->pos, *end = p->text + p->len;
	const char *open = s;
	while ((open = memchr(open, '{', (size_t)(end - open))) &&
	    !(open + 1 < end && (open[1] == '{' || open[1] == '%')))
		open++;
	if (open) {
		const char *close = NULL;
		const char *pat = open[1] == '{' ? "}}" : "%}";
		for (const char *q = open + 2; q + 1 < end && !close; q++) {
			q = memchr(q, pat[0], (size_t)(end - q));
			if (!q || q + 1 >= end)
				break;
			if (q[1] == pat[1])
				close = q;
		}
		if (!close) {
			if (!p->warned_open) {
				p->warned_open = true;
				unsigned line = p->line;
				for (const char *q = s; q < open; q++)
					line += *q == '\n';
				gz_warn(p->log, p->name, line, "'%.2s' is never closed by '%s'; the rest "
				    "is left as text", open, pat);
			}
			open = NULL;
		}
		if (open && open > s) {
			t.kind = TOK_TEXT;
		} else if (open) {
			bool output = open[1] == '{';
			const char *in = open + 2, *out = close;
			if (in < out && *in == '-')
				in++;
			bool strip_after = out > in && out[-1] == '-';
			if (strip_after)
				out--;
			t.kind = output ? TOK_OUTPUT : TOK_TAG;
			t.s = in;
			t.len = (size_t)(out - in);
			count_lines(p, (size_t)(close + 2 - p->text));
			p->strip_next = strip_after;
			return t;
		}
	}
	/* Text up to the next tag (or the end), stripped as the markers ask. */
	const char *stop = open ? open : end;
	t.kind = TOK_TEXT;
	t.s = s;
	t.len = (size_t)(stop - s);
	if (p->strip_next) {
		while (t.len && is_space(*t.s)) {
			if (*t.s == '\n')
				t.line++;
			t.s++, t.len--;
		}
	}
	if (open && open[2] == '-')
		while (t.len && is_space(t.s[t.len - 1]))
			t.len--;
	count_lines(p, (size_t)(stop - p->text));
	p->strip_next = false;
	return t;
}

/* Splits a tag's markup into its name and the rest. */
static void
split_tag(struct token *t)
{
	const char *s = t->s, *end = t->s + t->len;
	while (s < end && is_space(*s))
		s++;
	const char *name = s;
	if (s < end && *s == '#')
		s++;
	else
		while (s < end && is_word(*s))
			s++;
	t->tag = gz_xstrndup(name, (size_t)(s - name));
	while (end > s && is_space(end[-1]))
		end--;
	while (s < end && is_space(*s))
		s++;
	t->markup = s;
	t->markup_len = (size_t)(end - s);
}

static struct cur
markup_cursor(struct parser *p, const struct token *t)
{
	return (struct cur){ .p = p, .s = t->markup, .end = t->markup + t->markup_len,
	    .line = t->line };
}

static struct lq_node *parse_body(struct parser *p, const char *const *ends, struct token *end);

static struct lq_node *
new_node(enum lq_node_kind kind, unsigned line)
{
	struct lq_node *n = gz_xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = line;
	return n;
}

/* Skips to the matching `{% endNAME %}` without parsing, for raw and comment;
 * `nests` says whether inner `{% NAME %}` open again (comment). */
static bool
skip_verbatim(struct parser *p, const char *name, bool nests, unsigned line,
    const char **body, size_t *body_len)
{
	char end_name[32];
	snprintf(end_name, sizeof end_name, "end%s", name);
	const char *start = p->text + p->pos, *s = start, *end = p->text + p->len;
	int depth = 1;
	while ((s = memchr(s, '{', (size_t)(end - s))) && s + 1 < end) {
		if (s[1] != '%') {
			s++;
			continue;
		}
		const char *close = NULL;
		for (const char *q = s + 2; q + 1 < end; q++)
			if (q[0] == '%' && q[1] == '}') {
				close = q;
				break;
			}
		if (!close)
			break;
		struct token t = { .s = s + 2, .len = (size_t)(close - s - 2) };
		if (t.len && *t.s == '-')
			t.s++, t.len--;
		if (t.len && t.s[t.len - 1] == '-')
			t.len--;
		split_tag(&t);
		bool is_end = strcmp(t.tag, end_name) == 0, is_open = nests && strcmp(t.tag, name) == 0;
		free(t.tag);
		if (is_open)
			depth++;
		if (is_end && --depth == 0) {
			*body = start;
			*body_len = (size_t)(s - start);
			/* whitespace control around the end tag */
			if (s[2] == '-')
				while (*body_len && is_space(start[*body_len - 1]))
					(*body_len)--;
			count_lines(p, (size_t)(close + 2 - p->text));
			p->strip_next = close[-1] == '-';
			return true;
		}
		s = close + 2;
	}
	fail(p, line, "Liquid syntax error: '%s' tag was never closed", name);
	return false;
}

/* Reads an include's file name (words, or {{ }} to render) and its `key=value` parameters. */
static bool
parse_include(struct parser *p, struct lq_node *n, struct cur *c)
{
	skip(c);
	const char *s = c->s;
	if (s < c->end && (*s == '"' || *s == '\'')) {
		const char *q = memchr(s + 1, *s, (size_t)(c->end - s - 1));
		if (!q) {
			syntax(c, "unterminated string");
			return false;
		}
		n->text = gz_xstrndup(s + 1, (size_t)(q - s - 1));
		c->s = q + 1;
	} else {
		const char *e = s;
		while (e < c->end && !is_space(*e)) {
			if (e + 1 < c->end && e[0] == '{' && e[1] == '{') {
				const char *q = strstr(e, "}}");
				e = q && q < c->end ? q + 2 : c->end;
				continue;
			}
			e++;
		}
		n->text = gz_xstrndup(s, (size_t)(e - s));
		c->s = e;
	}
	n->dynamic = strstr(n->text, "{{") != NULL;
	if (!*n->text) {
		syntax(c, "a file name expected");
		return false;
	}
	while (!at_end(c)) {
		char *key = ident(c);
		if (!key || !eat(c, "=")) {
			free(key);
			syntax(c, "parameters look like key=value");
			return false;
		}
		struct lq_expr *v = parse_expr(c);
		n->params = gz_xrealloc(n->params, (n->param_count + 1) * sizeof *n->params);
		n->params[n->param_count++] = (struct lq_param){ key, v };
		if (!v)
			return false;
	}
	(void)p;
	return true;
}

static struct lq_node *
parse_if(struct parser *p, struct token *t, bool unless)
{
	static const char *const ends[] = { "elsif", "else", "endif", NULL };
	static const char *const ends_unless[] = { "elsif", "else", "endunless", NULL };
	struct lq_node *n = new_node(unless ? LQ_UNLESS : LQ_IF, t->line);
	struct lq_branch **tail = &n->branches;
	struct cur c = markup_cursor(p, t);
	struct lq_cond *cond = parse_cond(&c);
	bool is_else = false;
	while (cond || is_else) {
		struct lq_branch *b = gz_xcalloc(1, sizeof *b);
		b->cond = cond;
		*tail = b;
		tail = &b->next;
		struct token end = {0};
		b->body = parse_body(p, unless ? ends_unless : ends, &end);
		if (p->failed) {
			free(end.tag);
			break;
		}
		bool done = end.tag[0] == 'e' && end.tag[1] == 'n';
		if (is_else && !done) {
			fail(p, end.line, "Liquid syntax error: '%s' after 'else'", end.tag);
			free(end.tag);
			break;
		}
		is_else = strcmp(end.tag, "else") == 0;
		cond = NULL;
		if (strcmp(end.tag, "elsif") == 0) {
			c = markup_cursor(p, &end);
			cond = parse_cond(&c);
		}
		free(end.tag);
		if (done)
			break;
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct lq_node *
parse_case(struct parser *p, struct token *t)
{
	static const char *const ends[] = { "when", "else", "endcase", NULL };
	struct lq_node *n = new_node(LQ_CASE, t->line);
	struct cur c = markup_cursor(p, t);
	n->expr = parse_expr(&c);
	if (n->expr && !at_end(&c))
		syntax(&c, "unexpected text");
	struct token end = {0};
	/* Text before the first `when` is dropped, as Liquid does. */
	node_free(parse_body(p, ends, &end));
	struct lq_branch **tail = &n->branches;
	while (!p->failed && strcmp(end.tag, "endcase") != 0) {
		struct lq_branch *b = gz_xcalloc(1, sizeof *b);
		*tail = b;
		tail = &b->next;
		if (strcmp(end.tag, "when") == 0) {
			c = markup_cursor(p, &end);
			do {
				struct lq_expr *v = parse_expr(&c);
				if (!v)
					break;
				b->values = gz_xrealloc(b->values, (b->value_count + 1) * sizeof(void *));
				b->values[b->value_count++] = v;
			} while (eat(&c, ",") || eat_word(&c, "or"));
			if (!p->failed && !at_end(&c))
				syntax(&c, "unexpected text");
		}
		free(end.tag);
		b->body = parse_body(p, ends, &end);
	}
	free(end.tag);
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	return n;
}

static struct lq_node *
parse_for(struct parser *p, struct token *t)
{
	static const char *const ends[] = { "else", "endfor", NULL };
	struct lq_node *n = new_node(LQ_FOR, t->line);
	struct cur c = markup_cursor(p, t);
	n->text = ident(&c);
	if (!n->text || !eat_word(&c, "in")) {
		syntax(&c, "'for item in collection' expected");
	} else if ((n->expr = parse_expr(&c))) {
		while (!p->failed && !at_end(&c)) {
			if (eat_word(&c, "reversed"))
				n->reversed = true;
			else if (eat_word(&c, "limit") && eat(&c, ":"))
				n->limit = parse_expr(&c);
			else if (eat_word(&c, "offset") && eat(&c, ":"))
				n->offset = parse_expr(&c);
			else
				syntax(&c, "unexpected text");
			eat(&c, ",");
		}
	}
	struct token end = {0};
	if (!p->failed)
		n->body = parse_body(p, ends, &end);
	if (!p->failed && strcmp(end.tag, "else") == 0) {
		free(end.tag);
		n->else_body = parse_body(p, ends + 1, &end);
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	free(end.tag);
	return n;
}

/* A tag that takes one chain (`echo`, `assign x = ...`). */
static struct lq_node *
parse_simple(struct parser *p, struct token *t)
{
	struct cur c = markup_cursor(p, t);
	const char *tag = t->tag;
	struct lq_node *n = NULL;
	if (!strcmp(tag, "assign")) {
		n = new_node(LQ_ASSIGN, t->line);
		n->text = ident(&c);
		if (!n->text || !eat(&c, "="))
			syntax(&c, "'assign name = value' expected");
		else
			n->chain = parse_chain(&c);
	} else if (!strcmp(tag, "echo")) {
		n = new_node(LQ_ECHO, t->line);
		n->chain = parse_chain(&c);
	} else if (!strcmp(tag, "increment") || !strcmp(tag, "decrement")) {
		n = new_node(tag[0] == 'i' ? LQ_INCREMENT : LQ_DECREMENT, t->line);
		n->text = ident(&c);
		if (!n->text || !at_end(&c))
			syntax(&c, "a variable name expected");
	} else if (!strcmp(tag, "break") || !strcmp(tag, "continue")) {
		n = new_node(tag[0] == 'b' ? LQ_BREAK : LQ_CONTINUE, t->line);
	} else if (!strcmp(tag, "cycle")) {
		n = new_node(LQ_CYCLE, t->line);
		do {
			struct lq_expr *v = parse_expr(&c);
			if (!v)
				break;
			if (!n->value_count && !n->expr && eat(&c, ":")) {
				n->expr = v;
				continue;
			}
			n->values = gz_xrealloc(n->values, (n->value_count + 1) * sizeof(void *));
			n->values[n->value_count++] = v;
		} while (n->value_count == 0 || eat(&c, ","));
		if (!p->failed && !at_end(&c))
			syntax(&c, "unexpected text");
	} else if (!strcmp(tag, "include") || !strcmp(tag, "include_relative")) {
		n = new_node(LQ_INCLUDE, t->line);
		n->reversed = tag[7] == '_';
		parse_include(p, n, &c);
	} else if (!strcmp(tag, "link") || !strcmp(tag, "post_url")) {
		n = new_node(tag[0] == 'l' ? LQ_LINK : LQ_POST_URL, t->line);
		n->text = gz_xstrndup(t->markup, t->markup_len);
		n->dynamic = strstr(n->text, "{{") != NULL;
		if (!*n->text)
			syntax(&c, "a file name expected");
	}
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	return n;
}

/* One tag and, for a block, everything up to its end. */
static struct lq_node *
parse_tag(struct parser *p, struct token *t)
{
	const char *tag = t->tag;
	if (!strcmp(tag, "if") || !strcmp(tag, "unless"))
		return parse_if(p, t, tag[0] == 'u');
	if (!strcmp(tag, "case"))
		return parse_case(p, t);
	if (!strcmp(tag, "for"))
		return parse_for(p, t);
	if (!strcmp(tag, "capture") || !strcmp(tag, "highlight")) {
		static const char *const cap_end[] = { "endcapture", NULL };
		static const char *const hl_end[] = { "endhighlight", NULL };
		bool cap = tag[0] == 'c';
		struct lq_node *n = new_node(cap ? LQ_CAPTURE : LQ_HIGHLIGHT, t->line);
		struct cur c = markup_cursor(p, t);
		n->text = cap ? ident(&c) : NULL;
		if (!cap) {
			const char *e = c.s;
			while (e < c.end && !is_space(*e))
				e++;
			n->text = gz_xstrndup(c.s, (size_t)(e - c.s));
		}
		if (cap && (!n->text || !at_end(&c)))
			syntax(&c, "'capture name' expected");
		struct token end = {0};
		if (!p->failed)
			n->body = parse_body(p, cap ? cap_end : hl_end, &end);
		free(end.tag);
		if (p->failed) {
			node_free(n);
			return NULL;
		}
		return n;
	}
	if (!strcmp(tag, "raw") || !strcmp(tag, "comment")) {
		const char *body;
		size_t len;
		if (!skip_verbatim(p, tag, tag[0] == 'c', t->line, &body, &len))
			return NULL;
		if (tag[0] == 'c')
			return NULL;
		struct lq_node *n = new_node(LQ_TEXT, t->line);
		n->raw = body;
		n->len = len;
		return n;
	}
	if (!strcmp(tag, "#"))
		return NULL;
	static const char *const simple[] = { "assign", "echo", "increment", "decrement", "break",
		"continue", "cycle", "include", "include_relative", "link", "post_url" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(simple); i++)
		if (!strcmp(tag, simple[i]))
			return parse_simple(p, t);
	if (!*tag)
		fail(p, t->line, "Liquid syntax error: a tag name expected in '{%%%.*s%%}'",
		    (int)t->len, t->s);
	else
		fail(p, t->line, "Liquid syntax error: unknown tag '%s'", tag);
	return NULL;
}

/* Parses nodes until one of `ends` (NULL-terminated; NULL: the end of the
 * text), whose token goes to *end (its tag to free). */
static struct lq_node *
parse_body(struct parser *p, const char *const *ends, struct token *end)
{
	struct lq_node *first = NULL, **tail = &first;
	unsigned open_line = p->line;
	end->tag = NULL;
	if (++p->depth > LQ_MAX_NESTING) {
		fail(p, p->line, "Liquid syntax error: blocks nested too deep");
		return NULL;
	}
	for (;;) {
		struct token t = next_token(p);
		struct lq_node *n = NULL;
		if (t.kind == TOK_EOF) {
			const char *end_tag = NULL;
			for (size_t i = 0; ends && ends[i]; i++)
				if (!strncmp(ends[i], "end", 3))
					end_tag = ends[i];
			if (end_tag)
				fail(p, open_line, "Liquid syntax error: '%s' tag was never closed "
				    "(its '%s' is missing)", end_tag + 3, end_tag);
			break;
		}
		if (t.kind == TOK_TEXT) {
			if (!t.len)
				continue;
			n = new_node(LQ_TEXT, t.line);
			n->raw = t.s;
			n->len = t.len;
		} else if (t.kind == TOK_OUTPUT) {
			struct cur c = { .p = p, .s = t.s, .end = t.s + t.len, .line = t.line };
			n = new_node(LQ_OUTPUT, t.line);
			if (at_end(&c)) {
				n->chain = NULL;    /* `{{ }}` prints nothing */
			} else if (!(n->chain = parse_chain(&c))) {
				free(n);
				n = NULL;
			}
		} else {
			split_tag(&t);
			bool is_end = false;
			for (size_t i = 0; ends && ends[i]; i++)
				is_end |= strcmp(t.tag, ends[i]) == 0;
			if (is_end) {
				*end = t;
				break;
			}
			if (!strncmp(t.tag, "end", 3) || !strcmp(t.tag, "else") || !strcmp(t.tag, "elsif")
			    || !strcmp(t.tag, "when"))
				fail(p, t.line, "Liquid syntax error: '%s' is not inside a block it "
				    "could end", t.tag);
			else
				n = parse_tag(p, &t);
			free(t.tag);
		}
		if (p->failed)
			break;
		if (n) {
			*tail = n;
			tail = &n->next;
		}
	}
	p->depth--;
	if (p->failed) {
		node_free(first);
		return NULL;
	}
	return first;
}

struct lq_template *
lq_parse(const char *name, const char *text, size_t len, unsigned first_line, struct gz_log *log)
{
	struct parser p = { .name = name, .text = text, .len = len, .line = first_line, .log = log };
	struct token end = {0};
	struct lq_node *first = parse_body(&p, NULL, &end);
	if (p.failed)
		return NULL;
	struct lq_template *t = gz_xcalloc(1, sizeof *t);
	t->first = first;
	t->name = gz_xstrdup(name);
	return t;
}

struct lq_cond *
lq_parse_cond(struct lq_ctx *cx, const char *text, size_t len)
{
	struct parser p = { .name = cx->file, .text = text, .len = len, .line = cx->line,
	    .log = cx->log };
	struct cur c = { .p = &p, .s = text, .end = text + len, .line = cx->line };
	struct lq_cond *k = parse_cond(&c);
	if (!k)
		cx->failed = true;
	return k;
}
