#!/usr/bin/env bash
# HTTP server figures (called by bench/run.sh; runnable alone):
#   bench/server.sh build/release DEMO_DIR     (a demo county with its store.gpkg; large)
# With wrk from Debian on the same 2 cores as the server: requests per second, p50 and p99
# latency and errors with 1, 16 and 256 connections for
#   health; a map view of the survey patches (1 km box at a random place, logged in);
#   a compliance check of a 50-vertex footprint; a registry unit lookup;
# then a mixed load of the four for BENCH_SERVER_MIXED_S seconds (default 600) with the
# server's resident memory sampled every minute; and the map page in headless Chromium (pan
# to drawn patches, bench/web_map.mjs). BENCH_SERVER_S: seconds per run (10).
set -euo pipefail
OUT=$1
DEMO=$2
B="$OUT/liangshan"
SECS=${BENCH_SERVER_S:-10}
MIXED=${BENCH_SERVER_MIXED_S:-600}
W=$(mktemp -d)
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$W"' EXIT
cp "$DEMO/store.gpkg" "$W/store.gpkg"
echo bench-password | $B user add bench --role reviewer --store "$W/store.gpkg" --password-file - >/dev/null
echo "bench-password" > /dev/null
$B serve --store "$W/store.gpkg" --data "$DEMO" --listen 127.0.0.1:0 --threads "$(nproc)" \
    >"$W/serve.out" 2>"$W/serve.log" &
SPID=$!
for _ in $(seq 1 600); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
U="http://$(sed -n 's/.*http:\/\/\([0-9.:]*\)\/.*/\1/p' "$W/serve.out")"
export LS_TOKEN
LS_TOKEN=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"bench","password":"bench-password"}' | jq -r .token)
read -r LS_W LS_S LS_E LS_N < <(curl -s "$U/api/v1/layers" | jq -r '.layers[] | select(.name == "county") | .bbox | @tsv')
export LS_W LS_S LS_E LS_N
# 64 footprints: 50-vertex circles of 120 m radius at seeded places inside the county's box
read -r XMIN YMIN XMAX YMAX < <(ogrinfo -so "$DEMO/county.gpkg" county | sed -n 's/Extent: (\(.*\), \(.*\)) - (\(.*\), \(.*\))/\1 \2 \3 \4/p')
awk -v x0="$XMIN" -v y0="$YMIN" -v x1="$XMAX" -v y1="$YMAX" 'BEGIN { srand(1);
    for (k = 0; k < 64; k++) {
        cx = x0 + (0.15 + 0.7 * rand()) * (x1 - x0); cy = y0 + (0.15 + 0.7 * rand()) * (y1 - y0);
        printf "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[";
        for (i = 0; i <= 50; i++) { a = 2 * 3.14159265358979 * (i % 50) / 50;
            printf "%s[%.2f,%.2f]", (i ? "," : ""), cx + 120 * cos(a), cy + 120 * sin(a) }
        printf "]]}}\n" } }' > "$W/bodies"
sqlite3 "$W/store.gpkg" "SELECT unit_code FROM reg_unit WHERE end_seq IS NULL AND fid % 97 = 0 ORDER BY unit_code LIMIT 1000" > "$W/codes"
export LS_BODIES="$W/bodies" LS_CODES="$W/codes"
ok=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $LS_TOKEN" --data-binary "$(head -1 "$W/bodies")" "$U/api/v1/checks")
echo "server: $(nproc) threads, store $(du -h "$W/store.gpkg" | cut -f1) ($(sqlite3 "$W/store.gpkg" 'SELECT count(*) FROM reg_unit') unit versions), $(ogrinfo -so "$DEMO/county.gpkg" landuse_patch | sed -n 's/Feature Count: //p') patches; first check: HTTP $ok"

run() { # label conns [script]
    local label=$1 c=$2 script=${3:-}
    local t=2; [ "$c" = 1 ] && t=1
    local args=(-t"$t" -c"$c" -d"${SECS}s" --latency --timeout 10s)
    [ -n "$script" ] && args+=(-s "bench/wrk/$script")
    local path=/api/v1/health
    wrk "${args[@]}" "$U$path" > "$W/wrk.txt" 2>&1
    local rps p50 p99 non2xx sock
    rps=$(sed -n 's/^Requests\/sec: *//p' "$W/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$W/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$W/wrk.txt")
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$W/wrk.txt")
    sock=$(sed -n 's/.*Socket errors: *//p' "$W/wrk.txt")
    printf "%-30s c=%-4s %10s req/s  p50 %9s  p99 %9s  errors: %s%s\n" "$label" "$c" "$rps" "$p50" "$p99" \
        "${non2xx:-0} non-2xx" "${sock:+; socket $sock}"
}
echo "== HTTP (wrk on the same $(nproc) cores, ${SECS} s per run)"
for c in 1 16 256; do run "health" "$c"; done
for c in 1 16 256; do run "map view (1 km box, patches)" "$c" bbox.lua; done
for c in 1 16 256; do run "compliance check (50 vertices)" "$c" check.lua; done
for c in 1 16 256; do run "registry unit lookup" "$c" unit.lua; done

if [ -x /usr/bin/chromium ] && [ -d web/node_modules/playwright-core ]; then
    echo "== the map page in headless Chromium: pan to a zoom-15 view until its survey patches are drawn"
    node bench/web_map.mjs "$U" bench bench-password 2>&1 | sed 's/^/  /'
fi

rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SPID/status"; }
echo "== mixed load (health, map view, check, unit lookup in turn; c=16) for ${MIXED} s"
echo "server RSS before: $(rss) MiB"
wrk -t2 -c16 -d"${MIXED}s" --latency --timeout 10s -s bench/wrk/mixed.lua "$U/" > "$W/mixed.txt" 2>&1 &
WPID=$!
for m in $(seq 60 60 "$MIXED"); do
    sleep 60
    echo "  after ${m} s: RSS $(rss) MiB"
done
wait $WPID
printf "mixed: %s req/s, p50 %s, p99 %s, errors: %s non-2xx%s\n" "$(sed -n 's/^Requests\/sec: *//p' "$W/mixed.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$W/mixed.txt")" "$(awk '$1 == "99%" {print $2}' "$W/mixed.txt")" \
    "$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$W/mixed.txt" | grep . || echo 0)" \
    "$(sed -n 's/.*Socket errors: */; socket /p' "$W/mixed.txt")"
echo "server RSS after: $(rss) MiB; $(grep -c 'msg=request' "$W/serve.log") requests logged"
