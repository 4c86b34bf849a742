/* seat_run.c — distributing a day: classes, components, min-cost flow school →
 * point, rooms and seats (the stages are described in seat.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow/mcf.h"
#include "seat_day.h"
#include "seat_solve.h"
#include "store/store_seat.h"


static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void seat_shortages_free(seat_shortages *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].scope);
        free(s->v[i].exam);
        free(s->v[i].text);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

int ss_shortage(seat_shortages *sh, const char *scope, const char *exam, long need, long have, const char *fmt,
                ...)
{
    if (sh->n == sh->cap) {
        size_t nc = sh->cap ? sh->cap * 2 : 16;
        seat_shortage *nv = realloc(sh->v, nc * sizeof *nv);
        if (!nv)
            return AT_ENOMEM;
        sh->v = nv, sh->cap = nc;
    }
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int k = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (k < 0)
        return AT_ENOMEM;
    sh->v[sh->n++] = (seat_shortage){strdup(scope), strdup(exam ? exam : ""), need, have, text};
    return AT_OK;
}

/* ---- classes: what a sitting needs ---- */
static int class_rank(const sd_day *d, const sd_sitting *t)
{
    const sd_exam *e = &d->exams[t->exam];
    int r = t->pkind != PK_REGULAR ? 0 : t->ovzroom ? 1 : e->room_kind != RK_REGULAR ? 2 : 3;
    /* ОВЗ rooms first within a point kind: they need the scarce accessible rooms */
    return r * 64 + t->pkind * 16 + (t->ovzroom ? 0 : 8) + e->room_kind * 2 + (e->grade == 11);
}

const char *ss_class_name(const sd_day *d, const sd_sitting *t)
{
    static const char *const pk[] = {"", "home exam points", "hospital exam points", "penitentiary exam points"};
    if (t->pkind != PK_REGULAR)
        return pk[t->pkind];
    if (t->ovzroom)
        return "accessible ОВЗ rooms";
    int rk = d->exams[t->exam].room_kind;
    return rk == RK_COMPUTER ? "computer rooms" : rk == RK_SPEAKING ? "speaking rooms" : "rooms";
}

/* ---- components of the territorial scheme (union–find over municipalities) ---- */
static int uf_find(int *p, int x)
{
    while (p[x] != x)
        x = p[x] = p[p[x]];
    return x;
}

static void components(const sd_day *d, int *comp_of_muni)
{
    int n = d->nmunis + 1; /* the last: participants without a municipality */
    for (int i = 0; i < n; i++)
        comp_of_muni[i] = i;
    bool region = strcmp(d->scheme, "region") == 0;
    for (int m = 0; m < d->nmunis; m++)
        for (int k = 0; k < d->nallowed[m]; k++) {
            int pm = d->points[d->allowed[m][k]].muni;
            if (pm >= 0) {
                int a = uf_find(comp_of_muni, m), b = uf_find(comp_of_muni, pm);
                if (a != b)
                    comp_of_muni[a < b ? b : a] = a < b ? a : b;
            }
        }
    bool nomuni = false;
    for (long i = 0; i < d->nsit && !nomuni; i++)
        nomuni = d->sit[i].muni < 0;
    if (region || nomuni)
        for (int m = 0; m < n; m++)
            comp_of_muni[uf_find(comp_of_muni, m)] = 0;
    for (int m = 0; m < n; m++)
        comp_of_muni[m] = uf_find(comp_of_muni, m);
}

/* ---- sorting sittings: component, class, exam, school, document ---- */
typedef struct {
    const sd_day *d;
    const int *comp;
} sort_ctx;
static sort_ctx g_sort;

static int comp_of(const sd_day *d, const int *comp, const sd_sitting *t)
{
    return comp[t->muni >= 0 ? t->muni : d->nmunis];
}

static int cmp_sitting(const void *a, const void *b)
{
    const sd_day *d = g_sort.d;
    const sd_sitting *x = &d->sit[*(const long *)a], *y = &d->sit[*(const long *)b];
    int cx = comp_of(d, g_sort.comp, x), cy = comp_of(d, g_sort.comp, y);
    if (cx != cy)
        return cx < cy ? -1 : 1;
    int kx = class_rank(d, x), ky = class_rank(d, y);
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->exam != y->exam)
        return x->exam < y->exam ? -1 : 1;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    return strcmp(x->document, y->document);
}

