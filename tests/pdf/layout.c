/* layout.c: pdf-layout INPUT [KEY=VALUE...]: lays out INPUT as the PDF backend
 * does (--set KEY=VALUE applied) and prints the dump of its pages, atoms and
 * line breaks, which tests/golden.py compares with a golden file.  Exit 77
 * when INPUT is absent (an optional page). */
#include "pdf/blocks.h"
#include "pdf/dump.h"
#include "pdf/fonts.h"
#include "pdf/layout.h"
#include "pdf/paginate.h"
#include "pdf/style.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pdf-layout INPUT [KEY=VALUE...]\n");
		return 2;
	}
	if (access(argv[1], R_OK) != 0) {
		printf("skipped: %s is not here\n", argv[1]);
		return 77;
	}
	struct gz_value *sets = gz_value_new(GZ_VALUE_MAP);
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq)
			return 2;
		*eq = '\0';
		gz_value_set_path(sets, argv[i], gz_value_new_string(eq + 1, strlen(eq + 1)));
	}
	struct gz_options opts = { .sets = sets };
	struct gz_log log = { .verbosity = -1 };
	struct gz_value *site = gz_value_new(GZ_VALUE_MAP);
	gz_site_apply_sets(site, sets);
	struct gz_doc *doc = gz_doc_load(argv[1], site, &opts, &log);
	if (!doc)
		return 1;
	struct pdf_style st;
	if (!pdf_style_init(&st, doc, &log))
		return 1;
	struct pdf_fonts *fonts = pdf_fonts_new(&st, &opts, doc->name, &log);
	struct pdf_layout lo;
	struct pdf_pages pages;
	if (!fonts || !pdf_layout_build(&lo, doc, &st, fonts, &log))
		return 1;
	pdf_paginate(&lo, &st, &pages);
	struct gz_buf dump = {0};
	pdf_layout_dump(&lo, &pages, &dump);

	int status = fwrite(dump.data, 1, dump.len, stdout) == dump.len && fflush(stdout) == 0 ? 0 : 1;
	gz_buf_free(&dump);
	pdf_pages_free(&pages);
	pdf_layout_free(&lo);
	pdf_fonts_free(fonts);
	pdf_style_free(&st);
	gz_doc_free(doc);
	gz_value_free(site);
	gz_value_free(sets);
	return status;
}
