#!/bin/bash
# CLI tests of copies of one story (issue 21): one wire story carried by ten
# outlets, each with its own headline, byline or footer, is stored as ten
# documents linked to the first; a copy with a rewritten lead is still a
# copy; another story on the same topic is not; the wire credit
# "(Reuters)" is each claim's via; --copy-threshold sets the threshold. The
# texts are the project's own (tests/fixtures/copies). On SQLite, then on
# PostgreSQL when a server can be started (tests/cli/pg_lib.sh).
# Usage: copies_store.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"

rules=(--rules "$root/rules")
corpus=$tmp/corpus
mkdir -p "$corpus"
python3 "$root/tests/cli/copies_corpus.py" "$fx/copies" "$corpus"
# The first copy twice (the same body from the same outlet: a duplicate,
# not stored), so that a batch holds a duplicate before the copies that
# must still find the first.
cp "$corpus/copy-00.txt" "$corpus/again-00.txt"
inputs=("$corpus/copy-00.txt" "$corpus/again-00.txt" "$corpus"/copy-0[1-9].txt "$corpus/lead.txt"
	"$corpus/other.txt")

# The whole check on one database (a SQLite path or a PostgreSQL URL).
check_copies() {
	local db=$1 name=$2
	run ingest "${rules[@]}" --db "$db" --jobs 2 "${inputs[@]}"
	expect_status "$name: ingest" 0
	expect_match "$name: the first is no copy" "$out" '/copy-00\.txt: 3 claims, 2 speakers$'
	expect_match "$name: the first again is a duplicate" "$out" \
		'/again-00\.txt: already ingested \(document 1\)$'
	expect_equal "$name: the nine others are copies of the first" \
		"$(printf '%s\n' "$out" | grep -c '/copy-0[1-9]\.txt: 3 claims, 2 speakers, copy of #1$')" 9
	expect_match "$name: a changed lead is still a copy" "$out" '/lead\.txt: 2 claims, 2 speakers, copy of #1$'
	expect_match "$name: another story on the topic is not" "$out" '/other\.txt: 1 claim, 1 speaker$'
	run claims --db "$db" --format json
	expect_status "$name: claims" 0
	py "$name: claims: each claim of the story once, carried by the ten outlets" '
import json, sys
claims = json.loads(sys.argv[1])["claims"]
got = sorted((c["match"], c["outlet"], len(c["carried_by"])) for c in claims)
assert got == [("Daesh has no presence in Afghanistan", "Kabul Herald", 11),
               ("Daesh has no presence in Afghanistan", "Nangarhar Voice", 1),
               ("ISIS concerns us in Afghanistan", "Kabul Herald", 11),
               ("Islamic State fighters are operating in Afghanistan", "Kabul Herald", 10)], got
first = [c for c in claims if c["match"].startswith("Islamic State")][0]
assert first["carried_by"][:2] == ["Kabul Herald", "Pamir Post"], first["carried_by"]
assert "Ariana Weekly" not in first["carried_by"] and "Nangarhar Voice" not in first["carried_by"]
assert all("copy_of" not in c for c in claims)
' "$out"
	run claims --db "$db"
	expect_match "$name: claims: the table says so" "$out" \
		'^  carried   by 10 outlets: Kabul Herald, Pamir Post, Hindu Kush Times, Oxus Daily, '
	run report "${rules[@]}" --db "$db" --out - --format json
	expect_status "$name: report" 0
	py "$name: report.json: counted once per story, carried by 10 outlets" '
import json, sys
p = [p for p in json.loads(sys.argv[1])["propositions"] if p["id"] == "af.terrorist-presence"][0]
assert (p["counts"]["supports"], p["counts"]["refutes"], p["counts"]["documents"]) == (2, 2, 2), p["counts"]
c = [c for c in p["claims"] if c["match"].startswith("Islamic State")]
assert len(c) == 1 and len(c[0]["carried_by"]) == 10, c
assert [s["claims"] for s in p["supporters"]] == [1], p["supporters"]
' "$out"
	run report "${rules[@]}" --db "$db" --out - --format json --copies
	py "$name: report --copies: each copy counted" '
import json, sys
p = [p for p in json.loads(sys.argv[1])["propositions"] if p["id"] == "af.terrorist-presence"][0]
assert (p["counts"]["supports"], p["counts"]["refutes"]) == (21, 12), p["counts"]
' "$out"
	run report "${rules[@]}" --db "$db" --out - --format md
	expect_match "$name: report.md: carried by" "$out" 'carried by 11 outlets \(Kabul Herald, Pamir Post, '
	run speaker --db "$db" --format json mujahid
	py "$name: speaker: his claim once, Otunbayeva contradicting once" '
import json, sys
p = json.loads(sys.argv[1])["propositions"][0]
assert len(p["claims"]) == 1, len(p["claims"])
assert [(c["speaker"], c["claims"]) for c in p["contradicted_by"]][0] == ("Roza Otunbayeva", 1), p
' "$out"
	run speaker --db "$db" --format json --copies mujahid
	py "$name: speaker --copies: each copy" '
import json, sys
p = json.loads(sys.argv[1])["propositions"][0]
assert len(p["claims"]) == 11, len(p["claims"])
' "$out"
	# check's record of the other story's claim: the wire story's claims once.
	run check "${rules[@]}" --db "$db" --format json "$corpus/other.txt"
	py "$name: check's record counts a story once" '
import json, sys
r = json.loads(sys.argv[1])["claims"][0]["record"]
assert (r["agree_total"], r["contradict_total"]) == (1, 2), r
' "$out"
	run claims --db "$db" --format json --copies
	expect_status "$name: claims --copies" 0
	py "$name: the wire credit is each copy's via, not the other story's" '
import json, sys
claims = json.loads(sys.argv[1])["claims"]
assert len(claims) == 3 * 10 + 2 + 1, len(claims)
for c in claims:
    # The rewritten lead lost the dateline that credited Reuters.
    want = None if c["outlet"] in ("Nangarhar Voice", "Ariana Weekly") else "Reuters"
    assert c["via"] == want, (c["outlet"], c["via"])
    assert c.get("copy_of") == (None if c["outlet"] in ("Kabul Herald", "Nangarhar Voice") else 1), c
' "$out"
}

