/* blocks.c: the document tree as a column of atoms, block by block: the
 * title block, paragraphs, headings, quotes, lists, code, rules, figures
 * and tables, with the spaces between them and where a page may break. */
#include "blocks.h"
#include "code.h"
#include "highlight.h"
#include "anchors.h"
#include "attrs.h"
#include "cover.h"
#include "figure.h"
#include "htmlblocks.h"
#include "image.h"
#include "inline.h"
#include "lay.h"
#include "layout.h"
#include "notes.h"
#include "picture.h"
#include "subset.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

/* The title block's title, in times the body size. */
#define TITLE_SCALE 2.3

struct frame *
push_frame(struct lay *l, const struct gz_node *n, const char *tag)
{
	if (l->depth == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->frames = gz_xrealloc(l->frames, l->cap * sizeof *l->frames);
	}
	struct frame *parent = lay_top(l);
	struct frame *f = &l->frames[l->depth++];
	*f = (struct frame){ .node = n, .x_pt = parent->x_pt, .w_pt = parent->w_pt,
	    .tight = parent->tight, .align = parent->align, .bold = parent->bold,
	    .scale = parent->scale };
	f->elem = pdf_layout_elem(l->lo, parent->elem, tag);
	return f;
}

/* Moves a frame's left edge right by `indent_pt`, unless deep nesting would
 * leave less than a third of the column: text never runs off the page. */
void
indent(struct lay *l, struct frame *f, double indent_pt)
{
	if (f->w_pt - indent_pt < l->st->column_w_pt / 3)
		return;
	f->x_pt += indent_pt;
	f->w_pt -= indent_pt;
}

/* Lays out inline nodes [first, end) as a text in the current frame. */
static void
text_block(struct lay *l, const struct gz_node *first, const struct gz_node *end,
    const char *tag, unsigned line)
{
	struct frame *f = lay_top(l);
	/* An alignment class of the block (`{: .text-center}`) places its lines;
	 * else the container's (raw HTML's align, <center>). */
	enum pdf_side side = first ? pdf_attr_side(first->parent) : PDF_SIDE_NONE;
	PangoAlignment align = side == PDF_SIDE_CENTER ? PANGO_ALIGN_CENTER
	    : side == PDF_SIDE_RIGHT ? PANGO_ALIGN_RIGHT
	    : side == PDF_SIDE_LEFT ? PANGO_ALIGN_LEFT : f->align;
	struct pdf_text *t = pdf_inline_text(&l->ic, first, end, PDF_FACE_SERIF, f->bold,
	    l->st->size_pt * (f->scale > 0 ? f->scale : 1), f->w_pt, align);
	if (pango_layout_get_character_count(t->layout) == 0) {
		pdf_text_free(t);
		return;
	}
	t->justify = align == PANGO_ALIGN_LEFT;
	lay_want_gap(l, f->tight ? l->st->size_pt * 0.25 : para_gap(l));
	lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, tag), f->x_pt, BREAKS_PARAGRAPH, 0, 0,
	    line);
	lay_want_gap(l, f->tight ? 0 : para_gap(l));
}

static enum gz_walk_result
enter_paragraph(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	if (pdf_only_images(n)) {
		for (const struct gz_node *c = n->first; c; c = c->next)
			if (c->kind == GZ_NODE_IMAGE)
				pdf_figure(l, c);
	} else {
		/* A picture too large for a line is a figure between the
		 * paragraph's pieces before and after it. */
		const struct gz_node *from = n->first;
		for (const struct gz_node *c = n->first; c; c = c->next) {
			if (c->kind != GZ_NODE_IMAGE
			    || !pdf_image_is_block(&l->ic, c, l->st->size_pt, lay_top(l)->w_pt))
				continue;
			text_block(l, from, c, "P", n->line);
			pdf_figure(l, c);
			from = c->next;
		}
		text_block(l, from, NULL, "P", n->line);
	}
	return GZ_WALK_SKIP;
}

