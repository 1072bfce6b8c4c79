#!/usr/bin/env python3
"""gz_markdown_parse_blocks through tests/html/html_blocks: a page built and
written a top-level block at a time, each block freed and its memory used
again for the next, gives the same HTML as gazette's whole tree, on pages
that need no pass over the whole page."""
import sys
from pathlib import Path

import gztest as gz
from gztest import check

sys.path.insert(0, str(Path(gz.ROOT) / "tests" / "bench"))
from common import markdown  # noqa: E402

blocks = sys.argv[1]

pages = {
    "generated": markdown(300_000, seed=7),
    "nested": "- a\n  - b\n    > quote\n    > more\n\n    ```c\nint x;\n```\n- c\n\n"
              "1. one\n2. two\n\n" + "| a | b |\n|---|--:|\n| 1 | 2 |\n\n" * 3,
    "same headings": "# 标题\n\ntext\n\n# 标题\n\n## 标题\n\n# Title\n\n# title\n" * 40,
    "cjk soft breaks": "中文的段落\n继续写下去，\nand English\nwords here.\n\n" * 50,
    "long block": "paragraph " * 50_000 + "\n\n" + "```\n" + "code line\n" * 20_000 + "```\n",
    "rules": "***\n\npara\n\n---\n\n***\n\n> ***\n\ntext\n\n***\n",
    "empty": "",
}
tmp = gz.tmpdir()
for name, text in pages.items():
    # The tree dump beside the HTML: gazette keeps the whole tree.
    whole = gz.run("-q", "-t", "html,tree", "--fragment", "--set", "highlight=false",
                   "-o", f"{tmp}/", "-", stdin=text)
    html = tmp / "stdin.html"
    by_blocks = gz.command([blocks], stdin=text)
    check(f"{name}: both succeed", whole.code == 0 and by_blocks.code == 0,
          whole.err + by_blocks.err)
    check(f"{name}: the same HTML", html.read_text(encoding="utf-8") == by_blocks.out,
          f"whole {html.stat().st_size} bytes, by blocks {len(by_blocks.out)}")
gz.finish()
