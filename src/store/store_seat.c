/* store_seat.c — SQL of exam-day distributions (see store_seat.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"
#include "store_seat.h"
#include "store_sql.h"

static const char *txt(store_stmt *st, int i)
{
    const char *v = store_col_text(st, i);
    return v ? v : "";
}

/* Runs a prepared SELECT with one optional text parameter, calling row(st) per row. */
typedef int (*row_fn)(store_stmt *st, void *ctx, at_error *err);
static int each(store *s, const char *sql, const char *param, row_fn row, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    if (param)
        store_bind_text(st, 1, param);
    int k;
    while ((k = store_step(st, err)) == 1)
        if ((rc = row(st, ctx, err)) != AT_OK)
            break;
    if (k < 0)
        rc = k;
    store_finalize(st);
    return rc;
}

typedef struct {
    void *fn;
    void *ctx;
} cb;

/* ---- sittings: a hash join in C ----
 * A national day is ~1M sittings out of ~10M registrations. One SQL join seeks
 * each matching participant through participants_key (~6 µs a row on the
 * national demo: ~6 s); instead the date's registrations are read from the
 * covering index registrations_exam (migration 007) into a hash of documents,
 * and the participants are read in one pass over their table (well under 1 µs
 * a row) — or, when the date has few sittings for the size of the table, looked
 * up one by one. */
#define SEEK_SHARE 16 /* seek when documents * SEEK_SHARE < participants */
#define JOIN_MAX_EXAMS 256

typedef struct {
    const char *code, *subject, *form, *period;
    int grade;
    int key; /* the first exam with the same (subject, form, period) */
} join_exam;

/* The date's registrations by document: a table made for this join. A
 * national day has a million documents and each participant row probes it, so
 * it is laid out for few cache misses: slots are 4-byte node numbers, and a
 * node holds its document (short ones inline) with the hash. */
#define JOIN_INLINE 16
typedef struct {
    uint32_t hash, len;
    int32_t key;        /* join_exam index of the key */
    int32_t next;       /* next node of the same document (another key), -1 none */
    char *longdoc;      /* the document when len >= JOIN_INLINE (else NULL) */
    char doc[JOIN_INLINE];
} join_node;

typedef struct {
    join_exam ex[JOIN_MAX_EXAMS];
    int nex;
    uint32_t *slot;  /* node number + 1 of each document's first node, 0 empty */
    size_t nslot;    /* a power of two, at least twice the documents */
    join_node *node;
    long nnode, capnode, ndocs;
    struct join_batch *batch; /* rows waiting for their probes (join_flush) */
    long regs;       /* registrations of the date's exam keys */
    uint64_t grades; /* bit g: some exam of the date is of grade g */
    store_sitting_fn fn;
    void *ctx;
} join_ctx;

static void join_free(join_ctx *j)
{
    for (int i = 0; i < j->nex; i++)
        free((char *)j->ex[i].code), free((char *)j->ex[i].subject), free((char *)j->ex[i].form),
            free((char *)j->ex[i].period);
    for (long i = 0; i < j->nnode; i++)
        free(j->node[i].longdoc);
    free(j->slot);
    free(j->node);
    free(j->batch);
}

static uint32_t doc_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= 1099511628211ULL;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static const char *node_doc(const join_node *n) { return n->len < JOIN_INLINE ? n->doc : n->longdoc; }

/* The slot of doc: its first node's, or the empty one where it would go. */
static uint32_t *doc_slot(const join_ctx *j, const char *doc, size_t len, uint32_t h)
{
    size_t mask = j->nslot - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = j->slot[i];
        if (!v)
            return &j->slot[i];
        const join_node *n = &j->node[v - 1];
        if (n->hash == h && n->len == len && memcmp(node_doc(n), doc, len) == 0)
            return &j->slot[i];
    }
}

/* Room for `docs` documents at half load. */
static bool docs_reserve(join_ctx *j, long docs)
{
    size_t want = 1024;
    while (want < (size_t)docs * 2)
        want *= 2;
    if (want <= j->nslot)
        return true;
    uint32_t *ns = calloc(want, sizeof *ns);
    if (!ns)
        return false;
    uint32_t *old = j->slot;
    size_t nold = j->nslot;
    j->slot = ns, j->nslot = want;
    for (size_t i = 0; i < nold; i++)
        if (old[i]) {
            const join_node *n = &j->node[old[i] - 1];
            *doc_slot(j, node_doc(n), n->len, n->hash) = old[i];
        }
    free(old);
    return true;
}

