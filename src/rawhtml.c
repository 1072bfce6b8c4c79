/* rawhtml.c: raw HTML as tree nodes, read with libxml2's HTML parser; the
 * module gazette-rawhtml.so, loaded only by a page that holds raw HTML. */
#include "internal.h"

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* What an element becomes. */
enum action {
	TRANSPARENT,    /* its children go to its parent (unknown elements, html, body) */
	SKIP,           /* nothing: head, title, meta, comments' kin */
	KIND,           /* a node of `kind` */
	BLOCK_ELEM,     /* a DIV named after it */
	INLINE_ELEM,    /* a SPAN named after it */
	UNDRAWN,        /* a childless DIV or SPAN (by context): backends that cannot
			   show it say so */
};

struct element {
	const char *name;
	enum action action;
	enum gz_node_kind kind;
};

/* Sorted by name, for bsearch. */
static const struct element elements[] = {
	{ "a", KIND, GZ_NODE_LINK },
	{ "abbr", INLINE_ELEM, 0 },
	{ "address", BLOCK_ELEM, 0 },
	{ "article", BLOCK_ELEM, 0 },
	{ "aside", BLOCK_ELEM, 0 },
	{ "audio", UNDRAWN, 0 },
	{ "b", KIND, GZ_NODE_STRONG },
	{ "big", INLINE_ELEM, 0 },
	{ "blockquote", KIND, GZ_NODE_BLOCKQUOTE },
	{ "body", TRANSPARENT, 0 },
	{ "br", KIND, GZ_NODE_HARD_BREAK },
	{ "button", UNDRAWN, 0 },
	{ "canvas", UNDRAWN, 0 },
	{ "caption", BLOCK_ELEM, 0 },
	{ "center", BLOCK_ELEM, 0 },
	{ "cite", INLINE_ELEM, 0 },
	{ "code", KIND, GZ_NODE_CODE },
	{ "dd", KIND, GZ_NODE_DEF_DATA },
	{ "del", KIND, GZ_NODE_STRIKETHROUGH },
	{ "details", BLOCK_ELEM, 0 },
	{ "div", BLOCK_ELEM, 0 },
	{ "dl", KIND, GZ_NODE_DEF_LIST },
	{ "dt", KIND, GZ_NODE_DEF_TERM },
	{ "em", KIND, GZ_NODE_EMPHASIS },
	{ "embed", UNDRAWN, 0 },
	{ "figcaption", BLOCK_ELEM, 0 },
	{ "figure", BLOCK_ELEM, 0 },
	{ "font", INLINE_ELEM, 0 },
	{ "footer", BLOCK_ELEM, 0 },
	{ "form", UNDRAWN, 0 },
	{ "h1", KIND, GZ_NODE_HEADING },
	{ "h2", KIND, GZ_NODE_HEADING },
	{ "h3", KIND, GZ_NODE_HEADING },
	{ "h4", KIND, GZ_NODE_HEADING },
	{ "h5", KIND, GZ_NODE_HEADING },
	{ "h6", KIND, GZ_NODE_HEADING },
	{ "head", TRANSPARENT, 0 },     /* libxml2 puts a leading <script> there */
	{ "header", BLOCK_ELEM, 0 },
	{ "hr", KIND, GZ_NODE_THEMATIC_BREAK },
	{ "html", TRANSPARENT, 0 },
	{ "i", KIND, GZ_NODE_EMPHASIS },
	{ "iframe", UNDRAWN, 0 },
	{ "img", KIND, GZ_NODE_IMAGE },
	{ "input", UNDRAWN, 0 },
	{ "ins", INLINE_ELEM, 0 },
	{ "kbd", INLINE_ELEM, 0 },
	{ "li", KIND, GZ_NODE_ITEM },
	{ "link", SKIP, 0 },
	{ "main", BLOCK_ELEM, 0 },
	{ "mark", INLINE_ELEM, 0 },
	{ "math", UNDRAWN, 0 },
	{ "meta", SKIP, 0 },
	{ "nav", BLOCK_ELEM, 0 },
	{ "object", UNDRAWN, 0 },
	{ "ol", KIND, GZ_NODE_LIST },
	{ "p", KIND, GZ_NODE_PARAGRAPH },
	{ "pre", KIND, GZ_NODE_CODE_BLOCK },
	{ "q", INLINE_ELEM, 0 },
	{ "s", KIND, GZ_NODE_STRIKETHROUGH },
	{ "samp", INLINE_ELEM, 0 },
	{ "script", UNDRAWN, 0 },
	{ "section", BLOCK_ELEM, 0 },
	{ "select", UNDRAWN, 0 },
	{ "small", INLINE_ELEM, 0 },
	{ "span", INLINE_ELEM, 0 },
	{ "strike", KIND, GZ_NODE_STRIKETHROUGH },
	{ "strong", KIND, GZ_NODE_STRONG },
	{ "style", UNDRAWN, 0 },
	{ "sub", INLINE_ELEM, 0 },
	{ "summary", BLOCK_ELEM, 0 },
	{ "sup", INLINE_ELEM, 0 },
	{ "svg", UNDRAWN, 0 },
	{ "table", KIND, GZ_NODE_TABLE },
	{ "tbody", KIND, GZ_NODE_TABLE_BODY },
	{ "td", KIND, GZ_NODE_TABLE_CELL },
	{ "textarea", UNDRAWN, 0 },
	{ "tfoot", KIND, GZ_NODE_TABLE_BODY },
	{ "th", KIND, GZ_NODE_TABLE_CELL },
	{ "thead", KIND, GZ_NODE_TABLE_HEAD },
	{ "title", SKIP, 0 },
	{ "tr", KIND, GZ_NODE_TABLE_ROW },
	{ "tt", KIND, GZ_NODE_CODE },
	{ "u", INLINE_ELEM, 0 },
	{ "ul", KIND, GZ_NODE_LIST },
	{ "var", INLINE_ELEM, 0 },
	{ "video", UNDRAWN, 0 },
};

