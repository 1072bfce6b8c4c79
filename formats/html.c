/* html.c: placeholder until the HTML backend lands. */
#include "formats.h"

static bool
render_html(const struct gz_render *r, struct gz_buf *out)
{
	(void)out;
	gz_error(r->log, r->docs[0]->name, 0, "the HTML backend is not written yet");
	return false;
}

const struct gz_format gz_format_html = {
	.name = "html",
	.summary = "a standalone HTML5 page (--fragment: the body only)",
	.extension = "html",
	.render = render_html,
};

void
gz_html_fragment(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, struct gz_buf *out)
{
	(void)first, (void)end, (void)opts, (void)base_url, (void)out;
}
