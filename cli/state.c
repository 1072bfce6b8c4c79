/* state.c: --incremental's record of what each output was made from. */
#include "state.h"
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

uint64_t
state_hash(uint64_t h, const void *data, size_t len)
{
	if (h == 0)
		h = 0xcbf29ce484222325u;
	for (const unsigned char *p = data; len > 0; p++, len--)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct state_entry *)a)->name, ((const struct state_entry *)b)->name);
}

/* The name of `path` below the state's folder, or NULL when it is not below. */
static const char *
name_of(const struct state *s, const char *path)
{
	size_t n = strlen(s->dir);
	return strncmp(path, s->dir, n) == 0 ? path + n : NULL;
}

void
state_load(struct state *s, const char *dir)
{
	*s = (struct state){ .dir = *dir ? gz_xasprintf("%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/")
				       : gz_xstrdup("") };
	char *file = gz_xasprintf("%s%s", s->dir, STATE_NAME);
	size_t len;
	char *text = gz_read_file_max(file, GZ_INPUT_MAX, &len);
	free(file);
	/* One line per output: KEY SIZE MTIME_NS NAME. */
	for (char *line = text; line && *line;) {
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		struct state_entry e = {0};
		int at = 0;
		if (sscanf(line, "%" SCNx64 " %lld %lld %n", &e.key, &e.size, &e.mtime_ns, &at) == 3 && at > 0
		    && line[at]) {
			s->old = gz_xrealloc(s->old, (s->old_count + 1) * sizeof *s->old);
			e.name = gz_xstrdup(line + at);
			s->old[s->old_count++] = e;
		}
		line = end + 1;
	}
	free(text);
	if (s->old_count > 0)
		qsort(s->old, s->old_count, sizeof *s->old, by_name);
}

static bool
identity(const char *path, long long *size, long long *mtime_ns)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	*size = (long long)st.st_size;
	*mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return true;
}

bool
state_fresh(const struct state *s, const char *path, uint64_t key)
{
	const char *name = name_of(s, path);
	if (!name || key == 0 || s->old_count == 0)
		return false;
	struct state_entry want = { .name = (char *)name };
	const struct state_entry *e = bsearch(&want, s->old, s->old_count, sizeof *s->old, by_name);
	long long size, mtime_ns;
	return e && e->key == key && identity(path, &size, &mtime_ns) && size == e->size
	    && mtime_ns == e->mtime_ns;
}

void
state_record(struct state *s, const char *path, uint64_t key)
{
	const char *name = name_of(s, path);
	if (!name)
		return;
	struct state_entry e = { .name = gz_xstrdup(name), .key = key };
	if (key && !identity(path, &e.size, &e.mtime_ns))
		e.key = 0;
	if (s->now_count == s->now_cap) {
		s->now_cap = s->now_cap ? 2 * s->now_cap : 16;
		s->now = gz_xrealloc(s->now, s->now_cap * sizeof *s->now);
	}
	s->now[s->now_count++] = e;
	s->changed = true;
}

bool
state_save(struct state *s, struct gz_log *log)
{
	if (!s->changed)
		return true;
	/* This run's records, the last of each name winning, then the old
	 * records of outputs this run did not touch. */
	if (s->now_count > 0)
		qsort(s->now, s->now_count, sizeof *s->now, by_name);
	struct gz_buf b = {0};
	size_t i = 0, j = 0;
	while (i < s->old_count || j < s->now_count) {
		int c = i == s->old_count ? 1 : j == s->now_count ? -1 : strcmp(s->old[i].name, s->now[j].name);
		const struct state_entry *e;
		if (c < 0) {
			e = &s->old[i++];
		} else {
			while (j + 1 < s->now_count && strcmp(s->now[j].name, s->now[j + 1].name) == 0)
				j++;
			e = &s->now[j++];
			if (c == 0)
				i++;
		}
		if (e->key && !strchr(e->name, '\n'))
			gz_buf_printf(&b, "%016" PRIx64 " %lld %lld %s\n", e->key, e->size, e->mtime_ns,
			    e->name);
	}
	char *file = gz_xasprintf("%s%s", s->dir, STATE_NAME);
	bool ok = gz_write_file(file, b.data ? b.data : "", b.len, log);
	free(file);
	gz_buf_free(&b);
	s->changed = false;
	return ok;
}

void
state_free(struct state *s)
{
	for (size_t i = 0; i < s->old_count; i++)
		free(s->old[i].name);
	for (size_t i = 0; i < s->now_count; i++)
		free(s->now[i].name);
	free(s->old);
	free(s->now);
	free(s->dir);
	*s = (struct state){0};
}
