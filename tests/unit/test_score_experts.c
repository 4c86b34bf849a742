/* The expert assignment (score_assign, score_mark, scores appeals) checked as
 * properties over generated regions, by reading the stored rows with this
 * test's own SQL — never the assigner's code or statements.
 *
 * A region (one per generator seed): one municipality, 10..24 schools of very
 * different sizes, 150..380 grade-11 participants (some without a school: past
 * graduates), exams RUS11 (Russian, main day), RUS11R (Russian, reserve day,
 * the participants who did not sit RUS11) and HIS11 (history); papers with
 * criteria (Russian 10/7/6, history 3/3/2/4) imported through `score paper`,
 * answer sheets (some absent) through `score import`; experts per subject with
 * mixed statuses (ведущий/старший/основной), spread over the participants'
 * schools (or, in the "no conflicts" regions, at a school without
 * participants), plus decoys: a staff member with an expert subject but no
 * expert role, and experts of the other subject. Capacities bind: every
 * expert needs several marking days.
 *
 * Per region and exam: assignment, then for every work: exactly two distinct
 * first-round experts of the exam's subject, neither at the participant's
 * school; no expert holds a work twice in any round; per expert and day at
 * most `capacity` works, days 1..⌈n/capacity⌉ of the run filled in order;
 * loads balanced (below); anonymous work codes; the seed recorded and
 * replayed (same seed → the same table, another seed → another). Then marks
 * (some discrepant by the profile's rule, read from the profile here) and
 * the third check; then scores appeals re-checked by experts who had not
 * marked the work.
 *
 * "Balanced": the assigner gives each work to the eligible expert with the
 * least load (all tasks an expert holds, every exam and round), then the
 * next least loaded other one. Its consequence, checked over the stored
 * rows: for any two experts x, y of the subject,
 *     L(x) − L(y) ≤ max(L0(x) − L0(y), 1) + B(x, y)
 * where L0/L are the loads before/after the run and B(x, y) the works of the
 * run given to x whose participant is at y's school (y could not take them).
 * With nobody blocked and equal loads before, that is max − min ≤ 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rng.h"
#include "rules/rules.h"
#include "score/score.h"
#include "store/store.h"
#include "store/store_score.h"
#include "store/store_sql.h"

#include "test_tmpdir.h"

#define MAXW 512  /* works of one exam */
#define MAXX 48   /* experts of one subject */
#define MAXP 512  /* participants */
#define RESULTS_DAY "2026-06-10"

typedef struct {
    uint64_t seed;
    int nschools, nparticipants, nexperts; /* experts of Russian; history gets half, at least 4 */
    int capacity;
    bool conflicts;                        /* experts at the participants' schools */
} region;

static const region regions[] = {
    {11, 14, 240, 9, 12, true},
    {22, 24, 380, 14, 9, true},
    {33, 10, 150, 6, 7, true},
    {44, 18, 300, 11, 10, false},
    {55, 12, 200, 8, 6, true},
};

typedef struct {
    const char *code, *subject, *date;
    int reserve;
    int nshort;
    int crit[4];
    int ncrit;
} exam_spec;

static const exam_spec exams[] = {
    {"RUS11", "rus", "2026-05-26", 0, 27, {10, 7, 6}, 3},
    {"RUS11R", "rus", "2026-06-24", 1, 27, {10, 7, 6}, 3},
    {"HIS11", "history", "2026-06-01", 0, 5, {3, 3, 2, 4}, 4},
};
#define NEXAMS (sizeof exams / sizeof *exams)

static store *g_store;
static int g_school_refused;   /* appeal re-checks refused to an expert of the participant's school */
static rule_profile *g_prof;

/* ---- SQL helpers (this test's own queries) ---- */

static void exec(const char *sql)
{
    at_error err = {0};
    if (store_exec_sql(g_store, sql, &err) != AT_OK)
        fail_msg("SQL failed: %s: %s\n%s", err.where, err.msg, sql);
}

static void execf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void execf(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    exec(sql);
}

static store_stmt *prep(const char *sql)
{
    store_stmt *st;
    at_error err = {0};
    if (store_prepare(g_store, sql, &st, &err) != AT_OK)
        fail_msg("prepare failed: %s\n%s", err.msg, sql);
    return st;
}

static int step(store_stmt *st)
{
    at_error err = {0};
    int rc = store_step(st, &err);
    if (rc < 0)
        fail_msg("step failed: %s", err.msg);
    return rc;
}

