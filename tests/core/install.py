#!/usr/bin/env python3
"""meson install --destdir: every piece is installed; the man page renders and covers
every option; the library example builds against the installed pkg-config file and runs."""
import re

import gztest as gz
from gztest import check

build, source = gz.BUILD, gz.ROOT
dest = gz.tmpdir()
p = gz.command(["meson", "install", "-C", build, "--no-rebuild", "--destdir", dest], timeout=300)
check("meson install", p.code == 0, p.out + p.err)
prefix = gz.output("meson", "introspect", build, "--buildoptions")
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
    p = gz.command(["man", "--warnings", "-l", man],
                   env={"MANWIDTH": "80", "MAN_KEEP_FORMATTING": "0"})
    check("man page renders without warnings", p.code == 0 and p.err == "", p.err)
    text = re.sub(r".\x08", "", p.out)
    options = sorted(set(re.findall(r"--[a-z][a-z-]+", gz.run("--help").out)))
    check("gazette --help lists its options", len(options) > 10, options)
    for option in options:
        check(f"man page documents {option}", option in text)
    for code in "0123":
        check(f"man page documents exit status {code}",
              re.search(rf"^\s+{code}\s+\S", text.split("EXIT STATUS")[-1], re.M))

# The library example against the installed header, library and pkg-config file.
pc_dir = next((root / f).parent for f in files if f.endswith("pkgconfig/gazette.pc"))
flags = gz.command(["pkg-config", f"--define-variable=prefix={root}", "--cflags", "--libs",
                    "gazette"], env={"PKG_CONFIG_PATH": str(pc_dir)})
check("pkg-config knows gazette", flags.code == 0, flags.err)
work = gz.tmpdir()
exe = work / "library-example"
# A sanitized library needs a sanitized program (the runtime must come first).
san_flags = [] if sanitize == "none" else [f"-fsanitize={sanitize}"]
cc = gz.command(["cc", "-std=c11", "-Wall", "-Wextra", *san_flags,
                 source / "samples/library-example.c", *flags.out.split(), "-o", exe])
check("the library example compiles against the installed files", cc.code == 0, cc.err)
if cc.code == 0:
    lib_dir = next((root / f).parent for f in files if re.search(r"libgazette\.so", f))
    p = gz.command([exe, work], env={"LD_LIBRARY_PATH": str(lib_dir)})
    check("the library example runs", p.code == 0, p.out + p.err)
    for name, magic in [("example.html", b"<!DOCTYPE html>"), ("example.atom", b"<?xml"),
                        ("example.pdf", b"%PDF-")]:
        f = work / name
        check(f"the library example wrote {name}", f.exists() and f.read_bytes().startswith(magic))
gz.finish()
