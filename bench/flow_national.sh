#!/usr/bin/env bash
# flow_national.sh [BUILD_DIR] — the school → exam point stage at national size:
# attest's min-cost flow (network simplex) against GLPK's out-of-kilter
# routine (glp_mincost_okalg) on the same generated instance (see
# bench/README.md). Exit: 0 within limits, 1 a limit exceeded or the optima
# differ, 2 could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.bash"
build=${1:-build}
bin=$build/flow_national
participants=${BENCH_FLOW_PARTICIPANTS:-1080000}
seed=${BENCH_SEED:-1}
rounds=${BENCH_ROUNDS:-3}
glpk_timeout=${BENCH_GLPK_TIMEOUT:-120}
speedup_min=${BENCH_FLOW_SPEEDUP_MIN:-20}
rss_limit_mb=${BENCH_FLOW_RSS_LIMIT_MB:-200}

[ -x "$bin" ] || { echo "flow_national.sh: $bin not built (run make bench)" >&2; exit 2; }

field() { # field KEY LINE
    local kv
    for kv in $2; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done
    echo ""
}

times=() runs="" cost="" peak=0 line=""
for ((i = 1; i <= rounds; i++)); do
    echo "attest round $i/$rounds" >&2
    line=$("$bin" --participants "$participants" --seed "$seed" --solver attest) || {
        echo "flow_national.sh: attest run failed: $line" >&2; exit 2; }
    [ "$(field status "$line")" = optimal ] && [ "$(field verified "$line")" = 1 ] || {
        echo "flow_national.sh: attest did not produce a verified optimum: $line" >&2; exit 2; }
    c=$(field cost "$line")
    [ -z "$cost" ] || [ "$cost" = "$c" ] || { echo "flow_national.sh: costs differ between runs" >&2; exit 1; }
    cost=$c
    s=$(field seconds "$line")
    times+=("$s")
    runs="$runs $(printf '%.3f' "$s")"
    r=$(field peak_rss_kb "$line")
    [ "$r" -gt "$peak" ] && peak=$r
done
med=$(median "${times[@]}")

echo "GLPK glp_mincost_okalg, one run, timeout ${glpk_timeout} s" >&2
grc=0
gline=$(timeout "$glpk_timeout" "$bin" --participants "$participants" --seed "$seed" --solver glpk) || grc=$?

echo "min-cost flow, school -> exam point (national day)"
echo "  instance           $(field participants "$line") participants, $(field schools "$line") schools, $(field points "$line") points, $(field territories "$line") territories, $(field arcs "$line") arcs"
printf '  attest simplex     median %.3f s  (runs%s)  peak RSS %d MB\n' "$med" "$runs" $((peak / 1024))
status=0
if [ "$grc" -eq 124 ]; then
    gsec=$glpk_timeout
    echo "  GLPK okalg         > ${glpk_timeout} s (stopped)"
    echo "  optimal cost       attest $cost; GLPK did not finish"
elif [ "$grc" -ne 0 ]; then
    echo "flow_national.sh: GLPK run failed (status $grc): $gline" >&2
    exit 2
else
    gsec=$(field seconds "$gline")
    gcost=$(field cost "$gline")
    printf '  GLPK okalg         %.2f s (one run)  peak RSS %d MB\n' "$gsec" $(($(field peak_rss_kb "$gline") / 1024))
    if [ "$gcost" = "$cost" ]; then
        echo "  optimal cost       attest $cost = GLPK $gcost"
    else
        echo "  optimal cost       attest $cost != GLPK $gcost: DIFFER"
        status=1
    fi
fi
speedup=$(awk -v g="$gsec" -v a="$med" 'BEGIN {printf "%.0f", g / a}')
verdict=OK
awk -v g="$gsec" -v a="$med" -v l="$speedup_min" 'BEGIN {exit !(g / a >= l)}' || { verdict=EXCEEDED; status=1; }
[ "$grc" -eq 124 ] && speedup=">$speedup"
echo "  speed-up           ${speedup}x  (limit >= ${speedup_min}x: $verdict)"
verdict=OK
[ $((peak / 1024)) -le "$rss_limit_mb" ] || { verdict=EXCEEDED; status=1; }
echo "  peak memory        $((peak / 1024)) MB (limit ${rss_limit_mb} MB: $verdict)"
exit "$status"
