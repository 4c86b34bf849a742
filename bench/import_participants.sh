#!/usr/bin/env bash
# import_participants.sh BUILD_DIR — import of a participants CSV against the
# same-run baseline `sqlite3 .import` of the same file (see bench/README.md).
#
#   BENCH_ROWS    participants in the file          (default 1000000)
#   BENCH_SEED    generator seed                     (default 1)
#   BENCH_ROUNDS  timed rounds of each side, odd     (default 3)
#   BENCH_RATIO_LIMIT  attest / sqlite3 median limit (default 3.0)
#   BENCH_RSS_LIMIT_MB peak RSS limit of the import  (default 300)
#
# Exit status: 0 figures within the limits, 1 a limit exceeded, 2 the benchmark
# could not be run (missing tool, failed import, wrong row count).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
rows=${BENCH_ROWS:-1000000}
seed=${BENCH_SEED:-1}
rounds=${BENCH_ROUNDS:-3}
ratio_limit=${BENCH_RATIO_LIMIT:-3.0}
rss_limit_mb=${BENCH_RSS_LIMIT_MB:-300}

. "$here/lib.bash"
bench_setup import_participants "$build"

# ---- data: generated once per (rows, seed, generator version), then reused
gen="$here/gen_participants.py"
data="$here/out/participants-n$rows-s$seed"
stamp="rows=$rows seed=$seed gen=$(sha256sum "$gen" | cut -c1-16)"
bench_cached "$data" "$stamp" python3 "$gen" --out "$data" --rows "$rows" --seed "$seed"
csv="$data/participants.csv"

work="$here/out/work"
mkdir -p "$work"
times="$work/times"
: >"$times"


# One timed attest round: untimed init + municipalities + schools, then the
# timed import, then the check that all rows really landed.
run_attest() {
    local db="$work/attest.db" log="$work/attest.log"
    fresh "$db"
    {
        "$attest" --db "$db" init --country ru --year 2026 &&
        "$attest" --db "$db" import municipalities "$data/municipalities.csv" &&
        "$attest" --db "$db" import schools "$data/schools.csv"
    } >"$log" 2>&1 || { cat "$log" >&2; die "setting up the database failed (above)"; }
    if ! /usr/bin/time -o "$work/time" -f '%e %M' \
            "$attest" --db "$db" import participants "$csv" >"$log" 2>&1; then
        head -n 40 "$log" >&2
        die "attest import participants failed (first lines of its output above)"
    fi
    local got
    got=$("$attest" --db "$db" --json info |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["counts"]["participants"])') ||
        die "attest info --json failed"
    [ "$got" = "$rows" ] || die "attest imported $got participants, expected $rows — not a valid measurement"
    echo "attest $(cat "$work/time")" >>"$times"
}

run_sqlite() {
    local db="$work/sqlite.db"
    fresh "$db"
    /usr/bin/time -o "$work/time" -f '%e %M' sqlite3 "$db" ".mode csv" ".import '$csv' p" ||
        die "sqlite3 .import failed"
    local got
    got=$(sqlite3 "$db" "SELECT count(*) FROM p")
    [ "$got" = "$rows" ] || die "sqlite3 imported $got rows, expected $rows"
    echo "sqlite3 $(cat "$work/time")" >>"$times"
}

# Both sides read the file from the page cache.
cat "$csv" >/dev/null

# Alternate A B A B ... so drifts of the machine hit both sides alike.
for ((i = 1; i <= rounds; i++)); do
    echo "  round $i/$rounds: attest import ..." >&2
    run_attest
    echo "  round $i/$rounds: sqlite3 .import ..." >&2
    run_sqlite
done
fresh "$work/attest.db"
fresh "$work/sqlite.db"

python3 - "$times" "$rows" "$ratio_limit" "$rss_limit_mb" <<'EOF'
import statistics, sys
path, rows, ratio_limit, rss_limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
runs = {"attest": [], "sqlite3": []}
for line in open(path):
    who, sec, kb = line.split()
    runs[who].append((float(sec), int(kb)))
def side(who):
    secs = [s for s, _ in runs[who]]
    return statistics.median(secs), secs, max(kb for _, kb in runs[who]) / 1024
a_med, a_runs, a_mb = side("attest")
s_med, s_runs, s_mb = side("sqlite3")
ratio = a_med / s_med if s_med > 0 else float("inf")
ok_ratio, ok_mem = ratio <= ratio_limit, a_mb <= rss_limit
fmt = lambda xs: " ".join(f"{x:.2f}" for x in xs)
print(f"import participants ({rows:,} rows, validation on)")
print(f"  attest import      median {a_med:.2f} s  (runs {fmt(a_runs)})  peak RSS {a_mb:.0f} MB")
print(f"  sqlite3 .import    median {s_med:.2f} s  (runs {fmt(s_runs)})  peak RSS {s_mb:.0f} MB")
print(f"  ratio              {ratio:.2f}  (limit {ratio_limit:.1f}: {'OK' if ok_ratio else 'OVER'})")
print(f"  peak memory        {a_mb:.0f} MB (limit {rss_limit:.0f} MB: {'OK' if ok_mem else 'OVER'})")
sys.exit(0 if ok_ratio and ok_mem else 1)
EOF
