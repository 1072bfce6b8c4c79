#!/usr/bin/env python3
"""Golden files for this folder's pages: tests/html/golden/NAME.VARIANT.html
holds what `gazette [OPTIONS] tests/html/pages/NAME.md` prints, byte for byte.
Variants: page (the standalone page), toc (--toc --fragment), safe (--safe
--fragment) and commonmark (--dialect commonmark --fragment).

Set GAZETTE_REGENERATE=1 to rewrite them (review the diff before committing).
"""
import difflib
import os
import subprocess
import sys
from pathlib import Path

VARIANTS = {
    "page": [],
    "toc": ["--toc", "--fragment"],
    "safe": ["--safe", "--fragment"],
    "commonmark": ["--dialect", "commonmark", "--fragment"],
}

gazette = os.environ["GAZETTE"]
root = Path(os.environ["SOURCE_ROOT"])
here = root / "tests" / "html"
regenerate = os.environ.get("GAZETTE_REGENERATE") == "1"

passed = failed = 0
pages = sorted((here / "pages").glob("*.md"))
for page in pages:
    for variant, options in VARIANTS.items():
        golden = here / "golden" / f"{page.stem}.{variant}.html"
        proc = subprocess.run([gazette, "-q", *options, str(page.relative_to(root))],
                              cwd=root, capture_output=True, timeout=60)
        if regenerate:
            if proc.returncode == 0:
                golden.parent.mkdir(exist_ok=True)
                golden.write_bytes(proc.stdout)
                print(f"wrote {golden.relative_to(root)}")
            else:
                print(f"not written: {golden.relative_to(root)}: {proc.stderr.decode().strip()}")
            continue
        want = golden.read_bytes() if golden.exists() else None
        if proc.returncode == 0 and proc.stdout == want:
            passed += 1
            continue
        failed += 1
        print(f"FAIL {golden.relative_to(root)} (exit {proc.returncode}"
              f"{', no golden file' if want is None else ''}) {proc.stderr.decode().strip()}")
        diff = difflib.unified_diff((want or b"").decode(errors="replace").splitlines(True),
                                    proc.stdout.decode(errors="replace").splitlines(True),
                                    "golden", "now", n=2)
        sys.stdout.writelines(list(diff)[:60])

if regenerate:
    sys.exit(0)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
