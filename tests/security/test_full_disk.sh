#!/usr/bin/env bash
# Outputs fail loudly (docs/security.md, "Outputs"): every writer checks its writes and its
# close, and publishes (temporary file, then rename) only after both succeeded. The disk is
# made "full" for one command with a file-size limit (ulimit -f; SIGXFSZ ignored, so a write
# past it fails with EFBIG as on a full disk): each command must exit non-zero, leave no
# output and no temporary folder behind, and succeed again without the limit.
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county"
# a coordinate file of 300 parcels, so its outputs outgrow the limit
python3 - "$T/coords.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=40\n精度=0.001\n[地块坐标]\n")
    for k in range(300):
        x, y = 3180000 + (k // 20) * 300, 628000 + (k % 20) * 300
        f.write(f"5,0.6400,DK{k:03d},地块{k},面,,工业用地,0601,@\n")
        for j, (dx, dy) in enumerate([(0, 0), (0, 80), (80, 80), (80, 0), (0, 0)]):
            f.write(f"J{j % 4 + 1},1,{x + dx}.000,{y + dy + 40000000}.000\n")
PY
limited() { (trap '' XFSZ; ulimit -f 64; "$@"); }
clean() { [ -z "$(ls -A "$T/o" 2>/dev/null)" ]; }
mkdir -p "$T/o"
run() { # name output command...
    local name=$1 out=$2; shift 2
    rm -rf "$T/o" && mkdir -p "$T/o"
    limited "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc -ne 0 ] && clean
    ok $? "$name on a full disk: exit $rc, nothing left in the folder ($(head -c 120 "$T/err"))"
    rm -rf "$T/o" && mkdir -p "$T/o"
    "$@" >/dev/null 2>"$T/err" && [ -s "$T/o/$out" ]
    ok $? "$name with room: written"
}
for ext in geojson gpkg shp txt vct; do
    run "convert to .$ext" "p.$ext" $B convert "$T/c/county.gpkg" "$T/o/p.$ext" --layer landuse_patch
done
run "coords --out .geojson" "c.geojson" $B coords "$T/coords.txt" --out "$T/o/c.geojson"
run "validate --repair .geojson" "v.geojson" $B validate "$T/c/county.gpkg" --layer landuse_patch --repair "$T/o/v.geojson"
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM township LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{printf "%d %d", x, y}')
WKT="POLYGON(($((PX-3000)) $((PY-3000)),$((PX+3000)) $((PY-3000)),$((PX+3000)) $((PY+3000)),$((PX-3000)) $((PY+3000)),$((PX-3000)) $((PY-3000))))"
run "check --out .gpkg" "pieces.gpkg" $B check --category industrial --data "$T/c/county.gpkg" --wkt "$WKT" --out "$T/o/pieces.gpkg"
run "raster fill" "filled.tif" $B raster fill "$T/c/elevation.tif" "$T/o/filled.tif"
finish
