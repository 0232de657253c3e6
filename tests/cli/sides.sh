#!/bin/bash
# CLI tests of who is put on which side (issue 16): an outlet that reports
# what somebody said is not that claim's speaker, so it never appears among
# a proposition's supporters; the outlet's own words disputing a speaker's
# claim ("falsely claimed") mark it disputed, the stance staying the
# speaker's. On a topic of our own (tests/fixtures/rules/vaccines.rules).
# Usage: sides.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"

vax=$fx/rules/vaccines.rules
herald=$fx/newsroom/herald-2024-03-04.txt
db=$tmp/sides.db

# ---- check: reported sentences are somebody's, never the narrator's ----
run check --rules "$vax" "$herald"
expect_status "check the Herald's report" 0
expect_no_match "check: no claim is the Herald's own voice" "$out" 'Northern Herald \(narrator\)'
expect_no_match "check: every reported sentence has its speaker" "$out" 'unknown \(said to speak'
expect_equal "check: 'told supporters in Millbrook on Monday that' is Robert Kane's; 'According to The Daily Ledger, Kane repeated at a rally' is Kane's" \
	"$(printf '%s\n' "$out" | grep -c '^  speaker   Robert Kane (person; candidate for mayor)$')" "2"
expect_match "check: 'Some parents' groups say that' is the groups'" "$out" "^  speaker   parents' groups \\(group\\)$"
expect_match "check: the Daily Ledger relays" "$out" '^  via       The Daily Ledger$'
expect_match "check: the health department refutes" "$out" '^  speaker   state health department \(organization\)$'
run check --rules "$vax" --format json "$herald"
expect_equal "check JSON: no narrator's claim" \
	"$(printf '%s' "$out" | python3 -c 'import json,sys; print(sum(c["speaker_kind"] == "narrator" for c in json.load(sys.stdin)["claims"]))')" "0"

# ---- a report: the outlet is not among the supporters ----
run ingest --rules "$vax" --db "$db" "$herald"
expect_status "ingest the Herald's report" 0
run report --rules "$vax" --db "$db" --out - --format json
expect_status "report JSON" 0
printf '%s' "$out" >"$tmp/report.json"
sides=$(python3 - "$tmp/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p = [p for p in r["propositions"] if p["id"] == "vax.autism"][0]
names = lambda side: ",".join(s["name"] for s in p[side])
print("supporters=[%s] refuters=[%s] contradictions=%d"
      % (names("supporters"), names("refuters"), len(p["contradictions"])))
PY
)
expect_equal "report: the Herald does not support what it reported; Kane and the parents' groups do" "$sides" \
	"supporters=[Robert Kane,parents' groups] refuters=[state health department] contradictions=2"
run report --rules "$vax" --db "$db" --out - --format md
expect_no_match "report (Markdown): the Herald is no supporter" "$out" 'Northern Herald \((narrator|organization)\)'

# ---- framing: the outlet disputes, the speaker's stance stays ----
run check --rules "$vax" --format json "Robert Kane falsely claimed that vaccines cause autism."
framing=$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["claims"][0]; print(c["stance"], c["framing"], c["cues"]["framing"], "|", c["speaker"])')
expect_equal "check: 'falsely claimed' is Kane's, supports, disputed" "$framing" "supports disputed falsely | Robert Kane"
run check --rules "$vax" "Kane said, without evidence, that vaccines cause autism."
expect_match "check: 'without evidence' is no negation" "$out" '^supports +vax\.autism'
expect_match "check: the framing line" "$out" '^  framing   disputed by the outlet: "without evidence"$'
run check --rules "$vax" --format json "Vaccines cause autism."
expect_equal "check: the narrator is never disputed" \
	"$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["claims"][0]; print(c["speaker_kind"], c["framing"])')" "narrator None"

# ---- framing is stored: claims and report.json carry it ----
printf 'Title: Kane again\nOutlet: Northern Herald\nDate: 2024-03-05\n\nKane said, without evidence, that vaccines cause autism.\n' >"$tmp/framed.txt"
run ingest --rules "$vax" --db "$db" "$tmp/framed.txt"
expect_status "ingest a disputed claim" 0
run claims --rules "$vax" --db "$db" --format json
expect_equal "claims JSON: framing of each claim, in text order" \
	"$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(str(c["framing"]) for c in json.load(sys.stdin)["claims"]))')" \
	"None None None None disputed"
