#!/usr/bin/env bash
# seat_national.sh BUILD_DIR — a national exam day: `attest seat run` and
# `attest seat staff` on a generated RU demo of ~1,000,000 participants' exams
# on one date, against the same-run floor of the sqlite3 shell doing the same
# read and writing as many seating rows (see bench/README.md).
#
#   BENCH_SEAT_PARTICIPANTS  demo participants        (default 2500000)
#   BENCH_SEAT_DATE          the exam day             (default 2026-06-04)
#   BENCH_SEED               demo and seating seed    (default 1)
#   BENCH_ROUNDS             timed rounds, odd        (default 3)
#   BENCH_SEAT_TIME_LIMIT    seat run + seat staff medians, seconds (default 10)
#   BENCH_SEAT_RSS_LIMIT_MB  peak RSS of either command (default 2048)
#
# Exit status: 0 within the limits, 1 a limit exceeded, 2 the benchmark could
# not be run (missing tool, a command failed or did not do its work).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-build}
participants=${BENCH_SEAT_PARTICIPANTS:-2500000}
date=${BENCH_SEAT_DATE:-2026-06-04}
seed=${BENCH_SEED:-1}
rounds=${BENCH_ROUNDS:-3}
time_limit=${BENCH_SEAT_TIME_LIMIT:-10}
rss_limit_mb=${BENCH_SEAT_RSS_LIMIT_MB:-2048}

. "$here/lib.bash"
bench_setup seat_national "$build"

