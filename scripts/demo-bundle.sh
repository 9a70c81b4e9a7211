#!/usr/bin/env bash
# The demo county's eco-tourism bundle (组合标的, issue 21), June to August 2024. The county's
# ecological-asset company LSCO gathered (流转) two forest parcels by the reservoir in March and
# holds the reservoir's water surface and a shore plot for a visitor point. The appraiser values
# the four on 2024-06-30 (forest land by annuity, the water and the plot by income
# capitalisation, the plot against the land minimum price) and the chief approves; the
# accountant records the bundle, valued both ways — the concession's income capitalised with
# the landing and the boats stripped, reconciled to it — and the chief approves; the trading
# centre lists it (挂牌) from its floor price up; E01 and E03 bid and E01 wins: the four rights
# pass to E01 by transfer registrations in the deal's transaction. Every step is a ledger event.
# The requests are the generator's (DIR/bundle/).
# Usage: scripts/demo-bundle.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
i=0
while read -r v; do
    i=$((i + 1))
    echo "$v" > "$D/bundle/valuation-$i.json"
    "$B" value run "$D/bundle/valuation-$i.json" --store "$S" --actor demo-appraiser \
        --recorded "2024-07-0${i}T02:00:00Z" > /dev/null
    "$B" value approve "$(jq -r .valuation <<<"$v")" --date 2024-07-08 --store "$S" \
        --actor demo-chief --recorded "2024-07-08T0${i}:00:00Z" > /dev/null
done < <(jq -c '.[]' "$D/bundle/valuations.json")
"$B" bundle record "$D/bundle/eco-tourism.json" --store "$S" --actor demo-accountant \
    --recorded 2024-07-09T02:00:00Z > /dev/null
"$B" bundle approve ECO-2024-01 --date 2024-07-10 --store "$S" --actor demo-chief \
    --recorded 2024-07-10T02:00:00Z > /dev/null
# the start: the floor price rounded up to ¥10,000 (a tick of the RIGHT rules)
FP=$("$B" bundle show ECO-2024-01 --store "$S" --json | jq '.floor_price * 100 | round')
START=$(((FP + 999999) / 1000000 * 1000000))
VAL=$("$B" bundle show ECO-2024-01 --store "$S" --json | jq '.value * 100 | round')
M() { "$B" market "$@" --store "$S" --actor demo-centre >/dev/null; }
M listing --listing L-2024-B01 --bundle ECO-2024-01 --seller LSCO --start-price "$START" \
    --increment 5000000 --reserve $((VAL / 1000000 * 1000000)) --open 2024-08-05T09:00:00 \
    --close 2024-08-16T17:00:00 --date 2024-07-12 --recorded 2024-07-12T01:00:00Z
M deposit --date 2024-08-01 --party E01 --amount 1500000000 --bank-ref ZJNX-240801-001 --recorded 2024-08-01T01:10:00Z
M deposit --date 2024-08-01 --party E03 --amount 1500000000 --bank-ref ZJNX-240801-003 --recorded 2024-08-01T01:11:00Z
M register --listing L-2024-B01 --party E01 --date 2024-08-05 --time 09:30:00 --recorded 2024-08-05T01:30:00Z
M register --listing L-2024-B01 --party E03 --date 2024-08-05 --time 10:00:00 --recorded 2024-08-05T02:00:00Z
M bid --listing L-2024-B01 --party E03 --price "$START" --date 2024-08-06 --time 10:00:00 --recorded 2024-08-06T02:00:00Z
M bid --listing L-2024-B01 --party E01 --price $(((VAL / 1000000 + 2) * 1000000)) --date 2024-08-12 \
    --time 14:00:00 --recorded 2024-08-12T06:00:00Z
M close --listing L-2024-B01 --date 2024-08-16 --time 17:00:00 --recorded 2024-08-16T09:00:00Z
"$B" bundle show ECO-2024-01 --store "$S" --json | jq -r --argjson p "$("$B" market listings L-2024-B01 --store "$S" --json | jq '.result.price')" \
    '"demo bundle: \(.bundle) (\(.components | length) rights) valued ¥\(.value) (Σ parts ¥\(.sum_components), ΔV ¥\(.synergy), floor price ¥\(.floor_price)); L-2024-B01 sold to E01 at ¥\($p / 100)"'
