# The security suite's common ground, sourced by tests/security/test_*.sh: a small demo
# county with its store, an administrator and a reviewer, a server on 127.0.0.1 (start_server),
# and req/jb/login helpers as in tests/cli/test_server.sh. $T is the test's own folder.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/sec.XXXXXX")
. "$(dirname "$0")/../cli/tap.sh"

make_county() {
    $B demo --size small --seed 1 --out "$T/c" >/dev/null || return 1
    S="$T/c/store.gpkg"
    for u in admin:administrator rev1:reviewer reg1:registrar aud1:auditor; do
        echo "pw-${u%%:*}-secret" | $B user add "${u%%:*}" --role "${u##*:}" --store "$S" \
            --password-file - >/dev/null || return 1
    done
}

start_server() { # [extra serve options]
    mkdir -p "$T/web" && echo '<!doctype html><title>两山</title>' >"$T/web/index.html"
    $B serve --store "$S" --data "$T/c" --web "$T/web" --listen 127.0.0.1:0 --threads 2 "$@" \
        >"$T/serve.out" 2>>"$T/serve.log" &
    SPID=$!
    for _ in $(seq 1 100); do
        grep -q listening "$T/serve.out" 2>/dev/null && break
        sleep 0.1
    done
    PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve.out")
    U="http://127.0.0.1:$PORT"
}

SPID=
stop_server() {
    [ -n "$SPID" ] || return 0
    kill "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    SPID=
}

# req METHOD PATH [BODY] [TOKEN]: the status on stdout, the body in $T/b
req() {
    local args=(-s -o "$T/b" -w '%{http_code}' -X "$1" "$U$2")
    [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
    [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
    curl "${args[@]}"
}
# reqf METHOD PATH FILE [TOKEN]: as req, the body from a file
reqf() {
    local args=(-s -o "$T/b" -w '%{http_code}' -X "$1" "$U$2" -H 'Content-Type: application/json' --data-binary "@$3")
    [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
    curl "${args[@]}"
}
jb() { jq -r "$1" "$T/b"; }
login() { curl -s -X POST "$U/api/v1/session" -d "{\"username\":\"$1\",\"password\":\"pw-$1-secret\"}" | jq -r .token; }

finish() {
    stop_server
    echo "1..$n"
    rm -rf "$T"
}
