#!/usr/bin/env bash
# The province demo's compensation (issue 22): the region 两山市 (339900) of N counties, written by
# `liangshan demo --province N`. Its counties' factors measured from their own layers and
# joined with the province's tables; the key-function-area transfer payment (cn-key-2022, the
# 2022 measures' structure with our coefficients, so --allow-unverified) shared among the
# counties for 2024 with rewards and deductions by the change of EI 2022→2023, recorded by the
# provincial finance department and published by its chief; the two counties on the border
# river bound by a P-index agreement on the Xin'an model (its third round's k0 0.90) with
# baselines C0 from the section's 2022 means, settled for 2023 and 2024 from the joint series.
# Usage: scripts/demo-province.sh LIANGSHAN PROVINCE_DIR [STORE]
# Without STORE the records go to a new PROVINCE_DIR/store.gpkg; `make demo` passes the demo
# county's store, so that one server shows the region's allocation beside the county's.
set -euo pipefail
B=$1 D=$2
S=${3:-"$D/store.gpkg"}
C="$D/compensation"
mkdir -p "$C"
if [ $# -lt 3 ]; then
    rm -f "$S"
    "$B" registry init --store "$S" > /dev/null
fi
"$B" compensate factors --province "$D" --year 2023 --out "$C/factors-2023.csv" --force > /dev/null
echo '{"allocation": "LSP-KEY-2024", "year": 2024, "region": "两山市", "scheme": "cn-key-2022", "pool_wan": 20000, "factors": "factors-2023.csv"}' > "$C/LSP-KEY-2024.json"
"$B" compensate allocate "$C/LSP-KEY-2024.json" --allow-unverified --store "$S" --actor prov-finance \
    --recorded 2024-04-01T02:00:00Z --out "$C/LSP-KEY-2024" --force > /dev/null
"$B" compensate publish LSP-KEY-2024 --date 2024-04-15 --store "$S" --actor prov-chief \
    --recorded 2024-04-15T02:00:00Z > /dev/null
# the section, its two counties and the baselines: each indicator's 2022 mean, samples not
# excluded
IFS=, read -r SEC SECNAME RIVER UP UPNAME DOWN DOWNNAME _ _ < <(sed -n 2p "$D/tables/sections.csv")
base() { awk -F, -v s="$SEC" -v k="$1" '$1 == s && $3 == k && substr($2, 1, 4) == "2022" && $6 == "" { t += $4; n++ } END { printf "%.4f", t / n }' "$D/tables/water_quality.csv"; }
cat > "$C/$SEC-P.json" <<JSON
{"agreement": "LSP-$SEC", "kind": "p_index", "name": "${RIVER}流域上下游横向生态补偿（${UPNAME}—${DOWNNAME}）",
 "upstream": {"region": "$UP", "name": "$UPNAME"}, "downstream": {"region": "$DOWN", "name": "$DOWNNAME"},
 "section": "$SEC", "section_name": "$SECNAME", "valid_from": "2023-01-01", "valid_to": "2025-12-31",
 "rule": "xinan-2011", "round": 3, "min_samples_per_month": 2, "amount_yuan": 10000000, "central_yuan": 0,
 "indicators": [{"id": "codmn", "unit": "mg/L", "baseline": $(base codmn)}, {"id": "nh3n", "unit": "mg/L", "baseline": $(base nh3n)},
                {"id": "tn", "unit": "mg/L", "baseline": $(base tn)}, {"id": "tp", "unit": "mg/L", "baseline": $(base tp)}]}
JSON
"$B" compensate agreement add "$C/$SEC-P.json" --allow-unverified --store "$S" --actor prov-finance \
    --recorded 2023-01-10T02:00:00Z > /dev/null
for y in 2023 2024; do
    "$B" compensate settle "LSP-$SEC" --year $y --series "$D/tables/water_quality.csv" --store "$S" \
        --actor prov-finance --recorded $((y + 1))-02-01T02:00:00Z > /dev/null
done
"$B" compensate show LSP-KEY-2024 --store "$S" --json | jq -r '"demo province: LSP-KEY-2024 \(.total_wan) 万元 to \(.regions | length) counties (largest \([.regions[] | .amount_wan] | max), smallest \([.regions[] | .amount_wan] | min)), published by \(.published.by)"'
"$B" compensate agreement show "LSP-$SEC" --store "$S" --json | jq -r '.settlements[] | "demo province: LSP-'"$SEC"' \(.year) P = \(.derivation.P | . * 1000 | round / 1000): \(.payer.name) pays \(.payee.name) ¥\(.amount_yuan)"'
