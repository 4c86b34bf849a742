/* score_db.c — a scoring session over the store: statements, exam and paper
 * caches, and a result computed from raw data (sheet, paper, expert marks,
 * appeals, retakes) — the one function both scoring and recompute use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/hashset.h"
#include "score_internal.h"

int sdb_open(score_db *d, store *s, at_error *err)
{
    memset(d, 0, sizeof *d);
    d->s = s;
    at_error ignore;
    if (store_meta_get(s, "country", d->country, sizeof d->country, &ignore) != AT_OK)
        d->country[0] = '\0';
    for (int g = 0; g < 2; g++) {
        char *json = NULL;
        int rc = store_profile_get(s, g ? 11 : 9, &json, err);
        if (rc == AT_ENOTFOUND)
            continue;
        if (rc == AT_OK)
            rc = rules_parse(json, strlen(json), "stored profile", &d->prof[g], err);
        free(json);
        if (rc != AT_OK) {
            sdb_close(d);
            return rc;
        }
    }
    return AT_OK;
}

void sdb_close(score_db *d)
{
    for (int i = 0; i < SS_COUNT; i++)
        store_finalize(d->st[i]);
    for (size_t i = 0; i < d->npapers; i++) {
        score_paper_free(d->papers[i]);
        free(d->papers[i]);
    }
    free(d->papers);
    free(d->exams);
    score_experts_free(d);
    sdb_prelude_forget(d);
    free(d->held);
    free(d->held_text);
    rules_free(d->prof[0]);
    rules_free(d->prof[1]);
    memset(d, 0, sizeof *d);
}

store_stmt *sdb_stmt(score_db *d, store_score_stmt which, at_error *err)
{
    if (!d->st[which] && store_score_prepare(d->s, which, &d->st[which], err) != AT_OK)
        return NULL;
    store_reset(d->st[which]);
    return d->st[which];
}

/* The first column of statement `which` bound to (exam, document), into out. */
static int text_of(score_db *d, store_score_stmt which, const char *exam, const char *doc, char *out, size_t n,
                   bool *found, at_error *err)
{
    *found = false;
    store_stmt *st = sdb_stmt(d, which, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        *found = true;
        snprintf(out, n, "%s", store_col_text(st, 0) ? store_col_text(st, 0) : "");
    }
    return AT_OK;
}

