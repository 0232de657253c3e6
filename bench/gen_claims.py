#!/usr/bin/env python3
"""Fills a claimtrack database with synthetic claims for benchmarks.

Usage: gen_claims.py DB [--claims N] [--seed S]

DB must already exist with claimtrack's current schema (let `claimtrack
ingest` create it: it migrates the file and records the rules'
propositions, speakers and outlets). This script then writes straight into
the tables of db/001_initial.sql, in one transaction, so that a million
claims take seconds rather than the hours real ingestion would:

- about 50 propositions (the ones already stored, plus synthetic ones),
- about 2,000 speakers (persons, organizations, unnamed groups; plus one
  narrator per outlet), 200 outlets, N/10 documents dated over one year,
- claims with both stances (each speaker leans one way per proposition,
  some change their stance during the year), about 8 % hedged, 15 % relayed
  via another outlet, 10 % with a statement date before publication.

Popularity is skewed the way news is: a few propositions, speakers and
outlets carry most claims. The output is deterministic for a given seed and
claim count. Offsets and texts are consistent, so `claimtrack db check`
passes on the result.
"""

import argparse
import datetime
import random
import sqlite3
import sys
import time

FIRST = """Ahmad Ali Amina Anna Bashir Carlos Daniel Elena Farid Fatima Gul Hamid Hassan
Ingrid Ivan James Javed Karim Laila Lena Li Malik Maria Marek Mohammad Nadia Nasir
Olga Omar Paul Rahim Rashid Sara Sayed Sofia Tariq Victor Wei Yusuf Zahra Zainab""".split()
LAST = """Ahmadi Akbari Alizai Baheer Barakzai Chen Durrani Ellery Faizi Ghani Haidari
Hamdani Hashimi Hotak Jalali Karimi Khan Kovacs Lindqvist Mansoor Mirza Mohseni
Nazari Noori Novak Orlov Popal Qaderi Rahimi Rasuli Safi Sahak Samadi Sharifi
Stanekzai Tanin Wardak Yousafzai Zaheer Zamani""".split()
ROLES = ["spokesman", "minister", "analyst", "commander", "governor", "envoy",
         "researcher", "senator", "ambassador", "deputy minister", "professor", None]
ORG_HEADS = ["Ministry", "Council", "Office", "Command", "Institute", "Agency", "Commission"]
GROUPS = ["officials", "diplomats", "analysts", "residents", "security sources",
          "military officials", "aid workers", "lawmakers"]
TOPICS = """border security|drug trafficking|refugee returns|girls' education|
mining contracts|water rights|power imports|wheat prices|opium cultivation|
rail corridor|airport security|aid diversion|currency reserves|media freedom|
prison releases|militia recruitment|land disputes|health funding|trade routes|
gas pipeline|customs revenue|returnee camps|flood relief|polio campaign|
earthquake aid|fuel smuggling|road tolls|bank liquidity|visa rules|
university closures|mine clearance|cross-border shelling|dam construction|
weapons caches|cyber attacks|election plans|prisoner swaps|sanctions relief|
embassy reopening|war crimes inquiry|truth commission|aviation safety|
fertiliser shortages|locust swarms""".replace("\n", "").split("|")
VERBS = ["said", "told reporters", "warned", "insisted", "claimed", "argued",
         "stated", "noted", "added", "confirmed", "denied"]
HEDGES = ["reportedly", "allegedly", "may", "might", "could"]


def fnv64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def zipf_weights(n, s=1.0):
    return [1.0 / (i + 1) ** s for i in range(n)]


