#!/usr/bin/env bash
# Crash and concurrency proofs for the store: a writer killed with SIGKILL at random points
# of a batch import or of a run of single transactions leaves the store before or after
# each transaction, never between (the journal verifies and a replay reproduces the
# projections exactly); a second writer waits for the first or gets a clear "busy" error
# (exit 3); two writers at once both land and the chain stays intact. On the GeoPackage
# store always, on PostgreSQL when the server is installed. RANDOM is seeded: the kill
# points are the same on every run, though where they land depends on the machine's speed.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/kcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
S=$(cd "$(dirname "$0")/../../scripts" && pwd)
RANDOM=20261129
KILLS=${LS_CRASH_KILLS:-25}

$B demo --out "$T/c" --seed 3 >/dev/null; ok $? "demo county"
R="$T/c/registry"
ogr2ogr -f GPKG "$T/units.gpkg" "$R/units.gpkg" -limit 600 -nln units 2>/dev/null
ok $? "600 units to import"

events() { $B ledger verify --store "$1" --json | jq -r .events; }

# one application per line of a batch of single transactions
for i in $(seq 1 200); do
    printf '{"type":"party","date":"2021-01-01","party":{"id":"K%04d","name":"当事人%d","kind":"person"}}\n' $i $i
done > "$T/singles.jsonl"

kill_loop() { # store label
    local st=$1 L=$2 base after bad=0 partial=0 i
    base=$(events "$st")
    for i in $(seq 1 "$KILLS"); do
        $B registry import --store "$st" --actor k --units "$T/units.gpkg" --rights "$R/rights.csv" \
            >/dev/null 2>&1 &
        local pid=$!
        sleep "0.$(printf %03d $((RANDOM % 1000)))"
        kill -9 $pid 2>/dev/null
        wait $pid 2>/dev/null
        after=$(events "$st")
        [ "$after" = "$base" ] || partial=$((partial + 1))
        $B ledger rebuild --check --store "$st" >/dev/null 2>&1 || bad=$((bad + 1))
        # an import that finished is undone by cancelling nothing: start again from base
        if [ "$after" != "$base" ]; then break; fi
    done
    [ $bad -eq 0 ]; ok $? "$L: $i imports killed at random points: journal verifies, replay equals projections"
    # the import is all or nothing: either no event of it or all of its units
    [ "$after" = "$base" ] || [ $((after - base)) -ge 600 ]
    ok $? "$L: events $base -> $after: none or all 600 units"
    # single transactions killed mid-run
    bad=0
    local before
    for i in $(seq 1 "$KILLS"); do
        before=$(events "$st")
        (while read -r line; do
            printf '%s\n' "$line" > "$T/one-$L.json"
            $B registry register --store "$st" --actor k "$T/one-$L.json" >/dev/null 2>&1 || exit 0
        done < "$T/singles.jsonl") &
        local loop=$!
        sleep "0.$(printf %03d $((RANDOM % 1000)))"
        pkill -9 -P $loop liangshan 2>/dev/null
        kill -9 $loop 2>/dev/null
        wait $loop 2>/dev/null
        $B ledger rebuild --check --store "$st" >/dev/null 2>&1 || bad=$((bad + 1))
    done
    [ $bad -eq 0 ]; ok $? "$L: $KILLS runs of single transactions killed: journal verifies, replay equals projections ($(events "$st") events)"
    exits 0 "$L: ledger verify after the kills" $B ledger verify --store "$st"
}

busy() { # store label hold-lock-command...
    local st=$1 L=$2; shift 2
    "$@" &
    local holder=$!
    sleep 1
    printf '{"type":"party","date":"2021-01-01","party":{"id":"BUSY1","name":"x","kind":"person"}}\n' > "$T/b1.json"
    printf '{"type":"party","date":"2021-01-01","party":{"id":"BUSY2","name":"y","kind":"person"}}\n' > "$T/b2.json"
    local before
    before=$(events "$st")
    LIANGSHAN_BUSY_TIMEOUT_MS=200 $B registry register --store "$st" --actor k "$T/b1.json" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc -eq 3 ] && grep -q "busy" "$T/err" && [ "$(events "$st")" = "$before" ]
    ok $? "$L: a second writer gets a clear busy error after its timeout (exit $rc), nothing written"
    LIANGSHAN_BUSY_TIMEOUT_MS=20000 $B registry register --store "$st" --actor k "$T/b2.json" >"$T/out" 2>"$T/err"
    ok $? "$L: ... and with a longer timeout it waits for the first and lands"
    wait $holder
    # two writers at once, 20 transactions each
    for w in a b; do
        (for i in $(seq 1 20); do
            printf '{"type":"party","date":"2021-01-01","party":{"id":"W%s%02d","name":"w","kind":"person"}}\n' $w $i > "$T/w$w.json"
            $B registry register --store "$st" --actor $w "$T/w$w.json" >/dev/null 2>"$T/w$w.err" || echo fail >> "$T/w$w.fail"
        done) &
    done
    wait
    [ ! -e "$T/wa.fail" ] && [ ! -e "$T/wb.fail" ] && [ "$(events "$st")" = $((before + 41)) ]
    ok $? "$L: two writers at once: all 40 transactions land ($(events "$st") events)"
    exits 0 "$L: chain intact after concurrent writers" $B ledger verify --store "$st"
    rm -f "$T"/w?.fail
}

G="$T/s.gpkg"
$B registry init --store "$G" --county 331099 >/dev/null &&
    $B registry import --store "$G" --actor k --parties "$R/parties.csv" >/dev/null
ok $? "gpkg: store with the county's parties"
kill_loop "$G" gpkg
busy "$G" gpkg bash -c "(echo 'BEGIN IMMEDIATE;'; sleep 3; echo 'COMMIT;') | sqlite3 '$G'"

PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
PG=$("$S/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr")
rc=$?
if [ $rc -eq 3 ]; then
    echo "ok $((n + 1)) # SKIP PostgreSQL server not installed"
    n=$((n + 1))
else
    trap '"$S/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD"' EXIT
    [ $rc -eq 0 ]; ok $? "throwaway PostgreSQL + PostGIS cluster"
    PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
    $B registry init --store "$PG" --county 331099 >/dev/null &&
        $B registry import --store "$PG" --actor k --parties "$R/parties.csv" >/dev/null
    ok $? "postgres: store with the county's parties"
    KILLS=$((KILLS / 2 + 1))
    kill_loop "$PG" postgres
    busy "$PG" postgres bash -c "(echo 'BEGIN; SELECT pg_advisory_xact_lock(1280526414);'; sleep 3; echo 'COMMIT;') | '$PSQL' -X -q '${PG#PG:}' >/dev/null"
fi
echo "1..$n"
rm -rf "$T"
