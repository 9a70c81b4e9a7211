#!/usr/bin/env bash
# Trading-venue figures (issue 20; called by bench/run.sh, runnable alone):
#   bench/market.sh build/release [OPS]
# The matching core in memory on one core (bench/market_bench): exchange-core's published mix
# over a book held near 1,000 orders, with each operation's latency; a uniform-price auction
# of 100,000 sealed bids and a call auction of 100,000 orders; each beside a baseline measured
# in the same run (a qsort of 100,000 keys; one random read-modify-write per operation).
# The venue on GeoPackage (bench/venue_bench): durable orders — checked, escrowed or held,
# matched and settled — in transactions of 1,000 (group commit) and one per transaction, and
# the books read again from the tables, as at a restart.
set -euo pipefail
OUT=$1
OPS=${2:-3000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
echo "== trading venue: matching core ($OPS operations, one core)"
"$OUT/bench/market_bench" "$OPS"
echo "== trading venue: durable orders on GeoPackage (store file system $(df -T "$W" | awk 'NR==2 {print $2}'))"
"$OUT/bench/venue_bench" batched "$W/b.gpkg" 20000
"$OUT/bench/venue_bench" singles "$W/s.gpkg" 2000
"$OUT/bench/venue_bench" rebuild "$W/b.gpkg"
