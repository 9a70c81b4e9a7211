#!/usr/bin/env bash
# The liangshan command line end to end, as a user or a script drives it (TAP output).
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/cli.XXXXXX")
n=0
ok() { # status name
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() { local name=$1; shift; "$@" >/dev/null 2>&1; ok $? "$name"; }

# --version, --help and exit codes
check "--version" $B --version
# every command and every subcommand answers --help: usage on stdout, exit 0
cmds=$($B --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1}')
[ "$(echo $cmds | wc -w)" -ge 15 ]; ok $? "liangshan --help lists the commands ($(echo $cmds | wc -w))"
declare -A subs=(
    [raster]="align calc reclass slope focal zonal fill flowdir flowacc streams watershed distance"
    [gep]="run diff methods" [rules]="show check" [ledger]="verify rebuild" [user]="add set list"
    [registry]="init import register transfer show history search export")
for c in $cmds; do
    for sub in "" ${subs[$c]:-}; do
        $B $c $sub --help >"$T/help" 2>"$T/help.err"; rc=$?
        [ $rc -eq 0 ] && grep -q "usage: liangshan $c" "$T/help" && [ ! -s "$T/help.err" ]
        ok $? "liangshan $c${sub:+ $sub} --help (exit $rc: $(head -c 100 "$T/help.err"))"
    done
done
$B nosuch >/dev/null 2>&1; ok $(( $? == 1 ? 0 : 1 )) "unknown command exits 1"
$B area >/dev/null 2>&1; ok $(( $? == 1 ? 0 : 1 )) "missing argument exits 1"

# demo: generates, refuses to overwrite, JSON summary
$B demo --out "$T/county" --seed 3 --json > "$T/demo.json"; ok $? "demo small"
[ "$(jq -r '.patches > 2000 and (.land_classes | length) >= 10' "$T/demo.json")" = true ]
ok $? "demo summary: patches and land classes"
[ "$(jq -r '[.control_lines[] | .area_m2 > 0] | all' "$T/demo.json")" = true ]
ok $? "demo summary: every control line has area"
[ "$(jq -r '.shoreline_m.natural > 0' "$T/demo.json")" = true ]; ok $? "demo summary: shoreline"
before=$(stat -c %Y "$T/county/county.gpkg")
$B demo --out "$T/county" --seed 4 >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "refusing to overwrite" "$T/err" && \
    [ "$(stat -c %Y "$T/county/county.gpkg")" = "$before" ]
ok $? "demo refuses an existing folder and leaves it alone"
$B demo --size huge >/dev/null 2>&1; ok $(( $? == 1 ? 0 : 1 )) "demo --size huge is a usage error"

# area: JSON fields per feature; patch TBMJ equals the computed ellipsoidal area
$B area "$T/county/county.gpkg" --layer landuse_patch --json > "$T/area.json"; ok $? "area --json"
[ "$(jq -r '.features[0] | has("id") and has("planar_area_m2") and has("ellipsoidal_area_m2")' \
    "$T/area.json")" = true ]; ok $? "area JSON has id, planar_area_m2, ellipsoidal_area_m2"
tot=$(jq -r '.total.ellipsoidal_area_m2' "$T/area.json")
county=$(jq -r '.county_area_m2' "$T/demo.json")
awk -v a="$tot" -v b="$county" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 100) }'
ok $? "sum of patch areas matches the county summary"

