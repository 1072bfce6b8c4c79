/* inline.c: a block's inline nodes as one PangoLayout: text, attributes for
 * emphasis, code and links, and the byte ranges of its links. */
#include "inline.h"
#include "fonts.h"
#include "image.h"
#include "links.h"
#include "picture.h"
#include "typo.h"

#include <stdlib.h>
#include <string.h>

/* Colours, as 0-1 RGB. */
static const double ink[3] = { 0.10, 0.10, 0.10 };
static const double link_ink[3] = { 0.08, 0.30, 0.62 };
static const double code_ink[3] = { 0.45, 0.12, 0.18 };
static const double alt_ink[3] = { 0.40, 0.40, 0.40 };

struct builder {
	const struct pdf_inline_ctx *c;
	enum pdf_face face;
	struct gz_buf text;
	PangoAttrList *attrs;
	struct pdf_link *links;
	size_t link_count, link_cap;
	int starts[64];                 /* open spans' start offsets, by depth */
	int depth;
	int code_depth;
	int *code;                      /* code spans' [start, end) pairs: no typo.c */
	size_t code_count, code_cap;
	struct pdf_range *dots;         /* emphasis, for CJK dots */
	size_t dot_count, dot_cap;
	double size_pt, leading, width_pt;      /* the type and the column, for pictures */
	struct pdf_inline_image *images;
	size_t image_count, image_cap;
	struct pdf_note_ref *notes;
	size_t note_count, note_cap;
};

static int
offset(const struct builder *b)
{
	return (int)b->text.len;
}

static void
add_attr(struct builder *b, PangoAttribute *a, int start, int end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_change(b->attrs, a);
}

static void
add_color(struct builder *b, const double rgb[3], int start, int end)
{
	add_attr(b, pango_attr_foreground_new((guint16)(rgb[0] * 65535), (guint16)(rgb[1] * 65535),
	    (guint16)(rgb[2] * 65535)), start, end);
}

/* Punctuation Unicode shares between Latin and CJK: on a CJK page it should
 * take the full-width CJK design, not the Latin face's narrow one. */
static bool
is_shared_punct(uint32_t cp)
{
	return (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2026 || cp == 0x2014 || cp == 0x2015
	    || cp == 0x00B7 || cp == 0x2025 || cp == 0x203B;
}

static void
append_text(struct builder *b, const char *s, size_t len)
{
	if (!b->c->st->cjk_lang || b->code_depth > 0) {
		gz_buf_append(&b->text, s, len);
		return;
	}
	size_t run = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		if (is_shared_punct(cp)) {
			gz_buf_append(&b->text, s + run, i - run);
			int start = offset(b);
			gz_buf_append(&b->text, s + i, n);
			add_attr(b, pango_attr_family_new(b->c->st->cjk_family[b->face]), start,
			    offset(b));
			run = i + n;
		}
		i += n;
	}
	gz_buf_append(&b->text, s + run, len - run);
}

/* Emphasis: italic for the Latin text in [start, end); dots, drawn when
 * painting, for the CJK characters (a slanted Han character is no emphasis a
 * CJK reader knows). */
static void
emphasis(struct builder *b, int start, int end)
{
	int run = -1;
	for (int i = start; i <= end;) {
		uint32_t cp = 0;
		size_t n = i < end ? gz_utf8_decode(b->text.data + i, (size_t)(end - i), &cp) : 1;
		bool latin = i < end && !gz_is_cjk(cp);
		if (latin && run < 0)
			run = i;
		if (!latin && run >= 0) {
			add_attr(b, pango_attr_style_new(PANGO_STYLE_ITALIC), run, i);
			run = -1;
		}
		i += (int)n;
	}
	if (b->dot_count == b->dot_cap) {
		b->dot_cap = b->dot_cap ? 2 * b->dot_cap : 4;
		b->dots = gz_xrealloc(b->dots, b->dot_cap * sizeof *b->dots);
	}
	b->dots[b->dot_count++] = (struct pdf_range){ start, end };
}

static void push_link(struct builder *b, char *attrs, int start, int end);

/* Text [start, end) as a link to where `link` goes (nothing when it goes
 * nowhere a PDF can point), in the link colour. */
static void
add_link(struct builder *b, const struct gz_node *link, int start, int end)
{
	char *attrs = pdf_link_attrs(b->c, link);
	if (attrs)
		push_link(b, attrs, start, end);
}

