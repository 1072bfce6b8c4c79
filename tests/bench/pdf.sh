#!/bin/sh
# pdf.sh: times gazette's PDF backend beside wkhtmltopdf and WeasyPrint (both
# fed pandoc's HTML of the same page) on the seed page and on 100- and
# 1,000-page documents made from it, in the same run: gazette and each peer
# take turns, round after round, so that a slow spell of this shared machine
# slows them alike.  Reports the median wall time and median CPU time of RUNS
# runs, the peak memory, and how many times faster gazette is than each peer
# (the median of the rounds' ratios, wall and CPU).  Then the cost of each
# further document when one process converts 20 copies of the seed.
# Not a test: numbers depend on the machine and its load (the load average is
# printed; on a busy machine trust the CPU columns).
#
#   tests/bench/pdf.sh [GAZETTE [SEED]]      RUNS=5, PEER_RUNS=RUNS by default;
#                                            WEASYPRINT=0 skips WeasyPrint
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gazette=${1:-${GAZETTE:-$root/build/gazette}}
seed=${2:-$root/../shared/seeds/000_3f79db424e972863.txt}
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-$runs}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

[ -x "$gazette" ] || { echo "pdf.sh: no gazette at $gazette (give its path)" >&2; exit 2; }
[ -r "$seed" ] || { echo "pdf.sh: no seed page at $seed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The page body without its front matter, repeated: 50 copies make about 100
# pages, 500 about 1,000.
awk 'n >= 2 { print } /^---$/ { n++ }' "$seed" > "$work/body.md"
cp "$seed" "$work/seed.md"
for copies in 50 500; do
	i=0
	: > "$work/x$copies.md"
	while [ $i -lt $copies ]; do
		cat "$work/body.md" >> "$work/x$copies.md"
		printf '\n\n' >> "$work/x$copies.md"
		i=$((i + 1))
	done
done

# once FILE COMMAND...: runs COMMAND once, adding its wall and CPU times and
# peak memory (time1.py's line) to FILE; false, adding nothing, if it failed.
once() {
	file=$1
	shift
	python3 "$here/time1.py" "$@" > "$work/t" 2>/dev/null || return 1
	cat "$work/t" >> "$file"
}

# median FILE COLUMN: the median of a column of numbers.
median() {
	sort -n -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c }
	    END { if (NR) print v[int((NR + 1) / 2)] }'
}

# report NAME FILE: the medians and the peak of a program's runs; leaves the
# medians in $wall $cpu.
report() {
	wall=$(median "$2" 1)
	cpu=$(median "$2" 2)
	peak=$(awk '{ v = $3; sub(/^<=/, "", v) } v + 0 > m { m = v + 0 }
	    END { printf "%.1f", m / 1024 }' "$2")
	printf "  %-30s %7.3f s wall %7.3f s cpu %7.1f MB" "$1" "$wall" "$cpu" "$peak"
}

# ratio PEER_FILE: how many times gazette's time the peer took, as the median
# of the ratios of the rounds both ran in (a slow spell then slows both).
ratio() {
	paste "$work/gazette.times" "$1" | awk 'NF >= 6 {
		print $4 / ($1 > 0 ? $1 : 0.001), $5 / ($2 > 0 ? $2 : 0.001) }' > "$work/ratios"
	printf "   gazette %.1fx faster (wall), %.1fx (cpu)\n" "$(median "$work/ratios" 1)" \
	    "$(median "$work/ratios" 2)"
}

pages() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, $runs runs each;" \
    "gazette and its peers take turns, round by round"
for doc in seed x50 x500; do
	in="$work/$doc.md"
	sets="--set page.lang=zh-CN --set page.title=SPDK用户案例"
	"$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in"
	echo "$doc: $(pages "$work/$doc.pdf") pages (gazette)"
	wk=false
	wp=false
	if command -v pandoc > /dev/null; then
		pandoc -s --quiet -f gfm -t html5 --metadata title=SPDK用户案例 \
		    --metadata lang=zh-CN -o "$work/$doc.html" "$in"
		command -v wkhtmltopdf > /dev/null && wk=true
		command -v weasyprint > /dev/null && [ "${WEASYPRINT:-1}" != 0 ] \
		    && [ "$doc" != x500 ] && wp=true
	fi
	: > "$work/gazette.times"
	: > "$work/wk.times"
	: > "$work/wp.times"
	failed=
	i=0
	while [ $i -lt "$runs" ]; do
		once "$work/gazette.times" "$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in" \
		    || failed="$failed gazette"
		if [ $i -lt "$peer_runs" ]; then
			! $wk || once "$work/wk.times" wkhtmltopdf -q "$work/$doc.html" \
			    "$work/$doc-wk.pdf" || failed="$failed wkhtmltopdf"
			! $wp || once "$work/wp.times" weasyprint "$work/$doc.html" \
			    "$work/$doc-wp.pdf" || failed="$failed weasyprint"
		fi
		i=$((i + 1))
	done
	[ -z "$failed" ] || echo "  failed runs:$failed"
	if [ ! -s "$work/gazette.times" ]; then
		echo "  gazette: no run succeeded"
		continue
	fi
	report "gazette" "$work/gazette.times"
	echo
	if ! command -v pandoc > /dev/null; then
		echo "  pandoc: not installed, peers skipped"
		continue
	fi
	if $wk && [ -s "$work/wk.times" ]; then
		report "wkhtmltopdf (pandoc's HTML)" "$work/wk.times"
		ratio "$work/wk.times"
	elif $wk; then
		echo "  wkhtmltopdf: no run (PEER_RUNS=0, or every run failed)"
	else
		echo "  wkhtmltopdf: not installed, skipped"
	fi
	if $wp && [ -s "$work/wp.times" ]; then
		report "weasyprint (pandoc's HTML)" "$work/wp.times"
		ratio "$work/wp.times"
	elif $wp; then
		echo "  weasyprint: no run (PEER_RUNS=0, or every run failed)"
	elif [ "$doc" = x500 ] && [ "${WEASYPRINT:-1}" != 0 ]; then
		echo "  weasyprint: skipped at 1,000 pages (minutes per run)"
	else
		echo "  weasyprint: not installed or WEASYPRINT=0, skipped"
	fi
done

# A batch: one process (-j1), 1 and then 20 copies of the seed page.
mkdir "$work/batch"
i=0
while [ $i -lt 20 ]; do
	cp "$work/seed.md" "$work/batch/p$i.md"
	i=$((i + 1))
done
echo "batch: one process, -j1"
: > "$work/one.times"
: > "$work/twenty.times"
i=0
while [ $i -lt "$runs" ]; do
	once "$work/one.times" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
	    -o "$work/out1/" "$work/batch/p0.md" || echo "  failed run: 1 input"
	once "$work/twenty.times" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
	    -o "$work/out20/" "$work/batch"/p*.md || echo "  failed run: 20 inputs"
	i=$((i + 1))
done
report "gazette, 1 input" "$work/one.times"
echo
one=$cpu
report "gazette, 20 inputs" "$work/twenty.times"
echo
awk -v a="$one" -v b="$cpu" 'BEGIN {
	printf "  each further input: %.0f ms cpu (first: %.0f ms)\n", (b - a) / 19 * 1000, a * 1000 }'
