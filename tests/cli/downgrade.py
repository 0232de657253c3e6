#!/usr/bin/env python3
"""Sets a SQLite record of the latest schema back to an older one, for the
tests of upgrades: what each later migration added is taken away, newest
first, and user_version set, so that the next writing command runs those
migrations again. Migrations that only rebuild a table (015, 017) or act
on PostgreSQL alone (014) run again as they are and need no undoing.

    downgrade.py DB VERSION
"""
import sqlite3
import sys

# What each schema added (db/NNN_*.sql), as SQL that takes it away.
UNDO = {
    19: ["DROP TABLE document_bands_log"],
    18: ["DROP TABLE document_bands_pending"],
    16: ["DROP TABLE sentence_index_stats"],
    13: ["DROP TABLE document_bands_recent"],
    12: ["DROP TABLE document_signatures", "DROP TABLE document_bands", "DROP TABLE copy_fill",
         "DROP INDEX documents_by_copy_of", "ALTER TABLE documents DROP COLUMN copy_of"],
    11: ["DROP TRIGGER IF EXISTS sentence_index_queue", "DROP TABLE sentence_index_pending"],
    10: ["DROP TABLE sentence_index"],
    9: ["DROP TABLE reviews", "DROP TABLE retired_claims", "DROP TABLE rule_set_propositions",
        "DROP TABLE rule_sets", "DROP INDEX documents_by_rule_set",
        "ALTER TABLE documents DROP COLUMN rule_set_id", "ALTER TABLE claims DROP COLUMN reviewed"],
    7: ["DROP TABLE document_texts"],
}

path, version = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
(current,) = db.execute("PRAGMA user_version").fetchone()
for v in sorted(UNDO, reverse=True):
    if version < v <= current:
        for sql in UNDO[v]:
            db.execute(sql)
db.execute("PRAGMA user_version = %d" % version)
db.commit()
