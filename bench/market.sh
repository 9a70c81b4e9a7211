#!/usr/bin/env bash
# Trading-venue figures (issue 20; called by bench/run.sh, runnable alone):
#   bench/market.sh build/release [OPS]
# The matching core in memory on one core (bench/market_bench): exchange-core's published mix
# over a book held near 1,000 orders, with each operation's latency; a uniform-price auction
# of 100,000 sealed bids and a call auction of 100,000 orders; each beside a baseline measured
# in the same run (a qsort of 100,000 keys; one random read-modify-write per operation).
# The venue on GeoPackage (bench/venue_bench): durable orders — checked, escrowed or held,
# matched and settled — in transactions of 1,000 (group commit) and one per transaction, and
# the books read again from the tables, as at a restart. The same on PostgreSQL (a throwaway
# cluster with fsync on, as bench/registry.sh). Recovery: a journal of about EVENTS events
# (default 1,000,000) of orders, escrows and trades, from which `ledger rebuild` replays every
# projection, and the restart's books read from the kept tables.
# Over HTTP: `serve` on this machine's cores with 8 traders posting orders through wrk (64
# connections) for BENCH_MARKET_HTTP_S seconds (default 600), the server's memory sampled each
# minute; the orders are grouped into shared commits (HTTP_GROUP, docs/server.md).
set -euo pipefail
OUT=$1
OPS=${2:-3000000}
EVENTS=${3:-1000000}
HTTP_S=${BENCH_MARKET_HTTP_S:-600}
W=$(mktemp -d -p "${BENCH_TMP:-/var/tmp}")
S=$(cd "$(dirname "$0")/../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
SPID=""
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; "$S/pg-throwaway.sh" stop "$PGD/c" >/dev/null 2>&1; rm -rf "$W" "$PGD"' EXIT
timed() { # label cmd...: wall seconds, peak MiB and the command's first line
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/t.txt" "$@" > "$W/cmd.log" 2>&1 || {
        echo "$label: FAILED ($(tail -1 "$W/cmd.log"))"; return 0; }
    read -r secs kb < "$W/t.txt"
    printf "%-46s %8.2f s  peak %7.1f MiB  | %s\n" "$label" "$secs" "$(echo "$kb / 1024" | bc -l)" \
        "$(head -1 "$W/cmd.log" | cut -c1-100)"
}
echo "== trading venue: matching core ($OPS operations, one core)"
"$OUT/bench/market_bench" "$OPS"
echo "== trading venue: durable orders on GeoPackage (store file system $(df -T "$W" | awk 'NR==2 {print $2}'))"
"$OUT/bench/venue_bench" batched "$W/b.gpkg" 20000
"$OUT/bench/venue_bench" singles "$W/s.gpkg" 2000
"$OUT/bench/venue_bench" rebuild "$W/b.gpkg"

if PG=$(PG_FSYNC=on "$S/pg-throwaway.sh" start "$PGD/c" 2>/dev/null); then
    PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
    fresh_pg() { "$PSQL" -X -q "${PG#PG:}" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE EXTENSION postgis" >/dev/null 2>&1; }
    echo "== trading venue: durable orders on PostgreSQL (fsync on)"
    fresh_pg; "$OUT/bench/venue_bench" batched "$PG" 20000
    fresh_pg; "$OUT/bench/venue_bench" singles "$PG" 2000
    "$S/pg-throwaway.sh" stop "$PGD/c" >/dev/null 2>&1
else
    echo "== trading venue on PostgreSQL: not installed, skipped"
fi

echo "== trading venue: recovery from a journal of about $EVENTS events"
# about two events an order (the order; a sell's escrow on the indicator register)
"$OUT/bench/venue_bench" batched "$W/j.gpkg" $((EVENTS / 2)) > /dev/null
n=$(sqlite3 "$W/j.gpkg" "SELECT count(*) FROM ledger_event")
echo "journal: $n events, $(sqlite3 "$W/j.gpkg" "SELECT count(*) FROM mkt_order") orders, $(sqlite3 "$W/j.gpkg" "SELECT count(*) FROM mkt_trade") trades"
timed "restart: the books from the kept tables" "$OUT/bench/venue_bench" rebuild "$W/j.gpkg"
timed "ledger rebuild: every projection, $n events" "$OUT/liangshan" ledger rebuild --store "$W/j.gpkg"
rm -f "$W"/j.gpkg*

if command -v wrk > /dev/null; then
    echo "== trading venue over HTTP: 8 traders, wrk -c64 on the same $(nproc) cores, ${HTTP_S} s"
    "$OUT/bench/venue_bench" setup "$W/h.gpkg"
    tokens=""
    for p in 0 1 2 3 4 5 6 7; do
        echo "pw-trader-$p" | "$OUT/liangshan" user add "t$p" --role trader --party "P$p" --store "$W/h.gpkg" --password-file - > /dev/null
    done
    "$OUT/liangshan" serve --store "$W/h.gpkg" --listen 127.0.0.1:0 --market-clock requests --quiet \
        > "$W/serve.out" 2> "$W/serve.log" &
    SPID=$!
    for _ in $(seq 1 600); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
    U="http://$(sed -n 's/.*http:\/\/\([0-9.:]*\)\/.*/\1/p' "$W/serve.out")"
    for p in 0 1 2 3 4 5 6 7; do
        t=$(curl -s -X POST "$U/api/v1/session" -d "{\"username\":\"t$p\",\"password\":\"pw-trader-$p\"}" | jq -r .token)
        tokens="$tokens${tokens:+,}P$p=$t"
    done
    rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SPID/status"; }
    e0=$(sqlite3 "$W/h.gpkg" "SELECT count(*) FROM mkt_order")
    echo "server RSS before: $(rss) MiB"
    LS_TOKENS=$tokens wrk -t2 -c64 -d"${HTTP_S}s" --latency --timeout 10s -s bench/wrk/order.lua "$U/" > "$W/wrk.txt" 2>&1 &
    WPID=$!
    for m in $(seq 60 60 "$HTTP_S"); do
        sleep 60
        echo "  after ${m} s: RSS $(rss) MiB"
    done
    wait $WPID
    printf "orders: %s req/s, p50 %s, p99 %s, errors: %s non-2xx%s\n" "$(sed -n 's/^Requests\/sec: *//p' "$W/wrk.txt")" \
        "$(awk '$1 == "50%" {print $2}' "$W/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$W/wrk.txt")" \
        "$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$W/wrk.txt" | grep . || echo 0)" \
        "$(sed -n 's/.*Socket errors: */; socket /p' "$W/wrk.txt")"
    echo "server RSS after: $(rss) MiB; orders recorded: $(( $(sqlite3 "$W/h.gpkg" "SELECT count(*) FROM mkt_order") - e0 )), trades: $(sqlite3 "$W/h.gpkg" "SELECT count(*) FROM mkt_trade")"
    kill $SPID; wait $SPID 2>/dev/null || true; SPID=""
else
    echo "== trading venue over HTTP: wrk not installed, skipped"
fi
