# Shared by the benchmark scripts (sourced): row LABEL CELLS THREADS CMD... runs CMD under GNU
# time and prints label, threads, wall seconds, million cells per second and peak MiB. Needs $W.
row() {
    local label=$1 cells=$2 thr=$3; shift 3
    /usr/bin/time -f "%e %M" -o "$W/t.txt" "$@" > "$W/cmd.log" 2>&1 || {
        echo "$label: FAILED ($(tail -1 "$W/cmd.log"))"; return 0; }
    read -r secs kb < "$W/t.txt"
    awk -v l="$label" -v c="$cells" -v t="$thr" -v s="$secs" -v k="$kb" 'BEGIN {
        printf "%-44s %2s thr %8.2f s %9.2f Mcells/s %9.0f MiB\n", l, t, s, (s > 0 ? c / s / 1e6 : 0), k / 1024 }'
}
