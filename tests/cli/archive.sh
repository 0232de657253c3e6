#!/bin/bash
# The archive (issue 17): every stored document keeps its text. `show`
# prints a document with its claims marked ([[…]] when not a terminal;
# underline and bold on one) or a claim in its paragraph, in text and JSON,
# with clear errors; a database from before texts were kept is upgraded,
# says once which documents have none, and the next ingest of the same
# files stores their texts instead of only "already ingested".
# Usage: archive.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
db=$tmp/a.db
run ingest "${rules[@]}" --db "$db" "$fx/stance"
expect_status "ingest the stance fixtures" 0

# ---- show DOCUMENT ----
mon=$fx/stance/2022-05-02-khaama-monitors.txt
run show --db "$db" 2
expect_status "show a document" 0
expect_match "its header" "$out" '^document 2: UN monitors: ISIS regrouping in the north$'
expect_match "its outlet and date" "$out" '^  outlet    Khaama Press, 2022-05-02$'
expect_match "a claim's sentence marked, with its number" "$out" \
	'^\[\[The head of the UN monitoring team, Anna Lindqvist, said that ISIS fighters are active in northern Afghanistan and that their numbers are growing\.\]\]\[1\]$'
expect_match "text without claims is printed as it is" "$out" \
	'^"We have seen new training camps in Kunar and Nangarhar," Lindqvist told a briefing in New York\.$'
expect_match "the claims listed by number" "$out" \
	'^\[2\] refutes   af\.terrorist-presence  Inayatullah Khwarazami \(person, Defence Ministry spokesman\), via Pajhwok Afghan News  claim [0-9]+$'
# The text between the marks is the file's body, byte for byte.
py "the text shown is the body of the file" '
import re, sys
out, path = open(sys.argv[1]).read(), sys.argv[2]
body = open(path).read().split("\n\n", 1)[1]
text = out.split("\n\n", 1)[1].rsplit("\n\n", 1)[0] + "\n"
text = re.sub(r"\]\]\[[0-9,]+\]", "", text).replace("[[", "")
assert text == body, (text, body)
' "$tmp/out" "$mon"
run show --db "$db" d2
expect_equal "d2 is document 2" "$(head -1 <<<"$out")" "document 2: UN monitors: ISIS regrouping in the north"
run show --db "$db" "$mon"
expect_equal "the path it was ingested from names it" "$(head -1 <<<"$out")" "document 2: UN monitors: ISIS regrouping in the north"
run show --db "$db" https://example.org/khaama/2022-05-02-un-monitors
expect_equal "its url names it" "$(head -1 <<<"$out")" "document 2: UN monitors: ISIS regrouping in the north"

run show --db "$db" --format json 2
expect_status "show --format json" 0
py "JSON: the document, its text and paragraphs, its claims with their marks" '
import json, sys
j = json.load(open(sys.argv[1]))
d = j["document"]
body = open(sys.argv[2]).read().split("\n\n", 1)[1]
assert d["id"] == 2 and d["outlet"] == "Khaama Press" and d["date"] == "2022-05-02", d
assert d["text"] == body, d["text"]
assert len(d["paragraphs"]) == 3, d["paragraphs"]
assert [c["mark"] for c in j["claims"]] == [1, 2], j["claims"]
for c in j["claims"]:
    s, e = c["sentence_span"]
    assert body.encode()[s:e].decode() == c["sentence"], c
' "$tmp/out" "$mon"

# ---- show CLAIM ----
run claims --db "$db" --format json --speaker Lindqvist
cid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["claims"][0]["id"])' "$tmp/out")
run show --db "$db" "c$cid"
expect_status "show a claim" 0
expect_match "the claim's line" "$out" "^claim $cid  supports  af\.terrorist-presence  Anna Lindqvist \(person, head of the UN monitoring team\)$"
expect_match "its paragraph, the sentence marked" "$out" '^\[\[The head of the UN monitoring team, .*growing\.\]\]$'
run show --db "$db" --format json "c$cid"
py "JSON: the claim and its paragraph with its span" '
import json, sys
j = json.load(open(sys.argv[1]))
p = j["paragraph"]
assert j["claim"]["speaker"] == "Anna Lindqvist", j
s, e = j["claim"]["sentence_span"]
assert p["span"][0] <= s and e <= p["span"][1], (p, s, e)
assert j["claim"]["sentence"] in p["text"], p
' "$tmp/out"

# On a terminal: underline for the sentence, bold for the match, no [[ ]].
py "on a terminal the sentence is underlined and the match bold" '
import os, pty, subprocess, sys
m, s = pty.openpty()
subprocess.run([sys.argv[1], "--db", sys.argv[2], "show", sys.argv[3]], stdout=s,
               stderr=subprocess.DEVNULL)
