#!/usr/bin/env bash
# Raster engine figures (called by bench/run.sh; runnable alone):
#   bench/raster.sh build/release DEMO_LARGE_DIR WORK_DIR
# Every line: operation, grid, threads, wall seconds, million cells per second, peak MiB
# (GNU time), and for baselines the same on the same inputs. Set BENCH_BIG=0 to skip the
# 16384 x 16384 (268 M-cell) synthetic DEM, BENCH_GRASS_BIG=1 to run GRASS on it too.
set -euo pipefail
OUT=$1
DEMO=$2
W=$3
B="$OUT/liangshan"
MEM=${BENCH_MEM:-8G}

. "$(dirname "$0")/lib.sh"

grass_row() { # label cells dem module-args...
    local label=$1 cells=$2 dem=$3; shift 3
    command -v grass >/dev/null || { echo "$label: GRASS not installed"; return 0; }
    cat > "$W/g.sh" <<G
r.in.gdal -o input=$dem output=dem --quiet --overwrite
g.region raster=dem
/usr/bin/time -f "%e %M" -o $W/t.txt $* --quiet --overwrite
G
    grass --tmp-location "$dem" --exec bash "$W/g.sh" > "$W/cmd.log" 2>&1 || true
    if ! grep -q "Command exited\\|Assertion\\|ERROR" "$W/cmd.log" && [ -s "$W/t.txt" ]; then
        read -r secs kb < "$W/t.txt"
        awk -v l="$label" -v c="$cells" -v s="$secs" -v k="$kb" 'BEGIN {
            printf "%-44s  1 thr %8.2f s %9.1f Mcells/s %9.0f MiB\n", l, s, c / s / 1e6, k / 1024 }'
    else
        echo "$label: failed: $(grep -m1 "Assertion\\|ERROR\\|exited" "$W/cmd.log")"
    fi
    rm -f "$W/t.txt"
}

suite() { # name dir cells dem a b c zones_args...
    local name=$1 dir=$2 cells=$3 dem=$4 A=$5 Bf=$6 C=$7; shift 7
    echo "== $name: $cells cells"
    for t in 1 2; do
        row "map algebra A*B+C ($name)" "$cells" $t $B raster calc "$dir/calc_$t.tif" \
            --expr "A*B+C" -A "$A" -B "$Bf" -C "$C" --threads $t --mem $MEM --force
    done
    [ -x /usr/bin/gdal_calc.py ] && row "  gdal_calc.py A*B+C (baseline)" "$cells" 1 \
        /usr/bin/gdal_calc.py -A "$A" -B "$Bf" -C "$C" --calc "A*B+C" --type Float32 \
        --co TILED=YES --co COMPRESS=ZSTD --co PREDICTOR=3 --co BIGTIFF=IF_SAFER \
        --outfile "$dir/gdal_calc.tif" --overwrite --quiet
    for t in 1 2; do
        row "slope, degrees ($name)" "$cells" $t $B raster slope "$dem" "$dir/slope_$t.tif" \
            --threads $t --mem $MEM --force
    done
    row "  gdaldem slope (baseline)" "$cells" 1 gdaldem slope "$dem" "$dir/gdaldem.tif" -q \
        -co TILED=YES -co COMPRESS=ZSTD -co PREDICTOR=3 -co BIGTIFF=IF_SAFER
    for t in 1 2; do
        row "zonal sum by zone x class ($name)" "$cells" $t $B raster zonal "$A" "$@" \
            --csv "$dir/zonal_$t.csv" --threads $t --mem $MEM --force
    done
    for t in 1 2; do
        row "fill, priority-flood ($name)" "$cells" $t $B raster fill "$dem" "$dir/fill_$t.tif" \
            --threads $t --mem $MEM --force
        row "fill + D8 direction + accumulation ($name)" "$cells" $t $B raster flowacc "$dem" \
            "$dir/d8_$t.tif" --threads $t --mem $MEM --force
        row "fill + MFD accumulation ($name)" "$cells" $t $B raster flowacc "$dem" \
            "$dir/mfd_$t.tif" --method mfd --threads $t --mem $MEM --force
    done
    ooc "$name" "$dir" "$cells" "$dem" "$OOC_MEM"
}

# Out of core: the same routing streamed in bands under a small budget; same bytes as in memory.
ooc() { # name dir cells dem mem
    local name=$1 dir=$2 cells=$3 dem=$4 mem=$5
    for t in 1 2; do
        row "fill, out of core, --mem $mem ($name)" "$cells" $t $B raster fill "$dem" \
            "$dir/ofill_$t.tif" --threads $t --mem "$mem" --out-of-core --force
        row "fill + D8 + acc., out of core, --mem $mem ($name)" "$cells" $t $B raster flowacc \
            "$dem" "$dir/od8_$t.tif" --threads $t --mem "$mem" --out-of-core --force --json
        jq -r '"   bands \(.bands.count) of \(.bands.rows) rows; visits: directions \(.bands.direction_visits), accumulation \(.bands.accumulation_visits); labels \(.fill.labels), crossings \(.fill.crossings)"' "$W/cmd.log"
        if cmp -s "$dir/od8_$t.tif" "$dir/d8_$t.tif" && cmp -s "$dir/ofill_$t.tif" "$dir/fill_$t.tif"; then
            echo "   same bytes as in memory (fill and accumulation)"
        else
            echo "   DIFFERENT from the in-memory result"
        fi
        row "fill + MFD acc., out of core, --mem $mem ($name)" "$cells" $t $B raster flowacc \
            "$dem" "$dir/omfd_$t.tif" --method mfd --threads $t --mem "$mem" --out-of-core \
            --force --json
        jq -r '"   bands \(.bands.count) of \(.bands.rows) rows; accumulation visits \(.bands.accumulation_visits)"' "$W/cmd.log"
        if cmp -s "$dir/omfd_$t.tif" "$dir/mfd_$t.tif"; then
            echo "   same bytes as in memory (MFD)"
        else
            echo "   DIFFERENT from the in-memory MFD result"
        fi
    done
}

