/* frontmatter.c: placeholder: no front matter recognised yet. */
#include "internal.h"

bool
gz_front_matter_split(const char *name, const char *data, size_t len,
    struct gz_value **page, size_t *body_offset, unsigned *body_line, struct gz_log *log)
{
	(void)name, (void)data, (void)len, (void)log;
	*page = gz_value_new(GZ_VALUE_MAP);
	*body_offset = 0;
	*body_line = 1;
	return true;
}
