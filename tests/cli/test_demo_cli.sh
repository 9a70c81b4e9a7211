#!/usr/bin/env bash
# `liangshan demo` as a new user runs it: every seed works, the same seed gives the same bytes
# in every file it writes (register included), a failure leaves nothing, and what it writes
# passes GDAL's own GeoPackage and cloud-optimised GeoTIFF validators (TAP output).
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/demo.XXXXXX")
trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"

# Seeds 11, 99 and 5077 once failed while recording the register's history (a party the
# history names was never registered). Under the sanitizers a demo costs several times as
# much, so that build runs the three seeds that failed and one more.
seeds="11 99 5077 1 2 7 42 256"
case "$B" in *asan*) seeds="11 99 5077 1" ;; esac
for s in $seeds; do
    $B demo --size small --seed "$s" --out "$T/seed-$s" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc -eq 0 ] && [ -s "$T/seed-$s/store.gpkg" ]
    ok $? "demo --seed $s makes the county and its register (exit $rc: $(head -c 300 "$T/err"))"
    [ "$s" = 11 ] || rm -rf "$T/seed-$s"
done

# Determinism: a second run of seed 11 writes the same bytes in every file.
$B demo --size small --seed 11 --out "$T/again" >/dev/null 2>&1
(cd "$T/seed-11" && find . -type f | sort | xargs sha256sum) >"$T/a.sum"
(cd "$T/again" && find . -type f | sort | xargs sha256sum) >"$T/b.sum"
[ "$(wc -l <"$T/a.sum")" -ge 20 ]; ok $? "the demo writes every file it should ($(wc -l <"$T/a.sum") files)"
diff "$T/a.sum" "$T/b.sum" >"$T/diff"; ok $? "same seed, same bytes in every file: $(head -c 300 "$T/diff")"

# The indicators' part (issue 19): the baseline survey of 2022 beside the current one, the
# projects it decides, and what the store then holds
D11=$T/seed-11
I() { $B indicator "$@" --store "$D11/store.gpkg"; }
n23=$(ogrinfo -q "$D11/county.gpkg" -sql "SELECT COUNT(*) AS n FROM landuse_patch" | sed -n 's/.*n (Integer[0-9]*) = //p')
n22=$(ogrinfo -q "$D11/county-2022.gpkg" -sql "SELECT COUNT(*) AS n FROM landuse_patch WHERE SJNF = 2022" | sed -n 's/.*n (Integer[0-9]*) = //p')
[ -n "$n23" ] && [ "$n22" = "$n23" ]; ok $? "county-2022.gpkg: the same $n23 patches, surveyed in 2022"
I verify --json | jq -e '.ok and .batches > 0' > /dev/null; ok $? "indicator verify on the demo store"
I projects --json > "$T/p.json"
jq -e '(map(select(.state == "issued")) | length) >= 3 and (map(select(.state == "rejected")) | length) >= 3' "$T/p.json" > /dev/null
ok $? "demo projects: $(jq 'map(select(.state == "issued")) | length' "$T/p.json") issued, $(jq 'map(select(.state == "rejected")) | length' "$T/p.json") rejected"
# every rejection is the one its site was made for (indicator/projects.json "expect")
bad=0
for p in $(jq -r '.[] | select(.expect != "accepted") | .request.project' "$D11/indicator/projects.json"); do
    want=$(jq -r --arg p "$p" '.[] | select(.request.project == $p) | .expect' "$D11/indicator/projects.json")
    got=$(I show "$p" --json | jq -r '"rejected: " + ([.acceptance.check.rules[] | select(.passed | not) | .rule][0])')
    [ "$want" = "$got" ] || { bad=1; echo "# $p: $want, got $got"; }
