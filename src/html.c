/* html.c: the tree as HTML, one handler pair per node kind, driven by the
 * shared walker (escaping: html_escape.c; footnotes: html_notes.c).  The HTML
 * backend wraps it in a page; feeds embed it as their items' content. */
#include "html_write.h"
#include "highlight.h"

#include <stdlib.h>

void
html_put_url(struct html *h, const char *url)
{
	if (!h->base_url) {
		gz_html_escape_url(h->out, url, strlen(url));
		return;
	}
	struct gz_buf abs = {0};
	gz_url_resolve_into(&abs, h->base_url, url);
	gz_html_escape_url(h->out, abs.data ? abs.data : "", abs.len);
	gz_buf_free(&abs);
}

static bool
in_tight_list(const struct gz_node *n)
{
	const struct gz_node *item = n->parent;
	return item && item->kind == GZ_NODE_ITEM && item->parent && item->parent->list.tight;
}

static void
put_checkbox(struct html *h, enum gz_task task)
{
	PUT_LIT(h->out, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled");
	gz_buf_puts(h->out, task == GZ_TASK_DONE ? " checked />" : " />");
}

/* Whether an attribute from an IAL or raw HTML may be written: a name HTML
 * allows, not one the element writes itself (`skip`), and under --safe only
 * attributes that run no script and load nothing. */
static bool
attr_is_written(const struct html *h, const char *name, const char *const *skip)
{
	for (; *skip; skip++)
		if (strcmp(name, *skip) == 0)
			return false;
	if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') || *name == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.", *p))
			return false;
	if (!h->opts->safe)
		return true;
	static const char *const safe[] = { "id", "class", "width", "height", "title", "lang",
	    "dir", "align", "colspan", "rowspan", "start", "reversed" };
	for (size_t i = 0; i < GZ_ARRAY_LEN(safe); i++)
		if (strcmp(name, safe[i]) == 0)
			return true;
	return strncmp(name, "data-", 5) == 0 || strncmp(name, "aria-", 5) == 0;
}

/* Whether a width or height is not the whole number of pixels HTML wants
 * (`50%`, `300px`, `20em`): written as CSS instead. */
static bool
is_css_size(const struct gz_attr *a)
{
	return (strcmp(a->name, "width") == 0 || strcmp(a->name, "height") == 0)
	    && (a->value[0] == '\0' || a->value[strspn(a->value, "0123456789")] != '\0');
}

/* Writes n's attributes (` name="value"`, escaped), less those in `skip` (a
 * NULL-terminated list); `class` joins `extra_class` when that is not NULL.
 * A width or height in other units than pixels goes into `style`, which the
 * Nu checker requires (kramdown writes `width="50%"` as it is). */
static void
put_attrs_slow(struct html *h, const struct gz_node *n, const char *extra_class,
    const char *const *skip)
{
	struct gz_buf css = {0};
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		if (!is_css_size(a) || !attr_is_written(h, a->name, skip))
			continue;
		gz_buf_printf(&css, "%s%s:%s", css.len ? ";" : "", a->name, a->value);
	}
	bool classed = false, styled = false;
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		if (is_css_size(a) || !attr_is_written(h, a->name, skip))
			continue;
		gz_buf_putc(h->out, ' ');
		gz_buf_puts(h->out, a->name);
		PUT_LIT(h->out, "=\"");
		if (extra_class && strcmp(a->name, "class") == 0) {
			put_escaped_str(h->out, extra_class);
			gz_buf_putc(h->out, ' ');
			classed = true;
		}
		if (css.len && strcmp(a->name, "style") == 0) {
			gz_html_escape(h->out, css.data, css.len);
			gz_buf_putc(h->out, ';');
			styled = true;
		}
		put_escaped_str(h->out, a->value);
		gz_buf_putc(h->out, '"');
	}
	if (extra_class && !classed) {
		PUT_LIT(h->out, " class=\"");
		put_escaped_str(h->out, extra_class);
		gz_buf_putc(h->out, '"');
	}
	if (css.len && !styled && attr_is_written(h, "style", skip)) {
		PUT_LIT(h->out, " style=\"");
		gz_html_escape(h->out, css.data, css.len);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_free(&css);
}

