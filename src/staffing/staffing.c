/* staffing.c — the staff distribution of an exam day as a min-cost flow.
 *
 * People are grouped into eligibility classes (territory, school, roles, token,
 * which of the day's subjects they teach, posts held before): members of a
 * class are interchangeable, so the graph has one node per class, not per
 * person; the class key holds only what matters for some demand of the day.
 * Demands are grouped per point and post (organizers per point and the
 * subject set of their rooms). Hubs keep the arc count linear:
 *   source → class (capacity = members, cost = earlier posts)
 *          → hub (territory, post)  or  organizer hub (territory, school, subjects)
 *            → segment tree of hubs over the territory's organizer demands of
 *              those subjects (arcs to the nodes covering the gaps between the
 *              points where the school's pupils sit)
 *          → demand (point, post[, subjects]) → sink (capacity = posts needed)
 * plus a shortage arc source → demand at a cost no real path can reach, so the
 * solver always finds a flow: with no shortage used it is an optimal staffing;
 * otherwise the real part is a maximum flow, and the nodes that can still reach
 * the sink in its residual graph form sets of posts whose eligible people are
 * all used up (Hall's condition fails there): those are reported. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashset.h"
#include "core/rng.h"
#include "flow/mcf.h"
#include "staffing/staffing.h"

#define MAX_SUBJECTS 64  /* distinct exam subjects on one date (bits of a mask) */

static const char *const post_names[STAFFING_NPOSTS] = {"ppe_head", "gek", "technical", "medical",
                                                        "organizer", "assistant"};

const char *staffing_post_name(staffing_post_kind k)
{
    return k < STAFFING_NPOSTS ? post_names[k] : "?";
}

unsigned staffing_roles_parse(const char *roles)
{
    unsigned bits = 0;
    const char *p = roles ? roles : "";
    while (*p) {
        size_t len = strcspn(p, ";,");
        for (int k = 0; k < STAFFING_NPOSTS; k++)
            if (strlen(post_names[k]) == len && strncmp(p, post_names[k], len) == 0)
                bits |= 1u << k;
        p += len;
        if (*p)
            p++;
    }
    return bits;
}

static int imax(int a, int b) { return a > b ? a : b; }

void staffing_needs_merge(staffing_needs *n, const rule_logistics *l)
{
    n->heads = imax(n->heads, l->point_heads);
    n->gek = imax(n->gek, l->point_gek_min);
    n->gek_token = imax(n->gek_token, l->point_gek_token_min);
    n->technical = imax(n->technical, l->point_technical_min);
    n->medical = imax(n->medical, l->point_medical_min);
    n->room_organizers = imax(n->room_organizers, l->room_organizers_min);
    n->room_assistants = imax(n->room_assistants, l->ovz_room_assistants_min);
    n->not_subject_teacher = n->not_subject_teacher || l->organizer_not_subject_teacher;
    n->not_teacher_of_seated = n->not_teacher_of_seated || l->organizer_not_teacher_of_seated;
    n->reserve_percent = imax(n->reserve_percent, l->materials_reserve_percent);
    n->reserve_min = imax(n->reserve_min, l->materials_reserve_min);
    if (n->gek < n->gek_token)
        n->gek = n->gek_token;
}

long staffing_reserve(long n, int percent, int min)
{
    long r = (n * percent + 99) / 100;
    return r > min ? r : min;
}

/* ---- growable arrays ---- */

#define VEC_PUSH(arr, n, cap, val)                                                  \
    do {                                                                            \
        if ((n) == (cap)) {                                                         \
            size_t nc_ = (cap) ? (cap) * 2 : 16;                                    \
            void *np_ = realloc((arr), nc_ * sizeof *(arr));                        \
            if (!np_)                                                               \
                goto nomem;                                                         \
            (arr) = np_;                                                            \
            (cap) = nc_;                                                            \
        }                                                                           \
        (arr)[(n)++] = (val);                                                       \
    } while (0)

/* Demand kinds: the point-level posts split ГЭК into token holders and others. */
enum { DK_HEAD, DK_GEKTOK, DK_GEK, DK_TECH, DK_MED, DK_ASSIST, DK_POINTKINDS, DK_ORG = DK_POINTKINDS };

static const staffing_post_kind dk_post[] = {STAFFING_HEAD, STAFFING_GEK, STAFFING_GEK, STAFFING_TECHNICAL,
                                             STAFFING_MEDICAL, STAFFING_ASSISTANT, STAFFING_ORGANIZER};

typedef struct {
    int terr;          /* municipality index, -1: anywhere */
    int school;        /* -1: none */
    unsigned roles;
    bool token;
    uint64_t taught;   /* bits of the day's subjects */
    int prior;
    size_t *members;
    size_t n, cap, used;
    int node;
} cls;

typedef struct {
    size_t point;
    int kind;          /* DK_* */
    uint64_t mask;     /* DK_ORG: subjects of its rooms (0 when not excluded) */
    long need;
    int node;
    int64_t arc_sink, arc_short;
    size_t pos_terr, pos_all;  /* DK_ORG: place in its municipality's / all points' organizer span */
    size_t *got;       /* people assigned */
    size_t ngot, capgot;
} demand;

typedef struct {
    int node;
    int kind;          /* DK_* (DK_ORG: organizer hub) */
    int rank;          /* hubs feed only hubs of a higher rank: the order to decompose the flow */
    int64_t *out;      /* arcs out */
    size_t nout, capout;
    size_t *qcls;      /* inflow queue: class, count */
    long *qcnt;
    size_t nq, capq, qhead;
} hub;

/* The organizer demands of one mask in the points a territory spans (all
 * points for territory -1), in point order, under a segment tree of hubs: a
 * school's organizers reach every point of the span except the few where its
 * own pupils sit through O(log n) tree hubs per gap, instead of one arc per
 * point (which made the national day's graph 30 million arcs). */
typedef struct {
    bool built;
    size_t n;
    size_t *dem;       /* demand indices */
    int *tnode;        /* graph node of tree node idx (root 1, children 2idx, 2idx+1) */
} orgspan;

typedef struct {
    int from, to;
    int64_t cap;
} arc;

typedef struct {
    const staffing_input *in;
    int nmunis, nschools, nsubjects;
    hashset *munis, *schools, *subjects;
    int *point_muni;
    int **point_seated;        /* sorted school indices, per point */
    size_t *point_nseated;
    size_t **school_points;    /* per school: the points where its pupils sit (not_teacher_of_seated ones) */
    size_t *school_npoints;
    uint64_t org_masks;        /* union of the organizer demands' masks */
    int *person_school, *person_muni;  /* indices, -1: none */
    uint64_t *room_mask;
    cls *classes;
    size_t nclasses, capclasses;
    size_t **terr_classes;     /* per terr+1 */
    size_t *terr_nclasses, *terr_capclasses;
    size_t **terr_points;      /* per municipality: points */
    size_t *terr_npoints, *terr_cappoints;
    demand *dem;
    size_t ndem, capdem;
    size_t *point_first_dem, *point_ndem;
    hub *hubs;
    size_t nhubs, caphubs;
    arc *arcs;
    size_t narcs, caparcs;
    int nnodes;
    long total_need;
} model;

static int strindex(hashset *h, const char *s, int *count)
{
    long first;
    if (hashset_add(h, s, strlen(s), *count, &first))
        return (*count)++;
    return (int)first;
}

static int strfind(const hashset *h, const char *s, int n_unused)
{
    (void)n_unused;
    return hashset_contains(h, s, strlen(s)) ? 0 : -1;
}

