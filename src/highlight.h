/* highlight.h: code blocks as spans of token kinds, found by KSyntaxHighlighting
 * in the module gazette-highlight.so, loaded only for a page that has a code
 * block in a language it knows. */
#ifndef GZ_HIGHLIGHT_H
#define GZ_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gz_node;
struct gz_value;
struct gz_log;
struct gz_buf;

/* What a token is, as far as colouring goes; plain text has no token. */
enum gz_token_kind {
	GZ_TOKEN_KEYWORD,       /* if, return, def, static */
	GZ_TOKEN_TYPE,          /* int, char, str */
	GZ_TOKEN_STRING,        /* "text", 'c', escapes in them */
	GZ_TOKEN_NUMBER,        /* 42, 0x2f, 2.5 */
	GZ_TOKEN_COMMENT,       /* comments and doc strings */
	GZ_TOKEN_FUNCTION,      /* a function's name */
	GZ_TOKEN_OPERATOR,      /* + = -> */
	GZ_TOKEN_PREPROCESSOR,  /* #include, import */
	GZ_TOKEN_BUILTIN,       /* echo, print, len */
	GZ_TOKEN_VARIABLE,      /* $HOME, a diff's added line */
	GZ_TOKEN_CONSTANT,      /* None, nil, null, true */
	GZ_TOKEN_ATTRIBUTE,     /* @decorator, [[nodiscard]] */
	GZ_TOKEN_KIND_COUNT
};

/* One token: `len` bytes from `start` of the code's text. */
struct gz_token {
	size_t start, len;
	enum gz_token_kind kind;
};

/* A code block's tokens, in order, never overlapping. */
struct gz_tokens {
	struct gz_token *v;
	size_t count;
};

/* The module's entry points (highlight.cc).  The language is a name the
 * module resolves itself ("c", "Bash", "py"); false means it knows none such,
 * or the text is not UTF-8: the code stays plain.  `out->v` is malloc'd. */
typedef bool gz_hl_known_fn(const char *lang);
typedef bool gz_hl_tokens_fn(const char *lang, const char *text, size_t len,
    struct gz_tokens *out);

/* Whether a page's code is highlighted: unless `highlight:` in its front
 * matter or the site configuration (or --set highlight=...) says false. */
bool gz_highlight_wanted(const struct gz_value *page, const struct gz_value *site);

/* A code block's language from its info string, as written after a fence
 * (`c`, `~~~ sh`, `{.sh}`, `{.sh .numberLines}`, `language-python`, or
 * `{: .language-sh}`): a new lower-case string (free() it), or NULL. */
char *gz_highlight_language(const struct gz_node *code_block);

/* Whether the code block is in a language the highlighter knows; loads
 * the module the first time a block names a language. */
bool gz_highlight_known(const struct gz_node *code_block, struct gz_log *log);

/* The code block's tokens into *out (free(out->v) after); false, with
 * nothing to free, when it stays plain. */
bool gz_highlight(const struct gz_node *code_block, struct gz_tokens *out, struct gz_log *log);

/* html_highlight.c: text[0..len) escaped for HTML, each token in a <span>
 * of its kind's class; and that class ("kw", "st", "co"...). */
void gz_html_highlighted(struct gz_buf *out, const char *text, size_t len,
    const struct gz_tokens *tokens);
const char *gz_html_token_class(enum gz_token_kind kind);

#endif
