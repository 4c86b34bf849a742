#!/usr/bin/env python3
"""score_baseline.py PAPER.csv PROFILE.json SUBJECT - the SQL baseline of score_sheets.sh.

Prints ONE SQL statement that computes, from the plain tables `s` (the answer
sheets, as `sqlite3 .import` makes them from sheets.csv) and `m` (the expert
marks, from marks.csv), each sheet's short-answer score, extended score,
primary score and test score into a table `b` — the same numbers attest
stores, with the paper's keys, alternatives, order rule, tolerance and partial
credit inlined from PAPER.csv and the third-check rule and scale from the
profile. It is the work a hand-written SQL report would do, in SQLite's own
engine, with no checks of the input at all.

What plain SQL cannot do is attest's full normalisation (any Unicode white
space, ICU upper-casing of any letter, a comma only between digits). The
statement does the part that can change a score of this paper on the
benchmark's answers (bench/gen_sheets.py writes only these characters):
removes ' ' and U+00A0 from every answer; turns ',' into '.' for numeric keys;
and for keys with letters upper-cases ASCII (upper()), maps the Latin
look-alikes of the key's Cyrillic letters and upper-cases the key's own
Cyrillic letters — an answer holding any other letter cannot equal the key
either way. score_sheets.sh checks that every participant's scores come out
equal to attest's, so a gap here would show as a failed benchmark, not as a
wrong figure. Standard library only.
"""

import csv
import json
import sys

LOOK = {"А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
        "Т": "T", "Х": "X", "У": "Y"}
LATIN = {v: k for k, v in LOOK.items()}


def q(s):
    return "'" + s.replace("'", "''") + "'"


def normalize(s):
    """The normalisation of docs/results.md for a key of the paper."""
    out = []
    chars = [c for c in s if not c.isspace()]
    for i, c in enumerate(chars):
        c = c.upper()
        c = LATIN.get(c, c)
        if c == "," and i and chars[i - 1].isdigit() and i + 1 < len(chars) and chars[i + 1].isdigit():
            c = "."
        out.append(c)
    return "".join(out)


def norm_expr(col, keys, numeric):
    """SQL normalising the answer column col for an item with these normalised keys."""
    e = f"replace(replace({col}, ' ', ''), char(160), '')"
    if numeric:
        e = f"replace({e}, ',', '.')"
    letters = sorted({c for k in keys for c in k if c.isalpha()})
    if letters:
        e = f"upper({e})"
        for c in letters:
            if c in LOOK:
                e = f"replace({e}, {q(LOOK[c])}, {q(c)})"
            if c.lower() != c:
                e = f"replace({e}, {q(c.lower())}, {q(c)})"
    return e


def item_score(a, it):
    """SQL of the points for the normalised answer a against one item."""
    mx, keys = it["max"], it["keys"]
    if it["tol"] is not None:
        k = keys[0]
        return (f"(CASE WHEN {a} = {q(k)} THEN {mx} WHEN {a} GLOB '[0-9]*' AND {a} NOT GLOB '*[^0-9.]*' "
                f"AND {a} NOT GLOB '*.*.*' AND abs(CAST({a} AS REAL) - CAST({q(k)} AS REAL)) <= {it['tol']!r} + 1e-9 "
                f"THEN {mx} ELSE 0 END)")
    partial = {e: p for e, p in it["partial"]}
    if not it["unord"] and not partial:
        return f"(CASE WHEN {a} IN ({', '.join(q(k) for k in keys)}) THEN {mx} ELSE 0 END)"
    per_key = []
    for k in keys:
        if it["unord"]:
            # missing + extra characters as multisets = |a| + |k| - 2 * common
            common = " + ".join(
                f"min(length({a}) - length(replace({a}, {q(c)}, '')), {k.count(c)})" if k.count(c) > 1
                else f"(instr({a}, {q(c)}) > 0)" for c in sorted(set(k)))
            errs = f"(length({a}) + {len(k)} - 2 * ({common}))"
        else:
            diff = " + ".join(f"(substr({a}, {i + 1}, 1) <> {q(c)})" for i, c in enumerate(k))
            errs = f"(CASE WHEN length({a}) = {len(k)} THEN {diff} ELSE -1 END)"
        whens = " ".join(f"WHEN {e} THEN {p}" for e, p in sorted(partial.items()) if e > 0)
        per_key.append(f"(CASE {errs} WHEN 0 THEN {mx} {whens} ELSE 0 END)")
    s = per_key[0] if len(per_key) == 1 else f"max({', '.join(per_key)})"
    return f"(CASE WHEN {a} = '' THEN 0 ELSE {s} END)"


