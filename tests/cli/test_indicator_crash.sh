#!/usr/bin/env bash
# Crash proofs for the indicator register (issue 19): a writer killed with SIGKILL at random
# points of a batch of 1,000 requests (one transaction) or of a run of single requests
# leaves the store before or after each transaction, never between — `indicator verify`
# finds every invariant true (issued = held + locked + retired + cancelled + deducted, each
# serial in one place, the model replayed from the ledger equal to the projection) and a
# replay reproduces the projections exactly. On the demo county's store (GeoPackage).
# RANDOM is seeded: the kill points are the same on every run.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/icrash.XXXXXX")
. "$(dirname "$0")/tap.sh"
RANDOM=20261206
KILLS=${LS_CRASH_KILLS:-12}

$B demo --out "$T/c" --seed 1 >/dev/null; ok $? "demo county with its indicators"
S=$T/c/store.gpkg
events() { $B ledger verify --store "$S" --json | jq -r .events; }
invariants() { # 0 when indicator verify and the replay both hold
    $B indicator verify --store "$S" --json | jq -e .ok >/dev/null &&
        $B ledger rebuild --check --store "$S" --json | jq -e .identical >/dev/null
}
# 4,000 transfers of 7 units from the county reserve, alternately to two enterprises, and
# a lock and an unlock: one request list, one transaction
jq -n '[range(0; 4000) | {type: "transfer", date: "2024-05-01", from: "reserve:331099",
    to: (if . % 2 == 0 then "E01" else "E02" end), units: {CRQ: 7}}]
    + [{type: "lock", date: "2024-05-01", holder: "E01", reason: "挂牌", units: {CRQ: 100}},
       {type: "unlock", date: "2024-05-01", holder: "E01", units: {CRQ: 50}}]' > "$T/batch.json"

base=$(events); bad=0; done_at=0
for i in $(seq 1 "$KILLS"); do
    $B indicator submit "$T/batch.json" --store "$S" --actor k >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf %03d $((RANDOM % 600)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    after=$(events)
    invariants || bad=$((bad + 1))
    if [ "$after" != "$base" ]; then done_at=$i; break; fi
done
[ $bad -eq 0 ]; ok $? "$i batches killed at random points: every invariant holds, replay equals projections"
[ "$after" = "$base" ] || [ $((after - base)) = 4002 ]
ok $? "events $base -> $after: none of the batch or all 4,002 requests ($done_at of $KILLS runs reached the end)"

# single requests killed mid-run
for i in $(seq 1 300); do
    printf '{"type":"transfer","date":"2024-06-01","from":"reserve:331099","to":"E03","units":{"CRQ":3}}\n'
done > "$T/singles.jsonl"
bad=0
for i in $(seq 1 "$KILLS"); do
    (while read -r line; do
        printf '%s\n' "$line" > "$T/one.json"
        $B indicator submit "$T/one.json" --store "$S" --actor k >/dev/null 2>&1 || exit 0
    done < "$T/singles.jsonl") 2>/dev/null &
    loop=$!
    sleep "0.$(printf %03d $((RANDOM % 1000)))"
    pkill -9 -P $loop liangshan 2>/dev/null
    kill -9 $loop 2>/dev/null
    wait $loop 2>/dev/null
    invariants || bad=$((bad + 1))
done
[ $bad -eq 0 ]; ok $? "$KILLS runs of single requests killed: every invariant holds ($(events) events)"
# what the reserve lost is exactly what E01, E02 and E03 hold: no unit made or lost
$B indicator report --store "$S" --json > "$T/r.json"
jq -e '.counties["331099"].accounts | to_entries | all(.value | .issued == .active + .locked + .retired + .cancelled + .deducted)' "$T/r.json" >/dev/null
ok $? "the report's identity holds on every account after the kills"
echo "1..$n"
