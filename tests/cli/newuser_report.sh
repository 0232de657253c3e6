#!/bin/bash
# CLI tests of what a new user met: rule warnings said once outside
# `rules lint`, report filters that name nothing, --out naming a file,
# report anchors, plurals. Usage: newuser_report.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"

nu=$fx/newuser
sentence="ISIS is a threat to the region"

# ---- rule warnings: in full from rules lint and rules test, one line elsewhere ----
two=$nu/two-warnings.rules
one=$nu/one-warning.rules
run check --rules "$two" "$sentence"
expect_status "check with rule warnings" 0
expect_equal "check says the rule warnings in one line" "$err" \
	"claimtrack: rules: 2 warnings; run 'claimtrack rules lint $two'"
expect_match "check still prints its claims" "$out" '^supports +nu\.threat'
run check --rules "$one" "$sentence"
expect_equal "one warning is singular" "$err" \
	"claimtrack: rules: 1 warning; run 'claimtrack rules lint $one'"
CLAIMTRACK_RULES=$two run check "$sentence"
expect_equal "rules from \$CLAIMTRACK_RULES: the hint names no path" "$err" \
	"claimtrack: rules: 2 warnings; run 'claimtrack rules lint'"
# A second run loads the rules from the cache: the same one line.
run check --rules "$two" "$sentence"
expect_equal "a cached load says the same line" "$err" \
	"claimtrack: rules: 2 warnings; run 'claimtrack rules lint $two'"
printf 'date 2022-02-18\n\n%s.\n' "$sentence" >"$tmp/doc.txt"
run ingest --rules "$two" --db "$tmp/warn.db" "$tmp/doc.txt"
expect_status "ingest with rule warnings" 0
expect_equal "ingest says the rule warnings in one line" "$err" \
	"claimtrack: rules: 2 warnings; run 'claimtrack rules lint $two'"
# nightly loads the rules for its sources: the one source fails to connect.
echo "http://127.0.0.1:1/nothing-listens-here" >"$tmp/warn-sources.list"
run nightly --rules "$two" --db "$tmp/warn.db" --sources "$tmp/warn-sources.list" \
	--allow-private --out "$tmp/nightly-reports"
expect_equal "nightly says the rule warnings in one line" \
	"$(grep -c warning <<<"$err")" 1
expect_match "nightly's line is the summary" "$err" \
	"^claimtrack: rules: 2 warnings; run 'claimtrack rules lint $two'\$"
run rules list --rules "$two"
expect_status "rules list with rule warnings" 0
expect_equal "rules list says them in one line" "$err" \
	"claimtrack: rules: 2 warnings; run 'claimtrack rules lint $two'"
run rules lint "$two"
expect_status "rules lint with warnings only" 0
expect_match "rules lint prints the unused define" "$out" \
	"two-warnings\.rules:1:1: warning: define 'UNUSED' is never used"
expect_match "rules lint prints the ambiguous expect" "$out" \
	"two-warnings\.rules:10:1: warning: expect sentence is matched by both"
expect_match "the ambiguous expect names both patterns' lines" "$out" \
	"two-warnings\.rules:10:1: warning: .*of 'nu\.threat' \(supports at $two:7, refutes at $two:8\)\$"
expect_no_match "rules lint prints no summary line" "$out$err" "run 'claimtrack rules lint"
run rules test "$two"
expect_status "rules test with warnings" 0
expect_match "rules test prints the warnings in full" "$err" \
	"two-warnings\.rules:1:1: warning: define 'UNUSED' is never used"
expect_no_match "rules test prints no summary line" "$err" "run 'claimtrack rules lint"
# Errors are still printed in full, and the warnings counted after them.
run check --rules "$nu/error-and-warning.rules" "$sentence"
expect_status "check with a rule error" 1
expect_match "the rule error is printed in full" "$err" \
	"error-and-warning\.rules:6:[0-9]+: error: missing closing parenthesis"
expect_match "its warning is counted" "$err" "^claimtrack: rules: 1 warning; run"
expect_no_match "its warning is not printed" "$err" "never used"

# ---- report filters that name nothing, an empty period ----
export CLAIMTRACK_RULES=$root/rules
db=$tmp/seed.db
run ingest --db "$db" "$fx/article-2022-02-18.txt"
expect_status "ingest the seed article" 0
run report --db "$db" --proposition af.nope --out -
expect_status "report of an unknown proposition" 1
expect_equal "it names it and the closest known id" "$err" \
	"claimtrack: error: no proposition 'af.nope'; did you mean 'af.foreign-troops'? ('claimtrack propositions' lists them)"
expect_equal "and prints no report" "$out" ""
run report --db "$db" --proposition af.terorist-presense --out -
expect_status "report of a misspelt proposition" 1
expect_equal "a typo gets the id meant" "$err" \
	"claimtrack: error: no proposition 'af.terorist-presense'; did you mean 'af.terrorist-presence'?"
