#!/usr/bin/env bash
# Costly requests run on the task pool (server/http, server/taskpool; docs/security.md,
# "Load"): with one HTTP thread busy receiving nothing and the pool's one thread checking a
# large upload, health still answers first; a full queue answers 503 with Retry-After and
# the rest are served; the per-address connection cap is a serve option (0 behind a reverse
# proxy); two GEP runs asked for at the same instant cannot both take the last place.
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
start_server --threads 1 --queue 2 --connections-per-address 0
[ -n "$PORT" ]; ok $? "the server listens (1 thread, a queue of 2, no cap per address)"
REV=$(login rev1)

# an upload the server takes about half a second to refuse: 19,000 squares, read whole
python3 - "$T" <<'PY'
import json, sys
f = [{"type": "Feature", "properties": {"id": i}, "geometry": {"type": "Polygon", "coordinates": [[
    [40627000 + (i % 150) * 60 + dx, 3188000 + (i // 150) * 60 + dy] for dx, dy in ((0, 0), (0, 40), (40, 40), (40, 0), (0, 0))]]}}
     for i in range(19000)]
fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4528"}}, "features": f}
json.dump({"category": "industrial", "file": {"name": "many.geojson", "content": json.dumps(fc)}}, open(sys.argv[1] + "/slow.json", "w"))
PY
upload() { # OUT: status and the end time, one line
    curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" \
        --data-binary @"$T/slow.json" "$U/api/v1/checks" > "$1"
    echo " $(date +%s%N)" >> "$1"
}
upload "$T/up0" &
UP=$!
sleep 0.15
curl -s -o "$T/b" "$U/api/v1/health"
HEALTH_END=$(date +%s%N)
wait $UP
read -r UCODE UEND < "$T/up0"
[ "$(jb .status)" = ok ] && [ "$UCODE" = 400 ] && [ "$HEALTH_END" -lt "$UEND" ]
ok $? "health answers while the only pool thread checks an upload, and before it ($UCODE)"

# six at once: one runs, two wait, three are told to come back
PIDS=()
for k in 1 2 3 4 5 6; do upload "$T/up$k" & PIDS+=($!); done
wait "${PIDS[@]}"
codes=$(cat "$T"/up[1-6] | cut -d' ' -f1 | sort | tr '\n' ' ')
[ "$codes" = "400 400 400 503 503 503 " ]
ok $? "six uploads at once with a queue of two: three served, three 503 ($codes)"
PIDS=()
for k in 1 2 3; do upload "$T/w$k" & PIDS+=($!); done
sleep 0.1
code=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" \
    --data-binary @"$T/slow.json" "$U/api/v1/checks")
wait "${PIDS[@]}"
[ "$code" = 503 ] && grep -qi '^retry-after: 5' "$T/h" && [ "$(jb .error.code)" = busy ]
ok $? "the refusal is 503 busy with Retry-After ($code: $(jb .error.message | head -c 60))"
curl -s -o "$T/b" -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/slow.json" "$U/api/v1/checks"
[ "$(jb .error.field)" = geometry ]
ok $? "once the queue drains, the same upload is checked again"

# no cap per address: 100 idle connections from one address are all held
python3 "$(dirname "$0")/hold_connections.py" "$PORT" 127.0.0.2 100 > "$T/conns"
read -r HELD CLOSED < "$T/conns"
[ "$HELD" = 100 ] && [ "$CLOSED" = 0 ]
ok $? "--connections-per-address 0: 100 connections from one address are held ($HELD held)"
stop_server
refused=0
for bad in -1 abc 4097 ""; do
    $B serve --store "$S" --listen 127.0.0.1:0 --connections-per-address "$bad" >/dev/null 2>"$T/e"
    [ $? = 1 ] && grep -q "connections-per-address is 0..4096" "$T/e" && refused=$((refused + 1))
done
[ $refused = 4 ]
ok $? "--connections-per-address outside 0..4096 is a usage error naming the option ($refused of 4)"
$B serve --store "$S" --listen 127.0.0.1:0 --queue 0 >/dev/null 2>"$T/e"
[ $? = 1 ] && grep -q "queue is 1..65536" "$T/e"
ok $? "--queue 0 is a usage error"

# GEP runs: six asked for at the same instant, two start
$B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" >/dev/null 2>&1
start_server --threads 2
ADM=$(login admin)
PIDS=()
for k in 1 2 3 4 5 6; do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $ADM" \
        -d '{"account":"gep-account.json"}' "$U/api/v1/gep/runs" > "$T/g$k" &
    PIDS+=($!)
done
wait "${PIDS[@]}"
codes=$(cat "$T"/g[1-6] | sort | tr '\n' ' ')
[ "$codes" = "202 202 429 429 429 429 " ]
ok $? "six GEP runs asked for at once: two start, four get 429 ($codes)"
finish
