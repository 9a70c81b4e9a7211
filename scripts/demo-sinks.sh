#!/usr/bin/env bash
# The demo county's forest sink (碳汇, issue 19): registered, accepted against the 2023 GEP
# run `make demo` has just made (its carbon sequestration over the footprint, less the
# buffer) and issued to its owner — what `liangshan demo` cannot do, as it runs no account.
# Usage: scripts/demo-sinks.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
for p in $(jq -r '.[].project' "$D/indicator/sinks.json"); do
    jq --arg p "$p" '.[] | select(.project == $p)' "$D/indicator/sinks.json" > "$D/indicator/$p.json"
    "$B" indicator project "$D/indicator/$p.json" --store "$S" --actor demo-registrar \
        --recorded 2024-03-01T09:00:00Z >/dev/null
    "$B" indicator accept "$p" --data "$D/county.gpkg" --baseline "$D/county-2022.gpkg" \
        --gep "$D/gep-2023" --date 2024-06-30 --store "$S" --actor demo-reviewer \
        --recorded 2024-06-30T09:00:00Z >/dev/null
    "$B" indicator issue "$p" --date 2024-07-01 --store "$S" --actor demo-registrar \
        --recorded 2024-07-01T09:00:00Z >/dev/null
    echo "demo sink $p: $("$B" indicator show "$p" --store "$S" --json | jq -r '.batches[0].units') kgCO2e issued"
done
