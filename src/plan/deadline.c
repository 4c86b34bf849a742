/* deadline.c — parse, format and resolve plan deadline cells (see deadline.h).
 *
 * The cell is cleaned (NFC, spaces collapsed), cut into tokens (words folded to
 * lower case, numbers, punctuation), then tried as
 *   1. a whole phrase: continuous / event-relative / external (small word patterns);
 *   2. a date expression: parts made of points (day+month, month, dd.mm[.yyyy]),
 *      ranges (point - point), years written before (KZ "2025 жылғы", "2025 ж.")
 *      or after (RU "2025 года", "2025 г.", a bare "2025"), "до …" / "… дейін".
 * Any token the grammar does not know makes the whole cell not understood. */
#include "plan/deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define MAX_TOKENS 256
#define WORD_MAX 96

/* ---------------------------------------------------------------- tokens */

typedef enum { T_WORD, T_NUM, T_DOT, T_COMMA, T_SEMI, T_DASH, T_LP, T_RP, T_COLON, T_OTHER } tok_type;

typedef struct {
    tok_type t;
    size_t b, e;  /* byte span in the cleaned text */
    bool sp;      /* white space before it */
    long num;     /* T_NUM */
    int ndig;     /* T_NUM */
    char w[WORD_MAX]; /* T_WORD, folded */
} token;

typedef struct {
    const char *clean; /* cleaned cell */
    token tok[MAX_TOKENS];
    size_t n;
    int first_year;
} lexed;

