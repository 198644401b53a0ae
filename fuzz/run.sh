#!/usr/bin/env bash
# Run the cargo-fuzz targets for a bounded time each and report executions.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     (default: 60 s each, all targets)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); uses RUSTC_BOOTSTRAP=1 so the stable
# toolchain can build with -Zsanitizer. COPYDESK_FUZZ_SANITIZER picks the sanitizer
# (default none: the code is safe Rust, and without ASan the runs do several times more
# executions; use `address` for a long run by hand). The corpus grows in target/fuzz/corpus,
# crashes land in fuzz/artifacts/<target>/ and make this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
if [ $# -gt 0 ]; then targets=("$@"); else targets=(check lsp frames config kb); fi
san=${COPYDESK_FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1
work=target/fuzz
mkdir -p "$work/corpus" "$work/logs"
python3 fuzz/make_seeds.py "$work/seeds"
cargo fuzz build -O -s "$san" 2>&1 | tail -n 3
status=0
printf '%-8s %8s %12s %10s %8s  %s\n' target seconds executions exec/s corpus result
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t"
    log="$work/logs/$t.log"
    # -timeout: an input that runs 30 s is a hang; -rss_limit_mb: a leak.
    if cargo fuzz run -O -s "$san" "$t" "$work/corpus/$t" "$work/seeds/$t" -- \
        -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
        >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (log: $log)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    corpus=$(find "$work/corpus/$t" -type f | wc -l)
    printf '%-8s %8s %12s %10s %8s  %s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
    if [ "$result" != ok ]; then
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -n 20 || true
    fi
done
exit $status
