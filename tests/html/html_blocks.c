/* html_blocks.c: gazette's parser and HTML writer a top-level block at a
 * time, as a filter (standard input to an HTML fragment on standard output),
 * straight on gz_markdown_parse_blocks: each block written as md4c leaves it,
 * then freed, and the next built in its memory (gazette itself goes through
 * gz_doc_load_blocks, which also checks the input's UTF-8, runs Liquid and
 * hands blocks on 32 at a time).  For tests/bench/html.py ("by blocks") and
 * the test `html block by block`.  Only for pages that need no pass over the
 * whole page: no raw HTML, footnotes or kramdown syntax.
 * Usage: html_blocks < input.md */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool
write_out(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(STDOUT_FILENO, data + done, len - done);
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

struct run {
	struct gz_options opts;
	struct gz_buf out;
};

static void
one_block(struct gz_node *root, struct gz_node *block, void *ctx)
{
	(void)root;
	struct run *r = ctx;
	gz_html_render(block, block->next, &r->opts, NULL, GZ_HTML_IDS | GZ_HTML_ANCHORS, &r->out);
	gz_node_free(block);
}

int
main(void)
{
	size_t len;
	char *data = gz_read_file("-", &len);
	if (!data) {
		fprintf(stderr, "html_blocks: cannot read the input\n");
		return 1;
	}
	struct gz_sink sink = { .write = write_out };
	struct run r = { .opts = { .dialect = GZ_DIALECT_GITHUB }, .out = { .sink = &sink } };
	struct gz_log log = { .verbosity = -1 };
	struct gz_node *root = gz_markdown_parse_blocks("-", data, len, 1, GZ_DIALECT_GITHUB,
	    &log, one_block, &r);
	free(data);
	if (!root)
		return 1;
	bool written = gz_buf_drain(&r.out) && !sink.failed;
	gz_buf_free(&r.out);
	gz_node_free(root);
	if (!written)
		fprintf(stderr, "html_blocks: cannot write the output\n");
	return written ? 0 : 1;
}
