/* lang.c: placeholder: the value is kept as it is. */
#include "internal.h"

char *
gz_lang_tag(const char *value)
{
	return value && *value ? gz_xstrdup(value) : NULL;
}