# coords: boundary-point file in GBK, one parcel declared right, one wrong
cat > "$T/c.txt" <<'TXT'
[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=40
精度=0.001
转换参数=,,,,,,
[地块坐标]
5,0.9998,DK01,东地块,面,,工业用地,0601,@
J1,1,3154000.000,40598000.000
J2,1,3154000.000,40598100.000
J3,1,3154100.000,40598100.000
J4,1,3154100.000,40598000.000
J1,1,3154000.000,40598000.000
5,1.2000,DK02,西地块,面,,工业用地,0601,@
J1,1,3155000.000,40598000.000
J2,1,3155000.000,40598100.000
J3,1,3155100.000,40598100.000
J4,1,3155100.000,40598000.000
J1,1,3155000.000,40598000.000
TXT
iconv -f UTF-8 -t GBK "$T/c.txt" > "$T/c_gbk.txt"
$B coords "$T/c_gbk.txt" --json --out "$T/c.gpkg" > "$T/c.json"; ok $? "coords GBK file"
[ "$(jq -r '.parcels[0].number + "|" + .parcels[0].name + "|" + .parcels[0].area_check' "$T/c.json")" \
    = "DK01|东地块|matches_ellipsoidal" ]; ok $? "coords decodes GBK and matches the declared area"
[ "$(jq -r '.parcels[1].area_check' "$T/c.json")" = mismatch ]; ok $? "coords flags a wrong area"
[ "$(jq -r '.area_mismatches' "$T/c.json")" = 1 ]; ok $? "coords counts mismatches"
[ "$(jq -r '.parcels[0] | has("declared_area_ha") and has("ellipsoidal_area_m2")' "$T/c.json")" = true ]
ok $? "coords JSON has declared_area_ha and ellipsoidal_area_m2"
$B info "$T/c.gpkg" | grep -q "EPSG\|zone 40"; ok $? "coords output is a GeoPackage in zone 40"
# the last point of DK02 (the file's last line) no longer repeats its first
sed '$ s/40598000.000$/40598001.000/' "$T/c.txt" > "$T/open.txt"
$B coords "$T/open.txt" --json > "$T/open.json" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ "$(jq -r '.error.field' "$T/open.json")" = "圈号" ] && \
    jq -r '.error.where' "$T/open.json" | grep -q "line"
ok $? "coords: ring that does not close is named with line and field"
$B coords "$T/c.txt" --out "$T/c.gpkg" >/dev/null 2>&1; ok $(( $? == 1 ? 0 : 1 )) "coords refuses to overwrite --out"

# Shapefile in GBK without .cpg (the common case) -> GeoPackage and back
ogr2ogr -q -f "ESRI Shapefile" "$T/dltb.shp" "$T/county/county.gpkg" landuse_patch -lco ENCODING=GBK -where "BSM <= 30"
rm -f "$T/dltb.cpg"; printf '\x00' | dd of="$T/dltb.dbf" bs=1 seek=29 conv=notrunc status=none
$B info "$T/dltb.shp" --json > "$T/shp.json"; ok $? "info on a GBK shapefile"
[ "$(jq -r '.layers[0].encoding' "$T/shp.json")" = GB18030 ]; ok $? "GBK detected without .cpg"
$B convert "$T/dltb.shp" "$T/dltb.gpkg" >/dev/null; ok $? "convert shapefile to GeoPackage"
want=$(ogrinfo -q -ro "$T/county/county.gpkg" -sql "SELECT ZLDWMC FROM landuse_patch WHERE BSM = 1" | sed -n 's/.*= //p')
got=$(ogrinfo -q -ro "$T/dltb.gpkg" -sql "SELECT ZLDWMC FROM dltb WHERE BSM = 1" | sed -n 's/.*= //p')
[ -n "$want" ] && [ "$want" = "$got" ]; ok $? "Chinese attributes survive GBK -> UTF-8 ($got)"
$B convert "$T/dltb.gpkg" "$T/back.shp" --encoding GBK >/dev/null && [ "$(cat "$T/back.cpg")" = GBK ]
ok $? "shapefile written with its encoding declared"
printf '\xff\xfe\xfd' > "$T/junk.shp"; $B info "$T/junk.shp" >/dev/null 2>&1
ok $(( $? == 1 ? 0 : 1 )) "unreadable file is bad input"

# reprojection through PROJ leaves the ellipsoidal area alone (same points on the ellipsoid)
$B convert "$T/county/county.gpkg" "$T/z39.gpkg" --layer county --to-crs EPSG:4527 >/dev/null
ok $? "convert --to-crs into zone 39"
e40=$($B area "$T/county/county.gpkg" --layer county --json | jq -r '.total.ellipsoidal_area_m2')
e39=$($B area "$T/z39.gpkg" --json | jq -r '.total.ellipsoidal_area_m2')
awk -v a="$e40" -v b="$e39" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-3) }'
ok $? "ellipsoidal area is the same in zone 40 and zone 39 ($e40 / $e39)"
$B info "$T/z39.gpkg" --json | jq -e '.layers[0].crs.zone == 39 and .layers[0].crs.epsg == 4527' >/dev/null
ok $? "zone 39 output declares EPSG:4527"

