#!/usr/bin/env bash
# `liangshan value` as an appraiser uses it (TAP output): the reference's worked examples run
# from request files and checked to the yuan, the report folder's three files (the workbook's
# cells read back with Python's zipfile), the same request giving the same bytes, a province's
# own scheme file, and each bad request refused by its rule with nothing written; valuations
# recorded on a store's ledger (GeoPackage and PostgreSQL), read back as of a date, refused
# when their id is taken or their unit unknown, and replayed by `ledger rebuild`.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/vcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
trap 'rm -rf "$T"' EXIT
SCHEME=$(cd "$(dirname "$0")/../../data/valuation" && pwd)/cn-2021.json

cat > "$T/income.json" <<'J'
{"valuation": "V-2024-001", "date": "2024-06-30", "subject": {"unit": "331099001001GB00001W00000000"},
 "method": "income_capitalisation", "inputs": {"a": 100, "r": 0.06, "n": 40}, "quantity": 1200,
 "floor": {"basis": "amount", "amount": 1500000, "source": "工业用地出让最低价标准 (test)"}}
J
exits 0 "value run: the income worked example" $B value run "$T/income.json" --json --out "$T/rep"
[ "$(jq .unit_value "$T/out")" = 1504.63 ] && [ "$(jq .value "$T/out")" = 1805555.62 ] &&
    [ "$(jq .floor.met "$T/out")" = true ] && [ "$(jq -r .scheme.id "$T/out")" = cn-2021 ] &&
    [ "$(jq -r .request_sha256 "$T/out" | wc -c)" = 65 ]
ok $? "¥1,504.63/m² (a = 100, r = 6 %, n = 40) × 1,200 m² = ¥1,805,555.62; the floor of ¥1,500,000 met"

[ -s "$T/rep/report.json" ] && [ -s "$T/rep/report.html" ] && [ -s "$T/rep/report.xlsx" ] &&
    cmp -s <(jq -S . "$T/rep/report.json") <(jq -S . "$T/out") &&
    grep -q '1504.63' "$T/rep/report.html" && grep -q '收益还原法' "$T/rep/report.html" &&
    python3 - "$T/rep/report.xlsx" <<'P'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
sheet = z.read("xl/worksheets/sheet1.xml").decode()
nums = [float(v) for v in re.findall(r"<v>([0-9.e+-]+)</v>", sheet)]
assert "income_capitalisation" in shared and "V-2024-001" in shared, shared
assert 1504.63 in nums and 1805555.62 in nums, nums
assert len(z.read("xl/worksheets/sheet2.xml")) > 200
P
ok $? "the report folder: report.json (as printed), report.html (method and value), report.xlsx (its cells read back)"

mv "$T/rep" "$T/rep1"
$B value run "$T/income.json" --out "$T/rep" > /dev/null &&
    cmp -s "$T/rep/report.json" "$T/rep1/report.json" && cmp -s "$T/rep/report.html" "$T/rep1/report.html" &&
    cmp -s "$T/rep/report.xlsx" "$T/rep1/report.xlsx"
ok $? "the same request twice: the same bytes in all three files"
exits 1 "an existing report folder is refused without --force" $B value run "$T/income.json" --out "$T/rep"
exits 0 "... and replaced with --force" $B value run "$T/income.json" --out "$T/rep" --force

cat > "$T/forest.json" <<'J'
{"valuation": "F-1", "date": "2024-06-30", "method": "forest_stand", "quantity": 12.5,
 "inputs": {"age_class": "middle", "K": 0.9, "A_u": 60000, "thinnings": [{"age": 16, "income": 3000}],
            "P": 0.06, "V": 150, "u": 26, "n": 14}}
J
exits 0 "a middle-aged stand" $B value run "$T/forest.json"
grep -q "unit value 27911.43 yuan/ha × 12.5 = 348892.92 yuan" "$T/out" && grep -q harvest "$T/out"
ok $? "a middle-aged stand by harvest present value: ¥27,911/ha (the reference's example) × 12.5 ha"

cat > "$T/sea.json" <<'J'
{"valuation": "S-1", "date": "2024-06-30", "method": "income_capitalisation", "quantity": 2,
 "inputs": {"a": 15000, "r": 0.06, "n": 10},
 "floor": {"basis": "sea_fee", "use": "permeable_structure", "class": 1, "area_ha": 2, "years": 10}}
J
exits 0 "a sea-area right below its fee" $B value run "$T/sea.json" --json
[ "$(jq .floor.amount "$T/out")" = 600000 ] && [ "$(jq .floor.met "$T/out")" = false ] &&
    [ "$(jq -r .floor.detail.rate_unit "$T/out")" = "万元/ha·yr" ]
