/* internal.h: what the library's own files share and its users do not see. */
#ifndef GZ_INTERNAL_H
#define GZ_INTERNAL_H

#include "gazette.h"

#include <stdint.h>

#define GZ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* util.c: reading files through one descriptor, with limits (documented
 * under LIMITS in gazette(1)).  errno GZ_ENOTREG: not a regular file; EFBIG:
 * over the limit; gz_strerror() words both. */
#define GZ_ENOTREG 0x10000
#define GZ_INPUT_MAX ((size_t)256 << 20)       /* a page */
#define GZ_CONFIG_MAX ((size_t)1 << 20)        /* _config.yml, --config, a template */
#define GZ_IMAGE_MAX ((size_t)64 << 20)        /* an image file */
struct stat;
/* Opens a regular file for reading (`flags` adds O_NOFOLLOW and the like)
 * without blocking on a FIFO, and fills *st from the descriptor itself;
 * -1 with errno set otherwise (EISDIR, GZ_ENOTREG...). */
int gz_open_file(const char *path, int flags, struct stat *st);
/* The rest of `fd`, NUL-terminated, its length in *len; NULL with errno set
 * (EFBIG past `max` bytes, found before reading them).  free() it. */
char *gz_read_fd(int fd, size_t max, size_t *len);
/* The whole of a regular file of at most `max` bytes, as gz_read_fd. */
char *gz_read_file_max(const char *path, size_t max, size_t *len);
/* A page: "-" is standard input; a FIFO is read too, a device is not;
 * GZ_INPUT_MAX bytes at most. */
char *gz_read_file(const char *path, size_t *len);
/* util.c: the file name of `path` without its extension (`a/2024-03-05-x.md`:
 * `2024-03-05-x`; a leading dot is no extension).  A new string. */
char *gz_path_stem(const char *path);
/* `path` with its empty, `.` and `..` segments dropped (`a/b`, never a
 * leading or trailing slash), so that joined to a folder it stays inside
 * it, as Jekyll's sanitized_path keeps a setting inside the site.  A new
 * string, empty when nothing is left. */
char *gz_path_inside(const char *path);
/* strerror() that also words GZ_ENOTREG and EFBIG. */
const char *gz_strerror(int err);
/* Appends `s` with its control characters (C0, DEL, C1) as \xNN or \uNNNN,
 * for a terminal. */
void gz_escape_controls(struct gz_buf *out, const char *s);

/* utf8.c */
#define GZ_REPLACEMENT_CHAR 0xFFFDu
/* x86-64: the loops that scan text a block of bytes at a time (utf8.c,
 * html_escape.c) have an AVX2 variant, taken when gz_cpu_avx2 says the
 * processor has it (set as the library loads). */
#if defined(__x86_64__) && defined(__GNUC__)
#define GZ_AVX2 1
extern __attribute__((visibility("hidden"))) bool gz_cpu_avx2;
#endif
/* Decodes one code point from s[0..len), len > 0.  Returns the bytes consumed
 * (at least 1); an invalid sequence gives U+FFFD and consumes one byte. */
size_t gz_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* The length of the longest valid UTF-8 prefix of s[0..len) (len when all is
 * valid); fast on ASCII. */
size_t gz_utf8_valid_prefix(const char *s, size_t len);
/* Whether cp is a Unicode noncharacter (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF):
 * valid UTF-8 that HTML and XML do not allow in a document. */
static inline bool gz_utf8_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}
/* As gz_utf8_valid_prefix, but the prefix also ends at the first
 * noncharacter: the part of an input that needs no cleaning. */
size_t gz_utf8_clean_prefix(const char *s, size_t len);
/* Decodes the code point that ends at s[len - 1]; U+FFFD when invalid. */
uint32_t gz_utf8_last(const char *s, size_t len);
/* Writes cp as UTF-8 into out (4 bytes at most); returns the length. */
size_t gz_utf8_encode(uint32_t cp, char out[4]);
/* Han, kana, hangul, bopomofo, CJK symbols and punctuation, full-width forms. */
bool gz_is_cjk(uint32_t cp);

/* yaml.c: YAML through libyaml's event API, with limits on size, depth,
 * events, scalar length and aliases.  Returns a MAP, or NULL after reporting
 * `name:line:col: ...`; `first_line` is the file line of data[0]. */
struct gz_value *gz_yaml_parse(const char *name, const char *data, size_t len,
    unsigned first_line, struct gz_log *log);
/* The same for a document of any shape: a MAP, LIST, STRING, or a NULL value
 * when the document is empty (front matter words its own error for these). */
struct gz_value *gz_yaml_parse_value(const char *name, const char *data, size_t len,
    unsigned first_line, struct gz_log *log);

