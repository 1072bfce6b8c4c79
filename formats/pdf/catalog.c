/* catalog.c: what cairo 1.16 cannot write, the document language (/Lang) and
 * figures' alternative text (/Alt), set by an incremental update appended to
 * the finished file: new revisions of the catalog and of the Figure structure
 * elements, their cross-reference section and trailer. */
#include "catalog.h"

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

/* The object around data[at]: its number and a copy of its dictionary, or
 * false when data[0, end) does not hold it whole. */
static bool
object_around(const char *data, size_t at, size_t end, struct pdf_kept *out)
{
	/* "N 0 obj" before the dictionary that holds the key */
	const char *obj = data + at;
	while (obj > data && memcmp(obj, " 0 obj", 6) != 0)
		obj--;
	const char *digits = obj;
	while (digits > data && digits[-1] >= '0' && digits[-1] <= '9')
		digits--;
	long num = strtol(digits, NULL, 10);
	const char *open = obj == data ? NULL : find_next(obj, data + at, "<<");
	const char *close = open ? dict_end(open, data + end) : NULL;
	if (num <= 0 || !close || close < data + at)
		return false;
	*out = (struct pdf_kept){ .num = num, .dict = gz_xstrndup(open, (size_t)(close - open)) };
	return true;
}

/* Keeps the catalog and the Figure elements among the objects of
 * out->data[from, to), where `to` ends a whole object. */
static void
keep_objects(struct pdf_finish *fin, const struct gz_buf *out, size_t from, size_t to)
{
	static const char figure_key[] = "/S /Figure", catalog_key[] = "/Type /Catalog";
	const char *data = out->data;
	for (const char *at = data + from; (at = find_next(at, data + to, figure_key));
	    at += sizeof figure_key - 1) {
		struct pdf_kept k;
		if (!object_around(data, (size_t)(at - data), to, &k))
			k = (struct pdf_kept){0};       /* reported by pdf_update_catalog */
		if (fin->figure_count == fin->figure_cap) {
			fin->figure_cap = fin->figure_cap ? 2 * fin->figure_cap : 16;
			fin->figures = gz_xrealloc(fin->figures,
			    fin->figure_cap * sizeof *fin->figures);
		}
		fin->figures[fin->figure_count++] = k;
	}
	const char *cat = find_next(data + from, data + to, catalog_key);
	if (cat && !fin->catalog.num)
		object_around(data, (size_t)(cat - data), to, &fin->catalog);
	fin->scanned = out->sent + to;
}

void
pdf_finish_pass(struct pdf_finish *fin, struct gz_buf *out)
{
	if (!out->sink || fin->scanned < out->sent)
		return;
	const char *last = find_last(out->data, out->len, "endobj\n");
	if (!last)
		return;
	size_t cut = (size_t)(last - out->data) + strlen("endobj\n");
	if (fin->scanned - out->sent >= cut)
		return;
	keep_objects(fin, out, fin->scanned - out->sent, cut);
	gz_buf_send(out, cut);
}

void
pdf_finish_free(struct pdf_finish *fin)
{
	free(fin->catalog.dict);
	for (size_t i = 0; i < fin->figure_count; i++)
		free(fin->figures[i].dict);
	free(fin->figures);
	*fin = (struct pdf_finish){0};
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

/* Appends a new revision of object `k` with `key` and `value` added. */
static void
revise(struct gz_buf *update, size_t base, struct revision *rev, const struct pdf_kept *k,
    const char *key, const char *value)
{
	rev->num = k->num;
	rev->offset = base + update->len + 1;
	gz_buf_printf(update, "\n%ld 0 obj\n", k->num);
	gz_buf_append(update, k->dict, strlen(k->dict) - 2);
	gz_buf_printf(update, "   /%s %s\n>>\nendobj", key, value);
}

bool
pdf_update_catalog(struct gz_buf *pdf, struct pdf_finish *fin, const char *lang,
    char *const *alts, size_t alt_count)
{
	/* What is still in the buffer starts at offset pdf->sent of the file
	 * (the pages, and the objects pdf_finish_pass saw, went out as they
	 * came); the end of the file, its trailer at least, is all here. */
	if (fin->scanned < pdf->sent)
		return false;
	keep_objects(fin, pdf, fin->scanned - pdf->sent, pdf->len);
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
	const char *data = pdf->data;
	const char *sx = find_last(data, pdf->len, "startxref");
	const char *trailer = find_last(data, pdf->len, "trailer");
	if (!sx || !trailer || trailer > sx)
		return false;
	long prev = strtol(sx + strlen("startxref"), NULL, 10);
	long size = number_after(trailer, sx, "/Size ");
	long root = number_after(trailer, sx, "/Root ");
	long info = number_after(trailer, sx, "/Info ");
	size_t file_len = pdf->sent + pdf->len;
	if (prev <= 0 || (size_t)prev < pdf->sent || (size_t)prev >= file_len || size <= 0
	    || root <= 0 || root >= size || strncmp(data + (prev - pdf->sent), "xref", 4) != 0)
		return false;

	struct gz_buf update = {0}, value = {0};
	struct revision *revs = gz_xcalloc(alt_count + 1, sizeof *revs);
	size_t rev_count = 0;
	bool ok = false;
	if (lang) {
		if (fin->catalog.num != root)
			goto out;
		gz_buf_printf(&value, "(%s)", lang);
		revise(&update, file_len, &revs[rev_count++], &fin->catalog, "Lang", value.data);
	}
	/* cairo writes the structure tree depth first, so its Figure elements
	 * come in the order of the document's figures (one per alt text). */
	if (fin->figure_count != alt_count)
		goto out;
	for (size_t i = 0; i < fin->figure_count; i++) {
		const struct pdf_kept *k = &fin->figures[i];
		if (k->num <= 0 || k->num >= size)
			goto out;
		if (!alts[i] || !*alts[i])
			continue;
		value.len = 0;
		put_text_string(&value, alts[i]);
		revise(&update, file_len, &revs[rev_count++], k, "Alt", value.data);
	}

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
