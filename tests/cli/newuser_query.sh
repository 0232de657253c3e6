#!/bin/bash
# CLI tests of what a new user met querying the store: one wording for the
# narrator, --speaker and --outlet names (surnames, the start of a name,
# ambiguity, no match), speakers and outlets by period and proposition (and
# --all, CSV), db stats counting outlets with documents. Usage:
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
# A sentence nobody is said to speak is the outlet's own voice.
own=$tmp/own-voice.txt
printf 'date 2022-02-20\n\nISIS fighters are active in Afghanistan.\n' >"$own"
run ingest --db "$tmp/own.db" "$own"
expect_status "ingest a document in the outlet's own voice" 0
run check "$own"
expect_match "check: the narrator of a document without outlet" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "check: no other wording" "$out" 'narrator;|unknown \(narrator\)'
run claims --db "$tmp/own.db"
expect_match "claims: the same wording" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "claims: no other wording" "$out" 'narrator;|unknown \(narrator\)'
# The same claim in the record check prints for another document, and in
# the report.
printf 'date 2022-03-01\n\nISIS fighters are operating in Afghanistan.\n' >"$tmp/narrated.txt"
run check --db "$tmp/own.db" "$tmp/narrated.txt"
expect_match "check's record: the same wording" "$out" '^  (agrees|contradicts) +[0-9-]+ +the narrator \(outlet unknown\)'
expect_no_match "check's record: no other wording" "$out" ' the outlet( |:)'
run report --db "$tmp/own.db" --out - --format html
expect_match "report: the same wording" "$out" 'the narrator \(outlet unknown\)'
expect_no_match "report: no 'unknown speaker' for the narrator" "$out" 'unknown speaker'
run check --outlet "Khaama Press" "$own"
expect_match "check: a known outlet narrates" "$out" '^  speaker   Khaama Press \(narrator\)$'
run ingest --db "$tmp/khaama.db" --outlet "Khaama Press" "$own"
run claims --db "$tmp/khaama.db"
expect_match "claims: a known outlet narrates, in the same words" "$out" '^  speaker   Khaama Press \(narrator\)$'
# "According to reports, …" (the seed article) is somebody's, not the
# outlet's: the narrator only where the outlet asserts.
run check --outlet "Khaama Press" "$fx/article-2022-02-18.txt"
expect_match "check: 'according to reports' is somebody's" "$out" '^  speaker   unknown \(said to speak: "(According to|reports)"\)$'
expect_no_match "check: the seed has no narrator's claim" "$out" 'Khaama Press \(narrator\)'

# ---- claims, speakers, outlets: a --proposition that names none ----
for c in claims speakers outlets; do
	run "$c" --db "$db" --proposition af.terorist-presence
	expect_status "$c: a misspelt --proposition is an error" 1
	expect_match "$c: it names the one meant" "$err" \
		"^claimtrack: error: no proposition 'af\.terorist-presence'; did you mean 'af\.terrorist-presence'\?$"
	expect_equal "$c: and prints no listing" "$out" ""
done
run claims --db "$db" --proposition af.terrorist-presence
expect_status "claims: a known --proposition" 0

# ---- claims: an inverted period ----
run claims --db "$db" --since 2022-06-01 --until 2022-01-01
expect_status "claims: --since after --until is a usage error" 2
expect_match "the inverted period is named" "$err" "--since 2022-06-01 is after --until 2022-01-01"

# claims_ids DB ARGS...: the ids `claims --format json ARGS` lists, one line.
claims_ids() {
	local d=$1
	shift
	"$bin" --db "$d" claims --format json "$@" 2>/dev/null |
		python3 -c 'import json, sys; print(" ".join(str(c["id"]) for c in json.load(sys.stdin)["claims"]))'
}
# ids_where DB PYEXPR: the ids of all claims for which PYEXPR (over c) holds.
ids_where() {
	"$bin" --db "$1" claims --format json 2>/dev/null |
		python3 -c 'import json, sys
print(" ".join(str(c["id"]) for c in json.load(sys.stdin)["claims"] if eval(sys.argv[1])))' "$2"
}

# ---- --speaker and --outlet: name, alias, surname, start ----
mujahid=$(ids_where "$db" 'c["speaker"] == "Zabihullah Mujahid"')
[ -n "$mujahid" ] && ok "the fixtures hold claims by Zabihullah Mujahid" ||
	not_ok "no claim by Zabihullah Mujahid in the fixtures"
