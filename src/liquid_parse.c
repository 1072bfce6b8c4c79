/* liquid_parse.c: Liquid source to a syntax tree: text, {{ output }} and {% tags %}
 * with whitespace control, blocks and their ends. */
#define _GNU_SOURCE     /* memmem */
#include "liquid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tags ---- */

static void
node_free(struct lq_node *n)
{
	while (n) {
		struct lq_node *next = n->next;
		free(n->text);
		lq_chain_free(n->chain);
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
		lq_expr_free(n->cols);
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
	/* Hugo's shortcodes ({{< x >}}, {{% x %}}) are never Liquid: they stay text. */
	for (; (open = memchr(open, '{', (size_t)(end - open))); open++) {
		if (open + 1 >= end) {
			open = NULL;
			break;
		}
		if (open[1] == '{' && open + 2 < end && (open[2] == '<' || open[2] == '%'))
			open += 2;
		else if (open[1] == '{' || open[1] == '%')
			break;
	}
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
		while (t.len && lq_is_space(*t.s)) {
			if (*t.s == '\n')
				t.line++;
			t.s++, t.len--;
		}
	}
	if (open && open[2] == '-')
		while (t.len && lq_is_space(t.s[t.len - 1]))
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
	while (s < end && lq_is_space(*s))
		s++;
	const char *name = s;
	if (s < end && *s == '#')
		s++;
	else
		while (s < end && lq_is_word(*s))
			s++;
	t->tag = gz_xstrndup(name, (size_t)(s - name));
	while (end > s && lq_is_space(end[-1]))
		end--;
	while (s < end && lq_is_space(*s))
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
				while (*body_len && lq_is_space(start[*body_len - 1]))
					(*body_len)--;
			count_lines(p, (size_t)(close + 2 - p->text));
			p->strip_next = close[-1] == '-';
			return true;
		}
		s = close + 2;
	}
	lq_parse_fail(p, line, "Liquid syntax error: '%s' tag was never closed", name);
	return false;
}

