#!/usr/bin/env bash
# `liangshan gep` end to end on the demo county (TAP output): the demo's account runs as it
# stands, its figures add up, its outputs are byte-identical for any threads, and bad input
# gets an error naming the file, row or class with no output folder left behind.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/gcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; exit !(d <= t * m + 1e-9) }'; }

$B demo --out "$T/c" --seed 3 >/dev/null; ok $? "demo county for the GEP tests"
D=$T/c
[ -f $D/gep-account.json ] && [ -f $D/gep-account-2022.json ] && [ -f $D/landcover_2022.tif ]
ok $? "demo writes the accounts of 2022 and 2023 and the 2022 land cover"
$B gep methods | grep -q cn-ndrc-2022; ok $? "gep methods lists the national method"

$B gep run $D/gep-account.json --out "$T/g1" --threads 1 --json > "$T/g1.json"; ok $? "gep run on the demo account"
[ "$(jq -r '[.items[] | has("item") and has("physical") and has("unit") and has("value_yuan")] | all' "$T/g1.json")" = true ]
ok $? "--json gives item, physical, unit and value_yuan per item"
M=$(cd "$(dirname "$0")/../../data/gep/methods" && pwd)/cn-ndrc-2022.json
[ "$(jq -r '.items | map(.item) | join(",")' "$T/g1.json")" = "$(jq -r '.items | map(.id) | join(",")' "$M")" ]
ok $? "every item of the national method, in its order"
[ "$(jq -r '.items[] | select(.item == "sand_fixation") | .not_applicable | length > 0' "$T/g1.json")" = true ]
ok $? "sand fixation reported as not applicable, with the account's reason"
tot=$(jq '[.items[] | select(.in_total) | .value_yuan] | add' "$T/g1.json"); gep=$(jq .totals.gep_yuan "$T/g1.json")
close "$tot" "$gep" 1e-12; ok $? "GEP is the sum of the items in the total ($gep yuan)"
# Every cell of the county counts once, a cell on its edge by the share of its area inside:
# the carbon stock of the account against the stock raster summed over the county polygon by
# GDAL/OGR and numpy (tests/cli/gep_county_sum.py; exact cell areas on the edge). Counting a
# cell by its centre alone was 2e-4 off here (438 t C), on the large county 3,182 t C.
cs=$(jq '.items[] | select(.item == "carbon_storage") | .physical' "$T/g1.json")
read -r indep ncells nedge < <(/usr/bin/python3 "$(dirname "$0")/gep_county_sum.py" "$T/g1/carbon_storage_physical.tif" "$D/county.gpkg" county)
close "$cs" "$indep" 1e-6 && [ "$nedge" -gt 20 ]
ok $? "carbon stock over the county counts its $nedge edge cells by area: account $cs t C, independent sum $indep t C"
# the whole account on one map (GEP 空间分布): its cells sum to GEP; the difference is what
# spatial items count in boundary cells whose centre lies outside every township
msum=$(/usr/bin/python3 -c "from osgeo import gdal; ds = gdal.Open('$T/g1/gep_total_value.tif'); b = ds.GetRasterBand(1); a = b.ReadAsArray(); print(float(a[a != b.GetNoDataValue()].sum()))")
close "$msum" "$gep" 1e-3 && [ -s "$T/g1/gep_total_value.tif" ]
ok $? "the total-GEP map sums to GEP: $msum yuan in its cells, $gep yuan in the account"
for f in account.json account.csv provenance.json ls_factor.tif water_conservation_physical.tif \
         water_conservation_value.tif soil_retention_value.tif carbon_sequestration_value.tif; do
    [ -s "$T/g1/$f" ]; ok $? "output $f"
