#!/usr/bin/env bash
# claimtrack rematch: the stored claims follow the rules. A proposition
# added to the rules is found in the stored texts; a changed pattern
# updates that proposition only; a removed one retires its claims (kept,
# not deleted); a second run changes nothing; ingest and check say when
# the rules differ from the stored claims'; a kill -9 in the middle leaves
# a database that `db check` passes and that a second run finishes with
# the counts of an uninterrupted run.
# Usage: rematch.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

cp -r "$root/rules" "$tmp/rules"
export CLAIMTRACK_RULES=$tmp/rules CLAIMTRACK_DB=$tmp/t.db
stance=$fx/stance

# claims_json: the claims as JSON, for comparing two states.
claims_json() { "$bin" claims --format json 2>/dev/null; }
stat_of() { "$bin" db stats --format json | python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

run ingest "$stance"/*.txt
expect_status "ingest the stance fixtures" 0
expect_no_match "the rules agree: no note" "$err" "rematch"
run rematch
expect_status "rematch with the same rules" 0
expect_match "nothing to do" "$out" "^nothing to rematch"
claims_json >"$tmp/before.json"

# ---- a new proposition ----
# soil_rules FILE: a rule file of one proposition the stored texts hold.
soil_rules() {
	printf '%s\n' 'proposition t.soil' '  title    Afghan soil is used against other countries' \
		'  rev      1' '  refutes  not allow anyone to use Afghan soil' 'end' >"$1"
}
soil_rules "$tmp/rules/extra.rules"
run ingest "$stance"/*.txt
expect_status "ingest again with a new proposition" 0
expect_match "ingest says the rules changed" "$err" \
	"note: 1 proposition changed since the claims of 5 documents were stored; run 'claimtrack rematch'"
run check "There are no terrorists in Afghanistan, the minister said."
expect_match "check says it too" "$err" "1 proposition changed since the claims of 5 documents"
run claims --proposition t.soil
expect_match "before rematch the new proposition has no claims" "$out$err" "no claims|0 claims|no proposition"
run rematch --dry-run
expect_status "rematch --dry-run" 0
expect_match "the dry run says what would change" "$out" "^t.soil rev 1 \(new\): \+1 claim, -0, 0 changed stance"
expect_match "and that nothing changed" "$out" "nothing was changed"
expect_equal "the dry run stored nothing" "$(claims_json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["claims"]))')" "9"
run rematch
expect_status "rematch a new proposition" 0
expect_match "it prints the change" "$out" "^t.soil rev 1 \(new\): \+1 claim, -0, 0 changed stance \(5 of 5 documents\)"
run claims --proposition t.soil --format json
soil_id=$(python3 -c 'import json,sys; c=json.load(sys.stdin)["claims"]; assert len(c)==1, c; print(c[0]["id"])' <<<"$out")
expect_match "the new proposition's claim is stored" "$soil_id" "^[0-9]+$"
claims_json | python3 -c '
import json, sys
a = [c for c in json.load(open(sys.argv[1]))["claims"]]
b = [c for c in json.load(sys.stdin)["claims"] if c["proposition"] != "t.soil"]
sys.exit(a != b)' "$tmp/before.json" && ok "the other claims are untouched" || not_ok "the other claims are untouched"
run ingest "$stance"/*.txt
expect_no_match "ingest no longer says the rules changed" "$err" "rematch"

# ---- a changed pattern: a new fingerprint ----
claims_json >"$tmp/before2.json"
cat >"$tmp/rules/extra.rules" <<'EOF'
proposition t.soil
  title    Afghan soil is used against other countries
  rev      1
  refutes  not allow anyone to use Afghan soil
  supports ISIS fighters are active
end
EOF
run rematch --format json
expect_status "rematch a changed fingerprint" 0
py "only the changed proposition is matched again" '
import json, sys
r = json.load(open(sys.argv[1]))
p = r["propositions"]
assert [x["id"] for x in p] == ["t.soil"], p
assert p[0]["change"] == "changed" and p[0]["added"] == 2 and p[0]["found_again"] == 1, p
assert p[0]["retired"] == 0 and p[0]["changed_stance"] == 0, p
assert r["documents"]["done"] == 5, r' "$tmp/out"
claims_json | python3 -c '
import json, sys
a = [c for c in json.load(open(sys.argv[1]))["claims"] if c["proposition"] != "t.soil"]
b = [c for c in json.load(sys.stdin)["claims"] if c["proposition"] != "t.soil"]
sys.exit(a != b)' "$tmp/before2.json" && ok "claims of other propositions are untouched" ||
	not_ok "claims of other propositions are untouched"
run claims --proposition t.soil --format json
py "the claim found again keeps its id" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert len(c) == 3 and int(sys.argv[2]) in [x["id"] for x in c], c' "$tmp/out" "$soil_id"

# The same rev, the other polarity: a stance change.
sed -i 's/^  refutes  not allow/  supports not allow/' "$tmp/rules/extra.rules"
run rematch
expect_match "a flipped pattern changes the stance" "$out" "^t.soil rev 1: \+0 claims, -0, 1 changed stance"

# ---- removed: its claims retire, kept ----
rm "$tmp/rules/extra.rules"
run rematch
expect_status "rematch a removed proposition" 0
expect_match "its claims are retired" "$out" "^t.soil \(removed from the rules\): 3 claims retired \(5 of 5 documents\)"
run claims --proposition t.soil
expect_no_match "retired claims are out of the listing" "$out" "t.soil  "
expect_equal "retired claims are kept" "$(stat_of '["retired_claims"]["removed"]')" "3"
expect_equal "the record is back to the fixtures' 9 claims" "$(stat_of '["claims"]')" "9"

# ---- a second run changes nothing ----
claims_json >"$tmp/s1.json"
"$bin" db stats --format json >"$tmp/st1.json"
run rematch
expect_match "the second run has nothing to do" "$out" "^nothing to rematch"
claims_json >"$tmp/s2.json"
"$bin" db stats --format json >"$tmp/st2.json"
if cmp -s "$tmp/s1.json" "$tmp/s2.json" && cmp -s "$tmp/st1.json" "$tmp/st2.json"; then
	ok "the second run changed nothing"; else not_ok "the second run changed nothing"; fi
run db check
expect_status "db check after the rematches" 0

# ---- usage ----
run rematch --proposition t.nosuch
expect_status "an unknown proposition" 1
expect_match "it is named" "$err" "no proposition 't.nosuch'"
run rematch --since 2022-13-01
expect_status "a bad date" 2
run rematch --help
expect_match "rematch --help" "$out" "^usage: claimtrack rematch"
expect_match "its exit codes" "$out" "Exit status"

# ---- --proposition and --since ----
cat >"$tmp/rules/extra.rules" <<'EOF'
proposition t.a
  title    A
  rev      1
  refutes  there are no terrorists in Afghanistan
end
proposition t.b
  title    B
  rev      1
  refutes  there are no terrorists in Afghanistan
end
EOF
run rematch --proposition t.a --since 2022-05-01
expect_match "--proposition limits the run" "$out" "^t.a rev 1 \(new\): \+2 claims, -0, 0 changed stance \(4 of 4 documents\)"
expect_no_match "to that proposition" "$out" "^t.b"
expect_match "--since leaves the earlier documents" "$out" "1 document outside the period"
run rematch
expect_match "the rest follows" "$out" "^t.a rev 1 \(new\): \+1 claim.*\(1 of 1 document\)"
expect_match "and the other" "$out" "^t.b rev 1 \(new\): \+3 claims.*\(5 of 5 documents\)"
rm "$tmp/rules/extra.rules"
run rematch
expect_status "removing them again" 0

# ---- kill -9 in the middle, then again: as if never interrupted ----
# On bench/'s 10 MB corpus, made as bench/run makes it (the same generators,
# seed and pack: 2,097 documents, 3,280 claims of 200 propositions).
mkdir "$tmp/pack"
seed=20240601
python3 "$root/bench/gen_rules.py" "$tmp/pack/p200.rules" --propositions 200 --seed $seed \
	>/dev/null
python3 "$root/bench/gen_corpus.py" "$tmp/corpus" --mb 10 --seed $seed \
	--rules "$tmp/pack/p200.rules" >/dev/null
rm "$tmp/pack/p200.examples.json"
expect_equal "bench's 10 MB corpus" "$(sed -n 's/^files //p' "$tmp/corpus/MANIFEST")" 2097
export CLAIMTRACK_RULES=$tmp/pack CLAIMTRACK_DB=$tmp/k.db
run ingest "$tmp/corpus"
expect_status "ingest the corpus" 0
expect_match "all of it" "$out" "^total: 2097 stored \(3280 claims\)"
# Every proposition's rev goes up: every document is matched again.
sed -i 's/^\( *rev \+\)1$/\12/' "$tmp/pack/p200.rules"
cp "$tmp/k.db" "$tmp/whole.db"
CLAIMTRACK_DB=$tmp/whole.db "$bin" rematch --format json >"$tmp/whole.out" 2>&1
CLAIMTRACK_DB=$tmp/whole.db "$bin" db stats --format json >"$tmp/whole.stats"
CLAIMTRACK_DB=$tmp/whole.db "$bin" claims --format json >"$tmp/whole.claims"
# Killed once document 1000 of 2097 is done (documents are done in id
# order; --verbose prints a line for each, after its commit).
python3 "$root/tests/cli/interrupt.py" "$tmp/kout" "$tmp/kerr" --when 'out:^d1000:' \
	--signal KILL -- "$bin" rematch --verbose --jobs 2
status=$?
expect_equal "the rematch was killed (SIGKILL)" "$status" "137"
run rematch --dry-run --format json
py "it was killed half way: documents are done and left to do" '
import json, sys
d = json.load(open(sys.argv[1]))["documents"]
assert 0 < d["to_do"] <= 2097 - 1000, d' "$tmp/out"
run db check
expect_status "db check passes after the kill" 0
run rematch
expect_status "running it again finishes" 0
"$bin" db stats --format json >"$tmp/resumed.stats"
"$bin" claims --format json >"$tmp/resumed.claims"
same_totals "the counts equal an uninterrupted run's" "$tmp/whole.stats" "$tmp/resumed.stats"
if cmp -s "$tmp/whole.claims" "$tmp/resumed.claims"; then
	ok "the claims equal an uninterrupted run's"; else
	not_ok "the claims equal an uninterrupted run's"; fi
run rematch
expect_match "and nothing is left" "$out" "^nothing to rematch"

# ---- the note after an ingest counts the other documents alone ----
# Those just stored hold the rules in use; only the earlier ones drifted.
cp -r "$root/rules" "$tmp/rules2"
export CLAIMTRACK_RULES=$tmp/rules2 CLAIMTRACK_DB=$tmp/drift.db
run ingest "$stance"/*.txt
expect_status "a second record, with the rules as they are" 0
soil_rules "$tmp/rules2/extra.rules"
printf 'The weather was mild in the valley on Tuesday, the farmers said.\n' >"$tmp/new-doc.txt"
run ingest "$tmp/new-doc.txt"
expect_status "ingest a new document with one proposition more" 0
expect_match "the note counts the earlier documents, not the new one" "$err" \
	"note: 1 proposition changed since the claims of 5 documents were stored"

echo "rematch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
