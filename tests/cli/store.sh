#!/bin/bash
# CLI tests of the store: ingest, claims, propositions, speakers, outlets,
# db stats and db check, on temp databases. Hostile inputs, a database from
# a newer claimtrack, and ingests killed midway.
# Usage: store.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

seed=$fx/article-2022-02-18.txt

# stat_of DB KEY: one number from 'db stats --format json'.
stat_of() {
	"$bin" --db "$1" db stats --format json 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}

rules=(--rules "$root/rules")
db=$tmp/t.db

# ---- help and usage errors ----
for args in "ingest --help" "claims --help" "propositions --help" "speakers --help" \
	    "outlets --help" "db --help" "db stats --help" "db check --help" "help ingest"; do
	# shellcheck disable=SC2086
	run $args
	expect_status "$args" 0
	expect_match "$args shows usage" "$out" '^usage: claimtrack'
done
run --help
expect_match "the command list has ingest" "$out" '^  ingest '
expect_match "the command list has db" "$out" '^  db '

run ingest "${rules[@]}" --db "$db"
expect_status "ingest without input" 2
run ingest "${rules[@]}" --db "$db" --date 2022-02-30 "$seed"
expect_status "ingest with an impossible --date" 2
expect_match "the bad date is named" "$err" "2022-02-30"
run ingest "${rules[@]}" --db "$db" --url https://x.org/1 "$seed" "$seed"
expect_status "--url with two inputs" 2
run claims --db "$db" --stance maybe
expect_status "claims with a bad stance" 2
run claims --db "$db" --since yesterday
expect_status "claims with a bad --since" 2
run claims --db "$db" --format yaml
expect_status "claims with a bad format" 2
run db
expect_status "db without a subcommand" 2
run db frob
expect_status "db with an unknown subcommand" 2
[ ! -e "$db" ] && ok "usage errors create no database" || not_ok "usage errors created $db"

run claims --db "$tmp/nowhere.db"
expect_status "claims on a missing database" 1
expect_match "the missing database is named" "$err" "nowhere\.db: no database here"
[ ! -e "$tmp/nowhere.db" ] && ok "reading does not create a database" || not_ok "claims created nowhere.db"

# ---- ingest the seed, twice ----
run ingest "${rules[@]}" --db "$db" "$seed"
expect_status "ingest the seed" 0
expect_match "a line for the seed" "$out" 'article-2022-02-18\.txt: [1-9][0-9]* claims?, [0-9]+ speakers?$'
expect_match "a total line" "$out" '^total: 1 stored \([1-9][0-9]* claims?\)'
n_claims=$(stat_of "$db" claims)
if [ "${n_claims:-0}" -gt 0 ]; then ok "claims stored ($n_claims)"; else not_ok "no claims stored"; fi
expect_equal "one document" "$(stat_of "$db" documents)" 1

run ingest "${rules[@]}" --db "$db" "$seed"
expect_status "ingest the seed again" 0
expect_match "the second time says so" "$out" 'article-2022-02-18\.txt: already ingested \(document 1\)$'
expect_equal "claim count unchanged" "$(stat_of "$db" claims)" "$n_claims"
expect_equal "document count unchanged" "$(stat_of "$db" documents)" 1

# The same text under another name and url is still the same document.
cp "$seed" "$tmp/renamed.txt"
run ingest "${rules[@]}" --db "$db" "$tmp/renamed.txt"
expect_match "a renamed copy is already ingested" "$out" 'renamed\.txt: already ingested'

# ---- where the database is ----
mkdir -p "$tmp/cwd"
(cd "$tmp/cwd" && "$bin" ingest "${rules[@]}" "$seed" >/dev/null 2>&1)
[ -f "$tmp/cwd/db/claimtrack.db" ] && ok "default database db/claimtrack.db, folder created" ||
	not_ok "no db/claimtrack.db in the working folder"
CLAIMTRACK_DB=$tmp/env.db run ingest "${rules[@]}" "$seed"
expect_status "ingest with CLAIMTRACK_DB" 0
[ -f "$tmp/env.db" ] && ok "CLAIMTRACK_DB is the database" || not_ok "CLAIMTRACK_DB was not used"
CLAIMTRACK_DB=$tmp/env.db run --db "$tmp/flag.db" ingest "${rules[@]}" "$seed"
[ -f "$tmp/flag.db" ] && ok "--db overrides CLAIMTRACK_DB" || not_ok "--db did not override CLAIMTRACK_DB"
CLAIMTRACK_DB=$tmp/env.db run db stats --format json
expect_match "CLAIMTRACK_DB for reading too" "$out" '"documents": 1'

