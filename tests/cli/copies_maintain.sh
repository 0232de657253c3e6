#!/bin/bash
# CLI tests of `db maintain` (issue 21, db/013_recent_bands.sql): ingest
# writes a new document's band keys to the table of recent ones, which
# the look-up for copies reads as well; `db maintain` and the end of
# `nightly` merge them into the index of all; copies are found the same
# before and after. On SQLite, then on PostgreSQL when a server can be
# started (tests/cli/pg_lib.sh).
# Usage: copies_maintain.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"

rules=(--rules "$root/rules")
corpus=$tmp/corpus
mkdir -p "$corpus"
for o in "Kabul Herald" "Pamir Post" "Oxus Daily" "Salang Review"; do
	f=$corpus/$(echo "$o" | tr ' A-Z' '-a-z').txt
	printf 'date 2024-03-03\noutlet %s\n\n' "$o" >"$f"
	[ "$o" = "Pamir Post" ] && printf 'By a staff writer\n\n' >>"$f"
	cat "$fx/copies/wire.txt" >>"$f"
	printf '\nRead more from the %s on its website.\n' "$o" >>"$f"
done
printf 'date 2024-03-05\noutlet Nangarhar Voice\n\n' >"$corpus/other.txt"
cat "$fx/copies/other.txt" >>"$corpus/other.txt"

run db maintain --help
expect_status "db maintain --help" 0
expect_match "db maintain --help: usage" "$out" '^usage: claimtrack db maintain \[--format table\|json\]$'
expect_match "db maintain --help: exit status" "$out" 'Exit status: 0 done'
run db --help
expect_match "db --help lists maintain" "$out" 'maintain +merge the fingerprints of recent documents'

# The keys a table holds, on SQLite.
keys() {
	python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM " + sys.argv[2]).fetchone()[0])' "$1" "$2"
}

check_maintain() {
	local db=$1 name=$2
	run ingest "${rules[@]}" --db "$db" "$corpus/kabul-herald.txt" "$corpus/pamir-post.txt" \
		"$corpus/other.txt"
	expect_status "$name: ingest" 0
	expect_match "$name: a copy found among the recent keys" "$out" '/pamir-post\.txt: .*, copy of #1$'
	run db maintain --db "$db" --format json
	expect_status "$name: db maintain" 0
	py "$name: db maintain --format json: the keys of the three documents" '
import json, sys
r = json.loads(sys.argv[1])
assert r["band_keys"] == 3 * 42, r
assert set(r) == {"path", "band_keys"}, r
' "$out"
	run db maintain --db "$db"
	expect_status "$name: db maintain again" 0
	expect_match "$name: db maintain again: nothing left" "$out" ': 0 band keys of recent documents merged into their index$'
	run ingest "${rules[@]}" --db "$db" "$corpus/oxus-daily.txt"
	expect_match "$name: a copy found among the merged keys" "$out" '/oxus-daily\.txt: .*, copy of #1$'
	run db check --db "$db"
	expect_status "$name: db check after the merge" 0
}

# ---- SQLite ----
db=$tmp/m.db
check_maintain "$db" sqlite
expect_equal "sqlite: the merged keys in the index of all" "$(keys "$db" document_bands)" $((3 * 42))
expect_equal "sqlite: the last document's among the recent" "$(keys "$db" document_bands_recent)" 42
# nightly merges them when it ends.
run nightly "${rules[@]}" --db "$db" --out "$tmp/nightly"
expect_status "nightly" 0
expect_equal "nightly: the recent keys merged" "$(keys "$db" document_bands_recent)" 0
expect_equal "nightly: all in the index of all" "$(keys "$db" document_bands)" $((4 * 42))
run ingest "${rules[@]}" --db "$db" "$corpus/salang-review.txt"
expect_match "sqlite: after nightly, still a copy of the first" "$out" '/salang-review\.txt: .*, copy of #1$'

# ---- PostgreSQL ----
pgq() {
	PGPASSWORD=$pg_pass psql -X -q -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d maintain -Atc "$1"
}
if pg_start; then
	pg_createdb maintain
	check_maintain "$(pg_url maintain)" pg
	run nightly "${rules[@]}" --db "$(pg_url maintain)" --out "$tmp/pg-nightly"
	expect_status "pg: nightly" 0
	expect_equal "pg: nightly merged the recent keys" \
		"$(pgq 'SELECT count(*) FROM document_bands_recent')" 0
	expect_equal "pg: all in the index of all" \
		"$(pgq 'SELECT count(*) FROM document_bands')" $((4 * 42))
else
	echo "skip: PostgreSQL: $pg_why"
fi

echo "copies_maintain: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
