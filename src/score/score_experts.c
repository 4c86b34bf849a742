/* score_experts.c — giving works to experts and taking their marks.
 *
 * Assignment (`attest experts assign`): works in the order of their anonymous
 * codes; each goes to the two eligible experts with the least load so far,
 * ties broken by a stream seeded from the recorded seed — so the same seed
 * gives the same assignment. Eligible: an expert of the exam's subject, not
 * working at the participant's school, not already holding the work. The
 * load is every task an expert holds (all exams and rounds), so that the
 * work evens out over the season; the days are the run's own: an expert's
 * k-th work of this run (0-based) falls on day k / capacity + 1. A third
 * expert (senior or leading, same rules, least loaded) is called when the
 * two marks differ substantially by the profile's rule.
 * tests/unit/test_score_experts.c checks these promises as properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "score_internal.h"

typedef struct {
    char doc[64], school[64], status[16];
    long load;                   /* tasks held, every exam and round */
    long run;                    /* tasks of this run (sets the day) */
    uint64_t tie;
} expert;

typedef struct {
    expert *v;
    size_t n;
} expert_list;

static int load_experts(score_db *d, const char *subject, expert_list *l, at_error *err)
{
    l->v = NULL;
    l->n = 0;
    store_stmt *st = sdb_stmt(d, SS_EXPERTS_FOR, err), *ld = NULL;
    if (!st)
        return err->code;
    store_bind_text(st, 1, subject);
    int rc;
    while ((rc = store_step(st, err)) == 1) {
        expert *nv = realloc(l->v, (l->n + 1) * sizeof *nv);
        if (!nv)
            return at_fail(err, AT_ENOMEM, "experts", "out of memory");
        l->v = nv;
        expert *x = &nv[l->n++];
        memset(x, 0, sizeof *x);
        snprintf(x->doc, sizeof x->doc, "%s", store_col_text(st, 0));
        snprintf(x->school, sizeof x->school, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
        snprintf(x->status, sizeof x->status, "%s", store_col_text(st, 2));
    }
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < l->n; i++) {
        if (!(ld = sdb_stmt(d, SS_EXPERT_LOAD, err)))
            return err->code;
        store_bind_text(ld, 1, l->v[i].doc);
        if ((rc = store_step(ld, err)) < 0)
            return rc;
        l->v[i].load = store_col_int(ld, 0);
    }
    return AT_OK;
}

/* The eligible expert with the least load (ties: the lower random key). */
static expert *pick(expert_list *l, const char *school, const char *const *exclude, size_t nex, bool senior_only,
                    at_rng *r)
{
    expert *best = NULL;
    for (size_t i = 0; i < l->n; i++) {
        expert *x = &l->v[i];
        if (school && *school && strcmp(x->school, school) == 0)
            continue;
        if (senior_only && strcmp(x->status, "leading") != 0 && strcmp(x->status, "senior") != 0)
            continue;
        bool skip = false;
        for (size_t j = 0; j < nex; j++)
            skip = skip || strcmp(exclude[j], x->doc) == 0;
        if (skip)
            continue;
        x->tie = rng_u64(r);
        if (!best || x->load < best->load || (x->load == best->load && x->tie < best->tie))
            best = x;
    }
    return best;
}

/* day: 1-based marking day of the run (1 outside a run). */
static int insert_task(score_db *d, const char *work, const expert *x, int round, long day, long run,
                       const char *marks, at_error *err)
{
    store_stmt *st = sdb_stmt(d, SS_TASK_INSERT, err);
    if (!st)
        return err->code;
    char now[40];
    store_now(now, sizeof now);
    store_bind_text(st, 1, work);
    store_bind_text(st, 2, x->doc);
    store_bind_int(st, 3, round);
    store_bind_int(st, 4, day);
    if (run > 0)
        store_bind_int(st, 5, run);
    store_bind_text(st, 6, marks);
    if (marks) {
        store_bind_text(st, 7, now);
        store_bind_text(st, 8, store_actor(d->s));
    }
    int rc = store_step(st, err);
    return rc < 0 ? rc : AT_OK;
}