# ---- an outlet and a date from the command line; stdin ----
printf 'There are no terrorists in Afghanistan, the ministry said.\n' >"$tmp/short.txt"
run ingest "${rules[@]}" --db "$db" --date 2021-05-06 --outlet TOLOnews --title "Short one" \
	--url https://example.org/short "$tmp/short.txt"
expect_status "ingest with --date --outlet --title --url" 0
"$bin" ingest "${rules[@]}" --db "$db" --date 2021-07-08 - >"$tmp/out" 2>&1 <<<"ISIS concerns us in Afghanistan, a general said."
expect_match "ingest reads stdin" "$(cat "$tmp/out")" '^-: [0-9]+ claims?'

# ---- claims: JSON, CSV, filters ----
run claims --db "$db" --format json
expect_status "claims --format json" 0
cp "$tmp/out" "$tmp/all.json"
py "claims JSON has the documented fields" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert len(c) == int(sys.argv[2]), (len(c), sys.argv[2])
for x in c:
    for k in ("id", "proposition", "title", "stance", "hedged", "negated", "match", "sentence",
              "rule", "speaker", "speaker_kind", "role", "via", "outlet", "date",
              "statement_date", "document"):
        assert k in x, k
    for k in ("file", "line", "rev"):
        assert k in x["rule"], k
    for k in ("id", "url", "title"):
        assert k in x["document"], k
    assert x["stance"] in ("supports", "refutes")
    assert x["speaker_kind"] in ("narrator", "person", "organization", "group")
    assert x["match"] in " ".join(x["sentence"].split()) or x["match"] in x["sentence"]
short = [x for x in c if x["document"]["url"] == "https://example.org/short"]
assert short and all(x["outlet"] == "Tolo News" and x["date"] == "2021-05-06" for x in short), short
assert all(x["document"]["title"] == "Short one" for x in short)
dates = [x["date"] for x in c]
assert dates == sorted(dates), dates
' "$tmp/all.json" "$((n_claims + 2))"

run claims --db "$db" --format csv
expect_status "claims --format csv" 0
py "claims CSV has a header and a row per claim" '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:6] == ["id", "date", "statement_date", "proposition", "rev", "stance"], rows[0]
c = json.load(open(sys.argv[2]))["claims"]
assert len(rows) == len(c) + 1, (len(rows), len(c))
assert all(len(r) == len(rows[0]) for r in rows)
' "$tmp/out" "$tmp/all.json"

py "filters agree with the full list" '
import json, subprocess, sys
bin, db = sys.argv[1], sys.argv[2]
allc = json.load(open(sys.argv[3]))["claims"]
def q(*args):
    out = subprocess.run([bin, "--db", db, "claims", "--format", "json", *args],
                         capture_output=True, text=True, check=True).stdout
    return [x["id"] for x in json.loads(out)["claims"]]
def ids(pred):
    return [x["id"] for x in allc if pred(x)]
assert q("--proposition", "af.terrorist-presence") == ids(lambda x: x["proposition"] == "af.terrorist-presence")
assert q("--stance", "refutes") == ids(lambda x: x["stance"] == "refutes")
assert q("--stance", "supports") == ids(lambda x: x["stance"] == "supports")
assert q("--since", "2022-01-01") == ids(lambda x: x["date"] and x["date"] >= "2022-01-01")
assert q("--until", "2021-06-30") == ids(lambda x: x["date"] and x["date"] <= "2021-06-30")
assert q("--since", "2021-06-01", "--until", "2021-12-31") == ids(lambda x: x["date"] and "2021-06-01" <= x["date"] <= "2021-12-31")
assert q("--outlet", "tolo news") == ids(lambda x: x["outlet"] == "Tolo News")
assert q("--outlet", "TOLOnews") == ids(lambda x: x["outlet"] == "Tolo News")
named = [x["speaker"] for x in allc if x["speaker"]]
assert named, "no claim has a speaker"
sp = named[0]
got = q("--speaker", sp.upper())
assert got and got == ids(lambda x: x["speaker"] == sp), (sp, got)
assert q("--since", "2030-01-01") == []
first = allc[0]["document"]["id"]
assert q("--document", str(first)) == ids(lambda x: x["document"]["id"] == first)
' "$bin" "$db" "$tmp/all.json"

