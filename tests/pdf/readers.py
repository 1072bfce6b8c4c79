#!/usr/bin/env python3
"""readers.py: every PDF the suite makes reads back as its text in the four
extraction engines people search, copy and index with: poppler's pdftotext,
MuPDF's `mutool draw -F txt`, PDF.js (pdfjs-dist, legacy build, in Node) and
PDFBox's ExtractText.  For each page and each engine:

  - no U+FFFD (a glyph left out of its font's ToUnicode map);
  - every text of the page (from gazette's tree dump) is found, in order,
    apart from whitespace, the running title and folios, and the marks
    that set bidirectional text apart (so right-to-left text must come
    back in logical order);
  - no space where the source has none between two characters, except at
    the edges of a gap between CJK and Latin text (typo.c's quarter em,
    which doc/pdf-text.md explains): a space inside a Latin word or in a
    run of CJK characters fails.

The pages: tests/pdf/pages, samples/, the seed page when ../shared/seeds is
there, and pages written here (right-to-left text, dense justified Chinese
and Japanese, emphasis, compressed punctuation, a list item before a long
code span).  Exit 77 (skipped) when an engine is missing and the others
pass."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import tree_texts  # noqa: E402
from extract import PAGES as DENSE  # noqa: E402

ROOT = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD_ROOT", os.path.join(ROOT, "build"))
# (page, engine) read back as the right characters in some other order:
# what no drawing order can make right (doc/pdf-text.md, "Right-to-left
# text", which measures the other producers too).
CHARACTERS_ONLY = {("rtl", "pdfbox"), ("niqqud", "pdfbox"), ("niqqud", "poppler"),
                   ("niqqud", "pdfjs")}
PDFBOX_JARS = ["pdfbox2-tools.jar", "pdfbox2.jar", "fontbox2.jar", "commons-logging.jar"]
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

WRITTEN = {
    "rtl": ("he", "---\ntitle: עברית ועربية\n---\n"
            "שלום עולם, זהו משפט בעברית עם המספר 42 בתוכו. הטקסט נכתב מימין לשמאל.\n\n"
            "مرحبا بالعالم، هذه جملة باللغة العربية مع الرقم 42 فيها. النص يكتب من اليمين.\n"),
    "niqqud": ("he", "---\ntitle: ניקוד\n---\n"
               "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ.\n\n"
               "וְהָאָרֶץ הָיְתָה תֹהוּ וָבֹהוּ, וְחֹשֶׁךְ עַל־פְּנֵי תְהוֹם.\n"),
    "dense-zh": ("zh-CN", "\n\n".join(DENSE["zh-CN"]) + "\n"),
    "dense-ja": ("ja", "\n\n".join(DENSE["ja"]) + "\n"),
    "emphasis": ("zh-CN", "这是*强调的文字*与**加粗的文字**，以及*emphasis in English*。"
                 "「引用」（括号）、《书名》：“标点”。\n\n" * 4),
    # Footnotes at the foot of the page: read after the body (one page, so
    # the tree's order, the notes last, is the page's).
    "notes-en": ("en", "Footnotes stand at the foot of the page.[^a] A second one follows "
                 "here,[^b] and the body goes on after them.\n\n"
                 "Another paragraph, with a third note.[^c]\n\n"
                 "[^a]: The first note, in a smaller size.\n"
                 "[^b]: The second note, with *emphasis* and `code`.\n"
                 "[^c]: The third note.\n"),
    "notes-zh": ("zh-CN", "脚注排在所在页的底部。[^a]第二个脚注在这里，[^b]正文接着往下写。\n\n"
                 "另一段落也有一个脚注。[^c]\n\n"
                 "[^a]: 第一个脚注，字号较小。\n"
                 "[^b]: 第二个脚注，带有*强调*的文字。\n"
                 "[^c]: 第三个脚注。\n"),
    "code-item": ("ja", "- これは番号付きパラメータの説明で、次の識別子 "
                  "`gazette_pdf_layout_paragraph_with_a_very_long_identifier_name` を使います。\n"
                  "- 二つ目の項目は短いです。\n"),
}


def pdfjs_command():
    for base in (BUILD, os.path.join(ROOT, "build")):
        modules = os.path.join(base, "npm")
        if os.path.isdir(os.path.join(modules, "node_modules", "pdfjs-dist")):
            if shutil.which("node"):
                return ["node", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "pdfjs-text.mjs")], {"PDFJS_DIR": modules}
    return None, None


def engines():
    """name -> function(pdf) -> text, and the names of the missing ones."""
    found, missing = {}, []
    if shutil.which("pdftotext"):
        found["poppler"] = lambda pdf: run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    else:
        missing.append("poppler (poppler-utils)")
    if shutil.which("mutool"):
        found["mupdf"] = lambda pdf: run(["mutool", "draw", "-q", "-F", "txt", pdf])
    else:
        missing.append("mupdf (mupdf-tools)")
    cmd, env = pdfjs_command()
    if cmd:
        found["pdfjs"] = lambda pdf: run(cmd + [pdf], env=dict(os.environ, **env))
    else:
        missing.append("pdf.js (npm pdfjs-dist: scripts/setup test)")
    jars = [os.path.join("/usr/share/java", j) for j in PDFBOX_JARS]
    if shutil.which("java") and all(os.path.exists(j) for j in jars):
        cp = ":".join(jars)
        found["pdfbox"] = lambda pdf: run(["java", "-cp", cp, "org.apache.pdfbox.tools.ExtractText",
                                           "-encoding", "UTF-8", pdf, "/dev/stdout"])
    else:
        missing.append("pdfbox (libpdfbox2-java, java)")
    return found, missing


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw).stdout.decode("utf-8")


def is_cjk(c):
    cp = ord(c)
    return (0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF
            or 0xFF00 <= cp <= 0xFF60 or 0x20000 <= cp <= 0x3FFFF)


def is_latin(c):
    return ord(c) < 0x530 and c.isalnum()


def squeeze(s):
    return re.sub(r"\s+", "", s)


def pairs(texts, alts):
    """The character pairs that meet with no whitespace between them in the
    source, those that meet across whitespace or between two texts, and the
    source's words."""
    tight, loose, words = set(), set(), set()
    prev_last = None
    for t, _ in texts + [(alt, False) for alt in alts]:
        s = t.strip()
        if not s:
            continue
        if prev_last:
            loose.add((prev_last, s[0]))
        for a, b in zip(s, s[1:]):
            if not a.isspace() and not b.isspace():
                tight.add((a, b))
        for m in re.finditer(r"(\S)\s+(?=(\S))", s):
            loose.add((m.group(1), m.group(2)))
        prev_last = s[-1]
        words.update(re.findall(r"\w+", s))
    return tight, loose, words


