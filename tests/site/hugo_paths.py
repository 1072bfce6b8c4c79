#!/usr/bin/env python3
"""hugo_paths.py: where a Hugo site's pages are written, against `hugo`.

Content files and slugs with spaces, punctuation, capitals and CJK, a leaf
bundle, and a section under [permalinks], built by Hugo and by gazette
(`-t html,rss`).  Each single page Hugo writes (its layout prints the
page's RelPermalink) must be a file gazette writes at the same place, and
gazette's RSS items must link to Hugo's RelPermalinks, escapes included
(`%E4%B8%AD`).  Hugo's list and taxonomy pages, which gazette does not make,
are left out.
"""
import re
from pathlib import Path

import gztest as gz

CONTENT = {
    "posts/中文 标题.md": "---\ntitle: \"中文\"\ndate: 2024-01-02\n---\nx\n",
    "posts/Hello World!.md": "---\ntitle: \"HW\"\ndate: 2024-01-03\n---\nx\n",
    "posts/slugged.md": "---\ntitle: \"S\"\ndate: 2024-01-04\nslug: My Slug?\n---\nx\n",
    "posts/bundle one/index.md": "---\ntitle: \"B\"\ndate: 2024-01-05\n---\nx\n",
    "posts/a_b.c.md": "---\ntitle: \"Dots\"\ndate: 2024-01-06\n---\nx\n",
    "docs/Guide Page.md": "---\ntitle: \"G\"\ndate: 2024-01-07\n---\nx\n",
    "news/Über uns.md": "---\ntitle: \"Über Uns\"\ndate: 2024-01-08\n---\nx\n",
    "about.md": "---\ntitle: \"About\"\ndate: 2024-01-09\n---\nx\n",
}

CONFIGS = {
    "content paths": "",
    "permalinks": '[permalinks]\n  news = "/:year/:month/:title/"\n',
}


# Both take the clock for "now" (future pages are left out), so without
# SOURCE_DATE_EPOCH, which the test suite sets.
CLOCK = {"SOURCE_DATE_EPOCH": None}


def main():
    gz.need("hugo", why="Hugo is the oracle")
    for name, extra in CONFIGS.items():
        site = gz.tmpdir()
        for rel, text in CONTENT.items():
            gz.write(site / "content" / rel, text)
        gz.write(site / "hugo.toml", 'disableKinds = ["taxonomy", "term", "sitemap"]\n'
                 'baseURL = "https://example.org/"\ntitle = "T"\n' + extra)
        gz.write(site / "layouts/_default/single.html", "{{ .RelPermalink }}")
        gz.write(site / "layouts/_default/list.html", "list")
        built = gz.command(["hugo", "--quiet", "-s", site, "-d", site / "hugo-out"], env=CLOCK)
        if not gz.check(f"{name}: hugo builds the site", built.code == 0, built.err):
            continue
        singles = {}
        for f in sorted((site / "hugo-out").rglob("index.html")):
            text = f.read_text(encoding="utf-8")
            if text.startswith("/"):
                singles[str(f.relative_to(site / "hugo-out"))] = text
        made = gz.run("-q", "-t", "html,rss", "-o", site / "gz-out", site, env=CLOCK)
        gz.check(f"{name}: gazette builds the site", made.code == 0, made.err)
        ours = sorted(str(p.relative_to(site / "gz-out")) for p in (site / "gz-out").rglob("*.html"))
        gz.check(f"{name}: each page where Hugo writes it", ours == sorted(singles),
                 f"hugo: {sorted(singles)}\ngazette: {ours}")
        feed = (site / "gz-out/index.xml").read_text(encoding="utf-8") \
            if (site / "gz-out/index.xml").exists() else ""
        links = sorted(re.findall(r"<item>.*?<link>https://example\.org([^<]*)</link>", feed, re.S))
        gz.check(f"{name}: the feed links to Hugo's RelPermalinks",
                 links == sorted(singles.values()), f"hugo: {sorted(singles.values())}\n"
                 f"gazette: {links}")
    gz.finish()


if __name__ == "__main__":
    main()
