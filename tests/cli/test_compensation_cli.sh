#!/usr/bin/env bash
# `liangshan compensate` as a provincial finance or natural-resource bureau uses it (TAP output):
# the Hainan 2015 weights and the central key-area scheme (need × graded coefficient × red-line
# factor, prohibited zones, EI rewards and deductions, no-less-than-last-year floors) allocated
# and checked line by line against an independent Python allocator written here with exact
# fractions; the report files and their bytes across runs; the allocation on the ledger and
# replayed; the change between two years explained to the 万元; the Xin'an agreement settled from
# its series, a missing year and a dispute as states; and the bad inputs of the issue refused by
# name with nothing written.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/ccli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
S="$T/store.gpkg"

cat > "$T/hn.csv" <<'EOF'
region,name,water_source_area,public_welfare_forest_area,wetland_area,reserve_area,population,appraisal_score
469006,万宁市,200,700,60,100,560000,88
469001,五指山市,120,800,20,300,110000,92
469002,琼海市,250,600,80,50,530000,85
469005,文昌市,180,400,150,20,560000,78
469007,东方市,90,650,40,210,440000,83
EOF
echo '{"allocation": "HN-2024", "year": 2024, "scheme": "hainan-2015", "pool_wan": 30001, "factors": "hn.csv"}' > "$T/hn.json"
cat > "$T/key.csv" <<'EOF'
region,name,fiscal_gap,gap_ratio,redline_share,prohibited_area,prohibited_national_area,prohibited_count,ei_before,ei_after,last_year_wan
330001,甲县,52000,0.45,0.62,820,500,6,71.2,73.9,21000
330002,乙县,38000,0.31,0.35,300,0,3,66.0,61.5,9000
330003,丙县,61000,0.52,0.18,150,40,2,58.3,58.9,12000
330004,丁县,20000,0.12,0.05,20,0,1,49.0,47.5,3000
330005,戊县,33000,0.40,0.41,410,120,4,60.0,60.4,6000
EOF
echo '{"allocation": "KEY-2024", "year": 2024, "scheme": "cn-key-2022", "pool_wan": 56000, "factors": "key.csv"}' > "$T/key.json"

# the independent allocator: exact fractions, the scheme read from its own file
cat > "$T/oracle.py" <<'PY'
import csv, json, math, sys
from fractions import Fraction as F
scheme = json.load(open(sys.argv[1])); req = json.load(open(sys.argv[2]))
rows = sorted(csv.DictReader(open(sys.argv[3], encoding="utf-8")), key=lambda r: r["region"])
pool = F(req["pool_wan"])
def band(bands, v):
    lo = None
    for b in bands:
        lo = b.get("min", lo)
        if (lo is None or v > F(str(lo))) and (b["max"] is None or v <= F(str(b["max"]))):
            return b
        lo = b["max"]
share = [F(0)] * len(rows)
for c in scheme["components"]:
    ps = F(str(c["pool_share"]))
    if c["method"] == "factors":
        for f in c["factors"]:
            col = [F(r[f["id"]]) for r in rows]; t = sum(col)
            for i, x in enumerate(col):
                share[i] += ps * F(str(f["weight"])) * x / t
    else:
        n = c["need"]; need = []
        for r in rows:
            k = F(str(band(n["grades"], F(r[n["grade_by"]]))["k"]))
            red = 1 + F(str(n["redline"]["beta"])) * F(r[n["redline"]["factor"]])
            need.append(F(r[n["base"]]) * k * red)
        t = sum(need)
        for i, x in enumerate(need):
            share[i] += ps * x / t
def half_up(v):
    return -math.floor(-v + F(1, 2)) if v < 0 else math.floor(v + F(1, 2))
adj = [0] * len(rows)
if "adjustments" in scheme:
    a = scheme["adjustments"]
    for i, r in enumerate(rows):
        rate = F(str(band(a["bands"], F(r[a["after"]]) - F(r[a["before"]]))["rate"]))
        adj[i] = half_up(rate * pool * share[i])
floor = [F(math.ceil(F(str(scheme["floor"]["ratio"])) * F(r[scheme["floor"]["factor"]])))
         if "floor" in scheme else F(0) for r in rows]
