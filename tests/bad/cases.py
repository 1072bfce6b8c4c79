"""The hostile inputs: one entry per case, read by run.py.

Each case names its files (path -> bytes, made here so that nothing large or
binary is committed), the arguments after `gazette` (run in the case's own
folder), the expected exit status, regular expressions stderr must match
(`err`) and must not match (`no_err`), outputs that must exist / must not exist
afterwards, and byte strings an output must contain / must not contain
(`has` / `lacks`: {path: [bytes]}; `pdf_text` checks pdftotext's view of a PDF,
`pdf_joined` the same without whitespace and line-end hyphens, `pdf_lacks` what
that view must not have).
`old` files exist before the run with the content given, and `keep` lists
those that must still have it afterwards; `mode` and `owner` are what files
must have afterwards.  `secs` is the time limit,
multiplied by GAZETTE_TEST_TIME_SCALE under the sanitizers."""
import re
import struct
import zlib

FFFD = "\ufffd".encode()
URL = ["--set", "url=https://example.org/"]


def png(w, h, idat=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def good_png():
    row = b"\0" + b"\x20\x80\xe0" * 4
    return png(4, 4, zlib.compress(row * 4))


CJK = {
    "GB18030": ("gb18030", "# 中文标题\n\n这是一个测试段落，包含一些中文字符。我们在这里写更多的中文内容，以便识别编码。\n" * 3),
    "SHIFT_JIS": ("shift_jis", "# 日本語のタイトル\n\nこれは日本語の文章です。ひらがなとカタカナを含みます。テストのために書いています。\n" * 3),
    "EUC-JP": ("euc_jp", "# 日本語のタイトル\n\nこれは日本語の文章です。ひらがなとカタカナを含みます。テストのために書いています。\n" * 3),
    "EUC-KR": ("euc_kr", "# 한국어 제목\n\n이것은 한국어 문장입니다. 인코딩을 확인하기 위해 더 많은 내용을 씁니다.\n" * 3),
    "BIG5": ("big5", "# 中文標題\n\n這是一個測試段落，包含一些繁體中文字元。我們在這裡寫更多的內容。\n" * 3),
}

HOSTILE_LINKS = (b"# Links\n\n[js](javascript:alert(1)) [vb](VBScript:msgbox(2)) "
                 b"[tab](java&#9;script:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) "
                 b"[fine](https://example.org/fine)\n\n"
                 b"<script>alert(4)</script>\n\ninline <img src=x onerror=alert(5)> html\n\n"
                 b"![pic](data:text/html,<script>alert(6)</script>)\n")
DANGER = [b"javascript", b"JavaScript", b"VBScript", b"vbscript", b"data:text", b"<script",
          b"&lt;script", b"onerror"]

cases = []


def case(name, args, code, **kw):
    kw.setdefault("files", {})
    cases.append(dict(name=name, args=args, code=code, **kw))


# ---- not UTF-8 -------------------------------------------------------------
case("a few bad bytes: U+FFFD, a warning naming each line",
     ["-t", "html", "-o", "a.html", "a.md"], 0,
     files={"a.md": b"# Fine\n\nok \xff bad\n\nfine\n\nagain \xc3\x28 here\n"},
     err=[r"a\.md:3: warning: invalid UTF-8 replaced by U\+FFFD",
          r"a\.md:7: warning: invalid UTF-8 replaced by U\+FFFD"],
     no_err=[r"a\.md:1:", r"a\.md:5:"],
     exists=["a.html"], has={"a.html": [b"ok " + FFFD + b" bad", b"again " + FFFD + b"( here"]})
case("bad bytes in the front matter", ["-t", "tree", "-o", "f.tree", "f.md"], 0,
     files={"f.md": b"---\ntitle: caf\xe9\n---\nbody\n"},
     err=[r"f\.md:2: warning: invalid UTF-8"], has={"f.tree": [b"body"]})
for label, (codec, text) in CJK.items():
    case(f"{label} refused, naming the iconv command", ["-t", "html", "-o", "x.html", "x.md"], 1,
         files={"x.md": text.encode(codec)},
         err=[rf"x\.md: error: this looks like {label}, not UTF-8",
              rf"iconv -f {label} -t UTF-8 'x\.md'"],
         absent=["x.html"])
for label, data in [("UTF-16LE", "\ufeff# Title\n".encode("utf-16-le")),
                    ("UTF-16BE", "\ufeff# Title\n".encode("utf-16-be")),
                    ("UTF-32LE", "\ufeff# Title\n".encode("utf-32-le"))]:
    case(f"{label} with a byte-order mark refused", ["-t", "html", "-o", "x.html", "x.md"], 1,
         files={"x.md": data}, err=[rf"looks like {label[:6]}, not UTF-8", r"iconv -f UTF-"],
         absent=["x.html"])
case("binary noise refused", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": bytes((i * 7919 + 13) % 128 + 128 for i in range(4000))},
     err=[r"x\.md: error: this (is not UTF-8 text|looks like \S+, not UTF-8)"], absent=["x.html"])

# ---- NUL bytes: U+FFFD, nothing cut off, in every backend --------------------
NUL_PAGE = {"n.md": b"# Head\0line\n\nbefore\0after and more\n\n- item\0tail\n"}
for fmt in ("tree", "html", "rss", "atom"):
    out = "feed.xml" if fmt == "rss" else "feed.atom" if fmt == "atom" else f"n.{fmt}"
    case(f"NUL bytes in -t {fmt}", ["-t", fmt, "-o", "out/", "n.md", *URL, "--set", "author=A"], 0,
         files=NUL_PAGE, exists=[f"out/{out}"],
         has={f"out/{out}": [FFFD + b"after and more", FFFD + b"tail"]}, lacks={f"out/{out}": [b"\0"]})
case("NUL bytes in -t pdf", ["-t", "pdf", "-o", "n.pdf", "n.md"], 0, files=NUL_PAGE,
     exists=["n.pdf"], pdf_text={"n.pdf": ["after and more", "tail"]})

# ---- front matter ---------------------------------------------------------
case("front matter that is a list", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\n- a\n- b\n---\nbody\n"},
     err=[r"x\.md:2: error: front matter must be a mapping .* not a list"], absent=["x.html"])
case("front matter that is one value", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\njust words\n---\nbody\n"},
     err=[r"x\.md:2: error: front matter must be a mapping .* not a single value"], absent=["x.html"])
case("malformed YAML: file:line, column and what to do", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\ntitle: fine\nauthor: \"open\nother: x\n---\nbody\n"},
     err=[r"x\.md:\d+: error: column \d+: .*quoted scalar.*; check the indentation, and quote"],
     absent=["x.html"])