def check(name, engine, text, texts, alts, title):
    problems = []
    bad = text.count("\ufffd")
    if bad:
        problems.append(f"{bad} U+FFFD")
    if (name, engine) in CHARACTERS_ONLY:
        # PDFBox 2.0 reorders every line as if it were drawn in visual
        # order, which MuPDF 1.21 does not; poppler and PDF.js misplace
        # Hebrew points (doc/pdf-text.md): the characters come back, each
        # once, in another order.
        want = sorted(squeeze(unicodedata.normalize("NFC", "".join(t for t, _ in texts))))
        got = sorted(squeeze(BIDI_MARKS.sub("", unicodedata.normalize("NFC", text))))
        if title:
            for c in squeeze(title):
                if c in got:
                    got.remove(c)
        if got != want:
            problems.append("the characters differ")
        for p in problems:
            print(f"FAIL {name} {engine}: {p}", file=sys.stderr)
        return not problems
    text = BIDI_MARKS.sub("", unicodedata.normalize("NFC", text))
    # Page furniture: the folios and the running title (PDFBox marks no page
    # ends, so any line that is one goes, but the title's first).
    lines = [line.strip() for line in text.splitlines()]
    first = lines.index(title) if title in lines else -1
    cells = {t.strip() for t, _ in texts}
    text = "\n".join(line for i, line in enumerate(lines)
                     if not (line.isdigit() and line not in cells)
                     and (line != title or i == first))
    got = squeeze(text)
    pos, missing = 0, []
    for t, in_table in texts:
        t = squeeze(unicodedata.normalize("NFC", t))
        if not t:
            continue
        found = got.find(t, 0 if in_table else pos)
        if found < 0:
            missing.append(t)
        elif not in_table:
            pos = found + len(t)
    if missing:
        problems.append(f"{len(missing)} of {len(texts)} texts not found in order, first "
                        f"{missing[0][:60]!r}")
    tight, loose, words = pairs(texts, alts)
    spaces = []
    for line in text.splitlines():
        for m in re.finditer(r"(\S)[ \t\u00a0\u3000]+(?=(\S))", line):
            a, b = m.group(1), m.group(2)
            if is_latin(a) and is_latin(b):
                # a word cut in two: its halves make a word of the source
                left = re.search(r"\w+$", line[:m.start() + 1]).group(0)
                right = re.match(r"\w+", line[m.end():]).group(0)
                cut = left + right in words and not (left in words and right in words)
            else:
                cut = is_cjk(a) and is_cjk(b) and (a, b) in tight and (a, b) not in loose
            if cut:
                spaces.append(line[max(0, m.start() - 8):m.end() + 8])
    if spaces:
        problems.append(f"{len(spaces)} spaces that are not in the source, first "
                        f"{spaces[0]!r}")
    for p in problems:
        print(f"FAIL {name} {engine}: {p}", file=sys.stderr)
    return not problems


