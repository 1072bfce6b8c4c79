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
import subprocess
import sys
import tempfile

from check import figure_alts  # tests/pdf/check.py: Figure /Alt texts, in order

failures = []
GAZETTE = os.environ.get("GAZETTE", "gazette")


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def convert(tmp, name, text, *args):
    """Converts `text` (saved as NAME.md) to PDF; returns (stderr, pdf path)."""
    src = os.path.join(tmp, name + ".md")
    out = os.path.join(tmp, name + ".pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([GAZETTE, "-t", "pdf", *args, "-o", out, src], capture_output=True)
    if r.returncode != 0:
        fail(f"{name}: gazette exited with {r.returncode}: {r.stderr.decode()}")
    return r.stderr.decode(), out


def check_image_lines(tmp):
    text = ("---\ntitle: Pictures\n---\n\nFirst paragraph.\n\n"     # lines 1-6
            "![a chart](missing.png)\n\n"                              # line 7
            "- an item\n\n  ![in a list](gone.jpg)\n\n"                # line 11
            "Text\nand then ![inline](away.png) more.\n")              # line 13
    err, _ = convert(tmp, "pictures", text)
    for name, line in (("missing.png", 7), ("gone.jpg", 11)):
        m = re.search(r"^(\S+?):(\d+): warning: image '[^']*" + re.escape(name), err, re.M)
        if not m:
            fail(f"no FILE:LINE warning for {name}: {err!r}")
        elif int(m.group(2)) != line:
            fail(f"{name} reported at line {m.group(2)}, want {line}")
    for m in re.finditer(r"^(\S+?\.md): warning: image", err, re.M):
        fail(f"an image warning without a line: {m.group(0)}")
    print("image-lines: ok" if not failures else "image-lines: failed")


def check_cover_image(tmp):
    text = ("---\ntitle: A cover\ncover: true\ndescription: no picture\n"
            "cover_image: nowhere.png\n---\n\nBody.\n")                # cover_image: line 5
    err, _ = convert(tmp, "cover", text)
    m = re.search(r"^\S+?:(\d+): warning: image '[^']*nowhere\.png[^\n]*", err, re.M)
    if not m:
        fail(f"no FILE:LINE warning for the missing cover image: {err!r}")
    else:
        if int(m.group(1)) != 5:
            fail(f"the cover image reported at line {m.group(1)}, want 5")
        if "alt text" in m.group(0):
            fail(f"the cover's warning speaks of an alt text: {m.group(0)}")
        if "cover" not in m.group(0).split(";", 1)[-1]:
            fail(f"the cover's warning does not say what happens: {m.group(0)}")
    # A figure's warning still says what stands in for it.
    err, _ = convert(tmp, "figure", "Text.\n\n![alt](nowhere.png)\n")
    if "alt text is printed instead" not in err:
        fail(f"a figure's warning lost its alt-text note: {err!r}")
    print("cover-image: ok" if not failures else "cover-image: failed")


def check_tall_row(tmp):
    words = [f"w{i}x" for i in range(1600)]
    text = ("---\ntitle: Tall\n---\n\nBefore the table.\n\n"
            "| key | value |\n|-----|-------|\n"
            f"| first | {' '.join(words)} |\n"
            "| second | after-the-tall-row |\n\nAfter the table.\n")
    err, pdf = convert(tmp, "tall", text)
    got = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         check=True).stdout.decode()
    seen = set(re.findall(r"w\d+x", got))
    missing = [w for w in words if w not in seen]
    if missing:
        fail(f"{len(missing)} of {len(words)} words of the tall cell are not on any page "
             f"(first: {missing[0]})")
    for want in ("first", "after-the-tall-row", "After the table."):
        if want not in got:
            fail(f"{want!r} is missing from the PDF")
    if got.find("w1599x") > got.find("after-the-tall-row"):
        fail("the tall row's end comes after the next row")
    r = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
    if r.returncode != 0:
        fail(f"qpdf --check: {r.stdout.decode()[-400:]}")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, check=True).stdout.decode()).group(1))
    if pages < 3:
        fail(f"{pages} pages: the row was not broken across pages")
    print("tall-row: ok" if not failures else "tall-row: failed")


def check_long_catalog(tmp):
    root = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
    shutil.copy(os.path.join(root, "samples", "images", "chart.png"), tmp)
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
    if size < 3_000_000:
        fail(f"{size} bytes: too short to stream the finish (the test needs 3 MB)")
    r = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
    if r.returncode != 0:
        fail(f"qpdf --check: {r.stdout.decode()[-400:]}")
    with open(pdf, "rb") as f:
        data = f.read()
    # The update's catalog, the last revision of it, carries the language.
    catalog = data[data.rfind(b"/Type /Catalog"):]
    lang = re.search(rb"/Lang \(([^)]*)\)", catalog)
    lang = lang.group(1).decode() if lang else None
    if lang != "zh-CN":
        fail(f"the catalog's /Lang is {lang!r}, not zh-CN")
    got = figure_alts(pdf)
    if got != alts:
        fail(f"figure alt texts {got}, expected {alts}")
    print(f"long-catalog: {size} bytes, /Lang {lang}, {len(got)} figures"
          + ("" if not failures else ": failed"))


def main():
    checks = {"image-lines": check_image_lines, "cover-image": check_cover_image,
              "tall-row": check_tall_row, "long-catalog": check_long_catalog}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        print(__doc__, file=sys.stderr)
        return 2
    for tool in ("qpdf", "pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            print(f"skipped: {tool} is not installed (poppler-utils, qpdf)")
            return 77
    with tempfile.TemporaryDirectory() as tmp:
        checks[sys.argv[1]](tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