done
# the table: regions add up to the county, ecosystem types too
A=$T/g1/account.json
wc=$(jq '.items[] | select(.item == "water_conservation") | .physical' $A)
wr=$(jq '.items[] | select(.item == "water_conservation") | [.by_region[].physical] | add' $A)
we=$(jq '.items[] | select(.item == "water_conservation") | [.by_ecosystem[].physical] | add' $A)
close "$wc" "$wr" 1e-9 && close "$wc" "$we" 1e-9; ok $? "water conservation: townships and ecosystem types add up to the county"
cs=$(awk -F, 'NR > 1 && $1 == "water_conservation" { s += $9 } END { printf "%.6f", s }' "$T/g1/account.csv")
close "$wc" "$cs" 1e-9; ok $? "account.csv rows add up to the account.json total"
nt=$(ogrinfo -so $D/county.gpkg township | awk -F': ' '/Feature Count/ {print $2}')
[ "$(jq '.regions | length' $A)" = "$((nt + 1))" ] && [ "$(jq -r '.regions[-1].region' $A)" = 两山县 ]
ok $? "one region row per township ($nt) and one for county-level statistics"
# provisioning: Σ quantity × price of the statistics table (2023 prices, no re-basing)
want=$(awk -F, '$2 == "agricultural_products" { s += $4 * $6 } END { printf "%.2f", s }' $D/statistics_2023.csv)
got=$(jq '.items[] | select(.item == "agricultural_products") | .value_yuan' $A)
close "$got" "$want" 1e-9; ok $? "agricultural products = Σ quantity × price of the table ($want)"
# cultural items: trips × cost per trip; floor area × price × the method's premium rate (0.05)
want=$(awk -F, '$2 == "recreation_tourism" { s += $4 * $6 } END { printf "%.2f", s }' $D/statistics_2023.csv)
close "$(jq '.items[] | select(.item == "recreation_tourism") | .value_yuan' $A)" "$want" 1e-9
ok $? "recreation = Σ trips × travel cost ($want)"
want=$(awk -F, '$2 == "landscape_value" { s += $4 * $6 * 0.05 } END { printf "%.2f", s }' $D/statistics_2023.csv)
close "$(jq '.items[] | select(.item == "landscape_value") | .value_yuan' $A)" "$want" 1e-9
ok $? "landscape value = floor area × price × 5 % ($want)"
# coastal protection: natural shoreline length as OGR measures it
nat=$(ogrinfo -q $D/county.gpkg -sql "select sum(ST_Length(geom)) as l from shoreline where AXLX = '自然岸线'" | awk -F'= ' '/l \(Real\)/ { print $2 }')
cp=$(jq '.items[] | select(.item == "coastal_protection") | .physical * 1000' $A)
close "$cp" "$nat" 1e-9; ok $? "coastal protection length equals the natural shoreline's ($nat m)"
# purification never exceeds the emissions
[ "$(jq -r '[.items[] | select(.item == "air_purification" or .item == "water_purification") | .components[] | .physical] | length == 6' $A)" = true ]
ok $? "air and water purification list their six pollutants"
so2=$(awk -F, '$3 == "SO2" { print $4 }' $D/statistics_2023.csv)
q=$(jq '.items[] | select(.item == "air_purification") | .components[] | select(.component == "SO2") | .physical' $A)
awk -v a="$q" -v b="$so2" 'BEGIN { exit !(a <= b * (1 + 1e-12)) }'; ok $? "SO2 removed ($q t) does not exceed the emissions ($so2 t)"
# the value raster, weighted by each cell's share inside the regions (the cells on the edge
# hold the whole cell's value), sums to the item's value (float32 cells)
read -r sumv _ < <(/usr/bin/python3 "$(dirname "$0")/gep_county_sum.py" "$T/g1/water_conservation_value.tif" "$D/county.gpkg" township)
val=$(jq '.items[] | select(.item == "water_conservation") | .value_yuan' $A)
close "$val" "$sumv" 1e-5; ok $? "value raster sums to the item's value ($sumv vs $val)"
# provenance: every input hashed, method hash
[ "$(jq -r '[.inputs[] | .sha256 | length == 64] | all' "$T/g1/provenance.json")" = true ]
ok $? "provenance hashes every input"
h=$(sha256sum $D/precipitation.tif | cut -c1-64)
[ "$(jq -r '.inputs[] | select(.role == "precipitation") | .sha256' "$T/g1/provenance.json")" = "$h" ]
ok $? "provenance hash equals sha256sum of the input"
# determinism: 2 threads, same bytes
$B gep run $D/gep-account.json --out "$T/g2" --threads 2 >/dev/null
same=0
for f in account.json account.csv water_conservation_value.tif soil_retention_physical.tif ls_factor.tif; do
    cmp -s "$T/g1/$f" "$T/g2/$f" || same=1
