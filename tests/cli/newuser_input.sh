#!/bin/bash
# CLI tests of what a new user met with their first inputs: header dates
# written as people write them (and a warning naming file and line for one
# that cannot be read), inputs with no text to check, `check` going on past
# an input it cannot read, folder walks that take .TXT and say what they
# passed over, and "1 byte", not "1 bytes".
# Usage: newuser_input.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
claim='The Taliban said there are no terrorists in Afghanistan.'

# article FILE HEADER...: a file with these header lines, a blank line, a
# sentence with one claim and one that names the file (no two alike).
article() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
	printf '\n%s It was in %s.\n' "$claim" "$(basename "$f")" >>"$f"
}

# page FILE: an HTML article with one claim, naming the file.
page() {
	local name
	name=$(basename "$1")
	cat >"$1" <<EOF
<!doctype html>
<html><head><title>Page $name</title></head>
<body><article><h1>Page $name</h1>
<p>$claim The board met in Kabul on Monday, and this page is $name, one of several.</p>
<p>Officials said the meeting would go on for a week, with more talks planned after it.</p>
</article></body></html>
EOF
}

# ---- 1. header dates ----

article written.txt 'date: March 3, 2023' 'title: Written date'
run check "${rules[@]}" written.txt
expect_status "check: a written date" 0
expect_match "the written date is read" "$out" '^  published 2023-03-03$'
expect_match "the header's title is kept" "$out" '^  document  Written date$'
expect_equal "no warning for a date that reads" "$err" ""

i=0
for d in '3 March 2023' 'Mar. 3, 2023' '2023-03-03T10:00:00Z' '2023-03-03 10:00 +02:00' \
	'Friday, March 3rd, 2023 at 10:15 a.m. EST'; do
	i=$((i + 1))
	article "form$i.txt" "date: $d"
	run check "${rules[@]}" --format json "form$i.txt"
	py "'$d' is 2023-03-03" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert len(c) == 1 and c[0]["date"] == "2023-03-03", c
' "$tmp/out"
	expect_equal "'$d': no warning" "$err" ""
done

article bad.txt 'date: March 32, 2023' 'title: Bad date'
run check "${rules[@]}" bad.txt
expect_status "check: a date that does not exist is a warning, not an error" 0
expect_match "the warning names file and line" "$err" \
	"^bad\.txt:1: warning: date 'March 32, 2023' does not exist; the document has no date$"
expect_no_match "no date is made up" "$out" '^  published'
expect_match "the other header lines still count" "$out" '^  document  Bad date$'
expect_no_match "the header is not body" "$out" 'sentence .*date'

article feb30.txt 'title: Leap' 'date 2023-02-30'
run check "${rules[@]}" feb30.txt
expect_match "2023-02-30: line 2" "$err" "^feb30\.txt:2: warning: date '2023-02-30' does not exist"

article slashes.txt 'date: 03/03/2023'
run check "${rules[@]}" slashes.txt
expect_match "an ambiguous date cannot be read, and the warning says how to write it" "$err" \
	"^slashes\.txt:1: warning: date '03/03/2023' cannot be read \(write it as YYYY-MM-DD, or like March 3, 2023\); the document has no date$"

run check "${rules[@]}" --date 2023-01-05 bad.txt
expect_match "--date: the given date" "$out" '^  published 2023-01-05$'
expect_equal "--date: no warning about the header's date" "$err" ""

run check "${rules[@]}" "$(printf 'date: March 32, 2023\n\n%s' "$claim")"
expect_match "text given inline: the same warning" "$err" "^<text>:1: warning: date 'March 32, 2023'"

# ingest: the warning, and the document stored with its date.
mkdir dated
article dated/1-written.txt 'date: 3 March 2023' 'url: https://example.org/1'
article dated/2-bad.txt 'date: March 32, 2023' 'url: https://example.org/2'
run ingest "${rules[@]}" --db dated.db --jobs 2 dated
expect_status "ingest: a bad date is a warning" 0
expect_match "ingest: the warning names file and line" "$err" \
	"^dated/2-bad\.txt:1: warning: date 'March 32, 2023' does not exist; the document has no date$"
expect_no_match "ingest: no warning for the written date" "$err" '1-written'
expect_match "ingest: both stored" "$out" '^total: 2 stored'
run claims --db dated.db --since 2023-03-01 --until 2023-03-31 --format json
py "the written date is in the period" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert [x["document"]["url"] for x in c] == ["https://example.org/1"], c
assert c[0]["date"] == "2023-03-03", c
' "$tmp/out"
run ingest "${rules[@]}" --db dated2.db --date 2023-03-04 dated/2-bad.txt
expect_equal "ingest --date: no warning about the header's date" "$err" ""

# ---- 2. no text to check ----

cat >app.html <<'EOF'
<!doctype html>
<html><head><title>App</title></head>
<body><div id="root"></div><script src="/static/app.js"></script></body></html>
EOF
printf 'title: Only a header\noutlet: Nobody\n\n\n' >header-only.txt
: >empty.txt

run check "${rules[@]}" app.html
expect_status "check: a page with no article text" 0
expect_match "check says so, as extract does" "$err" "^claimtrack: warning: 'app\.html': no article text found$"
expect_equal "the summary says it had no text" "$out" "no claims found in 1 input (1 with no text)"
run extract app.html
expect_match "extract's words are the same" "$err" "'app\.html': no article text found$"

run check "${rules[@]}" header-only.txt written.txt
expect_match "check: nothing after the header" "$err" "^claimtrack: warning: 'header-only\.txt': no text after the header$"
expect_match "the summary counts it" "$out" '^1 claim \(0 supports, 1 refutes\) in 2 inputs \(1 with no text\)$'
run check "${rules[@]}" empty.txt
expect_match "check: an empty file" "$err" "^claimtrack: warning: 'empty\.txt' is empty$"

