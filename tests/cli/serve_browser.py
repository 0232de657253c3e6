#!/usr/bin/env python3
"""`claimtrack serve` in a real browser: headless Chromium over the DevTools
protocol, with the standard library only (a minimal WebSocket client).

    serve_browser.py CLAIMTRACK DB PROPOSITION OUTDIR RATED_CLAIM

Starts serve on a free port and Chromium with --remote-debugging-port=0,
each synchronised on the line it prints once it listens. Loads the
proposition's page, types in the search box and submits it, opens a claim
from a timeline mark (a click, then at phone width a tap), checks that no
page scrolls sideways at 390 px, and saves screenshots at desktop and
phone width in OUTDIR; loads RATED_CLAIM's page, whose ClaimReview
JSON-LD (a data block: the CSP runs no inline script) must parse and
raise no console error. A wire story carried by ten outlets shows its
claim once, "carried by 10 outlets" and their links, on the search, a
speaker's and a claim's page, and a copy's document says whose story it
is, at both widths. Waits are on the browser's events (the page's load
event), never on the clock. Exits 77 when no Chromium is installed.

Why not puppeteer: it would need npm and a node_modules folder at test
time, and a network to install them; the protocol's few calls needed here
fit in this file.
"""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.parse

BIN, DB, PROP, OUTDIR, RATED = sys.argv[1:6]
failed = 0


def check(name, cond, detail=""):
    global failed
    if cond:
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}")
        if detail:
            for line in str(detail)[:2000].splitlines():
                print(f"#   {line}")


