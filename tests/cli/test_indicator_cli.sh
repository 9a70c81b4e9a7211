#!/usr/bin/env bash
# `liangshan indicator` on the hand-built control layers of tests/data/zoning (see its
# README) with a baseline survey made from them: patch A (0101, KCXS 0.1, grade 5) was
# grassland (0404) in the baseline, patch D (0301, in the red line) a homestead (0702), and
# the natural shoreline at x = 1950 artificial. Hand-worked acceptance (a reclaimed square,
# a parcel half in the red line, a parcel already cropland, a withdrawal, a shoreline whose
# length is checked against PROJ's geod), then issuance, transfer, an obligation from a
# `liangshan check`, retirement with its rules, deduction, history, report, verify and
# ledger rebuild.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/icli.XXXXXX")
. "$(dirname "$0")/tap.sh"
Z=$(cd "$(dirname "$0")/../data/zoning" && pwd)
D=$(cd "$(dirname "$0")/../data/registry" && pwd)
G=$T/county.gpkg
BL=$T/baseline.gpkg
for l in county eco_redline core_zone basic_farmland urban_boundary landuse_patch shoreline; do
    ogr2ogr -f GPKG -update -append "$G" "$Z/$l.geojson" -nln $l 2>/dev/null
done
jq '.features |= map(if .properties.TBBH == "A" then .properties.DLBM = "0404"
    elif .properties.TBBH == "D" then .properties.DLBM = "0702" else . end)' "$Z/landuse_patch.geojson" > "$T/bp.geojson"
jq '.features |= map(.properties.AXLX = "人工岸线")' "$Z/shoreline.geojson" > "$T/bs.geojson"
ogr2ogr -f GPKG "$BL" "$T/bp.geojson" -nln landuse_patch 2>/dev/null &&
    ogr2ogr -f GPKG -update -append "$BL" "$T/bs.geojson" -nln shoreline 2>/dev/null
[ -s "$G" ] && [ -s "$BL" ]; ok $? "the later survey and a baseline survey built from the hand-made layers"

