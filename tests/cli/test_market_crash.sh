#!/usr/bin/env bash
# Crash proofs for the trading venue (issue 20): a trading storm on the demo county's CCS-33
# book — crossing buys and sells from three parties — with the writer killed by SIGKILL at
# random points, both in a batch of 2,000 orders (one transaction) and in a run of single
# orders. After each kill: every order a client saw acknowledged is in the ledger with its
# trades; a batch is all there or not at all; money adds up to what was deposited; the
# indicator register's invariants hold (every unit in one account, escrow included); and a
# replay of the ledger reproduces every table. RANDOM is seeded: the kill points are the same
# on every run.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/mcrash.XXXXXX")
. "$(dirname "$0")/tap.sh"
RANDOM=20261207
KILLS=${LS_CRASH_KILLS:-10}
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
sqlite3() { command sqlite3 -cmd ".timeout 10000" "$@"; }

$B demo --out "$T/c" --seed 1 >/dev/null && $B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" >/dev/null &&
    "$SD/demo-sinks.sh" "$B" "$T/c" >/dev/null && "$SD/demo-market.sh" "$B" "$T/c" >/dev/null
ok $? "the demo county with its sinks issued and its three days of trading"
S=$T/c/store.gpkg
SELLER=$($B market trades CCS-33 --store "$S" --json | jq -r '.[0].seller')
for p in E01 E02; do
    $B market deposit --party $p --amount 30000000 --bank-ref "STORM-$p" --date 2024-07-05 --store "$S" --actor k >/dev/null
done
orders() { sqlite3 "$S" "SELECT count(*) FROM ledger_event WHERE type = 'market.order'"; }
deposited() { sqlite3 "$S" "SELECT COALESCE(sum(json_extract(payload, '$.amount') * (CASE type WHEN 'market.deposit' THEN 1 ELSE -1 END)), 0) FROM ledger_event WHERE type IN ('market.deposit', 'market.withdraw')"; }
invariants() { # 0 when money adds up, indicator verify holds and the replay equals the tables
    [ "$(sqlite3 "$S" "SELECT sum(available + held) FROM mkt_funds")" = "$(deposited)" ] &&
        $B indicator verify --store "$S" --json | jq -e .ok >/dev/null &&
        $B ledger rebuild --check --store "$S" --json | jq -e .identical >/dev/null
}
# a storm on 2024-07-05: sells by the village, buys by E01 and E02, prices around the book
storm() { # N DAY → a request list
    jq -n --arg s "$SELLER" --arg d "$2" --argjson n "$1" '[range(0; $n) | {type: "order", date: $d,
        time: "10:\(10 + (. % 40)):00", instrument: "CCS-33",
        party: (if . % 3 == 0 then $s elif . % 3 == 1 then "E01" else "E02" end),
        side: (if . % 3 == 0 then "sell" else "buy" end),
        price: (8200 + (. * 37 % 11) * 10), units: (if . % 3 == 0 then 1000 else 1000 * (1 + . % 2) end)}]'
}
storm 2000 2024-07-05 > "$T/batch.json"
base=$(orders); bad=0; done_at=0
for i in $(seq 1 "$KILLS"); do
    $B market submit "$T/batch.json" --store "$S" --actor k >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf %03d $((RANDOM % 500)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    after=$(orders)
    invariants || bad=$((bad + 1))
    if [ "$after" != "$base" ]; then done_at=$i; break; fi
done
[ $bad -eq 0 ]; ok $? "$i batches of 2,000 orders killed at random points: money, units and the replay hold"
[ "$after" = "$base" ] || [ $((after - base)) = 2000 ]
ok $? "orders $base -> $after: none of the batch or all 2,000 ($done_at of $KILLS runs reached the end)"

# single orders, each acknowledged by its seq, killed mid-run
storm 300 2024-07-08 | jq -c '.[]' > "$T/singles.jsonl"
: > "$T/acked"
bad=0; start=$(orders)
for i in $(seq 1 "$KILLS"); do
    (n=0; while read -r line; do
        n=$((n + 1))
        [ $((n % KILLS)) = $((i - 1)) ] || continue
        printf '%s\n' "$line" > "$T/one.json"
        seq=$($B market submit "$T/one.json" --store "$S" --actor k --json 2>/dev/null | jq '.recorded[0]') || exit 0
        [ -n "$seq" ] && [ "$seq" != null ] && echo "$seq" >> "$T/acked"
    done < "$T/singles.jsonl") 2>/dev/null &
    loop=$!
    sleep "0.$(printf %03d $((RANDOM % 1000)))"
    kill -9 $loop 2>/dev/null
    # the client runs in a command substitution: a grandchild of the loop
    pkill -9 -f "market submit $T/one.json" 2>/dev/null
    wait $loop 2>/dev/null
    invariants || bad=$((bad + 1))
done
[ $bad -eq 0 ]; ok $? "$KILLS runs of single orders killed: money, units and the replay hold ($(orders) orders)"
missing=0
while read -r s; do
    [ "$(sqlite3 "$S" "SELECT type FROM ledger_event WHERE seq = $s")" = market.order ] || missing=$((missing + 1))
done < "$T/acked"
extra=$(( $(orders) - start - $(wc -l < "$T/acked") ))
[ "$missing" = 0 ] && [ "$extra" -ge 0 ] && [ "$extra" -le "$KILLS" ]
ok $? "every one of the $(wc -l < "$T/acked") acknowledged orders is in the ledger; $extra more were committed as their client was killed (at most one a kill)"
[ "$($B market trades CCS-33 --store "$S" --json | jq length)" -gt 4 ]
ok $? "the storm traded: $($B market trades CCS-33 --store "$S" --json | jq length) trades on CCS-33"
echo "1..$n"