held = {}
while True:
    rest = pool - sum(held.values()); fs = sum(share[i] for i in range(len(rows)) if i not in held)
    base = [held[i] if i in held else rest * share[i] / fs for i in range(len(rows))]
    low = [i for i in range(len(rows)) if i not in held and base[i] < floor[i]]
    if not low:
        break
    for i in low:
        held[i] = floor[i]
exact = [base[i] + max(adj[i], -math.floor(base[i])) for i in range(len(rows))]
total = pool + sum(max(adj[i], -math.floor(base[i])) for i in range(len(rows)))
out = [math.floor(e) for e in exact]
left = int(total - sum(out))
for i in sorted(range(len(rows)), key=lambda i: (-(exact[i] - out[i]), i))[:left]:
    out[i] += 1
got = json.load(open(sys.argv[4]))
bad = 0
for i, r in enumerate(got["regions"]):
    if r["region"] != rows[i]["region"] or r["amount_wan"] != out[i] or abs(r["exact"] - float(exact[i])) > 1e-6:
        print(r["region"], r["amount_wan"], out[i], r["exact"], float(exact[i]), file=sys.stderr); bad = 1
if got["total_wan"] != sum(out) or sum(out) != total:
    bad = 1
sys.exit(bad)
PY
DATA=$(cd "$(dirname "$0")/../../data/compensation" && pwd)

$B compensate schemes > "$T/out"
grep -q "hainan-2015" "$T/out" && grep -q "cn-key-2022.*unverified" "$T/out" && grep -q "xinan-2011" "$T/out"
ok $? "the built-in schemes, the unverified ones marked"
exits 0 "Hainan 2015 on five counties" $B compensate allocate "$T/hn.json" --out "$T/hn" --json
cp "$T/out" "$T/hn-out.json"
python3 "$T/oracle.py" "$DATA/hainan-2015.json" "$T/hn.json" "$T/hn.csv" "$T/hn-out.json"
ok $? "every county's exact part and 万元 as the independent allocator gives them"
[ "$(jq '[.regions[].amount_wan] | add' "$T/hn-out.json")" = 30001 ]
ok $? "the parts sum to the pool (30,001 万元)"
exits 1 "the central scheme's unverified figures refused without --allow-unverified" \
    $B compensate allocate "$T/key.json"
grep -q "rule compensation.unverified" "$T/err"; ok $? "… naming the rule"
exits 0 "the central key-area scheme with its figures allowed" \
    $B compensate allocate "$T/key.json" --allow-unverified --out "$T/key" --json
cp "$T/out" "$T/key-out.json"
python3 "$T/oracle.py" "$DATA/cn-key-2022.json" "$T/key.json" "$T/key.csv" "$T/key-out.json"
ok $? "need × grade × red-line factor, EI rewards and deductions, floors: as the oracle gives them"
[ "$(jq -r '.regions[] | select(.region == "330001") | .bound' "$T/key-out.json")" = floor ] &&
    [ "$(jq -r '.regions[] | select(.region == "330002") | .band' "$T/key-out.json")" = 明显变差 ]
ok $? "甲县 held at last year's amount, 乙县's EI fall of 4.5 a 明显变差 deduction"
[ -s "$T/key/allocation.json" ] && [ -s "$T/key/allocation.html" ] && [ "$(head -c 2 "$T/key/allocation.xlsx")" = PK ]
ok $? "allocation.json, .xlsx and .html written"
python3 - "$T/key/allocation.xlsx" <<'PY'; ok $? "the workbook: results, factors, steps and scheme sheets"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
s = z.read("xl/sharedStrings.xml").decode()
sys.exit(0 if len(sheets) == 4 and "分配额" in s and "redline_share" in s and "cn-key-2022" in s else 1)
PY
$B compensate allocate "$T/key.json" --allow-unverified --out "$T/key2" > /dev/null
cmp -s "$T/key/allocation.json" "$T/key2/allocation.json" && cmp -s "$T/key/allocation.xlsx" "$T/key2/allocation.xlsx"
ok $? "byte-identical files across runs"

