# shellcheck shell=bash
# Shared by the CLI test scripts: sourced as `. "$(dirname "$0")/lib.sh"`
# by a script called as SCRIPT CLAIMTRACK SOURCE_ROOT. Sets bin (the
# binary, absolute), root (the source tree), fx (its fixtures) and tmp (a
# folder removed on exit, made the working folder), and the helpers below.
# Each script ends with: echo "NAME: $pass passed, $fail failed"; [ "$fail" -eq 0 ]

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
# shellcheck disable=SC2034 # for the scripts that source this file
fx=$root/tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset CLAIMTRACK_RULES CLAIMTRACK_DB
# Compiled rules are cached in the test's own folder, not the user's.
export CLAIMTRACK_CACHE=$tmp/cache

pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && printf '#   %s\n' "${2//$'\n'/$'\n'#   }"
}

# run ARGS...: runs the binary, keeping stdout, stderr and status.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

expect_status() {
	local name=$1 want=$2
	if [ "$status" -eq "$want" ]; then ok "$name (exit $want)"; else
		not_ok "$name: exit $status, wanted $want" "$out
$err"; fi
}

expect_match() {
	local name=$1 text=$2 re=$3
	if grep -Eq -- "$re" <<<"$text"; then ok "$name"; else
		not_ok "$name: no line matches /$re/" "$text"; fi
}

expect_no_match() {
	local name=$1 text=$2 re=$3
	if grep -Eq -- "$re" <<<"$text"; then
		not_ok "$name: a line matches /$re/" "$text"; else ok "$name"; fi
}

expect_equal() {
	local name=$1 got=$2 want=$3
	if [ "$got" = "$want" ]; then ok "$name"; else
		not_ok "$name: got '$got', wanted '$want'"; fi
}

# py NAME SCRIPT ARGS...: a Python check that exits 0 when it holds.
py() {
	local name=$1 script=$2
	shift 2
	if python3 -c "$script" "$@" >"$tmp/py" 2>&1; then ok "$name"; else
		not_ok "$name" "$(cat "$tmp/py")"; fi
}

# same_totals NAME A B: two `db stats --format json` outputs count the same
# documents, claims, speakers, outlets and propositions.
same_totals() {
	py "$1" '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("documents", "claims", "speakers", "outlets", "propositions"):
    assert a[k] == b[k], (k, a[k], b[k])
' "$2" "$3"
}

# start_server: starts tests/http/server.py on 127.0.0.1, killed on exit
# (with the temp folder), and sets port and B (its base URL) once it
# listens: its first line of output is the port, read through a FIFO. A
# script whose server cannot start ends here, failed.
start_server() {
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
	mkfifo "$tmp/server.port"
	python3 "$root/tests/http/server.py" >"$tmp/server.port" 2>"$tmp/server.err" &
	server_pid=$!
	trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
	read -r port <"$tmp/server.port" || port=
	if ! [[ "$port" =~ ^[0-9]+$ ]]; then
		not_ok "the test server started" "$(cat "$tmp/server.err")"
		echo "$(basename "$0" .sh): $pass passed, $fail failed"
		exit 1
	fi
	# shellcheck disable=SC2034 # for the caller
	B=http://127.0.0.1:$port
}
