#!/usr/bin/env bash
# `experts import` reads the sheets and works beside the marks file, in the
# order they were stored, and looks up by key any work that comes out of that
# order (docs/results.md): the file's order is no promise. The same marks in
# the sheets' order, shuffled, reversed, and in two halves the wrong way round
# (a long run of stored sheets before the first one asked) give the same
# tasks, results and result versions — on a first load (no tasks yet) and on
# a later one — with more works than the scan keeps ahead.
source "$(dirname "$0")/lib.bash"
export ATTEST_NOW=2026-07-01T09:00:00Z   # a fixed clock: versions compared whole
python3 - <<'EOF'
import random
r = random.Random(11)
schools = [f"S{i:02d}" for i in range(1, 9)]
open("municipalities.csv", "w").write("code,name\nM1,Район\n")
open("schools.csv", "w").write("code,municipality_code,name\n" + "".join(f"{s},M1,Школа {s}\n" for s in schools))
n = 700
school_of = {f"P{i:04d}": r.choice(schools) for i in range(1, n + 1)}
with open("participants.csv", "w") as f:
    f.write("document,last_name,first_name,grade,category,school_code\n")
    for d, s in school_of.items():
        f.write(f"{d},Фамилия,Имя,11,pupil,{s}\n")
experts = [(f"XR{i:02d}", schools[i % len(schools)]) for i in range(1, 11)]
with open("staff.csv", "w") as f:
    f.write("document,last_name,first_name,roles,school_code,expert_subject,expert_status\n")
    for x, s in experts:
        f.write(f"{x},Эксперт,Тест,expert,{s},rus,senior\n")
open("exams.csv", "w").write(
    "code,grade,subject,form,room_kind,date,start_time,duration_minutes,period,reserve\n"
    "RUS11,11,rus,ege,,2026-05-26,10:00,210,main,0\n")
with open("papers.csv", "w") as f:
    f.write("exam,variant,kind,item,label,max_points,key,alternatives,unordered,tolerance,partial,part\n")
    for i in range(1, 28):
        f.write(f"RUS11,1,short,{i},{i},1,1,,0,,,\n")
    for i, m in enumerate((10, 7, 6), 1):
        f.write(f"RUS11,1,criterion,{i},К{i},{m},,,0,,,\n")
docs = list(school_of)
r.shuffle(docs)                       # scan order, as batches of forms come
works = []
with open("sheets.csv", "w") as f:
    f.write("exam,document,variant,status,act," + ",".join(str(i) for i in range(1, 28)) + "\n")
    for d in docs:
        absent = r.random() < 0.05
        if not absent:
            works.append(d)
        f.write(f"RUS11,{d},{'' if absent else 1},{'absent' if absent else 'present'},"
                + ("," * 27 if absent else "," + ",".join(r.choice("12") for _ in range(27))) + "\n")
def rows(d):
    a, b = r.sample([x for x, s in experts if s != school_of[d]], 2)
    m = [r.randint(0, 10), r.randint(0, 7), r.randint(0, 6)]
    m2 = [max(0, m[0] - r.randint(0, 1))] + m[1:]
    return [f"RUS11,{d},{a},1,\"{','.join(map(str, m))}\"\n", f"RUS11,{d},{b},2,\"{','.join(map(str, m2))}\"\n"]
by_work = {d: rows(d) for d in works}
def write(name, order):
    with open(name, "w") as f:
        f.write("exam,document,expert,round,marks\n")
        for d in order:
            f.writelines(by_work[d])
write("in_order.csv", works)
shuffled = works[:]
r.shuffle(shuffled)
write("shuffled.csv", shuffled)
write("reversed.csv", works[::-1])
half = len(works) // 2
write("halves.csv", works[half:] + works[:half])
# a later load: the first third first, then the rest in order
third = len(works) // 3
write("first.csv", works[:third])
write("rest.csv", works[third:])
write("rest_shuffled.csv", sorted(works[third:], key=lambda d: r.random()))
EOF
"$ATTEST" --db base.db init --country ru --year 2026 >/dev/null
for e in municipalities schools participants staff exams; do expect_status 0 "$ATTEST" --db base.db import $e $e.csv; done
expect_status 0 "$ATTEST" --db base.db score paper papers.csv
expect_status 0 "$ATTEST" --db base.db score import sheets.csv
state() {
    sqlite3 "$1" "SELECT w.document, t.expert, t.round, t.marks FROM expert_tasks t JOIN works w USING (work_code) ORDER BY 1, 2;
      SELECT exam_code, document, version, status, short_score, extended_score, primary_score, test_score, mark,
             passed, university, third_check, stage FROM results ORDER BY 1, 2;
      SELECT exam_code, document, version, status, primary_score, test_score, mark, reason, made_at FROM result_versions
      ORDER BY 1, 2, 3" | sha256sum
}
load() { # DB FILE...: a copy of the base with the files imported in turn
    rm -f "$1"
    cp base.db "$1"
    local db=$1 f
    shift
    for f in "$@"; do expect_status 0 "$ATTEST" --db "$db" experts import "$f"; done
}
load a.db in_order.csv
want=$(state a.db)
assert_eq "$(sqlite3 a.db "SELECT count(*) FROM results WHERE status = 'scored'")" \
    "$(sqlite3 a.db "SELECT count(*) FROM answer_sheets WHERE status = 'present'")" "every present sheet scored"
for f in shuffled reversed halves; do
    load $f.db $f.csv
    assert_eq "$(state $f.db)" "$want" "marks $f"
done
pass "a first load of marks in the sheets' order, shuffled, reversed or in halves: the same tasks, results, versions"
load later.db first.csv rest.csv
assert_eq "$(state later.db)" "$want" "marks in two files"
load later2.db first.csv rest_shuffled.csv
assert_eq "$(state later2.db)" "$want" "marks in two files, the second shuffled"
pass "a later load of marks, in order or shuffled: the same tasks, results, versions"
