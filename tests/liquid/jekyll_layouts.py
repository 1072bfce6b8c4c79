#!/usr/bin/env python3
"""jekyll_layouts.py: a Jekyll site with layouts, built by `jekyll build` and by
`gazette --layouts`, page by page compared as normalized HTML.

The site sets its posts' layout through `defaults:`; the `post` layout sits in the
`default` one, which calls jekyll-seo-tag's {% seo %} and jekyll-feed's
{% feed_meta %}; the home page lists site.posts with their URLs, titles, dates,
categories, tags and excerpts.  The generator line is the one expected difference
(gazette names itself).  Then a page alone (not the whole folder) gives the same
page, and a missing layout and a layout cycle fail with file:line.  Jekyll and its
two plugins (Debian packages) are the oracle; without them the test is skipped.
The site's pages that are not Markdown (404.html, an .html page, sitemap.xml)
go through Liquid and their layouts as Jekyll's do.
Last, a .scss with front matter is not compiled: one warning, the .css copied.
"""
import re
import shutil
from pathlib import Path

import gztest as gz
from gztest import check

GEMS = Path("/usr/share/rubygems-integration/all/gems")

FILES = {
    "_config.yml": """\
title: Field Notes
description: Notes from the field
url: https://notes.example.org
baseurl: /field
author: Ann Lee
timezone: UTC
plugins: [jekyll-seo-tag, jekyll-feed]
defaults:
  - scope: {path: ""}
    values: {layout: default}
  - scope: {path: "", type: posts}
    values: {layout: post, lang: en-GB}
""",
    "_layouts/default.html": """\
---
shell: plain
---
<!DOCTYPE html>
<html lang="{{ page.lang | default: "en" }}">
<head>
{%- seo %}
{% feed_meta %}
</head>
<body class="{{ layout.shell }} {{ layout.kind | default: "page" }}">
{{ content }}
<footer>{{ site.title | escape }} {{ site.time | date: "%Y" | size }}</footer>
</body>
</html>
""",
    "_layouts/post.html": """\
---
layout: default
kind: post
---
<article>
<h1>{{ page.title | escape }}</h1>
<p class="meta">{{ page.date | date: "%B %-d, %Y" }} {{ page.categories | join: "/" }}
{% for t in page.tags %}#{{ t }} {% endfor %}</p>
{{ content }}
</article>
""",
    "_posts/2024-03-05-first-steps.md": """\
---
title: First steps
tags: [walk, rain]
---
We walked out in the rain.

Then we came back.
""",
    "travel/_posts/2024-05-01-by-train.md": """\
---
title: By train
description: A short trip, with a long wait
---
The train was late.
""",
    "_posts/2024-05-01-untitled-day.md": "---\n---\nNothing happened.\n",
    "about.md": "---\ntitle: About\npermalink: /about/\n---\nWho we are.\n",
    # Pages that are not Markdown: Liquid, then the layout (the site's default).
    "404.html": "---\ntitle: Not found\npermalink: /404.html\n---\n"
                "<h1>{{ page.title }}</h1>\n<p>{{ site.title }} has no {{ page.url }} page.</p>\n",
    "contact.html": "---\ntitle: Contact\n---\n<p>Write to {{ site.author }}.</p>\n",
    "sitemap.xml": "---\nlayout: null\n---\n<urlset>{% for post in site.posts %}"
                   "<url><loc>{{ site.url }}{{ site.baseurl }}{{ post.url }}</loc></url>"
                   "{% endfor %}</urlset>\n",
    "index.md": """\
---
title: Home
---
<ul>
{%- for post in site.posts %}
<li><a href="{{ post.url | relative_url }}">{{ post.title }}</a> {{ post.date | date: "%Y-%m-%d" }} [{{ post.categories | join: "," }}] [{{ post.tags | join: "," }}] {{ post.excerpt | strip_html | strip }}</li>
{%- endfor %}
</ul>

{{ site.posts | size }} posts; {{ site.tags.walk | map: "title" | join: "," }}; {{ site.categories.travel.first.url }}
""",
}

PAGES = {
    "index.md": "index.html",
    "about.md": "about/index.html",
    "_posts/2024-03-05-first-steps.md": "2024/03/05/first-steps.html",
    "travel/_posts/2024-05-01-by-train.md": "travel/2024/05/01/by-train.html",
    "_posts/2024-05-01-untitled-day.md": "2024/05/01/untitled-day.html",
    "404.html": "404.html",
    "contact.html": "contact.html",
    "sitemap.xml": "sitemap.xml",
}


