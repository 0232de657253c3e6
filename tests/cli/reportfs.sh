#!/bin/bash
# CLI tests of how reports reach the file system: one nightly at a time on a
# reports folder; a nightly killed before and after publishing its report
# and run again (the report and the record of the last nightly agree, and
# no claim is announced as new twice); temporaries of killed runs removed;
# --out with trailing slashes; temporaries that a planted link cannot
# redirect; and the messages of a full disk, a full stdout, a huge response
# header and a claim whose speaker row is missing. Processes are held at
# known places with FIFOs and a lock held by a helper, never by waiting.
# Usage: reportfs.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
db=$tmp/n.db
"$bin" ingest "${rules[@]}" --db "$db" "$fx/article-2022-02-18.txt" >/dev/null 2>&1
if [ -s "$db" ]; then ok "the seed database"; else
	not_ok "the seed database was not made"; echo "reportfs: $pass passed, $fail failed"; exit 1; fi

# report_dirs ROOT: the report folders in ROOT, one a line.
report_dirs() { find "$1" -mindepth 1 -maxdepth 1 -type d | sort; }

# record_matches NAME DB DIR: the last nightly recorded in DB is the report
# in DIR: its folder, time and highest claim are those of DIR/report.json.
record_matches() {
	py "$1" '
import json, sqlite3, sys
db, folder = sys.argv[1], sys.argv[2]
row = sqlite3.connect(db).execute("SELECT out, generated_at, max_claim FROM report_runs "
                                  "WHERE kind = ? ORDER BY id DESC LIMIT 1", ("nightly",)).fetchone()
rep = json.load(open(folder + "/report.json"))
assert row == (folder, rep["generated"], rep["max_claim"]), (row, folder, rep["generated"], rep["max_claim"])
' "$2" "$3"
}

# ---- one nightly at a time ----
# Nightly A reads its sources from a FIFO, so it waits there holding the
# lock; nightly B runs meanwhile, then A is let go.
R=$tmp/R
mkfifo "$tmp/sources.fifo"
held=$(python3 "$root/tests/cli/while_held.py" "$tmp/sources.fifo" "$tmp/ab" -- \
	"$bin" nightly "${rules[@]}" --db "$db" --sources "$tmp/sources.fifo" --out "$R" -- \
	"$bin" nightly "${rules[@]}" --db "$db" --out "$R")
read -r a_pid a_status b_status <<<"$held"
expect_equal "a second nightly while one runs: exit 1" "${b_status:-none}" 1
expect_match "it says which nightly holds the folder" "$(cat "$tmp/ab.other.err")" \
	"^claimtrack: error: another nightly is running on '$R' \(pid ${a_pid:-none}\); let it finish, then run again$"
expect_equal "the first nightly then completes" "${a_status:-none}" 0
expect_match "and writes the report" "$(cat "$tmp/ab.held.out")" "^wrote $R/[0-9-]+/ .*new: 13 claims"
expect_equal "one report, not two" "$(report_dirs "$R" | wc -l)" 1
first=$(report_dirs "$R" | head -1)
record_matches "the record is the report written" "$db" "$first"

# ---- killed while the record waits for the database ----
# A helper holds the database's write lock; nightly publishes its report,
# says so, and waits for the lock to record it: killed there.
"$bin" ingest "${rules[@]}" --db "$db" "$fx/stance/2022-03-10-tolo-mujahid-denies.txt" >/dev/null 2>&1
coproc LOCKER {
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
c.execute("ROLLBACK")
' "$db"
}
read -r locked <&"${LOCKER[0]}"
expect_equal "a helper holds the database's write lock" "${locked:-}" locked
python3 "$root/tests/cli/interrupt.py" "$tmp/out" "$tmp/err" --when 'out:^wrote ' --signal KILL \
	-- "$bin" nightly "${rules[@]}" --db "$db" --out "$R"