class Picker:
    """Weighted choice over a fixed list, by bisecting cumulative weights."""

    def __init__(self, rnd, items, weights):
        import itertools
        self.rnd, self.items = rnd, items
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self):
        import bisect
        return self.items[bisect.bisect(self.cum, self.rnd.random() * self.total)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--propositions", type=int, default=50)
    ap.add_argument("--speakers", type=int, default=2000)
    ap.add_argument("--outlets", type=int, default=200)
    args = ap.parse_args()

    rnd = random.Random(args.seed)
    started = time.time()
    con = sqlite3.connect(args.db, isolation_level=None)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version < 1 or not con.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone():
        sys.exit("%s: not a claimtrack database (let `claimtrack ingest` create it)" % args.db)
    # One writer, rebuilt from scratch on failure: no WAL, no fsync.
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("BEGIN")

    # Indexes are rebuilt after the bulk insert, from their own SQL.
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('claims', 'documents')").fetchall()
    for name, _ in indexes:
        con.execute('DROP INDEX "%s"' % name)

    # ---- propositions: the stored ones, then synthetic ones ----
    props = [(pk, pid) for pk, pid in con.execute(
        "SELECT pk, id FROM propositions ORDER BY pk")]
    for i, topic in enumerate(TOPICS):
        if len(props) >= args.propositions:
            break
        pid = "bench.%s" % topic.replace(" ", "-").replace("'", "")
        con.execute(
            "INSERT INTO propositions (id, rev, fingerprint, title, tags, file, line) "
            "VALUES (?, 1, ?, ?, 'bench', 'bench.rules', ?)",
            (pid, "%016x" % fnv64(pid.encode()), "Claims about %s hold" % topic, 10 * i + 1))
        props.append((con.execute("SELECT last_insert_rowid()").fetchone()[0], pid))
    prop_pick = Picker(rnd, props, zipf_weights(len(props), 0.8))

    # ---- outlets ----
    outlets = [oid for (oid,) in con.execute("SELECT id FROM outlets ORDER BY id")]
    n = 0
    while len(outlets) < args.outlets:
        n += 1
        con.execute("INSERT INTO outlets (name) VALUES (?)",
                    ("%s %s %d" % (rnd.choice(["Daily", "Kabul", "Herat", "Global", "Radio",
                                               "Evening", "Frontier", "Valley"]),
                                   rnd.choice(["News", "Times", "Post", "Herald", "Wire",
                                               "Observer", "Tribune", "Review"]), n),))
        outlets.append(con.execute("SELECT last_insert_rowid()").fetchone()[0])
    outlet_names = dict(con.execute("SELECT id, name FROM outlets"))
    outlet_pick = Picker(rnd, outlets, zipf_weights(len(outlets), 1.0))

    # ---- speakers: persons, organizations, groups; a narrator per outlet ----
    speakers = [(sid, kind, role) for sid, kind, role in con.execute(
        "SELECT id, kind, role FROM speakers WHERE kind <> 'narrator' ORDER BY id")]
    seen = {name.lower() for (name,) in con.execute("SELECT name FROM speakers")}
    while len(speakers) < args.speakers:
        r = rnd.random()
        if r < 0.8:
            kind, role = "person", rnd.choice(ROLES)
            name = "%s %s" % (rnd.choice(FIRST), rnd.choice(LAST))
            if name.lower() in seen:
                name = "%s %s %s" % (rnd.choice(FIRST), rnd.choice(FIRST)[0] + ".",
                                     rnd.choice(LAST))
        elif r < 0.9:
            kind, role = "organization", None
            name = "%s %s" % (rnd.choice(TOPICS).title(), rnd.choice(ORG_HEADS))
        else:
            kind, role = "group", None
            name = "%s %s" % (rnd.choice(["Afghan", "US", "Pakistani", "Iranian", "UN",
                                          "Western", "Taliban", "local", "Chinese"]),
                              rnd.choice(GROUPS))
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        con.execute("INSERT INTO speakers (name, kind, role) VALUES (?, ?, ?)",
                    (name, kind, role))
        speakers.append((con.execute("SELECT last_insert_rowid()").fetchone()[0], kind, role))
    speaker_names = dict(con.execute("SELECT id, name FROM speakers"))
    speaker_pick = Picker(rnd, speakers, zipf_weights(len(speakers), 0.9))
    narrator = {}
    for oid in outlets:
        name = outlet_names[oid]
        row = con.execute("SELECT id FROM speakers WHERE name = ?", (name,)).fetchone()
        if not row:
            con.execute("INSERT INTO speakers (name, kind) VALUES (?, 'narrator')", (name,))
            row = (con.execute("SELECT last_insert_rowid()").fetchone()[0],)
        narrator[oid] = row[0]
        speaker_names[row[0]] = name

    # Each speaker leans one way on a proposition; 6 % flip on a day in the year.
    start = datetime.date(2023, 1, 1)
    days = [(start + datetime.timedelta(d)).isoformat() for d in range(365)]

    def lean(sid, pk):
        h = fnv64(b"%d:%d:%d" % (args.seed, sid, pk))
        first = "supports" if h & 1 else "refutes"
        flip = (h >> 8) % 100 < 6
        return first, (h >> 16) % 365 if flip else None

    # ---- documents and claims ----
    n_docs = max(1, args.claims // 10)
    next_doc = (con.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]) + 1
    next_claim = (con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]) + 1
    # Claims per document: 1 to 19, nudged so that they add up to exactly N.
    per_doc = [rnd.randint(1, 19) for _ in range(n_docs)]
    diff = args.claims - sum(per_doc)
    while diff:
        i = rnd.randrange(n_docs)
        step = 1 if diff > 0 else -1
        if 1 <= per_doc[i] + step <= 19 or (diff > 0 and n_docs * 19 < args.claims):
            per_doc[i] += step
            diff -= step
    doc_rows, claim_rows = [], []
    for d in range(n_docs):
        day = (d * 365) // n_docs
        date = days[day]
        oid = outlet_pick()
        k = per_doc[d]
        doc_id = next_doc + d
        doc_props = [prop_pick() for _ in range(rnd.randint(1, 3))]
        doc_speakers = [speaker_pick() for _ in range(rnd.randint(1, 5))]
        body_pos = 0
        n_sentences = 0
        for seq in range(1, k + 1):
            pk, pid = rnd.choice(doc_props)
            narr = rnd.random() < 0.05
            if narr:
                sid, kind, role = narrator[oid], "narrator", None
            else:
                sid, kind, role = rnd.choice(doc_speakers)
            first, flip_day = lean(sid, pk)
            stance = first if flip_day is None or day < flip_day else \
                ("refutes" if first == "supports" else "supports")
            if rnd.random() < 0.03:     # the odd claim against one's own lean
                stance = "refutes" if stance == "supports" else "supports"
            hedged = rnd.random() < 0.08
            via = rnd.choice(outlets) if not narr and rnd.random() < 0.15 else None
            if via == oid:
                via = None
            topic = pid.split(".", 1)[1].replace("-", " ")
            match = "%s %s %s" % (
                topic, rnd.choice(["is", "remains", "has been"]) if stance == "supports"
                else rnd.choice(["is not", "is no longer", "has never been"]),
                rnd.choice(["a real problem", "under control", "a threat", "getting worse",
                            "the main issue", "exaggerated by the press"]))
            hedge = rnd.choice(HEDGES) if hedged else None
            lead = ("According to %s, " % outlet_names[via]) if via else ""
            speaker = speaker_names[sid]
            if hedge:
                match = "%s %s" % (hedge, match)
            sentence = "%s%s %s that %s, %s." % (
                lead, speaker, rnd.choice(VERBS), match,
                rnd.choice(["citing new figures", "in a statement", "on Monday",
                            "speaking in Kabul", "in an interview", "at a briefing",
                            "after talks in Doha", "without giving details"]))
            s_start = body_pos
            s_end = s_start + len(sentence.encode())
            m_start = s_start + len(sentence[:sentence.index(match)].encode())
            m_end = m_start + len(match.encode())
            body_pos = s_end + 1
            n_sentences += 1
            stated = days[max(0, day - rnd.randint(1, 20))] if rnd.random() < 0.10 else None
            claim_rows.append((
                next_claim, doc_id, seq, pid, pk, stance, int(hedged), 0, 0,
                sentence, s_start, s_end, match, m_start, m_end,
                None, None, hedge, sid, kind,
                None if narr else speaker, role,
                None if narr else ("according_to" if via and rnd.random() < 0.5 else "indirect"),
                None if narr else "said", via, date, stated,
                "bench.rules", 10, stance, "bench pattern"))
            next_claim += 1
        url = "https://bench.example/%d/%d" % (oid, doc_id)
        doc_rows.append((doc_id, url, "%016x" % fnv64(url.encode()),
                         "Bench article %d" % doc_id, oid, date, None, "en", url,
                         body_pos, n_sentences, k, 0, 0, "bench"))
        if len(claim_rows) >= 50_000:
            flush(con, doc_rows, claim_rows)
    flush(con, doc_rows, claim_rows)

    for name, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode = WAL")
    totals = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims), "
                         "(SELECT count(*) FROM speakers), (SELECT count(*) FROM outlets), "
                         "(SELECT count(DISTINCT id) FROM propositions)").fetchone()
    con.close()
    print("generated: %d documents, %d claims, %d speakers, %d outlets, %d propositions "
          "in %.1f s" % (totals + (time.time() - started,)))


def flush(con, doc_rows, claim_rows):
    con.executemany(
        "INSERT INTO documents (id, url, hash, title, outlet_id, date, author, lang, source, "
        "body_len, n_sentences, n_claims, n_replaced, n_nul, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
    con.executemany(
        "INSERT INTO claims (id, document_id, seq, proposition, proposition_pk, stance, hedged, "
        "negated, denied, sentence, sentence_start, sentence_end, match, match_start, "
        "match_end, negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, "
        "role, quote_kind, cue, via_outlet_id, date, statement_date, rule_file, rule_line, "
        "polarity, pattern) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
    doc_rows.clear()
    claim_rows.clear()


if __name__ == "__main__":
    main()