# One story's body, byte for byte, from three outlets (one with a url, two
# without): three documents, the two later copies of the first, the claims
# carried by three outlets; the same file again is already ingested, and so
# is the same body again without an outlet after one without.
same=$tmp/same
mkdir -p "$same"
i=0
for o in "Logar Times" "Ghazni Tribune" "Zabul News"; do
	i=$((i + 1))
	{ printf 'date 2024-03-05\noutlet %s\ntitle UN monitors report\n' "$o"
	  [ "$i" = 1 ] && printf 'url https://logar.example/un-monitors\n'
	  printf '\n'; cat "$fx/copies/wire.txt"; } >"$same/same-$i.txt"
done
{ printf 'date 2024-03-05\n\n'; cat "$fx/copies/wire.txt"; } >"$same/none-1.txt"
cp "$same/none-1.txt" "$same/none-2.txt"
check_same_body() {
	local db=$1 name=$2
	run ingest "${rules[@]}" --db "$db" "$same"/same-?.txt
	expect_status "$name: same body: ingest" 0
	expect_match "$name: same body: the first" "$out" '/same-1\.txt: 3 claims, 2 speakers$'
	expect_match "$name: same body: another outlet is a copy" "$out" \
		'/same-2\.txt: 3 claims, 2 speakers, copy of #1$'
	expect_match "$name: same body: a third outlet too" "$out" \
		'/same-3\.txt: 3 claims, 2 speakers, copy of #1$'
	run claims --db "$db"
	expect_equal "$name: same body: each claim carried by the three outlets" \
		"$(printf '%s\n' "$out" | grep -c '^  carried   by 3 outlets: Logar Times, Ghazni Tribune, Zabul News$')" 3
	run ingest "${rules[@]}" --db "$db" "$same/same-2.txt"
	expect_match "$name: same body: the same file again is already ingested" "$out" \
		'/same-2\.txt: already ingested \(document 2\)$'
	run ingest "${rules[@]}" --db "$db" "$same/none-1.txt" "$same/none-2.txt"
	expect_match "$name: same body: no outlet, a copy" "$out" '/none-1\.txt: 3 claims, 2 speakers, copy of #1$'
	expect_match "$name: same body: no outlet twice is one document" "$out" \
		'/none-2\.txt: already ingested \(document 4\)$'
	run db check --db "$db"
	expect_status "$name: same body: db check" 0
}

# PostgreSQL: a writer finds the copies of its documents among the keys it
# wrote itself, held in memory, while no other writer writes keys
# (src/store/store_bands.c): a copy in a later batch of the same ingest;
# the story of another writer that committed between two batches (the
# second batch waits on a FIFO); the keys there before an ingest began.
# The rows of the log of key writes (db/pg/019) in database writers.
log_rows() {
	PGPASSWORD=$pg_pass psql -X -q -h "$pg_sock" -p "$pg_port" -U "$pg_user" -d writers \
		-Atc "SELECT count(*) FROM document_bands_log"
}

