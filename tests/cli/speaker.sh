#!/bin/bash
# claimtrack speaker NAME (issue 17): one speaker's record — the
# propositions they spoke on, their claims over time, their stance changes,
# who contradicts them — in table, JSON and CSV; the name looked up as
# `claims --speaker` does (alias, surname, start, any case; candidates on
# ambiguity; the closest on no match).
# Usage: speaker.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
db=$tmp/s.db
run ingest "${rules[@]}" --db "$db" "$fx/stance"
expect_status "ingest the stance fixtures" 0

run speaker --db "$db" "Zabihullah Mujahid"
expect_status "speaker by name" 0
expect_match "who, from the speaker block" "$out" '^Zabihullah Mujahid \(person, spokesman, Islamic Emirate of Afghanistan \(Taliban\)\)$'
expect_match "the counts" "$out" '^  claims    3 on 2 propositions \(1 supports, 2 refutes, 0 hedged\)$'
expect_match "the proposition he spoke on most first" "$(grep '^af\.' <<<"$out" | head -1)" '^af\.terrorist-presence  '
expect_match "his claims oldest first" "$out" '^  2022-03-10  refutes   Tolo News  claim 1$'
expect_match "the claim that changes his stance is marked" "$out" '^  2022-10-05  supports  Tolo News  claim 7  \(changed\)$'
expect_match "the change" "$out" '^  changed         refutes \(2022-03-10, claim 1\) to supports \(2022-10-05, claim 7\)$'
expect_match "who contradicts him, most claims first" "$out" '^  contradicted by Anna Lindqvist: 2 claims, 2022-05-02 to 2022-11-20$'
expect_match "a proposition nobody contradicts him on" "$out" '^  contradicted by nobody$'

# Hedged claims neither change a stance nor contradict.
run speaker --db "$db" --format json "Anna Lindqvist"
py "JSON: Lindqvist is contradicted by Khwarazami and Mujahid, not by hedged claims" '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["speaker"]["name"] == "Anna Lindqvist" and j["speaker"]["kind"] == "person", j["speaker"]
[p] = j["propositions"]
assert p["id"] == "af.terrorist-presence" and p["changes"] == [], p
assert [c["stance"] for c in p["claims"]] == ["supports", "supports"], p["claims"]
assert {o["speaker"]: o["claims"] for o in p["contradicted_by"]} == \
    {"Inayatullah Khwarazami": 2, "Zabihullah Mujahid": 1}, p["contradicted_by"]
' "$tmp/out"
run speaker --db "$db" --format json mujahid
py "JSON: the change and the claims with the fields of claims --format json" '
import json, sys
j = json.load(open(sys.argv[1]))
p = j["propositions"][0]
assert p["changes"] == [{"from": "refutes", "to": "supports", "from_claim": 1, "to_claim": 7,
                         "from_date": "2022-03-10", "to_date": "2022-10-05"}], p["changes"]
c = p["claims"][0]
for k in ("id", "stance", "hedged", "sentence", "outlet", "date", "statement_date", "document", "rule"):
    assert k in c, k
assert j["speaker"]["from_rules"] is True and j["speaker"]["aliases"] >= 1, j["speaker"]
' "$tmp/out"
run speaker --db "$db" --format csv mujahid
expect_equal "CSV header" "$(head -1 <<<"$out")" "proposition,claim_id,date,date_kind,stance,hedged,outlet,via,sentence,document_id,changed_from"
expect_match "CSV: the changing claim says from what" "$out" '^af\.terrorist-presence,7,2022-10-05,statement,supports,false,Tolo News,,".*",4,refutes$'
expect_equal "CSV: a row per claim" "$(($(wc -l <<<"$out") - 1))" 3

# ---- filters ----
run speaker --db "$db" --proposition af.foreign-troops mujahid
expect_match "--proposition keeps one" "$out" '^  claims    1 on 1 proposition'
run speaker --db "$db" --until 2022-06-01 mujahid
expect_no_match "--until leaves the later claim out" "$out" 'claim 7'
run speaker --db "$db" --since 2023-01-01 mujahid
expect_status "nothing in the period" 0
expect_match "says so" "$out" '^  no claims match the filters$'
run speaker --db "$db" --proposition af.terorist-presence mujahid
expect_status "an unknown proposition" 1
expect_match "with the closest" "$err" "did you mean 'af\.terrorist-presence'"

# ---- the lookup ----
for name in mujahid MUJAHID "zabihullah mujahid" zabih "Zabiullah Mujahid"; do
	run speaker --db "$db" "$name"
	expect_equal "'$name' is Zabihullah Mujahid" "$(head -1 <<<"$out")" \
		"Zabihullah Mujahid (person, spokesman, Islamic Emirate of Afghanistan (Taliban))"
done
printf 'date 2022-12-01\noutlet Tolo News\n\nAhmad Mujahid, a local elder, said that there are no terrorists in Afghanistan.\n' >elder.txt
run ingest "${rules[@]}" --db "$db" elder.txt
run speaker --db "$db" mujahid
expect_status "an ambiguous surname" 1
expect_match "lists the candidates" "$err" '^  Ahmad Mujahid$'
expect_match "and how to give more" "$err" "^hint: give more of the name, e.g. claimtrack speaker 'Ahmad Mujahid'$"
run speaker --db "$db" "Zabihullah Mujahid"
expect_match "Ahmad Mujahid now contradicts him" "$out" 'Ahmad Mujahid: 1 claim, 2022-12-01 to 2022-12-01'
run speaker --db "$db" lindqvst
expect_status "a misspelt name" 1
expect_match "names the closest" "$err" "the closest: 'Anna Lindqvist'"

# ---- usage ----
run speaker --db "$db"
expect_status "no NAME" 2
run speaker --db "$db" a b
expect_status "two NAMEs" 2
run speaker --db "$db" --format xml mujahid
expect_status "an unknown format" 2
run speaker --db "$db" --since 2022-05-01 --until 2022-01-01 mujahid
expect_status "--since after --until" 2
run speaker --help
expect_status "speaker --help" 0
expect_match "--help has the usage" "$out" '^usage: claimtrack speaker '

echo "speaker: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
