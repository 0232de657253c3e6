#!/bin/bash
# CLI tests of a text file's header with one bad line in it: an invalid
# byte or a NUL in a value, a key with no value, a key claimtrack does not
# know, more than 16 lines. The header's other fields are kept, none of it
# becomes a sentence of the body (where the probe found a narrator's claim
# in a title), and a warning names the file, the line and the key. An
# ordinary first paragraph that starts with a word and a colon stays body.
# docs/limits.md lists these under "Hostile inputs".
# Usage: header.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
body='Anna Lindqvist said that ISIS fighters are still active in Afghanistan.'
known='\(known: date, title, outlet, url, author, lang\); ignored$'

# fields NAME [URL [TITLE]]: `check --format json` ($out) found Anna's claim
# alone, with the header's date, outlet, url and title.
fields() {
	py "$1" '
import json, sys
claims = json.loads(sys.argv[1])["claims"]
assert len(claims) == 1, [c["sentence"] for c in claims]
c = claims[0]
assert c["speaker"] == "Anna Lindqvist" and c["stance"] == "supports", c
assert c["sentence"] == sys.argv[2], c["sentence"]
assert c["date"] == "2022-01-15" and c["outlet"] == "Tolo News", c
assert c["document"]["url"] == (sys.argv[3] or None), c["document"]
if len(sys.argv) > 4:
    assert c["document"]["title"] == sys.argv[4], c["document"]
' "$out" "$body" "${2-https://tolonews.com/a/1}" "${@:3}"
}

# An invalid byte in the title: the probe's case.
printf 'date 2022-01-15\ntitle Caf\xe9 owner: there are no terrorists in Afghanistan\noutlet Tolo News\nurl https://tolonews.com/a/1\n\n%s\n' \
	"$body" >bad-byte.txt
run check "${rules[@]}" bad-byte.txt
expect_status "check: an invalid byte in a header value" 0
expect_no_match "check: the title is no claim of the narrator" "$out" '^refutes|narrator|^  (sentence|match) .*no terrorists'
expect_match "check: the title is kept, its byte replaced" "$out" \
	$'^  document  Caf\xef\xbf\xbd owner: there are no terrorists in Afghanistan <https://tolonews.com/a/1>$'
expect_match "check: the date and outlet are kept" "$out" '^  published Tolo News, 2022-01-15$'
expect_match "check: the warning names file, line and key" "$err" \
	"^bad-byte.txt:2: warning: header 'title': 1 invalid UTF-8 byte replaced with U\+FFFD$"
expect_no_match "check: no body byte was replaced" "$err" "'bad-byte.txt': .*replaced"
run check "${rules[@]}" --format json bad-byte.txt
fields "check --format json: one claim, the header's fields" \
	https://tolonews.com/a/1 $'Caf\xef\xbf\xbd owner: there are no terrorists in Afghanistan'

# NUL bytes in a value are dropped.
printf 'date 2022-01-15\ntitle T\noutlet Tolo\0 News\nurl https://tolonews.com/a/1\n\n%s\n' "$body" >nul.txt
run check "${rules[@]}" --format json nul.txt
fields "check: a NUL in the outlet is dropped" https://tolonews.com/a/1 T
expect_match "check: the NUL is warned about" "$err" "^nul.txt:3: warning: header 'outlet': 1 NUL byte dropped$"

# A key with nothing after it.
printf 'date 2022-01-15\ntitle T\noutlet Tolo News\nurl:\n\n%s\n' "$body" >empty.txt
run check "${rules[@]}" --format json empty.txt
expect_status "check: an empty header value" 0
fields "check: the other fields kept, no url" "" T
expect_match "check: the empty value is warned about" "$err" \
	"^empty.txt:4: warning: header 'url' has no value; ignored$"

# A key claimtrack does not know, with and without a colon.
printf 'date 2022-01-15\ntitle T\nsource Reuters\noutlet Tolo News\nurl https://tolonews.com/a/1\n\n%s\n' \
	"$body" >unknown.txt
