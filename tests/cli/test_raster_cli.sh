#!/usr/bin/env bash
# `liangshan raster` end to end on the demo county (TAP output).
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/rcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
val() { gdallocationinfo -valonly "$1" "$2" "$3"; } # file col row

$B demo --out "$T/c" --seed 2 >/dev/null; ok $? "demo county for the raster tests"
D=$T/c

$B raster --help | grep -q "raster fill"; ok $? "raster --help lists the operations"
for op in align calc reclass slope focal zonal fill flowdir flowacc streams watershed distance; do
    $B raster $op --help | grep -q "usage: liangshan raster $op"; ok $? "raster $op --help"
done
exits 1 "unknown raster operation" $B raster nosuch

# calc: a 3-input kernel, checked at a cell against the inputs; same bytes for any threads/strips
$B raster calc "$T/k1.tif" --expr "A*B+C" -A $D/precipitation.tif -B $D/pawc.tif \
    -C $D/soil_depth.tif --threads 1 >/dev/null; ok $? "calc A*B+C"
a=$(val $D/precipitation.tif 200 150); b=$(val $D/pawc.tif 200 150); c=$(val $D/soil_depth.tif 200 150)
k=$(val "$T/k1.tif" 200 150)
awk -v a="$a" -v b="$b" -v c="$c" -v k="$k" 'BEGIN { d = a*b+c-k; if (d<0) d=-d; exit !(d < 1e-3*(a*b+c)) }'
ok $? "calc value at a cell equals A*B+C by hand ($k)"
$B raster calc "$T/k2.tif" --expr "A*B+C" -A $D/precipitation.tif -B $D/pawc.tif \
    -C $D/soil_depth.tif --threads 2 --strip 7 >/dev/null
cmp -s "$T/k1.tif" "$T/k2.tif"; ok $? "calc output byte-identical with 2 threads and 7-row strips"
exits 1 "calc refuses to overwrite" $B raster calc "$T/k1.tif" --expr "A" -A $D/pawc.tif
exits 1 "calc: bad expression" $B raster calc "$T/x.tif" --expr "A +* 2" -A $D/pawc.tif
grep -q "character" "$T/err"; ok $? "bad expression error names the character"
exits 1 "calc: a letter without a file" $B raster calc "$T/x.tif" --expr "A+B" -A $D/pawc.tif
# nodata propagates: sea cells have no soil depth
sea=$(val "$T/k1.tif" 499 250)
[ "$sea" = "-9999" ]; ok $? "calc: nodata in an input gives nodata ($sea)"

# align: coarsen to 90 m, then back onto the 30 m grid; classes use nearest neighbour
ext=$(gdalinfo -json $D/elevation.tif | jq -r '.cornerCoordinates | "\(.lowerLeft[0]),\(.lowerLeft[1]),\(.upperRight[0]),\(.upperRight[1])"')
$B raster align $D/precipitation.tif "$T/p90.tif" --extent "$ext" --res 90 --resampling average \
    --json > "$T/al.json"; ok $? "align to 90 m"
[ "$(jq -r '.resampling == "average" and .target_grid.columns == 167 and .overlap_fraction > 0.99' "$T/al.json")" = true ]
ok $? "align report: resampling, target grid, overlap"
$B raster align $D/landcover.tif "$T/lc.tif" --like $D/elevation.tif --json > "$T/al2.json"
[ "$(jq -r .resampling "$T/al2.json")" = near ]; ok $? "align picks nearest neighbour for classes"
exits 1 "align: no overlap" $B raster align $D/elevation.tif "$T/far.tif" --extent 0,0,3000,3000 --res 30
grep -q "does not overlap" "$T/err"; ok $? "no-overlap error says so"
exits 1 "calc: inputs on different grids" $B raster calc "$T/y.tif" --expr "A+B" -A $D/elevation.tif -B "$T/p90.tif"
grep -q "align it first" "$T/err"; ok $? "grid mismatch error says to align"