static long long q_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long q_int(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    store_stmt *st = prep(sql);
    assert_int_equal(step(st), 1);
    long long v = store_col_int(st, 0);
    store_finalize(st);
    return v;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

/* ---- building a region ---- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A growing text buffer for the CSV files. */
typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void bprintf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->n + (size_t)need + 1 > b->cap) {
        b->cap = (b->n + (size_t)need + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

/* A school index skewed towards the first schools: big schools, which block
 * their experts from many works. */
static int skewed(at_rng *r, int n)
{
    int a = (int)rng_below(r, (uint64_t)n), b = (int)rng_below(r, (uint64_t)n);
    return a < b ? a : b;
}

static void open_db(const char *name)
{
    at_error err = {0};
    assert_int_equal(store_open(path_of(name), STORE_CREATE, &g_store, &err), AT_OK);
    int from, to;
    assert_int_equal(store_migrate(g_store, &from, &to, &err), AT_OK);
    static const struct {
        const char *id;
        int grade;
    } profiles[] = {{"ru-gia11-2026", 11}, {"ru-gia9-2026", 9}};
    for (size_t i = 0; i < 2; i++) {
        const char *text;
        size_t len;
        assert_int_equal(rules_builtin_text(profiles[i].id, &text, &len, &err), AT_OK);
        char *json = strndup(text, len);
        assert_int_equal(store_profile_put(g_store, profiles[i].id, profiles[i].grade, json, &err), AT_OK);
        free(json);
    }
    assert_int_equal(store_meta_set(g_store, "country", "ru", &err), AT_OK);
}

/* The same region for the same spec, in a fresh database `name`. With
 * fixed_key the database's secret for work codes is drawn from the seed too
 * (stored before the sheets are imported, as the importer would), so that a
 * failure replays; otherwise the importer draws it at random. */
static void build_region(const region *rg, const char *name, bool fixed_key)
{
    open_db(name);
    at_rng r;
    rng_seed(&r, rg->seed, "test-region");
    at_error err = {0};
    if (fixed_key) {
        char hex[65];
        at_rng kr;
        rng_seed(&kr, rg->seed, "test-work-code-key");
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", (unsigned)rng_below(&kr, 256));
        assert_int_equal(store_meta_set(g_store, "work_code_key", hex, &err), AT_OK);
    }
    exec("INSERT INTO municipalities (code, name) VALUES ('M1', 'Район')");
    for (int i = 1; i <= rg->nschools; i++)
        execf("INSERT INTO schools (code, municipality_code, name) VALUES ('S%02d', 'M1', 'Школа %d')", i, i);
    exec("INSERT INTO schools (code, municipality_code, name) VALUES ('SX', 'M1', 'Школа без участников')");
    for (size_t e = 0; e < NEXAMS; e++)
        execf("INSERT INTO exams (code, grade, subject, form, room_kind, date, start_time, duration_minutes, period, "
              "reserve) VALUES ('%s', 11, '%s', 'ege', NULL, '%s', '10:00', 210, 'main', %d)",
              exams[e].code, exams[e].subject, exams[e].date, exams[e].reserve);
    /* participants: a passport-like document, so that no part of it can pass
     * for a piece of a work code by chance */
    for (int i = 1; i <= rg->nparticipants; i++) {
        bool graduate = rng_below(&r, 100) < 8;
        char school[16];
        snprintf(school, sizeof school, "S%02d", skewed(&r, rg->nschools) + 1);
        execf("INSERT INTO participants (document, last_name, first_name, school_code, grade, category) "
              "VALUES ('45 10 %06d', 'Фамилия%d', 'Имя', %s%s%s, 11, '%s')",
              100000 + i * 7, i, graduate ? "" : "'", graduate ? "NULL" : school, graduate ? "" : "'",
              graduate ? "past_graduate" : "pupil");
    }
    /* experts: the first three of a subject senior or leading, then mostly basic */
    static const char *const statuses[] = {"leading", "senior", "basic", "basic", "basic"};
    for (int s = 0; s < 2; s++) {
        int n = s == 0 ? rg->nexperts : (rg->nexperts / 2 > 4 ? rg->nexperts / 2 : 4);
        for (int i = 1; i <= n; i++) {
            const char *status = i == 1 ? "leading" : i <= 3 ? "senior" : statuses[rng_below(&r, 5)];
            char school[16] = "NULL";
            if (rg->conflicts && rng_below(&r, 10) < 7)
                snprintf(school, sizeof school, "'S%02d'", skewed(&r, rg->nschools) + 1);
            else if (!rg->conflicts && i % 2)
                snprintf(school, sizeof school, "'SX'");
            execf("INSERT INTO staff (document, last_name, first_name, roles, school_code, expert_subject, expert_status) "
                  "VALUES ('X%c%02d', 'Эксперт', 'Тест', '%s', %s, '%s', '%s')",
                  s == 0 ? 'R' : 'H', i, i % 3 ? "expert" : "organizer;expert", school, s == 0 ? "rus" : "history",
                  status);
        }
    }
    /* decoys: an expert subject without the expert role; someone of no subject */
    exec("INSERT INTO staff (document, last_name, first_name, roles, expert_subject, expert_status) VALUES "
         "('DR1', 'Не', 'Эксперт', 'organizer', 'rus', 'leading'), ('DR2', 'Не', 'Эксперт', 'technical', NULL, NULL)");
    /* papers */
    buf b = {0};
    bprintf(&b, "exam,variant,kind,item,label,max_points,key,alternatives,unordered,tolerance,partial,part\n");
    for (size_t e = 0; e < NEXAMS; e++) {
        for (int i = 1; i <= exams[e].nshort; i++)
            bprintf(&b, "%s,1,short,%d,%d,1,%d,,0,,,\n", exams[e].code, i, i, i % 10);
        for (int i = 1; i <= exams[e].ncrit; i++)
            bprintf(&b, "%s,1,criterion,%d,К%d,%d,,,0,,,\n", exams[e].code, i, i, exams[e].crit[i - 1]);
    }
    write_file(path_of("papers.csv"), b.p);
    long items;
    if (score_import_papers(g_store, path_of("papers.csv"), &items, &err) != AT_OK)
        fail_msg("papers: %s: %s", err.where, err.msg);
    /* answer sheets, one file per exam (their numbers of short items differ) */
    for (size_t e = 0; e < NEXAMS; e++) {
        b.n = 0;
        bprintf(&b, "exam,document,variant,status,act");
        for (int i = 1; i <= exams[e].nshort; i++)
            bprintf(&b, ",%d", i);
        bprintf(&b, "\n");
        long rows = 0;
        for (int i = 1; i <= rg->nparticipants; i++) {
            /* RUS11R holds those who did not sit RUS11 (drawn again, same order) */
            at_rng pr;
            char purpose[32];
            snprintf(purpose, sizeof purpose, "sits:%d", i);
            rng_seed(&pr, rg->seed, purpose);
            bool rus_main = rng_below(&pr, 100) < 85, history = rng_below(&pr, 100) < 45;
            bool sits = e == 0 ? rus_main : e == 1 ? !rus_main : history;
            if (!sits)
                continue;
            bool absent = rng_below(&r, 100) < 7;
            bprintf(&b, "%s,45 10 %06d,%s,%s,", exams[e].code, 100000 + i * 7, absent ? "" : "1",
                    absent ? "absent" : "present");
            for (int k = 1; k <= exams[e].nshort; k++)
                bprintf(&b, ",%s", absent ? "" : rng_below(&r, 2) ? "1" : "0");
            bprintf(&b, "\n");
            rows++;
        }
        char file[32];
        snprintf(file, sizeof file, "sheets-%zu.csv", e);
        write_file(path_of(file), b.p);
        long n;
        if (score_import_sheets(g_store, path_of(file), NULL, NULL, &n, &err) != AT_OK)
            fail_msg("sheets of %s: %s: %s", exams[e].code, err.where, err.msg);
        assert_int_equal(n, rows);
    }
    free(b.p);
}

static void close_db(void)
{
    store_close(g_store);
    g_store = NULL;
}

/* ---- reading the stored assignment ---- */

typedef struct {
    char doc[32], school[16], status[16];
    long load0, load;      /* every task held, before and after the run */
    long run;              /* tasks of the run */
} xrow;

typedef struct {
    char code[24], doc[32], school[16], last[32];
    char x1[32], x2[32];   /* round 1 and 2 experts of the run */
    int d1, d2;
} wrow;

/* The experts of a subject: staff with the expert role and this subject. */
static size_t read_experts(const char *subject, xrow *x)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT document, coalesce(school_code, ''), expert_status, "
             "(SELECT count(*) FROM expert_tasks t WHERE t.expert = s.document) FROM staff s "
             "WHERE expert_subject = '%s' AND instr(';' || roles || ';', ';expert;') > 0 ORDER BY document",
             subject);
    store_stmt *st = prep(sql);
    size_t n = 0;
    while (step(st) == 1) {
        assert_true(n < MAXX);
        memset(&x[n], 0, sizeof x[n]);
        copy(x[n].doc, sizeof x[n].doc, store_col_text(st, 0));
        copy(x[n].school, sizeof x[n].school, store_col_text(st, 1));
        copy(x[n].status, sizeof x[n].status, store_col_text(st, 2));
        x[n].load0 = x[n].load = (long)store_col_int(st, 3);
        n++;
    }
    store_finalize(st);
    return n;
}