/* cmp_sitting's order without comparing: when `order` already runs by exam,
 * school and document (sd_load sorts the day so), a stable counting sort by
 * component and class gives the same order in linear time. False (nothing
 * done) when the order does not run so, or out of memory. */
static bool bucket_by_class(const sd_day *d, const int *comp, long *order, long n)
{
    enum { RANKS = 4 * 64 }; /* class_rank < 4 * 64 */
    for (long i = 1; i < n; i++) {
        const sd_sitting *x = &d->sit[order[i - 1]], *y = &d->sit[order[i]];
        if (x->exam != y->exam ? x->exam > y->exam
            : x->school != y->school ? x->school > y->school : strcmp(x->document, y->document) > 0)
            return false;
    }
    size_t nkeys = ((size_t)d->nmunis + 1) * RANKS;
    long *next = calloc(nkeys + 1, sizeof *next), *out = malloc(((size_t)n + 1) * sizeof *out);
    if (!next || !out) {
        free(next), free(out);
        return false;
    }
#define KEY(t) ((size_t)comp_of(d, comp, (t)) * RANKS + (size_t)class_rank(d, (t)))
    for (long i = 0; i < n; i++)
        next[KEY(&d->sit[order[i]]) + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        next[k + 1] += next[k];
    for (long i = 0; i < n; i++)
        out[next[KEY(&d->sit[order[i]])]++] = order[i];
#undef KEY
    memcpy(order, out, (size_t)n * sizeof *order);
    free(next), free(out);
    return true;
}

int ss_place(ss_state *st, long *order, long n)
{
    sd_day *d = st->d;
    int *comp = malloc(((size_t)d->nmunis + 1) * sizeof *comp);
    if (!comp)
        return AT_ENOMEM;
    components(d, comp);
    g_sort = (sort_ctx){d, comp};
    if (!bucket_by_class(d, comp, order, n))
        qsort(order, (size_t)n, sizeof *order, cmp_sitting);
    int rc = AT_OK;
    for (long i = 0; i < n && rc == AT_OK;) {
        int c = comp_of(d, comp, &d->sit[order[i]]);
        long j = i;
        while (j < n && comp_of(d, comp, &d->sit[order[j]]) == c)
            j++;
        st->sum->components++;
        for (long a = i; a < j && rc == AT_OK;) {
            int k = class_rank(d, &d->sit[order[a]]);
            long b = a;
            while (b < j && class_rank(d, &d->sit[order[b]]) == k)
                b++;
            rc = ss_solve_class(st, order + a, b - a);
            a = b;
        }
        i = j;
    }
    free(comp);
    return rc;
}

/* Sittings in seat order — point, room, seat (room indexes follow point and
 * room codes) — the seatings table's key order (migration 008) and that of every
 * reader of a day; NULL when out of memory. Unseated sittings are left out. */
static long *seat_order(const sd_day *d, long *n)
{
    long *next = calloc((size_t)d->nrooms + 1, sizeof *next);
    long *out = malloc(((size_t)d->nsit + 1) * sizeof *out);
    if (!next || !out) {
        free(next), free(out);
        return NULL;
    }
    for (long i = 0; i < d->nsit; i++)
        if (d->sit[i].room >= 0)
            next[d->sit[i].room + 1]++;
    for (int r = 0; r < d->nrooms; r++)
        next[r + 1] += next[r];
    *n = next[d->nrooms];
    for (long i = 0; i < d->nsit; i++)
        if (d->sit[i].room >= 0)
            out[next[d->sit[i].room]++] = i;
    /* within a room (a few dozen at most) by seat */
    for (long a = 0; a < *n;) {
        long b = a;
        while (b < *n && d->sit[out[b]].room == d->sit[out[a]].room)
            b++;
        for (long i = a + 1; i < b; i++) {
            long v = out[i], j = i;
            for (; j > a && d->sit[out[j - 1]].seat > d->sit[v].seat; j--)
                out[j] = out[j - 1];
            out[j] = v;
        }
        a = b;
    }
    free(next);
    return out;
}

static int write_day(store *s, const seat_options *o, const char *scheme, const sd_day *d, const seat_summary *sum,
                     at_error *err)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
    store_seat_run run = {.date = o->date, .seed = seed, .scheme = scheme, .participants = sum->seated,
                          .travel_km = sum->travel_km};
    long n = 0, *ord = seat_order(d, &n);
    if (!ord)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    store_seat_writer *w = NULL;
    int rc = store_seat_write_begin(s, &run, true, &w, err);
    for (long i = 0; i < n && rc == AT_OK; i++) {
        const sd_sitting *t = &d->sit[ord[i]];
        const sd_room *r = &d->rooms[t->room];
        store_seating row = {d->exams[t->exam].code, t->document, d->points[r->point].code, r->number, t->seat};
        rc = store_seat_write(w, &row, err);
    }
    if (rc == AT_OK)
        rc = store_seat_write_finish(w, err);
    store_seat_write_end(w);
    free(ord);
    if (rc == AT_OK)
        rc = store_log_change(s, "seat run", "seatings", o->date, seed, sum->seated, 0, 0, err);
    return rc;
}