static int
compare_element(const void *key, const void *e)
{
	return strcmp(key, ((const struct element *)e)->name);
}

static const struct element *
find_element(const char *name)
{
	return bsearch(name, elements, GZ_ARRAY_LEN(elements), sizeof *elements, compare_element);
}

struct map {
	struct gz_arena *arena;         /* the target's, or NULL */
	unsigned base_line;             /* file line of the parsed text's first line */
	struct gz_buf scratch;
};

static char *
map_strdup(struct map *m, const char *s)
{
	return m->arena ? gz_arena_strndup(m->arena, s, strlen(s)) : gz_xstrdup(s);
}

static struct gz_node *
map_node(struct map *m, enum gz_node_kind kind, const xmlNode *x)
{
	struct gz_node *n = m->arena ? gz_arena_node(m->arena, kind) : gz_node_new(kind);
	long line = x ? xmlGetLineNo(x) : 0;
	if (line > 0 && m->base_line)
		n->line = m->base_line + (unsigned)line - 1;
	return n;
}

static const char *
prop(const xmlNode *x, const char *name)
{
	for (const xmlAttr *a = x->properties; a; a = a->next)
		if (xmlStrcasecmp(a->name, (const xmlChar *)name) == 0)
			return a->children && a->children->content
			    ? (const char *)a->children->content : "";
	return NULL;
}

/* Every attribute of x onto n, but `markdown` (kramdown's, never written). */
static void
copy_attrs(struct gz_node *n, const xmlNode *x)
{
	for (const xmlAttr *a = x->properties; a; a = a->next) {
		if (xmlStrcasecmp(a->name, (const xmlChar *)"markdown") == 0)
			continue;
		const char *v = a->children && a->children->content
		    ? (const char *)a->children->content : "";
		gz_node_set_attr(n, (const char *)a->name, v);
	}
}

/* Whether nodes of this kind hold blocks, so that white space between their
 * children is no text. */
