/* md_html.c: md4c's own HTML renderer as a filter (standard input to standard
 * output), so the spec runner measures it and gazette the same way.
 * Usage: md_html [--html] [--github]
 *   --html: <br> and <hr>, not the XHTML <br />;  --github: md4c's GitHub dialect
 *   (tables, strikethrough, task lists, permissive autolinks), for benchmarks. */
#include <md4c-html.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
write_out(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	fwrite(text, 1, size, userdata);
}

int
main(int argc, char **argv)
{
	unsigned renderer_flags = MD_HTML_FLAG_XHTML;
	unsigned parser_flags = MD_DIALECT_COMMONMARK;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--html") == 0) {
			renderer_flags = 0;
		} else if (strcmp(argv[i], "--github") == 0) {
			parser_flags = MD_DIALECT_GITHUB;
		} else {
			fprintf(stderr, "usage: md_html [--html] [--github] < input.md\n");
			return 2;
		}
	}

	size_t len = 0, cap = 65536;
	char *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap)
			data = realloc(data, cap *= 2);
	}
	if (!data || ferror(stdin)) {
		fprintf(stderr, "md_html: cannot read the input\n");
		return 1;
	}
	int rc = md_html(data, (MD_SIZE)len, write_out, stdout, parser_flags, renderer_flags);
	free(data);
	if (fclose(stdout) != 0 || rc != 0) {
		fprintf(stderr, "md_html: rendering or writing failed\n");
		return 1;
	}
	return 0;
}