status=$?
# 137: killed while it waits (up to 10 s) for the lock; 1 had the wait run
# out first, which leaves the same: a report written, not recorded.
if [ "$status" -eq 137 ] || [ "$status" -eq 1 ]; then ok "nightly killed after it wrote the report (exit $status)"; else
	not_ok "nightly killed after it wrote the report: exit $status" "$(cat "$tmp/out" "$tmp/err")"; fi
# shellcheck disable=SC2153 # LOCKER_PID is set by coproc
locker_pid=$LOCKER_PID
locker_in=${LOCKER[1]}
exec {locker_in}>&-
wait "$locker_pid" 2>/dev/null
second=$(report_dirs "$R" | grep -vxF "$first" | head -1)
expect_match "its report is published" "$(cat "$tmp/out")" "^wrote ${second:-none}/ .*new: [1-9][0-9]* claims"
run nightly "${rules[@]}" --db "$db" --out "$R"
expect_status "the next nightly" 0
expect_match "records the report the killed one wrote" "$out" \
	"^recorded ${second:-none}/, the report of a nightly that stopped before recording it$"
expect_match "and announces nothing again" "$out" "^nothing new since the last nightly report \(.*, in ${second:-none}\); wrote nothing$"
expect_equal "no third report" "$(report_dirs "$R" | wc -l)" 2
record_matches "the record is the published report" "$db" "${second:-none}"
expect_match "the index lists it" "$(cat "$R/index.html")" "href=\"$(basename "${second:-none}")/"
leftovers=$(find "$R" -name '*.tmp-*' -o -name .nightly-pending)
expect_equal "no temporaries or journal left" "$leftovers" ""

# ---- killed before publishing: the lock dies with it ----
"$bin" ingest "${rules[@]}" --db "$db" "$fx/stance/2022-05-02-khaama-monitors.txt" >/dev/null 2>&1
python3 "$root/tests/cli/interrupt.py" "$tmp/out" "$tmp/err" --when "fifo:$tmp/sources.fifo" --signal KILL \
	-- "$bin" nightly "${rules[@]}" --db "$db" --sources "$tmp/sources.fifo" --out "$R"
status=$?
expect_equal "nightly killed while it reads its sources" "$status" 137
run nightly "${rules[@]}" --db "$db" --out "$R"
expect_status "the next nightly is not locked out" 0
expect_match "and reports only the claims since the last report" "$out" "^wrote $R/[0-9-]+/ .*new: [1-9][0-9]* claims"
third=$(report_dirs "$R" | grep -vxF -e "$first" -e "$second" | head -1)
record_matches "the record is the new report" "$db" "${third:-none}"
py "the new report holds only claims after the previous one" '
import json, sys
prev, new = (json.load(open(d + "/report.json")) for d in sys.argv[1:3])
ids = [c["id"] for p in new["propositions"] for c in p["claims"] if c["new"]]
assert ids and min(ids) > prev["max_claim"], (ids, prev["max_claim"])
' "${second:-none}" "${third:-none}"

# ---- temporaries of killed runs ----
# A pid that is no longer running: a child that has ended.
true &
dead=$!
wait "$dead"
if kill -0 "$dead" 2>/dev/null; then
	ok "# SKIP temporaries of killed runs: pid $dead was reused at once"
