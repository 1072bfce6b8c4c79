#!/usr/bin/env python3
"""A Jekyll or Hugo site given as a folder: every page is written where the
real generator writes it, feed links equal jekyll-feed's, static files and
bundle resources are copied, and every local link, image and feed entry of
the output resolves to a file in it.  Jekyll and Hugo (Debian packages) are
the oracles; without them these checks are skipped."""
import html.parser
import re
import shutil
import urllib.parse
from pathlib import Path

import gztest as gz
from gztest import check

# Jekyll and Hugo take the clock for "now" (future posts, drafts' dates);
# gazette takes SOURCE_DATE_EPOCH when set, so the comparisons run without it.
CLOCK = {"SOURCE_DATE_EPOCH": None}


def run(*args):
    return gz.run(*args, env=CLOCK, timeout=300)


def tool(*argv):
    return gz.command(argv, env=CLOCK, timeout=300)


def write(root, rel, text):
    gz.write(Path(root) / rel, text)


def page(front, body):
    return "---\n" + front + "\n---\n" + body + "\n"


def files(root, pattern="*"):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob(pattern) if p.is_file())


def make_png():
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\0" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = make_png()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if (tag, k) in (("a", "href"), ("img", "src"), ("link", "href")) and v:
                self.urls.append(v)


def dangling(out, base, skip=()):
    """Local URLs in the output's pages and feeds that name no file in it."""
    missing = []
    parsed = urllib.parse.urlparse(base)
    origin = f"{parsed.scheme}://{parsed.netloc}"
    prefix = parsed.path.rstrip("/")
    for rel in files(out):
        path = Path(out) / rel
        if rel.endswith(".html"):
            parser = Links()
            parser.feed(path.read_text())
            urls = parser.urls
        elif rel.endswith(".xml"):
            urls = re.findall(r'<link[^>]*href="([^"]+)"', path.read_text())
            urls += re.findall(r"<link>([^<]+)</link>", path.read_text())
        else:
            continue
        page_url = prefix + "/" + rel
        for u in urls:
            full = urllib.parse.urljoin(origin + page_url, u)
            parts = urllib.parse.urlparse(full)
            if full.startswith(base.rstrip("/")) or not parts.scheme:
                local = urllib.parse.unquote(parts.path)
                if not local.startswith(prefix + "/") and local != prefix:
                    continue
                local = local[len(prefix):].lstrip("/")
                target = Path(out) / local
                if local == "" or local.endswith("/"):
                    target = target / "index.html"
                elif not target.exists() and (Path(out) / (local + ".html")).exists():
                    target = Path(out) / (local + ".html")
                if not target.exists() and "/" + local not in skip:
                    missing.append(f"{rel}: {u}")
    return missing


tmp = gz.tmpdir()


def jekyll_site(root, config):
    write(root, "_config.yml", config)
    write(root, "_posts/2019-05-06-nvme.md", page("title: NVMe", "A post.\n\n![chart](/img/chart.png)\n\n"
          "![up](../../../../img/chart.png)\n\n[Home](/site/)"))
    write(root, "_posts/2019-05-07-cats.md", page("title: Cats\ncategories: [Release, News]", "cats"))
    write(root, "ja/news/_posts/2025-12-25-ruby-4-0-0-released.md", page("title: Ruby JA", "ja"))
    write(root, "zh_cn/news/_posts/2025-12-25-ruby-4-0-0-released.md", page("title: Ruby ZH", "中文"))
    write(root, "_posts/2020-01-01-own.md", page("title: Own\npermalink: /custom/own/", "own"))
    write(root, "_posts/2020-01-02-hidden.md", page("title: Hidden\npublished: false", "no"))
    write(root, "_posts/2020-01-03-slugged.md", page("title: Slug\nslug: other-name", "slug"))
    write(root, "about.md", page("title: About", "about"))
    write(root, "index.md", page("title: Home", "home"))
    write(root, "docs/index.md", page("title: Docs", "docs"))
    write(root, "docs/guide.markdown", page("title: Guide", "guide"))
    write(root, "noperm.md", page("title: X\npermalink: /plain", "plain"))
    write(root, "raw.md", "no front matter: copied\n")
    write(root, "img/chart.png", PNG)
    write(root, "_drafts/draft.md", page("title: Draft", "draft"))
    write(root, "_private/x.md", page("title: Private", "private"))
    write(root, "notes/skip.md", page("title: Skip", "excluded"))
    write(root, "_recipes/soup.md", page("title: Soup", "soup"))
    write(root, "_guides/setup/install.md", page("title: Install", "install"))
    write(root, "_hidden/secret.md", page("title: Secret", "not written"))


