/* score_experts.c — giving works to experts and taking their marks, and the
 * one place for who may mark a work (score_expert_may): `experts assign`,
 * `experts mark`, `experts import`, third checks and appeal re-checks all
 * apply the same rules.
 *
 * Assignment (`attest experts assign`): works in the order of their anonymous
 * codes; each goes to the two eligible experts with the least load so far,
 * ties broken by a stream seeded from the recorded seed — so the same seed
 * gives the same assignment. Eligible: an expert of the exam's subject, not
 * working at the participant's school, not already holding the work. The
 * load is every task an expert holds (all exams and rounds), so that the
 * work evens out over the season; the days are the run's own: an expert's
 * k-th work of this run (0-based) falls on day k / capacity + 1. A third
 * expert (senior or leading, same rules, least loaded, ties from the seed of
 * the run that assigned the work) is called when the two marks differ
 * substantially by the profile's rule. The experts of a subject are read
 * once per session into a hash map, their loads counted on the first search
 * and kept current as tasks are added, so a batch of marks does not recount
 * them for every third check.
 * tests/unit/test_score_experts.c checks these promises as properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashset.h"
#include "core/rng.h"
#include "score_internal.h"

typedef score_expert expert;
typedef score_experts expert_list;

static int load_experts(score_db *d, const char *subject, expert_list *l, at_error *err)
{
    snprintf(l->subject, sizeof l->subject, "%s", subject);
    if (!(l->by_doc = hashset_new()))
        return at_fail(err, AT_ENOMEM, "experts", "out of memory");
    store_stmt *st = sdb_stmt(d, SS_EXPERTS_FOR, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, subject);
    int rc;
    size_t cap = 0;
    while ((rc = store_step(st, err)) == 1) {
        if (l->n == cap) {
            cap = cap ? cap * 2 : 64;
            expert *nv = realloc(l->v, cap * sizeof *nv);
            if (!nv)
                return at_fail(err, AT_ENOMEM, "experts", "out of memory");
            l->v = nv;
        }
        expert *x = &l->v[l->n];
        memset(x, 0, sizeof *x);
        snprintf(x->doc, sizeof x->doc, "%s", store_col_text(st, 0));
        snprintf(x->school, sizeof x->school, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
        snprintf(x->status, sizeof x->status, "%s", store_col_text(st, 2));
        hashset_add(l->by_doc, x->doc, strlen(x->doc), (long)l->n, NULL);
        l->n++;
    }
    if (rc < 0)
        return rc;
    return AT_OK;
}

/* The experts' loads, counted once per session on the first search (rule
 * checks alone do not need them): one indexed count per expert, which reads
 * only the subject's own tasks. */
static int count_loads(score_db *d, expert_list *l, at_error *err)
{
    if (l->loads)
        return AT_OK;
    for (size_t i = 0; i < l->n; i++) {
        store_stmt *ld = sdb_stmt(d, SS_EXPERT_LOAD, err);
        if (!ld)
            return err->code;
        store_bind_text(ld, 1, l->v[i].doc);
        int rc = store_step(ld, err);
        if (rc < 0)
            return rc;
        l->v[i].load = rc == 1 ? (long)store_col_int(ld, 0) : 0;
    }
    l->loads = true;
    return AT_OK;
}

static void list_free(expert_list *l)
{
    if (!l)
        return;
    free(l->v);
    hashset_free(l->by_doc);
    free(l);
}

int score_experts_of(score_db *d, const char *subject, score_experts **out, at_error *err)
{
    for (size_t i = 0; i < d->nexperts; i++)
        if (strcmp(d->experts[i]->subject, subject) == 0) {
            *out = d->experts[i];
            return AT_OK;
        }
    expert_list *l = calloc(1, sizeof *l);
    score_experts **nv = realloc(d->experts, (d->nexperts + 1) * sizeof *nv);
    if (!l || !nv) {
        free(l);
        if (nv)
            d->experts = nv;
        return at_fail(err, AT_ENOMEM, "experts", "out of memory");
    }
    d->experts = nv;
    int rc = load_experts(d, subject, l, err);
    if (rc != AT_OK) {
        list_free(l);
        return rc;
    }
    l->loads = d->tasks_new; /* all zero, and score_task_add counts from here */
    d->experts[d->nexperts++] = l;
    *out = l;
    return AT_OK;
}

