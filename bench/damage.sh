#!/usr/bin/env bash
# Damage discovery between two survey years (called by bench/run.sh; runnable alone):
#   bench/damage.sh build/release DEMO_LARGE_DIR
# On the large demo county: `liangshan damage discover` from the 2024 survey (county.gpkg) to the
# 2025 change survey (county-2025.gpkg), three runs, the median by wall time with its phases,
# beside a floor measured in the same run: OGR reading every patch of the later survey
# (ogrinfo). Issue 22's goal: ≤ 30 s on one core for 444,766 patches. Peak memory by GNU time.
set -euo pipefail
OUT=$1
DEMO=$2
B="$OUT/liangshan"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -f "$DEMO/county-2025.gpkg" ] || { echo "damage: $DEMO has no county-2025.gpkg (liangshan demo)"; exit 0; }
n=$(sqlite3 "$DEMO/county-2025.gpkg" "SELECT count(*) FROM landuse_patch")
echo "== damage discovery between two survey years, large demo county ($n patches a year)"
/usr/bin/time -f "%e %M" -o "$W/f.txt" ogrinfo -q -al "$DEMO/county-2025.gpkg" landuse_patch > /dev/null 2>&1
read -r fsecs fkb < "$W/f.txt"
printf "%-52s %7.2f s  peak %6.0f MiB\n" "floor: OGR reads every patch of the later survey" "$fsecs" "$(echo "$fkb / 1024" | bc -l)"
for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$W/t$i.txt" "$B" damage discover --data "$DEMO/county.gpkg" \
        --before "$DEMO/county.gpkg" --year-before 2024 --after "$DEMO/county-2025.gpkg" \
        --year-after 2025 --json > "$W/o$i.json"
done
med=$(for i in 1 2 3; do echo "$(cut -d' ' -f1 "$W/t$i.txt") $i"; done | sort -n | sed -n 2p | cut -d' ' -f2)
read -r secs kb < "$W/t$med.txt"
printf "%-52s %7.2f s  peak %6.0f MiB\n" "damage discover (median of 3)" "$secs" "$(echo "$kb / 1024" | bc -l)"
jq -r '.summary | "    \(.candidates) candidates (\(.construction_on_protected) construction on protected land, \(.cropland_lost) cropland lost); phases: load \(.seconds.load | . * 100 | round / 100) s, construction \(.seconds.construction | . * 100 | round / 100) s, cropland \(.seconds.cropland | . * 100 | round / 100) s"' "$W/o$med.json"
echo "    goal ≤ 30 s: $( [ "$(echo "$secs <= 30" | bc)" = 1 ] && echo met || echo MISSED ) ($secs s); discovery / OGR floor $(echo "$secs / $fsecs" | bc -l | cut -c1-5)×"
