#!/usr/bin/env bash
# Compliance-check figures (called by bench/run.sh; runnable alone):
#   bench/zoning.sh build/release DEMO_LARGE_DIR
# Latency of one check (the library call) of a 50-vertex and a 5,000-vertex footprint, p50 and
# p99 over 1,000 checks at random places of the large demo county (fixed seed); the batch
# overlay of every survey patch against the control layers (patches per second, peak memory).
# The PostGIS baseline comes with the PostgreSQL step of the issue.
set -euo pipefail
OUT=$1
DEMO=$2
echo "== compliance check latency, large demo county"
"$OUT/bench/check_bench" "$DEMO/county.gpkg" 50 300 1000
"$OUT/bench/check_bench" "$DEMO/county.gpkg" 5000 1000 1000
echo "== batch overlay, large demo county"
/usr/bin/time -f "%e s wall, %M KB peak" "$OUT/liangshan" overlay --data "$DEMO/county.gpkg" 2>&1

echo "== the same overlay in PostGIS (throwaway PostgreSQL 15 + PostGIS 3, GiST indexes, data loaded before timing)"
S=$(cd "$(dirname "$0")/../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
if PG=$("$S/pg-throwaway.sh" start "$PGD/c" 2>/dev/null); then
    for l in landuse_patch eco_redline basic_farmland core_zone urban_boundary; do
        ogr2ogr -f PostgreSQL "$PG" "$DEMO/county.gpkg" $l -nln $l -lco GEOMETRY_NAME=geom \
            -lco SPATIAL_INDEX=GIST 2>/dev/null
    done
    sql="CREATE TABLE ov AS"
    sep=""
    for l in core_zone eco_redline basic_farmland urban_boundary; do
        sql="$sql $sep SELECT p.fid AS patch, '$l' AS layer, r.fid AS feature,
             ST_Area(ST_CollectionExtract(ST_Intersection(p.geom, r.geom), 3)) AS a
             FROM landuse_patch p JOIN $l r ON ST_Intersects(p.geom, r.geom)"
        sep="UNION ALL"
    done
    s0=$(date +%s.%N)
    ogrinfo -q "$PG" -sql "$sql" > /dev/null 2>&1
    s1=$(date +%s.%N)
    np=$(ogrinfo -q "$PG" -sql "SELECT COUNT(*) AS n FROM landuse_patch" | sed -n 's/.*n (Integer[0-9]*) = //p')
    awk -v a="$s0" -v b="$s1" -v n="$np" 'BEGIN { printf "PostGIS overlay: %d patches in %.2f s (%.0f patches/s), PostgreSQL parallel query allowed\n", n, b - a, n / (b - a) }'
    "$S/pg-throwaway.sh" stop "$PGD/c"
else
    echo "PostgreSQL server not installed"
fi
rm -rf "$PGD"
