/* feed.c: placeholder until the RSS and Atom backend lands. */
#include "formats.h"

static bool
render_feed(const struct gz_render *r, struct gz_buf *out)
{
	(void)out;
	gz_error(r->log, r->docs[0]->name, 0, "feeds are not written yet");
	return false;
}

const struct gz_format gz_format_rss = {
	.name = "rss",
	.summary = "an RSS 2.0 feed of all inputs (feed.xml)",
	.collection_name = "feed.xml",
	.render = render_feed,
};

const struct gz_format gz_format_atom = {
	.name = "atom",
	.summary = "an Atom 1.0 feed of all inputs (feed.atom)",
	.collection_name = "feed.atom",
	.render = render_feed,
};
