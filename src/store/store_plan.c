/* store_plan.c — roadmaps in SQLite (see store_plan.h). */
#include "store_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static void bind_text(sqlite3_stmt *st, int pos, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, pos, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, pos);
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

static int prepare(store *s, const char *sql, sqlite3_stmt **st, at_error *err)
{
    return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? AT_OK : store_db_fail(s, err, "preparing");
}

static int step_done(store *s, sqlite3_stmt *st, at_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? AT_OK : store_db_fail(s, err, "writing plan");
}

int store_plan_bodies_put(store *s, const store_body *b, size_t n, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare(s, "INSERT INTO plan_bodies (code, name, kind) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind", &st, err);
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        bind_text(st, 1, b[i].code);
        bind_text(st, 2, b[i].name);
        bind_text(st, 3, b[i].kind);
        rc = step_done(s, st, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static int plan_id_of(store *s, const char *code, long *id, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare(s, "SELECT id FROM plans WHERE code = ?1", &st, err);
    if (rc != AT_OK)
        return rc;
    bind_text(st, 1, code);
    *id = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return *id ? AT_OK : at_fail(err, AT_ENOTFOUND, code, "no plan with this code (see attest plan plans)");
}

int store_plan_put(store *s, const store_plan *p, const store_measure *m, size_t n, long *plan_id, at_error *err)
{
    char at[32];
    store_now_iso(at, sizeof at);
    sqlite3_stmt *st;
    int rc = prepare(s,
                     "INSERT INTO plans (code, title, language, level, territory, academic_year, source_title, "
                     "source_date, source_number, source_file, source_hash, imported_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (code) DO UPDATE SET "
                     "title = excluded.title, language = excluded.language, level = excluded.level, "
                     "territory = excluded.territory, academic_year = excluded.academic_year, "
                     "source_title = excluded.source_title, source_date = excluded.source_date, "
                     "source_number = excluded.source_number, source_file = excluded.source_file, "
                     "source_hash = excluded.source_hash, imported_at = excluded.imported_at",
                     &st, err);
    if (rc != AT_OK)
        return rc;
    const char *v[] = {p->code, p->title, p->language, p->level, p->territory, p->academic_year, p->source_title,
                       p->source_date, p->source_number, p->source_file, p->source_hash, at};
    for (int i = 0; i < 12; i++)
        bind_text(st, i + 1, v[i]);
    rc = step_done(s, st, err);
    sqlite3_finalize(st);
    if (rc == AT_OK)
        rc = plan_id_of(s, p->code, plan_id, err);
    if (rc != AT_OK)
        return rc;

    sqlite3_stmt *ins = NULL, *mid = NULL, *link = NULL, *unlink_b = NULL, *drop = NULL;
    rc = prepare(s,
                 "INSERT INTO plan_measures (plan_id, position, section, number, title, responsible, form, "
                 "deadline_text, deadline, deadline_kind, starts_on, due_on, understood, source_line) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                 "ON CONFLICT (plan_id, position) DO UPDATE SET section = excluded.section, number = excluded.number, "
                 "title = excluded.title, responsible = excluded.responsible, form = excluded.form, "
                 "deadline_text = excluded.deadline_text, deadline = excluded.deadline, "
                 "deadline_kind = excluded.deadline_kind, starts_on = excluded.starts_on, due_on = excluded.due_on, "
                 "understood = excluded.understood, source_line = excluded.source_line",
                 &ins, err);
    if (rc == AT_OK)
        rc = prepare(s, "SELECT id FROM plan_measures WHERE plan_id = ?1 AND position = ?2", &mid, err);
    if (rc == AT_OK)
        rc = prepare(s, "DELETE FROM plan_measure_bodies WHERE measure_id = ?1", &unlink_b, err);
    if (rc == AT_OK)
        rc = prepare(s, "INSERT INTO plan_measure_bodies (measure_id, body_id) SELECT ?1, id FROM plan_bodies "
                        "WHERE code = ?2 ON CONFLICT (measure_id, body_id) DO NOTHING", &link, err);
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        const store_measure *x = &m[i];
        sqlite3_bind_int64(ins, 1, *plan_id);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)i + 1);
        const char *t[] = {x->section, x->number, x->title, x->responsible, x->form, x->deadline_text,
                           x->deadline, x->deadline_kind, x->starts_on, x->due_on};
        for (int k = 0; k < 10; k++)
            bind_text(ins, k + 3, t[k]);
        sqlite3_bind_int(ins, 13, x->understood);
        sqlite3_bind_int64(ins, 14, x->source_line);
        if ((rc = step_done(s, ins, err)) != AT_OK)
            break;
        sqlite3_bind_int64(mid, 1, *plan_id);
        sqlite3_bind_int64(mid, 2, (sqlite3_int64)i + 1);
        long id = sqlite3_step(mid) == SQLITE_ROW ? (long)sqlite3_column_int64(mid, 0) : 0;
        sqlite3_reset(mid);
        sqlite3_bind_int64(unlink_b, 1, id);
        if ((rc = step_done(s, unlink_b, err)) != AT_OK)
            break;
        for (size_t b = 0; b < x->nbodies && rc == AT_OK; b++) {
            sqlite3_bind_int64(link, 1, id);
            bind_text(link, 2, x->bodies[b]);
            rc = step_done(s, link, err);
        }
    }
    /* A re-imported plan that got shorter loses its tail measures (and their links). */
    if (rc == AT_OK)
        rc = prepare(s, "DELETE FROM plan_measure_bodies WHERE measure_id IN "
                        "(SELECT id FROM plan_measures WHERE plan_id = ?1 AND position > ?2)", &drop, err);
    if (rc == AT_OK) {
        sqlite3_bind_int64(drop, 1, *plan_id);
        sqlite3_bind_int64(drop, 2, (sqlite3_int64)n);
        rc = step_done(s, drop, err);
        sqlite3_finalize(drop);
        drop = NULL;
    }
    if (rc == AT_OK)
        rc = prepare(s, "DELETE FROM plan_measures WHERE plan_id = ?1 AND position > ?2 AND id NOT IN "
                        "(SELECT measure_id FROM plan_status_log)", &drop, err);
    if (rc == AT_OK) {
        sqlite3_bind_int64(drop, 1, *plan_id);
        sqlite3_bind_int64(drop, 2, (sqlite3_int64)n);
        rc = step_done(s, drop, err);
    }
    sqlite3_finalize(drop);
    sqlite3_finalize(ins);
    sqlite3_finalize(mid);
    sqlite3_finalize(link);
    sqlite3_finalize(unlink_b);
    return rc;
}