run claims --db "$db" --since 2030-01-01
expect_match "no claims match says so" "$out" '^no claims match$'
run claims --db "$db" --proposition af.terrorist-presence
expect_match "claims table shows the speaker line" "$out" '^  speaker   '
expect_match "claims table ends with a count" "$out" '^[0-9]+ claims? \([0-9]+ supports, [0-9]+ refutes\)$'

# A sentence that starts like a spreadsheet formula is defused in CSV.
printf '=HYPERLINK("http://evil") There are no terrorists in Afghanistan.\n' >"$tmp/formula.txt"
run ingest "${rules[@]}" --db "$tmp/formula.db" "$tmp/formula.txt"
run claims --db "$tmp/formula.db" --format csv
py "CSV cells starting with = get a leading quote" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows, "no claim"
assert rows[0]["sentence"].startswith("'\''=HYPERLINK"), rows[0]["sentence"]
' "$tmp/out"

# ---- listings and stats ----
for what in propositions speakers outlets; do
	run "$what" --db "$db" --format json
	expect_status "$what --format json" 0
	py "$what JSON is a list with counts" '
import json, sys
d = json.load(open(sys.argv[1]))[sys.argv[2]]
assert d
for x in d:
    for k in ("claims", "supports", "refutes", "hedged", "documents", "first_date", "last_date"):
        assert k in x, k
    assert x["claims"] == x["supports"] + x["refutes"]
' "$tmp/out" "$what"
	run "$what" --db "$db"
	expect_status "$what table" 0
done
run propositions --db "$db" --format json
py "proposition counts add up to the claims" '
import json, sys
d = json.load(open(sys.argv[1]))["propositions"]
assert sum(x["claims"] for x in d) == int(sys.argv[2])
assert any(x["id"] == "af.terrorist-presence" and x["claims"] > 0 for x in d)
' "$tmp/out" "$((n_claims + 2))"
run speakers --db "$db" --format json
py "speaker blocks are listed as from the rules" '
import json, sys
d = json.load(open(sys.argv[1]))["speakers"]
ken = [x for x in d if x["name"] == "Kenneth McKenzie"]
assert ken and ken[0]["from_rules"] and ken[0]["aliases"] >= 1, ken
assert not any(x["name"] == "Gen. McKenzie" for x in d)
' "$tmp/out"

run db stats --db "$db" --format json
expect_status "db stats --format json" 0
py "db stats JSON keys" '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("documents", "claims", "speakers", "outlets", "propositions"):
    assert isinstance(d[k], int), k
assert d["documents"] == 3 and d["claims"] == int(sys.argv[2]), d
' "$tmp/out" "$((n_claims + 2))"
run db stats --db "$db"
expect_match "db stats table" "$out" '^documents +3$'
expect_match "db stats names the database given after the command" "$out" "^database +$db\$"
run --db "$db" db check
expect_match "db check names the database in problems it would print" "$out" '^db check: ok'

run db check --db "$db"
expect_status "db check on a good database" 0
expect_match "db check says ok" "$out" '^db check: ok \(3 documents, [0-9]+ claims\)$'

# A tampered copy fails the check and names the problem.
cp "$db" "$tmp/tampered.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM claims WHERE id = (SELECT max(id) FROM claims)"); c.execute("UPDATE claims SET match_start = sentence_end + 5 WHERE id = 1"); c.commit()' "$tmp/tampered.db"
run db check --db "$tmp/tampered.db"
expect_status "db check on a tampered database" 1
expect_match "a missing claim is named" "$out" 'problem: document [0-9]+ .* has [0-9]+ claims?, [0-9]+ (was|were) written'
expect_match "bad offsets are named" "$out" 'problem: claim 1: offsets out of order'
expect_match "the problems are counted" "$out" '^db check: [0-9]+ problems?$'

