#!/usr/bin/env bash
# The province demo (`liangshan demo --province N`, issue 22) and the compensation over its
# counties, as a provincial finance department uses them (TAP output): the counties byte-identical
# per seed and each its own terrain; red-line shares, the shared borders, the border river and its
# monitoring section checked with GDAL/OGR written here; the EI by HJ 192-2015's weights; the
# county factor table against the counties' own township tables and the province's tables;
# the key-function-area transfer summing to pool + rewards − deductions with each county's EI
# band; the P-index settlement on the border section against the means computed here; and the
# bad inputs refused by name with nothing written.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/pcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
P="$T/p"
PY=/usr/bin/python3

exits 1 "a province of one county" $B demo --province 1 --out "$T/x"
grep -q "from 2 to 8" "$T/err"; ok $? "… the bounds named"
exits 1 "a province of nine counties" $B demo --province 9 --out "$T/x"
exits 1 "a count that wraps to 2 in an int" $B demo --province 4294967298 --out "$T/x"
[ ! -e "$T/x" ]; ok $? "… nothing written"
exits 0 "four counties" $B demo --province 4 --seed 1 --out "$P" --json
[ "$(jq -r '[.counties[].code] | join(",")' "$T/out")" = 339921,339922,339923,339924 ] &&
    [ "$(jq -r .section.upstream "$T/out")" = 339921 ] && [ "$(jq -r .section.downstream "$T/out")" = 339922 ]
ok $? "… 339921–339924; the river crosses from the first into the second"
exits 0 "the same seed again" $B demo --province 4 --seed 1 --out "$T/p2"
(cd "$P" && find . -type f | sort | xargs sha256sum) > "$T/h1"
(cd "$T/p2" && find . -type f | sort | xargs sha256sum) > "$T/h2"
cmp -s "$T/h1" "$T/h2"; ok $? "… byte-identical, $(wc -l < "$T/h1") files"
[ "$(sha256sum "$P"/3399*/elevation.tif | cut -d' ' -f1 | sort -u | wc -l)" = 4 ]
ok $? "each county its own terrain (four different elevation rasters)"

# the layers, checked with OGR: red-line share of each county (planar areas in one Gauss–Krüger
# zone: the scale factor cancels in a share), the shared borders, the river and its section
$PY - "$P" > "$T/geo.json" <<'PY'
import json, sys
from osgeo import ogr
d = sys.argv[1]
prov = ogr.Open(f"{d}/province.gpkg")
out = {"shares": [], "borders": []}
# every geometry cloned while its dataset and layer are held (OGR's Python objects do not keep
# their owners alive)
def shapes(ds, name):
    layer = ds.GetLayer(name)
    res = []
    for f in layer:
        res.append((f.GetField("XZQDM") if f.GetFieldIndex("XZQDM") >= 0 else None, f.GetGeometryRef().Clone()))
    return res
counties = shapes(prov, "county")
for code, _ in counties:
    c = ogr.Open(f"{d}/{code}/county.gpkg")
    land = sum(g.GetArea() for _, g in shapes(c, "county"))
    red = sum(g.GetArea() for _, g in shapes(c, "eco_redline"))
    out["shares"].append(red / land)
    c = None
counties = [g for _, g in counties]
for a, b in zip(counties, counties[1:]):
    out["borders"].append(a.Intersection(b).Length())
sec = shapes(prov, "section")[0][1]
up, down = [g for _, g in shapes(prov, "river")]
out["section_to_counties"] = [counties[0].Distance(sec), counties[1].Distance(sec)]
def pt(g, i):
    return ogr.CreateGeometryFromWkt(f"POINT({g.GetX(i)} {g.GetY(i)})")