static xrow *find_expert(xrow *x, size_t n, const char *doc)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(x[i].doc, doc) == 0)
            return &x[i];
    return NULL;
}

static size_t read_works(const char *exam, wrow *w)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT w.work_code, w.document, coalesce(p.school_code, ''), p.last_name FROM works w "
             "JOIN participants p ON p.document = w.document WHERE w.exam_code = '%s' ORDER BY w.work_code",
             exam);
    store_stmt *st = prep(sql);
    size_t n = 0;
    while (step(st) == 1) {
        assert_true(n < MAXW);
        memset(&w[n], 0, sizeof w[n]);
        copy(w[n].code, sizeof w[n].code, store_col_text(st, 0));
        copy(w[n].doc, sizeof w[n].doc, store_col_text(st, 1));
        copy(w[n].school, sizeof w[n].school, store_col_text(st, 2));
        copy(w[n].last, sizeof w[n].last, store_col_text(st, 3));
        n++;
    }
    store_finalize(st);
    return n;
}

static wrow *find_work(wrow *w, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i].code, code) == 0)
            return &w[i];
    return NULL;
}

/* The run's table as text, one line per task, in a fixed order. */
static char *dump_run(long run)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT work_code, expert, round, day FROM expert_tasks WHERE run_id = %ld ORDER BY work_code, round", run);
    store_stmt *st = prep(sql);
    buf b = {0};
    bprintf(&b, "%s", "");
    while (step(st) == 1)
        bprintf(&b, "%s %s %lld %lld\n", store_col_text(st, 0), store_col_text(st, 1), store_col_int(st, 2),
                store_col_int(st, 3));
    store_finalize(st);
    return b.p;
}

static long assign(const char *exam, uint64_t seed, int capacity, score_assign_report *rep)
{
    at_error err = {0};
    if (score_assign(g_store, exam, seed, capacity, rep, &err) != AT_OK)
        fail_msg("assign %s: %s: %s", exam, err.where, err.msg);
    return (long)q_int("SELECT max(id) FROM expert_runs");
}

/* Lines of a that are not in b (both sorted dumps of the same works). */
static int differing_lines(const char *a, const char *b)
{
    int n = 0;
    while (*a && *b) {
        const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
        if (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)) != 0)
            n++;
        a = ea + 1;
        b = eb + 1;
    }
    return n + (*a != '\0') + (*b != '\0');
}

/* ---- the properties of one run ---- */

