#!/bin/bash
# CLI tests of the folder walk of ingest: links that loop, folders reached
# twice, and a walk that streams into the workers (storing starts before
# the walk ends, and a signal stops it there).
# Usage: walk.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
doc='ISIS concerns us in Afghanistan, said Bob.'

# ---- links that loop ----
mkdir -p inc/sub
printf 'date 2022-01-02\n\n%s\n' "$doc" >inc/a.txt
printf 'date 2022-01-03\n\n%s Again.\n' "$doc" >inc/sub/b.txt
ln -s . inc/l1
ln -s . inc/l2
ln -s .. inc/sub/up
run ingest "${rules[@]}" --db "$tmp/loop.db" --format json inc
expect_status "a folder with links to itself and to its parent" 0
py "each file once, in name order" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["source"] for x in d["documents"]] == ["inc/a.txt", "inc/sub/b.txt"], d["documents"]
assert d["total"]["inputs"] == 2 and d["total"]["stored"] == 2, d["total"]
' "$tmp/out"
for link in inc/l1 inc/l2 inc/sub/up; do
	expect_match "the loop through $link is a warning naming it" "$err" \
		"^$link: warning: a link to '.*/inc', a folder that holds it: not followed \\(a loop\\)$"
done

# A link out of the tree to a folder that holds it, as the probe made it.
mkdir -p outer/inc2
printf 'date 2022-01-02\n\n%s\n' "$doc" >outer/inc2/a.txt
printf 'date 2022-01-02\n\n%s Elsewhere.\n' "$doc" >outer/beside.txt
ln -s .. outer/inc2/loop
run ingest "${rules[@]}" --db "$tmp/up.db" outer/inc2
expect_status "a link to the folder above" 0
expect_match "it is a loop" "$err" "^outer/inc2/loop: warning: .*not followed \\(a loop\\)$"
expect_match "one document stored" "$out" '^total: 1 stored'

# ---- a folder reached twice is read once ----
mkdir -p two/real
printf 'date 2022-01-02\n\n%s\n' "$doc" >two/real/a.txt
ln -s real two/alias
run ingest "${rules[@]}" --db "$tmp/two.db" --format json two two/real
expect_status "a folder through a link, and again as an INPUT" 0
py "its file is an input once" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["source"] for x in d["documents"]] == ["two/alias/a.txt"], d["documents"]
' "$tmp/out"
expect_match "the second way in is a note" "$err" \
	"^two/real: note: the same folder as 'two/alias', read already: not read again$"
expect_equal "said once for each way in" "$(grep -c 'read already' <<<"$err")" 2

# ---- the walk streams into the workers ----
# 3,000 files: with one document per transaction (--batch 1), the first
# is stored while the walk has found at most a window of files ahead of
# the writer (about a thousand), whatever the speed of the machine. A
# SIGTERM sent then stops the run before the walk has found them all.
python3 - "$doc" <<'PY'
import os, sys
for i in range(3000):
    d = "many/%02d" % (i // 100)
    os.makedirs(d, exist_ok=True)
    with open("%s/%04d.txt" % (d, i), "w") as f:
        f.write("date 2022-01-02\nurl https://example.org/%d\n\n%s Report %d.\n" % (i, sys.argv[1], i))
PY
python3 "$root/tests/cli/interrupt.py" "$tmp/many.out" "$tmp/many.err" \
	--when 'out:^many/00/0000\.txt: ' --signal TERM \
	-- "$bin" ingest "${rules[@]}" --db "$tmp/many.db" --batch 1 --jobs 2 many
status=$?
out=$(cat "$tmp/many.out"); err=$(cat "$tmp/many.err")
expect_status "SIGTERM once the first file is stored" 143
expect_match "it stopped before the walk ended" "$err" \
	'^claimtrack: interrupted after [0-9]+ of the first [0-9]+ inputs;'
py "the walk had found fewer than all 3,000 files" '
import re, sys
m = re.search(r"interrupted after (\d+) of the first (\d+) inputs", sys.argv[1])
done, found = int(m.group(1)), int(m.group(2))
assert 1 <= done <= found < 3000, (done, found)
' "$err"
run db check --db "$tmp/many.db"
expect_status "db check after the stop" 0
run ingest "${rules[@]}" --db "$tmp/many.db" many
expect_status "the run again completes" 0
expect_match "and stores the rest" "$out" '^total: [0-9]+ stored \([0-9]+ claims\), [0-9]+ already ingested, 0 empty, 0 failed$'
py "3,000 documents in all" '
import json, subprocess, sys
d = json.loads(subprocess.check_output([sys.argv[1], "--db", sys.argv[2], "db", "stats", "--format", "json"]))
assert d["documents"] == 3000, d["documents"]
' "$bin" "$tmp/many.db"

echo "walk: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
