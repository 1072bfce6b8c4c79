#!/usr/bin/env python3
"""The seed page from ../shared/seeds through every format (skipped when absent)."""
import re

import gztest as gz
from gztest import check

seeds = sorted((gz.ROOT.parent / "shared" / "seeds").glob("*"))
if not seeds:
    gz.skip("no seed pages beside the repository (../shared/seeds)")

formats = gz.run("--help").out
formats = re.findall(r"^  (\w+) ", formats.split("Formats:")[1].split("Exit status:")[0], re.M)
out = gz.tmpdir()
for seed in seeds:
    p = gz.run("-t", ",".join(formats), "--set", "url=https://spdk.io", "-o", out, seed)
    check(f"{seed.name}: every format converts", p.code == 0, p.err)
    check(f"{seed.name}: undefined variable named with its line",
          re.search(r":\d+: warning: undefined variable 'baseurl_rel'", p.err), p.err)
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

gz.finish()
