/* site.h: what the config and toml targets do with a parsed site
 * configuration: everything a conversion reads from one, on a small page. */
#ifndef GZ_FUZZ_SITE_H
#define GZ_FUZZ_SITE_H

#include "fuzz.h"
#include "internal.h"

#include <sys/stat.h>
#include <unistd.h>

/* A folder of this process's own, the fuzzed site's root (site.source), so
 * that no setting leads the site's reads (data, includes) elsewhere;
 * removed at exit. */
static char fuzz_root[] = "/tmp/gazette-fuzz-XXXXXX";

/* The root holds only _data/, emptied after each input. */
static void
fuzz_remove_root(void)
{
	char *data = gz_xasprintf("%s/_data", fuzz_root);
	rmdir(data);
	rmdir(fuzz_root);
	free(data);
}

/* The root, made on first use, with an empty _data/. */
static const char *
fuzz_site_root(void)
{
	static bool made;
	if (!made) {
		if (!mkdtemp(fuzz_root)) {
			perror("mkdtemp");
			abort();
		}
		char *data = gz_xasprintf("%s/_data", fuzz_root);
		if (mkdir(data, 0700) != 0) {
			perror(data);
			abort();
		}
		free(data);
		atexit(fuzz_remove_root);
		made = true;
	}
	return fuzz_root;
}

/* A page that reads the site from Liquid, its metadata and its links. */
static const char fuzz_page[] = "---\ntitle: P\ndate: 2024-03-05\ncategories: [a, b]\n---\n"
    "# {{ site.title }}\n\n{{ site | jsonify }}\n\n"
    "{% for d in site.data %}{{ d[0] }}: {{ d[1] | jsonify }}\n{% endfor %}"
    "{{ site.pdf.columns | plus: 1 }} {{ site.url | append: site.baseurl }} {{ site.author.name }}\n\n"
    "[x]({{ site.baseurl }}/x) ![i](/i.png)\n";

/* Takes `site` (owned): the --set overrides, where each top-level value was
 * written, the page's language, URL and conversions to the tree, HTML and
 * both feeds. */
static void
fuzz_use_site(struct gz_value *site, const struct gz_options *opts, struct gz_log *log)
{
	struct gz_value *sets = gz_value_new(GZ_VALUE_MAP);
	gz_value_set_path(sets, "pdf.columns", gz_value_new_string("2", 1));
	gz_value_set_path(sets, "site.description", gz_value_new_string("d", 1));
	gz_site_apply_sets(site, sets);
	gz_value_free(sets);
	gz_value_put(site, "source", gz_value_new_string(fuzz_site_root(), strlen(fuzz_root)));
	gz_value_put(site, "data_dir", gz_value_new_string("_data", 5));
	gz_value_put(site, "includes_dir", gz_value_new_string("_includes", 9));
	gz_value_put(site, "_config_file", gz_value_new_string("_config.yml", 11));
	for (size_t i = 0; i < site->count; i++) {
		unsigned line;
		gz_site_where(site, site->items[i], &line);
	}
	char *path = gz_xasprintf("%s/_posts/2024-03-05-p.md", fuzz_root);
	struct gz_doc *doc = gz_doc_parse(path, fuzz_page, sizeof fuzz_page - 1, site, opts, log);
	free(path);
	if (doc) {
		static const char *const formats[] = { "tree", "html", "rss", "atom" };
		for (size_t i = 0; i < GZ_ARRAY_LEN(formats); i++) {
			struct gz_render r = { .opts = opts, .log = log, .docs = &doc, .count = 1 };
			struct gz_buf out = {0};
			gz_format_render(gz_format_find(formats[i]), &r, &out);
			gz_buf_free(&out);
		}
		free(gz_permalink(doc, doc->meta.date));
	}
	gz_doc_free(doc);
	gz_value_free(site);
}

#endif /* GZ_FUZZ_SITE_H */
