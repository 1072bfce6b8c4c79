/* attrs.c: what the PDF honours of a node's attributes: an image's width and
 * height, and the alignment classes kramdown pages use (`{: .text-center}`). */
#include "attrs.h"

#include <stdlib.h>
#include <string.h>

/* Class words that place a block, as Bootstrap, WordPress and Jekyll themes name them. */
static const struct { const char *word; enum pdf_side side; } words[] = {
	{ "text-center", PDF_SIDE_CENTER }, { "center", PDF_SIDE_CENTER },
	{ "centered", PDF_SIDE_CENTER }, { "align-center", PDF_SIDE_CENTER },
	{ "aligncenter", PDF_SIDE_CENTER }, { "mx-auto", PDF_SIDE_CENTER },
	{ "text-right", PDF_SIDE_RIGHT }, { "right", PDF_SIDE_RIGHT },
	{ "align-right", PDF_SIDE_RIGHT }, { "alignright", PDF_SIDE_RIGHT },
	{ "float-right", PDF_SIDE_RIGHT }, { "pull-right", PDF_SIDE_RIGHT },
	{ "text-left", PDF_SIDE_LEFT }, { "left", PDF_SIDE_LEFT },
	{ "align-left", PDF_SIDE_LEFT }, { "alignleft", PDF_SIDE_LEFT },
	{ "float-left", PDF_SIDE_LEFT }, { "pull-left", PDF_SIDE_LEFT },
};

static enum pdf_side
side_of_word(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].word) == len && strncmp(words[i].word, w, len) == 0)
			return words[i].side;
	return PDF_SIDE_NONE;
}

enum pdf_side
pdf_attr_side(const struct gz_node *n)
{
	if (!n || !n->attrs)
		return PDF_SIDE_NONE;
	const char *align = gz_node_attr(n, "align");
	if (align) {
		enum pdf_side s = side_of_word(align, strlen(align));
		if (s != PDF_SIDE_NONE)
			return s;
	}
	const char *cls = gz_node_attr(n, "class");
	enum pdf_side found = PDF_SIDE_NONE;
	for (const char *p = cls; p && *p;) {
		size_t len = strcspn(p, " \t");
		enum pdf_side s = side_of_word(p, len);
		if (s != PDF_SIDE_NONE)
			found = s;      /* the last class wins, as in CSS of equal weight */
		p += len;
		p += strspn(p, " \t");
	}
	return found;
}
