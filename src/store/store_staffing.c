/* store_staffing.c — SQL of staff distribution, material kits and custody acts
 * (see store_staffing.h). Portable SQL only (?N parameters, standard joins). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashset.h"
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

/* Reading every participant beats looking up each seated one when the date
 * seats at least 1 in PARTICIPANT_SCAN_RATIO of them. */
#define PARTICIPANT_SCAN_RATIO 8

/* Staff posts written per INSERT statement. */
#define POSTS_PER_INSERT 64

static int nomem(at_error *err) { return at_fail(err, AT_ENOMEM, "store", "out of memory"); }

/* Makes room for element n of the array arr, or returns AT_ENOMEM. */
#define GROW_OR_NOMEM(arr, n, cap)                                  \
    do {                                                            \
        void *p_ = grow((arr), (n), (cap), sizeof *(arr));          \
        if (!p_)                                                    \
            return AT_ENOMEM;                                       \
        (arr) = p_;                                                 \
    } while (0)

/* ---- a string pool: the day's strings, freed at once ---- */

#define POOL_CHUNK ((size_t)1 << 20)

typedef struct pool_chunk {
    struct pool_chunk *next;
    size_t used, cap;
    char data[];
} pool_chunk;

struct store_strpool {
    pool_chunk *head;
};

static void pool_free(store_strpool *p)
{
    if (!p)
        return;
    for (pool_chunk *c = p->head; c;) {
        pool_chunk *n = c->next;
        free(c);
        c = n;
    }
    free(p);
}

/* A copy of t (NULL stays NULL); *fail is set when out of memory. */
static char *pool_dup(store_strpool *p, const char *t, bool *fail)
{
    if (!t)
        return NULL;
    size_t n = strlen(t) + 1;
    if (!p->head || p->head->cap - p->head->used < n) {
        size_t cap = n > POOL_CHUNK ? n : POOL_CHUNK;
        pool_chunk *c = malloc(sizeof *c + cap);
        if (!c) {
            *fail = true;
            return NULL;
        }
        c->next = p->head;
        c->used = 0;
        c->cap = cap;
        p->head = c;
    }
    char *d = p->head->data + p->head->used;
    memcpy(d, t, n);
    p->head->used += n;
    return d;
}

void store_staffing_day_free(store_staff_day *d)
{
    free(d->rooms);
    free(d->seated);
    free(d->people);
    pool_free(d->pool);
    memset(d, 0, sizeof *d);
}

static const char sql_run[] = "SELECT seed, scheme FROM seat_runs WHERE date = ?1";
static const char sql_exams[] = "SELECT code, subject, grade FROM exams";
static const char sql_points[] = "SELECT code, municipality_code FROM exam_points";
/* In the seatings_seat index order: point, room. */
static const char sql_seatings[] =
    "SELECT exam_point_code, room_number, exam_code, document FROM seatings WHERE date = ?1 "
    "ORDER BY exam_point_code, room_number";
/* Participants of the date's grades: seatings are of the date's exams, each
 * of one grade (any seated participant not among them is then sought alone). */
static const char sql_participants[] = "SELECT document, school_code, ovz_conditions FROM participants"
                                       " WHERE grade IN (SELECT grade FROM exams WHERE date = ?1)";
static const char sql_participant[] = "SELECT document, school_code, ovz_conditions FROM participants WHERE document = ?1";
static const char sql_count_participants[] = "SELECT COUNT(*) FROM participants";
static const char sql_people[] =
    "SELECT document, roles, school_code, subjects_taught, COALESCE(gek_token, 0) FROM staff";
static const char sql_schools[] = "SELECT code, municipality_code FROM schools";
static const char sql_prior[] = "SELECT document, COUNT(*) FROM staff_posts WHERE date < ?1 GROUP BY document";