JEKYLL_CONFIGS = {
    "default": "title: Test\nurl: https://example.org\nbaseurl: /site\nplugins: [jekyll-feed]\n"
               "exclude: [notes]\nfeed:\n  categories: [release, Release, ja]\n"
               "collections:\n  recipes:\n    output: true\n    permalink: /r/:name/\n"
               "  guides:\n    output: true\n  hidden:\n    output: false\n",
    "pretty": "title: Test\nurl: https://example.org\nbaseurl: /site\npermalink: pretty\n"
              "plugins: [jekyll-feed]\nexclude: [notes]\n",
    "pattern": "title: Test\nurl: https://example.org\nbaseurl: /site\n"
               "permalink: /blog/:categories/:year/:title/\nplugins: [jekyll-feed]\nexclude: [notes]\n",
    "none": "title: Test\nurl: https://example.org\nbaseurl: /site\npermalink: none\n"
            "plugins: [jekyll-feed]\nexclude: [notes]\n",
}

if shutil.which("jekyll"):
    for name, config in JEKYLL_CONFIGS.items():
        root = tmp / f"jekyll-{name}"
        jekyll_site(root, config)
        ref = tmp / f"jekyll-{name}-ref"
        p = tool("jekyll", "build", "-q", "-s", root, "-d", ref)
        check(f"jekyll {name}: jekyll builds the site", p.code == 0, p.err)
        out = tmp / f"jekyll-{name}-out"
        code, _, err = run("-q", "-t", "html,atom", "-o", str(out), str(root))
        check(f"jekyll {name}: gazette builds the site", code == 0, err)
        # jekyll-feed writes a category's feed even when no post is in it;
        # gazette writes none (with a note).
        empty = [f for f in files(ref, "*.xml") if "<entry>" not in (ref / f).read_text()]
        check(f"jekyll {name}: the same files at the same places",
              files(out) == [f for f in files(ref) if f not in empty],
              f"\ngazette: {files(out)}\njekyll:  {files(ref)}")
        links = lambda f: sorted(re.findall(r'<link[^>]*rel="alternate"[^>]*href="([^"]+)"|'
                                            r'<link[^>]*href="([^"]+)"[^>]*rel="alternate"',
                                            f.read_text()))
        ours = sorted(a or b for a, b in links(out / "feed.xml"))
        theirs = sorted(a or b for a, b in links(ref / "feed.xml"))
        # jekyll-feed's list includes the site itself and only posts.
        posts = [u for u in theirs if u != "https://example.org/site/"]
        check(f"jekyll {name}: the feed's entries are jekyll-feed's: the posts alone",
              set(ours) - {"https://example.org/site/"} == set(posts), f"\ngazette: {ours}\njekyll:  {theirs}")
        for cat in (ref / "feed").glob("*.xml") if (ref / "feed").exists() else []:
            if f"feed/{cat.name}" in empty:
                continue
            ours = sorted(a or b for a, b in links(out / "feed" / cat.name))
            theirs = sorted(a or b for a, b in links(cat))
            check(f"jekyll {name}: feed/{cat.name} has jekyll-feed's entries",
                  set(ours) - {"https://example.org/site/"} == set(theirs) - {"https://example.org/site/"},
                  f"\ngazette: {ours}\njekyll:  {theirs}")
        ids = re.findall(r"<entry>.*?<id>([^<]+)</id>", (out / "feed.xml").read_text(), re.S)
        check(f"jekyll {name}: entry ids are unique across languages", len(ids) == len(set(ids)), ids)
        check(f"jekyll {name}: every local link, image and feed entry resolves",
              not dangling(out, "https://example.org/site"), dangling(out, "https://example.org/site"))

    # --drafts adds the draft where jekyll --drafts puts it.
    root = tmp / "jekyll-default"
    ref = tmp / "jekyll-drafts-ref"
    tool("jekyll", "build", "-q", "--drafts", "-s", root, "-d", ref)
    out = tmp / "jekyll-drafts-out"
    code, _, err = run("-q", "--drafts", "-t", "html,atom", "-o", str(out), str(root))
    drafts = [f for f in files(ref) if "draft" in f]
    check("jekyll --drafts: the draft where jekyll puts it (dated by its file)",
          code == 0 and drafts and set(drafts) <= set(files(out)), (drafts, files(out), err))
    ours = set(a or b for a, b in links(out / "feed.xml"))
    theirs = set(a or b for a, b in links(ref / "feed.xml"))
    check("jekyll --drafts: the feed lists the draft too, as jekyll-feed's",
          ours == theirs and any("draft" in u for u in ours), (sorted(ours), sorted(theirs)))
    write(root, "_posts/2999-01-01-later.md", page("title: Later", "later"))
    code, _, err = run("-t", "html", "-o", str(tmp / "future-out"), str(root))
    check("a post dated in the future is left out with a warning, as Jekyll does",
          "2999-01-01-later.md: warning: dated in the future: left out" in err
          and not list((tmp / "future-out").rglob("*later*")), err)
