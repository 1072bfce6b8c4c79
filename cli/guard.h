/* guard.h: the files no output may replace (inputs, configurations, templates). */
#ifndef GZ_GUARD_H
#define GZ_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A set of files by (device, inode), so that every spelling of a path
 * (relative, `./`, `..`, symbolic links, hard links) names the same entry. */
struct guard {
	struct guard_slot {
		dev_t dev;
		ino_t ino;
		const char *what;       /* "an input", "a configuration"...; NULL: empty slot */
	} *slots;
	size_t cap;                     /* a power of two */
	size_t count;
};

/* Adds the file `path` names (following symbolic links), as `what` (a static
 * string for messages).  A path that does not exist guards nothing. */
void guard_add(struct guard *g, const char *path, const char *what);
/* What `path` is when it names a guarded file ("an input"...), else NULL. */
const char *guard_check(const struct guard *g, const char *path);
void guard_free(struct guard *g);

#endif /* GZ_GUARD_H */
