#!/usr/bin/env bash
# Indicator register figures (called by bench/run.sh; runnable alone):
#   bench/indicator.sh build/release [OPS]
# On the GeoPackage store, with bench/indicator_bench:
#   - the floor: bare ledger events in durable transactions of 1,000 (no projection);
#   - transfers and retirements (4:1) in durable transactions of 1,000, at 20,000 and at OPS
#     operations (default 200,000; the blocks fragment as units change hands);
#   - one operation per durable transaction (2,000);
#   - `indicator verify` of the OPS-operation journal (issue 19: 1 M within 10 s);
# each as a ratio against the floor measured in the same run, with peak memory (GNU time).
set -euo pipefail
OUT=$1
OPS=${2:-200000}
IB="$OUT/bench/indicator_bench"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
echo "== indicators ($OPS operations; store file system $(df -T "$W" | awk 'NR==2 {print $2}'))"
run() { # label cmd...: prints the command's line, wall seconds and peak MiB
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/t.txt" "$@" > "$W/out.txt" 2>&1 || {
        echo "$label: FAILED ($(tail -1 "$W/out.txt"))"; return 0; }
    read -r secs kb < "$W/t.txt"
    printf "%-46s %8.2f s  peak %7.1f MiB  | %s\n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(head -1 "$W/out.txt")"
}
rate() { sed -n 's/.*: \([0-9]*\) ops\/s.*/\1/p' "$W/out.txt"; }
run "floor: bare ledger events, batches of 1,000" "$IB" ledger "$W/floor.gpkg" 100000
floor=$(rate)
run "transfers + retirements, batches of 1,000" "$IB" batched "$W/b20k.gpkg" 20000
b20=$(rate)
run "the same, $OPS operations" "$IB" batched "$W/big.gpkg" "$OPS"
bbig=$(rate)
run "one operation per durable transaction" "$IB" singles "$W/singles.gpkg" 2000
one=$(rate)
run "indicator verify of the $OPS-operation journal" "$IB" verify "$W/big.gpkg"
awk -v f="$floor" -v a="$b20" -v b="$bbig" -v s="$one" 'BEGIN {
    printf "  = batched %d ops/s (goal 20,000; %.2f of the floor), at scale %d ops/s (%.2f), single %d ops/s (goal 2,000; %.3f)\n",
        a, a / f, b, b / f, s, s / f }'
