#!/usr/bin/env bash
# seat_milp.sh — the school → exam point model solved as a MILP by
# off-the-shelf solvers (glpsol, and cbc when installed) against attest.
#
#   seat_milp.sh MODEL.lp ATTEST_COST ATTEST_SECONDS
#       MODEL.lp is the model attest solved, written by mcf_write_lp (attest
#       seat run --model-out, or flow_national --lp); ATTEST_COST is attest's
#       optimal travel objective, ATTEST_SECONDS its solve time. Runs each
#       solver once with a time limit and prints its time, objective and
#       status, the gap of attest's objective to the best MILP objective and
#       the speed-up.
#   seat_milp.sh [BUILD_DIR]
#       the benchmark (bench/run.sh calls it so): attest's own demo days of
#       2,000 and 20,000 participants (attest demo --participants N, cached in
#       bench/out), `attest seat run --date D --model-out FILE.lp --json`
#       BENCH_ROUNDS times on a fresh copy (attest's time: the median of its
#       solve_seconds; the objective: its model_cost), then the comparison
#       above on FILE.lp.
#
# Knobs: BENCH_ROUNDS (3), BENCH_SEED (1), BENCH_MILP_DATE (2026-06-04),
# BENCH_MILP_TIMEOUT (300 s per solver). Limits: gap <= BENCH_GAP_LIMIT % (1),
# speed-up >= BENCH_SPEEDUP_MIN (50; in the benchmark only for 20,000
# participants). Exit 0 within limits, 1 a limit exceeded, 2 could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.bash"
tmlim=${BENCH_MILP_TIMEOUT:-300}
gap_limit=${BENCH_GAP_LIMIT:-1}

compare() { # compare MODEL COST SECONDS SPEEDUP_MIN
    local model=$1 acost=$2 asec=$3 smin=$4
    [ -r "$model" ] || { echo "seat_milp.sh: cannot read $model" >&2; return 2; }
    command -v glpsol >/dev/null || { echo "seat_milp.sh: glpsol not installed (Debian glpk-utils; make bench installs it)" >&2; return 2; }
    local out; out=$(mktemp -d)
    local best="" bestsec="" status=0 name t0 t1 sec obj st
    printf '  %-22s %10.6f s  objective %s\n' "attest (network simplex)" "$asec" "$acost"
    for name in glpsol cbc; do
        command -v "$name" >/dev/null || { echo "  $name                 not installed (skipped)"; continue; }
        echo "$name on $(basename "$model"), time limit ${tmlim} s" >&2
        t0=$(date +%s.%N)
        if [ "$name" = glpsol ]; then
            glpsol --lp "$model" --tmlim "$tmlim" -o "$out/glpsol.txt" >"$out/glpsol.log" 2>&1 || true
            t1=$(date +%s.%N)
            obj=$(awk '/^Objective:/ {print $4}' "$out/glpsol.txt" 2>/dev/null || true)
            st=$(awk -F': *' '/^Status:/ {print $2}' "$out/glpsol.txt" 2>/dev/null || true)
        else
            cbc "$model" sec "$tmlim" solve solu "$out/cbc.txt" >"$out/cbc.log" 2>&1 || true
            t1=$(date +%s.%N)
            obj=$(awk 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "value") print $(i + 1)}' "$out/cbc.txt" 2>/dev/null || true)
            st=$(awk -F' - ' 'NR == 1 {print $1}' "$out/cbc.txt" 2>/dev/null || true)
        fi
        sec=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
        if [ -z "$obj" ]; then
            printf '  %-22s %10s s  no solution (%s)\n' "$name (MILP)" "$sec" "${st:-no output}"
            continue
        fi
        obj=$(awk -v x="$obj" 'BEGIN {printf "%.0f", x}')
        printf '  %-22s %10s s  objective %s (%s)\n' "$name (MILP)" "$sec" "$obj" "$st"
        if [ -z "$best" ] || [ "$obj" -lt "$best" ]; then best=$obj; fi
        if [ -z "$bestsec" ] || awk -v a="$sec" -v b="$bestsec" 'BEGIN {exit !(a < b)}'; then bestsec=$sec; fi
    done
    rm -rf "$out"
    [ -n "$best" ] || { echo "seat_milp.sh: no MILP solver produced an objective" >&2; return 2; }
    local gap verdict=OK speed
    gap=$(awk -v a="$acost" -v b="$best" 'BEGIN {printf "%.4f", (a - b) / (b < 0 ? -b : (b == 0 ? 1 : b)) * 100}')
    awk -v g="$gap" -v l="$gap_limit" 'BEGIN {exit !(g <= l)}' || { verdict=EXCEEDED; status=1; }
    echo "  gap                    ${gap} % of attest's objective to the best MILP objective (limit ${gap_limit} %: $verdict)"
    speed=$(awk -v m="$bestsec" -v a="$asec" 'BEGIN {printf "%.0f", m / (a > 0 ? a : 1e-9)}')
    verdict=OK
    if awk -v s="$smin" 'BEGIN {exit !(s > 0)}'; then
        awk -v m="$bestsec" -v a="$asec" -v l="$smin" 'BEGIN {exit !(m / (a > 0 ? a : 1e-9) >= l)}' || { verdict=EXCEEDED; status=1; }
        echo "  speed-up               ${speed}x against the fastest MILP solver (limit >= ${smin}x: $verdict)"
    else
        echo "  speed-up               ${speed}x against the fastest MILP solver (no limit at this size)"
    fi
    return "$status"
}

