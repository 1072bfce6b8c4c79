#!/usr/bin/env python3
"""Highlighted code through the program: classes in HTML and the stylesheet
that colours them, the same bytes as before with highlight=false (by option,
site or page), coloured pixels in a PDF's code block only when highlighted,
the text the PDF gives back unchanged, and the module left unloaded by a page
without code blocks."""
import re
import shutil

import gztest as gz

PAGE = """---
title: Code
---
# Code

```c
#include <stdio.h>
int main(void) { return printf("hi\\n") > 0 ? 0 : 1; /* done */ }
```

~~~ sh
for f in *.md; do echo "$f & <x>"; done  # each page
~~~

```{.py}
def f(x):
    return None if x else 'text'  # note
```

```no-such-language
plain <text>
```
"""

tmp = gz.tmpdir()
page = gz.write(tmp / "code.md", PAGE)
gz.write(tmp / "nocode.md", "# Title\n\nText and `code`.\n\n```\nuntagged\n```\n")


def html(*options):
    r = gz.run("-q", *options, page)
    gz.check(f"html {options} runs", r.code == 0 and not r.err, r.err)
    return r.out


def plain(s):
    """The page as it would be without highlighting: no spans, no extra styles."""
    s = re.sub(r'</?span( class="[a-z]+")?>', "", s)
    return re.sub(r"pre \.kw.*\n@media \(prefers-color-scheme:dark\)\{pre \.kw.*\n", "", s)


on = html()
off = html("--set", "highlight=false")
gz.check("C keyword, type and comment in spans",
         '<span class="kw">return</span>' in on and '<span class="dt">int</span>' in on
         and '<span class="co">/* done */</span>' in on, on)
gz.check("shell builtin and variable", '<span class="bu">echo</span>' in on
         and '<span class="va">$f</span>' in on, on)
gz.check("{.py} is Python, class language-py", '<code class="language-py"><span class="kw">def'
         in on, on)
gz.check("escaped inside spans", "&quot;$f &amp; &lt;x&gt;&quot;" in plain(on), on)
gz.check("unknown language stays plain", "language-no-such-language\">plain &lt;text&gt;\n"
         in on, on)
gz.check("light and dark stylesheet", "pre .kw" in on and "prefers-color-scheme:dark){pre .kw"
         in on, on)
gz.check("highlight=false: no spans, no stylesheet", "<span" not in off and "pre .kw" not in off,
         off)
gz.check("highlight=false: the bytes highlighting adds to, and nothing else", plain(on) == off,
         f"{plain(on)}\n----\n{off}")
gz.write(tmp / "_config.yml", "highlight: false\n")
gz.check("highlight: false in _config.yml", html() == off)
(tmp / "_config.yml").unlink()
gz.write(tmp / "page-off.md", PAGE.replace("title: Code", "title: Code\nhighlight: false"))
r = gz.run("-q", tmp / "page-off.md")
gz.check("highlight: false in the front matter", "<span" not in r.out, r.out)

gz.write(tmp / "page.tpl", "<style>{{ style }}</style>{{ content }}")
r = gz.run("-q", "--template", tmp / "page.tpl", page)
gz.check("a template's {{ style }} colours the code it holds",
         "pre .kw" in r.out and '<span class="kw">' in r.out, r.out[-500:] + r.err)
r = gz.run("-q", "--template", tmp / "page.tpl", tmp / "nocode.md")
gz.check("and is as before for a page without code", "pre .kw" not in r.out, r.out[-500:])
gz.write(tmp / "liquid.md", "{% highlight sh %}\necho $HOME\n{% endhighlight %}\n")
r = gz.run("-q", "--fragment", tmp / "liquid.md")
gz.check("Liquid's highlight tag is coloured", '<code class="language-sh"><span class="bu">echo'
         in r.out, r.out + r.err)

# A page without code blocks (or with untagged ones) never loads the module.
for fmt in ("html", "pdf"):
    r = gz.run("-t", fmt, "-o", tmp / f"nocode.{fmt}", tmp / "nocode.md", env={"LD_DEBUG": "files"})
    gz.check(f"{fmt}: no code blocks, no highlighter loaded", r.code == 0
             and "gazette-highlight.so" not in r.err and "libKF5SyntaxHighlighting" not in r.err,
             r.err[-800:])
r = gz.run("-t", "html", "-o", tmp / "code.html", page, env={"LD_DEBUG": "files"})
gz.check("the highlighter is loaded for a page with code", "gazette-highlight.so" in r.err,
         r.err[-800:])

# PDF: the same text back, coloured pixels only when highlighted.
if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
    gz.skip("pdftoppm and pdftotext (poppler-utils) are needed for the PDF checks")
pdfs = {}
for name, options in (("on", []), ("off", ["--set", "highlight=false"])):
    out = tmp / f"{name}.pdf"
    r = gz.run("-q", "-t", "pdf", *options, "-o", out, page)
    gz.check(f"pdf {name} written", r.code == 0, r.err)
    pdfs[name] = out
text = {k: gz.output("pdftotext", v, "-") for k, v in pdfs.items()}
gz.check("PDF text the same with and without highlighting", text["on"] == text["off"],
         f"{text['on']}\n----\n{text['off']}")
gz.check("PDF text has the code", 'printf("hi\\n")' in text["on"] and "return None if x"
         in text["on"], text["on"])


# A long block is laid out in pieces (formats/pdf/blocks.c): every line comes
# back once, in order, coloured or not.
long_block = "".join(f"int line{i} = {i}; /* {i} */\n" for i in range(1, 201))
gz.write(tmp / "long.md", f"# Long\n\n```c\n{long_block}```\n")
texts = {}
for name, options in (("on", []), ("off", ["--set", "highlight=false"])):
    r = gz.run("-q", "-t", "pdf", *options, "-o", tmp / f"long-{name}.pdf", tmp / "long.md")
    texts[name] = gz.output("pdftotext", "-layout", tmp / f"long-{name}.pdf", "-")
found = re.findall(r"int line(\d+) = (\d+); /\* (\d+) \*/", texts["on"])
gz.check("a 200-line block: every line once, in order",
         [int(a) for a, _, _ in found] == list(range(1, 201)), texts["on"][:800])
gz.check("a 200-line block: the same text off", texts["on"] == texts["off"])


def coloured_pixels(pdf):
    """Pixels of page 1 whose channels differ by more than 40 (not grey)."""
    ppm = gz.output("pdftoppm", "-r", "50", "-f", "1", "-l", "1", pdf, binary=True)
    # P6 header: magic, width, height, maxval, each followed by whitespace
    fields = ppm.split(maxsplit=4)
    width, height, data = int(fields[1]), int(fields[2]), fields[4]
    count = 0
    for i in range(0, width * height * 3, 3):
        r, g, b = data[i], data[i + 1], data[i + 2]
        if max(r, g, b) - min(r, g, b) > 40:
            count += 1
    return count


colour_on, colour_off = coloured_pixels(pdfs["on"]), coloured_pixels(pdfs["off"])
gz.check("highlighted PDF has coloured code", colour_on > 50, colour_on)
gz.check("highlight=false PDF has none", colour_off == 0, colour_off)
gz.finish()