void score_experts_free(score_db *d)
{
    for (size_t i = 0; i < d->nexperts; i++)
        list_free(d->experts[i]);
    free(d->experts);
    d->experts = NULL;
    d->nexperts = 0;
}

int score_work_get(score_db *d, const char *code, const char *exam, const char *doc, score_work *w, at_error *err)
{
    memset(w, 0, sizeof *w);
    snprintf(w->code, sizeof w->code, "%s", code);
    store_stmt *st;
    int rc;
    if (!exam || !doc) {
        if (!(st = sdb_stmt(d, SS_WORK_GET, err)))
            return err->code;
        store_bind_text(st, 1, code);
        if ((rc = store_step(st, err)) < 0)
            return rc;
        if (rc == 0)
            return at_fail(err, AT_ENOTFOUND, code, "no work with this code");
        snprintf(w->exam, sizeof w->exam, "%s", store_col_text(st, 0));
        snprintf(w->doc, sizeof w->doc, "%s", store_col_text(st, 1));
    } else {
        snprintf(w->exam, sizeof w->exam, "%s", exam);
        snprintf(w->doc, sizeof w->doc, "%s", doc);
    }
    if (!(st = sdb_stmt(d, SS_PARTICIPANT_GET, err)))
        return err->code;
    store_bind_text(st, 1, w->doc);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    if (rc == 1 && store_col_text(st, 0))
        snprintf(w->school, sizeof w->school, "%s", store_col_text(st, 0));
    if (!(st = sdb_stmt(d, SS_TASKS_OF, err)))
        return err->code;
    store_bind_text(st, 1, code);
    while ((rc = store_step(st, err)) == 1) {
        if (w->ntasks == SCORE_TASKS_MAX)
            return at_fail(err, AT_EINTERNAL, code, "more than %d tasks on one work", SCORE_TASKS_MAX);
        snprintf(w->task[w->ntasks].expert, sizeof w->task[0].expert, "%s", store_col_text(st, 0));
        w->task[w->ntasks].round = (int)store_col_int(st, 1);
        w->task[w->ntasks].marked = !store_col_null(st, 2);
        w->ntasks++;
    }
    return rc < 0 ? rc : AT_OK;
}

static bool senior(const expert *x) { return strcmp(x->status, "leading") == 0 || strcmp(x->status, "senior") == 0; }

/* The rules for an expert of the right subject (x) on work w in round: NULL
 * when x may mark it, else why not (into why). */
static const char *violation(const expert *x, const score_work *w, int round, bool *holds, char *why, size_t n)
{
    *holds = false;
    if (w->school[0] && strcmp(x->school, w->school) == 0) {
        snprintf(why, n, "expert %s works at school %s, the participant's; expected another school",
                 x->doc, x->school);
        return why;
    }
    if (round == 3 && !senior(x)) {
        snprintf(why, n, "expert %s is %s; round 3 needs senior or leading", x->doc,
                 x->status);
        return why;
    }
    for (int i = 0; i < w->ntasks; i++) {
        if (strcmp(w->task[i].expert, x->doc) == 0) {
            if (round == 4 || w->task[i].round != round) {
                snprintf(why, n, "expert %s %s this work in round %d; %s needs another expert", x->doc,
                         w->task[i].marked ? "has already marked" : "already holds", w->task[i].round,
                         round == 4 ? "the appeal re-check" : "each round");
                return why;
            }
            if (w->task[i].marked) {
                snprintf(why, n, "expert %s has already marked this work in round %d", x->doc, round);
                return why;
            }
            *holds = true;
        } else if (round <= 3 && w->task[i].round == round) {
            snprintf(why, n, "round %d of this work is given to expert %s; expected that expert", round,
                     w->task[i].expert);
            return why;
        }
    }
    return NULL;
}