else:
    print("SKIP: jekyll is not installed (scripts/setup test installs it)")

# Output order: whatever the order of the inputs, the same tree.
root = tmp / "jekyll-default"
code1, _, _ = run("-q", "-o", str(tmp / "order1"), str(root / "_posts/2019-05-06-nvme.md"), str(root / "about.md"))
code2, _, _ = run("-q", "-o", str(tmp / "order2"), str(root / "about.md"), str(root / "_posts/2019-05-06-nvme.md"))
check("outputs mirror the inputs' common folder whatever their order",
      files(tmp / "order1") == files(tmp / "order2") == ["_posts/2019-05-06-nvme.html", "about.html"],
      (files(tmp / "order1"), files(tmp / "order2")))

# A PDF of a post whose images are written from the site's root and
# relative to the post's permalink: both embedded.
code, _, err = run("-t", "pdf", "-o", str(tmp / "post.pdf"), str(root / "_posts/2019-05-06-nvme.md"))
images = gz.command(["pdfimages", "-list", tmp / "post.pdf"])
check("a post's PDF embeds its site-root and permalink-relative images",
      code == 0 and "warning" not in err and len(images.out.strip().splitlines()) - 2 == 2,
      err + images.out)


def hugo_site(root):
    write(root, "config.toml", 'baseURL = "https://example.org/blog/"\nlanguageCode = "zh-CN"\n'
          'title = "测试"\n[params]\nauthor = "编辑部"\n[permalinks]\nnews = "/:year/:month/:slug/"\n')
    write(root, "layouts/_default/single.html", "SINGLE {{ .Content }}")
    write(root, "layouts/_default/list.html", "LIST {{ .Content }}")
    write(root, "content/posts/first-post.md", page('title: "First"\ndate: 2024-03-05', "首篇\n\n![pic](/img/s.png)"))
    write(root, "content/posts/Mixed-Case.md", page('title: "Mixed"\ndate: 2024-03-06', "mixed"))
    write(root, "content/posts/renamed.md", page('title: "Renamed"\ndate: 2024-03-07\nslug: new-name', "renamed"))
    write(root, "content/posts/bundle/index.md", page('title: "Bundle"\ndate: 2024-03-08', "![p](pic.png)"))
    write(root, "content/posts/bundle/pic.png", PNG)
    write(root, "content/news/hello.md", page('title: "Hello World"\ndate: 2024-04-01', "news"))
    write(root, "content/about.md", page('title: "About"', "about"))
    write(root, "content/moved.md", page('title: "Moved"\nurl: /elsewhere/moved/', "moved"))
    write(root, "content/posts/draft.md", page('title: "Draft"\ndraft: true', "draft"))
    write(root, "static/img/s.png", PNG)


