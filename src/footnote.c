/* footnote.c: footnotes as GFM and kramdown write them (`text[^1]`, `[^1]: note`):
 * definitions parsed into FOOTNOTE nodes, references numbered in order. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct note {
	const struct gz_extract_item *def;
	struct gz_node *body;           /* the parsed definition (a DOCUMENT), or NULL */
	unsigned number;                /* 0: not referenced (yet) */
	unsigned refs;
};

struct notes {
	GHashTable *by_label;           /* folded label -> struct note * */
	struct note *all;
	size_t count;
	struct note **order;            /* referenced notes, by number */
	size_t numbered;
	const char *name;
	struct gz_log *log;
	struct gz_buf key;
};

/* Labels match as link labels do, without regard to ASCII case. */
static const char *
fold(struct gz_buf *key, const char *s, size_t len)
{
	key->len = 0;
	gz_buf_reserve(key, len);
	for (size_t i = 0; i < len; i++)
		key->data[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	key->len = len;
	key->data[len] = '\0';
	return key->data;
}

unsigned
gz_inline_line(const struct gz_node *n)
{
	const struct gz_node *block = n;
	while (block && !gz_node_is_block(block->kind) && block->kind != GZ_NODE_DOCUMENT)
		block = block->parent;
	if (!block)
		return 0;
	/* Each break before n in the block, in document order, is one more line. */
	unsigned line = block->line;
	const struct gz_node *c = block->first;
	while (c && c != n) {
		if (c->kind == GZ_NODE_SOFT_BREAK || c->kind == GZ_NODE_HARD_BREAK)
			line++;
		if (c->first && !gz_node_is_block(c->kind)) {
			c = c->first;
			continue;
		}
		while (c && c != block && !c->next)
			c = c->parent;
		c = c && c != block ? c->next : NULL;
	}
	return line;
}

/* The length of a reference `[^label]` at s (s[0] == '['), or 0. */
static size_t
reference_at(const char *s, size_t len)
{
	if (len < 4 || s[1] != '^')
		return 0;
	size_t i = 2;
	while (i < len && s[i] != ']' && s[i] != '[' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
		i++;
	return i > 2 && i < len && s[i] == ']' ? i + 1 : 0;
}

/* Turns the references in one TEXT node into FOOTNOTE_REF nodes, each piece
 * of text copied once (a line of many references stays linear); returns the
 * last node it made or kept (where the walk goes on). */
static struct gz_node *
split_text(struct notes *ns, struct gz_node *t)
{
	size_t run = 0;                 /* text before it is in nodes of its own */
	unsigned line = 0;
	for (size_t i = 0; i + 3 < t->len;) {
		const char *p = memchr(t->text + i, '[', t->len - i - 3);
		if (!p)
			break;
		i = (size_t)(p - t->text);
		size_t n = reference_at(p, t->len - i);
		if (!n) {
			i++;
			continue;
		}
		struct note *note = g_hash_table_lookup(ns->by_label, fold(&ns->key, p + 2, n - 3));
		if (!note) {
			if (!line)
				line = gz_inline_line(t);
			gz_warn(ns->log, ns->name, line, "footnote %.*s is not defined: left as text",
			    (int)n, p);
			i += n;
			continue;
		}
		if (!note->number) {
			note->number = (unsigned)++ns->numbered;
			ns->order[note->number - 1] = note;
		}
		if (i > run) {
			struct gz_node *before = gz_arena_node(gz_node_arena(t), GZ_NODE_TEXT);
			gz_node_set_text(before, t->text + run, i - run);
			gz_node_insert_before(t, t->parent, before);
		}
		struct gz_node *ref = gz_arena_node(gz_node_arena(t), GZ_NODE_FOOTNOTE_REF);
		ref->note.label = gz_arena_strndup(gz_node_arena(t), p + 2, n - 3);
		ref->note.number = note->number;
		ref->note.refs = ++note->refs;
		gz_node_insert_before(t, t->parent, ref);
		i += n;
		run = i;
	}
	if (run == 0)
		return t;
	if (run == t->len) {
		struct gz_node *last = t->prev;
		gz_node_free(t);
		return last;
	}
	memmove(t->text, t->text + run, t->len - run);
	t->len -= run;
	t->text[t->len] = '\0';
	return t;
}

/* Replaces the references under `root` (not inside links, images or code). */
static void
find_references(struct notes *ns, struct gz_node *root)
{
	struct gz_node *n = root->first;
	while (n) {
		if (n->kind == GZ_NODE_TEXT && n->len >= 4 && memchr(n->text, '[', n->len))
			n = split_text(ns, n);
		else if (n->first && n->kind != GZ_NODE_LINK && n->kind != GZ_NODE_IMAGE
		    && n->kind != GZ_NODE_FOOTNOTES) {
			n = n->first;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
}

void
gz_footnotes_apply(struct gz_node *root, const struct gz_extract *ex, const char *name,
    enum gz_dialect dialect, struct gz_log *log)
{
	struct notes ns = {
		.by_label = g_hash_table_new(g_str_hash, g_str_equal),
		.all = gz_xcalloc(ex->count + 1, sizeof *ns.all),
		.order = gz_xcalloc(ex->count + 1, sizeof *ns.order),
		.name = name,
		.log = log,
	};
	GStringChunk *keys = g_string_chunk_new(256);
	for (size_t i = 0; i < ex->count; i++) {
		const struct gz_extract_item *it = &ex->items[i];
		if (!it->label)
			continue;
		const char *key = fold(&ns.key, it->label, strlen(it->label));
		if (g_hash_table_contains(ns.by_label, key)) {
			gz_warn(log, name, it->line, "footnote [^%s] is defined twice: the first "
			    "definition is kept", it->label);
			continue;
		}
		struct note *note = &ns.all[ns.count++];
		note->def = it;
		g_hash_table_insert(ns.by_label, g_string_chunk_insert(keys, key), note);
	}
	find_references(&ns, root);
	/* Notes may refer to notes: each definition is read, and searched, once
	 * it is referenced, so numbers follow the order of first reference. */
	for (size_t k = 0; k < ns.numbered; k++) {
		struct note *note = ns.order[k];
		const struct gz_extract_item *it = note->def;
		note->body = gz_markdown_parse(name, it->text, it->len, it->line, dialect, log);
		if (!note->body)
			continue;
		if (memchr(it->text, '{', it->len))
			gz_kramdown_apply(note->body, it->text, it->len, it->line, name, log);
		find_references(&ns, note->body);
	}
	for (size_t i = 0; i < ns.count; i++)
		if (!ns.all[i].number)
			gz_warn(log, name, ns.all[i].def->line, "footnote [^%s] is never referenced: "
			    "left out", ns.all[i].def->label);
	if (ns.numbered) {
		struct gz_node *list = gz_arena_node(gz_node_arena(root), GZ_NODE_FOOTNOTES);
		list->line = ns.order[0]->def->line;
		gz_node_append(root, list);
		for (size_t k = 0; k < ns.numbered; k++) {
			struct note *note = ns.order[k];
			struct gz_node *fn = gz_arena_node(gz_node_arena(root), GZ_NODE_FOOTNOTE);
			fn->line = note->def->line;
			fn->note.label = gz_arena_strndup(gz_node_arena(root), note->def->label,
			    strlen(note->def->label));
			fn->note.number = note->number;
			fn->note.refs = note->refs;
			gz_node_append(list, fn);
			while (note->body && note->body->first) {
				struct gz_node *c = note->body->first;
				gz_node_unlink(c);
				gz_node_append(fn, c);
			}
			gz_node_free(note->body);
		}
	}
	g_hash_table_destroy(ns.by_label);
	g_string_chunk_free(keys);
	gz_buf_free(&ns.key);
	free(ns.all);
	free(ns.order);
}
