#!/bin/bash
# CLI tests of a database that cannot be used as asked: a read-only file, a
# read-only folder, a full disk, a damaged file, a file that is not a
# database, and a database from a newer claimtrack. Each gives one line
# naming the file and exit 1, and leaves the file's bytes as they were.
# Usage: dbfail.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
seed=$fx/article-2022-02-18.txt
printf 'date 2022-01-03\n\nThere are no terrorists in Afghanistan.\n' >"$tmp/new.txt"

# A database with the seed and the stance fixtures, copied for each case.
"$bin" ingest "${rules[@]}" --db "$tmp/seed.db" "$seed" "$fx/stance" >/dev/null 2>&1
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.close()' "$tmp/seed.db"
if [ -s "$tmp/seed.db" ]; then ok "the seed database"; else
	not_ok "the seed database was not made"; echo "dbfail: $pass passed, $fail failed"; exit 1; fi

sum() { sha256sum <"$1" | cut -d' ' -f1; }

# unchanged NAME FILE SUM: the file still has the checksum SUM.
unchanged() {
	if [ "$(sum "$2")" = "$3" ]; then ok "$1: the file is unchanged"; else
		not_ok "$1: the file changed"; fi
}

# one_error NAME RE: exit 1 and stderr is one line matching RE.
one_error() {
	local n
	n=$(printf '%s\n' "$err" | grep -c .)
	if [ "$status" -eq 1 ] && [ "$n" -eq 1 ] && grep -Eq -- "$2" <<<"$err"; then
		ok "$1: exit 1, one line naming the file"
	else
		not_ok "$1: exit $status, $n lines, wanted exit 1 and one line /$2/" "$err"
	fi
}

# ---- read-only: as another user when we are root (root writes through file modes) ----
# as_user ARGS...: runs the binary as a user without write access to the
# test files: ourselves when not root, else nobody through setpriv.
ro_how=
if [ "$(id -u)" -ne 0 ]; then
	ro_how=self
elif command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$bin" 2>/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$root/rules" 2>/dev/null; then
	ro_how=setpriv
