#!/usr/bin/env python3
"""kramdown.py: markdown="1" as kramdown 2.4 reads it, kramdown as the oracle.

For each page in tests/rawhtml/kramdown/, gazette's HTML (--fragment) and
kramdown's (`Kramdown::Document.new(text, input: "GFM").to_html`, Debian's
ruby-kramdown) are reduced to their structure: elements with their classes,
and text with white space squeezed.  Heading ids and gazette's heading
anchors are left out (each tool names headings its own way).  The two must
be equal.  Skipped when ruby-kramdown is not installed."""
import html.parser
import re
import shutil

import gztest as gz

PAGES = gz.ROOT / "tests" / "rawhtml" / "kramdown"
KRAMDOWN = ('require "kramdown"; '
            'print Kramdown::Document.new($stdin.read, input: "GFM").to_html')


class Structure(html.parser.HTMLParser):
    """Elements (name and classes) and squeezed text, in document order."""

    def __init__(self):
        super().__init__()
        self.items = []
        self.skip = 0           # inside a heading anchor

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "anchor" in (a.get("class") or ""):
            self.skip += 1
            return
        if self.skip:
            return
        cls = " ".join(sorted((a.get("class") or "").split()))
        self.items.append(f"<{tag}{'.' + cls if cls else ''}>")

    def handle_endtag(self, tag):
        if self.skip:
            if tag == "a":
                self.skip -= 1
            return
        self.items.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data).strip()
        if text:
            if self.items and self.items[-1].startswith('"'):
                self.items[-1] = self.items[-1][:-1] + " " + text + '"'
            else:
                self.items.append(f'"{text}"')


def structure(markup):
    s = Structure()
    s.feed(markup)
    s.close()
    return s.items


def main():
    if not shutil.which("ruby"):
        gz.skip("ruby is not installed")
    probe = gz.command(["ruby", "-e", 'require "kramdown"'])
    if probe.code != 0:
        gz.skip("ruby-kramdown is not installed")
    pages = sorted(PAGES.glob("*.md"))
    gz.check("there are pages to compare", len(pages) >= 5, pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        ours = gz.run("-q", "--fragment", page)
        theirs = gz.command(["ruby", "-e", KRAMDOWN], stdin=text)
        if not gz.check(f"{page.name}: both convert", ours.code == 0 and theirs.code == 0,
                        ours.err + theirs.err):
            continue
        a, b = structure(ours.out), structure(theirs.out)
        gz.check(f"{page.name}: the structure is kramdown's", a == b,
                 f"\n    gazette:  {a}\n    kramdown: {b}")
    gz.finish()


main()
