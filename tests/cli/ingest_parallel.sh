#!/bin/bash
# CLI tests of ingest with worker threads (--jobs): the same output, the
# same documents with the same ids and the same claims as one thread, on a
# folder with duplicates (by text and by url, inside one run), an empty
# file, files that fail and an HTML page; a re-run; SIGTERM while several
# files are in the works.
# Usage: ingest_parallel.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

seed=$fx/article-2022-02-18.txt
rules=(--rules "$root/rules")

# stat_of DB KEY: one number from 'db stats --format json'.
stat_of() {
	"$bin" --db "$1" db stats --format json 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}

# ---- the option ----
run ingest --help
expect_match "--help documents --jobs" "$out" '--jobs N'
for bad in 0 -1 65 two ""; do
	run ingest "${rules[@]}" --db "$tmp/u.db" --jobs "$bad" "$seed"
	expect_status "--jobs '$bad' is refused" 2
done
[ ! -e "$tmp/u.db" ] && ok "a bad --jobs creates no database" || not_ok "a bad --jobs created u.db"

# ---- a folder with everything an ingest meets ----
docs=$tmp/docs
mkdir -p "$docs/sub"
python3 - "$seed" "$docs" <<'PY'
import sys
seed, out = sys.argv[1], sys.argv[2]
body = open(seed, encoding="utf-8").read().strip().split(" ", 2)[2]
def write(name, text, mode="w"):
    with open("%s/%s" % (out, name), mode) as f:
        f.write(text)
for i in range(40):
    write("a%02d.txt" % i, "date 2021-03-%02d\nurl https://example.org/p/%d\noutlet Tolo News\n\n%s\n\nReport %d.\n"
          % (1 + i % 28, i, body, i))
# The same text and outlet as a05 under another name, no url: a duplicate
# by text (from another outlet it would be another document, a copy).
write("b-copy.txt", "outlet Tolo News\n\n" + open("%s/a05.txt" % out).read().split("\n\n", 1)[1])
# a05 again under another name: a duplicate by url and by text.
write("b-copy2.txt", "date 2021-03-06\nurl https://example.org/p/5\noutlet Tolo News\n\n%s\n\nReport 5.\n" % body)
# Another text at a url stored earlier in the run: a duplicate by url.
write("c-same-url.txt", "url https://example.org/p/7\n\n%s\n\nA different report.\n" % body)
write("d-empty.txt", "  \n\n \n")
with open("%s/e-binary.txt" % out, "wb") as f:
    f.write(b"\x00\x01\x02binary\x00" * 100)
with open("%s/f-bad-utf8.txt" % out, "wb") as f:
    f.write(("date 2021-04-01\n\n%s\n\nBad bytes: " % body).encode() + b"\xff\xfe ok.\n")
write("sub/g-nested.txt", "date 2021-05-01\n\n%s\n\nNested report.\n" % body)
write("sub/z-last.txt", "date 2021-05-02\n\n%s\n\nThe last report.\n" % body)
PY
cp "$fx/html/seed.html" "$docs/h-page.html"
ln -s "$tmp/does-not-exist.txt" "$docs/e-dangling.txt"
n_inputs=50

# ingest_with JOBS NAME [ARGS...]: a fresh database, then its outputs as NAME.*
ingest_with() {
	local jobs=$1 name=$2
	shift 2
	rm -f "$tmp/p.db" "$tmp/p.db-wal" "$tmp/p.db-shm"
	"$bin" ingest "${rules[@]}" --db "$tmp/p.db" --jobs "$jobs" "$@" "$docs" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	echo $? >"$tmp/$name.status"
	"$bin" --db "$tmp/p.db" claims --format csv >"$tmp/$name.csv" 2>&1
	"$bin" --db "$tmp/p.db" db stats --format json >"$tmp/$name.stats" 2>&1
	python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(
        "SELECT id, url, hash, title, outlet_id, n_claims, n_sentences FROM documents ORDER BY id"):
    print(row)' "$tmp/p.db" >"$tmp/$name.docs" 2>&1
}

