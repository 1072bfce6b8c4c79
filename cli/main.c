/* main.c: the gazette program: plan the outputs, convert every input, write. */
#include "batch.h"
#include "guard.h"
#include "limits.h"
#include "state.h"
#include "options.h"
#include "site.h"
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the outputs go: standard output, one file, or a folder. */
enum destination { DEST_STDOUT, DEST_FILE, DEST_FOLDER };

struct run {
	struct cli *cli;
	enum destination dest;
	char *common_dir;               /* the inputs' common folder: outputs mirror the tree below it */
	char **input_dirs;              /* each input's absolute folder (NULL: unknown) */
	const struct gz_format **per_doc;       /* one output per input */
	size_t per_doc_count;
	const struct gz_format **collections;   /* one output for all inputs */
	size_t collection_count;
	char *format_names;             /* "html, pdf", for the progress line */
	bool *skip;                     /* inputs refused while planning */
	bool *collection_skip;          /* collections refused while planning */
	struct guard guard;             /* inputs, configurations, the template */
	/* --incremental: what outputs were made from (see state.h). */
	struct state state;
	uint64_t options_key;           /* the version, the options, the template */
	uint64_t *input_keys;           /* per input; 0: never up to date */
	char **config_paths;            /* configurations hashed so far, and their keys */
	uint64_t *config_keys;
	size_t config_count;
	bool combine;                   /* the PDF is one output for every input */
	struct progress progress;
	size_t converted, failed, unchanged;
	int status;
	/* Site configurations by path ("" for none), each loaded once. */
	char **site_paths;
	struct gz_value **sites;        /* NULL: that configuration failed to load */
	size_t site_count;
	/* The last folder searched for a site configuration, and what was found
	 * (NULL: none): inputs come folder by folder. */
	char *searched_folder;
	char *searched_config;
	struct site_run site;           /* the input was a site's folder */
	const char **format_paths;      /* each format's collection output, or NULL */
};

static void
raise_status(struct run *run, int status)
{
	/* An unwritable output (3) outranks a bad input (1). */
	if (status > run->status)
		run->status = status;
}

static bool
is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p; false after reporting. */
static bool
make_folder(const char *path, struct gz_log *log)
{
	char *p = gz_xstrdup(path);
	bool ok = true;
	for (char *s = p + 1; ok; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			gz_error(log, p, 0, "cannot create the output folder: %s", strerror(errno));
			ok = false;
		}
		*s = saved;
		if (saved == '\0')
			break;
	}
	if (ok && !is_directory(path)) {
		gz_error(log, path, 0, "cannot create the output folder: a file is in the way");
		ok = false;
	}
	free(p);
	return ok;
}

/* The absolute folder an input is in ("." for standard input). */
static char *
input_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = strcmp(path, "-") == 0 || !slash ? gz_xstrdup(".")
	    : gz_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	char *abs = realpath(dir, NULL);
	free(dir);
	return abs;
}

/* The site configuration an input's folder or one above it holds (NULL:
 * none), as gz_site_find_config finds it, searched once per run of inputs
 * from one folder.  The run owns it. */
static const char *
config_near(struct run *run, const char *input)
{
	const char *slash = strrchr(input, '/');
	size_t len = slash && strcmp(input, "-") != 0 ? (size_t)(slash - input) + 1 : 0;
	if (run->searched_folder && strlen(run->searched_folder) == len
	    && memcmp(run->searched_folder, input, len) == 0)
		return run->searched_config;
	free(run->searched_folder);
	free(run->searched_config);
	run->searched_folder = gz_xstrndup(input, len);
	run->searched_config = gz_site_find_config(input);
	return run->searched_config;
}

/* Whether two inputs are in one folder as written ("-" is in none). */
static bool
same_folder(const char *a, const char *b)
{
	if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return false;
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;
	return !sa == !sb && la == lb && memcmp(a, b, la) == 0;
}

/* Each input's absolute folder, one realpath per run of inputs from one
 * folder; and the longest folder that holds them all, so outputs mirror the
 * tree. */
