/* doc.c: one input from bytes to a parsed document. */
#include "internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum script_hint { HINT_NONE, HINT_KANA, HINT_HANGUL };

/* How plausible a text is as prose, in 1/1000: the share of its code points
 * that are ASCII, common Han, kana, hangul or CJK punctuation (*share), plus
 * a bonus for what only the right decoding yields.  A wrong decoding gives Han
 * easily (GB18030 maps almost any byte pair to some ideograph) but rarely runs
 * of kana; it can give hangul, but not hangul words separated by spaces, as
 * Korean is written. */
static unsigned
plausibility(const char *utf8, size_t len, enum script_hint hint, unsigned *share)
{
	size_t good = 0, kana = 0, hangul = 0, spaces = 0, all = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += gz_utf8_decode(utf8 + i, len - i, &cp);
		all++;
		bool is_kana = cp >= 0x3040 && cp <= 0x30FF;
		bool is_hangul = cp >= 0xAC00 && cp <= 0xD7A3;
		good += (cp >= 0x20 && cp < 0x7F) || cp == '\n' || cp == '\r' || cp == '\t'
		    || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x4E00 && cp <= 0x9FFF)
		    || (cp >= 0xFF01 && cp <= 0xFF5E) || is_kana || is_hangul;
		kana += is_kana;
		hangul += is_hangul;
		spaces += cp == ' ';
	}
	if (all == 0)
		return *share = 0;
	size_t bonus = hint == HINT_KANA ? kana
	    : hint == HINT_HANGUL && spaces * 8 >= hangul ? hangul : 0;
	*share = (unsigned)(good * 1000 / all);
	return (unsigned)((good + bonus) * 1000 / all);
}

/* Decodes data from `charset` with glibc's iconv; NULL when it is not valid
 * in that charset. */
static char *
decode_as(const char *charset, const char *data, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16, left = cap;
	char *out = gz_xmalloc(cap), *op = out;
	char *ip = (char *)data;
	size_t in_left = len;
	bool ok = iconv(cd, &ip, &in_left, &op, &left) != (size_t)-1
	    && iconv(cd, NULL, NULL, &op, &left) != (size_t)-1;
	iconv_close(cd);
	if (!ok) {
		free(out);
		return NULL;
	}
	*out_len = cap - left;
	return out;
}

/* Which legacy encoding a file that is not UTF-8 looks like, or NULL.  On a
 * tie the earlier candidate wins. */
static const char *
guess_encoding(const char *data, size_t len)
{
	static const struct { const char *name; enum script_hint hint; } candidates[] = {
		{ "GB18030", HINT_NONE },
		{ "SHIFT_JIS", HINT_KANA },
		{ "EUC-JP", HINT_KANA },
		{ "EUC-KR", HINT_HANGUL },
		{ "BIG5", HINT_NONE },
	};
	const char *best = NULL;
	unsigned best_score = 0;
	size_t sample = len < 65536 ? len : 65536;
	for (size_t i = 0; i < GZ_ARRAY_LEN(candidates); i++) {
		size_t n;
		/* A sample may cut a character in two: back off a few bytes. */
		char *text = NULL;
		for (size_t cut = 0; cut < 4 && !text && cut < sample; cut++)
			text = decode_as(candidates[i].name, data, sample - (sample == len ? 0 : cut), &n);
		if (!text)
			continue;
		unsigned share;
		unsigned score = plausibility(text, n, candidates[i].hint, &share);
		free(text);
		if (share >= 900 && score > best_score) {
			best = candidates[i].name;
			best_score = score;
		}
	}
	return best;
}

/* Refuses input that is plainly not UTF-8: UTF-16 or UTF-32 with a byte-order
 * mark, or text where invalid sequences outnumber valid multi-byte ones.
 * Returns false after reporting what it looks like and how to convert it. */
static bool
check_encoding(const char *name, const char *data, size_t len, struct gz_log *log)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *found = NULL;
	if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)
	    || (u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)))
		found = "UTF-32";
	else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		found = "UTF-16";
	if (!found) {
		size_t valid = 0, invalid = 0;
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			size_t n = gz_utf8_decode(data + i, len - i, &cp);
			if (n > 1)
				valid++;
			else if (cp == GZ_REPLACEMENT_CHAR)
				invalid++;
			i += n;
		}
		if (invalid < 8 || invalid <= valid)
			return true;
		found = guess_encoding(data, len);
		if (!found) {
			gz_error(log, name, 0, "this is not UTF-8 text (%zu invalid byte sequences); "
			    "convert it to UTF-8, e.g. with iconv -f ENCODING -t UTF-8", invalid);
			return false;
		}
	}
	gz_error(log, name, 0, "this looks like %s, not UTF-8; convert it first: "
	    "iconv -f %s -t UTF-8 '%s' > converted.md", found, found, name);
	return false;
}

/* Replaces invalid UTF-8 and noncharacters (the first at data[first_bad])
 * with U+FFFD, warning once per line that had any.  Returns the new text, its
 * length in *out_len. */