int sdb_work_of(score_db *d, const char *exam, const char *doc, char *out, size_t n, bool *found, at_error *err)
{
    return text_of(d, SS_WORK_OF, exam, doc, out, n, found, err);
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int sdb_exam(score_db *d, const char *code, const score_exam **out, at_error *err)
{
    for (size_t i = 0; i < d->nexams; i++)
        if (strcmp(d->exams[i].code, code) == 0) {
            *out = &d->exams[i];
            return AT_OK;
        }
    store_stmt *st = sdb_stmt(d, SS_EXAM_GET, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, code);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return at_fail(err, AT_ENOTFOUND, code, "no exam \"%s\" in the schedule (attest import exams)", code);
    if (d->nexams == d->capexams) {
        size_t cap = d->capexams ? d->capexams * 2 : 16;
        score_exam *n = realloc(d->exams, cap * sizeof *n);
        if (!n)
            return at_fail(err, AT_ENOMEM, "score", "out of memory");
        d->exams = n;
        d->capexams = cap;
    }
    score_exam *e = &d->exams[d->nexams];
    memset(e, 0, sizeof *e);
    copy(e->code, sizeof e->code, code);
    copy(e->subject, sizeof e->subject, store_col_text(st, 0));
    e->grade = (int)store_col_int(st, 1);
    copy(e->form, sizeof e->form, store_col_text(st, 2));
    copy(e->date, sizeof e->date, store_col_text(st, 3));
    copy(e->period, sizeof e->period, store_col_text(st, 4));
    e->reserve = store_col_int(st, 5) != 0;
    e->prof = d->prof[e->grade == 11 ? 1 : 0];
    e->subj = rules_subject(e->prof, e->subject);
    d->nexams++;
    *out = e;
    return AT_OK;
}

static char *dup_norm(const char *raw)
{
    char buf[SCORE_ANSWER_MAX * 2];
    if (score_normalize(raw, buf, sizeof buf) != AT_OK)
        return NULL;
    return strdup(buf);
}

/* Fills an item from a paper_items row (columns as SS_PAPER_ITEMS). */
static int load_item(store_stmt *st, score_item *it, at_error *err)
{
    it->kind = strcmp(store_col_text(st, 0), "short") == 0 ? SCORE_SHORT : SCORE_CRITERION;
    it->item = (int)store_col_int(st, 1);
    copy(it->label, sizeof it->label, store_col_text(st, 2));
    it->max_points = (int)store_col_int(st, 3);
    const char *key = store_col_text(st, 4);
    if (key && !(it->key = dup_norm(key)))
        return at_fail(err, AT_EINPUT, "paper", "item %s: key \"%s\" cannot be normalised", it->label, key);
    const char *alts = store_col_text(st, 5);
    if (alts) {
        char *copyalts = strdup(alts);
        if (!copyalts)
            return at_fail(err, AT_ENOMEM, "score", "out of memory");
        for (char *save = NULL, *tok = strtok_r(copyalts, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
            char **n = realloc(it->alts, (it->nalts + 1) * sizeof *n);
            if (!n || !(n[it->nalts] = dup_norm(tok))) {
                if (n)
                    it->alts = n;
                free(copyalts);
                return at_fail(err, AT_ENOMEM, "score", "out of memory");
            }
            it->alts = n;
            it->nalts++;
        }
        free(copyalts);
    }
    it->unordered = store_col_int(st, 6) != 0;
    it->numeric = !store_col_null(st, 7);
    it->tolerance = store_col_real(st, 7);
    const char *partial = store_col_text(st, 8);
    for (const char *p = partial; p && *p && it->npartial < SCORE_PARTIAL_MAX;) {
        int e, pts, used;
        if (sscanf(p, "%d:%d%n", &e, &pts, &used) != 2)
            break;
        it->partial[it->npartial++] = (score_partial){e, pts};
        p += used;
        if (*p == ';')
            p++;
    }
    copy(it->part, sizeof it->part, store_col_text(st, 9));
    return AT_OK;
}

int sdb_paper(score_db *d, const char *exam, const char *variant, const score_paper **out, at_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < d->npapers; i++)
        if (strcmp(d->papers[i]->exam, exam) == 0 && strcmp(d->papers[i]->variant, variant ? variant : "") == 0) {
            *out = d->papers[i]->nshort + d->papers[i]->ncriteria ? d->papers[i] : NULL;
            return AT_OK;
        }
    score_paper *p = calloc(1, sizeof *p);
    if (!p || !(p->exam = strdup(exam)) || !(p->variant = strdup(variant ? variant : ""))) {
        score_paper_free(p);
        free(p);
        return at_fail(err, AT_ENOMEM, "score", "out of memory");
    }
    int rc = AT_OK;
    store_stmt *st = sdb_stmt(d, SS_PAPER_ITEMS, err);
    if (!st)
        rc = err->code;
    else {
        store_bind_text(st, 1, exam);
        store_bind_text(st, 2, variant);
    }
    while (rc == AT_OK && (rc = store_step(st, err)) == 1) {
        bool crit = strcmp(store_col_text(st, 0), "short") != 0;
        score_item **list = crit ? &p->criteria : &p->shorts;
        size_t *n = crit ? &p->ncriteria : &p->nshort;
        score_item *nl = realloc(*list, (*n + 1) * sizeof *nl);
        if (!nl) {
            rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
            break;
        }
        *list = nl;
        memset(&nl[*n], 0, sizeof *nl);
        rc = load_item(st, &nl[*n], err);
        (*n)++;
        p->max_primary += nl[*n - 1].max_points;
    }
    if (rc == 0)
        rc = AT_OK;
    if (rc == AT_OK && d->npapers == d->cappapers) {
        size_t cap = d->cappapers ? d->cappapers * 2 : 8;
        score_paper **np = realloc(d->papers, cap * sizeof *np);
        if (!np)
            rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
        else {
            d->papers = np;
            d->cappapers = cap;
        }
    }
    if (rc != AT_OK) {
        score_paper_free(p);
        free(p);
        return rc;
    }
    d->papers[d->npapers++] = p;
    *out = p->nshort + p->ncriteria ? p : NULL;
    return AT_OK;
}

int sdb_parse_marks(const score_paper *p, const char *text, int *out, const char *where, at_error *err)
{
    const char *s = text ? text : "";
    for (size_t i = 0; i < p->ncriteria; i++) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || v < 0 || v > p->criteria[i].max_points)
            return at_fail(err, AT_EINPUT, where, "marks \"%s\": criterion %s needs 0..%d", text ? text : "",
                           p->criteria[i].label, p->criteria[i].max_points);
        out[i] = (int)v;
        s = end;
        if (i + 1 < p->ncriteria) {
            if (*s != ',')
                return at_fail(err, AT_EINPUT, where, "marks \"%s\": expected %zu comma-separated numbers",
                               text ? text : "", p->ncriteria);
            s++;
        }
    }
    if (*s)
        return at_fail(err, AT_EINPUT, where, "marks \"%s\": expected %zu comma-separated numbers", text ? text : "",
                       p->ncriteria);
    return AT_OK;
}

