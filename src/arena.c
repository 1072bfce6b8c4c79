/* arena.c: one block of memory for a parsed tree's nodes and strings, freed at once. */
#include "internal.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct chunk {
	struct chunk *prev;
	size_t mapped;          /* the mapping's size when mmap'd, else 0 (malloc'd) */
	alignas(max_align_t) char data[];
};

struct gz_arena {
	struct chunk *chunks;   /* the newest first */
	char *next, *end;       /* the free room of the newest chunk */
	size_t chunk_size;      /* of the next chunk: doubles up to CHUNK_MAX */
	size_t total;           /* bytes in all chunks */
	size_t live;            /* nodes not yet released: the arena goes with the last */
	/* The newest node and where the free room began before it, so that
	 * releasing it gives its room back: the builder drops a soft break
	 * between CJK characters right after making it, and the text before it
	 * can then grow in place instead of moving. */
	struct gz_node *newest;
	char *before_newest;
};

/*
 * Page faults: a first touch of a 4 kB page costs microseconds, and a large
 * tree touches hundreds of megabytes.  Chunks up to CHUNK_MAX stay below the
 * size the program sends to mmap (256 KiB, see prepare_heap in cli/main.c),
 * so they come from the heap, whose first 96 MB it backs with huge pages.
 * Past BIG_FROM bytes a tree takes BIG-byte chunks of its own, mapped and
 * marked for huge pages: one fault per 2 MB however large the tree grows
 * (a 50 MB page's tree faulted 42,000 times without them).
 */
enum {
	CHUNK_MIN = 8 * 1024,
	CHUNK_MAX = 128 * 1024,
	BIG_FROM = 4 * 1024 * 1024,
	BIG = 4 * 1024 * 1024,
};

struct gz_arena *
gz_arena_new(void)
{
	struct gz_arena *a = gz_xcalloc(1, sizeof *a);
	a->chunk_size = CHUNK_MIN;
	return a;
}

/* Starts a chunk with room for at least `size` bytes. */
static void
grow(struct gz_arena *a, size_t size)
{
	size_t room = a->total >= BIG_FROM ? BIG - sizeof(struct chunk) : a->chunk_size;
	if (room < size)
		room = size;
	struct chunk *c = NULL;
#ifdef MADV_HUGEPAGE
	if (a->total >= BIG_FROM) {
		size_t bytes = sizeof *c + room;
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			madvise(p, bytes, MADV_HUGEPAGE);
			c = p;
			c->mapped = bytes;
		}
	}
#endif
	if (!c) {
		c = gz_xmalloc(sizeof *c + room);
		c->mapped = 0;
	}
	a->total += room;
	c->prev = a->chunks;
	a->chunks = c;
	a->next = c->data;
	a->end = c->data + room;
	if (a->chunk_size < CHUNK_MAX)
		a->chunk_size *= 2;
}

/* `size` bytes at a multiple of `align` (a power of two; 1 for strings).
 * Nodes ask for their own alignment (8), not max_align_t's 16: a node after
 * a string then wastes 3.5 bytes on average, not 7.5 (2 MB of a 10 MB page's
 * tree). */
static void *
take(struct gz_arena *a, size_t size, size_t align)
{
	if (align > 1) {
		size_t pad = (size_t)-(uintptr_t)a->next & (align - 1);
		if (a->next && pad <= (size_t)(a->end - a->next))
			a->next += pad;
	}
	if (!a->next || size > (size_t)(a->end - a->next))
		grow(a, size);
	void *p = a->next;
	a->next += size;
	return p;
}

struct gz_node *
gz_arena_node(struct gz_arena *a, enum gz_node_kind kind)
{
	char *before = a->next;
	struct chunk *chunk = a->chunks;
	struct gz_node *n = take(a, sizeof *n, alignof(struct gz_node));
	a->newest = a->chunks == chunk ? n : NULL;
	a->before_newest = before;
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->arena = a;
	a->live++;
	return n;
}

void *
gz_arena_alloc(struct gz_arena *a, size_t size)
{
	return take(a, size, alignof(max_align_t));
}

char *
gz_arena_strndup(struct gz_arena *a, const char *s, size_t len)
{
	char *p = take(a, len + 1, 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
gz_arena_append(struct gz_arena *a, char *str, size_t len, const char *s, size_t add)
{
	/* The newest string grows where it is; another moves to the end, with
	 * as much room again after it so that a string built from many pieces
	 * (a code block, line by line) moves O(log n) times. */
	if (str + len + 1 == a->next && add <= (size_t)(a->end - a->next)) {
		memcpy(str + len, s, add);
		str[len + add] = '\0';
		a->next += add;
		return str;
	}
	size_t want = len + add + 1;
	if (want > (size_t)(a->end - a->next) && want > CHUNK_MIN)
		grow(a, 2 * want);
	char *p = take(a, want, 1);
	memcpy(p, str, len);
	memcpy(p + len, s, add);
	p[len + add] = '\0';
	return p;
}

void
gz_arena_release(struct gz_arena *a, struct gz_node *n)
{
	if (--a->live > 0) {
		if (n == a->newest && (char *)(n + 1) == a->next) {
			a->next = a->before_newest;
			a->newest = NULL;
		}
		return;
	}
	for (struct chunk *c = a->chunks, *prev; c; c = prev) {
		prev = c->prev;
		if (c->mapped)
			munmap(c, c->mapped);
		else
			free(c);
	}
	free(a);
}
