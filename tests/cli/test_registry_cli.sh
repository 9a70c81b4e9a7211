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
