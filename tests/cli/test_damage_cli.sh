#!/usr/bin/env bash
# `liangshan damage` as a bureau's enforcement and claims office uses it (TAP output), on the
# demo county: discovery between the 2024 survey and the 2025 change survey, its candidates
# checked against an independent OGR difference of the two years written here (the same
# changed patches, each area within 0.1 % of OGR's planar one); the candidates opened as cases
# with the units they touch and their holders; a case taken from its lead to closed by the
# roles and documents of the scheme, with the wrong role, a missing document, a red-line lead
# declined and a valuation whose claim year precedes the damage refused by their rules with
# nothing written; the interim GEP loss from the account's value map checked against a GDAL sum
# of the cells; the report; the demo's own damage; `ledger rebuild`.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/dcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
C="$T/c"
S="$C/store.gpkg"
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
$B demo --out "$C" --seed 1 > /dev/null
ok $? "the demo county"
[ -f "$C/county-2025.gpkg" ]; ok $? "with its 2025 change survey"
exits 0 "discovery 2024 → 2025" $B damage discover --data "$C/county.gpkg" --before "$C/county.gpkg" \
    --year-before 2024 --after "$C/county-2025.gpkg" --year-after 2025 --out "$T/disc" --json
cp "$T/out" "$T/disc.json"
/usr/bin/python3 - "$C/county.gpkg" "$C/county-2025.gpkg" "$T/disc.json" <<'PY'; ok $? "the candidates are OGR's own difference of the two surveys inside the protected zones, each area within 0.1 %"
import json, sys
from osgeo import gdal, ogr
gdal.PushErrorHandler("CPLQuietErrorHandler")
def construction(c):
    f = int(c[:2])
    return (5 <= f <= 10 and c != "1006") or c in ("0603", "1109", "1201", "1202")
a, b = ogr.Open(sys.argv[1]), ogr.Open(sys.argv[2])
zones = {}
for name in ("eco_redline", "core_zone", "basic_farmland"):
    u = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in a.GetLayerByName(name):
        u = u.Union(f.GetGeometryRef())
    zones[name] = u
before = [(f.GetField("DLBM"), f.GetGeometryRef().Clone()) for f in a.GetLayerByName("landuse_patch")]
want = []
for f in b.GetLayerByName("landuse_patch"):
    cls, g = f.GetField("DLBM"), f.GetGeometryRef().Clone()
    if construction(cls):
        hit = [z for z in zones if g.Intersects(zones[z]) and g.Intersection(zones[z]).GetArea() > 0]
        if not hit:
            continue
        piece = g.Intersection(zones[hit[0]])
        for z in hit[1:]:
            piece = piece.Union(g.Intersection(zones[z]))
        area = sum(piece.Intersection(bg).GetArea() for bc, bg in before if not construction(bc) and bg.Intersects(piece))
        if area >= 1:
            want.append(("construction_on_protected", area))
lay = b.GetLayerByName("landuse_patch")
for bc, bg in before:
    if not bc.startswith("01"):
        continue
    lay.SetSpatialFilter(bg)
    for f in lay:
        ac = f.GetField("DLBM")
        if ac.startswith("01") or construction(ac):
            continue
        x = bg.Intersection(f.GetGeometryRef()).Intersection(zones["basic_farmland"])
        if x.GetArea() >= 1:
            want.append(("cropland_lost", x.GetArea()))
got = [(c["kind"], c["area_m2"]) for c in json.load(open(sys.argv[3]))["candidates"]]
ok = len(got) == len(want) == 5
for k in ("construction_on_protected", "cropland_lost"):
    w = sorted(x for kk, x in want if kk == k); g = sorted(x for kk, x in got if kk == k)
    ok &= len(w) == len(g) and all(abs(p - q) < 1e-3 * q for p, q in zip(g, w))
