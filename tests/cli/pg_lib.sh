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
# A script that cannot start a server exits 77 (meson: skipped), with the
# reason; CI (.ci/run) installs PostgreSQL so that it can.

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

pg_skip() {
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

pg_start() {
	[ -n "$pg_bindir" ] || pg_skip "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin; apt-get install postgresql)"
	command -v psql >/dev/null || pg_skip "no psql (apt-get install postgresql-client)"
	mkdir -p "$pg_dir/sock"
	printf '%s\n' "$pg_pass" >"$pg_dir/pwfile"
	if [ "$(id -u)" -eq 0 ]; then
		id nobody >/dev/null 2>&1 || pg_skip "running as root and there is no user nobody to run the server as"
		chmod 711 "$tmp"
		chown -R nobody "$pg_dir"
	fi
	trap 'pg_stop; rm -rf "$tmp"' EXIT
	pg_as_owner "$pg_bindir/initdb" -D "$pg_dir/data" -U "$pg_user" --pwfile="$pg_dir/pwfile" \
		--auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 ||
		pg_skip "initdb failed: $(tail -3 "$pg_dir/initdb.log")"
	pg_as_owner "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
		-o "-c listen_addresses='' -k $pg_sock -p $pg_port -c fsync=off" start >/dev/null 2>&1 ||
		pg_skip "the server did not start: $(tail -3 "$pg_dir/log")"
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