static int distribute(store *s, const seat_options *o, const char *scheme, seat_summary *sum, seat_shortages *sh,
                      at_error *err)
{
    sd_day d;
    int rc = sd_load(s, o->date, scheme, &d, err);
    if (rc != AT_OK) {
        sd_free(&d);
        return rc;
    }
    if (d.nexams == 0) {
        sd_free(&d);
        return at_fail(err, AT_EINPUT, o->date, "no exams on this date in the schedule (attest schedule list)");
    }
    long *order = malloc(((size_t)d.nsit + 1) * sizeof *order);
    if (!order) {
        sd_free(&d);
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    }
    for (long i = 0; i < d.nsit; i++)
        order[i] = i;
    ss_state st;
    rc = ss_init(&st, &d, o, sum, sh);
    at_rng rng;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "seat:%s", o->date);
    rng_seed(&rng, o->seed, purpose);
    st.rng = &rng;
    if (rc == AT_OK)
        rc = ss_place(&st, order, d.nsit);
    sum->sittings = d.nsit;
    sum->exams = d.nexams;
    if (rc == AT_OK && sh->n > 0)
        rc = at_fail(err, AT_EINPUT, o->date, "%zu shortage%s: nothing was written", sh->n, sh->n == 1 ? "" : "s");
    else if (rc != AT_OK && !err->msg[0])
        rc = at_fail(err, rc, "seat", "out of memory");
    if (rc == AT_OK && o->model_out)
        rc = ss_write_model(&st, o->model_out, err);
    if (rc == AT_OK)
        ss_finish_summary(&st);
    if (rc == AT_OK && !o->dry_run)
        rc = write_day(s, o, scheme, &d, sum, err);
    ss_free(&st);
    free(order);
    sd_free(&d);
    return rc;
}

/* A national day's reads (the registrations index, ~2.5 million
 * participants) and writes (a million seatings and their index) pass through
 * the page cache: with the default 64 MB the dirty pages are spilled to the
 * WAL before the commit and re-read to build the index. */
#define SEAT_RUN_CACHE_MB 256

int seat_run(store *s, const seat_options *o, seat_summary *sum, seat_shortages *sh, at_error *err)
{
    double t0 = now_s();
    memset(sum, 0, sizeof *sum);
    const char *scheme = o->scheme ? o->scheme : "municipal";
    if (strcmp(scheme, "municipal") && strcmp(scheme, "region") && strcmp(scheme, "table"))
        return at_fail(err, AT_EUSAGE, "--scheme", "unknown scheme \"%s\"; expected municipal, region or table",
                       scheme);
    /* The day is read inside the transaction it is written in, so what is
     * written is made of rows read in it: a derived transaction (the backend
     * skips re-checking each row's references). */
    int rc = store_cache_mb(s, SEAT_RUN_CACHE_MB, err);
    if (rc == AT_OK && !o->dry_run)
        rc = store_begin_derived(s, err);
    if (rc == AT_OK)
        rc = distribute(s, o, scheme, sum, sh, err);
    if (!o->dry_run) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        if (rc != AT_OK)
            store_rollback(s);
    }
    sum->total_seconds = now_s() - t0;
    return rc;
}