else
	S=$tmp/S
	mkdir -p "$S/2026-01-01.tmp-$dead" "$S/2026-01-02.tmp-$dead-aB3dE9" "$S/2026-01-03.tmp-$$" \
		"$S/notes.tmp-$dead" "$S/2026-01-04.tmp-$dead"
	touch "$S/2026-01-01.tmp-$dead/index.html" "$S/2026-01-01.tmp-$dead/report.json.tmp-$dead-Xy12zQ" \
		"$S/2026-01-02.tmp-$dead-aB3dE9/report.md" "$S/2026-01-03.tmp-$$/index.html" \
		"$S/notes.tmp-$dead/index.html" "$S/2026-01-04.tmp-$dead/mine.txt" \
		"$S/index.html.tmp-$dead" "$S/index.html.tmp-$dead-k9LmN0" "$S/index.html.tmp-$$" \
		"$S/todo.txt.tmp-$dead"
	run nightly "${rules[@]}" --db "$db" --out "$S"
	expect_status "nightly in a folder with temporaries" 0
	expect_equal "the dead runs' temporaries are gone; the live one's and others' stay" \
		"$(cd "$S" && find . -path './20??-??-??' -prune -o -print | sort | tr '\n' ' ')" \
		". ./.nightly.lock ./2026-01-03.tmp-$$ ./2026-01-03.tmp-$$/index.html ./2026-01-04.tmp-$dead ./2026-01-04.tmp-$dead/mine.txt ./index.html.tmp-$$ ./notes.tmp-$dead ./notes.tmp-$dead/index.html ./todo.txt.tmp-$dead "
	mkdir -p "$tmp/T/out" "$tmp/T/out.tmp-$dead-Q1w2E3" "$tmp/T/other.tmp-$dead"
	touch "$tmp/T/out/claims.csv.tmp-$dead" "$tmp/T/out.tmp-$dead-Q1w2E3/index.html" \
		"$tmp/T/other.tmp-$dead/index.html"
	run report --db "$db" --out "$tmp/T/out/"
	expect_status "report --out DIR/ beside temporaries" 0
	expect_equal "its own temporaries are gone, in and beside it" \
		"$(cd "$tmp/T" && find . -path ./out/speakers -prune -o -print | sort | tr '\n' ' ')" \
		". ./other.tmp-$dead ./other.tmp-$dead/index.html ./out ./out/claims.csv ./out/index.html ./out/report.json ./out/report.md "
fi

# ---- --out with trailing slashes: missing folders are made ----
run report --db "$db" --out fresh/
expect_status "report --out fresh/" 0
expect_match "it says where, with one slash" "$out" '^wrote fresh/ \('
[ -f fresh/report.json ] && ok "fresh/report.json written" || not_ok "no fresh/report.json"
run report --db "$db" --out fresh2/sub//
expect_status "report --out fresh2/sub// (its parent missing too)" 0
[ -f fresh2/sub/index.html ] && ok "fresh2/sub/index.html written" || not_ok "no fresh2/sub/index.html"
"$bin" ingest "${rules[@]}" --db "$db" "$fx/stance/2022-07-18-pajhwok-analyst.txt" >/dev/null 2>&1
run nightly --db "$db" --out "$tmp/N/"
expect_status "nightly --out DIR/" 0
expect_match "it writes into DIR" "$out" "^wrote $tmp/N/[0-9-]+/ "

# ---- a planted link where a temporary would be ----
mkdir -p "$tmp/x" shared
printf 'victim\n' >"$tmp/x/victim.txt"
# The binary runs as the subshell, so its pid is the subshell's.
(ln -s "$tmp/x/victim.txt" "shared/index.html.tmp-$BASHPID"; exec "$bin" report --db "$db" --out shared) \
	>"$tmp/out" 2>"$tmp/err"
status=$?
expect_equal "report into a folder with a planted link: exit 0" "$status" 0
expect_equal "the link's target is untouched" "$(cat "$tmp/x/victim.txt")" victim
[ -f shared/index.html ] && [ ! -L shared/index.html ] && ok "index.html is a file of its own" ||
	not_ok "index.html is not a plain file" "$(ls -l shared)"
(ln -s "$tmp/x" "linked.tmp-$BASHPID"; exec "$bin" report --db "$db" --out linked) >"$tmp/out" 2>"$tmp/err"
status=$?
expect_equal "report into a new folder whose temporary name is a planted link: exit 0" "$status" 0
expect_equal "nothing written through the link" "$(ls "$tmp/x")" victim.txt
mkdir -p reports
(ln -s "$tmp/x/victim.txt" "reports/index.html.tmp-$BASHPID"; exec "$bin" report --db "$db") \
	>"$tmp/out" 2>"$tmp/err"
expect_equal "report's list of reports: the link's target is untouched" "$(cat "$tmp/x/victim.txt")" victim
[ -f reports/index.html ] && [ ! -L reports/index.html ] && ok "reports/index.html is a file of its own" ||
	not_ok "reports/index.html is not a plain file" "$(ls -l reports)"

