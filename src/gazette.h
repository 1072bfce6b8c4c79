/* gazette.h: the public interface of libgazette (documents, the tree, formats). */
#ifndef GAZETTE_H
#define GAZETTE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define GZ_VERSION "0.1.0"

/*
 * Memory.  Out of memory is fatal: these never return NULL.  Everything the
 * library hands out is freed with free() unless a *_free function says otherwise.
 */
void *gz_xmalloc(size_t size);
void *gz_xcalloc(size_t count, size_t size);
void *gz_xrealloc(void *ptr, size_t size);
char *gz_xstrdup(const char *s);
char *gz_xstrndup(const char *s, size_t len);
char *gz_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer.  Renderers write into one; the caller decides where
 * the bytes go (a file, replaced atomically, or standard output).  Appending
 * cannot fail.  `data` is always NUL-terminated once anything was appended or reserved.
 */
struct gz_buf {
	char *data;
	size_t len;
	size_t cap;
	struct gz_sink *sink;   /* NULL: everything stays in the buffer */
	size_t sent;            /* bytes already handed to the sink: data[0]'s offset */
};

/* Where gz_buf_flush() sends finished output.  `write` returns false on
 * failure; the sink then drops the rest and `failed` stays set, for the
 * caller to report. */
struct gz_sink {
	bool (*write)(void *ctx, const char *data, size_t len);
	void *ctx;
	bool failed;
};

/*
 * Renderers call this where they will not look back at what they wrote
 * (between blocks, between feed items).  When the buffer has a sink and holds
 * at least 64 KiB, the bytes go to the sink and the buffer keeps only its last
 * byte (a renderer may still ask whether it is at the start of a line), so a
 * large output takes constant memory.  Without a sink it does nothing.
 */
void gz_buf_flush(struct gz_buf *b);
/* Sends the buffer's first `len` bytes to its sink and keeps the rest; does
 * nothing without a sink. */
void gz_buf_send(struct gz_buf *b, size_t len);
/* Sends all of the buffer to its sink and empties it; false when the sink
 * has failed (now or before). */
bool gz_buf_drain(struct gz_buf *b);

/* Makes room for `extra` more bytes (and a NUL) without changing the contents. */
void gz_buf_reserve(struct gz_buf *b, size_t extra);
/* Append len bytes of s (which may hold NULs), a C string, a byte, or printf's output. */
void gz_buf_append(struct gz_buf *b, const char *s, size_t len);
void gz_buf_puts(struct gz_buf *b, const char *s);
void gz_buf_putc(struct gz_buf *b, char c);
void gz_buf_printf(struct gz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free() them) and empties the buffer; the
 * length goes to *len unless len is NULL.  Never NULL: an empty buffer gives "". */
char *gz_buf_detach(struct gz_buf *b, size_t *len);
/* Frees the bytes and empties the buffer, which may be used again. */
void gz_buf_free(struct gz_buf *b);

/*
 * Diagnostics, reported as `file:line: severity: message` on standard error
 * (or to `emit`).  Under `strict`, warnings are reported and counted as errors.
 */
enum gz_severity { GZ_NOTE, GZ_WARNING, GZ_ERROR };

struct gz_log {
	bool strict;            /* warnings are errors */
	int verbosity;          /* -1 errors only, 0 warnings too, 1 notes too */
	unsigned warnings;      /* warnings reported (not promoted) */
	unsigned errors;        /* errors reported, including promoted warnings */
	/* Where messages go; NULL means standard error. */
	void (*emit)(void *ctx, enum gz_severity sev, const char *file, unsigned line,
	    const char *message);
	void *ctx;
};

/* Reports one message (printf-style) and counts it in `log`.  `file` may be
 * NULL (no location); `line` 0 leaves out the line number. */