ingest_with 1 j1
expect_equal "--jobs 1: exit 1 (some files failed)" "$(cat "$tmp/j1.status")" 1
out=$(cat "$tmp/j1.out"); err=$(cat "$tmp/j1.err")
expect_match "--jobs 1: a stored line" "$out" 'a00\.txt: [1-9][0-9]* claims?, [0-9]+ speakers?$'
expect_match "--jobs 1: a duplicate by text" "$out" 'b-copy\.txt: already ingested \(document 6\)$'
expect_match "--jobs 1: a duplicate by url" "$out" 'c-same-url\.txt: already ingested \(document 8\)$'
expect_match "--jobs 1: the empty file" "$out" 'd-empty\.txt: empty, skipped$'
expect_match "--jobs 1: the binary file fails" "$err" 'e-binary\.txt: error: looks like a binary file'
expect_match "--jobs 1: the dangling link fails" "$err" 'e-dangling\.txt: error: cannot read'
expect_match "--jobs 1: the bad bytes warn" "$err" 'f-bad-utf8\.txt: warning: 2 invalid UTF-8 bytes'
expect_match "--jobs 1: the page is stored" "$out" 'h-page\.html: [0-9]+ claims?'
expect_match "--jobs 1: the total" "$out" '^total: 44 stored \([0-9]+ claims\), 3 already ingested, 1 empty, 2 failed$'
expect_equal "--jobs 1: 44 documents" "$(stat_of "$tmp/p.db" documents)" 44

for jobs in 2 3 8; do
	ingest_with "$jobs" "j$jobs"
	expect_equal "--jobs $jobs: the same exit status" "$(cat "$tmp/j$jobs.status")" 1
	for part in out err csv stats docs; do
		if cmp -s "$tmp/j1.$part" "$tmp/j$jobs.$part"; then ok "--jobs $jobs: the same $part"; else
			not_ok "--jobs $jobs: $part differs from --jobs 1" "$(diff "$tmp/j1.$part" "$tmp/j$jobs.$part" | head -20)"; fi
	done
done

# JSON: the same document entries in the same order.
ingest_with 1 jj1 --format json
ingest_with 2 jj2 --format json
if cmp -s "$tmp/jj1.out" "$tmp/jj2.out"; then ok "--format json: the same with --jobs 2"; else
	not_ok "--format json differs" "$(diff "$tmp/jj1.out" "$tmp/jj2.out" | head -20)"; fi
py "--format json: one entry per input, in input order" '
import json, sys
d = json.load(open(sys.argv[1]))
src = [x["source"].rsplit("/", 1)[1] for x in d["documents"]]
assert len(src) == int(sys.argv[2]), len(src)
assert src[:3] == ["a00.txt", "a01.txt", "a02.txt"] and src[-1] == "z-last.txt", src
ids = [x["id"] for x in d["documents"] if x["status"] == "stored"]
assert ids == list(range(1, len(ids) + 1)), ids
' "$tmp/jj2.out" "$n_inputs"

# A re-run stores nothing and says the same with any --jobs.
for jobs in 1 2; do
	"$bin" ingest "${rules[@]}" --db "$tmp/p.db" --jobs "$jobs" "$docs" >"$tmp/re$jobs.out" 2>"$tmp/re$jobs.err"
	echo $? >"$tmp/re$jobs.status"
done
if cmp -s "$tmp/re1.out" "$tmp/re2.out" && cmp -s "$tmp/re1.err" "$tmp/re2.err"; then
	ok "re-run: the same output with --jobs 1 and 2"; else
	not_ok "re-run output differs" "$(diff "$tmp/re1.out" "$tmp/re2.out" | head)"; fi
