#!/usr/bin/env bash
# claimtrack serve: the command line (help, bad addresses, a missing
# database, a bad reviewers file), then the pages over HTTP against a
# running server on a free port (serve_client.py: status codes, headers,
# JSON equal to the CLI's, hostile names and titles escaped, CSRF
# refusals, read-only without --reviewers), and last that a review made
# through the claim page's form shows in `claims`.
# Usage: serve.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

export CLAIMTRACK_DB=$tmp/t.db

run serve --help
expect_status "serve --help" 0
expect_match "it documents the default address" "$out" "127\.0\.0\.1:8080"
run serve --listen nowhere:80
expect_status "a --listen that is not HOST:PORT" 2
expect_match "says what it wants" "$err" "is not HOST:PORT"
run serve --listen 127.0.0.1:99999
expect_status "a port past 65535" 2
run serve extra
expect_status "an argument" 2
run serve --listen 127.0.0.1:0
expect_status "no database" 1
expect_match "names it" "$err" "t\.db: no database here"

# Hostile names: a proposition's title, a speaker and an outlet from the
# rules, a document's title.
cat >"$tmp/h.rules" <<'RULES'
proposition t.hostile
  title Threats <script>alert("t")</script> & "quotes" 'here'
  rev 1
  supports threat to the region
end

speaker <img src=x onerror=alert(1)> "Roe" & <script>alert('s')</script>
  alias Jane Roe
end

outlet <script>alert("o")</script> News
  alias Hostile News
end
RULES
cat >"$tmp/a.txt" <<'TEXT'
date 2023-03-01
title <script>alert("doc")</script> A title
outlet Hostile News

"There is a threat to the region," Jane Roe said on Monday.

Officials said there is a threat to the region <b>now</b>.
TEXT
run --rules "$tmp/h.rules" ingest "$tmp/a.txt"
expect_status "ingest the hostile document" 0
run --rules "$root/rules" ingest "$fx/article-2022-02-18.txt" "$fx/hostile-quote.txt"
expect_status "ingest the sample articles" 0

printf 'ana %s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$tmp/reviewers"
chmod 600 "$tmp/reviewers"
printf 'ana short\n' >"$tmp/weak"
run serve --listen 127.0.0.1:0 --reviewers "$tmp/weak"
expect_status "a token too short" 1
expect_match "names the file and line" "$err" "weak:1: the token is 5 characters"
run serve --listen 127.0.0.1:0 --reviewers "$tmp/missing"
expect_status "a reviewers file that is not there" 1

cat >"$tmp/b.txt" <<'TEXT'
date 2023-04-02
title Later
outlet Hostile News

"There is a threat to the region," Jane Roe said again.
TEXT

hostile="<img src=x onerror=alert(1)> \"Roe\" & <script>alert('s')</script>"
if python3 "$root/tests/cli/serve_client.py" "$bin" "$tmp/t.db" "$tmp/reviewers" "$hostile" \
	"$tmp/h.rules" "$tmp/b.txt" >"$tmp/client" 2>&1; then
	ok "the HTTP checks ($(grep -c '^ok' "$tmp/client") of them)"
else
	not_ok "the HTTP checks" "$(grep -v '^ok' "$tmp/client")"
fi

# The review made through the form, as the CLI shows it.
run claims --reviewed --format json
py "the form's review shows in 'claims'" '
import json, sys
c = json.load(open(sys.argv[1]))["claims"]
assert len(c) == 1, c
assert c[0]["stance"] == "refutes" and c[0]["reviewed"] is True, c
r = c[0]["reviews"]
assert [(x["field"], x["value"], x["reviewer"]) for x in r] == [("stance", "refutes", "ana")], r
assert r[0]["note"] == "the <b>quote</b> denies it", r
' "$tmp/out"

echo "serve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
