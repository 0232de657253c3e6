#!/bin/bash
# CLI tests of HTML pages: `extract` (text and JSON), HTML given to check,
# quotes and ingest (the same claims as the text version of the seed
# article, with date and outlet from the page), and bad pages.
# Usage: extract.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

page=$fx/html/seed.html
seed=$fx/article-2022-02-18.txt

rules=(--rules "$root/rules")

# ---- extract: text ----
run extract "$page"
expect_status "extract seed.html" 0
expect_match "text: title line" "$out" '^title: Terror groups in Afghanistan are a threat to the region, officials warn$'
expect_match "text: author line" "$out" '^author: Jamie Writer$'
expect_match "text: date line" "$out" '^date: 2022-02-18$'
expect_match "text: outlet line" "$out" '^outlet: Example News$'
expect_match "text: url line (canonical)" "$out" '^url: https://example\.org/2022/02/18/afghanistan-terror-threat$'
expect_no_match "text: no navigation" "$out" 'Politics|Opinion|Home'
expect_no_match "text: no sidebar" "$out" 'Most read|Cold wave|morning briefing'
expect_no_match "text: no comments" "$out" 'reader_one|whatever anyone says|in my opinion'
expect_no_match "text: no share bar or related links" "$out" 'Share this story|Facebook$|Kabul markets reopen|Read more'
expect_no_match "text: no caption, no footer" "$out" 'Photo: Example News archive|All rights reserved'
py "text: the body is the seed article, paragraph for paragraph" '
import sys
out = open(sys.argv[1], encoding="utf-8").read()
head, body = out.split("\n\n", 1)
want = open(sys.argv[2], encoding="utf-8").read().strip().split(" ", 2)[2].strip()
assert body.strip() == want, (body[:300], want[:300])
assert [l.split(":")[0] for l in head.split("\n")] == ["title", "author", "date", "outlet", "url"], head
' "$tmp/out" "$seed"

# The text output reads back as a document with the same header.
cp "$tmp/out" "$tmp/extracted.txt"
run check "${rules[@]}" --format json "$tmp/extracted.txt"
expect_status "check the extracted text" 0
py "extracted text keeps date and outlet through its header" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["claims"], d
assert all(c["date"] == "2022-02-18" and c["outlet"] == "Example News" for c in d["claims"]), d
' "$tmp/out"

# ---- extract: JSON ----
run extract --format json "$page"
expect_status "extract --format json" 0
py "json: exactly the documented keys, in order" '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["title", "author", "date", "date_source", "modified", "outlet", "url",
                   "canonical", "text"], list(d)
assert d["date_source"] in ("json-ld", "meta", "itemprop", "time", "url"), d
assert d["date"] == "2022-02-18" and d["outlet"] == "Example News" and d["author"] == "Jamie Writer", d
assert d["url"] == "https://example.org/2022/02/18/afghanistan-terror-threat", d
assert d["canonical"] is None, d   # a file: its canonical link is its url
want = open(sys.argv[2], encoding="utf-8").read().strip().split(" ", 2)[2].strip()
assert d["text"] == want
' "$tmp/out" "$seed"

"$bin" extract --format json - <"$page" >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status "extract from stdin" 0
py "stdin gives the same text" '
import json, sys
assert json.load(open(sys.argv[1]))["text"].startswith("On December 17, US Central Command")
' "$tmp/out"

# Unknown values are null in JSON and left out of the text header.
printf '<html><body><div><p>%s</p></div></body></html>' \
	"$(python3 -c 'print("A plain page with one long paragraph, some commas, and no metadata at all. " * 10)')" \
	>"$tmp/plain.html"
run extract --format json "$tmp/plain.html"
expect_status "extract a page without metadata" 0
py "json: nulls for what is unknown" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["author"] is None and d["date"] is None and d["outlet"] is None and d["url"] is None, d
assert d["text"].startswith("A plain page"), d
' "$tmp/out"
run extract "$tmp/plain.html"
expect_no_match "text: no lines for unknown values" "$out" '^(author|date|outlet|url):'

# --url gives the address; the host names the outlet when the page does not.
run extract --format json --url "https://www.example.com/a/b.html" "$tmp/plain.html"
py "--url: url and host-name outlet" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["url"] == "https://www.example.com/a/b.html" and d["outlet"] == "example.com", d
' "$tmp/out"

# With --rules, an outlet block whose domain the URL is under names the outlet.
cat >"$tmp/outlets.rules" <<'EOF'
outlet Example Daily
  alias The Example
  domain example.org
end
EOF
run extract --rules "$tmp/outlets.rules" --format json "$page"
expect_status "extract with an outlet block" 0
py "outlet by domain from the rules" '
import json, sys
assert json.load(open(sys.argv[1]))["outlet"] == "Example Daily"
' "$tmp/out"

