#!/usr/bin/env bash
# `liangshan plan` as a county bureau uses it (TAP output), on the demo county: an allocation
# plan (配置方案) of the reservoir's reserve area — its water surface leased and its shore plot
# transferred for eco-tourism, the forest beside them allocated (划拨) for restoration — each
# unit's boundary checked against the control lines for its use; industry on a contracted
# forest parcel in the ecological red line refused (the parcel's overlap with the red line
# found by OGR here, and the rule table's decision read from its file); the other bad plans
# refused by their rules with nothing written; a second person approves; a revision is the next
# version; the approved plan tracked against the contracts the demo signs; `ledger rebuild`.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/pcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
S="$T/c/store.gpkg"
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
RULES=$(cd "$(dirname "$0")/../../data/zoning" && pwd)
$B demo --out "$T/c" --seed 1 > /dev/null
ok $? "the demo county"
V="$T/c/bundle/valuations.json"
W=$(jq -r '.[] | select(.valuation == "ECO-V-W") | .subject.unit' "$V")
C=$(jq -r '.[] | select(.valuation == "ECO-V-C") | .subject.unit' "$V")
F=$(jq -r '.[] | select(.valuation == "ECO-V-F1") | .subject.unit' "$V")
RED=$(awk -F, '$3 == "eco_redline" { print $1; exit }' "$T/c/registry/rights.csv")
# independent truth: the parcel meets the red line (OGR on the registry's GeoPackage layer and
# the county's), and the rule table forbids industry there
in_red=$(/usr/bin/python3 - "$S" "$T/c/county.gpkg" "$RED" <<'P'
import sys
from osgeo import ogr
s = ogr.Open(sys.argv[1]); c = ogr.Open(sys.argv[2])
u = s.GetLayerByName("reg_unit"); u.SetAttributeFilter(f"unit_code = '{sys.argv[3]}' AND end_seq IS NULL")
unit = u.GetNextFeature()
g = unit.GetGeometryRef().Clone()
red, n = c.GetLayerByName("eco_redline"), 0
for f in red:
    n += f.GetGeometryRef().Intersects(g)
print(n)
P
)
forbid=$(jq -r '[.rules[] | select(.zone == "eco_redline" and .category == "industrial") | .decision] | first' "$RULES/cn-national-2024.json")
[ "${in_red:-0}" -ge 1 ] && [ "$forbid" = prohibited ]; ok $? "parcel $RED meets the red line ($in_red features, OGR) and the rule table prohibits industry there ($forbid)"

cat > "$T/plan.json" <<JSON
{"plan": "PZ-2024-01", "version": 1, "name": "两山县 2024 年度自然资源资产配置方案", "date": "2024-03-01",
 "reserves": [{"id": "CB-01", "name": "两山水库片区", "units": ["$W", "$C", "$F"]},
              {"id": "CB-02", "name": "红线内林地", "units": ["$RED"]}],
 "units": [{"id": "PU-01", "unit": "$W", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "lease", "timing": "2024-09-30"},
           {"id": "PU-02", "unit": "$C", "reserve": "CB-01", "class": "operating", "use": "ecotourism_facility", "mode": "transfer", "intensity": {"max_built_m2": 900}, "timing": "2024-09-30"},
           {"id": "PU-03", "unit": "$F", "reserve": "CB-01", "class": "public_interest", "use": "ecological_restoration", "mode": "allocation", "timing": "2025-06-30"}]}
JSON
P() { $B plan "$@" --store "$S"; }
h0=$($B ledger verify --store "$S" --json | jq -r .head)
bad() { # NAME RULE JQ-FILTER
    jq "$3" "$T/plan.json" > "$T/bad.json"
    P record "$T/bad.json" --county "$T/c/county.gpkg" --actor planner > "$T/out" 2> "$T/err"
    [ $? = 1 ] && grep -q "rule plan.$2" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h0" ]
    ok $? "$1 → rule plan.$2, nothing written: $(head -c 220 "$T/err")"
}
bad "industry in the red line" zoning ".units += [{\"id\": \"PU-04\", \"unit\": \"$RED\", \"reserve\": \"CB-02\", \"class\": \"operating\", \"use\": \"industrial\", \"mode\": \"transfer\", \"timing\": \"2025-01-01\"}]"
bad "an operating unit allocated (划拨)" mode '.units[0].mode = "allocation"'
bad "a version that skips one" version '.version = 2'
bad "an unknown unit in a reserve" unit '.reserves[0].units += ["331099104211GN09999W00000000"]'
bad "a unit outside its reserve" unit '.units[2].reserve = "CB-02"'
bad "one unit in two allocation units" duplicate '.units[1].unit = .units[0].unit'
bad "a use the rule table does not know" use '.units[0].use = "casino"'
bad "a unit in two reserve areas" reserve '.reserves[1].units += [.reserves[0].units[0]]'
bad "no timing" timing 'del(.units[0].timing)'
exits 0 "the plan recorded" P record "$T/plan.json" --county "$T/c/county.gpkg" --actor planner --json
[ "$(jq -c '[.units[] | [.id, .constraints.decision]]' "$T/out")" = '[["PU-01","approval"],["PU-02","approval"],["PU-03","conditions"]]' ] &&
    [ "$(jq '[.units[0].constraints.reasons[].zone] | index("eco_redline") != null or index("outside_urban_boundary") != null' "$T/out")" = true ]