printf 'Date: 2022-01-15\nTitle: T\nOutlet: Tolo News\nURL: https://tolonews.com/a/1\nSection: World\n\n%s\n' \
	"$body" >unknown-colon.txt
run check "${rules[@]}" --format json unknown.txt
expect_status "check: an unknown header key" 0
fields "check: the known fields kept" https://tolonews.com/a/1 T
expect_match "check: the unknown key is warned about" "$err" \
	"^unknown.txt:3: warning: unknown header key 'source' $known"
run check "${rules[@]}" --format json unknown-colon.txt
fields "check: 'Section: World' leaves the known fields" https://tolonews.com/a/1 T
expect_match "check: 'Section' is warned about" "$err" \
	"^unknown-colon.txt:5: warning: unknown header key 'Section' $known"

# The three in ingest: stored with the header's fields, warned about.
run ingest "${rules[@]}" --db "$tmp/h.db" bad-byte.txt empty.txt unknown.txt
expect_status "ingest: the three files" 0
expect_match "ingest: the byte warned about" "$err" "^bad-byte.txt:2: warning: header 'title'"
expect_match "ingest: the empty url warned about" "$err" "^empty.txt:4: warning: header 'url' has no value"
expect_match "ingest: the unknown key warned about" "$err" "^unknown.txt:3: warning: unknown header key 'source'"
run claims --db "$tmp/h.db" --format json
py "ingest: no claim from a header, the outlet and date stored" '
import json, sys
claims = json.loads(sys.argv[1])["claims"]
assert claims, "no claims"
for c in claims:
    assert c["speaker"] == "Anna Lindqvist", c["sentence"]
    assert c["outlet"] == "Tolo News" and c["date"] == "2022-01-15", c
' "$out"

# More than 16 header lines (the old limit): 17 of them unknown keys.
{
	printf 'date 2022-01-15\ntitle T\noutlet Tolo News\n'
	for i in $(seq 1 17); do printf 'tag-%d: t%d\n' "$i" "$i"; done
	printf 'url https://tolonews.com/a/1\n\n%s\n' "$body"
} >long.txt
run check "${rules[@]}" --format json long.txt
fields "check: a header of 21 lines is read" https://tolonews.com/a/1 T
expect_equal "check: each unknown key warned about" "$(grep -c "unknown header key 'tag-" <<<"$err")" 17
expect_match "check: the last one at line 20" "$err" "^long.txt:20: warning: unknown header key 'tag-17'"
# Past 64 lines the rest of the header is ignored, not made body.
{
	printf 'date 2022-01-15\noutlet Tolo News\nurl https://tolonews.com/a/1\n'
	for i in $(seq 4 70); do printf 'title there are no terrorists in Afghanistan, line %d\n' "$i"; done
	printf '\n%s\n' "$body"
} >longer.txt
run check "${rules[@]}" --format json longer.txt
fields "check: a header of 70 lines, read to line 64" https://tolonews.com/a/1 \
	'there are no terrorists in Afghanistan, line 64'
expect_match "check: the lines past 64 warned about" "$err" \
	'^longer.txt:65: warning: the header has more than 64 lines; lines 65 to 70 ignored$'

# An ordinary first paragraph is body, whatever its first word.
for first in 'Update: the minister said there are no terrorists in Afghanistan.' \
	$'Kabul \xe2\x80\x94 the minister said there are no terrorists in Afghanistan.' \
	$'Title IX was not discussed; the minister said there are no\nterrorists in Afghanistan.'; do
	printf '%s\n\n%s\n' "$first" "$body" >colon.txt
	run check "${rules[@]}" --format json colon.txt
	py "check: '${first%% *}' starts the body" '
import json, sys
claims = json.loads(sys.argv[1])["claims"]
assert len(claims) == 2, [c["sentence"] for c in claims]
assert claims[0]["stance"] == "refutes" and "no terrorists" in claims[0]["match"].replace("\n", " "), claims[0]
assert claims[0]["document"]["title"] is None and claims[0]["date"] is None, claims[0]
' "$out"
	expect_equal "check: '${first%% *}' is not warned about" "$err" ""
done

echo "header: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
