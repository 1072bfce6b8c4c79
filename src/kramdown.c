/* kramdown.c: kramdown's inline attribute lists (`{: .c #id k="v"}`), attribute
 * list definitions (`{:name: ...}`) and header ids (`{#id}`), read as kramdown
 * 2.4 reads them, from the text md4c leaves in the tree. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ALD_DEPTH = 8 };

struct kd {
	const char *src;        /* the text md4c read, or NULL */
	size_t len;
	unsigned first_line;
	size_t *line_starts;    /* made when first needed */
	size_t line_count;
	const char *name;
	struct gz_log *log;
	GHashTable *alds;       /* ALD name -> its attribute list, as written (owned) */
	bool ids;               /* an id was set */
	struct gz_buf value;
};

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	    || c == '_' || c == '-';
}

/* The length of an attribute list `{:...}` at s, up to its first unescaped
 * `}`, or 0; its body (between `{:` and `}`) goes to *body, *body_len.  An
 * extension (`{::`) or a closing tag (`{:/`) is none. */
static size_t
list_at(const char *s, size_t len, const char **body, size_t *body_len)
{
	if (len < 3 || s[0] != '{' || s[1] != ':' || s[2] == ':' || s[2] == '/')
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len) {
			i++;
		} else if (s[i] == '}') {
			*body = s + 2;
			*body_len = i - 2;
			return i + 1;
		} else if (s[i] == '\n') {
			return 0;
		}
	}
	return 0;
}

/* Whether an attribute list's body defines an ALD (`name: ...`); the name's
 * length goes to *name_len. */
static bool
is_definition(const char *body, size_t len, size_t *name_len)
{
	size_t i = 0;
	while (i < len && is_name_char(body[i]))
		i++;
	*name_len = i;
	return i > 0 && i < len && body[i] == ':';
}

static const char *
find_ald(struct kd *k, const char *name, size_t len)
{
	if (!k->alds)
		return NULL;
	char *key = gz_xstrndup(name, len);
	const char *body = g_hash_table_lookup(k->alds, key);
	free(key);
	return body;
}

/* Sets one attribute on n; an id on a heading is also its id. */
static void
set_attr(struct kd *k, struct gz_node *n, const char *name, const char *value)
{
	if (strcmp(name, "id") == 0) {
		k->ids = true;
		if (n->kind == GZ_NODE_HEADING)
			n->heading.id = gz_node_arena(n) ? gz_arena_strndup(gz_node_arena(n), value, strlen(value))
			    : gz_xstrdup(value);
	}
	gz_node_set_attr(n, name, value);
}

/*
 * Reads an attribute list's body: `.class`, `#id`, `key="value"` (or single
 * quotes, `\` escaping), and names of ALDs.  With n NULL it only checks the
 * syntax; otherwise it sets the attributes on n.  Returns false when the body
 * is no attribute list (the text then stays as it is).
 */
static bool
read_list(struct kd *k, struct gz_node *n, const char *s, size_t len, unsigned depth,
    unsigned line)
{
	size_t i = 0;
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		char kind = s[i];
		if (kind == '.' || kind == '#') {
			size_t start = ++i;
			while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '.' && s[i] != '#')
				i++;
			if (i == start)
				return false;
			if (n) {
				char *v = gz_xstrndup(s + start, i - start);
				set_attr(k, n, kind == '.' ? "class" : "id", v);
				free(v);
			}
			continue;
		}
		size_t start = i;
		while (i < len && is_name_char(s[i]))
			i++;
		if (i == start)
			return false;
		size_t name_end = i;
		if (i < len && s[i] == '=') {
			if (++i >= len || (s[i] != '"' && s[i] != '\''))
				return false;
			char quote = s[i++];
			k->value.len = 0;
			gz_buf_reserve(&k->value, 0);
			for (; i < len && s[i] != quote; i++) {
				if (s[i] == '\\' && i + 1 < len)
					i++;
				gz_buf_putc(&k->value, s[i]);
			}
			if (i++ >= len)
				return false;
			if (n) {
				char *key = gz_xstrndup(s + start, name_end - start);
				char *v = gz_xstrndup(k->value.data, k->value.len);
				set_attr(k, n, key, v);
				free(key);
				free(v);
			}
			continue;
		}
		if (i < len && s[i] != ' ' && s[i] != '\t')
			return false;
		if (!n)
			continue;
		/* A reference to an ALD. */
		const char *a = find_ald(k, s + start, i - start);
		if (!a)
			gz_warn(k->log, k->name, line, "no attribute list definition {:%.*s: ...} "
			    "for this reference", (int)(i - start), s + start);
		else if (depth >= MAX_ALD_DEPTH)
			gz_warn(k->log, k->name, line, "attribute list definitions refer to each "
			    "other too deeply");
		else
			read_list(k, n, a, strlen(a), depth + 1, line);
	}
	return true;
}

