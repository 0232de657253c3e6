#!/bin/bash
# CLI tests of what an outside probe of the built tool found: a page that
# names another site's address as its canonical link (or og:url), a feed
# whose entities expand a billion times, and control characters in a page
# that extract printed. Pages and feeds come from tests/http/server.py
# (routes /posing and /feed-lol.rss) or are written in the temp folder.
# docs/limits.md lists each case under "Hostile inputs".
# Usage: probe.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
P=--allow-private

start_server
# The same server under another site's name: "localhost" is not 127.0.0.1.
L=http://localhost:$port

# doc_of DB URL: the stored document fetched from URL, as "url|outlet".
doc_of() {
	"$bin" claims --db "$1" --format json 2>/dev/null | python3 -c '
import json, sys
for c in json.load(sys.stdin)["claims"]:
    if c["document"]["source"] == sys.argv[1]:
        print("%s|%s" % (c["document"]["url"], c["outlet"]))
        break
' "$2"
}

# ---- a canonical link on another site is not trusted ----
db=$tmp/canon.db
spoof="$B/posing?n=901&canonical=https://tolonews.com/afghanistan-177777"
run ingest "${rules[@]}" --db "$db" $P "$spoof"
expect_status "a page claiming a tolonews.com canonical is stored" 0
# The rules' Tolo News block has domain tolonews.com: trusted, the canonical
# would make the page Tolo News's. 127.0.0.1 is in no outlet block: the
# page's own site name.
expect_equal "stored under the fetched URL and its own outlet, not Tolo News" \
	"$(doc_of "$db" "$spoof")" "$spoof|Test Gazette"

og="$B/posing?n=903&og=https://www.tolonews.com/afghanistan-177778"
run ingest "${rules[@]}" --db "$db" $P "$og"
expect_status "a page claiming a tolonews.com og:url is stored" 0
expect_equal "og:url on another site: the fetched URL, its own outlet" \
	"$(doc_of "$db" "$og")" "$og|Test Gazette"

# The real article, fetched after a page that claimed its address, is stored.
poser="$B/posing?n=902&canonical=$L/page/7"
run ingest "${rules[@]}" --db "$db" $P "$poser"
expect_status "a page claiming the address of another site's article" 0
expect_equal "the poser is stored under its own URL" "$(doc_of "$db" "$poser")" \
	"$poser|Test Gazette"
run ingest "${rules[@]}" --db "$db" $P "$L/page/7"
expect_status "the real article after the poser" 0
# 1 speaker while attribution misses "X said in reply" (fetch.sh says why).
expect_match "the real article is stored" "$out" "^$L/page/7: 2 claims, [12] speakers?$"
expect_no_match "not taken for the poser (already ingested)" "$out" ": already ingested"

# On the same site, the canonical link is trusted as before: the page is
# stored under it, and that address is known as stored.
same="$B/posing?n=904&canonical=$B/page/8"
run ingest "${rules[@]}" --db "$db" $P "$same"
expect_status "a page with a canonical link on its own site" 0
expect_equal "stored under its canonical link" "$(doc_of "$db" "$same")" "$B/page/8|Test Gazette"
run ingest "${rules[@]}" --db "$db" $P "$B/page/8"
expect_match "its canonical address is known as stored" "$out" "^$B/page/8: already ingested"

# extract keeps the untrusted address as "canonical".
run extract "${rules[@]}" --format json $P "$spoof"
expect_status "extract of the page claiming tolonews.com" 0
py "extract: url is where it was fetched, the claimed one is canonical" '
import json, sys
d = json.loads(sys.argv[1])
assert d["url"] == sys.argv[2], d["url"]
assert d["canonical"] == "https://tolonews.com/afghanistan-177777", d["canonical"]
assert d["outlet"] == "Test Gazette", d["outlet"]
' "$out" "$spoof"
run extract "${rules[@]}" --format json $P "$same"
py "extract: a canonical link on the same site is the url, canonical null" '
import json, sys
d = json.loads(sys.argv[1])
assert d["url"] == sys.argv[2] and d["canonical"] is None, d
' "$out" "$B/page/8"

# ---- a billion laughs is an error, not an empty feed ----
lol_err="^$B/feed-lol\\.rss: error: not a feed: its entities expand past the parser's limit \\(billion laughs\\?\\)$"
run ingest "${rules[@]}" --db "$tmp/lol.db" $P "$B/feed-lol.rss"
expect_status "ingest of a billion-laughs feed fails" 1
expect_match "ingest: the feed is named, and why" "$err" "$lol_err"
expect_no_match "ingest: not an empty feed" "$out" "feed, 0 items"
expect_match "ingest: counted as failed" "$out" "0 stored .* 1 failed$"

printf '%s\n' "$B/feed-lol.rss" "$B/page/40" >"$tmp/lol.list"
run nightly "${rules[@]}" --db "$tmp/lol-n.db" --sources "$tmp/lol.list" --out "$tmp/reports" $P
expect_status "nightly with a billion-laughs feed: completed with a failed source" 3
expect_match "nightly: the feed is named, and why" "$err" "$lol_err"
expect_no_match "nightly: not an empty feed" "$out" "feed, 0 items"
expect_match "nightly: the other source is stored" "$out" "^$B/page/40: 2 claims"
expect_match "nightly: the feed counted as failed" "$out" \
	'^sources: 2 in .*lol\.list; 1 stored \([0-9]+ claims\), .* 1 failed$'

# ---- control characters in a page do not reach the terminal ----
# C1 controls (U+009B is a terminal's CSI) in a UTF-8 page and as the
# bytes windows-1252 leaves undefined; ESC, BEL and CSI in a JSON-LD
# articleBody, which is taken as the text when the HTML holds little.
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
story = "The minister said on Monday that the roads in the province were closed. " * 8
open(d + "/c1.html", "wb").write(b"<html><body><article><p>" + story.encode() +
    b"Then \xc2\x9b" + b"31m red \xc2\x85 and \xc2\x90 here.</p></article></body></html>")
open(d + "/cp1252.html", "wb").write(b"<html><head><meta charset=windows-1252></head><body><article><p>" +
    story.encode() + b"Caf\xe9 \x81\x8d\x8f\x90\x9d" + b"31m red.</p></article></body></html>")
body = story * 3 + "Then \x1b[2J ESC, \x9b" + "31m CSI, \x07 BEL."
ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
                 "articleBody": body})
open(d + "/jsonld.html", "w").write('<html><head><script type="application/ld+json">' + ld +
    '</script></head><body><p>short</p></body></html>')
PY
for f in c1 cp1252 jsonld; do
	run extract "$tmp/$f.html"
	expect_status "extract of a page with control characters ($f)" 0
	expect_match "$f: the text is there" "$out" 'the roads in the province were closed'
	if LC_ALL=C grep -q $'\x1b\|\x07\|\xc2[\x80-\x9f]' <<<"$out"; then
		not_ok "$f: control characters reach the terminal" "$(cat -v <<<"$out" | tail -n 1)"
	else ok "$f: no control character printed"; fi
done
run extract --format json "$tmp/c1.html"
py "C1 controls of a page are not in its text (json)" '
import json, sys
t = json.loads(sys.argv[1])["text"]
assert not any(0x80 <= ord(c) < 0xA0 for c in t), ascii(t[-40:])
assert t.endswith("Then 31m red and here."), ascii(t[-40:])
' "$out"

echo "probe: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
