#!/bin/sh
# The README's "Two commands", as written there, so that the README and CI
# cannot drift apart.
#
#   tests/readme.sh print N   prints command N (1 or 2) of the block
#   tests/readme.sh first     runs command 1 with sh -c in a fresh clone of
#                             this checkout, with its own HOME and no
#                             database or reports, and checks that it exits
#                             0 and writes reports/*/index.html holding every
#                             claim of the sample article
#
# .ci/run calls both: "first", then command 2 through sh -c.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

# The command lines of the first ```sh block under "## Two commands":
# its lines that are neither blank nor comments.
commands() {
	awk '
		/^## / { inside = ($0 == "## Two commands") ; next }
		inside && /^```sh$/ && !done { block = 1; next }
		block && /^```$/ { block = 0; done = 1; next }
		block && !/^[ \t]*(#|$)/ { print }
	' "$root/README.md"
}

case ${1:-} in
print)
	n=$(commands | wc -l)
	if [ "$n" -ne 2 ]; then
		echo "readme.sh: README.md's \"Two commands\" block holds $n commands, not 2" >&2
		exit 1
	fi
	commands | sed -n "${2:?give 1 or 2}p"
	;;
first)
	cmd=$("$0" print 1)
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	git clone -q "$root" "$work/clone"
	mkdir "$work/home"
	cd "$work/clone"
	rm -f db/*.db
	rm -rf reports
	echo "readme.sh: in a fresh clone: $cmd"
	if ! HOME=$work/home sh -c "$cmd"; then
		echo "readme.sh: not ok - the README's first command failed" >&2
		exit 1
	fi
	set -- reports/*/index.html
	if [ ! -f "$1" ]; then
		echo "readme.sh: not ok - the README's first command wrote no reports/*/index.html" >&2
		exit 1
	fi
	build/claimtrack claims --format json >"$work/claims.json"
	python3 - "$work/claims.json" "$1" <<'PY'
import html, json, sys
claims = json.load(open(sys.argv[1]))["claims"]
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
assert len(claims) >= 10, "the sample article gave %d claims" % len(claims)
missing = [c["match"] for c in claims
           if c["match"] not in page or c["proposition"] not in page
           or (c["speaker"] and c["speaker"] not in page)]
assert not missing, "claims not in the report: %r" % missing
print("readme.sh: ok - the first command wrote %s with all %d claims" % (sys.argv[2], len(claims)))
PY
	;;
*)
	echo "usage: tests/readme.sh print N | first" >&2
	exit 2
	;;
esac
