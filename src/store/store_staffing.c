/* store_staffing.c — SQL of staff distribution, material kits and custody acts
 * (see store_staffing.h). Portable SQL only (?N parameters, standard joins). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_sql.h"
#include "store/store_staffing.h"

static char *dup_col(store_stmt *st, int i)
{
    const char *t = store_col_text(st, i);
    if (!t)
        return NULL;
    size_t n = strlen(t) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, t, n);
    return d;
}

/* Grows *arr to hold one more element of size sz. */
static void *grow(void *arr, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return arr;
    size_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(arr, nc * sz);
    if (p)
        *cap = nc;
    return p;
}

static int nomem(at_error *err) { return at_fail(err, AT_ENOMEM, "store", "out of memory"); }

void store_staffing_day_free(store_staff_day *d)
{
    free(d->seed);
    free(d->scheme);
    for (size_t i = 0; i < d->nrooms; i++) {
        store_staff_room *r = &d->rooms[i];
        free(r->point), free(r->municipality), free(r->room), free(r->exam), free(r->subject);
    }
    free(d->rooms);
    for (size_t i = 0; i < d->nseated; i++)
        free(d->seated[i].point), free(d->seated[i].school);
    free(d->seated);
    for (size_t i = 0; i < d->npeople; i++) {
        store_staff_person *p = &d->people[i];
        free(p->document), free(p->roles), free(p->school), free(p->municipality), free(p->subjects_taught);
    }
    free(d->people);
    memset(d, 0, sizeof *d);
}

static const char sql_run[] = "SELECT seed, scheme FROM seat_runs WHERE date = ?1";

static const char sql_rooms[] =
    "SELECT s.exam_point_code, ep.municipality_code, s.room_number, s.exam_code, e.subject, e.grade, COUNT(*), "
    "SUM(CASE WHEN ';' || COALESCE(p.ovz_conditions, '') || ';' LIKE '%;assistant;%' THEN 1 ELSE 0 END) "
    "FROM seatings s JOIN exam_points ep ON ep.code = s.exam_point_code "
    "JOIN exams e ON e.code = s.exam_code JOIN participants p ON p.document = s.document "
    "WHERE s.date = ?1 "
    "GROUP BY s.exam_point_code, ep.municipality_code, s.room_number, s.exam_code, e.subject, e.grade "
    "ORDER BY s.exam_point_code, s.room_number, s.exam_code";

static const char sql_seated[] =
    "SELECT DISTINCT s.exam_point_code, p.school_code FROM seatings s "
    "JOIN participants p ON p.document = s.document "
    "WHERE s.date = ?1 AND p.school_code IS NOT NULL ORDER BY s.exam_point_code, p.school_code";

static const char sql_people[] =
    "SELECT st.document, st.roles, st.school_code, sc.municipality_code, st.subjects_taught, "
    "COALESCE(st.gek_token, 0), COALESCE(pc.n, 0) FROM staff st "
    "LEFT JOIN schools sc ON sc.code = st.school_code "
    "LEFT JOIN (SELECT document, COUNT(*) AS n FROM staff_posts WHERE date < ?1 GROUP BY document) pc "
    "ON pc.document = st.document ORDER BY st.document";

