#!/usr/bin/env python3
"""The seed page from ../shared/seeds through every format (skipped when absent)."""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

gazette = os.environ["GAZETTE"]
seeds = sorted((Path(os.environ["SOURCE_ROOT"]).parent / "shared" / "seeds").glob("*"))
if not seeds:
    print("skipped: no seed pages beside the repository (../shared/seeds)")
    sys.exit(77)

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


formats = subprocess.run([gazette, "--help"], capture_output=True, text=True).stdout
formats = re.findall(r"^  (\w+) ", formats.split("Formats:")[1].split("Exit status:")[0], re.M)
out = Path(tempfile.mkdtemp())
for seed in seeds:
    p = subprocess.run([gazette, "-t", ",".join(formats), "--set", "url=https://spdk.io",
                        "-o", str(out), str(seed)], capture_output=True, text=True, timeout=120)
    check(f"{seed.name}: every format converts", p.returncode == 0, p.stderr)
    check(f"{seed.name}: undefined variable named with its line",
          re.search(r":\d+: warning: undefined variable 'baseurl_rel'", p.stderr), p.stderr)
    html = (out / (seed.stem + ".html"))
    if not html.exists():
        check("html written", False)
        continue
    page = html.read_text()
    check("lang zh-CN", '<html lang="zh-CN"' in page)
    check("title from front matter", "<title>SPDK用户案例" in page)
    body = page.split("<body", 1)[1]
    check("no front matter in the body", "layout: news" not in body and "lang: cn" not in body)
    check("the {{ }} link is a link", re.search(r'<a href="/news">news</a>', body), body[-400:])
    check("heading anchors", 'id="阿里云"' in body)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