/* frontmatter.c: splits a leading `---` block off `data` (a UTF-8 BOM and CRLF
 * accepted).  On success *page is a MAP (empty without front matter), and the
 * body starts at data[*body_offset], on file line *body_line.  Returns false
 * after reporting. */
bool gz_front_matter_split(const char *name, const char *data, size_t len,
    struct gz_value **page, size_t *body_offset, unsigned *body_line, struct gz_log *log);

/*
 * liquid_*.c: Liquid as Jekyll runs it (see doc/liquid.md).  What a page or
 * template is rendered with; every pointer may be NULL.
 */
struct gz_liquid_env {
	const char *name;               /* for messages */
	const char *path;               /* the file, for include_relative ("-": none) */
	const struct gz_value *page;    /* front matter */
	const struct gz_value *site;    /* configuration; `source` is the site's root */
	const char *url;                /* page.url */
	const struct gz_time *date;     /* page.date */
	/* page.content: the body before rendering, NUL-terminated at content_len;
	 * the render reads it where it is, without a copy. */
	const char *content;
	size_t content_len;
	char **categories;              /* a post's folders above _posts, before page.categories */
	size_t category_count;
	const struct gz_value *vars;    /* more top-level variables, text */
	const struct gz_value *html_vars;       /* more top-level variables, HTML */
	bool escape_output;             /* templates: {{ }} escapes what is not HTML */
	bool bare_names;                /* a bare {{ name }} is page.name, else site.name */
};
/* Renders `text` (file line `first_line` at text[0]).  Returns a new string
 * (length in *out_len), or NULL after reporting `file:line: error: ...` (a
 * syntax error, an unknown tag, a bad filter argument, a limit passed).
 * Undefined variables are warned about once per name. */
char *gz_liquid_render(const struct gz_liquid_env *env, const char *text, size_t len,
    unsigned first_line, struct gz_log *log, size_t *out_len);
/* The same, but the result may be written over text[0..len) (text[len] a
 * NUL), which is then returned: a page that holds only {{ }} outputs, none
 * longer than its tag, costs no second buffer. */
char *gz_liquid_render_over(const struct gz_liquid_env *env, char *text, size_t len,
    unsigned first_line, struct gz_log *log, size_t *out_len);
/* The same for a page body with only front matter and site (the bare-name
 * fallback on). */
char *gz_liquid_expand(const char *name, const char *body, size_t len, unsigned first_line,
    const struct gz_value *page, const struct gz_value *site, struct gz_log *log,
    size_t *out_len);
/* defaults.c: Jekyll's `defaults:` of `site` for the page at `path`: the
 * values of every scope that holds it (by path below the site's root and by
 * type: posts, drafts, pages, a collection), the more specific ones over the
 * broader ones, under what *page sets itself.  *page may be replaced. */
void gz_jekyll_defaults(struct gz_value **page, const struct gz_value *site, const char *path);

/* liquid_layout.c: the layout a page names (`layout:`, not `none`), or NULL. */
const char *gz_layout_name(const struct gz_doc *doc);
/* Puts a page's HTML into its layout chain from the site's `_layouts/`
 * (`layouts_dir:`), each layout rendered with `content`, `layout.*`, page.*
 * and site.*.  A new string, or NULL after reporting a missing layout, a
 * layout inside itself or a Liquid error. */
char *gz_liquid_layout(const struct gz_doc *doc, const struct gz_options *opts, const char *html,
    size_t len, struct gz_log *log, size_t *out_len);
/* A page of a Jekyll site that is not Markdown (`404.html`, `feed.xml`), as
 * Jekyll writes it: the site's `defaults:` and --set page.* applied, its body
 * through Liquid, then (with opts->layouts) through the layouts it names.
 * A new string, or NULL after reporting. */
char *gz_liquid_page(const char *path, const struct gz_value *site, const struct gz_options *opts,
    struct gz_log *log, size_t *out_len);
/* liquid_posts.c: Jekyll's title for a post without one: the words of its
 * file name's slug, capitalized (`2024-05-01-a-day` is "A Day").  A new string. */
char *gz_titleize_slug(const char *stem);
/* Whether the file at `path` is a Jekyll post (in a _posts folder). */
bool gz_is_post(const char *path);
/* The HTML of the block `first` (a post's excerpt, Jekyll's first paragraph). */
char *gz_post_excerpt(const struct gz_node *first, const struct gz_options *opts);

/* util.c: aligned_alloc that exits when memory runs out, as gz_xmalloc. */
void *gz_xaligned_alloc(size_t align, size_t size);

/* arena.c: the memory of a parsed tree.  Its nodes and their strings come
 * from one arena, found from a node's address (gz_node_arena); gz_node_free releases an arena node
 * (gz_arena_release), and the arena is freed with the last of its nodes, so
 * that a subtree unlinked from a parsed tree stays valid on its own.  Not
 * thread-safe: one arena is used by one thread at a time. */
