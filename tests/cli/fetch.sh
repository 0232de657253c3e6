#!/bin/bash
# CLI tests of fetching: check, extract and ingest with URLs, and nightly
# with a sources file, against tests/http/server.py on 127.0.0.1 (a free
# port; started here and killed on exit). Each bad case fails cleanly with
# its own one-line message and exit 1 in check and extract, and is
# reported and skipped in nightly (exit 3).
# Usage: fetch.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

start_server
ok "the test server listens on 127.0.0.1:$port"
rules=(--rules "$root/rules")
P=--allow-private

# requests PATH: how often the server was asked for PATH; not_modified PATH: answered 304.
requests() { python3 -c 'import json,sys,urllib.request as u; print(json.load(u.urlopen(sys.argv[1]+"/_stats"))["requests"].get(sys.argv[2], 0))' "$B" "$1"; }
not_modified() { python3 -c 'import json,sys,urllib.request as u; print(json.load(u.urlopen(sys.argv[1]+"/_stats"))["not_modified"].get(sys.argv[2], 0))' "$B" "$1"; }

# one_line NAME: stderr is exactly one line, and stdout is empty.
one_line() {
	local n
	n=$(printf '%s\n' "$err" | grep -c .)
	if [ "$n" -eq 1 ] && [ -z "$out" ]; then ok "$1: one line on stderr, nothing on stdout"; else
		not_ok "$1: $n lines on stderr" "$out
$err"; fi
}

# ---- help ----
for c in check extract ingest nightly; do
	run "$c" --help
	expect_match "$c --help has --allow-private" "$out" '--allow-private'
	expect_match "$c --help has --timeout" "$out" '--timeout SECONDS'
done
run ingest --help
expect_match "ingest --help has --parallel" "$out" '--parallel N'
run nightly --help
expect_match "nightly --help has --sources" "$out" '--sources FILE'
expect_match "nightly --help documents exit 3" "$out" 'Exit 3'
run check "${rules[@]}" --timeout soon "$B/article-og.html"
expect_status "check --timeout soon" 2
run check "${rules[@]}" --max-size 11M "$B/article-og.html"
expect_status "check --max-size past the document cap" 2
run ingest "${rules[@]}" --parallel 0 "$B/article-og.html"
expect_status "ingest --parallel 0" 2
run check "${rules[@]}" --allow-address example.org "$B/article-og.html"
expect_status "--allow-address with a host name" 2

# ---- private addresses are refused unless allowed ----
run check "${rules[@]}" "$B/seed.html"
expect_status "check a loopback URL without --allow-private" 1
one_line "loopback refused"
expect_match "the refusal names the URL and why" "$err" \
	"^claimtrack: error: '$B/seed.html': refused: 127\.0\.0\.1 is a loopback address.*--allow-private"
run extract "http://localhost:$port/seed.html"
expect_status "extract via localhost without --allow-private" 1
expect_match "localhost is loopback too" "$err" 'is a loopback address'
n_before=$(requests /to-metadata)
run check "${rules[@]}" "$B/to-metadata"
expect_status "the metadata redirect: the first hop is refused already" 1
expect_equal "the server was not even asked" "$(requests /to-metadata)" "$n_before"
# Allow the server's own address only: the redirect's link-local hop is refused.
run check "${rules[@]}" --allow-address 127.0.0.1 "$B/to-metadata"
expect_status "a redirect to 169.254.169.254 with 127.0.0.1 allowed" 1
one_line "redirect to link-local"
expect_match "the redirect's address is refused" "$err" '169\.254\.169\.254 is a link-local address'
run extract --allow-address 127.0.0.1 "$B/article-og.html"
expect_status "--allow-address lets that address through" 0

# ---- the acceptance case: the seed article as a web page ----
run check "${rules[@]}" --format json "$root/tests/fixtures/article-2022-02-18.txt"
cp "$tmp/out" "$tmp/seed-text.json"
run check "${rules[@]}" --format json $P "$B/seed.html"
expect_status "check the seed page by URL" 0
cp "$tmp/out" "$tmp/seed-url.json"
py "the URL gives the text version's claims and speakers, with the page's date and outlet" '
import json, sys
t = json.load(open(sys.argv[1]))["claims"]
u = json.load(open(sys.argv[2]))["claims"]
# The narrator is the outlet: unknown in the text, the site name on the page.
key = lambda c: (c["proposition"], c["stance"], c["speaker_kind"],
                 "narrator" if c["speaker_kind"] == "narrator" else c["speaker"], c["match"])