static void add_part(const char **parts, int *pts, size_t *n, const char *part, int points)
{
    if (!part[0])
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(parts[i], part) == 0) {
            pts[i] += points;
            return;
        }
    if (*n < 8) {
        parts[*n] = part;
        pts[(*n)++] = points;
    }
}

static void no_scores(score_result *r)
{
    r->short_score = r->extended_score = r->primary = -1;
    r->conv = (score_conversion){-1, -1, -1, -1};
}

/* What every computation asks before the sheet: which annulled result a
 * retake replaces, and whether an upheld procedure appeal annuls this one. */
static int prelude(score_db *d, const char *exam, const char *doc, score_result *r, bool *annulled, at_error *err)
{
    if (d->prelude_cached) {
        char key[160];
        int kl = snprintf(key, sizeof key, "%s\t%s", exam, doc);
        long ix;
        if (kl > 0 && (size_t)kl < sizeof key) {
            if (hashset_get(d->retake_for, key, (size_t)kl, &ix))
                copy(r->retake_of, sizeof r->retake_of, d->retake_exams[ix]);
            *annulled = hashset_contains(d->annulling, key, (size_t)kl);
            return AT_OK;
        }
    }
    bool found;
    int rc = text_of(d, SS_RETAKE_FOR, exam, doc, r->retake_of, sizeof r->retake_of, &found, err);
    if (rc != AT_OK)
        return rc;
    store_stmt *st;
    if (!(st = sdb_stmt(d, SS_APPEALS_OF, err)))
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    *annulled = false;
    while ((rc = store_step(st, err)) == 1)
        if (strcmp(store_col_text(st, 0), "procedure") == 0 && strcmp(store_col_text(st, 1), "upheld") == 0)
            *annulled = true;
    return rc < 0 ? rc : AT_OK;
}

static int compute_core(score_db *d, const score_exam *e, const char *exam, const char *doc, const char *variant,
                        char *answers, const char *known_work, const sdb_tasks *tasks, score_result *r, at_error *err);

void sdb_prelude_forget(score_db *d)
{
    hashset_free(d->retake_for);
    hashset_free(d->annulling);
    free(d->retake_exams);
    d->retake_for = d->annulling = NULL;
    d->retake_exams = NULL;
    d->nretake_exams = 0;
    d->prelude_cached = false;
}

/* "a\tb" of columns 0 and 1 into set, value v; false: out of memory. A key
 * too long for a code and a document is left out: prelude asks the database
 * for such a one (the cache then cannot answer for it, so none is kept). */
static bool add_pair(hashset *set, store_stmt *st, long v, bool *too_long)
{
    char key[160];
    const char *a = store_col_text(st, 0), *b = store_col_text(st, 1);
    int kl = snprintf(key, sizeof key, "%s\t%s", a ? a : "", b ? b : "");
    if (kl < 0 || (size_t)kl >= sizeof key) {
        *too_long = true;
        return true;
    }
    hashset_add(set, key, (size_t)kl, v, NULL); /* already there: the first row's value stays */
    return hashset_contains(set, key, (size_t)kl); /* not there: out of memory */
}

