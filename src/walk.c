/* walk.c: the one depth-first walker every backend uses, without recursion. */
#include "internal.h"

bool
gz_walk(const struct gz_node *root, const struct gz_handler handlers[GZ_NODE_KIND_COUNT],
    void *ctx)
{
	const struct gz_node *n = root;
	for (;;) {
		/* A parsed tree lies in document order in its arena: asking for
		 * the memory 2 KiB ahead hides the wait for each new page, which
		 * the processor's own prefetching does not cross. */
		__builtin_prefetch((const char *)n + 2048);
		const struct gz_handler *h = &handlers[n->kind];
		enum gz_walk_result r = h->enter ? h->enter(n, ctx) : GZ_WALK_NEXT;
		if (r == GZ_WALK_STOP)
			return false;
		if (r == GZ_WALK_NEXT && n->first) {
			n = n->first;
			continue;
		}
		/* Leave n, then every ancestor whose last child we just left. */
		for (;;) {
			if (handlers[n->kind].leave)
				handlers[n->kind].leave(n, ctx);
			if (n == root)
				return true;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}
