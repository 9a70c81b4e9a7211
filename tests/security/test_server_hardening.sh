#!/usr/bin/env bash
# The server against forged logs, lock-outs and malformed requests (docs/security.md):
# a path that tries to write its own log line, the last administrator demoting or disabling
# themselves, smuggling-shaped headers, a path that is not UTF-8, LIKE wildcards in a search,
# control and direction-override characters in names, common passwords, the browser
# security headers, a public-role account logging out, and a long Chinese parcel label.
# backends: gpkg postgres
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county with accounts"
echo "pw-pub1-secret" | $B user add pub1 --role public --store "$S" --password-file - >/dev/null
start_server
[ -n "$PORT" ]; ok $? "the server listens"
ADM=$(login admin)
REV=$(login rev1)
REG=$(login reg1)

# 7. a forged access-log line: a newline and quotes in the path
curl -s -o /dev/null --path-as-is "$U/api/v1/x%0Ats=2026-01-01T00:00:00.000Z%20level=info%20msg=request%20user=%22admin%22%22"
sleep 0.2
! grep -v '^ts=' "$T/serve.log" | grep -q 'level=info' && ! grep -q '^ts=2026-01-01T00:00:00.000Z' "$T/serve.log" &&
    grep -q 'path="/api/v1/x\\x0ats=2026' "$T/serve.log"
ok $? "a newline in the path is escaped inside its value: no forged line"

# 9. the last administrator
[ "$(req PATCH /api/v1/users/admin '{"role":"reviewer"}' "$ADM")" = 400 ] && [ "$(jb .error.field)" = role ] &&
    [ "$(req PATCH /api/v1/users/admin '{"disabled":true}' "$ADM")" = 400 ] && [ "$(jb .error.field)" = disabled ]
ok $? "the last administrator can neither demote nor disable themselves ($(jb .error.message | head -c 80))"
exits 1 "... nor through the command line" $B user set admin --role auditor --store "$S"
[ "$(req POST /api/v1/users '{"username":"adm2","password":"long-enough-pw","role":"administrator"}' "$ADM")" = 201 ] &&
    [ "$(req PATCH /api/v1/users/admin '{"role":"reviewer"}' "$ADM")" = 200 ]
ok $? "with a second administrator, the first may step down"
[ "$(req GET /api/v1/users "" "$ADM")" = 401 ]; ok $? "... and the stepped-down administrator's session has ended"
ADM2=$(login adm2 2>/dev/null || true)
ADM2=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"adm2","password":"long-enough-pw"}' | jq -r .token)
[ "$(req PATCH /api/v1/users/rev1 '{"disabled":true}' "$ADM2")" = 200 ] && [ "$(req GET /api/v1/session "" "$REV")" = 401 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$U/api/v1/session" -d '{"username":"rev1","password":"pw-rev1-secret"}')" = 401 ]
ok $? "a disabled account loses its session and cannot log in"
[ "$(sql "SELECT count(*) FROM ledger_event WHERE subject = 'user:rev1' AND payload LIKE '%\"disabled\":true%'")" = 1 ]
ok $? "... and disabling it is a ledger event"

# passwords and names
[ "$(req POST /api/v1/users '{"username":"weak1","password":"12345678","role":"trader"}' "$ADM2")" = 400 ] &&
    [ "$(jb .error.field)" = password ] &&
    [ "$(req POST /api/v1/users '{"username":"weak2","password":"Password","role":"trader"}' "$ADM2")" = 400 ]
ok $? "common passwords are refused"
[ "$(req POST /api/v1/users "$(printf '{"username":"bidi1","password":"long-enough-pw","role":"trader","display":"abc\\u202egpj.exe"}')" "$ADM2")" = 400 ] &&
    [ "$(jb .error.field)" = display ] &&
    [ "$(req POST /api/v1/users '{"username":"ctl1","password":"long-enough-pw","role":"trader","display":"a\u0007b"}' "$ADM2")" = 400 ]
ok $? "control and direction-override characters in a display name are refused"

# malformed requests
raw() { python3 - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
s.settimeout(5)
data = b""
try:
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
print(data.split(b"\r\n")[0].decode("latin-1"))
PY
}
raw 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}' | grep -q ' 400 '
ok $? "two Content-Length headers: 400"
raw 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n' | grep -q ' 400 '
ok $? "Content-Length with Transfer-Encoding: 400"
[ "$(curl -s -o "$T/b" -w '%{http_code}' --path-as-is "$U/api/v1/registry/units/%ff%fe")" = 400 ] && [ "$(jb .error.code)" = bad_request ]
ok $? "a path that is not UTF-8: 400, not 500"

# LIKE wildcards are literal
[ "$(req GET "/api/v1/registry/units?q=%25&limit=5" "" "$REG")" = 200 ] && [ "$(jb '.units | length')" = 0 ] &&
    [ "$(req GET "/api/v1/registry/units?q=_&limit=5" "" "$REG")" = 200 ] && [ "$(jb '.units | length')" = 0 ] &&
    [ "$(req GET "/api/v1/registry/units?q=3310&limit=5" "" "$REG")" = 200 ] && [ "$(jb '.units | length')" = 5 ]
ok $? "% and _ in a search match themselves, not everything"

# headers for the browser
curl -s -D "$T/h" -o /dev/null "$U/api/v1/health"
grep -qi "^content-security-policy: default-src 'self'" "$T/h" && grep -qi "frame-ancestors 'none'" "$T/h" &&
    grep -qi '^x-frame-options: DENY' "$T/h" && grep -qi '^referrer-policy: no-referrer' "$T/h"
ok $? "Content-Security-Policy, X-Frame-Options and Referrer-Policy on every answer"

# a public-role account can end its session
PUB=$(login pub1)
[ "$(sql "SELECT count(*) FROM srv_session WHERE username = 'pub1'")" = 1 ] &&
    [ "$(req DELETE /api/v1/session "" "$PUB")" = 200 ] &&
    [ "$(sql "SELECT count(*) FROM srv_session WHERE username = 'pub1'")" = 0 ]
ok $? "a public-role account logs out: its session is gone"
[ "$(req DELETE /api/v1/session)" = 401 ]; ok $? "logging out without a session: 401"

# a long Chinese label stays whole characters, and present
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM township LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{printf "%d %d", x, y}')
NAME=$(python3 -c 'print("两山生态产品价值实现试点地块" * 5)')
jq -n --arg n "$NAME" --argjson x "$PX" --argjson y "$PY" '{category: "industrial", crs: 4528, file: {name: "l.geojson", content: ({type: "FeatureCollection", features: [{type: "Feature", properties: {name: $n}, geometry: {type: "Polygon", coordinates: [[[$x, $y], [$x + 50, $y], [$x + 50, $y + 50], [$x, $y + 50], [$x, $y]]]}}]} | tojson)}}' > "$T/long.json"
ADM3=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"adm2","password":"long-enough-pw"}' | jq -r .token)
echo long-enough-pw2 | $B user add rev2 --role reviewer --store "$S" --password-file - >/dev/null
REV2=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"rev2","password":"long-enough-pw2"}' | jq -r .token)
[ "$(reqf POST /api/v1/checks "$T/long.json" "$REV2")" = 200 ] && L=$(jb .footprint) && [ -n "$L" ] && [ "$L" != null ] &&
    case "$NAME" in "$L"*) true ;; *) false ;; esac
ok $? "a 210-byte Chinese label is cut at a character, not dropped: $(jb .footprint | head -c 60)…"
finish
