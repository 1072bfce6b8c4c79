/* cover.h: a brochure's cover page and the page's date (cover.c). */
#ifndef GZ_PDF_COVER_H
#define GZ_PDF_COVER_H

#include "pdf.h"

/* Appends a cover page for `doc` (title, description, date, author, image)
 * as a part of its own with no page furniture. */
void pdf_layout_cover(struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log);
/* The page's date as readers of `lang` write it ("2020年7月25日",
 * "25 July 2020"), or a copy of `date` when it is no ISO date; NULL for
 * NULL. */
char *pdf_format_date(const char *date, const char *lang);
/* The page's authors, else the site's, joined by ", " (gz_meta); NULL when
 * there are none.  A new string. */
char *pdf_page_authors(const struct gz_doc *doc);
/* The page's own date: `date:` as written, else a post's file name's
 * (YYYY-MM-DD); NULL when it has none.  A new string. */
char *pdf_page_date(const struct gz_doc *doc);

#endif /* GZ_PDF_COVER_H */
