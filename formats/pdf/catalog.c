/* catalog.c: what cairo 1.16 cannot write, the document language (/Lang) and
 * figures' alternative text (/Alt), set by an incremental update appended to
 * the finished file: new revisions of the catalog and of the Figure structure
 * elements, their cross-reference section and trailer. */
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

/* The first occurrence of `needle` in [p, end), or NULL. */
static const char *
find_next(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (; p + n <= end; p++)
		if (*p == *needle && memcmp(p, needle, n) == 0)
			return p;
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

/* The dictionary of object `num`, [*open, *close) from "<<" to just after
 * ">>", found through the cross-reference table at `entries` (the line after
 * "xref\n0 N"); false when it is not where the table says. */
static bool
object_dict(const struct gz_buf *pdf, const char *entries, long num, const char **open,
    const char **close)
{
	const char *end = pdf->data + pdf->len;
	long offset = strtol(entries + 20 * num, NULL, 10);
	if (offset <= 0 || (size_t)offset < pdf->sent || (size_t)offset - pdf->sent >= pdf->len)
		return false;
	*open = strstr(pdf->data + (offset - pdf->sent), "<<");
	*close = *open ? dict_end(*open, end) : NULL;
	return *close != NULL;
}

/* Appends `s` (UTF-8) as a PDF text string: UTF-16BE in hex, with its BOM. */
static void
put_text_string(struct gz_buf *b, const char *s)
{
	gz_buf_puts(b, "<FEFF");
	for (size_t i = 0, len = strlen(s); i < len;) {
		uint32_t cp;
		i += gz_utf8_decode(s + i, len - i, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			gz_buf_printf(b, "%04X%04X", 0xD800 + (unsigned)(cp >> 10),
			    0xDC00 + (unsigned)(cp & 0x3FF));
		} else {
			gz_buf_printf(b, "%04X", (unsigned)cp);
		}
	}
	gz_buf_putc(b, '>');
}

struct revision {
	long num;
	size_t offset;
};

static int
by_num(const void *a, const void *b)
{
	long x = ((const struct revision *)a)->num, y = ((const struct revision *)b)->num;
	return (x > y) - (x < y);
}

/* Appends a new revision of the object whose dictionary is [open, close),
 * with `key` and `value` added. */
static void
revise(struct gz_buf *update, size_t base, struct revision *rev, long num, const char *open,
    const char *close, const char *key, const char *value)
{
	rev->num = num;
	rev->offset = base + update->len + 1;
	gz_buf_printf(update, "\n%ld 0 obj\n", num);
	gz_buf_append(update, open, (size_t)(close - 2 - open));
	gz_buf_printf(update, "   /%s %s\n>>\nendobj", key, value);
}

bool
pdf_update_catalog(struct gz_buf *pdf, const char *lang, char *const *alts, size_t alt_count)
{
	/* A language tag is letters, digits and hyphens; anything else is not
	 * written. */
	if (lang && (!*lang || strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(lang) || strlen(lang) > 64))
		lang = NULL;
	bool any_alt = false;
	for (size_t i = 0; i < alt_count; i++)
		any_alt = any_alt || (alts[i] && *alts[i]);
	if (!lang && !any_alt)
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
	/* What is still in the buffer starts at offset pdf->sent of the file
	 * (the pages went out as they were drawn); what this update revises is
	 * all written when cairo finishes the document, after the pages. */
	size_t file_len = pdf->sent + pdf->len;
	if (prev <= 0 || (size_t)prev < pdf->sent || (size_t)prev >= file_len || size <= 0
	    || root <= 0 || root >= size)
		return false;
	/* Offsets come from the cross-reference table: "xref\n0 N\n" then
	 * 20-byte entries. */
	const char *xref = data + (prev - pdf->sent);
	if (strncmp(xref, "xref", 4) != 0)
		return false;
	const char *entries = strchr(xref + 5, '\n');
	if (!entries || entries + 1 + 20 * (size_t)size > end)
		return false;
	entries++;

	struct gz_buf update = {0}, value = {0};
	struct revision *revs = gz_xcalloc(alt_count + 1, sizeof *revs);
	size_t rev_count = 0;
	bool ok = false;
	const char *open, *close;
	if (lang) {
		if (!object_dict(pdf, entries, root, &open, &close))
			goto out;
		gz_buf_printf(&value, "(%s)", lang);
		revise(&update, file_len, &revs[rev_count++], root, open, close, "Lang", value.data);
	}
	/* cairo writes the structure tree depth first, so its Figure elements
	 * come in the order of the document's figures (one per alt text). */
	const char *at = data;
	size_t figure = 0;
	static const char figure_key[] = "/S /Figure";
	for (;;) {
		const char *hit = find_next(at, xref, figure_key);
		if (!hit)
			break;
		at = hit + sizeof figure_key - 1;
		if (figure >= alt_count)
			goto out;       /* more Figure elements than figures */
		const char *alt = alts[figure++];
		if (!alt || !*alt)
			continue;
		/* "N 0 obj" before the dictionary that holds the key */
		const char *obj = hit;
		while (obj > data && memcmp(obj, " 0 obj", 6) != 0)
			obj--;
		const char *digits = obj;
		while (digits > data && digits[-1] >= '0' && digits[-1] <= '9')
			digits--;
		long num = strtol(digits, NULL, 10);
		if (obj == data || num <= 0 || num >= size
		    || !object_dict(pdf, entries, num, &open, &close) || open > hit || close < hit)
			goto out;
		value.len = 0;
		put_text_string(&value, alt);
		revise(&update, file_len, &revs[rev_count++], num, open, close, "Alt", value.data);
	}
	if (figure != alt_count)
		goto out;

	size_t xref_at = file_len + update.len + 1;
	gz_buf_puts(&update, "\nxref\n");
	qsort(revs, rev_count, sizeof *revs, by_num);
	for (size_t i = 0; i < rev_count; i++)
		gz_buf_printf(&update, "%ld 1\n%010zu 00000 n \n", revs[i].num, revs[i].offset);
	gz_buf_printf(&update, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", size, root);
	if (info > 0)
		gz_buf_printf(&update, "   /Info %ld 0 R\n", info);
	gz_buf_printf(&update, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, xref_at);
	gz_buf_append(pdf, update.data, update.len);
	ok = true;
out:
	free(revs);
	gz_buf_free(&value);
	gz_buf_free(&update);
	return ok;
}
