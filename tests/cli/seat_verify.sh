#!/usr/bin/env bash
# `attest seat verify`: the independent check of a stored distribution. A small
# region imported from CSV, a distribution written by hand; the check passes
# (exit 0), then planted breaks are reported line by line, counted per rule and
# given as JSON (exit 1). The rule-by-rule cases are in
# tests/unit/test_seatcheck_rules.c.
source "$(dirname "$0")/lib.bash"
D=2026-06-04

expect_status 0 "$ATTEST" --db r.db init --country ru --year 2026
cat > municipalities.csv <<'EOF'
code,name
M1,Первый район
M2,Второй район
EOF
cat > schools.csv <<'EOF'
code,municipality_code,name,latitude,longitude
S11,M1,СОШ № 11,53.75,87.10
S12,M1,СОШ № 12,53.76,87.12
S21,M2,СОШ № 21,53.90,87.40
EOF
cat > exam_points.csv <<'EOF'
code,name,municipality_code,base_school_code,kind
P1,ППЭ 1,M1,S11,regular
P2,ППЭ 2,M1,S12,regular
P3,ППЭ 3,M2,,regular
PH,ППЭ на дому,M1,,home
EOF
cat > rooms.csv <<'EOF'
exam_point_code,number,seats,features
P1,101,15,video
P1,102,6,accessible
P2,201,15,
P3,301,15,
PH,H1,1,accessible
EOF
cat > participants.csv <<'EOF'
document,last_name,first_name,school_code,grade,category,ovz,ovz_conditions
A1,Иванова,Мария,S12,11,pupil,нет,
A2,Петров,Олег,S12,11,pupil,нет,
A3,Сидорова,Анна,S12,11,pupil,да,extended_time
B1,Ким,Артём,S11,11,pupil,нет,
B2,Ли,Антон,S11,11,pupil,нет,
C1,Ахметов,Ерлан,S21,11,pupil,нет,
H1,Орлова,Вера,S11,11,pupil,да,home
EOF
cat > registrations.csv <<'EOF'
document,subject,form,period
A1,rus,ege,main
A1,math_base,ege,main
A2,rus,ege,main
A2,math_base,ege,main
A3,rus,ege,main
A3,math_base,ege,main
B1,rus,ege,main
B1,math_base,ege,main
B2,rus,ege,main
B2,math_base,ege,main
C1,rus,ege,main
C1,math_base,ege,main
H1,rus,ege,main
H1,math_base,ege,main
EOF
for e in municipalities schools exam_points rooms participants registrations; do
    expect_status 0 "$ATTEST" --db r.db import "$e" "$e.csv"
done
pass "fixture region imported"

# The schedule and a hand-made distribution (seatings only; staff come later).
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$1" "$2"; }
sql r.db "
INSERT INTO exams (code, grade, subject, form, room_kind, date, start_time, duration_minutes, period, reserve)
  VALUES ('ege-rus', 11, 'rus', 'ege', NULL, '$D', '10:00', 210, 'main', 0);
INSERT INTO seat_runs (date, seed, scheme, made_at, actor, participants, travel_km)
  VALUES ('$D', '7', 'municipal', '2026-05-20T10:00:00Z', 'test', 7, 0);
INSERT INTO seatings (date, exam_code, document, exam_point_code, room_number, seat) VALUES
  ('$D', 'ege-rus', 'A1', 'P1', '101', 1), ('$D', 'ege-rus', 'A2', 'P1', '101', 2),
  ('$D', 'ege-rus', 'A3', 'P1', '102', 1), ('$D', 'ege-rus', 'B1', 'P2', '201', 1), ('$D', 'ege-rus', 'B2', 'P2', '201', 2),
  ('$D', 'ege-rus', 'C1', 'P3', '301', 1), ('$D', 'ege-rus', 'H1', 'PH', 'H1', 1);"

expect_status 0 "$ATTEST" --db r.db seat verify --date $D
assert_contains "$WORK/out" "$D: 7 seatings, 7 sittings, 0 staff posts checked; 0 violations"
assert_contains "$WORK/out" "seat.capacity"
"$ATTEST" --db r.db seat verify --date $D --json > ok.json
assert_eq "$(json_get '["total"]' < ok.json)" "0"
assert_eq "$(json_get '["violations"]' < ok.json)" "[]"
assert_eq "$(json_get '["scheme"]' < ok.json)" "municipal"
assert_eq "$(json_get '["counts"]["staff.teacher_of_seated"]' < ok.json)" "0"
assert_eq "$(json_get '["counts"].__len__()' < ok.json)" "18"
pass "a valid distribution: zero violations, exit 0"

