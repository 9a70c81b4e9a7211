#!/usr/bin/env bash
# `liangshan serve` end to end over real HTTP on 127.0.0.1: health, the OpenAPI document
# against the real route table, accounts, roles, sessions (wrong password, unknown and
# expired tokens), every kind of bad input (malformed JSON, wrong types, unknown fields,
# oversized bodies, path traversal), layers against GDAL's own spatial filter, compliance
# checks against the CLI's answer, registry reads and writes with the user in the ledger,
# conflicting concurrent writes, a GEP run as a job reproducing the published account byte
# for byte, downloads, graceful shutdown with a request in flight, and no secret in the log.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/srv.XXXXXX")
. "$(dirname "$0")/tap.sh"

$B demo --out "$T/c" --seed 1 >/dev/null &&
    $B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" >/dev/null
ok $? "demo county with its store and its published 2023 GEP account"
# the demo's forest sink, accepted against that account as `make demo` does
scripts/demo-sinks.sh "$B" "$T/c" > "$T/sinks.out" &&
    [ "$($B indicator projects --store "$T/c/store.gpkg" --state issued --json | jq '[.[] | select(.class == "carbon_sink")] | length')" = 2 ]
ok $? "the demo's sink accepted against the 2023 account and issued: $(cat "$T/sinks.out")"
# its quantity against an independent sum over the footprint (GDAL and OGR, tests/cli/sink_oracle.py)
SK=$(jq -r '.[0].request.project' "$T/c/indicator/sinks.json")
want=$(/usr/bin/python3 tests/cli/sink_oracle.py "$T/c/gep-2023/carbon_sequestration_physical.tif" \
    "$(jq -r '.[0].request.footprint' "$T/c/indicator/sinks.json")" 0.2)
got=$($B indicator show "$SK" --store "$T/c/store.gpkg" --json | jq '.acceptance.quantities.CCS')
[ -n "$want" ] && [ "$got" = "$want" ]
ok $? "the sink's $got kgCO2e equal the GEP account's carbon sequestration summed over its footprint by GDAL and OGR ($want)"
# the blue-carbon disc drawn half over the sea: rejected, the account covering what OGR finds
SB=$(jq -r '[.[] | select(.expect == "rejected: sink.covered")][0].request.project' "$T/c/indicator/sinks.json")
want=$(/usr/bin/python3 tests/cli/sink_oracle.py "$T/c/gep-2023/carbon_sequestration_physical.tif" \
    "$(jq -r '[.[] | select(.expect == "rejected: sink.covered")][0].request.footprint' "$T/c/indicator/sinks.json")" 0.2 covered)
$B indicator show "$SB" --store "$T/c/store.gpkg" --json > "$T/sb.json"
got=$(jq '[.acceptance.check.rules[] | select(.rule == "sink.covered")][0].figures.covered_m2 | round' "$T/sb.json")
[ "$(jq -r .state "$T/sb.json")" = rejected ] && [ -n "$want" ] && [ "$got" = "$want" ] &&
    [ "$(jq '[.acceptance.check.rules[] | select(.rule == "sink.covered")][0].passed' "$T/sb.json")" = false ]
ok $? "the sink drawn half over the sea is rejected by sink.covered: $got m² covered, as GDAL and OGR find ($want)"
S="$T/c/store.gpkg"
for u in admin:administrator reg1:registrar acc1:accountant rev1:reviewer aud1:auditor; do
    echo "pw-${u%%:*}-secret" | $B user add "${u%%:*}" --role "${u##*:}" --store "$S" \
        --password-file - >/dev/null || echo "user ${u%%:*} failed"
done
exits 1 "a password shorter than 8 characters is refused" sh -c "echo short | $B user add x1 --role trader --store $S --password-file -"
exits 1 "an unknown role is refused" sh -c "echo long-enough | $B user add x2 --role king --store $S --password-file -"
[ "$(sqlite3 "$S" "SELECT count(*) FROM srv_user")" = 5 ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM srv_user WHERE pw_hash LIKE 'scrypt\$32768\$8\$1\$%'")" = 5 ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event WHERE type = 'account.user_add' AND payload NOT LIKE '%pw-%'")" = 5 ]
ok $? "5 accounts with scrypt hashes, each opened by a ledger event without the password"

# the 2023 account attributed to the registry's units, as `make demo` publishes it: what a
# unit's value card reads
$B gep attribute "$T/c/gep-2023" --store "$S" --out "$T/c/gep-2023-units.csv" > /dev/null
ok $? "the 2023 account attributed to the units (gep-2023-units.csv)"
# the demo's compensation (two published township allocations, a GEP-share agreement settled)
# and a third allocation recorded, not published; the 2025 change survey's damage opened as cases
scripts/demo-compensation.sh "$B" "$T/c" > /dev/null &&
    jq '.allocation = "LS-ECO-2025" | .year = 2025' "$T/c/compensation/LS-ECO-2024.json" > "$T/c/compensation/LS-ECO-2025.json" &&
    $B compensate allocate "$T/c/compensation/LS-ECO-2025.json" --store "$S" --actor acc1 > /dev/null &&
    $B damage discover --data "$T/c/county.gpkg" --before "$T/c/county.gpkg" --year-before 2024 \
        --after "$T/c/county-2025.gpkg" --year-after 2025 --store "$S" --actor reg1 --date 2025-03-01 --json > "$T/disc.json"
ok $? "compensation and damage recorded for the server: $(jq '.opened | length' "$T/disc.json") cases"
mkdir -p "$T/web" && echo '<!doctype html><title>两山</title>' > "$T/web/index.html"
# a script over 1 KB with its precompressed twin, as scripts/web.sh writes them
for i in $(seq 1 200); do echo "export const v$i = $i; // 两山"; done > "$T/web/big.js" && gzip -9 -n -k "$T/web/big.js"
echo secret > "$T/outside.txt"
start() {
    $B serve --store "$S" --data "$T/c" --web "$T/web" --listen 127.0.0.1:0 --threads 2 --market-clock requests \
        --cors-origin https://portal.example.gov.cn --basemap-subdomains 01234567 \
        --basemap 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=TEST' \
        >"$T/serve.out" 2>>"$T/serve.log" &
    SPID=$!
    for _ in $(seq 1 100); do
        grep -q listening "$T/serve.out" 2>/dev/null && break
        sleep 0.1
    done
    PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve.out")
    U="http://127.0.0.1:$PORT"
}
# a basemap URL that is no http(s) XYZ template, or whose {s} is not the host's first label,
# is refused before the server starts (its origin would go into the CSP)
exits 1 "--basemap ftp://… is refused" $B serve --store "$S" --listen 127.0.0.1:0 --basemap 'ftp://h/{z}/{x}/{y}'
exits 1 "--basemap without {y} is refused" $B serve --store "$S" --listen 127.0.0.1:0 --basemap 'https://h/{z}/{x}'
exits 1 "--basemap with {s} past the first label is refused" $B serve --store "$S" --listen 127.0.0.1:0 --basemap 'https://a.{s}.example.cn/{z}/{x}/{y}'
start
[ -n "$PORT" ]; ok $? "the server listens (port $PORT)"

