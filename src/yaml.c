/* yaml.c: placeholder until the libyaml event parser lands. */
#include "internal.h"

struct gz_value *
gz_yaml_parse(const char *name, const char *data, size_t len, unsigned first_line,
    struct gz_log *log)
{
	(void)data, (void)len;
	gz_error(log, name, first_line, "YAML is not supported yet");
	return NULL;
}
