#!/usr/bin/env bash
# The demo county's natural-resource asset damage (自然资源资产损害, issue 22): the 2025 change
# survey (county-2025.gpkg) against the 2024 one finds two basic-farmland fields built on, a
# red-line forest patch cleared for a stone yard and two fields turned to a pond and an orchard;
# each is opened as a case with the units it touches and their holders. The stone yard is taken
# through screening, investigation, valuation (its restoration cost and the GEP its cells
# yielded, lost until the forest grows back) and assessment to an agreement to restore; a
# built-on field is settled by payment and closed; the mine's supervision agreement JG-2021-001,
# breached in the 2023 survey, opens a lead of its own.
# Usage: scripts/demo-damage.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
W="$D/damage"
mkdir -p "$W/docs"
"$B" damage discover --data "$D/county.gpkg" --before "$D/county.gpkg" --year-before 2024 \
    --after "$D/county-2025.gpkg" --year-after 2025 --store "$S" --actor demo-inspector \
    --date 2025-03-01 --recorded 2025-03-01T02:00:00Z --out "$W/discovery-2025" --force > /dev/null
G="$W/discovery-2025/candidates.geojson"
RED=DC-2025-$(jq -r '[.features[] | select(.properties.zones | index("eco_redline"))][0].properties.patch' "$G")
FARM=DC-2025-$(jq -r '[.features[] | select(.properties.kind == "construction_on_protected" and (.properties.zones | index("basic_farmland")))][0].properties.patch' "$G")
# the documents a clerk files: here short texts, stored by their SHA-256
doc() { printf '%s\n%s\n' "$1" "$2" > "$W/docs/$1-$2.txt"; echo "$1=$W/docs/$1-$2.txt"; }
adv() { # case action date role actor kinds...
    local id=$1 act=$2 date=$3 role=$4 actor=$5; shift 5
    local args=()
    for k in "$@"; do args+=(--doc "$(doc "$k" "$id")"); done
    "$B" damage advance "$id" "$act" --date "$date" "${args[@]}" --store "$S" --actor "$actor" \
        --role "$role" --recorded "${date}T03:00:00Z" > /dev/null
}
adv "$RED" open 2025-03-10 reviewer demo-chief screening_decision
adv "$RED" investigated 2025-04-15 registrar demo-registrar investigation_report
A=$(jq -r '[.features[] | select(.properties.zones | index("eco_redline"))][0].properties.area_m2' "$G")
cat > "$W/$RED-restoration.json" <<JSON
{"method": "restoration_cost", "damage_year": 2025, "claim_year": 2025,
 "items": [{"item": "拆除堆场硬化地面", "quantity": $(printf '%.0f' "$A"), "unit": "m2", "unit_cost_yuan": 48},
           {"item": "客土回填与整地", "quantity": $(printf '%.0f' "$(echo "$A * 0.3" | bc -l)"), "unit": "m3", "unit_cost_yuan": 65},
           {"item": "乔木林补植（3年管护）", "quantity": $(printf '%.2f' "$(echo "$A / 10000" | bc -l)"), "unit": "ha", "unit_cost_yuan": 120000}],
 "assessment_cost_yuan": 60000, "prevention_cost_yuan": 15000}
JSON
cat > "$W/$RED-interim.json" <<'JSON'
{"method": "interim_gep", "damage_year": 2025, "claim_year": 2025, "rate": 0.03,
 "points": [[2025, 0], [2045, 1]], "to": 2044}
JSON
"$B" damage value "$RED" "$W/$RED-restoration.json" --date 2025-05-20 --store "$S" --actor demo-appraiser \
    --role accountant --recorded 2025-05-20T03:00:00Z > /dev/null
"$B" damage value "$RED" "$W/$RED-interim.json" --date 2025-05-20 --gep "$D/gep-2023" --store "$S" \
    --actor demo-appraiser --role accountant --recorded 2025-05-20T04:00:00Z > /dev/null
adv "$RED" assessed 2025-05-28 accountant demo-appraiser assessment_report
adv "$RED" agree_restore 2025-07-10 reviewer demo-chief negotiation_minutes compensation_agreement restoration_plan
# the built-on field: assessed, paid, closed
adv "$FARM" open 2025-03-10 reviewer demo-chief screening_decision
adv "$FARM" investigated 2025-04-01 registrar demo-registrar investigation_report
FA=$(jq -r --arg p "${FARM#DC-2025-}" '.features[] | select(.properties.patch == $p) | .properties.area_m2' "$G")
cat > "$W/$FARM-restoration.json" <<JSON
{"method": "restoration_cost", "damage_year": 2025, "claim_year": 2025,
 "items": [{"item": "拆除违法建筑", "quantity": $(printf '%.0f' "$FA"), "unit": "m2", "unit_cost_yuan": 55},
           {"item": "耕作层恢复", "quantity": $(printf '%.0f' "$(echo "$FA * 0.3" | bc -l)"), "unit": "m3", "unit_cost_yuan": 70}],
 "assessment_cost_yuan": 20000, "prevention_cost_yuan": 0}
JSON
"$B" damage value "$FARM" "$W/$FARM-restoration.json" --date 2025-04-20 --store "$S" --actor demo-appraiser \
    --role accountant --recorded 2025-04-20T03:00:00Z > /dev/null
adv "$FARM" assessed 2025-04-25 accountant demo-appraiser assessment_report
adv "$FARM" agree_pay 2025-05-15 reviewer demo-chief negotiation_minutes compensation_agreement
adv "$FARM" paid 2025-06-30 reviewer demo-chief payment_receipt closing_report
"$B" damage report "$RED" --out "$W/$RED" --force --store "$S" > /dev/null
"$B" damage report "$FARM" --out "$W/$FARM" --force --store "$S" > /dev/null
# the mine's supervision agreement breached in the 2023 survey: a claim's lead
MINE=$("$B" contract show JG-2021-001 --store "$S" --json | jq -r '.conditions[] | select(.id == "C1") | .unit')
cat > "$W/JG-2021-001-C1.json" <<JSON
{"case": "DB-2024-JG-2021-001", "date": "2024-01-15", "source": "contract_breach", "kind": "restoration_duty_breach",
 "contract": "JG-2021-001", "condition": "C1", "area_m2": 0, "zones": [],
 "units": [{"unit": "$MINE", "holders": [{"party": "E03"}]}],
 "evidence": "2023 年度变更调查：乔木林地占比未达 70%（期限 2023-12-31）"}
JSON
"$B" damage open "$W/JG-2021-001-C1.json" --store "$S" --actor demo-registrar --role registrar \
    --recorded 2024-01-15T02:00:00Z > /dev/null
duty=$("$B" damage show "$RED" --store "$S" --json | jq -r '.lead.units[0].unit')
"$B" damage list --store "$S" --json | jq -r --arg d "$("$B" registry show "$duty" --store "$S" --json | jq -r '[.responsibilities[] | select(.type == "restoration") | "\(.id) until \(.term_end)"] | join(", ")')" \
    '"demo damage: \(.cases | length) cases — " + ([.cases | group_by(.state)[] | "\(length) \(.[0].state)"] | join(", ")) + "; restoration duty on the register: \($d)"'
