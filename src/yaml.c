/* yaml.c: YAML to values through libyaml's event API, within fixed limits. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/*
 * libyaml's document loader is not safe on untrusted input (doc/platform.md):
 * aliases multiply, nesting is unbounded, every key costs memory.  Events with
 * these limits bound time and memory, and bound the depth of the values that
 * gz_value_free and gz_value_copy recurse through.
 */
#define YAML_MAX_BYTES (1024u * 1024u)  /* one YAML text (a front matter block, a config) */
#define YAML_MAX_DEPTH 64               /* nested sequences and mappings */
#define YAML_MAX_EVENTS 100000u         /* parser events: about one per scalar */
#define YAML_MAX_SCALAR (64u * 1024u)   /* one scalar, in bytes */

#define YAML_NULL_TAG "tag:yaml.org,2002:null"

/* Indices (plus one; 0 is an empty slot) of a mapping's keys, so that
 * duplicates are found in constant time: gz_value_put searches linearly,
 * which is quadratic for the 100,000 keys the limits allow. */
struct keyset {
	size_t *slots;
	size_t cap;             /* a power of two, at least twice the keys */
};

struct frame {
	struct gz_value *value; /* the LIST or MAP being built */
	char *key;              /* MAP: the key waiting for its value, or NULL */
	struct keyset keys;     /* MAP only */
};

struct parse {
	const char *name;
	unsigned first_line;    /* file line of the text's first byte */
	struct gz_log *log;
	struct frame stack[YAML_MAX_DEPTH];
	size_t depth;
	struct gz_value *root;
	unsigned documents;
};

static unsigned
file_line(const struct parse *p, yaml_mark_t mark)
{
	return p->first_line + (unsigned)mark.line;
}

