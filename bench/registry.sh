#!/usr/bin/env bash
# Ledger, store and registry figures (called by bench/run.sh; runnable alone):
#   bench/registry.sh build/release DEMO_LARGE_DIR [EVENTS]
# On both backends (the GeoPackage file; PostgreSQL 15 + PostGIS in a throwaway cluster with
# fsync on, so each commit is durable as on a real server):
#   - single transactions, each committed durably: events per second;
#   - the bulk import of the large demo county's parties, units and rights: events per second;
#   - `ledger verify` and `ledger rebuild` on a journal of EVENTS events (default 1,000,000);
#   - an "as of" query on a unit with 100 events of history: p50 / p99;
# each with peak memory (GNU time).
set -euo pipefail
OUT=$1
DEMO=$2
EVENTS=${3:-1000000}
B="$OUT/liangshan"
RB="$OUT/bench/registry_bench"
W=$(mktemp -d)
S=$(cd "$(dirname "$0")/../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
trap '"$S/pg-throwaway.sh" stop "$PGD/c" >/dev/null 2>&1; rm -rf "$W" "$PGD"' EXIT

timed() { # label cmd...: prints wall seconds, peak MiB and the first line the command printed
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/t.txt" "$@" > "$W/cmd.log" 2>&1 || {
        echo "$label: FAILED ($(tail -1 "$W/cmd.log"))"; return 0; }
    read -r secs kb < "$W/t.txt"
    printf "%-46s %8.2f s  peak %7.1f MiB  | %s\n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)" \
        "$(head -1 "$W/cmd.log" | cut -c1-110)"
}

R="$DEMO/registry"
nparties=$(($(wc -l < "$R/parties.csv") - 1))
nunits=$(ogrinfo -q "$R/units.gpkg" -sql "SELECT COUNT(*) AS n FROM units" | sed -n 's/.*n (Integer[0-9]*) = //p')
echo "== registry: large demo county: $nparties parties, $nunits units, $(($(wc -l < "$R/rights.csv") - 1)) rights rows; $EVENTS-event journal"
echo "   store file system: $(df -T "$W" | awk 'NR==2 {print $2}')"

PG=""
if PG=$(PG_FSYNC=on "$S/pg-throwaway.sh" start "$PGD/c" 2>/dev/null); then
    PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
    fresh_pg() { "$PSQL" -X -q "${PG#PG:}" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE EXTENSION postgis" >/dev/null 2>&1; }
else
    echo "   PostgreSQL not installed: GeoPackage only"
fi

for backend in gpkg postgres; do
    if [ $backend = gpkg ]; then
        st() { rm -f "$W/$1.gpkg"*; echo "$W/$1.gpkg"; }
    else
        [ -n "$PG" ] || continue
        st() { fresh_pg; echo "$PG"; }
    fi
    echo "-- $backend"
    timed "single transactions (2,000, durable each)" "$RB" singles "$(st singles)" 2000
    s=$(st import)
    $B registry init --store "$s" --county 331099 > /dev/null
    timed "bulk import, large county ($((nparties + nunits)) events)" \
        $B registry import --store "$s" --actor bench --parties "$R/parties.csv" \
        --units "$R/units.gpkg" --rights "$R/rights.csv" --recorded 2026-01-01T00:00:00Z
    awk -v n=$((nparties + nunits)) -v s="$(cut -d' ' -f1 "$W/t.txt")" 'BEGIN { printf "%-46s %8.0f events/s\n", "  = bulk import", n / s }'
    timed "ledger verify after the import" $B ledger verify --store "$s"
    j=$(st journal)
    timed "journal of $EVENTS events (batches of 10,000)" "$RB" fill "$j" "$EVENTS"
    timed "ledger verify, $EVENTS events" $B ledger verify --store "$j"
    # anchored verification (docs/security.md): one signed checkpoint of the head, then the
    # chain and the checkpoint together; goal 10 s on 1 M events
    rm -rf "$W/ck" "$W/ck.key" "$W/ck.pub" && mkdir -p "$W/ck"
    $B ledger keygen --key "$W/ck.key" --public "$W/ck.pub" >/dev/null
    timed "ledger checkpoint (sign the head)" $B ledger checkpoint --store "$j" --key "$W/ck.key" --out "$W/ck"
    timed "ledger verify --checkpoints, $EVENTS events" $B ledger verify --store "$j" --checkpoints "$W/ck" --public-key "$W/ck.pub"
    timed "ledger rebuild, $EVENTS events" $B ledger rebuild --store "$j"
    timed "as-of query, 100-event unit (1,000 queries)" "$RB" asof "$(st asof)" 1000
done
