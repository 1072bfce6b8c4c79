/* formats.h: the backends, and what they share with each other. */
#ifndef GZ_FORMATS_H
#define GZ_FORMATS_H

#include "internal.h"

extern const struct gz_format gz_format_html;
extern const struct gz_format gz_format_rss;
extern const struct gz_format gz_format_atom;
extern const struct gz_format gz_format_pdf;
extern const struct gz_format gz_format_tree;

/*
 * The PDF backend is a module of its own (gazette-pdf.so), loaded the first
 * time a PDF is made: cairo, pango and the libraries they pull in take about
 * 40 ms of CPU to load, which a run making HTML or feeds should not pay.
 * gz_format_pdf (module.c) loads it and looks these two up by name: the
 * renderer, and the versions of the libraries it runs with ("cairo
 * 1.16.0\npango ...\n", a new string).
 */
bool gz_pdf_module_render(const struct gz_render *r, struct gz_buf *out);
char *gz_pdf_module_versions(void);
/*
 * The RSS and Atom writer (feed.c) is a module too (gazette-feed.so): libxml2
 * pulls in ICU and libstdc++, about 4 ms to load, which every HTML and PDF
 * run paid.  gz_format_rss and gz_format_atom (module.c) load it.
 */
bool gz_feed_module_rss(const struct gz_render *r, struct gz_buf *out);
bool gz_feed_module_atom(const struct gz_render *r, struct gz_buf *out);
char *gz_feed_module_versions(void);
/* module.c: a module's versions, or why it cannot be loaded; a new string. */
char *gz_pdf_versions(void);
char *gz_feed_versions(void);

/*
 * html.c: renders the sibling nodes from `first` up to, not including, `end`
 * (NULL: to the last sibling) as an HTML fragment, appended to `out`.  With
 * `base_url`, relative link and image URLs are made absolute against it (for
 * feeds).  Honours opts->safe and opts->dialect like the HTML backend.
 */
void gz_html_fragment(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, struct gz_buf *out);

/* html.c: whether --safe drops a link (or, with `image`, an image) to `url`:
 * javascript:, vbscript: and data: (for an image, data: other than PNG, GIF,
 * JPEG or WebP).  The PDF backend applies the same rule to its links. */
bool gz_url_is_dangerous(const char *url, bool image);

#endif /* GZ_FORMATS_H */
