#!/bin/bash
# PostgreSQL as the store (issue 18), on a private server (pg_lib.sh):
# its schema read back against SQLite's; the same inputs give the same
# claims, listings and report on both; four ingests at once store each
# document once; a server that is down and a refused login are one line
# naming the database, without its password. Skipped (77) when no server
# can be started.
. "$(dirname "$0")/lib.sh"
# lib.sh made $tmp the working folder: the tree is $root.
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"

rules=$root/rules
lite=$tmp/lite.db
pg_createdb parity
url=$(pg_url parity)
mkdir -p in
cp "$fx"/article-2022-02-18.txt "$fx"/stance/*.txt "$fx"/newsroom/*.txt in/

# ---- the schema ----
run ingest --rules "$rules" --db "$lite" in
expect_status "ingest into SQLite" 0
run ingest --rules "$rules" --db "$url" in
expect_status "ingest into PostgreSQL" 0
expect_no_match "the password is not printed" "$out$err" 's3cret'
schema=$(PGPASSWORD=$pg_pass python3 "$root/tests/cli/pg_schema.py" "$lite" \
	psql -X -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d parity -Atc 2>&1)
expect_match "the two catalogs are in step" "$schema" ' 0 differences$'
run db stats --db "$lite" --format json
lite_schema=$(grep -Eo '"schema": [0-9]+' <<<"$out")
run db stats --db "$url" --format json
# The latest schema: as many as there are migrations.
n_schema=$(find "$root/db/pg" -name '[0-9][0-9][0-9]_*.sql' | wc -l)
expect_match "db stats: schema $n_schema" "$out" "\"schema\": $n_schema,"
expect_match "db stats: the schema of SQLite's (${lite_schema:-none})" "$out" "^ *${lite_schema:-no schema},"

# ---- the same record ----
same() {
	local name=$1
	shift
	run "$@" --db "$lite"
	local a=$out s1=$status
	run "$@" --db "$url"
	if [ "$s1" -eq 0 ] && [ "$status" -eq 0 ] && [ "$a" = "$out" ] && [ -n "$out" ]; then
		ok "$name: the same on both"
	else
		not_ok "$name differs" "$(diff <(echo "$a") <(echo "$out") | head -20)
$err"
	fi
}
same "claims --format json" claims --format json
same "claims --stance refutes" claims --stance refutes --format json
same "speakers" speakers --format json
same "speakers --all" speakers --all --format csv
same "outlets --all" outlets --all --format json
same "propositions" propositions --format json
same "show 2" show 2

# ---- one text twice in a batch: a batch reads its documents' ids at its
# end (ct_store_defer_ids()), and the second is the first one's duplicate ----
mkdir -p twice
cp "$fx"/article-2022-02-18.txt twice/a.txt
cp twice/a.txt twice/b.txt
cp "$fx"/stance/2022-03-10-tolo-mujahid-denies.txt twice/c.txt
pg_createdb twice
run ingest --rules "$rules" --db "$tmp/twice.db" twice
lite_out=$out
run ingest --rules "$rules" --db "$(pg_url twice)" twice
expect_status "ingest of a text twice into PostgreSQL" 0
expect_match "the second copy is the first one's duplicate" "$out" "twice/b.txt: already ingested \\(document 1\\)"
if [ "$out" = "$lite_out" ]; then
	ok "ingest of a text twice: the same output on both"
else
	not_ok "ingest of a text twice differs" "$(diff <(echo "$lite_out") <(echo "$out"))"
fi
run claims --db "$(pg_url twice)" --format json
pg_claims=$out
run claims --db "$tmp/twice.db" --format json
[ "$out" = "$pg_claims" ] && ok "a text twice: the same claims on both" ||
	not_ok "a text twice: claims differ" "$(diff <(echo "$out") <(echo "$pg_claims") | head)"

run ingest --rules "$rules" --db "$url" in
expect_match "ingest again: already ingested" "$out$err" "0 stored .* $(find in -name "*.txt" | wc -l) already ingested"
run report --rules "$rules" --db "$lite" --format json --out rl
run report --rules "$rules" --db "$url" --format json --out rp
expect_status "report on PostgreSQL" 0
strip() { grep -v '"generated' "$1"; }
if [ -f rl/report.json ] && [ "$(strip rl/report.json)" = "$(strip rp/report.json)" ]; then
	ok "report.json: the same on both (but its time)"
else
	not_ok "report.json differs" "$(diff <(strip rl/report.json) <(strip rp/report.json) | head -20)"
fi

# ---- four ingests at once ----
mkdir -p a b
i=0
for f in in/*.txt; do
	for _ in 1 2 3 4 5; do
		i=$((i + 1))
		# Another url (when it has one) and another body: another document.
		{ sed "s|^url \(.*\)|url \1?copy=$i|" "$f"; echo; echo "Copy $i of the story."; } >"a/$i.txt"
	done
done
mv a/1[0-9].txt a/2[0-9].txt b/ 2>/dev/null
pg_createdb conc
pg_createdb one
curl=$(pg_url conc)
"$bin" ingest --rules "$rules" --db "$(pg_url one)" a b >one.out 2>&1
pids=()
for set in "a" "b" "a b" "b a"; do
	# shellcheck disable=SC2086 # the folders are words
	"$bin" ingest --rules "$rules" --db "$curl" $set >"conc.${#pids[@]}" 2>&1 &
	pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
if [ "$failed" = 0 ]; then ok "four concurrent ingests: none failed"; else
	not_ok "four concurrent ingests: $failed failed" "$(grep -h -i 'error' conc.* | head)"; fi
run db stats --db "$curl" --format json
conc_stats=$(grep -E '"(documents|claims|speakers|outlets)"' <<<"$out")
run db stats --db "$(pg_url one)" --format json
one_stats=$(grep -E '"(documents|claims|speakers|outlets)"' <<<"$out")
expect_equal "four ingests at once: the same totals as one" "$conc_stats" "$one_stats"
expect_match "one ingest stored every document" "$one_stats" "\"documents\": $i"
dups=$(PGPASSWORD=$pg_pass psql -X -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d conc -Atc \
	"SELECT count(*) - count(DISTINCT hash) FROM documents")
expect_equal "no document stored twice" "$dups" 0
# Each copy's claim (these documents are copies of a few stories): which
# document is a story's first, and so which copies link to it, depends on
# the order of the commits.
run claims --db "$curl" --format json --copies
a=$out
run claims --db "$(pg_url one)" --format json --copies
# Ids differ with the order documents came in: compare without them.
# The JSON goes on stdin: as an argument it is too long for exec().
norm() { python3 -c '
import json, sys
claims = json.load(sys.stdin)["claims"]
for c in claims:
    for k in ("id", "copy_of", "carried_by"):
        c.pop(k, None)
    c["document"].pop("id", None)
print("\n".join(sorted(json.dumps(c, sort_keys=True) for c in claims)))' <<<"$1"; }
conc_claims=$(norm "$a")
one_claims=$(norm "$out")
expect_match "four ingests at once: claims to compare" "$one_claims" '"proposition"'
if [ "$conc_claims" = "$one_claims" ]; then ok "four ingests at once: the same claims as one"; else
	not_ok "four ingests at once: other claims than one" "$(diff <(echo "$conc_claims") <(echo "$one_claims") | head)"; fi

# ---- errors ----
bad="postgresql://$pg_user:wrong-secret@/parity?host=$pg_sock&port=$pg_port"
run claims --db "$bad"
expect_status "a refused login" 1
expect_match "a refused login says so" "$err" 'postgresql://ct:\*\*\*@/parity.*password authentication failed'
expect_no_match "a refused login does not print the password" "$out$err" 'wrong-secret'
expect_equal "a refused login is one line" "$(wc -l <<<"$err")" 1
CLAIMTRACK_DB=$url run claims --format json
expect_status "CLAIMTRACK_DB selects PostgreSQL" 0
pg_stop
run claims --db "$url"
expect_status "a server that is down" 1
expect_match "a server that is down: names the database" "$err" "^claimtrack: error: postgresql://ct:\*\*\*@/parity.*cannot connect"
expect_no_match "a server that is down: no password" "$out$err" 's3cret'
run ingest --rules "$rules" --db "$url" in
expect_status "ingest with the server down" 1

echo "pg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
