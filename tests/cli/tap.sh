# TAP helpers the CLI test scripts source: ok CODE NAME, and exits WANT NAME CMD... which runs
# CMD with stdout in $T/out and stderr in $T/err and checks its exit code.
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
exits() { # code name cmd...
    local want=$1 name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    [ $rc -eq "$want" ]; ok $? "$name (exit $rc)"
}
