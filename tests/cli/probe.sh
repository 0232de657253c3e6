#!/bin/bash
# CLI tests of what an outside probe of the built tool found: a page that
# names another site's address as its canonical link (or og:url), and a
# feed whose entities expand a billion times. Pages and feeds come from
# tests/http/server.py (routes /posing and /feed-lol.rss). docs/limits.md
# lists each case under "Hostile inputs".
# Usage: probe.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

rules=(--rules "$root/rules")
P=--allow-private

start_server
if [ -z "$port" ]; then
	not_ok "the test server started" "$(cat "$tmp/server.err")"
	echo "probe: $pass passed, $fail failed"
	exit 1
fi
B=http://127.0.0.1:$port
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
expect_match "the real article is stored" "$out" "^$L/page/7: 2 claims, 2 speakers$"
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

echo "probe: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