if shutil.which("hugo"):
    root = tmp / "hugo"
    hugo_site(root)
    ref = tmp / "hugo-ref"
    p = tool("hugo", "--quiet", "-s", root, "-d", ref)
    check("hugo builds the site", p.code == 0, p.err)
    singles = [f for f in files(ref, "*.html") if (ref / f).read_text().startswith("SINGLE")]
    copied = [f for f in files(ref) if not f.endswith((".html", ".xml"))]
    out = tmp / "hugo-out"
    code, _, err = run("-q", "-t", "html,rss", "-o", str(out), str(root))
    check("hugo: gazette builds the site", code == 0, err)
    section_feeds = ["news/index.xml", "posts/index.xml"]
    for feed_file in section_feeds:
        ours = sorted(re.findall(r"<item>.*?<link>([^<]+)</link>", (out / feed_file).read_text(), re.S))
        theirs = sorted(re.findall(r"<item>.*?<link>([^<]+)</link>", (ref / feed_file).read_text(), re.S))
        check(f"hugo: {feed_file} has hugo's items", ours == theirs, f"\ngazette: {ours}\nhugo:    {theirs}")
    check("hugo: every page where hugo writes it, resources and static files copied",
          files(out) == sorted(singles + copied + ["index.xml"] + section_feeds),
          f"\ngazette: {files(out)}\nhugo:    {sorted(singles + copied)}")
    feed = (out / "index.xml").read_text()
    check("hugo: feed links under baseURL", "<link>https://example.org/blog/posts/first-post/</link>" in feed, feed)
    check("hugo: languageCode is the pages' language",
          '<html lang="zh-CN"' in (out / "posts/first-post/index.html").read_text())
    # Hugo's list pages (the home page, sections, taxonomies) come from a
    # theme's templates, which gazette does not run: the feed's link to the
    # home page is the one URL left to the theme.
    check("hugo: every local link, image and feed entry resolves",
          not dangling(out, "https://example.org/blog", skip=("/",)),
          dangling(out, "https://example.org/blog", skip=("/",)))
else:
    print("SKIP: hugo is not installed (scripts/setup test installs it)")

# One language, date and author per page: a page without lang whose text is
# CJK gets a warning naming the guess, and the guess as its language; a post
# shows its date (from its file name) and its own author, a page does not
# show the site's author as its byline.
lone = tmp / "lone"
write(lone, "_config.yml", "title: T\nauthor: Site Owner\n")
write(lone, "zh.md", "# 标题\n\n这是一段中文，没有写语言。\n")
write(lone, "_posts/2024-03-05-post.md", page("title: Post\nauthor: Poster", "text"))
code, out, err = run("-t", "html", "-o", tmp / "lone-out", lone / "zh.md", lone / "_posts/2024-03-05-post.md")
zh = (tmp / "lone-out/zh.html").read_text()
post = (tmp / "lone-out/_posts/2024-03-05-post.html").read_text()
check("CJK text without lang: a warning names the guess", "zh.md: warning: no lang: the text looks "
      "Chinese, so lang: zh is assumed" in err, err)
