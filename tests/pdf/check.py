#!/usr/bin/env python3
"""check.py INPUT [KEY=VALUE...]: converts INPUT to PDF (twice) and checks the
result with the PDF tools, against expectations taken from gazette's own tree
dump of the same input:

  - two runs give the same bytes;
  - qpdf --check is clean;
  - pdffonts: every font embedded and subset, with a Unicode map;
  - pdfinfo: the title, Tagged: yes, the page count when given;
  - the catalog's /Lang is the page language;
  - pdftotext gives back every text of the page, in order (CJK punctuation
    included; table cells in any order), apart from whitespace and line breaks;
  - one outline entry per heading, one link annotation or more per external
    link, a destination for every internal link;
  - every Figure structure element has the alt text of its image (in order).

Exit 77 (skipped) when INPUT is absent or a tool is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw).stdout


def tree_texts(tree):
    """Texts in reading order (not inside images), headings, links."""
    texts, headings, external, internal = [], 0, 0, 0
    alts = []
    image_depth = table_depth = None
    for line in tree.decode().splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        kind = body.split(" ", 1)[0]
        if image_depth is not None and depth <= image_depth:
            image_depth = None
        if kind == "image":
            image_depth = depth
            alts.append("")
        elif image_depth is not None and kind == "text":
            m = re.match(r'text\b.*?"((?:[^"\\]|\\.)*)"$', body)
            alts[-1] += m.group(1).encode().decode("unicode_escape").encode("latin-1").decode()
        if table_depth is not None and depth <= table_depth:
            table_depth = None
        if kind == "table":
            table_depth = depth
        if image_depth is not None or kind in ("html_block", "html_inline"):
            continue
        if kind == "heading":
            headings += 1
        if kind == "link":
            url = re.search(r'url="((?:[^"\\]|\\.)*)"', body).group(1)
            if url.startswith("#"):
                internal += 1
            else:
                external += 1
        m = re.match(r'(text|code|code_block)\b.*?"((?:[^"\\]|\\.)*)"$', body)
        if m:
            s = m.group(2).encode().decode("unicode_escape").encode("latin-1").decode()
            # pdftotext reads table cells in an order of its own
            texts.append((s, table_depth is not None))
    return texts, headings, external, internal, alts


def figure_alts(pdf):
    """The /Alt of each Figure structure element, by object number."""
    import json
    objects = json.loads(run(["qpdf", "--json=2", "--json-key=qpdf", pdf]))["qpdf"][1]
    figures = []
    for key, obj in objects.items():
        value = obj.get("value") if isinstance(obj, dict) else None
        if isinstance(value, dict) and value.get("/S") == "/Figure":
            alt = value.get("/Alt")
            figures.append((int(key.split(":")[1].split()[0]),
                            alt[2:] if isinstance(alt, str) and alt.startswith("u:") else alt))
    return [alt for _, alt in sorted(figures)]


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.argv[1]
    sets = [a for a in sys.argv[2:] if "=" in a and not a.startswith("pages=")]
    want_pages = [a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("pages=")]
    if not os.path.exists(source):
        print(f"skipped: {source} is not here")
        return 77
    for tool in ("qpdf", "pdffonts", "pdfinfo", "pdftotext"):
        if not shutil.which(tool):
            print(f"skipped: {tool} is not installed (poppler-utils, qpdf)")
            return 77
    gazette = os.environ["GAZETTE"]
    set_args = [x for kv in sets for x in ("--set", kv)]
    lang = next((kv.split("=", 1)[1] for kv in sets if kv.startswith("page.lang=")), None)
    title = next((kv.split("=", 1)[1] for kv in sets if kv.startswith("page.title=")), None)
    with tempfile.TemporaryDirectory() as tmp:
        out1, out2 = os.path.join(tmp, "a.pdf"), os.path.join(tmp, "b.pdf")
        for out in (out1, out2):
            subprocess.run([gazette, "-q", "-t", "pdf", *set_args, "-o", out, source], check=True)
        data = open(out1, "rb").read()
        if data != open(out2, "rb").read():
            fail("two runs gave different bytes")

        check = subprocess.run(["qpdf", "--check", out1], capture_output=True, text=True)
        if check.returncode != 0 or "No syntax or stream encoding errors" not in check.stdout:
            fail("qpdf --check: " + check.stdout + check.stderr)

        fonts = run(["pdffonts", out1]).decode().splitlines()[2:]
        if not fonts:
            fail("pdffonts lists no fonts")
        for f in fonts:
            cols = f.split()
            emb, sub, uni = cols[-5], cols[-4], cols[-3]
            if (emb, sub, uni) != ("yes", "yes", "yes"):
                fail("font not embedded, subset and mapped: " + f)

        info = run(["pdfinfo", out1]).decode()
        if "Tagged:          yes" not in info:
            fail("not tagged")
        if title and f"Title:           {title}" not in info:
            fail(f"title is not {title!r}: {info}")
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        if want_pages and pages != int(want_pages[0]):
            fail(f"{pages} pages, want {want_pages[0]}")
        if lang and f"/Lang ({lang})".encode() not in data:
            fail(f"no /Lang ({lang}) in the catalog")

        tree = run([gazette, "-t", "tree", *set_args, source])
        texts, headings, external, internal, alts = tree_texts(tree)
        # Page furniture (the running title and the folio of every page but
        # the first) interleaves with a text broken across pages: drop it.
        text_pages = run(["pdftotext", "-enc", "UTF-8", out1, "-"]).decode().split("\f")
        kept = [text_pages[0]]
        for number, page in enumerate(text_pages[1:], start=2):
            lines = page.splitlines()
            for furniture in (title, str(number)):
                if furniture in lines:
                    lines.remove(furniture)
            kept.append("\n".join(lines))
        extracted = squeeze("".join(kept))
        pos = 0
        for t, in_table in texts:
            t = squeeze(t)
            if not t:
                continue
            if in_table:
                if t not in extracted:
                    fail(f"table text not extracted: {t!r}")
                continue
            found = extracted.find(t, pos)
            if found < 0:
                # pdftotext reads a right-aligned table column as a block of
                # its own and may put it inside the text after the table.
                rest = extracted[pos:]
                for cell, cell_in_table in texts:
                    cell = squeeze(cell)
                    if cell and cell_in_table:
                        rest = rest.replace(cell, "")
                if t in rest:
                    extracted = extracted[:pos] + rest
                    found = extracted.find(t, pos)
            if found < 0:
                fail(f"text not extracted in order: {t!r}")
            else:
                pos = found + len(t)

        outlines = run(["qpdf", "--json", "--json-key=outlines", out1]).decode()
        count = outlines.count('"title":')
        if count != headings:
            fail(f"{count} outline entries for {headings} headings")
        links = len(re.findall(rb"/Subtype /Link", data))
        uris = len(re.findall(rb"/URI \(", data))
        if uris < external:
            fail(f"{uris} URI annotations for {external} external links")
        if links < external + internal:
            fail(f"{links} link annotations for {external + internal} links")
        if re.search(rb"/URI \([^)]*[^\x21-\x7e][^)]*\)", data):
            fail("a URI that is not printable ASCII")
        dests = run(["pdfinfo", "-dests", out1]).decode()
        if internal and dests.count('"h') < 1:
            fail("internal links but no named destinations")
        # Figures are the images that loaded: a subsequence of the tree's.
        figures = figure_alts(out1)
        pos = 0
        for alt in figures:
            if alt is None:
                fail("a Figure without /Alt")
                continue
            while pos < len(alts) and alts[pos] != alt:
                pos += 1
            if pos == len(alts):
                fail(f"Figure /Alt {alt!r} is not an image's alt text, in order")
            pos += 1
        print(f"{source}: {pages} pages, {len(fonts)} fonts, {headings} headings, "
              f"{links} link annotations, {len(texts)} texts, {len(figures)} figures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
