/* pdf.h: the PDF backend's stages (style, fonts, layout, pagination, painting)
 * and the unit conversions they share. */
#ifndef GZ_PDF_H
#define GZ_PDF_H

#include "formats.h"

#include <cairo.h>
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

/* ---- style.c: the page and the type, from the site's `pdf:` settings ---- */

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
};

/* Reads `pdf.*` from the site configuration; false after reporting a bad value. */
bool pdf_style_init(struct pdf_style *st, const struct gz_doc *doc, struct gz_log *log);
void pdf_style_free(struct pdf_style *st);
/* Gives a chapter's style (its own language and faces) the page, sizes and
 * settings of the book's. */
void pdf_style_chapter(struct pdf_style *st, const struct pdf_style *book);

/* ---- fonts.c: gazette's own fontconfig setup and the missing-glyph checks ---- */

struct pdf_fonts;

/* Loads fonts/gazette.conf into a private FcConfig, adds opts->font_dirs and
 * makes a pango context for `st`.  NULL after reporting. */
struct pdf_fonts *pdf_fonts_new(const struct pdf_style *st, const struct gz_options *opts,
    const char *doc_name, struct gz_log *log);
void pdf_fonts_free(struct pdf_fonts *f);
/* The pango context for a new layout. */
PangoContext *pdf_fonts_context(struct pdf_fonts *f);
/*
 * For laying out a long document on two threads: a second context, on a
 * font map of its own (pango's maps, fonts and fontsets are not
 * thread-safe), which every other new layout then takes.  Each thread
 * breaks the lines of one context's layouts; the same fonts from either
 * map give the same glyphs, measures and subsets, hence the same PDF.
 */
void pdf_fonts_split(struct pdf_fonts *f);
bool pdf_fonts_is_split(const struct pdf_fonts *f);
bool pdf_fonts_on_second(const struct pdf_fonts *f, PangoLayout *layout);
/* True when some font of the configuration covers CJK text. */
bool pdf_fonts_have_cjk(struct pdf_fonts *f);
/* Whether pango measures `font`'s glyphs with HarfBuzz (see fonts.c), not by
 * loading them in cairo and FreeType. */
bool pdf_fonts_measured_by_harfbuzz(PangoFont *font);
/*
 * Records the glyphs `layout` uses (for subsetting) and warns once per
 * character that no font has (`line` is the block's source line).
 */
void pdf_fonts_note_layout(struct pdf_fonts *f, PangoLayout *layout, unsigned line);
/* Between these two, layouts noted are kept (referenced) and noted on
 * release, in order: lines may then be broken later, warnings come in the
 * order of the text. */
void pdf_fonts_hold_notes(struct pdf_fonts *f);
void pdf_fonts_release_notes(struct pdf_fonts *f);
/*
 * Subsets every face noted so far, two faces at a time (a CJK face takes
 * about 5 ms).  Call it once every glyph is noted, before drawing.
 */
void pdf_fonts_subset(struct pdf_fonts *f);
/*
 * The cairo font to draw `font`'s glyphs with, and how to map pango's glyph
 * ids to it (`map` NULL: ids unchanged).  A face first drawn without
 * pdf_fonts_subset is subset then; glyphs noted after a face's subset was
 * made fall back to the whole face.
 */
cairo_scaled_font_t *pdf_fonts_cairo_font(struct pdf_fonts *f, PangoFont *font,
    const void **map);
/* Maps a glyph id through `map` from pdf_fonts_cairo_font; false when the
 * subset lacks it. */
bool pdf_fonts_map_glyph(const void *map, unsigned glyph, unsigned *out);
/* The whole face of `font`, for a glyph its subset lacks. */
cairo_scaled_font_t *pdf_fonts_whole_font(struct pdf_fonts *f, PangoFont *font);
/*
 * What painting asks of a font, safe while another thread lays out with the
 * same fonts (pango's measuring caches are not): the strikethrough line
 * (read when the font was noted) and a glyph's advance.
 */
