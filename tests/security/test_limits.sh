#!/usr/bin/env bash
# Denial of service, the limits that answer it (docs/security.md, "Load"): one address holds
# at most 64 connections, so trickling connections from one host leave the server to the
# others; logins are limited per address, per account and at once; an upload may unpack to
# 64 MiB and hold 20,000 features at most; a few GEP runs at a time. Timings under attack
# are measured in bench/security.sh, not here: this checks each limit holds.
# backends: gpkg postgres
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
$B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" >/dev/null 2>&1
start_server
[ -n "$PORT" ]; ok $? "the server listens"

# 100 idle connections from 127.0.0.2: the first 64 are held, the rest closed at once
python3 "$(dirname "$0")/hold_connections.py" "$PORT" 127.0.0.2 100 2 > "$T/conns" &
APID=$!
sleep 0.6
[ "$(curl -s -m 5 -o "$T/b" -w '%{http_code}' "$U/api/v1/health")" = 200 ]
ok $? "health answers from 127.0.0.1 while 127.0.0.2 holds its connections"
wait $APID
read -r HELD CLOSED < "$T/conns"
[ "$HELD" -le 64 ] && [ "$CLOSED" -ge 36 ]; ok $? "127.0.0.2 keeps at most 64 connections ($HELD held, $CLOSED closed)"

# logins: 5 failures lock the account for a while, even for the right password
for i in 1 2 3 4 5; do
    curl -s -o /dev/null -X POST "$U/api/v1/session" -d '{"username":"reg1","password":"wrong-password"}'
done
code=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -X POST "$U/api/v1/session" -d '{"username":"reg1","password":"pw-reg1-secret"}')
[ "$code" = 429 ] && grep -qi '^retry-after: [0-9]' "$T/h" && jb .error.message | grep -q "failed logins for this account"
ok $? "after 5 failed logins the account refuses even its password: 429 with Retry-After"
curl -s -o "$T/b" -X POST "$U/api/v1/session" -d "{\"username\":\"rev1\",\"password\":\"pw-rev1-secret\"}"; [ "$(jb .token | head -c 4)" != null ] && [ -n "$(jb .token)" ]
ok $? "... other accounts log in as before"
for i in $(seq 1 30); do
    curl -s -o /dev/null -X POST "$U/api/v1/session" -d "{\"username\":\"nobody$i\",\"password\":\"whatever-pw\"}"
done
code=$(curl -s -o "$T/b" -w '%{http_code}' -X POST "$U/api/v1/session" -d '{"username":"aud1","password":"pw-aud1-secret"}')
[ "$code" = 429 ] && jb .error.message | grep -q "from this address"
ok $? "more than 30 attempts a minute from one address: 429"

# uploads: a zip bomb and a file of too many features
REV=$(curl -s --interface 127.0.0.3 -X POST "$U/api/v1/session" -d '{"username":"rev1","password":"pw-rev1-secret"}' | jq -r .token)
python3 - "$T" <<'PY'
import base64, json, sys, zipfile, io
d = sys.argv[1]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.shp", b"\0" * (100 << 20))
    z.writestr("a.shx", b"\0" * 100)
    z.writestr("a.dbf", b"\0" * 100)
data = buf.getvalue()
json.dump({"category": "industrial", "file": {"name": "bomb.zip", "content_base64": base64.b64encode(data).decode()}}, open(f"{d}/bomb.json", "w"))
feats = [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [121.0 + i * 1e-6, 28.0]}} for i in range(20001)]
json.dump({"category": "industrial", "file": {"name": "many.geojson", "content": json.dumps({"type": "FeatureCollection", "features": feats})}}, open(f"{d}/many.json", "w"))
print(len(data))
PY
code=$(curl -s --interface 127.0.0.3 -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/bomb.json" "$U/api/v1/checks")
[ "$code" = 413 ] && jb .error.message | grep -q "unpacks to"
ok $? "a zip that unpacks to 100 MiB: 413 before inflating ($(jb .error.message | head -c 100))"
code=$(curl -s --interface 127.0.0.3 -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/many.json" "$U/api/v1/checks")
[ "$code" = 413 ] && jb .error.message | grep -q "features"
ok $? "20,001 features in one upload: 413 ($(jb .error.message | head -c 100))"

# GEP runs: two at a time, the third told to come back
ACC=$(curl -s --interface 127.0.0.3 -X POST "$U/api/v1/session" -d '{"username":"admin","password":"pw-admin-secret"}' | jq -r .token)
c1=$(curl -s --interface 127.0.0.3 -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ACC" -d '{"account":"gep-account.json"}' "$U/api/v1/gep/runs")
c2=$(curl -s --interface 127.0.0.3 -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ACC" -d '{"account":"gep-account.json"}' "$U/api/v1/gep/runs")
c3=$(curl -s --interface 127.0.0.3 -o "$T/b" -D "$T/h" -w '%{http_code}' -X POST -H "Authorization: Bearer $ACC" -d '{"account":"gep-account.json"}' "$U/api/v1/gep/runs")
[ "$c1" = 202 ] && [ "$c2" = 202 ] && [ "$c3" = 429 ] && grep -qi '^retry-after:' "$T/h"
ok $? "two GEP runs start, the third while they run: 429 ($c1 $c2 $c3)"
finish