/* Runs sql (binding ?1 to date when given) and calls fn for each row. */
typedef int (*row_fn)(void *ctx, store_stmt *st);
static int each_row(store *s, const char *sql, const char *date, row_fn fn, void *ctx, at_error *err)
{
    store_stmt *st;
    int rc = store_prepare(s, sql, &st, err);
    if (rc != AT_OK)
        return rc;
    if (date)
        store_bind_text(st, 1, date);
    int r;
    while ((r = store_step(st, err)) == 1)
        if ((rc = fn(ctx, st)) != AT_OK)
            break;
    store_finalize(st);
    if (rc == AT_ENOMEM)
        return nomem(err);
    if (rc != AT_OK)
        return rc;
    return r < 0 ? r : AT_OK;
}

/* What loading the day keeps on the side: code → row lookups and, per seating
 * row, its room row (chained per document: a document may, against the rules,
 * be seated twice on a date, and then it counts twice as the join did). */
typedef struct {
    store_staff_day *d;
    hashset *exams, *points, *schools, *prior;
    uint64_t *doctab;                /* see doctab_build */
    size_t docmask;
    char **exam_subject, **point_muni, **school_muni;
    int *exam_grade;
    long *prior_n;
    size_t nexams, npoints, nschools, nprior, cap;
    size_t *seat_room, *seat_next;   /* per seating: room row, next seating of the same document + 1 */
    const char **seat_doc;
    bool *found;                     /* per seating: its participant read (or not a document's first) */
    size_t nseat, capseat;
    size_t block;                    /* first room row of the current point and room */
    size_t capseated;
    hashset *seen_schools;           /* participants' schools: pooled copy */
    char **seen_school_v;
    size_t nseen_schools, capseen_schools;
    char *last_school;
    size_t *room_point;              /* per room row: index of its point */
    size_t caproom_point;
    char ***pt_schools;              /* per point: the schools seen seated there */
    size_t *pt_n, *pt_cap;
} loader;

static void loader_free(loader *l)
{
    hashset_free(l->exams);
    hashset_free(l->points);
    free(l->doctab);
    hashset_free(l->schools);
    hashset_free(l->prior);
    hashset_free(l->seen_schools);
    free(l->seen_school_v);
    free(l->room_point);
    for (size_t i = 0; l->pt_schools && i < l->npoints; i++)
        free(l->pt_schools[i]);
    free(l->pt_schools);
    free(l->pt_n);
    free(l->pt_cap);
    free(l->exam_subject);
    free(l->exam_grade);
    free(l->point_muni);
    free(l->school_muni);
    free(l->prior_n);
    free(l->seat_room);
    free(l->seat_next);
    free(l->seat_doc);
    free(l->found);
}

static int exam_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    const char *code = store_col_text(st, 0);
    bool fail = false;
    if (!code)
        return AT_OK;
    long first;
    if (!hashset_add(l->exams, code, strlen(code), (long)l->nexams, &first))
        return AT_OK;
    GROW_OR_NOMEM(l->exam_subject, l->nexams, &l->cap);
    int *g = realloc(l->exam_grade, l->cap * sizeof *g);
    if (!g)
        return AT_ENOMEM;
    l->exam_grade = g;
    l->exam_subject[l->nexams] = pool_dup(l->d->pool, store_col_text(st, 1), &fail);
    l->exam_grade[l->nexams++] = (int)store_col_int(st, 2);
    return fail ? AT_ENOMEM : AT_OK;
}

static int code_row(hashset *h, char ***vals, size_t *n, size_t *cap, store_strpool *pool, store_stmt *st)
{
    const char *code = store_col_text(st, 0);
    bool fail = false;
    long first;
    if (!code || !hashset_add(h, code, strlen(code), (long)*n, &first))
        return AT_OK;
    GROW_OR_NOMEM(*vals, *n, cap);
    (*vals)[(*n)++] = pool_dup(pool, store_col_text(st, 1), &fail);
    return fail ? AT_ENOMEM : AT_OK;
}

static int point_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    return code_row(l->points, &l->point_muni, &l->npoints, &l->cap, l->d->pool, st);
}

static int school_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    return code_row(l->schools, &l->school_muni, &l->nschools, &l->cap, l->d->pool, st);
}

static int cmp_room_exam(const void *a, const void *b)
{
    return strcmp(((const store_staff_room *)a)->exam, ((const store_staff_room *)b)->exam);
}