void pdf_fonts_strikethrough(struct pdf_fonts *f, PangoFont *font, int *pos_pu, int *thick_pu);
int pdf_fonts_glyph_width(PangoFont *font, PangoGlyph glyph);
/*
 * Streaming (one thread lays out while another paints, see stream.c).
 * pdf_fonts_stream, before any layout: every noted text's characters are
 * kept, and a face is subset when first drawn to the glyphs those can shape
 * to, as the lines still to come are not noted yet.  pdf_fonts_painting:
 * layouts made from then on (the painter's running headers and folios)
 * take a second context on a font map of their own.
 */
void pdf_fonts_stream(struct pdf_fonts *f);
void pdf_fonts_painting(struct pdf_fonts *f);
/* The calling thread measures glyphs into tables of its own (a painting
 * thread, beside one that lays out with the same fonts). */
void pdf_fonts_own_measures(void);
/* Held notes so far, and noting those before `end` (in order). */
size_t pdf_fonts_held(const struct pdf_fonts *f);
void pdf_fonts_release_to(struct pdf_fonts *f, size_t end);

/* ---- layout.c, inline.c, table.c: the tree as a column of atoms ---- */

/* A structure element of the tagged PDF: atoms point to the innermost one. */
struct pdf_elem {
	const char *tag;                /* "P", "H2", "LI", ... (static) */
	struct pdf_elem *parent;
	bool quote;                     /* draws a bar at bar_x_pt beside its atoms */
	double bar_x_pt;
	bool shaded;                    /* code: a tinted box from x_pt, width_pt wide */
	double x_pt, w_pt;
	struct pdf_elem *all_next;      /* every element, for freeing */
};