int store_plan_link(store *s, long a, long b, at_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE plans SET linked_plan = %ld WHERE id = %ld; UPDATE plans SET linked_plan = %ld WHERE id = %ld; "
             "UPDATE plan_measures SET linked_measure = (SELECT o.id FROM plan_measures o WHERE o.plan_id = %ld "
             "AND o.position = plan_measures.position) WHERE plan_id = %ld; "
             "UPDATE plan_measures SET linked_measure = (SELECT o.id FROM plan_measures o WHERE o.plan_id = %ld "
             "AND o.position = plan_measures.position) WHERE plan_id = %ld;",
             b, a, a, b, b, a, a, b);
    return store_exec(s, sql, err);
}

static const char *const statuses[] = {"planned", "in_progress", "done", "not_applicable", NULL};

int store_plan_set_status(store *s, const char *plan_code, const char *number, const char *status,
                          const char *evidence, at_error *err)
{
    bool known = false;
    for (int i = 0; statuses[i]; i++)
        known |= strcmp(statuses[i], status) == 0;
    if (!known)
        return at_fail(err, AT_EUSAGE, status, "expected planned, in_progress, done or not_applicable");
    if (strcmp(status, "done") == 0 && (!evidence || !*evidence))
        return at_fail(err, AT_EINPUT, number, "a done measure needs evidence: a document number, a date or a file (--evidence)");
    long plan;
    int rc = plan_id_of(s, plan_code, &plan, err);
    if (rc != AT_OK)
        return rc;
    sqlite3_stmt *st;
    if ((rc = prepare(s, "SELECT id, status FROM plan_measures WHERE plan_id = ?1 AND number = ?2", &st, err)) != AT_OK)
        return rc;
    sqlite3_bind_int64(st, 1, plan);
    bind_text(st, 2, number);
    long id = 0;
    char old[32] = "";
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = (long)sqlite3_column_int64(st, 0);
        snprintf(old, sizeof old, "%s", col(st, 1));
    }
    sqlite3_finalize(st);
    if (!id)
        return at_fail(err, AT_ENOTFOUND, number, "plan %s has no measure numbered \"%s\"", plan_code, number);
    char at[32];
    store_now_iso(at, sizeof at);
    if ((rc = prepare(s, "UPDATE plan_measures SET status = ?1, evidence = ?2, status_by = ?3, status_at = ?4 "
                         "WHERE id = ?5", &st, err)) != AT_OK)
        return rc;
    bind_text(st, 1, status);
    bind_text(st, 2, evidence);
    bind_text(st, 3, s->actor);
    bind_text(st, 4, at);
    sqlite3_bind_int64(st, 5, id);
    rc = step_done(s, st, err);
    sqlite3_finalize(st);
    if (rc != AT_OK)
        return rc;
    if ((rc = prepare(s, "INSERT INTO plan_status_log (measure_id, at, actor, old_status, new_status, evidence) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err)) != AT_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, at);
    bind_text(st, 3, s->actor);
    bind_text(st, 4, old);
    bind_text(st, 5, status);
    bind_text(st, 6, evidence);
    rc = step_done(s, st, err);
    sqlite3_finalize(st);
    return rc;
}

int store_plan_cascade(store *s, const char *plan_code, const char *level, long *made, at_error *err)
{
    const char *from;
    if (strcmp(level, "municipality") == 0)
        from = "SELECT code FROM municipalities ORDER BY code";
    else if (strcmp(level, "school") == 0)
        from = "SELECT code FROM schools ORDER BY code";
    else
        return at_fail(err, AT_EUSAGE, level, "expected municipality or school");
    long plan;
    int rc = plan_id_of(s, plan_code, &plan, err);
    if (rc != AT_OK)
        return rc;
    sqlite3_stmt *terr, *cp_plan, *cp_measures, *cp_bodies;
    if ((rc = prepare(s, from, &terr, err)) != AT_OK)
        return rc;
    rc = prepare(s,
                 "INSERT INTO plans (code, title, language, level, territory, academic_year, source_title, "
                 "source_date, source_number, source_file, source_hash, parent_plan, imported_at) "
                 "SELECT code || '@' || ?2, title, language, ?3, ?2, academic_year, source_title, source_date, "
                 "source_number, source_file, source_hash, id, ?4 FROM plans WHERE id = ?1 "
                 "ON CONFLICT (code) DO NOTHING",
                 &cp_plan, err);
    if (rc == AT_OK)
        rc = prepare(s,
                     "INSERT INTO plan_measures (plan_id, position, section, number, title, responsible, form, "
                     "deadline_text, deadline, deadline_kind, starts_on, due_on, understood, source_line, parent_measure) "
                     "SELECT (SELECT id FROM plans WHERE code = ?2), position, section, number, title, responsible, "
                     "form, deadline_text, deadline, deadline_kind, starts_on, due_on, understood, source_line, id "
                     "FROM plan_measures WHERE plan_id = ?1 ON CONFLICT (plan_id, position) DO NOTHING",
                     &cp_measures, err);
    if (rc == AT_OK)
        rc = prepare(s,
                     "INSERT INTO plan_measure_bodies (measure_id, body_id) SELECT c.id, b.body_id FROM plan_measures c "
                     "JOIN plan_measure_bodies b ON b.measure_id = c.parent_measure "
                     "WHERE c.plan_id = (SELECT id FROM plans WHERE code = ?1) ON CONFLICT (measure_id, body_id) DO NOTHING",
                     &cp_bodies, err);
    char at[32];
    store_now_iso(at, sizeof at);
    *made = 0;
    while (rc == AT_OK && sqlite3_step(terr) == SQLITE_ROW) {
        const char *t = col(terr, 0);
        char code[256];
        snprintf(code, sizeof code, "%s@%s", plan_code, t);
        sqlite3_bind_int64(cp_plan, 1, plan);
        bind_text(cp_plan, 2, t);
        bind_text(cp_plan, 3, level);
        bind_text(cp_plan, 4, at);
        int r = sqlite3_step(cp_plan);
        sqlite3_reset(cp_plan);
        if (r != SQLITE_DONE) {
            rc = store_db_fail(s, err, "copying plan");
            break;
        }
        *made += sqlite3_changes(s->db);
        sqlite3_bind_int64(cp_measures, 1, plan);
        bind_text(cp_measures, 2, code);
        if ((rc = step_done(s, cp_measures, err)) != AT_OK)
            break;
        bind_text(cp_bodies, 1, code);
        rc = step_done(s, cp_bodies, err);
    }
    sqlite3_finalize(terr);
    sqlite3_finalize(cp_plan);
    sqlite3_finalize(cp_measures);
    sqlite3_finalize(cp_bodies);
    return rc;
}

int store_measures_each(store *s, const store_measure_query *q, store_measure_fn fn, void *ctx, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare(
        s,
        "SELECT p.code, p.title, p.level, p.territory, p.language, m.position, m.section, m.number, m.title, "
        "m.responsible, m.form, m.deadline_text, m.deadline, m.deadline_kind, m.starts_on, m.due_on, m.understood, "
        "m.status, m.evidence, m.status_by, m.status_at, lp.code, lm.number, "
        "(SELECT GROUP_CONCAT(name, '; ') FROM (SELECT b.name FROM plan_measure_bodies mb JOIN plan_bodies b "
        "  ON b.id = mb.body_id WHERE mb.measure_id = m.id ORDER BY b.name)) "
        "FROM plan_measures m JOIN plans p ON p.id = m.plan_id "
        "LEFT JOIN plan_measures lm ON lm.id = m.linked_measure LEFT JOIN plans lp ON lp.id = lm.plan_id "
        "WHERE (?1 IS NULL OR p.code = ?1) "
        "AND (?2 IS NULL OR at_contains_ci(m.responsible, ?2) OR EXISTS (SELECT 1 FROM plan_measure_bodies mb "
        "     JOIN plan_bodies b ON b.id = mb.body_id WHERE mb.measure_id = m.id "
        "     AND (b.code = ?2 OR at_contains_ci(b.name, ?2)))) "
        "AND (?3 IS NULL OR m.due_on >= ?3) AND (?4 IS NULL OR m.due_on <= ?4) "
        "AND (?5 = 0 OR m.status NOT IN ('done', 'not_applicable')) "
        "ORDER BY p.code, m.position",
        &st, err);
    if (rc != AT_OK)
        return rc;
    bind_text(st, 1, q ? q->plan_code : NULL);
    bind_text(st, 2, q ? q->body : NULL);
    bind_text(st, 3, q ? q->due_from : NULL);
    bind_text(st, 4, q ? q->due_to : NULL);
    sqlite3_bind_int(st, 5, q && q->open_only);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_measure_row r = {
            .plan_code = col(st, 0), .plan_title = col(st, 1), .level = col(st, 2), .territory = col(st, 3),
            .language = col(st, 4), .position = (long)sqlite3_column_int64(st, 5), .section = col(st, 6),
            .number = col(st, 7), .title = col(st, 8), .responsible = col(st, 9), .form = col(st, 10),
            .deadline_text = col(st, 11), .deadline = col(st, 12), .deadline_kind = col(st, 13),
            .starts_on = col(st, 14), .due_on = col(st, 15), .understood = sqlite3_column_int(st, 16) != 0,
            .status = col(st, 17), .evidence = col(st, 18), .status_by = col(st, 19), .status_at = col(st, 20),
            .linked_plan = col(st, 21), .linked_number = col(st, 22), .bodies = col(st, 23)};
        if ((rc = fn(ctx, &r, err)) != AT_OK)
            break;
    }
    if (rc == AT_OK && step != SQLITE_DONE)
        rc = store_db_fail(s, err, "reading measures");
    sqlite3_finalize(st);
    return rc;
}

int store_plans_each(store *s, store_plan_fn fn, void *ctx, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare(s,
                     "SELECT p.code, p.title, p.language, p.level, p.territory, p.source_title, "
                     "(SELECT COUNT(*) FROM plan_measures m WHERE m.plan_id = p.id), "
                     "(SELECT COUNT(*) FROM plan_measures m WHERE m.plan_id = p.id AND m.status = 'done'), "
                     "(SELECT COUNT(*) FROM plan_measures m WHERE m.plan_id = p.id AND m.understood = 1), "
                     "(SELECT l.code FROM plans l WHERE l.id = p.linked_plan) FROM plans p ORDER BY p.code",
                     &st, err);
    if (rc != AT_OK)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_plan_row r = {.code = col(st, 0), .title = col(st, 1), .language = col(st, 2), .level = col(st, 3),
                            .territory = col(st, 4), .source_title = col(st, 5),
                            .measures = (long)sqlite3_column_int64(st, 6), .done = (long)sqlite3_column_int64(st, 7),
                            .understood = (long)sqlite3_column_int64(st, 8), .linked_code = col(st, 9)};
        if ((rc = fn(ctx, &r, err)) != AT_OK)
            break;
    }
    if (rc == AT_OK && step != SQLITE_DONE)
        rc = store_db_fail(s, err, "reading plans");
    sqlite3_finalize(st);
    return rc;
}