static int64_t add_arc(model *m, int from, int to, int64_t cap)
{
    arc a = {from, to, cap};
    VEC_PUSH(m->arcs, m->narcs, m->caparcs, a);
    return (int64_t)m->narcs - 1;
nomem:
    return -1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool seated_has(const model *m, size_t p, int school)
{
    if (school < 0)
        return false;
    return bsearch(&school, m->point_seated[p], m->point_nseated[p], sizeof(int), cmp_int) != NULL;
}

static uint64_t subject_mask(model *m, const char *list)
{
    uint64_t mask = 0;
    const char *p = list ? list : "";
    char buf[128];
    while (*p) {
        size_t len = strcspn(p, ";,");
        if (len > 0 && len < sizeof buf) {
            memcpy(buf, p, len);
            buf[len] = 0;
            long idx;
            if (!hashset_add(m->subjects, buf, len, -1, &idx) && idx >= 0)
                mask |= (uint64_t)1 << idx;
        }
        p += len;
        if (*p)
            p++;
    }
    return mask;
}

/* Eligibility of a class for a demand, straight from the rules (used for the
 * local explanation; the graph encodes the same through its hubs). */
static bool eligible(const model *m, const cls *c, const demand *d)
{
    const staffing_point *pt = &m->in->points[d->point];
    if (c->terr >= 0 && c->terr != m->point_muni[d->point])
        return false;
    staffing_post_kind post = dk_post[d->kind];
    if (!(c->roles & (1u << post)))
        return false;
    if (d->kind == DK_GEKTOK && !c->token)
        return false;
    if (d->kind == DK_ORG) {
        if (c->taught & d->mask)
            return false;
        if (pt->needs.not_teacher_of_seated && seated_has(m, d->point, c->school))
            return false;
    }
    return true;
}

static void model_free(model *m)
{
    if (m->munis)
        hashset_free(m->munis);
    if (m->schools)
        hashset_free(m->schools);
    if (m->subjects)
        hashset_free(m->subjects);
    for (size_t p = 0; m->point_seated && p < m->in->npoints; p++)
        free(m->point_seated[p]);
    free(m->point_seated);
    free(m->point_nseated);
    for (int i = 0; m->school_points && i < m->nschools; i++)
        free(m->school_points[i]);
    free(m->school_points);
    free(m->school_npoints);
    free(m->person_school);
    free(m->person_muni);
    free(m->point_muni);
    free(m->room_mask);
    for (size_t i = 0; i < m->nclasses; i++)
        free(m->classes[i].members);
    free(m->classes);
    for (int t = 0; m->terr_classes && t <= m->nmunis; t++)
        free(m->terr_classes[t]);
    free(m->terr_classes);
    free(m->terr_nclasses);
    free(m->terr_capclasses);
    for (int t = 0; m->terr_points && t < m->nmunis; t++)
        free(m->terr_points[t]);
    free(m->terr_points);
    free(m->terr_npoints);
    free(m->terr_cappoints);
    for (size_t i = 0; i < m->ndem; i++)
        free(m->dem[i].got);
    free(m->dem);
    free(m->point_first_dem);
    free(m->point_ndem);
    for (size_t i = 0; i < m->nhubs; i++) {
        free(m->hubs[i].out);
        free(m->hubs[i].qcls);
        free(m->hubs[i].qcnt);
    }
    free(m->hubs);
    free(m->arcs);
}

/* ---- building the model ---- */

static int build_index(model *m, at_error *err)
{
    const staffing_input *in = m->in;
    m->munis = hashset_new();
    m->schools = hashset_new();
    m->subjects = hashset_new();
    if (!m->munis || !m->schools || !m->subjects)
        goto nomem;
    /* The day's subjects, in room order. */
    for (size_t r = 0; r < in->nrooms; r++)
        for (size_t j = 0; j < in->rooms[r].nsubjects; j++) {
            const char *s = in->rooms[r].subjects[j];
            long first;
            if (hashset_add(m->subjects, s, strlen(s), m->nsubjects, &first)) {
                if (m->nsubjects == MAX_SUBJECTS)
                    return at_fail(err, AT_EINPUT, "staffing", "more than %d exam subjects on one date",
                                   MAX_SUBJECTS);
                m->nsubjects++;
            }
        }
    m->room_mask = calloc(in->nrooms + 1, sizeof *m->room_mask);
    m->point_muni = calloc(in->npoints + 1, sizeof *m->point_muni);
    m->point_seated = calloc(in->npoints + 1, sizeof *m->point_seated);
    m->point_nseated = calloc(in->npoints + 1, sizeof *m->point_nseated);
    if (!m->room_mask || !m->point_muni || !m->point_seated || !m->point_nseated)
        goto nomem;
    for (size_t r = 0; r < in->nrooms; r++)
        for (size_t j = 0; j < in->rooms[r].nsubjects; j++)
            m->room_mask[r] |= subject_mask(m, in->rooms[r].subjects[j]);
    for (size_t p = 0; p < in->npoints; p++)
        m->point_muni[p] = strindex(m->munis, in->points[p].municipality, &m->nmunis);
    m->person_school = malloc((in->npeople + 1) * sizeof *m->person_school);
    m->person_muni = malloc((in->npeople + 1) * sizeof *m->person_muni);
    if (!m->person_school || !m->person_muni)
        goto nomem;
    /* People of one school mostly follow each other: the last index is
     * reused. Else a person's municipality is most often that of the last
     * person seen at the same school: kept per school, it spares a lookup. */
    const char *last_school = NULL, *last_muni = NULL;
    int last_si = -1, last_mi = -1;
    const char **sm_name = NULL;
    int *sm_index = NULL;
    size_t sm_cap = 0;
    for (size_t i = 0; i < in->npeople; i++) {
        const char *sc = in->people[i].school, *mu = in->people[i].municipality;
        bool new_school = sc && !(last_school && strcmp(sc, last_school) == 0);
        if (new_school)
            last_si = strindex(m->schools, sc, &m->nschools), last_school = sc;
        if (sc && (size_t)last_si >= sm_cap) {
            size_t nc = sm_cap ? sm_cap * 2 : 1024;
            while (nc <= (size_t)last_si)
                nc *= 2;
            const char **nn = realloc(sm_name, nc * sizeof *nn);
            if (nn)
                sm_name = nn;
            int *ni = nn ? realloc(sm_index, nc * sizeof *ni) : NULL;
            if (!nn || !ni) {
                free(sm_name), free(sm_index);
                goto nomem;
            }
            sm_index = ni;
            for (size_t k = sm_cap; k < nc; k++)
                sm_name[k] = NULL, sm_index[k] = -1;
            sm_cap = nc;
        }
        if (mu && !(last_muni && (mu == last_muni || strcmp(mu, last_muni) == 0))) {
            const char *seen = sc ? sm_name[last_si] : NULL;
            if (seen && (seen == mu || strcmp(seen, mu) == 0))
                last_mi = sm_index[last_si];
            else
                last_mi = strindex(m->munis, mu, &m->nmunis);
            last_muni = mu;
        }
        if (sc && mu)
            sm_name[last_si] = mu, sm_index[last_si] = last_mi;
        m->person_school[i] = sc ? last_si : -1;
        m->person_muni[i] = mu ? last_mi : -1;
    }
    free(sm_name);
    free(sm_index);
    /* Seated schools: only those some person works at matter. */
    for (size_t p = 0; p < in->npoints; p++) {
        const staffing_point *pt = &in->points[p];
        m->point_seated[p] = malloc((pt->nseated + 1) * sizeof(int));
        if (!m->point_seated[p])
            goto nomem;
        size_t n = 0;
        for (size_t j = 0; j < pt->nseated; j++) {
            const char *s = pt->seated_schools[j];
            if (s && strfind(m->schools, s, 0) == 0)
                m->point_seated[p][n++] = strindex(m->schools, s, &m->nschools);
        }
        qsort(m->point_seated[p], n, sizeof(int), cmp_int);
        m->point_nseated[p] = n;
    }
    m->terr_points = calloc((size_t)m->nmunis + 1, sizeof *m->terr_points);
    m->terr_npoints = calloc((size_t)m->nmunis + 1, sizeof *m->terr_npoints);
    m->terr_cappoints = calloc((size_t)m->nmunis + 1, sizeof *m->terr_cappoints);
    m->terr_classes = calloc((size_t)m->nmunis + 2, sizeof *m->terr_classes);
    m->terr_nclasses = calloc((size_t)m->nmunis + 2, sizeof *m->terr_nclasses);
    m->terr_capclasses = calloc((size_t)m->nmunis + 2, sizeof *m->terr_capclasses);
    if (!m->terr_points || !m->terr_npoints || !m->terr_cappoints || !m->terr_classes || !m->terr_nclasses ||
        !m->terr_capclasses)
        goto nomem;
    for (size_t p = 0; p < in->npoints; p++) {
        int t = m->point_muni[p];
        VEC_PUSH(m->terr_points[t], m->terr_npoints[t], m->terr_cappoints[t], p);
    }
    /* The inverse of point_seated, over the points where that exclusion
     * applies: a school absent from it is excluded nowhere. */
    m->school_points = calloc((size_t)m->nschools + 1, sizeof *m->school_points);
    m->school_npoints = calloc((size_t)m->nschools + 1, sizeof *m->school_npoints);
    if (!m->school_points || !m->school_npoints)
        goto nomem;
    for (size_t p = 0; p < in->npoints; p++)
        if (in->points[p].needs.not_teacher_of_seated)
            for (size_t j = 0; j < m->point_nseated[p]; j++)
                m->school_npoints[m->point_seated[p][j]]++;
    for (int sc = 0; sc < m->nschools; sc++) {
        m->school_points[sc] = malloc((m->school_npoints[sc] + 1) * sizeof **m->school_points);
        if (!m->school_points[sc])
            goto nomem;
        m->school_npoints[sc] = 0;
    }
    for (size_t p = 0; p < in->npoints; p++)
        if (in->points[p].needs.not_teacher_of_seated)
            for (size_t j = 0; j < m->point_nseated[p]; j++) {
                int sc = m->point_seated[p][j];
                m->school_points[sc][m->school_npoints[sc]++] = p;
            }
    return AT_OK;
nomem:
    return at_fail(err, AT_ENOMEM, "staffing", "out of memory");
}

/* People in a seeded random order, grouped into classes in first-seen order.
 * Each person's class is found in a first pass in the people's own order
 * (their rows and strings are read one after another, not at random), as a
 * provisional number; the pass in the random order then only numbers the
 * classes as first seen and appends members. */
static int build_classes(model *m, at_error *err)
{
    const staffing_input *in = m->in;
    size_t *order = malloc((in->npeople + 1) * sizeof *order);
    int32_t *prov = malloc((in->npeople + 1) * sizeof *prov); /* provisional class, -1: none */
    cls *proto = NULL;                                         /* by provisional number */
    int32_t *final = NULL;
    size_t nproto = 0, capproto = 0;
    hashset *keys = hashset_new(), *taught = hashset_new();
    if (!order || !prov || !keys || !taught)
        goto nomem;
    for (size_t i = 0; i < in->npeople; i++) {
        const staffing_person *ps = &in->people[i];
        prov[i] = -1;
        cls c = {0};
        c.roles = ps->roles & ((1u << STAFFING_NPOSTS) - 1);
        if (!c.roles)
            continue;
        c.school = m->person_school[i];
        c.terr = (in->anywhere || !ps->school) ? -1 : m->person_muni[i];
        if (!in->anywhere && ps->school && !ps->municipality)
            continue;  /* a school of no known municipality: no point is in its territory */
        /* Only what tells people apart for some demand of the day goes into the
         * class: the school and the subjects taught only for organizers (and
         * the school only when its pupils sit in a point that excludes their
         * teachers), the token only for ГЭК members. */
        bool org = c.roles & (1u << STAFFING_ORGANIZER);
        if (!org || c.school < 0 || m->school_npoints[c.school] == 0)
            c.school = -1;
        c.token = ps->token && (c.roles & (1u << STAFFING_GEK));
        c.taught = 0;
        if (org && ps->subjects_taught && m->org_masks) {
            long v;  /* the mask of each distinct list, parsed once */
            size_t len = strlen(ps->subjects_taught);
            if (hashset_get(taught, ps->subjects_taught, len, &v)) {
                c.taught = (uint64_t)v;
            } else {
                c.taught = subject_mask(m, ps->subjects_taught) & m->org_masks;
                hashset_add(taught, ps->subjects_taught, len, (long)c.taught, NULL);
            }
        }
        c.prior = ps->prior;
        struct {
            int terr, school, token, prior;
            unsigned roles, pad;
            uint64_t taught;
        } key;
        memset(&key, 0, sizeof key);
        key.terr = c.terr, key.school = c.school, key.token = c.token, key.prior = c.prior;
        key.roles = c.roles, key.taught = c.taught;
        long first;
        if (hashset_add(keys, (const char *)&key, sizeof key, (long)nproto, &first)) {
            c.node = -1;
            VEC_PUSH(proto, nproto, capproto, c);
            first = (long)nproto - 1;
        }
        prov[i] = (int32_t)first;
    }
    if (!(final = malloc((nproto + 1) * sizeof *final)))
        goto nomem;
    for (size_t k = 0; k < nproto; k++)
        final[k] = -1;
    for (size_t i = 0; i < in->npeople; i++)
        order[i] = i;
    at_rng r;
    rng_seed(&r, in->seed, "staffing");
    for (size_t i = in->npeople; i > 1; i--) {
        size_t j = (size_t)rng_below(&r, i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (size_t oi = 0; oi < in->npeople; oi++) {
        int32_t pc = prov[order[oi]];
        if (pc < 0)
            continue;
        if (final[pc] < 0) {
            final[pc] = (int32_t)m->nclasses;
            VEC_PUSH(m->classes, m->nclasses, m->capclasses, proto[pc]);
            int t = proto[pc].terr + 1;
            VEC_PUSH(m->terr_classes[t], m->terr_nclasses[t], m->terr_capclasses[t], m->nclasses - 1);
        }
        cls *cc = &m->classes[final[pc]];
        VEC_PUSH(cc->members, cc->n, cc->cap, order[oi]);
    }
    free(order);
    free(prov);
    free(proto);
    free(final);
    hashset_free(keys);
    hashset_free(taught);
    return AT_OK;
nomem:
    free(order);
    free(prov);
    free(proto);
    free(final);
    hashset_free(keys);
    hashset_free(taught);
    return at_fail(err, AT_ENOMEM, "staffing", "out of memory");
}

static int add_demand(model *m, size_t p, int kind, uint64_t mask, long need)
{
    if (need <= 0)
        return AT_OK;
    demand d = {.point = p, .kind = kind, .mask = mask, .need = need, .node = m->nnodes++};
    VEC_PUSH(m->dem, m->ndem, m->capdem, d);
    m->total_need += need;
    return AT_OK;
nomem:
    return AT_ENOMEM;
}

static int build_demands(model *m, at_error *err)
{
    const staffing_input *in = m->in;
    m->point_first_dem = calloc(in->npoints + 1, sizeof *m->point_first_dem);
    m->point_ndem = calloc(in->npoints + 1, sizeof *m->point_ndem);
    if (!m->point_first_dem || !m->point_ndem)
        goto nomem;
    /* Rooms by point (rooms need not be sorted by point). */
    size_t *first = calloc(in->npoints + 1, sizeof *first), *next = malloc((in->nrooms + 1) * sizeof *next);
    size_t *last = calloc(in->npoints + 1, sizeof *last);
    if (!first || !next || !last) {
        free(first);
        free(next);
        free(last);
        goto nomem;
    }
    for (size_t r = in->nrooms; r-- > 0;) {
        size_t p = in->rooms[r].point;
        next[r] = first[p];
        first[p] = r + 1;
    }
    int rc = AT_OK;
    for (size_t p = 0; p < in->npoints && rc == AT_OK; p++) {
        const staffing_needs *nd = &in->points[p].needs;
        m->point_first_dem[p] = m->ndem;
        long assist_rooms = 0;
        for (size_t r = first[p]; r; r = next[r - 1])
            assist_rooms += in->rooms[r - 1].needs_assistant;
        int gek_tok = nd->gek_token, gek_rest = nd->gek - nd->gek_token;
        rc = add_demand(m, p, DK_HEAD, 0, nd->heads);
        rc = rc ? rc : add_demand(m, p, DK_GEKTOK, 0, gek_tok);
        rc = rc ? rc : add_demand(m, p, DK_GEK, 0, gek_rest > 0 ? gek_rest : 0);
        rc = rc ? rc : add_demand(m, p, DK_TECH, 0, nd->technical);
        rc = rc ? rc : add_demand(m, p, DK_MED, 0, nd->medical);
        rc = rc ? rc : add_demand(m, p, DK_ASSIST, 0, assist_rooms * nd->room_assistants);
        /* Organizers: one demand per distinct subject set of the point's rooms. */
        size_t org_first = m->ndem;
        for (size_t r = first[p]; r && rc == AT_OK; r = next[r - 1]) {
            uint64_t mask = nd->not_subject_teacher ? m->room_mask[r - 1] : 0;
            size_t k = org_first;
            while (k < m->ndem && m->dem[k].mask != mask)
                k++;
            if (nd->room_organizers <= 0)
                continue;
            if (k < m->ndem)
                m->dem[k].need += nd->room_organizers, m->total_need += nd->room_organizers;
            else
                rc = add_demand(m, p, DK_ORG, mask, nd->room_organizers);
        }
        m->point_ndem[p] = m->ndem - m->point_first_dem[p];
    }
    free(first);
    free(next);
    free(last);
    if (rc != AT_OK)
        goto nomem;
    for (size_t k = 0; k < m->ndem; k++)
        if (m->dem[k].kind == DK_ORG)
            m->org_masks |= m->dem[k].mask;
    return AT_OK;
nomem:
    return at_fail(err, AT_ENOMEM, "staffing", "out of memory");
}

static int new_hub(model *m, int kind)
{
    hub h = {.node = m->nnodes++, .kind = kind, .rank = kind == DK_GEK ? 1 : 0};
    VEC_PUSH(m->hubs, m->nhubs, m->caphubs, h);
    return (int)m->nhubs - 1;
nomem:
    return -1;
}

/* A demand of point p with the given kind (and mask for organizers), or NULL. */
static demand *point_demand(model *m, size_t p, int kind, uint64_t mask)
{
    for (size_t k = m->point_first_dem[p]; k < m->point_first_dem[p] + m->point_ndem[p]; k++)
        if (m->dem[k].kind == kind && (kind != DK_ORG || m->dem[k].mask == mask))
            return &m->dem[k];
    return NULL;
}

static int hub_arc(model *m, int h, int to_node, int64_t cap)
{
    int64_t a = add_arc(m, m->hubs[h].node, to_node, cap);
    if (a < 0)
        return AT_ENOMEM;
    hub *hb = &m->hubs[h];
    VEC_PUSH(hb->out, hb->nout, hb->capout, a);
    return AT_OK;
nomem:
    return AT_ENOMEM;
}

/* Points a class of territory t may serve: its municipality's, or all. */
static void terr_span(const model *m, int t, const size_t **pts, size_t *n, bool *all)
{
    *all = t < 0;
    *pts = t >= 0 ? m->terr_points[t] : NULL;
    *n = t >= 0 ? m->terr_npoints[t] : m->in->npoints;
}

/* Builds the tree hubs over sp->dem[lo, hi) below tree node idx. */
static int seg_build(model *m, orgspan *sp, size_t idx, size_t lo, size_t hi, int depth, int64_t cap)
{
    if (hi - lo == 1) {
        sp->tnode[idx] = m->dem[sp->dem[lo]].node;
        return AT_OK;
    }
    int h = new_hub(m, DK_ORG);
    if (h < 0)
        return AT_ENOMEM;
    m->hubs[h].rank = depth + 1;
    sp->tnode[idx] = m->hubs[h].node;
    size_t mid = lo + (hi - lo) / 2;
    int rc = seg_build(m, sp, 2 * idx, lo, mid, depth + 1, cap);
    if (rc == AT_OK)
        rc = seg_build(m, sp, 2 * idx + 1, mid, hi, depth + 1, cap);
    if (rc == AT_OK)
        rc = hub_arc(m, h, sp->tnode[2 * idx], cap);
    if (rc == AT_OK)
        rc = hub_arc(m, h, sp->tnode[2 * idx + 1], cap);
    return rc;
}

/* Arcs from hub h to the tree nodes that exactly cover sp->dem[qlo, qhi). */
static int seg_cover(model *m, const orgspan *sp, int h, size_t idx, size_t lo, size_t hi, size_t qlo, size_t qhi,
                     int64_t cap)
{
    if (qhi <= lo || hi <= qlo)
        return AT_OK;
    if (qlo <= lo && hi <= qhi)
        return hub_arc(m, h, sp->tnode[idx], cap);
    size_t mid = lo + (hi - lo) / 2;
    int rc = seg_cover(m, sp, h, 2 * idx, lo, mid, qlo, qhi, cap);
    return rc == AT_OK ? seg_cover(m, sp, h, 2 * idx + 1, mid, hi, qlo, qhi, cap) : rc;
}

/* The organizer span of territory t (-1: all points) and mask, built once. */
static int org_span(model *m, orgspan *sp, int t, uint64_t mask, int64_t cap)
{
    if (sp->built)
        return AT_OK;
    sp->built = true;
    const size_t *pts;
    size_t np;
    bool all;
    terr_span(m, t, &pts, &np, &all);
    sp->dem = malloc((np + 1) * sizeof *sp->dem);
    if (!sp->dem)
        return AT_ENOMEM;
    for (size_t i = 0; i < np; i++) {
        demand *d = point_demand(m, all ? i : pts[i], DK_ORG, mask);
        if (!d)
            continue;
        if (all)
            d->pos_all = sp->n;
        else
            d->pos_terr = sp->n;
        sp->dem[sp->n++] = (size_t)(d - m->dem);
    }
    if (sp->n == 0)
        return AT_OK;
    sp->tnode = malloc(4 * sp->n * sizeof *sp->tnode);
    if (!sp->tnode)
        return AT_ENOMEM;
    return seg_build(m, sp, 1, 0, sp->n, 0, cap);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Hub h (organizers of territory t and school, not teaching the mask's
 * subjects) → every organizer demand of the span but those of points where
 * the school's pupils sit. */
static int org_hub_arcs(model *m, orgspan *sp, int h, int t, int school, uint64_t mask, int64_t cap)
{
    int rc = org_span(m, sp, t, mask, cap);
    if (rc != AT_OK || sp->n == 0)
        return rc;
    size_t nex = 0, *ex = NULL;
    if (school >= 0 && m->school_npoints[school] > 0) {
        ex = malloc(m->school_npoints[school] * sizeof *ex);
        if (!ex)
            return AT_ENOMEM;
        for (size_t i = 0; i < m->school_npoints[school]; i++) {
            size_t p = m->school_points[school][i];
            if (t >= 0 && m->point_muni[p] != t)
                continue;
            demand *d = point_demand(m, p, DK_ORG, mask);
            if (d)
                ex[nex++] = t >= 0 ? d->pos_terr : d->pos_all;
        }
        qsort(ex, nex, sizeof *ex, cmp_size);
    }
    size_t lo = 0;
    for (size_t i = 0; i <= nex && rc == AT_OK; i++) {
        size_t hi = i < nex ? ex[i] : sp->n;
        if (hi > lo)
            rc = seg_cover(m, sp, h, 1, 0, sp->n, lo, hi, cap);
        if (i < nex && ex[i] + 1 > lo)
            lo = ex[i] + 1;
    }
    free(ex);
    return rc;
}

static int build_graph(model *m, at_error *err)
{
    const int64_t inf = m->total_need;
    /* Point-level hubs, per territory (index terr+1) and kind, made on demand. */
    size_t nt = (size_t)m->nmunis + 1;
    int *phub = malloc(nt * DK_POINTKINDS * sizeof *phub);
    hashset *orgkeys = hashset_new();
    orgspan *spans = NULL;
    int rc = AT_OK;
    if (!phub || !orgkeys)
        goto nomem;
    for (size_t i = 0; i < nt * DK_POINTKINDS; i++)
        phub[i] = -1;
    /* Distinct organizer masks. */
    uint64_t masks[256];
    size_t nmasks = 0;
    bool many_masks = false;
    for (size_t k = 0; k < m->ndem; k++) {
        if (m->dem[k].kind != DK_ORG)
            continue;
        size_t j = 0;
        while (j < nmasks && masks[j] != m->dem[k].mask)
            j++;
        if (j == nmasks) {
            if (nmasks == sizeof masks / sizeof *masks)
                many_masks = true;
            else
                masks[nmasks++] = m->dem[k].mask;
        }
    }
    if (many_masks) {
        rc = at_fail(err, AT_EINPUT, "staffing", "more than %zu distinct subject sets of rooms on one date",
                     sizeof masks / sizeof *masks);
        goto out;
    }
    spans = calloc(nt * nmasks + 1, sizeof *spans);
    if (!spans)
        goto nomem;
    for (size_t ci = 0; ci < m->nclasses; ci++) {
        cls *c = &m->classes[ci];
        c->node = m->nnodes++;
        int t = c->terr + 1;
        for (int kind = 0; kind < DK_POINTKINDS; kind++) {
            staffing_post_kind post = dk_post[kind];
            if (!(c->roles & (1u << post)))
                continue;
            if (kind == DK_GEKTOK && !c->token)
                continue;
            if (kind == DK_GEK && c->token)
                continue;  /* token holders enter through the token hub, which feeds this one */
            int *slot = &phub[(size_t)t * DK_POINTKINDS + (size_t)kind];
            if (*slot < 0) {
                if ((*slot = new_hub(m, kind)) < 0)
                    goto nomem;
                const size_t *pts;
                size_t np;
                bool all;
                terr_span(m, c->terr, &pts, &np, &all);
                for (size_t i = 0; i < np; i++) {
                    demand *d = point_demand(m, all ? i : pts[i], kind, 0);
                    if (d && hub_arc(m, *slot, d->node, inf) != AT_OK)
                        goto nomem;
                }
            }
            if (kind == DK_GEKTOK) {
                /* token holders may also take the other ГЭК posts */
                int *gslot = &phub[(size_t)t * DK_POINTKINDS + DK_GEK];
                bool fresh = *gslot < 0;
                if (fresh) {
                    if ((*gslot = new_hub(m, DK_GEK)) < 0)
                        goto nomem;
                    const size_t *pts;
                    size_t np;
                    bool all;
                    terr_span(m, c->terr, &pts, &np, &all);
                    for (size_t i = 0; i < np; i++) {
                        demand *d = point_demand(m, all ? i : pts[i], DK_GEK, 0);
                        if (d && hub_arc(m, *gslot, d->node, inf) != AT_OK)
                            goto nomem;
                    }
                }
                bool linked = false;
                for (size_t j = 0; j < m->hubs[*slot].nout; j++)
                    if (m->arcs[m->hubs[*slot].out[j]].to == m->hubs[*gslot].node)
                        linked = true;
                if (!linked && hub_arc(m, *slot, m->hubs[*gslot].node, inf) != AT_OK)
                    goto nomem;
            }
            if (add_arc(m, c->node, m->hubs[*slot].node, inf) < 0)
                goto nomem;
        }
        if (!(c->roles & (1u << STAFFING_ORGANIZER)))
            continue;
        for (size_t j = 0; j < nmasks; j++) {
            if (c->taught & masks[j])
                continue;
            char key[96];
            int kl = snprintf(key, sizeof key, "%d|%d|%zu", c->terr, c->school, j);
            long first;
            int h;
            if (hashset_add(orgkeys, key, (size_t)kl, (long)m->nhubs, &first)) {
                if ((h = new_hub(m, DK_ORG)) < 0)
                    goto nomem;
                if (org_hub_arcs(m, &spans[(size_t)t * nmasks + j], h, c->terr, c->school, masks[j], inf) != AT_OK)
                    goto nomem;
            } else {
                h = (int)first;
            }
            if (add_arc(m, c->node, m->hubs[h].node, inf) < 0)
                goto nomem;
        }
    }
    goto out;
nomem:
    rc = at_fail(err, AT_ENOMEM, "staffing", "out of memory");
out:
    free(phub);
    if (orgkeys)
        hashset_free(orgkeys);
    for (size_t i = 0; spans && i < nt * nmasks; i++)
        free(spans[i].dem), free(spans[i].tnode);
    free(spans);
    return rc;
}

/* ---- explaining a shortage ---- */

typedef struct {
    staffing_shortage *v;
    size_t n, cap;
} shortlist;

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Plural names of the posts, for messages. */
static const char *dk_plural(int kind)
{
    switch (kind) {
    case DK_HEAD: return "point heads";
    case DK_GEKTOK: return "GEK members holding a token";
    case DK_GEK: return "GEK members";
    case DK_TECH: return "technical specialists";
    case DK_MED: return "medical workers";
    case DK_ASSIST: return "assistants";
    default: return "organizers";
    }
}

static int add_shortage(shortlist *l, const char *scope, const char *code, const char *posts, const char *points,
                        long needed, long eligible, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    staffing_shortage s = {.scope = scope, .needed = needed, .eligible = eligible};
    s.code = xstrdup(code);
    s.posts = xstrdup(posts);
    s.points = xstrdup(points ? points : "");
    s.message = xstrdup(msg);
    if (!s.code || !s.posts || !s.points || !s.message)
        goto nomem;
    VEC_PUSH(l->v, l->n, l->cap, s);
    return AT_OK;
nomem:
    free(s.code);
    free(s.posts);
    free(s.points);
    free(s.message);
    return AT_ENOMEM;
}

static void mask_subjects(const model *m, uint64_t mask, char *buf, size_t n)
{
    buf[0] = 0;
    size_t len = 0;
    for (size_t r = 0; r < m->in->nrooms && mask; r++)
        for (size_t j = 0; j < m->in->rooms[r].nsubjects; j++) {
            const char *s = m->in->rooms[r].subjects[j];
            long idx;
            if (hashset_add(m->subjects, s, strlen(s), -1, &idx) || idx < 0 || !(mask & ((uint64_t)1 << idx)))
                continue;
            mask &= ~((uint64_t)1 << idx);
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "+" : "", s);
            if (len >= n)
                return;
        }
}

/* Each point and post on its own: needed vs everyone who could take it. */
static int explain_local(model *m, shortlist *l, bool *point_short)
{
    const staffing_input *in = m->in;
    for (size_t p = 0; p < in->npoints; p++) {
        const char *code = in->points[p].code;
        int t = m->point_muni[p] + 1;
        size_t d0 = m->point_first_dem[p], dn = m->point_ndem[p];
        long need[DK_POINTKINDS + 1] = {0}, elig[DK_POINTKINDS + 1] = {0};
        long gek_need = 0, gek_elig = 0;
        size_t norg = 0;
        for (size_t k = d0; k < d0 + dn; k++)
            norg += m->dem[k].kind == DK_ORG;
        long *org_elig = calloc(norg + 1, sizeof *org_elig);
        if (!org_elig)
            return AT_ENOMEM;
        for (int side = 0; side < 2; side++) {
            size_t tt = side ? 0 : (size_t)t;  /* the point's municipality, then anywhere */
            for (size_t i = 0; i < m->terr_nclasses[tt]; i++) {
                const cls *c = &m->classes[m->terr_classes[tt][i]];
                bool any_org = false, is_gek = false;
                size_t oi = 0;
                for (size_t k = d0; k < d0 + dn; k++) {
                    const demand *d = &m->dem[k];
                    bool e = eligible(m, c, d);
                    if (d->kind == DK_ORG) {
                        if (e)
                            org_elig[oi] += (long)c->n, any_org = true;
                        oi++;
                    } else if (e) {
                        elig[d->kind] += (long)c->n;
                        if (d->kind == DK_GEK || d->kind == DK_GEKTOK)
                            is_gek = true;
                    }
                }
                if (any_org)
                    elig[DK_ORG] += (long)c->n;
                if (is_gek || (c->roles & (1u << STAFFING_GEK)))
                    gek_elig += (long)c->n;
            }
        }
        for (size_t k = d0; k < d0 + dn; k++)
            need[m->dem[k].kind] += m->dem[k].need;
        gek_need = need[DK_GEK] + need[DK_GEKTOK];
        int rc = AT_OK;
        char posts[64];
        for (int kind = 0; kind <= DK_ORG && rc == AT_OK; kind++) {
            if (kind == DK_GEK)
                continue;
            long nn = need[kind], ee = elig[kind];
            if (nn > ee) {
                snprintf(posts, sizeof posts, "%s", staffing_post_name(dk_post[kind]));
                rc = add_shortage(l, "point", code, posts, NULL, nn, ee, "point %s: %ld %s needed, %ld eligible",
                                  code, nn, dk_plural(kind), ee);
                point_short[p] = true;
            }
        }
        if (rc == AT_OK && gek_need > gek_elig) {
            rc = add_shortage(l, "point", code, "gek", NULL, gek_need, gek_elig,
                              "point %s: %ld %s needed, %ld eligible", code, gek_need, dk_plural(DK_GEK), gek_elig);
            point_short[p] = true;
        }
        bool org_reported = need[DK_ORG] > elig[DK_ORG];
        if (norg > 1 && !org_reported) {
            size_t oi = 0;
            for (size_t k = d0; k < d0 + dn && rc == AT_OK; k++) {
                const demand *d = &m->dem[k];
                if (d->kind != DK_ORG)
                    continue;
                if (d->need > org_elig[oi]) {
                    char subj[256];
                    mask_subjects(m, d->mask, subj, sizeof subj);
                    rc = add_shortage(l, "point", code, "organizer", NULL, d->need, org_elig[oi],
                                      "point %s (rooms of %s): %ld organizers needed, %ld eligible", code, subj,
                                      d->need, org_elig[oi]);
                    point_short[p] = true;
                }
                oi++;
            }
        }
        free(org_elig);
        if (rc != AT_OK)
            return rc;
    }
    return AT_OK;
}

static int uf_find(int *parent, int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t len = strlen(s);
    if (b->n + len + 1 > b->cap) {
        size_t nc = (b->n + len + 1) * 2;
        char *ns = realloc(b->s, nc);
        if (!ns)
            return;
        b->s = ns;
        b->cap = nc;
    }
    memcpy(b->s + b->n, s, len + 1);
    b->n += len;
}

/* Posts whose eligible people are all used up, as groups that share people. */
static int explain_hall(model *m, const mcf *g, shortlist *l, const bool *point_short)
{
    int rc = AT_ENOMEM;
    int n = m->nnodes;
    char *inz = calloc((size_t)n, 1);
    int *queue = malloc((size_t)n * sizeof *queue), *parent = malloc((size_t)n * sizeof *parent);
    int64_t *in_first = malloc(((size_t)n + 1) * sizeof *in_first), *out_first = malloc(((size_t)n + 1) * sizeof *out_first);
    int64_t *in_arcs = malloc((m->narcs + 1) * sizeof *in_arcs), *out_arcs = malloc((m->narcs + 1) * sizeof *out_arcs);
    long *comp_need = NULL, *comp_elig = NULL, *comp_deficit = NULL;
    if (!inz || !queue || !parent || !in_first || !out_first || !in_arcs || !out_arcs)
        goto out;
    /* CSR adjacency both ways over the real arcs. */
    memset(in_first, 0, ((size_t)n + 1) * sizeof *in_first);
    memset(out_first, 0, ((size_t)n + 1) * sizeof *out_first);
    for (size_t a = 0; a < m->narcs; a++)
        in_first[m->arcs[a].to + 1]++, out_first[m->arcs[a].from + 1]++;
    for (int v = 0; v < n; v++)
        in_first[v + 1] += in_first[v], out_first[v + 1] += out_first[v];
    {
        int64_t *ip = malloc(((size_t)n + 1) * sizeof *ip), *op = malloc(((size_t)n + 1) * sizeof *op);
        if (!ip || !op) {
            free(ip);
            free(op);
            goto out;
        }
        memcpy(ip, in_first, ((size_t)n + 1) * sizeof *ip);
        memcpy(op, out_first, ((size_t)n + 1) * sizeof *op);
        for (size_t a = 0; a < m->narcs; a++)
            in_arcs[ip[m->arcs[a].to]++] = (int64_t)a, out_arcs[op[m->arcs[a].from]++] = (int64_t)a;
        free(ip);
        free(op);
    }
    /* Nodes that can reach the sink in the residual graph. */
    /* The real network's sink arcs are short exactly where shortage arcs
     * carry flow: those demands start the search. */
    size_t qh = 0, qt = 0;
    for (size_t k = 0; k < m->ndem; k++)
        if (mcf_flow(g, m->dem[k].arc_short) > 0)
            inz[m->dem[k].node] = 1, queue[qt++] = m->dem[k].node;
    while (qh < qt) {
        int w = queue[qh++];
        for (int64_t i = in_first[w]; i < in_first[w + 1]; i++) {
            const arc *a = &m->arcs[in_arcs[i]];
            if (a->from >= 2 && a->to >= 2 && !inz[a->from] && mcf_flow(g, in_arcs[i]) < a->cap)
                inz[a->from] = 1, queue[qt++] = a->from;
        }
        for (int64_t i = out_first[w]; i < out_first[w + 1]; i++) {
            const arc *a = &m->arcs[out_arcs[i]];
            if (a->to >= 2 && !inz[a->to] && mcf_flow(g, out_arcs[i]) > 0)
                inz[a->to] = 1, queue[qt++] = a->to;
        }
    }
    for (int v = 0; v < n; v++)
        parent[v] = v;
    for (size_t a = 0; a < m->narcs; a++) {
        int u = m->arcs[a].from, v = m->arcs[a].to;
        if (u >= 2 && v >= 2 && inz[u] && inz[v])
            parent[uf_find(parent, u)] = uf_find(parent, v);
    }
    comp_need = calloc((size_t)n, sizeof *comp_need);
    comp_elig = calloc((size_t)n, sizeof *comp_elig);
    comp_deficit = calloc((size_t)n, sizeof *comp_deficit);
    if (!comp_need || !comp_elig || !comp_deficit)
        goto out;
    for (size_t k = 0; k < m->ndem; k++) {
        const demand *d = &m->dem[k];
        if (!inz[d->node])
            continue;
        int r = uf_find(parent, d->node);
        comp_need[r] += d->need;
        comp_deficit[r] += (long)mcf_flow(g, d->arc_short);
    }
    for (size_t ci = 0; ci < m->nclasses; ci++)
        if (inz[m->classes[ci].node])
            comp_elig[uf_find(parent, m->classes[ci].node)] += (long)m->classes[ci].n;
    rc = AT_OK;
    for (int root = 2; root < n && rc == AT_OK; root++) {
        if (!inz[root] || uf_find(parent, root) != root || comp_deficit[root] <= 0)
            continue;
        /* The component's points, municipalities and posts. */
        sbuf pts = {0}, munis = {0}, posts = {0}, names = {0};
        size_t npts = 0, nmun = 0;
        bool kinds[DK_POINTKINDS + 1] = {0};
        bool single_short = true;
        long last_point = -1;
        char *seen_muni = calloc((size_t)m->nmunis + 1, 1);
        if (!seen_muni)
            return AT_ENOMEM;
        for (size_t k = 0; k < m->ndem; k++) {
            const demand *d = &m->dem[k];
            if (!inz[d->node] || uf_find(parent, d->node) != root)
                continue;
            kinds[d->kind] = true;
            if ((long)d->point != last_point) {
                last_point = (long)d->point;
                if (npts < 12) {
                    sb_add(&pts, npts ? ", " : "");
                    sb_add(&pts, m->in->points[d->point].code);
                } else if (npts == 12) {
                    sb_add(&pts, ", …");
                }
                npts++;
                if (!point_short[d->point])
                    single_short = false;
                int mu = m->point_muni[d->point];
                if (!seen_muni[mu]) {
                    seen_muni[mu] = 1;
                    sb_add(&munis, nmun ? ", " : "");
                    sb_add(&munis, m->in->points[d->point].municipality);
                    nmun++;
                }
            }
        }
        free(seen_muni);
        size_t nk = 0;
        for (int kind = 0; kind <= DK_ORG; kind++)
            nk += kinds[kind];
        size_t ik = 0;
        for (int kind = 0; kind <= DK_ORG; kind++) {
            if (!kinds[kind])
                continue;
            if (!(kind == DK_GEK && kinds[DK_GEKTOK])) {
                sb_add(&posts, ik ? ";" : "");
                sb_add(&posts, staffing_post_name(dk_post[kind]));
            }
            sb_add(&names, ik == 0 ? "" : ik + 1 == nk ? " and " : ", ");
            sb_add(&names, dk_plural(kind));
            ik++;
        }
        /* A single point already reported on its own needs no second line. */
        if (!(npts == 1 && single_short) && pts.s && munis.s && posts.s && names.s) {
            char pbuf[64];
            snprintf(pbuf, sizeof pbuf, " (%zu points)", npts);
            rc = add_shortage(l, "municipality", munis.s, posts.s, pts.s, comp_need[root], comp_elig[root],
                              "%s %s: %ld %s needed across points %s%s, %ld eligible",
                              nmun > 1 ? "municipalities" : "municipality", munis.s, comp_need[root], names.s,
                              pts.s, npts > 12 ? pbuf : "", comp_elig[root]);
        }
        free(pts.s);
        free(munis.s);
        free(posts.s);
        free(names.s);
    }
out:
    free(inz);
    free(queue);
    free(parent);
    free(in_first);
    free(out_first);
    free(in_arcs);
    free(out_arcs);
    free(comp_need);
    free(comp_elig);
    free(comp_deficit);
    return rc;
}

/* ---- turning the flow into posts ---- */

static int hub_push(hub *h, size_t c, long cnt)
{
    if (cnt <= 0)
        return AT_OK;
    if (h->nq == h->capq) {
        size_t nc = h->capq ? h->capq * 2 : 8;
        size_t *a = realloc(h->qcls, nc * sizeof *a);
        if (!a)
            return AT_ENOMEM;
        h->qcls = a;
        long *b = realloc(h->qcnt, nc * sizeof *b);
        if (!b)
            return AT_ENOMEM;
        h->qcnt = b;
        h->capq = nc;
    }
    h->qcls[h->nq] = c;
    h->qcnt[h->nq++] = cnt;
    return AT_OK;
}

/* Takes cnt units from the hub's inflow; calls back per (class, count). */
static int hub_take(model *m, hub *h, long cnt, hub *into, demand *d)
{
    while (cnt > 0) {
        if (h->qhead >= h->nq)
            return AT_EINTERNAL;
        size_t c = h->qcls[h->qhead];
        long take = h->qcnt[h->qhead] < cnt ? h->qcnt[h->qhead] : cnt;
        h->qcnt[h->qhead] -= take;
        if (h->qcnt[h->qhead] == 0)
            h->qhead++;
        cnt -= take;
        if (into) {
            if (hub_push(into, c, take) != AT_OK)
                return AT_ENOMEM;
            continue;
        }
        cls *cc = &m->classes[c];
        for (long i = 0; i < take; i++) {
            if (cc->used >= cc->n)
                return AT_EINTERNAL;
            VEC_PUSH(d->got, d->ngot, d->capgot, cc->members[cc->used++]);
        }
    }
    return AT_OK;
nomem:
    return AT_ENOMEM;
}

static int extract(model *m, const mcf *g, staffing_result *out, at_error *err)
{
    /* node → hub / demand lookups */
    int *hub_of = malloc((size_t)m->nnodes * sizeof *hub_of), *dem_of = malloc((size_t)m->nnodes * sizeof *dem_of);
    int rc = AT_OK;
    if (!hub_of || !dem_of)
        goto nomem;
    for (int v = 0; v < m->nnodes; v++)
        hub_of[v] = dem_of[v] = -1;
    for (size_t h = 0; h < m->nhubs; h++)
        hub_of[m->hubs[h].node] = (int)h;
    for (size_t k = 0; k < m->ndem; k++)
        dem_of[m->dem[k].node] = (int)k;
    /* Inflows: class → hub arcs with flow, in arc order. */
    int *cls_of = malloc((size_t)m->nnodes * sizeof *cls_of);
    if (!cls_of)
        goto nomem;
    for (int v = 0; v < m->nnodes; v++)
        cls_of[v] = -1;
    for (size_t c = 0; c < m->nclasses; c++)
        cls_of[m->classes[c].node] = (int)c;
    for (size_t a = 0; a < m->narcs && rc == AT_OK; a++) {
        int c = cls_of[m->arcs[a].from], h = hub_of[m->arcs[a].to];
        if (c >= 0 && h >= 0)
            rc = hub_push(&m->hubs[h], (size_t)c, (long)mcf_flow(g, (int64_t)a));
    }
    free(cls_of);
    /* By rank: a hub has all of its inflow before it passes it on (token hubs
     * feed the other ГЭК hub, organizer tree hubs their subtrees). */
    int maxrank = 0;
    for (size_t h = 0; h < m->nhubs; h++)
        maxrank = m->hubs[h].rank > maxrank ? m->hubs[h].rank : maxrank;
    for (int pass = 0; pass <= maxrank && rc == AT_OK; pass++)
        for (size_t h = 0; h < m->nhubs && rc == AT_OK; h++) {
            hub *hb = &m->hubs[h];
            if (hb->rank != pass)
                continue;
            for (size_t j = 0; j < hb->nout && rc == AT_OK; j++) {
                int64_t a = hb->out[j];
                long f = (long)mcf_flow(g, a);
                if (f <= 0)
                    continue;
                int to = m->arcs[a].to;
                if (hub_of[to] >= 0)
                    rc = hub_take(m, hb, f, &m->hubs[hub_of[to]], NULL);
                else if (dem_of[to] >= 0)
                    rc = hub_take(m, hb, f, NULL, &m->dem[dem_of[to]]);
                else
                    rc = AT_EINTERNAL;
            }
        }
    if (rc == AT_ENOMEM)
        goto nomem;
    if (rc != AT_OK) {
        rc = at_fail(err, AT_EINTERNAL, "staffing", "the solver's flow does not decompose into posts");
        goto done;
    }
    /* Rooms of each point, in room order. */
    const staffing_input *in = m->in;
    out->posts = malloc((m->total_need + 1) * sizeof *out->posts);
    if (!out->posts)
        goto nomem;
    size_t *cursor = calloc(m->ndem + 1, sizeof *cursor);
    if (!cursor)
        goto nomem;
    for (size_t k = 0; k < m->ndem; k++) {
        demand *d = &m->dem[k];
        if ((long)d->ngot != d->need) {
            free(cursor);
            rc = at_fail(err, AT_EINTERNAL, "staffing", "point %s: %zu of %ld posts filled by the solver",
                         in->points[d->point].code, d->ngot, d->need);
            goto done;
        }
        if (d->kind == DK_ORG || d->kind == DK_ASSIST)
            continue;
        for (size_t i = 0; i < d->ngot; i++)
            out->posts[out->nposts++] = (staffing_post){d->got[i], d->point, -1, dk_post[d->kind]};
    }
    for (size_t r = 0; r < in->nrooms; r++) {
        size_t p = in->rooms[r].point;
        const staffing_needs *nd = &in->points[p].needs;
        uint64_t mask = nd->not_subject_teacher ? m->room_mask[r] : 0;
        demand *d = nd->room_organizers > 0 ? point_demand(m, p, DK_ORG, mask) : NULL;
        for (int i = 0; d && i < nd->room_organizers; i++) {
            size_t k = (size_t)(d - m->dem);
            out->posts[out->nposts++] = (staffing_post){d->got[cursor[k]++], p, (long)r, STAFFING_ORGANIZER};
        }
        d = in->rooms[r].needs_assistant && nd->room_assistants > 0 ? point_demand(m, p, DK_ASSIST, 0) : NULL;
        for (int i = 0; d && i < nd->room_assistants; i++) {
            size_t k = (size_t)(d - m->dem);
            out->posts[out->nposts++] = (staffing_post){d->got[cursor[k]++], p, (long)r, STAFFING_ASSISTANT};
        }
    }
    free(cursor);
    out->people_used = out->nposts;
    goto done;
nomem:
    rc = at_fail(err, AT_ENOMEM, "staffing", "out of memory");
done:
    free(hub_of);
    free(dem_of);
    return rc;
}

int staffing_solve(const staffing_input *in, staffing_result *out, at_error *err)
{
    memset(out, 0, sizeof *out);
    model m = {.in = in, .nnodes = 2};  /* 0: source, 1: sink */
    mcf *g = NULL;
    shortlist sl = {0};
    bool *point_short = NULL;
    int rc = build_index(&m, err);
    if (rc == AT_OK)
        rc = build_demands(&m, err);
    if (rc == AT_OK)
        rc = build_classes(&m, err);
    if (rc == AT_OK)
        rc = build_graph(&m, err);
    if (rc != AT_OK)
        goto done;
    if (m.total_need == 0)
        goto done;
    /* Source and sink arcs; shortage arcs cost more than any real path. */
    int64_t maxprior = 0;
    for (size_t c = 0; c < m.nclasses; c++)
        if (m.classes[c].prior > maxprior)
            maxprior = m.classes[c].prior;
    int64_t big = ((int64_t)m.nclasses + 1) * (maxprior + 1) + 1;
    int64_t *src_arc = malloc((m.nclasses + 1) * sizeof *src_arc);
    if (!src_arc)
        goto nomem;
    for (size_t c = 0; c < m.nclasses; c++)
        src_arc[c] = add_arc(&m, 0, m.classes[c].node, (int64_t)m.classes[c].n);
    for (size_t k = 0; k < m.ndem; k++) {
        m.dem[k].arc_sink = add_arc(&m, m.dem[k].node, 1, m.dem[k].need);
        m.dem[k].arc_short = add_arc(&m, 0, m.dem[k].node, m.dem[k].need);
    }
    g = mcf_new(m.nnodes, (int64_t)m.narcs);
    if (!g) {
        free(src_arc);
        goto nomem;
    }
    size_t ci = 0;
    for (size_t a = 0; a < m.narcs; a++) {
        int64_t cost = 0;
        if (m.arcs[a].from == 0) {
            if (ci < m.nclasses && src_arc[ci] == (int64_t)a)
                cost = m.classes[ci++].prior;
            else
                cost = big;
        }
        if (mcf_add_arc(g, m.arcs[a].from, m.arcs[a].to, m.arcs[a].cap, cost) != (int64_t)a) {
            free(src_arc);
            goto nomem;
        }
    }
    free(src_arc);
    mcf_set_supply(g, 0, m.total_need);
    mcf_set_supply(g, 1, -m.total_need);
    mcf_status st = mcf_solve(g);
    if (st == MCF_NOMEM)
        goto nomem;
    if (st != MCF_OPTIMAL) {
        rc = at_fail(err, AT_EINTERNAL, "staffing", "the flow solver found no flow (status %d)", (int)st);
        goto done;
    }
    long short_units = 0;
    for (size_t k = 0; k < m.ndem; k++)
        short_units += (long)mcf_flow(g, m.dem[k].arc_short);
    if (short_units == 0) {
        rc = extract(&m, g, out, err);
        goto done;
    }
    point_short = calloc(in->npoints + 1, sizeof *point_short);
    if (!point_short)
        goto nomem;
    if (explain_local(&m, &sl, point_short) != AT_OK || explain_hall(&m, g, &sl, point_short) != AT_OK)
        goto nomem;
    if (sl.n == 0) {
        rc = at_fail(err, AT_EINTERNAL, "staffing", "%ld posts cannot be filled, but no shortage was found",
                     short_units);
        goto done;
    }
    out->shortages = sl.v;
    out->nshortages = sl.n;
    sl.v = NULL;
    sl.n = 0;
    goto done;
nomem:
    rc = at_fail(err, AT_ENOMEM, "staffing", "out of memory");
done:
    if (rc != AT_OK)
        staffing_result_free(out);
    for (size_t i = 0; i < sl.n; i++) {
        free(sl.v[i].code);
        free(sl.v[i].posts);
        free(sl.v[i].points);
        free(sl.v[i].message);
    }
    free(sl.v);
    free(point_short);
    if (g)
        mcf_free(g);
    model_free(&m);
    return rc;
}

void staffing_result_free(staffing_result *r)
{
    free(r->posts);
    for (size_t i = 0; i < r->nshortages; i++) {
        free(r->shortages[i].code);
        free(r->shortages[i].posts);
        free(r->shortages[i].points);
        free(r->shortages[i].message);
    }
    free(r->shortages);
    memset(r, 0, sizeof *r);
}