assert len(t) > 0
assert sorted(map(key, t)) == sorted(map(key, u)), (sorted(map(key, t)), sorted(map(key, u)))
assert all(c["date"] == "2022-02-18" for c in u), [c["date"] for c in u]
assert all(c["outlet"] == "Example News" for c in u), [c["outlet"] for c in u]
assert all(c["input"] == sys.argv[3] for c in u)
title = "Terror groups in Afghanistan are a threat to the region, officials warn"
assert all(c["document"]["title"] == title for c in u), [c["document"] for c in u]
' "$tmp/seed-text.json" "$tmp/seed-url.json" "$B/seed.html"
run check "${rules[@]}" $P "$B/seed.html"
expect_match "the table shows the outlet and date" "$out" '^  published Example News, 2022-02-18$'
# The page's canonical link is on another site (example.org) than the
# server's: not trusted, the page is the URL it was fetched from.
expect_match "the table shows the page's title" "$out" "^  document  Terror groups in Afghanistan are a threat to the region, officials warn <$B/seed\\.html>$"

run extract --format json $P "$B/seed.html"
py "extract by URL: title, date, outlet, the url fetched and the canonical link on another site" '
import json, sys
d = json.loads(sys.argv[1])
assert d["title"] == "Terror groups in Afghanistan are a threat to the region, officials warn", d["title"]
assert d["date"] == "2022-02-18" and d["outlet"] == "Example News", d
assert d["url"] == sys.argv[2], d["url"]
assert d["canonical"] == "https://example.org/2022/02/18/afghanistan-terror-threat", d["canonical"]
' "$out" "$B/seed.html"

# ---- pages ----
run extract --format json $P "$B/article-jsonld.html"
expect_status "extract the JSON-LD article" 0
py "JSON-LD: title, author, date, outlet" '
import json, sys
d = json.loads(sys.argv[1])
assert d["title"] == "Ministry says no militant groups remain in the country", d
assert d["author"] == "Parwin Hashimi" and d["date"] == "2023-04-11" and d["outlet"] == "Kabul Ledger", d
assert d["url"].endswith("/article-jsonld.html"), d["url"]
assert "There are no terrorists in Afghanistan" in d["text"]
assert "Read more" not in d["text"] and "Copyright" not in d["text"]
' "$out"
run extract --format json $P "$B/article-og.html"
py "OpenGraph only: title, date, outlet" '
import json, sys
d = json.loads(sys.argv[1])
assert d["title"] == "Former official: foreign forces never fully left", d
assert d["date"] == "2023-05-02" and d["outlet"] == "Northern Wire", d
assert "Great article" not in d["text"]
' "$out"
for page in cp1252.html cp1252-undeclared.html; do
	run extract --format json $P "$B/$page"
	expect_status "extract $page" 0
	py "$page: windows-1252 read right" '
import json, sys
d = json.loads(sys.argv[1])
assert "\u201cISIS concerns us in Afghanistan,\u201d said General Am\u00e9lie Durand" in d["text"], d["text"]
assert "Monday \u2013 a week" in d["text"] and "\ufffd" not in d["text"]
assert d["outlet"] == "Valley Courier" and d["date"] == "2023-06-20", d
' "$out"
done
run extract --format json $P "$B/greek.html"
expect_status "extract an ISO-8859-7 page" 0
py "the charset of the Content-Type header is used" '
import json, sys
d = json.loads(sys.argv[1])
assert "\u0391\u03c6\u03b3\u03b1\u03bd\u03b9\u03c3\u03c4\u03ac\u03bd" in d["text"], d["text"]
assert "\ufffd" not in d["text"]
' "$out"
run check "${rules[@]}" --format json $P "$B/cp1252.html"
py "check the windows-1252 page: the speaker" '
import json, sys
c = json.loads(sys.argv[1])["claims"]
assert [x["speaker"] for x in c] == ["Am\u00e9lie Durand"], c
' "$out"
run extract --format json $P "$B/chain"
expect_status "a chain of three redirects" 0
py "the redirects end at the OpenGraph page" '
import json, sys
d = json.loads(sys.argv[1])
assert d["url"].endswith("/article-og.html") and d["outlet"] == "Northern Wire", d
' "$out"
run extract $P "$B/gzip.html"
expect_status "a gzip-encoded page" 0
expect_match "gzip: the text" "$out" 'Foreign troops are still present in Afghanistan'
run extract $P "$B/notype"
expect_status "a page without Content-Type, read by its content" 0
run check "${rules[@]}" $P "$B/flaky?k=check"
expect_status "503 with Retry-After: 1, then 200" 0
expect_match "the page after the retry" "$out" 'af\.terrorist-presence'

