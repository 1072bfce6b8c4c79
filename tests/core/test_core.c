/* test_core.c: unit tests of the tree, the walker, slugs, entities, values and UTF-8. */
#include "harness.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gz_log quiet_log = { .verbosity = -1 };

static struct gz_node *
parse(const char *md)
{
	return gz_markdown_parse("t.md", md, strlen(md), 1, GZ_DIALECT_GITHUB, &quiet_log);
}

/* The plain text of the first node of `kind` in document order. */
static const struct gz_node *
find(const struct gz_node *n, enum gz_node_kind kind)
{
	while (n) {
		if (n->kind == kind)
			return n;
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n && !n->next)
			n = n->parent;
		if (n)
			n = n->next;
	}
	return NULL;
}

/* The next id for `text`, as a new string. */
static char *
slug(struct gz_slugs *s, const char *text)
{
	size_t len;
	const char *id = gz_slug_unique(s, text, strlen(text), &len);
	CHECK(strlen(id) == len);
	return gz_xstrndup(id, len);
}

static void
test_slugs(void)
{
	struct gz_slugs *s = gz_slugs_new();
	char *a = slug(s, "高性能云服务器：本地SSD");
	char *b = slug(s, "阿里云");
	char *c = slug(s, "阿里云");
	char *d = slug(s, "阿里云");
	char *e = slug(s, "What's New in 2.0?");
	char *f = slug(s, "!!!");
	char *g = slug(s, "阿里云-1");  /* collides with an earlier generated id */
	char *h = slug(s, "Ünïcode ΣΊΣΥΦΟΣ ｆｕｌｌ　ｗｉｄｔｈ 한국어 カタカナ・ー");
	CHECK_STR(a, "高性能云服务器本地ssd");
	CHECK_STR(b, "阿里云");
	CHECK_STR(c, "阿里云-1");
	CHECK_STR(d, "阿里云-2");
	CHECK_STR(e, "whats-new-in-20");
	CHECK_STR(f, "section");
	CHECK_STR(g, "阿里云-1-1");
	CHECK_STR(h, "ünïcode-σίσυφοσ-ｆｕｌｌｗｉｄｔｈ-한국어-カタカナー");
	free(a), free(b), free(c), free(d), free(e), free(f), free(g), free(h);
	/* Many equal headings, and ids that grow the table many times over:
	 * each id is new. */
	char *first = slug(s, "Same");
	for (int i = 1; i <= 2000; i++) {
		char want[32];
		snprintf(want, sizeof want, "same-%d", i);
		char *got = slug(s, "Same");
		CHECK_STR(got, want);
		free(got);
	}
	free(first);
	gz_slugs_free(s);

	/* Ids taken as they are (an IAL's, raw HTML's) and made ones meet in one
	 * table: a heading's id is hashed in two parts (its last word apart, for
	 * the numbered ids), a reserved one whole, and the two must agree at every
	 * length around a word's. */
	s = gz_slugs_new();
	CHECK(gz_slug_reserve(s, "intro-1", 7));
	CHECK(!gz_slug_reserve(s, "intro-1", 7));
	char *i1 = slug(s, "Intro");
	char *i2 = slug(s, "Intro");
	CHECK_STR(i1, "intro");
	CHECK_STR(i2, "intro-2");
	free(i1), free(i2);
	for (size_t n = 1; n <= 20; n++) {
		char text[32], want[40];
		memset(text, 'x', n);
		text[n] = '\0';
		CHECK(gz_slug_reserve(s, text, n));
		snprintf(want, sizeof want, "%s-1", text);
		char *got = slug(s, text);
		CHECK_STR(got, want);
		free(got);
	}
	gz_slugs_free(s);

	/* Long headings go sixteen bytes at a time where they can: a random
	 * heading's id is the ids of its characters one by one, each taken alone
	 * (too short for the block path), joined. */
	static const char *const pool[] = { "a", "Z", "7", "-", "_", " ", "!", ".", "\t",
		"\xE4\xB8\x80", "\xE4\xB7\x80", "\xE4\xB6\xBF", "\xE4\xB7\xBF", "\xE5\x80\x80",
		"\xE9\xBF\xBF", "\xE3\x81\x82", "\xE3\x80\x81", "\xEF\xBC\x9A", "\xC3\x89",
		"\xCE\xA3", "\xF0\xA0\x80\x80", "\xE2\x80\x94" };
	unsigned seed = 777, mismatches = 0;
	for (int round = 0; round < 3000; round++) {
		struct gz_buf text = {0}, want = {0};
		seed = seed * 1103515245u + 12345u;
		size_t chars = 1 + (seed >> 16) % 60;
		for (size_t k = 0; k < chars; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *c = pool[(seed >> 16) % (sizeof pool / sizeof pool[0])];
			gz_buf_puts(&text, c);
			struct gz_slugs *one = gz_slugs_new();
			char *id = slug(one, c);
			if (strcmp(id, "section") != 0)
				gz_buf_puts(&want, id);
			free(id);
			gz_slugs_free(one);
		}
		if (want.len == 0)
			gz_buf_puts(&want, "section");
		struct gz_slugs *whole = gz_slugs_new();
		char *got = slug(whole, text.data);
		mismatches += strcmp(got, want.data) != 0;
		free(got);
		gz_slugs_free(whole);
		gz_buf_free(&text);
		gz_buf_free(&want);
	}
	CHECK(mismatches == 0);
}

