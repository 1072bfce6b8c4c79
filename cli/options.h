/* options.h: the command line: one table that both parses the options and prints --help. */
#ifndef GZ_OPTIONS_H
#define GZ_OPTIONS_H

#include "gazette.h"

enum { EXIT_CONVERTED = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

struct cli {
	struct gz_options opts;
	struct gz_log log;
	const char **inputs;
	size_t input_count;
	const struct gz_format **formats;
	size_t format_count;
	const char *output;             /* -o, or NULL */
	const char *config_path;        /* --config, or NULL */
	struct gz_value *sets;          /* owned; opts.sets points here */
	const char **font_dirs;         /* owned array; opts.font_dirs points here */
	char **resource_dirs;           /* owned, each owned; opts.resource_dirs points here */
	char *const *args;              /* the options as given, argv[1..] up to the inputs */
	size_t arg_count;
	unsigned jobs;                  /* -j: worker processes (default: the cores) */
	bool incremental;               /* skip outputs newer than what they come from */
	bool watch;                     /* rebuild on changes until interrupted */
	bool combine;                   /* --combine: one PDF of all inputs */
	bool drafts;                    /* --drafts: a site's drafts too */
};

/* Fills `cli` from argv.  Returns -1 to go on converting, or an exit code
 * (EXIT_CONVERTED after --help or --version, EXIT_USAGE after an error). */
int cli_parse(struct cli *cli, int argc, char **argv);
void cli_free(struct cli *cli);

#endif /* GZ_OPTIONS_H */
