/* test_front.c: unit tests of front matter, YAML limits, Liquid and language tags. */
#include "internal.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Pathological inputs must finish well within this many seconds (they take
 * milliseconds; the quadratic or exponential behaviour they guard against
 * takes minutes to hours).  Sanitizer builds fit; under valgrind, set
 * GAZETTE_TEST_TIME_SCALE (10 is enough). */
static double slow_seconds = 3.0;
#define SLOW_SECONDS slow_seconds

/* ---- diagnostics captured as `file:line: severity: message` lines ---- */

struct capture {
	struct gz_buf text;
	struct gz_log log;
};

static void
emit(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	static const char *const names[] = { "note", "warning", "error" };
	struct capture *c = ctx;
	gz_buf_printf(&c->text, "%s:%u: %s: %s\n", file ? file : "-", line, names[sev], message);
}

static void
capture_start(struct capture *c, bool strict)
{
	*c = (struct capture){ .log = { .strict = strict, .emit = emit } };
	c->log.ctx = c;
	gz_buf_append(&c->text, "", 0);
}

/* The captured text, emptied for the next check. */
static const char *
said(struct capture *c)
{
	static char *last;
	free(last);
	last = gz_buf_detach(&c->text, NULL);
	gz_buf_append(&c->text, "", 0);
	return last;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static double
now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's CPU time: what a linear pass costs, whatever else the
 * machine is doing. */
static double
cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- front matter ---- */

struct split {
	bool ok;
	struct gz_value *page;
	size_t offset;
	unsigned line;
};

static struct split
split(struct capture *c, const char *text)
{
	struct split s = {0};
	s.ok = gz_front_matter_split("t.md", text, strlen(text), &s.page, &s.offset, &s.line,
	    &c->log);
	return s;
}

static void
test_front_matter(void)
{
	struct capture c;
	capture_start(&c, false);
	struct split s;

	s = split(&c, "# Title\n");
	CHECK(s.ok && s.page && s.page->kind == GZ_VALUE_MAP && s.page->count == 0);
	CHECK(s.offset == 0 && s.line == 1);
	gz_value_free(s.page);

	const char *text = "---\ntitle: T\nlang: cn\n---\nbody\n";
	s = split(&c, text);
	CHECK(s.ok);
	CHECK_STR(gz_value_string(s.page, "title"), "T");
	CHECK(gz_value_get(s.page, "lang")->line == 3);
	CHECK_STR(text + s.offset, "body\n");
	CHECK(s.line == 5);
	gz_value_free(s.page);

	/* A BOM, CRLF and a `...` fence with blanks after it. */
	text = "\xEF\xBB\xBF---\r\ntitle: T\r\n... \r\n\r\nbody";
	s = split(&c, text);
	CHECK(s.ok);
	CHECK_STR(gz_value_string(s.page, "title"), "T");
	CHECK_STR(text + s.offset, "\r\nbody");
	CHECK(s.line == 4);
	gz_value_free(s.page);

	/* An empty block, and one of comments only, are empty maps. */
	text = "---\n---\nx";
	s = split(&c, text);
	CHECK(s.ok && s.page->kind == GZ_VALUE_MAP && s.page->count == 0);
	CHECK(s.line == 3 && strcmp(text + s.offset, "x") == 0);
	gz_value_free(s.page);
	s = split(&c, "---\n# nothing\n\n---\n");
	CHECK(s.ok && s.page->kind == GZ_VALUE_MAP && s.page->count == 0 && s.line == 5);
	gz_value_free(s.page);

	/* The closing fence may end the file. */
	text = "---\na: 1\n---";
	s = split(&c, text);
	CHECK(s.ok && s.offset == strlen(text) && s.line == 4);
	gz_value_free(s.page);

	/* `----` and `--- x` open nothing. */
	s = split(&c, "----\na: 1\n---\n");
	CHECK(s.ok && s.page->count == 0 && s.offset == 0);
	gz_value_free(s.page);
	CHECK_STR(said(&c), "");

	/* Unterminated: the whole file is body, with a warning. */
	s = split(&c, "---\ntitle: T\n\nText.\n");
	CHECK(s.ok && s.page->count == 0 && s.offset == 0 && s.line == 1);
	CHECK_STR(said(&c), "t.md:1: warning: the front matter that '---' opens here is never "
	    "closed, so the whole file is read as Markdown; end the front matter with a '---' line\n");
	gz_value_free(s.page);
	s = split(&c, "\xEF\xBB\xBF---\n");
	CHECK(s.ok && s.offset == 3);
	said(&c);
	gz_value_free(s.page);

	/* Not a mapping. */
	s = split(&c, "---\n\n- a\n- b\n---\nbody\n");
	CHECK(!s.ok && !s.page);
	CHECK_STR(said(&c), "t.md:3: error: front matter must be a mapping of keys to values "
	    "(`title: ...` lines), not a list\n");
	s = split(&c, "---\njust words\n---\n");
	CHECK(!s.ok);
	CHECK_STR(said(&c), "t.md:2: error: front matter must be a mapping of keys to values "
	    "(`title: ...` lines), not a single value\n");

	/* YAML errors carry the file line. */
	s = split(&c, "---\ntitle: ok\nbad: a: b\n---\n");
	CHECK(!s.ok);
	CHECK(starts_with(said(&c), "t.md:3: error: column 7: mapping values are not allowed"));
	gz_buf_free(&c.text);
}

/* ---- YAML ---- */

static struct gz_value *
yaml(struct capture *c, const char *text, unsigned first_line)
{
	return gz_yaml_parse("c.yml", text, strlen(text), first_line, &c->log);
}

static void
test_yaml_values(void)
{
	struct capture c;
	capture_start(&c, false);

	struct gz_value *v = yaml(&c, "a:\n  b:\n    - x\n    - {c: d}\n  e: 'q: r'\nf: [1, [2]]\n", 1);
	CHECK(v && v->kind == GZ_VALUE_MAP && v->count == 2);
	const struct gz_value *b = gz_value_lookup(v, "a.b");
	CHECK(b && b->kind == GZ_VALUE_LIST && b->count == 2 && b->line == 3);
	CHECK(b && b->items[0]->kind == GZ_VALUE_STRING && b->items[0]->line == 3);
	CHECK_STR(b ? gz_value_string(b->items[1], "c") : NULL, "d");
	CHECK(b && b->items[1]->line == 4);
	CHECK_STR(gz_value_string(v, "a.e"), "q: r");
	const struct gz_value *f = gz_value_get(v, "f");
	CHECK(f && f->count == 2 && f->items[1]->kind == GZ_VALUE_LIST && f->line == 6);
	CHECK(strcmp(v->keys[0], "a") == 0 && strcmp(v->keys[1], "f") == 0);
	gz_value_free(v);

	/* Lines count from first_line. */
	v = yaml(&c, "\n\nk: v\n", 10);
	CHECK(v && gz_value_get(v, "k")->line == 12);
	gz_value_free(v);

	/* Nulls: plain ~, null and nothing; quoted ones are strings. */
	v = yaml(&c, "a: ~\nb:\nc: null\nd: ''\ne: 'null'\nf: !!null x\n", 1);
	CHECK(gz_value_get(v, "a")->kind == GZ_VALUE_NULL);
	CHECK(gz_value_get(v, "b")->kind == GZ_VALUE_NULL);
	CHECK(gz_value_get(v, "c")->kind == GZ_VALUE_NULL);
	CHECK_STR(gz_value_string(v, "d"), "");
	CHECK_STR(gz_value_string(v, "e"), "null");
	CHECK(gz_value_get(v, "f")->kind == GZ_VALUE_NULL);
	gz_value_free(v);

	/* Keys are their text; scalars stay strings. */
	v = yaml(&c, "1: one\ntrue: yes\n2024-03-05: d\n", 1);
	CHECK_STR(gz_value_string(v, "1"), "one");
	CHECK_STR(gz_value_string(v, "true"), "yes");
	CHECK_STR(gz_value_string(v, "2024-03-05"), "d");
	gz_value_free(v);

	/* Anchors are fine; a duplicate key warns and the last wins. */
	v = yaml(&c, "a: &x 1\nk: 1\nk: [2]\n", 1);
	CHECK_STR(gz_value_string(v, "a"), "1");
	CHECK(v && v->count == 2 && gz_value_get(v, "k")->kind == GZ_VALUE_LIST);
	CHECK_STR(said(&c), "c.yml:3: warning: duplicate key 'k' (first at line 2): the last value "
	    "is used; remove one of them\n");
	gz_value_free(v);

	/* Empty documents are empty maps; a leading `---` is fine. */
	v = yaml(&c, "# only a comment\n", 1);
	CHECK(v && v->kind == GZ_VALUE_MAP && v->count == 0);
	gz_value_free(v);
	v = yaml(&c, "---\nurl: u\n", 1);
	CHECK_STR(gz_value_string(v, "url"), "u");
	gz_value_free(v);

	/* gz_yaml_parse_value keeps other shapes. */
	v = gz_yaml_parse_value("c.yml", "- a\n", 4, 1, &c.log);
	CHECK(v && v->kind == GZ_VALUE_LIST && v->count == 1);
	gz_value_free(v);
	CHECK_STR(said(&c), "");
	gz_buf_free(&c.text);
}

static void
test_yaml_errors(void)
{
	struct capture c;
	capture_start(&c, false);

	CHECK(!yaml(&c, "a: 1\nb: c: d\n", 2));
	CHECK_STR(said(&c), "c.yml:3: error: column 5: mapping values are not allowed in this "
	    "context; check the indentation, and quote a value that contains ': ' or ' #', or "
	    "starts with [ { * & ! | > % @ or `\n");

	CHECK(!yaml(&c, "a:\n\tb: 1\n", 1));
	CHECK(starts_with(said(&c), "c.yml:2: error: column 1: found character that cannot start "
	    "any token"));

	CHECK(!yaml(&c, "a: [1, 2\n", 1));
	CHECK(starts_with(said(&c), "c.yml:2: error: column 1: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at line 1)"));

	CHECK(!yaml(&c, "- a\n", 1));
	CHECK_STR(said(&c), "c.yml:1: error: the YAML must be a mapping of keys to values "
	    "(`key: value` lines), not a list\n");

	CHECK(!yaml(&c, "a: 1\n---\nb: 2\n", 1));
	CHECK_STR(said(&c), "c.yml:2: error: a second YAML document starts here; only one is "
	    "read: remove this '---' line or what follows it\n");

	CHECK(!yaml(&c, "? [a]\n: b\n", 1));
	CHECK_STR(said(&c), "c.yml:1: error: column 3: a key must be a plain value, not a list or "
	    "mapping; quote it\n");

	CHECK(!yaml(&c, "a: &x [1]\nb: *x\n", 1));
	CHECK_STR(said(&c), "c.yml:2: error: column 4: aliases ('*x') are not supported, since a "
	    "few of them can stand for millions of values; write the value out\n");

	/* A self-reference is one more alias. */
	CHECK(!yaml(&c, "a: &x [*x]\n", 1));
	CHECK(strstr(said(&c), "aliases ('*x') are not supported") != NULL);

	/* Invalid UTF-8 (reader errors carry an offset, not a mark). */
	CHECK(!yaml(&c, "a: 1\nb: \xff\n", 1));
	CHECK(starts_with(said(&c), "c.yml:2: error: invalid leading UTF-8 octet (byte 0xff)"));
	gz_buf_free(&c.text);
}

static void
test_yaml_limits(void)
{
	struct capture c;
	capture_start(&c, false);
	struct gz_buf b = {0};
	double t;

	/* Billion laughs: refused at the first alias, before anything multiplies. */
	gz_buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char k = 'b'; k <= 'i'; k++)
		gz_buf_printf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", k, k,
		    k - 1, k - 1, k - 1, k - 1, k - 1, k - 1, k - 1, k - 1, k - 1);
	t = now_seconds();
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK(now_seconds() - t < SLOW_SECONDS);
	CHECK(strstr(said(&c), "c.yml:2: error: column 8: aliases ('*a') are not supported") != NULL);
	gz_buf_free(&b);

	/* 64 levels are fine (the mapping is the first), 65 are not. */
	gz_buf_puts(&b, "a: ");
	for (int i = 0; i < 63; i++)
		gz_buf_putc(&b, '[');
	for (int i = 0; i < 63; i++)
		gz_buf_putc(&b, ']');
	struct gz_value *v = gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log);
	CHECK(v != NULL);
	gz_value_free(v);
	gz_buf_free(&b);
	gz_buf_puts(&b, "a: ");
	for (int i = 0; i < 64; i++)
		gz_buf_putc(&b, '[');
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK_STR(said(&c), "c.yml:1: error: column 67: lists and mappings nest more than 64 "
	    "levels deep; flatten the data\n");
	gz_buf_free(&b);

	/* 100,000 `[`: stopped at the limit, at once. */
	for (int i = 0; i < 100000; i++)
		gz_buf_putc(&b, '[');
	t = now_seconds();
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK(now_seconds() - t < SLOW_SECONDS);
	CHECK(strstr(said(&c), "nest more than 64 levels deep") != NULL);
	gz_buf_free(&b);

	/* A million keys: over the size limit. */
	for (int i = 0; i < 1000000; i++)
		gz_buf_printf(&b, "k%d: v\n", i);
	t = now_seconds();
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK(now_seconds() - t < SLOW_SECONDS);
	char want[200];
	snprintf(want, sizeof want, "c.yml:1: error: %zu bytes of YAML is more than the 1048576 "
	    "allowed; move large data elsewhere\n", b.len);
	CHECK_STR(said(&c), want);
	gz_buf_free(&b);

	/* 60,000 keys fit in 1 MiB but not in the event limit... */
	for (int i = 0; i < 60000; i++)
		gz_buf_printf(&b, "k%d: v\n", i);
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK(starts_with(said(&c), "c.yml:49999: error: the YAML has more than 100000 values"));
	gz_buf_free(&b);

	/* ...40,000 do, and duplicates among them are found in constant time. */
	for (int i = 0; i < 40000; i++)
		gz_buf_printf(&b, "k%d: v%d\n", i, i);
	gz_buf_puts(&b, "k7: again\n");
	t = now_seconds();
	v = gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log);
	CHECK(now_seconds() - t < SLOW_SECONDS);
	CHECK(v && v->count == 40000);
	CHECK_STR(gz_value_string(v, "k39999"), "v39999");
	CHECK_STR(gz_value_string(v, "k7"), "again");
	CHECK(starts_with(said(&c), "c.yml:40001: warning: duplicate key 'k7' (first at line 8)"));
	gz_value_free(v);
	gz_buf_free(&b);

	/* One long scalar. */
	gz_buf_puts(&b, "a: ");
	for (int i = 0; i < 70000; i++)
		gz_buf_putc(&b, 'x');
	CHECK(!gz_yaml_parse("c.yml", b.data, b.len, 1, &c.log));
	CHECK_STR(said(&c), "c.yml:1: error: a value of 70000 bytes is longer than the 65536 "
	    "allowed; shorten it\n");
	gz_buf_free(&b);
	gz_buf_free(&c.text);
}