int store_plan_rollup(store *s, const char *by, const char *today, store_rollup_fn fn, void *ctx, at_error *err)
{
    const char *group, *from;
    if (strcmp(by, "level") == 0)
        group = "p.level", from = "plan_measures m JOIN plans p ON p.id = m.plan_id";
    else if (strcmp(by, "territory") == 0)
        group = "COALESCE(p.territory, '(' || p.level || ')')", from = "plan_measures m JOIN plans p ON p.id = m.plan_id";
    else if (strcmp(by, "body") == 0)
        group = "b.name", from = "plan_measures m JOIN plan_measure_bodies mb ON mb.measure_id = m.id "
                                 "JOIN plan_bodies b ON b.id = mb.body_id";
    else
        return at_fail(err, AT_EUSAGE, by, "expected level, territory or body");
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s AS g, COUNT(*), SUM(m.status = 'done'), SUM(m.status = 'not_applicable'), "
             "SUM(m.status IN ('planned', 'in_progress') AND m.due_on < ?1) FROM %s GROUP BY g ORDER BY g",
             group, from);
    sqlite3_stmt *st;
    int rc = prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    bind_text(st, 1, today);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_rollup_row r = {col(st, 0), (long)sqlite3_column_int64(st, 1), (long)sqlite3_column_int64(st, 2),
                              (long)sqlite3_column_int64(st, 3), (long)sqlite3_column_int64(st, 4)};
        if ((rc = fn(ctx, &r, err)) != AT_OK)
            break;
    }
    if (rc == AT_OK && step != SQLITE_DONE)
        rc = store_db_fail(s, err, "reading roll-up");
    sqlite3_finalize(st);
    return rc;
}
