/* site.h: a Jekyll or Hugo site given as a folder: its pages become the
 * inputs, each written at its URL, and its other files are copied. */
#ifndef GZ_CLI_SITE_H
#define GZ_CLI_SITE_H

#include "internal.h"
#include "options.h"

/* A feed of part of the site: jekyll-feed's feed/CATEGORY.xml, Hugo's
 * SECTION/index.xml. */
struct site_feed {
	char *path;             /* below the output folder */
	char *category;         /* Jekyll: its posts in this category */
	char *section;          /* Hugo: the pages of this section */
};

struct site_run {
	bool active;                    /* the input was a site's folder */
	char *root;
	struct gz_value *config;        /* what gz_site_load read */
	struct gz_site_map map;
	size_t *page_entry;             /* input i is map.entries[page_entry[i]] */
	const char **inputs;            /* the pages' paths, for cli->inputs */
	bool hugo;
	struct site_feed *feeds;
	size_t feed_count;
};

/* When the one input is a folder, reads it as a site and replaces the
 * inputs with its pages.  Returns false after reporting (a folder that is no
 * site, an unreadable configuration, no -o folder). */
bool site_open(struct site_run *s, struct cli *cli);
void site_close(struct site_run *s);
/* Where input i's output in format f goes, below the output folder. */
char *site_output(const struct site_run *s, size_t i, const struct gz_format *f);
/* Where a collection (a feed) goes below the output folder: Jekyll's feed
 * at feed.xml (jekyll-feed's feed.path) for Atom, Hugo's index.xml for RSS. */
const char *site_collection(const struct site_run *s, const struct gz_format *f);
/* The format the site's own feeds are in: Atom (jekyll-feed) or RSS (Hugo). */
bool site_feed_format(const struct site_run *s, const struct gz_format *f);
/* Whether the site's feeds list `doc`: a Jekyll site's its posts (and
 * drafts, with --drafts), as jekyll-feed's do; a Hugo site's every page. */
bool site_feed_lists(const struct site_run *s, const struct gz_doc *doc);
/* Whether feed `k` of the site takes `doc`. */
bool site_feed_wants(const struct site_run *s, size_t k, const struct gz_doc *doc);
/* The site's own file (copied, or through Liquid) written at `output` below
 * the output folder, or NULL. */
const char *site_own_file(const struct site_run *s, const char *output);
/* Writes the site's other files into `out`: the pages that Liquid alone
 * renders (Jekyll's HTML and other files with front matter), and the rest
 * copied.  EXIT_CONVERTED, or after reporting EXIT_INPUT (a page that did
 * not render, or warned under --strict: not written) or EXIT_OUTPUT. */
int site_copy(const struct site_run *s, const char *out, const struct gz_options *opts,
    struct gz_log *log);

#endif /* GZ_CLI_SITE_H */