static size_t
hash_key(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t *
keyset_slot(const struct keyset *ks, char *const *keys, const char *key)
{
	size_t mask = ks->cap - 1;
	size_t i = hash_key(key) & mask;
	while (ks->slots[i] && strcmp(keys[ks->slots[i] - 1], key) != 0)
		i = (i + 1) & mask;
	return &ks->slots[i];
}

/* Makes room in the set for one more of map's keys. */
static void
keyset_reserve(struct keyset *ks, const struct gz_value *map)
{
	if ((map->count + 1) * 2 <= ks->cap)
		return;
	free(ks->slots);
	ks->cap = ks->cap ? ks->cap * 2 : 16;
	ks->slots = gz_xcalloc(ks->cap, sizeof *ks->slots);
	for (size_t i = 0; i < map->count; i++)
		*keyset_slot(ks, map->keys, map->keys[i]) = i + 1;
}

/* Adds key (owned) and v (owned) to the frame's MAP; a duplicate key replaces
 * the earlier value, with a warning, as Jekyll's YAML parser does. */
static void
map_put(struct parse *p, struct frame *f, char *key, struct gz_value *v)
{
	struct gz_value *map = f->value;
	keyset_reserve(&f->keys, map);
	size_t *slot = keyset_slot(&f->keys, map->keys, key);
	if (*slot) {
		size_t at = *slot - 1;
		gz_warn(p->log, p->name, v->line,
		    "duplicate key '%s' (first at line %u): the last value is used; remove one of them",
		    key, map->items[at]->line);
		gz_value_free(map->items[at]);
		map->items[at] = v;
		free(key);
		return;
	}
	if (map->count == map->capacity) {
		map->capacity = map->capacity ? map->capacity * 2 : 4;
		map->items = gz_xrealloc(map->items, map->capacity * sizeof *map->items);
		map->keys = gz_xrealloc(map->keys, map->capacity * sizeof *map->keys);
	}
	map->keys[map->count] = key;
	map->items[map->count++] = v;
	*slot = map->count;
}

/* Hands a finished value (owned) to the enclosing list or mapping. */
static void
add_value(struct parse *p, struct gz_value *v)
{
	if (p->depth == 0) {
		p->root = v;
		return;
	}
	struct frame *f = &p->stack[p->depth - 1];
	if (f->value->kind == GZ_VALUE_LIST) {
		gz_value_append(f->value, v);
	} else {
		map_put(p, f, f->key, v);
		f->key = NULL;
	}
}

static bool
awaits_key(const struct parse *p)
{
	return p->depth > 0 && p->stack[p->depth - 1].value->kind == GZ_VALUE_MAP &&
	    !p->stack[p->depth - 1].key;
}

/* Plain `~`, `null` and empty scalars (and `!!null`) are YAML's null: they
 * become GZ_VALUE_NULL, which Liquid renders as nothing and lookups such as
 * gz_value_string treat as absent.  A quoted "" stays an empty string. */
static bool
is_null(const yaml_event_t *e)
{
	const char *tag = (const char *)e->data.scalar.tag;
	const char *s = (const char *)e->data.scalar.value;
	if (tag)
		return strcmp(tag, YAML_NULL_TAG) == 0;
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	    strcmp(s, "NULL") == 0;
}

static bool
on_scalar(struct parse *p, const yaml_event_t *e)
{
	unsigned line = file_line(p, e->start_mark);
	const char *s = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	if (len > YAML_MAX_SCALAR) {
		gz_error(p->log, p->name, line,
		    "a value of %zu bytes is longer than the %u allowed; shorten it", len,
		    YAML_MAX_SCALAR);
		return false;
	}
	if (awaits_key(p)) {
		/* Keys are text whatever YAML would make of them: `1:`, `true:`, `~:`. */
		p->stack[p->depth - 1].key = gz_xstrndup(s, len);
		return true;
	}
	struct gz_value *v = is_null(e) ? gz_value_new(GZ_VALUE_NULL) : gz_value_new_string(s, len);
	v->line = line;
	v->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || e->data.scalar.tag;
	add_value(p, v);
	return true;
}

static bool
on_start(struct parse *p, const yaml_event_t *e, enum gz_value_kind kind)
{
	unsigned line = file_line(p, e->start_mark);
	if (awaits_key(p)) {
		gz_error(p->log, p->name, line,
		    "column %zu: a key must be a plain value, not a list or mapping; quote it",
		    e->start_mark.column + 1);
		return false;
	}
	if (p->depth == YAML_MAX_DEPTH) {
		gz_error(p->log, p->name, line,
		    "column %zu: lists and mappings nest more than %d levels deep; flatten the data",
		    e->start_mark.column + 1, YAML_MAX_DEPTH);
		return false;
	}
	struct frame *f = &p->stack[p->depth++];
	*f = (struct frame){ .value = gz_value_new(kind) };
	f->value->line = line;
	return true;
}

static void
on_end(struct parse *p)
{
	struct frame *f = &p->stack[--p->depth];
	struct gz_value *v = f->value;
	free(f->keys.slots);
	*f = (struct frame){0};
	add_value(p, v);
}

/* Handles one event; false after reporting. */
static bool
on_event(struct parse *p, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++p->documents > 1) {
			gz_error(p->log, p->name, file_line(p, e->start_mark),
			    "a second YAML document starts here; only one is read: remove this "
			    "'---' line or what follows it");
			return false;
		}
		return true;
	case YAML_ALIAS_EVENT:
		gz_error(p->log, p->name, file_line(p, e->start_mark),
		    "column %zu: aliases ('*%s') are not supported, since a few of them can stand "
		    "for millions of values; write the value out",
		    e->start_mark.column + 1, (const char *)e->data.alias.anchor);
		return false;
	case YAML_SCALAR_EVENT:
		return on_scalar(p, e);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(p, e, GZ_VALUE_LIST);
	case YAML_MAPPING_START_EVENT:
		return on_start(p, e, GZ_VALUE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(p);
		return true;
	default:
		return true;
	}
}

/* The line of a byte offset (reader errors carry no mark). */
static unsigned
line_of_offset(const struct parse *p, const char *data, size_t offset)
{
	unsigned line = p->first_line;
	for (size_t i = 0; i < offset; i++)
		line += data[i] == '\n';
	return line;
}

