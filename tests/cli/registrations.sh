#!/usr/bin/env bash
# Subject choices are checked against the rule profile (ru-gia9-2026: ОГЭ Russian
# and maths + exactly 2 electives; ГВЭ only with ОВЗ, and then no electives).
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db r.db init --country ru --year 2026 >/dev/null
printf 'code,name\nM01,Центральный район\n' > m.csv
printf 'code,municipality_code,name\nS01,M01,МБОУ «СОШ № 1»\n' > s.csv
cat > p.csv <<'CSV'
document,last_name,first_name,grade,category,school_code,ovz,early_period,exemption_order
9000000001,Алексеев,Антон,9,pupil,S01,0,0,
9000000002,Борисова,Вера,9,pupil,S01,1,0,
9000000003,Васильев,Глеб,9,pupil,S01,0,0,
9000000004,Григорьева,Дарья,9,pupil,S01,0,0,приказ № 12 от 01.04.2026
9000000005,Дмитриев,Егор,11,pupil,S01,0,0,
CSV
for e in municipalities:m schools:s participants:p; do
    "$ATTEST" --db r.db import ${e%%:*} ${e##*:}.csv >/dev/null
done

# A valid set: ОГЭ rus + math + 2 electives; ГВЭ rus + math with ОВЗ and no electives.
cat > ok.csv <<'CSV'
document,subject,form,period
9000000001,rus,oge,main
9000000001,math,oge,main
9000000001,physics,oge,main
9000000001,informatics,oge,main
9000000002,rus,gve,main
9000000002,math,gve,main
9000000005,rus,ege,main
9000000005,math_profile,ege,main
CSV
expect_status 0 "$ATTEST" --db r.db import registrations ok.csv
assert_contains "$WORK/out" "8 new"
pass "a valid set of choices is accepted (ГВЭ with ОВЗ needs no electives)"

cat > bad.csv <<'CSV'
document,subject,form,period
9000000003,rus,gve,main
9000000003,physics,oge,main
9000000003,chemistry,oge,main
9000000003,biology,oge,main
9000000003,astrology,oge,main
9000000003,math_profile,oge,main
9000000003,history,ege,main
9000000003,geography,oge,early
9000000004,rus,oge,main
CSV
expect_status 1 "$ATTEST" --db r.db import registrations bad.csv
r="$WORK/err"
assert_contains "$r" "bad.csv:2:3 [C] (form) value \"gve\": form gve"          # ГВЭ without ОВЗ
assert_contains "$r" "bad.csv:6:2 [B] (subject) value \"astrology\": no subject" # not in the profile
assert_contains "$r" "bad.csv:7:2 [B] (subject) value \"math_profile\""       # ЕГЭ subject in grade 9
assert_contains "$r" "bad.csv:8:3 [C] (form) value \"ege\""                   # ЕГЭ form in grade 9
assert_contains "$r" "bad.csv:9:4 [D] (period) value \"early\""               # early without the flag
assert_contains "$r" "bad.csv:10:1 [A] (document) value \"9000000004\": the participant is exempt"
assert_contains "$r" "mandatory subject math is not registered"
assert_contains "$r" "elective subjects registered; profile ru-gia9-2026 requires exactly 2"
pass "profile violations reported"

# Whole-participant rules see the database as well as the file: adding a third
# elective to a complete set is rejected.
printf 'document,subject,form,period\n9000000001,biology,oge,main\n' > third.csv
expect_status 1 "$ATTEST" --db r.db import registrations third.csv
assert_contains "$WORK/err" "3 elective subjects"
pass "whole-participant rules count what is already registered"