gdal_translate -q -of VRT $D/pawc.tif "$T/nosrs.vrt" && sed -i '/<SRS/d' "$T/nosrs.vrt"
exits 1 "align: an input without a CRS onto a target with one" $B raster align "$T/nosrs.vrt" "$T/n.tif" --like $D/elevation.tif
grep -q "declares no CRS" "$T/err"; ok $? "missing-CRS error says so"
exits 1 "calc: same grid but one input without a CRS" $B raster calc "$T/n2.tif" --expr "A+B" -A $D/pawc.tif -B "$T/nosrs.vrt"
$B raster calc "$T/unc.tif" --expr "A*2" -A $D/pawc.tif --compress none >/dev/null
gdalinfo "$T/unc.tif" | grep -q COMPRESSION; ok $(( $? == 0 ? 1 : 0 )) "--compress none writes uncompressed tiles"
exits 1 "unknown --compress" $B raster calc "$T/unc2.tif" --expr "A" -A $D/pawc.tif --compress brotli

# slope, focal, reclass
$B raster slope $D/elevation.tif "$T/slope.tif" --unit percent >/dev/null; ok $? "slope in percent"
$B raster focal $D/ndvi.tif "$T/f.tif" --stat mean --size 5 >/dev/null; ok $? "focal mean 5x5"
exits 1 "focal: even window" $B raster focal $D/ndvi.tif "$T/f2.tif" --size 4
printf 'code,c\n101,0.1\n' > "$T/t.csv"
exits 1 "reclass: class missing from the table" $B raster reclass $D/landcover.tif "$T/r.tif" --table "$T/t.csv" --key code --value c
grep -q "not in the table" "$T/err" && [ ! -e "$T/r.tif" ]; ok $? "missing class named, no output left"

# zonal: by township polygons, then by township x land class in one pass
$B raster zonal $D/precipitation.tif --zone-polygons $D/county.gpkg --layer township \
    --label-field XZQMC --json > "$T/z.json"; ok $? "zonal by township polygons"
nt=$(ogrinfo -so $D/county.gpkg township | awk -F': ' '/Feature Count/ {print $2}')
[ "$(jq '.zones | length' "$T/z.json")" = "$nt" ]; ok $? "one zonal row per township ($nt)"
[ "$(jq -r '[.zones[] | (.area_m2 == .count * 900) and (.label | length > 0)] | all' "$T/z.json")" = true ]
ok $? "zonal: area is count x 900 m2 and rows carry the township name"
[ "$(jq .zones_without_cells "$T/z.json")" = 0 ]; ok $? "every township covers some cell"
$B raster zonal $D/precipitation.tif --zone-polygons $D/county.gpkg --layer township \
    --classes $D/landcover.tif --csv "$T/zc.csv" >/dev/null; ok $? "zonal by township x class to CSV"
sum1=$(jq '[.zones[].count] | add' "$T/z.json")
sum2=$(awk -F, 'NR > 1 { s += $4 } END { print s }' "$T/zc.csv")
[ -n "$sum1" ] && [ "$sum1" = "$sum2" ]; ok $? "zone x class counts add up to the zone counts ($sum1)"

# hydrology
$B raster fill $D/elevation.tif "$T/fill.tif" --json > "$T/fill.json"; ok $? "fill"
[ "$(jq -r '.fill.raised_cells > 0' "$T/fill.json")" = true ]; ok $? "fill raised the depressions"
$B raster fill $D/elevation.tif "$T/fill_ooc.tif" --out-of-core --strip 13 --threads 2 >/dev/null
cmp -s "$T/fill.tif" "$T/fill_ooc.tif"; ok $? "fill out of core in 13-row bands: byte-identical"
$B raster fill $D/elevation.tif "$T/fill_auto.tif" --mem 3M --json > "$T/fill_auto.json"
[ "$(jq -r .out_of_core "$T/fill_auto.json")" = true ] && cmp -s "$T/fill.tif" "$T/fill_auto.tif"
ok $? "fill streams in bands by itself when the grid does not fit --mem 3M; same bytes"
$B raster calc "$T/flat.tif" -A $D/elevation.tif --expr "where(row > 200 && row < 230 && col > 100 && col < 160, nodata, round(A/5)*5)" >/dev/null
# two outlets: near the river mouth, and one inside the grid (snapped within 5 cells)
gj=$(gdalinfo -json "$T/flat.tif")
printf 'x,y\n%s,%s\n%s,%s\n' "$(echo "$gj" | jq '.cornerCoordinates.lowerRight[0] - 15')" \
    "$(echo "$gj" | jq '(.cornerCoordinates.upperLeft[1] + .cornerCoordinates.lowerLeft[1]) / 2')" \
    "$(echo "$gj" | jq '.cornerCoordinates.upperLeft[0] + 3015')" \
    "$(echo "$gj" | jq '.cornerCoordinates.upperLeft[1] - 4015')" > "$T/fo.csv"