static void
test_soft_breaks(void)
{
	struct gz_node *root = parse("中文\n文字\n\nEnglish\nwords\n\n中文\nEnglish\n\n*中*\n文\n");
	const struct gz_node *p = find(root, GZ_NODE_PARAGRAPH);
	char *t1 = gz_node_plain_text(p);
	char *t2 = gz_node_plain_text(p->next);
	char *t3 = gz_node_plain_text(p->next->next);
	char *t4 = gz_node_plain_text(p->next->next->next);
	CHECK_STR(t1, "中文文字");
	CHECK_STR(t2, "English words");
	CHECK_STR(t3, "中文 English");
	CHECK_STR(t4, "中文");
	free(t1), free(t2), free(t3), free(t4);
	gz_node_free(root);
}

static void
test_entities(void)
{
	struct gz_node *root = parse("&amp; &copy; &#x4E2D; &#20013; &nbsp;&bogus; [a](/x?a=1&amp;b=2 \"&quot;t&quot;\")\n");
	const struct gz_node *t = find(root, GZ_NODE_TEXT);
	CHECK(t && strncmp(t->text, "& © 中 中 \xC2\xA0&bogus; ", strlen("& © 中 中 \xC2\xA0&bogus; ")) == 0);
	const struct gz_node *a = find(root, GZ_NODE_LINK);
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->link.url, "/x?a=1&b=2");
		CHECK_STR(a->link.title, "\"t\"");
	}
	gz_node_free(root);
}

/* Parsed nodes come from one arena per tree; the ownership rules of
 * gz_node_unlink and gz_node_free hold for them as for gz_node_new's (the
 * sanitizer build catches any use after free). */
static void
test_arena_ownership(void)
{
	struct gz_node *root = parse("# Title\n\nsome *text* [a link](https://example.org/x)\n\n"
	    "```\nline 1\nline 2\n```\n");
	struct gz_node *para = (struct gz_node *)find(root, GZ_NODE_PARAGRAPH);
	struct gz_node *code = (struct gz_node *)find(root, GZ_NODE_CODE_BLOCK);
	CHECK(para && code && gz_node_arena(para) != NULL);
	CHECK(code && strcmp(code->text, "line 1\nline 2\n") == 0);
	gz_node_unlink(para);
	gz_node_free(root);             /* the paragraph outlives its tree */
	char *plain = gz_node_plain_text(para);
	CHECK_STR(plain, "some text a link");
	free(plain);
	struct gz_node *link = (struct gz_node *)find(para, GZ_NODE_LINK);
	CHECK(link && strcmp(link->link.url, "https://example.org/x") == 0);
	gz_node_set_text(link->first, "other", 5);
	gz_node_unlink(link);
	gz_node_free(para);
	CHECK(link && link->first && strcmp(link->first->text, "other") == 0);
	/* A node of the caller's own joins a parsed tree and goes with it. */
	struct gz_node *mine = gz_node_new(GZ_NODE_TEXT);
	gz_node_set_text(mine, "mine", 4);
	gz_node_append(link, mine);
	gz_node_free(link);
	/* A parsed tree goes at once only when it is all its arena holds: nodes
	 * moved inside it do not change that, a node of the caller's own inside
	 * it does (it must be freed too; the sanitizer build counts the nodes
	 * whenever a tree goes at once, and its leak check sees the rest). */
	root = parse("# Title\n\none *two* three\n\n- item\n");
	para = (struct gz_node *)find(root, GZ_NODE_PARAGRAPH);
	struct gz_node *em = (struct gz_node *)find(root, GZ_NODE_EMPHASIS);
	CHECK(para && em);
	gz_node_unlink(em);
	gz_node_insert_before(para->first, para, em);
	gz_node_append(root, gz_node_new(GZ_NODE_THEMATIC_BREAK));
	gz_node_free(root);
	root = parse("one\n\ntwo\n");
	struct gz_node *first = root->first;
	gz_node_unlink(first);
	gz_node_append(root, first);
	gz_node_free(root);
}