int sdb_prelude_cache(score_db *d, at_error *err)
{
    if (d->prelude_cached)
        return AT_OK;
    sdb_prelude_forget(d);
    bool too_long = false;
    int rc = AT_OK;
    store_stmt *st;
    if (!(d->retake_for = hashset_new()) || !(d->annulling = hashset_new()))
        rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
    /* the first row of a (retake exam, document) wins, as SS_RETAKE_FOR's */
    if (rc == AT_OK && !(st = sdb_stmt(d, SS_RETAKES_ALL, err)))
        rc = err->code;
    size_t cap = 0;
    while (rc == AT_OK && (rc = store_step(st, err)) == 1) {
        if (d->nretake_exams == cap) {
            cap = cap ? cap * 2 : 16;
            char(*n)[64] = realloc(d->retake_exams, cap * sizeof *n);
            if (!n) {
                rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
                break;
            }
            d->retake_exams = n;
        }
        copy(d->retake_exams[d->nretake_exams], sizeof d->retake_exams[0], store_col_text(st, 2));
        if (strlen(store_col_text(st, 2) ? store_col_text(st, 2) : "") >= sizeof d->retake_exams[0])
            too_long = true;
        if (!add_pair(d->retake_for, st, (long)d->nretake_exams, &too_long)) {
            rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
            break;
        }
        d->nretake_exams++;
        rc = AT_OK;
    }
    if (rc == 0)
        rc = AT_OK;
    if (rc == AT_OK && !(st = sdb_stmt(d, SS_APPEALS_ANNULLING, err)))
        rc = err->code;
    while (rc == AT_OK && (rc = store_step(st, err)) == 1) {
        if (!add_pair(d->annulling, st, 0, &too_long)) {
            rc = at_fail(err, AT_ENOMEM, "score", "out of memory");
            break;
        }
        rc = AT_OK;
    }
    if (rc == 0)
        rc = AT_OK;
    if (rc != AT_OK || too_long) { /* the database answers, as without the cache */
        sdb_prelude_forget(d);
        return rc;
    }
    d->prelude_cached = true;
    return AT_OK;
}

