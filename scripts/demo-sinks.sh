#!/usr/bin/env bash
# The demo county's sinks (碳汇, issue 19), which `liangshan demo` writes apart because it runs
# no GEP account: each registered and checked against the 2023 GEP run `make demo` has just
# made (its carbon sequestration over the footprint, less the buffer): accepted and issued
# to its owner when it passes, rejected by the rule it fails when that is what it expects.
# Usage: scripts/demo-sinks.sh LIANGSHAN COUNTY_DIR
set -euo pipefail
B=$1 D=$2
S="$D/store.gpkg"
n=$(jq length "$D/indicator/sinks.json")
for i in $(seq 0 $((n - 1))); do
    jq ".[$i].request" "$D/indicator/sinks.json" > "$D/indicator/sink-$i.json"
    p=$(jq -r .project "$D/indicator/sink-$i.json")
    expect=$(jq -r ".[$i].expect" "$D/indicator/sinks.json")
    "$B" indicator project "$D/indicator/sink-$i.json" --store "$S" --actor demo-registrar \
        --recorded 2024-03-01T09:00:00Z >/dev/null
    if "$B" indicator accept "$p" --data "$D/county.gpkg" --baseline "$D/county-2022.gpkg" \
        --gep "$D/gep-2023" --date 2024-06-30 --store "$S" --actor demo-reviewer \
        --recorded 2024-06-30T09:00:00Z --json > "$D/indicator/sink-$i-check.json" 2>/dev/null; then
        [ "$expect" = accepted ] || { echo "demo sink $p: accepted, expected $expect" >&2; exit 1; }
        "$B" indicator issue "$p" --date 2024-07-01 --store "$S" --actor demo-registrar \
            --recorded 2024-07-01T09:00:00Z >/dev/null
        echo "demo sink $p: $("$B" indicator show "$p" --store "$S" --json | jq -r '.batches[0].units') kgCO2e issued"
    else
        rule=$(jq -r '[.rules[] | select(.passed | not) | .rule][0]' "$D/indicator/sink-$i-check.json")
        [ "$expect" = "rejected: $rule" ] || { echo "demo sink $p: failed $rule, expected $expect" >&2; exit 1; }
        "$B" indicator reject "$p" --reason "验收未通过：$rule" --check "$D/indicator/sink-$i-check.json" \
            --date 2024-06-30 --store "$S" \
            --actor demo-reviewer --recorded 2024-06-30T09:00:00Z >/dev/null
        echo "demo sink $p: rejected ($rule)"
    fi
done
