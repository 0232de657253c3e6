#!/usr/bin/env python3
"""Which of a command's threads ran at the same time, from perf sched.

    perf sched record -o sched.data -- claimtrack ingest ...
    perf sched timehist -i sched.data > timehist.txt
    bench/sched_states.py timehist.txt [--comm claimtrack] [--slice-ms 100]

Each line of `perf sched timehist` ends a stretch a task ran ("run time"
column, ending at the line's time). From the stretches of the threads of
the command named --comm this prints how long each set of them ran at
once over the command's life (the first thread listed is the main one),
and with --slice-ms the same per slice of that many milliseconds: where
a thread ran alone while the others waited, and where none ran.
"""
import argparse
import collections
import re
import sys

LINE = re.compile(r"^\s*(\d+\.\d+)\s+\[\d+\]\s+(\S+)\s+\S+\s+\S+\s+(\d+\.\d+)")


def read_stretches(path, comm):
    """{tid: [(start, end), ...]} of the threads of comm, in seconds."""
    runs = collections.defaultdict(list)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m or not m.group(2).startswith(comm + "["):
                continue
            end, ran = float(m.group(1)), float(m.group(3)) / 1000.0
            tid = m.group(2)[len(comm) + 1:].split("/")[0].rstrip("]")
            if ran > 0:
                runs[tid].append((end - ran, end))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("timehist", help="output of perf sched timehist")
    ap.add_argument("--comm", default="claimtrack", help="the command's name")
    ap.add_argument("--slice-ms", type=int, default=0, help="print slices of this length")
    args = ap.parse_args()

    runs = read_stretches(args.timehist, args.comm)
    if not runs:
        sys.exit(f"sched_states: no thread of {args.comm} in {args.timehist}")
    tids = sorted(runs, key=int)
    events = []
    for i, tid in enumerate(tids):
        for start, end in runs[tid]:
            events.append((start, 1, i))
            events.append((end, -1, i))
    events.sort()
    t0, t_end = events[0][0], events[-1][0]
    running = [0] * len(tids)
    total = collections.Counter()
    slices = collections.defaultdict(collections.Counter)
    slice_s = args.slice_ms / 1000.0
    last = t0
    for t, delta, i in events:
        state = tuple(1 if r else 0 for r in running)
        a = last
        while a < t:
            b = t
            if slice_s:
                k = int((a - t0) / slice_s)
                b = min(t, t0 + (k + 1) * slice_s)
                if b <= a:      # rounding at a slice's edge
                    b = min(t, a + 1e-9)
                slices[k][state] += b - a
            total[state] += b - a
            a = b
        running[i] += delta
        last = t

    def name(state):
        on = [tids[i] for i, r in enumerate(state) if r]
        return "+".join(on) if on else "none"

    print(f"threads of {args.comm}: {', '.join(tids)} (the first is the main thread); "
          f"{t_end - t0:.3f} s from the first stretch to the last")
    for state, secs in total.most_common():
        print(f"  {name(state):40s} {secs:7.3f} s")
    for k in sorted(slices):
        cells = ", ".join(f"{name(s)} {v * 1000:.0f}" for s, v in slices[k].most_common() if v >= 0.0005)
        print(f"  {k * args.slice_ms:6d} ms: {cells}")


if __name__ == "__main__":
    main()
