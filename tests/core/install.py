#!/usr/bin/env python3
"""meson install --destdir: every piece is installed; the man page renders and covers
every option; the library example builds against the installed pkg-config file and runs."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

build = Path(os.environ["BUILD_ROOT"])
source = Path(os.environ["SOURCE_ROOT"])
gazette = os.environ["GAZETTE"]
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {str(detail)[-800:]}")


dest = Path(tempfile.mkdtemp())
p = subprocess.run(["meson", "install", "-C", str(build), "--no-rebuild", "--destdir", str(dest)],
                   capture_output=True, text=True)
check("meson install", p.returncode == 0, p.stdout + p.stderr)
prefix = subprocess.run(["meson", "introspect", str(build), "--buildoptions"], capture_output=True,
                        text=True).stdout
sanitize = re.search(r'"name": "b_sanitize", "value": "([^"]+)"', prefix).group(1)
prefix = re.search(r'"name": "prefix", "value": "([^"]+)"', prefix).group(1)
root = dest / prefix.lstrip("/")
files = [str(f.relative_to(root)) for f in root.rglob("*") if f.is_file() or f.is_symlink()]


def installed(pattern):
    return any(re.fullmatch(pattern, f) for f in files)


for what, pattern in [("program", r"bin/gazette"), ("library", r"lib\S*/libgazette\.so\S*"),
                      ("header", r"include/gazette\.h"),
                      ("pkg-config file", r"lib\S*/pkgconfig/gazette\.pc"),
                      ("man page", r"share/man/man1/gazette\.1"),
                      ("bash completion", r"share/bash-completion/completions/gazette"),
                      ("font configuration", r"share/gazette/fonts/\S+\.conf")]:
    check(f"installs the {what}", installed(pattern), files)

man = root / "share/man/man1/gazette.1"
if man.exists():
    p = subprocess.run(["man", "--warnings", "-l", str(man)], capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
    check("man page renders without warnings", p.returncode == 0 and p.stderr == "", p.stderr)
    text = re.sub(r".\x08", "", p.stdout)
    help_text = subprocess.run([gazette, "--help"], capture_output=True, text=True).stdout
    for option in sorted(set(re.findall(r"--[a-z][a-z-]+", help_text))):
        check(f"man page documents {option}", option in text)
    for code in "0123":
        check(f"man page documents exit status {code}", re.search(rf"^\s+{code}\s+\S", text.split("EXIT STATUS")[-1], re.M), "")

# The library example against the installed header, library and pkg-config file.
pc_dir = next((root / f).parent for f in files if f.endswith("pkgconfig/gazette.pc"))
env = dict(os.environ, PKG_CONFIG_PATH=str(pc_dir))
flags = subprocess.run(["pkg-config", f"--define-variable=prefix={root}", "--cflags", "--libs",
                        "gazette"], capture_output=True, text=True, env=env)
check("pkg-config knows gazette", flags.returncode == 0, flags.stderr)
work = Path(tempfile.mkdtemp())
exe = work / "library-example"
# A sanitized library needs a sanitized program (the runtime must come first).
san_flags = [] if sanitize == "none" else [f"-fsanitize={sanitize}"]
cc = subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", *san_flags,
                     str(source / "samples/library-example.c"),
                     *flags.stdout.split(), "-o", str(exe)], capture_output=True, text=True)
check("the library example compiles against the installed files", cc.returncode == 0, cc.stderr)
if cc.returncode == 0:
    lib_dir = next((root / f).parent for f in files if re.search(r"libgazette\.so", f))
    p = subprocess.run([str(exe), str(work)], capture_output=True, text=True,
                       env=dict(os.environ, LD_LIBRARY_PATH=str(lib_dir)))
    check("the library example runs", p.returncode == 0, p.stdout + p.stderr)
    for name, magic in [("example.html", b"<!DOCTYPE html>"), ("example.atom", b"<?xml"),
                        ("example.pdf", b"%PDF-")]:
        f = work / name
        check(f"the library example wrote {name}", f.exists() and f.read_bytes().startswith(magic))
shutil.rmtree(dest, ignore_errors=True)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