static int seating_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    store_staff_day *d = l->d;
    const char *point = store_col_text(st, 0), *room = store_col_text(st, 1), *exam = store_col_text(st, 2),
               *doc = store_col_text(st, 3);
    if (!point || !room || !exam || !doc)
        return AT_OK;
    /* The rows of one point and room share its strings (sorted by exam at the end). */
    bool same_block = d->nrooms > l->block && strcmp(d->rooms[l->block].point, point) == 0 &&
                      strcmp(d->rooms[l->block].room, room) == 0;
    if (!same_block)
        l->block = d->nrooms;
    size_t g = l->block;
    while (g < d->nrooms && strcmp(d->rooms[g].exam, exam) != 0)
        g++;
    if (g == d->nrooms) {
        long pi, ei;
        if (!hashset_get(l->points, point, strlen(point), &pi) || !hashset_get(l->exams, exam, strlen(exam), &ei) ||
            !l->point_muni[pi])
            return AT_OK;  /* the join found no point or exam: not a room in use */
        GROW_OR_NOMEM(d->rooms, d->nrooms, &l->cap);
        GROW_OR_NOMEM(l->room_point, d->nrooms, &l->caproom_point);
        l->room_point[d->nrooms] = (size_t)pi;
        bool fail = false;
        store_staff_room *x = &d->rooms[d->nrooms++];
        memset(x, 0, sizeof *x);
        if (g > l->block) {  /* same point and room: share the strings */
            x->point = d->rooms[l->block].point;
            x->room = d->rooms[l->block].room;
        } else {
            x->point = pool_dup(d->pool, point, &fail);
            x->room = pool_dup(d->pool, room, &fail);
        }
        x->municipality = l->point_muni[pi];
        x->exam = pool_dup(d->pool, exam, &fail);
        x->subject = l->exam_subject[ei];
        x->grade = l->exam_grade[ei];
        if (fail || !x->subject)
            return AT_ENOMEM;
    }
    if (l->nseat == l->capseat) {
        size_t nc = l->capseat ? l->capseat * 2 : 1024;
        size_t *a = realloc(l->seat_room, nc * sizeof *a);
        if (!a)
            return AT_ENOMEM;
        l->seat_room = a;
        size_t *b = realloc(l->seat_next, nc * sizeof *b);
        if (!b)
            return AT_ENOMEM;
        l->seat_next = b;
        const char **c = realloc(l->seat_doc, nc * sizeof *c);
        if (!c)
            return AT_ENOMEM;
        l->seat_doc = c;
        l->capseat = nc;
    }
    bool fail = false;
    l->seat_room[l->nseat] = g;
    l->seat_next[l->nseat] = 0;
    l->seat_doc[l->nseat] = pool_dup(d->pool, doc, &fail);
    if (fail)
        return AT_ENOMEM;
    l->nseat++;
    return AT_OK;
}

/* The seated documents' table: open addressing over 8-byte slots (32 bits
 * of the hash, seating + 1), twice as many slots as seatings. Every
 * participant is looked up in it, most of them absent, so a slot is one
 * memory access and a mismatch rarely touches the string. */
static uint64_t doc_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    /* FNV-1a, then MurmurHash3's finalizer: documents differ in their last
     * digits, and the slot comes from the low bits. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static int doctab_build(loader *l)
{
    if (l->nseat >= UINT32_MAX)
        return AT_ENOMEM;
    size_t cap = 1024;
    while (cap < 2 * l->nseat)
        cap *= 2;
    l->doctab = calloc(cap, sizeof *l->doctab);
    l->found = calloc(l->nseat + 1, sizeof *l->found);
    if (!l->doctab || !l->found)
        return AT_ENOMEM;
    l->docmask = cap - 1;
    for (size_t k = 0; k < l->nseat; k++) {
        uint64_t h = doc_hash(l->seat_doc[k]), fp = h >> 32;
        size_t i = (size_t)h & l->docmask;
        for (;; i = (i + 1) & l->docmask) {
            uint64_t v = l->doctab[i];
            if (!v) {
                l->doctab[i] = fp << 32 | (uint64_t)(k + 1);
                break;
            }
            size_t j = (size_t)(v & 0xffffffffu) - 1;
            if (v >> 32 == fp && strcmp(l->seat_doc[j], l->seat_doc[k]) == 0) {
                while (l->seat_next[j])  /* seated twice: chained */
                    j = l->seat_next[j] - 1;
                l->seat_next[j] = k + 1;
                l->found[k] = true;      /* counted with its first seating */
                break;
            }
        }
    }
    return AT_OK;
}