# Staff: a complete set of posts for the two points and three rooms in use.
{
    echo "document,last_name,first_name,roles,school_code,subjects_taught,gek_token"
    for p in P1 P2 P3 PH; do
        echo "$p-head,Head,$p,ppe_head,,,нет"
        echo "$p-gek1,Gek,$p,gek,,,да"
        echo "$p-gek2,Gek,$p,gek,,,нет"
        echo "$p-tech,Tech,$p,technical,,,нет"
        echo "$p-med,Med,$p,medical,,,нет"
    done
    for r in P1/101 P1/102 P2/201 P3/301 PH/H1; do
        echo "${r/\//-}-o1,Org,$r,organizer,,,нет"
        echo "${r/\//-}-o2,Org,$r,organizer;assistant,,math_profile,нет"
    done
} > staff.csv
expect_status 0 "$ATTEST" --db r.db import staff staff.csv
posts=""
for p in P1 P2 P3 PH; do
    posts+="('$D','$p-head','$p',NULL,'ppe_head'),('$D','$p-gek1','$p',NULL,'gek'),('$D','$p-gek2','$p',NULL,'gek'),"
    posts+="('$D','$p-tech','$p',NULL,'technical'),('$D','$p-med','$p',NULL,'medical'),"
done
for r in P1/101 P1/102 P2/201 P3/301 PH/H1; do
    posts+="('$D','${r/\//-}-o1','${r%/*}','${r#*/}','organizer'),('$D','${r/\//-}-o2','${r%/*}','${r#*/}','organizer'),"
done
sql r.db "INSERT INTO staff_posts (date, document, exam_point_code, room_number, post) VALUES ${posts%,};"
expect_status 0 "$ATTEST" --db r.db seat verify --date $D
assert_contains "$WORK/out" "7 seatings, 7 sittings, 30 staff posts checked; 0 violations"
pass "with staff: zero violations"

# Planted breaks: a room limit, a participant moved into their own school's
# point, an ОВЗ participant in a room that is not accessible, an organizer who
# teaches the subject, a missing token holder.
cp r.db bad.db
sql bad.db "
UPDATE rooms SET seats = 1 WHERE exam_point_code = 'P1' AND number = '101';
UPDATE seatings SET exam_point_code = 'P1', room_number = '102', seat = 2 WHERE document = 'B1';
UPDATE staff SET subjects_taught = 'rus' WHERE document = 'P2-201-o1';
UPDATE staff SET gek_token = 0 WHERE document = 'P3-gek1';
DELETE FROM staff_posts WHERE document IN ('P2-201-o2');"
expect_status 1 "$ATTEST" --db bad.db seat verify --date $D
assert_contains "$WORK/out" "seat.capacity $D exam=ege-rus point=P1 room=101: room P1/101 holds 2 participants, limit 1"
assert_contains "$WORK/out" "seat.capacity $D exam=ege-rus document=A2 point=P1 room=101: participant A2 has seat 2 of room P1/101; expected 1 to 1"
assert_contains "$WORK/out" "seat.own_school $D exam=ege-rus document=B1 point=P1:"
assert_contains "$WORK/out" "seat.accessible $D exam=ege-rus point=P1 room=102: room P1/102 mixes 1 ОВЗ participants needing an accessible room with 1 others"
assert_contains "$WORK/out" "staff.subject_teacher $D exam=ege-rus point=P2 room=201 staff=P2-201-o1:"
assert_contains "$WORK/out" "staff.minimum $D point=P3: point P3 has 0 gek posts held by token holders, expected at least 1"
assert_contains "$WORK/out" "staff.minimum $D point=P2 room=201: room P2/201 has 1 organizer posts, expected at least 2"
! grep -q "^staff.in_use " "$WORK/out" || fail "a post counted as out of use"
assert_contains "$WORK/out" "7 violations"
assert_contains "$WORK/err" "7 violations of hard rules on $D"
"$ATTEST" --db bad.db seat verify --date $D --json > bad.json || true
assert_eq "$(json_get '["total"]' < bad.json)" "7"
assert_eq "$(json_get '["counts"]["seat.capacity"]' < bad.json)" "2"
assert_eq "$(json_get '["counts"]["staff.minimum"]' < bad.json)" "2"
assert_eq "$(json_get '["counts"]["seat.territory"]' < bad.json)" "0"
assert_eq "$(json_get '["violations"][0]["rule"]' < bad.json)" "seat.capacity"
assert_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted({v["rule"] for v in d["violations"]}))' < bad.json)" \
    "['seat.accessible', 'seat.capacity', 'seat.own_school', 'staff.minimum', 'staff.subject_teacher']"
pass "planted breaks: one line each, counts per rule, exit 1, --json"

# A date with nothing on it passes; usage errors exit 2.
expect_status 0 "$ATTEST" --db r.db seat verify --date 2026-06-05
assert_contains "$WORK/out" "0 seatings, 0 sittings, 0 staff posts checked; 0 violations"
expect_status 2 "$ATTEST" --db r.db seat verify
assert_contains "$WORK/err" "--date YYYY-MM-DD is required"
expect_status 2 "$ATTEST" --db r.db seat verify --date 2026-02-30
expect_status 2 "$ATTEST" --db r.db seat verify --date $D --scheme region
expect_status 1 "$ATTEST" --db none.db seat verify --date $D
expect_status 0 "$ATTEST" help seat
assert_contains "$WORK/out" "attest seat verify --date YYYY-MM-DD [--json]"
pass "usage"
