/* liquid_tablerow.c: Liquid's tablerow, the rows and cells of an HTML table from a list. */
#include "liquid.h"

#include <stdio.h>
#include <string.h>

/* An attribute's value as Ruby's to_i has it (nil is 0). */
static int64_t
attribute(struct lq_ctx *cx, const struct lq_expr *e)
{
	if (!e)
		return 0;
	struct lq_value *v = lq_eval(cx, e, NULL);
	int64_t i = lq_to_int(v);
	lq_unref(v);
	return i;
}

/* The items Liquid's slice_collection takes: from index `from` up to `to`
 * (-1: the end) of an array, a range or a hash's pairs; a string is one item
 * whatever the bounds; anything else none.  A new ARRAY. */
static struct lq_value *
slice(const struct lq_value *coll, int64_t from, int64_t to)
{
	struct lq_value *items = lq_new(LQ_ARRAY);
	if (coll->kind == LQ_STRING) {
		if (coll->str.len)
			lq_push(items, lq_ref((struct lq_value *)coll));
		return items;
	}
	if (coll->kind != LQ_ARRAY && coll->kind != LQ_HASH && coll->kind != LQ_RANGE)
		return items;
	struct lq_value *all = lq_to_array(coll);
	for (size_t i = 0; i < all->c.count; i++) {
		int64_t at = (int64_t)i;
		if (to >= 0 && to <= at)
			break;
		if (from <= at)
			lq_push(items, lq_ref(all->c.items[i]));
	}
	lq_unref(all);
	return items;
}

static void
set_int(struct lq_value *h, const char *key, int64_t i)
{
	lq_set(h, key, lq_int(i));
}

void
lq_run_tablerow(struct lq_ctx *cx, const struct lq_node *n, struct gz_buf *out)
{
	struct lq_value *coll = lq_eval(cx, n->expr, NULL);
	if (!lq_truthy(coll)) {
		lq_unref(coll);
		return;
	}
	int64_t from = n->offset ? attribute(cx, n->offset) : 0;
	int64_t to = n->limit ? from + attribute(cx, n->limit) : -1;
	if (n->limit && to < 0)
		to = 0;
	struct lq_value *items = slice(coll, from, to);
	lq_unref(coll);
	int64_t length = (int64_t)items->c.count, cols = attribute(cx, n->cols);
	int64_t row = 1, col = 1;
	gz_buf_puts(out, "<tr class=\"row1\">\n");
	lq_push_scope(cx);
	struct lq_value *scope = cx->scopes[cx->scope_count - 1];
	for (int64_t k = 0; k < length && !cx->failed; k++) {
		if (++cx->iterations > LQ_MAX_ITERATIONS) {
			lq_fail(cx, "Liquid: more than %d loop iterations; stopped", LQ_MAX_ITERATIONS);
			break;
		}
		struct lq_value *loop = lq_new(LQ_HASH);
		set_int(loop, "length", length);
		set_int(loop, "index", k + 1);
		set_int(loop, "index0", k);
		set_int(loop, "rindex", length - k);
		set_int(loop, "rindex0", length - k - 1);
		set_int(loop, "col", col);
		set_int(loop, "col0", col - 1);
		set_int(loop, "row", row);
		lq_set(loop, "first", lq_bool(k == 0));
		lq_set(loop, "last", lq_bool(k == length - 1));
		lq_set(loop, "col_first", lq_bool(col == 1));
		lq_set(loop, "col_last", lq_bool(col == cols));
		lq_set(scope, "tablerowloop", loop);
		lq_set(scope, n->text, lq_ref(items->c.items[k]));
		char cell[48];
		int len = snprintf(cell, sizeof cell, "<td class=\"col%lld\">", (long long)col);
		if (lq_charge(cx, (size_t)len + 5))
			gz_buf_append(out, cell, (size_t)len);
		/* As Liquid's, a break or continue ends the cell and is not reset:
		 * the remaining cells are empty. */
		lq_render(cx, n->body, out);
		gz_buf_puts(out, "</td>");
		if (col == cols && k != length - 1)
			gz_buf_printf(out, "</tr>\n<tr class=\"row%lld\">", (long long)row + 1);
		if (col == cols) {
			col = 1;
			row++;
		} else {
			col++;
		}
	}
	lq_pop_scope(cx);
	lq_unref(items);
	gz_buf_puts(out, "</tr>\n");
}
