/* fuzz_config.c: site configurations in YAML and the site's _data/ files.
 * The first byte's low three bits choose what the rest is: a Jekyll
 * _config.yml, a Hugo config.yaml or hugo.yaml, or a data file (YAML, JSON,
 * CSV, TSV) read through site.data; its next bits are the options (--safe,
 * the dialect).  The site is then used as a conversion uses it (site.h). */
#include "site.h"

#include <fcntl.h>

static const char *const names[8] = {
	"_config.yml", "config.yaml", "hugo.yaml", "_config.yml",
	"d.yml", "d.json", "d.csv", "d.tsv",
};

/* Writes the data file `name` into the site's _data/; its path (a new string). */
static char *
write_data(const char *name, const uint8_t *data, size_t size)
{
	char *path = gz_xasprintf("%s/_data/%s", fuzz_site_root(), name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd) != 0) {
		perror(path);
		abort();
	}
	return path;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned which = size ? data[0] & 7 : 0;
	uint8_t flags = size ? data[0] >> 3 : 0;
	const uint8_t *f = &flags;
	size_t one = 1;
	struct gz_options opts;
	fuzz_options(&f, &one, &opts);
	if (size)
		data++, size--;
	struct gz_log log = FUZZ_LOG;
	struct gz_value *site;
	char *data_file = NULL;
	if (which < 4) {
		site = gz_site_parse(names[which], (const char *)data, size, &log);
	} else {
		data_file = write_data(names[which], data, size);
		static const char config[] = "title: T\nurl: https://example.org\n";
		site = gz_site_parse("_config.yml", config, sizeof config - 1, &log);
	}
	if (site)
		fuzz_use_site(site, &opts, &log);
	if (data_file) {
		unlink(data_file);
		free(data_file);
	}
	return 0;
}
