#!/bin/bash
# ingest looks for stored documents before matching them: a document
# stored already is not matched again, with --jobs 1 (through the
# writer's connection) and with threads (one read-only connection the
# workers share). Matching is seen through a pattern that gives up on a
# sentence and warns (tests/fixtures/hostile.rules).
# Usage: ingest_lookup.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$fx/hostile.rules")
mkdir in
for i in 1 2 3 4 5 6; do
	python3 -c '
import sys
print("title Story %s\n" % sys.argv[1])
print("a" * 40 + "b. ISIS is a threat to the region.\n")
print("Paragraph %s of its own.\n" % sys.argv[1])
' "$i" >"in/doc$i.txt"
done

for jobs in 1 3; do
	db=$tmp/j$jobs.db
	run ingest "${rules[@]}" --db "$db" --jobs "$jobs" in
	expect_status "--jobs $jobs: ingest" 0
	expect_match "--jobs $jobs: all stored" "$out" '^total: 6 stored \(6 claims\)'
	expect_match "--jobs $jobs: matching them warns" "$err" 'warning: pattern gave up on a sentence'
	run ingest "${rules[@]}" --db "$db" --jobs "$jobs" in
	expect_status "--jobs $jobs: again" 0
	expect_match "--jobs $jobs: all stored already" "$out" '^total: 0 stored \(0 claims\), 6 already ingested'
	expect_no_match "--jobs $jobs: none is matched again" "$err" 'gave up'
	# One new among the stored: it alone is matched.
	printf 'title Story 7\n\n%sb. ISIS is a threat to the region.\n' "$(printf 'a%.0s' {1..40})" >in/doc7.txt
	run ingest "${rules[@]}" --db "$db" --jobs "$jobs" in
	expect_match "--jobs $jobs: the new one is stored" "$out" '^total: 1 stored \(1 claim\), 6 already ingested'
	expect_equal "--jobs $jobs: and it alone is matched" "$(grep -c 'gave up' <<<"$err")" 1
	rm in/doc7.txt
done

echo "ingest_lookup: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
