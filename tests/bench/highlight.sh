#!/bin/sh
# highlight.sh: what highlighted code costs, in instructions counted by
# valgrind's callgrind (load-independent, see instructions.sh).  Not a test.
#
#   tests/bench/highlight.sh [GAZETTE]        (default: build/gazette)
#
# 1. A page without code blocks (samples/ja-page.md), to HTML and to PDF, with
#    highlighting on and off: the same count, as the module is not loaded.
# 2. One code block of 1 line, 1,000 lines and 10,000 lines of C, shell and
#    Python, to HTML with highlighting on and off; the difference between on
#    and off is highlighting's cost, and the difference between 10,000 and
#    1,000 lines gives the cost per 1,000 lines without the start-up.
# 3. The 1,000 lines of C to PDF, on and off.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gazette=${1:-$root/build/gazette}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

command -v valgrind > /dev/null || { echo "highlight.sh: valgrind is not installed" >&2; exit 2; }
[ -x "$gazette" ] || { echo "highlight.sh: no gazette at $gazette" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# count GAZETTE-ARGS...: the instructions gazette executed, in $n.
count() {
	n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$gazette" -q "$@" \
	    2>&1 > /dev/null < /dev/null | sed -n 's/.*Collected : *//p')
}

# on_off NAME ARGS...: prints the count with highlighting and without, and
# leaves their difference in $d.
on_off() {
	name=$1
	shift
	count "$@"
	on=$n
	count --set highlight=false "$@"
	d=$((on - n))
	printf "  %-28s %13s on %13s off %12s more\n" "$name" "$on" "$n" "$d"
}

echo "a page without code blocks (samples/ja-page.md): instructions"
on_off "html" -t html -o "$work/ja.html" "$root/samples/ja-page.md"
on_off "pdf" -t pdf -o "$work/ja.pdf" "$root/samples/ja-page.md"

cat > "$work/c" <<'CODE'
#include <stdio.h>
/* Adds two numbers; see the manual. */
static int add(int a, int b) { return a + b; }
#define LIMIT 0x2f
int main(void) { const char *s = "total: %d\n"; printf(s, add(LIMIT, 2)); return 0; }
CODE
cat > "$work/sh" <<'CODE'
#!/bin/sh
# Converts every page.
set -eu
for f in posts/*.md; do
  echo "page: $f" && gazette -t html -o "${OUT:-out}/" "$f"
done
if [ -n "${1:-}" ]; then cd "$1"; fi
CODE
cat > "$work/python" <<'CODE'
import os
# Counts the items of a feed.
@staticmethod
def count(path: str) -> int:
    """The number of items."""
    return len(open(path).read().split("<item>")) - 1 if path else 0
print(count(os.environ.get("FEED", "feed.xml")), True, None)
CODE

# block LANG LINES: a page with one code block of LINES lines in LANG.
block() {
	printf '# Code\n\n```%s\n' "$1"
	awk -v n="$2" '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' "$work/$1"
	printf '```\n'
}

for lang in c sh python; do
	echo "one $lang code block to HTML: instructions"
	for lines in 1 1000 10000; do
		block $lang $lines > "$work/$lang-$lines.md"
		on_off "$lines lines" -t html -o "$work/x.html" "$work/$lang-$lines.md"
		eval "d_$lines=\$d"
	done
	echo "    per 1,000 lines, start-up left out: $(( (d_10000 - d_1000) / 9 ))"
done

echo "1,000 lines of C to PDF: instructions"
on_off "pdf" -t pdf -o "$work/c.pdf" "$work/c-1000.md"
