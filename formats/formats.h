/* formats.h: what the registry and the backends share. */
#ifndef GZ_FORMATS_H
#define GZ_FORMATS_H

#include "internal.h"

/* The backends' descriptions, one per output format (each in its folder). */
extern const struct gz_format gz_format_html;
extern const struct gz_format gz_format_rss;
extern const struct gz_format gz_format_atom;
extern const struct gz_format gz_format_pdf;
extern const struct gz_format gz_format_tree;

typedef bool gz_render_fn(const struct gz_render *r, struct gz_buf *out);

#endif /* GZ_FORMATS_H */
