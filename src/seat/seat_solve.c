/* seat_solve.c — one class of one component (see seat_solve.h and seat.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow/mcf.h"
#include "seat_solve.h"

#define DEFAULT_CANDIDATES 8
#define BALANCE_PENALTY 1000   /* metres-equivalent per participant on a point's last fifth */
#define OVERFLOW_COST 1000000000LL
#define MAX_RESOLVES 40

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int ss_init(ss_state *st, sd_day *d, const seat_options *o, seat_summary *sum, seat_shortages *sh)
{
    memset(st, 0, sizeof *st);
    st->d = d, st->o = o, st->sum = sum, st->sh = sh;
    st->candidates = o->candidates > 0 ? o->candidates : DEFAULT_CANDIDATES;
    st->local = malloc(((size_t)d->npoints + 1) * sizeof *st->local);
    st->cut = calloc((size_t)d->npoints + 1, sizeof *st->cut);
    if (!st->local || !st->cut)
        return AT_ENOMEM;
    for (int p = 0; p < d->npoints; p++)
        st->local[p] = -1;
    return AT_OK;
}

void ss_free(ss_state *st)
{
    free(st->local);
    free(st->cut);
    free(st->model.from), free(st->model.to), free(st->model.cap), free(st->model.cost);
    free(st->model.supply);
    memset(st, 0, sizeof *st);
}

/* ---- the class's groups (school, exam) and points ---- */
typedef struct {
    long first, count;  /* into idx */
    int exam, school, muni;
    long arc0, narcs;   /* candidate arcs in the arc arrays */
    long overflow;      /* could not be placed */
} group;

typedef struct {
    int point;
    long cap;           /* free seats for this class */
} cpoint;

typedef struct {
    int to;             /* local point */
    int64_t cost;
    int64_t id;         /* mcf arc */
} carc;

static bool room_usable(const ss_state *st, const sd_room *r, const sd_sitting *t)
{
    const sd_day *d = st->d;
    const sd_exam *e = &d->exams[t->exam];
    if (!sd_room_fits(r, e, t->ovzroom))
        return false;
    if (r->exam < 0)
        return true;
    /* partly used (re-planning): only by the same exam and the same ОВЗ kind */
    return r->exam == t->exam && r->ovz == t->ovzroom && r->used < sd_room_cap(d, r, e, t->ovzroom);
}

static long room_free(const ss_state *st, const sd_room *r, const sd_sitting *t)
{
    const sd_exam *e = &st->d->exams[t->exam];
    return sd_room_cap(st->d, r, e, t->ovzroom) - (r->exam < 0 ? 0 : r->used);
}

/* Free seats of a point for a class (a sitting stands for its class). */
static long point_cap(const ss_state *st, int p, const sd_sitting *t)
{
    const sd_point *pt = &st->d->points[p];
    long c = 0;
    for (int i = pt->room0; i < pt->room0 + pt->nrooms; i++) {
        const sd_room *r = &st->d->rooms[i];
        if (r->exam < 0 ? sd_room_fits(r, &st->d->exams[t->exam], t->ovzroom) : room_usable(st, r, t))
            c += room_free(st, r, t);
    }
    return c;
}

/* The haversine of a school and a point (0 when either is not located):
 * grows with their distance; dist() is it in metres. */
static double hav(const sd_day *d, int school, int point)
{
    const sd_school *s = school >= 0 ? &d->schools[school] : NULL;
    const sd_point *p = &d->points[point];
    if (!s || !s->located || !p->located)
        return 0;
    return sd_hav(&s->geo, &p->geo);
}

static double dist(const sd_day *d, int school, int point) { return sd_hav_m(hav(d, school, point)); }

typedef struct {
    int point;
    double m; /* the haversine while candidates are compared (the same order as metres) */
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->m != y->m)
        return x->m < y->m ? -1 : 1;
    return x->point - y->point;
}