static bool
holds_blocks(const struct gz_node *n)
{
	switch (n->kind) {
	case GZ_NODE_HTML_BLOCK:
	case GZ_NODE_BLOCKQUOTE:
	case GZ_NODE_LIST:
	case GZ_NODE_TABLE:
	case GZ_NODE_TABLE_HEAD:
	case GZ_NODE_TABLE_BODY:
	case GZ_NODE_TABLE_ROW:
	case GZ_NODE_DEF_LIST:
		return true;
	default:
		return false;
	}
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Text as HTML shows it: each run of white space one space. */
static void
add_text(struct map *m, struct gz_node *parent, const xmlNode *x)
{
	const char *s = (const char *)x->content;
	if (!s)
		return;
	struct gz_buf *b = &m->scratch;
	b->len = 0;
	gz_buf_append(b, "", 0);
	/* A space after a space already written (or at a block's start) goes. */
	bool space = parent->last ? parent->last->kind == GZ_NODE_HARD_BREAK
	    || (parent->last->kind == GZ_NODE_TEXT && parent->last->len
	    && parent->last->text[parent->last->len - 1] == ' ')
	    || gz_node_is_block(parent->last->kind) : true;
	for (; *s; s++) {
		if (is_space(*s)) {
			if (!space)
				gz_buf_putc(b, ' ');
			space = true;
		} else {
			gz_buf_putc(b, *s);
			space = false;
		}
	}
	if (b->len == 0 || (holds_blocks(parent) && strspn(b->data, " ") == b->len))
		return;
	struct gz_node *t = map_node(m, GZ_NODE_TEXT, NULL);
	gz_node_set_text(t, b->data, b->len);
	gz_node_append(parent, t);
}

/* Drops the space a block's inline content ends with (HTML shows none). */
static void
trim_end(struct gz_node *n)
{
	struct gz_node *t = n->last;
	if (!t || t->kind != GZ_NODE_TEXT || t->len == 0 || t->text[t->len - 1] != ' ')
		return;
	if (t->len == 1) {
		gz_node_free(t);
		return;
	}
	t->text[--t->len] = '\0';
}

static enum gz_align
cell_align(const xmlNode *x)
{
	const char *a = prop(x, "align");
	const char *style = prop(x, "style");
	char buf[16] = "";
	if (!a && style && (a = strstr(style, "text-align")) != NULL) {
		a += strlen("text-align");
		while (*a == ' ' || *a == ':')
			a++;
		size_t i = 0;
		while (i + 1 < sizeof buf && g_ascii_isalpha(a[i])) {
			buf[i] = a[i];
			i++;
		}
		buf[i] = '\0';
		a = buf;
	}
	if (!a)
		return GZ_ALIGN_NONE;
	return g_ascii_strcasecmp(a, "center") == 0 ? GZ_ALIGN_CENTER
	    : g_ascii_strcasecmp(a, "right") == 0 ? GZ_ALIGN_RIGHT
	    : g_ascii_strcasecmp(a, "left") == 0 ? GZ_ALIGN_LEFT : GZ_ALIGN_NONE;
}

/* Whether a table part of `kind` may stand in `parent` (other kinds may
 * stand anywhere). */
static bool
in_table_place(enum gz_node_kind kind, const struct gz_node *parent)
{
	switch (kind) {
	case GZ_NODE_TABLE_HEAD:
	case GZ_NODE_TABLE_BODY:
		return parent->kind == GZ_NODE_TABLE;
	case GZ_NODE_TABLE_ROW:
		return parent->kind == GZ_NODE_TABLE || parent->kind == GZ_NODE_TABLE_HEAD
		    || parent->kind == GZ_NODE_TABLE_BODY;
	case GZ_NODE_TABLE_CELL:
		return parent->kind == GZ_NODE_TABLE_ROW;
	default:
		return true;
	}
}

/* The element x as a node (children to follow), or NULL when it has none of
 * its own; *descend says whether its children are mapped. */
static struct gz_node *
map_element(struct map *m, const xmlNode *x, struct gz_node *parent, bool *descend)
{
	const char *name = (const char *)x->name;
	const struct element *e = find_element(name);
	*descend = true;
	if (!e || e->action == TRANSPARENT)
		return NULL;
	if (e->action == SKIP) {
		*descend = false;
		return NULL;
	}
	struct gz_node *n;
	switch (e->action) {
	case BLOCK_ELEM:
	case INLINE_ELEM:
		n = map_node(m, e->action == BLOCK_ELEM ? GZ_NODE_DIV : GZ_NODE_SPAN, x);
		n->elem.tag = map_strdup(m, name);
		copy_attrs(n, x);
		return n;
	case UNDRAWN: {
		/* Block or inline as where it stands. */
		bool block = holds_blocks(parent) || parent->kind == GZ_NODE_DIV;
		n = map_node(m, block ? GZ_NODE_DIV : GZ_NODE_SPAN, x);
		n->elem.tag = map_strdup(m, name);
		copy_attrs(n, x);
		*descend = false;
		return n;
	}
	default:
		break;
	}
	/* Table parts out of their place (a <tr> with no <table>) are plain
	 * containers: the PDF's table code reads only what a table holds. */
	if (!in_table_place(e->kind, parent)) {
		n = map_node(m, GZ_NODE_DIV, x);
		n->elem.tag = map_strdup(m, name);
		copy_attrs(n, x);
		return n;
	}
	/* An <a> with no href is an anchor: an inline container with the id. */
	bool anchor = e->kind == GZ_NODE_LINK && !prop(x, "href");
	n = map_node(m, anchor ? GZ_NODE_SPAN : e->kind, x);
	switch (anchor ? GZ_NODE_SPAN : e->kind) {
	case GZ_NODE_SPAN:
		n->elem.tag = map_strdup(m, "a");
		copy_attrs(n, x);
		gz_node_set_attr(n, "name", NULL);
		if (prop(x, "id") || prop(x, "name"))
			gz_node_set_attr(n, "id", prop(x, "id") ? prop(x, "id") : prop(x, "name"));
		return n;
	case GZ_NODE_HEADING: {
		n->heading.level = name[1] - '0';
		const char *id = prop(x, "id");
		if (id && *id)
			n->heading.id = map_strdup(m, id);
		break;
	}
	case GZ_NODE_LIST:
		n->list.ordered = name[0] == 'o';
		n->list.tight = true;
		n->list.mark = n->list.ordered ? '.' : '*';
		n->list.start = 1;
		if (n->list.ordered && prop(x, "start"))
			n->list.start = (unsigned)strtoul(prop(x, "start"), NULL, 10);
		for (const xmlNode *li = x->children; li; li = li->next)
			for (const xmlNode *c = li->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "p"))
					n->list.tight = false;
		break;
	case GZ_NODE_CODE_BLOCK:
	case GZ_NODE_CODE: {
		/* Their text is all the text inside, as written. */
		xmlChar *s = xmlNodeGetContent(x);
		const char *t = s ? (const char *)s : "";
		if (e->kind == GZ_NODE_CODE_BLOCK && *t == '\n')
			t++;
		gz_node_set_text(n, t, strlen(t));
		xmlFree(s);
		*descend = false;
		break;
	}
	case GZ_NODE_TABLE_CELL:
		n->cell.header = name[1] == 'h';
		n->cell.align = cell_align(x);
		break;
	case GZ_NODE_LINK: {
		const char *id = prop(x, "id") ? prop(x, "id") : prop(x, "name");
		n->link.url = map_strdup(m, prop(x, "href"));
		if (prop(x, "title"))
			n->link.title = map_strdup(m, prop(x, "title"));
		copy_attrs(n, x);
		gz_node_set_attr(n, "href", NULL);
		gz_node_set_attr(n, "title", NULL);
		gz_node_set_attr(n, "name", NULL);
		if (id && *id)
			gz_node_set_attr(n, "id", id);
		return n;
	}
	case GZ_NODE_IMAGE: {
		const char *src = prop(x, "src"), *alt = prop(x, "alt");
		n->link.url = map_strdup(m, src ? src : "");
		if (prop(x, "title"))
			n->link.title = map_strdup(m, prop(x, "title"));
		if (alt && *alt) {
			struct gz_node *t = map_node(m, GZ_NODE_TEXT, NULL);
			gz_node_set_text(t, alt, strlen(alt));
			gz_node_append(n, t);
		}
		copy_attrs(n, x);
		static const char *const own[] = { "src", "alt", "title" };
		for (size_t i = 0; i < GZ_ARRAY_LEN(own); i++)
			gz_node_set_attr(n, own[i], NULL);
		*descend = false;
		return n;
	}
	default:
		break;
	}
	copy_attrs(n, x);
	return n;
}