ok $? "each unit's constraints from the control lines: $(jq -c '[.units[] | .constraints.decision]' "$T/out")"
P approve PZ-2024-01 --version 1 --date 2024-03-15 --actor planner 2>&1 | grep -q "rule plan.same_person" &&
    P approve PZ-2024-01 --version 1 --date 2024-02-01 --actor chief 2>&1 | grep -q "rule plan.date" &&
    P approve PZ-2024-01 --version 1 --date 2024-03-15 --actor chief > /dev/null &&
    P approve PZ-2024-01 --version 1 --date 2024-03-16 --actor chief2 2>&1 | grep -q "rule plan.approved"
ok $? "approval by a second person, not before the plan's date, once"
jq '.version = 2 | .date = "2024-06-01" | .units[2].timing = "2025-12-31"' "$T/plan.json" > "$T/v2.json"
P record "$T/v2.json" --county "$T/c/county.gpkg" --actor planner > /dev/null &&
    [ "$(P list --json | jq -c '[.plans[] | [.version, (.approved != null)]]')" = '[[1,true],[2,false]]' ]
ok $? "a revision is version 2, awaiting approval; version 1 stays in force"
P track PZ-2024-01 --as-of 2024-12-31 --json > "$T/t0.json" &&
    [ "$(jq -c '[.version, .counts]' "$T/t0.json")" = '[1,{"overdue":2,"pending":1}]' ]
ok $? "before any contract: the two units due in September 2024 are overdue at the year's end, the third pending"
$B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" > /dev/null &&
    "$SD/demo-sinks.sh" "$B" "$T/c" > /dev/null && "$SD/demo-market.sh" "$B" "$T/c" > /dev/null &&
    "$SD/demo-bundle.sh" "$B" "$T/c" > /dev/null && "$SD/demo-contract.sh" "$B" "$T/c" > /dev/null &&
    P track PZ-2024-01 --as-of 2024-12-31 --json > "$T/t1.json" &&
    [ "$(jq -c '[.units[] | [.id, .status, .contract]]' "$T/t1.json")" = '[["PU-01","on_time","HT-2024-001"],["PU-02","on_time","HT-2024-001"],["PU-03","on_time","HT-2024-001"]]' ]
ok $? "after the demo's bundle contract (HT-2024-001, 2024-08-20): every unit allocated on time"
# the map: each allocation unit's registered boundary in EPSG:4326 with its tracked fields —
# against OGR's own reading and transformation of the registry's layer
P map PZ-2024-01 --as-of 2024-12-31 > "$T/map.geojson" &&
    [ "$(jq -c '[.features[] | [.properties.id, .properties.status, .properties.mode]]' "$T/map.geojson")" = "$(jq -c '[.units[] | [.id, .status, .mode]]' "$T/t1.json")" ] &&
/usr/bin/python3 - "$S" "$T/map.geojson" <<'PY'
import json, sys
from osgeo import ogr, osr
s = ogr.Open(sys.argv[1]); m = ogr.Open(sys.argv[2])
units = s.GetLayerByName("reg_unit")
wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326); wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
src = units.GetSpatialRef().Clone(); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(src, wgs)
n = 0
for f in m.GetLayer(0):
    units.SetAttributeFilter(f"unit_code = '{f.GetField('unit')}' AND end_seq IS NULL")
    u = units.GetNextFeature()
    g = u.GetGeometryRef().Clone(); g.Transform(ct)
    # vertex by vertex: the map prints 7 decimals (about 1 cm)
    want, got = json.loads(g.ExportToJson())["coordinates"], json.loads(f.GetGeometryRef().ExportToJson())["coordinates"]
    flat = lambda c: [c] if isinstance(c[0], float) else [p for x in c for p in flat(x)]
    a, b = flat(want), flat(got)
    assert len(a) == len(b), (f.GetField("id"), len(a), len(b))
    assert max(max(abs(p[0] - q[0]), abs(p[1] - q[1])) for p, q in zip(a, b)) <= 0.51e-7, f.GetField("id")
    n += 1
assert n == 3, n
PY
ok $? "plan map: the three units' boundaries in EPSG:4326 match OGR's transformation of the registry's, vertex by vertex to the 7 decimals printed, with the tracked status and mode"
$B ledger rebuild --store "$S" --check --json > "$T/rb.json" &&
    jq -e '.identical and ([.tables[] | select(.table | startswith("pln_")) | .rows_after] == [2, 6])' "$T/rb.json" > /dev/null
ok $? "ledger rebuild replays pln_plan (2 versions) and pln_unit (6) identically"
echo "1..$n"
