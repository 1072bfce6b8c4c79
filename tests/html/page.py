#!/usr/bin/env python3
"""The HTML page options through the program: escaping of title and
description, lang, title fallbacks, --safe, --template, --toc, feed
autodiscovery, the dialects, determinism."""
import gztest as gz
from gztest import check


def run(markdown, *args, quiet=True):
    """gazette ARGS on `markdown` from a file in an empty folder (no _config.yml)."""
    tmp = gz.tmpdir()
    page = gz.write(tmp / "page.md", markdown)
    return gz.run(*(["-q"] if quiet else []), *args, page, cwd=tmp)


def between(text, start, end):
    i = text.find(start)
    j = text.find(end, i + len(start))
    return text[i + len(start):j] if i >= 0 and j >= 0 else None


# Title and description are escaped, in <title> and in the attribute.
code, out, _ = run("---\ntitle: '<script>alert(\"x\")</script> & co'\n"
                   "description: 'say \"hi\" <b>'\n---\n\ntext\n")
check("exit 0", code == 0)
check("title escaped", "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>" in out,
      between(out, "<title>", "</title>"))
check("description escaped",
      '<meta name="description" content="say &quot;hi&quot; &lt;b&gt;">' in out)
check("no script anywhere", "<script" not in out)
check("front-matter title shown as heading", '<h1 class="page-title">&lt;script&gt;' in out)
check("generator", '<meta name="generator" content="gazette ' in out)
check("doctype first", out.startswith("<!DOCTYPE html>\n"))
check("charset and viewport", '<meta charset="utf-8">' in out and 'name="viewport"' in out)

# --set page.title reaches the page; --set title is the site's.
_, out, _ = run("text\n", "--set", "page.title=<i>Set</i>")
check("--set page.title", "<title>&lt;i&gt;Set&lt;/i&gt;</title>" in out)

# lang: mapped to BCP 47, omitted when unknown.
_, out, _ = run("---\nlang: cn\n---\n\n中文\n")
check("lang zh-CN", '<html lang="zh-CN">' in out)
_, out, _ = run("---\nlang: ja\n---\n\n日本語\n")
check("lang ja", '<html lang="ja">' in out)
_, out, _ = run("no language\n")
check("no lang attribute", "<html>\n" in out)

# Title fallbacks: page, site, first heading, file stem.
_, out, _ = run("---\ntitle: Page\n---\n\n# Heading\n", "--set", "title=Site")
check("page title first", "<title>Page</title>" in out)
_, out, _ = run("# Heading\n", "--set", "title=Site")
check("then the site title", "<title>Site</title>" in out)
_, out, _ = run("para\n\n## First *heading*\n\n# Second\n")
check("then the first heading", "<title>First heading</title>" in out)
_, out, _ = run("just text\n")
check("then the stem", "<title>page</title>" in out)
_, out, _ = run("text\n", "--set", "description=Site words")
check("site description", '<meta name="description" content="Site words">' in out)

# --safe drops raw HTML and dangerous links; without it they pass through.
md = ("<script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n\n"
      "inline <img src=x onerror=alert(1)> and [link](javascript:alert(1)) "
      "[v](VBScript:x) [d](data:text/html;base64,AAA) ![i](data:image/gif;base64,R0)\n")
_, out, _ = run(md, "--safe", "--fragment")
check("--safe: no script", "<script" not in out and "onerror" not in out and "onclick" not in out, out)
check("--safe: no javascript:", "javascript" not in out.lower() and "vbscript" not in out.lower(), out)
check("--safe: no data:text", "data:text" not in out, out)
check("--safe: link text kept", "and link v d" in out, out)
check("--safe: raster data image kept", '<img src="data:image/gif;base64,R0" alt="i" />' in out, out)
_, out, _ = run(md, "--fragment")
check("raw HTML passes without --safe", "<script>alert(1)</script>" in out
      and '<img src=x onerror=alert(1)>' in out, out)

# Dialects: GitHub has heading ids with a self link, CommonMark plain tags.
_, out, _ = run("## Hello World\n\n~~gone~~ www.example.com\n", "--fragment")
check("github heading", '<h2 id="hello-world"><a class="anchor" href="#hello-world" '
      'aria-hidden="true" tabindex="-1">#</a>Hello World</h2>' in out, out)
check("github strikethrough and autolink",
      '<del>gone</del> <a href="http://www.example.com">www.example.com</a>' in out, out)
_, out, _ = run("## Hello World\n\n~~gone~~ www.example.com\n", "--fragment",
                "--dialect", "commonmark")
check("commonmark heading", out == "<h2>Hello World</h2>\n<p>~~gone~~ www.example.com</p>\n", out)

