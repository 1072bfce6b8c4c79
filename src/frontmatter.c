/* frontmatter.c: the `---` YAML block at the top of a page, as Jekyll reads it. */
#include "internal.h"

#include <string.h>

#define UTF8_BOM "\xEF\xBB\xBF"

/*
 * If s[0..len) starts with a fence line (`---`, or `...` when `closing`, then
 * optional blanks and a line end, CR LF included), returns the length of that
 * line with its line end; 0 otherwise.  A closing fence may also end the file.
 */
static size_t
fence_length(const char *s, size_t len, bool closing)
{
	if (len < 3 || (memcmp(s, "---", 3) != 0 && !(closing && memcmp(s, "...", 3) == 0)))
		return 0;
	size_t i = 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i < len && s[i] == '\n')
		return i + 1;
	return i == len && closing ? i : 0;
}

/* Converts the parsed block to the page MAP; NULL after reporting. */
static struct gz_value *
page_of(const char *name, struct gz_value *v, struct gz_log *log)
{
	if (v->kind == GZ_VALUE_MAP)
		return v;
	if (v->kind == GZ_VALUE_NULL) {         /* empty, or only comments */
		gz_value_free(v);
		return gz_value_new(GZ_VALUE_MAP);
	}
	gz_error(log, name, v->line,
	    "front matter must be a mapping of keys to values (`title: ...` lines), not %s",
	    v->kind == GZ_VALUE_LIST ? "a list" : "a single value");
	gz_value_free(v);
	return NULL;
}

bool
gz_front_matter_split(const char *name, const char *data, size_t len,
    struct gz_value **page, size_t *body_offset, unsigned *body_line, struct gz_log *log)
{
	size_t start = len >= 3 && memcmp(data, UTF8_BOM, 3) == 0 ? 3 : 0;
	size_t open = fence_length(data + start, len - start, false);

	*page = NULL;
	*body_offset = start;
	*body_line = 1;
	if (!open) {
		*page = gz_value_new(GZ_VALUE_MAP);
		return true;
	}

	/* Find the closing fence, a line at a time; `line` is the file line at `pos`. */
	size_t yaml_start = start + open, pos = yaml_start, close = 0;
	unsigned line = 2;
	while (pos < len && !(close = fence_length(data + pos, len - pos, true))) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		if (!nl)
			break;
		pos = (size_t)(nl - data) + 1;
		line++;
	}
	if (!close) {
		gz_warn(log, name, 1,
		    "the front matter that '---' opens here is never closed, so the whole file is "
		    "read as Markdown; end the front matter with a '---' line");
		*page = gz_value_new(GZ_VALUE_MAP);
		return true;
	}

	struct gz_value *v = gz_yaml_parse_value(name, data + yaml_start, pos - yaml_start, 2, log);
	if (!v || !(*page = page_of(name, v, log)))
		return false;
	*body_offset = pos + close;
	*body_line = line + 1;
	return true;
}