# ---- data: generated once per (participants, seed, generator), then reused.
# The generator is the demo's code, its data (rules, calendars, schedules) and
# the schema it writes.
gen=$(cd "$root" && cat src/demo/*.[ch] src/store/migrations/*.sql $(find data -type f | sort) | sha256sum | cut -c1-16)
data="$here/out/seat-national-ru-n$participants-s$seed"
stamp="participants=$participants seed=$seed year=2026 gen=$gen"
if [ "$(cat "$data/STAMP" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    echo "generating the demo of $participants participants (once; cached in $data) ..." >&2
    "$attest" --db "$data/demo.db" demo --country ru --participants "$participants" --seed "$seed" --year 2026 --no-results \
        >"$data/demo.log" 2>&1 || { tail -n 20 "$data/demo.log" >&2; die "attest demo failed (above)"; }
    sqlite3 "$data/demo.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    echo "$stamp" >"$data/STAMP"
fi
db0="$data/demo.db"

work="$here/out/work-seat"
mkdir -p "$work"
times="$work/times"
: >"$times"
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$1" "$2"; }

# What the floor writes: the date's sittings by one SQL join (the query a
# straightforward store would run), then the same number of seating rows into
# the seatings table with its indexes dropped and built again after the load,
# in one transaction. Seat i of the sittings goes to room i/25 of the region
# (in code order) — real point codes and room numbers, 25 to a room.
indexes=$(sqlite3 "$db0" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seatings' AND sql IS NOT NULL")
drops=$(sqlite3 "$db0" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seatings' AND sql IS NOT NULL")
[ -n "$indexes" ] || die "the demo database has no seatings indexes"
cat >"$work/floor.sql" <<EOF
.bail on
PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TEMP TABLE sit AS
  SELECT e.code AS exam_code, p.document AS document, p.school_code, p.grade, p.category,
         COALESCE(p.ovz, 0) AS ovz, p.ovz_conditions
  FROM exams e
  JOIN registrations r ON r.subject = e.subject AND r.form = e.form AND r.period = e.period
  JOIN participants p ON p.document = r.document AND p.grade = e.grade
  WHERE e.date = '$date' AND COALESCE(e.reserve, 0) = 0;
CREATE TEMP TABLE rm AS SELECT exam_point_code, number FROM rooms ORDER BY exam_point_code, number;
$drops
INSERT INTO seatings (date, exam_code, document, exam_point_code, room_number, seat)
  SELECT '$date', s.exam_code, s.document, rm.exam_point_code, rm.number, (s.rowid - 1) % 25 + 1
  FROM sit s JOIN rm ON rm.rowid = (s.rowid - 1) / 25 + 1 ORDER BY s.rowid;
$indexes
COMMIT;
EOF

verified=""
run_attest() { # run_attest ROUND
    local db="$work/attest.db"
    copy "$db0" "$db"
    /usr/bin/time -o "$work/time" -f '%e %M' "$attest" --db "$db" --json seat run --date "$date" --seed "$seed" \
        >"$work/run.json" 2>"$work/run.err" || { cat "$work/run.err" >&2; die "attest seat run failed"; }
    [ "$(jget "$work/run.json" '["status"]')" = ok ] || die "seat run did not report status ok"
    local sittings seated
    sittings=$(jget "$work/run.json" '["sittings"]')
    seated=$(jget "$work/run.json" '["seated"]')
    [ "$sittings" -gt 0 ] && [ "$seated" = "$sittings" ] || die "seat run seated $seated of $sittings sittings"
    local rows
    rows=$(sqlite3 "$db" "SELECT count(*) FROM seatings WHERE date = '$date'")
    [ "$rows" = "$seated" ] || die "seat run reported $seated seated but wrote $rows seatings"
    echo "run $(cat "$work/time")" >>"$times"
    /usr/bin/time -o "$work/time" -f '%e %M' "$attest" --db "$db" --json seat staff --date "$date" \
        >"$work/staff.json" 2>"$work/staff.err" || { cat "$work/staff.err" >&2; die "attest seat staff failed"; }
    [ "$(jget "$work/staff.json" '["status"]')" = ok ] || die "seat staff did not report status ok"
    local posts
    posts=$(jget "$work/staff.json" '["posts"]')
    [ "$posts" -gt 0 ] || die "seat staff made no posts"
    [ "$(sqlite3 "$db" "SELECT count(*) FROM staff_posts WHERE date = '$date'")" = "$posts" ] ||
        die "seat staff reported $posts posts but the database holds another number"
    echo "staff $(cat "$work/time")" >>"$times"
    if [ -z "$verified" ]; then
        # the independent check, once (not timed): every rule of the seating and the staff
        echo "  round $1: seat verify ..." >&2
        "$attest" --db "$db" --json seat verify --date "$date" >"$work/verify.json" 2>"$work/verify.err" || true
        verified=$(jget "$work/verify.json" '["total"]') || die "seat verify failed: $(head -c 400 "$work/verify.err")"
        [ "$verified" = 0 ] || die "seat verify found $verified violations: not a valid measurement"
        cp "$work/run.json" "$work/day-run.json"
        cp "$work/staff.json" "$work/day-staff.json"
    fi
}

run_floor() {
    local db="$work/floor.db"
    copy "$db0" "$db"
    /usr/bin/time -o "$work/time" -f '%e %M' sqlite3 "$db" <"$work/floor.sql" >"$work/floor.log" 2>&1 ||
        { cat "$work/floor.log" >&2; die "the sqlite3 floor failed"; }
    local rows
    rows=$(sqlite3 "$db" "SELECT count(*) FROM seatings WHERE date = '$date'")
    [ "$rows" = "$(jget "$work/day-run.json" '["seated"]')" ] || die "the floor wrote $rows rows, not one per sitting"
    echo "floor $(cat "$work/time")" >>"$times"
}

# Alternate attest, floor, attest, floor ... so drifts of the machine hit both.
for ((i = 1; i <= rounds; i++)); do
    echo "  round $i/$rounds: attest seat run + seat staff ..." >&2
    run_attest "$i"
    echo "  round $i/$rounds: sqlite3 floor ..." >&2
    run_floor
done
fresh "$work/attest.db"
fresh "$work/floor.db"

region=$(sqlite3 -separator ' ' "$db0" "SELECT (SELECT count(*) FROM exam_points), (SELECT count(*) FROM rooms), (SELECT count(*) FROM staff)")
python3 - "$times" "$work/day-run.json" "$work/day-staff.json" "$participants" "$seed" "$date" "$time_limit" \
    "$rss_limit_mb" "$region" <<'EOF'
import json, statistics, sys
path, runf, stafff, participants, seed, date = sys.argv[1:7]
time_limit, rss_limit = float(sys.argv[7]), float(sys.argv[8])
npoints, nrooms, nstaff = (int(x) for x in sys.argv[9].split())
run, staff = json.load(open(runf)), json.load(open(stafff))
runs = {"run": [], "staff": [], "floor": []}
for line in open(path):
    who, sec, kb = line.split()
    runs[who].append((float(sec), int(kb)))
def side(who):
    secs = [s for s, _ in runs[who]]
    return statistics.median(secs), secs, max(kb for _, kb in runs[who]) / 1024
r_med, r_runs, r_mb = side("run")
s_med, s_runs, s_mb = side("staff")
f_med, f_runs, f_mb = side("floor")
fmt = lambda xs: " ".join(f"{x:.2f}" for x in xs)
total, peak = r_med + s_med, max(r_mb, s_mb)
ok_time, ok_mem = total <= time_limit, peak <= rss_limit
print(f"national exam day {date}: seat run + seat staff (ru demo of {int(participants):,} participants, seed {seed})")
print(f"  day                {run['sittings']:,} participants' exams in {run['exams']} exams; "
      f"{run['points_used']:,} points, {run['rooms_used']:,} rooms, {run['schools']:,} schools used")
print(f"  region             {npoints:,} exam points, {nrooms:,} rooms, {nstaff:,} staff; "
      f"{staff['posts']:,} posts given to {staff['people']:,} staff")
print(f"  attest seat run    median {r_med:.2f} s  (runs {fmt(r_runs)})  peak RSS {r_mb:.0f} MB")
print(f"  attest seat staff  median {s_med:.2f} s  (runs {fmt(s_runs)})  peak RSS {s_mb:.0f} MB")
print(f"  sqlite3 floor      median {f_med:.2f} s  (runs {fmt(f_runs)})  peak RSS {f_mb:.0f} MB")
print(f"  seat run / floor   {r_med / f_med if f_med > 0 else float('inf'):.2f}")
print(f"  run + staff        {total:.2f} s (limit {time_limit:g} s: {'OK' if ok_time else 'EXCEEDED'})")
print(f"  peak memory        {peak:.0f} MB (limit {rss_limit:.0f} MB: {'OK' if ok_mem else 'EXCEEDED'})")
print(f"  seat verify        0 violations")
sys.exit(0 if ok_time and ok_mem else 1)
EOF
