#!/bin/bash
# Times `claimtrack ingest --allow-private` of generated article pages
# fetched from the local test server (tests/http/server.py on 127.0.0.1),
# with the default parallelism (--parallel 8, --per-host 2) and one at a
# time (--parallel 1), in the same run; also with --per-host 8, which is
# what the default would do across eight sites.
#
# Usage: bench/fetch.sh [PAGES]
#   PAGES         pages to fetch and ingest per run (default 1000)
# Environment:
#   CLAIMTRACK    a claimtrack binary to time; default: build one with
#                 optimisation in build-bench/ (meson --buildtype=release)
#   DELAY_MS      the server waits this long before each page (default 0);
#                 20-100 stands in for a network's round trip
#   BENCH_DIR     where the databases go (default: a temporary folder)
#
# Every run starts on a new database, so that every page is fetched,
# matched and stored. Not part of `meson test`.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-1000}
delay=${DELAY_MS:-0}

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_binary
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -z "${BENCH_DIR:-}" ] && rm -rf "$work"
	return 0
}
trap cleanup EXIT

# The server's first line of output is its port: read it from a FIFO.
rm -f "$work/port"
mkfifo "$work/port"
python3 "$root/tests/http/server.py" >"$work/port" 2>"$work/server.err" &
server_pid=$!
read -r port <"$work/port" || port=
[[ "$port" =~ ^[0-9]+$ ]] || { echo "bench: the test server did not start" >&2; exit 1; }

urls=()
for i in $(seq 1 "$pages"); do
	if [ "$delay" -gt 0 ]; then
		urls+=("http://127.0.0.1:$port/page/$i?ms=$delay")
	else
		urls+=("http://127.0.0.1:$port/page/$i")
	fi
done

calc() { python3 -c "print($1)"; }

# run NAME ARGS...: one timed ingest on a new database; prints a line and
# leaves the pages per second in $rate.
run() {
	local name=$1 db=$work/$RANDOM-$RANDOM.db t0 t1 secs
	shift
	t0=$(date +%s.%N)
	"$bin" --rules "$root/rules" --db "$db" ingest --allow-private "$@" "${urls[@]}" \
		>"$work/out" 2>"$work/err" || { cat "$work/err" >&2; echo "bench: $name failed" >&2; exit 1; }
	t1=$(date +%s.%N)
	grep -q "^total: $pages stored" "$work/out" ||
		{ tail -n 3 "$work/out" >&2; echo "bench: $name did not store $pages pages" >&2; exit 1; }
	secs=$(calc "$t1 - $t0")
	rate=$(calc "$pages / $secs")
	printf '  %-40s %7.2f s  %7.1f pages/s\n' "$name" "$secs" "$rate"
	rm -f "$db" "$db-wal" "$db-shm"
}

echo "fetch bench: ingest --allow-private of $pages pages from tests/http/server.py" \
	"(127.0.0.1, ${delay} ms a page)"
echo "  $("$bin" --version), $(curl-config --version 2>/dev/null || echo libcurl), $(nproc) CPUs"
run "default (--parallel 8 --per-host 2)"
default=$rate
run "one at a time (--parallel 1)" --parallel 1
single=$rate
run "--parallel 8 --per-host 8" --parallel 8 --per-host 8
wide=$rate
printf '  default / one at a time: %.2fx; --per-host 8 / one at a time: %.2fx\n' \
	"$(calc "$default / $single")" "$(calc "$wide / $single")"
