-- 005: staff distribution (issue 4): the seed the staff of a date were
-- distributed with (seat_runs.staff_at says when), so the assignment can be
-- replayed and verified.
ALTER TABLE seat_runs ADD COLUMN staff_seed TEXT;