/* Moves what stands in `from` (a table, a section or a row) but is not of
 * kind `keep` before the table, in order, as an HTML5 browser
 * foster-parents it: a caption, or text or a container between rows or
 * cells.  libxml2's parser leaves such nodes where they were written. */
static void
foster_parent(struct gz_node *table, struct gz_node *from, enum gz_node_kind keep)
{
	for (struct gz_node *n = from->first, *next; n; n = next) {
		next = n->next;
		if (n->kind == keep || (from == table && n->kind == GZ_NODE_TABLE_HEAD)
		    || (from == table && n->kind == GZ_NODE_TABLE_BODY))
			continue;
		gz_node_unlink(n);
		gz_node_insert_before(table, table->parent, n);
	}
}

/* Rows straight inside a table go into a body (libxml2 adds none), the
 * first one into a head when all its cells are headers, anything else
 * before the table (foster_parent), so that a table holds only sections,
 * a section only rows and a row only cells; the table's width in columns
 * counts colspan and the cells rowspan carries down.  A cell or section
 * elsewhere was made a DIV. */
static void
finish_table(struct map *m, struct gz_node *table)
{
	foster_parent(table, table, GZ_NODE_TABLE_ROW);
	for (struct gz_node *r = table->first; r; r = r->next) {
		if (r->kind != GZ_NODE_TABLE_ROW)
			foster_parent(table, r, GZ_NODE_TABLE_ROW);
	}
	for (struct gz_node *r = table->first; r; r = r->next) {
		if (r->kind == GZ_NODE_TABLE_ROW)
			foster_parent(table, r, GZ_NODE_TABLE_CELL);
		else
			for (struct gz_node *row = r->first; row; row = row->next)
				foster_parent(table, row, GZ_NODE_TABLE_CELL);
	}
	struct gz_node *body = NULL;
	for (struct gz_node *r = table->first, *next; r; r = next) {
		next = r->next;
		if (r->kind == GZ_NODE_TABLE_HEAD || r->kind == GZ_NODE_TABLE_BODY) {
			body = NULL;
			continue;
		}
		bool head = r == table->first && r->first;
		for (const struct gz_node *c = r->first; c && head; c = c->next)
			head = c->kind == GZ_NODE_TABLE_CELL && c->cell.header;
		if (head || !body) {
			struct gz_node *part = map_node(m, head ? GZ_NODE_TABLE_HEAD
			    : GZ_NODE_TABLE_BODY, NULL);
			part->line = r->line;
			/* insert the part where the row is, then the row into it */
			gz_node_insert_before(r, table, part);
			gz_node_unlink(r);
			gz_node_append(part, r);
			body = head ? NULL : part;
		} else {
			gz_node_unlink(r);
			gz_node_append(body, r);
		}
	}
	unsigned columns = 0;
	unsigned *carry = NULL;         /* rows each column is still taken for */
	size_t carry_len = 0;
	for (const struct gz_node *part = table->first; part; part = part->next) {
		for (const struct gz_node *r = part->first; r; r = r->next) {
			size_t col = 0;
			for (const struct gz_node *c = r->first; c; c = c->next) {
				while (col < carry_len && carry[col])
					col++;
				unsigned span = gz_cell_span(c, "colspan"), down = gz_cell_span(c, "rowspan");
				if (col + span > carry_len) {
					carry = gz_xrealloc(carry, (col + span) * sizeof *carry);
					memset(carry + carry_len, 0, (col + span - carry_len) * sizeof *carry);
					carry_len = col + span;
				}
				for (size_t k = 0; k < span; k++)
					carry[col + k] = down;
				col += span;
			}
			for (size_t k = 0; k < carry_len; k++)
				if (carry[k])
					carry[k]--;
			if (col > columns)
				columns = (unsigned)col;
			if (carry_len > columns)
				columns = (unsigned)carry_len;
		}
	}
	free(carry);
	table->table.columns = columns ? columns : 1;
}