check_writers() {
	local url w ing line logged
	pg_createdb writers
	url=$(pg_url writers)
	w=$tmp/writers
	mkdir -p "$w"
	for o in "Logar Times" "Zabul News" "Paktia Post"; do
		{ printf 'date 2024-03-05\noutlet %s\ntitle UN monitors report\n\n' "$o"
		  cat "$fx/copies/wire.txt"; } >"$w/${o%% *}.txt"
	done
	for o in "Kabul Herald" "Kunar Daily" "Nangarhar Voice"; do
		{ printf 'date 2024-03-05\noutlet %s\ntitle Bomb on the highway\n\n' "$o"
		  cat "$fx/copies/other.txt"; } >"$w/${o%% *}.txt"
	done
	run ingest "${rules[@]}" --db "$url" --batch 1 "$w/Kabul.txt" "$w/Kunar.txt"
	expect_match "pg writers: a story" "$out" '/Kabul\.txt: [^,]*claims?, [^,]*speakers?$'
	expect_match "pg writers: its copy in the ingest's next batch" "$out" '/Kunar\.txt: .*, copy of #1$'
	mkfifo "$w/held.txt" "$w/held.out"
	"$bin" ingest "${rules[@]}" --db "$url" "$w/Nangarhar.txt" "$w/held.txt" \
		>"$w/held.out" 2>"$w/held.err" &
	ing=$!
	exec 9<"$w/held.out"
	exec 8>"$w/held.txt"    # returns once the ingest reads the FIFO
	read -r line <&9        # its first batch committed
	expect_match "pg writers: a copy of a story there before the ingest began" "$line" \
		'/Nangarhar\.txt: .*, copy of #1$'
	run ingest "${rules[@]}" --db "$url" "$w/Logar.txt"
	expect_match "pg writers: another writer's story meanwhile" "$out" '/Logar\.txt: [^,]*claims?, [^,]*speakers?$'
	# The log of key writes is kept while a writer that reads it runs.
	logged=$(log_rows)
	run db maintain --db "$url"
	expect_status "pg writers: db maintain while a writer runs" 0
	expect_equal "pg writers: the log is kept while a writer runs" "$(log_rows)" "$((logged + 1))"
	cat "$w/Zabul.txt" >&8
	exec 8>&-
	line=$(cat <&9)          # to its end
	exec 9<&-
	wait "$ing"
	expect_equal "pg writers: the waiting ingest ends well" "$?" 0
	expect_match "pg writers: its next batch finds the other writer's story" "$line" \
		'/held\.txt: .*, copy of #4$'
	run db maintain --db "$url"
	expect_equal "pg writers: db maintain empties the log when no writer runs" "$(log_rows)" 0
	run ingest "${rules[@]}" --db "$url" "$w/Paktia.txt"
	expect_match "pg writers: a later ingest finds it too" "$out" '/Paktia\.txt: .*, copy of #4$'
	run db check --db "$url"
	expect_status "pg writers: db check" 0
}

# ---- SQLite ----
check_copies "$tmp/copies.db" sqlite
check_same_body "$tmp/same.db" sqlite
db=$tmp/copies.db

# The ingest line in JSON says which story a copy belongs to.
run ingest "${rules[@]}" --db "$tmp/json.db" --format json "$corpus/copy-00.txt" "$corpus/copy-01.txt"
py "ingest --format json: copy_of" '
import json, sys
docs = json.loads(sys.argv[1])["documents"]
assert "copy_of" not in docs[0], docs[0]
assert docs[1]["copy_of"] == docs[0]["id"], docs[1]
' "$out"

# ---- --copy-threshold ----
run ingest "${rules[@]}" --db "$tmp/off.db" --copy-threshold off "${inputs[@]}"
expect_status "--copy-threshold off" 0
expect_no_match "--copy-threshold off: no copies" "$out" 'copy of'
run ingest "${rules[@]}" --db "$tmp/off.db" --copy-threshold 0.3 "$corpus/copy-00.txt"
expect_match "the same body again is the same document, not a copy" "$out" 'already ingested \(document 1\)$'
for bad in 0 1.5 x -0.3; do
	run ingest "${rules[@]}" --db "$tmp/bad.db" --copy-threshold "$bad" "$corpus/copy-00.txt"
	expect_status "--copy-threshold $bad: a usage error" 2
	expect_match "--copy-threshold $bad: says what it takes" "$err" \
		"--copy-threshold needs a number from 0\\.01 to 1, or 'off', not '$bad'"
done
run ingest --help
expect_match "ingest --help documents --copy-threshold" "$out" '--copy-threshold S +similarity from which'

# ---- db check ----
run db check --db "$db"
expect_status "db check: the links hold" 0
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE documents SET copy_of = 2 WHERE id = 3"); c.commit()' "$db"
run db check --db "$db"
expect_status "db check: a copy of a copy is a problem" 1
expect_match "db check: says which" "$out$err" 'document 3 is a copy of document 2, which is not the first of a story'

# ---- PostgreSQL ----
if pg_start; then
	pg_createdb copies
	check_copies "$(pg_url copies)" pg
	pg_createdb same
	check_same_body "$(pg_url same)" pg
	check_writers
else
	echo "skip: PostgreSQL: $pg_why"
fi

echo "copies_store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
