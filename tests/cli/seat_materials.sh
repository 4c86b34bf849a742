#!/usr/bin/env bash
# attest seat materials / custody: kits per room plus the profile's reserve per
# point and exam, the chain region → municipality → point → room, signatures
# and mismatches.
source "$(dirname "$0")/lib.bash"

$ATTEST --db f.db init --country ru --year 2026 >/dev/null
printf 'code,name\nM1,Первый\nM2,Второй\n' >m.csv
printf 'code,municipality_code,name\nS1,M1,Школа 1\nS2,M1,Школа 2\nS3,M2,Школа 3\n' >s.csv
printf 'code,name,municipality_code,base_school_code,kind\nP1,ППЭ 1,M1,S1,regular\nP2,ППЭ 2,M2,S3,regular\n' >p.csv
printf 'exam_point_code,number,seats\nP1,1,25\nP1,2,25\nP2,1,10\n' >r.csv
{
    echo "document,last_name,first_name,school_code,grade,category"
    for i in $(seq 1 45); do echo "A$i,Иванов,Иван,S2,11,pupil"; done
    for i in $(seq 1 5); do echo "B$i,Петров,Пётр,S3,11,pupil"; done
} >pp.csv
printf 'code,grade,subject,form,date,start_time,duration_minutes,period\nE1,11,rus,ege,2026-06-01,10:00,210,main\n' >e.csv
for f in municipalities:m schools:s exam_points:p rooms:r participants:pp; do
    $ATTEST --db f.db import "${f%%:*}" "${f##*:}.csv" >/dev/null || fail "import ${f%%:*}"
done
$ATTEST --db f.db schedule import e.csv >/dev/null || fail "schedule import"
/usr/bin/python3 - <<'PY'
import sqlite3
c = sqlite3.connect("f.db")
c.execute("INSERT INTO seat_runs (date, seed, scheme, made_at, actor, participants, travel_km) VALUES ('2026-06-01', '1', 'municipal', '2026-05-30T10:00:00Z', 'test', 50, 0)")
for i in range(1, 46):   # P1: 25 in room 1, 20 in room 2
    c.execute("INSERT INTO seatings VALUES ('2026-06-01', 'E1', ?, 'P1', ?, ?)", (f"A{i}", "1" if i <= 25 else "2", (i - 1) % 25 + 1))
for i in range(1, 6):
    c.execute("INSERT INTO seatings VALUES ('2026-06-01', 'E1', ?, 'P2', '1', ?)", (f"B{i}", i))
c.commit()
PY
sql() { /usr/bin/python3 -c 'import sqlite3,sys; print("\n".join("|".join("" if v is None else str(v) for v in r) for r in sqlite3.connect("f.db").execute(sys.argv[1])))' "$1"; }

expect_status 0 $ATTEST --db f.db seat materials --date 2026-06-01
# P1: 45 seated, reserve max(ceil(45 × 5 %), 1) = 3; P2: 5 seated, reserve max(1, 1) = 1
assert_contains out "materials of 2026-06-01: 54 kits for 50 participants in 2 points (4 in reserve); 7 custody acts"
assert_eq "$(sql "SELECT exam_point_code, COALESCE(room_number, 'reserve'), kits FROM material_kits ORDER BY 1, 2")" \
"P1|1|25
P1|2|20
P1|reserve|3
P2|1|5
P2|reserve|1" "kits"
assert_eq "$(sql "SELECT from_level, from_code, to_level, to_code, sent FROM custody_acts ORDER BY id")" \
"region|region|municipality|M1|48
region|region|municipality|M2|6
municipality|M1|point|P1|48
municipality|M2|point|P2|6
point|P1|room|P1/1|25
point|P1|room|P1/2|20
point|P2|room|P2/1|5" "custody chain"
pass "kits with reserve and the custody chain"

expect_status 0 $ATTEST --db f.db seat materials --date 2026-06-01 --json
assert_eq "$(json_get '["kits"]' <out)" 54
assert_eq "$(json_get '["reserve"]' <out)" 4
assert_eq "$(sql "SELECT COUNT(*) FROM material_kits")" 5 "recomputing replaces the date's rows"

id() { sql "SELECT id FROM custody_acts WHERE to_code = '$1'"; }
expect_status 0 $ATTEST --db f.db seat custody sign "$(id M1)" --received 48 --by "Иванова А.А." --handed-by "Петров П.П."
expect_status 0 $ATTEST --db f.db seat custody sign "$(id P1)" --received 46 --by "Сидоров С.С."
assert_contains out "MISMATCH: received 46 of 48 sent"
expect_status 0 $ATTEST --db f.db seat custody sign "$(id P1/1)" --received 25 --by "Орлова О.О."
expect_status 0 $ATTEST --db f.db seat custody sign "$(id P1/2)" --received 22 --by "Орлова О.О."
expect_status 1 $ATTEST --db f.db seat custody sign "$(id P1/2)" --received 20 --by "Кто-то"
assert_contains err "already signed by Орлова О.О."
expect_status 1 $ATTEST --db f.db seat custody sign 9999 --received 1 --by "Кто-то"
expect_status 2 $ATTEST --db f.db seat custody sign "$(id P2)" --by "Кто-то"

expect_status 0 $ATTEST --db f.db seat custody list --date 2026-06-01
assert_contains out "7 acts, 4 signed, 3 mismatches"
assert_contains out "received 48 by Иванова А.А."
assert_contains out "handed by Петров П.П."
expect_status 0 $ATTEST --db f.db seat custody list --date 2026-06-01 --mismatches --json
assert_eq "$(json_get '["mismatches"]' <out)" 3
assert_eq "$(json_get '["list"][0]["to_code"]' <out)" P1
assert_eq "$(json_get '["list"][0]["mismatch"]' <out)" "received 46 of 48 sent"
assert_eq "$(json_get '["list"][1]["mismatch"]' <out)" "point P1 received 46, but its onward acts were received as 47 in all"
assert_eq "$(json_get '["list"][2]["mismatch"]' <out)" "received 22 of 20 sent; point P1 received 46, but its onward acts were received as 47 in all"
assert_eq "$(json_get '["list"][2]["received_by"]' <out)" "Орлова О.О."
pass "signatures recorded, mismatches flagged"

before=$($ATTEST --db f.db checksum)
expect_status 1 $ATTEST --db f.db seat materials --date 2026-06-01
assert_contains err "custody acts of this date are already signed"
assert_eq "$($ATTEST --db f.db checksum)" "$before" "signed acts are not replaced"
pass "materials not recomputed over signed acts"
