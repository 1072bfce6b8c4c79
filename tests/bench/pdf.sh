#!/bin/sh
# pdf.sh: times gazette's PDF backend beside wkhtmltopdf and WeasyPrint (both
# fed pandoc's HTML of the same page) on the seed page and on 100- and
# 1,000-page documents made from it.  Reports the median wall time of RUNS
# runs, the CPU time of that run and the peak memory.  Not a test: numbers
# depend on the machine and its load (the load average is printed).
#
#   tests/bench/pdf.sh [GAZETTE [SEED]]      RUNS=5 by default
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gazette=${1:-${GAZETTE:-$root/build/gazette}}
seed=${2:-$root/../shared/seeds/000_3f79db424e972863.txt}
runs=${RUNS:-5}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

[ -x "$gazette" ] || { echo "pdf.sh: no gazette at $gazette (give its path)" >&2; exit 2; }
[ -r "$seed" ] || { echo "pdf.sh: no seed page at $seed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "pdf.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The page body without its front matter, repeated: 33 copies make about 100
# pages, 500 about 1,000.
awk 'n >= 2 { print } /^---$/ { n++ }' "$seed" > "$work/body.md"
cp "$seed" "$work/seed.md"
for copies in 33 500; do
	i=0
	: > "$work/x$copies.md"
	while [ $i -lt $copies ]; do
		cat "$work/body.md" >> "$work/x$copies.md"
		printf '\n\n' >> "$work/x$copies.md"
		i=$((i + 1))
	done
done

# measure NAME COMMAND...: runs COMMAND $runs times; prints the median.
measure() {
	name=$1
	shift
	i=0
	: > "$work/times"
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" > /dev/null 2>&1 || {
			echo "$name: failed"; return; }
		cat "$work/t" >> "$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk -v name="$name" -v n="$runs" '
		NR == int((n + 1) / 2) {
			printf "  %-34s %7.3f s wall %7.3f s cpu %7.1f MB\n", name, $1, $2 + $3, $4 / 1024
		}'
}

pages() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, $runs runs each"
for doc in seed x33 x500; do
	in="$work/$doc.md"
	sets="--set page.lang=zh-CN --set page.title=SPDK用户案例"
	"$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in"
	echo "$doc: $(pages "$work/$doc.pdf") pages (gazette)"
	measure "gazette" "$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in"
	if command -v pandoc > /dev/null; then
		pandoc -s --quiet -f gfm -t html5 --metadata title=SPDK用户案例 --metadata lang=zh-CN \
		    -o "$work/$doc.html" "$in"
		if command -v wkhtmltopdf > /dev/null; then
			measure "wkhtmltopdf (pandoc's HTML)" wkhtmltopdf -q "$work/$doc.html" "$work/$doc-wk.pdf"
		else
			echo "  wkhtmltopdf: not installed, skipped"
		fi
		if command -v weasyprint > /dev/null && [ "$doc" != x500 ]; then
			measure "weasyprint (pandoc's HTML)" weasyprint "$work/$doc.html" "$work/$doc-wp.pdf"
		elif command -v weasyprint > /dev/null; then
			echo "  weasyprint: skipped at 1,000 pages (minutes per run)"
		else
			echo "  weasyprint: not installed, skipped"
		fi
	else
		echo "  pandoc: not installed, peers skipped"
	fi
done
