/* seat_day.c — loading an exam day into memory (see seat_day.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seat_day.h"
#include "store/store_seat.h"

/* ---- a string arena: a national day holds a million documents ---- */
#define ARENA_CHUNK (1 << 20)
struct sd_arena {
    struct sd_arena *next;
    size_t used, cap;
    char data[];
};

const char *sd_strdup(sd_day *d, const char *s)
{
    size_t n = strlen(s) + 1;
    sd_arena *a = d->arena;
    if (!a || a->used + n > a->cap) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        sd_arena *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = a, b->used = 0, b->cap = cap;
        d->arena = a = b;
    }
    char *p = a->data + a->used;
    memcpy(p, s, n);
    a->used += n;
    return p;
}

int sd_find(const hashset *h, const char *key)
{
    long v;
    return key && *key && hashset_get(h, key, strlen(key), &v) ? (int)v : -1;
}

static int add_index(hashset *h, const char *key, long v, const char *what, at_error *err)
{
    if (!hashset_add(h, key, strlen(key), v, NULL))
        return at_fail(err, AT_EINTERNAL, what, "duplicate code %s", key);
    return AT_OK;
}

static bool grow(void **v, long *cap, long need, size_t elem)
{
    if (need <= *cap)
        return true;
    long nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *nv = realloc(*v, (size_t)nc * elem);
    if (!nv)
        return false;
    *v = nv;
    *cap = nc;
    return true;
}

static int muni_of(sd_day *d, const char *code, at_error *err)
{
    if (!code || !*code)
        return -1;
    int m = sd_find(d->muni_ix, code);
    if (m >= 0)
        return m;
    if (!grow((void **)&d->munis, &d->capmunis, d->nmunis + 1, sizeof *d->munis))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory"), -2;
    const char *c = sd_strdup(d, code);
    if (!c || add_index(d->muni_ix, c, d->nmunis, "municipalities", err) != AT_OK)
        return -2;
    d->munis[d->nmunis] = c;
    return d->nmunis++;
}

typedef struct {
    sd_day *d;
    long cap;
} loader;

static int on_school(void *ctx, const store_school_row *r, at_error *err)
{
    loader *l = ctx;
    sd_day *d = l->d;
    if (!grow((void **)&d->schools, &l->cap, d->nschools + 1, sizeof *d->schools))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    int m = muni_of(d, r->municipality, err);
    if (m < -1)
        return err->code;
    sd_school *s = &d->schools[d->nschools];
    *s = (sd_school){sd_strdup(d, r->code), m, r->lat, r->lon, {0, 0, 0, 0, 0}, r->located};
    sd_geo_of(r->lat, r->lon, &s->geo);
    return add_index(d->school_ix, s->code, d->nschools++, "schools", err);
}

static int point_kind(const char *k)
{
    return strcmp(k, "home") == 0 ? PK_HOME : strcmp(k, "hospital") == 0 ? PK_HOSPITAL
           : strcmp(k, "penitentiary") == 0 ? PK_PENITENTIARY : PK_REGULAR;
}

static int on_point(void *ctx, const store_point_row *r, at_error *err)
{
    loader *l = ctx;
    sd_day *d = l->d;
    if (!grow((void **)&d->points, &l->cap, d->npoints + 1, sizeof *d->points))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    int m = muni_of(d, r->municipality, err);
    if (m < -1)
        return err->code;
    sd_point *p = &d->points[d->npoints];
    *p = (sd_point){sd_strdup(d, r->code), m, sd_find(d->school_ix, r->base_school), point_kind(r->kind),
                    r->lat, r->lon, {0, 0, 0, 0, 0}, r->located, false, 0, 0};
    sd_geo_of(r->lat, r->lon, &p->geo);
    return add_index(d->point_ix, p->code, d->npoints++, "exam points", err);
}

static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, word, n) == 0)
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

