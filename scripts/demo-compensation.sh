#!/usr/bin/env bash
# The demo county's ecological compensation (生态补偿, issue 22): its townships' factors measured
# from the layers — red-line area and share, core zones, basic farmland, forest and wetland by
# ellipsoidal area, GEP from the account (2022's: the previous year the 2023 run carries) — for
# the survey years 2022 and 2023; the county's
# compensation fund shared among them by its own scheme (liangshan-township-2023) for 2023 and
# 2024, recorded by the finance bureau and published by its chief, and the change between the
# two years explained; a
# downstream city's purchase of 0.2 % of the county's GEP (a Yunhe-style agreement, 70 % paid up
# front) recorded and settled for 2023 from the GEP account.
# Usage: scripts/demo-compensation.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
C="$D/compensation"
mkdir -p "$C"
"$B" compensate factors --data "$D/county.gpkg" --survey "$D/county-2022.gpkg" --gep "$D/gep-2023/previous" \
    --out "$C/factors-2022.csv" --force > /dev/null
"$B" compensate factors --data "$D/county.gpkg" --gep "$D/gep-2023" --out "$C/factors-2023.csv" \
    --force > /dev/null
echo '{"allocation": "LS-ECO-2023", "year": 2023, "region": "两山县", "scheme": "liangshan-township-2023", "pool_wan": 2800, "factors": "factors-2022.csv"}' > "$C/LS-ECO-2023.json"
echo '{"allocation": "LS-ECO-2024", "year": 2024, "region": "两山县", "scheme": "liangshan-township-2023", "pool_wan": 3000, "factors": "factors-2023.csv"}' > "$C/LS-ECO-2024.json"
"$B" compensate allocate "$C/LS-ECO-2023.json" --store "$S" --actor demo-finance \
    --recorded 2023-03-01T02:00:00Z --out "$C/LS-ECO-2023" --force > /dev/null
"$B" compensate allocate "$C/LS-ECO-2024.json" --store "$S" --actor demo-finance \
    --recorded 2024-03-01T02:00:00Z --out "$C/LS-ECO-2024" --force > /dev/null
# published by the bureau's chief, who did not compute them: the public reads them from then on
"$B" compensate publish LS-ECO-2023 --date 2023-03-10 --store "$S" --actor demo-chief \
    --recorded 2023-03-10T02:00:00Z > /dev/null
"$B" compensate publish LS-ECO-2024 --date 2024-03-10 --store "$S" --actor demo-chief \
    --recorded 2024-03-10T02:00:00Z > /dev/null
"$B" compensate diff LS-ECO-2023 LS-ECO-2024 --store "$S" --json > "$C/diff-2024.json"
cat > "$C/GEP-2023.json" <<'JSON'
{"agreement": "LS-GEP-2023", "kind": "gep_share", "name": "下游市购买两山县调节服务类生态产品（GEP 0.2%）",
 "upstream": {"region": "331099", "name": "两山县"}, "downstream": {"region": "331000", "name": "下游市"},
 "valid_from": "2023-01-01", "valid_to": "2025-12-31", "share": 0.002, "upfront": 0.7, "amount_yuan": 0}
JSON
"$B" compensate agreement add "$C/GEP-2023.json" --store "$S" --actor demo-finance \
    --recorded 2023-01-10T02:00:00Z > /dev/null
"$B" compensate settle LS-GEP-2023 --year 2023 --gep "$D/gep-2023" --store "$S" --actor demo-finance \
    --recorded 2024-04-01T02:00:00Z > /dev/null
"$B" compensate show LS-ECO-2024 --store "$S" --json | jq -r '"demo compensation: LS-ECO-2024 \(.total_wan) 万元 to \(.regions | length) townships (largest \([.regions[] | .amount_wan] | max), smallest \([.regions[] | .amount_wan] | min)), published by \(.published.by)"'
"$B" compensate agreement show LS-GEP-2023 --store "$S" --json | jq -r '"demo compensation: LS-GEP-2023 settled for 2023, \(.settlements[0].payer.name) pays \(.settlements[0].payee.name) ¥\(.settlements[0].amount_yuan)"'