/* gz_markdown_parse_blocks: each top-level block in order, and once the
 * callback has freed one, the next is built in its memory (same address);
 * a block kept stops that. */
struct seen_blocks {
	const struct gz_node *at[8];
	enum gz_node_kind kind[8];
	unsigned line[8];
	size_t count;
	size_t keep;                    /* this block (from 1) is left in the tree */
};

static void
see_block(struct gz_node *root, struct gz_node *block, void *ctx)
{
	struct seen_blocks *s = ctx;
	CHECK(block->parent == root);
	if (s->count < 8) {
		s->at[s->count] = block;
		s->kind[s->count] = block->kind;
		s->line[s->count] = block->line;
	}
	if (++s->count != s->keep)
		gz_node_free(block);
}

static void
test_parse_blocks(void)
{
	static const char md[] = "# One\n\ntwo\n\nthree\n\n- four\n\nfive\n";
	struct seen_blocks s = {0};
	struct gz_node *root = gz_markdown_parse_blocks("t.md", md, strlen(md), 1,
	    GZ_DIALECT_GITHUB, &quiet_log, see_block, &s);
	CHECK(root && !root->first && s.count == 5);
	CHECK(s.kind[0] == GZ_NODE_HEADING && s.kind[1] == GZ_NODE_PARAGRAPH
	    && s.kind[3] == GZ_NODE_LIST && s.kind[4] == GZ_NODE_PARAGRAPH);
	CHECK(s.at[1] == s.at[0] && s.at[2] == s.at[0] && s.at[4] == s.at[0]);
	gz_node_free(root);
	/* The second block kept: the third cannot take its place. */
	s = (struct seen_blocks){ .keep = 2 };
	root = gz_markdown_parse_blocks("t.md", md, strlen(md), 1, GZ_DIALECT_GITHUB,
	    &quiet_log, see_block, &s);
	CHECK(root && root->first && root->first == root->last && s.count == 5);
	CHECK(s.at[1] == s.at[0] && s.at[2] != s.at[1]);
	gz_node_free(root);
	/* A rule has no text: it waits for the next text and takes its line, as
	 * in a whole tree (a rule at the end has none). */
	static const char rules[] = "***\n\npara\n\n***\n";
	s = (struct seen_blocks){0};
	root = gz_markdown_parse_blocks("t.md", rules, strlen(rules), 1, GZ_DIALECT_GITHUB,
	    &quiet_log, see_block, &s);
	CHECK(root && !root->first && s.count == 3);
	CHECK(s.kind[0] == GZ_NODE_THEMATIC_BREAK && s.line[0] == 3);
	CHECK(s.kind[1] == GZ_NODE_PARAGRAPH && s.line[1] == 3);
	CHECK(s.kind[2] == GZ_NODE_THEMATIC_BREAK && s.line[2] == 0);
	gz_node_free(root);
}

