#!/usr/bin/env bash
# claimtrack serve over PostgreSQL (issue 19): the HTTP checks of serve.sh
# (serve_lib.sh: every page's status, headers and JSON against the CLI's,
# hostile text escaped, CSRF refusals, a review through the form that
# shows in `claims`) against a database on a private server (pg_lib.sh)
# holding the same data. Skipped (77) when no server can be started;
# CLAIMTRACK_TEST_PG=required makes that a failure.
# Usage: serve_pg.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"

pg_createdb serve
CLAIMTRACK_DB=$(pg_url serve)
export CLAIMTRACK_DB
. "$root/tests/cli/serve_lib.sh"
serve_data
serve_http
pg_createdb servecopies
serve_copies "$(pg_url servecopies)"

echo "serve_pg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