expect_equal "--speaker mujahid: the surname, any case" "$(claims_ids "$db" --speaker mujahid)" "$mujahid"
expect_equal "--speaker Zabihullah: the start of the name" "$(claims_ids "$db" --speaker Zabihullah)" "$mujahid"
expect_equal "--speaker 'zabihullah mujahid': the name, any case" \
	"$(claims_ids "$db" --speaker 'zabihullah mujahid')" "$mujahid"
expect_equal "--speaker ' MUJAHID ': blanks at the ends do not count" \
	"$(claims_ids "$db" --speaker ' MUJAHID ')" "$mujahid"
expect_equal "--speaker 'Zabiullah Mujahid': an alias from the rules" \
	"$(claims_ids "$db" --speaker 'Zabiullah Mujahid')" "$mujahid"
expect_equal "--speaker Khwarazmi: the last word of an alias" \
	"$(claims_ids "$db" --speaker Khwarazmi)" "$(ids_where "$db" 'c["speaker"] == "Inayatullah Khwarazami"')"

tolo=$(ids_where "$db" 'c["outlet"] == "Tolo News"')
[ -n "$tolo" ] && ok "the fixtures hold claims in Tolo News" || not_ok "no claim in Tolo News"
expect_equal "--outlet Tolo: the start of the name" "$(claims_ids "$db" --outlet Tolo)" "$tolo"
expect_equal "--outlet tolonews: an alias, any case" "$(claims_ids "$db" --outlet tolonews)" "$tolo"
expect_equal "--outlet Tolo with --speaker mujahid: filters combine" \
	"$(claims_ids "$db" --outlet Tolo --speaker mujahid)" \
	"$(ids_where "$db" 'c["outlet"] == "Tolo News" and c["speaker"] == "Zabihullah Mujahid"')"
run claims --db "$db" --speaker mujahid --outlet Tolo
expect_status "claims --speaker mujahid --outlet Tolo" 0
expect_match "the table names the speaker" "$out" '^  speaker   Zabihullah Mujahid '

# The seed has the speakers 'Taliban' and 'Taliban Defence Ministry'.
expect_equal "an exact name wins over the start of another" \
	"$(claims_ids "$seed" --speaker taliban)" "$(ids_where "$seed" 'c["speaker"] == "Taliban"')"
run claims --db "$seed" --speaker Talib
expect_status "a name that starts two speakers' names is ambiguous" 1
expect_match "the ambiguity is an error that counts them" "$err" \
	"^claimtrack: error: 'Talib' matches 2 speakers \(the start of a name or alias\):$"
expect_match "the candidates are listed (1)" "$err" '^  Taliban$'
expect_match "the candidates are listed (2)" "$err" '^  Taliban Defence Ministry$'
expect_equal "nothing on stdout for an ambiguous name" "$out" ""

# Two outlets whose names share a first word, given with --outlet.
printf 'date 2022-04-01\n\nThere are no terrorists in Afghanistan, the spokesman said.\n' >"$tmp/a.txt"
printf 'date 2022-04-02\n\nISIS concerns us in Afghanistan, the general said.\n' >"$tmp/b.txt"
run ingest --db "$tmp/kabul.db" --outlet "Kabul Times" "$tmp/a.txt"
run ingest --db "$tmp/kabul.db" --outlet "Kabul Now" "$tmp/b.txt"
run claims --db "$tmp/kabul.db" --outlet kabul
expect_status "an outlet name that starts two outlets' names" 1
expect_match "both outlets are listed" "$err" '^  Kabul Now$'
expect_match "both outlets are listed (2)" "$err" '^  Kabul Times$'
expect_match "a hint says what to do" "$err" "^hint: give more of the name"
expect_equal "--outlet 'kabul times' picks one" "$(claims_ids "$tmp/kabul.db" --outlet 'kabul times')" \
	"$(ids_where "$tmp/kabul.db" 'c["outlet"] == "Kabul Times"')"

