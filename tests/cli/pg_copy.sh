#!/bin/bash
# claimtrack db copy (issue 18): a whole record from SQLite to PostgreSQL
# and back, on a private server (pg_lib.sh), with rows in every table
# (texts, retired claims, reviews, report runs): db stats, claims --format
# json and db check agree on all three; the ids go on from where they
# were; a non-empty target is refused unless --replace; a copy that fails
# half-way leaves the target as it was. Skipped (77) when no server can
# be started.
. "$(dirname "$0")/lib.sh"
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"

cp -r "$root/rules" rules
lite=$tmp/lite.db
back=$tmp/back.db
pg_createdb copy
url=$(pg_url copy)
shown=${url/ct:*@/ct:***@}
# db stats but the path and the sentence index: copy builds the target's
# index whole, while the source's may have texts pending.
stats() {
	"$bin" db stats --db "$1" --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
d.pop("path"); d.pop("sentence_index")
print(json.dumps(d, indent=2))'
}
claims() { "$bin" claims --db "$1" --format json; }

# ---- a record with something in every table ----
"$bin" ingest --rules rules --db "$lite" "$fx"/stance/*.txt "$fx"/newsroom/*.txt >/dev/null 2>&1
claim=$("$bin" claims --db "$lite" --speaker lindqvist --since 2022-11-01 --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["claims"][0]["id"])')
"$bin" review "c$claim" --speaker "Ahmad Zia" --by ana --db "$lite" >/dev/null
cat >rules/extra.rules <<'EOF'
proposition t.soil
  title    Afghan soil is used against other countries
  rev      1
  refutes  not allow anyone to use Afghan soil
end
EOF
"$bin" rematch --rules rules --db "$lite" >/dev/null
rm rules/extra.rules
"$bin" rematch --rules rules --db "$lite" >/dev/null
"$bin" report --rules rules --db "$lite" --out rep >/dev/null
run db stats --db "$lite" --format json
expect_match "the record has retired claims" "$out" '"removed": [1-9]'
# The last document's band keys only noted, as a writer stopped before
# writing them out leaves them (db/018).
noted=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
(d,) = c.execute("SELECT max(document_id) FROM document_bands_recent").fetchone()
(n,) = c.execute("SELECT count(*) FROM document_bands_recent WHERE document_id = ?", (d,)).fetchone()
c.execute("DELETE FROM document_bands_recent WHERE document_id = ?", (d,))
c.execute("INSERT INTO document_bands_pending (document_id) VALUES (?)", (d,))
c.commit()
print(d, n)' "$lite")

# ---- SQLite to PostgreSQL ----
run db copy "$lite" "$url"
expect_status "db copy SQLite to PostgreSQL" 0
expect_match "it says what it copied" "$out" "^copied [0-9]+ documents, [0-9]+ claims \([0-9]+ rows in all\) from $lite to postgresql://ct:\*\*\*@/copy"
expect_no_match "no password" "$out$err" 's3cret'
expect_equal "db stats: the same on both" "$(stats "$url")" "$(stats "$lite")"
if [ "$(claims "$url")" = "$(claims "$lite")" ]; then ok "claims --format json: the same on both"; else
	not_ok "claims differ" "$(diff <(claims "$lite") <(claims "$url") | head)"; fi
run db check --db "$url"
expect_status "db check on the copy" 0
copy_sql() { PGPASSWORD=$pg_pass psql -X -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d copy -Atc "$1"; }
# PostgreSQL reads band keys from their tables only: the noted ones are there.
expect_equal "the noted document's band keys written on PostgreSQL" \
	"$(copy_sql "SELECT document_id, count(*) FROM document_bands_recent WHERE document_id = ${noted% *} GROUP BY document_id" | tr '|' ' ')" "$noted"
expect_equal "and no note left there" "$(copy_sql 'SELECT count(*) FROM document_bands_pending')" 0
run review --all --format json --db "$url"
expect_match "the review came along" "$out" '"value": "Ahmad Zia"'
# Statistics for the planner: last_analyze is set by ANALYZE alone, never
# by autovacuum (last_autoanalyze).
expect_equal "the copy's tables are analyzed" \
	"$(copy_sql "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_stat_user_tables
		WHERE last_analyze IS NOT NULL AND relname IN ('claims', 'documents', 'document_texts', 'sentence_index')")" \
	"claims document_texts documents sentence_index"
expect_equal "the texts, zstd already, are not compressed again (storage external)" \
	"$(copy_sql "SELECT attstorage FROM pg_attribute WHERE attrelid = 'document_texts'::regclass AND attname = 'body'")" e

# ---- and back ----
run db copy --format json "$url" "$back"
expect_status "db copy PostgreSQL to SQLite" 0
py "--format json" 'import json, sys
d = json.loads(sys.argv[1])
assert d["from"] == sys.argv[2] and d["to"] == sys.argv[3] and d["replaced"] == 0, d
assert d["documents"] > 0 and d["claims"] > 0 and d["rows"] > d["claims"], d' "$out" "$shown" "$back"
expect_equal "db stats: the same back" "$(stats "$back")" "$(stats "$lite")"
if [ "$(claims "$back")" = "$(claims "$lite")" ]; then ok "claims --format json: the same back"; else
	not_ok "claims differ back" "$(diff <(claims "$lite") <(claims "$back") | head)"; fi
run db check --db "$back"
expect_status "db check on the copy back" 0

# ---- the ids go on ----
max_doc=$(PGPASSWORD=$pg_pass psql -X -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d copy -Atc "SELECT max(id) FROM documents")
run ingest --rules rules --db "$url" "$fx"/article-2022-02-18.txt
expect_status "ingest into the copy" 0
new_doc=$(PGPASSWORD=$pg_pass psql -X -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d copy -Atc "SELECT max(id) FROM documents")
expect_equal "the next document's id follows the copied ones" "$new_doc" "$((max_doc + 1))"

# ---- a target that is not empty ----
before=$(stats "$url")
run db copy "$lite" "$url"
expect_status "db copy into a record that is not empty" 1
expect_match "refused, saying what to do" "$err" "^claimtrack: error: postgresql://ct:\*\*\*@/copy.*: the target is not empty \([0-9]+ documents, [0-9]+ rows in all\); copy into an empty database, or give --replace"
expect_equal "it is one line" "$(wc -l <<<"$err")" 1
expect_equal "the target is unchanged" "$(stats "$url")" "$before"
run db copy "$lite" "$url" --replace
expect_status "db copy --replace" 0
expect_match "it says what it replaced" "$out" ', replacing [0-9]+ rows \([0-9]+ documents\)$'
expect_equal "--replace: the same as the source" "$(stats "$url")" "$(stats "$lite")"
run db copy "$lite" "$lite"
expect_status "FROM and TO the same" 2

# ---- a copy that fails half-way ----
pg_createdb half
half=$(pg_url half)
"$bin" db stats --db "$half" >/dev/null 2>&1     # read-only: no schema yet
"$bin" ingest --rules rules --db "$half" "$fx"/article-2022-02-18.txt >/dev/null 2>&1
PGPASSWORD=$pg_pass psql -X -q -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d half -c "
CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN IF NEW.id = $claim THEN RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END \$\$;
CREATE TRIGGER boom BEFORE INSERT ON claims FOR EACH ROW EXECUTE FUNCTION boom();"
before=$(stats "$half")
run db copy "$lite" "$half" --replace
expect_status "a copy the target refuses half-way" 1
expect_match "it says why, and that the target is as it was" "$err" "claims: refused by a trigger; it is as it was$"
expect_equal "the target is as it was" "$(stats "$half")" "$before"

echo "pg_copy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