# ---- things planted among the reports the index lists ----
# A FIFO as a report.json would hold the run for ever, and a link would
# have the index read another file: neither is read.
mkdir -p pl/reports/2020-01-01 pl/reports/2020-01-02
mkfifo pl/reports/2020-01-01/report.json
printf '{"generated": "2020-01-02T00:00:00Z", "title": "SECRET-THROUGH-LINK"}\n' >"$tmp/x/elsewhere.json"
ln -s "$tmp/x/elsewhere.json" pl/reports/2020-01-02/report.json
(cd pl && exec "$bin" report --db "$db") >"$tmp/out" 2>"$tmp/err" </dev/null
status=$?
expect_equal "a report beside a planted FIFO and link: exit 0" "$status" 0
[ -f pl/reports/index.html ] && ok "the list of reports is written" || not_ok "no pl/reports/index.html" "$(cat "$tmp/err")"
if grep -q 'SECRET-THROUGH-LINK\|2020-01-02' pl/reports/index.html; then
	not_ok "the list read a report.json through a link"; else ok "the list reads no report.json through a link"; fi

# ---- messages ----
"$bin" report --db "$db" --out - >/dev/full 2>"$tmp/err"
status=$?
expect_equal "report --out - to a full device: exit 1" "$status" 1
expect_equal "it says why" "$(cat "$tmp/err")" \
	"claimtrack: error: cannot write the report to stdout: No space left on device"

# A full disk: a nearly full 1 MB tmpfs in a private mount namespace, else
# a file size limit.
mkdir -p "$tmp/full"
export bin db tmp
# shellcheck disable=SC2016 # expanded by the inner bash
if unshare -m bash -c 'mount -t tmpfs -o size=1m tmpfs "$tmp/full" || exit 99
	dd if=/dev/zero of="$tmp/full/filler" bs=4k 2>/dev/null
	"$bin" report --db "$db" --out "$tmp/full/r" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/status"
	ls -A "$tmp/full" >"$tmp/left"' 2>/dev/null; then
	expect_equal "report on a full disk: exit 1" "$(cat "$tmp/status")" 1
	# The speaker pages go first (index.html links them): one of those or index.html.
	expect_match "it names the file and the cause" "$(cat "$tmp/err")" \
		"^claimtrack: error: cannot write '$tmp/full/r/(index\\.html|speakers/[a-z0-9-]+\\.html)': No space left on device\$"
	expect_equal "nothing is left on the disk" "$(cat "$tmp/left")" filler
else
	(trap '' XFSZ; ulimit -f 34; "$bin" report --db "$db" --out "$tmp/limited" >"$tmp/out" 2>"$tmp/err")
	status=$?
	expect_equal "report past a file size limit (no tmpfs here): exit 1" "$status" 1
	expect_match "it names the file and the cause" "$(cat "$tmp/err")" \
		"^claimtrack: error: cannot write '$tmp/limited/(index\\.html|speakers/[a-z0-9-]+\\.html)': File too large\$"
fi

cp "$db" "$tmp/nospeaker.db"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA foreign_keys = OFF")
c.execute("DELETE FROM speakers WHERE id = (SELECT MIN(speaker_id) FROM claims)")
c.commit()
' "$tmp/nospeaker.db"
run report --db "$tmp/nospeaker.db" --out -
expect_status "report with a claim whose speaker row is missing" 1
expect_match "it says the database is inconsistent and what to run" "$err" \
	"^claimtrack: error: $tmp/nospeaker\.db: the database is inconsistent: claims name speaker [0-9]+, which it does not have; run 'claimtrack db check'$"

start_server
run extract --allow-private "$B/huge-header"
expect_status "a response with a 200 KB header" 1
expect_match "it says the headers are too large" "$err" \
	"^claimtrack: error: '$B/huge-header': response headers larger than 100 KB$"
run extract --allow-private "$B/huge-header?kb=50"
expect_status "a 50 KB header is read" 0

echo "reportfs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
