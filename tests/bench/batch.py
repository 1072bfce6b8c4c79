#!/usr/bin/env python3
"""Benchmark (not a test): 200 pages in one run, to HTML and to PDF, with -j 1 and
-j 2, beside Hugo building the same pages as a site and WeasyPrint printing them.

Usage: tests/bench/batch.py [BUILD_DIR]   (default: build; peers from scripts/setup bench)
Prints the median wall and CPU time of 3 runs and pages per second.  WeasyPrint takes
seconds a page, so it prints a sample of the pages (its rate is what compares).
"""
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import EN, JA, ZH, measure  # noqa: E402

root = Path(__file__).resolve().parents[2]
build = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build"
gazette = str(build / "gazette")
PAGES = 200
WEASY_SAMPLE = 10


def page(n):
    lang, text = [("zh-CN", ZH), ("en", EN), ("ja", JA)][n % 3]
    body = "\n\n".join(f"## 第{k}节 Section {k}\n\n{text} {text}\n\n- {text[:30]}\n- [link](https://example.org/{k})"
                       for k in range(4))
    return (f"---\ntitle: \"Page {n} 页面\"\nlang: {lang}\ndate: 2024-05-{n % 28 + 1:02d}\n---\n\n"
            f"# Page {n}\n\n{body}\n")


tmp = Path(tempfile.mkdtemp())
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


def row(label, argv, count, cwd=tmp, runs=3):
    try:
        wall, cpu, peak = measure(argv, runs=runs, cwd=cwd)
    except (RuntimeError, FileNotFoundError) as e:
        print(f"{label:<34} failed: {e}")
        return
    print(f"{label:<34}{wall:>8.2f}{cpu:>8.2f}{count / wall:>9.1f}{peak:>10.1f}")


for fmt in ("html", "pdf"):
    for jobs in ("1", "2"):
        out = tmp / f"out-{fmt}-{jobs}"
        row(f"gazette -t {fmt} -j {jobs}", [gazette, "-q", "-j", jobs, "-t", fmt, "-o", str(out),
                                            *pages], PAGES)

if shutil.which("hugo"):
    (tmp / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                   'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    layouts = tmp / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text("<!DOCTYPE html><html><head><title>{{ .Title }}</title>"
                                    "</head><body>{{ .Content }}</body></html>\n")
    row("hugo (the same pages as a site)", ["hugo", "--quiet", "-d", str(tmp / "public")],
        PAGES)
else:
    print("skipped hugo: not installed (scripts/setup bench)")

if shutil.which("weasyprint"):
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
    print("skipped weasyprint: not installed (scripts/setup bench)")
shutil.rmtree(tmp, ignore_errors=True)
