/* html_escape.c: text, attribute values and URLs escaped for HTML.  The tree
 * holds decoded UTF-8; everything the writer writes that did not come from raw
 * HTML goes through one of these. */
#include "html_write.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef GZ_AVX2
#include <immintrin.h>
#endif

#ifdef GZ_AVX2
/* skip_plain_avx2's constants, each byte in all 32 lanes. */
enum { P_04, P_AMP, P_02, P_GT, P_1F, P_7F, P_C2, P_COUNT };
static const unsigned char plain_k[P_COUNT][32] __attribute__((aligned(32))) = {
#define ROW(c) { c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, \
	c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c }
	[P_04] = ROW(0x04), [P_AMP] = ROW('&'), [P_02] = ROW(0x02), [P_GT] = ROW('>'),
	[P_1F] = ROW(0x1F), [P_7F] = ROW(0x7F), [P_C2] = ROW(0xC2),
#undef ROW
};

/* skip_plain's test below, thirty-two bytes a turn, for processors with
 * AVX2; stops before the last 32 bytes or at a block that needs a look.
 * It runs once a text, most texts a block or two: the constants are read
 * from memory by the instructions that use them (the empty asm hides the
 * table from GCC, which would build each in a register first, 22
 * instructions a call). */
__attribute__((target("avx2"))) static size_t
skip_plain_avx2(const unsigned char *u, size_t i, size_t len)
{
	const unsigned char (*k)[32] = plain_k;
	__asm__("" : "+r"(k));
#define K(n) _mm256_load_si256((const __m256i *)(const void *)k[P_##n])
	while (len - i >= 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(u + i));
		__m256i angle = _mm256_cmpeq_epi8(_mm256_or_si256(v, K(02)), K(GT));
		__m256i amp = _mm256_cmpeq_epi8(_mm256_or_si256(v, K(04)), K(AMP));
		__m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, K(1F)), v);
		__m256i del = _mm256_cmpeq_epi8(v, K(7F));
		__m256i c2 = _mm256_cmpeq_epi8(v, K(C2));
		unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_or_si256(angle, amp), _mm256_or_si256(ctl, _mm256_or_si256(del, c2))));
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 32;
	}
#undef K
	return i;
}
#endif

#ifdef __SSE2__
/* Bit k set when u[k] may need escaping, for the sixteen bytes from u. */
static inline unsigned
plain_mask16(const unsigned char *u)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
	/* x | 2 == '>' finds < and >; x | 4 == '&' finds " and &. */
	__m128i angle = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x02)), _mm_set1_epi8('>'));
	__m128i amp = _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x04)), _mm_set1_epi8('&'));
	__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
	__m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
	__m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(angle, amp),
	    _mm_or_si128(ctl, _mm_or_si128(del, c2))));
}
#endif

/* The index of the first byte from u[i] on that may need escaping (any
 * control, `"&<>`, DEL or 0xC2), or len.  Sixteen bytes a turn where SSE2
 * is there (every x86-64; thirty-two with AVX2), four elsewhere. */
