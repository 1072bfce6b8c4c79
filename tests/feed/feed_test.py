#!/usr/bin/env python3
"""feed_test.py CASE POST...: one test of the RSS/Atom backend (see CASES at
the end); POST... are the pages of the posts/ site, in the order meson.build
gives them to every test of it.

Every feed a case makes is checked with `xmllint --noout` and parsed with
feedparser: not bozo, the expected number of entries, each entry with a title,
an absolute link, an id and a date, and every href/src in its content absolute.
The golden feeds are compared by tests/golden.py (see meson.build).
"""
import html
import html.parser
import os
import re
import subprocess
import sys
import urllib.parse

import gztest as gz


def find_feedparser():
    """feedparser comes from Debian's python3-feedparser; the python3 that
    meson found may be another one (pyenv, a venv): re-run under a python3 on
    PATH that has it."""
    try:
        import feedparser  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("FEED_TEST_REEXEC"):
        sys.exit("feed_test.py: no python3 on PATH has feedparser; "
                 "install python3-feedparser (scripts/setup test)")
    for d in os.environ.get("PATH", "").split(os.pathsep):
        exe = os.path.join(d, "python3")
        if not os.access(exe, os.X_OK) or os.path.realpath(exe) == os.path.realpath(sys.executable):
            continue
        if subprocess.run([exe, "-c", "import feedparser"], capture_output=True).returncode == 0:
            os.environ["FEED_TEST_REEXEC"] = "1"
            os.execv(exe, [exe] + sys.argv)
    sys.exit("feed_test.py: no python3 on PATH has feedparser; "
             "install python3-feedparser (scripts/setup test)")


find_feedparser()
import feedparser  # noqa: E402

HERE = os.path.join(gz.ROOT, "tests", "feed")


def gazette(args, cwd, status=0, env=None, stdin=None):
    """Runs gazette, checking its exit status; returns (stdout bytes, stderr text)."""
    r = gz.run(*args, cwd=cwd, env=env or {}, stdin=stdin, binary=True)
    gz.check(f"gazette {' '.join(map(str, args))} (in {cwd}) exits {status}", r.code == status,
             f"exit {r.code}\n{r.err}")
    return r.out, r.err


def is_absolute(url):
    u = urllib.parse.urlsplit(url or "")
    return bool(u.scheme) and (bool(u.netloc) or u.scheme in ("mailto", "tag"))


class UrlAttrs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src"):
                self.urls.append(v)


def check_feed(path, count, kind=None, absolute=True):
    """The checks every feed gets; returns the parsed feed."""
    name = os.path.basename(path)
    x = gz.command(["xmllint", "--noout", path])
    gz.check(f"{name}: xmllint", x.code == 0 and not x.err, x.err)
    d = feedparser.parse(path)
    gz.check(f"{name}: feedparser: bozo ({d.get('bozo_exception')})", not d.bozo)
    if kind:
        gz.check(f"{name}: version {d.version!r}, wanted {kind!r}", d.version == kind)
    gz.check(f"{name}: {len(d.entries)} entries, wanted {count}", len(d.entries) == count)
    ids = set()
    for i, e in enumerate(d.entries):
        where = f"{name}: entry {i + 1}"
        gz.check(f"{where}: no title", e.get("title"))
        gz.check(f"{where}: no id", e.get("id"))
        gz.check(f"{where}: id {e.get('id')} repeated", e.get("id") not in ids)
        ids.add(e.get("id"))
        gz.check(f"{where}: no date", e.get("published_parsed") or e.get("updated_parsed"))
        if absolute:
            gz.check(f"{where}: link {e.get('link')!r} not absolute", is_absolute(e.get("link")))
            for c in e.get("content", []):
                p = UrlAttrs()
                p.feed(c.value)
                for u in p.urls:
                    gz.check(f"{where}: {u!r} in the content is not absolute", is_absolute(u))
    return d


def summary_text(entry):
    """An entry's summary as a reader shows it: HTML (RSS's description) unescaped."""
    d = entry.get("summary_detail")
    if not d:
        return None
    return html.unescape(d.value) if d.type == "text/html" else d.value


def make_feeds(args, cwd, tmp, env=None, status=0):
    """gazette -t rss,atom ARGS -o TMP; returns (rss path, atom path, stderr)."""
    _, err = gazette(["-t", "rss,atom", "-o", tmp] + args, cwd, status=status, env=env)
    return os.path.join(tmp, "feed.xml"), os.path.join(tmp, "feed.atom"), err


