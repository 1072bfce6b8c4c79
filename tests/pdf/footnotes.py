#!/usr/bin/env python3
"""footnotes.py CASE: footnotes at the foot of the page of their reference.

Pages with many short paragraphs on A5 paper, references falling on
several pages, read back with `pdftotext -bbox`:

- every note's text is on the page of its reference (the line showing
  `RefNx`, N the note), below the last line of the body in the same column,
  and its words are smaller than the body's;
- `long`: a note too tall to stand beside its line starts on the page of its
  reference and goes on at the foot of the next: every sentence of it comes
  back once, in order; notes referenced while one of three pages goes on come
  after it, never before their reference;
- a reference in a table cell, a list item or a heading counts as well;
- `columns`: in two columns, with headings across both between balanced
  runs, each note is at the foot of its reference's column;
- pdftotext reads a page's notes after its body;
- in the layout dump, no body atom reaches into the space of the separator;
- each reference links to its note and the note's number back to it (the
  names of both destinations are in the file).

Cases: en, zh, long, columns.  Exit 77 (skipped) when poppler's tools are
missing."""
import html
import re

import gztest as gz

FILLER = {
    "en": "The body of paragraph {i} runs on for a while, so that it takes a few lines "
          "on the small page, with words and more words to fill the column{ref} and "
          "it goes on a little longer still.",
    "zh": "第{i}段正文写得比较长一些，为的是在小开本的页面上占据好几行的位置，"
          "让版面自然地流向下一页{ref}，然后再继续写上几句话把这一段补完整。",
}
NOTE = {
    "en": "N{i}z Alpha beta gamma delta epsilon.",
    "zh": "N{i}z 甲乙丙丁戊己庚辛壬癸。",
}
# The words of the notes only: any word holding one of these is a note's.
NOTE_MARK = {"en": re.compile(r"N\d+z|S\d+q|Alpha|beta|gamma|delta|epsilon"),
             "zh": re.compile(r"N\d+z|[甲乙丙丁戊己庚辛壬癸]")}


def page_text(lang, paragraphs=26, every=3, long_note=0, sections=0):
    out = ["---", "title: Footnotes " + lang, "lang: " + ("zh-CN" if lang == "zh" else "en"),
           "---", ""]
    notes = []
    for i in range(1, paragraphs + 1):
        if sections and i % sections == 0:
            out += [f"## Section {i}", ""]      # runs across both columns
        ref = f" Ref{i}x[^n{i}]" if i % every == 0 else ""
        out.append(FILLER[lang].format(i=i, ref=ref))
        out.append("")
        if ref:
            text = NOTE[lang].format(i=i)
            if long_note and i == every * 2:
                text += " " + " ".join(f"S{k}q " + NOTE[lang].format(i=i)
                                       for k in range(long_note))
            notes.append(f"[^n{i}]: {text}")
    n = paragraphs + 1
    out += ["| a | b |", "|---|---|", f"| cell Ref{n}x[^n{n}] | plain |", ""]
    notes.append(f"[^n{n}]: " + NOTE[lang].format(i=n))
    out += ["- item one", f"- item Ref{n + 1}x[^n{n + 1}]", "- item three", ""]
    notes.append(f"[^n{n + 1}]: " + NOTE[lang].format(i=n + 1))
    out += [f"### Heading Ref{n + 2}x[^n{n + 2}]", ""]
    notes.append(f"[^n{n + 2}]: " + NOTE[lang].format(i=n + 2))
    for i in range(n + 3, n + 7):
        out.append(FILLER[lang].format(i=i, ref=""))
        out.append("")
    return "\n".join(out + notes) + "\n"


def words(pdf):
    """Each page's words: (text, xMin, yMin, xMax, yMax)."""
    out = gz.output("pdftotext", "-bbox", pdf, "-")
    pages = []
    for m in re.finditer(r"<page[^>]*>(.*?)</page>", out, re.S):
        ws = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</word>', m.group(1)):
            ws.append((html.unescape(w.group(5)), *map(float, w.group(1, 2, 3, 4))))
        pages.append(ws)
    return pages