case("YAML with a colon in a plain value", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\ntitle: a: b: c\n  - x\n---\nbody\n"},
     err=[r"x\.md:\d+: error: column \d+: "], absent=["x.html"])
case("unterminated --- is Markdown, with a warning", ["-t", "html", "-o", "x.html", "x.md"], 0,
     files={"x.md": b"---\ntitle: never closed\n\nbody text\n"},
     err=[r"x\.md:1: warning: the front matter that '---' opens here is never closed"],
     has={"x.html": [b"body text", b"title: never closed"]})
case("alias bomb (billion laughs)", ["-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"---\na: &a [x, x, x, x, x, x, x, x, x]\n"
            + b"".join(b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n"
                       % ((c, c, p) + (p,) * 8) for c, p in zip(b"bcdefghi", b"abcdefgh"))
            + b"---\nbody\n"},
     err=[r"x\.md:3: error: column \d+: aliases \('\*a'\) are not supported"], absent=["x.html"])
case("100 levels of nesting", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\nk: " + b"[" * 100 + b"]" * 100 + b"\n---\nbody\n"},
     err=[r"x\.md:2: error: column \d+: lists and mappings nest more than 64 levels deep"],
     absent=["x.html"])
case("100,000 levels of nesting, quickly", ["-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"---\nk: " + b"{a: " * 100000 + b"\n---\nbody\n"},
     err=[r"nest more than 64 levels deep"], absent=["x.html"])
case("front matter over 1 MiB", ["-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"---\n" + b"".join(b"k%d: %s\n" % (i, b"v" * 100) for i in range(12000))
            + b"---\nbody\n"},
     err=[r"x\.md:2: error: \d+ bytes of YAML is more than the 1048576 allowed"], absent=["x.html"])
case("more than 100,000 YAML values", ["-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"---\nk: [" + b"1," * 120000 + b"1]\n---\nbody\n"},
     err=[r"the YAML has more than 100000 values"], absent=["x.html"])
case("a 100 kB scalar", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\ntitle: " + b"a" * 100000 + b"\n---\nbody\n"},
     err=[r"x\.md:2: error: "], absent=["x.html"])
case("a bad _config.yml", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"_config.yml": b"title: [unclosed\n", "x.md": b"body\n"},
     err=[r"_config\.yml:\d+: error: column \d+: "], absent=["x.html"])

# ---- an error in a configuration's value is reported at the configuration's line
PDF = ["-t", "pdf", "-o", "x.pdf", "x.md"]
for label, args, files, where in [
        ("pdf.columns in --config YAML", ["--config", "p.yml", *PDF],
         {"p.yml": b"title: T\npdf:\n  paper: A4\n  columns: 3\n"}, r"(?m)^p\.yml:4: error: pdf\.columns: '3'"),
        ("pdf.margin in --config TOML", ["--config", "c.toml", *PDF],
         {"c.toml": b'title = "T"\n\n[pdf]\nmargin = "wide"\n'}, r"(?m)^c\.toml:4: error: pdf\.margin: 'wide'"),
        ("pdf.paper in a _config.yml found upwards", PDF,
         {"_config.yml": b"pdf:\n  paper: B7\n"}, r"_config\.yml:2: error: pdf\.paper: unknown paper 'B7'"),
        ("pdf.font_size out of range in hugo.toml", PDF,
         {"hugo.toml": b'title = "T"\n[pdf]\nfont_size = "200pt"\n'}, r"hugo\.toml:3: error: pdf\.font_size"),
        ("pdf.cover in YAML", ["--config", "p.yml", *PDF],
         {"p.yml": b"pdf:\n  cover: maybe\n"}, r"(?m)^p\.yml:2: error: pdf\.cover: 'maybe' is not true or false"),
        ("pdf.cjk_latin_space in TOML", ["--config", "c.toml", *PDF],
         {"c.toml": b"[pdf]\ncjk_latin_space = 3\n"}, r"(?m)^c\.toml:2: error: pdf\.cjk_latin_space: '3'"),
        ("the site's lang (a warning)", ["--config", "p.yml", "-t", "html", "-o", "x.html", "x.md"],
         {"p.yml": b"title: T\nlang: '!!'\n"}, r"(?m)^p\.yml:2: warning: lang: '!!' is not a language tag"),
        ("Hugo's languageCode (a warning)", ["--config", "c.toml", "-t", "html", "-o", "x.html", "x.md"],
         {"c.toml": b'title = "T"\nlanguageCode = "!!"\n'}, r"(?m)^c\.toml:2: warning: lang: '!!'")]:
    warning = "warning" in where
    case(f"a bad config value at its file:line: {label}", args, 0 if warning else 1,
         files={"x.md": b"# x\n", **files}, err=[where], no_err=[r"x\.md"],
         **({} if warning else {"absent": ["x.pdf"]}))
case("a bad value from --set names no file", ["--set", "pdf.columns=4", *PDF], 1,
     files={"x.md": b"# x\n", "_config.yml": b"title: T\n"},
     err=[r"(?m)^gazette: error: pdf\.columns: '4' is not 1 or 2"], no_err=[r"x\.md", r"_config"], absent=["x.pdf"])
case("a page's own bad cover: at the page's line", PDF, 1,
     files={"x.md": b"---\ntitle: T\ncover: maybe\n---\n# x\n"},
     err=[r"(?m)^x\.md:3: error: cover: 'maybe' is not true or false"], absent=["x.pdf"])
case("feed.collections (a warning) at its line", ["-t", "atom", "-o", "out/", "site/"], 0,
     files={"site/_config.yml": b"title: T\nurl: https://example.org\nauthor: A\nfeed:\n  collections: [x]\n",
            "site/_posts/2000-01-02-a.md": b"---\ntitle: a\n---\n# a\n"},
     err=[r"_config\.yml:5: warning: feed\.collections"])

# ---- a site's permalinks and feed.path stay inside the output folder --------
ESCAPE_SITE = {"site/_config.yml": b"title: T\nurl: https://e.org\nauthor: A\npermalink: /../../../esc/:title/\n"
               b"collections:\n  r:\n    output: true\n    permalink: /../../r/:name\n",
               "site/_posts/2000-01-01-a.md": b"---\ntitle: a\n---\nx\n", "site/_r/x.md": b"---\ntitle: r\n---\nx\n",
               "site/p.md": b"---\ntitle: p\npermalink: ../../../pp.html\n---\nx\n"}
case("permalinks with .. stay inside the output folder", ["-q", "-t", "html", "-o", "deep/er/out/", "site/"], 0,
     files=ESCAPE_SITE, exists=["deep/er/out/esc/a/index.html", "deep/er/out/r/x.html", "deep/er/out/pp.html"],
     absent=["esc", "deep/esc", "deep/er/esc", "r", "deep/r", "deep/er/r", "pp.html", "deep/pp.html", "deep/er/pp.html"])
case("feed.path with .. is refused at its line", ["-t", "atom", "-o", "deep/er/out/", "site/"], 2,
     files={**ESCAPE_SITE, "site/_config.yml": b"title: T\nurl: https://e.org\nauthor: A\nfeed:\n  path: a/../../x.xml\n"},
     err=[r"_config\.yml:5: error: feed\.path: 'a/\.\./\.\./x\.xml' leads out of the output folder"],
     absent=["deep/er/x.xml", "deep/x.xml", "deep/er/out/feed.xml"])

case("includes_dir and data_dir with .. stay inside the site", ["-t", "tree", "-o", "p.tree", "site/p.md"], 1,
     files={"site/_config.yml": b"title: T\nincludes_dir: ../outside\ndata_dir: ../outside\n",
            "outside/inc.html": b"LEAKED", "outside/s.yml": b"secret: leaked\n",
            "site/outside/s.yml": b"secret: inside\n",
            "site/p.md": b"---\n---\n[{{ site.data.s.secret }}]\n\n{% include inc.html %}\n"},
     err=[r"could not read the included file '[^']*/site/outside/inc\.html'"], absent=["p.tree"])
case("data_dir with .. reads the folder inside the site", ["-t", "tree", "-o", "p.tree", "site/p.md"], 0,
     files={"site/_config.yml": b"title: T\ndata_dir: ../outside\n", "outside/s.yml": b"secret: leaked\n",
            "site/outside/s.yml": b"secret: inside\n", "site/p.md": b"---\n---\n[{{ site.data.s.secret }}]\n"},
     has={"p.tree": [b'text "[inside]"']}, lacks={"p.tree": [b"leaked"]})

# ---- site data (found by the config fuzz target) -----------------------------
DATA_PAGE = b"---\n---\n[{% for d in site.data %}{{ d[0] }}{% endfor %}]\n"
case("a _data folder with no data file", ["-t", "tree", "-o", "p.tree", "p.md"], 0,
     files={"_config.yml": b"title: T\n", "_data/_skipped.yml": b"x: 1\n", "p.md": DATA_PAGE},
     has={"p.tree": [b'text "[]"']}, no_err=[r"runtime error"])
case("data files in name order, whatever the folder's order", ["-t", "tree", "-o", "p.tree", "p.md"], 0,
     files={"_config.yml": b"title: T\n", "_data/c.yml": b"v: 1\n", "_data/a.json": b"{}",
            "_data/d.csv": b"x\n1\n", "_data/b.tsv": b"x\n1\n", "p.md": DATA_PAGE},
     has={"p.tree": [b'text "[abcd]"']}, no_err=[r"runtime error"])

# ---- pathological Markdown in the PDF backend (the others: tests/core/pathological.py)
case("10,000 nested block quotes to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=30,
     files={"x.md": b"> " * 10000 + b"deep\n"}, exists=["x.pdf"])
case("5,000 nested lists to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=30,
     files={"x.md": b"".join(b"  " * i + b"* a\n" for i in range(5000))}, exists=["x.pdf"])
case("10,000 links to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"[a](https://example.org/b) " * 10000 + b"\n"}, exists=["x.pdf"])
case("a 1 MB single line to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"word " * 200000 + b"\n"}, exists=["x.pdf"])
# Layout is linear in a run's length (formats/pdf/inline.c cuts long runs):
# a 200,000-character word used to take a minute.  A word breaks with
# hyphens (read back as U+2010 at line ends), code without.
LONG_WORD = b"abcdefghij" * 30000
case("a 300,000-character word to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"# W\n\nbefore " + LONG_WORD + b" after\n"}, exists=["x.pdf"],
     pdf_joined={"x.pdf": ["before" + LONG_WORD.decode() + "after"]})
LONG_CODE = b"0123456789()" * 10000
case("a 120,000-character code line to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"# C\n\n```\n" + LONG_CODE + b"\n```\n\nand `" + LONG_CODE[:30000] + b"` inline\n"},
     exists=["x.pdf"], pdf_joined={"x.pdf": [LONG_CODE.decode(), "and" + LONG_CODE[:30000].decode()]},
     pdf_lacks={"x.pdf": ["\u2010", "-"]})
case("10,000 nested brackets to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=30,
     files={"x.md": b"[" * 10000 + b"a" + b"]" * 10000 + b"\n"}, exists=["x.pdf"])
case("a 3,000-column table to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"|" + b"a|" * 3000 + b"\n|" + b"-|" * 3000 + b"\n|" + b"b|" * 3000 + b"\n"},
     exists=["x.pdf"])

# ---- images (the PDF backend reads them) ------------------------------------
IMG = ["-t", "pdf", "-o", "x.pdf", "x.md"]
case("a missing image", IMG, 0, files={"x.md": b"![gone](gone.png)\n"},
     err=[r"x\.md:(1:)? warning: image 'gone\.png': No such file or directory"],
     pdf_text={"x.pdf": ["[gone]"]})
case("an image that is not one", IMG, 0,
     files={"x.md": b"![fake](fake.png)\n", "fake.png": b"just text\n"},
     err=[r"image 'fake\.png' is neither PNG, JPEG nor SVG"], exists=["x.pdf"])
case("a truncated PNG", IMG, 0,
     files={"x.md": b"![cut](cut.png)\n", "cut.png": good_png()[:40]},
     err=[r"x\.md:(1:)? warning: image 'cut\.png': "], exists=["x.pdf"])
case("a PNG declaring 100000 x 100000 pixels", IMG, 0, secs=10,
     files={"x.md": b"![bomb](bomb.png)\n",
            "bomb.png": png(100000, 100000, zlib.compress(b"\0" * (1 << 20), 9))},
     err=[r"image 'bomb\.png' declares 100000 x 100000 pixels"], exists=["x.pdf"])
case("a PNG decompression bomb (20000 x 20000, 100 kB)", IMG, 0, secs=10,
     files={"x.md": b"![bomb](bomb.png)\n",
            "bomb.png": png(20000, 20000, zlib.compress(b"\0" * 60001 * 2000, 9))},
     err=[r"declares 20000 x 20000 pixels"], exists=["x.pdf"])
case("a folder named like an image", IMG, 0,
     files={"x.md": b"![dir](dir.png)\n", "dir.png/keep": b""},
     err=[r"x\.md:(1:)? warning: image 'dir\.png'"], exists=["x.pdf"])
case("--safe: an image outside the page's folder", ["--safe", "-t", "pdf", "-o", "x.pdf", "in/x.md"], 0,
     files={"in/x.md": b"![secret](../secret.png)\n", "secret.png": good_png()},
     err=[r"image '\.\./secret\.png' is outside the page's folder, which --safe does not read"],
     exists=["x.pdf"])
case("--safe: a symbolic link out of the folder", ["--safe", "-t", "pdf", "-o", "x.pdf", "in/x.md"], 0,
     files={"in/x.md": b"![secret](link.png)\n", "secret.png": good_png(), "in/link.png": "->../secret.png"},
     err=[r"image 'link\.png' is outside the page's folder"], exists=["x.pdf"])
case("without --safe the same image is read", ["-t", "pdf", "-o", "x.pdf", "in/x.md"], 0,
     files={"in/x.md": b"![secret](../secret.png)\n", "secret.png": good_png()},
     no_err=[r"warning"], exists=["x.pdf"])

# cairo 1.16 refuses a PDF whose metadata or outline holds a noncharacter (found
# by the pdf fuzzer), and in a glyph run's text it stops all drawing: the title,
# a heading and a paragraph carry U+FFFFF, U+FDD0 and U+1FFFE.
case("noncharacters in the title and a heading: the PDF is written",
     ["-t", "pdf", "-o", "x.pdf", "x.md"], 0,
     files={"x.md": "---\ntitle: \"T \U000FFFFF\"\n---\n\n# H \uFDD0 end\n\nmid \U0001FFFE tail\n\nbody\n".encode()},
     exists=["x.pdf"], pdf_text={"x.pdf": ["end", "mid", "tail", "body"]})

# A date that starts like YYYY-MM- but goes on in Chinese: cutting it to ten
# bytes split a character, and cairo refused the PDF (found by the pdf fuzzer).
case("a date cut inside a character: the PDF is written",
     ["-t", "pdf", "-o", "x.pdf", "x.md"], 0,
     files={"x.md": "---\ntitle: T\ndate: \"2024-06-樷态 x\"\n---\n\nbody\n".encode()},
     exists=["x.pdf"], pdf_text={"x.pdf": ["2024-06-樷态 x", "body"]})

# ---- --safe in every backend -----------------------------------------------
case("--safe HTML", ["--safe", "-t", "html", "-o", "x.html", "x.md"], 0, files={"x.md": HOSTILE_LINKS},
     has={"x.html": [b"https://example.org/fine", b"<p>js vb tab data <a"]}, lacks={"x.html": DANGER})
case("--safe RSS", ["--safe", "-t", "rss", "-o", "feed.xml", "x.md", *URL], 0, files={"x.md": HOSTILE_LINKS},
     has={"feed.xml": [b"https://example.org/fine"]}, lacks={"feed.xml": DANGER})
case("--safe Atom", ["--safe", "-t", "atom", "-o", "feed.atom", "x.md", *URL, "--set", "author=A"], 0,
     files={"x.md": HOSTILE_LINKS},
     has={"feed.atom": [b"https://example.org/fine"]}, lacks={"feed.atom": DANGER})
case("--safe PDF links", ["--safe", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, files={"x.md": HOSTILE_LINKS},
     has={"x.pdf": [b"/URI (https://example.org/fine)"]},
     lacks={"x.pdf": [b"/URI (javascript", b"/URI (VBScript", b"/URI (java%09", b"/URI (data:"]},
     pdf_text={"x.pdf": ["js", "fine"]})
case("without --safe the dangers pass (the checks above can fail)",
     ["-t", "html,pdf", "-o", "out/", "x.md"], 0, files={"x.md": HOSTILE_LINKS},
     has={"out/x.html": [b"<script>alert(4)", b"javascript:"], "out/x.pdf": [b"/URI (javascript"]})

# ---- outputs that cannot be written ----------------------------------------
case("-o /dev/full", ["-t", "html", "-o", "/dev/full", "x.md"], 3, files={"x.md": b"# x\n"},
     err=[r"/dev/full: error: cannot write: No space left on device"])
case("-o /dev/full, PDF", ["-t", "pdf", "-o", "/dev/full", "x.md"], 3, files={"x.md": b"# x\n"},
     err=[r"cannot write: No space left on device"])
case("standard output on /dev/full", ["-t", "html", "x.md"], 3, files={"x.md": b"# x\n"},
     stdout="/dev/full", err=[r"<stdout>: error: cannot write: No space left on device"])
case("-o FILE below a regular file", ["-t", "html", "-o", "plain/x.html", "x.md"], 3,
     files={"x.md": b"# x\n", "plain": b"a file\n"},
     err=[r"plain/x\.html: error: cannot create a temporary file beside it: Not a directory"])
case("-o DIR below a regular file", ["-t", "html,tree", "-o", "plain/out/", "x.md"], 3,
     files={"x.md": b"# x\n", "plain": b"a file\n"},
     err=[r"plain/out: error: cannot create the output folder: Not a directory"],
     keep=[])
case("-o FILE in a read-only folder: the old file kept", ["-t", "html", "-o", "ro/x.html", "x.md"], 3,
     files={"x.md": b"# x\n"}, old={"ro/x.html": b"OLD"}, keep=["ro/x.html"], readonly=["ro"],
     err=[r"ro/x\.html: error: cannot create a temporary file beside it: Permission denied"])
case("-o DIR read-only: nothing written, exit 3", ["-t", "html,pdf", "-o", "ro/", "x.md"], 3,
     files={"x.md": b"# x\n", "ro/keep": b"K"}, keep=["ro/keep"], readonly=["ro"],
     absent=["ro/x.html", "ro/x.pdf"], err=[r"Permission denied"])
case("an output that would overwrite its input", ["-t", "html", "-o", "x.md", "x.md"], 3,
     files={"x.md": b"# x\n"}, err=[r"refusing to overwrite an input"], keep=["x.md"],
     old={"x.md": b"# x\n"})
case("an output that is a symbolic link to an input", ["-t", "html", "-o", "out/", "x.md"], 3,
     files={"x.md": b"# x\n", "out/x.html": "->../x.md"}, err=[r"refusing to overwrite an input"],
     keep=["x.md"], old={"x.md": b"# x\n"})
case("a failed conversion leaves the old output", ["-t", "html", "-o", "x.html", "x.md"], 1,
     files={"x.md": b"---\n- list\n---\nbody\n"}, old={"x.html": b"OLD"}, keep=["x.html"])
case("-o a FIFO is written in place", ["-t", "html", "-o", "pipe", "x.md"], 0,
     files={"x.md": b"# piped\n"}, fifo="pipe", fifo_has=[b"<h1", b"piped"])
case("standard output into a pipe", ["-t", "html", "-"], 0, stdin=b"# from stdin\n",
     stdout_has=[b"from stdin"])
for sig in ("SIGINT", "SIGTERM"):
    case(f"{sig} while writing leaves the old file and no temporary", ["-q", "-t", "html", "-o", "big.html", "big.md"],
         None, files={"big.md": b"word " * 6000000 + b"\n"}, old={"big.html": b"OLD"},
         interrupt=sig, secs=120)

# ---- no output replaces an input, a configuration or the template -----------
PAGE = b"# x\n\n### [one](https://example.org/one)\n"
for label, args, victim in [
        ("rss onto its input", ["-t", "rss", *URL, "-o", "f.md", "f.md"], "f.md"),
        ("atom onto ./input", ["-t", "atom", *URL, "--set", "author=A", "-o", "./f.md", "f.md"], "f.md"),
        ("a feed in a folder onto an input", ["-t", "rss", *URL, "-o", "o2/", "o2/feed.xml"], "o2/feed.xml"),
        ("a combined PDF onto an input", ["--combine", "-t", "pdf", "-o", "f.md", "f.md", "y.md"], "f.md"),
        ("through ..", ["-t", "html", "-o", "sub/../f.md", "f.md"], "f.md"),
        ("through a symbolic link", ["-t", "html", "-o", "link.md", "f.md"], "f.md"),
        ("through a hard link", ["-t", "html", "-o", "hard.md", "f.md"], "f.md"),
        ("onto _config.yml", ["-t", "html", "-o", "_config.yml", "f.md"], "_config.yml"),
        ("onto a second site's _config.yml", ["-t", "rss", *URL, "-o", "b/_config.yml", "a/p.md",
                                              "b/q.md"], "b/_config.yml"),
        ("onto --config", ["-t", "html", "--config", "c.yml", "-o", "c.yml", "f.md"], "c.yml"),
        ("onto the template", ["-t", "html", "--template", "t.html", "-o", "t.html", "f.md"], "t.html"),
        ("standard input's file", ["-t", "html", "-o", "f.md", "-"], "f.md")]:
    files = {"f.md": PAGE, "y.md": PAGE, "o2/feed.xml": PAGE, "sub/keep": b"", "_config.yml": b"title: T\n",
             "c.yml": b"title: C\n", "t.html": b"<html>{{ content }}</html>\n", "link.md": "->f.md",
             "a/_config.yml": b"title: A\n", "a/p.md": PAGE, "b/_config.yml": b"title: B\n",
             "b/q.md": PAGE}
    case(f"no output replaces a source: {label}", args, 3, files=files, keep=[victim],
         err=[r"error: refusing to overwrite (an input|a site configuration|the site configuration|the template)"],
         stdin_file="f.md" if "-" in args else None, hardlink={"hard.md": "f.md"})

# ---- --safe in feed entries -------------------------------------------------
for scheme in (b"javascript:alert(1)", b"data:text/html,x", b"VBScript:msgbox(1)", b"java&#9;script:x"):
    for fmt, out in (("rss", "feed.xml"), ("atom", "feed.atom")):
        case(f"--safe {fmt}: an entry linking to {scheme[:10]!r}",
             ["--safe", "-t", fmt, *URL, "--set", "author=A", "-o", out, "x.md"], 0,
             files={"x.md": b"### [one](" + scheme + b")\n\ntext\n\n### [two](https://example.org/two)\n"},
             has={out: [b"https://example.org/two", b"https://example.org/x.html"]},
             lacks={out: [b"javascript", b"data:", b"VBScript", b"script:"]})
case("--safe feed: a javascript: site url is no url",
     ["--safe", "-t", "rss", "--set", "url=javascript:alert(1)", "-o", "feed.xml", "x.md"], 0,
     files={"x.md": b"### [one](https://example.org/one)\n"}, lacks={"feed.xml": [b"javascript"]})

# ---- files are read through one descriptor, with limits ----------------------
def jpeg(w, h, components=3, scan=True):
    sof = struct.pack(">BHHB", 8, h, w, components) + b"".join(bytes([i + 1, 0x11, 0]) for i in range(components))
    out = b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", 2 + len(sof)) + sof
    if scan:
        sos = bytes([1, 1, 0, 0, 63, 0])
        out += b"\xff\xda" + struct.pack(">H", 2 + len(sos)) + sos + b"\x12\x34" * 8
    return out + b"\xff\xd9"


case("a FIFO as an image does not block", IMG, 0, secs=10, files={"x.md": b"![f](f.png)\n\nafter\n"},
     fifos=["f.png"], err=[r"image 'f\.png': not a regular file"], pdf_text={"x.pdf": ["after"]})
case("a FIFO as the cover image does not block", IMG, 0, secs=10,
     files={"x.md": b"---\ntitle: T\ncover: true\ncover_image: f.png\n---\nbody\n"}, fifos=["f.png"],
     err=[r"image 'f\.png': not a regular file"], pdf_text={"x.pdf": ["body"]})
case("/dev/zero as an image", IMG, 0, secs=10, files={"x.md": b"![z](z.png)\n", "z.png": "->/dev/zero"},
     err=[r"image 'z\.png': not a regular file"], exists=["x.pdf"], max_rss_mb=300)
case("a 100 MB image file is not read", IMG, 0, secs=10, files={"x.md": b"![z](z.png)\n"},
     sparse={"z.png": 100 << 20}, err=[r"image 'z\.png': larger than gazette reads"], exists=["x.pdf"],
     max_rss_mb=300)
case("--config /dev/zero", ["--config", "/dev/zero", "-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"# x\n"}, err=[r"/dev/zero: error: cannot read the site configuration: not a regular file"],
     absent=["x.html"])
case("--config a FIFO", ["--config", "c.yml", "-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"# x\n"}, fifos=["c.yml"], err=[r"c\.yml: error: .*not a regular file"], absent=["x.html"])
case("a 2 MB _config.yml", ["-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"# x\n", "_config.yml": b"# " + b"x" * (2 << 20) + b"\n"},
     err=[r"_config\.yml: error: cannot read the site configuration: larger than gazette reads"])
case("--template /dev/zero", ["--template", "/dev/zero", "-t", "html", "-o", "x.html", "x.md"], 1, secs=10,
     files={"x.md": b"# x\n"}, err=[r"cannot read the template: not a regular file"], absent=["x.html"])
case("a page that is /dev/zero", ["-t", "html", "-o", "x.html", "z.md"], 1, secs=10,
     files={"z.md": "->/dev/zero"}, err=[r"z\.md: error: cannot read: not a regular file"])
case("one 4000x4000 PNG used 40 times is decoded once", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"![a](big.png)\n\n" * 40,
            "big.png": png(4000, 4000, zlib.compress((b"\0" + b"\x10\x20\x30" * 4000) * 4000, 9))},
     exists=["x.pdf"], max_rss_mb=400)
case("a sound JPEG is embedded (the checks below can fail)", IMG, 0,
     files={"x.md": b"![j](j.jpg)\n", "j.jpg": jpeg(4, 4)}, no_err=[r"warning"], has={"x.pdf": [b"/DCTDecode"]})
for label, data, why in [("0 components", jpeg(4, 4, 0), "broken JPEG"),
                         ("7 components", jpeg(4, 4, 7), "broken JPEG"),
                         ("no scan data", jpeg(4, 4, scan=False), "broken JPEG"),
                         ("a truncated segment", jpeg(4, 4)[:12], "broken JPEG"),
                         ("65535 x 65535 declared", jpeg(65535, 65535), "declares 65535 x 65535 pixels")]:
    case(f"a JPEG with {label} is refused", IMG, 0, files={"x.md": b"![j](j.jpg)\n\nafter\n", "j.jpg": data},
         err=[why], lacks={"x.pdf": [b"/DCTDecode"]}, pdf_text={"x.pdf": ["after"]})
# A symbolic link swapped between a picture inside the page's folder and one
# outside while --safe runs: the outside one (7 x 3 pixels) must never be embedded.
case("--safe: a symbolic link swapped during the run", ["-q", "--safe", "-t", "pdf", "-o", "x.pdf", "in/x.md"],
     None, secs=120, race=150, swap=("in/l.png", ("ok.png", "../secret.png")),
     files={"in/x.md": b"![a](l.png)\n\n![b](l.png)\n\n![c](l.png)\n", "in/ok.png": good_png(),
            "secret.png": png(7, 3, zlib.compress((b"\0" + b"\xde\xad\xbe" * 7) * 3)), "in/l.png": "->ok.png"},
     never={"x.pdf": [b"/Width 7"]})

# ---- limits end cleanly: exit 1 or 3, a message, no temporary file ----------
BIG_PAGE = b"word *emph* [link](https://example.org/) " * 500000 + b"\n"
for fmt, out in (("html", "x.html"), ("pdf", "x.pdf"), ("rss", "feed.xml"), ("tree", "x.tree")):
    case(f"ulimit -f: the {fmt} output's write fails, exit 3", ["-q", "-t", fmt, *URL, "-o", out, "x.md"], 3,
         secs=60, ulimit="ulimit -f 8", files={"x.md": b"# T\n\n" + b"Some words in a paragraph.\n\n" * 2000},
         old={out: b"OLD"}, keep=[out], err=[rf"{re.escape(out)}: error: cannot write: File too large"])
for v in (100000, 150000, 200000, 300000):
    case(f"ulimit -v {v}: PDF refused below its floor", ["-t", "pdf", "-o", "x.pdf", "x.md"], 1, ulimit=f"ulimit -v {v}",
         files={"x.md": b"# T\n"}, old={"x.pdf": b"OLD"}, keep=["x.pdf"],
         err=[r"gazette: out of memory: PDF output needs 384 MiB of address space, and the limit \(ulimit -v\) is"])
CJK_IMG_PAGE = {"x.md": "# 标题\n\n中文 and 日本語 text.\n\n![a](a.png)\n\n".encode() * 50, "a.png": good_png()}
for v in (393216, 450000, 600000):
    for k in range(3):
        case(f"ulimit -v {v}, run {k + 1}: a PDF at its floor is written", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"],
             0, secs=60, ulimit=f"ulimit -v {v}", files=CJK_IMG_PAGE, pdf_text={"x.pdf": ["中文", "日本語"]},
             no_err=[r"WARNING", r"CRITICAL"])
for v in (30000, 60000, 150000, 300000):
    case(f"ulimit -v {v}: HTML and tree of a 20 MB page end in 'out of memory'",
         ["-q", "-t", "html,tree", "-o", "out/", "x.md"], 1, secs=60, ulimit=f"ulimit -v {v}",
         files={"x.md": BIG_PAGE}, old={"out/x.html": b"OLD"}, keep=["out/x.html"],
         err=[r"out of memory"])

# ---- --incremental is keyed by the version, the options and the configuration
INC = ["--incremental", "-v", "-t", "html,rss", *URL, "-o", "out/", "x.md"]
INC_FILES = {"x.md": b"# T\n\n[x](javascript:alert(1))\n\n<script>x</script>\n"}
case("--incremental: nothing changed, nothing written", INC, 0, files=INC_FILES, before=[INC],
     no_err=[r"written"])
case("--incremental: --safe added rebuilds", ["--safe", *INC], 0, files=INC_FILES, before=[INC],
     err=[r"out/x\.html: note: written", r"out/feed\.xml: note: written"],
     lacks={"out/x.html": [b"javascript", b"<script"]})
case("--incremental: -j changes nothing", ["-j", "2", *INC], 0, files=INC_FILES, before=[INC],
     no_err=[r"written"])
case("--incremental: a --set change rebuilds", [*INC, "--set", "title=Other"], 0, files=INC_FILES,
     before=[INC], err=[r"out/x\.html: note: written"], has={"out/x.html": [b"Other"]})
case("--incremental: an input edited with an older time rebuilds", INC, 0, files=INC_FILES, before=[INC],
     edit={"x.md": b"# T\n\nedited\n"}, edit_mtime=1000000000, has={"out/x.html": [b"edited"]})
case("--incremental: a new _config.yml rebuilds", INC, 0, files=INC_FILES, before=[INC],
     edit={"_config.yml": b"title: Configured\n"}, edit_mtime=1000000000,
     has={"out/x.html": [b"Configured"], "out/feed.xml": [b"Configured"]})
case("--incremental: a changed template rebuilds", ["--template", "t.html", *INC], 0,
     files={**INC_FILES, "t.html": b"<p>one</p>{{ content }}\n"}, before=[["--template", "t.html", *INC]],
     edit={"t.html": b"<p>two</p>{{ content }}\n"}, edit_mtime=1000000000, has={"out/x.html": [b"<p>two</p>"]})
case("--incremental: an output edited since is written again", INC, 0, files=INC_FILES, before=[INC],
     edit={"out/x.html": b"MINE"}, edit_mtime=2000000000, has={"out/x.html": [b"<h1"]})

# ---- a configuration someone else may have planted -------------------------
PLANTED = {"shared/_config.yml": b"url: https://evil.example/\n", "shared/x.md": b"### [a](/a)\n"}
case("a _config.yml of another user in a folder others can write is refused",
     ["-t", "rss", "-o", "feed.xml", "shared/x.md"], 1, files=PLANTED,
     chown={"shared/_config.yml": 65534}, chmod={"shared": 0o1777},
     err=[r"shared/_config\.yml: error: not used: it belongs to user 65534 .* name it with --config .*"
          r"GAZETTE_TRUSTED_CONFIG"], absent=["feed.xml"])
case("the same, named with --config, is used", ["--config", "shared/_config.yml", "-t", "rss", "-o", "feed.xml",
     "shared/x.md"], 0, files=PLANTED, chown={"shared/_config.yml": 65534}, chmod={"shared": 0o1777},
     has={"feed.xml": [b"evil.example"]})
case("another user's _config.yml in a folder only we write is used", ["-t", "rss", "-o", "feed.xml", "shared/x.md"],
     0, files=PLANTED, chown={"shared/_config.yml": 65534}, chmod={"shared": 0o755},
     has={"feed.xml": [b"evil.example"]})
case("another user's _config.yml in their own folder is refused", ["-t", "rss", "-o", "feed.xml", "shared/x.md"],
     1, files=PLANTED, chown={"shared/_config.yml": 65534, "shared": 65534}, chmod={"shared": 0o755},
     err=[r"not used: it belongs to user 65534"], absent=["feed.xml"])

# ---- smaller points ----------------------------------------------------------
ESC_NAME = "e\x1b]0;owned\x07\x1b[2J.md"
# (Liquid reads `{{ bad<ESC>[31m }}` as a syntax error, which quotes the text.)
case("terminal escapes in a file name and a page are shown escaped", ["-t", "html", "-o", "out/", ESC_NAME], 1,
     files={ESC_NAME: b"# x\n\n{{ bad\x1b[31m }}\n"},
     err=[r"e\\x1B\]0;owned\\x07\\x1B\[2J\.md:3: error: .*\\x1B\[31m"], no_err=["\x1b", "\x07"])
case("terminal escapes in a missing input's name", ["-t", "html", "-o", "x.html", "n\x1b[2Jx.md"], 1,
     err=[r"n\\x1B\[2Jx\.md: error: cannot read"], no_err=["\x1b"])
case("a C1 control (CSI) in an option is shown escaped", ["-t", "h\u009b2J", "x.md"], 2,
     files={"x.md": b"# x\n"}, err=[r"unknown format 'h\\u009B2J'"], no_err=["\u009b"])
case("an output that replaces a file keeps its mode", ["-t", "html", "-o", "x.html", "x.md"], 0,
     files={"x.md": b"# x\n"}, old={"x.html": b"OLD"}, chmod={"x.html": 0o640}, mode={"x.html": 0o640})
case("an output that replaces a file keeps its owner", ["-t", "html", "-o", "x.html", "x.md"], 0,
     files={"x.md": b"# x\n"}, old={"x.html": b"OLD"}, chown={"x.html": 65534}, owner={"x.html": 65534},
     has={"x.html": [b"<h1"]})
case("a new output takes the umask", ["-t", "html", "-o", "x.html", "x.md"], 0,
     files={"x.md": b"# x\n"}, mode={"x.html": 0o644})
LONG = "a" * 248
case("a 248-byte file name", ["-t", "html", "-o", "out/", LONG + ".md"], 0, files={LONG + ".md": b"# x\n"},
     exists=[f"out/{LONG}.html"])
case("a 250-byte output name", ["-t", "html", "-o", "b" * 250, "x.md"], 0, files={"x.md": b"# x\n"},
     exists=["b" * 250])
case("YAML's \\u0000 does not cut a title", ["-t", "html", "-o", "x.html", "x.md"], 0,
     files={"x.md": b'---\ntitle: "ab\\u0000cd"\n---\nbody\n'}, has={"x.html": [b"<title>ab" + FFFD + b"cd</title>"]})
case("U+FFFE from --set is not written raw", ["-t", "html,rss", *URL, "--set", "title=q\ufffeb", "-o", "out/", "x.md"], 0,
     files={"x.md": b"# x\n"}, has={"out/x.html": [b"<title>q" + FFFD + b"b</title>"]},
     lacks={"out/x.html": ["\ufffe".encode()], "out/feed.xml": ["\ufffe".encode()]})
NONCHARS = ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"]
case("noncharacters in the Markdown reach no output raw", ["-t", "html,rss,atom,tree", *URL, "--set", "author=A",
     "-o", "out/", "x.md"], 0,
     files={"x.md": "---\ndate: 2024-01-02\n---\n# q\ufffeb\n\npara \uffff x \ufdd0 y \U0001fffe z \U0010ffff \ufdf0 kept\n".encode()},
     err=[r"x\.md:4: warning: a Unicode noncharacter \(U\+FFFE\)", r"x\.md:6: warning: a Unicode noncharacter"],
     has={"out/x.html": [b"<title>q" + FFFD + b"b</title>", "para \ufffd x \ufffd y \ufffd z \ufffd \ufdf0 kept".encode()]},
     lacks={f"out/{n}": [c.encode() for c in NONCHARS] for n in ("x.html", "feed.xml", "feed.atom", "x.tree")})
case("YAML's \\x01 in a title becomes U+FFFD in the feed", ["-t", "atom", *URL, "--set", "author=A", "-o", "f.atom", "x.md"],
     0, files={"x.md": b'---\ntitle: "a\\x01b"\n---\nbody\n'}, has={"f.atom": [b"a" + FFFD + b"b"]},
     lacks={"f.atom": [b"\x01"]})
case("date: [1,2] warns", ["-t", "rss", *URL, "-o", "feed.xml", "x.md"], 0,
     files={"x.md": b"---\ndate: [1,2]\n---\nbody\n"}, err=[r"x\.md:2: warning: date is a list, not a date"])
case("--safe HTML: a javascript: site url makes no feed link", ["--safe", "-t", "html", "--set",
     "url=javascript:alert(1)", "-o", "x.html", "x.md"], 0, files={"x.md": b"# x\n"}, lacks={"x.html": [b"javascript"]})
case("without --safe the site url is written (the check above can fail)", ["-t", "html", "--set",
     "url=javascript:alert(1)", "-o", "x.html", "x.md"], 0, files={"x.md": b"# x\n"}, has={"x.html": [b"javascript"]})
