/* util.c: allocation that cannot fail, the byte buffer and diagnostics. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

/* Ends the process: an allocation failed.  The output being written is
 * removed (the old file stays), and the exit status is 1, as for an input
 * that cannot be converted; nothing else runs, since other threads may be
 * holding what exit() would flush. */
static _Noreturn void
out_of_memory(size_t size)
{
	gz_output_abandon();
	fprintf(stderr, "gazette: out of memory (asked for %zu bytes)\n", size);
	_exit(1);
}

void *
gz_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
gz_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *
gz_xaligned_alloc(size_t align, size_t size)
{
	void *p = aligned_alloc(align, size);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
gz_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *
gz_xstrndup(const char *s, size_t len)
{
	char *p = gz_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
gz_xstrdup(const char *s)
{
	return gz_xstrndup(s, strlen(s));
}

char *
gz_xasprintf(const char *fmt, ...)
{
	struct gz_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	b.data = gz_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

void
gz_buf_reserve(struct gz_buf *b, size_t extra)
{
	if (extra < b->cap - b->len)
		return;
	size_t want = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	b->data = gz_xrealloc(b->data, cap);
	b->cap = cap;
	/* Terminated from the start, so that a buffer reserved but left empty
	 * is "" too when detached. */
	b->data[b->len] = '\0';
}

void
gz_buf_append(struct gz_buf *b, const char *s, size_t len)
{
	gz_buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
gz_buf_puts(struct gz_buf *b, const char *s)
{
	gz_buf_append(b, s, strlen(s));
}

void
gz_buf_putc(struct gz_buf *b, char c)
{
	gz_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
gz_buf_printf(struct gz_buf *b, const char *fmt, ...)
{
	/* Format straight into the spare room; only when it does not fit, grow
	 * and format again. */
	if (b->cap - b->len < 64)
		gz_buf_reserve(b, 64);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		gz_buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

static void
send(struct gz_buf *b, size_t len)
{
	struct gz_sink *k = b->sink;
	if (!k->failed && len > 0 && !k->write(k->ctx, b->data, len))
		k->failed = true;
	memmove(b->data, b->data + len, b->len - len + 1);
	b->len -= len;
	b->sent += len;
}

void
gz_buf_flush(struct gz_buf *b)
{
	enum { FLUSH_AT = 64 * 1024 };
	if (b->sink && b->len >= FLUSH_AT)
		send(b, b->len - 1);
}

void
gz_buf_send(struct gz_buf *b, size_t len)
{
	if (b->sink && len <= b->len)
		send(b, len);
}

bool
gz_buf_drain(struct gz_buf *b)
{
	if (b->sink && b->len > 0)
		send(b, b->len);
	return !b->sink || !b->sink->failed;
}

char *
gz_buf_detach(struct gz_buf *b, size_t *len)
{
	/* Small strings kept for long (URLs, ids in the tree) must not hold on
	 * to the buffer's spare room: give it back. */
	if (b->data && b->cap - b->len > 64)
		b->data = gz_xrealloc(b->data, b->len + 1);
	char *data = b->data ? b->data : gz_xstrdup("");
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return data;
}

void
gz_buf_free(struct gz_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
gz_open_file(const char *path, int flags, struct stat *st)
{
	/* O_NONBLOCK: opening a FIFO with no writer would wait forever. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | flags);
	if (fd < 0)
		return -1;
	int saved = 0;
	if (fstat(fd, st) != 0)
		saved = errno;
	else if (S_ISDIR(st->st_mode))
		saved = EISDIR;
	else if (!S_ISREG(st->st_mode))
		saved = GZ_ENOTREG;
	else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
		saved = errno;
	if (saved) {
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

char *
gz_read_fd(int fd, size_t max, size_t *len)
{
	/* A regular file is read at its size, straight into the buffer; a pipe
	 * grows it as it goes.  One byte past `max` tells a file too large. */
	struct gz_buf b = {0};
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			errno = EFBIG;
			return NULL;
		}
		gz_buf_reserve(&b, (size_t)st.st_size + 1);
	}
	int saved = 0;
	for (;;) {
		if (b.cap - b.len < 2)
			gz_buf_reserve(&b, b.len < 65536 ? 65536 : b.len);
		size_t want = b.cap - b.len - 1;
		if (want > max - b.len + 1)
			want = max - b.len + 1;
		ssize_t n = read(fd, b.data + b.len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			break;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			saved = EFBIG;
			break;
		}
	}
	if (saved) {
		gz_buf_free(&b);
		errno = saved;
		return NULL;
	}
	gz_buf_reserve(&b, 0);
	b.data[b.len] = '\0';
	return gz_buf_detach(&b, len);
}

char *
gz_read_file_max(const char *path, size_t max, size_t *len)
{
	struct stat st;
	int fd = gz_open_file(path, 0, &st);
	if (fd < 0)
		return NULL;
	char *data = gz_read_fd(fd, max, len);
	int saved = errno;
	close(fd);
	errno = saved;
	return data;
}

char *
gz_read_file(const char *path, size_t *len)
{
	/* Pages may come from a pipe (`<(command)`), but not from a device. */
	if (strcmp(path, "-") == 0)
		return gz_read_fd(STDIN_FILENO, GZ_INPUT_MAX, len);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *data = NULL;
	if (fstat(fd, &st) != 0)
		;
	else if (S_ISDIR(st.st_mode))
		errno = EISDIR;
	else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		errno = GZ_ENOTREG;
	else
		data = gz_read_fd(fd, GZ_INPUT_MAX, len);
	int saved = errno;
	close(fd);
	errno = saved;
	return data;
}

const char *
gz_strerror(int err)
{
	if (err == GZ_ENOTREG)
		return "not a regular file";
	if (err == EFBIG)
		return "larger than gazette reads (see LIMITS in gazette(1))";
	return strerror(err);
}

void
gz_escape_controls(struct gz_buf *out, const char *s)
{
	gz_buf_puts(out, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* C0 controls and DEL, and the C1 controls U+0080-U+009F (which
		 * include CSI, U+009B) as UTF-8. */
		if (*p < 0x20 || *p == 0x7F) {
			gz_buf_printf(out, "\\x%02X", *p);
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			gz_buf_printf(out, "\\u%04X", p[1]);
			p++;
		} else {
			gz_buf_putc(out, (char)*p);
		}
	}
}

static const char *const severity_names[] = {
	[GZ_NOTE] = "note",
	[GZ_WARNING] = "warning",
	[GZ_ERROR] = "error",
};

void
gz_vreport(struct gz_log *log, enum gz_severity sev, const char *file, unsigned line,
    const char *fmt, va_list ap)
{
	if (sev == GZ_WARNING && log->strict)
		sev = GZ_ERROR;
	if (sev == GZ_ERROR)
		log->errors++;
	else if (sev == GZ_WARNING)
		log->warnings++;
	if ((sev == GZ_WARNING && log->verbosity < 0) || (sev == GZ_NOTE && log->verbosity < 1))
		return;

	char *message;
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	message = gz_xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(message, n > 0 ? (size_t)n + 1 : 1, fmt, ap);

	if (log->emit) {
		log->emit(log->ctx, sev, file, line, message);
		free(message);
		return;
	}
	/* A file name or a quoted piece of a page can hold terminal escape
	 * sequences: shown escaped, never sent to the terminal raw. */
	struct gz_buf shown = {0}, where = {0};
	gz_escape_controls(&shown, message);
	if (file)
		gz_escape_controls(&where, file);
	if (file && line)
		fprintf(stderr, "%s:%u: %s: %s\n", where.data, line, severity_names[sev], shown.data);
	else if (file)
		fprintf(stderr, "%s: %s: %s\n", where.data, severity_names[sev], shown.data);
	else
		fprintf(stderr, "gazette: %s: %s\n", severity_names[sev], shown.data);
	gz_buf_free(&shown);
	gz_buf_free(&where);
	free(message);
}

void
gz_report(struct gz_log *log, enum gz_severity sev, const char *file, unsigned line,
    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gz_vreport(log, sev, file, line, fmt, ap);
	va_end(ap);
}

char *
gz_path_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return gz_xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

char *
gz_path_inside(const char *path)
{
	struct gz_buf b = {0};
	gz_buf_append(&b, "", 0);
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n && !(n == 1 && p[0] == '.') && !(n == 2 && p[0] == '.' && p[1] == '.')) {
			if (b.len)
				gz_buf_putc(&b, '/');
			gz_buf_append(&b, p, n);
		}
		p += n + (p[n] == '/');
	}
	return gz_buf_detach(&b, NULL);
}