/* Maps the children of the libxml2 node `from` into `into`, without
 * recursion: each element's node waits in its `_private` while its
 * children are mapped. */
static void
map_tree(struct map *m, xmlNode *from, struct gz_node *into)
{
	from->_private = into;
	xmlNode *x = from->children;
	while (x) {
		struct gz_node *parent = x->parent->_private;
		bool descend = false;
		if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
			add_text(m, parent, x);
		} else if (x->type == XML_ELEMENT_NODE) {
			struct gz_node *n = map_element(m, x, parent, &descend);
			if (n) {
				gz_node_append(parent, n);
				x->_private = n;
			} else {
				x->_private = parent;
			}
		}
		if (descend && x->children) {
			x = x->children;
			continue;
		}
		/* Leave x and every ancestor whose children are done. */
		while (x != from) {
			struct gz_node *n = x->_private;
			if (x->type == XML_ELEMENT_NODE && n && n != x->parent->_private) {
				if (n->kind == GZ_NODE_TABLE)
					finish_table(m, n);
				if (!holds_blocks(n))
					trim_end(n);
			}
			if (x->next) {
				x = x->next;
				break;
			}
			x = x->parent;
		}
		if (x == from)
			break;
	}
}

/* One parser context, reused for every piece of a document's raw HTML:
 * making one costs more than reading a typical HTML block. */