int store_staffing_load(store *s, const char *date, bool with_people, store_staff_day *d, at_error *err)
{
    memset(d, 0, sizeof *d);
    store_stmt *st = NULL;
    size_t cap;
    int rc = store_prepare(s, sql_run, &st, err), r;
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    r = store_step(st, err);
    if (r == 1) {
        d->seed = dup_col(st, 0);
        d->scheme = dup_col(st, 1);
        if (!d->seed || !d->scheme)
            rc = nomem(err);
    } else {
        rc = r < 0 ? r : at_fail(err, AT_ENOTFOUND, date, "no participant distribution for this date: run attest seat run --date %s first", date);
    }
    store_finalize(st);
    st = NULL;
    if (rc != AT_OK)
        goto fail;

    if ((rc = store_prepare(s, sql_rooms, &st, err)) != AT_OK)
        goto fail;
    store_bind_text(st, 1, date);
    cap = 0;
    while ((r = store_step(st, err)) == 1) {
        store_staff_room *p = grow(d->rooms, d->nrooms, &cap, sizeof *d->rooms);
        if (!p) {
            rc = nomem(err);
            break;
        }
        d->rooms = p;
        store_staff_room *x = &d->rooms[d->nrooms++];
        x->point = dup_col(st, 0);
        x->municipality = dup_col(st, 1);
        x->room = dup_col(st, 2);
        x->exam = dup_col(st, 3);
        x->subject = dup_col(st, 4);
        x->grade = (int)store_col_int(st, 5);
        x->seated = (long)store_col_int(st, 6);
        x->assistant = (long)store_col_int(st, 7);
        if (!x->point || !x->municipality || !x->room || !x->exam || !x->subject) {
            rc = nomem(err);
            break;
        }
    }
    if (r < 0)
        rc = r;
    store_finalize(st);
    st = NULL;
    if (rc != AT_OK)
        goto fail;

    if ((rc = store_prepare(s, sql_seated, &st, err)) != AT_OK)
        goto fail;
    store_bind_text(st, 1, date);
    cap = 0;
    while ((r = store_step(st, err)) == 1) {
        store_staff_seated *p = grow(d->seated, d->nseated, &cap, sizeof *d->seated);
        if (!p) {
            rc = nomem(err);
            break;
        }
        d->seated = p;
        store_staff_seated *x = &d->seated[d->nseated++];
        x->point = dup_col(st, 0);
        x->school = dup_col(st, 1);
        if (!x->point || !x->school) {
            rc = nomem(err);
            break;
        }
    }
    if (r < 0)
        rc = r;
    store_finalize(st);
    st = NULL;
    if (rc != AT_OK || !with_people)
        goto done;

    if ((rc = store_prepare(s, sql_people, &st, err)) != AT_OK)
        goto fail;
    store_bind_text(st, 1, date);
    cap = 0;
    while ((r = store_step(st, err)) == 1) {
        store_staff_person *p = grow(d->people, d->npeople, &cap, sizeof *d->people);
        if (!p) {
            rc = nomem(err);
            break;
        }
        d->people = p;
        store_staff_person *x = &d->people[d->npeople++];
        memset(x, 0, sizeof *x);
        x->document = dup_col(st, 0);
        x->roles = dup_col(st, 1);
        x->school = dup_col(st, 2);
        x->municipality = dup_col(st, 3);
        x->subjects_taught = dup_col(st, 4);
        x->token = store_col_int(st, 5) != 0;
        x->prior = (int)store_col_int(st, 6);
        if (!x->document || !x->roles) {
            rc = nomem(err);
            break;
        }
    }
    if (r < 0)
        rc = r;
    store_finalize(st);
done:
    if (rc == AT_OK)
        return AT_OK;
fail:
    store_staffing_day_free(d);
    return rc;
}

/* Runs one statement with text parameters (NULL binds NULL). */
static int exec_params(store *s, const char *sql, const char *const *v, int n, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    for (int i = 0; i < n; i++)
        store_bind_text(st, i + 1, v[i]);
    int r = store_step(st, err);
    store_finalize(st);
    return r < 0 ? r : AT_OK;
}

int store_staffing_write_posts(store *s, const char *date, const char *seed, const store_staff_post *p, size_t n,
                               at_error *err)
{
    int rc = store_begin(s, err);
    if (rc != AT_OK)
        return rc;
    store_stmt *ins = NULL;
    const char *dv[] = {date};
    rc = exec_params(s, "DELETE FROM staff_posts WHERE date = ?1", dv, 1, err);
    if (rc == AT_OK)
        rc = store_prepare(s, "INSERT INTO staff_posts (date, document, exam_point_code, room_number, post) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", &ins, err);
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        store_bind_text(ins, 1, date);
        store_bind_text(ins, 2, p[i].document);
        store_bind_text(ins, 3, p[i].point);
        store_bind_text(ins, 4, p[i].room);
        store_bind_text(ins, 5, p[i].post);
        int r = store_step(ins, err);
        if (r < 0)
            rc = r;
        store_reset(ins);
    }
    store_finalize(ins);
    if (rc == AT_OK) {
        char now[40];
        store_now(now, sizeof now);
        const char *v[] = {date, now, seed};
        rc = exec_params(s, "UPDATE seat_runs SET staff_at = ?2, staff_seed = ?3 WHERE date = ?1", v, 3, err);
    }
    if (rc == AT_OK) {
        char src[96];
        snprintf(src, sizeof src, "date %s, seed %s", date, seed);
        rc = store_log_change(s, "seat staff", "staff_posts", src, NULL, (long)n, 0, 0, err);
    }
    if (rc == AT_OK)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}