done
[ $bad = 0 ]; ok $? "each rejected project failed the rule it was made for"
# an accepted reclamation against the survey's own fields: quantity = ⌊TBDLMJ⌋ (TBMJ less
# the field ridges, each rounded to 0.01 m²: within a unit), paddy all of it when 0101
p=$(jq -r '[.[] | select(.expect == "accepted" and .request.class == "cropland")][0].request.project' "$D11/indicator/projects.json")
I show "$p" --json > "$T/s.json"
q=$(jq '.acceptance.quantities.CRQ' "$T/s.json"); crp=$(jq '.acceptance.quantities.CRP // 0' "$T/s.json")
jq -r '.wkb' "$T/s.json" > /dev/null
wkt=$(jq -r --arg p "$p" '.[] | select(.request.project == $p) | .request.footprint' "$D11/indicator/projects.json")
row=$(ogrinfo -q "$D11/county.gpkg" -sql "SELECT TBDLMJ, DLBM FROM landuse_patch WHERE ST_Equals(geom, ST_GeomFromText('$wkt', 4528))" -dialect SQLite | sed -n 's/.*TBDLMJ (Real) = //p; s/.*DLBM (String) = //p' | tr '\n' ' ')
set -- $row
awk -v q="$q" -v t="${1:-0}" 'BEGIN { d = q - int(t); exit !(d >= -1 && d <= 1) }' &&
    { [ "${2:-}" = 0101 ] && [ "$crp" = "$q" ] || [ "${2:-}" != 0101 ] && [ "$crp" = 0 ]; }
ok $? "$p: CRQ $q = ⌊TBDLMJ ${1:-?}⌋ of its patch (DLBM ${2:-?}), paddy $crp"
I report --json | jq -e '.counties["331099"].accounts | to_entries | all(.value | .issued == .active + .locked + .retired + .cancelled + .deducted)' > /dev/null
ok $? "report: issued = active + locked + retired + cancelled + deducted on every account"
I obligations --json | jq -e 'length == 1 and .[0].state == "fulfilled"' > /dev/null
ok $? "the miner's cropland balance fulfilled from the county reserve"

# GDAL's validators, from python3-gdal (Debian's python, which has the osgeo bindings)
PY=/usr/bin/python3
V=/usr/lib/python3/dist-packages/osgeo_utils/samples
for g in $(cd "$T/seed-11" && find . -name '*.gpkg' | sort); do
    $PY "$V/validate_gpkg.py" "$T/seed-11/$g" >"$T/v" 2>&1
    ok $? "$g passes validate_gpkg.py: $(tail -c 300 "$T/v")"
done
for r in $(cd "$T/seed-11" && find . -name '*.tif' | sort); do
    $PY "$V/validate_cloud_optimized_geotiff.py" -q "$T/seed-11/$r" >"$T/v" 2>&1
    ok $? "$r is a valid cloud-optimised GeoTIFF: $(tail -c 300 "$T/v")"
done

# A run that fails part-way leaves nothing: a 24 MB file system holds the county's rasters and
# layers but not its register, so the demo fails while writing store.gpkg.
mkdir -p "$T/full"
if mount -t tmpfs -o size=24m tmpfs "$T/full" 2>/dev/null; then
    exits 2 "a demo on a full disk fails" $B demo --size small --seed 11 --out "$T/full/county"
    grep -q "store.gpkg" "$T/err"; ok $? "... while writing the register: $(head -c 200 "$T/err")"
    [ -z "$(ls -A "$T/full")" ]; ok $? "... and leaves nothing behind: $(ls "$T/full")"
    mkdir "$T/full/county" && echo keep >"$T/full/county/mine.txt"
    exits 2 "--force on a full disk fails" $B demo --seed 11 --out "$T/full/county" --force
    [ "$(ls -A "$T/full")" = county ] && [ "$(cat "$T/full/county/mine.txt")" = keep ]
    ok $? "... and leaves the existing folder as it was: $(ls -A "$T/full")"
    umount "$T/full"
else
    echo "ok $((n += 1)) - # SKIP a demo on a full disk: cannot mount a tmpfs here (not root)"
fi
exits 1 "an existing folder is refused" $B demo --seed 11 --out "$T/seed-11"
grep -q "use --force" "$T/err"; ok $? "... the command line says how: $(head -c 200 "$T/err")"
