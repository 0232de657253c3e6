#!/usr/bin/env python3
"""Interrupts a command at a point the test controls, never after a delay.

    interrupt.py OUT ERR [--when COND]... --signal SIG [--then COND]...
                 [--feed FIFO=FILE]... [--get URL]... -- COMMAND ARGS...

Runs COMMAND with its standard output and error copied, line by line, to
the files OUT and ERR. Waits for each --when condition in turn, sends SIG
(TERM, INT, KILL), waits for each --then condition, then releases what
the command is waiting on: writes FILE into each FIFO named by --feed (and
closes it) and fetches each URL given by --get. Prints nothing; exits with
the command's status as a shell gives it (128 + N for signal N), or 125
when a condition was never met because the command ended first.

A condition is one of:
  out:REGEX    a line of the command's output matches REGEX
  err:REGEX    a line of its error output matches REGEX
  fifo:PATH    the command has opened the FIFO PATH for reading (the test
               holds the writing end, so the command waits there until the
               FIFO is fed or the command is killed)

A FIFO among a command's inputs holds it at a known place: a reader's
open() returns only when a writer opens the FIFO, and its read() only when
data comes. So "the command has reached input K" is an event, not a guess
at how long the inputs before K take.
"""
import os
import re
import signal
import subprocess
import sys
import threading

cv = threading.Condition()
lines = {"out": [], "err": []}
opened = {}             # FIFO path -> the writing end's descriptor
done = False            # the command has ended


def pump(pipe, path, name):
    with open(path, "wb") as f:
        for line in iter(pipe.readline, b""):
            f.write(line)
            f.flush()
            with cv:
                lines[name].append(line.decode("utf-8", "replace"))
                cv.notify_all()


def open_fifo(path):
    fd = os.open(path, os.O_WRONLY)   # returns once the command opens it
    with cv:
        opened[path] = fd
        cv.notify_all()


def wait_for(cond):
    """Waits until COND holds; False if the command ended first."""
    kind, _, arg = cond.partition(":")
    if kind == "fifo":
        threading.Thread(target=open_fifo, args=(arg,), daemon=True).start()
        holds = lambda: arg in opened
    elif kind in ("out", "err"):
        r = re.compile(arg)
        holds = lambda: any(r.search(l) for l in lines[kind])
    else:
        sys.exit("interrupt.py: unknown condition '%s'" % cond)
    with cv:
        while not holds():
            if done:
                if kind == "fifo":
                    # Unblock our own open(): a reader that goes away at once.
                    os.close(os.open(arg, os.O_RDONLY | os.O_NONBLOCK))
                return False
            cv.wait()
    return True


def main(argv):
    if "--" not in argv or len(argv) < 3:
        sys.exit(__doc__)
    cut = argv.index("--")
    opts, command = argv[2:cut], argv[cut + 1:]
    out_path, err_path = argv[0], argv[1]
    when, then, feed, get, sig = [], [], [], [], None
    it = iter(opts)
    for o in it:
        v = next(it)
        if o == "--when":
            when.append(v)
        elif o == "--then":
            then.append(v)
        elif o == "--feed":
            feed.append(v.split("=", 1))
        elif o == "--get":
            get.append(v)
        elif o == "--signal":
            sig = getattr(signal, "SIG" + v)
        else:
            sys.exit("interrupt.py: unknown option '%s'" % o)

    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pumps = [threading.Thread(target=pump, args=(proc.stdout, out_path, "out")),
             threading.Thread(target=pump, args=(proc.stderr, err_path, "err"))]
    for t in pumps:
        t.start()

    def reap():
        global done
        proc.wait()
        for t in pumps:
            t.join()
        with cv:
            done = True
            cv.notify_all()
    threading.Thread(target=reap, daemon=True).start()

    met = all(wait_for(c) for c in when)
    if met and sig is not None:
        proc.send_signal(sig)
        met = all(wait_for(c) for c in then)
    for path, src in feed:
        if path not in opened:
            threading.Thread(target=open_fifo, args=(path,), daemon=True).start()
            wait_for("fifo:" + path)
        if path in opened:
            with open(src, "rb") as f:
                data = f.read()
            try:
                os.write(opened[path], data)
            except BrokenPipeError:
                pass
            os.close(opened.pop(path))
    for url in get:
        import urllib.request
        urllib.request.urlopen(url).read()
    with cv:
        while not done:
            cv.wait()
    for fd in opened.values():
        os.close(fd)
    if not met:
        return 125
    rc = proc.returncode
    return 128 - rc if rc < 0 else rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
