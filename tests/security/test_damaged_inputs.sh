#!/usr/bin/env bash
# Damaged inputs never pass as whole (docs/security.md, "Damaged inputs"): a GeoPackage with
# pages overwritten, a Shapefile with a truncated .dbf, a shortened .shx, a .dbf header that
# disagrees, a missing .dbf and an unreadable .prj are each a named error of the operation —
# the check, validate, convert and the registry's bulk import — and nothing is written.
. "$(dirname "$0")/fixture.sh"

make_county; ok $? "small demo county"
# overwrite 40 leaf pages of the basic-farmland table (SQLite's dbstat names them)
cp "$T/c/county.gpkg" "$T/bad.gpkg"
pages=$(sqlite3 "$T/c/county.gpkg" "SELECT pageno FROM dbstat WHERE name = 'basic_farmland' AND pagetype = 'leaf' ORDER BY pageno LIMIT 40 OFFSET 20")
[ -n "$pages" ]; ok $? "basic_farmland's leaf pages found"
for p in $pages; do
    head -c 4096 /dev/urandom | dd of="$T/bad.gpkg" bs=4096 seek=$((p - 1)) conv=notrunc status=none
done
exits 1 "validate on the damaged GeoPackage fails" $B validate "$T/bad.gpkg" --layer basic_farmland
grep -q "damaged" "$T/err"; ok $? "... saying it is damaged, with the feature where reading stopped: $(head -c 150 "$T/err")"
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM basic_farmland ORDER BY fid DESC LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{printf "%d %d", x, y}')
WKT="POLYGON(($((PX-20)) $((PY-20)),$((PX+20)) $((PY-20)),$((PX+20)) $((PY+20)),$((PX-20)) $((PY+20)),$((PX-20)) $((PY-20))))"
exits 0 "the check on the intact county answers" $B check --category industrial --data "$T/c/county.gpkg" --wkt "$WKT" --json
exits 1 "the same check on the damaged county fails instead of deciding on what it could read" \
    $B check --category industrial --data "$T/bad.gpkg" --wkt "$WKT" --json
jq -r .error.message "$T/out" | grep -q damaged; ok $? "... naming the damage"
exits 1 "convert of the damaged layer fails" $B convert "$T/bad.gpkg" "$T/out.geojson" --layer basic_farmland
[ ! -e "$T/out.geojson" ]; ok $? "... and writes no output"

# the registry's bulk import from a damaged units file records nothing
U="$T/c/registry/units.gpkg"
cp "$U" "$T/units-bad.gpkg"
L=$(ogrinfo -q "$U" | head -1 | awk '{print $2}')
upages=$(sqlite3 "$U" "SELECT pageno FROM dbstat WHERE name = '$L' AND pagetype = 'leaf' ORDER BY pageno LIMIT 20 OFFSET 10")
for p in $upages; do
    head -c 4096 /dev/urandom | dd of="$T/units-bad.gpkg" bs=4096 seek=$((p - 1)) conv=notrunc status=none
done
$B registry init --store "$T/r.gpkg" --county 331099 >/dev/null
$B registry import --store "$T/r.gpkg" --parties "$T/c/registry/parties.csv" >/dev/null
N0=$(sqlite3 "$T/r.gpkg" "SELECT count(*) FROM ledger_event")
exits 1 "registry import --units from a damaged file fails" \
    $B registry import --store "$T/r.gpkg" --units "$T/units-bad.gpkg" --layer "$L"
[ "$(sqlite3 "$T/r.gpkg" "SELECT count(*) FROM ledger_event")" = "$N0" ] && grep -q damaged "$T/err"
ok $? "... naming the damage, with nothing registered"

# Shapefiles
$B convert "$T/c/county.gpkg" "$T/p.shp" --layer landuse_patch >/dev/null
for f in shp shx dbf prj; do cp "$T/p.$f" "$T/p.$f.orig"; done
restore() { for f in shp shx dbf prj; do cp "$T/p.$f.orig" "$T/p.$f"; done; }
truncate -s $(($(stat -c%s "$T/p.dbf") / 2)) "$T/p.dbf"
exits 1 "a truncated .dbf: validate fails" $B validate "$T/p.shp"
grep -q "damaged" "$T/err"; ok $? "... naming the damage: $(head -c 140 "$T/err")"
exits 1 "... and convert fails" $B convert "$T/p.shp" "$T/p.gpkg"
[ ! -e "$T/p.gpkg" ]; ok $? "... writing nothing"
restore
python3 -c "import struct,sys; f=open(sys.argv[1],'r+b'); f.seek(24); n=struct.unpack('>I',f.read(4))[0]; f.seek(24); f.write(struct.pack('>I',n-64*4))" "$T/p.shx"
exits 1 "a .shx shortened by 64 records: validate fails" $B validate "$T/p.shp"
grep -q "7083 records and the .shx 7019\|records and the .shx" "$T/err"; ok $? "... the .dbf and .shx counts named: $(head -c 140 "$T/err")"
restore
python3 -c "import struct,sys; f=open(sys.argv[1],'r+b'); f.seek(4); n=struct.unpack('<I',f.read(4))[0]; f.seek(4); f.write(struct.pack('<I',n-64))" "$T/p.dbf"
exits 1 "a .dbf header 64 records short: validate fails" $B validate "$T/p.shp"
restore
rm "$T/p.dbf"
exits 1 "a missing .dbf: validate fails" $B validate "$T/p.shp"
grep -q "no .dbf" "$T/err"; ok $? "... saying the attributes would be lost"
restore
echo "/etc/passwd" >"$T/p.prj"
exits 1 "a .prj that is no CRS: validate fails" $B validate "$T/p.shp"
grep -q "prj" "$T/err"; ok $? "... naming the .prj"
restore
exits 0 "the restored Shapefile reads whole" $B validate "$T/p.shp"
finish