static int join_exam_row(store_stmt *st, void *ctx, at_error *err)
{
    join_ctx *j = ctx;
    if (j->nex == JOIN_MAX_EXAMS)
        return at_fail(err, AT_EINPUT, txt(st, 0), "more than %d exams on one date", JOIN_MAX_EXAMS);
    join_exam *e = &j->ex[j->nex];
    *e = (join_exam){strdup(txt(st, 0)), strdup(txt(st, 1)), strdup(txt(st, 2)), strdup(txt(st, 3)),
                     (int)store_col_int(st, 4), j->nex};
    j->nex++;
    if (e->grade >= 0 && e->grade < 64)
        j->grades |= (uint64_t)1 << e->grade;
    if (!e->code || !e->subject || !e->form || !e->period)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    for (int i = 0; i < j->nex - 1; i++)
        if (!strcmp(j->ex[i].subject, e->subject) && !strcmp(j->ex[i].form, e->form) &&
            !strcmp(j->ex[i].period, e->period)) {
            e->key = j->ex[i].key;
            break;
        }
    return AT_OK;
}

static int join_reg_add(join_ctx *j, const char *doc, size_t len, uint32_t h, int key, at_error *err)
{
    if (len > UINT32_MAX || j->nnode >= INT32_MAX - 1)
        return at_fail(err, AT_EINPUT, "seat", "too many registrations on one date");
    if (j->nnode == j->capnode) {
        long nc = j->capnode ? j->capnode * 2 : 4096;
        join_node *nv = realloc(j->node, (size_t)nc * sizeof *nv);
        if (!nv)
            return at_fail(err, AT_ENOMEM, "seat", "out of memory");
        j->node = nv, j->capnode = nc;
    }
    if (!docs_reserve(j, j->ndocs + 1))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    uint32_t *sl = doc_slot(j, doc, len, h);
    join_node *n = &j->node[j->nnode];
    *n = (join_node){h, (uint32_t)len, key, -1, NULL, {0}};
    if (len < JOIN_INLINE)
        memcpy(n->doc, doc, len + 1);
    else if (!(n->longdoc = strdup(doc)))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    if (*sl) {
        /* a document registered for two of the date's exam keys: chain after its first node */
        join_node *first = &j->node[*sl - 1];
        n->next = first->next;
        first->next = (int32_t)j->nnode++;
        return AT_OK;
    }
    *sl = (uint32_t)++j->nnode;
    j->ndocs++;
    return AT_OK;
}

/* Each probe of the documents' table is a wait for memory (a slot, then a
 * node, far from the last ones): rows are copied in batches, the batch's
 * slots requested at once (prefetch), then their nodes, and only then
 * compared, so the waits overlap. Rows still come out in scan order. */
#define JOIN_BATCH 256
#define JOIN_BATCH_TEXT (JOIN_BATCH * 96)
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

typedef struct {
    size_t doc, school, category, cond; /* offsets in text */
    uint32_t len, hash;
    int grade, key;                     /* key: registrations only */
    bool ovz;
} join_row;

struct join_batch {
    join_row row[JOIN_BATCH];
    size_t n, used;
    bool regs; /* rows of registrations (else of participants) */
    char text[JOIN_BATCH_TEXT];
};

/* A participant found in the documents' table: its sittings of the date. */
static int join_emit(join_ctx *j, const store_sitting *p, long n, at_error *err)
{
    store_sitting r = *p;
    for (; n >= 0; n = j->node[n].next)
        for (int e = 0; e < j->nex; e++)
            if (j->ex[e].key == j->node[n].key && j->ex[e].grade == r.grade) {
                r.exam = j->ex[e].code;
                int rc = j->fn(j->ctx, &r, err);
                if (rc != AT_OK)
                    return rc;
            }
    return AT_OK;
}

static int join_flush(join_ctx *j, at_error *err)
{
    struct join_batch *b = j->batch;
    if (!b || !b->n)
        return AT_OK;
    size_t mask = j->nslot - 1;
    for (size_t i = 0; i < b->n; i++) {
        join_row *r = &b->row[i];
        r->hash = doc_hash(b->text + r->doc, r->len);
        PREFETCH(&j->slot[r->hash & mask]);
    }
    int rc = AT_OK;
    if (b->regs) {
        for (size_t i = 0; i < b->n && rc == AT_OK; i++)
            rc = join_reg_add(j, b->text + b->row[i].doc, b->row[i].len, b->row[i].hash, b->row[i].key, err);
    } else {
        for (size_t i = 0; i < b->n; i++) {
            uint32_t v = j->slot[b->row[i].hash & mask];
            if (v)
                PREFETCH(&j->node[v - 1]);
        }
        for (size_t i = 0; i < b->n && rc == AT_OK; i++) {
            const join_row *r = &b->row[i];
            const char *doc = b->text + r->doc;
            uint32_t v = *doc_slot(j, doc, r->len, r->hash);
            if (!v)
                continue;
            store_sitting s = {NULL, doc, b->text + r->school, b->text + r->category, b->text + r->cond, r->grade,
                               r->ovz};
            rc = join_emit(j, &s, (long)v - 1, err);
        }
    }
    b->n = b->used = 0;
    return rc;
}