/* `s` with runs of white space made one space and none at its ends. */
static char *
squeezed(char *s)
{
	size_t out = 0;
	for (size_t i = 0; s[i]; i++) {
		bool space = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
		if (space && (out == 0 || s[out - 1] == ' '))
			continue;
		s[out++] = space ? ' ' : s[i];
	}
	if (out > 0 && s[out - 1] == ' ')
		out--;
	s[out] = '\0';
	return s;
}

/* A heading's outline entry: its plain text with runs of white space as one
 * space and none at either end (a soft break before an image or raw HTML
 * would leave one). */
static char *
outline_title(const struct gz_node *heading)
{
	return squeezed(gz_node_plain_text(heading));
}

static enum gz_walk_result
enter_heading(const struct gz_node *n, void *ctx)
{
	static const char *const tags[] = { "H1", "H1", "H2", "H3", "H4", "H5", "H6" };
	struct lay *l = ctx;
	if (n == l->opening && !l->in_title_block)
		return GZ_WALK_SKIP;    /* shown by the title block */
	struct frame *f = lay_top(l);
	int level = n->heading.level < 1 ? 1 : n->heading.level > 6 ? 6 : n->heading.level;
	double size = l->in_title_block ? TITLE_SCALE * l->st->size_pt
	    : l->st->heading_size_pt[level];
	/* In two columns, headings of level 1 and 2 run across both (from the
	 * text block's left edge: headings sit in no container that indents). */
	bool span = l->st->columns > 1 && level <= 2 && l->depth == 1;
	double w = span ? l->st->body_w_pt : f->w_pt;
	struct pdf_text *t = pdf_inline_text(&l->ic, n->first, NULL, PDF_FACE_SANS, true, size,
	    w, PANGO_ALIGN_LEFT);
	if (!l->in_title_block)
		lay_want_gap(l, l->st->size_pt * (level <= 2 ? 2.0 : 1.5));
	size_t first = l->lo->count;
	l->span = span;
	lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, tags[level]), f->x_pt, BREAKS_NONE, 0, 0,
	    n->line);
	l->span = false;
	struct pdf_heading *h = gz_xcalloc(1, sizeof *h);
	h->level = level + l->level_shift > 6 ? 6 : level + l->level_shift;
	const char *dest = n->heading.id ? g_hash_table_lookup(l->dests, n->heading.id) : NULL;
	h->dest = gz_xstrdup(dest ? dest : "");
	h->title = outline_title(n);
	/* The contents list what HTML's does: levels 1 to 3, less a lone level-1
	 * heading (the page's title). */
	h->in_toc = dest && level <= 3 && !(level == 1 && l->h1_count == 1);
	l->lo->atoms[first].heading = h;
	lay_want_gap(l, l->st->size_pt * 0.6);
	l->keep = true;         /* never the last thing on a page */
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_quote(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = push_frame(l, n, "BlockQuote");
	f->elem->quote = true;
	f->elem->bar_x_pt = f->x_pt + 1.5;
	indent(l, f, l->st->size_pt * 1.4);
	f->tight = false;
	lay_want_gap(l, para_gap(l));
	return GZ_WALK_NEXT;
}

void
leave_container(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct lay *l = ctx;
	bool tight = lay_top(l)->tight;
	l->depth--;
	lay_want_gap(l, tight && lay_top(l)->tight ? l->st->size_pt * 0.25 : para_gap(l));
}

