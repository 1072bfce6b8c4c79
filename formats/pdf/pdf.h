/* pdf.h: what the PDF backend's stages hand each other: the style, the
 * layout (atoms, texts, structure elements) and the pages; the unit
 * conversions and two checks on text that several stages make.  Each
 * stage's functions are in its own header (style.h, fonts.h, blocks.h,
 * paginate.h, paint.h...); render.c runs the stages (see doc/pdf.md). */
#ifndef GZ_PDF_H
#define GZ_PDF_H

#include "formats.h"

#include <cairo.h>
#include <stdlib.h>
#include <sys/types.h>
#include <pango/pangocairo.h>

/*
 * Units.  `_pt` is a PostScript point (1/72 in), the PDF user unit and, at the
 * 72 dpi pango is set to, one pango "device unit".  `_pu` is a pango unit,
 * 1/PANGO_SCALE of a point.
 */
static inline int pdf_pt_to_pu(double pt) { return (int)(pt * PANGO_SCALE + (pt < 0 ? -0.5 : 0.5)); }
static inline double pdf_pu_to_pt(int pu) { return (double)pu / PANGO_SCALE; }
#define PDF_MM_PT (72.0 / 25.4)

/* cairo 1.16 takes a Unicode noncharacter (U+FDD0 to U+FDEF, U+xFFFE,
 * U+xFFFF) for invalid UTF-8: in metadata and outline titles it fails the
 * whole PDF, in the text of a glyph run it stops all drawing. */
static inline bool pdf_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Whether `s` starts with YYYY-MM-DD (digits, so that its first ten bytes
 * can be cut off without splitting a character). */
