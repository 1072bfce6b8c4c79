/* replay.c: a main() for a fuzz target built without libFuzzer: runs it once
 * on each file named, or on each file in each folder named, so the corpora
 * replay in the ordinary suite (plain and under the sanitizers). */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return 1;
	}
	struct gz_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		gz_buf_append(&b, chunk, n);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		perror(path);
		gz_buf_free(&b);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
	gz_buf_free(&b);
	return 0;
}

static int
compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int status = 0;
	size_t runs = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			status |= run_file(argv[i]);
			runs++;
			continue;
		}
		char **names = NULL;
		size_t count = 0;
		for (struct dirent *e; (e = readdir(d));) {
			if (e->d_name[0] == '.')
				continue;
			names = gz_xrealloc(names, (count + 1) * sizeof *names);
			names[count++] = gz_xasprintf("%s/%s", argv[i], e->d_name);
		}
		closedir(d);
		qsort(names, count, sizeof *names, compare);
		for (size_t k = 0; k < count; k++) {
			status |= run_file(names[k]);
			free(names[k]);
		}
		free(names);
		runs += count;
	}
	printf("%zu inputs replayed\n", runs);
	gz_shutdown();          /* so that leak checkers see only gazette's leaks */
	return status;
}
