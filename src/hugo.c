/* hugo.c: what gazette needs of Hugo's rules: its configuration in the names
 * the backends read, and where a page of its content folder is published. */
#include "internal.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hugo's MakePath (its UnicodeSanitize): letters, digits and marks of any
 * script, and . / \\ _ # + ~ - @ and %XX, are kept; a run of blanks after
 * something kept becomes one '-' before the next kept character; the rest is
 * dropped (`Hello World!` is Hello-World, `中文 标题` 中文-标题). */
static char *
make_path(const char *s)
{
	struct gz_buf b = {0};
	gz_buf_puts(&b, "");
	bool hyphen = false;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		bool hex = cp == '%' && i + 2 < len && g_ascii_isxdigit(s[i + 1])
		    && g_ascii_isxdigit(s[i + 2]);
		bool kept = (cp && cp < 128 && strchr("./\\_#+~-@", (int)cp)) || hex
		    || g_unichar_isalpha(cp) || g_unichar_isdigit(cp) || g_unichar_ismark(cp);
		if (kept) {
			if (hyphen)
				gz_buf_putc(&b, '-');
			hyphen = false;
			gz_buf_append(&b, s + i, n);
		} else if (b.len && g_unichar_isspace(cp)) {
			hyphen = true;
		}
		i += n;
	}
	return gz_buf_detach(&b, NULL);
}

/* Lower-cased, Unicode's rules (Go's strings.ToLower). */
static char *
lower(const char *s)
{
	char *d = g_utf8_strdown(s, -1);
	char *copy = gz_xstrdup(d);
	g_free(d);
	return copy;
}

/* Hugo's urlize for a title or slug: its MakePath, lower-cased. */
static char *
urlize(const char *s)
{
	char *path = make_path(s);
	char *url = lower(path);
	free(path);
	return url;
}

/* A [permalinks] pattern: :year :month :monthname :day :weekday :weekdayname
 * :yearday :section :sections :title :slug :filename. */
static char *
expand(const char *pattern, const struct gz_value *page, const char *section,
    const char *sections, const char *stem, struct gz_time date)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday" };
	struct gz_civil c = gz_time_civil(date);
	char num[5][8];
	snprintf(num[0], sizeof num[0], "%04d", c.year);
	snprintf(num[1], sizeof num[1], "%02d", c.month);
	snprintf(num[2], sizeof num[2], "%02d", c.day);
	snprintf(num[3], sizeof num[3], "%d", c.weekday);
	snprintf(num[4], sizeof num[4], "%d", c.yday);
	const char *title = gz_value_string(page, "title");
	const char *slug = gz_value_string(page, "slug");
	char *utitle = urlize(title && *title ? title : stem);
	char *uslug = slug && *slug ? urlize(slug) : gz_xstrdup(utitle);
	const struct { const char *name, *value; } vars[] = {
		{ "year", num[0] }, { "monthname", months[c.month - 1] }, { "month", num[1] },
		{ "day", num[2] }, { "weekdayname", days[c.weekday] }, { "weekday", num[3] },
		{ "yearday", num[4] }, { "sections", sections }, { "section", section },
		{ "title", utitle }, { "slug", uslug }, { "filename", stem },
	};
	struct gz_buf b = {0};
	for (const char *p = pattern; *p;) {
		size_t k = GZ_ARRAY_LEN(vars), best = 0;
		if (*p == ':')
			for (size_t i = 0; i < GZ_ARRAY_LEN(vars); i++) {
				size_t n = strlen(vars[i].name);
				if (n > best && strncmp(p + 1, vars[i].name, n) == 0)
					k = i, best = n;
			}
		if (k < GZ_ARRAY_LEN(vars)) {
			gz_buf_puts(&b, vars[k].value);
			p += best + 1;
		} else {
			gz_buf_putc(&b, *p++);
		}
	}
	free(utitle);
	free(uslug);
	return gz_buf_detach(&b, NULL);
}

/* Makes `url` start with one slash and end in one, without doubled slashes. */
static char *
tidy(const char *url, bool trailing)
{
	struct gz_buf b = {0};
	gz_buf_putc(&b, '/');
	for (const char *p = url; *p; p++)
		if (*p != '/' || b.data[b.len - 1] != '/')
			gz_buf_putc(&b, *p);
	if (trailing && b.data[b.len - 1] != '/' && !strrchr(strrchr(b.data, '/'), '.'))
		gz_buf_putc(&b, '/');
	return gz_buf_detach(&b, NULL);
}

/* The URL of a path, escaped as Hugo's RelPermalink is (`%E4%B8%AD`); the
 * output file is named as it decodes (gz_site_output_path).  Takes `path`. */
