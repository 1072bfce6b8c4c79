/* internal.h: what the library's own files share and its users do not see. */
#ifndef GZ_INTERNAL_H
#define GZ_INTERNAL_H

#include "gazette.h"

#include <stdint.h>

#define GZ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* util.c: the whole of a file ("-": standard input), NUL-terminated, its
 * length in *len; NULL with errno set when it cannot be read.  free() it. */
char *gz_read_file(const char *path, size_t *len);

/* utf8.c */
#define GZ_REPLACEMENT_CHAR 0xFFFDu
/* Decodes one code point from s[0..len), len > 0.  Returns the bytes consumed
 * (at least 1); an invalid sequence gives U+FFFD and consumes one byte. */
size_t gz_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* The length of the longest valid UTF-8 prefix of s[0..len) (len when all is
 * valid); fast on ASCII. */
size_t gz_utf8_valid_prefix(const char *s, size_t len);
/* Decodes the code point that ends at s[len - 1]; U+FFFD when invalid. */
uint32_t gz_utf8_last(const char *s, size_t len);
/* Writes cp as UTF-8 into out (4 bytes at most); returns the length. */
size_t gz_utf8_encode(uint32_t cp, char out[4]);
/* Han, kana, hangul, bopomofo, CJK symbols and punctuation, full-width forms. */
bool gz_is_cjk(uint32_t cp);

/* yaml.c: YAML through libyaml's event API, with limits on size, depth,
 * events, scalar length and aliases.  Returns a MAP, or NULL after reporting
 * `name:line:col: ...`; `first_line` is the file line of data[0]. */
struct gz_value *gz_yaml_parse(const char *name, const char *data, size_t len,
    unsigned first_line, struct gz_log *log);
/* The same for a document of any shape: a MAP, LIST, STRING, or a NULL value
 * when the document is empty (front matter words its own error for these). */
struct gz_value *gz_yaml_parse_value(const char *name, const char *data, size_t len,
    unsigned first_line, struct gz_log *log);

/* frontmatter.c: splits a leading `---` block off `data` (a UTF-8 BOM and CRLF
 * accepted).  On success *page is a MAP (empty without front matter), and the
 * body starts at data[*body_offset], on file line *body_line.  Returns false
 * after reporting. */
bool gz_front_matter_split(const char *name, const char *data, size_t len,
    struct gz_value **page, size_t *body_offset, unsigned *body_line, struct gz_log *log);

/* liquid.c: expands `{{ ... }}` in a body as Jekyll does, before Markdown
 * parsing.  `first_line` is the file line of body[0].  Returns a new string
 * (length in *out_len), never NULL: problems are warnings, which --strict
 * counts as errors in `log` for the caller to see. */
char *gz_liquid_expand(const char *name, const char *body, size_t len, unsigned first_line,
    const struct gz_value *page, const struct gz_value *site, struct gz_log *log,
    size_t *out_len);

/* markdown.c: builds the tree with md4c.  `first_line` is the file line of
 * text[0].  Returns NULL after reporting when md4c fails. */
struct gz_node *gz_markdown_parse(const char *name, const char *text, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log);

/* slug.c: GitHub-style heading ids that keep CJK, unique in constant time. */
struct gz_slugs;
struct gz_slugs *gz_slugs_new(void);
void gz_slugs_free(struct gz_slugs *s);
/* A new id for `text` (never empty), distinct from every id returned before. */
char *gz_slug_unique(struct gz_slugs *s, const char *text);

/* entity.c: decodes `&name;`, `&#123;` and `&#x1F;` into UTF-8 (appended to b);
 * false when `s` is not a known entity. */
bool gz_entity_decode(const char *s, size_t len, struct gz_buf *b);

/* lang.c: whether the BCP 47 tag `lang` (NULL: none) is `prefix` or one of its
 * regional forms ("zh-TW" is "zh"); and a table of contents' title in that
 * language ("目录", "Contents"), static, for the HTML and PDF backends alike. */
bool gz_lang_is(const char *lang, const char *prefix);
const char *gz_toc_label(const char *lang);

/* site.c: applies --set overrides (see gz_site_load) to a site MAP. */
void gz_site_apply_sets(struct gz_value *site, const struct gz_value *sets);
/* The nearest _config.yml in the input's folder or above (a new string), or NULL. */
char *gz_site_find_config(const char *input_path);

/* convert.c: registers fn to run in gz_shutdown (last registered, first run). */
void gz_at_shutdown(void (*fn)(void));

/*
 * output.c: an output is written to a temporary file beside `path`, renamed
 * into place by gz_output_close(commit = true) when complete; without commit,
 * or after a failed write, the temporary file goes and the old file stays.  A
 * path that exists and is not a regular file (a device, a pipe), and "-"
 * (standard output), are written directly.
 */
struct gz_output;
/* NULL after reporting. */
struct gz_output *gz_output_open(const char *path, struct gz_log *log);
/* False once a write failed (the error is reported by gz_output_close). */
bool gz_output_write(struct gz_output *o, const char *data, size_t len);
/* Finishes and frees the output (NULL is fine); false after reporting. */
bool gz_output_close(struct gz_output *o, bool commit, struct gz_log *log);
/* All of data at once. */
bool gz_write_file(const char *path, const char *data, size_t len, struct gz_log *log);
/* Removes the temporary file being written, if any.  Async-signal-
 * safe: for a handler of SIGINT or SIGTERM, so that an interrupted run leaves
 * the old output and nothing beside it. */
void gz_output_abandon(void);

#endif /* GZ_INTERNAL_H */