int score_assign(store *s, const char *exam, uint64_t seed, int capacity, score_assign_report *rep, at_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (capacity < 1)
        return at_fail(err, AT_EUSAGE, "--capacity", "%d; expected at least 1 work per expert per day", capacity);
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    const score_exam *e;
    expert_list l = {0};
    bool began = false;
    if ((rc = sdb_exam(&d, exam, &e, err)) != AT_OK || (rc = store_begin(s, err)) != AT_OK)
        goto out;
    began = true;
    if ((rc = load_experts(&d, e->subject, &l, err)) != AT_OK)
        goto out;
    if (l.n < 2) {
        rc = at_fail(err, AT_EINPUT, exam, "%zu expert%s of %s; two different experts per work are needed", l.n,
                     l.n == 1 ? "" : "s", e->subject);
        goto out;
    }
    char seedtxt[32], now[40], purpose[96];
    snprintf(seedtxt, sizeof seedtxt, "%llu", (unsigned long long)seed);
    store_now(now, sizeof now);
    store_stmt *st = sdb_stmt(&d, SS_RUN_INSERT, err);
    if (!st) {
        rc = err->code;
        goto out;
    }
    const char *vals[] = {exam, seedtxt};
    for (int i = 0; i < 2; i++)
        store_bind_text(st, i + 1, vals[i]);
    store_bind_int(st, 3, capacity);
    store_bind_int(st, 4, 0);
    store_bind_text(st, 5, now);
    store_bind_text(st, 6, store_actor(s));
    if ((rc = store_step(st, err)) < 0)
        goto out;
    rc = AT_OK;
    /* the run's id: the highest (this transaction's insert) */
    store_stmt *idq;
    long run = 0;
    if (store_prepare(s, "SELECT max(id) FROM expert_runs", &idq, err) == AT_OK) {
        if (store_step(idq, err) == 1)
            run = (long)store_col_int(idq, 0);
        store_finalize(idq);
    }
    at_rng r;
    snprintf(purpose, sizeof purpose, "experts:%s", exam);
    rng_seed(&r, seed, purpose);
    /* collect the works first: the query must not run while tasks are added */
    typedef struct {
        char code[24], school[64];
    } work;
    work *w = NULL;
    size_t nw = 0;
    if (!(st = sdb_stmt(&d, SS_WORKS_UNASSIGNED, err))) {
        rc = err->code;
        goto out;
    }
    store_bind_text(st, 1, exam);
    while ((rc = store_step(st, err)) == 1) {
        work *nwv = realloc(w, (nw + 1) * sizeof *nwv);
        if (!nwv) {
            rc = at_fail(err, AT_ENOMEM, exam, "out of memory");
            break;
        }
        w = nwv;
        snprintf(w[nw].code, sizeof w[nw].code, "%s", store_col_text(st, 0));
        snprintf(w[nw].school, sizeof w[nw].school, "%s", store_col_text(st, 2) ? store_col_text(st, 2) : "");
        nw++;
    }
    if (rc == 0)
        rc = AT_OK;
    for (size_t i = 0; rc == AT_OK && i < nw; i++) {
        expert *a = pick(&l, w[i].school, NULL, 0, false, &r);
        const char *ex[1] = {a ? a->doc : ""};
        expert *b = a ? pick(&l, w[i].school, ex, 1, false, &r) : NULL;
        if (!a || !b) {
            rc = at_fail(err, AT_EINPUT, exam, "work %s: fewer than two experts of %s outside the participant's school",
                         w[i].code, e->subject);
            break;
        }
        /* the day counts this run's works only: earlier exams' tasks were
         * marked on their own days */
        if ((rc = insert_task(&d, w[i].code, a, 1, a->run / capacity + 1, run, NULL, err)) != AT_OK ||
            (rc = insert_task(&d, w[i].code, b, 2, b->run / capacity + 1, run, NULL, err)) != AT_OK)
            break;
        a->load++;
        b->load++;
        a->run++;
        b->run++;
        rep->tasks += 2;
        long da = (a->run + capacity - 1) / capacity, db = (b->run + capacity - 1) / capacity;
        if (da > rep->days)
            rep->days = da;
        if (db > rep->days)
            rep->days = db;
    }
    free(w);
    rep->works = (long)nw;
    rep->experts = (int)l.n;
    if (rc == AT_OK) {
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE expert_runs SET works = %ld WHERE id = %ld", rep->works, run);
        rc = store_exec_sql(s, sql, err);
    }
    if (rc == AT_OK)
        rc = store_log_change(s, "experts assign", "expert_tasks", exam, seedtxt, rep->tasks, 0, 0, err);
out:
    if (began) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    free(l.v);
    sdb_close(&d);
    return rc;
}

/* Marks of one expert on a work, with its result recomputed; a third expert
 * is called when the rule says so. Inside the caller's transaction. */
