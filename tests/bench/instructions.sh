#!/bin/sh
# instructions.sh: counts the instructions gazette and its peers execute for
# the same work, with valgrind's callgrind.  Unlike time, the count does not
# depend on the machine's load, so a ratio between two programs holds on a
# busy shared machine; it leaves out what time adds (page faults, cache
# misses, waiting for a core).  Not a test.
#
#   tests/bench/instructions.sh [html|pdf|feed|batch|all] [GAZETTE]    (default: all, build/gazette)
#
# html: 2 MB of the generated CJK and Latin Markdown of html.py, each tool in
#       its GitHub dialect: gazette, md4c's renderer (md_html, built with the
#       tests), cmark, cmark-gfm.
# pdf:  a page of one line, samples/zh-news.md (one page), then its body 50
#       times (50 pages): gazette beside wkhtmltopdf on pandoc's HTML of the
#       same text, as in pdf.sh; then what each further document costs in a
#       batch (one process, -j1: 5 copies less 1, divided by 4).
# feed: the 10,000-entry news page of feed.py to RSS and to Atom, and to the
#       tree dump for scale.
# batch: 300 dated posts of a Jekyll site (about 1.7 KB of generated Markdown
#       each, code left plain) to whole HTML pages in one process (-j1), and
#       what each post costs beyond the first (300 less 1, divided by 299).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
what=${1:-all}
gazette=${2:-$root/build/gazette}
md_html=$(dirname "$gazette")/tests/html/md_html
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

command -v valgrind > /dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 2; }
[ -x "$gazette" ] || { echo "instructions.sh: no gazette at $gazette" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# count NAME COMMAND...: prints NAME and the instructions COMMAND executed
# (its standard input this script's); leaves the count in $n.
count() {
	name=$1
	shift
	n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 > /dev/null \
	    | sed -n 's/.*Collected : *//p')
	printf "  %-34s %14s instructions\n" "$name" "$n"
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

if [ "$what" = html ] || [ "$what" = all ]; then
	python3 -c 'import sys; sys.path[:0] = [sys.argv[1]]; import common
sys.stdout.write(common.markdown(2_000_000))' "$here" > "$work/2mb.md"
	# gazette's code blocks plain, as the others leave theirs (highlight.sh
	# measures colouring).
	echo "html: 2 MB of Markdown (CJK and Latin), each tool in its GitHub dialect"
	count gazette "$gazette" -q -t html --fragment --set highlight=false - < "$work/2mb.md"
	gz=$n
	for peer in md_html cmark cmark-gfm; do
		case $peer in
		md_html) [ -x "$md_html" ] || { echo "  md_html: not built"; continue; }
			set -- "$md_html" --github ;;
		cmark) command -v cmark > /dev/null || { echo "  cmark: not installed"; continue; }
			set -- cmark ;;
		cmark-gfm) command -v cmark-gfm > /dev/null || { echo "  cmark-gfm: not installed"; continue; }
			set -- cmark-gfm -e table -e strikethrough -e autolink -e tasklist ;;
		esac
		count "$peer" "$@" < "$work/2mb.md"
		echo "    gazette / $peer: $(ratio "$gz" "$n")x"
	done
fi

if [ "$what" = pdf ] || [ "$what" = all ]; then
	awk 'n >= 2 { print } /^---$/ { n++ }' "$root/samples/zh-news.md" > "$work/body.md"
	cp "$root/samples/zh-news.md" "$work/page.md"
	printf -- '---\ntitle: 短讯\n---\n\n今天天气很好。\n' > "$work/line.md"
	: > "$work/x50.md"
	i=0
	while [ $i -lt 50 ]; do
		cat "$work/body.md" >> "$work/x50.md"
		printf '\n\n' >> "$work/x50.md"
		i=$((i + 1))
	done
	for doc in line page x50; do
		case $doc in
		line) echo "pdf: a page of one line (start-up, mostly)" ;;
		page) echo "pdf: samples/zh-news.md (one page)" ;;
		x50) echo "pdf: its body 50 times (50 pages)" ;;
		esac
		count gazette "$gazette" -q -t pdf --set page.lang=zh-CN --set page.title=SPDK用户案例 \
		    -o "$work/$doc.pdf" "$work/$doc.md" < /dev/null
		gz=$n
		if command -v pandoc > /dev/null && command -v wkhtmltopdf > /dev/null; then
			pandoc -s --quiet -f gfm -t html5 --metadata title=SPDK用户案例 \
			    --metadata lang=zh-CN -o "$work/$doc.html" "$work/$doc.md"
			count "wkhtmltopdf (pandoc's HTML)" wkhtmltopdf -q "$work/$doc.html" \
			    "$work/$doc-wk.pdf" < /dev/null
			echo "    wkhtmltopdf / gazette: $(ratio "$n" "$gz")x"
		else
			echo "  wkhtmltopdf, pandoc: not installed (scripts/setup bench)"
		fi
	done
	for doc in line page; do
		mkdir "$work/b-$doc"
		for i in 1 2 3 4 5; do
			cp "$work/$doc.md" "$work/b-$doc/$i.md"
		done
		count "gazette, 1 $doc" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
		    -o "$work/o1-$doc/" "$work/b-$doc/1.md" < /dev/null
		one=$n
		count "gazette, 5 copies" "$gazette" -q -j1 -t pdf --set page.lang=zh-CN \
		    -o "$work/o5-$doc/" "$work/b-$doc"/*.md < /dev/null
		awk -v a="$one" -v b="$n" -v doc="$doc" 'BEGIN {
			printf "    each further %s: %.1f M instructions\n", doc, (b - a) / 4e6 }'
	done
fi

if [ "$what" = feed ] || [ "$what" = all ]; then
	python3 -c 'import sys; sys.path[:0] = [sys.argv[1]]; import feed
feed.news_page(sys.argv[2], 10000)' "$here" "$work/news.md"
	echo "feed: a news page of 10,000 entries"
	for fmt in rss atom tree; do
		count "gazette -t $fmt" "$gazette" -q -t $fmt --set url=https://bench.example.org \
		    -o "$work/news.$fmt" "$work/news.md" < /dev/null
	done
fi

if [ "$what" = batch ] || [ "$what" = all ]; then
	mkdir -p "$work/site/_posts"
	printf 'title: Bench\nurl: https://example.org\n' > "$work/site/_config.yml"
	python3 -c 'import sys; sys.path[:0] = [sys.argv[1]]; import common
for n in range(300):
    with open(f"{sys.argv[2]}/2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}-post{n}.md", "w") as f:
        f.write(f"---\ntitle: Post {n}\n---\n\n" + common.markdown(1700, seed=n))' \
	    "$here" "$work/site/_posts"
	echo "batch: posts of a Jekyll site to HTML pages (-j1)"
	(cd "$work/site" && count "gazette, 1 post" "$gazette" -q -j1 -t html --set highlight=false \
	    -o "$work/out1" _posts/2024-01-01-post0.md < /dev/null
	one=$n
	count "gazette, 300 posts" "$gazette" -q -j1 -t html --set highlight=false \
	    -o "$work/out300" _posts/*.md < /dev/null
	awk -v a="$one" -v b="$n" 'BEGIN {
		printf "    each further post: %.0f thousand instructions\n", (b - a) / 299e3 }')
fi
