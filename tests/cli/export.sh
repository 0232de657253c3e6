#!/usr/bin/env bash
# claimtrack export --format claimreview: the verdict lines of rule files
# (and their lint), ClaimReview JSON-LD checked against the schema.org
# vocabulary (tests/claimreview_check.py), which claims are rated, first
# appearances, reviewed values, the period, errors and exit codes.
# Usage: export.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

check=$root/tests/claimreview_check.py
cp -r "$root/rules" "$tmp/rules"
export CLAIMTRACK_RULES=$tmp/rules CLAIMTRACK_DB=$tmp/t.db

# ---- the directives and their lint ----
cat >"$tmp/bad.rules" <<'EOF'
proposition x.one
  title One is so
  rev 1
  rating 0/5
  review-url ftp://example.org/x
  verdict False
  verdict True
  supports one is so
end
proposition x.two
  title Two is so
  rev 1
  review-url https://example.org/two
  supports two is so
end
EOF
run rules lint "$tmp/bad.rules"
expect_status "lint: bad verdict lines are errors" 1
expect_match "a rating that is not N/BEST" "$err$out" "bad.rules:4:10: error: rating must be N/BEST"
expect_match "a review-url that is not http(s)" "$err$out" "bad.rules:5:14: error: review-url must be an http:// or https:// URL"
expect_match "a second verdict" "$err$out" "bad.rules:7:3: error: duplicate 'verdict' \(first at line 6\)"
expect_match "review-url without verdict: a warning" "$err$out" \
	"bad.rules:13:1: warning: 'review-url' without a 'verdict': proposition 'x.two' is not exported"

# The shipped pack with verdicts: af.terrorist-presence judged true (5/5),
# af.foreign-troops misleading.
python3 - "$tmp/rules/afghanistan.rules" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
for pid, lines in (("af.terrorist-presence", "  verdict  True\n  rating   5/5\n"
                    "  review-url https://factcheck.example.org/2022/terrorist-groups\n"),
                   ("af.foreign-troops", "  verdict  Misleading\n")):
    head = "proposition " + pid + "\n"
    i = s.index(head) + len(head)
    s = s[:i] + lines + s[i:]
open(p, "w").write(s)
EOF
run rules lint
expect_status "lint: the pack with verdicts" 0

