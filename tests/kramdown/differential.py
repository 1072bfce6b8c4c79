#!/usr/bin/env python3
"""differential.py kramdown|footnotes: gazette against an oracle.

kramdown:  small pages with IALs, ALDs and {::extensions}, converted by
           gazette (--fragment) and by kramdown 2.4 (`Kramdown::Document.new(
           text, input: 'GFM')`, Debian's ruby-kramdown), must give the same
           elements with the same attributes and text.  Both are normalised:
           whitespace collapsed, gazette's heading anchors and kramdown's
           <br /> for soft breaks (hard_wrap) left out, heading ids compared
           only where an IAL gave one.
footnotes: pages with footnotes must give byte for byte the HTML of
           `cmark-gfm -e footnotes` (GitHub's), but for the heading anchors.

Exits 77 when the oracle is not installed.
"""
import html.parser
import re
import shutil
import sys

import gztest as gz

KRAMDOWN_PAGES = {
    "block": "# Title\n{: #top .c}\n\npara\n{: .p}\n\nline one\nline two\n{: #two .pair}\n",
    "before": "para one\n\n{: .after-blank}\n\npara two\n\n{: .before}\npara three\n",
    "span": "![x](a.png){: .text-center width=\"300\"} *em*{: .e} [l](u){:#lid} "
            "`c`{: .k} **s**{:.b}\n",
    "ald": "{:ref: .r data-k=\"v\"}\n{:two: #x}\n\npara four\n{: ref two .own}\n",
    "list": "- a\n- b\n{: .items}\n\nbetween\n\n- a\n  - b\n{: .lazy}\n\n> q\n{: .qq}\n\n> q\n> {: .inq}\n",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n{: .tbl}\n",
    "code": "```\ncode\n```\n{: .listing}\n",
    "header": "## Heading {#hid}\n\n### Other\n{: #oid .x}\n",
    "comment": "{::comment}\nhidden *x*\n{:/comment}\n\ntext\n",
    "nomarkdown": "{::nomarkdown}\n<p class=\"raw\">kept <b>raw</b></p>\n{:/nomarkdown}\n\ntext\n",
    "options": "{::options parse_block_html=\"true\" /}\n\ntext\n",
    "zh": "## 标题\n{: .zh}\n\n中文段落，带属性。\n{: .lead}\n\n![图](a.png){: width=\"120\"}\n",
    # raw HTML before the first IAL: the pre-pass must still find the IAL
    "after-html": "<span>raw</span> and <b>more</b> <i>tags</i>\n\npara\n{: .later}\n",
}

FOOTNOTE_PAGES = {
    "basic": "Text[^1] and[^note] again[^1].\n\n[^1]: First note.\n[^note]: Second\n\n"
             "    para two.\n",
    "code": "a[^x]\n\n[^x]: para\n\n        code\n",
    "order": "b[^b] a[^a]\n\n[^a]: A.\n[^b]: B.\n",
    "lazy": "x[^1]\n\n[^1]: one line\ncontinued lazily.\n",
    "fenced": "```\n[^1]: not a note\n```\n\ny[^2]\n\n[^2]: note\n",
    "zh": "中文[^注]，再引一次[^注]。\n\n[^注]: 脚注正文。\n",
    # raw HTML before the first note: the pre-pass must still find the note
    "after-html": "<b>bold</b> <i>x</i> <s>y</s> text[^1].\n\n[^1]: The <em>note</em>.\n",
}

KRAMDOWN_RB = ("require 'kramdown'; require 'kramdown-parser-gfm'; "
               "print Kramdown::Document.new($stdin.read, input: 'GFM').to_html")


class Shape(html.parser.HTMLParser):
    """The elements and text of an HTML fragment, as a list of tokens."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skip or (tag == "a" and attrs.get("class") == "anchor"):
            self.skip += 1
            return
        if tag == "br":
            return
        if re.fullmatch(r"h[1-6]", tag) and "id" in attrs and not attrs.get("data-ial"):
            attrs.pop("id")     # automatic ids differ; IAL ids are checked below
        self.tokens.append(("<", tag, tuple(sorted(attrs.items()))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",) and not self.skip:
            self.tokens.append((">", tag))

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
            return
        if tag != "br":
            self.tokens.append((">", tag))

    def handle_data(self, data):
        if self.skip:
            return
        text = " ".join(data.split())
        if text:
            if self.tokens and self.tokens[-1][0] == "t":
                text = self.tokens.pop()[1] + " " + text
            self.tokens.append(("t", text))


def shape(text):
    p = Shape()
    p.feed(text)
    p.close()
    return p.tokens


def ial_ids(source):
    """The heading ids an IAL or {#id} gives, which must match exactly."""
    return set(re.findall(r"#([A-Za-z][\w:-]*)", " ".join(re.findall(r"\{[:#][^}]*\}", source))))


def kramdown():
    gz.need("ruby", why="kramdown is the oracle")
    probe = gz.command(["ruby", "-e", "require 'kramdown-parser-gfm'"])
    if probe.code != 0:
        gz.skip("needs ruby-kramdown (Debian) with its GFM parser")
    for name, source in KRAMDOWN_PAGES.items():
        ours = gz.run("-q", "-t", "html", "--fragment", "-", stdin=source)
        theirs = gz.command(["ruby", "-e", KRAMDOWN_RB], stdin=source)
        if not gz.check(f"{name}: both convert", ours.code == 0 and theirs.code == 0,
                        ours.err + theirs.err):
            continue
        a, b = shape(ours.out), shape(theirs.out)
        gz.check(f"{name}: the same elements, attributes and text", a == b,
                 f"gazette:  {a}\nkramdown: {b}")
        for ident in ial_ids(source):
            gz.check(f"{name}: id {ident} written", f'id="{ident}"' in ours.out, ours.out)


def footnotes():
    gz.need("cmark-gfm", why="cmark-gfm is GitHub's renderer")
    anchor = re.compile(r'<a class="anchor" href="[^"]*" aria-hidden="true" tabindex="-1">#</a>')
    for name, source in FOOTNOTE_PAGES.items():
        ours = gz.run("-q", "-t", "html", "--fragment", "-", stdin=source)
        theirs = gz.command(["cmark-gfm", "--unsafe", "-e", "footnotes", "-e", "table"], stdin=source)
        if not gz.check(f"{name}: both convert", ours.code == 0 and theirs.code == 0,
                        ours.err + theirs.err):
            continue
        mine = anchor.sub("", re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", ours.out))
        # cmark-gfm percent-encodes non-ASCII labels in ids; gazette keeps
        # them as UTF-8 (valid in HTML5) and percent-encodes only the hrefs.
        mine = re.sub(r'id="(fn(?:ref)?-)([^"]*)"',
                      lambda m: 'id="' + m.group(1) + re.sub(
                          r"[^\x00-\x7f]", lambda c: "".join(
                              f"%{b:02X}" for b in c.group().encode()), m.group(2)) + '"', mine)
        gz.check(f"{name}: the HTML of cmark-gfm -e footnotes",
                 mine.strip() == theirs.out.strip(), f"gazette:\n{mine}\ncmark-gfm:\n{theirs.out}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("kramdown", "footnotes"):
        sys.exit(__doc__)
    kramdown() if sys.argv[1] == "kramdown" else footnotes()
    gz.finish()
