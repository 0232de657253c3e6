#!/usr/bin/env python3
"""Writes a synthetic news corpus (plain-text articles) for benchmarks.

Usage: gen_corpus.py OUTDIR --mb N [--seed S] [--rules FILE.rules]
                     [--examples FILE.json] [--claim-kb K] [--files N] [--html]

Each article is a file OUTDIR/NNN/NNNNNN.txt of 2-8 KB in claimtrack's
document format: header lines `date YYYY-MM-DD` (spread over 2023),
`title ...`, `outlet ...`, `url https://bench.example/...`, a blank line,
then paragraphs of news prose with direct quotes ("...," Foreign Minister
Jane Roe said.) and reported speech (Jane Roe said that ...), named
speakers with titles, organizations and unnamed officials.

--examples is the JSON that `gen_rules.py` writes beside its pack
(--rules X.rules reads X.examples.json): sentences that
match the rule pack, one list per proposition. About one of them is placed
per K kilobytes of text (--claim-kb, default 3), inside a quote or reported
speech, so the pack finds about one claim per K KB. Without --examples the
corpus has no claims.

--html writes each article as a page (NNNNNN.html: head meta, nav,
article, related links, footer) instead; --files N stops after N files.

Deterministic: the same seed, size and examples give the same files.
Writes OUTDIR/MANIFEST (files, bytes, planted claim sentences).
"""

import argparse
import datetime
import json
import os
import random

FIRST = """Ahmad Amina Anna Bashir Carlos Daniel Elena Farid Fatima Hamid Hassan Ingrid
Ivan James Jane Javed Karim Laila Lena Li Malik Maria Marek Nadia Nasir Olga Omar
Paul Rahim Sara Sofia Tariq Victor Wei Yusuf Zahra Zainab Peter Ruth Tomas Irene""".split()
LAST = """Ahmadi Akbari Baheer Barakzai Chen Durrani Ellery Faizi Haidari Hamdani
Hashimi Jalali Karimi Kovacs Lindqvist Mansoor Mirza Nazari Noori Novak Orlov
Popal Qaderi Rahimi Roe Safi Samadi Sharifi Tanin Wardak Zaheer Zamani Brandt
Moreau Okafor Silva Tanaka Varga Weiss""".split()
TITLES = ["Foreign Minister", "Finance Minister", "Interior Minister", "Deputy Minister",
          "Governor", "Senator", "Ambassador", "Mayor", "General", "Professor",
          "Spokeswoman", "Spokesman", "Commissioner", "President", "Prime Minister"]
ROLES = ["an analyst at the Institute for Regional Studies", "a spokesman for the ministry",
         "a senior economist", "the head of the farmers' union", "a local councillor",
         "a researcher at the Centre for Policy Research", "a trade envoy"]
GROUPS = ["officials", "diplomats", "analysts", "residents", "lawmakers", "aid workers",
          "industry sources", "local traders"]
OUTLETS = ["The Daily Ledger", "Harbour Times", "Northern Courier", "Valley Gazette",
           "The Evening Standard-Post", "Capital Wire", "Frontier News Agency",
           "Delta Herald", "Plains Observer", "Island Chronicle", "Coastal Tribune",
           "Highland Press", "The Morning Dispatch", "Metro Bulletin", "Global Desk"]
SAY = ["said", "told reporters", "said on Tuesday", "said in a statement",
       "told the newspaper", "said at a press conference", "added", "warned",
       "insisted", "noted"]
REPORT = ["said that", "told reporters that", "said on Monday that", "warned that",
          "argued that", "noted that", "insisted that", "stated that"]

# Filler prose: templates that no benchmark pattern matches.
SUBJ = ["The committee", "The regional council", "A delegation of engineers",
        "Local businesses", "The transport authority", "Several provinces",
        "The central bank", "Hospital staff", "The weather service", "Shipping firms",
        "Election observers", "The statistics office", "Municipal workers",
        "A group of investors", "The water board"]
VERB = ["met on Wednesday to discuss", "published a report on", "has postponed talks about",
        "raised questions over", "released new figures on", "is reviewing",
        "announced a consultation on", "called for more funding for",
        "criticised the handling of", "welcomed the decision on"]
