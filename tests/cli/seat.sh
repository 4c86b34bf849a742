#!/usr/bin/env bash
# attest seat: distribution of an exam day end to end — every distribution
# made here passes the independent check (seat verify, which shares no code
# with the solver); the same seed replays, another seed differs; closing a point
# moves only its participants; a day short of seats is explained and nothing
# is written.
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db r.db demo --country ru --participants 3000 --seed 3 >/dev/null 2>&1 || fail "demo"
D=2026-06-04
expect_status 0 "$ATTEST" --db r.db seat run --date $D --seed 5
assert_contains "$WORK/out" "seed 5"
expect_status 0 "$ATTEST" --db r.db seat verify --date $D
assert_contains "$WORK/out" "0 violations"
seated=$(sqlite3 r.db "SELECT count(*) FROM seatings WHERE date='$D'")
[ "$seated" -gt 1000 ] || fail "only $seated seated"
# ЕГЭ: nobody in a point based at their own school; one exam per room
own=$(sqlite3 r.db "SELECT count(*) FROM seatings s JOIN participants p USING (document)
  JOIN exam_points e ON e.code = s.exam_point_code WHERE e.kind = 'regular' AND e.base_school_code = p.school_code")
assert_eq "$own" "0"
expect_status 0 "$ATTEST" --db r.db seat staff --date $D
expect_status 0 "$ATTEST" --db r.db seat verify --date $D
assert_contains "$WORK/out" "0 violations"
pass "a demo day distributed, staffed and verified"

# every main day of the demo's schedule, RU and KZ
for c in ru kz; do
  "$ATTEST" --db all-$c.db demo --country $c --participants 2000 --seed 11 >/dev/null 2>&1 || fail "demo $c"
  for d in $(sqlite3 all-$c.db "SELECT DISTINCT date FROM exams WHERE COALESCE(reserve, 0) = 0 ORDER BY 1"); do
    expect_status 0 "$ATTEST" --db all-$c.db seat run --date "$d" --seed 1
    expect_status 0 "$ATTEST" --db all-$c.db seat staff --date "$d"
    expect_status 0 "$ATTEST" --db all-$c.db seat verify --date "$d"
    assert_contains "$WORK/out" " 0 violations"
  done
done
pass "every main exam day of the RU and KZ demos verifies with zero violations"

# same seed → identical seating; another seed → different
dump() { sqlite3 "$1" "SELECT exam_code, document, exam_point_code, room_number, seat FROM seatings WHERE date='$D' ORDER BY 1, 2"; }
cp r.db again.db
"$ATTEST" --db again.db seat run --date $D --seed 5 >/dev/null || fail "rerun"
[ "$(dump r.db)" = "$(dump again.db)" ] || fail "the same seed gave a different seating"
"$ATTEST" --db again.db seat run --date $D --seed 6 >/dev/null || fail "rerun seed 6"
[ "$(dump r.db)" != "$(dump again.db)" ] || fail "another seed gave the same seating"
assert_eq "$(sqlite3 again.db "SELECT seed FROM seat_runs WHERE date='$D'")" "6"
pass "same seed replays the seating, another seed differs, the seed is recorded"

# closing one point moves only that point's participants
cp r.db closed.db
P=$(sqlite3 closed.db "SELECT exam_point_code FROM seatings WHERE date='$D' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
n_in_p=$(sqlite3 closed.db "SELECT count(*) FROM seatings WHERE date='$D' AND exam_point_code='$P'")
dump closed.db > before.txt
expect_status 0 "$ATTEST" --db closed.db seat close --date $D --point "$P" --reason "нет электричества"
expect_status 0 "$ATTEST" --db closed.db seat replan --date $D --reason "ППЭ закрыт"
assert_contains "$WORK/out" "$n_in_p moves"
dump closed.db > after.txt
changed=$(comm -23 before.txt after.txt)
assert_eq "$(printf '%s\n' "$changed" | grep -c .)" "$n_in_p"
[ -z "$(printf '%s\n' "$changed" | awk -F'|' -v p="$P" '$3 != p')" ] || fail "someone outside $P was moved"
assert_eq "$(sqlite3 closed.db "SELECT count(*) FROM seatings WHERE date='$D' AND exam_point_code='$P'")" "0"
assert_eq "$(sqlite3 closed.db "SELECT count(*) FROM seat_moves WHERE date='$D'")" "$n_in_p"
expect_status 0 "$ATTEST" --db closed.db seat verify --date $D
assert_contains "$WORK/out" " 0 violations"
expect_status 0 "$ATTEST" --db closed.db seat replan --date $D
assert_contains "$WORK/out" "0 moves"
pass "closing point $P moved only its $n_in_p participants; everyone else kept the seat"

# too few seats: every point of one municipality but one is closed
cp r.db short.db
M=$(sqlite3 short.db "SELECT municipality_code FROM exam_points WHERE kind='regular' GROUP BY 1 HAVING count(*) >= 3 ORDER BY 1 LIMIT 1")
keep=$(sqlite3 short.db "SELECT code FROM exam_points WHERE kind='regular' AND municipality_code='$M' ORDER BY code LIMIT 1")
for p in $(sqlite3 short.db "SELECT code FROM exam_points WHERE kind='regular' AND municipality_code='$M' AND code != '$keep'"); do
  "$ATTEST" --db short.db seat close --date $D --point "$p" --reason test >/dev/null || fail "close $p"
done
before=$("$ATTEST" --db short.db checksum)
expect_status 1 "$ATTEST" --db short.db seat run --date $D --seed 5
assert_contains "$WORK/err" "nothing was written"
grep -Eq "municipality $M, $D rus \(ege\): [0-9]+ participants, [0-9]+ admissible seats in rooms; short by [0-9]+" "$WORK/err" \
  || fail "no shortage line for $M: $(cat "$WORK/err")"
assert_eq "$("$ATTEST" --db short.db checksum)" "$before"
expect_status 1 "$ATTEST" --db short.db --json seat run --date $D --seed 5
assert_eq "$(json_get "['status']" < "$WORK/out")" "infeasible"
pass "too few seats in $M: explained per municipality and exam, nothing written"

# a date with few sittings for the size of the participants table: its
# participants are looked up one by one instead of read in one pass — every
# sitting the schedule and registrations make is still seated, and verifies
cp r.db few.db
sqlite3 few.db "DELETE FROM registrations WHERE rowid IN (SELECT r.rowid FROM registrations r JOIN exams e
  ON e.subject = r.subject AND e.form = r.form AND e.period = r.period WHERE e.date = '$D') AND rowid % 40 <> 0"
want=$(sqlite3 few.db "SELECT count(*) FROM exams e JOIN registrations r ON r.subject = e.subject AND r.form = e.form
  AND r.period = e.period JOIN participants p ON p.document = r.document AND p.grade = e.grade
  WHERE e.date = '$D' AND COALESCE(e.reserve, 0) = 0")
people=$(sqlite3 few.db "SELECT count(*) FROM participants")
[ "$want" -gt 0 ] && [ $((want * 16)) -lt "$people" ] || fail "the thinned day has $want sittings for $people participants"
expect_status 0 "$ATTEST" --db few.db --json seat run --date $D --seed 5
assert_eq "$(json_get "['sittings']" < "$WORK/out")" "$want"
assert_eq "$(json_get "['seated']" < "$WORK/out")" "$want"
expect_status 0 "$ATTEST" --db few.db seat verify --date $D
assert_contains "$WORK/out" " 0 violations"
pass "a day of $want sittings among $people participants: looked up one by one, all seated, verified"
