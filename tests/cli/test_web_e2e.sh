#!/usr/bin/env bash
# The web UI end to end in headless Chromium (tests/e2e/ui.mjs) against `liangshan serve` on
# the demo county. Screenshots and the downloaded spreadsheet are kept in OUT/test-artifacts/.
set -u
B=${LIANGSHAN:?}
T=$(mktemp -d "${LS_TEST_TMP:-/tmp}/e2e.XXXXXX")
. "$(dirname "$0")/tap.sh"
OUT=$(dirname "$B")
ART="$OUT/test-artifacts/web"
rm -rf "$ART"

$B demo --out "$T/c" --seed 1 >/dev/null && $B gep run "$T/c/gep-account.json" --out "$T/c/gep-2023" >/dev/null &&
    $B gep attribute "$T/c/gep-2023" --store "$T/c/store.gpkg" --out "$T/c/gep-2023-units.csv" >/dev/null
ok $? "demo county with its 2023 account, attributed to the registry's units"
# its sinks issued and three days of trading on CCS-33, as `make demo` has them
scripts/demo-sinks.sh "$B" "$T/c" >/dev/null && scripts/demo-market.sh "$B" "$T/c" >/dev/null &&
    scripts/demo-bundle.sh "$B" "$T/c" >/dev/null && scripts/demo-contract.sh "$B" "$T/c" >/dev/null &&
    scripts/demo-plan.sh "$B" "$T/c" >/dev/null && scripts/demo-compensation.sh "$B" "$T/c" >/dev/null &&
    scripts/demo-damage.sh "$B" "$T/c" >/dev/null &&
    jq '.allocation = "LS-ECO-2025" | .year = 2025 | .pool_wan = 3200' "$T/c/compensation/LS-ECO-2024.json" > "$T/c/compensation/LS-ECO-2025.json" &&
    $B compensate allocate "$T/c/compensation/LS-ECO-2025.json" --store "$T/c/store.gpkg" --actor acc1 >/dev/null &&
    $B demo --province 4 --seed 1 --out "$T/c/province" >/dev/null &&
    scripts/demo-province.sh "$B" "$T/c/province" "$T/c/store.gpkg" >/dev/null
ok $? "the demo's sinks issued, its market history, its eco-tourism bundle, its two contracts, its allocation plan, its compensation and its damage cases recorded (and a 2025 allocation awaiting publication); the province demo's transfer over its four counties"
# a draft: a run in the jobs folder (the data folder here), seen by logged-in users only
cp -r "$T/c/gep-2023" "$T/c/run-1"; ok $? "a draft account run-1"
for u in rev1:reviewer adm1:administrator aud1:auditor acc1:accountant reg1:registrar; do
    echo "pw-${u%%:*}-secret" | $B user add "${u%%:*}" --role "${u##*:}" --store "$T/c/store.gpkg" --password-file - >/dev/null
done
# a trader acting for the mining company E03, the holder of the demo's traded quota
echo "pw-trd1-secret" | $B user add trd1 --role trader --party E03 --store "$T/c/store.gpkg" --password-file - >/dev/null
# the trading centre, which closes a listing during the walk
echo "pw-ctr1-secret" | $B user add ctr1 --role centre --store "$T/c/store.gpkg" --password-file - >/dev/null
# one for E02, which bids against E03 at a listing's on-site auction
echo "pw-trd3-secret" | $B user add trd3 --role trader --party E02 --store "$T/c/store.gpkg" --password-file - >/dev/null
# and one for E01, whose order arrives while the trading hall is open
echo "pw-trd2-secret" | $B user add trd2 --role trader --party E01 --store "$T/c/store.gpkg" --password-file - >/dev/null
read -r PX PY < <(ogrinfo -q -dialect sqlite -sql "SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM eco_redline ORDER BY ST_Area(geom) DESC LIMIT 1" "$T/c/county.gpkg" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{print x, y}')
{
    printf '[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=40\n精度=0.001\n[地块坐标]\n'
    # two parcels of one project: the second 300 m east of the first
    for k in 0 1; do
        awk -v x="$PX" -v y="$PY" -v k="$k" 'BEGIN{x += 300 * k; printf "5,1.4400,DK0%d,红线内地块,面,,工业用地,0601,@\n", k + 1
            printf "J1,1,%d.000,%d.000\nJ2,1,%d.000,%d.000\nJ3,1,%d.000,%d.000\nJ4,1,%d.000,%d.000\nJ1,1,%d.000,%d.000\n",
            y-60,x-60, y-60,x+60, y+60,x+60, y+60,x-60, y-60,x-60}'
    done
} > "$T/项目红线坐标.txt"

$B serve --store "$T/c/store.gpkg" --data "$T/c" --web "$OUT/web" --listen 127.0.0.1:0 --quiet --market-clock requests >"$T/serve.out" 2>"$T/serve.log" &
SPID=$!
for _ in $(seq 1 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve.out")
[ -n "$PORT" ]; ok $? "the server listens"

node tests/e2e/ui.mjs "http://127.0.0.1:$PORT" "$T/项目红线坐标.txt" "$ART" "$T/c/gep-2023/carbon_sequestration_value.tif" > "$T/e2e.tap" 2>&1
rc=$?
grep -E '^(not )?ok ' "$T/e2e.tap" | sed -E 's/^(not )?ok [0-9]+ - /\1/' | while IFS= read -r line; do
    case "$line" in "not "*) echo "not ok - browser: ${line#not }" ;; *) echo "ok - browser: $line" ;; esac
done
[ $rc -eq 0 ]; ok $? "the browser walk-through passed (screenshots in $ART)"
# the whole TAP beside the screenshots, and a failure's own lines first: a check that failed
# early in the walk is otherwise lost behind the last twenty
cp "$T/e2e.tap" "$ART/e2e.tap" 2>/dev/null
[ $rc -eq 0 ] || { grep -E '^not ok|Error|error' "$T/e2e.tap" | head -20; tail -20 "$T/e2e.tap"; } | sed 's/^/# /'
kill -TERM $SPID; wait $SPID
ok $? "the server stops cleanly"
rm -rf "$T"
echo "1..$n"