/* The first seating of doc, or -1. */
static long doctab_find(const loader *l, const char *doc)
{
    uint64_t h = doc_hash(doc), fp = h >> 32;
    for (size_t i = (size_t)h & l->docmask;; i = (i + 1) & l->docmask) {
        uint64_t v = l->doctab[i];
        if (!v)
            return -1;
        size_t j = (size_t)(v & 0xffffffffu) - 1;
        if (v >> 32 == fp && strcmp(l->seat_doc[j], doc) == 0)
            return (long)j;
    }
}

/* ';' || conditions || ';' LIKE '%;assistant;%' (LIKE ignores ASCII case). */
static bool needs_assistant(const char *cond)
{
    static const char word[] = "assistant";
    const char *p = cond ? cond : "";
    for (;;) {
        size_t len = strcspn(p, ";");
        if (len == sizeof word - 1) {
            size_t i = 0;
            while (i < len && (p[i] | 0x20) == word[i])
                i++;
            if (i == len)
                return true;
        }
        if (!p[len])
            return false;
        p += len + 1;
    }
}

/* Counts the participant into every room row where it is seated (first: its
 * first seating) and its school into those rooms' points. */
static int participant_seated(loader *l, long first, const char *school, bool assist)
{
    store_staff_day *d = l->d;
    l->found[first] = true;
    for (size_t k = (size_t)first + 1; k; k = l->seat_next[k - 1]) {
        store_staff_room *r = &d->rooms[l->seat_room[k - 1]];
        r->seated++;
        r->assistant += assist;
        if (!school)
            continue;
        /* Pupils of one school mostly follow each other: its pooled copy is
         * reused, so one copy per school and pointers compare equal. */
        bool fail = false;
        if (!l->last_school || strcmp(l->last_school, school) != 0) {
            long si;
            if (hashset_get(l->seen_schools, school, strlen(school), &si)) {
                l->last_school = l->seen_school_v[si];
            } else {
                GROW_OR_NOMEM(l->seen_school_v, l->nseen_schools, &l->capseen_schools);
                l->last_school = pool_dup(d->pool, school, &fail);
                if (fail)
                    return AT_ENOMEM;
                hashset_add(l->seen_schools, school, strlen(school), (long)l->nseen_schools, NULL);
                l->seen_school_v[l->nseen_schools++] = l->last_school;
            }
        }
        /* A point has few schools: its list, by pooled pointer. */
        size_t pi = l->room_point[l->seat_room[k - 1]];
        size_t j = 0;
        while (j < l->pt_n[pi] && l->pt_schools[pi][j] != l->last_school)
            j++;
        if (j == l->pt_n[pi]) {
            GROW_OR_NOMEM(l->pt_schools[pi], l->pt_n[pi], &l->pt_cap[pi]);
            l->pt_schools[pi][l->pt_n[pi]++] = l->last_school;
            GROW_OR_NOMEM(d->seated, d->nseated, &l->capseated);
            d->seated[d->nseated].point = r->point;
            d->seated[d->nseated].school = l->last_school;
            d->nseated++;
        }
    }
    return AT_OK;
}

static int participant_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    const char *doc = store_col_text(st, 0);
    long first;
    if (!doc || (first = doctab_find(l, doc)) < 0)
        return AT_OK;
    return participant_seated(l, first, store_col_text(st, 1), needs_assistant(store_col_text(st, 2)));
}