def pages_to_read(tmp):
    """(name, markdown path, --set values) for every page."""
    pages_dir = os.path.join(ROOT, "tests", "pdf", "pages")
    out = [("zh", os.path.join(pages_dir, "zh.md"), ["page.lang=zh-CN", "page.title=存储技术简报"]),
           ("ja", os.path.join(pages_dir, "ja.md"), ["page.lang=ja", "page.title=ストレージ技術",
                                                   "pdf.paper=A5"]),
           ("ko", os.path.join(pages_dir, "ko.md"), ["page.lang=ko", "page.title=스토리지 기술"]),
           ("en", os.path.join(pages_dir, "en.md"), ["page.lang=en",
                                                   "page.title=A field guide to fast storage"])]
    out.append(("rawhtml", os.path.join(ROOT, "tests", "rawhtml", "pages", "rawhtml.md"), []))
    for s in ("zh-news", "en-post", "ja-page", "ko-notes"):
        out.append((s, os.path.join(ROOT, "samples", s + ".md"), []))
    seed = os.path.join(ROOT, "..", "shared", "seeds", "000_3f79db424e972863.txt")
    if os.path.exists(seed):
        out.append(("seed", seed, ["page.lang=zh-CN", "page.title=SPDK用户案例"]))
    else:
        print("seed page: skipped (../shared/seeds is not here)")
    for name, (lang, md) in WRITTEN.items():
        path = os.path.join(tmp, name + ".md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(md)
        out.append((name, path, ["page.lang=" + lang, "pdf.paper=A5"]))
    return out


def main():
    found, missing = engines()
    if not found:
        print("skipped: no PDF text engine is installed")
        return 77
    gazette = os.environ["GAZETTE"]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, source, sets in pages_to_read(tmp):
            set_args = [x for kv in sets for x in ("--set", kv)]
            pdf = os.path.join(tmp, name + ".pdf")
            subprocess.run([gazette, "-q", "-t", "pdf", *set_args, "-o", pdf, source],
                           check=True)
            tree = tree_texts(run([gazette, "-t", "tree", *set_args, source]).encode())
            texts, alts = tree[0], tree[4]
            title = next((kv.split("=", 1)[1] for kv in sets if kv.startswith("page.title=")),
                         None)
            if title is None:
                info = run(["pdfinfo", pdf]) if shutil.which("pdfinfo") else ""
                m = re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)
                title = m.group(1).strip() if m else None
            good = []
            for engine, read in found.items():
                if check(name, engine, read(pdf), texts, alts, title):
                    good.append(engine)
                else:
                    failures += 1
            print(f"{name}: {', '.join(good) or 'no engine'} read it back")
    for m in missing:
        print(f"skipped: {m} is not installed")
    if failures:
        return 1
    return 77 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
