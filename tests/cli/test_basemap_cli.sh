#!/usr/bin/env bash
# `liangshan basemap`: the county's own basemap tiles, checked pixel by pixel against the land
# cover and DEM by an independent reading of the XYZ scheme (basemap_oracle.py, GDAL's Python
# bindings); the cache is reused, redrawn when the county's data changes; bad input changes
# nothing (TAP output).
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/basemap.XXXXXX")
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"
PY=/usr/bin/python3
ORACLE="$(dirname "$0")/basemap_oracle.py"

$B demo --out "$T/c" --seed 1 >/dev/null
ok $? "demo county"
$B basemap --data "$T/c" --zoom 11-14 --json > "$T/j"; rc=$?
drawn=$(jq .drawn "$T/j"); cached=$(jq .cached "$T/j")
[ $rc = 0 ] && [ "$drawn" -ge 40 ] && [ "$cached" = 0 ] && [ -s "$T/c/tiles/basemap.tif" ]
ok $? "zooms 11–14 drawn into COUNTY/tiles ($drawn tiles, exit $rc)"

# every tile of zooms 12 to 14 against the rasters (zoom 12 reads the overviews too)
$PY "$ORACLE" "$T/c" "$T/c/tiles" 12 13 14 > "$T/oracle"; rc=$?
read -r tiles matched coloured transparent outside < <(tail -1 "$T/oracle")
[ $rc = 0 ] && [ "$tiles" -ge 60 ] && [ "$coloured" -ge 10000 ] && [ "$outside" -ge 1000 ]
ok $? "$tiles tiles: $matched of $coloured pixels on uniform land cover or sea have its colour, $transparent of $outside off the county are transparent ($(head -3 "$T/oracle" | tr '\n' ' '))"

# the tile covering a known point: lon/lat → tile by the XYZ formula, done here
read -r x y < <($PY -c "import math; lon, lat, z = 121.34, 28.84, 13; n = 2 ** z
print(int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n))")
[ -s "$T/c/tiles/13/$x/$y.png" ] && gdalinfo "$T/c/tiles/13/$x/$y.png" | grep -q "Size is 256, 256"
ok $? "the tile over 121.34°E 28.84°N is 13/$x/$y, 256×256"

$B basemap --data "$T/c" --zoom 11-14 --json > "$T/j2"
[ "$(jq .drawn "$T/j2")" = 0 ] && [ "$(jq .cached "$T/j2")" = "$drawn" ]
ok $? "a second run draws nothing: every tile comes from the cache"

touch "$T/c/landcover.tif"
$B basemap --data "$T/c" --zoom 12-12 --json > "$T/j3"
[ "$(jq .cached "$T/j3")" = 0 ] && [ ! -d "$T/c/tiles/14" ]
ok $? "new land cover redraws: the old tiles are dropped"

exits 1 "--zoom 9-3 is refused" $B basemap --data "$T/c" --zoom 9-3
exits 1 "--zoom 30 is refused" $B basemap --data "$T/c" --zoom 30
mkdir -p "$T/empty"
exits 1 "a county folder without a DEM is refused" $B basemap --data "$T/empty" --tiles "$T/empty/tiles"
grep -q "elevation.tif" "$T/err" && [ ! -e "$T/empty/tiles" ]
ok $? "… naming elevation.tif, and writing nothing: $(head -c 200 "$T/err")"
cp "$T/c/elevation.tif" "$T/empty/" && gdal_translate -q -outsize 50% 50% "$T/c/landcover.tif" "$T/empty/landcover.tif"
exits 1 "land cover on another grid than the DEM is refused" $B basemap --data "$T/empty" --tiles "$T/empty/tiles"
grep -q "landcover" "$T/err" && [ ! -e "$T/empty/tiles/basemap.tif" ]
ok $? "… naming the land cover, and leaving no basemap: $(head -c 200 "$T/err")"
echo "1..$n"
