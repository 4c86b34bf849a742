#!/usr/bin/env python3
"""gen_sheets.py - deterministic input for the results benchmark (score_sheets.sh).

Writes into OUT_DIR, for a database made by `attest init --country ru --year 2026`:
  municipalities.csv, schools.csv   one municipality, 500 schools
  participants.csv   N grade-11 pupils (random unique 10-digit documents)
  staff.csv          1,000 experts of Russian (role expert, status leading/senior/basic)
  exams.csv          RUS11 (ЕГЭ Russian, main day) and RUS11R (its reserve day)
  paper.csv          4 variants of an ЕГЭ-like paper: 26 short items (30 points:
                     ordered and unordered digit answers, words with alternatives,
                     decimals with a tolerance, partial credit "1:1") and 12
                     criteria of the extended answer (20 points) = the profile's
                     primary_max 50 for rus
  sheets.csv         N answer sheets, in random document order (as batches of
                     scanned forms arrive): ~2 % absent, ~0.05 % removed (with
                     an act); answers as typed by a scanner's verifier: lower and
                     upper case, Latin look-alike letters, spaces and no-break
                     spaces, decimal commas, "2,50" for "2,5", wrong and empty
  marks.csv          expert marks of every present sheet: two independent rounds
                     by two different experts, and for ~2 % of works whose totals
                     differ by 10 or more (the profile's third-check rule for rus)
                     a third round by a third expert (senior or leading); no
                     expert of the participant's school (the marking rules that
                     `attest experts import` checks); rows of one work together

The text of the answers uses only white space, digits, ',' '.', Latin letters
and Cyrillic letters — the character set the SQL baseline's normalisation
covers (bench/README.md). The output depends only on --rows and --seed.

Standard library only.  Usage:
  python3 bench/gen_sheets.py --out bench/out/sheets-n1000000-s1 --rows 1000000 --seed 1
"""

import argparse
import csv
import os
import random
import sys
import time

EXAM, RESERVE = "RUS11", "RUS11R"
VARIANTS = 4
SCHOOLS = 500
EXPERTS = 1000
# criteria of the essay (К1..К12): 20 points; short items: 30 -> 50 = primary_max of rus
CRITERIA_MAX = (1, 3, 2, 1, 2, 2, 1, 1, 2, 2, 1, 2)
# the kind of each of the 26 short items (the same plan in every variant)
PLAN = ("word", "digits", "unord2", "word", "digits", "decimal", "word", "ord2", "digits", "word",
        "unord", "word", "digits", "word", "unord", "decimal", "digits", "word", "unord2", "digits",
        "word", "ord2", "digits", "decimal", "unord", "word")
WORDS = ("приехавший", "клен", "ешь", "подъезд", "расчёт", "жюри", "щебень", "извини", "ярко",
         "поэтому", "вкратце", "невзирая", "вследствие", "навстречу", "сейчас", "иметь", "борьба",
         "хвойный", "объём", "цыплёнок", "почтальон", "магазин", "терпение", "сугроб")
# Latin letters that look like Cyrillic ones (what a Latin keyboard layout types)
LOOK = {"а": "a", "в": "B", "е": "e", "к": "k", "м": "M", "н": "H", "о": "o", "р": "p", "с": "c",
        "т": "T", "у": "y", "х": "x"}


def make_paper(rng):
    """{variant: [item dicts]} in paper order; shorts then criteria."""
    paper = {}
    for v in range(1, VARIANTS + 1):
        items = []
        for i, kind in enumerate(PLAN, 1):
            it = {"kind": kind, "item": i, "max": 1, "key": "", "alts": "", "unord": 0, "tol": "", "partial": ""}
            if kind == "digits":
                it["key"] = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
            elif kind in ("unord", "unord2"):
                it["key"] = "".join(sorted(rng.sample("123456789", rng.randint(2, 4))))
                it["unord"] = 1
                if kind == "unord2":
                    it["max"], it["partial"] = 2, "1:1"
            elif kind == "ord2":
                it["key"] = "".join(rng.choice("123456") for _ in range(5))
                it["max"], it["partial"] = 2, "1:1"
            elif kind == "decimal":
                whole, frac = rng.randint(2, 99), rng.randint(1, 9)
                it["key"] = f"{whole},{frac}"
                it["tol"] = "0.05"
            else:
                w = rng.choice(WORDS)
                it["key"] = w.replace("ё", "е")
                if "ё" in w:
                    it["alts"] = w
                elif rng.random() < 0.3:
                    it["alts"] = rng.choice([x for x in WORDS if x != w and "ё" not in x])
            items.append(it)
        paper[str(v)] = items
    return paper


