/* version.c: the versions gazette was built with and runs with. */
#include "internal.h"
#include "formats.h"

#include <stdlib.h>
#include <yaml.h>

char *
gz_versions(void)
{
	char *feed = gz_feed_versions(), *pdf = gz_pdf_versions();
	char *s = gz_xasprintf("gazette %s\n"
	    "md4c %s (built with; md4c reports no version at run time)\n"
	    "%s"
	    "%s"
	    "libyaml %s\n",
	    GZ_VERSION, GZ_MD4C_VERSION, feed, pdf, yaml_get_version_string());
	free(feed);
	free(pdf);
	return s;
}