static const char *const no_skip[] = { NULL };

/* Most nodes have no attributes: that costs one test. */
static inline void
put_attrs(struct html *h, const struct gz_node *n, const char *extra_class,
    const char *const *skip)
{
	if (n->attrs)
		put_attrs_slow(h, n, extra_class, skip ? skip : no_skip);
	else if (extra_class)
		put_attrs_slow(h, n, extra_class, no_skip);
}

static enum gz_walk_result
enter_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<h");
	put_unsigned(h->out, (unsigned)n->heading.level);
	if (h->ids && n->heading.id) {
		PUT_LIT(h->out, " id=\"");
		put_escaped_str(h->out, n->heading.id);
		gz_buf_putc(h->out, '"');
	}
	static const char *const skip_id[] = { "id", NULL };
	put_attrs(h, n, NULL, h->ids && n->heading.id ? skip_id : NULL);
	PUT_LIT(h->out, ">");
	if (h->ids && h->anchors && n->heading.id) {
		PUT_LIT(h->out, "<a class=\"anchor\" href=\"#");
		gz_html_escape_url(h->out, n->heading.id, strlen(n->heading.id));
		PUT_LIT(h->out, "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
	}
	return GZ_WALK_NEXT;
}

static void
leave_heading(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	PUT_LIT(h->out, "</h");
	put_unsigned(h->out, (unsigned)n->heading.level);
	PUT_LIT(h->out, ">\n");
}

static enum gz_walk_result
enter_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (in_tight_list(n))
		return GZ_WALK_NEXT;
	cr(h);
	PUT_LIT(h->out, "<p");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">");
	/* A loose task item's checkbox goes inside its first paragraph. */
	const struct gz_node *item = n->parent;
	if (item && item->kind == GZ_NODE_ITEM && item->first == n && item->item.task)
		put_checkbox(h, item->item.task);
	return GZ_WALK_NEXT;
}

static void
leave_paragraph(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	/* A footnote's back-links end its last paragraph, as cmark-gfm writes them. */
	if (n->parent && n->parent->kind == GZ_NODE_FOOTNOTE && n->parent->last == n) {
		gz_buf_putc(h->out, ' ');
		html_put_backrefs(h, n->parent);
	}
	if (!in_tight_list(n))
		PUT_LIT(h->out, "</p>\n");
}

static enum gz_walk_result
enter_blockquote(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<blockquote");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">\n");
	return GZ_WALK_NEXT;
}

static void
leave_blockquote(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "</blockquote>\n");
}

static enum gz_walk_result
enter_list(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	static const char *const skip_start[] = { "start", NULL };
	cr(h);
	if (!n->list.ordered) {
		PUT_LIT(h->out, "<ul");
	} else if (n->list.start == 1) {
		PUT_LIT(h->out, "<ol");
	} else {
		PUT_LIT(h->out, "<ol start=\"");
		put_unsigned(h->out, n->list.start);
		gz_buf_putc(h->out, '"');
	}
	put_attrs(h, n, NULL, skip_start);
	PUT_LIT(h->out, ">\n");
	return GZ_WALK_NEXT;
}

static void
leave_list(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	gz_buf_puts(h->out, n->list.ordered ? "</ol>\n" : "</ul>\n");
}

static enum gz_walk_result
enter_item(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<li");
	put_attrs(h, n, n->item.task == GZ_TASK_NONE ? NULL : "task-list-item", NULL);
	PUT_LIT(h->out, ">");
	if (n->item.task == GZ_TASK_NONE)
		return GZ_WALK_NEXT;
	if (!n->first || n->first->kind != GZ_NODE_PARAGRAPH || in_tight_list(n->first))
		put_checkbox(h, n->item.task);
	return GZ_WALK_NEXT;
}