check("CJK text without lang: the guess is the page's language", '<html lang="zh">' in zh, zh[:200])
check("a page shows no byline of the site's author", "Site Owner" not in zh and "byline" not in zh.split("</style>")[1])
check("a post's byline: its file name's date and its own author",
      '<p class="byline"><time datetime="2024-03-05T00:00:00Z">5 March 2024</time> · Poster</p>' in post,
      post[-600:])

# A news page without a date: its entries take the file's time, with a warning.
write(lone, "news.md", "# News\n\n### [One](https://a.example/one)\n> one\n")
code, out, err = run("-t", "rss", "-o", tmp / "news.xml", lone / "news.md")
check("a feed dated by a file's modification time says so",
      "news.md: warning: no date: its feed items are dated by the file's modification time" in err, err)

# A missing image in a site's post: the warning names every place looked in.
write(lone, "_posts/2024-03-06-pic.md", page("title: Pic\nlang: en", "![gone](/img/gone.png)"))
code, out, err = run("-t", "pdf", "-o", tmp / "pic.pdf", lone / "_posts/2024-03-06-pic.md")
check("a missing image's warning names where the site's rules looked",
      "2024-03-06-pic.md:5: warning: image '/img/gone.png': No such file or directory (looked in "
      in err and "lone/img/gone.png" in err and "_posts/img/gone.png" in err, err)

# --incremental over a site: nothing again, then a changed page and its
# feed, then everything when the configuration changes.
inc = tmp / "inc-site"
shutil.copytree(tmp / "jekyll-default", inc)
written = lambda err: sorted(re.findall(r"(\S+): note: written", err))
run("-q", "--incremental", "-t", "html,atom", "-o", tmp / "inc-out", inc)
code, out, err = run("-v", "--incremental", "-t", "html,atom", "-o", tmp / "inc-out", inc)
check("--incremental over an unchanged site writes nothing", code == 0 and written(err) == [], err)
with open(inc / "about.md", "a") as f:
    f.write("\nmore\n")
code, out, err = run("-v", "--incremental", "-t", "html,atom", "-o", tmp / "inc-out", inc)
pages = [w for w in written(err) if w.endswith(".html")]
check("--incremental: a changed page rewrites it and the feed",
      [Path(w).name for w in pages] == ["about.html"]
      and any(w.endswith("/feed.xml") for w in written(err)), err)
with open(inc / "_config.yml", "a") as f:
    f.write("description: changed\n")
code, out, err = run("-v", "--incremental", "-t", "html,atom", "-o", tmp / "inc-out", inc)
check("--incremental: a changed configuration rewrites every page", len(written(err)) >= 10, err)

# A brochure of a whole site: its title, each page a chapter with its own.
root = tmp / "jekyll-default"
code, out, err = run("-q", "-t", "pdf", "--combine", "--set", "pdf.cover=true", "-o", tmp / "book", root)
info = gz.command(["pdfinfo", tmp / "book/combined.pdf"]).out
cover = gz.command(["pdftotext", "-l", "1", tmp / "book/combined.pdf", "-"]).out
outline = gz.command(["mutool", "show", tmp / "book/combined.pdf", "outline"]).out
check("a site's brochure: the site's title on the cover and in the metadata",
      code == 0 and "Title:           Test" in info and cover.split()[:1] == ["Test"], (code, err, info, cover))
check("a site's brochure: each page a chapter with its own title", "NVMe" in outline and "Cats" in outline,
      outline)
code, out, err = run("-q", "-t", "pdf", "--combine", "--set", "pdf.title=Handbook", "-o", tmp / "book2", root)
info = gz.command(["pdfinfo", tmp / "book2/combined.pdf"]).out
check("--set pdf.title names the brochure", code == 0 and "Title:           Handbook" in info, (err, info))

