#!/usr/bin/env python3
"""threads.py: a PDF made on two threads is the PDF made on one.

Long documents take two threads (formats/pdf/pdf.c): a document alone is
laid out on one while the other paints its complete pages (stream.c,
GAZETTE_PDF_THREADS=stream forces it); others break their lines on both
(GAZETTE_PDF_THREADS=2), each thread with pango fonts of its own font map.
For the seed page, every sample, a combined brochure with cover, contents
and two columns, and a long document past the automatic threshold (with
pictures, tables repeating their header row, code and struck text):

- the file broken on two threads is the file made on one, byte for byte;
- the file streamed is that file too, but for cairo's six-letter subset tags
  (a hash of the glyph ids, which differ as its faces are subset before the
  last line is broken, to what the characters can shape to); a glyph left
  out of those subsets would bring a second font and differ;
- the warnings are the same, in the same order;
- the automatic choice gives one of these files, the streamed one for the
  long document.

The long document is also streamed ten times over: the same bytes each time,
whatever the two threads' timing."""
import os
import re
import shutil

import gztest as gz

SEED = gz.ROOT.parent / "shared" / "seeds" / "000_3f79db424e972863.txt"
SAMPLES = gz.SAMPLES


def convert(tmp, name, threads, args, tag=""):
    """Returns (bytes of the PDF, stderr) made with GAZETTE_PDF_THREADS=threads
    ("" for the automatic choice)."""
    out = tmp / f"{name}-{threads or 'auto'}{tag}.pdf"
    env = {"SOURCE_DATE_EPOCH": "1700000000", "GAZETTE_PDF_THREADS": threads or None}
    r = gz.run("-t", "pdf", "-o", out, *args, env=env)
    if not gz.check(f"{name} on {threads or 'auto'}: exit 0", r.code == 0, r.err):
        return b"", ""
    return out.read_bytes(), r.err


def untagged(pdf):
    """The PDF with each font's subset tag (/ABCDEF+Name) made the same."""
    return re.sub(rb"/[A-Z]{6}\+", b"/TAGTAG+", pdf)


def same(tmp, name, args, auto=None):
    one, err_one = convert(tmp, name, "1", args)
    two, err_two = convert(tmp, name, "2", args)
    streamed, err_streamed = convert(tmp, name, "stream", args)
    gz.check(f"{name}: {len(one)} bytes on one thread, {len(two)} on two: the same file",
             one and one == two)
    gz.check(f"{name}: {len(streamed)} bytes streamed, {len(one)} on one thread: the same "
             "file but for the subset tags", untagged(streamed) == untagged(one))
    for way, err in (("two threads", err_two), ("streamed", err_streamed)):
        gz.check(f"{name}: the warnings {way} are the same", err == err_one,
                 f"{err_one}\n---\n{err}")
    if auto:
        chosen, _ = convert(tmp, name, "", args)
        gz.check(f"{name}: the automatic choice is the file {auto}",
                 chosen == {"one": one, "stream": streamed}[auto])
    print(f"{name}: {len(one)} bytes, {'same' if one == two else 'DIFFERENT'} on two threads, "
          f"{'same' if untagged(streamed) == untagged(one) else 'DIFFERENT'} streamed")
    return streamed


tmp = gz.tmpdir()
samples = sorted(os.path.join(SAMPLES, s) for s in os.listdir(SAMPLES) if s.endswith(".md"))
body = SEED.read_text(encoding="utf-8")
seed = gz.write(tmp / "seed.md", body)
same(tmp, "seed", [seed], auto="one")
for s in samples:
    same(tmp, os.path.basename(s)[:-3], [s])
same(tmp, "brochure", ["--combine", "--toc", "--set", "pdf.cover=true",
                       "--set", "pdf.columns=2", *samples])

# Some 90 pages (1,300 texts): past the threshold of 1,000, so the
# automatic choice is two threads, streaming.  The samples' bodies
# bring pictures (copied beside it), tables, code and struck text; a
# table of 150 rows repeats its header on the pages it spans.
shutil.copytree(os.path.join(SAMPLES, "images"), os.path.join(tmp, "images"))
front, _, rest = body.partition("\n---\n")
extra = ""
for s in samples:
    with open(s, encoding="utf-8") as f:
        extra += f.read().split("\n---\n", 1)[1] + "\n\n"
table = "| # | name | note |\n|---|---|---|\n" + "".join(
    f"| {i} | row {i} | ~~struck~~ and `code` 行{i} |\n" for i in range(150))
long_page = gz.write(tmp / "long.md",
                     front + "\n---\n" + (rest + "\n\n" + extra) * 30 + "\n\n" + table)
streamed = same(tmp, "long", [long_page], auto="stream")
for run in range(10):
    again, _ = convert(tmp, "long", "stream", [long_page], tag=f"-{run}")
    if not gz.check(f"long: streamed run {run + 2} gives the same bytes", again == streamed):
        break

gz.finish()
