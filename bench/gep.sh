#!/usr/bin/env bash
# GEP accounting figures (called by bench/run.sh; runnable alone):
#   bench/gep.sh build/release DEMO_LARGE_DIR WORK_DIR
# 1. The large demo county's full account (every item of the national method; 16 M cells) at
#    1 and 2 threads within --mem 4G: wall seconds, Mcells/s, peak MiB (GNU time).
# 2. Each spatial item's per-cell model alone (bench/gep_bench), Mcells/s on one thread.
# 3. A 256 M-cell province-like input (the county tiled 4 x 4 through VRTs, its townships,
#    shoreline and statistics repeated 16 times) at 1 and 2 threads within --mem 4G.
#    BENCH_PROVINCE=0 skips it.
# InVEST (natcap.invest, from PyPI) is the side-by-side baseline when `python3 -c "import
# natcap.invest"` works; the machines here reach Debian and npm only, so it is reported absent.
set -euo pipefail
OUT=$1
DEMO=$2
W=$3
B="$OUT/liangshan"
MEM=${BENCH_GEP_MEM:-4G}

. "$(dirname "$0")/lib.sh"

cells() { gdalinfo -json "$1" | jq '.size[0] * .size[1]'; }

echo "== GEP account, large demo county (--mem $MEM)"
jq 'del(.previous)' "$DEMO/gep-account.json" > "$DEMO/gep-bench.json"
n=$(cells "$DEMO/landcover.tif")
for t in 1 2; do
    row "full account, all items (county)" "$n" $t $B gep run "$DEMO/gep-bench.json" \
        --out "$W/gep_$t" --threads $t --mem $MEM --force
done
row "  tables only, no rasters (county)" "$n" 2 $B gep run "$DEMO/gep-bench.json" \
    --out "$W/gep_nr" --threads 2 --mem $MEM --force --no-rasters
row "  of which: LS factor routing (raster flowacc mfd)" "$n" 2 $B raster flowacc \
    "$DEMO/elevation.tif" "$W/mfd.tif" --method mfd --threads 2 --mem $MEM --force
cmp -s "$W/gep_1/account.json" "$W/gep_2/account.json" && echo "account.json identical at 1 and 2 threads"

# GEP attributed to every registry unit of the surface layer (issue 21: <= 10 s on one core),
# beside a baseline in the same run: reading the same five rasters once (gdalinfo -stats)
if [ -f "$DEMO/store.gpkg" ]; then
    echo "== GEP attributed to the registry's units (large demo county, one thread)"
    units=$(sqlite3 "$DEMO/store.gpkg" "SELECT count(*) FROM reg_unit WHERE end_seq IS NULL AND layer = 'surface'")
    /usr/bin/time -f "%e %M" -o "$W/attr.t" $B gep attribute "$W/gep_1" --store "$DEMO/store.gpkg" \
        --out "$W/attr.csv" --json > "$W/attr.json"
    read -r secs kb < "$W/attr.t"
    t0=$(date +%s.%N)
    for f in "$W"/gep_1/{water_conservation,soil_retention,carbon_sequestration,climate_regulation,gep_total}_value.tif; do
        cp "$f" "$W/stats.tif" && gdalinfo -stats "$W/stats.tif" > /dev/null && rm -f "$W/stats.tif" "$W/stats.tif.aux.xml"
    done
    base=$(echo "$(date +%s.%N) - $t0" | bc -l)
    printf "%s surface units: %.2f s (goal 10 s), peak %.0f MiB, closure %s; %.1f x reading the five rasters once (%.2f s)\n" \
        "$units" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(jq .closure "$W/attr.json")" \
        "$(echo "$secs / $base" | bc -l)" "$base"
    /usr/bin/time -f "%e %M" -o "$W/attr.t" $B gep attribute "$W/gep_1" --store "$DEMO/store.gpkg" \
        --holders "$W/holders.csv" --json > "$W/attr.json"
    read -r secs kb < "$W/attr.t"
    printf "  and through the rights to %s holders: %.2f s in all, peak %.0f MiB\n" \
        "$(jq .holders "$W/attr.json")" "$secs" "$(echo "$kb / 1024" | bc -l)"
