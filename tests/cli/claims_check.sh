#!/bin/bash
# Schema 15 (db/015_claims_kind_check.sql): the claims and speakers tables
# of a database of schema 14 are rebuilt so that inserting a claim or a
# speaker builds no temporary b-tree for the CHECK on its kind; every row,
# index, trigger and foreign key stays as it was, and the checks still
# refuse a bad kind. The database of schema 14 is made from a new one, the
# two tables put back as 001 made them (a CHECK with an IN list of four
# values).
# Usage: claims_check.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rules=(--rules "$root/rules")
db=$tmp/old.db

run ingest "${rules[@]}" --db "$db" "$fx/stance" "$fx/article-2022-02-18.txt"
expect_status "ingest" 0
run claims --db "$db" --format json
expect_match "it has claims" "$out" '"speaker_kind": "person"'
cid=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT min(id) FROM claims").fetchone()[0])' "$db")
run review --db "$db" "$cid" --speaker "Some Body" --by tester
expect_status "a review (reviewed = 1)" 0
run claims --db "$db" --format json
claims_before=$out

# Back to schema 14: the claims table as 001, 006 and 009 left it.
py "the database put back to schema 14" '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
(sql,) = c.execute("SELECT sql FROM sqlite_master WHERE type = \"table\" AND name = \"claims\"").fetchone()
start = sql.index("CHECK (speaker_kind")
end = sql.index("),", start) + 1
assert "IN" not in sql[start:end], sql[start:end]
old = sql[:start] + "CHECK (speaker_kind IN\n\t                   (\"narrator\", \"person\", \"organization\", \"group\"))" + sql[end:]
old = old.replace("\"narrator\", \"person\", \"organization\", \"group\"", "\x27narrator\x27, \x27person\x27, \x27organization\x27, \x27group\x27")
for name in ("\"claims\"", "claims"):
    if old.startswith("CREATE TABLE " + name + " "):
        old = "CREATE TABLE claims_14" + old[len("CREATE TABLE " + name):]
        break
assert old.startswith("CREATE TABLE claims_14 "), old[:40]
indexes = [s for (s,) in c.execute("SELECT sql FROM sqlite_master WHERE type = \"index\" AND tbl_name = \"claims\" AND sql IS NOT NULL")]
assert len(indexes) == 5, indexes
c.execute(old)
c.execute("INSERT INTO claims_14 SELECT * FROM claims")
c.execute("DROP TABLE claims")
c.execute("ALTER TABLE claims_14 RENAME TO claims")
for s in indexes:
    c.execute(s)
(sql,) = c.execute("SELECT sql FROM sqlite_master WHERE name = \"speakers\"").fetchone()
start = sql.index("CHECK (kind")
end = sql.index("),", start) + 1
old = sql[:start] + "CHECK (kind IN (\x27narrator\x27, \x27person\x27, \x27organization\x27, \x27group\x27))" + sql[end:]
old = "CREATE TABLE speakers_14" + old[old.index(" ("):]
c.execute(old)
c.execute("INSERT INTO speakers_14 SELECT * FROM speakers")
c.execute("DROP TABLE speakers")
c.execute("ALTER TABLE speakers_14 RENAME TO speakers")
# What schema 16 made (db/016), so that the upgrade makes it again; 17
# (db/017) rebuilds documents whatever its shape; and what 18 and 19 made.
c.execute("DROP TABLE sentence_index_stats")
c.execute("DROP TABLE document_bands_pending")
c.execute("DROP TABLE document_bands_log")
c.execute("PRAGMA user_version = 14")
c.commit()
assert c.execute("PRAGMA foreign_key_check").fetchall() == []
' "$db"

# What must survive: every table's rows, the schema's other objects, the
# claims' indexes and foreign keys; and what the CHECK costs.
snapshot() {
	python3 - "$1" "$2" <<'PY'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
out = {"rows": {}, "objects": [], "fk": [], "index": {}}
for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                      "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sentence_index%' "
                      "AND name NOT IN ('document_bands_pending', 'document_bands_log') ORDER BY name"):
    out["rows"][t] = sorted(repr(r) for r in c.execute(f'SELECT * FROM "{t}"'))
# Not those that later migrations remake or make: the sentence index's
# (db/016 empties it and queues every text), documents' (db/017) and the
# band keys' notes (db/018) and log (db/019).
out["objects"] = sorted(c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                  "WHERE NOT (type = 'table' AND name IN ('claims', 'speakers')) "
                                  "AND tbl_name NOT LIKE 'sentence_index%' AND tbl_name <> 'documents' "
                                  "AND tbl_name NOT IN ('document_bands_pending', 'document_bands_log')").fetchall())
out["fk"] = c.execute("PRAGMA foreign_key_list(claims)").fetchall()
for (name, *_rest) in [r[1:] for r in c.execute("PRAGMA index_list(claims)")]:
    out["index"][name] = c.execute(f'PRAGMA index_xinfo("{name}")').fetchall()
