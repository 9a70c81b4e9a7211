#!/usr/bin/env bash
# Runs every test binary in OUT/tests (cmocka, TAP output) and every tests/cli/test_*.sh script
# (TAP too) against OUT/liangshan; prints each result and ends with "N passed, N failed".
set -uo pipefail
OUT=${1:?usage: tests/run.sh build/<variant>}
OUT=$(cd "$OUT" && pwd)
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export LIANGSHAN="$OUT/liangshan"
export LS_SHARED=${LS_SHARED:-"$(cd .. && pwd)/shared"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
TMPROOT=$(mktemp -d)
trap 'rm -rf "$TMPROOT"' EXIT
export LS_TEST_TMP="$TMPROOT"

passed=0 failed=0 skipped=0
run_one() { # name, command...
    local name=$1; shift
    local log="$TMPROOT/$(basename "$name").log"
    timeout 1800 "$@" >"$log" 2>&1
    local rc=$?
    local ok nok
    ok=$(grep -c '^ok ' "$log")
    # cmocka's TAP marks a skipped test "not ok N # SKIP": skipped, not failed
    skip=$(grep -c '^\(not \)\?ok [0-9]* *# SKIP' "$log")
    nok=$(grep '^not ok ' "$log" | grep -vc '# SKIP')
    ok=$((ok - $(grep -c '^ok [0-9]* *# SKIP' "$log")))
    skipped=$((skipped + skip))
    if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then nok=1; echo "not ok - $name exited with $rc"; fi
    passed=$((passed + ok)); failed=$((failed + nok))
    if [ "$nok" -gt 0 ]; then
        echo "# $name: $ok passed, $nok failed"; sed 's/^/#   /' "$log" | tail -60
    elif [ "$skip" -gt 0 ]; then
        echo "# $name: $ok passed, $skip skipped: $(grep -m1 '^# .*skipped' "$log" | sed 's/^# //')"
    else
        echo "# $name: $ok passed"
    fi
}

for t in "$OUT"/tests/test_*; do
    [ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
for t in "$OUT"/tests/replay_*; do
    name=${t##*/replay_}
    [ -x "$t" ] && run_one "replay $name" "$t" tests/fuzz/corpus/"${name#fuzz_}"
done
for t in tests/cli/test_*.sh; do
    [ -f "$t" ] && run_one "$(basename "$t")" bash "$t"
done
# the security suite (docs/security.md): attacks and damaged inputs, each a regression test
for t in tests/security/test_*.sh; do
    [ -f "$t" ] && run_one "security/$(basename "$t")" bash "$t"
    if grep -q '^# backends:.*postgres' "$t"; then
        run_one "security/$(basename "$t") [postgres]" env LS_SECURITY_BACKEND=postgres bash "$t"
    fi
done
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
