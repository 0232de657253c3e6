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
echo "http://127.0.0.1:1/nothing-listens-here" >"$tmp/sources.list"
run nightly --rules "$two" --db "$tmp/warn.db" --sources "$tmp/sources.list" \
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

echo "newuser_report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
