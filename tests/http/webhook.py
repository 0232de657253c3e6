#!/usr/bin/env python3
"""A chat webhook receiver for claimtrack's alert tests.

    webhook.py DIR

Listens on 127.0.0.1 on a free port and prints the port alone on its first
line of stdout, then serves until killed:

  POST /hook/ok/SECRET      saves the body as DIR/N.json and its
                            Content-Type as DIR/N.type (N = 1, 2, …; both
                            whole before the answer goes out), answers
                            200 "ok" as Slack and Mattermost do
  POST /hook/refuse/SECRET  answers 403 "invalid_token" and saves nothing

Nothing outside DIR is touched.
"""
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20


class Handler(BaseHTTPRequestHandler):
    lock = threading.Lock()
    count = 0
    folder = "."

    def log_message(self, *args):
        pass

    def answer(self, code, text):
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(n, MAX_BODY))
        if self.path.startswith("/hook/refuse/"):
            self.answer(403, "invalid_token")
            return
        if not self.path.startswith("/hook/ok/"):
            self.answer(404, "no such hook")
            return
        with Handler.lock:
            Handler.count += 1
            k = Handler.count
            for ext, data in (("type", (self.headers.get("Content-Type") or "").encode()),
                              ("json", body)):
                path = os.path.join(Handler.folder, f"{k}.{ext}")
                with open(path + ".tmp", "wb") as f:
                    f.write(data)
                os.rename(path + ".tmp", path)
        self.answer(200, "ok")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    Handler.folder = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
