#!/usr/bin/env bash
# copydesk vs harper-ls, side by side, in one run. Run by hand (not in CI):
#   bench/compare.sh            # everything
#   EDITS=50 bench/compare.sh   # quicker
# Environment:
#   HARPER_DIR   where harper-ls is installed (default ~/.cache/copydesk-bench/harper)
#   HARPER_LS    use this harper-ls binary instead of installing one
#   COPYDESK     use this copydesk binary instead of building the repo (cargo build --release)
#   EDITS        didChange edits per case (default 200)
#   RUNS         hyperfine runs for the CLI throughput (default 5)
#   OUT          output folder (default bench/out)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
HARPER_DIR="${HARPER_DIR:-$HOME/.cache/copydesk-bench/harper}"
EDITS="${EDITS:-200}"
RUNS="${RUNS:-5}"
OUT="${OUT:-$here/out}"
mkdir -p "$OUT"

# 1. harper-ls from crates.io, into a scratch folder. Its tree-sitter grammars are huge
#    generated C files: at -O3 one of them compiles for 40+ minutes on a 2-core machine;
#    -O0 C code only affects code-comment parsing, not the Markdown/plain-text path measured here.
if [[ -z "${HARPER_LS:-}" ]]; then
  HARPER_LS="$HARPER_DIR/bin/harper-ls"
  if [[ ! -x "$HARPER_LS" ]]; then
    echo "== installing harper-ls into $HARPER_DIR (about 12 minutes)" >&2
    mkdir -p "$HARPER_DIR"
    CFLAGS=-O0 cargo install harper-ls --root "$HARPER_DIR" --target-dir "$HARPER_DIR/target"
  fi
fi

# 2. copydesk, release build of this checkout.
if [[ -z "${COPYDESK:-}" ]]; then
  echo "== cargo build --release" >&2
  (cd "$repo" && cargo build --release --quiet)
  COPYDESK="$(cd "$repo" && cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/copydesk"
fi

copydesk_version="$("$COPYDESK" --version)"
harper_version="$("$HARPER_LS" --version 2>/dev/null || echo "harper-ls ?")"

# 3. Drafts: an LSP workspace (20 sources, copydesk.toml, 2,000-word and 10,000-line
#    drafts) and a 1,000-draft CLI corpus, both deterministic.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/copydesk-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen.py" lsp "$tmp/ws"
corpus_bytes="$(python3 "$here/gen.py" corpus "$tmp/corpus")"

# 4. Both servers, same client, same edits.
echo "== LSP: $copydesk_version vs $harper_version, $EDITS edits per case" >&2
mkdir -p "$OUT/logs"
python3 "$here/lsp_compare.py" --copydesk "$COPYDESK" --harper "$HARPER_LS" \
  --seeds "$repo/seeds" --workspace "$tmp/ws" --edits "$EDITS" \
  --json "$OUT/lsp.json" --logs "$OUT/logs" > "$OUT/lsp.md"

# 5. CLI throughput on the 1,000-draft corpus (exit status 1 = findings: hence -i).
echo "== CLI throughput: 1,000 drafts, $((corpus_bytes / 1000)) kB" >&2
if command -v hyperfine > /dev/null; then
  hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$OUT/cli.json" \
    "$COPYDESK check --format json --sources $tmp/corpus/sources --date 2025-08-20 $tmp/corpus/drafts/" >&2
  mean="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["stddev"] or 0)' "$OUT/cli.json")"
else
  echo "(hyperfine not found: timing $RUNS runs with python)" >&2
  mean="$(python3 - "$RUNS" "$COPYDESK" "$tmp/corpus" <<'EOF'
import statistics, subprocess, sys, time
runs, exe, corpus = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmd = [exe, "check", "--format", "json", "--sources", f"{corpus}/sources", "--date", "2025-08-20", f"{corpus}/drafts/"]
subprocess.run(cmd, stdout=subprocess.DEVNULL)
ts = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL); ts.append(time.perf_counter() - t)
print(statistics.mean(ts), statistics.stdev(ts) if len(ts) > 1 else 0)
EOF
)"
fi
read -r cli_mean cli_sd <<< "$mean"
python3 - "$cli_mean" "$cli_sd" "$corpus_bytes" > "$OUT/cli.md" <<'EOF'
import sys
mean, sd, size = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print("| CLI, 1,000 drafts + 20 sources | copydesk |")
print("|---|---:|")
print(f"| wall time (mean ± sd) | {mean*1000:.0f} ± {sd*1000:.0f} ms |")
print(f"| files/s | {1000/mean:.0f} |")
print(f"| MB/s | {size/1e6/mean:.1f} |")
EOF

# 6. The table.
{
  echo "# copydesk vs harper-ls — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"
  echo "Versions: $copydesk_version; $harper_version"
  echo
  cat "$OUT/lsp.md"
  echo
  cat "$OUT/cli.md"
} | tee "$OUT/table.md"
echo >&2
echo "(raw figures: $OUT/lsp.json, $OUT/cli.json; server logs: $OUT/logs/)" >&2
