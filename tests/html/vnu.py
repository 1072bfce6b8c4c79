#!/usr/bin/env python3
"""The Nu Html Checker on every standalone page gazette makes: the samples,
this folder's pages/ and the seed pages (../shared/seeds beside the source
tree), each plain and with --toc and --safe.  Any error fails the test.

Exits 77 (skipped) when vnu.jar (npm vnu-jar) or java is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

gazette = os.environ["GAZETTE"]
root = Path(os.environ["SOURCE_ROOT"])
build = Path(os.environ.get("BUILD_ROOT", root / "build"))
VARIANTS = {"": [], "-toc": ["--toc"], "-safe": ["--safe"]}


def find_vnu():
    for base in (build, root / "build"):
        jar = base / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
        if jar.is_file():
            return jar
    return None


jar = find_vnu()
if not jar or not shutil.which("java"):
    print("SKIP: needs java and the npm package vnu-jar (scripts/setup test installs both)")
    sys.exit(77)

inputs = sorted((root / "samples").glob("*.md")) + sorted((root / "tests/html/pages").glob("*.md"))
seeds = root.parent / "shared" / "seeds"
if seeds.is_dir():
    inputs += sorted(seeds.glob("*.txt"))
else:
    print(f"note: no seed pages at {seeds}; checking the others")

failed = 0
with tempfile.TemporaryDirectory() as tmp:
    pages = []
    for src in inputs:
        for suffix, options in VARIANTS.items():
            out = Path(tmp) / f"{src.parent.name}-{src.stem}{suffix}.html"
            proc = subprocess.run([gazette, "-q", *options, "-o", str(out), str(src)],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode != 0 or not out.exists():
                print(f"FAIL: gazette {' '.join(options)} {src} exited {proc.returncode}: "
                      f"{proc.stderr.strip()}")
                failed += 1
                continue
            pages.append(out)
    passed = 0
    if pages:
        proc = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "gnu",
                               *map(str, pages)], capture_output=True, text=True, timeout=300)
        report = (proc.stdout + proc.stderr).strip()
        if report:
            print(report.replace(tmp + "/", ""))
        for page in pages:
            # vnu names each file in its messages as "file:PATH".
            ok = f'file:{page}"' not in report
            print(f"{'ok' if ok else 'FAIL'}: {page.name}")
            passed += ok
            failed += not ok
        if proc.returncode != 0 and passed == len(pages):
            print(f"FAIL: vnu exited {proc.returncode} without naming a page")
            failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not pages else 0)