/* The scan of every participant looks each one up in the seated documents'
 * table, a slot far from the last one each time: waiting for memory was
 * most of the scan. So rows are copied in batches of SCAN_BATCH, the batch's
 * slots are requested at once (prefetch), then its candidate seatings'
 * documents, and only then compared: the waits overlap. The rows are still
 * counted in scan order. */
#define SCAN_BATCH 256
#define SCAN_ARENA (SCAN_BATCH * 64)

typedef struct {
    size_t doc, school;  /* offsets in text; school SIZE_MAX: NULL */
    bool assist;
    uint64_t h;
    long cand;           /* the seating whose slot matched the fingerprint, or -1 */
    size_t slot;
} scan_row;

typedef struct {
    loader *l;
    scan_row row[SCAN_BATCH];
    size_t n, used;
    char text[SCAN_ARENA];
} scan_batch;

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static int scan_flush(scan_batch *b)
{
    loader *l = b->l;
    for (size_t i = 0; i < b->n; i++) {
        scan_row *r = &b->row[i];
        r->h = doc_hash(b->text + r->doc);
        r->slot = (size_t)r->h & l->docmask;
        PREFETCH(&l->doctab[r->slot]);
    }
    for (size_t i = 0; i < b->n; i++) {
        scan_row *r = &b->row[i];
        uint64_t fp = r->h >> 32;
        r->cand = -1;
        for (size_t j = r->slot;; j = (j + 1) & l->docmask) {
            uint64_t v = l->doctab[j];
            if (!v)
                break;
            if (v >> 32 == fp) {
                r->cand = (long)(v & 0xffffffffu) - 1;
                PREFETCH(l->seat_doc[r->cand]);
                break;
            }
        }
    }
    int rc = AT_OK;
    for (size_t i = 0; i < b->n && rc == AT_OK; i++) {
        scan_row *r = &b->row[i];
        const char *doc = b->text + r->doc;
        long first = r->cand;
        if (first < 0)
            continue;
        if (strcmp(l->seat_doc[first], doc) != 0 && (first = doctab_find(l, doc)) < 0)
            continue;  /* a fingerprint shared with another document: probe on */
        rc = participant_seated(l, first, r->school == SIZE_MAX ? NULL : b->text + r->school, r->assist);
    }
    b->n = b->used = 0;
    return rc;
}

static int participant_scan_row(void *ctx, store_stmt *st)
{
    scan_batch *b = ctx;
    const char *doc = store_col_text(st, 0), *school = store_col_text(st, 1);
    if (!doc)
        return AT_OK;
    size_t ld = strlen(doc) + 1, ls = school ? strlen(school) + 1 : 0;
    int rc;
    if ((b->n == SCAN_BATCH || SCAN_ARENA - b->used < ld + ls) && (rc = scan_flush(b)) != AT_OK)
        return rc;
    if (SCAN_ARENA < ld + ls)  /* longer than a whole batch: on its own */
        return participant_row(b->l, st);
    scan_row *r = &b->row[b->n++];
    r->doc = b->used;
    memcpy(b->text + b->used, doc, ld);
    b->used += ld;
    r->school = SIZE_MAX;
    if (school) {
        r->school = b->used;
        memcpy(b->text + b->used, school, ls);
        b->used += ls;
    }
    r->assist = needs_assistant(store_col_text(st, 2));
    return AT_OK;
}

static int scan_participants(store *s, loader *l, const char *date, at_error *err)
{
    scan_batch *b = malloc(sizeof *b);
    if (!b)
        return nomem(err);
    b->l = l;
    b->n = b->used = 0;
    int rc = each_row(s, sql_participants, date, participant_scan_row, b, err);
    if (rc == AT_OK && (rc = scan_flush(b)) == AT_ENOMEM)
        rc = nomem(err);
    free(b);
    return rc;
}

static int cmp_seated(const void *a, const void *b)
{
    const store_staff_seated *x = a, *y = b;
    int c = strcmp(x->point, y->point);
    return c ? c : strcmp(x->school, y->school);
}

