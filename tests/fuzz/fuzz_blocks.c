/* fuzz_blocks.c: a page built and written a top-level block at a time
 * (gz_markdown_parse_blocks: each block freed and the next built in its
 * memory) writes the same HTML as the whole tree.  Pages with raw HTML are
 * left out: only the whole tree reads it into nodes. */
#include "fuzz.h"
#include "internal.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
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