static enum gz_walk_result
enter_list(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = push_frame(l, n, "L");
	f->tight = n->list.tight;
	f->number = n->list.start;
	f->indent_pt = l->st->size_pt * 1.6;
	if (n->list.ordered) {
		unsigned last = n->list.start;
		for (const struct gz_node *c = n->first; c; c = c->next)
			last++;
		f->indent_pt = l->st->size_pt * (last >= 100 ? 2.8 : last >= 10 ? 2.2 : 1.8);
	}
	lay_want_gap(l, f->tight ? l->st->size_pt * 0.25 : para_gap(l));
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
enter_item(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	/* push_frame may move the frames: find the list's frame after it. */
	struct frame *f = push_frame(l, n, "LI");
	struct frame *list = f - 1;
	indent(l, f, list->indent_pt);
	struct pdf_marker *m = gz_xcalloc(1, sizeof *m);
	m->task = n->item.task;
	m->x_pt = f->x_pt - l->st->size_pt * 0.5;
	if (m->task == GZ_TASK_NONE) {
		static const char *const bullets[] = { "\u2022", "\u25E6", "\u25AA" };
		char *s;
		if (list->node->list.ordered) {
			s = gz_xasprintf("%u%c", list->number++, list->node->list.mark ? list->node->list.mark : '.');
		} else {
			size_t nesting = 0;
			for (size_t i = 0; i + 1 < l->depth; i++)
				nesting += l->frames[i].node && l->frames[i].node->kind == GZ_NODE_LIST
				    && !l->frames[i].node->list.ordered;
			s = gz_xstrdup(bullets[(nesting - 1) % GZ_ARRAY_LEN(bullets)]);
		}
		m->text = pdf_plain_text(l->st, l->fonts, s, PDF_FACE_SERIF, false, l->st->size_pt, -1);
		pdf_fonts_note_layout(l->fonts, m->text->layout, n->line);
		free(s);
	}
	lay_marker_free(l->marker); /* an empty item before: its marker had nothing to sit on */
	l->marker = m;
	return GZ_WALK_NEXT;
}

static void
leave_item(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	if (l->marker) {
		/* An empty item still shows its marker, on an empty line. */
		struct pdf_text *t = pdf_plain_text(l->st, l->fonts, " ", PDF_FACE_SERIF, false,
		    l->st->size_pt, lay_top(l)->w_pt);
		lay_push_lines(l, t, pdf_layout_elem(l->lo, lay_top(l)->elem, "P"), lay_top(l)->x_pt,
		    BREAKS_NONE, 0, 0, n->line);
	}
	leave_container(n, ctx);
}

/* Inline nodes straight inside an item (md4c's tight lists have no
 * paragraph): the run up to the next block is one text. */
static enum gz_walk_result
enter_inline(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	if (n->parent == l->run_parent) {
		/* inside the run laid out already, unless past its end */
		const struct gz_node *c = n;
		while (c && c != l->run_end)
			c = c->prev;
		if (!c || !l->run_end)
			return GZ_WALK_SKIP;
	}
	const struct gz_node *end = n;
	while (end && !gz_node_is_block(end->kind))
		end = end->next;
	l->run_parent = n->parent;
	l->run_end = end;
	text_block(l, n, end, "P", n->line ? n->line : n->parent->line);
	return GZ_WALK_SKIP;
}

/* A code block's lines go into texts of at most this many: pango finds a
 * layout's lines and applies its attributes in time that grows with the
 * lines and attributes already in it, so one text for a long (and coloured)
 * block costs the square of its length. */
enum { CODE_CHUNK_LINES = 64 };

static enum gz_walk_result
enter_code_block(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = lay_top(l);
	double pad = l->st->size_pt * 0.6;
	size_t len = n->len;
	while (len > 0 && n->text[len - 1] == '\n')
		len--;
	struct gz_tokens tokens = {0};
	if (len && gz_highlight_wanted(l->doc->page, l->doc->site))
		gz_highlight(n, &tokens, l->log);
	struct pdf_elem *e = pdf_layout_elem(l->lo, f->elem, "Code");
	e->shaded = true;
	e->x_pt = f->x_pt;
	e->w_pt = f->w_pt;
	lay_want_gap(l, para_gap(l));
	size_t start = 0;
	unsigned line = n->line;
	do {
		size_t end = start;
		for (int i = 0; i < CODE_CHUNK_LINES && end < len; i++) {
			const char *nl = memchr(n->text + end, '\n', len - end);
			end = nl ? (size_t)(nl - n->text) + 1 : len;
		}
		size_t chunk = end < len ? end - start - 1 : end - start;   /* less its newline */
		char *s = gz_xstrndup(n->text + start, chunk);
		struct pdf_text *t = pdf_plain_text(l->st, l->fonts, chunk ? s : " ", PDF_FACE_MONO,
		    false, l->st->code_size_pt, f->w_pt - 2 * pad);
		free(s);
		pdf_code_colour(t, &tokens, start, chunk);
		PangoTabArray *tabs = pango_tab_array_new_with_positions(1, FALSE, PANGO_TAB_LEFT,
		    pdf_pt_to_pu(l->st->code_size_pt * 0.6 * 4));
		pango_layout_set_tabs(t->layout, tabs);
		pango_tab_array_free(tabs);
		lay_push_lines(l, t, e, f->x_pt + pad, BREAKS_ANY, start == 0 ? pad : 0,
		    end == len ? pad : 0, line);
		line += CODE_CHUNK_LINES;
		start = end;
	} while (start < len);
	free(tokens.v);
	lay_want_gap(l, para_gap(l));
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_rule(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct lay *l = ctx;
	struct frame *f = lay_top(l);
	lay_want_gap(l, para_gap(l) * 1.5);
	struct pdf_atom *a = lay_push(l, PDF_ATOM_RULE, f->elem, f->x_pt);
	a->rule.w_pt = f->w_pt;
	a->h_pt = 0.5;
	lay_want_gap(l, para_gap(l) * 1.5);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_table(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	struct frame *f = lay_top(l);
	lay_want_gap(l, para_gap(l));
	double gap = l->gap_pt;
	bool keep = l->keep;
	l->gap_pt = 0;
	size_t first = l->lo->count;
	pdf_layout_table(l->lo, n, &l->ic, f->elem, f->x_pt, f->w_pt, gap);
	if (l->lo->count > first) {
		l->lo->atoms[first].no_break_before = keep;
		l->lo->atoms[first].marker = l->marker;
		l->marker = NULL;
	}
	l->keep = false;
	lay_want_gap(l, para_gap(l));
	return GZ_WALK_SKIP;
}

/* A footnote, walked apart from the body (notes.c): a container. */
static enum gz_walk_result
enter_note(const struct gz_node *n, void *ctx)
{
	push_frame(ctx, n, "Note");
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
enter_skip(const struct gz_node *n, void *ctx)
{
	(void)n, (void)ctx;
	return GZ_WALK_SKIP;
}

/* Gives every heading an ASCII destination name: cairo 1.16 cannot resolve
 * non-ASCII ones, and ids keep CJK. */
static enum gz_walk_result
name_heading(const struct gz_node *n, void *ctx)
{
	struct lay *l = ctx;
	l->h1_count += n->heading.level == 1;
	/* Numbered across the whole layout: documents combined into one PDF
	 * share its name space. */
	if (n->heading.id && !g_hash_table_contains(l->dests, n->heading.id))
		g_hash_table_insert(l->dests, gz_xstrdup(n->heading.id),
		    gz_xasprintf("h%u", ++l->lo->dest_count));
	return GZ_WALK_SKIP;
}

/*
 * Title, description, date and author from the front matter.  The title's
 * first line carries `heading` when the document is a chapter (its outline
 * entry and contents line).  Returns whether there was anything to show.
 */
static bool
title_block(struct lay *l, struct pdf_heading *heading)
{
	const struct gz_value *page = l->doc->page;
	const char *title = gz_value_string(page, "title");
	const char *description = gz_value_string(page, "description");
	char *date = pdf_page_date(l->doc);
	char *author = pdf_page_authors(l->doc);
	struct frame *f = lay_top(l);
	const struct pdf_style *st = l->st;
	/* In two columns the title block runs across both. */
	double w = st->body_w_pt;
	l->span = st->columns > 1;
	if (title && l->opening) {
		/* The heading itself, with its anchor and outline entry; a
		 * chapter's entry takes its place and its anchor. */
		size_t first = l->lo->count;
		l->in_title_block = true;
		enter_heading(l->opening, l);
		l->in_title_block = false;
		l->span = st->columns > 1;
		if (heading) {
			struct pdf_heading *own = l->lo->atoms[first].heading;
			if (*own->dest) {
				free(heading->dest);
				heading->dest = own->dest;
				own->dest = NULL;
			}
			lay_heading_free(own);
			l->lo->atoms[first].heading = heading;
			heading = NULL;
		}
		l->gap_pt = 0;
		lay_want_gap(l, st->size_pt * 0.8);
	} else if (title) {
		struct pdf_text *t = pdf_plain_text(st, l->fonts, title, PDF_FACE_SANS, true,
		    TITLE_SCALE * st->size_pt, w);
		size_t first = l->lo->count;
		lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, "H1"), f->x_pt, BREAKS_NONE, 0, 0,
		    0);
		if (heading) {
			l->lo->atoms[first].heading = heading;
			heading = NULL;
		}
		lay_want_gap(l, st->size_pt * 0.8);
	}
	if (heading)            /* no title: no outline entry of its own */
		lay_heading_free(heading);
	if (description) {
		struct pdf_text *t = pdf_plain_text(st, l->fonts, description, PDF_FACE_SERIF, false,
		    st->size_pt * 1.15, w);
		t->color[0] = t->color[1] = t->color[2] = 0.3;
		l->keep = title != NULL;
		lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, "P"), f->x_pt, BREAKS_NONE, 0, 0, 0);
		lay_want_gap(l, st->size_pt * 0.6);
	}
	if (date || author) {
		/* An ISO date-time is shown as its date. */
		int date_len = date ? (int)strlen(date) : 0;
		if (date_len > 10 && pdf_iso_date_prefix(date))
			date_len = 10;
		char *line = gz_xasprintf("%.*s%s%s", date_len, date ? date : "",
		    date && author ? "  \u00B7  " : "", author ? author : "");
		struct pdf_text *t = pdf_plain_text(st, l->fonts, line, PDF_FACE_SANS, false,
		    st->size_pt * 0.9, w);
		t->color[0] = t->color[1] = t->color[2] = 0.35;
		l->keep = title || description;
		lay_push_lines(l, t, pdf_layout_elem(l->lo, f->elem, "P"), f->x_pt, BREAKS_NONE, 0, 0, 0);
		free(line);
	}
	bool any = title || description || date || author;
	if (any) {
		lay_want_gap(l, st->size_pt * 1.2);
		struct pdf_atom *a = lay_push(l, PDF_ATOM_RULE, f->elem, f->x_pt);
		a->rule.w_pt = w;
		a->h_pt = 0.5;
		lay_want_gap(l, st->size_pt);
	}
	l->span = false;
	free(date);
	free(author);
	return any;
}

