/* lay.h: the context a document is laid out in, shared by layout.c (which
 * keeps it), blocks.c and cover.c (which lay out into it). */
#ifndef GZ_PDF_LAY_H
#define GZ_PDF_LAY_H

#include "pdf.h"
#include "inline.h"

/* How a page may break between the lines of one text. */
enum line_breaks {
	BREAKS_PARAGRAPH,       /* not before the second line nor after the last but one */
	BREAKS_ANY,
	BREAKS_NONE,
};

/* An open container: where its content goes and how it is tagged. */
struct frame {
	const struct gz_node *node;
	struct pdf_elem *elem;
	double x_pt, w_pt;
	bool tight;                     /* a tight list or its item: no space between items */
	unsigned number;                /* LIST: the next item's number */
	double indent_pt;               /* LIST: its items' indent */
	/* Raw HTML's containers (htmlblocks.c): how their texts are set;
	 * inherited by the frames inside.  scale 0 is 1. */
	PangoAlignment align;
	bool bold;
	double scale;
};

/* Laying out one document (or the cover) into a layout. */
struct lay {
	struct pdf_layout *lo;
	const struct pdf_style *st;
	struct pdf_fonts *fonts;
	const struct gz_doc *doc;
	struct gz_log *log;
	struct pdf_inline_ctx ic;
	struct frame *frames;
	size_t depth, cap;
	double gap_pt;                  /* the space owed before the next atom */
	bool keep;                      /* the next atom stays with the previous one */
	struct pdf_marker *marker;      /* an item's marker, for its first atom */
	/* The inline run laid out last: its parent and the block after it. */
	const struct gz_node *run_parent, *run_end;
	GHashTable *dests;              /* heading or node id -> destination name (owned) */
	/* Nodes with an id whose destination is not placed yet -> its name
	 * (anchors.c), and the destinations waiting for the next atom. */
	GHashTable *anchor_nodes;
	struct pdf_anchor *anchors;
	int level_shift;                /* a chapter's headings: one level deeper */
	bool span;                      /* two columns: the next atoms run across both */
	size_t h1_count;                /* level-1 headings: a lone one is the title */
	/* The body's opening level-1 heading when it repeats the front matter's
	 * title: the title block shows it in the title's place, once. */
	const struct gz_node *opening;
	bool in_title_block;
	/* The atoms from `first` on are this layout context's; those of the
	 * text pushed last are [text_first, text_end). */
	size_t first;
	size_t text_first, text_end;
};

/* Starts laying out `doc` into `lo` at the top of the text block; the
 * warnings for characters no font has wait for lay_close. */
void lay_open(struct lay *l, struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log);
/* Gives those warnings, in the text's order, and lets go of the context. */
void lay_close(struct lay *l);
/* The innermost open container. */
struct frame *lay_top(struct lay *l);
/* The space between paragraphs. */
double para_gap(const struct lay *l);
/* Owes at least `gap_pt` of space before the next atom. */
void lay_want_gap(struct lay *l, double gap_pt);
/* A new atom with the owed space, the keep flag and a waiting marker. */
struct pdf_atom *lay_push(struct lay *l, enum pdf_atom_kind kind, struct pdf_elem *elem,
    double x_pt);
/* Pushes one atom per line of `t`, broken now, the last of which frees it,
 * and frees its layout (the lines are kept in their painted form).  `pad_*`
 * add space inside the first and last atoms (shaded code); `line` is the
 * block's source line, for warnings. */
void lay_push_lines(struct lay *l, struct pdf_text *t, struct pdf_elem *elem, double x_pt,
    enum line_breaks breaks, double pad_top_pt, double pad_bottom_pt, unsigned line);
/* Frees a list marker and its text; NULL is fine. */
void lay_marker_free(struct pdf_marker *m);
/* Frees a heading's outline entry; NULL is fine. */
void lay_heading_free(struct pdf_heading *h);

#endif /* GZ_PDF_LAY_H */
