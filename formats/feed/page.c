/* page.c: what a feed knows of the site and of each page: the site's
 * address, a page's URL (by Jekyll's rules), date, author and categories. */
#include "feed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void
feed_site_init(struct feed_site *site, const struct gz_value *config, bool safe)
{
	*site = (struct feed_site){ .config = config };
	const char *b = gz_value_string(config, "baseurl");
	struct gz_buf bb = {0};
	gz_buf_puts(&bb, "");
	if (b && *b) {
		if (*b != '/')
			gz_buf_putc(&bb, '/');
		gz_buf_puts(&bb, b);
		while (bb.len > 0 && bb.data[bb.len - 1] == '/')
			bb.data[--bb.len] = '\0';
	}
	site->baseurl = gz_buf_detach(&bb, NULL);

	const char *url = gz_value_string(config, "url");
	/* --safe: a javascript: or data: site address is no address at all. */
	if (url && gz_url_is_absolute(url) && !(safe && gz_url_is_dangerous(url, false))) {
		size_t n = strlen(url);
		while (n > 0 && url[n - 1] == '/')
			n--;
		site->base = gz_xasprintf("%.*s%s", (int)n, url, site->baseurl);
		site->host = gz_url_host(site->base);
	}
	if (!site->host)
		site->host = gz_xstrdup("gazette.invalid");   /* reserved: never anyone's */
}

void
feed_site_free(struct feed_site *site)
{
	free(site->base);
	free(site->baseurl);
	free(site->host);
}

/* A front matter date at `key`; warns when there is one that does not parse. */
static bool
front_matter_date(const struct gz_render *r, const struct gz_doc *doc, const char *key,
    struct gz_time *t)
{
	const struct gz_value *v = gz_value_get(doc->page, key);
	if (!v || v->kind == GZ_VALUE_NULL)
		return false;
	if (v->kind != GZ_VALUE_STRING) {
		gz_warn(r->log, doc->name, v->line, "%s is a %s, not a date; write 2024-03-05, "
		    "2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z", key,
		    v->kind == GZ_VALUE_LIST ? "list" : "mapping");
		return false;
	}
	if (gz_time_parse(v->string, t))
		return true;
	gz_warn(r->log, doc->name, v->line, "%s '%s' is not a date; write 2024-03-05, "
	    "2024-03-05 10:00:00 +0800 or 2024-03-05T10:00:00Z", key, v->string);
	return false;
}

void
feed_page_init(struct feed_page *p, const struct gz_render *r, const struct feed_site *site,
    const struct gz_doc *doc)
{
	*p = (struct feed_page){ .doc = doc };
	p->date = doc->meta.date;
	if (doc->meta.date_source == GZ_DATE_MTIME)
		gz_warn(r->log, doc->name, 0, "no date: its feed items are dated by the file's "
		    "modification time, which changes with every checkout; give date: in the "
		    "front matter (or set SOURCE_DATE_EPOCH)");
	if (!front_matter_date(r, doc, "last_modified_at", &p->updated)
	    && !front_matter_date(r, doc, "updated", &p->updated))
		p->updated = p->date;

	struct gz_buf b = {0};
	gz_url_encode(&b, doc->meta.permalink);
	p->path = gz_buf_detach(&b, NULL);
	p->url = gz_xasprintf("%s%s", site->base ? site->base : site->baseurl, p->path);
	p->tag_base = gz_xasprintf("tag:%s,%04d:%s%s", site->host, gz_time_civil(p->date).year,
	    site->baseurl, p->path);
	if (doc->meta.author_count && !doc->meta.authors_from_site) {
		p->author_name = gz_xstrdup(doc->meta.authors[0].name);
		if (doc->meta.authors[0].email)
			p->author_email = gz_xstrdup(doc->meta.authors[0].email);
	}
}

void
feed_page_free(struct feed_page *p)
{
	free(p->path);
	free(p->url);
	free(p->tag_base);
	free(p->author_name);
	free(p->author_email);
	for (size_t i = 0; i < p->category_count; i++)
		free(p->categories[i]);
	free(p->categories);
}
