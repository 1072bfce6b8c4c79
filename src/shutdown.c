/* shutdown.c: what the library keeps for the whole process, freed at the end. */
#include "internal.h"

/* Process-wide caches (fonts loaded once for every PDF of a run) register how
 * to free themselves here; this is the library's only global state. */
static void (*shutdown_hooks[8])(void);
static size_t shutdown_hook_count;

void
gz_at_shutdown(void (*fn)(void))
{
	if (shutdown_hook_count < GZ_ARRAY_LEN(shutdown_hooks))
		shutdown_hooks[shutdown_hook_count++] = fn;
}

void
gz_shutdown(void)
{
	while (shutdown_hook_count > 0)
		shutdown_hooks[--shutdown_hook_count]();
	/* cairo's and fontconfig's own static caches are left to the system:
	 * cairo_debug_reset_static_data() aborts the process (an assertion in
	 * Debian's cairo) if any font is still referenced, and FcFini() likewise;
	 * a leak checker sees those caches as still reachable. */
}