/* Decodes one UTF-8 code point at s (valid UTF-8 assumed); returns its length. */
static size_t utf8_cp(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if ((s[0] & 0xF0) == 0xE0) {
        *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

static bool is_letter(unsigned cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0x400 && cp <= 0x52F);
}

static bool is_dash(unsigned cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
           cp == 0x2014 || cp == 0x2212;
}

static bool is_space(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x2007 || cp == 0x202F;
}

/* Latin look-alikes typed inside Cyrillic words ("дейiн" with a Latin i). */
static void fix_lookalikes(char *w)
{
    bool cyr = false;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if (*p >= 0x80)
            cyr = true;
    if (!cyr)
        return;
    static const struct {
        char latin;
        const char *cyr;
    } map[] = {{'a', "а"}, {'e', "е"}, {'o', "о"}, {'p', "р"}, {'c', "с"},
               {'x', "х"}, {'y', "у"}, {'i', "і"}, {'k', "к"}, {'m', "м"}};
    char out[WORD_MAX];
    size_t o = 0;
    for (const char *p = w; *p; p++) {
        const char *rep = NULL;
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (*p == map[i].latin)
                rep = map[i].cyr;
        size_t rl = rep ? strlen(rep) : 1;
        if (o + rl + 1 > sizeof out)
            return; /* leave as is; it will not match anything */
        if (rep)
            memcpy(out + o, rep, rl);
        else
            out[o] = *p;
        o += rl;
    }
    out[o] = '\0';
    memcpy(w, out, o + 1);
}

/* False when the cell has too many tokens or an over-long word. */
static bool lex(lexed *lx)
{
    const unsigned char *s = (const unsigned char *)lx->clean;
    size_t i = 0;
    bool sp = true;
    lx->n = 0;
    while (s[i]) {
        unsigned cp;
        size_t l = utf8_cp(s + i, &cp);
        if (is_space(cp)) {
            sp = true;
            i += l;
            continue;
        }
        if (lx->n == MAX_TOKENS)
            return false;
        token *t = &lx->tok[lx->n++];
        memset(t, 0, sizeof *t);
        t->b = i;
        t->sp = sp;
        sp = false;
        if (cp >= '0' && cp <= '9') {
            t->t = T_NUM;
            while (s[i] >= '0' && s[i] <= '9') {
                if (t->ndig < 9)
                    t->num = t->num * 10 + (s[i] - '0');
                t->ndig++;
                i++;
            }
        } else if (is_letter(cp)) {
            t->t = T_WORD;
            size_t start = i;
            for (;;) {
                unsigned c2;
                size_t l2 = utf8_cp(s + i, &c2);
                if (!s[i] || !is_letter(c2))
                    break;
                i += l2;
            }
            char raw[WORD_MAX];
            if (i - start + 1 > sizeof raw)
                return false;
            memcpy(raw, s + start, i - start);
            raw[i - start] = '\0';
            if (text_fold(raw, t->w, sizeof t->w) != AT_OK)
                return false;
            fix_lookalikes(t->w);
        } else {
            i += l;
            t->t = cp == '.'       ? T_DOT
                   : cp == ','     ? T_COMMA
                   : cp == ';'     ? T_SEMI
                   : cp == '('     ? T_LP
                   : cp == ')'     ? T_RP
                   : cp == ':'     ? T_COLON
                   : is_dash(cp)   ? T_DASH
                                   : T_OTHER;
        }
        t->e = i;
    }
    return true;
}

/* ------------------------------------------------------- word patterns */

/* Pattern: space-separated slots; a slot is alternatives joined by '|';
 * "#" matches a number, "?" before a slot makes it optional, "*" (last) matches
 * one or more remaining tokens. Matched against word/number tokens only. */
typedef struct {
    long num;     /* the number "#" matched */
    size_t rest;  /* index (in the word list) where "*" started */
    bool has_rest;
} pmatch;

typedef struct {
    const token *w[MAX_TOKENS]; /* word and number tokens, punctuation dropped */
    size_t n;
} wordlist;

static bool slot_matches(const char *slot, size_t slen, const token *t, pmatch *m)
{
    size_t i = 0;
    while (i <= slen) {
        size_t j = i;
        while (j < slen && slot[j] != '|')
            j++;
        size_t al = j - i;
        if (al == 1 && slot[i] == '#') {
            if (t->t == T_NUM) {
                m->num = t->num;
                return true;
            }
        } else if (t->t == T_WORD && strlen(t->w) == al && memcmp(t->w, slot + i, al) == 0) {
            return true;
        }
        i = j + 1;
    }
    return false;
}

static bool pmatch_at(const char *pat, const wordlist *wl, size_t k, pmatch *m)
{
    while (*pat == ' ')
        pat++;
    if (!*pat)
        return k == wl->n;
    if (*pat == '*') { /* one or more tokens, as few as the rest of the pattern allows */
        for (size_t j = k + 1; j <= wl->n; j++)
            if (pmatch_at(pat + 1, wl, j, m)) {
                m->rest = k;
                m->has_rest = true;
                return true;
            }
        return false;
    }
    bool opt = *pat == '?';
    if (opt)
        pat++;
    const char *end = strchr(pat, ' ');
    size_t slen = end ? (size_t)(end - pat) : strlen(pat);
    const char *next = pat + slen;
    if (k < wl->n && slot_matches(pat, slen, wl->w[k], m) && pmatch_at(next, wl, k + 1, m))
        return true;
    return opt && pmatch_at(next, wl, k, m);
}

static bool pmatch_all(const char *pat, const wordlist *wl, pmatch *m)
{
    memset(m, 0, sizeof *m);
    return pmatch_at(pat, wl, 0, m);
}

/* ------------------------------------------------------- result helpers */

static void set_unknown(plan_deadline *d)
{
    d->understood = false;
    d->warnings = 0;
    d->nparts = 1;
    memset(&d->parts[0], 0, sizeof d->parts[0]);
    d->parts[0].kind = PLAN_DEADLINE_UNKNOWN;
}

/* Copies the cleaned text from byte b to the end (trimmed, without a final '.') into dst. */
static bool copy_ref(char *dst, size_t n, const char *src, size_t b, size_t e)
{
    while (b < e && (src[b] == ' ' || src[b] == ','))
        b++;
    while (e > b && (src[e - 1] == ' ' || src[e - 1] == '.' || src[e - 1] == '\n'))
        e--;
    if (e - b + 1 > n)
        return false;
    memcpy(dst, src + b, e - b);
    dst[e - b] = '\0';
    return true;
}

/* --------------------------------------------------------- phrases */

typedef struct {
    const char *pat;
    const char *event;
    plan_deadline_anchor anchor;
    plan_deadline_relation rel;
    int sign; /* offset = sign * "#" */
    plan_deadline_unit unit;
} event_rule;

#define S PLAN_DEADLINE_ANCHOR_START
#define E PLAN_DEADLINE_ANCHOR_END
static const event_rule event_rules[] = {
    /* attestation as a whole */
    {"до начала|проведения ?государственной итоговой аттестации", "attestation", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"до начала|проведения гиа", "attestation", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"в|во период|время|ходе проведения ?государственной итоговой аттестации", "attestation", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    {"в|во период|время|ходе проведения гиа", "attestation", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    {"қорытынды аттестаттау|аттестаттаудың басталғанға|басталғанға|басталуына дейін", "attestation", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"қорытынды аттестаттауды|аттестаттау өткізу|өткізілетін кезінде|кезеңінде", "attestation", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    /* the exam period */
    {"до начала|проведения экзаменов", "exams", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"в|во дни|период|время проведения экзаменов", "exams", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    {"емтихан|емтихандар|емтихандардың басталғанға дейін", "exams", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"емтихандарды|емтихандар өткізгенге дейін", "exams", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"емтихандарды|емтихандар өткізу күндері|күндерінде|кезінде", "exams", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    /* one exam */
    {"за # минут|минуты|минуту до начала экзамена", "exam", S, PLAN_DEADLINE_AT, -1, PLAN_DEADLINE_UNIT_MINUTES},
    {"емтиханның басталуына # минут қалғанда", "exam", S, PLAN_DEADLINE_AT, -1, PLAN_DEADLINE_UNIT_MINUTES},
    {"не позднее|позже ?чем за # рабочий|рабочих день|дня|дней до ?начала экзамена", "exam", S, PLAN_DEADLINE_BEFORE, -1, PLAN_DEADLINE_UNIT_WORKING_DAYS},
    {"не позднее|позже ?чем за # календарный|календарных ?день|дня|дней до ?начала экзамена", "exam", S, PLAN_DEADLINE_BEFORE, -1, PLAN_DEADLINE_UNIT_DAYS},
    {"не позднее|позже ?чем за # день|дня|дней до ?начала экзамена", "exam", S, PLAN_DEADLINE_BEFORE, -1, PLAN_DEADLINE_UNIT_DAYS},
    {"в день проведения экзамена", "exam", S, PLAN_DEADLINE_AT, 0, PLAN_DEADLINE_UNIT_NONE},
    /* written exam */
    {"после завершения|окончания|проведения письменного экзамена", "written_exam", E, PLAN_DEADLINE_AFTER, 0, PLAN_DEADLINE_UNIT_NONE},
    {"после завершения|окончания|проведения письменных экзаменов", "written_exam", E, PLAN_DEADLINE_AFTER, 0, PLAN_DEADLINE_UNIT_NONE},
    {"жазбаша емтихан|емтихандар аяқталғаннан|өткізілгеннен кейін", "written_exam", E, PLAN_DEADLINE_AFTER, 0, PLAN_DEADLINE_UNIT_NONE},
    /* appeal */
    {"до начала|проведения апелляции", "appeal", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"в|во время|период|ходе проведения апелляции", "appeal", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    {"апелляция|апелляцияны жүргізгенге|өткізгенге|басталғанға дейін", "appeal", S, PLAN_DEADLINE_BEFORE, 0, PLAN_DEADLINE_UNIT_NONE},
    {"апелляция|апелляцияны өткізу|жүргізу кезінде", "appeal", S, PLAN_DEADLINE_DURING, 0, PLAN_DEADLINE_UNIT_NONE},
    /* the commissions' work */
    {"после завершения|окончания работы аттестационной и апелляционной комиссии|комиссий", "commissions", E, PLAN_DEADLINE_AFTER, 0, PLAN_DEADLINE_UNIT_NONE},
    {"аттесттау|аттестаттау және апелляциялық комиссия|комиссиялар|комиссияларының|комиссиясының жұмысы аяқталғаннан кейін", "commissions", E, PLAN_DEADLINE_AFTER, 0, PLAN_DEADLINE_UNIT_NONE},
    /* a decision */
    {"в течение # рабочих|рабочего дней|дня со дня|даты принятия решения", "decision", S, PLAN_DEADLINE_WITHIN, 1, PLAN_DEADLINE_UNIT_WORKING_DAYS},
    {"в течение # дней|дня со дня|даты принятия решения", "decision", S, PLAN_DEADLINE_WITHIN, 1, PLAN_DEADLINE_UNIT_DAYS},
};
#undef S
#undef E

static const char *const continuous_pats[] = {
    "в течение ?всего ?учебного года",
    "в течение ?всего ?учебного года *",
    "постоянно",
    "круглогодично",
    "весь период",
    "в течение всего периода",
    "жыл бойы",
    "оқу жылы бойы",
    "жыл бойы *",
};

static const char *const external_pats[] = {
    "в сроки установленные|определенные|утвержденные *",
    "в сроки установленные|определенные|утвержденные",
    "в соответствии с *",
    "согласно графику|расписанию|плану *",
    "по ?отдельному графику|расписанию|плану *",
    "по ?отдельному графику|расписанию|плану",
    "по отдельному плану графику",
    "по отдельному плану графику *",
    "по ?отдельному плану графику *",
    "* бекіткен|белгілеген|белгіленген мерзімде",
    "* бекіткен|белгілеген|белгіленген мерзімдерде",
    "бекітілген|белгіленген мерзімде",
    "кестеге сәйкес",
    "жеке жоспар|кесте бойынша",
};

/* Qualifiers allowed after a continuous phrase. */
static const char *const qualifier_pats[] = {
    "по *",
    "и по *",
    "согласно *",
};

static bool try_phrase(const lexed *lx, plan_deadline *d)
{
    wordlist wl = {.n = 0};
    for (size_t i = 0; i < lx->n; i++) {
        const token *t = &lx->tok[i];
        if (t->t == T_WORD || t->t == T_NUM)
            wl.w[wl.n++] = t;
        else if (t->t == T_OTHER || t->t == T_LP || t->t == T_RP || t->t == T_COLON)
            return false; /* phrases are plain words */
    }
    if (wl.n == 0)
        return false;
    pmatch m;
    plan_deadline_part *p = &d->parts[0];
    for (size_t r = 0; r < sizeof event_rules / sizeof event_rules[0]; r++) {
        const event_rule *er = &event_rules[r];
        if (!pmatch_all(er->pat, &wl, &m))
            continue;
        if (er->sign != 0 && (m.num <= 0 || m.num > 10000))
            return false;
        p->kind = PLAN_DEADLINE_EVENT;
        snprintf(p->event, sizeof p->event, "%s", er->event);
        p->anchor = er->anchor;
        p->relation = er->rel;
        p->offset = er->sign * (int)m.num;
        p->unit = er->sign ? er->unit : PLAN_DEADLINE_UNIT_NONE;
        d->nparts = 1;
        return true;
    }
    for (size_t r = 0; r < sizeof continuous_pats / sizeof continuous_pats[0]; r++) {
        if (!pmatch_all(continuous_pats[r], &wl, &m))
            continue;
        if (m.has_rest) {
            /* Only "по …" / "и по …" qualifiers: anything else is not understood. */
            wordlist q = {.n = 0};
            for (size_t i = m.rest; i < wl.n; i++)
                q.w[q.n++] = wl.w[i];
            pmatch qm;
            bool ok = false;
            for (size_t k = 0; k < sizeof qualifier_pats / sizeof qualifier_pats[0] && !ok; k++)
                ok = pmatch_all(qualifier_pats[k], &q, &qm);
            if (!ok)
                return false;
            if (!copy_ref(p->ref, sizeof p->ref, lx->clean, wl.w[m.rest]->b, strlen(lx->clean)))
                return false;
        }
        p->kind = PLAN_DEADLINE_CONTINUOUS;
        d->nparts = 1;
        return true;
    }
    for (size_t r = 0; r < sizeof external_pats / sizeof external_pats[0]; r++) {
        if (!pmatch_all(external_pats[r], &wl, &m))
            continue;
        if (!copy_ref(p->ref, sizeof p->ref, lx->clean, 0, strlen(lx->clean)))
            return false;
        p->kind = PLAN_DEADLINE_EXTERNAL;
        d->nparts = 1;
        return true;
    }
    return false;
}

/* ------------------------------------------------------- months, years */

static bool has_suffix_in(const char *w, const char *stem, const char *const *suf, size_t nsuf)
{
    size_t sl = strlen(stem);
    if (strncmp(w, stem, sl) != 0)
        return false;
    for (size_t i = 0; i < nsuf; i++)
        if (strcmp(w + sl, suf[i]) == 0)
            return true;
    return false;
}

/* Kazakh case of a month word: plain (nominative, locative "in", genitive, possessive),
 * dative ("қаңтарға" — only with "дейін") or ablative ("қаңтардан" — only "from … to"). */
enum { CASE_PLAIN = 0, CASE_DAT, CASE_ABL };

/* Month number 1..12 of a Russian or Kazakh month word in any case form, else 0. */
static int month_of(const char *w, int *kcase)
{
    static const char *const ru_soft[] = {"ь", "я", "е", "ю", "ём", "ем"};
    static const char *const ru_hard[] = {"", "а", "е", "у", "ом"};
    static const char *const ru_may[] = {"й", "я", "е", "ю", "ем"};
    static const struct {
        const char *stem;
        int kind; /* 0 soft, 1 hard, 2 май */
    } ru[12] = {{"январ", 0}, {"феврал", 0}, {"март", 1},    {"апрел", 0},
                {"ма", 2},    {"июн", 0},    {"июл", 0},     {"август", 1},
                {"сентябр", 0}, {"октябр", 0}, {"ноябр", 0}, {"декабр", 0}};
    *kcase = CASE_PLAIN;
    for (int i = 0; i < 12; i++) {
        const char *const *suf = ru[i].kind == 0 ? ru_soft : ru[i].kind == 1 ? ru_hard : ru_may;
        size_t ns = ru[i].kind == 0   ? sizeof ru_soft / sizeof ru_soft[0]
                    : ru[i].kind == 1 ? sizeof ru_hard / sizeof ru_hard[0]
                                      : sizeof ru_may / sizeof ru_may[0];
        if (has_suffix_in(w, ru[i].stem, suf, ns))
            return i + 1;
    }
    static const char *const kz_plain[] = {
        "",     "да",     "де",    "та",     "те",      "ның",    "нің",     "дың",   "дің",
        "тың",  "тің",    "ы",     "і",      "сы",      "сі",     "ында",    "інде",  "сында",
        "сінде", "ын",    "ін",    "сын",    "сін",     "дағы",   "дегі",    "тағы",  "тегі",
        "ындағы", "індегі", "сындағы", "сіндегі"};
    static const char *const kz_dat[] = {"ға", "ге", "қа", "ке", "на", "не", "ына", "іне", "сына", "сіне"};
    static const char *const kz_abl[] = {"дан", "ден", "тан", "тен", "нан", "нен",
                                         "ынан", "інен", "сынан", "сінен"};
    static const char *const kz[12] = {"қаңтар", "ақпан",  "наурыз",   "сәуір", "мамыр",  "маусым",
                                       "шілде",  "тамыз",  "қыркүйек", "қазан", "қараша", "желтоқсан"};
    for (int i = 0; i < 12; i++) {
        if (has_suffix_in(w, kz[i], kz_plain, sizeof kz_plain / sizeof kz_plain[0]))
            return i + 1;
        if (has_suffix_in(w, kz[i], kz_dat, sizeof kz_dat / sizeof kz_dat[0])) {
            *kcase = CASE_DAT;
            return i + 1;
        }
        if (has_suffix_in(w, kz[i], kz_abl, sizeof kz_abl / sizeof kz_abl[0])) {
            *kcase = CASE_ABL;
            return i + 1;
        }
    }
    return 0;
}

static bool word_in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

static const char *const ru_year_words[] = {"года", "год", "году", "г", "гг", "годы", "годов"};
static const char *const kz_year_words[] = {"ж", "жылғы", "жыл", "жылы", "жылдың", "жж"};

static bool is_year_num(const token *t)
{
    return t->t == T_NUM && t->ndig == 4 && t->num >= 1990 && t->num <= 2100;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* ---------------------------------------------------------- elements */

typedef enum {
    E_YEAR,     /* y (and y2 for "2024- 2025"); pos below */
    E_POINT,    /* d (0 = whole month), m, y (0 = not written) */
    E_DASH,
    E_SEP,
    E_BY_PRE,   /* "до", "не позднее" */
    E_BY_POST,  /* "дейін" */
    E_NOTE,     /* a known parenthetical note; ref span b..e */
} el_type;

enum { Y_PREFIX, Y_SUFFIX, Y_BARE };

typedef struct {
    el_type t;
    int d, m, y, y2;
    int kcase; /* E_POINT: CASE_* */
    int pos;
    size_t b, e;
} element;

typedef struct {
    element el[MAX_TOKENS];
    size_t n;
} elements;

static bool push(elements *es, element e)
{
    if (es->n == MAX_TOKENS)
        return false;
    es->el[es->n++] = e;
    return true;
}

static const char *const note_pats[] = {
    "согласно графику|расписанию",
    "по графику|расписанию",
    "кестеге сәйкес",
    "кесте бойынша",
};

/* Tokens → elements; false on anything unknown. */
static bool to_elements(const lexed *lx, elements *es)
{
    const token *tk = lx->tok;
    size_t n = lx->n;
    es->n = 0;
    for (size_t i = 0; i < n;) {
        const token *t = &tk[i];
        element e;
        memset(&e, 0, sizeof e);
        if (is_year_num(t)) {
            e.t = E_YEAR;
            e.y = (int)t->num;
            e.pos = Y_BARE;
            i++;
            /* "2024- 2025 года": a span of two consecutive years */
            if (i + 1 < n && tk[i].t == T_DASH && is_year_num(&tk[i + 1])) {
                e.y2 = (int)tk[i + 1].num;
                i += 2;
            }
            if (i < n && tk[i].t == T_WORD && word_in(tk[i].w, ru_year_words, 7)) {
                e.pos = Y_SUFFIX;
                i++;
            } else if (i < n && tk[i].t == T_WORD && word_in(tk[i].w, kz_year_words, 6)) {
                e.pos = Y_PREFIX;
                i++;
            }
            if (i < n && tk[i].t == T_DOT && e.pos != Y_BARE)
                i++;
            if (e.y2 && (e.pos == Y_PREFIX || e.y2 != e.y + 1))
                return false;
            if (!push(es, e))
                return false;
            continue;
        }
        if (t->t == T_NUM) {
            /* time "11.00 ч." / "10:00": ignored */
            if (t->ndig <= 2 && i + 2 < n && (tk[i + 1].t == T_DOT || tk[i + 1].t == T_COLON) &&
                tk[i + 2].t == T_NUM && tk[i + 2].ndig == 2 && !tk[i + 1].sp && !tk[i + 2].sp &&
                t->num <= 23 && tk[i + 2].num <= 59 &&
                ((i + 3 < n && tk[i + 3].t == T_WORD &&
                  (strcmp(tk[i + 3].w, "ч") == 0 || strcmp(tk[i + 3].w, "час") == 0 ||
                   strcmp(tk[i + 3].w, "часов") == 0 || strcmp(tk[i + 3].w, "сағ") == 0)))) {
                i += 4;
                if (i < n && tk[i].t == T_DOT)
                    i++;
                continue;
            }
            /* dd.mm[.][yyyy] */
            if (t->ndig <= 2 && i + 2 < n && tk[i + 1].t == T_DOT && !tk[i + 1].sp &&
                tk[i + 2].t == T_NUM && !tk[i + 2].sp && tk[i + 2].ndig <= 2) {
                e.t = E_POINT;
                e.d = (int)t->num;
                e.m = (int)tk[i + 2].num;
                i += 3;
                if (i < n && tk[i].t == T_DOT && !tk[i].sp) {
                    i++;
                    if (i < n && is_year_num(&tk[i]) && !tk[i].sp &&
                        !(i + 1 < n && tk[i + 1].t == T_WORD && word_in(tk[i + 1].w, kz_year_words, 6))) {
                        e.y = (int)tk[i].num;
                        i++;
                        if (i < n && tk[i].t == T_WORD && word_in(tk[i].w, ru_year_words, 7)) {
                            i++;
                            if (i < n && tk[i].t == T_DOT)
                                i++;
                        }
                    } else if (i < n && tk[i].t == T_NUM && !tk[i].sp) {
                        return false; /* two-digit year or garbage: not guessed */
                    }
                }
                if (e.m < 1 || e.m > 12 || e.d < 1)
                    return false;
                if (!push(es, e))
                    return false;
                continue;
            }
            /* day + month word */
            int mo, kc;
            if (t->ndig <= 2 && i + 1 < n && tk[i + 1].t == T_WORD && (mo = month_of(tk[i + 1].w, &kc)) != 0) {
                e.t = E_POINT;
                e.kcase = kc;
                e.d = (int)t->num;
                e.m = mo;
                if (e.d < 1)
                    return false;
                i += 2;
                if (!push(es, e))
                    return false;
                continue;
            }
            return false;
        }
        if (t->t == T_WORD) {
            int kc;
            int mo = month_of(t->w, &kc);
            if (mo) {
                e.t = E_POINT;
                e.kcase = kc;
                e.m = mo;
                i++;
                if (!push(es, e))
                    return false;
                continue;
            }
            if (strcmp(t->w, "до") == 0) {
                e.t = E_BY_PRE;
            } else if (strcmp(t->w, "не") == 0 && i + 1 < n && tk[i + 1].t == T_WORD &&
                       (strcmp(tk[i + 1].w, "позднее") == 0 || strcmp(tk[i + 1].w, "позже") == 0)) {
                e.t = E_BY_PRE;
                i++;
            } else if (strcmp(t->w, "дейін") == 0 || strcmp(t->w, "шейін") == 0) {
                e.t = E_BY_POST;
            } else if (strcmp(t->w, "и") == 0 || strcmp(t->w, "және") == 0) {
                e.t = E_SEP;
            } else if (strcmp(t->w, "в") == 0 || strcmp(t->w, "во") == 0 || strcmp(t->w, "айы") == 0 ||
                       strcmp(t->w, "айында") == 0) {
                i++;
                continue; /* "в декабре", "наурыз айы" */
            } else {
                return false;
            }
            i++;
            if (!push(es, e))
                return false;
            continue;
        }
        switch (t->t) {
        case T_DOT:
            i++;
            continue;
        case T_COMMA:
        case T_SEMI:
            e.t = E_SEP;
            break;
        case T_DASH:
            e.t = E_DASH;
            break;
        case T_LP: {
            size_t j = i + 1;
            wordlist wl = {.n = 0};
            while (j < n && tk[j].t != T_RP) {
                if (tk[j].t == T_WORD || tk[j].t == T_NUM)
                    wl.w[wl.n++] = &tk[j];
                else
                    return false;
                j++;
            }
            if (j == n)
                return false;
            pmatch m;
            bool ok = false;
            for (size_t k = 0; k < sizeof note_pats / sizeof note_pats[0] && !ok; k++)
                ok = pmatch_all(note_pats[k], &wl, &m);
            if (!ok)
                return false;
            e.t = E_NOTE;
            e.b = tk[i + 1].b;
            e.e = tk[j].b;
            i = j + 1;
            if (!push(es, e))
                return false;
            continue;
        }
        default:
            return false;
        }
        i++;
        if (!push(es, e))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------- grammar */

typedef struct {
    int d, m, y;     /* d = 0: whole month */
    bool explicit_y; /* year written in the cell (not inferred) */
} point;

static int infer_year(int first_year, int m)
{
    return m >= 9 ? first_year : first_year + 1;
}

/* Chronological key of a point's start. */
static long point_key(int y, int m, int d)
{
    return ((long)y * 12 + (m - 1)) * 32 + d;
}

typedef struct {
    point a, b;
    bool range;
    bool by;
    bool any_inferred;
    size_t note_b, note_e;
} raw_part;

/* Years for a range whose explicit year (one side only) is y: crossing ranges
 * ("декабрь - январь 2025") are put inside the academic year. */
static bool place_range(raw_part *rp, int first_year, int y, bool year_on_start)
{
    point *a = &rp->a, *b = &rp->b;
    long ka = (long)a->m * 32 + a->d, kb = (long)b->m * 32 + b->d;
    if (ka <= kb) {
        a->y = b->y = y;
        return true;
    }
    /* crossing the new year: (y-1, y) or (y, y+1); the one inside the academic year wins */
    if (first_year == 0)
        return false;
    (void)year_on_start;
    int cand[2][2] = {{y - 1, y}, {y, y + 1}};
    int hit = -1;
    for (int c = 0; c < 2; c++)
        if (cand[c][0] == first_year && cand[c][1] == first_year + 1 && a->m >= 9 && b->m <= 8)
            hit = c;
    if (hit < 0)
        return false;
    a->y = cand[hit][0];
    b->y = cand[hit][1];
    return true;
}

/* Parses elements into parts; false when not understood. */
static bool parse_elements(const elements *es, int first_year, const char *clean, plan_deadline *d)
{
    size_t i = 0, n = es->n;
    const element *el = es->el;
    raw_part rps[PLAN_DEADLINE_MAX_PARTS];
    size_t nr = 0;
    while (i < n) {
        while (i < n && el[i].t == E_SEP)
            i++;
        if (i == n)
            break;
        if (nr == PLAN_DEADLINE_MAX_PARTS)
            return false;
        raw_part rp;
        memset(&rp, 0, sizeof rp);
        int prefix_y = 0, suffix_y = 0, suffix_y2 = 0;
        if (el[i].t == E_BY_PRE) {
            rp.by = true;
            i++;
        }
        if (i < n && el[i].t == E_YEAR && (el[i].pos == Y_PREFIX || el[i].pos == Y_BARE)) {
            if (el[i].y2)
                return false;
            prefix_y = el[i].y;
            i++;
        }
        if (i < n && el[i].t == E_BY_PRE && !rp.by) {
            rp.by = true;
            i++;
        }
        if (i >= n || el[i].t != E_POINT)
            return false;
        rp.a = (point){el[i].d, el[i].m, el[i].y, el[i].y != 0};
        int kcase_a = el[i].kcase;
        i++;
        if (kcase_a == CASE_ABL) {
            /* KZ "қаңтардан мамырға дейін", "1 ақпаннан 15 наурызға дейін": from … to */
            if (rp.by || i + 1 >= n || el[i].t != E_POINT || el[i].kcase != CASE_DAT ||
                el[i + 1].t != E_BY_POST)
                return false;
            rp.range = true;
            rp.b = (point){el[i].d, el[i].m, el[i].y, el[i].y != 0};
            if ((rp.a.d == 0) != (rp.b.d == 0))
                return false;
            i += 2;
            if (!prefix_y && !rp.a.explicit_y && !rp.b.explicit_y && i < n && el[i].t == E_YEAR &&
                el[i].pos != Y_PREFIX && !el[i].y2) {
                rp.b.y = el[i].y;
                rp.b.explicit_y = true;
                i++;
            }
            goto years;
        }
        if (kcase_a == CASE_DAT && !(i < n && el[i].t == E_BY_POST))
            return false; /* "қаңтарға" alone: not a period we can name */
        /* suffix year right after the first point: "ноябрь 2024 - …", "март, 2026 года" */
        size_t j = i;
        if (j + 1 < n && el[j].t == E_SEP && el[j + 1].t == E_YEAR && el[j + 1].pos == Y_SUFFIX)
            j++;
        if (!prefix_y && !rp.a.explicit_y && j < n && el[j].t == E_YEAR &&
            (el[j].pos == Y_SUFFIX || el[j].pos == Y_BARE) && !el[j].y2) {
            rp.a.y = el[j].y;
            rp.a.explicit_y = true;
            i = j + 1;
        }
        if (i < n && el[i].t == E_DASH) {
            i++;
            if (i >= n || el[i].t != E_POINT || el[i].kcase != CASE_PLAIN)
                return false;
            rp.range = true;
            rp.b = (point){el[i].d, el[i].m, el[i].y, el[i].y != 0};
            i++;
            if ((rp.a.d == 0) != (rp.b.d == 0))
                return false; /* month - day mixtures are not guessed */
            if (!rp.b.explicit_y && i < n && el[i].t == E_YEAR &&
                (el[i].pos == Y_SUFFIX || el[i].pos == Y_BARE) && !prefix_y) {
                if (el[i].y2) {
                    suffix_y = el[i].y;
                    suffix_y2 = el[i].y2;
                } else {
                    suffix_y = el[i].y;
                }
                i++;
            }
        } else if (i < n && el[i].t == E_YEAR && el[i].pos == Y_SUFFIX) {
            return false; /* a second year for one point */
        }
        if (i < n && el[i].t == E_BY_POST) {
            if (rp.by)
                return false;
            rp.by = true;
            i++;
        }
    years:
        if (i < n && el[i].t == E_NOTE) {
            rp.note_b = el[i].b;
            rp.note_e = el[i].e;
            i++;
        }
        if (prefix_y) {
            if (rp.a.explicit_y && rp.a.y != prefix_y)
                return false;
            rp.a.y = prefix_y;
            rp.a.explicit_y = true;
        }
        if (!rp.range) {
            if (!rp.a.explicit_y) {
                if (first_year == 0)
                    return false;
                rp.a.y = infer_year(first_year, rp.a.m);
                rp.any_inferred = true;
            }
        } else if (suffix_y2) {
            if (rp.a.explicit_y)
                return false;
            rp.a.y = suffix_y;
            rp.b.y = suffix_y2;
            rp.a.explicit_y = rp.b.explicit_y = true;
            if (point_key(rp.a.y, rp.a.m, rp.a.d) > point_key(rp.b.y, rp.b.m, rp.b.d) ||
                rp.a.m <= rp.b.m)
                return false; /* "ноябрь - январь 2024-2025": only a crossing range */
        } else {
            if (suffix_y) {
                rp.b.y = suffix_y;
                rp.b.explicit_y = true;
            }
            if (rp.a.explicit_y && rp.b.explicit_y) {
                /* both written */
            } else if (rp.a.explicit_y) {
                if (!place_range(&rp, first_year, rp.a.y, true))
                    return false;
            } else if (rp.b.explicit_y) {
                if (!place_range(&rp, first_year, rp.b.y, false))
                    return false;
            } else {
                if (first_year == 0)
                    return false;
                rp.a.y = infer_year(first_year, rp.a.m);
                rp.b.y = infer_year(first_year, rp.b.m);
                rp.any_inferred = true;
            }
            if (point_key(rp.a.y, rp.a.m, rp.a.d) > point_key(rp.b.y, rp.b.m, rp.b.d)) {
                if (rp.any_inferred)
                    return false;
                d->warnings |= PLAN_DEADLINE_WARN_ORDER;
            }
        }
        if (rp.by && (rp.range || rp.a.d == 0))
            return false; /* "до марта": which day? not guessed */
        rps[nr++] = rp;
    }
    if (nr == 0)
        return false;
    /* several parts with an inferred year must be in order and agree with the written years */
    bool inferred = false;
    for (size_t k = 0; k < nr; k++)
        inferred |= rps[k].any_inferred;
    for (size_t k = 1; k < nr; k++) {
        if (point_key(rps[k - 1].a.y, rps[k - 1].a.m, rps[k - 1].a.d) >
            point_key(rps[k].a.y, rps[k].a.m, rps[k].a.d)) {
            if (inferred)
                return false;
            d->warnings |= PLAN_DEADLINE_WARN_ORDER;
        }
    }
    if (inferred && nr > 1)
        for (size_t k = 0; k < nr; k++)
            if (rps[k].a.y < first_year || rps[k].a.y > first_year + 1 ||
                (rps[k].range && (rps[k].b.y < first_year || rps[k].b.y > first_year + 1)))
                return false;
    /* ---- build parts */
    for (size_t k = 0; k < nr; k++) {
        const raw_part *rp = &rps[k];
        plan_deadline_part *p = &d->parts[k];
        memset(p, 0, sizeof *p);
        point a = rp->a, b = rp->range ? rp->b : rp->a;
        if (a.d) {
            p->from = (at_date){a.y, a.m, a.d};
            p->to = (at_date){b.y, b.m, b.d};
            if (!date_valid(p->from) || !date_valid(p->to))
                return false;
            if (rp->by) {
                p->kind = PLAN_DEADLINE_BY_DATE;
                p->from = (at_date){0, 0, 0};
            } else {
                p->kind = rp->range ? PLAN_DEADLINE_DATE_RANGE : PLAN_DEADLINE_DATE;
            }
        } else {
            p->kind = PLAN_DEADLINE_MONTH_RANGE;
            p->from = (at_date){a.y, a.m, 1};
            p->to = (at_date){b.y, b.m, days_in_month(b.y, b.m)};
        }
        if (rp->note_e > rp->note_b &&
            !copy_ref(p->ref, sizeof p->ref, clean, rp->note_b, rp->note_e))
            return false;
    }
    d->nparts = nr;
    return true;
}

/* ------------------------------------------------------------ parse */

static bool in_window(at_date x, int first_year)
{
    if (!date_valid(x))
        return true;
    at_date lo = {first_year, 7, 1}, hi = {first_year + 1, 12, 31};
    return date_compare(x, lo) >= 0 && date_compare(x, hi) <= 0;
}

int plan_deadline_parse(const char *cell, int first_year, plan_deadline *out, at_error *err)
{
    memset(out, 0, sizeof *out);
    out->first_year = first_year;
    if (!cell)
        cell = "";
    size_t len = strlen(cell);
    out->text = malloc(len + 1);
    if (!out->text)
        return at_fail(err, AT_ENOMEM, "plan deadline", "out of memory");
    memcpy(out->text, cell, len + 1);
    set_unknown(out);
    if (len > PLAN_DEADLINE_TEXT_MAX)
        return AT_OK;
    size_t cap = len * 3 + 16;
    char *clean = malloc(cap);
    lexed *lx = malloc(sizeof *lx);
    elements *es = malloc(sizeof *es);
    if (!clean || !lx || !es) {
        free(clean);
        free(lx);
        free(es);
        return at_fail(err, AT_ENOMEM, "plan deadline", "out of memory");
    }
    bool ok = false;
    if (text_clean(cell, clean, cap) == AT_OK) {
        lx->clean = clean;
        lx->first_year = first_year;
        if (lex(lx) && lx->n > 0) {
            /* drop trailing dots */
            while (lx->n > 0 && lx->tok[lx->n - 1].t == T_DOT)
                lx->n--;
            out->warnings = 0;
            ok = try_phrase(lx, out);
            if (!ok && to_elements(lx, es)) {
                ok = parse_elements(es, first_year, clean, out);
            }
        }
    }
    if (ok) {
        out->understood = true;
        if (first_year)
            for (size_t k = 0; k < out->nparts; k++) {
                const plan_deadline_part *p = &out->parts[k];
                if (!in_window(p->from, first_year) || !in_window(p->to, first_year))
                    out->warnings |= PLAN_DEADLINE_WARN_OUTSIDE_YEAR;
            }
    } else {
        set_unknown(out);
    }
    free(clean);
    free(lx);
    free(es);
    return AT_OK;
}

void plan_deadline_free(plan_deadline *d)
{
    if (!d)
        return;
    free(d->text);
    d->text = NULL;
}

/* ----------------------------------------------------------- format */

const char *plan_deadline_kind_name(plan_deadline_kind k)
{
    switch (k) {
    case PLAN_DEADLINE_DATE: return "date";
    case PLAN_DEADLINE_BY_DATE: return "by_date";
    case PLAN_DEADLINE_DATE_RANGE: return "date_range";
    case PLAN_DEADLINE_MONTH_RANGE: return "month_range";
    case PLAN_DEADLINE_CONTINUOUS: return "continuous";
    case PLAN_DEADLINE_EVENT: return "event";
    case PLAN_DEADLINE_EXTERNAL: return "external";
    case PLAN_DEADLINE_UNKNOWN: break;
    }
    return "unknown";
}

typedef struct {
    char *buf;
    size_t n, len;
} sbuf;

static void sb_puts(sbuf *sb, const char *s)
{
    size_t l = strlen(s);
    if (sb->len < sb->n) {
        size_t room = sb->n - sb->len - 1;
        size_t c = l < room ? l : room;
        memcpy(sb->buf + sb->len, s, c);
        sb->buf[sb->len + c] = '\0';
    }
    sb->len += l;
}

static void sb_date(sbuf *sb, at_date d)
{
    char b[16];
    date_format_iso(d, b);
    sb_puts(sb, b);
}

static void sb_month(sbuf *sb, at_date d)
{
    char b[16];
    date_format_iso(d, b);
    b[7] = '\0';
    sb_puts(sb, b);
}

static void sb_int(sbuf *sb, int v, bool sign)
{
    char b[16];
    size_t i = sizeof b;
    b[--i] = '\0';
    unsigned u = v < 0 ? (unsigned)(-(long)v) : (unsigned)v;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u && i > 1);
    if (v < 0)
        b[--i] = '-';
    else if (sign)
        b[--i] = '+';
    sb_puts(sb, b + i);
}

static void part_format(sbuf *sb, const plan_deadline_part *p)
{
    switch (p->kind) {
    case PLAN_DEADLINE_DATE:
        sb_date(sb, p->from);
        break;
    case PLAN_DEADLINE_BY_DATE:
        sb_puts(sb, "by ");
        sb_date(sb, p->to);
        break;
    case PLAN_DEADLINE_DATE_RANGE:
        sb_date(sb, p->from);
        sb_puts(sb, "..");
        sb_date(sb, p->to);
        break;
    case PLAN_DEADLINE_MONTH_RANGE:
        sb_month(sb, p->from);
        if (p->from.y != p->to.y || p->from.m != p->to.m) {
            sb_puts(sb, "..");
            sb_month(sb, p->to);
        }
        break;
    case PLAN_DEADLINE_CONTINUOUS:
        sb_puts(sb, "continuous");
        break;
    case PLAN_DEADLINE_EXTERNAL:
        sb_puts(sb, "external");
        break;
    case PLAN_DEADLINE_EVENT: {
        static const char *const rel[] = {"before", "at", "after", "during", "within"};
        static const char *const unit[] = {"", "min", "d", "wd"};
        sb_puts(sb, "event ");
        sb_puts(sb, p->event);
        if (p->relation != PLAN_DEADLINE_DURING)
            sb_puts(sb, p->anchor == PLAN_DEADLINE_ANCHOR_END ? ":end" : ":start");
        sb_puts(sb, " ");
        sb_puts(sb, rel[p->relation]);
        if (p->unit != PLAN_DEADLINE_UNIT_NONE) {
            sb_puts(sb, " ");
            sb_int(sb, p->offset, true);
            sb_puts(sb, " ");
            sb_puts(sb, unit[p->unit]);
        }
        if (p->resolved) {
            sb_puts(sb, " = ");
            if (date_valid(p->from))
                sb_date(sb, p->from);
            if (date_valid(p->from) && date_valid(p->to) && date_compare(p->from, p->to) == 0)
                break;
            sb_puts(sb, "..");
            if (date_valid(p->to))
                sb_date(sb, p->to);
        }
        break;
    }
    case PLAN_DEADLINE_UNKNOWN:
        sb_puts(sb, "unknown");
        break;
    }
    if (p->ref[0]) {
        sb_puts(sb, " \"");
        sb_puts(sb, p->ref);
        sb_puts(sb, "\"");
    }
}

size_t plan_deadline_part_format(const plan_deadline_part *p, char *buf, size_t n)
{
    sbuf sb = {buf, n, 0};
    if (buf && n)
        buf[0] = '\0';
    part_format(&sb, p);
    return sb.len;
}

size_t plan_deadline_format(const plan_deadline *d, char *buf, size_t n)
{
    sbuf sb = {buf, n, 0};
    if (buf && n)
        buf[0] = '\0';
    if (!d->understood) {
        sb_puts(&sb, "unknown");
        return sb.len;
    }
    for (size_t k = 0; k < d->nparts; k++) {
        if (k)
            sb_puts(&sb, "; ");
        part_format(&sb, &d->parts[k]);
    }
    return sb.len;
}

/* ---------------------------------------------------------- resolve */

static int shift(at_date a, int offset, plan_deadline_unit unit, const calendar *cal, at_date *out,
                 bool *skip, at_error *err)
{
    *skip = false;
    switch (unit) {
    case PLAN_DEADLINE_UNIT_NONE:
        *out = a;
        return AT_OK;
    case PLAN_DEADLINE_UNIT_MINUTES:
        /* minutes move within the anchor's day; whole days beyond that */
        *out = date_add_days(a, offset / 1440);
        return AT_OK;
    case PLAN_DEADLINE_UNIT_DAYS:
        *out = date_add_days(a, offset);
        return AT_OK;
    case PLAN_DEADLINE_UNIT_WORKING_DAYS:
        if (!cal) {
            *skip = true;
            return AT_OK;
        }
        if (offset == 0) {
            *out = a;
            return AT_OK;
        }
        return calendar_add_working_days(cal, a, offset, out, err);
    }
    *skip = true;
    return AT_OK;
}

int plan_deadline_resolve(plan_deadline *d, plan_deadline_event_lookup lookup, void *ctx,
                          const calendar *cal, at_error *err)
{
    if (!d->understood)
        return AT_OK;
    for (size_t k = 0; k < d->nparts; k++) {
        plan_deadline_part *p = &d->parts[k];
        if (p->kind != PLAN_DEADLINE_EVENT)
            continue;
        at_date s = {0, 0, 0}, e = {0, 0, 0};
        if (!lookup(ctx, p->event, &s, &e) || !date_valid(s))
            continue;
        if (!date_valid(e))
            e = s;
        at_date anchor = p->anchor == PLAN_DEADLINE_ANCHOR_END ? e : s, x = anchor;
        bool skip;
        int rc = shift(anchor, p->offset, p->unit, cal, &x, &skip, err);
        if (rc != AT_OK)
            return rc;
        if (skip)
            continue;
        at_date none = {0, 0, 0};
        switch (p->relation) {
        case PLAN_DEADLINE_BEFORE:
            p->from = none;
            p->to = x;
            break;
        case PLAN_DEADLINE_AT:
            p->from = p->to = x;
            break;
        case PLAN_DEADLINE_AFTER:
            p->from = x;
            p->to = none;
            break;
        case PLAN_DEADLINE_DURING:
            p->from = s;
            p->to = e;
            break;
        case PLAN_DEADLINE_WITHIN:
            p->from = anchor;
            p->to = x;
            break;
        }
        p->resolved = true;
    }
    return AT_OK;
}

typedef struct {
    const plan_deadline_event_date *ev;
    size_t n;
} table_ctx;

static bool table_lookup(void *ctx, const char *event, at_date *start, at_date *end)
{
    const table_ctx *t = ctx;
    for (size_t i = 0; i < t->n; i++)
        if (t->ev[i].event && strcmp(t->ev[i].event, event) == 0) {
            *start = t->ev[i].start;
            *end = t->ev[i].end;
            return true;
        }
    return false;
}

int plan_deadline_resolve_table(plan_deadline *d, const plan_deadline_event_date *events, size_t n,
                                const calendar *cal, at_error *err)
{
    table_ctx t = {events, n};
    return plan_deadline_resolve(d, table_lookup, &t, cal, err);
}

bool plan_deadline_due(const plan_deadline *d, at_date *out)
{
    if (!d->understood || d->nparts == 0)
        return false;
    at_date best = {0, 0, 0};
    for (size_t k = 0; k < d->nparts; k++) {
        const plan_deadline_part *p = &d->parts[k];
        switch (p->kind) {
        case PLAN_DEADLINE_DATE:
        case PLAN_DEADLINE_BY_DATE:
        case PLAN_DEADLINE_DATE_RANGE:
        case PLAN_DEADLINE_MONTH_RANGE:
            break;
        case PLAN_DEADLINE_EVENT:
            if (!p->resolved || !date_valid(p->to))
                return false;
            break;
        default:
            return false;
        }
        if (!date_valid(best) || date_compare(p->to, best) > 0)
            best = p->to;
    }
    *out = best;
    return true;
}
