/* slug.c: heading ids in GitHub's style, keeping CJK, unique in constant time. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Every id given out, in an open-addressing table.  The ids' bytes live in
 * one pool (NUL-separated), so an id costs no allocation of its own; a slot
 * keeps its hash, so the table grows without hashing again. */
struct slot {
	size_t off, len;        /* the id in the pool; len 0: the slot is empty */
	uint64_t hash;
	unsigned next;          /* the next suffix to try with this id as a base */
};

struct gz_slugs {
	struct slot *slots;
	size_t mask, count;     /* slot count - 1 (a power of two); ids held */
	struct gz_buf pool;
	struct gz_buf id;       /* the id being built, returned to the caller */
};

struct gz_slugs *
gz_slugs_new(void)
{
	struct gz_slugs *s = gz_xcalloc(1, sizeof *s);
	s->mask = 63;
	s->slots = gz_xcalloc(s->mask + 1, sizeof *s->slots);
	return s;
}

void
gz_slugs_free(struct gz_slugs *s)
{
	if (!s)
		return;
	free(s->slots);
	gz_buf_free(&s->pool);
	gz_buf_free(&s->id);
	free(s);
}

/* A hash of id[0..len), eight bytes a turn: a multiply and a fold each.
 * (FNV-1a, a multiply for every byte, one waiting for the other, was 5% of
 * the time of a page of long CJK headings.) */
static uint64_t
hash_id(const char *p, size_t len)
{
	const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
	uint64_t h = (uint64_t)len * k, w;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	return h;
}

/* The slot holding id[0..len), or the empty slot where it would go. */
static struct slot *
find(struct gz_slugs *s, const char *id, size_t len, uint64_t hash)
{
	for (size_t i = (size_t)hash & s->mask;; i = (i + 1) & s->mask) {
		struct slot *sl = &s->slots[i];
		if (sl->len == 0 || (sl->hash == hash && sl->len == len
		    && memcmp(s->pool.data + sl->off, id, len) == 0))
			return sl;
	}
}

/* Records id[0..len) (absent: `sl` is its empty slot). */
static void
add(struct gz_slugs *s, struct slot *sl, const char *id, size_t len, uint64_t hash)
{
	*sl = (struct slot){ s->pool.len, len, hash, 1 };
	gz_buf_append(&s->pool, id, len);
	gz_buf_putc(&s->pool, '\0');
	if (++s->count * 2 <= s->mask)
		return;
	size_t old = s->mask + 1;
	struct slot *slots = s->slots;
	s->mask = 2 * old - 1;
	s->slots = gz_xcalloc(2 * old, sizeof *s->slots);
	for (size_t i = 0; i < old; i++) {
		if (slots[i].len == 0)
			continue;
		size_t k = (size_t)slots[i].hash & s->mask;
		while (s->slots[k].len)
			k = (k + 1) & s->mask;
		s->slots[k] = slots[i];
	}
	free(slots);
}

/* GitHub's rule: lower case; keep letters, marks, digits, `-` and `_`;
 * spaces become `-`; drop everything else (punctuation, symbols).  ASCII and
 * the common Han block (letters without case) skip decoding and GLib;
 * `text` is valid UTF-8, as the whole tree is. */
static void
slugify(struct gz_buf *out, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	/* Lower-casing grows a character by half at most (2 bytes to 3): room
	 * for the worst case, once. */
	out->len = 0;
	gz_buf_reserve(out, len + len / 2 + 8);
	char *o = out->data;
	for (size_t i = 0; i < len;) {
		unsigned c = u[i];
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
				*o++ = (char)c;
			else if (c >= 'A' && c <= 'Z')
				*o++ = (char)(c - 'A' + 'a');
			else if (c == ' ')
				*o++ = '-';
			i++;
			continue;
		}
		/* U+4E00..U+9FFF: E4 B8 80 .. E9 BF BF, all letters. */
		if (len - i >= 3 && ((c >= 0xE5 && c <= 0xE9) || (c == 0xE4 && u[i + 1] >= 0xB8))) {
			memcpy(o, text + i, 3);
			o += 3;
			i += 3;
			continue;
		}
		uint32_t cp;
		i += gz_utf8_decode(text + i, len - i, &cp);
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
			o += gz_utf8_encode(g_unichar_tolower(cp), o);
			break;
		default:
			break;
		}
	}
	out->len = (size_t)(o - out->data);
	if (out->len == 0)
		gz_buf_puts(out, "section");
	else
		out->data[out->len] = '\0';
}

const char *
gz_slug_unique(struct gz_slugs *s, const char *text, size_t len, size_t *id_len)
{
	struct gz_buf *id = &s->id;
	slugify(id, text, len);
	size_t base_len = id->len;
	uint64_t base_hash = hash_id(id->data, base_len);
	struct slot *sl = find(s, id->data, base_len, base_hash);
	if (sl->len == 0) {
		add(s, sl, id->data, base_len, base_hash);
		*id_len = base_len;
		return id->data;
	}
	/* Resume numbering where this base left off, so n equal headings cost
	 * O(n) in all rather than O(n^2). */
	size_t base_off = sl->off;
	unsigned next = sl->next;
	for (;;) {
		char digits[16];
		size_t k = sizeof digits;
		for (unsigned v = next++; v; v /= 10)
			digits[--k] = (char)('0' + v % 10);
		digits[--k] = '-';
		const char *suffix = digits + k;
		size_t n = sizeof digits - k;
		id->len = base_len;
		gz_buf_append(id, suffix, n);
		uint64_t hash = hash_id(id->data, id->len);
		struct slot *free_slot = find(s, id->data, id->len, hash);
		if (free_slot->len == 0) {
			/* Adding may move the slots: the base's is found again. */
			add(s, free_slot, id->data, id->len, hash);
			find(s, s->pool.data + base_off, base_len, base_hash)->next = next;
			break;
		}
	}
	*id_len = id->len;
	return id->data;
}

bool
gz_slug_reserve(struct gz_slugs *s, const char *id, size_t len)
{
	if (len == 0)
		return false;
	uint64_t hash = hash_id(id, len);
	struct slot *sl = find(s, id, len, hash);
	if (sl->len)
		return false;
	add(s, sl, id, len, hash);
	return true;
}
