#!/usr/bin/env bash
# The exam schedule: the shipped 2026 schedules import cleanly; a file with
# planted errors is rejected line by line and changes nothing; each
# participant's sittings come from registrations; clashes, registrations
# without an exam and exams without registrations are reported.
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db r.db init --country ru --year 2026 >/dev/null
expect_status 0 "$ATTEST" --db r.db schedule import --builtin
assert_contains "$WORK/out" "imported exams: 142 new"
pass "the shipped RU 2026 schedule imports with every schedule check passing"

"$ATTEST" --db k.db init --country kz --year 2026 >/dev/null
expect_status 0 "$ATTEST" --db k.db schedule import --builtin
assert_contains "$WORK/out" "imported exams: 48 new"
pass "the shipped KZ 2026 schedule imports"

"$ATTEST" --db r7.db init --country ru --year 2027 >/dev/null
expect_status 1 "$ATTEST" --db r7.db schedule import --builtin
assert_contains "$WORK/err" "no exam schedule is shipped for ru 2027"
pass "no 2027 schedule is shipped, and import --builtin says so"

# ---- a file with planted errors: each at its line, nothing written ----
before=$("$ATTEST" --db r.db checksum)
cat > bad.csv <<'CSV'
код экзамена,класс,предмет,форма,тип аудитории,дата,начало,"продолжительность, мин",период,резервный день
x-ok,11,physics,ege,,2026-06-11,10:00,235,main,нет
x-nosubj,11,astronomy,ege,,2026-06-05,10:00,210,main,нет
x-badform,11,math_base,gve,,2026-06-08,10:00,180,main,нет
x-time,11,physics,ege,,2026-06-12,9.30,235,additional,нет
x-dur,11,chemistry,ege,,2026-06-01,10:00,200,main,нет
x-year,11,history,ege,,2025-06-01,10:00,210,main,нет
x-twice,11,physics,ege,,2026-06-22,10:00,235,main,нет
x-speak,11,english,ege,speaking,2026-06-18,10:00,300,main,нет
x-ok2,11,physics,ege,,2026-06-23,10:00,235,main,да
CSV
expect_status 1 "$ATTEST" --db r.db schedule import bad.csv
assert_contains "$WORK/err" 'bad.csv:3:3 [C] (предмет) value "astronomy": no subject "astronomy" in profile ru-gia11-2026'
assert_contains "$WORK/err" 'bad.csv:4:4 [D] (форма) value "gve":'
assert_contains "$WORK/err" 'bad.csv:5:7 [G] (начало) value "9.30": expected a start time HH:MM'
assert_contains "$WORK/err" 'bad.csv:6:8 [H] (продолжительность, мин) value "200": profile ru-gia11-2026 gives Химия (chemistry) 210 minutes; the file says 200 (-10)'
assert_contains "$WORK/err" 'bad.csv:7:6 [F] (дата) value "2025-06-01": the date is outside the exam year 2026'
assert_contains "$WORK/err" 'bad.csv:8:10 [J] (резервный день) value "нет": physics/ege main for grade 11 is already held on a non-reserve day (line 2)'
assert_contains "$WORK/err" 'bad.csv:9:8 [H] (продолжительность, мин) value "300": a speaking part cannot be longer'
assert_contains "$WORK/err" "7 problems; nothing was imported"
assert_eq "$("$ATTEST" --db r.db checksum)" "$before" "a rejected import changed the data"
pass "planted errors are reported at their lines and nothing is written"

printf 'code,grade,subject,form,date,start_time,duration_minutes,period\nx-new,11,physics,ege,2026-09-04,10:00,235,additional\n' > one.csv
expect_status 0 "$ATTEST" --db r.db schedule import one.csv --dry-run
assert_contains "$WORK/out" "1 new"
assert_eq "$("$ATTEST" --db r.db checksum)" "$before" "a dry run changed the data"
pass "--dry-run checks and writes nothing"

# ---- list ----
expect_status 0 "$ATTEST" --db r.db schedule list --date 2026-06-18
assert_contains "$WORK/out" "informatics    ege   computer"
assert_contains "$WORK/out" "2026-06-18 10:00–10:17  11  english        ege   speaking"
assert_contains "$WORK/out" "6 exams"
expect_status 0 "$ATTEST" --db r.db schedule list --grade 9 --json
assert_eq "$(json_get '["exams"][0]["date"]' < "$WORK/out")" "2026-06-02"
assert_eq "$(json_get '["count"]' < "$WORK/out")" "44"
expect_status 0 "$ATTEST" --db r.db schedule list --json
first=$(json_get '["exams"][0]["code"]' < "$WORK/out")
assert_eq "$first" "ege-2026-06-01-chemistry" "list is ordered by date, time"
pass "schedule list filters by date and grade, ordered by date and time"