static void
find_folders(struct run *run)
{
	const struct cli *cli = run->cli;
	char *common = NULL;
	run->input_dirs = gz_xcalloc(cli->input_count + 1, sizeof *run->input_dirs);
	for (size_t i = 0; i < cli->input_count; i++) {
		const char *in = cli->inputs[i];
		char *dir = i && same_folder(in, cli->inputs[i - 1])
		    ? (run->input_dirs[i - 1] ? gz_xstrdup(run->input_dirs[i - 1]) : NULL)
		    : input_folder(in);
		run->input_dirs[i] = dir;
		if (!dir)
			continue;
		if (!common) {
			common = gz_xstrdup(dir);
			continue;
		}
		size_t n = 0, last_sep = 0;
		while (common[n] && common[n] == dir[n]) {
			if (common[n] == '/')
				last_sep = n;
			n++;
		}
		if (common[n] == '\0' && (dir[n] == '/' || dir[n] == '\0'))
			;       /* common holds dir */
		else if (dir[n] == '\0' && common[n] == '/')
			common[n] = '\0';      /* dir holds common: whatever the inputs' order */
		else
			common[last_sep ? last_sep : 1] = '\0';
	}
	run->common_dir = common ? common : gz_xstrdup(".");
}

/* Input i's path below the common folder, without its extension. */
static char *
mirrored_stem(const struct run *run, const char *input, size_t i)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t stem_len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (strcmp(input, "-") == 0)
		return gz_xstrdup("stdin");
	const char *dir = run->input_dirs[i];
	size_t common_len = strlen(run->common_dir);
	if (dir && strncmp(dir, run->common_dir, common_len) == 0 && dir[common_len] == '/')
		return gz_xasprintf("%s/%.*s", dir + common_len + 1, (int)stem_len, base);
	return gz_xstrndup(base, stem_len);
}

/* Where input i's output in format f goes (a collection: i is ignored). */
static char *
output_path(const struct run *run, const struct gz_format *f, const char *input, size_t i)
{
	if (run->dest == DEST_STDOUT)
		return gz_xstrdup("-");
	if (run->dest == DEST_FILE)
		return gz_xstrdup(run->cli->output);
	const char *dir = run->cli->output;
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	if (f->collection_name)
		return gz_xasprintf("%s%s%s", dir, sep, run->site.active
		    ? site_collection(&run->site, f) : f->collection_name);
	if (run->combine)
		return gz_xasprintf("%s%scombined.%s", dir, sep, f->extension);
	if (run->site.active) {
		char *rel = site_output(&run->site, i, f);
		char *path = gz_xasprintf("%s%s%s", dir, sep, rel);
		free(rel);
		return path;
	}
	char *stem = mirrored_stem(run, input, i);
	char *path = gz_xasprintf("%s%s%s.%s", dir, sep, stem, f->extension);
	free(stem);
	return path;
}

/* Fills the guard with every file an output must never replace: the inputs,
 * their site configurations (or --config) and the template. */
static void
guard_sources(struct run *run)
{
	const struct cli *cli = run->cli;
	char *last = NULL;              /* the configuration guarded last (a copy: the
	                                 * run's is freed at the next folder's search) */
	for (size_t i = 0; i < cli->input_count; i++) {
		const char *in = cli->inputs[i];
		guard_add(&run->guard, in, "an input");
		const char *config = cli->config_path ? NULL : config_near(run, in);
		if (config && (!last || strcmp(config, last) != 0)) {
			guard_add(&run->guard, config, "a site configuration");
			free(last);
			last = gz_xstrdup(config);
		}
	}
	free(last);
	guard_add(&run->guard, cli->config_path, "the site configuration");
	guard_add(&run->guard, cli->opts.template_path, "the template");
}

