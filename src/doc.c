/* doc.c: one input from bytes to a parsed document. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces invalid UTF-8 with U+FFFD, warning once per line that had any. */
static char *
clean_utf8(const char *name, const char *data, size_t len, size_t *out_len, struct gz_log *log)
{
	struct gz_buf out = {0};
	unsigned line = 1, warned_line = 0;
	size_t run = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(data + i, len - i, &cp);
		if (cp == GZ_REPLACEMENT_CHAR && n == 1) {
			if (!out.data)
				gz_buf_append(&out, "", 0);
			gz_buf_append(&out, data + run, i - run);
			gz_buf_append(&out, "\xEF\xBF\xBD", 3);
			run = i + 1;
			if (warned_line != line) {
				gz_warn(log, name, line, "invalid UTF-8 replaced by U+FFFD");
				warned_line = line;
			}
		} else if (cp == '\n') {
			line++;
		}
		i += n;
	}
	if (!out.data) {
		*out_len = len;
		return NULL;    /* the input was clean */
	}
	gz_buf_append(&out, data + run, len - run);
	return gz_buf_detach(&out, out_len);
}

static char *
stem_of(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return gz_xstrndup(base, n);
}

struct gz_doc *
gz_doc_parse(const char *name, const char *data, size_t len, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log)
{
	struct gz_doc *doc = gz_xcalloc(1, sizeof *doc);
	struct gz_doc *result = NULL;
	char *clean = NULL, *body = NULL;
	size_t body_offset, body_len;
	unsigned body_line;

	doc->path = gz_xstrdup(name);
	doc->name = gz_xstrdup(strcmp(name, "-") == 0 ? "<stdin>" : name);
	doc->stem = strcmp(name, "-") == 0 ? gz_xstrdup("stdin") : stem_of(name);
	doc->site = site;

	clean = clean_utf8(doc->name, data, len, &len, log);
	if (clean)
		data = clean;
	if (!gz_front_matter_split(doc->name, data, len, &doc->page, &body_offset, &body_line, log))
		goto out;
	const struct gz_value *page_sets = opts->sets ? gz_value_get(opts->sets, "page") : NULL;
	if (page_sets && page_sets->kind == GZ_VALUE_MAP)
		gz_value_merge(doc->page, page_sets);

	const char *lang = gz_value_string(doc->page, "lang");
	if (!lang && site)
		lang = gz_value_string(site, "lang");
	if (lang) {
		doc->lang = gz_lang_tag(lang);
		if (!doc->lang) {
			const struct gz_value *v = gz_value_get(doc->page, "lang");
			gz_warn(log, doc->name, v ? v->line : 0,
			    "'%s' is not a language tag; it is ignored (write e.g. zh-CN, ja, en)", lang);
		}
	}

	body = gz_liquid_expand(doc->name, data + body_offset, len - body_offset, body_line,
	    doc->page, site, log, &body_len);
	if (!body)
		goto out;
	doc->root = gz_markdown_parse(doc->name, body, body_len, body_line, opts->dialect, log);
	if (!doc->root)
		goto out;
	result = doc;
out:
	free(clean);
	free(body);
	if (!result)
		gz_doc_free(doc);
	return result;
}

/* Reads a whole file or standard input; NULL after reporting. */
static char *
read_all(const char *path, size_t *len, struct gz_log *log)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		gz_error(log, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct gz_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		gz_buf_append(&b, chunk, n);
	bool failed = ferror(fp);
	int saved = errno;
	if (!is_stdin)
		fclose(fp);
	if (failed) {
		gz_error(log, is_stdin ? "<stdin>" : path, 0, "cannot read: %s", strerror(saved));
		gz_buf_free(&b);
		return NULL;
	}
	return gz_buf_detach(&b, len);
}

struct gz_doc *
gz_doc_load(const char *path, const struct gz_value *site, const struct gz_options *opts,
    struct gz_log *log)
{
	size_t len;
	char *data = read_all(path, &len, log);
	if (!data)
		return NULL;
	struct gz_doc *doc = gz_doc_parse(path, data, len, site, opts, log);
	free(data);
	return doc;
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
	gz_value_free(doc->page);
	gz_node_free(doc->root);
	free(doc);
}
