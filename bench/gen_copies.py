#!/usr/bin/env python3
"""Writes a synthetic set of wire copies, to measure the copy detector.

Usage: gen_copies.py OUTDIR [--stories N] [--copies C] [--same-topic T] [--seed S]

Takes N stories written by gen_corpus.py's generator and writes, for each,
the story itself and C copies of it as other outlets carry it, each with
its own headline, outlet and url and some of: a changed lead paragraph, a
byline or a dateline with a wire credit, a few words edited, added
boilerplate (related links, a newsletter line, a copyright footer) and the
last paragraphs cut. Beside each story it writes T different stories on
the same topic: the same topic words and the same claim sentence, other
text. Every file is OUTDIR/NNNN.txt in claimtrack's document format;
OUTDIR/TRUTH has a line `FILE STORY KIND` for each (KIND is original,
copy or other), where files with the same STORY are copies of one story.

Deterministic: the same arguments give the same files.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402

CLAIMS = ["the pewter railway will reopen before the harvest",
          "there is no threat to the eastern provinces",
          "grain prices rose sharply in the northern valleys",
          "the port authority hid the accident report",
          "unemployment fell for the fourth month in a row",
          "the new dam will flood three villages"]
CITIES = ["KABUL", "LONDON", "WASHINGTON", "BRUSSELS", "NAIROBI", "ISTANBUL", "GENEVA"]
CREDITS = ["(Reuters) - ", "(AP) — ", "(AFP) - ", "— "]
NEWSLETTER = ["Sign up for our morning newsletter to get the day's top stories in your inbox.",
              "Get the latest news delivered to you: subscribe to our daily briefing.",
              "Follow us on social media for live updates."]
FOOTER = ["© 2023 %s. All rights reserved. This material may not be published, broadcast, "
          "rewritten or redistributed.",
          "Copyright %s 2023. Reporting by staff; editing by the news desk.",
          "Additional reporting by our correspondents. %s"]
SWAPS = {"criticised": "criticized", "said": "stated", "the": "a", "on": "at", "new": "fresh",
         "announced": "unveiled", "report": "study", "officials": "authorities",
         "residents": "locals", "warned": "cautioned", "budget": "spending plan"}


def body_of(text):
    head, body = text.split("\n\n", 1)
    return head, body.strip().split("\n\n")


def header(g, idx, outlet, title):
    return "date 2023-%02d-%02d\ntitle %s\noutlet %s\nurl https://copies.example/%s/%06d\n\n" % (
        g.r.randint(1, 12), g.r.randint(1, 28), title, outlet,
        outlet.lower().replace(" ", "-"), idx)


def edit_words(r, para, n):
    """The paragraph with up to n words swapped, dropped or doubled."""
    words = para.split(" ")
    for _ in range(n):
        i = r.randrange(len(words))
        w = words[i]
        k = r.random()
        if w.lower() in SWAPS and k < 0.6:
            words[i] = SWAPS[w.lower()]
        elif k < 0.8 and len(words) > 3:
            del words[i]
        else:
            words.insert(i, r.choice(["also", "now", "reportedly", "on Tuesday"]))
    return " ".join(words)


def copy_of(g, paras, outlet):
    """One outlet's copy of a story's paragraphs, and what was changed."""
    r = g.r
    out = list(paras)
    changes = []
    if r.random() < 0.5:
        out[0] = g.paragraph(None)
        changes.append("lead")
    if r.random() < 0.5:
        out[0] = r.choice(CITIES) + " " + r.choice(CREDITS) + out[0]
        changes.append("dateline")
    if r.random() < 0.4:
        out.insert(0, "By %s %s" % (r.choice(gen_corpus.FIRST), r.choice(gen_corpus.LAST)))
        changes.append("byline")
    if r.random() < 0.6:
        for _ in range(r.randint(1, 3)):
            i = r.randrange(len(out))
            out[i] = edit_words(r, out[i], r.randint(1, 4))
        changes.append("edits")
    if r.random() < 0.5 and len(out) > 5:
        cut = r.randint(1, min(3, len(out) - 4))
        out = out[:-cut]
        changes.append("cut%d" % cut)
    if r.random() < 0.6:
        related = "Read more: " + "; ".join(r.sample(gen_corpus.EXTRA, 3))
        out.insert(r.randint(len(out) // 2, len(out)), related)
        changes.append("related")
    if r.random() < 0.5:
        out.append(r.choice(NEWSLETTER))
        changes.append("newsletter")
    if r.random() < 0.6:
        out.append(r.choice(FOOTER) % outlet)
        changes.append("footer")
    return out, changes


def same_topic(g, idx, topic, claim, size):
    """A different story on a story's topic: its topic word, its claim."""
    saved = gen_corpus.OBJ
    gen_corpus.OBJ = [topic] * 4 + saved[:4]
    g.examples = [("t", claim)]
    try:
        text, _ = g.article(idx, size, 2048)
    finally:
        gen_corpus.OBJ = saved
        g.examples = []
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--stories", type=int, default=40)
    ap.add_argument("--copies", type=int, default=6)
    ap.add_argument("--same-topic", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()
    g = gen_corpus.Gen(a.seed, [])
    os.makedirs(a.outdir, exist_ok=True)
    truth, idx = [], 0

    def write(text, story, kind, changes=""):
        nonlocal idx
        name = "%04d.txt" % idx
        with open(os.path.join(a.outdir, name), "w") as f:
            f.write(text)
        truth.append("%s %d %s %s" % (name, story, kind, changes))
        idx += 1

    story = 0
    for s in range(a.stories):
        size = g.r.randint(1500, 7000)
        topic = g.r.choice(gen_corpus.OBJ)
        claim = g.r.choice(CLAIMS)
        text = same_topic(g, idx, topic, claim, size)
        head, paras = body_of(text)
        write(text, story, "original")
        for _ in range(a.copies):
            outlet = g.r.choice(gen_corpus.OUTLETS)
            title = "%s %s %s" % (g.r.choice(gen_corpus.HEADLINE_W), g.r.choice(["over", "on", "amid"]),
                                  topic)
            paras2, changes = copy_of(g, paras, outlet)
            write(header(g, idx, outlet, title) + "\n\n".join(paras2) + "\n", story, "copy",
                  ",".join(changes))
        story += 1
        for _ in range(a.same_topic):
            write(same_topic(g, idx, topic, claim, g.r.randint(1500, 7000)), story, "other")
            story += 1
    with open(os.path.join(a.outdir, "TRUTH"), "w") as f:
        f.write("\n".join(truth) + "\n")
    print("%s: %d files, %d stories" % (a.outdir, idx, story))


if __name__ == "__main__":
    main()
