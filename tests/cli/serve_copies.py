#!/usr/bin/env python3
"""`claimtrack serve` over copies of one story (issue 21), standard library
only:

    serve_copies.py CLAIMTRACK DB

DB holds copies_corpus.py's corpus: one wire story carried by ten outlets
(and a copy with a rewritten lead), and another story on the topic. The
pages count the story's claims once, as reports and `claims` do, and show
"carried by N outlets" with the outlets: the propositions, a proposition
(its counts and each speaker's), the search (each copy with copies=1), a
claim (its own, or a copy's: the story's outlets), a speaker, an outlet
and a document (a copy says whose). Prints "ok - ..." or "not ok - ..."
per check; exits 1 when one failed.
"""
import html
import http.client
import json
import re
import signal
import subprocess
import sys
import urllib.parse

BIN, DB = sys.argv[1:3]
PROP = "af.terrorist-presence"
failed = 0


def check(name, cond, detail=""):
    global failed
    print(f"{'ok' if cond else 'not ok'} - {name}")
    if not cond:
        failed += 1
        for line in str(detail)[:3000].splitlines():
            print(f"#   {line}")


def cli_json(*args):
    return json.loads(subprocess.run([BIN, "--db", DB, *args, "--format", "json"], check=True,
                                     capture_output=True, text=True).stdout)


