#!/usr/bin/env bash
# The registry and ledger contract (registry_contract.sh) on both backends: a GeoPackage
# file, and PostgreSQL 15 + PostGIS in a throwaway cluster (skipped when the server is not
# installed; scripts/deps.sh installs it). Then the two must agree: the same applications
# recorded at the same times give the same ledger head and the same projection digests.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/rcli.XXXXXX")
. "$(dirname "$0")/tap.sh"
D=$(cd "$(dirname "$0")/../data/registry" && pwd)
S=$(cd "$(dirname "$0")/../../scripts" && pwd)
. "$(dirname "$0")/registry_contract.sh"

G="$T/store.gpkg"
gpkg_sql() { sqlite3 "$G" "$1"; }
TAMPER_OFF="DROP TRIGGER ledger_event_no_update; DROP TRIGGER ledger_event_no_delete;"
contract "$G" gpkg gpkg_sql
# the store's spatial tables open as GeoPackage layers in GDAL (what QGIS uses), the R-tree
# answering a spatial filter, with no complaint about the file
ogrinfo -ro -q "$G" reg_unit -spat 40510100 3170100 40510150 3170150 > "$T/ogr.txt" 2> "$T/ogr.err"
grep -q "unit_code (String) = 331099ZR0002" "$T/ogr.txt" && ! grep -q "331099ZR0001" "$T/ogr.txt" && [ ! -s "$T/ogr.err" ]
ok $? "gpkg: GDAL opens reg_unit as a layer; its R-tree finds the sea unit only, no warnings"

# schema migrations run on open: a store taken back to version 1 (the registry's tables and
# their GeoPackage registration removed) gets them again the next time anything opens it
M="$T/migrate.gpkg"
$B registry init --store "$M" > /dev/null
sqlite3 "$M" "DROP TABLE reg_cert_counter; DROP TABLE srv_session; DROP TABLE srv_user; DROP TABLE reg_holder; DROP TABLE reg_rrr; DROP TABLE reg_unit; DROP TABLE reg_party;
  DROP TABLE rtree_reg_unit_geom; DROP TABLE rtree_reg_rrr_geom;
  DROP TABLE ind_requirement; DROP TABLE ind_obligation; DROP TABLE ind_block; DROP TABLE ind_batch;
  DROP TABLE ind_project; DROP TABLE rtree_ind_project_geom;
  DROP TABLE mkt_instrument; DROP TABLE mkt_funds; DROP TABLE mkt_order; DROP TABLE mkt_trade; DROP TABLE mkt_request; DROP TABLE mkt_listing; DROP TABLE mkt_bidder; DROP TABLE mkt_quote; DROP TABLE val_report; DROP TABLE bnd_bundle; DROP TABLE bnd_component; DROP TABLE con_contract; DROP TABLE con_condition; DROP TABLE con_check; DROP TABLE con_right; DROP TABLE pln_plan; DROP TABLE pln_unit; DROP TABLE cmp_allocation; DROP TABLE cmp_allocation_part; DROP TABLE cmp_agreement; DROP TABLE cmp_settlement; DROP TABLE dmg_case; DROP TABLE dmg_event; DROP TABLE dmg_document;
  DELETE FROM gpkg_extensions WHERE table_name LIKE 'reg_%' OR table_name LIKE 'ind_%';
  DELETE FROM gpkg_geometry_columns WHERE table_name LIKE 'reg_%' OR table_name LIKE 'ind_%';
  DELETE FROM gpkg_contents WHERE table_name LIKE 'reg_%' OR table_name LIKE 'ind_%';
  UPDATE ls_meta SET value = '1' WHERE key = 'schema_version';"
exits 0 "gpkg: a version-1 store opens" $B registry register --store "$M" --actor t "$D/parties.json"
[ "$(sqlite3 "$M" "SELECT value FROM ls_meta WHERE key = 'schema_version'")" = 19 ] &&
    [ "$(sqlite3 "$M" "SELECT count(*) FROM reg_party")" = 12 ]
ok $? "gpkg: ... migrated to the current version (19) on open, and the parties recorded in its new tables"
# certificate numbers (不动产权证书 / 不动产登记证明), worked by hand: numbered per county, year
# and kind in the order recorded; a transfer's new version gets the next; state ownership and
# public controls get none; a number brought from before is kept once checked
C="$T/cert.gpkg"
$B registry init --store "$C" --county 331099 --county-name 两山县 > /dev/null &&
    $B registry register --store "$C" --actor t "$D/parties.json" > /dev/null
