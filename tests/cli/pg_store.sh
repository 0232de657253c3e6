#!/bin/bash
# PostgreSQL as the store (issue 18), the commands beyond pg.sh's, on a
# private server (pg_lib.sh), each against SQLite on the same inputs:
# `db stats` and `db check` (also on a record damaged the same way in
# both, and PostgreSQL's own integrity: an invalid index, a constraint
# not validated, a foreign key a superuser switched off); `nightly`'s
# database lock (held by a psql session, then by another nightly
# waiting on a FIFO); rematch with changed rules; review; fetch records
# (conditional requests); a connection dropped mid-ingest. Skipped (77)
# when no server can be started.
. "$(dirname "$0")/lib.sh"
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"
start_server
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; pg_stop; rm -rf "$tmp"' EXIT

cp -r "$root/rules" rules
lite=$tmp/lite.db
pg_createdb rec
url=$(pg_url rec)
psql_rec() { PGPASSWORD=$pg_pass psql -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d rec -Atc "$1"; }

# hold_lock DB KEY IN OUT: a psql session on DB, driven through the FIFOs
# IN and OUT (made here; fds 5 and 6), takes advisory lock KEY; psql_pid
# is its process, line "locked" once it holds the lock.
hold_lock() {
	mkfifo "$3" "$4"
	PGPASSWORD=$pg_pass psql -X -q -At -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d "$1" \
		<"$3" >"$4" 2>&1 &
	psql_pid=$!
	exec 5>"$3" 6<"$4"
	printf '%s\n' "SELECT pg_advisory_lock($2);" '\echo locked' >&5
	while read -r line <&6 && [ "$line" != locked ]; do :; done
}

# Times ISO 8601 (a review's, a report's) as TIME.
untimed() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g' <<<"$1"; }
# same NAME ARGS...: the command gives the same status and output on
# both, but for the database's name and times; SORTED=1: in any order;
# NOIDS=1: but for the claims' ids.
same() {
	local name=$1
	shift
	run "$@" --db "$lite"
	local a s1=$status
	a=$(untimed "${out//$lite/DB}")
	run "$@" --db "$url"
	out=$(untimed "${out//"${url/ct:*@/ct:***@}"/DB}")
	if [ -n "${NOIDS:-}" ]; then
		a=$(grep -v '^      "id": ' <<<"$a")
		out=$(grep -v '^      "id": ' <<<"$out")
	fi
	if [ -n "${SORTED:-}" ]; then
		a=$(sort <<<"$a")
		out=$(sort <<<"$out")
	fi
	if [ "$s1" -eq "$status" ] && [ "$a" = "$out" ] && [ -n "$out" ]; then
		ok "$name: the same on both (exit $status)"
	else
		not_ok "$name differs (exit $s1 and $status)" "$(diff <(echo "$a") <(echo "$out") | head -20)
$err"
	fi
}
# both ARGS...: runs the command on both, quietly (for changes made on both).
both() {
	"$bin" "$@" --db "$lite" >/dev/null 2>&1
	local s1=$?
	"$bin" "$@" --db "$url" >/dev/null 2>&1
	[ "$s1" -eq $? ] || not_ok "$* gave different statuses on the two"
}
# stats DB: db stats --format json without its path.
stats() { "$bin" db stats --db "$1" --format json | grep -v '"path"'; }

