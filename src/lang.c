/* lang.c: a page's `lang` value (`cn`, `zh_tw`, `en-us`) as a BCP 47 tag. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Values seen in real sites that are not language tags, or not the intended
 * ones, compared without regard to case after `_` became `-`.  `kr` is
 * ISO 639-1 Kanuri, but sites that write it mean Korean.  A bare `zh` is a
 * valid tag and stays as it is: guessing a region would be wrong for half of
 * its readers.
 */
static const struct {
	const char *alias;
	const char *tag;
} aliases[] = {
	{ "cn", "zh-CN" },
	{ "jp", "ja" },
	{ "kr", "ko" },
	{ "zh-chs", "zh-Hans" },        /* .NET's old names */
	{ "zh-cht", "zh-Hant" },
};

static bool
all(const char *s, size_t n, int (*pred)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!pred((unsigned char)s[i]))
			return false;
	return true;
}

/* Kinds of subtag, in the order BCP 47 allows them. */
enum subtag { SUB_LANGUAGE, SUB_EXTLANG, SUB_SCRIPT, SUB_REGION, SUB_VARIANT, SUB_EXTENSION };

/*
 * Appends subtag s[0..n) to `out` in its canonical case, given what came
 * before (*state).  Returns false when the subtag cannot stand there.
 */
static bool
put_subtag(struct gz_buf *out, const char *s, size_t n, enum subtag *state)
{
	enum subtag kind;
	if (*state == SUB_EXTENSION) {
		kind = SUB_EXTENSION;   /* singletons and their subtags: 1-8 alphanumerics */
		if (n < 1 || n > 8 || !all(s, n, isalnum))
			return false;
	} else if (out->len == 0) {
		kind = SUB_LANGUAGE;    /* 4-8 letter languages are reserved or unregistered */
		if (n < 2 || n > 3 || !all(s, n, isalpha))
			return false;
	} else if (n == 3 && all(s, n, isalpha) && *state < SUB_SCRIPT) {
		kind = SUB_EXTLANG;
	} else if (n == 4 && all(s, n, isalpha) && *state < SUB_SCRIPT) {
		kind = SUB_SCRIPT;
	} else if ((n == 2 && all(s, n, isalpha)) || (n == 3 && all(s, n, isdigit))) {
		if (*state >= SUB_REGION)
			return false;
		kind = SUB_REGION;
	} else if ((n >= 5 && n <= 8 && all(s, n, isalnum)) ||
	    (n == 4 && isdigit((unsigned char)s[0]) && all(s, n, isalnum))) {
		kind = SUB_VARIANT;
	} else if (n == 1 && isalnum((unsigned char)s[0])) {
		kind = SUB_EXTENSION;
	} else {
		return false;
	}
	if (out->len)
		gz_buf_putc(out, '-');
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		bool upper = kind == SUB_REGION || (kind == SUB_SCRIPT && i == 0);
		gz_buf_putc(out, (char)(upper ? toupper(c) : tolower(c)));
	}
	*state = kind;
	return true;
}

/*
 * Returns the BCP 47 form of `value` (a new string), or NULL when it is not a
 * well-formed tag nor a known alias.  `_` reads as `-`, and a POSIX locale's
 * `.UTF-8` or `@euro` is dropped, so `zh_TW.UTF-8` gives `zh-TW`.  Subtags get
 * their canonical case (`zh-hant-tw` gives `zh-Hant-TW`).  Private-use tags
 * (`x-...`) and grandfathered ones are not accepted.
 */
char *
gz_lang_tag(const char *value)
{
	if (!value)
		return NULL;
	while (isspace((unsigned char)*value))
		value++;
	size_t n = strcspn(value, ".@");
	while (n > 0 && isspace((unsigned char)value[n - 1]))
		n--;
	if (n == 0 || n > 64)
		return NULL;
	char *s = gz_xstrndup(value, n);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';

	for (size_t i = 0; i < GZ_ARRAY_LEN(aliases); i++) {
		if (strcasecmp(s, aliases[i].alias) == 0) {
			free(s);
			return gz_xstrdup(aliases[i].tag);
		}
	}

	struct gz_buf out = {0};
	enum subtag state = SUB_LANGUAGE;
	char *result = NULL;
	for (const char *p = s;;) {
		size_t len = strcspn(p, "-");
		if (!put_subtag(&out, p, len, &state))
			goto out;
		if (!p[len])
			break;
		p += len + 1;
	}
	result = gz_buf_detach(&out, NULL);
out:
	gz_buf_free(&out);
	free(s);
	return result;
}

