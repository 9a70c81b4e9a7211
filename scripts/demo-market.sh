#!/usr/bin/env bash
# The demo county's trading venue (issue 20): the sink credits `make demo` has just issued
# traded on a continuous book over three days of July 2024 — the trading centre opens CCS-33
# and records the buyers' deposits; the village collective that owns the aggregated forest sink
# offers, three enterprises bid; trades cross at the resting price, a bid is cancelled, day
# orders expire, one order is immediate-or-cancel. Every step is a ledger event.
# Usage: scripts/demo-market.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
M() { "$B" market "$@" --store "$S" --actor demo-centre >/dev/null; }
# the seller: the owner of the largest sink issued
SELLER="" best=0
for p in $("$B" indicator projects --store "$S" --state issued --json | jq -r '.[] | select(.class == "carbon_sink") | .project'); do
    u=$("$B" indicator show "$p" --store "$S" --json | jq '[.batches[] | select(.account == "CCS") | .units] | add // 0')
    if [ "$u" -gt "$best" ]; then best=$u; SELLER=$("$B" indicator show "$p" --store "$S" --json | jq -r .owner); fi
done
[ -n "$SELLER" ] && [ "$SELLER" != null ] && [ "$best" -ge 400000 ] || { echo "demo market: no sink credits issued" >&2; exit 1; }
o() { # date time party side price(fen per t) tonnes [flags]
    local d=$1 t=$2 p=$3 s=$4 pr=$5 q=$6; shift 6
    M order --date "$d" --time "$t" --instrument CCS-33 --party "$p" --side "$s" --price "$pr" \
        --units $((q * 1000)) --recorded "${d}T${t:0:5}:00Z" "$@"
}
M instrument --date 2024-07-01 --instrument CCS-33 --account CCS --province 33 --mode continuous \
    --reference 8000 --recorded 2024-07-01T01:00:00Z
for p in E01:5000000:ZJNX-240701-001 E02:5000000:ZJNX-240701-002 E03:3000000:ZJNX-240701-003; do
    IFS=: read -r party fen ref <<<"$p"
    M deposit --date 2024-07-01 --party "$party" --amount "$fen" --bank-ref "$ref" --recorded 2024-07-01T01:10:00Z
done
# day 1
o 2024-07-01 09:35:00 "$SELLER" sell 8200 200
o 2024-07-01 09:36:00 "$SELLER" sell 8400 100 --expires 2024-07-31
o 2024-07-01 10:02:00 E01 buy 8200 50
o 2024-07-01 10:15:00 E02 buy 8100 30
o 2024-07-01 10:40:00 "$SELLER" sell 8100 40
o 2024-07-01 13:20:00 E03 buy 8050 20 --expires 2024-07-15
o 2024-07-01 13:45:00 E02 buy 8000 10
CXL=$("$B" market account E02 --store "$S" --json | jq '[.orders[] | select(.state == "resting")][0].order')
M cancel --date 2024-07-01 --time 14:00:00 --instrument CCS-33 --party E02 --order "$CXL" --recorded 2024-07-01T06:00:00Z
# day 2: the first order sweeps the day orders of day 1
o 2024-07-02 09:40:00 "$SELLER" sell 8250 80 --expires 2024-07-31
o 2024-07-02 10:30:00 E01 buy 8300 30
# day 3: an immediate-or-cancel bid, then the end-of-day sweep
o 2024-07-03 10:05:00 E02 buy 8400 25 --ioc
M expire --date 2024-07-04 --instrument CCS-33 --recorded 2024-07-03T08:00:00Z
n=$("$B" market trades CCS-33 --store "$S" --json | jq length)
last=$("$B" market book CCS-33 --store "$S" --json | jq '.last_price / 100')
echo "demo market CCS-33: $n trades over 3 days, last ¥$last a tonne; $SELLER sold to E01, E02"
