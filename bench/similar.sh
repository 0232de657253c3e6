#!/bin/bash
# What `claimtrack similar` costs on a big record, on SQLite and on
# PostgreSQL (issue 21): a corpus of BENCH_MB megabytes from gen_corpus.py
# (default 50), ingested with --index into a new database on each backend,
# then bench/similar_time.py: milliseconds a query (wall, and the CPU of
# the claimtrack process), and whether the two return the same lists. PostgreSQL runs on a private server as the tests
# start one (tests/cli/pg_lib.sh); without one, SQLite alone.
#
#     bench/similar.sh [BENCH_DIR]      (default /tmp/ct-bench-similar)
#
# CLAIMTRACK names the binary (default: a release build in build-bench/).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/ct-bench-similar}
mb=${BENCH_MB:-50}
mkdir -p "$work"
# shellcheck source=lib.sh
. "$root/bench/lib.sh"
bench_binary
corpus=$work/c$mb
[ -f "$corpus/MANIFEST" ] || python3 "$root/bench/gen_corpus.py" "$corpus" --mb "$mb" >/dev/null

lite=$work/similar.db
rm -f "$lite" "$lite-wal" "$lite-shm"
t0=$(date +%s.%N)
"$bin" --rules "$root/rules" --db "$lite" ingest --index "$corpus" >/dev/null
t1=$(date +%s.%N)
echo "SQLite: ingest --index of $mb MB: $(python3 -c "print('%.0f' % ($t1 - $t0))") s"
targets=("SQLite=$bin@$lite")

tmp=$work/pg
rm -rf "$tmp"
mkdir -p "$tmp"
pg_server_opts="-c synchronous_commit=off -c shared_buffers=256MB -c max_wal_size=4GB"
# shellcheck source=../tests/cli/pg_lib.sh
. "$root/tests/cli/pg_lib.sh"
if pg_start; then
	trap 'pg_stop' EXIT
	pg_createdb similar
	url=$(pg_url similar)
	t0=$(date +%s.%N)
	"$bin" --rules "$root/rules" --db "$url" ingest --index "$corpus" >/dev/null
	t1=$(date +%s.%N)
	echo "PostgreSQL: ingest --index of $mb MB: $(python3 -c "print('%.0f' % ($t1 - $t0))") s"
	targets+=("PostgreSQL=$bin@$url")
else
	echo "PostgreSQL: none ($pg_why)"
fi
"$bin" --db "$lite" db stats | grep -E '^(documents|sentences)' || true
python3 "$root/bench/similar_time.py" "$corpus" "${targets[@]}"
