#!/usr/bin/env bash
# A participants file with many kinds of error: every one is reported with its
# line and column, the exit status is 1 and the database is unchanged.
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db r.db init --country ru --year 2026 >/dev/null
printf 'code,name\nM01,Центральный район\n' > m.csv
printf 'code,municipality_code,name\nS01,M01,МБОУ «СОШ № 1»\n' > s.csv
"$ATTEST" --db r.db import municipalities m.csv >/dev/null
"$ATTEST" --db r.db import schools s.csv >/dev/null
cat > good.csv <<'CSV'
документ;фамилия;имя;отчество;дата рождения;пол;код ОО;класс;категория;ОВЗ;условия ОВЗ;претендент на награду
4510000001;Иванова;Мария;Петровна;14.03.2008;ж;S01;11;обучающийся текущего года;нет;;нет
4510000002;Петров;Иван;Сергеевич;2010-05-01;м;S01;9;pupil;0;;none
CSV
"$ATTEST" --db r.db import participants good.csv >/dev/null
before=$("$ATTEST" --db r.db checksum)

cat > bad.csv <<'CSV'
документ;фамилия;имя;отчество;дата рождения;пол;код ОО;класс;категория;ОВЗ;условия ОВЗ;претендент на награду
4510000003;Сидоров;Пётр;;31.02.2008;м;S01;11;pupil;нет;;нет
4510000004;Кузнецова;Анна;;2008-01-01;ж;S99;11;pupil;нет;;нет
4510000005;Смирнов;Олег;;2008-01-01;м;S01;10;pupil;нет;;нет
4510000006;;Ольга;;2008-01-01;ж;S01;11;pupil;нет;;нет
4510000007;Орлов;Илья;;2008-01-01;x;S01;11;pupil;нет;;нет
4510000003;Сидоров;Пётр;;2008-02-01;м;S01;11;pupil;нет;;нет
4510000008;Волков;Денис;;2008-01-01;м;S01;11;pupil;может быть;;нет
4510000009;Зайцев;Кирилл;;2008-01-01;м;S01;11;pupil;нет;телепатия;нет
4510000010;Лебедева;Яна;;2008-01-01;ж;S01;9;pupil;нет;;медаль «За особые успехи в учении»
4510000011;Новиков;Марк;;2008-01-01;м;S01;11;студент;нет;;нет
4510000012;Морозов;Глеб;;2008-01-01;м;;11;pupil;нет;;нет
4510000013;Павлов;Лев;;2008-01-01;м;S01;11;pupil;нет;увеличение времени;нет
4510000001;Иванова;Мария;Петровна;2008-03-14;ж;S01;11;pupil;нет;;нет
CSV
expect_status 1 "$ATTEST" --db r.db import participants bad.csv
cat "$WORK/err" > report.txt
# kind of error → the line:column it must be reported at
check() { grep -qF "bad.csv:$1" report.txt || { cat report.txt >&2; fail "not reported: $2 at $1"; }; }
check "2:5 [E]" "impossible date 31.02"
check "3:7 [G]" "unknown school"
check "4:8 [H]" "grade out of range"
check "5:2 [B]" "missing required last name"
check "6:6 [F]" "bad gender"
check "7:1 [A]" "duplicate document in the file"
check "8:10 [J]" "not a yes/no value"
check "9:11 [K]" "unknown special condition"
check "10:12 [L]" "medal candidate in grade 9"
check "11:9 [I]" "unknown category"
check "12:7 [G]" "pupil without a school"
check "13:11 [K]" "special conditions without ОВЗ"
grep -q "problems; nothing was imported" report.txt || fail "no summary"
after=$("$ATTEST" --db r.db checksum)
assert_eq "$after" "$before" "database changed by a rejected import"
pass "12 kinds of error reported with line and column; database unchanged"

# The corrected line 14 (an update of 4510000001) alone is accepted and updates, not duplicates.
{ head -1 bad.csv; tail -1 bad.csv; } > fix.csv
"$ATTEST" --db r.db import participants fix.csv --json > fix.json
assert_eq "$(json_get '["inserted"]' < fix.json)" "0"
assert_eq "$(json_get '["updated"]' < fix.json)" "0"
assert_eq "$(json_get '["unchanged"]' < fix.json)" "1"
"$ATTEST" --db r.db list participants --json | python3 -c 'import json,sys; assert len(json.load(sys.stdin))==2'
pass "re-import updates by natural key"

# --dry-run writes nothing even for a good file; --json reports problems as data.
printf 'document,last_name,first_name,grade,category,school_code\n4510000099,Ким,Ли,9,pupil,S01\n' > dry.csv
before=$("$ATTEST" --db r.db checksum)
"$ATTEST" --db r.db import participants dry.csv --dry-run >/dev/null
assert_eq "$("$ATTEST" --db r.db checksum)" "$before"
set +e; "$ATTEST" --db r.db import participants bad.csv --json > bad.json; st=$?; set -e
assert_eq "$st" "1"
python3 - bad.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "rejected" and r["problems_total"] >= 12, r
assert all(p["line"] > 1 for p in r["problems"])
PY
pass "--dry-run and --json"

# An unreadable or empty file is a clear input error.
: > empty.csv
expect_status 1 "$ATTEST" --db r.db import participants empty.csv
assert_contains "$WORK/err" "empty"
expect_status 1 "$ATTEST" --db r.db import participants nonexistent.csv
pass "empty and missing files"