def read(path):
    with open(path, "rb") as f:
        return f.read()


NEWS_DIR = os.path.join(HERE, "news")
POSTS_DIR = os.path.join(HERE, "posts")
# Not in file-name order: equal dates must keep this order.
POSTS = sys.argv[2:]
POSTS_NEWEST_FIRST = [
    ("Spring notes: 春のメモ", "https://blog.example.org/blog/2024/03/05/spring.html"),
    ("Same day, later in the input", "https://blog.example.org/blog/2024/03/05/same-day.html"),
    ("Hello, world",
     "https://blog.example.org/blog/release/news/2024/01/15/hello-world.html"),
    ("Year end & what's next", "https://blog.example.org/blog/notes/2023/year-end/"),
    ("About", "https://blog.example.org/blog/about.html"),
]
NEWS_ENTRIES = [
    ("高性能云服务器：本地SSD", "https://promotion.example.com/ecs.html?open_id=1d82&open_cid=4703",
     "阿里云"),
    ("论文被系统领域顶会录用", "https://mp.example.com/s?__biz=MzUx&mid=22&idx=1#rd", "阿里云"),
    ("打造极致性能&领先时代的云存储", "https://mp.example.com/s?__biz=MzU2&mid=33", "华为云"),
    ("同一个链接出现两次（一）", "https://cloud.example.com/same", "腾讯云"),
    ("同一个链接出现两次（二）", "https://cloud.example.com/same", "腾讯云"),
    ("站内的相对链接", "https://news.example.org/weekly/cases/local.html", "腾讯云"),
]


def linked_entries(markdown):
    """(title, url) of every `### [title](url)` heading, as a reader sees them."""
    return re.findall(r"^#{1,6} +\[([^\]]*)\]\(([^)\s]*)\)\s*$", markdown, re.M)


def case_news_valid(tmp):
    rss, atom, _ = make_feeds(["zh-news.md"], NEWS_DIR, tmp)
    check_feed(rss, len(NEWS_ENTRIES), "rss20")
    check_feed(atom, len(NEWS_ENTRIES), "atom10")


def case_news_entries(tmp):
    with open(os.path.join(NEWS_DIR, "zh-news.md"), encoding="utf-8") as f:
        gz.check("the fixture's linked headings and NEWS_ENTRIES disagree",
                 len(linked_entries(f.read())) == len(NEWS_ENTRIES))
    rss, atom, _ = make_feeds(["zh-news.md"], NEWS_DIR, tmp)
    for path in (rss, atom):
        d = check_feed(path, len(NEWS_ENTRIES))
        name = os.path.basename(path)
        lang = d.feed.get("language")
        gz.check(f"{name}: language {lang!r}, wanted 'zh-CN'", lang == "zh-CN")
        gz.check(f"{name}: title {d.feed.get('title')!r}", d.feed.get("title") == "存储用户案例")
        for e, (title, link, category) in zip(d.entries, NEWS_ENTRIES):
            gz.check(f"{name}: title {e.title!r}, wanted {title!r}", e.title == title)
            gz.check(f"{name}: link {e.link!r}, wanted {link!r}", e.link == link)
            tags = [t.term for t in e.get("tags", [])]
            gz.check(f"{name}: {title}: categories {tags}, wanted {category}", tags == [category])
            gz.check(f"{name}: {title}: no summary", e.get("summary"))
        # Two entries share a link: neither may use it as its id.
        same = [e for e in d.entries if e.link == "https://cloud.example.com/same"]
        gz.check(f"{name}: shared links need tag: ids",
                 len(same) == 2 and all(
                     e.id.startswith("tag:news.example.org,2024:/weekly/zh-news.html#")
                     for e in same))
        others = [e for e in d.entries if e.link != "https://cloud.example.com/same"]
        gz.check(f"{name}: a unique link should be the id", all(e.id == e.link for e in others))
        # The #### heading belongs to the entry above it.
        content = [c.value for c in d.entries[1].get("content", [])]
        gz.check(f"{name}: the sub-heading and its image should stay in their entry: {content}",
                 content and "附注" in content[0] and "spool.png" in content[0])
        gz.check(f"{name}: the sub-heading leaked into a later entry",
                 all("附注" not in c.value for e in d.entries[2:] for c in e.get("content", [])))
        gz.check(f"{name}: summary from the first paragraph: {summary_text(d.entries[2])!r}",
                 summary_text(d.entries[2]) == "正文第一段没有引用块时，摘要取这一段。")
    rss_text = read(rss).decode()
    gz.check("RSS: guids should be permalinks exactly when they are the link",
             'isPermaLink="false"' in rss_text and 'isPermaLink="true"' in rss_text)
    gz.check("RSS: entries take the page's date, in its own offset",
             "<pubDate>Tue, 05 Mar 2024 10:00:00 +0800</pubDate>" in rss_text)
    gz.check("Atom: entries take the page's date",
             "<updated>2024-03-05T10:00:00+08:00</updated>" in read(atom).decode())