run check "${rules[@]}" written.txt
expect_equal "with text, the summary is as it was" "$(tail -n 1 <<<"$out")" "1 claim (0 supports, 1 refutes) in 1 input"

mkdir nothing
cp app.html header-only.txt empty.txt nothing/
run ingest "${rules[@]}" --db nothing.db nothing
expect_status "ingest: empty inputs are skipped" 0
expect_match "ingest: a page says why" "$out" '^nothing/app\.html: empty \(no article text\), skipped$'
expect_match "ingest: a header without text says why" "$out" '^nothing/header-only\.txt: empty \(no text after the header\), skipped$'
expect_match "ingest: an empty file is just empty" "$out" '^nothing/empty\.txt: empty, skipped$'
expect_match "ingest: the total as before" "$out" '^total: 0 stored \(0 claims\), 0 already ingested, 3 empty, 0 failed$'
run ingest "${rules[@]}" --db nothing.db --format json nothing
py "ingest --format json: the status is still 'empty'" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["status"] for x in d["documents"]] == ["empty"] * 3, d
assert d["total"]["empty"] == 3, d
' "$tmp/out"

# ---- 3. check goes on past an input it cannot read ----

run check "${rules[@]}" written.txt nosuch.txt
expect_status "check good.txt nosuch.txt" 1
expect_match "the good input's claim is printed" "$out" '^  input     written\.txt$'
expect_match "the error names the missing one" "$err" "^claimtrack: error: cannot read 'nosuch\.txt': "
expect_match "the summary counts the failure" "$out" '^1 claim \(0 supports, 1 refutes\) in 1 input; 1 input failed$'

run check "${rules[@]}" nosuch.txt written.txt
expect_status "check nosuch.txt good.txt" 1
expect_match "the missing one first: the good one still printed" "$out" '^refutes   af\.terrorist-presence'

run check "${rules[@]}" --format json written.txt nosuch.txt
expect_status "check --format json with a missing input" 1
py "the JSON holds the good input's claim" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert [x["input"] for x in c] == ["written.txt"], c
' "$tmp/out"

run check "${rules[@]}" nosuch.txt
expect_status "check with only a missing input" 1
expect_equal "nothing on stdout" "$out" ""

run check --help
expect_match "check --help documents exit 1 for an input that fails" "$out" '^status is 1'
expect_match "check --help: the others are still checked" "$out" 'the others are still checked'

# ---- 4. folder walks ----

mkdir -p kinds/sub
article kinds/A.TXT 'date: 2023-03-01' 'url: https://example.org/A'
article kinds/sub/b.Txt 'date: 2023-03-02' 'url: https://example.org/b'
page kinds/c.Html
page kinds/sub/d.HTM
echo '# notes' >kinds/notes.md
echo 'x' >kinds/sub/scan.pdf
echo 'hidden' >kinds/.DS_Store
run ingest "${rules[@]}" --db kinds.db kinds
expect_status "ingest a folder of mixed cases" 0
expect_match ".TXT is read" "$out" '^kinds/A\.TXT: 1 claim'
expect_match ".Txt is read" "$out" '^kinds/sub/b\.Txt: 1 claim'
expect_match ".Html is read" "$out" '^kinds/c\.Html: 1 claim'
expect_match ".HTM is read" "$out" '^kinds/sub/d\.HTM: 1 claim'
expect_match "a note counts the files passed over (not hidden ones)" "$err" \
	'^kinds: note: 2 files of other kinds skipped \(only \*\.txt, \*\.html and \*\.htm are read\)$'

mkdir notes
echo '# a' >notes/a.md
echo '# b' >notes/b.md
run ingest "${rules[@]}" --db notes.db notes
expect_status "a folder with nothing to read" 1
expect_match "the error counts what was there" "$err" \
	'^claimtrack: error: no \*\.txt, \*\.html or \*\.htm files in notes \(2 files of other kinds skipped\)$'
mkdir void
run ingest "${rules[@]}" --db notes.db void
expect_match "an empty folder: no count" "$err" '^claimtrack: error: no \*\.txt, \*\.html or \*\.htm files in void$'

# ---- 5. one byte, not one bytes ----

printf 'The Taliban said there are no terrorists in \xff Afghanistan.\n' >one-bad.txt
run check "${rules[@]}" one-bad.txt
expect_match "check: 1 invalid UTF-8 byte" "$err" "^claimtrack: warning: 'one-bad\.txt': 1 invalid UTF-8 byte replaced$"
printf 'Two \xff\xfe bad bytes and a NUL \0 here.\n' >two-bad.txt
run check "${rules[@]}" two-bad.txt
expect_match "check: 2 bytes, 1 NUL byte" "$err" "'two-bad\.txt': 2 invalid UTF-8 bytes replaced, 1 NUL byte dropped$"
run ingest "${rules[@]}" --db bytes.db one-bad.txt
expect_match "ingest: 1 invalid UTF-8 byte" "$err" '^one-bad\.txt: warning: 1 invalid UTF-8 byte replaced with U\+FFFD$'

# ---- URLs: an empty page says why, in ingest and nightly ----

start_server
run ingest "${rules[@]}" --db urls.db --allow-private "$B/empty.html"
expect_match "ingest URL: an empty page says why" "$out" "^$B/empty\.html: empty \(no article text\), skipped$"
printf '%s\n' "$B/empty.html" >sources.list
run nightly "${rules[@]}" --db nightly/claimtrack.db --sources sources.list --out reports --allow-private
expect_match "nightly: an empty page says why" "$out" "^$B/empty\.html: empty \(no article text\), skipped$"

echo "newuser_input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
