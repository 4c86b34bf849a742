#!/usr/bin/env python3
"""gen_participants.py - deterministic test data for the import benchmark.

Writes into OUT_DIR:
  municipalities.csv   code,name                                  (~30 rows)
  schools.csv          code,municipality_code,name,address,language (~2000 rows)
  participants.csv     the 15 participant columns                 (N rows)

Every row is valid for a database made by `attest init --country ru --year 2026`
(rule profiles ru-gia9-2026 / ru-gia11-2026), so a benchmark import must
accept all N rows. Names are Russian Cyrillic in UTF-8; about 1 % of them are
written decomposed (NFD: "и" + U+0306 instead of "й", "е" + U+0308 instead of
"ё"), as text pasted from some systems is, so the importer's NFC normalisation
really has work to do. The output depends only on --rows, --schools and --seed.

Standard library only.  Usage:
  python3 bench/gen_participants.py --out bench/out/data --rows 1000000 --seed 1
"""

import argparse
import csv
import os
import random
import sys
import time

# ---------------------------------------------------------------- names

# Surnames in the masculine form; the feminine is derived from the ending.
SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков "
    "Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов "
    "Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв "
    "Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов "
    "Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин "
    "Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов "
    "Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов "
    "Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов "
    "Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов "
    "Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков "
    "Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев "
    "Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов "
    "Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов "
    "Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев "
    "Акимов Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин "
    "Жуковский Островский Покровский Вишневский Троицкий Высоцкий Белецкий "
    "Толстой Боровой Тверской Заболотный Кравченко Бондаренко Шевченко "
    "Ткаченко Коваленко Ковальчук Шевчук Полищук Черных Седых Ким Цой Пак "
    "Шмидт Миллер Вагнер Мухаметов Хабибуллин Галиев Сафин Зиннатуллин"
).split()

# Fathers' names with the patronymics of a son and a daughter.
FATHERS = [tuple(x.split("/")) for x in (
    "Александрович/Александровна Сергеевич/Сергеевна Андреевич/Андреевна "
    "Алексеевич/Алексеевна Дмитриевич/Дмитриевна Евгеньевич/Евгеньевна "
    "Владимирович/Владимировна Игоревич/Игоревна Олегович/Олеговна "
    "Николаевич/Николаевна Михайлович/Михайловна Юрьевич/Юрьевна "
    "Викторович/Викторовна Анатольевич/Анатольевна Павлович/Павловна "
    "Романович/Романовна Денисович/Денисовна Максимович/Максимовна "
    "Иванович/Ивановна Константинович/Константиновна Вадимович/Вадимовна "
    "Вячеславович/Вячеславовна Валерьевич/Валерьевна Геннадьевич/Геннадьевна "
    "Витальевич/Витальевна Антонович/Антоновна Русланович/Руслановна "
    "Станиславович/Станиславовна Ильич/Ильинична Никитич/Никитична "
    "Петрович/Петровна Васильевич/Васильевна Григорьевич/Григорьевна "
    "Леонидович/Леонидовна Борисович/Борисовна Степанович/Степановна "
    "Фёдорович/Фёдоровна Эдуардович/Эдуардовна Кириллович/Кирилловна "
    "Георгиевич/Георгиевна Владиславович/Владиславовна Артёмович/Артёмовна "
    "Львович/Львовна Артурович/Артуровна Тимурович/Тимуровна Егорович/Егоровна"
).split()]

MALE = (
    "Александр Максим Артём Михаил Даниил Иван Дмитрий Кирилл Андрей Егор "
    "Никита Илья Алексей Матвей Тимофей Роман Владимир Ярослав Фёдор Георгий "
    "Константин Лев Николай Степан Марк Павел Арсений Владислав Денис Сергей "
    "Глеб Тимур Богдан Евгений Вадим Антон Игорь Олег Виктор Семён Данил Захар "
    "Савелий Макар Платон Вячеслав Ростислав Всеволод Леонид Григорий Руслан "
    "Эмиль Давид Святослав Василий Пётр Елисей Мирон Демид Артур Тихон"
).split()

FEMALE = (
    "Анастасия Мария Дарья Анна Елизавета Полина Виктория Екатерина Софья "
    "Александра Ксения Алина Валерия Вероника Арина Варвара Алёна Юлия Ульяна "
    "Кристина Ангелина Диана Милана Алиса Маргарита Ольга Татьяна Наталья Ирина "
    "Елена Светлана Евгения Яна Карина Василиса Олеся Таисия Есения Злата Кира "
    "Надежда Любовь Вера Марина Людмила Оксана Эвелина Камилла Регина Снежана "
    "Стефания Майя Ева Дарина Лилия Владислава Мирослава Ярослава Зарина "
    "Антонина Лидия Серафима"
).split()

PLACES = (
    "Центральный Заводской Ленинский Кировский Октябрьский Рудничный "
    "Кузнецкий Орджоникидзевский Куйбышевский Новоильинский Беловский "
    "Гурьевский Ижморский Кемеровский Крапивинский Ленинск-Кузнецкий "
    "Мариинский Междуреченский Мысковский Новокузнецкий Осинниковский "
    "Прокопьевский Промышленновский Таштагольский Тисульский Топкинский "
    "Тяжинский Чебулинский Юргинский Яйский Яшкинский Анжеро-Судженский "
    "Берёзовский Калтанский Полысаевский"
).split()

STREETS = (
    "Ленина Мира Советская Гагарина Кирова Пушкина Молодёжная Школьная "
    "Садовая Лесная Набережная Октябрьская Комсомольская Победы Строителей "
    "Шахтёров Весенняя Тухачевского Красноармейская Кузбасская"
).split()

