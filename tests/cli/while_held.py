#!/usr/bin/env python3
"""Runs a command while another is held at a known place, never after a delay.

    while_held.py FIFO PREFIX -- HELD ARGS... -- OTHER ARGS...

Starts HELD (its standard output and error to the files PREFIX.held.out
and PREFIX.held.err), waits until HELD has opened the FIFO named FIFO for
reading (this script holds the writing end, so HELD waits there), runs
OTHER to its end (PREFIX.other.out, PREFIX.other.err), then closes the
FIFO, so that HELD reads its end and goes on, and waits for HELD.

Prints "HELD_PID HELD_STATUS OTHER_STATUS" (statuses as a shell gives
them: 128 + N for signal N) and exits 0; exits 125, printing nothing, when
HELD ended without opening the FIFO (OTHER is then not run).
"""
import os
import subprocess
import sys
import threading

cv = threading.Condition()
state = {"fd": None, "ended": False}


def open_fifo(path):
    fd = os.open(path, os.O_WRONLY)   # returns once HELD opens it
    with cv:
        state["fd"] = fd
        cv.notify_all()


def status(rc):
    return 128 - rc if rc < 0 else rc


def main(argv):
    if len(argv) < 5 or argv[2] != "--" or "--" not in argv[3:]:
        sys.exit(__doc__)
    fifo, prefix = argv[0], argv[1]
    cut = argv.index("--", 3)
    held_cmd, other_cmd = argv[3:cut], argv[cut + 1:]

    with open(prefix + ".held.out", "wb") as out, open(prefix + ".held.err", "wb") as err:
        held = subprocess.Popen(held_cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)

    def reap():
        held.wait()
        with cv:
            state["ended"] = True
            cv.notify_all()
    threading.Thread(target=open_fifo, args=(fifo,), daemon=True).start()
    threading.Thread(target=reap, daemon=True).start()
    with cv:
        while state["fd"] is None and not state["ended"]:
            cv.wait()
        if state["fd"] is None:
            # Unblock our own open(): a reader that goes away at once.
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
            return 125

    with open(prefix + ".other.out", "wb") as out, open(prefix + ".other.err", "wb") as err:
        other = subprocess.run(other_cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    os.close(state["fd"])
    held.wait()
    print(held.pid, status(held.returncode), status(other.returncode))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
