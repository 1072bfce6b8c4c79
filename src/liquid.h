/* liquid.h: the Liquid engine's values, syntax tree and context, shared by src/liquid_*.c. */
#ifndef GZ_LIQUID_H
#define GZ_LIQUID_H

#include "internal.h"

/* Limits per rendered page, so that a hostile page ends quickly with an error.
 * A fuzzing build has smaller ones for text, so that inputs which reach them
 * stay cheap to run; the code that enforces them is the same. */
enum {
	LQ_MAX_ITERATIONS = 1000000,    /* loop iterations, all loops together */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	LQ_MAX_BYTES = 4 << 20,
	LQ_MAX_STRING = 1 << 20,
#else
	LQ_MAX_BYTES = 64 << 20,        /* bytes produced: output, captures, filter results */
	LQ_MAX_STRING = 16 << 20,       /* one string */
#endif
	LQ_MAX_INCLUDE_DEPTH = 16,
	LQ_MAX_NESTING = 100,           /* blocks inside blocks, brackets in expressions */
	LQ_MAX_SECONDS = 10,
};

/* ---- values (liquid_value.c) ---- */

enum lq_kind {
	LQ_NIL, LQ_BOOL, LQ_INT, LQ_FLOAT, LQ_STRING, LQ_ARRAY, LQ_HASH, LQ_RANGE, LQ_TIME,
	LQ_EMPTY, LQ_BLANK,     /* the literals `empty` and `blank`, only ever compared */
};

/* A reference-counted value; shared values are never changed. */
struct lq_value {
	enum lq_kind kind;
	unsigned refs;          /* 0: static, never freed */
	bool html;              /* STRING: HTML already (templates do not escape it) */
	bool borrowed;          /* STRING: not ours to free (lq_str_borrow) */
	union {
		bool b;
		int64_t i;
		double f;
		struct { char *s; size_t len; } str;
		/* ARRAY and HASH (keys NULL for an ARRAY); items owned */
		struct { struct lq_value **items; char **keys; size_t count, cap; } c;
		struct { int64_t first, last; } range;
		struct gz_time time;
	};
};

struct lq_value *lq_nil(void);
struct lq_value *lq_bool(bool b);
struct lq_value *lq_int(int64_t i);
struct lq_value *lq_float(double f);
struct lq_value *lq_str(const char *s, size_t len);
struct lq_value *lq_cstr(const char *s);
/* Takes the NUL-terminated s[0..len) (malloc'd) as it is. */
struct lq_value *lq_str_take(char *s, size_t len);
/* A string that points at s[0..len), which must outlive it: the page's own
 * body as page.content, 2 MB on a 2 MB page, not copied for a render that
 * rarely reads it. */
struct lq_value *lq_str_borrow(const char *s, size_t len);
struct lq_value *lq_new(enum lq_kind kind);
struct lq_value *lq_time(struct gz_time t);
struct lq_value *lq_ref(struct lq_value *v);
void lq_unref(struct lq_value *v);
/* Both take ownership of v. */
void lq_push(struct lq_value *array, struct lq_value *v);
void lq_set(struct lq_value *hash, const char *key, struct lq_value *v);
/* A member of a HASH, borrowed, or NULL. */
struct lq_value *lq_get(const struct lq_value *hash, const char *key, size_t len);
/* A value read from front matter or data: plain YAML scalars typed as YAML
 * 1.2's core schema types them (integers, floats, true/false). */
struct lq_value *lq_from_gz(const struct gz_value *v);
/* Appends Liquid's to_s of v (Ruby's forms: 1.0, 1.0e+20, {"a"=>1}). */
void lq_to_s(struct gz_buf *b, const struct lq_value *v);
/* Ruby's to_s as a new string, as filters see their input: an array in its
 * inspect form (["a", 1]), unlike lq_to_s, which is how {{ }} prints it. */
char *lq_text(const struct lq_value *v, size_t *len);
bool lq_truthy(const struct lq_value *v);
bool lq_equal(const struct lq_value *a, const struct lq_value *b);
/* <0, 0, >0 in *r; false when the two cannot be ordered (Ruby raises). */
bool lq_compare(const struct lq_value *a, const struct lq_value *b, int *r);
/* The number a value stands for (Liquid's Utils.to_number); *is_float says which. */
bool lq_number(const struct lq_value *v, int64_t *i, double *f, bool *is_float);
/* Items of an array, or of a range made into values, or a hash's [key, value]
 * pairs, or nil as nothing, or any other value as a list of itself: a new ARRAY. */