# on the ledger
$B registry init --store "$S" --county 331099 > /dev/null
exits 0 "recorded on the ledger" $B compensate allocate "$T/hn.json" --store "$S" --actor fin --recorded 2025-01-05T00:00:00Z --out "$T/hn-rec"
exits 1 "the same id twice refused" $B compensate allocate "$T/hn.json" --store "$S" --actor fin --out "$T/hn-rec2"
grep -q "allocation_exists" "$T/err" && [ ! -e "$T/hn-rec2" ]; ok $? "… by its rule, no report written"
exits 0 "show it back" $B compensate show HN-2024 --store "$S" --json
[ "$(jq .total_wan "$T/out")" = 30001 ]; ok $? "the recorded total"
# the next year: more pool, 五指山市's forest grew, 琼海市's score fell
sed -e 's/469001,五指山市,120,800/469001,五指山市,120,900/' -e 's/469002,琼海市,250,600,80,50,530000,85/469002,琼海市,250,600,80,50,530000,70/' "$T/hn.csv" > "$T/hn25.csv"
echo '{"allocation": "HN-2025", "year": 2025, "scheme": "hainan-2015", "pool_wan": 32000, "factors": "hn25.csv"}' > "$T/hn25.json"
$B compensate allocate "$T/hn25.json" --store "$S" --actor fin --recorded 2026-01-05T00:00:00Z > /dev/null
exits 0 "the change between two years" $B compensate diff HN-2024 HN-2025 --store "$S" --json
jq -e '[.regions[] | ((.pool_effect_wan + .factors_effect_wan + .adjustment_effect_wan + .bound_effect_wan + .rounding_effect_wan) - .change_wan | fabs) ] | max < 1e-6' "$T/out" > /dev/null &&
    jq -e '.change_wan == 1999' "$T/out" > /dev/null &&
    jq -e '[.regions[] | select(.region == "469002") | .factor_effects[] | select(.factor == "appraisal_score") | .effect_wan][0] < 0' "$T/out" > /dev/null
ok $? "each region's change is pool + factors + adjustments + bounds + rounding; 琼海市's fall from its score"
exits 0 "the ledger verifies, projections equal to a replay" $B ledger verify --store "$S" --projections
exits 0 "list" $B compensate list --store "$S"
grep -q "HN-2025" "$T/out"; ok $? "… both allocations"
exits 1 "who recorded an allocation may not publish it" $B compensate publish HN-2024 --date 2025-01-10 --store "$S" --actor fin
grep -q "four_eyes" "$T/err"; ok $? "… four eyes"
exits 0 "another publishes it" $B compensate publish HN-2024 --date 2025-01-10 --store "$S" --actor chief --json
[ "$(jq -r .published.by "$T/out")" = chief ]; ok $? "… published by the chief"
exits 1 "published twice" $B compensate publish HN-2024 --date 2025-01-11 --store "$S" --actor chief

# horizontal: the Xin'an bet
cat > "$T/xa.json" <<'EOF'
{"agreement": "XAJ-R1", "kind": "p_index", "name": "新安江流域水环境补偿（第一轮）",
 "upstream": {"region": "34", "name": "安徽省"}, "downstream": {"region": "33", "name": "浙江省"},
 "section": "JK", "section_name": "街口", "valid_from": "2012-01-01", "valid_to": "2014-12-31",
 "rule": "xinan-2011", "round": 1, "min_samples_per_month": 2,
 "indicators": [{"id": "codmn", "unit": "mg/L", "baseline": 2.00}, {"id": "nh3n", "unit": "mg/L", "baseline": 0.12},
                {"id": "tn", "unit": "mg/L", "baseline": 1.10}, {"id": "tp", "unit": "mg/L", "baseline": 0.030}]}
EOF
python3 - "$T" <<'PY'
import sys
C = {"codmn": 1.90, "nh3n": 0.10, "tn": 1.05, "tp": 0.028}
def write(name, unit="mg/L", skip=None):
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        f.write("section,date,indicator,value,unit,excluded,reason\n")
        for m in range(1, 13):
            for d, s in ((5, -1), (20, 1)):
                if (m, d) == skip:
                    continue
                for k, v in C.items():
                    f.write(f"JK,2013-{m:02d}-{d:02d},{k},{v * (1 + s * 0.05):.6g},{unit if k == 'tp' else 'mg/L'},,\n")
        f.write("JK,2013-07-10,codmn,9.5,mg/L,1,flood\n")
