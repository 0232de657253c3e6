#!/bin/bash
# CLI tests of what a new user met querying the store: one wording for the
# narrator, an inverted period, --speaker and --outlet names (surnames, the
# start of a name, ambiguity, no match). Usage:
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
run check "$fx/article-2022-02-18.txt"
expect_match "check: the narrator of a document without outlet" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "check: no other wording" "$out" 'narrator;|unknown \(narrator\)'
run claims --db "$seed"
expect_match "claims: the same wording" "$out" '^  speaker   the narrator \(outlet unknown\)$'
expect_no_match "claims: no other wording" "$out" 'narrator;|unknown \(narrator\)'
run check --outlet "Khaama Press" "$fx/article-2022-02-18.txt"
expect_match "check: a known outlet narrates" "$out" '^  speaker   Khaama Press \(narrator\)$'
run ingest --db "$tmp/khaama.db" --outlet "Khaama Press" "$fx/article-2022-02-18.txt"
run claims --db "$tmp/khaama.db"
expect_match "claims: a known outlet narrates, in the same words" "$out" '^  speaker   Khaama Press \(narrator\)$'

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

echo "newuser_query: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
