/* value.c: the values of front matter, site configuration and --set. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct gz_value *
gz_value_new(enum gz_value_kind kind)
{
	struct gz_value *v = gz_xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

struct gz_value *
gz_value_new_string(const char *s, size_t len)
{
	struct gz_value *v = gz_value_new(GZ_VALUE_STRING);
	/* Values are text for every backend: a NUL (YAML's "\u0000") would
	 * cut the string short, and controls other than tab and newlines, and
	 * noncharacters (U+FFFE...), are not allowed in HTML or XML.  Each
	 * becomes U+FFFD, as invalid UTF-8 does. */
	struct gz_buf b = {0};
	gz_buf_reserve(&b, len);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = gz_utf8_decode(s + i, len - i, &cp);
		bool control = cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r';
		if (control || gz_utf8_noncharacter(cp) || cp == 0x7F) {
			char u[4];
			gz_buf_append(&b, u, gz_utf8_encode(GZ_REPLACEMENT_CHAR, u));
		} else {
			gz_buf_append(&b, s + i, n);
		}
		i += n;
	}
	v->string = gz_buf_detach(&b, NULL);
	return v;
}

/* Values nest only as deep as the YAML limits allow, so recursion is bounded. */
void
gz_value_free(struct gz_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		gz_value_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

struct gz_value *
gz_value_copy(const struct gz_value *v)
{
	struct gz_value *c = gz_value_new(v->kind);
	c->line = v->line;
	c->quoted = v->quoted;
	if (v->string)
		c->string = gz_xstrdup(v->string);
	for (size_t i = 0; i < v->count; i++) {
		if (v->kind == GZ_VALUE_MAP)
			gz_value_put(c, v->keys[i], gz_value_copy(v->items[i]));
		else
			gz_value_append(c, gz_value_copy(v->items[i]));
	}
	return c;
}

static void
grow(struct gz_value *v)
{
	if (v->count < v->capacity)
		return;
	v->capacity = v->capacity ? v->capacity * 2 : 4;
	v->items = gz_xrealloc(v->items, v->capacity * sizeof *v->items);
	if (v->kind == GZ_VALUE_MAP)
		v->keys = gz_xrealloc(v->keys, v->capacity * sizeof *v->keys);
}

void
gz_value_append(struct gz_value *list, struct gz_value *item)
{
	grow(list);
	list->items[list->count++] = item;
}

static long
find_key(const struct gz_value *map, const char *key, size_t keylen)
{
	if (!map || map->kind != GZ_VALUE_MAP)
		return -1;
	for (size_t i = 0; i < map->count; i++)
		if (strlen(map->keys[i]) == keylen && memcmp(map->keys[i], key, keylen) == 0)
			return (long)i;
	return -1;
}

void
gz_value_put(struct gz_value *map, const char *key, struct gz_value *item)
{
	long i = find_key(map, key, strlen(key));
	if (i >= 0) {
		gz_value_free(map->items[i]);
		map->items[i] = item;
		return;
	}
	grow(map);
	map->keys[map->count] = gz_xstrdup(key);
	map->items[map->count++] = item;
}

const struct gz_value *
gz_value_get(const struct gz_value *map, const char *key)
{
	long i = find_key(map, key, strlen(key));
	return i >= 0 ? map->items[i] : NULL;
}

const struct gz_value *
gz_value_lookup(const struct gz_value *v, const char *dotted)
{
	const char *p = dotted;
	while (v) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		long i = find_key(v, p, n);
		if (i < 0)
			return NULL;
		v = v->items[i];
		if (!dot)
			return v;
		p = dot + 1;
	}
	return NULL;
}

const char *
gz_value_string(const struct gz_value *v, const char *dotted)
{
	const struct gz_value *s = gz_value_lookup(v, dotted);
	return s && s->kind == GZ_VALUE_STRING ? s->string : NULL;
}

void
gz_value_set_path(struct gz_value *map, const char *dotted, struct gz_value *item)
{
	const char *dot = strchr(dotted, '.');
	while (dot) {
		char *key = gz_xstrndup(dotted, (size_t)(dot - dotted));
		long i = find_key(map, key, strlen(key));
		if (i < 0 || map->items[i]->kind != GZ_VALUE_MAP) {
			gz_value_put(map, key, gz_value_new(GZ_VALUE_MAP));
			i = find_key(map, key, strlen(key));
		}
		free(key);
		map = map->items[i];
		dotted = dot + 1;
		dot = strchr(dotted, '.');
	}
	gz_value_put(map, dotted, item);
}

void
gz_value_merge(struct gz_value *dst, const struct gz_value *src)
{
	for (size_t i = 0; i < src->count; i++) {
		const char *key = src->keys[i];
		const struct gz_value *item = src->items[i];
		long at = find_key(dst, key, strlen(key));
		if (at >= 0 && item->kind == GZ_VALUE_MAP && dst->items[at]->kind == GZ_VALUE_MAP)
			gz_value_merge(dst->items[at], item);
		else
			gz_value_put(dst, key, gz_value_copy(item));
	}
}
