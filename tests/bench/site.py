#!/usr/bin/env python3
"""site.py [POSTS...]: a generated site of POSTS posts (default 1,000 and
10,000), built as HTML pages with their feed by gazette, by `hugo` and by
`jekyll build` (with jekyll-feed), the three taking turns, RUNS rounds
(default 3).  Prints each program's median wall and CPU time and its peak
memory, and the ratio of each peer's wall time to gazette's.

The same posts are written twice, as a Jekyll site (_posts/, _config.yml)
and as a Hugo site (content/posts/, config.toml, two one-line layouts);
gazette builds both, and each ratio pairs gazette with the peer on the
peer's own site.  A peer that is not installed is left out.  Run by hand,
never in CI: `python3 tests/bench/site.py 1000 10000`."""
import os
import shutil
import statistics
import sys
from pathlib import Path

from common import EN, JA, ZH, measure, scratch_dir

GAZETTE = os.environ.get("GAZETTE", str(Path(__file__).resolve().parents[2] / "build" / "gazette"))
RUNS = int(os.environ.get("RUNS", "3"))


def post(n):
    return (f"## 第{n}期\n\n{ZH}\n\n{EN} [link](https://example.org/{n}).\n\n"
            f"- {JA}\n- **{EN[:40]}**\n\n```c\nint f{n}(void) {{ return {n}; }}\n```\n")


def make_sites(root, count):
    jekyll, hugo = root / "jekyll", root / "hugo"
    (jekyll / "_posts").mkdir(parents=True)
    (hugo / "content/posts").mkdir(parents=True)
    (hugo / "layouts/_default").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: Bench\nurl: https://example.org\n"
                                        "plugins: [jekyll-feed]\nlang: zh-CN\n")
    (hugo / "config.toml").write_text('baseURL = "https://example.org/"\nlanguageCode = "zh-CN"\n'
                                      'title = "Bench"\n')
    (hugo / "layouts/_default/single.html").write_text("{{ .Content }}")
    (hugo / "layouts/_default/list.html").write_text("{{ range .Pages }}{{ .Permalink }}{{ end }}")
    for n in range(count):
        day = f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        body = post(n)
        (jekyll / f"_posts/{day}-post-{n}.md").write_text(f"---\ntitle: 第{n}篇\n---\n{body}")
        (hugo / f"content/posts/post-{n}.md").write_text(
            f"---\ntitle: \"第{n}篇\"\ndate: {day}\n---\n{body}")
    return jekyll, hugo


def main():
    counts = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{RUNS} rounds, medians; gazette {GAZETTE}")
    print(f"{'posts':>6} {'program':<22} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'peer/gazette':>12}")
    for count in counts:
        tmp = Path(scratch_dir())
        try:
            jekyll, hugo = make_sites(tmp, count)
            out = tmp / "out"
            programs = {
                "gazette (Jekyll site)": [GAZETTE, "-q", "-t", "html,atom", "-o", out / "gj", jekyll],
                "gazette (Hugo site)": [GAZETTE, "-q", "-t", "html,rss", "-o", out / "gh", hugo],
            }
            if shutil.which("hugo"):
                programs["hugo"] = ["hugo", "--quiet", "-s", hugo, "-d", out / "hugo"]
            if shutil.which("jekyll"):
                programs["jekyll build"] = ["jekyll", "build", "-q", "-s", jekyll, "-d", out / "jekyll"]
            results = {name: [] for name in programs}
            for _ in range(RUNS):
                for name, argv in programs.items():
                    # Each build starts from an empty output folder.
                    for d in out.glob("*"):
                        shutil.rmtree(d)
                    results[name].append(measure([str(a) for a in argv], runs=1))
            wall = {name: statistics.median(r[0] for r in rs) for name, rs in results.items()}
            for name, rs in results.items():
                cpu = statistics.median(r[1] for r in rs)
                peak = max(r[2] for r in rs)
                base = "gazette (Hugo site)" if name == "hugo" else "gazette (Jekyll site)"
                ratio = f"{wall[name] / wall[base]:.1f}x" if not name.startswith("gazette") else ""
                print(f"{count:>6} {name:<22} {wall[name]:>8.2f} {cpu:>8.2f} {peak:>8.0f} {ratio:>12}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
