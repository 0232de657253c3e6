#!/bin/bash
# CLI tests of report and nightly: files written, contents that agree
# across formats, stance changes, escaping, what is new. Usage:
# report.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

export CLAIMTRACK_RULES=$root/rules

# ---- usage and a missing database ----
run report --help
expect_status "report --help" 0
run nightly --help
expect_status "nightly --help" 0
run report --db "$tmp/none.db"
expect_status "report without a database" 1
expect_match "the missing database is named" "$err" "none\.db: no database yet"
run report --db "$tmp/none.db" --since 2022-13-01
expect_status "report with a bad date" 2
run report --db "$tmp/none.db" --format pdf
expect_status "report with an unknown format" 2

# ---- the seed article: contradictions in every format ----
run ingest --db "$tmp/seed.db" "$fx/article-2022-02-18.txt"
expect_status "ingest the seed" 0
run report --db "$tmp/seed.db" --out "$tmp/r1"
expect_status "report --out" 0
for f in index.html report.md report.json claims.csv; do
	if [ -s "$tmp/r1/$f" ]; then ok "report wrote $f"; else not_ok "report wrote $f"; fi
done
py "report.json holds the seed's contradictions" '
import json, sys
d = json.load(open(sys.argv[1]))
p = {x["id"]: x for x in d["propositions"]}["af.terrorist-presence"]
pairs = {(c["supports"]["speaker"], c["refutes"]["speaker"]) for c in p["contradictions"]}
assert ("Kenneth McKenzie", "Inayatullah Khwarazami") in pairs, pairs
assert ("Stanislav Zas", "Inayatullah Khwarazami") in pairs, pairs
for c in p["contradictions"]:
    r = c["refutes"]
    assert "There are no terrorists in Afghanistan" in r["sentence"], r
    assert r["date"] == "2022-02-18" and r["date_kind"] == "publication", r
    if c["supports"]["speaker"] == "Stanislav Zas":
        assert c["supports"]["via"] == "Tolo News", c
stances = {c["stance"] for c in p["claims"]}
assert stances == {"supports", "refutes"}, stances
assert d["summary"]["claims"] > 0 and d["summary"]["documents"] == 1
' "$tmp/r1/report.json"
py "claims.csv opens as CSV with a header" '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0][:4] == ["proposition", "title", "rev", "stance"], rows[0]
assert len(rows) > 5 and all(len(r) == len(rows[0]) for r in rows), len(rows)
' "$tmp/r1/claims.csv"
py "the HTML shows the same contradictions" '
import html, json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
assert "Content-Security-Policy" in page
assert "<script" not in page.lower()
text = html.unescape(re.sub(r"<[^>]+>", " ", page))
for p in d["propositions"]:
    assert p["title"] in text, p["title"]
    for c in p["contradictions"]:
        for side in ("supports", "refutes"):
            assert c[side]["speaker"] in text, c[side]["speaker"]
assert "Tolo News" in text
assert "<svg" in page
' "$tmp/r1/index.html" "$tmp/r1/report.json"

run report --db "$tmp/seed.db" --out - --format json
py "--out - --format json prints one JSON document" 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out"
run report --db "$tmp/seed.db" --out -
expect_match "--out - prints Markdown" "$out" "Terrorist groups are active in Afghanistan"
run report --db "$tmp/seed.db" --out - --format md,json
expect_status "--out - with two formats" 2
run report --db "$tmp/seed.db" --out - --format json --proposition af.foreign-troops
py "--proposition selects" '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["id"] for p in d["propositions"]] == ["af.foreign-troops"], d["propositions"]
' "$tmp/out"
run report --db "$tmp/seed.db" --out - --format json --until 2021-12-31
py "--until uses the statement date" '
import json, sys
d = json.load(open(sys.argv[1]))
claims = [c for p in d["propositions"] for c in p["claims"]]
assert claims and all(c["date"] <= "2021-12-31" for c in claims), claims
assert all(c["date_kind"] == "statement" for c in claims)
' "$tmp/out"

