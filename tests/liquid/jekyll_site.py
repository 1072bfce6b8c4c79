#!/usr/bin/env python3
"""jekyll_site.py: a small Jekyll site rendered by `jekyll build` and by gazette's Liquid.

The site has _data (YAML, JSON, CSV), _includes, posts in _posts and in
zh_cn/news/_posts, pages and a static file.  Its test pages are .html files, so
Jekyll applies Liquid only (no Markdown, no layout); each must come out of
gazette (tests/liquid/liquid_run --page) byte for byte as Jekyll wrote it.  Then
the same release page as Markdown through the gazette program: the download list
is a list of links with their checksums.  Self-contained: python3 and jekyll.
"""
import os
import shutil
import subprocess
import sys
import tempfile

RUN = os.environ.get("LIQUID_RUN", "build/tests/liquid/liquid_run")
GAZETTE = os.environ.get("GAZETTE", "build/gazette")

FILES = {
    "_config.yml": "title: Ruby\nurl: https://www.example.org\nbaseurl: /blog\n"
                   "permalink: pretty\ntimezone: UTC\n",
    "_data/releases.yml": """\
- version: "3.4.1"
  series: "3.4"
  date: "2025-12-25"
  url: https://cache.example.org/ruby-3.4.1.tar.gz
  sha256: 3d385e5d22d368b064c817a13ed8e3cc3f71a7705d7ed1bae78013c33aa7c87f
- version: "3.3.12"
  series: "3.3"
  date: "2026-04-21"
  url: https://cache.example.org/ruby-3.3.12.tar.gz
  sha256: 8f8c6d6d9e4f1b9e4c4b6c0a1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6
- version: "3.2.9"
  series: "3.2"
  date: "2025-07-24"
  url: https://cache.example.org/ruby-3.2.9.tar.gz
""",
    "_data/team/members.json": '[{"name": "Ann", "age": 31, "langs": ["ja", "en"]},'
                               ' {"name": "Bo", "age": 25}, {"name": "Cid", "age": 40}]\n',
    "_data/links.csv": 'title,href\nDocs,/docs/\n"Say ""hi""",/hi/\n',
    "_includes/note.html": "<aside class=\"{{ include.kind | default: 'note' }}\">"
                           "{{ include.text | upcase }} {{ include.n | plus: 1 }}</aside>",
    "_includes/list.html": "{% for x in include.items %}[{{ x }}]{% endfor %}",
    "_posts/2024-03-05-hello.md": "---\ntitle: Hello\n---\nHello.\n",
    "zh_cn/news/_posts/2026-04-21-erb-cve-2026-41316.md":
        "---\ntitle: CVE\nlang: zh_cn\n---\n内容\n",
    "about.md": "---\ntitle: About\n---\nAbout.\n",
    "docs/guide.md": "---\ntitle: Guide\npermalink: /guide/here/\n---\nGuide.\n",
    "assets/x.css": "body {}\n",
    "releases.html": """\
---
title: Releases
---
{% assign release = site.data.releases | where: "version", "3.3.12" | first -%}
Ruby {{ release.version }} ({{ release.date | date: "%B %-d, %Y" }})
{% for r in site.data.releases -%}
* [{{ r.version }}]({{ r.url }}){% if r.sha256 %} SHA256: `{{ r.sha256 | slice: 0, 12 }}`{% endif %}
{% endfor -%}
{{ site.data.releases | map: "version" | jsonify }}
{{ site.data.releases | sort: "date" | map: "version" | join: " " }}
{{ site.data.releases | group_by: "series" | map: "name" | join: " " }}
{{ site.data.team.members | where_exp: "m", "m.age > 30" | map: "name" | array_to_sentence_string }}
{{ site.data.team.members[0].langs | join: "/" }} {{ site.data.links | map: "title" | join: "," }}
{{ site.data.links[1].href }} {{ site.data.releases | where: "series", "3.9" | size }}
""",
    "links.html": """\
---
title: Links
---
[CVE]({% link zh_cn/news/_posts/2026-04-21-erb-cve-2026-41316.md %})
{% link about.md %} {% link docs/guide.md %} {% link assets/x.css %}
{% post_url 2024-03-05-hello %} {% post_url 2026-04-21-erb-cve-2026-41316 %}
{{ page.url }} {{ "/a/b.html" | relative_url }} {{ "x" | absolute_url }} {{ site.baseurl }}
""",
    "filters.html": """\
---
title: "Filters & <more>"
tags: [b, a]
n: 3
---
{{ "Hello World, 你好！" | slugify }} {{ "a.b c" | slugify: "pretty" }} {{ "A b" | slugify: "raw" }}
{{ page.title | xml_escape }} {{ "a b&c" | cgi_escape }} {{ "/a b/é" | uri_escape }}
{{ "one two three" | number_of_words }} {{ "你好 world" | number_of_words: "cjk" }}
{{ "2024-03-05 10:00:00 +0000" | date_to_xmlschema }} {{ "2024-03-05" | date_to_string }}
{{ "2024-03-01" | date_to_long_string: "ordinal", "US" }} {{ "2024-03-22" | date_to_string: "ordinal" }}
{{ page.tags | array_to_sentence_string: "or" }}
{% include note.html text="careful" n=page.n %} {% include note.html kind="warn" text=page.title n=1 %}
{% include list.html items=page.tags %}
{{ "  a \\n b  " | normalize_whitespace }}|{{ page.tags | push: "c" | join }} {{ "**b**" | markdownify }}
{{ site.title }} {{ page.n | plus: 1 }} {% if page.n >= 3 %}ge{% endif %}
{{ page.content | size }} {{ page.content | number_of_words }}
""",
    "zh_cn/news/_posts/2026-04-22-page.html": """\
---
title: Post
category: extra
---
{{ page.url }} {{ page.date }} {{ page.categories | join: "," }} {{ page.date | date: "%Y年%-m月%-d日" }}
""",
}