/* Adds c to the best `keep` candidates held sorted in v[0..*n): what a full
 * sort's first `keep` would be, without sorting the hundreds of a region's
 * points for every school. */
static void keep_best(cand *v, int *n, int keep, cand c)
{
    int i;
    if (*n < keep)
        i = (*n)++;
    else if (cmp_cand(&c, &v[keep - 1]) < 0)
        i = keep - 1; /* the worst kept gives way */
    else
        return;
    for (; i > 0 && cmp_cand(&c, &v[i - 1]) < 0; i--)
        v[i] = v[i - 1];
    v[i] = c;
}

/* ---- packing a point's exams into its rooms ---- */
typedef struct {
    int room;
    long quota, got;
} slot;

/* Chooses rooms of point p for `need` participants of the sitting's exam:
 * partly used rooms of that exam first, then the fewest free rooms (best fit),
 * quotas filled evenly. Rooms chosen are marked with the exam. Returns the
 * shortfall (0 when all fit) and appends slots. */
static long pack(ss_state *st, int p, const sd_sitting *t, long need, slot *slots, int *nslots)
{
    sd_day *d = st->d;
    const sd_point *pt = &d->points[p];
    const sd_exam *e = &d->exams[t->exam];
    int first = *nslots;
    for (int i = pt->room0; i < pt->room0 + pt->nrooms && need > 0; i++) {
        sd_room *r = &d->rooms[i];
        if (r->exam >= 0 && room_usable(st, r, t)) {
            long f = room_free(st, r, t);
            long q = f < need ? f : need;
            slots[(*nslots)++] = (slot){i, q, 0};
            need -= q;
        }
    }
    int firstfree = *nslots;
    long total = 0;
    while (need - total > 0) {
        long rem = need - total;
        int best = -1;
        long bestcap = 0;
        bool fits = false;
        for (int i = pt->room0; i < pt->room0 + pt->nrooms; i++) {
            sd_room *r = &d->rooms[i];
            if (r->exam >= 0 || !sd_room_fits(r, e, t->ovzroom))
                continue;
            long c = sd_room_cap(d, r, e, t->ovzroom);
            /* keep special rooms for those who need them: an ordinary class
             * sees accessible/computer/speaking rooms as a size smaller */
            if (!t->ovzroom && e->room_kind == RK_REGULAR && (r->feat & (RF_ACCESSIBLE | RF_COMPUTER | RF_SPEAKING)))
                c = c > 1 ? c - 1 : c;
            bool f = c >= rem;
            /* smallest room that holds the rest, else the largest */
            if (best < 0 || (f && (!fits || c < bestcap)) || (!f && !fits && c > bestcap))
                best = i, bestcap = c, fits = f;
        }
        if (best < 0)
            break;
        d->rooms[best].exam = t->exam;
        d->rooms[best].ovz = t->ovzroom;
        slots[(*nslots)++] = (slot){best, bestcap, 0};
        total += bestcap;
    }
    long placed = total < need ? total : need;
    /* even quotas over the free rooms taken */
    if (total > 0) {
        long given = 0;
        for (int k = firstfree; k < *nslots; k++) {
            long c = slots[k].quota;
            slots[k].quota = placed * c / total;
            given += slots[k].quota;
        }
        for (int k = firstfree; given < placed; k = k + 1 < *nslots ? k + 1 : firstfree) {
            long c = sd_room_cap(d, &d->rooms[slots[k].room], e, t->ovzroom);
            if (slots[k].quota < c)
                slots[k].quota++, given++;
        }
    }
    (void)first;
    return need - placed;
}

static void unpack(ss_state *st, slot *slots, int from, int to)
{
    for (int k = from; k < to; k++) {
        sd_room *r = &st->d->rooms[slots[k].room];
        if (r->used == 0)
            r->exam = -1, r->ovz = false;
    }
}

