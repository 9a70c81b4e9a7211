#!/usr/bin/env bash
# Hostile uploads to POST /api/v1/checks (docs/security.md, "Uploads"): a file sent by a user
# is opened only by the allowed readers (GeoJSON, GeoPackage, a Shapefile inside a zip, our
# own coordinate-file and VCT parsers), never follows a reference to another file or to the
# network, and is refused with a named error. Each attack below is refused (400) without a
# byte of the server's files in the answer and without the server making any request; a
# listener on a spare port records any connection the server would make.
# backends: gpkg postgres
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
start_server
[ -n "$PORT" ]; ok $? "the server listens"
REV=$(login rev1)

# the SSRF witness: anything that connects to it is recorded
WPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$WPORT" "$T/witness.log" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
while True:
    c, _ = s.accept()
    open(sys.argv[2], "a").write("connection\n"); c.close()
PY
WPID=$!

# a two-parcel Shapefile and its zip, the honest upload the attacks are built from
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM township LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{printf "%d %d", x, y}')
mkdir -p "$T/two"
awk -v x="$PX" -v y="$PY" 'BEGIN{printf "{\"type\":\"FeatureCollection\",\"features\":["
    for (k = 0; k < 2; k++) { cx = x + k * 200
        printf "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"DK0%d\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}",
            k ? "," : "", k + 1, cx-40,y-40,cx+40,y-40,cx+40,y+40,cx-40,y+40,cx-40,y-40 }
    printf "]}" }' > "$T/two.geojson"
ogr2ogr -q -a_srs EPSG:4528 "$T/two/two.shp" "$T/two.geojson" && (cd "$T/two" && zip -q ../two.zip two.*)
jq -n --arg c "$(base64 -w0 "$T/two.zip")" '{category: "industrial", file: {name: "two.zip", content_base64: $c}}' > "$T/honest.json"
[ "$(reqf POST /api/v1/checks "$T/honest.json" "$REV")" = 200 ] && [ "$(jb '.parcels | length')" = 2 ]
ok $? "the honest zipped Shapefile is checked (2 parcels)"

python3 "$(dirname "$0")/attacks.py" "$T" "$S" "$WPORT"
for a in vrt vrt_as_geojson zip_vrt zip_nested zip_symlinks geojson_crs_link geojson_crs_url \
    geojson_crs_file geojson_crs_http_name shp_prj_file shp_prj_url gpkg_virtual; do
    code=$(reqf POST /api/v1/checks "$T/$a.json" "$REV")
    leaked=0
    grep -q 'scrypt\|root:x:0\|pw_hash' "$T/b" && leaked=1
    [ "$code" = 400 ] && [ "$leaked" = 0 ] && [ "$(jb .error.field)" != null ]
    ok $? "$a: refused ($code $(jb .error.field): $(jb .error.message | head -c 110))"
done
sleep 0.5
[ ! -s "$T/witness.log" ]; ok $? "the server made no network request for any upload"
for name in "/vsicurl/http://127.0.0.1:$WPORT/x.geojson" "../../store.gpkg" "/vsizip/x.zip/a.shp" ""; do
    jq -n --arg n "$name" '{category: "industrial", file: {name: $n, content: "{}"}}' > "$T/n.json"
    [ "$(reqf POST /api/v1/checks "$T/n.json" "$REV")" = 400 ] && [ "$(jb .error.field)" = file ]
    ok $? "an upload named \"$name\": 400 on field file"
done
kill $WPID 2>/dev/null
finish
