#!/usr/bin/env python3
"""rawhtml.py: raw HTML through every output.

- what a PDF cannot show (iframe, script, input) is a warning at its line,
  once per kind of element and page, without -v; --strict fails the page;
- HTML writes raw HTML blocks through byte for byte, drops them under
  --safe, and writes markdown="1" elements without the attribute;
- feeds carry the raw HTML;
- the PDF draws the raw HTML table: looked at as pixels, a rowspan cell has
  no rule under its first row while its neighbours do, and a colspan cell is
  centred across the columns it spans;
- a page wrapped whole in a <div> keeps its headings where its title and
  feed entries are found;
- hostile nesting (deep markdown="1", thousands of unclosed containers)
  ends in time."""
import re
import shutil

import gztest as gz

PAGES = gz.ROOT / "tests" / "rawhtml" / "pages"


def warnings():
    r = gz.run("-t", "pdf", "-o", gz.tmpdir() / "x.pdf", PAGES / "iframe.md")
    gz.check("iframe page converts", r.code == 0, r.err)
    lines = [ln for ln in r.err.splitlines() if "is left out of the PDF" in ln]
    found = [re.match(r".*iframe\.md:(\d+): warning: <(\w+)>", ln) for ln in lines]
    got = [(int(m.group(1)), m.group(2)) for m in found if m]
    gz.check("one warning per kind, at its line", got == [(5, "iframe"), (7, "script"),
             (11, "input")], r.err)
    r = gz.run("--strict", "-t", "pdf", "-o", gz.tmpdir() / "x.pdf", PAGES / "iframe.md")
    gz.check("--strict fails the page", r.code == 1, f"exit {r.code}: {r.err}")
    r = gz.run("--strict", "-t", "html", "-o", gz.tmpdir() / "x.html", PAGES / "iframe.md")
    gz.check("HTML keeps the iframe: no warning, --strict passes", r.code == 0 and
             "iframe" not in r.err, r.err)


def html():
    source = (PAGES / "rawhtml.md").read_text(encoding="utf-8")
    table = source[source.index("<table>"):source.index("</table>") + len("</table>\n")]
    out = gz.run("--fragment", PAGES / "rawhtml.md").out
    gz.check("the table block is written through byte for byte", table in out, out)
    gz.check("paired inline tags are written as they were",
             "H<sub>2</sub>O" in out and "<kbd>Ctrl</kbd>+<kbd>C</kbd>" in out, out)
    gz.check("markdown=\"1\" is not written", "markdown=" not in out, out)
    gz.check("markdown=\"1\" content is Markdown", re.search(
        r'<div class="steps">\s*<ol>\s*<li>Install the package\s*<ul>', out), out)
    safe = gz.run("--safe", "--fragment", PAGES / "rawhtml.md").out
    gz.check("--safe drops raw HTML", "<table" not in safe and "<sub>" not in safe
             and "<div" not in safe and "<iframe" not in safe, safe)
    gz.check("--safe keeps markdown=\"1\" content", "<li>Install the package" in safe, safe)


def feed():
    tmp = gz.tmpdir()
    r = gz.run("-t", "rss", "-o", tmp, PAGES / "rawhtml.md")
    files = list(tmp.rglob("*.xml"))
    text = files[0].read_text(encoding="utf-8") if files else ""
    gz.check("the feed carries the raw HTML table", r.code == 0 and "colspan" in text
             and "rowspan" in text, r.err + text[:500])


def wrapped_headings():
    page = '<div class="post">\n\n# Title here\n\ntext\n\n</div>\n'
    r = gz.command([gz.GAZETTE, "-q", "-t", "html", "-"], stdin=page)
    gz.check("a page wrapped in a div keeps its heading as its title",
             "<title>Title here</title>" in r.out, r.out[:400])
    tree = gz.command([gz.GAZETTE, "-q", "-t", "tree", "-"], stdin=page).out
    gz.check("the heading stays among the document's blocks",
             re.search(r"^  heading @3", tree, re.M), tree)


def pgm(path):
    """A binary PGM as (width, height, bytes)."""
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][-w * h:]


def words(pdf):
    """Each word's box on page 1 in points: text -> (x0, y0, x1, y1)."""
    html = gz.output("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-")
    boxes = {}
    last = None
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', html):
        box = tuple(float(m.group(i)) for i in range(1, 5))
        boxes.setdefault(m.group(5), box)
        if last == "Hall":
            boxes.setdefault("Hall+", box)     # the word after the first Hall
        last = m.group(5)
    return boxes


