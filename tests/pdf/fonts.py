#!/usr/bin/env python3
"""fonts.py: the PDF backend's font set-up, end to end:

  - a character no font has is a warning, and under --strict an error
    (exit 1, `file:line: ... U+XXXX`, no output written);
  - --font-dir adds fonts that gazette.conf would not select by itself;
  - with no CJK face (GAZETTE_FONTS_CONF naming a configuration with an empty
    font folder) CJK text is refused with the fonts-noto-cjk advice;
  - several inputs in one process give the same bytes as each one alone
    (fonts set up once per process).

Exit 77 (skipped) when a tool or DejaVu Math TeX Gyre is missing."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def gazette(*args, env=None):
    return subprocess.run([os.environ["GAZETTE"], *args], capture_output=True, text=True,
                          env=env)


def main():
    math = glob.glob("/usr/share/fonts/**/DejaVuMathTeXGyre.ttf", recursive=True)
    if not math or not shutil.which("pdffonts"):
        print("skipped: needs DejaVuMathTeXGyre.ttf (fonts-dejavu-extra) and pdffonts")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "math.md")
        out = os.path.join(tmp, "math.pdf")
        with open(page, "w", encoding="utf-8") as f:
            # U+1D49C MATHEMATICAL SCRIPT CAPITAL A: in no font gazette.conf selects
            f.write("---\ntitle: Math\n---\n\nScript \U0001D49C here.\n")

        r = gazette("-t", "pdf", "-o", out, page)
        if r.returncode != 0 or "U+1D49C" not in r.stderr:
            fail(f"a missing glyph is not a warning: {r.returncode} {r.stderr!r}")
        os.remove(out)
        r = gazette("--strict", "-t", "pdf", "-o", out, page)
        if r.returncode != 1:
            fail(f"--strict with a missing glyph exits {r.returncode}, want 1")
        if f"{page}:5: error: no font has a glyph for U+1D49C" not in r.stderr:
            fail(f"--strict message: {r.stderr!r}")
        if os.path.exists(out):
            fail("--strict wrote a PDF despite the error")

        fonts = os.path.join(tmp, "fonts")
        os.mkdir(fonts)
        shutil.copy(math[0], fonts)
        r = gazette("--strict", "-t", "pdf", "--font-dir", fonts, "-o", out, page)
        if r.returncode != 0:
            fail(f"--font-dir did not supply U+1D49C: {r.returncode} {r.stderr!r}")
        elif "DejaVuMathTeXGyre" not in subprocess.run(["pdffonts", out], capture_output=True,
                                                       text=True).stdout:
            fail("the --font-dir font is not embedded")
        r = gazette("-t", "pdf", "--font-dir", os.path.join(tmp, "absent"), "-o", out, page)
        if r.returncode == 0 or "--font-dir" not in r.stderr:
            fail(f"an absent --font-dir is not an error: {r.stderr!r}")

        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        conf = os.path.join(tmp, "no-cjk.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"<?xml version=\"1.0\"?>\n<fontconfig><dir>{empty}</dir>"
                    f"<cachedir>{os.path.join(tmp, 'cache')}</cachedir></fontconfig>\n")
        zh = os.path.join(tmp, "zh.md")
        with open(zh, "w", encoding="utf-8") as f:
            f.write("---\nlang: zh-CN\n---\n\n中文。\n")
        env = dict(os.environ, GAZETTE_FONTS_CONF=conf)
        r = gazette("-t", "pdf", "-o", os.path.join(tmp, "zh.pdf"), zh, env=env)
        if r.returncode != 1 or "no CJK font" not in r.stderr or "fonts-noto-cjk" not in r.stderr:
            fail(f"no CJK face: exit {r.returncode}, {r.stderr!r}")

        # One process, three inputs (-j1: no workers): the same bytes as alone.
        names = []
        for i, text in enumerate(["中文一。", "English two.", "中文三，English."]):
            name = os.path.join(tmp, f"b{i}.md")
            with open(name, "w", encoding="utf-8") as f:
                f.write(f"---\nlang: zh-CN\ntitle: T{i}\n---\n\n# H\n\n{text}\n")
            names.append(name)
        outdir = os.path.join(tmp, "batch")
        r = gazette("-q", "-j1", "-t", "pdf", "-o", outdir + "/", *names)
        if r.returncode != 0:
            fail(f"batch: {r.stderr!r}")
        for name in names:
            alone = os.path.join(tmp, "alone.pdf")
            gazette("-q", "-t", "pdf", "-o", alone, name)
            stem = os.path.splitext(os.path.basename(name))[0]
            with open(alone, "rb") as a, open(os.path.join(outdir, stem + ".pdf"), "rb") as b:
                if a.read() != b.read():
                    fail(f"{stem}: a batch gives other bytes than a run of its own")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
