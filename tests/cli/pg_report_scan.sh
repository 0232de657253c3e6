#!/bin/bash
# The report's reads on both backends (issue 18): a generated record with
# many speakers on few propositions, so that a proposition's claims and
# speakers, and a speaker's page, take more than one batch of claims read
# by id (256 at a time) and the scans stream thousands of rows. The report
# (every file, the speakers' pages too) is the same on SQLite and
# PostgreSQL but for its times, in the whole and for a period and one
# proposition; the busiest speaker's page shows the newest claims of every
# proposition they spoke on. Skipped (77) when no server can be started.
. "$(dirname "$0")/lib.sh"
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"

lite=$tmp/lite.db
pg_createdb rep
url=$(pg_url rep)

# A schema and the rules' propositions, then generated claims: 40
# propositions, 60 speakers, so a speaker has claims on most of them.
"$bin" ingest --rules "$root/rules" --db "$lite" "$fx/article-2022-02-18.txt" >/dev/null 2>&1
python3 "$root/bench/gen_claims.py" "$lite" --claims 12000 --propositions 40 --speakers 60 \
	--outlets 12 --seed 7 >/dev/null
run db copy "$lite" "$url"
expect_status "db copy into PostgreSQL" 0

# report_on DB DIR ARGS...: the report into DIR, its times masked.
report_on() {
	local db=$1 dir=$2
	shift 2
	"$bin" report --db "$db" --out "$dir" "$@" >/dev/null 2>"$tmp/err" ||
		{ not_ok "report $* on $db" "$(cat "$tmp/err")"; return; }
	find "$dir" -type f -exec sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g;
		s/generated [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5} UTC/generated TIME/g' {} +
}

# same NAME ARGS...: the report is the same on both, every file.
same() {
	local name=$1
	shift
	rm -rf "$tmp/a" "$tmp/b"
	report_on "$lite" "$tmp/a" "$@"
	report_on "$url" "$tmp/b" "$@"
	if diff -r "$tmp/a" "$tmp/b" >"$tmp/diff"; then
		ok "$name: the same on both ($(find "$tmp/a" -type f | wc -l) files)"
	else
		not_ok "$name: the backends differ" "$(head -20 "$tmp/diff")"
	fi
}

same "the whole report"
py "the busiest speaker's page shows the newest claims of each proposition" '
import glob, html, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
name, sid = db.execute("""SELECT s.name, s.id FROM claims c JOIN speakers s ON s.id = c.speaker_id
  WHERE s.kind <> ? GROUP BY s.id ORDER BY count(*) DESC LIMIT 1""", ("narrator",)).fetchone()
want = sum(min(10, n) for (n,) in db.execute(
  "SELECT count(*) FROM claims WHERE speaker_id = ? GROUP BY proposition", (sid,)))
assert want > 256, want
pages = [p for p in glob.glob(sys.argv[2] + "/speakers/*.html")
         if "<title>" + html.escape(name, quote=False) in open(p).read()]
assert len(pages) == 1, (name, pages)
shown = open(pages[0]).read().count("class=\"claim\"")
assert shown >= want, (name, shown, want)' "$lite" "$tmp/b"
same "a period" --since 2023-03-01 --until 2023-09-30
prop=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["propositions"][0]["id"])' "$tmp/b/report.json")
same "one proposition" --proposition "$prop" --format json,html

echo "pg_report_scan: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
