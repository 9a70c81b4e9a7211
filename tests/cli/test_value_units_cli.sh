#!/usr/bin/env bash
# `liangshan value units` on the demo county (TAP output): every unit in force valued by its
# default method from the county's parameters and base maps — checked unit by unit against a
# computation written here with OGR (the point inside each boundary, the zone, stand, class or
# patch it falls in, the parameters' price, the register's area), the units' values summing to
# the summary's, the same bytes twice; bad inputs refused with nothing written.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/vucli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
C="$T/c"
$B demo --out "$C" --seed 1 > /dev/null
ok $? "the demo county with its valuation base data"
for l in land_grade_zone forest_stand sea_area_class land_transaction; do
    cnt=$(ogrinfo -so "$C/valuation/base.gpkg" "$l" 2>/dev/null | sed -n "s/^Feature Count: //p")
    [ "${cnt:-0}" -gt 0 ]; ok $? "base map $l: $cnt features"
done
V() { $B value units --store "$C/store.gpkg" --defaults "$C/valuation/defaults.json" --survey "$C/county.gpkg" "$@"; }
exits 0 "every unit valued" V --out "$T/u1" --json
jq -e '.units > 6000 and .valued > 6000 and .kinds.farmland.units > 3000 and .kinds.forest.units > 2000 and .kinds.sea.units == 1 and .kinds.construction.units >= 1' "$T/out" > /dev/null
ok $? "the summary: $(jq -c '{units, valued, kinds: (.kinds | map_values(.units)), unvalued}' "$T/out")"
# every unit's row against OGR and the parameters (independent of the C code)
/usr/bin/python3 - "$C" "$T/u1/units.csv" > "$T/py.out" 2>&1 <<'PY'
import csv, json, math, sys
from osgeo import ogr
C, rows = sys.argv[1], list(csv.DictReader(open(sys.argv[2])))
P = json.load(open(f"{C}/valuation/defaults.json"))
store, base, survey = ogr.Open(f"{C}/store.gpkg"), ogr.Open(f"{C}/valuation/base.gpkg"), ogr.Open(f"{C}/county.gpkg")
units = store.GetLayerByName("reg_unit")
def at(layer, pt, fields):
    layer.SetSpatialFilter(pt)
    best = None
    for f in layer:
        if f.GetGeometryRef().Contains(pt) and (best is None or f.GetFID() < best[0]):
            best = (f.GetFID(), [f.GetField(k) for k in fields])
    layer.SetSpatialFilter(None)
    return best[1] if best else None
def R(x):  # half away from zero, as C's round (Python's rounds half to even)
    return math.floor(x + 0.5)
def years(a, b):
    (y1, m1, d1), (y2, m2, d2) = [map(int, s.split("-")) for s in (a, b)]
    return (y2 - y1) + (m2 - m1) / 12 + (d2 - d1) / 365
checked, kinds = 0, {}
by_code = {r["unit"]: r for r in rows}
# a fixed sample: every construction and sea unit, each 25th farmland and forest unit
for i, r in enumerate(rows):
    k = r["kind"]
    if k in ("farmland", "forest") and i % 25 or k == "none" or not r["value_yuan"]:
        continue
    units.SetAttributeFilter(f"unit_code = '{r['unit']}' AND end_seq IS NULL")
    u = units.GetNextFeature()
    g = u.GetGeometryRef().Clone()
    pt = g.PointOnSurface()
    area = u.GetField("area_m2")
    if k == "construction":
        c = P["construction"]
        zone = at(base.GetLayerByName("land_grade_zone"), pt, ["commercial", "residential", "industrial", "public"])
        dl = at(survey.GetLayerByName("landuse_patch"), pt, ["DLBM"])[0]
        use = c["uses"].get(dl[:2], c["other_use"])
        kd = round((1 + c["growth"]) ** years(c["benchmark_date"], P["date"]), 4)
        rate = round(zone[["commercial", "residential", "industrial", "public"].index(use)] * kd, 2)
    elif k == "farmland":
        gddb, dl = at(survey.GetLayerByName("landuse_patch"), pt, ["GDDB", "DLBM"])
        if gddb:
            rate = P["farmland"]["benchmark_by_grade"][str(gddb)] / (10000 / 15)
        else:
            inp = P["farmland"]["ungraded"][dl[:2]]["inputs"]
            rate = round(inp["a"] / inp["r"] * (1 - (1 + inp["r"]) ** -inp["n"]), 2)
    elif k == "forest":
        f = P["forest"]
        land = f["land"]["A"] / f["land"]["P"] / 1e4
        stand = at(base.GetLayerByName("forest_stand"), pt, ["species", "age", "age_class", "volume_m3_ha"])
        rate = land
        if stand:
            sp, age, cls, vol = stand
            s = f["species"][sp]
            p = f["P"]
            if cls in ("mature", "over_mature"):
                w, c = R(vol * s["outturn"] * s["price_m3"]), R(vol * s["outturn"] * s["cost_m3"])
                e = w - c - R(c * s["profit"])
            elif cls in ("middle", "near_mature"):
                au = R(s["yield_at_rotation"] * s["outturn"] * (s["price_m3"] - s["cost_m3"]))
                n, rot = age, s["rotation"]
                e = au / (1 + p) ** (rot - n) - s["upkeep"] * (1 - (1 + p) ** -(rot - n + 1)) / p
            else:
                costs = [s["costs"][y] if y < len(s["costs"]) else s["upkeep"] for y in range(age)]
                e = sum(cst * (1 + p) ** (age - i) for i, cst in enumerate(costs))
            rate += e / 1e4
    elif k == "sea":
        cls = at(base.GetLayerByName("sea_area_class"), pt, ["class"])[0]
        rate = [3, 2.55, 2.1, 1.65, 1.2, 0.75][cls - 1] * 1e4 * P["sea"]["years"] / 1e4
    want = round(rate * area, 2)
    got = float(r["value_yuan"])
    # the report keeps each rate to the fen of its basis (per m², mu or hectare)
    assert abs(got - want) <= 0.01 + 0.005 * area / 1e4 + 1e-9 * want, (r["unit"], k, got, want)
    assert abs(float(r["area_m2"]) - area) < 0.005, (r["unit"], r["area_m2"], area)
    kinds[k] = kinds.get(k, 0) + 1
    checked += 1
