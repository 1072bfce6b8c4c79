/* options.c: gazette's options, parsed from and documented by one table. */
#include "options.h"
#include "internal.h"

#include <getopt.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum option_id {
	OPT_TO = 't',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_HELP = 'h',
	OPT_JOBS = 'j',
	OPT_VERSION = 'V',
	OPT_CONFIG = 256,
	OPT_SET,
	OPT_DIALECT,
	OPT_FRAGMENT,
	OPT_TEMPLATE,
	OPT_LAYOUTS,
	OPT_TOC,
	OPT_COMBINE,
	OPT_SAFE,
	OPT_STRICT,
	OPT_FEED_ITEMS,
	OPT_FEED_LIMIT,
	OPT_FONT_DIR,
	OPT_RESOURCE_PATH,
	OPT_INCREMENTAL,
	OPT_WATCH,
	OPT_NO_FRONT_MATTER,
	OPT_DRAFTS,
};

struct cli_option {
	enum option_id id;
	const char *name;       /* long name */
	const char *arg;        /* the argument's name in --help, NULL for a flag */
	const char *help;
};

/* `s` with its control characters escaped, for a message; valid until
 * the next call (options are parsed on one thread, once). */
static const char *
shown(const char *s)
{
	static struct gz_buf b;
	b.len = 0;
	gz_escape_controls(&b, s);
	return b.data;
}

static const struct cli_option options[] = {
	{ OPT_TO, "to", "FORMATS", "comma-separated output formats (default: html); see below" },
	{ OPT_OUTPUT, "output", "PATH", "a file for one output, else a folder (created); '-' is "
	    "standard output, the default for one output" },
	{ OPT_CONFIG, "config", "FILE", "site configuration (default: the nearest _config.yml "
	    "in the input's folder or above)" },
	{ OPT_SET, "set", "KEY=VALUE", "set a site variable (url, baseurl, pdf.paper, "
	    "site.title, page.title, ...); repeatable" },
	{ OPT_DIALECT, "dialect", "NAME", "Markdown dialect: github (default) or commonmark" },
	{ OPT_NO_FRONT_MATTER, "no-front-matter", NULL, "read a leading '---' block as Markdown, "
	    "not as front matter" },
	{ OPT_FRAGMENT, "fragment", NULL, "HTML: write the body only, not a whole page" },
	{ OPT_TEMPLATE, "template", "FILE", "HTML: a page template with {{ content }} and "
	    "{{ toc }}" },
	{ OPT_LAYOUTS, "layouts", NULL, "HTML: put a page with layout: in its Jekyll layouts "
	    "(_layouts/)" },
	{ OPT_TOC, "toc", NULL, "insert a table of contents (PDF: with page numbers)" },
	{ OPT_COMBINE, "combine", NULL, "PDF: one PDF of all inputs, one chapter each (implied by "
	    "-t pdf -o FILE.pdf with several inputs)" },
	{ OPT_SAFE, "safe", NULL, "drop raw HTML and javascript:, vbscript:, data: links" },
	{ OPT_STRICT, "strict", NULL, "treat warnings (undefined variables, ...) as errors" },
	{ OPT_FEED_ITEMS, "feed-items", "KIND", "feeds: 'entries' of one page or one item per "
	    "input ('pages'); default: entries for one input, pages for several" },
	{ OPT_FEED_LIMIT, "feed-limit", "N", "feeds: at most N items (default: all)" },
	{ OPT_FONT_DIR, "font-dir", "DIR", "PDF: look for fonts in DIR too; repeatable" },
	{ OPT_RESOURCE_PATH, "resource-path", "DIR[:DIR...]", "look for images in these folders "
	    "too, after the page's own; repeatable" },
	{ OPT_DRAFTS, "drafts", NULL, "a site: convert drafts too (_drafts/, draft: true)" },
	{ OPT_JOBS, "jobs", "N", "convert with N worker processes (default: one per core)" },
	{ OPT_INCREMENTAL, "incremental", NULL, "skip outputs written from the same inputs, "
	    "options, configuration and template (kept in .gazette-state)" },
	{ OPT_WATCH, "watch", NULL, "convert, then convert again what changes, until interrupted" },
	{ OPT_QUIET, "quiet", NULL, "report errors only" },
	{ OPT_VERBOSE, "verbose", NULL, "report what is done" },
	{ OPT_HELP, "help", NULL, "show this help and exit" },
	{ OPT_VERSION, "version", NULL, "show versions and exit" },
};