static int prior_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    const char *doc = store_col_text(st, 0);
    long first;
    if (!doc || !hashset_add(l->prior, doc, strlen(doc), (long)l->nprior, &first))
        return AT_OK;
    GROW_OR_NOMEM(l->prior_n, l->nprior, &l->cap);
    l->prior_n[l->nprior++] = (long)store_col_int(st, 1);
    return AT_OK;
}

static int person_row(void *ctx, store_stmt *st)
{
    loader *l = ctx;
    store_staff_day *d = l->d;
    GROW_OR_NOMEM(d->people, d->npeople, &l->cap);
    store_staff_person *x = &d->people[d->npeople];
    memset(x, 0, sizeof *x);
    bool fail = false;
    x->document = pool_dup(d->pool, store_col_text(st, 0), &fail);
    x->roles = pool_dup(d->pool, store_col_text(st, 1), &fail);
    x->school = pool_dup(d->pool, store_col_text(st, 2), &fail);
    x->subjects_taught = pool_dup(d->pool, store_col_text(st, 3), &fail);
    x->token = store_col_int(st, 4) != 0;
    if (fail || !x->document || !x->roles)
        return AT_ENOMEM;
    long i;
    const store_staff_person *prev = d->npeople ? x - 1 : NULL;
    if (x->school && prev && prev->school && strcmp(prev->school, x->school) == 0)
        x->municipality = prev->municipality;  /* staff of one school mostly follow each other */
    else if (x->school && hashset_get(l->schools, x->school, strlen(x->school), &i))
        x->municipality = l->school_muni[i];
    if (l->nprior && hashset_get(l->prior, x->document, strlen(x->document), &i))
        x->prior = (int)l->prior_n[i];
    d->npeople++;
    return AT_OK;
}

/* Sorting people by document: the first 8 bytes as a big-endian number
 * decide most comparisons without touching the strings. */
typedef struct {
    uint64_t prefix;
    const char *doc;
    size_t i;
} person_key;

static uint64_t doc_prefix(const char *s)
{
    uint64_t v = 0;
    size_t i = 0;
    for (; i < 8 && s[i]; i++)
        v = v << 8 | (unsigned char)s[i];
    return i == 0 ? 0 : v << (8 * (8 - i));
}

static int cmp_person_key(const void *a, const void *b)
{
    const person_key *x = a, *y = b;
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    return strcmp(x->doc, y->doc);
}

static int sort_people(store_staff_day *d)
{
    person_key *k = malloc((d->npeople + 1) * sizeof *k);
    store_staff_person *sorted = malloc((d->npeople + 1) * sizeof *sorted);
    if (!k || !sorted) {
        free(k);
        free(sorted);
        return AT_ENOMEM;
    }
    for (size_t i = 0; i < d->npeople; i++)
        k[i] = (person_key){doc_prefix(d->people[i].document), d->people[i].document, i};
    /* By prefix in radix passes (the staff table comes in no useful order,
     * and a comparison sort of 768,384 keys was most of this), then each run
     * of one prefix by the whole document: the same order as the comparator. */
    person_key *tmp = malloc((d->npeople + 1) * sizeof *tmp);
    if (!tmp) {
        qsort(k, d->npeople, sizeof *k, cmp_person_key);
    } else {
        person_key *src = k, *dst = tmp;
        for (int shift = 0; shift < 64; shift += 8) {
            size_t cnt[257] = {0};
            for (size_t i = 0; i < d->npeople; i++)
                cnt[((src[i].prefix >> shift) & 0xff) + 1]++;
            bool one_bucket = false;
            for (int b = 1; b <= 256 && !one_bucket; b++)
                one_bucket = cnt[b] == d->npeople;
            if (one_bucket)
                continue;  /* every key has this byte alike */
            for (int b = 1; b <= 256; b++)
                cnt[b] += cnt[b - 1];
            for (size_t i = 0; i < d->npeople; i++)
                dst[cnt[(src[i].prefix >> shift) & 0xff]++] = src[i];
            person_key *t = src;
            src = dst;
            dst = t;
        }
        if (src != k)
            memcpy(k, src, d->npeople * sizeof *k);
        free(tmp);
        for (size_t i = 0, j; i < d->npeople; i = j) {
            for (j = i + 1; j < d->npeople && k[j].prefix == k[i].prefix;)
                j++;
            if (j - i > 1)
                qsort(k + i, j - i, sizeof *k, cmp_person_key);
        }
    }
    for (size_t i = 0; i < d->npeople; i++)
        sorted[i] = d->people[k[i].i];
    free(k);
    free(d->people);
    d->people = sorted;
    return AT_OK;
}

