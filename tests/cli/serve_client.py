#!/usr/bin/env python3
"""HTTP tests of `claimtrack serve`, with the standard library only.

    serve_client.py CLAIMTRACK DB REVIEWERS HOSTILE_SPEAKER RULES DOCUMENT VERDICTS

Starts `claimtrack --db DB serve --listen 127.0.0.1:0` twice: read-only,
then with `--reviewers REVIEWERS` (whose first line is "ana TOKEN"). Each
run is synchronised on the line the server prints once it listens (the
port it chose is in it), and stopped with SIGTERM, after which it must
exit 0. Prints "ok - ..." or "not ok - ..." per check and exits 1 when one
failed. The JSON of the pages is compared with the CLI's own (`claimtrack
propositions|speaker|show|claims --format json`) field for field. While
the second runs, `claimtrack --rules RULES ingest DOCUMENT` writes to the
database from another process: the server's connections must keep their
locks (the -wal file stays) and see the new document. Both runs load
VERDICTS as their rules (RULES with a verdict on the hostile proposition):
a rated claim's page carries the ClaimReview that `claimtrack export
--format claimreview` writes for it, a claim on a proposition without a
verdict none.
"""
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import urllib.parse

BIN, DB, REVIEWERS, HOSTILE, RULES, DOCUMENT, VERDICTS = sys.argv[1:8]
PUBLISHER = "Fact <Desk> & Co"
failed = 0


def check(name, cond, detail=""):
    global failed
    if cond:
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}")
        if detail:
            for line in str(detail)[:3000].splitlines():
                print(f"#   {line}")


def cli_json(*args):
    out = subprocess.run([BIN, "--db", DB, *args, "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


class Server:
    """A running `serve`; the port from its first line of output."""

    def __init__(self, *extra):
        self.p = subprocess.Popen([BIN, "--db", DB, "--rules", VERDICTS, "serve", "--listen",
                                   "127.0.0.1:0", "--jobs", "2", "--publisher", PUBLISHER,
                                   *extra],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.line = self.p.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.line)
        if not m:
            self.p.kill()
            raise SystemExit(f"serve did not start: {self.line!r} {self.p.stderr.read()!r}")
        self.port = int(m.group(1))
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, cookies=True):
        """(status, headers dict of lists, body text); keeps Set-Cookie."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        if cookies and self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        text = r.read().decode("utf-8")
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        for sc in hdrs.get("set-cookie", []):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        c.close()
        return r.status, hdrs, text

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def json(self, path):
        status, _, text = self.get(path, headers={"Accept": "application/json"})
        return status, json.loads(text)

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        _, err = self.p.communicate(timeout=60)
        return self.p.returncode, err


PG = DB.startswith(("postgresql://", "postgres://"))


def db_digest():
    """The SQLite file's hash; on PostgreSQL, every table's rows."""
    if PG:
        return hashlib.sha256(subprocess.run([BIN, "--db", DB, "claims", "--format", "json"],
                                             check=True, capture_output=True).stdout +
                              subprocess.run([BIN, "--db", DB, "db", "stats", "--format",
                                              "json"], check=True,
                                             capture_output=True).stdout).hexdigest()
    with open(DB, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def jsonld(body):
    """The ClaimReview objects in a page's JSON-LD blocks."""
    return [json.loads(x) for x in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)]


