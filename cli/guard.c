/* guard.c: the files no output may replace, as a hash set of (device, inode). */
#include "guard.h"
#include "internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

static size_t
slot_of(const struct guard *g, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15u ^ (uint64_t)dev * 0xC2B2AE3D27D4EB4Fu;
	size_t i = (size_t)(h >> 17) & (g->cap - 1);
	while (g->slots[i].what && !(g->slots[i].dev == dev && g->slots[i].ino == ino))
		i = (i + 1) & (g->cap - 1);
	return i;
}

static void
grow(struct guard *g)
{
	struct guard old = *g;
	g->cap = old.cap ? old.cap * 2 : 64;
	g->slots = gz_xcalloc(g->cap, sizeof *g->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].what)
			g->slots[slot_of(g, old.slots[i].dev, old.slots[i].ino)] = old.slots[i];
	free(old.slots);
}

void
guard_add(struct guard *g, const char *path, const char *what)
{
	struct stat st;
	/* Standard input redirected from a file guards that file. */
	bool is_stdin = path && path[0] == '-' && path[1] == '\0';
	if (!path || (is_stdin ? fstat(0, &st) != 0 || !S_ISREG(st.st_mode) : stat(path, &st) != 0))
		return;
	if (2 * (g->count + 1) > g->cap)
		grow(g);
	size_t i = slot_of(g, st.st_dev, st.st_ino);
	if (!g->slots[i].what) {
		g->slots[i] = (struct guard_slot){ st.st_dev, st.st_ino, what };
		g->count++;
	}
}

const char *
guard_check(const struct guard *g, const char *path)
{
	struct stat st;
	if (g->count == 0 || stat(path, &st) != 0)
		return NULL;
	return g->slots[slot_of(g, st.st_dev, st.st_ino)].what;
}

void
guard_free(struct guard *g)
{
	free(g->slots);
	*g = (struct guard){0};
}
