/* main.c: the gazette program: plan the outputs, convert every input, write. */
#include "batch.h"
#include "options.h"
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the outputs go: standard output, one file, or a folder. */
enum destination { DEST_STDOUT, DEST_FILE, DEST_FOLDER };

struct run {
	struct cli *cli;
	enum destination dest;
	char *common_dir;               /* the inputs' common folder: outputs mirror the tree below it */
	const struct gz_format **per_doc;       /* one output per input */
	size_t per_doc_count;
	const struct gz_format **collections;   /* one output for all inputs */
	size_t collection_count;
	char *format_names;             /* "html, pdf", for the progress line */
	bool *skip;                     /* inputs refused while planning */
	bool combine;                   /* the PDF is one output for every input */
	struct progress progress;
	size_t converted, failed, unchanged;
	int status;
	/* Site configurations by path ("" for none), each loaded once. */
	char **site_paths;
	struct gz_value **sites;        /* NULL: that configuration failed to load */
	size_t site_count;
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

/* The longest folder that holds every input, so outputs mirror the tree. */
static char *
common_folder(const struct cli *cli)
{
	char *common = NULL;
	for (size_t i = 0; i < cli->input_count; i++) {
		char *dir = input_folder(cli->inputs[i]);
		if (!dir)
			continue;
		if (!common) {
			common = dir;
			continue;
		}
		size_t n = 0, last_sep = 0;
		while (common[n] && common[n] == dir[n]) {
			if (common[n] == '/')
				last_sep = n;
			n++;
		}
		if (!((common[n] == '\0' && (dir[n] == '/' || dir[n] == '\0'))))
			common[last_sep ? last_sep : 1] = '\0';
		free(dir);
	}
	return common ? common : gz_xstrdup(".");
}

/* The input's path below the common folder, without its extension. */
static char *
mirrored_stem(const struct run *run, const char *input)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t stem_len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (strcmp(input, "-") == 0)
		return gz_xstrdup("stdin");
	char *dir = input_folder(input);
	size_t common_len = strlen(run->common_dir);
	char *stem;
	if (dir && strncmp(dir, run->common_dir, common_len) == 0 && dir[common_len] == '/')
		stem = gz_xasprintf("%s/%.*s", dir + common_len + 1, (int)stem_len, base);
	else
		stem = gz_xstrndup(base, stem_len);
	free(dir);
	return stem;
}

static char *
output_path(const struct run *run, const struct gz_format *f, const char *input)
{
	if (run->dest == DEST_STDOUT)
		return gz_xstrdup("-");
	if (run->dest == DEST_FILE)
		return gz_xstrdup(run->cli->output);
	const char *dir = run->cli->output;
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	if (f->collection_name)
		return gz_xasprintf("%s%s%s", dir, sep, f->collection_name);
	if (run->combine)
		return gz_xasprintf("%s%scombined.%s", dir, sep, f->extension);
	char *stem = mirrored_stem(run, input);
	char *path = gz_xasprintf("%s%s%s.%s", dir, sep, stem, f->extension);
	free(stem);
	return path;
}

/*
 * The inputs as a set of files (device and inode, from one stat each), so that
 * each output is checked against all of them with one stat: outputs never
 * overwrite inputs.
 */
struct inputs_set {
	struct inputs_file { dev_t dev; ino_t ino; bool used; } *slots;
	size_t mask;                    /* slot count - 1; a power of two */
};

static size_t
inputs_slot(const struct inputs_set *set, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)ino ^ ((uint64_t)dev << 32)) * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & set->mask;
	while (set->slots[i].used && (set->slots[i].dev != dev || set->slots[i].ino != ino))
		i = (i + 1) & set->mask;
	return i;
}

/* Fills `set` with every input that exists; free it with inputs_free(). */
static void
inputs_index(struct inputs_set *set, const struct cli *cli)
{
	size_t cap = 16;
	while (cap < 2 * cli->input_count)
		cap *= 2;
	set->slots = gz_xcalloc(cap, sizeof *set->slots);
	set->mask = cap - 1;
	for (size_t i = 0; i < cli->input_count; i++) {
		struct stat st;
		if (stat(cli->inputs[i], &st) != 0)
			continue;
		struct inputs_file *f = &set->slots[inputs_slot(set, st.st_dev, st.st_ino)];
		*f = (struct inputs_file){ st.st_dev, st.st_ino, true };
	}
}

/* Is `path` one of the inputs (the same file, whatever the name)? */
static bool
inputs_contains(const struct inputs_set *set, const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && set->slots[inputs_slot(set, st.st_dev, st.st_ino)].used;
}

