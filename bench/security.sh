#!/usr/bin/env bash
# Security figures (called by bench/run.sh; runnable alone):
#   bench/security.sh build/release DEMO_DIR
# 1. The health endpoint's latency (wrk, 1 connection from 127.0.0.1, BENCH_SECURITY_S
#    seconds, default 10) with the server idle — the baseline — and under each attack of
#    docs/security.md "Load": 4,100 trickling connections from one address (127.0.0.2);
#    8 clients uploading the largest zipped Shapefile allowed, back to back (127.0.0.3);
#    16 clients flooding the login (127.0.0.4). Goal: p99 within 100 ms under each.
# 2. Ledger checkpoints: the cost of signing one (Ed25519; goal <= 1 ms). Verification with
#    checkpoints on a 1 M-event journal (goal <= 10 s) is timed in bench/registry.sh.
set -euo pipefail
OUT=$1
DEMO=$2
B="$OUT/liangshan"
SECS=${BENCH_SECURITY_S:-10}
W=$(mktemp -d)
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; kill $APID 2>/dev/null; rm -rf "$W"' EXIT
SPID= APID=
cp "$DEMO/store.gpkg" "$W/store.gpkg"
echo bench-password | $B user add bench --role reviewer --store "$W/store.gpkg" --password-file - >/dev/null
$B serve --store "$W/store.gpkg" --data "$DEMO" --listen 127.0.0.1:0 --quiet --threads "$(nproc)" >"$W/serve.out" 2>"$W/serve.log" &
SPID=$!
for _ in $(seq 1 200); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$W/serve.out")
U="http://127.0.0.1:$PORT"

health() { # label
    wrk -t1 -c1 -d"${SECS}s" --latency --timeout 5s "$U/api/v1/health" > "$W/wrk.txt" 2>&1
    printf "%-46s %9s req/s  p50 %8s  p99 %8s  errors %s\n" "$1" \
        "$(sed -n 's/^Requests\/sec: *//p' "$W/wrk.txt")" "$(awk '$1 == "50%" {print $2}' "$W/wrk.txt")" \
        "$(awk '$1 == "99%" {print $2}' "$W/wrk.txt")" "$(sed -n 's/.*Socket errors: *//p' "$W/wrk.txt" | tr -d ' ')"
}

echo "== security: health under attack (wrk, 1 connection, ${SECS} s each; goal p99 <= 100 ms)"
health "idle (baseline)"

python3 - "$PORT" <<'PY' &
import socket, sys, time
conns = []
for i in range(4100):
    try:
        s = socket.socket(); s.bind(("127.0.0.2", 0)); s.settimeout(2)
        s.connect(("127.0.0.1", int(sys.argv[1]))); s.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
        conns.append(s)
    except OSError:
        pass
while True:  # a header byte every 5 s: never finished, never idle
    time.sleep(5)
    for s in conns:
        try:
            s.sendall(b"X")
        except OSError:
            pass
PY
APID=$!
sleep 3
health "4,100 trickling connections from one address"
kill $APID; wait $APID 2>/dev/null || true; APID=

# the costliest upload the caps allow: a zipped Shapefile of 19,000 squares
python3 - "$W/sq.geojson" <<'PY'
import json, sys
f = [{"type": "Feature", "properties": {"id": i}, "geometry": {"type": "Polygon", "coordinates": [[
    [40500000 + (i % 300) * 300 + dx, 3100000 + (i // 300) * 300 + dy] for dx, dy in ((0, 0), (0, 200), (200, 200), (200, 0), (0, 0))]]}}
     for i in range(19000)]
json.dump({"type": "FeatureCollection", "features": f}, open(sys.argv[1], "w"))
PY
ogr2ogr -q -a_srs EPSG:4528 "$W/big.shp" "$W/sq.geojson" && (cd "$W" && zip -q big.zip big.shp big.shx big.dbf big.prj)
base64 -w0 "$W/big.zip" | jq -R '{category: "industrial", file: {name: "big.zip", content_base64: .}}' > "$W/up.json"
TOK=$(curl -s --interface 127.0.0.3 -X POST "$U/api/v1/session" -d '{"username":"bench","password":"bench-password"}' | jq -r .token)
for k in $(seq 1 8); do
    (while :; do curl -s --interface 127.0.0.3 -o /dev/null -X POST -H "Authorization: Bearer $TOK" --data-binary @"$W/up.json" "$U/api/v1/checks"; done) &
    echo $! >> "$W/up.pids"
done
sleep 2
UPC=$(curl -s --interface 127.0.0.3 -o "$W/up.out" -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $TOK" --data-binary @"$W/up.json" "$U/api/v1/checks")
health "8 clients uploading the largest allowed Shapefile"
echo "  (one upload alone answers $(echo "$UPC" | cut -d' ' -f1) in $(echo "$UPC" | cut -d' ' -f2) s: $(jq -r '.error.message // .verdict' "$W/up.out" | head -c 80))"
kill $(cat "$W/up.pids") 2>/dev/null; wait $(cat "$W/up.pids") 2>/dev/null || true

for k in $(seq 1 16); do
    (while :; do curl -s --interface 127.0.0.4 -o /dev/null -X POST "$U/api/v1/session" -d "{\"username\":\"bench\",\"password\":\"wrong-$k\"}"; done) &
    echo $! >> "$W/login.pids"
done
sleep 2
health "16 clients flooding the login"
kill $(cat "$W/login.pids") 2>/dev/null; wait $(cat "$W/login.pids") 2>/dev/null || true
kill $SPID; wait $SPID 2>/dev/null || true; SPID=

echo "== security: ledger checkpoints (goal: signing <= 1 ms)"
$B ledger keygen --key "$W/k.pem" --public "$W/p.pem" >/dev/null
mkdir -p "$W/ck"
t0=$(date +%s.%N)
for i in $(seq 1 20); do $B ledger checkpoint --store "$W/store.gpkg" --key "$W/k.pem" --out "$W/ck" >/dev/null; done
t1=$(date +%s.%N)
echo "checkpoint (process start, open, sign, write) x20: $(echo "($t1 - $t0) / 20 * 1000" | bc -l | xargs printf '%.1f') ms each"
"$OUT/bench/security_bench" "$W/k.pem" "$W/store.gpkg"
echo "(ledger verify --checkpoints on a 1 M-event journal: bench/registry.sh)"
