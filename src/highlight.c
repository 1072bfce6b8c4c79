/* highlight.c: which code blocks are highlighted and in what language; the
 * tokens themselves come from the module gazette-highlight.so (highlight.cc). */
#include "internal.h"
#include "highlight.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MODULE "gazette-highlight.so"

bool
gz_highlight_wanted(const struct gz_value *page, const struct gz_value *site)
{
	static const char *const no[] = { "false", "no", "off", "0" };
	const char *s = page ? gz_value_string(page, "highlight") : NULL;
	if (!s && site)
		s = gz_value_string(site, "highlight");
	for (size_t i = 0; s && i < GZ_ARRAY_LEN(no); i++)
		if (strcasecmp(s, no[i]) == 0)
			return false;
	return true;
}

/* The language in one word of an info string: `sh`, `.sh`, `{.sh}`,
 * `language-sh`, `lang-sh`; a pointer into `w` and its length in *len. */
static const char *
word_language(const char *w, size_t n, size_t *len)
{
	while (n && (*w == '{' || *w == ':' || *w == '.'))
		w++, n--;
	while (n && w[n - 1] == '}')
		n--;
	if (n > 9 && strncmp(w, "language-", 9) == 0)
		w += 9, n -= 9;
	else if (n > 5 && strncmp(w, "lang-", 5) == 0)
		w += 5, n -= 5;
	*len = n;
	return w;
}

char *
gz_highlight_language(const struct gz_node *code_block)
{
	const char *info = code_block->code.info;
	if (!info)
		return NULL;
	/* The first word, or in a kramdown or pandoc attribute list (`{.sh}`,
	 * `{: .language-sh}`, `{#id .sh .numberLines}`) the first class. */
	const char *p = info;
	bool attributes = false;
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - w);
		if (n == 0)
			break;
		if (*w == '{') {
			attributes = true;
			w++, n--;
		}
		if (attributes && (n == 0 || *w == ':' || *w == '#' || memchr(w, '=', n)))
			continue;       /* `{:`, an id, a key=value: no class */
		if (attributes && *w != '.')
			continue;
		size_t len;
		const char *lang = word_language(w, n, &len);
		if (len == 0 || len > 40)
			return NULL;
		char *s = gz_xstrndup(lang, len);
		for (char *c = s; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return s;
	}
	return NULL;
}

/* The module's entry point `name`, or NULL when it cannot be loaded: that is
 * reported (to standard error when `log` is NULL) for the first code block,
 * not for every one. */
static void *
entry(const char *name, struct gz_log *log)
{
	static atomic_bool failed;
	if (atomic_load(&failed))
		return NULL;
	struct gz_log stderr_log = {0};
	void *sym = gz_module_symbol(MODULE, name, log ? log : &stderr_log);
	if (!sym)
		atomic_store(&failed, true);
	return sym;
}

bool
gz_highlight_known(const struct gz_node *code_block, struct gz_log *log)
{
	char *lang = gz_highlight_language(code_block);
	if (!lang)
		return false;
	gz_hl_known_fn *known = (gz_hl_known_fn *)entry("gz_hl_known", log);
	bool ok = known && known(lang);
	free(lang);
	return ok;
}

bool
gz_highlight(const struct gz_node *code_block, struct gz_tokens *out, struct gz_log *log)
{
	*out = (struct gz_tokens){0};
	char *lang = gz_highlight_language(code_block);
	if (!lang)
		return false;
	gz_hl_tokens_fn *tokens = (gz_hl_tokens_fn *)entry("gz_hl_tokens", log);
	bool ok = tokens && tokens(lang, code_block->text, code_block->len, out);
	free(lang);
	return ok;
}