/* ---- Liquid ---- */

struct liquid_case {
	struct gz_value *page, *site;
};

static struct liquid_case fixture;

static char *
expand_at(struct capture *c, const char *body, unsigned first_line)
{
	size_t len;
	char *out = gz_liquid_expand("t.md", body, strlen(body), first_line, fixture.page,
	    fixture.site, &c->log, &len);
	CHECK(out && strlen(out) == len);
	return out;
}

/* Expands `body` and checks the result and the messages. */
static void
check_expand(struct capture *c, const char *body, const char *want, const char *messages,
    int source_line)
{
	char *got = expand_at(c, body, 1);
	const char *msgs = said(c);
	if (!got || strcmp(got, want) != 0 || strcmp(msgs, messages) != 0) {
		harness_failed++;
		fprintf(stderr, "%s:%d: expanding \"%s\"\n  got:  \"%s\" %s  want: \"%s\" %s",
		    __FILE__, source_line, body, got ? got : "NULL", msgs, want, messages);
		if (!*msgs || !*messages)
			fputc('\n', stderr);
	} else {
		harness_passed++;
	}
	free(got);
}

#define EXPAND(body, want) check_expand(&c, (body), (want), "", __LINE__)
#define EXPAND_SAYS(body, want, messages) check_expand(&c, (body), (want), (messages), __LINE__)

