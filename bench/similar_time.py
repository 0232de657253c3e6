#!/usr/bin/env python3
"""Times `claimtrack similar` on databases, in turns, and compares them.

    similar_time.py CORPUS LABEL=CLAIMTRACK@DB... [--queries N] [--repeat R]

The queries: N sentences of the corpus (the first sentence of the second
paragraph of every k-th file, k spread over the corpus), then N
paraphrases of tests/similar/claims.txt (other topics), then one that
finds nothing (the process's start and the database's opening). Each
query runs R times on each target in turn (after one warm-up query a
target), so that a busy machine slows all alike. Prints, per target and
kind of query, the median over the queries of each one's median wall
time, and of the CPU time of the claimtrack process (user + system; on
PostgreSQL the server's is not in it) of one `similar --limit 10 --format
json`. Then, for each pair of targets, on how many queries they return
the same 10 sentences in the same order with the same scores.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def corpus_queries(corpus, n):
    files = []
    for d in sorted(os.listdir(corpus)):
        p = os.path.join(corpus, d)
        if os.path.isdir(p):
            files += [os.path.join(p, f) for f in sorted(os.listdir(p)) if f.endswith('.txt')]
    step = max(1, len(files) // n)
    out = []
    for f in files[::step][:n]:
        with open(f, encoding='utf-8') as fh:
            body = fh.read().split('\n\n')
        if len(body) > 2:
            out.append(body[2].split('. ')[0] + '.')
    return out


def paraphrases(n):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'similar',
                        'claims.txt')
    with open(path, encoding='utf-8') as f:
        ps = [line[3:].strip() for line in f if line.startswith('P: ')]
    step = max(1, len(ps) // n)
    return ps[::step][:n]


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(bin_, db, q):
    t0, c0 = time.perf_counter(), cpu()
    out = subprocess.run([bin_, '--db', db, 'similar', '--format', 'json', '--limit', '10',
                          '--', q], check=True, capture_output=True, text=True).stdout
    wall, used = (time.perf_counter() - t0) * 1000, (cpu() - c0) * 1000
    return wall, used, [(r['sentence'], r['score']) for r in json.loads(out)['results']]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('targets', nargs='+', help='LABEL=CLAIMTRACK@DB')
    ap.add_argument('--queries', type=int, default=20)
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    targets = []
    for t in a.targets:
        label, _, rest = t.partition('=')
        bin_, _, db = rest.partition('@')
        targets.append((label, bin_, db))
    kinds = [('corpus sentences', corpus_queries(a.corpus, a.queries)),
             ('paraphrases', paraphrases(a.queries)),
             ('nothing found', ['zanzibar quokka'])]
    for _, bin_, db in targets:
        run(bin_, db, 'warm up the caches and the index')
    lists = {}
    for kind, qs in kinds:
        walls = {t[0]: [] for t in targets}
        cpus = {t[0]: [] for t in targets}
        for q in qs:
            w = {t[0]: [] for t in targets}
            c = {t[0]: [] for t in targets}
            for _ in range(a.repeat):
                for label, bin_, db in targets:
                    wall, used, res = run(bin_, db, q)
                    w[label].append(wall)
                    c[label].append(used)
                    lists.setdefault(q, {})[label] = res
            for label in w:
                walls[label].append(statistics.median(w[label]))
                cpus[label].append(statistics.median(c[label]))
        for label, _, _ in targets:
            print(f'{label}: {kind} ({len(qs)}): wall {statistics.median(walls[label]):.0f} ms, '
                  f'claimtrack CPU {statistics.median(cpus[label]):.0f} ms a query (median)')
    for i, (la, _, _) in enumerate(targets):
        for lb, _, _ in targets[i + 1:]:
            same = sum(1 for v in lists.values() if v[la] == v[lb])
            print(f'{la} and {lb}: the same 10 sentences, order and scores on {same} of '
                  f'{len(lists)} queries')
    return 0


sys.exit(main())