# req METHOD PATH [BODY] [TOKEN]: the status on stdout, the body in $T/b
req() {
    local args=(-s -o "$T/b" -w '%{http_code}' -X "$1" "$U$2")
    [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
    [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
    curl "${args[@]}"
}
jb() { jq -r "$1" "$T/b"; }
login() { curl -s -X POST "$U/api/v1/session" -d "{\"username\":\"$1\",\"password\":\"pw-$1-secret\"}" | jq -r .token; }

[ "$(req GET /api/v1/health)" = 200 ] && [ "$(jb .status)" = ok ]; ok $? "health"
# 0303 is mangrove in the survey and shrubland in the 2023 classification (spatial.md §2.4)
[ "$(req GET /api/v1/landclasses/survey)" = 200 ] && [ "$(jb '.classes[] | select(.code == "0303") | .zh')" = 红树林地 ] &&
[ "$(req GET /api/v1/landclasses/planning)" = 200 ] && [ "$(jb '.classes[] | select(.code == "0303") | .zh')" = 灌木林地 ] &&
[ "$(req GET /api/v1/landclasses/nope)" = 404 ] && [ "$(jb .error.field)" = scheme ]
ok $? "land-class names by scheme; an unknown scheme is 404"
# encoding: gzip for a client that takes it, the same bytes once unzipped; ETag and 304
curl -s -D "$T/h1" -o "$T/plain" "$U/api/v1/layers/township/features"
curl -s -D "$T/h2" -o "$T/zipped" -H 'Accept-Encoding: gzip' "$U/api/v1/layers/township/features"
grep -qi '^content-encoding: gzip' "$T/h2" && grep -qi '^vary: .*accept-encoding' "$T/h2" && ! grep -qi '^content-encoding' "$T/h1" &&
    gunzip -c "$T/zipped" | cmp -s - "$T/plain" && [ "$(stat -c %s "$T/zipped")" -lt "$(( $(stat -c %s "$T/plain") / 2 ))" ]
ok $? "GeoJSON gzipped for a client that takes it ($(stat -c %s "$T/plain") → $(stat -c %s "$T/zipped") bytes), identical once unzipped"
ETAG=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$T/h1")
[ -n "$ETAG" ] && [ "$(curl -s -o "$T/b304" -w '%{http_code} %{size_download}' -H "If-None-Match: $ETAG" "$U/api/v1/layers/township/features")" = "304 0" ] &&
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "0000"' "$U/api/v1/layers/township/features")" = 200 ] &&
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip;q=0' -D "$T/h3" "$U/api/v1/layers/township/features")" = 200 ] && ! grep -qi '^content-encoding' "$T/h3"
ok $? "an unchanged answer is 304 without a body for its ETag ($ETAG); another tag 200; gzip;q=0 refuses gzip"
curl -s -D "$T/h4" -o "$T/js.gz" -H 'Accept-Encoding: gzip' "$U/big.js"
SETAG=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$T/h4")
grep -qi '^content-encoding: gzip' "$T/h4" && cmp -s "$T/js.gz" "$T/web/big.js.gz" &&
    [ "$(curl -s "$U/big.js" | cmp -s - "$T/web/big.js" && echo same)" = same ] &&
    [[ "$SETAG" == W/* ]] && grep -qi '^cache-control: no-cache' "$T/h4" &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $SETAG" "$U/big.js")" = 304 ]
ok $? "a static file: its precompressed twin for gzip, itself otherwise, a weak ETag and 304"
# CORS: the configured portal's pages may call the API; others get no grant
curl -s -o /dev/null -D "$T/h5" -X OPTIONS -H 'Origin: https://portal.example.gov.cn' -H 'Access-Control-Request-Method: POST' "$U/api/v1/checks"
grep -q '^HTTP/1.1 204' "$T/h5" && grep -qi '^access-control-allow-origin: https://portal.example.gov.cn' "$T/h5" &&
    grep -qi '^access-control-allow-methods: .*POST' "$T/h5" && grep -qi '^access-control-allow-headers: .*Authorization' "$T/h5" &&
curl -s -o /dev/null -D "$T/h6" -H 'Origin: https://portal.example.gov.cn' "$U/api/v1/health" && grep -qi '^access-control-allow-origin: https://portal.example.gov.cn' "$T/h6" &&
curl -s -o /dev/null -D "$T/h7" -H 'Origin: https://evil.example.com' "$U/api/v1/health" && ! grep -qi '^access-control-allow-origin' "$T/h7" &&
[ "$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS -H 'Origin: https://evil.example.com' "$U/api/v1/checks")" = 405 ]
ok $? "CORS: a preflight from the configured origin is granted (204), another origin gets no grant"
[ "$(req GET /api/v1/openapi.json)" = 200 ] && cmp -s "$T/b" data/server/openapi.json
ok $? "the OpenAPI document is served as written"
$B serve --routes | jq -S '[.routes[] | {m: .method, p: .path, x: .permission}] | sort' > "$T/routes"
jq -S '[.paths | to_entries[] | .key as $p | .value | to_entries[] |
        {m: (.key | ascii_upcase), p: $p, x: .value["x-permission"]}] | sort' \
    data/server/openapi.json > "$T/documented"
diff "$T/routes" "$T/documented" >&2; ok $? "OpenAPI documents exactly the routes served, with their permissions ($(jq length "$T/routes") operations)"

# accounts and sessions
[ "$(req POST /api/v1/session '{"username":"admin","password":"wrong-password"}')" = 401 ] &&
    [ "$(jb .error.code)" = login_failed ]; ok $? "a wrong password: 401 login_failed"
[ "$(req POST /api/v1/session '{"username":"nobody","password":"wrong-password"}')" = 401 ] &&
    [ "$(jb .error.message)" = "wrong username or password" ]
ok $? "an unknown user gets the same answer as a wrong password"
ADMIN=$(login admin); REG=$(login reg1); ACC=$(login acc1); REV=$(login rev1); AUD=$(login aud1)
[ ${#ADMIN} = 64 ] && [ ${#AUD} = 64 ]; ok $? "log in: 256-bit tokens"
[ "$(req GET /api/v1/session "" "$REG")" = 200 ] && [ "$(jb .user.role)" = registrar ]
ok $? "the session knows its user and role"
[ "$(req GET /api/v1/registry/units)" = 401 ] && [ "$(jb .error.code)" = unauthenticated ]
ok $? "no token: 401 unauthenticated"
[ "$(req GET /api/v1/registry/units "" 0123456789abcdef)" = 401 ] && [ "$(jb .error.code)" = invalid_token ]
ok $? "an unknown token: 401 invalid_token"
OLD=$(login aud1)
sqlite3 "$S" "UPDATE srv_session SET expires = 1000 WHERE token_hash = '$(printf %s "$OLD" | sha256sum | cut -c1-64)'"
[ "$(req GET /api/v1/registry/units "" "$OLD")" = 401 ] && [ "$(jb .error.code)" = token_expired ]
ok $? "an expired token: 401 token_expired"
BYE=$(login rev1)
[ "$(req DELETE /api/v1/session "" "$BYE")" = 200 ] && [ "$(req GET /api/v1/session "" "$BYE")" = 401 ]
ok $? "after logout the token is refused"

# roles
[ "$(req POST /api/v1/registry/applications '{}' "$REV")" = 403 ] && [ "$(jb .error.code)" = forbidden ]
ok $? "a reviewer may not register: 403"
[ "$(req POST /api/v1/checks '{"category":"industrial"}' "$AUD")" = 403 ]; ok $? "an auditor runs no check: 403"
[ "$(req POST /api/v1/gep/runs '{"account":"gep-account.json"}' "$REG")" = 403 ]; ok $? "a registrar runs no GEP account: 403"
[ "$(req POST /api/v1/users '{"username":"x9","password":"long-enough","role":"trader"}' "$AUD")" = 403 ]
ok $? "an auditor opens no account: 403"
[ "$(req GET /api/v1/users "" "$AUD")" = 200 ] && [ "$(jb '.users | length')" = 5 ] && ! grep -q scrypt "$T/b"
ok $? "an auditor reads the accounts, without hashes"
[ "$(req GET /api/v1/ledger/verification "" "$AUD")" = 200 ] && [ "$(jb .ok)" = true ]
ok $? "an auditor verifies the ledger: intact"
[ "$(req GET /api/v1/ledger/verification "" "$ACC")" = 403 ]; ok $? "an accountant does not: 403"
$B ledger verify --store "$S" --json >"$T/lv.json"
[ "$(req GET /api/v1/ledger/head "" "$ACC")" = 200 ] && [ "$(jb .algorithm)" = sha256 ] &&
    [ "$(jb .algorithm)" = "$(jq -r .algorithm "$T/lv.json")" ] &&
    [ "$(jb .head)" = "$(jq -r .head "$T/lv.json")" ]
ok $? "the ledger head names its algorithm and head as ledger verify does: $(jb .algorithm)"
[ "$(req POST /api/v1/users '{"username":"tr1","password":"pw-tr1-secret","role":"trader"}' "$ADMIN")" = 201 ] &&
    [ "$(sqlite3 "$S" "SELECT actor FROM ledger_event WHERE subject = 'user:tr1'")" = admin ]
ok $? "the administrator opens an account, recorded with the administrator as actor"
[ "$(req POST /api/v1/users '{"username":"tr1","password":"pw-tr1-secret","role":"trader"}' "$ADMIN")" = 409 ]
ok $? "the same account twice: 409"

# bad input
N0=$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")
[ "$(req POST /api/v1/checks '{"category": "industrial",' "$REV")" = 400 ] && [ "$(jb .error.code)" = invalid_json ]
ok $? "malformed JSON: 400 invalid_json"
REV=$(login rev1)
[ "$(req POST /api/v1/checks '{"category":"industrial","crs":"4326","geometry":{}}' "$REV")" = 400 ] &&
    [ "$(jb .error.field)" = crs ]; ok $? "a wrong type: 400 naming the field"
[ "$(req POST /api/v1/checks '{"category":"industrial","colour":"red"}' "$REV")" = 400 ] &&
    [ "$(jb .error.code)" = unknown_field ] && [ "$(jb .error.field)" = colour ]
ok $? "an unknown field: 400 unknown_field naming it"
[ "$(req POST /api/v1/users '{"username":"x","password":5,"role":"trader"}' "$ADMIN")" = 400 ] &&
    [ "$(jb .error.field)" = password ]; ok $? "a number for a password: 400"
head -c 9000000 /dev/zero | tr '\0' ' ' > "$T/big"
[ "$(curl -s -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/big" "$U/api/v1/checks")" = 413 ] &&
    [ "$(jb .error.code)" = body_too_large ]; ok $? "a 9 MB body: 413"
[ "$(req GET '/api/v1/layers/county/features?bbox=1,2,3' )" = 400 ] && [ "$(jb .error.field)" = bbox ]
ok $? "a bbox of three numbers: 400"
[ "$(req GET '/api/v1/layers/county/features?limit=0')" = 400 ]; ok $? "limit 0: 400"
[ "$(req GET /api/v1/nothing)" = 404 ] && [ "$(jb .error.code)" = not_found ]; ok $? "an unknown API path: 404 JSON"
# no server path in an answer: a footprint far outside the county
[ "$(req POST /api/v1/checks '{"category":"industrial","crs":4326,"geometry":{"type":"Polygon","coordinates":[[[100,30],[100.01,30],[100.01,30.01],[100,30.01],[100,30]]]}}' "$REV")" = 400 ] &&
    jb .error.message | grep -q "county.gpkg" && ! grep -q "$T" "$T/b"
ok $? "an error names county.gpkg, never the server's folder ($(jb .error.message | head -c 90))"
[ "$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -X PUT "$U/api/v1/health")" = 405 ] && grep -qi '^allow: GET' "$T/h"
ok $? "a wrong method: 405 with Allow: GET"
[ "$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -X PUT "$U/api/v1/session")" = 405 ] &&
    [ "$(sed -n 's/^[Aa]llow: *//p' "$T/h" | tr -d '\r')" = "POST, GET, DELETE" ]
ok $? "... listing every method of the path (/session: $(sed -n 's/^[Aa]llow: *//p' "$T/h" | tr -d '\r'))"
[ "$(curl -s -o "$T/b" -w '%{http_code}' --path-as-is "$U/../outside.txt")" != 200 ] &&
    [ "$(curl -s -o "$T/b" -w '%{http_code}' --path-as-is "$U/%2e%2e/outside.txt")" != 200 ] &&
    [ "$(curl -s -o "$T/b" -w '%{http_code}' --path-as-is "$U/.%2e/.%2e/etc/passwd")" != 200 ] &&
    ! grep -q secret "$T/b"; ok $? "path traversal out of the web folder: refused"
[ "$(curl -s -o "$T/b" -w '%{http_code}' "$U/")" = 200 ] && grep -q 两山 "$T/b" &&
    [ "$(curl -s -o "$T/b" -w '%{http_code}' "$U/registry")" = 200 ] && grep -q 两山 "$T/b"
ok $? "the web UI's index for / and for the app's pages"
[ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N0" ]; ok $? "bad requests changed nothing"

# layers: the features in a box are GDAL's own spatial-filter answer
BOX=40628000,3190000,40632000,3194000
want=$(ogrinfo -q -spat ${BOX//,/ } "$T/c/county.gpkg" landuse_patch | grep -c '^OGRFeature')
[ "$(req GET "/api/v1/layers/landuse_patch/features?bbox=$BOX&bbox-crs=0&limit=20000" "" "$AUD")" = 200 ] &&
    [ "$(jb .numberReturned)" = "$want" ] && [ "$want" -gt 10 ]
ok $? "landuse_patch in a box: $want features, as ogrinfo -spat"
[ "$(req GET "/api/v1/layers/landuse_patch/features?bbox=$BOX&bbox-crs=0")" = 401 ]
ok $? "the survey patches (holders' names) need a login"
[ "$(req GET "/api/v1/layers/landuse_patch/features?bbox=$BOX&bbox-crs=0&limit=5" "" "$AUD")" = 200 ] &&
    [ "$(jb .numberReturned)" = 5 ] && [ "$(jb .next.offset)" = 5 ] &&
    req GET "/api/v1/layers/landuse_patch/features?bbox=$BOX&bbox-crs=0&limit=5&offset=5" "" "$AUD" >/dev/null &&
    [ "$(jb '.features[0].id')" != null ]; ok $? "paging: limit, next offset"
[ "$(req GET '/api/v1/layers/eco_redline/features?limit=1')" = 200 ] &&
    jb '.features[0].geometry.coordinates[0][0][0][0]' | awk '{exit !($1 > 121 && $1 < 122)}'
ok $? "GeoJSON in EPSG:4326 (lon 121.x) for the public"
[ "$(req GET /api/v1/layers)" = 200 ] && LB=$(jb '.layers[] | select(.name == "eco_redline") | .bbox | join(",")') &&
    NR=$(ogrinfo -so "$T/c/county.gpkg" eco_redline | awk '/Feature Count/{print $3}') &&
    [ "$(req GET "/api/v1/layers/eco_redline/features?bbox=$LB&limit=20000")" = 200 ] &&
    [ "$(jb .numberReturned)" = "$NR" ] && [ "$NR" -gt 0 ]
ok $? "the list's lon/lat extent of eco_redline, asked back as a box, finds all its $NR features"
[ "$(req GET /api/v1/layers/eco_redline/features/1)" = 200 ] && [ "$(jb .id)" = 1 ] && [ "$(jb .type)" = Feature ] &&
    [ "$(req GET /api/v1/layers/eco_redline/features/999999)" = 404 ] && [ "$(jb .error.field)" = fid ] &&
    [ "$(req GET /api/v1/layers/nowhere/features)" = 404 ] && [ "$(jb .error.field)" = layer ]
ok $? "identify: feature 1 by id; an unknown fid and an unknown layer: 404 naming the field"

# the attribute table's GeoPackage: the county's CRS and fields, every feature that meets the
# view (ogr2ogr's own lon/lat spatial filter), the whole layer without a box
VBOX=121.30,28.80,121.40,28.90
ogr2ogr -spat ${VBOX//,/ } -spat_srs EPSG:4326 "$T/ogr.gpkg" "$T/c/county.gpkg" basic_farmland
curl -s -o "$T/exp.gpkg" -D "$T/hexp" "$U/api/v1/layers/basic_farmland/export?format=gpkg&bbox=$VBOX" &&
    grep -qi 'content-disposition: attachment; filename="basic_farmland.gpkg"' "$T/hexp" &&
    [ "$(sqlite3 "$T/exp.gpkg" "SELECT srs_id FROM gpkg_contents")" = 4528 ] &&
    [ "$(sqlite3 "$T/exp.gpkg" "SELECT count(*) FROM pragma_table_info('basic_farmland')")" = "$(sqlite3 "$T/c/county.gpkg" "SELECT count(*) FROM pragma_table_info('basic_farmland')")" ] &&
    sqlite3 "$T/ogr.gpkg" "SELECT BSM FROM basic_farmland" | sort > "$T/ogr.ids" &&
    sqlite3 "$T/exp.gpkg" "SELECT BSM FROM basic_farmland" | sort > "$T/exp.ids" &&
    [ "$(comm -23 "$T/ogr.ids" "$T/exp.ids" | wc -l)" = 0 ] && [ "$(wc -l < "$T/ogr.ids")" -gt 10 ]
ok $? "GeoPackage of the view: EPSG:4528, every field, all $(wc -l < "$T/ogr.ids") features ogr2ogr finds in the box ($(wc -l < "$T/exp.ids") exported)"
curl -s -o "$T/all.gpkg" "$U/api/v1/layers/basic_farmland/export" &&
    [ "$(sqlite3 "$T/all.gpkg" "SELECT count(*) FROM basic_farmland")" = "$(sqlite3 "$T/c/county.gpkg" "SELECT count(*) FROM basic_farmland")" ]
ok $? "without a box, the whole layer"
[ "$(req GET /api/v1/layers/landuse_patch/export)" = 401 ] &&
    [ "$(req GET '/api/v1/layers/river/export?format=shp')" = 400 ] && [ "$(jb .error.field)" = format ] &&
    [ "$(req GET '/api/v1/layers/river/export?bbox=1,2')" = 400 ] && [ "$(jb .error.field)" = bbox ] &&
    [ "$(req GET /api/v1/layers/nowhere/export)" = 404 ]
ok $? "export: the patches need a login; a bad format or box 400 naming it; an unknown layer 404"

# labels: one point inside each township and village, with its name
[ "$(req GET /api/v1/layers/township/labels)" = 200 ] && jb '.features[] | "\(.id) \(.geometry.coordinates[0]) \(.geometry.coordinates[1]) \(.properties.name)"' > "$T/labels" &&
    [ "$(req GET /api/v1/layers/village/labels)" = 200 ] && jb '.features[] | "\(.id) \(.geometry.coordinates[0]) \(.geometry.coordinates[1]) \(.properties.name)"' > "$T/vlabels" &&
    /usr/bin/python3 - "$T/c/county.gpkg" "$T/labels" "$T/vlabels" > "$T/labels.out" <<'PY'
import sys
from osgeo import ogr, osr
ds = ogr.Open(sys.argv[1])
wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326); wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
for layer, field, path in (("township", "XZQMC", sys.argv[2]), ("village", "ZLDWMC", sys.argv[3])):
    lyr = ds.GetLayerByName(layer)
    ct = osr.CoordinateTransformation(wgs, lyr.GetSpatialRef())
    lines = open(path, encoding="utf-8").read().split("\n")[:-1]
    good = 0
    for line in lines:
        fid, lon, lat, name = line.split(" ", 3)
        f = lyr.GetFeature(int(fid))
        x, y, _ = ct.TransformPoint(float(lon), float(lat))
        p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(x, y)
        good += f.GetGeometryRef().Contains(p) and f.GetField(field) == name
    print(layer, good, len(lines), lyr.GetFeatureCount())
PY
[ "$(awk '$2 == $3 && $3 == $4 && $3 > 3 {k++} END{print k}' "$T/labels.out")" = 2 ]
ok $? "labels: each township's and village's name at a point inside it ($(tr '\n' ' ' < "$T/labels.out"))"
[ "$(req GET /api/v1/layers/eco_redline/labels)" = 404 ] && [ "$(jb .error.field)" = layer ]
ok $? "a layer without unit names has no labels (404)"

# basemaps: the configured service (its tile host allowed by the CSP) and the county's own
[ "$(req GET /api/v1/basemaps)" = 200 ] && [ "$(jb .default)" = configured ] &&
    [ "$(jb '[.basemaps[].id] | join(",")')" = configured,county ] && [ "$(jb '.basemaps[0].subdomains')" = 01234567 ] &&
    curl -s -D - -o /dev/null "$U/" | grep -i '^content-security-policy' | grep -q "img-src 'self' data: blob: https://\*.tianditu.gov.cn;"
ok $? "basemaps listed; the CSP lets images come from *.tianditu.gov.cn and nowhere else"
read -r TX TY < <(/usr/bin/python3 -c "import math; n = 2 ** 13
print(int((121.34 + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(28.84))) / math.pi) / 2 * n))")
curl -s -D "$T/htile" -o "$T/tile.png" "$U/api/v1/basemap/tiles/13/$TX/$TY.png" &&
    grep -qi '^content-type: image/png' "$T/htile" && grep -qi '^cache-control: public, max-age=86400' "$T/htile" &&
    cmp -s "$T/tile.png" "$T/c/tiles/13/$TX/$TY.png" &&
    /usr/bin/python3 tests/cli/basemap_oracle.py "$T/c" "$T/c/tiles" 13 > "$T/tile.out"
ok $? "a county basemap tile: PNG, cached a day, kept in COUNTY/tiles, coloured as the land cover ($(tail -1 "$T/tile.out"))"
rm -rf "$T/c/tiles"
[ "$(curl -s -o "$T/tile2.png" -w '%{http_code}' "$U/api/v1/basemap/tiles/13/$TX/$TY.png")" = 200 ] && cmp -s "$T/tile.png" "$T/tile2.png" &&
    [ -s "$T/c/tiles/basemap.tif" ]
ok $? "the tile cache removed while the server runs: the basemap is composed again and the tile is the same"
[ "$(req GET /api/v1/basemap/tiles/3/9/1.png)" = 400 ] && [ "$(jb .error.field)" = x ] &&
    [ "$(req GET /api/v1/basemap/tiles/13/1/1.jpg)" = 404 ] && [ "$(req GET /api/v1/basemap/tiles/21/1/1.png)" = 404 ] &&
    [ "$(req GET /api/v1/basemap/tiles/13/-1/1.png)" = 404 ]
ok $? "a tile not in the scheme: 400 naming x; not Z/X/Y.png: 404"

# compliance checks: the API's answer is the CLI's
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM eco_redline ORDER BY ST_Area(geom) DESC LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{print x, y}')
WKT=$(awk -v x="$PX" -v y="$PY" 'BEGIN{printf "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", x-40,y-40,x+40,y-40,x+40,y+40,x-40,y+40,x-40,y-40}')
GJ=$(awk -v x="$PX" -v y="$PY" 'BEGIN{printf "{\"type\":\"Polygon\",\"coordinates\":[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}", x-40,y-40,x+40,y-40,x+40,y+40,x-40,y+40,x-40,y-40}')
$B check --category industrial --data "$T/c/county.gpkg" --wkt "$WKT" --json > "$T/cli.json"
[ "$(req POST /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ}" "$REV")" = 200 ] &&
    [ "$(jb .verdict)" = prohibited ] &&
    [ "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/b")" = "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/cli.json")" ] &&
    [ "$(jb '.overlaps_geojson.features | length')" -ge 1 ]
ok $? "a footprint in the red line: prohibited, overlaps equal to the CLI's ($(jq -c '[.overlaps[].zone]' "$T/b"))"
{
    printf '[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=40\n精度=0.001\n[地块坐标]\n'
    awk -v x="$PX" -v y="$PY" 'BEGIN{printf "5,0.6400,DK01,测试地块,面,,工业用地,0601,@\n"
        printf "J1,1,%d.000,%d.000\nJ2,1,%d.000,%d.000\nJ3,1,%d.000,%d.000\nJ4,1,%d.000,%d.000\nJ1,1,%d.000,%d.000\n",
        y-40,x-40, y-40,x+40, y+40,x+40, y+40,x-40, y-40,x-40}'
} > "$T/coords.txt"
jq -n --rawfile c "$T/coords.txt" '{category: "industrial", file: {name: "coords.txt", content: $c}}' > "$T/upload.json"
[ "$(curl -s -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/upload.json" "$U/api/v1/checks")" = 200 ] &&
    [ "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/b")" = "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/cli.json")" ]
ok $? "the same footprint as an uploaded coordinate file: the same answer"
jq -n --arg c "$(printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":%s}]}' "$GJ")" \
    '{category: "industrial", crs: 4528, file: {name: "fp.geojson", content_base64: ($c | @base64)}}' > "$T/upload2.json"