# File Geodatabase (written by GDAL's OpenFileGDB driver) reads like any other source
ogr2ogr -q -f OpenFileGDB "$T/survey.gdb" "$T/county/county.gpkg" landuse_patch -nln DLTB
$B area "$T/survey.gdb" --layer DLTB --json | jq -e ".total.ellipsoidal_area_m2 - $tot | fabs < 1e-3" >/dev/null
ok $? "FileGDB: same total area as the GeoPackage"
$B validate "$T/county/county.gpkg" --layer landuse_patch --json | jq -e '.invalid == 0 and .repeated_points == 0' >/dev/null
ok $? "demo patches: no invalid geometry, no repeated point"

# VCT: survey patches out to VCT (GBK) and back, areas unchanged
$B convert "$T/county/county.gpkg" "$T/dltb.vct" --layer landuse_patch >/dev/null; ok $? "convert GeoPackage -> VCT"
$B info "$T/dltb.vct" --json | jq -e '.encoding == "GB18030" and .crs.epsg == 4528 and .layers[0].polygons > 2000' >/dev/null
ok $? "info reads the VCT back (GBK, EPSG:4528)"
$B convert "$T/dltb.vct" "$T/from_vct.gpkg" >/dev/null; ok $? "convert VCT -> GeoPackage"
a=$($B area "$T/county/county.gpkg" --layer landuse_patch --json | jq -r '.total.ellipsoidal_area_m2')
b=$($B area "$T/from_vct.gpkg" --json | jq -r '.total.ellipsoidal_area_m2')
c=$($B area "$T/dltb.vct" --json | jq -r '.total.ellipsoidal_area_m2')
[ "$a" = "$b" ] && [ "$a" = "$c" ]; ok $? "VCT round trip keeps every area ($a m²)"
w=$(ogrinfo -q -ro "$T/from_vct.gpkg" -sql "SELECT DLMC FROM landuse_patch WHERE BSM = 1" | sed -n 's/.*= //p')
[ -n "$w" ] && [ "$w" = "$(ogrinfo -q -ro "$T/county/county.gpkg" -sql "SELECT DLMC FROM landuse_patch WHERE BSM = 1" | sed -n 's/.*= //p')" ]
ok $? "VCT round trip keeps Chinese attributes ($w)"

# validate and repair
cat > "$T/bad.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4528"}},"features":[
{"type":"Feature","properties":{"id":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[40598000,3154000],[40598100,3154100],[40598100,3154000],[40598000,3154100],[40598000,3154000]]]}},
{"type":"Feature","properties":{"id":"fine"},"geometry":{"type":"Polygon","coordinates":[[[40598000,3154000],[40598100,3154000],[40598100,3154100],[40598000,3154000]]]}}]}
J
$B validate "$T/bad.geojson" --repair "$T/fixed.gpkg" --json > "$T/v.json"; ok $? "validate --repair"
[ "$(jq -r '.invalid' "$T/v.json")" = 1 ] && [ "$(jq -r '.problems[0].feature' "$T/v.json")" = bowtie ]
ok $? "the self-intersecting feature is named"
jq -e '.problems[0].planar_area_change_m2 == 5000' "$T/v.json" >/dev/null
ok $? "repair reports the area it changed (two 50 m triangles = 5000 m²)"
$B validate "$T/fixed.gpkg" --json | jq -e '.invalid == 0' >/dev/null; ok $? "repaired copy is valid"
$B area "$T/bad.geojson" --json | jq -e '.features[0].valid == false' >/dev/null
ok $? "area marks invalid features"
cat > "$T/open.geojson" <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"open"},"geometry":{"type":"Polygon","coordinates":[[[121,28.7],[121.001,28.7],[121.001,28.701],[121,28.701]]]}},
{"type":"Feature","properties":{"id":"short"},"geometry":{"type":"Polygon","coordinates":[[[121,28.7],[121.001,28.7],[121,28.7]]]}}]}
J
$B validate "$T/open.geojson" --json | jq -e '[.problems[].problem] == ["ring 1 does not close", "ring 1 has fewer than 3 distinct points"]' >/dev/null
ok $? "unclosed and too-short rings are named"
$B area "$T/open.geojson" --json > "$T/open_area.json" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && jq -e '.error.where | test("short")' "$T/open_area.json" >/dev/null
ok $? "area refuses a ring with fewer than 3 distinct points, naming the feature"

echo "1..$n"
rm -rf "$T"