# ---- a database from a newer claimtrack ----
cp "$db" "$tmp/newer.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA journal_mode=DELETE"); c.execute("PRAGMA user_version=99"); c.commit(); c.close()' "$tmp/newer.db"
before=$(md5sum <"$tmp/newer.db")
run ingest "${rules[@]}" --db "$tmp/newer.db" "$tmp/short.txt"
expect_status "ingest into a newer database" 1
expect_match "newer schema refused with file and versions" "$err" \
	"^claimtrack: error: $tmp/newer\.db: database is from a newer claimtrack \(schema 99, this binary knows [0-9]+\)$"
run claims --db "$tmp/newer.db"
expect_status "claims from a newer database" 1
run db check --db "$tmp/newer.db"
expect_status "db check of a newer database" 1
expect_equal "the newer database is untouched" "$(md5sum <"$tmp/newer.db")" "$before"
[ ! -e "$tmp/newer.db-wal" ] && ok "no -wal file beside the newer database" || not_ok "a -wal file appeared"

# ---- hostile inputs: clear messages, never a crash ----
h=$tmp/hostile
mkdir -p "$h"
: >"$h/empty.txt"
head -c 4096 /dev/urandom >"$h/binary.txt"
printf 'date 2022-03-01\n\nThe Taliban \xff\xfe\xc3 said there are no terrorists in Afghanistan.\n' >"$h/latin.txt"
python3 -c 'import sys; open(sys.argv[1], "w").write("ISIS concerns us in Afghanistan " * 1600000)' "$h/huge.txt"
printf 'date 2022-03-02\n\n"There are no terrorists in Afghanistan, the spokesman said.\n\nHe added: "ISIS concerns us in Afghanistan.\n\n"""\n' >"$h/quotes.txt"
for f in empty binary latin huge quotes; do
	run ingest "${rules[@]}" --db "$tmp/hostile.db" "$h/$f.txt"
	if [ "$status" -lt 128 ]; then ok "$f input: no crash (exit $status)"; else
		not_ok "$f input crashed (exit $status)" "$err"; fi
done
run ingest "${rules[@]}" --db "$tmp/hostile.db" "$h/empty.txt"
expect_status "an empty file" 0
expect_match "an empty file is skipped" "$out" 'empty\.txt: empty, skipped$'
run ingest "${rules[@]}" --db "$tmp/hostile.db" "$h/binary.txt"
expect_status "a binary file" 1
expect_match "a binary file is named" "$err" 'binary\.txt: error: looks like a binary file'
run ingest "${rules[@]}" --db "$tmp/hostile2.db" "$h/latin.txt"
expect_status "invalid UTF-8" 0
expect_match "invalid UTF-8 is a warning naming the file" "$err" 'latin\.txt: warning: 3 invalid UTF-8 bytes replaced'
expect_match "invalid UTF-8 is stored" "$out" 'latin\.txt: [1-9][0-9]* claims?'
run ingest "${rules[@]}" --db "$tmp/hostile.db" "$h/huge.txt"
expect_status "a 50 MB line" 1
expect_match "a 50 MB line is refused naming the file" "$err" 'huge\.txt: error: larger than 10 MB'
run ingest "${rules[@]}" --db "$tmp/hostile4.db" "$h/quotes.txt"
expect_status "unbalanced quotes" 0
expect_match "unbalanced quotes still give claims" "$out" 'quotes\.txt: [1-9][0-9]* claims?'
run ingest "${rules[@]}" --db "$tmp/hostile3.db" "$h"
expect_status "a folder with bad files" 1
expect_match "the good files of the folder still go in" "$out" '^total: 2 stored \([0-9]+ claims?\), 0 already ingested, 1 empty, 2 failed$'
run ingest "${rules[@]}" --db "$tmp/hostile3.db" "$h/missing.txt"
expect_status "a missing file" 1
expect_match "a missing file is named" "$err" 'missing\.txt: error: cannot read: No such file'
run db check --db "$tmp/hostile3.db"
expect_status "db check after hostile inputs" 0

