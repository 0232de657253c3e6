#!/bin/bash
# Times report generation on a database of 1,000,000 synthetic claims.
#
# Usage: bench/report.sh [CLAIMS]
#   CLAIMS        claims to generate (default 1000000)
# Environment:
#   CLAIMTRACK    a claimtrack binary to time; default: build one with
#                 optimisation in build-bench/ (meson --buildtype=release)
#   BENCH_DIR     where the databases and reports go (default build-bench/bench)
#   SEED          the generator's seed (default 20240601)
#   RUNS          runs of each command (default 3)
#
# The database is generated once per (claims, seed, generator) and kept in
# BENCH_DIR; each timed run works on a fresh copy, because `report` records
# its runs in the database. Not part of `meson test`.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
claims=${1:-1000000}
seed=${SEED:-20240601}
runs=${RUNS:-3}
work=${BENCH_DIR:-$root/build-bench/bench}

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_binary
mkdir -p "$work"
work=$(cd "$work" && pwd)

# ---- the database (bench/lib.sh) ----
bench_claims_db "$work" "$claims" "$seed"
run_db=$work/run.db

# ---- timing: wall seconds and peak RSS of one command ----
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	timer=gnu
else
	timer=python
fi

# measure OUT ARGS...: runs ARGS with stdout to OUT; sets wall and rss_mb.
measure() {
	local out=$1 log=$work/time.log
	shift
	if [ "$timer" = gnu ]; then
		local t0 t1
		t0=$(date +%s.%N)
		/usr/bin/time -v -o "$log" "$@" >"$out" 2>"$work/stderr" || {
			echo "failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
		t1=$(date +%s.%N)
		wall=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$t1")
		rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")
	else
		read -r wall rss_mb < <(python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
with open(out, "wb") as f:
    rc = subprocess.run(cmd, stdout=f).returncode
wall = time.perf_counter() - t0
if rc:
    sys.exit("failed: %s" % " ".join(cmd))
print("%.2f %.1f" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
PY
)
	fi
}

# bench LABEL ARGS...: RUNS runs on fresh copies; prints each and the best.
bench() {
	local label=$1 best=
	shift
	for i in $(seq 1 "$runs"); do
		rm -rf "$work/out" "$run_db" "$run_db-wal" "$run_db-shm"
		cp "$db" "$run_db"
		measure "$work/stdout" "$bin" --db "$run_db" "$@"
		printf '%-44s %3d %8s %10s\n' "$label" "$i" "$wall" "$rss_mb"
		if [ -z "$best" ] || python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= float(sys.argv[2]))' "$wall" "$best"; then
			best=$wall
		fi
	done
	summary="$summary$(printf '%-44s best %6s s' "$label" "$best")
"
}

db_mb=$(du -m "$db" | cut -f1)
echo "claimtrack bench: $("$bin" --version), $bin"
echo "database: $db ($db_mb MB)"
"$bin" db stats --db "$db" | sed 's/^/  /'
echo "timer: $timer; $runs runs each; $(nproc) CPUs; $(uname -sr)"
echo
printf '%-44s %3s %8s %10s\n' "command" "run" "wall s" "max RSS MB"
summary=

if "$bin" report --help >/dev/null 2>&1; then
	bench "report --out DIR (all formats)" report --out "$work/out"
	bench "report --out DIR --format json" report --out "$work/out" --format json
	bench "report --out - --format md" report --out - --format md
	bench "report --since 2023-12-01 --out DIR" report --since 2023-12-01 --out "$work/out"
else
	echo "(no 'claimtrack report' in this binary: timing the listings instead)"
	bench "claims --format json" claims --format json
fi
bench "check one sentence, with its record" \
	--rules "$root/rules" check "There are no terrorists in Afghanistan"
bench "check the sample article (13 records)" \
	--rules "$root/rules" check "$root/tests/fixtures/article-2022-02-18.txt"
bench "propositions" propositions
bench "speakers" speakers
bench "db stats" db stats

echo
printf '%s' "$summary"
rm -rf "$work/out" "$run_db" "$run_db-wal" "$run_db-shm" "$work/stdout" "$work/stderr" "$work/time.log"
