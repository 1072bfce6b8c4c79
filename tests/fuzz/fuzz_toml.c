/* fuzz_toml.c: a Hugo config.toml through the gazette-toml module (toml++),
 * then used as a conversion uses a site configuration (site.h).  The first
 * byte is the options byte. */
#include "site.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_options opts;
	fuzz_options(&data, &size, &opts);
	struct gz_log log = FUZZ_LOG;
	struct gz_value *site = gz_site_parse("config.toml", (const char *)data, size, &log);
	if (site)
		fuzz_use_site(site, &opts, &log);
	return 0;
}
