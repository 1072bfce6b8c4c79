/* utf8.c: decoding, encoding and classifying UTF-8 without allocation. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef GZ_AVX2
#include <immintrin.h>
#endif

size_t
gz_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0];
	size_t need;
	uint32_t min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		need = 1, min = 0x80, c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, min = 0x800, c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, min = 0x10000, c &= 0x07;
	} else {
		*cp = GZ_REPLACEMENT_CHAR;
		return 1;
	}
	if (len < need + 1) {
		*cp = GZ_REPLACEMENT_CHAR;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = GZ_REPLACEMENT_CHAR;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = GZ_REPLACEMENT_CHAR;
		return 1;
	}
	*cp = c;
	return need + 1;
}

uint32_t
gz_utf8_last(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	/* ASCII, and three bytes (most of CJK) with nothing to refuse, at once:
	 * the tree builder asks at every soft break. */
	const unsigned char *u = (const unsigned char *)s;
	if (u[len - 1] < 0x80)
		return u[len - 1];
	if (len >= 3 && (u[len - 3] & 0xF0) == 0xE0 && (u[len - 2] & 0xC0) == 0x80
	    && (u[len - 1] & 0xC0) == 0x80) {
		uint32_t cp = (uint32_t)(u[len - 3] & 0x0F) << 12 | (uint32_t)(u[len - 2] & 0x3F) << 6
		    | (u[len - 1] & 0x3F);
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF))
			return cp;
	}
	size_t start = len - 1;
	while (start > 0 && len - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	uint32_t cp;
	size_t used = gz_utf8_decode(s + start, len - start, &cp);
	return start + used == len ? cp : GZ_REPLACEMENT_CHAR;
}

#ifdef GZ_AVX2
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#endif

bool gz_cpu_avx2;

/* glibc has asked the processor already; GCC's __builtin_cpu_supports would
 * ask again at every start, with CPUID instructions that a virtual machine
 * traps (3% of an empty conversion's time).  GAZETTE_NO_AVX2 in the
 * environment leaves the variants out (the tests run both ways). */
__attribute__((constructor)) static void
find_avx2(void)
{
#ifdef CPU_FEATURE_ACTIVE
	gz_cpu_avx2 = CPU_FEATURE_ACTIVE(AVX2);
#else
	gz_cpu_avx2 = __builtin_cpu_supports("avx2");
#endif
	if (getenv("GAZETTE_NO_AVX2"))
		gz_cpu_avx2 = false;
}

/* skip_common's block test below, thirty-two bytes a turn, for processors
 * with AVX2 (most x86-64 since 2013; skip_common takes it when gz_cpu_avx2
 * says so).  The same test as the SSE2 one, on vectors twice as wide; it
 * ends anywhere, as the sixteen-byte loop goes on from any i >= 2.  Inline
 * into one copy for each value of `nonchar`, so the loop does not test it. */
__attribute__((target("avx2"), always_inline)) static inline size_t
avx2_blocks(const unsigned char *u, size_t i, size_t len, bool nonchar)
{
	/* The bytes compared with, each in all 32 lanes.  The empty asm hides
	 * their values from GCC, which otherwise builds each one again inside
	 * the loop, three instructions apiece, rather than keep it in a register
	 * or read it from the stack. */
#define CONST(name, c) __m256i k##name = _mm256_set1_epi8((char)(c)); __asm__("" : "+x"(k##name))
	CONST(C0, 0xC0); CONST(F0, 0xF0); CONST(E0, 0xE0); CONST(FE, 0xFE); CONST(A0, 0xA0);
	CONST(ED, 0xED); CONST(9F, 0x9F); CONST(EF, 0xEF); CONST(08, 0x08); CONST(BF, 0xBF);
#undef CONST
	while (len - i >= 32) {
		__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(u + i));
		if (_mm256_movemask_epi8(v0) == 0 && u[i - 1] < 0xC0 && u[i - 2] < 0xE0) {
			i += 32;
			continue;
		}
		__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(u + i - 1));
		__m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(u + i - 2));
