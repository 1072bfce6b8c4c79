/* links.h: where the links of a PDF go (links.c). */
#ifndef GZ_PDF_LINKS_H
#define GZ_PDF_LINKS_H

#include "pdf.h"

/* The cairo attributes of link `n` (`dest='...'` or `uri='...'`), or NULL
 * when it leads nowhere a PDF can go (printed as text, after a warning at
 * its line, once per target on the page).  A relative link is made
 * absolute against the page's URL when the site's `url` is known (links.c). */
char *pdf_link_attrs(const struct pdf_inline_ctx *c, const struct gz_node *n);
/* Whether a warning of `kind` about `what` (may be NULL) is the first on
 * this page: what repeats is reported once a page. */
bool pdf_first_warning(const struct pdf_inline_ctx *c, const char *kind, const char *what);
/* Percent-encodes `url` to printable ASCII and escapes it as a cairo
 * attribute value (without quotes). */
char *pdf_uri_attr(const char *url);

#endif /* GZ_PDF_LINKS_H */