ok $? "a store with the county's name"
sq='POLYGON((40502000 3170000,40502100 3170000,40502100 3170100,40502000 3170100,40502000 3170000))'
sq2='POLYGON((40502200 3170000,40502300 3170000,40502300 3170100,40502200 3170100,40502200 3170000))'
sq3='POLYGON((40502400 3170000,40502500 3170000,40502500 3170100,40502400 3170100,40502400 3170000))'
cat > "$T/cert1.json" <<JSON
[{"type":"first","date":"2024-03-01","unit":{"code":"331099001001JD00001W00000000","name":"甲","class":"real_estate","geometry":"$sq"},
  "rights":[{"type":"contracted_land","holders":[{"party":"H001"}],"term_start":"2024-03-01","term_end":"2054-02-28"},{"type":"basic_farmland"}]},
 {"type":"first","date":"2024-03-02","unit":{"code":"331099001001JD00002W00000000","name":"乙","class":"real_estate","geometry":"$sq2"},
  "rights":[{"type":"contracted_land","holders":[{"party":"H002"}],"term_start":"2024-03-02","term_end":"2054-02-28"}]},
 {"type":"transfer","date":"2024-06-01","right":"331099001001JD00001W00000000/1","holders":[{"party":"H002"}]},
 {"type":"mortgage","date":"2024-07-01","right":"331099001001JD00002W00000000/1","mortgagee":"BANK","amount":100000,"term_end":"2027-06-30"},
 {"type":"first","date":"2025-01-05","unit":{"code":"331099001001JD00003W00000000","name":"丙","class":"real_estate","geometry":"$sq3"},
  "rights":[{"type":"contracted_land","holders":[{"party":"H001"}],"term_start":"2025-01-05","term_end":"2055-01-04","certificate":"浙(2019)两山县不动产权第0000042号"}]}]
JSON
$B registry register --store "$C" --actor t "$T/cert1.json" > "$T/out" 2> "$T/err"; ok $? "five applications recorded ($(head -c 200 "$T/err"))"
certs=$(sqlite3 "$C" "SELECT rrr_id || ' v' || version || ' ' || coalesce(cert_no, '-') FROM reg_rrr ORDER BY rrr_id, version" | tr '\n' '|')
want="331099001001JD00001W00000000/1 v1 浙(2024)两山县不动产权第0000001号|331099001001JD00001W00000000/1 v2 浙(2024)两山县不动产权第0000003号|331099001001JD00001W00000000/2 v1 -|331099001001JD00002W00000000/1 v1 浙(2024)两山县不动产权第0000002号|331099001001JD00002W00000000/1/M1 v1 浙(2024)两山县不动产证明第0000001号|331099001001JD00003W00000000/1 v1 浙(2019)两山县不动产权第0000042号|"
[ "$certs" = "$want" ]; ok $? "numbers as worked by hand: $certs"
$B registry show --store "$C" 331099001001JD00001W00000000 --json > "$T/show.json" &&
    [ "$(jq -r '.rights[] | select(.id == "331099001001JD00001W00000000/1") | .certificate' "$T/show.json")" = "浙(2024)两山县不动产权第0000003号" ] &&
    $B registry show --store "$C" 331099001001JD00001W00000000 --as-of 2024-04-01 --json > "$T/show0.json" &&
    [ "$(jq -r '.rights[] | select(.id == "331099001001JD00001W00000000/1") | .certificate' "$T/show0.json")" = "浙(2024)两山县不动产权第0000001号" ]
ok $? "show gives the certificate in force, and the earlier one as of a date before the transfer"
$B registry search --store "$C" "不动产权第0000001号" --json > "$T/s1.json" && [ "$(jq -r '.units[0].code' "$T/s1.json")" = 331099001001JD00001W00000000 ] &&
    $B registry search --store "$C" "不动产证明第0000001号" --json > "$T/s2.json" && [ "$(jq -r '.units[0].code' "$T/s2.json")" = 331099001001JD00002W00000000 ]
ok $? "a certificate's number finds its unit (the transferred one's old number too)"
E1=$(sqlite3 "$C" "SELECT count(*) FROM ledger_event")
printf '%s' "{\"type\":\"transfer\",\"date\":\"2025-02-01\",\"right\":\"331099001001JD00003W00000000/1\",\"holders\":[{\"party\":\"H002\"}],\"certificate\":\"浙(2024)两山县不动产权第0000002号\"}" > "$T/dup.json"
exits 1 "a number already issued is refused" $B registry register --store "$C" --actor t "$T/dup.json"
grep -q "certificate" "$T/err"; ok $? "... naming the certificate: $(head -c 200 "$T/err")"
printf '%s' "{\"type\":\"transfer\",\"date\":\"2025-02-01\",\"right\":\"331099001001JD00003W00000000/1\",\"holders\":[{\"party\":\"H002\"}],\"certificate\":\"两山县第12号\"}" > "$T/bad.json"
exits 1 "a number not of the certificate's form is refused" $B registry register --store "$C" --actor t "$T/bad.json"
[ "$(sqlite3 "$C" "SELECT count(*) FROM ledger_event")" = "$E1" ]; ok $? "refusals recorded nothing"
$B ledger rebuild --store "$C" --check > "$T/rb" 2>&1 && grep -q "reg_rrr .* identical" "$T/rb"
ok $? "a rebuild from the ledger gives the same numbers"

