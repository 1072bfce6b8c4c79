/* version.c: the versions gazette was built with and runs with. */
#include "internal.h"
#include "formats.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <yaml.h>

char *
gz_versions(void)
{
	char *pdf = gz_pdf_versions();
	char *s = gz_xasprintf("gazette %s\n"
	    "md4c %s (built with; md4c reports no version at run time)\n"
	    "libxml2 %s\n"
	    "%s"
	    "libyaml %s\n",
	    GZ_VERSION, GZ_MD4C_VERSION, xmlParserVersion, pdf, yaml_get_version_string());
	free(pdf);
	return s;
}
