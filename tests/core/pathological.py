#!/usr/bin/env python3
"""Pathological Markdown (cmark's cases, and the sizes the project promises) through the
tree, HTML and feed backends: each must finish under a generous time limit without
crashing, whatever the nesting depth. Time limits here guard against quadratic
behaviour (seconds become hours), not against a slow machine."""
import os
import subprocess
import time

import gztest as gz

# A Chinese paragraph wrapped over 2,000 lines: every soft break between two
# CJK characters is dropped, and the text before it must grow in place, not
# move (a 500 kB page once peaked at 500 MB, quadratic in its lines).  First,
# while this process is small: a child's peak starts at its parent's.
path = gz.tmpdir() / "wrapped.md"
path.write_text(("存储系统在用户态直接访问固态硬盘避免了内核上下文切换和中断处理带来的开销轮询模式让\n"
                 * 2000 + "\n") * 2)
for fmt in ("tree", "html"):
    start = time.monotonic()
    proc = subprocess.Popen([gz.GAZETTE, "-q", "-t", fmt, str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.monotonic() - start
    peak_mb = usage.ru_maxrss / 1024
    gz.check(f"wrapped CJK paragraph -t {fmt}: status {status}, peak {peak_mb:.0f} MB",
             os.waitstatus_to_exitcode(status) == 0 and peak_mb < 200)
    print(f"  {secs:6.2f} s  -t {fmt:<5} wrapped CJK paragraph, peak {peak_mb:.0f} MB")

N = 30000
cases = {
    "nested strong emphasis": "*a **a " * N + "b" + " a** a*" * N,
    "emphasis closers without openers": "a_ " * N,
    "emphasis openers without closers": "_a " * N,
    "link closers without openers": "a]" * N,
    "link openers without closers": "[a" * N,
    "mismatched openers and closers": "*a_ " * N,
    "openers and closers, multiple of 3": "a**b" + "c* " * N,
    "link openers and emphasis closers": "[ a_" * N,
    "pattern [ (](": "[ (](" * N,
    "nested brackets": "[" * N + "a" + "]" * N,
    "100,000 nested block quotes": "> " * 100000 + "a\n",
    "10,000 nested lists": "".join("  " * i + "* a\n" for i in range(10000)),
    "NUL characters": "abc\0de\0\n" * 1000,
    "backtick runs": "".join("e" + "`" * i for i in range(1, 3000)),
    "unclosed links A": "[a](<b" * N,
    "unclosed links B": "[a](b" * N,
    "many table columns": "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "b|" * 5000 + "\n",
    "1,000,000 links": "[a](b) " * 1000000,
    "50 MB single line": "a " * 25000000,
    "100,000 footnote references on one line": "x[^a] " * 100000 + "\n\n[^a]: note\n",
    "100,000 undefined footnote references": "[^b]" * 100000 + "\n",
    "10,000 footnotes": "".join(f"x[^{i}] " for i in range(10000)) + "\n\n"
                        + "".join(f"[^{i}]: n\n" for i in range(10000)),
    "100,000 span IALs": "*e*{: .c} " * 100000 + "\n",
    "ALDs that refer to each other": "{:a: b .x}\n{:b: a .y}\n\np\n{: a}\n" * 1000,
    "20,000 ALDs and references": "".join(f"{{:a{i}: .c{i}}}\n" for i in range(20000)) + "\n"
                                  + "".join(f"p\n{{: a{i}}}\n\n" for i in range(20000)),
    "100,000 identical headings": "# same\n" * 100000,
    "100,000 CJK headings": "".join(f"## 标题{i % 100}\n" for i in range(100000)),
    "100,000 {{ without }}": "{{ a " * 100000,
}
# Seconds, multiplied by GAZETTE_TEST_TIME_SCALE (sanitizer builds are slower).
LIMIT = 60
# Every text backend; FORMATS=tree,html narrows a run by hand.  A backend that
# has gone missing fails here rather than being skipped.
formats = os.environ.get("FORMATS", "tree,html,rss,atom").split(",")
path = gz.tmpdir() / "page.md"
for name, text in cases.items():
    path.write_text(text)
    for fmt in formats:
        start = time.monotonic()
        p = gz.run("-q", "-t", fmt, "--set", "url=https://example.org", path, timeout=LIMIT,
                   binary=True)
        gz.check(f"{name} -t {fmt}", p.code == 0, f"exit {p.code}: {p.err[-300:]}")
        print(f"  {time.monotonic() - start:6.2f} s  -t {fmt:<5} {name}")

gz.finish()
