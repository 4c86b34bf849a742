/* demo_results.c — the demo's results cycle (see demo.h): papers, answer
 * sheets, experts' marks, retakes, approval, publication and appeals for every
 * main-period exam of the demo's schedule that has participants.
 *
 * Nothing here checks, marks or converts: the demo only invents what people
 * would hand in — papers as a paper file, answer sheets as sheet files (with
 * the spellings the normalisation rules exist for: Latin look-alikes, decimal
 * commas, spaces, lower case, any order), experts' marks for the works the
 * score module assigned, appeals on chosen days — and hands each to the score
 * module's own entry points (score_import_papers, score_import_sheets,
 * score_assign, score_mark_many, score_approve, score_publish,
 * score_appeal_file/decide), one transaction each, as an operator would.
 *
 * Every choice comes from the demo seed: streams per exam and purpose
 * (core/rng.h), and a participant's ability from a keyed hash of the seed and
 * the document, so a participant is as able in every subject's sheet and in
 * every expert's marks. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/date.h"
#include "core/rng.h"
#include "demo.h"
#include "io/table.h"
#include "rules/calendar.h"
#include "score/score.h"
#include "store/store_score.h"

#define VARIANTS 2
#define KEY_MAX 48

enum {
    CAPACITY = 40,              /* works per expert per marking day */
    PUBLISH_AFTER_RU = 8,       /* working days from the exam to its results day (demo's choice) */
    PUBLISH_AFTER_KZ = 3,
    REMOVED_PER = 500,          /* one removal per so many sheets of an exam */
    NOT_FINISHED_PER = 500,
    MAX_COLS = SCORE_ITEMS_MAX + 8,
};
#define ABSENT_SHARE 0.03
#define DISCREPANT_SHARE 0.01   /* works whose two experts disagree widely */
#define NOISE_SHARE 0.12        /* an expert's mark one off the deserved one */

typedef enum { IT_NUMBER, IT_DECIMAL, IT_LETTERS, IT_DIGITS, IT_SEQUENCE, IT_WORD } item_type;

typedef struct {
    item_type type;
    int max;
    double diff;                 /* difficulty on the ability scale */
    char part[32];
    bool tolerance;
    char key[VARIANTS][KEY_MAX]; /* as printed in the key */
    int word[VARIANTS];          /* IT_WORD: index into the word list */
    int letters[VARIANTS][3];    /* IT_LETTERS: indices into the letter tables */
} d_item;

typedef struct {
    int max;
    double diff;
    char part[32];
} d_crit;

typedef struct {
    char code[64], subject[40], form[16], room[16], date[16];
    int grade;
    bool reserve;
    const rule_profile *prof;
    const rule_subject *subj;
    d_item *shorts;
    int nshort;
    d_crit *crit;
    int ncrit;
    bool paper;                  /* its grade, subject and form have takers */
    long sheets;
    char published[16];
} d_exam;

typedef struct {
    char doc[24], school[24];
    char status;                 /* 'p' present, 'a' absent, 'r' removed, 'n' not finished,
                                    'u' annulled by an upheld procedure appeal */
    int variant;
    double ability;
} d_sheet;

typedef struct {
    char exam[64], doc[24], school[24];
    double ability;
} d_retaker;

/* A scores appeal planned on a work both experts marked alike. */
typedef struct {
    char exam[64], doc[24], school[24], subject[40];
    int final[SCORE_ITEMS_MAX];
    int ncrit, maxes[SCORE_ITEMS_MAX];
} d_candidate;

typedef struct {
    store *s;
    uint64_t seed;
    bool kz;
    rule_profile *prof[2];
    calendar *cal;
    d_exam *exams;
    size_t nexams;
    d_retaker *retakers;
    size_t nretakers, capretakers;
    d_candidate cand[5];
    int ncand;
    char dir[80], path[128];
    const char *upheld_exam, *rejected_exam, *scores_exam;
    demo_results_report *rep;
    demo_progress_fn progress;
    void *pctx;
    long done, total;
    at_error *err;
} ctx_t;

/* Cyrillic capitals that have Latin look-alikes (normalisation rule 3). */
static const char *const CYR[] = {"А", "В", "Е", "К", "М", "Н", "О", "Р", "С", "Т", "Х", "У"};
static const char *const CYR_LOWER[] = {"а", "в", "е", "к", "м", "н", "о", "р", "с", "т", "х", "у"};
static const char *const LAT[] = {"A", "B", "E", "K", "M", "H", "O", "P", "C", "T", "X", "Y"};
#define NLETTERS 12

/* Words for one-word answers: the key and an accepted spelling ("" = none). */
static const char *const WORDS_RU[][2] = {{"клён", "клен"}, {"подснежник", ""}, {"берёза", "береза"}, {"тетрадь", ""},
                                          {"рассвет", ""},   {"ёлка", "елка"},   {"причастие", ""},    {"метафора", ""}};
static const char *const WORDS_KZ[][2] = {{"кітап", ""}, {"мектеп", ""}, {"білім", ""}, {"тәуелсіздік", ""},
                                          {"дала", ""},  {"өнер", ""},   {"ғылым", ""}, {"метафора", ""}};
#define NWORDS 8

static const char *word(const ctx_t *c, int i, int alt)
{
    return c->kz ? WORDS_KZ[i][alt] : WORDS_RU[i][alt];
}

/* ---------------------------------------------------------------- ability */

static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t hash_text(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ull;
    return mix64(h);
}

static double unit_of(uint64_t h)
{
    return ((double)(h >> 11) + 0.5) * 0x1.0p-53;
}