#define K(c) k##c
#define EQ(v, c) _mm256_cmpeq_epi8((v), K(c))
#define BELOW(v, c) _mm256_cmpgt_epi8(K(c), (v))     /* signed, as _mm_cmplt_epi8 */
		__m256i cont = BELOW(v0, C0);
		__m256i wanted = _mm256_or_si256(EQ(_mm256_and_si256(v1, K(C0)), C0),
		    EQ(_mm256_and_si256(v2, K(F0)), E0));
		__m256i fault = _mm256_xor_si256(cont, wanted);
		fault = _mm256_or_si256(fault, EQ(_mm256_and_si256(v0, K(FE)), C0));
		fault = _mm256_or_si256(fault, _mm256_cmpeq_epi8(_mm256_max_epu8(v0, K(F0)), v0));
		fault = _mm256_or_si256(fault, _mm256_and_si256(EQ(v1, E0), BELOW(v0, A0)));
		fault = _mm256_or_si256(fault, _mm256_and_si256(EQ(v1, ED),
		    _mm256_cmpgt_epi8(v0, K(9F))));
		if (nonchar)
			fault = _mm256_or_si256(fault, _mm256_and_si256(EQ(v1, EF),
			    EQ(_mm256_or_si256(v0, K(08)), BF)));
#undef BELOW
#undef EQ
#undef K
		if (_mm256_movemask_epi8(fault))
			break;
		i += 32;
	}
	return i;
}

__attribute__((target("avx2"))) static size_t
skip_common_avx2(const unsigned char *u, size_t i, size_t len)
{
	return avx2_blocks(u, i, len, false);
}

__attribute__((target("avx2"))) static size_t
skip_common_avx2_nonchar(const unsigned char *u, size_t i, size_t len)
{
	return avx2_blocks(u, i, len, true);
}
#endif

/*
 * Where the exact check below may start to look, from a character boundary
 * i >= 2: past the next whole blocks of common text, at a character boundary.
 * With SSE2, sixteen bytes a turn (thirty-two with AVX2): a block passes when its continuation bytes
 * (0x80..0xBF) stand exactly where a lead byte before them wants them (one
 * after any lead, two after a three-byte one) and it holds none of the cases
 * the exact check narrows: C0 and C1, anything from F0 on (four-byte
 * characters are left to the exact check), E0 before 80..9F, ED before
 * A0..BF and, for noncharacters, EF before B7 or BF.  Without SSE2, runs of
 * ASCII eight bytes at a time and of three-byte characters (most of CJK).
 */
static inline __attribute__((always_inline)) size_t
skip_common(const unsigned char *u, size_t i, size_t len, bool nonchar)
{
#ifdef __SSE2__
	if (i < 2)
		return i;
#ifdef GZ_AVX2
	if (len - i >= 32 && gz_cpu_avx2)
		i = nonchar ? skip_common_avx2_nonchar(u, i, len) : skip_common_avx2(u, i, len);
#endif
	while (len - i >= 16) {
		__m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* ASCII after a character's end: nothing to look at. */
		if (_mm_movemask_epi8(v0) == 0 && u[i - 1] < 0xC0 && u[i - 2] < 0xE0) {
			i += 16;
			continue;
		}
		/* The same block one and two bytes earlier: lane k holds the
		 * bytes before u[i + k]. */
		__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(u + i - 1));
		__m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(u + i - 2));
#define SET(c) _mm_set1_epi8((char)(c))
#define EQ(v, c) _mm_cmpeq_epi8((v), SET(c))
		/* As signed bytes, continuation bytes are those below (char)0xC0. */
		__m128i cont = _mm_cmplt_epi8(v0, SET(0xC0));
		__m128i wanted = _mm_or_si128(EQ(_mm_and_si128(v1, SET(0xC0)), 0xC0),
		    EQ(_mm_and_si128(v2, SET(0xF0)), 0xE0));
		__m128i fault = _mm_xor_si128(cont, wanted);
		fault = _mm_or_si128(fault, EQ(_mm_and_si128(v0, SET(0xFE)), 0xC0));
		fault = _mm_or_si128(fault, _mm_cmpeq_epi8(_mm_max_epu8(v0, SET(0xF0)), v0));
		fault = _mm_or_si128(fault, _mm_and_si128(EQ(v1, 0xE0), _mm_cmplt_epi8(v0, SET(0xA0))));
		fault = _mm_or_si128(fault, _mm_and_si128(EQ(v1, 0xED), _mm_cmpgt_epi8(v0, SET(0x9F))));
		if (nonchar)
			fault = _mm_or_si128(fault, _mm_and_si128(EQ(v1, 0xEF),
			    EQ(_mm_or_si128(v0, SET(0x08)), 0xBF)));
#undef EQ
#undef SET
		if (_mm_movemask_epi8(fault))
			break;
		i += 16;
	}
	/* Back to the start of a character the last block left unfinished. */
	if (u[i - 1] >= 0xC0)
		return i - 1;
	if ((u[i - 2] & 0xF0) == 0xE0)
		return i - 2;
	return i;