# A windows-1252 page that does not say so.
printf '<html><head><title>Caf\xe9</title></head><body><p>%s Caf\xe9 cr\xe8me, \x93quoted\x94 \x96 done.</p></body></html>' \
	"$(python3 -c 'print("Words, words and more words. " * 20)')" >"$tmp/cp1252.html"
run extract --format json "$tmp/cp1252.html"
expect_status "extract an undeclared windows-1252 page" 0
py "windows-1252 decoded" '
import json, sys
d = json.load(open(sys.argv[1]))
assert "Café crème, \u201cquoted\u201d \u2013 done." in d["text"], d["text"][-80:]
assert d["title"] == "Café", d
' "$tmp/out"

# ---- HTML given to check, quotes and ingest ----
claims() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["claims"]:
    speaker = c["speaker"]
    if c["speaker_kind"] == "narrator":
        speaker = "<narrator>"
    print(c["proposition"], c["stance"], speaker, sep="|")
' "$1" | sort
}
run check "${rules[@]}" --format json "$seed"
expect_status "check the text version" 0
claims "$tmp/out" >"$tmp/claims.txt"
cp "$tmp/out" "$tmp/check-txt.json"
run check "${rules[@]}" --format json "$page"
expect_status "check the HTML version" 0
claims "$tmp/out" >"$tmp/claims.html"
if [ -s "$tmp/claims.txt" ] && cmp -s "$tmp/claims.txt" "$tmp/claims.html"; then
	ok "HTML and text give the same claims (proposition, stance, speaker)"
else
	not_ok "HTML and text give different claims" "$(diff "$tmp/claims.txt" "$tmp/claims.html")"
fi
py "check: date and outlet from the page metadata" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["claims"]
for c in d["claims"]:
    assert c["date"] == "2022-02-18", c
    assert c["outlet"] == "Example News", c
    if c["speaker_kind"] == "narrator":
        assert c["speaker"] == "Example News", c
' "$tmp/out"

# By content, whatever the name.
cp "$page" "$tmp/page.txt"
run check "${rules[@]}" --format json "$tmp/page.txt"
claims "$tmp/out" >"$tmp/claims.content"
if cmp -s "$tmp/claims.txt" "$tmp/claims.content"; then
	ok "a page named .txt is read as HTML by its content"
else
	not_ok "a page named .txt" "$(diff "$tmp/claims.txt" "$tmp/claims.content")"
fi

run quotes "${rules[@]}" --format json "$page"
expect_status "quotes on an HTML page" 0
py "quotes: the seed speakers" '
import json, sys
q = json.load(open(sys.argv[1]))["quotes"]
names = {x["speaker"] for x in q}
assert {"Kenneth McKenzie", "Stanislav Zas", "Inayatullah Khwarazami"} <= names, names
' "$tmp/out"

run ingest "${rules[@]}" --db "$tmp/html.db" "$page"
expect_status "ingest an HTML page" 0
expect_match "ingest names the page" "$out" 'seed\.html: 13 claims'
run claims --db "$tmp/html.db" --format json
py "stored claims carry the page metadata" '
import json, sys
d = json.load(open(sys.argv[1]))
claims = d["claims"] if isinstance(d, dict) else d
assert len(claims) == 13, len(claims)
for c in claims:
    assert c["outlet"] == "Example News" and c["date"] == "2022-02-18", c
' "$tmp/out"
run ingest "${rules[@]}" --db "$tmp/html.db" "$page"
expect_match "the same page again is a duplicate" "$out" 'already ingested'

mkdir -p "$tmp/folder/sub"
cp "$page" "$tmp/folder/sub/a.html"
cp "$page" "$tmp/folder/b.HTM"
printf 'date 2022-01-01\n\nISIS concerns us in Afghanistan.\n' >"$tmp/folder/c.txt"
printf 'not a page\n' >"$tmp/folder/d.md"
# Links are followed, to files and to folders; a FIFO is not a file.
ln -s "$tmp/folder/c.txt" "$tmp/folder/e-link.txt"
ln -s "$tmp/folder/sub" "$tmp/folder/f-linked"
mkfifo "$tmp/folder/g-fifo.txt"
run ingest "${rules[@]}" --db "$tmp/folder.db" --format json "$tmp/folder"
expect_status "ingest a folder with pages" 0
py "folder walk takes *.html, *.htm and *.txt, through links" '
import json, sys
d = json.load(open(sys.argv[1]))
got = [x["source"].split("/folder/")[1] for x in d["documents"]]
assert got == ["b.HTM", "c.txt", "e-link.txt", "f-linked/a.html"], got
assert [x["status"] for x in d["documents"]] == ["stored", "stored"] + ["duplicate"] * 2, \
    d["documents"]