fi
as_user() {
	if [ "$ro_how" = setpriv ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	else
		"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	fi
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

if [ -z "$ro_how" ]; then
	ok "# SKIP read-only cases: running as root without a working 'setpriv --reuid=nobody'"
else
	chmod 755 "$tmp"
	chmod 644 "$tmp/new.txt"
	ro=$tmp/ro
	mkdir "$ro" && chmod 777 "$ro"
	cp "$tmp/seed.db" "$ro/f.db" && chmod 444 "$ro/f.db"
	rd=$tmp/rd
	mkdir "$rd" && cp "$tmp/seed.db" "$rd/f.db" && chmod 666 "$rd/f.db" && chmod 555 "$rd"
	for case in "read-only file:$ro/f.db:cannot write to the database: Permission denied" \
		    "read-only folder:$rd/f.db:cannot write in its folder '$rd': Permission denied"; do
		name=${case%%:*}
		rest=${case#*:}
		f=${rest%%:*}
		msg=${rest#*:}
		before=$(sum "$f")
		as_user ingest "${rules[@]}" --db "$f" "$tmp/new.txt"
		one_error "$name: ingest" "^claimtrack: error: $f: $msg"
		as_user report --db "$f" --out "$tmp/rep-$RANDOM"
		one_error "$name: report to a folder" "^claimtrack: error: $f: $msg"
		as_user nightly --db "$f" --out "$tmp/nightly-$RANDOM"
		one_error "$name: nightly" "^claimtrack: error: $f: $msg"
		as_user claims --db "$f" --format json
		expect_status "$name: claims still reads it" 0
		py "$name: claims lists the stored claims" '
import json, sys
assert len(json.loads(sys.argv[1])["claims"]) >= 10
' "$out"
		as_user report --db "$f" --out - --format json
		expect_status "$name: a report on stdout still reads it" 0
		as_user db check --db "$f"
		expect_status "$name: db check still reads it" 0
		unchanged "$name" "$f" "$before"
	done
	if [ -e "$rd/f.db-wal" ] || [ -e "$rd/f.db-shm" ]; then not_ok "files appeared in the read-only folder" "$(ls "$rd")"; else
		ok "nothing appeared in the read-only folder"; fi
	chmod 755 "$rd"
fi

# ---- a full disk: a small tmpfs, else a file size limit ----
# full_disk SCRIPT: runs bash SCRIPT (which sees $bin, $tmp, $rules_dir) with
# $tmp/full a nearly full 1 MB tmpfs in a private mount namespace; fails
# when that cannot be done.
full_disk() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	unshare -m bash -c 'mount -t tmpfs -o size=1m tmpfs "$tmp/full" || exit 99
		cp "$tmp/seed.db" "$tmp/full/f.db"
		dd if=/dev/zero of="$tmp/full/filler" bs=4k 2>/dev/null
		eval "$1"' full_disk "$1"
}
export bin tmp
rules_dir=$root/rules
export rules_dir
python3 - "$tmp/big.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("date 2022-05-01\n\n")
    for i in range(20000):
        f.write("There are no terrorists in Afghanistan, the spokesman said on day %d.\n\n" % i)
PY
mkdir -p "$tmp/full"
before=$(sum "$tmp/seed.db")
if full_disk 'true' 2>/dev/null; then
	# shellcheck disable=SC2016 # expanded by the inner bash
	full_disk '"$bin" ingest --rules "$rules_dir" --db "$tmp/full/f.db" "$tmp/big.txt" >"$tmp/out" 2>"$tmp/err"
		echo $? >"$tmp/status"; sha256sum <"$tmp/full/f.db" | cut -d" " -f1 >"$tmp/after"
		rm "$tmp/full/filler"
		"$bin" db check --db "$tmp/full/f.db" >"$tmp/check" 2>&1; echo $? >>"$tmp/check"'
	status=$(cat "$tmp/status"); err=$(cat "$tmp/err")
	expect_status "full disk (tmpfs): ingest fails" 1
	expect_match "full disk: the message names the file and the cause" "$err" \
		"^claimtrack: error: $tmp/full/f\.db: .*(No space left on device|database or disk is full)"
	expect_equal "full disk: the file is unchanged" "$(cat "$tmp/after")" "$before"
	expect_match "full disk: db check passes once there is room" "$(cat "$tmp/check")" '^db check: ok'
else
	# No mount here: a file size limit fails the writes with EFBIG instead.
	cp "$tmp/seed.db" "$tmp/limited.db"
	(trap '' XFSZ; ulimit -f 200; "$bin" ingest "${rules[@]}" --db "$tmp/limited.db" "$tmp/big.txt" \
		>"$tmp/out" 2>"$tmp/err" </dev/null)
	status=$?; err=$(cat "$tmp/err")
	expect_status "full disk (ulimit -f, no tmpfs here): ingest fails" 1
	expect_match "file size limit: the message names the file and the cause" "$err" \
		"^$tmp/big\.txt: error: $tmp/limited\.db: disk I/O error \(File too large\)"
	unchanged "file size limit" "$tmp/limited.db" "$before"
	run db check --db "$tmp/limited.db"
	expect_status "file size limit: db check passes" 0
fi

# ---- damaged, truncated, not a database ----
cp "$tmp/seed.db" "$tmp/damaged.db"
size=$(stat -c %s "$tmp/damaged.db")
python3 -c '
import sys
f = open(sys.argv[1], "r+b")
f.seek(int(sys.argv[2]) // 2 // 4096 * 4096)
f.write(b"\xa5\x5a" * 4096)
' "$tmp/damaged.db" "$size"
before=$(sum "$tmp/damaged.db")
run db check --db "$tmp/damaged.db"
one_error "damaged: db check" "^claimtrack: error: $tmp/damaged\.db: .*malformed \(the file is damaged; restore it from a backup\)$"
# An ingest that does not read the damaged page stores its document (and
# changes the file); one that fails must leave it as it was.
for c in "claims" "report --out - --format json" "db stats" "ingest ${rules[*]} $tmp/new.txt"; do
	[ "$c" = "ingest ${rules[*]} $tmp/new.txt" ] && unchanged "damaged" "$tmp/damaged.db" "$before"
	# shellcheck disable=SC2086
	run $c --db "$tmp/damaged.db"
	name=$(cut -d' ' -f1-2 <<<"$c")
	# It fails when it reads the damaged page; what does not read it may work.
	if [ "$status" -eq 0 ] || { [ "$status" -eq 1 ] && grep -q "$tmp/damaged\.db: .*malformed" <<<"$err"; }; then
		ok "damaged: $name: exit $status, no crash"
	else
		not_ok "damaged: $name: exit $status" "$err"
	fi
done
[ "$status" -eq 0 ] || unchanged "damaged: a failed ingest" "$tmp/damaged.db" "$before"

head -c 60000 "$tmp/seed.db" >"$tmp/truncated.db"
before=$(sum "$tmp/truncated.db")
run claims --db "$tmp/truncated.db"
one_error "truncated: claims" "^claimtrack: error: $tmp/truncated\.db: database disk image is malformed"
run ingest "${rules[@]}" --db "$tmp/truncated.db" "$tmp/new.txt"
one_error "truncated: ingest" "^claimtrack: error: $tmp/truncated\.db: database disk image is malformed"
unchanged "truncated" "$tmp/truncated.db" "$before"

head -c 100000 /dev/urandom >"$tmp/noise.db"
before=$(sum "$tmp/noise.db")
run claims --db "$tmp/noise.db"
one_error "random bytes: claims" "^claimtrack: error: $tmp/noise\.db: file is not a database$"
run ingest "${rules[@]}" --db "$tmp/noise.db" "$tmp/new.txt"
one_error "random bytes: ingest" "^claimtrack: error: $tmp/noise\.db: file is not a database$"
unchanged "random bytes" "$tmp/noise.db" "$before"

python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE notes (x)"); c.commit()' "$tmp/other.db"
before=$(sum "$tmp/other.db")
run ingest "${rules[@]}" --db "$tmp/other.db" "$tmp/new.txt"
one_error "another program's database: ingest" "^claimtrack: error: $tmp/other\.db: not a claimtrack database"
unchanged "another program's database" "$tmp/other.db" "$before"

# ---- a newer schema: every command refuses it, before SQLite opens it ----
cp "$tmp/seed.db" "$tmp/newer.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit(); c.close()' "$tmp/newer.db"
before=$(sum "$tmp/newer.db")
for c in "ingest ${rules[*]} $tmp/new.txt" "claims" "report --out $tmp/newer-rep" "nightly --out $tmp/newer-n" \
	 "db check" "db stats" "speakers"; do
	# shellcheck disable=SC2086
	run $c --db "$tmp/newer.db"
	one_error "newer schema: $(cut -d' ' -f1-2 <<<"$c")" \
		"^claimtrack: error: $tmp/newer\.db: database is from a newer claimtrack \(schema 99, this binary knows [0-9]+\)$"
done
unchanged "newer schema" "$tmp/newer.db" "$before"
[ ! -e "$tmp/newer.db-wal" ] && [ ! -e "$tmp/newer-rep" ] && ok "newer schema: no -wal file, no report" ||
	not_ok "newer schema: files appeared" "$(ls "$tmp")"

echo "dbfail: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