/* False after reporting when `path` would replace a guarded file. */
static bool
may_write(struct run *run, const char *path, const char *format)
{
	const char *what = run->dest == DEST_STDOUT ? NULL : guard_check(&run->guard, path);
	if (!what)
		return true;
	gz_error(&run->cli->log, path, 0, "refusing to overwrite %s with the %s output; "
	    "choose another -o", what, format);
	raise_status(run, EXIT_OUTPUT);
	return false;
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether the PDF is one output for every input: --combine, or several
 * inputs into `-t pdf -o FILE.pdf` (which would otherwise be a folder named
 * FILE.pdf).  False on a usage error. */
static bool
plan_combine(struct run *run)
{
	const struct cli *cli = run->cli;
	const struct gz_format *combines = NULL;
	for (size_t i = 0; i < cli->format_count; i++)
		if (cli->formats[i]->combines)
			combines = cli->formats[i];
	if (cli->combine && !combines) {
		fprintf(stderr, "gazette: --combine makes one PDF of the inputs: add -t pdf\n");
		return false;
	}
	const char *o = cli->output;
	size_t n = o ? strlen(o) : 0, ext = combines ? strlen(combines->extension) : 0;
	run->combine = cli->combine || (combines && cli->format_count == 1 && cli->input_count > 1
	    && n > ext + 1 && o[n - ext - 1] == '.' && strcasecmp(o + n - ext, combines->extension) == 0
	    && !is_directory(o));
	return true;
}

/* Decides where outputs go and refuses, before any work, outputs that would
 * clash with each other or overwrite an input.  False on a usage error. */
static bool
plan(struct run *run)
{
	struct cli *cli = run->cli;
	struct gz_buf names = {0};
	size_t outputs = 0;

	if (!plan_combine(run))
		return false;
	for (size_t i = 0; i < cli->format_count; i++) {
		const struct gz_format *f = cli->formats[i];
		bool collection = f->collection_name != NULL
		    || (run->combine && f->combines);
		const struct gz_format ***list = collection ? &run->collections : &run->per_doc;
		size_t *count = collection ? &run->collection_count : &run->per_doc_count;
		*list = gz_xrealloc(*list, (*count + 1) * sizeof **list);
		(*list)[(*count)++] = f;
		outputs += collection ? 1 : cli->input_count;
		gz_buf_printf(&names, "%s%s", i ? ", " : "", f->name);
	}
	run->format_names = gz_buf_detach(&names, NULL);
	run->format_paths = gz_xcalloc(cli->format_count + 1, sizeof *run->format_paths);
	for (size_t i = 0; i < cli->format_count; i++)
		if (cli->formats[i]->collection_name)
			run->format_paths[i] = run->site.active
			    ? site_collection(&run->site, cli->formats[i])
			    : cli->formats[i]->collection_name;

	const char *o = cli->output;
	if (!o || strcmp(o, "-") == 0) {
		if (outputs > 1) {
			fprintf(stderr, "gazette: %zu outputs cannot all go to standard output; "
			    "give a folder with -o DIR\n", outputs);
			return false;
		}
		run->dest = DEST_STDOUT;
	} else if (outputs == 1 && !run->site.active && !is_directory(o) && o[strlen(o) - 1] != '/') {
		run->dest = DEST_FILE;
	} else {
		run->dest = DEST_FOLDER;
	}
	if (cli->watch && run->dest == DEST_STDOUT) {
		fprintf(stderr, "gazette: --watch writes files: give -o\n");
		return false;
	}
	find_folders(run);
	run->skip = gz_xcalloc(cli->input_count, sizeof *run->skip);
	run->collection_skip = gz_xcalloc(run->collection_count + 1, sizeof *run->collection_skip);
	guard_sources(run);
	for (size_t f = 0; f < run->collection_count; f++) {
		char *path = output_path(run, run->collections[f], NULL, 0);
		run->collection_skip[f] = !may_write(run, path, run->collections[f]->name);
		free(path);
		/* A site's own feed.xml is written, as jekyll-feed leaves it. */
		const char *name = run->site.active ? site_collection(&run->site, run->collections[f])
		    : NULL;
		const char *own = name && !run->collection_skip[f] ? site_own_file(&run->site, name)
		    : NULL;
		if (own) {
			gz_warn(&cli->log, own, 0, "the site's own %s is written, not gazette's %s "
			    "feed (as jekyll-feed leaves such a file alone); remove it, or give the "
			    "feed another place (feed.path)", name, run->collections[f]->name);
			run->collection_skip[f] = true;
			if (cli->log.strict)
				raise_status(run, EXIT_INPUT);
		}
	}

	/* Every per-input output path, sorted, to find clashes in one pass. */
	char **paths = gz_xcalloc(cli->input_count * run->per_doc_count + 1, sizeof *paths);
	size_t n = 0;
	for (size_t i = 0; i < cli->input_count; i++) {
		for (size_t f = 0; f < run->per_doc_count; f++) {
			char *path = output_path(run, run->per_doc[f], cli->inputs[i], i);
			if (!may_write(run, path, run->per_doc[f]->name))
				run->skip[i] = true;
			paths[n++] = gz_xasprintf("%s\n%zu", path, i);
			free(path);
		}
	}
	qsort(paths, n, sizeof *paths, compare_strings);
	for (size_t k = 1; k < n && run->dest == DEST_FOLDER; k++) {
		size_t a = strcspn(paths[k - 1], "\n"), b = strcspn(paths[k], "\n");
		if (a == b && strncmp(paths[k - 1], paths[k], a) == 0) {
			size_t i = strtoul(paths[k] + b + 1, NULL, 10);
			gz_error(&cli->log, cli->inputs[i], 0, "its output %.*s would overwrite the one "
			    "written for another input; rename one of them", (int)b, paths[k]);
			run->skip[i] = true;
			raise_status(run, EXIT_INPUT);
		}
	}
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
	return true;
}

/* Continues `h` with the contents of the file at `path` (NULL: none). */
static uint64_t
hash_file(uint64_t h, const char *path)
{
	size_t len = 0;
	char *data = path ? gz_read_file_max(path, GZ_CONFIG_MAX, &len) : NULL;
	h = state_hash(h, data ? "=" : "-", 1);
	h = state_hash(h, data, len);
	free(data);
	return h;
}

/* The key of what every output of the run depends on: the program's
 * versions, the options as given (but those that change no output: -j, -q,
 * -v, --incremental, --watch) and the template's contents. */
static uint64_t
options_key(const struct cli *cli)
{
	static const char *const ignored[] = { "-q", "--quiet", "-v", "--verbose", "--incremental",
	    "--watch" };
	char *versions = gz_versions();
	uint64_t h = state_hash(0, versions, strlen(versions) + 1);
	free(versions);
	for (size_t k = 0; k < cli->arg_count; k++) {
		const char *a = cli->args[k];
		bool skip = strncmp(a, "-j", 2) == 0 || strncmp(a, "--jobs", 6) == 0;
		if (skip && (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0))
			k++;    /* and its argument */
		for (size_t i = 0; i < GZ_ARRAY_LEN(ignored) && !skip; i++)
			skip = strcmp(a, ignored[i]) == 0;
		if (!skip)
			h = state_hash(h, a, strlen(a) + 1);
	}
	return hash_file(h, cli->opts.template_path);
}

/* The key of one input: options_key, the input's path, device, inode,
 * size, modification and change times, and its configuration's contents
 * (each configuration read once).  0 for standard input: never up to date. */
static uint64_t
input_key(struct run *run, size_t i)
{
	const char *input = run->cli->inputs[i];
	struct stat st;
	if (strcmp(input, "-") == 0 || stat(input, &st) != 0)
		return 0;
	long long id[] = { (long long)st.st_dev, (long long)st.st_ino, (long long)st.st_size,
	    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
	    st.st_ctim.tv_nsec };
	uint64_t h = state_hash(run->options_key, id, sizeof id);
	h = state_hash(h, input, strlen(input) + 1);
	const char *config = run->cli->config_path ? run->cli->config_path : config_near(run, input);
	const char *key = config ? config : "";
	size_t c = 0;
	while (c < run->config_count && strcmp(run->config_paths[c], key) != 0)
		c++;
	if (c == run->config_count) {
		run->config_paths = gz_xrealloc(run->config_paths, (c + 1) * sizeof *run->config_paths);
		run->config_keys = gz_xrealloc(run->config_keys, (c + 1) * sizeof *run->config_keys);
		run->config_paths[c] = gz_xstrdup(key);
		run->config_keys[c] = hash_file(0, config);
		run->config_count++;
	}
	h = state_hash(h, &run->config_keys[c], sizeof run->config_keys[c]);
	return h ? h : 1;
}

/* The key of an output of format `f` made of inputs [first, first + count). */
static uint64_t
output_key(const struct run *run, const struct gz_format *f, size_t first, size_t count)
{
	uint64_t h = state_hash(0, f->name, strlen(f->name) + 1);
	for (size_t i = first; i < first + count; i++) {
		if (!run->input_keys || run->input_keys[i] == 0)
			return 0;
		h = state_hash(h, &run->input_keys[i], sizeof run->input_keys[i]);
	}
	return h ? h : 1;
}

/* --incremental: the output was written by an earlier run from exactly what
 * it would be made of now, and has not been touched since. */
static bool
up_to_date(const struct run *run, const char *out, uint64_t key)
{
	return run->cli->incremental && strcmp(out, "-") != 0 && state_fresh(&run->state, out, key);
}

/* Where --incremental keeps its state: the output folder, or the folder
 * of the one output file. */
static void
load_state(struct run *run)
{
	const char *o = run->cli->output;
	if (run->dest == DEST_FOLDER) {
		state_load(&run->state, o);
	} else {
		const char *slash = strrchr(o, '/');
		char *dir = slash ? gz_xstrndup(o, (size_t)(slash - o) + 1) : gz_xstrdup("");
		state_load(&run->state, dir);
		free(dir);
	}
}

/* The site configuration for an input, loaded once per configuration file;
 * NULL when it cannot be read (reported the first time only).  The run owns it. */
static const struct gz_value *
site_for(struct run *run, const char *input, struct gz_log *log)
{
	struct cli *cli = run->cli;
	const char *found = cli->config_path ? NULL : config_near(run, input);
	const char *path = cli->config_path ? cli->config_path : found ? found : "";
	for (size_t i = 0; i < run->site_count; i++) {
		if (strcmp(run->site_paths[i], path) == 0)
			return run->sites[i];
	}
	struct gz_value *site = cli->config_path ? gz_site_load(cli->config_path, input, &cli->opts, log)
	    : gz_site_load_found(found, &cli->opts, log);
	run->site_paths = gz_xrealloc(run->site_paths, (run->site_count + 1) * sizeof *run->site_paths);
	run->sites = gz_xrealloc(run->sites, (run->site_count + 1) * sizeof *run->sites);
	run->site_paths[run->site_count] = gz_xstrdup(path);
	run->sites[run->site_count++] = site;
	return site;
}

static void
free_sites(struct run *run)
{
	for (size_t i = 0; i < run->site_count; i++) {
		free(run->site_paths[i]);
		gz_value_free(run->sites[i]);
	}
	free(run->site_paths);
	free(run->sites);
	run->site_paths = NULL;
	run->sites = NULL;
	run->site_count = 0;
	/* Searched again too: a configuration may have come or gone. */
	free(run->searched_folder);
	free(run->searched_config);
	run->searched_folder = run->searched_config = NULL;
}

static bool
sink_write(void *ctx, const char *data, size_t len)
{
	return gz_output_write(ctx, data, len);
}

/* Renders one output and writes it; returns an exit status.  With `load`
 * (an input, its site in `site`), the format loads it as it writes it
 * (gz_format.load_and_render), and *loaded is the document, or NULL when it
 * did not load. */
static int
write_output(struct run *run, const struct gz_format *f, struct gz_doc *const *docs,
    size_t count, const char *path, const char *load, const struct gz_value *site,
    struct gz_doc **loaded)
{
	struct gz_log *log = &run->cli->log;
	const char *base = strrchr(path, '/');
	const char *name = strcmp(path, "-") == 0 ? NULL : base ? base + 1 : path;
	if (run->dest == DEST_FOLDER) {
		size_t dir_len = strlen(run->cli->output);
		name = path + dir_len + (run->cli->output[dir_len - 1] != '/');
	}
	struct gz_render r = {
		.opts = &run->cli->opts,
		.log = log,
		.docs = docs,
		.count = count,
		.output_name = name,
		.run_formats = run->cli->formats,
		.run_format_paths = run->format_paths,
		.run_format_count = run->cli->format_count,
	};
	unsigned errors = log->errors;
	if (run->dest == DEST_FOLDER && base) {
		char *dir = gz_xstrndup(path, (size_t)(base - path));
		bool made = make_folder(dir, log);
		free(dir);
		if (!made)
			return EXIT_OUTPUT;
	}
	/* The output is opened first so that a renderer can stream into it (see
	 * gz_buf_flush); it replaces the old file only if the rendering succeeds. */
	struct gz_output *o = gz_output_open(path, log);
	if (!o)
		return EXIT_OUTPUT;
	struct gz_sink sink = { .write = sink_write, .ctx = o };
	struct gz_buf out = { .sink = &sink };
	bool rendered;      /* complete, and without an error */
	if (load) {
		*loaded = f->load_and_render(&r, load, site, &out, &rendered);
		rendered = rendered && *loaded && log->errors == errors;
	} else {
		rendered = gz_format_render(f, &r, &out) && log->errors == errors;
	}
	if (rendered)
		gz_buf_drain(&out);
	gz_buf_free(&out);
	if (!gz_output_close(o, rendered, log))
		return rendered ? EXIT_OUTPUT : EXIT_INPUT;
	gz_note(log, path, 0, "written");
	return EXIT_CONVERTED;
}

static int
render_and_write(struct run *run, const struct gz_format *f, struct gz_doc *const *docs,
    size_t count, const char *path)
{
	return write_output(run, f, docs, count, path, NULL, NULL, NULL);
}

/* Whether the run's pages can be written as they are parsed: their one
 * output's format can (for these options), and no warning may yet fail a
 * page after some of it is written (--strict). */
static bool
streams(const struct run *run)
{
	const struct gz_format *f = run->per_doc_count == 1 ? run->per_doc[0] : NULL;
	return f && f->load_and_render && f->streams(&run->cli->opts) && !run->cli->log.strict;
}

/* Converts input i to every per-input format; returns an exit status.  Runs
 * in a worker process when there are several. */
static int
convert_input(size_t i, void *ctx)
{
	struct run *run = ctx;
	struct cli *cli = run->cli;
	const char *input = cli->inputs[i];
	int status = EXIT_CONVERTED;
	if (run->skip[i])
		return EXIT_INPUT;

	char **paths = gz_xcalloc(run->per_doc_count + 1, sizeof *paths);
	bool all_fresh = true;
	for (size_t f = 0; f < run->per_doc_count; f++) {
		paths[f] = output_path(run, run->per_doc[f], input, i);
		all_fresh = all_fresh && up_to_date(run, paths[f], output_key(run, run->per_doc[f], i, 1));
	}
	if (all_fresh && run->per_doc_count > 0) {
		status = -1;    /* nothing to do: reported as unchanged */
		goto out;
	}

	unsigned errors = cli->log.errors;
	const struct gz_value *site = site_for(run, input, &cli->log);
	struct gz_doc *doc = NULL;
	if (site && streams(run)) {
		/* The output opened first, and written as the page is parsed. */
		status = write_output(run, run->per_doc[0], NULL, 0, paths[0], input, site, &doc);
		goto done;
	}
	doc = site ? gz_doc_load(input, site, &cli->opts, &cli->log) : NULL;
	if (!doc || !site || cli->log.errors != errors) {
		status = EXIT_INPUT;
	} else {
		for (size_t f = 0; f < run->per_doc_count; f++) {
			if (up_to_date(run, paths[f], output_key(run, run->per_doc[f], i, 1)))
				continue;
			int s = render_and_write(run, run->per_doc[f], &doc, 1, paths[f]);
			if (s > status)
				status = s;
		}
	}
done:
	gz_doc_free(doc);
out:
	for (size_t f = 0; f < run->per_doc_count; f++)
		free(paths[f]);
	free(paths);
	return status;
}

static void
input_done(size_t i, int status, void *ctx)
{
	struct run *run = ctx;
	for (size_t f = 0; run->cli->incremental && run->dest != DEST_STDOUT && f < run->per_doc_count; f++) {
		char *path = output_path(run, run->per_doc[f], run->cli->inputs[i], i);
		state_record(&run->state, path, status <= 0 ? output_key(run, run->per_doc[f], i, 1) : 0);
		free(path);
	}
	if (status < 0) {
		run->unchanged++;
		status = EXIT_CONVERTED;
	} else if (status == EXIT_CONVERTED) {
		run->converted++;
	} else {
		run->failed++;
		raise_status(run, status);
	}
	progress_update(&run->progress, run->cli->inputs[i], run->format_names);
}

static void
discard(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)line, (void)message;
}