if not ok:
    print(want, got, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
jq -e '.summary.construction_on_protected == 3 and .summary.cropland_lost == 2' "$T/disc.json" > /dev/null
ok $? "three constructions on protected land (two on basic farmland, one in the red line), two fields lost"
[ "$(jq '.features | length' "$T/disc/candidates.geojson")" = 5 ]; ok $? "candidates.geojson for QGIS"
exits 1 "the years the wrong way round" $B damage discover --data "$C/county.gpkg" --before "$C/county.gpkg" \
    --year-before 2025 --after "$C/county-2025.gpkg" --year-after 2024
exits 0 "the candidates opened as cases" $B damage discover --data "$C/county.gpkg" --before "$C/county.gpkg" \
    --year-before 2024 --after "$C/county-2025.gpkg" --year-after 2025 --store "$S" --actor insp --date 2025-03-01 --json
[ "$(jq '.opened | length' "$T/out")" = 5 ]; ok $? "five cases"
$B damage discover --data "$C/county.gpkg" --before "$C/county.gpkg" --year-before 2024 --after "$C/county-2025.gpkg" \
    --year-after 2025 --store "$S" --actor insp --date 2025-03-02 --json > "$T/out"
[ "$(jq '.opened | length' "$T/out")" = 0 ]; ok $? "found again by a later run: the cases already open, none new"
RED=DC-2025-$(jq -r '[.candidates[] | select(.zones | index("eco_redline"))][0].patch' "$T/disc.json")
$B damage show "$RED" --store "$S" --json > "$T/case.json"
jq -e '(.lead.units | length) >= 1 and (.lead.units[0].holders | length) >= 1 and .state == "lead" and .deadline == "2025-03-31"' "$T/case.json" > /dev/null
ok $? "the red-line case names the registry unit it lies on, its holders, and its screening deadline"

printf 'decision\n' > "$T/decision.txt"; printf 'notice\n' > "$T/notice.txt"; printf 'report\n' > "$T/inv.txt"
h0=$($B ledger verify --store "$S" --json | jq -r .head_hash)
exits 1 "a registrar may not open the case" $B damage advance "$RED" open --date 2025-03-10 \
    --doc screening_decision="$T/decision.txt" --store "$S" --actor ann --role registrar
grep -q "rule damage.role" "$T/err"; ok $? "… by the role rule"
exits 1 "open without the screening decision" $B damage advance "$RED" open --date 2025-03-10 --store "$S" --actor bob --role reviewer
grep -q "线索筛查决定" "$T/err"; ok $? "… naming the document"
exits 1 "a red-line lead declined as trivial" $B damage advance "$RED" decline --date 2025-03-10 \
    --doc screening_decision="$T/decision.txt" --doc procuratorate_notice="$T/notice.txt" --reason 显著轻微 \
    --store "$S" --actor bob --role reviewer
grep -q "rule damage.redline" "$T/err"; ok $? "… refused: a red-line lead is opened"
h1=$($B ledger verify --store "$S" --json | jq -r .head_hash)
[ "$h0" = "$h1" ]; ok $? "nothing written by the refusals"
exits 0 "the reviewer opens the case" $B damage advance "$RED" open --date 2025-03-10 \
    --doc screening_decision="$T/decision.txt" --store "$S" --actor bob --role reviewer --json
[ "$(jq -r .documents[0].sha256 "$T/out")" = "$(sha256sum "$T/decision.txt" | cut -d' ' -f1)" ]
ok $? "the decision stored by its SHA-256"
exits 0 "investigated" $B damage advance "$RED" investigated --date 2025-04-10 --doc investigation_report="$T/inv.txt" \
    --store "$S" --actor ann --role registrar
$B gep run "$C/gep-account.json" --out "$C/gep-2023" > /dev/null
echo '{"method": "interim_gep", "damage_year": 2025, "claim_year": 2024, "points": [[2025, 0], [2045, 1]], "to": 2044}' > "$T/bad-v.json"
exits 1 "a valuation whose claim year precedes the damage" $B damage value "$RED" "$T/bad-v.json" --date 2025-04-20 \
    --gep "$C/gep-2023" --store "$S" --actor cai --role accountant
grep -q "claim_year" "$T/err"; ok $? "… naming the claim year"
echo '{"method": "interim_gep", "damage_year": 2025, "claim_year": 2025, "rate": 0.03, "points": [[2025, 0], [2045, 1]], "to": 2044}' > "$T/v.json"
exits 0 "the interim GEP loss from the account's map" $B damage value "$RED" "$T/v.json" --date 2025-04-20 \
    --gep "$C/gep-2023" --store "$S" --actor cai --role accountant --json
cp "$T/out" "$T/v-out.json"
/usr/bin/python3 - "$C/gep-2023/gep_total_value.tif" "$T/case.json" "$T/v-out.json" <<'PY'; ok $? "the cells' GEP as GDAL sums the cells whose centre lies in the case; the loss as the discounted sum by hand"
import json, sys
from osgeo import gdal, ogr
ds = gdal.Open(sys.argv[1]); gt = ds.GetGeoTransform(); a = ds.GetRasterBand(1).ReadAsArray()
nd = ds.GetRasterBand(1).GetNoDataValue()
case = json.load(open(sys.argv[2])); g = ogr.CreateGeometryFromWkt(case["lead"]["geometry"])
x0, x1, y0, y1 = g.GetEnvelope()
s = 0.0
for j in range(a.shape[0]):
    y = gt[3] + (j + 0.5) * gt[5]
    if y < y0 - 30 or y > y1 + 30:
        continue
    for i in range(a.shape[1]):
        x = gt[0] + (i + 0.5) * gt[1]
        if x < x0 - 30 or x > x1 + 30 or a[j, i] == nd:
            continue
        p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(x, y)
        if g.Contains(p):
            s += float(a[j, i])
r = json.load(open(sys.argv[3]))
loss = sum(s * (1 - (t + 0.5 - 2025) / 20) * 1.03 ** (2025 - t) for t in range(2025, 2045))
ok = s > 0 and abs(r["inputs"]["gep_yuan_per_year"] - s) < 1e-6 * s and abs(r["value_yuan"] - loss) < 0.01
sys.exit(0 if ok else 1)
PY
printf 'assess\n' > "$T/a.txt"; printf 'min\n' > "$T/m.txt"; printf 'agr\n' > "$T/g.txt"; printf 'plan\n' > "$T/p.txt"
exits 0 "assessed" $B damage advance "$RED" assessed --date 2025-05-01 --doc assessment_report="$T/a.txt" \
    --store "$S" --actor cai --role accountant
# the restoration duty goes on the register: a liable party the register does not know is refused
# and nothing is written, neither the case's step nor a duty
h0=$($B ledger verify --store "$S" --json | jq -r .head_hash)
exits 1 "agreed, the liable party unknown to the register" $B damage advance "$RED" agree_restore --date 2025-06-01 \
    --doc negotiation_minutes="$T/m.txt" --doc compensation_agreement="$T/g.txt" --doc restoration_plan="$T/p.txt" \
    --liable NOBODY-9 --store "$S" --actor bob --role reviewer
grep -q "NOBODY-9" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head_hash)" = "$h0" ] &&
    [ "$($B damage show "$RED" --store "$S" --json | jq -r .state)" = negotiating ]
