#!/usr/bin/env bash
# Review-opinion PDF figures (called by bench/run.sh; runnable alone):
#   bench/report.sh build/release DEMO_DIR     (a demo county with its store.gpkg)
# A reviewer's check of a 2 km square across the red line, farmland and the urban boundary
# saved as an opinion through the API, then its PDF rendered in-process by
# bench/opinion_bench: the start-up font warm-up, the first render after it and 50 warm
# renders (p50, p99, max), beside a one-paragraph PDF through the same renderer.
set -euo pipefail
OUT=$1
DEMO=$2
B="$OUT/liangshan"
W=$(mktemp -d)
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$W"' EXIT
cp "$DEMO/store.gpkg" "$W/store.gpkg"
echo bench-password | $B user add bench --role reviewer --store "$W/store.gpkg" --password-file - >/dev/null
$B serve --store "$W/store.gpkg" --data "$DEMO" --listen 127.0.0.1:0 --threads 2 \
    >"$W/serve.out" 2>"$W/serve.log" &
SPID=$!
for _ in $(seq 1 600); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
U="http://$(sed -n 's/.*http:\/\/\([0-9.:]*\)\/.*/\1/p' "$W/serve.out")"
TOK=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"bench","password":"bench-password"}' | jq -r .token)
read -r CW CS CE CN < <(curl -s "$U/api/v1/layers" | jq -r '.layers[] | select(.name == "county") | .bbox | @tsv')
# a 2 km square (0.02° × 0.018°) at the county's centre
GJ=$(awk -v w="$CW" -v s="$CS" -v e="$CE" -v n="$CN" 'BEGIN { x = (w + e) / 2; y = (s + n) / 2;
    printf "{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}",
    x - .01, y - .009, x + .01, y - .009, x + .01, y + .009, x - .01, y + .009, x - .01, y - .009 }')
ID=$(curl -s -X POST -H "Authorization: Bearer $TOK" "$U/api/v1/checks" \
    -d "{\"category\":\"industrial\",\"geometry\":$GJ,\"save\":{\"project_name\":\"基准项目\",\"project_number\":\"BENCH-1\"}}" | jq -r .opinion.id)
S0=$(date +%s.%N)
curl -s -o "$W/op.pdf" -H "Authorization: Bearer $TOK" "$U/api/v1/opinions/$ID/pdf"
S1=$(date +%s.%N)
kill "$SPID"; wait "$SPID" 2>/dev/null || true
echo "== review opinion PDF ($(pdfinfo "$W/op.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') pages)"
awk -v a="$S0" -v b="$S1" 'BEGIN { printf "first PDF over HTTP after the server started: %.0f ms\n", (b - a) * 1000 }'
$B opinion show "$ID" --store "$W/store.gpkg" --json > "$W/op.json"
"$OUT/bench/opinion_bench" "$W/op.json" 50
