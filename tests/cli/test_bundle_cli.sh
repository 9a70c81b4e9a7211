#!/usr/bin/env bash
# `liangshan bundle` as a county's asset company and its appraiser use it (TAP output): an
# eco-tourism bundle (forest land, the trees on it, a reservoir's water surface, a service-point
# construction parcel) checked, valued both ways, reconciled and recorded, its figures worked by
# hand in Python (compensation.md §4.7); each bad bundle refused by its rule with nothing
# written; the approval by a second person; `ledger rebuild` replays it; on GeoPackage and on
# PostgreSQL.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/bcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
D=$(cd "$(dirname "$0")/../data" && pwd)
ECO=$D/bundle/eco-tourism.json

# the hand-worked bundle: each component by its own formula, the whole capitalised, stripped,
# allocated back in proportion and the floor price, written out independently of the C code
python3 - > "$T/expect.json" <<'P'
import json
def annuity(r, n): return (1 - (1 + r) ** -n) / r
def fen(x): return round(x * 100)
parts = [fen(900 / 0.06 * 16),                    # forest land, annuity B = A/P, 16 ha
         fen((60000 - 18000 - 6000) * 16),        # mature trees, E = W − C − F, 16 ha
         fen(2.5 * annuity(0.05, 30) * 40000),    # water surface, a/r·[1 − (1+r)^−n], 4 ha
         fen(100 * annuity(0.06, 40) * 1000)]     # construction parcel, 1,000 m²