int sdb_compute(score_db *d, const char *exam, const char *doc, score_result *r, at_error *err)
{
    memset(r, 0, sizeof *r);
    no_scores(r);
    const score_exam *e;
    bool annulled;
    int rc = sdb_exam(d, exam, &e, err);
    if (rc != AT_OK || (rc = prelude(d, exam, doc, r, &annulled, err)) != AT_OK)
        return rc;
    store_stmt *st = sdb_stmt(d, SS_SHEET_GET, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    if (rc == 0)
        return at_fail(err, AT_ENOTFOUND, exam, "no answer sheet of %s", doc);
    char variant[64], answers[SCORE_ITEMS_MAX * 16];
    copy(r->status, sizeof r->status, store_col_text(st, 1));
    copy(variant, sizeof variant, store_col_text(st, 0));
    copy(answers, sizeof answers, store_col_text(st, 3));
    if (annulled)
        copy(r->status, sizeof r->status, "annulled");
    if (strcmp(r->status, "present") != 0)
        return AT_OK;
    return compute_core(d, e, exam, doc, variant, answers, NULL, NULL, r, err);
}

int sdb_compute_sheet(score_db *d, const char *exam, const char *doc, const char *variant, const char *status,
                      const char *answers, const char *work, const sdb_tasks *tasks, score_result *r, at_error *err)
{
    memset(r, 0, sizeof *r);
    no_scores(r);
    const score_exam *e;
    bool annulled;
    int rc = sdb_exam(d, exam, &e, err);
    if (rc != AT_OK || (rc = prelude(d, exam, doc, r, &annulled, err)) != AT_OK)
        return rc;
    copy(r->status, sizeof r->status, annulled ? "annulled" : status);
    if (strcmp(r->status, "present") != 0)
        return AT_OK;
    char buf[SCORE_ITEMS_MAX * 16]; /* the same bound as a sheet read back (sdb_compute) */
    copy(buf, sizeof buf, answers);
    return compute_core(d, e, exam, doc, variant, buf, work, tasks, r, err);
}

/* The scores of a present sheet. known_work: its work code ("" none), or NULL
 * to look it up; tasks: the work's expert tasks (round, marks) in the order
 * of SS_TASKS_OF, or NULL to read them. */
static int compute_core(score_db *d, const score_exam *e, const char *exam, const char *doc, const char *variant,
                        char *answers, const char *known_work, const sdb_tasks *tasks, score_result *r, at_error *err)
{
    int rc;
    store_stmt *st;
    const score_paper *p;
    if ((rc = sdb_paper(d, exam, variant, &p, err)) != AT_OK)
        return rc;
    if (!p)
        return at_fail(err, AT_ENOTFOUND, exam, "no paper for variant \"%s\" (attest score paper)", variant);
    const char *parts[8];
    int ppts[8];
    size_t nparts = 0;
    r->short_score = 0;
    char *a = answers;
    for (size_t i = 0; i < p->nshort; i++) {
        char *tab = a ? strchr(a, '\t') : NULL;
        if (tab)
            *tab = '\0';
        int pts = score_check_item(&p->shorts[i], a ? a : "");
        r->short_score += pts;
        add_part(parts, ppts, &nparts, p->shorts[i].part, pts);
        a = tab ? tab + 1 : NULL;
    }
    r->extended_score = 0;
    if (p->ncriteria) {
        char work[40] = "";
        if (known_work)
            copy(work, sizeof work, known_work);
        else {
            bool found;
            if ((rc = sdb_work_of(d, exam, doc, work, sizeof work, &found, err)) != AT_OK)
                return rc;
        }
        int m[4][SCORE_ITEMS_MAX];
        bool have[4] = {false, false, false, false};
        int nindep = 0;
        if (!tasks) {
            if (!(st = sdb_stmt(d, SS_TASKS_OF, err)))
                return err->code;
            store_bind_text(st, 1, work);
        }
        for (size_t ti = 0;; ti++) {
            int round;
            const char *marks;
            if (tasks) { /* the caller holds every task of the work */
                if (ti >= tasks->n)
                    break;
                round = tasks->v[ti].round;
                marks = tasks->v[ti].marks;
            } else {
                if ((rc = store_step(st, err)) != 1)
                    break;
                round = (int)store_col_int(st, 1);
                marks = store_col_text(st, 2);
            }
            if (!marks)
                continue;
            int slot = round <= 2 ? nindep : round == 3 ? 2 : 3;
            if (slot > 3 || (round <= 2 && nindep >= 2))
                continue;
            int prc = sdb_parse_marks(p, marks, m[slot], work, err);
            if (prc != AT_OK)
                return prc;
            have[slot] = true;
            if (round <= 2)
                nindep++;
        }
        if (!tasks && rc < 0)
            return rc;
        int fin[SCORE_ITEMS_MAX];
        const rule_marking *rule = rules_marking(e->prof, e->subj);
        if (have[0] && have[1]) {
            bool need;
            score_final_marks(rule, m[0], m[1], have[2] ? m[2] : NULL, p->ncriteria, fin, &need);
            r->third = need;
            if (need && !have[2] && !have[3]) {
                copy(r->status, sizeof r->status, "pending");
                no_scores(r);
                return AT_OK;
            }
        } else if (!have[3]) {
            copy(r->status, sizeof r->status, "pending");
            no_scores(r);
            return AT_OK;
        }
        if (have[3])
            memcpy(fin, m[3], p->ncriteria * sizeof *fin);
        for (size_t i = 0; i < p->ncriteria; i++) {
            r->extended_score += fin[i];
            add_part(parts, ppts, &nparts, p->criteria[i].part, fin[i]);
        }
    }
    copy(r->status, sizeof r->status, "scored");
    r->primary = r->short_score + r->extended_score;
    score_convert(e->prof, e->subj, r->primary, p->max_primary, parts, ppts, nparts, &r->conv);
    return AT_OK;
}

static void bind_opt(store_stmt *st, int i, int v)
{
    if (v < 0)
        store_bind_null(st, i);
    else
        store_bind_int(st, i, v);
}

static int col_opt(store_stmt *st, int i) { return store_col_null(st, i) ? -1 : (int)store_col_int(st, i); }

static int write_version(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                         int version, bool exists, at_error *err);

int sdb_write(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason, bool *changed,
              at_error *err)
{
    *changed = false;
    store_stmt *st = sdb_stmt(d, SS_RESULT_GET, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    int version = 1;
    bool exists = rc == 1;
    if (exists) {
        const char *rt = store_col_text(st, 12);
        bool same = strcmp(store_col_text(st, 1), r->status) == 0 && col_opt(st, 2) == r->short_score &&
                    col_opt(st, 3) == r->extended_score && col_opt(st, 4) == r->primary &&
                    col_opt(st, 5) == r->conv.test_score && col_opt(st, 6) == r->conv.mark &&
                    col_opt(st, 7) == r->conv.passed && col_opt(st, 8) == r->conv.university &&
                    (store_col_int(st, 9) != 0) == r->third && strcmp(rt ? rt : "", r->retake_of) == 0;
        if (same)
            return AT_OK;
        version = (int)store_col_int(st, 0) + 1;
    }
    if ((rc = write_version(d, exam, doc, r, reason, version, exists, err)) == AT_OK)
        *changed = true;
    return rc;
}

int sdb_write_new(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                  at_error *err)
{
    return write_version(d, exam, doc, r, reason, 1, false, err);
}

static void bind_result(store_stmt *st, const char *exam, const char *doc, const score_result *r, int version);
static int insert_version(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                          int version, at_error *err);

int sdb_write_changed(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                      bool *changed, at_error *err)
{
    *changed = false;
    store_stmt *st = sdb_stmt(d, SS_RESULT_UPDATE_CHANGED, err);
    if (!st)
        return err->code;
    bind_result(st, exam, doc, r, 0);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == 0) /* the same values, or no result yet */
        return sdb_write(d, exam, doc, r, reason, changed, err);
    int version = (int)store_col_int(st, 0);
    store_reset(st);
    if ((rc = insert_version(d, exam, doc, r, reason, version, err)) == AT_OK)
        *changed = true;
    return rc;
}

static void bind_result(store_stmt *st, const char *exam, const char *doc, const score_result *r, int version)
{
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    store_bind_int(st, 3, version);
    store_bind_text(st, 4, r->status);
    bind_opt(st, 5, r->short_score);
    bind_opt(st, 6, r->extended_score);
    bind_opt(st, 7, r->primary);
    bind_opt(st, 8, r->conv.test_score);
    bind_opt(st, 9, r->conv.mark);
    bind_opt(st, 10, r->conv.passed);
    bind_opt(st, 11, r->conv.university);
    store_bind_int(st, 12, r->third);
    store_bind_text(st, 13, "processed");
    store_bind_text(st, 14, r->retake_of);
}

static int write_version(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                         int version, bool exists, at_error *err)
{
    int rc;
    store_stmt *st;
    if (!(st = sdb_stmt(d, exists ? SS_RESULT_UPDATE : SS_RESULT_INSERT, err)))
        return err->code;
    bind_result(st, exam, doc, r, version);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    return insert_version(d, exam, doc, r, reason, version, err);
}

struct sdb_held_version {
    size_t key, meta;            /* offsets in held_text */
    int version, primary, test, mark;
};

void sdb_versions_hold(score_db *d) { d->hold_versions = true; }

/* Appends the strings (each with its NUL) to held_text; their offset. */
static bool held_put(score_db *d, const char *const *v, size_t n, size_t *off)
{
    size_t need = 0;
    for (size_t i = 0; i < n; i++)
        need += strlen(v[i]) + 1;
    if (d->held_used + need > d->held_cap) {
        size_t cap = d->held_cap ? d->held_cap * 2 : 1 << 16;
        while (cap < d->held_used + need)
            cap *= 2;
        char *t = realloc(d->held_text, cap);
        if (!t)
            return false;
        d->held_text = t;
        d->held_cap = cap;
    }
    *off = d->held_used;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i]) + 1;
        memcpy(d->held_text + d->held_used, v[i], l);
        d->held_used += l;
    }
    return true;
}