OBJ = ["road maintenance", "the annual budget", "school meals", "grain storage",
       "flood defences", "the new bus routes", "winter heating costs", "hospital waiting times",
       "the fishing season", "public broadband", "port fees", "pension payments",
       "the housing shortage", "tourism numbers", "power cuts", "export licences"]
TAIL = ["", " after weeks of debate", " amid growing public interest", " for the third time this year",
        " ahead of the summer", " despite objections from the opposition",
        " according to a draft seen by reporters", " in the capital", " late on Friday"]
EXTRA = ["Figures released last month showed a modest change compared with the previous year.",
         "The proposal is expected to go before parliament in the spring.",
         "Critics say the plan does little to address long-standing problems.",
         "The announcement came as prices continued to climb across the country.",
         "Officials declined to give a timetable for the next steps.",
         "Turnout at the public meeting was higher than organisers had expected.",
         "A final report is due before the end of the year.",
         "Opposition parties have called for an independent review.",
         "Residents interviewed on Thursday gave mixed reactions.",
         "The agreement still needs the approval of the regional assembly."]
HEADLINE_W = ["Talks", "Budget", "Council", "Report", "Ministers", "Port", "Farmers",
              "Prices", "Review", "Plan", "Vote", "Deal", "Warning", "Inquiry"]


