/* arena.c: one block of memory for a parsed tree's nodes and strings, freed at once. */
#include "internal.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Every chunk is CHUNK bytes, aligned on CHUNK, and starts with its arena's
 * address: a node finds its arena from its own address (gz_node_arena)
 * instead of carrying a pointer, 8 bytes of each node.  A long string gets a
 * block of its own (struct big), which nodes never use.
 *
 * Page faults: a first touch of a 4 kB page costs microseconds, and a large
 * tree touches hundreds of megabytes.  The first BIG_FROM bytes of chunks
 * come from the heap, whose first 96 MB the program backs with huge pages
 * (prepare_heap in cli/limits.c); past them a tree maps SLAB bytes at a
 * time, aligned and marked for huge pages, and cuts them into chunks: one
 * fault per 2 MB however large the tree grows (a 50 MB page's tree faulted
 * 42,000 times without them).
 */
enum {
	CHUNK = GZ_ARENA_CHUNK,
	BIG_FROM = 4 * 1024 * 1024,
	SLAB = 4 * 1024 * 1024,
	HUGE_PAGE = 2 * 1024 * 1024,
};

struct chunk {
	struct gz_arena *arena;  /* first: where gz_node_arena looks */
	struct chunk *prev;
	bool heap;              /* the start of a block from the heap: free() it */
	alignas(max_align_t) char data[];
};

/* Strings longer than this get a block of their own: a chunk then wastes at
 * most a quarter of its room when one does not fit at its end. */
enum { LONG = (CHUNK - offsetof(struct chunk, data)) / 4 };

/* A long string, with spare room to grow into. */
struct big {
	struct big *prev;
	size_t cap;
	alignas(max_align_t) char data[];
};

struct gz_arena {
	struct gz_arena_links links;    /* first: gz_arena_link reaches it */
	struct chunk *chunks;   /* the newest first */
	struct chunk *spare;    /* chunks given back by gz_arena_rewind, for grow */
	char *next, *end;       /* the free room of the newest chunk */
	size_t total;           /* bytes in all chunks */
	size_t live;            /* nodes not yet released: the arena goes with the last */
	struct big *bigs;       /* the newest first */
	char *block, *block_end; /* where the next chunks are cut from */
	bool heap_start;        /* the next chunk starts a block from the heap */
	void **slabs;           /* every slab mapped, to unmap */
	size_t slab_count;
	/* The newest node and where the free room began before it, so that
	 * releasing it gives its room back: the builder drops a soft break
	 * between CJK characters right after making it, and the text before it
	 * can then grow in place instead of moving. */
	struct gz_node *newest;
	char *before_newest;
	uint64_t kinds;         /* bit k: a node of kind k was made here */
};

struct gz_arena *
gz_arena_new(void)
{
	return gz_xcalloc(1, sizeof(struct gz_arena));
}

/* A slab of SLAB bytes aligned on a huge page (so also on CHUNK) and marked
 * for huge pages, or NULL. */
static char *
map_slab(struct gz_arena *a)
{
#ifdef MADV_HUGEPAGE
	size_t bytes = SLAB + HUGE_PAGE;
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (start > p)
		munmap(p, (size_t)(start - p));
	if (p + bytes > start + SLAB)
		munmap(start + SLAB, (size_t)(p + bytes - (start + SLAB)));
	madvise(start, SLAB, MADV_HUGEPAGE);
	a->slabs = gz_xrealloc(a->slabs, (a->slab_count + 1) * sizeof *a->slabs);
	a->slabs[a->slab_count++] = start;
	return start;
#else
	(void)a;
	return NULL;
#endif
}

/* Starts a new chunk, cut from the current block or a new one: from the
 * heap, as large as the chunks so far (one chunk, one, two, four...), up to
 * BIG_FROM bytes; then mapped slabs.  Chunks are small (4 KiB) because a
 * site keeps every page's tree: its first chunk is most of a short page's. */