walk() { # STORE LABEL TAMPER-COMMAND: the whole walk on one store
    S=$1 L=$2 TAMPER=$3
    I() { $B indicator "$@" --store "$S" --actor tester; }
    $B registry init --store "$S" --county 331099 > /dev/null &&
        $B registry register --store "$S" --actor t "$D/parties.json" > /dev/null
    ok $? "$L: a store with the registry's test parties"
    sq() { # x0 y0 x1 y1 (offsets) → WKT polygon
        awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { X = 40500000; Y = 3200000;
            printf "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))", X+a, Y+b, X+c, Y+b, X+c, Y+d, X+a, Y+d, X+a, Y+b }'
    }
    SHA=$(printf 'acceptance report' | sha256sum | cut -d' ' -f1)
    project() { # no class wkt
        printf '{"type":"project","date":"2025-03-01","project":"%s","class":"%s","name":"%s","county":"331099","owner":"V01","evidence":[{"name":"验收报告.pdf","sha256":"%s"}],"footprint":"%s"}' \
            "$1" "$2" "$1" "$SHA" "$3" > "$T/$1.json"
        I project "$T/$1.json" > /dev/null
    }
    project R1 cropland "$(sq 1000 1000 1500 1500)"; ok $? "$L: project R1: a reclaimed square inside patch A"
    project R2 cropland "$(sq 1000 0 1500 500)"; ok $? "$L: project R2: a square of patch B, cropland before and after"
    project R3 cropland "$(sq 750 1000 1250 1500)"; ok $? "$L: project R3: a square half in the red line"
    project W1 redline_withdrawal "$(sq 200 1500 600 1900)"; ok $? "$L: project W1: a homestead in the red line, now forest"
    project S1 shoreline "LINESTRING(40501950 3200200,40501950 3200700)"; ok $? "$L: project S1: 500 m of the shoreline"
    I project "$T/R1.json" 2> "$T/err"; [ $? = 1 ] && grep -q "rule project.unique" "$T/err"
    ok $? "$L: a project number registered twice is refused by its rule"

    # R1: new cropland 500 × 500 m, net of KCXS 0.1, all paddy (0101), grade 5
    I accept R1 --data "$G" --baseline "$BL" --date 2025-06-30 --json > "$T/a1.json"; ok $? "$L: accept R1"
    $B check --data "$G" --category residential --wkt "$(sq 1000 1000 1500 1500)" --json > "$T/c1.json"
    ell=$(jq '.ellipsoidal_area_m2' "$T/c1.json")
    want=$(awk -v a="$ell" 'BEGIN { printf "%d", a * 0.9 }')
    [ "$(jq '.quantities.CRQ' "$T/a1.json")" = "$want" ] && [ "$(jq '.quantities.CRP' "$T/a1.json")" = "$want" ] &&
        [ "$(jq '.attributes.quality_grade' "$T/a1.json")" = 5 ] && [ "$(jq '.quantities.CRC > 0' "$T/a1.json")" = true ]
    ok $? "$L: R1: quantity = paddy = ⌊0.9 × ellipsoidal area⌋ = $want m² (area $ell from check), grade 5"
    # never counted twice: a second project on R1's parcel (here its eastern half) is refused
    project R4 cropland "$(sq 1250 1000 1500 1500)" &&
        I accept R4 --data "$G" --baseline "$BL" --date 2025-07-01 --json > "$T/a4.json" 2> "$T/err"
    [ $? = 1 ] && grep -q "rule accept.counted_once" "$T/err" &&
        [ "$(jq -r '.rules[] | select(.rule == "accept.counted_once") | .figures.projects[0]' "$T/a4.json")" = R1 ]
    ok $? "$L: R4, half of R1's parcel, refused: the parcel is counted once (R1)"
    head1=$($B ledger verify --store "$S" --json | jq -r .head)
    I accept R2 --data "$G" --baseline "$BL" --date 2025-06-30 --json > "$T/a2.json" 2> "$T/err"
    [ $? = 1 ] && grep -q "rule reclaim.baseline_not_cropland" "$T/err" &&
        [ "$(jq -r '.rules[] | select(.rule == "reclaim.baseline_not_cropland") | .passed' "$T/a2.json")" = false ]
    ok $? "$L: R2: refused, the parcel was cropland in the baseline survey"
    I accept R3 --data "$G" --baseline "$BL" --date 2025-06-30 --json > "$T/a3.json" 2> "$T/err"
    [ $? = 1 ] && [ "$(jq -r '.rules[] | select(.rule == "reclaim.outside_redline") | .passed' "$T/a3.json")" = false ] &&
        awk -v s="$(jq '.rules[] | select(.rule == "reclaim.outside_redline") | .figures.share' "$T/a3.json")" 'BEGIN { exit !(s > 0.499 && s < 0.501) }'
    ok $? "$L: R3: refused, half of it (share 0.5) in the red line"
    [ "$($B ledger verify --store "$S" --json | jq -r .head)" = "$head1" ]; ok $? "$L: ... refusals wrote nothing"
    I reject R2 --reason "基期已为耕地" --date 2025-07-01 > /dev/null; ok $? "$L: R2 rejected with its reason"
    I accept W1 --data "$G" --baseline "$BL" --date 2025-06-30 --json > "$T/w1.json"; ok $? "$L: accept W1"
    $B check --data "$G" --category residential --wkt "$(sq 200 1500 600 1900)" --json > "$T/c2.json"
    wantw=$(jq '.ellipsoidal_area_m2 | floor' "$T/c2.json")
    [ "$(jq '.quantities.RLW' "$T/w1.json")" = "$wantw" ]; ok $? "$L: W1: credit = ⌊area × k⌋ with k = 1: $wantw m²"
    I accept S1 --data "$G" --baseline "$BL" --date 2025-06-30 --json > "$T/s1.json"; ok $? "$L: accept S1"
    # the geodesic by PROJ's geod on GRS80 (CGCS2000's ellipsoid) between the ends in lon/lat
    # (EPSG:4528 and 4490 take northing or latitude first: the authority's axis order)
    m=$(printf '3200200 40501950\n3200700 40501950\n' | cs2cs -f %.12f EPSG:4528 EPSG:4490 |
        awk '{ printf "%s %s ", $1, $2 }' | geod +ellps=GRS80 -I -f %.9f -F %.6f | awk '{ print $3 }')
    cm=$(awk -v m="$m" 'BEGIN { printf "%d", m * 100 }')
    [ "$(jq '.quantities.SHL' "$T/s1.json")" = "$cm" ]; ok $? "$L: S1: length ⌊geodesic⌋ = $cm cm, as PROJ's geod gives ($m m)"

    # a sink: the GEP run of 2023 gives 0.1 t CO₂ a year in every 30 m cell; a 300 × 300 m square,
    # on the cells or shifted 15 m across them, sequesters 100 cells' worth, 10 t: less the
    # class's 20 % buffer, 8,000 kgCO2e
    mkdir -p "$T/gep-2023" && printf '{"account": {"year": 2023, "method": {"id": "cn-ndrc-2022"}}}' > "$T/gep-2023/account.json" &&
        gdal_create -q -of GTiff -outsize 100 100 -bands 1 -ot Float32 -burn 0.1 -a_srs EPSG:4528 \
            -a_ullr 40499400 3202500 40502400 3199500 "$T/gep-2023/carbon_sequestration_physical.tif"
    project K1 carbon_sink "$(sq 0 1000 300 1300)" && project K2 carbon_sink "$(sq 15 1615 315 1915)"
    I accept K1 --data "$G" --baseline "$BL" --gep "$T/gep-2023" --date 2025-06-30 --json > "$T/k1.json" &&
        I accept K2 --data "$G" --baseline "$BL" --gep "$T/gep-2023" --date 2025-06-30 --json > "$T/k2.json"
    ok $? "$L: accept two sinks against the 2023 GEP run"
    [ "$(jq .quantities.CCS "$T/k1.json")" = 8000 ] && [ "$(jq .quantities.CCS "$T/k2.json")" = 8000 ] &&
        [ "$(jq -r .attributes.vintage "$T/k1.json")" = 2023 ]
    ok $? "$L: each sink: 10 t over its cells, shifted or not, less 20 % buffer = 8,000 kgCO2e, vintage 2023"
    I accept K1 --data "$G" --baseline "$BL" --date 2025-06-30 2> "$T/err"; [ $? = 1 ]
    ok $? "$L: a sink without its GEP run is refused"
    I issue R1 --date 2025-06-30 --json > "$T/i1.json"; ok $? "$L: issue R1"
    [ "$(jq -r '.results[0].batches[0].batch' "$T/i1.json")" = "LS-CRQ-331099-R1-20250630-1" ]
    ok $? "$L: R1's quantity batch LS-CRQ-331099-R1-20250630-1 (markets.md §2.4)"
    I issue R1 --date 2025-07-01 2> "$T/err"; [ $? = 1 ] && grep -q "rule issue.once" "$T/err"; ok $? "$L: issuing twice is refused"
    I show R1 --json | jq -e '.state == "issued" and (.batches | length) == 3 and
        ([.batches[] | .states.active == .units] | all) and (.evidence[0].sha256 | length) == 64' > /dev/null
    ok $? "$L: show R1: issued, three batches (quantity, capacity, paddy) all active, its evidence by SHA-256"
    I issue W1 --holder reserve:331099 --date 2025-07-01 > /dev/null; ok $? "$L: W1 issued into the county reserve (县级储备库)"
    # an obligation from a check of a house on patch B (0103, KCXS 0.05, grade 8, general cropland)
    $B check --data "$G" --category residential --wkt "$(sq 1600 100 1700 200)" --json > "$T/occ.json"
    I obligation --check "$T/occ.json" --id OB1 --county 331099 --date 2025-07-02 --json > "$T/o.json"
    ok $? "$L: the check's cropland balance recorded as obligation OB1"
    I obligations OB1 --json > "$T/ob.json"
    need=$(jq '.requirements[] | select(.account == "CRQ") | .required' "$T/ob.json")
    needc=$(jq '.requirements[] | select(.account == "CRC") | .required' "$T/ob.json")
    want=$(jq '.obligations[0].area_m2 | ceil' "$T/occ.json")
    [ "$(jq -r .state "$T/ob.json")" = open ] && [ "$need" = "$want" ] && [ "$needc" = "$(jq '.obligations[0].grain_capacity_kg | ceil' "$T/occ.json")" ]
    ok $? "$L: OB1 open, owing ⌈net area⌉ = $need m² and ⌈capacity⌉ = $needc kg"
    I transfer --from V01 --to H001 --units CRQ=100000,CRP=100000,CRC=$((needc + 10)) --date 2025-07-03 --json > "$T/t.json"
    ok $? "$L: transfer 100,000 m² of quantity and paddy and $((needc + 10)) kg to H001"
    [ "$(jq -r '.results[0].moves[0] | "\(.first)-\(.last)"' "$T/t.json")" = "1-100000" ]; ok $? "$L: ... the first units, [1, 100000]"
    I transfer --from V01 --to H001 --units CRQ=0.5 --date 2025-07-03 2> "$T/err"; [ $? = 1 ]; ok $? "$L: half a unit is refused"
    I transfer --from H002 --to H001 --units CRQ=1 --date 2025-07-03 2> "$T/err"; [ $? = 1 ] && grep -q "rule balance.insufficient" "$T/err"
    ok $? "$L: a transfer from an account without units is refused"
    I retire --holder H001 --obligation OB1 --units CRQ=$((need + 1)) --date 2025-07-04 2> "$T/err"
    [ $? = 1 ] && grep -q "rule retire.over_requirement" "$T/err"; ok $? "$L: retiring more than owed is refused"
    I retire --holder H001 --obligation OB1 --units CRP=10 --date 2025-07-04 2> "$T/err"
    [ $? = 1 ] && grep -q "rule retire.not_required" "$T/err"; ok $? "$L: paddy against an obligation owing none is refused"
    I retire --holder H001 --obligation OB1 --units CRQ=$need,CRC=$needc --date 2025-07-04 > /dev/null
    ok $? "$L: H001 retires $need m² and $needc kg against OB1"
    I retire --holder H001 --obligation OB1 --units CRQ=1 --date 2025-07-05 2> "$T/err"
    [ $? = 1 ] && grep -q "rule retire.fulfilled" "$T/err"; ok $? "$L: a fulfilled obligation takes nothing more"
    I obligations OB1 --json | jq -e '.state == "fulfilled"' > /dev/null; ok $? "$L: OB1 fulfilled"
    I holdings H001 --json > "$T/h.json"
    [ "$(jq '.accounts.CRQ.retired' "$T/h.json")" = "$need" ] && [ "$(jq '.accounts.CRQ.active' "$T/h.json")" = $((100000 - need)) ]
    ok $? "$L: H001: $need retired, the rest active"
    # monitoring against the 2026 survey: W1 is still forest; R1's parcel (patch A) was built on
    LG=$T/later.gpkg
    jq '.features |= map(if .properties.TBBH == "A" then .properties.DLBM = "0702" else . end)' "$Z/landuse_patch.geojson" > "$T/lp.geojson"
    for l in county eco_redline core_zone basic_farmland urban_boundary shoreline; do
        ogr2ogr -f GPKG -update -append "$LG" "$Z/$l.geojson" -nln $l 2>/dev/null
    done
    ogr2ogr -f GPKG -update -append "$LG" "$T/lp.geojson" -nln landuse_patch 2>/dev/null
    I monitor W1 --data "$LG" --date 2026-06-30 --json > "$T/m1.json" &&
        [ "$(jq .deducted "$T/m1.json")" = false ] && [ "$(I show W1 --json | jq -r .state)" = monitored ]
    ok $? "$L: monitoring W1 against the 2026 survey: still green, not built again; recorded as monitored"
    I monitor R1 --data "$LG" --date 2026-06-30 --json > "$T/d.json"
    [ "$(jq .deducted "$T/d.json")" = true ] && [ "$(jq -r '.rules[0] | "\(.rule) \(.passed)"' "$T/d.json")" = "monitor.still_cropland false" ]
    ok $? "$L: monitoring R1: its parcel is no longer cropland, so its unretired units are deducted"
    [ "$(jq '.flagged | length' "$T/d.json")" = 1 ] && [ "$(I obligations OB1 --json | jq .flagged)" = true ]
    ok $? "$L: ... and OB1, which its retired units met, flagged for review"
    I deduct W1 --reason "test" --date 2026-07-01 > /dev/null 2> "$T/err"; [ $? = 0 ]; ok $? "$L: a deduction by decision (W1)"
    I monitor W1 --data "$LG" --date 2026-07-02 2> "$T/err"; [ $? = 1 ] && grep -q "rule monitor.state" "$T/err"
    ok $? "$L: a deducted project is not monitored again"
    I report --json > "$T/r.json"
    jq -e '.counties["331099"].accounts.CRQ | .issued == .active + .locked + .retired + .cancelled + .deducted and .active == 0' "$T/r.json" > /dev/null
    ok $? "$L: report: issued = active + locked + retired + cancelled + deducted; nothing of R1 active"
    I report --as-of 2025-12-31 --json | jq -e '.counties["331099"].accounts.CRQ.deducted == 0' > /dev/null
    ok $? "$L: report as of 2025-12-31: nothing deducted yet"
    I history LS-CRQ-331099-R1-20250630-1-1-10 --json | jq -e '[.[].type] == ["indicator.issue","indicator.transfer","indicator.retire"]' > /dev/null
    ok $? "$L: history of a serial: issued, transferred, retired"
    # evidence documents kept by their SHA-256, and rehashed by verify
    printf '验收报告 %s\n' "$L" > "$T/report-$L.txt"
    printf '{"type":"project","date":"2025-03-01","project":"EV1","class":"cropland","name":"EV1","county":"331099","owner":"V01","footprint":"%s"}' \
        "$(sq 1000 600 1100 700)" > "$T/EV1.json"
    I project "$T/EV1.json" --evidence "$T/report-$L.txt" --evidence-dir "$T/ev-$L" > /dev/null &&
        sha=$(sha256sum "$T/report-$L.txt" | cut -d' ' -f1) && cmp -s "$T/ev-$L/$sha" "$T/report-$L.txt" &&
        [ "$(I show EV1 --json | jq -r '.evidence[0].sha256')" = "$sha" ]
    ok $? "$L: a project's document kept under its SHA-256 ($sha), the register naming it"
    # the other projects' documents were registered by hash only: verify says they are not kept
    I verify --evidence-dir "$T/ev-$L" --json > "$T/ve0.json"
    jq -e --arg s "$sha" '.evidence.altered == [] and (.evidence.missing | index($s) | not) and
        (.evidence.missing | length) == .evidence.checked - 1' "$T/ve0.json" > /dev/null
    ok $? "$L: verify rehashes the kept document and names the $(jq '.evidence.missing | length' "$T/ve0.json") registered by hash alone"
    I verify --json | jq -e '.ok' > /dev/null; ok $? "$L: indicator verify: every invariant holds"
    $B ledger rebuild --store "$S" --check --json | jq -e '.identical and (.tables | length) == 34' > /dev/null
    ok $? "$L: ledger rebuild replays the registry's, the indicators' the venue's, the valuations', the bundles', the contracts', the plans', the compensation and the damage projections identically (34 tables)"
    $TAMPER "UPDATE ind_block SET holder = 'H002' WHERE holder = 'H001' AND state = 'retired'"
    printf 'edited\n' >> "$T/ev-$L/$sha"
    I verify --evidence-dir "$T/ev-$L" --json > "$T/ve.json"; [ $? = 1 ] && jq -e ".evidence.altered == [\"$sha\"]" "$T/ve.json" > /dev/null
    ok $? "$L: an edited document is named by verify"
    I verify --json > "$T/v.json"; [ $? = 1 ] && jq -e '.ok == false' "$T/v.json" > /dev/null
    ok $? "$L: verify names a projection edited behind the ledger"
}
gpkg_sql() { sqlite3 "$T/store.gpkg" "$1"; }
walk "$T/store.gpkg" gpkg gpkg_sql

# the same walk on PostgreSQL + PostGIS (skipped when the server is not installed)
SD=$(cd "$(dirname "$0")/../../scripts" && pwd)
PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
if PG=$("$SD/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr"); then
    trap '"$SD/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD"' EXIT
    PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
    pg_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "${PG#PG:}" -c "$1" >/dev/null; }
    walk "$PG" postgres pg_sql
else
    echo "ok $((n + 1)) # SKIP PostgreSQL server not installed"; n=$((n + 1))
    rm -rf "$PGD"
fi
echo "1..$n"