static char *
escaped(char *path)
{
	struct gz_buf b = {0};
	gz_buf_puts(&b, "");
	gz_url_escape_path(&b, path);
	free(path);
	return gz_buf_detach(&b, NULL);
}

char *
gz_hugo_permalink(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date)
{
	const char *url = gz_value_string(page, "url");
	if (url && *url)
		return escaped(tidy(url, false));

	/* The path below the content folder. */
	const char *content = gz_value_string(site, "contentDir");
	if (!content || !*content)
		content = "content";
	size_t clen = strlen(content);
	const char *path = strncmp(rel, content, clen) == 0 && rel[clen] == '/' ? rel + clen + 1 : rel;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char *stem = gz_path_stem(base);
	char *folder = gz_xstrndup(path, (size_t)(base - path));      /* "posts/x/" or "" */
	bool list = strcmp(stem, "_index") == 0, bundle = strcmp(stem, "index") == 0;
	const char *slash = strchr(folder, '/');
	char *section = slash ? gz_xstrndup(folder, (size_t)(slash - folder)) : gz_xstrdup("");

	char *result;
	const char *pattern = gz_value_string(gz_value_get(site, "permalinks"), section);
	if (list || !*section || !pattern || !*pattern) {
		/* The content path: a section or bundle is its folder, a page its
		 * own folder, `slug:` naming the last part. */
		const char *slug = gz_value_string(page, "slug");
		struct gz_buf b = {0};
		gz_buf_puts(&b, folder);
		if (!list && !bundle)
			gz_buf_puts(&b, slug && *slug ? slug : stem);
		else if (!list && bundle && slug && *slug && b.len > 1) {
			/* A bundle's slug names its folder. */
			b.len--;
			while (b.len > 0 && b.data[b.len - 1] != '/')
				b.len--;
			b.data[b.len] = '\0';
			gz_buf_puts(&b, slug);
		}
		gz_buf_puts(&b, "/");
		char *raw = gz_buf_detach(&b, NULL);
		char *made = make_path(raw);
		result = tidy(made, true);
		free(made);
		free(raw);
	} else {
		char *sections = gz_xstrndup(folder, strlen(folder) ? strlen(folder) - 1 : 0);
		char *raw = expand(pattern, page, section, sections,
		    bundle ? "index" : stem, date);
		result = tidy(raw, true);
		free(raw);
		free(sections);
	}
	const char *keep_case = gz_value_string(site, "disablePathToLower");
	if (!keep_case || strcmp(keep_case, "true") != 0) {
		char *low = lower(result);
		free(result);
		result = low;
	}
	free(stem);
	free(folder);
	free(section);
	return escaped(result);
}

/* Hugo's baseURL, languageCode and author in the names the backends read
 * (url, baseurl, lang, author), keeping Hugo's own keys too. */
void
gz_hugo_config(struct gz_value *site)
{
	gz_value_put(site, "_generator", gz_value_new_string("hugo", 4));
	const char *base = gz_value_string(site, "baseURL");
	if (!base)
		base = gz_value_string(site, "baseurl");
	if (base && gz_url_is_absolute(base) && !gz_value_get(site, "url")) {
		/* https://example.org/blog/ is url https://example.org, baseurl /blog */
		const char *host = strstr(base, "://");
		const char *path = host ? strchr(host + 3, '/') : NULL;
		size_t n = path ? (size_t)(path - base) : strlen(base);
		gz_value_put(site, "url", gz_value_new_string(base, n));
		if (path) {
			size_t plen = strlen(path);
			while (plen > 0 && path[plen - 1] == '/')
				plen--;
			gz_value_put(site, "baseurl", gz_value_new_string(path, plen));
		} else {
			gz_value_put(site, "baseurl", gz_value_new_string("", 0));
		}
	}
	const char *key = gz_value_string(site, "languageCode") ? "languageCode"
	    : "defaultContentLanguage";
	const struct gz_value *lang = gz_value_get(site, key);
	if (lang && lang->kind == GZ_VALUE_STRING && !gz_value_get(site, "lang")) {
		/* At the source's line, so that a warning about it names that line. */
		gz_value_put(site, "lang", gz_value_copy(lang));
	}
	const struct gz_value *author = gz_value_get(gz_value_get(site, "params"), "author");
	if (author && !gz_value_get(site, "author"))
		gz_value_put(site, "author", gz_value_copy(author));
	const char *description = gz_value_string(gz_value_get(site, "params"), "description");
	if (description && !gz_value_get(site, "description"))
		gz_value_put(site, "description", gz_value_new_string(description, strlen(description)));
}
