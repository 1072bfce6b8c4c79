/* slug.c: heading ids in GitHub's style, keeping CJK, unique in constant time. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct gz_slugs {
	/* id -> next suffix to try for that id as a base (GUINT_TO_POINTER) */
	GHashTable *used;
};

struct gz_slugs *
gz_slugs_new(void)
{
	struct gz_slugs *s = gz_xmalloc(sizeof *s);
	s->used = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	return s;
}

void
gz_slugs_free(struct gz_slugs *s)
{
	if (!s)
		return;
	g_hash_table_destroy(s->used);
	free(s);
}

/* GitHub's rule: lower case; keep letters, marks, digits, `-` and `_`;
 * spaces become `-`; drop everything else (punctuation, symbols). */
static char *
slugify(const char *text)
{
	struct gz_buf out = {0};
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += gz_utf8_decode(text + i, len - i, &cp);
		char utf8[4];
		switch (g_unichar_type(cp)) {
		case G_UNICODE_LOWERCASE_LETTER:
		case G_UNICODE_UPPERCASE_LETTER:
		case G_UNICODE_TITLECASE_LETTER:
		case G_UNICODE_MODIFIER_LETTER:
		case G_UNICODE_OTHER_LETTER:
		case G_UNICODE_DECIMAL_NUMBER:
		case G_UNICODE_LETTER_NUMBER:
		case G_UNICODE_OTHER_NUMBER:
		case G_UNICODE_NON_SPACING_MARK:
		case G_UNICODE_SPACING_MARK:
		case G_UNICODE_ENCLOSING_MARK:
			gz_buf_append(&out, utf8, gz_utf8_encode(g_unichar_tolower(cp), utf8));
			break;
		case G_UNICODE_SPACE_SEPARATOR:
			if (cp == ' ')
				gz_buf_putc(&out, '-');
			break;
		default:
			if (cp == '-' || cp == '_')
				gz_buf_putc(&out, (char)cp);
			break;
		}
	}
	if (out.len == 0)
		gz_buf_puts(&out, "section");
	return gz_buf_detach(&out, NULL);
}

char *
gz_slug_unique(struct gz_slugs *s, const char *text)
{
	char *base = slugify(text);
	if (!g_hash_table_contains(s->used, base)) {
		g_hash_table_insert(s->used, gz_xstrdup(base), GUINT_TO_POINTER(1));
		return base;
	}
	/* Resume numbering where this base left off, so n equal headings cost
	 * O(n) in all rather than O(n^2). */
	unsigned next = GPOINTER_TO_UINT(g_hash_table_lookup(s->used, base));
	char *id = NULL;
	for (;;) {
		free(id);
		id = gz_xasprintf("%s-%u", base, next++);
		if (!g_hash_table_contains(s->used, id))
			break;
	}
	g_hash_table_insert(s->used, gz_xstrdup(base), GUINT_TO_POINTER(next));
	g_hash_table_insert(s->used, gz_xstrdup(id), GUINT_TO_POINTER(1));
	free(base);
	return id;
}
