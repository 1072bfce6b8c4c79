#!/usr/bin/env python3
"""images.py CHECK: every image drawn or reported, and where links go.

  inline      a PNG inside a sentence is drawn in the line (one image in the
              PDF, its alt text not printed, no warning), at the type's height,
              and shows in the rendered page (pdftoppm) where the line is.
  svg         an SVG is drawn as vectors: no raster image in the PDF
              (pdfimages -list), its colours on the rendered page; an SVG that
              names another file reads nothing else.
  missing     a missing inline image is a warning at FILE:LINE by default (no
              -v), --strict fails the page (exit 1); the HTML page warns too,
              once.
  remote      an http(s) image is a warning that says no network is assumed;
              HTML keeps it without a warning.
  resource    --resource-path DIR finds an image the page's folder lacks.
  links       a #id link is a link annotation to a named destination; a link
              to no id warns once at its line; a relative link is absolute
              against the page's URL with the site's url, and a warning at its
              line without one.
  loud        raw HTML left out of a PDF is a warning without -v, once a kind a page;
              --strict fails it.

Exit 77 (skipped) when a tool is missing."""
import json
import re
import struct
import zlib

import gztest as gz


def png(w, h, rgb):
    """A PNG of w x h pixels of one colour."""
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="240" height="120" viewBox="0 0 240 120">'
       '<rect x="0" y="0" width="240" height="120" fill="#22aa77"/>'
       '<image xlink:href="secret.png" width="240" height="120"/></svg>')


def pdf(tmp, name, text, *args, code=0):
    """Converts `text` (NAME.md in tmp) to PDF; returns (stderr, pdf path)."""
    src = gz.write(tmp / (name + ".md"), text)
    out = tmp / (name + ".pdf")
    r = gz.run("-t", "pdf", *args, "-o", out, src)
    gz.check(f"{name}: exit {code}", r.code == code, f"exit {r.code}: {r.err}")
    return r.err, out


def images(path):
    """Rows of pdfimages -list: one per raster image drawn."""
    return gz.output("pdfimages", "-list", path).splitlines()[2:]


def pixels(path, dpi=36):
    """The first page as (width, height, rgb bytes), through pdftoppm."""
    ppm = gz.output("pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", path, binary=True)
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", ppm)
    return int(m.group(1)), int(m.group(2)), ppm[m.end():]


def count_colour(page, rgb, tolerance=40):
    w, h, data = page
    return sum(1 for i in range(0, len(data), 3)
               if all(abs(data[i + k] - rgb[k]) <= tolerance for k in range(3)))


def check_inline(tmp):
    gz.write(tmp / "dot.png", png(40, 20, (220, 20, 20)))
    err, out = pdf(tmp, "inline", "Words before ![a red dot](dot.png) and words after it.\n")
    gz.check("inline: no warning", err == "", err)
    gz.check("inline: one image drawn", len(images(out)) == 1, "\n".join(images(out)))
    text = gz.output("pdftotext", out, "-")
    gz.check("inline: the alt text is not printed", "a red dot" not in text
             and "Words before" in text and "words after it" in text, text)
    # A 40 x 20 picture at the type's height (10 pt): about 20 x 10 points,
    # 10 x 5 pixels at 36 dpi.
    red = count_colour(pixels(out), (220, 20, 20))
    gz.check(f"inline: the picture is about a line high ({red} red pixels)", 25 <= red <= 80)
    # A picture wider than the column is a figure of its own.
    gz.write(tmp / "wide.png", png(1600, 200, (20, 20, 220)))
    err, out = pdf(tmp, "wide", "Before ![wide](wide.png) after.\n")
    blue = count_colour(pixels(out), (20, 20, 220))
    gz.check(f"wide: drawn across the column ({blue} blue pixels)", blue > 3000)
    text = gz.output("pdftotext", out, "-")
    gz.check("wide: the text on both sides stays", "Before" in text and "after." in text, text)


def check_svg(tmp):
    gz.write(tmp / "logo.svg", SVG)
    gz.write(tmp / "secret.png", png(8, 8, (0, 0, 0)))
    err, out = pdf(tmp, "svg", "An inline ![logo](logo.svg) here.\n\n![the logo](logo.svg)\n")
    gz.check("svg: no warning", err == "", err)
    rows = images(out)
    gz.check("svg: no raster image in the PDF (vector)", rows == [], "\n".join(rows))
    green = count_colour(pixels(out), (0x22, 0xaa, 0x77))
    gz.check(f"svg: drawn ({green} green pixels)", green > 1000)
    # librsvg is given no base file: the <image> beside it is never read.
    black = count_colour(pixels(out), (0, 0, 0), tolerance=10)
    gz.check(f"svg: the file the SVG names is not read ({black} black pixels)", black < 400)
    gz.write(tmp / "broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect")
    err, out = pdf(tmp, "broken", "Text\n\nA ![broken](broken.svg) one.\n")
    gz.check("svg: a broken SVG warns at its line", "broken.md:3: warning: SVG image" in err, err)