void gz_report(struct gz_log *log, enum gz_severity sev, const char *file, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void gz_vreport(struct gz_log *log, enum gz_severity sev, const char *file, unsigned line,
    const char *fmt, va_list ap);
#define gz_warn(log, file, line, ...) gz_report((log), GZ_WARNING, (file), (line), __VA_ARGS__)
#define gz_error(log, file, line, ...) gz_report((log), GZ_ERROR, (file), (line), __VA_ARGS__)
#define gz_note(log, file, line, ...) gz_report((log), GZ_NOTE, (file), (line), __VA_ARGS__)

/*
 * Values: front matter, the site configuration and --set overrides.  YAML
 * scalars stay strings (dates included); sequences are lists; mappings keep
 * their keys in source order.
 */
enum gz_value_kind {
	GZ_VALUE_NULL,
	GZ_VALUE_STRING,
	GZ_VALUE_LIST,
	GZ_VALUE_MAP,
	GZ_VALUE_KIND_COUNT
};

struct gz_value {
	enum gz_value_kind kind;
	unsigned line;              /* source line, 0 when unknown */
	bool quoted;                /* STRING: written in quotes or as a block in YAML
				       (Liquid keeps it text; a plain `3` is a number) */
	char *string;               /* STRING: NUL-terminated UTF-8 */
	size_t count;               /* LIST, MAP: number of items */
	size_t capacity;
	char **keys;                /* MAP: keys[i] names items[i] */
	struct gz_value **items;    /* LIST, MAP: owned */
};

/* New values, owned by the caller (gz_value_free) until handed to a list or
 * map: an empty value of `kind`, a STRING copied from s[0..len), a deep copy. */
struct gz_value *gz_value_new(enum gz_value_kind kind);
struct gz_value *gz_value_new_string(const char *s, size_t len);
struct gz_value *gz_value_copy(const struct gz_value *v);
/* Frees v and everything in it; NULL is fine. */
void gz_value_free(struct gz_value *v);
/* Takes ownership of `item`. */
void gz_value_append(struct gz_value *list, struct gz_value *item);
/* Takes ownership of `item`; replaces an existing key. */
void gz_value_put(struct gz_value *map, const char *key, struct gz_value *item);
/* A direct member of a MAP, or NULL; borrowed from the map. */
const struct gz_value *gz_value_get(const struct gz_value *map, const char *key);
/* Follows a dotted path (`pdf.paper`) through maps; NULL when absent. */
const struct gz_value *gz_value_lookup(const struct gz_value *v, const char *dotted);
/* The string at a dotted path, or NULL when absent or not a string; borrowed. */
const char *gz_value_string(const struct gz_value *v, const char *dotted);
/* Sets a dotted path, creating maps on the way; takes ownership of `item`. */
void gz_value_set_path(struct gz_value *map, const char *dotted, struct gz_value *item);
/* Copies every member of the MAP `src` into the MAP `dst`, maps merged deeply. */
void gz_value_merge(struct gz_value *dst, const struct gz_value *src);

/*
 * The document tree.  The tree owns every byte it points to, holds decoded
 * UTF-8 (entities resolved) and is never escaped: each writer escapes for its
 * own format.
 *
 * Memory: a node made with gz_node_new is one allocation, and gz_node_free
 * frees it and the strings it points to with free().  The nodes of a parsed
 * document come instead from one block of memory per document, with their
 * strings (`arena` is set): gz_node_free and gz_node_unlink work the same on
 * them (an unlinked subtree stays valid after the rest of its tree is freed;
 * the block goes with the last of its nodes), but their strings are not
 * free()'d: change a node's text with gz_node_set_text, and a string set by
 * hand on a parsed node must outlive it (it is not freed).  Nodes of one
 * document are used by one thread at a time.
 */
enum gz_node_kind {
	GZ_NODE_DOCUMENT,
	/* blocks */
	GZ_NODE_HEADING,
	GZ_NODE_PARAGRAPH,
	GZ_NODE_BLOCKQUOTE,
	GZ_NODE_LIST,
	GZ_NODE_ITEM,
	GZ_NODE_CODE_BLOCK,
	GZ_NODE_HTML_BLOCK,
	GZ_NODE_THEMATIC_BREAK,
	GZ_NODE_TABLE,
	GZ_NODE_TABLE_HEAD,
	GZ_NODE_TABLE_BODY,
	GZ_NODE_TABLE_ROW,
	GZ_NODE_TABLE_CELL,
	GZ_NODE_DIV,            /* a block container from raw HTML or kramdown (elem.tag) */
	GZ_NODE_DEF_LIST,       /* <dl> */
	GZ_NODE_DEF_TERM,       /* <dt> */
	GZ_NODE_DEF_DATA,       /* <dd> */
	GZ_NODE_FOOTNOTES,      /* the page's footnote definitions, in number order */
	GZ_NODE_FOOTNOTE,       /* one definition (note.label, note.number): blocks */
	/* inlines */
	GZ_NODE_TEXT,
	GZ_NODE_SOFT_BREAK,
	GZ_NODE_HARD_BREAK,
	GZ_NODE_HTML_INLINE,
	GZ_NODE_EMPHASIS,
	GZ_NODE_STRONG,
	GZ_NODE_STRIKETHROUGH,
	GZ_NODE_CODE,
	GZ_NODE_LINK,
	GZ_NODE_IMAGE,
	GZ_NODE_SPAN,           /* an inline container from raw HTML or kramdown (elem.tag) */
	GZ_NODE_FOOTNOTE_REF,   /* a reference to note.label, numbered note.number */
	GZ_NODE_KIND_COUNT
};

enum gz_align { GZ_ALIGN_NONE, GZ_ALIGN_LEFT, GZ_ALIGN_CENTER, GZ_ALIGN_RIGHT };
enum gz_task { GZ_TASK_NONE, GZ_TASK_OPEN, GZ_TASK_DONE };

/* An attribute of a node: from raw HTML, a kramdown IAL (`{: .c #id k="v"}`), or
 * set by the parser.  `class` holds every class, space-separated. */
struct gz_attr {
	const char *name, *value;
	struct gz_attr *next;
};

struct gz_node {
	enum gz_node_kind kind;
	unsigned line;          /* 1-based line in the input file; 0 when unknown */
	struct gz_node *parent, *first, *last, *prev, *next;
	struct gz_attr *attrs;  /* in the order given; read with gz_node_attr */
	/* TEXT, CODE, CODE_BLOCK, HTML_BLOCK, HTML_INLINE: the literal text.
	 * `len` fits 32 bits: md4c parses at most 4 GiB, and the tree's text
	 * comes from what it parses. */
	char *text;
	uint32_t len;
	/* The flags of three kinds, beside `len` rather than in the union, so
	 * that the union is two pointers.  CODE_BLOCK: fenced (not indented).
	 * LINK: an autolink (its text is its URL).  DIV and SPAN: the element's
	 * tags are its first and last children (raw HTML, written through by
	 * HTML), not written from elem.tag. */
	bool fenced, autolink, raw;
	bool in_arena;          /* private: from a parsed tree's memory (arena.c) */
	union {
		struct { int level; char *id; } heading;
		struct { bool ordered; bool tight; unsigned start; char mark; } list;
		struct { enum gz_task task; } item;
		struct { char *info; char *lang; } code;        /* CODE_BLOCK */
		struct { unsigned columns; } table;
		struct { enum gz_align align; bool header; } cell;
		/* LINK and IMAGE (an image's alt text is its children). */
		struct { char *url; char *title; } link;
		/* DIV and SPAN: the HTML element's name in lower case ("table",
		 * "sub", "center"), or NULL for a container with no element. */
		struct { char *tag; } elem;
		/* FOOTNOTE and FOOTNOTE_REF: the label as written, and the number
		 * the note is shown with (1, 2, ... in order of first reference);
		 * `refs`: a FOOTNOTE's count of references, a FOOTNOTE_REF's rank
		 * among them (1 for the first), for back-links and unique ids. */
		struct { char *label; unsigned number; unsigned refs; } note;
	};
};

/* A new node with no children, owned by the caller until appended. */
struct gz_node *gz_node_new(enum gz_node_kind kind);
/* Sets n->text to a copy of s[0..len) (in the node's arena, if it has one);
 * aborts when len is 4 GiB or more. */
void gz_node_set_text(struct gz_node *n, const char *s, size_t len);
/* Makes child (which has no parent) the last child of parent, which owns it. */
void gz_node_append(struct gz_node *parent, struct gz_node *child);
/* Takes n out of its parent; the caller owns it again. */
void gz_node_unlink(struct gz_node *n);
/* Unlinks n and frees it with its whole subtree, without recursion; NULL is fine. */
void gz_node_free(struct gz_node *n);
/* The value of attribute `name` of n, or NULL. */
const char *gz_node_attr(const struct gz_node *n, const char *name);
/* Sets attribute `name` to a copy of value (NULL removes it); for `class`,
 * value is added to the classes already there. */
void gz_node_set_attr(struct gz_node *n, const char *name, const char *value);
/* The kind's name as `-t tree` prints it ("heading"); a static string. */
const char *gz_node_kind_name(enum gz_node_kind kind);
/* Whether nodes of this kind are blocks (and carry a source line). */
bool gz_node_is_block(enum gz_node_kind kind);
/* The plain text of a subtree: text, code and alt text, breaks as one space.
 * A new string: free() it. */
char *gz_node_plain_text(const struct gz_node *n);

/*
 * The shared walker.  `enter` is called before a node's children, `leave`
 * after them (also when `enter` returned GZ_WALK_SKIP).  A NULL handler means
 * "continue".  The walk is iterative: any depth is safe.
 */
enum gz_walk_result { GZ_WALK_NEXT, GZ_WALK_SKIP, GZ_WALK_STOP };

struct gz_handler {
	enum gz_walk_result (*enter)(const struct gz_node *n, void *ctx);
	void (*leave)(const struct gz_node *n, void *ctx);
};

/* Returns false when a handler stopped the walk. */
bool gz_walk(const struct gz_node *root, const struct gz_handler handlers[GZ_NODE_KIND_COUNT],
    void *ctx);

/* An instant, and the UTC offset it was written in (kept for display, so
 * `2024-03-05 10:00:00 +0800` is written back as +0800, not converted). */
struct gz_time {
	int64_t seconds;        /* since 1970-01-01T00:00:00Z */
	int offset_min;         /* minutes east of UTC */
};

/* Options that shape parsing and rendering. */
enum gz_dialect { GZ_DIALECT_GITHUB, GZ_DIALECT_COMMONMARK };
enum gz_feed_items { GZ_FEED_ITEMS_AUTO, GZ_FEED_ITEMS_ENTRIES, GZ_FEED_ITEMS_PAGES };

struct gz_options {
	enum gz_dialect dialect;
	bool safe;                  /* drop raw HTML and dangerous URLs; keep images inside */
	bool fragment;              /* HTML: the body only */
	bool toc;                   /* a table of contents */
	bool no_front_matter;       /* read a leading `---` block as Markdown */
	const char *template_path;  /* HTML: replaces the built-in page */
	bool layouts;               /* HTML: a page's Jekyll `layout:` chain from _layouts/ */
	enum gz_feed_items feed_items;
	unsigned long feed_limit;   /* 0: every item */
	const char *const *font_dirs;
	size_t font_dir_count;
	/* Folders to look for images in after the page's own (--resource-path). */
	const char *const *resource_dirs;
	size_t resource_dir_count;
	/* --set KEY=VALUE, as a MAP of dotted keys to strings; may be NULL. */
	const struct gz_value *sets;
};

/* A page's author. */
struct gz_person {
	char *name;
	char *email;            /* or NULL */
};

/* Where a page's date came from, best first: only the first two are the
 * page's own; the others stand in so that every page has a date. */
enum gz_date_source {
	GZ_DATE_FRONT_MATTER,   /* date: */
	GZ_DATE_FILE_NAME,      /* a Jekyll post's YYYY-MM-DD- */
	GZ_DATE_EPOCH,          /* SOURCE_DATE_EPOCH */
	GZ_DATE_MTIME,          /* the file's modification time */
	GZ_DATE_NOW,            /* the clock */
};

/*
 * What a page says about itself, worked out once when it is parsed, so that
 * every backend shows the same title, authors and date.
 */
struct gz_meta {
	char *title;            /* `title:`, else the first heading's text, else the stem */
	bool title_given;       /* it is the front matter's `title:` */
	char *description;      /* `description:`, or NULL */
	struct gz_person *authors;      /* `author:` or `authors:`: a name, a map with */
	size_t author_count;            /* name and email, or a list of either */
	bool authors_from_site;         /* the page names none: the site's `author:` */
	enum gz_date_source date_source;
	struct gz_time date;
	char *permalink;        /* its path on the site, below baseurl (`/2024/03/05/x.html`) */
};

/* One input, parsed. */
struct gz_doc {
	char *path;             /* as given; "-" for standard input */
	char *name;             /* for messages: the path, or "<stdin>" */
	char *stem;             /* output base name: file name without its extension */
	struct gz_value *page;  /* front matter (a MAP, empty when there was none) */
	const struct gz_value *site;    /* borrowed site configuration (a MAP) */
	char *lang;             /* BCP 47 tag, or NULL when unknown */
	struct gz_node *root;   /* a DOCUMENT node */
	bool streamed;          /* its body went block by block (gz_doc_load_blocks): root is empty */
	struct gz_meta meta;
	/* The options' resource_dirs, borrowed: the options outlive the page. */
	const char *const *resource_dirs;
	size_t resource_dir_count;
};

/*
 * Parses Markdown with optional front matter.  `name` is used in messages and
 * as the page's path; `site` is borrowed and must outlive the document.
 * Returns NULL after reporting to `log` when the input cannot be converted.
 * `data` may end anywhere: it is parsed from a copy.
 */
struct gz_doc *gz_doc_parse(const char *name, const char *data, size_t len,
    const struct gz_value *site, const struct gz_options *opts, struct gz_log *log);
/*
 * gz_doc_load, handing the body's top-level blocks to `fn` as they are parsed,
 * a few dozen at a time, when the page needs no pass over its whole tree (no
 * footnotes, kramdown braces or raw HTML): the siblings from `first` up to
 * `end` (NULL: the last), as gz_doc_load's tree would hold them, in order;
 * they are freed when `fn` returns, so that memory does not grow with the
 * page.  The document returned then has doc->streamed set and an empty root;
 * otherwise `fn` is never called and the tree is whole.  `fn` sees the
 * document with its language and title known as far as they can be: the
 * language is guessed before the first block is handed on.
 */
typedef void gz_doc_block_fn(const struct gz_doc *doc, const struct gz_node *first,
    const struct gz_node *end, void *ctx);
struct gz_doc *gz_doc_load_blocks(const char *path, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log, gz_doc_block_fn *fn, void *ctx);
/* Reads `path` ("-" is standard input) and parses it. */
struct gz_doc *gz_doc_load(const char *path, const struct gz_value *site,
    const struct gz_options *opts, struct gz_log *log);
/* Frees a document and its tree (not the site it borrows); NULL is fine. */
void gz_doc_free(struct gz_doc *doc);

/*
 * The site configuration for an input: `config_path` if given, else the
 * nearest `_config.yml` in the input's folder or above, with `opts->sets`
 * applied.  Returns NULL after reporting when a configuration is unreadable.
 */
struct gz_value *gz_site_load(const char *config_path, const char *input_path,
    const struct gz_options *opts, struct gz_log *log);

/* Maps a page language (`cn`, `zh_tw`, `jp`, `en-us`) to BCP 47 (a new
 * string: free() it), or NULL when it is no language tag. */
char *gz_lang_tag(const char *value);

/*
 * Frees what the library keeps for the whole process (fonts loaded once for
 * every PDF, cairo's and fontconfig's caches).  Call it once, at the end, when
 * no document, buffer or conversion is in use; no gz_ function may be called
 * after it.
 */
void gz_shutdown(void);

/* gazette's version and those of the libraries it runs with, one a line;
 * a new string: free() it. */
char *gz_versions(void);

/* What a backend is asked to render. */
struct gz_render {
	const struct gz_options *opts;
	struct gz_log *log;
	struct gz_doc *const *docs;     /* one for per-document formats */
	size_t count;
	/* The output's path inside the output folder (`posts/x.html`, `feed.xml`),
	 * its file name when written to a named file, NULL for standard output. */
	const char *output_name;
	/* Every format the same run writes (a page links to the feeds among
	 * them); may be empty. */
	const struct gz_format *const *run_formats;
	/* Parallel to run_formats: where a collection is written below the
	 * output folder (a site's feed.xml), or NULL; the array may be NULL. */
	const char *const *run_format_paths;
	size_t run_format_count;
};

/*
 * A backend.  It is built in (`render` set) or a module of its own, loaded
 * the first time it is needed (`module` names the file, `module_render` the
 * renderer's symbol in it, `module_versions` that of a function returning
 * the versions of the libraries it runs with as a new string), so that a run pays for a backend's libraries only
 * when it uses the backend.  Render with gz_format_render().
 */
struct gz_format {
	const char *name;               /* as given to -t */
	const char *summary;            /* one line for --help */
	const char *extension;          /* per-document output: NAME.extension */
	const char *collection_name;    /* non-NULL: one output for all inputs */
	const char *media_type;         /* non-NULL: pages advertise the output (feeds) */
	bool combines;                  /* --combine makes one output of all inputs */
	bool (*render)(const struct gz_render *r, struct gz_buf *out);
	/* Optional: writes a page as it is parsed, a top-level block at a time
	 * (gz_doc_load_blocks), for a run whose one per-page output this is and
	 * whose options `streams` accepts.  Loads `path` (the page of r, whose
	 * docs are unused) and renders it to `out`; returns the document, or
	 * NULL after reporting; false in *rendered when the output failed. */
	bool (*streams)(const struct gz_options *opts);
	struct gz_doc *(*load_and_render)(const struct gz_render *r, const char *path,
	    const struct gz_value *site, struct gz_buf *out, bool *rendered);
	const char *module;             /* "gazette-pdf.so" */
	const char *module_render;      /* "gz_pdf_module_render" */
	const char *module_versions;    /* its libraries' versions, one a line */
};

/* Every backend, in --help's order, and the one named `name` (as given to
 * -t), or NULL.  Static: never freed. */
extern const struct gz_format *const gz_formats[];
extern const size_t gz_format_count;
const struct gz_format *gz_format_find(const char *name);

/* Appends the output of `f` to `out`, loading its module first when it is
 * one; false after reporting to r->log. */
bool gz_format_render(const struct gz_format *f, const struct gz_render *r, struct gz_buf *out);

/*
 * Converts one Markdown string (front matter allowed) to `format` with no site
 * configuration beyond `opts->sets`.  Returns false after reporting to `log`.
 */
bool gz_convert(const char *markdown, size_t len, const char *format,
    const struct gz_options *opts, struct gz_log *log, struct gz_buf *out);

#endif /* GAZETTE_H */
