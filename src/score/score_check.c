/* score_check.c — the pure part of scoring: normalising and checking short
 * answers, final expert marks, and converting a primary score through the
 * profile's scale. Rules listed in docs/results.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "score.h"

/* Latin capitals that look like Cyrillic ones (ABCEHKMOPTXY) → that Cyrillic
 * capital, so "AB" typed on a Latin layout equals "АВ". */
static uint32_t lookalike(uint32_t c)
{
    switch (c) {
    case 'A': return 0x0410; case 'B': return 0x0412; case 'C': return 0x0421;
    case 'E': return 0x0415; case 'H': return 0x041D; case 'K': return 0x041A;
    case 'M': return 0x041C; case 'O': return 0x041E; case 'P': return 0x0420;
    case 'T': return 0x0422; case 'X': return 0x0425; case 'Y': return 0x0423;
    default: return c;
    }
}

/* Decodes one UTF-8 code point; returns its length, 0 on an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n)
        return 0;
    uint32_t c = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static size_t utf8_encode(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x202F || c == 0x2009 ||
           u_isUWhiteSpace((UChar32)c);
}

int score_normalize(const char *in, char *out, size_t n)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0;
    uint32_t prev = 0; /* previous kept code point */
    while (*s) {
        uint32_t c;
        size_t l = utf8_decode(s, &c);
        if (!l)
            return AT_EINPUT;
        s += l;
        if (is_space(c))                                     /* rule 1: white space */
            continue;
        if (c >= 'a' && c <= 'z')                            /* rule 2: case */
            c -= 32;
        else if (c >= 0x80)
            c = (uint32_t)u_toupper((UChar32)c);
        c = lookalike(c);                                    /* rule 3: look-alikes */
        if (c == ',' && prev >= '0' && prev <= '9') {        /* rule 4: decimal comma */
            /* only between digits: look ahead past white space */
            const unsigned char *t = s;
            uint32_t nx = 0;
            size_t tl;
            while (*t && (tl = utf8_decode(t, &nx)) && is_space(nx))
                t += tl;
            if (*t && nx >= '0' && nx <= '9')
                c = '.';
        }
        if (o + 5 > n)
            return AT_EINPUT;
        o += utf8_encode(c, out + o);
        prev = c;
    }
    if (o >= n)
        return AT_EINPUT;
    out[o] = '\0';
    return AT_OK;
}

/* Code points of a normalised string (at most cap). */
static size_t code_points(const char *s, uint32_t *cp, size_t cap)
{
    size_t k = 0, l;
    const unsigned char *u = (const unsigned char *)s;
    while (*u && k < cap && (l = utf8_decode(u, &cp[k]))) {
        u += l;
        k++;
    }
    return k;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Errors of an answer against one key: unordered — characters missing plus
 * characters extra (as multisets); ordered — positions that differ when the
 * lengths are equal, else "too many" (-1). */
static int count_errors(const char *key, const char *ans, bool unordered)
{
    uint32_t a[SCORE_ANSWER_MAX], k[SCORE_ANSWER_MAX];
    size_t na = code_points(ans, a, SCORE_ANSWER_MAX), nk = code_points(key, k, SCORE_ANSWER_MAX);
    if (!unordered) {
        if (na != nk)
            return -1;
        int e = 0;
        for (size_t i = 0; i < na; i++)
            e += a[i] != k[i];
        return e;
    }
    qsort(a, na, sizeof *a, cmp_u32);
    qsort(k, nk, sizeof *k, cmp_u32);
    size_t i = 0, j = 0;
    int e = 0;
    while (i < na || j < nk) {
        if (i < na && j < nk && a[i] == k[j]) {
            i++;
            j++;
        } else if (j >= nk || (i < na && a[i] < k[j])) {
            e++;
            i++;
        } else {
            e++;
            j++;
        }
    }
    return e;
}

static bool parse_number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return false;
    *v = strtod(s, &end);
    return *end == '\0' && isfinite(*v);
}

static int check_one(const score_item *it, const char *key, const char *ans)
{
    if (strcmp(key, ans) == 0)
        return it->max_points;
    if (it->numeric) {
        double a, k;
        if (parse_number(ans, &a) && parse_number(key, &k) && fabs(a - k) <= it->tolerance + 1e-9)
            return it->max_points;
        return 0;
    }
    int e = count_errors(key, ans, it->unordered);
    if (e == 0)
        return it->max_points;
    for (size_t i = 0; e > 0 && i < it->npartial; i++)
        if (it->partial[i].errors == e)
            return it->partial[i].points;
    return 0;
}