static void
usage(FILE *fp)
{
	fprintf(fp, "Usage: gazette [OPTION]... FILE...\n"
	    "Convert Markdown pages with YAML front matter to HTML, feeds and PDF.\n"
	    "A FILE of '-' is standard input.\n\nOptions:\n");
	for (size_t i = 0; i < GZ_ARRAY_LEN(options); i++) {
		const struct cli_option *o = &options[i];
		char left[64];
		int n = o->id < 256 ? snprintf(left, sizeof left, "-%c, --%s", o->id, o->name)
				    : snprintf(left, sizeof left, "    --%s", o->name);
		if (o->arg)
			snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
		fprintf(fp, "  %-26s %s\n", left, o->help);
	}
	fprintf(fp, "\nFormats:\n");
	for (size_t i = 0; i < gz_format_count; i++)
		fprintf(fp, "  %-26s %s\n", gz_formats[i]->name, gz_formats[i]->summary);
	fprintf(fp, "\nExit status:\n"
	    "  0  every input converted\n"
	    "  1  an input could not be converted (bad input, or a warning under --strict)\n"
	    "  2  usage error\n"
	    "  3  an output could not be written\n");
}

static void
version(void)
{
	char *v = gz_versions();
	fputs(v, stdout);
	free(v);
}

static bool
add_formats(struct cli *cli, const char *list)
{
	char *copy = gz_xstrdup(list), *save = NULL;
	bool ok = true;
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct gz_format *f = gz_format_find(name);
		if (!f) {
			fprintf(stderr, "gazette: unknown format '%s' (see --help)\n", shown(name));
			ok = false;
			break;
		}
		bool seen = false;
		for (size_t i = 0; i < cli->format_count; i++)
			seen = seen || cli->formats[i] == f;
		if (!seen) {
			cli->formats = gz_xrealloc(cli->formats,
			    (cli->format_count + 1) * sizeof *cli->formats);
			cli->formats[cli->format_count++] = f;
		}
	}
	free(copy);
	return ok;
}

static bool
add_set(struct cli *cli, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || eq[-1] == '.' || arg[0] == '.') {
		fprintf(stderr, "gazette: --set wants KEY=VALUE, got '%s'\n", shown(arg));
		return false;
	}
	char *key = gz_xstrndup(arg, (size_t)(eq - arg));
	gz_value_set_path(cli->sets, key, gz_value_new_string(eq + 1, strlen(eq + 1)));
	free(key);
	return true;
}

static bool
parse_choice(const char *option, const char *arg, const char *const *names, size_t count,
    int *out)
{
	for (size_t i = 0; i < count; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	}
	fprintf(stderr, "gazette: --%s does not take '%s'\n", option, shown(arg));
	return false;
}

