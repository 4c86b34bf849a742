#!/usr/bin/env bash
# score_sheets.sh BUILD_DIR — results of one ЕГЭ-like exam for N participants:
# attest imports, checks and converts the answer sheets and the expert marks,
# against the same-run baseline `sqlite3 .import` of the same two CSV files
# plus one SQL statement computing the same scores (see bench/README.md).
#
#   BENCH_SHEETS  participants / answer sheets        (default 1000000)
#   BENCH_SEED    generator seed                      (default 1)
#   BENCH_ROUNDS  timed rounds of each side, odd      (default 3)
#   BENCH_SCORE_RATIO_LIMIT   attest / baseline median limit (default 1.5)
#   BENCH_SCORE_RSS_LIMIT_MB  peak RSS limit of attest        (default 800)
#
# Exit status: 0 figures within the limits, 1 a limit exceeded, 2 the benchmark
# could not be run (missing tool, failed import, scores that differ).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-build}
rows=${BENCH_SHEETS:-1000000}
seed=${BENCH_SEED:-1}
rounds=${BENCH_ROUNDS:-3}
ratio_limit=${BENCH_SCORE_RATIO_LIMIT:-1.5}
rss_limit_mb=${BENCH_SCORE_RSS_LIMIT_MB:-800}

. "$here/lib.bash"
bench_setup score_sheets "$build"

# ---- data: generated once per (rows, seed, generator version), then reused
gen="$here/gen_sheets.py"
data="$here/out/sheets-n$rows-s$seed"
stamp="rows=$rows seed=$seed gen=$(sha256sum "$gen" | cut -c1-16)"
bench_cached "$data" "$stamp" python3 "$gen" --out "$data" --rows "$rows" --seed "$seed"

work="$here/out/work-score"
mkdir -p "$work"
times="$work/times"
: >"$times"

# ---- the registry, prepared once per run and not timed: init, territories,
# participants, experts, the exam and its paper.
prepared="$work/prepared.db"
fresh "$prepared"
echo "  preparing the registry ($rows participants) ..." >&2
{
    "$attest" --db "$prepared" init --country ru --year 2026 &&
    for e in municipalities schools participants staff exams; do
        "$attest" --db "$prepared" import "$e" "$data/$e.csv" || exit 1
    done &&
    "$attest" --db "$prepared" score paper "$data/paper.csv"
} >"$work/prepare.log" 2>&1 || { tail -n 20 "$work/prepare.log" >&2; die "preparing the database failed (above)"; }
[ ! -e "$prepared-wal" ] || die "the prepared database still has a WAL file"

# ---- the baseline's one SQL statement, written from the paper and the profile
sql="$work/baseline.sql"
python3 "$here/score_baseline.py" "$data/paper.csv" "$root/data/rules/ru-gia11-2026.json" rus >"$sql" ||
    die "writing the baseline SQL failed"

