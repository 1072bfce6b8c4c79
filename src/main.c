/* main.c: the gazette program: load every input, render every format, write. */
#include "cli.h"
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where the outputs go: standard output, one file, or a folder. */
enum destination { DEST_STDOUT, DEST_FILE, DEST_FOLDER };

struct run {
	struct cli *cli;
	enum destination dest;
	struct gz_doc **docs;           /* the inputs that parsed */
	struct gz_value **sites;        /* their site configurations */
	size_t doc_count;
	char **written;                 /* output paths so far, to refuse a clash */
	size_t written_count;
	int status;
};

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
		if (*s == '/' || *s == '\0') {
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
	}
	if (ok && !is_directory(path)) {
		gz_error(log, path, 0, "the output path exists and is not a folder");
		ok = false;
	}
	free(p);
	return ok;
}

static size_t
output_count(const struct cli *cli)
{
	size_t n = 0;
	for (size_t i = 0; i < cli->format_count; i++)
		n += cli->formats[i]->collection_name ? 1 : cli->input_count;
	return n;
}

static bool
choose_destination(struct run *run)
{
	struct cli *cli = run->cli;
	const char *o = cli->output;
	size_t n = output_count(cli);
	size_t len = o ? strlen(o) : 0;

	if (!o || strcmp(o, "-") == 0) {
		if (n > 1) {
			fprintf(stderr, "gazette: %zu outputs cannot all go to standard output; "
			    "give a folder with -o DIR\n", n);
			return false;
		}
		run->dest = DEST_STDOUT;
	} else if (n == 1 && !is_directory(o) && o[len - 1] != '/') {
		run->dest = DEST_FILE;
	} else {
		run->dest = DEST_FOLDER;
	}
	return true;
}

/* The same file as an input?  Outputs never overwrite inputs. */
static bool
is_an_input(const struct cli *cli, const char *path)
{
	char *out = realpath(path, NULL);
	bool same = false;
	for (size_t i = 0; out && i < cli->input_count && !same; i++) {
		char *in = realpath(cli->inputs[i], NULL);
		same = in && strcmp(in, out) == 0;
		free(in);
	}
	free(out);
	return same;
}

static char *
output_path(const struct run *run, const struct gz_format *f, const struct gz_doc *doc)
{
	if (run->dest == DEST_STDOUT)
		return gz_xstrdup("-");
	if (run->dest == DEST_FILE)
		return gz_xstrdup(run->cli->output);
	const char *dir = run->cli->output;
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	if (f->collection_name)
		return gz_xasprintf("%s%s%s", dir, sep, f->collection_name);
	return gz_xasprintf("%s%s%s.%s", dir, sep, doc->stem, f->extension);
}

static void
emit(struct run *run, const struct gz_format *f, struct gz_doc *const *docs, size_t count)
{
	struct cli *cli = run->cli;
	struct gz_log *log = &cli->log;
	char *path = output_path(run, f, docs[0]);
	const char *base = strrchr(path, '/');
	bool has_rss = false, has_atom = false;

	for (size_t i = 0; i < cli->format_count; i++) {
		has_rss = has_rss || strcmp(cli->formats[i]->name, "rss") == 0;
		has_atom = has_atom || strcmp(cli->formats[i]->name, "atom") == 0;
	}
	for (size_t i = 0; i < run->written_count; i++) {
		if (strcmp(run->written[i], path) == 0 && strcmp(path, "-") != 0) {
			gz_error(log, docs[0]->name, 0, "its %s output would overwrite %s, written "
			    "for another input; rename one of them", f->name, path);
			run->status = EXIT_INPUT;
			free(path);
			return;
		}
	}
	if (strcmp(path, "-") != 0 && is_an_input(cli, path)) {
		gz_error(log, path, 0, "refusing to overwrite an input with the %s output", f->name);
		run->status = EXIT_OUTPUT;
		free(path);
		return;
	}

	struct gz_render r = {
		.opts = &cli->opts,
		.log = log,
		.docs = docs,
		.count = count,
		.output_name = strcmp(path, "-") == 0 ? NULL : base ? base + 1 : path,
		.run_has_rss = has_rss,
		.run_has_atom = has_atom,
	};
	struct gz_buf out = {0};
	unsigned errors = log->errors;
	bool ok = f->render(&r, &out) && log->errors == errors;
	if (!ok) {
		if (run->status == EXIT_CONVERTED)
			run->status = EXIT_INPUT;
	} else if (!gz_write_file(path, out.data ? out.data : "", out.len, log)) {
		run->status = EXIT_OUTPUT;
	} else {
		gz_note(log, path, 0, "written");
		run->written = gz_xrealloc(run->written, (run->written_count + 1) * sizeof *run->written);
		run->written[run->written_count++] = path;
		path = NULL;
	}
	gz_buf_free(&out);
	free(path);
}

int
main(int argc, char **argv)
{
	struct cli cli = {0};
	int code = cli_parse(&cli, argc, argv);
	if (code >= 0) {
		cli_free(&cli);
		return code;
	}
	struct run run = { .cli = &cli, .status = EXIT_CONVERTED };
	if (!choose_destination(&run)) {
		cli_free(&cli);
		return EXIT_USAGE;
	}

	run.docs = gz_xcalloc(cli.input_count, sizeof *run.docs);
	run.sites = gz_xcalloc(cli.input_count, sizeof *run.sites);
	for (size_t i = 0; i < cli.input_count; i++) {
		unsigned errors = cli.log.errors;
		struct gz_value *site = gz_site_load(cli.config_path, cli.inputs[i], &cli.opts, &cli.log);
		struct gz_doc *doc = site ? gz_doc_load(cli.inputs[i], site, &cli.opts, &cli.log) : NULL;
		if (!doc || cli.log.errors != errors) {
			gz_doc_free(doc);
			gz_value_free(site);
			run.status = EXIT_INPUT;
			continue;
		}
		run.sites[run.doc_count] = site;
		run.docs[run.doc_count++] = doc;
	}

	if (run.doc_count > 0 && run.dest == DEST_FOLDER && !make_folder(cli.output, &cli.log))
		run.status = EXIT_OUTPUT;
	else {
		for (size_t f = 0; f < cli.format_count; f++) {
			const struct gz_format *format = cli.formats[f];
			if (format->collection_name) {
				if (run.doc_count > 0)
					emit(&run, format, run.docs, run.doc_count);
				continue;
			}
			for (size_t i = 0; i < run.doc_count; i++)
				emit(&run, format, &run.docs[i], 1);
		}
	}

	for (size_t i = 0; i < run.doc_count; i++) {
		gz_doc_free(run.docs[i]);
		gz_value_free(run.sites[i]);
	}
	for (size_t i = 0; i < run.written_count; i++)
		free(run.written[i]);
	free(run.written);
	free(run.docs);
	free(run.sites);
	cli_free(&cli);
	return run.status;
}
