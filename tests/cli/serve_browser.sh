#!/usr/bin/env bash
# claimtrack serve in headless Chromium (serve_browser.py, the DevTools
# protocol from Python's standard library): a proposition page, a search
# typed in its box, a claim opened from a timeline mark by click and by
# tap, no sideways scrolling at 390 px, and screenshots at desktop and
# phone width in OUTDIR; a claim rated by a fact-check's verdict carries its
# ClaimReview JSON-LD and the console shows no CSP error; a wire story's
# claim says which outlets carry it, at both widths. Skipped (exit 77) where no Chromium is installed.
# Usage: serve_browser.sh CLAIMTRACK SOURCE_ROOT OUTDIR
. "$(dirname "$0")/lib.sh"

outdir=$3
export CLAIMTRACK_RULES=$root/rules CLAIMTRACK_DB=$tmp/t.db

run ingest "$fx"/stance/*.txt "$fx/article-2022-02-18.txt" "$fx/hostile-quote.txt"
expect_status "ingest the fixtures" 0
# One wire story carried by ten outlets (copies_corpus.py): its claims are
# shown once, "carried by 10 outlets" and the list.
mkdir -p "$tmp/copies"
python3 "$root/tests/cli/copies_corpus.py" "$fx/copies" "$tmp/copies"
run ingest "$tmp/copies"/copy-0?.txt
expect_status "ingest the copies of one story" 0

# The rules with a verdict on the proposition, and a claim it rates.
cp -r "$root/rules" "$tmp/vrules"
sed -i '/^proposition af.terrorist-presence$/,/^end$/ s/^  rev .*/&\n  verdict  True/' \
	"$tmp/vrules/afghanistan.rules"
export CLAIMTRACK_RULES=$tmp/vrules
run claims --proposition af.terrorist-presence --format json
rated=$(python3 -c '
import json, sys
print(next(c["id"] for c in json.load(open(sys.argv[1]))["claims"] if not c["hedged"]))
' "$tmp/out")
run export --format claimreview --proposition af.terrorist-presence
expect_status "the copy's verdict rates claims" 0

python3 "$root/tests/cli/serve_browser.py" "$bin" "$tmp/t.db" af.terrorist-presence \
	"$outdir" "$rated" >"$tmp/browser" 2>&1
rc=$?
cat "$tmp/browser"
if [ "$rc" -eq 77 ]; then
	exit 77
elif [ "$rc" -eq 0 ]; then
	ok "the browser checks ($(grep -c '^ok' "$tmp/browser") of them)"
else
	not_ok "the browser checks" "$(grep -v '^ok' "$tmp/browser")"
fi

echo "serve_browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
