# shellcheck shell=bash
# shellcheck disable=SC2154 # tmp, root, fx and bin are lib.sh's
# The data and the HTTP checks of `claimtrack serve`, shared by serve.sh
# (SQLite) and serve_pg.sh (PostgreSQL). Sourced after lib.sh, with
# CLAIMTRACK_DB naming the database:
#   serve_data   stores hostile names and titles and the sample articles,
#                writes $tmp/h.rules, $tmp/v.rules (the same with a
#                verdict on the hostile proposition) and $tmp/reviewers
#   serve_http   runs serve_client.py against it (which ingests $tmp/b.txt
#                while the server runs), then checks that the review made
#                through the form shows in `claims`
#   serve_copies DB  stores copies_corpus.py's copies of one story in DB
#                (another database) and runs serve_copies.py against it:
#                the pages count the story once, carried by N outlets
serve_data() {
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

	# The same rules with a fact-check's verdict on the hostile proposition.
	sed 's/^  rev 1$/  rev 1\n  verdict False\n  rating 1\/5/' "$tmp/h.rules" >"$tmp/v.rules"
	grep -q '^  verdict False$' "$tmp/v.rules" || not_ok "v.rules has a verdict"

	printf 'ana %s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$tmp/reviewers"
	chmod 600 "$tmp/reviewers"
}

serve_http() {
	cat >"$tmp/b.txt" <<'TEXT'
date 2023-04-02
title Later
outlet Hostile News

"There is a threat to the region," Jane Roe said again.
TEXT

	hostile="<img src=x onerror=alert(1)> \"Roe\" & <script>alert('s')</script>"
	if python3 "$root/tests/cli/serve_client.py" "$bin" "$CLAIMTRACK_DB" "$tmp/reviewers" "$hostile" \
		"$tmp/h.rules" "$tmp/b.txt" "$tmp/v.rules" >"$tmp/client" 2>&1; then
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
}

serve_copies() {
	local db=$1
	mkdir -p "$tmp/copies"
	python3 "$root/tests/cli/copies_corpus.py" "$fx/copies" "$tmp/copies"
	run --rules "$root/rules" --db "$db" ingest "$tmp/copies"/copy-0?.txt "$tmp/copies/lead.txt" \
		"$tmp/copies/other.txt"
	expect_status "ingest the copies of one story" 0
	if python3 "$root/tests/cli/serve_copies.py" "$bin" "$db" >"$tmp/copies.out" 2>&1; then
		ok "the copies' checks ($(grep -c '^ok' "$tmp/copies.out") of them)"
	else
		not_ok "the copies' checks" "$(grep -v '^ok' "$tmp/copies.out")"
	fi
}