out["up_ends_at_section"] = sec.Distance(pt(up, up.GetPointCount() - 1))
out["down_starts_at_section"] = sec.Distance(pt(down, 0))
out["north_of_border"] = up.GetY(0) > sec.GetY()
out["south_of_border"] = down.GetY(down.GetPointCount() - 1) < sec.GetY()
print(json.dumps(out))
PY
ok $? "the layers read with OGR"
jq -e '.shares as $s | ($s | length) == 4 and ([range(3)] | all($s[.] > $s[. + 1])) and $s[0] > 2 * $s[3]' "$T/geo.json" > /dev/null
ok $? "red-line shares from high to low: $(jq -c '[.shares[] | . * 1000 | round / 1000]' "$T/geo.json")"
jq -e '[.borders[] | . > 5000] | all' "$T/geo.json" > /dev/null
ok $? "neighbouring counties share a straight border ($(jq -c '[.borders[] | round]' "$T/geo.json") m)"
jq -e '(.section_to_counties | all(. < 0.01)) and .up_ends_at_section < 0.01 and .down_starts_at_section < 0.01 and .north_of_border and .south_of_border' "$T/geo.json" > /dev/null
ok $? "the river leaves the first county and enters the second at the section, which lies on their border"

# EI: the columns recombined with HJ 192-2015's weights; the two years differ
$PY - "$P/tables/ei.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 8, len(rows)
for r in rows:
    v = {k: float(r[k]) for k in ("bi", "vci", "wdi", "lsi", "pli", "eri", "ei")}
    ei = 0.35 * v["bi"] + 0.25 * v["vci"] + 0.15 * v["wdi"] + 0.15 * (100 - v["lsi"]) + 0.10 * (100 - v["pli"]) + v["eri"]
    assert abs(ei - v["ei"]) < 0.011, (r, ei)
    assert all(0 <= v[k] <= 100 for k in ("bi", "vci", "wdi", "lsi", "pli")), r
d = {}
for r in rows:
    d.setdefault(r["region"], {})[r["year"]] = float(r["ei"])
changes = sorted(x["2023"] - x["2022"] for x in d.values())
assert changes[0] < -4 and changes[-1] > 2, changes
PY
ok $? "EI = 0.35 BI + 0.25 VCI + 0.15 WDI + 0.15 (100 − LSI) + 0.10 (100 − PLI) + ERI on every row; the changes span a clear fall to a rise"

# the county factor table
exits 0 "the counties' factors" $B compensate factors --province "$P" --year 2023 --out "$T/f.csv" --json
[ "$(jq .counties "$T/out")" = 4 ]; ok $? "… four counties"
exits 0 "the first county's own township table" $B compensate factors --data "$P/339921/county.gpkg" --out "$T/t1.csv"
$PY - "$T/f.csv" "$T/t1.csv" "$P" "$T/geo.json" <<'PY'
import csv, json, sys
f = {r["region"]: r for r in csv.DictReader(open(sys.argv[1]))}
t = list(csv.DictReader(open(sys.argv[2])))
d = sys.argv[3]
for k in ("land_area_km2", "redline_area_km2", "core_zone_area_km2", "forest_area_km2", "wetland_area_km2"):
    s = sum(float(r[k]) for r in t)
    assert abs(s - float(f["339921"][k])) < 5e-6, (k, s, f["339921"][k])
shares = json.load(open(sys.argv[4]))["shares"]
for code, share in zip(sorted(f), shares):
    assert abs(float(f[code]["redline_share"]) - share) < 2e-3, (code, f[code]["redline_share"], share)
zones = list(csv.DictReader(open(f"{d}/tables/prohibited_zones.csv")))
counties = {r["region"]: r for r in csv.DictReader(open(f"{d}/tables/counties.csv"))}
ei = {(r["region"], r["year"]): r["ei"] for r in csv.DictReader(open(f"{d}/tables/ei.csv"))}
for code, r in f.items():
    z = [x for x in zones if x["region"] == code]
    assert int(r["prohibited_count"]) == len(z)
    assert abs(float(r["prohibited_area"]) - sum(float(x["area_km2"]) for x in z)) < 1e-5
    assert abs(float(r["prohibited_national_area"]) - sum(float(x["area_km2"]) for x in z if x["level"] == "national")) < 1e-5
    assert abs(float(r["prohibited_area"]) - float(r["core_zone_area_km2"])) < 1e-3  # the zones are the core zones
    assert float(r["fiscal_gap"]) == float(counties[code]["fiscal_gap_wan"])
    assert r["ei_before"] == ei[(code, "2022")] and r["ei_after"] == ei[(code, "2023")]