/* Copies the row's strings into the batch (flushing it first when full);
 * *fits false when they would not fit even an empty batch (nothing copied). */
static int join_batch_add(join_ctx *j, bool regs, const char *const *str, size_t nstr, size_t *off, bool *fits,
                          at_error *err)
{
    struct join_batch *b = j->batch;
    if (!b) {
        if (!(b = j->batch = malloc(sizeof *b)))
            return at_fail(err, AT_ENOMEM, "seat", "out of memory");
        b->n = b->used = 0;
    }
    size_t need = 0, len[4];
    for (size_t i = 0; i < nstr; i++)
        need += (len[i] = strlen(str[i])) + 1;
    int rc;
    if ((b->n == JOIN_BATCH || b->regs != regs || JOIN_BATCH_TEXT - b->used < need) && (rc = join_flush(j, err)) != AT_OK)
        return rc;
    b->regs = regs;
    *fits = need <= JOIN_BATCH_TEXT;
    if (!*fits)
        return AT_OK;
    for (size_t i = 0; i < nstr; i++) {
        off[i] = b->used;
        memcpy(b->text + b->used, str[i], len[i] + 1);
        b->used += len[i] + 1;
    }
    return AT_OK;
}

static int join_reg_row(store_stmt *st, void *ctx, at_error *err)
{
    join_ctx *j = ctx;
    const char *doc = txt(st, 0);
    size_t off = 0;
    bool fits = false;
    int rc = join_batch_add(j, true, &doc, 1, &off, &fits, err);
    if (rc != AT_OK)
        return rc;
    size_t len = strlen(doc);
    if (!fits)
        return join_reg_add(j, doc, len, doc_hash(doc, len), (int)store_col_int(st, 1), err);
    j->batch->row[j->batch->n++] = (join_row){off, 0, 0, 0, (uint32_t)len, 0, 0, (int)store_col_int(st, 1), false};
    return AT_OK;
}

/* A participants row: document, school code, grade, category, ovz, ovz_conditions. */
static int join_participant_row(store_stmt *st, void *ctx, at_error *err)
{
    join_ctx *j = ctx;
    int grade = (int)store_col_int(st, 2);
    if (grade < 0 || grade >= 64 || !(j->grades >> grade & 1))
        return AT_OK; /* no exam of the date for this grade: no need to hash */
    const char *str[4] = {txt(st, 0), txt(st, 1), txt(st, 3), txt(st, 5)};
    bool ovz = store_col_int(st, 4) != 0, fits = false;
    size_t off[4] = {0};
    int rc = join_batch_add(j, false, str, 4, off, &fits, err);
    if (rc != AT_OK)
        return rc;
    size_t len = strlen(str[0]);
    if (!fits) { /* longer than a batch: on its own */
        uint32_t v = *doc_slot(j, str[0], len, doc_hash(str[0], len));
        store_sitting s = {NULL, str[0], str[1], str[2], str[3], grade, ovz};
        return v ? join_emit(j, &s, (long)v - 1, err) : AT_OK;
    }
    j->batch->row[j->batch->n++] = (join_row){off[0], off[1], off[2], off[3], (uint32_t)len, 0, grade, 0, ovz};
    return AT_OK;
}

/* Seek mode: a registrations ⋈ participants row of one key. */
static int join_seek_row(store_stmt *st, void *ctx, at_error *err)
{
    join_ctx *j = ctx;
    int key = (int)store_col_int(st, 6);
    int grade = (int)store_col_int(st, 2);
    store_sitting r = {NULL, txt(st, 0), txt(st, 1), txt(st, 3), txt(st, 5), grade, store_col_int(st, 4) != 0};
    for (int e = 0; e < j->nex; e++)
        if (j->ex[e].key == key && j->ex[e].grade == grade) {
            r.exam = j->ex[e].code;
            int rc = j->fn(j->ctx, &r, err);
            if (rc != AT_OK)
                return rc;
        }
    return AT_OK;
}