static void check_run(const region *rg, const exam_spec *ex, long run, const score_assign_report *rep, xrow *x,
                      size_t nx, wrow *w, size_t nw)
{
    /* the works are the present sheets (an absent participant has no work) */
    long present = (long)q_int("SELECT count(*) FROM answer_sheets WHERE exam_code = '%s' AND status = 'present'",
                               ex->code);
    assert_int_equal((long)nw, present);
    assert_int_equal(rep->works, present);
    assert_int_equal(rep->tasks, 2 * present);
    assert_int_equal(rep->experts, (int)nx);
    /* the seed and the capacity are recorded with the run */
    assert_int_equal(q_int("SELECT count(*) FROM expert_runs WHERE id = %ld AND exam_code = '%s' AND capacity = %d "
                           "AND works = %ld",
                           run, ex->code, rg->capacity, present),
                     1);
    /* every task of the run, read back */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT work_code, expert, round, day FROM expert_tasks WHERE run_id = %ld", run);
    store_stmt *st = prep(sql);
    long ntasks = 0;
    static long per_day[MAXX][64];
    memset(per_day, 0, sizeof per_day);
    while (step(st) == 1) {
        ntasks++;
        const char *code = store_col_text(st, 0), *doc = store_col_text(st, 1);
        int round = (int)store_col_int(st, 2), day = (int)store_col_int(st, 3);
        wrow *wk = find_work(w, nw, code);
        if (!wk)
            fail_msg("run %ld gave %s, not a work of %s", run, code, ex->code);
        xrow *e = find_expert(x, nx, doc);
        if (!e)
            fail_msg("work %s went to %s, not an expert of %s", code, doc, ex->subject);
        if (round != 1 && round != 2)
            fail_msg("work %s: round %d in an assignment run", code, round);
        char *slot = round == 1 ? wk->x1 : wk->x2;
        if (*slot)
            fail_msg("work %s has two round-%d experts (%s, %s)", code, round, slot, doc);
        copy(slot, sizeof wk->x1, doc);
        *(round == 1 ? &wk->d1 : &wk->d2) = day;
        if (wk->school[0] && strcmp(e->school, wk->school) == 0)
            fail_msg("work %s (school %s) went to %s of the same school", code, wk->school, doc);
        if (day < 1 || day >= 64)
            fail_msg("work %s: day %d", code, day);
        per_day[e - x][day]++;
        e->run++;
    }
    store_finalize(st);
    assert_int_equal(ntasks, 2 * present);
    for (size_t i = 0; i < nw; i++) {
        if (!w[i].x1[0] || !w[i].x2[0])
            fail_msg("work %s lacks a first-round expert", w[i].code);
        if (strcmp(w[i].x1, w[i].x2) == 0)
            fail_msg("work %s: the same expert %s twice", w[i].code, w[i].x1);
    }
    /* never the same work twice, over every round and run so far */
    assert_int_equal(q_int("SELECT count(*) FROM (SELECT work_code, expert FROM expert_tasks "
                           "GROUP BY work_code, expert HAVING count(*) > 1) AS d"),
                     0);
    /* the daily capacity: days 1..⌈n/c⌉ of the run, each full but the last */
    long days = 0;
    for (size_t i = 0; i < nx; i++) {
        long n = x[i].run, need = (n + rg->capacity - 1) / rg->capacity;
        for (long d = 1; d < 64; d++) {
            long want = d < need ? rg->capacity : d == need ? n - (need - 1) * rg->capacity : 0;
            if (per_day[i][d] != want)
                fail_msg("%s: %ld works on day %ld of the run (%ld in all, capacity %d; expected %ld)", x[i].doc,
                         per_day[i][d], d, n, rg->capacity, want);
        }
        if (need > days)
            days = need;
        x[i].load = x[i].load0 + n;
    }
    assert_int_equal(rep->days, days);
    /* balance (see the header) */
    long lo = x[0].load, hi = x[0].load, lo0 = x[0].load0, hi0 = x[0].load0;
    for (size_t i = 0; i < nx; i++) {
        lo = x[i].load < lo ? x[i].load : lo;
        hi = x[i].load > hi ? x[i].load : hi;
        lo0 = x[i].load0 < lo0 ? x[i].load0 : lo0;
        hi0 = x[i].load0 > hi0 ? x[i].load0 : hi0;
        for (size_t j = 0; j < nx; j++) {
            if (i == j)
                continue;
            long blocked = 0;
            for (size_t k = 0; k < nw && x[j].school[0]; k++)
                if ((strcmp(w[k].x1, x[i].doc) == 0 || strcmp(w[k].x2, x[i].doc) == 0) &&
                    strcmp(w[k].school, x[j].school) == 0)
                    blocked++;
            long gap0 = x[i].load0 - x[j].load0, bound = (gap0 > 1 ? gap0 : 1) + blocked;
            if (x[i].load - x[j].load > bound)
                fail_msg("%s: %s holds %ld works, %s %ld (before the run %ld and %ld; %ld of %s's works are from "
                         "%s's school): not balanced",
                         ex->code, x[i].doc, x[i].load, x[j].doc, x[j].load, x[i].load0, x[j].load0, blocked, x[i].doc,
                         x[j].doc);
        }
    }
    if (!rg->conflicts)
        assert_true(hi - lo <= (hi0 - lo0 > 1 ? hi0 - lo0 : 1));
    /* anonymous codes: 12 characters of the code alphabet, holding neither
     * the participant's document number nor name (that they are keyed, not
     * computed from the participant, is test_codes_keyed); and the experts'
     * task list carries nothing else about the participant */
    for (size_t i = 0; i < nw; i++) {
        assert_int_equal(strlen(w[i].code), 12);
        assert_int_equal(strspn(w[i].code, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"), 12);
        const char *serial = w[i].doc + 6; /* "45 10 NNNNNN" */
        assert_null(strstr(w[i].code, serial));
        assert_null(strstr(w[i].code, w[i].last));
    }
    store_stmt *tl;
    at_error err = {0};
    assert_int_equal(store_score_prepare(g_store, SS_TASKS_LIST, &tl, &err), AT_OK);
    store_bind_text(tl, 1, ex->code);
    long listed = 0;
    while (step(tl) == 1) {
        wrow *wk = find_work(w, nw, store_col_text(tl, 0));
        assert_non_null(wk);
        for (int c = 0; c < store_col_count(tl); c++) {
            const char *v = store_col_text(tl, c);
            if (!v)
                continue;
            assert_null(strstr(v, wk->doc + 6));
            assert_null(strstr(v, wk->last));
        }
        listed++;
    }
    store_finalize(tl);
    assert_true(listed >= 2 * present);
}

/* Same seed → the same table; another seed → another; the recorded seed
 * replays. Leaves the exam assigned with `seed` and returns that run. */
static long check_replay(const char *exam, uint64_t seed, int capacity, score_assign_report *rep)
{
    long run = assign(exam, seed, capacity, rep);
    char *first = dump_run(run);
    assert_true(strlen(first) > 0);
    char seedtxt[32], want[32];
    store_stmt *st = prep("SELECT seed FROM expert_runs ORDER BY id DESC LIMIT 1");
    assert_int_equal(step(st), 1);
    copy(seedtxt, sizeof seedtxt, store_col_text(st, 0));
    store_finalize(st);
    snprintf(want, sizeof want, "%llu", (unsigned long long)seed);
    assert_string_equal(seedtxt, want);
    uint64_t recorded = strtoull(seedtxt, NULL, 10);
    /* undo the run's tasks (the works are unassigned again) and replay */
    score_assign_report r2;
    execf("DELETE FROM expert_tasks WHERE run_id = %ld", run);
    long again = assign(exam, recorded, capacity, &r2);
    char *second = dump_run(again);
    assert_string_equal(first, second);
    assert_int_equal(r2.days, rep->days);
    execf("DELETE FROM expert_tasks WHERE run_id = %ld", again);
    long other = assign(exam, seed * 7919 + 1, capacity, &r2);
    char *third = dump_run(other);
    int diff = differing_lines(first, third);
    if (diff == 0)
        fail_msg("%s: seeds %llu and %llu gave the same assignment", exam, (unsigned long long)seed,
                 (unsigned long long)(seed * 7919 + 1));
    execf("DELETE FROM expert_tasks WHERE run_id = %ld", other);
    run = assign(exam, seed, capacity, rep);
    char *last = dump_run(run);
    assert_string_equal(first, last);
    free(first);
    free(second);
    free(third);
    free(last);
    return run;
}

/* ---- marks and the third check ---- */

/* The profile's rule, applied here: a third check when the totals differ by
 * at least discrepancy_total or one criterion by at least discrepancy_criterion. */
static bool discrepant(const exam_spec *ex, const int *m1, const int *m2)
{
    const rule_marking *rule = rules_marking(g_prof, rules_subject(g_prof, ex->subject));
    assert_non_null(rule);
    int t1 = 0, t2 = 0;
    bool crit = false;
    for (int i = 0; i < ex->ncrit; i++) {
        t1 += m1[i];
        t2 += m2[i];
        int d = m1[i] > m2[i] ? m1[i] - m2[i] : m2[i] - m1[i];
        if (rule->discrepancy_criterion > 0 && d >= rule->discrepancy_criterion)
            crit = true;
    }
    int dt = t1 > t2 ? t1 - t2 : t2 - t1;
    return crit || (rule->discrepancy_total > 0 && dt >= rule->discrepancy_total);
}

static void marks_text(const exam_spec *ex, const int *m, char *out, size_t n)
{
    size_t used = 0;
    for (int i = 0; i < ex->ncrit; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%d", i ? "," : "", m[i]);
}

static void random_marks(at_rng *r, const exam_spec *ex, int *m1, int *m2)
{
    static const int spread[] = {0, 1, 2, 3, 6, 10};
    int d = spread[rng_below(r, 6)];
    for (int i = 0; i < ex->ncrit; i++) {
        m1[i] = (int)rng_below(r, (uint64_t)ex->crit[i] + 1);
        int v = m1[i] + (int)rng_below(r, (uint64_t)(2 * d + 1)) - d;
        m2[i] = v < 0 ? 0 : v > ex->crit[i] ? ex->crit[i] : v;
    }
}

static void mark(const char *work, const char *expert, const char *marks, char *third, size_t n)
{
    at_error err = {0};
    if (score_mark(g_store, work, expert, marks, third, n, &err) != AT_OK)
        fail_msg("mark %s by %s (%s): %s: %s", work, expert, marks, err.where, err.msg);
}

/* Marks every work of the exam; checks each third check. Counts the works
 * with and without a third check, and those refused one (nobody eligible). */
typedef struct {
    long thirds, plain, refused;
} marking_counts;

static void check_marking(const region *rg, const exam_spec *ex, const char *subject, wrow *w, size_t nw,
                          marking_counts *mc)
{
    at_rng r;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "test-marks:%s", ex->code);
    rng_seed(&r, rg->seed, purpose);
    long thirds = 0, plain = 0;
    for (size_t i = 0; i < nw; i++) {
        int m1[4], m2[4];
        random_marks(&r, ex, m1, m2);
        char t1[32], t2[32], third[64];
        marks_text(ex, m1, t1, sizeof t1);
        marks_text(ex, m2, t2, sizeof t2);
        mark(w[i].code, w[i].x1, t1, third, sizeof third);
        assert_string_equal(third, "");
        /* who may take a third check, and their loads, before the second mark */
        static xrow x[MAXX];
        size_t nx = read_experts(subject, x);
        long best = -1;
        for (size_t k = 0; k < nx; k++) {
            bool senior = strcmp(x[k].status, "leading") == 0 || strcmp(x[k].status, "senior") == 0;
            bool eligible = senior && strcmp(x[k].doc, w[i].x1) != 0 && strcmp(x[k].doc, w[i].x2) != 0 &&
                            !(w[i].school[0] && strcmp(x[k].school, w[i].school) == 0);
            if (eligible && (best < 0 || x[k].load0 < best))
                best = x[k].load0;
        }
        /* and exactly which: ties among the least loaded go by keys drawn,
         * in document order, from the seed recorded by the run that assigned
         * the work (purpose "third:<work>") — replayable from the database */
        char expect[32] = "";
        {
            store_stmt *ss = prep("SELECT r.seed FROM expert_tasks t JOIN expert_runs r ON r.id = t.run_id "
                                  "WHERE t.work_code = ?1 AND t.round = 1");
            store_bind_text(ss, 1, w[i].code);
            assert_int_equal(step(ss), 1);
            uint64_t run_seed = strtoull(store_col_text(ss, 0), NULL, 10);
            store_finalize(ss);
            at_rng tr;
            char tp[64];
            snprintf(tp, sizeof tp, "third:%s", w[i].code);
            rng_seed(&tr, run_seed, tp);
            long bl = -1;
            uint64_t bt = 0;
            for (size_t k = 0; k < nx; k++) {
                bool senior = strcmp(x[k].status, "leading") == 0 || strcmp(x[k].status, "senior") == 0;
                if (!senior || strcmp(x[k].doc, w[i].x1) == 0 || strcmp(x[k].doc, w[i].x2) == 0 ||
                    (w[i].school[0] && strcmp(x[k].school, w[i].school) == 0))
                    continue;
                uint64_t t = rng_u64(&tr);
                if (bl < 0 || x[k].load0 < bl || (x[k].load0 == bl && t < bt)) {
                    bl = x[k].load0;
                    bt = t;
                    copy(expect, sizeof expect, x[k].doc);
                }
            }
        }
        bool need = discrepant(ex, m1, m2);
        if (need && best < 0) {
            /* nobody can take it: refused, and nothing changes */
            at_error err = {0};
            assert_int_equal(score_mark(g_store, w[i].code, w[i].x2, t2, third, sizeof third, &err), AT_EINPUT);
            assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE work_code = '%s' AND marks IS NULL",
                                   w[i].code),
                             1);
            mc->refused++;
            continue;
        }
        mark(w[i].code, w[i].x2, t2, third, sizeof third);
        if (!need) {
            if (third[0])
                fail_msg("work %s: marks %s and %s are not discrepant by the profile, yet %s was called", w[i].code, t1,
                         t2, third);
            plain++;
            continue;
        }
        if (!third[0])
            fail_msg("work %s: marks %s and %s are discrepant by the profile; no third expert", w[i].code, t1, t2);
        if (strcmp(third, expect) != 0)
            fail_msg("work %s: third expert %s; the run's seed picks %s", w[i].code, third, expect);
        thirds++;
        /* the stored third task, checked against the staff table */
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT t.expert, s.expert_status, coalesce(s.school_code, ''), s.expert_subject, t.marks "
                 "FROM expert_tasks t JOIN staff s ON s.document = t.expert WHERE t.work_code = '%s' AND t.round = 3",
                 w[i].code);
        store_stmt *st = prep(sql);
        assert_int_equal(step(st), 1);
        assert_string_equal(store_col_text(st, 0), third);
        const char *status = store_col_text(st, 1);
        if (strcmp(status, "leading") != 0 && strcmp(status, "senior") != 0)
            fail_msg("work %s: third expert %s is %s", w[i].code, third, status);
        if (w[i].school[0] && strcmp(store_col_text(st, 2), w[i].school) == 0)
            fail_msg("work %s: third expert %s is of the participant's school %s", w[i].code, third, w[i].school);
        assert_string_equal(store_col_text(st, 3), subject);
        assert_true(store_col_null(st, 4));
        assert_string_not_equal(third, w[i].x1);
        assert_string_not_equal(third, w[i].x2);
        assert_int_equal(step(st), 0);
        store_finalize(st);
        /* the least loaded of those who could take it */
        xrow *chosen = find_expert(x, nx, third);
        assert_non_null(chosen);
        if (chosen->load0 != best)
            fail_msg("work %s: third expert %s held %ld works, another eligible one %ld", w[i].code, third,
                     chosen->load0, best);
        /* the third expert's marks are final; no fourth is called */
        int m3[4];
        for (int k = 0; k < ex->ncrit; k++)
            m3[k] = (int)rng_below(&r, (uint64_t)ex->crit[k] + 1);
        char t3[32], fourth[64];
        marks_text(ex, m3, t3, sizeof t3);
        mark(w[i].code, third, t3, fourth, sizeof fourth);
        assert_string_equal(fourth, "");
        int total = 0;
        for (int k = 0; k < ex->ncrit; k++)
            total += m3[k];
        long shorts = q_int("SELECT coalesce(short_score, -1) FROM results r JOIN works w ON w.exam_code = r.exam_code "
                            "AND w.document = r.document WHERE w.work_code = '%s'",
                            w[i].code);
        assert_int_equal(q_int("SELECT primary_score FROM results r JOIN works w ON w.exam_code = r.exam_code "
                               "AND w.document = r.document WHERE w.work_code = '%s'",
                               w[i].code),
                         shorts + total);
    }
    mc->thirds += thirds;
    mc->plain += plain;
    /* no expert holds a work twice, third checks included */
    assert_int_equal(q_int("SELECT count(*) FROM (SELECT work_code, expert FROM expert_tasks "
                           "GROUP BY work_code, expert HAVING count(*) > 1) AS d"),
                     0);
}

