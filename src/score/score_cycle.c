/* score_cycle.c — recompute, approval and publication, annulment and
 * retakes, appeals with working-day deadlines (profile + calendar). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/calendar.h"
#include "score_internal.h"

static bool same_result(const score_result *a, const score_result *b)
{
    return strcmp(a->status, b->status) == 0 && a->short_score == b->short_score &&
           a->extended_score == b->extended_score && a->primary == b->primary &&
           a->conv.test_score == b->conv.test_score && a->conv.mark == b->conv.mark &&
           a->conv.passed == b->conv.passed && a->conv.university == b->conv.university && a->third == b->third &&
           strcmp(a->retake_of, b->retake_of) == 0;
}

static int col_opt(store_stmt *st, int i) { return store_col_null(st, i) ? -1 : (int)store_col_int(st, i); }

int score_recompute(store *s, const char *exam, bool check_only, const char *reason, long *checked, long *differ,
                    void (*report)(void *ctx, const char *exam, const char *doc, const char *what), void *rctx,
                    at_error *err)
{
    *checked = *differ = 0;
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    store_stmt *keys = NULL;
    if ((rc = store_begin(s, err)) != AT_OK) {
        sdb_close(&d);
        return rc;
    }
    if ((rc = store_score_prepare(s, SS_RESULTS_KEYS, &keys, err)) == AT_OK) {
        store_bind_text(keys, 1, exam);
        /* keys are collected first: writing while the query runs is not portable */
        char (*k)[2][64] = NULL;
        size_t nk = 0, cap = 0;
        while ((rc = store_step(keys, err)) == 1) {
            if (nk == cap) {
                cap = cap ? cap * 2 : 1024;
                void *nkv = realloc(k, cap * sizeof *k);
                if (!nkv) {
                    rc = at_fail(err, AT_ENOMEM, "recompute", "out of memory");
                    break;
                }
                k = nkv;
            }
            snprintf(k[nk][0], 64, "%s", store_col_text(keys, 0));
            snprintf(k[nk][1], 64, "%s", store_col_text(keys, 1));
            nk++;
        }
        if (rc == 0)
            rc = AT_OK;
        for (size_t i = 0; rc == AT_OK && i < nk; i++) {
            score_result now, stored;
            memset(&stored, 0, sizeof stored);
            if ((rc = sdb_compute(&d, k[i][0], k[i][1], &now, err)) != AT_OK)
                break;
            store_stmt *st = sdb_stmt(&d, SS_RESULT_GET, err);
            if (!st) {
                rc = err->code;
                break;
            }
            store_bind_text(st, 1, k[i][0]);
            store_bind_text(st, 2, k[i][1]);
            if ((rc = store_step(st, err)) < 0)
                break;
            bool exists = rc == 1;
            rc = AT_OK;
            if (exists) {
                snprintf(stored.status, sizeof stored.status, "%s", store_col_text(st, 1));
                stored.short_score = col_opt(st, 2);
                stored.extended_score = col_opt(st, 3);
                stored.primary = col_opt(st, 4);
                stored.conv = (score_conversion){col_opt(st, 5), col_opt(st, 6), col_opt(st, 7), col_opt(st, 8)};
                stored.third = store_col_int(st, 9) != 0;
                snprintf(stored.retake_of, sizeof stored.retake_of, "%s", store_col_text(st, 12) ? store_col_text(st, 12) : "");
            }
            (*checked)++;
            if (exists && same_result(&now, &stored))
                continue;
            (*differ)++;
            if (report) {
                char what[256];
                if (!exists)
                    snprintf(what, sizeof what, "no stored result; computed %s primary %d", now.status, now.primary);
                else
                    snprintf(what, sizeof what, "stored %s primary %d test %d mark %d; computed %s primary %d test %d mark %d",
                             stored.status, stored.primary, stored.conv.test_score, stored.conv.mark, now.status,
                             now.primary, now.conv.test_score, now.conv.mark);
                report(rctx, k[i][0], k[i][1], what);
            }
            bool changed;
            if (!check_only)
                rc = sdb_write(&d, k[i][0], k[i][1], &now, reason ? reason : "recomputed", &changed, err);
        }
        free(k);
    }
    store_finalize(keys);
    if (rc == AT_OK && !check_only)
        rc = store_log_change(s, "results recompute", "results", exam, NULL, 0, *differ, *checked - *differ, err);
    if (rc == AT_OK && !check_only)
        rc = store_commit(s, err);
    else
        store_rollback(s);
    sdb_close(&d);
    return rc;
}

