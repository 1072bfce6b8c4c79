/* notes.c: footnotes laid out apart from the body: each note's blocks at
 * a smaller size, in the column's width, as atoms of their own that
 * pagination sets at the foot of the page where the note is referenced
 * (paginate.c; see doc/pdf.md). */
#include "notes.h"
#include "lay.h"
#include "inline.h"
#include "layout.h"

#include <stdlib.h>
#include <string.h>

void
pdf_notes_lay(struct lay *l, const struct gz_node *notes, const struct gz_handler *h)
{
	if (!notes || notes->kind != GZ_NODE_FOOTNOTES || !notes->first)
		return;
	const struct pdf_style *body = l->st;
	struct pdf_style st = *body;
	st.size_pt *= PDF_NOTE_SCALE;
	st.code_size_pt *= PDF_NOTE_SCALE;
	for (int i = 1; i <= 6; i++)
		st.heading_size_pt[i] *= PDF_NOTE_SCALE;
	l->st = &st;
	l->ic.st = &st;
	for (const struct gz_node *n = notes->first; n; n = n->next) {
		if (n->kind != GZ_NODE_FOOTNOTE)
			continue;
		unsigned number = l->ic.note_base + n->note.number;
		size_t first = l->lo->count;
		l->gap_pt = 0;
		l->keep = false;
		struct pdf_anchor *a = gz_xcalloc(1, sizeof *a);
		a->name = gz_xasprintf("fn%u", number);
		a->next = l->anchors;
		l->anchors = a;
		gz_walk(n, h, l);
		if (l->lo->count == first) {
			/* an empty note: its number on a line of its own */
			char *s = gz_xasprintf("%u.", n->note.number);
			struct pdf_text *t = pdf_plain_text(&st, l->fonts, s, PDF_FACE_SERIF, false,
			    st.size_pt, st.column_w_pt);
			free(s);
			lay_push_lines(l, t, pdf_layout_elem(l->lo, l->lo->root, "Note"), 0,
			    BREAKS_ANY, 0, 0, n->line);
		}
		/* Notes stand close together; their atoms say whose they are. */
		l->lo->atoms[first].gap_pt = st.size_pt * 0.35;
		for (size_t i = first; i < l->lo->count; i++) {
			l->lo->atoms[i].note = number;
			l->lo->atoms[i].span = false;
		}
	}
	l->gap_pt = 0;
	l->keep = false;
	l->st = body;
	l->ic.st = body;
}

void
pdf_notes_take(struct pdf_layout *lo, size_t first, unsigned count)
{
	size_t k = first;
	while (k < lo->count && !lo->atoms[k].note)
		k++;
	size_t n = lo->count - k;
	if (n > 0) {
		if (lo->note_count + n > lo->note_cap) {
			lo->note_cap = lo->note_count + n + 16;
			lo->notes = gz_xrealloc(lo->notes, lo->note_cap * sizeof *lo->notes);
		}
		memcpy(&lo->notes[lo->note_count], &lo->atoms[k], n * sizeof *lo->atoms);
		/* A table in a note repeats no header (its rows are not in the
		 * body). */
		for (size_t i = 0; i < n; i++)
			lo->notes[lo->note_count + i].header_row = -1;
		lo->note_count += n;
		lo->count = k;
	}
	lo->note_total += count;
	/* Notes whose references no line shows (in a picture's alt text) come
	 * with the document's last atom. */
	if (k > first && lo->atoms[k - 1].note_upto < lo->note_total)
		lo->atoms[k - 1].note_upto = lo->note_total;
}
