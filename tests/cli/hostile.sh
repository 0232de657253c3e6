#!/bin/bash
# CLI tests of hostile inputs and interruptions: signals during ingest and
# nightly, rules with catastrophic backtracking, hostile text, HTML and
# HTTP answers (tests/http/server.py), and article text that tries to
# escape the reports. docs/limits.md lists each case and its outcome.
# Generated inputs are written in the temp folder.
# Usage: hostile.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
P=--allow-private

# timed ARGS...: like run, and sets cpu to the user+system seconds it used.
timed() {
	cpu=$(python3 - "$tmp/out" "$tmp/err" "$bin" "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as o, open(sys.argv[2], "wb") as e:
    rc = subprocess.call(sys.argv[3:], stdout=o, stderr=e, stdin=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f %d" % (r.ru_utime + r.ru_stime, rc if rc >= 0 else 128 - rc))
PY
)
	status=${cpu#* }
	cpu=${cpu% *}
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# under SECONDS NAME: the last timed run used less CPU than SECONDS.
under() {
	if python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= float(sys.argv[2]))' "$cpu" "$1"; then
		ok "$2: ${cpu}s of CPU (bound ${1}s)"
	else
		not_ok "$2: ${cpu}s of CPU, over ${1}s"
	fi
}

# no_crash NAME: the last run exited by itself (no signal, no sanitizer abort).
no_crash() {
	if [ "$status" -lt 128 ] && ! grep -q 'Sanitizer\|runtime error' <<<"$err"; then
		ok "$1: no crash (exit $status)"
	else
		not_ok "$1: exit $status" "$err"
	fi
}

# ---- the test server ----
start_server

# ---- signals: ingest and nightly stop after the document being stored ----
# slow_list FIRST GATE: 30 pages, those from FIRST on held by the server
# until the gate GATE opens.
slow_list() {
	local i
	for i in $(seq 1 30); do
		if [ "$i" -ge "$1" ]; then echo "$B/page/$i?gate=$2"; else echo "$B/page/$i"; fi
	done >"$tmp/slow.list"
}
# interrupt SIG GATE ARGS...: starts the binary with ARGS, sends SIG once a
# page is stored, then opens the gate GATE; sets status, out and err.
interrupt() {
	local sig=$1 gate=$2
	shift 2
	python3 "$root/tests/cli/interrupt.py" "$tmp/out" "$tmp/err" \
		--when 'out:: 2 claims' --signal "$sig" --get "$B/_open?gate=$gate" -- "$bin" "$@"
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
sig_db=$tmp/sig/claimtrack.db
mkdir -p "$tmp/sig"
slow_list 3 a
interrupt INT a nightly "${rules[@]}" --db "$sig_db" --sources "$tmp/slow.list" \
	--out "$tmp/sig/reports" $P --parallel 2
expect_status "nightly: SIGINT" 130
expect_match "nightly: SIGINT says how far it got" "$out" \
	'^sources: 30 in .*slow\.list; [1-9][0-9]* stored \([0-9]+ claims\)'
expect_match "nightly: SIGINT says what to do" "$err" \
	'^claimtrack: interrupted while fetching the sources \(counts above\); no report written; run the same command again'
# The reports folder is made first, for the nightly lock; no report in it.
sig_reports=$(find "$tmp/sig/reports" -mindepth 1 -maxdepth 1 ! -name .nightly.lock 2>/dev/null)
[ -z "$sig_reports" ] && ok "nightly: SIGINT wrote no report" || not_ok "nightly: a report after SIGINT" "$sig_reports"
n_first=$(grep -c ': 2 claims' <<<"$out")
run db check --db "$sig_db"
expect_status "nightly: db check after SIGINT" 0
slow_list 5 b
interrupt TERM b nightly "${rules[@]}" --db "$sig_db" --sources "$tmp/slow.list" \
	--out "$tmp/sig/reports" $P --parallel 2
expect_status "nightly: SIGTERM" 143
expect_match "nightly: the pages stored before are not fetched again" "$out" "already ingested"
slow_list 31 none
run nightly "${rules[@]}" --db "$sig_db" --sources "$tmp/slow.list" --out "$tmp/sig/reports" $P --parallel 8
expect_status "nightly: the run after the signals completes" 0
expect_match "nightly: and writes the report" "$out" '^wrote '
py "nightly: every page stored once" '
import json, subprocess, sys
d = json.loads(subprocess.check_output([sys.argv[1], "--db", sys.argv[2], "db", "stats", "--format", "json"]))
assert d["documents"] == 30, d
' "$bin" "$sig_db"
[ "$n_first" -ge 1 ] && ok "nightly: the first run stored $n_first pages before the signal" ||
	not_ok "nightly: nothing stored before the signal"

slow_list 3 c
mapfile -t slow_urls <"$tmp/slow.list"
interrupt INT c ingest "${rules[@]}" --db "$tmp/sig/ingest.db" $P --parallel 2 "${slow_urls[@]}"
expect_status "ingest of URLs: SIGINT" 130
expect_match "ingest of URLs: SIGINT says how far it got" "$err" 'interrupted after [0-9]+ of 30 inputs'
run db check --db "$tmp/sig/ingest.db"
expect_status "ingest of URLs: db check after SIGINT" 0

# ---- rules: catastrophic backtracking is bounded per sentence and per document ----
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write("a" * 40 + "b. ISIS is a threat to the region.\n\n")
' "$tmp/backtrack.txt"
timed check --rules "$fx/hostile.rules" "$tmp/backtrack.txt"
expect_status "backtracking on 10,000 sentences" 0
expect_match "the offending rule is named" "$err" "hostile\.rules:5: warning: pattern gave up on a sentence \(match limit exceeded\)"
expect_equal "one warning a pattern, not one a sentence" "$(grep -c 'gave up on a sentence' <<<"$err")" 1
expect_match "the time budget names the offending rule" "$err" \
	"hostile\.rules:5: warning: matching the document took over [0-9]+ ms of CPU time"
expect_equal "the rest of the document is still matched" "$(grep -c '^supports *t\.ordinary' <<<"$out")" 10000
under 30 "backtracking stops at the time budget"

# ---- text ----
python3 - "$tmp" <<'PY'
import sys
t = sys.argv[1]
def w(name, data):
    with open(t + "/" + name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
w("nested-quotes.txt", "date 2022-01-01\n\n" + '"' * 200000 +
  " There are no terrorists in Afghanistan, the spokesman said.\n\n" +
  "He said \u201cshe said \u00abthey said \u2018" * 20000 + " ISIS concerns us in Afghanistan.\n")
w("line-9mb.txt", "date 2022-01-01\n\n" + "the minister said roads in the province were closed " * 180000 +
  "and ISIS concerns us in Afghanistan.\n")
w("tiny-sentences.txt", "date 2022-01-01\n\n" + "A. " * 1000000 + "\n\nThere are no terrorists in Afghanistan.\n")
w("control.txt", b"date 2022-01-01\n\nThe \x1b]0;pwned\x07Taliban\x01\x7f said \x1b[2J\xc2\x9b there are no terrorists in Afghanistan.\x00\n")
w("overlong.txt", b"date 2022-01-01\n\nThe spokesman \xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf\xed\xa0\x80 said there are no terrorists in Afghanistan.\n")
w("bidi.txt", "date 2022-01-01\n\nSpokesman Zabihullah \u202eMujahid\u202c said there are no terrorists in Afghanistan \u2066x\u2069.\n")
PY
head -c $((100 << 20)) /dev/zero | tr '\0' 'a' >"$tmp/line-100mb.txt"

timed check "${rules[@]}" "$tmp/nested-quotes.txt"
expect_status "200,000 nested and unbalanced quotes" 0
expect_match "nested quotes: the claims are found" "$out" '^refutes +af\.terrorist-presence'
under 20 "nested quotes"
for c in check ingest; do
	if [ "$c" = ingest ]; then run ingest "${rules[@]}" --db "$tmp/t.db" "$tmp/line-100mb.txt"; else
		run check "${rules[@]}" "$tmp/line-100mb.txt"; fi
	expect_status "$c: a 100 MB line" 1
	expect_match "$c: a 100 MB line is refused, naming the file and the cap" "$err" \
		"line-100mb\.txt'?:? (error: )?(is )?larger than (10 MB|10485760 bytes)"
done
timed check "${rules[@]}" "$tmp/line-9mb.txt"
expect_status "a 9 MB single line under the cap" 0
expect_match "a 9 MB line: its claim is found" "$out" '^supports +af\.terrorist-presence'
under 45 "a 9 MB line"
timed check "${rules[@]}" "$tmp/tiny-sentences.txt"
expect_status "a million tiny sentences" 0
expect_match "tiny sentences: the claim after them is found" "$out" '^refutes +af\.terrorist-presence'
under 30 "a million tiny sentences"
run check "${rules[@]}" "$tmp/control.txt"
expect_status "control characters" 0
expect_match "control characters: the claim is found" "$out" '^refutes +af\.terrorist-presence'
if grep -q $'\x1b\|\x07\|\x01\|\x7f\|\xc2\x9b' <<<"$out"; then
	not_ok "control characters reach the terminal" "$(cat -v <<<"$out")"
else ok "control characters are not printed (U+FFFD instead)"; fi
run check "${rules[@]}" "$tmp/overlong.txt"
expect_status "overlong UTF-8 and surrogates" 0
expect_match "overlong UTF-8 is a warning naming the file" "$err" "warning: '.*overlong\.txt': 12 invalid UTF-8 bytes replaced"
py "overlong UTF-8 is not decoded as '/'" '
import sys
assert "/" not in sys.argv[1].split("sentence", 1)[1].split("\n")[0], sys.argv[1]
' "$out"
run ingest "${rules[@]}" --db "$tmp/bidi.db" "$tmp/bidi.txt"
expect_status "right-to-left overrides" 0
run claims --db "$tmp/bidi.db" --format json
py "right-to-left overrides are kept as text" '
import json, sys
c = json.loads(sys.argv[1])["claims"]
assert len(c) == 1 and "\u202e" in c[0]["sentence"], c
' "$out"

# ---- HTML ----
python3 - "$tmp" <<'PY'
import sys
t = sys.argv[1]
art = "<p>There are no terrorists in Afghanistan, the spokesman said.</p>"
def w(name, data):
    with open(t + "/" + name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
w("deep.html", "<html><body>" + "<div>" * 100000 + art + "</div>" * 100000 + "</body></html>")
w("attribute.html", '<html><head><title>Attr</title><meta property="og:title" content="' + "x" * 5000000 +
  '"></head><body><article><p class="' + "y" * 3000000 + '">There are no terrorists in Afghanistan.</p></article></body></html>')
w("jsonld.html", '<html><head><title>JSON-LD</title><script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": ' +
  "[" * 100000 + '</script><script type="application/ld+json">' + '{"a":' * 50000 +
  "</script></head><body><article>" + art + "</article></body></html>")
w("scripts.html", "<html><head><title>Scripts</title>" + ('<script>var a = "' + "z" * 1000000 + '";</script>') * 8 +
  "</head><body><article>" + art + "</article></body></html>")
w("charset-utf16.html", '<html><head><meta charset="utf-16"><title>Lie</title></head><body><article>' + art + "</article></body></html>")
w("charset-latin1.html", b'<html><head><meta charset="utf-8"><title>Caf\xe9</title></head><body><article><p>The minister said there are no terrorists in Afghanistan.</p></article></body></html>')
PY
run check "${rules[@]}" "$tmp/deep.html"
expect_status "100,000 nested elements" 1
expect_match "deep nesting: a clear error naming the file" "$err" "deep\.html'?: HTML elements nested deeper than [0-9]+ levels"
for page in attribute jsonld scripts charset-utf16 charset-latin1; do
	timed check "${rules[@]}" "$tmp/$page.html"
	expect_status "HTML: $page" 0
	expect_match "HTML: $page: the article's claim is found" "$out" '^refutes +af\.terrorist-presence'
	under 20 "HTML: $page"
done
expect_match "a charset lie: the bad bytes are counted" "$err" "warning: '.*charset-latin1\.html': 1 invalid UTF-8 bytes? replaced"

# ---- network: what tests/cli/fetch.sh does not cover ----
run extract $P --timeout 2 "$B/drip?bytes=100000&ms=100"
expect_status "a slow drip" 1
expect_match "a slow drip stops at --timeout" "$err" 'timed out: not complete within 2 s$'
timed extract $P "$B/endless"
expect_status "an endless chunked body" 1
expect_match "an endless body stops at the cap" "$err" 'too large: more than the limit of 10485760 bytes$'
under 10 "an endless body"
run extract $P "$B/reset"
expect_status "a connection reset mid-body (the test server has no HTTP/2)" 1
expect_match "a reset is named" "$err" "'$B/reset': .*(reset|closed|partial|transfer)"
for bomb in deflate-bomb gzip-twice; do
	run extract $P "$B/$bomb"
	expect_status "a $bomb" 1
	expect_match "a $bomb stops at the cap once decompressed" "$err" 'more than the limit of 10485760 bytes once decompressed$'
done
A=(--allow-address 127.0.0.1)
for target in "http://10.0.0.1/|10\.0\.0\.1 is a private address" \
	      "http://192.168.1.1/|192\.168\.1\.1 is a private address" \
	      "http://[::1]:$port/seed.html|::1 is a loopback address" \
	      "http://0x7f.0.0.2:$port/seed.html|127\.0\.0\.2 is a loopback address" \
	      "http://2130706434:$port/seed.html|127\.0\.0\.2 is a loopback address" \
	      "http://[::ffff:127.0.0.2]/|::ffff:127\.0\.0\.2 is a loopback address"; do
	url=${target%%|*}
	run extract "${A[@]}" "$B/to?u=$url"
	expect_status "a redirect to $url" 1
	expect_match "a redirect to $url is refused" "$err" "refused: ${target#*|}"
done
run extract "${A[@]}" "$B/to?u=gopher://127.0.0.1/"
expect_status "a redirect to gopher://" 1
expect_match "a redirect to gopher:// is refused" "$err" "redirect to 'gopher://127\.0\.0\.1/' refused: only http and https"

# ---- reports: article text stays text, names make no paths ----
cat >"$tmp/evil.txt" <<'EOF'
date 2022-06-01
title =cmd|' /C calc'!A0 <script>alert("t")</script>
outlet ../../../../tmp/evil-outlet
url https://example.org/evil

=HYPERLINK("http://evil.example/") There are no terrorists in Afghanistan, said spokesman ../../evil-speaker.

"ISIS fighters are active in eastern Afghanistan <script>alert(2)</script><img src=x onerror=alert(3)>," Anna Lindqvist told reporters.

+SUM(1,2) ISIS concerns us in Afghanistan.
EOF
run ingest "${rules[@]}" --db "$tmp/evil.db" "$tmp/evil.txt"
expect_status "ingest the hostile article" 0
mkdir -p "$tmp/evil-out/a"
before=$(cd "$tmp" && find . -path ./evil-out -prune -o -print | sort)
run report --db "$tmp/evil.db" --out "$tmp/evil-out/a/report"
expect_status "report of the hostile article" 0
after=$(cd "$tmp" && find . -path ./evil-out -prune -o -print | sort)
expect_equal "report: no file outside --out" "$after" "$before"
py "report: only the documented files, inside --out" '
import os, re, sys
files = sorted(os.listdir(sys.argv[1]))
assert files == ["claims.csv", "index.html", "report.json", "report.md", "speakers"], files
pages = os.listdir(os.path.join(sys.argv[1], "speakers"))
assert pages and all(re.fullmatch(r"[a-z0-9-]+\.html", p) for p in pages), pages
' "$tmp/evil-out/a/report"
py "HTML report: article text is inert" '
import sys
page = open(sys.argv[1], encoding="utf-8").read()
assert "<script>alert" not in page, "raw script from the article"
assert "<img src=x" not in page, "raw img from the article"
assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page or "&lt;script&gt;alert(2)" in page
' "$tmp/evil-out/a/report/index.html"
py "claims.csv of report: formula cells neutralised" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
cells = [c for r in rows[1:] for c in r]
bad = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
assert not bad, bad
assert any(c.startswith("\x27=") for c in cells), "no neutralised formula cell"
' "$tmp/evil-out/a/report/claims.csv"
run claims --db "$tmp/evil.db" --format csv
py "claims --format csv: formula cells neutralised" '
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1])))
cells = [c for r in rows[1:] for c in r]
bad = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
assert not bad, bad
assert any(c.startswith("\x27=") or c.startswith("\x27+") for c in cells), rows
' "$out"
run nightly --db "$tmp/evil.db" --out "$tmp/evil-out/n"
expect_status "nightly of the hostile article" 0
after=$(cd "$tmp" && find . -path ./evil-out -prune -o -print | sort)
expect_equal "nightly: no file outside --out" "$after" "$before"

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
