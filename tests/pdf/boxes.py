#!/usr/bin/env python3
"""boxes.py: quote bars and code tints, on A5 pages.

A quote of forty paragraphs and a code block of ninety lines each run over
several pages.  On every page they reach:

- the content stream fills one bar for the quote and one tint for the code
  (not one per line), and the bar is one unbroken grey stripe from the
  quote's first line to its last, gaps between paragraphs included (the page
  rendered by pdftoppm, read down the bar's column);
- the tint is one unbroken box behind the code's lines, which stay readable
  on it (pdftotext gives back every line of the code, in order).

Exit 77 (skipped) when poppler's tools are missing."""
import os
import re
import zlib

import gztest as gz

QUOTE_RG = b"0.78 0.78 0.78 rg"         # paint.c's quote_gray
TINT_RG = b"0.955 0.955 0.955 rg"       # and shade_gray


def page_streams(pdf):
    """The decompressed content streams that draw text, in file order (cairo
    writes each page's before the next)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", pdf):
        start = m.end()
        end = pdf.find(b"endstream", start)
        try:
            data = zlib.decompress(pdf[start:end])
        except zlib.error:
            continue
        if b" Tm" in data:
            out.append(data)
    return out


def fills(stream, rg):
    """How many rectangles are filled while the fill colour is `rg` (cairo
    sets a colour only when it changes, so a box drawn right after another
    of the same colour has no `rg` of its own)."""
    colour, n = None, 0
    for m in re.finditer(rb"([\d.]+ [\d.]+ [\d.]+) rg|\bre\s+f\b", stream):
        if m.group(1):
            colour = m.group(0)
        elif colour == rg:
            n += 1
    return n


def gray_page(pdf, page, tmp):
    """Page `page` at 72 dpi in grey: (width, height, rows of bytes)."""
    base = os.path.join(tmp, f"p{page}")
    gz.output("pdftoppm", "-r", "72", "-gray", "-f", page, "-l", page, pdf, base)
    name = next(f for f in os.listdir(tmp) if f.startswith(f"p{page}") and f.endswith(".pgm"))
    with open(os.path.join(tmp, name), "rb") as f:
        data = f.read()
    os.remove(os.path.join(tmp, name))
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    pix = data[m.end():]
    return w, h, [pix[y * w:(y + 1) * w] for y in range(h)]


def bar_column(w, rows):
    """The x of the column most often the bar's grey (199), and its rows."""
    best, best_rows = None, []
    for x in range(w // 3):
        hits = [y for y, r in enumerate(rows) if abs(r[x] - 199) <= 3]
        if len(hits) > len(best_rows):
            best, best_rows = x, hits
    return best, best_rows


def main():
    gz.need("pdftoppm", "pdftotext", why="poppler-utils")
    quote = "\n>\n".join(f"> Quoted paragraph {i}, long enough to take two lines on an "
                         f"A5 page of this size." for i in range(40))
    code = "\n".join(f"code line {i:02d} = {i * 7}" for i in range(90))
    text = f"# Boxes\n\n{quote}\n\nBetween.\n\n```\n{code}\n```\n\nAfter.\n"
    tmp = gz.tmpdir()
    src = gz.write(tmp / "boxes.md", text)
    pdf = tmp / "boxes.pdf"
    r = gz.run("-t", "pdf", "--set", "pdf.paper=A5", "-o", pdf, src)
    if not gz.check("gazette exits 0", r.code == 0, f"exit {r.code}: {r.err}"):
        gz.finish()
    streams = page_streams(pdf.read_bytes())
    quoted = [i + 1 for i, s in enumerate(streams) if QUOTE_RG in s]
    tinted = [i + 1 for i, s in enumerate(streams) if TINT_RG in s]
    gz.check(f"the quote is on pages {quoted} and the code on {tinted}: "
             "each should run over two pages or more",
             len(quoted) >= 2 and len(tinted) >= 2)
    for page in quoted:
        n = fills(streams[page - 1], QUOTE_RG)
        gz.check(f"page {page}: {n} quote bars filled, want 1", n == 1)
    for page in tinted:
        n = fills(streams[page - 1], TINT_RG)
        gz.check(f"page {page}: {n} code tints filled, want 1", n == 1)
    for page in quoted:
        w, h, rows = gray_page(pdf, page, tmp)
        x, ys = bar_column(w, rows)
        if not ys or ys[-1] - ys[0] < h / 4:
            gz.fail(f"page {page}: no quote bar found")
            continue
        holes = [y for y in range(ys[0], ys[-1] + 1) if abs(rows[y][x] - 199) > 3]
        gz.check(f"page {page}: the bar at x={x} breaks at rows {holes[:5]}", not holes)
    out = gz.output("pdftotext", pdf, "-")
    got = re.findall(r"code line (\d\d) = (\d+)", out)
    want = [(f"{i:02d}", str(i * 7)) for i in range(90)]
    gz.check(f"the code's lines extracted: {len(got)} of 90, in order: {got == want}",
             got == want)
    print(f"quote on pages {quoted}, code on pages {tinted}")
    gz.finish()


if __name__ == "__main__":
    main()