/* Scores appeals: the re-check is refused to anyone who held the work and to
 * experts of another subject, and accepted from one who had not. */
static void check_appeals(const exam_spec *ex, wrow *w, size_t nw, xrow *x, size_t nx)
{
    at_error err = {0};
    long n;
    if (score_approve(g_store, ex->code, &n, &err) != AT_OK || score_publish(g_store, ex->code, RESULTS_DAY, &n, &err) != AT_OK)
        fail_msg("approve/publish %s: %s", ex->code, err.msg);
    int done = 0;
    for (size_t i = 0; i < nw && done < 4; i++) {
        if (q_int("SELECT count(*) FROM results WHERE exam_code = '%s' AND document = '%s' AND status = 'scored'",
                  ex->code, w[i].doc) != 1)
            continue;
        /* who holds the work (any round) */
        store_stmt *st = prep("SELECT t.expert FROM expert_tasks t WHERE t.work_code = ?1");
        store_bind_text(st, 1, w[i].code);
        char holders[4][32];
        int nh = 0;
        while (step(st) == 1 && nh < 4)
            copy(holders[nh++], sizeof holders[0], store_col_text(st, 0));
        store_finalize(st);
        assert_true(nh >= 2);
        /* an expert who had not held it, outside the participant's school */
        const char *fresh = NULL;
        for (size_t k = 0; k < nx && !fresh; k++) {
            bool held = false;
            for (int j = 0; j < nh; j++)
                held = held || strcmp(holders[j], x[k].doc) == 0;
            if (!held && !(w[i].school[0] && strcmp(x[k].school, w[i].school) == 0))
                fresh = x[k].doc;
        }
        if (!fresh)
            continue; /* all the others are of the participant's school */
        long id;
        if (score_appeal_file(g_store, "scores", ex->code, w[i].doc, RESULTS_DAY, "не согласен", &id, &err) != AT_OK)
            fail_msg("appeal of %s: %s", w[i].doc, err.msg);
        char marks[32];
        int zero[4] = {0, 0, 0, 0};
        marks_text(ex, zero, marks, sizeof marks);
        /* every holder is refused */
        for (int k = 0; k < nh; k++)
            assert_int_equal(score_appeal_decide(g_store, id, "upheld", RESULTS_DAY, holders[k], marks, NULL, &err),
                             AT_EINPUT);
        /* an expert of the participant's school is refused, and says why */
        for (size_t k = 0; k < nx; k++) {
            bool held = false;
            for (int j = 0; j < nh; j++)
                held = held || strcmp(holders[j], x[k].doc) == 0;
            if (held || !w[i].school[0] || strcmp(x[k].school, w[i].school) != 0)
                continue;
            assert_int_equal(score_appeal_decide(g_store, id, "upheld", RESULTS_DAY, x[k].doc, marks, NULL, &err),
                             AT_EINPUT);
            if (!strstr(err.msg, "the participant's") || !strstr(err.msg, x[k].doc))
                fail_msg("appeal re-check by %s of the participant's school: \"%s\"", x[k].doc, err.msg);
            g_school_refused++;
            break;
        }
        /* an expert of the other subject is refused */
        const char *other = strcmp(ex->subject, "rus") == 0 ? "XH01" : "XR01";
        assert_int_equal(score_appeal_decide(g_store, id, "upheld", RESULTS_DAY, other, marks, NULL, &err), AT_EINPUT);
        if (score_appeal_decide(g_store, id, "upheld", RESULTS_DAY, fresh, marks, NULL, &err) != AT_OK)
            fail_msg("appeal re-check of %s by %s: %s", w[i].code, fresh, err.msg);
        assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE work_code = '%s' AND round = 4 AND expert = "
                               "'%s' AND marks = '%s'",
                               w[i].code, fresh, marks),
                         1);
        assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE work_code = '%s' AND expert = '%s'", w[i].code,
                               fresh),
                         1);
        done++;
    }
    assert_int_equal(done, 4);
}