/* Few seatings against many participants: look them up one by one rather
 * than read every participant. */
static int lookup_participants(store *s, loader *l, const char *date, at_error *err)
{
    long total = 0;
    store_stmt *st;
    int rc = store_prepare(s, sql_count_participants, &st, err), r;
    if (rc != AT_OK)
        return rc;
    if ((r = store_step(st, err)) == 1)
        total = (long)store_col_int(st, 0);
    store_finalize(st);
    if (r < 0)
        return r;
    if ((long)l->nseat * PARTICIPANT_SCAN_RATIO >= total && (rc = scan_participants(s, l, date, err)) != AT_OK)
        return rc;
    if ((rc = store_prepare(s, sql_participant, &st, err)) != AT_OK)
        return rc;
    /* Each document not read yet once, where it is first seated. */
    for (size_t k = 0; k < l->nseat && rc == AT_OK; k++) {
        if (l->found[k])
            continue;
        store_bind_text(st, 1, l->seat_doc[k]);
        if ((r = store_step(st, err)) == 1)
            rc = participant_row(l, st);
        else if (r < 0)
            rc = r;
        store_reset(st);
    }
    store_finalize(st);
    return rc == AT_ENOMEM ? nomem(err) : rc;
}

int store_staffing_load(store *s, const char *date, bool with_people, store_staff_day *d, at_error *err)
{
    memset(d, 0, sizeof *d);
    loader l = {.d = d};
    store_stmt *st = NULL;
    d->pool = calloc(1, sizeof *d->pool);
    if (!d->pool)
        return nomem(err);
    int rc = store_prepare(s, sql_run, &st, err), r;
    if (rc != AT_OK)
        goto fail;
    store_bind_text(st, 1, date);
    r = store_step(st, err);
    if (r == 1) {
        bool fail = false;
        d->seed = pool_dup(d->pool, store_col_text(st, 0), &fail);
        d->scheme = pool_dup(d->pool, store_col_text(st, 1), &fail);
        if (fail || !d->seed || !d->scheme)
            rc = nomem(err);
    } else {
        rc = r < 0 ? r : at_fail(err, AT_ENOTFOUND, date, "no participant distribution for this date: run attest seat run --date %s first", date);
    }
    store_finalize(st);
    if (rc != AT_OK)
        goto fail;

    l.exams = hashset_new();
    l.points = hashset_new();
    l.schools = hashset_new();
    l.prior = hashset_new();
    l.seen_schools = hashset_new();
    if (!l.exams || !l.points || !l.schools || !l.prior || !l.seen_schools) {
        rc = nomem(err);
        goto fail;
    }
    l.cap = 0;
    if ((rc = each_row(s, sql_exams, NULL, exam_row, &l, err)) != AT_OK)
        goto fail;
    l.cap = 0;
    if ((rc = each_row(s, sql_points, NULL, point_row, &l, err)) != AT_OK)
        goto fail;
    l.cap = 0;
    l.pt_schools = calloc(l.npoints + 1, sizeof *l.pt_schools);
    l.pt_n = calloc(l.npoints + 1, sizeof *l.pt_n);
    l.pt_cap = calloc(l.npoints + 1, sizeof *l.pt_cap);
    if (!l.pt_schools || !l.pt_n || !l.pt_cap) {
        rc = nomem(err);
        goto fail;
    }
    if ((rc = each_row(s, sql_seatings, date, seating_row, &l, err)) != AT_OK)
        goto fail;
    if (doctab_build(&l) != AT_OK) {
        rc = nomem(err);
        goto fail;
    }
    if ((rc = lookup_participants(s, &l, date, err)) != AT_OK)
        goto fail;
    /* Each point and room's rows by exam. */
    for (size_t i = 0, j; i < d->nrooms; i = j) {
        for (j = i + 1; j < d->nrooms && d->rooms[j].point == d->rooms[i].point && d->rooms[j].room == d->rooms[i].room;)
            j++;
        if (j - i > 1)
            qsort(d->rooms + i, j - i, sizeof *d->rooms, cmp_room_exam);
    }
    /* Room rows whose seatings name no participant are not in use (as the join had it). */
    size_t kept = 0;
    for (size_t i = 0; i < d->nrooms; i++)
        if (d->rooms[i].seated > 0)
            d->rooms[kept++] = d->rooms[i];
    d->nrooms = kept;
    if (d->nseated > 1)
        qsort(d->seated, d->nseated, sizeof *d->seated, cmp_seated);
    if (!with_people)
        goto done;

    l.cap = 0;
    if ((rc = each_row(s, sql_schools, NULL, school_row, &l, err)) != AT_OK)
        goto fail;
    l.cap = 0;
    if ((rc = each_row(s, sql_prior, date, prior_row, &l, err)) != AT_OK)
        goto fail;
    l.cap = 0;
    if ((rc = each_row(s, sql_people, NULL, person_row, &l, err)) != AT_OK)
        goto fail;
    bool sorted = true;
    for (size_t i = 1; i < d->npeople && sorted; i++)
        sorted = strcmp(d->people[i - 1].document, d->people[i].document) < 0;
    if (!sorted && (rc = sort_people(d)) != AT_OK) {
        rc = nomem(err);
        goto fail;
    }
done:
    loader_free(&l);
    return AT_OK;
fail:
    loader_free(&l);
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
    store_stmt *ins = NULL, *ins1 = NULL;
    const char *dv[] = {date};
    int rc = exec_params(s, "DELETE FROM staff_posts WHERE date = ?1", dv, 1, err);
    /* POSTS_PER_INSERT rows a statement (the date bound once as ?1), the rest one by one. */
    char sql[128 + POSTS_PER_INSERT * 32];
    int len = snprintf(sql, sizeof sql, "INSERT INTO staff_posts (date, document, exam_point_code, room_number, post) "
                                        "VALUES ");
    for (int i = 0; i < POSTS_PER_INSERT; i++)
        len += snprintf(sql + len, sizeof sql - (size_t)len, "%s(?1, ?%d, ?%d, ?%d, ?%d)", i ? ", " : "",
                        2 + 4 * i, 3 + 4 * i, 4 + 4 * i, 5 + 4 * i);
    if (rc == AT_OK && n >= POSTS_PER_INSERT)
        rc = store_prepare(s, sql, &ins, err);
    if (rc == AT_OK)
        rc = store_prepare(s, "INSERT INTO staff_posts (date, document, exam_point_code, room_number, post) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", &ins1, err);
    for (size_t i = 0; i < n && rc == AT_OK;) {
        store_stmt *st = n - i >= POSTS_PER_INSERT ? ins : ins1;
        size_t rows = st == ins ? POSTS_PER_INSERT : 1;
        /* date and the posts' strings outlive both statements: no copies */
        store_bind_text_static(st, 1, date);
        for (size_t j = 0; j < rows; j++, i++) {
            int b = 2 + 4 * (int)j;
            const store_staff_post *q = &p[i];
            store_bind_text_static(st, b, q->document);
            store_bind_text_static(st, b + 1, q->point);
            store_bind_text_static(st, b + 2, q->room);
            store_bind_text_static(st, b + 3, q->post);
        }
        int r = store_step(st, err);
        if (r < 0)
            rc = r;
        store_reset(st);
    }
    store_finalize(ins);
    store_finalize(ins1);
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
    return rc;
}

int store_staffing_summary(store *s, const char *date, const char *const *post_names, store_staff_summary *out,
                           at_error *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *st;
    int rc = store_prepare(s, "SELECT post, COUNT(*) FROM staff_posts WHERE date = ?1 GROUP BY post", &st, err);
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
