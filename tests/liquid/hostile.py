#!/usr/bin/env python3
"""hostile.py: Liquid that would loop for ever or fill the disk ends quickly with an error.

Each page goes through the gazette program in a site of its own; it must fail
(exit 1) within the time limit, with a `file:line: error:` naming the limit, while
the other pages of the same run are still converted.  Self-contained: python3.
"""
import os
import subprocess
import sys
import tempfile
import time

GAZETTE = os.environ.get("GAZETTE", "build/gazette")
SLOW = 10.0 * float(os.environ.get("GAZETTE_SLOW_SCALE", "1"))

HUNDRED = "0123456789" * 10
CASES = {
    "huge range": ("{% for i in (1..1000000000) %}x{% endfor %}",
                   "hostile.md:4: error: Liquid: more than 1000000 loop iterations"),
    "nested loops": ("{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}"
                     "{% endfor %}", "loop iterations"),
    "recursive include": ("{% include self.html %}", "_includes/self.html:1: error: Liquid "
                          "error: includes nested more than 16 deep"),
    "10 MB capture in a loop": ("{% capture big %}{% for i in (1..100000) %}" + HUNDRED +
                                "{% endfor %}{% endcapture %}{% for i in (1..1000) %}"
                                "{% capture x %}{{ x }}{{ big }}{% endcapture %}{% endfor %}",
                                "MB of text; stopped"),
    "doubling assign": ("{% assign s = 'x' %}{% for i in (1..64) %}{% assign s = s | append: s %}"
                        "{% endfor %}", "MB of text; stopped"),
    "doubling concat": ("{% assign a = 'x,y' | split: ',' %}{% for i in (1..64) %}"
                        "{% assign a = a | concat: a %}{% endfor %}", "MB of text; stopped"),
    "split of a written-out array": ("{{ 'abcdefghij'" + " | split: ''" * 12 + " | size }}",
                                     "MB of text; stopped"),
    "deep nesting": ("{% if true %}" * 5000, "hostile.md:4: error: Liquid syntax error: blocks "
                     "nested too deep"),
    "deep brackets": ("{{ a" + "[a" * 5000 + " }}", "nesting too deep"),
    "long cycle of includes": ("{% include a.html %}", "nested more than 16 deep"),
}


def main():
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "_includes"))
        with open(os.path.join(tmp, "_config.yml"), "w") as f:
            f.write("title: t\n")
        for name, text in {"self.html": "{% include self.html %}",
                           "a.html": "a{% include b.html %}", "b.html": "b{% include a.html %}"}.items():
            with open(os.path.join(tmp, "_includes", name), "w") as f:
                f.write(text)
        with open(os.path.join(tmp, "fine.md"), "w") as f:
            f.write("{% for i in (1..3) %}{{ i }}{% endfor %}\n")
        for case, (body, message) in CASES.items():
            page = os.path.join(tmp, "hostile.md")
            with open(page, "w") as f:
                f.write("---\ntitle: x\n---\n" + body + "\n")
            start = time.monotonic()
            run = subprocess.run([GAZETTE, "-o", os.path.join(tmp, "out"), page,
                                  os.path.join(tmp, "fine.md")],
                                 capture_output=True, timeout=120, cwd=tmp)
            took = time.monotonic() - start
            err = run.stderr.decode(errors="replace")
            fine = os.path.exists(os.path.join(tmp, "out", "fine.html"))
            ok = run.returncode == 1 and message in err and took < SLOW and fine
            if not ok:
                failed += 1
            print(f"{'ok' if ok else 'FAIL'} {case}: exit {run.returncode} in {took:.2f} s, "
                  f"other page {'written' if fine else 'missing'}: {err.strip()[:300]}")
            if fine:
                os.remove(os.path.join(tmp, "out", "fine.html"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
