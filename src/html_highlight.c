/* html_highlight.c: a highlighted code block's text as HTML, each token in a
 * <span> whose class is pandoc's name for its kind (`kw`, `dt`, `st`...), so
 * that stylesheets written for pandoc's output colour it too. */
#include "internal.h"
#include "highlight.h"

static const char *const classes[] = {
	[GZ_TOKEN_KEYWORD] = "kw",
	[GZ_TOKEN_TYPE] = "dt",
	[GZ_TOKEN_STRING] = "st",
	[GZ_TOKEN_NUMBER] = "dv",
	[GZ_TOKEN_COMMENT] = "co",
	[GZ_TOKEN_FUNCTION] = "fu",
	[GZ_TOKEN_OPERATOR] = "op",
	[GZ_TOKEN_PREPROCESSOR] = "pp",
	[GZ_TOKEN_BUILTIN] = "bu",
	[GZ_TOKEN_VARIABLE] = "va",
	[GZ_TOKEN_CONSTANT] = "cn",
	[GZ_TOKEN_ATTRIBUTE] = "at",
};
_Static_assert(GZ_ARRAY_LEN(classes) == GZ_TOKEN_KIND_COUNT,
    "every token kind needs an HTML class");

const char *
gz_html_token_class(enum gz_token_kind kind)
{
	return classes[kind];
}

void
gz_html_highlighted(struct gz_buf *out, const char *text, size_t len, const struct gz_tokens *t)
{
	size_t at = 0;
	for (size_t i = 0; i < t->count; i++) {
		const struct gz_token *k = &t->v[i];
		if (k->start < at || k->start + k->len > len)
			continue;       /* the module promises neither; stay safe */
		gz_html_escape(out, text + at, k->start - at);
		gz_buf_puts(out, "<span class=\"");
		gz_buf_puts(out, classes[k->kind]);
		gz_buf_puts(out, "\">");
		gz_html_escape(out, text + k->start, k->len);
		gz_buf_puts(out, "</span>");
		at = k->start + k->len;
	}
	gz_html_escape(out, text + at, len - at);
}