SCHOOL_KINDS = ("МБОУ «СОШ № {n}»", "МБОУ «ООШ № {n}»", "МАОУ «Гимназия № {n}»",
                "МБОУ «Лицей № {n}»", "МБОУ «СОШ № {n} с углублённым изучением отдельных предметов»")

OVZ_CODES = ("extended_time", "separate_room", "assistant", "home", "hospital",
             "large_print", "braille", "sign_language", "computer", "oral_form")


def feminine(surname):
    """Иванов → Иванова, Жуковский → Жуковская, Толстой → Толстая, Кравченко → Кравченко."""
    for m, f in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая")):
        if surname.endswith(m):
            return surname[: -len(m)] + f
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # -ко, -ук, -ых, Ким, Шмидт, ... do not change


def decompose(s):
    """The NFD spelling of й and ё (what NFC has to put back together)."""
    return (s.replace("й", "и\u0306").replace("Й", "И\u0306")
             .replace("ё", "е\u0308").replace("Ё", "Е\u0308"))


# ---------------------------------------------------------------- writers

def write_municipalities(path, n):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("code", "name"))
        for i in range(1, n + 1):
            place = PLACES[(i - 1) % len(PLACES)]
            kind = "городской округ" if i % 3 == 0 else "муниципальный район"
            w.writerow((f"M{i:02d}", f"{place} {kind}"))


def write_schools(path, rng, nmun, nschools):
    codes = []
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("code", "municipality_code", "name", "address", "language"))
        per = [nschools // nmun + (1 if m < nschools % nmun else 0) for m in range(nmun)]
        for m in range(1, nmun + 1):
            for k in range(1, per[m - 1] + 1):
                code = f"S{m:02d}{k:03d}"
                name = rng.choice(SCHOOL_KINDS).format(n=k)
                addr = f"ул. {rng.choice(STREETS)}, {rng.randint(1, 120)}"
                lang = "ru" if rng.random() < 0.97 else "other"
                w.writerow((code, f"M{m:02d}", name, addr, lang))
                codes.append(code)
    return codes


HEADER = ("document", "last_name", "first_name", "middle_name", "birth_date", "gender",
          "school_code", "grade", "category", "ovz", "disability", "ovz_conditions",
          "early_period", "exemption_order", "honours")

DOC_SPACE = 9_000_000_000  # 10-digit documents 1000000000 .. 9999999999
DOC_MULT = 2_654_435_761   # coprime with DOC_SPACE, so i → document is one-to-one


def write_participants(path, rng, schools, n):
    rnd = rng.random
    rint = rng.randrange
    sur_m = SURNAMES
    sur_f = [feminine(s) for s in SURNAMES]
    nsur, nmale, nfem, nfath, nsch = len(SURNAMES), len(MALE), len(FEMALE), len(FATHERS), len(schools)
    days = [f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]  # valid in any year
    ndays = len(days)
    with open(path, "w", newline="", encoding="utf-8", buffering=1 << 20) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        batch = []
        for i in range(n):
            doc = 1_000_000_000 + (i * DOC_MULT + 12_345) % DOC_SPACE
            male = rnd() < 0.49
            if male:
                last, first, middle = sur_m[rint(nsur)], MALE[rint(nmale)], FATHERS[rint(nfath)][0]
            else:
                last, first, middle = sur_f[rint(nsur)], FEMALE[rint(nfem)], FATHERS[rint(nfath)][1]
            if rnd() < 0.03:
                middle = ""  # no patronymic
            if rnd() < 0.01:
                last, first, middle = decompose(last), decompose(first), decompose(middle)
            grade = 9 if rnd() < 0.55 else 11
            school = schools[rint(nsch)]
            category = "pupil"
            honours = "none"
            if grade == 9:
                year = 2010 + rint(3)           # 14..16 in 2026
            else:
                r = rnd()
                if r < 0.015:
                    category, year = "past_graduate", 2007
                    if rnd() < 0.5:
                        school = ""
                elif r < 0.02:
                    category, year, school = "extern", 2007 + rint(2), ""
                else:
                    year = 2007 + rint(3)       # 17..19 in 2026
                    if rnd() < 0.05:
                        honours = "medal"
            ovz = rnd() < 0.02
            disability = rnd() < 0.005
            cond = ""
            if ovz:
                k = 1 + rint(3)
                cond = ";".join(sorted(rng.sample(OVZ_CODES, k), key=OVZ_CODES.index))
            batch.append((doc, last, first, middle, f"{year}-{days[rint(ndays)]}",
                          "m" if male else "f", school, grade, category,
                          1 if ovz else 0, 1 if disability else 0, cond,
                          1 if rnd() < 0.01 else 0, "", honours))
            if len(batch) == 65536:
                w.writerows(batch)
                batch.clear()
        w.writerows(batch)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="participants (default 1000000)")
    ap.add_argument("--schools", type=int, default=2000, help="schools (default 2000)")
    ap.add_argument("--municipalities", type=int, default=30, help="municipalities (default 30)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = ap.parse_args(argv)
    if a.rows < 1 or a.rows > DOC_SPACE or a.schools < 1 or not 1 <= a.municipalities <= 99 \
            or a.schools > a.municipalities * 999:
        ap.error("rows, schools or municipalities out of range")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.monotonic()
    rng = random.Random(a.seed)
    write_municipalities(os.path.join(a.out, "municipalities.csv"), a.municipalities)
    schools = write_schools(os.path.join(a.out, "schools.csv"), rng, a.municipalities, a.schools)
    write_participants(os.path.join(a.out, "participants.csv"), rng, schools, a.rows)
    print(f"generated {a.municipalities} municipalities, {len(schools)} schools, "
          f"{a.rows} participants in {a.out} ({time.monotonic() - t0:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
