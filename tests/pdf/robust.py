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

Exit 77 (skipped) when a tool is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

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


def main():
    checks = {"image-lines": check_image_lines, "cover-image": check_cover_image,
              "tall-row": check_tall_row}
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