int score_mark_many(store *s, const score_mark_row *rows, size_t n, long *thirds, at_error *err)
{
    *thirds = 0;
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    if ((rc = store_begin(s, err)) == AT_OK) {
        char third[64];
        for (size_t i = 0; rc == AT_OK && i < n; i++)
            if ((rc = score_mark_in(&d, rows[i].work, rows[i].expert, rows[i].marks, third, sizeof third, err)) == AT_OK)
                *thirds += third[0] != '\0';
        if (rc == AT_OK)
            rc = store_log_change(s, "experts mark", "expert_tasks", NULL, NULL, (long)n, 0, 0, err);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    sdb_close(&d);
    return rc;
}

static int stage_change(store *s, const char *exam, const char *from, const char *to, const char *date, long *n,
                        at_error *err)
{
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    const score_exam *e;
    if ((rc = sdb_exam(&d, exam, &e, err)) == AT_OK && (rc = store_begin(s, err)) == AT_OK) {
        store_stmt *st = sdb_stmt(&d, SS_RESULTS_PENDING, err);
        rc = st ? AT_OK : err->code;
        if (rc == AT_OK) {
            store_bind_text(st, 1, exam);
            if ((rc = store_step(st, err)) == 1) {
                long pending = (long)store_col_int(st, 0);
                rc = pending ? at_fail(err, AT_EINPUT, exam, "%ld result%s still wait for expert marks or a third check",
                                       pending, pending == 1 ? "" : "s")
                             : AT_OK;
            }
        }
        if (rc == AT_OK && (st = sdb_stmt(&d, SS_RESULTS_STAGE, err))) {
            store_bind_text(st, 1, to);
            store_bind_text(st, 2, date);
            store_bind_text(st, 3, exam);
            store_bind_text(st, 4, from);
            rc = store_step(st, err);
            *n = (long)store_changes(s);
            if (rc == 0 && *n == 0)
                rc = at_fail(err, AT_EINPUT, exam, "no %s results to mark %s", from, to);
            else if (rc == 0)
                rc = store_log_change(s, strcmp(to, "approved") == 0 ? "results approve" : "results publish",
                                      "results", exam, date, 0, *n, 0, err);
        } else if (rc == AT_OK)
            rc = err->code;
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    sdb_close(&d);
    return rc;
}

int score_approve(store *s, const char *exam, long *n, at_error *err)
{
    return stage_change(s, exam, "processed", "approved", NULL, n, err);
}

int score_publish(store *s, const char *exam, const char *date, long *n, at_error *err)
{
    char today[16];
    int rc = AT_OK;
    at_date dd;
    if (!date && (rc = sdb_today(today, err)) != AT_OK)
        return rc;
    if (date && !date_parse_iso(date, &dd))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\": expected YYYY-MM-DD", date);
    return stage_change(s, exam, "approved", "published", date ? date : today, n, err);
}

/* A retake on the first later reserve day of the same exam (grade, subject,
 * form and room kind: a written part's retake is not the speaking part's
 * reserve day, nor an ЕГЭ one a ГВЭ day), unless one is named. */
int score_annul_in(score_db *d, const char *exam, const char *document, const char *reason, const char *retake_exam,
                   at_error *err)
{
    const score_exam *e;
    int rc = sdb_exam(d, exam, &e, err);
    if (rc != AT_OK)
        return rc;
    char retake[64] = "";
    if (retake_exam) {
        const score_exam *r;
        if ((rc = sdb_exam(d, retake_exam, &r, err)) != AT_OK)
            return rc;
        if (strcmp(r->subject, e->subject) != 0 || strcmp(r->date, e->date) <= 0)
            return at_fail(err, AT_EINPUT, retake_exam, "a retake of %s must be a later exam of %s", exam, e->subject);
        snprintf(retake, sizeof retake, "%s", retake_exam);
    } else {
        store_stmt *st = sdb_stmt(d, SS_RESERVE_FOR, err);
        if (!st)
            return err->code;
        store_bind_text(st, 1, exam);
        if ((rc = store_step(st, err)) < 0)
            return rc;
        if (rc == 1)
            snprintf(retake, sizeof retake, "%s", store_col_text(st, 0));
    }
    char now[40];
    store_now(now, sizeof now);
    store_stmt *st = sdb_stmt(d, SS_RETAKE_INSERT, err);
    if (!st)
        return err->code;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, document);
    store_bind_text(st, 3, retake);
    store_bind_text(st, 4, reason);
    store_bind_text(st, 5, now);
    if ((rc = store_step(st, err)) < 0)
        return at_fail(err, AT_EINPUT, exam, "%s already has a retake of this exam", document);
    sdb_prelude_forget(d); /* computations read the new retake */
    /* a retake sat before the annulment now replaces it: its result says so */
    score_result r;
    bool changed;
    if (retake[0] && sdb_compute(d, retake, document, &r, err) == AT_OK)
        return sdb_write(d, retake, document, &r, "replaces an annulled result", &changed, err);
    return AT_OK;
}

