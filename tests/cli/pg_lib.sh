# shellcheck shell=bash
# A private PostgreSQL server for the CLI tests that need one. Sourced
# after lib.sh: `. "$(dirname "$0")/pg_lib.sh"`. pg_start creates a
# cluster in $tmp/pg (initdb; as user nobody when run as root, since the
# server refuses to run as root) that listens on a Unix socket in that
# folder only (listen_addresses=''), waits until it accepts connections
# (pg_ctl -w), and stops it when the script exits. Then:
#   pg_url DB      prints the URL of database DB, with the test password
#   pg_createdb DB creates database DB (owned by the test role)
#   pg_psql SQL    runs SQL in the postgres database, as the test role
# pg_start returns 1 with the reason in pg_why when it cannot start a
# server: a test then calls `pg_skip "$pg_why"`, which exits 77 (meson:
# skipped), and bench/run goes on without its PostgreSQL rows. CI
# (.ci/run) installs PostgreSQL so that it can, and sets
# CLAIMTRACK_TEST_PG=required, which makes pg_skip fail instead. The server runs with
# $pg_server_opts (the tests': fsync off).

pg_bindir=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && pg_bindir=$d
done
# shellcheck disable=SC2154 # tmp is lib.sh's
pg_dir=$tmp/pg
pg_sock=$pg_dir/sock
pg_port=5432     # the socket's folder is ours alone: no port to share
pg_user=ct
pg_pass='s3cret pass'
pg_server_opts=${pg_server_opts:-"-c fsync=off"}
pg_why=

pg_skip() {
	# CI sets CLAIMTRACK_TEST_PG=required: there a server that cannot
	# start is a failure, not a skip.
	if [ "${CLAIMTRACK_TEST_PG:-}" = required ]; then
		echo "not ok - a PostgreSQL server for the tests (CLAIMTRACK_TEST_PG=required): $1"
		exit 1
	fi
	echo "skip: $1"
	exit 77
}

# Runs a command as the owner of the cluster.
pg_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

pg_stop() {
	[ -f "$pg_dir/data/postmaster.pid" ] &&
		pg_as_owner "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	return 0
}

# shellcheck disable=SC2034 # pg_why is read by the caller
pg_start() {
	[ -n "$pg_bindir" ] || { pg_why="no PostgreSQL server binaries (/usr/lib/postgresql/*/bin; apt-get install postgresql)"; return 1; }
	command -v psql >/dev/null || { pg_why="no psql (apt-get install postgresql-client)"; return 1; }
	mkdir -p "$pg_dir/sock"
	printf '%s\n' "$pg_pass" >"$pg_dir/pwfile"
	if [ "$(id -u)" -eq 0 ]; then
		id nobody >/dev/null 2>&1 || { pg_why="running as root and there is no user nobody to run the server as"; return 1; }
		chmod 711 "$tmp"
		chown -R nobody "$pg_dir"
	fi
	trap 'pg_stop; rm -rf "$tmp"' EXIT
	pg_as_owner "$pg_bindir/initdb" -D "$pg_dir/data" -U "$pg_user" --pwfile="$pg_dir/pwfile" \
		--auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 ||
		{ pg_why="initdb failed: $(tail -3 "$pg_dir/initdb.log")"; return 1; }
	pg_as_owner "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
		-o "-c listen_addresses='' -k $pg_sock -p $pg_port $pg_server_opts" start >/dev/null 2>&1 ||
		{ pg_why="the server did not start: $(tail -3 "$pg_dir/log")"; return 1; }
	export PGPASSWORD=
	unset PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE PGPASSFILE
}

pg_url() {
	# The password's space is %20 in a URL.
	echo "postgresql://$pg_user:${pg_pass// /%20}@/$1?host=$pg_sock&port=$pg_port"
}

pg_psql() {
	PGPASSWORD=$pg_pass psql -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" -U "$pg_user" \
		-d postgres -Atc "$1"
}

pg_createdb() {
	pg_psql "CREATE DATABASE \"$1\""
}
