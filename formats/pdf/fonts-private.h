/* fonts-private.h: the fonts of one document, shared by fonts.c (which
 * makes them) and subset.c (which notes their glyphs and subsets them). */
#ifndef GZ_PDF_FONTS_PRIVATE_H
#define GZ_PDF_FONTS_PRIVATE_H

#include "pdf.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

struct pdf_fonts {
	FcConfig *config;               /* the process's font setup (fonts.c) */
	PangoContext *context;          /* on its font map */
	PangoLanguage *lang;
	FT_Library ft;                  /* opens the subset faces */
	/* Faces are one entry per file and index, found by their hb_face_t. */
	GHashTable *face_files;         /* "index:file" -> struct face_entry * (owned) */
	GHashTable *faces;              /* hb_face_t * -> struct face_entry * */
	GHashTable *fonts;              /* PangoFont * -> struct font_entry * */
	hb_set_t *warned;               /* code points already reported missing */
	/* Layouts noted while notes are held, in order (pdf_fonts_hold_notes);
	 * one noted already (layout NULL) keeps the characters to warn of. */
	bool holding;
	struct held_note {
		PangoLayout *layout;
		unsigned line;
		uint32_t *missing;
		size_t missing_count;
	} *held;
	size_t held_count, held_cap;
	const char *doc_name;
	struct gz_log *log;
};

/* Makes the tables of `f` that notes fill (subset.c), and frees them with
 * what they hold. */
void pdf_fonts_notes_init(struct pdf_fonts *f);
void pdf_fonts_notes_free(struct pdf_fonts *f);

#endif /* GZ_PDF_FONTS_PRIVATE_H */
