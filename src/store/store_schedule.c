/* store_schedule.c — schedule queries (see store_schedule.h). Portable SQL. */
#include "store_schedule.h"

#include "store_sql.h"

#define EXAM_COLS                                                                                      \
    "e.code, e.grade, e.subject, e.form, COALESCE(e.room_kind, 'regular'), e.date, e.start_time, "     \
    "e.duration_minutes, e.period, COALESCE(e.reserve, 0)"
#define EXAM_NCOLS 10
#define EXAM_ORDER "e.date, e.start_time, e.grade, e.subject, e.code"

static const char *text(store_stmt *st, int i)
{
    const char *v = store_col_text(st, i);
    return v ? v : "";
}

static void read_exam(store_stmt *st, int at, store_exam *x)
{
    x->code = text(st, at);
    x->grade = (int)store_col_int(st, at + 1);
    x->subject = text(st, at + 2);
    x->form = text(st, at + 3);
    x->room_kind = text(st, at + 4);
    x->date = text(st, at + 5);
    x->start_time = text(st, at + 6);
    x->duration_minutes = (int)store_col_int(st, at + 7);
    x->period = text(st, at + 8);
    x->reserve = store_col_int(st, at + 9) != 0;
}

static int each_exam(store_stmt *st, store_exam_fn fn, void *ctx, at_error *err)
{
    int rc;
    while ((rc = store_step(st, err)) == 1) {
        store_exam x;
        read_exam(st, 0, &x);
        if ((rc = fn(ctx, &x, err)) != AT_OK)
            break;
    }
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

int store_exams_each(store *s, const char *date, int grade, store_exam_fn fn, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " EXAM_COLS " FROM exams e WHERE (?1 IS NULL OR e.date = ?1) "
                           "AND (?2 IS NULL OR e.grade = ?2) ORDER BY " EXAM_ORDER,
                           &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    if (grade)
        store_bind_int(st, 2, grade);
    else
        store_bind_null(st, 2);
    return each_exam(st, fn, ctx, err);
}

int store_sittings_each(store *s, const char *date, const char *document, store_sitting_fn fn, void *ctx,
                        at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " EXAM_COLS ", r.document, COALESCE(p.ovz_conditions, '') "
                           "FROM registrations r JOIN participants p ON p.document = r.document "
                           "JOIN exams e ON " STORE_SITTING_MATCH " "
                           "WHERE (?1 IS NULL OR e.date = ?1) AND (?2 IS NULL OR r.document = ?2) "
                           "ORDER BY r.document, e.date, e.start_time, e.code",
                           &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    store_bind_text(st, 2, document);
    while ((rc = store_step(st, err)) == 1) {
        store_sitting x;
        read_exam(st, 0, &x.exam);
        x.document = text(st, EXAM_NCOLS);
        x.ovz_conditions = text(st, EXAM_NCOLS + 1);
        if ((rc = fn(ctx, &x, err)) != AT_OK)
            break;
    }
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

int store_unscheduled_each(store *s, store_unscheduled_fn fn, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s,
                           "SELECT p.grade, r.subject, r.form, r.period, COUNT(*) "
                           "FROM registrations r JOIN participants p ON p.document = r.document "
                           "WHERE NOT EXISTS (SELECT 1 FROM exams e WHERE " STORE_SITTING_MATCH ") "
                           "GROUP BY p.grade, r.subject, r.form, r.period "
                           "ORDER BY p.grade, r.period, r.subject, r.form",
                           &st, err);
    if (rc != AT_OK)
        return rc;
    while ((rc = store_step(st, err)) == 1)
        if ((rc = fn(ctx, (int)store_col_int(st, 0), text(st, 1), text(st, 2), text(st, 3),
                     (long)store_col_int(st, 4), err)) != AT_OK)
            break;
    store_finalize(st);
    return rc < 0 ? rc : AT_OK;
}

int store_exams_unused_each(store *s, store_exam_fn fn, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " EXAM_COLS " FROM exams e WHERE COALESCE(e.reserve, 0) = 0 "
                           "AND NOT EXISTS (SELECT 1 FROM registrations r JOIN participants p "
                           "ON p.document = r.document WHERE " STORE_SITTING_MATCH ") "
                           "ORDER BY " EXAM_ORDER,
                           &st, err);
    if (rc != AT_OK)
        return rc;
    return each_exam(st, fn, ctx, err);
}