# ---- each bad case: its own one-line message, exit 1, in extract and check ----
bad() {
	local name=$1 url=$2 re=$3
	shift 3
	for c in extract check; do
		if [ "$c" = check ]; then run check "${rules[@]}" "$@" "$url"; else run extract "$@" "$url"; fi
		expect_status "$c: $name" 1
		one_line "$c: $name"
		expect_match "$c: $name: its message" "$err" "^claimtrack: error: '$(printf '%s' "$url" | sed 's/[.?]/\\&/g')': $re"
	done
}
bad "redirect loop" "$B/loop/a" 'redirect loop: more than 5 redirects$' $P
bad "redirect to file://" "$B/to-file" "redirect to 'file:///etc/passwd' refused: only http and https" $P
bad "404" "$B/missing" 'HTTP 404 \(Not Found\)$' $P
bad "slow answer" "$B/slow" 'timed out: not complete within 1 s$' $P --timeout 1
bad "body over the cap" "$B/big" 'too large: [0-9]+ bytes, more than the limit of 102400$' $P --max-size 100k
bad "gzip over the cap once inflated" "$B/gzip-bomb?bytes=2000000" \
	'too large: more than the limit of 102400 bytes once decompressed$' $P --max-size 100k
bad "not HTML" "$B/pdf" "not HTML: the server says 'application/pdf'$" $P
bad "a feed is not an article" "$B/feed.rss" 'not HTML: a feed, not an article' $P
bad "503 after two retries" "$B/flaky?k=bad&n=100&after=0" \
	'HTTP 503 \(Service Unavailable\) after 2 retries$' $P
bad "429 asking for two minutes" "$B/busy" 'HTTP 429 \(Too Many Requests\); it asks to retry after 120 s' $P
bad "connection refused" "http://127.0.0.1:1/" 'cannot connect to 127\.0\.0\.1: connection refused$' $P
bad "TLS to a plain HTTP server" "https://127.0.0.1:$port/seed.html" 'TLS failed with 127\.0\.0\.1' $P
bad "not http" "ftp://127.0.0.1/file.html" 'not fetched: only http and https URLs are' $P
bad "unknown host" "http://no-such-host.invalid/" "cannot resolve host 'no-such-host\.invalid'$" \
	--connect-timeout 5
run extract $P "$B/gzip-bomb"
expect_status "a gzip bomb past the default 10 MB cap" 1
expect_match "the default cap" "$err" 'more than the limit of 10485760 bytes once decompressed'

# ---- ingest ----
db=$tmp/i.db
run ingest "${rules[@]}" --db "$db" "$B/page/101"
expect_status "ingest without --allow-private" 1
expect_match "ingest: refused" "$err" "^$B/page/101: error: refused: .*loopback"
run ingest "${rules[@]}" --db "$db" $P "$B/page/101" "$B/page/102" "$B/missing" "$B/empty.html" \
	"$B/seed.html" "$root/tests/fixtures/stance/2022-03-10-tolo-mujahid-denies.txt"
expect_status "ingest URLs and a file, one missing" 1
# The pages' "There are no terrorists …, spokesman X said in reply" is no
# longer the narrator's (somebody is said to speak); until attribution
# reads "said in reply" its speaker is unknown, and not counted.
expect_match "a stored page" "$out" "^$B/page/101: 2 claims, [12] speakers?$"
expect_match "another" "$out" "^$B/page/102: 2 claims, [12] speakers?$"
expect_match "the seed page" "$out" "^$B/seed\.html: 1[0-9] claims, [0-9]+ speakers$"
expect_match "the empty page" "$out" "^$B/empty\.html: empty \(no article text\), skipped$"
expect_match "the file too" "$out" 'mujahid-denies\.txt: [0-9]+ claims?'
expect_match "the 404 on stderr" "$err" "^$B/missing: error: HTTP 404 \(Not Found\)$"
expect_match "the total" "$out" '^total: 4 stored \([0-9]+ claims\), 0 already ingested, 1 empty, 1 failed$'
n101=$(requests /page/101)
nseed=$(requests /seed.html)
run ingest "${rules[@]}" --db "$db" $P "$B/page/101" "$B/page/102" "$B/seed.html" "$B/empty.html"
expect_status "ingest the same URLs again" 0
expect_match "already ingested, not fetched" "$out" "^$B/page/101: already ingested \(document [0-9]+\)$"
expect_match "the seed page (stored under the URL fetched) too" "$out" \
	"^$B/seed\.html: already ingested \(document [0-9]+\)$"
expect_equal "page/101 was not asked for again" "$(requests /page/101)" "$n101"
expect_equal "seed.html was not asked for again" "$(requests /seed.html)" "$nseed"
expect_match "the empty page: a conditional request" "$out" "^$B/empty\.html: not changed, skipped$"
expect_equal "the server answered 304" "$(not_modified /empty.html)" 1
expect_match "the total counts it" "$out" '^total: 0 stored \(0 claims\), 3 already ingested, 0 empty, 0 failed, 1 not changed$'
run ingest "${rules[@]}" --db "$db" $P --format json "$B/page/103" "$B/pdf"
py "ingest --format json" '
import json, sys
d = json.loads(sys.argv[1])
s = {e["source"].rsplit("/", 1)[1]: e for e in d["documents"]}
assert s["103"]["status"] == "stored" and s["103"]["claims"] == 2, s
assert s["pdf"]["status"] == "error" and "not HTML" in s["pdf"]["error"], s
assert d["total"]["stored"] == 1 and d["total"]["failed"] == 1 and d["total"]["unchanged"] == 0
' "$out"
run ingest "${rules[@]}" --db "$db" $P --parallel 3 --per-host 1 "$B/page/104" "$B/page/105" \
	"$B/page/106" "$B/flaky?k=ingest&n=2"
