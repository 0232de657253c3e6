#!/usr/bin/env bash
# claimtrack review: a reviewer's correction is kept with who and when,
# shows (marked) in `claims`, `check`'s record and the report, outlasts a
# rematch that finds the claim again, is kept as orphaned by one that does
# not, and `--undo` takes it back.
# Usage: review.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

cp -r "$root/rules" "$tmp/rules"
export CLAIMTRACK_RULES=$tmp/rules CLAIMTRACK_DB=$tmp/t.db
unset CLAIMTRACK_REVIEWER

run ingest "$fx"/stance/*.txt
expect_status "ingest the stance fixtures" 0

# The newest claim: Anna Lindqvist supports af.terrorist-presence on 2022-11-20.
claim=$("$bin" claims --speaker lindqvist --since 2022-11-01 --format json |
	python3 -c 'import json,sys; c=json.load(sys.stdin)["claims"]; assert len(c)==1; print(c[0]["id"])')
expect_match "the claim to review" "$claim" "^[0-9]+$"

run review "c$claim" --speaker "Ahmad Zia" --by ana --note "the quote is Zia's"
expect_status "review a claim's speaker" 0
expect_match "it says what changed, by whom" "$out" \
	"^review [0-9]+  claim c$claim  af.terrorist-presence  speaker: Anna Lindqvist -> Ahmad Zia  by ana, "
run review "c$claim" --speaker "Ahmad Zia"
expect_status "a review that changes nothing" 1
expect_match "says so" "$err" "claim $claim already says Ahmad Zia for its speaker"

# ---- claims ----
run claims --document 5
expect_match "claims shows the reviewed speaker" "$out" "^  speaker   Ahmad Zia "
expect_match "marked" "$out" "\[reviewed\]$"
expect_match "with who changed what" "$out" "^  review    speaker Ahmad Zia \(was Anna Lindqvist\) by ana, .*: the quote is Zia's$"
run claims --reviewed --format json
py "claims --reviewed lists it alone, with its review" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert [x["id"] for x in c] == [int(sys.argv[2])], c
assert c[0]["reviewed"] is True and c[0]["speaker"] == "Ahmad Zia", c
r = c[0]["reviews"]
assert len(r) == 1 and r[0]["field"] == "speaker" and r[0]["old_value"] == "Anna Lindqvist", r
assert r[0]["reviewer"] == "ana", r' "$tmp/out" "$claim"
run claims --unreviewed
expect_match "claims --unreviewed the others" "$out" "^8 claims "
run claims --format csv
expect_match "CSV marks it" "$out" ",true$"

# ---- check's record ----
run check "There are no terrorists in Afghanistan, the minister said."
expect_match "check's record shows the reviewed speaker" "$out" \
	"contradicts 2022-11-20  Ahmad Zia \(reviewed\) in Khaama Press"

# ---- the report ----
run report --out "$tmp/rep"
expect_status "report" 0
expect_match "the report shows the reviewed speaker, marked" "$(cat "$tmp/rep/report.md")" \
	"\*\*Ahmad Zia\*\* — supports \(reviewed\)"
py "the report's JSON marks it" '
import json, sys
r = json.load(open(sys.argv[1]))
found = []
def walk(o):
    if isinstance(o, dict):
        if o.get("id") == int(sys.argv[2]) and "reviewed" in o:
            found.append(o)
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(r)
assert found and all(c["reviewed"] and c["speaker"] == "Ahmad Zia" for c in found), found' \
	"$tmp/rep/report.json" "$claim"
py "the report's CSV marks it, and only it" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
mine = [r for r in rows if r["claim_id"] == sys.argv[2]]
assert mine and all(r["reviewed"] == "true" and r["speaker"] == "Ahmad Zia" for r in mine), mine
others = [r for r in rows if r["claim_id"] != sys.argv[2]]
assert others and all(r["reviewed"] == "false" for r in others), others' \
	"$tmp/rep/claims.csv" "$claim"

# ---- it outlasts a rematch that finds the claim again ----
sed -i '0,/^\(  rev  *\)\([0-9]*\)$/s//\19/' "$tmp/rules/afghanistan.rules"
run rematch
expect_match "the proposition is matched again" "$out" "^af.terrorist-presence rev 9: \+0 claims, -0, 0 changed stance"
run claims --document 5 --format json
py "after the rematch the claim keeps its id and its reviewed speaker" '
import json, sys
c = {x["id"]: x for x in json.load(open(sys.argv[1]))["claims"]}
x = c[int(sys.argv[2])]
assert x["speaker"] == "Ahmad Zia" and x["reviewed"], x
assert x["rule"]["rev"] == 9, x' "$tmp/out" "$claim"
run db check
expect_status "db check after a review and a rematch" 0

# ---- --undo ----
run review "c$claim" --undo --by bob
expect_status "review --undo" 0
expect_match "the review is kept, marked undone" "$out" "\(undone by bob, "
run claims --document 5
expect_match "the rules' speaker is back" "$out" "^  speaker   Anna Lindqvist "
expect_no_match "no longer marked" "$out" "reviewed"
run review "c$claim" --undo
expect_status "nothing left to undo" 1

# ---- reject, accept ----
run review "c$claim" --reject --by ana
expect_status "reject a claim" 0
expect_equal "it leaves the record" "$("$bin" claims --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["claims"]))')" "8"
expect_equal "kept apart" "$("$bin" db stats --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["retired_claims"]["rejected"])')" "1"
run review "c$claim" --accept --by ana
expect_status "accept it again" 0
expect_equal "it is back" "$("$bin" claims --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["claims"]))')" "9"

# ---- a rematch that no longer finds a reviewed claim: orphaned ----
cat >"$tmp/rules/extra.rules" <<'EOF'
proposition t.soil
  title    Afghan soil is used against other countries
  rev      1
  refutes  not allow anyone to use Afghan soil
end
EOF
"$bin" rematch >/dev/null
soil=$("$bin" claims --proposition t.soil --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["claims"][0]["id"])')
run review "c$soil" --stance supports --by ana
expect_status "review the new proposition's claim" 0
sed -i 's/not allow anyone to use Afghan soil/never let anyone use Afghan soil/' "$tmp/rules/extra.rules"
run rematch
expect_match "a rematch that no longer finds it lists the review as orphaned" "$out" \
	"^orphaned review [0-9]+ of claim c$soil \(document d1, t.soil, its stance\)"
run review
expect_match "the review is kept, orphaned" "$out" "orphaned \(document d1\)  t.soil  stance: refutes -> supports"
run db check
expect_status "db check at the end" 0

# ---- usage ----
run review --help
expect_match "review --help" "$out" "^usage: claimtrack review CLAIM"
expect_match "its exit codes" "$out" "Exit status"
run review "c$claim" --speaker X --stance refutes
expect_status "two corrections at once" 2
run review "c$claim" --stance maybe
expect_status "an unknown stance" 2
run review c99999 --reject
expect_status "no such claim" 1
expect_match "says which" "$err" "no claim 99999"

echo "review: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
