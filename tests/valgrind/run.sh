#!/usr/bin/env bash
# The samples and raw HTML pages in every format under valgrind: no memory errors, no definite
# leaks.  Skipped (77) without valgrind or in a sanitizer build, where
# valgrind cannot run.  known-leaks.supp names the library leaks it hides.
set -uo pipefail
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
# grep reads all of ldd's output: with -q it would stop at the first match, ldd
# could die of SIGPIPE and pipefail would then call the pipeline false.
if ldd "$GAZETTE" | grep -e libasan -e libubsan >/dev/null; then
	echo "a sanitizer build: valgrind cannot run it"; exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# Qt's regular expressions (the highlighter's) run JIT-compiled code valgrind
# cannot follow: it reports uninitialised values inside it.  Interpret them.
export QT_ENABLE_REGEXP_JIT=0
check() {       # check NAME ARGS...: runs gazette under valgrind
	local name=$1
	shift
	if valgrind -q --error-exitcode=99 --leak-check=full --num-callers=50 --errors-for-leak-kinds=definite \
		--suppressions="$SOURCE_ROOT/tests/valgrind/known-leaks.supp" \
		"$GAZETTE" -q "$@" 2>"$out/log"; then
		echo "ok   $name"
	else
		echo "FAIL $name (exit $?)"
		cat "$out/log"
		status=1
	fi
}
# The samples, and the raw HTML pages (libxml2's module, tree surgery).
for page in "$SOURCE_ROOT"/samples/*.md "$SOURCE_ROOT"/tests/rawhtml/pages/*.md; do
	name=$(basename "$page" .md)
	check "$name: tree, html, pdf" -t tree,html,pdf -o "$out/" "$page"
done
check "all samples: rss, atom" -t rss,atom -o "$out/" "$SOURCE_ROOT"/samples/*.md
check "all samples: one PDF, cover, contents, two columns" -t pdf --combine --toc \
	--set pdf.cover=true --set pdf.columns=2 -o "$out/" "$SOURCE_ROOT"/samples/*.md
exit $status
