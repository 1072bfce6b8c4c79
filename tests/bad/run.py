#!/usr/bin/env python3
"""Runs the hostile cases of cases.py: each in a fresh folder, checking the exit
status, stderr, the outputs left behind, and that no temporary file is left
beside them.  Arguments, if any, select cases whose name contains one of them."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import gztest as gz
from cases import cases

gazette = gz.GAZETTE
scale = gz.TIME_SCALE
pdftotext = shutil.which("pdftotext")
TEMPORARY = re.compile(r"\.[A-Za-z0-9]{6}$")
# Built with AddressSanitizer (the second pass of scripts/run)?
sanitized = b"__asan_init" in Path(gazette).read_bytes()
umask = os.umask(0)
os.umask(umask)


def stray_temporaries(folder):
    return [str(p.relative_to(folder)) for p in folder.rglob("*")
            if TEMPORARY.search(p.name) and p.is_file()]


def make_files(folder, c):
    for name, data in {**c.get("old", {}), **c["files"]}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str) and data.startswith("->"):
            path.symlink_to(data[2:])
        else:
            path.write_bytes(data)
    for name, target in c.get("hardlink", {}).items():
        os.link(folder / target, folder / name)
    for name in c.get("fifos", []):
        os.mkfifo(folder / name)
    for name, size in c.get("sparse", {}).items():
        with open(folder / name, "wb") as f:
            f.truncate(size)


def run_measured(cmd, cwd, stdin_file, data, out, limit):
    """subprocess.run, but reaped by os.wait4 for the child's own peak
    memory.  Returns (exit status, stdout, stderr, rusage); raises
    subprocess.TimeoutExpired after killing it."""
    p = subprocess.Popen(cmd, cwd=cwd, stdin=stdin_file or subprocess.PIPE, stdout=out,
                         stderr=subprocess.PIPE)
    got = {}

    def drain(name, f):
        got[name] = f.read()
    readers = [threading.Thread(target=drain, args=(n, f), daemon=True)
               for n, f in (("out", p.stdout), ("err", p.stderr)) if f]
    for t in readers:
        t.start()
    if not stdin_file:
        try:
            p.stdin.write(data)
            p.stdin.close()
        except BrokenPipeError:
            pass
    deadline = time.monotonic() + limit
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            p.kill()
            os.wait4(p.pid, 0)
            p.returncode = -9
            raise subprocess.TimeoutExpired(cmd, limit)
        time.sleep(0.005)
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    return p.returncode, got.get("out", b""), got.get("err", b""), usage


def race_run(folder, c, limit):
    """Runs the command `race` times while a thread swaps the symbolic link
    `swap` between its two targets; returns the problems seen (an output
    containing `never` in any run)."""
    link, targets = c["swap"]
    stop = threading.Event()

    def swapper():
        k = 0
        while not stop.is_set():
            tmp = folder / (link + ".new")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(targets[k % 2])
            os.replace(tmp, folder / link)
            k += 1
    t = threading.Thread(target=swapper, daemon=True)
    t.start()
    problems = []
    deadline = time.monotonic() + limit
    runs = 0
    try:
        while runs < c["race"] and time.monotonic() < deadline and not problems:
            subprocess.run([gazette, *c["args"]], cwd=folder, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=limit)
            runs += 1
            for name, wants in c["never"].items():
                data = (folder / name).read_bytes() if (folder / name).is_file() else b""
                problems += [f"run {runs}: {name} has {w!r}" for w in wants if w in data]
    finally:
        stop.set()
        t.join()
    return problems, f"{runs} runs"


def unprivileged(folder, c):
    """Makes the case's `readonly` folders unwritable.  Root writes anywhere, so
    then the command runs as nobody (setpriv); returns the prefix to run it
    with, or None when that is impossible here."""
    if not c.get("readonly"):
        return []
    for name in c["readonly"]:
        os.chmod(folder / name, 0o555)
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        return None
    os.chmod(folder, 0o755)
    for name in c["files"]:
        os.chmod(folder / name, 0o644)
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def interrupt_run(folder, c, limit):
    """Starts the conversion, waits for its temporary output to appear, then
    sends the signal.  Returns (problems, how it went)."""
    sig = getattr(signal, c["interrupt"])
    target = c["args"][c["args"].index("-o") + 1]
    for attempt in range(8):
        p = subprocess.Popen([gazette, *c["args"]], cwd=folder, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        deadline = time.monotonic() + limit
        seen = False
        while p.poll() is None and time.monotonic() < deadline:
            if any(n.startswith(target + ".") for n in os.listdir(folder)):
                p.send_signal(sig)
                seen = True
                break
            time.sleep(0.0005)
        try:
            p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return [f"did not stop within {limit:.0f} s of {c['interrupt']}"], ""
        problems = []
        content = (folder / target).read_bytes()
        if content != c["old"][target] and not content.rstrip().endswith(b"</html>"):
            problems.append(f"{target} is neither the old file nor a complete new one")
        if not seen or p.returncode == 0:
            if content == c["old"][target]:
                problems.append("exited normally without replacing the output")
            if problems:
                return problems, ""
            (folder / target).write_bytes(c["old"][target])
            continue    # finished before the signal: try again
        if p.returncode != -sig:
            problems.append(f"exit {p.returncode}, not killed by {c['interrupt']}")
        if content != c["old"][target]:
            problems.append(f"{target} was replaced although interrupted")
        return problems, f"interrupted while writing (attempt {attempt + 1})"
    return ["the conversion always ended before its temporary file was seen"], ""


def run_case(c):
    folder = Path(tempfile.mkdtemp(prefix="gazette-bad-"))
    make_files(folder, c)
    if c.get("chown") and os.geteuid() != 0:
        print(f"skip {c['name']}: giving files to another user needs root")
        return True
    for name, uid in c.get("chown", {}).items():
        os.chown(folder / name, uid, -1)
    for name, mode in c.get("chmod", {}).items():
        os.chmod(folder / name, mode)
    prefix = unprivileged(folder, c)
    if prefix is None:
        print(f"skip {c['name']}: running as root without setpriv")
        return
    limit = c.get("secs", 20) * scale
    problems = []
    note = ""
    start = time.monotonic()
    if c.get("interrupt"):
        problems, note = interrupt_run(folder, c, limit)
        code, err = None, ""
    elif c.get("race"):
        problems, note = race_run(folder, c, limit)
        code, err = None, ""
    else:
        fifo_data = []
        if c.get("fifo"):
            os.mkfifo(folder / c["fifo"])

            def reader():
                with open(folder / c["fifo"], "rb") as f:
                    fifo_data.append(f.read())
            t = threading.Thread(target=reader, daemon=True)
            t.start()
        for args in c.get("before", []):
            subprocess.run([gazette, *args], cwd=folder, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=limit)
        for name, data in c.get("edit", {}).items():
            (folder / name).write_bytes(data)
            if "edit_mtime" in c:
                os.utime(folder / name, (c["edit_mtime"], c["edit_mtime"]))
        out = open(c["stdout"], "wb") if c.get("stdout") else subprocess.PIPE
        try:
            stdin = open(folder / c["stdin_file"], "rb") if c.get("stdin_file") else None
            if c.get("ulimit"):
                # The limits apply in a subshell; the sanitizers reserve far
                # more address space than any such limit, so they skip these.
                if sanitized and "-v" in c["ulimit"]:
                    print(f"skip {c['name']}: under the sanitizers")
                    return True
                prefix = ["sh", "-c", c["ulimit"] + ' && exec "$0" "$@"', *prefix]
            code, stdout, err, usage = run_measured([*prefix, gazette, *c["args"]], folder, stdin,
                                                    c.get("stdin", b""), out, limit)
            err = err.decode(errors="replace")
            if stdin:
                stdin.close()
            rss_mb = getattr(usage, "ru_maxrss", 0) / 1024
            if c.get("max_rss_mb") and scale == 1 and rss_mb > c["max_rss_mb"]:
                problems.append(f"used {rss_mb:.0f} MB, more than {c['max_rss_mb']}")
        except subprocess.TimeoutExpired:
            code, err, stdout = None, "", b""
            problems.append(f"timed out after {limit:.0f} s")
        if c.get("stdout"):
            out.close()
        if code is not None and code != c["code"]:
            problems.append(f"exit {code}, expected {c['code']}")
        if code is not None and code < 0:
            problems.append(f"killed by signal {-code}")
        for pattern in c.get("err", []):
            if not re.search(pattern, err):
                problems.append(f"stderr lacks /{pattern}/")
        for pattern in c.get("no_err", []):
            if re.search(pattern, err):
                problems.append(f"stderr has /{pattern}/")
        for want in c.get("stdout_has", []):
            if want not in stdout:
                problems.append(f"stdout lacks {want!r}")
        if c.get("fifo"):
            t.join(timeout=limit)
            data = fifo_data[0] if fifo_data else b""
            if not (folder / c["fifo"]).is_fifo():
                problems.append("the FIFO was replaced by a file")
            for want in c.get("fifo_has", []):
                if want not in data:
                    problems.append(f"the FIFO's reader lacks {want!r}")
    for name in c.get("exists", []):
        if not (folder / name).exists():
            problems.append(f"{name} was not written")
    for name in c.get("absent", []):
        if (folder / name).exists():
            problems.append(f"{name} exists")
    for name, wants in c.get("has", {}).items():
        data = (folder / name).read_bytes() if (folder / name).is_file() else b""
        problems += [f"{name} lacks {w!r}" for w in wants if w not in data]
    for name, wants in c.get("lacks", {}).items():
        data = (folder / name).read_bytes() if (folder / name).is_file() else b""
        problems += [f"{name} has {w!r}" for w in wants if w in data]
    for name in c.get("keep", []):
        if (folder / name).read_bytes() != {**c["files"], **c.get("old", {})}[name]:
            problems.append(f"{name} was changed")
    for name, uid in c.get("owner", {}).items():
        got = (folder / name).stat().st_uid if (folder / name).exists() else None
        if got != uid:
            problems.append(f"{name} belongs to user {got}, not {uid}")
    for name, mode in c.get("mode", {}).items():
        got = (folder / name).stat().st_mode & 0o7777 if (folder / name).exists() else None
        want = mode & ~umask if name not in c.get("chmod", {}) else mode
        if got != want:
            problems.append(f"{name} has mode {got and oct(got)}, not {oct(want)}")
    for key in ("pdf_text", "pdf_joined", "pdf_lacks"):
        for name, wants in c.get(key, {}).items():
            if not pdftotext:
                continue
            text = subprocess.run([pdftotext, "-enc", "UTF-8", str(folder / name), "-"],
                                  capture_output=True).stdout.decode(errors="replace")
            if key == "pdf_joined":
                # without folios (lines of digits alone), hyphens pango
                # added at line ends and whitespace
                text = re.sub(r"(?m)^\d+$", "", text)
                text = re.sub(r"\s+", "", re.sub("\u2010\n", "", text))
            if key == "pdf_lacks":
                problems += [f"{name}'s text has {w!r}" for w in wants if w in text]
            else:
                problems += [f"{name}'s text lacks {w[:40]!r}" for w in wants if w not in text]
    stray = stray_temporaries(folder)
    if stray:
        problems.append(f"temporary files left: {stray}")
    secs = time.monotonic() - start
    detail = f"stderr: {err[-600:]!r}" if problems and not c.get("interrupt") else ""
    if gz.check(f"{c['name']} ({secs:.1f} s): " + "; ".join(problems), not problems, detail):
        print(f"ok   {c['name']} ({secs:.1f} s){': ' + note if note else ''}")
        for name in c.get("readonly", []):
            os.chmod(folder / name, 0o755)
        shutil.rmtree(folder)


selected = [c for c in cases if len(sys.argv) < 2 or any(a in c["name"] for a in sys.argv[1:])]
for c in selected:
    run_case(c)
print(f"{len(selected)} hostile cases")
gz.finish()
