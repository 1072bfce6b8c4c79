#!/usr/bin/env python3
"""The command line: options, exit codes, where outputs go, and what a failure leaves."""
import os
from pathlib import Path

import gztest as gz
from gztest import check, run

tmp = gz.tmpdir()
page = tmp / "page.md"
page.write_text("# Title\n\nSome *text*.\n")
other = tmp / "other.md"
other.write_text("# Other\n")

# --help is generated from the option table and the registry.
code, out, err = run("--help")
check("help exit", code == 0)
for word in ["--to", "--output", "--set", "--strict", "--safe", "--dialect", "html", "rss",
             "atom", "pdf", "tree", "Exit status", "3  an output could not be written"]:
    check(f"help mentions {word}", word in out)
code, out, _ = run("--version")
check("version", code == 0 and out.startswith("gazette "), out)
check("version names the PDF libraries", "cairo " in out and "pango " in out, out)
check("version names the highlighter", "KSyntaxHighlighting 5." in out, out)

# The PDF backend is a module: HTML and feeds never load cairo and pango (40 ms
# of CPU a run); a PDF does.  So is the feed writer: HTML and PDF never load
# libxml2 (and ICU).  The loader's own trace tells which libraries ran.
def loaded(*args):
    r = run(*args, env={"LD_DEBUG": "libs"})
    return r.code, r.err
code, trace = loaded("-q", "-t", "html,rss", "--set", "url=https://example.org", "-o",
                     str(tmp / "lean"), str(page))
check("HTML and RSS without the PDF libraries", code == 0 and "calling init" in trace
      and "libcairo" not in trace and "gazette-pdf" not in trace, trace[-400:])
code, trace = loaded("-q", "-t", "html", "-o", str(tmp / "lean-html"), str(page))
check("HTML without libxml2", code == 0 and "calling init" in trace
      and "libxml2" not in trace and "gazette-feed" not in trace, trace[-400:])
code, trace = loaded("-q", "-t", "rss", "--set", "url=https://example.org", "-o",
                     str(tmp / "lean.xml"), str(page))
check("RSS loads its module", code == 0 and "gazette-feed.so" in trace
      and "libxml2" in trace, trace[-400:])
code, trace = loaded("-q", "-t", "pdf", "-o", str(tmp / "lean.pdf"), str(page))
check("a PDF loads its module", code == 0 and "gazette-pdf.so" in trace
      and "libcairo" in trace and "libxml2" not in trace, trace[-400:])

# Usage errors: exit 2 with a message saying what to do.
for args, words in [((), "no input files"), (("-t", "docx", str(page)), "unknown format 'docx'"),
                    (("--set", "novalue", str(page)), "KEY=VALUE"),
                    (("--bogus", str(page)), "--help"),
                    (("--dialect", "markdown", str(page)), "--dialect"),
                    (("-t", "tree,html", str(page)), "give a folder with -o DIR"),
                    (("-t", "tree", str(page), str(other)), "give a folder with -o DIR")]:
    code, out, err = run(*args)
    check(f"usage {args}", code == 2 and words in err, f"exit {code}: {err!r}")

# A missing input: exit 1, named with the reason.
code, out, err = run("-t", "tree", str(tmp / "missing.md"))
check("missing input", code == 1 and "missing.md: error: cannot read: No such file" in err, err)

# One failing input does not stop the others.
outdir = tmp / "out"
code, out, err = run("-t", "tree", "-o", str(outdir), str(tmp / "missing.md"), str(page))
check("others still converted", code == 1 and (outdir / "page.tree").exists(), err)

# Standard input and output.
code, out, err = run("-t", "tree", "-", stdin=b"hello\n")
check("stdin to stdout", code == 0 and 'text "hello"' in out, err)

# Options may follow the inputs; `--` ends them.
code, out, err = run(str(page), "-t", "tree", "-o", str(tmp / "after"))
check("options after inputs", code == 0 and (tmp / "after").read_text().startswith("document"), err)
dashed = tmp / "-t.md"
dashed.write_text("dash\n")
code, out, err = run("-t", "tree", "--", str(dashed))
check("-- ends the options", code == 0 and 'text "dash"' in out, err)

# -o FILE for one output; -o DIR/ for several.
target = tmp / "single.txt"
code, out, err = run("-t", "tree", "-o", str(target), str(page))
check("-o file", code == 0 and target.read_text().startswith("document"), err)
code, out, err = run("-t", "tree", "-o", str(tmp / "many"), str(page), str(other))
check("-o folder", code == 0 and (tmp / "many" / "page.tree").exists()
      and (tmp / "many" / "other.tree").exists(), err)

