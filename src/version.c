/* version.c: the versions gazette was built with and runs with. */
#include "internal.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <libxml/parser.h>
#include <pango/pango.h>
#include <yaml.h>

char *
gz_versions(void)
{
	int fc = FcGetVersion();
	return gz_xasprintf("gazette %s\n"
	    "md4c %s (built with; md4c reports no version at run time)\n"
	    "libxml2 %s\n"
	    "cairo %s\n"
	    "pango %s\n"
	    "harfbuzz %s\n"
	    "fontconfig %d.%d.%d\n"
	    "libyaml %s\n",
	    GZ_VERSION, GZ_MD4C_VERSION, xmlParserVersion, cairo_version_string(),
	    pango_version_string(), hb_version_string(), fc / 10000, fc / 100 % 100, fc % 100,
	    yaml_get_version_string());
}