# the forest land and the trees on it are two rights over the same ground (Forest Law Art.
# 15–17): a forest_use and a forest_tree right coexist there; a second forest_use does not, nor
# a grassland right in the same layer
sq4='POLYGON((40502600 3170000,40502700 3170000,40502700 3170100,40502600 3170100,40502600 3170000))'
cat > "$T/forest.json" <<JSON
[{"type":"first","date":"2025-03-01","unit":{"code":"331099001001JL00004W00000000","name":"丁","class":"real_estate","geometry":"$sq4"},
  "rights":[{"type":"ownership_collective","holders":[{"party":"V01"}]},
            {"id":"F4/land","type":"forest_use","holders":[{"party":"H001"}],"term_start":"2025-03-01","term_end":"2074-12-31"},
            {"id":"F4/trees","type":"forest_tree","holders":[{"party":"H002"}],"term_start":"2025-03-01","term_end":"2074-12-31"}]}]
JSON
$B registry register --store "$C" --actor t "$T/forest.json" > /dev/null 2> "$T/err"
ok $? "forest land and its trees registered over the same ground to two holders ($(head -c 200 "$T/err"))"
cat > "$T/forest2.json" <<JSON
{"type":"first","date":"2025-03-02","unit":{"code":"331099001001JF00005W00000000","name":"戊","class":"real_estate","geometry":"$sq4"},
  "rights":[{"type":"grassland_use","holders":[{"party":"H001"}],"term_start":"2025-03-02","term_end":"2054-12-31"}]}
JSON
exits 1 "a grassland right over the same forest land, same layer, is refused" $B registry register --store "$C" --actor t "$T/forest2.json"
grep -q "F4/land\|F4/trees" "$T/err"; ok $? "... naming the right it overlaps: $(head -c 200 "$T/err")"

# an empty batch is refused by both faces alike (app/registry), and records nothing
echo '[]' >"$T/empty.json"
E0=$(sqlite3 "$M" "SELECT count(*) FROM ledger_event")
echo '[{"date":"2024-01-01","unit":"x"}]' > "$T/notype.json"
exits 1 "an application without a type is refused" $B registry register --store "$M" --actor t "$T/notype.json"
grep -q 'application 1: type: the application has no "type"' "$T/err"; ok $? "... naming the field before any rule runs (not the date)"
exits 1 "an empty list of applications is refused" $B registry register --store "$M" --actor t "$T/empty.json"
grep -q "non-empty list" "$T/err" && [ "$(sqlite3 "$M" "SELECT count(*) FROM ledger_event")" = "$E0" ]
ok $? "... saying what it needs, with nothing recorded"
sqlite3 "$M" "UPDATE ls_meta SET value = '99' WHERE key = 'schema_version'"
exits 1 "gpkg: a store from a newer release is refused" $B ledger verify --store "$M"
grep -q "schema version 99, newer than this Liangshan knows (19)" "$T/err"; ok $? "gpkg: ... saying so"

PGD=$(mktemp -d /tmp/lspg.XXXXXX)
chmod 755 "$PGD"
PG=$("$S/pg-throwaway.sh" start "$PGD/c" 2>"$T/pgerr")
rc=$?
if [ $rc -eq 3 ]; then
    echo "ok $((n + 1)) # SKIP PostgreSQL server not installed"
    n=$((n + 1))
    echo "1..$n"
    rm -rf "$PGD" "$T"
    exit 0
fi
trap '"$S/pg-throwaway.sh" stop "$PGD/c"; rm -rf "$PGD"' EXIT
[ $rc -eq 0 ]; ok $? "throwaway PostgreSQL + PostGIS cluster"
PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
pg_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "${PG#PG:}" -c "$1"; }
TAMPER_OFF="ALTER TABLE ledger_event DISABLE TRIGGER USER"

# both stores again from scratch, the same applications, then compare
G2="$T/again.gpkg"
for st in "$G2" "$PG"; do
    $B registry init --store "$st" --county 331099 >/dev/null &&
        $B registry register --store "$st" --actor reg01 --recorded $REC "$D/parties.json" >/dev/null &&
        $B registry register --store "$st" --actor reg01 --recorded $REC "$D/units.json" >/dev/null
    ok $? "same applications into $( [ "$st" = "$PG" ] && echo PostgreSQL || echo GeoPackage)"
done
h1=$($B ledger verify --store "$G2" --json | jq -r .head)
h2=$($B ledger verify --store "$PG" --json | jq -r .head)
[ -n "$h1" ] && [ "$h1" = "$h2" ]; ok $? "same ledger head on both backends ($h1)"
[ "$(digests "$G2")" = "$(digests "$PG")" ]; ok $? "same projection digests on both backends"
pg_sql "DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE EXTENSION postgis" > /dev/null 2>&1

contract "$PG" postgres pg_sql
echo "1..$n"
rm -rf "$T"
