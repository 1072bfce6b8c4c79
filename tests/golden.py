#!/usr/bin/env python3
"""golden.py GOLDEN [--in DIR] [--file NAME] -- PROGRAM ARG...: one golden file.

Runs PROGRAM ARG... in DIR (a folder of the source tree; the source root when
not given), where an argument @TMP@ stands for a fresh empty folder, and
compares what it wrote with GOLDEN byte for byte: its standard output, or the
file NAME in @TMP@.  GAZETTE_REGENERATE=1 rewrites GOLDEN instead (review the
diff before committing it).  PROGRAM must exit 0; its exit status 77 (an input
that is not here) skips the test.

Every golden file sits beside its input, named INPUT-STEM.VARIANT.FORMAT or
INPUT-STEM.FORMAT; those of the samples, which live outside tests/, are in
tests/regress/.  The meson.build files list each golden file with the command
that makes it.
"""
import os
import sys

import gztest as gz


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    options, program = argv[:split], argv[split + 1:]
    if not options or not program:
        sys.exit(__doc__)
    golden = gz.ROOT / options[0]
    opts = dict(zip(options[1::2], options[2::2]))
    folder = gz.ROOT / opts.get("--in", ".")
    tmp = gz.tmpdir()
    program = [str(tmp) if a == "@TMP@" else a for a in program]
    if os.sep in program[0]:    # meson names a built program from the build folder
        program[0] = os.path.abspath(program[0])
    r = gz.command(program, cwd=folder, binary=True)
    if r.code == gz.SKIP:
        gz.skip(r.out.decode(errors="replace").strip() or r.err.strip())
    if not gz.check(f"{' '.join(program)} exits 0", r.code == 0, f"exit {r.code}: {r.err}"):
        gz.finish()
    data = r.out
    if "--file" in opts:
        made = tmp / opts["--file"]
        if not gz.check(f"{opts['--file']} written", made.exists()):
            gz.finish()
        data = made.read_bytes()
    gz.golden(golden, data)
    gz.finish()


if __name__ == "__main__":
    main(sys.argv[1:])
