/* tree.c: `-t tree`, an indented dump of the document tree for tests and debugging. */
#include "formats.h"

#include <string.h>

enum { MAX_INDENT = 40 };

struct dump {
	struct gz_buf *out;
	int depth;
};

/* Writes s as a double-quoted string with C escapes for quotes, backslashes
 * and control characters; other UTF-8 as it is. */
static void
quoted(struct gz_buf *out, const char *s, size_t len)
{
	gz_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			gz_buf_printf(out, "\\%c", c);
		else if (c == '\n')
			gz_buf_puts(out, "\\n");
		else if (c == '\t')
			gz_buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			gz_buf_printf(out, "\\x%02x", c);
		else
			gz_buf_putc(out, (char)c);
	}
	gz_buf_putc(out, '"');
}

static void
attr(struct gz_buf *out, const char *name, const char *value)
{
	if (!value)
		return;
	gz_buf_printf(out, " %s=", name);
	quoted(out, value, strlen(value));
}

static enum gz_walk_result
enter(const struct gz_node *n, void *ctx)
{
	static const char *const aligns[] = { "none", "left", "center", "right" };
	static const char *const tasks[] = { "none", "open", "done" };
	struct dump *d = ctx;
	struct gz_buf *out = d->out;

	/* Indentation stops growing at MAX_INDENT levels, so that the dump of a
	 * 100,000-deep input stays linear in size; deeper lines say their depth. */
	int shown = d->depth < MAX_INDENT ? d->depth : MAX_INDENT;
	for (int i = 0; i < shown; i++)
		gz_buf_puts(out, "  ");
	if (d->depth > MAX_INDENT)
		gz_buf_printf(out, "(%d) ", d->depth);
	gz_buf_puts(out, gz_node_kind_name(n->kind));
	if (n->line)
		gz_buf_printf(out, " @%u", n->line);
	switch (n->kind) {
	case GZ_NODE_HEADING:
		gz_buf_printf(out, " level=%d", n->heading.level);
		attr(out, "id", n->heading.id);
		break;
	case GZ_NODE_LIST:
		gz_buf_printf(out, " %s %s", n->list.ordered ? "ordered" : "bullet",
		    n->list.tight ? "tight" : "loose");
		if (n->list.ordered)
			gz_buf_printf(out, " start=%u", n->list.start);
		break;
	case GZ_NODE_ITEM:
		if (n->item.task != GZ_TASK_NONE)
			gz_buf_printf(out, " task=%s", tasks[n->item.task]);
		break;
	case GZ_NODE_CODE_BLOCK:
		gz_buf_puts(out, n->fenced ? " fenced" : " indented");
		attr(out, "info", n->code.info);
		break;
	case GZ_NODE_TABLE:
		gz_buf_printf(out, " columns=%u", n->table.columns);
		break;
	case GZ_NODE_TABLE_CELL:
		gz_buf_printf(out, "%s align=%s", n->cell.header ? " header" : "",
		    aligns[n->cell.align]);
		break;
	case GZ_NODE_LINK:
	case GZ_NODE_IMAGE:
		attr(out, "url", n->link.url);
		attr(out, "title", n->link.title);
		if (n->autolink)
			gz_buf_puts(out, " autolink");
		break;
	case GZ_NODE_DIV:
	case GZ_NODE_SPAN:
		attr(out, "tag", n->elem.tag);
		if (n->raw)
			gz_buf_puts(out, " raw");
		break;
	case GZ_NODE_FOOTNOTE:
	case GZ_NODE_FOOTNOTE_REF:
		gz_buf_printf(out, " number=%u", n->note.number);
		attr(out, "label", n->note.label);
		break;
	default:
		break;
	}
	/* Attributes from raw HTML or an IAL, after the node's own fields. */
	for (const struct gz_attr *a = n->attrs; a; a = a->next) {
		gz_buf_printf(out, " @%s=", a->name);
		quoted(out, a->value, strlen(a->value));
	}
	if (n->text) {
		gz_buf_putc(out, ' ');
		quoted(out, n->text, n->len);
	}
	gz_buf_putc(out, '\n');
	d->depth++;
	return GZ_WALK_NEXT;
}

static void
leave(const struct gz_node *n, void *ctx)
{
	(void)n;
	struct dump *d = ctx;
	d->depth--;
}

static bool
render_tree(const struct gz_render *r, struct gz_buf *out)
{
	struct gz_handler handlers[GZ_NODE_KIND_COUNT];
	for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
		handlers[k] = (struct gz_handler){ .enter = enter, .leave = leave };
	const struct gz_doc *doc = r->docs[0];
	if (doc->lang)
		gz_buf_printf(out, "lang %s\n", doc->lang);
	struct dump d = { .out = out };
	gz_walk(doc->root, handlers, &d);
	return true;
}

const struct gz_format gz_format_tree = {
	.name = "tree",
	.summary = "the document tree, indented (for tests and debugging)",
	.extension = "tree",
	.render = render_tree,
};
