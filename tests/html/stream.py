#!/usr/bin/env python3
"""A page written as it is parsed (`-t html`, with or without --fragment:
gz_doc_load_blocks hands each top-level block to the HTML writer and frees
it; a whole page keeps its body's HTML until its head can go first) against
the same page from its whole tree (the same run with the tree dump beside
it, which needs the tree): the same bytes and the same messages, on every
page of the tests and samples, every example of the CommonMark spec,
generated text, and pages made to catch the blocks that wait (a rule takes
the next text's line), the language guessed from the first letters, images
checked on the way, and a whole page's title, byline and coloured code.
And that it is written as parsed: 10 MB of generated text peaks at under
half of what the whole tree takes (about 2 and 7 times its size), as a
fragment and as a whole page."""
import shutil
import subprocess
import sys
from pathlib import Path

import gztest as gz
import spec
from gztest import check


def convert(src, out, formats, extra, fragment=True):
    """Converts the page src into the folder out; returns (html, stderr, exit)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    r = gz.run("-t", formats, *(["--fragment"] if fragment else []), *extra, "-o", f"{out}/",
               str(src))
    html = out / (src.stem + ".html")
    return (html.read_bytes() if html.exists() else None), r.err, r.code


def same(name, src, tmp, extra=()):
    """Both ways, as a fragment and as a whole page."""
    ok = True
    for fragment in (True, False):
        streamed = convert(src, tmp / "a", "html", extra, fragment)
        whole = convert(src, tmp / "b", "html,tree", extra, fragment)
        ok = ok and streamed == whole
        check(f"{name}{'' if fragment else ', a whole page'}: as parsed = from the whole tree",
              streamed == whole,
              "" if streamed == whole else
              f"exit {streamed[2]}/{whole[2]}\n{streamed[1]}---\n{whole[1]}")
    return ok


tmp = gz.tmpdir()
root = Path(gz.ROOT)
pages = sorted(p for d in ("tests/html/pages", "tests/kramdown/pages", "tests/rawhtml/pages",
                           "tests/pdf/pages", "samples")
               for p in (root / d).glob("*.md"))
print(f"# {len(pages)} pages of the tests and samples")
for page in pages:
    same(str(page.relative_to(root)), page, tmp)
    same(f"{page.relative_to(root)}, CommonMark", page, tmp, ("--dialect", "commonmark"))

seeds = root.parent / "shared" / "seeds"
for seed in sorted(seeds.glob("*.txt"))[:8] if seeds.is_dir() else []:
    page = tmp / (seed.stem + ".md")
    page.write_bytes(seed.read_bytes())
    same(f"seed {seed.name}", page, tmp)

made = {
    # A rule and an empty-alt picture have no text: they wait for the next.
    "waiting": "***\n\n![](nowhere.png)\n\n***\n\n> ***\n\n- ![](gone.png)\n\n# 标题\n\n***\n",
    # The language is guessed from the first 4,000 letters: blocks wait until then.
    "guess": "![](missing.png)\n\n" + "中文的段落，继续写下去。\n\n" * 600
             + "![](also-missing.png)\n",
    "english": "# Title\n\n" + "Plain words in English. " * 400 + "\n\n![x](gone.png)\n",
    "titled": "---\ntitle: T\n---\n\n#### deep\n\n###### deeper\n\n## two\n\n#### four\n",
    "code": "```c\nint x;\n```\n\n```nosuchlanguage\nx\n```\n\n    indented\n",
    "front matter only": "---\ntitle: nothing else\n---\n",
    "liquid": "---\nname: 名字\n---\n\n# {{ page.name }}\n\n{% for i in (1..3) %}- {{ i }}\n{% endfor %}",
    # A whole page: the byline under the body's own title, or under the one
    # the front matter gives; the head's stylesheet for code found late.
    "byline": "---\ndate: 2024-05-01\nauthor: Ann Lee\n---\n\n# Title\n\ntext\n",
    "byline alone": "---\ndate: 2024-05-01\nauthor: Ann Lee\n---\n\n# Title\n",
    "titled byline": "---\ntitle: T\ndate: 2024-05-01\n---\n\ntext\n\n# Not first\n",
    "late code": "# Code\n\n" + "A paragraph.\n\n" * 300 + "- item\n\n  ```python\n  x = 1\n  ```\n",
    "unknown code": "```nosuchlanguage\nx\n```\n\n    indented\n",
    "empty": "",
    # The head goes out once settled: here not before the title, which is the
    # first heading's, after the first run of blocks.
    "late title": "A paragraph.\n\n" * 80 + "## Late title\n\ntext\n",
}
for name, text in made.items():
    page = tmp / (name.replace(" ", "-") + ".md")
    page.write_text(text, encoding="utf-8")
    same(name, page, tmp)
    # Uncoloured, a page's head can go before its body is all parsed.
    same(f"{name}, uncoloured", page, tmp, ("--set", "highlight=false"))

# A site's title settles the head before any heading is seen.
sited = tmp / "sited"
sited.mkdir()
(sited / "_config.yml").write_text("title: The Site\n", encoding="utf-8")
(sited / "page.md").write_text("A paragraph.\n\n" * 80 + "# Late heading\n\ntext\n",
                               encoding="utf-8")
same("a page of a titled site, uncoloured", sited / "page.md", tmp, ("--set", "highlight=false"))

# Images are checked wherever they stand (the first walk passes over text only
# where the page can have none), as the page is parsed and from the tree.
page = tmp / "images.md"
page.write_text("# ![](in-heading.png) 标题\n\n| a |\n|---|\n| ![](in-cell.png) |\n\n"
                "text ![](inline.png)\n\n- ![](in-list.png)\n", encoding="utf-8")
for formats in ("html", "html,tree"):
    _, err, _ = convert(page, tmp / "c", formats, ())
    for line, url in ((1, "in-heading"), (5, "in-cell"), (7, "inline"), (9, "in-list")):
        check(f"-t {formats}: the image {url}.png is warned about at line {line}",
              f"images.md:{line}: warning: image '{url}.png' is not found" in err, err)

# Every example of the CommonMark spec, one page each.
modules = spec.node_modules()
spec_txt = modules / "commonmark-spec-031" / "spec.txt" if modules else None
if spec_txt and spec_txt.exists():
    examples = spec.examples(spec_txt)
    differ = []
    for ex in examples:
        page = tmp / f"ex{ex['number']}.md"
        page.write_text(ex["markdown"], encoding="utf-8")
        options = ("--dialect", "commonmark", "--no-front-matter")
        if convert(page, tmp / "a", "html", options) != convert(page, tmp / "b", "html,tree",
                                                                  options):
            differ.append(ex["number"])
    check(f"the {len(examples)} CommonMark spec examples: as parsed = from the whole tree",
          not differ, f"examples {differ[:20]}")
    print(f"# {len(examples)} spec examples compared")
else:
    print("# the CommonMark spec is not installed (scripts/setup test): its examples are "
          "left out")


def peak_kb(argv, stdin):
    """Runs argv on the file stdin; its peak resident memory in kB, read by
    tests/bench/time1.py (a process of its own: a child inherits its
    parent's high-water mark, and this one holds the page)."""
    time1 = root / "tests" / "bench" / "time1.py"
    with open(stdin, "rb") as f:
        r = subprocess.run([sys.executable, str(time1), *argv], stdin=f,
                           capture_output=True, text=True)
    check(f"{' '.join(argv[1:])}: exits 0", r.returncode == 0, r.stderr)
    return int(r.stdout.split()[2].lstrip("<=")) if r.returncode == 0 else 0


sys.path.insert(0, str(root / "tests" / "bench"))
from common import markdown  # noqa: E402

big = tmp / "big.md"
big.write_text(markdown(10_000_000), encoding="utf-8")
size_kb = big.stat().st_size // 1024
# Without colouring: the highlighter (Qt and its syntax files) adds some 16 MB
# whatever the page's size.
plain = ["-q", "--fragment", "--set", "highlight=false"]
streamed = peak_kb([gz.GAZETTE, *plain, "-t", "html", "-o", f"{tmp}/a/", "-"], big)
whole = peak_kb([gz.GAZETTE, *plain, "-t", "html,tree", "-o", f"{tmp}/b/", "-"], big)
# A ratio, not a bound in kB: the sanitizers' build takes twice the memory.
check("10 MB written as parsed peaks under half of the whole tree's peak",
      2 * streamed < whole, f"{streamed} kB against {whole} kB ({size_kb} kB of input)")
print(f"# 10 MB: {streamed} kB at the peak as parsed, {whole} kB with the whole tree")
# A whole page: uncoloured, its head goes out before its body, which is not
# kept; coloured, its body waits for the head until code the highlighter knows
# turns up (early in this text).
page = [a for a in plain if a != "--fragment"]
streamed = peak_kb([gz.GAZETTE, *page, "-t", "html", "-o", f"{tmp}/a/", "-"], big)
whole = peak_kb([gz.GAZETTE, *page, "-t", "html,tree", "-o", f"{tmp}/b/", "-"], big)
check("10 MB as a whole page written as parsed peaks under half of the whole tree's",
      2 * streamed < whole, f"{streamed} kB against {whole} kB ({size_kb} kB of input)")
print(f"# 10 MB, a whole page: {streamed} kB at the peak as parsed, {whole} kB with the tree")

gz.finish()
