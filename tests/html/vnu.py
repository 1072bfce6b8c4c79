#!/usr/bin/env python3
"""The Nu Html Checker on every standalone page gazette makes: the samples,
this folder's pages/, the pages of tests/rawhtml/, tests/kramdown/ and
tests/pdf/, and the seed pages (../shared/seeds beside the source
tree), each plain and with --toc and --safe.  Any error fails the test.

Exits 77 (skipped) when vnu.jar (npm vnu-jar) or java is missing.
"""
import shutil

import gztest as gz

root = gz.ROOT
VARIANTS = {"": [], "-toc": ["--toc"], "-safe": ["--safe"]}


def find_vnu():
    for base in (gz.BUILD, root / "build"):
        jar = base / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
        if jar.is_file():
            return jar
    return None


jar = find_vnu()
if not jar or not shutil.which("java"):
    gz.skip("needs java and the npm package vnu-jar (scripts/setup test installs both)")

inputs = sorted((root / "samples").glob("*.md")) + sorted((root / "tests/html/pages").glob("*.md"))
# markdown="1" pages: the attribute must not reach the HTML.
inputs += sorted((root / "tests/rawhtml/kramdown").glob("*.md"))
inputs += sorted((root / "tests/kramdown/pages").glob("*.md"))
# Raw HTML mapped for the PDF (tables, iframes) and the PDF suite's pages.
inputs += sorted((root / "tests/rawhtml/pages").glob("*.md"))
inputs += sorted((root / "tests/pdf/pages").glob("*.md"))
seeds = root.parent / "shared" / "seeds"
if seeds.is_dir():
    inputs += sorted(seeds.glob("*.txt"))
else:
    print(f"note: no seed pages at {seeds}; checking the others")

tmp = gz.tmpdir()
pages = []
for src in inputs:
    for suffix, options in VARIANTS.items():
        out = tmp / f"{src.parent.name}-{src.stem}{suffix}.html"
        proc = gz.run("-q", *options, "-o", out, src)
        if gz.check(f"gazette {' '.join(options)} {src} exits 0", proc.code == 0 and out.exists(),
                    f"exit {proc.code}: {proc.err.strip()}"):
            pages.append(out)
if pages:
    proc = gz.command(["java", "-jar", jar, "--errors-only", "--format", "gnu", *pages],
                      timeout=300)
    report = (proc.out + proc.err).strip()
    if report:
        print(report.replace(f"{tmp}/", ""))
    for page in pages:
        # vnu names each file in its messages as "file:PATH".
        gz.check(f"{page.name}: no errors", f'file:{page}"' not in report)
    gz.check("vnu exits 0 or names the pages it failed", proc.code == 0 or gz.failed, report)
gz.finish()
