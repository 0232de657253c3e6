#!/usr/bin/env python3
"""The HTTP server of claimtrack's fetch tests and benchmark.

    server.py [--host 127.0.0.1] [--port 0] [--verbose]

Listens on 127.0.0.1 on a free port (or --port) and prints the port alone
on its first line of stdout, then serves until killed. Python's
http.server (ThreadingHTTPServer), HTTP/1.1 with keep-alive; nothing
outside this process is touched.

Routes (fixture files are tests/fixtures/http/*, written for the project):
  /article-jsonld.html, /article-og.html, /empty.html
                      fixture pages, text/html; charset=utf-8
  /seed.html          tests/fixtures/html/seed.html (the sample article as HTML)
  /cp1252.html        windows-1252 bytes, charset in the Content-Type header
  /cp1252-undeclared.html   the same bytes, no charset anywhere
  /greek.html         ISO-8859-7 bytes, declared only in the Content-Type header
  /feed.rss, /feed.atom     feeds pointing at the pages here ({{BASE}} is
                      replaced by http://HOST:PORT)
  /page/N?ms=D        a generated article, different for each N, after D
                      milliseconds (default 0: at once) (the benchmark)
  /page/N?gate=G      the same, once the gate named G is open: a test holds
                      a run at a known place, then lets it go on
  /_open?gate=G       opens the gate G (and answers at once)
  /chain              three redirects, then /article-og.html
  /loop/a, /loop/b    redirect to each other
  /to-file            redirects to file:///etc/passwd
  /to-metadata        redirects to http://169.254.169.254/latest/meta-data/
  /missing            404
  /slow?s=N           waits N seconds (default 600) before answering
  /big?bytes=N        an HTML page of N bytes (default 2,000,000)
  /gzip-bomb?bytes=N  gzip body that inflates to N bytes (default 12 MB)
  /gzip.html          /article-og.html, gzip-encoded when asked for
  /pdf                application/pdf
  /notype             an HTML page without Content-Type
  /flaky?k=KEY&n=N&after=S  503 with Retry-After: S (default 1) the first N
                      times (default 1) for each KEY, then the article
  /busy               always 429 with Retry-After: 120
  /_stats             JSON: requests so far per path, and how many were 304
  /drip?bytes=N&ms=D  an HTML page of N bytes (default 100000) sent one byte
                      every D milliseconds (default 200)
  /endless            a chunked HTML body that never ends
  /reset              announces 100,000 bytes, sends 2,000, then resets the
                      connection (TCP RST): a stream cut mid-body
  /to?u=URL           redirects to URL, whatever it is
  /deflate-bomb?bytes=N  deflate body that inflates to N bytes (default 12 MB)
  /gzip-twice?bytes=N  gzip of gzip of N bytes, Content-Encoding: gzip, gzip
  /posing?n=N&canonical=URL&og=URL  the article of /page/N (default 900) with
                      <link rel=canonical href=URL> and <meta property=og:url
                      content=URL> in its head, each when given: a page that
                      claims to be another site's article
  /feed-lol.rss       an RSS feed whose DTD's entities expand a billion
                      times (a "billion laughs"), used in its title and items
  /huge-header?kb=N   the article of /article-og.html after a header line
                      (X-Padding) of N KB (default 200): more than libcurl's
                      100 KB for one header

Every 200 answer carries an ETag and a Last-Modified, and a request whose
If-None-Match or If-Modified-Since matches gets 304.
"""
import argparse
import gzip
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures', 'http')
SEED_HTML = os.path.join(HERE, '..', 'fixtures', 'html', 'seed.html')
LAST_MODIFIED = 'Tue, 20 Jun 2023 09:00:00 GMT'

FILES = {
    '/article-jsonld.html': ('article-jsonld.html', 'text/html; charset=utf-8'),
    '/article-og.html': ('article-og.html', 'text/html; charset=utf-8'),
    '/empty.html': ('empty.html', 'text/html; charset=utf-8'),
    '/cp1252.html': ('cp1252.html', 'text/html; charset=windows-1252'),
    '/cp1252-undeclared.html': ('cp1252.html', 'text/html'),
    '/feed.rss': ('feed.rss', 'application/rss+xml'),
    '/feed.atom': ('feed.atom', 'application/atom+xml'),
}

REDIRECTS = {
    '/chain': '/chain/2',
    '/chain/2': '/chain/3',
    '/chain/3': '/article-og.html',
    '/loop/a': '/loop/b',
    '/loop/b': '/loop/a',
    '/to-file': 'file:///etc/passwd',
    '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
}