static void
grow(struct gz_arena *a)
{
	if (a->spare) {
		struct chunk *c = a->spare;
		a->spare = c->prev;
		c->prev = a->chunks;
		a->chunks = c;
		a->next = c->data;
		a->end = (char *)c + CHUNK;
		return;
	}
	if (a->block == a->block_end) {
		char *p = a->total >= BIG_FROM ? map_slab(a) : NULL;
		size_t bytes = SLAB;
		if (!p) {
			bytes = a->total < CHUNK ? CHUNK : a->total > SLAB ? SLAB : a->total;
			p = gz_xaligned_alloc(CHUNK, bytes);
			a->heap_start = true;
		}
		a->block = p;
		a->block_end = p + bytes;
	}
	struct chunk *c = (struct chunk *)a->block;
	a->block += CHUNK;
	c->heap = a->heap_start;
	a->heap_start = false;
	c->arena = a;
	a->total += CHUNK;
	c->prev = a->chunks;
	a->chunks = c;
	a->next = c->data;
	a->end = (char *)c + CHUNK;
}

/* A block of its own for a long string, with room for `cap` bytes. */
static char *
big(struct gz_arena *a, size_t cap)
{
	struct big *b = gz_xmalloc(sizeof *b + cap);
	b->cap = cap;
	b->prev = a->bigs;
	a->bigs = b;
	return b->data;
}

/* `size` bytes at a multiple of `align` (a power of two; 1 for strings).
 * Nodes ask for their own alignment (8), not max_align_t's 16: a node after
 * a string then wastes 3.5 bytes on average, not 7.5 (2 MB of a 10 MB page's
 * tree). */
static inline __attribute__((always_inline)) void *
take(struct gz_arena *a, size_t size, size_t align)
{
	if (size > LONG)
		return big(a, size);
	if (a->next) {
		size_t pad = (size_t)-(uintptr_t)a->next & (align - 1);
		if (pad <= (size_t)(a->end - a->next))
			a->next += pad;
	}
	if (!a->next || size > (size_t)(a->end - a->next))
		grow(a);
	void *p = a->next;
	a->next += size;
	return p;
}

/* Zeroes a node.  GCC makes a memset of its 88 bytes a `rep stos`, whose
 * start-up cost was two thirds of the time spent making a text node (perf);
 * with SSE2, 16-byte stores (five on x86-64) and one for the rest. */
static inline void
blank(struct gz_node *n)
{
#ifdef __SSE2__
	char *p = (char *)n;
	__m128i zero = _mm_setzero_si128();
	size_t i = 0;
	for (; i + 16 <= sizeof *n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(p + i), zero);
	memset(p + i, 0, sizeof *n - i);
#else
	memset(n, 0, sizeof *n);
#endif
}

/* A zeroed node of `kind` with `extra` bytes of room after it. */
static inline struct gz_node *
node_with_room(struct gz_arena *a, enum gz_node_kind kind, size_t extra)
{
	char *before = a->next;
	struct chunk *chunk = a->chunks;
	struct gz_node *n = take(a, sizeof *n + extra, alignof(struct gz_node));
	a->newest = a->chunks == chunk ? n : NULL;
	a->before_newest = before;
	a->kinds |= UINT64_C(1) << kind;
	blank(n);
	n->kind = kind;
	n->in_arena = true;
	a->live++;
	a->links.loose++;
	return n;
}

struct gz_node *
gz_arena_node(struct gz_arena *a, enum gz_node_kind kind)
{
	return node_with_room(a, kind, 0);
}

struct gz_node *
gz_arena_text_node(struct gz_arena *a, enum gz_node_kind kind, const char *s, size_t len)
{
	if (sizeof(struct gz_node) + len + 1 > LONG) {
		struct gz_node *n = node_with_room(a, kind, 0);
		n->text = gz_arena_strndup(a, s, len);
		n->len = (uint32_t)len;
		return n;
	}
	struct gz_node *n = node_with_room(a, kind, len + 1);
	n->text = (char *)(n + 1);
	memcpy(n->text, s, len);
	n->text[len] = '\0';
	n->len = (uint32_t)len;
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
	/* The newest string grows where it is; another moves, with as much
	 * room again after it so that a string built from many pieces (a code
	 * block, line by line) moves O(log n) times. */
	size_t want = len + add + 1;
	if (str + len + 1 == a->next && add <= (size_t)(a->end - a->next)) {
		a->next += add;
	} else if (a->bigs && str == a->bigs->data && want <= a->bigs->cap) {
		;       /* the newest long string, with room to spare */
	} else {
		char *p;
		if (2 * want > LONG) {
			p = big(a, 2 * want);
		} else {
			if (!a->next || 2 * want > (size_t)(a->end - a->next))
				grow(a);
			p = take(a, want, 1);
		}
		memcpy(p, str, len);
		str = p;
	}
	memcpy(str + len, s, add);
	str[len + add] = '\0';
	return str;
}

