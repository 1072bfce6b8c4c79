#!/usr/bin/env python3
"""Many inputs at once: worker processes, mirrored folders, progress, --incremental, --watch."""
import signal
import subprocess
import time
from pathlib import Path

import gztest as gz
from gztest import check

gazette = gz.GAZETTE


def run(*args, env=None):
    return gz.run(*args, env=env, timeout=300)


tmp = gz.tmpdir()
site = tmp / "site"
texts = ["---\nlang: zh\n---\n# 标题 {n}\n\n中文段落，第{n}页。\n",
         "# Title {n}\n\nAn English page, number {n}.\n",
         "---\nlang: ja\n---\n# 見出し {n}\n\n日本語のページです。\n",
         "---\nlang: ko\n---\n# 제목 {n}\n\n한국어 페이지입니다.\n"]
inputs = []
for n in range(200):
    folder = site / f"part{n % 4}" / ("deep" if n % 3 == 0 else "")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"page{n}.md"
    path.write_text(texts[n % 4].format(n=n))
    inputs.append(path)
broken = inputs[77]
broken.write_bytes("# 坏页面\n\n这一页是用国标编码写的，不是UTF-8。存储系统在用户态直接访问固态硬盘。\n".encode("gb18030"))

for jobs in ("1", "2"):
    out = tmp / f"out-j{jobs}"
    code, _, err = run("-j", jobs, "-t", "tree", "-o", str(out), *map(str, inputs))
    made = sorted(p.relative_to(out) for p in out.rglob("*.tree"))
    want = sorted(p.relative_to(site).with_suffix(".tree") for p in inputs if p != broken)
    check(f"-j {jobs}: exit 1 for one broken page", code == 1, err)
    check(f"-j {jobs}: every good page converted, mirrored", made == want,
          f"{len(made)} made, {len(want)} wanted")
    check(f"-j {jobs}: the broken page named", f"{broken}: error: this looks like GB18030" in err, err)
    check(f"-j {jobs}: a summary counts the failure", "1 of 200 inputs failed; 199 converted" in err, err)
a = {p.relative_to(tmp / "out-j1"): p.read_bytes() for p in (tmp / "out-j1").rglob("*.tree")}
b = {p.relative_to(tmp / "out-j2"): p.read_bytes() for p in (tmp / "out-j2").rglob("*.tree")}
check("-j 1 and -j 2 give the same bytes", a == b)

# Many PDFs in one process: fonts and faces outlive the documents that loaded
# them (this crashed after about 140 documents when a document freed them).
good = [str(p) for p in inputs if p != broken][:160]
code, _, err = run("-q", "-j", "1", "-t", "pdf", "-o", str(tmp / "pdfs"), *good)
check("160 PDFs in one process", code == 0 and len(list((tmp / "pdfs").rglob("*.pdf"))) == 160, err)

# Pages in subfolders link to the feeds at the top of the output folder.
code, _, err = run("-t", "html,rss", "-o", str(tmp / "feeds"), str(inputs[0]), str(inputs[1]))
top = (tmp / "feeds" / "part1" / "page1.html").read_text()
deep = (tmp / "feeds" / "part0" / "deep" / "page0.html").read_text()
check("feed link from a subfolder", code == 0 and 'href="../feed.xml"' in top
      and 'href="../../feed.xml"' in deep and (tmp / "feeds" / "feed.xml").exists(), err)

# Progress: one updating line on a terminal, nothing on a pipe.
good = [str(p) for p in inputs if p != broken][:40]
env = {"GAZETTE_PROGRESS_AFTER": "0"}
cmd = " ".join([gazette, "-j", "1", "-t", "tree", "-o", str(tmp / "prog"), *good])
shown = gz.command(["script", "-qec", cmd, "/dev/null"], env=env).out
check("progress on a terminal", "\r\x1b[K[40/40]" in shown and "-> tree" in shown
      and "40 converted" in shown, shown[-300:])
code, out, err = run("-j", "1", "-t", "tree", "-o", str(tmp / "prog2"), *good, env=env)
check("no progress on a pipe", code == 0 and err == "", err)
code, out, err = run("-q", "-j", "1", "-t", "tree", "-o", str(tmp / "prog3"), *good, env=env)
check("-q is silent", code == 0 and err == "", err)

# --incremental converts nothing the second time; touching one input converts only it.
# (Outputs it has no record of, written without --incremental, are written again.)
inc = tmp / "inc"
few = [str(p) for p in inputs[:10]]
run("--incremental", "-t", "tree", "-o", str(inc), *few)
stamps = {p: p.stat().st_mtime_ns for p in inc.rglob("*.tree")}
time.sleep(0.05)
code, _, err = run("--incremental", "-t", "tree", "-o", str(inc), *few)
check("incremental: nothing converted", code == 0 and
      all(p.stat().st_mtime_ns == t for p, t in stamps.items()), err)