static double normal_of(uint64_t h)
{
    double u1 = unit_of(h), u2 = unit_of(mix64(h));
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* A participant's ability in a subject: general plus subject-specific. */
static double ability(uint64_t seed, const char *doc, const char *subject)
{
    uint64_t g = hash_text(mix64(seed ^ 0xA11CEull), doc);
    uint64_t s = hash_text(hash_text(mix64(seed ^ 0x5B1Eull), subject), doc);
    return 0.8 * normal_of(g) + 0.6 * normal_of(s);
}

static double normal(at_rng *r)
{
    double u1 = rng_unit(r), u2 = rng_unit(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

static bool chance(at_rng *r, double p) { return rng_unit(r) < p; }

static double success(double a, double diff) { return 1.0 / (1.0 + exp(-1.7 * (a - diff))); }

/* ---------------------------------------------------------------- papers */

/* Points of a paper: the profile's primary_max when its scale has one, else a
 * plausible size for the form (KZ marks by percent, any size converts). */
static int paper_points(const d_exam *e, at_rng *r)
{
    if (e->subj && e->subj->scoring.present)
        return e->subj->scoring.primary_max;
    if (strcmp(e->room, "speaking") == 0 || strcmp(e->form, "oral") == 0)
        return 10 + (int)rng_below(r, 11);
    if (strcmp(e->form, "test") == 0)
        return 25 + (int)rng_below(r, 16);
    return 20 + (int)rng_below(r, 21);
}

static void make_key(ctx_t *c, d_item *it, int v, at_rng *r)
{
    char *k = it->key[v];
    switch (it->type) {
    case IT_NUMBER:
        snprintf(k, KEY_MAX, "%d", (int)rng_below(r, 400) - 100);
        break;
    case IT_DECIMAL: {
        static const char *const frac[] = {"5", "25", "75", "2", "4"};
        snprintf(k, KEY_MAX, "%d,%s", (int)rng_below(r, 20), frac[rng_below(r, 5)]);
        break;
    }
    case IT_LETTERS: {
        int n = 2 + (int)rng_below(r, 2), used = 0;
        k[0] = '\0';
        for (int i = 0; i < 3; i++)
            it->letters[v][i] = -1;
        while (used < n) {
            int l = (int)rng_below(r, NLETTERS);
            bool dup = false;
            for (int i = 0; i < used; i++)
                dup = dup || it->letters[v][i] == l;
            if (dup)
                continue;
            it->letters[v][used++] = l;
            strcat(k, CYR[l]);
        }
        break;
    }
    case IT_DIGITS: { /* distinct digits in increasing order: any order scores */
        bool d[10] = {false};
        for (int n = 0; n < 3;) {
            int x = 1 + (int)rng_below(r, 9);
            if (!d[x])
                d[x] = true, n++;
        }
        int o = 0;
        for (int x = 1; x <= 9; x++)
            if (d[x])
                k[o++] = (char)('0' + x);
        k[o] = '\0';
        break;
    }
    case IT_SEQUENCE:
        for (int i = 0; i < 4; i++)
            k[i] = (char)('1' + rng_below(r, 4));
        k[4] = '\0';
        break;
    case IT_WORD:
        it->word[v] = (int)rng_below(r, NWORDS);
        snprintf(k, KEY_MAX, "%s", word(c, it->word[v], 0));
        break;
    }
}

/* The shape of an exam's paper (same for both variants: variants of an exam
 * add up alike) and each variant's keys. */
static int plan_paper(ctx_t *c, d_exam *e)
{
    at_rng r;
    char purpose[96];
    snprintf(purpose, sizeof purpose, "demo:paper:%s", e->code);
    rng_seed(&r, c->seed, purpose);
    int P = paper_points(e, &r);
    double share = strcmp(e->form, "test") == 0 ? 0
                   : strcmp(e->room, "speaking") == 0 || strcmp(e->form, "oral") == 0 ? 1
                   : strcmp(e->form, "gve") == 0 ? 0.6
                   : 0.3 + 0.15 * rng_unit(&r);
    int cp = (int)floor(P * share + 0.5), sp = P - cp;
    e->shorts = calloc((size_t)(sp > 0 ? sp : 1), sizeof *e->shorts);
    e->crit = calloc((size_t)(cp > 0 ? cp : 1), sizeof *e->crit);
    if (!e->shorts || !e->crit)
        return at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
    for (int rem = cp; rem > 0 && e->ncrit < SCORE_ITEMS_MAX;) {
        int m = 1 + (int)rng_below(&r, 4);
        if (m > rem)
            m = rem;
        e->crit[e->ncrit++] = (d_crit){m, normal(&r) * 0.8, ""};
        rem -= m;
    }
    for (int rem = sp; rem > 0 && e->nshort < SCORE_ITEMS_MAX;) {
        d_item *it = &e->shorts[e->nshort++];
        it->max = rem >= 2 && chance(&r, 0.25) ? 2 : 1;
        rem -= it->max;
        it->diff = normal(&r) - 0.3;
        if (it->max == 2)
            it->type = chance(&r, 0.6) ? IT_DIGITS : IT_SEQUENCE;
        else {
            static const item_type one[] = {IT_NUMBER, IT_DECIMAL, IT_LETTERS, IT_WORD};
            it->type = one[rng_below(&r, 4)];
            it->tolerance = it->type == IT_DECIMAL && chance(&r, 0.4);
        }
        for (int v = 0; v < VARIANTS; v++)
            make_key(c, it, v, &r);
    }
    /* scale conditions (ОГЭ maths: a 3 needs 2 points in geometry): the last
     * third of the short items and the last criterion are that part */
    const rule_scoring *sc = e->subj ? &e->subj->scoring : NULL;
    for (size_t k = 0; sc && sc->present && k < sc->nconditions; k++) {
        for (int i = e->nshort - e->nshort / 3; i < e->nshort; i++)
            snprintf(e->shorts[i].part, sizeof e->shorts[i].part, "%s", sc->conditions[k].part);
        if (e->ncrit)
            snprintf(e->crit[e->ncrit - 1].part, sizeof e->crit[0].part, "%s", sc->conditions[k].part);
    }
    return AT_OK;
}

static int write_papers(ctx_t *c, const char *path)
{
    table_writer *w;
    table_write_opts o = {.format = TABLE_CSV};
    int rc = table_create(path, &o, &w, c->err);
    if (rc != AT_OK)
        return rc;
    static const char *const head[] = {"exam", "variant", "kind", "item", "label", "max_points",
                                       "key", "alternatives", "unordered", "tolerance", "partial", "part"};
    rc = table_write_row(w, head, 12, true, c->err);
    for (size_t x = 0; rc == AT_OK && x < c->nexams; x++) {
        const d_exam *e = &c->exams[x];
        if (!e->paper)
            continue;
        for (int v = 0; rc == AT_OK && v < VARIANTS; v++) {
            char var[4], item[16], label[24], max[16];
            snprintf(var, sizeof var, "%d", v + 1);
            for (int i = 0; rc == AT_OK && i < e->nshort; i++) {
                const d_item *it = &e->shorts[i];
                snprintf(item, sizeof item, "%d", i + 1);
                snprintf(max, sizeof max, "%d", it->max);
                const char *alt = it->type == IT_WORD ? word(c, it->word[v], 1) : "";
                const char *row[] = {e->code, var, "short", item, item, max, it->key[v], alt,
                                     it->type == IT_DIGITS ? "1" : "0", it->tolerance ? "0.01" : "",
                                     it->max == 2 ? "1:1" : "", it->part};
                rc = table_write_row(w, row, 12, false, c->err);
            }
            for (int i = 0; rc == AT_OK && i < e->ncrit; i++) {
                snprintf(item, sizeof item, "%d", i + 1);
                snprintf(label, sizeof label, "К%d", i + 1);
                snprintf(max, sizeof max, "%d", e->crit[i].max);
                const char *row[] = {e->code, var, "criterion", item, label, max, "", "", "", "", "", e->crit[i].part};
                rc = table_write_row(w, row, 12, false, c->err);
            }
            c->rep->paper_items += e->nshort + e->ncrit;
        }
        c->rep->papers += VARIANTS;
    }
    int rc2 = table_finish(w, c->err);
    return rc != AT_OK ? rc : rc2;
}

/* ---------------------------------------------------------------- answers */

/* An answer as a participant writes it: right (in one of the spellings the
 * normalisation accepts), partly right (a 2-point item: one slip), wrong, or
 * blank. */
static void answer(const ctx_t *c, const d_item *it, int v, double a, at_rng *r, char *out, size_t n)
{
    double p = success(a, it->diff), u = rng_unit(r);
    int outcome = u < p ? 2 : it->max == 2 && u < p + (1 - p) * 0.4 ? 1 : chance(r, 0.2) ? -1 : 0;
    const char *k = it->key[v];
    out[0] = '\0';
    if (outcome < 0)
        return;
    size_t kl = strlen(k);
    switch (it->type) {
    case IT_NUMBER:
        if (outcome == 2)
            snprintf(out, n, chance(r, 0.2) ? " %s " : "%s", k);
        else
            snprintf(out, n, "%d", atoi(k) + 1 + (int)rng_below(r, 9));
        break;
    case IT_DECIMAL:
        if (outcome == 2) {
            /* "2,5" as printed, "2.5" with a point, or "2, 5" */
            snprintf(out, n, "%s", k);
            char *comma = strchr(out, ',');
            double w = rng_unit(r);
            if (comma && w < 0.35)
                *comma = '.';
            else if (comma && w < 0.45 && strlen(out) + 1 < n) {
                memmove(comma + 2, comma + 1, strlen(comma + 1) + 1);
                comma[1] = ' ';
            }
        } else
            snprintf(out, n, "%d,%d", atoi(k) + 1, (int)rng_below(r, 10));
        break;
    case IT_LETTERS: {
        double w = rng_unit(r);
        int bad = outcome == 2 ? -1 : (int)rng_below(r, 2);
        for (int i = 0; i < 3 && it->letters[v][i] >= 0; i++) {
            int l = it->letters[v][i];
            if (i == bad)
                l = (l + 1 + (int)rng_below(r, NLETTERS - 1)) % NLETTERS;
            const char *t = w < 0.6 ? CYR[l] : w < 0.8 ? LAT[l] : CYR_LOWER[l];
            if (w >= 0.95 && i)
                strncat(out, " ", n - strlen(out) - 1);
            strncat(out, t, n - strlen(out) - 1);
        }
        break;
    }
    case IT_DIGITS: {
        char d[8];
        snprintf(d, sizeof d, "%s", k);
        size_t dl = kl;
        if (outcome == 1) { /* one digit missing: one error, partial credit */
            size_t at = (size_t)rng_below(r, dl);
            memmove(d + at, d + at + 1, dl - at);
            dl--;
        }
        else if (outcome == 0)
            d[0] = d[0] == '9' ? '8' : '9', d[1] = d[1] == '7' ? '6' : '7';
        for (size_t i = dl; i > 1; i--) { /* any order */
            size_t j = (size_t)rng_below(r, i);
            char t = d[i - 1];
            d[i - 1] = d[j], d[j] = t;
        }
        bool spaced = chance(r, 0.15);
        size_t o = 0;
        for (size_t i = 0; i < dl && o + 2 < n; i++) {
            if (spaced && i)
                out[o++] = ' ';
            out[o++] = d[i];
        }
        out[o] = '\0';
        break;
    }
    case IT_SEQUENCE:
        snprintf(out, n, "%s", k);
        if (outcome == 1) { /* one position wrong: one error, partial credit */
            size_t i = (size_t)rng_below(r, kl);
            out[i] = out[i] == '5' ? '6' : '5';
        } else if (outcome == 0)
            for (size_t i = 0; i < 2; i++)
                out[i] = out[i] == '7' ? '8' : '7';
        break;
    case IT_WORD: {
        int wi = it->word[v];
        if (outcome == 2) { /* the key, the other accepted spelling, or with blanks around */
            const char *alt = word(c, wi, 1);
            snprintf(out, n, chance(r, 0.15) ? " %s " : "%s", *alt && chance(r, 0.4) ? alt : k);
        } else
            snprintf(out, n, "%s", word(c, (wi + 1 + (int)rng_below(r, NWORDS - 1)) % NWORDS, 0));
        break;
    }
    }
}

/* Deserved and given marks of one work: round 1, round 2, third check. */
static void work_marks(const d_exam *e, double a, at_rng *r, unsigned char *m)
{
    bool wide = chance(r, DISCREPANT_SHARE);
    for (int i = 0; i < e->ncrit; i++) {
        int mx = e->crit[i].max, t = 0;
        double p = success(a, e->crit[i].diff);
        for (int k = 0; k < mx; k++)
            t += rng_unit(r) < p;
        /* one of the two is now and then a point off: the final marks then
         * follow the profile's rounding, with no third check */
        int m1 = t, m2 = t;
        if (chance(r, NOISE_SHARE))
            *(chance(r, 0.5) ? &m1 : &m2) += chance(r, 0.5) ? 1 : -1;
        if (wide) /* the second expert misread the work */
            m2 = 2 * t >= mx ? 0 : mx;
        m1 = m1 < 0 ? 0 : m1 > mx ? mx : m1;
        m2 = m2 < 0 ? 0 : m2 > mx ? mx : m2;
        m[i] = (unsigned char)m1;
        m[e->ncrit + i] = (unsigned char)m2;
        m[2 * e->ncrit + i] = (unsigned char)t;
    }
}

static void marks_text(const unsigned char *m, int n, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n && o + 5 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%d", i ? "," : "", m[i]);
}

/* ---------------------------------------------------------------- helpers */

static int add_wd(ctx_t *c, const char *from, int n, char out[16])
{
    at_date a, b;
    if (!date_parse_iso(from, &a))
        return at_fail(c->err, AT_EINTERNAL, from, "demo: bad date");
    int rc = calendar_add_working_days(c->cal, a, n, &b, c->err);
    if (rc == AT_OK)
        date_format_iso(b, out);
    return rc;
}

static int cmp_doc(const void *a, const void *b)
{
    return strcmp(((const d_sheet *)a)->doc, ((const d_sheet *)b)->doc);
}

static void tick(ctx_t *c)
{
    c->done++;
    if (c->progress)
        c->progress(c->pctx, c->done, c->total);
}

static int add_retaker(ctx_t *c, const char *exam, const d_sheet *p)
{
    if (c->nretakers == c->capretakers) {
        size_t cap = c->capretakers ? c->capretakers * 2 : 64;
        d_retaker *n = realloc(c->retakers, cap * sizeof *n);
        if (!n)
            return at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
        c->retakers = n, c->capretakers = cap;
    }
    d_retaker *t = &c->retakers[c->nretakers++];
    snprintf(t->exam, sizeof t->exam, "%s", exam);
    snprintf(t->doc, sizeof t->doc, "%s", p->doc);
    snprintf(t->school, sizeof t->school, "%s", p->school);
    t->ability = p->ability;
    return AT_OK;
}

/* The retake day the score module granted (NULL: none, the schedule has no
 * reserve day for it). */
static int retake_of(ctx_t *c, const char *exam, const char *doc, char *out, size_t n)
{
    store_stmt *st;
    int rc = store_score_prepare(c->s, SS_RETAKE_OF, &st, c->err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    out[0] = '\0';
    if ((rc = store_step(st, c->err)) == 1 && store_col_text(st, 0))
        snprintf(out, n, "%s", store_col_text(st, 0));
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

/* ---------------------------------------------------------------- one exam */

/* Experts enter the marks of the works they were given: rounds 1 and 2, then
 * the third checks those called. Tasks are looked up work by work (indexed),
 * each participant's work through the exam and document. */
static int mark_exam(ctx_t *c, const d_exam *e, const d_sheet *v, size_t n, const unsigned char *marks)
{
    store_stmt *wo = NULL, *to = NULL;
    int rc = store_score_prepare(c->s, SS_WORK_OF, &wo, c->err);
    if (rc == AT_OK)
        rc = store_score_prepare(c->s, SS_TASKS_OF, &to, c->err);
    typedef struct {
        char work[24], expert[64], marks[SCORE_ITEMS_MAX * 4];
    } task_t;
    task_t *t = NULL;
    score_mark_row *rows = NULL;
    size_t cap = 0;
    for (int pass = 0; rc == AT_OK && pass < 2; pass++) {
        size_t nt = 0;
        for (size_t j = 0; rc == AT_OK && j < n; j++) {
            if (v[j].status != 'p' && v[j].status != 'u')
                continue;
            char work[24];
            store_reset(wo);
            store_bind_text(wo, 1, e->code);
            store_bind_text(wo, 2, v[j].doc);
            if ((rc = store_step(wo, c->err)) != 1) {
                rc = rc < 0 ? rc : at_fail(c->err, AT_EINTERNAL, v[j].doc, "demo: a present sheet without a work");
                break;
            }
            snprintf(work, sizeof work, "%s", store_col_text(wo, 0));
            store_reset(to);
            store_bind_text(to, 1, work);
            while ((rc = store_step(to, c->err)) == 1) {
                int round = (int)store_col_int(to, 1);
                if (!store_col_null(to, 2) || (pass == 0 && round > 2) || (pass == 1 && round != 3))
                    continue;
                if (nt == cap) {
                    cap = cap ? cap * 2 : 256;
                    task_t *nv = realloc(t, cap * sizeof *nv);
                    if (!nv) {
                        rc = at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
                        break;
                    }
                    t = nv;
                }
                task_t *k = &t[nt++];
                snprintf(k->work, sizeof k->work, "%s", work);
                snprintf(k->expert, sizeof k->expert, "%s", store_col_text(to, 0));
                int slot = round == 3 ? 2 : round - 1;
                marks_text(marks + (j * 3 + (size_t)slot) * (size_t)e->ncrit, e->ncrit, k->marks, sizeof k->marks);
            }
            rc = rc < 0 ? rc : AT_OK;
        }
        score_mark_row *nr = rc == AT_OK ? realloc(rows, (nt ? nt : 1) * sizeof *rows) : NULL;
        if (rc == AT_OK && !nr)
            rc = at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
        if (rc != AT_OK)
            break;
        rows = nr;
        for (size_t i = 0; i < nt; i++)
            rows[i] = (score_mark_row){t[i].work, t[i].expert, t[i].marks};
        long thirds = 0;
        if (nt)
            rc = score_mark_many(c->s, rows, nt, &thirds, c->err);
        c->rep->marks += (long)nt;
        c->rep->third_checks += thirds;
    }
    free(rows);
    free(t);
    store_finalize(wo);
    store_finalize(to);
    return rc;
}

/* Plans up to 5 scores appeals on works both experts marked alike (so the
 * final marks are theirs whatever the profile's rule). */
static void pick_candidates(ctx_t *c, const d_exam *e, const d_sheet *v, size_t n, const unsigned char *marks,
                            const char *skip)
{
    for (size_t q = 0; q < n && c->ncand < 5; q++) {
        size_t j = (q + n / 3) % n; /* not all from the start of the list */
        if (v[j].status != 'p' || (skip && strcmp(skip, v[j].doc) == 0))
            continue;
        const unsigned char *m = marks + (size_t)j * 3 * (size_t)e->ncrit;
        bool same = true;
        int sum = 0, top = 0;
        for (int i = 0; i < e->ncrit; i++) {
            same = same && m[i] == m[e->ncrit + i];
            sum += m[i];
            top += e->crit[i].max;
        }
        if (!same || sum == 0 || sum == top) /* room for a point up and one down */
            continue;
        d_candidate *k = &c->cand[c->ncand++];
        snprintf(k->exam, sizeof k->exam, "%s", e->code);
        snprintf(k->doc, sizeof k->doc, "%s", v[j].doc);
        snprintf(k->school, sizeof k->school, "%s", v[j].school);
        snprintf(k->subject, sizeof k->subject, "%s", e->subject);
        k->ncrit = e->ncrit;
        for (int i = 0; i < e->ncrit; i++)
            k->final[i] = m[i], k->maxes[i] = e->crit[i].max;
    }
}

static int procedure_appeal(ctx_t *c, const d_exam *e, const d_sheet *p, bool upheld)
{
    long id;
    char decided[16];
    const rule_profile *pr = e->prof;
    int rc = score_appeal_file(c->s, "procedure", e->code, p->doc, e->date,
                               upheld ? "посторонние разговоры организаторов в аудитории"
                                      : "не хватило черновиков",
                               &id, c->err);
    if (rc == AT_OK)
        rc = add_wd(c, e->date, pr->appeal_procedure_days < 1 ? 0 : 1, decided);
    if (rc == AT_OK)
        rc = score_appeal_decide(c->s, id, upheld ? "upheld" : "rejected", decided, NULL, NULL, NULL, c->err);
    if (rc == AT_OK)
        c->rep->appeals_procedure[upheld ? 0 : 1]++;
    return rc;
}

/* One exam: sheets handed in (import), procedure appeals of the day, expert
 * assignment and marking; retakers collected for the reserve days. */
static int run_exam(ctx_t *c, d_exam *e, d_sheet *v, size_t n, bool retake)
{
    at_rng r;
    char purpose[96];
    snprintf(purpose, sizeof purpose, "demo:sheets:%s", e->code);
    rng_seed(&r, c->seed, purpose);
    qsort(v, n, sizeof *v, cmp_doc);
    for (size_t j = 0; j < n; j++) {
        v[j].status = retake || !chance(&r, ABSENT_SHARE) ? 'p' : 'a';
        v[j].variant = 1 + (int)rng_below(&r, VARIANTS);
        if (!retake)
            v[j].ability = ability(c->seed, v[j].doc, e->subject);
    }
    /* a few removed (act drawn up) and a few who fell ill and did not finish;
     * the largest exams have at least one of each */
    bool big = !retake && (e->code == c->upheld_exam || e->code == c->rejected_exam);
    long nrem = retake ? 0 : (long)n / REMOVED_PER + (big && n >= 20), nnf = retake ? 0 : (long)n / NOT_FINISHED_PER + (big && n >= 20);
    for (long k = 0; k < nrem + nnf; k++)
        for (int tries = 0; tries < 32; tries++) { /* one who came and is not taken yet */
            size_t j = (size_t)rng_below(&r, n);
            if (v[j].status == 'p') {
                v[j].status = k < nrem ? 'r' : 'n';
                break;
            }
        }
    unsigned char *marks = calloc(n * 3 * (size_t)(e->ncrit ? e->ncrit : 1), 1);
    if (!marks)
        return at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
    /* the sheets file, as the scanning station hands it over */
    table_writer *w = NULL;
    table_write_opts o = {.format = TABLE_CSV};
    snprintf(c->path, sizeof c->path, "sheets-%s.csv", e->code);
    int rc = table_create(c->path, &o, &w, c->err);
    const char *row[MAX_COLS];
    char cols[SCORE_ITEMS_MAX][12], ans[SCORE_ITEMS_MAX][KEY_MAX * 2], var[4], act[48];
    const char *head[] = {"exam", "document", "variant", "status", "act"};
    for (int i = 0; i < 5; i++)
        row[i] = head[i];
    for (int i = 0; i < e->nshort; i++) {
        snprintf(cols[i], sizeof cols[i], "%d", i + 1);
        row[5 + i] = cols[i];
    }
    if (rc == AT_OK)
        rc = table_write_row(w, row, (size_t)(5 + e->nshort), true, c->err);
    long acts = 0;
    for (size_t j = 0; rc == AT_OK && j < n; j++) {
        d_sheet *p = &v[j];
        bool present = p->status != 'a';
        snprintf(var, sizeof var, "%d", p->variant);
        act[0] = '\0';
        if (p->status == 'r')
            snprintf(act, sizeof act, c->kz ? "акт № %ld" : "ППЭ-21 № %ld", ++acts); /* RU: the removal act form */
        row[0] = e->code;
        row[1] = p->doc;
        row[2] = present ? var : "";
        row[3] = p->status == 'p' ? "present" : p->status == 'a' ? "absent" : p->status == 'r' ? "removed" : "not_finished";
        row[4] = act;
        for (int i = 0; i < e->nshort; i++) {
            ans[i][0] = '\0';
            if (p->status == 'p')
                answer(c, &e->shorts[i], p->variant - 1, p->ability, &r, ans[i], sizeof ans[i]);
            row[5 + i] = ans[i];
        }
        if (p->status == 'p' && e->ncrit)
            work_marks(e, p->ability, &r, marks + j * 3 * (size_t)e->ncrit);
        rc = table_write_row(w, row, (size_t)(5 + e->nshort), false, c->err);
        c->rep->absent += p->status == 'a';
        c->rep->removed += p->status == 'r';
        c->rep->not_finished += p->status == 'n';
    }
    int rc2 = w ? table_finish(w, c->err) : AT_OK;
    if (rc == AT_OK)
        rc = rc2;
    long sheets = 0;
    if (rc == AT_OK)
        rc = score_import_sheets(c->s, c->path, NULL, NULL, &sheets, c->err);
    unlink(c->path);
    e->sheets += sheets;
    c->rep->sheets += sheets;
    if (retake)
        c->rep->retake_sheets += sheets;
    /* appeals about the procedure, filed on the day before leaving the point */
    const char *upheld_doc = NULL;
    if (rc == AT_OK && !retake && (e->code == c->upheld_exam || e->code == c->rejected_exam)) {
        bool up = e->code == c->upheld_exam;
        for (size_t j = up ? n / 2 : n / 3; j < n; j++) /* not the same pupil twice */
            if (v[j].status == 'p') {
                rc = procedure_appeal(c, e, &v[j], up);
                if (rc == AT_OK && up) {
                    upheld_doc = v[j].doc;
                    v[j].status = 'u'; /* annulled: sits the reserve day like the ill */
                }
                break;
            }
    }
    /* those who did not finish, and the upheld appellant, sit the reserve day */
    for (size_t j = 0; rc == AT_OK && !retake && j < n; j++) {
        if (v[j].status != 'n' && v[j].status != 'u')
            continue;
        char day[64];
        if ((rc = retake_of(c, e->code, v[j].doc, day, sizeof day)) == AT_OK && day[0])
            rc = add_retaker(c, day, &v[j]);
    }
    bool works = false;
    for (size_t j = 0; j < n && e->ncrit; j++)
        works = works || v[j].status == 'p' || v[j].status == 'u';
    if (rc == AT_OK && works) {
        score_assign_report ar;
        rc = score_assign(c->s, e->code, c->seed, CAPACITY, &ar, c->err);
        c->rep->works += ar.works;
        if (rc == AT_OK)
            rc = mark_exam(c, e, v, n, marks);
    }
    if (rc == AT_OK && !retake && e->ncrit && e->code == c->scores_exam)
        pick_candidates(c, e, v, n, marks, upheld_doc);
    free(marks);
    tick(c);
    return rc;
}

/* ---------------------------------------------------------------- appeals */

/* An expert of the subject who has not marked the work, from another school. */
static int recheck_expert(ctx_t *c, const d_candidate *k, char *out, size_t n)
{
    store_stmt *w = NULL, *t = NULL, *x = NULL;
    char work[24] = "";
    int rc = store_score_prepare(c->s, SS_WORK_OF, &w, c->err);
    if (rc == AT_OK) {
        store_bind_text(w, 1, k->exam);
        store_bind_text(w, 2, k->doc);
        if ((rc = store_step(w, c->err)) == 1)
            snprintf(work, sizeof work, "%s", store_col_text(w, 0));
    }
    char held[8][64];
    int nh = 0;
    if (rc >= 0 && (rc = store_score_prepare(c->s, SS_TASKS_OF, &t, c->err)) == AT_OK) {
        store_bind_text(t, 1, work);
        while ((rc = store_step(t, c->err)) == 1)
            if (nh < 8)
                snprintf(held[nh++], sizeof held[0], "%s", store_col_text(t, 0));
    }
    out[0] = '\0';
    if (rc >= 0 && (rc = store_score_prepare(c->s, SS_EXPERTS_FOR, &x, c->err)) == AT_OK) {
        store_bind_text(x, 1, k->subject);
        while (!out[0] && (rc = store_step(x, c->err)) == 1) {
            const char *doc = store_col_text(x, 0), *school = store_col_text(x, 1);
            bool ok = !(school && strcmp(school, k->school) == 0);
            for (int i = 0; i < nh; i++)
                ok = ok && strcmp(held[i], doc) != 0;
            if (ok)
                snprintf(out, n, "%s", doc);
        }
    }
    store_finalize(w);
    store_finalize(t);
    store_finalize(x);
    if (rc < 0)
        return rc;
    return out[0] ? AT_OK : at_fail(c->err, AT_EINTERNAL, k->exam, "demo: no expert left to re-check %s", k->doc);
}

/* Scores appeals after the results day: up, down, kept on re-check, rejected;
 * and one filed a day too late, which the score module refuses. */
static int scores_appeals(ctx_t *c)
{
    static const char *const kinds[] = {"up", "down", "kept", "rejected", "late"};
    int rc = AT_OK;
    for (int i = 0; rc == AT_OK && i < c->ncand; i++) {
        d_candidate *k = &c->cand[i];
        const d_exam *e = NULL;
        for (size_t x = 0; x < c->nexams; x++)
            if (strcmp(c->exams[x].code, k->exam) == 0)
                e = &c->exams[x];
        if (!e || !e->published[0])
            continue;
        const char *what = kinds[i];
        char filed[16], decided[16], expert[64] = "", marks[SCORE_ITEMS_MAX * 4];
        const rule_profile *pr = e->prof;
        if (strcmp(what, "late") == 0) {
            if ((rc = add_wd(c, e->published, pr->appeal_scores_file_days + 1, filed)) != AT_OK)
                break;
            long id;
            at_error late;
            int lr = score_appeal_file(c->s, "scores", k->exam, k->doc, filed, "не согласен с баллами", &id, &late);
            if (lr == AT_EINPUT) {
                c->rep->appeals_late_refused++;
                snprintf(c->rep->late_message, sizeof c->rep->late_message, "%s", late.msg);
                continue;
            }
            rc = lr == AT_OK ? at_fail(c->err, AT_EINTERNAL, k->exam, "demo: a late appeal was accepted") : lr;
            if (lr != AT_OK)
                *c->err = late;
            break;
        }
        if ((rc = add_wd(c, e->published, pr->appeal_scores_file_days < 1 ? 0 : 1, filed)) != AT_OK ||
            (rc = add_wd(c, filed, pr->appeal_scores_decide_days < 2 ? pr->appeal_scores_decide_days : 2, decided)) != AT_OK)
            break;
        /* the re-check: one point more where one was missed, one less where
         * one was given too easily, or the same marks */
        int m[SCORE_ITEMS_MAX];
        memcpy(m, k->final, sizeof m);
        int d = strcmp(what, "up") == 0 ? 1 : strcmp(what, "down") == 0 ? -1 : 0;
        for (int j = 0; d && j < k->ncrit; j++)
            if ((d > 0 && m[j] < k->maxes[j]) || (d < 0 && m[j] > 0)) {
                m[j] += d;
                break;
            }
        size_t o = 0;
        for (int j = 0; j < k->ncrit; j++)
            o += (size_t)snprintf(marks + o, sizeof marks - o, "%s%d", j ? "," : "", m[j]);
        long id;
        bool rejected = strcmp(what, "rejected") == 0;
        if ((rc = score_appeal_file(c->s, "scores", k->exam, k->doc, filed, "не согласен с оценкой развёрнутых ответов",
                                    &id, c->err)) != AT_OK ||
            (!rejected && (rc = recheck_expert(c, k, expert, sizeof expert)) != AT_OK))
            break;
        rc = score_appeal_decide(c->s, id, rejected ? "rejected" : "upheld", decided, rejected ? NULL : expert,
                                 rejected ? NULL : marks, NULL, c->err);
        if (rc == AT_OK)
            c->rep->appeals_scores[i]++;
    }
    return rc;
}

/* ---------------------------------------------------------------- entry */

static int load(ctx_t *c)
{
    char country[8] = "";
    at_error ignore;
    store_meta_get(c->s, "country", country, sizeof country, &ignore);
    c->kz = strcmp(country, "kz") == 0;
    int rc = calendar_load_builtin(c->kz ? "kz" : "ru", &c->cal, c->err);
    for (int g = 0; rc == AT_OK && g < 2; g++) {
        char *json = NULL;
        if ((rc = store_profile_get(c->s, g ? 11 : 9, &json, c->err)) == AT_OK)
            rc = rules_parse(json, strlen(json), "stored profile", &c->prof[g], c->err);
        free(json);
    }
    store_stmt *st;
    if (rc != AT_OK || (rc = store_score_prepare(c->s, SS_EXAM_LIST, &st, c->err)) != AT_OK)
        return rc;
    size_t cap = 0;
    while ((rc = store_step(st, c->err)) == 1) {
        if (strcmp(store_col_text(st, 5), "main") != 0)
            continue;
        if (c->nexams == cap) {
            cap = cap ? cap * 2 : 64;
            d_exam *n = realloc(c->exams, cap * sizeof *n);
            if (!n) {
                rc = at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
                break;
            }
            c->exams = n;
        }
        d_exam *e = &c->exams[c->nexams++];
        memset(e, 0, sizeof *e);
        snprintf(e->code, sizeof e->code, "%s", store_col_text(st, 0));
        snprintf(e->subject, sizeof e->subject, "%s", store_col_text(st, 1));
        e->grade = (int)store_col_int(st, 2);
        snprintf(e->form, sizeof e->form, "%s", store_col_text(st, 3));
        snprintf(e->date, sizeof e->date, "%s", store_col_text(st, 4));
        e->reserve = store_col_int(st, 6) != 0;
        snprintf(e->room, sizeof e->room, "%s", store_col_text(st, 7));
        e->prof = c->prof[e->grade == 11 ? 1 : 0];
        e->subj = rules_subject(e->prof, e->subject);
    }
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

/* The takers of an exam: main-period registrations of its grade, subject and form. */
static int takers(ctx_t *c, const d_exam *e, d_sheet **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    store_stmt *st;
    int rc = store_score_prepare(c->s, SS_REGISTRATIONS_FOR, &st, c->err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, e->subject);
    store_bind_text(st, 2, "main");
    store_bind_text(st, 3, e->form);
    store_bind_int(st, 4, e->grade);
    while ((rc = store_step(st, c->err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            d_sheet *nv = realloc(*out, cap * sizeof *nv);
            if (!nv) {
                rc = at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
                break;
            }
            *out = nv;
        }
        d_sheet *p = &(*out)[(*n)++];
        memset(p, 0, sizeof *p);
        snprintf(p->doc, sizeof p->doc, "%s", store_col_text(st, 0));
        snprintf(p->school, sizeof p->school, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
    }
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

static int cycle(ctx_t *c)
{
    int rc = load(c);
    if (rc != AT_OK)
        return rc;
    /* the key of the anonymous work codes, from the seed: a demo replays */
    unsigned char wk[crypto_generichash_KEYBYTES], in[8];
    char hex[2 * crypto_generichash_KEYBYTES + 1];
    for (int i = 0; i < 8; i++)
        in[i] = (unsigned char)(c->seed >> (8 * i));
    crypto_generichash(wk, sizeof wk, in, sizeof in, (const unsigned char *)"demo:work-codes", 15);
    sodium_bin2hex(hex, sizeof hex, wk, sizeof wk);
    if ((rc = store_meta_set(c->s, "work_code_key", hex, c->err)) != AT_OK)
        return rc;
    /* who sits what; the two largest exams get the procedure appeals, the
     * largest with extended answers the scores appeals */
    d_sheet **lists = calloc(c->nexams ? c->nexams : 1, sizeof *lists);
    size_t *counts = calloc(c->nexams ? c->nexams : 1, sizeof *counts);
    if (!lists || !counts) {
        free(lists);
        free(counts);
        return at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
    }
    size_t best[2] = {SIZE_MAX, SIZE_MAX}, best_crit = SIZE_MAX;
    for (size_t x = 0; rc == AT_OK && x < c->nexams; x++) {
        d_exam *e = &c->exams[x];
        if ((rc = takers(c, e, &lists[x], &counts[x])) != AT_OK)
            break;
        e->paper = counts[x] > 0;
        if (e->paper && (rc = plan_paper(c, e)) != AT_OK)
            break;
        if (e->reserve || !counts[x]) {
            free(lists[x]);
            lists[x] = NULL;
            counts[x] = 0;
            continue;
        }
        c->total++;
        if (best[0] == SIZE_MAX || counts[x] > counts[best[0]])
            best[1] = best[0], best[0] = x;
        else if (best[1] == SIZE_MAX || counts[x] > counts[best[1]])
            best[1] = x;
        if (e->ncrit && (best_crit == SIZE_MAX || counts[x] > counts[best_crit]))
            best_crit = x;
    }
    c->upheld_exam = best[0] != SIZE_MAX ? c->exams[best[0]].code : NULL;
    c->rejected_exam = best[1] != SIZE_MAX ? c->exams[best[1]].code : NULL;
    c->scores_exam = best_crit != SIZE_MAX ? c->exams[best_crit].code : NULL;
    if (rc == AT_OK) {
        snprintf(c->path, sizeof c->path, "papers.csv");
        if ((rc = write_papers(c, c->path)) == AT_OK) {
            long items;
            rc = score_import_papers(c->s, c->path, &items, c->err);
        }
        unlink(c->path);
    }
    for (size_t x = 0; rc == AT_OK && x < c->nexams; x++)
        if (counts[x])
            rc = run_exam(c, &c->exams[x], lists[x], counts[x], false);
    /* the reserve days: the retakers' own sheets */
    for (size_t x = 0; rc == AT_OK && x < c->nexams; x++) {
        d_exam *e = &c->exams[x];
        size_t n = 0;
        for (size_t i = 0; i < c->nretakers; i++)
            n += strcmp(c->retakers[i].exam, e->code) == 0;
        if (!n)
            continue;
        if (!e->paper) {
            rc = at_fail(c->err, AT_EINTERNAL, e->code, "demo: a retake day without a paper");
            break;
        }
        d_sheet *v = calloc(n, sizeof *v);
        if (!v) {
            rc = at_fail(c->err, AT_ENOMEM, "demo", "out of memory");
            break;
        }
        size_t k = 0;
        for (size_t i = 0; i < c->nretakers; i++)
            if (strcmp(c->retakers[i].exam, e->code) == 0) {
                snprintf(v[k].doc, sizeof v[k].doc, "%s", c->retakers[i].doc);
                snprintf(v[k].school, sizeof v[k].school, "%s", c->retakers[i].school);
                v[k++].ability = c->retakers[i].ability;
            }
        c->total++;
        rc = run_exam(c, e, v, n, true);
        free(v);
    }
    /* ГЭК approves each exam's results; they are published on the results day */
    for (size_t x = 0; rc == AT_OK && x < c->nexams; x++) {
        d_exam *e = &c->exams[x];
        if (!e->sheets)
            continue;
        long na, np;
        if ((rc = add_wd(c, e->date, c->kz ? PUBLISH_AFTER_KZ : PUBLISH_AFTER_RU, e->published)) != AT_OK ||
            (rc = score_approve(c->s, e->code, &na, c->err)) != AT_OK ||
            (rc = score_publish(c->s, e->code, e->published, &np, c->err)) != AT_OK)
            break;
        c->rep->published += np;
        c->rep->exams++;
    }
    if (rc == AT_OK)
        rc = scores_appeals(c);
    for (size_t x = 0; x < c->nexams; x++)
        free(lists[x]);
    free(lists);
    free(counts);
    return rc;
}

int demo_results(store *s, uint64_t seed, demo_progress_fn progress, void *pctx, demo_results_report *rep,
                 at_error *err)
{
    memset(rep, 0, sizeof *rep);
    ctx_t c = {.s = s, .seed = seed, .rep = rep, .progress = progress, .pctx = pctx, .err = err};
    const char *tmp = getenv("TMPDIR");
    snprintf(c.dir, sizeof c.dir, "%.60s/attest-demo.XXXXXX", tmp && *tmp && strlen(tmp) < 60 ? tmp : "/tmp");
    if (!mkdtemp(c.dir))
        return at_fail(err, AT_EINTERNAL, "demo", "cannot make a temporary directory: %s", strerror(errno));
    /* the files are imported by their own names from inside the temporary
     * directory, so the change log says "sheets-CODE.csv" and not a random
     * path: a demo's database replays byte for byte */
    int here = open(".", O_RDONLY | O_DIRECTORY);
    int rc = here >= 0 && chdir(c.dir) == 0
                 ? AT_OK
                 : at_fail(err, AT_EINTERNAL, c.dir, "cannot enter the temporary directory: %s", strerror(errno));
    if (rc == AT_OK)
        rc = cycle(&c);
    if (here >= 0) {
        if (fchdir(here) != 0 && rc == AT_OK)
            rc = at_fail(err, AT_EINTERNAL, "demo", "cannot return to the working directory: %s", strerror(errno));
        close(here);
    }
    rmdir(c.dir);
    for (size_t x = 0; x < c.nexams; x++)
        free(c.exams[x].shorts), free(c.exams[x].crit);
    free(c.exams);
    free(c.retakers);
    calendar_free(c.cal);
    rules_free(c.prof[0]);
    rules_free(c.prof[1]);
    return rc;
}
