/* fuzz.h: what the libFuzzer targets share: a quiet log that aborts on the
 * messages that mean a library (cairo, libxml2) failed rather than the input,
 * and options taken from the input's first byte. */
#ifndef GZ_FUZZ_H
#define GZ_FUZZ_H

#include "gazette.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Messages are dropped, except those that say gazette produced a broken
 * output: those are bugs, and abort so that the fuzzer keeps the input. */
static inline void
fuzz_emit(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	(void)ctx, (void)file, (void)line;
	/* gazette's own words start the message; the input may be quoted later
	 * in it (a Liquid error shows the text it stopped at). */
	if (sev == GZ_ERROR && (strncmp(message, "cairo could not", 15) == 0
	    || strncmp(message, "libxml2 could not", 17) == 0)) {
		fprintf(stderr, "fuzz: %s\n", message);
		abort();
	}
}

/* Options from the first byte (consumed): --safe, the dialect, --toc and
 * --fragment, so that every path is reachable. */
static inline void
fuzz_options(const uint8_t **data, size_t *size, struct gz_options *opts)
{
	unsigned flags = *size > 0 ? (*data)[0] : 0;
	if (*size > 0) {
		(*data)++;
		(*size)--;
	}
	*opts = (struct gz_options){
		.safe = flags & 1,
		.dialect = flags & 2 ? GZ_DIALECT_COMMONMARK : GZ_DIALECT_GITHUB,
		.toc = flags & 4,
		.fragment = flags & 8,
		.feed_items = flags & 16 ? GZ_FEED_ITEMS_PAGES : GZ_FEED_ITEMS_AUTO,
	};
}

#define FUZZ_LOG { .emit = fuzz_emit }

#endif /* GZ_FUZZ_H */