int score_check_item(const score_item *it, const char *answer)
{
    if (!answer || !*answer || !it->key)
        return 0;
    char norm[SCORE_ANSWER_MAX * 2];
    if (score_normalize(answer, norm, sizeof norm) != AT_OK || !norm[0])
        return 0;
    int best = check_one(it, it->key, norm);
    for (size_t i = 0; i < it->nalts && best < it->max_points; i++) {
        int p = check_one(it, it->alts[i], norm);
        if (p > best)
            best = p;
    }
    return best;
}

void score_paper_free(score_paper *p)
{
    if (!p)
        return;
    score_item *lists[2] = {p->shorts, p->criteria};
    size_t counts[2] = {p->nshort, p->ncriteria};
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < counts[l]; i++) {
            free(lists[l][i].key);
            for (size_t j = 0; j < lists[l][i].nalts; j++)
                free(lists[l][i].alts[j]);
            free(lists[l][i].alts);
        }
        free(lists[l]);
    }
    free(p->exam);
    free(p->variant);
    memset(p, 0, sizeof *p);
}

bool score_discrepant(const rule_marking *rule, const int *m1, const int *m2, size_t n)
{
    int t1 = 0, t2 = 0;
    bool crit = false;
    for (size_t i = 0; i < n; i++) {
        t1 += m1[i];
        t2 += m2[i];
        if (rule->discrepancy_criterion > 0 && abs(m1[i] - m2[i]) >= rule->discrepancy_criterion)
            crit = true;
    }
    return crit || (rule->discrepancy_total > 0 && abs(t1 - t2) >= rule->discrepancy_total);
}

void score_final_marks(const rule_marking *rule, const int *m1, const int *m2, const int *m3, size_t n, int *out,
                       bool *third_needed)
{
    bool need = score_discrepant(rule, m1, m2, n);
    if (third_needed)
        *third_needed = need;
    const char *f = rule->final_rule ? rule->final_rule : "mean_ceil";
    for (size_t i = 0; i < n; i++) {
        if (need && m3) {
            out[i] = m3[i];
            continue;
        }
        int a = m1[i], b = m2[i];
        if (strcmp(f, "min") == 0)
            out[i] = a < b ? a : b;
        else if (strcmp(f, "max") == 0)
            out[i] = a > b ? a : b;
        else if (strcmp(f, "mean_floor") == 0)
            out[i] = (a + b) / 2;
        else
            out[i] = (a + b + 1) / 2;
    }
}

static int threshold_met(const rule_threshold *t, int primary, int paper_max, const score_conversion *c)
{
    if (!t)
        return -1;
    double v;
    if (strcmp(t->scale, "test") == 0)
        v = c->test_score;
    else if (strcmp(t->scale, "mark") == 0)
        v = c->mark;
    else if (strcmp(t->scale, "percent") == 0)
        v = paper_max > 0 ? 100.0 * primary / paper_max : 0;
    else
        v = primary;
    if (v < 0)
        return -1;
    return v >= t->value;
}

void score_convert(const rule_profile *prof, const rule_subject *subj, int primary, int paper_max,
                   const char *const *parts, const int *part_points, size_t nparts, score_conversion *out)
{
    out->test_score = -1;
    out->mark = -1;
    const rule_scoring *sc = subj ? &subj->scoring : NULL;
    if (primary < 0)
        primary = 0;
    if (sc && sc->present) {
        int p = primary > sc->primary_max ? sc->primary_max : primary;
        if (strcmp(sc->scale, "test") == 0) {
            out->test_score = sc->test_scores[p];
        } else {
            for (size_t i = 0; i < sc->nmark_bands; i++)
                if (p >= sc->mark_bands[i].from && p <= sc->mark_bands[i].to)
                    out->mark = sc->mark_bands[i].mark;
            /* conditions, highest mark first: a mark that needs more points on
             * a part than were scored drops below the condition's mark */
            for (int pass = 0; pass < 5; pass++)
                for (size_t i = 0; i < sc->nconditions; i++) {
                    const rule_scale_condition *k = &sc->conditions[i];
                    if (out->mark < k->mark)
                        continue;
                    int got = 0;
                    for (size_t j = 0; j < nparts; j++)
                        if (strcmp(parts[j], k->part) == 0)
                            got = part_points[j];
                    if (got < k->min_points)
                        out->mark = k->mark - 1;
                }
        }
    } else if (prof && prof->npercent_scale > 0 && paper_max > 0) {
        out->mark = rules_mark_for_percent(prof, 100.0 * primary / paper_max);
    }
    out->passed = threshold_met(rules_threshold(subj, "certificate"), primary, paper_max, out);
    out->university = threshold_met(rules_threshold(subj, "university"), primary, paper_max, out);
    if (out->passed < 0)
        out->passed = threshold_met(rules_threshold(subj, "pass"), primary, paper_max, out);
}