present=$(python3 -c 'import csv,sys; print(sum(r["status"] == "present" for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$data/sheets.csv")

# One attest round on a fresh copy of the prepared database: the sheets
# (import, check of every short answer, work codes, results), then the expert
# marks (final marks, third check, primary and test scores as new versions).
run_attest() {
    local db="$work/attest.db" log="$work/attest.log" t1 t2
    fresh "$db"
    cp "$prepared" "$db"
    sync "$db" # written back before the timed import, which would otherwise pay for it
    /usr/bin/time -o "$work/time1" -f '%e %M' "$attest" --db "$db" score import "$data/sheets.csv" >"$log" 2>&1 ||
        { head -n 40 "$log" >&2; die "attest score import failed (first lines of its output above)"; }
    /usr/bin/time -o "$work/time2" -f '%e %M' "$attest" --db "$db" experts import "$data/marks.csv" >"$log" 2>&1 ||
        { head -n 40 "$log" >&2; die "attest experts import failed (first lines of its output above)"; }
    local got
    got=$(sqlite3 "$db" "SELECT count(*) FROM results WHERE status = 'scored' AND primary_score IS NOT NULL")
    [ "$got" = "$present" ] || die "attest scored $got sheets, expected $present — not a valid measurement"
    read -r t1 m1 <"$work/time1"
    read -r t2 m2 <"$work/time2"
    echo "attest $t1 $m1 $t2 $m2" >>"$times"
}

run_sqlite() {
    local db="$work/sqlite.db"
    fresh "$db"
    /usr/bin/time -o "$work/time" -f '%e %M' sqlite3 "$db" ".mode csv" ".import '$data/sheets.csv' s" \
        ".import '$data/marks.csv' m" ".read '$sql'" || die "the sqlite3 baseline failed"
    local got
    got=$(sqlite3 "$db" "SELECT count(*) FROM b WHERE primary_score IS NOT NULL")
    [ "$got" = "$present" ] || die "the baseline scored $got sheets, expected $present"
    echo "sqlite3 $(cat "$work/time")" >>"$times"
}

# Both sides read the files from the page cache.
cat "$data/sheets.csv" "$data/marks.csv" >/dev/null

for ((i = 1; i <= rounds; i++)); do
    echo "  round $i/$rounds: attest score import + experts import ..." >&2
    run_attest
    echo "  round $i/$rounds: sqlite3 .import + one SQL statement ..." >&2
    run_sqlite
done

# Every participant's scores, attest's (the last round) against the baseline's.
cmp=$(sqlite3 "$work/attest.db" "ATTACH '$work/sqlite.db' AS x;
  SELECT count(*),
         sum(r.short_score IS NOT b.short_score OR r.extended_score IS NOT b.extended_score
             OR r.primary_score IS NOT b.primary_score OR r.test_score IS NOT b.test_score),
         (SELECT count(*) FROM x.b), (SELECT count(*) FROM results)
  FROM results r JOIN x.b b ON b.document = r.document WHERE r.exam_code = 'RUS11'") ||
    die "comparing the scores failed"
IFS='|' read -r joined differ nbase nattest <<<"$cmp"
if [ "$joined" != "$rows" ] || [ "$nbase" != "$rows" ] || [ "$nattest" != "$rows" ] || [ "$differ" != 0 ]; then
    sqlite3 "$work/attest.db" "ATTACH '$work/sqlite.db' AS x;
      SELECT r.document, r.short_score, b.short_score, r.extended_score, b.extended_score, r.test_score, b.test_score
      FROM results r JOIN x.b b ON b.document = r.document
      WHERE r.primary_score IS NOT b.primary_score OR r.test_score IS NOT b.test_score LIMIT 10" >&2
    die "scores differ: $differ of $joined participants (attest $nattest results, baseline $nbase rows)"
fi
fresh "$work/attest.db"
fresh "$work/sqlite.db"

python3 - "$times" "$rows" "$present" "$ratio_limit" "$rss_limit_mb" <<'EOF'
import statistics, sys
path, rows, present, ratio_limit, rss_limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
att, base = [], []
for line in open(path):
    f = line.split()
    if f[0] == "attest":
        att.append((float(f[1]), float(f[3]), max(int(f[2]), int(f[4]))))
    else:
        base.append((float(f[1]), int(f[2])))
tot = [a + b for a, b, _ in att]
a_med, s_med = statistics.median(tot), statistics.median(s for s, _ in base)
a_mb, s_mb = max(kb for *_, kb in att) / 1024, max(kb for _, kb in base) / 1024
ratio = a_med / s_med if s_med > 0 else float("inf")
ok_ratio, ok_mem = ratio <= ratio_limit, a_mb <= rss_limit
fmt = lambda xs: " ".join(f"{x:.1f}" for x in xs)
print(f"results of an ЕГЭ-like paper: {rows:,} answer sheets ({present:,} present; 26 short items, 12 criteria, "
      f"2-3 expert marks each)")
print(f"  attest             median {a_med:.1f} s  (runs {fmt(tot)})  peak RSS {a_mb:.0f} MB")
print(f"    score import     median {statistics.median(a for a, _, _ in att):.1f} s  (runs {fmt(a for a, _, _ in att)})")
print(f"    experts import   median {statistics.median(b for _, b, _ in att):.1f} s  (runs {fmt(b for _, b, _ in att)})")
print(f"  sqlite3 .import + one SQL statement   median {s_med:.1f} s  (runs {fmt(s for s, _ in base)})  peak RSS {s_mb:.0f} MB")
print(f"  scores             equal for all {rows:,} participants (short, extended, primary, test)")
print(f"  ratio              {ratio:.2f}  (limit {ratio_limit:.1f}: {'OK' if ok_ratio else 'OVER'})")
print(f"  peak memory        {a_mb:.0f} MB (limit {rss_limit:.0f} MB: {'OK' if ok_mem else 'OVER'})")
sys.exit(0 if ok_ratio and ok_mem else 1)
EOF