int score_mark_in(score_db *d, const char *work, const char *expert_doc, const char *marks, char *third, size_t nthird,
                  at_error *err)
{
    if (third && nthird)
        third[0] = '\0';
    store_stmt *st = sdb_stmt(d, SS_WORK_GET, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, work);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return at_fail(err, AT_ENOTFOUND, work, "no work with this code");
    char exam[64], doc[64];
    snprintf(exam, sizeof exam, "%s", store_col_text(st, 0));
    snprintf(doc, sizeof doc, "%s", store_col_text(st, 1));
    if (!(st = sdb_stmt(d, SS_SHEET_GET, err)))
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    if ((rc = store_step(st, err)) != 1)
        return rc < 0 ? rc : at_fail(err, AT_EINTERNAL, work, "work without a sheet");
    char variant[64];
    snprintf(variant, sizeof variant, "%s", store_col_text(st, 0));
    const score_paper *p;
    if ((rc = sdb_paper(d, exam, variant, &p, err)) != AT_OK)
        return rc;
    int m[SCORE_ITEMS_MAX];
    if ((rc = sdb_parse_marks(p, marks, m, work, err)) != AT_OK)
        return rc;
    /* the expert must hold the work, unmarked */
    if (!(st = sdb_stmt(d, SS_TASKS_OF, err)))
        return err->code;
    store_bind_text(st, 1, work);
    bool holds = false, marked = false;
    int nmarked = 0, round = 0;
    char holders[4][64];
    int nh = 0;
    while ((rc = store_step(st, err)) == 1) {
        if (nh < 4)
            snprintf(holders[nh++], sizeof holders[0], "%s", store_col_text(st, 0));
        if (strcmp(store_col_text(st, 0), expert_doc) == 0) {
            holds = true;
            marked = !store_col_null(st, 2);
            round = (int)store_col_int(st, 1);
        }
        nmarked += !store_col_null(st, 2) && store_col_int(st, 1) <= 2;
    }
    if (rc < 0)
        return rc;
    if (!holds)
        return at_fail(err, AT_EINPUT, work, "expert %s was not given this work", expert_doc);
    if (marked)
        return at_fail(err, AT_EINPUT, work, "expert %s has already marked this work", expert_doc);
    if (!(st = sdb_stmt(d, SS_TASK_MARK, err)))
        return err->code;
    char now[40];
    store_now(now, sizeof now);
    store_bind_text(st, 1, marks);
    store_bind_text(st, 2, now);
    store_bind_text(st, 3, store_actor(d->s));
    store_bind_text(st, 4, work);
    store_bind_text(st, 5, expert_doc);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    score_result res;
    bool changed;
    if ((rc = sdb_compute(d, exam, doc, &res, err)) != AT_OK)
        return rc;
    if (round <= 2 && nmarked + 1 == 2 && res.third && nh == 2) {
        const score_exam *e;
        expert_list l;
        if ((rc = sdb_exam(d, exam, &e, err)) != AT_OK || (rc = load_experts(d, e->subject, &l, err)) != AT_OK)
            return rc;
        store_stmt *ps = sdb_stmt(d, SS_PARTICIPANT_GET, err);
        char school[64] = "";
        if (!ps) {
            free(l.v);
            return err->code;
        }
        store_bind_text(ps, 1, doc);
        if (store_step(ps, err) == 1 && store_col_text(ps, 0))
            snprintf(school, sizeof school, "%s", store_col_text(ps, 0));
        at_rng r;
        char purpose[96];
        snprintf(purpose, sizeof purpose, "third:%s", work);
        rng_seed(&r, 0, purpose);
        const char *ex[2] = {holders[0], holders[1]};
        expert *x = pick(&l, school, ex, 2, true, &r);
        if (!x) {
            free(l.v);
            return at_fail(err, AT_EINPUT, work, "a third check is needed but no senior or leading expert of %s "
                           "outside the participant's school has not marked it", e->subject);
        }
        rc = insert_task(d, work, x, 3, 1, 0, NULL, err);
        if (rc == AT_OK && third)
            snprintf(third, nthird, "%s", x->doc);
        free(l.v);
        if (rc != AT_OK)
            return rc;
    }
    return sdb_write(d, exam, doc, &res, round == 3 ? "third check" : "expert marks", &changed, err);
}

int score_mark(store *s, const char *work_code, const char *expert_doc, const char *marks, char *third, size_t nthird,
               at_error *err)
{
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    if ((rc = store_begin(s, err)) == AT_OK) {
        rc = score_mark_in(&d, work_code, expert_doc, marks, third, nthird, err);
        if (rc == AT_OK)
            rc = store_log_change(s, "experts mark", "expert_tasks", work_code, NULL, 1, 0, 0, err);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    sdb_close(&d);
    return rc;
}
