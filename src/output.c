/* output.c: outputs replace their target only when complete. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
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

static bool
write_fd(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* A device, a pipe or standard output: written in place, never renamed over. */
static bool
write_in_place(const char *path, const char *data, size_t len, struct gz_log *log)
{
	int fd = strcmp(path, "-") == 0 ? STDOUT_FILENO : open(path, O_WRONLY | O_TRUNC);
	if (fd < 0) {
		gz_error(log, path, 0, "cannot open for writing: %s", strerror(errno));
		return false;
	}
	bool ok = write_fd(fd, data, len);
	int saved = errno;
	if (fd != STDOUT_FILENO && close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok)
		gz_error(log, strcmp(path, "-") == 0 ? "<stdout>" : path, 0,
		    "cannot write: %s", strerror(saved));
	return ok;
}

bool
gz_write_file(const char *path, const char *data, size_t len, struct gz_log *log)
{
	struct stat st;
	if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
		return write_in_place(path, data, len, log);

	char *tmp = gz_xasprintf("%s.XXXXXX", path);
	bool ok = false;
	atomic_store(&current_tmp, tmp);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		gz_error(log, path, 0, "cannot create a temporary file beside it: %s",
		    strerror(errno));
		atomic_store(&current_tmp, NULL);
		free(tmp);
		return false;
	}
	/* mkstemp makes the file 0600; outputs are ordinary files. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);

	if (!write_fd(fd, data, len)) {
		gz_error(log, path, 0, "cannot write: %s", strerror(errno));
		close(fd);
	} else if (close(fd) != 0) {
		gz_error(log, path, 0, "cannot write: %s", strerror(errno));
	} else if (rename(tmp, path) != 0) {
		gz_error(log, path, 0, "cannot replace: %s", strerror(errno));
	} else {
		ok = true;
	}
	if (!ok)
		unlink(tmp);
	atomic_store(&current_tmp, NULL);
	free(tmp);
	return ok;
}
