/* liquid_text.c: Jekyll's filters of text and lists: slugify, escapes, word counts,
 * sentences, JSON, and the list edits push, pop, shift and unshift. */
#include "liquid.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Jekyll's slugify (gz_jekyll_slugify), in the mode its argument names. */
LQ_FILTER(f_slugify)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	const char *mode = argc && args[0]->kind == LQ_STRING ? args[0]->str.s : "default";
	char *slug = gz_jekyll_slugify(s, len, mode, false);
	free(s);
	struct lq_value *v = lq_cstr(slug);
	free(slug);
	return v;
}

LQ_FILTER(f_xml_escape)
{
	LQ_UNUSED;
	if (in->kind == LQ_NIL)
		return in;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': gz_buf_puts(&b, "&amp;"); break;
		case '<': gz_buf_puts(&b, "&lt;"); break;
		case '>': gz_buf_puts(&b, "&gt;"); break;
		case '"': gz_buf_puts(&b, "&quot;"); break;
		case '\'': gz_buf_puts(&b, "&apos;"); break;
		default: gz_buf_putc(&b, s[i]);
		}
	}
	free(s);
	return lq_buf_value(&b);
}

/* Addressable's normalize_component: ASCII letters, digits and the URI's
 * reserved and unreserved marks stay, anything else is percent-encoded. */
LQ_FILTER(f_uri_escape)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	struct gz_buf b = {0};
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (g_ascii_isalnum(c) || (c && strchr("-._~!$&'()*+,;=:@/?#[]%", c)))
			gz_buf_putc(&b, (char)c);
		else
			gz_buf_printf(&b, "%%%02X", c);
	}
	free(s);
	return lq_buf_value(&b);
}

LQ_FILTER(f_normalize_whitespace)
{
	LQ_UNUSED;
	char *s = gz_squeeze(lq_take_text(in, NULL));
	return lq_str_take(s, strlen(s));
}

LQ_FILTER(f_number_of_words)
{
	LQ_UNUSED;
	size_t len;
	char *s = lq_take_text(in, &len);
	const char *mode = argc && args[0]->kind == LQ_STRING ? args[0]->str.s : "";
	int64_t cjk = 0, words = 0, plain = 0;
	bool in_word = false, in_plain = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		bool space = g_unichar_isspace(cp);
		GUnicodeScript sc = g_unichar_get_script(cp);
		bool is_cjk = sc == G_UNICODE_SCRIPT_HAN || sc == G_UNICODE_SCRIPT_HIRAGANA ||
		    sc == G_UNICODE_SCRIPT_KATAKANA || sc == G_UNICODE_SCRIPT_HANGUL;
		cjk += is_cjk;
		words += !space && !is_cjk && !in_word;
		in_word = !space && !is_cjk;
		plain += !space && !in_plain;
		in_plain = !space;
		i += n;
	}
	free(s);
	if (!strcmp(mode, "cjk") || (!strcmp(mode, "auto") && cjk))
		return lq_int(cjk + words);
	return lq_int(plain);
}

LQ_FILTER(f_array_to_sentence_string)
{
	LQ_UNUSED;
	struct lq_value *a = lq_values(in->kind == LQ_ARRAY ? in : (lq_unref(in), lq_new(LQ_ARRAY)));
	struct gz_buf b = {0};
	char *conn = argc ? lq_text(args[0], NULL) : gz_xstrdup("and");
	for (size_t i = 0; i < a->c.count; i++) {
		if (i && a->c.count == 2)
			gz_buf_printf(&b, " %s ", conn);
		else if (i && i + 1 == a->c.count)
			gz_buf_printf(&b, ", %s ", conn);
		else if (i)
			gz_buf_puts(&b, ", ");
		lq_to_s(&b, a->c.items[i]);
	}
	free(conn);
	lq_unref(a);
	return lq_buf_value(&b);
}

/* Ruby's to_json: strings with `"`, `\` and control characters escaped, the
 * rest as written; floats as Ruby prints them; times as their to_s. */