ok $? "a sea-area right valued at ¥220,802 is below its 海域使用金 of ¥600,000 (3 万元/ha a year, class 1, 2 ha, 10 years): floor not met"

# a province's own scheme: Henan's table replaced by a file where grade 7 counts 1.10
jq '.id = "henan-test" | .farmland.quality_equivalent["41"].grades["7"] = 1.10' "$SCHEME" > "$T/henan.json"
cat > "$T/farm.json" <<'J'
{"date": "2024-06-30", "method": "farmland_grade", "inputs": {"use_index": 1606, "province": "41"}}
J
$B value run "$T/farm.json" --json > "$T/a.json" && $B value run "$T/farm.json" --scheme "$T/henan.json" --json > "$T/b.json" &&
    [ "$(jq .result.grade "$T/a.json")" = 7 ] && [ "$(jq .result.quality_equivalent "$T/a.json")" = 1.06 ] &&
    [ "$(jq .result.quality_equivalent "$T/b.json")" = 1.1 ] && [ "$(jq -r .scheme.id "$T/b.json")" = henan-test ] &&
    [ "$(jq -r .scheme.sha256 "$T/b.json")" = "$(sha256sum "$T/henan.json" | cut -d' ' -f1)" ]
ok $? "farmland: use index 1,606 is national grade 7, Henan coefficient 1.06; a scheme file of the province's own gives its 1.10 and is named by id and SHA-256"

refuse() { # name rule field request
    echo "$4" > "$T/bad.json"
    $B value run "$T/bad.json" --json --out "$T/bad" > "$T/out" 2> "$T/err"
    local rc=$?
    [ $rc = 1 ] && jq -r .error.message "$T/out" | grep -q "rule $2:" && [ "$(jq -r .error.field "$T/out")" = "$3" ] && [ ! -e "$T/bad" ]
    ok $? "$1: rule $2, field $3, nothing written (exit $rc)"
}
refuse "a factor the method needs is missing" input.missing inputs.r \
    '{"date":"2024-06-30","method":"income_capitalisation","inputs":{"a":100,"n":40}}'
refuse "a comparable outside its validity window" comparison.validity "comparables[2]" \
    '{"date":"2024-06-30","method":"market_comparison","inputs":{"comparables":[{"price":1,"date":"2024-01-01"},{"price":1,"date":"2023-01-01"},{"price":1,"date":"2019-01-01"}]}}'
refuse "a discount rate not above the growth rate" income.rate_not_above_growth s \
    '{"date":"2024-06-30","method":"income_capitalisation","inputs":{"form":"geometric","a":100,"r":0.05,"s":0.07,"n":40}}'
refuse "a rate given in per cent" input.rate r \
    '{"date":"2024-06-30","method":"income_capitalisation","inputs":{"a":100,"r":6,"n":40}}'
refuse "an unknown sea use" sea_fee.use use \
    '{"date":"2024-06-30","method":"sea_fee","inputs":{"use":"yacht","area_ha":1}}'
refuse "an unknown forest age class" forest.age_class age_class \
    '{"date":"2024-06-30","method":"forest_stand","inputs":{"age_class":"ancient"}}'
exits 1 "a request that is not JSON" $B value run "$SCHEME.nope"
exits 1 "an unknown scheme" $B value run "$T/income.json" --scheme nowhere
exits 0 "value methods" $B value methods --json
[ "$(jq '.methods | length' "$T/out")" = 11 ] && [ "$(jq -r '.schemes[0].id' "$T/out")" = cn-2021 ] &&
    [ "$(jq -r '[.methods[].family] | unique | join(",")' "$T/out")" = "comparison,cost,grading,income,published_price,stripping" ]
ok $? "value methods: 11 methods over the five TD/T 1061 paths and grading; the built-in scheme cn-2021"