GREEK_PAGE = '''<!DOCTYPE html>
<html>
<head><title>\u0391\u03b8\u03ae\u03bd\u03b1 - Greek Test Daily</title>
<meta property="og:site_name" content="Greek Test Daily"></head>
<body><article>
<h1>\u0394\u03b7\u03bb\u03ce\u03c3\u03b5\u03b9\u03c2 \u03b3\u03b9\u03b1 \u03c4\u03bf \u0391\u03c6\u03b3\u03b1\u03bd\u03b9\u03c3\u03c4\u03ac\u03bd</h1>
<p>\u039f \u03c5\u03c0\u03bf\u03c5\u03c1\u03b3\u03cc\u03c2 \u03bc\u03af\u03bb\u03b7\u03c3\u03b5 \u03b3\u03b9\u03b1 \u03c4\u03bf \u0391\u03c6\u03b3\u03b1\u03bd\u03b9\u03c3\u03c4\u03ac\u03bd \u03c3\u03c4\u03b7\u03bd \u0391\u03b8\u03ae\u03bd\u03b1 \u03c4\u03b7 \u0394\u03b5\u03c5\u03c4\u03ad\u03c1\u03b1.</p>
</article></body>
</html>
'''

PAGE_TEMPLATE = '''<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bulletin {n}: security roundup - Test Gazette</title>
<meta property="og:site_name" content="Test Gazette">
<meta property="article:published_time" content="2023-{month:02d}-{day:02d}T08:00:00Z">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/region">Region</a></nav>
<article>
<h1>Bulletin {n}: security roundup</h1>
<p>Officials in province {n} met on Monday to review the checkpoints along the main road,
the {n}th such meeting this year, according to a statement from the governor's office.</p>
<p>"ISIS concerns us in Afghanistan," said Commander Rashid Karimi{n}, who leads the district
police, adding that patrols would double before the harvest.</p>
<p>There are no terrorists in Afghanistan, spokesman Wahid Azizi{n} said in reply, and the
ministry called the commander's figures outdated.</p>
<p>Traders in the market of district {n} said prices for flour and cooking oil had risen by a
tenth since the spring, and that the road closures made deliveries slower.</p>
</article>
<footer>Test Gazette, bulletin {n}</footer>
</body>
</html>
'''


# Each entity is ten of the one before: &lol9; would be 10^9 "lol"s.
LOL_FEED = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + ''.join('<!ENTITY lol%d "%s">\n' % (i, ('&lol%s;' % (i - 1 if i > 1 else '')) * 10)
              for i in range(1, 10))
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title>\n'
    + '<item><title>A &lol9;</title><link>{{BASE}}/page/31</link></item>\n'
    + '<item><title>B</title><link>{{BASE}}/page/32</link></item>\n'
    + '</channel></rss>\n')


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}
        self.not_modified = {}
        self.flaky = {}

    def count(self, path, status):
        with self.lock:
            self.requests[path] = self.requests.get(path, 0) + 1
            if status == 304:
                self.not_modified[path] = self.not_modified.get(path, 0) + 1

    def flaky_hit(self, key):
        with self.lock:
            self.flaky[key] = self.flaky.get(key, 0) + 1
            return self.flaky[key]


STATS = Stats()
_gates = {}
_gates_lock = threading.Lock()


def gate(name):
    with _gates_lock:
        return _gates.setdefault(name, threading.Event())
_bomb_cache = {}
_bomb_lock = threading.Lock()


def gzip_of_zeros(n):
    with _bomb_lock:
        if n not in _bomb_cache:
            _bomb_cache[n] = gzip.compress(b'<p>' + b' ' * n + b'</p>', 9)
        return _bomb_cache[n]