/* Expands `body`, which must fail with `messages`. */
static void
check_fails(struct capture *c, const char *body, const char *messages, int source_line)
{
	size_t len;
	char *got = gz_liquid_expand("t.md", body, strlen(body), 1, fixture.page, fixture.site,
	    &c->log, &len);
	const char *msgs = said(c);
	if (got || strcmp(msgs, messages) != 0) {
		harness_failed++;
		fprintf(stderr, "%s:%d: expanding \"%s\" should fail\n  got:  \"%s\" %s  want: %s",
		    __FILE__, source_line, body, got ? got : "NULL", msgs, messages);
	} else {
		harness_passed++;
	}
	free(got);
}

#define EXPAND_FAILS(body, messages) check_fails(&c, (body), (messages), __LINE__)

static void
test_liquid(void)
{
	struct capture c;
	capture_start(&c, false);
	fixture.page = yaml(&c, "title: 'A & <B>'\nlang: cn\ndate: 2024-03-05 10:07:09 +0800\n"
	    "tags: [x, y, z]\nauthor: {name: Ann, links: [a, b]}\nempty: ''\nnothing: ~\n"
	    "url: /about/\n", 1);
	fixture.site = yaml(&c, "url: https://example.org/\nbaseurl: /blog/\ntitle: Site\n"
	    "lang: en\nnav: [{url: /n1}, {url: /n2}]\n", 1);
	CHECK(fixture.page && fixture.site);

	EXPAND("no tags at all {not} {", "no tags at all {not} {");
	EXPAND("{{ page.title }}|{{site.title}}|{{ title }}|{{ lang }}", "A & <B>|Site|A & <B>|cn");
	EXPAND("{{ page.author.name }} {{ site.nav[1].url }} {{ site.nav.first.url }}",
	    "Ann /n2 /n1");
	EXPAND("{{ page.tags }} {{ page.tags | join: ', ' }} {{ page.author.links }}",
	    "xyz x, y, z ab");
	EXPAND("{{ page.tags.size }} {{ page.tags.last }} {{ page.tags[-1] }} {{ page.nothing }}.",
	    "3 z z .");
	EXPAND("{{ 'text' }} {{ \"q\" | append: '!' | prepend: '¡' }} {{ 42 }}", "text ¡q! 42");

	/* URLs. */
	EXPAND("{{ '/x/' | relative_url }} {{ 'x' | relative_url }} {{ page.url | absolute_url }}",
	    "/blog/x/ /blog/x https://example.org/blog/about/");
	EXPAND("{{ 'https://a.org/p' | absolute_url }} {{ '//cdn.org/a' | relative_url }} "
	    "{{ 'mailto:a@b.org' | absolute_url }}", "https://a.org/p //cdn.org/a mailto:a@b.org");
	gz_value_put(fixture.site, "baseurl", gz_value_new(GZ_VALUE_NULL));
	EXPAND("{{ '' | relative_url }} {{ 'a' | absolute_url }}", "/ https://example.org/a");
	gz_value_put(fixture.site, "baseurl", gz_value_new_string("docs", 4));
	EXPAND("{{ '/a' | relative_url }}", "/docs/a");

	/* default, escape, case. */
	EXPAND("{{ page.empty | default: 'e' }} {{ page.nothing | default: 'n' }} "
	    "{{ missing | default: \"m\" }} {{ title | default: 'no' }} {{ page.empty | "
	    "default: site.title }}", "e n m A & <B> Site");
	EXPAND("{{ title | escape }} {{ \"<'&'>\" | xml_escape }} {{ '\"' | escape }}",
	    "A &amp; &lt;B&gt; &lt;&apos;&amp;&apos;&gt; &quot;");
	EXPAND("{{ title | upcase }} {{ 'ÀB' | downcase }}", "A & <B> àb");

	/* Dates: as written, in English, without zone conversion. */
	EXPAND("{{ page.date | date: '%Y-%m-%d %H:%M:%S %z %:z' }}",
	    "2024-03-05 10:07:09 +0800 +08:00");
	EXPAND("{{ page.date | date: '%a %A %b %B %-d %e %j %I %p %y %C %u %w %%' }}",
	    "Tue Tuesday Mar March 5  5 065 10 AM 24 20 2 2 %");
	EXPAND("{{ page.date | date: '%s %F %T %^b %-m/%-d %Q' }}",
	    "1709604429 2024-03-05 10:07:09 MAR 3/5 %Q");
	EXPAND("{{ '2024-03-05' | date: '%d %B %Y %H:%M %Z' }}", "05 March 2024 00:00 UTC");
	EXPAND("{{ '2024-03-05T23:59:59Z' | date: '%F %T %z' }}", "2024-03-05 23:59:59 +0000");
	EXPAND("{{ '2024-02-29T08:00:00.5-05:30' | date_to_xmlschema }}",
	    "2024-02-29T08:00:00-05:30");
	EXPAND("{{ '0' | date: '%F %T' }} {{ '1700000000' | date: '%F' }}",
	    "1970-01-01 00:00:00 2023-11-14");
	EXPAND("{{ page.title | default: 'x' | escape | upcase | prepend: '[' | append: ']' }}",
	    "[A &AMP; &LT;B&GT;]");
	EXPAND_SAYS("{{ '2023-02-29' | date: '%Y' }}", "2023-02-29",
	    "t.md:1: warning: '2023-02-29' is not a date (write 2024-03-05 or 2024-03-05 10:00:00 "
	    "+0800); it is left as it is\n");

	/* raw, other tags, whitespace control. */
	EXPAND("a {% raw %}{{ x }} {% if y %}{%endraw%} b {%- raw -%} {{ z }}{% endraw %}",
	    "a {{ x }} {% if y %} b {{ z }}");
	EXPAND_FAILS("x\n{% raw %}{{ y }}", "t.md:2: error: Liquid syntax error: 'raw' tag was "
	    "never closed\n");
	EXPAND_FAILS("\n{% include_x nav.html %}\n{%if x%}", "t.md:2: error: Liquid syntax error: "
	    "unknown tag 'include_x'\n");
	EXPAND_FAILS("\n\n{%if x%}", "t.md:3: error: Liquid syntax error: 'if' tag was never "
	    "closed (its 'endif' is missing)\n");
	EXPAND("{% if page.tags contains 'y' %}{% for t in page.tags reversed %}{{ t }}{% endfor %}"
	    "{% endif %}{% assign n = page.tags | size %}{{ n | plus: 1 }}", "zyx4");
	EXPAND("a  {{- title -}}  \n b {{- 'c' }}", "aA & <B>bc");

	/* Lines of warnings are file lines. */
	char *got = expand_at(&c, "one\ntwo\n[x]({{ baseurl_rel }}/news) {{ site.missing.deep }}",
	    7);
	CHECK_STR(got, "one\ntwo\n[x](/news) ");
	CHECK_STR(said(&c), "t.md:9: warning: undefined variable 'baseurl_rel'; it expands to "
	    "nothing (define it in the front matter, _config.yml or with --set)\n"
	    "t.md:9: warning: undefined variable 'site.missing.deep'; it expands to nothing "
	    "(define it in the front matter, _config.yml or with --set)\n");
	free(got);

	/* What cannot be read is an error, as in Jekyll; an unclosed {{ stays as text. */
	EXPAND_FAILS("{{ a b }}", "t.md:1: error: Liquid syntax error: unexpected text at 'b '\n");
	EXPAND_FAILS("\n{{ page.title | }}", "t.md:2: error: Liquid syntax error: a filter name "
	    "expected after '|', at the end of the tag\n");
	EXPAND("[{{ }}]", "[]");
	/* Hugo's shortcodes are no Liquid: they stay as they are. */
	EXPAND("{{< figure src=\"a.png\" >}} {{% note %}}x{{% /note %}} {{ title }}",
	    "{{< figure src=\"a.png\" >}} {{% note %}}x{{% /note %}} A & <B>");
	EXPAND_SAYS("{{ title }} {{ x\n{{ y", "A & <B> {{ x\n{{ y",
	    "t.md:1: warning: '{{' is never closed by '}}'; the rest is left as text\n");
	EXPAND_SAYS("{{ title | shout }}", "A & <B>",
	    "t.md:1: warning: Liquid: unknown filter 'shout'; the value passes through unchanged\n");
	EXPAND_FAILS("{{ title | date }}", "t.md:1: error: Liquid error: wrong number of arguments "
	    "to 'date' (given 0, expected 1)\n");
	/* A mapping prints as Ruby's inspect form, as in Jekyll. */
	EXPAND("[{{ page.author }}]", "[{\"name\"=>\"Ann\", \"links\"=>[\"a\", \"b\"]}]");
	/* One warning per undefined variable, however often it is used. */
	EXPAND_SAYS("{{ u }}\n{{ u }}{{ u }}", "\n", "t.md:1: warning: undefined variable 'u' "
	    "(used 3 times from here on); it expands to nothing (define it in the front matter, "
	    "_config.yml or with --set)\n");
	/* A missing assign is one variable, whatever keys the page reads of it. */
	EXPAND_SAYS("\n{{ rel.version }} {{ rel.sha }} {{ rel.url | append: 'x' }} {{ page.nope }}",
	    "\n  x ", "t.md:2: warning: undefined variable 'rel' (used 3 times from here on); it "
	    "expands to nothing (define it in the front matter, _config.yml or with --set)\n"
	    "t.md:2: warning: undefined variable 'page.nope'; it expands to nothing (define it in "
	    "the front matter, _config.yml or with --set)\n");

	/* --strict: the warning becomes an error; the expansion is still made. */
	struct capture strict;
	capture_start(&strict, true);
	size_t len;
	got = gz_liquid_expand("t.md", "\n{{ nope }}x", strlen("\n{{ nope }}x"), 3, fixture.page, fixture.site,
	    &strict.log, &len);
	CHECK_STR(got, "\nx");
	CHECK(strict.log.errors == 1 && strict.log.warnings == 0);
	CHECK(starts_with(said(&strict), "t.md:4: error: undefined variable 'nope'"));
	free(got);
	gz_buf_free(&strict.text);

	gz_value_free(fixture.page);
	gz_value_free(fixture.site);
	gz_buf_free(&c.text);
}

