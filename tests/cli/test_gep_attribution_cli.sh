#!/usr/bin/env bash
# `liangshan gep attribute` (TAP output): GEP attributed to registry units by exact cell-area
# weighting, against an independent computation written here in Python with OGR (every cell's
# square intersected with every unit, tests/cli/gep_attribution_oracle.py) on a small grid —
# a unit off the cell lines over a cell with no value, a triangle, a unit with a hole, one
# inside a single cell;
# the units' sums and the part outside adding up to the raster's total; each holder's part
# through the rights, by share; layered rights (a unit of another layer gets nothing from the
# surface); and bad input named.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/acli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
D=$(cd "$(dirname "$0")/../data/registry" && pwd)
PY=/usr/bin/python3
O="$(dirname "$0")/gep_attribution_oracle.py"
mkdir -p "$T/acc"
$PY "$O" make "$T/acc"
ok $? "a 20 × 16 grid of 30 m cells with two value rasters (one cell without a value) and its account"

S=$T/s.gpkg
$B registry init --store "$S" --county 331099 > /dev/null && $B registry register --store "$S" --actor t "$D/parties.json" > /dev/null
# four surface units: a rectangle off the cell lines over the cell with no value, a triangle, a
# square with a square hole, a small square inside one cell
unit() { # CODE WKT [HOLDERS]
    local holders=${3:-}
    [ -n "$holders" ] || holders='[{"party":"H001","share":1}]'
    printf '{"type":"first","date":"2021-05-10","source_doc":"t","unit":{"code":"%s","name":"%s","class":"real_estate","geometry":"%s"},"rights":[{"type":"contracted_land","holders":%s,"term_start":"2021-05-10","term_end":"2051-05-09"}]}' "$1" "$1" "$2" "$holders"
    printf '%s\t%s\n' "$1" "$2" >> "$T/units.tsv"
}
{
    echo "["
    unit 331099001001JD00011W00000000 "POLYGON((40502007 3170290,40502131.5 3170290,40502131.5 3170203.25,40502007 3170203.25,40502007 3170290))"; echo ","
    unit 331099001001JD00012W00000000 "POLYGON((40502200 3170280,40502370 3170280,40502250 3170150,40502200 3170280))" '[{"party":"H001","share":"1/2"},{"party":"H002","share":0.5}]'; echo ","
    unit 331099001001JD00013W00000000 "POLYGON((40502010 3170100,40502190 3170100,40502190 3169920,40502010 3169920,40502010 3170100),(40502070 3170040,40502125 3170040,40502125 3169985,40502070 3169985,40502070 3170040))"; echo ","
    unit 331099001001JD00014W00000000 "POLYGON((40502400 3169925,40502425 3169925,40502425 3169900,40502400 3169900,40502400 3169925))"
    echo "]"
} > "$T/units.json"
$B registry register --store "$S" --actor t "$T/units.json" > "$T/reg.out" 2>&1
ok $? "the four units registered"

exits 0 "gep attribute to the surface units" $B gep attribute "$T/acc" --store "$S" --out "$T/units.csv" --json
cp "$T/out" "$T/a.json"
$PY "$O" expect "$T/acc" "$T/units.tsv" > "$T/expect.txt"
$PY - "$T/units.csv" "$T/expect.txt" <<'P'
import csv, sys
got = {}
for row in csv.DictReader(open(sys.argv[1])):
    got[(row["unit"], "water_conservation")] = float(row["water_conservation"])
    got[(row["unit"], "gep")] = float(row["gep"])
n = 0
for line in open(sys.argv[2]):
    code, item, v = line.split()
    g = got[(code, item)]
    assert abs(g - float(v)) <= 0.006, (code, item, g, v)
    n += 1
assert n == 8, n
P
ok $? "every unit's value of both rasters equals the cell-by-cell OGR intersection to the fen ($(head -c 200 "$T/expect.txt" | tr '\n' ';'))"
[ "$(jq .units "$T/a.json")" = 4 ] && jq -e '.closure < 1e-9' "$T/a.json" > /dev/null &&
    jq -e '.items[] | select(.item == "water_conservation") | (.units_yuan + .outside_yuan - .total_yuan | fabs) < 1e-6 and .outside_yuan > 0' "$T/a.json" > /dev/null &&
    [ "$(jq -r '[.items[].item] | join(",")' "$T/a.json")" = "water_conservation,gep" ]
ok $? "four units; per item the units and the part outside add up to the raster's total (closure $(jq .closure "$T/a.json")); soil_retention has no raster and is left out"
awk -F, 'NR > 1 { d = $2 + $3 - $4; if (d < -0.011 || d > 0.011) bad = 1 } END { exit bad }' "$T/units.csv"
ok $? "each unit's row: water_conservation + statistics = gep (the map's items from statistics are what the spatial items leave)"
exits 0 "through the rights: by holder" $B gep attribute "$T/acc" --store "$S" --holders "$T/holders.csv" --json
awk -F, 'NR == FNR { if (FNR > 1) { u[$1] = $NF; all += $NF } next }
    FNR > 1 { h[$1] = $NF; held += $NF }
    END { want1 = u["331099001001JD00011W00000000"] + u["331099001001JD00012W00000000"] / 2 + u["331099001001JD00013W00000000"] + u["331099001001JD00014W00000000"];
          want2 = u["331099001001JD00012W00000000"] / 2;
          d1 = h["H001"] - want1; d2 = h["H002"] - want2; d3 = held - all;
          exit !(d1 < 0.02 && d1 > -0.02 && d2 < 0.02 && d2 > -0.02 && d3 < 0.03 && d3 > -0.03 && length(h) == 2) }' "$T/units.csv" "$T/holders.csv" &&
    [ "$(jq .holders "$T/out")" = 2 ]
ok $? "through the rights: H001 holds three units and half the triangle, H002 the other half (shares 1/2 and 0.5); the holders' GEP is the units'"
exits 0 "the whole-column layer" $B gep attribute "$T/acc" --store "$S" --layer whole --json
[ "$(jq .units "$T/out")" = 0 ] && jq -e '.items[0].units_yuan == 0 and .items[0].outside_yuan == .items[0].total_yuan' "$T/out" > /dev/null
ok $? "layered rights: no unit of the whole-column layer here, so nothing is attributed to one and all lies outside"
exits 1 "a folder that is not an account" $B gep attribute "$T" --store "$S"
exits 1 "no --store" $B gep attribute "$T/acc"
echo "1..$n"