def read_fixture(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'claimtrack-test/1'
    verbose = False
    # Headers and body in one write, sent at once: unbuffered writes of the
    # headers, then the body, meet delayed ACKs on a kept-alive connection
    # and cost 40 ms a request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write('server: ' + (fmt % args) + '\n')

    def base(self):
        return 'http://' + self.headers.get('Host', '127.0.0.1')

    def send(self, status, body=b'', ctype='text/html; charset=utf-8', headers=None,
             validators=False):
        headers = dict(headers or {})
        if validators and status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers['ETag'] = etag
            headers['Last-Modified'] = LAST_MODIFIED
            inm = self.headers.get('If-None-Match')
            ims = self.headers.get('If-Modified-Since')
            if (inm and etag in [t.strip() for t in inm.split(',')]) or \
                    (not inm and ims == LAST_MODIFIED):
                status, body = 304, b''
        STATS.count(urlsplit(self.path).path, status)
        self.send_response(status)
        if ctype and status != 304:
            self.send_header('Content-Type', ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if status != 304 and self.command != 'HEAD':
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        path, q = url.path, parse_qs(url.query)

        def arg(name, default):
            try:
                return int(q.get(name, [default])[0])
            except ValueError:
                return default

        if path in FILES:
            name, ctype = FILES[path]
            body = read_fixture(name)
            if name.startswith('feed.'):
                body = body.replace(b'{{BASE}}', self.base().encode())
            return self.send(200, body, ctype, validators=True)
        if path == '/greek.html':
            return self.send(200, GREEK_PAGE.encode('iso-8859-7'),
                             'text/html; charset=iso-8859-7', validators=True)
        if path == '/seed.html':
            if not os.path.exists(SEED_HTML):
                return self.send(404, b'no seed.html fixture\n', 'text/plain')
            with open(SEED_HTML, 'rb') as f:
                return self.send(200, f.read(), validators=True)
        if path.startswith('/page/') and path[6:].isdigit():
            n = int(path[6:])
            if 'gate' in q:
                gate(q['gate'][0]).wait()
            if arg('ms', 0) > 0:
                time.sleep(min(arg('ms', 0), 10000) / 1000)
            body = PAGE_TEMPLATE.format(n=n, month=1 + n % 12, day=1 + n % 28).encode()
            return self.send(200, body, validators=True)
        if path == '/posing':
            head = ''
            if 'canonical' in q:
                head += '<link rel="canonical" href="%s">\n' % q['canonical'][0].replace('"', '&quot;')
            if 'og' in q:
                head += '<meta property="og:url" content="%s">\n' % q['og'][0].replace('"', '&quot;')
            n = arg('n', 900)
            body = PAGE_TEMPLATE.format(n=n, month=1 + n % 12, day=1 + n % 28)
            return self.send(200, body.replace('</head>', head + '</head>', 1).encode(),
                             validators=True)
        if path == '/feed-lol.rss':
            return self.send(200, LOL_FEED.replace('{{BASE}}', self.base()).encode(),
                             'application/rss+xml', validators=True)
        if path in REDIRECTS:
            return self.send(302, b'', None, {'Location': REDIRECTS[path]})
        if path == '/_open':
            gate(q.get('gate', [''])[0]).set()
            return self.send(200, b'open\n', 'text/plain')
        if path == '/slow':
            time.sleep(arg('s', 600))
            return self.send(200, b'<html><body><p>late</p></body></html>')
        if path == '/big':
            n = arg('bytes', 2000000)
            body = b'<html><body><article><p>' + b'word ' * (n // 5) + b'</p></article></body></html>'
            return self.send(200, body)
        if path == '/gzip-bomb':
            return self.send(200, gzip_of_zeros(arg('bytes', 12 << 20)),
                             headers={'Content-Encoding': 'gzip'})
        if path == '/gzip.html':
            body = read_fixture('article-og.html')
            if 'gzip' in self.headers.get('Accept-Encoding', ''):
                return self.send(200, gzip.compress(body), headers={'Content-Encoding': 'gzip'})
            return self.send(200, body)
        if path == '/pdf':
            return self.send(200, b'%PDF-1.4\n% not really a PDF\n', 'application/pdf')
        if path == '/notype':
            return self.send(200, read_fixture('article-og.html'), None)
        if path == '/flaky':
            key = q.get('k', [''])[0]
            if STATS.flaky_hit(key) <= arg('n', 1):
                return self.send(503, b'busy\n', 'text/plain',
                                 {'Retry-After': str(arg('after', 1))})
            return self.send(200, read_fixture('article-jsonld.html'))
        if path == '/busy':
            return self.send(429, b'slow down\n', 'text/plain', {'Retry-After': '120'})
        if path == '/drip':
            return self.drip(arg('bytes', 100000), arg('ms', 200))
        if path == '/endless':
            return self.endless()
        if path == '/reset':
            return self.reset()
        if path == '/to':
            return self.send(302, b'', None, {'Location': q.get('u', ['/'])[0]})
        if path == '/huge-header':
            return self.send(200, read_fixture('article-og.html'),
                             headers={'X-Padding': 'a' * (arg('kb', 200) * 1024)})
        if path == '/deflate-bomb':
            body = zlib.compress(b'<p>' + b' ' * arg('bytes', 12 << 20) + b'</p>', 9)
            return self.send(200, body, headers={'Content-Encoding': 'deflate'})
        if path == '/gzip-twice':
            body = gzip.compress(gzip_of_zeros(arg('bytes', 12 << 20)), 9)
            return self.send(200, body, headers={'Content-Encoding': 'gzip, gzip'})
        if path == '/_stats':
            with STATS.lock:
                body = json.dumps({'requests': STATS.requests,
                                   'not_modified': STATS.not_modified}).encode()
            return self.send(200, body, 'application/json')
        return self.send(404, b'not found\n', 'text/plain')


    # Hostile answers: each ends the connection when it is done.

    def start_body(self, headers):
        STATS.count(urlsplit(self.path).path, 200)
        self.send_response(200)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

    def drip(self, n, ms):
        page = (b'<html><body><article><p>' + b'word ' * n)[:n]
        self.start_body({'Content-Length': str(len(page))})
        try:
            for i in range(len(page)):
                self.wfile.write(page[i:i + 1])
                self.wfile.flush()
                time.sleep(ms / 1000)
        except OSError:
            pass

    def endless(self):
        self.start_body({'Transfer-Encoding': 'chunked'})
        chunk = b'<p>' + b'word ' * 1000 + b'</p>\n'
        frame = b'%x\r\n%s\r\n' % (len(chunk), chunk)
        try:
            while True:
                self.wfile.write(frame)
        except OSError:
            pass

    def reset(self):
        self.start_body({'Content-Length': '100000'})
        try:
            self.wfile.write(b'<html><body><article><p>' + b'word ' * 400)
            self.wfile.flush()
            # SO_LINGER with a zero timeout: close() sends RST, not FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack('ii', 1, 0))
            self.connection.close()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128    # listen() backlog: the default 5 drops connections


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    Handler.verbose = args.verbose
    server = Server((args.host, args.port), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == '__main__':
    main()
