/* batch.c: a pool of forked workers fed through a pipe, and the progress line. */
#include "batch.h"
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What a worker sends back: which input, and how it went. */
struct report {
	uint32_t worker;
	uint32_t index;         /* UINT32_MAX: ready for the first input */
	int32_t status;
};

static bool
read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool
write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* A worker: asks for an input by sending its last report (or a ready mark),
 * converts what it is given, until it is told to stop. */
static void
worker(unsigned id, int requests, int replies, batch_job_fn job, void *ctx)
{
	struct report r = { .worker = id, .index = UINT32_MAX, .status = 0 };
	for (;;) {
		if (!write_full(replies, &r, sizeof r))
			_exit(1);
		uint32_t index;
		if (!read_full(requests, &index, sizeof index) || index == UINT32_MAX)
			_exit(0);
		r.index = index;
		r.status = job(index, ctx);
		fflush(NULL);
	}
}

void
batch_run(size_t count, unsigned jobs, batch_job_fn job, batch_done_fn done, void *ctx)
{
	if (jobs > count)
		jobs = (unsigned)count;
	if (jobs <= 1) {
		for (size_t i = 0; i < count; i++)
			done(i, job(i, ctx), ctx);
		return;
	}

	/* One request pipe per worker (the parent says what to do next) and one
	 * shared reply pipe (reports are smaller than PIPE_BUF, so atomic). */
	int replies[2];
	if (pipe(replies) != 0) {
		perror("gazette: pipe");
		batch_run(count, 1, job, done, ctx);
		return;
	}
	int *requests = gz_xcalloc(jobs, sizeof *requests);
	pid_t *pids = gz_xcalloc(jobs, sizeof *pids);
	size_t *current = gz_xcalloc(jobs, sizeof *current);
	unsigned started = 0;
	fflush(NULL);
	for (unsigned w = 0; w < jobs; w++) {
		int req[2];
		if (pipe(req) != 0)
			break;
		pid_t pid = fork();
		if (pid < 0) {
			close(req[0]);
			close(req[1]);
			break;
		}
		if (pid == 0) {
			signal(SIGPIPE, SIG_DFL);
			close(req[1]);
			close(replies[0]);
			for (unsigned o = 0; o < w; o++)
				close(requests[o]);
			worker(w, req[0], replies[1], job, ctx);
		}
		close(req[0]);
		requests[w] = req[1];
		pids[w] = pid;
		current[w] = SIZE_MAX;
		started++;
	}
	close(replies[1]);
	/* A worker that died closes its request pipe: writing to it must fail
	 * with EPIPE, not kill the whole run. */
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);

	/* Each report says which worker is free; answer it with the next input. */
	size_t next = 0;
	unsigned alive = started;
	struct report r;
	while (alive > 0 && read_full(replies[0], &r, sizeof r)) {
		unsigned w = r.worker;
		if (w >= started || requests[w] < 0)
			continue;
		if (r.index != UINT32_MAX && r.index == current[w]) {
			done(r.index, r.status, ctx);
			current[w] = SIZE_MAX;
		}
		uint32_t give = next < count ? (uint32_t)next++ : UINT32_MAX;
		if (give != UINT32_MAX)
			current[w] = give;
		if (!write_full(requests[w], &give, sizeof give) || give == UINT32_MAX) {
			close(requests[w]);
			requests[w] = -1;
			alive--;
		}
	}
	close(replies[0]);
	signal(SIGPIPE, old_pipe);
	for (unsigned w = 0; w < started; w++) {
		if (requests[w] >= 0)
			close(requests[w]);
		int status;
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
	}
	/* An input handed to a worker that died counts as failed; inputs never
	 * handed out (no worker could be started) are converted here. */
	for (unsigned w = 0; w < started; w++) {
		if (current[w] < count) {
			fprintf(stderr, "gazette: error: a worker died while converting input %zu\n",
			    current[w] + 1);
			done(current[w], 1, ctx);
		}
	}
	for (; next < count; next++)
		done(next, job(next, ctx), ctx);
	free(requests);
	free(pids);
	free(current);
}

double
progress_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, size_t total, bool enabled)
{
	/* GAZETTE_PROGRESS_AFTER (seconds) lets tests see the line on short runs. */
	const char *after = getenv("GAZETTE_PROGRESS_AFTER");
	*p = (struct progress){ .enabled = enabled, .start = progress_now(), .total = total,
	    .after = after ? atof(after) : 1.0 };
}

void
progress_update(struct progress *p, const char *path, const char *formats)
{
	p->finished++;
	if (!p->enabled || progress_now() - p->start < p->after)
		return;
	struct gz_buf shown = {0};
	gz_escape_controls(&shown, path);
	fprintf(stderr, "\r\033[K[%zu/%zu] %s -> %s", p->finished, p->total, shown.data, formats);
	gz_buf_free(&shown);
	fflush(stderr);
	p->shown = true;
}

void
progress_clear(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}
