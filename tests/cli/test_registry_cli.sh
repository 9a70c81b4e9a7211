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
sqlite3 "$M" "DROP TABLE srv_session; DROP TABLE srv_user; DROP TABLE reg_holder; DROP TABLE reg_rrr; DROP TABLE reg_unit; DROP TABLE reg_party;
  DROP TABLE rtree_reg_unit_geom; DROP TABLE rtree_reg_rrr_geom;
  DELETE FROM gpkg_extensions WHERE table_name LIKE 'reg_%';
  DELETE FROM gpkg_geometry_columns WHERE table_name LIKE 'reg_%';
  DELETE FROM gpkg_contents WHERE table_name LIKE 'reg_%';
  UPDATE ls_meta SET value = '1' WHERE key = 'schema_version';"
exits 0 "gpkg: a version-1 store opens" $B registry register --store "$M" --actor t "$D/parties.json"
[ "$(sqlite3 "$M" "SELECT value FROM ls_meta WHERE key = 'schema_version'")" = 3 ] &&
    [ "$(sqlite3 "$M" "SELECT count(*) FROM reg_party")" = 12 ]
ok $? "gpkg: ... migrated to the current version (3) on open, and the parties recorded in its new tables"
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
grep -q "schema version 99, newer than this Liangshan knows (3)" "$T/err"; ok $? "gpkg: ... saying so"

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
