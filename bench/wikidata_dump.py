#!/usr/bin/env python3
"""Write a synthetic Wikidata JSON dump (the real all.json layout: "[", one entity per line
ending with ",", "]") for measuring `copydesk kb build` by hand:

    python3 bench/wikidata_dump.py 1000 > /tmp/wikidata-20261130-all.json   # ~1000 MB
    python3 bench/wikidata_dump.py 200 1 > /tmp/wikidata-20261130-all.json  # every item a holder
    /usr/bin/time -v copydesk kb build /tmp/wikidata-20261130-all.json -o /tmp/wd.toml

Most entities are filler items (labels in many languages, a few statements, no P39), as in
the real dump; one in 40 (or one in the second argument) holds one to three positions (P39 with start/end/replaces
qualifiers, some deprecated, some without an end); 2,000 positions and 200 countries come
last, so the positions are only known in the second pass. Deterministic (fixed seed).
"""
import json
import random
import sys

LANGS = ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "ru", "sv", "ja", "zh", "ar", "uk"]


def item(q):
    return {"value": {"entity-type": "item", "numeric-id": q, "id": f"Q{q}"}, "type": "wikibase-entityid"}


def snak_item(p, q):
    return {"snaktype": "value", "property": p, "datavalue": item(q), "datatype": "wikibase-item"}


def snak_time(p, y, m, d):
    return {"snaktype": "value", "property": p, "datavalue": {"value": {
        "time": f"+{y:04d}-{m:02d}-{d:02d}T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
        "precision": 11, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}, "type": "time"},
        "datatype": "time"}


def stmt(subject, main, rank="normal", quals=None):
    s = {"mainsnak": main, "type": "statement", "id": f"Q{subject}${random.getrandbits(64):016x}",
         "rank": rank, "references": [{"snaks": {"P143": [snak_item("P143", 328)]}, "snaks-order": ["P143"]}]}
    if quals:
        s["qualifiers"] = quals
        s["qualifiers-order"] = list(quals)
    return s


def entity(q, name, claims):
    return {"type": "item", "id": f"Q{q}",
            "labels": {l: {"language": l, "value": f"{name} {l}" if l != "en" else name} for l in LANGS},
            "descriptions": {l: {"language": l, "value": f"description of {name} in {l}"} for l in LANGS[:6]},
            "aliases": {"en": [{"language": "en", "value": f"{name} alias"}]},
            "claims": claims, "sitelinks": {"enwiki": {"site": "enwiki", "title": name, "badges": []}},
            "lastrevid": 2400000000 + q, "modified": "2026-11-29T12:00:00Z"}


def main():
    target = int(sys.argv[1]) * 1_000_000 if len(sys.argv) > 1 else 100_000_000
    every = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    random.seed(17)
    out = sys.stdout
    out.write("[\n")
    written, q, first = 0, 10_000_000, True
    positions, countries = 2000, 200
    while written < target:
        q += 1
        claims = {"P31": [stmt(q, snak_item("P31", 5))], "P21": [stmt(q, snak_item("P21", 6581097))]}
        if q % every == 0:
            terms = []
            for _ in range(random.randint(1, 3)):
                y = random.randint(1950, 2024)
                quals = {"P580": [snak_time("P580", y, random.randint(1, 12), random.randint(1, 28))]}
                if random.random() < 0.8:
                    quals["P582"] = [snak_time("P582", y + random.randint(1, 8), random.randint(1, 12), random.randint(1, 28))]
                quals["P1365"] = [snak_item("P1365", q - every)]
                rank = "deprecated" if random.random() < 0.02 else "normal"
                terms.append(stmt(q, snak_item("P39", 1 + random.randrange(positions)), rank, quals))
            claims["P39"] = terms
        line = json.dumps(entity(q, f"Person {q}", claims), separators=(",", ":"))
        out.write(("" if first else ",\n") + line)
        first = False
        written += len(line) + 2
    for p in range(1, positions + 1):
        c = 5_000_000 + 1 + p % countries
        line = json.dumps(entity(p, f"Minister {p}", {"P17": [stmt(p, snak_item("P17", c))]}), separators=(",", ":"))
        out.write(",\n" + line)
    for i in range(1, countries + 1):
        c = 5_000_000 + i
        code = chr(65 + i // 26 % 26) + chr(65 + i % 26)
        e = entity(c, f"Country {i}", {"P297": [stmt(c, {"snaktype": "value", "property": "P297",
                    "datavalue": {"value": code, "type": "string"}, "datatype": "external-id"})]})
        out.write(",\n" + json.dumps(e, separators=(",", ":")))
    out.write("\n]\n")


if __name__ == "__main__":
    main()