def main():
    paper_path, profile_path, subject = sys.argv[1:4]
    variants = {}
    for r in csv.DictReader(open(paper_path, encoding="utf-8")):
        v = variants.setdefault(r["variant"], {"short": {}, "criterion": {}})
        it = {"max": int(r["max_points"])}
        if r["kind"] == "short":
            raw = [r["key"]] + [x for x in r["alternatives"].split("|") if x]
            it["keys"] = list(dict.fromkeys(normalize(x) for x in raw))
            it["unord"] = r["unordered"] == "1"
            it["tol"] = float(r["tolerance"]) if r["tolerance"] else None
            it["partial"] = [tuple(map(int, p.split(":"))) for p in r["partial"].split(";") if p]
        v[r["kind"]][int(r["item"])] = it
    prof = json.load(open(profile_path, encoding="utf-8"))
    subj = next(s for s in prof["subjects"] if s["code"] == subject)
    sc = subj["scoring"]
    rule = sc.get("expert_marking") or prof.get("expert_marking") or {}
    if rule.get("final", "mean_ceil") != "mean_ceil" or sc["scale"] != "test":
        sys.exit("score_baseline: only mean_ceil final marks and test scales are written")
    nshort = {len(v["short"]) for v in variants.values()}
    ncrit = {len(v["criterion"]) for v in variants.values()}
    if len(nshort) != 1 or len(ncrit) != 1:
        sys.exit("score_baseline: variants differ in their number of items")
    nshort, ncrit = nshort.pop(), ncrit.pop()
    if any(c["max"] > 9 for v in variants.values() for c in v["criterion"].values()):
        sys.exit("score_baseline: criteria above 9 points are not written")
    vnames = sorted(variants)

    # normalised answers, once per cell (materialised: each is used several times)
    cols = []
    for i in range(1, nshort + 1):
        exprs = {v: norm_expr(f's."{i}"', variants[v]["short"][i]["keys"], variants[v]["short"][i]["tol"] is not None)
                 for v in vnames}
        if len(set(exprs.values())) == 1:
            cols.append(f"{exprs[vnames[0]]} AS a{i}")
        else:
            cols.append("CASE s.variant " + " ".join(f"WHEN {q(v)} THEN {exprs[v]}" for v in vnames) + f" END AS a{i}")
    short = "CASE n.variant " + " ".join(
        f"WHEN {q(v)} THEN " + " + ".join(item_score(f"n.a{i}", variants[v]["short"][i]) for i in range(1, nshort + 1))
        for v in vnames) + " END"

    # marks: "2,1,0,..." of single digits → criterion i at character 2i-1
    c = lambda r, i: f"CAST(substr(k.m{r}, {2 * i - 1}, 1) AS INTEGER)"
    conds = []
    if rule.get("discrepancy_total"):
        t1 = " + ".join(c(1, i) for i in range(1, ncrit + 1))
        t2 = " + ".join(c(2, i) for i in range(1, ncrit + 1))
        conds.append(f"abs(({t1}) - ({t2})) >= {rule['discrepancy_total']}")
    if rule.get("discrepancy_criterion"):
        conds += [f"abs({c(1, i)} - {c(2, i)}) >= {rule['discrepancy_criterion']}" for i in range(1, ncrit + 1)]
    third = " OR ".join(conds) or "0"
    mean = " + ".join(f"({c(1, i)} + {c(2, i)} + 1) / 2" for i in range(1, ncrit + 1))
    m3 = " + ".join(c(3, i) for i in range(1, ncrit + 1))
    ext = f"CASE WHEN {third} THEN (CASE WHEN k.m3 IS NULL THEN NULL ELSE {m3} END) ELSE {mean} END"
    scale = " ".join(f"WHEN {p} THEN {t}" for p, t in enumerate(sc["test_scores"]))

    print(f"""CREATE TABLE b AS
WITH n AS MATERIALIZED (SELECT s.document, s.variant, s.status, {', '.join(cols)} FROM s),
k AS (SELECT document, max(CASE WHEN round = '1' THEN marks END) AS m1, max(CASE WHEN round = '2' THEN marks END) AS m2,
      max(CASE WHEN round = '3' THEN marks END) AS m3 FROM m GROUP BY document),
t AS (SELECT n.document, CASE WHEN n.status = 'present' THEN {short} END AS short_score,
      CASE WHEN n.status = 'present' THEN {ext} END AS extended_score
      FROM n LEFT JOIN k ON k.document = n.document)
SELECT document, short_score, extended_score, short_score + extended_score AS primary_score,
       CASE min(short_score + extended_score, {sc['primary_max']}) {scale} END AS test_score FROM t;""")


if __name__ == "__main__":
    main()