static char *
clean_utf8(const char *name, const char *data, size_t len, size_t first_bad, size_t *out_len,
    struct gz_log *log)
{
	struct gz_buf out = {0};
	unsigned line = 1, warned_line = 0;
	size_t run = 0;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + first_bad - p))); p++)
		line++;
	for (size_t i = first_bad; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(data + i, len - i, &cp);
		bool invalid = cp == GZ_REPLACEMENT_CHAR && n == 1;
		if (invalid || gz_utf8_noncharacter(cp)) {
			gz_buf_append(&out, data + run, i - run);
			gz_buf_append(&out, "\xEF\xBF\xBD", 3);
			run = i + n;
			if (warned_line != line) {
				gz_warn(log, name, line, invalid ? "invalid UTF-8 replaced by U+FFFD"
				    : "a Unicode noncharacter (U+%04X), which HTML and XML do not allow, "
				    "replaced by U+FFFD", (unsigned)cp);
				warned_line = line;
			}
		} else if (cp == '\n') {
			line++;
		}
		i += n;
	}
	gz_buf_append(&out, data + run, len - run);
	return gz_buf_detach(&out, out_len);
}

/* Does the text contain `{{` or `{%`?  (memchr is much faster than memmem.) */
static bool
has_liquid(const char *s, size_t len)
{
	for (const char *p = s, *end = s + len; (p = memchr(p, '{', (size_t)(end - p))); p++)
		if (p + 1 < end && (p[1] == '{' || p[1] == '%'))
			return true;
	return false;
}

/* Whether the page's language is to be guessed from its text: none given
 * (a `lang:` that is not a tag was warned about, and is not guessed over). */
static bool
lang_unknown(const struct gz_doc *doc)
{
	return !doc->lang && !gz_value_get(doc->page, "lang");
}

/* Without a language, browsers and the PDF's fonts pick regional glyph forms
 * for CJK text at random: name the guess. */
static void
assume_lang(struct gz_doc *doc, const char *guess, struct gz_log *log)
{
	if (!guess)
		return;
	doc->lang = gz_xstrdup(guess);
	gz_warn(log, doc->name, 0, "no lang: the text looks %s, so lang: %s is assumed; "
	    "give lang: in the front matter or the site's configuration",
	    strcmp(guess, "ja") == 0 ? "Japanese" : strcmp(guess, "ko") == 0
	    ? "Korean" : "Chinese", guess);
}

/* A body parsed a top-level block at a time for gz_doc_load_blocks.  The
 * blocks md4c has closed wait under the root and go on BATCH at a time, each
 * with what the passes over a whole tree would give it (the page's title,
 * heading levels): handing on, writing and freeing cost once a run (the run
 * freed at once and the next built in its memory), and the memory held stays
 * small.  While the language is being guessed (from the first few thousand
 * letters) they wait too, so that the guess and its warning come before
 * anything is written, as for a whole tree. */
enum { BATCH = 32 };

struct streaming {
	struct gz_doc *doc;
	struct gz_log *log;
	gz_doc_block_fn *fn;
	void *ctx;
	bool guessing;
	struct gz_lang_count letters;
	struct gz_outline outline;
	size_t held;                    /* blocks handed over, waiting under the root */
};

/* The blocks that wait, all the root's children, go on. */
static void
hand_on(struct streaming *st, struct gz_node *root)
{
	for (struct gz_node *n = root->first; n; n = n->next) {
		gz_meta_title_from(&st->doc->meta, n);
		gz_outline_block(&st->outline, n);
	}
	if (root->first)
		st->fn(st->doc, root->first, NULL, st->ctx);
	gz_node_free_children(root);
	st->held = 0;
}

static void
guessed(struct streaming *st)
{
	st->guessing = false;
	assume_lang(st->doc, gz_lang_decide(&st->letters), st->log);
}

/* gz_markdown_parse_blocks' callback: `block` is closed; blocks after it
 * under the root are not yet (md4c is in them, or they wait for a line). */
static void
each_block(struct gz_node *root, struct gz_node *block, void *ctx)
{
	struct streaming *st = ctx;
	st->held++;
	if (st->guessing) {
		gz_lang_count(&st->letters, block);
		if (gz_lang_count_full(&st->letters))
			guessed(st);
	}
	if (!st->guessing && st->held >= BATCH && block == root->last)
		hand_on(st, root);
}

/* gz_doc_parse, for `input` (malloc'd, which this frees) whose byte at `len`
 * is a NUL (md4c reads it: see gz_markdown_parse in internal.h); its body a
 * block at a time to `fn` when it allows (gz_doc_load_blocks). */
