#!/usr/bin/env python3
"""includes.py [DIR]: the PDF backend's files and which see which.

A file X sees a file Y when a header X includes (directly or through other
headers of DIR) declares a function that Y.c defines.  pdf.h declares
types and unit conversions only, so including it makes a file see nothing.
Prints each file with the files it sees, then checks:

- the only cycles are between layout.c and table.c (which recurse into each
  other: a table cell holds blocks, a block may be a table), and between
  blocks.c and htmlblocks.c (an HTML container holds blocks);
- each .c includes no header of DIR that it uses nothing from (no function,
  type, enumerator or macro the header declares);
- pdf.h declares no function but static inline ones.

Exits 1 when a check fails.  DIR defaults to formats/pdf of the source tree."""
import os
import re
import sys

ROOT = os.environ.get("SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "formats", "pdf")
ALLOWED = {frozenset({"layout", "table"}), frozenset({"blocks", "htmlblocks"})}

files = {f: open(os.path.join(DIR, f), encoding="utf-8").read()
         for f in sorted(os.listdir(DIR)) if f.endswith((".c", ".h"))}
include_re = re.compile(r'^#include "([^"]+)"', re.M)


def stem(name):
    return name.rsplit(".", 1)[0]


def code(text):
    """The text without comments, character and string literals."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"'(\\[^'\n]+|[^'\\\n])'", "0", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


# Which .c defines each function: a name at the start of a line, then "(".
owner = {}
for name, text in files.items():
    if name.endswith(".c"):
        for m in re.finditer(r"^(\w+)\s*\(", code(text), re.M):
            owner.setdefault(m.group(1), stem(name))

# What each header declares: functions (those a .c defines), and the names
# of its types, enumerators and macros.
declares = {}
names = {}
for name, text in files.items():
    if not name.endswith(".h"):
        continue
    body = code(text)
    funcs = {f for f in re.findall(r"\b(\w+)\s*\(", body) if f in owner}
    declares[name] = funcs
    own = set(funcs)
    own |= set(re.findall(r"\b(?:struct|enum|union)\s+(\w+)\s*\{", body))
    own |= set(re.findall(r"^\s+([A-Z][A-Z0-9_]+)\b", body, re.M))      # enumerators
    own |= set(re.findall(r"^#define\s+(\w+)", body, re.M)) - {stem(name).upper()}
    own |= set(re.findall(r"static inline [\w\s\*]*?\b(\w+)\s*\(", body))
    own = {n for n in own if not n.startswith("GZ_") or not n.endswith("_H")}
    # A struct's members: a file may use the type only through a pointer
    # another header declares (a->row->cells).
    for struct in re.findall(r"\bstruct\s+\w+\s*\{(.*?)\n\};", body, re.S):
        own |= {"->" + m for m in re.findall(r"(\w+)\s*(?:\[[^]]*\])?\s*[;,]", struct)}
    names[name] = own


def included(name, seen=None):
    """The headers of DIR `name` includes, directly or through others."""
    seen = set() if seen is None else seen
    for h in include_re.findall(files[name]):
        if h in files and h not in seen:
            seen.add(h)
            included(h, seen)
    return seen


sees = {}
for name in files:
    s = stem(name)
    for h in included(name):
        for f in declares[h]:
            if owner[f] != s:
                sees.setdefault(s, set()).add(owner[f])
    sees.setdefault(s, set())

failures = []
for s in sorted(sees):
    if s + ".c" in files:
        print(f"{s:10} -> {' '.join(sorted(sees[s])) or '-'}")

# Tarjan's strongly connected components.
index, low, stack, on, comps = {}, {}, [], set(), []


def connect(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in sees.get(v, ()):
        if w not in index:
            connect(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = set()
        while True:
            w = stack.pop()
            on.discard(w)
            comp.add(w)
            if w == v:
                break
        comps.append(comp)


sys.setrecursionlimit(10000)
for v in sorted(sees):
    if v not in index:
        connect(v)
for comp in comps:
    if len(comp) > 1:
        print(f"cycle: {' '.join(sorted(comp))}")
        if frozenset(comp) not in ALLOWED:
            failures.append(f"files that see each other: {' '.join(sorted(comp))}")

def uses(n):
    """A pattern for a use of name `n` (`->m`: member m, through -> or .)."""
    if n.startswith("->"):
        return rf"(->|\.)\s*{re.escape(n[2:])}\b"
    return rf"\b{re.escape(n)}\b"


for name, text in files.items():
    if not name.endswith(".c"):
        continue
    body = code(text)
    for h in include_re.findall(text):
        if h in names and not any(re.search(uses(n), body) for n in names[h]):
            failures.append(f"{name} includes {h} but uses nothing it declares")

if "pdf.h" in declares:
    plain = declares["pdf.h"] - set(re.findall(r"static inline [\w\s\*]*?\b(\w+)\s*\(",
                                                code(files["pdf.h"])))
    if plain:
        failures.append(f"pdf.h declares functions: {' '.join(sorted(plain))}")

for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
