/* fuzz_blocks.c: a page built and written a top-level block at a time
 * (gz_markdown_parse_blocks: each block freed and the next built in its
 * memory) writes the same HTML as the whole tree.  Pages with raw HTML are
 * left out: only the whole tree reads it into nodes.  Then the same input as
 * a file, front matter and Liquid included, through gz_doc_load_blocks (runs
 * of blocks handed on and freed at once, the language guessed first, heading
 * levels of a titled page) against gz_doc_load: the same HTML, language and
 * title. */
#include "fuzz.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct blocks {
	const struct gz_options *opts;
	struct gz_buf out;
};

static void
one_block(struct gz_node *root, struct gz_node *block, void *ctx)
{
	(void)root;
	struct blocks *b = ctx;
	gz_html_render(block, block->next, b->opts, NULL, GZ_HTML_IDS | GZ_HTML_ANCHORS, &b->out);
	gz_node_free(block);
}

static void
some_blocks(const struct gz_doc *doc, const struct gz_node *first, const struct gz_node *end,
    void *ctx)
{
	(void)doc;
	struct blocks *b = ctx;
	gz_html_render(first, end, b->opts, NULL, GZ_HTML_IDS | GZ_HTML_ANCHORS, &b->out);
}

static bool
same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static char path[4096];

static void
remove_page(void)
{
	unlink(path);
}

/* The input as a page on disk (in $TMPDIR, removed at exit): loaded whole,
 * then a run of blocks at a time. */
static void
check_doc(const uint8_t *data, size_t size, const struct gz_options *opts)
{
	static int fd = -1;
	static struct gz_value *site;
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		if ((size_t)snprintf(path, sizeof path, "%s/gazette-fuzz-blocks-XXXXXX",
		    dir && *dir ? dir : "/tmp") >= sizeof path)
			abort();
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		atexit(remove_page);
		site = gz_value_new(GZ_VALUE_MAP);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	struct gz_log log = FUZZ_LOG;
	struct gz_doc *whole = gz_doc_load(path, site, opts, &log);
	struct blocks b = { .opts = opts };
	struct gz_doc *doc = gz_doc_load_blocks(path, site, opts, &log, some_blocks, &b);
	if (!whole != !doc) {
		fprintf(stderr, "fuzz: one way loads, the other does not\n");
		abort();
	}
	if (doc && doc->streamed) {
		struct gz_buf html = {0};
		gz_html_render(whole->root->first, NULL, opts, NULL, GZ_HTML_IDS | GZ_HTML_ANCHORS,
		    &html);
		if (doc->root->first || html.len != b.out.len
		    || (html.len && memcmp(html.data, b.out.data, html.len) != 0)
		    || !same_text(doc->lang, whole->lang)
		    || !same_text(doc->meta.title, whole->meta.title)) {
			fprintf(stderr, "fuzz: the page as parsed differs from the whole tree\n");
			abort();
		}
		gz_buf_free(&html);
	}
	gz_buf_free(&b.out);
	gz_doc_free(doc);
	gz_doc_free(whole);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	check_doc(data, size, &opts);
	/* The tree is valid UTF-8 (gz_doc_parse cleans what is not). */
	if (memchr(data, '<', size) || gz_utf8_clean_prefix((const char *)data, size) != size)
		return 0;
	/* md4c reads the byte after its input: a NUL, as gazette gives it. */
	char *text = gz_xstrndup((const char *)data, size);
	struct gz_log log = FUZZ_LOG;
	struct gz_buf whole = {0};
	struct gz_node *root = gz_markdown_parse("fuzz.md", text, size, 1, opts.dialect, &log);
	if (!root) {
		free(text);
		return 0;
	}
	gz_html_render(root->first, NULL, &opts, NULL, GZ_HTML_IDS | GZ_HTML_ANCHORS, &whole);
	gz_node_free(root);

	struct blocks b = { .opts = &opts };
	root = gz_markdown_parse_blocks("fuzz.md", text, size, 1, opts.dialect, &log, one_block, &b);
	if (!root || root->first || b.out.len != whole.len
	    || (whole.len && memcmp(b.out.data, whole.data, whole.len) != 0)) {
		fprintf(stderr, "fuzz: block by block differs from the whole tree\n");
		abort();
	}
	gz_node_free(root);
	gz_buf_free(&b.out);
	gz_buf_free(&whole);
	free(text);
	return 0;
}
