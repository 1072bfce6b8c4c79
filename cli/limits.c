/* limits.c: the heap, the signals that end a run, and the memory a PDF needs. */
#include "limits.h"
#include "internal.h"

#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* Whether a memory limit (ulimit -v or -d) is in force: a crash inside a
 * library (fontconfig, GLib and cairo do not all check their allocations)
 * is then taken for what it nearly always is, memory running out. */
static volatile sig_atomic_t memory_limited;

static void
write_stderr(const char *s)
{
	ssize_t n = write(STDERR_FILENO, s, strlen(s));
	(void)n;
}

/* SIGINT, SIGTERM, SIGHUP while converting: remove the half-written temporary
 * output, then die of the signal as if there were no handler, so that the
 * caller sees how the run ended.  Async-signal-safe throughout. */
static void
on_fatal_signal(int sig)
{
	gz_output_abandon();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A crash (SIGSEGV, SIGBUS, SIGABRT, SIGTRAP...): the temporary output goes
 * too.  Under a memory limit it ends as an allocation failure does (exit 1);
 * otherwise it is a bug, and the process dies of the signal for a core dump.
 * Async-signal-safe throughout. */
static void
on_crash(int sig)
{
	gz_output_abandon();
	if (memory_limited) {
		write_stderr("gazette: out of memory (a library failed under the memory limit)\n");
		_exit(EXIT_INPUT);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
catch_fatal_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_fatal_signal };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < GZ_ARRAY_LEN(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < GZ_ARRAY_LEN(sigs); i++) {
		struct sigaction old;
		/* A signal ignored by whoever started us (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	/* Past a file size limit (ulimit -f), a write fails with EFBIG and is
	 * reported like any other failed write (exit 3), instead of killing. */
	signal(SIGXFSZ, SIG_IGN);

	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	for (size_t i = 0; i < GZ_ARRAY_LEN(limits); i++) {
		struct rlimit rl;
		if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			memory_limited = 1;
	}
	/* The sanitizers catch SIGSEGV and SIGBUS to report them: left to them. */
#ifdef __SANITIZE_ADDRESS__
	static const int crashes[] = { SIGABRT, SIGTRAP };
#else
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP };
	/* A stack overflow can still run the handler, on a stack of its own. */
	static char alt_stack[64 * 1024];
	stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack };
	sigaltstack(&ss, NULL);
#endif
	struct sigaction crash = { .sa_handler = on_crash, .sa_flags = SA_ONSTACK | SA_RESETHAND };
	sigemptyset(&crash.sa_mask);
	for (size_t i = 0; i < GZ_ARRAY_LEN(crashes); i++)
		sigaction(crashes[i], &crash, NULL);
}

/*
 * Sets up the heap for a conversion's many small allocations.
 *
 * A page fault costs several microseconds (tens in some virtual machines),
 * and a conversion's heap is touched for the first time one 4 kB page at a
 * time, each page a fault.  So the heap is grown once, up front, by RESERVE bytes marked for transparent huge
 * pages, and given back only when more than that lies free at its top: the
 * allocations that follow take their memory from 2 MB pages, one fault each.
 * Growing costs nothing until the memory is touched, and peak memory stays
 * what the conversion uses (to the next 2 MB).  Where the kernel gives no
 * huge pages (transparent_hugepage=never), the advice is ignored.
 */
void
prepare_heap(void)
{
	enum { RESERVE = 96 << 20, TRIM = 64 << 20, HUGE_PAGE = 2 << 20 };
	/* Large buffers (inputs, outputs, md4c's) go straight to mmap and back
	 * to the system when freed.  glibc otherwise raises this threshold after
	 * the first large free, and the next input's buffers stay resident in
	 * the heap, raising the peak. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/* And the heap is not handed back to the system each time its top is
	 * freed, only to be faulted in again by the next allocations. */
	mallopt(M_TRIM_THRESHOLD, TRIM);
#ifndef __SANITIZE_ADDRESS__    /* AddressSanitizer's allocator is its own */
	/* Under a memory limit (a service converting uploads), the reservation
	 * would count against it: left out unless the limit is far above. */
	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	for (size_t i = 0; i < GZ_ARRAY_LEN(limits); i++) {
		struct rlimit rl;
		if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
		    && rl.rlim_cur < (rlim_t)RESERVE * 16)
			return;
	}
	/* From the heap, not mmap; and not filled on allocation and freeing,
	 * which MALLOC_PERTURB_ (set by meson for tests) would do. */
	const char *perturb = getenv("MALLOC_PERTURB_");
	mallopt(M_MMAP_MAX, 0);
	mallopt(M_PERTURB, 0);
	mallopt(M_TRIM_THRESHOLD, RESERVE + TRIM);
	char *p = malloc(RESERVE);
	if (p) {
		uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		uintptr_t end = ((uintptr_t)p + RESERVE) & ~(uintptr_t)(HUGE_PAGE - 1);
		if (end > start)
			madvise((void *)start, end - start, MADV_HUGEPAGE);
		free(p);        /* kept at the heap's top: the trim threshold is above */
	} else {
		mallopt(M_TRIM_THRESHOLD, TRIM);
	}
	mallopt(M_MMAP_MAX, 65536);     /* glibc's default */
	if (perturb)
		mallopt(M_PERTURB, atoi(perturb));
#endif
}

/* The address space a PDF needs: fontconfig, pango and cairo load the
 * fonts (a CJK face is copied twice, 15-23 MB a copy) and a second thread
 * takes its own stack.  Below it, those libraries fail in ways that range
 * from crashes to text drawn without its fonts and exit 0, so a PDF is
 * refused up front; at or above it, a run under `ulimit -v` completes or
 * ends with "out of memory" (see LIMITS in gazette(1)). */
#define PDF_MEMORY_FLOOR ((rlim_t)384 << 20)

/* False after saying so when a memory limit is below what a format needs. */
bool
memory_enough(const struct cli *cli)
{
	bool pdf = false;
	for (size_t i = 0; i < cli->format_count; i++)
		pdf = pdf || strcmp(cli->formats[i]->name, "pdf") == 0;
	static const int limits[] = { RLIMIT_AS, RLIMIT_DATA };
	for (size_t i = 0; pdf && i < GZ_ARRAY_LEN(limits); i++) {
		struct rlimit rl;
		if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
		    && rl.rlim_cur < PDF_MEMORY_FLOOR) {
			fprintf(stderr, "gazette: out of memory: PDF output needs %llu MiB of address "
			    "space, and the limit (ulimit -%c) is %llu MiB\n",
			    (unsigned long long)(PDF_MEMORY_FLOOR >> 20), limits[i] == RLIMIT_AS ? 'v' : 'd',
			    (unsigned long long)(rl.rlim_cur >> 20));
			return false;
		}
	}
	return true;
}