static void
leave_item(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	PUT_LIT(h->out, "</li>\n");
}

static enum gz_walk_result
enter_code_block(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	const char *lang = n->code.lang;
	char *named = NULL;
	if (lang && *lang == '{')       /* kramdown's and pandoc's `{.sh}`: a class */
		lang = named = gz_highlight_language(n);
	cr(h);
	PUT_LIT(h->out, "<pre");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, "><code");
	if (lang && *lang) {
		gz_buf_puts(h->out, strncmp(lang, "language-", 9) == 0 ? " class=\"" : " class=\"language-");
		put_escaped_str(h->out, lang);
		gz_buf_putc(h->out, '"');
	}
	free(named);
	gz_buf_putc(h->out, '>');
	struct gz_tokens tokens;
	if (h->highlight && gz_highlight(n, &tokens, NULL)) {
		gz_html_highlighted(h->out, n->text, n->len, &tokens);
		free(tokens.v);
	} else {
		gz_html_escape(h->out, n->text, n->len);
	}
	PUT_LIT(h->out, "</code></pre>\n");
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_html_block(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->opts->safe)
		return GZ_WALK_SKIP;
	cr(h);
	gz_buf_append(h->out, n->text, n->len);
	cr(h);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_thematic_break(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	PUT_LIT(h->out, "<hr");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, " />\n");
	return GZ_WALK_SKIP;
}

/* Tables, their sections and rows: an opening and a closing tag each. */
static const char *const block_tags[GZ_NODE_KIND_COUNT] = {
	[GZ_NODE_TABLE] = "table",
	[GZ_NODE_TABLE_HEAD] = "thead",
	[GZ_NODE_TABLE_BODY] = "tbody",
	[GZ_NODE_TABLE_ROW] = "tr",
};

static enum gz_walk_result
enter_block_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "<", block_tags[n->kind], "");
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">\n");
	return GZ_WALK_NEXT;
}

static void
leave_block_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "</", block_tags[n->kind], ">\n");
}

static enum gz_walk_result
enter_cell(const struct gz_node *n, void *ctx)
{
	static const char *const aligns[] = {
		[GZ_ALIGN_NONE] = "",
		[GZ_ALIGN_LEFT] = " style=\"text-align: left\"",
		[GZ_ALIGN_CENTER] = " style=\"text-align: center\"",
		[GZ_ALIGN_RIGHT] = " style=\"text-align: right\"",
	};
	struct html *h = ctx;
	cr(h);
	put_tag(h->out, "<", n->cell.header ? "th" : "td", aligns[n->cell.align]);
	put_attrs(h, n, NULL, NULL);
	PUT_LIT(h->out, ">");
	return GZ_WALK_NEXT;
}

static void
leave_cell(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	put_tag(h->out, "</", n->cell.header ? "th" : "td", ">\n");
}

static enum gz_walk_result
enter_text(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	gz_html_escape(h->out, n->text, n->len);
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_soft_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	gz_buf_putc(h->out, h->in_image ? ' ' : '\n');
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_hard_break(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct html *h = ctx;
	gz_buf_puts(h->out, h->in_image ? " " : "<br />\n");
	return GZ_WALK_SKIP;
}

static enum gz_walk_result
enter_html_inline(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image)
		gz_html_escape(h->out, n->text, n->len);   /* alt text is text */
	else if (!h->opts->safe)
		gz_buf_append(h->out, n->text, n->len);
	return GZ_WALK_SKIP;
}

/* Emphasis, strong emphasis and strikethrough: plain tags, left out of alt text. */
static const char *const inline_tags[GZ_NODE_KIND_COUNT] = {
	[GZ_NODE_EMPHASIS] = "em",
	[GZ_NODE_STRONG] = "strong",
	[GZ_NODE_STRIKETHROUGH] = "del",
};