/* ---- the tests ---- */

static void test_generated_regions(void **state)
{
    (void)state;
    marking_counts all = {0, 0, 0};
    int appealed = 0;
    for (size_t g = 0; g < sizeof regions / sizeof *regions; g++) {
        const region *rg = &regions[g];
        char name[32];
        snprintf(name, sizeof name, "region%zu.db", g);
        build_region(rg, name, true);
        for (size_t e = 0; e < NEXAMS; e++) {
            const exam_spec *ex = &exams[e];
            static xrow x[MAXX];
            static wrow w[MAXW];
            size_t nx = read_experts(ex->subject, x);
            size_t nw = read_works(ex->code, w);
            assert_true(nw > 5);
            score_assign_report rep;
            long run = check_replay(ex->code, rg->seed * 100 + e, rg->capacity, &rep);
            check_run(rg, ex, run, &rep, x, nx, w, nw);
            /* capacities bind: the main day's works need several days */
            if (e == 0)
                assert_true(rep.days > 1);
            marking_counts mc = {0, 0, 0};
            check_marking(rg, ex, ex->subject, w, nw, &mc);
            print_message("region %zu %s: %zu works, %zu experts, %ld days at %d, %ld third checks, %ld refused\n", g,
                          ex->code, nw, nx, rep.days, rg->capacity, mc.thirds, mc.refused);
            all.thirds += mc.thirds;
            all.plain += mc.plain;
            all.refused += mc.refused;
            /* appeals follow publication, which waits for every third check */
            if (e == 0 && mc.refused == 0) {
                check_appeals(ex, w, nw, x, nx);
                appealed++;
            }
        }
        /* the decoys (no expert role) never get a work */
        assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE expert IN ('DR1', 'DR2')"), 0);
        close_db();
    }
    /* every branch above was exercised: works with and without a third
     * check, refused ones, and appeals re-checked */
    assert_true(all.thirds > 0);
    assert_true(all.plain > 0);
    assert_true(all.refused > 0);
    assert_true(appealed > 0);
    assert_true(g_school_refused > 0);
}