echo "== memory-streaming limit (out = a*b + c over float32 arrays in RAM, 16 bytes/cell)"
for t in 1 2; do "$OUT/bench/stream_bench" 16000000 $t; done
"$OUT/bench/kernel_bench" 16000000
echo "== map algebra through the engine, Float32 rasters in memory, against that limit (same run)"
for t in 1 2; do "$OUT/bench/algebra_bench" 16777216 $t; done
echo "== routing in memory, no file I/O (large county DEM)"
"$OUT/bench/hydro_bench" "$DEMO/elevation.tif"

# --- the large demo county
L=$W/rl; mkdir -p "$L"
cells=$(gdalinfo -json "$DEMO/elevation.tif" | jq '.size[0] * .size[1]')
OOC_MEM=256M
suite "large county" "$L" "$cells" "$DEMO/elevation.tif" "$DEMO/precipitation.tif" \
    "$DEMO/pawc.tif" "$DEMO/soil_depth.tif" --zone-polygons "$DEMO/county.gpkg" \
    --layer township --classes "$DEMO/landcover.tif"
echo "-- the engine without compression (inputs and output uncompressed tiles, in page cache)"
for f in precipitation pawc soil_depth; do
    gdal_translate -q -co TILED=YES -co COMPRESS=NONE "$DEMO/$f.tif" "$L/u_$f.tif"
done
for t in 1 2; do
    row "map algebra A*B+C, uncompressed" "$cells" $t $B raster calc "$L/u_calc_$t.tif" \
        --expr "A*B+C" -A "$L/u_precipitation.tif" -B "$L/u_pawc.tif" -C "$L/u_soil_depth.tif" \
        --compress none --threads $t --mem $MEM --force
done
[ -x /usr/bin/gdal_calc.py ] && row "  gdal_calc.py A*B+C, uncompressed (baseline)" "$cells" 1 \
    /usr/bin/gdal_calc.py -A "$L/u_precipitation.tif" -B "$L/u_pawc.tif" -C "$L/u_soil_depth.tif" \
    --calc "A*B+C" --type Float32 --co TILED=YES --outfile "$L/u_gdal_calc.tif" --overwrite --quiet
echo "-- GRASS GIS on the same DEM (module time only, import/export excluded)"
grass_row "  GRASS r.watershed -s (fill+D8+acc)" "$cells" "$DEMO/elevation.tif" \
    r.watershed -s elevation=dem accumulation=acc memory=8000
grass_row "  GRASS r.watershed (MFD)" "$cells" "$DEMO/elevation.tif" \
    r.watershed elevation=dem accumulation=acc memory=8000
grass_row "  GRASS r.terraflow -s (fill+D8+acc)" "$cells" "$DEMO/elevation.tif" \
    r.terraflow -s elevation=dem filled=f direction=d swatershed=s accumulation=a tci=t
rm -rf "$L"

# --- a synthetic 16384 x 16384 DEM (268 M cells): rolling relief with many closed depressions
if [ "${BENCH_BIG:-1}" = 1 ]; then
    S=$W/syn; mkdir -p "$S"
    gdal_create -q -outsize 16384 16384 -bands 1 -ot Byte -a_srs EPSG:4528 \
        -a_ullr 40100000 3700000 40591520 3208480 -co TILED=YES -co COMPRESS=ZSTD "$S/grid.tif"
    big=$((16384 * 16384))
    row "make synthetic DEM (calc with x, y)" $big 2 $B raster calc "$S/dem.tif" -A "$S/grid.tif" \
        --expr "A*0 + 600 + 250*sin(col/1900)*cos(row/2300) + 90*sin(col/410+row/530) + 30*sin(col/97)*cos(row/113) + 6*sin(col/23+2*row/29) + 0.004*(col+row)" \
        --threads 2 --force
    $B raster calc "$S/b.tif" -A "$S/dem.tif" --expr "A*0.001" --force > /dev/null
    $B raster calc "$S/c.tif" -A "$S/dem.tif" --expr "A+1" --force > /dev/null
    $B raster calc "$S/zones.tif" -A "$S/dem.tif" --expr "floor(col/4096) + 4*floor(row/4096) + 1" \
        --type Int32 --force > /dev/null
    $B raster calc "$S/classes.tif" -A "$S/dem.tif" --expr "floor(A/100)" --type Int16 --force > /dev/null
    OOC_MEM=1G
    suite "synthetic 16384^2" "$S" $big "$S/dem.tif" "$S/dem.tif" "$S/b.tif" "$S/c.tif" \
        --zones "$S/zones.tif" --classes "$S/classes.tif"
    echo "   (--mem $MEM: peak memory of every run above is under it)"
    for t in 1 2; do "$OUT/bench/stream_bench" $big $t; done
    for t in 1 2; do "$OUT/bench/algebra_bench" $big $t; done
    if [ "${BENCH_GRASS_BIG:-0}" = 1 ]; then # about 7 and 13 minutes
        grass_row "  GRASS r.watershed -s (fill+D8+acc)" $big "$S/dem.tif" \
            r.watershed -s elevation=dem accumulation=acc memory=16000
        grass_row "  GRASS r.terraflow -s (fill+D8+acc)" $big "$S/dem.tif" \
            r.terraflow -s elevation=dem filled=f direction=d swatershed=s accumulation=a tci=t
    fi
    rm -rf "$S"
fi