write("jk.csv"); write("jk-gl.csv", unit="g/L"); write("jk-gap.csv", skip=(3, 20))
PY
head=$($B ledger verify --store "$S" --json | jq -r .head_hash)
exits 1 "an agreement on the unverified P-index rule refused without the flag" $B compensate agreement add "$T/xa.json" --store "$S" --actor fin
exits 0 "the agreement recorded" $B compensate agreement add "$T/xa.json" --store "$S" --actor fin --allow-unverified
exits 1 "a series in g/L where mg/L is declared" $B compensate settle XAJ-R1 --year 2013 --series "$T/jk-gl.csv" --store "$S" --actor fin
grep -q "series_unit" "$T/err" && grep -q "tp" "$T/err"; ok $? "… named by rule and indicator"
exits 1 "a series with a sample missing in March" $B compensate settle XAJ-R1 --year 2013 --series "$T/jk-gap.csv" --store "$S" --actor fin
grep -q "2013-03" "$T/err"; ok $? "… naming the month"
exits 0 "2013 settled from the joint series" $B compensate settle XAJ-R1 --year 2013 --series "$T/jk.csv" --store "$S" --actor fin --json
# P by hand: the means are the C above (±5 % pairs), the flood sample excluded
jq -e '(.derivation.P - 0.85 * (1.90/2.00 + 0.10/0.12 + 1.05/1.10 + 0.028/0.030) / 4 | fabs) < 1e-9 and .payer.region == "33" and .amount_yuan == 100000000 and .derivation.central_to_upstream_yuan == 300000000' "$T/out" > /dev/null
ok $? "P = 0.780 ≤ 1: Zhejiang pays Anhui ¥100 M, the central ¥300 M to Anhui"
exits 0 "2014 without a series" $B compensate settle XAJ-R1 --year 2014 --store "$S" --actor fin --json
[ "$(jq -r .state "$T/out")" = missing_series ]; ok $? "… is the state missing_series, nobody pays"
exits 1 "a year outside the agreement" $B compensate settle XAJ-R1 --year 2016 --series "$T/jk.csv" --store "$S" --actor fin
exits 1 "a dispute without its reason" $B compensate dispute XAJ-R1 --year 2013 --party 33 --store "$S" --actor zj
exits 0 "Zhejiang disputes 2013" $B compensate dispute XAJ-R1 --year 2013 --party 33 --reason "07-10 sample excluded without joint sign-off" --store "$S" --actor zj
exits 0 "the agreement with its years" $B compensate agreement show XAJ-R1 --store "$S" --json
[ "$(jq -r '[.settlements[].state] | join(",")' "$T/out")" = "disputed,missing_series" ]
ok $? "2013 disputed, 2014 missing"

# the bad inputs of the issue: named, nothing written
h1=$($B ledger verify --store "$S" --json | jq -r .head_hash)
jq '.components[0].factors[0].weight = 0.25' "$DATA/hainan-2015.json" > "$T/bad-scheme.json"
echo '{"allocation": "BAD-1", "year": 2024, "scheme": "bad-scheme.json", "pool_wan": 30000, "factors": "hn.csv"}' > "$T/bad1.json"
exits 1 "a scheme whose weights do not sum to 1" $B compensate allocate "$T/bad1.json" --store "$S" --actor fin --out "$T/b1"
grep -q "sum to 1.05" "$T/err" && grep -q "components\[0\].factors" "$T/err"; ok $? "… naming the component and the sum"
grep -v '^469005' "$T/hn.csv" | sed 's/^469002,琼海市,250,600,80,50,530000,85/469002,琼海市,250,600,80,50,,85/' > "$T/gap.csv"
echo '{"allocation": "BAD-2", "year": 2024, "scheme": "hainan-2015", "pool_wan": 30000, "factors": "gap.csv"}' > "$T/bad2.json"
exits 1 "a factor missing for one county" $B compensate allocate "$T/bad2.json" --store "$S" --actor fin --out "$T/b2"
grep -q "population" "$T/err" && grep -q "469002" "$T/err"; ok $? "… naming the factor and the county"
echo '{"allocation": "BAD-3", "year": 2024, "scheme": "hainan-2015", "pool_wan": -100, "factors": "hn.csv"}' > "$T/bad3.json"
exits 1 "a negative pool" $B compensate allocate "$T/bad3.json" --store "$S" --actor fin --out "$T/b3"
grep -q "pool_wan" "$T/err"; ok $? "… naming the pool"
h2=$($B ledger verify --store "$S" --json | jq -r .head_hash)
[ "$h1" = "$h2" ] && [ ! -e "$T/b1" ] && [ ! -e "$T/b2" ] && [ ! -e "$T/b3" ]
ok $? "nothing written: the ledger head unchanged, no report folder"
exits 0 "rebuild replays compensation" $B ledger rebuild --store "$S" --check