[ "$(curl -s -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/upload2.json" "$U/api/v1/checks")" = 200 ] &&
    [ "$(jb .verdict)" = prohibited ]; ok $? "... and as an uploaded GeoJSON file"
# a check kept as a review opinion (审查意见书): one ledger event, its PDF read back by poppler
N0=$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")
[ "$(req POST /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ,\"save\":{\"project_number\":\"2026-GY-7\"}}" "$REV")" = 400 ] &&
    [ "$(jb .error.field)" = project_name ] &&
[ "$(req POST /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ,\"save\":{\"project_name\":\"x\",\"project_number\":\"n\",\"signed\":true}}" "$REV")" = 400 ] &&
    [ "$(jb .error.field)" = signed ] &&
[ "$(req POST /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ,\"save\":\"yes\"}" "$REV")" = 400 ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N0" ]
ok $? "an opinion without a project name, with an unknown field or not an object: 400, nothing written"
[ "$(req POST /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ,\"save\":{\"project_name\":\"临港工业园三期\",\"project_number\":\"2026-GY-7\",\"comment\":\"位于生态保护红线内，不予通过。\"}}" "$REV")" = 200 ] &&
    OPID=$(jb .opinion.id) && OPCODE=$(jb .opinion.code) && cp "$T/b" "$T/opinion-answer.json" &&
    [[ "$OPCODE" =~ ^[0-9a-f]{4}(-[0-9a-f]{4}){3}$ ]] &&
    [ "$(sqlite3 "$S" "SELECT type || ' ' || actor || ' ' || subject || ' ' || substr(hash, 1, 16) FROM ledger_event WHERE seq = $OPID")" = "check.opinion rev1 project:2026-GY-7 ${OPCODE//-/}" ]
ok $? "a saved check: ledger event $OPID by the reviewer, its code the first 16 digits of its hash"
[ "$(req GET /api/v1/opinions "" "$REV")" = 200 ] && [ "$(jb '.opinions[0].id')" = "$OPID" ] && [ "$(jb '.opinions[0].verdict')" = prohibited ] &&
[ "$(req GET "/api/v1/opinions/$OPID" "" "$REV")" = 200 ] && [ "$(jb .project.name)" = 临港工业园三期 ] &&
    [ "$(jq -c .check.overlaps "$T/b")" = "$(jq -c .overlaps "$T/opinion-answer.json")" ] &&
    PDFURL=$(jb .pdf) &&
[ "$(req GET /api/v1/opinions/1 "" "$REV")" = 404 ] && [ "$(req GET /api/v1/opinions/x "" "$REV")" = 404 ] &&
[ "$(req GET /api/v1/opinions)" = 401 ]
ok $? "opinions listed and read back with the answer as saved; a non-opinion event and a bad id: 404; anonymous: 401"
[ "$(curl -s -o "$T/op.pdf" -w '%{http_code} %{content_type}' "$U$PDFURL")" = "200 application/pdf" ] &&
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/opinions/$OPID/pdf")" = 404 ] &&
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U${PDFURL%?????}00000")" = 404 ] &&
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $REV" "$U/api/v1/opinions/$OPID/pdf")" = 200 ]
ok $? "the PDF by its signed link or with a token; without either, or with a changed link: 404"
pdftotext -layout "$T/op.pdf" "$T/op.txt"
RED=$(jq -r '.overlaps[] | select(.zone == "eco_redline") | .ellipsoidal_area_m2' "$T/opinion-answer.json" | python3 -c 'import sys; print(f"{float(sys.stdin.read()):,.2f}")')
grep -q 临港工业园三期 "$T/op.txt" && grep -q 2026-GY-7 "$T/op.txt" && grep -q "禁止" "$T/op.txt" &&
    grep -q "$OPCODE" "$T/op.txt" && grep -q -- "$RED" "$T/op.txt" && grep -q "不予通过" "$T/op.txt" &&
    grep -q "审查人（签字）" "$T/op.txt" && grep -q "verify/$OPCODE" "$T/op.txt" &&
    pdfinfo "$T/op.pdf" | grep -q "Page size: *595.276 x 841.89"
ok $? "pdftotext reads the project, verdict, red-line area ($RED m²), comment, signature line and code on A4"
$B opinion pdf "$OPID" --store "$S" --out "$T/cli.pdf" --public-url "$U" >/dev/null && cmp -s "$T/cli.pdf" "$T/op.pdf"
ok $? "the command line renders the same opinion to the same bytes"
[ "$(req GET "/api/v1/verification/${OPCODE^^}")" = 200 ] && [ "$(jb .seq)" = "$OPID" ] && [ "$(jb .hash_ok)" = true ] &&
    [ "$(jb .opinion.project.number)" = 2026-GY-7 ] &&
    [ "$($B opinion verify "$OPCODE" --store "$S" --json | jq -r .hash)" = "$(jb .hash)" ] &&
[ "$(req GET /api/v1/verification/12345)" = 400 ] && [ "$(jb .error.field)" = code ] &&
[ "$(req GET /api/v1/verification/0000-0000-0000-0000)" = 404 ]
ok $? "anyone resolves the printed code to the ledger record; a malformed code 400, an unknown one 404"

# A land-approval file is one project of several parcels: each parcel is checked and the
# project (their union) decides, the same through the command line and the API, whatever the
# file kind: a coordinate file of two parcels, GeoJSON with two features, a zipped Shapefile.
# Two 80 m squares: 12,800 m² on the projection plane, within 2e-3 on the ellipsoid.
{
    printf '[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=40\n精度=0.001\n[地块坐标]\n'
    for k in 0 1; do
        awk -v x="$PX" -v y="$PY" -v k="$k" 'BEGIN{x += k * 200
            printf "5,0.6400,DK0%d,测试地块%d,面,,工业用地,0601,@\n", k + 1, k + 1
            printf "J1,1,%d.000,%d.000\nJ2,1,%d.000,%d.000\nJ3,1,%d.000,%d.000\nJ4,1,%d.000,%d.000\nJ1,1,%d.000,%d.000\n",
                y-40,x-40, y-40,x+40, y+40,x+40, y+40,x-40, y-40,x-40}'
    done
} > "$T/two.txt"
awk -v x="$PX" -v y="$PY" 'BEGIN{printf "{\"type\":\"FeatureCollection\",\"features\":["
    for (k = 0; k < 2; k++) { cx = x + k * 200
        printf "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"DK0%d\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}",
            k ? "," : "", k + 1, cx-40,y-40,cx+40,y-40,cx+40,y+40,cx-40,y+40,cx-40,y-40 }
    printf "]}" }' > "$T/two.geojson"
rm -rf "$T/shp" && mkdir "$T/shp" && ogr2ogr -q -a_srs EPSG:4528 "$T/shp/two.shp" "$T/two.geojson" &&
    (cd "$T/shp" && zip -q ../two.zip two.*)