static void
inputs_free(struct inputs_set *set)
{
	free(set->slots);
	set->slots = NULL;
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

	const char *o = cli->output;
	if (!o || strcmp(o, "-") == 0) {
		if (outputs > 1) {
			fprintf(stderr, "gazette: %zu outputs cannot all go to standard output; "
			    "give a folder with -o DIR\n", outputs);
			return false;
		}
		run->dest = DEST_STDOUT;
	} else if (outputs == 1 && !is_directory(o) && o[strlen(o) - 1] != '/') {
		run->dest = DEST_FILE;
	} else {
		run->dest = DEST_FOLDER;
	}
	if (cli->watch && run->dest == DEST_STDOUT) {
		fprintf(stderr, "gazette: --watch writes files: give -o\n");
		return false;
	}
	run->common_dir = common_folder(cli);
	run->skip = gz_xcalloc(cli->input_count, sizeof *run->skip);

	/* Every per-input output path, sorted, to find clashes in one pass. */
	char **paths = gz_xcalloc(cli->input_count * run->per_doc_count + 1, sizeof *paths);
	size_t n = 0;
	struct inputs_set inputs = {0};
	if (run->dest != DEST_STDOUT)
		inputs_index(&inputs, cli);
	for (size_t i = 0; i < cli->input_count; i++) {
		for (size_t f = 0; f < run->per_doc_count; f++) {
			char *path = output_path(run, run->per_doc[f], cli->inputs[i]);
			if (run->dest != DEST_STDOUT && inputs_contains(&inputs, path)) {
				gz_error(&cli->log, path, 0, "refusing to overwrite an input with the %s "
				    "output", run->per_doc[f]->name);
				run->skip[i] = true;
				raise_status(run, EXIT_OUTPUT);
			}
			paths[n++] = gz_xasprintf("%s\n%zu", path, i);
			free(path);
		}
	}
	inputs_free(&inputs);
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

static bool
newer_than(const struct stat *out, const char *path)
{
	struct stat st;
	if (!path || stat(path, &st) != 0)
		return true;
	return out->st_mtim.tv_sec > st.st_mtim.tv_sec
	    || (out->st_mtim.tv_sec == st.st_mtim.tv_sec && out->st_mtim.tv_nsec > st.st_mtim.tv_nsec);
}

/* --incremental: the output exists and is newer than everything it is made of. */
static bool
up_to_date(const struct run *run, const char *out, const char *const *inputs, size_t count)
{
	struct stat st;
	if (!run->cli->incremental || strcmp(out, "-") == 0 || stat(out, &st) != 0)
		return false;
	if (!newer_than(&st, run->cli->opts.template_path))
		return false;
	for (size_t i = 0; i < count; i++) {
		char *config = run->cli->config_path ? gz_xstrdup(run->cli->config_path)
						     : gz_site_find_config(inputs[i]);
		bool fresh = newer_than(&st, inputs[i]) && newer_than(&st, config);
		free(config);
		if (!fresh)
			return false;
	}
	return true;
}

/* The site configuration for an input, loaded once per configuration file;
 * NULL when it cannot be read (reported the first time only).  The run owns it. */
static const struct gz_value *
site_for(struct run *run, const char *input, struct gz_log *log)
{
	struct cli *cli = run->cli;
	char *found = cli->config_path ? NULL : gz_site_find_config(input);
	const char *path = cli->config_path ? cli->config_path : found ? found : "";
	for (size_t i = 0; i < run->site_count; i++) {
		if (strcmp(run->site_paths[i], path) == 0) {
			free(found);
			return run->sites[i];
		}
	}
	struct gz_value *site = gz_site_load(*path ? path : NULL, input, &cli->opts, log);
	run->site_paths = gz_xrealloc(run->site_paths, (run->site_count + 1) * sizeof *run->site_paths);
	run->sites = gz_xrealloc(run->sites, (run->site_count + 1) * sizeof *run->sites);
	run->site_paths[run->site_count] = gz_xstrdup(path);
	run->sites[run->site_count++] = site;
	free(found);
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
}

static bool
sink_write(void *ctx, const char *data, size_t len)
{
	return gz_output_write(ctx, data, len);
}

/* Renders one output and writes it; returns an exit status. */
static int
render_and_write(struct run *run, const struct gz_format *f, struct gz_doc *const *docs,
    size_t count, const char *path)
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
	bool rendered = gz_format_render(f, &r, &out) && log->errors == errors;
	if (rendered)
		gz_buf_drain(&out);
	gz_buf_free(&out);
	if (!gz_output_close(o, rendered, log))
		return rendered ? EXIT_OUTPUT : EXIT_INPUT;
	gz_note(log, path, 0, "written");
	return EXIT_CONVERTED;
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
		paths[f] = output_path(run, run->per_doc[f], input);
		all_fresh = all_fresh && up_to_date(run, paths[f], &input, 1);
	}
	if (all_fresh && run->per_doc_count > 0) {
		status = -1;    /* nothing to do: reported as unchanged */
		goto out;
	}

	unsigned errors = cli->log.errors;
	const struct gz_value *site = site_for(run, input, &cli->log);
	struct gz_doc *doc = site ? gz_doc_load(input, site, &cli->opts, &cli->log) : NULL;
	if (!doc || !site || cli->log.errors != errors) {
		status = EXIT_INPUT;
	} else {
		for (size_t f = 0; f < run->per_doc_count; f++) {
			if (up_to_date(run, paths[f], &input, 1))
				continue;
			int s = render_and_write(run, run->per_doc[f], &doc, 1, paths[f]);
			if (s > status)
				status = s;
		}
	}
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
		paths[f] = output_path(run, run->collections[f], NULL);
		fresh = fresh && up_to_date(run, paths[f], cli->inputs, cli->input_count);
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
	for (size_t f = 0; f < run->collection_count && count > 0; f++) {
		if (up_to_date(run, paths[f], cli->inputs, cli->input_count))
			continue;
		raise_status(run, render_and_write(run, run->collections[f], docs, count, paths[f]));
	}
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

