"""The hostile inputs: one entry per case, read by run.py.

Each case names its files (path -> bytes, made here so that nothing large or
binary is committed), the arguments after `gazette` (run in the case's own
folder), the expected exit status, regular expressions stderr must match
(`err`) and must not match (`no_err`), outputs that must exist / must not exist
afterwards, and byte strings an output must contain / must not contain
(`has` / `lacks`: {path: [bytes]}; `pdf_text` checks pdftotext's view of a PDF).
`old` files exist before the run with the content given, and `keep` lists
those that must still have it afterwards.  `secs` is the time limit,
multiplied by GAZETTE_TEST_TIME_SCALE under the sanitizers."""
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

# ---- pathological Markdown in the PDF backend (the others: tests/core/pathological.py)
case("10,000 nested block quotes to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=30,
     files={"x.md": b"> " * 10000 + b"deep\n"}, exists=["x.pdf"])
case("5,000 nested lists to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=30,
     files={"x.md": b"".join(b"  " * i + b"* a\n" for i in range(5000))}, exists=["x.pdf"])
case("10,000 links to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"[a](https://example.org/b) " * 10000 + b"\n"}, exists=["x.pdf"])
case("a 1 MB single line to PDF", ["-q", "-t", "pdf", "-o", "x.pdf", "x.md"], 0, secs=60,
     files={"x.md": b"word " * 200000 + b"\n"}, exists=["x.pdf"])
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
     err=[r"image 'fake\.png' is neither PNG nor JPEG"], exists=["x.pdf"])
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