/* gz_tree_may_hold: false only when no node of the kind can be in the tree. */
static void
test_tree_may_hold(void)
{
	struct gz_node *root = parse("# A\n\ntext and `code`\n");
	CHECK(gz_tree_may_hold(root, GZ_NODE_HEADING) && gz_tree_may_hold(root, GZ_NODE_CODE));
	CHECK(!gz_tree_may_hold(root, GZ_NODE_IMAGE) && !gz_tree_may_hold(root, GZ_NODE_TABLE));
	/* A node from elsewhere under it: its subtree could hold anything. */
	struct gz_node *mine = gz_node_new(GZ_NODE_PARAGRAPH);
	gz_node_append(root, mine);
	CHECK(gz_tree_may_hold(root, GZ_NODE_IMAGE));
	gz_node_free(mine);
	CHECK(!gz_tree_may_hold(root, GZ_NODE_IMAGE));
	gz_node_free(root);
	root = parse("a ![picture](p.png) b\n");
	CHECK(gz_tree_may_hold(root, GZ_NODE_IMAGE));
	gz_node_free(root);
	mine = gz_node_new(GZ_NODE_DOCUMENT);
	CHECK(gz_tree_may_hold(mine, GZ_NODE_IMAGE));   /* not a parsed tree: no account */
	gz_node_free(mine);
}

/* Attributes on parsed nodes (arena) and on the caller's own (malloc). */
static void
test_attrs(void)
{
	struct gz_node *root = parse("para\n");
	struct gz_node *mine = gz_node_new(GZ_NODE_SPAN);
	struct gz_node *nodes[] = { (struct gz_node *)find(root, GZ_NODE_PARAGRAPH), mine };
	for (size_t i = 0; i < 2; i++) {
		struct gz_node *n = nodes[i];
		CHECK(n && gz_node_attr(n, "id") == NULL);
		gz_node_set_attr(n, "id", "one");
		gz_node_set_attr(n, "class", "a");
		gz_node_set_attr(n, "class", "b");
		gz_node_set_attr(n, "id", "two");
		gz_node_set_attr(n, "width", "30");
		CHECK_STR(gz_node_attr(n, "id"), "two");
		CHECK_STR(gz_node_attr(n, "class"), "a b");
		gz_node_set_attr(n, "width", NULL);
		CHECK(gz_node_attr(n, "width") == NULL);
		CHECK(n->attrs && strcmp(n->attrs->name, "id") == 0 && n->attrs->next
		    && !n->attrs->next->next);
	}
	gz_node_free(mine);
	gz_node_free(root);
}

static void
test_lines(void)
{
	struct gz_node *root = gz_markdown_parse("t.md", "# A\n\npara\ngraph\n\n> quote\n\n```\ncode\n```\n", 36, 10,
	    GZ_DIALECT_GITHUB, &quiet_log);
	const struct gz_node *h = find(root, GZ_NODE_HEADING);
	CHECK(h && h->line == 10);
	CHECK(h && h->next && h->next->line == 12);                     /* paragraph */
	const struct gz_node *q = find(root, GZ_NODE_BLOCKQUOTE);
	CHECK(q && q->line == 15);
	CHECK(q && q->first && q->first->line == 15);
	const struct gz_node *c = find(root, GZ_NODE_CODE_BLOCK);
	CHECK(c && c->line >= 17 && c->line <= 18);
	gz_node_free(root);
}