struct gz_arena;
struct gz_arena *gz_arena_new(void);
/* An arena's memory comes in chunks of GZ_ARENA_CHUNK bytes, aligned on
 * that size, each starting with its arena's address: gz_node_arena is the
 * arena a node is from, or NULL (gz_node_new's), without a pointer in every
 * node. */
enum { GZ_ARENA_CHUNK = 4 * 1024 };
static inline struct gz_arena *
gz_node_arena(const struct gz_node *n)
{
	if (!n->in_arena)
		return NULL;
	return *(struct gz_arena *const *)((uintptr_t)n & ~(uintptr_t)(GZ_ARENA_CHUNK - 1));
}
/* What an arena counts of its nodes' links: live nodes with no parent or a
 * parent from elsewhere, and children from elsewhere under its nodes.  One
 * loose node and no stranger: a tree that is all the arena holds. */
struct gz_arena_links {
	size_t loose, strangers;
};
/* Counts `child` put under `parent` (linked) or taken from it, for
 * gz_arena_free_tree; every change of a node's parent goes through it. */
static inline void
gz_arena_link(const struct gz_node *parent, const struct gz_node *child, bool linked)
{
	struct gz_arena *pa = gz_node_arena(parent), *ca = gz_node_arena(child);
	if (ca && ca == pa)
		((struct gz_arena_links *)ca)->loose += linked ? (size_t)-1 : 1;
	else if (pa)
		((struct gz_arena_links *)pa)->strangers += linked ? 1 : (size_t)-1;
}
/* gz_node_append and gz_node_is_block, inline for the tree builder, which
 * runs them for every node md4c reports. */
static inline void
gz_node_append_inline(struct gz_node *parent, struct gz_node *child)
{
	gz_arena_link(parent, child, true);
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}
static inline bool
gz_kind_is_block(enum gz_node_kind kind)
{
	return kind != GZ_NODE_DOCUMENT && kind < GZ_NODE_TEXT;
}
/* A zeroed node of `kind` (counted as live) from `a`. */
struct gz_node *gz_arena_node(struct gz_arena *a, enum gz_node_kind kind);
/* The same with its text, a copy of s[0..len), in one piece with it (most
 * text nodes get one piece of text: one allocation instead of two). */
struct gz_node *gz_arena_text_node(struct gz_arena *a, enum gz_node_kind kind, const char *s,
    size_t len);
/* `size` bytes aligned for any object, freed with the arena. */
void *gz_arena_alloc(struct gz_arena *a, size_t size);
/* A NUL-terminated copy of s[0..len) that lives as long as the arena. */
char *gz_arena_strndup(struct gz_arena *a, const char *s, size_t len);
/* Appends s[0..add) to `str` (len bytes, from this arena); returns the string,
 * which moves unless it was the arena's last allocation and the room sufficed. */
char *gz_arena_append(struct gz_arena *a, char *str, size_t len, const char *s, size_t add);
/* `count` loose nodes fewer, n the latest of them (none is used again);
 * frees the arena with its last node, and gives back n's room when n was its
 * newest allocation. */
void gz_arena_release(struct gz_arena *a, struct gz_node *n, size_t count);
/* False when root's tree cannot hold a node of `kind`: it is all from one
 * arena (no stranger under it) that never made one.  Lets a walk that looks
 * for a kind pass over the text where none can be. */
bool gz_tree_may_hold(const struct gz_node *root, enum gz_node_kind kind);
/* Frees `root`, which has no parent, with its subtree at once when they are
 * all its arena holds (a parsed page, about to go); false, doing nothing,
 * otherwise. */
bool gz_arena_free_tree(struct gz_node *root);
/* The same for the children of `root`, which stays, alone: a page parsed a
 * block at a time lets its blocks go without a walk over their nodes. */
bool gz_arena_free_children(struct gz_node *root);
/* tree.c: frees every child of n, at once where gz_arena_free_children can. */
void gz_node_free_children(struct gz_node *n);
/* Where an arena's next allocation goes: gz_arena_rewind takes it back
 * there once only the node allocated before the mark is left (a page's
 * root, its blocks freed one by one), and the memory between is used
 * again, still mapped and in the caches.  False, doing nothing, while
 * other nodes live. */
struct gz_arena_mark {
	void *chunk, *next, *end, *big;
};
struct gz_arena_mark gz_arena_mark(const struct gz_arena *a);
bool gz_arena_rewind(struct gz_arena *a, struct gz_arena_mark m);

/* tree.c: gz_node_plain_text appended to `out` (which plain_block_end looks
 * back at: start it empty). */
void gz_node_plain_text_into(const struct gz_node *n, struct gz_buf *out);