expect_status "ingest with --parallel 3 --per-host 1, one 503 twice" 0
expect_match "retried twice, then stored" "$out" "^$B/flaky\?k=ingest&n=2: 2 claims"
run db check --db "$db"
expect_status "db check after fetching" 0

# ---- nightly with sources ----
ndb=$tmp/n/claimtrack.db
mkdir -p "$tmp/n"
cat >"$tmp/sources.list" <<EOF
# fixture sources: two feeds, an article, and what fails
$B/feed.rss
$B/feed.atom    # items: the windows-1252 page, page/7, and a 404
$B/seed.html
$B/pdf
$B/slow
this is not a URL
EOF
run nightly "${rules[@]}" --db "$ndb" --sources "$tmp/sources.list" --out "$tmp/reports" $P --timeout 1
expect_status "nightly: some sources fail" 3
expect_match "the RSS feed" "$out" "^$B/feed\.rss: feed, 2 items \(2 new\)"
expect_match "the Atom feed" "$out" "^$B/feed\.atom: feed, 3 items \(3 new\)"
expect_match "an RSS item stored" "$out" "^$B/article-jsonld\.html: 2 claims, 2 speakers$"
expect_match "an Atom item stored" "$out" "^$B/cp1252\.html: 1 claim, 1 speaker$"
expect_match "a relative Atom link" "$out" "^$B/page/7: 2 claims"
expect_match "the article source" "$out" "^$B/seed\.html: 1[0-9] claims"
expect_match "the bad line, with file and line" "$err" "sources\.list:7:1: error: 'this' is not an http or https URL|sources\.list:7:[0-9]+: error: unexpected text"
expect_match "the PDF, skipped" "$err" "^$B/pdf: error: not HTML"
expect_match "the slow one, skipped" "$err" "^$B/slow: error: timed out"
expect_match "the missing item, skipped" "$err" "^$B/missing: error: HTTP 404"
expect_match "the summary" "$out" '^sources: 5 in .*sources\.list; 5 stored \([0-9]+ claims\), 0 already ingested, 0 not changed, 0 empty, 4 failed$'
expect_match "the report is written" "$out" "^wrote $tmp/reports/[0-9-]+/"
expect_match "what failed, counted" "$err" '^claimtrack: 4 failures in the sources \(see above\)'
reports=("$tmp"/reports/*/report.json)
[ -f "${reports[0]}" ] && ok "nightly wrote report.json" || not_ok "no report.json"

feed_before=$(not_modified /feed.rss)
run nightly "${rules[@]}" --db "$ndb" --sources "$tmp/sources.list" --out "$tmp/reports" $P --timeout 1
expect_status "nightly again" 3
expect_match "the unchanged RSS feed: 304" "$out" "^$B/feed\.rss: not changed, skipped$"
expect_equal "the server answered 304 for it" "$(not_modified /feed.rss)" "$((feed_before + 1))"
expect_match "the Atom feed, whose item failed, is read again" "$out" "^$B/feed\.atom: feed, 3 items \(1 new\)$"
expect_match "the stored article is not fetched again" "$out" "^$B/seed\.html: already ingested"
expect_match "nothing new" "$out" 'nothing new since the last nightly report'

# The default sources file: sources.list beside the database.
ddb=$tmp/d/claimtrack.db
mkdir -p "$tmp/d"
printf '%s\n' "$B/page/201" >"$tmp/d/sources.list"
run nightly "${rules[@]}" --db "$ddb" --out "$tmp/reports-d" $P
expect_status "nightly with the default sources file" 0
expect_match "its source stored" "$out" "^$B/page/201: 2 claims"
expect_match "and reported" "$out" '^wrote '
run nightly "${rules[@]}" --db "$tmp/none/claimtrack.db" --sources "$tmp/nowhere.list"
expect_status "nightly with a missing --sources file" 1
expect_match "the missing file is named" "$err" "cannot read sources file '$tmp/nowhere\.list'"
run nightly "${rules[@]}" --db "$tmp/none/claimtrack.db"
expect_status "nightly without sources and without a database" 1
expect_match "as before: no database yet" "$err" 'no database yet'

echo "fetch: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
