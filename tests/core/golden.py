#!/usr/bin/env python3
"""Golden files: every sample through every text format, compared byte for byte.

tests/golden/STEM.FORMAT holds what `gazette -t FORMAT samples/STEM.md` prints.
Set GAZETTE_REGENERATE=1 to rewrite them (review the diff before committing).
"""
import difflib
import os
import subprocess
import sys
from pathlib import Path

# Feeds have their own goldens (tests/feed), PDFs their layout dumps (tests/pdf).
FORMATS = ["tree", "html"]

gazette = os.environ["GAZETTE"]
root = Path(os.environ["SOURCE_ROOT"])
golden_dir = root / "tests" / "golden"
regenerate = os.environ.get("GAZETTE_REGENERATE") == "1"


def run(sample, fmt):
    proc = subprocess.run([gazette, "-q", "-t", fmt, str(sample)], cwd=root,
                          capture_output=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr.decode(errors="replace")


passed = failed = 0
samples = sorted((root / "samples").glob("*.md"))
if not samples:
    print("no samples found")
    sys.exit(1)
for sample in samples:
    for fmt in FORMATS:
        golden = golden_dir / f"{sample.stem}.{fmt}"
        if regenerate:
            code, out, err = run(sample.relative_to(root), fmt)
            if code == 0:
                golden_dir.mkdir(exist_ok=True)
                golden.write_bytes(out)
                print(f"wrote {golden.relative_to(root)}")
            else:
                print(f"not written: {golden.relative_to(root)}: exit {code}: {err.strip()}")
            continue
        if not golden.exists():
            continue
        code, out, err = run(sample.relative_to(root), fmt)
        want = golden.read_bytes()
        if code == 0 and out == want:
            passed += 1
            continue
        failed += 1
        print(f"FAIL {golden.relative_to(root)} (exit {code}) {err.strip()}")
        diff = difflib.unified_diff(want.decode(errors="replace").splitlines(True),
                                    out.decode(errors="replace").splitlines(True),
                                    "golden", "now", n=2)
        sys.stdout.writelines(list(diff)[:60])

if regenerate:
    sys.exit(0)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
