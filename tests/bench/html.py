#!/usr/bin/env python3
"""Benchmark (not a test): Markdown to HTML, gazette beside md4c, cmark and cmark-gfm.

Usage: tests/bench/html.py [BUILD_DIR] [--seed PAGE.md] [--sizes 2,10,50] [--runs 7]
                          [--no-callgrind]
  (default: build)

For each size (MB) it converts generated Markdown (CJK and Latin, every kind of
block) and, with --seed, the body of PAGE.md repeated (a link-heavy CJK news page),
and prints the median wall and CPU time of 7 rounds (each tool once a round; below
20 MB, as many more as make up the time of 7 rounds at 20 MB: 70 at 2 MB, 14 at
10 MB, since the shorter a run the noisier), MB/s, peak memory and peak / input of
each tool, and gazette's ratios against the peers (the median of the rounds'
ratios, and for CPU time the middle half of them); on the generated
text also "by blocks", gazette's parser and writer a top-level block at a time
straight on gz_markdown_parse_blocks (tests/html/html_blocks.c).  The machines are
shared: CPU time is the steadier figure, and callgrind's instruction count
(gazette against md4c's own renderer on 2 MB, when valgrind is installed) the
steadiest: it does not depend on the load.
"""
import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import markdown, measure  # noqa: E402

root = Path(__file__).resolve().parents[2]
ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default=str(root / "build"))
ap.add_argument("--seed", help="a Markdown page whose body (front matter left out) is repeated")
ap.add_argument("--sizes", default="2,10,50", help="sizes in MB, comma-separated")
ap.add_argument("--no-callgrind", action="store_true")
ap.add_argument("--runs", type=int, default=7, help="rounds at each size (default 7)")
args = ap.parse_args()
build = Path(args.build).resolve()
gazette = build / "gazette"
md4c = build / "tests" / "html" / "md_html"
blocks = build / "tests" / "html" / "html_blocks"

# Each tool in its GitHub dialect (tables, strikethrough, task lists, autolinks),
# writing an HTML fragment from standard input to standard output; gazette's
# code blocks plain, as the others leave theirs (tests/bench/highlight.sh
# measures colouring).
tools = {"gazette": [str(gazette), "-q", "-t", "html", "--fragment", "--set", "highlight=false",
                     "-"]}
if md4c.exists():
    tools["md4c md_html"] = [str(md4c), "--github"]
else:
    print(f"skipped md4c md_html: {md4c} not built (it is built with the tests)")
if shutil.which("md2html"):
    tools["md2html"] = ["md2html", "--github"]
else:
    print("skipped md2html: not installed (md4c's program is not packaged in Debian 12; "
          "md_html is its renderer, libmd4c-html, behind the same few lines)")
for name, argv in [("cmark", ["cmark"]), ("cmark-gfm", ["cmark-gfm", "-e", "table", "-e",
                   "strikethrough", "-e", "autolink", "-e", "tasklist"])]:
    if shutil.which(argv[0]):
        tools[name] = argv
    else:
        print(f"skipped {name}: not installed")


def seed_body(path):
    text = Path(path).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            text = text[end + 5:]
    return text


def repeated(body, size):
    copies = -(-size // len(body.encode()))
    return body * copies


def instructions(argv, path):
    """callgrind's count of instructions for one run of argv on path."""
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                          stdin=open(path, "rb"), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        raise RuntimeError(f"callgrind failed on {argv[0]}")
    return int(found.group(1))


tmp = Path(tempfile.mkdtemp())
inputs = [("generated", lambda size: markdown(size))]
if args.seed:
    body = seed_body(args.seed)
    inputs.append(("seed page repeated", lambda size: repeated(body, size)))
sizes = [int(s) for s in args.sizes.split(",")]

if not args.no_callgrind and shutil.which("valgrind") and "md4c md_html" in tools:
    print("\nInstructions (callgrind), 2 MB: gazette / md4c's renderer")
    for label, make in inputs:
        path = tmp / "cg.md"
        path.write_text(make(2_000_000))
        g = instructions(tools["gazette"], path)
        m = instructions(tools["md4c md_html"], path)
        print(f"{label:<20} gazette {g / 1e6:8.1f} M  md4c {m / 1e6:8.1f} M  ratio {g / m:.2f}")

# gazette's parser and writer a top-level block at a time (tests/html/html_blocks.c),
# on the generated text only (it has none of the passes over a whole page the seed
# page's Liquid needs); with glibc's transparent huge pages, which gazette's own
# heap set-up (cli/limits.c) gives the program.
by_blocks = ["env", "GLIBC_TUNABLES=glibc.malloc.hugetlb=1", str(blocks)]

for label, make in inputs:
    for mb in sizes:
        path = tmp / f"{mb}mb.md"
        path.write_text(make(mb * 1_000_000))
        size = path.stat().st_size / 1e6
        runs = dict(tools)
        if blocks.exists() and label == "generated":
            runs["by blocks"] = by_blocks
        # Round after round, each tool once a round, so that a slow minute slows
        # them all; a ratio is the median of the rounds' ratios.
        walls, cpus, peaks = ({name: [] for name in runs} for _ in range(3))
        rounds = args.runs * max(1, round(20 / mb))
        for _ in range(rounds):
            for name, argv in runs.items():
                secs, cpu, peak = measure(argv, runs=1, stdin_path=path)
                walls[name].append(secs)
                cpus[name].append(cpu)
                peaks[name].append(peak)
        print(f"\n{mb} MB of Markdown, {label} ({size:.1f} MB), medians of {rounds} rounds")
        print(f"{'tool':<14}{'wall s':>8}{'CPU s':>8}{'MB/s':>8}{'peak MiB':>10}{'peak/input':>11}")
        for name in runs:
            secs, cpu, peak = (statistics.median(walls[name]), statistics.median(cpus[name]),
                               max(peaks[name]))
            print(f"{name:<14}{secs:>8.3f}{cpu:>8.3f}{size / secs:>8.1f}{peak:>10.1f}"
                  f"{peak * 1.048576 / size:>11.1f}")

        def ratios(series, a, b):
            # A peer may take no measurable time.
            return [x / max(y, 1e-3) for x, y in zip(series[a], series[b])]

        def ratio(series, a, b):
            return statistics.median(ratios(series, a, b))

        def spread(series, a, b):
            # The middle half of the rounds' ratios: how far one run's median may move.
            q = statistics.quantiles(ratios(series, a, b), n=4)
            return f"{q[0]:.2f}-{q[2]:.2f}"
        if "by blocks" in runs and "md4c md_html" in runs:
            print(f"by blocks / md4c md_html: {ratio(cpus, 'by blocks', 'md4c md_html'):.2f}x "
                  f"the CPU time")
        for peer in runs:
            if peer not in ("gazette", "by blocks"):
                print(f"gazette / {peer}: {ratio(walls, 'gazette', peer):.2f}x the wall time, "
                      f"{ratio(cpus, 'gazette', peer):.2f}x the CPU time "
                      f"(the middle half of the rounds: {spread(cpus, 'gazette', peer)})")
shutil.rmtree(tmp, ignore_errors=True)
