#!/bin/sh
# pdf.sh: times gazette's PDF backend beside wkhtmltopdf and WeasyPrint (both
# fed pandoc's HTML of the same page) on the seed page and on 100- and
# 1,000-page documents made from it, in the same run.  Reports the median
# wall time and median CPU time of RUNS runs, the peak memory, and how many
# times faster gazette is than each peer (wall and CPU).  Then the cost of
# each further document when one process converts 20 copies of the seed.
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

# measure NAME RUNS COMMAND...: runs COMMAND RUNS times; prints the median
# wall and CPU times and the peak memory, and leaves them in $wall $cpu.
measure() {
	name=$1
	n=$2
	shift 2
	i=0
	: > "$work/times"
	while [ $i -lt "$n" ]; do
		python3 "$here/time1.py" "$@" > "$work/t" 2>/dev/null || {
			echo "  $name: failed"; wall=; cpu=; return; }
		cat "$work/t" >> "$work/times"
		i=$((i + 1))
	done
	m=$(( (n + 1) / 2 ))
	set -- "$(awk '{ print $1 }' "$work/times" | sort -n | sed -n "${m}p")" \
	    "$(awk '{ print $2 }' "$work/times" | sort -n | sed -n "${m}p")" \
	    "$(awk '{ v = $3; sub(/^<=/, "", v) } v + 0 > m { m = v + 0 }
	        END { printf "%.1f", m / 1024 }' "$work/times")"
	wall=$1 cpu=$2
	printf "  %-30s %7.3f s wall %7.3f s cpu %7.1f MB" "$name" "$1" "$2" "$3"
}

# ratio PEER_WALL PEER_CPU: how many times gazette's time the peer took.
ratio() {
	if [ -n "$1" ] && [ -n "$g_wall" ]; then
		awk -v gw="$g_wall" -v gc="$g_cpu" -v pw="$1" -v pc="$2" 'BEGIN {
			printf "   gazette %.1fx faster (wall), %.1fx (cpu)", pw / (gw > 0 ? gw : 0.001),
			    pc / (gc > 0 ? gc : 0.001) }'
	fi
	echo
}

pages() {
	pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, $runs runs each"
for doc in seed x50 x500; do
	in="$work/$doc.md"
	sets="--set page.lang=zh-CN --set page.title=SPDK用户案例"
	"$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in"
	echo "$doc: $(pages "$work/$doc.pdf") pages (gazette)"
	measure "gazette" "$runs" "$gazette" -q -t pdf $sets -o "$work/$doc.pdf" "$in"
	echo
	g_wall=$wall g_cpu=$cpu
	if ! command -v pandoc > /dev/null; then
		echo "  pandoc: not installed, peers skipped"
		continue
	fi
	pandoc -s --quiet -f gfm -t html5 --metadata title=SPDK用户案例 --metadata lang=zh-CN \
	    -o "$work/$doc.html" "$in"
	if command -v wkhtmltopdf > /dev/null; then
		measure "wkhtmltopdf (pandoc's HTML)" "$peer_runs" \
		    wkhtmltopdf -q "$work/$doc.html" "$work/$doc-wk.pdf"
		ratio "$wall" "$cpu"
	else
		echo "  wkhtmltopdf: not installed, skipped"
	fi
	if ! command -v weasyprint > /dev/null || [ "${WEASYPRINT:-1}" = 0 ]; then
		echo "  weasyprint: not installed or WEASYPRINT=0, skipped"
	elif [ "$doc" = x500 ]; then
		echo "  weasyprint: skipped at 1,000 pages (minutes per run)"
	else
		measure "weasyprint (pandoc's HTML)" "$peer_runs" \
		    weasyprint "$work/$doc.html" "$work/$doc-wp.pdf"
		ratio "$wall" "$cpu"
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
measure "gazette, 1 input" "$runs" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
    -o "$work/out1/" "$work/batch/p0.md"
echo
one=$cpu
measure "gazette, 20 inputs" "$runs" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
    -o "$work/out20/" "$work/batch"/p*.md
echo
awk -v a="$one" -v b="$cpu" 'BEGIN {
	printf "  each further input: %.0f ms cpu (first: %.0f ms)\n", (b - a) / 19 * 1000, a * 1000 }'