# ---- folders: *.txt, recursively, in name order; JSON summary ----
mkdir -p "$tmp/tree/b/c" "$tmp/tree/a"
printf 'date 2022-01-01\n\nThere are no terrorists in Afghanistan.\n' >"$tmp/tree/b/c/2.txt"
printf 'date 2022-01-02\n\nISIS concerns us in Afghanistan.\n' >"$tmp/tree/a/1.txt"
printf 'not text to ingest\n' >"$tmp/tree/a/notes.md"
run ingest "${rules[@]}" --db "$tmp/tree.db" --format json "$tmp/tree"
expect_status "ingest a folder, JSON" 0
py "folder JSON: *.txt only, sorted, with the documented keys" '
import json, sys
d = json.load(open(sys.argv[1]))
docs = d["documents"]
assert [x["source"].split("/tree/")[1] for x in docs] == ["a/1.txt", "b/c/2.txt"], docs
for x in docs:
    for k in ("source", "id", "claims", "speakers", "duplicate"):
        assert k in x, k
    assert x["duplicate"] is False and x["claims"] >= 1
assert d["total"]["stored"] == 2 and d["total"]["failed"] == 0, d["total"]
' "$tmp/out"

# ---- killed midway: whole documents only, and a re-run completes ----
corpus=$tmp/corpus
mkdir -p "$corpus"
python3 - "$seed" "$corpus" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().strip()
body = text.split(" ", 2)[2]          # after the seed's "date 2022-02-18 "
for i in range(300):
    month, day = 1 + i % 12, 1 + i % 28
    with open("%s/article-%03d.txt" % (sys.argv[2], i), "w", encoding="utf-8") as f:
        f.write("date 2021-%02d-%02d\nurl https://example.org/news/%d\noutlet Tolo News\n\n%s\n\nReport number %d.\n"
                % (month, day, i, body, i))
PY
"$bin" ingest "${rules[@]}" --db "$tmp/clean.db" "$corpus" >"$tmp/clean.out" 2>&1
status=$?
expect_status "clean ingest of 300 articles" 0
expect_equal "300 documents" "$(stat_of "$tmp/clean.db" documents)" 300
"$bin" --db "$tmp/clean.db" claims --copies --format json >"$tmp/clean.json"
"$bin" --db "$tmp/clean.db" db stats --format json >"$tmp/clean.stats"
# The killed runs store 10 documents per transaction (--batch 10): a
# transaction of the default size can hold all 300, and a kill then finds
# none stored or all.
"$bin" ingest "${rules[@]}" --batch 10 --db "$tmp/warm.db" "$corpus" >/dev/null 2>&1
"$bin" --db "$tmp/warm.db" db stats --format json >"$tmp/warm.stats"
same_totals "--batch 10 stores what one transaction of 300 does" "$tmp/clean.stats" "$tmp/warm.stats"
rm -f "$tmp/warm.db" "$tmp/warm.db-wal" "$tmp/warm.db-shm"
for bad in 0 1025 ten; do
	run ingest --batch "$bad" --db "$tmp/warm.db" "$corpus"
	expect_status "--batch '$bad' is refused" 2
	expect_match "--batch '$bad': the error names the range" "$err" 'from 1 to 1024'
done
[ ! -e "$tmp/warm.db" ] && ok "a bad --batch creates no database" ||
	not_ok "a bad --batch created warm.db"

# held_inputs K...: sets inputs to the corpus's files in order, with the
# file of each index K replaced by a FIFO of the same name in $tmp/held:
# a run that reaches it waits there until the test feeds it.
held_inputs() {
	local i name
	rm -rf "$tmp/held"
	mkdir -p "$tmp/held"
	inputs=()
	for i in $(seq 0 299); do
		name=$(printf 'article-%03d.txt' "$i")
		if printf '%s\n' "$@" | grep -qx "$i"; then
			mkfifo "$tmp/held/$name"
			inputs+=("$tmp/held/$name")
		else
			inputs+=("$corpus/$name")
		fi
	done
}
interrupt=(python3 "$root/tests/cli/interrupt.py" "$tmp/run.out" "$tmp/run.err")

# kill -9 once the documents before input K are said stored, while K is
# held: exactly those K documents are in the database, each whole.
for at in 15 150 295; do
	k=$tmp/killed.db
	rm -f "$k" "$k-wal" "$k-shm"
	held_inputs "$at"
	"${interrupt[@]}" --when "out:article-$(printf '%03d' $((at - 1)))\.txt: " --signal KILL \
		-- "$bin" ingest "${rules[@]}" --batch 10 --db "$k" "${inputs[@]}"
	status=$?
	expect_status "kill -9 while input $at is held" 137
	run db check --db "$k"
	expect_status "db check after kill -9 at input $at" 0
	n=$(stat_of "$k" documents)
	expect_equal "kill -9 at input $at: the $at documents said stored are stored" "$n" "$at"
	"$bin" --db "$k" claims --copies --format json >"$tmp/killed.json"
	py "killed at input $at: $n documents, each with all its claims" '
