#!/usr/bin/env python3
"""Deterministic drafts for bench/compare.sh (Python 3.11 stdlib only).

Builds the same kinds of text as benches/lsp.rs and benches/throughput.rs, from the seed
paragraphs (lines of seeds/*.txt with at least 20 words):

  gen.py lsp OUT     OUT/copydesk.toml, OUT/sources/ (20 files of 12 paragraphs),
                     OUT/draft2000.md (~2,000 words), OUT/draft10k.md (10,000 lines,
                     hard-wrapped at 10 words, blank line between paragraphs)
  gen.py corpus OUT  OUT/sources/ (20 files), OUT/drafts/ (1,000 drafts of 8 paragraphs);
                     prints the total draft bytes
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MASK = (1 << 64) - 1


class Lcg:
    """The generator of benches/*.rs (no rand dependency)."""

    def __init__(self, seed: int):
        self.s = seed

    def next(self) -> int:
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) & MASK
        return self.s >> 33


def seed_paragraphs() -> list[str]:
    out = []
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        out.extend(l for l in f.read_text().splitlines() if len(l.split()) >= 20)
    return out


def sources(paras, rng, n, name="{i:03}_s.txt"):
    return [
        (name.format(i=i), "\n\n".join(paras[rng.next() % len(paras)] for _ in range(12)))
        for i in range(n)
    ]


def draft(paras, rng, words):
    out = ["---\ndate: 2025-08-20\n---\n# Draft\n\n"]
    n = 0
    while n < words:
        p = paras[rng.next() % len(paras)]
        n += len(p.split())
        out.append(p + "\n\n")
    return "".join(out)


def long_draft(paras, rng, lines=10_000):
    out = ["---", "date: 2025-08-20", "---"]
    while len(out) < lines:
        words = paras[rng.next() % len(paras)].split()
        out.extend(" ".join(words[i : i + 10]) for i in range(0, len(words), 10))
        out.append("")
    return "\n".join(out) + "\n"


def write(path: pathlib.Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def lsp_workspace(out: pathlib.Path):
    paras = seed_paragraphs()
    rng = Lcg(1)
    write(out / "copydesk.toml", 'sources = ["sources"]\ndate = 2025-08-20\n')
    for name, text in sources(paras, rng, 20):
        write(out / "sources" / name, text)
    write(out / "draft2000.md", draft(paras, rng, 2000))
    write(out / "draft10k.md", long_draft(paras, rng))


def corpus(out: pathlib.Path) -> int:
    paras = seed_paragraphs()
    rng = Lcg(42)
    for name, text in sources(paras, rng, 20, "{i:03}_source.txt"):
        write(out / "sources" / name, text)
    total = 0
    for i in range(1000):
        body = "\n\n".join(paras[rng.next() % len(paras)] for _ in range(8))
        text = f'---\ntitle: "Draft {i}"\ndate: 2025-08-20\n---\n# Draft {i}\n\n{body}\n'
        total += len(text.encode())
        write(out / "drafts" / f"draft{i:04}.md", text)
    return total


if __name__ == "__main__":
    kind, out = sys.argv[1], pathlib.Path(sys.argv[2])
    if kind == "lsp":
        lsp_workspace(out)
    elif kind == "corpus":
        print(corpus(out))
    else:
        sys.exit(f"unknown kind {kind}")
