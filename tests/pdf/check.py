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
import json
import os
import re
import sys

import gztest as gz


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
    objects = json.loads(gz.output("qpdf", "--json=2", "--json-key=qpdf", pdf))["qpdf"][1]
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
        sys.exit(__doc__)
    source = sys.argv[1]
    sets = [a for a in sys.argv[2:] if "=" in a and not a.startswith("pages=")]
    want_pages = [a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("pages=")]
    if not os.path.exists(source):
        gz.skip(f"{source} is not here")
    gz.need("qpdf", "pdffonts", "pdfinfo", "pdftotext", why="poppler-utils, qpdf")
    set_args = [x for kv in sets for x in ("--set", kv)]
    lang = next((kv.split("=", 1)[1] for kv in sets if kv.startswith("page.lang=")), None)
    title = next((kv.split("=", 1)[1] for kv in sets if kv.startswith("page.title=")), None)
    tmp = gz.tmpdir()
    out1, out2 = tmp / "a.pdf", tmp / "b.pdf"
    for out in (out1, out2):
        r = gz.run("-q", "-t", "pdf", *set_args, "-o", out, source)
        if not gz.check(f"gazette -t pdf {source} exits 0", r.code == 0, r.err):
            gz.finish()
    data = out1.read_bytes()
    gz.check("two runs gave different bytes", data == out2.read_bytes())

    check = gz.command(["qpdf", "--check", out1])
    gz.check("qpdf --check: " + check.out + check.err,
             check.code == 0 and "No syntax or stream encoding errors" in check.out)

    fonts = gz.output("pdffonts", out1).splitlines()[2:]
    gz.check("pdffonts lists no fonts", fonts)
    for f in fonts:
        cols = f.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        gz.check("font not embedded, subset and mapped: " + f,
                 (emb, sub, uni) == ("yes", "yes", "yes"))

    info = gz.output("pdfinfo", out1)
    gz.check("not tagged", "Tagged:          yes" in info)
    gz.check(f"title is not {title!r}: {info}",
             not title or f"Title:           {title}" in info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    gz.check(f"{pages} pages, want {want_pages}",
             not want_pages or pages == int(want_pages[0]))
    gz.check(f"no /Lang ({lang}) in the catalog",
             not lang or f"/Lang ({lang})".encode() in data)

    tree = gz.output(gz.GAZETTE, "-t", "tree", *set_args, source, binary=True)
    texts, headings, external, internal, alts = tree_texts(tree)
    # Page furniture (the running title and the folio of every page but
    # the first) interleaves with a text broken across pages: drop it.
    text_pages = gz.output("pdftotext", "-enc", "UTF-8", out1, "-").split("\f")
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
            gz.check(f"table text not extracted: {t!r}", t in extracted)
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
            gz.fail(f"text not extracted in order: {t!r}")
        else:
            pos = found + len(t)

    outlines = gz.output("qpdf", "--json", "--json-key=outlines", out1)
    count = outlines.count('"title":')
    gz.check(f"{count} outline entries for {headings} headings", count == headings)
    links = len(re.findall(rb"/Subtype /Link", data))
    uris = len(re.findall(rb"/URI \(", data))
    gz.check(f"{uris} URI annotations for {external} external links", uris >= external)
    gz.check(f"{links} link annotations for {external + internal} links",
             links >= external + internal)
    gz.check("a URI that is not printable ASCII",
             not re.search(rb"/URI \([^)]*[^\x21-\x7e][^)]*\)", data))
    dests = gz.output("pdfinfo", "-dests", out1)
    gz.check("internal links but no named destinations",
             not internal or '"h' in dests)
    # Figures are the images that loaded: a subsequence of the tree's.
    figures = figure_alts(out1)
    pos = 0
    for alt in figures:
        if alt is None:
            gz.fail("a Figure without /Alt")
            continue
        while pos < len(alts) and alts[pos] != alt:
            pos += 1
        gz.check(f"Figure /Alt {alt!r} is not an image's alt text, in order", pos != len(alts))
        pos += 1
    print(f"{source}: {pages} pages, {len(fonts)} fonts, {headings} headings, "
          f"{links} link annotations, {len(texts)} texts, {len(figures)} figures")
    gz.finish()


if __name__ == "__main__":
    main()
