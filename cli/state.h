/* state.h: --incremental's record of what each output was made from. */
#ifndef GZ_STATE_H
#define GZ_STATE_H

#include "gazette.h"

#include <stdint.h>

/*
 * A small file in the output folder (STATE_NAME) holds, per output, a key
 * for everything it was made from (the program's version, the options, the
 * configuration's and template's contents, each input's identity, size and
 * modification time) and the output's own size and modification time.  An
 * output is up to date when both match: no clock is compared with another.
 */
#define STATE_NAME ".gazette-state"

struct state_entry {
	char *name;             /* the output, relative to the state's folder */
	uint64_t key;
	long long size, mtime_ns;       /* the output's, when it was recorded */
};

struct state {
	char *dir;              /* the folder the state file is in, with a final '/' */
	struct state_entry *old, *now;  /* loaded (sorted by name); recorded this run */
	size_t old_count, now_count, now_cap;
	bool changed;
};

/* A 64-bit FNV-1a hash of `len` bytes, continuing from `h` (0 to start). */
uint64_t state_hash(uint64_t h, const void *data, size_t len);
/* Loads the state of folder `dir` ("" for the current one); a missing or
 * unreadable file is an empty state. */
void state_load(struct state *s, const char *dir);
/* Whether `path` (below the state's folder) was recorded with `key` and is
 * still the file written then. */
bool state_fresh(const struct state *s, const char *path, uint64_t key);
/* Records that `path` was just written from `key` (0: forget it). */
void state_record(struct state *s, const char *path, uint64_t key);
/* Writes the state back if it changed; false after reporting. */
bool state_save(struct state *s, struct gz_log *log);
void state_free(struct state *s);

#endif /* GZ_STATE_H */
