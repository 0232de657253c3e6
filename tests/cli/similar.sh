#!/bin/bash
# claimtrack similar (issue 21): stored sentences ranked by their likeness
# to a sentence or a claim, on sentences of our own; --unmatched, --since,
# --limit, the formats and the usage errors; a database of schema 9
# upgraded by ingest has its stored texts indexed, and `db reindex` an
# emptied index; rules coverage and rules suggest; then the same rankings
# on PostgreSQL (and after `db copy` into it) when a private server can be
# started (tests/cli/pg_lib.sh), else that part is skipped.
. "$(dirname "$0")/lib.sh"
. "$root/tests/cli/pg_lib.sh"

cp -r "$root/rules" rules
mkdir news
cat >news/a.txt <<'EOF'
date 2024-01-10
title Spokesman rejects the UN report
outlet North Post

Zabihullah Mujahid said that there are no terrorists in Afghanistan.

The spokesman added that the country poses no danger to its neighbours.
EOF
cat >news/b.txt <<'EOF'
date 2024-02-10
title Officials in Kabul answer the monitors
outlet South Herald

Officials in Kabul insisted that not a single terrorist group operates on Afghan soil.

Measles vaccination fell to 81 percent last year, the health ministry said.
EOF
cat >news/c.txt <<'EOF'
date 2024-03-10
title Analysts warn of ISIS in the east
outlet East Courier

Analysts said that ISIS fighters are active in eastern Afghanistan.

ISIS fighters have been regrouping in the mountains of Kunar for months, officials said.

The weather in Kabul was mild for the season.
EOF
lite=$tmp/lite.db
run ingest --db "$lite" news
expect_status "ingest the three stories" 0

# pending DB N NAME: db stats says N stored texts are not yet indexed.
pending() {
	run db stats --db "$1" --format json
	local got
	got=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["sentence_index"]["texts_pending"])' <<<"$out")
	expect_equal "$3" "$got" "$2"
}
# Ingest leaves the sentence index behind; the first reader brings it up to date.
pending "$lite" 3 "after ingest the index is behind: 3 texts pending"
run db stats --db "$lite"
expect_match "db stats: the sentences line" "$out" '^sentences     0 texts indexed, 3 pending \(indexed by the next similar'

