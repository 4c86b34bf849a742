#!/usr/bin/env bash
# The first load of answer sheets (issue 5) goes without the indexes of
# answer_sheets, works, results and result_versions and builds them at the
# end (docs/results.md): the same checks, the same results and the same
# indexes as a load into a database that already holds sheets.
source "$(dirname "$0")/lib.bash"
D="$SRCDIR/tests/data/score"
"$ATTEST" --db f.db init --country ru --year 2026 >/dev/null
for e in municipalities schools participants staff exams; do "$ATTEST" --db f.db import $e "$D/$e.csv" >/dev/null; done
"$ATTEST" --db f.db score paper "$D/papers.csv" >/dev/null
indexes() { sqlite3 f.db "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN
  ('answer_sheets', 'works', 'results', 'result_versions', 'expert_tasks', 'retakes') ORDER BY name" | tr '\n' ' '; }
want="answer_sheets_key expert_tasks_expert expert_tasks_key result_versions_key results_document results_key retakes_key retakes_retake works_key works_sheet "
assert_eq "$(indexes)" "$want" "indexes of a new database"
# a duplicate inside the first file: refused with both lines, nothing written, indexes back
{ head -n 3 "$D/sheets.csv"; sed -n 2p "$D/sheets.csv"; } > dup.csv
before=$("$ATTEST" --db f.db checksum)
expect_status 1 "$ATTEST" --db f.db score import dup.csv
assert_contains "$WORK/err" "dup.csv:4 (document): P01 already has a sheet for RUS11 on line 2"
assert_eq "$("$ATTEST" --db f.db checksum)" "$before" "a refused first load changed data"
assert_eq "$(indexes)" "$want" "indexes after a refused first load"
pass "first load: a duplicate in the file is refused with its lines; nothing written; indexes kept"
# the golden sheets as the first load, then the marks (expert_tasks empty: its
# second index waits too); the removed P17 and unfinished P18 get their retakes
expect_status 0 "$ATTEST" --db f.db score import "$D/sheets.csv"
assert_eq "$(indexes)" "$want" "indexes after the first load"
assert_eq "$(sqlite3 f.db "SELECT group_concat(document || ':' || retake_exam_code, ' ') FROM (SELECT * FROM retakes ORDER BY document)")" \
    "P17:RUS11R P18:RUS11R" "retakes granted by the first load"
assert_eq "$(sqlite3 f.db "SELECT count(*) FROM results WHERE version = 1") $(sqlite3 f.db "SELECT count(*) FROM answer_sheets")" "32 32"
expect_status 0 "$ATTEST" --db f.db experts import "$D/marks.csv"
assert_eq "$(indexes)" "$want" "indexes after the first marks"
"$ATTEST" --db f.db --json results show --participant P15 --exam RUS11 > r.json
assert_eq "$(json_get "[0]['primary']" < r.json) $(json_get "[0]['test_score']" < r.json)" "47 88" "P15 after the third check"
pass "first load of sheets and marks: retakes, one version per sheet, scores, indexes rebuilt"
# a later file keeps the indexes and finds a sheet already stored
expect_status 1 "$ATTEST" --db f.db score import dup.csv
assert_contains "$WORK/err" "already has a sheet for RUS11"
expect_status 0 "$ATTEST" --db f.db score import "$D/retake.csv"
assert_eq "$("$ATTEST" --db f.db --json results show --participant P17 --exam RUS11R | json_get "[0]['retake_of']")" RUS11
expect_status 0 "$ATTEST" --db f.db results recompute --check
assert_contains "$WORK/out" ": 0 differ"
pass "a later load: stored sheets refused, retake replaces the annulled result, recompute finds nothing"
# marks whose rows of a work do not come together (P01's first check last):
# the first load falls back to the indexes there and then, with the same
# results as the file in order; an expert marking a work twice is refused by
# the rules from memory (the work's marks held), as `experts mark` would
fresh_db() {
    rm -f "$1"
    "$ATTEST" --db "$1" init --country ru --year 2026 >/dev/null
    for e in municipalities schools participants staff exams; do "$ATTEST" --db "$1" import $e "$D/$e.csv" >/dev/null; done
    "$ATTEST" --db "$1" score paper "$D/papers.csv" >/dev/null
    "$ATTEST" --db "$1" score import "$D/sheets.csv" >/dev/null
}
scores() { "$ATTEST" --db "$1" --json results list | python3 -c 'import json,sys
for r in json.load(sys.stdin): print(r["exam"], r["document"], r["status"], r["primary"], r["test_score"], r["mark"])'; }
fresh_db a.db; fresh_db b.db
"$ATTEST" --db a.db experts import "$D/marks.csv" >/dev/null
{ head -n 1 "$D/marks.csv"; tail -n +3 "$D/marks.csv"; sed -n 2p "$D/marks.csv"; } > split.csv
expect_status 0 "$ATTEST" --db b.db experts import split.csv
assert_eq "$(scores b.db)" "$(scores a.db)" "results of marks out of order"
assert_eq "$(sqlite3 b.db "SELECT count(*) FROM sqlite_master WHERE name IN ('expert_tasks_key', 'expert_tasks_expert')")" 2
fresh_db c.db
{ head -n 3 "$D/marks.csv"; sed -n 3p "$D/marks.csv"; } > twice.csv
before=$("$ATTEST" --db c.db checksum)
expect_status 1 "$ATTEST" --db c.db experts import twice.csv
assert_contains "$WORK/err" "twice.csv:4 (expert): expert E3 has already marked this work in round 2"
assert_eq "$("$ATTEST" --db c.db checksum)" "$before" "a refused marks file changed data"
pass "first load of marks out of order: same results; an expert twice on a work refused, nothing written"