expect_match "re-run: nothing new" "$(cat "$tmp/re2.out")" '^total: 0 stored \(0 claims\), 47 already ingested, 1 empty, 2 failed$'
expect_equal "re-run: still 44 documents" "$(stat_of "$tmp/p.db" documents)" 44

# A document that duplicates one stored earlier in the run (same text) and
# one stored before it (same url) is the duplicate of the one the hash
# finds first, as with one thread storing each document before the next.
dup=$tmp/dup
mkdir -p "$dup/run2"
python3 - "$seed" "$dup" <<'PY'
import sys
body = open(sys.argv[1], encoding="utf-8").read().strip().split(" ", 2)[2]
def write(name, text):
    with open("%s/%s" % (sys.argv[2], name), "w", encoding="utf-8") as f:
        f.write(text)
write("first.txt", "url https://example.org/old\n\n%s\n\nThe old report.\n" % body)
write("run2/a.txt", "url https://example.org/new\n\n%s\n\nThe new report.\n" % body)
write("run2/b.txt", "url https://example.org/old\n\n%s\n\nThe new report.\n" % body)
PY
for jobs in 1 2; do
	rm -f "$tmp/dup.db"*
	"$bin" ingest "${rules[@]}" --db "$tmp/dup.db" "$dup/first.txt" >/dev/null 2>&1
	run ingest "${rules[@]}" --db "$tmp/dup.db" --jobs "$jobs" "$dup/run2"
	expect_match "--jobs $jobs: a duplicate by text within the run wins over one by url" "$out" \
		'run2/b\.txt: already ingested \(document 2\)$'
done

# ---- the database fails midway: what is said to be stored is stored ----
bad=$tmp/bad
mkdir -p "$bad"
python3 - "$seed" "$bad" <<'PY'
import sys
body = open(sys.argv[1], encoding="utf-8").read().strip().split(" ", 2)[2]
for i in range(6):
    title = "boom" if i == 3 else "report %d" % i
    with open("%s/x%d.txt" % (sys.argv[2], i), "w", encoding="utf-8") as f:
        f.write("title %s\nurl https://example.org/x/%d\n\n%s\n\nReport %d.\n" % (title, i, body, i))
PY
for jobs in 1 2; do
	k=$tmp/fail$jobs.db
	"$bin" ingest "${rules[@]}" --db "$k" "$seed" >/dev/null 2>&1
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TRIGGER boom BEFORE INSERT ON documents WHEN NEW.title = \"boom\" "
          "BEGIN SELECT RAISE(ABORT, \"refused by a trigger\"); END")
c.commit()' "$k"
	run ingest "${rules[@]}" --db "$k" --jobs "$jobs" "$bad"
	expect_status "--jobs $jobs: a failing database stops ingest" 1
	expect_match "--jobs $jobs: the failing document is named" "$err" 'x3\.txt: error: .*refused by a trigger'
	expect_match "--jobs $jobs: it says where it stopped" "$err" 'stopped after [0-9]+ of 6 inputs: the database failed'
	py "--jobs $jobs: documents said stored are stored, those rolled back are not" '
import sqlite3, sys
out, err, db = sys.argv[1], sys.argv[2], sys.argv[3]
urls = {r[0] for r in sqlite3.connect(db).execute("SELECT url FROM documents")}
said = {}
for l in out.splitlines() + err.splitlines():
    for i in range(6):
        if "/x%d.txt: " % i in l:
            said[i] = l
assert 4 not in said and 5 not in said, said
for i in range(3):
    stored = "https://example.org/x/%d" % i in urls
    assert i in said, (i, said)
    assert stored == ("claims" in said[i]), (i, said[i], stored)
    assert stored or "not stored, the transaction was rolled back" in said[i], said[i]
assert "https://example.org/x/3" not in urls
' "$out" "$err" "$k"
done

