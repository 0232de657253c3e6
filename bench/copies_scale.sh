#!/usr/bin/env bash
# Ingest into a database of many fingerprinted documents against an empty
# one (issue 21: within 20 %), in alternating runs, each into a fresh copy.
#
# Usage: bench/copies_scale.sh EMPTY.db BIG.db CORPUS [RUNS] [-- INGEST OPTIONS]
#
# EMPTY.db: a database with claimtrack's schema and no documents; BIG.db:
# the same filled by bench/gen_fingerprints.py; CORPUS: a folder of
# bench/gen_corpus.py. Both are copied next to them (BIG's size again) for
# each run (synced to disk before the clock starts), with the checkout's
# rules/. Prints the wall and CPU (user + system) time of each `claimtrack
# ingest --jobs 2`, then the medians and their ratios. $CLAIMTRACK: the
# binary (default build/claimtrack).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CLAIMTRACK:-$root/build/claimtrack}
[ $# -ge 3 ] || { sed -n '5,13p' "$0" >&2; exit 2; }
empty=$(realpath "$1") big=$(realpath "$2") corpus=$(realpath "$3") runs=4
shift 3
if [ $# -gt 0 ] && [ "$1" != "--" ]; then runs=$1; shift; fi
if [ $# -gt 0 ]; then shift; fi
work=$(dirname "$big")/copies_scale.$$
cd "$root"   # the rules in ./rules
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
declare -a te tb ce cb
for ((i = 0; i < runs; i++)); do
	for which in empty big; do
		src=$empty; [ $which = big ] && src=$big
		rm -f "$work"/run.db*
		cp "$src" "$work/run.db"
		# Written out before the clock starts: otherwise ingest's first
		# checkpoint (an fsync of the database file) waits for the copy.
		sync "$work/run.db"
		/usr/bin/time -f '%e %U %S' -o "$work/time" \
			"$bin" --db "$work/run.db" ingest --jobs 2 "$@" "$corpus" >/dev/null
		read -r t u k <"$work/time"
		c=$(echo "$u + $k" | bc)
		printf '%s run %d: %.2f s wall, %.2f s CPU\n' "$which" $((i + 1)) "$t" "$c"
		if [ $which = empty ]; then te+=("$t"); ce+=("$c"); else tb+=("$t"); cb+=("$c"); fi
	done
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for m in wall CPU; do
	if [ $m = wall ]; then e=$(median "${te[@]}") b=$(median "${tb[@]}")
	else e=$(median "${ce[@]}") b=$(median "${cb[@]}"); fi
	printf 'median %s time: empty %.2f s, big %.2f s, big/empty %.2f\n' $m "$e" "$b" \
		"$(echo "$b / $e" | bc -l)"
done
