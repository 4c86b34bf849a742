#!/usr/bin/env bash
# Roadmaps end to end: the five seeds import, deadlines are tracked, statuses
# need evidence, reminders follow working days, and the iCalendar and XLSX
# exports open in independent readers (Debian's python3-icalendar, python3-openpyxl).
source "$(dirname "$0")/lib.bash"
SEEDS="${SRCDIR:?}/../shared/seeds"
DATA="$SRCDIR/tests/data/plan"
PY=/usr/bin/python3   # Debian's python, where the python3-* packages live
export ATTEST_TODAY=2026-03-03

"$ATTEST" --db p.db init --country ru --year 2026 >/dev/null
for f in "$SEEDS"/00*.txt; do
    "$ATTEST" --db p.db plan import "$f" --level region --json > "imp-$(basename "$f" .txt).json" \
        || fail "seed $(basename "$f") did not import"
done
"$ATTEST" --db p.db plan plans --json > plans.json
$PY - plans.json <<'PY'
import json, sys
plans = {p["code"]: p for p in json.load(open(sys.argv[1]))}
# every seed gives at least one plan with measures; seed 001 gives two twins (KZ/RU) per grade
assert len(plans) == 8, sorted(plans)
for code, p in plans.items():
    assert p["measures"] > 0, code
twins = [(c, p["linked"]) for c, p in plans.items() if c.startswith("001_")]
assert len(twins) == 4 and all(l for _, l in twins), twins
for c, l in twins:
    assert plans[l]["linked"] == c and plans[l]["measures"] == plans[c]["measures"], (c, l)
    assert {plans[c]["language"], plans[l]["language"]} == {"ru", "kk"}
PY
pass "five seeds import; seed 001's Kazakh and Russian plans are twins"

# Year typos are kept as written but pointed out ("январь 2024" in the 2024-2025 plan).
$PY - imp-003_771d33cc7fe4aa72.json <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))["plans"][0]
check = {c["number"]: c for c in plan["check"]}
assert check["2.4."]["deadline"] == "январь 2024" and "academic year" in check["2.4."]["warning"], check.get("2.4.")
PY
pass "suspicious deadlines are pointed out"

# Twins are linked measure by measure.
"$ATTEST" --db p.db plan list 001_2df12ddf07330180-ru1 --json > ru.json
$PY - ru.json <<'PY'
import json, sys
ms = json.load(open(sys.argv[1]))
assert all(m["linked"].startswith("001_2df12ddf07330180-kk1/") for m in ms), [m["linked"] for m in ms][:5]
assert [m["linked"].split("/")[1].rstrip(".") for m in ms] == [m["number"].rstrip(".") for m in ms]
PY
pass "measures linked one to one"

# Overdue: due date passed and not done; done needs evidence and is logged.
"$ATTEST" --db p.db plan list 000_da73f0c969eac277 --overdue --json > od.json
n_before=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' od.json)
[ "$n_before" -gt 0 ] || fail "nothing overdue on $ATTEST_TODAY in seed 000"
first=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["number"])' od.json)
expect_status 1 "$ATTEST" --db p.db plan status 000_da73f0c969eac277 "$first" done
assert_contains "$WORK/err" "evidence"
expect_status 0 "$ATTEST" --db p.db plan status 000_da73f0c969eac277 "$first" done --evidence "приказ № 12 от 30.01.2026"
expect_status 2 "$ATTEST" --db p.db plan status 000_da73f0c969eac277 "$first" finished
"$ATTEST" --db p.db plan list 000_da73f0c969eac277 --overdue --json > od2.json
n_after=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' od2.json)
assert_eq "$n_after" "$((n_before - 1))" "a done measure is no longer overdue"
[ "$(sqlite3 p.db "SELECT COUNT(*) FROM plan_status_log WHERE new_status = 'done' AND actor = 'cli:test'")" = 1 ] \
    || fail "status change not logged with its actor"
pass "overdue, done with evidence, status history"

# Reminders: what falls due within N working days, grouped by responsible body.
ATTEST_TODAY=2025-01-27 "$ATTEST" --db p.db plan remind --working-days 5 --json > rem.json
$PY - rem.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["until"] == "2025-02-03", r["until"]          # 5 working days after Mon 27 Jan 2025
dues = [m["due_on"] for g in r["groups"] for m in g["measures"]]
assert dues and all("2025-01-27" <= d <= "2025-02-03" for d in dues), dues
assert all(g["responsible"] for g in r["groups"])
PY
pass "remind groups what falls due by responsible body"