# ---- SIGTERM with --jobs 2: the files started are stored, in order ----
# Inputs K and K+1 are FIFOs: each of the two workers waits on one, so the
# run is held midway whatever the machine's speed. SIGTERM goes in then;
# once ingest says it is stopping, the FIFOs are fed, and it must store
# exactly the first K+2 inputs and stop.
corpus=$tmp/corpus
mkdir -p "$corpus" "$tmp/held"
python3 - "$seed" "$corpus" <<'PY'
import sys
body = open(sys.argv[1], encoding="utf-8").read().strip().split(" ", 2)[2]
for i in range(600):
    with open("%s/article-%03d.txt" % (sys.argv[2], i), "w", encoding="utf-8") as f:
        f.write("date 2021-%02d-%02d\nurl https://example.org/news/%d\noutlet Tolo News\n\n%s\n\nReport number %d.\n"
                % (1 + i % 12, 1 + i % 28, i, body, i))
PY
"$bin" ingest "${rules[@]}" --db "$tmp/clean.db" --jobs 2 "$corpus" >/dev/null 2>&1
"$bin" --db "$tmp/clean.db" db stats --format json >"$tmp/clean.stats"
for at in 0 90 300 510; do
	k=$tmp/term.db
	rm -f "$k" "$k-wal" "$k-shm" "$tmp"/held/*
	inputs=()
	for i in $(seq 0 599); do
		name=$(printf 'article-%03d.txt' "$i")
		if [ "$i" -eq "$at" ] || [ "$i" -eq $((at + 1)) ]; then
			mkfifo "$tmp/held/$name"
			inputs+=("$tmp/held/$name")
		else
			inputs+=("$corpus/$name")
		fi
	done
	held_a=$tmp/held/$(printf 'article-%03d.txt' "$at")
	held_b=$tmp/held/$(printf 'article-%03d.txt' $((at + 1)))
	python3 "$root/tests/cli/interrupt.py" "$tmp/term.out" "$tmp/term.err" \
		--when "fifo:$held_a" --when "fifo:$held_b" --signal TERM \
		--then 'err:^claimtrack: interrupted; storing the documents already started' \
		--feed "$held_a=$corpus/$(basename "$held_a")" --feed "$held_b=$corpus/$(basename "$held_b")" \
		-- "$bin" ingest "${rules[@]}" --db "$k" --jobs 2 "${inputs[@]}"
	status=$?
	out=$(cat "$tmp/term.out"); err=$(cat "$tmp/term.err")
	expect_status "SIGTERM while inputs $at and $((at + 1)) are held" 143
	expect_match "SIGTERM at $at says how far it got" "$err" \
		"interrupted after $((at + 2)) of 600 inputs"
	run db check --db "$k"
	expect_status "db check after SIGTERM at $at" 0
	py "SIGTERM at $at: the first $((at + 2)) files are stored, each with a line, and no others" '
import re, subprocess, sys
out, n, db, bin_ = open(sys.argv[1]).read(), int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = [l for l in out.splitlines() if not l.startswith("total:")]
assert len(lines) == n, (len(lines), n)
for i, l in enumerate(lines):
    assert re.match(r".*/article-%03d\.txt: \d+ claims?, \d+ speakers?(, copy of #1)?$" % i, l), (i, l)
assert re.search(r"^total: %d stored" % n, out, re.M), out[-200:]
import json
docs = json.loads(subprocess.run([bin_, "--db", db, "db", "stats", "--format", "json"],
                                 capture_output=True, text=True).stdout)["documents"]
assert docs == n, (docs, n)
' "$tmp/term.out" $((at + 2)) "$k" "$bin"
	run ingest "${rules[@]}" --db "$k" --jobs 2 "$corpus"
	expect_status "re-run after SIGTERM at $at" 0
	"$bin" --db "$k" db stats --format json >"$tmp/term.stats"
	same_totals "re-run after SIGTERM at $at ends with the clean totals" \
		"$tmp/clean.stats" "$tmp/term.stats"
done

echo "ingest_parallel: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
