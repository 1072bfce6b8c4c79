/* fuzz_liquid.c: the Liquid engine on its own.  The first byte chooses the
 * template mode (escaped output) and the bare-name fallback; the rest is the
 * template, rendered with a small page and site whose data folder does not
 * exist (includes and links fail, quickly).  It is rendered twice, into a new
 * buffer and over a copy of itself (as a page is), and the two results must
 * be the same; page.content is the copy, as for a page. */
#include "fuzz.h"
#include "internal.h"

/* Messages are dropped: the engine uses no library that could fail on its
 * own, and its messages quote the input (FUZZ_LOG's checks would match it). */
static void
drop(void *ctx, enum gz_severity sev, const char *file, unsigned line, const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)line, (void)message;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gz_log log = { .emit = drop };
	unsigned flags = size ? data[0] : 0;
	if (size)
		data++, size--;
	static const char page_yaml[] = "title: 'A & <B>'\ntags: [x, y, 中文]\nn: 3\nf: 2.5\n"
	    "author: {name: Ann, links: [a, b]}\nlist: [{v: '1', w: 2}, {v: '3'}]\n";
	static const char site_yaml[] = "url: https://example.org\nbaseurl: /b\n"
	    "source: /nonexistent-gazette-fuzz\ntitle: 站点\n";
	struct gz_value *page = gz_yaml_parse("p", page_yaml, sizeof page_yaml - 1, 1, &log);
	struct gz_value *site = gz_yaml_parse("s", site_yaml, sizeof site_yaml - 1, 1, &log);
	struct gz_time date = { .seconds = 1700000000, .offset_min = 480 };
	char *copy = gz_xstrndup((const char *)data, size);
	const struct gz_liquid_env env = {
		.name = "<fuzz>", .path = "<fuzz>", .page = page, .site = site, .url = "/x/",
		.date = &date, .escape_output = flags & 1, .bare_names = flags & 2,
		.content = copy, .content_len = size,
	};
	size_t len, over_len;
	char *fresh = gz_liquid_render(&env, (const char *)data, size, 1, &log, &len);
	char *over = gz_liquid_render_over(&env, copy, size, 1, &log, &over_len);
	/* Either may stop at the time limit alone: only two results are compared. */
	if (fresh && over && (len != over_len || memcmp(fresh, over, len) != 0))
		abort();
	free(fresh);
	if (over != copy)
		free(over);
	free(copy);
	gz_value_free(page);
	gz_value_free(site);
	return 0;
}
