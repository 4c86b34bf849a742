#!/usr/bin/env bash
# Results golden set (issue 5): 32 hand-worked papers in tests/data/score, each
# covering a rule (see tests/data/score/README.md), end to end through the CLI:
# papers, sheets, expert marks, third check, scales, thresholds, conditions,
# retakes, appeals up/down/rejected/late, approve/publish, recompute --check.
source "$(dirname "$0")/lib.bash"
D="$SRCDIR/tests/data/score"
"$ATTEST" --db g.db init --country ru --year 2026 >/dev/null
for e in municipalities schools participants staff exams; do "$ATTEST" --db g.db import $e "$D/$e.csv" >/dev/null; done
expect_status 0 "$ATTEST" --db g.db score paper "$D/papers.csv"
expect_status 0 "$ATTEST" --db g.db score import "$D/sheets.csv"
expect_status 0 "$ATTEST" --db g.db experts import "$D/marks.csv"
res() { "$ATTEST" --db g.db --json results show --participant "$1" --exam "$2" | json_get "[0]['$3']"; }
check() { assert_eq "$(res "$1" "$2" "$3")" "$4" "$1 $2 $3"; }
# primary and test score per paper (hand-worked in README.md)
while read -r doc exam prim conv; do
    check "$doc" "$exam" primary "$prim"
    case "$conv" in t*) check "$doc" "$exam" test_score "${conv#t}";; m*) check "$doc" "$exam" mark "${conv#m}";; esac
done <<'T'
P01 RUS11 50 t100
P03 RUS11 1 t3
P04 RUS11 2 t5
P05 RUS11 2 t5
P06 RUS11 4 t10
P07 RUS11 2 t5
P08 RUS11 1 t3
P09 RUS11 1 t3
P10 RUS11 0 t0
P11 RUS11 10 t24
P12 RUS11 9 t22
P13 RUS11 16 t36
P14 RUS11 15 t34
P15 RUS11 47 t88
P16 RUS11 46 t86
P25 MB11 7 m3
P26 MB11 6 m2
P27 MB11 17 m5
P28 MB11 16 m4
P29 M9 8 m2
P30 M9 8 m3
P31 M9 9 m3
P32 M9 11 m2
T
pass "23 scored papers: normalisation, partial credit, tolerance, scales, conditions"
check P11 RUS11 passed 1; check P12 RUS11 passed 0; check P13 RUS11 university 1; check P14 RUS11 university 0
check P15 RUS11 third_check True; check P16 RUS11 third_check False; check P32 M9 third_check True
check P02 RUS11 status absent; check P17 RUS11 status removed; check P18 RUS11 status not_finished
pass "thresholds 24/36 at their edges; third check triggered and not; absent/removed/not finished"

# retakes: the removed P17 sits the reserve day
expect_status 0 "$ATTEST" --db g.db score import "$D/retake.csv"
check P17 RUS11R retake_of RUS11
# lifecycle: pending results block approval; approve and publish
expect_status 0 "$ATTEST" --db g.db results approve --exam RUS11
expect_status 0 "$ATTEST" --db g.db results publish --exam RUS11 --date 2026-06-10
check P01 RUS11 stage published
# procedure appeal: on the exam day only; upheld → annulled + retake
expect_status 1 "$ATTEST" --db g.db appeal file --kind procedure --exam RUS11 --participant P23 --date 2026-05-27
assert_contains "$WORK/err" "it was due on 2026-05-26"
expect_status 0 "$ATTEST" --db g.db --json appeal file --kind procedure --exam RUS11 --participant P22 --date 2026-05-26
id=$(json_get "['id']" < "$WORK/out")
expect_status 0 "$ATTEST" --db g.db appeal decide --id "$id" --decision upheld --date 2026-05-27
check P22 RUS11 status annulled
pass "procedure appeal: late one refused with its date; upheld one annuls"
# scores appeals: due 2 working days after 2026-06-10 = 2026-06-15 (12 June holiday)
expect_status 1 "$ATTEST" --db g.db appeal file --kind scores --exam RUS11 --participant P21 --date 2026-06-16
assert_contains "$WORK/err" "due by 2026-06-15"
expect_status 0 "$ATTEST" --db g.db --json appeal file --kind scores --exam RUS11 --participant P19 --date 2026-06-15
up=$(json_get "['id']" < "$WORK/out")
expect_status 0 "$ATTEST" --db g.db --json appeal file --kind scores --exam RUS11 --participant P20 --date 2026-06-11
down=$(json_get "['id']" < "$WORK/out")
expect_status 0 "$ATTEST" --db g.db --json appeal file --kind scores --exam RUS11 --participant P24 --date 2026-06-11
rej=$(json_get "['id']" < "$WORK/out")
expect_status 1 "$ATTEST" --db g.db appeal decide --id "$up" --decision upheld --date 2026-06-17 --expert E2 --marks 7,5,5
assert_contains "$WORK/err" "already marked"
expect_status 0 "$ATTEST" --db g.db appeal decide --id "$up" --decision upheld --date 2026-06-17 --expert E4 --marks 7,5,5
expect_status 0 "$ATTEST" --db g.db appeal decide --id "$down" --decision upheld --date 2026-06-17 --expert E4 --marks 8,6,6
expect_status 0 "$ATTEST" --db g.db appeal decide --id "$rej" --decision rejected --date 2026-06-17
check P19 RUS11 primary 44; check P19 RUS11 test_score 83
check P20 RUS11 primary 47; check P20 RUS11 test_score 88
check P24 RUS11 primary 42
"$ATTEST" --db g.db --json appeal list > a.json
assert_eq "$(json_get "[1]['outcome']" < a.json)" up
assert_eq "$(json_get "[2]['outcome']" < a.json)" down
assert_eq "$(json_get "[3]['outcome']" < a.json)" kept
assert_eq "$(json_get "[1]['decide_by']" < a.json)" 2026-06-19
pass "scores appeals: late refused with the due date, up, down, kept; re-check by a new expert"
"$ATTEST" --db g.db --json results show --participant P19 --exam RUS11 > h.json
assert_eq "$(json_get "[0]['version']" < h.json)" 3
assert_eq "$(json_get "[0]['history'][2]['reason']" < h.json)" "scores appeal upheld: re-checked"
expect_status 0 "$ATTEST" --db g.db results recompute --check
assert_contains "$WORK/out" "differ (nothing written)"
assert_contains "$WORK/out" ": 0 differ"
pass "history of every version; recompute --check finds nothing"
# a bad sheet file: all problems listed, nothing written
printf 'exam,document,variant,status,act,1\nRUS11,NOPE,1,present,,1\nXX,P01,1,present,,1\nRUS11,P01,9,present,,1\nRUS11,P02,1,removed,,\n' > bad.csv
before=$("$ATTEST" --db g.db checksum)
expect_status 1 "$ATTEST" --db g.db score import bad.csv
assert_contains "$WORK/err" "bad.csv:2 (document)"
assert_contains "$WORK/err" "bad.csv:3 (exam)"
assert_contains "$WORK/err" "bad.csv:4 (variant)"
assert_contains "$WORK/err" "bad.csv:5 (act)"
assert_eq "$("$ATTEST" --db g.db checksum)" "$before" "a rejected import changed data"
pass "a bad sheet file: every problem with file:line (column); nothing written"