/* SIGINT, SIGTERM, SIGHUP while converting: remove the half-written temporary
 * output, then die of the signal as if there were no handler, so that the
 * caller sees how the run ended.  Async-signal-safe throughout. */
static void
on_fatal_signal(int sig)
{
	gz_output_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_fatal_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_fatal_signal };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < GZ_ARRAY_LEN(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < GZ_ARRAY_LEN(sigs); i++) {
		struct sigaction old;
		/* A signal ignored by whoever started us (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

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
				fprintf(stderr, "gazette: rebuilding %s -> %s\n", cli->inputs[i],
				    run->format_names);
		}
		run->status = EXIT_CONVERTED;
		convert_all(run, everything ? NULL : changed);
		memset(changed, 0, n * sizeof *changed);
	}
	fprintf(stderr, "gazette: stopped watching\n");
	free(changed);
	free(wd);
	free(config);
	close(fd);
}

/*
 * Sets up the heap for a conversion's many small allocations.
 *
 * A page fault costs several microseconds (tens in some virtual machines),
 * and a conversion's heap is touched for the first time one 4 kB page at a
 * time: a third of a 10,000-entry feed's time went to faults.  So the heap
 * is grown once, up front, by RESERVE bytes marked for transparent huge
 * pages, and given back only when more than that lies free at its top: the
 * allocations that follow take their memory from 2 MB pages, one fault each.
 * Growing costs nothing until the memory is touched, and peak memory stays
 * what the conversion uses (to the next 2 MB).  Where the kernel gives no
 * huge pages (transparent_hugepage=never), the advice is ignored.
 */
static void
prepare_heap(void)
{
	enum { RESERVE = 96 << 20, TRIM = 64 << 20, HUGE_PAGE = 2 << 20 };
	/* Large buffers (inputs, outputs, md4c's) go straight to mmap and back
	 * to the system when freed.  glibc otherwise raises this threshold after
	 * the first large free, and the next input's buffers stay resident in
	 * the heap: 8.1 times a 10 MB input at peak instead of 7.5. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/* And the heap is not handed back to the system each time its top is
	 * freed, only to be faulted in again by the next allocations. */
	mallopt(M_TRIM_THRESHOLD, TRIM);
#ifndef __SANITIZE_ADDRESS__    /* AddressSanitizer's allocator is its own */
	/* Under a memory limit (a service converting uploads), the reservation
	 * would count against it: left out unless the limit is far above. */
	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	for (size_t i = 0; i < GZ_ARRAY_LEN(limits); i++) {
		struct rlimit rl;
		if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
		    && rl.rlim_cur < (rlim_t)RESERVE * 16)
			return;
	}
	/* From the heap, not mmap; and not filled on allocation and freeing,
	 * which MALLOC_PERTURB_ (set by meson for tests) would do. */
	const char *perturb = getenv("MALLOC_PERTURB_");
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_PERTURB, 0);
	mallopt(M_TRIM_THRESHOLD, RESERVE + TRIM);
	char *p = malloc(RESERVE);
	if (p) {
		uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		uintptr_t end = ((uintptr_t)p + RESERVE) & ~(uintptr_t)(HUGE_PAGE - 1);
		if (end > start)
			madvise((void *)start, end - start, MADV_HUGEPAGE);
		free(p);        /* kept at the heap's top: the trim threshold is above */
	} else {
		mallopt(M_TRIM_THRESHOLD, TRIM);
	}
	mallopt(M_MMAP_MAX, 65536);     /* glibc's default */
	if (perturb)
		mallopt(M_PERTURB, atoi(perturb));
#endif
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
	if (!plan(&run)) {
		code = EXIT_USAGE;
	} else if (run.dest == DEST_FOLDER && !make_folder(cli.output, &cli.log)) {
		code = EXIT_OUTPUT;
	} else {
		convert_all(&run, NULL);
		if (cli.watch)
			watch(&run);
		code = run.status;
	}
	free(run.per_doc);
	free(run.collections);
	free(run.format_names);
	free(run.common_dir);
	free(run.skip);
	free_sites(&run);
	cli_free(&cli);
	gz_shutdown();
	return code;
}