p = subprocess.Popen([BIN, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--jobs", "2"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", p.stdout.readline())
if not m:
    p.kill()
    sys.exit(f"serve did not start: {p.stderr.read()!r}")
port = int(m.group(1))


def get(path, as_json=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers={"Accept": "application/json"} if as_json else {})
    r = c.getresponse()
    body = r.read().decode("utf-8")
    c.close()
    if r.status != 200:
        raise SystemExit(f"GET {path}: {r.status} {body[:500]}")
    return json.loads(body) if as_json else body


def q(s):
    return urllib.parse.quote(s, safe="")


WIRE = ["Kabul Herald", "Pamir Post", "Hindu Kush Times", "Oxus Daily", "Helmand Courier",
        "Bamiyan Observer", "Panjshir Press", "Salang Review", "Kunar Ledger", "Khyber Gazette"]


def carried_html(n, outlets, claim=None):
    """The card's line: 'carried by N outlets: ' and a link to each; with
    claim, the first 8 and a link to the claim's page for the rest."""
    links = ", ".join(f'<a href="/outlet/{q(o)}">{html.escape(o)}</a>'
                      for o in (outlets[:8] if claim else outlets))
    more = f' <a href="/claim/{claim}">and {n - 8} more</a>' if claim else ""
    return f"carried by {n} outlets: {links}{more}</p>"


try:
    # ---- the propositions: counted once per story, as `propositions` ----
    rows = {r["id"]: r for r in get("/", True)["propositions"]}
    row = rows[PROP]
    check("/: the story's claims once (2 supports, 2 refutes, 2 documents)",
          (row["supports"], row["refutes"], row["documents"]) == (2, 2, 2), row)
    cli = {r["id"]: r for r in cli_json("propositions")["propositions"]}
    check("/: the counts are those of `propositions`", row == cli[PROP], (row, cli[PROP]))
    page = get("/")
    check("/: the table shows 4 claims",
          re.search(r'/proposition/af\.terrorist-presence">.*?<td class="n">4</td>', page, re.S),
          page[:2000])

    # ---- one proposition ----
    pj = get("/proposition/" + PROP, True)
    check("/proposition: its counts once per story",
          (pj["proposition"]["claims"], pj["proposition"]["supports"],
           pj["proposition"]["refutes"]) == (4, 2, 2), pj["proposition"])
    sides = {s["speaker"]: s["claims"] for s in pj["speakers"]}
    check("/proposition: each speaker's claim of the story once",
          sides.get("Zabihullah Mujahid") == 1 and sides.get("Roza Otunbayeva") == 1, sides)
    marks = sum(m["claims"] for m in pj["timeline"]["marks"])
    check("/proposition: the timeline's marks count 4 claims", marks == 4, pj["timeline"])

    # ---- the search: once per story, each copy with copies=1 ----
    sj = get("/search?proposition=" + PROP, True)
    check("/search: 4 claims", sj["total"] == 4 and sj["filters"]["copies"] is False, sj["total"])
    first = [c for c in sj["claims"] if c["match"].startswith("Islamic State")]
    check("/search: the story's claim carried by its ten outlets",
          len(first) == 1 and first[0].get("carried_by") == WIRE, first)
    own = [c for c in sj["claims"] if c["outlet"] == "Nangarhar Voice"]
    check("/search: the other story's claim carried by its own outlet alone",
          len(own) == 1 and "carried_by" not in own[0], own)
    cl = {c["id"]: c for c in cli_json("claims", "--proposition", PROP)["claims"]}
    check("/search: the outlets of `claims`",
          all(c.get("carried_by", [c["outlet"]]) == cl[c["id"]]["carried_by"]
              for c in sj["claims"]), (sj["claims"], cl))
    each = get("/search?copies=1&proposition=" + PROP, True)
    check("/search?copies=1: each copy's claim (33)",
          each["total"] == 33 and each["filters"]["copies"] is True, each["total"])
    page = get("/search?proposition=" + PROP)
    check("/search: the card says carried by 10 outlets, the first 8 links, then the claim's",
          carried_html(10, WIRE, first[0]["id"]) in page, page[:3000])
    check("/search: the box to ask for each copy", 'name="copies" value="1">' in page, page)
    page = get("/search?copies=1&proposition=" + PROP)
    check("/search?copies=1: the box stays ticked and the pages keep it",
          'name="copies" value="1" checked>' in page, page[:3000])

    # ---- a claim: its own and a copy's ----
    cid = first[0]["id"]
    cj = get(f"/claim/{cid}", True)["claim"]
    check("/claim: carried_by", cj.get("carried_by") == WIRE, cj)
    page = get(f"/claim/{cid}")
    check("/claim: the page says carried by 10 outlets, each a link",
          carried_html(10, WIRE) in page, page)
    copy = [c for c in each["claims"] if c["outlet"] == "Pamir Post" and
            c["match"].startswith("Islamic State")][0]
    cj = get(f"/claim/{copy['id']}", True)["claim"]
    check("/claim of a copy: its story's outlets", cj.get("carried_by") == WIRE, cj)

    # ---- a speaker ----
    sp = get("/speaker/" + q("Zabihullah Mujahid"), True)
    claims = sp["propositions"][0]["claims"]
    check("/speaker: his claim of the story once, carried by 11 outlets",
          len(claims) == 1 and len(claims[0].get("carried_by", [])) == 11, claims)
    page = get("/speaker/" + q("Zabihullah Mujahid"))
    check("/speaker: the card says so", "carried by 11 outlets: " in page, page[:3000])

    # ---- an outlet: each claim of its documents, with its story ----
    oj = get("/outlet/" + q("Pamir Post"), True)
    check("/outlet: its copy's 3 claims, each with the story's outlets",
          oj["claims_total"] == 3 and all(len(c.get("carried_by", [])) >= 10
                                          for c in oj["claims"]), oj)
    page = get("/outlet/" + q("Pamir Post"))
    check("/outlet: the search of its claims asks for each copy",
          "/search?outlet=Pamir%20Post&amp;copies=1" in page, page[:3000])

    # ---- documents: a copy says whose, the first how many ----
    dj = get(f"/document/{copy['document']['id']}", True)["document"]
    root = first[0]["document"]["id"]
    check("/document of a copy: copy_of", dj["copy_of"] == root, dj["copy_of"])
    page = get(f"/document/{copy['document']['id']}")
    check("/document of a copy: says it and links the first",
          f'A copy of the story first stored as <a href="/document/{root}">' in page, page[:3000])
    shown = cli_json("show", str(copy['document']['id']))
    check("/document of a copy: the JSON of `show`",
          get(f"/document/{copy['document']['id']}", True) == shown, shown["document"])
    check("/claim of a copy: the JSON of `show c<id>`",
          get(f"/claim/{copy['id']}", True)["claim"] ==
          dict(cli_json("show", f"c{copy['id']}")["claim"], reviews=[]), copy["id"])
    dj = get(f"/document/{root}", True)["document"]
    check("/document of the first: 10 copies", dj["copies"] == 10 and dj["copy_of"] is None, dj)
    page = get(f"/document/{root}")
    check("/document of the first: says so",
          "The first of a story carried 10 more times" in page, page[:3000])
finally:
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=60)

check("serve exits 0", p.returncode == 0, p.returncode)
sys.exit(1 if failed else 0)
