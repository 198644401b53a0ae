#!/usr/bin/env python3
"""Run copydesk over the real-copy corpus and count false alarms and caught errors.

Usage (from the repository root or anywhere):
    python3 eval/realcopy/run.py [--bin PATH] [--event SLUG|PATTERN ...] [--rules all|core|R1,R2]
                                 [--quiet] [--template] [--json OUT] [ROOT]

ROOT (default: the folder of this script) holds one folder per event:
    EVENT/meta.json      {"event", "date", "articles": [{"file", "url", "outlet",
                           "country", "published", "words"}]}
    EVENT/aNN-OUTLET.txt the stored article text, unchanged
    EVENT/verdicts.tsv   mode file rule line match verdict evidence   (tab-separated)
    EVENT/labels.json    [{"file", "rule", "line", "match", "evidence"}]  real errors

For every article the runner runs the binary twice:
    BIN check --format json --date PUBLISHED FILE                      (mode "alone")
    BIN check --format json --date PUBLISHED --sources EVENTDIR FILE   (mode "sources")
(copydesk leaves a draft out of its own sources folder, so the other articles of the
event are the sources). It prints every finding, joined with its verdict, then counts
per mode and for both modes together: findings, true, false, unreviewed, and false
alarms per 1,000 words. "Together" divides all false alarms of both modes by the words
checked in both modes (each article's words counted twice), i.e. the mean of the two
rates. Labelled real errors are caught in a mode when a finding of the same rule in the
same file has start.line <= label line <= end.line and the label's match and the
finding's text contain one another (case-insensitive, spaces collapsed), so that a
finding on the same line about another word does not count.

Joining findings with verdicts: a verdict row applies to a finding when mode ("alone",
"sources", or "*" for both), file, rule and line (the finding's start line) are equal
and the row's match is a prefix of the finding's span text, or the other way round
(compared case-insensitively with spaces collapsed). An empty match applies to every
finding on that line. Rows that match no finding are listed as stale.

--template prints a verdicts.tsv line (verdict and evidence left as "?") for every
unreviewed finding, to paste and fill in. Exit status: 0; 2 for usage errors or when
the binary fails (exit status other than 0/1, a signal, a timeout, or unparsable JSON).

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BIN = "/work/bin/copydesk-firstsight"
CORE_RULES = ["misattributed-title", "inconsistent-spelling", "off-topic-paragraph"]
MODES = ["alone", "sources"]
SPAN_WORDS = 8


@dataclass
class Finding:
    mode: str
    file: str
    rule: str
    line: int
    end_line: int
    span: str
    message: str
    verdict: str = "unreviewed"
    evidence: str = ""


@dataclass
class Verdict:
    mode: str
    file: str
    rule: str
    line: int
    match: str
    verdict: str
    evidence: str
    used: bool = False


@dataclass
class Tally:
    words: int = 0
    findings: int = 0
    true: int = 0
    false: int = 0
    unreviewed: int = 0
    by_rule: dict = field(default_factory=dict)

    def add(self, f: Finding) -> None:
        self.findings += 1
        row = self.by_rule.setdefault(f.rule, {"true": 0, "false": 0, "unreviewed": 0})
        key = f.verdict if f.verdict in ("true", "false") else "unreviewed"
        row[key] += 1
        setattr(self, key, getattr(self, key) + 1)


def norm(s: str) -> str:
    """Spaces collapsed, case folded, and without the " date YYYY-MM-DD" stamp the
    collection tool left at the start of some stored pages (labels skip it)."""
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return re.sub(r"^date \d{4}-\d{2}-\d{2} ", "", s)


def span_text(lines: list[str], rng: dict) -> str:
    """The text of a 1-based, character-column range, cut to its first words."""
    try:
        sl, sc = rng["start"]["line"], rng["start"]["column"]
        el, ec = rng["end"]["line"], rng["end"]["column"]
    except (KeyError, TypeError):
        return ""
    if not (1 <= sl <= len(lines)):
        return ""
    if el == sl:
        text = lines[sl - 1][sc - 1 : ec - 1]
    else:
        text = lines[sl - 1][sc - 1 :]
    words = text.split()
    cut = " ".join(words[:SPAN_WORDS])
    return cut + (" …" if len(words) > SPAN_WORDS else "")


def run_bin(args: argparse.Namespace, cmd: list[str]) -> dict | None:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print(f"FAIL (timeout): {' '.join(cmd)}", file=sys.stderr)
        return None
    if p.returncode not in (0, 1):
        print(f"FAIL (status {p.returncode}): {' '.join(cmd)}\n{p.stderr}", file=sys.stderr)
        return None
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        print(f"FAIL (unparsable JSON): {' '.join(cmd)}", file=sys.stderr)
        return None


def check_article(args, event_dir: Path, art: dict, mode: str) -> list[Finding] | None:
    path = event_dir / art["file"]
    cmd = [args.bin, "check", "--format", "json", "--date", art["published"]]
    if mode == "sources":
        cmd += ["--sources", str(event_dir)]
    cmd.append(str(path))
    out = run_bin(args, cmd)
    if out is None:
        return None
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    for fobj in out.get("files", []):
        for d in fobj.get("diagnostics", []):
            rng = d.get("range") or {}
            start = (rng.get("start") or {}).get("line", 0)
            end = (rng.get("end") or {}).get("line", start)
            found.append(
                Finding(mode, art["file"], d.get("rule", "?"), start, end,
                        span_text(lines, rng), d.get("message", ""))
            )
    return found


def load_verdicts(event_dir: Path) -> list[Verdict]:
    path = event_dir / "verdicts.tsv"
    if not path.exists():
        return []
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if cols[0] == "mode":
            continue  # header
        if len(cols) < 6 or not cols[3].strip().isdigit():
            print(f"{path}:{n}: malformed verdict row", file=sys.stderr)
            continue
        cols += [""] * (7 - len(cols))
        rows.append(Verdict(cols[0].strip(), cols[1].strip(), cols[2].strip(),
                            int(cols[3]), cols[4], cols[5].strip(), cols[6].strip()))
    return rows


def join(findings: list[Finding], verdicts: list[Verdict]) -> None:
    for f in findings:
        span = norm(f.span.rstrip(" …"))
        for v in verdicts:
            if v.mode not in (f.mode, "*") or v.file != f.file:
                continue
            if v.rule != f.rule or v.line != f.line:
                continue
            m = norm(v.match.rstrip(" …"))
            if m and not (span.startswith(m) or m.startswith(span)):
                continue
            f.verdict, f.evidence, v.used = v.verdict, v.evidence, True
            break


def overlaps(match: str, span: str) -> bool:
    """Does a label's match name the finding's text (one contains the other, compared
    case-insensitively with spaces collapsed)? An empty match names any finding."""
    m, s = norm(match.rstrip(" …")), norm(span.rstrip(" …"))
    return not m or not s or m in s or s in m


def caught(label: dict, findings: list[Finding], mode: str) -> bool:
    return any(
        f.mode == mode and f.file == label.get("file") and f.rule == label.get("rule")
        and f.line <= int(label.get("line", -1)) <= max(f.end_line, f.line)
        and overlaps(label.get("match", ""), f.span)
        for f in findings
    )


def rule_filter(spec: str):
    if spec == "all":
        return lambda r: True
    wanted = CORE_RULES if spec == "core" else [r.strip() for r in spec.split(",")]
    return lambda r: r in wanted


def run_event(args, event_dir: Path, keep) -> dict | None:
    meta = json.loads((event_dir / "meta.json").read_text(encoding="utf-8"))
    findings: list[Finding] = []
    words = 0
    for art in meta["articles"]:
        words += len((event_dir / art["file"]).read_text(encoding="utf-8").split())
        for mode in MODES:
            got = check_article(args, event_dir, art, mode)
            if got is None:
                return None
            findings += [f for f in got if keep(f.rule)]
    verdicts = load_verdicts(event_dir)
    join(findings, verdicts)
    labels_path = event_dir / "labels.json"
    labels = json.loads(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else []
    labels = [lb for lb in labels if keep(lb.get("rule", ""))]
    return {"slug": event_dir.name, "meta": meta, "words": words, "findings": findings,
            "stale": [v for v in verdicts if not v.used], "labels": labels}


def print_event(args, ev: dict) -> None:
    print(f"\n== {ev['slug']} — {ev['meta'].get('event', '')} "
          f"({len(ev['meta']['articles'])} articles, {ev['words']} words)")
    if not args.quiet:
        for f in ev["findings"]:
            mark = {"true": "TRUE ", "false": "FALSE"}.get(f.verdict, "UNREVIEWED")
            print(f"  [{mark}] {f.mode:7} {f.file}:{f.line} {f.rule}: «{f.span}»")
            print(f"           {f.message}")
            if f.evidence:
                print(f"           verdict: {f.evidence}")
    for v in ev["stale"]:
        print(f"  STALE verdict (no such finding): {v.mode} {v.file}:{v.line} {v.rule} «{v.match}»")
    for lb in ev["labels"]:
        got = [m for m in MODES if caught(lb, ev["findings"], m)]
        state = "caught (" + ", ".join(got) + ")" if got else "MISSED"
        print(f"  label {lb['file']}:{lb['line']} {lb['rule']} «{lb.get('match', '')}»: {state}")


def per1000(n: int, words: int) -> str:
    return f"{1000 * n / words:.2f}" if words else "n/a"


def summarize(events: list[dict]) -> dict:
    tallies = {m: Tally() for m in MODES + ["together"]}
    lab = {"labels": 0, "alone": 0, "sources": 0, "either": 0}
    for ev in events:
        for m in MODES:
            tallies[m].words += ev["words"]
        tallies["together"].words += 2 * ev["words"]
        for f in ev["findings"]:
            tallies[f.mode].add(f)
            tallies["together"].add(f)
        for lb in ev["labels"]:
            lab["labels"] += 1
            hits = [caught(lb, ev["findings"], m) for m in MODES]
            lab["alone"] += hits[0]
            lab["sources"] += hits[1]
            lab["either"] += any(hits)
    return {"tallies": tallies, "labels": lab}


def print_summary(events: list[dict], s: dict) -> None:
    arts = sum(len(ev["meta"]["articles"]) for ev in events)
    countries = {a.get("country") for ev in events for a in ev["meta"]["articles"]}
    real = sorted(c for c in countries if c and len(c) == 2 and c not in ("EU", "XX"))
    print(f"\n{len(events)} events, {arts} articles, {len(real)} countries "
          f"({' '.join(real)}; not counted: EU-wide or unknown)")
    print(f"{'mode':9} {'words':>7} {'findings':>8} {'true':>5} {'false':>5} "
          f"{'unrev':>5} {'FA/1000w':>9}")
    for m, t in s["tallies"].items():
        print(f"{m:9} {t.words:7} {t.findings:8} {t.true:5} {t.false:5} "
              f"{t.unreviewed:5} {per1000(t.false, t.words):>9}")
    print("by rule (both modes): true/false/unreviewed")
    for rule, row in sorted(s["tallies"]["together"].by_rule.items()):
        print(f"  {rule:22} {row['true']}/{row['false']}/{row['unreviewed']}")
    lab = s["labels"]
    print(f"labelled real errors: {lab['labels']}; caught alone {lab['alone']}, "
          f"with sources {lab['sources']}, in either mode {lab['either']}")
    t = s["tallies"]
    print(f"realcopy: FA/1000w alone={per1000(t['alone'].false, t['alone'].words)} "
          f"sources={per1000(t['sources'].false, t['sources'].words)} "
          f"together={per1000(t['together'].false, t['together'].words)} "
          f"caught={lab['either']}/{lab['labels']} unreviewed={t['together'].unreviewed}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", nargs="?", default=str(Path(__file__).resolve().parent))
    ap.add_argument("--bin", default=DEFAULT_BIN)
    ap.add_argument("--event", action="append", default=[],
                    help="only these event folders (shell patterns: --event 'a*')")
    ap.add_argument("--rules", default="all", help="all (default), core, or R1,R2")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--quiet", action="store_true", help="no per-finding lines")
    ap.add_argument("--template", action="store_true",
                    help="print verdicts.tsv rows for unreviewed findings")
    ap.add_argument("--json", help="write the findings and figures as JSON to this file")
    args = ap.parse_args()
    root = Path(args.root)
    dirs = sorted(p.parent for p in root.glob("*/meta.json"))
    if args.event:
        dirs = [d for d in dirs if any(fnmatch.fnmatch(d.name, pat) for pat in args.event)]
    if not dirs:
        print(f"no event folders (with meta.json) under {root}", file=sys.stderr)
        return 2
    keep = rule_filter(args.rules)
    events = []
    for d in dirs:
        ev = run_event(args, d, keep)
        if ev is None:
            return 2
        events.append(ev)
        print_event(args, ev)
    if args.template:
        print("\n# unreviewed findings as verdicts.tsv rows (fill in verdict and evidence):")
        for ev in events:
            for f in ev["findings"]:
                if f.verdict == "unreviewed":
                    print(f"# {ev['slug']}/verdicts.tsv")
                    print("\t".join([f.mode, f.file, f.rule, str(f.line), f.span.rstrip(" …"),
                                     "?", "?"]))
    s = summarize(events)
    print_summary(events, s)
    if args.json:
        dump = {"events": [{"slug": ev["slug"], "words": ev["words"],
                            "findings": [f.__dict__ for f in ev["findings"]]} for ev in events],
                "tallies": {m: {k: v for k, v in t.__dict__.items()}
                            for m, t in s["tallies"].items()},
                "labels": s["labels"]}
        Path(args.json).write_text(json.dumps(dump, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