static size_t
skip_plain(const unsigned char *u, size_t i, size_t len)
{
#ifdef GZ_AVX2
	if (len - i >= 32 && gz_cpu_avx2) {
		i = skip_plain_avx2(u, i, len);
		if (len - i >= 32)
			return i;
	}
#endif
#ifdef __SSE2__
	while (len - i >= 16) {
		unsigned mask = plain_mask16(u + i);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
	/* The last few bytes: the last sixteen once more, those before u[i]
	 * shifted out (most texts end with a few bytes past a whole block). */
	if (len >= 16 && i < len) {
		unsigned mask = plain_mask16(u + len - 16) >> (i - (len - 16));
		return mask ? i + (size_t)__builtin_ctz(mask) : len;
	}
#endif
	static const bool maybe[256] = {
		[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
		[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
		[0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
		[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
		[0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
		[0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 1,
		['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	};
	while (len - i >= 4 && !(maybe[u[i]] | maybe[u[i + 1]] | maybe[u[i + 2]] | maybe[u[i + 3]]))
		i += 4;
	while (i < len && !maybe[u[i]])
		i++;
	return i;
}

/* Appends s[0..len) escaped for HTML text and double-quoted attribute values.
 * Control characters HTML forbids (C0 other than tab, newline, form feed and
 * carriage return; DEL; C1) become U+FFFD. */
void
gz_html_escape(struct gz_buf *out, const char *s, size_t len)
{
	/* Bytes that need a look: markup characters, controls, and 0xC2 (the
	 * lead byte of the C1 controls U+0080..U+009F).  Text is mostly free of
	 * them, so runs between them are copied whole. */
	static const bool special[256] = {
		[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
		[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0E] = 1, [0x0F] = 1,
		[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
		[0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
		[0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, [0xC2] = 1,
		['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
	};
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;
	for (;;) {
		i = skip_plain(u, i, len);
		if (i == len)
			break;
		if (!special[u[i]]) {   /* tab, newline, form feed, carriage return */
			i++;
			continue;
		}
		const char *rep;
		size_t skip = 1;
		switch (u[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case 0xC2:
			if (i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
				rep = "\xEF\xBF\xBD";
				skip = 2;
				break;
			}
			i++;
			continue;
		default:
			rep = "\xEF\xBF\xBD";
			break;
		}
		put(out, s + run, i - run);
		put(out, rep, strlen(rep));
		i += skip;
		run = i;
	}
	put(out, s + run, len - run);
}

/* Letters, digits and ~-_.+!*(),%#@?=;:/$: what a URL keeps as it is. */
static const bool url_safe[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
	['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['~'] = 1, ['-'] = 1, ['_'] = 1, ['.'] = 1, ['+'] = 1, ['!'] = 1, ['*'] = 1,
	['('] = 1, [')'] = 1, [','] = 1, ['%'] = 1, ['#'] = 1, ['@'] = 1, ['?'] = 1,
	['='] = 1, [';'] = 1, [':'] = 1, ['/'] = 1, ['$'] = 1,
};

/* The index of the first byte from u[i] on that url_safe refuses, or len.
 * Sixteen bytes a turn where SSE2 is there, four elsewhere. */
static size_t
skip_url_safe(const unsigned char *u, size_t i, size_t len)
{
#ifdef __SSE2__
	while (len - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
#define EQ(c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
		/* As signed bytes, those below '!' are the controls, the space and
		 * every non-ASCII byte; above 'z', all but '~' are refused ({|} and
		 * DEL); so are "&'<>` and [\]^ (from '[' to '^'). */
		__m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8('!'));
		__m128i high = _mm_andnot_si128(EQ('~'), _mm_cmpgt_epi8(v, _mm_set1_epi8('z')));
		__m128i brackets = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('[' - 1)),
		    _mm_cmplt_epi8(v, _mm_set1_epi8('^' + 1)));
		__m128i marks = _mm_or_si128(_mm_or_si128(EQ('"'), EQ('&')), _mm_or_si128(EQ('\''), EQ('<')));
		marks = _mm_or_si128(marks, _mm_or_si128(EQ('>'), EQ('`')));
#undef EQ
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(low, high),
		    _mm_or_si128(brackets, marks)));
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
#endif
	while (len - i >= 4 && url_safe[u[i]] & url_safe[u[i + 1]] & url_safe[u[i + 2]]
	    & url_safe[u[i + 3]])
		i += 4;
	while (i < len && url_safe[u[i]])
		i++;
	return i;
}

#ifdef GZ_AVX2
/* "%XX" for each byte of the run of non-ASCII bytes at u[0..), up to
 * sixteen, written at o; returns the run's length (at least one: u[0] is
 * non-ASCII).  Reads sixteen bytes and writes 56, so it needs that much
 * input and room.  Each byte's two hex digits come from a table lookup on
 * its nibbles; the digit pairs are then spread into groups of three with a
 * '%' before each.  Heading ids in CJK, percent-escaped in their anchors,
 * are most of what this sees. */
__attribute__((target("avx2"))) static size_t
percent_run_avx2(const unsigned char *u, char *o)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
	size_t n = (size_t)__builtin_ctz(~(unsigned)_mm_movemask_epi8(v));
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
	    'A', 'B', 'C', 'D', 'E', 'F');
	const __m128i nibble = _mm_set1_epi8(0x0F);
	__m128i hi = _mm_shuffle_epi8(digits, _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
	__m128i lo = _mm_shuffle_epi8(digits, _mm_and_si128(v, nibble));
	/* Output byte k of eight groups: '%' where k % 3 == 0 (the index's
	 * high bit makes pshufb write 0 there, then OR adds '%'), else digit
	 * k - k / 3 - 1 of the pairs; the second lane holds bytes 16 to 23. */
	const __m256i spread = _mm256_setr_epi8(
	    -1, 0, 1, -1, 2, 3, -1, 4, 5, -1, 6, 7, -1, 8, 9, -1,
	    10, 11, -1, 12, 13, -1, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1);
	const __m256i pct = _mm256_setr_epi8(
	    '%', 0, 0, '%', 0, 0, '%', 0, 0, '%', 0, 0, '%', 0, 0, '%',
	    0, 0, '%', 0, 0, '%', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	__m256i first = _mm256_broadcastsi128_si256(_mm_unpacklo_epi8(hi, lo));
	__m256i second = _mm256_broadcastsi128_si256(_mm_unpackhi_epi8(hi, lo));
	_mm256_storeu_si256((__m256i *)(void *)o,
	    _mm256_or_si256(_mm256_shuffle_epi8(first, spread), pct));
	_mm256_storeu_si256((__m256i *)(void *)(o + 24),
	    _mm256_or_si256(_mm256_shuffle_epi8(second, spread), pct));
	return n;
}
#endif

/* Appends a URL for an href or src attribute as md4c-html does: bytes outside
 * the URL-safe set percent-encoded (so non-ASCII becomes %XX), `&` as &amp;.
 * Runs of safe bytes, most of a URL, are copied whole. */
void
gz_html_escape_url(struct gz_buf *out, const char *s, size_t len)
{
	/* "%00" to "%FF", each in four bytes so that one copy writes it. */
#define ROW(h) "%" h "0", "%" h "1", "%" h "2", "%" h "3", "%" h "4", "%" h "5", "%" h "6", \
	"%" h "7", "%" h "8", "%" h "9", "%" h "A", "%" h "B", "%" h "C", "%" h "D", "%" h "E", "%" h "F"
	static const char percent[256][4] = {
		ROW("0"), ROW("1"), ROW("2"), ROW("3"), ROW("4"), ROW("5"), ROW("6"), ROW("7"),
		ROW("8"), ROW("9"), ROW("A"), ROW("B"), ROW("C"), ROW("D"), ROW("E"), ROW("F"),
	};
#undef ROW
	const unsigned char *u = (const unsigned char *)s;
	/* Room for the worst case (`&amp;` for every byte, and what the last
	 * percent_run_avx2 writes past its bytes), then bytes are written without
	 * a bounds check each. */
	gz_buf_reserve(out, 5 * len + 56);
	char *o = out->data + out->len;
	size_t i = 0;
	while (i < len) {
		size_t safe_end = skip_url_safe(u, i, len);
		memcpy(o, s + i, safe_end - i);
		o += safe_end - i;
		/* Then the bytes to escape, up to the next safe one. */
		for (i = safe_end; i < len && !url_safe[u[i]]; i++) {
			unsigned char c = u[i];
#ifdef GZ_AVX2
			if (c >= 0x80 && gz_cpu_avx2) {
				/* The last few bytes from a copy, ended by NULs. */
				unsigned char tail[16] = {0};
				if (len - i < 16)
					memcpy(tail, u + i, len - i);
				size_t n = percent_run_avx2(len - i < 16 ? tail : u + i, o);
				o += 3 * n;
				i += n - 1;
				continue;
			}
#endif
			if (c == '&') {
				memcpy(o, "&amp;", 5);
				o += 5;
			} else {
				memcpy(o, percent[c], 4);       /* its NUL is written over next */
				o += 3;
			}
		}
	}
	*o = '\0';
	out->len = (size_t)(o - out->data);
}