for op in flowdir flowacc "streams --threshold 300" "flowacc --weight $D/precipitation.tif --edges outward" \
    "distance --threshold 300" "distance --threshold 450000 --weight $D/precipitation.tif" \
    "flowacc --method mfd --exponent 1.3" \
    "flowacc --method mfd --weight $D/precipitation.tif --edges outward" \
    "watershed --outlets $T/fo.csv --snap 5"; do
    $B raster $op "$T/flat.tif" "$T/rm.tif" --force --json > "$T/rm.json"
    $B raster $op "$T/flat.tif" "$T/ro.tif" --out-of-core --strip 9 --threads 2 --force --json > "$T/ro.json"
    cmp -s "$T/rm.tif" "$T/ro.tif" && [ "$(jq '.bands.count' "$T/ro.json")" = 56 ] &&
        [ "$(jq -c .outlets "$T/rm.json")" = "$(jq -c .outlets "$T/ro.json")" ]
    ok $? "$op out of core in 9-row bands (flats, nodata, 5 m steps): byte-identical to in memory"
done
[ "$(jq '.outlets | length' "$T/ro.json")" = 2 ] && [ "$(jq '.bands.downstream_visits > 56' "$T/ro.json")" = true ]
ok $? "watershed out of core snapped both outlets; labels crossed the bands"
$B raster flowacc "$T/flat.tif" "$T/rm2.tif" >/dev/null
$B raster flowacc "$T/flat.tif" "$T/ra.tif" --mem 3M --json > "$T/ra.json"
[ "$(jq -r .out_of_core "$T/ra.json")" = true ] && cmp -s "$T/ra.tif" "$T/rm2.tif"
ok $? "flowacc streams by itself when the grid does not fit --mem 3M; same bytes"
$B raster flowacc "$T/flat.tif" "$T/rz1.tif" --method mfd >/dev/null
$B raster flowacc "$T/flat.tif" "$T/rz2.tif" --method mfd --mem 3M --json > "$T/rz.json"
[ "$(jq -r .out_of_core "$T/rz.json")" = true ] && [ "$(jq -r .method "$T/rz.json")" = mfd ] &&
    cmp -s "$T/rz1.tif" "$T/rz2.tif"
ok $? "flowacc --method mfd streams by itself under --mem 3M; same bytes"
# A Float64 plane falling 1e-9 m per cell at 1,000 m (below a float's step there): routed
# in double, it stays a plane — filled unchanged, every cell drains east, accumulation col+1
$B raster calc "$T/p64.tif" -A $D/elevation.tif --expr "1000 - col * 1e-9" --type Float64 >/dev/null
$B raster fill "$T/p64.tif" "$T/f64.tif" >/dev/null
gdalinfo "$T/f64.tif" | grep -q "Type=Float64" &&
    cmp -s <(gdal_translate -q -of XYZ "$T/p64.tif" /vsistdout/) <(gdal_translate -q -of XYZ "$T/f64.tif" /vsistdout/)
