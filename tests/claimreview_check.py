#!/usr/bin/env python3
"""Checks ClaimReview JSON-LD against the schema.org vocabulary and Google's
fact-check guide, offline.

    claimreview_check.py FILE       check a JSON-LD array (or one object)
    claimreview_check.py --self-test

The expected types are schema.org's definitions of the properties used
(https://schema.org/ClaimReview, /Claim, /Rating, /CreativeWork, /Person,
/Organization), written down here: a property that the type does not have,
or a value of a type the property does not expect, is an error. On top of
the vocabulary, Google's guide (developers.google.com/search/docs/
appearance/structured-data/factcheck): ClaimReview needs claimReviewed,
reviewRating and url, and should have author and itemReviewed; the Claim
should have author, datePublished, appearance and firstAppearance; the
Rating needs alternateName, and a numeric one ratingValue, bestRating and
worstRating with worst >= 1, worst < best, worst <= value <= best;
claimReviewed should be under 75 characters. "Should" is checked as
"must": claimtrack fills every recommended field it knows.

Prints each problem as PATH: message and exits 1 when there is any.
"""
import json
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$")
URL = re.compile(r"^https?://[^\s\"<>]+$")

# schema.org: the types below and what each property of theirs expects.
# Inherited properties are listed on each type that uses them (Thing's name,
# url, alternateName; CreativeWork's author, datePublished, headline,
# publisher, text).
AGENT = ["Organization", "Person"]
DATES = ["Date", "DateTime"]
PROPS = {
    "ClaimReview": {  # ClaimReview < Review < CreativeWork < Thing
        "claimReviewed": ["Text"], "itemReviewed": ["Thing"], "reviewRating": ["Rating"],
        "author": AGENT, "url": ["URL"], "datePublished": DATES, "name": ["Text"],
    },
    "Claim": {  # Claim < CreativeWork < Thing
        "text": ["Text"], "author": AGENT, "datePublished": DATES,
        "appearance": ["CreativeWork"], "firstAppearance": ["CreativeWork"], "name": ["Text"],
    },
    "Rating": {  # Rating < Intangible < Thing
        "alternateName": ["Text"], "ratingValue": ["Number", "Text"],
        "bestRating": ["Number", "Text"], "worstRating": ["Number", "Text"],
        "ratingExplanation": ["Text"], "author": AGENT, "name": ["Text"],
    },
    "CreativeWork": {
        "url": ["URL"], "headline": ["Text"], "datePublished": DATES,
        "publisher": AGENT, "author": AGENT, "name": ["Text"],
    },
    "Person": {"name": ["Text"], "url": ["URL"], "sameAs": ["URL"], "jobTitle": ["Text"]},
    "Organization": {"name": ["Text"], "url": ["URL"], "sameAs": ["URL"]},
}
# Which types count as which (subtypes), for the types above.
IS_A = {
    "ClaimReview": {"ClaimReview", "Review", "CreativeWork", "Thing"},
    "Claim": {"Claim", "CreativeWork", "Thing"},
    "Rating": {"Rating", "Intangible", "Thing"},
    "CreativeWork": {"CreativeWork", "Thing"},
    "Person": {"Person", "Thing"},
    "Organization": {"Organization", "Thing"},
}

REQUIRED = {
    "ClaimReview": ["claimReviewed", "reviewRating", "url", "author", "itemReviewed"],
    "Claim": ["author", "datePublished", "appearance", "firstAppearance"],
    "Rating": ["alternateName"],
    "CreativeWork": ["url"],
    "Person": ["name"],
    "Organization": ["name"],
}


def value_ok(v, expected):
    """Whether a literal or node v is one of the expected schema.org types."""
    for t in expected:
        if t == "Text" and isinstance(v, str) and v.strip():
            return True
        if t == "URL" and isinstance(v, str) and URL.match(v):
            return True
        if t in ("Date", "DateTime") and isinstance(v, str) and DATE.match(v):
            return True
        if t == "Number" and isinstance(v, (int, float)) and not isinstance(v, bool):
            return True
        if isinstance(v, dict) and t in IS_A.get(v.get("@type"), ()):
            return True
    return False


