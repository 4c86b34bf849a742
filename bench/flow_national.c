/* flow_national — benchmark instance for the school → exam point stage.
 *
 * Generates, deterministically from --seed, a transportation instance shaped
 * like a national exam day: territories, schools and exam points with
 * coordinates in metres, each school linked to its 2–3 nearest points of its
 * own territory (cost = distance in metres, capacity = the school's
 * participants), each point linked to one sink with its seat capacity (cost 0).
 * Point capacities are 1.1 × the load of a random feasible assignment, so the
 * instance is always feasible but sending everyone to the nearest point is not.
 *
 *   flow_national [--participants N] [--schools S] [--points P]
 *                 [--territories T] [--seed X]
 *                 [--solver attest|glpk|none] [--lp FILE]
 *
 * Defaults: 1,080,000 participants, 40,000 schools, 5,000 points,
 * 84 territories; with only --participants the others scale with it.
 * Prints one line of key=value pairs: the instance size, the solver's status,
 * optimal cost, the seconds spent in the solver alone (graph built before the
 * clock starts), and the process's peak resident memory. --lp writes the same
 * model with mcf_write_lp (for glpsol / cbc, see seat_milp.sh). */
#include <errno.h>
#include <glpk.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "flow/mcf.h"

static uint64_t rs;

static uint64_t rnd(void)   /* splitmix64 */
{
    uint64_t z = (rs += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unit(void) { return (double)(rnd() >> 11) * 0x1.0p-53; }

typedef struct {
    int schools, points, territories;
    int64_t participants;
    int *from, *to;         /* arcs */
    int64_t *cap, *cost;
    int64_t *supply;        /* nodes: schools, points, sink */
    int64_t arcs;
} instance;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "flow_national: out of memory\n");
        exit(2);
    }
    return p;
}

static void generate(instance *in, uint64_t seed)
{
    rs = seed * 0x2545f4914f6cdd1dull + 1;
    int S = in->schools, P = in->points, T = in->territories;
    int n = S + P + 1, sink = S + P;
    const double side = 60000.0;   /* a territory is 60 × 60 km */
    double *x = xcalloc((size_t)n, sizeof *x), *y = xcalloc((size_t)n, sizeof *y);
    for (int v = 0; v < S + P; v++) {
        x[v] = unit() * side;
        y[v] = unit() * side;
    }
    /* points of territory t: t, t + T, t + 2T, … (index among points) */
    in->supply = xcalloc((size_t)n, sizeof *in->supply);
    double *w = xcalloc((size_t)S, sizeof *w), wsum = 0;
    for (int s = 0; s < S; s++) {
        w[s] = 0.2 + unit() * unit() * 3.0;   /* a few large schools */
        wsum += w[s];
    }
    int64_t spread = in->participants - S, given = 0;
    for (int s = 0; s < S; s++) {
        in->supply[s] = 1 + (int64_t)floor(w[s] / wsum * (double)spread);
        given += in->supply[s];
    }
    for (int s = 0; given < in->participants; s = (s + 1) % S, given++)
        in->supply[s]++;

    int64_t maxarcs = (int64_t)S * 3 + P;
    in->from = xcalloc((size_t)maxarcs, sizeof *in->from);
    in->to = xcalloc((size_t)maxarcs, sizeof *in->to);
    in->cap = xcalloc((size_t)maxarcs, sizeof *in->cap);
    in->cost = xcalloc((size_t)maxarcs, sizeof *in->cost);
    int64_t *load = xcalloc((size_t)P, sizeof *load);
    int64_t a = 0;
    for (int s = 0; s < S; s++) {
        int t = s % T;
        int k = unit() < 0.625 ? 3 : 2;
        int best[3] = {-1, -1, -1};
        double bd[3] = {INFINITY, INFINITY, INFINITY};
        for (int q = t; q < P; q += T) {
            double d = hypot(x[s] - x[S + q], y[s] - y[S + q]);
            for (int i = 0; i < k; i++)
                if (d < bd[i]) {
                    for (int j = k - 1; j > i; j--) {
                        bd[j] = bd[j - 1];
                        best[j] = best[j - 1];
                    }
                    bd[i] = d;
                    best[i] = q;
                    break;
                }
        }
        int got = 0;
        for (int i = 0; i < k; i++)
            if (best[i] >= 0) {
                in->from[a] = s;
                in->to[a] = S + best[i];
                in->cap[a] = in->supply[s];
                in->cost[a] = (int64_t)llround(bd[i]);
                a++;
                got++;
            }
        /* the random assignment that makes the capacities feasible */
        load[best[rnd() % (uint64_t)got]] += in->supply[s];
    }
    for (int q = 0; q < P; q++) {
        in->from[a] = S + q;
        in->to[a] = sink;
        in->cap[a] = (load[q] * 11 + 9) / 10;
        in->cost[a] = 0;
        a++;
    }
    in->arcs = a;
    in->supply[sink] = -in->participants;
    free(load);
    free(w);
    free(x);
    free(y);
}

static mcf *build(const instance *in)
{
    int n = in->schools + in->points + 1;
    mcf *g = mcf_new(n, in->arcs);
    if (!g)
        return NULL;
    for (int64_t a = 0; a < in->arcs; a++)
        if (mcf_add_arc(g, in->from[a], in->to[a], in->cap[a], in->cost[a]) < 0) {
            mcf_free(g);
            return NULL;
        }
    for (int u = 0; u < n; u++)
        mcf_set_supply(g, u, in->supply[u]);
    return g;
}