int store_staffing_summary(store *s, const char *date, const char *const *post_names, store_staff_summary *out,
                           at_error *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *st;
    int rc = store_prepare(s, "SELECT post, COUNT(*), COUNT(DISTINCT document) FROM staff_posts WHERE date = ?1 "
                              "GROUP BY post", &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    int r;
    while ((r = store_step(st, err)) == 1) {
        const char *post = store_col_text(st, 0);
        long c = (long)store_col_int(st, 1);
        out->posts += c;
        for (int i = 0; post && post_names[i] && i < 8; i++)
            if (strcmp(post_names[i], post) == 0)
                out->by_post[i] = c;
    }
    store_finalize(st);
    if (r < 0)
        return r;
    rc = store_prepare(s, "SELECT COUNT(DISTINCT document) FROM staff_posts WHERE date = ?1", &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    if ((r = store_step(st, err)) == 1)
        out->people = (long)store_col_int(st, 0);
    store_finalize(st);
    if (r < 0)
        return r;
    rc = store_prepare(s, "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM staff_posts "
                          "WHERE date <= ?1 GROUP BY document) t", &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    if ((r = store_step(st, err)) == 1)
        out->max_per_person = (long)store_col_int(st, 0);
    store_finalize(st);
    return r < 0 ? r : AT_OK;
}

static int count_rows(store *s, const char *sql, const char *date, long *n, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    int r = store_step(st, err);
    *n = r == 1 ? (long)store_col_int(st, 0) : 0;
    store_finalize(st);
    return r < 0 ? r : AT_OK;
}

/* Custody chain from the kits: one act per exam and link, in a fixed order. */
static const char sql_acts_region[] =
    "INSERT INTO custody_acts (date, exam_code, from_level, from_code, to_level, to_code, sent) "
    "SELECT k.date, k.exam_code, 'region', ?2, 'municipality', ep.municipality_code, SUM(k.kits) "
    "FROM material_kits k JOIN exam_points ep ON ep.code = k.exam_point_code WHERE k.date = ?1 "
    "GROUP BY k.date, k.exam_code, ep.municipality_code ORDER BY k.exam_code, ep.municipality_code";
static const char sql_acts_muni[] =
    "INSERT INTO custody_acts (date, exam_code, from_level, from_code, to_level, to_code, sent) "
    "SELECT k.date, k.exam_code, 'municipality', ep.municipality_code, 'point', k.exam_point_code, SUM(k.kits) "
    "FROM material_kits k JOIN exam_points ep ON ep.code = k.exam_point_code WHERE k.date = ?1 "
    "GROUP BY k.date, k.exam_code, ep.municipality_code, k.exam_point_code "
    "ORDER BY k.exam_code, ep.municipality_code, k.exam_point_code";
static const char sql_acts_point[] =
    "INSERT INTO custody_acts (date, exam_code, from_level, from_code, to_level, to_code, sent) "
    "SELECT k.date, k.exam_code, 'point', k.exam_point_code, 'room', k.exam_point_code || '/' || k.room_number, "
    "k.kits FROM material_kits k WHERE k.date = ?1 AND k.room_number IS NOT NULL "
    "ORDER BY k.exam_code, k.exam_point_code, k.room_number";

int store_staffing_write_kits(store *s, const char *date, const char *region, const store_kit *k, size_t n,
                              long *acts, at_error *err)
{
    *acts = 0;
    long signed_n = 0;
    int rc = count_rows(s, "SELECT COUNT(*) FROM custody_acts WHERE date = ?1 AND signed_at IS NOT NULL", date,
                        &signed_n, err);
    if (rc != AT_OK)
        return rc;
    if (signed_n > 0)
        return at_fail(err, AT_EINPUT, date, "%ld custody acts of this date are already signed: the materials "
                       "are not recomputed", signed_n);
    if ((rc = store_begin(s, err)) != AT_OK)
        return rc;
    const char *dv[] = {date, region};
    rc = exec_params(s, "DELETE FROM custody_acts WHERE date = ?1", dv, 1, err);
    if (rc == AT_OK)
        rc = exec_params(s, "DELETE FROM material_kits WHERE date = ?1", dv, 1, err);
    store_stmt *ins = NULL;
    if (rc == AT_OK)
        rc = store_prepare(s, "INSERT INTO material_kits (date, exam_code, exam_point_code, room_number, kits) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", &ins, err);
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        store_bind_text(ins, 1, date);
        store_bind_text(ins, 2, k[i].exam);
        store_bind_text(ins, 3, k[i].point);
        store_bind_text(ins, 4, k[i].room);
        store_bind_int(ins, 5, k[i].kits);
        int r = store_step(ins, err);
        if (r < 0)
            rc = r;
        store_reset(ins);
    }
    store_finalize(ins);
    if (rc == AT_OK)
        rc = exec_params(s, sql_acts_region, dv, 2, err);
    if (rc == AT_OK)
        rc = exec_params(s, sql_acts_muni, dv, 1, err);
    if (rc == AT_OK)
        rc = exec_params(s, sql_acts_point, dv, 1, err);
    if (rc == AT_OK)
        rc = count_rows(s, "SELECT COUNT(*) FROM custody_acts WHERE date = ?1", date, acts, err);
    if (rc == AT_OK) {
        char src[64];
        snprintf(src, sizeof src, "date %s", date);
        rc = store_log_change(s, "seat materials", "material_kits", src, NULL, (long)n, 0, 0, err);
    }
    if (rc == AT_OK)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}

static int read_act(store_stmt *st, store_custody_act *a)
{
    memset(a, 0, sizeof *a);
    a->id = (long)store_col_int(st, 0);
    a->exam = dup_col(st, 1);
    a->from_level = dup_col(st, 2);
    a->from_code = dup_col(st, 3);
    a->to_level = dup_col(st, 4);
    a->to_code = dup_col(st, 5);
    a->sent = (long)store_col_int(st, 6);
    a->signed_ = !store_col_null(st, 7);
    a->received = (long)store_col_int(st, 7);
    a->handed_by = dup_col(st, 8);
    a->received_by = dup_col(st, 9);
    a->signed_at = dup_col(st, 10);
    return a->exam && a->from_level && a->from_code && a->to_level && a->to_code ? AT_OK : AT_ENOMEM;
}

static void free_act(store_custody_act *a)
{
    free(a->exam), free(a->from_level), free(a->from_code), free(a->to_level), free(a->to_code);
    free(a->handed_by), free(a->received_by), free(a->signed_at);
}

#define ACT_COLS "id, exam_code, from_level, from_code, to_level, to_code, sent, received, handed_by, received_by, signed_at"

int store_custody_list(store *s, const char *date, store_custody_act **out, size_t *n, at_error *err)
{
    *out = NULL;
    *n = 0;
    store_stmt *st;
    int rc = store_prepare(s, "SELECT " ACT_COLS " FROM custody_acts WHERE date = ?1 ORDER BY id", &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    size_t cap = 0;
    int r;
    while ((r = store_step(st, err)) == 1) {
        store_custody_act *p = grow(*out, *n, &cap, sizeof **out);
        if (!p) {
            rc = nomem(err);
            break;
        }
        *out = p;
        if (read_act(st, &(*out)[(*n)++]) != AT_OK) {
            rc = nomem(err);
            break;
        }
    }
    if (r < 0)
        rc = r;
    store_finalize(st);
    if (rc != AT_OK) {
        store_custody_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void store_custody_free(store_custody_act *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free_act(&a[i]);
    free(a);
}

int store_custody_sign(store *s, long id, long received, const char *received_by, const char *handed_by,
                       store_custody_act *act, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, "SELECT " ACT_COLS " FROM custody_acts WHERE id = ?1", &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_int(st, 1, id);
    int r = store_step(st, err);
    store_custody_act a;
    memset(&a, 0, sizeof a);
    if (r == 1 && read_act(st, &a) != AT_OK)
        rc = nomem(err);
    store_finalize(st);
    if (r < 0)
        return r;
    if (r == 0)
        return at_fail(err, AT_ENOTFOUND, "custody sign", "no custody act %ld", id);
    if (rc == AT_OK && a.signed_)
        rc = at_fail(err, AT_EINPUT, "custody sign", "act %ld is already signed by %s at %s (received %ld)", id,
                     a.received_by ? a.received_by : "?", a.signed_at ? a.signed_at : "?", a.received);
    if (rc != AT_OK) {
        free_act(&a);
        return rc;
    }
    char now[40];
    store_now(now, sizeof now);
    if ((rc = store_begin(s, err)) == AT_OK)
        rc = store_prepare(s, "UPDATE custody_acts SET received = ?2, received_by = ?3, "
                              "handed_by = COALESCE(?4, handed_by), signed_at = ?5 WHERE id = ?1", &st, err);
    if (rc == AT_OK) {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, received);
        store_bind_text(st, 3, received_by);
        store_bind_text(st, 4, handed_by);
        store_bind_text(st, 5, now);
        r = store_step(st, err);
        store_finalize(st);
        if (r < 0)
            rc = r;
    }
    if (rc == AT_OK) {
        char src[64];
        snprintf(src, sizeof src, "act %ld", id);
        rc = store_log_change(s, "seat custody sign", "custody_acts", src, NULL, 0, 1, 0, err);
    }
    if (rc == AT_OK)
        rc = store_commit(s, err);
    else
        store_rollback(s);
    if (rc == AT_OK && act) {
        free(a.received_by), free(a.signed_at);
        a.signed_ = true;
        a.received = received;
        a.received_by = strdup(received_by);
        a.signed_at = strdup(now);
        if (handed_by) {
            free(a.handed_by);
            a.handed_by = strdup(handed_by);
        }
        *act = a;
    } else {
        free_act(&a);
    }
    return rc;
}
