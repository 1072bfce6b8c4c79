/* meta.c: what a page says about itself (title, description, authors, date,
 * language), worked out once per document and read by every backend. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

char *
gz_squeeze(char *s)
{
	char *w = s;
	bool space = false;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = w != s;
		} else {
			if (space)
				*w++ = ' ';
			space = false;
			*w++ = *p;
		}
	}
	*w = '\0';
	return s;
}

char *
gz_plain_text_squeezed(const struct gz_node *n)
{
	return gz_squeeze(gz_node_plain_text(n));
}


/* A person is a name, or a map with `name` (and `email`); borrowed strings. */
static bool
read_person(const struct gz_value *v, struct gz_person *p)
{
	const char *name = NULL, *email = NULL;
	if (v->kind == GZ_VALUE_STRING)
		name = nonempty(v->string);
	else if (v->kind == GZ_VALUE_MAP)
		name = nonempty(gz_value_string(v, "name")), email = nonempty(gz_value_string(v, "email"));
	*p = (struct gz_person){ .name = (char *)name, .email = (char *)email };
	return name != NULL;
}

bool
gz_person_first(const struct gz_value *v, struct gz_person *p)
{
	if (v && v->kind == GZ_VALUE_LIST)
		v = v->count ? v->items[0] : NULL;
	return v && read_person(v, p);
}

static bool
add_person(struct gz_meta *m, const struct gz_value *v)
{
	struct gz_person p;
	if (!read_person(v, &p))
		return false;
	m->authors = gz_xrealloc(m->authors, (m->author_count + 1) * sizeof *m->authors);
	m->authors[m->author_count++] = (struct gz_person){
		.name = gz_xstrdup(p.name),
		.email = p.email ? gz_xstrdup(p.email) : NULL,
	};
	return true;
}

/* `author:` (or `authors:`) as one person or a list of them. */
static void
add_people(struct gz_meta *m, const struct gz_value *v)
{
	if (!v)
		return;
	if (v->kind != GZ_VALUE_LIST) {
		add_person(m, v);
		return;
	}
	for (size_t i = 0; i < v->count; i++)
		add_person(m, v->items[i]);
}

enum gz_date_source
gz_page_date(const struct gz_value *page, const char *stem, const char *path, struct gz_time *t)
{
	const struct gz_value *v = gz_value_get(page, "date");
	const char *slug;
	struct stat st;
	if (v && v->kind == GZ_VALUE_STRING && gz_time_parse(v->string, t))
		return GZ_DATE_FRONT_MATTER;
	if (gz_time_from_name(stem, t, &slug))
		return GZ_DATE_FILE_NAME;
	if (gz_source_date_epoch(t) > 0)
		return GZ_DATE_EPOCH;
	if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0) {
		*t = (struct gz_time){ .seconds = st.st_mtime };
		return GZ_DATE_MTIME;
	}
	*t = (struct gz_time){ .seconds = time(NULL) };
	return GZ_DATE_NOW;
}

/* The page's date, with a warning for a `date:` that is none and a note when
 * only the clock is left. */
static void
find_date(struct gz_meta *m, const struct gz_doc *doc, struct gz_log *log)
{
	m->date_source = gz_page_date(doc->page, doc->stem, doc->path, &m->date);
	const struct gz_value *v = gz_value_get(doc->page, "date");
	if (v && v->kind == GZ_VALUE_STRING && m->date_source != GZ_DATE_FRONT_MATTER)
		gz_warn(log, doc->name, v->line, "date '%s' is not a date; it is ignored (write "
		    "2024-03-05, 2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z)", v->string);
	else if (v && (v->kind == GZ_VALUE_LIST || v->kind == GZ_VALUE_MAP))
		gz_warn(log, doc->name, v->line, "date is a %s, not a date; it is ignored (write "
		    "2024-03-05, 2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z)",
		    v->kind == GZ_VALUE_LIST ? "list" : "mapping");
	struct gz_time epoch;
	if (m->date_source > GZ_DATE_FILE_NAME && gz_source_date_epoch(&epoch) < 0)
		gz_warn(log, NULL, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
		    "it is ignored", getenv("SOURCE_DATE_EPOCH"));
	if (m->date_source == GZ_DATE_NOW)
		gz_note(log, doc->name, 0, "no date: the current time stands in (give `date:` in "
		    "the front matter or SOURCE_DATE_EPOCH)");
}

void
gz_meta_init(struct gz_meta *m, const struct gz_doc *doc, struct gz_log *log)
{
	*m = (struct gz_meta){0};
	const char *title = nonempty(gz_value_string(doc->page, "title"));
	m->title_given = title != NULL;
	m->title = title ? gz_xstrdup(title) : NULL;
	const char *description = nonempty(gz_value_string(doc->page, "description"));
	m->description = description ? gz_xstrdup(description) : NULL;

	add_people(m, gz_value_get(doc->page, "author"));
	if (!m->author_count)
		add_people(m, gz_value_get(doc->page, "authors"));
	if (!m->author_count && doc->site) {
		add_people(m, gz_value_get(doc->site, "author"));
		m->authors_from_site = m->author_count > 0;
	}
	find_date(m, doc, log);
	m->permalink = gz_permalink(doc, m->date);
}

void
gz_meta_title_from(struct gz_meta *m, const struct gz_node *block)
{
	if (m->title || block->kind != GZ_NODE_HEADING)
		return;
	char *t = gz_plain_text_squeezed(block);
	if (*t)
		m->title = t;
	else
		free(t);
}

void
gz_meta_title(struct gz_meta *m, const struct gz_doc *doc)
{
	for (const struct gz_node *n = doc->root ? doc->root->first : NULL; n && !m->title; n = n->next)
		gz_meta_title_from(m, n);
	if (!m->title)
		m->title = gz_xstrdup(doc->stem);
}

char *
gz_meta_lang(const struct gz_value *page, const struct gz_value *site, const char *name,
    struct gz_log *log)
{
	const char *lang = gz_value_string(page, "lang");
	if (!lang && site)
		lang = gz_value_string(site, "lang");
	if (!lang)
		return NULL;
	char *tag = gz_lang_tag(lang);
	if (!tag) {
		/* The page's own lang: at its line; the site's: in its configuration. */
		const struct gz_value *v = gz_value_get(page, "lang");
		unsigned line = v ? v->line : 0;
		const char *file = v ? name : gz_site_where(site, gz_value_get(site, "lang"), &line);
		gz_warn(log, file, line,
		    "%s'%s' is not a language tag; it is ignored (write e.g. zh-CN, ja, en)",
		    v ? "" : "lang: ", lang);
	}
	return tag;
}

void
gz_meta_free(struct gz_meta *m)
{
	free(m->title);
	free(m->description);
	free(m->permalink);
	for (size_t i = 0; i < m->author_count; i++) {
		free(m->authors[i].name);
		free(m->authors[i].email);
	}
	free(m->authors);
	*m = (struct gz_meta){0};
}