static void
define_ald(struct kd *k, const char *body, size_t len, size_t name_len)
{
	if (!k->alds)
		k->alds = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	/* A name defined again takes the newer definition. */
	g_hash_table_replace(k->alds, gz_xstrndup(body, name_len),
	    gz_xstrndup(body + name_len + 1, len - name_len - 1));
}

/* Whether the whole of t (less spaces around it) is one attribute list or
 * definition; its body goes to *body, *body_len. */
static bool
whole_list(const struct gz_node *t, const char **body, size_t *body_len)
{
	if (!t || t->kind != GZ_NODE_TEXT)
		return false;
	const char *s = t->text;
	size_t len = t->len;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	return list_at(s, len, body, body_len) == len && len > 0;
}

/* Whether a paragraph holds nothing but attribute lists, one a line. */
static bool
only_lists(struct kd *k, const struct gz_node *p)
{
	for (const struct gz_node *c = p->first; c; c = c->next) {
		const char *body;
		size_t len, name_len;
		if (c->kind == GZ_NODE_SOFT_BREAK)
			continue;
		if (!whole_list(c, &body, &len))
			return false;
		if (!is_definition(body, len, &name_len) && !read_list(k, NULL, body, len, 0, 0))
			return false;
	}
	return p->first != NULL;
}