/* Runs st (bound to one key's subject, period, form as ?1..?3) for every key. */
static int join_each_key(join_ctx *j, store_stmt *st, row_fn row, at_error *err)
{
    int rc = AT_OK;
    for (int e = 0; e < j->nex && rc == AT_OK; e++) {
        if (j->ex[e].key != e)
            continue;
        store_bind_text(st, 1, j->ex[e].subject);
        store_bind_text(st, 2, j->ex[e].period);
        store_bind_text(st, 3, j->ex[e].form);
        store_bind_int(st, 4, e);
        int k;
        while ((k = store_step(st, err)) == 1 && (rc = row(st, j, err)) == AT_OK)
            ;
        if (k < 0)
            rc = k;
        store_reset(st);
    }
    return rc;
}

static int count_row(store_stmt *st, void *ctx, at_error *err)
{
    (void)err;
    *(long *)ctx += (long)store_col_int(st, 0);
    return AT_OK;
}

static int join_count_row(store_stmt *st, void *ctx, at_error *err)
{
    return count_row(st, &((join_ctx *)ctx)->regs, err);
}

#define PARTICIPANT_COLS "p.document, p.school_code, p.grade, p.category, COALESCE(p.ovz, 0), p.ovz_conditions"
#define KEY_WHERE "r.subject = ?1 AND r.period = ?2 AND r.form = ?3"

int store_seat_sittings(store *s, const char *date, store_sitting_fn fn, void *ctx, at_error *err)
{
    join_ctx j = {.fn = fn, .ctx = ctx};
    int rc = each(s,
                  "SELECT code, subject, form, period, grade FROM exams WHERE date = ?1 AND COALESCE(reserve, 0) = 0"
                  " ORDER BY code",
                  date, join_exam_row, &j, err);
    /* the registrations of the date's exam keys (index only) against the participants */
    long people = 0;
    store_stmt *st = NULL;
    if (rc == AT_OK &&
        (rc = store_prepare(s, "SELECT count(*), ?4 FROM registrations r WHERE " KEY_WHERE, &st, err)) == AT_OK)
        rc = join_each_key(&j, st, join_count_row, err);
    store_finalize(st);
    st = NULL;
    if (rc == AT_OK && j.regs > 0)
        rc = each(s, "SELECT count(*) FROM participants", NULL, count_row, &people, err);
    if (rc != AT_OK || j.regs == 0) {
        join_free(&j);
        return rc;
    }
    if (j.regs * SEEK_SHARE < people) {
        /* few sittings for the size of the table: let the database seek them */
        if ((rc = store_prepare(s,
                                "SELECT " PARTICIPANT_COLS ", ?4 FROM registrations r"
                                " JOIN participants p ON p.document = r.document WHERE " KEY_WHERE,
                                &st, err)) == AT_OK)
            rc = join_each_key(&j, st, join_seek_row, err);
    } else if (!docs_reserve(&j, j.regs)) {
        rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
    } else if ((rc = store_prepare(s, "SELECT r.document, ?4 FROM registrations r WHERE " KEY_WHERE, &st, err)) ==
               AT_OK && (rc = join_each_key(&j, st, join_reg_row, err)) == AT_OK &&
               (rc = join_flush(&j, err)) == AT_OK) {
        /* the grade is tested before the row is made (most rows of another grade cost nothing) */
        int g1 = -1, g2 = -1;
        for (int e = 0; e < j.nex; e++)
            if (j.ex[e].grade != g1 && g1 < 0)
                g1 = j.ex[e].grade;
            else if (j.ex[e].grade != g1 && j.ex[e].grade != g2)
                g2 = g2 < 0 ? j.ex[e].grade : -2;
        store_finalize(st);
        st = NULL;
        if (g2 == -2)
            rc = each(s, "SELECT " PARTICIPANT_COLS " FROM participants p", NULL, join_participant_row, &j, err);
        else if ((rc = store_prepare(s, "SELECT " PARTICIPANT_COLS " FROM participants p WHERE p.grade IN (?1, ?2)",
                                     &st, err)) == AT_OK) {
            store_bind_int(st, 1, g1);
            store_bind_int(st, 2, g2 < 0 ? g1 : g2);
            int k;
            while ((k = store_step(st, err)) == 1 && (rc = join_participant_row(st, &j, err)) == AT_OK)
                ;
            if (k < 0)
                rc = k;
        }
        if (rc == AT_OK)
            rc = join_flush(&j, err);
    }
    store_finalize(st);
    join_free(&j);
    return rc;
}

static int exam_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    store_exam_row r = {txt(st, 0), txt(st, 1), txt(st, 2), txt(st, 3), txt(st, 4),
                        (int)store_col_int(st, 5), (int)store_col_int(st, 6)};
    return ((store_exam_fn)c->fn)(c->ctx, &r, err);
}