PAGES = {
    "releases.html": "releases/index.html",
    "links.html": "links/index.html",
    "filters.html": "filters/index.html",
    "zh_cn/news/_posts/2026-04-22-page.html": "zh_cn/news/extra/2026/04/22/page/index.html",
}


def main():
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", JEKYLL_ENV="production")
    env.pop("SOURCE_DATE_EPOCH", None)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        for name, text in FILES.items():
            path = os.path.join(src, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        site = os.path.join(tmp, "site")
        if shutil.which("jekyll"):
            built = subprocess.run(["jekyll", "build", "--quiet", "-s", src, "-d", site],
                                   capture_output=True, env=env, timeout=120)
            if built.returncode != 0:
                print("jekyll build failed:", built.stderr.decode(errors="replace"))
                return 1
        else:
            print("jekyll is not installed: comparing with gazette only")
        for page, out in PAGES.items():
            got = subprocess.run([RUN, "--page", os.path.join(src, page)], capture_output=True,
                                 env=env, timeout=30)
            text = got.stdout.decode("utf-8", errors="replace")
            if got.returncode != 0:
                failed += 1
                print(f"FAIL {page}: gazette refused it: {got.stderr.decode(errors='replace')}")
                continue
            if not os.path.isdir(site):
                continue
            with open(os.path.join(site, out), encoding="utf-8") as f:
                want = f.read()
            if text != want:
                failed += 1
                print(f"FAIL {page}:\n--- jekyll\n{want}--- gazette\n{text}---")
            else:
                print(f"ok {page}")
        # The release page in Markdown, through the program: links and checksums, no Liquid left.
        md = os.path.join(src, "news.md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(FILES["releases.html"].replace("title: Releases", "title: News") +
                    "\nSee [the CVE]({% link zh_cn/news/_posts/2026-04-21-erb-cve-2026-41316.md %})"
                    " and [hello]({% post_url 2024-03-05-hello %}).\n")
        run = subprocess.run([GAZETTE, "-t", "html", "--fragment", md], capture_output=True,
                             env=env, timeout=30)
        html = run.stdout.decode("utf-8", errors="replace")
        checks = [
            ("exit 0, no messages", run.returncode == 0 and not run.stderr),
            ("no Liquid left", "{%" not in html and "{{" not in html),
            ("a download link", '<a href="https://cache.example.org/ruby-3.3.12.tar.gz">3.3.12</a>'
             in html),
            ("its checksum", "SHA256: <code>8f8c6d6d9e4f</code>" in html),
            ("the release's date", "Ruby 3.3.12 (April 21, 2026)" in html),
            ("link tag", '<a href="/blog/zh_cn/news/2026/04/21/erb-cve-2026-41316/">the CVE</a>'
             in html),
            ("post_url tag", '<a href="/blog/2024/03/05/hello/">hello</a>' in html),
        ]
        for name, ok in checks:
            if not ok:
                failed += 1
                print(f"FAIL markdown page: {name}\n{run.stderr.decode(errors='replace')}{html}")
    print(f"{failed} failed" if failed else "all pages render as Jekyll renders them")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