import collections, json, sys
def per_doc(path):
    return collections.Counter(x["document"]["url"] for x in json.load(open(path))["claims"])
clean, killed = per_doc(sys.argv[1]), per_doc(sys.argv[2])
n = int(sys.argv[3])
assert len(killed) == n, (len(killed), n)
bad = {u: (c, clean[u]) for u, c in killed.items() if c != clean[u]}
assert not bad, bad
' "$tmp/clean.json" "$tmp/killed.json" "${n:-0}"
	run ingest "${rules[@]}" --db "$k" "$corpus"
	expect_status "re-run after the kill" 0
	"$bin" --db "$k" db stats --format json >"$tmp/killed.stats"
	same_totals "re-run ends with the clean totals" "$tmp/clean.stats" "$tmp/killed.stats"
done

# Two ingests and a report at once on one database: each waits for the
# others' transactions; none fails with "database is locked". The first
# ingest is held at input 150 until the report and the second have started.
held_inputs 150
"$bin" ingest "${rules[@]}" --batch 10 --db "$tmp/shared.db" "${inputs[@]}" >"$tmp/a.out" 2>&1 &
pid=$!
exec 5>"$tmp/held/article-150.txt"    # returns once the first ingest reads input 150
"$bin" report --db "$tmp/shared.db" --out "$tmp/shared-report" >"$tmp/r.out" 2>&1 &
rpid=$!
"$bin" ingest "${rules[@]}" --db "$tmp/shared.db" "$corpus" >"$tmp/b.out" 2>&1 &
bpid=$!
cat "$corpus/article-150.txt" >&5
exec 5>&-
wait "$bpid"
status_b=$?
wait "$pid"
status_a=$?
wait "$rpid"
status_r=$?
if [ "$status_a" -eq 0 ] && [ "$status_b" -eq 0 ]; then ok "two ingests at once both succeed"; else
	not_ok "two ingests at once: exit $status_a and $status_b" "$(grep -h error "$tmp/a.out" "$tmp/b.out")"; fi
if [ "$status_r" -eq 0 ] && [ -s "$tmp/shared-report/report.json" ]; then
	ok "a report during both ingests succeeds"
else
	not_ok "a report during both ingests: exit $status_r" "$(cat "$tmp/r.out")"
fi
if grep -qi "locked" "$tmp/a.out" "$tmp/b.out" "$tmp/r.out"; then
	not_ok "no 'database is locked' during the concurrent run" "$(grep -hi locked "$tmp/a.out" "$tmp/b.out" "$tmp/r.out")"
else
	ok "no 'database is locked' during the concurrent run"
fi
"$bin" --db "$tmp/shared.db" db stats --format json >"$tmp/shared.stats"
same_totals "two ingests at once end with the clean totals" "$tmp/clean.stats" "$tmp/shared.stats"

# SIGTERM while input 150 is held (one thread): the document being read is
# finished and stored, then it stops and says so.
k=$tmp/term.db
held_inputs 150
"${interrupt[@]}" --when "fifo:$tmp/held/article-150.txt" --signal TERM \
	--feed "$tmp/held/article-150.txt=$corpus/article-150.txt" \
	-- "$bin" ingest "${rules[@]}" --jobs 1 --db "$k" "${inputs[@]}"
status=$?
out=$(cat "$tmp/run.out"); err=$(cat "$tmp/run.err")
expect_status "SIGTERM stops ingest" 143
expect_match "SIGTERM says at once that it is stopping" "$err" '^claimtrack: interrupted; storing'
expect_match "SIGTERM says how far it got" "$err" 'interrupted after 151 of 300 inputs'
expect_equal "SIGTERM: the held document and those before it are stored" "$(stat_of "$k" documents)" 151
run db check --db "$k"
expect_status "db check after SIGTERM" 0

echo "store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
