/* liquid_run.c: renders one Liquid template with gazette's engine, for the tests that
 * compare it with Ruby's Liquid and Jekyll.
 *
 *   liquid_run TEMPLATE [DATA.yml]   the template with DATA's keys as variables
 *   liquid_run --page FILE           a page of a site that is not Markdown, as a
 *                                    site build writes it (gz_liquid_page): its
 *                                    _config.yml, defaults, front matter, url, date
 *
 * Prints the result; messages go to standard error; exit status 1 on error.
 * A template is rendered over the text read, as a page body is
 * (gz_liquid_render_over), and into a new buffer (gz_liquid_render); a
 * difference between the two is exit status 3. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
ignore(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)line, (void)message;
}

static int
render_page(const char *path, struct gz_log *log)
{
	struct gz_options opts = {0};
	struct gz_value *site = gz_site_load(NULL, path, &opts, log);
	size_t len;
	char *out = site ? gz_liquid_page(path, site, &opts, log, &len) : NULL;
	if (out)
		fwrite(out, 1, len, stdout);
	free(out);
	gz_value_free(site);
	return out ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct gz_log log = {0};
	if (argc == 3 && strcmp(argv[1], "--page") == 0)
		return render_page(argv[2], &log);
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: liquid_run TEMPLATE [DATA.yml] | --page FILE\n");
		return 2;
	}
	size_t len, dlen, out_len;
	char *tpl = gz_read_file(argv[1], &len);
	char *data = argc > 2 ? gz_read_file(argv[2], &dlen) : NULL;
	if (!tpl || (argc > 2 && !data)) {
		fprintf(stderr, "cannot read: %s\n", strerror(errno));
		return 2;
	}
	struct gz_value *vars = data && dlen ? gz_yaml_parse(argv[2], data, dlen, 1, &log) : NULL;
	const struct gz_liquid_env env = { .name = argv[1], .vars = vars };
	struct gz_log quiet = { .emit = ignore };
	size_t fresh_len;
	char *fresh = gz_liquid_render(&env, tpl, len, 1, &quiet, &fresh_len);
	char *out = gz_liquid_render_over(&env, tpl, len, 1, &log, &out_len);
	if (out)
		fwrite(out, 1, out_len, stdout);
	int status = out ? 0 : 1;
	if (!out != !fresh || (out && (out_len != fresh_len || memcmp(out, fresh, out_len) != 0))) {
		fprintf(stderr, "liquid_run: rendered over the template, the result differs from "
		    "a new buffer's\n");
		status = 3;
	}
	free(fresh);
	if (out != tpl)
		free(out);
	free(tpl);
	free(data);
	gz_value_free(vars);
	return status;
}