/* markdown.c: builds the tree with md4c.  `first_line` is the file line of
 * text[0].  Returns NULL after reporting when md4c fails.  text[len] must be
 * a NUL (or, in a piece of a page, a `<`, or text[len - 1] a newline): md4c
 * 0.4.8 reads the byte after its input when the input ends inside a link's
 * destination, and `[a](b` with a `)` there crashes it (doc/platform.md). */
struct gz_node *gz_markdown_parse(const char *name, const char *text, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log);
/* The same, handing each top-level block to `fn` as soon as md4c has left
 * it (heading ids given).  `fn` may unlink and free the block: when the root
 * is then alone, the next block is built in the same memory, so a page is
 * never held whole.  A block holding a block without text of its own (a
 * rule) waits for the next text, whose line it takes as in a whole tree, and
 * the blocks closed meanwhile wait with it: `fn` gets them all then, in
 * order.  Raw HTML stays as md4c reports it, and none of gz_markdown_page's
 * passes over the whole page runs: for pages that need none
 * (gz_markdown_page_streams). */
typedef void gz_block_fn(struct gz_node *root, struct gz_node *block, void *ctx);
struct gz_node *gz_markdown_parse_blocks(const char *name, const char *text, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log, gz_block_fn *fn,
    void *ctx);

/* slug.c: GitHub-style heading ids that keep CJK, unique in constant time. */
struct gz_slugs;
struct gz_slugs *gz_slugs_new(void);
void gz_slugs_free(struct gz_slugs *s);
/* An id for text[0..len) (never empty), distinct from every id returned
 * before; its length goes to *id_len.  Borrowed: valid until the next call. */
const char *gz_slug_unique(struct gz_slugs *s, const char *text, size_t len, size_t *id_len);
/* Records id[0..len) as taken, as it is (an id from an IAL or raw HTML);
 * false when it was taken already. */
bool gz_slug_reserve(struct gz_slugs *s, const char *id, size_t len);

/* extensions.c: gz_markdown_parse for a page, with what md4c 0.4.8 does not
 * read: footnotes (footnote.c), kramdown's block extensions, IALs and ALDs
 * (kramdown.c), then heading levels and ids fit for the page (outline.c). */
struct gz_node *gz_markdown_page(const char *name, const char *text, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log);
/* Whether gz_markdown_parse_blocks gives a page the blocks gz_markdown_page
 * would: it has none of what those passes read (no `[^`, `{:` or `{#`) and
 * no raw HTML (not a `<`). */
bool gz_markdown_page_streams(const char *text, size_t len);

/* What the pre-pass took out of a page's source: footnote definitions and
 * kramdown {::nomarkdown} blocks, each with its file line. */
struct gz_extract_item {
	unsigned line;
	char *label;            /* a footnote's label; NULL for nomarkdown */
	char *text;             /* the body (dedented) or the raw HTML */
	size_t len;
};
struct gz_extract {
	struct gz_extract_item *items;
	size_t count, cap;
};

/* footnote.c: the definitions `defs` (label set) become a FOOTNOTES node at
 * the end of root; `[^label]` in text becomes FOOTNOTE_REF nodes numbered in
 * order of first reference.  Undefined references stay text, unused
 * definitions are dropped, both with a warning. */
void gz_footnotes_apply(struct gz_node *root, const struct gz_extract *ex, const char *name,
    enum gz_dialect dialect, struct gz_log *log);

/* footnote.c: the file line an inline node is on (its block's first line
 * and the breaks before it). */
unsigned gz_inline_line(const struct gz_node *n);
/* tree.c: makes n (unlinked) a child of parent just before `at`, one of
 * parent's children, or its last child when at is NULL. */
void gz_node_insert_before(struct gz_node *at, struct gz_node *parent, struct gz_node *n);

/* kramdown.c: IALs, ALDs and `{#id}` header ids in the tree made from `src`
 * (the text md4c read, first_line its first line; NULL when unknown) become
 * attributes.  Returns whether any id was set. */
bool gz_kramdown_apply(struct gz_node *root, const char *src, size_t len, unsigned first_line,
    const char *name, struct gz_log *log);

/* outline.c: heading levels without a skipped level, and heading ids unique
 * against every other id of the page (attributes, footnotes, raw HTML). */
void gz_outline_levels(struct gz_node *root, bool titled);
/* The same a top-level block at a time, in order (the first decides whether
 * the body's own h1 is the title). */
struct gz_outline {
	int written[6], given[6];       /* the open headings' levels, as written and given */
	size_t depth;
	bool titled, started;
};
void gz_outline_start(struct gz_outline *o, bool titled);
void gz_outline_block(struct gz_outline *o, struct gz_node *block);
void gz_outline_ids(struct gz_node *root);
/* The HTML id of a FOOTNOTE (`fn-LABEL`) or FOOTNOTE_REF (`fnref-LABEL`, then
 * `fnref-LABEL-2`...), as cmark-gfm writes them, appended to out. */