done
ok $same "same bytes with 1 and 2 threads"
# workbook, report, ratios, change against the previous year
python3 - "$T/g1/account.xlsx" <<'PY'; ok $? "account.xlsx: six sheets, the items' Chinese names in the shared strings"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
strings = z.read("xl/sharedStrings.xml").decode()
sys.exit(0 if len(sheets) == 6 and "水源涵养" in strings and "生态产品总值 GEP" in strings else 1)
PY
grep -q "生态产品总值" "$T/g1/report.html" && grep -q "<svg" "$T/g1/report.html" && grep -q "与上年比较" "$T/g1/report.html"
ok $? "report.html with totals, charts and the change against 2022"
cmp -s "$T/g1/report.html" "$T/g2/report.html" && cmp -s "$T/g1/account.xlsx" "$T/g2/account.xlsx"
ok $? "report.html and account.xlsx byte-identical across runs"
r=$(jq '.totals.gep_gdp_ratio' $A); g=$(jq '.totals.gep_yuan' $A); gdp=$(jq '.totals.gdp_yuan' $A)
close "$r" "$(awk -v a="$g" -v b="$gdp" 'BEGIN { printf "%.17g", a / b }')" 1e-12; ok $? "GEP/GDP = GEP / GDP ($r)"
[ "$(jq -r '.constant_prices and .a.year == 2022 and .b.year == 2023' "$T/g1/change.json")" = true ]
ok $? "change.json: 2022 → 2023 at constant prices"
p22=$(jq .totals.gep_yuan "$T/g1/previous/account.json")
close "$(jq .totals.gep_yuan_a "$T/g1/change.json")" "$p22" 1e-12; ok $? "the change starts from the 2022 account"
$B gep diff "$T/g1/previous" "$T/g1" --json > "$T/d.json"; ok $? "gep diff of two output folders"
cmp -s <(jq -S .items "$T/d.json") <(jq -S .items "$T/g1/change.json"); ok $? "gep diff gives the run's change.json"
# two methods on the same inputs: Shandong counts oxygen release in the total
jq '.method = "sd-2022" | del(.previous)' $D/gep-account.json > $D/sd.json
$B gep run $D/sd.json --out "$T/sd" --no-rasters >/dev/null; ok $? "the Shandong method on the same inputs"
$B gep diff "$T/g1" "$T/sd" --json > "$T/dm.json"
[ "$(jq -r '.same_method' "$T/dm.json")" = false ] && jq -r '.items[] | select(.item == "oxygen_release") | .explanation[]' "$T/dm.json" | grep -q "counted in the total"
ok $? "method diff explains that oxygen release enters the total"
ox=$(jq '.items[] | select(.item == "oxygen_release") | .value_yuan' $A)
dg=$(jq '.totals.gep_yuan_b - .totals.gep_yuan_a' "$T/dm.json")
close "$dg" "$ox" 1e-9; ok $? "the two methods differ by exactly the oxygen release value ($ox yuan)"
exits 1 "gep diff of a file that is not an account" $B gep diff "$T/g1" $D/price_index.csv

# two years: urban growth and afforestation change the account
$B gep run $D/gep-account-2022.json --out "$T/g22" --no-rasters --json > "$T/g22.json"; ok $? "2022 account"
c22=$(jq '.items[] | select(.item == "carbon_storage") | .physical' "$T/g22.json")
c23=$(jq '.items[] | select(.item == "carbon_storage") | .physical' "$T/g1.json")
awk -v a="$c22" -v b="$c23" 'BEGIN { exit !(b > a) }'; ok $? "carbon stock grows with afforestation ($c22 -> $c23 t C)"
[ ! -e "$T/g22/water_conservation_value.tif" ]; ok $? "--no-rasters writes the tables only"