def normalized(html):
    """Markup with the generator's name and the space between tags taken out."""
    html = re.sub(r'<meta name="generator" content="[^"]*" />', "<generator>", html)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html).strip()


def main():
    gz.need("jekyll", why="the oracle")
    for gem in ("jekyll-seo-tag", "jekyll-feed"):
        if not list(GEMS.glob(gem + "-*")):
            gz.skip(f"{gem} is not installed (Debian's ruby-{gem})")
    src, site, out = gz.tmpdir(), gz.tmpdir(), gz.tmpdir()
    for name, text in FILES.items():
        gz.write(src / name, text)
    clock = {"SOURCE_DATE_EPOCH": None, "TZ": "UTC", "JEKYLL_ENV": "production"}
    built = gz.command(["jekyll", "build", "--quiet", "-s", src, "-d", site], env=clock)
    if not check("jekyll builds the site", built.code == 0, built.err):
        gz.finish()
    r = gz.run("--layouts", "-t", "html,atom", src, "-o", out, env=clock)
    check("gazette converts the site", r.code == 0, r.err)
    check("no messages", not r.err.strip(), r.err)
    for page, html in PAGES.items():
        want = normalized((site / html).read_text(encoding="utf-8"))
        got_path = out / html
        got = normalized(got_path.read_text(encoding="utf-8")) if got_path.exists() else ""
        check(f"{html} as Jekyll writes it", got == want, f"\n--- jekyll\n{want}\n--- gazette\n{got}")
    # The oracle's output has what the test is about, so that a page of nothing
    # could not pass.
    index = (site / "index.html").read_text(encoding="utf-8")
    check("the listing is in the page", '<a href="/field/travel/2024/05/01/by-train.html">By train'
          in index and "Untitled Day" in index, index)
    check("the seo tag ran", '<meta property="og:type" content="article" />' in
          (site / PAGES["_posts/2024-03-05-first-steps.md"]).read_text(encoding="utf-8"))

    # One page given alone is converted in its site's context: the same page.
    alone = gz.run("--layouts", src / "_posts/2024-03-05-first-steps.md", env=clock)
    check("a post alone", alone.code == 0 and normalized(alone.out) ==
          normalized((out / PAGES["_posts/2024-03-05-first-steps.md"]).read_text("utf-8")),
          alone.err + alone.out)
    # Without --layouts, gazette's own page.
    plain = gz.run(src / "about.md", env=clock)
    check("without --layouts, no layout", plain.code == 0 and "<footer>" not in plain.out
          and "<main>" in plain.out, plain.out)

    # --fragment: the body alone, no layout.
    frag = gz.run("--layouts", "--fragment", src / "about.md", env=clock)
    check("--fragment without layouts", frag.code == 0 and frag.out.strip() ==
          "<p>Who we are.</p>", frag.out)

    # A missing layout: the page's line that names it, and where it was looked for.
    gz.write(src / "missing.md", "---\ntitle: M\nlayout: nowhere\n---\nx\n")
    r = gz.run("--layouts", src / "missing.md")
    check("a missing layout fails", r.code == 1 and "missing.md:3: error: layout 'nowhere' not "
          "found" in r.err and "_layouts/nowhere.html" in r.err, r.err)
    # A cycle: post -> default -> post.
    (src / "missing.md").unlink()
    gz.write(src / "_layouts/loop.html", "---\nlayout: loop2\n---\n{{ content }}")
    gz.write(src / "_layouts/loop2.html", "---\nlayout: loop\n---\n{{ content }}")
    gz.write(src / "cycle.md", "---\nlayout: loop\n---\nx\n")
    r = gz.run("--layouts", src / "cycle.md")
    check("a layout cycle fails", r.code == 1 and "loop2.html:2: error: layout 'loop' is inside "
          "itself" in r.err, r.err)

    # Sass is not compiled: one warning for the site, the .css copied as it is.
    (src / "cycle.md").unlink()
    for name in ("main", "print"):
        gz.write(src / f"assets/{name}.scss", "---\n---\n@import 'base';\n")
    gz.write(src / "assets/site.css", "body { margin: 0 }\n")
    sass_out = gz.tmpdir()
    r = gz.run("--layouts", src, "-o", sass_out, env=clock)
    check("sass: one warning", r.code == 0 and r.err.count("Sass is not compiled") == 1
          and "main.scss: warning" in r.err, r.err)
    check("sass: the .css copied, no .scss", (sass_out / "assets/site.css").read_text() ==
          "body { margin: 0 }\n" and not list(sass_out.glob("assets/*.scss")), r.err)
    gz.finish()


if __name__ == "__main__":
    main()
