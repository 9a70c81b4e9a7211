#!/usr/bin/env bash
# Compliance-check figures (called by bench/run.sh; runnable alone):
#   bench/zoning.sh build/release DEMO_LARGE_DIR
# Latency of one check (the library call) of a 50-vertex and a 5,000-vertex footprint, p50 and
# p99 over 1,000 checks at random places of the large demo county (fixed seed); the batch
# overlay of every survey patch against the control layers (patches per second, peak memory).
# The PostGIS baseline comes with the PostgreSQL step of the issue.
set -euo pipefail
OUT=$1
DEMO=$2
echo "== compliance check latency, large demo county"
"$OUT/bench/check_bench" "$DEMO/county.gpkg" 50 300 1000
"$OUT/bench/check_bench" "$DEMO/county.gpkg" 5000 1000 1000
echo "== batch overlay, large demo county"
/usr/bin/time -f "%e s wall, %M KB peak" "$OUT/liangshan" overlay --data "$DEMO/county.gpkg" 2>&1