/* Reads an include's file name (words, or {{ }} to render) and its `key=value` parameters. */
static bool
parse_include(struct parser *p, struct lq_node *n, struct cur *c)
{
	lq_skip(c);
	const char *s = c->s;
	if (s < c->end && (*s == '"' || *s == '\'')) {
		const char *q = memchr(s + 1, *s, (size_t)(c->end - s - 1));
		if (!q) {
			lq_syntax(c, "unterminated string");
			return false;
		}
		n->text = gz_xstrndup(s + 1, (size_t)(q - s - 1));
		c->s = q + 1;
	} else {
		const char *e = s;
		while (e < c->end && !lq_is_space(*e)) {
			if (e + 1 < c->end && e[0] == '{' && e[1] == '{') {
				const char *q = memmem(e, (size_t)(c->end - e), "}}", 2);
				e = q ? q + 2 : c->end;
				continue;
			}
			e++;
		}
		n->text = gz_xstrndup(s, (size_t)(e - s));
		c->s = e;
	}
	n->dynamic = strstr(n->text, "{{") != NULL;
	if (!*n->text) {
		lq_syntax(c, "a file name expected");
		return false;
	}
	while (!lq_at_end(c)) {
		char *key = lq_ident(c);
		if (!key || !lq_eat(c, "=")) {
			free(key);
			lq_syntax(c, "parameters look like key=value");
			return false;
		}
		struct lq_expr *v = lq_parse_expr(c);
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
	struct lq_cond *cond = lq_parse_cond_at(&c);
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
			lq_parse_fail(p, end.line, "Liquid syntax error: '%s' after 'else'", end.tag);
			free(end.tag);
			break;
		}
		is_else = strcmp(end.tag, "else") == 0;
		cond = NULL;
		if (strcmp(end.tag, "elsif") == 0) {
			c = markup_cursor(p, &end);
			cond = lq_parse_cond_at(&c);
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
	n->expr = lq_parse_expr(&c);
	if (n->expr && !lq_at_end(&c))
		lq_syntax(&c, "unexpected text");
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
				struct lq_expr *v = lq_parse_expr(&c);
				if (!v)
					break;
				b->values = gz_xrealloc(b->values, (b->value_count + 1) * sizeof(void *));
				b->values[b->value_count++] = v;
			} while (lq_eat(&c, ",") || lq_eat_word(&c, "or"));
			if (!p->failed && !lq_at_end(&c))
				lq_syntax(&c, "unexpected text");
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

/* `for` and `tablerow` (with `cols:`, no `else`). */
static struct lq_node *
parse_for(struct parser *p, struct token *t)
{
	static const char *const for_ends[] = { "else", "endfor", NULL };
	static const char *const table_ends[] = { "endtablerow", NULL };
	bool table = t->tag[0] == 't';
	const char *const *ends = table ? table_ends : for_ends;
	struct lq_node *n = new_node(table ? LQ_TABLEROW : LQ_FOR, t->line);
	struct cur c = markup_cursor(p, t);
	n->text = lq_ident(&c);
	if (!n->text || !lq_eat_word(&c, "in")) {
		lq_syntax(&c, "'for item in collection' expected");
	} else if ((n->expr = lq_parse_expr(&c))) {
		while (!p->failed && !lq_at_end(&c)) {
			if (!table && lq_eat_word(&c, "reversed"))
				n->reversed = true;
			else if (table && lq_eat_word(&c, "cols") && lq_eat(&c, ":"))
				lq_expr_free(n->cols), n->cols = lq_parse_expr(&c);
			else if (lq_eat_word(&c, "limit") && lq_eat(&c, ":"))
				lq_expr_free(n->limit), n->limit = lq_parse_expr(&c);
			else if (lq_eat_word(&c, "offset") && lq_eat(&c, ":"))
				lq_expr_free(n->offset), n->offset = lq_parse_expr(&c);
			else
				lq_syntax(&c, "unexpected text");
			lq_eat(&c, ",");
		}
	}
	struct token end = {0};
	if (!p->failed)
		n->body = parse_body(p, ends, &end);
	if (!p->failed && !table && strcmp(end.tag, "else") == 0) {
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
		n->text = lq_ident(&c);
		if (!n->text || !lq_eat(&c, "="))
			lq_syntax(&c, "'assign name = value' expected");
		else
			n->chain = lq_parse_chain(&c);
	} else if (!strcmp(tag, "echo")) {
		n = new_node(LQ_ECHO, t->line);
		n->chain = lq_parse_chain(&c);
	} else if (!strcmp(tag, "increment") || !strcmp(tag, "decrement")) {
		n = new_node(tag[0] == 'i' ? LQ_INCREMENT : LQ_DECREMENT, t->line);
		n->text = lq_ident(&c);
		if (!n->text || !lq_at_end(&c))
			lq_syntax(&c, "a variable name expected");
	} else if (!strcmp(tag, "break") || !strcmp(tag, "continue")) {
		n = new_node(tag[0] == 'b' ? LQ_BREAK : LQ_CONTINUE, t->line);
	} else if (!strcmp(tag, "cycle")) {
		n = new_node(LQ_CYCLE, t->line);
		do {
			struct lq_expr *v = lq_parse_expr(&c);
			if (!v)
				break;
			if (!n->value_count && !n->expr && lq_eat(&c, ":")) {
				n->expr = v;
				continue;
			}
			n->values = gz_xrealloc(n->values, (n->value_count + 1) * sizeof(void *));
			n->values[n->value_count++] = v;
		} while (n->value_count == 0 || lq_eat(&c, ","));
		if (!p->failed && !lq_at_end(&c))
			lq_syntax(&c, "unexpected text");
	} else if (!strcmp(tag, "include") || !strcmp(tag, "include_relative")) {
		n = new_node(LQ_INCLUDE, t->line);
		n->reversed = tag[7] == '_';
		parse_include(p, n, &c);
	} else if (!strcmp(tag, "link") || !strcmp(tag, "post_url")) {
		n = new_node(tag[0] == 'l' ? LQ_LINK : LQ_POST_URL, t->line);
		n->text = gz_xstrndup(t->markup, t->markup_len);
		n->dynamic = strstr(n->text, "{{") != NULL;
		if (!*n->text)
			lq_syntax(&c, "a file name expected");
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
	if (!strcmp(tag, "for") || !strcmp(tag, "tablerow"))
		return parse_for(p, t);
	if (!strcmp(tag, "capture") || !strcmp(tag, "highlight")) {
		static const char *const cap_end[] = { "endcapture", NULL };
		static const char *const hl_end[] = { "endhighlight", NULL };
		bool cap = tag[0] == 'c';
		struct lq_node *n = new_node(cap ? LQ_CAPTURE : LQ_HIGHLIGHT, t->line);
		struct cur c = markup_cursor(p, t);
		n->text = cap ? lq_ident(&c) : NULL;
		if (!cap) {
			const char *e = c.s;
			while (e < c.end && !lq_is_space(*e))
				e++;
			n->text = gz_xstrndup(c.s, (size_t)(e - c.s));
		}
		if (cap && (!n->text || !lq_at_end(&c)))
			lq_syntax(&c, "'capture name' expected");
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
	if (!strcmp(tag, "seo") || !strcmp(tag, "feed_meta")) {
		struct lq_node *n = new_node(LQ_PLUGIN, t->line);
		n->text = gz_xstrdup(tag);
		n->raw = t->markup;
		n->len = t->markup_len;
		return n;
	}
	static const char *const simple[] = { "assign", "echo", "increment", "decrement", "break",
		"continue", "cycle", "include", "include_relative", "link", "post_url" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(simple); i++)
		if (!strcmp(tag, simple[i]))
			return parse_simple(p, t);
	if (!*tag)
		lq_parse_fail(p, t->line, "Liquid syntax error: a tag name expected in '{%%%.*s%%}'",
		    (int)t->len, t->s);
	else
		lq_parse_fail(p, t->line, "Liquid syntax error: unknown tag '%s'", tag);
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
	if (p->failed)
		return NULL;
	if (++p->depth > LQ_MAX_NESTING) {
		lq_parse_fail(p, p->line, "Liquid syntax error: blocks nested too deep");
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
				lq_parse_fail(p, open_line, "Liquid syntax error: '%s' tag was never closed "
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
			if (lq_at_end(&c)) {
				n->chain = NULL;    /* `{{ }}` prints nothing */
			} else if (!(n->chain = lq_parse_chain(&c))) {
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
				lq_parse_fail(p, t.line, "Liquid syntax error: '%s' is not inside a block it "
				    "could end", t.tag);
			else
				n = parse_tag(p, &t);
			free(t.tag);
		}
		if (p->failed) {
			node_free(n);
			break;
		}
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