D=$(cd "$(dirname "$0")/../data/registry" && pwd)
U1=331099001001JD00001W00000000
ledger_walk() { # STORE LABEL
    local S=$1 L=$2
    $B registry init --store "$S" --county 331099 > /dev/null &&
        $B registry register --store "$S" --actor t "$D/parties.json" > /dev/null &&
        $B registry register --store "$S" --actor t "$D/units.json" > /dev/null
    ok $? "$L: a store with the registry's test units"
    jq --arg u $U1 '.subject.unit = $u' "$T/income.json" > "$T/r1.json"
    jq --arg u $U1 '.valuation = "V-2025-002" | .date = "2025-06-30" | .subject.unit = $u | .inputs.a = 110' "$T/income.json" > "$T/r2.json"
    h0=$($B ledger verify --store "$S" --json | jq -r .head)
    $B value run "$T/r1.json" --store "$S" --actor appraiser --recorded 2024-07-01T02:00:00Z --json > "$T/o1.json" &&
        $B value run "$T/r2.json" --store "$S" --actor appraiser --json > "$T/o2.json" &&
        [ "$(jq .value "$T/o1.json")" = 1805555.62 ] && [ "$(jq .seq "$T/o2.json")" -gt "$(jq .seq "$T/o1.json")" ]
    ok $? "$L: two valuations of $U1 recorded on the ledger (seq $(jq .seq "$T/o1.json") and $(jq .seq "$T/o2.json"))"
    $B value show V-2024-001 --store "$S" --json > "$T/s.json" &&
        [ "$(jq -r .actor "$T/s.json")" = appraiser ] &&
        cmp -s <(jq -S 'del(.seq, .actor, .approved)' "$T/s.json") <(jq -S 'del(.seq)' "$T/o1.json") &&
        [ "$($B value list --store "$S" --unit $U1 --as-of 2024-12-31 --json | jq -c '[.valuations[].valuation]')" = '["V-2024-001"]' ] &&
        [ "$($B value list --store "$S" --unit $U1 --json | jq -c '[.valuations[] | [.valuation, .value]]')" = '[["V-2024-001",1805555.62],["V-2025-002",1986111.19]]' ]
    ok $? "$L: show gives the report as recorded; list as of 2024-12-31 has the first only, without a date both (¥1,986,111.19 at a = 110)"
    h1=$($B ledger verify --store "$S" --json | jq -r .head)
    exits 1 "$L: the same valuation id again is refused" $B value run "$T/r1.json" --store "$S" --actor appraiser
    grep -q "rule valuation.exists" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h1" ]
    ok $? "$L: ... rule valuation.exists, nothing written"
    jq '.valuation = "V-X" | .subject.unit = "331099999999JD99999W00000000"' "$T/income.json" > "$T/r3.json"
    exits 1 "$L: a valuation of an unregistered unit is refused" $B value run "$T/r3.json" --store "$S" --actor appraiser
    grep -q "rule valuation.unit" "$T/err" && [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$h1" ] && [ "$h0" != "$h1" ]
    ok $? "$L: ... rule valuation.unit, nothing written"
    jq 'del(.valuation)' "$T/income.json" > "$T/r4.json"
    exits 1 "$L: recording needs the valuation id" $B value run "$T/r4.json" --store "$S" --actor appraiser
    h2=$($B value approve V-2024-001 --date 2024-07-02 --store "$S" --actor appraiser 2>&1; $B ledger verify --store "$S" --json | jq -r .head)
    echo "$h2" | grep -q "rule valuation.same_person" && [ "$(echo "$h2" | tail -1)" = "$h1" ] &&
        $B value approve V-2024-001 --date 2024-06-01 --store "$S" --actor chief 2>&1 | grep -q "rule valuation.date" &&
        $B value approve V-NONE --date 2024-07-02 --store "$S" --actor chief 2>&1 | grep -q "rule valuation.unknown" &&
        $B value approve V-2024-001 --date 2024-07-02 --store "$S" --actor chief --json > "$T/ap.json" &&
        $B value approve V-2024-001 --date 2024-07-03 --store "$S" --actor chief2 2>&1 | grep -q "rule valuation.approved" &&
        [ "$($B value list --store "$S" --json | jq -c '[.valuations[] | [.valuation, (.approved.by // null)]]')" = '[["V-2024-001","chief"],["V-2025-002",null]]' ] &&
        [ "$($B value show V-2024-001 --store "$S" --json | jq -c '[.approved.by, .approved.date, .approved.seq == '"$(jq .seq "$T/ap.json")"']')" = '["chief","2024-07-02",true]' ]
    ok $? "$L: approval by another than the recorder (four eyes): the recorder, a date before the valuation, an unknown id and a second approval refused by their rules; chief's approval shown in list and show"
    $B ledger rebuild --store "$S" --check --json | jq -e '.identical and ([.tables[] | select(.table == "val_report") | .rows_after] == [2])' > /dev/null &&
        $B ledger verify --store "$S" --json | jq -e .ok > /dev/null
    ok $? "$L: ledger rebuild replays val_report identically (2 rows); the chain verifies"
}
rm -f "$T/store.gpkg"
ledger_walk "$T/store.gpkg" gpkg
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
if PG=$("$SD/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr"); then
    trap '"$SD/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD" "$T"' EXIT
    ledger_walk "$PG" postgres
else
    echo "ok $((n + 1)) # SKIP PostgreSQL server not installed"; n=$((n + 1))
    rm -rf "$PGD"
fi
echo "1..$n"