# --toc: nested links to the heading ids, before the body.
md = "# Title\n\n## 第一章\n\n### 1.1 节\n\n#### deep\n\n## Second\n\n## 第一章\n"
_, out, _ = run(md + "", "--toc", "--set", "page.lang=zh-CN")
toc = between(out, '<nav class="toc">', "</nav>")
want = ('\n<p class="toc-title">目录</p>\n<ul>\n'
        '<li><a href="#%E7%AC%AC%E4%B8%80%E7%AB%A0">第一章</a>\n<ul>\n'
        '<li><a href="#11-%E8%8A%82">1.1 节</a></li>\n</ul>\n</li>\n'
        '<li><a href="#second">Second</a></li>\n'
        '<li><a href="#%E7%AC%AC%E4%B8%80%E7%AB%A0-1">第一章</a></li>\n</ul>\n')
check("toc nesting and ids", toc == want, repr(toc))
check("toc before the body", out.find('<nav class="toc">') < out.find('<h1 id="title">'))
check("toc targets exist", 'id="第一章"' in out and 'id="第一章-1"' in out and 'id="11-节"' in out)
_, out, _ = run("# A\n\n## B\n", "--toc", "--fragment", "--dialect", "commonmark")
check("toc under commonmark keeps ids", '<h2 id="b">B</h2>' in out and 'href="#b"' in out, out)

# Feed autodiscovery from the site URL.
_, out, _ = run("text\n", "--set", "url=https://example.org", "--set", "baseurl=/news/")
check("rss link", '<link rel="alternate" type="application/rss+xml" '
      'href="https://example.org/news/feed.xml">' in out, out[:800])
check("atom link", 'type="application/atom+xml" href="https://example.org/news/feed.atom">' in out)
_, out, _ = run("text\n")
check("no feed link without a URL", 'rel="alternate"' not in out)

# --template: variables, escaping, content and toc raw, undefined ones warned.
tmp = gz.tmpdir()
tpl = tmp / "t.html"
tpl.write_text('<html lang="{{ lang }}"><title>{{ page.title }}|{{ site.title }}</title>'
               "{{toc}}<main>{{ content }}</main>{{ page.author | escape }}{{ nothing }}"
               "</html>\n", encoding="utf-8")
code, out, err = run("---\ntitle: A & B\nauthor: <me>\nlang: ko\n---\n\n## 절\n\n*x*\n",
                     "--template", str(tpl), "--toc", "--set", "title=S<", quiet=False)
want = ('<html lang="ko"><title>A &amp; B|S&lt;</title><nav class="toc">\n'
        '<p class="toc-title">목차</p>\n<ul>\n<li><a href="#%EC%A0%88">절</a></li>\n'
        '</ul>\n</nav>\n<main><h2 id="절"><a class="anchor" href="#%EC%A0%88" '
        'aria-hidden="true" tabindex="-1">#</a>절</h2>\n<p><em>x</em></p>\n</main>&lt;me&gt;</html>\n')
check("template output", out == want, f"got  {out!r}\nwant {want!r}")
check("template: undefined variable warned", code == 0 and "undefined variable 'nothing'" in err, err)
# The same engine as page bodies: filters, tags, page.url and page.date.
tpl.write_text("{{ page.date | date: '%Y-%m-%d' }}|{{ page.url }}|{{ page.nope | default: 'd' }}|"
               "{% for t in page.tags %}<b>{{ t | upcase }}</b>{% endfor %}|"
               "{% if page.tags contains 'x<' %}yes{% endif %}|"
               "{{ content | strip_html | strip | truncate: 6 }}|{{ title | size }}\n",
               encoding="utf-8")
code, out, err = run("---\ntitle: T&\ndate: 2024-03-05\ntags: [a, x<]\n---\n\nabc def ghi\n",
                     "--template", tpl, quiet=False)
want = "2024-03-05|/page.html|d|<b>A</b><b>X&lt;</b>|yes|abc...|2\n"
check("template filters and tags", out == want and code == 0 and not err,
      f"got  {out!r} {err}\nwant {want!r}")
tpl.write_text("a\n{% if x %}", encoding="utf-8")
code, out, err = run("x\n", "--template", tpl)
check("an unclosed tag in a template is an error at its line",
      code == 1 and "t.html:2: error: Liquid syntax error: 'if' tag was never closed" in err,
      err)
code, out, err = run("x\n", "--template", tmp / "missing.html")
check("missing template is an error naming it",
      code != 0 and "missing.html" in err and "No such file" in err, err)

# Byte-identical output from two runs.
md = (gz.ROOT / "tests/html/pages/zh-features.md").read_text(encoding="utf-8")
a = run(md, "--toc")[1]
b = run(md, "--toc")[1]
check("deterministic", a == b and len(a) > 1000)

gz.finish()
