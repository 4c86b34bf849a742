#!/usr/bin/env bash
# The command's contract: help, exit codes, init/migrate, --json.
source "$(dirname "$0")/lib.bash"

expect_status 0 "$ATTEST" help
assert_contains "$WORK/out" "import"
expect_status 0 "$ATTEST" help import
assert_contains "$WORK/out" "--dry-run"
expect_status 2 "$ATTEST" no-such-command
expect_status 2 "$ATTEST" import
expect_status 2 "$ATTEST" init --country ru
expect_status 2 "$ATTEST" init --country xx --year 2026
expect_status 1 "$ATTEST" --db missing.db info
assert_contains "$WORK/err" "init --country"
pass "usage errors exit 2, bad input 1"

expect_status 1 "$ATTEST" --db old.db init --country ru --year 2019
[ ! -e old.db ] || fail "a failed init left a file behind"

expect_status 0 "$ATTEST" --db a.db init --country ru --year 2026
expect_status 1 "$ATTEST" --db a.db init --country ru --year 2026
assert_contains "$WORK/err" "already exists"
expect_status 0 "$ATTEST" --db a.db migrate
assert_contains "$WORK/out" "up to date"
"$ATTEST" --db a.db info --json > info.json
assert_eq "$(json_get '["country"]' < info.json)" "ru"
assert_eq "$(json_get '["profiles"]' < info.json)" "['ru-gia9-2026', 'ru-gia11-2026']"
assert_eq "$(json_get '["counts"]["participants"]' < info.json)" "0"
pass "init stores profiles; migrate is idempotent; info --json"

# ATTEST_DB is honoured and --db wins over it.
ATTEST_DB=a.db "$ATTEST" info --json | python3 -c 'import json,sys; json.load(sys.stdin)'
expect_status 1 env ATTEST_DB=a.db "$ATTEST" --db nothing.db info
pass "ATTEST_DB"

# Errors in --json mode are JSON too.
set +e; "$ATTEST" --db nothing.db info --json > err.json 2>/dev/null; set -e
assert_eq "$(json_get '["exit"]' < err.json)" "1"

# No progress bar when output is not a terminal.
expect_status 0 "$ATTEST" --db d.db demo --country ru --participants 300 --seed 3
if grep -q $'\r' "$WORK/err"; then fail "progress bar drawn on a non-terminal"; fi
pass "no progress bar off a terminal"

# calendar and rules commands
# 31 Dec 2025 is a day off (moved from Sat 4 Jan) and 1–11 Jan 2026 are holidays and weekend.
assert_eq "$("$ATTEST" calendar add --country ru 2025-12-30 1)" "2026-01-12"
"$ATTEST" rules list --json | python3 -c 'import json,sys; ids=[p["id"] for p in json.load(sys.stdin)]; assert "kz-ia11-2026" in ids and "ru-gia9-2027" in ids, ids'
expect_status 0 "$ATTEST" rules show ru-gia11-2026
assert_contains "$WORK/out" "math_profile"
pass "rules and calendar"

# Forward migration: a database made by an older attest (schema 1, before
# roadmaps) is refused until `attest migrate`, which brings it up to date.
"$ATTEST" --db old.db demo --country ru --participants 50 --seed 1 --year 2026 >/dev/null
sqlite3 old.db "DROP TABLE retakes; DROP TABLE appeals; DROP TABLE result_versions; DROP TABLE results;
                DROP TABLE expert_tasks; DROP TABLE expert_runs; DROP TABLE works; DROP TABLE answer_sheets;
                DROP TABLE paper_items;
                DROP TABLE custody_acts; DROP TABLE material_kits; DROP TABLE seat_closures;
                DROP TABLE seat_moves; DROP TABLE staff_posts; DROP TABLE seatings; DROP TABLE seat_runs;
                DROP TABLE territorial_scheme; DROP TABLE exams;
                ALTER TABLE schools DROP COLUMN latitude; ALTER TABLE schools DROP COLUMN longitude;
                DROP TABLE plan_status_log; DROP TABLE plan_measure_bodies; DROP TABLE plan_bodies;
                DROP TABLE plan_measures; DROP TABLE plans; DELETE FROM schema_migrations WHERE version > 1;"
before=$("$ATTEST" --db old.db checksum 2>/dev/null || true)
[ -z "$before" ] || fail "an old schema was not refused"
expect_status 1 "$ATTEST" --db old.db info
assert_contains "$WORK/err" "attest migrate"
expect_status 0 "$ATTEST" --db old.db migrate
assert_contains "$WORK/out" "from schema version 1 to"
expect_status 0 "$ATTEST" --db old.db info --json
assert_eq "$(json_get '["counts"]["participants"]' < "$WORK/out")" "50"
pass "migrate upgrades an older database, keeping its data"
