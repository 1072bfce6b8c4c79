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
import subprocess
import sys
import tempfile

failures = []
GAZETTE = os.environ.get("GAZETTE", "gazette")
SAMPLES = os.path.join(os.environ.get("SOURCE_ROOT", "."), "samples")


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def run(args):
    return subprocess.run(args, check=True, capture_output=True).stdout.decode()


def gazette(*args):
    subprocess.run([GAZETTE, "-q", "-t", "pdf", *args], check=True)


def page_texts(pdf, layout=False):
    """The text of each page, one string a page."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [pdf, "-"]
    return run(args).split("\f")[:-1]


def lines(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def check_cover(tmp):
    out = os.path.join(tmp, "cover.pdf")
    gazette("--set", "pdf.cover=true", "-o", out, os.path.join(SAMPLES, "zh-news.md"))
    pages = page_texts(out)
    first = lines(pages[0])
    if "开源存储案例精选" not in first:
        fail(f"page 1 lacks the title: {first}")
    # poppler reads the quarter em beside each number as a space
    if "2024年6月18日" not in [re.sub(r"\s+", "", line) for line in first]:
        fail(f"page 1 lacks the date as Chinese writes it: {first}")
    if any(l.isdigit() for l in first):
        fail(f"page 1 has a page number: {first}")
    if "案例条目" in first:
        fail("the body starts on the cover")
    second = lines(pages[1])
    if "案例条目" not in second[:3]:
        fail(f"the body does not start page 2: {second[:3]}")
    if "2" not in second:
        fail(f"page 2 has no page number: {second}")

    # Front matter asks instead, with a picture; an English date.
    shutil.copy(os.path.join(SAMPLES, "images", "chart.png"), tmp)
    md = os.path.join(tmp, "leaflet.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Spring leaflet\nlang: en\ndate: 2024-03-05\nauthor: The team\n"
                "cover: true\ncover_image: chart.png\n---\n\n# Inside\n\nBody text.\n")
    out = os.path.join(tmp, "leaflet.pdf")
    gazette("-o", out, md)
    first = lines(page_texts(out)[0])
    if first[:1] != ["Spring leaflet"] or "5 March 2024" not in first:
        fail(f"front matter cover: page 1 is {first}")
    if "Inside" in first or "Body text." in first:
        fail("front matter cover: the body starts on the cover")
    images = run(["pdfimages", "-list", "-f", "1", "-l", "1", out]).splitlines()[2:]
    if len(images) != 1:
        fail(f"the cover has {len(images)} images, want the cover_image")
    print("cover: ok" if not failures else "cover: failed")


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
        if len(entries) != 60:
            fail(f"{len(entries)} contents lines, want 60")
        if len(toc) < 2:
            fail(f"the contents take {len(toc)} pages; the test wants them to take several")
        where = {}
        for n, text in enumerate(pages, start=1):
            if n in toc:
                continue
            for l in lines(text):
                if re.fullmatch(r"(Section|Detail) \d+", l):
                    where.setdefault(l, n)
        for title, number in entries:
            if where.get(title) != number:
                fail(f"filler {filler}: contents say {title} is on page {number}, "
                     f"it is on {where.get(title)}")
        seen.append(entries)
    if seen[0] == seen[1]:
        fail("a longer body moved no page number")
    print(f"contents: {len(seen[1])} lines; numbers follow the body" if not failures
          else "contents: failed")


def check_links(tmp):
    out = contents_pdf(tmp, 2)
    data = json.loads(run(["qpdf", "--json=2", out]))
    objects = data["qpdf"][1]
    dests = {}
    for l in run(["pdfinfo", "-dests", out]).splitlines()[1:]:
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
                fail(f"a contents link without a named /Dest: {a}")
                continue
            found.append((-a["/Rect"][1], dest[2:] if dest.startswith("u:") else dest))
        links += [d for _, d in sorted(found)]     # top to bottom
    if len(links) != len(entries):
        fail(f"{len(links)} links for {len(entries)} contents lines")
    for (title, number), dest in zip(entries, links):
        if dests.get(dest) != number:
            fail(f"the line for {title} (page {number}) links to {dest} on page "
                 f"{dests.get(dest)}")
    print(f"links: {len(links)} contents links to their headings" if not failures
          else "links: failed")


def check_combined(tmp):
    inputs = [os.path.join(SAMPLES, s + ".md") for s in ("en-post", "zh-news", "ja-page")]
    out = os.path.join(tmp, "book.pdf")
    gazette("--toc", "-o", out, *inputs)
    out2 = os.path.join(tmp, "book2.pdf")
    gazette("--toc", "--combine", "-o", out2, *inputs)
    if open(out, "rb").read() != open(out2, "rb").read():
        fail("-o FILE.pdf and --combine differ")
    data = json.loads(run(["qpdf", "--json=2", out]))
    top = data["outlines"]
    titles = [o["title"] for o in top]
    want = ["Release notes: gazette turns pages into feeds", "开源存储案例精选",
            "組版の基本：日本語の行分割"]
    if titles != want:
        fail(f"outline level 1 is {titles}, want the chapter titles {want}")
    pages = page_texts(out)
    starts = []
    for o in top:
        if not o["kids"]:
            fail(f"chapter {o['title']} has no headings below it in the outline")
        page = o["destpageposfrom1"]
        starts.append(page)
        squeezed = re.sub(r"\s", "", "".join(lines(pages[page - 1])))
        if not squeezed.startswith(re.sub(r"\s", "", o["title"])):
            fail(f"chapter {o['title']} does not start page {page}: "
                 f"{lines(pages[page - 1])[:2]}")
        for kid in o["kids"]:
            if kid["destpageposfrom1"] < page:
                fail(f"heading {kid['title']} comes before its chapter")
    if starts != sorted(set(starts)):
        fail(f"chapters start on pages {starts}")
    # The first chapter runs over a page: its title heads the next one.
    if starts[1] - starts[0] >= 2:
        head = lines(pages[starts[0]])[0]
        if head != want[0]:
            fail(f"page {starts[0] + 1} is headed {head!r}, want the chapter's title")
    else:
        fail("the first chapter takes one page; the test wants two")
    # The contents cover every chapter.
    contents = "".join(pages[:starts[0] - 1])
    for title in want:
        if re.sub(r"\s", "", title) not in re.sub(r"\s", "", contents):
            fail(f"the contents lack the chapter {title}")
    check = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
    if check.returncode != 0:
        fail("qpdf --check: " + check.stdout)
    print(f"combined: {len(top)} chapters from pages {starts}" if not failures
          else "combined: failed")


def main():
    checks = {"cover": check_cover, "contents": check_contents, "links": check_links,
              "combined": check_combined}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        print(__doc__, file=sys.stderr)
        return 2
    for tool in ("qpdf", "pdftotext", "pdfinfo", "pdfimages"):
        if not shutil.which(tool):
            print(f"skipped: {tool} is not installed (poppler-utils, qpdf)")
            return 77
    with tempfile.TemporaryDirectory() as tmp:
        checks[sys.argv[1]](tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