static void
json(struct gz_buf *b, const struct lq_value *v, int depth)
{
	switch (v->kind) {
	case LQ_NIL:
	case LQ_EMPTY:
	case LQ_BLANK:
		gz_buf_puts(b, "null");
		break;
	case LQ_BOOL:
	case LQ_INT:
	case LQ_FLOAT:
		lq_to_s(b, v);
		break;
	case LQ_ARRAY:
	case LQ_HASH:
		gz_buf_putc(b, v->kind == LQ_HASH ? '{' : '[');
		for (size_t i = 0; i < v->c.count && depth < LQ_MAX_NESTING; i++) {
			if (i)
				gz_buf_putc(b, ',');
			if (v->kind == LQ_HASH) {
				struct lq_value key = { .kind = LQ_STRING,
				    .str = { v->c.keys[i], strlen(v->c.keys[i]) } };
				json(b, &key, depth + 1);
				gz_buf_putc(b, ':');
			}
			json(b, v->c.items[i], depth + 1);
		}
		gz_buf_putc(b, v->kind == LQ_HASH ? '}' : ']');
		break;
	case LQ_RANGE: {
		struct lq_value *a = lq_to_array(v);
		json(b, a, depth + 1);
		lq_unref(a);
		break;
	}
	default: {
		size_t len;
		char *s = lq_text(v, &len);
		gz_buf_putc(b, '"');
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			switch (c) {
			case '"': gz_buf_puts(b, "\\\""); break;
			case '\\': gz_buf_puts(b, "\\\\"); break;
			case '\n': gz_buf_puts(b, "\\n"); break;
			case '\r': gz_buf_puts(b, "\\r"); break;
			case '\t': gz_buf_puts(b, "\\t"); break;
			case '\b': gz_buf_puts(b, "\\b"); break;
			case '\f': gz_buf_puts(b, "\\f"); break;
			default:
				if (c < 0x20)
					gz_buf_printf(b, "\\u%04x", c);
				else
					gz_buf_putc(b, (char)c);
			}
		}
		gz_buf_putc(b, '"');
		free(s);
	}
	}
}

LQ_FILTER(f_jsonify)
{
	LQ_UNUSED;
	struct gz_buf b = {0};
	json(&b, in, 0);
	lq_unref(in);
	return lq_buf_value(&b);
}

LQ_FILTER(f_to_integer)
{
	LQ_UNUSED;
	int64_t i;
	double f;
	bool fl;
	if (in->kind == LQ_BOOL)
		i = in->b, fl = false;
	else
		lq_number(in, &i, &f, &fl);
	lq_unref(in);
	return lq_int(fl ? (int64_t)f : i);
}

/* push, pop, shift, unshift: a new array, the input unchanged. */
static struct lq_value *
array_edit(struct lq_value *in, struct lq_value **args, size_t argc, int op)
{
	struct lq_value *a = in->kind == LQ_ARRAY ? lq_values(in) : (lq_unref(in), lq_new(LQ_ARRAY));
	int64_t n = argc ? (args[0]->kind == LQ_INT ? args[0]->i : 1) : 1;
	if (op == 0 || op == 3) {
		struct lq_value *r = lq_new(LQ_ARRAY);
		if (op == 3)
			lq_push(r, lq_ref(args[0]));
		for (size_t i = 0; i < a->c.count; i++)
			lq_push(r, lq_ref(a->c.items[i]));
		if (op == 0)
			lq_push(r, lq_ref(args[0]));
		lq_unref(a);
		return r;
	}
	struct lq_value *r = lq_new(LQ_ARRAY);
	size_t count = a->c.count, drop = n < 0 ? 0 : (size_t)n > count ? count : (size_t)n;
	for (size_t i = op == 2 ? drop : 0; i < (op == 1 ? count - drop : count); i++)
		lq_push(r, lq_ref(a->c.items[i]));
	lq_unref(a);
	return r;
}

LQ_FILTER(f_push) { LQ_UNUSED; return array_edit(in, args, argc, 0); }
LQ_FILTER(f_pop) { LQ_UNUSED; return array_edit(in, args, argc, 1); }
LQ_FILTER(f_shift) { LQ_UNUSED; return array_edit(in, args, argc, 2); }
LQ_FILTER(f_unshift) { LQ_UNUSED; return array_edit(in, args, argc, 3); }

static const struct lq_filter_def filters[] = {
	{ "array_to_sentence_string", f_array_to_sentence_string, 0, 1, 0 },
	{ "jsonify", f_jsonify, 0, 0, 0 },
	{ "normalize_whitespace", f_normalize_whitespace, 0, 0, 0 },
	{ "number_of_words", f_number_of_words, 0, 1, 0 },
	{ "pop", f_pop, 0, 1, 0 },
	{ "push", f_push, 1, 1, 0 },
	{ "shift", f_shift, 0, 1, 0 },
	{ "slugify", f_slugify, 0, 1, 0 },
	{ "to_integer", f_to_integer, 0, 0, 0 },
	{ "unshift", f_unshift, 1, 1, 0 },
	{ "uri_escape", f_uri_escape, 0, 0, 0 },
	{ "xml_escape", f_xml_escape, 0, 0, 1 },
};

const struct lq_filter_def *
lq_find_text_filter(const char *name)
{
	return lq_filter_in(filters, GZ_ARRAY_LEN(filters), name);
}