# A site's own feed.xml (a Liquid template) is written in place of gazette's
# Atom feed, as jekyll-feed leaves it, with a warning; --strict fails.  A
# page that is not Markdown with a Liquid error is not written: exit 1.
own = tmp / "own-feed"
write(own, "_config.yml", "title: Own\nurl: https://own.example.org\n")
write(own, "_posts/2024-01-02-p.md", page("title: P", "text"))
write(own, "feed.xml", "---\nlayout: null\n---\n<feed><title>{{ site.title }}</title></feed>\n")
code, out, err = run("-t", "html,atom", "-o", tmp / "own-out", own)
feed = (tmp / "own-out/feed.xml").read_text() if (tmp / "own-out/feed.xml").exists() else ""
check("a site's own feed.xml is written, with a warning",
      code == 0 and feed == "<feed><title>Own</title></feed>\n"
      and "feed.xml: warning: the site's own feed.xml is written, not gazette's atom feed" in err,
      (code, feed, err))
code, out, err = run("--strict", "-t", "html,atom", "-o", tmp / "own-strict", own)
check("the site's own feed.xml under --strict: exit 1", code == 1, (code, err))
write(own, "broken.html", "---\n---\n{% nosuchtag %}\n")
code, out, err = run("-t", "html", "-o", tmp / "own-broken", own)
check("a page that is not Markdown and does not render: exit 1, not written",
      code == 1 and "broken.html:3: error:" in err and not (tmp / "own-broken/broken.html").exists(),
      (code, err))

# A page that is not Markdown goes through Liquid; its layout only with
# --layouts, else a warning says it was left out.
lay = tmp / "liquid-page"
write(lay, "_config.yml", "title: Lay\n")
write(lay, "_layouts/default.html", "<main>{{ content }}</main>\n")
write(lay, "404.html", "---\nlayout: default\n---\n<h1>{{ site.title }}: not here</h1>\n")
write(lay, "index.md", page("title: Home", "home"))
code, out, err = run("-t", "html", "-o", tmp / "lay-out", lay)
check("a Liquid page without --layouts: its body, and a warning at its layout's line",
      code == 0 and (tmp / "lay-out/404.html").read_text() == "<h1>Lay: not here</h1>\n"
      and "404.html:2: warning: layout 'default' of " in err
      and "is applied only with --layouts" in err, (code, err))
code, out, err = run("--layouts", "-t", "html", "-o", tmp / "lay-out2", lay)
check("a Liquid page with --layouts: in its layout",
      code == 0 and (tmp / "lay-out2/404.html").read_text() == "<main><h1>Lay: not here</h1>\n</main>\n",
      (code, err, (tmp / "lay-out2/404.html").read_text()))

# Plugins gazette does not run are named, each at its line; jekyll-feed
# only when the run writes no Atom, jekyll-seo-tag never.
plug = tmp / "plugins"
write(plug, "_config.yml", "title: P\nplugins:\n  - jekyll-feed\n  - jekyll-sitemap\n"
      "  - jekyll-seo-tag\n  - jemoji\n")
write(plug, "_posts/2024-01-02-p.md", page("title: P", "text"))
code, out, err = run("-t", "html", "-o", tmp / "plug-out", plug)
check("plugins not run: a warning for each, at its line",
      code == 0 and "_config.yml:3: warning: jekyll-feed's feed.xml is not written" in err
      and "_config.yml:4: warning: plugin 'jekyll-sitemap' is not run" in err
      and "_config.yml:6: warning: plugin 'jemoji' is not run" in err
      and "jekyll-seo-tag" not in err, (code, err))
code, out, err = run("-t", "html,atom", "-o", tmp / "plug-out2", plug)
check("plugins: with Atom written, jekyll-feed is not named", code == 0 and "jekyll-feed" not in err
      and "jemoji" in err, err)

# A folder that is no site is refused with a clear message.
plain = tmp / "plain"
write(plain, "a.md", "# a\n")
code, _, err = run("-o", str(tmp / "plain-out"), str(plain))
check("a folder without a site configuration: usage error, and what to do",
      code == 2 and "no _config.yml" in err and "*.md" in err, (code, err))

gz.finish()