int store_seat_exams(store *s, const char *date, store_exam_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s,
                "SELECT code, subject, form, COALESCE(room_kind, 'regular'), start_time, grade,"
                " duration_minutes FROM exams WHERE date = ?1 AND COALESCE(reserve, 0) = 0 ORDER BY code",
                date, exam_row, &c, err);
}

static int school_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    store_school_row r = {txt(st, 0), txt(st, 1), store_col_real(st, 2), store_col_real(st, 3),
                          !store_col_null(st, 2) && !store_col_null(st, 3)};
    return ((store_school_fn)c->fn)(c->ctx, &r, err);
}

int store_seat_schools(store *s, store_school_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s, "SELECT code, municipality_code, latitude, longitude FROM schools ORDER BY code", NULL,
                school_row, &c, err);
}

static int point_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    store_point_row r = {txt(st, 0), txt(st, 1), txt(st, 2), txt(st, 3), store_col_real(st, 4),
                         store_col_real(st, 5), !store_col_null(st, 4) && !store_col_null(st, 5)};
    return ((store_point_fn)c->fn)(c->ctx, &r, err);
}

int store_seat_points(store *s, store_point_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s,
                "SELECT code, municipality_code, base_school_code, kind, latitude, longitude"
                " FROM exam_points ORDER BY code",
                NULL, point_row, &c, err);
}

static int room_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    store_room_row r = {txt(st, 0), txt(st, 1), txt(st, 2), (int)store_col_int(st, 3)};
    return ((store_room_fn)c->fn)(c->ctx, &r, err);
}

int store_seat_rooms(store *s, store_room_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s, "SELECT exam_point_code, number, features, seats FROM rooms ORDER BY exam_point_code, number",
                NULL, room_row, &c, err);
}

static int closure_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    return ((store_closure_fn)c->fn)(c->ctx, txt(st, 0), txt(st, 1), txt(st, 2), err);
}

int store_seat_closures(store *s, const char *date, store_closure_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s,
                "SELECT exam_point_code, room_number, reason FROM seat_closures WHERE date = ?1"
                " ORDER BY exam_point_code, room_number",
                date, closure_row, &c, err);
}

int store_seat_close(store *s, const char *date, const char *point, const char *room, const char *reason,
                     at_error *err)
{
    store_stmt *st;
    char now[32];
    store_now_iso(now, sizeof now);
    int rc = store_prepare(s,
                           "INSERT INTO seat_closures (date, exam_point_code, room_number, reason, made_at, actor)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    store_bind_text(st, 2, point);
    store_bind_text(st, 3, room);
    store_bind_text(st, 4, reason);
    store_bind_text(st, 5, now);
    store_bind_text(st, 6, s->actor);
    int k = store_step(st, err);
    store_finalize(st);
    return k < 0 ? k : AT_OK;
}

static int pair_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    return ((store_pair_fn)c->fn)(c->ctx, txt(st, 0), txt(st, 1), err);
}

int store_seat_scheme(store *s, store_pair_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s,
                "SELECT municipality_code, exam_point_code FROM territorial_scheme"
                " ORDER BY municipality_code, exam_point_code",
                NULL, pair_row, &c, err);
}

/* ---- the stored distribution ---- */