ok $? "fill keeps a Float64 DEM's type and a plane's 1e-9 m steps"
$B raster flowdir "$T/p64.tif" "$T/d64.tif" >/dev/null
[ "$(gdalinfo -hist "$T/d64.tif" | awk '/buckets/ { getline; print $1, $9 }')" = "249500 500" ]
ok $? "Float64 plane: every cell drains east (code 0), the last column off the grid"
$B raster flowacc "$T/p64.tif" "$T/a64.tif" >/dev/null
[ "$(val "$T/a64.tif" 499 250)" = 500 ] && [ "$(val "$T/a64.tif" 10 0)" = 11 ]
ok $? "Float64 plane: accumulation is the column number plus one"
$B raster flowacc "$T/p64.tif" "$T/a64o.tif" --out-of-core --strip 7 --threads 2 >/dev/null
$B raster fill "$T/p64.tif" "$T/f64o.tif" --out-of-core --strip 7 >/dev/null
cmp -s "$T/a64.tif" "$T/a64o.tif" && cmp -s "$T/f64.tif" "$T/f64o.tif"
ok $? "Float64 out of core in 7-row bands: byte-identical fill and accumulation"
exits 1 "fill --epsilon --out-of-core is refused" $B raster fill $D/elevation.tif "$T/f6.tif" --epsilon --out-of-core
$B raster flowacc $D/elevation.tif "$T/acc.tif" >/dev/null; ok $? "flowacc d8"
$B raster flowacc $D/elevation.tif "$T/acc1.tif" --threads 1 >/dev/null
$B raster flowacc $D/elevation.tif "$T/acc2.tif" --threads 2 >/dev/null
cmp -s "$T/acc1.tif" "$T/acc2.tif" && cmp -s "$T/acc.tif" "$T/acc2.tif"
ok $? "flowacc byte-identical with 1 and 2 threads (serial and parallel fill)"
$B raster flowacc $D/elevation.tif "$T/mfd.tif" --method mfd --exponent 1.1 >/dev/null; ok $? "flowacc mfd"
$B raster flowacc $D/elevation.tif "$T/wacc.tif" --weight $D/precipitation.tif >/dev/null; ok $? "flowacc weighted"
mx=$(gdalinfo -json -stats "$T/acc.tif" | jq '.bands[0].maximum')
awk -v m="$mx" 'BEGIN { exit !(m > 1000 && m <= 250000) }'; ok $? "largest basin is a river, not the grid ($mx)"
$B raster flowdir $D/elevation.tif "$T/fd.tif" --encoding esri >/dev/null; ok $? "flowdir with ESRI codes"
codes=$(gdalinfo -hist "$T/fd.tif" | awk '/buckets/ { getline; n = split($0, h, " "); for (i = 1; i <= n; i++) if (h[i] > 0) printf "%d ", i - 1 }')
[ "$codes" = "0 1 2 4 8 16 32 64 128 " ]; ok $? "ESRI codes are 1..128 and 0 off the grid ($codes)"
$B raster streams $D/elevation.tif "$T/s.tif" --threshold 500 >/dev/null; ok $? "streams"
$B raster distance $D/elevation.tif "$T/dist.tif" --threshold 500 >/dev/null; ok $? "distance to stream"
# an outlet near the river mouth, snapped to the largest accumulation within 50 cells
x=$(gdalinfo -json $D/elevation.tif | jq '.cornerCoordinates.lowerRight[0] - 15')
y=$(gdalinfo -json $D/elevation.tif | jq '(.cornerCoordinates.upperLeft[1] + .cornerCoordinates.lowerLeft[1]) / 2')
printf 'x,y\n%s,%s\n' "$x" "$y" > "$T/outlets.csv"
$B raster watershed $D/elevation.tif "$T/ws.tif" --outlets "$T/outlets.csv" --snap 50 --json > "$T/ws.json"
ok $? "watershed from an outlet point"
up=$(jq '.outlets[0].upstream_cells' "$T/ws.json")
$B raster zonal $D/elevation.tif --zones "$T/ws.tif" --json > "$T/wz.json"
cnt=$(jq '.zones[] | select(.zone == 1) | .count + .nodata_cells' "$T/wz.json")
[ -n "$cnt" ] && [ "$up" = "$cnt" ] && [ "$cnt" -gt 100 ]; ok $? "watershed cells equal the outlet's accumulation ($cnt)"
printf 'x,y\n0,0\n' > "$T/far.csv"
exits 1 "watershed: outlet outside the DEM" $B raster watershed $D/elevation.tif "$T/ws2.tif" --outlets "$T/far.csv"
exits 1 "hydrology over the memory budget" $B raster fill $D/elevation.tif "$T/f3.tif" --mem 100K
grep -q "mem" "$T/err"; ok $? "budget error names --mem"
$B raster calc "$T/empty.tif" --expr "A*nodata" -A $D/elevation.tif >/dev/null
exits 1 "fill: all-nodata DEM" $B raster fill "$T/empty.tif" "$T/f4.tif"
grep -q "every cell is nodata" "$T/err"; ok $? "all-nodata error says so"
head -c 3000 $D/elevation.tif > "$T/broken.tif"
exits 1 "fill: corrupt TIFF" $B raster fill "$T/broken.tif" "$T/f5.tif"
grep -q "broken.tif" "$T/err"; ok $? "corrupt TIFF error names the file"
$B raster slope $D/elevation.tif "$T/cog.tif" --cog >/dev/null
gdalinfo "$T/cog.tif" | grep -q "LAYOUT=COG"; ok $? "--cog writes a Cloud-Optimized GeoTIFF"

echo "1..$n"
rm -rf "$T"
