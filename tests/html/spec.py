#!/usr/bin/env python3
"""Runs every CommonMark spec example (0.30 and 0.31.2, from the npm package
commonmark-spec) through gazette and through md4c's own renderer (md_html),
compares each output with the expected HTML exactly, and prints the figures.

Fails when gazette fails an example that md_html passes, on either spec version.
Exits 77 (skipped) when the spec packages are not installed.

usage: spec.py GAZETTE MD_HTML [--verbose] [--show N]
"""
import concurrent.futures
import os
import re
import sys

import gztest as gz

SPECS = [("0.30", "commonmark-spec-030"), ("0.31.2", "commonmark-spec-031")]
EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$",
                     re.MULTILINE)


def node_modules():
    for root in (gz.BUILD, gz.ROOT / "build"):
        path = root / "npm" / "node_modules"
        if path.is_dir():
            return path
    return None


def examples(spec_txt):
    """The examples of spec.txt, as commonmark-spec's own extractor finds them."""
    text = open(spec_txt, encoding="utf-8").read().replace("\r\n", "\n")
    text = re.split(r"^<!-- END TESTS -->", text, flags=re.MULTILINE)[0]
    out, section = [], ""
    for m in EXAMPLE.finditer(text):
        if m.group(3) is not None:
            section = m.group(3)
            continue
        out.append({"number": len(out) + 1, "section": section,
                    "markdown": m.group(1).replace("\u2192", "\t"),
                    "html": m.group(2).replace("\u2192", "\t")})
    return out


def run(argv, markdown):
    p = gz.command(argv, stdin=markdown, timeout=20)
    return p.out if p.code == 0 else None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    # The spec's examples are plain Markdown: a leading `---` is a thematic break;
    # its code blocks are not coloured.
    gazette = [args[0], "--dialect", "commonmark", "--no-front-matter", "--fragment", "-t",
               "html", "--set", "highlight=false", "-"]
    md_html = [args[1]]

    modules = node_modules()
    if not modules or not all(os.path.isfile(os.path.join(modules, pkg, "spec.txt"))
                              for _, pkg in SPECS):
        gz.skip("the npm packages commonmark-spec-030/-031 are not installed "
                "(scripts/setup test installs them into build/npm)")

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for version, pkg in SPECS:
            tests = examples(os.path.join(modules, pkg, "spec.txt"))
            ours = list(pool.map(lambda t: run(gazette, t["markdown"]), tests))
            theirs = list(pool.map(lambda t: run(md_html, t["markdown"]), tests))
            ok_ours = [got == t["html"] for got, t in zip(ours, tests)]
            ok_theirs = [got == t["html"] for got, t in zip(theirs, tests)]
            print(f"spec {version}: gazette {sum(ok_ours)}/{len(tests)}, "
                  f"md_html {sum(ok_theirs)}/{len(tests)}")
            worse = [t["number"] for t, a, b in zip(tests, ok_ours, ok_theirs) if b and not a]
            gz.check(f"spec {version}: gazette passes every example md_html passes", not worse,
                     f"md_html passes, gazette fails: examples {worse}")
            gz.check(f"spec {version}: gazette passes as many examples as md_html",
                     sum(ok_ours) >= sum(ok_theirs))
            if verbose:
                for t, got, ok in zip(tests, ours, ok_ours):
                    if not ok:
                        print(f"--- example {t['number']} ({t['section']})\n"
                              f"{t['markdown']!r}\n  want {t['html']!r}\n  got  {got!r}")
    gz.finish()


if __name__ == "__main__":
    main()