Path(few[3]).write_text("# changed\n")
code, _, err = run("--incremental", "-t", "tree", "-o", str(inc), *few)
changed = [p for p, t in stamps.items() if p.stat().st_mtime_ns != t]
check("incremental: only the touched input", code == 0 and len(changed) == 1
      and "changed" in changed[0].read_text(), changed)

# A rebuild over unchanged outputs leaves each file where it is (the same
# inode), its time set to now; a changed output replaces its file.
rebuilt = tmp / "rebuilt"
pair = [str(p) for p in inputs[20:22]]
run("-t", "tree,html", "-o", str(rebuilt), *pair)
files = sorted(rebuilt.rglob("*.*"))
before = {p: p.stat() for p in files}
time.sleep(0.05)
Path(pair[1]).write_text("# changed too\n")
code, _, err = run("-t", "tree,html", "-o", str(rebuilt), *pair)
after = {p: p.stat() for p in files}
kept = [p for p in files if after[p].st_ino == before[p].st_ino]
check("rebuild: unchanged outputs kept, changed ones replaced",
      code == 0 and sorted(p.stem for p in kept) == [Path(pair[0]).stem] * 2
      and all(after[p].st_mtime_ns > before[p].st_mtime_ns for p in files)
      and not list(rebuilt.rglob("*.??????")), [(p.name, after[p].st_ino == before[p].st_ino) for p in files])

# --watch rebuilds a changed file, and stops cleanly on SIGINT.
w = tmp / "watch"
w.mkdir()
src = w / "live.md"
src.write_text("# first\n")
proc = subprocess.Popen([gazette, "--watch", "-t", "tree", "-o", str(w / "out") + "/", str(src)],
                        stderr=subprocess.PIPE)
target = w / "out" / "live.tree"
deadline = time.time() + 10
while time.time() < deadline and not target.exists():
    time.sleep(0.05)
time.sleep(0.3)
src.write_text("# second\n")
while time.time() < deadline and "second" not in (target.read_text() if target.exists() else ""):
    time.sleep(0.05)
check("watch rebuilt the change", "second" in target.read_text())
proc.send_signal(signal.SIGINT)
try:
    _, err = proc.communicate(timeout=10)
except subprocess.TimeoutExpired:
    proc.kill()
    _, err = proc.communicate()
err = err.decode(errors="replace")
check("watch said what it rebuilt", "rebuilding" in err and "live.md" in err, err)
check("watch stops on SIGINT with status 0", proc.returncode == 0, proc.returncode)

# One run over pages of two sites and of none, their folders interleaved:
# each page reads its own site's configuration (searched once per folder).
mix = tmp / "mix"
for name in ("one", "two"):
    (mix / name / "posts").mkdir(parents=True)
    (mix / name / "_config.yml").write_text(f"title: Site {name}\n")
(mix / "none").mkdir()
order = ["one/posts/a.md", "two/posts/b.md", "one/posts/c.md", "none/d.md", "two/posts/e.md",
         "one/f.md", "one/posts/g.md"]
for rel in order:
    (mix / rel).write_text("# [{{ site.title }}] page\n")
code, _, err = run("-t", "html", "--fragment", "-o", str(mix / "out") + "/", *(str(mix / r) for r in order))
titles = {rel: (mix / "out" / rel).with_suffix(".html").read_text() for rel in order
          if (mix / "out" / rel).with_suffix(".html").exists()}
want = {rel: f"[Site {rel.split('/')[0]}]" if not rel.startswith("none") else "[]" for rel in order}
check("pages of two sites and of none in one run: each its own configuration",
      code == 0 and len(titles) == len(order) and all(want[r] in titles[r] for r in order),
      f"{err}\n{titles}")

# --watch sees a _config.yml created after it started, and one changed again.
w2 = tmp / "watch2"
w2.mkdir()
(w2 / "p.md").write_text("# {{ site.title }} page\n")
proc = subprocess.Popen([gz.GAZETTE, "--watch", "-t", "html", "-o", str(w2 / "out") + "/", str(w2 / "p.md")],
                        stderr=subprocess.PIPE)
target = w2 / "out" / "p.html"


def wait_for(text):
    deadline = time.time() + 10
    while time.time() < deadline and text not in (target.read_text() if target.exists() else ""):
        time.sleep(0.05)
    return text in (target.read_text() if target.exists() else "")


wait_for("page")
time.sleep(0.3)
(w2 / "_config.yml").write_text("title: Fresh\n")
check("watch: a new _config.yml rebuilds", wait_for("Fresh page"))
(w2 / "_config.yml").write_text("title: Again\n")
check("watch: a changed _config.yml is read again", wait_for("Again page"))
proc.send_signal(signal.SIGINT)
proc.communicate(timeout=10)

gz.finish()
