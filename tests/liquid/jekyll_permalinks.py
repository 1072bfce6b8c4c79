#!/usr/bin/env python3
"""jekyll_permalinks.py: page URLs and output files against `jekyll build`.

One small site of posts and pages is built under each of Jekyll's permalink
styles and under patterns that use every placeholder Jekyll 4 knows (the
date's parts, ISO weeks, categories plain and slugified, slugs, `:name_`,
`..` and `./`).  A page lists `{{ p.url }}` of site.posts and site.pages:
gazette's Liquid (tests/liquid/liquid_run --page) must write what Jekyll
wrote, escapes included (`/tech%20news/`, `%E4%B8%AD`).  For two styles, the
HTML files gazette writes for the site (`gazette -t html -o OUT SITE`) must
be the files Jekyll wrote, named as the URLs decode; so must a collection's,
whose documents take their URLs from the collection's pattern.
"""
import os
import subprocess

import gztest as gz

RUN = os.environ.get("LIQUID_RUN", "build/tests/liquid/liquid_run")

FILES = {
    "_posts/2024-03-05-hello.md": "---\ntitle: Hello\ncategories: [Tech News, zh]\n---\nx\n",
    "_posts/2021-01-01-new-year.md": "---\ntitle: New\n---\nx\n",     # ISO week 53 of 2020
    "_posts/2024-12-30-year-end.md": "---\ntitle: End\n---\nx\n",     # ISO week 1 of 2025
    "blog/_posts/2023-07-09-folder-cat.md": "---\ntitle: Folder\n---\nx\n",
    "_posts/2022-06-15-timed.md": "---\ntitle: Timed\ndate: 2022-06-15 14:07:09 +0000\n---\nx\n",
    "_posts/2024-02-29-中文标题.md": "---\ntitle: 中文\n---\nx\n",
    "_posts/2024-05-01-Hello World.md": "---\ntitle: HW\n---\nx\n",
    "_posts/2024-05-02-given.md": "---\ntitle: Given\nslug: My Slug!\ncategory: Café Ünï\n---\nx\n",
    "news/_posts/2024-05-03-split.md": "---\ntitle: Split\ncategories: Alpha beta\n---\nx\n",
    "_posts/2024-05-04-listed.md":
        "---\ntitle: Listed\ncategories: [One Two, three]\ncategory: Four Five\n---\nx\n",
    "about.md": "---\ntitle: About\n---\nx\n",
    "docs/guide.md": "---\ntitle: Guide\n---\nx\n",
    "docs/index.md": "---\ntitle: Docs\n---\nx\n",
    # Files of other kinds keep their extension: feeds/index.xml, api/data.json.
    "feeds.xml": "---\npermalink: /feeds/\n---\n<feed>{{ site.title }}</feed>\n",
    "data.json": "---\npermalink: /api/data\n---\n{\"title\": \"{{ site.title }}\"}\n",
    "urls.html": "---\ntitle: urls\npermalink: /urls.html\n---\n"
                 "{% for p in site.posts %}{{ p.url }}\n{% endfor %}"
                 "{% for p in site.pages %}{{ p.url }}\n{% endfor %}",
}

STYLES = [
    "date", "pretty", "ordinal", "weekdate", "none",
    "/:year/:month/:day/:hour/:minute/:second/:title/",
    "/:w_year/W:week/:w_day/:long_day/:short_day/:title.html",
    "/:short_month/:long_month/:i_month/:i_day/:y_day/:short_year/:title:output_ext",
    "/:categories/:slugified_categories/:slug/:name/",
    "/blog/:year_:month/:title/",
    "/:year/../:title.html",
    "/x/./:title:output_ext",
    "/p/:path/:collection/",
]

# The styles whose output files are compared too: files, and folders of index.html.
FILE_STYLES = ["date", "pretty"]