/* The source line `line`, or false when it is not known. */
static bool
source_line(struct kd *k, unsigned line, const char **s, size_t *len)
{
	if (!k->src || line < k->first_line)
		return false;
	if (!k->line_starts) {
		size_t cap = 64;
		k->line_starts = gz_xmalloc(cap * sizeof *k->line_starts);
		k->line_starts[k->line_count++] = 0;
		for (const char *p = k->src, *end = k->src + k->len;
		    (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
			if (k->line_count == cap)
				k->line_starts = gz_xrealloc(k->line_starts, (cap *= 2) * sizeof *k->line_starts);
			k->line_starts[k->line_count++] = (size_t)(p + 1 - k->src);
		}
	}
	size_t i = line - k->first_line;
	if (i >= k->line_count)
		return false;
	size_t end = i + 1 < k->line_count ? k->line_starts[i + 1] - 1 : k->len;
	*s = k->src + k->line_starts[i];
	*len = end - k->line_starts[i];
	return true;
}

/* The block a block IAL closing `block`'s text applies to: the block itself,
 * or, when the IAL line (`line`) is a lazy continuation at the left margin
 * of a list or quote, the outermost list or quote (kramdown ends them there). */
static struct gz_node *
block_target(struct kd *k, struct gz_node *block, unsigned line)
{
	const char *s;
	size_t len;
	if (!source_line(k, line, &s, &len) || len < 2 || s[0] != '{')
		return block;
	struct gz_node *t = block;
	while (t->parent && (t->parent->kind == GZ_NODE_LIST || t->parent->kind == GZ_NODE_ITEM
	    || t->parent->kind == GZ_NODE_BLOCKQUOTE))
		t = t->parent;
	return t;
}

static bool
is_span(enum gz_node_kind kind)
{
	return kind == GZ_NODE_IMAGE || kind == GZ_NODE_LINK || kind == GZ_NODE_EMPHASIS
	    || kind == GZ_NODE_STRONG || kind == GZ_NODE_CODE || kind == GZ_NODE_STRIKETHROUGH
	    || kind == GZ_NODE_SPAN;
}

/* A span IAL opening the TEXT t, right after an image, link, emphasis or
 * code span: applied to it and taken out of the text.  Returns t, or the
 * node before it when t went. */
static struct gz_node *
span_ial(struct kd *k, struct gz_node *t)
{
	const char *body;
	size_t body_len, name_len;
	size_t n = list_at(t->text, t->len, &body, &body_len);
	if (!n || is_definition(body, body_len, &name_len)
	    || !read_list(k, NULL, body, body_len, 0, 0))
		return t;
	/* The line of the block (counting the breaks before t is linear in the
	 * block: too much for a paragraph of many IALs). */
	const struct gz_node *block = t;
	while (block && !block->line)
		block = block->parent;
	read_list(k, t->prev, body, body_len, 0, block ? block->line : 0);
	if (n == t->len) {
		struct gz_node *prev = t->prev;
		gz_node_free(t);
		return prev;
	}
	memmove(t->text, t->text + n, t->len - n + 1);
	t->len -= n;
	return t;
}

/* A block IAL on the last line of a block's text (after a break): applied
 * to the block (or the list or quote it ends) and taken out. */
static void
trailing_ial(struct kd *k, struct gz_node *block)
{
	struct gz_node *t = block->last;
	const char *body;
	size_t body_len, name_len;
	if (!t || !t->prev || (t->prev->kind != GZ_NODE_SOFT_BREAK && t->prev->kind != GZ_NODE_HARD_BREAK)
	    || !whole_list(t, &body, &body_len) || is_definition(body, body_len, &name_len)
	    || !read_list(k, NULL, body, body_len, 0, 0))
		return;
	unsigned line = gz_inline_line(t);
	read_list(k, block_target(k, block, line), body, body_len, 0, line);
	gz_node_free(t->prev);
	gz_node_free(t);
}

/* A block IAL on the first line of a block's text, before a break (a list
 * line kramdown reads before the block it applies to): applied and taken out. */
static void
leading_ial(struct kd *k, struct gz_node *block)
{
	struct gz_node *t = block->first;
	const char *body;
	size_t body_len, name_len;
	if (!t || !t->next || t->next->kind != GZ_NODE_SOFT_BREAK
	    || !whole_list(t, &body, &body_len) || is_definition(body, body_len, &name_len)
	    || !read_list(k, NULL, body, body_len, 0, 0))
		return;
	read_list(k, block, body, body_len, 0, block->line);
	gz_node_free(t->next);
	gz_node_free(t);
}

/* kramdown's header id: `## Title {#id}`. */
static void
header_id(struct kd *k, struct gz_node *h)
{
	struct gz_node *t = h->last;
	if (!t || t->kind != GZ_NODE_TEXT)
		return;
	size_t len = t->len;
	while (len && t->text[len - 1] == ' ')
		len--;
	if (len < 4 || t->text[len - 1] != '}')
		return;
	size_t open = len - 1;
	while (open > 0 && t->text[open] != '{')
		open--;
	const char *id = t->text + open + 2;
	size_t id_len = len - 1 - open - 2;
	if (t->text[open] != '{' || t->text[open + 1] != '#' || id_len == 0
	    || !((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return;
	for (size_t i = 0; i < id_len; i++)
		if (!is_name_char(id[i]) && id[i] != ':')
			return;
	char *v = gz_xstrndup(id, id_len);
	set_attr(k, h, "id", v);
	free(v);
	while (open > 0 && t->text[open - 1] == ' ')
		open--;
	if (open == 0) {
		gz_node_free(t);
	} else {
		t->len = open;
		t->text[open] = '\0';
	}
}

/* A table's last row that is a block IAL (md4c reads the line after a table
 * as one more row): applied to the table and taken out. */
static void
table_ial(struct kd *k, struct gz_node *table)
{
	struct gz_node *body = table->last;
	struct gz_node *row = body && body->kind == GZ_NODE_TABLE_BODY ? body->last : NULL;
	if (!row || !row->first)
		return;
	const char *list;
	size_t len, name_len;
	struct gz_node *cell = row->first;
	if (!whole_list(cell->first, &list, &len) || cell->first != cell->last
	    || is_definition(list, len, &name_len) || !read_list(k, NULL, list, len, 0, 0))
		return;
	for (struct gz_node *c = cell->next; c; c = c->next)
		if (c->first)
			return;
	read_list(k, table, list, len, 0, row->line);
	gz_node_free(row);
	if (!body->first)
		gz_node_free(body);
}

/* A paragraph of attribute lists alone (definitions were recorded): an IAL
 * applies to the block before it when it follows that block directly, else
 * to the block after it.  The caller frees the paragraph. */
static void
lone_lists(struct kd *k, struct gz_node *p)
{
	const char *prev_line;
	size_t prev_len;
	bool after_blank = !source_line(k, p->line - 1, &prev_line, &prev_len);
	if (!after_blank) {
		size_t i = 0;
		while (i < prev_len && (prev_line[i] == ' ' || prev_line[i] == '\t'
		    || prev_line[i] == '\r'))
			i++;
		after_blank = i == prev_len;
	}
	struct gz_node *target = after_blank || !p->prev ? p->next : p->prev;
	unsigned line = p->line;
	for (const struct gz_node *c = p->first; c; c = c->next) {
		const char *body;
		size_t len, name_len;
		if (c->kind == GZ_NODE_SOFT_BREAK) {
			line++;
			continue;
		}
		whole_list(c, &body, &len);
		if (is_definition(body, len, &name_len))
			continue;
		if (target)
			read_list(k, target, body, len, 0, line);
		else
			gz_warn(k->log, k->name, line, "this attribute list applies to no block: "
			    "left out");
	}
}

/* Nodes the walk found, handled once it is over (they change the tree). */
struct found {
	struct gz_node **v;
	size_t len, cap;
};

static void
push(struct found *f, struct gz_node *n)
{
	if (f->len == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 32;
		f->v = gz_xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->len++] = n;
}

bool
gz_kramdown_apply(struct gz_node *root, const char *src, size_t len, unsigned first_line,
    const char *name, struct gz_log *log)
{
	struct kd k = {
		.src = src, .len = len, .first_line = first_line, .name = name, .log = log,
	};
	struct found spans = {0}, blocks = {0}, lone = {0};
	/* One walk: definitions first (kramdown reads them wherever they are),
	 * and the places where a list may stand. */
	for (struct gz_node *n = root->first; n;) {
		if (n->kind == GZ_NODE_PARAGRAPH && only_lists(&k, n)) {
			push(&lone, n);
			for (const struct gz_node *c = n->first; c; c = c->next) {
				const char *body;
				size_t body_len, name_len;
				if (whole_list(c, &body, &body_len)
				    && is_definition(body, body_len, &name_len))
					define_ald(&k, body, body_len, name_len);
			}
		} else if (n->kind == GZ_NODE_TEXT && n->prev && is_span(n->prev->kind)
		    && n->len > 2 && n->text[0] == '{' && n->text[1] == ':') {
			push(&spans, n);
		} else if (n->kind == GZ_NODE_PARAGRAPH || n->kind == GZ_NODE_HEADING
		    || n->kind == GZ_NODE_ITEM || n->kind == GZ_NODE_TABLE) {
			push(&blocks, n);
		}
		if (n->first && n->kind != GZ_NODE_CODE_BLOCK && !(n->kind == GZ_NODE_PARAGRAPH
		    && lone.len && lone.v[lone.len - 1] == n)) {
			n = n->first;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
	for (size_t i = 0; i < spans.len; i++)
		span_ial(&k, spans.v[i]);
	for (size_t i = 0; i < blocks.len; i++) {
		struct gz_node *b = blocks.v[i];
		if (b->kind == GZ_NODE_TABLE) {
			table_ial(&k, b);
			continue;
		}
		trailing_ial(&k, b);
		leading_ial(&k, b);
		if (b->kind == GZ_NODE_HEADING)
			header_id(&k, b);
	}
	for (size_t i = 0; i < lone.len; i++)
		lone_lists(&k, lone.v[i]);
	for (size_t i = 0; i < lone.len; i++)
		gz_node_free(lone.v[i]);
	if (k.alds)
		g_hash_table_destroy(k.alds);
	free(k.line_starts);
	free(spans.v);
	free(blocks.v);
	free(lone.v);
	gz_buf_free(&k.value);
	return k.ids;
}