bool
gz_lang_is(const char *lang, const char *prefix)
{
	size_t n = strlen(prefix);
	return lang && strncmp(lang, prefix, n) == 0 && (lang[n] == '\0' || lang[n] == '-');
}

const char *
gz_toc_label(const char *lang)
{
	static const struct { const char *lang, *label; } labels[] = {
		{ "zh-TW", "目錄" }, { "zh-HK", "目錄" }, { "zh-Hant", "目錄" },
		{ "zh", "目录" }, { "ja", "目次" }, { "ko", "목차" },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(labels); i++)
		if (gz_lang_is(lang, labels[i].lang))
			return labels[i].label;
	return "Contents";
}

enum { LETTERS_ENOUGH = 4000 };

/* Adds the letters of one text to the count, until it is full.  The tree's
 * text is valid UTF-8, so characters are told by their bytes: of those
 * counted, Latin letters are ASCII and the others take three bytes (lead
 * E1 to ED); no two- or four-byte character counts. */
static enum gz_walk_result
count_text(const struct gz_node *n, void *ctx)
{
	struct gz_lang_count *c = ctx;
	const unsigned char *u = (const unsigned char *)n->text;
	const size_t len = n->len;
	/* Counted in locals: stores through c could alias the text. */
	size_t latin = c->latin, kana = c->kana, hangul = c->hangul, han = c->han;
	size_t i = 0;
	for (;;) {
		size_t total = latin + kana + hangul + han;
		if (i >= len || total >= LETTERS_ENOUGH)
			break;
		/* A character counts once at most: this many bytes cannot take
		 * the count past its limit, which is checked between runs. */
		size_t end = i + (len - i < LETTERS_ENOUGH - total ? len - i : LETTERS_ENOUGH - total);
		while (i < end) {
			unsigned b = u[i];
			if (b < 0x80) {
				latin += (b | 0x20) - 'a' < 26;
				i++;
				continue;
			}
			if ((b & 0xF0) != 0xE0 || len - i < 3) {
				i += b < 0xE0 ? 2 : 4;  /* counts nothing */
				continue;
			}
			unsigned b1 = u[i + 1];
			if ((b >= 0xE5 && b <= 0xE9) || (b == 0xE4 && b1 >= 0xB8))
				han++;                  /* U+4E00..U+9FFF */
			else if ((b == 0xE3 && b1 >= 0x90) || (b == 0xE4 && b1 <= 0xB6))
				han++;                  /* U+3400..U+4DBF */
			else if (b == 0xE3 && b1 >= 0x81 && b1 <= 0x83)
				kana++;                 /* U+3040..U+30FF */
			else if (b == 0xE1 && b1 >= 0x84 && b1 <= 0x87)
				hangul++;               /* U+1100..U+11FF */
			else if (b >= 0xEA && b <= 0xED) {
				uint32_t cp = (b & 0x0F) << 12 | (b1 & 0x3F) << 6 | (u[i + 2] & 0x3FU);
				hangul += cp - 0xAC00 < 0x2BB0;     /* U+AC00..U+D7AF */
			}
			i += 3;
		}
	}
	c->latin = latin, c->kana = kana, c->hangul = hangul, c->han = han;
	/* Once the count is full, the rest of the tree would add nothing. */
	return gz_lang_count_full(c) ? GZ_WALK_STOP : GZ_WALK_NEXT;
}

bool
gz_lang_count_full(const struct gz_lang_count *c)
{
	return c->latin + c->kana + c->hangul + c->han >= LETTERS_ENOUGH;
}

void
gz_lang_count(struct gz_lang_count *c, const struct gz_node *n)
{
	static const struct gz_handler handlers[GZ_NODE_KIND_COUNT] = {
		[GZ_NODE_TEXT] = { .enter = count_text },
	};
	if (!gz_lang_count_full(c))
		gz_walk(n, handlers, c);
}

const char *
gz_lang_decide(const struct gz_lang_count *c)
{
	size_t cjk = c->kana + c->hangul + c->han;
	if (cjk == 0 || cjk < c->latin)
		return NULL;
	if (c->hangul * 2 > cjk)
		return "ko";
	if (c->kana * 20 > cjk)         /* Japanese text is rarely without kana */
		return "ja";
	return "zh";
}

const char *
gz_lang_guess(const struct gz_node *root)
{
	struct gz_lang_count c = {0};
	gz_lang_count(&c, root);
	return gz_lang_decide(&c);
}