run claims --db "$db" --speaker xyz
expect_status "a speaker that matches nothing" 1
expect_match "no match says so" "$err" "^claimtrack: error: no speaker matches 'xyz'$"
expect_match "no match points to the full list" "$err" "^hint: .*'claimtrack speakers --all' lists every speaker stored$"
expect_equal "nothing on stdout when no speaker matches" "$out" ""
run claims --db "$db" --speaker mujahd --format json
expect_status "a misspelt speaker" 1
expect_match "the closest name is suggested" "$err" "^hint: the closest: 'Zabihullah Mujahid'"
run claims --db "$db" --outlet Khama
expect_status "a misspelt outlet" 1
expect_match "no outlet matches says so" "$err" "^claimtrack: error: no outlet matches 'Khama'$"
expect_match "the closest outlet is suggested" "$err" "^hint: the closest: 'Khaama Press'"
run claims --db "$db" --speaker ' '
expect_status "an empty --speaker is a usage error" 2
run claims --help
expect_match "claims --help tells how names match" "$out" 'last word of one \("mujahid"\)'
expect_match "claims --help gives the exit status of a bad name" "$out" 'or several, is an error that lists them'

# ---- speakers and outlets: active ones, periods, propositions, CSV ----
run speakers --db "$db" --format json
py "speakers lists only those with claims by default" '
import json, sys
names = [x["name"] for x in json.load(open(sys.argv[1]))["speakers"]]
assert "Zabihullah Mujahid" in names, names
assert "Kenneth McKenzie" not in names, names     # named in the rules only
assert all(n for n in names)
' "$tmp/out"
run speakers --db "$db" --all --format json
py "speakers --all lists those named in the rules too" '
import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))["speakers"]}
assert d["Kenneth McKenzie"]["claims"] == 0 and d["Kenneth McKenzie"]["from_rules"], d
assert d["Zabihullah Mujahid"]["claims"] == 3, d["Zabihullah Mujahid"]
' "$tmp/out"
run outlets --db "$db" --format json
py "outlets lists only those with documents by default" '
import json, sys
names = sorted(x["name"] for x in json.load(open(sys.argv[1]))["outlets"])
assert names == ["Khaama Press", "Pajhwok Afghan News", "Tolo News"], names
' "$tmp/out"
run outlets --db "$db" --all --format json
py "outlets --all lists the rules outlets too" '
import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))["outlets"]}
assert "Reuters" in d and d["Reuters"]["documents"] == 0, sorted(d)
' "$tmp/out"

# Each listing agrees with the claims the same filter gives.
py "speakers and outlets count what claims lists, for each filter" '
import json, subprocess, sys
bin, db = sys.argv[1], sys.argv[2]
def q(*args):
    r = subprocess.run([bin, "--db", db, *args, "--format", "json"], capture_output=True, text=True)
    assert r.returncode == 0, (args, r.stderr)
    return json.loads(r.stdout)
filters = [[], ["--since", "2022-06-01"], ["--until", "2022-05-31"],
           ["--since", "2022-05-01", "--until", "2022-05-31"],
           ["--proposition", "af.terrorist-presence"],
           ["--proposition", "af.foreign-troops", "--since", "2022-01-01"],
           ["--since", "2030-01-01"]]
for f in filters:
    claims = q("claims", *f)["claims"]
    want = {}
    for c in claims:
        s = want.setdefault(c["speaker"], {"claims": 0, "supports": 0, "refutes": 0, "hedged": 0,
                                           "docs": set(), "props": set(), "dates": set()})
        s["claims"] += 1
        s[c["stance"]] += 1
        s["hedged"] += c["hedged"]
        s["docs"].add(c["document"]["id"]); s["props"].add(c["proposition"]); s["dates"].add(c["date"])
    got = {x["name"]: x for x in q("speakers", *f)["speakers"]}
    assert set(got) == set(want), (f, sorted(got), sorted(want))
    for name, w in want.items():
        g = got[name]
        assert (g["claims"], g["supports"], g["refutes"], g["hedged"], g["documents"], g["propositions"]) == \
            (w["claims"], w["supports"], w["refutes"], w["hedged"], len(w["docs"]), len(w["props"])), (f, name, g, w)
        assert (g["first_date"], g["last_date"]) == (min(w["dates"]), max(w["dates"])), (f, name, g)
    outs = {}
    for c in claims:
        o = outs.setdefault(c["outlet"], {"claims": 0, "docs": set(), "via": 0})
        o["claims"] += 1
        o["docs"].add(c["document"]["id"])
        if c["via"]:
            outs.setdefault(c["via"], {"claims": 0, "docs": set(), "via": 0})["via"] += 1
    got = {x["name"]: x for x in q("outlets", *f)["outlets"]}
    assert set(got) == set(outs), (f, sorted(got), sorted(outs))
    for name, w in outs.items():
        g = got[name]
        assert (g["claims"], g["documents"], g["via"]) == (w["claims"], len(w["docs"]), w["via"]), (f, name, g, w)
