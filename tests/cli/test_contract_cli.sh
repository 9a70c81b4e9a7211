#!/usr/bin/env bash
# `liangshan contract` as a county bureau uses it (TAP output): a paid-use contract (有偿使用合同)
# that transfers a water surface and a service plot to E01 with an intensity cap, and a
# supervision agreement (监管协议) binding the asset company to keep and restore its forest;
# two survey years (tests/data/contract/survey-*.geojson, drawn by hand) held against them —
# the first all met, the second a breach of the cap, a breach of the forest share past its
# deadline and progress on a restoration still due; the figures against the hand-drawn areas;
# each bad contract refused by its rule with nothing written; a repeated check changes nothing;
# `ledger rebuild` replays it all; on GeoPackage and on PostgreSQL.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/ccli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
D=$(cd "$(dirname "$0")/../data" && pwd)
for y in 2025 2026; do
    ogr2ogr -f GPKG "$T/survey-$y.gpkg" "$D/contract/survey-$y.geojson" -nln landuse_patch -a_srs EPSG:4528 2> /dev/null
done
[ -s "$T/survey-2025.gpkg" ] && [ -s "$T/survey-2026.gpkg" ]; ok $? "two survey years drawn by hand, as GeoPackages"
jq -c '.[0]' "$D/contract/contracts.json" > "$T/ht.json"
jq -c '.[1]' "$D/contract/contracts.json" > "$T/jg.json"
U_C=331099001001GB00013W00000000
U_F=331099001001JL00011W00000000