def case_posts_valid(tmp):
    gz.check("the posts are given", len(POSTS) == 5, POSTS)
    rss, atom, _ = make_feeds(POSTS, POSTS_DIR, tmp)
    check_feed(rss, len(POSTS), "rss20")
    check_feed(atom, len(POSTS), "atom10")


def case_posts_order(tmp):
    rss, atom, _ = make_feeds(POSTS, POSTS_DIR, tmp)
    for path in (rss, atom):
        d = check_feed(path, len(POSTS))
        name = os.path.basename(path)
        got = [(e.title, e.link) for e in d.entries]
        gz.check(f"{name}: order/links\n got  {got}\n want "
               f"{POSTS_NEWEST_FIRST}", got == POSTS_NEWEST_FIRST)
        dates = [e.published_parsed for e in d.entries]
        gz.check(f"{name}: not newest first", dates == sorted(dates, reverse=True))
        gz.check(f"{name}: language {d.feed.get('language')!r}", d.feed.get("language") == "en")
        hello = d.entries[2]
        tags = [t.term for t in hello.get("tags", [])]
        gz.check(f"{name}: hello tags {tags}", tags == ["Release", "news", "c11", "feeds"])
        spring = d.entries[0]
        gz.check(f"{name}: description should be the summary: {summary_text(spring)!r}",
                 summary_text(spring) == "The front matter's description is the summary.")
        gz.check(f"{name}: the post's author: {spring.get('author')!r}",
                 spring.get("author") == "山田 花子" or "山田 花子" in spring.get("author", ""))
    # Several inputs give pages unless told otherwise; entries when asked.
    sub = os.path.join(tmp, "news-pages")
    rss, atom, _ = make_feeds(["--feed-items", "pages", "zh-news.md"], NEWS_DIR, sub)
    d = check_feed(rss, 1)
    gz.check("--feed-items pages: the page", d.entries and d.entries[0].title == "存储用户案例")
    gz.check("--feed-items pages: the page's URL",
             d.entries and d.entries[0].link == "https://news.example.org/weekly/zh-news.html")


def case_limit(tmp):
    full_rss, full_atom, _ = make_feeds(POSTS, POSTS_DIR, os.path.join(tmp, "all"))
    rss, atom, _ = make_feeds(["--feed-limit", "2"] + POSTS, POSTS_DIR, os.path.join(tmp, "two"))
    for full, path in ((full_rss, rss), (full_atom, atom)):
        d = check_feed(path, 2)
        all_ = feedparser.parse(full)
        gz.check(f"{os.path.basename(path)}: the limit should keep the two newest, ids unchanged",
                 [e.id for e in d.entries] == [e.id for e in all_.entries[:2]])
    rss, atom, _ = make_feeds(["--feed-limit", "3", "zh-news.md"], NEWS_DIR,
                              os.path.join(tmp, "news"))
    for path in (rss, atom):
        d = check_feed(path, 3)
        gz.check(f"{os.path.basename(path)}: the limit should keep the page's first entries",
                 [e.title for e in d.entries] == [t for t, _, _ in NEWS_ENTRIES[:3]])
    rss, atom, _ = make_feeds(["--feed-limit", "0"] + POSTS, POSTS_DIR, os.path.join(tmp, "zero"))
    check_feed(rss, len(POSTS))