PY
ok $? "… the first county's areas are its townships' sums; every share is OGR's; zones, fiscal gap and EI are the province's tables'"

# the transfer payment over the counties
echo '{"allocation": "P-2024", "year": 2024, "region": "两山市", "scheme": "cn-key-2022", "pool_wan": 20000, "factors": "f.csv"}' > "$T/p.json"
exits 0 "the key-function-area transfer for 2024" $B compensate allocate "$T/p.json" --allow-unverified --out "$T/a" --json
$PY - "$T/a/allocation.json" "$T/f.csv" <<'PY'
import csv, json, math, sys
a = json.load(open(sys.argv[1]))
f = {r["region"]: r for r in csv.DictReader(open(sys.argv[2]))}
# HJ 192 change bands of the scheme, by hand: (lo, hi] → rate
bands = [(-1e9, -4, -0.2), (-4, -2, -0.1), (-2, -1, -0.05), (-1, 1, 0), (1, 2, 0.02), (2, 4, 0.04), (4, 1e9, 0.06)]
total = 0
for r in a["regions"]:
    d = float(f[r["region"]]["ei_after"]) - float(f[r["region"]]["ei_before"])
    rate = next(x[2] for x in bands if x[0] < d <= x[1])
    adj = r["reward"] - r["deduction"]
    v = rate * r["pool_part"]  # to whole 万元, half away from zero
    want = -math.floor(-v + 0.5) if v < 0 else math.floor(v + 0.5)
    assert adj == want, (r["region"], d, rate, adj, want)
    total += r["amount_wan"]
assert total == a["total_wan"] == 20000 + a["rewards_wan"] - a["deductions_wan"], (total, a["total_wan"])
assert abs(sum(r["pool_part"] for r in a["regions"]) - 20000) < 1e-6
PY
ok $? "… each county's reward or deduction its EI band's rate × its part of the pool; the parts sum to pool + rewards − deductions"

# the border section's P-index agreement, settled from the joint series
$B registry init --store "$T/s.gpkg" > /dev/null
bash scripts/demo-province.sh "$B" "$P" "$T/s.gpkg" > "$T/demo.txt"; ok $? "the province demo's records: $(tr '\n' ' ' < "$T/demo.txt")"
exits 0 "the agreement with its two years" $B compensate agreement show LSP-SJ01 --store "$T/s.gpkg" --json
$PY - "$T/out" "$P/tables/water_quality.csv" <<'PY'
import csv, json, sys
a = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["excluded"] == ""]
def mean(k, y):
    v = [float(r["value"]) for r in rows if r["indicator"] == k and r["date"].startswith(y)]
    return sum(v) / len(v)
ids = ["codmn", "nh3n", "tn", "tp"]
for s in a["settlements"]:
    y = str(s["year"])
    p = 0.90 * sum(mean(k, y) / round(mean(k, "2022"), 4) for k in ids) / 4
    assert abs(s["derivation"]["P"] - p) < 1e-9, (y, s["derivation"]["P"], p)
    payer = "339922" if p <= 1 else "339921"
    assert s["payer"]["region"] == payer and s["amount_yuan"] == 10000000, s
PY
ok $? "… P of 2023 and 2024 by hand from the series (k0 0.90, C0 the 2022 means): the downstream county pays in the clean year, the upstream in the dirty one"

# bad input: a county without its EI of the year before; nothing written
grep -v '^339923,石门县,2022' "$P/tables/ei.csv" > "$T/ei.csv" && cp "$T/ei.csv" "$P/tables/ei.csv"
exits 1 "a county without its 2022 EI" $B compensate factors --province "$P" --year 2023 --out "$T/bad.csv"
grep -q "339923" "$T/err" && grep -q "2022" "$T/err" && [ ! -e "$T/bad.csv" ]
ok $? "… named by county and year, nothing written"
exits 1 "a province folder without its tables" $B compensate factors --province "$T/none" --out "$T/bad.csv"
grep -q "counties.csv" "$T/err"; ok $? "… naming the table"
echo "1..$n"
