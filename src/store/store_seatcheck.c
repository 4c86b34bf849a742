/* store_seatcheck.c — SQL of the independent distribution check (see
 * store_seatcheck.h). Portable SQL, one parameter (?1, the date) at most. */
#include "store/store_seatcheck.h"

#include "store/store_sql.h"

enum { MAX_COLS = 24 };

static int each(store *s, const char *sql, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    if (date)
        store_bind_text(st, 1, date);
    int n = store_col_count(st);
    if (n > MAX_COLS)
        n = MAX_COLS;
    const char *v[MAX_COLS];
    for (;;) {
        int step = store_step(st, err);
        if (step <= 0) {
            rc = step;
            break;
        }
        for (int i = 0; i < n; i++)
            v[i] = store_col_text(st, i);
        if ((rc = fn(ctx, v, err)) != AT_OK)
            break;
    }
    store_finalize(st);
    return rc;
}

int store_sc_run(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT scheme FROM seat_runs WHERE date = ?1", date, fn, ctx, err);
}

int store_sc_schools(store *s, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT code, municipality_code FROM schools", NULL, fn, ctx, err);
}

int store_sc_points(store *s, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT code, municipality_code, base_school_code, kind FROM exam_points", NULL, fn, ctx, err);
}

int store_sc_rooms(store *s, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT exam_point_code, number, seats, features FROM rooms", NULL, fn, ctx, err);
}

int store_sc_scheme(store *s, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT municipality_code, exam_point_code FROM territorial_scheme", NULL, fn, ctx, err);
}

int store_sc_closures(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s, "SELECT exam_point_code, room_number FROM seat_closures WHERE date = ?1", date, fn, ctx, err);
}

#define SEATING_COLS                                                                                            \
    "SELECT s.date, s.exam_code, s.document, s.exam_point_code, s.room_number, s.seat, e.date, e.grade, "      \
    "e.subject, e.room_kind, p.document, p.grade, p.school_code, p.category, p.ovz, p.ovz_conditions "        \
    "FROM seatings s "

int store_sc_seatings(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s,
                SEATING_COLS "LEFT JOIN exams e ON e.code = s.exam_code "
                "LEFT JOIN participants p ON p.document = s.document WHERE s.date = ?1 "
                "UNION ALL " SEATING_COLS "JOIN exams e ON e.code = s.exam_code "
                "LEFT JOIN participants p ON p.document = s.document WHERE e.date = ?1 AND s.date <> ?1",
                date, fn, ctx, err);
}

int store_sc_sittings(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s,
                "SELECT r.document, e.code, e.subject, e.form FROM exams e "
                "JOIN registrations r ON r.subject = e.subject AND r.period = e.period AND r.form = e.form "
                "JOIN participants p ON p.document = r.document AND p.grade = e.grade "
                "WHERE e.date = ?1 AND (e.reserve IS NULL OR e.reserve = 0)",
                date, fn, ctx, err);
}

int store_sc_posts(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err)
{
    return each(s,
                "SELECT sp.document, sp.exam_point_code, sp.room_number, sp.post, st.document, st.roles, "
                "st.school_code, st.subjects_taught, st.gek_token "
                "FROM staff_posts sp LEFT JOIN staff st ON st.document = sp.document WHERE sp.date = ?1",
                date, fn, ctx, err);
}
