#!/bin/sh
# The copy detector on synthetic wire copies: bench/gen_copies.py writes
# 40 stories, 6 copies of each (changed leads, bylines, datelines, edits,
# boilerplate, last paragraphs cut) and 3 different stories on the topic
# of each; bench/copyeval.c holds precision and recall over every pair at
# the default threshold to floors.
# Usage: copies.sh SOURCE_ROOT COPYEVAL [MIN_PRECISION MIN_RECALL]
set -eu
src=$1
eval_bin=$2
min_p=${3:-0.99}
min_r=${4:-0.95}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$src/bench/gen_copies.py" "$dir/set" --stories 40 --copies 6 --same-topic 3 >/dev/null
out=$("$eval_bin" "$dir/set" --min-precision "$min_p" --min-recall "$min_r") || {
	status=$?
	printf '%s\n' "$out"
	exit "$status"
}
printf '%s\n' "$out" | grep -v '^missed'
