/* limits.h: the heap, the signals that end a run, and the memory a PDF needs. */
#ifndef GZ_LIMITS_H
#define GZ_LIMITS_H

#include "options.h"

#include <stdbool.h>

/* Sets up the heap for a conversion's many small allocations (see limits.c). */
void prepare_heap(void);
/* SIGINT, SIGTERM and SIGHUP remove the temporary output and end the run as
 * the signal does; SIGXFSZ is ignored (the write fails and is reported); a
 * crash removes the temporary output too, and under a memory limit ends as
 * running out of memory does (exit 1). */
void catch_fatal_signals(void);
/* False after saying so when a memory limit is below what a format needs. */
bool memory_enough(const struct cli *cli);

#endif /* GZ_LIMITS_H */
