#!/usr/bin/env python3
"""Adds synthetic documents with fingerprints to a claimtrack database, to
measure what copy detection costs in a large one.

Usage: gen_fingerprints.py DB [--documents N]

DB must already have claimtrack's current schema (let `claimtrack ingest`
create it). Writes N documents (no claims, no texts) with the rows copy
detection keeps for each (db/012_copies.sql): a random 512-byte signature
and 42 random band keys, one in ten a copy of an earlier one, in one
transaction, straight in SQL: a million documents (42 million keys) take
a few minutes rather than the hours ingest would. Random keys are what
the index of real bodies looks like to a new document: unrelated stories
share no key. The keys go to document_bands, as after `claimtrack db
maintain` (db/013_recent_bands.sql): an archive whose recent keys are
merged.
"""

import argparse
import sqlite3
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--documents", type=int, default=1000000)
    a = ap.parse_args()
    t0 = time.time()
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA cache_size = -1000000")
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
    last = first + a.documents - 1
    db.execute("BEGIN")
    db.execute("""
        WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO documents (id, hash, source, date, body_len, n_sentences, n_claims,
                               version, copy_of)
        SELECT i, printf('synthetic-%d', i), printf('synthetic/%d.txt', i),
               date('2023-01-01', printf('+%d days', i % 365)), 4000, 40, 0, 'synthetic',
               CASE WHEN i % 10 = 0 AND i - 7 >= ? THEN i - 7 END
        FROM n""", (first, last, first))
    db.execute("""
        INSERT INTO document_signatures (document_id, n_shingles, signature)
        SELECT id, 600, randomblob(512) FROM documents WHERE id >= ?""", (first,))
    # Sorted by key: the table is built from left to right, not by random
    # inserts all over it.
    db.execute("""
        WITH RECURSIVE b(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM b WHERE j < 42)
        INSERT INTO document_bands (key, document_id)
        SELECT k, id FROM (SELECT random() AS k, d.id FROM documents d, b WHERE d.id >= ?)
        WHERE k <> 0 ORDER BY k""", (first,))
    db.commit()
    n_bands = db.execute("SELECT count(*) FROM document_bands").fetchone()[0]
    print("%d documents added (ids %d-%d), %d band keys in all, %.0f s"
          % (a.documents, first, last, n_bands, time.time() - t0))


if __name__ == "__main__":
    main()