# ---- db stats and db check ----
run ingest --rules rules --db "$lite" "$fx"/stance/*.txt "$fx"/article-2022-02-18.txt
run ingest --rules rules --db "$url" "$fx"/stance/*.txt "$fx"/article-2022-02-18.txt
expect_status "ingest into PostgreSQL" 0
expect_equal "db stats: the same on both" "$(stats "$url")" "$(stats "$lite")"
run db check --db "$url"
expect_status "db check on PostgreSQL" 0
expect_match "db check: ok" "$out" '^db check: ok \(6 documents, [0-9]+ claims\)$'
expect_no_match "db check: no password" "$out$err" 's3cret'

# The same damage in both: claimtrack's checks find the same problems.
damage="UPDATE documents SET n_claims = n_claims + 1 WHERE id = 1;
UPDATE claims SET statement_date = '2022-02-30' WHERE id = 2;
UPDATE claims SET match_start = match_start + 1 WHERE id = 3;
UPDATE documents SET hash = 'XYZ' WHERE id = 3;
UPDATE documents SET date = '2023-02-29' WHERE id = 4;
UPDATE documents SET date = '2024-02-29' WHERE id = 5;
UPDATE claims SET date = '2024-02-29' WHERE document_id = 5;
UPDATE claims SET reviewed = 1 WHERE id = 6;"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2] + "PRAGMA foreign_keys = OFF; UPDATE claims SET proposition_pk = 999 WHERE id = 7;")
c.commit()' "$lite" "$damage"
psql_rec "$damage SET session_replication_role = replica; UPDATE claims SET proposition_pk = 999 WHERE id = 7;"
problems() { "$bin" db check --db "$1" --format json | python3 -c '
import json, sys
print("\n".join(sorted(p for p in json.load(sys.stdin)["problems"] if not p.startswith("integrity:"))))'; }
lp=$(problems "$lite")
pp=$(problems "$url")
expect_equal "db check: the same problems on both" "$pp" "$lp"
for re in 'document 1 .* has [0-9]+ claims?, [0-9]+ were written' "claim 2: statement date '2022-02-30' is not a date" \
	'claim 3: the match is not' "document 3: hash 'XYZ' is not 16 hex" "document 4: date '2023-02-29' is not a date" \
	'claim 6 is marked reviewed' '^claims row 7 refers to a missing row of propositions$' \
	'claim 7 refers to proposition row 999'; do
	expect_match "db check on PostgreSQL finds: $re" "$pp" "$re"
done
expect_no_match "2024-02-29 is a day" "$pp" "'2024-02-29' is not"
run db check --db "$url"
expect_status "a damaged record: db check fails" 1
psql_rec "UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = 'documents_by_date'::regclass;
ALTER TABLE claims ADD CONSTRAINT claims_positive CHECK (id > 0) NOT VALID;"
run db check --db "$url" --format json
expect_match "an index left invalid" "$out" 'integrity: index documents_by_date on documents is not valid'
expect_match "a constraint not validated" "$out" 'integrity: constraint claims_positive on claims is not validated'

# ---- rematch with changed rules ----
pg_createdb re
url=$(pg_url re)
rm -f "$lite"
for db in "$lite" "$url"; do "$bin" ingest --rules rules --db "$db" "$fx"/stance/*.txt >/dev/null 2>&1; done
cat >rules/extra.rules <<'EOF'
proposition t.soil
  title    Afghan soil is used against other countries
  rev      1
  refutes  not allow anyone to use Afghan soil
end
EOF
same "rematch --dry-run: a new proposition" rematch --rules rules --dry-run --format json
same "rematch: a new proposition" rematch --rules rules --format json
# A dry run's transaction is rolled back: on PostgreSQL the ids it took
# from the claims' identity are not given again (SQLite's max + 1 are).
NOIDS=1 same "claims after it, but their ids" claims --format json
cat >rules/extra.rules <<'EOF'
proposition t.soil
  title    Afghan soil is used against other countries
  rev      1
  refutes  not allow anyone to use Afghan soil
  supports ISIS fighters are active
end
EOF
same "rematch: a changed pattern" rematch --rules rules --format json
rm rules/extra.rules
same "rematch: a removed proposition" rematch --rules rules --format json
same "rematch again: nothing to do" rematch --rules rules
expect_equal "retired claims counted the same" "$(stats "$url")" "$(stats "$lite")"
run db check --db "$url"
expect_status "db check after rematches" 0

# ---- review ----
claim=$("$bin" claims --db "$url" --speaker lindqvist --since 2022-11-01 --format json |
	python3 -c 'import json,sys; c=json.load(sys.stdin)["claims"]; assert len(c)==1; print(c[0]["id"])')
review_step() {
	local name=$1
	shift
	run review "$@" --db "$lite"
	local a s1=$status
	a=$(untimed "${out//$lite/DB}${err//$lite/DB}")
	run review "$@" --db "$url"
	out=$out$err
	out=${out//"${url/ct:*@/ct:***@}"/DB}
	if [ "$s1" -eq "$status" ] && [ "$a" = "$(untimed "$out")" ]; then
		ok "review $name: the same on both (exit $status)"
	else
		not_ok "review $name differs (exit $s1 and $status)" "$(diff <(echo "$a") <(untimed "$out"))"
	fi
	same "claims after review $name" claims --format json
}
review_step "--speaker" "c$claim" --speaker "Ahmad Zia" --by ana --note "the quote is Zia's"
review_step "--speaker again (nothing to change)" "c$claim" --speaker "Ahmad Zia" --by ana
review_step "--stance" "c$claim" --stance refutes --by bob
review_step "--undo" "c$claim" --undo --by bob
review_step "--reject" "c$claim" --reject --by ana
review_step "--accept" "c$claim" --accept --by ana
run review --all --format json --db "$url"
a=$(untimed "$out")
run review --all --format json --db "$lite"
expect_equal "the reviews listed: the same on both" "$a" "$(untimed "$out")"
expect_equal "stats after reviews: the same on both" "$(stats "$url")" "$(stats "$lite")"
run db check --db "$url"
expect_status "db check after reviews" 0

# ---- fetch records ----
pg_createdb fetch
url=$(pg_url fetch)
rm -f "$lite"
pages=("$B/page/101" "$B/page/102" "$B/empty.html")
SORTED=1 same "ingest URLs (fetched in parallel)" ingest --rules rules --allow-private "${pages[@]}"
n_before=$(python3 -c 'import json,sys,urllib.request as u; print(json.load(u.urlopen(sys.argv[1]+"/_stats"))["not_modified"].get("/empty.html", 0))' "$B")
run ingest --rules rules --allow-private --db "$url" "${pages[@]}"
expect_status "ingest the same URLs again into PostgreSQL" 0
expect_match "a stored page is not fetched again" "$out" "^$B/page/101: already ingested \(document [0-9]+\)$"
expect_match "the empty page: a conditional request from its fetch record" "$out" "^$B/empty\.html: not changed, skipped$"
n_after=$(python3 -c 'import json,sys,urllib.request as u; print(json.load(u.urlopen(sys.argv[1]+"/_stats"))["not_modified"].get("/empty.html", 0))' "$B")
expect_equal "the server answered 304" "$n_after" "$((n_before + 1))"

# ---- nightly: one at a time on a database ----
pg_createdb night
url=$(pg_url night)
"$bin" ingest --rules rules --db "$url" "$fx"/stance/*.txt >/dev/null 2>&1
: >empty.list
# A psql session, driven through a FIFO, holds nightly's lock.
hold_lock night 1131174989 psql.in psql.out
expect_equal "psql holds the lock" "$line" locked
run nightly --rules rules --db "$url" --sources empty.list --out r1
expect_status "a nightly while another holds the database's lock" 1
expect_match "it says another nightly runs, and which" "$err" \
	"^claimtrack: error: another nightly is running on postgresql://ct:\*\*\*@/night.* \(server process [0-9]+, connected from this host's socket since [0-9T:-]+Z\); let it finish"
expect_equal "it says so in one line" "$(wc -l <<<"$err")" 1
expect_equal "it wrote no report" "$(find r1 -mindepth 1 -maxdepth 1 -name '2*' 2>/dev/null | wc -l)" 0
printf '%s\n' '\q' >&5
exec 5>&- 6<&-
wait "$psql_pid"
run nightly --rules rules --db "$url" --sources empty.list --out r1
expect_status "once the lock is let go, nightly runs" 0
# A nightly waiting on its sources (a FIFO) holds it; a second one, with
# its own reports folder (another machine), is refused.
mkfifo held.list
"$bin" nightly --rules rules --db "$url" --sources held.list --out r2 >n1.out 2>n1.err &
n1=$!
exec 7>held.list    # returns once the first nightly, holding the lock, reads its sources
run nightly --rules rules --db "$url" --sources empty.list --out r3
expect_status "a second nightly, from another reports folder" 1
expect_match "refused: another nightly is running" "$err" "another nightly is running on postgresql://ct:\*\*\*@/night"
exec 7>&-
wait "$n1"
expect_equal "the first nightly completes" "$?" 0
expect_match "and reports (nothing new)" "$(cat n1.out)" "^nothing new since the last nightly report"

# ---- a connection dropped in the middle of an ingest ----
pg_createdb drop
url=$(pg_url drop)
mkfifo held.txt
"$bin" ingest --rules rules --db "$url" "$fx"/stance/*.txt held.txt >drop.out 2>drop.err &
ing=$!
exec 8>held.txt     # returns once ingest reads the FIFO, its connections open
pg_psql "SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity WHERE datname = 'drop' AND application_name = 'claimtrack'" >/dev/null
sed 's/^title .*/title Held/' "$fx/article-2022-02-18.txt" >&8
exec 8>&-
wait "$ing"
expect_equal "a dropped connection: exit 1" "$?" 1
derr=$(cat drop.err)
expect_match "it says the connection was lost, naming the database" "$derr" \
	'error: postgresql://ct:\*\*\*@/drop.*: the connection to the server was lost$'