static void
report_parser(const struct parse *p, const yaml_parser_t *parser, const char *data)
{
	const char *problem = parser->problem ? parser->problem : "unknown problem";
	if (parser->error == YAML_MEMORY_ERROR) {
		gz_error(p->log, p->name, p->first_line, "libyaml ran out of memory");
		return;
	}
	if (parser->error == YAML_READER_ERROR) {
		gz_error(p->log, p->name, line_of_offset(p, data, parser->problem_offset),
		    "%s (byte 0x%02x); save the file as UTF-8", problem,
		    (unsigned)parser->problem_value & 0xFFu);
		return;
	}
	const char *hint = strstr(problem, "cannot start any token") || strstr(problem, "tab")
	    ? "YAML indents with spaces, not tabs; quote a value that starts with @ or `"
	    : "check the indentation, and quote a value that contains ': ' or ' #', or "
	      "starts with [ { * & ! | > % @ or `";
	struct gz_buf ctx = {0};
	if (parser->context)
		gz_buf_printf(&ctx, " (%s at line %u)", parser->context,
		    file_line(p, parser->context_mark));
	gz_error(p->log, p->name, file_line(p, parser->problem_mark), "column %zu: %s%s; %s",
	    parser->problem_mark.column + 1, problem, ctx.data ? ctx.data : "", hint);
	gz_buf_free(&ctx);
}

/*
 * Parses one YAML document into a value of any kind (a NULL value for an
 * empty document).  Returns NULL after reporting `name:line: column N: ...`,
 * lines counted from `first_line`.  The caller owns the result.
 */
struct gz_value *
gz_yaml_parse_value(const char *name, const char *data, size_t len, unsigned first_line,
    struct gz_log *log)
{
	struct parse p = { .name = name, .first_line = first_line, .log = log };
	struct gz_value *result = NULL;
	yaml_parser_t parser;
	unsigned events = 0;

	if (len > YAML_MAX_BYTES) {
		gz_error(log, name, first_line,
		    "%zu bytes of YAML is more than the %u allowed; move large data elsewhere",
		    len, YAML_MAX_BYTES);
		return NULL;
	}
	if (!yaml_parser_initialize(&parser)) {
		gz_error(log, name, first_line, "libyaml ran out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		yaml_event_t event;
		if (!yaml_parser_parse(&parser, &event)) {
			report_parser(&p, &parser, data);
			goto out;
		}
		if (++events > YAML_MAX_EVENTS) {
			gz_error(log, name, file_line(&p, event.start_mark),
			    "the YAML has more than %u values; make it smaller", YAML_MAX_EVENTS);
			yaml_event_delete(&event);
			goto out;
		}
		bool ok = on_event(&p, &event);
		bool end = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		if (!ok)
			goto out;
		if (end)
			break;
	}
	result = p.root ? p.root : gz_value_new(GZ_VALUE_NULL);
	if (!p.root)
		result->line = first_line;
	p.root = NULL;
out:
	while (p.depth > 0) {
		struct frame *f = &p.stack[--p.depth];
		gz_value_free(f->value);
		free(f->key);
		free(f->keys.slots);
	}
	gz_value_free(p.root);
	yaml_parser_delete(&parser);
	return result;
}

struct gz_value *
gz_yaml_parse(const char *name, const char *data, size_t len, unsigned first_line,
    struct gz_log *log)
{
	struct gz_value *v = gz_yaml_parse_value(name, data, len, first_line, log);
	if (v && v->kind == GZ_VALUE_NULL) {
		gz_value_free(v);
		return gz_value_new(GZ_VALUE_MAP);
	}
	if (v && v->kind != GZ_VALUE_MAP) {
		gz_error(log, name, v->line,
		    "the YAML must be a mapping of keys to values (`key: value` lines), not %s",
		    v->kind == GZ_VALUE_LIST ? "a list" : "a single value");
		gz_value_free(v);
		return NULL;
	}
	return v;
}
