/* notes.h: footnotes laid out apart from the body, for pagination to put
 * at the foot of the page of their references (notes.c). */
#ifndef GZ_PDF_NOTES_H
#define GZ_PDF_NOTES_H

#include "pdf.h"

struct lay;

/* The notes' size, in times the body's. */
#define PDF_NOTE_SCALE 0.8

/* Lays out each note of `notes` (a FOOTNOTES node, or NULL) at the notes'
 * size with the block handlers `h`, after the body's atoms; each note's
 * first atom carries its destination `fnN`. */
void pdf_notes_lay(struct lay *l, const struct gz_node *notes, const struct gz_handler *h);
/* Once the document is laid out: moves its note atoms (those from
 * atom `first` on that belong to a note) from the body to lo->notes, and
 * lets the body's last atom bring the notes no laid-out line referenced. */
void pdf_notes_take(struct pdf_layout *lo, size_t first, unsigned count);

#endif /* GZ_PDF_NOTES_H */