int score_expert_may(score_db *d, const score_work *w, const char *expert_doc, int round, bool *holds, at_error *err)
{
    *holds = false;
    const score_exam *e;
    score_experts *l;
    int rc;
    if ((rc = sdb_exam(d, w->exam, &e, err)) != AT_OK || (rc = score_experts_of(d, e->subject, &l, err)) != AT_OK)
        return rc;
    long ix;
    if (!hashset_get(l->by_doc, expert_doc, strlen(expert_doc), &ix)) {
        /* say what the document is instead */
        store_stmt *st = sdb_stmt(d, SS_EXPERT_GET, err);
        if (!st)
            return err->code;
        store_bind_text(st, 1, expert_doc);
        if ((rc = store_step(st, err)) < 0)
            return rc;
        if (rc == 0)
            return at_fail(err, AT_EINPUT, w->code, "%s: no such staff member; expected an expert of %s",
                           expert_doc, e->subject);
        if (!store_col_int(st, 3) || store_col_null(st, 0) || store_col_null(st, 1))
            return at_fail(err, AT_EINPUT, w->code, "%s is not an expert (role and status); expected an expert of %s",
                           expert_doc, e->subject);
        return at_fail(err, AT_EINPUT, w->code, "expert %s is of subject %s; expected an expert of %s", expert_doc,
                       store_col_text(st, 0), e->subject);
    }
    char why[AT_ERR_TEXT];
    if (violation(&l->v[ix], w, round, holds, why, sizeof why))
        return at_fail(err, AT_EINPUT, w->code, "%s", why);
    return AT_OK;
}

/* The eligible expert (by the rules for work w in round) with the least load
 * (ties: the lower random key, drawn for each eligible one in list order). */
static expert *pick(expert_list *l, const score_work *w, int round, at_rng *r)
{
    expert *best = NULL;
    char why[AT_ERR_TEXT];
    for (size_t i = 0; i < l->n; i++) {
        expert *x = &l->v[i];
        bool holds;
        if (violation(x, w, round, &holds, why, sizeof why) || holds)
            continue;
        x->tie = rng_u64(r);
        if (!best || x->load < best->load || (x->load == best->load && x->tie < best->tie))
            best = x;
    }
    return best;
}