assert checked > 200 and len(kinds) == 4, kinds
print(checked, json.dumps(kinds, sort_keys=True))
PY
ok $? "each sampled unit's value recomputed with OGR from its zone, patch, stand or class and the parameters: $(tail -1 "$T/py.out" | head -c 300)"
tot=$(awk -F, 'NR > 1 && $7 != "" { s += $7 } END { printf "%.2f", s }' "$T/u1/units.csv")
[ "$(jq -r ".value_yuan - $tot | fabs < 1" "$T/u1/summary.json")" = true ] &&
    [ "$(awk -F, 'NR > 1' "$T/u1/units.csv" | wc -l)" = "$(jq .units "$T/u1/summary.json")" ]
ok $? "units.csv has every unit once and its values sum to the summary's ¥$tot"
jq -e '[.[] | select(.report) | .report.scheme.id == "cn-2021" and (.report.request_sha256 | length) == 64] | all' "$T/u1/bases.json" > /dev/null &&
    [ "$(jq '[.[] | select(.refused)] | length' "$T/u1/bases.json")" = 0 ]
ok $? "bases.json: $(jq length "$T/u1/bases.json") bases, each with its full report (scheme cn-2021, the request's SHA-256)"
V --out "$T/u2" > /dev/null 2>&1 && diff -r "$T/u1" "$T/u2" > /dev/null
ok $? "the same inputs give the same bytes"
# bad inputs: named errors, nothing written
V --out "$T/u1" > "$T/o" 2> "$T/e"; [ $? = 1 ] && grep -q "exists" "$T/e"
ok $? "an existing folder is refused without --force: $(head -c 150 "$T/e")"
jq '.date = "2024-13-45"' "$C/valuation/defaults.json" > "$T/bad1.json"
$B value units --store "$C/store.gpkg" --defaults "$T/bad1.json" --base "$C/valuation/base.gpkg" --survey "$C/county.gpkg" --out "$T/x1" 2> "$T/e"
[ $? = 1 ] && grep -q "date" "$T/e" && [ ! -e "$T/x1" ]; ok $? "a valuation date that is no date: $(head -c 150 "$T/e")"
jq '.forest.layer = "stands_2030"' "$C/valuation/defaults.json" > "$T/bad2.json"
$B value units --store "$C/store.gpkg" --defaults "$T/bad2.json" --base "$C/valuation/base.gpkg" --survey "$C/county.gpkg" --out "$T/x2" 2> "$T/e"
[ $? = 1 ] && grep -q "stands_2030" "$T/e" && [ ! -e "$T/x2" ]; ok $? "a base layer that is not there: $(head -c 150 "$T/e")"
jq '.farmland.rights = "contracted_land"' "$C/valuation/defaults.json" > "$T/bad3.json"
$B value units --store "$C/store.gpkg" --defaults "$T/bad3.json" --base "$C/valuation/base.gpkg" --survey "$C/county.gpkg" --out "$T/x3" 2> "$T/e"
[ $? = 1 ] && grep -q "farmland.rights" "$T/e" && [ ! -e "$T/x3" ]; ok $? "rights that are not a list: $(head -c 150 "$T/e")"
echo "1..$n"