void gz_footnote_id(struct gz_buf *out, const struct gz_node *n);

/* entity.c: decodes `&name;`, `&#123;` and `&#x1F;` into UTF-8 (appended to b);
 * false when `s` is not a known entity. */
bool gz_entity_decode(const char *s, size_t len, struct gz_buf *b);

/* lang.c: whether the BCP 47 tag `lang` (NULL: none) is `prefix` or one of its
 * regional forms ("zh-TW" is "zh"); and a table of contents' title in that
 * language ("目录", "Contents"), static, for the HTML and PDF backends alike. */
bool gz_lang_is(const char *lang, const char *prefix);
const char *gz_toc_label(const char *lang);
/* The language most of a tree's text is in, when that is CJK: "ja" (kana),
 * "ko" (hangul), "zh" (Han alone); NULL for any other text.  Reads at most a
 * few thousand letters. */
const char *gz_lang_guess(const struct gz_node *root);
/* The same a part at a time: the letters of each part are counted in turn
 * (gz_lang_count, which reads nothing once the count is full), then
 * gz_lang_decide says what they look like. */
struct gz_lang_count {
	size_t latin, kana, hangul, han;
};
void gz_lang_count(struct gz_lang_count *c, const struct gz_node *n);
bool gz_lang_count_full(const struct gz_lang_count *c);
const char *gz_lang_decide(const struct gz_lang_count *c);

/* rawhtml.c (the module gazette-rawhtml.so, libxml2): raw HTML as nodes.
 * `open` makes a parser for one document's raw HTML, `close` frees it.
 * `map` appends to an HTML_BLOCK or HTML_INLINE what its text shows (tables,
 * paragraphs, lists, spans...), in its arena, lines counted from `line`;
 * `tag` names a DIV or SPAN after the element an opening tag starts and
 * copies its attributes (less kramdown's `markdown`), false when there is
 * none (libxml2's version is the feed module's to report). */
struct gz_rawhtml;
struct gz_rawhtml_ops {
	struct gz_rawhtml *(*open)(void);
	void (*close)(struct gz_rawhtml *p);
	void (*map)(struct gz_rawhtml *p, struct gz_node *n, unsigned line);
	bool (*tag)(struct gz_rawhtml *p, const char *s, size_t len, struct gz_node *into);
};
/* htmltree.c: after md4c, raw HTML into the tree (see doc/raw-html.md):
 * blocks and inline tags mapped, inline tags paired into SPANs, elements
 * left open across Markdown blocks made DIVs, kramdown's markdown="1"
 * content parsed as Markdown.  `src` is the text md4c parsed (file line
 * `first_line`).  Loads gazette-rawhtml.so on first use. */
void gz_html_tree(struct gz_node *root, const char *name, const char *src, size_t len,
    unsigned first_line, enum gz_dialect dialect, struct gz_log *log);
/* Whether an element of this name (lower case) is one no backend but HTML
 * can show (iframe, script, video, forms...). */
bool gz_tag_is_undrawn(const char *tag);
/* A table cell's `colspan` or `rowspan` (attr), at least 1, at most 1000. */
unsigned gz_cell_span(const struct gz_node *cell, const char *attr);

/* toml.cc (the module gazette-toml.so): a TOML document as a MAP, scalars as
 * strings; NULL after reporting. */
typedef struct gz_value *gz_toml_parse_fn(const char *name, const char *data, size_t len,
    struct gz_log *log);
/* hugo.c: Hugo's configuration keys in the names the backends read. */
void gz_hugo_config(struct gz_value *site);

/* scan.c: a site folder as Jekyll or Hugo reads it. */
enum gz_site_entry_kind {
	GZ_SITE_PAGE,           /* converted */
	GZ_SITE_STATIC,         /* copied as it is */
	GZ_SITE_LIQUID,         /* Jekyll's: not Markdown, with front matter: through
				   Liquid (gz_liquid_page) */
	GZ_SITE_DOC,            /* Jekyll's: a document of a collection that is not
				   written (output: false), for site.LABEL alone */
};
struct gz_site_entry {
	enum gz_site_entry_kind kind;
	char *path;             /* to open: the root joined with rel */
	char *rel;              /* below the site's root */
	char *output;           /* below the output folder: `2019/05/06/x.html`, `img/a.png` */
};
struct gz_site_map {
	struct gz_site_entry *entries;  /* in name order, folder by folder */
	size_t count, cap;
};
/* Fills `map` with the site at `root` whose configuration is `site` (from
 * gz_site_load): Jekyll's pages (Markdown with front matter, posts in any
 * _posts, not `published: false` nor dated in the future), what it copies,
 * and what it leaves out (names starting with '_' or '.', `exclude:` unless
 * `include:`); Hugo's pages in content/, their bundles' resources and
 * static/.  The folder `skip` (resolved; the output, when it lies in the
 * site) is left out.  False after reporting an error. */