/* Text [start, end) as a link with cairo attributes `attrs` (taken). */
static void
push_link(struct builder *b, char *attrs, int start, int end)
{
	if (b->link_count == b->link_cap) {
		b->link_cap = b->link_cap ? 2 * b->link_cap : 4;
		b->links = gz_xrealloc(b->links, b->link_cap * sizeof *b->links);
	}
	b->links[b->link_count++] = (struct pdf_link){ start, end, attrs };
	add_color(b, link_ink, start, end);
}

static bool
tag_is(const struct gz_node *n, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(n->elem.tag, *names) == 0)
			return true;
	return false;
}

/* Raw HTML's inline elements, styled by name: sub and sup raised or
 * lowered and smaller, u underlined, s struck, small smaller, kbd and code
 * monospaced, b bold, i italic, a link when it has an href. */
static void
span_style(struct builder *b, const struct gz_node *n, int start, int end)
{
	static const char *const sub_sup[] = { "sub", "sup", NULL };
	static const char *const under[] = { "u", "ins", NULL };
	static const char *const struck[] = { "s", "del", "strike", NULL };
	static const char *const mono[] = { "kbd", "code", "tt", "samp", NULL };
	static const char *const bold[] = { "b", "strong", NULL };
	static const char *const italic[] = { "i", "em", "cite", "var", "dfn", NULL };
	if (!n->elem.tag)
		return;
	if (tag_is(n, sub_sup)) {
		double rise = n->elem.tag[1] == 'u' && n->elem.tag[2] == 'p' ? 0.35 : -0.15;
		add_attr(b, pango_attr_rise_new(pdf_pt_to_pu(b->size_pt * rise)), start, end);
		add_attr(b, pango_attr_scale_new(0.7), start, end);
	} else if (tag_is(n, under)) {
		add_attr(b, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
	} else if (tag_is(n, struck)) {
		add_attr(b, pango_attr_strikethrough_new(TRUE), start, end);
	} else if (strcmp(n->elem.tag, "small") == 0) {
		add_attr(b, pango_attr_scale_new(0.85), start, end);
	} else if (strcmp(n->elem.tag, "big") == 0) {
		add_attr(b, pango_attr_scale_new(1.15), start, end);
	} else if (tag_is(n, mono)) {
		add_attr(b, pango_attr_family_new(b->c->st->family[PDF_FACE_MONO]), start, end);
		add_attr(b, pango_attr_scale_new(0.9), start, end);
	} else if (tag_is(n, bold)) {
		add_attr(b, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
	} else if (tag_is(n, italic)) {
		add_attr(b, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
	} else if (strcmp(n->elem.tag, "a") == 0 && gz_node_attr(n, "href")) {
		/* As a Markdown link would be. */
		struct gz_node link = { .kind = GZ_NODE_LINK, .line = n->line };
		link.link.url = (char *)gz_node_attr(n, "href");
		add_link(b, &link, start, end);
	}
}

/* Image `n` drawn inside the text: an object replacement character
 * holding a box of the picture's size, painted over by pdf_draw_line. */
static bool
inline_image(struct builder *b, const struct gz_node *n)
{
	struct pdf_inline_image im;
	if (!pdf_inline_image(b->c, n, b->size_pt, b->leading, b->width_pt, &im))
		return false;
	im.start = offset(b);
	gz_buf_puts(&b->text, "\uFFFC");
	PangoRectangle box = { 0, pdf_pt_to_pu(im.top_pt), pdf_pt_to_pu(im.w_pt),
	    pdf_pt_to_pu(im.h_pt) };
	add_attr(b, pango_attr_shape_new(&box, &box), im.start, offset(b));
	if (b->image_count == b->image_cap) {
		b->image_cap = b->image_cap ? 2 * b->image_cap : 2;
		b->images = gz_xrealloc(b->images, b->image_cap * sizeof *b->images);
	}
	b->images[b->image_count++] = im;
	return true;
}

/* Records the footnote reference `n` where its number starts: the line
 * that shows it brings its note to its page (paginate.c). */
static void
note_ref(struct builder *b, const struct gz_node *n)
{
	const struct pdf_inline_ctx *c = b->c;
	unsigned k = n->note.number;
	bool first = k < c->note_seen_count && !c->note_seen[k];
	if (k < c->note_seen_count)
		c->note_seen[k] = 1;
	if (b->note_count == b->note_cap) {
		b->note_cap = b->note_cap ? 2 * b->note_cap : 2;
		b->notes = gz_xrealloc(b->notes, b->note_cap * sizeof *b->notes);
	}
	b->notes[b->note_count++] = (struct pdf_note_ref){ .start = offset(b),
	    .upto = c->note_base + k, .first = first };
}

static enum gz_walk_result
enter(const struct gz_node *n, void *ctx)
{
	struct builder *b = ctx;
	if (b->depth < (int)GZ_ARRAY_LEN(b->starts))
		b->starts[b->depth] = offset(b);
	b->depth++;
	switch (n->kind) {
	case GZ_NODE_TEXT: {
		/* No space starts a text (the rest of a paragraph after a
		 * picture drawn as a figure starts with one). */
		size_t skip = b->text.len == 0 ? strspn(n->text, " ") : 0;
		if (skip > n->len)
			skip = n->len;
		append_text(b, n->text + skip, n->len - skip);
		break;
	}
	case GZ_NODE_SOFT_BREAK:
		if (b->text.len > 0)
			gz_buf_putc(&b->text, ' ');
		break;
	case GZ_NODE_HARD_BREAK:
		gz_buf_puts(&b->text, "\u2028");
		break;
	case GZ_NODE_HTML_INLINE:
		/* A tag itself shows nothing (the span it opens, or the node it
		 * maps to, does); a <br> breaks the line. */
		if (g_ascii_strncasecmp(n->text, "<br", 3) == 0)
			gz_buf_puts(&b->text, "\u2028");
		break;
	case GZ_NODE_CODE:
		b->code_depth++;
		append_text(b, n->text, n->len);
		break;
	case GZ_NODE_IMAGE:
		/* The picture, or (with a warning) its alt text. */
		if (inline_image(b, n))
			return GZ_WALK_SKIP;
		break;
	case GZ_NODE_FOOTNOTE_REF:
		note_ref(b, n);
		gz_buf_printf(&b->text, "%u", n->note.number);
		break;
	default:
		break;
	}
	return GZ_WALK_NEXT;
}

static void
leave(const struct gz_node *n, void *ctx)
{
	struct builder *b = ctx;
	b->depth--;
	int start = b->depth < (int)GZ_ARRAY_LEN(b->starts) ? b->starts[b->depth] : 0;
	int end = offset(b);
	const struct pdf_style *st = b->c->st;
	if (start == end)
		return;
	switch (n->kind) {
	case GZ_NODE_EMPHASIS:
		emphasis(b, start, end);
		break;
	case GZ_NODE_STRONG:
		add_attr(b, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		break;
	case GZ_NODE_STRIKETHROUGH:
		add_attr(b, pango_attr_strikethrough_new(TRUE), start, end);
		break;
	case GZ_NODE_CODE:
		b->code_depth--;
		if (b->code_count == b->code_cap) {
			b->code_cap = b->code_cap ? 2 * b->code_cap : 4;
			b->code = gz_xrealloc(b->code, 2 * b->code_cap * sizeof *b->code);
		}
		b->code[2 * b->code_count] = start;
		b->code[2 * b->code_count++ + 1] = end;
		add_attr(b, pango_attr_family_new(st->family[PDF_FACE_MONO]), start, end);
		/* broken where it must be, code shows no hyphen it does not have */
		add_attr(b, pango_attr_insert_hyphens_new(FALSE), start, end);
		add_attr(b, pango_attr_scale_new(0.9), start, end);
		add_color(b, code_ink, start, end);
		break;
	case GZ_NODE_IMAGE:
		add_color(b, alt_ink, start, end);
		break;
	case GZ_NODE_SPAN:
		span_style(b, n, start, end);
		break;
	case GZ_NODE_FOOTNOTE_REF:
		/* A superscript number linked to its note, which stands at the
		 * foot of the page (paginate.c; see doc/pdf.md). */
		add_attr(b, pango_attr_rise_new(pdf_pt_to_pu(b->size_pt * 0.35)), start, end);
		add_attr(b, pango_attr_scale_new(0.7), start, end);
		push_link(b, gz_xasprintf("dest='fn%u'", b->c->note_base + n->note.number), start,
		    end);
		break;
	case GZ_NODE_LINK:
		add_link(b, n, start, end);
		break;
	default:
		break;
	}
}

/* Characters of an unbreakable run that pango shapes as one item at most. */
#define PIECE_CHARS 256
/* Runs shorter than this are left whole (so that no page of ordinary text
 * changes by a glyph): only what pango would otherwise reshape over and over. */
#define LONG_RUN_CHARS 1024

/* Whether a line may break at or around `cp` anyway: a space, a CJK
 * character (breakable on either side), or Thai and the other scripts pango
 * breaks by dictionary, item by item (a cut would add a break). */
static bool
breaks_around(uint32_t cp)
{
	return cp == 0x2028 || gz_is_cjk(cp)
	    || g_unichar_break_type(cp) == G_UNICODE_BREAK_COMPLEX_CONTEXT;
}

/* A no-op attribute over [start, end): an item boundary at each end. */
static void
mark_piece(PangoAttrList *attrs, int start, int end)
{
	PangoAttribute *a = pango_attr_fallback_new(TRUE);
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(attrs, a);
}

/* Cuts the run [start, end) into pieces of PIECE_CHARS characters. */
static void
cut_run(PangoAttrList *attrs, const char *text, int start, int end)
{
	int piece = start, chars = 0, cuts = 0;
	for (int i = start; i < end;) {
		uint32_t cp;
		int n = (int)gz_utf8_decode(text + i, (size_t)(end - i), &cp);
		if (chars >= PIECE_CHARS && !g_unichar_ismark(cp)) {
			if (cuts++ % 2 == 1)
				mark_piece(attrs, piece, i);
			piece = i;
			chars = 0;
		}
		chars++;
		i += n;
	}
	if (cuts % 2 == 1)
		mark_piece(attrs, piece, end);
}

/*
 * Cuts each run of more than LONG_RUN_CHARS characters with no space and no
 * CJK character (a long word, a code line) into pieces of PIECE_CHARS, by a
 * no-op attribute on every other piece: pango starts an item at every
 * attribute boundary.  Breaking such a run, pango splits its item and shapes
 * the rest of it again at every line, which made layout quadratic in the
 * run's length (a 200,000-character word took a minute); with pieces it
 * reshapes at most a piece.  Cuts fall before a character that is not a
 * mark, so a cluster is never split; shaping keeps the text around an item
 * as context, so Arabic joining is unchanged.
 */
static void
cut_long_runs(PangoAttrList *attrs, const char *text, int len)
{
	if (len <= LONG_RUN_CHARS)
		return;                 /* no run can be that long */
	const unsigned char *u = (const unsigned char *)text;
	int start = 0, chars = 0;
	for (int i = 0; i <= len;) {
		int n = 1;
		bool end;
		if (i == len) {
			end = true;
		} else if (u[i] < 0x80) {
			end = u[i] == ' ' || u[i] == '\t' || u[i] == '\n';
		} else if (u[i] >= 0xE3 && u[i] <= 0xED && i + 3 <= len) {
			n = 3;          /* U+3000 to U+DFFF: CJK, kana, Hangul */
			end = true;
		} else {
			uint32_t cp;
			n = (int)gz_utf8_decode(text + i, (size_t)(len - i), &cp);
			end = breaks_around(cp);
		}
		if (end) {
			if (chars > LONG_RUN_CHARS)
				cut_run(attrs, text, start, i);
			start = i + n;
			chars = 0;
		} else {
			chars++;
		}
		i += n;
	}
}

/* A layout of `text` with `attrs` and, but in the monospaced face, the CJK
 * typesetting of typo.c (not in the `skip_count` code ranges of `skip`). */
static PangoLayout *
new_layout(const struct pdf_style *st, struct pdf_fonts *fonts, enum pdf_face face, bool bold,
    double size_pt, double width_pt, const char *text, int len, PangoAttrList *attrs,
    const int *skip, size_t skip_count)
{
	PangoLayout *layout = pango_layout_new(pdf_fonts_context(fonts));
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, st->family[face]);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(fd, pdf_pt_to_pu(size_pt));
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(layout, width_pt > 0 ? pdf_pt_to_pu(width_pt) : -1);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	double leading = face == PDF_FACE_MONO ? 1.4 : bold && size_pt > st->size_pt ? 1.3
	    : st->leading;
	PangoAttribute *lh = pango_attr_line_height_new_absolute(pdf_pt_to_pu(size_pt * leading));
	lh->start_index = 0;
	lh->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
	pango_attr_list_insert_before(attrs, lh);
	/* The text's own language, not only the context's: chapters of a
	 * combined PDF each have theirs (regional Han forms follow it). */
	PangoAttribute *lang = pango_attr_language_new(pango_language_from_string(st->lang));
	lang->start_index = 0;
	lang->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
	pango_attr_list_insert_before(attrs, lang);
	if (face == PDF_FACE_MONO) {
		PangoAttribute *nh = pango_attr_insert_hyphens_new(FALSE);
		nh->start_index = 0;
		nh->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
		pango_attr_list_insert_before(attrs, nh);
	}
	pango_layout_set_text(layout, text, len);
	cut_long_runs(attrs, text, len < 0 ? (int)strlen(text) : len);
	if (face != PDF_FACE_MONO)
		pdf_typo_attrs(st, layout, text, len < 0 ? (int)strlen(text) : len, attrs, size_pt,
		    skip, skip_count);
	pango_layout_set_attributes(layout, attrs);
	return layout;
}

struct pdf_text *
pdf_inline_text(const struct pdf_inline_ctx *c, const struct gz_node *first,
    const struct gz_node *end, enum pdf_face face, bool bold, double size_pt,
    double width_pt, PangoAlignment align)
{
	struct gz_handler handlers[GZ_NODE_KIND_COUNT];
	for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
		handlers[k] = (struct gz_handler){ .enter = enter, .leave = leave };
	struct builder b = { .c = c, .face = face, .attrs = pango_attr_list_new(),
	    .size_pt = size_pt, .width_pt = width_pt,
	    .leading = face == PDF_FACE_MONO ? 1.4 : c->st->leading };
	gz_buf_append(&b.text, "", 0);
	/* A footnote's first paragraph opens with its number, a link back to
	 * its first reference when one was laid out. */
	const struct gz_node *block = first ? first->parent : NULL;
	if (block && block->parent && block->parent->kind == GZ_NODE_FOOTNOTE
	    && block->parent->first == block) {
		unsigned k = block->parent->note.number;
		gz_buf_printf(&b.text, "%u.", k);
		if (k < c->note_seen_count && c->note_seen[k])
			push_link(&b, gz_xasprintf("dest='fr%u'", c->note_base + k), 0, offset(&b));
		gz_buf_putc(&b.text, ' ');
	}
	for (const struct gz_node *n = first; n && n != end; n = n->next)
		gz_walk(n, handlers, &b);
	/* Trailing hard breaks and spaces make empty lines. */
	while (b.text.len > 0 && b.text.data[b.text.len - 1] == ' ')
		b.text.data[--b.text.len] = '\0';

	struct pdf_text *t = gz_xcalloc(1, sizeof *t);
	t->layout = new_layout(c->st, c->fonts, face, bold, size_pt, width_pt, b.text.data,
	    (int)b.text.len, b.attrs, b.code, b.code_count);
	pango_layout_set_alignment(t->layout, align);
	pango_attr_list_unref(b.attrs);
	gz_buf_free(&b.text);
	free(b.code);
	t->links = b.links;
	t->link_count = b.link_count;
	t->dots = b.dots;
	t->dot_count = b.dot_count;
	t->dots_above = c->st->dots_above;
	t->images = b.images;
	t->image_count = b.image_count;
	t->notes = b.notes;
	t->note_count = b.note_count;
	memcpy(t->color, ink, sizeof ink);
	return t;
}

struct pdf_text *
pdf_plain_text(const struct pdf_style *st, struct pdf_fonts *fonts, const char *s,
    enum pdf_face face, bool bold, double size_pt, double width_pt)
{
	PangoAttrList *attrs = pango_attr_list_new();
	struct pdf_text *t = gz_xcalloc(1, sizeof *t);
	t->layout = new_layout(st, fonts, face, bold, size_pt, width_pt, s, -1, attrs, NULL, 0);
	pango_attr_list_unref(attrs);
	memcpy(t->color, ink, sizeof ink);
	return t;
}

void
pdf_text_free(struct pdf_text *t)
{
	if (!t)
		return;
	if (t->layout)
		g_object_unref(t->layout);
	for (size_t i = 0; i < t->link_count; i++)
		free(t->links[i].attrs);
	free(t->links);
	free(t->dots);
	for (size_t i = 0; i < t->image_count; i++)
		pdf_image_free(t->images[i].image);
	free(t->images);
	free(t->notes);
	free(t);
}
