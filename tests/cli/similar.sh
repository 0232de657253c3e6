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
# upgrades it indexes the texts it holds.
old=$tmp/old.db
cp "$lite" "$old"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TABLE sentence_index")
# What schema 11 added (db/011_copies.sql).
for t in ("document_signatures", "document_bands", "copy_fill"):
    db.execute("DROP TABLE %s" % t)
db.execute("DROP INDEX documents_by_copy_of")
db.execute("ALTER TABLE documents DROP COLUMN copy_of")
db.execute("PRAGMA user_version = 9")
db.commit()' "$old"
run similar --db "$old" "$q"
expect_status "schema 9: a reader asks for the upgrade" 1
run ingest --db "$old" news
expect_status "schema 9: ingest upgrades it" 0
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

# The same rankings on PostgreSQL.
if pg_start; then
	trap 'pg_stop; rm -rf "$tmp"' EXIT
	pg_createdb sim
	pg_createdb copy
	url=$(pg_url sim)
	run ingest --db "$url" news
	expect_status "PostgreSQL: ingest" 0
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