/* A site's feeds of a category or section, each of the documents it takes. */
static void
convert_site_feeds(struct run *run, const struct gz_format *f, struct gz_doc **docs, size_t count)
{
	struct gz_doc **some = gz_xcalloc(count, sizeof *some);
	const char *dir = run->cli->output;
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	for (size_t k = 0; k < run->site.feed_count; k++) {
		size_t n = 0;
		for (size_t i = 0; i < count; i++)
			if (site_feed_wants(&run->site, k, docs[i]))
				some[n++] = docs[i];
		if (n == 0) {
			gz_note(&run->cli->log, run->site.feeds[k].path, 0, "no page in this feed's "
			    "category: it is not written");
			continue;
		}
		char *path = gz_xasprintf("%s%s%s", dir, sep, run->site.feeds[k].path);
		raise_status(run, render_and_write(run, f, some, n, path));
		free(path);
	}
	free(some);
}

/* Feeds and other outputs made of every input that parses. */
static void
convert_collections(struct run *run)
{
	struct cli *cli = run->cli;
	if (run->collection_count == 0)
		return;
	struct gz_doc **docs = gz_xcalloc(cli->input_count, sizeof *docs);
	size_t count = 0;

	bool fresh = true;
	char **paths = gz_xcalloc(run->collection_count, sizeof *paths);
	for (size_t f = 0; f < run->collection_count; f++) {
		paths[f] = output_path(run, run->collections[f], NULL, 0);
		fresh = fresh && up_to_date(run, paths[f],
		    output_key(run, run->collections[f], 0, cli->input_count));
	}
	for (size_t i = 0; i < cli->input_count && !fresh; i++) {
		if (run->skip[i])
			continue;
		/* Per-input formats reported this input's problems already. */
		struct gz_log quiet = cli->log;
		struct gz_log *log = run->per_doc_count ? &quiet : &cli->log;
		quiet.emit = discard;
		unsigned errors = log->errors;
		const struct gz_value *site = site_for(run, cli->inputs[i], log);
		struct gz_doc *doc = site ? gz_doc_load(cli->inputs[i], site, &cli->opts, log) : NULL;
		if (!doc || !site || log->errors != errors) {
			gz_doc_free(doc);
			if (!run->per_doc_count) {
				run->failed++;
				raise_status(run, EXIT_INPUT);
			}
			continue;
		}
		docs[count++] = doc;
	}
	if (!run->per_doc_count && !fresh)
		run->converted += count;
	/* A site's feeds list what its generator's do (site_feed_lists). */
	struct gz_doc **posts = docs;
	size_t post_count = count;
	if (run->site.active) {
		posts = gz_xcalloc(count + 1, sizeof *posts);
		post_count = 0;
		for (size_t i = 0; i < count; i++)
			if (site_feed_lists(&run->site, docs[i]))
				posts[post_count++] = docs[i];
	}
	for (size_t f = 0; f < run->collection_count && count > 0; f++) {
		uint64_t key = output_key(run, run->collections[f], 0, cli->input_count);
		if (run->collection_skip[f] || up_to_date(run, paths[f], key))
			continue;
		bool feed = run->collections[f]->media_type != NULL;
		struct gz_doc **use = feed ? posts : docs;
		size_t n = feed ? post_count : count;
		if (n == 0) {
			gz_note(&cli->log, paths[f], 0, "no post in the site: the feed is not written");
			continue;
		}
		int status = render_and_write(run, run->collections[f], use, n, paths[f]);
		raise_status(run, status);
		/* A feed of only the inputs that parsed is not up to date. */
		if (cli->incremental && run->dest != DEST_STDOUT)
			state_record(&run->state, paths[f], status == EXIT_CONVERTED && count == cli->input_count
			    ? key : 0);
		if (run->site.active && site_feed_format(&run->site, run->collections[f]))
			convert_site_feeds(run, run->collections[f], use, n);
	}
	if (posts != docs)
		free(posts);
	for (size_t i = 0; i < count; i++)
		gz_doc_free(docs[i]);
	for (size_t f = 0; f < run->collection_count; f++)
		free(paths[f]);
	free(paths);
	free(docs);
}