static struct gz_handler by_kind[GZ_NODE_KIND_COUNT];

/* Every node's destination first (anchors.c), then its kind's handler. */
static enum gz_walk_result
enter_node(const struct gz_node *n, void *ctx)
{
	pdf_anchors_enter(ctx, n);
	return by_kind[n->kind].enter ? by_kind[n->kind].enter(n, ctx) : GZ_WALK_NEXT;
}

static const struct gz_handler *
layout_handlers(void)
{
	static struct gz_handler h[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_HEADING] = { .enter = enter_heading },
		[GZ_NODE_PARAGRAPH] = { .enter = enter_paragraph },
		[GZ_NODE_BLOCKQUOTE] = { .enter = enter_quote, .leave = leave_container },
		[GZ_NODE_LIST] = { .enter = enter_list, .leave = leave_container },
		[GZ_NODE_ITEM] = { .enter = enter_item, .leave = leave_item },
		[GZ_NODE_CODE_BLOCK] = { .enter = enter_code_block },
		[GZ_NODE_THEMATIC_BREAK] = { .enter = enter_rule },
		[GZ_NODE_TABLE] = { .enter = enter_table },
		[GZ_NODE_TABLE_HEAD] = { .enter = enter_skip },
		[GZ_NODE_TABLE_BODY] = { .enter = enter_skip },
		[GZ_NODE_TABLE_ROW] = { .enter = enter_skip },
		[GZ_NODE_TABLE_CELL] = { .enter = enter_skip },
		/* the notes are laid out after the body (pdf_notes_lay) */
		[GZ_NODE_FOOTNOTES] = { .enter = enter_skip },
		[GZ_NODE_FOOTNOTE] = { .enter = enter_note, .leave = leave_container },
	};
	static bool ready;
	if (!ready) {
		for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
			if (!gz_node_is_block((enum gz_node_kind)k))
				h[k].enter = enter_inline;
		h[GZ_NODE_DOCUMENT] = (struct gz_handler){0};
		pdf_html_handlers(h);
		memcpy(by_kind, h, sizeof by_kind);
		for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
			h[k].enter = enter_node;
		ready = true;
	}
	return h;
}

