/* library-example.c: converting a string with libgazette to HTML, an Atom feed and a PDF.
 *
 *   cc library-example.c $(pkg-config --cflags --libs gazette) -o library-example
 *   ./library-example out/      # writes out/example.html, out/example.atom, out/example.pdf
 */
#include <gazette.h>

#include <stdio.h>
#include <string.h>

static const char page[] =
    "---\n"
    "title: 新闻\n"
    "lang: cn\n"
    "date: 2024-06-18\n"
    "---\n"
    "\n"
    "## 星河云\n"
    "### [全闪存云盘](https://cloud.example.com/all-flash)\n"
    "> 单盘随机读写延迟降低到百微秒级。\n";

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	static const char *const formats[][2] = { { "html", "html" }, { "atom", "atom" },
	    { "pdf", "pdf" } };

	/* --set url=... : feeds need the site's URL to make links absolute. */
	struct gz_value *sets = gz_value_new(GZ_VALUE_MAP);
	gz_value_set_path(sets, "url", gz_value_new_string("https://example.org", 19));
	struct gz_options opts = { .sets = sets };
	struct gz_log log = {0};        /* messages go to standard error */
	int status = 0;

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct gz_buf out = {0};
		if (!gz_convert(page, strlen(page), formats[i][0], &opts, &log, &out)) {
			fprintf(stderr, "library-example: %s failed\n", formats[i][0]);
			status = 1;
		} else {
			char path[4096];
			snprintf(path, sizeof path, "%s/example.%s", dir, formats[i][1]);
			FILE *fp = fopen(path, "wb");
			if (!fp || fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp) != 0) {
				perror(path);
				status = 1;
			} else {
				printf("%s: %zu bytes\n", path, out.len);
			}
		}
		gz_buf_free(&out);
	}
	gz_value_free(sets);
	gz_shutdown();          /* frees the fonts and caches kept for the process */
	return status;
}