/* Large inputs take one pass (CPU time, so that a loaded machine does not fail it). */
static void
test_liquid_linear(void)
{
	struct capture c;
	capture_start(&c, false);
	struct gz_buf b = {0};
	size_t len;
	double t;
	struct gz_value *page = yaml(&c, "t: ab\n", 1);

	/* 10 MB without a tag (but with braces) is copied. */
	while (b.len < 10 * 1024 * 1024)
		gz_buf_puts(&b, "Some text { with braces } and 中文 across the line.\n");
	t = cpu_seconds();
	char *out = gz_liquid_expand("t.md", b.data, b.len, 1, page, NULL, &c.log, &len);
	CHECK(cpu_seconds() - t < SLOW_SECONDS);
	CHECK(len == b.len && memcmp(out, b.data, len) == 0);
	free(out);
	gz_buf_free(&b);

	/* A million tags. */
	for (int i = 0; i < 1000000; i++)
		gz_buf_puts(&b, "{{ page.t }}");
	t = cpu_seconds();
	out = gz_liquid_expand("t.md", b.data, b.len, 1, page, NULL, &c.log, &len);
	CHECK(cpu_seconds() - t < SLOW_SECONDS);
	CHECK(len == 2000000 && out[0] == 'a' && out[len - 1] == 'b');
	free(out);
	gz_buf_free(&b);

	/* Raw blocks, then a million unclosed `{{` (each would search to the end). */
	for (int i = 0; i < 100000; i++)
		gz_buf_puts(&b, "{% raw %}{{ y }}{% endraw %}");
	for (int i = 0; i < 1000000; i++)
		gz_buf_puts(&b, "{{ x ");
	t = cpu_seconds();
	out = gz_liquid_expand("t.md", b.data, b.len, 1, page, NULL, &c.log, &len);
	CHECK(cpu_seconds() - t < SLOW_SECONDS);
	CHECK(len == 700000 + 5000000);
	CHECK_STR(said(&c), "t.md:1: warning: '{{' is never closed by '}}'; the rest is left as "
	    "text\n");
	free(out);
	gz_buf_free(&b);

	/* A million `{%` inside one unclosed raw: an error, quickly. */
	gz_buf_puts(&b, "{% raw %}");
	for (int i = 0; i < 1000000; i++)
		gz_buf_puts(&b, "{% x ");
	t = cpu_seconds();
	out = gz_liquid_expand("t.md", b.data, b.len, 1, page, NULL, &c.log, &len);
	CHECK(cpu_seconds() - t < SLOW_SECONDS);
	CHECK(out == NULL);
	said(&c);
	gz_buf_free(&b);

	gz_value_free(page);
	gz_buf_free(&c.text);
}