/* ---- explaining what could not be placed ---- */
/* Groups are ordered by exam, then school: per exam, sum need and what the
 * overflow arcs carried per municipality. */
static int explain(ss_state *st, long *idx, group *g, long ng)
{
    sd_day *d = st->d;
    long *need = calloc((size_t)d->nmunis + 1, sizeof *need), *over = calloc((size_t)d->nmunis + 1, sizeof *over);
    int rc = need && over ? AT_OK : AT_ENOMEM;
    for (long a = 0; a < ng && rc == AT_OK;) {
        long b = a;
        while (b < ng && g[b].exam == g[a].exam)
            b++;
        for (long k = a; k < b; k++)
            need[g[k].muni + 1] += g[k].count, over[g[k].muni + 1] += g[k].overflow;
        const sd_exam *e = &d->exams[g[a].exam];
        const sd_sitting *t = &d->sit[idx[g[a].first]];
        for (long k = a; k < b && rc == AT_OK; k++) {
            int m = g[k].muni + 1;
            if (need[m] == 0)
                continue;
            if (over[m] > 0) {
                const char *mc = m > 0 ? d->munis[m - 1] : "(no school)";
                if (ss_shortage(st->sh, mc, e->code, need[m], need[m] - over[m],
                                "municipality %s, %s %s (%s): %ld participants, %ld admissible seats in %s; "
                                "short by %ld", mc, d->date, e->subject, e->form, need[m], need[m] - over[m],
                                ss_class_name(d, t), over[m]))
                    rc = AT_ENOMEM;
            }
            need[m] = over[m] = 0;
        }
        a = b;
    }
    free(need), free(over);
    return rc;
}

