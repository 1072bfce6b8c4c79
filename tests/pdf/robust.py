#!/usr/bin/env python3
"""robust.py CHECK: the PDF backend on awkward input.

  image-lines  a picture that cannot be loaded is reported as FILE:LINE, the
               line of the Markdown that holds it (md4c gives inline nodes
               no position of their own).
  cover-image  a missing cover_image is reported at its front-matter line,
               and the warning does not claim that an alt text is printed
               (a cover has none: it goes without a picture).
  tall-row     a table row taller than a page is broken across pages: every
               word of its cells is on a page (nothing runs off the bottom),
               the rows after it follow, and the file is clean (qpdf).
  long-catalog a page long enough that what cairo writes on finishing (some
               2 MB: outline, structure tree) streams to the file while
               catalog.c keeps the catalog and the figures aside: the update
               still sets /Lang and every figure's /Alt, in order (qpdf).

Exit 77 (skipped) when a tool is missing."""
import os
import re
import shutil

import gztest as gz
from check import figure_alts  # tests/pdf/check.py: Figure /Alt texts, in order


def convert(tmp, name, text, *args):
    """Converts `text` (saved as NAME.md) to PDF; returns (stderr, pdf path)."""
    src = gz.write(tmp / (name + ".md"), text)
    out = tmp / (name + ".pdf")
    r = gz.run("-t", "pdf", *args, "-o", out, src)
    gz.check(f"{name}: gazette exits 0", r.code == 0, f"exit {r.code}: {r.err}")
    return r.err, out


def check_image_lines(tmp):
    text = ("---\ntitle: Pictures\n---\n\nFirst paragraph.\n\n"     # lines 1-6
            "![a chart](missing.png)\n\n"                              # line 7
            "- an item\n\n  ![in a list](gone.jpg)\n\n"                # line 11
            "Text\nand then ![inline](away.png) more.\n")              # line 13
    err, _ = convert(tmp, "pictures", text)
    for name, line in (("missing.png", 7), ("gone.jpg", 11)):
        m = re.search(r"^(\S+?):(\d+): warning: image '[^']*" + re.escape(name), err, re.M)
        if gz.check(f"a FILE:LINE warning for {name}", m, err):
            gz.check(f"{name} reported at line {m.group(2)}, want {line}",
                     int(m.group(2)) == line)
    for m in re.finditer(r"^(\S+?\.md): warning: image", err, re.M):
        gz.fail(f"an image warning without a line: {m.group(0)}")
    print("image-lines: ok" if not gz.failed else "image-lines: failed")


def check_cover_image(tmp):
    text = ("---\ntitle: A cover\ncover: true\ndescription: no picture\n"
            "cover_image: nowhere.png\n---\n\nBody.\n")                # cover_image: line 5
    err, _ = convert(tmp, "cover", text)
    m = re.search(r"^\S+?:(\d+): warning: image '[^']*nowhere\.png[^\n]*", err, re.M)
    if not m:
        gz.fail(f"no FILE:LINE warning for the missing cover image: {err!r}")
    else:
        gz.check(f"the cover image reported at line {m.group(1)}, want 5", int(m.group(1)) == 5)
        gz.check(f"the cover's warning speaks of an alt text: {m.group(0)}",
                 "alt text" not in m.group(0))
        gz.check(f"the cover's warning does not say what happens: {m.group(0)}",
                 "cover" in m.group(0).split(";", 1)[-1])
    # A figure's warning still says what stands in for it.
    err, _ = convert(tmp, "figure", "Text.\n\n![alt](nowhere.png)\n")
    gz.check(f"a figure's warning lost its alt-text note: {err!r}",
             "alt text is printed instead" in err)
    print("cover-image: ok" if not gz.failed else "cover-image: failed")


def check_tall_row(tmp):
    words = [f"w{i}x" for i in range(1600)]
    text = ("---\ntitle: Tall\n---\n\nBefore the table.\n\n"
            "| key | value |\n|-----|-------|\n"
            f"| first | {' '.join(words)} |\n"
            "| second | after-the-tall-row |\n\nAfter the table.\n")
    err, pdf = convert(tmp, "tall", text)
    got = gz.output("pdftotext", "-enc", "UTF-8", pdf, "-")
    seen = set(re.findall(r"w\d+x", got))
    missing = [w for w in words if w not in seen]
    gz.check(f"{len(missing)} of {len(words)} words of the tall cell are not on any page "
             f"(first: {missing[:1]})", not missing)
    for want in ("first", "after-the-tall-row", "After the table."):
        gz.check(f"{want!r} is missing from the PDF", want in got)
    gz.check("the tall row's end comes after the next row",
             got.find("w1599x") <= got.find("after-the-tall-row"))
    r = gz.command(["qpdf", "--check", pdf])
    gz.check("qpdf --check", r.code == 0, r.out[-400:])
    pages = int(re.search(r"Pages:\s+(\d+)", gz.output("pdfinfo", pdf)).group(1))
    gz.check(f"{pages} pages: the row was not broken across pages", pages >= 3)
    print("tall-row: ok" if not gz.failed else "tall-row: failed")


def check_long_catalog(tmp):
    shutil.copy(gz.SAMPLES / "images" / "chart.png", tmp)
    section = ("## 第{0}节\n\n"
               "[链接 {0}](https://example.com/{0}) 用户态存储「SPDK」与 NVMe 的段落。\n\n"
               "### 小节 {0}\n\n> 引文 {0}：一个足够长的句子，以便换行。\n\n")
    parts = ["---\ntitle: 长页\nlang: zh-CN\n---\n\n"]
    alts = []
    for i in range(2000):
        parts.append(section.format(i))
        if i % 800 == 0:                # figures at the start, middle and end
            alts.append(f"图 {i}")
            parts.append(f"![图 {i}](chart.png)\n\n")
    _, pdf = convert(tmp, "long", "".join(parts))
    size = os.path.getsize(pdf)
    gz.check(f"{size} bytes: too short to stream the finish (the test needs 3 MB)",
             size >= 3_000_000)
    r = gz.command(["qpdf", "--check", pdf])
    gz.check("qpdf --check", r.code == 0, r.out[-400:])
    data = pdf.read_bytes()
    # The update's catalog, the last revision of it, carries the language.
    catalog = data[data.rfind(b"/Type /Catalog"):]
    lang = re.search(rb"/Lang \(([^)]*)\)", catalog)
    lang = lang.group(1).decode() if lang else None
    gz.check(f"the catalog's /Lang is {lang!r}, not zh-CN", lang == "zh-CN")
    got = figure_alts(pdf)
    gz.check(f"figure alt texts {got}, expected {alts}", got == alts)
    print(f"long-catalog: {size} bytes, /Lang {lang}, {len(got)} figures"
          + ("" if not gz.failed else ": failed"))


if __name__ == "__main__":
    gz.need("qpdf", "pdftotext", "pdfinfo", why="poppler-utils, qpdf")
    gz.cases({"image-lines": check_image_lines, "cover-image": check_cover_image,
              "tall-row": check_tall_row, "long-catalog": check_long_catalog})