# Output folders mirror the input tree.
(tmp / "sub" / "deeper").mkdir(parents=True)
twin = tmp / "sub" / "page.md"
twin.write_text("twin\n")
(tmp / "sub" / "deeper" / "leaf.md").write_text("leaf\n")
code, out, err = run("-t", "tree", "-o", str(tmp / "mirror"), str(page), str(twin),
                     str(tmp / "sub" / "deeper" / "leaf.md"))
check("mirrored", code == 0 and (tmp / "mirror" / "page.tree").exists()
      and "twin" in (tmp / "mirror" / "sub" / "page.tree").read_text()
      and (tmp / "mirror" / "sub" / "deeper" / "leaf.tree").exists(), err)

# Two inputs that would write the same file: the second is refused, the first converted.
(tmp / "page.markdown").write_text("other extension\n")
code, out, err = run("-t", "tree", "-o", str(tmp / "twins"), str(page), str(tmp / "page.markdown"))
check("clash refused", code == 1 and "rename one of them" in err, err)

# Outputs never overwrite an input.
before = page.read_bytes()
code, out, err = run("-t", "tree", "-o", str(page), str(page))
check("input kept", code == 3 and page.read_bytes() == before and "overwrite an input" in err, err)

# A write error on a device is exit 3; the device is not replaced.
if os.path.exists("/dev/full"):
    code, out, err = run("-t", "tree", "-o", "/dev/full", str(page))
    check("/dev/full", code == 3 and "No space left" in err, err)
    check("/dev/full still a device", not Path("/dev/full").is_file())

# A folder that cannot be made: exit 3.
blocker = tmp / "blocker"
blocker.write_text("a file, not a folder")
code, out, err = run("-t", "tree", "-o", str(blocker / "x.tree"), str(page))
check("unwritable path", code == 3 and "x.tree" in err, err)

# A failure leaves the old output as it was and no temporary files.
old = tmp / "kept.tree"
old.write_text("old contents")
bad = tmp / "bad.md"
bad.write_bytes(b"caf\xe9 au lait\n")
code, out, err = run("--strict", "-t", "tree", "-o", str(old), str(bad))
check("strict failure keeps the old output", code == 1 and old.read_text() == "old contents", err)
check("no temporary files", not [p for p in tmp.iterdir() if p.name.startswith("kept.tree.")])

# Invalid UTF-8 is replaced with a warning naming the line; the rest survives.
code, out, err = run("-t", "tree", str(bad))
check("invalid utf-8 warning", code == 0 and "bad.md:1: warning: invalid UTF-8" in err, err)
check("invalid utf-8 replaced", "caf\ufffd au lait" in out, out)

# Text in another encoding is refused with the encoding it looks like and the fix.
texts = {
    "GB18030": ("gb18030", "# 标题\n\n这是一段中文文字，用来测试编码检测是否可靠。存储系统在用户态直接访问固态硬盘。\n"),
    "SHIFT_JIS": ("shift_jis", "# 見出し\n\n日本語の文章では、句読点が行頭に来ないようにする禁則処理が欠かせません。\n"),
    "EUC-JP": ("euc_jp", "# 見出し\n\n日本語の文章では、句読点が行頭に来ないようにします。\n"),
    "EUC-KR": ("euc_kr", "# 제목\n\n사용자 공간 드라이버는 커널을 거치지 않고 직접 접근합니다.\n"),
    "BIG5": ("big5", "# 標題\n\n這是一段繁體中文文字，用來測試編碼檢測是否可靠。\n"),
    "UTF-16": ("utf-16", "# Title\n\nplain text\n"),
}
for name, (codec, text) in texts.items():
    legacy = tmp / f"legacy-{codec}.md"
    legacy.write_bytes(text.encode(codec))
    code, out, err = run("-t", "tree", str(legacy))
    check(f"{name} refused", code == 1 and f"looks like {name}, not UTF-8" in err
          and f"iconv -f {name} -t UTF-8" in err and out == "", err)

# -q keeps warnings quiet; the same input gives the same bytes.
code, out1, err = run("-q", "-t", "tree", str(bad))
check("quiet", code == 0 and err == "", err)
code, out2, err = run("-q", "-t", "tree", str(bad))
check("deterministic", out1 == out2)

gz.finish()
