/* code.c: highlighted code in the PDF.  The palette keeps apart in grey what
 * it keeps apart in colour: keywords darkest and bold, comments lightest and
 * slanted, strings, numbers and names in between. */
#include "code.h"

/* A token kind's ink (sRGB, 0..1) and face; `plain` keeps the text's own,
 * for operators: colouring every bracket and semicolon would double the
 * colour changes, each a run pango lays out and cairo writes apart. */
struct ink {
	double rgb[3];
	bool bold, italic, plain;
};

static const struct ink palette[] = {
	[GZ_TOKEN_KEYWORD] = { { 0.60, 0.06, 0.26 }, true, false },
	[GZ_TOKEN_TYPE] = { { 0.52, 0.26, 0.02 }, false, false },
	[GZ_TOKEN_STRING] = { { 0.04, 0.36, 0.16 }, false, false },
	[GZ_TOKEN_NUMBER] = { { 0.05, 0.30, 0.62 }, false, false },
	[GZ_TOKEN_COMMENT] = { { 0.46, 0.48, 0.46 }, false, true },
	[GZ_TOKEN_FUNCTION] = { { 0.42, 0.18, 0.66 }, false, false },
	[GZ_TOKEN_OPERATOR] = { { 0, 0, 0 }, false, false, true },
	[GZ_TOKEN_PREPROCESSOR] = { { 0.60, 0.06, 0.26 }, false, false },
	[GZ_TOKEN_BUILTIN] = { { 0.52, 0.26, 0.02 }, false, false },
	[GZ_TOKEN_VARIABLE] = { { 0.52, 0.26, 0.02 }, false, false },
	[GZ_TOKEN_CONSTANT] = { { 0.05, 0.30, 0.62 }, false, false },
	[GZ_TOKEN_ATTRIBUTE] = { { 0.07, 0.39, 0.16 }, false, false },
};
_Static_assert(GZ_ARRAY_LEN(palette) == GZ_TOKEN_KIND_COUNT,
    "every token kind needs an ink");

static void
insert(PangoAttrList *list, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(list, a);
}

void
pdf_code_colour(struct pdf_text *t, const struct gz_tokens *tokens, size_t start, size_t len)
{
	PangoAttrList *attrs = NULL;
	for (size_t i = 0; i < tokens->count; i++) {
		const struct gz_token *k = &tokens->v[i];
		const struct ink *ink = &palette[k->kind];
		if (k->start + k->len <= start || ink->plain)
			continue;
		if (k->start >= start + len)
			break;
		if (!attrs) {
			PangoAttrList *old = pango_layout_get_attributes(t->layout);
			attrs = old ? pango_attr_list_copy(old) : pango_attr_list_new();
		}
		size_t from = k->start > start ? k->start - start : 0;
		size_t to = k->start + k->len - start < len ? k->start + k->len - start : len;
		insert(attrs, pango_attr_foreground_new((guint16)(ink->rgb[0] * 65535),
		    (guint16)(ink->rgb[1] * 65535), (guint16)(ink->rgb[2] * 65535)), from, to);
		if (ink->bold)
			insert(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), from, to);
		if (ink->italic)
			insert(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), from, to);
	}
	if (!attrs)
		return;
	pango_layout_set_attributes(t->layout, attrs);
	pango_attr_list_unref(attrs);
}