HOSTILE = (
    "---\n"
    "title: \"bad \\f title ]]> </title> & <b>\"\n"
    "description: \"ends </description> here \\x01\"\n"
    "author: \"Mallory \\x0b <m@example.org>\"\n"
    "---\n\n"
    "## Section \x01 with \x0c form feed\n"
    # Entities decode to text that looks like markup: the writer must escape it.
    "### [entry \\]\\]&gt; &lt;/description&gt; \x08 & more](https://example.org/a?b=1&c=2&amp;d=3)\n"
    "> quote with \x1b escape, ]]> and &lt;/description&gt; and \xef\xbf\xbe and \xff\xfe bytes\n\n"
    "<script>alert(1)</script> raw <b>html</b> ]]>\n\n"
    "### [second\x7f entry](/local?x=1&y=\"2\")\n"
    "Text with a lone surrogate \xed\xa0\x80 and CDATA end ]]]]><![CDATA[>.\n\n"
    "### [third](https://example.org/\xe6\x96\xb0 \"title\")\n"
    "![img](pic.png \"t\") \xc3\x28 broken\n"
).encode("latin-1")


def case_hostile(tmp):
    src = os.path.join(tmp, "hostile.md")
    with open(src, "wb") as f:
        f.write(HOSTILE.replace(b"\xef\xbf\xbe", "\ufffe".encode("utf-8", "surrogatepass"))
                .replace(b"\xed\xa0\x80", "\ud800".encode("utf-8", "surrogatepass")))
    out = os.path.join(tmp, "out")
    rss, atom, _ = make_feeds(["--set", "url=https://example.org", "hostile.md"], tmp, out)
    for path in (rss, atom):
        d = check_feed(path, 3)
        name = os.path.basename(path)
        raw = read(path)
        gz.check(f"{name}: a CDATA section was written", b"<![CDATA[" not in raw)
        for bad in (b"\x01", b"\x08", b"\x0b", b"\x0c", b"\x1b", b"\xef\xbf\xbe",
                    b"\xed\xa0\x80", b"\xff"):
            gz.check(f"{name}: {bad!r} reached the feed", bad not in raw)
        raw.decode("utf-8")     # raises when the feed is not UTF-8
        if d.entries:
            e = d.entries[0]
            gz.check(f"{name}: the title lost its text: {e.title!r}",
                     "]]>" in e.title and "</description>" in e.title)
            gz.check(f"{name}: & in a URL: {e.link!r}",
                     e.link == "https://example.org/a?b=1&c=2&d=3")
            text = summary_text(e)
            gz.check(f"{name}: summary {text!r}", "]]> and </description> and" in text)
    # The same through standard input, with no site URL: still well-formed.
    out, _ = gazette(["-t", "atom", "-"], tmp, stdin=HOSTILE)
    path = gz.write(os.path.join(tmp, "stdin.atom"), out)
    check_feed(path, 3, "atom10", absolute=False)


def case_no_url(tmp):
    # The fixture's _config.yml has a url: --set empties it.
    rss, atom, err = make_feeds(["--set", "url="] + POSTS, POSTS_DIR, os.path.join(tmp, "out"))
    gz.check(f"no warning naming --set url=:\n{err}", "--set url=" in err)
    # Both feeds read the same pages: what they share is said once.
    gz.check(f"the warning should be said once, not once per feed:\n{err}",
             err.count("--set url=") == 1)
    for path in (rss, atom):
        check_feed(path, len(POSTS), absolute=False)
    _, err = gazette(["--strict", "-t", "rss", "--set", "url=", "-o", os.path.join(tmp, "s.xml")]
                     + POSTS, POSTS_DIR, status=1)
    gz.check("--strict: the warning should be an error", "--set url=" in err)
    gz.check("--strict: no feed should be written", not os.path.exists(os.path.join(tmp, "s.xml")))
    # Under --strict each feed fails, and each says why.
    out = os.path.join(tmp, "strict")
    _, err = gazette(["--strict", "-t", "rss,atom", "--set", "url=", "-o", out] + POSTS,
                     POSTS_DIR, status=1)
    gz.check(f"--strict: both feeds should say why they fail:\n{err}",
             err.count("--set url=") == 2)
    gz.check("--strict: neither feed should be written",
             not os.path.exists(os.path.join(out, "feed.xml"))
             and not os.path.exists(os.path.join(out, "feed.atom")))


