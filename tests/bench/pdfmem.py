#!/usr/bin/env python3
"""pdfmem.py: where a long PDF's memory goes, page count by page count.

  python3 tests/bench/pdfmem.py [GAZETTE] [--pages 500,2000] [--untagged] [--heap]

Makes documents of samples/zh-news.md's body repeated (one copy is one page),
converts each once (`-t pdf`, zh-CN) and prints its peak resident memory, what
each page added since the smaller document, and the heap in use (malloc's
count, main arena and mmapped blocks) at three moments: when the first page
is drawn (the whole document laid out), when the last page is drawn and once
cairo has finished the file.  Those come from a small LD_PRELOAD library
compiled here (cc and cairo's headers needed) that wraps cairo_show_page and
cairo_surface_finish.

--untagged: also prints the heap when every page is drawn with cairo's
structure tags left out, then its outline too (the LD_PRELOAD library makes
cairo_tag_begin, cairo_tag_end and cairo_pdf_surface_add_outline do nothing
when asked): what cairo keeps of them until it finishes the file.

--heap: also runs the largest document under heaptrack (if installed), glib's
slice allocator off so that each block is charged to its caller, and prints
the heap at its peak by the stage that allocated it.

Not a test: run by hand.  One run per size (memory, unlike time, hardly
depends on the machine's load).
"""
import argparse
import collections
import os
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <cairo.h>
#include <cairo-pdf.h>
static int pages;
static double heap_mb(void)
{
	struct mallinfo2 m = mallinfo2();
	return (double)(m.uordblks + m.hblkhd) / 1048576.0;
}
/* cairo is loaded with the PDF module (dlopen), after this library. */
static void *real(const char *name)
{
	return dlsym(dlopen("libcairo.so.2", RTLD_LAZY | RTLD_NOLOAD), name);
}
void cairo_show_page(cairo_t *cr)
{
	static void (*show)(cairo_t *);
	if (!show)
		show = (void (*)(cairo_t *))real("cairo_show_page");
	if (pages == 0)
		fprintf(stderr, "pdfmem: first page %.1f\n", heap_mb());
	show(cr);
	pages++;
}
/* --untagged: what cairo keeps of the structure tags and the outline,
 * measured by leaving them out (PDFMEM_NO_TAGS, PDFMEM_NO_OUTLINE). */