# bad input: an error naming the fault, exit 1, no output folder
bad() { # name, jq filter on the account, grep pattern
    jq "$2" $D/gep-account.json > $D/bad.json
    exits 1 "$1" $B gep run $D/bad.json --out "$T/bad"
    grep -q "$3" "$T/err" && [ ! -e "$T/bad" ]; ok $? "$1: error says \"$3\", no output"
}
bad "unknown method" '.method = "nosuch"' "built in: cn-ndrc-2022"
bad "missing raster file" '.rasters.npp = "nosuch.tif"' "npp"
bad "raster key unknown" '.rasters.rain = "precipitation.tif"' "unknown raster key"
bad "an item's raster not given" 'del(.rasters.erosivity)' "required by item soil_retention"
bad "prices of 2010 without an index" 'del(.price_index)' "needs a price index"
bad "year out of the index" '.price_year = 2030' "no entry for 2030"
ext=$(gdalinfo -json $D/elevation.tif | jq -r '.cornerCoordinates | "\(.lowerLeft[0]),\(.lowerLeft[1]),\(.upperRight[0]),\(.upperRight[1])"')
$B raster align $D/npp.tif $D/npp90.tif --extent "$ext" --res 90 --resampling average >/dev/null
bad "raster on another grid" '.rasters.npp = "npp90.tif"' "align it first"
printf 'class,ecosystem\n101,cropland\n' > $D/few.csv
bad "land class absent from the class table" '.classes = "few.csv"' "not in the class table"
printf 'class,ecosystem\n101,jungle\n' > $D/jungle.csv
bad "unknown ecosystem type" '.classes = "jungle.csv"' "unknown ecosystem type"
# a method without a price for an included item, and with a price in the wrong unit
M=$(cd "$(dirname "$0")/../../data/gep/methods" && pwd)/cn-ndrc-2022.json
jq '(.items[] | select(.id == "water_conservation") | .prices) = {}' "$M" > $D/m1.json
bad "missing price" '.method = "m1.json"' "no price"
jq '(.items[] | select(.id == "soil_retention") | .prices.n_treatment.unit) = "yuan/kg"' "$M" > $D/m2.json
bad "price unit that does not match" '.method = "m2.json"' "price unit is yuan/kg"
jq '.items += [{"id": "nosuch_item", "model": "x", "in_total": true}]' "$M" > $D/m3.json
bad "item Liangshan does not compute" '.method = "m3.json"' "does not compute"
bad "not_applicable names an item the method lacks" '.not_applicable.nosuch = "x"' "does not include"
bad "an item without its input and not declared not applicable" 'del(.not_applicable)' "required by item sand_fixation"
# statistics table faults
st() { # name, sed expression on the 2023 table, pattern
    sed "$2" $D/statistics_2023.csv > $D/st.csv
    bad "$1" '.statistics = "st.csv"' "$3"
}
st "statistics for a region that does not exist" '2s/^[^,]*,/无此镇,/' "无此镇"
st "a quantity in kg priced per tonne" '2s/,t,\([0-9.]*\),yuan\/t,/,kg,\1,yuan\/t,/' "does not match the quantity's unit"
st "a unit that cannot be converted" '2s/,t,/,head,/' "cannot be converted"
st "an item the method does not have" '2s/agricultural_products/wine_products/' "not a statistics item"
st "a product without a price" '2s/,t,[0-9.]*,yuan\/t,/,t,,,/' "needs a price"
st "an included item with no row" '/fishery_products/d' "no row for it"
st "a pollutant without emissions" '/,NOx,/d' "no emission row for NOx"
# rasters in the wrong unit
$B raster calc "$D/p_m.tif" --expr "A / 1000" -A $D/precipitation.tif >/dev/null
bad "precipitation in metres" '.rasters.precipitation = "p_m.tif"' "metres"
# a raster that does not cover a region: precipitation with a hole
$B raster calc "$D/hole.tif" --expr "where(A < 1500, nodata, A)" -A $D/precipitation.tif >/dev/null
bad "precipitation does not cover a region" '.rasters.precipitation = "hole.tif"' "must cover every region"
jq '.price_year = 2022' $D/gep-account-2022.json > $D/prev22.json
bad "previous year at other prices" '.previous = "prev22.json"' "constant prices"
exits 1 "output folder exists" $B gep run $D/gep-account.json --out "$T/g1"
grep -q "force" "$T/err"; ok $? "existing output names --force"
exits 1 "run without --out" $B gep run $D/gep-account.json
exits 1 "memory budget too small for the LS routing" $B gep run $D/gep-account.json --out "$T/m" --mem 1M
grep -q "mem" "$T/err" && [ ! -e "$T/m" ]; ok $? "budget error names --mem, no output"
echo "1..$n"
