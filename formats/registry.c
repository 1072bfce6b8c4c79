/* registry.c: every backend gazette can write, in the order --help lists them. */
#include "formats.h"

#include <string.h>

const struct gz_format *const gz_formats[] = {
	&gz_format_html,
	&gz_format_rss,
	&gz_format_atom,
	&gz_format_pdf,
	&gz_format_tree,
};
const size_t gz_format_count = sizeof gz_formats / sizeof gz_formats[0];

const struct gz_format *
gz_format_find(const char *name)
{
	for (size_t i = 0; i < gz_format_count; i++)
		if (strcmp(gz_formats[i]->name, name) == 0)
			return gz_formats[i];
	return NULL;
}
