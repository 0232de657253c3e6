#!/usr/bin/env python3
"""Load for bench/serve.sh: starts `claimtrack serve` on a free port, asks
for every proposition's page once (warm-up), then REQUESTS pages, CLIENTS
at once (threads, one keep-alive connection each), the propositions in
turns; prints requests/s and the latency percentiles, overall and for the
proposition with the most claims.

    serve_load.py CLAIMTRACK DB REQUESTS CLIENTS JOBS [SERVE_OPTION...]
"""
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

BIN, DB = sys.argv[1], sys.argv[2]
REQUESTS, CLIENTS, JOBS = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]

serve = subprocess.Popen([BIN, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--jobs", JOBS,
                          *sys.argv[6:]],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = serve.stdout.readline()
m = re.search(r":(\d+)/", line)
if not m:
    sys.exit(f"serve did not start: {line!r}")
port = int(m.group(1))


def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: {r.status} {body[:300]!r}")
    return body


conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
props = json.loads(get(conn, "/?format=json"))["propositions"]
paths = ["/proposition/" + urllib.parse.quote(p["id"]) for p in props]
biggest = paths[0]          # most claims first
warm = {}
for p in paths:
    t = time.perf_counter()
    get(conn, p)
    warm[p] = time.perf_counter() - t
conn.close()

lat = []                    # (path, seconds)
lock = threading.Lock()
counter = iter(range(REQUESTS))


def client():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    mine = []
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            break
        p = paths[i % len(paths)]
        t = time.perf_counter()
        try:
            get(c, p)
        except (http.client.HTTPException, ConnectionError):
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            get(c, p)
        mine.append((p, time.perf_counter() - t))
    c.close()
    with lock:
        lat.extend(mine)


t0 = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
serve.send_signal(signal.SIGTERM)
serve.wait(timeout=60)


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] * 1000


allv = [s for _, s in lat]
big = [s for p, s in lat if p == biggest]
print(f"propositions: {len(paths)}; the largest ({props[0]['id']}): {props[0]['claims']} claims; "
      f"first answer (cold) {warm[biggest] * 1000:.0f} ms")
print(f"{len(lat)} requests in {wall:.2f} s: {len(lat) / wall:.1f} requests/s")
print(f"latency, all pages:    p50 {pct(allv, .5):7.1f} ms  p95 {pct(allv, .95):7.1f} ms  "
      f"p99 {pct(allv, .99):7.1f} ms  max {max(allv) * 1000:7.1f} ms")
print(f"latency, the largest:  p50 {pct(big, .5):7.1f} ms  p95 {pct(big, .95):7.1f} ms  "
      f"max {max(big) * 1000:7.1f} ms  ({len(big)} requests)")