bool gz_site_scan(const char *root, const struct gz_value *site, bool drafts, const char *skip,
    struct gz_site_map *map, struct gz_log *log);
void gz_site_map_free(struct gz_site_map *map);
/* Where the page published at `url` is written below the output folder:
 * a folder's index, or a file of the kind `ext` names (".html" for pages). */
char *gz_site_output_path(const char *url, const char *ext);

/* resource.c: the file a page's image or link URL names: `/x` from the site's
 * root (Hugo: its static/), below baseurl; a relative URL against the page's
 * URL on a Jekyll site; then beside the page's source file.  A new path, or
 * NULL when the URL is remote or nothing exists; then `tried` (if not NULL)
 * has the paths tried, for the warning. */
char *gz_resource_path(const struct gz_doc *doc, const char *url, struct gz_buf *tried);
/* Checks a page's images as a walk meets them: warns, once per URL, of each
 * image named by a local path that names no file (remote images are the
 * reader's to fetch).  Zero-initialise with doc and log set; end with
 * gz_image_check_done. */
struct gz_image_check {
	const struct gz_doc *doc;
	struct gz_log *log;
	void *seen;             /* private: the URLs warned about */
};
void gz_image_check(struct gz_image_check *c, const struct gz_node *image);
void gz_image_check_done(struct gz_image_check *c);

/* site.c: applies --set overrides (see gz_site_load) to a site MAP. */
void gz_site_apply_sets(struct gz_value *site, const struct gz_value *sets);
/* The nearest site configuration in the input's folder or above: Jekyll's
 * _config.yml, or Hugo's hugo.toml, hugo.yaml, config.toml, config.yaml (a
 * new string), or NULL. */
char *gz_site_find_config(const char *input_path);
/* gz_site_load with the configuration gz_site_find_config found (NULL: none). */
struct gz_value *gz_site_load_found(const char *found, const struct gz_options *opts,
    struct gz_log *log);
/* A site configuration's text as its file name says: TOML (through the
 * gazette-toml module) for `*.toml`, else YAML; Hugo's for `hugo.*`,
 * `config.yaml` and TOML, Jekyll's otherwise.  Returns a MAP (the caller
 * owns it), or NULL after reporting `path:line: ...`. */
struct gz_value *gz_site_parse(const char *path, const char *text, size_t len, struct gz_log *log);
/* Where the site setting `v` (a value inside `site`) was written, for
 * messages: the configuration's path, with its line in *line; or NULL, with
 * *line 0, for a --set override or a value gazette derived (the message then
 * names the setting).  Borrowed from `site`. */
const char *gz_site_where(const struct gz_value *site, const struct gz_value *v, unsigned *line);

/* module.c: the symbol `name` of the module file `module` (beside libgazette,
 * or installed in its gazette/ folder), loading it once; NULL after reporting.
 * Thread-safe. */
void *gz_module_symbol(const char *module, const char *name, struct gz_log *log);
/* The module's versions (from its function `symbol`), or a line saying why
 * it cannot be loaded; a new string. */
char *gz_module_versions(const char *module, const char *symbol);

/* shutdown.c: registers fn to run in gz_shutdown (last registered, first run). */
void gz_at_shutdown(void (*fn)(void));

/* url.c: the URL rules every backend shares. */
/* True when `url` starts with a scheme (`https:`, `mailto:`). */
bool gz_url_is_absolute(const char *url);
/* Whether --safe drops a link (or, with `image`, an image) to `url`:
 * javascript:, vbscript: and data: (for an image, data: other than PNG, GIF,
 * JPEG or WebP).  Every backend applies it to every URL it writes. */
bool gz_url_is_dangerous(const char *url, bool image);
/* Appends `ref` resolved against `base` (RFC 3986, section 5.2); a `base`
 * without a scheme, or a `ref` with one, leaves `ref` as it is. */
void gz_url_resolve_into(struct gz_buf *out, const char *base, const char *ref);
/* The same as a new string. */
char *gz_url_resolve(const char *base, const char *ref);
/* Appends `s` with spaces, controls, non-ASCII bytes and `"<>\^`{|}`
 * percent-encoded, so an IRI or a sloppy URL becomes a URI; `%` is kept. */
void gz_url_encode(struct gz_buf *out, const char *s);
/* Appends `s` with each byte that may not stand in a URL path (RFC 3986's
 * pchar and '/') as %XX, `%` too: a page's path made a URL, as Jekyll's
 * URL.escape_path and Hugo's RelPermalink make it. */
void gz_url_escape_path(struct gz_buf *out, const char *s);
/* `s` with each `%XX` decoded, as a path on disk (Jekyll's unescape_path).
 * A new string. */