static enum gz_walk_result
enter_inline_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image) {
		put_tag(h->out, "<", inline_tags[n->kind], "");
		put_attrs(h, n, NULL, NULL);
		PUT_LIT(h->out, ">");
	}
	return GZ_WALK_NEXT;
}

static void
leave_inline_tag(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image)
		put_tag(h->out, "</", inline_tags[n->kind], ">");
}

static enum gz_walk_result
enter_code(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!h->in_image) {
		PUT_LIT(h->out, "<code");
		put_attrs(h, n, NULL, NULL);
		PUT_LIT(h->out, ">");
	}
	gz_html_escape(h->out, n->text, n->len);
	if (!h->in_image)
		PUT_LIT(h->out, "</code>");
	return GZ_WALK_SKIP;
}

/* Whether a link is written as <a>: not inside alt text, not dropped by --safe. */
static bool
link_is_written(const struct html *h, const struct gz_node *n)
{
	return !h->in_image && !(h->opts->safe && gz_url_is_dangerous(n->link.url, false));
}

/* The attributes links and images write themselves. */
static const char *const link_own[] = { "href", "src", "alt", NULL };
static const char *const link_own_titled[] = { "href", "src", "alt", "title", NULL };

static enum gz_walk_result
enter_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!link_is_written(h, n))
		return GZ_WALK_NEXT;    /* its text stays */
	PUT_LIT(h->out, "<a href=\"");
	html_put_url(h, n->link.url);
	if (n->link.title) {
		PUT_LIT(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	PUT_LIT(h->out, "\"");
	put_attrs(h, n, NULL, n->link.title ? link_own_titled : link_own);
	PUT_LIT(h->out, ">");
	return GZ_WALK_NEXT;
}

static void
leave_link(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (link_is_written(h, n))
		PUT_LIT(h->out, "</a>");
}

/* An image opens <img src alt="; its children write the alt text (only text,
 * nested images included), and leaving it closes the tag.  An image --safe
 * drops is skipped whole, so leave sees in_image at 0. */
static enum gz_walk_result
enter_image(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image) {
		h->in_image++;
		return GZ_WALK_NEXT;
	}
	if (h->opts->safe && gz_url_is_dangerous(n->link.url, true))
		return GZ_WALK_SKIP;
	PUT_LIT(h->out, "<img src=\"");
	html_put_url(h, n->link.url);
	PUT_LIT(h->out, "\" alt=\"");
	h->in_image = 1;
	return GZ_WALK_NEXT;
}

static void
leave_image(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (h->in_image == 0 || --h->in_image > 0)
		return;
	if (n->link.title) {
		PUT_LIT(h->out, "\" title=\"");
		put_escaped_str(h->out, n->link.title);
	}
	PUT_LIT(h->out, "\"");
	put_attrs(h, n, NULL, n->link.title ? link_own_titled : link_own);
	PUT_LIT(h->out, " />");
}

/* A DIV or SPAN whose element is not raw HTML of the page (kramdown's
 * markdown="1" content): its tags and attributes are written from the node,
 * but not under --safe, which keeps only the content of raw HTML. */
static bool
elem_is_written(const struct html *h, const struct gz_node *n)
{
	return n->elem.tag && !n->raw && !h->opts->safe && !h->in_image;
}

static enum gz_walk_result
enter_elem(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!elem_is_written(h, n))
		return GZ_WALK_NEXT;
	if (n->kind == GZ_NODE_DIV)
		cr(h);
	put_tag(h->out, "<", n->elem.tag, "");
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		put_tag(h->out, " ", a->name, "=\"");
		put_escaped_str(h->out, a->value);
		gz_buf_putc(h->out, '"');
	}
	gz_buf_puts(h->out, n->kind == GZ_NODE_DIV ? ">\n" : ">");
	return GZ_WALK_NEXT;
}