' "$bin" "$db"
run outlets --db "$db" --since 2022-05-01 --until 2022-05-31 --format json
py "an outlet that only relayed a claim in the period is listed" '
import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))["outlets"]}
assert d["Pajhwok Afghan News"]["documents"] == 0 and d["Pajhwok Afghan News"]["via"] == 1, d
' "$tmp/out"

for what in speakers outlets; do
	run "$what" --db "$db" --since 2022-06-01 --until 2022-01-01
	expect_status "$what: --since after --until is a usage error" 2
	expect_match "$what: the inverted period is named" "$err" "--since 2022-06-01 is after --until 2022-01-01"
	run "$what" --db "$db" --since 2022-13-01
	expect_status "$what: a bad date is a usage error" 2
	run "$what" --db "$db" --since 2030-01-01
	expect_status "$what: nothing in the period" 0
	expect_match "$what: nothing in the period says so" "$out" "^no $what with .* from 2030-01-01 \('claimtrack $what --all' lists every one stored\)$"
	run "$what" --db "$db" --since 2022-06-01 --format json
	cp "$tmp/out" "$tmp/$what.json"
	run "$what" --db "$db" --since 2022-06-01 --format csv
	expect_status "$what --format csv" 0
	py "$what CSV: a header, then the JSON rows" '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
j = json.load(open(sys.argv[2]))[sys.argv[3]]
assert rows and len(rows) == len(j), (len(rows), len(j))
for r, x in zip(rows, j):
    for k in ("id", "name", "claims", "supports", "refutes", "documents", "first_date", "last_date"):
        want = "" if x[k] is None else str(x[k])
        assert r[k] == want, (k, r[k], want)
    assert r["from_rules"] == ("true" if x["from_rules"] else "false")
' "$tmp/out" "$tmp/$what.json" "$what"
	run "$what" --help
	expect_match "$what --help names --all" "$out" '--all'
done
run propositions --db "$db" --format csv
expect_status "propositions --format csv" 0
expect_match "propositions CSV has a header" "$out" '^id,title,rev,'
expect_match "propositions CSV has a row per proposition" "$out" '^af\.terrorist-presence,'

# ---- db stats: outlets with documents apart from those named in rules ----
run db stats --db "$db" --format json
cp "$tmp/out" "$tmp/stats.json"
run outlets --db "$db" --all --format json
cp "$tmp/out" "$tmp/all-outlets.json"
run speakers --db "$db" --all --format json
py "db stats JSON: the old keys keep their meaning, new ones count the active" '
import json, sys
st = json.load(open(sys.argv[1]))
outlets = json.load(open(sys.argv[2]))["outlets"]
speakers = json.load(open(sys.argv[3]))["speakers"]
assert st["outlets"] == len(outlets), (st["outlets"], len(outlets))
assert st["speakers"] == len(speakers), (st["speakers"], len(speakers))
assert st["outlets_with_documents"] == 3, st
assert st["outlets_from_rules"] == sum(1 for o in outlets if o["from_rules"]), st
assert st["speakers_with_claims"] == sum(1 for s in speakers if s["claims"] > 0) == 4, st
assert list(st)[:10] == ["path", "schema", "documents", "claims", "speakers", "outlets",
                         "propositions", "proposition_versions", "first_date", "last_date"], list(st)
' "$tmp/stats.json" "$tmp/all-outlets.json" "$tmp/out"
run db stats --db "$db"
expect_match "db stats table: outlets with documents, then all" "$out" \
	'^outlets +3 with documents, [0-9]+ in all \([0-9]+ named in rules\)$'
expect_match "db stats table: speakers with claims, then all" "$out" '^speakers +4 with claims, 6 in all$'
run db stats --db "$tmp/kabul.db" --format json
py "outlets only given with --outlet count as with documents, not as named in rules" '
import json, sys
st = json.load(open(sys.argv[1]))
assert st["outlets_with_documents"] == 2, st
assert st["outlets"] == st["outlets_from_rules"] + 2, st
' "$tmp/out"

echo "newuser_query: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
