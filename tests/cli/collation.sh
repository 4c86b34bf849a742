#!/usr/bin/env bash
# Listings follow the installation's alphabet: Kazakh letters in their Kazakh
# places for a kk installation; search is case-insensitive; input is NFC.
source "$(dirname "$0")/lib.bash"

"$ATTEST" --db k.db init --country kz --year 2026 >/dev/null
printf 'code,name\nD01,Павлодар қаласы\n' > m.csv
printf 'code,municipality_code,name,language\nS01,D01,№ 5 жалпы білім беретін мектеп,kk\n' > s.csv
"$ATTEST" --db k.db import municipalities m.csv >/dev/null
"$ATTEST" --db k.db import schools s.csv >/dev/null
# Shuffled Kazakh and Russian surnames.
cat > p.csv <<'CSV'
document,last_name,first_name,grade,category,school_code
000000000001,Ыбыраев,Ержан,11,pupil,S01
000000000002,Әлімов,Арман,11,pupil,S01
000000000003,Ұлықпанов,Дәурен,11,pupil,S01
000000000004,Абаев,Нұрлан,11,pupil,S01
000000000005,Үсенов,Қайрат,11,pupil,S01
000000000006,Іздібаев,Болат,11,pupil,S01
000000000007,Қасымов,Серік,11,pupil,S01
000000000008,Өтепов,Марат,11,pupil,S01
000000000009,Кенжебаев,Асқар,11,pupil,S01
000000000010,Ғабитов,Ерлан,11,pupil,S01
000000000011,Гусев,Олег,11,pupil,S01
000000000012,Оразов,Талғат,11,pupil,S01
000000000013,Һашимов,Рустем,11,pupil,S01
000000000014,Хасенов,Бауыржан,11,pupil,S01
000000000015,Нұров,Айдос,11,pupil,S01
000000000016,Ңаев,Тест,11,pupil,S01
000000000017,Уәлиев,Ғани,11,pupil,S01
000000000018,Ақанов,Бекзат,11,pupil,S01
CSV
"$ATTEST" --db k.db import participants p.csv >/dev/null
"$ATTEST" --db k.db list participants | tail -n +2 | cut -f2 > got.txt
# А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я
cat > want.txt <<'TXT'
Абаев
Ақанов
Әлімов
Гусев
Ғабитов
Кенжебаев
Қасымов
Нұров
Ңаев
Оразов
Өтепов
Уәлиев
Ұлықпанов
Үсенов
Хасенов
Һашимов
Ыбыраев
Іздібаев
TXT
diff want.txt got.txt || fail "kk order"
pass "kk collation order"

# The same names in a Russian installation sort differently (І next to И).
"$ATTEST" --db r.db init --country ru --year 2026 >/dev/null
"$ATTEST" --db r.db import municipalities m.csv >/dev/null
"$ATTEST" --db r.db import schools s.csv >/dev/null
"$ATTEST" --db r.db import participants p.csv >/dev/null
"$ATTEST" --db r.db list participants | tail -n +2 | cut -f2 > got-ru.txt
cmp -s want.txt got-ru.txt && fail "ru order should differ from kk"
pass "ru collation differs"

# Case-insensitive search, Kazakh letters included.
"$ATTEST" --db k.db list participants --search 'ҰЛЫҚ' | tail -n +2 | cut -f2 > s.txt
assert_eq "$(cat s.txt)" "Ұлықпанов"
# NFC on input: a decomposed й is stored composed and found by the composed form.
printf 'document,last_name,first_name,grade,category,school_code\n000000000099,Баи\xcc\x86ев,Ерик,11,pupil,S01\n' > nfd.csv
"$ATTEST" --db k.db import participants nfd.csv >/dev/null
assert_eq "$("$ATTEST" --db k.db list participants --search 'Байев' | tail -n +2 | cut -f2)" "Байев"
pass "case-insensitive search and NFC"