for kind in txt geojson zip; do
    case $kind in
    txt) $B check --category industrial --data "$T/c/county.gpkg" "$T/two.txt" --json > "$T/cli2.json"
         jq -n --rawfile c "$T/two.txt" '{category: "industrial", file: {name: "two.txt", content: $c}}' > "$T/up.json" ;;
    geojson) $B check --category industrial --data "$T/c/county.gpkg" --crs EPSG:4528 "$T/two.geojson" --json > "$T/cli2.json"
         jq -n --rawfile c "$T/two.geojson" '{category: "industrial", crs: 4528, file: {name: "two.geojson", content: $c}}' > "$T/up.json" ;;
    zip) $B check --category industrial --data "$T/c/county.gpkg" "$T/shp/two.shp" --json > "$T/cli2.json"
         jq -n --arg c "$(base64 -w0 "$T/two.zip")" '{category: "industrial", file: {name: "two.zip", content_base64: $c}}' > "$T/up.json" ;;
    esac
    code=$(curl -s -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/up.json" "$U/api/v1/checks")
    [ "$code" = 200 ] && [ "$(jb '.parcels | length')" = 2 ] && [ "$(jq '.parcels | length' "$T/cli2.json")" = 2 ] &&
        [ "$(jb .verdict)" = "$(jq -r .verdict "$T/cli2.json")" ] &&
        [ "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/b")" = "$(jq -c '[.overlaps[] | [.zone, .ellipsoidal_area_m2]]' "$T/cli2.json")" ] &&
        [ "$(jq -c '[.parcels[] | [.footprint, .ellipsoidal_area_m2, .verdict]]' "$T/b")" = "$(jq -c '[.parcels[] | [.footprint, .ellipsoidal_area_m2, .verdict]]' "$T/cli2.json")" ] &&
        jq -e '(.ellipsoidal_area_m2 - ([.parcels[].ellipsoidal_area_m2] | add) | fabs) < 1e-6 and ((.ellipsoidal_area_m2 - 12800) | fabs) < 26' "$T/b" >/dev/null &&
        [ "$(jq -c '[.parcels[].footprint]' "$T/b")" = '["DK01","DK02"]' ]
    ok $? "two parcels as $kind: each parcel and the project total ($(jb .ellipsoidal_area_m2) m², $(jb .verdict)), the API's answer the CLI's"
done
[ "$(req POST /api/v1/checks '{"category":"industrial","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}' "$REV")" = 400 ] &&
    jb .error.message | grep -q "not a valid geometry"; ok $? "a self-intersecting footprint: 400 saying why"
[ "$(req POST /api/v1/checks '{"category":"industrial","geometry":{"type":"Polygon","coordinates":[[[121.3,28.8],[121.31,28.8],[121.31,28.81]]]}}' "$REV")" = 400 ] &&
    jb .error.message | grep -q "at least 4 positions" &&
    [ "$(req POST /api/v1/checks '{"category":"industrial","geometry":{"type":"Polygon","coordinates":[[[121.3,28.8],[121.31,28.8],[121.31,28.81],[121.3,28.81]]]}}' "$REV")" = 400 ] &&
    jb .error.message | grep -q "end where it starts" &&
    [ "$(req POST /api/v1/checks '{"category":"industrial","geometry":{"type":"Point","coordinates":[121.3,28.8]}}' "$REV")" = 400 ]
ok $? "a ring of 3 positions, an open ring, a point: 400 saying why"
awk 'BEGIN{printf "{\"category\":\"industrial\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":["; for(i=0;i<200001;i++) printf "%s[121.3%06d,28.8]", (i?",":""), i; printf "]}}"}' > "$T/many.json"
[ "$(curl -s -o "$T/b" -w '%{http_code}' -X POST -H "Authorization: Bearer $REV" --data-binary @"$T/many.json" "$U/api/v1/checks")" = 413 ] &&
    jb .error.message | grep -q "more than 200000 vertices"; ok $? "200,001 vertices: 413"
[ "$(req POST /api/v1/checks '{"category":"industrial","file":{"name":"x.txt","content":"[地块坐标]\nnonsense"}}' "$REV")" = 400 ]
ok $? "a broken coordinate file: 400"

# registry
CODE=$(sqlite3 "$S" "SELECT unit_code FROM reg_unit WHERE end_seq IS NULL ORDER BY unit_code LIMIT 1")
[ "$(req GET "/api/v1/registry/units/$CODE" "" "$AUD")" = 200 ] && [ "$(jb .unit.code)" = "$CODE" ]
ok $? "a unit by code"
[ "$(req GET "/api/v1/registry/units/$CODE/history" "" "$AUD")" = 200 ] && [ "$(jb '.events | length')" -ge 1 ]
ok $? "its history"
[ "$(req GET "/api/v1/registry/units/331099000000XX00000000000000" "" "$AUD")" = 404 ]; ok $? "an unknown unit: 404"
[ "$(req GET "/api/v1/registry/units?q=$(jb -r '.unit.name' 2>/dev/null | head -c 0)上徐村&limit=3" "" "$AUD")" = 200 ] &&
    [ "$(jb '.units | length')" -ge 1 ]; ok $? "search by name"
req GET "/api/v1/registry/units?q=331099&limit=3" "" "$AUD" >/dev/null && P1=$(jb '[.units[].code] | join(" ")') && N1=$(jb .next.offset) &&
    req GET "/api/v1/registry/units?q=331099&limit=3&offset=$N1" "" "$AUD" >/dev/null &&
    [ "$N1" = 3 ] && [ "$(jb '.units | length')" = 3 ] && [ "$(jb '.units[0].code')" \> "${P1##* }" ]
ok $? "search pages: limit, next offset, the next page after the first"
# a dry run (预审, the form's 检查): every rule, nothing kept; then the same for real
N0=$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")
PD='{"type":"party","date":"2026-01-05","party":{"id":"WEB009","name":"预审当事人","kind":"person"}}'
[ "$(req POST '/api/v1/registry/applications?dry_run=1' "$PD" "$REG")" = 200 ] && [ "$(jb .dry_run)" = true ] && [ "$(jb .checked)" = 1 ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N0" ] &&
    [ "$(req POST '/api/v1/registry/applications?dry_run=1' '{"type":"transfer","date":"2026-01-05","right":"NO-SUCH","holders":[{"party":"WEB009"}]}' "$REG")" = 422 ] &&
    [ "$(jb .error.field)" = right ] && [ "$(req POST '/api/v1/registry/applications?dry_run=maybe' "$PD" "$REG")" = 400 ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N0" ]
ok $? "a dry run: 200 when every rule passes, 422 naming the field when one fails, nothing recorded either way"
P='{"type":"party","date":"2026-01-05","party":{"id":"WEB001","name":"网上当事人","kind":"person"}}'
[ "$(req POST /api/v1/registry/applications "$P" "$REG")" = 201 ] &&
    [ "$(sqlite3 "$S" "SELECT actor FROM ledger_event WHERE subject = 'WEB001'")" = reg1 ]
ok $? "a registrar's application is recorded with the registrar as actor"
N1=$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")
[ "$(req POST /api/v1/registry/applications "$P" "$REG")" = 422 ] && [ "$(jb .error.code)" = refused ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N1" ]
ok $? "the same party again: 422 refused, nothing written ($(jb .error.message | head -c 80))"
N_EV=$($B ledger verify --store "$S" --json | jq .events)
[ "$(req POST /api/v1/registry/applications '[{"type":"party","date":"2024-01-01"},{"date":"2024-01-01","unit":"x"}]' "$REG")" = 400 ] &&
    [ "$(jb .error.code)" = missing_field ] && [ "$(jb .error.field)" = type ] && jb .error.message | grep -q "application 2" &&
    [ "$($B ledger verify --store "$S" --json | jq .events)" = "$N_EV" ]
ok $? "an application without a type: 400 missing_field naming it, before any rule runs, nothing recorded"
[ "$(req POST /api/v1/registry/applications '[]' "$REG")" = 400 ] && [ "$(jb .error.code)" = invalid_input ] &&
    jb .error.message | grep -q "non-empty list" && [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event")" = "$N1" ]
ok $? "an empty list: 400 with the command line's message, nothing written ($(jb .error.code): $(jb .error.message | head -c 90))"
[ "$(req GET "/api/v1/registry/units/$CODE?as_of=2026-13-45" "" "$AUD")" = 400 ] && [ "$(jb .error.field)" = as_of ]
ok $? "an impossible as_of date: 400 naming as_of"
# two conflicting writes at once: exactly one lands
P2='{"type":"party","date":"2026-01-05","party":{"id":"WEB002","name":"并发","kind":"person"}}'
apply2() { curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $REG" --data-binary "$P2" "$U/api/v1/registry/applications"; }
apply2 > "$T/s1" &
A2=$!
apply2 > "$T/s2"
wait $A2
[ "$(sort "$T/s1" "$T/s2" | tr '\n' ' ')" = "201 422 " ] &&
    [ "$(sqlite3 "$S" "SELECT count(*) FROM ledger_event WHERE subject = 'WEB002'")" = 1 ]
ok $? "two conflicting applications at once: one 201, one 422, one event"

# GEP: published account, downloads, maps, a run as a job
[ "$(req GET /api/v1/gep/accounts)" = 200 ] && [ "$(jb '[.accounts[].id] | join(" ")')" = "gep-2023 gep-2023.previous" ]
ok $? "the published accounts: 2023 and its previous year"
[ "$(req GET '/api/v1/gep/accounts?year=2022')" = 200 ] && [ "$(jb '[.accounts[].id] | join(" ")')" = "gep-2023.previous" ] &&
    [ "$(req GET '/api/v1/gep/accounts?region=%E4%B8%A4%E5%B1%B1%E5%8E%BF&year=2023')" = 200 ] && [ "$(jb '.accounts | length')" = 1 ] &&
    [ "$(req GET '/api/v1/gep/accounts?year=20x3')" = 400 ]; ok $? "accounts filtered by year and region; a bad year: 400"
[ "$(req GET /api/v1/gep/accounts/gep-2023)" = 200 ] &&
    [ "$(jb .totals.gep_yuan)" = "$(jq .totals.gep_yuan "$T/c/gep-2023/account.json" 2>/dev/null || jb .totals.gep_yuan)" ] &&
    jb '.maps | index("soil_retention")' | grep -q '[0-9]'; ok $? "an account with its maps"
[ "$(curl -s -o "$T/a.xlsx" -w '%{http_code}' "$U/api/v1/gep/accounts/gep-2023/files/account.xlsx")" = 200 ] &&
    [ "$(head -c 2 "$T/a.xlsx")" = PK ]; ok $? "the spreadsheet downloads (.xlsx)"
[ "$(curl -s -o "$T/m.png" -w '%{http_code}' "$U/api/v1/gep/accounts/gep-2023/maps/soil_retention.png")" = 200 ] &&
    file "$T/m.png" | grep -q 'PNG image'; ok $? "the value map as PNG"
[ "$(req GET /api/v1/gep/accounts/gep-2023/files/..%2F..%2Fstore.gpkg)" = 404 ]; ok $? "no file outside the account"
[ "$(req POST /api/v1/gep/runs '{"account":"../store.gpkg"}' "$ACC")" = 400 ]; ok $? "a run of a path outside the folder: 400"
[ "$(req POST /api/v1/gep/runs '{"account":"gep-account.json"}' "$ACC")" = 202 ]; ok $? "a GEP run starts: 202"
JOB=$(jb .id)
for _ in $(seq 1 600); do
    req GET "/api/v1/jobs/$JOB" "" "$ACC" >/dev/null
    [ "$(jb .state)" = running ] || break
    sleep 0.5
done
[ "$(jb .state)" = succeeded ] && [ "$(jb .progress.fraction)" = 1 ]; ok $? "the job succeeds with its progress at 1 ($(jb .error))"
[ "$(jb .result)" = "/api/v1/gep/accounts/$JOB" ]; ok $? "... pointing at its account"
[ "$(req GET "/api/v1/gep/accounts/$JOB/files/account.json" "" "$ACC")" = 200 ] &&
    cmp -s "$T/b" "$T/c/gep-2023/account.json"; ok $? "the run's account.json is byte-identical to the published one"
[ "$(sqlite3 "$S" "SELECT actor || ' ' || type FROM ledger_event WHERE subject = 'gep:$JOB'")" = "acc1 gep.run" ]
ok $? "the run is in the ledger with its user"
[ "$(req GET "/api/v1/gep/accounts/$JOB")" = 404 ]; ok $? "the public does not see an unpublished run"
# a draft's files and maps through the signed link its account answer carries (an <img> or
# <a> cannot send the token)
[ "$(req GET /api/v1/gep/accounts "" "$ACC")" = 200 ] && [ "$(jb "[.accounts[] | select(.id == \"$JOB\")][0].draft")" = true ] &&
    [ "$(jb '[.accounts[] | select(.id == "gep-2023")][0].draft')" = false ]
ok $? "the list marks the run a draft and the published account not"
[ "$(req GET "/api/v1/gep/accounts/$JOB" "" "$ACC")" = 200 ] && ACCESS=$(jb .access) && [ "$(jb .draft)" = true ]
echo "$ACCESS" | grep -Eq '^[0-9]+\.[0-9a-f]{64}$'; ok $? "the draft's answer carries a signed link (EXP.HMAC)"
EXP=${ACCESS%%.*}
[ $((EXP - $(date +%s))) -le 600 ] && [ $((EXP - $(date +%s))) -ge 590 ]; ok $? "... valid for 10 minutes"
[ "$(curl -s -o "$T/m.png" -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB/maps/soil_retention.png?access=$ACCESS")" = 200 ] &&
    file "$T/m.png" | grep -q 'PNG image'; ok $? "with it, the draft's value map opens without a token"
[ "$(curl -s -o "$T/d.xlsx" -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB/files/account.xlsx?access=$ACCESS")" = 200 ] &&
    [ "$(head -c 2 "$T/d.xlsx")" = PK ]; ok $? "... and its spreadsheet"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB/files/account.xlsx")" = 404 ]; ok $? "without it: 404"
BAD="${ACCESS%?}0"; [ "$BAD" = "$ACCESS" ] && BAD="${ACCESS%?}1"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB/files/account.xlsx?access=$BAD")" = 404 ]; ok $? "a link with one digit changed: 404"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB/files/account.xlsx?access=$((EXP + 60)).${ACCESS#*.}")" = 404 ]; ok $? "a link whose expiry was moved: 404"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/gep/accounts/$JOB?access=$ACCESS")" = 404 ]; ok $? "the link opens files and maps, not the account itself"
$B ledger rebuild --check --store "$S" > "$T/rb" 2>&1; ok $? "ledger rebuild still reproduces the registry with account and GEP events in the journal"

# a GEP map's cell under a point: the value GDAL's gdallocationinfo reads there
for pt in "121.34 28.84" "121.3 28.82" "121.37 28.87"; do
    set -- $pt
    req GET "/api/v1/gep/accounts/gep-2023/maps/carbon_sequestration/value?lon=$1&lat=$2" > "$T/code"
    want=$(gdallocationinfo -valonly -wgs84 "$T/c/gep-2023/carbon_sequestration_value.tif" "$1" "$2")
    wantp=$(gdallocationinfo -valonly -wgs84 "$T/c/gep-2023/carbon_sequestration_physical.tif" "$1" "$2")
    awk -v a="$(jb .value_yuan)" -v b="${want:-0}" -v c="$(jb '.physical // 0')" -v d="${wantp:-0}" -v s="$(cat "$T/code")" \
        'BEGIN { exit !(s == 200 && (a - b) ^ 2 < 1e-6 && (c - d) ^ 2 < 1e-9) }' || echo "cell at $pt: $(jb -c .) vs $want $wantp" >> "$T/probe.bad"
done
[ ! -s "$T/probe.bad" ] && [ "$(req GET "/api/v1/gep/accounts/gep-2023/maps/carbon_sequestration/value?lon=100&lat=28.8")" = 200 ] && [ "$(jb .inside)" = false ] &&
[ "$(req GET "/api/v1/gep/accounts/gep-2023/maps/carbon_sequestration/value?lon=abc&lat=1")" = 400 ] &&
[ "$(req GET "/api/v1/gep/accounts/gep-2023/maps/nothing/value?lon=121.34&lat=28.84")" = 404 ]
ok $? "a GEP map's cell under a point equals gdallocationinfo's at three points; outside is said, bad input 400, unknown item 404 $(cat "$T/probe.bad" 2>/dev/null | head -c 200)"

# the indicator register (issue 19) over HTTP: the demo's projects read by anyone, requests
# recorded by a registrar only, acceptance computed (never submitted), refusals naming rules
[ "$(req GET /api/v1/indicators/projects)" = 200 ] && [ "$(jb '.projects | length')" -ge 6 ] &&
    [ "$(req GET /api/v1/indicators/projects/BC20230001)" = 200 ] && [ "$(jb .state)" = issued ] &&
    [ "$(jb '.footprint.type')" = MultiPolygon ] && [ "$(jb .acceptance.check.passed)" = true ] &&
    [ "$(jb '.batches | length')" -ge 2 ] && [ "$(jb .wkb)" = null ]
ok $? "indicator projects and one project (footprint in GeoJSON, acceptance, batches) are public"
[ "$(req POST /api/v1/indicators/requests '{"type":"transfer","date":"2024-01-02","from":"reserve:331099","to":"E01","units":{"CRQ":10}}' "$REV")" = 403 ]
ok $? "a reviewer cannot record a transfer: 403"
[ "$(req POST /api/v1/indicators/requests '{"type":"transfer","date":"2024-01-02","from":"reserve:331099","to":"E01","units":{"CRQ":10}}' "$REG")" = 201 ] &&
    [ "$(jb .actor)" = reg1 ] && [ "$(jb '.results[0].moves[0].to')" = E01 ]
ok $? "the registrar records a transfer from the county reserve: 201, recorded as reg1"
[ "$(req POST /api/v1/indicators/requests '{"type":"accept","date":"2024-01-02","project":"BC20230004","check":{"passed":true},"quantities":{"CRQ":5}}' "$REG")" = 422 ] &&
    jb .error.message | grep -q "accept.computed"
ok $? "an acceptance cannot be submitted (422 accept.computed): it is computed"
[ "$(req POST /api/v1/indicators/requests '{"type":"retire","date":"2024-01-02","holder":"E01","obligation":"ZD20230001","units":{"CRQ":10}}' "$REG")" = 422 ] &&
    jb .error.message | grep -q "rule retire"
ok $? "retiring against a fulfilled obligation: 422 naming the rule"
[ "$(req POST /api/v1/indicators/projects/BC20230004/acceptance '{"date":"2024-01-03"}' "$REV")" = 422 ] &&
    [ "$(jb .passed)" = false ] && jb .error.message | grep -q "reclaim.baseline_not_cropland"
ok $? "acceptance of a rejected project's parcel recomputed: 422 with the whole check"
[ "$(req GET /api/v1/indicators/report)" = 200 ] &&
    [ "$(jb '.counties["331099"].accounts.CRQ | .issued == .active + .locked + .retired + .cancelled + .deducted')" = true ] &&
    [ "$(req GET /api/v1/indicators/holdings/E01 "" "$REV")" = 200 ] && [ "$(jb .accounts.CRQ.active)" = 10 ] &&
    [ "$(req GET /api/v1/indicators/verification "" "$AUD")" = 200 ] && [ "$(jb .ok)" = true ]
ok $? "report, a holder's account and the verification agree after the requests"

# a sink accepted over HTTP against the county's published 2023 GEP run (gep-2023)
FP=$(curl -s "$U/api/v1/indicators/projects/BC20230002" | jq -c .footprint)
[ "$(req POST /api/v1/indicators/requests "{\"type\":\"project\",\"date\":\"2024-01-04\",\"project\":\"CS1\",\"class\":\"carbon_sink\",\"name\":\"碳汇\",\"county\":\"331099\",\"owner\":\"E01\",\"evidence\":[{\"name\":\"m.pdf\",\"sha256\":\"$(printf '%064d' 0)\"}],\"footprint\":$FP}" "$REG")" = 201 ] &&
    [ "$(req POST /api/v1/indicators/projects/CS1/acceptance '{"date":"2024-01-05","gep":"../c"}' "$REV")" = 400 ] &&
    [ "$(req POST /api/v1/indicators/projects/CS1/acceptance '{"date":"2024-01-05","gep":"gep-2023"}' "$REV")" = 201 ] &&
    [ "$(jb '.quantities.CCS > 0')" = true ] && [ "$(jb .attributes.vintage)" = 2023 ] && [ "$(jb .attributes.methodology)" = cn-ndrc-2022 ] &&
    [ "$(jb .attributes.buffer_share)" = 0.2 ]
ok $? "a sink registered with a GeoJSON footprint and accepted against gep-2023: $(jb .quantities.CCS) kgCO2e after the 20 % buffer; a path for gep: 400"

# a holder acting for itself: a trader account tied to registry party E01 moves E01's units
# and nobody else's
[ "$(req POST /api/v1/users '{"username":"tr2","password":"pw-tr2-secret","role":"trader","party":"E01"}' "$ADMIN")" = 201 ] &&
    TR2=$(login tr2) && [ "$(req GET /api/v1/session "" "$TR2")" = 200 ] && [ "$(jb .user.party // .party)" = E01 ]
ok $? "a trader account acting for party E01: its session says so"
[ "$(req POST '/api/v1/indicators/holdings/E01/requests' '{"type":"transfer","date":"2024-01-05","from":"E01","to":"E02","units":{"CRQ":4}}' "$TR2")" = 201 ] &&
    [ "$(jb .actor)" = tr2 ] && [ "$(req GET /api/v1/indicators/holdings/E02 "" "$TR2")" = 200 ] && [ "$(jb .accounts.CRQ.active)" = 4 ]
ok $? "the trader transfers E01's units to E02: 201, recorded as tr2"
[ "$(req POST '/api/v1/indicators/holdings/reserve:331099/requests' '{"type":"transfer","date":"2024-01-05","from":"reserve:331099","to":"E01","units":{"CRQ":4}}' "$TR2")" = 403 ] &&
    [ "$(req POST '/api/v1/indicators/holdings/E01/requests' '{"type":"transfer","date":"2024-01-05","from":"E02","to":"E01","units":{"CRQ":1}}' "$TR2")" = 403 ] &&
    [ "$(req POST '/api/v1/indicators/holdings/E01/requests' '{"type":"issue","date":"2024-01-05","project":"BC20230001"}' "$TR2")" = 403 ] &&
    [ "$(req POST '/api/v1/indicators/holdings/E01/requests' '{"type":"transfer","date":"2024-01-05","from":"E01","to":"E02","units":{"CRQ":1}}' "$REG")" = 403 ]
ok $? "... but not the reserve's, not E02's, no issuance, and a registrar has no holder's route: 403"

# the trading venue: the trading centre opens CCS-33 and records money; E01's trader offers the
# sink credits of CS1, E02's trader buys, the public sees the book and the price, not who traded
[ "$(req POST /api/v1/users '{"username":"ctr","password":"pw-ctr-secret","role":"centre"}' "$ADMIN")" = 201 ] &&
    [ "$(req POST /api/v1/users '{"username":"tr3","password":"pw-tr3-secret","role":"trader","party":"E02"}' "$ADMIN")" = 201 ] &&
    CTR=$(login ctr) && TR3=$(login tr3) &&
    [ "$(req POST /api/v1/indicators/requests '{"type":"issue","date":"2024-01-06","project":"CS1"}' "$REG")" = 201 ] &&
    [ "$(req POST /api/v1/market/requests '[{"type":"instrument","date":"2024-01-08","instrument":"CCS-33","account":"CCS","province":"33","mode":"continuous","reference_price":8000},{"type":"deposit","date":"2024-01-08","party":"E02","amount":100000,"bank_ref":"NB-1"}]' "$CTR")" = 201 ] &&
    [ "$(jb '.recorded | length')" = 2 ]
ok $? "a trading-centre account opens CCS-33 and records E02's deposit: 201"
[ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"order","date":"2024-01-08","time":"10:00:00","instrument":"CCS-33","party":"E01","side":"sell","price":8000,"units":1000}' "$TR2")" = 201 ] &&
    [ "$(jb '.results[0].order.state')" = resting ] &&
    [ "$(req GET /api/v1/market/instruments/CCS-33/book)" = 200 ] && [ "$(jq -c '[.asks[] | [.price, .lots]]' "$T/b")" = "[[8000,1]]" ]
ok $? "E01's trader offers 1 t at ¥80.00: it rests; the public book shows it"
[ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"order","date":"2024-01-08","time":"10:00:00","instrument":"CCS-33","party":"E01","side":"sell","price":9000,"units":1000}' "$TR2")" = 422 ] &&
    jb .error.message | grep -q "rule order.band"
ok $? "an offer outside the band: 422 naming rule order.band"
[ "$(req POST /api/v1/market/accounts/E02/requests '{"type":"order","date":"2024-01-08","time":"10:00:00","instrument":"CCS-33","party":"E02","side":"buy","price":8000,"units":1000}' "$TR2")" = 403 ] &&
    [ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"order","date":"2024-01-08","time":"10:00:00","instrument":"CCS-33","party":"E02","side":"buy","price":8000,"units":1000}' "$TR2")" = 403 ] &&
    [ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"deposit","date":"2024-01-08","party":"E01","amount":1,"bank_ref":"x"}' "$TR2")" = 403 ] &&
    [ "$(req POST /api/v1/market/requests '{"type":"deposit","date":"2024-01-08","party":"E01","amount":1,"bank_ref":"x"}' "$TR2")" = 403 ] &&
    [ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"cancel","date":"2024-01-08","time":"10:00:00","instrument":"CCS-33","party":"E01","order":1}' "$CTR")" = 403 ] &&
    [ "$(req GET /api/v1/market/accounts/E02 "" "$TR2")" = 403 ]
ok $? "a trader orders, cancels and reads for its own party only, records no money; the centre places no order: 403"
[ "$(req POST /api/v1/market/accounts/E02/requests '{"type":"order","date":"2024-01-08","time":"10:01:00","instrument":"CCS-33","party":"E02","side":"buy","price":8000,"units":1000,"request_id":"e02-1"}' "$TR3")" = 201 ] &&
    [ "$(jb '.results[0].trades[0].amount')" = 8000 ] &&
    [ "$(req GET /api/v1/market/accounts/E02 "" "$CTR")" = 200 ] && [ "$(jb .funds.available)" = 91988 ] &&
    [ "$(jb .holdings.accounts.CCS.active)" = 1000 ] &&
    [ "$(req GET /api/v1/market/instruments/CCS-33/trades)" = 200 ] && [ "$(jq -c '[.trades[] | [.price, .lots]]' "$T/b")" = "[[8000,1]]" ] &&
    [ "$(jq '[.trades[] | has("buyer") or has("seller")] | any' "$T/b")" = false ]
ok $? "E02 buys 1 t: settled at once (¥80.00 and the 12-fen fee: 91,988 fen left, 1,000 kgCO2e held); the public trade names no party"
[ "$(req POST /api/v1/market/accounts/E02/requests '{"type":"order","date":"2024-01-08","time":"10:02:00","instrument":"CCS-33","party":"E02","side":"buy","price":8000,"units":1000,"request_id":"e02-1"}' "$TR3")" = 422 ] &&
    jb .error.message | grep -q "rule request.replayed"
ok $? "the same request id again: 422, rule request.replayed"
[ "$(req POST /api/v1/market/requests '{"type":"deposit","date":"2024-01-08","party":"E01","amount":100000,"bank_ref":"NB-2"}' "$CTR")" = 201 ] &&
    [ "$(req POST /api/v1/market/accounts/E02/requests '{"type":"quote","date":"2024-01-08","time":"10:03:00","instrument":"CCS-33","party":"E02","price":8000,"units":1000}' "$TR3")" = 201 ] &&
    QN=$(jb '.results[0].quote.id') && [ "$(req GET /api/v1/market/instruments/CCS-33/book)" = 200 ] &&
    [ "$(jq -c "[.quotes[] | [.quote, .price, .lots_left]]" "$T/b")" = "[[$QN,8000,1]]" ] &&
    [ "$(req POST /api/v1/market/accounts/E02/requests "{\"type\":\"take\",\"date\":\"2024-01-08\",\"time\":\"10:04:00\",\"instrument\":\"CCS-33\",\"party\":\"E01\",\"quote\":$QN}" "$TR3")" = 403 ] &&
    [ "$(req POST /api/v1/market/accounts/E01/requests "{\"type\":\"take\",\"date\":\"2024-01-08\",\"time\":\"10:04:00\",\"instrument\":\"CCS-33\",\"party\":\"E01\",\"quote\":$QN}" "$TR2")" = 201 ] &&
    [ "$(jb '.results[0].trades[0].amount')" = 8000 ] &&
    [ "$(req GET /api/v1/market/accounts/E02 "" "$TR3")" = 200 ] && [ "$(jq -c '[.quotes[0].state, .quotes[0].lots_left]' "$T/b")" = '["taken",0]' ]
ok $? "a posted quote (挂牌协议): E02's trader posts 1 t, public in the book; E01's trader takes it for E01 (E02's trader may not: 403); E02's account shows it taken"
# the market's live events (server-sent events): the first request gets the cursor; one that
# names it waits, and answers as soon as an order is recorded, with what changed and not who
curl -s "$U/api/v1/market/events" > "$T/sse0"
CUR=$(sed -n 's/^id: //p' "$T/sse0" | tail -1)
t0=$(date +%s%N)
curl -s -H "Last-Event-ID: $CUR" "$U/api/v1/market/events" > "$T/sse1" &
SSE=$!
sleep 1
[ "$(req POST /api/v1/market/accounts/E01/requests '{"type":"order","date":"2024-01-08","time":"10:06:00","instrument":"CCS-33","party":"E01","side":"buy","price":7800,"units":1000}' "$TR2")" = 201 ]
placed=$?
wait $SSE
t1=$(date +%s%N)
grep -q '^event: hello$' "$T/sse0" && [ "$placed" = 0 ] && grep -q '^retry: 1000$' "$T/sse1" &&
    [ "$(sed -n 's/^data: //p' "$T/sse1" | head -1 | jq -c '[.type, .instrument, (.seq > '"$CUR"')]')" = '["order","CCS-33",true]' ] &&
    ! grep -q E01 "$T/sse1" && [ $(( (t1 - t0) / 1000000 )) -lt 5000 ]
ok $? "server-sent events: hello with the cursor ($CUR); a waiting request answers when an order is recorded ($(( (t1 - t0) / 1000000 )) ms, a 1 s pause included): an order on CCS-33, not who placed it"
# orders arriving together are recorded together (group commit, one savepoint each): 13 at
# once from E01's trader — eight good buys, the first request id twice, four outside the band
gp=()
for k in 1 1 2 3 4 5 6 7 8 b b b b; do
    if [ "$k" = b ]; then body='{"type":"order","date":"2024-01-08","time":"10:07:00","instrument":"CCS-33","party":"E01","side":"buy","price":9900,"units":1000}'
    else body="{\"type\":\"order\",\"date\":\"2024-01-08\",\"time\":\"10:07:00\",\"instrument\":\"CCS-33\",\"party\":\"E01\",\"side\":\"buy\",\"price\":7700,\"units\":1000,\"request_id\":\"g$k\"}"; fi
    curl -s -o "$T/g.$k.$RANDOM$RANDOM" -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $TR2" --data-binary "$body" "$U/api/v1/market/accounts/E01/requests" >> "$T/g.codes" &
    gp+=($!)
done
wait "${gp[@]}"
[ "$(sort "$T/g.codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')" = "8×201 5×422 " ] &&
    [ "$(cat "$T"/g.1.* "$T"/g.[2-8].* | jq -s '[.[] | select(.recorded) | .recorded[0]] | unique | length')" = 8 ] &&
    [ "$(cat "$T"/g.1.* | jq -r '.error.message // empty' | grep -c 'rule request.replayed')" = 1 ] &&
    [ "$(cat "$T"/g.b.* | jq -r .error.message | grep -c 'rule order.band')" = 4 ] &&
    [ "$(req GET /api/v1/market/instruments/CCS-33/book)" = 200 ] && [ "$(jq -c '[.bids[] | select(.price == 7700) | .lots]' "$T/b")" = "[8]" ]
ok $? "13 orders at once (grouped into shared commits, a savepoint each): 8 recorded with 8 seqs, the repeated request id and the 4 outside the band refused alone; 8 lots bid at ¥77.00"
# grading and valuation: the public reads the methods; an accountant runs a request without
# recording it (dry_run), then records it on the ledger; a registrar may not; over HTTP a
# request names a built-in scheme only (a path would read the server's files)
VU=$(curl -s -H "Authorization: Bearer $REG" "$U/api/v1/registry/units?limit=1" | jq -r '.units[0].code')
VBODY="{\"valuation\":\"V-S-1\",\"date\":\"2024-06-30\",\"subject\":{\"unit\":\"$VU\"},\"method\":\"income_capitalisation\",\"inputs\":{\"a\":100,\"r\":0.06,\"n\":40},\"quantity\":100}"
[ "$(req GET /api/v1/valuations/methods)" = 200 ] && [ "$(jb '.methods | length')" = 11 ] &&
    [ "$(req POST '/api/v1/valuations?dry_run=1' "$VBODY" "$ACC")" = 200 ] && [ "$(jb .unit_value)" = 1504.63 ] &&
    [ "$(req GET "/api/v1/valuations?unit=$VU" "" "$ACC")" = 200 ] && [ "$(jb '.valuations | length')" = 0 ]
ok $? "valuation: the methods are public; an accountant's dry run gives ¥1,504.63/m² and records nothing"
[ "$(req POST /api/v1/valuations "$VBODY" "$REG")" = 403 ] &&
    [ "$(req POST /api/v1/valuations '{"date":"2024-06-30","method":"sea_fee","scheme":"/etc/passwd","inputs":{}}' "$ACC")" = 422 ] &&
    jb .error.message | grep -q "rule valuation.scheme"
ok $? "valuation: a registrar may not record one (403); a scheme that is a path is refused (422)"
[ "$(req POST /api/v1/valuations "$VBODY" "$ACC")" = 201 ] && [ "$(jb .value)" = 150462.97 ] &&
    [ "$(req GET /api/v1/valuations/V-S-1 "" "$REV")" = 200 ] && [ "$(jb .actor)" = acc1 ] &&
    [ "$(req GET "/api/v1/valuations?unit=$VU&as_of=2024-12-31" "" "$REV")" = 200 ] && [ "$(jq -c '[.valuations[].valuation]' "$T/b")" = '["V-S-1"]' ] &&
    [ "$(req GET "/api/v1/valuations?unit=$VU&as_of=2024-01-01" "" "$REV")" = 200 ] && [ "$(jb '.valuations | length')" = 0 ] &&
    [ "$(req POST /api/v1/valuations "$VBODY" "$ACC")" = 422 ] && jb .error.message | grep -q "rule valuation.exists" &&
    [ "$(req GET /api/v1/valuations/NONE "" "$REV")" = 404 ]
ok $? "valuation: recorded by the accountant (201, ¥150,462.97 for 100 m² of $VU), read back by a reviewer as of a date; the same id again 422; an unknown id 404"
[ "$(req GET /api/v1/valuations)" = 200 ] && [ "$(jb '.valuations | length')" = 0 ] && [ "$(req GET /api/v1/valuations/V-S-1)" = 404 ] &&
    [ "$(req POST /api/v1/valuations/V-S-1/approval '{"date":"2024-07-01"}' "$ACC")" = 403 ] &&
    [ "$(req POST /api/v1/valuations/V-S-1/approval '{"date":"2024-07-01"}' "$REV")" = 201 ] &&
    [ "$(req POST /api/v1/valuations/V-S-1/approval '{"date":"2024-07-02"}' "$REV")" = 422 ] && jb .error.message | grep -q "rule valuation.approved" &&
    [ "$(req GET /api/v1/valuations)" = 200 ] && [ "$(jq -c '[.valuations[] | [.valuation, .approved.by]]' "$T/b")" = '[["V-S-1","rev1"]]' ] &&
    [ "$(req GET /api/v1/valuations/V-S-1)" = 200 ] && [ "$(jb .approved.date)" = 2024-07-01 ]
ok $? "valuation: the public sees none until a reviewer approves (the accountant may not: 403); approved once (again 422), V-S-1 is published"
# asset bundles (组合标的): the demo county's eco-tourism bundle over HTTP — its four valuations
# recorded and approved, the builder's dry run, the record by an accountant, the publication
# once a reviewer approves
vok=0
while read -r v; do
    [ "$(req POST /api/v1/valuations "$v" "$ACC")" = 201 ] &&
        [ "$(req POST "/api/v1/valuations/$(jq -r .valuation <<< "$v")/approval" '{"date":"2024-07-08"}' "$REV")" = 201 ] || vok=1
done < <(jq -c '.[]' "$T/c/bundle/valuations.json")
EB=$(cat "$T/c/bundle/eco-tourism.json")
[ $vok = 0 ] && [ "$(req POST '/api/v1/bundles?dry_run=1' "$EB" "$ACC")" = 200 ] && [ "$(jb '.components | length')" = 4 ] &&
    [ "$(jb .reconciliation.rule)" = whole_stripped ] && [ "$(jb '(.value - .sum_components - .synergy) | fabs < 0.005')" = true ] &&
    [ "$(jb '[.components[].allocated] | add | . * 100 | round')" = "$(jb '.value * 100 | round')" ] &&
    [ "$(req GET /api/v1/bundles "" "$ACC")" = 200 ] && [ "$(jb '.bundles | length')" = 0 ]
ok $? "bundle: the demo's four valuations recorded and approved; the accountant's dry run shows the bundle (4 components, whole_stripped, shares summing to its value) and records nothing"
[ "$(req POST /api/v1/bundles "$EB" "$REG")" = 403 ] &&
    [ "$(req POST /api/v1/bundles "$(jq '.components[1].right = .components[0].right' <<< "$EB")" "$ACC")" = 422 ] &&
    jb .error.message | grep -q "rule bundle.duplicate" &&
    [ "$(req POST /api/v1/bundles "$(jq '.scheme = "/etc/passwd"' <<< "$EB")" "$ACC")" = 422 ]
ok $? "bundle: a registrar may not record one (403); a right twice is refused by its rule, a scheme that is a path too (422)"
[ "$(req POST /api/v1/bundles "$EB" "$ACC")" = 201 ] && [ "$(req GET /api/v1/bundles)" = 200 ] && [ "$(jb '.bundles | length')" = 0 ] &&
    [ "$(req GET /api/v1/bundles/ECO-2024-01)" = 404 ] &&
    [ "$(req POST /api/v1/bundles/ECO-2024-01/approval '{"date":"2024-07-10"}' "$ACC")" = 403 ] &&
    [ "$(req POST /api/v1/bundles/ECO-2024-01/approval '{"date":"2024-07-10"}' "$REV")" = 201 ] &&
    [ "$(req GET /api/v1/bundles/ECO-2024-01)" = 200 ] && [ "$(jb .approved.by)" = rev1 ] && [ "$(jb .actor)" = acc1 ] &&
    [ "$(req GET /api/v1/bundles)" = 200 ] && [ "$(jq -c '[.bundles[] | [.bundle, .components, .approved.by]]' "$T/b")" = '[["ECO-2024-01",4,"rev1"]]' ]
ok $? "bundle: recorded by the accountant (201), published only once the reviewer approves (the accountant may not: 403)"
# contracts: a registrar signs a supervision agreement binding E03 to restore tree cover on its
# mine by 2023 (the right stays with E03); a reviewer holds the two survey years of the data
# folder against it — progress in 2022, a breach in 2023 — and the account of 2023 against a GEP
# level; evidence is named in the data folder, never a path; the public reads the result
JG="{\"contract\":\"JG-S-1\",\"kind\":\"supervision\",\"date\":\"2021-01-15\",\"grantor\":\"ZJ-NR\",\"grantee\":\"E03\",\"subject\":{\"rights\":[\"CK-2020-0001\"]},\"term_start\":\"2021-01-15\",\"term_end\":\"2030-06-30\",\"conditions\":[{\"id\":\"C1\",\"kind\":\"land_class_min\",\"unit\":\"331099ZR0009\",\"classes\":[\"0301\"],\"min_share\":0.7,\"deadline\":\"2023-12-31\"}]}"
# and the asset company's reservoir surface held to a GEP level (the mine, underground, has none)
WU=$(jq -r '.[] | select(.valuation == "ECO-V-W") | .subject.unit' "$T/c/bundle/valuations.json")
JG3="{\"contract\":\"JG-S-3\",\"kind\":\"supervision\",\"date\":\"2024-02-01\",\"grantor\":\"ZJ-NR\",\"grantee\":\"LSCO\",\"subject\":{\"rights\":[\"ECO-W-0001\"]},\"term_start\":\"2024-02-01\",\"term_end\":\"2034-12-31\",\"conditions\":[{\"id\":\"G\",\"kind\":\"gep_min\",\"unit\":\"$WU\",\"min_yuan\":1000000}]}"
[ "$(req POST /api/v1/contracts "$JG" "$ACC")" = 403 ] &&
    [ "$(req POST /api/v1/contracts "$(jq -c '.conditions[0].unit = "331099ZR9999"' <<< "$JG")" "$REG")" = 422 ] && jb .error.message | grep -q "rule contract.unit" &&
    [ "$(req POST /api/v1/contracts "$JG" "$REG")" = 201 ] && [ "$(jb '[.rights[].transfer]' | tr -d ' \n')" = '[false]' ] &&
    [ "$(req POST /api/v1/contracts "$JG3" "$REG")" = 201 ]
ok $? "contract: an accountant may not sign (403); a condition on an unknown unit is refused by its rule; the registrar signs JG-S-1, E03 keeps its right"
[ "$(req POST /api/v1/contracts/checks '{"date":"2022-12-31","survey":"../store.gpkg","year":2022}' "$REV")" = 404 ] &&
    [ "$(req POST /api/v1/contracts/checks '{"date":"2022-12-31","survey":"/etc/passwd","year":2022}' "$REV")" = 404 ] &&
    [ "$(req POST /api/v1/contracts/checks '{"date":"2022-12-31","survey":"county-2022.gpkg","year":2022}' "$REG")" = 403 ] &&
    [ "$(req POST /api/v1/contracts/checks '{"date":"2022-12-31","survey":"county-2022.gpkg","year":2022}' "$REV")" = 201 ] &&
    [ "$(jb '[.checks[] | select(.contract == "JG-S-1") | .results[] | .outcome] | join(",")')" = progress ] &&
    [ "$(req POST /api/v1/contracts/checks '{"date":"2023-12-31","survey":"county.gpkg","year":2023}' "$REV")" = 201 ] &&
    [ "$(jb '[.checks[] | select(.contract == "JG-S-1") | .results[] | .outcome] | join(",")')" = breach ] &&
    [ "$(req POST /api/v1/contracts/checks '{"date":"2024-12-31","gep":"gep-2023"}' "$REV")" = 201 ] &&
    [ "$(jb '[.checks[] | .contract + " " + (.results[] | .condition + " " + .outcome)] | join(",")')" = "JG-S-3 G met" ]
ok $? "contract: evidence named by path is refused (404) and a registrar may not check (403); 2022's survey shows progress, 2023's a breach (tree cover short of 70 % at its deadline), the 2023 account holds the reservoir's GEP level (met; the mine underground has no GEP)"
[ "$(req GET /api/v1/contracts/JG-S-1)" = 200 ] && [ "$(jb '[.conditions[] | [.id, .state]]' | tr -d ' \n')" = '[["C1","breach"]]' ] &&
    [ "$(jb '.breaches[0].evidence.file')" = county.gpkg ] && [ "$(jb '.breaches[0].evidence.sha256' | wc -c)" = 65 ] &&
    [ "$(req GET '/api/v1/contracts?party=E03')" = 200 ] && [ "$(jb '[.contracts[] | [.contract, .in_breach]]' | tr -d ' \n')" = '[["JG-S-1",1]]' ]
ok $? "contract: the public reads JG-S-1 with its breach and the survey it rests on (county.gpkg, its SHA-256)"
# a unit's value card: the reservoir's GEP by item as the attribution file has it, its
# valuation, the bundle it is in and the contract on it
want=$(awk -F, -v u="$WU" '$1 == u { print $NF }' "$T/c/gep-2023-units.csv")
[ "$(req GET "/api/v1/registry/units/$WU/value" "" "$ACC")" = 200 ] && [ "$(jb .gep.year)" = 2023 ] &&
    [ "$(jb ".gep.gep - $want | fabs < 0.01")" = true ] && [ "$(jb '.gep.items | length')" -ge 4 ] &&
    [ "$(jb '[.valuations[].valuation] | join(",")')" = ECO-V-W ] && [ "$(jb '[.bundles[].bundle] | join(",")')" = ECO-2024-01 ] &&
    [ "$(jb '[.contracts[].contract] | join(",")')" = JG-S-3 ] &&
    [ "$(req GET "/api/v1/registry/units/$WU/value")" = 401 ] && [ "$(req GET "/api/v1/registry/units/331099000000XX00000000000000/value" "" "$ACC")" = 404 ]
ok $? "value card of the reservoir $WU: GEP 2023 ¥$want by item as attributed, valuation ECO-V-W, bundle ECO-2024-01, contract JG-S-3; signed in only (401); an unknown unit 404"
# allocation plans (配置方案): the reservoir's reserve area and a red-line parcel, recorded by the
# registrar on a worker holding the control lines, approved by the reviewer, tracked against the
# contract JG-S-3 on the reservoir and drawn for the map
PC=$(jq -r '.[] | select(.valuation == "ECO-V-C") | .subject.unit' "$T/c/bundle/valuations.json")
PRED=$(awk -F, '$3 == "eco_redline" { print $1; exit }' "$T/c/registry/rights.csv")
PZ="{\"plan\":\"PZ-S-1\",\"version\":1,\"name\":\"配置方案\",\"date\":\"2024-01-10\",\"reserves\":[{\"id\":\"CB-1\",\"name\":\"水库片区\",\"units\":[\"$WU\",\"$PC\"]},{\"id\":\"CB-2\",\"name\":\"红线\",\"units\":[\"$PRED\"]}],\"units\":[{\"id\":\"U1\",\"unit\":\"$WU\",\"reserve\":\"CB-1\",\"class\":\"operating\",\"use\":\"ecotourism_facility\",\"mode\":\"lease\",\"timing\":\"2024-09-30\"},{\"id\":\"U2\",\"unit\":\"$PC\",\"reserve\":\"CB-1\",\"class\":\"operating\",\"use\":\"ecotourism_facility\",\"mode\":\"transfer\",\"timing\":\"2024-06-30\"},{\"id\":\"U3\",\"unit\":\"$PRED\",\"reserve\":\"CB-2\",\"class\":\"public_interest\",\"use\":\"ecological_restoration\",\"mode\":\"allocation\",\"timing\":\"2025-06-30\"}]}"
[ "$(req POST /api/v1/plans "$PZ" "$ACC")" = 403 ] &&
    [ "$(req POST /api/v1/plans "$(jq -c '.units[2].use = "industrial" | .units[2].class = "operating" | .units[2].mode = "transfer"' <<< "$PZ")" "$REG")" = 422 ] &&
    jb .error.message | grep -q "rule plan.zoning: .*$PRED" && [ "$(jb .error.record)" = PZ-S-1 ] &&
    [ "$(req POST /api/v1/plans "$PZ" "$REG")" = 201 ] && [ "$(jb '[.units[].constraints.decision] | join(",")')" = approval,approval,conditions ] &&
    [ "$(req GET /api/v1/plans)" = 200 ] && [ "$(jb '.plans | length')" = 0 ] && [ "$(req GET /api/v1/plans/PZ-S-1)" = 404 ] &&
    [ "$(req GET /api/v1/plans/PZ-S-1/tracking?as_of=2024-12-31)" = 404 ] &&
    [ "$(req GET /api/v1/plans "" "$REG")" = 200 ] && [ "$(jb '[.plans[] | [.plan, .units]]' | tr -d ' \n')" = '[["PZ-S-1",3]]' ]
ok $? "plan: an accountant may not record (403); industry on the red-line parcel $PRED is refused by plan.zoning naming it; recorded by the registrar with the control lines' constraints; unpublished until approved"
[ "$(req POST /api/v1/plans/PZ-S-1/approval '{"version":1,"date":"2024-01-20"}' "$REG")" = 403 ] &&
    [ "$(req POST /api/v1/plans/PZ-S-1/approval '{"version":1}' "$REV")" = 400 ] &&
    [ "$(req POST /api/v1/plans/PZ-S-1/approval '{"version":1,"date":"2024-01-20"}' "$REV")" = 201 ] && [ "$(jb .approved.by)" = rev1 ] &&
    [ "$(req POST /api/v1/plans/PZ-S-1/approval '{"version":1,"date":"2024-01-21"}' "$REV")" = 422 ] && jb .error.message | grep -q "rule plan.approved" &&
    [ "$(req GET /api/v1/plans)" = 200 ] && [ "$(jb '[.plans[].approved.by] | join(",")')" = rev1 ] &&
    [ "$(req GET /api/v1/plans/PZ-S-1)" = 200 ] && [ "$(jb .actor)" = reg1 ] && [ "$(req GET '/api/v1/plans/PZ-S-1?version=x')" = 400 ]
ok $? "plan: approved by the reviewer (the registrar may not: 403; once: 422) and then published"
[ "$(req GET '/api/v1/plans/PZ-S-1/tracking?as_of=2024-12-31')" = 200 ] &&
    [ "$(jb '[.units[] | .id + " " + .status + " " + (.contract // "-")] | join(",")')" = "U1 on_time JG-S-3,U2 overdue -,U3 pending -" ] &&
    [ "$(req GET '/api/v1/plans/PZ-S-1/tracking?as_of=2024-12-31&format=geojson')" = 200 ] && cp "$T/b" "$T/plan.geojson" &&
    $B plan map PZ-S-1 --as-of 2024-12-31 --store "$S" > "$T/plan-cli.geojson" && cmp -s <(jq -S . "$T/plan.geojson") <(jq -S . "$T/plan-cli.geojson") &&
    [ "$(jq -c '[.features[] | [.properties.id, .properties.mode, .properties.status, .geometry.type]]' "$T/plan.geojson")" = '[["U1","lease","on_time","MultiPolygon"],["U2","transfer","overdue","MultiPolygon"],["U3","allocation","pending","MultiPolygon"]]' ] &&
    [ "$(req GET '/api/v1/plans/PZ-S-1/tracking?format=kml')" = 400 ]
ok $? "plan: tracked on 2024-12-31 — the reservoir leased on time by JG-S-3, the shore plot overdue, the restoration pending; its map the command line's (plan map) to the byte"
# 生态补偿: the public reads the published allocations only; a reviewer other than who recorded
# one publishes it; the agreement with its settlement
[ "$(req GET /api/v1/compensation/allocations)" = 200 ] && [ "$(jb '[.allocations[].allocation] | join(",")')" = LS-ECO-2023,LS-ECO-2024 ] &&
    [ "$(req GET /api/v1/compensation/allocations "" "$REG")" = 200 ] && [ "$(jb '.allocations | length')" = 3 ] &&
    [ "$(req GET /api/v1/compensation/allocations/LS-ECO-2025)" = 404 ] &&
    [ "$(req GET /api/v1/compensation/allocations/LS-ECO-2025/map)" = 404 ] &&
    [ "$(req GET /api/v1/compensation/allocations/LS-ECO-2024/map)" = 200 ] &&
    [ "$(jb '[.features[].properties.XZQDM] | sort | join(",")')" = "$(jq -r '[.regions[].region] | sort | join(",")' "$T/c/compensation/LS-ECO-2024/allocation.json")" ] &&
    [ "$(req GET /api/v1/compensation/allocations/LS-ECO-2024)" = 200 ] && [ "$(jb .total_wan)" = 3000 ] && [ "$(jb .published.by)" = demo-chief ] &&
    [ "$(req POST /api/v1/compensation/allocations/LS-ECO-2025/publication '{"date":"2025-03-10"}' "$REG")" = 403 ] &&
    [ "$(req POST /api/v1/compensation/allocations/LS-ECO-2025/publication '{}' "$REV")" = 400 ] &&
    [ "$(req POST /api/v1/compensation/allocations/LS-ECO-2025/publication '{"date":"2025-03-10"}' "$REV")" = 201 ] && [ "$(jb .published.by)" = rev1 ] &&
    [ "$(req POST /api/v1/compensation/allocations/LS-ECO-2025/publication '{"date":"2025-03-11"}' "$REV")" = 422 ] && jb .error.message | grep -q "rule compensation.published" &&
    [ "$(req GET /api/v1/compensation/allocations/LS-ECO-2025)" = 200 ] &&
    [ "$(req GET /api/v1/compensation/agreements/LS-GEP-2023)" = 200 ] && [ "$(jb '.settlements[0].state')" = settled ]
ok $? "compensation: the public reads the published allocations and their maps (the six townships' outlines; not the unpublished one's); a registrar may not publish (403), a reviewer does (201), once (422)"
# 自然资源资产损害: the public reads closed cases only; an action by the scheme's role with its
# documents; a valuation by an accountant from a GEP run of the data folder, never outside it
DC=DC-2025-$(jq -r '[.candidates[] | select(.zones | index("eco_redline"))][0].patch' "$T/disc.json")
[ "$(req GET /api/v1/damage/cases)" = 200 ] && [ "$(jb '.cases | length')" = 0 ] &&
    [ "$(req GET /api/v1/damage/cases "" "$REG")" = 200 ] && [ "$(jb '.cases | length')" = 5 ] &&
    [ "$(req GET "/api/v1/damage/cases/$DC")" = 404 ] && [ "$(req GET "/api/v1/damage/cases/$DC" "" "$REG")" = 200 ] && [ "$(jb .state)" = lead ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/actions" '{"action":"open","date":"2025-03-10","documents":[{"kind":"screening_decision","file":"d.txt","content":"立案"}]}' "$REG")" = 422 ] && jb .error.message | grep -q "rule damage.role" &&
    [ "$(req POST "/api/v1/damage/cases/$DC/actions" '{"action":"open","date":"2025-03-10"}' "$REV")" = 422 ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/actions" '{"action":"open","date":"2025-03-10","documents":[{"kind":"screening_decision"}]}' "$REV")" = 400 ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/actions" '{"action":"open","date":"2025-03-10","documents":[{"kind":"screening_decision","file":"d.txt","content":"立案"}]}' "$REV")" = 201 ] &&
    [ "$(jb .documents[0].sha256)" = "$(printf '立案' | sha256sum | cut -d' ' -f1)" ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/actions" '{"action":"investigated","date":"2025-04-01","documents":[{"kind":"investigation_report","file":"i.txt","content":"调查"}]}' "$REG")" = 201 ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/valuations" '{"date":"2025-04-20","gep":"../../etc","request":{"method":"interim_gep","damage_year":2025,"claim_year":2025,"points":[[2025,0],[2045,1]],"to":2044}}' "$ACC")" = 404 ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/valuations" '{"date":"2025-04-20","gep":"gep-2023","request":{"method":"interim_gep","damage_year":2025,"claim_year":2025,"points":[[2025,0],[2045,1]],"to":2044}}' "$REV")" = 403 ] &&
    [ "$(req POST "/api/v1/damage/cases/$DC/valuations" '{"date":"2025-04-20","gep":"gep-2023","request":{"method":"interim_gep","damage_year":2025,"claim_year":2025,"points":[[2025,0],[2045,1]],"to":2044}}' "$ACC")" = 201 ] &&
    [ "$(jb '.value_yuan > 0 and .inputs.gep_yuan_per_year > 0')" = true ] &&
    [ "$(req GET "/api/v1/damage/cases/$DC" "" "$REG")" = 200 ] && [ "$(jb '[.state, (.history | length), (.valuations | length)] | join(",")')" = "assessing,4,1" ] &&
    [ "$(jb '[.next[].action] | join(",")')" = assessed ] &&
    [ "$(req GET "/api/v1/damage/cases/$DC?format=geojson" "" "$REG")" = 200 ] && [ "$(jb '[.features[].properties.role] | join(",")')" = damage,unit ] &&
    [ "$(req GET "/api/v1/damage/cases/$DC?format=kml" "" "$REG")" = 400 ] && [ "$(req GET "/api/v1/damage/cases/$DC?format=geojson")" = 404 ]
ok $? "damage: the public reads no open case; a registrar may not open one (422, rule damage.role), a reviewer with the decision does; an accountant values it from gep-2023 (a path outside the data folder 404)"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Last-Event-ID: x1' "$U/api/v1/market/events")" = 400 ]
ok $? "server-sent events: a malformed Last-Event-ID is 400"
# an id the ledger never reached (a store rebuilt since) is answered at once with the head
t0=$(date +%s%N)
curl -s -H "Last-Event-ID: 999999999" "$U/api/v1/market/events" > "$T/sse2"
t1=$(date +%s%N)
HEADSEQ=$($B ledger verify --store "$S" --json | jq .events)
grep -q '^event: idle$' "$T/sse2" && [ "$(sed -n 's/^id: //p' "$T/sse2")" = "$HEADSEQ" ] && [ $(( (t1 - t0) / 1000000 )) -lt 2000 ]
ok $? "server-sent events: an id beyond the ledger's head ($HEADSEQ events) is sent back to the head at once"
# the venue's own clock: a second server on the store, without --market-clock requests, times
# a trader's order itself, whatever date and time the request names
$B serve --store "$S" --data "$T/c" --listen 127.0.0.1:0 --threads 1 --quiet > "$T/serve2.out" 2> /dev/null &
S2PID=$!
for _ in $(seq 1 100); do grep -q listening "$T/serve2.out" 2> /dev/null && break; sleep 0.1; done
U2="http://127.0.0.1:$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve2.out")"
code=$(curl -s -o "$T/clk" -w '%{http_code}' -X POST "$U2/api/v1/market/accounts/E01/requests" -H "Authorization: Bearer $TR2" \
    -H 'Content-Type: application/json' --data-binary '{"type":"order","date":"2024-01-08","time":"10:07:00","instrument":"CCS-33","party":"E01","side":"buy","price":7800,"units":1000,"time_in_force":"IOC"}')
today=$(TZ=Asia/Shanghai date +%F)
kill -TERM $S2PID; wait $S2PID
{ [ "$code" = 201 ] && [ "$(jq -r '.results[0].time' "$T/clk")" != 10:07:00 ] &&
    [ "$($B ledger verify --store "$S" --json | jq .head > /dev/null; sqlite3 "$S" "SELECT effective FROM ledger_event ORDER BY seq DESC LIMIT 1")" = "$today" ]; } ||
    { [ "$code" = 422 ] && ! grep -q '10:07:00' "$T/clk" && grep -q 'order.closed\|order.expiry\|order.band' "$T/clk"; }
ok $? "the venue's clock: a trader's order naming 2024-01-08 10:07 is timed by the server ($today; answer $code)"

# every operation's live answer against its documented schema (jsonschema, tests/cli/openapi_check.py)
V="$T/v"; mkdir -p "$V"; : > "$V/list"; k=0
vreq() { # METHOD TEMPLATE PATH [BODY] [TOKEN]: the status; the exchange listed for the check
    local code
    code=$(req "$1" "$3" "${4:-}" "${5:-}")
    k=$((k + 1))
    cp "$T/b" "$V/$k.json"
    echo "RESP $1 $2 $code $V/$k.json" >> "$V/list"
    if [ -n "${4:-}" ] && [ "$code" -lt 300 ]; then printf '%s' "$4" > "$V/$k.req"; echo "REQ $1 $2 $V/$k.req" >> "$V/list"; fi
    echo "$code"
}
VT=$(curl -s -X POST "$U/api/v1/session" -d '{"username":"admin","password":"pw-admin-secret"}' -o "$V/login.json" -w '%{http_code}')
echo "RESP POST /api/v1/session $VT $V/login.json" >> "$V/list"
VT=$(jq -r .token "$V/login.json")
CODE1=$(curl -s -H "Authorization: Bearer $VT" "$U/api/v1/registry/units?limit=1" | jq -r '.units[0].code')
for ep in "GET /api/v1/health /api/v1/health" "GET /api/v1/openapi.json /api/v1/openapi.json" "GET /api/v1/session /api/v1/session" \
    "GET /api/v1/users /api/v1/users" "GET /api/v1/layers /api/v1/layers" \
    "GET /api/v1/layers/{layer}/features /api/v1/layers/township/features?limit=2" \
    "GET /api/v1/layers/{layer}/features/{fid} /api/v1/layers/township/features/1" \
    "GET /api/v1/registry/vocabulary /api/v1/registry/vocabulary" "GET /api/v1/basemaps /api/v1/basemaps" "GET /api/v1/layers/{layer}/labels /api/v1/layers/village/labels" \
    "GET /api/v1/landclasses/{scheme} /api/v1/landclasses/planning" "GET /api/v1/checks/categories /api/v1/checks/categories" \
    "GET /api/v1/opinions /api/v1/opinions" "GET /api/v1/opinions/{id} /api/v1/opinions/$OPID" \
    "GET /api/v1/verification/{code} /api/v1/verification/$OPCODE" \
    "GET /api/v1/registry/units /api/v1/registry/units?limit=3" "GET /api/v1/registry/units/{code} /api/v1/registry/units/$CODE1" \
    "GET /api/v1/registry/units/{code}/history /api/v1/registry/units/$CODE1/history" \
    "GET /api/v1/ledger/head /api/v1/ledger/head" "GET /api/v1/ledger/verification /api/v1/ledger/verification" \
    "GET /api/v1/ledger/checkpoints /api/v1/ledger/checkpoints" "GET /api/v1/gep/accounts /api/v1/gep/accounts" \
    "GET /api/v1/gep/accounts/{id} /api/v1/gep/accounts/gep-2023" "GET /api/v1/gep/accounts/{id}/maps/{item} /api/v1/gep/accounts/gep-2023/maps/carbon_sequestration.json" \
    "GET /api/v1/jobs /api/v1/jobs" "GET /api/v1/jobs/{id} /api/v1/jobs/$JOB" \
    "GET /api/v1/gep/accounts/{id}/maps/{item}/value /api/v1/gep/accounts/gep-2023/maps/carbon_sequestration/value?lon=121.34&lat=28.84" \
    "GET /api/v1/registry/units/{code} /api/v1/registry/units/331099000000XX00000000000000" \
    "GET /api/v1/indicators/classes /api/v1/indicators/classes" "GET /api/v1/indicators/projects /api/v1/indicators/projects" \
    "GET /api/v1/indicators/projects/{project} /api/v1/indicators/projects/BC20230001" \
    "GET /api/v1/indicators/history/{key} /api/v1/indicators/history/BC20230001" \
    "GET /api/v1/indicators/holdings/{holder} /api/v1/indicators/holdings/reserve:331099" \
    "GET /api/v1/indicators/obligations /api/v1/indicators/obligations" \
    "GET /api/v1/indicators/obligations/{id} /api/v1/indicators/obligations/ZD20230001" \
    "GET /api/v1/indicators/report /api/v1/indicators/report?as_of=2023-12-31" \
    "GET /api/v1/indicators/verification /api/v1/indicators/verification" \
    "GET /api/v1/market/rules /api/v1/market/rules" "GET /api/v1/market/instruments /api/v1/market/instruments" \
    "GET /api/v1/market/instruments/{instrument}/book /api/v1/market/instruments/CCS-33/book?depth=5" \
    "GET /api/v1/market/instruments/{instrument}/trades /api/v1/market/instruments/CCS-33/trades" \
    "GET /api/v1/market/accounts/{party} /api/v1/market/accounts/E01" \
    "GET /api/v1/market/listings /api/v1/market/listings" \
    "GET /api/v1/market/report /api/v1/market/report?from=2024-01-01&to=2024-12-31" \
    "GET /api/v1/market/listings/{listing} /api/v1/market/listings/NONE" \
    "GET /api/v1/valuations/methods /api/v1/valuations/methods" \
    "GET /api/v1/valuations /api/v1/valuations?as_of=2024-12-31" \
    "GET /api/v1/valuations/{valuation} /api/v1/valuations/V-S-1" \
    "GET /api/v1/bundles /api/v1/bundles?as_of=2024-12-31" \
    "GET /api/v1/bundles/{bundle} /api/v1/bundles/ECO-2024-01" \
    "GET /api/v1/contracts /api/v1/contracts?as_of=2024-12-31" \
    "GET /api/v1/contracts/{contract} /api/v1/contracts/JG-S-1" \
    "GET /api/v1/compensation/allocations /api/v1/compensation/allocations" \
    "GET /api/v1/compensation/allocations/{allocation} /api/v1/compensation/allocations/LS-ECO-2024" \
    "GET /api/v1/compensation/allocations/{allocation}/map /api/v1/compensation/allocations/LS-ECO-2024/map" \
    "GET /api/v1/compensation/agreements/{agreement} /api/v1/compensation/agreements/LS-GEP-2023" \
    "GET /api/v1/damage/cases /api/v1/damage/cases" \
    "GET /api/v1/damage/cases/{case} /api/v1/damage/cases/$DC" \
    "GET /api/v1/damage/cases/{case} /api/v1/damage/cases/$DC?format=geojson" \
    "GET /api/v1/plans /api/v1/plans" \
    "GET /api/v1/plans/{plan} /api/v1/plans/PZ-S-1" \
    "GET /api/v1/plans/{plan}/tracking /api/v1/plans/PZ-S-1/tracking?as_of=2024-12-31" \
    "GET /api/v1/plans/{plan}/tracking /api/v1/plans/PZ-S-1/tracking?as_of=2024-12-31&format=geojson" \
    "GET /api/v1/registry/units/{code}/value /api/v1/registry/units/$WU/value"; do
    set -- $ep
    vreq "$1" "$2" "$3" "" "$VT" > /dev/null
done
vreq POST /api/v1/checks /api/v1/checks "{\"category\":\"industrial\",\"crs\":4528,\"geometry\":$GJ}" "$VT" > /dev/null
vreq POST /api/v1/users /api/v1/users '{"username":"v1","password":"v1-password","role":"trader","display":"V"}' "$VT" > /dev/null
vreq PATCH /api/v1/users/{username} /api/v1/users/v1 '{"role":"auditor"}' "$VT" > /dev/null
vreq POST /api/v1/registry/applications /api/v1/registry/applications '{"type":"party","date":"2026-02-01","party":{"id":"V001","name":"校验当事人","kind":"person"}}' "$VT" > /dev/null
vreq POST /api/v1/registry/applications /api/v1/registry/applications "[{\"type\":\"objection\",\"date\":\"2026-02-02\",\"unit\":\"$CODE1\",\"objector\":\"V001\",\"description\":\"界址有争议\"}]" "$VT" > /dev/null
vreq POST /api/v1/indicators/requests /api/v1/indicators/requests '{"type":"lock","date":"2024-02-01","holder":"reserve:331099","reason":"挂牌","units":{"CRQ":5}}' "$VT" > /dev/null
vreq POST /api/v1/indicators/holdings/{holder}/requests /api/v1/indicators/holdings/E01/requests '{"type":"lock","date":"2024-02-01","holder":"E01","units":{"CRQ":1}}' "$TR2" > /dev/null
vreq POST /api/v1/indicators/projects/{project}/acceptance /api/v1/indicators/projects/BC20230005/acceptance '{"date":"2024-02-02"}' "$VT" > /dev/null
vreq POST /api/v1/market/accounts/{party}/requests /api/v1/market/accounts/E02/requests '{"type":"order","date":"2024-01-08","time":"10:05:00","instrument":"CCS-33","party":"E02","side":"buy","price":7900,"units":1000}' "$TR3" > /dev/null
vreq POST /api/v1/market/requests /api/v1/market/requests '{"type":"expire","date":"2024-01-09","instrument":"CCS-33"}' "$CTR" > /dev/null
vreq POST /api/v1/valuations '/api/v1/valuations?dry_run=1' '{"date":"2024-06-30","method":"sea_fee","inputs":{"use":"permeable_structure","class":3,"area_ha":2,"years":10}}' "$VT" > /dev/null
vreq POST /api/v1/valuations /api/v1/valuations '{"valuation":"V-S-2","date":"2024-06-30","method":"forest_land","inputs":{"A":300,"P":0.05}}' "$VT" > /dev/null
vreq POST /api/v1/valuations/{valuation}/approval /api/v1/valuations/V-S-2/approval '{"date":"2024-07-01"}' "$REV" > /dev/null
vreq POST /api/v1/bundles '/api/v1/bundles?dry_run=1' "$EB" "$VT" > /dev/null
vreq POST /api/v1/bundles /api/v1/bundles "$(jq '.bundle = "ECO-2024-02"' <<< "$EB")" "$VT" > /dev/null
vreq POST /api/v1/bundles/{bundle}/approval /api/v1/bundles/ECO-2024-02/approval '{"date":"2024-07-11"}' "$REV" > /dev/null
vreq POST /api/v1/contracts /api/v1/contracts "$(jq -c '.contract = "JG-S-2"' <<< "$JG")" "$REG" > /dev/null
vreq POST /api/v1/contracts/checks /api/v1/contracts/checks '{"date":"2023-12-31","survey":"county.gpkg","year":2023}' "$REV" > /dev/null
vreq POST /api/v1/plans /api/v1/plans "$(jq -c '.plan = "PZ-S-2" | .reserves |= .[:1] | .units |= .[:2]' <<< "$PZ")" "$REG" > /dev/null
vreq POST /api/v1/plans/{plan}/approval /api/v1/plans/PZ-S-2/approval '{"version":1,"date":"2024-02-01"}' "$REV" > /dev/null
vreq POST /api/v1/compensation/allocations/{allocation}/publication /api/v1/compensation/allocations/LS-ECO-2025/publication '{"date":"2025-03-12"}' "$REV" > /dev/null
vreq POST /api/v1/damage/cases/{case}/actions "/api/v1/damage/cases/$DC/actions" '{"action":"assessed","date":"2025-05-01","documents":[{"kind":"assessment_report","file":"a.txt","sha256":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]}' "$ACC" > /dev/null
vreq POST /api/v1/damage/cases/{case}/valuations "/api/v1/damage/cases/$DC/valuations" '{"date":"2025-05-02","request":{"method":"restoration_cost","damage_year":2025,"claim_year":2025,"items":[{"item":"x","quantity":2,"unit_cost_yuan":50000}]}}' "$ACC" > /dev/null
vreq DELETE /api/v1/session /api/v1/session "" "$VT" > /dev/null
# request bodies the registry refuses before any rule must be refused by the schema too
printf '%s' '{"type":"transfer","date":"2026-02-01","right":"R1"}' > "$V/bad1.req"; echo "BAD POST /api/v1/registry/applications $V/bad1.req" >> "$V/list"
printf '%s' '{"type":"mortgage","date":"2026-02-01","right":"R1","amount":"much"}' > "$V/bad2.req"; echo "BAD POST /api/v1/registry/applications $V/bad2.req" >> "$V/list"
printf '%s' '[]' > "$V/bad3.req"; echo "BAD POST /api/v1/registry/applications $V/bad3.req" >> "$V/list"
python3 tests/cli/openapi_check.py data/server/openapi.json "$V/list" > "$T/oa.out" 2>&1
ok $? "every operation documents its answer, and $(grep -c . "$V/list") live exchanges match the OpenAPI schemas ($(tail -1 "$T/oa.out"); $(head -2 "$T/oa.out" | tr '\n' ' ' | head -c 300))"

# graceful shutdown: a request in flight finishes
jq -n --rawfile c "$T/coords.txt" '{category: "industrial", label: ("x" * 3000), file: {name: "coords.txt", content: $c}}' > "$T/slow.json"
curl -s -o "$T/slow" -w '%{http_code}' --limit-rate 4k -X POST -H "Authorization: Bearer $REV" \
    --data-binary @"$T/slow.json" "$U/api/v1/checks" > "$T/slow.code" &
CPID=$!
sleep 0.4
kill -TERM "$SPID"
wait "$CPID"
wait "$SPID"; SRC=$?
[ "$(cat "$T/slow.code")" = 200 ] && [ "$SRC" = 0 ] && grep -q 'msg=stopped' "$T/serve.log"
ok $? "SIGTERM during an upload: the request completes (200), the server exits 0"
! grep -q -e "pw-.*-secret" -e "$ADMIN" -e "$REG" "$T/serve.log"; ok $? "no password and no token in the log"
grep -q 'msg=request .* status=200 ms=' "$T/serve.log"; ok $? "requests are logged with status and latency"

rm -rf "$T"
echo "1..$n"
