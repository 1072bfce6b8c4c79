#!/usr/bin/env python3
"""brochure.py CHECK: the brochure pieces checked on the finished PDF.

  cover     a cover page (--set pdf.cover=true, or front matter `cover: true`
            with `cover_image:`): page 1 has the title, the date as the
            language writes it and no page number; the body starts on page 2,
            which has its folio.
  contents  --toc: every contents line's number is the page where that heading
            is (pdftotext, page by page), also after the body grows, which
            moves some of them.
  links     every contents line is a link annotation to a named destination on
            the page the line gives.
  combined  several inputs into one PDF (--combine, or -o FILE.pdf): one
            outline entry of level 1 per chapter with its headings below, each
            chapter on a new page, its title as the running header of its
            other pages, the contents covering every chapter.

Exit 77 (skipped) when a tool is missing."""
import json
import os
import re
import shutil

import gztest as gz

SAMPLES = gz.SAMPLES


def gazette(*args):
    gz.output(gz.GAZETTE, "-q", "-t", "pdf", *args)


def page_texts(pdf, layout=False):
    """The text of each page, one string a page."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [pdf, "-"]
    return gz.output(*args).split("\f")[:-1]


def lines(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def check_cover(tmp):
    out = os.path.join(tmp, "cover.pdf")
    gazette("--set", "pdf.cover=true", "-o", out, os.path.join(SAMPLES, "zh-news.md"))
    pages = page_texts(out)
    first = lines(pages[0])
    gz.check(f"page 1 lacks the title: {first}", "开源存储案例精选" in first)
    # poppler reads the quarter em beside each number as a space
    gz.check(f"page 1 lacks the date as Chinese writes it: {first}",
             "2024年6月18日" in [re.sub(r"\s+", "", line) for line in first])
    gz.check(f"page 1 has a page number: {first}", not any(l.isdigit() for l in first))
    gz.check("the body starts on the cover", "案例条目" not in first)
    second = lines(pages[1])
    gz.check(f"the body does not start page 2: {second[:3]}", "案例条目" in second[:3])
    gz.check(f"page 2 has no page number: {second}", "2" in second)

    # Front matter asks instead, with a picture; an English date.
    shutil.copy(os.path.join(SAMPLES, "images", "chart.png"), tmp)
    md = os.path.join(tmp, "leaflet.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Spring leaflet\nlang: en\ndate: 2024-03-05\nauthor: The team\n"
                "cover: true\ncover_image: chart.png\n---\n\n# Inside\n\nBody text.\n")
    out = os.path.join(tmp, "leaflet.pdf")
    gazette("-o", out, md)
    first = lines(page_texts(out)[0])
    gz.check(f"front matter cover: page 1 is {first}",
             first[:1] == ["Spring leaflet"] and "5 March 2024" in first)
    gz.check("front matter cover: the body starts on the cover",
             "Inside" not in first and "Body text." not in first)
    images = gz.output("pdfimages", "-list", "-f", "1", "-l", "1", out).splitlines()[2:]
    gz.check(f"the cover has {len(images)} images, want the cover_image", len(images) == 1)
    print("cover: ok" if not gz.failed else "cover: failed")


def toc_page(pages):
    """Page numbers of the contents (1-based) and their entries in order."""
    entry = re.compile(r"^\s*((?:Section|Detail) \d+)\s{2,}(\d+)\s*$")
    toc, entries = [], []
    for n, text in enumerate(pages, start=1):
        found = [entry.match(l) for l in text.splitlines()]
        found = [(m.group(1), int(m.group(2))) for m in found if m]
        if found:
            toc.append(n)
            entries += found
    return toc, entries


def contents_pdf(tmp, filler):
    md = os.path.join(tmp, f"guide{filler}.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Guide\nlang: en\n---\n\n")
        for i in range(30):
            f.write(f"## Section {i}\n\n")
            for _ in range(filler if i == 3 else 2):
                f.write("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                        "eiusmod tempor incididunt ut labore.\n\n")
            f.write(f"### Detail {i}\n\nMore.\n\n")
    out = os.path.join(tmp, f"guide{filler}.pdf")
    gazette("--toc", "--set", "pdf.paper=A5", "-o", out, md)
    return out


def check_contents(tmp):
    seen = []
    for filler in (2, 60):
        out = contents_pdf(tmp, filler)
        pages = page_texts(out, layout=True)
        toc, entries = toc_page(pages)
        gz.check(f"{len(entries)} contents lines, want 60", len(entries) == 60)
        gz.check(f"the contents take {len(toc)} pages; the test wants them to take several",
                 len(toc) >= 2)
        where = {}
        for n, text in enumerate(pages, start=1):
            if n in toc:
                continue
            for l in lines(text):
                if re.fullmatch(r"(Section|Detail) \d+", l):
                    where.setdefault(l, n)
        for title, number in entries:
            gz.check(f"filler {filler}: contents say {title} is on page {number}, "
                     f"it is on {where.get(title)}",
                     where.get(title) == number)
        seen.append(entries)
    gz.check("a longer body moved no page number", seen[0] != seen[1])
    print(f"contents: {len(seen[1])} lines; numbers follow the body" if not gz.failed
          else "contents: failed")


def check_links(tmp):
    out = contents_pdf(tmp, 2)
    data = json.loads(gz.output("qpdf", "--json=2", out))
    objects = data["qpdf"][1]
    dests = {}
    for l in gz.output("pdfinfo", "-dests", out).splitlines()[1:]:
        m = re.match(r'\s*(\d+)\s.*"([^"]+)"$', l)
        if m:
            dests[m.group(2)] = int(m.group(1))
    toc, entries = toc_page(page_texts(out, layout=True))
    links = []
    for n in toc:
        page = objects["obj:" + data["pages"][n - 1]["object"]]["value"]
        annots = page.get("/Annots", [])
        found = []
        for ref in annots:
            a = objects["obj:" + ref]["value"]
            if a.get("/Subtype") != "/Link":
                continue
            dest = a.get("/Dest")
            if not isinstance(dest, str):
                gz.fail(f"a contents link without a named /Dest: {a}")
                continue
            found.append((-a["/Rect"][1], dest[2:] if dest.startswith("u:") else dest))
        links += [d for _, d in sorted(found)]     # top to bottom
    gz.check(f"{len(links)} links for {len(entries)} contents lines", len(links) == len(entries))
    for (title, number), dest in zip(entries, links):
        gz.check(f"the line for {title} (page {number}) links to {dest} on page "
                 f"{dests.get(dest)}",
                 dests.get(dest) == number)
    print(f"links: {len(links)} contents links to their headings" if not gz.failed
          else "links: failed")


def check_combined(tmp):
    inputs = [os.path.join(SAMPLES, s + ".md") for s in ("en-post", "zh-news", "ja-page")]
    out = os.path.join(tmp, "book.pdf")
    gazette("--toc", "-o", out, *inputs)
    out2 = os.path.join(tmp, "book2.pdf")
    gazette("--toc", "--combine", "-o", out2, *inputs)
    gz.check("-o FILE.pdf and --combine differ", open(out, "rb").read() == open(out2, "rb").read())
    data = json.loads(gz.output("qpdf", "--json=2", out))
    top = data["outlines"]
    titles = [o["title"] for o in top]
    want = ["Release notes: gazette turns pages into feeds", "开源存储案例精选",
            "組版の基本：日本語の行分割"]
    gz.check(f"outline level 1 is {titles}, want the chapter titles {want}", titles == want)
    pages = page_texts(out)
    starts = []
    for o in top:
        gz.check(f"chapter {o['title']} has no headings below it in the outline", o["kids"])
        page = o["destpageposfrom1"]
        starts.append(page)
        squeezed = re.sub(r"\s", "", "".join(lines(pages[page - 1])))
        gz.check(f"chapter {o['title']} does not start page {page}: "
                 f"{lines(pages[page - 1])[:2]}",
                 squeezed.startswith(re.sub(r"\s", "", o["title"])))
        for kid in o["kids"]:
            gz.check(f"heading {kid['title']} comes before its chapter",
                     kid["destpageposfrom1"] >= page)
    gz.check(f"chapters start on pages {starts}", starts == sorted(set(starts)))
    # The first chapter runs over a page: its title heads the next one.
    if starts[1] - starts[0] >= 2:
        head = lines(pages[starts[0]])[0]
        gz.check(f"page {starts[0] + 1} is headed {head!r}, want the chapter's title",
                 head == want[0])
    else:
        gz.fail("the first chapter takes one page; the test wants two")
    # The contents cover every chapter.
    contents = "".join(pages[:starts[0] - 1])
    for title in want:
        gz.check(f"the contents lack the chapter {title}",
                 re.sub(r"\s", "", title) in re.sub(r"\s", "", contents))
    check = gz.command(["qpdf", "--check", out])
    gz.check("qpdf --check: " + check.out, check.code == 0)
    print(f"combined: {len(top)} chapters from pages {starts}" if not gz.failed
          else "combined: failed")


if __name__ == "__main__":
    gz.need("qpdf", "pdftotext", "pdfinfo", "pdfimages", why="poppler-utils, qpdf")
    gz.cases({"cover": check_cover, "contents": check_contents, "links": check_links,
              "combined": check_combined})
