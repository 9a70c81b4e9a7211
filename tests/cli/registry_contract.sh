# The registry and ledger contract: the same scenario, the same expected answers, on any store.
# Sourced by test_registry_cli.sh with B (the binary), T (a temp folder), D (tests/data/registry),
# the tap.sh helpers, and:
#   contract STORE LABEL SQL   where SQL runs one SQL statement on the store's database
#                              (sqlite3 for a .gpkg, psql for PostgreSQL), for tampering.
# Every write uses one fixed --recorded time, so the ledger heads of two backends can be compared.

REC=2026-01-02T03:04:05Z

events() { # store -> number of events
    $B ledger verify --store "$1" --json | sed -n 's/.*"events": \([0-9]*\).*/\1/p'
}

digests() { # store -> one line per projection table digest
    $B ledger rebuild --check --store "$1" --json | grep '"digest_after"' | tr -d ' ,"'
}

refused() { # store label expected-text app.json
    local st=$1 label=$2 want=$3 app=$4 before after
    before=$(events "$st")
    $B registry register --store "$st" --actor t --recorded $REC "$app" >"$T/out" 2>"$T/err"
    local rc=$?
    after=$(events "$st")
    [ $rc -eq 1 ] && grep -q -- "$want" "$T/err" && [ "$before" = "$after" ]
    ok $? "$label: refused naming '$want', nothing written (exit $rc, events $before -> $after)"
    [ $rc -eq 1 ] && grep -q -- "$want" "$T/err" || sed 's/^/# /' "$T/err"
}

app() { # name json -> file
    printf '%s\n' "$2" > "$T/$1.json"
    echo "$T/$1.json"
}