class Gen:
    def __init__(self, seed, examples):
        self.r = random.Random(seed)
        self.examples = examples          # list of (pid, sentence)
        r = self.r
        self.people = []
        for _ in range(400):
            name = "%s %s" % (r.choice(FIRST), r.choice(LAST))
            self.people.append((r.choice(TITLES), name))

    def filler(self):
        r = self.r
        if r.random() < 0.25:
            return r.choice(EXTRA)
        return "%s %s %s%s." % (r.choice(SUBJ), r.choice(VERB), r.choice(OBJ), r.choice(TAIL))

    def speaker(self, first):
        """(how to name them the first time or later, the short form)."""
        r = self.r
        k = r.random()
        if k < 0.6:
            title, name = r.choice(self.people)
            return ("%s %s" % (title, name) if first else name)
        if k < 0.8:
            _, name = r.choice(self.people)
            return "%s, %s," % (name, r.choice(ROLES)) if first else name
        return r.choice(GROUPS)

    def quoted(self, sentence):
        """A sentence in a direct quote or reported speech."""
        r = self.r
        sp = self.speaker(True)
        if sp.endswith(","):           # "Name, a role," said that ... reads badly
            sp = sp[:-1]
        k = r.random()
        if k < 0.45:
            return '"%s," %s %s.' % (sentence[0].upper() + sentence[1:], sp, r.choice(SAY))
        if k < 0.9:
            return "%s %s %s." % (sp[0].upper() + sp[1:], r.choice(REPORT), sentence)
        return "According to %s, %s." % (sp, sentence)

    def paragraph(self, claim):
        r = self.r
        n = r.randint(2, 5)
        sents = [self.filler() for _ in range(n)]
        if claim is not None:
            sents.insert(r.randint(0, n), self.quoted(claim))
        elif r.random() < 0.4:
            sents.insert(r.randint(0, n), self.quoted(self.filler()[:-1].lower()))
        return " ".join(sents)

    def article(self, idx, size, claim_bytes):
        r = self.r
        day = datetime.date(2023, 1, 1) + datetime.timedelta(days=r.randrange(365))
        outlet = r.choice(OUTLETS)
        title = "%s %s %s" % (r.choice(HEADLINE_W), r.choice(["over", "on", "after", "amid"]),
                              r.choice(OBJ))
        slug = title.lower().replace(" ", "-").replace("'", "")
        head = "date %s\ntitle %s\noutlet %s\nurl https://bench.example/%s/%06d-%s\n\n" % (
            day.isoformat(), title[0].upper() + title[1:], outlet, day.strftime("%Y/%m/%d"), idx, slug)
        parts, total, planted = [], len(head), 0
        # claims to plant: expected size / claim_bytes, rounded at random
        want = size / claim_bytes if self.examples else 0
        nclaims = int(want) + (1 if r.random() < want - int(want) else 0)
        npar_est = max(1, size // 450)
        slots = set(r.sample(range(npar_est), min(nclaims, npar_est)))
        i = 0
        while total < size:
            claim = r.choice(self.examples)[1] if i in slots else None
            p = self.paragraph(claim)
            planted += claim is not None
            parts.append(p)
            total += len(p) + 2
            i += 1
        return head + "\n\n".join(parts) + "\n", planted


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def to_html(text, r):
    """The article as a page: head meta, nav, article with paragraphs, aside, footer."""
    head, body = text.split("\n\n", 1)
    h = dict(line.split(" ", 1) for line in head.split("\n"))
    paras = "\n".join("      <p>%s</p>" % esc(p) for p in body.strip().split("\n\n"))
    nav = "".join('<li><a href="/section/%s">%s</a></li>' % (w.lower(), w)
                  for w in ["World", "Politics", "Business", "Sport", "Opinion", "Weather"])
    more = "".join('<li><a href="/story/%d">%s</a></li>' % (r.randrange(10**6), esc(x))
                   for x in r.sample(EXTRA, 4))
    return """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>%(title)s - %(outlet)s</title>
  <link rel="canonical" href="%(url)s">
  <meta property="og:title" content="%(title)s">
  <meta property="og:site_name" content="%(outlet)s">
  <meta property="article:published_time" content="%(date)sT08:00:00Z">
</head>
<body>
  <header><div class="logo">%(outlet)s</div><nav><ul>%(nav)s</ul></nav></header>
  <main>
    <article class="story">
      <h1>%(title)s</h1>
      <p class="byline">By Staff Reporter</p>
      <p class="dateline"><time datetime="%(date)s">%(date)s</time></p>
%(paras)s
    </article>
    <aside class="related"><h2>Read more</h2><ul>%(more)s</ul></aside>
  </main>
  <footer><p>&copy; 2023 %(outlet)s. All rights reserved.</p><ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body>
</html>
""" % dict(title=esc(h["title"]), outlet=esc(h["outlet"]), url=esc(h["url"]), date=h["date"],
           nav=nav, paras=paras, more=more)


def examples_path(rules):
    return (rules[:-6] if rules.endswith(".rules") else rules) + ".examples.json"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--examples", help="JSON from gen_rules.py --examples")
    ap.add_argument("--rules", help="a pack from gen_rules.py: read its examples (X.rules -> X.examples.json)")
    ap.add_argument("--claim-kb", type=float, default=3.0)
    ap.add_argument("--files", type=int, help="stop after this many files (before --mb is reached)")
    ap.add_argument("--html", action="store_true",
                    help="write HTML pages (NNNNNN.html: nav, article, footer) instead of text")
    a = ap.parse_args()
    examples = []
    if a.rules and not a.examples:
        a.examples = examples_path(a.rules)
    if a.examples:
        with open(a.examples) as f:
            ex = json.load(f)
        examples = [(pid, s) for pid in sorted(ex) for s in ex[pid]]
    g = Gen(a.seed, examples)
    target = int(a.mb * 1024 * 1024)
    os.makedirs(a.outdir, exist_ok=True)
    written = files = planted = 0
    while written < target and (a.files is None or files < a.files):
        size = g.r.randint(2048, 8192 - 600)
        text, p = g.article(files, size, a.claim_kb * 1024)
        d = os.path.join(a.outdir, "%03d" % (files // 1000))
        if files % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        if a.html:
            text = to_html(text, g.r)
        data = text.encode()
        with open(os.path.join(d, "%06d.%s" % (files, "html" if a.html else "txt")), "wb") as f:
            f.write(data)
        written += len(data)
        files += 1
        planted += p
    with open(os.path.join(a.outdir, "MANIFEST"), "w") as f:
        f.write("files %d\nbytes %d\nplanted %d\nseed %d\n" % (files, written, planted, a.seed))
    print("%s: %d files, %.1f MB, %d claim sentences" % (a.outdir, files, written / 1048576, planted))


if __name__ == "__main__":
    main()