walk() { # STORE LABEL
    local S=$1 L=$2
    $B registry init --store "$S" --county 331099 > /dev/null &&
        $B registry register --store "$S" --actor t "$D/registry/parties.json" > /dev/null &&
        $B registry register --store "$S" --actor t "$D/bundle/registry.json" > /dev/null
    ok $? "$L: the asset company's water surface, service plot and forest registered"
    h0=$($B ledger verify --store "$S" --json | jq -r .head)
    bad() { # NAME RULE JQ-FILTER FILE
        jq "$3" "$4" > "$T/bad.json"
        $B contract sign "$T/bad.json" --store "$S" --actor registrar > "$T/out" 2> "$T/err"
        [ $? = 1 ] && grep -q "rule contract.$2" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h0" ]
        ok $? "$L: $1 → rule contract.$2, nothing written: $(head -c 220 "$T/err")"
    }
    bad "a condition on an unknown unit" unit '.conditions[0].unit = "331099001001GB09999W00000000"' "$T/ht.json"
    bad "a condition on a unit the contract does not cover" unit_outside ".conditions[0].unit = \"$U_F\"" "$T/ht.json"
    bad "payments that do not sum to the price" schedule '.price.schedule[1].amount = 1500000' "$T/ht.json"
    bad "a payment due before the signing" schedule '.price.schedule[0].due = "2025-06-30"' "$T/ht.json"
    bad "a right held by a third party" holder '.subject.rights += ["B-E/land"]' "$T/ht.json"
    bad "a term past the right's own" term '.term_end = "2070-12-31"' "$T/ht.json"
    bad "an unknown grantee" party '.grantee = "NOBODY"' "$T/ht.json"
    bad "a cap with two targets" target '.conditions[0].max_share = 0.5' "$T/ht.json"
    bad "a restoration duty without a deadline" deadline 'del(.conditions[0].deadline)' "$T/jg.json"
    bad "a share above 1" target '.conditions[0].min_share = 1.2' "$T/jg.json"
    bad "an ownership right as the subject" right ".subject.rights = [\"$U_C/1\"]" "$T/ht.json"

    exits 0 "$L: the paid-use contract signed" $B contract sign "$T/ht.json" --store "$S" --actor registrar --json
    [ "$(jq -c '[.rights[] | [.right, .transfer]]' "$T/out")" = '[["B-W/surface",true],["B-C/land",true]]' ] &&
        [ "$($B registry show $U_C --store "$S" --json | jq -r '[.. | objects | select(.id? == "B-C/land") | .holders[]?.party] | unique | join(",")')" = E01 ]
    ok $? "$L: ... both rights pass to E01 by transfer registrations in the signing's transaction"
    exits 1 "$L: the same contract again is refused" $B contract sign "$T/ht.json" --store "$S" --actor registrar
    grep -q "rule contract.exists" "$T/err"; ok $? "$L: ... rule contract.exists"
    exits 0 "$L: the supervision agreement signed (the forest stays with its holder)" $B contract sign "$T/jg.json" --store "$S" --actor registrar --json
    [ "$(jq -c '[.rights[].transfer]' "$T/out")" = '[false,false]' ]; ok $? "$L: ... nothing transferred"

    exits 0 "$L: the 2025 survey held against the contracts" $B contract check --date 2025-12-31 --survey "$T/survey-2025.gpkg" --year 2025 --store "$S" --actor inspector --json
    cp "$T/out" "$T/c25.json"
    python3 - "$T/c25.json" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
res = {(c["contract"], x["condition"]): x for c in r["checks"] for x in c["results"]}
near = lambda a, b: abs(a - b) <= 1e-3 * b
# by hand: the plot 20 m × 25 m built (500 m²), the forest 400 m × 400 m whole (160,000 m²)
assert near(res[("HT-2025-001", "C1")]["figure"], 500) and res[("HT-2025-001", "C1")]["outcome"] == "met"
assert abs(res[("JG-2025-001", "C1")]["figure"] - 1) < 1e-9 and res[("JG-2025-001", "C1")]["outcome"] == "met"
assert near(res[("JG-2025-001", "C2")]["figure"], 160000) and res[("JG-2025-001", "C2")]["outcome"] == "met"
assert r["breaches"] == 0 and len(r["evidence"]["sha256"]) == 64 and r["evidence"]["year"] == 2025
P
    ok $? "$L: 2025: built 500 m² under the 800 m² cap; forest 100 % and 160,000 m²: all met, the survey's SHA-256 recorded"
    exits 0 "$L: the 2026 survey" $B contract check --date 2026-12-31 --survey "$T/survey-2026.gpkg" --year 2026 --store "$S" --actor inspector --json
    python3 - "$T/out" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
res = {(c["contract"], x["condition"]): x for c in r["checks"] for x in c["results"]}
near = lambda a, b: abs(a - b) <= 1e-3 * b
# by hand: the whole plot built (1,000 m²); one hectare of the forest cleared for industry
assert near(res[("HT-2025-001", "C1")]["figure"], 1000) and res[("HT-2025-001", "C1")]["outcome"] == "breach"
assert abs(res[("JG-2025-001", "C1")]["figure"] - 0.9375) < 1e-5 and res[("JG-2025-001", "C1")]["outcome"] == "breach"
assert near(res[("JG-2025-001", "C2")]["figure"], 150000) and res[("JG-2025-001", "C2")]["outcome"] == "progress"
assert r["breaches"] == 2
P
    ok $? "$L: 2026: the cap broken (1,000 m²), the forest share 15/16 past its deadline: two breaches; 150,000 m² of 155,000 by 2027: progress"
    h1=$($B ledger verify --store "$S" --json | jq -r .head)
    $B contract check --date 2026-12-31 --survey "$T/survey-2026.gpkg" --year 2026 --store "$S" --actor inspector --json > "$T/again.json" &&
        [ "$(jq '[(.checks | length), (.already | length)]' -c "$T/again.json")" = '[0,3]' ] && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h1" ]
    ok $? "$L: the same survey again changes nothing (3 conditions already judged against it)"
    $B contract show JG-2025-001 --store "$S" --json > "$T/jg-show.json" &&
        [ "$(jq -c '[.conditions[] | [.id, .state]]' "$T/jg-show.json")" = '[["C1","breach"],["C2","progress"]]' ] &&
        [ "$(jq '.breaches | length' "$T/jg-show.json")" = 1 ] && [ "$(jq -r '.breaches[0].evidence.year' "$T/jg-show.json")" = 2026 ] &&
        [ "$($B contract list --store "$S" --json | jq -c '[.contracts[] | [.contract, .in_breach]]')" = '[["HT-2025-001",1],["JG-2025-001",1]]' ] &&
        [ "$($B contract list --store "$S" --party E01 --json | jq '.contracts | length')" = 1 ]
    ok $? "$L: show gives each condition's state and the breach with its evidence (2026); list counts one breach each; E01 has one contract"
    $B ledger rebuild --store "$S" --check --json > "$T/rb.json" &&
        jq -e '.identical and ([.tables[] | select(.table | startswith("con_")) | .rows_after] == [2, 3, 6, 4])' "$T/rb.json" > /dev/null
    ok $? "$L: ledger rebuild replays con_contract (2), con_condition (3), con_check (6) and con_right (4) identically"
}

walk "$T/store.gpkg" gpkg
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
if PG=$("$SD/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr"); then
    trap '"$SD/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD" "$T"' EXIT
    walk "$PG" postgres
else
    echo "ok $((n + 1)) # SKIP PostgreSQL server not installed"; n=$((n + 1))
    rm -rf "$PGD"
fi
echo "1..$n"
