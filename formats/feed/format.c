/* format.c: the RSS and Atom backends as the registry knows them; the rest of
 * this folder is the module gazette-feed.so (libxml2 pulls in ICU and
 * libstdc++, which an HTML or PDF run should not load). */
#include "formats.h"

const struct gz_format gz_format_rss = {
	.name = "rss",
	.summary = "an RSS 2.0 feed of all inputs (feed.xml)",
	.collection_name = "feed.xml",
	.media_type = "application/rss+xml",
	.module = "gazette-feed.so",
	.module_render = "gz_feed_module_rss",
	.module_versions = "gz_feed_module_versions",
};

const struct gz_format gz_format_atom = {
	.name = "atom",
	.summary = "an Atom 1.0 feed of all inputs (feed.atom)",
	.collection_name = "feed.atom",
	.media_type = "application/atom+xml",
	.module = "gazette-feed.so",
	.module_render = "gz_feed_module_atom",
	.module_versions = "gz_feed_module_versions",
};
