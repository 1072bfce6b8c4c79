#!/usr/bin/env python3
"""Benchmark (not a test): Markdown to HTML, gazette beside md4c, cmark and cmark-gfm.

Usage: tests/bench/html.py [BUILD_DIR]   (default: build)
Prints the median wall and CPU time of 5 runs, MB/s and peak memory of each tool,
for 1 MB and 10 MB of generated Markdown, and gazette's ratios against the peers.
The machines are shared: CPU time is the steadier figure.
"""
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import markdown, measure  # noqa: E402

root = Path(__file__).resolve().parents[2]
build = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build"
gazette = build / "gazette"
md4c = build / "tests" / "html" / "md_html"

# Each tool in its GitHub dialect (tables, strikethrough, task lists, autolinks),
# writing an HTML fragment from standard input to standard output.
tools = {"gazette": [str(gazette), "-q", "-t", "html", "--fragment", "-"]}
if md4c.exists():
    tools["md4c md_html"] = [str(md4c), "--github"]
else:
    print(f"skipped md4c md_html: {md4c} not built (it is built with the tests)")
if shutil.which("md2html"):
    tools["md2html"] = ["md2html", "--github"]
else:
    print("skipped md2html: not installed (md4c's program is not packaged in Debian 12)")
for name, argv in [("cmark", ["cmark"]), ("cmark-gfm", ["cmark-gfm", "-e", "table", "-e",
                   "strikethrough", "-e", "autolink", "-e", "tasklist"])]:
    if shutil.which(argv[0]):
        tools[name] = argv
    else:
        print(f"skipped {name}: not installed")

tmp = Path(tempfile.mkdtemp())
for mb in (1, 10):
    path = tmp / f"{mb}mb.md"
    path.write_text(markdown(mb * 1_000_000))
    size = path.stat().st_size / 1e6
    print(f"\n{mb} MB of Markdown ({size:.1f} MB, CJK and Latin), median of 5 runs")
    print(f"{'tool':<14}{'wall s':>8}{'CPU s':>8}{'MB/s':>8}{'peak MiB':>10}{'peak/input':>11}")
    results = {}
    for name, argv in tools.items():
        secs, cpu, peak = measure(argv, stdin_path=path)
        results[name] = (secs, cpu)
        print(f"{name:<14}{secs:>8.3f}{cpu:>8.3f}{size / secs:>8.1f}{peak:>10.1f}{peak / size:>11.1f}")
    for peer in results:
        if peer != "gazette":
            # A peer may take no measurable time.
            wall = results["gazette"][0] / max(results[peer][0], 0.01)
            cpu = results["gazette"][1] / max(results[peer][1], 0.01)
            print(f"gazette / {peer}: {wall:.2f}x the wall time, {cpu:.2f}x the CPU time")