ok $? "… refused naming the party; the case still negotiating, the ledger unchanged"
exits 0 "agreed: the liable party restores" $B damage advance "$RED" agree_restore --date 2025-06-01 \
    --doc negotiation_minutes="$T/m.txt" --doc compensation_agreement="$T/g.txt" --doc restoration_plan="$T/p.txt" \
    --store "$S" --actor bob --role reviewer --json
UNIT=$(jq -r '.lead.units[0].unit' "$T/case.json") HOLDER=$(jq -r '.lead.units[0].holders[0].party' "$T/case.json")
jq -e --arg u "$UNIT" --arg h "$HOLDER" '.duties == [{"unit": $u, "liable": $h, "term_end": "2027-06-01"}]' "$T/out" > /dev/null
ok $? "… the restoration duty registered on $UNIT, held by its right holder $HOLDER until 2027-06-01"
$B registry show "$UNIT" --store "$S" --json > "$T/unit.json"
jq -e --arg h "$HOLDER" '[.responsibilities[] | select(.type == "restoration")] | length == 1 and .[0].holders[0].party == $h and .[0].term_start == "2025-06-01" and .[0].term_end == "2027-06-01" and (.[0].id | endswith("/R1")) and (.[0].source_doc | startswith("修复方案 p.txt"))' "$T/unit.json" > /dev/null
ok $? "… the register shows it among the unit's responsibilities (生态修复责任), from the agreement to the deadline, sourced to the plan"
$B damage show "$RED" --store "$S" --as-of 2027-07-01 --json > "$T/out"
jq -e '.state == "restoring" and .deadline == "2027-06-01" and .overdue and (.history | length) == 6 and (.documents | length) == 6 and ([.next[].action] == ["restored"]) and .next[0].followup' "$T/out" > /dev/null
ok $? "restoring, due in two years, overdue as of mid-2027; its history and six documents; next: restored, after a follow-up"
# the restoration followed up by the next surveys: the 2025 one still shows the yard (progress),
# a 2026 one showing forest again there (here the 2024 survey, as if the forest were replanted)
printf 'done\n' > "$T/done.txt"
exits 1 "restored before any survey shows it" $B damage advance "$RED" restored --date 2025-12-01 \
    --doc restoration_completion="$T/done.txt" --store "$S" --actor ann --role registrar