char *gz_url_unescape(const char *s);
/* The host of an absolute URL, lower-cased, without user or port; NULL when none. */
char *gz_url_host(const char *url);

/*
 * date.c: every date gazette reads or writes, independent of the machine's
 * time zone and locale (struct gz_time is in gazette.h).
 */
/* The calendar fields of t in its own offset. */
struct gz_civil {
	int year, month, day, hour, minute, second;
	int weekday;            /* 0 = Sunday */
	int yday;               /* 1-366 */
};
/* Parses a YAML timestamp: `2024-03-05`, `2024-3-5`, `2024-03-05 10:00[:00[.5]]
 * [+0800|+08:00|+8|Z]`, `2024-03-05T10:00:00Z`.  A date alone is midnight UTC.
 * False when `s` is not such a date. */
bool gz_time_parse(const char *s, struct gz_time *t);
/* A Jekyll post name `YYYY-MM-DD-slug`: the date (midnight UTC) and where the
 * slug starts in `stem`.  False for any other name. */
bool gz_time_from_name(const char *stem, struct gz_time *t, const char **slug);
struct gz_civil gz_time_civil(struct gz_time t);
/* RFC 822 with a four-digit year (RSS): `Tue, 05 Mar 2024 10:00:00 +0800`. */
void gz_time_rfc822(struct gz_time t, char out[40]);
/* RFC 3339 (Atom): `2024-03-05T10:00:00+08:00`, `...Z` at offset zero. */
void gz_time_rfc3339(struct gz_time t, char out[40]);
/* Appends t formatted like Ruby's strftime, in English whatever the locale
 * (see date.c for the directives). */
void gz_time_format(struct gz_buf *b, struct gz_time t, const char *fmt);
/* Appends t's date as readers of `lang` write it: "2020年7月25日" (zh, ja),
 * "2020년 7월 25일" (ko), "25 July 2020" (others). */
void gz_time_display(struct gz_buf *b, struct gz_time t, const char *lang);
/* SOURCE_DATE_EPOCH, read once per process: 1 and *t set when it is a number
 * of seconds, 0 when unset or empty, -1 when it is something else (the
 * caller warns). */
int gz_source_date_epoch(struct gz_time *t);
/* Now: SOURCE_DATE_EPOCH when set, so that output is reproducible, else the clock. */
struct gz_time gz_time_now(void);

/* meta.c: fills m from a document's page, site and stem, before its body is
 * parsed (Liquid needs page.url and page.date); warns about a date that is not
 * one.  gz_meta_title then takes a title the front matter does not give from
 * the parsed tree (its first top-level heading with text, else the stem).  gz_meta_free frees
 * what they hold. */
void gz_meta_init(struct gz_meta *m, const struct gz_doc *doc, struct gz_log *log);
void gz_meta_title(struct gz_meta *m, const struct gz_doc *doc);
/* The title from one top-level block, taken if it is the first heading with
 * text: for a body parsed a block at a time, before gz_meta_title. */
void gz_meta_title_from(struct gz_meta *m, const struct gz_node *block);
void gz_meta_free(struct gz_meta *m);
/* A page's date and where it came from: `date:` in `page`, a Jekyll post's
 * file name (`stem`), SOURCE_DATE_EPOCH, the file's modification time, the
 * clock, in that order.  Reports nothing. */
enum gz_date_source gz_page_date(const struct gz_value *page, const char *stem, const char *path,
    struct gz_time *t);
/* The page's language (`lang:`, else the site's) as BCP 47, or NULL; warns
 * when it is no language tag. */
char *gz_meta_lang(const struct gz_value *page, const struct gz_value *site, const char *name,
    struct gz_log *log);
/* The first person `v` names (a name, a map with name and email, or a list
 * of either), its strings borrowed from v; false when it names none. */
bool gz_person_first(const struct gz_value *v, struct gz_person *p);
/* Runs of white space become one space, none at the ends; in place, returns s. */
char *gz_squeeze(char *s);
/* The plain text of a subtree, white space collapsed and trimmed (a new string). */
char *gz_plain_text_squeezed(const struct gz_node *n);

/* permalink.c: the page's path on its site, below baseurl (`/2024/03/05/x.html`).
 * Jekyll's rules: its `permalink:`, a post's (`_posts/YYYY-MM-DD-slug.md`) by
 * the site's `permalink` style with `date` and its categories, any other page
 * by its path below the site's root; Hugo's when the site is Hugo's
 * (site._generator).  `rel` is the page's path below the site's root
 * (gz_site_relative).  New strings. */
char *gz_permalink_for(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date);
char *gz_permalink(const struct gz_doc *doc, struct gz_time date);
/* The Jekyll collection `rel` lies in (`_recipes/x.md`), posts aside: its
 * entry in site.collections (a map, or the name in a list), its name in
 * *name (a new string); NULL when none. */