static void
test_kinds(void)
{
	struct gz_node *root = parse(
	    "# H\n\n- [x] done\n- [ ] open\n\n3. three\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n"
	    "~~del~~ `code` **strong** *em* <b>html</b> https://example.org\n\n"
	    "![alt *text*](i.png \"T\")\n\n<div>\nblock\n</div>\n\n***\n\nhard  \nbreak\n");
	const struct gz_node *item = find(root, GZ_NODE_ITEM);
	CHECK(item && item->item.task == GZ_TASK_DONE);
	CHECK(item && item->next && item->next->item.task == GZ_TASK_OPEN);
	const struct gz_node *list = find(root, GZ_NODE_LIST);
	CHECK(list && !list->list.ordered && list->list.tight);
	CHECK(list && list->next && list->next->list.ordered && list->next->list.start == 3);
	const struct gz_node *cell = find(root, GZ_NODE_TABLE_CELL);
	CHECK(cell && cell->cell.header && cell->cell.align == GZ_ALIGN_CENTER);
	CHECK(cell && cell->next && cell->next->cell.align == GZ_ALIGN_RIGHT);
	CHECK(find(root, GZ_NODE_STRIKETHROUGH) != NULL);
	CHECK(find(root, GZ_NODE_CODE) && strcmp(find(root, GZ_NODE_CODE)->text, "code") == 0);
	CHECK(find(root, GZ_NODE_STRONG) != NULL);
	CHECK(find(root, GZ_NODE_EMPHASIS) != NULL);
	CHECK(find(root, GZ_NODE_HTML_INLINE) != NULL);
	const struct gz_node *auto_link = find(root, GZ_NODE_LINK);
	CHECK(auto_link && auto_link->autolink);
	const struct gz_node *img = find(root, GZ_NODE_IMAGE);
	CHECK(img && strcmp(img->link.url, "i.png") == 0 && strcmp(img->link.title, "T") == 0);
	char *alt = img ? gz_node_plain_text(img) : NULL;
	CHECK_STR(alt, "alt text");
	free(alt);
	const struct gz_node *html = find(root, GZ_NODE_HTML_BLOCK);
	CHECK(html && strcmp(html->text, "<div>\nblock\n</div>\n") == 0);
	CHECK(find(root, GZ_NODE_THEMATIC_BREAK) != NULL);
	CHECK(find(root, GZ_NODE_HARD_BREAK) != NULL);
	gz_node_free(root);

	/* CommonMark: no tables, no autolinks without <>. */
	const char *md = "| a |\n|---|\n\nhttps://example.org\n";
	root = gz_markdown_parse("t.md", md, strlen(md), 1, GZ_DIALECT_COMMONMARK, &quiet_log);
	CHECK(find(root, GZ_NODE_TABLE) == NULL);
	CHECK(find(root, GZ_NODE_LINK) == NULL);
	gz_node_free(root);
}

/* 100,000 nested quotes: building, walking and freeing must not recurse. */
static void
test_deep_nesting(void)
{
	size_t depth = 100000;
	char *md = malloc(depth * 2 + 2);
	for (size_t i = 0; i < depth; i++)
		md[2 * i] = '>', md[2 * i + 1] = ' ';
	md[2 * depth] = 'x';
	md[2 * depth + 1] = '\0';
	struct gz_node *root = parse(md);
	CHECK(root != NULL);
	char *text = gz_node_plain_text(root);
	CHECK_STR(text, "x");
	free(text);
	gz_node_free(root);
	free(md);
}

struct counts {
	int enter, leave;
	const struct gz_node *stop_at;
};

static enum gz_walk_result
count_enter(const struct gz_node *n, void *ctx)
{
	struct counts *c = ctx;
	c->enter++;
	if (n == c->stop_at)
		return GZ_WALK_STOP;
	return n->kind == GZ_NODE_BLOCKQUOTE ? GZ_WALK_SKIP : GZ_WALK_NEXT;
}

static void
count_leave(const struct gz_node *n, void *ctx)
{
	(void)n;
	((struct counts *)ctx)->leave++;
}

static void
test_walker(void)
{
	struct gz_handler h[GZ_NODE_KIND_COUNT];
	for (size_t k = 0; k < GZ_NODE_KIND_COUNT; k++)
		h[k] = (struct gz_handler){ count_enter, count_leave };
	/* document, paragraph, text, blockquote (children skipped), paragraph, text */
	struct gz_node *root = parse("a\n\n> b\n\nc\n");
	struct counts c = {0};
	CHECK(gz_walk(root, h, &c));
	CHECK(c.enter == 6 && c.leave == 6);
	struct counts s = { .stop_at = find(root, GZ_NODE_BLOCKQUOTE) };
	CHECK(!gz_walk(root, h, &s));
	CHECK(s.enter == 4);
	gz_node_free(root);
}

static void
test_values(void)
{
	struct gz_value *m = gz_value_new(GZ_VALUE_MAP);
	gz_value_set_path(m, "pdf.paper", gz_value_new_string("A5", 2));
	gz_value_set_path(m, "title", gz_value_new_string("T", 1));
	gz_value_set_path(m, "title", gz_value_new_string("U", 1));
	CHECK_STR(gz_value_string(m, "pdf.paper"), "A5");
	CHECK_STR(gz_value_string(m, "title"), "U");
	CHECK(gz_value_string(m, "pdf") == NULL);
	CHECK(gz_value_lookup(m, "pdf.none") == NULL);

	struct gz_value *sets = gz_value_new(GZ_VALUE_MAP);
	gz_value_set_path(sets, "site.url", gz_value_new_string("https://a.example", 17));
	gz_value_set_path(sets, "baseurl", gz_value_new_string("/b", 2));
	gz_value_set_path(sets, "pdf.margin", gz_value_new_string("20mm", 4));
	gz_value_set_path(sets, "page.title", gz_value_new_string("P", 1));
	gz_site_apply_sets(m, sets);
	CHECK_STR(gz_value_string(m, "url"), "https://a.example");
	CHECK_STR(gz_value_string(m, "baseurl"), "/b");
	CHECK_STR(gz_value_string(m, "pdf.paper"), "A5");       /* merged, not replaced */
	CHECK_STR(gz_value_string(m, "pdf.margin"), "20mm");
	CHECK(gz_value_get(m, "page") == NULL);
	gz_value_free(sets);
	gz_value_free(m);
}

