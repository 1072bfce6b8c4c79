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

/* module.c: the symbol `name` of the module file `module`, loading it once;
 * NULL after reporting.  Thread-safe. */
typedef bool gz_render_fn(const struct gz_render *r, struct gz_buf *out);
void *gz_module_symbol(const char *module, const char *name, struct gz_log *log);
/* The module's versions (from its function `symbol`), or a line saying why
 * it cannot be loaded; a new string. */
char *gz_module_versions(const char *module, const char *symbol);

#endif /* GZ_FORMATS_H */