const struct gz_value *gz_jekyll_collection(const struct gz_value *site, const char *rel,
    char **name);
/* A Jekyll page's categories: the folders its _posts (or _drafts) sits in,
 * then its `categories` and `category`, each once, appended to *words. */
void gz_page_categories(const struct gz_value *page, const char *rel, char ***words, size_t *count);
/* `path` below the site's root (site.source, else the current folder); the
 * file name alone when it lies elsewhere.  A new string. */
char *gz_site_relative(const struct gz_value *site, const char *path);
/* hugo.c: Hugo's rules for a page of its content folder. */
char *gz_hugo_permalink(const struct gz_value *site, const struct gz_value *page, const char *rel,
    struct gz_time date);
/* The same for the file at `path` (front matter `page`), for Liquid's link and
 * post_url, which look at files not being converted. */
char *gz_permalink_of(const char *path, const struct gz_value *page, const struct gz_value *site,
    struct gz_time date);
/* Whether a file's name is Markdown's (.md, .markdown, .mkd, .mkdn). */
bool gz_is_markdown_name(const char *name);
/* The extension of the file a page of a Jekyll site is written to: .html
 * for Markdown (and a name without one), else the file's own (`.xml`). */
const char *gz_jekyll_output_ext(const char *rel);
/* Jekyll's Utils.slugify: runs of other characters become one '-' (mode
 * "default": not letters, marks or decimal digits; "raw": white space;
 * "pretty": also keeps ._~!$&'()+,;=@; "ascii" and "latin": only ASCII
 * letters and digits), ends trimmed, lower-cased unless `cased`; another
 * mode only lower-cases.  A new string. */
char *gz_jekyll_slugify(const char *s, size_t len, const char *mode, bool cased);
/* A post's categories from its path alone (gz_page_categories without front
 * matter), appended to *out without repeats. */
void gz_path_categories(const char *path, const struct gz_value *site, char ***out,
    size_t *count);
/* Appends the words of `v` to *out, skipping repeats: each string of a list,
 * or the space-separated words of a string (as Jekyll reads categories and tags). */
void gz_words_add(const struct gz_value *v, char ***out, size_t *count);

/* html.c: the tree as HTML. */
/* Appends s[0..len) escaped for HTML text and double-quoted attribute values;
 * control characters HTML forbids become U+FFFD. */
void gz_html_escape(struct gz_buf *out, const char *s, size_t len);
/* Appends a URL for an href or src attribute as md4c-html does: bytes outside
 * the URL-safe set percent-encoded, `&` as &amp;. */
void gz_html_escape_url(struct gz_buf *out, const char *s, size_t len);
enum {
	GZ_HTML_IDS = 1,        /* headings carry their ids */
	GZ_HTML_ANCHORS = 2,    /* and a link to themselves */
	GZ_HTML_HIGHLIGHT = 4,  /* code blocks in a known language coloured (highlight.h) */
};
/* Renders the sibling nodes from `first` up to, not including, `end` (NULL: to
 * the last sibling), appended to `out`, which may stream between blocks.  With
 * `base_url`, relative link and image URLs are made absolute against it (for
 * feeds).  Honours opts->safe and opts->dialect. */
void gz_html_render(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, unsigned flags, struct gz_buf *out);
/* Renders the footnotes (of the page's FOOTNOTES, the last child of the
 * root) that the siblings [first, end) refer to, as gz_html_render writes the
 * page's: for an excerpt of a page (a feed entry).  Nothing when none. */
void gz_html_render_notes(const struct gz_node *first, const struct gz_node *end,
    const struct gz_options *opts, const char *base_url, struct gz_buf *out);

/*
 * output.c: an output is written to a temporary file beside `path`, renamed
 * into place by gz_output_close(commit = true) when complete; without commit,
 * or after a failed write, the temporary file goes and the old file stays.  A
 * path that exists and is not a regular file (a device, a pipe), and "-"
 * (standard output), are written directly.
 */
struct gz_output;
/* NULL after reporting. */
struct gz_output *gz_output_open(const char *path, struct gz_log *log);
/* False once a write failed (the error is reported by gz_output_close). */
bool gz_output_write(struct gz_output *o, const char *data, size_t len);
/* Finishes and frees the output (NULL is fine); false after reporting. */
bool gz_output_close(struct gz_output *o, bool commit, struct gz_log *log);
/* All of data at once. */
bool gz_write_file(const char *path, const char *data, size_t len, struct gz_log *log);
/* Removes the temporary file being written, if any.  Async-signal-
 * safe: for a handler of SIGINT or SIGTERM, so that an interrupted run leaves
 * the old output and nothing beside it. */
void gz_output_abandon(void);

#endif /* GZ_INTERNAL_H */