whole = fen(400000 * annuity(0.06, 40))
stripped = whole - fen(1200000) - fen(150000)
total = sum(parts)
alloc = [stripped * p // total for p in parts]
rem = sorted(range(4), key=lambda i: (-(stripped * parts[i] % total), i))
for i in rem[: stripped - sum(alloc)]:
    alloc[i] += 1
floor = fen(1200000)
fp = -(-floor * total // parts[3])
fp = -(-fp // 100) * 100
print(json.dumps({"values": [p / 100 for p in parts], "sum": total / 100, "whole": whole / 100,
                  "stripped": stripped / 100, "synergy": (stripped - total) / 100,
                  "allocated": [a / 100 for a in alloc], "floor_price": fp / 100}))
P

walk() { # STORE LABEL
    local S=$1 L=$2
    $B registry init --store "$S" --county 331099 > /dev/null &&
        $B registry register --store "$S" --actor t "$D/registry/parties.json" > /dev/null &&
        $B registry register --store "$S" --actor t "$D/bundle/registry.json" > /dev/null
    ok $? "$L: the asset company's forest land and trees, water surface and construction parcel registered"
    local i=0 ok_all=0
    while read -r v; do
        i=$((i + 1))
        echo "$v" > "$T/v$i.json"
        $B value run "$T/v$i.json" --store "$S" --actor appraiser > /dev/null || ok_all=1
        case $(jq -r .valuation "$T/v$i.json") in
        *DRAFT) ;;
        *) $B value approve "$(jq -r .valuation "$T/v$i.json")" --date 2025-07-01 --store "$S" --actor chief > /dev/null || ok_all=1 ;;
        esac
    done < <(jq -c '.[]' "$D/bundle/valuations.json")
    [ $ok_all = 0 ]; ok $? "$L: the components' valuations recorded and approved (one left a draft)"

    h0=$($B ledger verify --store "$S" --json | jq -r .head)
    exits 0 "$L: bundle check" $B bundle check "$ECO" --store "$S" --json
    python3 - "$T/out" "$T/expect.json" <<'P'
import json, sys
r = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
c = r["components"]
assert [x["value"] for x in c] == e["values"], ([x["value"] for x in c], e["values"])
assert [x["allocated"] for x in c] == e["allocated"], ([x["allocated"] for x in c], e["allocated"])
assert round(sum(x["allocated"] for x in c), 2) == r["value"]
assert r["sum_components"] == e["sum"] and r["whole"]["value"] == e["whole"], r
assert r["whole"]["value_stripped"] == e["stripped"] == r["value"], r
assert r["synergy"] == e["synergy"] and r["floor_price"] == e["floor_price"], (r["synergy"], r["floor_price"], e)
assert r["reconciliation"]["rule"] == "whole_stripped"
assert [(o["a"], o["b"], o["plan_m2"], o["verdict"]) for o in r["overlaps"]] == [("B-F/land", "B-F/trees", 160000.0, "land_and_trees")], r["overlaps"]
assert [x["floor"] for x in c] == [None, None, None, 1200000.0]
P
    ok $? "$L: the figures worked by hand: Σ parts ¥$(jq .sum "$T/expect.json"), whole ¥$(jq .whole "$T/expect.json") − ¥1,350,000 stripped = ¥$(jq .stripped "$T/expect.json"), ΔV ¥$(jq .synergy "$T/expect.json"), allocated by largest remainder, floor price ¥$(jq .floor_price "$T/expect.json"); forest land and trees share 16 ha as land_and_trees"
    [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h0" ]; ok $? "$L: check writes nothing"

    # each bad bundle: its rule, nothing written
    bad() { # NAME RULE JQ-FILTER
        jq "$3" "$ECO" > "$T/bad.json"
        $B bundle record "$T/bad.json" --store "$S" --actor accountant > "$T/out" 2> "$T/err"
        [ $? = 1 ] && grep -q "rule bundle.$2\|rule $2" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h0" ]
        ok $? "$L: $1 → rule $2, nothing written: $(head -c 240 "$T/err")"
    }
    bad "the trees valued as land as well" double_count '.components[1].valuation = "BV-TREES-AS-LAND"'
    bad "a component valued on another date" valuation_date '.components[2].valuation = "BV-WATER-2024"'
    bad "a valuation that was never recorded" valuation '.components[2].valuation = "NO-SUCH"'
    bad "a component's valuation not yet approved" unapproved '.components[2].valuation = "BV-WATER-DRAFT"'
    bad "a valuation of another unit" valuation_subject '.components[2].valuation = "BV-LAND"'
    bad "a right the seller does not hold" seller '.components[3].right = "B-E/land"'
    bad "a right listed twice" duplicate '.components[3] = .components[2]'
    bad "an unknown right" right '.components[3].right = "NO/SUCH"'
    bad "an ownership right" right '.components[3].right = "331099001001GB00013W00000000/1"'
    bad "one component only" components '.components = [.components[0]]'
    bad "the whole without a reconciliation rule" reconciliation 'del(.reconciliation)'
    bad "weighted without a weight" reconciliation '.reconciliation = {"rule": "weighted"}'
    bad "stripping more than the whole is worth" strip '.whole.strip[0].value = 9000000'
    bad "a stripped asset without its basis" strip 'del(.whole.strip[1].basis)'
    bad "a discount rate not above the growth rate" income.rate_not_above_growth '.whole.inputs += {"form": "geometric", "s": 0.07}'
    bad "the whole by a comparison method" whole '.whole.method = "cost_approach"'
    # the whole worth less than the parts: the parcel's share, ¥1,504,629.69 × 3,000,000 /
    # 3,857,874.79 = ¥1,170,047, falls under its ¥1,200,000 floor
    bad "a share under its floor after reconciliation" floor '.whole.strip = [{"item": "hotel", "value": 3018518.75, "basis": "appraisal"}]'

    exits 0 "$L: bundle record" $B bundle record "$ECO" --store "$S" --actor accountant --recorded 2025-07-02T01:00:00Z --json
    cmp -s <(jq -S 'del(.seq)' "$T/out") <($B bundle check "$ECO" --store "$S" --json | jq -S .)
    ok $? "$L: ... the recorded report is the checked one"
    exits 1 "$L: the same bundle again is refused" $B bundle record "$ECO" --store "$S" --actor accountant
    grep -q "rule bundle.exists" "$T/err"; ok $? "$L: ... rule bundle.exists"
    # a second bundle, by the sum of its parts (no income of the whole), left unapproved
    jq '.bundle = "B-2025-ECO2" | .components = .components[2:] | del(.whole, .reconciliation)' "$ECO" > "$T/eco2.json"
    $B bundle record "$T/eco2.json" --store "$S" --actor accountant --json > "$T/o2.json" &&
        [ "$(jq -c '[.reconciliation.rule, .value, .synergy]' "$T/o2.json")" = "[\"sum\",$(jq '.values[2] + .values[3]' "$T/expect.json"),0]" ]
    ok $? "$L: a bundle without a whole is the sum of its parts, the rule recorded, ΔV 0"
    M() { $B market "$@" --store "$S" --actor centre; }
    BL() { M listing --listing "$1" --bundle "$2" --seller LSCO --start-price "$3" --increment 1000000 --reserve 480000000 \
        --open 2025-07-25T09:00:00 --close 2025-08-05T17:00:00 --date 2025-07-05 --json; }
    mbad() { # RULE NAME CMD...
        local rule=$1 name=$2; shift 2
        local h; h=$($B ledger verify --store "$S" --json | jq -r .head)
        "$@" > "$T/out" 2> "$T/err"
        [ $? = 1 ] && grep -q "rule $rule" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h" ]
        ok $? "$L: $name → rule $rule, nothing written: $(head -c 200 "$T/err")"
    }
    mbad listing.bundle "listing a bundle not yet approved" BL L-ECO2 B-2025-ECO2 470000000
    $B bundle approve B-2025-ECO1 --date 2025-07-03 --store "$S" --actor accountant 2>&1 | grep -q "rule bundle.same_person" &&
        $B bundle approve B-2025-ECO1 --date 2025-06-01 --store "$S" --actor chief 2>&1 | grep -q "rule bundle.date" &&
        $B bundle approve B-NONE --date 2025-07-03 --store "$S" --actor chief 2>&1 | grep -q "rule bundle.unknown" &&
        $B bundle approve B-2025-ECO1 --date 2025-07-03 --store "$S" --actor chief > /dev/null &&
        $B bundle approve B-2025-ECO1 --date 2025-07-04 --store "$S" --actor chief2 2>&1 | grep -q "rule bundle.approved"
    ok $? "$L: approval by a second person: the recorder, an early date, an unknown bundle and a second approval refused"
    $B bundle list --store "$S" --json > "$T/l.json" && $B bundle show B-2025-ECO1 --store "$S" --json > "$T/s.json" &&
        [ "$(jq -c '[.bundles[] | [.bundle, .components, .rule, .approved.by]]' "$T/l.json")" = '[["B-2025-ECO1",4,"whole_stripped","chief"],["B-2025-ECO2",2,"sum",null]]' ] &&
        [ "$(jq -r '.approved.date' "$T/s.json")" = 2025-07-03 ] &&
        [ "$($B bundle list --store "$S" --as-of 2025-06-29 --json | jq '.bundles | length')" = 0 ]
    ok $? "$L: list and show: the bundle approved by chief; nothing valued as of 2025-06-29"

    # the approved bundle on the venue (挂牌): no start below its floor price, its components
    # locked while it is listed, sold whole to E01, every right passing by its own transfer
    # registration in the deal's transaction
    fp=$(jq '.floor_price * 100 | round' "$T/expect.json")
    mbad listing.floor "a start price under the floor price (¥$(jq .floor_price "$T/expect.json"))" BL L-ECO1 B-2025-ECO1 $((fp - 100))
    mbad listing.bundle "an unknown bundle" BL L-ECO1 B-NONE 470000000
    BL L-ECO1 B-2025-ECO1 470000000 > "$T/l1.json" && [ "$(jq '.results[0].deposit' "$T/l1.json")" = 94000000 ]
    ok $? "$L: B-2025-ECO1 listed from ¥4,700,000, deposit ¥940,000 (20 %)"
    mbad listing.bundle_listed "the bundle listed twice" BL L-ECO1B B-2025-ECO1 470000000
    mbad listing.right_listed "one of its rights listed alone" M listing --listing L-W1 --right B-W/surface --seller LSCO \
        --start-price 160000000 --increment 1000000 --reserve 0 --open 2025-07-25T09:00:00 --close 2025-08-05T17:00:00 --date 2025-07-05
    M deposit --party E01 --amount 600000000 --bank-ref NB-B01 --date 2025-07-20 > /dev/null &&
        M register --listing L-ECO1 --party E01 --date 2025-07-26 --time 09:00:00 > /dev/null &&
        M bid --listing L-ECO1 --party E01 --price 480000000 --date 2025-07-28 --time 10:00:00 > /dev/null &&
        M close --listing L-ECO1 --date 2025-08-05 --time 17:00:00 --json > "$T/c1.json" &&
        [ "$(jq -c '[.results[0].trades[] | [.buyer, .price]]' "$T/c1.json")" = '[["E01",480000000]]' ]
    ok $? "$L: E01 bids ¥4,800,000 (the reserve) and wins at the close"
    holders=""
    for r in B-F/land B-F/trees B-W/surface B-C/land; do
        u=$(jq -r --arg r "$r" '.components[] | select(.right == $r) | .unit' "$T/s.json")
        holders="$holders$($B registry show "$u" --store "$S" --json | jq -r --arg r "$r" '[.. | objects | select(.id? == $r) | .holders[]?.party] | unique | join(",")') "
    done
    [ "$holders" = "E01 E01 E01 E01 " ] && [ "$(M account LSCO --json | jq .funds.available)" = $((480000000 - 2400000)) ]
    ok $? "$L: the register shows E01 holding all four rights ($holders); LSCO receives ¥4,800,000 less the 0.5 % fee"
    mbad listing.seller "the sold bundle listed again by LSCO" BL L-ECO1C B-2025-ECO1 470000000
    # E01 sells the same four rights on as its own bundle by sealed tender (招标): E03's higher
    # sealed bid wins, E02's hold is released, the rights pass to E03
    jq '.bundle = "B-2025-ECO3" | .seller = "E01"' "$ECO" > "$T/eco3.json"
    $B bundle record "$T/eco3.json" --store "$S" --actor accountant > /dev/null &&
        $B bundle approve B-2025-ECO3 --date 2025-08-20 --store "$S" --actor chief > /dev/null &&
        M listing --listing T-ECO3 --mode sealed --bundle B-2025-ECO3 --seller E01 --start-price 470000000 --reserve 480000000 \
            --open 2025-09-15T09:00:00 --close 2025-09-25T17:00:00 --date 2025-08-21 > /dev/null &&
        M deposit --party E03 --amount 600000000 --bank-ref NB-B03 --date 2025-09-01 > /dev/null &&
        M deposit --party E02 --amount 600000000 --bank-ref NB-B02 --date 2025-09-01 > /dev/null &&
        M register --listing T-ECO3 --party E03 --date 2025-09-15 --time 09:30:00 > /dev/null &&
        M register --listing T-ECO3 --party E02 --date 2025-09-15 --time 09:40:00 > /dev/null &&
        M bid --listing T-ECO3 --party E02 --price 490000000 --date 2025-09-16 --time 10:00:00 > /dev/null &&
        M bid --listing T-ECO3 --party E03 --price 505000000 --date 2025-09-17 --time 10:00:00 > /dev/null &&
        M close --listing T-ECO3 --date 2025-09-25 --time 17:00:00 --json > "$T/c3.json" &&
        [ "$(jq -c '[.results[0].trades[] | [.buyer, .price]]' "$T/c3.json")" = '[["E03",505000000]]' ] &&
        [ "$($B registry show 331099001001JN00012W00000000 --store "$S" --json | jq -r '[.. | objects | select(.id? == "B-W/surface") | .holders[]?.party] | unique | join(",")')" = E03 ] &&
        [ "$(M account E02 --json | jq .funds.held)" = 0 ]
    ok $? "$L: E01's bundle of the same rights sold by sealed tender: E03's ¥5,050,000 beats E02's ¥4,900,000, E02's hold released, the rights pass to E03"
    $B ledger rebuild --store "$S" --check --json > "$T/rb.json" &&
        jq -e '.identical and ([.tables[] | select(.table == "bnd_bundle" or .table == "bnd_component") | .rows_after] == [3, 10])' "$T/rb.json" > /dev/null
    ok $? "$L: ledger rebuild replays bnd_bundle (3 rows), bnd_component (10), the listings and the transfers identically"
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