# factors measured from the layers, on the demo county: each township's red-line area against
# OGR's own intersection of the red line with the township (planar, so within the 0.05 % the
# ellipsoid takes off at 28.7°N), its land against the sum of its patches' TBMJ
$B demo --out "$T/c" --seed 1 > /dev/null
$B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" > /dev/null
exits 0 "the townships' factors from the layers" $B compensate factors --data "$T/c/county.gpkg" --gep "$T/c/gep-2023" --out "$T/c/f.csv" --json
/usr/bin/python3 - "$T/c/county.gpkg" "$T/c/f.csv" "$T/c/gep-2023/account.json" <<'PY'; ok $? "red-line area and share by township as OGR intersects them; land as the patches' TBMJ; GEP as the account's"
import csv, json, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
red = ogr.Geometry(ogr.wkbMultiPolygon)
for f in ds.GetLayerByName("eco_redline"):
    red = red.Union(f.GetGeometryRef())
land = {}
for f in ds.GetLayerByName("landuse_patch"):
    land[f.GetField("ZLDWDM")[:9]] = land.get(f.GetField("ZLDWDM")[:9], 0) + f.GetField("TBMJ")
gep = {r["region"]: r["gep_yuan"] for r in json.load(open(sys.argv[3]))["regions"]}
rows = {r["region"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
bad = 0
for t in ds.GetLayerByName("township"):
    code = t.GetField("XZQDM"); g = t.GetGeometryRef()
    a = g.Intersection(red).GetArea() / 1e6
    r = rows[code]
    if abs(float(r["redline_area_km2"]) - a) > 1e-3 * a + 1e-4:
        print(code, r["redline_area_km2"], a, file=sys.stderr); bad = 1
    if abs(float(r["land_area_km2"]) - land[code] / 1e6) > 1e-4 * land[code] / 1e6:
        print(code, r["land_area_km2"], land[code] / 1e6, file=sys.stderr); bad = 1
    if abs(float(r["redline_share"]) - float(r["redline_area_km2"]) / float(r["land_area_km2"])) > 1e-6:
        bad = 1
    if abs(float(r["gep_yuan"]) - gep[t.GetField("XZQMC")]) > 0.01:
        bad = 1
sys.exit(bad)
PY
exits 0 "the demo's compensation (two years, the diff, a GEP-share agreement)" \
    "$(dirname "$0")/../../scripts/demo-compensation.sh" "$B" "$T/c"
jq -e '.change_wan == 200 and ([.regions[].change_wan] | add) == 200' "$T/c/compensation/diff-2024.json" > /dev/null
ok $? "the 200 万元 more of 2024 explained township by township"
$B compensate agreement show LS-GEP-2023 --store "$T/c/store.gpkg" --json > "$T/out"
jq -e --argjson g "$(jq .totals.gep_yuan "$T/c/gep-2023/account.json")" \
    '.settlements[0].amount_yuan == (($g * 0.002 * 100 + 0.5) | floor) / 100 and .settlements[0].payer.region == "331000"' "$T/out" > /dev/null
ok $? "0.2 % of the county's GEP paid by the downstream city"
echo "1..$n"
