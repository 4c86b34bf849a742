#!/usr/bin/env bash
# attest seat staff: a hand-made day is staffed by every rule (checked here
# from the database, not by the solver), a shortage is explained exactly and
# writes nothing, and on a demo region seeds replay and differ.
source "$(dirname "$0")/lib.bash"

# Every rule of docs/staffing.md, checked from the tables and the stored profiles.
check_rules() {
    /usr/bin/python3 - "$1" "$2" <<'EOF'
import json, sqlite3, sys, math
db, date = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
prof = {g: json.loads(b).get("logistics", {}) for g, b in c.execute("SELECT grade, body FROM rule_profiles")}
scheme = c.execute("SELECT scheme FROM seat_runs WHERE date=?", (date,)).fetchone()[0]
rooms = {}  # (point, room) -> set of subjects
grades = {}
assist = set()
for p, r, subj, g, cond in c.execute("""SELECT s.exam_point_code, s.room_number, e.subject, e.grade, p.ovz_conditions
        FROM seatings s JOIN exams e ON e.code=s.exam_code JOIN participants p ON p.document=s.document WHERE s.date=?""", (date,)):
    rooms.setdefault((p, r), set()).add(subj)
    grades.setdefault(p, set()).add(g)
    if cond and "assistant" in cond.split(";"):
        assist.add((p, r))
seated = {}
for p, sc in c.execute("SELECT DISTINCT s.exam_point_code, p.school_code FROM seatings s JOIN participants p ON p.document=s.document WHERE s.date=?", (date,)):
    seated.setdefault(p, set()).add(sc)
def need(p, key):
    vals = [prof[g].get(key, 0) for g in grades[p]]
    return any(vals) if isinstance(vals[0], bool) else max(vals)
pmuni = dict(c.execute("SELECT code, municipality_code FROM exam_points"))
smuni = dict(c.execute("SELECT code, municipality_code FROM schools"))
staff = {d: (set(r.split(";")), s, set((t or "").split(";")) - {""}, tok) for d, r, s, t, tok in
         c.execute("SELECT document, roles, school_code, subjects_taught, gek_token FROM staff")}
posts = c.execute("SELECT document, exam_point_code, room_number, post FROM staff_posts WHERE date=?", (date,)).fetchall()
bad = []
count = {}
seen = set()
for d, p, r, post in posts:
    roles, school, taught, tok = staff[d]
    if d in seen: bad.append(f"{d}: two posts")
    seen.add(d)
    if post not in roles: bad.append(f"{d}: {post} not in roles")
    if p not in grades: bad.append(f"{d}: point {p} not in use")
    if (r is None) != (post in ("ppe_head", "gek", "technical", "medical")): bad.append(f"{d}: room of {post}")
    if r is not None and (p, r) not in rooms: bad.append(f"{d}: room {p}/{r} not in use")
    if school and scheme != "region" and smuni[school] != pmuni[p]: bad.append(f"{d}: territory")
    if post == "organizer":
        if need(p, "organizer_not_subject_teacher") and taught & rooms[(p, r)]: bad.append(f"{d}: teaches the subject in {p}/{r}")
        if need(p, "organizer_not_teacher_of_seated") and school in seated[p]: bad.append(f"{d}: teacher of seated in {p}")
    key = (p, r, post)
    count[key] = count.get(key, 0) + 1
    if post == "gek" and tok: count[(p, None, "token")] = count.get((p, None, "token"), 0) + 1
for p in grades:
    for post, key in (("ppe_head", "point_heads"), ("gek", "point_gek_min"), ("token", "point_gek_token_min"),
                      ("technical", "point_technical_min"), ("medical", "point_medical_min")):
        if count.get((p, None, post), 0) < need(p, key): bad.append(f"{p}: {post} {count.get((p, None, post), 0)} < {need(p, key)}")
for (p, r) in rooms:
    if count.get((p, r, "organizer"), 0) < need(p, "room_organizers_min"): bad.append(f"{p}/{r}: organizers")
    if (p, r) in assist and count.get((p, r, "assistant"), 0) < need(p, "ovz_room_assistants_min"): bad.append(f"{p}/{r}: assistant")
if bad:
    print("\n".join(bad)); sys.exit(1)
print(len(posts))
EOF
}
dump_posts() { /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(list(c.execute("SELECT * FROM staff_posts WHERE date=? ORDER BY document", (sys.argv[2],))))' "$1" "$2"; }

# ---- a hand-made day: two municipalities, three rooms, one ОВЗ room ----
$ATTEST --db f.db init --country ru --year 2026 >/dev/null
printf 'code,name\nM1,Первый\nM2,Второй\n' >m.csv
printf 'code,municipality_code,name\nS1,M1,Школа 1\nS2,M1,Школа 2\nS3,M2,Школа 3\nS4,M2,Школа 4\n' >s.csv
printf 'code,name,municipality_code,base_school_code,kind\nP1,ППЭ 1,M1,S1,regular\nP2,ППЭ 2,M2,S3,regular\n' >p.csv
printf 'exam_point_code,number,seats,features\nP1,1,15,\nP1,2,15,\nP2,1,10,accessible\n' >r.csv
{
    echo "document,last_name,first_name,school_code,grade,category,ovz,ovz_conditions"
    for i in $(seq 1 20); do echo "A$i,Иванов,Иван,S2,11,pupil,нет,"; done
    for i in $(seq 1 5); do echo "B$i,Петров,Пётр,S4,11,pupil,да,$([ "$i" = 1 ] && echo 'assistant;extended_time')"; done
} >pp.csv
cat >staff.csv <<'EOF'
document,last_name,first_name,roles,school_code,subjects_taught,gek_token
H1,Руководитель,Один,ppe_head,S1,,нет
G1,Член,Один,gek,S1,,да
G2,Член,Два,gek,,,нет
T1,Техник,Один,technical,S1,,нет
D1,Врач,Один,medical,S1,,нет
O1,Организатор,Один,organizer,S1,math,нет
O2,Организатор,Два,organizer,S1,rus;literature,нет
O3,Организатор,Три,organizer,S2,physics,нет
O4,Организатор,Четыре,organizer,,,нет
O5,Организатор,Пять,organizer,S1,,нет
O6,Организатор,Шесть,organizer;technical,S1,history,нет
H2,Руководитель,Два,ppe_head,S3,,нет
G3,Член,Три,gek,S3,,да
G4,Член,Четыре,gek;organizer,S3,,нет
T2,Техник,Два,technical,S3,,нет
D2,Врач,Два,medical,S3,,нет
O7,Организатор,Семь,organizer,S3,,нет
O8,Организатор,Восемь,organizer,S3,,нет
X1,Ассистент,Один,assistant,S3,,нет
Y1,Организатор,Чужой,organizer,S3,,нет
EOF
printf 'code,grade,subject,form,date,start_time,duration_minutes,period\nE1,11,rus,ege,2026-06-01,10:00,210,main\n' >e.csv
for f in municipalities:m schools:s exam_points:p rooms:r participants:pp staff:staff; do
    $ATTEST --db f.db import "${f%%:*}" "${f##*:}.csv" >/dev/null || fail "import ${f%%:*}"
done
$ATTEST --db f.db schedule import e.csv >/dev/null || fail "schedule import"
/usr/bin/python3 - <<'EOF'
import sqlite3
c = sqlite3.connect("f.db")
c.execute("INSERT INTO seat_runs (date, seed, scheme, made_at, actor, participants, travel_km) VALUES ('2026-06-01', '17', 'municipal', '2026-05-30T10:00:00Z', 'test', 25, 0)")
for i in range(1, 21):
    c.execute("INSERT INTO seatings VALUES ('2026-06-01', 'E1', ?, 'P1', ?, ?)", (f"A{i}", "1" if i <= 10 else "2", (i - 1) % 10 + 1))
for i in range(1, 6):
    c.execute("INSERT INTO seatings VALUES ('2026-06-01', 'E1', ?, 'P2', '1', ?)", (f"B{i}", i))
c.commit()
EOF
cp f.db f0.db

expect_status 0 $ATTEST --db f.db seat staff --date 2026-06-01
assert_contains out "staff of 2026-06-01 distributed (seed 17): 17 posts in 2 points, 3 rooms"
n=$(check_rules f.db 2026-06-01) || { echo "$n"; fail "a rule is broken on the hand-made day"; }
assert_eq "$n" 17 "posts on the hand-made day"
# P1's four organizers can only be O1, O4, O5, O6 (O2 teaches rus, O3 is from S2 whose pupils sit there)
assert_eq "$(/usr/bin/python3 -c 'import sqlite3; print(",".join(r[0] for r in sqlite3.connect("f.db").execute("SELECT document FROM staff_posts WHERE exam_point_code=\"P1\" AND post=\"organizer\" ORDER BY document")))')" \
    "O1,O4,O5,O6" "P1's organizers"