/* A link inside a text: bytes [start, end) of its layout's text. */
struct pdf_link {
	int start, end;
	char *attrs;                    /* cairo link attributes, `uri='...'` or `dest='...'` */
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
	double color[3];
	bool strike_any;
	bool justify;                   /* justified (pdf_typo_justify) when broken */
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

struct pdf_row;
struct pdf_image;

/* List markers: a bullet or number (text), or a task box. */
struct pdf_marker {
	struct pdf_text *text;          /* NULL for a task box */
	enum gz_task task;
	double x_pt;                    /* right edge of the text, left of the box */
};

struct pdf_atom {
	enum pdf_atom_kind kind;
	double gap_pt;                  /* space above; dropped at the top of a page */
	double h_pt;
	double x_pt;                    /* left edge, from the text block's */
	bool no_break_before;           /* keep with the previous atom */
	struct pdf_elem *elem;
	struct pdf_marker *marker;      /* drawn beside this atom (owned) */
	struct pdf_heading *heading;    /* first line of a heading (owned) */
	long header_row;                /* a table body row: the index of the row to
					   repeat after a page break; -1: none */
	bool frees_text;                /* the last atom of `text`: free it once painted */
	bool page_break_before;         /* starts a page (cover, contents, chapters) */
	bool span;                      /* two columns: runs across both */
	union {
		struct {
			struct pdf_text *text;
			PangoLayoutLine *line;
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
};

/* Lays out the document (title block and body) into atoms; false after
 * reporting.  Records the glyphs used with `fonts`. */
bool pdf_layout_build(struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log);

/* How one document goes into a layout that may hold several (book.c). */
struct pdf_doc_place {
	bool title_block;               /* its title, description, date, author first */
	bool chapter;                   /* its title opens an outline entry of level 1
					   and its headings go one level deeper */
	bool new_page;                  /* it starts on a new page */
};
/*
 * Lays out `doc` alone (title block and body) into `lo`, which it starts,
 * breaking its texts one at a time on this thread and calling `grown` after
 * each with the layout so far: its atoms so far, final (their contents may
 * be released), in an array that moves as it grows.  `lo` holds them all
 * when done.
 */
void pdf_layout_stream(struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log,
    void (*grown)(void *ctx, struct pdf_layout *so_far), void *ctx);
/* Starts an empty layout (the Document element, no atoms). */
void pdf_layout_begin(struct pdf_layout *lo);
/* Appends `doc` as a new part; false after reporting. */
bool pdf_layout_add(struct pdf_layout *lo, const struct gz_doc *doc, const struct pdf_style *st,
    struct pdf_fonts *fonts, const struct pdf_doc_place *place, struct gz_log *log);
/* Appends a cover page for `doc` (title, description, date, author, image)
 * as a part of its own with no page furniture. */
void pdf_layout_cover(struct pdf_layout *lo, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log);
/* Starts a new part at the next atom. */
void pdf_layout_part(struct pdf_layout *lo, const char *title, bool titled, bool bare);
/* The page's date as readers of `lang` write it ("2020年7月25日",
 * "25 July 2020"), or a copy of `date` when it is no ISO date. */
char *pdf_format_date(const char *date, const char *lang);
void pdf_layout_free(struct pdf_layout *lo);

/* ---- book.c: cover, contents, several documents, then pagination ---- */

struct pdf_pages;

/* Lays out `docs` (a cover, the contents and one chapter per document as
 * asked) and paginates them, page numbers in the contents included.  One
 * document alone is laid out as before: title block, then body.  False
 * after reporting; `lo` and `pages` are to be freed either way. */
bool pdf_book_build(struct pdf_layout *lo, struct pdf_pages *pages,
    struct gz_doc *const *docs, size_t count, const struct pdf_style *st,
    struct pdf_fonts *fonts, bool toc, struct gz_log *log);
/* Frees what painting the atom needed once (layouts, images). */
void pdf_atom_release(struct pdf_atom *a);
/* layout.c internals shared with inline.c and table.c */
struct pdf_atom *pdf_layout_push(struct pdf_layout *lo, enum pdf_atom_kind kind);
struct pdf_elem *pdf_layout_elem(struct pdf_layout *lo, struct pdf_elem *parent,
    const char *tag);
void pdf_text_free(struct pdf_text *t);

/* inline.c: a block's inline children as one text. */
struct pdf_inline_ctx {
	const struct pdf_style *st;
	struct pdf_fonts *fonts;
	const struct gz_doc *doc;
	struct gz_log *log;
	const struct pdf_layout *lo;
	/* heading id -> destination name */
	const char *(*dest_of)(void *ctx, const char *id);
	void *dest_ctx;
};

struct pdf_text *pdf_inline_text(const struct pdf_inline_ctx *c, const struct gz_node *first,
    const struct gz_node *end, enum pdf_face face, bool bold, double size_pt,
    double width_pt, PangoAlignment align);
/* A text of plain UTF-8 in one face. */
struct pdf_text *pdf_plain_text(const struct pdf_style *st, struct pdf_fonts *fonts,
    const char *s, enum pdf_face face, bool bold, double size_pt, double width_pt);
/* Percent-encodes `url` to printable ASCII and escapes it as a cairo
 * attribute value (without quotes). */
char *pdf_uri_attr(const char *url);

/*
 * typo.c: CJK typesetting by positioning.  pdf_typo_attrs adds to `attrs`
 * (before `layout` gets them) a quarter em of letter spacing on Han and kana
 * beside Latin letters and digits, and `halt` on one of two adjacent
 * full-width marks (the first when it closes, else the second when it
 * opens), so the pair takes an em and a half; bytes in the `skip_count` ranges
 * `skip[2i], skip[2i+1]` (code) are left alone.  It keeps what settling
 * needs on the layout.
 */
void pdf_typo_attrs(const struct pdf_style *st, PangoLayout *layout, const char *text, int len,
    PangoAttrList *attrs, double size_pt, const int *skip, size_t skip_count);
/* After line breaking: moves each Latin gap to its Latin side and sets an
 * opening bracket at a line start and a closing mark at a line end
 * half-width.  Once per layout of the text (cheap to call again); layouts
 * without pdf_typo_attrs are left alone. */
void pdf_typo_settle(PangoLayout *layout);
/* Settles, then spreads each line's slack over the places beside CJK
 * characters and the word spaces; the last line and lines ended by a hard
 * break stay ragged.  Call once, after the layout's last change. */
void pdf_typo_justify(PangoLayout *layout);
/*
 * For painting: pdftotext reads a blank of a tenth of an em or more between
 * two characters as a word space, so glyphs.c bridges the blanks typo.c
 * makes.  They lie beside the one glyph of a Latin gap's run
 * (pdf_typo_spaced) and after any glyph of a line justified with a share
 * of a thirtieth of an em or more (pdf_typo_wide).  pdf_typo_gaps gives the blank before glyph
 * `g` and after its natural advance.
 */
bool pdf_typo_wide(PangoLayout *layout, PangoLayoutLine *line);
bool pdf_typo_spaced(const PangoGlyphItem *run);
void pdf_typo_gaps(const PangoGlyphItem *run, int g, int *left_pu, int *right_pu);
/* True for the characters that take emphasis dots (Han, kana, hangul). */
bool pdf_typo_dotted(uint32_t cp);

/* table.c */
struct pdf_row {
	struct pdf_text **cells;        /* one per column, owned */
	double *x_pt, *w_pt;            /* cell boxes, from the table's left */
	size_t columns;
	bool header;
	double pad_pt;
	struct pdf_elem *elem;          /* TR */
	struct pdf_elem **cell_elems;   /* TH or TD */
	/* A piece of a row taller than a page: each cell's lines [line_first,
	 * line_end), drawn from top_pu down in the cells' own coordinates.
	 * NULL line_first: the whole row. */
	int *line_first, *line_end;
	int top_pu;
	bool shares_cells;              /* a later piece owns and frees the cells */
};
bool pdf_layout_table(struct pdf_layout *lo, const struct gz_node *table,
    const struct pdf_inline_ctx *c, struct pdf_elem *parent, double x_pt, double w_pt,
    double gap_pt);
void pdf_row_free(struct pdf_row *row);

/* image.c */
struct pdf_image {
	cairo_surface_t *surface;       /* PNG pixels, or a 1x1 stand-in carrying JPEG data */
	double w_px, h_px;              /* the picture's own size */
	/* Shared by every use of the same file in a document (image.c). */
	const struct gz_doc *doc;
	dev_t dev;
	ino_t ino;
	size_t bytes;                   /* decoded pixels held */
	unsigned refs;                  /* uses; the last pdf_image_free frees it */
	struct pdf_image *next;
};
/* What stands in for a picture that cannot be loaded: its alt text (a
 * figure), or nothing (the cover, which goes without). */
enum pdf_image_use { PDF_IMAGE_ALT, PDF_IMAGE_COVER };
/* Loads a PNG or JPEG relative to the document; NULL after warning (at
 * `line`, saying what `use` does instead).  With `inside_only` (--safe), a
 * file outside the document's folder is refused.  The same file used again
 * in the document is shared, not decoded again; free each use. */
struct pdf_image *pdf_image_load(const struct gz_doc *doc, const char *url, bool inside_only,
    unsigned line, enum pdf_image_use use, struct gz_log *log);
void pdf_image_free(struct pdf_image *img);

/* stream.c: lays out and paints `doc` alone (no cover, contents or
 * columns) on two threads, into `out`; false after reporting. */
bool pdf_stream(const struct gz_doc *doc, const struct pdf_style *st, struct pdf_fonts *fonts,
    struct gz_log *log, struct gz_buf *out);

/* ---- paginate.c: where each page starts ---- */

struct pdf_page {
	size_t first, end;              /* atoms [first, end) */
	long header_row;                /* the atom repeated at the top; -1: none */
};

struct pdf_pages {
	struct pdf_page *pages;
	size_t count;
	/* Where each atom goes on its page, from the text block's top left:
	 * y of its top (after its gap) and the shift of its column. */
	double *y_pt, *dx_pt;
};

/* Breaks the atoms into pages of `body_h_pt` (in two columns when st asks)
 * and places each; never fails. */
void pdf_paginate(const struct pdf_layout *lo, const struct pdf_style *st, struct pdf_pages *out);

/*
 * The same, page by page as a layout grows (one column only): each call
 * adds the pages that the atoms so far complete, the last one when `last`
 * (no atom is to come), and returns how many pages there are.  A page is
 * complete once an atom after it is known, as a page's end depends on
 * nothing further on.
 */
struct pdf_pager {
	const struct pdf_layout *lo;
	const struct pdf_style *st;
	struct pdf_pages *out;
	size_t page_cap, atom_cap;
	size_t next;                    /* the next page's first atom */
	long header;                    /* the next page's repeated header row; -1: none */
};
void pdf_paginate_begin(struct pdf_pager *pg, const struct pdf_style *st, struct pdf_pages *out);
size_t pdf_paginate_more(struct pdf_pager *pg, const struct pdf_layout *lo, bool last);
void pdf_pages_free(struct pdf_pages *p);

/* dump.c: pages and atoms as text (golden-file tests). */
void pdf_layout_dump(const struct pdf_layout *lo, const struct pdf_pages *pages,
    struct gz_buf *out);

/* ---- paint.c: the pages on cairo's PDF surface ---- */

/* Paints every page and finishes the PDF into `out`, with the language and
 * the figures' alt texts (catalog.c); frees each page's layouts once painted.
 * False after reporting. */
bool pdf_paint(struct pdf_layout *lo, const struct pdf_pages *pages, const struct gz_doc *doc,
    const struct pdf_style *st, struct pdf_fonts *fonts, struct gz_log *log, struct gz_buf *out);

/* Painting page by page, for a layout still growing (stream.c):
 * pdf_paint_begin (which keeps nothing of `lo` but its structure elements
 * and parts), then pdf_paint_page for each page in order (from any one
 * thread), then pdf_paint_end with the whole layout, which finishes the PDF
 * into `out` (false after reporting).  A page's atoms are only read. */
struct pdf_page_view {
	size_t index;                   /* page number - 1 */
	const struct pdf_atom *atoms;   /* the page's atoms, count of them */
	size_t count;
	const double *y_pt, *dx_pt;     /* each atom's place (see pdf_pages) */
	const struct pdf_atom *header_row;      /* repeated at the top, or NULL */
	size_t part;                    /* its part in the layout */
	bool furniture;                 /* running header and folio */
};
struct pdf_painter;
struct pdf_painter *pdf_paint_begin(const struct pdf_layout *lo, bool several_pages,
    const struct gz_doc *doc, const struct pdf_style *st, struct pdf_fonts *fonts,
    struct gz_buf *out);
void pdf_paint_page(struct pdf_painter *pp, const struct pdf_page_view *v);
bool pdf_paint_end(struct pdf_painter *pp, const struct pdf_layout *lo, struct gz_log *log);
/* Frees what a painted page's atoms hold, but a table's header row, which a
 * later page may repeat (pdf_layout_free lets go of it). */
void pdf_page_release(struct pdf_layout *lo, const struct pdf_page *page);
/* Page `pi` of `pages` as pdf_paint_page takes it. */
struct pdf_page_view pdf_page_view(const struct pdf_layout *lo, const struct pdf_pages *pages,
    size_t pi);

/* glyphs.c: draws one line of a text at (x, baseline) with the subset fonts,
 * wrapping linked parts in Link tags (and loose text in Span when the text
 * has links). */
void pdf_draw_line(cairo_t *cr, struct pdf_fonts *fonts, const struct pdf_text *t,
    PangoLayoutLine *line, double x_pt, double baseline_pt);

/*
 * catalog.c: what cairo writes when it finishes a document (half the file
 * for a long one: the structure tree, outline, names, fonts, cross-reference
 * table) goes on to the file as it comes, but for the objects catalog.c
 * revises, kept aside: the catalog and the Figure structure elements.
 */
struct pdf_kept {
	long num;                       /* object number; 0: none */
	char *dict;                     /* its dictionary, "<<" to ">>" */
};
struct pdf_finish {
	size_t scanned;                 /* file offset the output is scanned up to */
	struct pdf_kept catalog;
	struct pdf_kept *figures;       /* in file order */
	size_t figure_count, figure_cap;
};
/* Keeps what it needs from `out` and sends `out` on to its sink up to the
 * end of its last whole object (none without a sink). */
void pdf_finish_pass(struct pdf_finish *fin, struct gz_buf *out);
void pdf_finish_free(struct pdf_finish *fin);
/*
 * Appends an incremental update that sets the catalog's /Lang (`lang` may be
 * NULL) and the /Alt of each Figure structure element: alts[i] for the i-th
 * figure (NULL or empty: none).  `fin` has seen all that went to the sink
 * since cairo started finishing; the rest (the trailer at least) is still in
 * `pdf`.  False when the file is not as cairo writes it.
 */
bool pdf_update_catalog(struct gz_buf *pdf, struct pdf_finish *fin, const char *lang,
    char *const *alts, size_t alt_count);

#endif /* GZ_PDF_H */
