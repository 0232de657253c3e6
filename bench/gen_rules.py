#!/usr/bin/env python3
"""Writes a synthetic rule pack (format v1) for benchmarks.

Usage: gen_rules.py OUT.rules --propositions P [--seed S] [--examples FILE.json]

P propositions named bench.p00000 ... with 5 patterns each (3 supports,
2 refutes): a literal phrase, an alternation, a `{DEFINE}` use, a gap such
as `threat to (?:[\\w ]+ )?region`, and a negated form. Each proposition
has its own topic ("the cobalt levy in the northern valleys"), so a
sentence written for one proposition matches that one only.

Proposition i depends only on (seed, i): the pack of P propositions is the
first P propositions of any larger pack with the same seed, so a corpus
written for one pack has the same claims under a larger one.

OUT.examples.json (or --examples FILE) gets {"bench.p00000": ["sentence", ...], ...}: one sentence
per pattern that the pattern matches, for gen_corpus.py to sample.
The output passes `claimtrack rules lint`.
"""

import argparse
import json
import random

# Topic words: ADJ x NOUN x PLACE gives each proposition its own topic.
ADJ = """amber basalt cedar cobalt copper coral crimson ember flint garnet granite
harbour indigo ivory jasper juniper lantern linen marble meadow nickel obsidian
onyx opal pewter quartz russet saffron silver slate tamarind topaz umber velvet
walnut willow zinc alder birch cinder""".split()
NOUN = """levy tariff quota subsidy corridor pipeline reservoir ferry railway canal
dam census ration license embargo moratorium tribunal militia cartel syndicate
brigade convoy blockade treaty accord charter pension curfew lottery""".split()
PLACES = ["northern valleys", "southern ports", "eastern highlands", "western plains",
          "river delta", "coastal districts", "border towns", "mountain passes",
          "capital region", "island provinces", "lake basin", "desert oases",
          "frontier provinces", "upland farms", "harbour cities", "mining towns"]

RISE = ["rising", "growing", "spreading", "expanding", "increasing"]
HARM = ["hurting", "damaging", "harming", "weakening"]
GROUPS = ["farmers", "traders", "fishermen", "miners", "teachers", "nurses",
          "herders", "shopkeepers", "drivers", "students"]

DEFINES = r"""# ---- shared vocabulary (benchmark pack) ----
define RISE \b(?:rising|growing|spreading|expanding|increasing|gaining ground)\b
define HARM \b(?:hurting|damaging|harming|weakening|undermining)\b
define THREAT \b(?:threat|danger|risk|menace)s?\b
define PEOPLE \b(?:farmers|traders|fishermen|miners|teachers|nurses|herders|shopkeepers|drivers|students|families|residents)\b
define OFFICIALS \b(?:the (?:government|ministry|council|authorities)|officials|regulators)\b
"""


def topic(seed, i):
    """(adj, noun, place) for proposition i; distinct for i < len(ADJ)*len(NOUN)*len(PLACES)."""
    n = len(ADJ) * len(NOUN) * len(PLACES)
    # a fixed, seed-dependent permutation of the index space (affine map mod n)
    r = random.Random("bench-topics:%d" % seed)
    mul = r.randrange(1, n)
    while _gcd(mul, n) != 1:
        mul = r.randrange(1, n)
    add = r.randrange(n)
    k = (i * mul + add) % n
    a, k = ADJ[k % len(ADJ)], k // len(ADJ)
    b, k = NOUN[k % len(NOUN)], k // len(NOUN)
    return a, b, PLACES[k % len(PLACES)]


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def proposition(seed, i):
    """Returns (id, block text, [example sentences])."""
    r = random.Random("bench-prop:%d:%d" % (seed, i))
    adj, noun, place = topic(seed, i)
    pid = "bench.p%05d" % i
    t = "%s %s" % (adj, noun)              # "cobalt levy"
    group = r.choice(GROUPS)
    rise = r.choice(RISE)
    harm = r.choice(HARM)
    pats, ex = [], []

    def add(stance, pat, sentence):
        pats.append("  %-8s %s" % (stance, pat))
        ex.append(sentence)

    # 1. a literal phrase
    add("supports", r"the %s is %s in the %s" % (t, rise, place),
        "the %s is %s in the %s" % (t, rise, place))
    # 2. an alternation
    add("supports", r"(?:support|demand|calls) for (?:the|a|new) %s (?:is|are|has been) {RISE}" % t,
        "%s for the %s is %s" % (r.choice(["support", "demand", "calls"]), t, r.choice(RISE)))
    # 3. a define, with a gap before the place
    add("supports", r"the %s is {HARM} {PEOPLE} (?:in|across) (?:[\w ]+ )?%s" % (t, place),
        "the %s is %s %s in the %s" % (t, harm, group, place))
    # 4. a gap: "threat to (?:[\w ]+ )?region" style
    add("refutes", r"the %s (?:is|was|remains) no {THREAT} to (?:[\w ]+ )?%s" % (t, place.split()[-1]),
        "the %s is no %s to the %s" % (t, r.choice(["threat", "danger", "risk"]), place))
    # 5. a define at the start, then a literal
    who = r.choice(["officials", "regulators", "the ministry", "the council"])
    add("refutes", r"{OFFICIALS} (?:have|has) (?:abolished|scrapped|ended) the %s" % t,
        "%s %s %s the %s" % (who, "have" if who in ("officials", "regulators") else "has",
                             r.choice(["abolished", "scrapped", "ended"]), t))
    title = "The %s matters in the %s" % (t, place)
    block = ["# %s" % title,
             "proposition %s" % pid,
             "  title    %s" % title,
             "  rev      1",
             "  tags     bench %s" % noun]
    block += pats
    block.append("  expect supports %s." % ex[0].capitalize())
    block.append("end")
    return pid, "\n".join(block) + "\n", ex


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--propositions", type=int, required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--examples", help="write example sentences (JSON) here "
                    "(default: OUT without .rules, plus .examples.json)")
    a = ap.parse_args()
    cap = len(ADJ) * len(NOUN) * len(PLACES)
    if not 1 <= a.propositions <= cap:
        ap.error("--propositions must be 1..%d" % cap)
    examples = {}
    with open(a.out, "w") as f:
        f.write("# Benchmark rule pack: %d propositions, %d patterns, seed %d.\n"
                "# Made by bench/gen_rules.py; do not edit.\n\n"
                % (a.propositions, 5 * a.propositions, a.seed))
        f.write(DEFINES + "\n# ---- propositions ----\n\n")
        for i in range(a.propositions):
            pid, block, ex = proposition(a.seed, i)
            f.write(block + "\n")
            examples[pid] = ex
    if not a.examples:
        a.examples = (a.out[:-6] if a.out.endswith(".rules") else a.out) + ".examples.json"
    if a.examples:
        with open(a.examples, "w") as f:
            json.dump(examples, f, indent=0)


if __name__ == "__main__":
    main()
