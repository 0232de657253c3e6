#!/usr/bin/env python3
"""Reads a claimtrack schema back from a SQLite file and from a PostgreSQL
database (through psql) and prints what differs: tables, columns, their
types (mapped), NOT NULL, primary keys, unique constraints, foreign keys
and indexes. Exit 1 when they differ.

    pg_schema.py SQLITE_FILE PSQL_COMMAND...
"""
import re
import sqlite3
import subprocess
import sys

TYPES = {'INTEGER': {'int8', 'int2', 'int4'}, 'TEXT': {'text', 'citext'},
         'BLOB': {'bytea'}}


def lite(path):
    db = sqlite3.connect(path)
    out = {'tables': {}, 'unique': set(), 'fk': set(), 'index': {}}
    for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        cols = {}
        for _, name, typ, notnull, _, pk in db.execute(f'PRAGMA table_info("{t}")'):
            cols[name] = (typ.upper(), bool(notnull or pk), pk)
        out['tables'][t] = cols
        pk = tuple(n for n, c in sorted(cols.items(), key=lambda kv: kv[1][2]) if c[2])
        if pk:
            out['unique'].add((t, pk, 'primary'))
        for _, name, unique, origin, partial in db.execute(f'PRAGMA index_list("{t}")'):
            cols_ix = tuple(r[2] if r[2] is not None else 'expr'
                            for r in db.execute(f'PRAGMA index_info("{name}")'))
            if origin == 'u':
                out['unique'].add((t, cols_ix, 'unique'))
            elif origin == 'c':
                out['index'][name] = (t, cols_ix, bool(unique), bool(partial))
        for row in db.execute(f'PRAGMA foreign_key_list("{t}")'):
            out['fk'].add((t, row[3], row[2], row[4], row[6]))
    return out


def pg(cmd):
    def q(sql):
        res = subprocess.run(cmd + [sql], capture_output=True, text=True, check=True)
        return [line.split('|') for line in res.stdout.splitlines() if line]
    out = {'tables': {}, 'unique': set(), 'fk': set(), 'index': {}}
    for t, name, typ, nullable in q(
            "SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name <> 'claimtrack_schema' "
            "ORDER BY table_name, ordinal_position"):
        out['tables'].setdefault(t, {})[name] = (typ, nullable == 'NO')
    for t, kind, cols in q(
            "SELECT c.conrelid::regclass, c.contype, "
            "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n) "
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att) "
            "FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace "
            "WHERE ns.nspname = current_schema() AND c.contype IN ('p', 'u') "
            "AND c.conrelid::regclass::text <> 'claimtrack_schema'"):
        out['unique'].add((t, tuple(cols.split(',')), 'primary' if kind == 'p' else 'unique'))
    for t, col, ref, refcol, action in q(
            "SELECT c.conrelid::regclass, a.attname, c.confrelid::regclass, ra.attname, "
            "CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'c' THEN 'CASCADE' "
            "WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' ELSE 'SET DEFAULT' END "
            "FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
            "WHERE ns.nspname = current_schema() AND c.contype = 'f'"):
        out['fk'].add((t, col, ref, refcol, action))
    for name, t, unique, cols, partial in q(
            "SELECT i.relname, t.relname, x.indisunique, "
            "(SELECT string_agg(CASE WHEN k.att = 0 THEN 'expr' ELSE a.attname END, ',' ORDER BY k.n) "
            " FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(att, n) "
            " LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.att), "
            "x.indpred IS NOT NULL "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace "
            "WHERE ns.nspname = current_schema() AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"):
        out['index'][name] = (t, tuple(cols.split(',')), unique == 't', partial == 't')
    return out


# Tables each engine builds in its own way, and why; left out of the
# comparison with their indexes.
EXEMPT = {
    # db/010: the full-text index of the stored sentences. SQLite: an FTS5
    # virtual table (content='', bm25), which SQLite backs with tables of
    # its own (sentence_index_data, _idx, _docsize, _config); PostgreSQL: a
    # tsvector column with a GIN index (ts_rank). Both are keyed by
    # document id * 2^32 + start; `similar` runs the same on each.
    'sentence_index': 'full-text index: FTS5 in SQLite, tsvector + GIN in PostgreSQL',
}


def exempt(table):
    return any(table == t or table.startswith(t + '_') for t in EXEMPT)


def drop_exempt(s):
    s['tables'] = {t: c for t, c in s['tables'].items() if not exempt(t)}
    for key in ('unique', 'fk'):
        s[key] = {x for x in s[key] if not exempt(x[0])}
    s['index'] = {n: x for n, x in s['index'].items() if not exempt(x[0])}
    return s


def main():
    a, b = drop_exempt(lite(sys.argv[1])), drop_exempt(pg(sys.argv[2:]))
    problems = []
    if set(a['tables']) != set(b['tables']):
        problems.append(f"tables: sqlite {sorted(a['tables'])}, postgresql {sorted(b['tables'])}")
    for t in sorted(set(a['tables']) & set(b['tables'])):
        ca, cb = a['tables'][t], b['tables'][t]
        if list(ca) != list(cb):
            problems.append(f"{t}: columns sqlite {list(ca)}, postgresql {list(cb)}")
        for col in set(ca) & set(cb):
            (lt, lnn, _), (pt, pnn) = ca[col], cb[col]
            if pt not in TYPES.get(lt, ()):
                problems.append(f"{t}.{col}: type {lt} in sqlite, {pt} in postgresql")
            if lnn != pnn:
                problems.append(f"{t}.{col}: NOT NULL {lnn} in sqlite, {pnn} in postgresql")
    for key in ('unique', 'fk'):
        for x in sorted(a[key] - b[key]):
            problems.append(f"{key} only in sqlite: {x}")
        for x in sorted(b[key] - a[key]):
            problems.append(f"{key} only in postgresql: {x}")
    if a['index'] != b['index']:
        for n in sorted(set(a['index']) | set(b['index'])):
            if a['index'].get(n) != b['index'].get(n):
                problems.append(f"index {n}: sqlite {a['index'].get(n)}, postgresql {b['index'].get(n)}")
    for p in problems:
        print(p)
    print(f"{len(a['tables'])} tables, {sum(len(c) for c in a['tables'].values())} columns, "
          f"{len(a['unique'])} keys, {len(a['fk'])} foreign keys, {len(a['index'])} indexes compared: "
          f"{len(problems)} differences")
    return 1 if problems else 0


sys.exit(main())