static void
test_utf8(void)
{
	uint32_t cp;
	CHECK(gz_utf8_decode("\xE4\xB8\xAD", 3, &cp) == 3 && cp == 0x4E2D);
	CHECK(gz_utf8_decode("\xC0\xAF", 2, &cp) == 1 && cp == GZ_REPLACEMENT_CHAR);   /* overlong */
	CHECK(gz_utf8_decode("\xED\xA0\x80", 3, &cp) == 1 && cp == GZ_REPLACEMENT_CHAR); /* surrogate */
	CHECK(gz_utf8_decode("\xE4\xB8", 2, &cp) == 1 && cp == GZ_REPLACEMENT_CHAR);   /* truncated */
	CHECK(gz_utf8_last("a中", 4) == 0x4E2D);
	CHECK(gz_utf8_last("ab", 2) == 'b' && gz_utf8_last("caf\xC3\xA9", 5) == 0xE9);
	CHECK(gz_utf8_last("\xF0\x9F\x98\x80", 4) == 0x1F600);
	CHECK(gz_utf8_last("x\xE0\x80\x80", 4) == GZ_REPLACEMENT_CHAR);      /* overlong */
	CHECK(gz_utf8_last("x\xED\xA0\x80", 4) == GZ_REPLACEMENT_CHAR);      /* surrogate */
	CHECK(gz_utf8_last("\xE4\xB8", 2) == GZ_REPLACEMENT_CHAR);            /* truncated */
	CHECK(gz_is_cjk(0x4E2D) && gz_is_cjk(0x3002) && gz_is_cjk(0xAC00) && gz_is_cjk(0x30AB));
	CHECK(!gz_is_cjk('a') && !gz_is_cjk(0xE9));
	static const struct { const char *s; size_t len, valid; } prefixes[] = {
		{ "ab\xE4\xB8\xAD", 5, 5 },             /* ASCII and Han */
		{ "a\0b", 3, 3 },                        /* NUL is text here */
		{ "\xF0\x9F\x98\x80!", 5, 5 },          /* four bytes */
		{ "x\xE0\x80\x80", 4, 1 },               /* overlong */
		{ "x\xED\xA0\x80", 4, 1 },               /* surrogate */
		{ "\xF4\x90\x80\x80", 4, 0 },            /* above U+10FFFF */
		{ "\xC0\xAF", 2, 0 },                     /* overlong two bytes */
		{ "\xE4\xB8", 2, 0 },                     /* truncated */
		{ "\xE4\xB8\xAD\x80", 4, 3 },             /* stray continuation */
	};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		CHECK(gz_utf8_valid_prefix(prefixes[i].s, prefixes[i].len) == prefixes[i].valid);
	/* Every 1-4 byte sequence of interesting bytes, after ASCII runs of every
	 * length up to 17 (so the eight-byte fast path meets it at each offset),
	 * and inside longer text, ASCII or Han, where sixteen-byte blocks meet it
	 * at other offsets: both prefixes agree with gz_utf8_decode, character
	 * by character. */
	static const unsigned char bytes[] = { 'a', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xB7, 0xBF,
		0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF };
	static const struct { size_t pad, tail; const char *fill; } cases[] = {
		{ 0, 0, "x" }, { 1, 0, "x" }, { 2, 0, "x" }, { 7, 0, "x" }, { 12, 0, "x" },
		{ 17, 0, "x" }, { 18, 20, "x" }, { 31, 20, "x" }, { 18, 20, "\xE4\xB8\xAD" },
		{ 31, 20, "\xE4\xB8\xAD" }, { 33, 20, "\xE4\xB8\xAD" },
		/* every place in a 32-byte block, for the AVX2 path */
		{ 40, 40, "x" }, { 45, 40, "\xE4\xB8\xAD" }, { 52, 40, "x" }, { 57, 40, "\xE4\xB8\xAD" },
		{ 62, 40, "x" }, { 64, 40, "\xE4\xB8\xAD" }, { 71, 40, "x" },
	};
	size_t nb = sizeof bytes, mismatches = 0;
	char buf[128];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t pad = cases[c].pad, fill_len = strlen(cases[c].fill);
		for (size_t i = 0; i < pad; i++)
			buf[i] = cases[c].fill[i % fill_len];
		for (size_t k = 0; k < nb * nb * nb * nb; k++) {
			size_t len = pad;
			for (size_t m = 0, q = k; m < 4; m++, q /= nb)
				buf[len++] = (char)bytes[q % nb];
			memset(buf + len, 'y', cases[c].tail);
			len += cases[c].tail;
			size_t valid = 0, clean = SIZE_MAX;
			while (valid < len) {
				uint32_t cp;
				size_t n = gz_utf8_decode(buf + valid, len - valid, &cp);
				if (cp == GZ_REPLACEMENT_CHAR && n == 1)
					break;
				if (clean == SIZE_MAX && gz_utf8_noncharacter(cp))
					clean = valid;
				valid += n;
			}
			if (clean == SIZE_MAX)
				clean = valid;
			mismatches += gz_utf8_valid_prefix(buf, len) != valid;
			mismatches += gz_utf8_clean_prefix(buf, len) != clean;
		}
	}
	CHECK(mismatches == 0);
}