def find_chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise OSError("websocket closed during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise OSError(f"websocket refused: {head!r}")

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise OSError("websocket closed")
            buf += chunk
        return buf

    def send(self, text):
        data = text.encode()
        head = bytes([0x81])
        n = len(data)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._exact(2), "big")
            elif n == 127:
                n = int.from_bytes(self._exact(8), "big")
            payload = self._exact(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise OSError("websocket closed by the browser")
            if opcode in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Page:
    """One tab, driven by DevTools commands; events are queued."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_event(self, method):
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    return self.events.pop(i)
            m = json.loads(self.ws.recv())
            if "method" in m:
                self.events.append(m)

    def js(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                      awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def load(self, url):
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def after(self, action):
        """Runs action (which navigates) and waits for the new page's load."""
        self.events.clear()
        action()
        self.wait_event("Page.loadEventFired")

    def size(self, width, height, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.call("Emulation.setTouchEmulationEnabled", enabled=mobile)

    def screenshot(self, path):
        m = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": m["width"], "height": min(m["height"], 6000),
                "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip,
                         captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def click(self, selector, touch=False):
        """Scrolls the element into view and clicks (or taps) its middle."""
        box = self.js(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center', inline: 'center'}});
            const r = e.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
        }})()""")
        if not box:
            raise RuntimeError(f"nothing matches {selector}")
        if touch:
            pt = [{"x": box["x"], "y": box["y"]}]
            self.call("Input.dispatchTouchEvent", type="touchStart", touchPoints=pt)
            self.call("Input.dispatchTouchEvent", type="touchEnd", touchPoints=[])
        else:
            for kind in ("mousePressed", "mouseReleased"):
                self.call("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"],
                          button="left", clickCount=1)


def no_overflow(page):
    return page.js("document.documentElement.scrollWidth <= window.innerWidth + 1 && "
                   "document.body.scrollWidth <= window.innerWidth + 1")


chromium = find_chromium()
if not chromium:
    print("serve_browser: no chromium installed: skipped")
    sys.exit(77)
os.makedirs(OUTDIR, exist_ok=True)

serve = subprocess.Popen([BIN, "--db", DB, "serve", "--listen", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = serve.stdout.readline()
m = re.search(r"listening on (http://127\.0\.0\.1:\d+)/", line)
if not m:
    serve.kill()
    raise SystemExit(f"serve did not start: {line!r}")
base = m.group(1)

profile = tempfile.mkdtemp(prefix="ct-chromium-")
browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                            "--no-first-run", "--no-default-browser-check",
                            "--disable-extensions", "--hide-scrollbars",
                            f"--user-data-dir={profile}", "--remote-debugging-port=0",
                            "about:blank"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    ws_url = None
    for line in browser.stderr:
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        if m:
            ws_url = m.group(1)
            break
    if not ws_url:
        raise SystemExit("chromium did not start its DevTools server")
    port = urllib.parse.urlparse(ws_url).port
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", "/json/list")
    targets = json.loads(c.getresponse().read())
    tab = next(t for t in targets if t["type"] == "page")
    page = Page(WebSocket(tab["webSocketDebuggerUrl"]))
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Log.enable")

    prop_url = f"{base}/proposition/{urllib.parse.quote(PROP)}"

    # ---- desktop ----
    page.size(1280, 900, False)
    page.load(prop_url)
    check("the proposition page loads",
          page.js("document.querySelector('h1') && document.title.length > 0") and
          page.js("document.querySelectorAll('svg.plot a').length") > 0)
    check("the timeline has marks that are links to claims",
          page.js("[...document.querySelectorAll('svg.plot a')]"
                  ".some(a => a.getAttribute('href').startsWith('/claim/'))"))
    check("no script errors, no console errors, nothing the CSP blocked",
          not [e for e in page.events if e["method"] == "Runtime.exceptionThrown" or
               (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error") or
               (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")],
          page.events)
    page.screenshot(os.path.join(OUTDIR, "serve-proposition-desktop.png"))

    # Type in the search box of the header and submit it with Enter.
    page.click("#q")
    page.call("Input.insertText", text="threat")

    def enter():
        for kind in ("keyDown", "keyUp"):
            page.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                      windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
    page.after(enter)
    check("typing in the search box and Enter opens the search, the words in the URL",
          page.js("location.pathname") == "/search" and
          page.js("new URLSearchParams(location.search).get('q')") == "threat",
          page.js("location.href"))
    n = page.js("document.querySelectorAll('article.claim').length")
    check("the search lists claims", n and n > 0, n)
    page.screenshot(os.path.join(OUTDIR, "serve-search-desktop.png"))

    # Open a claim from a timeline mark.
    page.load(prop_url)
    sel = "svg.plot a[href^='/claim/']"
    href = page.js(f"document.querySelector({json.dumps(sel)}).getAttribute('href')")
    page.after(lambda: page.click(sel))
    check("a click on a timeline mark opens its claim",
          page.js("location.pathname") == href, (page.js("location.href"), href))
    check("the claim page shows its sentence in its paragraph",
          page.js("!!document.querySelector('.para strong.sent')"))
    page.screenshot(os.path.join(OUTDIR, "serve-claim-desktop.png"))

    # A rated claim: its ClaimReview is a data block the CSP lets be.
    page.load(f"{base}/claim/{RATED}")
    check("a rated claim's page has its ClaimReview JSON-LD, which parses",
          page.js("(() => { const s = document.querySelectorAll("
                  "'script[type=\"application/ld+json\"]');"
                  " return s.length === 1 &&"
                  " JSON.parse(s[0].textContent)['@type'] === 'ClaimReview'; })()"))
    check("and the console shows no error there: nothing the CSP blocked",
          not [e for e in page.events if e["method"] == "Runtime.exceptionThrown" or
               (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error") or
               (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")],
          page.events)

    # A wire story carried by ten outlets: its claim once, with the outlets.
    copies = [f"/search?outlet={urllib.parse.quote('Kabul Herald')}",
              "/speaker/" + urllib.parse.quote("Zabihullah Mujahid")]

    def carried():
        return page.js("[...document.querySelectorAll('article.claim .carried')]"
                       ".map(p => [p.textContent, p.querySelectorAll('a').length])")

    def wire_pages(width):
        for path in copies:
            page.load(base + path)
            got = carried()
            check(f"{width} px: {path} says which outlets carry the story",
                  got and all(t.startswith("carried by ") for t, n in got) and
                  any(t.startswith("carried by 10 outlets: ") and t.endswith(" and 2 more") and
                      n == 9 for t, n in got), got)
            if width < 1000:
                check(f"{width} px: {path} does not scroll sideways", no_overflow(page),
                      page.js("[document.documentElement.scrollWidth, window.innerWidth]"))
        page.screenshot(os.path.join(OUTDIR, f"serve-copies-speaker-{width}.png"))
        page.load(base + copies[0])
        claim = page.js("(() => { const a = [...document.querySelectorAll('article.claim')]"
                        ".find(a => a.querySelector('.carried'));"
                        " return a && a.querySelector(\"a[href^='/claim/']\").getAttribute('href'); })()")
        page.screenshot(os.path.join(OUTDIR, f"serve-copies-search-{width}.png"))
        page.load(base + claim)
        check(f"{width} px: the claim page lists the 10 outlets carrying it",
              [n for t, n in carried() or []] == [10], carried())
        page.screenshot(os.path.join(OUTDIR, f"serve-copies-claim-{width}.png"))
        page.load(base + "/outlet/" + urllib.parse.quote("Pamir Post"))
        doc = page.js("document.querySelector(\"article.claim a[href^='/document/']\")"
                      ".getAttribute('href')")
        page.load(base + doc)
        check(f"{width} px: a copy's document says whose story it is",
              page.js("(document.querySelector('p.carried') || {}).textContent || ''")
              .startswith("A copy of the story first stored as document "))
        if width < 1000:
            check(f"{width} px: a copy's document does not scroll sideways", no_overflow(page))
        page.screenshot(os.path.join(OUTDIR, f"serve-copies-document-{width}.png"))

    wire_pages(1280)

    # ---- phone ----
    page.size(390, 844, True)
    wire_pages(390)
    page.load(prop_url)
    check("390 px: the proposition page does not scroll sideways", no_overflow(page),
          page.js("[document.documentElement.scrollWidth, window.innerWidth]"))
    check("390 px: the timeline says it scrolls",
          page.js("getComputedStyle(document.querySelector('.scroll-hint')).display") != "none")
    check("390 px: the timeline is scrolled to its newest marks",
          page.js("(() => { const c = document.querySelector('.chart');"
                  " return c.scrollWidth <= c.clientWidth ||"
                  " c.scrollLeft + c.clientWidth >= c.scrollWidth - 1; })()"))
    page.screenshot(os.path.join(OUTDIR, "serve-proposition-390.png"))
    href = page.js(f"(() => {{ const c = document.querySelector('.chart').getBoundingClientRect();"
                   f" const a = [...document.querySelectorAll({json.dumps(sel)})].reverse()"
                   f".find(a => {{ const r = a.getBoundingClientRect();"
                   f" return r.left >= c.left && r.right <= c.right; }});"
                   f" if (!a) return null; a.setAttribute('data-t', '1');"
                   f" return a.getAttribute('href'); }})()")
    check("390 px: a mark is in view", href)
    if href:
        page.after(lambda: page.click("a[data-t]", touch=True))
        check("390 px: a tap on a mark opens its claim", page.js("location.pathname") == href,
              page.js("location.href"))
        check("390 px: the claim page does not scroll sideways", no_overflow(page))
        page.screenshot(os.path.join(OUTDIR, "serve-claim-390.png"))
    for path in ("/", "/search?q=threat", f"/search?proposition={urllib.parse.quote(PROP)}"):
        page.load(base + path)
        check(f"390 px: {path} does not scroll sideways", no_overflow(page),
              page.js("[document.documentElement.scrollWidth, window.innerWidth]"))
    doc = page.js("(() => { const a = document.querySelector(\"a[href^='/document/']\");"
                  " return a && a.getAttribute('href'); })()")
    if doc:
        page.load(base + doc)
        check("390 px: a document does not scroll sideways", no_overflow(page))
    page.load(base + "/")
    page.screenshot(os.path.join(OUTDIR, "serve-propositions-390.png"))
finally:
    browser.send_signal(signal.SIGTERM)
    try:
        browser.wait(timeout=30)
    except subprocess.TimeoutExpired:
        browser.kill()
    shutil.rmtree(profile, ignore_errors=True)
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=30)

print(f"screenshots in {OUTDIR}")
print(f"serve_browser: {failed} failed")
sys.exit(1 if failed else 0)