# iCalendar accepted by an independent parser; XLSX opened by openpyxl.
"$ATTEST" --db p.db plan ics 003_771d33cc7fe4aa72 -o plan.ics >/dev/null
"$ATTEST" --db p.db plan export 003_771d33cc7fe4aa72 --format xlsx -o plan.xlsx >/dev/null
"$ATTEST" --db p.db plan export --format csv -o all.csv >/dev/null
$PY - plan.ics plan.xlsx <<'PY'
import sys, icalendar, openpyxl
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = [c for c in cal.walk() if c.name == "VEVENT"]
assert len(events) > 200, len(events)
assert all(e.get("UID") and e.get("DTSTART") for e in events)
assert any("Мониторинг" in str(e.get("SUMMARY")) for e in events)
wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
rows = list(wb.active.iter_rows(values_only=True))
assert rows[0][:4] == ("план", "№", "раздел", "мероприятие"), rows[0]
assert len(rows) == 359, len(rows)                     # header + 358 measures of seed 003
PY
pass "ics parsed by python3-icalendar; xlsx read by openpyxl"

# The chart: an SVG with a row per measure.
"$ATTEST" --db p.db plan chart 003_771d33cc7fe4aa72 -o chart.svg >/dev/null
$PY -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.documentElement.tagName == "svg"' chart.svg
pass "svg chart is well-formed XML"

# A pipe-separated plan and a CSV plan with the columns in another order.
"$ATTEST" --db p.db plan import "$DATA/pipe_plan.md" --level school --territory S01 --code pipe --json > pipe.json
"$ATTEST" --db p.db plan import "$DATA/csv_plan.csv" --level municipality --code csv --year 2025-2026 --json > csv.json
"$ATTEST" --db p.db plan list csv --json > csvm.json
$PY - csvm.json <<'PY'
import json, sys
ms = json.load(open(sys.argv[1]))
assert [m["number"] for m in ms][:3] == ["1", "2", "3"], ms
assert ms[0]["title"].startswith("Формирование списка претендентов"), ms[0]["title"]
assert ms[0]["due_on"] == "2026-02-01" and ms[1]["due_on"] == "2026-03-31", ms[:2]
assert "ИЦРО" in ms[0]["bodies"] or "Инновационный" in ms[0]["bodies"], ms[0]["bodies"]
PY
pass "pipe and reordered CSV plans import"

# XLSX plans: the exported workbook of seed 000 imports back as the same plan.
"$ATTEST" --db p.db plan export 000_da73f0c969eac277 --format xlsx -o p0.xlsx >/dev/null
"$ATTEST" --db p.db plan import p0.xlsx --level region --code fromxlsx --year 2025-2026 >/dev/null
"$ATTEST" --db p.db plan list 000_da73f0c969eac277 --json > a.json
"$ATTEST" --db p.db plan list fromxlsx --json > b.json
$PY - a.json b.json <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
key = lambda m: (m["number"].rstrip("."), m["title"], m["deadline_text"], m["due_on"], m["bodies"])
assert [key(m) for m in a] == [key(m) for m in b], (key(a[0]), key(b[0]))
PY
pass "an XLSX plan imports"

# Cascade: a regional plan copied to every municipality as its own plan.
printf 'code,name\nM01,Центральный\nM02,Заречный\n' > m.csv
"$ATTEST" --db p.db import municipalities m.csv >/dev/null
expect_status 0 "$ATTEST" --db p.db plan cascade 000_da73f0c969eac277 --to municipality
assert_contains "$WORK/out" "2 municipality plans"
"$ATTEST" --db p.db plan list 000_da73f0c969eac277@M02 --json | $PY -c 'import json,sys; m=json.load(sys.stdin); assert len(m)==19 and all(x["status"]=="planned" for x in m), len(m)'
pass "cascade to municipalities"

# Roll-ups of completion by level, territory and responsible body.
"$ATTEST" --db p.db plan rollup --by level --json > lvl.json
"$ATTEST" --db p.db plan rollup --by territory --json > ter.json
"$ATTEST" --db p.db plan rollup --by body --json > body.json
$PY - lvl.json ter.json body.json <<'PY'
import json, sys
lvl = {r["group"]: r for r in json.load(open(sys.argv[1]))}
assert lvl["region"]["done"] == 1 and lvl["municipality"]["measures"] == 2 * 19 + 3, lvl
ter = {r["group"]: r for r in json.load(open(sys.argv[2]))}
assert ter["M01"]["measures"] == 19 and ter["M02"]["overdue"] > 0, ter
body = json.load(open(sys.argv[3]))
assert len(body) > 10 and all(r["measures"] >= r["done"] + r["overdue"] for r in body)
PY
pass "roll-ups by level, territory and body"

# A file that holds no plan is refused with a clear error and changes nothing.
before=$("$ATTEST" --db p.db checksum)
printf 'просто текст\nбез таблицы\n' > none.txt
expect_status 1 "$ATTEST" --db p.db plan import none.txt --level region
assert_eq "$("$ATTEST" --db p.db checksum)" "$before"
pass "no plan in a file: error, nothing written"
