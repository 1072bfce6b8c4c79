/* batch.h: converting many inputs with several worker processes, and progress. */
#ifndef GZ_BATCH_H
#define GZ_BATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Converts input i; returns its exit status (0, 1 or 3). */
typedef int (*batch_job_fn)(size_t i, void *ctx);
/* Called in the calling process as each input finishes, in completion order. */
typedef void (*batch_done_fn)(size_t i, int status, void *ctx);

/*
 * Runs job(0..count-1) in `jobs` worker processes (forked after everything the
 * caller loaded, so fonts and configuration are loaded once per worker), or in
 * this process when jobs <= 1 or count <= 1.  Workers take the next input as
 * they become free.  A worker that dies counts its input as failed (status 1).
 */
void batch_run(size_t count, unsigned jobs, batch_job_fn job, batch_done_fn done, void *ctx);

/* The single updating progress line on a terminal. */
struct progress {
	bool enabled;           /* standard error is a terminal and not -q */
	bool shown;             /* a line is on screen */
	double start;           /* seconds, monotonic */
	double after;           /* seconds before the line first shows */
	size_t total;
	size_t finished;
};

double progress_now(void);
void progress_start(struct progress *p, size_t total, bool enabled);
/* Shows `[n/total] path -> formats` once the run has taken more than a second. */
void progress_update(struct progress *p, const char *path, const char *formats);
/* Clears the line so that a message can be printed. */
void progress_clear(struct progress *p);

#endif /* GZ_BATCH_H */