static void
leave_elem(const struct gz_node *n, void *ctx)
{
	struct html *h = ctx;
	if (!elem_is_written(h, n))
		return;
	if (n->kind == GZ_NODE_DIV)
		cr(h);
	put_tag(h->out, "</", n->elem.tag, n->kind == GZ_NODE_DIV ? ">\n" : ">");
}

static const struct gz_handler handlers[] = {
	[GZ_NODE_DOCUMENT] = { NULL, NULL },
	[GZ_NODE_HEADING] = { enter_heading, leave_heading },
	[GZ_NODE_PARAGRAPH] = { enter_paragraph, leave_paragraph },
	[GZ_NODE_BLOCKQUOTE] = { enter_blockquote, leave_blockquote },
	[GZ_NODE_LIST] = { enter_list, leave_list },
	[GZ_NODE_ITEM] = { enter_item, leave_item },
	[GZ_NODE_CODE_BLOCK] = { enter_code_block, NULL },
	[GZ_NODE_HTML_BLOCK] = { enter_html_block, NULL },
	[GZ_NODE_THEMATIC_BREAK] = { enter_thematic_break, NULL },
	[GZ_NODE_TABLE] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_HEAD] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_BODY] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_ROW] = { enter_block_tag, leave_block_tag },
	[GZ_NODE_TABLE_CELL] = { enter_cell, leave_cell },
	[GZ_NODE_TEXT] = { enter_text, NULL },
	[GZ_NODE_SOFT_BREAK] = { enter_soft_break, NULL },
	[GZ_NODE_HARD_BREAK] = { enter_hard_break, NULL },
	[GZ_NODE_HTML_INLINE] = { enter_html_inline, NULL },
	[GZ_NODE_EMPHASIS] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_STRONG] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_STRIKETHROUGH] = { enter_inline_tag, leave_inline_tag },
	[GZ_NODE_CODE] = { enter_code, NULL },
	[GZ_NODE_LINK] = { enter_link, leave_link },
	[GZ_NODE_IMAGE] = { enter_image, leave_image },
	[GZ_NODE_DIV] = { enter_elem, leave_elem },
	/* Not yet written as their own elements: their children are. */
	[GZ_NODE_DEF_LIST] = { NULL, NULL },
	[GZ_NODE_DEF_TERM] = { NULL, NULL },
	[GZ_NODE_DEF_DATA] = { NULL, NULL },
	[GZ_NODE_FOOTNOTES] = { html_enter_footnotes, html_leave_footnotes },
	[GZ_NODE_FOOTNOTE] = { html_enter_footnote, html_leave_footnote },
	[GZ_NODE_SPAN] = { enter_elem, leave_elem },
	[GZ_NODE_FOOTNOTE_REF] = { html_enter_footnote_ref, NULL },
};
_Static_assert(GZ_ARRAY_LEN(handlers) == GZ_NODE_KIND_COUNT,
    "the HTML backend needs a handler entry for every node kind");

void
html_walk(const struct gz_node *n, struct html *h)
{
	gz_walk(n, handlers, h);
}

/* Renders the siblings [first, end) into h->out, letting the buffer stream
 * between them.  After a flush the buffer holds only its last byte, all of
 * this rendering's: cr() may look at it. */
static void
render_nodes(struct html *h, const struct gz_node *first, const struct gz_node *end)
{
	for (const struct gz_node *n = first; n && n != end; n = n->next) {
		gz_walk(n, handlers, h);
		size_t before = h->out->len;
		gz_buf_flush(h->out);
		if (h->out->len < before)
			h->start = 0;
	}
}

void
gz_html_render(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, unsigned flags, struct gz_buf *out)
{
	struct html h = {
		.out = out,
		.start = out->len,
		.opts = opts,
		.base_url = base_url && *base_url ? base_url : NULL,
		.ids = flags & GZ_HTML_IDS,
		.anchors = flags & GZ_HTML_ANCHORS,
		.highlight = flags & GZ_HTML_HIGHLIGHT,
	};
	render_nodes(&h, first, end);
}