def check_node(node, path, problems):
    t = node.get("@type")
    if t not in PROPS:
        problems.append(f"{path}: @type {t!r} is not one of {sorted(PROPS)}")
        return
    for key, v in node.items():
        if key.startswith("@"):
            continue
        expected = PROPS[t].get(key)
        if expected is None:
            problems.append(f"{path}: {t} has no property {key!r} in schema.org")
            continue
        if not value_ok(v, expected):
            problems.append(f"{path}.{key}: {v!r} is not {' or '.join(expected)}")
        if isinstance(v, dict):
            check_node(v, f"{path}.{key}", problems)
    for key in REQUIRED[t]:
        if key not in node:
            problems.append(f"{path}: {t} lacks {key}")
    if t == "ClaimReview":
        cr = node.get("claimReviewed")
        if isinstance(cr, str) and len(cr) >= 75:
            problems.append(f"{path}.claimReviewed: {len(cr)} characters; Google asks for fewer than 75")
        if not isinstance(node.get("itemReviewed"), dict) or node["itemReviewed"].get("@type") != "Claim":
            problems.append(f"{path}.itemReviewed: not a Claim")
    if t == "Rating":
        nums = [k for k in ("ratingValue", "bestRating", "worstRating") if k in node]
        if nums and len(nums) != 3:
            problems.append(f"{path}: a numeric rating needs ratingValue, bestRating and worstRating, has {nums}")
        elif nums:
            v, b, w = (node[k] for k in ("ratingValue", "bestRating", "worstRating"))
            if not all(isinstance(x, (int, float)) for x in (v, b, w)):
                problems.append(f"{path}: the rating is not numbers")
            elif not (1 <= w < b and w <= v <= b):
                problems.append(f"{path}: rating {v} on {w}..{b} is out of range")


def check(doc):
    problems = []
    items = doc if isinstance(doc, list) else [doc]
    for i, item in enumerate(items):
        path = f"[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{path}: not an object")
            continue
        if item.get("@context") not in ("https://schema.org", "http://schema.org",
                                        "https://schema.org/", "http://schema.org/"):
            problems.append(f"{path}: @context is {item.get('@context')!r}, not schema.org")
        if item.get("@type") != "ClaimReview":
            problems.append(f"{path}: @type is {item.get('@type')!r}, not ClaimReview")
            continue
        check_node(item, path, problems)
    return problems


def self_test():
    good = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://example.org/fc", "claimReviewed": "The world is flat",
        "author": {"@type": "Organization", "name": "Checks"},
        "itemReviewed": {
            "@type": "Claim", "author": {"@type": "Person", "name": "A"},
            "datePublished": "2022-01-02",
            "appearance": {"@type": "CreativeWork", "url": "https://example.org/a"},
            "firstAppearance": {"@type": "CreativeWork", "url": "https://example.org/a"}},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1,
                         "bestRating": 5, "worstRating": 1},
    }
    assert check([good]) == [], check([good])
    bad = [
        (lambda d: d.pop("url"), "lacks url"),
        (lambda d: d.update(claimReviewed="x" * 80), "fewer than 75"),
        (lambda d: d["reviewRating"].update(ratingValue=9), "out of range"),
        (lambda d: d["reviewRating"].pop("worstRating"), "needs ratingValue"),
        (lambda d: d["itemReviewed"]["author"].update({"@type": "Place"}), "is not Organization or Person"),
        (lambda d: d["itemReviewed"].update(datePublished="yesterday"), "is not Date or DateTime"),
        (lambda d: d["itemReviewed"].update(appearance="https://example.org/a"), "is not CreativeWork"),
        (lambda d: d.update(reviewRatng={}), "no property 'reviewRatng'"),
        (lambda d: d["reviewRating"].pop("alternateName"), "lacks alternateName"),
        (lambda d: d.update({"@context": "https://example.org"}), "not schema.org"),
    ]
    for spoil, want in bad:
        d = json.loads(json.dumps(good))
        spoil(d)
        got = check([d])
        assert any(want in p for p in got), (want, got)
    print(f"self-test: {len(bad)} broken documents caught")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    problems = check(doc)
    for p in problems:
        print(p)
    n = len(doc) if isinstance(doc, list) else 1
    print(f"{n} claim reviews, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
