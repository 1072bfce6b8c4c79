/* slug.c: heading ids in GitHub's style, keeping CJK, unique in constant time. */
#include "internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Every id given out, in an open-addressing table.  An id is known by its
 * 64-bit hash alone, not its bytes: a 50 MB page of headings kept 22 MB of
 * ids, the memory and most of the time the table cost.  Two different ids
 * share a hash with a chance of about one in 10^19 a pair (never when they
 * have one length and differ in one 8-byte word: each step of the hash is a
 * bijection), and the only effect would be a number on the later id that it
 * did not need; ids stay unique.
 *
 * A probe reads one byte a slot, the slot's tag (0: empty, else 0x80 and
 * seven bits of the hash); only a slot whose tag matches has its hash read.
 * Most lookups are of ids not yet taken (the numbered ones): they touch only
 * the tags, so the table is filled to three quarters.  A second, small table
 * holds where numbering goes on for each id that served as a base.
 */
struct table {
	uint8_t *tags;
	uint64_t *hashes;
	uint32_t *values;       /* NULL in the table of ids */
	size_t mask, count;     /* slot count - 1 (a power of two); entries held */
};

struct gz_slugs {
	struct table ids;
	struct table next;      /* a base's hash: the next suffix to try with it */
	struct gz_buf id;       /* the id being built, returned to the caller */
};

static void
table_init(struct table *t, size_t slots, bool values)
{
	t->mask = slots - 1;
	t->count = 0;
	t->tags = gz_xcalloc(slots, 1);
	t->hashes = gz_xmalloc(slots * sizeof *t->hashes);
	t->values = values ? gz_xmalloc(slots * sizeof *t->values) : NULL;
}

static void
table_free(struct table *t)
{
	free(t->tags);
	free(t->hashes);
	free(t->values);
}

struct gz_slugs *
gz_slugs_new(void)
{
	struct gz_slugs *s = gz_xcalloc(1, sizeof *s);
	table_init(&s->ids, 64, false);
	table_init(&s->next, 16, true);
	return s;
}

void
gz_slugs_free(struct gz_slugs *s)
{
	if (!s)
		return;
	table_free(&s->ids);
	table_free(&s->next);
	gz_buf_free(&s->id);
	free(s);
}

/* A hash of p[0..len) from the state h, eight bytes a turn: a multiply and a
 * fold each.  (FNV-1a, a multiply for every byte, one waiting for the other,
 * was 5% of the time of a page of long CJK headings.)  An id is hashed from
 * HASH_START and finished with its length by hash_end, so that a numbered id
 * goes on from its base's state instead of hashing the base again. */
#define HASH_K UINT64_C(0x9E3779B97F4A7C15)
#define HASH_START HASH_K

static uint64_t
hash_more(uint64_t h, const char *p, size_t len)
{
	uint64_t w;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * HASH_K;
		h ^= h >> 32;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * HASH_K;
		h ^= h >> 32;
	}
	return h;
}

static uint64_t
hash_end(uint64_t h, size_t len)
{
	h = (h ^ len) * HASH_K;
	return h ^ (h >> 29);
}

static uint64_t
hash_id(const char *p, size_t len)
{
	return hash_end(hash_more(HASH_START, p, len), len);
}

static uint8_t
tag_of(uint64_t hash)
{
	return (uint8_t)(0x80 | (hash >> 57));
}

/* The slot holding this hash, or the empty slot where it would go; *found
 * tells which. */
static size_t
find(const struct table *t, uint64_t hash, bool *found)
{
	const uint8_t tag = tag_of(hash);
	for (size_t i = (size_t)hash & t->mask;; i = (i + 1) & t->mask) {
		uint8_t g = t->tags[i];
		if (g == 0) {
			*found = false;
			return i;
		}
		if (g == tag && t->hashes[i] == hash) {
			*found = true;
			return i;
		}
	}
}

/* Doubles the table, keeping each entry's tag and placing it by its hash. */
static void
grow(struct table *t)
{
	struct table old = *t;
	table_init(t, 2 * (old.mask + 1), old.values != NULL);
	t->count = old.count;
	for (size_t i = 0; i <= old.mask; i++) {
		if (old.tags[i] == 0)
			continue;
		size_t k = (size_t)old.hashes[i] & t->mask;
		while (t->tags[k])
			k = (k + 1) & t->mask;
		t->tags[k] = old.tags[i];
		t->hashes[k] = old.hashes[i];
		if (t->values)
			t->values[k] = old.values[i];
	}
	table_free(&old);
}