fi

echo "== per-item model alone (1000 rows of the county)"
"$OUT/bench/gep_bench" "$DEMO/gep-bench.json" "$W/gep_1/ls_factor.tif" 1000

if python3 -c "import natcap.invest" 2>/dev/null; then
    echo "== InVEST: run bench/invest_side_by_side.py (not yet written: InVEST was never available here)"
else
    echo "== InVEST: natcap.invest not installed (PyPI is not reachable from these machines)"
fi

[ "${BENCH_PROVINCE:-1}" = 1 ] || exit 0
echo "== GEP account, 256 M-cell province (the county tiled 4 x 4, --mem $MEM)"
P=$W/province
mkdir -p "$P"
gt=$(gdalinfo -json "$DEMO/landcover.tif" | jq -r '.geoTransform | "\(.[0]) \(.[3]) \(.[1])"')
read -r x0 y0 cs <<< "$gt"
size=$(gdalinfo -json "$DEMO/landcover.tif" | jq '.size[0]')
span=$(awk -v s="$size" -v c="$cs" 'BEGIN { print s * c }')
for r in precipitation et0 soil_depth pawc erosivity erodibility npp elevation landcover; do
    list=()
    for i in 0 1 2 3; do for j in 0 1 2 3; do
        ulx=$(awk -v a="$x0" -v s="$span" -v j=$j 'BEGIN { printf "%.3f", a + j * s }')
        uly=$(awk -v a="$y0" -v s="$span" -v i=$i 'BEGIN { printf "%.3f", a - i * s }')
        lrx=$(awk -v a="$ulx" -v s="$span" 'BEGIN { printf "%.3f", a + s }')
        lry=$(awk -v a="$uly" -v s="$span" 'BEGIN { printf "%.3f", a - s }')
        gdal_translate -q -of VRT -a_ullr "$ulx" "$uly" "$lrx" "$lry" "$DEMO/$r.tif" "$P/${r}_$i$j.vrt"
        list+=("$P/${r}_$i$j.vrt")
    done; done
    gdalbuildvrt -q "$P/$r.vrt" "${list[@]}"
done
rm -f "$P/regions.gpkg"
for i in 0 1 2 3; do for j in 0 1 2 3; do
    dx=$(awk -v s="$span" -v j=$j 'BEGIN { print j * s }'); dy=$(awk -v s="$span" -v i=$i 'BEGIN { print -i * s }')
    for l in township shoreline; do
        cols=$([ $l = township ] && echo "XZQMC || '-$i$j' AS XZQMC" || echo "AXLX")
        ogr2ogr -f GPKG -update -append "$P/regions.gpkg" "$DEMO/county.gpkg" -nln $l \
            -dialect SQLite -sql "SELECT ShiftCoords(geom, $dx, $dy) AS geom, $cols FROM $l"
    done
done; done
awk -F, -v OFS=, 'NR == 1 { print; next } { $1 = "示例省"; $4 = $4 * 16; print }' \
    "$DEMO/statistics_2023.csv" > "$P/statistics.csv"
cp "$DEMO/price_index.csv" "$P/"
jq --arg p "$P" '.region.name = "示例省" | .name = "示例省 GEP (benchmark)" | del(.previous)
    | .landcover = "landcover.vrt" | .statistics = "statistics.csv"
    | .rasters = (.rasters | with_entries(.value |= sub("\\.tif$"; ".vrt")))
    | .regions.path = "regions.gpkg" | .shoreline.path = "regions.gpkg"
    | .indicators.population *= 16 | .indicators.gdp_yuan *= 16' \
    "$DEMO/gep-account.json" > "$P/account.json"
n=$(cells "$P/landcover.vrt")
for t in 1 2; do
    row "full account, all items (province)" "$n" $t $B gep run "$P/account.json" \
        --out "$W/prov_$t" --threads $t --mem $MEM --force
done
cmp -s "$W/prov_1/account.json" "$W/prov_2/account.json" && echo "account.json identical at 1 and 2 threads"
