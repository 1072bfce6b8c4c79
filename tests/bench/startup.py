#!/usr/bin/env python3
"""Benchmark (not a test): what gazette's start-up costs, library by library.

Usage: tests/bench/startup.py [BUILD_DIR] [--runs 300]
  (default: build)

Builds an empty program (`int main(void) { return 0; }`) linked to nothing, to
GLib alone, to md4c's two libraries, to those and GLib, libyaml and libm (what
libgazette needs), to those and libgazette, and (where it is installed) to
libunistring alone, a Unicode library that could stand in for GLib's tables;
then runs each, gazette converting a one-line page and md4c's renderer on the
same page, round after round, and prints the median
CPU time (user and system, from wait4) of each.  The differences between lines
are what a library costs to map, relocate and initialise.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

root = Path(__file__).resolve().parents[2]
ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default=str(root / "build"))
ap.add_argument("--runs", type=int, default=300)
args = ap.parse_args()
build = Path(args.build).resolve()


def pkg_libs(*names):
    out = subprocess.run(["pkg-config", "--libs", *names], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    (tmp / "empty.c").write_text("int main(void) { return 0; }\n")
    page = tmp / "page.md"
    page.write_text("# hi\n")
    deps = pkg_libs("md4c", "md4c-html", "glib-2.0", "yaml-0.1") + ["-lm"]
    sets = {
        "nothing": [],
        "GLib alone": pkg_libs("glib-2.0"),
        "md4c's two libraries": pkg_libs("md4c", "md4c-html"),
        "those, GLib, libyaml and libm": deps,
        "those and libgazette": [f"-L{build}", f"-Wl,-rpath,{build}", "-lgazette"] + deps,
    }
    # A Unicode library that could stand in for GLib's tables: Debian's
    # libunistring, present as a dependency of most systems (no -dev needed).
    unistring = sorted(glob.glob("/usr/lib/*/libunistring.so.2"))
    if unistring:
        sets["libunistring alone"] = unistring[:1]
    programs = {}
    for name, libs in sets.items():
        exe = tmp / f"empty{len(programs)}"
        subprocess.run(["cc", "-O2", str(tmp / "empty.c"), "-o", str(exe),
                        "-Wl,--no-as-needed", *libs], check=True)
        programs[f"empty program, linked to {name}"] = [str(exe)]
    programs["gazette -t html --fragment, `# hi`"] = [
        str(build / "gazette"), "-q", "-t", "html", "--fragment", "-"]
    md_html = build / "tests" / "html" / "md_html"
    if md_html.exists():
        programs["md4c's renderer (md_html), `# hi`"] = [str(md_html), "--github"]
    times = {name: [] for name in programs}
    for _ in range(args.runs):
        for name, argv in programs.items():
            with open(page, "rb") as f:
                proc = subprocess.Popen(argv, stdin=f, stdout=subprocess.DEVNULL)
                _, status, usage = os.wait4(proc.pid, 0)
            if status != 0:
                sys.exit(f"{argv[0]} failed with status {status}")
            times[name].append(usage.ru_utime + usage.ru_stime)
    print(f"CPU time, median of {args.runs} interleaved runs (load {os.getloadavg()[0]:.1f})")
    for name, values in times.items():
        print(f"  {1000 * statistics.median(values):6.3f} ms  {name}")