def write_paper(path, paper):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("exam", "variant", "kind", "item", "label", "max_points", "key", "alternatives",
                    "unordered", "tolerance", "partial", "part"))
        for v, items in paper.items():
            for it in items:
                w.writerow((EXAM, v, "short", it["item"], it["item"], it["max"], it["key"], it["alts"],
                            it["unord"], it["tol"], it["partial"], ""))
            for c, m in enumerate(CRITERIA_MAX, 1):
                w.writerow((EXAM, v, "criterion", c, f"К{c}", m, "", "", "", "", "", ""))


def dress_word(rng, w):
    """A word as a person or a scanner might have typed it."""
    r = rng.random()
    if r < 0.35:
        w = w.upper()
    elif r < 0.45:
        w = "".join(LOOK.get(ch, ch) if rng.random() < 0.5 else ch for ch in w)
    elif r < 0.5:
        w = " " + w + " "
    return w


def dress_digits(rng, d):
    r = rng.random()
    if r < 0.06 and len(d) > 1:
        return " ".join(d)
    if r < 0.08:
        return d + "\u00a0"
    return d


def answer(rng, it, good):
    kind, key = it["kind"], it["key"]
    if not good and rng.random() < 0.2:
        return ""
    if kind == "word":
        if good:
            return dress_word(rng, rng.choice([key] + ([it["alts"]] if it["alts"] else [])))
        w = rng.choice(WORDS)
        if w.replace("ё", "е") == key and len(w) > 2:
            w = w[:-1]  # a typo
        return dress_word(rng, w)
    if kind == "decimal":
        whole, frac = key.split(",")
        x = int(whole) + int(frac) / 10
        if good:
            r = rng.random()
            if r < 0.5:
                return key
            if r < 0.7:
                return f"{whole}.{frac}"
            if r < 0.85:
                return f"{whole},{frac}0"
            return f"{x + rng.choice((-0.04, 0.03, 0.05)):.2f}".replace(".", ",")  # within the tolerance
        return f"{x + rng.choice((-1.0, 0.1, 0.2, -0.06, 0.07, 10.0)):.2f}".replace(".", rng.choice(",."))
    # digit answers
    if good:
        if kind.startswith("unord"):
            d = list(key)
            rng.shuffle(d)
            return dress_digits(rng, "".join(d))
        return dress_digits(rng, key)
    d = list(key)
    r = rng.random()
    if r < 0.35 and len(d) > 1:
        d.pop(rng.randrange(len(d)))                              # one missing
    elif r < 0.55:
        d.insert(rng.randrange(len(d) + 1), rng.choice("0123456789"))  # one extra
    elif r < 0.85:
        d[rng.randrange(len(d))] = rng.choice("0123456789")       # one changed
    else:
        d = [rng.choice("0123456789") for _ in range(rng.randint(1, 5))]
    if kind.startswith("unord"):
        rng.shuffle(d)
    return dress_digits(rng, "".join(d))


def marks_of(rng, ability):
    return [min(m, max(0, round(rng.gauss(ability * m, 0.6)))) for m in CRITERIA_MAX]