/* Converts every input (or those with `only[i]` set), then the collections. */
static void
convert_all(struct run *run, const bool *only)
{
	struct cli *cli = run->cli;
	size_t count = cli->input_count;
	run->converted = run->failed = run->unchanged = 0;
	if (cli->incremental && run->dest != DEST_STDOUT) {
		state_free(&run->state);
		load_state(run);
		/* Under --watch, the template and configurations may have changed. */
		run->options_key = options_key(cli);
		for (size_t i = 0; i < run->config_count; i++)
			free(run->config_paths[i]);
		run->config_count = 0;
		free(run->input_keys);
		run->input_keys = gz_xcalloc(count, sizeof *run->input_keys);
		for (size_t i = 0; i < count; i++)
			run->input_keys[i] = input_key(run, i);
	}
	progress_start(&run->progress, count, isatty(STDERR_FILENO) && cli->log.verbosity >= 0);
	double start = run->progress.start;

	if (run->per_doc_count > 0) {
		if (!only) {
			batch_run(count, cli->jobs, convert_input, input_done, run);
		} else {
			for (size_t i = 0; i < count; i++)
				if (only[i])
					input_done(i, convert_input(i, run), run);
		}
	}
	convert_collections(run);
	progress_clear(&run->progress);
	if (cli->incremental && run->dest != DEST_STDOUT && !state_save(&run->state, &cli->log))
		raise_status(run, EXIT_OUTPUT);

	double secs = progress_now() - start;
	bool on_terminal = isatty(STDERR_FILENO) && cli->log.verbosity >= 0;
	if (run->failed > 0 && cli->input_count > 1) {
		fprintf(stderr, "gazette: %zu of %zu inputs failed; %zu converted in %.1f s\n",
		    run->failed, cli->input_count, run->converted, secs);
	} else if (on_terminal && (cli->input_count > 1 || secs >= 1.0 || cli->watch)) {
		fprintf(stderr, "gazette: %zu converted", run->converted);
		if (run->unchanged)
			fprintf(stderr, ", %zu unchanged", run->unchanged);
		fprintf(stderr, " in %.1f s\n", secs);
	}
}

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Watches the inputs' folders (and the configuration and template) and
 * converts again what changes, until SIGINT or SIGTERM. */