run ingest "$fx"/stance/*.txt
expect_status "ingest the stance fixtures" 0

# ---- the export ----
run export --format claimreview --publisher "Example Checks" --output "$tmp/cr.json"
expect_status "export to a file" 0
expect_match "says what it wrote" "$out" "^wrote $tmp/cr.json: 7 claim reviews$"
expect_no_match "no warning with publisher and review-url" "$err" "warning"
if python3 "$check" "$tmp/cr.json" >"$tmp/chk" 2>&1; then ok "the output holds to schema.org and Google's guide"
else not_ok "the output holds to schema.org and Google's guide" "$(cat "$tmp/chk")"; fi
if python3 "$check" --self-test >"$tmp/chk" 2>&1; then ok "the checker catches broken documents"
else not_ok "the checker catches broken documents" "$(cat "$tmp/chk")"; fi

py "supporting claims get the verdict, refuting ones False; hedged ones are left out" '
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted((x["itemReviewed"]["author"]["name"], x["itemReviewed"]["datePublished"],
              x["reviewRating"]["alternateName"], x["reviewRating"]["ratingValue"]) for x in d)
want = sorted([
    ("Zabihullah Mujahid", "2022-03-10", "False", 1),
    ("Anna Lindqvist", "2022-05-02", "True", 5),
    ("Inayatullah Khwarazami", "2022-05-02", "False", 1),
    ("Tariq Hamdani", "2022-07-18", "True", 5),
    ("Zabihullah Mujahid", "2022-10-05", "True", 5),
    ("Inayatullah Khwarazami", "2022-11-20", "False", 1),
    ("Anna Lindqvist", "2022-11-20", "True", 5)])
assert got == want, got
# The hedged one ("ISIS-K is reportedly regrouping") is not among them.
assert not any("reportedly" in x["itemReviewed"]["text"] for x in d)
for x in d:
    assert x["url"] == "https://factcheck.example.org/2022/terrorist-groups", x["url"]
    assert x["author"] == {"@type": "Organization", "name": "Example Checks"}, x["author"]
    assert x["itemReviewed"]["author"]["@type"] == "Person"
    assert x["reviewRating"]["bestRating"] == 5 and x["reviewRating"]["worstRating"] == 1
    assert len(x["claimReviewed"]) < 75
' "$tmp/cr.json"

py "claimReviewed is the matched words of a long sentence, marked as cut" '
import json, sys
d = json.load(open(sys.argv[1]))
m = [x["claimReviewed"] for x in d if x["itemReviewed"]["datePublished"] == "2022-03-10"]
assert m == ["\u2026there are no terrorists in Afghanistan\u2026"], m
' "$tmp/cr.json"

py "firstAppearance: the speaker's earliest document with that stance" '
import json, sys
d = json.load(open(sys.argv[1]))
by = {(x["itemReviewed"]["author"]["name"], x["itemReviewed"]["datePublished"]): x["itemReviewed"] for x in d}
late = by[("Inayatullah Khwarazami", "2022-11-20")]
assert late["appearance"]["url"] == "https://example.org/khaama/2022-11-20-ministry", late
assert late["firstAppearance"]["url"] == "https://example.org/khaama/2022-05-02-un-monitors", late
assert late["firstAppearance"]["datePublished"] == "2022-05-02", late
# Mujahid changed his stance: his support of October first appeared then.
m = by[("Zabihullah Mujahid", "2022-10-05")]
assert m["firstAppearance"]["url"] == m["appearance"]["url"], m
' "$tmp/cr.json"

# ---- the period: first appearances still look before it ----
run export --publisher P --since 2022-11-01
expect_status "export --since" 0
py "only the claims of the period, first appearances from before it" '
import json, sys
d = json.loads(sys.stdin.read())
assert len(d) == 2, len(d)
assert all(x["itemReviewed"]["datePublished"] == "2022-11-20" for x in d)
assert all(x["itemReviewed"]["firstAppearance"]["datePublished"] == "2022-05-02" for x in d), d
' <"$tmp/out"

# ---- reviewed values ----
lindqvist=$("$bin" claims --speaker lindqvist --since 2022-11-01 --format json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["claims"][0]["id"])')
"$bin" review "c$lindqvist" --stance refutes --by ana >/dev/null
"$bin" review "c$("$bin" claims --speaker hamdani --format json |
	python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["claims"] if not c["hedged"]][0])')" \
	--reject --by ana >/dev/null
run export --publisher P
py "a reviewed stance is rated as reviewed, a rejected claim is gone" '
import json, sys
d = json.loads(sys.stdin.read())
names = [x["itemReviewed"]["author"]["name"] for x in d]
assert "Tariq Hamdani" not in names, names
l = [x for x in d if x["itemReviewed"]["author"]["name"] == "Anna Lindqvist"
     and x["itemReviewed"]["datePublished"] == "2022-11-20"]
assert len(l) == 1 and l[0]["reviewRating"]["alternateName"] == "False", l
' <"$tmp/out"

# ---- a verdict that rates only the claims supporting it ----
run export --proposition af.foreign-troops --publisher P
expect_status "a misleading title refuted: nothing rated, not an error" 0
expect_equal "an empty array" "$(tr -d ' \n' <"$tmp/out")" "[]"
expect_match "and a note that says so" "$err" "note: no stored claim on the 1 proposition with a verdict is rated"

# ---- without --publisher or review-url: warnings, still written ----
run export --proposition af.terrorist-presence --since 2022-03-01 --until 2022-03-31
expect_status "export without --publisher" 0
expect_match "warns the reviews have no author" "$err" "warning: no --publisher"
sed -i '/review-url https:\/\/factcheck/d' "$tmp/rules/afghanistan.rules"
run export --publisher P
expect_match "warns of reviews without a url" "$err" "warning: [0-9]+ reviews are without a url"
run export --publisher P --base-url https://claims.example.org/
py "--base-url gives each review its claim page" '
import json, re, sys
d = json.loads(sys.stdin.read())
assert d and all(re.fullmatch(r"https://claims\.example\.org/claim/[0-9]+", x["url"]) for x in d), d
' <"$tmp/out"

# ---- errors ----
run export --proposition af.regional-threat
expect_status "a proposition without a verdict" 1
expect_match "says how to give it one" "$err" "proposition 'af.regional-threat' has no verdict in the rules; give its block a 'verdict' line"
run export --proposition af.terorist-presence
expect_status "an unknown proposition" 1
expect_match "names the closest" "$err" "did you mean 'af.terrorist-presence'"
run export --format csv
expect_status "an unknown format" 2
run export --since 2022-13-01
expect_status "a bad date" 2
run export --since 2022-06-01 --until 2022-01-01
expect_status "an empty period" 2
run export --base-url ftp://x
expect_status "a --base-url that is not http(s)" 2
run export --publisher P --output "$tmp/no/such/dir/cr.json"
expect_status "an output folder that does not exist" 1
expect_match "names the file" "$err" "cannot write '$tmp/no/such/dir/cr.json'"
run export --help
expect_status "--help" 0
expect_match "documents the exit status" "$out" "^Exit status: 0 written"
run --db "$tmp/none.db" export
expect_status "no database" 1

echo "export: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
