#!/usr/bin/env python3
"""How well `claimtrack similar` finds a claim from its paraphrases.

Stores every claim (C:) and distractor (D:) of claims.txt as documents of
their own in a fresh database, then asks `similar` for each paraphrase (P:)
and finds the rank of its group's claim among the 10 sentences returned.
Prints MRR (the mean of 1/rank, 0 when not in the 10) and recall@5 (the
share of paraphrases whose claim is in the first 5), and fails when either
is under its floor. The same figures for a broken ranking (the 10 returned
sentences in document order, not by score) must be under the floors: a
floor that a ranking without its scores passes measures nothing.

    eval.py CLAIMTRACK [--db DB] [--compare DB2 [--same]] [--rules PATH]
            [--min-mrr X] [--min-r5 X] [-v]

DB is a SQLite path (removed first; default: one in a temporary folder)
or an empty postgresql:// database. --compare DB2 stores the same
documents in DB2 (the other backend) and counts the paraphrases whose
claim is at another rank there, whose first sentence is another, and
whose 10 sentences come in another order or with other scores; with
--same, fails unless the two backends return the same 10 sentences in the
same order, with the same scores, for every paraphrase (one ranking,
src/store/store_similar.c).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def read_groups(path):
    groups, cur = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                cur = None
                continue
            kind, _, text = line.partition(': ')
            if kind not in ('C', 'P', 'D') or not text:
                sys.exit(f'{path}: bad line: {line}')
            if cur is None:
                cur = {'C': None, 'P': [], 'D': []}
                groups.append(cur)
            if kind == 'C':
                cur['C'] = text
            else:
                cur[kind].append(text)
    for g in groups:
        if not g['C'] or not g['P']:
            sys.exit(f'{path}: a group without a claim or paraphrases: {g}')
    return groups


def write_docs(groups, work):
    docs = os.path.join(work, 'docs')
    os.makedirs(docs, exist_ok=True)
    n = 0
    for i, g in enumerate(groups):
        for j, text in enumerate([g['C']] + g['D']):
            n += 1
            day = 1 + (n % 28)
            with open(os.path.join(docs, f'g{i:02d}-{j}.txt'), 'w', encoding='utf-8') as f:
                f.write(f'date 2024-03-{day:02d}\ntitle Story {i}.{j}\n'
                        f'outlet Eval Wire\n\n{text}\n')
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('claimtrack')
    ap.add_argument('--db', default=None)
    ap.add_argument('--compare', default=None)
    ap.add_argument('--rules', default=None)
    ap.add_argument('--data', default=os.path.join(os.path.dirname(__file__), 'claims.txt'))
    ap.add_argument('--min-mrr', type=float, default=0.0)
    ap.add_argument('--min-r5', type=float, default=0.0)
    ap.add_argument('--same', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()

    groups = read_groups(a.data)
    work = tempfile.mkdtemp(prefix='similar-eval-')
    try:
        return evaluate(a, groups, work)
    finally:
        shutil.rmtree(work)


def store(a, db, docs):
    base = [a.claimtrack, '--db', db]
    if a.rules:
        base += ['--rules', a.rules]
    if not db.startswith(('postgresql://', 'postgres://')):
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    subprocess.run(base + ['ingest', docs], check=True, capture_output=True)
    return base


def similar(base, p):
    out = subprocess.run(base + ['similar', '--format', 'json', '--limit', '10', '--', p],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)['results']


def evaluate(a, groups, work):
    docs = write_docs(groups, work)
    base = store(a, a.db or os.path.join(work, 'eval.db'), docs)
    other = store(a, a.compare, docs) if a.compare else None
    n_differ = n_first = n_rank = 0

    real_rr, real_hit5, broken_rr, broken_hit5 = [], [], [], []
    for i, g in enumerate(groups):
        for p in g['P']:
            results = similar(base, p)
            ranked = [r['sentence'] for r in results]
            if other:
                found = similar(other, p)
                theirs = [r['sentence'] for r in found]
                n_differ += [(r['sentence'], r['score']) for r in found] != \
                    [(r['sentence'], r['score']) for r in results]
                n_first += theirs[:1] != ranked[:1]
                n_rank += (g['C'] in theirs and theirs.index(g['C'])) != \
                    (g['C'] in ranked and ranked.index(g['C']))
            by_doc = [r['sentence'] for r in sorted(results, key=lambda r: r['document_id'])]
            for order, rr, hit5 in ((ranked, real_rr, real_hit5), (by_doc, broken_rr, broken_hit5)):
                rank = order.index(g['C']) + 1 if g['C'] in order else 0
                rr.append(1.0 / rank if rank else 0.0)
                hit5.append(1 if 0 < rank <= 5 else 0)
            if a.verbose and real_rr[-1] < 1:
                print(f'  rank {round(1 / real_rr[-1]) if real_rr[-1] else "-"}: {p}\n'
                      f'    want: {g["C"]}\n    got:  {ranked[0] if ranked else None}')

    def figures(rr, hit5):
        return sum(rr) / len(rr), sum(hit5) / len(hit5)

    mrr, r5 = figures(real_rr, real_hit5)
    bmrr, br5 = figures(broken_rr, broken_hit5)
    n_d = sum(len(g['D']) for g in groups)
    print(f'{len(groups)} claims, {len(real_rr)} paraphrases, {n_d} distractors')
    print(f'similar: MRR {mrr:.3f}, recall@5 {r5:.3f}')
    print(f'broken (document order): MRR {bmrr:.3f}, recall@5 {br5:.3f}')
    if other:
        print(f'the other backend, of {len(real_rr)} paraphrases: the claim at another rank '
              f'on {n_rank}, another first sentence on {n_first}, the 10 in another order '
              f'on {n_differ}')
        if a.same and n_differ:
            print(f'not ok - the two backends return other sentences or another order '
                  f'for {n_differ} of {len(real_rr)} paraphrases')
            return 1
    ok = True
    if mrr < a.min_mrr or r5 < a.min_r5:
        print(f'not ok - under the floor (MRR {a.min_mrr}, recall@5 {a.min_r5})')
        ok = False
    if a.min_mrr and bmrr >= a.min_mrr and a.min_r5 and br5 >= a.min_r5:
        print('not ok - the broken ranking passes the floor too: it measures nothing')
        ok = False
    return 0 if ok else 1


sys.exit(main())
