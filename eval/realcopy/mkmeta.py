#!/usr/bin/env python3
"""Helper used while collecting: write EVENT/meta.json from a compact spec (words recounted)."""
import json, sys
from pathlib import Path

def write(slug, event, date, arts):
    d = Path(__file__).resolve().parent / slug
    out = {"event": event, "date": date, "articles": []}
    for f, url, outlet, country, pub in arts:
        words = len((d / f).read_text(encoding="utf-8").split())
        out["articles"].append({"file": f, "url": url, "outlet": outlet, "country": country,
                                "published": pub, "words": words})
    (d / "meta.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", "utf-8")

if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    write(spec["slug"], spec["event"], spec["date"], spec["articles"])