def table_pixels():
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        gz.skip("poppler-utils not installed")
    tmp = gz.tmpdir()
    pdf = tmp / "t.pdf"
    r = gz.run("-q", "-t", "pdf", "-o", pdf, PAGES / "rawhtml.md")
    if not gz.check("the page converts to PDF", r.code == 0, r.err):
        return
    dpi = 144
    gz.output("pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile",
              pdf, tmp / "p")
    w, h, px = pgm(tmp / "p.pgm")
    b = words(pdf)
    need = ["09:00", "Keynote", "Storage", "Coffee", "break", "Hall", "10:30"]
    if not gz.check("the table's words are on page 1", all(k in b for k in need), b):
        return
    s = dpi / 72

    def dark_in(x0, x1, y0, y1):
        """The darkest pixel in a box given in points."""
        return min(px[y * w + x] for y in range(int(y0 * s), int(y1 * s) + 1)
                   for x in range(int(x0 * s), int(x1 * s) + 1))

    # Between the first body row (09:00, Keynote) and the second (Storage).
    gap_top, gap_bottom = b["Keynote"][3] + 1, b["Storage"][1] - 1
    under_time = dark_in(b["09:00"][0], b["09:00"][2], gap_top, gap_bottom)
    under_keynote = dark_in(b["Keynote"][0], b["Keynote"][2], gap_top, gap_bottom)
    gz.check("rowspan: no rule under 09:00 in its first row", under_time > 240,
             f"darkest {under_time}")
    gz.check("the cells beside it have their rule", under_keynote < 230,
             f"darkest {under_keynote}")
    # Coffee break spans the last two columns: centred between Keynote's
    # left edge and the right edge of Hall A (right-aligned), both a cell's
    # padding inside the span.
    left, right = b["Keynote"][0], b["Hall+"][2]
    middle = (b["Coffee"][0] + b["break"][2]) / 2
    gz.check("colspan: the cell is centred across the columns it spans",
             abs(middle - (left + right) / 2) < 3, f"{middle} vs {(left + right) / 2}")
    gz.check("09:00 and 10:30 stand in the first column",
             abs(b["09:00"][0] - b["10:30"][0]) < 1, b)


def misplaced():
    """Text and blocks written between a table's rows or cells stand before
    the table, in order, as a browser places them (libxml2 leaves them where
    they were written; the PDF's grid would read them as cells)."""
    page = ("<table><tbody><div>alpha</div><tr><td>one</td><p>beta</p><td>two</td></tr>"
            "</tbody></table>\n\n<table>\n<tr markdown=\"1\">\ngamma\n</tr>\n</table>\n")
    pdf = gz.tmpdir() / "misplaced.pdf"
    r = gz.command([gz.GAZETTE, "-q", "-t", "pdf", "-o", pdf, "-"], stdin=page, timeout=30)
    gz.check("a table with misplaced content makes a PDF", r.code == 0, r.err)
    if r.code == 0:
        text = gz.output("pdftotext", pdf, "-").split()
        gz.check("misplaced content comes before the table's cells, in order",
                 [w for w in text if w in ("alpha", "beta", "one", "two", "gamma")]
                 == ["alpha", "beta", "one", "two", "gamma"], text)
    r = gz.command([gz.GAZETTE, "-q", "-t", "tree", "-"], stdin=page)
    lines = r.out.splitlines()
    depth = [len(l) - len(l.lstrip()) for l in lines]
    strays = []
    for k, line in enumerate(lines):
        if not line.strip().startswith("table_row"):
            continue
        # every child of the row (the lines one level deeper, up to the
        # next line at the row's own depth or above) must be a cell
        child = None
        for k2 in range(k + 1, len(lines)):
            if depth[k2] <= depth[k]:
                break
            child = depth[k2] if child is None else child
            if depth[k2] == child and not lines[k2].strip().startswith("table_cell"):
                strays.append(lines[k2].strip())
    gz.check("the tree's rows hold only cells", r.code == 0 and not strays, strays)


def hostile():
    deep = "".join('<div markdown="1">\n' for _ in range(200)) + "x\n" + \
        "".join("</div>\n" for _ in range(200))
    r = gz.command([gz.GAZETTE, "-q", "-t", "html", "-"], stdin=deep, timeout=20)
    gz.check("200 nested markdown=\"1\" divs end in time", r.code == 0, r.err)
    many = "".join(f'<div class="c{i}">\n\ntext {i}\n\n' for i in range(5000))
    r = gz.command([gz.GAZETTE, "-q", "-t", "tree", "-"], stdin=many, timeout=20)
    gz.check("5,000 unclosed divs end in time", r.code == 0, r.err)
    closed = "".join("<div>\n\n" for _ in range(3000)) + "y\n\n" + \
        "".join("</div>\n\n" for _ in range(3000))
    r = gz.command([gz.GAZETTE, "-q", "-t", "pdf", "-o", gz.tmpdir() / "d.pdf", "-"],
                   stdin=closed, timeout=60)
    gz.check("3,000 nested wrappers end in time, also in PDF", r.code == 0, r.err)


warnings()
html()
feed()
wrapped_headings()
table_pixels()
misplaced()
hostile()
gz.finish()
