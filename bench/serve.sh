#!/bin/bash
# Times `claimtrack serve` answering proposition pages over a database of
# 1,000,000 synthetic claims (bench/report.sh's, made the same way and
# kept under the same name, so either script makes it for both).
#
# Usage: bench/serve.sh [REQUESTS [CLAIMS]]
#   REQUESTS      page requests to time (default 10000)
#   CLAIMS        claims to generate (default 1000000)
# Environment:
#   CLAIMTRACK    a claimtrack binary to time; default: build one with
#                 optimisation in build-bench/ (meson --buildtype=release)
#   BENCH_DIR     where the databases go (default build-bench/bench)
#   SEED          the generator's seed (default 20240601)
#   CLIENTS       requests in flight at once (default 4)
#   JOBS          serve --jobs (default: the number of CPUs)
#
# The server and the client (bench/serve_load.py) share the machine. The
# pages are those of every proposition, in turns, each requested as HTML;
# before timing, each is requested once. Two runs: as served (a page is
# kept until the database changes), then with --no-cache, every page made
# afresh from the database (REQUESTS / 20 of them). Not part of `meson test`.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
requests=${1:-10000}
claims=${2:-1000000}
seed=${SEED:-20240601}
work=${BENCH_DIR:-$root/build-bench/bench}

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_binary
mkdir -p "$work"
work=$(cd "$work" && pwd)

bench_claims_db "$work" "$claims" "$seed"

echo "claimtrack bench/serve.sh: $("$bin" --version), $bin"
echo "database: $db ($(du -m "$db" | cut -f1) MB)"
"$bin" db stats --db "$db" | sed -n 's/^/  /; /claims\|propositions/p'
echo "$(nproc) CPUs; $(uname -sr); $requests requests, ${CLIENTS:-4} at once"
echo "== as served"
python3 "$root/bench/serve_load.py" "$bin" "$db" "$requests" "${CLIENTS:-4}" "${JOBS:-$(nproc)}"
echo "== --no-cache: every page made afresh"
python3 "$root/bench/serve_load.py" "$bin" "$db" "$((requests / 20))" "${CLIENTS:-4}" \
	"${JOBS:-$(nproc)}" --no-cache
