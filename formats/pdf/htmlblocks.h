/* htmlblocks.h: raw HTML's nodes laid out (htmlblocks.c), with the helpers
 * of blocks.c it lays them out with: the two files recurse into each other
 * (an HTML container holds blocks). */
#ifndef GZ_PDF_HTMLBLOCKS_H
#define GZ_PDF_HTMLBLOCKS_H

#include "lay.h"

/* blocks.c, shared with htmlblocks.c: a new container frame for n (its
 * structure element `tag`), indented within its parent; leaving one. */
struct frame *push_frame(struct lay *l, const struct gz_node *n, const char *tag);
void indent(struct lay *l, struct frame *f, double indent_pt);
void leave_container(const struct gz_node *n, void *ctx);
/* htmlblocks.c: the layout handlers of raw HTML's nodes (HTML blocks,
 * containers, definition lists), set into `h`; and the warning, once per
 * kind of element and page, for raw HTML no PDF can show (iframe...). */
void pdf_html_handlers(struct gz_handler h[GZ_NODE_KIND_COUNT]);
void pdf_html_warn(const struct gz_doc *doc, struct gz_log *log);

#endif /* GZ_PDF_HTMLBLOCKS_H */
