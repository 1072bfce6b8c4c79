"""gztest: what every Python test of gazette shares.

meson runs each test with GAZETTE (the program), SOURCE_ROOT, BUILD_ROOT and
PYTHONPATH (this folder) set; a test imports this module as `gz` and

- runs the program or a tool (`run`, `command`, `output`), getting the exit
  code, standard output and standard error back;
- counts its checks (`check`, `fail`) and ends with `finish()`, which prints
  the line `N passed, M failed` and exits 1 when a check failed or when none
  ran at all (a test that checks nothing cannot fail);
- takes fresh folders from `tmpdir()`, removed when the test ends;
- skips itself (`skip`, `need`) with exit status 77, which meson reports as
  SKIP;
- compares bytes with a golden file (`golden`), which GAZETTE_REGENERATE=1
  rewrites instead.
"""
import atexit
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from collections import namedtuple
from pathlib import Path

SKIP = 77
GAZETTE = os.environ.get("GAZETTE", "gazette")
ROOT = Path(os.environ.get("SOURCE_ROOT", Path(__file__).resolve().parent.parent))
BUILD = Path(os.environ.get("BUILD_ROOT", ROOT / "build"))
REGENERATE = os.environ.get("GAZETTE_REGENERATE") == "1"
# Sanitizer builds run several times slower; scripts/run says how much.
TIME_SCALE = float(os.environ.get("GAZETTE_TEST_TIME_SCALE", "1"))
SAMPLES = ROOT / "samples"

passed = failed = 0

# What a program did: `code` is None when it ran out of time; `out` and `err`
# are text (undecodable bytes replaced), or bytes when asked for.
Result = namedtuple("Result", "code out err")


def command(argv, stdin=None, cwd=None, env=None, timeout=120, binary=False):
    """Runs argv to its end; returns a Result.  `stdin` is text or bytes;
    `env` adds variables to this process's environment (None removes one);
    `binary` keeps standard output as bytes.  The time limit, in seconds, is
    multiplied by GAZETTE_TEST_TIME_SCALE."""
    full_env = None
    if env is not None:
        full_env = dict(os.environ)
        for key, value in env.items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    timeout *= TIME_SCALE
    try:
        p = subprocess.run([str(a) for a in argv], input=stdin, capture_output=True,
                           cwd=cwd, env=full_env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(None, b"" if binary else "", f"timed out after {timeout:.0f} s")
    out = p.stdout if binary else p.stdout.decode("utf-8", errors="replace")
    return Result(p.returncode, out, p.stderr.decode("utf-8", errors="replace"))


def run(*args, **kw):
    """Runs gazette with `args` (paths may be Path objects); see command()."""
    return command([GAZETTE, *args], **kw)


def output(*argv, binary=False, **kw):
    """The standard output of a tool that must succeed (a PDF tool, say);
    raises with its standard error when it does not."""
    r = command(argv, binary=binary, **kw)
    if r.code != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))}: exit {r.code}: {r.err.strip()}")
    return r.out


def check(name, cond, detail=""):
    """Counts one check; prints FAIL with the name and the end of `detail` when
    `cond` is false.  Returns cond, so that a test can stop early."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        detail = str(detail)
        if len(detail) > 1500:
            detail = "..." + detail[-1500:]
        print(f"FAIL: {name}" + (f"\n    {detail}" if detail else ""), flush=True)
    return bool(cond)


def fail(name, detail=""):
    """Counts one failed check."""
    return check(name, False, detail)


def finish():
    """Prints the counts and exits: 1 when a check failed or none ran."""
    print(f"{passed} passed, {failed} failed")
    if passed == 0 and failed == 0:
        print("FAIL: the test checked nothing")
    sys.exit(1 if failed or not passed else 0)


def skip(reason):
    """Ends the test as skipped (meson's exit status 77)."""
    print(f"skipped: {reason}")
    sys.exit(SKIP)


def need(*tools, why=""):
    """Skips the test unless every program in `tools` is on PATH."""
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        skip(f"{', '.join(missing)} not installed" + (f" ({why})" if why else ""))


_folders = []


def tmpdir():
    """A new empty folder, removed when the test exits."""
    if not _folders:
        atexit.register(lambda: [shutil.rmtree(f, ignore_errors=True) for f in _folders])
    path = Path(tempfile.mkdtemp(prefix="gazette-test-"))
    _folders.append(path)
    return path


def write(path, data):
    """Writes text (UTF-8) or bytes to `path`, making its folders; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _escaped_lines(data):
    """Lines of `data` for a diff that hides no byte: control characters
    (tabs, carriage returns, form feeds) and bytes that are not UTF-8 are
    written as escapes, and each line ends with a visible `$`."""
    out = []
    for line in data.splitlines():
        text = line.decode("utf-8", errors="backslashreplace")
        text = "".join(c if c >= " " and c != "\x7f" else repr(c)[1:-1] for c in text)
        out.append(text + "$\n")
    return out


def golden(path, data, name=None):
    """Compares `data` (bytes) with the golden file at `path`, byte for byte, as
    one check; with GAZETTE_REGENERATE=1 writes `data` there instead."""
    path = Path(path)
    name = name or (str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
    if REGENERATE:
        write(path, data)
        print(f"regenerated {name}")
        return check(f"{name} regenerated", True)
    if not path.exists():
        return fail(f"{name}: no golden file (GAZETTE_REGENERATE=1 writes it)")
    want = path.read_bytes()
    if want == data:
        return check(name, True)
    fail(f"{name}: differs from the golden file (GAZETTE_REGENERATE=1 rewrites it); "
         "control characters escaped, $ marks line ends")
    diff = difflib.unified_diff(_escaped_lines(want), _escaped_lines(data), name, "now", n=2)
    sys.stdout.writelines(list(diff)[:80])
    return False


def cases(table):
    """For tests whose first argument names a case: runs table[CASE](tmp) with
    a fresh folder, then finish()."""
    if len(sys.argv) < 2 or sys.argv[1] not in table:
        sys.exit(f"usage: {Path(sys.argv[0]).name} {'|'.join(table)}")
    table[sys.argv[1]](tmpdir())
    finish()