os.close(s)
out = b""
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
assert b"\x1b[4mThe head of the UN monitoring team, Anna Lindqvist, said that \x1b[1mISIS fighters are active in northern Afghanistan\x1b[22m and that their numbers are growing.\x1b[24m" in out, out
assert b"[[" not in out, out
' "$bin" "$db" "c$cid"

# ---- errors ----
run show --db "$db" 99
expect_status "an unknown document" 1
expect_match "says so" "$err" "^claimtrack: error: no document 99 in $db"
run show --db "$db" c999
expect_status "an unknown claim" 1
expect_match "says so" "$err" "^claimtrack: error: no claim 999 in $db"
run show --db "$db" news/nothing.txt
expect_status "a path nothing was stored from" 1
expect_match "says what to give" "$err" "^claimtrack: error: no document stored from 'news/nothing\.txt' \(give a document id"
run show --db "$db"
expect_status "no argument" 2
run show --db "$db" 1 2
expect_status "two arguments" 2
run show --db "$db" --format xml 1
expect_status "an unknown format" 2
run show --db "$tmp/none.db" 1
expect_status "no database" 1
run show --help
expect_status "show --help" 0
expect_match "--help has the usage" "$out" '^usage: claimtrack show \[--format text\|json\] DOCUMENT\|CLAIM$'

# ---- a database from before texts were kept ----
old=$tmp/old.db
cp "$db" "$old"
python3 "$root/tests/cli/downgrade.py" "$old" 6
run show --db "$old" 2
expect_status "show on a database not upgraded yet" 1
expect_match "says a writing command upgrades it" "$err" 'older than this binary.s [0-9]+; a writing command \(ingest\) upgrades it'
run ingest "${rules[@]}" --db "$old" "$fx/article-2022-02-18.txt"
expect_status "ingest upgrades it" 0
expect_match "and says once that the old documents have no text" "$err" \
	"^claimtrack: note: $old: upgraded to schema [0-9]+, which keeps the text of each document; the 5 documents stored before have no text"
run db stats --db "$old"
expect_match "db stats counts them" "$out" '^documents     6 \(5 without stored text\)$'
run show --db "$old" 2
expect_status "show a document without text" 1
expect_match "says why and what to do" "$err" "^claimtrack: error: document 2 has no stored text: it was stored before claimtrack kept texts$"
expect_match "names its source" "$err" "^hint: ingest 'https://example\.org/khaama/2022-05-02-un-monitors' again to store it"
run show --db "$old" "c$cid"
expect_status "a claim of a document without text" 0
expect_match "is shown with its sentence" "$out" '^\[\[The head of the UN monitoring team, .*growing\.\]\]$'
expect_match "and a note says why" "$err" 'note: document 2 has no stored text'
run ingest "${rules[@]}" --db "$old" "$fx/stance/2022-05-02-khaama-monitors.txt"
expect_status "ingest one again" 0
expect_no_match "the note is said once" "$err" 'upgraded to schema'
expect_match "its text is stored now" "$out" "khaama-monitors\.txt: already ingested \(document 2\); its text stored now$"
run show --db "$old" 2
expect_status "and it shows" 0
run ingest "${rules[@]}" --db "$old" --format json "$fx/stance"
py "the others get theirs; JSON says which" '
import json, sys
j = json.load(open(sys.argv[1]))
stored = [d["id"] for d in j["documents"] if d.get("text_stored")]
assert stored == [1, 3, 4, 5], j["documents"]
assert j["total"]["texts_stored"] == 4, j["total"]
' "$tmp/out"
run ingest "${rules[@]}" --db "$old" "$fx/stance"
expect_no_match "a third ingest stores nothing" "$out" 'text stored now'
expect_match "its total says nothing of texts" "$out" '^total: 0 stored \(0 claims\), 5 already ingested, 0 empty, 0 failed$'
run db stats --db "$old" --format json
py "no document is without text" 'import json,sys; assert json.load(open(sys.argv[1]))["documents_without_text"] == 0' "$tmp/out"
run db check --db "$old"
expect_status "db check of the upgraded database" 0

# db check reads the texts: a damaged one is a problem.
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE document_texts SET body = zeroblob(length(body)) WHERE document_id = 3")
c.commit()
' "$old"
run db check --db "$old"
expect_status "db check of a damaged text" 1
expect_match "names the document" "$err$out" 'document 3: its stored text is damaged'
run show --db "$old" 3
expect_status "show of a damaged text" 1
expect_match "says it is damaged" "$err" 'document 3: its stored text is damaged'

echo "archive: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