#else
	while (len - i >= 8) {
		uint64_t w;
		memcpy(&w, u + i, sizeof w);
		if (w & UINT64_C(0x8080808080808080))
			break;
		i += 8;
	}
	/* Three-byte characters other than those after E0 and ED (the only
	 * ones narrowed), and EF when noncharacters count. */
	const unsigned last = nonchar ? 0xEE : 0xEF;
	while (len - i >= 3) {
		unsigned c = u[i];
		uint16_t tail;      /* both continuation bytes: the mask is symmetric */
		memcpy(&tail, u + i + 1, sizeof tail);
		if (c - 0xE1u > last - 0xE1u || c == 0xED || (tail & 0xC0C0) != 0x8080)
			break;
		i += 3;
	}
	return i;
#endif
}

/* The valid prefix of s[0..len), ending also at the first noncharacter when
 * `nonchar` is set (a constant in each caller below, so each gets its own
 * copy).  This runs over every input and every string a feed writes: the
 * common text goes by skip_common, and what it leaves (at most a block's
 * worth at a time) by the exact check, a character at a time. */
static inline __attribute__((always_inline)) size_t
scan(const char *s, size_t len, bool nonchar)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		i = skip_common(u, i, len, nonchar);
		size_t until = len - i > 16 ? i + 16 : len;
		while (i < until) {
			unsigned c = u[i];
			if (c < 0x80) {
				i++;
				continue;
			}
			/* The byte after the lead byte is narrowed to refuse overlong
			 * forms, surrogates and code points above U+10FFFF. */
			size_t n;
			unsigned lo = 0x80, hi = 0xBF;
			if (c < 0xC2) {
				return i;
			} else if (c < 0xE0) {
				n = 2;
			} else if (c < 0xF0) {
				n = 3;
				lo = c == 0xE0 ? 0xA0 : lo;
				hi = c == 0xED ? 0x9F : hi;
			} else if (c < 0xF5) {
				n = 4;
				lo = c == 0xF0 ? 0x90 : lo;
				hi = c == 0xF4 ? 0x8F : hi;
			} else {
				return i;
			}
			if (len - i < n || u[i + 1] < lo || u[i + 1] > hi)
				return i;
			if (n >= 3 && (u[i + 2] & 0xC0) != 0x80)
				return i;
			if (n == 4 && (u[i + 3] & 0xC0) != 0x80)
				return i;
			if (nonchar && c == 0xEF && ((u[i + 1] == 0xB7 && u[i + 2] >= 0x90 && u[i + 2] <= 0xAF)
			    || (u[i + 1] == 0xBF && u[i + 2] >= 0xBE)))
				return i;       /* U+FDD0..U+FDEF, U+FFFE, U+FFFF */
			if (nonchar && n == 4 && (u[i + 1] & 0x0F) == 0x0F && u[i + 2] == 0xBF
			    && u[i + 3] >= 0xBE)
				return i;       /* U+xFFFE, U+xFFFF above the BMP */
			i += n;
		}
	}
	return len;
}

size_t
gz_utf8_valid_prefix(const char *s, size_t len)
{
	return scan(s, len, false);
}

size_t
gz_utf8_clean_prefix(const char *s, size_t len)
{
	return scan(s, len, true);
}

size_t
gz_utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = GZ_REPLACEMENT_CHAR;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
gz_is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF)      /* Hangul Jamo */
	    || (cp >= 0x2E80 && cp <= 0x2FDF)      /* CJK radicals, Kangxi radicals */
	    || (cp >= 0x3000 && cp <= 0x303F)      /* CJK symbols and punctuation */
	    || (cp >= 0x3040 && cp <= 0x30FF)      /* hiragana, katakana */
	    || (cp >= 0x3100 && cp <= 0x31FF)      /* bopomofo, Hangul compatibility, kana ext. */
	    || (cp >= 0x3400 && cp <= 0x4DBF)      /* CJK extension A */
	    || (cp >= 0x4E00 && cp <= 0x9FFF)      /* CJK unified ideographs */
	    || (cp >= 0xAC00 && cp <= 0xD7AF)      /* Hangul syllables */
	    || (cp >= 0xF900 && cp <= 0xFAFF)      /* CJK compatibility ideographs */
	    || (cp >= 0xFE30 && cp <= 0xFE4F)      /* CJK compatibility forms */
	    || (cp >= 0xFF00 && cp <= 0xFF60)      /* full-width forms */
	    || (cp >= 0xFFE0 && cp <= 0xFFE6)
	    || (cp >= 0x20000 && cp <= 0x3FFFF);   /* supplementary ideographic planes */
}
