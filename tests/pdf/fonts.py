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

import gztest as gz
from gztest import run as gazette


def main():
    math = glob.glob("/usr/share/fonts/**/DejaVuMathTeXGyre.ttf", recursive=True)
    if not math:
        gz.skip("needs DejaVuMathTeXGyre.ttf (fonts-dejavu-extra)")
    gz.need("pdffonts")
    tmp = gz.tmpdir()
    page = os.path.join(tmp, "math.md")
    out = os.path.join(tmp, "math.pdf")
    with open(page, "w", encoding="utf-8") as f:
        # U+1D49C MATHEMATICAL SCRIPT CAPITAL A: in no font gazette.conf selects
        f.write("---\ntitle: Math\n---\n\nScript \U0001D49C here.\n")

    r = gazette("-t", "pdf", "-o", out, page)
    gz.check(f"a missing glyph is not a warning: {r.code} {r.err!r}",
             r.code == 0 and "U+1D49C" in r.err)
    os.remove(out)
    r = gazette("--strict", "-t", "pdf", "-o", out, page)
    gz.check(f"--strict with a missing glyph exits {r.code}, want 1", r.code == 1)
    gz.check(f"--strict message: {r.err!r}",
             f"{page}:5: error: no font has a glyph for U+1D49C" in r.err)
    gz.check("--strict wrote a PDF despite the error", not os.path.exists(out))

    fonts = os.path.join(tmp, "fonts")
    os.mkdir(fonts)
    shutil.copy(math[0], fonts)
    r = gazette("--strict", "-t", "pdf", "--font-dir", fonts, "-o", out, page)
    if gz.check(f"--font-dir did not supply U+1D49C: {r.code} {r.err!r}",
                r.code == 0):
        gz.check("the --font-dir font is not embedded",
                 "DejaVuMathTeXGyre" in gz.output("pdffonts", out))
    r = gazette("-t", "pdf", "--font-dir", os.path.join(tmp, "absent"), "-o", out, page)
    gz.check(f"an absent --font-dir is not an error: {r.err!r}",
             r.code != 0 and "--font-dir" in r.err)

    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    conf = os.path.join(tmp, "no-cjk.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(f"<?xml version=\"1.0\"?>\n<fontconfig><dir>{empty}</dir>"
                f"<cachedir>{os.path.join(tmp, 'cache')}</cachedir></fontconfig>\n")
    zh = os.path.join(tmp, "zh.md")
    with open(zh, "w", encoding="utf-8") as f:
        f.write("---\nlang: zh-CN\n---\n\n中文。\n")
    env = {"GAZETTE_FONTS_CONF": conf}
    r = gazette("-t", "pdf", "-o", os.path.join(tmp, "zh.pdf"), zh, env=env)
    gz.check(f"no CJK face: exit {r.code}, {r.err!r}",
             r.code == 1 and "no CJK font" in r.err and "fonts-noto-cjk" in r.err)

    # One process, three inputs (-j1: no workers): the same bytes as alone.
    names = []
    for i, text in enumerate(["中文一。", "English two.", "中文三，English."]):
        name = os.path.join(tmp, f"b{i}.md")
        with open(name, "w", encoding="utf-8") as f:
            f.write(f"---\nlang: zh-CN\ntitle: T{i}\n---\n\n# H\n\n{text}\n")
        names.append(name)
    outdir = os.path.join(tmp, "batch")
    r = gazette("-q", "-j1", "-t", "pdf", "-o", outdir + "/", *names)
    gz.check(f"batch: {r.err!r}", r.code == 0)
    for name in names:
        alone = os.path.join(tmp, "alone.pdf")
        gazette("-q", "-t", "pdf", "-o", alone, name)
        stem = os.path.splitext(os.path.basename(name))[0]
        with open(alone, "rb") as a, open(os.path.join(outdir, stem + ".pdf"), "rb") as b:
            gz.check(f"{stem}: a batch gives other bytes than a run of its own",
                     a.read() == b.read())
    gz.finish()


if __name__ == "__main__":
    main()