static struct gz_doc *
parse_terminated(const char *name, char *input, size_t len, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log, gz_doc_block_fn *fn, void *ctx)
{
	char *data = input;
	struct gz_doc *doc = gz_xcalloc(1, sizeof *doc);
	struct gz_doc *result = NULL;
	char *clean = NULL, *body = NULL;
	size_t body_offset, body_len;
	unsigned body_line;

	doc->path = gz_xstrdup(name);
	doc->name = gz_xstrdup(strcmp(name, "-") == 0 ? "<stdin>" : name);
	doc->stem = strcmp(name, "-") == 0 ? gz_xstrdup("stdin") : gz_path_stem(name);
	doc->site = site;
	doc->resource_dirs = opts->resource_dirs;
	doc->resource_dir_count = opts->resource_dir_count;

	/* One pass over clean text (valid UTF-8 without the noncharacters HTML and
	 * XML refuse); the slower checks only when it is not. */
	size_t first_bad = gz_utf8_clean_prefix(data, len);
	if (first_bad < len
	    && gz_utf8_valid_prefix(data + first_bad, len - first_bad) != len - first_bad
	    && !check_encoding(doc->name, data, len, log))
		goto out;
	if (first_bad < len) {
		clean = clean_utf8(doc->name, data, len, first_bad, &len, log);
		data = clean;
	}
	if (opts->no_front_matter) {
		doc->page = gz_value_new(GZ_VALUE_MAP);
		body_offset = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		body_line = 1;
	} else if (!gz_front_matter_split(doc->name, data, len, &doc->page, &body_offset,
	    &body_line, log)) {
		goto out;
	}
	gz_jekyll_defaults(&doc->page, site, doc->path);
	const struct gz_value *page_sets = opts->sets ? gz_value_get(opts->sets, "page") : NULL;
	if (page_sets && page_sets->kind == GZ_VALUE_MAP)
		gz_value_merge(doc->page, page_sets);

	doc->lang = gz_meta_lang(doc->page, site, doc->name, log);

	/* The date and URL come first: Liquid shows them as page.date and page.url. */
	gz_meta_init(&doc->meta, doc, log);

	/* Most pages have no Liquid at all: parse them in place, without a copy. */
	char *text = data + body_offset;
	body_len = len - body_offset;
	if (has_liquid(text, body_len)) {
		char **categories = NULL;
		size_t category_count = 0;
		if (strcmp(doc->path, "-") != 0)
			gz_path_categories(doc->path, site, &categories, &category_count);
		const struct gz_liquid_env env = {
			.name = doc->name, .path = doc->path, .page = doc->page, .site = site,
			.url = doc->meta.permalink, .date = &doc->meta.date,
			.content = text, .content_len = body_len,
			.categories = categories, .category_count = category_count,
			.bare_names = true,
		};
		char *rendered = gz_liquid_render_over(&env, text, body_len, body_line, log,
		    &body_len);
		for (size_t i = 0; i < category_count; i++)
			free(categories[i]);
		free(categories);
		if (!rendered)
			goto out;
		if (rendered != text) {
			text = body = rendered;
			/* The page as read is not needed any more, and is as large. */
			free(clean);
			free(input);
			clean = input = NULL;
		}
	}
	if (fn && gz_markdown_page_streams(text, body_len)) {
		struct streaming st = { .doc = doc, .log = log, .fn = fn, .ctx = ctx,
			.guessing = lang_unknown(doc) };
		gz_outline_start(&st.outline, doc->meta.title_given);
		doc->streamed = true;
		doc->root = gz_markdown_parse_blocks(doc->name, text, body_len, body_line,
		    opts->dialect, log, each_block, &st);
		if (!doc->root)
			goto out;
		if (st.guessing)
			guessed(&st);
		hand_on(&st, doc->root);
	} else {
		doc->root = gz_markdown_page(doc->name, text, body_len, body_line, opts->dialect, log);
		if (!doc->root)
			goto out;
		if (lang_unknown(doc))
			assume_lang(doc, gz_lang_guess(doc->root), log);
		gz_outline_levels(doc->root, doc->meta.title_given);
	}
	gz_meta_title(&doc->meta, doc);
	result = doc;
out:
	free(clean);
	free(input);
	free(body);
	if (!result)
		gz_doc_free(doc);
	return result;
}

struct gz_doc *
gz_doc_parse(const char *name, const char *data, size_t len, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log)
{
	/* The caller's buffer may end anywhere: parsed from a copy that ends
	 * with a NUL, as gz_read_file's buffers do. */
	return parse_terminated(name, gz_xstrndup(data, len), len, site, opts, log, NULL, NULL);
}

struct gz_doc *
gz_doc_load(const char *path, const struct gz_value *site, const struct gz_options *opts,
    struct gz_log *log)
{
	return gz_doc_load_blocks(path, site, opts, log, NULL, NULL);
}

struct gz_doc *
gz_doc_load_blocks(const char *path, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log, gz_doc_block_fn *fn, void *ctx)
{
	size_t len;
	char *data = gz_read_file(path, &len);
	if (!data) {
		gz_error(log, strcmp(path, "-") == 0 ? "<stdin>" : path, 0, "cannot read: %s",
		    gz_strerror(errno));
		return NULL;
	}
	return parse_terminated(path, data, len, site, opts, log, fn, ctx);
}

void
gz_doc_free(struct gz_doc *doc)
{
	if (!doc)
		return;
	free(doc->path);
	free(doc->name);
	free(doc->stem);
	free(doc->lang);
	gz_meta_free(&doc->meta);
	gz_value_free(doc->page);
	gz_node_free(doc->root);
	free(doc);
}
