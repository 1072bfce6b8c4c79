#!/usr/bin/env python3
"""long.py: a long document makes the same PDF every time, and a sound one.

The document is some 90 pages (1,300 texts) of the seed page and the
samples' bodies: pictures (copied beside it), tables, code and struck text,
and a table of 150 rows that repeats its header on the pages it spans.  Its
faces are subset two at a time (formats/pdf/subset.c), so it is made three
times over: the same bytes each time, whatever the two threads' timing.
qpdf finds the file sound, and it has the pages it should."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

GAZETTE = os.environ.get("GAZETTE", "gazette")
ROOT = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(ROOT, "..", "shared", "seeds", "000_3f79db424e972863.txt")
SAMPLES = os.path.join(ROOT, "samples")
failures = []


def convert(tmp, page, run):
    """The bytes of the PDF of `page` (empty after a failure)."""
    out = os.path.join(tmp, f"long-{run}.pdf")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    r = subprocess.run([GAZETTE, "-t", "pdf", "-o", out, page], env=env, capture_output=True)
    if r.returncode != 0:
        failures.append(f"run {run}: exit {r.returncode}: {r.stderr.decode()}")
        return b""
    with open(out, "rb") as f:
        return f.read()


if not os.path.exists(SEED):
    print("long.py: no seed page; skipped")
    sys.exit(77)

with tempfile.TemporaryDirectory() as tmp:
    samples = sorted(os.path.join(SAMPLES, s) for s in os.listdir(SAMPLES) if s.endswith(".md"))
    with open(SEED, encoding="utf-8") as f:
        body = f.read()
    shutil.copytree(os.path.join(SAMPLES, "images"), os.path.join(tmp, "images"))
    front, _, rest = body.partition("\n---\n")
    extra = ""
    for s in samples:
        with open(s, encoding="utf-8") as f:
            extra += f.read().split("\n---\n", 1)[1] + "\n\n"
    table = "| # | name | note |\n|---|---|---|\n" + "".join(
        f"| {i} | row {i} | ~~struck~~ and `code` 行{i} |\n" for i in range(150))
    page = os.path.join(tmp, "long.md")
    with open(page, "w", encoding="utf-8") as f:
        f.write(front + "\n---\n" + (rest + "\n\n" + extra) * 30 + "\n\n" + table)

    first = convert(tmp, page, 1)
    for run in (2, 3):
        if convert(tmp, page, run) != first:
            failures.append(f"run {run} gives other bytes than run 1")
    pdf = os.path.join(tmp, "long-1.pdf")
    if first:
        r = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f"qpdf --check: {r.stdout}{r.stderr}")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", info, re.M)
        pages = int(m.group(1)) if m else 0
        if pages < 60:
            failures.append(f"{pages} pages, not the 60 or more of 1,300 texts")
        print(f"long: {len(first)} bytes, {pages} pages, the same three times")

for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