def second_marks(rng, m1):
    m2 = list(m1)
    for i, m in enumerate(CRITERIA_MAX):
        if rng.random() < 0.25:
            m2[i] = min(m, max(0, m2[i] + rng.choice((-1, 1))))
    return m2


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="participants and sheets (default 1000000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = ap.parse_args(argv)
    if not 1 <= a.rows <= 8_000_000:
        ap.error("rows out of range")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.monotonic()
    rng = random.Random(a.seed)
    p = lambda name: os.path.join(a.out, name)
    with open(p("municipalities.csv"), "w", encoding="utf-8") as f:
        f.write("code,name\nM01,Бенчмарковский муниципальный район\n")
    schools = [f"S{i:03d}" for i in range(1, SCHOOLS + 1)]
    with open(p("schools.csv"), "w", encoding="utf-8") as f:
        f.write("code,municipality_code,name\n")
        f.writelines(f"{s},M01,Школа № {i}\n" for i, s in enumerate(schools, 1))
    experts = [f"E{i:04d}" for i in range(1, EXPERTS + 1)]
    with open(p("staff.csv"), "w", encoding="utf-8") as f:
        f.write("document,last_name,first_name,roles,school_code,expert_subject,expert_status\n")
        for i, e in enumerate(experts):
            f.write(f"{e},Экспертова,Анна,expert,{schools[i % SCHOOLS]},rus,"
                    f"{('leading', 'senior', 'basic')[i % 3]}\n")
    with open(p("exams.csv"), "w", encoding="utf-8") as f:
        f.write("code,grade,subject,form,room_kind,date,start_time,duration_minutes,period,reserve\n"
                f"{EXAM},11,rus,ege,,2026-05-26,10:00,210,main,0\n"
                f"{RESERVE},11,rus,ege,,2026-06-24,10:00,210,main,1\n")
    paper = make_paper(rng)
    write_paper(p("paper.csv"), paper)

    docs = rng.sample(range(1_000_000_000, 10_000_000_000), a.rows)  # random order = scan order
    with open(p("participants.csv"), "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("document,last_name,first_name,grade,category,school_code\n")
        f.writelines(f"{d},Участникова,Мария,11,pupil,{schools[d % SCHOOLS]}\n" for d in sorted(docs))

    ncols = len(PLAN)
    rnd, rint = rng.random, rng.randrange
    with open(p("sheets.csv"), "w", newline="", encoding="utf-8", buffering=1 << 20) as fs, \
            open(p("marks.csv"), "w", newline="", encoding="utf-8", buffering=1 << 20) as fm:
        ws, wm = csv.writer(fs, lineterminator="\n"), csv.writer(fm, lineterminator="\n")
        ws.writerow(("exam", "document", "variant", "status", "act") + tuple(str(i) for i in range(1, ncols + 1)))
        wm.writerow(("exam", "document", "expert", "round", "marks"))
        sheet_rows, mark_rows = [], []
        for n, d in enumerate(docs):
            r = rnd()
            if r < 0.02:
                sheet_rows.append((EXAM, d, "", "absent", "") + ("",) * ncols)
            elif r < 0.0205:
                sheet_rows.append((EXAM, d, str(1 + rint(VARIANTS)), "removed", f"А-{n}") + ("",) * ncols)
            else:
                v = str(1 + rint(VARIANTS))
                ability = 0.15 + 0.8 * rnd()
                ans = tuple(answer(rng, it, rnd() < ability) for it in paper[v])
                sheet_rows.append((EXAM, d, v, "present", "") + ans)
                # experts the marking rules allow (attest experts import checks
                # them): none of the participant's school, the third one
                # senior or leading (status i % 3 < 2)
                ps = d % SCHOOLS
                while True:
                    i1, i2, i3 = rng.sample(range(EXPERTS), 3)
                    if ps not in (i1 % SCHOOLS, i2 % SCHOOLS, i3 % SCHOOLS) and i3 % 3 < 2:
                        break
                e1, e2, e3 = experts[i1], experts[i2], experts[i3]
                m1 = marks_of(rng, ability)
                if rnd() < 0.02:  # the two checks disagree: the third expert decides
                    m1 = [0] * len(CRITERIA_MAX)
                    m2 = list(CRITERIA_MAX)
                    m3 = marks_of(rng, ability)
                else:
                    m2, m3 = second_marks(rng, m1), None
                j = lambda m: ",".join(map(str, m))
                mark_rows.append((EXAM, d, e1, 1, j(m1)))
                mark_rows.append((EXAM, d, e2, 2, j(m2)))
                if m3:
                    mark_rows.append((EXAM, d, e3, 3, j(m3)))
            if len(sheet_rows) >= 65536:
                ws.writerows(sheet_rows)
                wm.writerows(mark_rows)
                sheet_rows.clear()
                mark_rows.clear()
        ws.writerows(sheet_rows)
        wm.writerows(mark_rows)
    print(f"generated {a.rows} participants, sheets and their expert marks in {a.out} "
          f"({time.monotonic() - t0:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
