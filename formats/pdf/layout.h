/* layout.h: the layout as data: atoms, structure elements and parts
 * (layout.c).  blocks.h lays documents out into it. */
#ifndef GZ_PDF_LAYOUT_H
#define GZ_PDF_LAYOUT_H

#include "pdf.h"

/* Starts an empty layout (the Document element, no atoms). */
void pdf_layout_begin(struct pdf_layout *lo);
/* Appends an atom of `kind`, zeroed but for its kind and no header row; the
 * pointer is good until the next push. */
struct pdf_atom *pdf_layout_push(struct pdf_layout *lo, enum pdf_atom_kind kind);
/* A new structure element under `parent`, freed with the layout. */
struct pdf_elem *pdf_layout_elem(struct pdf_layout *lo, struct pdf_elem *parent,
    const char *tag);
/* Starts a new part at the next atom. */
void pdf_layout_part(struct pdf_layout *lo, const char *title, bool titled, bool bare);
/* Footnote references of text `t` in its bytes [start, end), shown by atom
 * `a`: the notes it brings to its page, and a destination at its top for
 * each note first referenced there.  The references are looked at from
 * index `from` on; returns the index after the last in the range. */
size_t pdf_atom_note_refs(struct pdf_atom *a, const struct pdf_text *t, size_t from, int start,
    int end);
/* Frees what painting the atom needed once (layouts, images). */
void pdf_atom_release(struct pdf_atom *a);
/* Frees all but the alt texts (the catalog's, after cairo has finished):
 * atoms, elements, parts.  pdf_layout_free frees the rest. */
void pdf_layout_release(struct pdf_layout *lo);
void pdf_layout_free(struct pdf_layout *lo);

#endif /* GZ_PDF_LAYOUT_H */