run report --db "$db" --proposition af.terrorist-presence --proposition af.nope --out -
expect_status "one unknown among known propositions" 1
run report --db "$db" --tag nosuchtag --tag isiss --out -
expect_status "report of unknown tags" 1
expect_match "the unknown tag is named" "$err" "^claimtrack: error: no tag 'nosuchtag'; did you mean '[a-z-]+'\? \("
expect_match "a misspelt tag gets the tag meant" "$err" "^claimtrack: error: no tag 'isiss'; did you mean 'isis'\?\$"
run report --db "$db" --tag AFGHANISTAN --out -
expect_status "a tag in another case is known, as the filter takes it" 0
expect_match "its report has claims" "$out" "af\.terrorist-presence"
run report --db "$db" --proposition af.terrorist-presence --tag isis --out -
expect_status "known proposition and tag" 0
run report --db "$db" --since 2022-03-01 --until 2022-01-01 --out -
expect_status "--since after --until" 2
expect_match "the inverted period is named" "$err" \
	"^claimtrack report: error: --since 2022-03-01 is after --until 2022-01-01"
run report --db "$db" --since 2022-02-18 --until 2022-02-18 --out -
expect_status "a one-day period" 0
# A tag of an older revision still finds that revision's claims.
run ingest --db "$tmp/tags.db" --rules "$nu/tags-rev1.rules" "$tmp/doc.txt"
printf 'date 2022-02-19\n\nISIS is a danger to the region.\n' >"$tmp/doc2.txt"
run ingest --db "$tmp/tags.db" --rules "$nu/tags-rev2.rules" "$tmp/doc2.txt"
for t in oldtag shared newtag; do
	run report --db "$tmp/tags.db" --tag "$t" --out - --format json
	expect_status "tag '$t' of some revision is known" 0
done
run report --db "$tmp/tags.db" --tag oldtag --out - --format json
py "the old revision's tag finds its claim" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["id"] for p in d["propositions"]] == ["nu.tagged"], d["propositions"]
' "$tmp/out"
run report --db "$tmp/tags.db" --tag oldtg --out -
expect_match "tags of every revision are offered" "$err" "did you mean 'oldtag'\?\$"

# ---- report sections are anchored by proposition id, not rank ----
run report --db "$db" --out - --format html
expect_status "the whole report as HTML" 0
cp "$tmp/out" "$tmp/all.html"
run report --db "$db" --proposition af.foreign-troops --out - --format html
expect_status "one proposition's report as HTML" 0
cp "$tmp/out" "$tmp/one.html"
py "a proposition's section has the same anchor in both reports" '
import re, sys
pages = [open(p, encoding="utf-8").read() for p in sys.argv[1:]]
for page in pages:
    sections = re.findall(r"<section class=\"prop\" id=\"([^\"]+)\">\n<h2>.*?</h2>\n<p class=\"meta\"><code>([^<]+)</code>", page)
    assert sections, "no sections"
    for anchor, pid in sections:
        assert anchor == pid, (anchor, pid)
    ids = re.findall(r" id=\"([^\"]+)\"", page)
    assert len(ids) == len(set(ids)), ids
    for href in re.findall(r"href=\"#([^\"]+)\"", page):
        assert href in ids, href
all_ids = re.findall(r"<section class=\"prop\" id=\"([^\"]+)\"", pages[0])
assert len(all_ids) > 2 and all_ids.index("af.foreign-troops") > 0, all_ids
assert "href=\"#af.foreign-troops\"" in pages[0]
assert "<section class=\"prop\" id=\"af.foreign-troops\">" in pages[1]
' "$tmp/all.html" "$tmp/one.html"

# ---- counts of one are singular ----
run ingest --db "$tmp/counts.db" --rules "$nu/tags-rev1.rules" "$tmp/doc.txt"
run report --db "$tmp/counts.db" --rules "$nu/tags-rev1.rules" --out "$tmp/one-claim"
expect_status "a report of one claim" 0
expect_match "its summary says 1 proposition, 1 claim" "$out" "\): 1 proposition, 1 claim\$"
run ingest --db "$tmp/counts.db" --rules "$nu/tags-rev2.rules" "$tmp/doc2.txt"
run report --db "$tmp/counts.db" --out "$tmp/two-claims"
expect_match "what is new, in the singular too" "$out" \
	"\): 1 proposition, 2 claims; new: 1 claim, 0 contradictions, 0 stance changes\$"
run rules list --rules "$one"
expect_match "rules list: 1 pattern, 1 expect" "$out" "^nu\.threat +rev 1 +1 pattern +1 expect +ISIS"
run rules list --rules "$root/rules"
expect_match "rules list: patterns and expects" "$out" "^af\.terrorist-presence +rev [0-9]+ +[0-9]+ patterns +[0-9]+ expects  "

# ---- --out naming a file ----
echo "keep me" >"$tmp/x.txt"
run report --db "$db" --out "$tmp/x.txt"
expect_status "report --out FILE" 1
expect_equal "it says the path is a file" "$err" \
	"claimtrack: error: --out '$tmp/x.txt' is a file; give a folder"
expect_equal "the file is left as it was" "$(cat "$tmp/x.txt")" "keep me"
expect_equal "nothing is written beside it" "$(find "$tmp" -maxdepth 1 -name '*x.txt*' | wc -l)" 1
run report --db "$db" --out "$tmp/x.txt/sub"
expect_status "report --out FILE/SUB" 1
expect_equal "it names the file on the way" "$err" \
	"claimtrack: error: --out '$tmp/x.txt/sub': '$tmp/x.txt' is a file; give a folder"
run nightly --db "$db" --out "$tmp/x.txt"
expect_status "nightly --out FILE" 1
expect_equal "nightly says the path is a file" "$err" \
	"claimtrack: error: --out '$tmp/x.txt' is a file; give a folder"
expect_equal "nightly leaves the file as it was" "$(cat "$tmp/x.txt")" "keep me"

echo "newuser_report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