/* ---- appeals ---- */

static int load_calendar(score_db *d, calendar **cal, at_error *err)
{
    return calendar_load_builtin(d->country[0] ? d->country : "ru", cal, err);
}

static int add_days(calendar *cal, const char *from, int n, char *out, at_error *err)
{
    at_date a, b;
    if (!date_parse_iso(from, &a))
        return at_fail(err, AT_EINPUT, from, "expected a date YYYY-MM-DD");
    int rc = calendar_add_working_days(cal, a, n, &b, err);
    if (rc == AT_OK)
        date_format_iso(b, out);
    return rc;
}

int score_appeal_file(store *s, const char *kind, const char *exam, const char *document, const char *date,
                      const char *reason, long *id, at_error *err)
{
    *id = 0;
    bool proc = strcmp(kind, "procedure") == 0;
    if (!proc && strcmp(kind, "scores") != 0)
        return at_fail(err, AT_EUSAGE, "--kind", "\"%s\"; expected procedure or scores", kind);
    at_date fd;
    if (!date_parse_iso(date, &fd))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\": expected YYYY-MM-DD", date);
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    calendar *cal = NULL;
    const score_exam *e;
    char due[16] = "", decide[16] = "", notify[16] = "";
    bool began = false;
    if ((rc = sdb_exam(&d, exam, &e, err)) != AT_OK || (rc = load_calendar(&d, &cal, err)) != AT_OK)
        goto out;
    const rule_profile *p = e->prof;
    store_stmt *st = sdb_stmt(&d, SS_RESULT_GET, err);
    if (!st) {
        rc = err->code;
        goto out;
    }
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, document);
    if ((rc = store_step(st, err)) < 0)
        goto out;
    if (rc == 0) {
        rc = at_fail(err, AT_ENOTFOUND, exam, "%s has no result in this exam", document);
        goto out;
    }
    char status[16], stage[16], published[16];
    snprintf(status, sizeof status, "%s", store_col_text(st, 1));
    snprintf(stage, sizeof stage, "%s", store_col_text(st, 10));
    snprintf(published, sizeof published, "%s", store_col_text(st, 11) ? store_col_text(st, 11) : "");
    if (proc) {
        /* filed on the exam day, before leaving the exam point */
        snprintf(due, sizeof due, "%s", e->date);
        if (strcmp(date, e->date) != 0) {
            rc = at_fail(err, AT_EINPUT, document, "a procedure appeal is filed on the exam day; it was due on %s", e->date);
            goto out;
        }
        if ((rc = add_days(cal, date, p->appeal_procedure_days, decide, err)) != AT_OK)
            goto out;
    } else {
        if (strcmp(stage, "published") != 0) {
            rc = at_fail(err, AT_EINPUT, document, "the result of %s is not published yet; a scores appeal follows publication", exam);
            goto out;
        }
        if (strcmp(status, "scored") != 0) {
            rc = at_fail(err, AT_EINPUT, document, "the result is \"%s\"; only scored results can be appealed", status);
            goto out;
        }
        if ((rc = add_days(cal, published, p->appeal_scores_file_days, due, err)) != AT_OK)
            goto out;
        if (strcmp(date, due) > 0) {
            rc = at_fail(err, AT_EINPUT, document, "filed late: a scores appeal of %s was due by %s (%d working days after "
                         "the results day %s)", exam, due, p->appeal_scores_file_days, published);
            goto out;
        }
        if (strcmp(date, published) < 0) {
            rc = at_fail(err, AT_EINPUT, document, "filed on %s, before the results day %s", date, published);
            goto out;
        }
        /* only extended answers are re-checked: a paper without criteria has nothing to appeal */
        char work_code[24];
        bool has_work;
        if ((rc = sdb_work_of(&d, exam, document, work_code, sizeof work_code, &has_work, err)) != AT_OK)
            goto out;
        if (!has_work) {
            rc = at_fail(err, AT_EINPUT, document, "this paper has only short answers; short-answer scoring is not appealable");
            goto out;
        }
        if ((rc = add_days(cal, date, p->appeal_scores_decide_days, decide, err)) != AT_OK ||
            (rc = add_days(cal, decide, -1, notify, err)) != AT_OK)
            goto out;
    }
    if ((rc = store_begin(s, err)) != AT_OK)
        goto out;
    began = true;
    if (!(st = sdb_stmt(&d, SS_APPEAL_INSERT, err))) {
        rc = err->code;
        goto out;
    }
    const char *vals[] = {kind, exam, document, date, due, decide, notify, reason, store_actor(s)};
    for (int i = 0; i < 9; i++)
        store_bind_text(st, i + 1, vals[i]);
    if ((rc = store_step(st, err)) < 0)
        goto out;
    rc = AT_OK;
    /* the appeal's id: the highest (this transaction's insert) */
    store_stmt *idq = sdb_stmt(&d, SS_APPEAL_LAST, err);
    if (!idq)
        rc = err->code;
    else if ((rc = store_step(idq, err)) >= 0) {
        if (rc == 1)
            *id = (long)store_col_int(idq, 0);
        rc = AT_OK;
    }
    if (rc == AT_OK)
        rc = store_log_change(s, "appeal file", "appeals", exam, document, 1, 0, 0, err);