/* Lays out `doc` in `l`, the warnings for missing glyphs left to give
 * (lay_close). */
static void
lay_document(struct lay *l, struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, const struct pdf_doc_place *place,
    struct gz_log *log)
{
	lay_open(l, lo, doc, st, fonts, log);
	struct gz_handler names[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_HEADING] = { .enter = name_heading },
	};
	gz_walk(doc->root, names, l);
	pdf_html_warn(doc, log);
	pdf_anchors_name(l, doc->root);
	const char *title = gz_value_string(doc->page, "title");
	pdf_layout_part(lo, title, place->title_block, false);
	l->level_shift = place->chapter ? 1 : 0;
	const struct gz_node *opening = doc->root->first;
	if (place->title_block && title && opening && opening->kind == GZ_NODE_HEADING
	    && opening->heading.level == 1) {
		char *a = outline_title(opening), *b = squeezed(gz_xstrdup(title));
		if (*b && strcmp(a, b) == 0)
			l->opening = opening;
		free(a);
		free(b);
	}
	if (place->title_block) {
		struct pdf_heading *chapter = NULL;
		if (place->chapter) {
			chapter = gz_xcalloc(1, sizeof *chapter);
			chapter->level = 1;
			chapter->dest = gz_xasprintf("h%u", ++lo->dest_count);
			chapter->title = gz_xstrdup(title ? title : doc->stem);
			chapter->in_toc = true;
		}
		title_block(l, chapter);
	}
	lo->body_first = lo->count;
	gz_walk(doc->root, layout_handlers(), l);
	pdf_notes_lay(l, doc->root->last, layout_handlers());
	pdf_anchors_finish(l);
}

bool
pdf_layout_add(struct pdf_layout *lo, const struct gz_doc *doc, const struct pdf_style *st,
    struct pdf_fonts *fonts, const struct pdf_doc_place *place, struct gz_log *log)
{
	struct lay l;
	lay_document(&l, lo, doc, st, fonts, place, log);
	size_t first = l.first;
	unsigned notes = l.ic.note_seen_count ? l.ic.note_seen_count - 1 : 0;
	lay_close(&l);
	pdf_notes_take(lo, first, notes);
	if (place->new_page && lo->count > first)
		lo->atoms[first].page_break_before = true;
	return true;
}

bool
pdf_layout_build(struct pdf_layout *lo, const struct gz_doc *doc, const struct pdf_style *st,
    struct pdf_fonts *fonts, struct gz_log *log)
{
	pdf_layout_begin(lo);
	return pdf_layout_add(lo, doc, st, fonts,
	    &(struct pdf_doc_place){ .title_block = true }, log);
}
