# The security suite's common ground, sourced by tests/security/test_*.sh: a small demo
# county with its store, an administrator and a reviewer, a server on 127.0.0.1 (start_server),
# and req/jb/login helpers as in tests/cli/test_server.sh. $T is the test's own folder.
#
# Both store backends: a test whose header has the line "# backends: gpkg postgres" is run
# by tests/run.sh a second time with LS_SECURITY_BACKEND=postgres. make_county then loads the
# demo register into a throwaway PostgreSQL + PostGIS cluster (scripts/pg-throwaway.sh) and
# $S is its connection string; `sql QUERY` reaches the store on either backend. Without a
# PostgreSQL server the second run is skipped, saying so.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/sec.XXXXXX")
. "$(dirname "$0")/../cli/tap.sh"
BACKEND=${LS_SECURITY_BACKEND:-gpkg}
PGD=

# sql QUERY: the store's answer, one row per line, columns separated by |
sql() {
    if [ "$BACKEND" = postgres ]; then
        "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -X -q -At -v ON_ERROR_STOP=1 \
            "${S#PG:}" -c "$1"
    else
        sqlite3 "$S" "$1"
    fi
}

# store_save NAME / store_restore NAME: a copy of the whole store and back (the server and
# every command stopped; on PostgreSQL a database made from the store's as its template)
pg_admin() {
    PGOPTIONS=--client-min-messages=warning \
    "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -X -q -v ON_ERROR_STOP=1 \
        "$(echo "${S#PG:}" | sed 's/dbname=ls/dbname=postgres/')" -c "$1"
}
store_save() {
    if [ "$BACKEND" = postgres ]; then
        pg_admin "DROP DATABASE IF EXISTS $1" && pg_admin "CREATE DATABASE $1 TEMPLATE ls"
    else
        cp "$S" "$T/$1.gpkg"
    fi
}
store_restore() {
    if [ "$BACKEND" = postgres ]; then
        pg_admin "DROP DATABASE ls" && pg_admin "CREATE DATABASE ls TEMPLATE $1"
    else
        cp "$T/$1.gpkg" "$S"
    fi
}

# the demo register in PostgreSQL, as app/demo builds store.gpkg: import, then the history
pg_store() {
    PGD=$(mktemp -d /tmp/lspg.XXXXXX)
    chmod 755 "$PGD"
    S=$("$(dirname "$0")/../../scripts/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr")
    local rc=$?
    if [ $rc -eq 3 ]; then
        echo "ok 1 # SKIP PostgreSQL server not installed"
        echo "1..1"
        rm -rf "$PGD" "$T"
        exit 0
    fi
    [ $rc -eq 0 ] || return 1
    $B registry init --store "$S" --crs EPSG:4528 --county 331099 >/dev/null &&
        $B registry import --store "$S" --parties "$T/c/registry/parties.csv" \
            --units "$T/c/registry/units.gpkg" --rights "$T/c/registry/rights.csv" \
            --date 2020-06-30 --actor demo-registrar >/dev/null &&
        $B registry register --store "$S" --actor demo-registrar "$T/c/registry/history.json" >/dev/null
}

make_county() {
    $B demo --size small --seed 1 --out "$T/c" >/dev/null || return 1
    S="$T/c/store.gpkg"
    if [ "$BACKEND" = postgres ]; then
        pg_store || return 1
    fi
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
# SIGTERM, then the exit status: 0 unless something went wrong on the way out (under ASan
# a leak or a use-after-free ends the process with an error)
stop_server() {
    [ -n "$SPID" ] || return 0
    kill "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    local rc=$?
    SPID=
    [ $rc = 0 ]
    ok $? "the server stopped cleanly (exit $rc)"
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
    [ -n "$PGD" ] && "$(dirname "$0")/../../scripts/pg-throwaway.sh" stop "$PGD/c" && rm -rf "$PGD"
    rm -rf "$T"
}
