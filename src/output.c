/* output.c: outputs replace their target only when complete, and only when changed. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file being written, for gz_output_abandon() to remove when a
 * signal ends the process; NULL when there is none.  Set before mkstemp fills
 * the name in (unlinking a name not yet created is harmless) and cleared after
 * the rename (unlinking a name already renamed away is harmless too). */
static _Atomic(char *) current_tmp;
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "a signal handler reads current_tmp");

void
gz_output_abandon(void)
{
	char *tmp = atomic_load(&current_tmp);
	if (tmp)
		unlink(tmp);
}

struct gz_output {
	const char *path;       /* as given ("-": standard output) */
	char *tmp;              /* the temporary file, or NULL when written in place */
	int fd;
	int error;              /* errno of the first failed write; 0: none */
	/* The file being replaced, compared with the output as it is written;
	 * -1 when there is none or they differ. */
	int old;
	off_t old_size, written;
};

/* An output whose bytes are those of the file it would replace leaves that
 * file where it is, its time set to now, rather than renaming a new one over
 * it: a site rebuilt over its outputs then costs what a fresh build does
 * (renaming over an existing file makes ext4 flush the new one at once).
 * Only a plain file with one name is compared, so links stay as they were. */
static void
open_old(struct gz_output *o)
{
	struct stat st;
	o->old = -1;
	if (lstat(o->path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1)
		return;
	o->old = open(o->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	o->old_size = st.st_size;
}

/* Compares data[0..len) with the old file at o->written; stops comparing at
 * the first difference. */
static void
compare_old(struct gz_output *o, const char *data, size_t len)
{
	char buf[16384];
	while (o->old >= 0 && len > 0) {
		size_t want = len < sizeof buf ? len : sizeof buf;
		ssize_t n = pread(o->old, buf, want, o->written);
		if (n <= 0 || memcmp(buf, data, (size_t)n) != 0) {
			close(o->old);
			o->old = -1;
			return;
		}
		o->written += n;
		data += n;
		len -= (size_t)n;
	}
}

struct gz_output *
gz_output_open(const char *path, struct gz_log *log)
{
	struct gz_output *o = gz_xcalloc(1, sizeof *o);
	o->path = path;
	o->old = -1;
	struct stat st;
	if (strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		return o;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device, a pipe or standard output: written in place, never
		 * renamed over. */
		o->fd = open(path, O_WRONLY | O_TRUNC);
		if (o->fd < 0) {
			gz_error(log, path, 0, "cannot open for writing: %s", strerror(errno));
			free(o);
			return NULL;
		}
		return o;
	}
	/* Beside the output, so that the rename stays on one file system; a
	 * name near NAME_MAX would be too long with the suffix, so the
	 * temporary file then takes a short name of its own. */
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (strlen(base) + sizeof ".XXXXXX" - 1 > NAME_MAX)
		o->tmp = gz_xasprintf("%.*s.gazette.XXXXXX", (int)(base - path), path);
	else
		o->tmp = gz_xasprintf("%s.XXXXXX", path);
	atomic_store(&current_tmp, o->tmp);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		gz_error(log, path, 0, "cannot create a temporary file beside it: %s",
		    strerror(errno));
		atomic_store(&current_tmp, NULL);
		free(o->tmp);
		free(o);
		return NULL;
	}
	/* mkstemp makes the file 0600.  A file replaced keeps its mode (and
	 * its owner and group, where we may give them); a new one is an
	 * ordinary file under the umask. */
	if (stat(path, &st) == 0) {
		if (fchown(o->fd, st.st_uid, st.st_gid) != 0 && fchown(o->fd, (uid_t)-1, st.st_gid) != 0) {
			/* not ours to give: the new file is ours, as any new file */
		}
		fchmod(o->fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(o->fd, 0666 & ~mask);
	}
	open_old(o);
	return o;
}

bool
gz_output_write(struct gz_output *o, const char *data, size_t len)
{
	if (o->error)
		return false;
	compare_old(o, data, len);
	while (len > 0) {
		ssize_t n = write(o->fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->error = errno;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

bool
gz_output_close(struct gz_output *o, bool commit, struct gz_log *log)
{
	if (!o)
		return false;
	const char *shown = strcmp(o->path, "-") == 0 ? "<stdout>" : o->path;
	bool ok = commit;
	if (ok && o->error) {
		gz_error(log, shown, 0, "cannot write: %s", strerror(o->error));
		ok = false;
	}
	if (o->fd != STDOUT_FILENO && close(o->fd) != 0 && ok) {
		gz_error(log, shown, 0, "cannot write: %s", strerror(errno));
		ok = false;
	}
	bool same = o->old >= 0 && o->written == o->old_size;
	if (same && ok && futimens(o->old, NULL) == 0) {
		unlink(o->tmp);         /* the old file stays: it is the output */
		atomic_store(&current_tmp, NULL);
		free(o->tmp);
		o->tmp = NULL;
	}
	if (o->old >= 0)
		close(o->old);
	if (o->tmp) {
		if (ok && rename(o->tmp, o->path) != 0) {
			gz_error(log, o->path, 0, "cannot replace: %s", strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(o->tmp);
		atomic_store(&current_tmp, NULL);
		free(o->tmp);
	}
	free(o);
	return ok;
}

bool
gz_write_file(const char *path, const char *data, size_t len, struct gz_log *log)
{
	struct gz_output *o = gz_output_open(path, log);
	if (!o)
		return false;
	gz_output_write(o, data, len);
	return gz_output_close(o, true, log);
}
