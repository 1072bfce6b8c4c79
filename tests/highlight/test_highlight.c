/* test_highlight.c: code blocks' languages from their info strings, and the
 * token kinds the highlighter module finds in C, shell, Python, YAML, Go,
 * JSON and diff. */
#include "harness.h"
#include "highlight.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static struct gz_log quiet_log = { .verbosity = -1 };

/* The first code block of `md`, in a tree the caller frees. */
static struct gz_node *
parse(const char *md, const struct gz_node **block)
{
	struct gz_node *root = gz_markdown_parse("t.md", md, strlen(md), 1, GZ_DIALECT_GITHUB,
	    &quiet_log);
	*block = root->first;
	while (*block && (*block)->kind != GZ_NODE_CODE_BLOCK)
		*block = (*block)->next;
	return root;
}

/* The language gazette reads from a fence's info string, or "(none)". */
static char *
language(const char *fence)
{
	const struct gz_node *b;
	char *md = gz_xasprintf("%s\nx\n%.3s\n", fence, fence);
	struct gz_node *root = parse(md, &b);
	char *lang = b ? gz_highlight_language(b) : NULL;
	gz_node_free(root);
	free(md);
	return lang ? lang : gz_xstrdup("(none)");
}

static void
check_language(const char *fence, const char *want)
{
	char *got = language(fence);
	CHECK_STR(got, want);
	free(got);
}

/* The kinds of `code` in `lang`, one line per token ("kind text"), as
 * gz_highlight returns them for a block of that language. */
static struct gz_buf
tokens(const char *lang, const char *code, bool *known)
{
	const struct gz_node *b;
	char *md = gz_xasprintf("```%s\n%s\n```\n", lang, code);
	struct gz_node *root = parse(md, &b);
	static const char *const names[] = { "keyword", "type", "string", "number", "comment",
		"function", "operator", "preprocessor", "builtin", "variable", "constant",
		"attribute" };
	_Static_assert(GZ_ARRAY_LEN(names) == GZ_TOKEN_KIND_COUNT, "a name per kind");
	struct gz_buf out = {0};
	gz_buf_append(&out, "", 0);
	struct gz_tokens t;
	*known = gz_highlight(b, &t, &quiet_log);
	for (size_t i = 0; *known && i < t.count; i++)
		gz_buf_printf(&out, "%s %.*s\n", names[t.v[i].kind], (int)t.v[i].len,
		    b->text + t.v[i].start);
	if (*known)
		free(t.v);
	gz_node_free(root);
	free(md);
	return out;
}

/* Checks that `code` in `lang` has each "kind text" line of `want` among its
 * tokens. */
static void
check_tokens(const char *lang, const char *code, const char *const *want, size_t count)
{
	bool known;
	struct gz_buf got = tokens(lang, code, &known);
	CHECK(known);
	for (size_t i = 0; i < count; i++) {
		/* a whole line: at the start, or after a newline */
		char *line = gz_xasprintf("%s\n", want[i]);
		char *nl_line = gz_xasprintf("\n%s", line);
		bool found = strncmp(got.data, line, strlen(line)) == 0 || strstr(got.data, nl_line);
		if (!found)
			fprintf(stderr, "%s: no token '%s' in:\n%s", lang, want[i], got.data);
		CHECK(found);
		free(line);
		free(nl_line);
	}
	gz_buf_free(&got);
}

#define CHECK_TOKENS(lang, code, ...) do { \
	static const char *const want_[] = { __VA_ARGS__ }; \
	check_tokens(lang, code, want_, GZ_ARRAY_LEN(want_)); \
} while (0)

int
main(void)
{
	/* languages as fences write them */
	check_language("```c", "c");
	check_language("```C", "c");
	check_language("~~~ sh", "sh");
	check_language("``` bash title=x", "bash");
	check_language("```{.sh}", "sh");
	check_language("```{.sh .numberLines}", "sh");
	check_language("```{#id .python}", "python");
	check_language("```{: .language-sh}", "sh");
	check_language("```language-yaml", "yaml");
	check_language("```", "(none)");
	check_language("```{}", "(none)");

	CHECK_TOKENS("c", "#include <stdio.h>\n/* note */\nstatic int f(void) { return 0x2f + 1; }",
	    "preprocessor #include <stdio.h>", "comment /* note */", "type static", "type int",
	    "keyword return", "number 0x2f", "number 1");
	CHECK_TOKENS("sh", "# note\nfor f in *.md; do echo \"$f\"; done",
	    "comment # note", "keyword for", "keyword do", "builtin echo", "variable $f",
	    "keyword done");
	CHECK_TOKENS("bash", "export HOME=/x", "builtin export");
	CHECK_TOKENS("shell", "cd /tmp", "builtin cd");
	CHECK_TOKENS("py", "import os\n@cache\ndef f(x):\n    return 'a' * 2.5  # note",
	    "preprocessor import", "attribute @cache", "keyword def", "keyword return",
	    "string 'a'", "number 2.5", "comment # note");
	CHECK_TOKENS("Python", "pass", "keyword pass");
	CHECK_TOKENS("yml", "# note\ncount: 3\nname: \"x\"", "comment # note", "function count",
	    "number 3", "string \"x\"");
	CHECK_TOKENS("golang", "package main\nfunc f() { return nil }", "keyword package",
	    "keyword func", "keyword return");
	CHECK_TOKENS("json", "{\"a\": 1.5}", "number 1.5");
	CHECK_TOKENS("diff", "--- a/x\n+++ b/x\n-old\n+new", "string -old", "variable +new");

	/* byte offsets past multi-byte and astral characters */
	CHECK_TOKENS("c", "/* 注释 😀 */ int x = \"é\";", "comment /* 注释 😀 */", "type int",
	    "string \"é\"");

	/* no language, an unknown one, plain text: nothing, and no message */
	bool known;
	struct gz_buf b = tokens("", "int x;", &known);
	CHECK(!known);
	gz_buf_free(&b);
	b = tokens("no-such-language", "int x;", &known);
	CHECK(!known);
	gz_buf_free(&b);
	b = tokens("text", "int x;", &known);
	CHECK(!known);
	gz_buf_free(&b);
	CHECK(quiet_log.errors == 0 && quiet_log.warnings == 0);

	/* highlight: false, in the page or the site */
	struct gz_value *site = gz_value_new(GZ_VALUE_MAP), *page = gz_value_new(GZ_VALUE_MAP);
	CHECK(gz_highlight_wanted(page, site));
	gz_value_put(site, "highlight", gz_value_new_string("false", 5));
	CHECK(!gz_highlight_wanted(page, site));
	gz_value_put(page, "highlight", gz_value_new_string("true", 4));
	CHECK(gz_highlight_wanted(page, site));
	gz_value_free(site);
	gz_value_free(page);
	gz_shutdown();
	return HARNESS_DONE();
}