#if defined(__SANITIZE_ADDRESS__) || defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
#define CHECK_WHOLE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_WHOLE 1
#endif
#endif

/* With the sanitizers (the test suite's second build, the fuzzers), checks
 * that the tree `root` holds every live node of `a` and none from elsewhere
 * before they all go without a walk. */
static void
check_whole(const struct gz_arena *a, const struct gz_node *root)
{
#ifdef CHECK_WHOLE
	size_t count = 0;
	for (const struct gz_node *n = root; n;) {
		if (gz_node_arena(n) != a)
			abort();
		count++;
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	if (count != a->live)
		abort();
#else
	(void)a;
	(void)root;
#endif
}

_Static_assert(GZ_NODE_KIND_COUNT <= 64, "struct gz_arena's kinds has a bit per kind");

bool
gz_tree_may_hold(const struct gz_node *root, enum gz_node_kind kind)
{
	const struct gz_arena *a = gz_node_arena(root);
	return !a || a->links.strangers != 0 || (a->kinds >> kind & 1);
}

/* The arena of `root` when root's tree is all it holds (root has no parent,
 * is its only loose node, and nothing from elsewhere is linked under its
 * nodes), checked node by node with the sanitizers; else NULL. */
static struct gz_arena *
all_in_tree(const struct gz_node *root)
{
	struct gz_arena *a = gz_node_arena(root);
	if (!a || root->parent || a->links.loose != 1 || a->links.strangers != 0)
		return NULL;
	check_whole(a, root);
	return a;
}

bool
gz_arena_free_tree(struct gz_node *root)
{
	struct gz_arena *a = all_in_tree(root);
	if (!a)
		return false;
	gz_arena_release(a, root, a->live);
	return true;
}

bool
gz_arena_free_children(struct gz_node *root)
{
	struct gz_arena *a = all_in_tree(root);
	if (!a)
		return false;
	/* The root stays, loose and alone. */
	root->first = root->last = NULL;
	a->live = 1;
	a->newest = NULL;
	return true;
}

void
gz_arena_release(struct gz_arena *a, struct gz_node *n, size_t count)
{
	a->live -= count;
	a->links.loose -= count;
	if (a->live > 0) {
		if (n == a->newest && (char *)(n + 1) == a->next) {
			a->next = a->before_newest;
			a->newest = NULL;
		}
		return;
	}
	/* The chunks in use and the spare ones are in no order of their blocks:
	 * every block's first chunk is found before any block is freed. */
	struct chunk *starts = NULL;
	for (int list = 0; list < 2; list++) {
		for (struct chunk *c = list ? a->spare : a->chunks, *prev; c; c = prev) {
			prev = c->prev;
			if (c->heap) {
				c->prev = starts;
				starts = c;
			}
		}
	}
	for (struct chunk *c = starts, *prev; c; c = prev) {
		prev = c->prev;
		free(c);
	}
	for (size_t i = 0; i < a->slab_count; i++)
		munmap(a->slabs[i], SLAB);
	free(a->slabs);
	for (struct big *b = a->bigs, *prev; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	free(a);
}

struct gz_arena_mark
gz_arena_mark(const struct gz_arena *a)
{
	return (struct gz_arena_mark){ a->chunks, a->next, a->end, a->bigs };
}

bool
gz_arena_rewind(struct gz_arena *a, struct gz_arena_mark m)
{
	if (a->live != 1)
		return false;
	while (a->chunks != m.chunk) {
		struct chunk *c = a->chunks;
		a->chunks = c->prev;
		c->prev = a->spare;
		a->spare = c;
	}
	while (a->bigs != m.big) {
		struct big *b = a->bigs;
		a->bigs = b->prev;
		free(b);
	}
	a->next = m.next;
	a->end = m.end;
	a->newest = NULL;
	return true;
}