def check_missing(tmp):
    text = "---\ntitle: Gone\n---\n\nText with ![gone](gone.png) inside.\n"
    err, out = pdf(tmp, "missing", text)
    gz.check("missing: a warning at its line", re.search(
        r"missing\.md:5: warning: image '[^']*gone\.png': No such file", err), err)
    gz.check("missing: the alt text stands in", "gone" in gz.output("pdftotext", out, "-"))
    err, out = pdf(tmp, "missing", text, "--strict", code=1)
    gz.check("missing: --strict fails the page", "missing.md:5: error" in err, err)
    r = gz.run("-t", "html", tmp / "missing.md")
    gz.check("missing: HTML warns once at its line", r.code == 0
             and r.err.count("missing.md:5: warning: image 'gone.png' is not found") == 1
             and '<img src="gone.png"' in r.out, r.err)
    r = gz.run("--strict", "-t", "html", tmp / "missing.md")
    gz.check("missing: HTML under --strict fails", r.code == 1, r.err)


def check_remote(tmp):
    text = "Text\n\nSee ![a chart](https://example.org/chart.png) here.\n"
    err, out = pdf(tmp, "remote", text)
    gz.check("remote: a warning at its line that says no network",
             "remote.md:3: warning: image 'https://example.org/chart.png' is on the network"
             in err and "no network" in err, err)
    r = gz.run("-t", "html", tmp / "remote.md")
    gz.check("remote: HTML keeps it without a warning", r.code == 0 and r.err == ""
             and 'src="https://example.org/chart.png"' in r.out, r.err)


def check_resource(tmp):
    gz.write(tmp / "assets" / "pic.png", png(30, 30, (220, 20, 20)))
    text = "A ![pic](pic.png) here.\n"
    err, out = pdf(tmp / "page", "res", text)
    gz.check("resource: without --resource-path it is missing", "pic.png" in err, err)
    err, out = pdf(tmp / "page", "res", text, "--resource-path", f"{tmp}/nowhere:{tmp}/assets")
    gz.check("resource: found in the second folder", err == "" and len(images(out)) == 1, err)
    err, out = pdf(tmp / "page", "res", text, "--safe", "--resource-path", tmp / "assets")
    gz.check("resource: --safe reads the folders given", err == "" and len(images(out)) == 1, err)


def link_annotations(path):
    data = json.loads(gz.output("qpdf", "--json=2", path))
    return [o["value"] for o in data["qpdf"][1].values()
            if isinstance(o.get("value"), dict) and o["value"].get("/Subtype") == "/Link"]


def check_links(tmp):
    text = ("---\ntitle: Links\npermalink: /news/2024/links/\n---\n\n"
            "# Licence\n\n"                                          # line 6
            "Read [the licence](#licence) and [nothing](#nothing).\n\n"   # line 8
            "Also [nothing again](#nothing).\n\n"                    # line 10
            "See [the other post](../older/) and [home](/).\n")      # line 12
    err, out = pdf(tmp, "links", text)
    gz.check("links: one warning for the missing id, at its line",
             err.count("'#nothing'") == 1 and "links.md:8: warning: link to '#nothing'" in err,
             err)
    gz.check("links: a relative link without the site's url warns at its line",
             "links.md:12: warning: link to '../older/' is relative" in err, err)
    annots = link_annotations(out)
    dests = [a.get("/Dest") for a in annots if "/Dest" in a]
    named = gz.output("pdfinfo", "-dests", out)
    gz.check("links: #licence is a link to a named destination", len(dests) == 1
             and dests[0].removeprefix("u:") in named, f"{annots}\n{named}")
    err, out = pdf(tmp, "links", text, "--set", "url=https://example.org",
                   "--set", "baseurl=/blog")
    uris = sorted(a["/A"]["/URI"].removeprefix("u:") for a in link_annotations(out)
                  if "/A" in a)
    gz.check("links: relative links made absolute against the page's URL",
             uris == ["https://example.org/", "https://example.org/blog/news/2024/older/"],
             f"{uris}")
    gz.check("links: no warning about them then", "relative" not in err, err)


def check_loud(tmp):
    text = ("Text\n\n<div class=\"well\">\nboxed\n</div>\n\n<!-- a comment -->\n\n"
            "<iframe src=\"https://e.org/\"></iframe>\n\nText <iframe src=\"x\"></iframe>\n")
    err, out = pdf(tmp, "loud", text)
    gz.check("loud: raw HTML left out is one warning at its line, without -v",
             err.count("warning") == 1 and "loud.md:9: warning: <iframe> is left out" in err, err)
    pdf(tmp, "loud", text, "--strict", code=1)


if __name__ == "__main__":
    gz.need("qpdf", "pdftotext", "pdfinfo", "pdfimages", "pdftoppm",
            why="poppler-utils, qpdf")
    gz.cases({"inline": check_inline, "svg": check_svg, "missing": check_missing,
              "remote": check_remote, "resource": check_resource, "links": check_links,
              "loud": check_loud})