static void
watch(struct run *run)
{
	struct cli *cli = run->cli;
	int fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "gazette: cannot watch: %s\n", strerror(errno));
		raise_status(run, EXIT_INPUT);
		return;
	}
	uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE;
	size_t n = cli->input_count;
	int *wd = gz_xcalloc(n, sizeof *wd);
	for (size_t i = 0; i < n; i++) {
		char *dir = input_folder(cli->inputs[i]);
		wd[i] = dir ? inotify_add_watch(fd, dir, mask) : -1;
		free(dir);
	}
	char *config = cli->config_path ? gz_xstrdup(cli->config_path) : gz_site_find_config(cli->inputs[0]);
	const char *extras[] = { config, cli->opts.template_path };
	int extra_wd[2] = { -1, -1 };
	for (size_t k = 0; k < 2; k++) {
		if (!extras[k])
			continue;
		char *dir = input_folder(extras[k]);
		extra_wd[k] = dir ? inotify_add_watch(fd, dir, mask) : -1;
		free(dir);
	}

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	fprintf(stderr, "gazette: watching %zu input%s; interrupt to stop\n", n, n == 1 ? "" : "s");

	bool *changed = gz_xcalloc(n, sizeof *changed);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	while (!interrupted) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		/* Wait for a change, then let a burst of writes settle for 100 ms. */
		bool any = false, everything = false;
		int timeout = -1;
		while (!interrupted && poll(&p, 1, timeout) > 0) {
			ssize_t len = read(fd, buf, sizeof buf);
			for (char *q = buf; len > 0 && q < buf + len;) {
				const struct inotify_event *e = (const struct inotify_event *)q;
				q += sizeof *e + e->len;
				if (!e->len)
					continue;
				for (size_t k = 0; k < 2; k++) {
					const char *base = extras[k] ? strrchr(extras[k], '/') : NULL;
					base = base ? base + 1 : extras[k];
					if (e->wd == extra_wd[k] && base && strcmp(base, e->name) == 0)
						everything = any = true;
				}
				/* A _config.yml created (or replaced) beside an input
				 * changes every page's site, also one that had none. */
				for (size_t i = 0; i < n && !cli->config_path; i++)
					if (e->wd == wd[i] && strcmp(e->name, "_config.yml") == 0)
						everything = any = true;
				for (size_t i = 0; i < n; i++) {
					const char *base = strrchr(cli->inputs[i], '/');
					base = base ? base + 1 : cli->inputs[i];
					if (e->wd == wd[i] && strcmp(base, e->name) == 0)
						changed[i] = any = true;
				}
			}
			if (any)
				timeout = 100;
		}
		if (interrupted || !any)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (changed[i] || everything)
			{
				struct gz_buf shown = {0};
				gz_escape_controls(&shown, cli->inputs[i]);
				fprintf(stderr, "gazette: rebuilding %s -> %s\n", shown.data,
				    run->format_names);
				gz_buf_free(&shown);
			}
		}
		run->status = EXIT_CONVERTED;
		if (everything)
			free_sites(run);        /* the configurations are read again */
		convert_all(run, everything ? NULL : changed);
		memset(changed, 0, n * sizeof *changed);
	}
	fprintf(stderr, "gazette: stopped watching\n");
	free(changed);
	free(wd);
	free(config);
	close(fd);
}