contract() {
    local S=$1 L=$2 SQL=$3
    exits 0 "$L: init" $B registry init --store "$S" --county 331099 --crs EPSG:4528
    exits 1 "$L: init again refused" $B registry init --store "$S" --county 331099
    grep -q "already exists" "$T/err"; ok $? "$L: ... because a store exists"
    exits 0 "$L: parties" $B registry register --store "$S" --actor reg01 --recorded $REC "$D/parties.json"
    exits 0 "$L: first registrations" $B registry register --store "$S" --actor reg01 --recorded $REC "$D/units.json"
    [ "$(events "$S")" = 16 ]; ok $? "$L: 16 events recorded"

    # the unit and its layered rights, by layer
    $B registry show --store "$S" 331099ZR0002 --json > "$T/sea.json"
    [ "$(jq -r '[.rights[] | .layer] | join(",")' "$T/sea.json")" = "seabed,water_column,whole" ]
    ok $? "$L: sea area carries seabed, water-column and whole-space rights"
    # a 2 km square 10-12 km east of the central meridian: the Gauss-Krüger plane overstates
    # area by the mean squared scale factor 1 + mean(y²)/R², mean(y²) = (12³-10³)/6 km² =
    # 121.3 km², R² = MN = 4.058e13 m² at 28.7°N: 1 + 2.99e-6, so 11.96 m² less than 4 km²
    jq -e '.unit.area_m2 > 3999987.5 and .unit.area_m2 < 3999988.5' "$T/sea.json" > /dev/null
    ok $? "$L: sea unit area is ellipsoidal, 11.96 m² under the planar 4 km² ($(jq .unit.area_m2 "$T/sea.json") m²)"
    $B registry show --store "$S" 331099ZR0003 --json > "$T/mine.json"
    [ "$(jq -r '.rights[] | select(.type == "mining") | "\(.layer) \(.z_min) \(.z_max)"' "$T/mine.json")" = "below -300 -50" ]
    ok $? "$L: mining right inherits the underground extent -300..-50 m"
    [ "$(jq -r '.responsibilities[0].type' "$T/mine.json")" = restoration ]
    ok $? "$L: restoration duty registered as a responsibility"

    # rules, each refused with the rule and the conflicting record named
    refused "$S" "$L: overlap of two forest units" "overlaps unit 331099ZR0001" "$(app o1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099ZR0009","name":"x","class":"natural","resource_type":"forest","geometry":"POLYGON((40500500 3170500,40501500 3170500,40501500 3171500,40500500 3171500,40500500 3170500))"}}')"
    exits 0 "$L: a wetland may overlap the forest (other resource type)" $B registry register --store "$S" --actor t --recorded $REC "$(app o2 '{"type":"first","date":"2022-01-01","unit":{"code":"331099ZR0010","name":"东山湿地","class":"natural","resource_type":"wetland","geometry":"POLYGON((40500500 3170500,40500600 3170500,40500600 3170600,40500500 3170600,40500500 3170500))"}}')"
    refused "$S" "$L: shares not summing to one" "add up to 5/6" "$(app s1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JD00002W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40503000 3170000,40503100 3170000,40503100 3170100,40503000 3170100,40503000 3170000))"},"rights":[{"type":"contracted_land","holders":[{"party":"H001","share":"1/2"},{"party":"H002","share":"1/3"}]}]}')"
    refused "$S" "$L: a right outside its unit" "outside its unit" "$(app s2 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JD00003W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40504000 3170000,40504100 3170000,40504100 3170100,40504000 3170100,40504000 3170000))"},"rights":[{"type":"contracted_land","holders":[{"party":"H001"}],"geometry":"POLYGON((40504050 3170000,40504150 3170000,40504150 3170100,40504050 3170100,40504050 3170000))"}]}')"
    refused "$S" "$L: two ownerships of one unit" "one ownership per unit" "$(app s3 '{"type":"first","date":"2022-01-01","unit":{"code":"331099ZR0011","name":"x","class":"natural","resource_type":"grassland","geometry":"POLYGON((40490000 3170000,40490100 3170000,40490100 3170100,40490000 3170100,40490000 3170000))"},"rights":[{"type":"ownership_state","holders":[{"party":"CN"}],"exercised_by":"ZJ-NR"},{"type":"ownership_state","holders":[{"party":"CN"}],"exercised_by":"MNR"}]}')"
    refused "$S" "$L: a use right outliving its ownership's term" "outside the term" "$(app s4 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JA00004W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40505000 3170000,40505100 3170000,40505100 3170100,40505000 3170100,40505000 3170000))"},"rights":[{"type":"ownership_collective","holders":[{"party":"V01"}],"term_end":"2040-01-01"},{"type":"construction_land_use","holders":[{"party":"E01"}],"term_start":"2022-01-01","term_end":"2062-01-01"}]}')"
    refused "$S" "$L: same layer over the aquaculture" "layered rights may overlap in plan only when their layers differ" "$(app l1 '{"type":"first","date":"2022-03-01","unit":{"code":"331099002001GH00001W00000000","name":"x","class":"real_estate","layer":"water_column","z_min":-10,"z_max":-2,"geometry":"POLYGON((40510200 3170200,40510300 3170200,40510300 3170300,40510200 3170300,40510200 3170200))"},"rights":[{"type":"sea_area_use","holders":[{"party":"E02"}],"term_start":"2022-03-01","term_end":"2030-01-01"}]}')"
    exits 0 "$L: the sea surface above it is free" $B registry register --store "$S" --actor t --recorded $REC "$(app l2 '{"type":"first","date":"2022-03-01","unit":{"code":"331099002001GH00002W00000000","name":"海上光伏","class":"real_estate","layer":"sea_surface","z_min":-1,"z_max":8,"geometry":"POLYGON((40510200 3170200,40510300 3170200,40510300 3170300,40510200 3170300,40510200 3170200))"},"rights":[{"type":"sea_area_use","holders":[{"party":"E02"}],"term_start":"2022-03-01","term_end":"2047-02-28"}]}')"
    refused "$S" "$L: code with 27 characters" "28 characters" "$(app c1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JD00005W0000000","name":"x","class":"real_estate","geometry":"POLYGON((40506000 3170000,40506100 3170000,40506100 3170100,40506000 3170100,40506000 3170000))"}}')"
    refused "$S" "$L: code of another county" "not this registry's county" "$(app c2 '{"type":"first","date":"2022-01-01","unit":{"code":"330102001001JD00005W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40506000 3170000,40506100 3170000,40506100 3170100,40506000 3170100,40506000 3170000))"}}')"
    refused "$S" "$L: code of no province" "no province" "$(app c3 '{"type":"first","date":"2022-01-01","unit":{"code":"991099001001JD00005W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40506000 3170000,40506100 3170000,40506100 3170100,40506000 3170100,40506000 3170000))"}}')"
    refused "$S" "$L: collective ownership on a state (G) code" "says state (G) ownership" "$(app c4 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001GB00005W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40506000 3170000,40506100 3170000,40506100 3170100,40506000 3170100,40506000 3170000))"},"rights":[{"type":"ownership_collective","holders":[{"party":"V01"}]}]}')"
    refused "$S" "$L: a bow-tie boundary" "not a valid polygon" "$(app g1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JD00006W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40507000 3170000,40507100 3170100,40507100 3170000,40507000 3170100,40507000 3170000))"}}')"
    refused "$S" "$L: an unregistered holder" "is not registered" "$(app p1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099001001JD00007W00000000","name":"x","class":"real_estate","geometry":"POLYGON((40508000 3170000,40508100 3170000,40508100 3170100,40508000 3170100,40508000 3170000))"},"rights":[{"type":"contracted_land","holders":[{"party":"NOBODY"}]}]}')"
    refused "$S" "$L: a code registered twice" "already registered" "$(app d1 '{"type":"first","date":"2022-01-01","unit":{"code":"331099ZR0001","name":"x","class":"natural","resource_type":"forest","geometry":"POLYGON((40480000 3170000,40480100 3170000,40480100 3170100,40480000 3170100,40480000 3170000))"}}')"
    refused "$S" "$L: transfer of ownership" "ownership is not transferred" "$(app t1 '{"type":"transfer","date":"2023-01-01","right":"331099ZR0001/1","holders":[{"party":"V01"}]}')"
    refused "$S" "$L: transfer dated before the right" "before 331099001001JD00001W00000000/1 took effect" "$(app t2 '{"type":"transfer","date":"2020-01-01","right":"331099001001JD00001W00000000/1","holders":[{"party":"H003"}]}')"
    refused "$S" "$L: a batch with one bad application" "no right" "$(app b1 '[{"type":"transfer","date":"2023-06-01","right":"331099001001JD00001W00000000/1","holders":[{"party":"H003"}]},{"type":"transfer","date":"2023-06-01","right":"NO-SUCH","holders":[{"party":"H003"}]}]')"

    # bulk import: a dry run reports every rejected row with its reason and writes nothing
    cat > "$T/iu.csv" <<'CSV'
