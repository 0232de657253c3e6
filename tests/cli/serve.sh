#!/usr/bin/env bash
# claimtrack serve: the command line (help, bad addresses, a missing
# database, a bad reviewers file), then the pages over HTTP against a
# running server on a free port (serve_client.py: status codes, headers,
# JSON equal to the CLI's, hostile names and titles escaped, CSRF
# refusals, read-only without --reviewers), and last that a review made
# through the claim page's form shows in `claims`.
# Usage: serve.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

export CLAIMTRACK_DB=$tmp/t.db

run serve --help
expect_status "serve --help" 0
expect_match "it documents the default address" "$out" "127\.0\.0\.1:8080"
run serve --listen nowhere:80
expect_status "a --listen that is not HOST:PORT" 2
expect_match "says what it wants" "$err" "is not HOST:PORT"
run serve --listen 127.0.0.1:99999
expect_status "a port past 65535" 2
run serve extra
expect_status "an argument" 2
run serve --listen 127.0.0.1:0
expect_status "no database" 1
expect_match "names it" "$err" "t\.db: no database here"

. "$root/tests/cli/serve_lib.sh"
serve_data

printf 'ana short\n' >"$tmp/weak"
run serve --listen 127.0.0.1:0 --reviewers "$tmp/weak"
expect_status "a token too short" 1
expect_match "names the file and line" "$err" "weak:1: the token is 5 characters"
run serve --listen 127.0.0.1:0 --reviewers "$tmp/missing"
expect_status "a reviewers file that is not there" 1

serve_http
serve_copies "$tmp/copies.db"

echo "serve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