/* ---- the class ---- */
int ss_solve_class(ss_state *st, long *idx, long n)
{
    sd_day *d = st->d;
    const sd_sitting *t0 = &d->sit[idx[0]];
    int rc = AT_OK;
    /* groups */
    long ng = 0;
    for (long i = 0; i < n; i++)
        if (i == 0 || d->sit[idx[i]].exam != d->sit[idx[i - 1]].exam ||
            d->sit[idx[i]].school != d->sit[idx[i - 1]].school)
            ng++;
    group *g = calloc((size_t)ng, sizeof *g);
    cpoint *pts = calloc((size_t)d->npoints + 1, sizeof *pts);
    cand *cands = malloc(((size_t)d->npoints + 1) * sizeof *cands);
    if (!g || !pts || !cands) {
        free(g), free(pts), free(cands);
        return AT_ENOMEM;
    }
    ng = 0;
    for (long i = 0; i < n; i++) {
        const sd_sitting *t = &d->sit[idx[i]];
        if (i == 0 || t->exam != d->sit[idx[i - 1]].exam || t->school != d->sit[idx[i - 1]].school)
            g[ng++] = (group){i, 0, t->exam, t->school, t->muni, 0, 0, 0};
        g[ng - 1].count++;
    }
    /* shuffle within each group (who of a school goes where is random, seeded) */
    for (long a = 0; a < ng; a++)
        for (long i = g[a].count - 1; i > 0; i--) {
            long j = (long)rng_below(st->rng, (uint64_t)i + 1);
            long tmp = idx[g[a].first + i];
            idx[g[a].first + i] = idx[g[a].first + j];
            idx[g[a].first + j] = tmp;
        }
    /* points of the class: reachable by some group, of the right kind, with seats */
    int npts = 0;
    bool region = strcmp(d->scheme, "region") == 0;
    /* where the profile lets exams of a day share a room, the class's exams
     * are packed as one (rooms keyed by the class's first exam) */
    bool mix = !d->exams[t0->exam].prof->logistics.one_exam_per_room;
#define EXAM_KEY(e) (mix ? t0->exam : (e))
    carc *arcs = NULL;
    long narcs = 0, caparcs = 0;
    /* Within a class, a school's candidate points do not depend on the exam
     * (same grade, so the same profile; same point kind; a point's free seats
     * are the same for every exam of the class while no room of the class is
     * used yet): each school's are found once. A re-plan has partly used
     * rooms, whose free seats depend on the exam, so it finds them per group. */
    long *first_of = st->replan ? NULL : malloc(((size_t)d->nschools + 1) * sizeof *first_of);
    for (int pass = 0; pass < 2; pass++) {
        bool widen = pass == 1;
        for (int k = 0; k < npts; k++)
            st->local[pts[k].point] = -1;
        npts = 0;
        narcs = 0;
        if (first_of)
            for (int c = 0; c < d->nschools; c++)
                first_of[c] = -1;
        for (long a = 0; a < ng; a++) {
            const sd_sitting *t = &d->sit[idx[g[a].first]];
            int m = g[a].muni;
            long f = first_of && g[a].school >= 0 ? first_of[g[a].school] : -1;
            if (f >= 0) {
                /* the school's group of another exam: the same candidates */
                if (narcs + g[f].narcs > caparcs) {
                    long c2 = caparcs ? caparcs * 2 : 1024;
                    while (c2 < narcs + g[f].narcs)
                        c2 *= 2;
                    carc *na = realloc(arcs, (size_t)c2 * sizeof *na);
                    if (!na) {
                        rc = AT_ENOMEM;
                        goto out;
                    }
                    arcs = na, caparcs = c2;
                }
                g[a].arc0 = narcs, g[a].narcs = g[f].narcs;
                for (long k = g[f].arc0; k < g[f].arc0 + g[f].narcs; k++)
                    arcs[narcs++] = (carc){arcs[k].to, arcs[k].cost, -1};
                continue;
            }
            if (first_of && g[a].school >= 0)
                first_of[g[a].school] = a;
            int nc = 0;
            int nall = region || m < 0 ? d->npoints : d->nallowed[m];
            for (int k = 0; k < nall; k++) {
                int p = region || m < 0 ? k : d->allowed[m][k];
                if (!sd_point_allowed(d, t, p))
                    continue;
                if (st->local[p] < 0) {
                    long c = point_cap(st, p, t) - st->cut[p];
                    if (c <= 0)
                        continue;
                    st->local[p] = npts;
                    pts[npts++] = (cpoint){p, c};
                }
                cand c = {p, hav(d, g[a].school, p)};
                if (widen)
                    cands[nc++] = c;
                else
                    keep_best(cands, &nc, st->candidates, c);
            }
            if (widen)
                qsort(cands, (size_t)nc, sizeof *cands, cmp_cand);
            int keep = nc;
            if (narcs + keep > caparcs) {
                long c2 = caparcs ? caparcs * 2 : 1024;
                while (c2 < narcs + keep)
                    c2 *= 2;
                carc *na = realloc(arcs, (size_t)c2 * sizeof *na);
                if (!na) {
                    rc = AT_ENOMEM;
                    goto out;
                }
                arcs = na, caparcs = c2;
            }
            g[a].arc0 = narcs, g[a].narcs = keep;
            for (int k = 0; k < keep; k++)
                arcs[narcs++] = (carc){st->local[cands[k].point], (int64_t)(sd_hav_m(cands[k].m) + 0.5), -1};
        }
        /* solve, re-solving after a packing failure with the point's capacity cut */
        for (int attempt = 0; attempt <= MAX_RESOLVES; attempt++) {
            int nodes = (int)ng + npts + 1, sink = nodes - 1;
            mcf *f = mcf_new(nodes, narcs + 2 * npts + ng);
            if (!f) {
                rc = AT_ENOMEM;
                goto out;
            }
            long total = 0;
            for (long a = 0; a < ng; a++) {
                mcf_set_supply(f, (int)a, g[a].count);
                total += g[a].count;
                for (long k = g[a].arc0; k < g[a].arc0 + g[a].narcs; k++)
                    arcs[k].id = mcf_add_arc(f, (int)a, (int)ng + arcs[k].to, g[a].count, arcs[k].cost);
            }
            for (int k = 0; k < npts; k++) {
                long c = point_cap(st, pts[k].point, t0) - st->cut[pts[k].point];
                if (c < 0)
                    c = 0;
                pts[k].cap = c;
                long soft = c - c / 5;
                mcf_add_arc(f, (int)ng + k, sink, soft, 0);
                mcf_add_arc(f, (int)ng + k, sink, c - soft, BALANCE_PENALTY);
            }
            /* last pass: overflow arcs measure exactly what cannot be placed */
            int64_t *ovf = NULL;
            if (widen) {
                ovf = malloc((size_t)ng * sizeof *ovf);
                if (!ovf) {
                    mcf_free(f);
                    rc = AT_ENOMEM;
                    goto out;
                }
                for (long a = 0; a < ng; a++)
                    ovf[a] = mcf_add_arc(f, (int)a, sink, g[a].count, OVERFLOW_COST);
            }
            mcf_set_supply(f, sink, -total);
            st->sum->arcs += (long)mcf_arcs(f);
            double ts = now_s();
            mcf_status ms = mcf_solve(f);
            st->sum->solve_seconds += now_s() - ts;
            if (ms == MCF_NOMEM) {
                free(ovf), mcf_free(f);
                rc = AT_ENOMEM;
                goto out;
            }
            long over = 0;
            if (ms == MCF_OPTIMAL && ovf)
                for (long a = 0; a < ng; a++)
                    over += g[a].overflow = mcf_flow(f, ovf[a]);
            if (ms != MCF_OPTIMAL || over > 0) {
                free(ovf);
                mcf_free(f);
                if (!widen)
                    break; /* widen the candidate arcs */
                rc = explain(st, idx, g, ng);
                goto out;
            }
            free(ovf);
            /* pack each point; on a shortfall cut its capacity and solve again */
            long *cnt = calloc((size_t)npts * (size_t)d->nexams, sizeof *cnt);
            slot *slots = malloc(((size_t)d->nrooms + 1) * sizeof *slots);
            int nslots = 0;
            bool short_any = false;
            if (!cnt || !slots) {
                free(cnt), free(slots), mcf_free(f);
                rc = AT_ENOMEM;
                goto out;
            }
            for (long a = 0; a < ng; a++)
                for (long k = g[a].arc0; k < g[a].arc0 + g[a].narcs; k++)
                    cnt[(size_t)arcs[k].to * (size_t)d->nexams + (size_t)EXAM_KEY(g[a].exam)] +=
                        mcf_flow(f, arcs[k].id);
            int *pslot = malloc((2 * (size_t)npts * (size_t)d->nexams + 2) * sizeof *pslot);
            if (!pslot) {
                free(cnt), free(slots), mcf_free(f);
                rc = AT_ENOMEM;
                goto out;
            }
            for (int k = 0; k < npts; k++) {
                /* largest exams first: they need the big rooms */
                for (;;) {
                    int be = -1;
                    for (int e = 0; e < d->nexams; e++)
                        if (cnt[(size_t)k * (size_t)d->nexams + (size_t)e] > 0 &&
                            (be < 0 || cnt[(size_t)k * (size_t)d->nexams + (size_t)e] >
                                           cnt[(size_t)k * (size_t)d->nexams + (size_t)be]))
                            be = e;
                    if (be < 0)
                        break;
                    long need = cnt[(size_t)k * (size_t)d->nexams + (size_t)be];
                    cnt[(size_t)k * (size_t)d->nexams + (size_t)be] = -need; /* done, keep the count */
                    sd_sitting probe = *t0;
                    probe.exam = be;
                    pslot[2 * ((size_t)k * (size_t)d->nexams + (size_t)be)] = nslots;
                    long miss = pack(st, pts[k].point, &probe, need, slots, &nslots);
                    pslot[2 * ((size_t)k * (size_t)d->nexams + (size_t)be) + 1] = nslots;
                    if (miss > 0) {
                        /* rooms, not seats, ran out: push at least the missing
                         * exam's whole share elsewhere, so that fewer exams meet here */
                        st->cut[pts[k].point] += need > miss ? need : miss;
                        short_any = true;
                    }
                }
            }
            if (short_any && (attempt == MAX_RESOLVES || (widen && attempt >= 10))) {
                /* rooms, not seats, are short: say where */
                for (int k = 0; k < npts && rc == AT_OK; k++) {
                    const sd_point *pt = &d->points[pts[k].point];
                    if (st->cut[pts[k].point] == 0)
                        continue;
                    int nex = 0, nfree = 0;
                    for (int e = 0; e < d->nexams; e++)
                        nex += cnt[(size_t)k * (size_t)d->nexams + (size_t)e] != 0;
                    for (int i = pt->room0; i < pt->room0 + pt->nrooms; i++)
                        nfree += sd_room_fits(&d->rooms[i], &d->exams[t0->exam], t0->ovzroom);
                    if (ss_shortage(st->sh, pt->code, "", st->cut[pts[k].point], 0,
                                    "exam point %s, %s: %d exam%s in %s need more rooms than its %d (one exam per "
                                    "room); %ld participants without a room", pt->code, d->date, nex,
                                    nex == 1 ? "" : "s", ss_class_name(d, t0), nfree, st->cut[pts[k].point]))
                        rc = AT_ENOMEM;
                }
                unpack(st, slots, 0, nslots);
                free(cnt), free(slots), free(pslot), mcf_free(f);
                goto out;
            }
            if (short_any) {
                unpack(st, slots, 0, nslots);
                free(cnt), free(slots), free(pslot), mcf_free(f);
                st->sum->resolves++;
                continue;
            }
            /* the model of the main class (regular everything), for --model-out */
            if (st->o->model_out && t0->pkind == PK_REGULAR && !t0->ovzroom &&
                d->exams[t0->exam].room_kind == RK_REGULAR) {
                /* recorded below via mcf structure: supplies and arcs */
                int base = st->model.nodes;
                int need_nodes = base + nodes;
                if (need_nodes > st->model.capnodes) {
                    int c2 = st->model.capnodes ? st->model.capnodes * 2 : 4096;
                    while (c2 < need_nodes)
                        c2 *= 2;
                    int64_t *ns = realloc(st->model.supply, (size_t)c2 * sizeof *ns);
                    if (!ns) {
                        free(cnt), free(slots), free(pslot), mcf_free(f);
                        rc = AT_ENOMEM;
                        goto out;
                    }
                    st->model.supply = ns, st->model.capnodes = c2;
                }
                for (long a = 0; a < ng; a++)
                    st->model.supply[base + a] = g[a].count;
                for (int k = 0; k < npts; k++)
                    st->model.supply[base + (int)ng + k] = 0;
                st->model.supply[base + sink] = -total;
                st->model.nodes = need_nodes;
                long add = narcs + 2 * npts;
                if (st->model.n + add > st->model.capn) {
                    long c2 = st->model.capn ? st->model.capn * 2 : 4096;
                    while (c2 < st->model.n + add)
                        c2 *= 2;
                    int64_t **v[] = {&st->model.from, &st->model.to, &st->model.cap, &st->model.cost};
                    for (int q = 0; q < 4; q++) {
                        int64_t *nv = realloc(*v[q], (size_t)c2 * sizeof *nv);
                        if (!nv) {
                            free(cnt), free(slots), free(pslot), mcf_free(f);
                            rc = AT_ENOMEM;
                            goto out;
                        }
                        *v[q] = nv;
                    }
                    st->model.capn = c2;
                }
#define MODEL_ARC(a_, b_, c_, k_) \
    (st->model.from[st->model.n] = base + (a_), st->model.to[st->model.n] = base + (b_), \
     st->model.cap[st->model.n] = (c_), st->model.cost[st->model.n++] = (k_))
                for (long a = 0; a < ng; a++)
                    for (long k = g[a].arc0; k < g[a].arc0 + g[a].narcs; k++)
                        MODEL_ARC(a, (int)ng + arcs[k].to, g[a].count, arcs[k].cost);
                for (int k = 0; k < npts; k++) {
                    long soft = pts[k].cap - pts[k].cap / 5;
                    MODEL_ARC((int)ng + k, sink, soft, 0);
                    MODEL_ARC((int)ng + k, sink, pts[k].cap - soft, BALANCE_PENALTY);
                }
#undef MODEL_ARC
                st->sum->model_cost += mcf_cost(f);
            }
            st->sum->transport_cost += mcf_cost(f);
            /* participants → points (by the flows), then → rooms (dealt by school) */
            long *bucket = malloc((size_t)n * sizeof *bucket);
            long *bstart = calloc((size_t)npts * (size_t)d->nexams + 1, sizeof *bstart);
            if (!bucket || !bstart) {
                free(bucket), free(bstart), free(cnt), free(slots), free(pslot), mcf_free(f);
                rc = AT_ENOMEM;
                goto out;
            }
            for (long a = 0; a < ng; a++)
                for (long k = g[a].arc0; k < g[a].arc0 + g[a].narcs; k++)
                    bstart[(size_t)arcs[k].to * (size_t)d->nexams + (size_t)EXAM_KEY(g[a].exam) + 1] +=
                        mcf_flow(f, arcs[k].id);
            for (size_t q = 1; q <= (size_t)npts * (size_t)d->nexams; q++)
                bstart[q] += bstart[q - 1];
            long *bfill = malloc(((size_t)npts * (size_t)d->nexams + 1) * sizeof *bfill);
            if (!bfill) {
                free(bucket), free(bstart), free(cnt), free(slots), free(pslot), mcf_free(f);
                rc = AT_ENOMEM;
                goto out;
            }
            memcpy(bfill, bstart, ((size_t)npts * (size_t)d->nexams + 1) * sizeof *bfill);
            for (long a = 0; a < ng; a++) {
                long next = g[a].first;
                for (long k = g[a].arc0; k < g[a].arc0 + g[a].narcs; k++) {
                    int64_t fl = mcf_flow(f, arcs[k].id);
                    size_t b = (size_t)arcs[k].to * (size_t)d->nexams + (size_t)EXAM_KEY(g[a].exam);
                    for (int64_t q = 0; q < fl; q++)
                        bucket[bfill[b]++] = idx[next++];
                }
            }
            for (int k = 0; k < npts && rc == AT_OK; k++)
                for (int e = 0; e < d->nexams && rc == AT_OK; e++) {
                    size_t b = (size_t)k * (size_t)d->nexams + (size_t)e;
                    long m = bstart[b + 1] - bstart[b];
                    if (m == 0)
                        continue;
                    /* the slots pack() made for (k, e) */
                    int s0 = pslot[2 * b], s1 = pslot[2 * b + 1];
                    /* deal: participants are ordered by school, rooms taken in turn */
                    int ns = s1 - s0, cur = 0;
                    for (long q = 0; q < m; q++) {
                        int tries = 0;
                        while (slots[s0 + cur].got >= slots[s0 + cur].quota && tries++ < ns)
                            cur = (cur + 1) % ns;
                        sd_sitting *t = &d->sit[bucket[bstart[b] + q]];
                        t->room = slots[s0 + cur].room;
                        slots[s0 + cur].got++;
                        cur = (cur + 1) % ns;
                    }
                    /* seats, room by room */
                    for (int z = s0; z < s1; z++) {
                        sd_room *r = &d->rooms[slots[z].room];
                        long *in = malloc(((size_t)slots[z].got + 1) * sizeof *in);
                        if (!in) {
                            rc = AT_ENOMEM;
                            break;
                        }
                        long ni = 0;
                        for (long q = 0; q < m; q++)
                            if (d->sit[bucket[bstart[b] + q]].room == slots[z].room)
                                in[ni++] = bucket[bstart[b] + q];
                        if (!st->replan)
                            st->sum->adjacent_same_school += sd_order_seats(d, in, ni, st->rng);
                        int seatno = 0;
                        for (long q = 0; q < ni; q++) {
                            if (st->taken && st->taken[slots[z].room]) {
                                unsigned char *tk = st->taken[slots[z].room];
                                do
                                    seatno++;
                                while (tk[seatno]);
                                tk[seatno] = 1;
                            } else {
                                seatno = r->used + (int)q + 1;
                            }
                            d->sit[in[q]].seat = seatno;
                        }
                        r->used += (int)ni;
                        free(in);
                    }
                }
            free(bucket), free(bstart), free(bfill), free(cnt), free(slots), free(pslot);
            mcf_free(f);
            goto out;
        }
    }
out:
#undef EXAM_KEY
    for (int k = 0; k < npts; k++)
        st->local[pts[k].point] = -1, st->cut[pts[k].point] = 0;
    free(arcs);
    free(first_of);
    free(g), free(pts), free(cands);
    return rc;
}

