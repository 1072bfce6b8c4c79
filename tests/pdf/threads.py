#!/usr/bin/env python3
"""threads.py: a PDF laid out on two threads is the PDF laid out on one.

Long documents break their lines on two threads (formats/pdf/pdf.c,
GAZETTE_PDF_THREADS=2 forces it), each with pango fonts of its own font map.
For the seed page, every sample, a combined brochure with cover, contents and
two columns, and a long document past the automatic threshold, the file made
on two threads must be the file made on one, byte for byte, and so must the
warnings; and the automatic choice must give that same file."""
import os
import subprocess
import sys
import tempfile

GAZETTE = os.environ.get("GAZETTE", "gazette")
ROOT = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(ROOT, "..", "shared", "seeds", "000_3f79db424e972863.txt")
SAMPLES = os.path.join(ROOT, "samples")
failures = []


def convert(tmp, name, threads, args):
    """Returns (bytes of the PDF, stderr) made with GAZETTE_PDF_THREADS=threads
    ("" for the automatic choice)."""
    out = os.path.join(tmp, f"{name}-{threads or 'auto'}.pdf")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("GAZETTE_PDF_THREADS", None)
    if threads:
        env["GAZETTE_PDF_THREADS"] = threads
    r = subprocess.run([GAZETTE, "-t", "pdf", "-o", out, *args], env=env, capture_output=True)
    if r.returncode != 0:
        failures.append(f"{name}: exit {r.returncode}: {r.stderr.decode()}")
        return b"", ""
    with open(out, "rb") as f:
        return f.read(), r.stderr.decode()


def same(tmp, name, args, auto=False):
    one, err_one = convert(tmp, name, "1", args)
    two, err_two = convert(tmp, name, "2", args)
    if not one or one != two:
        failures.append(f"{name}: {len(one)} bytes on one thread, {len(two)} on two, "
                        "not the same file")
    if err_one != err_two:
        failures.append(f"{name}: the warnings differ:\n{err_one}\n---\n{err_two}")
    if auto:
        chosen, _ = convert(tmp, name, "", args)
        if chosen != one:
            failures.append(f"{name}: the automatic choice gives another file")
    print(f"{name}: {len(one)} bytes, {'same' if one == two else 'DIFFERENT'}")


with tempfile.TemporaryDirectory() as tmp:
    samples = sorted(os.path.join(SAMPLES, s) for s in os.listdir(SAMPLES) if s.endswith(".md"))
    seed = os.path.join(tmp, "seed.md")
    with open(SEED, encoding="utf-8") as f:
        body = f.read()
    with open(seed, "w", encoding="utf-8") as f:
        f.write(body)
    same(tmp, "seed", [seed], auto=True)
    for s in samples:
        same(tmp, os.path.basename(s)[:-3], [s])
    same(tmp, "brochure", ["--combine", "--toc", "--set", "pdf.cover=true",
                           "--set", "pdf.columns=2", *samples])
    # Some 80 pages (1,240 texts): past the threshold of 1,000, so the
    # automatic choice is two.
    front, _, rest = body.partition("\n---\n")
    long_page = os.path.join(tmp, "long.md")
    with open(long_page, "w", encoding="utf-8") as f:
        f.write(front + "\n---\n" + rest * 40)
    same(tmp, "long", [long_page], auto=True)

for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
