#!/usr/bin/env python3
"""cli_test.py: front matter, site configuration, --set and Liquid through the program."""

import gztest as gz
from gztest import check, write


def run(folder, *args):
    """Runs gazette in `folder`; returns (exit code, stdout, stderr)."""
    return gz.run(*args, cwd=folder)


def expect(what, result, code, out=(), err=(), no_err=()):
    """Checks the exit code and that each string appears in stdout / stderr."""
    rc, stdout, stderr = result
    detail = f"  exit {rc}\n  stdout:\n{stdout}\n  stderr:\n{stderr}"
    check(f"{what}: exit {code}", rc == code, detail)
    for s in out:
        check(f"{what}: stdout has {s!r}", s in stdout, detail)
    for s in err:
        check(f"{what}: stderr has {s!r}", s in stderr, detail)
    for s in no_err:
        check(f"{what}: stderr lacks {s!r}", s not in stderr, detail)


PAGE = """---
title: "用户案例"
lang: cn
---

# {{ page.title }}

[home]({{ site.url }}{{ site.baseurl }}/news) [rel]({{ "/a/" | relative_url }})
[abs]({{ "feed.xml" | absolute_url }})
"""

top = gz.tmpdir()
# The nearest _config.yml, from a sub-folder.
write(top / "_config.yml", "url: https://config.example\nbaseurl: /b\n")
write(top / "news/page.md", PAGE)
expect("config", run(top, "-t", "tree", "news/page.md"), 0,
       out=['lang zh-CN\n', 'heading @6 level=1', 'text "用户案例"',
            'link url="https://config.example/b/news"', 'link url="/b/a/"',
            'link url="https://config.example/b/feed.xml"'],
       no_err=["warning"])

# --set overrides the configuration, for site and page keys.
expect("--set", run(top, "-t", "tree", "--set", "url=https://set.example",
                    "--set", "site.baseurl=", "--set", "page.title=Set", "news/page.md"), 0,
       out=['link url="https://set.example/news"', 'link url="/a/"', 'text "Set"'])

# --config names another file; no _config.yml at all works too.
write(top / "other.yml", "---\nurl: https://other.example # comment\nbaseurl: ''\n")
expect("--config", run(top, "-t", "tree", "--config", "other.yml", "news/page.md"), 0,
       out=['link url="https://other.example/news"'])

# A broken configuration stops the input, naming its line and column.
write(top / "bad.yml", "url: x\n\tbaseurl: /b\n")
expect("bad config", run(top, "-t", "tree", "--config", "bad.yml", "news/page.md"), 1,
       err=["bad.yml:2: error: column 1: found a tab character that violates indentation",
            "YAML indents with spaces, not tabs"])

top = gz.tmpdir()
write(top / "list.md", "---\n- a\n- b\n---\n\ntext\n")
expect("list front matter", run(top, "-t", "tree", "list.md"), 1,
       err=["list.md:2: error: front matter must be a mapping of keys to values"])

write(top / "alias.md", "---\na: &x [1]\nb: *x\n---\n")
expect("alias", run(top, "-t", "tree", "alias.md"), 1,
       err=["alias.md:3: error: column 4: aliases ('*x') are not supported"])

write(top / "yaml.md", "---\ntitle: ok\nsummary: a: b\n---\n")
expect("YAML error", run(top, "-t", "tree", "yaml.md"), 1,
       err=["yaml.md:3: error: column 11: mapping values are not allowed"])

write(top / "open.md", "---\ntitle: x\n\n# Heading\n")
expect("unterminated", run(top, "-t", "tree", "open.md"), 0,
       out=["heading @4 level=1"],
       err=["open.md:1: warning: the front matter that '---' opens here is never closed"])

# CRLF and a BOM keep file lines right.
write(top / "crlf.md", b"\xef\xbb\xbf---\r\nlang: zh_tw\r\n...\r\n\r\n## {{ page.lang }}\r\n")
expect("CRLF", run(top, "-t", "tree", "crlf.md"), 0,
       out=["lang zh-TW\n", "heading @5 level=2", 'text "zh_tw"'])

# An undefined variable: a warning with its file line; an error under --strict.
write(top / "undef.md", "---\ntitle: t\n---\n\n[news]({{ baseurl_rel }}/news)\n")
message = ("undef.md:5: warning: undefined variable 'baseurl_rel'; it expands to nothing")
expect("undefined", run(top, "-t", "tree", "undef.md"), 0,
       out=['link url="/news"'], err=[message])
expect("undefined --strict", run(top, "-t", "tree", "--strict", "undef.md"), 1,
       err=["undef.md:5: error: undefined variable 'baseurl_rel'"])
expect("defined by --set", run(top, "-t", "tree", "--strict",
                               "--set", "baseurl_rel=/x", "undef.md"), 0,
       out=['link url="/x/news"'])

# raw is kept verbatim; tags run; an unknown tag is an error naming its line.
write(top / "raw.md", "{% raw %}`{{ x }}`{% endraw %}\n\n{% if true %}*y*{% endif %}\n")
expect("raw", run(top, "-t", "tree", "raw.md"), 0,
       out=['code "{{ x }}"', 'emphasis'])
write(top / "bad.md", "x\n\n{% frobnicate %}\n")
expect("unknown tag", run(top, "-t", "tree", "bad.md"), 1,
       err=["bad.md:3: error: Liquid syntax error: unknown tag 'frobnicate'"])

gz.finish()
