/* demo.c — the demo region generator (see demo.h).
 *
 * Shape of the work:
 *   1. plan the territory: municipalities, then schools with their sizes (per-school
 *      counts of grade 9 and grade 11 participants); only these small arrays are kept;
 *   2. stream participants school by school, each followed by its registrations,
 *      admissions and annual marks; subject choices come from the rule profile
 *      (one subject per mandatory group, an elective count within the profile's
 *      bounds, forms allowed for the participant's category and ОВЗ);
 *   3. exam points (RU: the largest schools of each municipality plus a home and a
 *      hospital point; KZ: every school is its own exam point), their rooms, then staff.
 *
 * Every decision draws from at_rng streams seeded from opts->seed with a purpose
 * label, so the same options replay the same rows. Document numbers are unique by
 * construction: a counter per (series) cell mixed through an affine bijection, so
 * no set of issued numbers is kept. */
#include "demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/rng.h"
#include "demo_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
    PARTICIPANTS_PER_SCHOOL = 55, /* grades 9 and 11 together */
    PROGRESS_EVERY = 10000,
    RU_MIN_MUNIS = 10,
    RU_MAX_MUNIS = 30,
    SCHOOLS_PER_MUNI = 12,
    EVENING_SCHOOL_MIN = 30,      /* schools needed before a penitentiary school appears */
    MAX_CHOICES = 64,
    ROOM_SEATS_PLAN = 15,
    ROOMS_PER_POINT_PLAN = 18,
    RU_PASSPORT_REGION = 32,      /* ОКАТО code of the Kemerovo region */
    IIN_BASE_YEAR = 1940,
    IIN_DAYS = 100 * 366,
    MAX_FAMILIES = 64,
    TEXT_MAX = 256,
    MIN_COMMISSION = 6,           /* experts of a subject, however few take it */
    MIN_LEADING = 3,
};

#define GRADE9_SHARE 0.60
#define OVZ_SHARE 0.02

/* ---------------------------------------------------------------- rows */

#define ROW_MAX_COLS 16

typedef struct {
    const entity_def *e;
    size_t ncols;
    int map[ROW_MAX_COLS];
    const char *v[ENTITY_MAX_FIELDS];
} row_t;

static int row_init(row_t *r, const char *entity, const char *const *cols, size_t ncols, at_error *err)
{
    memset(r, 0, sizeof *r);
    r->e = entity_find(entity);
    if (!r->e)
        for (size_t i = 0; i < entity_count; i++)
            if (strcmp(entity_all[i]->name, entity) == 0)
                r->e = entity_all[i];
    if (!r->e)
        return at_fail(err, AT_EINTERNAL, entity, "demo: entity %s is not defined", entity);
    if (r->e->nfields > ENTITY_MAX_FIELDS || ncols > ROW_MAX_COLS)
        return at_fail(err, AT_EINTERNAL, entity, "demo: entity %s has too many fields", entity);
    r->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        r->map[i] = entity_field_index(r->e, cols[i]);
        if (r->map[i] < 0)
            return at_fail(err, AT_EINTERNAL, entity, "demo: entity %s has no field %s", entity, cols[i]);
    }
    return AT_OK;
}

static void row_clear(row_t *r)
{
    for (size_t i = 0; i < r->e->nfields; i++)
        r->v[i] = "";
}

static void row_set(row_t *r, int col, const char *value)
{
    r->v[r->map[col]] = value;
}

/* Column lists: the enums below index them. */
static const char *const muni_cols[] = {"code", "name"};
enum { MU_CODE, MU_NAME };
static const char *const school_cols[] = {"code", "municipality_code", "name", "address", "language",
                                          "latitude", "longitude"};
enum { SC_CODE, SC_MUNI, SC_NAME, SC_ADDRESS, SC_LANGUAGE, SC_LAT, SC_LON };
static const char *const part_cols[] = {
    "document", "last_name", "first_name", "middle_name", "birth_date", "gender", "school_code",
    "grade", "category", "ovz", "disability", "ovz_conditions", "early_period", "exemption_order",
    "honours"};
enum { PA_DOC, PA_LAST, PA_FIRST, PA_MIDDLE, PA_BIRTH, PA_GENDER, PA_SCHOOL, PA_GRADE, PA_CATEGORY,
       PA_OVZ, PA_DISABILITY, PA_CONDITIONS, PA_EARLY, PA_EXEMPT, PA_HONOURS };
static const char *const reg_cols[] = {"document", "subject", "form", "period"};
enum { RG_DOC, RG_SUBJECT, RG_FORM, RG_PERIOD };
static const char *const adm_cols[] = {"document", "kind", "date", "result"};
enum { AD_DOC, AD_KIND, AD_DATE, AD_RESULT };
static const char *const mark_cols[] = {"document", "subject", "mark"};
enum { MK_DOC, MK_SUBJECT, MK_MARK };
static const char *const point_cols[] = {"code", "name", "municipality_code", "base_school_code",
                                         "kind", "address", "latitude", "longitude"};
enum { PT_CODE, PT_NAME, PT_MUNI, PT_BASE, PT_KIND, PT_ADDRESS, PT_LAT, PT_LON };
static const char *const room_cols[] = {"exam_point_code", "number", "seats", "features"};
enum { RM_POINT, RM_NUMBER, RM_SEATS, RM_FEATURES };
static const char *const staff_cols[] = {"document", "last_name", "first_name", "middle_name", "roles",
                                         "school_code", "subjects_taught", "expert_subject",
                                         "expert_status", "gek_token"};
enum { ST_DOC, ST_LAST, ST_FIRST, ST_MIDDLE, ST_ROLES, ST_SCHOOL, ST_SUBJECTS, ST_EXPERT_SUBJECT,
       ST_EXPERT_STATUS, ST_TOKEN };

/* ---------------------------------------------------------------- plan structs */

typedef enum { SK_SOSH, SK_SOSH_UIOP, SK_GYMNASIUM, SK_LYCEUM, SK_OOSH, SK_EVENING } school_kind;

typedef struct {
    char code[24];
    char name[160];
    char address[200];
    int muni;
    school_kind kind;
    bool kk;              /* language of instruction kk (KZ) */
    long n9, n11;
    double lat, lon;
} school_t;

typedef struct {
    const demo_territory *t;
    char code[24];
    size_t first_school, nschools;
    long n9, n11;
    long assistants;      /* ОВЗ participants needing an assistant */
    int npoints;
} muni_t;

typedef struct {
    char code[32];
    int muni;
    long base;            /* school index or -1 */
    const char *kind;     /* point kind code */
    int nrooms;
    int naccessible, ncomputer, nspeaking; /* the first rooms: accessible (also with
                                              computers and a speaking set), then
                                              computer rooms, then speaking rooms */
} point_t;

typedef struct {
    const rule_profile *p;
    int *group;           /* per subject: mandatory group or -1 */
    int *form_index;      /* per subject × form slot: index into p->forms or -1 */
    size_t max_forms;
    bool *restricted;     /* per form: not open to an ordinary pupil without ОВЗ */
    long *regs;           /* registrations per subject */
    int *days;            /* per subject × form slot: up to DAYS_PER_EXAM exam dates
                             (yyyymmdd, 0 = none) in the schedule */
} prof_t;
#define DAYS_PER_EXAM 3

typedef struct {
    char key[32];         /* "math" for math_base/math_profile */
    char codes[TEXT_MAX]; /* "math_base;math_profile" */
    long regs;
} family_t;

typedef struct {
    const demo_opts *o;
    bool kz;
    demo_put_fn put;
    void *ctx;
    at_error *err;
    row_t r_muni, r_school, r_part, r_reg, r_adm, r_mark, r_point, r_room, r_staff;
    muni_t *munis;
    size_t nmunis;
    school_t *schools;
    size_t nschools;
    point_t *points;
    size_t npoints, cap_points;
    prof_t p9, p11;
    family_t families[MAX_FAMILIES];
    size_t nfamilies;
    /* document counters */
    uint32_t passport[8][100];
    uint32_t passport_salt[8][100];
    uint16_t *iin;        /* per (day since IIN_BASE_YEAR, gender) */
    uint32_t iin_salt;
    long done;
} gen_t;

/* ---------------------------------------------------------------- small helpers */