struct lq_value *lq_to_array(const struct lq_value *v);
const char *lq_kind_name(enum lq_kind k);
/* A new ARRAY of an array's items or a hash's values (empty for anything
 * else); `in` is consumed. */
struct lq_value *lq_values(struct lq_value *in);
/* to_s of `in`, which is consumed. */
char *lq_take_text(struct lq_value *in, size_t *len);
/* A STRING of the buffer's bytes (the buffer is emptied). */
struct lq_value *lq_buf_value(struct gz_buf *b);
/* Liquid's to_integer: the number a value stands for, truncated; 0 for none. */
int64_t lq_to_int(const struct lq_value *v);

/* ---- syntax tree (liquid_parse.c) ---- */

enum lq_op { LQ_OP_NONE, LQ_OP_EQ, LQ_OP_NE, LQ_OP_LT, LQ_OP_GT, LQ_OP_LE, LQ_OP_GE,
	LQ_OP_CONTAINS };

struct lq_expr;
/* Names and texts are borrowed from the template's source, which outlives
 * its syntax tree. */
struct lq_step {
	const char *key;        /* `.key`, or NULL for `[index]` */
	size_t key_len;
	struct lq_expr *index;
};

struct lq_expr {
	enum { LQ_EX_LITERAL, LQ_EX_VARIABLE, LQ_EX_RANGE } kind;
	struct lq_value *literal;
	struct lq_expr *root;   /* VARIABLE: `[expr]` as the root, else NULL */
	const char *name;       /* VARIABLE: the root name, and its whole text, for messages */
	size_t name_len;
	const char *text;
	size_t text_len;
	struct lq_step *steps;
	size_t step_count;
	struct lq_expr *first, *last;   /* RANGE */
};

struct lq_filter {
	char *name;
	struct lq_expr **args;
	size_t arg_count;
	char **kw_names;
	struct lq_expr **kw_args;
	size_t kw_count;
};

/* An expression with filters. */
struct lq_chain {
	struct lq_expr *base;
	struct lq_filter *filters;
	size_t filter_count;
};

/* `left op right`, then `and`/`or` the rest, grouped from the right as Liquid does. */
struct lq_cond {
	struct lq_expr *left, *right;
	enum lq_op op;
	bool and_next;          /* joins `next` with `and`, else `or` */
	struct lq_cond *next;
};

enum lq_node_kind {
	LQ_TEXT, LQ_OUTPUT, LQ_ASSIGN, LQ_CAPTURE, LQ_INCREMENT, LQ_DECREMENT, LQ_IF, LQ_UNLESS,
	LQ_CASE, LQ_FOR, LQ_BREAK, LQ_CONTINUE, LQ_CYCLE, LQ_INCLUDE, LQ_LINK, LQ_POST_URL,
	LQ_HIGHLIGHT, LQ_ECHO, LQ_PLUGIN, LQ_TABLEROW,
};

/* One branch of if/elsif/else, unless, or case's when/else (cond and
 * values NULL for else). */
struct lq_branch {
	struct lq_cond *cond;
	struct lq_expr **values;        /* case: when a, b */
	size_t value_count;
	struct lq_node *body;
	struct lq_branch *next;
};

struct lq_param {
	char *name;
	struct lq_expr *value;
};

struct lq_node {
	enum lq_node_kind kind;
	unsigned line;
	struct lq_node *next;
	const char *raw;        /* TEXT: borrowed from the source */
	size_t len;
	char *text;             /* a name (assign, capture, counters, for's variable),
				   include's file, link's path, highlight's language */
	struct lq_chain *chain;         /* OUTPUT, ECHO, ASSIGN */
	struct lq_node *body;           /* CAPTURE, FOR, HIGHLIGHT */
	struct lq_node *else_body;      /* FOR */
	struct lq_branch *branches;     /* IF, UNLESS, CASE */
	struct lq_expr *expr;           /* CASE's subject, FOR's collection, CYCLE's group */
	struct lq_expr *limit, *offset; /* FOR, TABLEROW */
	struct lq_expr *cols;           /* TABLEROW */
	bool reversed;                  /* FOR; INCLUDE: include_relative */
	bool dynamic;                   /* INCLUDE, LINK, POST_URL: text holds {{ }} to render */
	struct lq_expr **values;        /* CYCLE */
	size_t value_count;
	struct lq_param *params;        /* INCLUDE */
	size_t param_count;
};