# A collection written out, its documents' URLs from the collection's pattern:
# compared by the files written.
COLLECTION = {
    "_config.yml": "title: T\ntimezone: UTC\ncollections:\n  recipes:\n    output: true\n"
                   "    permalink: /:collection/:path/:title/:slug/:name:output_ext\n  team:\n"
                   "    output: false\n",
    "_recipes/sub/Soup Pot.md": "---\ntitle: Soup\n---\nx\n",
    "_recipes/茶.md": "---\ntitle: Tea\nslug: Green Tea!\n---\nx\n",
    "_recipes/bread.md": "---\ntitle: Bread\ndate: 2023-02-01\n---\nx\n",
    "_recipes/apple.md": "---\ntitle: Apple\ndate: 2023-05-01\n---\nx\n",
    "_team/ann.md": "---\nname: Ann\nrole: editor\n---\nAnn writes.\n",
    "_team/bo.md": "---\nname: Bo\nrole: author\n---\nBo draws.\n",
    "_posts/2024-03-05-hello.md": "---\ntitle: Hello\npermalink: /:collection/:title/\n---\nx\n",
    "index.md": "---\ntitle: Home\n---\nx\n",
    # Each collection's documents, in Jekyll's order; the team's are not written.
    "docs.html": "---\npermalink: /docs.html\n---\n"
                 "{% for d in site.recipes %}{{ d.url }}|{{ d.title }}|{{ d.collection }}\n{% endfor %}"
                 "{% for m in site.team %}{{ m.name }}|{{ m.role }}|{{ m.collection }}\n{% endfor %}"
                 "{{ site.pages | size }}\n",
}


def html_files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.suffix in (".html", ".xml", ".json"))


def main():
    gz.need("jekyll", why="Jekyll is the oracle")
    # Posts dated after SOURCE_DATE_EPOCH would be left out as future ones.
    env = {"TZ": "UTC", "LC_ALL": "C.UTF-8", "JEKYLL_ENV": "production", "SOURCE_DATE_EPOCH": None}
    for style in STYLES:
        tmp = gz.tmpdir()
        src = tmp / "src"
        for name, text in FILES.items():
            gz.write(src / name, text)
        gz.write(src / "_config.yml", f'title: T\ntimezone: UTC\npermalink: "{style}"\n')
        built = gz.command(["jekyll", "build", "--quiet", "-s", str(src), "-d", str(tmp / "jk")],
                           env=env, timeout=120)
        if not gz.check(f"{style}: jekyll builds the site", built.code == 0, built.err):
            continue
        want = (tmp / "jk" / "urls.html").read_text(encoding="utf-8")
        got = gz.command([RUN, "--page", str(src / "urls.html")], env=env, timeout=30)
        gz.check(f"{style}: every URL as Jekyll's", got.code == 0 and got.out == want,
                 f"jekyll:\n{want}gazette:\n{got.out}{got.err}")
        if style in FILE_STYLES:
            made = gz.run("-q", "-t", "html", "-o", str(tmp / "gz"), str(src), env=env)
            gz.check(f"{style}: gazette builds the site", made.code == 0, made.err)
            jk, ours = html_files(tmp / "jk"), html_files(tmp / "gz")
            gz.check(f"{style}: the files Jekyll writes", ours == jk,
                     f"jekyll: {jk}\ngazette: {ours}")
    tmp = gz.tmpdir()
    for name, text in COLLECTION.items():
        gz.write(tmp / "src" / name, text)
    built = gz.command(["jekyll", "build", "--quiet", "-s", str(tmp / "src"), "-d", str(tmp / "jk")],
                       env=env, timeout=120)
    if gz.check("a collection: jekyll builds the site", built.code == 0, built.err):
        made = gz.run("-q", "-t", "html", "-o", str(tmp / "gz"), str(tmp / "src"), env=env)
        jk, ours = html_files(tmp / "jk"), html_files(tmp / "gz")
        gz.check("a collection: the files Jekyll writes", made.code == 0 and ours == jk,
                 f"jekyll: {jk}\ngazette: {ours}\n{made.err}")
        want = (tmp / "jk" / "docs.html").read_text(encoding="utf-8")
        got = gz.command([RUN, "--page", str(tmp / "src" / "docs.html")], env=env, timeout=30)
        gz.check("a collection: site.LABEL lists its documents as Jekyll's",
                 got.code == 0 and got.out == want and "Ann|editor|team" in want,
                 f"jekyll:\n{want}gazette:\n{got.out}{got.err}")
    gz.finish()


if __name__ == "__main__":
    main()