int
cli_parse(struct cli *cli, int argc, char **argv)
{
	static const char *const dialects[] = { [GZ_DIALECT_GITHUB] = "github",
	    [GZ_DIALECT_COMMONMARK] = "commonmark" };
	static const char *const feed_items[] = { [GZ_FEED_ITEMS_AUTO] = "auto",
	    [GZ_FEED_ITEMS_ENTRIES] = "entries", [GZ_FEED_ITEMS_PAGES] = "pages" };
	struct option long_options[GZ_ARRAY_LEN(options) + 1];
	/* Options may follow the inputs, as users type them (`page.md -o out/`);
	 * `--` ends the options. */
	char short_options[2 * GZ_ARRAY_LEN(options) + 1];
	size_t s = 0;

	for (size_t i = 0; i < GZ_ARRAY_LEN(options); i++) {
		const struct cli_option *o = &options[i];
		long_options[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
		    NULL, (int)o->id };
		if (o->id < 256) {
			short_options[s++] = (char)o->id;
			if (o->arg)
				short_options[s++] = ':';
		}
	}
	long_options[GZ_ARRAY_LEN(options)] = (struct option){0};
	short_options[s] = '\0';

	cli->sets = gz_value_new(GZ_VALUE_MAP);
	cli->opts.sets = cli->sets;
	int c, choice;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (c) {
		case OPT_TO:
			if (!add_formats(cli, optarg))
				return EXIT_USAGE;
			break;
		case OPT_OUTPUT:
			cli->output = optarg;
			break;
		case OPT_CONFIG:
			cli->config_path = optarg;
			break;
		case OPT_SET:
			if (!add_set(cli, optarg))
				return EXIT_USAGE;
			break;
		case OPT_DIALECT:
			if (!parse_choice("dialect", optarg, dialects, GZ_ARRAY_LEN(dialects), &choice))
				return EXIT_USAGE;
			cli->opts.dialect = (enum gz_dialect)choice;
			break;
		case OPT_NO_FRONT_MATTER:
			cli->opts.no_front_matter = true;
			break;
		case OPT_FRAGMENT:
			cli->opts.fragment = true;
			break;
		case OPT_TEMPLATE:
			cli->opts.template_path = optarg;
			break;
		case OPT_LAYOUTS:
			cli->opts.layouts = true;
			break;
		case OPT_TOC:
			cli->opts.toc = true;
			break;
		case OPT_COMBINE:
			cli->combine = true;
			break;
		case OPT_DRAFTS:
			cli->drafts = true;
			break;
		case OPT_SAFE:
			cli->opts.safe = true;
			break;
		case OPT_STRICT:
			cli->log.strict = true;
			break;
		case OPT_FEED_ITEMS:
			if (!parse_choice("feed-items", optarg, feed_items, GZ_ARRAY_LEN(feed_items),
			    &choice))
				return EXIT_USAGE;
			cli->opts.feed_items = (enum gz_feed_items)choice;
			break;
		case OPT_FEED_LIMIT: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || optarg[0] == '-') {
				fprintf(stderr, "gazette: --feed-limit wants a number, got '%s'\n", shown(optarg));
				return EXIT_USAGE;
			}
			cli->opts.feed_limit = n;
			break;
		}
		case OPT_FONT_DIR:
			cli->font_dirs = gz_xrealloc(cli->font_dirs,
			    (cli->opts.font_dir_count + 1) * sizeof *cli->font_dirs);
			cli->font_dirs[cli->opts.font_dir_count++] = optarg;
			cli->opts.font_dirs = cli->font_dirs;
			break;
		case OPT_RESOURCE_PATH:
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ":");
				if (n > 0) {
					cli->resource_dirs = gz_xrealloc(cli->resource_dirs,
					    (cli->opts.resource_dir_count + 1) * sizeof *cli->resource_dirs);
					cli->resource_dirs[cli->opts.resource_dir_count++] = gz_xstrndup(p, n);
				}
				p += n + (p[n] == ':');
			}
			cli->opts.resource_dirs = (const char *const *)cli->resource_dirs;
			break;
		case OPT_JOBS: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || n == 0 || n > 1024) {
				fprintf(stderr, "gazette: -j wants a number from 1 to 1024, got '%s'\n",
				    shown(optarg));
				return EXIT_USAGE;
			}
			cli->jobs = (unsigned)n;
			break;
		}
		case OPT_INCREMENTAL:
			cli->incremental = true;
			break;
		case OPT_WATCH:
			cli->watch = true;
			break;
		case OPT_QUIET:
			cli->log.verbosity = -1;
			break;
		case OPT_VERBOSE:
			cli->log.verbosity = 1;
			break;
		case OPT_HELP:
			usage(stdout);
			return EXIT_CONVERTED;
		case OPT_VERSION:
			version();
			return EXIT_CONVERTED;
		default:
			fprintf(stderr, "Try 'gazette --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (cli->format_count == 0)
		add_formats(cli, "html");
	cli->args = argv + 1;
	cli->arg_count = (size_t)(optind - 1);
	cli->inputs = (const char **)argv + optind;
	cli->input_count = (size_t)(argc - optind);
	if (cli->input_count == 0) {
		fprintf(stderr, "gazette: no input files (use '-' for standard input); "
		    "try 'gazette --help'\n");
		return EXIT_USAGE;
	}
	if (cli->jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		cli->jobs = cores > 0 ? (unsigned)cores : 1;
	}
	for (size_t i = 0; i < cli->input_count; i++) {
		if (strcmp(cli->inputs[i], "-") == 0 && (cli->watch || cli->incremental)) {
			fprintf(stderr, "gazette: standard input cannot be watched or compared by "
			    "time; name the files\n");
			return EXIT_USAGE;
		}
	}
	return -1;
}

void
cli_free(struct cli *cli)
{
	gz_value_free(cli->sets);
	free(cli->formats);
	free(cli->font_dirs);
	for (size_t i = 0; i < cli->opts.resource_dir_count; i++)
		free(cli->resource_dirs[i]);
	free(cli->resource_dirs);
}