int score_task_add(score_db *d, const char *work, const char *subject, const char *expert_doc, int round, long day,
                   long run, const char *marks, at_error *err)
{
    store_stmt *st = sdb_stmt(d, SS_TASK_INSERT, err);
    if (!st)
        return err->code;
    char now[40];
    store_now(now, sizeof now);
    store_bind_text(st, 1, work);
    store_bind_text(st, 2, expert_doc);
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
    if (rc < 0)
        return rc;
    /* keep the cached load current (only a loaded subject has one) */
    for (size_t i = 0; i < d->nexperts; i++) {
        long ix;
        if (strcmp(d->experts[i]->subject, subject) == 0 &&
            d->experts[i]->loads && hashset_get(d->experts[i]->by_doc, expert_doc, strlen(expert_doc), &ix))
            d->experts[i]->v[ix].load++;
    }
    return AT_OK;
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
    expert_list *l = NULL;
    bool began = false;
    if ((rc = sdb_exam(&d, exam, &e, err)) != AT_OK || (rc = store_begin(s, err)) != AT_OK)
        goto out;
    began = true;
    if ((rc = score_experts_of(&d, e->subject, &l, err)) != AT_OK)
        goto out;
    if ((rc = count_loads(&d, l, err)) != AT_OK)
        goto out;
    if (l->n < 2) {
        rc = at_fail(err, AT_EINPUT, exam, "%zu expert%s of %s; two different experts per work are needed", l->n,
                     l->n == 1 ? "" : "s", e->subject);
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
    /* the run's id: the highest (this transaction's insert) */
    long run = 0;
    if (!(st = sdb_stmt(&d, SS_RUN_LAST, err))) {
        rc = err->code;
        goto out;
    }
    if ((rc = store_step(st, err)) < 0)
        goto out;
    run = rc == 1 ? (long)store_col_int(st, 0) : 0;
    rc = AT_OK;
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
    for (size_t i = 0; i < l->n; i++)
        l->v[i].run = 0;
    for (size_t i = 0; rc == AT_OK && i < nw; i++) {
        /* the same rules as every mark: the work as it stands (no tasks, then
         * the first expert's round 1) */
        score_work sw = {0};
        snprintf(sw.code, sizeof sw.code, "%s", w[i].code);
        snprintf(sw.exam, sizeof sw.exam, "%s", exam);
        snprintf(sw.school, sizeof sw.school, "%s", w[i].school);
        expert *a = pick(l, &sw, 1, &r);
        if (a) {
            snprintf(sw.task[0].expert, sizeof sw.task[0].expert, "%s", a->doc);
            sw.task[0].round = 1;
            sw.ntasks = 1;
        }
        expert *b = a ? pick(l, &sw, 2, &r) : NULL;
        if (!a || !b) {
            rc = at_fail(err, AT_EINPUT, exam, "work %s: fewer than two experts of %s outside the participant's school",
                         w[i].code, e->subject);
            break;
        }
        /* the day counts this run's works only: earlier exams' tasks were
         * marked on their own days */
        if ((rc = score_task_add(&d, w[i].code, e->subject, a->doc, 1, a->run / capacity + 1, run, NULL, err)) != AT_OK ||
            (rc = score_task_add(&d, w[i].code, e->subject, b->doc, 2, b->run / capacity + 1, run, NULL, err)) != AT_OK)
            break;
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
    rep->experts = (int)l->n;
    if (rc == AT_OK) {
        if (!(st = sdb_stmt(&d, SS_RUN_WORKS, err)))
            rc = err->code;
        else {
            store_bind_int(st, 1, rep->works);
            store_bind_int(st, 2, run);
            rc = store_step(st, err) < 0 ? err->code : AT_OK;
        }
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
    sdb_close(&d);
    return rc;
}

int score_third_if_needed(score_db *d, const score_work *w, const score_result *res, char *third, size_t nthird,
                          at_error *err)
{
    if (third && nthird)
        third[0] = '\0';
    int marked = 0;
    for (int i = 0; i < w->ntasks; i++) {
        if (w->task[i].round >= 3)
            return AT_OK;        /* a third expert (or an appeal) already holds it */
        marked += w->task[i].marked;
    }
    if (marked != 2 || !res->third)
        return AT_OK;
    const score_exam *e;
    score_experts *l;
    int rc;
    if ((rc = sdb_exam(d, w->exam, &e, err)) != AT_OK || (rc = score_experts_of(d, e->subject, &l, err)) != AT_OK ||
        (rc = count_loads(d, l, err)) != AT_OK)
        return rc;
    /* ties from the seed recorded by the run that assigned the work (0 for a
     * work whose marks were imported without a run), so a replay of the
     * same marks calls the same third expert */
    uint64_t seed = 0;
    if (!d->tasks_new) { /* else no task has a run (and the tasks may be without indexes) */
        store_stmt *st = sdb_stmt(d, SS_RUN_SEED_OF, err);
        if (!st)
            return err->code;
        store_bind_text(st, 1, w->code);
        if ((rc = store_step(st, err)) < 0)
            return rc;
        seed = rc == 1 && store_col_text(st, 0) ? strtoull(store_col_text(st, 0), NULL, 10) : 0;
    }
    at_rng r;
    char purpose[96];
    snprintf(purpose, sizeof purpose, "third:%s", w->code);
    rng_seed(&r, seed, purpose);
    expert *x = pick(l, w, 3, &r);
    if (!x)
        return at_fail(err, AT_EINPUT, w->code, "a third check is needed but no senior or leading expert of %s "
                       "outside the participant's school has not marked it", e->subject);
    if ((rc = score_task_add(d, w->code, e->subject, x->doc, 3, 1, 0, NULL, err)) != AT_OK)
        return rc;
    if (third)
        snprintf(third, nthird, "%s", x->doc);
    return AT_OK;
}

/* settle for a work already read (and updated in memory by the caller) */
static int settle_read(score_db *d, const score_work *w, const char *reason, char *third, size_t nthird, at_error *err)
{
    score_result res;
    bool changed;
    int rc;
    if ((rc = sdb_compute(d, w->exam, w->doc, &res, err)) != AT_OK ||
        (rc = score_third_if_needed(d, w, &res, third, nthird, err)) != AT_OK)
        return rc;
    return sdb_write(d, w->exam, w->doc, &res, reason, &changed, err);
}

int score_work_settle(score_db *d, const char *work, const char *reason, char *third, size_t nthird, at_error *err)
{
    score_work w;
    int rc = score_work_get(d, work, NULL, NULL, &w, err);
    return rc != AT_OK ? rc : settle_read(d, &w, reason, third, nthird, err);
}

int score_put_mark(score_db *d, const char *work, const char *exam, const char *doc, const char *expert_doc, int round,
                   const char *marks, at_error *err)
{
    score_work w;
    bool holds;
    const score_exam *e;
    int rc;
    if ((rc = score_work_get(d, work, exam, doc, &w, err)) != AT_OK ||
        (rc = score_expert_may(d, &w, expert_doc, round, &holds, err)) != AT_OK || (rc = sdb_exam(d, exam, &e, err)) != AT_OK)
        return rc;
    if (!holds)
        return score_task_add(d, work, e->subject, expert_doc, round, 1, 0, marks, err);
    store_stmt *st = sdb_stmt(d, SS_TASK_MARK, err);
    if (!st)
        return err->code;
    char now[40];
    store_now(now, sizeof now);
    store_bind_text(st, 1, marks);
    store_bind_text(st, 2, now);
    store_bind_text(st, 3, store_actor(d->s));
    store_bind_text(st, 4, work);
    store_bind_text(st, 5, expert_doc);
    return store_step(st, err) < 0 ? err->code : AT_OK;
}

/* Marks of one expert on a work, with its result recomputed; a third expert
 * is called when the rule says so. Inside the caller's transaction. */
int score_mark_in(score_db *d, const char *work, const char *expert_doc, const char *marks, char *third, size_t nthird,
                  at_error *err)
{
    if (third && nthird)
        third[0] = '\0';
    score_work w;
    int rc = score_work_get(d, work, NULL, NULL, &w, err);
    if (rc != AT_OK)
        return rc;
    store_stmt *st = sdb_stmt(d, SS_SHEET_GET, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, w.exam);
    store_bind_text(st, 2, w.doc);
    if ((rc = store_step(st, err)) != 1)
        return rc < 0 ? rc : at_fail(err, AT_EINTERNAL, work, "work without a sheet");
    char variant[64];
    snprintf(variant, sizeof variant, "%s", store_col_text(st, 0));
    const score_paper *p;
    if ((rc = sdb_paper(d, w.exam, variant, &p, err)) != AT_OK)
        return rc;
    int m[SCORE_ITEMS_MAX];
    if ((rc = sdb_parse_marks(p, marks, m, work, err)) != AT_OK)
        return rc;
    /* the expert must hold the work, unmarked, and still be one who may */
    int round = 0, mine = -1;
    for (int i = 0; i < w.ntasks; i++)
        if (strcmp(w.task[i].expert, expert_doc) == 0) {
            round = w.task[i].round;
            mine = i;
        }
    if (!round)
        return at_fail(err, AT_EINPUT, work, "expert %s was not given this work", expert_doc);
    bool holds;
    if ((rc = score_expert_may(d, &w, expert_doc, round, &holds, err)) != AT_OK)
        return rc;
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
    w.task[mine].marked = true;   /* the work as it now stands, without reading it again */
    return settle_read(d, &w, round == 3 ? "third check" : "expert marks", third, nthird, err);
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
