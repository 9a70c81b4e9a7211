#!/usr/bin/env bash
# Benchmarks: prints the machine, then every figure.
#   bench/run.sh build/release [sizes...]    (default sizes: small medium large)
# Demo generation: wall time and peak memory per size (GNU time). Ellipsoidal area: accuracy
# against GeographicLib and throughput next to geod_polygonarea, on the largest county made.
# Raster engine (bench/raster.sh): map algebra, zonal, filling and routing at 1 and 2 threads
# on the large county and a synthetic 256 M-cell DEM, beside gdal_calc.py, gdaldem, GRASS and
# the memory-streaming limit. BENCH_RASTER=0 skips it; BENCH_BIG=0 skips the 256 M-cell DEM.
# Registry and ledger (bench/registry.sh): durable single transactions, the bulk import of
# the large county, verify and rebuild of a 1 M-event journal, "as of" latency, on the
# GeoPackage and PostgreSQL stores. BENCH_REGISTRY=0 skips it.
# HTTP server (bench/server.sh): health, a map view, a compliance check and a unit lookup at
# 1, 16 and 256 connections with wrk, then a 10-minute mixed load with the server's memory
# sampled. BENCH_SERVER=0 skips it.
# Review opinion (bench/report.sh): the PDF's render time after the start-up font warm-up,
# beside a one-paragraph PDF. BENCH_REPORT=0 skips it.
# Security (bench/security.sh): health latency under the attacks of docs/security.md and
# the cost of signing a ledger checkpoint. BENCH_SECURITY=0 skips it.
# Indicators (bench/indicator.sh): transfers and retirements in batches and one per
# transaction, and `indicator verify`, beside bare ledger appends. BENCH_INDICATOR=0 skips it.
# Trading venue (bench/market.sh): the matching core on exchange-core's mix, with latency
# percentiles, and the uniform-price and call auctions of 100,000 bids. BENCH_MARKET=0 skips it.
# Valuation (bench/valuation.sh): every unit of the large county by its default method, beside
# SQLite and OGR reading the same inputs. BENCH_VALUATION=0 skips it.
# Compensation (bench/compensation_bench.c): a 3,000-county, 10-factor allocation — the kernel,
# the whole computation from the files, and reading the table alone. BENCH_COMPENSATION=0 skips it.
# Damage (bench/damage.sh): discovery between the large county's 2024 and 2025 surveys, beside
# OGR reading the later one. BENCH_DAMAGE=0 skips it.
# GEP accounting (bench/gep.sh): the full account of the large county and of a 256 M-cell
# province at 1 and 2 threads within 4 GiB, and each item's model alone. BENCH_GEP=0 skips it.
set -euo pipefail
OUT=${1:-build/release}
shift || true
SIZES=${*:-small medium large}
B="$OUT/liangshan"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); $($B --version)"

echo "== demo county generation (seed 1)"
last=""
for s in $SIZES; do
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$B" demo --size "$s" --seed 1 --out "$W/$s" --json > "$W/$s.json"
    read -r secs kb < "$W/time.txt"
    printf "%-7s %5sx%-5s cells  %7s patches  %7.1f s  peak %7.1f MiB\n" "$s" \
        "$(jq -r .columns "$W/$s.json")" "$(jq -r .rows "$W/$s.json")" \
        "$(jq -r .patches "$W/$s.json")" "$secs" "$(echo "$kb / 1024" | bc -l)"
    last=$s
done

echo "== ellipsoidal area on the $last county's patches"
"$OUT/bench/area_bench" "$W/$last/county.gpkg" landuse_patch

if [ "${BENCH_RASTER:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/raster.sh "$OUT" "$W/large" "$W"
fi

if [ -d "$W/large" ]; then
    bench/zoning.sh "$OUT" "$W/large"
fi

if [ "${BENCH_GEP:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/gep.sh "$OUT" "$W/large" "$W"
fi

if [ "${BENCH_VALUATION:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/valuation.sh "$OUT" "$W/large"
fi

if [ "${BENCH_DAMAGE:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/damage.sh "$OUT" "$W/large"
fi

if [ "${BENCH_INDICATOR:-1}" = 1 ]; then
    bench/indicator.sh "$OUT" "${BENCH_INDICATOR_OPS:-1000000}"
fi
if [ "${BENCH_MARKET:-1}" = 1 ]; then
    bench/market.sh "$OUT"
fi
if [ "${BENCH_COMPENSATION:-1}" = 1 ]; then
    echo "== compensation: vertical allocation of 3,000 counties by 10 factors (median of 21)"
    "$OUT/bench/compensation_bench" 3000
fi
if [ "${BENCH_REGISTRY:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/registry.sh "$OUT" "$W/large"
fi

if [ "${BENCH_SERVER:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/server.sh "$OUT" "$W/large"
fi

if [ "${BENCH_REPORT:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/report.sh "$OUT" "$W/large"
fi

if [ "${BENCH_SECURITY:-1}" = 1 ] && [ -d "$W/large" ]; then
    bench/security.sh "$OUT" "$W/large"
fi