out["columns"] = c.execute("PRAGMA table_xinfo(claims)").fetchall() + \
    c.execute("PRAGMA table_xinfo(speakers)").fetchall()
out["fk"] += c.execute("PRAGMA foreign_key_list(speaker_aliases)").fetchall() + \
    c.execute("PRAGMA foreign_key_list(retired_claims)").fetchall()
out["index"]["speakers"] = [c.execute(f'PRAGMA index_xinfo("{r[1]}")').fetchall()
                            for r in c.execute("PRAGMA index_list(speakers)")]
out["ephemeral"] = [[r[1] for r in c.execute("EXPLAIN INSERT INTO %s DEFAULT VALUES" % t)].count("OpenEphemeral")
                    for t in ("claims", "speakers")]
out["version"] = c.execute("PRAGMA user_version").fetchone()[0]
json.dump(out, open(sys.argv[2], "w"))
PY
}
snapshot "$db" "$tmp/before.json"
py "schema 14: the insert of a claim or a speaker builds a temporary b-tree" '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == 14 and s["ephemeral"] == [1, 1], (s["version"], s["ephemeral"])
' "$tmp/before.json"
# A writing command upgrades it.
run ingest "${rules[@]}" --db "$db" "$fx/article-2022-02-18.txt"
expect_status "ingest upgrades it" 0
expect_match "its document is stored already" "$out" 'already ingested'
snapshot "$db" "$tmp/after.json"
py "schema 15: no temporary b-tree, and all else as it was" '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["version"] >= 15, b["version"]
assert b["ephemeral"] == [0, 0], b["ephemeral"]
for k in ("rows", "objects", "fk", "index", "columns"):
    assert a[k] == b[k], (k, a[k], b[k])
assert len(a["rows"]["claims"]) > 10 and len(a["rows"]["speakers"]) > 5, a["rows"].keys()
assert len(a["index"]) == 7 and len(a["index"]["speakers"]) == 1 and sum(f[2] == "speakers" for f in a["fk"]) == 3, (a["index"].keys(), a["fk"])
' "$tmp/before.json" "$tmp/after.json"
run claims --db "$db" --format json
expect_equal "claims shows the same claims" "$out" "$claims_before"
run db check --db "$db"
expect_status "db check of the upgraded database" 0
py "integrity and foreign keys hold" '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
assert c.execute("PRAGMA foreign_key_check").fetchall() == []
' "$db"
py "the speakers CHECK refuses a bad kind, and their children still cascade" '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA foreign_keys = ON")
for i, kind in enumerate(("narrator", "person", "organization", "group")):
    c.execute("INSERT INTO speakers (name, kind) VALUES (?, ?)", ("Test %d" % i, kind))
for bad in ("alien", "Group", None):
    try:
        c.execute("INSERT INTO speakers (name, kind) VALUES (\x27Bad\x27, ?)", (bad,))
    except sqlite3.IntegrityError:
        continue
    raise AssertionError("kind %r was taken" % bad)
sid = c.execute("SELECT id FROM speakers WHERE name = \x27Test 1\x27").fetchone()[0]
c.execute("INSERT INTO speaker_aliases (alias, speaker_id) VALUES (\x27T1\x27, ?)", (sid,))
c.execute("DELETE FROM speakers WHERE id = ?", (sid,))
assert c.execute("SELECT count(*) FROM speaker_aliases WHERE alias = \x27T1\x27").fetchone()[0] == 0
used = c.execute("SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL LIMIT 1").fetchone()[0]
try:
    c.execute("DELETE FROM speakers WHERE id = ?", (used,))
except sqlite3.IntegrityError:
    pass
else:
    raise AssertionError("a speaker with claims was deleted")
c.rollback()
' "$db"
py "the CHECK still refuses a kind that is none of the four, and takes each of them" '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
row = c.execute("SELECT * FROM claims ORDER BY id LIMIT 1").fetchone()
cols = [r[1] for r in c.execute("PRAGMA table_info(claims)")]
def insert(kind, seq):
    v = dict(zip(cols, row)); v.update(id=None, seq=seq, speaker_kind=kind)
    c.execute("INSERT INTO claims (%s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * len(cols))),
              [v[k] for k in cols])
for i, kind in enumerate(("narrator", "person", "organization", "group")):
    insert(kind, 1000 + i)
for bad in ("alien", "Person", "", None):
    try:
        insert(bad, 2000)
    except sqlite3.IntegrityError:
        continue
    raise AssertionError("kind %r was taken" % bad)
c.rollback()
' "$db"
cat >new.txt <<'EOF'
date 2024-05-02
title A new one after the upgrade
outlet East Courier

Zabihullah Mujahid said that there are no terrorists in Afghanistan.

Analysts said that ISIS fighters are active in eastern Afghanistan.
EOF
run ingest "${rules[@]}" --db "$db" new.txt
expect_status "ingest into the upgraded database" 0
expect_match "stores claims" "$out" '^total: [1-9][0-9]* stored \([1-9][0-9]* claims?\)'

echo "claims_check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
