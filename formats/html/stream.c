/* stream.c: a page written a run of blocks at a time, as md4c parses it,
 * where nothing in it needs the whole tree first. */
#include "page.h"
#include "highlight.h"

/* A page without a table of contents or a template is written a run of
 * blocks at a time: --fragment straight to the output; a whole page into
 * its body, kept until the head (which says whether the code is coloured)
 * can go before it.  The table of contents, the template and Jekyll's
 * layouts (page.excerpt is the first paragraph) need the whole tree. */
bool
html_streams(const struct gz_options *opts)
{
	return !opts->toc && !opts->template_path && (opts->fragment || !opts->layouts);
}

/* What writing a body block by block keeps between blocks. */
struct stream {
	const struct gz_render *r;
	const struct gz_options *opts;
	struct gz_buf *out;             /* the output, or a page's body until its head is out */
	struct gz_buf *page_out;        /* a page: the output */
	unsigned flags;
	bool started;
	bool wants_highlight;           /* colouring is not turned off */
	bool highlight;                 /* a page: some code block will be coloured */
	bool own_title;                 /* a page: its body opens with a level-1 heading */
	size_t after_title;             /* ... whose HTML ends here in the body */
	bool head_out;                  /* a page: its head and the body so far are written */
	struct gz_image_check images;
};

/* Appends s[0..len) to out a piece at a time, each handed to out's sink (the
 * output file) before the next: a page's body is not copied whole. */
static void
put_flushed(struct gz_buf *out, const char *s, size_t len)
{
	enum { PIECE = 64 * 1024 };
	for (size_t i = 0; i < len; i += PIECE) {
		gz_buf_append(out, s + i, len - i < PIECE ? len - i : PIECE);
		gz_buf_flush(out);
	}
}

/* A page written as it is parsed: its head, once it is settled, then the
 * body kept so far, as html_render writes them; the body's buffer is let go. */
static void
put_head_and_body(const struct gz_doc *doc, struct stream *s)
{
	struct gz_buf *body = s->out, *out = s->page_out;
	struct page p;
	html_page_start(&p, s->r, doc);
	p.highlight = s->highlight;
	html_page_dress(&p);
	html_page_head(&p, s->own_title, out);
	size_t title = s->own_title ? s->after_title : 0;
	gz_buf_append(out, html_buf_text(body), title);
	if (s->own_title)
		gz_buf_puts(out, html_buf_text(&p.byline));
	put_flushed(out, html_buf_text(body) + title, body->len - title);
	gz_buf_free(body);
	html_page_free(&p);
	s->head_out = true;
}

static enum gz_walk_result
stream_image(const struct gz_node *n, void *ctx)
{
	struct stream *s = ctx;
	gz_image_check(&s->images, n);
	return GZ_WALK_NEXT;
}

static enum gz_walk_result
stream_code(const struct gz_node *n, void *ctx)
{
	struct stream *s = ctx;
	if (!s->highlight)
		s->highlight = gz_highlight_known(n, s->r->log);
	return GZ_WALK_SKIP;
}

/* Blocks as html_render writes them.  Code is coloured when in a language
 * the highlighter knows, as when the flag is set for the whole page (the
 * writer colours only those). */
static void
stream_blocks(const struct gz_doc *doc, const struct gz_node *first, const struct gz_node *end,
    void *ctx)
{
	struct stream *s = ctx;
	bool page = !s->opts->fragment;
	bool opening = !s->started;
	if (opening) {
		s->started = true;
		s->wants_highlight = gz_highlight_wanted(doc->page, doc->site);
		s->flags = html_writer_flags(s->opts, s->wants_highlight);
		s->images.doc = doc;
		s->own_title = page && html_opens_with_h1(first);
	}
	/* Images are checked wherever they stand; a page looks for code the
	 * highlighter knows (in lists and quotes too, never in text). */
	bool images = gz_tree_may_hold(first, GZ_NODE_IMAGE);
	bool code = page && s->wants_highlight && !s->highlight;
	if (images || code) {
		const struct gz_handler look[GZ_NODE_KIND_COUNT] = {
			[GZ_NODE_IMAGE] = { .enter = stream_image },
			[GZ_NODE_CODE_BLOCK] = { .enter = code ? stream_code : html_pass_over },
			[GZ_NODE_PARAGRAPH] = { .enter = images ? NULL : html_pass_over },
			[GZ_NODE_TABLE] = { .enter = images ? NULL : html_pass_over },
			[GZ_NODE_HEADING] = { .enter = images ? NULL : html_pass_over },
		};
		for (const struct gz_node *n = first; n != end; n = n->next)
			gz_walk(n, look, s);
	}
	if (opening && s->own_title) {
		/* The title apart: the byline goes under it once it is known. */
		gz_html_render(first, first->next, s->opts, NULL, s->flags, s->out);
		s->after_title = s->out->len;
		first = first->next;
	}
	gz_html_render(first, end, s->opts, NULL, s->flags, s->out);
	/* The head can go as soon as nothing later can change it: whether code
	 * is coloured is settled, and so is the title (the front matter's, the
	 * site's, or the first heading's once one was seen). */
	if (page && !s->head_out && (!s->wants_highlight || s->highlight) && html_title_settled(doc)) {
		put_head_and_body(doc, s);
		s->out = s->page_out;
	}
}

/* html_render's page, written as it is parsed where the page allows. */
struct gz_doc *
html_load_and_render(const struct gz_render *r, const char *path, const struct gz_value *site,
    struct gz_buf *out, bool *rendered)
{
	const struct gz_options *opts = r->opts;
	struct gz_buf body = {0};
	struct stream s = { .r = r, .opts = opts, .out = opts->fragment ? out : &body,
		.page_out = out, .images = { .log = r->log } };
	struct gz_doc *doc = gz_doc_load_blocks(path, site, opts, r->log, stream_blocks, &s);
	*rendered = false;
	if (doc && doc->streamed) {
		if (s.started)
			gz_image_check_done(&s.images);
		if (!opts->fragment) {
			if (!s.head_out)
				put_head_and_body(doc, &s);
			gz_buf_puts(out, "</main>\n</body>\n</html>\n");
		}
		*rendered = true;
	} else if (doc) {
		struct gz_render whole = *r;
		whole.docs = &doc;
		whole.count = 1;
		*rendered = html_render(&whole, out);
	}
	gz_buf_free(&body);
	return doc;
}