struct gz_rawhtml {
	htmlParserCtxtPtr ctxt;
};

static struct gz_rawhtml *
open_parser(void)
{
	struct gz_rawhtml *p = gz_xcalloc(1, sizeof *p);
	p->ctxt = htmlNewParserCtxt();     /* NULL (no memory): nothing is read */
	return p;
}

static void
close_parser(struct gz_rawhtml *p)
{
	if (!p)
		return;
	htmlFreeParserCtxt(p->ctxt);
	free(p);
}

static htmlDocPtr
read_html(struct gz_rawhtml *p, const char *s, size_t len)
{
	if (!p->ctxt || len == 0 || len > INT_MAX)
		return NULL;
	return htmlCtxtReadMemory(p->ctxt, s, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER
	    | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
}

/* Appends to n what its raw HTML text maps to; see internal.h. */
static void
map_html(struct gz_rawhtml *p, struct gz_node *n, unsigned line)
{
	htmlDocPtr doc = read_html(p, n->text, n->len);
	if (!doc)
		return;
	struct map m = { .arena = gz_node_arena(n), .base_line = line };
	map_tree(&m, (xmlNode *)doc, n);
	trim_end(n);
	gz_buf_free(&m.scratch);
	xmlFreeDoc(doc);
}

/* The first element in a parsed document, or NULL. */
static const xmlNode *
first_element(const xmlNode *x)
{
	while (x) {
		if (x->type == XML_ELEMENT_NODE && !xmlStrEqual(x->name, BAD_CAST "html")
		    && !xmlStrEqual(x->name, BAD_CAST "body"))
			return x;
		if (x->type == XML_ELEMENT_NODE || x->type == XML_DOCUMENT_NODE
		    || x->type == XML_HTML_DOCUMENT_NODE) {
			if (x->children) {
				x = x->children;
				continue;
			}
		}
		while (x && !x->next)
			x = x->parent;
		x = x ? x->next : NULL;
	}
	return NULL;
}

/* Names `into` (a DIV or SPAN) after the element the opening tag s[0..len)
 * starts and gives it that element's attributes (less `markdown`). */
static bool
map_tag(struct gz_rawhtml *p, const char *s, size_t len, struct gz_node *into)
{
	htmlDocPtr doc = read_html(p, s, len);
	if (!doc)
		return false;
	const xmlNode *e = first_element((const xmlNode *)doc);
	if (e) {
		into->elem.tag = gz_node_arena(into) ? gz_arena_strndup(gz_node_arena(into), (const char *)e->name,
		    strlen((const char *)e->name)) : gz_xstrdup((const char *)e->name);
		copy_attrs(into, e);
	}
	xmlFreeDoc(doc);
	return e != NULL;
}

const struct gz_rawhtml_ops gz_rawhtml_module_ops = {
	.open = open_parser,
	.close = close_parser,
	.map = map_html,
	.tag = map_tag,
};