static inline bool pdf_iso_date_prefix(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* ---- The page and the type (style.c), from the site's `pdf:` settings ---- */

enum pdf_face { PDF_FACE_SERIF, PDF_FACE_SANS, PDF_FACE_MONO, PDF_FACE_COUNT };

/* The page's CJK writing, for the punctuation rules of typo.c: the regions
 * place some marks differently in the em (centred in Traditional Chinese). */
enum pdf_cjk { PDF_CJK_NONE, PDF_CJK_HANS, PDF_CJK_HANT, PDF_CJK_JA, PDF_CJK_KO };

struct pdf_style {
	double page_w_pt, page_h_pt;
	double margin_top_pt, margin_bottom_pt, margin_left_pt, margin_right_pt;
	double body_w_pt, body_h_pt;        /* the text block */
	double size_pt;                     /* body text */
	double leading;                     /* line height / size */
	double code_size_pt;
	double heading_size_pt[7];          /* [1..6] */
	const char *lang;                   /* BCP 47, never NULL ("und") */
	bool cjk_lang;                      /* zh, ja, ko: CJK punctuation from CJK faces */
	enum pdf_cjk cjk;
	bool cjk_latin_space;               /* pdf.cjk_latin_space: a quarter em between
					       Han or kana and Latin letters or digits */
	bool dots_above;                    /* emphasis dots above CJK text (ja, ko), else below */
	/* Family lists, most wanted first (Latin face, then the CJK face). */
	char *family[PDF_FACE_COUNT];
	char *cjk_family[PDF_FACE_COUNT];   /* the CJK face alone */
	/* --safe: no javascript:, vbscript: or data: links, and no images from
	 * outside the page's folder (set by the caller, not from the site). */
	bool safe;
	/* Brochure pieces: pdf.cover (or the page's `cover: true`) and
	 * pdf.columns (1 or 2; headings of level 1 and 2 span both). */
	bool cover;
	int columns;
	double column_gap_pt, column_w_pt;  /* column_w_pt == body_w_pt for one */
	/* The brochure's own title for its cover and metadata (pdf.title, or
	 * the site's title for several documents), borrowed; NULL: the first
	 * document's. */
	const char *title;
};

/* Fonts, glyph sets and subsets of one document (fonts.h, subset.h). */
struct pdf_fonts;

/* ---- The layout (blocks.c, layout.c): the tree as a column of atoms ---- */

/* A structure element of the tagged PDF: atoms point to the innermost one. */
struct pdf_elem {
	const char *tag;                /* "P", "H2", "LI", ... (static) */
	struct pdf_elem *parent;
	bool quote;                     /* draws a bar at bar_x_pt beside its atoms */
	bool shaded;                    /* code: a tinted box from x_pt, width_pt wide */
	double bar_x_pt;
	double x_pt, w_pt;
	struct pdf_elem *all_next;      /* every element, for freeing */
};

/* A link inside a text: bytes [start, end) of its layout's text. */
struct pdf_link {
	int start, end;
	char *attrs;                    /* cairo link attributes, `uri='...'` or `dest='...'` */
};

/* A destination placed at the top of an atom (anchors.c). */
struct pdf_anchor {
	char *name;                     /* ASCII destination name (owned) */
	struct pdf_anchor *next;
};

/* Frees a list of destinations; NULL is fine. */
static inline void pdf_anchors_free(struct pdf_anchor *a)
{
	while (a) {
		struct pdf_anchor *next = a->next;
		free(a->name);
		free(a);
		a = next;
	}
}

/* What inline texts of a document need: its style, fonts and layout, and
 * how to find the destination of a link to a heading. */
struct pdf_inline_ctx {
	const struct pdf_style *st;
	struct pdf_fonts *fonts;
	const struct gz_doc *doc;
	struct gz_log *log;
	const struct pdf_layout *lo;
	/* heading or node id -> destination name */
	const char *(*dest_of)(void *ctx, const char *id);
	void *dest_ctx;
	GHashTable *warned;             /* link warnings given on this page (links.c) */
	/* Footnotes: the document's note N is the layout's note_base + N, and
	 * note_seen[N] says that a reference to it was laid out. */
	unsigned note_base;
	unsigned char *note_seen;
	unsigned note_seen_count;
};

/* A picture inside a text, drawn over its U+FFFC (picture.c). */
struct pdf_inline_image {
	int start;                      /* the byte offset of its U+FFFC */
	struct pdf_image *image;        /* one use (owned) */
	double w_pt, h_pt;
	double top_pt;                  /* its top, from the baseline (negative: above) */
};

/* A footnote reference in a text: its number starts at byte `start`; the
 * layout's notes [0, upto) must stand on the page that shows it (its note
 * is note `upto`; see doc/pdf.md).  `first`: the first reference laid out
 * to that note, where the note's number links back to. */
struct pdf_note_ref {
	int start;
	unsigned upto;
	bool first;
};

/* Bytes [start, end) of a layout's text. */
struct pdf_range {
	int start, end;
};

/* One PangoLayout and what painting it needs. */
struct pdf_text {
	PangoLayout *layout;
	struct pdf_link *links;
	size_t link_count;
	/* Emphasis: CJK has no italic (only a synthetic slant), so its CJK
	 * characters take dots (Latin text takes its italic). */
	struct pdf_range *dots;
	size_t dot_count;
	bool dots_above;
	bool justify;                   /* justified (pdf_typo_justify) when broken */
	double color[3];
	struct pdf_inline_image *images;        /* in text order (owned) */
	size_t image_count;
	struct pdf_note_ref *notes;     /* footnote references, in text order (owned) */
	size_t note_count;
};

struct pdf_heading {
	int level;                      /* outline level (a chapter's headings are one deeper) */
	char *dest;                     /* ASCII destination name */
	char *title;                    /* outline text */
	bool in_toc;                    /* listed in the contents (--toc) */
};

enum pdf_atom_kind {
	PDF_ATOM_LINE,                  /* one line of a text */
	PDF_ATOM_RULE,                  /* a thematic break */
	PDF_ATOM_IMAGE,
	PDF_ATOM_ROW,                   /* one table row */
	PDF_ATOM_TOC,                   /* one line of the contents */
	PDF_ATOM_KIND_COUNT
};

struct pdf_row;                         /* table.h */
struct pdf_line;                        /* lines.h */
struct pdf_image;                       /* image.h */

/* List markers: a bullet or number (text), or a task box. */
struct pdf_marker {
	struct pdf_text *text;          /* NULL for a task box */
	enum gz_task task;
	double x_pt;                    /* right edge of the text, left of the box */
};

struct pdf_atom {
	enum pdf_atom_kind kind;
	bool no_break_before;           /* keep with the previous atom */
	bool frees_text;                /* the last atom of `text`: free it once painted */
	bool page_break_before;         /* starts a page (cover, contents, chapters) */
	bool span;                      /* two columns: runs across both */
	double gap_pt;                  /* space above; dropped at the top of a page */
	double h_pt;
	double x_pt;                    /* left edge, from the text block's */
	struct pdf_elem *elem;
	struct pdf_marker *marker;      /* drawn beside this atom (owned) */
	struct pdf_heading *heading;    /* first line of a heading (owned) */
	struct pdf_anchor *anchors;     /* destinations at its top (anchors.h, owned) */
	long header_row;                /* a table body row: the index of the row to
					   repeat after a page break; -1: none */
	/* Footnotes: the layout's notes [0, note_upto) stand on this atom's
	 * page (0: it brings none); a note's own atoms say which it is (note,
	 * from 1; 0 in the body). */
	unsigned note_upto, note;
	union {
		struct {
			struct pdf_text *text;
			struct pdf_line *line;  /* lines.h (owned) */
			int line_x_pu;          /* from the layout's left edge (alignment) */
			int baseline_pu;        /* from the atom's top */
			double pad_top_pt;      /* shaded code: padding inside h_pt */
		} line;
		struct { double w_pt; } rule;
		struct { struct pdf_image *image; double w_pt; } image;
		struct pdf_row *row;
		struct {
			struct pdf_text *text;  /* the entry, one line, ellipsized (owned) */
			char *dest;             /* the heading's destination (owned) */
			int page;               /* its page number, once paginated */
			int level;              /* 1: flush left; each level deeper indents */
		} toc;
	};
};

/* A run of pages with one running header: the whole document, or a chapter,
 * the cover, the contents. */
struct pdf_part {
	size_t first;                   /* its first atom */
	char *title;                    /* running header; NULL: none (owned) */
	bool titled;                    /* its first page has a title: no header or folio there */
	bool bare;                      /* no header or folio on any of its pages (the cover) */
};

struct pdf_layout {
	struct pdf_atom *atoms;
	size_t count, cap;
	struct pdf_elem *root;          /* Document */
	struct pdf_elem *elems;         /* every element, for freeing */
	struct pdf_part *parts;         /* in atom order; the first starts at atom 0 */
	size_t part_count;
	unsigned dest_count;            /* destinations named so far (h1, h2, ...) */
	size_t body_first;              /* the last document added: its first atom
					   after the title block */
	struct pdf_text *digits;        /* "0123456789." for the contents' page numbers */
	char **alts;                    /* each Figure's alt text, in order (owned) */
	size_t alt_count;
	/* Footnotes, laid out at the notes' size apart from the body: every
	 * note's atoms in number order, note_total notes in all. */
	struct pdf_atom *notes;
	size_t note_count, note_cap;
	unsigned note_total;
};

/* ---- The pages (paginate.c): where each page starts ---- */

struct pdf_page {
	size_t first, end;              /* atoms [first, end) */
	long header_row;                /* the atom repeated at the top; -1: none */
	size_t note_first, note_end;    /* note atoms [note_first, note_end) */
	/* The top of each column's footnotes (the separator's place) from the
	 * text block's top; negative: no notes in that column. */
	double note_top_pt[2];
};

struct pdf_pages {
	struct pdf_page *pages;
	size_t count;
	/* Where each atom goes on its page, from the text block's top left:
	 * y of its top (after its gap) and the shift of its column. */
	double *y_pt, *dx_pt;
	double *note_y_pt, *note_dx_pt; /* the same for the note atoms */
};

#endif /* GZ_PDF_H */