int
main(int argc, char **argv)
{
	prepare_heap();

	struct cli cli = {0};
	int code = cli_parse(&cli, argc, argv);
	if (code >= 0) {
		cli_free(&cli);
		return code;
	}
	struct run run = { .cli = &cli, .status = EXIT_CONVERTED };
	catch_fatal_signals();
	if (!site_open(&run.site, &cli)) {
		code = EXIT_USAGE;
	} else if (!plan(&run)) {
		code = EXIT_USAGE;
	} else if (!memory_enough(&cli)) {
		code = EXIT_INPUT;
	} else if (run.dest == DEST_FOLDER && !make_folder(cli.output, &cli.log)) {
		code = EXIT_OUTPUT;
	} else {
		convert_all(&run, NULL);
		if (run.site.active)
			raise_status(&run, site_copy(&run.site, cli.output, &cli.opts, &cli.log));
		if (cli.watch)
			watch(&run);
		code = run.status;
	}
	free(run.per_doc);
	free(run.collections);
	free(run.format_names);
	free(run.format_paths);
	site_close(&run.site);
	free(run.common_dir);
	for (size_t i = 0; run.input_dirs && i < cli.input_count; i++)
		free(run.input_dirs[i]);
	free(run.input_dirs);
	free(run.skip);
	free(run.collection_skip);
	state_free(&run.state);
	free(run.input_keys);
	for (size_t i = 0; i < run.config_count; i++)
		free(run.config_paths[i]);
	free(run.config_paths);
	free(run.config_keys);
	guard_free(&run.guard);
	free_sites(&run);
	cli_free(&cli);
	gz_shutdown();
	return code;
}