/* gz_html_escape, which scans 16 or 32 bytes a turn where it can, against a
 * byte-at-a-time rendering of its contract, on random strings of every
 * length up to 80 made mostly of the bytes it treats specially. */
static void
test_html_escape(void)
{
	static const unsigned char pool[] = { 'a', ' ', '\t', '\n', '\f', '\r', 0x01, 0x1F, 0x7F,
		'&', '<', '>', '"', '\'', 0xC2, 0x80, 0x9F, 0xA0, 0xE4, 0xB8, 0xAD, 0x3D, 0x3E, 0x3F };
	unsigned seed = 12345, mismatches = 0;
	for (size_t len = 0; len <= 80; len++) {
		for (int round = 0; round < 200; round++) {
			unsigned char in[80];
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				/* Half plain letters, so that long runs occur too. */
				in[i] = (seed >> 16) % 2 ? 'x' : pool[(seed >> 17) % sizeof pool];
			}
			struct gz_buf want = {0}, got = {0};
			for (size_t i = 0; i < len; i++) {
				unsigned c = in[i];
				if (c == '&')
					gz_buf_puts(&want, "&amp;");
				else if (c == '<')
					gz_buf_puts(&want, "&lt;");
				else if (c == '>')
					gz_buf_puts(&want, "&gt;");
				else if (c == '"')
					gz_buf_puts(&want, "&quot;");
				else if (c == 0xC2 && i + 1 < len && in[i + 1] >= 0x80 && in[i + 1] <= 0x9F)
					gz_buf_puts(&want, "\xEF\xBF\xBD"), i++;
				else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F)
					gz_buf_puts(&want, "\xEF\xBF\xBD");
				else
					gz_buf_putc(&want, (char)c);
			}
			gz_buf_append(&want, "", 0);
			gz_buf_append(&got, "", 0);
			gz_html_escape(&got, (const char *)in, len);
			mismatches += got.len != want.len || memcmp(got.data, want.data, got.len) != 0;
			gz_buf_free(&want);
			gz_buf_free(&got);
		}
	}
	CHECK(mismatches == 0);
}

/* gz_html_escape_url, which copies safe runs 16 bytes a turn and (with
 * AVX2) percent-encodes runs of non-ASCII bytes up to sixteen at a time,
 * against a byte-at-a-time rendering of its contract, on random strings of
 * every length up to 80: runs of each kind of every length, at every offset,
 * and ending at the string's end. */
