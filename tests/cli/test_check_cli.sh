#!/usr/bin/env bash
# `liangshan check` and `liangshan rules` on hand-built control layers (tests/data/zoning, see
# its README): every verdict branch, a footprint on the boundary of two zones, a footprint with
# a hole over a core zone, a multipolygon crossing the urban boundary, a sliver, a shoreline,
# and bad input. Expected areas are worked by hand from the squares; planar overlap areas are
# also checked against SpatiaLite's ST_Area(ST_Intersection) on the demo county.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/ccli.XXXXXX")
. "$(dirname "$0")/tap.sh"
Z=$(cd "$(dirname "$0")/../data/zoning" && pwd)
G=$T/zones.gpkg
for l in county eco_redline core_zone basic_farmland urban_boundary landuse_patch shoreline; do
    ogr2ogr -f GPKG -update -append "$G" "$Z/$l.geojson" -nln $l 2>/dev/null
done
[ -s "$G" ]; ok $? "control layers built from the hand-made GeoJSON"
sq() { # x0 y0 x1 y1 (offsets) → WKT polygon
    awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { X = 40500000; Y = 3200000;
        printf "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", X+a, Y+b, X+c, Y+b, X+c, Y+d, X+a, Y+d, X+a, Y+b }'
}
run() { # name category wkt → $T/r.json
    $B check --data "$G" --category "$2" --wkt "$3" --json > "$T/r.json" 2>"$T/err"
    ok $? "check: $1"
}
q() { jq -r "$1" "$T/r.json"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
area() { q "[.overlaps[] | select(.zone == \"$1\") | .planar_area_m2] | add // 0"; }

$B rules check > "$T/out"; ok $? "the built-in rule table has no gaps or contradictions"
$B rules show --json | jq -e '.decisions | length == 96' >/dev/null; ok $? "rules show: 6 zones x 16 categories"

run "core zone" linear_infrastructure "$(sq 250 1250 350 1350)"
[ "$(q .verdict)" = prohibited ] && [ "$(q '.reasons[0].rule')" = ECR-core ]; ok $? "inside a core zone: prohibited (ECR-core)"
near "$(area core_zone)" 10000 1e-6 && near "$(area eco_redline)" 0 1e-9; ok $? "core 10 000 m², none left in the general red line"

run "red line, residential" residential "$(sq 500 1500 700 1600)"
[ "$(q .verdict)" = prohibited ] && q '.reasons[].rule' | grep -q ECR-dev; ok $? "residential in the red line: prohibited"
run "red line, linear works" linear_infrastructure "$(sq 500 1500 700 1600)"
[ "$(q .verdict)" = approval ] && q '.reasons[].approval' | grep -q 认定意见; ok $? "linear works in the red line: approval with the province's 认定意见"
near "$(q '.obligations[] | select(.obligation == "redline_restoration") | .area_m2')" 20000 20
ok $? "red-line restoration duty of about 20 000 m² (ellipsoidal)"
run "red line, research" scientific_research "$(sq 500 1500 700 1600)"
[ "$(q .verdict)" = conditions ]; ok $? "research in the red line: allowed with conditions"

run "boundary of two zones" national_major "$(sq 900 1600 1100 1700)"
near "$(area eco_redline)" 10000 1e-6 && near "$(area basic_farmland)" 10000 1e-6; ok $? "split exactly 10 000 / 10 000 m² at the zone boundary"
[ "$(q .verdict)" = approval ] && q '.reasons[].approval' | grep -q 国务院; ok $? "national major project: State Council approval"
# patch E: 0101, KCXS 0, grade 3 → 1 ha net paddy, 1 × (16 − 3) × 1500 = 19 500 kg
near "$(q '.obligations[] | select(.obligation == "cropland_supplement") | .grain_capacity_kg')" 19500 20
ok $? "cropland to supplement: 19 500 kg of grain capacity (1 ha at grade 3)"
near "$(q '.obligations[] | select(.obligation == "cropland_supplement") | .paddy_m2')" 10000 10; ok $? "paddy to be replaced by paddy: 1 ha"

run "general cropland" linear_infrastructure "$(sq 1200 200 1300 300)"
[ "$(q .verdict)" = conditions ] && q '.reasons[].rule' | grep -q CL-balance; ok $? "cropland: allowed with the occupation–compensation balance"
# patch B: 0103, KCXS 0.05, grade 8 → 0.95 ha net, 0.95 × 8 × 1500 = 11 400 kg, no paddy
near "$(q '.obligations[] | select(.obligation == "cropland_supplement") | .area_m2')" 9500 10 &&
near "$(q '.obligations[] | select(.obligation == "cropland_supplement") | .grain_capacity_kg')" 11400 15 &&
near "$(q '.obligations[] | select(.obligation == "cropland_supplement") | .paddy_m2')" 0 1e-9
ok $? "net 9 500 m² after the field-ridge deduction, 11 400 kg, no paddy"
[ "$(q '[.land_classes[] | select(.code == "0103")] | length')" = 1 ] && [ "$(q '.land_classes[0].scheme')" = "TD/T 1055-2019" ]
ok $? "land classes occupied, with their scheme"
# TD/T 1055-2019 Appendix A: 0103 旱地 (dry land), first-level 01 耕地
[ "$(q '.land_classes[] | select(.code == "0103") | .zh + "/" + .class_zh + "/" + .en')" = "旱地/耕地/Dry land" ]
ok $? "land classes named from the survey classification"

run "inside the urban boundary" residential "$(sq 100 100 200 200)"
[ "$(q .verdict)" = allowed ] && [ "$(q '.obligations | length')" = 0 ]; ok $? "housing inside the urban boundary: allowed, no obligation"

X=40500000; Y=3200000
hole="POLYGON(($((X+150)) $((Y+1150)),$((X+450)) $((Y+1150)),$((X+450)) $((Y+1450)),$((X+150)) $((Y+1450)),$((X+150)) $((Y+1150))),($((X+200)) $((Y+1200)),$((X+200)) $((Y+1400)),$((X+400)) $((Y+1400)),$((X+400)) $((Y+1200)),$((X+200)) $((Y+1200))))"
run "hole over the core zone" scientific_research "$hole"
[ "$(q .verdict)" = conditions ] && near "$(area eco_redline)" 50000 1e-6 && near "$(area core_zone)" 0 1e-9
ok $? "a hole exactly over the core zone: 50 000 m² of red line, no core zone"

multi="MULTIPOLYGON((($((X+900)) $((Y+100)),$((X+1100)) $((Y+100)),$((X+1100)) $((Y+200)),$((X+900)) $((Y+200)),$((X+900)) $((Y+100)))),(($((X+900)) $((Y+300)),$((X+1000)) $((Y+300)),$((X+1000)) $((Y+400)),$((X+900)) $((Y+400)),$((X+900)) $((Y+300)))))"
run "multipolygon across the urban boundary" residential "$multi"
near "$(area outside_urban_boundary)" 10000 1e-6 && [ "$(q .verdict)" = prohibited ] && q '.reasons[].rule' | grep -q UDB-out
ok $? "10 000 m² outside the urban boundary: housing prohibited there"

run "sliver on the red line" scientific_research "POLYGON((40500999.99 3201500,40501100 3201500,40501100 3201500.5,40500999.99 3201500.5,40500999.99 3201500))"
[ "$(q '.overlaps[] | select(.zone == "eco_redline") | .counts')" = false ] && ! q '.reasons[].rule' | grep -q ECR
ok $? "a 0.005 m² sliver of red line does not count as occupation"
[ "$(q .verdict)" = conditions ]; ok $? "the farmland part decides: research on farmland with conditions"

run "natural shoreline" linear_infrastructure "$(sq 1900 500 2000 700)"
near "$(q '.obligations[] | select(.obligation == "shoreline_restoration") | .length_m')" 200 1e-6
ok $? "200 m of natural shoreline occupied: 200 m to restore"

# the same footprint given in CGCS2000 geographic coordinates is transformed and said so
pts=$(printf '%s\n' "40500100 3200100" "40500200 3200100" "40500200 3200200" "40500100 3200200" |
      gdaltransform -s_srs EPSG:4528 -t_srs EPSG:4490 -output_xy | awk '{ printf "%s%.10f %.10f", (NR > 1 ? "," : ""), $1, $2 } END { }')
first=$(echo "$pts" | cut -d, -f1)
$B check --data "$G" --category residential --crs EPSG:4490 --wkt "POLYGON(($pts,$first))" --json > "$T/r.json"
ok $? "check of a footprint in EPSG:4490"
q .note | grep -q "transformed from EPSG:4490"; ok $? "the transformation is reported"
[ "$(q .verdict)" = allowed ] && near "$(q .ellipsoidal_area_m2)" 10000 0.5; ok $? "same verdict and area after transformation"

# a line footprint from a GeoJSON file: a road across the red line and the farmland
cat > "$T/road.geojson" <<J
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4528"}},"features":[{"type":"Feature","properties":{"name":"road"},"geometry":{"type":"LineString","coordinates":[[40500500,3201500],[40501500,3201500]]}}]}
J
$B check --data "$G" --category linear_infrastructure "$T/road.geojson" --json > "$T/r.json"; ok $? "check of a line footprint from GeoJSON"
near "$(q '.overlaps[] | select(.zone == "eco_redline") | .length_m')" 500 1e-6 &&
near "$(q '.overlaps[] | select(.zone == "basic_farmland") | .length_m')" 500 1e-6 && [ "$(q .verdict)" = approval ]
ok $? "500 m in the red line and 500 m on farmland: approval"
# the control layers as a folder of Shapefiles give the same check as the GeoPackage
mkdir -p "$T/shp"
for l in county eco_redline core_zone basic_farmland urban_boundary landuse_patch shoreline; do
    ogr2ogr -f "ESRI Shapefile" "$T/shp/$l.shp" "$Z/$l.geojson" -lco ENCODING=UTF-8 2>/dev/null
done
$B check --data "$T/shp" --category national_major --wkt "$(sq 900 1600 1100 1700)" --json > "$T/s.json"
$B check --data "$G" --category national_major --wkt "$(sq 900 1600 1100 1700)" --json > "$T/r.json"
[ "$(jq -S '[.verdict, .overlaps, .obligations]' "$T/s.json")" = "$(jq -S '[.verdict, .overlaps, .obligations]' "$T/r.json")" ]
ok $? "control layers from Shapefiles: the same verdict, overlaps and obligations"

exits 1 "footprint outside the county" $B check --data "$G" --category residential --wkt "$(sq 3000 0 3100 100)"
grep -q "outside the county" "$T/err"; ok $? "outside-county error says so"
exits 1 "self-intersecting footprint" $B check --data "$G" --category residential --wkt "POLYGON(($X $Y,$((X+100)) $((Y+100)),$((X+100)) $Y,$X $((Y+100)),$X $Y))"
grep -q "not a valid geometry: Self-intersection" "$T/err"; ok $? "invalid footprint: the reason and where, repair suggested"
# a bowtie of two 100 x 50 triangles: repaired into them, 2 × 2 500 m², and said so
$B check --data "$G" --category residential --repair --json --wkt "POLYGON(($X $Y,$((X+100)) $((Y+100)),$((X+100)) $Y,$X $((Y+100)),$X $Y))" > "$T/r.json"
ok $? "check --repair"
q .note | grep -q "repaired (GEOS MakeValid): Self-intersection" && near "$(q .ellipsoidal_area_m2)" 5000 5
ok $? "the repair is reported and the repaired footprint measures 5 000 m²"
exits 1 "unknown category" $B check --data "$G" --category casino --wkt "$(sq 100 100 200 200)"
grep -q "no such category" "$T/err"; ok $? "unknown category error names --category"
M=$(cd "$(dirname "$0")/../../data/zoning" && pwd)/cn-national-2024.json
jq 'del(.rules[5])' "$M" > "$T/gap.json"
exits 1 "rules check finds a gap" $B rules check --rules "$T/gap.json"
grep -q "gap: core_zone" "$T/out"; ok $? "the gap is named (zone x category)"
exits 1 "check refuses a table with gaps" $B check --data "$G" --rules "$T/gap.json" --category residential --wkt "$(sq 100 100 200 200)"
jq '.rules += [(.rules[0] | .decision = "allowed")]' "$M" > "$T/contra.json"
exits 1 "rules check finds a contradiction" $B rules check --rules "$T/contra.json" --json
jq -e '.problems[0].problem == "contradiction"' "$T/out" >/dev/null; ok $? "the contradiction is reported"
jq '.rules[0].decision = "maybe"' "$M" > "$T/bad.json"
exits 1 "a decision that is not one of the four" $B rules show --rules "$T/bad.json"
grep -q "rules\[0\]" "$T/err"; ok $? "the bad rule is named by its index"

# the overlap pieces as a GeoPackage
$B check --data "$G" --category national_major --wkt "$(sq 900 1600 1100 1700)" --out "$T/p.gpkg" > /dev/null
ok $? "check --out writes the overlap pieces"
[ "$(ogrinfo -q "$T/p.gpkg" -sql "SELECT COUNT(*) AS n FROM overlap WHERE zone IN ('eco_redline', 'basic_farmland')" | sed -n 's/.*n (Integer) = //p')" = 2 ]
ok $? "one piece per zone occupied, named by zone"
pa=$(ogrinfo -q "$T/p.gpkg" -dialect SQLite -sql "SELECT ST_Area(geom) AS a FROM overlap WHERE zone = 'eco_redline'" | sed -n 's/.*a (Real) = //p')
near "$pa" 10000 1e-6; ok $? "the red-line piece measures 10 000 m² ($pa)"
exits 1 "check --out refuses to overwrite" $B check --data "$G" --category national_major --wkt "$(sq 900 1600 1100 1700)" --out "$T/p.gpkg"

# the three lines must not overlap: a farmland polygon pushed 100 m into the red line
$B check --validate-layers --data "$G" --json > "$T/v.json"; ok $? "validate the control layers"
[ "$(jq '.overlaps | length' "$T/v.json")" = 0 ]; ok $? "the hand-built lines do not overlap"
cp "$G" "$T/bad.gpkg"
# densified to some 1 300 vertices, so that the loader cuts it into tiles: still one overlap
ogr2ogr -f GPKG -update -append "$T/bad.gpkg" /vsistdin/ -nln basic_farmland -segmentize 0.3 <<J 2>/dev/null
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4528"}},"features":[{"type":"Feature","properties":{"TBBH":"J2"},"geometry":{"type":"Polygon","coordinates":[[[40500900,3201000],[40501000,3201000],[40501000,3201100],[40500900,3201100],[40500900,3201000]]]}}]}
J
$B check --validate-layers --data "$T/bad.gpkg" --json > "$T/v.json"
[ "$(jq '.overlaps | length' "$T/v.json")" = 1 ] && [ "$(jq -r '.overlaps[0].layers | join(",")' "$T/v.json")" = "basic_farmland,eco_redline" ] &&
near "$(jq '.overlaps[0].area_m2' "$T/v.json")" 10000 1e-6
ok $? "farmland over the red line reported: 10 000 m² with its location"
$B check --data "$T/bad.gpkg" --category residential --wkt "$(sq 100 100 200 200)" --json > "$T/r.json" 2>"$T/err"
[ "$(q '.layer_overlaps | length')" = 1 ]; ok $? "a check on those layers carries the overlap found on load"

# batch overlay: an industrial patch inside the red line is a suspected violation
cp "$G" "$T/ov.gpkg"
ogr2ogr -f GPKG -update -append "$T/ov.gpkg" /vsistdin/ -nln landuse_patch <<J 2>/dev/null
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4528"}},"features":[{"type":"Feature","properties":{"TBBH":"F","DLBM":"0601","KCXS":0,"GDDB":0},"geometry":{"type":"Polygon","coordinates":[[[40500600,3201100],[40500700,3201100],[40500700,3201200],[40500600,3201200],[40500600,3201100]]]}}]}
J
$B overlay --data "$T/ov.gpkg" --csv "$T/ov.csv" --out "$T/ovp.gpkg" --json > "$T/r.json"; ok $? "overlay of the hand-built patches"
[ "$(q .patches)" = 6 ] && [ "$(q .suspected)" = 1 ] && near "$(q .suspected_area_m2)" 10000 2; ok $? "one suspected violation of about 10 000 m² (industrial land in the red line)"
# patch D (forest) lies wholly in the red line: 1 000 000 m², of which the core zone 40 000
[ "$(awk -F, '$1 == "D" && $3 == "eco_redline" { print $5 }' "$T/ov.csv")" = "1000000.000000" ] &&
[ "$(awk -F, '$1 == "D" && $3 == "core_zone" { print $5 }' "$T/ov.csv")" = "40000.000000" ]
ok $? "patch D: 1 000 000 m² of red line, 40 000 m² of core zone"
[ "$(ogrinfo -q "$T/ovp.gpkg" -sql "SELECT COUNT(*) AS n FROM overlay WHERE suspected = 1" | sed -n 's/.*n (Integer) = //p')" = 1 ]
ok $? "the overlay GeoPackage flags the same piece"
# read as the 2023 planning classification, 0601 is rural road (农业设施建设用地), not industry
$B overlay --data "$T/ov.gpkg" --scheme planning --json > "$T/r.json"
[ "$(q .suspected)" = 0 ]; ok $? "codes read in their scheme: 0601 is no violation in the planning classification"

# planar overlap areas equal SpatiaLite's ST_Area(ST_Intersection()) on the demo county
$B demo --out "$T/c" --seed 4 >/dev/null
wkt=$(ogrinfo -q "$T/c/county.gpkg" -sql "SELECT ST_AsText(ST_Buffer(ST_PointOnSurface(geom), 400)) AS w FROM eco_redline LIMIT 1" | sed -n 's/.*w (String) = //p')
$B check --data "$T/c/county.gpkg" --category linear_infrastructure --wkt "$wkt" --json > "$T/r.json"
ok $? "check on the demo county"
[ "$(jq -r '.regions | length > 0 and all(.main_function_zone | length > 0)' "$T/r.json")" = true ]
ok $? "the townships of the footprint with their main function zone (主体功能区)"
for l in eco_redline basic_farmland; do
    want=$(ogrinfo -q "$T/c/county.gpkg" -dialect SQLite -sql "SELECT SUM(ST_Area(ST_Intersection(geom, ST_GeomFromText('$wkt')))) AS a FROM $l WHERE ST_Intersects(geom, ST_GeomFromText('$wkt'))" | sed -n 's/.*a (Real) = //p')
    got=$(area $l)
    [ -n "$want" ] || want=0
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b > 1 ? b : 1)) }'
    ok $? "$l overlap equals SpatiaLite's to 1e-6 ($got vs $want m²)"
done
# the whole demo county: patch × red line and patch × farmland totals equal SpatiaLite's join
$B overlay --data "$T/c/county.gpkg" --csv "$T/dov.csv" > /dev/null; ok $? "overlay of the demo county"
for l in eco_redline basic_farmland; do
    want=$(ogrinfo -q "$T/c/county.gpkg" -dialect SQLite -sql "SELECT SUM(ST_Area(CollectionExtract(ST_Intersection(p.geom, r.geom), 3))) AS a FROM landuse_patch p, $l r WHERE ST_Intersects(p.geom, r.geom)" | sed -n 's/.*a (Real) = //p')
    got=$(awk -F, -v l=$l '$3 == l { s += $5 } END { printf "%.6f", s }' "$T/dov.csv")
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * b) }'
    ok $? "patches x $l: $got m² = SpatiaLite's $want m²"
done
echo "1..$n"
