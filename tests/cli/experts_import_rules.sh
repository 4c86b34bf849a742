#!/usr/bin/env bash
# Imported expert marks obey the rules of `experts mark` (issue 5): an expert
# of the exam's subject, not of the participant's school, senior or leading
# for a third check, never one expert in two rounds of a work, the round not
# given to another; every broken rule is reported as file:line (column), all
# at once, and nothing is written. Imported marks that differ by the
# profile's rule call a third expert, as `experts mark` does.
source "$(dirname "$0")/lib.bash"
D="$SRCDIR/tests/data/score"
"$ATTEST" --db r.db init --country ru --year 2026 >/dev/null
for e in municipalities schools participants staff exams; do "$ATTEST" --db r.db import $e "$D/$e.csv" >/dev/null; done
expect_status 0 "$ATTEST" --db r.db score paper "$D/papers.csv"
expect_status 0 "$ATTEST" --db r.db score import "$D/sheets.csv"
# an expression over the exam's task list d
ntasks() { "$ATTEST" --db r.db --json experts tasks --exam RUS11 |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# P01 and P16 are of school S01 (E1 too); M1 marks math; E2 is basic
cat > bad.csv <<'C'
exam,document,expert,round,marks
RUS11,P01,E1,1,"10,7,6"
RUS11,P01,M1,2,"10,7,6"
RUS11,P03,E2,1,"0,0,0"
RUS11,P03,E2,2,"0,0,0"
RUS11,P16,E3,1,"10,7,6"
RUS11,P16,E4,2,"6,3,5"
RUS11,P16,E2,3,"8,6,6"
RUS11,P04,X9,1,"0,0,0"
C
expect_status 1 "$ATTEST" --db r.db experts import bad.csv
assert_contains "$WORK/err" "5 problems, nothing written"
assert_contains "$WORK/err" "bad.csv:2 (expert): expert E1 works at school S01, the participant's"
assert_contains "$WORK/err" "bad.csv:3 (expert): expert M1 is of subject math; expected an expert of rus"
assert_contains "$WORK/err" "bad.csv:5 (expert): expert E2 has already marked this work in round 1"
assert_contains "$WORK/err" "bad.csv:8 (expert): expert E2 is basic; round 3 needs senior or leading"
assert_contains "$WORK/err" "bad.csv:9 (expert): X9: no such staff member; expected an expert of rus"
assert_eq "$(ntasks 'len(d)')" 0 "tasks after a refused import"
pass "imported marks: school, subject, status, two rounds, unknown expert refused as file:line; nothing written"

# the golden marks without P15's third check: its marks 10,7,6 and 5,3,5
# differ by the profile's rule, so the import calls a third expert
grep -v '^RUS11,P15,E4,3,' "$D/marks.csv" > no3.csv
expect_status 0 "$ATTEST" --db r.db experts import no3.csv
res() { "$ATTEST" --db r.db --json results show --participant "$1" --exam "$2" | json_get "[0]['$3']"; }
assert_eq "$(res P15 RUS11 status)" pending "P15 waits for its third check"
assert_eq "$(res P15 RUS11 third_check)" True "P15 third check"
third=$(ntasks "[t['expert'] for t in d if t['round'] == 3 and t['marks'] is None][0]")
work=$(ntasks "[t['work'] for t in d if t['round'] == 3 and t['marks'] is None][0]")
assert_eq "$(ntasks "len([t for t in d if t['round'] == 3 and t['marks'] is None])")" 1 "one open third check"
case "$third" in E3 | E4) ;; *) fail "third expert $third: expected E3 or E4 (senior/leading, not of S01, not E2/E5)";; esac
other=E4; [ "$third" = E4 ] && other=E3
# the round is given: another expert's third mark is refused
printf 'exam,document,expert,round,marks\nRUS11,P15,%s,3,"8,6,6"\n' "$other" > other3.csv
expect_status 1 "$ATTEST" --db r.db experts import other3.csv
assert_contains "$WORK/err" "other3.csv:2 (expert): round 3 of this work is given to expert $third"
# the chosen one's mark (imported into its task) settles the result as in the golden set
printf 'exam,document,expert,round,marks\nRUS11,P15,%s,3,"8,6,6"\n' "$third" > third3.csv
expect_status 0 "$ATTEST" --db r.db experts import third3.csv
assert_eq "$(res P15 RUS11 status)" scored "P15 after its third check"
assert_eq "$(res P15 RUS11 primary)" 47 "P15 primary"
assert_eq "$(ntasks "len([t for t in d if t['work'] == '$work'])")" 3 "P15's work: three tasks"
pass "discrepant imported marks call a third expert ($third); the round is his; his mark scores 47"

# The same files on a later load (a task stored already): the rules then read
# each work's tasks instead of the first load's memory (score_import_marks has
# both paths) and must say the same, and P15's third expert must be the same
# one (loads from the stored tasks, ties from seed 0 as no run assigned it).
"$ATTEST" --db l.db init --country ru --year 2026 >/dev/null
for e in municipalities schools participants staff exams; do "$ATTEST" --db l.db import $e "$D/$e.csv" >/dev/null; done
"$ATTEST" --db l.db score paper "$D/papers.csv" >/dev/null
"$ATTEST" --db l.db score import "$D/sheets.csv" >/dev/null
{ head -n 1 "$D/marks.csv"; grep '^RUS11,P05,' "$D/marks.csv"; } > p05.csv
expect_status 0 "$ATTEST" --db l.db experts import p05.csv
expect_status 1 "$ATTEST" --db l.db experts import bad.csv
assert_contains "$WORK/err" "5 problems, nothing written"
for want in "bad.csv:2 (expert): expert E1 works at school S01, the participant's" \
    "bad.csv:3 (expert): expert M1 is of subject math; expected an expert of rus" \
    "bad.csv:5 (expert): expert E2 has already marked this work in round 1" \
    "bad.csv:8 (expert): expert E2 is basic; round 3 needs senior or leading" \
    "bad.csv:9 (expert): X9: no such staff member; expected an expert of rus"; do
    assert_contains "$WORK/err" "$want"
done
grep -v '^RUS11,P05,' no3.csv > no3-later.csv
expect_status 0 "$ATTEST" --db l.db experts import no3-later.csv
third_later=$("$ATTEST" --db l.db --json experts tasks --exam RUS11 |
    python3 -c 'import json,sys; print([t["expert"] for t in json.load(sys.stdin) if t["round"] == 3 and t["marks"] is None][0])')
assert_eq "$third_later" "$third" "third expert of P15 on a later load"
pass "a later load: the same problems refused, the same third expert ($third_later) called"
