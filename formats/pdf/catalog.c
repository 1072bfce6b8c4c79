/* catalog.c: the document language, which cairo 1.16 cannot write, set by an
 * incremental update appended to the finished file: a new revision of the
 * catalog with /Lang, its cross-reference section and trailer. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

/* The last occurrence of `needle` in data[0..len). */
static const char *
find_last(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (memcmp(data + i, needle, n) == 0)
			return data + i;
	return NULL;
}

/* The integer after `key` in [p, end), or -1. */
static long
number_after(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);
	for (; p + n < end; p++) {
		if (memcmp(p, key, n) == 0) {
			char *stop;
			long v = strtol(p + n, &stop, 10);
			return stop == p + n ? -1 : v;
		}
	}
	return -1;
}

/* The end of the dictionary that starts at p ("<<"), just after its ">>". */
static const char *
dict_end(const char *p, const char *end)
{
	int depth = 0;
	for (; p + 1 < end; p++) {
		if (p[0] == '<' && p[1] == '<') {
			depth++;
			p++;
		} else if (p[0] == '>' && p[1] == '>') {
			p++;
			if (--depth == 0)
				return p + 1;
		}
	}
	return NULL;
}

bool
pdf_set_lang(struct gz_buf *pdf, const char *lang)
{
	/* A language tag is letters, digits and hyphens; anything else is not
	 * written. */
	if (!lang || !*lang || strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(lang) || strlen(lang) > 64)
		return true;
	const char *data = pdf->data, *end = pdf->data + pdf->len;
	const char *sx = find_last(data, pdf->len, "startxref");
	const char *trailer = find_last(data, pdf->len, "trailer");
	if (!sx || !trailer || trailer > sx)
		return false;
	long prev = strtol(sx + strlen("startxref"), NULL, 10);
	long size = number_after(trailer, sx, "/Size ");
	long root = number_after(trailer, sx, "/Root ");
	long info = number_after(trailer, sx, "/Info ");
	if (prev <= 0 || (size_t)prev >= pdf->len || size <= 0 || root <= 0 || root >= size)
		return false;
	/* The catalog's offset from the cross-reference table: "xref\n0 N\n"
	 * then 20-byte entries. */
	const char *xref = data + prev;
	if (strncmp(xref, "xref", 4) != 0)
		return false;
	const char *entries = strchr(xref + 5, '\n');
	if (!entries || entries + 1 + 20 * (size_t)size > end)
		return false;
	long offset = strtol(entries + 1 + 20 * root, NULL, 10);
	if (offset <= 0 || (size_t)offset >= pdf->len)
		return false;
	const char *open = strstr(data + offset, "<<");
	const char *close = open ? dict_end(open, end) : NULL;
	if (!close)
		return false;

	struct gz_buf update = {0};
	size_t obj_at = pdf->len + 1;
	gz_buf_printf(&update, "\n%ld 0 obj\n", root);
	gz_buf_append(&update, open, (size_t)(close - 2 - open));
	gz_buf_printf(&update, "   /Lang (%s)\n>>\nendobj\n", lang);
	size_t xref_at = pdf->len + update.len;
	gz_buf_printf(&update, "xref\n%ld 1\n%010zu 00000 n \n", root, obj_at);
	gz_buf_printf(&update, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, root);
	if (info > 0)
		gz_buf_printf(&update, "   /Info %ld 0 R\n", info);
	gz_buf_printf(&update, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, xref_at);
	gz_buf_append(pdf, update.data, update.len);
	gz_buf_free(&update);
	return true;
}