static int hold_version(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                        const char *now, int version, at_error *err)
{
    if (d->nheld == d->capheld) {
        size_t cap = d->capheld ? d->capheld * 2 : 1024;
        struct sdb_held_version *n = realloc(d->held, cap * sizeof *n);
        if (!n)
            return at_fail(err, AT_ENOMEM, "score", "out of memory");
        d->held = n;
        d->capheld = cap;
    }
    struct sdb_held_version *h = &d->held[d->nheld];
    /* reason, time and actor repeat from one version to the next: kept once */
    const char *meta[] = {reason ? reason : "", now, store_actor(d->s)};
    bool same = d->nheld > 0;
    size_t o = d->held_meta;
    for (size_t i = 0; same && i < 3; i++) {
        same = strcmp(d->held_text + o, meta[i]) == 0;
        o += strlen(d->held_text + o) + 1;
    }
    if (!same && !held_put(d, meta, 3, &d->held_meta))
        return at_fail(err, AT_ENOMEM, "score", "out of memory");
    if (!held_put(d, (const char *const[]){exam, doc, r->status}, 3, &h->key))
        return at_fail(err, AT_ENOMEM, "score", "out of memory");
    h->meta = d->held_meta;
    h->version = version;
    h->primary = r->primary;
    h->test = r->conv.test_score;
    h->mark = r->conv.mark;
    d->nheld++;
    return AT_OK;
}

