/* liquid.c: placeholder: the body is copied unchanged. */
#include "internal.h"

char *
gz_liquid_expand(const char *name, const char *body, size_t len, unsigned first_line,
    const struct gz_value *page, const struct gz_value *site, struct gz_log *log,
    size_t *out_len)
{
	(void)name, (void)first_line, (void)page, (void)site, (void)log;
	*out_len = len;
	return gz_xstrndup(body, len);
}