def case_deterministic(tmp):
    outs = []
    for i, env in enumerate(({}, {"TZ": "Asia/Shanghai", "LC_ALL": "C.UTF-8"},
                             {"TZ": "America/St_Johns", "LANG": "ja_JP.UTF-8"})):
        d = os.path.join(tmp, str(i))
        rss, atom, _ = make_feeds(POSTS, POSTS_DIR, d, env=env)
        news = os.path.join(tmp, f"news{i}")
        nrss, natom, _ = make_feeds(["zh-news.md"], NEWS_DIR, news, env=env)
        outs.append([read(p) for p in (rss, atom, nrss, natom)])
    gz.check("output depends on the time zone or locale", outs[0] == outs[1] == outs[2])
    # Self links: known from the output name and the site URL, or --set feed_url.
    atom = read(os.path.join(tmp, "0", "feed.atom")).decode()
    gz.check("Atom: no self link",
             '<link rel="self" type="application/atom+xml" href="https://blog.example.org/blog/feed.atom"/>'
           in atom)
    rss = read(os.path.join(tmp, "0", "feed.xml")).decode()
    gz.check("RSS: no atom:link rel=self",
             '<atom:link href="https://blog.example.org/blog/feed.xml" rel="self" '
           'type="application/rss+xml"/>' in rss)
    out, _ = gazette(["-t", "rss", "--set", "feed_url=/blog/news.rss"] + POSTS, POSTS_DIR)
    gz.check("--set feed_url ignored", b'href="https://blog.example.org/blog/news.rss"' in out)


def case_seed(tmp):
    seeds_dir = os.path.join(gz.ROOT, "..", "shared", "seeds")
    seeds = sorted(os.listdir(seeds_dir)) if os.path.isdir(seeds_dir) else []
    seeds = [os.path.join(seeds_dir, s) for s in seeds if s.endswith(".txt")]
    if not seeds:
        gz.skip(f"no seed pages in {seeds_dir}")
    for n, seed in enumerate(seeds):
        with open(seed, encoding="utf-8") as f:
            text = f.read()
        want = linked_entries(text)
        sections = []
        current = None
        for line in text.splitlines():
            m = re.match(r"^(#{1,6}) +(.*)$", line)
            if not m:
                continue
            if re.match(r"^\[[^\]]*\]\([^)\s]*\)\s*$", m.group(2)):
                sections.append(current)
            elif len(m.group(1)) == 2:
                current = m.group(2).strip()
        out = os.path.join(tmp, str(n))
        rss, atom, _ = make_feeds(["--set", "url=https://spdk.io", seed], tmp, out)
        for path in (rss, atom):
            d = check_feed(path, len(want))
            name = f"{os.path.basename(seed)} {os.path.basename(path)}"
            got = [(e.title, e.link) for e in d.entries]
            gz.check(f"{name}: entries differ from the page", got == [(t, l) for t, l in want])
            cats = [[t.term for t in e.get("tags", [])] for e in d.entries]
            gz.check(f"{name}: categories {cats}", cats == [[c] for c in sections])
            gz.check(f"{name}: language {d.feed.get('language')!r}, wanted zh-CN",
                     d.feed.get("language") == "zh-CN")
        atom_text = read(atom).decode()
        gz.check("seed: Atom without xml:lang=\"zh-CN\"", 'xml:lang="zh-CN"' in atom_text)
        gz.check("seed: RSS without language", "<language>zh-CN</language>" in read(rss).decode())


def case_samples(tmp):
    samples = gz.SAMPLES
    pages = sorted(p for p in os.listdir(samples) if p.endswith(".md")) \
        if os.path.isdir(samples) else []
    if not pages:
        gz.skip("no samples/*.md yet")
    for page in pages:
        with open(os.path.join(samples, page), encoding="utf-8") as f:
            count = len(linked_entries(f.read())) or 1
        stem = page[:-3]
        rss, atom, _ = make_feeds([page], samples, os.path.join(tmp, stem))
        check_feed(rss, count, "rss20")
        check_feed(atom, count, "atom10")
    rss, atom, _ = make_feeds(["--feed-items", "pages"] + pages, samples, os.path.join(tmp, "all"))
    check_feed(rss, len(pages), "rss20")
    check_feed(atom, len(pages), "atom10")


CASES = {
    "news-valid": case_news_valid,
    "news-entries": case_news_entries,
    "posts-valid": case_posts_valid,
    "posts-order": case_posts_order,
    "limit": case_limit,
    "hostile": case_hostile,
    "no-url": case_no_url,
    "deterministic": case_deterministic,
    "seed": case_seed,
    "samples": case_samples,
}


if __name__ == "__main__":
    gz.cases(CASES)
