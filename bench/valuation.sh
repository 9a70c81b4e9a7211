#!/usr/bin/env bash
# Every unit valued by its default method (called by bench/run.sh; runnable alone):
#   bench/valuation.sh build/release DEMO_LARGE_DIR
# On the large demo county (its register in store.gpkg, its base maps and parameters in
# valuation/): `liangshan value units` three times — the median run's phases (hashing the
# inputs, loading the base maps and the survey's patches, valuing every unit, writing) and
# units per second for the valuing and for the whole command — beside two floors measured in
# the same run: SQLite reading every unit's row and boundary (the sqlite3 shell), and OGR
# reading every survey patch (ogrinfo). Peak memory by GNU time.
set -euo pipefail
OUT=$1
DEMO=$2
B="$OUT/liangshan"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -f "$DEMO/valuation/defaults.json" ] || { echo "valuation: $DEMO has no valuation/defaults.json (liangshan demo --size large)"; exit 0; }
units=$(sqlite3 "$DEMO/store.gpkg" "SELECT count(*) FROM reg_unit WHERE end_seq IS NULL")
echo "== valuation: every unit by its default method, large demo county ($units units in force)"
floor() { # label cmd...
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/t.txt" "$@" > /dev/null 2>&1
    read -r secs kb < "$W/t.txt"
    printf "%-52s %7.2f s  %9.0f units/s  peak %6.0f MiB\n" "$label" "$secs" "$(echo "$units / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
    echo "$secs" > "$W/floor-$(basename "$1")"
}
floor "floor: SQLite reads every unit and boundary" sqlite3 "$DEMO/store.gpkg" \
    "SELECT count(*), sum(length(geom)), sum(area_m2) FROM reg_unit WHERE end_seq IS NULL"
floor "floor: OGR reads every survey patch" ogrinfo -q -al "$DEMO/county.gpkg" landuse_patch
for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$W/t$i.txt" "$B" value units --store "$DEMO/store.gpkg" \
        --defaults "$DEMO/valuation/defaults.json" --survey "$DEMO/county.gpkg" --out "$W/u" --force \
        > "$W/o$i.txt" 2> "$W/e$i.txt"
done
# the median run by its whole time
med=$(for i in 1 2 3; do echo "$(cut -d' ' -f1 "$W/t$i.txt") $i"; done | sort -n | sed -n 2p | cut -d' ' -f2)
read -r secs kb < "$W/t$med.txt"
printf "%-52s %7.2f s  %9.0f units/s  peak %6.0f MiB\n" "value units (median of 3)" "$secs" "$(echo "$units / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
sed 's/^value units: /    phases: /' "$W/e$med.txt"
head -1 "$W/o$med.txt" | sed 's/^/    /'
valuing=$(sed -n 's/.*valuing \([0-9.]*\),.*/\1/p' "$W/e$med.txt")
sq=$(cat "$W/floor-sqlite3")
echo "    goal ≥ 100,000 units/s: valuing $(echo "$units / $valuing" | bc) units/s, whole command $(echo "$units / $secs" | bc) units/s;" \
    "valuing / SQLite floor $(echo "$valuing / $sq" | bc -l | cut -c1-5)×"