# ---- default folder, index and what is new ----
mkdir -p "$tmp/cwd" && cd "$tmp/cwd" || exit 1
run report --db "$tmp/seed.db"
expect_status "report into reports/" 0
expect_match "report says where it wrote" "$out" "^wrote reports/[0-9]{4}-[0-9]{2}-[0-9]{2}/"
if [ -f reports/index.html ] && ls reports/*/index.html >/dev/null 2>&1; then ok "reports/index.html lists it"; else not_ok "reports/index.html"; fi
run report --db "$tmp/seed.db"
expect_match "a second report the same day gets its own folder" "$out" "^wrote reports/[0-9-]+-2/"
py "the index lists both, newest first" '
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
links = re.findall(r"href=\"([^\"]+)/index.html\"", page)
assert len(links) == 2 and links[0].endswith("-2"), links
' reports/index.html

# ---- nightly ----
run nightly --db "$tmp/seed.db" --out "$tmp/nightly"
expect_status "first nightly" 0
expect_match "first nightly writes a report" "$out" "^wrote "
run nightly --db "$tmp/seed.db" --out "$tmp/nightly"
expect_status "second nightly" 0
expect_match "second nightly writes nothing and says so" "$out" "^nothing new since the last nightly report"
n=$(find "$tmp/nightly" -name report.json | wc -l)
if [ "$n" -eq 1 ]; then ok "nightly twice wrote one report"; else not_ok "nightly twice wrote $n reports"; fi
cd "$tmp" || exit 1

# ---- a stance change across dated articles ----
if [ -d "$fx/stance" ]; then
	run ingest --db "$tmp/stance.db" "$fx/stance"
	expect_status "ingest the stance fixtures" 0
	run report --db "$tmp/stance.db" --out - --format json
	py "a speaker who changed stance shows as a stance change" '
import json, sys
d = json.load(open(sys.argv[1]))
changes = [c for p in d["propositions"] for c in p["changes"]]
assert changes, "no stance change"
for c in changes:
    assert c["from"]["stance"] != c["to"]["stance"], c
    assert c["from"]["date"] <= c["to"]["date"], c
    assert c["from"]["speaker"] == c["to"]["speaker"] == c["speaker"], c
' "$tmp/out"
fi

# ---- counts and order checked against the store ----
run ingest --db "$tmp/all.db" "$fx/article-2022-02-18.txt" "$fx/stance"
expect_status "ingest the seed and the stance fixtures" 0
run report --db "$tmp/all.db" --out - --format json
cp "$tmp/out" "$tmp/all.json"
run report --db "$tmp/all.db" --out - --format json --tag afghanistan
cp "$tmp/out" "$tmp/all-tag.json"
py "report counts, dates and order agree with the store" '
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))
tagged = json.load(open(sys.argv[2]))
db = sqlite3.connect(sys.argv[3])
props = {p["id"]: p for p in d["propositions"]}
assert len(props) >= 2, list(props)
docs = dict(db.execute("SELECT proposition, count(DISTINCT document_id) FROM claims GROUP BY 1"))
assert any(n > 1 for n in docs.values()), docs
for pid, p in props.items():
    assert p["counts"]["documents"] == docs[pid], (pid, p["counts"], docs[pid])
    sup, ref, first, last = db.execute(
        "SELECT sum(stance = \"supports\" AND NOT hedged), sum(stance = \"refutes\" AND NOT hedged), "
        "min(coalesce(statement_date, date)), max(coalesce(statement_date, date)) "
        "FROM claims WHERE proposition = ?", (pid,)).fetchone()
    assert (p["counts"]["supports"], p["counts"]["refutes"]) == (sup, ref), (pid, p["counts"])
    assert (p["first"], p["last"]) == (first, last), (pid, p["first"], p["last"], first, last)
    keys = [(c["date"] or "", c["id"]) for c in p["claims"]]
    assert keys == sorted(keys, reverse=True), (pid, keys)
    when = [(max(c["supports"]["date"], c["refutes"]["date"]),
             min(c["supports"]["date"], c["refutes"]["date"])) for c in p["contradictions"]]
    assert when == sorted(when, reverse=True), (pid, when)
    pairs = [(c["supports"]["speaker"], c["refutes"]["speaker"]) for c in p["contradictions"]]
    assert len(pairs) == len(set(pairs)) and all(a != b for a, b in pairs), (pid, pairs)
    both = {s["name"]: s for s in p["supporters"]}
    for s in p["refuters"]:
        if s["name"] in both:
            assert (s["kind"], s["role"]) == (both[s["name"]]["kind"], both[s["name"]]["role"]), s
for p in tagged["propositions"]:
    assert p["counts"] == props[p["id"]]["counts"], (p["id"], p["counts"])
assert tagged["summary"] == d["summary"], (tagged["summary"], d["summary"])
' "$tmp/all.json" "$tmp/all-tag.json" "$tmp/all.db"

# ---- article text is inert in the HTML ----
if [ -f "$fx/hostile-quote.txt" ]; then
	run ingest --db "$tmp/hostile.db" "$fx/hostile-quote.txt"
	run report --db "$tmp/hostile.db" --out "$tmp/rh"
	expect_status "report of a hostile quote" 0
	py "a quote with HTML and JS is inert text" '
import sys
page = open(sys.argv[1], encoding="utf-8").read()
md = open(sys.argv[2], encoding="utf-8").read()
assert "<script>alert(1)</script>" not in page
assert "<img src=x onerror" not in page.replace("&lt;img", "")
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
assert "<script>" not in md
' "$tmp/rh/index.html" "$tmp/rh/report.md"
fi

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