def check_pages(name, pdf, lang, columns=1, long_ref=None, sentences=0, held=False):
    pages = words(pdf)
    refs, notes = {}, {}
    for pi, ws in enumerate(pages, 1):
        for w in ws:
            for m in re.finditer(r"Ref(\d+)x", w[0]):
                refs.setdefault(int(m.group(1)), pi)
            for m in re.finditer(r"N(\d+)z", w[0]):
                notes.setdefault(int(m.group(1)), pi)
    if not name.endswith("short"):
        gz.check(f"{name}: references on {len(set(refs.values()))} pages, want 3 or more",
                 len(set(refs.values())) >= 3)
    gz.check(f"{name}: {len(notes)} notes found for {len(refs)} references",
             set(notes) == set(refs) and refs)
    for n, page in sorted(refs.items()):
        # `held`: notes referenced while a note longer than a page is still
        # going on wait for it to end (never on an earlier page)
        gz.check(f"{name}: note {n} on page {notes.get(n)}, its reference on {page}",
                 notes.get(n) == page or (held and (notes.get(n) or 0) > page))
    mark = NOTE_MARK[lang]
    split = None
    for pi, ws in enumerate(pages, 1):
        mid = (min(w[1] for w in ws) + max(w[3] for w in ws)) / 2 if ws else 0
        for col in range(columns):
            def inside(w):
                return columns == 1 or (w[1] < mid) == (col == 0)
            note = [w for w in ws if inside(w) and mark.search(w[0])]
            # the body, less the folio and the references' raised numbers
            body = [w for w in ws if inside(w) and not mark.search(w[0])
                    and not re.fullmatch(r"[\d.]+", w[0])]
            if not note or not body:
                continue
            top, bottom = min(w[2] for w in note), max(w[4] for w in body)
            # the separator stands between them, in some 4 pt at least
            gz.check(f"{name} page {pi} column {col + 1}: the notes start at y={top:.1f}, "
                     f"below the body's last line (y={bottom:.1f})", top > bottom + 4)
            nh = sorted(w[4] - w[2] for w in note)[len(note) // 2]
            bh = sorted(w[4] - w[2] for w in body)[len(body) // 2]
            gz.check(f"{name} page {pi}: notes' words {nh:.1f} high, the body's {bh:.1f}",
                     nh < bh * 0.9)
        if long_ref and any(re.search(r"S\d+q", w[0]) for w in ws):
            split = (split or []) + [pi]
    if long_ref:
        text = gz.output("pdftotext", pdf, "-")
        got = [int(k) for k in re.findall(r"S(\d+)q", text)]
        gz.check(f"{name}: the long note's sentences come back once each, in order "
                 f"({len(got)} of {sentences})", got == list(range(sentences)))
        gz.check(f"{name}: the long note runs over pages {split}, starting on its "
                 f"reference's page {refs.get(long_ref)}",
                 split and len(split) >= 2 and split[0] == refs.get(long_ref))
    if columns == 1:
        # reading order: a page's notes after its body
        body_mark = re.compile(r"paragraph \d+|第\d+段|goes on|补完整")
        for pi in range(1, len(pages) + 1):
            text = gz.output("pdftotext", "-f", pi, "-l", pi, pdf, "-")
            notes_at = [m.start() for m in re.finditer(r"N\d+z", text)]
            body_at = [m.start() for m in body_mark.finditer(text)]
            if notes_at and body_at:
                gz.check(f"{name} page {pi}: the notes read after the body",
                         min(notes_at) > max(body_at))
    raw = pdf.read_bytes()
    for k in range(1, len(refs) + 1):     # notes are numbered 1, 2, ... in order
        gz.check(f"{name}: destinations of note {k} and of its reference",
                 f"(fn{k})".encode() in raw and f"(fr{k})".encode() in raw)


def check_layout(name, src, *sets):
    """From the layout dump (pdf-layout): on every page, no atom of the body
    reaches down into the space above a column's notes, where the separator
    stands (a spanning atom counts for both columns)."""
    tool = gz.BUILD / "tests" / "pdf" / "pdf-layout"
    dump = gz.output(tool, src, "pdf.paper=A5", *sets)
    pages = []
    for line in dump.splitlines():
        if line.startswith("page "):
            pages.append(([], []))
            continue
        m = re.match(r"\s+(\(note \d+\))?\s*\w+ \S+ y=([\d.]+) h=([\d.]+) x=([\d.]+)"
                     r"(.*? span)?", line)
        if m and pages:
            atom = (float(m.group(2)), float(m.group(3)), float(m.group(4)), bool(m.group(5)))
            pages[-1][1 if m.group(1) else 0].append(atom)
    mid = max((a[2] for p in pages for a in p[0] + p[1]), default=0) / 2
    for pi, (body, notes) in enumerate(pages, 1):
        for col in (0, 1):
            tops = [y for y, h, x, span in notes if (x >= mid) == bool(col)]
            if not tops:
                continue
            bottom = max((y + h for y, h, x, span in body if span or (x >= mid) == bool(col)),
                         default=0)
            gz.check(f"{name} page {pi} column {col + 1}: the body ends at {bottom:.1f}, "
                     f"6 pt or more above the first note ({min(tops):.1f})",
                     bottom + 6 <= min(tops))


def make(tmp, name, text, *sets):
    src = gz.write(tmp / (name + ".md"), text)
    pdf = tmp / (name + ".pdf")
    args = [x for kv in ("pdf.paper=A5",) + sets for x in ("--set", kv)]
    r = gz.run("-t", "pdf", *args, "-o", pdf, src)
    if not gz.check(f"{name}: gazette exits 0", r.code == 0, f"exit {r.code}: {r.err}"):
        gz.finish()
    return pdf


def case_en(tmp):
    check_pages("en", make(tmp, "en", page_text("en")), "en")
    check_layout("en", tmp / "en.md")


def case_zh(tmp):
    check_pages("zh", make(tmp, "zh", page_text("zh")), "zh")
    check_layout("zh", tmp / "zh.md")


def case_long(tmp):
    # a note of about a page and a half, done before the next reference
    check_pages("long", make(tmp, "long", page_text("en", long_note=110)), "en",
                long_ref=6, sentences=110)
    # one of about three pages: the notes after it are held back
    check_pages("longer", make(tmp, "longer", page_text("en", long_note=300)), "en",
                long_ref=6, sentences=300, held=True)
    check_layout("long", tmp / "long.md")
    check_layout("longer", tmp / "longer.md")


def case_columns(tmp):
    text = page_text("en", paragraphs=60, every=4, sections=7)
    check_pages("columns", make(tmp, "columns", text, "pdf.columns=2"), "en", columns=2)
    # a balanced run whose notes fill the second column's foot, then a
    # heading across both: no line of the run after it stands on the notes
    text = page_text("en", paragraphs=6, every=2)
    check_pages("columns-short", make(tmp, "short", text, "pdf.columns=2"), "en", columns=2)
    check_layout("columns-short", tmp / "short.md", "pdf.columns=2")
    check_layout("columns", tmp / "columns.md", "pdf.columns=2")


def main():
    gz.need("pdftotext", why="poppler-utils")
    gz.cases({"en": case_en, "zh": case_zh, "long": case_long, "columns": case_columns})


if __name__ == "__main__":
    main()