int store_seat_run_get(store *s, const char *date, store_seat_run *out, at_error *err)
{
    static __thread char buf[7][128];
    store_stmt *st;
    int rc = store_prepare(s,
                           "SELECT date, seed, scheme, made_at, actor, staff_at, participants, travel_km, replans"
                           " FROM seat_runs WHERE date = ?1",
                           &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    int k = store_step(st, err);
    if (k == 1) {
        const char **f[] = {&out->date, &out->seed, &out->scheme, &out->made_at, &out->actor, &out->staff_at};
        for (int i = 0; i < 6; i++) {
            snprintf(buf[i], sizeof buf[i], "%s", txt(st, i));
            *f[i] = buf[i];
        }
        out->participants = (long)store_col_int(st, 6);
        out->travel_km = store_col_real(st, 7);
        out->replans = (int)store_col_int(st, 8);
        rc = AT_OK;
    } else if (k == 0) {
        rc = at_fail(err, AT_ENOTFOUND, date, "no distribution for this date: run attest seat run --date %s", date);
    } else {
        rc = k;
    }
    store_finalize(st);
    return rc;
}

static int seating_row(store_stmt *st, void *ctx, at_error *err)
{
    cb *c = ctx;
    store_seating r = {txt(st, 0), txt(st, 1), txt(st, 2), txt(st, 3), (int)store_col_int(st, 4)};
    return ((store_seating_fn)c->fn)(c->ctx, &r, err);
}

int store_seat_seatings(store *s, const char *date, store_seating_fn fn, void *ctx, at_error *err)
{
    cb c = {(void *)fn, ctx};
    return each(s,
                "SELECT exam_code, document, exam_point_code, room_number, seat FROM seatings WHERE date = ?1"
                " ORDER BY exam_point_code, room_number, seat",
                date, seating_row, &c, err);
}

/* Seatings are inserted SEAT_BATCH rows to a statement: within one statement
 * SQLite keeps its cursor on the table, so rows coming in key order (a seat
 * run's) are appended without a seek each; a row alone would reopen the
 * cursor and seek from the root. Rows wait in the writer, copied, until their
 * batch is full or anything else is written (order is kept). */
#define SEAT_BATCH 64

typedef struct {
    char exam[65], document[65], point[65], room[65]; /* codes: at most 64 bytes (entity.c) */
    int seat;
} seat_row;

struct store_seat_writer {
    store *s;
    char date[16];
    store_stmt *ins, *ins_batch, *del, *move;
    seat_row row[SEAT_BATCH];
    int nrow;
};

static void bind_row(store_stmt *st, int first, const char *date, const seat_row *r)
{
    store_bind_text_static(st, first + 1, date);
    store_bind_text_static(st, first + 2, r->exam);
    store_bind_text_static(st, first + 3, r->document);
    store_bind_text_static(st, first + 4, r->point);
    store_bind_text_static(st, first + 5, r->room);
    store_bind_int(st, first + 6, r->seat);
}

/* Writes the rows waiting in the writer. */
static int seat_flush(store_seat_writer *w, at_error *err)
{
    int k = 0;
    if (w->nrow == SEAT_BATCH) {
        for (int i = 0; i < SEAT_BATCH; i++)
            bind_row(w->ins_batch, 6 * i, w->date, &w->row[i]);
        k = store_step(w->ins_batch, err);
        store_reset(w->ins_batch);
    } else
        for (int i = 0; i < w->nrow && k >= 0; i++) {
            bind_row(w->ins, 0, w->date, &w->row[i]);
            k = store_step(w->ins, err);
            store_reset(w->ins);
        }
    w->nrow = 0;
    return k < 0 ? k : AT_OK;
}

int store_seat_write_begin(store *s, const store_seat_run *run, bool replace, store_seat_writer **out,
                           at_error *err)
{
    *out = NULL;
    store_seat_writer *w = calloc(1, sizeof *w);
    if (!w)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    w->s = s;
    snprintf(w->date, sizeof w->date, "%s", run->date);
    int rc = AT_OK;
    if (replace) {
        /* A new distribution of a date makes its staff posts, kits and acts
         * (made for the old seating) void. */
        static const char *const wipe[] = {
            "DELETE FROM custody_acts WHERE date = ?1", "DELETE FROM material_kits WHERE date = ?1",
            "DELETE FROM staff_posts WHERE date = ?1",  "DELETE FROM seat_moves WHERE date = ?1",
            "DELETE FROM seatings WHERE date = ?1",     "DELETE FROM seat_runs WHERE date = ?1"};
        for (size_t i = 0; i < sizeof wipe / sizeof wipe[0] && rc == AT_OK; i++) {
            store_stmt *st;
            if ((rc = store_prepare(s, wipe[i], &st, err)) != AT_OK)
                break;
            store_bind_text(st, 1, run->date);
            int k = store_step(st, err);
            store_finalize(st);
            if (k < 0)
                rc = k;
        }
        store_stmt *st = NULL;
        if (rc == AT_OK)
            rc = store_prepare(s,
                               "INSERT INTO seat_runs (date, seed, scheme, made_at, actor, participants, travel_km,"
                               " replans) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
                               &st, err);
        if (rc == AT_OK) {
            char now[32];
            store_now_iso(now, sizeof now);
            store_bind_text(st, 1, run->date);
            store_bind_text(st, 2, run->seed);
            store_bind_text(st, 3, run->scheme);
            store_bind_text(st, 4, now);
            store_bind_text(st, 5, s->actor);
            store_bind_int(st, 6, run->participants);
            store_bind_real(st, 7, run->travel_km);
            int k = store_step(st, err);
            if (k < 0)
                rc = k;
        }
        store_finalize(st);
    }
    if (rc == AT_OK && replace) {
        /* When the date's rows will be most of the table (a national day is a
         * million), its indexes are dropped and built once at commit: one sorted
         * pass each instead of a million scattered inserts into three b-trees. */
        long other = 0;
        rc = each(s, "SELECT count(*) FROM seatings", NULL, count_row, &other, err);
        if (rc == AT_OK && run->participants > other)
            rc = store_bulk_begin_table(s, "seatings", true, err);
    }
    if (rc == AT_OK)
        rc = store_prepare(s,
                           "INSERT INTO seatings (date, exam_code, document, exam_point_code, room_number, seat)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &w->ins, err);
    if (rc == AT_OK) {
        char sql[SEAT_BATCH * 40 + 160];
        size_t u = (size_t)snprintf(sql, sizeof sql, "INSERT INTO seatings (date, exam_code, document, exam_point_code,"
                                                     " room_number, seat) VALUES ");
        for (int i = 0; i < SEAT_BATCH && u < sizeof sql; i++)
            u += (size_t)snprintf(sql + u, sizeof sql - u, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", i ? ", " : "",
                                  6 * i + 1, 6 * i + 2, 6 * i + 3, 6 * i + 4, 6 * i + 5, 6 * i + 6);
        rc = u < sizeof sql ? store_prepare(s, sql, &w->ins_batch, err)
                            : at_fail(err, AT_EINTERNAL, "seat", "batch statement too long");
    }
    if (rc == AT_OK)
        rc = store_prepare(s, "DELETE FROM seatings WHERE exam_code = ?1 AND document = ?2", &w->del, err);
    if (rc == AT_OK)
        rc = store_prepare(s,
                           "INSERT INTO seat_moves (date, replan, reason, exam_code, document, from_point,"
                           " from_room, from_seat, to_point, to_room, to_seat, made_at, actor)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                           &w->move, err);
    if (rc != AT_OK) {
        store_seat_write_end(w);
        return rc;
    }
    *out = w;
    return AT_OK;
}

int store_seat_write(store_seat_writer *w, const store_seating *r, at_error *err)
{
    seat_row *q = &w->row[w->nrow];
    size_t le = strlen(r->exam), ld = strlen(r->document), lp = strlen(r->point), lr = strlen(r->room);
    if (le >= sizeof q->exam || ld >= sizeof q->document || lp >= sizeof q->point || lr >= sizeof q->room)
        return at_fail(err, AT_EINPUT, r->document, "a code of the seating is too long (exam %s, point %s, room %s)",
                       r->exam, r->point, r->room);
    memcpy(q->exam, r->exam, le + 1);
    memcpy(q->document, r->document, ld + 1);
    memcpy(q->point, r->point, lp + 1);
    memcpy(q->room, r->room, lr + 1);
    q->seat = r->seat;
    return ++w->nrow == SEAT_BATCH ? seat_flush(w, err) : AT_OK;
}

int store_seat_write_finish(store_seat_writer *w, at_error *err)
{
    return seat_flush(w, err);
}

int store_seat_unseat(store_seat_writer *w, const char *exam, const char *document, at_error *err)
{
    int rc = seat_flush(w, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(w->del, 1, exam);
    store_bind_text(w->del, 2, document);
    int k = store_step(w->del, err);
    store_reset(w->del);
    return k < 0 ? k : AT_OK;
}

int store_seat_move_log(store_seat_writer *w, int replan, const store_seat_move *m, at_error *err)
{
    int rc = seat_flush(w, err);
    if (rc != AT_OK)
        return rc;
    char now[32];
    store_now_iso(now, sizeof now);
    store_stmt *st = w->move;
    store_bind_text(st, 1, w->date);
    store_bind_int(st, 2, replan);
    store_bind_text(st, 3, m->reason);
    store_bind_text(st, 4, m->exam);
    store_bind_text(st, 5, m->document);
    store_bind_text(st, 6, m->from_point);
    store_bind_text(st, 7, m->from_room);
    if (m->from_seat > 0)
        store_bind_int(st, 8, m->from_seat);
    store_bind_text(st, 9, m->to_point);
    store_bind_text(st, 10, m->to_room);
    if (m->to_seat > 0)
        store_bind_int(st, 11, m->to_seat);
    store_bind_text(st, 12, now);
    store_bind_text(st, 13, w->s->actor);
    int k = store_step(st, err);
    store_reset(st);
    return k < 0 ? k : AT_OK;
}

void store_seat_write_end(store_seat_writer *w)
{
    if (!w)
        return;
    store_finalize(w->ins);
    store_finalize(w->ins_batch);
    store_finalize(w->del);
    store_finalize(w->move);
    free(w);
}

int store_seat_run_replanned(store *s, const char *date, long participants, double travel_km, int *replan,
                             at_error *err)
{
    store_stmt *st;
    /* staff posts, kits and acts were made for the old seating */
    static const char *const wipe[] = {"DELETE FROM custody_acts WHERE date = ?1",
                                       "DELETE FROM material_kits WHERE date = ?1",
                                       "DELETE FROM staff_posts WHERE date = ?1"};
    for (size_t i = 0; i < sizeof wipe / sizeof wipe[0]; i++) {
        int rc = store_prepare(s, wipe[i], &st, err);
        if (rc != AT_OK)
            return rc;
        store_bind_text(st, 1, date);
        int k = store_step(st, err);
        store_finalize(st);
        if (k < 0)
            return k;
    }
    int rc = store_prepare(s,
                           "UPDATE seat_runs SET replans = replans + 1, participants = ?2, travel_km = ?3,"
                           " staff_at = NULL WHERE date = ?1",
                           &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, date);
    store_bind_int(st, 2, participants);
    store_bind_real(st, 3, travel_km);
    int k = store_step(st, err);
    store_finalize(st);
    if (k < 0)
        return k;
    store_seat_run run;
    if ((rc = store_seat_run_get(s, date, &run, err)) != AT_OK)
        return rc;
    *replan = run.replans;
    return AT_OK;
}

int store_seat_export(store *s, const char *date, const char *what, store_cells_fn header, store_cells_fn row,
                      void *ctx, at_error *err)
{
    static const struct {
        const char *what, *cols, *sql;
    } lists[] = {
        {"seating", "код ППЭ|ППЭ|аудитория|место|экзамен|предмет|документ|фамилия|имя|отчество|код ОО",
         "SELECT s.exam_point_code, e.name, s.room_number, s.seat, s.exam_code, x.subject, p.document,"
         " p.last_name, p.first_name, p.middle_name, p.school_code FROM seatings s"
         " JOIN exam_points e ON e.code = s.exam_point_code JOIN exams x ON x.code = s.exam_code"
         " JOIN participants p ON p.document = s.document WHERE s.date = ?1"
         " ORDER BY s.exam_point_code, s.room_number, s.seat"},
        {"notices", "документ|фамилия|имя|отчество|дата|начало|предмет|форма|код ППЭ|ППЭ|адрес ППЭ|аудитория|место",
         "SELECT p.document, p.last_name, p.first_name, p.middle_name, s.date, x.start_time, x.subject, x.form,"
         " s.exam_point_code, e.name, e.address, s.room_number, s.seat FROM seatings s"
         " JOIN exam_points e ON e.code = s.exam_point_code JOIN exams x ON x.code = s.exam_code"
         " JOIN participants p ON p.document = s.document WHERE s.date = ?1"
         " ORDER BY p.school_code, p.last_name, p.first_name, p.document"},
        {"staff", "код ППЭ|ППЭ|аудитория|должность|документ|фамилия|имя|отчество|код ОО",
         "SELECT t.exam_point_code, e.name, t.room_number, t.post, f.document, f.last_name, f.first_name,"
         " f.middle_name, f.school_code FROM staff_posts t JOIN exam_points e ON e.code = t.exam_point_code"
         " JOIN staff f ON f.document = t.document WHERE t.date = ?1"
         " ORDER BY t.exam_point_code, t.room_number, t.post, f.last_name"},
        {"materials", "код ППЭ|ППЭ|экзамен|аудитория|комплектов",
         "SELECT k.exam_point_code, e.name, k.exam_code, COALESCE(k.room_number, 'резерв'), k.kits"
         " FROM material_kits k JOIN exam_points e ON e.code = k.exam_point_code WHERE k.date = ?1"
         " ORDER BY k.exam_point_code, k.exam_code, k.room_number"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        if (strcmp(lists[i].what, what) != 0)
            continue;
        char cols[256];
        const char *cv[16];
        int nc = 0;
        snprintf(cols, sizeof cols, "%s", lists[i].cols);
        for (char *tok = strtok(cols, "|"); tok && nc < 16; tok = strtok(NULL, "|"))
            cv[nc++] = tok;
        int rc = header(ctx, cv, nc, err);
        store_stmt *st;
        if (rc == AT_OK)
            rc = store_prepare(s, lists[i].sql, &st, err);
        if (rc != AT_OK)
            return rc;
        store_bind_text(st, 1, date);
        int k;
        while ((k = store_step(st, err)) == 1) {
            const char *v[16];
            for (int c = 0; c < nc; c++)
                v[c] = txt(st, c);
            if ((rc = row(ctx, v, nc, err)) != AT_OK)
                break;
        }
        if (k < 0)
            rc = k;
        store_finalize(st);
        return rc;
    }
    return at_fail(err, AT_EUSAGE, "--what", "unknown list \"%s\"; expected seating, notices, staff or materials",
                   what);
}
