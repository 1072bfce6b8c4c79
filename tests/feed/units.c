/* units.c: the dates and URLs feeds are made of (src/date.c, src/url.c), one function at a time. */
#include "internal.h"
#include "harness.h"

#include <stdlib.h>

static const char *
rfc822(const char *yaml)
{
	static char out[40];
	struct gz_time t;
	if (!gz_time_parse(yaml, &t))
		return "(no date)";
	gz_time_rfc822(t, out);
	return out;
}

static const char *
rfc3339(const char *yaml)
{
	static char out[40];
	struct gz_time t;
	if (!gz_time_parse(yaml, &t))
		return "(no date)";
	gz_time_rfc3339(t, out);
	return out;
}

static long long
seconds(const char *yaml)
{
	struct gz_time t = { .seconds = -1 };
	return gz_time_parse(yaml, &t) ? (long long)t.seconds : -1;
}

static void
dates(void)
{
	CHECK_STR(rfc822("2024-03-05"), "Tue, 05 Mar 2024 00:00:00 +0000");
	CHECK_STR(rfc3339("2024-03-05"), "2024-03-05T00:00:00Z");
	CHECK_STR(rfc822("2024-03-05 10:00:00 +0800"), "Tue, 05 Mar 2024 10:00:00 +0800");
	CHECK_STR(rfc3339("2024-03-05 10:00:00 +0800"), "2024-03-05T10:00:00+08:00");
	CHECK_STR(rfc3339("2024-03-05T10:00:00Z"), "2024-03-05T10:00:00Z");
	CHECK_STR(rfc3339("2024-03-05t10:00:00z"), "2024-03-05T10:00:00Z");
	CHECK_STR(rfc3339("2001-12-14 21:59:43.10 -5"), "2001-12-14T21:59:43-05:00");
	CHECK_STR(rfc3339("2024-03-05 9:05 +05:30"), "2024-03-05T09:05:00+05:30");
	CHECK_STR(rfc822("1999-12-31 23:59:59 -0930"), "Fri, 31 Dec 1999 23:59:59 -0930");
	CHECK_STR(rfc822("2024-02-29"), "Thu, 29 Feb 2024 00:00:00 +0000");
	CHECK_STR(rfc822("1970-01-01"), "Thu, 01 Jan 1970 00:00:00 +0000");
	CHECK_STR(rfc822("1969-12-31"), "Wed, 31 Dec 1969 00:00:00 +0000");
	CHECK_STR(rfc822("2000-03-01"), "Wed, 01 Mar 2000 00:00:00 +0000");
	/* The same instant written in two zones. */
	CHECK(seconds("2024-03-05 10:00:00 +0800") == seconds("2024-03-05T02:00:00Z"));
	CHECK(seconds("2024-03-05T02:00:00Z") == 1709604000);
	CHECK(seconds("2023-11-14T22:13:20Z") == 1700000000);

	/* YAML allows one-digit months and days (Jekyll reads them so). */
	CHECK_STR(rfc3339("2024-3-5"), "2024-03-05T00:00:00Z");

	const char *bad[] = { "", "2024", "2024-3-", "2024-123-5", "2024-02-30", "2023-02-29", "2024-13-01",
		"2024-00-10", "2024-03-05 25:00", "2024-03-05 10:60", "2024-03-05 10:00 +2400",
		"2024-03-05 10:00 CET", "2024-03-05x", "yesterday", "2024-03-05 10", };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct gz_time t;
		if (gz_time_parse(bad[i], &t)) {
			harness_failed++;
			fprintf(stderr, "%s:%d: '%s' parsed as a date\n", __FILE__, __LINE__, bad[i]);
		} else {
			harness_passed++;
		}
	}

	struct gz_time t;
	const char *slug = NULL;
	CHECK(gz_time_from_name("2024-01-15-hello-world", &t, &slug));
	CHECK_STR(slug, "hello-world");
	CHECK(t.seconds == 1705276800);
	CHECK(!gz_time_from_name("2024-01-15", &t, &slug));
	CHECK(!gz_time_from_name("2024-01-15-", &t, &slug));
	CHECK(!gz_time_from_name("about", &t, &slug));
	CHECK(!gz_time_from_name("2024-02-31-x", &t, &slug));

	struct gz_civil c = gz_time_civil((struct gz_time){ .seconds = 1709604000,
	    .offset_min = 480 });
	CHECK(c.year == 2024 && c.month == 3 && c.day == 5 && c.hour == 10 && c.yday == 65);
}