if [ $# -eq 3 ]; then
    echo "school -> exam point model $1 as a MILP"
    rc=0
    compare "$1" "$2" "$3" "${BENCH_SPEEDUP_MIN:-50}" || rc=$?
    exit "$rc"
fi
[ $# -le 1 ] || { echo "usage: seat_milp.sh MODEL.lp ATTEST_COST ATTEST_SECONDS | seat_milp.sh [BUILD_DIR]" >&2; exit 2; }

build=${1:-build}
attest=$(cd "$build" 2>/dev/null && pwd)/src/cli/attest
[ -x "$attest" ] || { echo "seat_milp.sh: $build/src/cli/attest not built (run make bench)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "seat_milp.sh: sqlite3 is missing (Debian package sqlite3)" >&2; exit 2; }
rounds=${BENCH_ROUNDS:-3}
seed=${BENCH_SEED:-1}
date=${BENCH_MILP_DATE:-2026-06-04}
root=$(cd "$here/.." && pwd)
mkdir -p "$here/out"
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$1" "$2"; }
# the demo generator: its code, its data and the schema it writes
gen=$(cd "$root" && cat src/demo/*.[ch] src/store/migrations/*.sql $(find data -type f | sort) | sha256sum | cut -c1-16)

status=0
for n in 2000 20000; do
    data=$here/out/seat-milp-ru-n$n-s$seed
    stamp="participants=$n seed=$seed year=2026 gen=$gen"
    if [ "$(cat "$data/STAMP" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$data" && mkdir -p "$data"
        "$attest" --db "$data/demo.db" demo --country ru --participants "$n" --seed "$seed" --year 2026 --no-results \
            >"$data/demo.log" 2>&1 || { tail -n 20 "$data/demo.log" >&2; echo "seat_milp.sh: attest demo failed" >&2; exit 2; }
        echo "$stamp" >"$data/STAMP"
    fi
    model=$here/out/seat_milp_$n.lp
    work=$here/out/seat_milp_$n.db
    solve=() total=() cost=""
    for ((i = 1; i <= rounds; i++)); do
        echo "attest round $i/$rounds, demo of $n participants, $date" >&2
        rm -f "$work" "$work-wal" "$work-shm"
        cp "$data/demo.db" "$work"
        "$attest" --db "$work" --json seat run --date "$date" --seed "$seed" --model-out "$model" \
            >"$work.json" 2>"$work.err" || { cat "$work.err" >&2; echo "seat_milp.sh: attest seat run failed" >&2; exit 2; }
        [ "$(jget "$work.json" status)" = ok ] && [ "$(jget "$work.json" seated)" = "$(jget "$work.json" sittings)" ] || {
            echo "seat_milp.sh: attest seat run did not seat every sitting" >&2; exit 2; }
        c=$(jget "$work.json" model_cost)
        [ -z "$cost" ] || [ "$cost" = "$c" ] || { echo "seat_milp.sh: model costs differ between runs" >&2; exit 1; }
        cost=$c
        solve+=("$(jget "$work.json" solve_seconds)")
        total+=("$(jget "$work.json" total_seconds)")
    done
    [ -s "$model" ] && [ "$cost" -gt 0 ] || { echo "seat_milp.sh: attest wrote no model" >&2; exit 2; }
    med=$(median "${solve[@]}")
    tmed=$(median "${total[@]}")
    vars=$(grep -c '^ *0 <= x' "$model" || true)
    smin=0
    [ "$n" -ge 20000 ] && smin=${BENCH_SPEEDUP_MIN:-50}
    echo "school -> exam point as a MILP: attest seat run on a demo of $n participants, $date"
    echo "  day                    $(jget "$work.json" sittings) participants' exams, $(jget "$work.json" schools) schools, $(jget "$work.json" points_used) points used; model: $vars arcs ($(basename "$model"))"
    printf '  %-22s solver %s s; whole seat run median %.3f s\n' "attest runs" \
        "$(printf '%.6f ' "${solve[@]}" | sed 's/ $//')" "$tmed"
    rc=0
    compare "$model" "$cost" "$med" "$smin" || rc=$?
    [ "$rc" -gt "$status" ] && status=$rc
    rm -f "$work" "$work-wal" "$work-shm" "$work.json" "$work.err"
    echo
done
exit "$status"