assert_eq "$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("f.db").execute("SELECT document FROM staff_posts WHERE post=\"assistant\" AND exam_point_code=\"P2\" AND room_number=\"1\"").fetchone()[0])')" \
    X1 "the ОВЗ room's assistant"
assert_eq "$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("f.db").execute("SELECT staff_seed, staff_at IS NOT NULL FROM seat_runs").fetchone())')" \
    "('17', 1)" "seed and time recorded"
pass "hand-made day staffed by every rule; seed recorded"

expect_status 0 $ATTEST --db f.db seat staff --date 2026-06-01 --json
assert_eq "$(json_get '["posts"]' <out)" 17
assert_eq "$(json_get '["by_post"]["organizer"]' <out)" 6
assert_eq "$(json_get '["by_post"]["assistant"]' <out)" 1
assert_eq "$(json_get '["max_posts_per_person"]' <out)" 1
pass "--json summary"

# ---- a seated participant whose grade changed after the seating (no exam of
# that grade on the date) still counts in its room: B1 needs an assistant ----
cp f0.db h.db
/usr/bin/python3 -c 'import sqlite3; c=sqlite3.connect("h.db"); c.execute("UPDATE participants SET grade = 9 WHERE document = \"B1\""); c.commit()'
expect_status 0 $ATTEST --db h.db seat staff --date 2026-06-01
assert_eq "$(dump_posts h.db 2026-06-01)" "$(dump_posts f.db 2026-06-01)" "the same posts as with B1 in grade 11"
pass "a seated participant of another grade still counts"

