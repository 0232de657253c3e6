#!/bin/sh
# Runs shellcheck (with the settings in .shellcheckrc) on every shell script
# in .ci/, bench/, scripts/ and tests/: files named *.sh, and files whose
# first line starts a POSIX sh or bash. Exits 0 when it finds nothing.
# Usage: shellcheck.sh SOURCE_ROOT
set -eu
cd "$1"
if ! command -v shellcheck >/dev/null 2>&1; then
	echo "shellcheck.sh: shellcheck is not installed; run scripts/install-deps" >&2
	exit 1
fi
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find .ci bench scripts tests -type f ! -path 'tests/fuzz/corpus/*' ! -path 'tests/fuzz/regress/*' |
	sort | while read -r f; do
		case $f in
		*.sh) echo "$f" ;;
		*) if head -n 1 "$f" | grep -Eq '^#!(/usr)?/bin/(env )?(ba|da)?sh( |$)'; then echo "$f"; fi ;;
		esac
	done >"$list"
n=$(wc -l <"$list")
echo "shellcheck: $n scripts"
# One file name a line, none with spaces (the tree has none).
# shellcheck disable=SC2046
shellcheck $(cat "$list")
echo "shellcheck: all $n clean"
