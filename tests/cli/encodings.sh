#!/usr/bin/env bash
# The same participants in UTF-8 with ',' and in Windows-1251 with ';' (as a
# Russian Excel saves it) import to identical rows; a BOM is accepted too.
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db src.db demo --country ru --participants 300 --seed 7 --year 2026 >/dev/null
for e in municipalities schools participants; do
    "$ATTEST" --db src.db export $e --format csv -o $e.csv >/dev/null
done
# Windows-1251 with ';' and Russian headers
"$ATTEST" --db src.db export participants --format csv --lang ru --delimiter ';' -o p-ru.csv >/dev/null
iconv -f UTF-8 -t WINDOWS-1251 p-ru.csv > p-1251.csv
if iconv -f UTF-8 -t UTF-8 p-1251.csv >/dev/null 2>&1; then fail "the cp1251 file should not be valid UTF-8"; fi
"$ATTEST" --db src.db export participants --format csv --bom -o p-bom.csv >/dev/null

for variant in participants.csv p-1251.csv p-bom.csv; do
    rm -f d.db*
    "$ATTEST" --db d.db init --country ru --year 2026 >/dev/null
    "$ATTEST" --db d.db import municipalities municipalities.csv >/dev/null
    "$ATTEST" --db d.db import schools schools.csv >/dev/null
    "$ATTEST" --db d.db import participants $variant --json > r.json || { cat r.json; fail "$variant rejected"; }
    "$ATTEST" --db d.db export participants --format csv -o "out-$variant" >/dev/null
done
json_get '["encoding"]' < r.json | grep -q 'BOM' || fail "BOM not detected"
cmp participants.csv out-participants.csv || fail "UTF-8 import differs from the source"
cmp out-participants.csv out-p-1251.csv || fail "Windows-1251 ';' import differs from UTF-8 ','"
cmp out-participants.csv out-p-bom.csv || fail "UTF-8 BOM import differs"
pass "UTF-8 ',' , Windows-1251 ';' and UTF-8 BOM give identical rows"