/* Records the hash (and value) in the empty slot i. */
static void
add(struct table *t, size_t i, uint64_t hash, uint32_t value)
{
	t->tags[i] = tag_of(hash);
	t->hashes[i] = hash;
	if (t->values)
		t->values[i] = value;
	if (++t->count * 4 > (t->mask + 1) * 3)
		grow(t);
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
#ifdef __SSE2__
		/* Up to sixteen bytes at once while each is kept as it is or lowered:
		 * ASCII letters, digits, `-`, `_` and the space (to `-`), and
		 * three-byte characters led by E4..E9 (U+4000..U+9FFF, Han, all
		 * letters but the hexagrams U+4DC0..U+4DFF, E4 B7 xx) with their
		 * continuation bytes.  A block may end inside such a character;
		 * its last bytes then start the next block, or are copied below. */
		if (len - i >= 17) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
			__m128i next = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
#define RANGE(lo, hi) _mm_cmpeq_epi8(_mm_max_epu8(_mm_sub_epi8(v, _mm_set1_epi8((char)(lo))), \
	    _mm_set1_epi8((char)((hi) - (lo)))), _mm_set1_epi8((char)((hi) - (lo))))
#define EQ(c) _mm_cmpeq_epi8(v, _mm_set1_epi8((char)(c)))
			__m128i upper = RANGE('A', 'Z'), space = EQ(' ');
			__m128i keep = _mm_or_si128(_mm_or_si128(RANGE('a', 'z'), RANGE('0', '9')),
			    _mm_or_si128(EQ('-'), EQ('_')));
			keep = _mm_or_si128(keep, _mm_or_si128(upper, space));
			keep = _mm_or_si128(keep, _mm_or_si128(RANGE(0x80, 0xBF), RANGE(0xE4, 0xE9)));
			keep = _mm_andnot_si128(_mm_and_si128(EQ(0xE4),
			    _mm_cmpeq_epi8(next, _mm_set1_epi8((char)0xB7))), keep);
#undef EQ
#undef RANGE
			/* The bytes before the first that is not: a character
			 * boundary, since continuation bytes pass. */
			size_t n = (size_t)__builtin_ctz(~(unsigned)_mm_movemask_epi8(keep) | 0x10000);
			__m128i lowered = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
			lowered = _mm_or_si128(_mm_andnot_si128(space, lowered),
			    _mm_and_si128(space, _mm_set1_epi8('-')));
			_mm_storeu_si128((__m128i *)(void *)o, lowered);     /* room: see above */
			o += n;
			i += n;
			if (n == 16)
				continue;
		}
#endif
		unsigned c = u[i];
		if ((c & 0xC0) == 0x80) {
			/* The rest of a Han character the block above began. */
			*o++ = (char)c;
			i++;
			continue;
		}
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
	/* A numbered id hashes on from the base's last whole word. */
	size_t words = base_len & ~(size_t)7;
	uint64_t base_state = hash_more(HASH_START, id->data, words);
	uint64_t hash = hash_end(hash_more(base_state, id->data + words, base_len - words),
	    base_len);
	bool found;
	size_t i = find(&s->ids, hash, &found);
	if (!found) {
		add(&s->ids, i, hash, 0);
		*id_len = base_len;
		return id->data;
	}
	/* Resume numbering where this base left off, so n equal headings cost
	 * O(n) in all rather than O(n^2). */
	uint64_t base_hash = hash;
	size_t at = find(&s->next, base_hash, &found);
	uint32_t next = found ? s->next.values[at] : 1;
	for (;;) {
		char digits[16];
		size_t k = sizeof digits;
		for (uint32_t v = next++; v; v /= 10)
			digits[--k] = (char)('0' + v % 10);
		digits[--k] = '-';
		id->len = base_len;
		gz_buf_append(id, digits + k, sizeof digits - k);
		hash = hash_end(hash_more(base_state, id->data + words, id->len - words), id->len);
		i = find(&s->ids, hash, &found);
		if (!found)
			break;
	}
	add(&s->ids, i, hash, 0);
	/* The small table is as it was when `at` was found. */
	if (s->next.tags[at])
		s->next.values[at] = next;
	else
		add(&s->next, at, base_hash, next);
	*id_len = id->len;
	return id->data;
}

bool
gz_slug_reserve(struct gz_slugs *s, const char *id, size_t len)
{
	if (len == 0)
		return false;
	uint64_t hash = hash_id(id, len);
	bool found;
	size_t i = find(&s->ids, hash, &found);
	if (found)
		return false;
	add(&s->ids, i, hash, 0);
	return true;
}
