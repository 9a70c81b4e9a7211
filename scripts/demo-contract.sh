#!/usr/bin/env bash
# The demo county's two contracts (issue 21). The provincial bureau (ZJ-NR) binds the fluorite
# miner E03 by a supervision agreement (监管协议) of January 2021 to bring tree cover (0301) on
# its mine back to 70 % by the end of 2023 and to keep built land under 5 %; the 2022 survey
# shows progress, the 2023 survey a breach — the mine is still at the share it had. The asset
# company LSCO and E01 sign the paid-use contract (有偿使用合同) of the eco-tourism bundle E01 won
# (L-2024-B01) in August 2024, at the deal's price, with three conditions: the shore plot's
# built land under its area, the forest parcels' cover at 90 % by 2026, and the reservoir's GEP
# at its 2023 level — which the 2023 account, the latest, is held against. Every step is a
# ledger event. Runs after scripts/demo-bundle.sh.
# Usage: scripts/demo-contract.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
C="$B contract --store $S"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# the mine: the unit that carries the mining right CK-2020-0001
MINE=331099ZR0009
"$B" registry show "$MINE" --store "$S" --json | jq -e '[.. | objects | select(.id? == "CK-2020-0001")] | length > 0' > /dev/null ||
    { echo "demo contracts: CK-2020-0001 is not on $MINE" >&2; exit 1; }
cat > "$T/jg.json" <<JSON
{"contract": "JG-2021-001", "kind": "supervision", "date": "2021-01-15", "grantor": "ZJ-NR", "grantee": "E03",
 "subject": {"rights": ["CK-2020-0001"]}, "term_start": "2021-01-15", "term_end": "2030-06-30",
 "use": "萤石地下开采; 地表生态修复与复垦",
 "conditions": [
  {"id": "C1", "kind": "land_class_min", "unit": "$MINE", "classes": ["0301"], "min_share": 0.7, "deadline": "2023-12-31"},
  {"id": "C2", "kind": "land_class_max", "unit": "$MINE", "classes": ["05", "06", "07", "08", "09", "10"], "max_share": 0.05}],
 "remedies": "逾期未完成修复的, 由监管部门代为修复, 费用由矿业权人承担; 造成生态环境损害的依法索赔",
 "renewal": "采矿权延续时一并续签"}
JSON
$C sign "$T/jg.json" --actor demo-registrar --recorded 2021-01-15T02:00:00Z > /dev/null
# the reservoir's GEP in the 2023 account, attributed to the registry's units: the level the
# contract keeps, rounded down to ¥100,000
read -r WATER PLOT F1 <<<"$(jq -r '[.components[2].unit // "", .components[3].unit // "", .components[0].unit // ""] | @tsv' \
    <("$B" bundle show ECO-2024-01 --store "$S" --json))"
"$B" gep attribute "$D/gep-2023" --store "$S" --out "$T/units.csv" > /dev/null
LEVEL=$(awk -F, -v u="$WATER" '$1 == u { printf "%d", int($NF / 100000) * 100000 }' "$T/units.csv")
PLOT_M2=$(jq -r --arg u "$PLOT" '.[] | select(.subject.unit == $u) | .quantity' "$D/bundle/valuations.json")
PRICE=$("$B" market listings L-2024-B01 --store "$S" --json | jq '.result.price / 100')
cat > "$T/ht.json" <<JSON
{"contract": "HT-2024-001", "kind": "paid_use", "date": "2024-08-20", "grantor": "LSCO", "grantee": "E01",
 "subject": {"listing": "L-2024-B01"}, "term_start": "2024-09-01", "term_end": "2053-12-31",
 "price": {"total": $PRICE, "schedule": [{"due": "2024-09-20", "amount": $(jq -n "$PRICE * 0.3 | . * 100 | round / 100")},
                                          {"due": "2025-08-20", "amount": $(jq -n "$PRICE - ($PRICE * 0.3 | . * 100 | round / 100)")}]},
 "valuation": "ECO-2024-01", "bond": $(jq -n "$PRICE * 0.1 | round"), "use": "生态旅游 (水面观光、林下游憩、游客服务点)",
 "conditions": [
  {"id": "C1", "kind": "land_class_max", "unit": "$PLOT", "classes": ["05", "06", "07", "08"], "max_m2": $PLOT_M2},
  {"id": "C2", "kind": "land_class_min", "unit": "$F1", "classes": ["03"], "min_share": 0.9, "deadline": "2026-12-31"},
  {"id": "C3", "kind": "gep_min", "unit": "$WATER", "item": "total", "min_yuan": $LEVEL}],
 "remedies": "擅自改变用途或生态指标不达标的, 限期整改; 逾期未整改的解除合同并依法追偿",
 "renewal": "期满前一年申请续期, 经评估后续签", "termination": "连续两年生态指标不达标的, 出让人可解除合同"}
JSON
$C sign "$T/ht.json" --actor demo-registrar --recorded 2024-08-20T02:00:00Z > /dev/null
$C check --date 2022-12-31 --survey "$D/county-2022.gpkg" --year 2022 --actor demo-inspector --recorded 2023-03-31T02:00:00Z > /dev/null
$C check --date 2023-12-31 --survey "$D/county.gpkg" --year 2023 --actor demo-inspector --recorded 2024-03-31T02:00:00Z > /dev/null
$C check --date 2024-12-31 --gep "$D/gep-2023" --actor demo-inspector --recorded 2025-03-31T02:00:00Z > /dev/null
$C list --json | jq -r '"demo contracts: " + ([.contracts[] | "\(.contract) (\(.kind), \(.grantor) → \(.grantee)): \(.conditions) conditions, \(.in_breach) in breach"] | join("; "))'
