/* style.h: the built-in page's stylesheets, shared within libgazette only. */
#ifndef GZ_HTML_STYLE_H
#define GZ_HTML_STYLE_H

/* The page's own: light and dark colours, CJK faces by language, headings
 * with their anchors, the byline and the table of contents. */
extern __attribute__((visibility("hidden"))) const char gz_page_stylesheet[];
/* Added for a page with highlighted code: html_highlight.c's classes. */
extern __attribute__((visibility("hidden"))) const char gz_page_highlight_stylesheet[];

#endif