code,name,class,resource_type,date,WKT
331099003001JD00001W00000000,南村1号地,real_estate,,2022-02-01,"POLYGON((40520000 3170000,40520100 3170000,40520100 3170100,40520000 3170100,40520000 3170000))"
331099003001JD0001W00000000,南村坏码,real_estate,,2022-02-01,"POLYGON((40521000 3170000,40521100 3170000,40521100 3170100,40521000 3170100,40521000 3170000))"
331099ZR0020,压盖森林,natural,forest,2022-02-01,"POLYGON((40500900 3170900,40501100 3170900,40501100 3171100,40500900 3171100,40500900 3170900))"
331099003001JD00002W00000000,南村2号地,real_estate,,2022-02-01,"POLYGON((40522000 3170000,40522100 3170000,40522100 3170100,40522000 3170100,40522000 3170000))"
CSV
    ogr2ogr -f GPKG "$T/iu-$L.gpkg" "$T/iu.csv" -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4528 -nln units -overwrite 2>/dev/null
    cat > "$T/ir.csv" <<'CSV'
unit_code,right_id,type,holders,term_start,term_end
331099003001JD00001W00000000,,contracted_land,H001,2022-02-01,2052-01-31
331099003001JD00002W00000000,,contracted_land,H001:1/2;H002:1/4,2022-02-01,2052-01-31
331099009009JD00009W00000000,,contracted_land,H001,2022-02-01,2052-01-31
CSV
    local ev0
    ev0=$(events "$S")
    exits 1 "$L: import dry run with bad rows" $B registry import --store "$S" --dry-run --units "$T/iu-$L.gpkg" --rights "$T/ir.csv"
    grep -q "feature 2, unit 331099003001JD0001W00000000: code: a real-property unit code has 28 characters" "$T/err" &&
        grep -q "overlaps unit 331099ZR0001" "$T/err" &&
        grep -q "ir.csv: line 3: share: the shares of the co-holders add up to 3/4" "$T/err" &&
        grep -q "ir.csv: line 4: unit_code: unit 331099009009JD00009W00000000 is not in the units layer" "$T/err" &&
        [ "$(events "$S")" = "$ev0" ]
    ok $? "$L: ... each of the 4 rejected rows named with its reason, nothing written"
    [ "$(grep -c "rejected:" "$T/err")" = 4 ]; ok $? "$L: ... exactly 4 rejections"
    ogr2ogr -f "ESRI Shapefile" "$T/iu-$L.shp" "$T/iu-$L.gpkg" -lco ENCODING=UTF-8 2>/dev/null
    exits 1 "$L: the same rows from a Shapefile (names cut to 10 characters)" $B registry import --store "$S" --dry-run --units "$T/iu-$L.shp" --rights "$T/ir.csv"
    grep -q "feature 3, unit 331099ZR0020: geometry: the boundary overlaps unit 331099ZR0001" "$T/err" &&
        [ "$(grep -c "rejected:" "$T/err")" = 4 ]
    ok $? "$L: ... gives the same 4 rejections (resource_t read as resource_type)"
    exits 1 "$L: the same import for real is refused whole" $B registry import --store "$S" --units "$T/iu-$L.gpkg" --rights "$T/ir.csv"
    [ "$(events "$S")" = "$ev0" ]; ok $? "$L: ... and writes nothing"
    ogr2ogr -f GPKG "$T/iu-ok-$L.gpkg" "$T/iu-$L.gpkg" -where "code = '331099003001JD00001W00000000'" -nln units -overwrite 2>/dev/null
    head -2 "$T/ir.csv" > "$T/ir-ok.csv"
    exits 0 "$L: the good row imports" $B registry import --store "$S" --actor imp --recorded $REC --units "$T/iu-ok-$L.gpkg" --rights "$T/ir-ok.csv"
    [ "$(events "$S")" = $((ev0 + 1)) ]; ok $? "$L: ... as one event"

    # history: transfer, mortgage, release, boundary change, correction, objection, cancel
    exits 0 "$L: transfer to 王五" $B registry transfer --store "$S" --actor reg02 --recorded $REC --right 331099001001JD00001W00000000/1 --to H003 --date 2023-06-01 --reason 互换 --source-doc "转移登记 2023-118"
    $B registry show --store "$S" 331099001001JD00001W00000000 --as-of 2023-05-31 --json > "$T/a1.json"
    $B registry show --store "$S" 331099001001JD00001W00000000 --as-of 2023-06-30 --json > "$T/a2.json"
    [ "$(jq -r '[.rights[] | select(.type=="contracted_land") | .holders[].party] | join(",")' "$T/a1.json")" = H001,H002 ]
    ok $? "$L: as of 2023-05-31 张三 and 李四 held it"
    [ "$(jq -r '[.rights[] | select(.type=="contracted_land") | .holders[].party] | join(",")' "$T/a2.json")" = H003 ]
    ok $? "$L: as of 2023-06-30 王五 holds it"
    exits 0 "$L: mortgage" $B registry register --store "$S" --actor reg02 --recorded $REC "$(app m1 '{"type":"mortgage","date":"2024-02-01","right":"331099001001JD00001W00000000/1","mortgagee":"BANK","amount":300000,"term_end":"2027-01-31","source_doc":"抵押合同 2024-07"}')"
    refused "$S" "$L: cancelling a mortgaged right" "blocked by mortgage 331099001001JD00001W00000000/1/M1" "$(app x1 '{"type":"cancel","date":"2024-03-01","right":"331099001001JD00001W00000000/1"}')"
    exits 0 "$L: seizure by the court" $B registry register --store "$S" --actor reg02 --recorded $REC "$(app z1 '{"type":"seizure","date":"2024-02-10","right":"331099001001JD00001W00000000/1","court":"COURT","source_doc":"(2024)浙1099执保12号"}')"
    refused "$S" "$L: transfer of a seized right" "blocked by seizure 331099001001JD00001W00000000/1/S1" "$(app z2 '{"type":"transfer","date":"2024-02-20","right":"331099001001JD00001W00000000/1","holders":[{"party":"H001"}]}')"
    refused "$S" "$L: release is not for mortgages" "mortgage_release" "$(app z3 '{"type":"release","date":"2024-02-21","right":"331099001001JD00001W00000000/1/M1"}')"
    exits 0 "$L: seizure lifted" $B registry register --store "$S" --actor reg02 --recorded $REC "$(app z4 '{"type":"release","date":"2024-02-28","right":"331099001001JD00001W00000000/1/S1"}')"
    exits 0 "$L: mortgage released" $B registry register --store "$S" --actor reg02 --recorded $REC "$(app m2 '{"type":"mortgage_release","date":"2025-01-10","right":"331099001001JD00001W00000000/1/M1"}')"
    $B registry show --store "$S" 331099001001JD00001W00000000 --as-of 2024-06-30 --json > "$T/m.json"
    [ "$(jq -r '[.restrictions[] | .type] | sort | join(",")' "$T/m.json")" = basic_farmland,mortgage ]
    ok $? "$L: as of 2024-06-30 the mortgage shows; after release it does not"
    exits 0 "$L: boundary change" $B registry register --store "$S" --actor reg02 --recorded $REC "$(app ch '{"type":"change","date":"2025-03-01","unit":"331099001001JD00001W00000000","fields":{"geometry":"POLYGON((40502000 3170000,40502120 3170000,40502120 3170100,40502000 3170100,40502000 3170000))"}}')"
    $B registry show --store "$S" 331099001001JD00001W00000000 --json > "$T/c.json"
    jq -e '.unit.version == 2 and .unit.area_m2 > 11999 and .unit.area_m2 < 12001' "$T/c.json" > /dev/null
    ok $? "$L: version 2 of the unit with 1.2 ha"
    refused "$S" "$L: a unit change to an empty vertical extent" "vertical extent 10 – 5 m is empty" "$(app zz '{"type":"change","date":"2025-03-02","unit":"331099001001JD00001W00000000","fields":{"z_min":10,"z_max":5}}')"
    refused "$S" "$L: a correction without reason" "states its reason" "$(app k0 '{"type":"correct","date":"2025-04-01","unit":"331099001001JD00001W00000000","fields":{"name":"东村一号承包地"}}')"
    exits 0 "$L: correction of the name" $B registry register --store "$S" --actor reg03 --recorded $REC "$(app k1 '{"type":"correct","date":"2025-04-01","unit":"331099001001JD00001W00000000","reason":"坐落名称录入错误","fields":{"name":"东村一号承包地"}}')"
    exits 0 "$L: objection" $B registry register --store "$S" --actor reg03 --recorded $REC "$(app ob '{"type":"objection","date":"2025-05-01","unit":"331099ZR0002","objector":"H002","description":"对海域界址有异议"}')"
    $B registry show --store "$S" 331099ZR0002 --json > "$T/ob.json"
    [ "$(jq -r '.restrictions[] | select(.type=="objection") | .term_end' "$T/ob.json")" = 2025-05-16 ]
    ok $? "$L: the objection lapses after 15 days (2025-05-16)"
    # a damage case's restoration duty (生态修复责任) on a unit, until its deadline, then released
    refused "$S" "$L: a restoration duty without its deadline" "names its deadline" "$(app rd0 '{"type":"restoration","date":"2025-05-02","unit":"331099ZR0002","liable":"H002"}')"
    exits 0 "$L: restoration duty" $B registry register --store "$S" --actor reg03 --recorded $REC "$(app rd1 '{"type":"restoration","date":"2025-05-02","unit":"331099ZR0002","liable":"H002","term_end":"2027-05-02","description":"损害赔偿案件 DC-1 的生态修复责任"}')"
    $B registry show --store "$S" 331099ZR0002 --json > "$T/rd.json"
    [ "$(jq -r '.responsibilities[] | select(.type=="restoration") | "\(.id) \(.holders[0].party) \(.term_end)"' "$T/rd.json")" = "331099ZR0002/R1 H002 2027-05-02" ]
    ok $? "$L: the duty is the unit's responsibility R1, held by H002 until 2027-05-02"
    exits 0 "$L: the duty released" $B registry register --store "$S" --actor reg03 --recorded $REC "$(app rd2 '{"type":"release","date":"2025-05-20","right":"331099ZR0002/R1","reason":"修复跟踪达标"}')"
    exits 0 "$L: cancel the wetland unit" $B registry register --store "$S" --actor reg03 --recorded $REC "$(app cx '{"type":"cancel","date":"2025-06-01","unit":"331099ZR0010","reason":"并入 ZR0001"}')"
    exits 1 "$L: the cancelled unit is gone today" $B registry show --store "$S" 331099ZR0010 --as-of 2025-06-02
    exits 0 "$L: ... and there before" $B registry show --store "$S" 331099ZR0010 --as-of 2025-05-31
    $B registry history --store "$S" 331099001001JD00001W00000000 --json > "$T/h.json"
    [ "$(jq -r '[.events[].type] | join(",")' "$T/h.json")" = "registry.first,registry.transfer,registry.mortgage,registry.seizure,registry.release,registry.mortgage_release,registry.change,registry.correct" ]
    ok $? "$L: history lists every event of the unit in order"
    $B registry search --store "$S" 王五 --json > "$T/s.json"
    [ "$(jq -r '.units[].code' "$T/s.json")" = 331099001001JD00001W00000000 ]
    ok $? "$L: search by holder name finds the unit"
    $B registry search --store "$S" --bbox 40510000,3170000,40510500,3170500 --json > "$T/s2.json"
    [ "$(jq -r '[.units[].code] | join(",")' "$T/s2.json")" = "331099002001GH00002W00000000,331099ZR0002" ]
    ok $? "$L: search by map box (spatial index)"

    exits 0 "$L: ledger verify" $B ledger verify --store "$S"
    exits 0 "$L: rebuild reproduces the projections exactly" $B ledger rebuild --store "$S"
    grep -q "identical to the previous" "$T/out"; ok $? "$L: ... identical digests"
    exits 0 "$L: export" $B registry export --store "$S" "$T/export-$L.gpkg"
    nu=$(ogrinfo -q "$T/export-$L.gpkg" -sql "SELECT COUNT(*) AS n FROM registration_unit" | sed -n 's/.*n (Integer[0-9]*) = //p')
    [ "$nu" = 6 ]; ok $? "$L: export holds the 6 units in force ($nu)"

    # tampering is detected
    $SQL "UPDATE ledger_event SET reason = 'x' WHERE seq = 3" > "$T/out" 2>&1
    [ $? -ne 0 ] && grep -q "append-only" "$T/out"; ok $? "$L: the journal refuses UPDATE (append-only trigger)"
    $SQL "$TAMPER_OFF" > /dev/null 2>&1
    $SQL "UPDATE ledger_event SET payload = replace(payload, '张三', '赵六') WHERE seq = 5" > /dev/null 2>&1
    exits 1 "$L: an edited event breaks verify" $B ledger verify --store "$S"
    grep -q "BROKEN at event 5" "$T/out"; ok $? "$L: ... naming event 5"
    exits 1 "$L: rebuild refuses a broken journal" $B ledger rebuild --store "$S"
    $SQL "UPDATE ledger_event SET payload = replace(payload, '赵六', '张三') WHERE seq = 5" > /dev/null 2>&1
    exits 0 "$L: restored, verify passes" $B ledger verify --store "$S"
    last=$(events "$S")
    $SQL "DELETE FROM ledger_event WHERE seq = $last" > /dev/null 2>&1
    exits 1 "$L: a removed last event is detected" $B ledger verify --store "$S"
    $SQL "DELETE FROM ledger_event WHERE seq = 7" > /dev/null 2>&1
    exits 1 "$L: a removed middle event is detected" $B ledger verify --store "$S"
    grep -q "BROKEN at event 8" "$T/out"; ok $? "$L: ... at the gap"
}