static int on_room(void *ctx, const store_room_row *r, at_error *err)
{
    loader *l = ctx;
    sd_day *d = l->d;
    int p = sd_find(d->point_ix, r->point);
    if (p < 0)
        return AT_OK;
    if (!grow((void **)&d->rooms, &l->cap, d->nrooms + 1, sizeof *d->rooms))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    unsigned f = (has_word(r->features, "computer") ? RF_COMPUTER : 0) |
                 (has_word(r->features, "speaking") ? RF_SPEAKING : 0) |
                 (has_word(r->features, "accessible") ? RF_ACCESSIBLE : 0);
    sd_point *pt = &d->points[p];
    if (pt->nrooms == 0)
        pt->room0 = d->nrooms;
    pt->nrooms++;
    d->rooms[d->nrooms++] = (sd_room){p, sd_strdup(d, r->number), r->seats, f, false, -1, 0, false};
    return AT_OK;
}

static int on_closure(void *ctx, const char *point, const char *room, const char *reason, at_error *err)
{
    sd_day *d = ctx;
    int p = sd_find(d->point_ix, point);
    if (p < 0)
        return AT_OK;
    sd_point *pt = &d->points[p];
    if (!*room) {
        pt->closed = true;
        return AT_OK;
    }
    for (int i = pt->room0; i < pt->room0 + pt->nrooms; i++)
        if (strcmp(d->rooms[i].number, room) == 0)
            d->rooms[i].closed = true;
    return AT_OK;
}

static int on_exam(void *ctx, const store_exam_row *r, at_error *err)
{
    loader *l = ctx;
    sd_day *d = l->d;
    if (!grow((void **)&d->exams, &l->cap, d->nexams + 1, sizeof *d->exams))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    const rule_profile *prof = r->grade == 9 ? d->prof9 : d->prof11;
    if (!prof)
        return at_fail(err, AT_EINPUT, r->code, "no rule profile for grade %d in this database", r->grade);
    int rk = strcmp(r->room_kind, "computer") == 0 ? RK_COMPUTER
             : strcmp(r->room_kind, "speaking") == 0 ? RK_SPEAKING : RK_REGULAR;
    sd_exam *e = &d->exams[d->nexams];
    *e = (sd_exam){sd_strdup(d, r->code), sd_strdup(d, r->subject), sd_strdup(d, r->form), r->grade, rk, prof};
    return add_index(d->exam_ix, e->code, d->nexams++, "exams", err);
}

static int on_sitting(void *ctx, const store_sitting *r, at_error *err)
{
    loader *l = ctx;
    sd_day *d = l->d;
    if (!grow((void **)&d->sit, &d->capsit, d->nsit + 1, sizeof *d->sit))
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    int e = sd_find(d->exam_ix, r->exam);
    int sc = sd_find(d->school_ix, r->school);
    if (e < 0)
        return AT_OK;
    const char *c = r->conditions;
    int pk = has_word(c, "home") ? PK_HOME : has_word(c, "hospital") ? PK_HOSPITAL
             : strcmp(r->category, "penitentiary") == 0 ? PK_PENITENTIARY : PK_REGULAR;
    bool other = false;
    static const char *const needs[] = {"extended_time", "separate_room", "assistant", "large_print", "braille",
                                        "sign_language", "computer", "oral_form", NULL};
    for (int i = 0; needs[i]; i++)
        other = other || has_word(c, needs[i]);
    const char *doc = sd_strdup(d, r->document);
    if (!doc)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    d->sit[d->nsit++] = (sd_sitting){doc, e, sc, sc >= 0 ? d->schools[sc].muni : -1, pk, r->ovz && other,
                                     has_word(c, "assistant"), -1, 0};
    return AT_OK;
}

/* The order sittings are distributed in (and written in, replayed from a seed):
 * exam, school, document — exam and school indexes follow their codes. */
static int cmp_document(const void *a, const void *b)
{
    return strcmp(((const sd_sitting *)a)->document, ((const sd_sitting *)b)->document);
}