grep -q "rule damage.followup" "$T/err"; ok $? "… refused by the follow-up rule"
exits 0 "follow-up against the 2025 survey" $B damage followup --survey "$C/county-2025.gpkg" --year 2025 \
    --date 2025-12-31 --store "$S" --actor ann --role registrar --json
jq -e '.followups | length == 1 and .[0].outcome == "progress" and .[0].share < 0.01' "$T/out" > /dev/null
ok $? "… the yard still there: progress, nothing restored"
exits 0 "follow-up against a survey with the forest back" $B damage followup --survey "$C/county.gpkg" --year 2026 \
    --date 2026-12-31 --store "$S" --actor ann --role registrar --json
jq -e '.followups[0] | .outcome == "met" and .share > 0.999 and .evidence.year == 2026 and (.released | length) == 1' "$T/out" > /dev/null
ok $? "… all of it forest again: met, and the duty released"
$B registry show "$UNIT" --store "$S" --json > "$T/unit.json"
$B registry show "$UNIT" --store "$S" --as-of 2026-06-01 --json > "$T/unit-mid.json"
[ "$(jq '[.responsibilities[] | select(.type == "restoration")] | length' "$T/unit.json")" = 0 ] &&
    [ "$(jq '[.responsibilities[] | select(.type == "restoration")] | length' "$T/unit-mid.json")" = 1 ]
ok $? "… the register no longer shows the duty, and shows it as of mid-2026"
exits 0 "the ledger verifies with the registry's projections replayed" $B ledger verify --store "$S" --projections
exits 0 "restored once a survey shows it" $B damage advance "$RED" restored --date 2027-01-10 \
    --doc restoration_completion="$T/done.txt" --store "$S" --actor ann --role registrar
exits 0 "the case report" $B damage report "$RED" --out "$T/rep" --store "$S"
[ -s "$T/rep/report.json" ] && grep -q "期间损害" "$T/rep/report.html"; ok $? "report.json and report.html"
python3 - "$T/rep/report.xlsx" <<'PY'; ok $? "report.xlsx: the case, its history, its valuation's steps and its documents"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
s = z.read("xl/sharedStrings.xml").decode()
sys.exit(0 if len(sheets) == 4 and "interim_loss" in s and "screening_decision" in s and "agree_restore" in s else 1)
PY
exits 0 "list" $B damage list --store "$S" --state lead
[ "$(grep -c '^DC-2025' "$T/out")" = 4 ]; ok $? "four cases still at their lead"
exits 0 "rebuild replays damage" $B ledger rebuild --store "$S" --check

# the demo's own damage, on a fresh county with its contracts
D2="$T/d"
$B demo --out "$D2" --seed 1 > /dev/null && $B gep run "$D2/gep-account.json" --out "$D2/gep-2023" > /dev/null &&
    "$SD/demo-sinks.sh" "$B" "$D2" > /dev/null && "$SD/demo-market.sh" "$B" "$D2" > /dev/null &&
    "$SD/demo-bundle.sh" "$B" "$D2" > /dev/null && "$SD/demo-contract.sh" "$B" "$D2" > /dev/null &&
    "$SD/demo-damage.sh" "$B" "$D2" > /dev/null
ok $? "scripts/demo-damage.sh"
$B damage list --store "$D2/store.gpkg" --json > "$T/out"
jq -e '([.cases[] | select(.state == "closed")] | length) == 1 and ([.cases[] | select(.state == "restoring")] | length) == 1 and ([.cases[] | select(.source == "contract_breach")] | length) == 1' "$T/out" > /dev/null
ok $? "one case closed by payment, one restoring, JG-2021-001's breach a lead"
echo "1..$n"