/* ---- language tags ---- */

static void
test_lang(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "cn", "zh-CN" }, { "CN", "zh-CN" }, { "zh_cn", "zh-CN" }, { "zh-cn", "zh-CN" },
		{ "zh_CN.UTF-8", "zh-CN" }, { "zh", "zh" }, { "zh-hans", "zh-Hans" },
		{ "zh_tw", "zh-TW" }, { "zh-tw", "zh-TW" }, { "zh_hk", "zh-HK" },
		{ "zh-hant-tw", "zh-Hant-TW" }, { "ZH-HANS-CN", "zh-Hans-CN" }, { "zh-CHT", "zh-Hant" },
		{ "jp", "ja" }, { "ja", "ja" }, { "ja_JP", "ja-JP" }, { "kr", "ko" }, { "ko-kr", "ko-KR" },
		{ "en_US", "en-US" }, { "en-us", "en-US" }, { " en ", "en" }, { "es-419", "es-419" },
		{ "de-DE-1996", "de-DE-1996" }, { "sl-rozaj-biske", "sl-rozaj-biske" },
		{ "zh-yue-HK", "zh-yue-HK" }, { "en-US-u-ca-gregory", "en-US-u-ca-gregory" },
		{ "english", NULL }, { "", NULL }, { "e", NULL }, { "en-", NULL }, { "en--us", NULL },
		{ "en-US-GB", NULL }, { "zh-TW-Hant", NULL }, { "中文", NULL }, { "x-klingon", NULL },
		{ "en us", NULL }, { "123", NULL },
	};
	for (size_t i = 0; i < GZ_ARRAY_LEN(cases); i++) {
		char *got = gz_lang_tag(cases[i].in);
		if (cases[i].want) {
			CHECK_STR(got, cases[i].want);
		} else if (got) {
			harness_failed++;
			fprintf(stderr, "gz_lang_tag(\"%s\") = \"%s\", want NULL\n", cases[i].in, got);
		} else {
			harness_passed++;
		}
		free(got);
	}
	CHECK(gz_lang_tag(NULL) == NULL);
}

int
main(void)
{
	const char *scale = getenv("GAZETTE_TEST_TIME_SCALE");
	if (scale && atof(scale) > 0)
		slow_seconds *= atof(scale);
	setenv("TZ", "Pacific/Chatham", 1);     /* nothing may depend on the local zone */
	test_front_matter();
	test_yaml_values();
	test_yaml_errors();
	test_yaml_limits();
	test_liquid();
	test_liquid_linear();
	test_lang();
	return HARNESS_DONE();
}
