#!/bin/bash
# CLI tests of what a new user met querying the store: one wording for the
# narrator, an inverted period. Usage:
# newuser_query.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"

export CLAIMTRACK_RULES=$root/rules
db=$tmp/stance.db
seed=$tmp/seed.db

run ingest --db "$db" "$fx/stance"
expect_status "ingest the stance fixtures" 0
run ingest --db "$seed" "$fx/article-2022-02-18.txt"
expect_status "ingest the seed article (no outlet)" 0

# ---- the narrator: one wording in check and claims ----
run check "$fx/article-2022-02-18.txt"
expect_match "check: the narrator of a document without outlet" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "check: no other wording" "$out" 'narrator;|unknown \(narrator\)'
run claims --db "$seed"
expect_match "claims: the same wording" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "claims: no other wording" "$out" 'narrator;|unknown \(narrator\)'
run check --outlet "Khaama Press" "$fx/article-2022-02-18.txt"
expect_match "check: a known outlet narrates" "$out" '^  speaker   Khaama Press \(narrator\)$'
run ingest --db "$tmp/khaama.db" --outlet "Khaama Press" "$fx/article-2022-02-18.txt"
run claims --db "$tmp/khaama.db"
expect_match "claims: a known outlet narrates, in the same words" "$out" '^  speaker   Khaama Press \(narrator\)$'

# ---- claims: an inverted period ----
run claims --db "$db" --since 2022-06-01 --until 2022-01-01
expect_status "claims: --since after --until is a usage error" 2
expect_match "the inverted period is named" "$err" "--since 2022-06-01 is after --until 2022-01-01"

echo "newuser_query: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