expect_match "and where it stopped" "$derr" '^claimtrack: stopped after [0-9]+ of 6 inputs: the database failed$'
expect_no_match "no password" "$derr$(cat drop.out)" 's3cret'
run db check --db "$url"
expect_status "nothing half-stored: db check passes" 0
stored=$(grep -c ': [0-9]* claims\?, ' drop.out)
run db stats --db "$url" --format json
expect_match "the documents said stored are the documents stored" "$out" "\"documents\": $stored,"
run ingest --rules rules --db "$url" "$fx"/stance/*.txt
expect_status "ingest again after the drop" 0
run db check --db "$url"
expect_status "db check after it" 0

# ---- a batch's new speaker while another writer holds the write lock ----
# A batch inserts a new speaker on its second connection. While a writer
# holds the write lock (psql here, as a writer recording rules would), it
# must not wait for the lock there, out of the server's sight (with the
# holder waiting for the batch, four ingests once hung for good), but in
# its own transaction, where the server sees the wait. The ingest stores
# a first document (recording the rules, which takes the lock), then
# waits on a FIFO for the second while psql takes the lock.
pg_createdb side
url=$(pg_url side)
mkfifo side.txt side.log
"$bin" ingest --rules rules --db "$url" "$fx"/stance/2022-05-02-khaama-monitors.txt side.txt \
	>side.log 2>side.err &
ing=$!
exec 9<side.log
read -r first <&9
expect_match "the first document is stored" "$first" 'khaama-monitors.txt: [0-9]+ claim'
hold_lock side 1131174988 side.in side.out
expect_equal "psql holds the write lock" "$line" locked
cat "$fx/article-2022-02-18.txt" >side.txt
# The ingest's wait, once it waits: psql, in a statement of its own, goes
# on when a backend of the ingest waits for an advisory lock (or none is
# left: the ingest failed), then prints the queries of those that wait.
# The ingest cannot go on until psql lets the lock go.
printf '%s\n' "DO \$\$ BEGIN LOOP PERFORM pg_stat_clear_snapshot(); EXIT WHEN EXISTS (SELECT FROM pg_stat_activity WHERE datname = 'side' AND application_name = 'claimtrack' AND wait_event_type = 'Lock' AND wait_event = 'advisory') OR NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = 'side' AND application_name = 'claimtrack'); END LOOP; END \$\$;" \
	"SELECT coalesce(string_agg(query, ' | '), '') FROM pg_stat_activity WHERE datname = 'side' AND application_name = 'claimtrack' AND wait_event_type = 'Lock' AND wait_event = 'advisory';" \
	'\echo end-of-rows' >&5
waiting=
while read -r line <&6 && [ "$line" != end-of-rows ]; do waiting+=$line; done
expect_match "the batch waits for the write lock" "$waiting" 'pg_advisory_xact_lock\(1131174988\)'
expect_no_match "not on its second connection" "$waiting" 'INSERT INTO speakers'
printf '%s\n' '\q' >&5
exec 5>&- 6<&-
wait "$psql_pid"
rest=$(cat <&9)
exec 9<&-
wait "$ing"
expect_equal "once the lock is let go, the ingest stores it" "$?" 0
expect_match "the second document too" "$rest" 'side.txt: [0-9]+ claim'

echo "pg_store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