/* A parsed template: the node list and the text it points into. */
struct lq_template {
	struct lq_node *first;
	char *name;
};

/* Parses `text` (file line `first_line` at text[0]); NULL after reporting
 * `name:line: error: ...`. */
struct lq_template *lq_parse(const char *name, const char *text, size_t len,
    unsigned first_line, struct gz_log *log);
void lq_template_free(struct lq_template *t);
struct lq_ctx;
/* A condition given as text (where_exp); NULL after failing cx. */
struct lq_cond *lq_parse_cond(struct lq_ctx *cx, const char *text, size_t len);
void lq_cond_free(struct lq_cond *k);
void lq_expr_free(struct lq_expr *e);

/* ---- parsing internals (liquid_expr.c, liquid_parse.c) ---- */

/* The state of parsing one template. */
struct parser {
	const char *name;
	const char *text;
	size_t len, pos;
	unsigned line;          /* at text[pos] */
	struct gz_log *log;
	bool failed;
	bool strip_next;        /* the last tag ended with `-%}` or `-}}` */
	unsigned depth;
	bool warned_open;
};

/* A cursor over one tag's markup. */
struct cur {
	struct parser *p;
	const char *s, *end;
	unsigned line;
	unsigned depth;
};

void lq_parse_fail(struct parser *p, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool lq_is_space(char c);
bool lq_is_word(char c);
void lq_skip(struct cur *c);
/* Skips blanks; true at the end of the markup. */
bool lq_at_end(struct cur *c);
/* Consumes the punctuation `tok`, or the whole word `w`, when it comes next. */
bool lq_eat(struct cur *c, const char *tok);
bool lq_eat_word(struct cur *c, const char *w);
size_t lq_ident_len(const struct cur *c);
const char *lq_ident_span(struct cur *c, size_t *len);
/* The next identifier as a new string, or NULL. */
char *lq_ident(struct cur *c);
/* Fails with "Liquid syntax error: what at '...'". */
void lq_syntax(struct cur *c, const char *what);
/* An expression, a chain (up to the end of the markup), a condition; NULL
 * after failing. */
struct lq_expr *lq_parse_expr(struct cur *c);
struct lq_chain *lq_parse_chain(struct cur *c);
struct lq_cond *lq_parse_cond_at(struct cur *c);
void lq_chain_free(struct lq_chain *ch);

/* ---- rendering (liquid_eval.c) ---- */

struct lq_undefined {
	char *name;
	char *file;
	unsigned line, count;
};

/* An include read and parsed once per page. */
struct lq_include {
	char *path;
	char *text;                     /* the source its syntax tree borrows from */
	struct lq_template *template;
};

struct lq_ctx {
	const struct gz_liquid_env *env;
	struct gz_log *log;
	const char *file;               /* the file being rendered (page or include) */
	unsigned line;                  /* the line of the tag being run */
	struct lq_value **scopes;       /* HASHes, [0] the page's globals */
	size_t scope_count, scope_cap;
	struct lq_value *counters;      /* increment/decrement */
	struct lq_value *cycles;        /* cycle positions by group */
	struct lq_value *site;          /* built on first use */
	bool failed;                    /* an error was reported: unwind */
	enum { LQ_RUN, LQ_STOP_BREAK, LQ_STOP_CONTINUE } interrupt;
	unsigned long iterations;
	size_t bytes;
	unsigned include_depth;
	unsigned steps;
	double deadline;
	struct lq_undefined *undefined;
	size_t undefined_count;
	bool template_mode;             /* escape output that is not HTML */
	bool collections_loaded;        /* site.posts, pages, categories, tags were read */
	struct lq_include *includes;
	size_t include_count;
	bool data_loaded;               /* site.data was read from _data/ */
	bool root_missing;              /* the last lookup found no variable to start from */
};

/* The monotonic clock, in seconds. */
double lq_now(void);
/* Jekyll's highlight: a fenced code block in the language it names. */
void lq_run_highlight(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out);
/* Reports `file:line: error: ...` and stops the rendering. */
void lq_fail(struct lq_ctx *cx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Counts `n` bytes made; false (after failing) past the limits. */
bool lq_charge(struct lq_ctx *cx, size_t n);
/* Renders a node list into out; false once failed. */
bool lq_render(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out);
/* For a template of text and {{ }} outputs only, parsed from src[0..len)
 * (src[len] a NUL): renders it over src itself when no output is longer than
 * what it replaces, setting *in_place to the length, else into out; true.
 * False, with nothing done, for any other template. */
bool lq_render_flat(struct lq_ctx *cx, const struct lq_node *first, char *src, size_t len,
    struct gz_buf *out, size_t *in_place);
/* Evaluates an expression: a new reference (nil when undefined). */
struct lq_value *lq_eval(struct lq_ctx *cx, const struct lq_expr *e, bool *undefined);
/* Whether a condition holds. */
bool lq_test(struct lq_ctx *cx, const struct lq_cond *k);
/* A new innermost scope (a HASH at scopes[scope_count - 1]), and its end. */
void lq_push_scope(struct lq_ctx *cx);
void lq_pop_scope(struct lq_ctx *cx);
/* The site as a value: the configuration with `data` (empty until
 * lq_site_data reads _data/, on the first look at site.data) and `time`. */
struct lq_value *lq_site(struct lq_ctx *cx);
struct lq_value *lq_site_data(struct lq_ctx *cx);
/* Fills site.posts, site.pages, site.categories and site.tags from the site's
 * folder (liquid_posts.c), once per page; the site is read once per process. */
void lq_site_collections(struct lq_ctx *cx);
/* Whether site.KEY is one of the lists lq_site_collections reads: posts,
 * pages, categories, tags, or a collection's documents (site.LABEL). */
bool lq_site_list_named(const struct lq_ctx *cx, const char *key, size_t len);
/* Empty site.LABEL lists for the configuration's collections, until read. */
void lq_site_empty_lists(struct lq_value *site, const struct gz_value *config);

/* ---- filters (liquid_filters.c, liquid_jekyll.c) ---- */

/* Applies filter `name` to `in` (consumed) with its arguments: a new
 * reference, or NULL after failing. */
typedef struct lq_value *lq_filter_fn(struct lq_ctx *cx, struct lq_value *in,
    struct lq_value **args, size_t argc, const struct lq_value *kw);
struct lq_filter_def {
	const char *name;
	lq_filter_fn *fn;
	int min_args, max_args;
	bool html;              /* its result is HTML (templates do not escape it) */
};
/* The filter named `name` in a table, or NULL. */
const struct lq_filter_def *lq_filter_in(const struct lq_filter_def *table, size_t count,
    const char *name);
/* Liquid's filters (liquid_filters.c, liquid_strings.c), Jekyll's (liquid_jekyll.c,
 * liquid_text.c, which replace Liquid's where and sort), or NULL. */
const struct lq_filter_def *lq_find_filter(const char *name);
const struct lq_filter_def *lq_find_string_filter(const char *name);
const struct lq_filter_def *lq_find_jekyll_filter(const char *name);
const struct lq_filter_def *lq_find_text_filter(const char *name);
/* How filter functions are declared. */
#define LQ_FILTER(name) static struct lq_value *name(struct lq_ctx *cx, struct lq_value *in, \
    struct lq_value **args, size_t argc, const struct lq_value *kw)
#define LQ_UNUSED (void)cx, (void)args, (void)argc, (void)kw
/* Fails (Ruby's TypeError) when a list holds numbers to take `prop` of. */
bool lq_check_property(struct lq_ctx *cx, const struct lq_value *array,
    const struct lq_value *prop);
/* The instant a value stands for (a TIME, a date string, seconds, "now"). */
bool lq_to_time(const struct lq_value *v, struct gz_time *t);
/* site.baseurl before `path` (Jekyll's relative_url): a new string. */
char *lq_relative_url(const struct lq_ctx *cx, const char *path);
/* Liquid's tablerow (liquid_tablerow.c). */
void lq_run_tablerow(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out);
/* The plugins' tags (liquid_plugins.c): seo, feed_meta (its name in n->text,
 * its markup in n->raw). */
bool lq_plugin_tag(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out);
/* Jekyll's tags that need the site: link, post_url, include. */
bool lq_jekyll_tag(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out);

#endif /* GZ_LIQUID_H */