run claims --rules "$vax" --db "$db"
expect_match "claims: the framing line" "$out" '^  framing   disputed by the outlet$'
run report --rules "$vax" --db "$db" --out - --format json
expect_equal "report.json: the disputed claim" \
	"$(printf '%s' "$out" | python3 -c 'import json,sys; print(sorted(str(c["framing"]) for p in json.load(sys.stdin)["propositions"] for c in p["claims"]))')" \
	"['None', 'None', 'None', 'None', 'disputed']"
run report --rules "$vax" --db "$db" --out - --format html
expect_match "report (HTML): the disputed badge" "$out" 'disputed by the outlet'

# ---- report: outlets asserting in their own voice, apart from the speakers ----
# The Herald's report relays claims (they stay their speakers'); its own
# sentence nobody is said to speak is its own voice, listed apart.
vdb=$tmp/voice.db
printf 'Title: What the studies show\nOutlet: Northern Herald\nDate: 2024-03-08\n\nVaccines do not cause autism.\n' >"$tmp/own.txt"
run ingest --rules "$vax" --db "$vdb" "$herald" "$tmp/own.txt"
expect_status "ingest a report and the outlet's own words" 0
run report --rules "$vax" --db "$vdb" --out - --format json
expect_status "report JSON with the outlet's own voice" 0
printf '%s' "$out" >"$tmp/voice.json"
voice=$(python3 - "$tmp/voice.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p = [p for p in r["propositions"] if p["id"] == "vax.autism"][0]
o = p["own_voice"]
names = lambda v: ",".join(s["name"] for s in v)
print("own: supports=[%s] refutes=[%s] %d/%d; sample=%s; speakers: supporters=[%s] refuters=[%s]"
      % (names(o["supporters"]), names(o["refuters"]), o["supports"], o["refutes"],
         o["refuters"][0]["sample"]["sentence"] if o["refuters"] else None,
         names(p["supporters"]), names(p["refuters"])))
PY
)
expect_equal "report.json: the Herald's own words apart, its relayed claims not" "$voice" \
	"own: supports=[] refutes=[Northern Herald] 0/1; sample=Vaccines do not cause autism.; speakers: supporters=[Robert Kane,parents' groups] refuters=[state health department]"
run report --rules "$vax" --db "$vdb" --out - --format md
section=$(printf '%s\n' "$out" | sed -n '/^### Outlets asserting in their own voice$/,/^###* [^O]/p')
expect_match "report (Markdown): the own-voice section" "$section" \
	'^- Refutes: \*\*Northern Herald\*\* \(1 claim, 2024-03-08\): “Vaccines do not cause autism\.”$'
expect_no_match "report (Markdown): no outlet supports in its own voice" "$section" '^- Supports:'
expect_no_match "report (Markdown): a relayed claim is not the outlet's" "$section" 'told supporters|Daily Ledger|parents'
run report --rules "$vax" --db "$vdb" --out - --format html
section=$(printf '%s\n' "$out" | sed -n '/id="vax\.autism_voice"/,/id="vax\.autism_contradictions"/p')
expect_match "report (HTML): the own-voice section" "$section" '>Outlets asserting in their own voice</h3>'
expect_match "report (HTML): the Herald's own words in it" "$section" '<mark>Vaccines do not cause autism</mark>'
expect_no_match "report (HTML): no relayed claim in it" "$section" 'told supporters|Daily Ledger|parents'
run claims --rules "$vax" --db "$vdb"
expect_match "claims: the Herald's own words are the narrator's" "$out" '^  speaker   Northern Herald \(narrator\)$'
run speakers --rules "$vax" --db "$vdb"
expect_match "speakers: the Herald's own voice is the narrator" "$out" '^Northern Herald +narrator +1 '
expect_no_match "speakers: the Herald is no organization" "$out" '^Northern Herald +(organization|person)'

echo "sides: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