static const char *held_base; /* for held_order (qsort passes no context) */

static int held_order(const void *a, const void *b)
{
    const struct sdb_held_version *x = a, *y = b;
    const char *kx = held_base + x->key, *ky = held_base + y->key;
    int c = strcmp(kx, ky); /* exam */
    if (c)
        return c;
    if ((c = strcmp(kx + strlen(kx) + 1, ky + strlen(ky) + 1))) /* document */
        return c;
    if (x->version != y->version)
        return x->version < y->version ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key; /* in the order held */
}

int sdb_versions_flush(score_db *d, at_error *err)
{
    d->hold_versions = false;
    held_base = d->held_text;
    if (d->nheld)
        qsort(d->held, d->nheld, sizeof *d->held, held_order);
    int rc = AT_OK;
    for (size_t i = 0; rc == AT_OK && i < d->nheld; i++) {
        const struct sdb_held_version *h = &d->held[i];
        const char *exam = d->held_text + h->key, *doc = exam + strlen(exam) + 1, *status = doc + strlen(doc) + 1;
        const char *reason = d->held_text + h->meta, *now = reason + strlen(reason) + 1, *actor = now + strlen(now) + 1;
        store_stmt *st = sdb_stmt(d, SS_VERSION_INSERT, err);
        if (!st) {
            rc = err->code;
            break;
        }
        store_bind_text(st, 1, exam);
        store_bind_text(st, 2, doc);
        store_bind_int(st, 3, h->version);
        store_bind_text(st, 4, status);
        bind_opt(st, 5, h->primary);
        bind_opt(st, 6, h->test);
        bind_opt(st, 7, h->mark);
        store_bind_text(st, 8, reason);
        store_bind_text(st, 9, now);
        store_bind_text(st, 10, actor);
        if ((rc = store_step(st, err)) > 0)
            rc = AT_OK;
    }
    free(d->held);
    free(d->held_text);
    d->held = NULL;
    d->held_text = NULL;
    d->nheld = d->capheld = d->held_used = d->held_cap = d->held_meta = 0;
    return rc;
}

static int insert_version(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                          int version, at_error *err)
{
    int rc;
    store_stmt *st;
    char now[40];
    store_now(now, sizeof now);
    if (d->hold_versions)
        return hold_version(d, exam, doc, r, reason, now, version, err);
    if (!(st = sdb_stmt(d, SS_VERSION_INSERT, err)))
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    store_bind_int(st, 3, version);
    store_bind_text(st, 4, r->status);
    bind_opt(st, 5, r->primary);
    bind_opt(st, 6, r->conv.test_score);
    bind_opt(st, 7, r->conv.mark);
    store_bind_text(st, 8, reason);
    store_bind_text(st, 9, now);
    store_bind_text(st, 10, store_actor(d->s));
    if ((rc = store_step(st, err)) < 0)
        return rc;
    return AT_OK;
}

int sdb_today(char *buf, at_error *err)
{
    const char *t = getenv("ATTEST_TODAY");
    at_date d;
    if (t && *t) {
        if (!date_parse_iso(t, &d))
            return at_fail(err, AT_EUSAGE, "ATTEST_TODAY", "\"%s\": expected YYYY-MM-DD", t);
    } else {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        d = (at_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    }
    date_format_iso(d, buf);
    return AT_OK;
}

int sdb_participant(score_db *d, const char *doc, bool *found, char *school, size_t nschool, at_error *err)
{
    *found = false;
    if (nschool)
        school[0] = '\0';
    if (!*doc)
        return AT_OK; /* binds as NULL: no one */
    int rc;
    /* without the school, the index alone answers */
    store_stmt *st = sdb_stmt(d, nschool ? SS_PARTICIPANT_GET : SS_PARTICIPANT_EXISTS, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, doc);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    *found = rc == 1;
    if (*found && nschool)
        copy(school, nschool, store_col_text(st, 0));
    return AT_OK;
}