int ss_write_model(ss_state *st, const char *path, at_error *err)
{
    mcf *f = mcf_new(st->model.nodes > 0 ? st->model.nodes : 1, st->model.n);
    if (!f)
        return at_fail(err, AT_ENOMEM, "seat", "out of memory");
    for (long i = 0; i < st->model.n; i++)
        mcf_add_arc(f, (int)st->model.from[i], (int)st->model.to[i], st->model.cap[i], st->model.cost[i]);
    for (int v = 0; v < st->model.nodes; v++)
        mcf_set_supply(f, v, st->model.supply[v]);
    FILE *out = fopen(path, "w");
    if (!out) {
        mcf_free(f);
        return at_fail(err, AT_EINPUT, path, "cannot write the model file");
    }
    int w = mcf_write_lp(f, out);
    if (fclose(out) != 0 || w != 0) {
        mcf_free(f);
        return at_fail(err, AT_EINTERNAL, path, "writing the model failed");
    }
    mcf_free(f);
    return AT_OK;
}

void ss_finish_summary(ss_state *st)
{
    sd_day *d = st->d;
    seat_summary *s = st->sum;
    char *pu = calloc((size_t)d->npoints + 1, 1), *ru = calloc((size_t)d->nrooms + 1, 1);
    char *su = calloc((size_t)d->nschools + 1, 1);
    double km = 0, m = 0;
    int last_school = -2, last_point = -1;
    s->seated = 0;
    for (long i = 0; i < d->nsit; i++) {
        const sd_sitting *t = &d->sit[i];
        if (t->room < 0)
            continue;
        s->seated++;
        int p = d->rooms[t->room].point;
        /* sittings come by school, most of a school's to a few points: the
         * pair's distance is computed once per run of the same pair (the sum
         * is the same, added in the same order) */
        if (t->school != last_school || p != last_point)
            m = dist(d, t->school, p), last_school = t->school, last_point = p;
        km += m / 1000.0;
        if (pu && ru && su) {
            pu[p] = 1, ru[t->room] = 1;
            if (t->school >= 0)
                su[t->school] = 1;
        }
    }
    s->travel_km = km;
    s->points_used = s->rooms_used = s->schools = 0;
    for (int p = 0; pu && p < d->npoints; p++)
        s->points_used += pu[p];
    for (int r = 0; ru && r < d->nrooms; r++)
        s->rooms_used += ru[r];
    for (int c = 0; su && c < d->nschools; c++)
        s->schools += su[c];
    free(pu), free(ru), free(su);
}
