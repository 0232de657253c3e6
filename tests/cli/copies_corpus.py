#!/usr/bin/env python3
"""Writes the corpus of copies of one story (issue 21) from the project's
own texts in tests/fixtures/copies, shared by copies_store.sh and the serve
tests (serve_lib.sh, serve_browser.sh):

    copies_corpus.py FIXTURES_COPIES OUTDIR

copy-00.txt to copy-09.txt: one wire story carried by ten outlets, each
with its own headline and footer, every third with a byline; lead.txt: the
story with a rewritten lead (Ariana Weekly); other.txt: another story on
the same topic (Nangarhar Voice).
"""
import sys

src, out = sys.argv[1], sys.argv[2]
wire = open(src + "/wire.txt", encoding="utf-8").read()
outlets = ["Kabul Herald", "Pamir Post", "Hindu Kush Times", "Oxus Daily", "Helmand Courier",
           "Bamiyan Observer", "Panjshir Press", "Salang Review", "Kunar Ledger", "Khyber Gazette"]
for i, o in enumerate(outlets):
    body = wire
    if i % 3 == 1:
        body = "By a staff writer\n\n" + body
    # Each outlet's own footer: no two bodies are the same text.
    body += "\nRead more from the %s on its website, and share this story with a friend.\n" % o
    with open("%s/copy-%02d.txt" % (out, i), "w", encoding="utf-8") as f:
        f.write("date 2024-03-%02d\noutlet %s\ntitle %s: UN monitors say Islamic State "
                "is regrouping\n\n%s" % (3 + i % 3, o, o, body))
rest = wire.split("\n\n", 1)[1]
with open(out + "/lead.txt", "w", encoding="utf-8") as f:
    f.write("date 2024-03-04\noutlet Ariana Weekly\n\n%s\n%s"
            % (open(src + "/lead.txt", encoding="utf-8").read(), rest))
with open(out + "/other.txt", "w", encoding="utf-8") as f:
    f.write("date 2024-03-05\noutlet Nangarhar Voice\n\n"
            + open(src + "/other.txt", encoding="utf-8").read())