/* Bounds and conservation of attest's flow, checked here, not by the solver. */
static int verify(const instance *in, const mcf *g)
{
    int n = in->schools + in->points + 1;
    int64_t *bal = xcalloc((size_t)n, sizeof *bal), cost = 0;
    int ok = 1;
    for (int64_t a = 0; a < in->arcs; a++) {
        int64_t f = mcf_flow(g, a);
        if (f < 0 || f > in->cap[a])
            ok = 0;
        bal[in->from[a]] += f;
        bal[in->to[a]] -= f;
        cost += f * in->cost[a];
    }
    for (int u = 0; u < n; u++)
        if (bal[u] != in->supply[u])
            ok = 0;
    free(bal);
    return ok && cost == mcf_cost(g);
}

typedef struct { double rhs; } v_data;
typedef struct { double low, cap, cost, x; } a_data;

static int run_glpk(const instance *in, double *cost, double *secs)
{
    int n = in->schools + in->points + 1;
    glp_term_out(GLP_OFF);
    glp_graph *G = glp_create_graph(sizeof(v_data), sizeof(a_data));
    glp_add_vertices(G, n);
    for (int u = 0; u < n; u++)
        ((v_data *)G->v[u + 1]->data)->rhs = (double)in->supply[u];
    for (int64_t a = 0; a < in->arcs; a++) {
        a_data *d = glp_add_arc(G, in->from[a] + 1, in->to[a] + 1)->data;
        d->low = 0;
        d->cap = (double)in->cap[a];
        d->cost = (double)in->cost[a];
    }
    double t0 = now();
    int rc = glp_mincost_okalg(G, offsetof(v_data, rhs), offsetof(a_data, low),
                               offsetof(a_data, cap), offsetof(a_data, cost), cost,
                               offsetof(a_data, x), -1);
    *secs = now() - t0;
    glp_delete_graph(G);
    return rc;
}

static const char *status_name(mcf_status st)
{
    switch (st) {
    case MCF_OPTIMAL: return "optimal";
    case MCF_INFEASIBLE: return "infeasible";
    case MCF_UNBALANCED: return "unbalanced";
    default: return "nomem";
    }
}

static int64_t num_arg(const char *opt, const char *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || *end || x <= 0) {
        fprintf(stderr, "flow_national: %s expects a positive integer, got '%s'\n", opt, v);
        exit(2);
    }
    return x;
}

int main(int argc, char **argv)
{
    instance in = {0};
    int64_t participants = 1080000, schools = 0, points = 0, territories = 0;
    uint64_t seed = 1;
    const char *solver = "attest", *lp = NULL;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "flow_national: %s needs a value\n", o);
            return 2;
        }
        i++;
        if (!strcmp(o, "--participants")) participants = num_arg(o, v);
        else if (!strcmp(o, "--schools")) schools = num_arg(o, v);
        else if (!strcmp(o, "--points")) points = num_arg(o, v);
        else if (!strcmp(o, "--territories")) territories = num_arg(o, v);
        else if (!strcmp(o, "--seed")) seed = (uint64_t)num_arg(o, v);
        else if (!strcmp(o, "--solver")) solver = v;
        else if (!strcmp(o, "--lp")) lp = v;
        else {
            fprintf(stderr, "flow_national: unknown option %s\n", o);
            return 2;
        }
    }
    /* national shape: 27 participants a school, 8 schools a point, ~59
     * points a territory */
    if (!schools)
        schools = participants / 27 > 3 ? participants / 27 : 3;
    if (!points)
        points = schools / 8 > 3 ? schools / 8 : 3;
    if (!territories)
        territories = points / 59 > 1 ? points / 59 : 1;
    if (points < 3 * territories || schools > participants) {
        fprintf(stderr, "flow_national: need >= 3 points a territory and >= 1 participant a school\n");
        return 2;
    }
    in.participants = participants;
    in.schools = (int)schools;
    in.points = (int)points;
    in.territories = (int)territories;
    generate(&in, seed);
    printf("participants=%" PRId64 " schools=%d points=%d territories=%d nodes=%d arcs=%" PRId64,
           participants, in.schools, in.points, in.territories,
           in.schools + in.points + 1, in.arcs);

    int rc = 0;
    if (!strcmp(solver, "attest") || lp) {
        mcf *g = build(&in);
        if (!g) {
            fprintf(stderr, "flow_national: out of memory\n");
            return 2;
        }
        if (lp) {
            FILE *f = fopen(lp, "w");
            if (!f || mcf_write_lp(g, f) || fclose(f)) {
                fprintf(stderr, "flow_national: cannot write %s\n", lp);
                return 2;
            }
        }
        if (!strcmp(solver, "attest")) {
            long rss0 = peak_rss_kb();
            double t0 = now();
            mcf_status st = mcf_solve(g);
            double secs = now() - t0;
            int ok = st == MCF_OPTIMAL && verify(&in, g);
            printf(" solver=attest status=%s cost=%" PRId64 " seconds=%.6f verified=%d"
                   " rss_before_solve_kb=%ld peak_rss_kb=%ld",
                   status_name(st), mcf_cost(g), secs, ok, rss0, peak_rss_kb());
            rc = ok ? 0 : 1;
        }
        mcf_free(g);
    }
    if (!strcmp(solver, "glpk")) {
        double cost = 0, secs = 0;
        int grc = run_glpk(&in, &cost, &secs);
        printf(" solver=glpk-okalg status=%s cost=%.0f seconds=%.6f peak_rss_kb=%ld",
               grc == 0 ? "optimal" : grc == GLP_ENOPFS ? "infeasible" : "error",
               cost, secs, peak_rss_kb());
        rc = grc == 0 ? 0 : 1;
    }
    printf("\n");
    free(in.from);
    free(in.to);
    free(in.cap);
    free(in.cost);
    free(in.supply);
    return rc;
}
