/* seat_replan.c — repairing a stored distribution (see seat.h): whoever can
 * keep their seat keeps it; the displaced and the newly registered are placed
 * in free seats by the same flow; every move is logged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seat_solve.h"
#include "store/store_seat.h"

void seat_moves_free(seat_moves *m)
{
    for (size_t i = 0; i < m->n; i++) {
        seat_move *v = &m->v[i];
        free(v->exam), free(v->document), free(v->from_point), free(v->from_room), free(v->to_point),
            free(v->to_room);
    }
    free(m->v);
    memset(m, 0, sizeof *m);
}

static char *dupn(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_move(seat_moves *m, const char *exam, const char *doc, const char *fp, const char *fr, int fs,
                    const char *tp, const char *tr, int ts)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 32;
        seat_move *nv = realloc(m->v, nc * sizeof *nv);
        if (!nv)
            return AT_ENOMEM;
        m->v = nv, m->cap = nc;
    }
    m->v[m->n++] = (seat_move){dupn(exam), dupn(doc), dupn(fp), dupn(fr), dupn(tp), dupn(tr), fs, ts};
    return AT_OK;
}

/* the stored seating, as loaded */
typedef struct {
    const char *exam, *document, *point, *room;
    int seat;
} old_seat;

typedef struct {
    sd_day *d;
    hashset *sit_ix;      /* "exam\x1f" "document" → sitting */
    old_seat *v;
    long n, cap;
} loaded;

static int key_of(char *buf, size_t n, const char *exam, const char *doc)
{
    int k = snprintf(buf, n, "%s\x1f%s", exam, doc);
    return k > 0 && (size_t)k < n ? k : -1;
}

static int on_seating(void *ctx, const store_seating *r, at_error *err)
{
    loaded *l = ctx;
    if (l->n == l->cap) {
        long nc = l->cap ? l->cap * 2 : 1024;
        old_seat *nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv)
            return at_fail(err, AT_ENOMEM, "seat", "out of memory");
        l->v = nv, l->cap = nc;
    }
    l->v[l->n++] = (old_seat){sd_strdup(l->d, r->exam), sd_strdup(l->d, r->document), sd_strdup(l->d, r->point),
                              sd_strdup(l->d, r->room), r->seat};
    return AT_OK;
}

static int find_room(const sd_day *d, const char *point, const char *number)
{
    int p = sd_find(d->point_ix, point);
    if (p < 0)
        return -1;
    const sd_point *pt = &d->points[p];
    for (int i = pt->room0; i < pt->room0 + pt->nrooms; i++)
        if (strcmp(d->rooms[i].number, number) == 0)
            return i;
    return -1;
}