/* Sorts the sittings by cmp_loaded: counted into (exam, school) groups, then
 * each group (a school's participants of an exam) by document. */
static int sort_loaded(sd_day *d, at_error *err)
{
    size_t per = (size_t)d->nschools + 1, nkeys = (size_t)d->nexams * per;
    long *next = calloc(nkeys + 1, sizeof *next);
    sd_sitting *out = malloc(((size_t)d->nsit + 1) * sizeof *out);
    if (!next || !out) {
        free(next), free(out);
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    }
#define KEY(t) ((size_t)(t)->exam * per + (size_t)((t)->school + 1))
    for (long i = 0; i < d->nsit; i++)
        next[KEY(&d->sit[i]) + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        next[k + 1] += next[k];
    for (long i = 0; i < d->nsit; i++)
        out[next[KEY(&d->sit[i])]++] = d->sit[i];
#undef KEY
    /* next[k] is now the end of group k */
    long from = 0;
    for (size_t k = 0; k < nkeys; k++) {
        long to = next[k];
        if (to - from > 1)
            qsort(out + from, (size_t)(to - from), sizeof *out, cmp_document);
        from = to;
    }
    free(next);
    free(d->sit);
    d->sit = out;
    d->capsit = d->nsit + 1;
    return AT_OK;
}

static int on_scheme(void *ctx, const char *muni, const char *point, at_error *err)
{
    sd_day *d = ctx;
    int m = sd_find(d->muni_ix, muni), p = sd_find(d->point_ix, point);
    if (m < 0 || p < 0)
        return AT_OK;
    int *nv = realloc(d->allowed[m], (size_t)(d->nallowed[m] + 1) * sizeof *nv);
    if (!nv)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    d->allowed[m] = nv;
    nv[d->nallowed[m]++] = p;
    return AT_OK;
}

static int load_profile(store *s, int grade, rule_profile **out, at_error *err)
{
    char *json = NULL;
    *out = NULL;
    int rc = store_profile_get(s, grade, &json, err);
    if (rc == AT_ENOTFOUND) {
        *err = (at_error){0};
        return AT_OK;
    }
    if (rc == AT_OK)
        rc = rules_parse(json, strlen(json), "stored profile", out, err);
    free(json);
    return rc;
}

int sd_load(store *s, const char *date, const char *scheme, sd_day *d, at_error *err)
{
    memset(d, 0, sizeof *d);
    d->date = date;
    d->scheme = scheme;
    d->school_ix = hashset_new();
    d->point_ix = hashset_new();
    d->exam_ix = hashset_new();
    d->muni_ix = hashset_new();
    if (!d->school_ix || !d->point_ix || !d->exam_ix || !d->muni_ix)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    int rc;
    loader l = {d, 0};
    if ((rc = load_profile(s, 9, &d->prof9, err)) || (rc = load_profile(s, 11, &d->prof11, err)))
        return rc;
    if ((rc = store_seat_schools(s, on_school, &l, err)))
        return rc;
    l.cap = 0;
    if ((rc = store_seat_points(s, on_point, &l, err)))
        return rc;
    l.cap = 0;
    if ((rc = store_seat_rooms(s, on_room, &l, err)) || (rc = store_seat_closures(s, date, on_closure, d, err)))
        return rc;
    l.cap = 0;
    if ((rc = store_seat_exams(s, date, on_exam, &l, err)))
        return rc;
    if ((rc = store_seat_sittings(s, date, on_sitting, &l, err)))
        return rc;
    if ((rc = sort_loaded(d, err)) != AT_OK)
        return rc;
    d->allowed = calloc((size_t)d->nmunis + 1, sizeof *d->allowed);
    d->nallowed = calloc((size_t)d->nmunis + 1, sizeof *d->nallowed);
    if (!d->allowed || !d->nallowed)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    if (strcmp(scheme, "table") == 0 && (rc = store_seat_scheme(s, on_scheme, d, err)))
        return rc;
    if (strcmp(scheme, "region") != 0) {
        /* municipalities without table rows (or the municipal scheme): their own points */
        bool *from_table = calloc((size_t)d->nmunis + 1, 1);
        if (!from_table)
            return at_fail(err, AT_ENOMEM, "seat", "out of memory");
        for (int m = 0; m < d->nmunis; m++)
            from_table[m] = d->nallowed[m] > 0;
        for (int p = 0; p < d->npoints && rc == AT_OK; p++) {
            int m = d->points[p].muni;
            if (m < 0 || from_table[m])
                continue;
            rc = on_scheme(d, d->munis[m], d->points[p].code, err);
        }
        free(from_table);
    }
    return rc;
}

void sd_free(sd_day *d)
{
    while (d->arena) {
        sd_arena *n = d->arena->next;
        free(d->arena);
        d->arena = n;
    }
    for (int m = 0; d->allowed && m < d->nmunis; m++)
        free(d->allowed[m]);
    free(d->allowed);
    free(d->nallowed);
    free(d->schools);
    free(d->points);
    free(d->rooms);
    free(d->exams);
    free(d->sit);
    free(d->munis);
    hashset_free(d->school_ix);
    hashset_free(d->point_ix);
    hashset_free(d->exam_ix);
    hashset_free(d->muni_ix);
    rules_free(d->prof9);
    rules_free(d->prof11);
    memset(d, 0, sizeof *d);
}

int sd_room_cap(const sd_day *d, const sd_room *r, const sd_exam *e, bool ovz)
{
    int lim = ovz ? e->prof->ovz_room_max_participants : e->prof->room_max_participants;
    return r->seats < lim ? r->seats : lim;
}

bool sd_room_fits(const sd_room *r, const sd_exam *e, bool ovz)
{
    if (r->closed)
        return false;
    if (e->room_kind == RK_COMPUTER && !(r->feat & RF_COMPUTER))
        return false;
    if (e->room_kind == RK_SPEAKING && !(r->feat & RF_SPEAKING))
        return false;
    return !ovz || (r->feat & RF_ACCESSIBLE);
}

bool sd_point_allowed(const sd_day *d, const sd_sitting *t, int point)
{
    const sd_point *p = &d->points[point];
    if (p->closed || p->kind != t->pkind)
        return false;
    /* own-school rules are about ordinary points: a home, hospital or
     * penitentiary point is where the participant has to be */
    if (p->kind != PK_REGULAR)
        return true;
    const rule_logistics *lg = &d->exams[t->exam].prof->logistics;
    if (lg->not_own_school && t->school >= 0 && p->base_school == t->school)
        return false;
    if (lg->only_own_school && (t->school < 0 || p->base_school != t->school))
        return false;
    return true;
}

#define DEG_RAD (M_PI / 180.0)

void sd_geo_of(double lat, double lon, sd_geo *g)
{
    double hlat = lat * DEG_RAD / 2, hlon = lon * DEG_RAD / 2;
    *g = (sd_geo){sin(hlat), cos(hlat), sin(hlon), cos(hlon), cos(lat * DEG_RAD)};
}

double sd_hav(const sd_geo *a, const sd_geo *b)
{
    /* sin((x2 - x1) / 2) = sin(x2/2) cos(x1/2) - cos(x2/2) sin(x1/2) */
    double sa = b->sin_hlat * a->cos_hlat - b->cos_hlat * a->sin_hlat;
    double so = b->sin_hlon * a->cos_hlon - b->cos_hlon * a->sin_hlon;
    double h = sa * sa + a->cos_lat * b->cos_lat * so * so;
    return h < 0 ? 0 : h < 1 ? h : 1;
}

double sd_hav_m(double hav)
{
    const double R = 6371000.0;
    return 2 * R * asin(sqrt(hav));
}

double seat_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    sd_geo a, b;
    sd_geo_of(lat1, lon1, &a);
    sd_geo_of(lat2, lon2, &b);
    return sd_hav_m(sd_hav(&a, &b));
}