/* The same region in another database: the works get other codes (a code is
 * keyed by the database's secret, not computable from the participant). */
static void test_codes_keyed(void **state)
{
    (void)state;
    const region *rg = &regions[2];
    build_region(rg, "keyed-a.db", true);
    static wrow a[MAXW], b[MAXW];
    size_t na = read_works("RUS11", a);
    close_db();
    build_region(rg, "keyed-b.db", false);
    size_t nb = read_works("RUS11", b);
    close_db();
    assert_int_equal(na, nb);
    size_t same = 0, matched = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (strcmp(a[i].doc, b[j].doc) == 0) {
                matched++;
                same += strcmp(a[i].code, b[j].code) == 0;
            }
    assert_int_equal(matched, na);
    assert_int_equal(same, 0);
}

/* Hand-made: when no senior expert can take the third check, the second mark
 * is refused and nothing is written; when fewer than two experts are outside
 * the school, the assignment writes nothing. */
static void test_no_eligible_expert(void **state)
{
    (void)state;
    open_db("small.db");
    exec("INSERT INTO municipalities (code, name) VALUES ('M1', 'Район');"
         "INSERT INTO schools (code, municipality_code, name) VALUES ('S1', 'M1', 'Школа 1');"
         "INSERT INTO exams (code, grade, subject, form, room_kind, date, start_time, duration_minutes, period, reserve) "
         "VALUES ('HIS11', 11, 'history', 'ege', NULL, '2026-06-01', '10:00', 210, 'main', 0),"
         "  ('SOC11', 11, 'social', 'ege', NULL, '2026-06-02', '10:00', 210, 'main', 0);"
         "INSERT INTO participants (document, last_name, first_name, school_code, grade, category) "
         "VALUES ('A', 'А', 'А', 'S1', 11, 'pupil');"
         "INSERT INTO staff (document, last_name, first_name, roles, school_code, expert_subject, expert_status) VALUES "
         "  ('X1', 'Э', 'Э', 'expert', 'S1', 'history', 'leading'), ('X2', 'Э', 'Э', 'expert', NULL, 'history', 'basic'),"
         "  ('X3', 'Э', 'Э', 'expert', NULL, 'history', 'basic'),"
         "  ('Y1', 'Э', 'Э', 'expert', 'S1', 'social', 'senior'), ('Y2', 'Э', 'Э', 'expert', NULL, 'social', 'senior')");
    write_file(path_of("small-papers.csv"),
               "exam,variant,kind,item,label,max_points,key,alternatives,unordered,tolerance,partial,part\n"
               "HIS11,1,short,1,1,1,1,,0,,,\nHIS11,1,criterion,1,К1,3,,,0,,,\n"
               "SOC11,1,short,1,1,1,1,,0,,,\nSOC11,1,criterion,1,К1,3,,,0,,,\n");
    write_file(path_of("small-sheets.csv"), "exam,document,variant,status,act,1\nHIS11,A,1,present,,1\n"
                                            "SOC11,A,1,present,,1\n");
    at_error err = {0};
    long n;
    assert_int_equal(score_import_papers(g_store, path_of("small-papers.csv"), &n, &err), AT_OK);
    assert_int_equal(score_import_sheets(g_store, path_of("small-sheets.csv"), NULL, NULL, &n, &err), AT_OK);
    score_assign_report rep;
    /* social: only Y2 is outside S1 */
    assert_int_equal(score_assign(g_store, "SOC11", 5, 10, &rep, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "fewer than two experts"));
    assert_int_equal(q_int("SELECT count(*) FROM expert_runs"), 0);
    assert_int_equal(q_int("SELECT count(*) FROM expert_tasks"), 0);
    /* history: X2 and X3; a discrepancy finds only X1, of the school */
    assert_int_equal(score_assign(g_store, "HIS11", 5, 10, &rep, &err), AT_OK);
    assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE expert IN ('X2', 'X3') AND round <= 2"), 2);
    store_stmt *st = prep("SELECT t.work_code FROM expert_tasks t JOIN works w ON w.work_code = t.work_code "
                          "WHERE w.exam_code = 'HIS11' AND t.expert = 'X2'");
    assert_int_equal(step(st), 1);
    char work[24], third[64];
    copy(work, sizeof work, store_col_text(st, 0));
    store_finalize(st);
    assert_int_equal(score_mark(g_store, work, "X2", "3", third, sizeof third, &err), AT_OK);
    assert_int_equal(score_mark(g_store, work, "X3", "0", third, sizeof third, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "third check"));
    assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE work_code = '%s' AND expert = 'X3' AND marks IS NULL",
                           work),
                     1);
    assert_int_equal(q_int("SELECT count(*) FROM expert_tasks WHERE round = 3"), 0);
    /* a senior expert outside the school arrives: the same marks now call them */
    exec("INSERT INTO staff (document, last_name, first_name, roles, school_code, expert_subject, expert_status) "
         "VALUES ('X4', 'Э', 'Э', 'expert', NULL, 'history', 'senior')");
    assert_int_equal(score_mark(g_store, work, "X3", "0", third, sizeof third, &err), AT_OK);
    assert_string_equal(third, "X4");
    close_db();
}

static int group_setup(void **state)
{
    if (setup(state) != 0)
        return -1;
    const char *text;
    size_t len;
    at_error err = {0};
    if (rules_builtin_text("ru-gia11-2026", &text, &len, &err) != AT_OK ||
        rules_parse(text, len, "ru-gia11-2026", &g_prof, &err) != AT_OK)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    rules_free(g_prof);
    return teardown(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_regions),
        cmocka_unit_test(test_codes_keyed),
        cmocka_unit_test(test_no_eligible_expert),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
