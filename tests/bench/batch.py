#!/usr/bin/env python3
"""Benchmark (not a test): 200 pages in one run, to HTML and to PDF, with -j 1 and
-j 2, beside Hugo building the same pages as a site and WeasyPrint printing them;
then 1,000 and 3,000 posts to HTML built fresh (into an empty folder) and rebuilt
over their outputs, beside Hugo doing the same.

Usage: tests/bench/batch.py [BUILD_DIR] [--posts 1000,3000] [--no-pdf]
  (default: build; peers from scripts/setup bench)
Prints the median wall and CPU time of 3 runs and pages per second.  WeasyPrint takes
seconds a page, so it prints a sample of the pages (its rate is what compares).
"""
import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import EN, JA, ZH, measure, scratch_dir  # noqa: E402

root = Path(__file__).resolve().parents[2]
ap = argparse.ArgumentParser()
ap.add_argument("build", nargs="?", default=str(root / "build"))
ap.add_argument("--posts", default="1000,3000", help="post counts for fresh and rebuilt runs")
ap.add_argument("--no-pdf", action="store_true", help="leave out the 200 pages to PDF")
args = ap.parse_args()
build = Path(args.build).resolve()
gazette = str(build / "gazette")
PAGES = 200
WEASY_SAMPLE = 3


def page(n):
    lang, text = [("zh-CN", ZH), ("en", EN), ("ja", JA)][n % 3]
    body = "\n\n".join(f"## 第{k}节 Section {k}\n\n{text} {text}\n\n- {text[:30]}\n- [link](https://example.org/{k})"
                       for k in range(4))
    return (f"---\ntitle: \"Page {n} 页面\"\nlang: {lang}\ndate: 2024-05-{n % 28 + 1:02d}\n---\n\n"
            f"# Page {n}\n\n{body}\n")


tmp = Path(scratch_dir())
pages = []
for n in range(PAGES):
    folder = tmp / "content" / f"part{n % 5}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"page{n}.md"
    path.write_text(page(n))
    pages.append(str(path.relative_to(tmp)))

print(f"{PAGES} pages (about {sum((tmp / p).stat().st_size for p in pages) / PAGES / 1024:.1f} KB "
      f"each, Chinese, English, Japanese), load average {os.getloadavg()[0]:.1f} on "
      f"{os.cpu_count()} CPUs")
print(f"{'run':<34}{'wall s':>8}{'CPU s':>8}{'pages/s':>9}{'peak MiB':>10}")


def hugo_site(site):
    """Makes `site` a Hugo site whose pages are written with a bare template."""
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text("<!DOCTYPE html><html><head><title>{{ .Title }}</title>"
                                    "</head><body>{{ .Content }}</body></html>\n")


def row(label, argv, count, cwd=tmp, runs=3):
    try:
        wall, cpu, peak = measure(argv, runs=runs, cwd=cwd)
    except (RuntimeError, FileNotFoundError) as e:
        print(f"{label:<34} failed: {e}")
        return
    print(f"{label:<34}{wall:>8.2f}{cpu:>8.2f}{count / wall:>9.1f}{peak:>10.1f}")


for fmt in ("html",) if args.no_pdf else ("html", "pdf"):
    for jobs in ("1", "2"):
        out = tmp / f"out-{fmt}-{jobs}"
        row(f"gazette -t {fmt} -j {jobs}", [gazette, "-q", "-j", jobs, "-t", fmt, "-o", str(out),
                                            *pages], PAGES)

if shutil.which("hugo"):
    hugo_site(tmp)
    row("hugo (the same pages as a site)", ["hugo", "--quiet", "-d", str(tmp / "public")],
        PAGES)
else:
    print("skipped hugo: not installed (scripts/setup bench)")

if shutil.which("weasyprint") and not args.no_pdf:
    sample = tmp / "weasy"
    sample.mkdir()
    html = []
    for p in pages[:WEASY_SAMPLE]:
        src = tmp / "out-html-1" / Path(p).relative_to("content").with_suffix(".html")
        html.append(str(src))
    script = sample / "print.sh"
    script.write_text("for f in \"$@\"; do weasyprint -q \"$f\" \"$f.pdf\" || exit 1; done\n")
    row(f"weasyprint ({WEASY_SAMPLE} of the pages)", ["bash", str(script), *html], WEASY_SAMPLE,
        runs=1)
else:
    print("skipped weasyprint: not installed, or --no-pdf (scripts/setup bench)")


def fresh_and_rebuilt(label, tag, argv_into, count, cwd):
    """Rows for building into a new, empty folder each run (fresh) and over the
    outputs of a first build (rebuilt); argv_into(folder) is the command, and
    its folders are named after `tag`."""
    walls, cpus, peaks = [], [], []
    for k in range(3):
        try:
            wall, cpu, peak = measure(argv_into(f"{tag}-fresh{k}"), runs=1, cwd=cwd)
        except (RuntimeError, FileNotFoundError) as e:
            print(f"{label + ', fresh':<34} failed: {e}")
            return
        walls.append(wall), cpus.append(cpu), peaks.append(peak)
    wall = statistics.median(walls)
    print(f"{label + ', fresh':<34}{wall:>8.2f}{statistics.median(cpus):>8.2f}"
          f"{count / wall:>9.1f}{max(peaks):>10.1f}")
    row(f"{label}, rebuilt over it", argv_into(f"{tag}-fresh0"), count, cwd=cwd)


# A site rebuilt over its outputs should cost what a fresh build does: each
# output is checked against the inputs once (never overwrite an input).
for posts in (int(n) for n in args.posts.split(",") if n):
    site = tmp / f"site{posts}"
    folder = site / "content" / "posts"
    folder.mkdir(parents=True)
    names = []
    for n in range(posts):
        name = f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}-post{n}.md"
        (folder / name).write_text(page(n))
        names.append(str(Path("content") / "posts" / name))
    print(f"\n{posts} posts to HTML, fresh and rebuilt over their outputs")
    print(f"{'run':<34}{'wall s':>8}{'CPU s':>8}{'pages/s':>9}{'peak MiB':>10}")
    for jobs in ("1", "2"):
        fresh_and_rebuilt(f"gazette -j {jobs}, {posts}", f"j{jobs}", lambda out: [
                          gazette, "-q", "-j", jobs, "-t", "html", "-o", out, *names], posts, site)
    if shutil.which("hugo"):
        hugo_site(site)
        fresh_and_rebuilt(f"hugo, {posts}", "hugo", lambda out: ["hugo", "--quiet", "-d", out],
                          posts, site)
shutil.rmtree(tmp, ignore_errors=True)
