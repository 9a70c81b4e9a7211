#!/usr/bin/env bash
# The demo county's allocation plan (配置方案, issue 21): the bureau's 2024 plan of two reserve
# areas (储备片区) — the reservoir's, whose water surface, shore plot and two forest parcels are
# let for eco-tourism (the bundle E01 won), and a forest parcel in the ecological red line
# allocated (划拨) for restoration by mid-2025 — each unit's boundary checked against the control
# lines for its use, recorded by a planner and approved by the bureau's chief; then tracked
# against the contracts: the reservoir's units on time (HT-2024-001), the restoration unit
# waiting for its allocation. Runs after scripts/demo-contract.sh.
# Usage: scripts/demo-plan.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
mkdir -p "$D/plan"
unit() { jq -r --arg v "$1" '.[] | select(.valuation == $v) | .subject.unit' "$D/bundle/valuations.json"; }
W=$(unit ECO-V-W) C=$(unit ECO-V-C) F1=$(unit ECO-V-F1) F2=$(unit ECO-V-F2)
# the first forest parcel contracted in the red line (the registry's rights file)
RED=$(awk -F, '$3 == "eco_redline" { print $1; exit }' "$D/registry/rights.csv")
cat > "$D/plan/PZ-2024-01.json" <<JSON
{"plan": "PZ-2024-01", "version": 1, "name": "两山县 2024 年度自然资源资产配置方案", "date": "2024-03-01",
 "reserves": [{"id": "CB-01", "name": "两山水库片区", "units": ["$W", "$C", "$F1", "$F2"]},
              {"id": "CB-02", "name": "红线内生态修复片区", "units": ["$RED"]}],
 "units": [{"id": "PU-01", "unit": "$W", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "lease", "timing": "2024-09-30"},
           {"id": "PU-02", "unit": "$C", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "transfer", "intensity": {"max_built_m2": 900, "max_height_m": 12}, "timing": "2024-09-30"},
           {"id": "PU-03", "unit": "$F1", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "lease", "timing": "2024-12-31"},
           {"id": "PU-04", "unit": "$F2", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "lease", "timing": "2024-12-31"},
           {"id": "PU-05", "unit": "$RED", "reserve": "CB-02", "class": "public_interest", "use": "ecological_restoration", "mode": "allocation", "timing": "2025-06-30"}]}
JSON
"$B" plan record "$D/plan/PZ-2024-01.json" --store "$S" --county "$D/county.gpkg" --actor demo-planner \
    --recorded 2024-03-01T02:00:00Z > /dev/null
"$B" plan approve PZ-2024-01 --version 1 --date 2024-03-15 --store "$S" --actor demo-chief \
    --recorded 2024-03-15T02:00:00Z > /dev/null
"$B" plan track PZ-2024-01 --as-of 2025-12-31 --store "$S" --json |
    jq -r '"demo plan: \(.plan) v\(.version), \(.units | length) allocation units; on 2025-12-31 " + ([.counts | to_entries[] | "\(.value) \(.key)"] | join(", "))'