# ranked NAME WANT ARGS...: the sentences `similar --format json ARGS`
# returns, in order, first words only ("Zabihullah|Officials|..."), are WANT.
ranked() {
	local name=$1 want=$2
	shift 2
	run similar --format json "$@"
	local got
	got=$(python3 -c '
import json, sys
print("|".join(r["sentence"].split()[0] for r in json.load(sys.stdin)["results"]))' <<<"$out")
	expect_equal "$name" "$got" "$want"
}

# Three words in common with the sentence the rules missed, two with the
# claim's, one with the third.
q='No terrorist group operates in Afghanistan'
ranked "the most words in common first" \
	"Officials|Zabihullah|Analysts" --db "$lite" --limit 3 "$q"
run similar --db "$lite" --format json --limit 2 "$q"
py "a matched sentence comes with its claim: refutes af.terrorist-presence by its speaker" '
import json, sys
r = json.loads(sys.argv[1])["results"][1]
assert r["matched"] and r["date"] == "2024-01-10" and r["outlet"] == "North Post", r
c = r["claims"][0]
assert (c["proposition"], c["stance"], c["speaker"]) == \
    ("af.terrorist-presence", "refutes", "Zabihullah Mujahid"), c
assert r["sentence_span"] == [0, 68], r["sentence_span"]
' "$out"

ranked "--unmatched: what the rules miss" \
	"Officials" --db "$lite" --unmatched "$q"
run similar --db "$lite" --format json --unmatched "$q"
py "--unmatched: no sentence a rule matched" '
import json, sys
rs = json.loads(sys.argv[1])["results"]
assert rs and not any(r["matched"] or r["claims"] for r in rs), rs
' "$out"
ranked "--since leaves out the older documents" "Officials|Analysts" \
	--db "$lite" --since 2024-02-01 --limit 2 "$q"
ranked "stemmed: 'vaccinations falling' finds 'vaccination fell'" "Measles" \
	--db "$lite" --limit 1 "measles vaccinations falling"
ranked "CLAIM: the claim's sentence, without itself" "ISIS|Zabihullah" \
	--db "$lite" --limit 2 c2

run similar --db "$lite" "$q"
expect_status "text" 0
expect_match "text: rank, score, document, date, outlet" "$out" \
	'^ 2\. [0-9]+\.[0-9]{3}  d1  2024-01-10  North Post  Spokesman rejects'
expect_match "text: the claim under its sentence" "$out" \
	'^    refutes   af\.terrorist-presence  Zabihullah Mujahid  claim 1$'
expect_match "text: an unmatched sentence says so, and who says it" "$out" \
	'^    no rule matched; speaker Officials in Kabul \(group\)$'
run similar --db "$lite" --format json --limit 1 "the weather was mild"
py "an unmatched sentence nobody is said to speak: the outlet's own voice" '
import json, sys
r = json.loads(sys.argv[1])["results"][0]
assert r["sentence"].startswith("The weather") and r["speaker"] is None, r
assert r["speaker_kind"] == "narrator" and not r["matched"], r
' "$out"
run similar --db "$lite" --format csv --limit 2 "$q"
expect_status "csv" 0
expect_match "csv: header" "$out" '^rank,score,document_id,start,end,date,outlet,title,matched,'
expect_match "csv: the first row" "$out" \
	'^2,[0-9.]+,1,0,68,2024-01-10,North Post,Spokesman rejects the UN report,1,af\.terrorist-presence,refutes,Zabihullah Mujahid,Zabihullah'
run similar --db "$lite" "the of and"
expect_status "only stop words: nothing to look up" 0
expect_match "only stop words: says so" "$out" '^no words to look up'
run similar --db "$lite" "zanzibar quokka"
expect_status "no word in common" 0
expect_match "no word in common: says so" "$out" '^no stored sentence shares a word'

run similar --help
expect_status "--help" 0
expect_match "--help: usage" "$out" 'usage: claimtrack similar .*SENTENCE\|CLAIM'
run similar --db "$lite"
expect_status "no sentence" 2
run similar --db "$lite" --limit 0 "$q"
expect_status "--limit 0" 2
run similar --db "$lite" --format xml "$q"
expect_status "unknown format" 2
run similar --db "$lite" --since 2024-13-01 "$q"
expect_status "bad --since" 2
run similar --db "$lite" c99
expect_status "no such claim" 1
expect_match "no such claim: says so" "$err" "no claim 99 in"
run similar --db "$tmp/none.db" "$q"
expect_status "no database" 1

# rules coverage: the unmatched sentences most like the proposition's
# claims, with references for rules suggest.
run rules coverage --db "$lite" af.terrorist-presence
expect_status "rules coverage" 0
expect_match "coverage: the paraphrase of claim 1, refutes" "$out" \
	'^ 1\. d2:0 +2024-02-10  South Herald  \(like 1 claim; nearest c1, refutes\)$'
expect_match "coverage: the regrouping sentence, like claim 2" "$out" \
	'^ 2\. d3:69 +2024-03-10  East Courier  \(like 1 claim; nearest c2, supports\)$'
expect_no_match "coverage: no matched sentence, nothing else" "$out" 'Zabihullah|Analysts|weather|Measles'
run rules coverage --db "$lite" --format json af.terrorist-presence
py "coverage --format json" '
import json, sys
d = json.loads(sys.argv[1])
assert d["claims"] == 2 and [r["ref"] for r in d["results"]] == ["d2:0", "d3:69"], d
' "$out"
run rules coverage --db "$lite" af.nope
expect_status "coverage of an unknown proposition" 1
run rules suggest --db "$lite" af.terrorist-presence d2:0
expect_status "rules suggest" 0
expect_match "suggest: the claim without its attribution, the stance of claim 1" "$out" \
	'^  refutes  not a single terrorist group operates on Afghan soil$'
expect_match "suggest: the expect line" "$out" \
	'^  expect refutes  Officials in Kabul insisted that not a single terrorist group operates on Afghan soil\.$'
run rules suggest --db "$lite" --stance supports af.terrorist-presence d3:69
expect_match "suggest: --stance, numbers, a trailing attribution" "$out" \
	'^  supports ISIS fighters have been regrouping in the mountains of Kunar for months$'
run rules suggest --db "$lite" af.terrorist-presence "Over 4,000 ISIS fighters remain in Kunar (Nangarhar), a UN report said."
expect_match "suggest: a sentence given, escaped" "$out" \
	'^  supports Over \[\\d\.,\]\+ ISIS fighters remain in Kunar \\\(Nangarhar\\\)$'
run rules suggest --db "$lite" af.terrorist-presence d3:70
expect_status "suggest: no sentence there" 1
run rules suggest --db "$lite" af.terrorist-presence
expect_status "suggest: no sentence" 2

# A database of schema 9 (before the index): the writing command that
# upgrades it queues the texts it holds, and the next similar indexes them.
old=$tmp/old.db
cp "$lite" "$old"
python3 "$root/tests/cli/downgrade.py" "$old" 9
run similar --db "$old" "$q"
expect_status "schema 9: a reader asks for the upgrade" 1
run ingest --db "$old" news
expect_status "schema 9: ingest upgrades it" 0
pending "$old" 3 "schema 9: the upgrade queues the texts stored before"
ranked "schema 9: the texts stored before are indexed" "Officials|Zabihullah|Analysts" \
	--db "$old" --limit 3 "$q"

# An emptied index finds nothing; `db reindex` builds it again.
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO sentence_index (sentence_index) VALUES (\"delete-all\")")
db.commit()' "$lite"
ranked "an emptied index finds nothing" "" --db "$lite" "$q"
run db reindex --db "$lite"
expect_status "db reindex" 0
expect_match "db reindex: says how many texts" "$out" 'the sentences of 3 stored texts indexed$'
ranked "db reindex: the same ranking again" "Officials|Zabihullah|Analysts" \
	--db "$lite" --limit 3 "$q"

pending "$lite" 0 "similar indexed what was pending"

# A story stored after: the next similar indexes it first, and finds it.
mkdir later
cat >later/d.txt <<'EOF'
date 2024-04-10
title Quokkas counted
outlet West Gazette

Rangers counted eleven thousand quokkas on Rottnest Island this spring.
EOF
run ingest --db "$lite" later
pending "$lite" 1 "the newest story is pending"
ranked "similar finds a sentence of the newest story" "Rangers" --db "$lite" --limit 1 \
	"How many quokkas live on Rottnest Island?"
pending "$lite" 0 "and indexed it"
# ingest --index: nothing left pending.
eager=$tmp/eager.db
run ingest --db "$eager" --index news
expect_status "ingest --index" 0
pending "$eager" 0 "ingest --index indexes at once"
run ingest --help
expect_match "ingest --help: --index" "$out" '--index'
# nightly ends by indexing what ingest stored.
nightly_db=$tmp/nightly.db
run ingest --db "$nightly_db" news
: >"$tmp/no-sources"
run nightly --db "$nightly_db" --sources "$tmp/no-sources" --out "$tmp/reports"
expect_status "nightly" 0
pending "$nightly_db" 0 "nightly leaves nothing pending"
ranked "nightly: its index finds the stories" "Officials|Zabihullah|Analysts" \
	--db "$nightly_db" --limit 3 "$q"
# An interrupted catch-up keeps what it did: held after its first chunk
# (one text a chunk) on a FIFO, then interrupted.
cut_db=$tmp/cut.db
run ingest --db "$cut_db" news
mkfifo "$tmp/hold"
CLAIMTRACK_INDEX_CHUNK=1 CLAIMTRACK_TEST_INDEX_HOLD=$tmp/hold \
	python3 "$root/tests/cli/interrupt.py" "$tmp/cut.out" "$tmp/cut.err" \
	--when "fifo:$tmp/hold" --signal INT -- "$bin" --db "$cut_db" similar "$q"
status=$?
expect_equal "interrupted catch-up: killed by SIGINT" "$status" 130
pending "$cut_db" 2 "interrupted catch-up: the first chunk stays indexed"
ranked "the next similar indexes the rest" "Officials|Zabihullah|Analysts" \
	--db "$cut_db" --limit 3 "$q"
# Two catching up at once index each text once: the first is held after
# its first chunk (opening the FIFO for writing returns when it has
# opened it), the second indexes the rest, then the first goes on.
two_db=$tmp/two.db
run ingest --db "$two_db" news
CLAIMTRACK_INDEX_CHUNK=1 CLAIMTRACK_TEST_INDEX_HOLD=$tmp/hold \
	"$bin" --db "$two_db" similar "$q" >"$tmp/first.out" 2>&1 &
first=$!
exec 3>"$tmp/hold"
run similar --db "$two_db" --format json "$q"
expect_status "two at once: the second" 0
exec 3>&-
wait "$first"
expect_equal "two at once: the first" "$?" 0
pending "$two_db" 0 "two at once: nothing left pending"
# FTS5 keeps how many rows it was given (the first varint of its averages
# record): a sentence indexed twice counts twice.
fts_rows() {
	python3 -c '
import sqlite3, sys
b = sqlite3.connect(sys.argv[1]).execute(
    "SELECT block FROM sentence_index_data WHERE id = 1").fetchone()[0]
n = 0
for c in b:        # an SQLite varint: 7 bits a byte, the first byte highest
    n = n << 7 | (c & 0x7f)
    if c < 0x80:
        break
print(n)' "$1"
}
expect_equal "two at once: no sentence indexed twice" "$(fts_rows "$two_db")" "$(fts_rows "$eager")"

# A database that cannot be written: the index as it is, and a warning.
if [ "$(id -u)" != 0 ]; then
	ro=$tmp/ro
	mkdir "$ro"
	run ingest --db "$ro/x.db" news
	chmod a-w "$ro" "$ro/x.db"
	run similar --db "$ro/x.db" "$q"
	expect_status "read-only: similar still answers" 0
	expect_match "read-only: says how many texts are not indexed" "$err" \
		'warning: .*x\.db: 3 stored texts are not yet in the sentence index'
	chmod u+w "$ro" "$ro/x.db"
else
	echo "skip: read-only database: running as root"
fi

# The same rankings on PostgreSQL.
if pg_start; then
	trap 'pg_stop; rm -rf "$tmp"' EXIT
	pg_createdb sim
	pg_createdb copy
	url=$(pg_url sim)
	run ingest --db "$url" news
	expect_status "PostgreSQL: ingest" 0
	pending "$url" 3 "PostgreSQL: after ingest the index is behind"
	for args in "--limit 3|$q" "--unmatched|$q" "--since 2024-02-01 --limit 2|$q" \
		"--limit 1|measles vaccinations falling" "--limit 2|c2"; do
		IFS='|' read -r opts query <<<"$args"
		# shellcheck disable=SC2086 # opts are words
		ranked "PostgreSQL: $opts $query" \
			"$(run similar --db "$lite" --format json $opts "$query"; python3 -c '
import json, sys
print("|".join(r["sentence"].split()[0] for r in json.load(sys.stdin)["results"]))' <<<"$out")" \
			--db "$url" $opts "$query"
	done
	run similar --db "$url" --format json --limit 2 "$q"
	py "PostgreSQL: the claim of the sentence" '
import json, sys
c = json.loads(sys.argv[1])["results"][1]["claims"][0]
assert (c["proposition"], c["stance"]) == ("af.terrorist-presence", "refutes"), c
' "$out"
	run rules coverage --db "$lite" af.terrorist-presence
	lite_cover=$out
	run rules coverage --db "$url" af.terrorist-presence
	expect_equal "PostgreSQL: rules coverage as on SQLite" "$out" "$lite_cover"
	pending "$url" 0 "PostgreSQL: similar indexed what was pending"
	run ingest --db "$url" later
	pending "$url" 1 "PostgreSQL: the newest story is pending"
	ranked "PostgreSQL: similar finds a sentence of the newest story" "Rangers" --db "$url" \
		--limit 1 "How many quokkas live on Rottnest Island?"
	pg_createdb eager
	run ingest --db "$(pg_url eager)" --index news
	pending "$(pg_url eager)" 0 "PostgreSQL: ingest --index indexes at once"
	pg_createdb two
	two=$(pg_url two)
	run ingest --db "$two" news
	CLAIMTRACK_INDEX_CHUNK=1 CLAIMTRACK_TEST_INDEX_HOLD=$tmp/hold \
		"$bin" --db "$two" similar "$q" >"$tmp/first.out" 2>&1 &
	first=$!
	exec 3>"$tmp/hold"
	run similar --db "$two" --format json "$q"
	expect_status "PostgreSQL: two at once: the second" 0
	exec 3>&-
	wait "$first"
	expect_equal "PostgreSQL: two at once: the first" "$?" 0
	pending "$two" 0 "PostgreSQL: two at once: nothing left pending"
	ranked "PostgreSQL: two at once: the ranking" "Officials|Zabihullah|Analysts" \
		--db "$two" --limit 3 "$q"
	# A role that may read but not write: the index as it is, and a warning.
	pg_createdb ro
	run ingest --db "$(pg_url ro)" news
	pg_psql "CREATE ROLE reader LOGIN PASSWORD 'reader pass'"
	PGPASSWORD=$pg_pass psql -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" \
		-U "$pg_user" -d ro -Atc "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader"
	reader="postgresql://reader:reader%20pass@/ro?host=$pg_sock&port=$pg_port"
	run similar --db "$reader" --limit 1 "$q"
	expect_status "PostgreSQL, a role that cannot write: similar still answers" 0
	expect_match "PostgreSQL, a role that cannot write: says how many texts are not indexed" \
		"$err" 'warning: .*: 3 stored texts are not yet in the sentence index, not searched \(cannot index them: .*permission denied'
	pending "$(pg_url ro)" 3 "PostgreSQL, a role that cannot write: nothing indexed"
	copy=$(pg_url copy)
	run db copy "$lite" "$copy"
	expect_status "db copy into PostgreSQL" 0
	ranked "db copy: the target's index is built" "Officials|Zabihullah|Analysts" \
		--db "$copy" --limit 3 "$q"
	run db copy "$copy" "$tmp/back.db"
	expect_status "db copy back into SQLite" 0
	ranked "db copy back: the index is built" "Officials|Zabihullah|Analysts" \
		--db "$tmp/back.db" --limit 3 "$q"
else
	[ "${CLAIMTRACK_TEST_PG:-}" = required ] && not_ok "a PostgreSQL server (CLAIMTRACK_TEST_PG=required): $pg_why"
	echo "skip: PostgreSQL part: $pg_why"
fi

echo "similar: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