static void
test_html_escape_url(void)
{
	static const unsigned char pool[] = { 'a', 'Z', '9', '/', '%', '~', '&', ' ', '"', '<',
		'[', '^', '`', '{', 0x7F, 0x00, 0x80, 0xBF, 0xC2, 0xE4, 0xB8, 0xAD, 0xFF };
	static const char hex[] = "0123456789ABCDEF";
	unsigned seed = 54321, mismatches = 0;
	for (size_t len = 0; len <= 80; len++) {
		for (int round = 0; round < 200; round++) {
			unsigned char in[80];
			/* Runs of one byte, random in length, so that non-ASCII runs
			 * of 1 to 40 bytes meet the sixteen-byte steps anywhere. */
			for (size_t i = 0; i < len;) {
				seed = seed * 1103515245u + 12345u;
				unsigned char c = pool[(seed >> 16) % sizeof pool];
				size_t run = 1 + (seed >> 8) % 40;
				for (; run && i < len; run--, i++) {
					seed = seed * 1103515245u + 12345u;
					in[i] = c >= 0x80 ? (unsigned char)(0x80 | (seed >> 16)) : c;
				}
			}
			struct gz_buf want = {0}, got = {0};
			for (size_t i = 0; i < len; i++) {
				unsigned c = in[i];
				bool safe = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
				    || (c && strchr("~-_.+!*(),%#@?=;:/$", (int)c));
				if (c == '&') {
					gz_buf_puts(&want, "&amp;");
				} else if (safe) {
					gz_buf_putc(&want, (char)c);
				} else {
					gz_buf_putc(&want, '%');
					gz_buf_putc(&want, hex[c >> 4]);
					gz_buf_putc(&want, hex[c & 15]);
				}
			}
			gz_buf_append(&want, "", 0);
			gz_buf_puts(&got, "<");        /* appended to what is there */
			gz_html_escape_url(&got, (const char *)in, len);
			mismatches += got.len != want.len + 1 || memcmp(got.data + 1, want.data, want.len) != 0
			    || got.data[got.len] != '\0';
			gz_buf_free(&want);
			gz_buf_free(&got);
		}
	}
	CHECK(mismatches == 0);
}

/* The language guess counts letters by script: its in-place reading of
 * UTF-8 against a count by decoded code points, on random text of ASCII
 * and characters at each range's edges, up to the count's limit. */
static void
test_lang_count(void)
{
	static const uint32_t pool[] = { 'a', 'Z', ' ', '1', 0xE9, 0x10FF, 0x1100, 0x11FF, 0x1200,
		0x303F, 0x3040, 0x30FF, 0x3100, 0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00,
		0x9FFF, 0xA000, 0xABFF, 0xAC00, 0xD7AF, 0xD7B0, 0xFF21, 0x1F600, 0x20000 };
	unsigned seed = 777, mismatches = 0;
	for (int round = 0; round < 300; round++) {
		struct gz_buf text = {0};
		struct gz_lang_count want = {0};
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % 6000;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t cp = pool[(seed >> 16) % (sizeof pool / sizeof *pool)];
			char u[4];
			gz_buf_append(&text, u, gz_utf8_encode(cp, u));
			if (want.latin + want.kana + want.hangul + want.han >= 4000)
				continue;
			if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
				want.latin++;
			else if (cp >= 0x3040 && cp <= 0x30FF)
				want.kana++;
			else if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF))
				want.hangul++;
			else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
				want.han++;
		}
		struct gz_node *t = gz_node_new(GZ_NODE_TEXT);
		gz_node_set_text(t, text.data ? text.data : "", text.len);
		struct gz_lang_count got = {0};
		gz_lang_count(&got, t);
		mismatches += got.latin != want.latin || got.kana != want.kana
		    || got.hangul != want.hangul || got.han != want.han;
		gz_node_free(t);
		gz_buf_free(&text);
	}
	CHECK(mismatches == 0);
}

int
main(void)
{
	test_slugs();
	test_soft_breaks();
	test_entities();
	test_arena_ownership();
	test_parse_blocks();
	test_tree_may_hold();
	test_attrs();
	test_lines();
	test_kinds();
	test_deep_nesting();
	test_walker();
	test_values();
	test_utf8();
	test_html_escape();
	test_html_escape_url();
	test_lang_count();
	return HARNESS_DONE();
}