# ---- infeasible: O5 leaves; P1 keeps 3 eligible organizers for 4 posts ----
cp f0.db g.db
/usr/bin/python3 -c 'import sqlite3; c=sqlite3.connect("g.db"); c.execute("DELETE FROM staff WHERE document=\"O5\""); c.commit()'
before=$($ATTEST --db g.db checksum)
expect_status 1 $ATTEST --db g.db seat staff --date 2026-06-01
assert_eq "$(cat out)" "point P1: 4 organizers needed, 3 eligible"
assert_contains err "staff cannot be distributed (1 shortage above); nothing written"
expect_status 1 $ATTEST --db g.db seat staff --date 2026-06-01 --json
assert_eq "$(json_get '["status"]' <out)" infeasible
assert_eq "$(json_get '["shortages"][0]["message"]' <out)" "point P1: 4 organizers needed, 3 eligible"
assert_eq "$(json_get '["shortages"][0]["needed"]' <out)" 4
assert_eq "$(json_get '["shortages"][0]["eligible"]' <out)" 3
assert_eq "$($ATTEST --db g.db checksum)" "$before" "an infeasible day must write nothing"
pass "shortage explained exactly, nothing written"

# ---- a later date counts earlier posts: the least used go first ----
expect_status 2 $ATTEST --db f.db seat staff --date 2026-13-01
expect_status 1 $ATTEST --db f.db seat staff --date 2026-06-02
assert_contains err "no participant distribution for this date"
pass "bad date and undistributed date refused"

# ---- a demo region: seeds replay and differ, rules hold ----
$ATTEST --db d.db demo --country ru --year 2026 --participants 600 --seed 3 >/dev/null
$ATTEST --db d.db seat run --date 2026-06-01 --scheme region --seed 5 >/dev/null
expect_status 0 $ATTEST --db d.db seat staff --date 2026-06-01 --seed 11
check_rules d.db 2026-06-01 >/dev/null || fail "a rule is broken on the demo day"
a=$(dump_posts d.db 2026-06-01)
expect_status 0 $ATTEST --db d.db seat staff --date 2026-06-01 --seed 11
assert_eq "$(dump_posts d.db 2026-06-01)" "$a" "same seed, same staff"
expect_status 0 $ATTEST --db d.db seat staff --date 2026-06-01 --seed 12
check_rules d.db 2026-06-01 >/dev/null || fail "a rule is broken with seed 12"
[ "$(dump_posts d.db 2026-06-01)" != "$a" ] || fail "seeds 11 and 12 gave the same staff"
pass "demo day: same seed replays, another seed differs, rules hold"
