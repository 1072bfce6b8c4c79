/* htmltag.h: finding the tags of raw HTML in a page's source (htmltag.c),
 * for htmltree.c; the HTML itself is read by libxml2 in the rawhtml module. */
#ifndef GZ_HTMLTAG_H
#define GZ_HTMLTAG_H

#include "internal.h"

/* One tag of raw HTML: bytes [start, end), its name in lower case. */
struct html_tag {
	size_t start, end;
	char name[32];
	bool close;             /* </name> */
	bool empty;             /* <name/> or a void element: nothing inside */
};

/* Finds the tag at or after `pos` in s[0, len) (not NUL-terminated: the
 * source md4c parsed), past comments, <!...>, <?...?> and the text of
 * script, style and textarea; false when there is none. */
bool html_next_tag(const char *s, size_t len, size_t pos, struct html_tag *t);
/* The value of attribute `name` in the opening tag t of s, copied into
 * out[size]; false when the tag has no such attribute. */
bool html_tag_attr(const char *s, const struct html_tag *t, const char *name, char *out,
    size_t size);
/* The outermost element s opens and leaves open, if any, in *open. */
bool html_outermost_unclosed(const char *s, size_t len, struct html_tag *open);
/* Where the element opened by `open` in s ends in s: its end tag in *close. */
bool html_matching_close(const char *s, size_t len, const struct html_tag *open,
    struct html_tag *close);
/* Containers real pages open in one HTML block and close in a later one. */
bool html_is_wrapping(const char *name);
/* Elements whose markdown="1" content kramdown reads as a paragraph's. */
bool html_is_span_tag(const char *name);

#endif