' "$tmp/out"
expect_match "a folder reached twice is read once, with a note" "$err" \
	"folder/sub: note: the same folder as '.*/folder/f-linked', read already: not read again$"

# ---- bad pages ----
: >"$tmp/empty.html"
run extract "$tmp/empty.html"
expect_status "extract an empty file" 1
expect_match "empty file is named" "$err" "empty\.html' is empty"

head -c 4096 /dev/urandom >"$tmp/binary.html"
printf '\0\0\0' >>"$tmp/binary.html"
run extract "$tmp/binary.html"
expect_status "extract a binary file" 1
expect_match "binary file is named" "$err" "binary\.html' looks like a binary file"

printf '<<<>>> &&&; <p <div class=">\n</b></i><table><tr><td>x</tr></p>' >"$tmp/invalid.html"
run extract --format json "$tmp/invalid.html"
expect_status "extract invalid HTML" 0
py "invalid HTML: valid JSON out" '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d["text"], str)
' "$tmp/out"
printf '<html><head><title>Nothing here</title><script>var x = 1;</script></head><body><script>draw();</script></body></html>' >"$tmp/notext.html"
run extract "$tmp/notext.html"
expect_status "extract a page without text" 0
expect_match "no text: says so" "$err" "notext\.html': no article text found"
expect_match "no text: still the title" "$out" '^title: Nothing here$'
run check "${rules[@]}" "$tmp/invalid.html"
expect_status "check invalid HTML" 0
expect_match "check invalid HTML: no claims" "$out" 'no claims found'

python3 -c 'print("<html><body>" + "<div>" * 10000 + "deep" + "</div>" * 10000 + "</body></html>")' >"$tmp/deep.html"
run extract "$tmp/deep.html"
expect_status "extract 10,000 nested divs" 1
expect_match "too deep is said" "$err" "deep\.html': HTML elements nested deeper than 256 levels"
run ingest "${rules[@]}" --db "$tmp/bad.db" "$tmp/deep.html" "$page"
expect_status "ingest with one page too deep" 1
expect_match "ingest names the deep page" "$err" 'deep\.html: error: HTML elements nested deeper'
expect_match "ingest goes on to the next page" "$out" 'seed\.html: 13 claims'

printf '<!DOCTYPE html><html><body><p>Null\0 bytes\0 inside, %s</p></body></html>' \
	"$(python3 -c 'print("and more words, " * 40)')" >"$tmp/nul.html"
run extract --format json "$tmp/nul.html"
expect_status "extract a page with NUL bytes" 0
expect_match "NUL bytes are counted" "$err" "nul\.html': 2 NUL bytes dropped"
py "NUL bytes dropped, text kept" '
import json, sys
assert json.load(open(sys.argv[1]))["text"].startswith("Null bytes inside")
' "$tmp/out"

# Script and style content is skipped before parsing, JSON-LD is still
# read, and markup inside scripts does not leak into the text.
story=$(python3 -c 'print("Sentences about the bridge, its cost and its delays. " * 12)')
cat >"$tmp/scripts.html" <<EOF
<!DOCTYPE html><html><head><title>Bridge news</title>
<style>p { color: red } .x:after { content: "</p><p>style leak" }</style>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "author": {"name": "Dana Reporter"},
 "datePublished": "2023-04-05", "headline": "Bridge news"}</script>
<script>document.write('<p>script leak</p>'); var t = "<style>";</script>
</head><body><article><p>$story</p>
<script>var s = '<div>another script leak</div>';</script>
<!-- <script> in a comment is not a script -->
<p title="<script>">Last paragraph, after the scripts.</p></article></body></html>
EOF
run extract --format json "$tmp/scripts.html"
expect_status "extract a page with scripts and styles" 0
py "scripts and styles skipped, JSON-LD read, text kept" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["author"] == "Dana Reporter" and d["date"] == "2023-04-05", d
assert "leak" not in d["text"], d["text"]
assert d["text"].startswith("Sentences about the bridge"), d["text"][:80]
assert d["text"].rstrip().endswith("Last paragraph, after the scripts."), d["text"][-80:]
' "$tmp/out"

# A URL that is never fetched here (a private address, refused, or no
# fetching at all): a clean error naming it.
run extract "http://127.0.0.1:9/story.html"
expect_status "extract a URL that cannot be read" 1
expect_match "the URL is named" "$err" "'http://127\.0\.0\.1:9/story\.html'"
run extract "$tmp/missing.html"
expect_status "extract a missing file" 1
expect_match "missing file is named" "$err" "cannot read '.*missing\.html'"
run extract
expect_status "extract without a page" 2
run extract --format yaml "$page"
expect_status "extract with a bad format" 2
run extract "$page" "$page"
expect_status "extract with two pages" 2
run extract --help
expect_status "extract --help" 0
expect_match "extract --help shows usage" "$out" '^usage: claimtrack extract'

echo "extract: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