out:
    if (began) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    calendar_free(cal);
    sdb_close(&d);
    return rc;
}

static int decide_in(score_db *d, long id, const char *decision, const char *date, const char *expert_doc,
                     const char *marks, const char *retake_exam, at_error *err)
{
    bool upheld = strcmp(decision, "upheld") == 0;
    if (!upheld && strcmp(decision, "rejected") != 0)
        return at_fail(err, AT_EUSAGE, "--decision", "\"%s\"; expected upheld or rejected", decision);
    store_stmt *st = sdb_stmt(d, SS_APPEAL_GET, err);
    if (!st)
        return err->code;
    store_bind_int(st, 1, id);
    int rc = store_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return at_fail(err, AT_ENOTFOUND, "appeal", "no appeal %ld", id);
    char kind[16], exam[64], doc[64], filed[16], status[16];
    snprintf(kind, sizeof kind, "%s", store_col_text(st, 0));
    snprintf(exam, sizeof exam, "%s", store_col_text(st, 1));
    snprintf(doc, sizeof doc, "%s", store_col_text(st, 2));
    snprintf(filed, sizeof filed, "%s", store_col_text(st, 3));
    snprintf(status, sizeof status, "%s", store_col_text(st, 4));
    if (strcmp(status, "filed") != 0)
        return at_fail(err, AT_EINPUT, "appeal", "appeal %ld is already decided (%s)", id, status);
    if (strcmp(date, filed) < 0)
        return at_fail(err, AT_EINPUT, "--date", "%s is before the filing date %s", date, filed);
    score_result before, after;
    if ((rc = sdb_compute(d, exam, doc, &before, err)) != AT_OK)
        return rc;
    const char *outcome = "kept";
    const char *reason = "appeal rejected";
    if (strcmp(kind, "procedure") == 0) {
        if (upheld) {
            if ((rc = score_annul_in(d, exam, doc, "procedure appeal upheld", retake_exam, err)) != AT_OK)
                return rc;
            outcome = "annulled";
            reason = "procedure appeal upheld: annulled, retake";
        }
    } else if (upheld) {
        if (!expert_doc || !marks)
            return at_fail(err, AT_EUSAGE, "appeal decide", "an upheld scores appeal needs --expert and --marks (the re-check)");
        char work[24];
        bool has_work;
        if ((rc = sdb_work_of(d, exam, doc, work, sizeof work, &has_work, err)) != AT_OK)
            return rc;
        if (!has_work)
            return at_fail(err, AT_EINTERNAL, exam, "no work");
        /* the re-check obeys the rules of every mark: an expert of the
         * subject, not of the participant's school, who has not held the work */
        score_work sw;
        bool holds;
        const score_exam *e;
        if ((rc = sdb_exam(d, exam, &e, err)) != AT_OK || (rc = score_work_get(d, work, exam, doc, &sw, err)) != AT_OK)
            return rc;
        if ((rc = score_expert_may(d, &sw, expert_doc, 4, &holds, err)) != AT_OK) {
            /* the option is what was wrong, not the work */
            snprintf(err->where, sizeof err->where, "--expert");
            return rc;
        }
        char sheetvar[64];
        store_stmt *sh = sdb_stmt(d, SS_SHEET_GET, err);
        if (!sh)
            return err->code;
        store_bind_text(sh, 1, exam);
        store_bind_text(sh, 2, doc);
        if ((rc = store_step(sh, err)) != 1)
            return rc < 0 ? rc : at_fail(err, AT_EINTERNAL, exam, "no sheet");
        snprintf(sheetvar, sizeof sheetvar, "%s", store_col_text(sh, 0));
        const score_paper *p;
        int m[SCORE_ITEMS_MAX];
        if ((rc = sdb_paper(d, exam, sheetvar, &p, err)) != AT_OK ||
            (rc = sdb_parse_marks(p, marks, m, "--marks", err)) != AT_OK)
            return rc;
        if ((rc = score_task_add(d, work, e->subject, expert_doc, 4, 1, 0, marks, err)) != AT_OK)
            return rc;
        reason = "scores appeal upheld: re-checked";
    }
    if (!(st = sdb_stmt(d, SS_APPEAL_DECIDE, err)))
        return err->code;
    if ((rc = sdb_compute(d, exam, doc, &after, err)) != AT_OK)
        return rc;
    if (strcmp(kind, "scores") == 0 && upheld)
        outcome = after.primary > before.primary ? "up" : after.primary < before.primary ? "down" : "kept";
    store_bind_text(st, 1, decision);
    store_bind_text(st, 2, outcome);
    store_bind_text(st, 3, date);
    store_bind_int(st, 4, id);
    if ((rc = store_step(st, err)) < 0)
        return rc;
    sdb_prelude_forget(d); /* computations read the decision */
    /* recompute after the decision is stored (an upheld procedure appeal annuls) */
    if ((rc = sdb_compute(d, exam, doc, &after, err)) != AT_OK)
        return rc;
    bool changed;
    return sdb_write(d, exam, doc, &after, reason, &changed, err);
}

int score_appeal_decide(store *s, long id, const char *decision, const char *date, const char *expert_doc,
                        const char *marks, const char *retake_exam, at_error *err)
{
    at_date dd;
    if (!date_parse_iso(date, &dd))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\": expected YYYY-MM-DD", date);
    score_db d;
    int rc = sdb_open(&d, s, err);
    if (rc != AT_OK)
        return rc;
    if ((rc = store_begin(s, err)) == AT_OK) {
        rc = decide_in(&d, id, decision, date, expert_doc, marks, retake_exam, err);
        if (rc == AT_OK)
            rc = store_log_change(s, "appeal decide", "appeals", decision, NULL, 0, 1, 0, err);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    sdb_close(&d);
    return rc;
}
