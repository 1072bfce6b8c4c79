/* md_html.c: md4c's own HTML renderer as a filter (standard input to standard
 * output), so the spec runner measures it and gazette the same way.  Its
 * output goes out as gazette's does, 64 KiB at a time: stdio's fwrite for
 * each of md4c's many small pieces (a lock and a copy each) cost the
 * renderer a sixth of its time, which md4c's own program, md2html, does not
 * pay either (it collects the whole output, then writes it once).
 * Usage: md_html [--html] [--github]
 *   --html: <br> and <hr>, not the XHTML <br />;  --github: md4c's GitHub dialect
 *   (tables, strikethrough, task lists, permissive autolinks), for benchmarks. */
#include <errno.h>
#include <md4c-html.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct out {
	char buf[65536];
	size_t len;
	bool failed;
};

/* Writes p[0..len) to standard output, unless a write failed before. */
static void
write_all(struct out *o, const char *p, size_t len)
{
	for (size_t done = 0; done < len && !o->failed;) {
		ssize_t n = write(STDOUT_FILENO, p + done, len - done);
		if (n < 0 && errno != EINTR)
			o->failed = true;
		else if (n > 0)
			done += (size_t)n;
	}
}

static void
write_out(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	struct out *o = userdata;
	if (size > sizeof o->buf - o->len) {
		write_all(o, o->buf, o->len);
		o->len = 0;
		if (size > sizeof o->buf) {
			write_all(o, text, size);
			return;
		}
	}
	memcpy(o->buf + o->len, text, size);
	o->len += size;
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
	static struct out out;
	int rc = md_html(data, (MD_SIZE)len, write_out, &out, parser_flags, renderer_flags);
	write_all(&out, out.buf, out.len);
	free(data);
	if (out.failed || rc != 0) {
		fprintf(stderr, "md_html: rendering or writing failed\n");
		return 1;
	}
	return 0;
}
