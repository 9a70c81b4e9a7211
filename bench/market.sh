#!/usr/bin/env bash
# Trading-venue figures (issue 20; called by bench/run.sh, runnable alone):
#   bench/market.sh build/release [OPS]
# The matching core in memory on one core (bench/market_bench): exchange-core's published mix
# over a book held near 1,000 orders, with each operation's latency; a uniform-price auction
# of 100,000 sealed bids and a call auction of 100,000 orders; each beside a baseline measured
# in the same run (a qsort of 100,000 keys; one random read-modify-write per operation).
set -euo pipefail
OUT=$1
OPS=${2:-3000000}
echo "== trading venue: matching core ($OPS operations, one core)"
"$OUT/bench/market_bench" "$OPS"