# ---- a small region: sittings, ОВЗ extension, clashes ----
printf 'code,name\nM01,Центральный район\n' > m.csv
printf 'code,municipality_code,name\nS01,M01,МБОУ «СОШ № 1»\n' > s.csv
cat > p.csv <<'CSV'
document,last_name,first_name,grade,category,school_code,ovz,ovz_conditions,early_period
1100000001,Алексеев,Антон,11,pupil,S01,0,,0
1100000002,Борисова,Вера,11,pupil,S01,1,extended_time,0
1100000003,Васильев,Глеб,11,pupil,S01,0,,1
CSV
cat > reg.csv <<'CSV'
document,subject,form,period
1100000001,rus,ege,main
1100000001,math_profile,ege,main
1100000001,history,ege,main
1100000001,chemistry,ege,main
1100000002,rus,ege,main
1100000002,math_base,ege,main
1100000002,english,ege,main
1100000003,rus,ege,early
1100000003,math_base,ege,early
CSV
for e in municipalities:m schools:s participants:p registrations:reg; do
    "$ATTEST" --db r.db import ${e%%:*} ${e##*:}.csv >/dev/null
done

expect_status 0 "$ATTEST" --db r.db schedule participant 1100000002
assert_contains "$WORK/out" "Борисова Вера (1100000002), grade 11:"
assert_contains "$WORK/out" "2026-06-04 10:00–15:00  Русский язык — Единый государственный экзамен (ЕГЭ), 300 min (ОВЗ: extended time)"
assert_contains "$WORK/out" "2026-06-15 10:00–14:40  Английский язык — Единый государственный экзамен (ЕГЭ), 280 min"
assert_contains "$WORK/out" "2026-06-18 10:00–11:47  Английский язык — Единый государственный экзамен (ЕГЭ), speaking part, 107 min"
expect_status 0 "$ATTEST" --db r.db schedule participant 1100000002 --json
assert_eq "$(json_get '["exams"].__len__()' < "$WORK/out")" "4"
pass "a participant's exams come from registrations; a language gives a written and a speaking day; ОВЗ time added"

expect_status 1 "$ATTEST" --db r.db schedule clashes
assert_contains "$WORK/out" "clash: 1100000001 on 2026-06-01: ege-2026-06-01-chemistry 10:00–13:30 and ege-2026-06-01-history 10:00–13:30 (times overlap)"
assert_contains "$WORK/out" "unscheduled: math_base/ege early, grade 11: 1 participant, no exam in the schedule"
assert_contains "$WORK/out" "unscheduled: rus/ege early, grade 11: 1 participant"
assert_contains "$WORK/out" "info: ege-2026-06-11-physics (2026-06-11, grade 11, physics/ege main): no registrations"
assert_contains "$WORK/out" "1 clash (1 participant), 2 registrations without an exam (2 groups)"
expect_status 1 "$ATTEST" --db r.db schedule clashes --json
assert_eq "$(json_get '["clashes"][0]["document"]' < "$WORK/out")" "1100000001"
assert_eq "$(json_get '["unscheduled_total"]' < "$WORK/out")" "2"
pass "clashes: the planted same-day pair, early registrations without an exam, unused exams"

# moving chemistry's main day away resolves the clash; the early pupil is
# dropped: nothing left to report but the info lines
printf 'code,grade,subject,form,date,start_time,duration_minutes,period\nege-2026-06-01-chemistry,11,chemistry,ege,2026-06-02,10:00,210,main\n' > move.csv
"$ATTEST" --db r.db schedule import move.csv >/dev/null
cat > early.csv <<'CSV'
document,subject,form,period
1100000003,rus,ege,main
1100000003,math_base,ege,main
CSV
"$ATTEST" --db r.db import registrations early.csv >/dev/null
printf 'document,last_name,first_name,grade,category,school_code,early_period\n1100000003,Васильев,Глеб,11,pupil,S01,0\n' > p2.csv
"$ATTEST" --db r.db import participants p2.csv >/dev/null
expect_status 1 "$ATTEST" --db r.db schedule clashes
assert_contains "$WORK/out" "0 clashes (0 participants)"
pass "a moved exam day resolves the clash"

# ---- attest demo loads the schedule of its year ----
"$ATTEST" --db demo.db demo --country kz --participants 40 --seed 5 --year 2026 >/dev/null
expect_status 0 "$ATTEST" --db demo.db schedule list --json
assert_eq "$(json_get '["count"]' < "$WORK/out")" "48"
pass "attest demo loads the shipped schedule of its year"
