#!/usr/bin/env bash
# Overlay areas against PostGIS (the issue's oracle): a throwaway PostgreSQL 15 + PostGIS
# cluster (scripts/pg-throwaway.sh) gets the demo county's layers; the per-layer totals of
# `liangshan overlay` and the overlaps of one `liangshan check` must equal PostGIS's
# ST_Area(ST_CollectionExtract(ST_Intersection(...), 3)) to 1e-6 relative. Skipped when the
# PostgreSQL server is not installed (scripts/deps.sh installs it).
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/pcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
S=$(cd "$(dirname "$0")/../../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
PG=$("$S/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr")
rc=$?
if [ $rc -eq 3 ]; then
    echo "ok 1 # SKIP PostgreSQL server not installed"
    echo "1..1"
    rm -rf "$PGD"
    exit 0
fi
trap '"$S/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD"' EXIT
[ $rc -eq 0 ]; ok $? "throwaway PostgreSQL + PostGIS cluster"

$B demo --out "$T/c" --seed 5 >/dev/null; ok $? "demo county"
for l in landuse_patch eco_redline basic_farmland core_zone urban_boundary shoreline county township; do
    ogr2ogr -f PostgreSQL "$PG" "$T/c/county.gpkg" $l -nln $l -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=GIST 2>/dev/null || echo "# load of $l failed"
done
np=$(ogrinfo -q "$PG" -sql "SELECT COUNT(*) AS n FROM landuse_patch" | sed -n 's/.*n (Integer[0-9]*) = //p')
[ -n "$np" ] && [ "$np" -gt 100 ]; ok $? "layers loaded into PostGIS ($np patches)"

$B overlay --data "$T/c/county.gpkg" --csv "$T/ov.csv" > /dev/null; ok $? "liangshan overlay"
for l in eco_redline basic_farmland core_zone urban_boundary; do
    want=$(ogrinfo -q "$PG" -sql "SELECT SUM(ST_Area(ST_CollectionExtract(ST_Intersection(p.geom, r.geom), 3))) AS a, COUNT(*) AS k FROM landuse_patch p JOIN $l r ON ST_Intersects(p.geom, r.geom) WHERE ST_Area(ST_CollectionExtract(ST_Intersection(p.geom, r.geom), 3)) >= 0.01" | sed -n 's/.*a (Real) = //p')
    got=$(awk -F, -v l=$l '$3 == l { s += $5 } END { printf "%.6f", s }' "$T/ov.csv")
    [ -n "$want" ] || want=0
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b > 1 ? b : 1)) }'
    ok $? "patches x $l: $got m² = PostGIS $want m²"
done
cnt=$(ogrinfo -q "$PG" -sql "SELECT COUNT(*) AS k FROM landuse_patch p JOIN eco_redline r ON ST_Intersects(p.geom, r.geom) WHERE ST_Area(ST_CollectionExtract(ST_Intersection(p.geom, r.geom), 3)) >= 0.01" | sed -n 's/.*k (Integer[0-9]*) = //p')
[ "$(awk -F, '$3 == "eco_redline"' "$T/ov.csv" | wc -l)" = "$cnt" ]; ok $? "the same $cnt patch x red-line pieces"

wkt=$(ogrinfo -q "$T/c/county.gpkg" -sql "SELECT ST_AsText(ST_Buffer(ST_PointOnSurface(geom), 500)) AS w FROM basic_farmland LIMIT 1" | sed -n 's/.*w (String) = //p')
$B check --data "$T/c/county.gpkg" --category linear_infrastructure --wkt "$wkt" --json > "$T/r.json"; ok $? "liangshan check"
for l in basic_farmland eco_redline; do
    want=$(ogrinfo -q "$PG" -sql "SELECT COALESCE(SUM(ST_Area(ST_Intersection(geom, ST_GeomFromText('$wkt', 4528)))), 0) AS a FROM $l WHERE ST_Intersects(geom, ST_GeomFromText('$wkt', 4528))" | sed -n 's/.*a (Real) = //p')
    got=$(jq "[.overlaps[] | select(.zone == \"$l\") | .planar_area_m2] | add // 0" "$T/r.json")
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6 * (b > 1 ? b : 1)) }'
    ok $? "check overlap with $l: $got m² = PostGIS $want m²"
done
# the control layers read straight from PostGIS give the same check
$B check --data "$PG" --category linear_infrastructure --wkt "$wkt" --json > "$T/r2.json"; ok $? "check with the control layers in PostGIS"
[ "$(jq -S '[.verdict, [.overlaps[] | .zone, (.planar_area_m2 // .length_m)]]' "$T/r.json")" = "$(jq -S '[.verdict, [.overlaps[] | .zone, (.planar_area_m2 // .length_m)]]' "$T/r2.json")" ]
ok $? "same verdict and overlaps as from the GeoPackage"
echo "1..$n"