static double normal(at_rng *r)
{
    double u1 = rng_unit(r), u2 = rng_unit(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

static bool chance(at_rng *r, double p)
{
    return rng_unit(r) < p;
}

static size_t pick_weighted(at_rng *r, const double *w, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    if (total <= 0)
        return (size_t)rng_below(r, n);
    double x = rng_unit(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

static int emit(gen_t *g, row_t *r)
{
    return g->put(g->ctx, r->e, r->v, g->err);
}

/* n-th (1-based) ISO weekday wd of a month. */
static at_date nth_weekday(int y, int m, int wd, int n)
{
    at_date d = {y, m, 1};
    int first = date_weekday(d);
    int offset = (wd - first + 7) % 7 + 7 * (n - 1);
    return date_add_days(d, offset);
}

/* ---------------------------------------------------------------- documents */

/* A keyed permutation of [0, half²): a 4-round Feistel network over two base-`half`
 * digits. Consecutive counters come out scattered, and distinct in, distinct out. */
static uint32_t feistel(uint32_t x, uint32_t half, uint32_t key)
{
    uint32_t l = x / half, r = x % half;
    for (uint32_t round = 0; round < 4; round++) {
        uint32_t h = (r + 1) * 2654435761u ^ (key + round * 0x9E3779B9u);
        h ^= h >> 15;
        h *= 2246822519u;
        h ^= h >> 13;
        uint32_t nl = r;
        r = (l + h % half) % half;
        l = nl;
    }
    return l * half + r;
}

/* RU passport: 2 digits region, 2 digits year of issue, 6 digits number. The number
 * is the cell's counter through a keyed permutation of 0..999999, so a cell hands
 * out a million distinct numbers; a full cell spills into the next year. */
static void ru_passport(gen_t *g, at_rng *r, int birth_year, char *out)
{
    static const int regions[] = {RU_PASSPORT_REGION, 50, 1, 69, 4, 54, 55, 2};
    int ri = chance(r, 0.94) ? 0 : 1 + (int)rng_below(r, COUNT(regions) - 1);
    int age = g->o->year - birth_year;
    int issue = birth_year + (age > 45 ? 45 : age > 20 ? 20 : 14);
    if (issue > g->o->year)
        issue = g->o->year;
    int yy = issue % 100;
    while (g->passport[ri][yy] >= 1000000u)
        yy = (yy + 1) % 100;
    uint32_t c = g->passport[ri][yy]++;
    uint32_t num = feistel(c, 1000, g->passport_salt[ri][yy]);
    snprintf(out, 16, "%02d%02d%06u", regions[ri], yy, (unsigned)num);
}

static int iin_check(const int *d)
{
    int s = 0;
    for (int i = 0; i < 11; i++)
        s += d[i] * (i + 1);
    s %= 11;
    if (s != 10)
        return s;
    static const int w2[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
    s = 0;
    for (int i = 0; i < 11; i++)
        s += d[i] * w2[i];
    s %= 11;
    return s == 10 ? -1 : s;
}

/* KZ ИИН: YYMMDD, century/gender digit, 4-digit serial, check digit. Serials come
 * from a counter per (birth date, gender) through a bijection of 0..9999. */
static void kz_iin(gen_t *g, at_date birth, bool female, char *out)
{
    for (;;) {
        long day = date_to_days(birth) - date_to_days((at_date){IIN_BASE_YEAR, 1, 1});
        if (day < 0)
            day = 0;
        if (day >= IIN_DAYS)
            day = IIN_DAYS - 1;
        uint16_t *cnt = &g->iin[day * 2 + (female ? 1 : 0)];
        while (*cnt < 10000) {
            unsigned serial = feistel(*cnt, 100, g->iin_salt ^ (uint32_t)(day * 2 + female) * 0x85EBCA6Bu);
            (*cnt)++;
            int d[12];
            int yy = birth.y % 100;
            d[0] = yy / 10, d[1] = yy % 10, d[2] = birth.m / 10, d[3] = birth.m % 10;
            d[4] = birth.d / 10, d[5] = birth.d % 10;
            d[6] = (birth.y >= 2000 ? 5 : 3) + (female ? 1 : 0);
            d[7] = (int)(serial / 1000), d[8] = (int)(serial / 100 % 10);
            d[9] = (int)(serial / 10 % 10), d[10] = (int)(serial % 10);
            int c = iin_check(d);
            if (c < 0)
                continue;
            for (int i = 0; i < 11; i++)
                out[i] = (char)('0' + d[i]);
            out[11] = (char)('0' + c);
            out[12] = 0;
            return;
        }
        birth = date_add_days(birth, 1); /* every serial of the day is taken */
    }
}

static void make_document(gen_t *g, at_rng *r, at_date birth, bool female, char *out)
{
    if (g->kz)
        kz_iin(g, birth, female, out);
    else
        ru_passport(g, r, birth.y, out);
}

/* ---------------------------------------------------------------- profiles */

static void prof_free(prof_t *p)
{
    free(p->group);
    free(p->form_index);
    free(p->restricted);
    free(p->regs);
    free(p->days);
    memset(p, 0, sizeof *p);
}

static int prof_init(prof_t *pi, const rule_profile *p, const demo_opts *o, at_error *err)
{
    memset(pi, 0, sizeof *pi);
    pi->p = p;
    size_t ns = p->nsubjects ? p->nsubjects : 1, nf = p->nforms ? p->nforms : 1;
    for (size_t s = 0; s < p->nsubjects; s++)
        if (p->subjects[s].nforms > pi->max_forms)
            pi->max_forms = p->subjects[s].nforms;
    if (!pi->max_forms)
        pi->max_forms = 1;
    pi->group = calloc(ns, sizeof *pi->group);
    pi->form_index = calloc(ns * pi->max_forms, sizeof *pi->form_index);
    pi->restricted = calloc(nf, sizeof *pi->restricted);
    pi->regs = calloc(ns, sizeof *pi->regs);
    pi->days = calloc(ns * pi->max_forms * DAYS_PER_EXAM, sizeof *pi->days);
    if (!pi->group || !pi->form_index || !pi->restricted || !pi->regs || !pi->days) {
        prof_free(pi);
        return at_fail(err, AT_ENOMEM, p->id, "demo: out of memory");
    }
    for (size_t f = 0; f < p->nforms; f++)
        pi->restricted[f] = !rules_form_allowed(&p->forms[f], "pupil", false);
    for (size_t s = 0; s < p->nsubjects; s++) {
        const rule_subject *sub = &p->subjects[s];
        pi->group[s] = rules_mandatory_group(p, sub->code);
        for (size_t k = 0; k < pi->max_forms; k++) {
            int idx = -1;
            if (k < sub->nforms) {
                const rule_exam_form *f = rules_form(p, sub->forms[k]);
                if (f)
                    idx = (int)(f - p->forms);
            }
            pi->form_index[s * pi->max_forms + k] = idx;
            /* the days this subject's exam in this form is held */
            int *dd = &pi->days[(s * pi->max_forms + k) * DAYS_PER_EXAM], nd = 0;
            for (size_t e = 0; idx >= 0 && e < o->ndays && nd < DAYS_PER_EXAM; e++) {
                const demo_exam_day *x = &o->days[e];
                if (x->grade == p->grade && strcmp(x->subject, sub->code) == 0 &&
                    strcmp(x->form, p->forms[idx].code) == 0 && strlen(x->date) == 10)
                    dd[nd++] = atoi(x->date) * 10000 + atoi(x->date + 5) * 100 + atoi(x->date + 8);
            }
        }
    }
    return AT_OK;
}

/* Whether subject s in form slot k has an exam on one of the days taken. */
static const int *subject_days(const prof_t *pi, size_t s, int form)
{
    for (size_t k = 0; k < pi->max_forms; k++)
        if (pi->form_index[s * pi->max_forms + k] == form)
            return &pi->days[(s * pi->max_forms + k) * DAYS_PER_EXAM];
    return NULL;
}

static bool clashes(const int *days, const int *taken, int ntaken)
{
    for (int i = 0; days && i < DAYS_PER_EXAM && days[i]; i++)
        for (int j = 0; j < ntaken; j++)
            if (days[i] == taken[j])
                return true;
    return false;
}

static void take_days(const int *days, int *taken, int *ntaken, int max)
{
    for (int i = 0; days && i < DAYS_PER_EXAM && days[i] && *ntaken < max; i++)
        taken[(*ntaken)++] = days[i];
}

/* How popular a subject is among those who may choose it. Codes are matched by
 * family so that any profile's spelling works; unknown subjects get a small share. */
static double subject_weight(const char *code, int grade, bool kk_school, bool alternatives)
{
    static const struct {
        const char *part;
        double w9, w11;
    } table[] = {
        {"math_profile", 1, 0.45}, {"math_base", 1, 0.55}, {"soc", 0.55, 0.42}, {"inform", 0.40, 0.20},
        {"geometry", 0.20, 0.15}, {"geo", 0.45, 0.04}, {"bio", 0.30, 0.18}, {"chem", 0.12, 0.11}, {"phys", 0.08, 0.18},
        {"hist", 0.05, 0.14}, {"lit", 0.05, 0.06}, {"eng", 0.10, 0.12}, {"foreign", 0.10, 0.12},
        {"deu", 0.004, 0.004}, {"fra", 0.003, 0.003}, {"spa", 0.001, 0.001}, {"chi", 0.002, 0.002},
        {"ger", 0.004, 0.004}, {"french", 0.003, 0.003}, {"spanish", 0.001, 0.001},
        {"chinese", 0.002, 0.002}, {"law", 0.05, 0.05}, {"econ", 0.03, 0.03},
    };
    double w = -1;
    for (size_t i = 0; i < COUNT(table) && w < 0; i++)
        if (strstr(code, table[i].part))
            w = grade == 9 ? table[i].w9 : table[i].w11;
    if (w < 0)
        w = 0.1;
    /* Language of instruction decides between alternative language subjects. */
    bool kaz = strstr(code, "kaz") || strstr(code, "kk") || strstr(code, "kazakh");
    bool rus = strstr(code, "rus") || strstr(code, "russian");
    /* "language and literature" (KZ grade 9) is the second language: Russian in
     * Kazakh-medium schools, Kazakh in Russian-medium ones. */
    if (strstr(code, "lang_lit"))
        kk_school = !kk_school;
    /* Within a mandatory group (kaz_lang | rus_lang) it all but decides; among
     * electives it only tilts the choice of literature. */
    double boost = alternatives ? 20.0 : 2.0;
    if (kaz && !rus)
        w *= kk_school ? boost : 1.0;
    if (rus && !kaz)
        w *= kk_school ? 1.0 : boost;
    return w;
}

typedef struct {
    int subject; /* index into p->subjects */
    int form;    /* index into p->forms */
} choice_t;

static int cmp_choice(const void *a, const void *b)
{
    const choice_t *x = a, *y = b;
    return x->subject - y->subject;
}

/* Picks the participant's subjects. Returns the number chosen, or -1 if the profile
 * offers this category/ОВЗ combination no valid set (the caller then falls back). */
static int choose_subjects(prof_t *pi, at_rng *r, const char *category, bool ovz, bool prefer_special,
                           bool kk_school, choice_t *out)
{
    const rule_profile *p = pi->p;
    size_t ns = p->nsubjects;
    if (ns == 0 || ns > 1024)
        return -1;
    int form_of[1024];
    bool taken[1024];
    double w[1024];
    /* The form each subject would be taken in by this participant. */
    for (size_t s = 0; s < ns; s++) {
        taken[s] = false;
        int special = -1, nord = 0, ordinary[16], nany = 0, any[16];
        for (size_t k = 0; k < pi->max_forms; k++) {
            int f = pi->form_index[s * pi->max_forms + k];
            if (f < 0 || !rules_form_allowed(&p->forms[f], category, ovz))
                continue;
            if (pi->restricted[f] && special < 0)
                special = f;
            if (!pi->restricted[f] && nord < 16)
                ordinary[nord++] = f;
            if (nany < 16)
                any[nany++] = f;
        }
        if (prefer_special && special >= 0)
            form_of[s] = special;
        else if (nord)
            form_of[s] = ordinary[rng_below(r, (uint64_t)nord)];
        else if (nany)
            form_of[s] = any[rng_below(r, (uint64_t)nany)];
        else
            form_of[s] = -1;
    }
    int n = 0;
    int day_taken[64], ndays = 0;  /* exam days of the subjects chosen so far */
    for (size_t gi = 0; gi < p->nmandatory; gi++) {
        bool have_special = false, have_ordinary = false;
        for (size_t s = 0; s < ns; s++)
            if (pi->group[s] == (int)gi && form_of[s] >= 0) {
                if (pi->restricted[form_of[s]])
                    have_special = true;
                else
                    have_ordinary = true;
            }
        bool any = false;
        for (size_t s = 0; s < ns; s++) {
            w[s] = 0;
            if (pi->group[s] != (int)gi || form_of[s] < 0)
                continue;
            /* Stay in one kind of exam where the group allows: ГВЭ maths with ГВЭ
             * Russian, ЕГЭ maths with ЕГЭ Russian. */
            if (prefer_special && have_special && !pi->restricted[form_of[s]])
                continue;
            if (!prefer_special && have_ordinary && pi->restricted[form_of[s]])
                continue;
            w[s] = subject_weight(p->subjects[s].code, p->grade, kk_school, true);
            any = true;
        }
        if (!any)
            return -1;
        size_t s = pick_weighted(r, w, ns);
        taken[s] = true;
        out[n++] = (choice_t){(int)s, form_of[s]};
        take_days(subject_days(pi, s, form_of[s]), day_taken, &ndays, (int)COUNT(day_taken));
    }
    /* Electives. */
    size_t pool = 0;
    for (size_t s = 0; s < ns; s++) {
        w[s] = 0;
        if (pi->group[s] >= 0 || form_of[s] < 0 || taken[s])
            continue;
        if (clashes(subject_days(pi, s, form_of[s]), day_taken, ndays))
            continue; /* its exam is on a day already taken */
        w[s] = subject_weight(p->subjects[s].code, p->grade, kk_school, false);
        if (w[s] <= 0)
            w[s] = 0.01;
        pool++;
    }
    int lo = p->electives_min < 0 ? 0 : p->electives_min, k;
    if ((size_t)lo > pool)
        return -1;
    if (p->electives_max < 0) {
        static const double dist[] = {0.08, 0.30, 0.42, 0.20}; /* 0..3 electives */
        k = prefer_special ? (chance(r, 0.15) ? 1 : 0) : (int)pick_weighted(r, dist, COUNT(dist));
        if (k < lo)
            k = lo;
    } else {
        int hi = p->electives_max < lo ? lo : p->electives_max;
        k = (hi == lo || chance(r, 0.6)) ? lo : lo + 1 + (int)rng_below(r, (uint64_t)(hi - lo));
    }
    if ((size_t)k > pool)
        k = (int)pool;
    int first_elective = n;
    for (int i = 0; i < k && n < MAX_CHOICES; i++) {
        size_t s = pick_weighted(r, w, ns);
        if (w[s] <= 0)
            break;
        w[s] = 0;
        out[n++] = (choice_t){(int)s, form_of[s]};
        take_days(subject_days(pi, s, form_of[s]), day_taken, &ndays, (int)COUNT(day_taken));
        for (size_t q = 0; q < ns; q++)
            if (w[q] > 0 && clashes(subject_days(pi, q, form_of[q]), day_taken, ndays))
                w[q] = 0;
    }
    if (n - first_elective < lo)
        return -1;
    qsort(out + first_elective, (size_t)(n - first_elective), sizeof *out, cmp_choice);
    return n;
}

/* ---------------------------------------------------------------- territory plan */

static void cumulative_split(const double *w, size_t n, long total, long *out)
{
    double sum = 0, cum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    long prev = 0;
    for (size_t i = 0; i < n; i++) {
        cum += w[i];
        long upto = sum > 0 ? (long)floor(cum / sum * (double)total + 0.5) : 0;
        if (i == n - 1)
            upto = total;
        out[i] = upto - prev;
        prev = upto;
    }
}

static void school_name(gen_t *g, at_rng *r, school_t *s, const muni_t *m, int number, size_t *village)
{
    static const char *const owners[] = {"МБОУ", "МБОУ", "МБОУ", "МАОУ", "МКОУ"};
    const char *owner = m->t->city ? owners[rng_below(r, 4)] : (chance(r, 0.5) ? "МКОУ" : "МБОУ");
    if (g->kz) {
        static const char *const ru_kind[] = {
            [SK_SOSH] = "Средняя общеобразовательная школа", [SK_SOSH_UIOP] = "Школа-лицей",
            [SK_GYMNASIUM] = "Гимназия", [SK_LYCEUM] = "Школа-лицей", [SK_OOSH] = "Основная средняя школа",
            [SK_EVENING] = "Вечерняя школа"};
        static const char *const kk_kind[] = {
            [SK_SOSH] = "жалпы білім беретін мектеп", [SK_SOSH_UIOP] = "мектеп-лицей",
            [SK_GYMNASIUM] = "гимназия", [SK_LYCEUM] = "мектеп-лицей", [SK_OOSH] = "негізгі орта мектеп",
            [SK_EVENING] = "кешкі мектеп"};
        if (s->kk)
            snprintf(s->name, sizeof s->name, "«№ %d %s» КММ", number, kk_kind[s->kind]);
        else
            snprintf(s->name, sizeof s->name, "КГУ «%s № %d»", ru_kind[s->kind], number);
        return;
    }
    const char *v = NULL;
    if (!m->t->city && (s->kind == SK_SOSH || s->kind == SK_OOSH) && chance(r, 0.7))
        v = demo_village_school((*village)++);
    switch (s->kind) {
    case SK_SOSH:
        if (v)
            snprintf(s->name, sizeof s->name, "%s «%s СОШ»", owner, v);
        else
            snprintf(s->name, sizeof s->name, "%s «СОШ № %d»", owner, number);
        break;
    case SK_SOSH_UIOP:
        snprintf(s->name, sizeof s->name, "%s «СОШ № %d с углублённым изучением отдельных предметов»",
                 owner, number);
        break;
    case SK_GYMNASIUM:
        snprintf(s->name, sizeof s->name, "%s «Гимназия № %d»", owner, number);
        break;
    case SK_LYCEUM:
        snprintf(s->name, sizeof s->name, "%s «Лицей № %d»", chance(r, 0.6) ? "МАОУ" : "МБОУ", number);
        break;
    case SK_OOSH:
        if (v)
            snprintf(s->name, sizeof s->name, "%s «%s ООШ»", owner, v);
        else
            snprintf(s->name, sizeof s->name, "%s «ООШ № %d»", owner, number);
        break;
    case SK_EVENING:
        snprintf(s->name, sizeof s->name,
                 "МКОУ «Вечерняя (сменная) общеобразовательная школа при ФКУ ИК-%d»", number);
        break;
    }
}

static int plan_territory(gen_t *g)
{
    const demo_opts *o = g->o;
    at_rng r;
    rng_seed(&r, o->seed, "demo:territory");
    long total = o->participants;
    long ns = (total + PARTICIPANTS_PER_SCHOOL / 2) / PARTICIPANTS_PER_SCHOOL;
    if (ns < 1)
        ns = 1;
    size_t nt;
    const demo_territory *terr = demo_territories(o->country, &nt);
    size_t nm;
    if (g->kz) {
        nm = nt;
    } else {
        nm = (size_t)(ns / SCHOOLS_PER_MUNI);
        if (nm < RU_MIN_MUNIS)
            nm = RU_MIN_MUNIS;
        if (nm > RU_MAX_MUNIS)
            nm = RU_MAX_MUNIS;
        if (nm > nt)
            nm = nt;
    }
    if ((long)nm > ns)
        nm = (size_t)ns;
    g->nmunis = nm;
    g->nschools = (size_t)ns;
    g->munis = calloc(nm, sizeof *g->munis);
    g->schools = calloc((size_t)ns, sizeof *g->schools);
    double *w = calloc((size_t)ns > nm ? (size_t)ns : nm, sizeof *w);
    double *w11 = calloc((size_t)ns, sizeof *w11);
    long *cnt = calloc((size_t)ns > nm ? (size_t)ns : nm, sizeof *cnt);
    if (!g->munis || !g->schools || !w || !w11 || !cnt) {
        free(w), free(w11), free(cnt);
        return at_fail(g->err, AT_ENOMEM, "demo", "out of memory planning %ld schools", ns);
    }
    /* Schools per municipality: one each, the rest by weight. */
    for (size_t i = 0; i < nm; i++)
        w[i] = terr[i].weight;
    cumulative_split(w, nm, ns - (long)nm, cnt);
    size_t next = 0;
    for (size_t i = 0; i < nm; i++) {
        muni_t *m = &g->munis[i];
        m->t = &terr[i];
        snprintf(m->code, sizeof m->code, "M%02u", (unsigned)(i + 1) % 1000u);
        m->first_school = next;
        m->nschools = (size_t)cnt[i] + 1;
        next += m->nschools;
    }
    bool evening = !g->kz && ns >= EVENING_SCHOOL_MIN;
    for (size_t i = 0; i < nm; i++) {
        muni_t *m = &g->munis[i];
        int number = 1 + (int)rng_below(&r, 3);
        size_t village = rng_below(&r, 20);
        for (size_t j = 0; j < m->nschools; j++) {
            size_t si = m->first_school + j;
            school_t *s = &g->schools[si];
            s->muni = (int)i;
            snprintf(s->code, sizeof s->code, "S%02u%03u", (unsigned)(i + 1) % 1000u, (unsigned)(j + 1) % 1000000u);
            double u = rng_unit(&r);
            if (evening && i == 0 && j == m->nschools - 1)
                s->kind = SK_EVENING;
            else if (m->t->city)
                s->kind = u < 0.70 ? SK_SOSH : u < 0.75 ? SK_SOSH_UIOP : u < 0.85 ? SK_GYMNASIUM
                          : u < 0.93 ? SK_LYCEUM : SK_OOSH;
            else
                s->kind = u < 0.80 ? SK_SOSH : u < 0.83 ? SK_GYMNASIUM : SK_OOSH;
            s->kk = g->kz && chance(&r, m->t->city ? 0.40 : 0.50);
            school_name(g, &r, s, m, s->kind == SK_EVENING ? 40 + (int)rng_below(&r, 9) : number,
                        &village);
            number += 1 + (int)rng_below(&r, 3);
            const char *street = demo_street(o->country, &r);
            int house = 1 + (int)rng_below(&r, m->t->city ? 120 : 40);
            if (g->kz)
                snprintf(s->address, sizeof s->address, "%s, %s, %d", m->t->place, street, house);
            else
                snprintf(s->address, sizeof s->address, "%s, %s, д. %d", m->t->place, street, house);
            double spread = m->t->city ? 0.04 : 0.35;
            s->lat = m->t->lat + (rng_unit(&r) * 2 - 1) * spread;
            s->lon = m->t->lon + (rng_unit(&r) * 2 - 1) * spread * 1.6;
            /* Size: gymnasiums and lyceums are large, rural and basic schools small. */
            double size = 0.35 + 1.3 * rng_unit(&r);
            if (!m->t->city)
                size *= 0.55;
            if (s->kind == SK_GYMNASIUM || s->kind == SK_LYCEUM || s->kind == SK_SOSH_UIOP)
                size *= 1.5;
            if (s->kind == SK_OOSH)
                size *= 0.35;
            if (s->kind == SK_EVENING)
                size = 0.25;
            w[si] = size;
            w11[si] = s->kind == SK_OOSH ? 0 : s->kind == SK_EVENING ? size * 1.4 : size;
        }
    }
    /* Normalise sizes inside municipalities so their shares follow the territory weights. */
    for (size_t i = 0; i < nm; i++) {
        muni_t *m = &g->munis[i];
        double sum = 0;
        for (size_t j = 0; j < m->nschools; j++)
            sum += w[m->first_school + j];
        for (size_t j = 0; j < m->nschools && sum > 0; j++) {
            w[m->first_school + j] *= m->t->weight / sum;
            w11[m->first_school + j] *= m->t->weight / sum;
        }
    }
    long n9 = (long)floor((double)total * GRADE9_SHARE + 0.5);
    cumulative_split(w, (size_t)ns, n9, cnt);
    for (long i = 0; i < ns; i++)
        g->schools[i].n9 = cnt[i];
    cumulative_split(w11, (size_t)ns, total - n9, cnt);
    for (long i = 0; i < ns; i++) {
        school_t *s = &g->schools[i];
        s->n11 = cnt[i];
        g->munis[s->muni].n9 += s->n9;
        g->munis[s->muni].n11 += s->n11;
    }
    free(w), free(w11), free(cnt);
    return AT_OK;
}

static int emit_territory(gen_t *g)
{
    int rc;
    for (size_t i = 0; i < g->nmunis; i++) {
        row_t *r = &g->r_muni;
        row_clear(r);
        row_set(r, MU_CODE, g->munis[i].code);
        row_set(r, MU_NAME, g->munis[i].t->name);
        if ((rc = emit(g, r)) != AT_OK)
            return rc;
    }
    for (size_t i = 0; i < g->nschools; i++) {
        const school_t *s = &g->schools[i];
        row_t *r = &g->r_school;
        row_clear(r);
        row_set(r, SC_CODE, s->code);
        row_set(r, SC_MUNI, g->munis[s->muni].code);
        row_set(r, SC_NAME, s->name);
        row_set(r, SC_ADDRESS, s->address);
        row_set(r, SC_LANGUAGE, s->kk ? "kk" : "ru");
        char lat[32], lon[32];
        snprintf(lat, sizeof lat, "%.6f", s->lat);
        snprintf(lon, sizeof lon, "%.6f", s->lon);
        row_set(r, SC_LAT, lat);
        row_set(r, SC_LON, lon);
        if ((rc = emit(g, r)) != AT_OK)
            return rc;
    }
    return AT_OK;
}

/* ---------------------------------------------------------------- participants */

static const char *pick_category(gen_t *g, at_rng *r, const school_t *s, int grade)
{
    double u = rng_unit(r);
    if (s->kind == SK_EVENING)
        return u < 0.75 ? "penitentiary" : u < 0.9 ? "extern" : "pupil";
    if (g->kz)
        return u < (grade == 11 ? 0.010 : 0.005) ? "extern" : "pupil";
    if (grade == 9)
        return u < 0.012 ? "extern" : "pupil";
    return u < 0.045 ? "past_graduate" : u < 0.053 ? "extern" : u < 0.073 ? "vocational" : "pupil";
}

static at_date birth_date(gen_t *g, at_rng *r, int grade, const char *cat)
{
    int y = g->o->year;
    /* Grade 1 was entered aged 6.5 to 8, so a cohort spans September to March of
     * the next year but one. */
    at_date start = {y - (grade == 9 ? 17 : 19), 9, 1};
    long span = 575;
    if (strcmp(cat, "past_graduate") == 0)
        start.y -= 1 + (int)rng_below(r, 6);
    else if (strcmp(cat, "extern") == 0)
        start.y -= (int)rng_below(r, 4);
    else if (strcmp(cat, "vocational") == 0)
        start.y -= 1 + (int)rng_below(r, 3);
    else if (strcmp(cat, "penitentiary") == 0)
        start.y -= 1 + (int)rng_below(r, 16);
    else {
        if (chance(r, 0.04))
            start.y -= 1; /* repeated a year */
    }
    return date_add_days(start, (long)rng_below(r, (uint64_t)span));
}

static void ovz_conditions(at_rng *r, char *out, size_t n)
{
    static const struct {
        const char *code;
        double p;
    } conds[] = {
        /* in the order of the entity's values[] */
        {"extended_time", 0.85}, {"separate_room", 0.20}, {"assistant", 0.14}, {"home", 0.04},
        {"hospital", 0.012}, {"large_print", 0.08}, {"braille", 0.012}, {"sign_language", 0.03},
        {"computer", 0.06}, {"oral_form", 0.04},
    };
    out[0] = 0;
    size_t len = 0;
    for (size_t i = 0; i < COUNT(conds); i++)
        if (chance(r, conds[i].p))
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ";" : "", conds[i].code);
    if (!len)
        snprintf(out, n, "extended_time");
}

static int emit_admission(gen_t *g, const char *doc, const char *kind, at_date d, const char *result)
{
    char date[16];
    date_format_iso(d, date);
    row_t *r = &g->r_adm;
    row_clear(r);
    row_set(r, AD_DOC, doc);
    row_set(r, AD_KIND, kind);
    row_set(r, AD_DATE, date);
    row_set(r, AD_RESULT, result);
    return emit(g, r);
}

static int admissions(gen_t *g, at_rng *r, const char *doc, int grade, const char *cat)
{
    if (g->kz)
        return AT_OK;
    int y = g->o->year, rc;
    at_date d[3];
    const char *kind;
    if (grade == 11) {
        if (strcmp(cat, "vocational") == 0)
            return AT_OK;
        if (strcmp(cat, "past_graduate") == 0 && !chance(r, 0.3))
            return AT_OK; /* optional for them: written only for universities */
        kind = "essay";
        d[0] = nth_weekday(y - 1, 12, 3, 1); /* first Wednesday of December */
        d[1] = nth_weekday(y, 2, 3, 1);
        d[2] = nth_weekday(y, 4, 3, 2);
    } else {
        kind = "interview";
        d[0] = nth_weekday(y, 2, 3, 2); /* second Wednesday of February */
        d[1] = nth_weekday(y, 3, 3, 2);
        d[2] = nth_weekday(y, 4, 1, 3);
    }
    int fails = 0;
    if (chance(r, grade == 11 ? 0.015 : 0.01))
        fails = chance(r, 0.2) ? 2 : 1;
    for (int i = 0; i < fails; i++)
        if ((rc = emit_admission(g, doc, kind, d[i], "fail")) != AT_OK)
            return rc;
    return emit_admission(g, doc, kind, d[fails], "pass");
}

static int one_participant(gen_t *g, at_rng *r, const school_t *s, int grade, prof_t *pi)
{
    char doc[16], birth[16], cond[160] = "", exempt[80] = "", grade_s[4];
    const char *cat = pick_category(g, r, s, grade);
    bool penitentiary = strcmp(cat, "penitentiary") == 0;
    bool female = chance(r, penitentiary ? 0.1 : grade == 11 ? 0.52 : 0.49);
    bool ovz = chance(r, OVZ_SHARE);
    bool disability = ovz ? chance(r, 0.4) : chance(r, 0.002);
    if (ovz)
        ovz_conditions(r, cond, sizeof cond);
    bool special_needs = ovz || disability;
    bool prefer_special = (special_needs && chance(r, grade == 9 ? 0.6 : 0.4)) ||
                          (penitentiary && chance(r, 0.7));
    choice_t ch[MAX_CHOICES];
    int n = choose_subjects(pi, r, cat, special_needs, prefer_special, s->kk, ch);
    if (n < 0) {
        cat = "pupil";
        n = choose_subjects(pi, r, cat, special_needs, prefer_special, s->kk, ch);
        if (n < 0)
            n = choose_subjects(pi, r, cat, false, false, s->kk, ch);
        if (n < 0)
            return at_fail(g->err, AT_EINPUT, pi->p->id,
                           "demo: profile %s offers no valid subject choice for a pupil", pi->p->id);
        penitentiary = false;
    }
    at_date bd = birth_date(g, r, grade, cat);
    date_format_iso(bd, birth);
    make_document(g, r, bd, female, doc);
    demo_person nm;
    bool kazakh = g->kz && chance(r, s->kk ? 0.97 : 0.57);
    demo_person_name(r, kazakh, female, &nm);
    bool early = chance(r, strcmp(cat, "past_graduate") == 0 ? 0.25 : g->kz ? 0.005 : grade == 9 ? 0.003 : 0.01);
    if (chance(r, 0.0015)) {
        at_date od = date_add_days((at_date){g->o->year, 3, 20}, (long)rng_below(r, 40));
        int no = 10 + (int)rng_below(r, 190);
        if (g->kz && s->kk)
            snprintf(exempt, sizeof exempt, "%02d.%02d.%04d ж. № %d бұйрық", od.d, od.m, od.y, no);
        else
            snprintf(exempt, sizeof exempt, "приказ № %d от %02d.%02d.%04d", no, od.d, od.m, od.y);
    }
    const char *honours = "none";
    if (strcmp(cat, "pupil") == 0) {
        double u = rng_unit(r);
        if (grade == 11 && g->kz)
            honours = u < 0.025 ? "altyn_belgi" : u < 0.045 ? "distinction" : "none";
        else if (grade == 11)
            honours = u < 0.04 ? "medal" : "none";
        else
            honours = u < 0.04 ? "distinction" : "none";
    }
    snprintf(grade_s, sizeof grade_s, "%d", grade);
    row_t *pr = &g->r_part;
    row_clear(pr);
    row_set(pr, PA_DOC, doc);
    row_set(pr, PA_LAST, nm.last);
    row_set(pr, PA_FIRST, nm.first);
    row_set(pr, PA_MIDDLE, nm.middle);
    row_set(pr, PA_BIRTH, birth);
    row_set(pr, PA_GENDER, female ? "f" : "m");
    row_set(pr, PA_SCHOOL, s->code);
    row_set(pr, PA_GRADE, grade_s);
    row_set(pr, PA_CATEGORY, cat);
    row_set(pr, PA_OVZ, ovz ? "1" : "0");
    row_set(pr, PA_DISABILITY, disability ? "1" : "0");
    row_set(pr, PA_CONDITIONS, cond);
    row_set(pr, PA_EARLY, early ? "1" : "0");
    row_set(pr, PA_EXEMPT, exempt);
    row_set(pr, PA_HONOURS, honours);
    int rc = emit(g, pr);
    if (rc != AT_OK)
        return rc;
    if (ovz && strstr(cond, "assistant"))
        g->munis[s->muni].assistants++;
    const rule_profile *p = pi->p;
    /* An exempt participant (освобождение by order) registers for no exam; the
     * annual marks below still make up their certificate. */
    int nreg = exempt[0] ? 0 : n;
    for (int i = 0; i < nreg; i++) {
        row_t *rr = &g->r_reg;
        row_clear(rr);
        row_set(rr, RG_DOC, doc);
        row_set(rr, RG_SUBJECT, p->subjects[ch[i].subject].code);
        row_set(rr, RG_FORM, p->forms[ch[i].form].code);
        row_set(rr, RG_PERIOD, early ? "early" : "main");
        if ((rc = emit(g, rr)) != AT_OK)
            return rc;
        pi->regs[ch[i].subject]++;
    }
    if ((rc = admissions(g, r, doc, grade, cat)) != AT_OK)
        return rc;
    /* Annual marks for the subjects taken: a latent ability plus subject noise. */
    bool top = strcmp(honours, "none") != 0;
    double ability = top ? 0 : normal(r);
    qsort(ch, (size_t)n, sizeof *ch, cmp_choice);
    for (int i = 0; i < n; i++) {
        int mark;
        if (top)
            mark = chance(r, 0.93) ? 5 : 4;
        else {
            double x = ability + 0.6 * normal(r);
            mark = x > 0.85 ? 5 : x > -0.45 ? 4 : x > -2.7 ? 3 : 2;
        }
        char mark_s[4];
        snprintf(mark_s, sizeof mark_s, "%d", mark);
        row_t *mr = &g->r_mark;
        row_clear(mr);
        row_set(mr, MK_DOC, doc);
        row_set(mr, MK_SUBJECT, p->subjects[ch[i].subject].code);
        row_set(mr, MK_MARK, mark_s);
        if ((rc = emit(g, mr)) != AT_OK)
            return rc;
    }
    return AT_OK;
}

static int emit_participants(gen_t *g, demo_progress_fn progress)
{
    at_rng r;
    rng_seed(&r, g->o->seed, "demo:participants");
    int rc;
    for (size_t si = 0; si < g->nschools; si++) {
        const school_t *s = &g->schools[si];
        for (int pass = 0; pass < 2; pass++) {
            long n = pass ? s->n11 : s->n9;
            for (long i = 0; i < n; i++) {
                rc = one_participant(g, &r, s, pass ? 11 : 9, pass ? &g->p11 : &g->p9);
                if (rc != AT_OK)
                    return rc;
                g->done++;
                if (progress && g->done % PROGRESS_EVERY == 0)
                    progress(g->ctx, g->done, g->o->participants);
            }
        }
    }
    if (progress)
        progress(g->ctx, g->done, g->o->participants);
    return AT_OK;
}

/* ---------------------------------------------------------------- exam points */

static int add_point(gen_t *g, int muni, long base, const char *kind, int nrooms)
{
    if (g->npoints == g->cap_points) {
        size_t cap = g->cap_points ? g->cap_points * 2 : 64;
        point_t *np = realloc(g->points, cap * sizeof *np);
        if (!np)
            return at_fail(g->err, AT_ENOMEM, "demo", "out of memory planning exam points");
        g->points = np;
        g->cap_points = cap;
    }
    point_t *p = &g->points[g->npoints++];
    memset(p, 0, sizeof *p);
    p->muni = muni;
    p->base = base;
    p->kind = kind;
    p->nrooms = nrooms < 1 ? 1 : nrooms;
    int seq = ++g->munis[muni].npoints;
    snprintf(p->code, sizeof p->code, "P%02d%02d", muni + 1, seq);
    return AT_OK;
}

static int cmp_by_size(const void *a, const void *b, void *sizes)
{
    long x = *(const long *)a, y = *(const long *)b;
    long sx = ((const long *)sizes)[x], sy = ((const long *)sizes)[y];
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int plan_points(gen_t *g)
{
    int rc;
    if (g->kz) {
        for (size_t i = 0; i < g->nschools; i++) {
            const school_t *s = &g->schools[i];
            long need = s->n9 > s->n11 ? s->n9 : s->n11;
            /* the school is the point (pupils sit at their own school): its own
             * accessible, computer and speaking rooms */
            int a = 3 + (int)(need / 150), c = 1 + (int)(need / 60), sp = 1;
            /* grade 9 and 11 exams may share a day; one exam per room */
            int rooms = (int)((s->n9 + s->n11 + 11) / 12) + 4 + a + c + sp;
            if ((rc = add_point(g, s->muni, (long)i, "regular", rooms)) != AT_OK)
                return rc;
            point_t *pt = &g->points[g->npoints - 1];
            pt->naccessible = a, pt->ncomputer = c, pt->nspeaking = sp;
            /* point codes follow the school code for KZ: the school is the point */
            snprintf(g->points[g->npoints - 1].code, sizeof g->points[0].code, "P%s", s->code + 1);
        }
        for (size_t m = 0; m < g->nmunis; m++) {
            const muni_t *mu = &g->munis[m];
            long small = 2 + (long)ceil(0.002 * (double)(mu->n9 + mu->n11));
            if ((rc = add_point(g, (int)m, -1, "home", (int)small)) != AT_OK ||
                (rc = add_point(g, (int)m, -1, "hospital", (int)small)) != AT_OK)
                return rc;
            /* not a school code: "P" + municipality + H/B */
            snprintf(g->points[g->npoints - 2].code, sizeof g->points[0].code, "P%02zuH", m + 1);
            snprintf(g->points[g->npoints - 1].code, sizeof g->points[0].code, "P%02zuB", m + 1);
        }
        return AT_OK;
    }
    long *idx = calloc(g->nschools, sizeof *idx);
    long *sizes = calloc(g->nschools, sizeof *sizes);
    if (!idx || !sizes) {
        free(idx), free(sizes);
        return at_fail(g->err, AT_ENOMEM, "demo", "out of memory planning exam points");
    }
    for (size_t i = 0; i < g->nschools; i++) {
        const school_t *s = &g->schools[i];
        sizes[i] = s->kind == SK_EVENING ? -1 : s->kind == SK_OOSH ? s->n9 / 4 : s->n9 + s->n11;
    }
    rc = AT_OK;
    for (size_t m = 0; m < g->nmunis && rc == AT_OK; m++) {
        const muni_t *mu = &g->munis[m];
        /* Seats for the busiest day (everyone of a grade sits Russian) with a
         * margin, spread so that any one point can be left out: pupils may not
         * sit in a point based at their own school (ЕГЭ). Computer rooms for
         * informatics (ОГЭ and ЕГЭ), speaking rooms for foreign languages, and
         * accessible rooms for ОВЗ participants, one exam per room. */
        long need = mu->n9 > mu->n11 ? mu->n9 : mu->n11;
        long rooms = (long)ceil((double)need * 1.3 / ROOM_SEATS_PLAN);
        if (rooms < 2)
            rooms = 2;
        long computer = (long)ceil(fmax(0.3 * (double)mu->n11, 0.4 * (double)mu->n9) * 1.3 / ROOM_SEATS_PLAN) + 1;
        long speaking = (long)ceil(0.25 * (double)mu->n11 * 1.3 / ROOM_SEATS_PLAN) + 1;
        long accessible = (long)ceil(0.03 * (double)(mu->n9 + mu->n11) / 6.0) + 3;
        size_t cand = 0;
        for (size_t j = 0; j < mu->nschools; j++)
            if (g->schools[mu->first_school + j].kind != SK_EVENING)
                idx[cand++] = (long)(mu->first_school + j);
        qsort_r(idx, cand, sizeof *idx, cmp_by_size, sizes);
        size_t np = (size_t)((rooms + ROOMS_PER_POINT_PLAN - 1) / ROOMS_PER_POINT_PLAN) + 1;
        if (np > cand + 1)
            np = cand + 1;
        if (np < 2)
            np = 2;
        long share = (long)np - 1; /* any one point may be out for a school's pupils */
        for (size_t k = 0; k < np && rc == AT_OK; k++) {
            /* a municipality with one school gets a point not based at a school */
            long base = k < cand ? idx[k] : -1;
            long a = (accessible + share - 1) / share, c = (computer + share - 1) / share;
            long sp = (speaking + share - 1) / share, reg = (rooms + share - 1) / share;
            rc = add_point(g, (int)m, base, "regular", (int)(a + c + sp + reg));
            if (rc == AT_OK) {
                point_t *p = &g->points[g->npoints - 1];
                p->naccessible = (int)a, p->ncomputer = (int)c, p->nspeaking = (int)sp;
            }
        }
        /* home and hospital points: one small room per expected participant */
        long small = 2 + (long)ceil(0.002 * (double)(mu->n9 + mu->n11));
        if (rc == AT_OK)
            rc = add_point(g, (int)m, -1, "home", (int)small);
        if (rc == AT_OK)
            rc = add_point(g, (int)m, -1, "hospital", (int)small);
        for (size_t j = 0; j < mu->nschools && rc == AT_OK; j++) {
            const school_t *s = &g->schools[mu->first_school + j];
            if (s->kind == SK_EVENING) {
                rc = add_point(g, (int)m, (long)(mu->first_school + j), "penitentiary",
                               (int)((s->n11 > s->n9 ? s->n11 : s->n9) / 12 + 5));
                if (rc == AT_OK)
                    g->points[g->npoints - 1].naccessible = 2;
            }
        }
    }
    free(idx), free(sizes);
    return rc;
}

static int emit_points(gen_t *g)
{
    at_rng r;
    rng_seed(&r, g->o->seed, "demo:points");
    int rc;
    for (size_t i = 0; i < g->npoints; i++) {
        const point_t *p = &g->points[i];
        const muni_t *m = &g->munis[p->muni];
        const school_t *s = p->base >= 0 ? &g->schools[p->base] : NULL;
        char name[TEXT_MAX], address[TEXT_MAX], lat[32], lon[32];
        double la, lo;
        if (s) {
            la = s->lat, lo = s->lon;
            snprintf(address, sizeof address, "%s", s->address);
            if (strcmp(p->kind, "penitentiary") == 0)
                snprintf(name, sizeof name, "ППЭ на базе ФКУ ИК-%d ГУФСИН России по Кемеровской области — Кузбассу",
                         1 + (int)rng_below(&r, 44));
            else if (g->kz && s->kk)
                snprintf(name, sizeof name, "%s базасындағы емтихан өткізу пункті", s->name);
            else
                snprintf(name, sizeof name, "ППЭ на базе %s", s->name);
        } else {
            double spread = m->t->city ? 0.03 : 0.2;
            la = m->t->lat + (rng_unit(&r) * 2 - 1) * spread;
            lo = m->t->lon + (rng_unit(&r) * 2 - 1) * spread * 1.6;
            const char *street = demo_street(g->o->country, &r);
            if (strcmp(p->kind, "home") == 0) {
                snprintf(name, sizeof name, "ППЭ на дому (%s)", m->t->name);
                snprintf(address, sizeof address, "%s, %s, д. %d, кв. %d", m->t->place, street,
                         1 + (int)rng_below(&r, 90), 1 + (int)rng_below(&r, 120));
            } else {
                if (m->t->city)
                    snprintf(name, sizeof name, "ППЭ в ГБУЗ «Городская клиническая больница № %d» (%s)",
                             1 + (int)rng_below(&r, 11), m->t->place);
                else
                    snprintf(name, sizeof name, "ППЭ в ГБУЗ «%s районная больница»", m->t->name);
                snprintf(address, sizeof address, "%s, %s, д. %d", m->t->place, street,
                         1 + (int)rng_below(&r, 90));
            }
        }
        snprintf(lat, sizeof lat, "%.6f", la);
        snprintf(lon, sizeof lon, "%.6f", lo);
        row_t *rw = &g->r_point;
        row_clear(rw);
        row_set(rw, PT_CODE, p->code);
        row_set(rw, PT_NAME, name);
        row_set(rw, PT_MUNI, m->code);
        row_set(rw, PT_BASE, s ? s->code : "");
        row_set(rw, PT_KIND, p->kind);
        row_set(rw, PT_ADDRESS, address);
        row_set(rw, PT_LAT, lat);
        row_set(rw, PT_LON, lon);
        if ((rc = emit(g, rw)) != AT_OK)
            return rc;
    }
    return AT_OK;
}

static int room_seats(at_rng *r)
{
    static const int seats[] = {15, 12, 10, 20, 25, 14, 16, 18, 11, 13};
    static const double w[] = {55, 10, 8, 10, 6, 3, 3, 2, 1.5, 1.5};
    return seats[pick_weighted(r, w, COUNT(w))];
}

static int emit_rooms(gen_t *g)
{
    at_rng r;
    rng_seed(&r, g->o->seed, "demo:rooms");
    int rc;
    for (size_t i = 0; i < g->npoints; i++) {
        const point_t *p = &g->points[i];
        bool small = strcmp(p->kind, "home") == 0 || strcmp(p->kind, "hospital") == 0;
        int na = p->naccessible, nc = p->ncomputer, ns = p->nspeaking;
        for (int k = 0; k < p->nrooms; k++) {
            char number[16], seats_s[8], feat[96];
            int seats;
            bool computer = false, speaking = false, accessible = false, video;
            if (small) {
                snprintf(number, sizeof number, "%d", k + 1);
                seats = 1 + (int)rng_below(&r, strcmp(p->kind, "home") == 0 ? 2 : 4);
                accessible = true;
                computer = speaking = true; /* a laptop and a headset come with the kit */
                video = true;
            } else {
                /* ground-floor accessible room first, then floors of up to 10 rooms */
                int floor_no = 1 + k / 10;
                snprintf(number, sizeof number, "%d%02d", floor_no, k % 10 + 1);
                accessible = k < na;
                seats = accessible ? 10 - (int)rng_below(&r, 5) : room_seats(&r);
                computer = k < na + nc;
                speaking = accessible || (k >= na + nc && k < na + nc + ns);
                video = chance(&r, g->kz ? 0.6 : 0.97);
            }
            size_t len = 0;
            feat[0] = 0;
            const char *names[] = {"computer", "speaking", "accessible", "video"};
            bool on[] = {computer, speaking, accessible, video};
            for (int f = 0; f < 4; f++)
                if (on[f])
                    len += (size_t)snprintf(feat + len, sizeof feat - len, "%s%s", len ? ";" : "", names[f]);
            snprintf(seats_s, sizeof seats_s, "%d", seats);
            row_t *rw = &g->r_room;
            row_clear(rw);
            row_set(rw, RM_POINT, p->code);
            row_set(rw, RM_NUMBER, number);
            row_set(rw, RM_SEATS, seats_s);
            row_set(rw, RM_FEATURES, feat);
            if ((rc = emit(g, rw)) != AT_OK)
                return rc;
        }
    }
    return AT_OK;
}

/* ---------------------------------------------------------------- staff */

static void family_key(const char *code, char *key, size_t n)
{
    size_t len = strcspn(code, "_");
    if (len >= n)
        len = n - 1;
    memcpy(key, code, len);
    key[len] = 0;
}

static void add_family_codes(gen_t *g, const prof_t *pi)
{
    const rule_profile *p = pi->p;
    for (size_t s = 0; s < p->nsubjects; s++) {
        char key[32];
        family_key(p->subjects[s].code, key, sizeof key);
        family_t *f = NULL;
        for (size_t i = 0; i < g->nfamilies; i++)
            if (strcmp(g->families[i].key, key) == 0)
                f = &g->families[i];
        if (!f) {
            if (g->nfamilies == MAX_FAMILIES)
                continue;
            f = &g->families[g->nfamilies++];
            snprintf(f->key, sizeof f->key, "%s", key);
        }
        f->regs += pi->regs[s];
        /* add the code once */
        char tmp[TEXT_MAX + 4];
        snprintf(tmp, sizeof tmp, ";%s;", f->codes);
        char probe[64];
        snprintf(probe, sizeof probe, ";%s;", p->subjects[s].code);
        if (!strstr(tmp, probe) && strlen(f->codes) + strlen(p->subjects[s].code) + 2 < sizeof f->codes) {
            size_t len = strlen(f->codes);
            snprintf(f->codes + len, sizeof f->codes - len, "%s%s", len ? ";" : "", p->subjects[s].code);
        }
    }
}

static void teacher_subjects(gen_t *g, at_rng *r, char *out, size_t n, const char *must)
{
    out[0] = 0;
    if (!g->nfamilies)
        return;
    double w[MAX_FAMILIES];
    for (size_t i = 0; i < g->nfamilies; i++)
        w[i] = (double)g->families[i].regs + 1.0;
    size_t a, b = (size_t)-1;
    if (must) {
        char key[32];
        family_key(must, key, sizeof key);
        a = 0;
        for (size_t i = 0; i < g->nfamilies; i++)
            if (strcmp(g->families[i].key, key) == 0)
                a = i;
    } else {
        a = pick_weighted(r, w, g->nfamilies);
    }
    if (g->nfamilies > 1 && chance(r, 0.15)) {
        w[a] = 0;
        b = pick_weighted(r, w, g->nfamilies);
    }
    size_t first = b < a ? b : a, second = b < a ? a : b;
    snprintf(out, n, "%s", g->families[first].codes);
    if (second != (size_t)-1 && second != first) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, ";%s", g->families[second].codes);
    }
}

typedef struct {
    const char *roles;
    long school;         /* -1: none */
    bool teacher;
    const char *expert_subject, *expert_status;
    bool token;
    double female;
} staff_spec;

static int emit_staff_one(gen_t *g, at_rng *r, const staff_spec *sp)
{
    bool female = chance(r, sp->female);
    at_date bd = date_add_days((at_date){g->o->year - 24 - (int)rng_below(r, 40), 1, 1},
                               (long)rng_below(r, 365));
    char doc[16], subjects[TEXT_MAX] = "";
    make_document(g, r, bd, female, doc);
    demo_person nm;
    demo_person_name(r, g->kz && chance(r, 0.7), female, &nm);
    if (sp->teacher || sp->expert_subject)
        teacher_subjects(g, r, subjects, sizeof subjects, sp->expert_subject);
    row_t *rw = &g->r_staff;
    row_clear(rw);
    row_set(rw, ST_DOC, doc);
    row_set(rw, ST_LAST, nm.last);
    row_set(rw, ST_FIRST, nm.first);
    row_set(rw, ST_MIDDLE, nm.middle);
    row_set(rw, ST_ROLES, sp->roles);
    row_set(rw, ST_SCHOOL, sp->school >= 0 ? g->schools[sp->school].code : "");
    row_set(rw, ST_SUBJECTS, subjects);
    row_set(rw, ST_EXPERT_SUBJECT, sp->expert_subject ? sp->expert_subject : "");
    row_set(rw, ST_EXPERT_STATUS, sp->expert_status ? sp->expert_status : "");
    row_set(rw, ST_TOKEN, sp->token ? "1" : "0");
    return emit(g, rw);
}

static long school_in_muni(gen_t *g, at_rng *r, int muni, long avoid)
{
    const muni_t *m = &g->munis[muni];
    long s = (long)(m->first_school + rng_below(r, m->nschools));
    if (s == avoid && m->nschools > 1)
        s = (long)(m->first_school + (size_t)(s - (long)m->first_school + 1) % m->nschools);
    return s;
}

static int emit_staff(gen_t *g)
{
    at_rng r;
    rng_seed(&r, g->o->seed, "demo:staff");
    int rc;
    for (size_t i = 0; i < g->npoints; i++) {
        const point_t *p = &g->points[i];
        bool small = strcmp(p->kind, "home") == 0 || strcmp(p->kind, "hospital") == 0;
        long base = p->base;
        staff_spec head = {"ppe_head", base >= 0 ? base : school_in_muni(g, &r, p->muni, -1), true, 0, 0, false, 0.7};
        if ((rc = emit_staff_one(g, &r, &head)) != AT_OK)
            return rc;
        int norg = small ? 2 : 2 * p->nrooms + 1 + p->nrooms / 5;
        for (int k = 0; k < norg; k++) {
            staff_spec org = {"organizer", g->kz ? base : school_in_muni(g, &r, p->muni, base), true, 0, 0,
                              false, 0.82};
            if ((rc = emit_staff_one(g, &r, &org)) != AT_OK)
                return rc;
        }
        int ntech = small ? 1 : 1 + p->nrooms / 6;
        for (int k = 0; k < ntech; k++) {
            staff_spec tech = {"technical", base >= 0 ? base : school_in_muni(g, &r, p->muni, -1), false, 0,
                               0, false, 0.4};
            if ((rc = emit_staff_one(g, &r, &tech)) != AT_OK)
                return rc;
        }
        {
            /* every point in use needs a medical worker, home and hospital ones too */
            staff_spec med = {"medical", -1, false, 0, 0, false, 0.85};
            if ((rc = emit_staff_one(g, &r, &med)) != AT_OK)
                return rc;
        }
        {
            /* ГЭК members (RU: at least two, one with a token; KZ: the commission's member) */
            int ngek = g->kz ? 1 + chance(&r, 0.3) : 2 + (p->nrooms > 12);
            for (int k = 0; k < ngek; k++) {
                staff_spec gek = {"gek", -1, false, 0, 0, k == 0 || chance(&r, 0.5), 0.6};
                if ((rc = emit_staff_one(g, &r, &gek)) != AT_OK)
                    return rc;
            }
        }
        if (!small && chance(&r, g->kz ? 0.5 : 0.9)) {
            staff_spec obs = {"observer", -1, false, 0, 0, false, 0.65};
            if ((rc = emit_staff_one(g, &r, &obs)) != AT_OK)
                return rc;
        }
    }
    for (size_t m = 0; m < g->nmunis; m++)
        for (long k = 0; k < g->munis[m].assistants; k++) {
            staff_spec as = {"assistant", school_in_muni(g, &r, (int)m, -1), true, 0, 0, false, 0.85};
            if ((rc = emit_staff_one(g, &r, &as)) != AT_OK)
                return rc;
        }
    /* Subject commissions: one expert per so many registrations, at least two. */
    const prof_t *profs[] = {&g->p9, &g->p11};
    long per_expert = g->kz ? 150 : 60;
    for (size_t pi = 0; pi < 2; pi++) {
        const rule_profile *p = profs[pi]->p;
        for (size_t s = 0; s < p->nsubjects; s++) {
            long regs = profs[pi]->regs[s];
            /* a code shared with the other profile gets one commission, for
             * the takers of both grades (grade 9 may have none of them) */
            if (pi == 1 && rules_subject(profs[0]->p, p->subjects[s].code))
                continue;
            if (pi == 0 && rules_subject(profs[1]->p, p->subjects[s].code)) {
                const rule_subject *o = rules_subject(profs[1]->p, p->subjects[s].code);
                regs += profs[1]->regs[o - profs[1]->p->subjects];
            }
            if (!regs)
                continue;
            /* At least MIN_LEADING leading experts, from a university (no
             * school): whichever two mark a work, one of them is left for a
             * third check, and no participant's school excludes them. */
            long n = regs / per_expert;
            if (n < MIN_COMMISSION)
                n = MIN_COMMISSION;
            long leading = n / 10 > MIN_LEADING ? n / 10 : MIN_LEADING;
            long senior = n / 4;
            for (long k = 0; k < n; k++) {
                const char *status = k < leading ? "leading" : k < leading + senior ? "senior" : "basic";
                staff_spec ex = {"expert", k < MIN_LEADING ? -1 : (long)rng_below(&r, g->nschools), true,
                                 p->subjects[s].code, status, false, 0.85};
                if ((rc = emit_staff_one(g, &r, &ex)) != AT_OK)
                    return rc;
            }
        }
    }
    for (int k = 0; k < 9; k++) {
        staff_spec ap = {"appeals", k < 5 ? (long)rng_below(&r, g->nschools) : -1, k < 5, 0, 0, false, 0.7};
        if ((rc = emit_staff_one(g, &r, &ap)) != AT_OK)
            return rc;
    }
    return AT_OK;
}

/* ---------------------------------------------------------------- entry */

static int check_opts(const demo_opts *o, at_error *err)
{
    if (!o || !o->country || (strcmp(o->country, "ru") != 0 && strcmp(o->country, "kz") != 0))
        return at_fail(err, AT_EUSAGE, "demo", "country must be ru or kz");
    if (o->participants < 0 || o->participants > 100000000L)
        return at_fail(err, AT_EUSAGE, "demo", "participants must be between 0 and 100000000");
    if (o->year < 2000 || o->year > 2099)
        return at_fail(err, AT_EUSAGE, "demo", "year %d is out of range", o->year);
    if (!o->grade9 || !o->grade11)
        return at_fail(err, AT_EUSAGE, "demo", "rule profiles for grades 9 and 11 are required");
    const rule_profile *ps[] = {o->grade9, o->grade11};
    for (int i = 0; i < 2; i++)
        if (ps[i]->country && strcmp(ps[i]->country, o->country) != 0)
            return at_fail(err, AT_EUSAGE, "demo", "profile %s is not for country %s",
                           ps[i]->id ? ps[i]->id : "?", o->country);
    return AT_OK;
}

int demo_generate(const demo_opts *o, demo_put_fn put, demo_progress_fn progress, void *ctx, at_error *err)
{
    int rc = check_opts(o, err);
    if (rc != AT_OK)
        return rc;
    if (!put)
        return at_fail(err, AT_EUSAGE, "demo", "no sink");
    gen_t *g = calloc(1, sizeof *g);
    if (!g)
        return at_fail(err, AT_ENOMEM, "demo", "out of memory");
    g->o = o;
    g->kz = strcmp(o->country, "kz") == 0;
    g->put = put;
    g->ctx = ctx;
    g->err = err;
    at_rng r;
    rng_seed(&r, o->seed, "demo:documents");
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 100; j++)
            g->passport_salt[i][j] = (uint32_t)rng_u64(&r);
    g->iin_salt = (uint32_t)rng_u64(&r);
    if (g->kz && !(g->iin = calloc((size_t)IIN_DAYS * 2, sizeof *g->iin)))
        rc = at_fail(err, AT_ENOMEM, "demo", "out of memory");
    if (rc == AT_OK && (rc = row_init(&g->r_muni, "municipalities", muni_cols, COUNT(muni_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_school, "schools", school_cols, COUNT(school_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_part, "participants", part_cols, COUNT(part_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_reg, "registrations", reg_cols, COUNT(reg_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_adm, "admissions", adm_cols, COUNT(adm_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_mark, "annual_marks", mark_cols, COUNT(mark_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_point, "exam_points", point_cols, COUNT(point_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_room, "rooms", room_cols, COUNT(room_cols), err)) == AT_OK &&
        (rc = row_init(&g->r_staff, "staff", staff_cols, COUNT(staff_cols), err)) == AT_OK &&
        (rc = prof_init(&g->p9, o->grade9, o, err)) == AT_OK &&
        (rc = prof_init(&g->p11, o->grade11, o, err)) == AT_OK && (rc = plan_territory(g)) == AT_OK &&
        (rc = emit_territory(g)) == AT_OK && (rc = emit_participants(g, progress)) == AT_OK &&
        (rc = plan_points(g)) == AT_OK && (rc = emit_points(g)) == AT_OK && (rc = emit_rooms(g)) == AT_OK) {
        add_family_codes(g, &g->p9);
        add_family_codes(g, &g->p11);
        rc = emit_staff(g);
    }
    prof_free(&g->p9);
    prof_free(&g->p11);
    free(g->munis);
    free(g->schools);
    free(g->points);
    free(g->iin);
    free(g);
    return rc;
}