int seat_replan(store *s, const char *date, const char *reason, seat_moves *moves, seat_summary *sum,
                seat_shortages *sh, at_error *err)
{
    memset(sum, 0, sizeof *sum);
    store_seat_run run;
    int rc = store_seat_run_get(s, date, &run, err);
    if (rc != AT_OK)
        return rc;
    char scheme[32], seedtxt[32];
    snprintf(scheme, sizeof scheme, "%s", run.scheme);
    snprintf(seedtxt, sizeof seedtxt, "%s", run.seed);
    int replan_no = run.replans + 1;
    sd_day d;
    loaded l = {&d, NULL, NULL, 0, 0};
    ss_state st = {0};
    long *todo = NULL;
    bool *kept = NULL;
    if ((rc = sd_load(s, date, scheme, &d, err)) != AT_OK)
        goto out;
    if ((rc = store_seat_seatings(s, date, on_seating, &l, err)) != AT_OK)
        goto out;
    l.sit_ix = hashset_new();
    todo = malloc(((size_t)d.nsit + 1) * sizeof *todo);
    kept = calloc((size_t)l.n + 1, sizeof *kept);
    seat_options o = {.date = date, .seed = strtoull(seedtxt, NULL, 10), .scheme = scheme};
    if (!l.sit_ix || !todo || !kept || ss_init(&st, &d, &o, sum, sh) != AT_OK) {
        rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
        goto out;
    }
    st.replan = true;
    st.taken = calloc((size_t)d.nrooms + 1, sizeof *st.taken);
    if (!st.taken) {
        rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
        goto out;
    }
    char key[512];
    for (long i = 0; i < d.nsit; i++) {
        int k = key_of(key, sizeof key, d.exams[d.sit[i].exam].code, d.sit[i].document);
        if (k > 0)
            hashset_add(l.sit_ix, key, (size_t)k, i, NULL);
    }
    /* who keeps a seat: the sitting still exists, the room is open */
    for (long j = 0; j < l.n; j++) {
        const old_seat *os = &l.v[j];
        int k = key_of(key, sizeof key, os->exam, os->document);
        long si;
        if (k < 0 || !hashset_get(l.sit_ix, key, (size_t)k, &si))
            continue; /* no longer a sitting: unseated below */
        int r = find_room(&d, os->point, os->room);
        if (r < 0 || d.rooms[r].closed || d.points[d.rooms[r].point].closed)
            continue; /* displaced */
        sd_room *rm = &d.rooms[r];
        sd_sitting *t = &d.sit[si];
        if (!st.taken[r]) {
            int size = (rm->seats > os->seat ? rm->seats : os->seat) + 2;
            if (!(st.taken[r] = calloc((size_t)size, 1))) {
                rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
                goto out;
            }
        }
        st.taken[r][os->seat] = 1;
        rm->exam = t->exam;
        rm->ovz = t->ovzroom;
        rm->used++;
        t->room = r;
        t->seat = os->seat;
        kept[j] = true;
    }
    long ntodo = 0;
    for (long i = 0; i < d.nsit; i++)
        if (d.sit[i].room < 0)
            todo[ntodo++] = i;
    at_rng rng;
    char purpose[64];
    snprintf(purpose, sizeof purpose, "seat-replan:%s:%d", date, replan_no);
    rng_seed(&rng, o.seed, purpose);
    st.rng = &rng;
    if (ntodo > 0 && (rc = ss_place(&st, todo, ntodo)) != AT_OK) {
        rc = at_fail(err, rc, "seat", "out of memory");
        goto out;
    }
    if (sh->n > 0) {
        rc = at_fail(err, AT_EINPUT, date, "%zu shortage%s: nothing was changed", sh->n, sh->n == 1 ? "" : "s");
        goto out;
    }
    ss_finish_summary(&st);
    sum->sittings = d.nsit;
    sum->exams = d.nexams;
    moves->replan = replan_no;
    /* the moves: unseated, displaced → new seat, newly seated */
    hashset *had = hashset_new();
    if (!had) {
        rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
        goto out;
    }
    for (long j = 0; j < l.n && rc == AT_OK; j++) {
        const old_seat *os = &l.v[j];
        if (kept[j])
            continue;
        int k = key_of(key, sizeof key, os->exam, os->document);
        long si;
        if (k > 0 && hashset_get(l.sit_ix, key, (size_t)k, &si)) {
            const sd_sitting *t = &d.sit[si];
            const sd_room *r = &d.rooms[t->room];
            hashset_add(had, key, (size_t)k, si, NULL);
            rc = add_move(moves, os->exam, os->document, os->point, os->room, os->seat, d.points[r->point].code,
                          r->number, t->seat);
        } else {
            rc = add_move(moves, os->exam, os->document, os->point, os->room, os->seat, NULL, NULL, 0);
        }
    }
    for (long q = 0; q < ntodo && rc == AT_OK; q++) {
        const sd_sitting *t = &d.sit[todo[q]];
        int k = key_of(key, sizeof key, d.exams[t->exam].code, t->document);
        if (k > 0 && hashset_contains(had, key, (size_t)k))
            continue;
        const sd_room *r = &d.rooms[t->room];
        rc = add_move(moves, d.exams[t->exam].code, t->document, NULL, NULL, 0, d.points[r->point].code, r->number,
                      t->seat);
    }
    hashset_free(had);
    if (rc != AT_OK) {
        rc = at_fail(err, AT_ENOMEM, "seat", "out of memory");
        goto out;
    }
    /* write: one transaction */
    if ((rc = store_begin(s, err)) != AT_OK)
        goto out;
    store_seat_writer *w = NULL;
    store_seat_run keep = {.date = date, .seed = seedtxt, .scheme = scheme};
    rc = store_seat_write_begin(s, &keep, false, &w, err);
    for (size_t i = 0; i < moves->n && rc == AT_OK; i++) {
        const seat_move *m = &moves->v[i];
        if (m->from_point)
            rc = store_seat_unseat(w, m->exam, m->document, err);
    }
    for (size_t i = 0; i < moves->n && rc == AT_OK; i++) {
        const seat_move *m = &moves->v[i];
        store_seat_move lg = {reason, m->exam, m->document, m->from_point, m->from_room, m->to_point, m->to_room,
                              m->from_seat, m->to_seat};
        if (m->to_point) {
            store_seating row = {m->exam, m->document, m->to_point, m->to_room, m->to_seat};
            rc = store_seat_write(w, &row, err);
        }
        if (rc == AT_OK)
            rc = store_seat_move_log(w, replan_no, &lg, err);
    }
    if (rc == AT_OK)
        rc = store_seat_write_finish(w, err);
    store_seat_write_end(w);
    int got = 0;
    if (rc == AT_OK && moves->n > 0)
        rc = store_seat_run_replanned(s, date, sum->seated, sum->travel_km, &got, err);
    if (rc == AT_OK)
        rc = store_log_change(s, "seat replan", "seatings", date, reason, (long)moves->n, 0, 0, err);
    if (rc == AT_OK)
        rc = store_commit(s, err);
    else
        store_rollback(s);
out:
    if (st.taken)
        for (int r = 0; r < d.nrooms; r++)
            free(st.taken[r]);
    free(st.taken);
    st.taken = NULL;
    if (st.d)
        ss_free(&st);
    hashset_free(l.sit_ix);
    free(l.v);
    free(todo);
    free(kept);
    sd_free(&d);
    return rc;
}