def exported():
    out = subprocess.run([BIN, "--db", DB, "--rules", VERDICTS, "export", "--format",
                          "claimreview", "--publisher", PUBLISHER], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


q = urllib.parse.quote
claims = cli_json("claims")["claims"]
hostile_claim = next(c for c in claims if c["speaker"] == HOSTILE)
claim_id = hostile_claim["id"]
doc_id = hostile_claim["document"]["id"]

# ---- read-only ----
before = db_digest()
s = Server()
check("it says it is read-only", "read-only" in s.line, s.line)

status, h, body = s.get("/")
check("/ is 200", status == 200, status)
csp = h.get("content-security-policy", [""])[0]
check("a strict CSP: nothing but this site's files, nothing inline",
      "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
      and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp)
check("X-Content-Type-Options: nosniff", h.get("x-content-type-options") == ["nosniff"], h)
check("no inline script or style, nothing from elsewhere",
      not re.search(r"<script>|<script [^>]*>[^<]|style=|<style|https?://(?!127\.0\.0\.1)", body),
      body[:2000])
check("no login link when read-only", "/login" not in body, body[:2000])
for path in ("/style.css", "/app.js"):
    status, h, _ = s.get(path)
    check(f"{path} is 200 with the same headers", status == 200 and
          h.get("content-security-policy") and h.get("x-content-type-options"), (status, h))

status, page = s.json("/")
want = cli_json("propositions")["propositions"]
check("/ as JSON: the rows of 'propositions --format json'",
      status == 200 and sorted(page["propositions"], key=lambda p: p["id"]) ==
      sorted(want, key=lambda p: p["id"]), page)
counts = [p["claims"] for p in page["propositions"]]
check("propositions most active first", counts == sorted(counts, reverse=True), counts)
status, _, text = s.get("/?format=json")
check("?format=json is JSON too", status == 200 and json.loads(text) == page)

status, page = s.json("/speaker/" + q(HOSTILE))
check("a speaker's JSON is 'speaker --format json'",
      status == 200 and page == cli_json("speaker", HOSTILE), page)
status, page = s.json(f"/document/{doc_id}")
check("a document's JSON is 'show --format json'",
      status == 200 and page == cli_json("show", str(doc_id)), page)
status, page = s.json(f"/claim/{claim_id}")
shown = cli_json("show", f"c{claim_id}")
mine = dict(page.get("claim", {}))
mine.pop("reviews", None)
check("a claim's JSON: the fields of 'show c<id>' and its paragraph",
      status == 200 and mine == shown["claim"] and page["paragraph"] == shown["paragraph"], page)
check("and its reviews", page["claim"].get("reviews") == [], page)

# ClaimReview: the hostile proposition has a verdict in VERDICTS.
status, _, body = s.get(f"/claim/{claim_id}")
blocks = jsonld(body)
want = exported()
check("a rated claim's page embeds one ClaimReview, export's object for it",
      status == 200 and len(blocks) == 1 and blocks[0] in want and
      blocks[0]["itemReviewed"]["author"]["name"] == HOSTILE and
      blocks[0]["author"]["name"] == PUBLISHER, (blocks, want))
check("and its JSON the same object", page.get("claimreview") == (blocks or [None])[0], page)
script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
check("hostile text cannot leave the script element: no '<', '>' or '&' in it",
      script and not re.search(r"[<>&]", script.group(1)) and
      body.count("<script") == body.count("</script>"), script and script.group(1))
other = next(c for c in claims if c["proposition"] != "t.hostile")
status, _, body = s.get(f"/claim/{other['id']}")
check("a claim on a proposition without a verdict has no JSON-LD",
      status == 200 and "application/ld+json" not in body, body[:2000])
status, page = s.json(f"/claim/{other['id']}")
check("nor a claimreview in its JSON", status == 200 and "claimreview" not in page, page)

status, page = s.json("/proposition/t.hostile")
check("a proposition's JSON: its row, timeline, speakers, contradictions, changes",
      status == 200 and page["proposition"]["id"] == "t.hostile" and
      {"timeline", "speakers", "contradictions", "changes"} <= set(page), page)
marks = page["timeline"]["marks"]
check("the timeline's marks count every dated claim",
      sum(m["claims"] for m in marks) + page["timeline"]["undated"] ==
      page["proposition"]["claims"], page["timeline"])

# Every page with hostile text: escaped, never markup.
for path in ("/", "/proposition/t.hostile", "/speaker/" + q(HOSTILE), f"/claim/{claim_id}",
             f"/document/{doc_id}", "/search?q=threat", "/outlet/" + q("Hostile News"),
             "/search?q=" + q("<script>alert(1)</script>")):
    status, _, body = s.get(path)
    check(f"{path}: 200, hostile names and titles escaped",
          status == 200 and "<script>alert" not in body and "<img src=x" not in body and
          "&lt;script&gt;alert" in body, (status, body[:3000]))
status, _, body = s.get("/speaker/" + q(HOSTILE))
check("the hostile speaker's name is there, escaped",
      "&lt;img src=x onerror=alert(1)&gt; &quot;Roe&quot; &amp;" in body, body[:3000])

status, page = s.json("/search?q=THREAT&outlet=" + q("Hostile News") + "&since=2023-01-01")
check("search: words in any case, outlet by alias, dates in the URL",
      status == 200 and page["total"] == 2 and page["filters"]["outlet"].endswith("News") and
      all("threat to the region" in c["sentence"] for c in page["claims"]), page)
status, page = s.json("/search?speaker=" + q("Jane Roe") + "&stance=supports")
check("search by a speaker's alias and stance",
      status == 200 and page["total"] == 1 and page["claims"][0]["id"] == claim_id, page)
status, _, body = s.get("/search?q=threat&until=2023-12-31")
check("the filters stay in the form", 'value="2023-12-31"' in body and 'value="threat"' in body)
for path, want_status in (("/search?since=2023-02-30", 400), ("/search?since=2024-01-01&until=2023-01-01", 400),
                          ("/search?stance=maybe", 400), ("/search?page=0&q=a", 400),
                          ("/claim/999999", 404), ("/claim/abc", 404), ("/document/999999", 404),
                          ("/proposition/no.such", 404), ("/speaker/Nobody%20Atall", 404),
                          ("/nothing/here", 404), ("/login", 404)):
    status, _, _ = s.get(path)
    check(f"{path} is {want_status}", status == want_status, status)
status, page = s.json("/claim/999999")
check("errors are JSON when JSON is asked for", page.get("status") == 404 and page.get("error"))
status, _, _ = s.request("PUT", "/")
check("PUT is 405", status == 405, status)
status, _, body = s.request("POST", "/login", body={"name": "ana", "token": "x"})
check("read-only: a form is refused (403)", status == 403 and "read-only" in body, (status, body))
status, _, body = s.request("POST", f"/claim/{claim_id}/review",
                            body={"action": "reject", "csrf": "0" * 32})
check("read-only: no review", status == 403, status)
status, _, body = s.get(f"/claim/{claim_id}")
check("read-only: the claim page has no forms", "<form method=\"post\"" not in body and
      "/review" not in body, body[-3000:])
rc, err = s.stop()
check("SIGTERM stops it: exit 0", rc == 0, (rc, err))
check("and it says so", "SIGTERM: stopping" in err, err)
check("the pages wrote nothing to the database", db_digest() == before)

# ---- with reviewers ----
token = open(REVIEWERS).read().split("\n")[0].split()[-1]
s = Server("--reviewers", REVIEWERS)
check("it says reviewers may log in", "reviewers may log in" in s.line, s.line)
status, page = s.json("/")
n_before = sum(p["claims"] for p in page["propositions"])
ing = subprocess.run([BIN, "--db", DB, "--rules", RULES, "ingest", DOCUMENT],
                     capture_output=True, text=True)
check("another process ingests meanwhile", ing.returncode == 0, ing.stderr)
if not PG:
    check("its close leaves the -wal file to the server's connections",
          os.path.exists(DB + "-wal"), os.listdir(os.path.dirname(DB) or "."))
status, page = s.json("/")
check("the pages see what it stored",
      status == 200 and sum(p["claims"] for p in page["propositions"]) > n_before, page)
later = max(c["id"] for c in cli_json("claims", "--proposition", "t.hostile")["claims"])
status, _, body = s.get(f"/claim/{later}")
blocks = jsonld(body)
check("a later claim's ClaimReview: export's, with the first appearance",
      status == 200 and len(blocks) == 1 and blocks[0] in exported() and
      blocks[0]["itemReviewed"].get("firstAppearance"), blocks)
status, _, body = s.get(f"/claim/{claim_id}")
check("not logged in: a link to log in, no review forms",
      status == 200 and 'href="/login"' in body and 'name="action"' not in body, body[-2000:])
status, _, body = s.request("POST", "/login", body={"name": "ana", "token": token})
check("a login without a CSRF token is refused", status == 403 and "ct_session" not in s.cookies,
      (status, body[:500]))
status, h, body = s.get("/login")
m = re.search(r'name="csrf" value="([0-9a-f]{32})"', body)
check("the login form carries a CSRF token, also in an HttpOnly cookie",
      status == 200 and m and s.cookies.get("ct_csrf") == m.group(1) and
      any("HttpOnly" in c and "SameSite=Strict" in c for c in h.get("set-cookie", [])), h)
pre = m.group(1) if m else ""
status, _, body = s.request("POST", "/login", body={"name": "ana", "token": "wrong" * 4,
                                                     "csrf": pre})
check("a wrong token is refused", status == 403 and "ct_session" not in s.cookies, status)
status, _, _ = s.request("POST", "/login", body={"name": "ana", "token": token, "csrf": "f" * 32})
check("another CSRF token than the cookie's is refused", status == 403 and
      "ct_session" not in s.cookies, status)
status, h, _ = s.request("POST", "/login", body={"name": "ana", "token": token, "csrf": pre})
cookie = next((c for c in h.get("set-cookie", []) if c.startswith("ct_session=")), "")
check("the right name, token and CSRF token log in: 303 and a session cookie",
      status == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie, (status, h))
status, _, body = s.get(f"/claim/{claim_id}")
m = re.search(r'action="/claim/%d/review"><input type="hidden" name="csrf" value="([0-9a-f]{32})"'
              % claim_id, body)
check("logged in: review forms, each with the session's CSRF token", m and "ana" in body,
      body[-4000:])
csrf = m.group(1) if m else ""
check("the session's token is not the login form's", csrf != pre)
status, _, _ = s.request("POST", f"/claim/{claim_id}/review",
                         body={"action": "stance", "value": "refutes"})
check("a review without the CSRF token is refused", status == 403, status)
status, _, _ = s.request("POST", f"/claim/{claim_id}/review",
                         body={"action": "stance", "value": "refutes", "csrf": pre})
check("a review with the login form's token is refused", status == 403, status)
check("nothing was reviewed", not cli_json("claims", "--reviewed")["claims"])
status, _, _ = s.request("POST", f"/claim/{claim_id}/review",
                         body={"action": "stance", "value": "refutes", "csrf": csrf},
                         cookies=False)
check("a review without the session cookie is refused", status == 403, status)
status, h, _ = s.request("POST", f"/claim/{claim_id}/review",
                         body={"action": "stance", "value": "refutes", "csrf": csrf,
                               "note": "the <b>quote</b> denies it"})
check("a review through the form: 303 back to the claim",
      status == 303 and h.get("location") == [f"/claim/{claim_id}?done=1"], (status, h))
status, _, body = s.get(f"/claim/{claim_id}?done=1")
check("the claim page shows the review, escaped", "Review recorded" in body and
      "the &lt;b&gt;quote&lt;/b&gt; denies it" in body, body[-3000:])
check("refuting a proposition rated False: no ClaimReview any more, as in export",
      not jsonld(body) and not any(x["itemReviewed"]["author"].get("name") == HOSTILE and
                                   x["itemReviewed"].get("datePublished") == "2023-03-01"
                                   for x in exported()), jsonld(body))
status, _, body = s.request("POST", f"/claim/{claim_id}/review",
                            body={"action": "stance", "value": "refutes", "csrf": csrf})
check("a review that changes nothing is 409 with the store's words",
      status == 409 and "already says" in body, (status, body[-800:]))
status, _, _ = s.request("POST", f"/claim/{claim_id}/review", body="x=" + "a" * 20000,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
check("a form of more than 16 KiB is 413", status == 413, status)
status, _, _ = s.request("POST", "/logout", body={"csrf": csrf})
check("log out", status == 303 and "ct_session" not in s.cookies, (status, s.cookies))
s.cookies["ct_session"] = cookie.split(";")[0].split("=", 1)[1]
status, _, _ = s.request("POST", f"/claim/{claim_id}/review",
                         body={"action": "accept", "csrf": csrf})
check("the old session is gone", status == 403, status)
rc, err = s.stop()
check("SIGTERM stops it: exit 0", rc == 0, (rc, err))

print(f"serve_client: {failed} failed")
sys.exit(1 if failed else 0)