static void
check_resolve(int line, const char *base, const char *ref, const char *want)
{
	char *got = gz_url_resolve(base, ref);
	if (strcmp(got, want) == 0) {
		harness_passed++;
	} else {
		harness_failed++;
		fprintf(stderr, "%s:%d: resolve(%s, %s)\n  got:  %s\n  want: %s\n", __FILE__, line,
		    base, ref, got, want);
	}
	free(got);
}

static void
urls(void)
{
	const char *base = "https://example.org/blog/2024/03/post.html?x=1#top";
	/* RFC 3986 section 5.4 style cases against a page URL. */
	check_resolve(__LINE__, base, "https://other.net/a", "https://other.net/a");
	check_resolve(__LINE__, base, "mailto:a@b.c", "mailto:a@b.c");
	check_resolve(__LINE__, base, "//cdn.example.net/x.png", "https://cdn.example.net/x.png");
	check_resolve(__LINE__, base, "/img/a.png", "https://example.org/img/a.png");
	check_resolve(__LINE__, base, "a.png", "https://example.org/blog/2024/03/a.png");
	check_resolve(__LINE__, base, "./a.png", "https://example.org/blog/2024/03/a.png");
	check_resolve(__LINE__, base, "../a.png", "https://example.org/blog/2024/a.png");
	check_resolve(__LINE__, base, "../../../../a.png", "https://example.org/a.png");
	check_resolve(__LINE__, base, "sub/", "https://example.org/blog/2024/03/sub/");
	check_resolve(__LINE__, base, "..", "https://example.org/blog/2024/");
	check_resolve(__LINE__, base, "#frag", "https://example.org/blog/2024/03/post.html?x=1#frag");
	check_resolve(__LINE__, base, "?y=2", "https://example.org/blog/2024/03/post.html?y=2");
	check_resolve(__LINE__, base, "", "https://example.org/blog/2024/03/post.html?x=1");
	check_resolve(__LINE__, base, "a/../b?q=../x#f", "https://example.org/blog/2024/03/b?q=../x#f");
	check_resolve(__LINE__, "https://example.org", "x.html", "https://example.org/x.html");
	/* A relative base cannot make anything absolute. */
	check_resolve(__LINE__, "/blog/post.html", "a.png", "a.png");

	CHECK(gz_url_is_absolute("https://x"));
	CHECK(gz_url_is_absolute("tag:example.org,2024:/x"));
	CHECK(!gz_url_is_absolute("/x:y"));
	CHECK(!gz_url_is_absolute("x/y:z"));
	CHECK(!gz_url_is_absolute("1http://x"));
	CHECK(!gz_url_is_absolute(""));

	struct gz_buf b = {0};
	gz_url_encode(&b, "https://example.org/a b/新闻?q=1&r=\"2\"#%41");
	CHECK_STR(b.data, "https://example.org/a%20b/%E6%96%B0%E9%97%BB?q=1&r=%222%22#%41");
	gz_buf_free(&b);

	char *h;
	CHECK_STR(h = gz_url_host("https://User@News.Example.ORG:8443/x"), "news.example.org");
	free(h);
	CHECK_STR(h = gz_url_host("http://[::1]:80/"), "[::1]");
	free(h);
	CHECK(gz_url_host("/relative") == NULL);
	CHECK(gz_url_host("mailto:a@b.c") == NULL);
}

int
main(void)
{
	dates();
	urls();
	return HARNESS_DONE();
}