void cairo_tag_begin(cairo_t *cr, const char *name, const char *attrs)
{
	static void (*begin)(cairo_t *, const char *, const char *);
	if (getenv("PDFMEM_NO_TAGS"))
		return;
	if (!begin)
		begin = (void (*)(cairo_t *, const char *, const char *))real("cairo_tag_begin");
	begin(cr, name, attrs);
}
void cairo_tag_end(cairo_t *cr, const char *name)
{
	static void (*end)(cairo_t *, const char *);
	if (getenv("PDFMEM_NO_TAGS"))
		return;
	if (!end)
		end = (void (*)(cairo_t *, const char *))real("cairo_tag_end");
	end(cr, name);
}
int cairo_pdf_surface_add_outline(cairo_surface_t *s, int parent, const char *utf8,
    const char *link, cairo_pdf_outline_flags_t flags)
{
	static int (*add)(cairo_surface_t *, int, const char *, const char *,
	    cairo_pdf_outline_flags_t);
	if (getenv("PDFMEM_NO_OUTLINE"))
		return 1;
	if (!add)
		add = (int (*)(cairo_surface_t *, int, const char *, const char *,
		    cairo_pdf_outline_flags_t))real("cairo_pdf_surface_add_outline");
	return add(s, parent, utf8, link, flags);
}
void cairo_surface_finish(cairo_surface_t *s)
{
	static void (*finish)(cairo_surface_t *);
	if (!finish)
		finish = (void (*)(cairo_surface_t *))real("cairo_surface_finish");
	fprintf(stderr, "pdfmem: last page %.1f\n", heap_mb());
	finish(s);
	fprintf(stderr, "pdfmem: finished %.1f\n", heap_mb());
}
"""

# Stages, by the innermost function of gazette's that led to an allocation.
STAGES = [
    ("painted lines (lines.c)", ("pdf_line_new",)),
    ("pango's lines (items, glyph strings, attributes)", ("pdf_typo_settle", "pdf_typo_justify",
                                                          "lay_push_lines")),
    ("texts: PangoLayouts until broken, then links, dots", ("pdf_inline_text", "pdf_plain_text",
                                                            "new_layout", "pdf_typo_attrs")),
    ("gazette's atoms and elements", ("lay_close", "pdf_layout_push", "pdf_layout_elem",
                                      "pdf_layout_add", "pdf_paginate", "lay_push")),
    ("cairo's PDF surface", ("pdf_draw_page", "pdf_paint", "paint_begin")),
    ("the document tree", ("gz_doc_load",)),
]


def make_doc(path, copies):
    body = []
    with open(os.path.join(ROOT, "samples", "zh-news.md"), encoding="utf-8") as f:
        seen = 0
        for line in f:
            if seen >= 2:
                body.append(line)
            if line.rstrip("\n") == "---":
                seen += 1
    text = "".join(body) + "\n\n"
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(copies):
            f.write(text)


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def heap_by_stage(gazette, md, pdf, work):
    """The heap at its peak, by stage, from heaptrack's flame graph data."""
    data = os.path.join(work, "heap")
    env = dict(os.environ, G_SLICE="always-malloc")
    # A data limit under what cli/limits.c asks to reserve its heap: the
    # reservation would otherwise be heaptrack's peak.
    def limit():
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        resource.setrlimit(resource.RLIMIT_DATA, (1200 << 20, hard))
    subprocess.run(["heaptrack", "-o", data, gazette, "-q", "-t", "pdf", "--set",
                    "page.lang=zh-CN", "-o", pdf, md], env=env, capture_output=True, check=True,
                   preexec_fn=limit)
    stacks = os.path.join(work, "stacks.txt")
    subprocess.run(["heaptrack_print", "-f", data + ".zst", "--print-peaks", "0",
                    "--print-allocators", "0", "--print-temporary", "0", "--print-leaks", "0",
                    "-F", stacks, "--flamegraph-cost-type", "peak"], capture_output=True,
                   check=True)
    by = collections.Counter()
    with open(stacks, encoding="utf-8", errors="replace") as f:
        for line in f:
            stack, _, n = line.rstrip().rpartition(" ")
            frames = [fr.split(" ")[0] for fr in stack.split(";")]
            stage = "other (libraries' start-up, fonts, caches)"
            for fr in reversed(frames):
                hit = [name for name, fns in STAGES if fr in fns]
                if hit:
                    stage = hit[0]
                    break
            by[stage] += int(n)
    return by


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gazette", nargs="?", default=os.path.join(ROOT, "build", "gazette"))
    ap.add_argument("--pages", default="500,2000")
    ap.add_argument("--heap", action="store_true")
    ap.add_argument("--untagged", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.pages.split(",")]
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = tempfile.mkdtemp()
    try:
        shim = os.path.join(work, "shim.so")
        src = os.path.join(work, "shim.c")
        with open(src, "w") as f:
            f.write(SHIM)
        cflags = subprocess.run(["pkg-config", "--cflags", "cairo"], capture_output=True,
                                text=True).stdout.split()
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", *cflags, src, "-o", shim, "-ldl"],
                       check=True)
        print("pages   peak RSS   per page since the last   heap (MB): first page, last page, "
              "finished")
        last = None
        for copies in sizes:
            md = os.path.join(work, f"x{copies}.md")
            pdf = os.path.join(work, f"x{copies}.pdf")
            make_doc(md, copies)
            proc = subprocess.run(["python3", os.path.join(HERE, "time1.py"), args.gazette,
                                   "-q", "-t", "pdf", "--set", "page.lang=zh-CN", "-o", pdf, md],
                                  capture_output=True, text=True, check=True)
            peak_kb = int(proc.stdout.split()[2].lstrip("<="))
            env = dict(os.environ, LD_PRELOAD=shim)
            err = subprocess.run([args.gazette, "-q", "-t", "pdf", "--set", "page.lang=zh-CN",
                                  "-o", pdf, md], env=env, capture_output=True,
                                 text=True).stderr
            heap = {}
            for line in err.splitlines():
                if line.startswith("pdfmem: "):
                    name, value = line[len("pdfmem: "):].rsplit(" ", 1)
                    heap[name] = value
            n = pages_of(pdf)
            step = ""
            if last:
                step = f"{(peak_kb - last[1]) / (n - last[0]):.1f} KB"
            print(f"{n:5d} {peak_kb / 1024:8.1f} MB   {step:>24}   "
                  f"{heap.get('first page', '?')}, {heap.get('last page', '?')}, "
                  f"{heap.get('finished', '?')}")
            last = (n, peak_kb)
        if args.untagged:
            print("heap (MB) when every page is drawn, without cairo's structure tags "
                  "and outline")
            for copies in sizes:
                md = os.path.join(work, f"x{copies}.md")
                row = []
                for what in ({}, {"PDFMEM_NO_TAGS": "1"},
                             {"PDFMEM_NO_TAGS": "1", "PDFMEM_NO_OUTLINE": "1"}):
                    env = dict(os.environ, LD_PRELOAD=shim, **what)
                    err = subprocess.run([args.gazette, "-q", "-t", "pdf", "--set",
                                          "page.lang=zh-CN", "-o", os.path.join(work, "u.pdf"),
                                          md], env=env, capture_output=True, text=True).stderr
                    row.append(next((line.rsplit(" ", 1)[1] for line in err.splitlines()
                                     if line.startswith("pdfmem: last page ")), "?"))
                print(f"{copies:5d} copies: tagged {row[0]}, untagged {row[1]}, "
                      f"no outline either {row[2]}")
        if args.heap:
            if not shutil.which("heaptrack"):
                print("--heap: heaptrack is not installed")
                return 0
            md = os.path.join(work, f"x{sizes[-1]}.md")
            by = heap_by_stage(args.gazette, md, os.path.join(work, "h.pdf"), work)
            total = sum(by.values())
            print(f"heap at its peak, {sizes[-1]} copies: {total / 1048576:.1f} MB "
                  f"(heaptrack, G_SLICE=always-malloc)")
            for stage, size in by.most_common():
                print(f"  {size / 1048576:7.1f} MB  {size / sizes[-1] / 1024:5.1f} KB a page  "
                      f"{stage}")
    finally:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
