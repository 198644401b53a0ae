#!/usr/bin/env python3
"""Write a starting corpus for each fuzz target into OUT/<target>/ from files in the repo
(seed articles, the extra eval set, the KB, the demo config) plus a few hand-made inputs
in each target's input format (see the doc comment at the top of each target).

Usage: fuzz/make_seeds.py OUT
"""
import json
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1])
MAX = 8000  # bytes per seed: keeps the first runs quick


def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data[:MAX])


drafts = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("eval/extra/*/draft.md"))
texts = [p.read_text(encoding="utf-8") for p in drafts]

# check: flags byte (bit 0 plain text, bits 1-2 date, bits 3-7 hover offset), then text.
for i, (p, t) in enumerate(zip(drafts, texts)):
    put("check", f"{i:02}-{p.parent.name}-{p.stem}", bytes([(i * 37) & 0xFF]) + t.encode())
put("check", "front-matter", b"\x00---\ndate: 2018-06-01\n---\n\nSecretary of Defense John Bolton said.\n")
put("check", "unicode", "\x08Президент Володимир Зеленський — “Zelenskyy’s” 😀 e\u0301\n".encode())

# config: copydesk.toml files.
for i, p in enumerate(sorted(ROOT.glob("**/copydesk.toml"))):
    if "target" in p.parts or "node_modules" in p.parts:
        continue
    put("config", f"{i:02}-toml", p.read_bytes())
put("config", "full", """sources = ["sources", "../wire"]
kb = ["newsroom-kb.toml"]
date = 2025-08-20
ignore = ["drafts/old/**"]

[dates]
"archive/*.md" = 2018-06-01

[spelling]
prefer = ["Zelenskyy", "Hegseth"]

[rules.off-topic-paragraph]
severity = "info"


[rules.misattributed-title]
enabled = false
""")

# kb: first byte 0 SPARQL JSON, 1 CSV, 2 KB TOML.
sparql = {"head": {"vars": ["person", "personLabel", "position", "positionLabel", "start", "end", "countryLabel"]},
          "results": {"bindings": [
              {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
               "personLabel": {"type": "literal", "value": "Ola Example"},
               "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q2"},
               "positionLabel": {"type": "literal", "value": "Harbour Commissioner"},
               "start": {"type": "literal", "value": "2019-01-01T00:00:00Z"},
               "end": {"type": "literal", "value": "2024-01-01T00:00:00Z"},
               "countryLabel": {"type": "literal", "value": "Norway"}},
              {"personLabel": {"type": "literal", "value": "Kari Example"},
               "positionLabel": {"type": "literal", "value": "Harbour Commissioner"},
               "start": {"type": "literal", "value": "+2024-01-01T00:00:00Z"},
               "countryLabel": {"type": "literal", "value": "Norway"}}]}}
put("kb", "sparql", b"\x00" + json.dumps(sparql).encode())
put("kb", "csv", b"\x01position,country,holder,start,end\nHarbour Commissioner,NO,Ola Example,2019-01-01,2024-01-01\n"
    b"Harbour Commissioner,Norwegian,Kari Example,2024-01-01,\n")
for p in sorted((ROOT / "kb").glob("*.toml"), key=lambda p: p.stat().st_size)[:8]:
    put("kb", f"toml-{p.stem}", b"\x02" + p.read_bytes())


# frames: the stdio byte stream.
def frame(obj):
    b = json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


init = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
put("frames", "valid", init + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    + frame({"jsonrpc": "2.0", "id": 2, "result": None}))
put("frames", "bad", frame(b"{not json") + b"Content-Length: abc\r\n\r\n{}" + b"garbage\r\n\r\n" + init)
put("frames", "headers", b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}")


# lsp: flags byte (bit 0 UTF-8, bit 1 pull), then operations (see Op::read).
def text(t):
    b = t.encode()[:4000]
    return struct.pack(">H", len(b)) + b


def small_pos(line, ch):
    return bytes([line & 0x3F, ch & 0xFF])


def op_open(doc, t, version=1):
    return bytes([0, doc, version]) + text(t)


def op_change(doc, start, end, t):
    return bytes([1, doc, 0, 1, 1]) + small_pos(*start) + small_pos(*end) + text(t)


def op_full(doc, t):
    return bytes([1, doc, 0, 1, 0]) + text(t)


def op_hover(doc, line, ch):
    return bytes([2, doc]) + small_pos(line, ch)


def op_actions(doc, only):
    return bytes([3, doc]) + small_pos(0, 0) + small_pos(60, 0) + bytes([only])


short = "Secretary of Defense John Bolton met Volodymyr Zelenskyy. Zelensky’s aides — and Zelenskyy — left 😀.\n"
for flags in range(4):
    seq = (op_open(0, texts[0][:3000]) + op_hover(0, 2, 10) + op_actions(0, 3)
           + op_change(0, (1, 0), (1, 5), "Zelenskiy ") + bytes([4, 0])
           + op_open(1, short) + op_change(1, (0, 30), (0, 31), "é😀") + op_hover(1, 0, 25)
           + op_actions(1, 1) + op_full(1, texts[1][:2000]) + bytes([5, 1, 6, 0, 7, 2]) + small_pos(0, 0))
    put("lsp", f"session-{flags}", bytes([flags]) + seq)
