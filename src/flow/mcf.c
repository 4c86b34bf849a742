/* mcf.c — minimum-cost flow by the primal network simplex method.
 *
 * The basis is a spanning tree of the graph plus an artificial root node r;
 * every node starts as a child of r through an artificial arc carrying its
 * supply (u → r for supplies, r → u for demands). Arcs into r cost 0, arcs out
 * of r cost ART, a cost larger than the cost of any simple path of real arcs,
 * so an optimal flow that still uses an artificial arc proves the supplies
 * infeasible (every cycle of the residual graph through r that would reduce
 * artificial flow costs at most -ART + (n-1)·max|cost| < 0).
 *
 * Tree representation: parent, the tree arc to the parent (pred) and its
 * direction (up: node → parent), depth, and the preorder thread (with its
 * reverse), so the subtree of u is u followed by the thread nodes deeper than
 * u. A pivot re-hangs the subtree cut off by the leaving arc below the
 * entering arc; the new preorder of that subtree is assembled in a scratch
 * buffer in time linear in its size (the same order as the potential update
 * that has to visit it anyway).
 *
 * Pricing: block search (Grigoriadis) — scan the arcs cyclically in blocks of
 * about sqrt(m)/4 and take the most negative reduced cost of the first block
 * that has one. Leaving arc: the last blocking arc met when walking the cycle
 * in its orientation from the apex (strongly feasible trees), which rules out
 * cycling in degenerate pivots. Everything is deterministic. */
#include "flow/mcf.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { ST_UPPER = -1, ST_TREE = 0, ST_LOWER = 1 };
enum { DIR_UP = 1, DIR_DOWN = -1 };

struct mcf {
    int n;
    int64_t m, mcap;
    int *src, *dst;
    int64_t *cap, *cost, *flow;
    int64_t *supply;
    int64_t *unrouted;   /* after a solve: supply left at each node */
    int64_t solved_m;    /* arcs the last solve saw (flow has that many) */
};

mcf *mcf_new(int nodes, int64_t arcs_hint)
{
    if (nodes < 0)
        return NULL;
    mcf *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->n = nodes;
    g->supply = calloc((size_t)nodes + 1, sizeof *g->supply);
    if (!g->supply) {
        free(g);
        return NULL;
    }
    if (arcs_hint > 0) {
        g->mcap = arcs_hint;
        g->src = malloc((size_t)arcs_hint * sizeof *g->src);
        g->dst = malloc((size_t)arcs_hint * sizeof *g->dst);
        g->cap = malloc((size_t)arcs_hint * sizeof *g->cap);
        g->cost = malloc((size_t)arcs_hint * sizeof *g->cost);
        if (!g->src || !g->dst || !g->cap || !g->cost) {
            mcf_free(g);
            return NULL;
        }
    }
    return g;
}

void mcf_free(mcf *g)
{
    if (!g)
        return;
    free(g->src);
    free(g->dst);
    free(g->cap);
    free(g->cost);
    free(g->flow);
    free(g->supply);
    free(g->unrouted);
    free(g);
}

static int grow(void **p, size_t elem, int64_t count)
{
    void *q = realloc(*p, (size_t)count * elem);
    if (!q)
        return -1;
    *p = q;
    return 0;
}

int64_t mcf_add_arc(mcf *g, int from, int to, int64_t cap, int64_t cost)
{
    if (from < 0 || from >= g->n || to < 0 || to >= g->n || cap < 0)
        return -1;
    if (g->m == g->mcap) {
        int64_t nc = g->mcap ? g->mcap * 2 : 64;
        if (grow((void **)&g->src, sizeof *g->src, nc) ||
            grow((void **)&g->dst, sizeof *g->dst, nc) ||
            grow((void **)&g->cap, sizeof *g->cap, nc) ||
            grow((void **)&g->cost, sizeof *g->cost, nc))
            return -1;
        g->mcap = nc;
    }
    int64_t a = g->m++;
    g->src[a] = from;
    g->dst[a] = to;
    g->cap[a] = cap;
    g->cost[a] = cost;
    return a;
}

void mcf_set_supply(mcf *g, int node, int64_t supply)
{
    if (node >= 0 && node < g->n) {
        g->supply[node] = supply;
        }
}

int64_t mcf_flow(const mcf *g, int64_t arc)
{
    if (!g->flow || arc < 0 || arc >= g->solved_m)
        return 0;
    return g->flow[arc];
}

int64_t mcf_cost(const mcf *g)
{
    if (!g->flow)
        return 0;
    int64_t c = 0;
    for (int64_t a = 0; a < g->solved_m; a++)
        c += g->flow[a] * g->cost[a];
    return c;
}

int64_t mcf_unrouted(const mcf *g, int node)
{
    if (!g->unrouted || node < 0 || node >= g->n)
        return 0;
    return g->unrouted[node];
}

int mcf_nodes(const mcf *g) { return g->n; }
int64_t mcf_arcs(const mcf *g) { return g->m; }

/* ---- the simplex ------------------------------------------------------- */

typedef struct {
    int n;             /* real nodes; the root is node n */
    int64_t m;         /* real arcs; arc m + u is u's artificial arc */
    int *src, *dst;    /* m + n entries */
    int64_t *cap, *cost, *flow;
    signed char *state;
    int *parent, *pred, *depth, *thread, *rthread;
    signed char *dir;
    int64_t *pi;
    int *buf, *stem, *bstart;   /* pivot scratch, n + 1 each */
    /* current pivot */
    int64_t in_arc;
    int join, u_in, v_in, u_out;
    int64_t delta;
    /* pricing */
    int64_t next_arc, block;
} simplex;

static void sx_free(simplex *s)
{
    free(s->src); free(s->dst); free(s->cap); free(s->cost); free(s->flow);
    free(s->state); free(s->parent); free(s->pred); free(s->depth);
    free(s->thread); free(s->rthread); free(s->dir); free(s->pi);
    free(s->buf); free(s->stem); free(s->bstart);
}

static int sx_init(simplex *s, const mcf *g)
{
    memset(s, 0, sizeof *s);
    int n = g->n;
    int64_t m = g->m, all = m + n;
    size_t nn = (size_t)n + 1;
    s->n = n;
    s->m = m;
    s->src = malloc((size_t)all * sizeof *s->src + 1);
    s->dst = malloc((size_t)all * sizeof *s->dst + 1);
    s->cap = malloc((size_t)all * sizeof *s->cap + 1);
    s->cost = malloc((size_t)all * sizeof *s->cost + 1);
    s->flow = malloc((size_t)all * sizeof *s->flow + 1);
    s->state = malloc((size_t)all + 1);
    s->parent = malloc(nn * sizeof(int));
    s->pred = malloc(nn * sizeof(int));
    s->depth = malloc(nn * sizeof(int));
    s->thread = malloc(nn * sizeof(int));
    s->rthread = malloc(nn * sizeof(int));
    s->dir = malloc(nn);
    s->pi = malloc(nn * sizeof(int64_t));
    s->buf = malloc(nn * sizeof(int));
    s->stem = malloc(nn * sizeof(int));
    s->bstart = malloc(nn * sizeof(int));
    if (!s->src || !s->dst || !s->cap || !s->cost || !s->flow || !s->state ||
        !s->parent || !s->pred || !s->depth || !s->thread || !s->rthread ||
        !s->dir || !s->pi || !s->buf || !s->stem || !s->bstart) {
        sx_free(s);
        return -1;
    }
    int64_t maxc = 0;
    for (int64_t a = 0; a < m; a++) {
        s->src[a] = g->src[a];
        s->dst[a] = g->dst[a];
        s->cap[a] = g->cap[a];
        s->cost[a] = g->cost[a];
        s->flow[a] = 0;
        s->state[a] = ST_LOWER;
        int64_t c = g->cost[a] < 0 ? -g->cost[a] : g->cost[a];
        if (c > maxc)
            maxc = c;
    }
    int64_t art = (maxc + 1) * ((int64_t)n + 1);
    int root = n;
    s->parent[root] = -1;
    s->pred[root] = -1;
    s->dir[root] = 0;
    s->depth[root] = 0;
    s->pi[root] = 0;
    s->thread[root] = n > 0 ? 0 : root;
    s->rthread[root] = n > 0 ? n - 1 : root;
    for (int u = 0; u < n; u++) {
        int64_t e = m + u;
        s->parent[u] = root;
        s->pred[u] = (int)e;
        s->depth[u] = 1;
        s->thread[u] = u + 1;            /* u = n-1 threads back to the root */
        s->rthread[u] = u == 0 ? root : u - 1;
        s->cap[e] = INT64_MAX;
        s->state[e] = ST_TREE;
        if (g->supply[u] >= 0) {
            s->src[e] = u;
            s->dst[e] = root;
            s->flow[e] = g->supply[u];
            s->cost[e] = 0;
            s->dir[u] = DIR_UP;
            s->pi[u] = 0;
        } else {
            s->src[e] = root;
            s->dst[e] = u;
            s->flow[e] = -g->supply[u];
            s->cost[e] = art;
            s->dir[u] = DIR_DOWN;
            s->pi[u] = art;
        }
    }
    s->next_arc = 0;
    /* a quarter of the usual sqrt(m): on transportation graphs (shallow
     * trees, cheap pivots) pricing dominates and smaller blocks are ~2x
     * faster; on deep general graphs it costs ~20 % (bench/README.md) */
    s->block = (int64_t)ceil(sqrt((double)m) / 4);
    if (s->block < 10)
        s->block = 10;
    return 0;
}

/* Block search: sets in_arc and returns 1, or 0 when every real arc prices
 * out (the tree is optimal). */
static int sx_price(simplex *s)
{
    int64_t m = s->m;
    if (m == 0)
        return 0;
    int64_t best = 0, best_arc = -1, left = s->block;
    int64_t e = s->next_arc;
    for (int64_t k = 0; k < m; k++) {
        signed char st = s->state[e];
        if (st != ST_TREE) {
            int64_t c = st * (s->cost[e] + s->pi[s->src[e]] - s->pi[s->dst[e]]);
            if (c < best) {
                best = c;
                best_arc = e;
            }
        }
        if (++e == m)
            e = 0;
        if (--left == 0) {
            if (best_arc >= 0)
                break;
            left = s->block;
        }
    }
    if (best_arc < 0)
        return 0;
    s->next_arc = e;
    s->in_arc = best_arc;
    return 1;
}

static void sx_join(simplex *s)
{
    int u = s->src[s->in_arc], v = s->dst[s->in_arc];
    while (u != v) {
        if (s->depth[u] > s->depth[v])
            u = s->parent[u];
        else if (s->depth[v] > s->depth[u])
            v = s->parent[v];
        else {
            u = s->parent[u];
            v = s->parent[v];
        }
    }
    s->join = u;
}

/* Residual capacity of u's tree arc in the direction towards (up = 1) or
 * away from (up = 0) the root. */
static int64_t tree_residual(const simplex *s, int u, int up)
{
    int e = s->pred[u];
    if ((s->dir[u] == DIR_UP) == up)
        return s->cap[e] - s->flow[e];
    return s->flow[e];
}

/* The cycle is oriented along the entering arc: from `first` over the arc to
 * `second`, up to the apex, and down again to `first`. Returns 1 when a tree
 * arc leaves (u_out is its lower node), 0 when the entering arc itself blocks
 * (it only moves to its other bound). */
static int sx_leaving(simplex *s)
{
    int64_t a = s->in_arc;
    int first, second;
    if (s->state[a] == ST_LOWER) {
        first = s->src[a];
        second = s->dst[a];
    } else {
        first = s->dst[a];
        second = s->src[a];
    }
    int64_t delta = s->cap[a];
    int which = 0;
    /* Walked downwards from the apex in the orientation, so the last blocking
     * arc is the lowest: scanning upwards, keep the first strict minimum. */
    for (int u = first; u != s->join; u = s->parent[u]) {
        int64_t d = tree_residual(s, u, 0);
        if (d < delta) {
            delta = d;
            s->u_out = u;
            which = 1;
        }
    }
    /* Walked upwards after the entering arc: the last blocking arc is the
     * highest, so ties go to later ones. */
    for (int u = second; u != s->join; u = s->parent[u]) {
        int64_t d = tree_residual(s, u, 1);
        if (d <= delta) {
            delta = d;
            s->u_out = u;
            which = 2;
        }
    }
    s->delta = delta;
    if (which == 1) {
        s->u_in = first;
        s->v_in = second;
    } else {
        s->u_in = second;
        s->v_in = first;
    }
    return which != 0;
}

static void sx_augment(simplex *s)
{
    int64_t a = s->in_arc;
    if (s->delta > 0) {
        int64_t val = s->state[a] * s->delta;   /* + along the arc, - against */
        s->flow[a] += val;
        /* flow goes from dst up to the apex and from the apex down to src */
        for (int u = s->dst[a]; u != s->join; u = s->parent[u])
            s->flow[s->pred[u]] += s->dir[u] * val;
        for (int u = s->src[a]; u != s->join; u = s->parent[u])
            s->flow[s->pred[u]] -= s->dir[u] * val;
    }
}

/* Re-hangs the subtree of u_out (which contains u_in) below v_in through the
 * entering arc, reversing the stem path u_in … u_out, and updates thread,
 * depth and the potentials of the moved nodes. */
static void sx_update_tree(simplex *s)
{
    int u_in = s->u_in, v_in = s->v_in, u_out = s->u_out;
    int64_t a = s->in_arc;
    int *stem = s->stem, *buf = s->buf, *bstart = s->bstart;
    int *thread = s->thread, *rthread = s->rthread, *depth = s->depth;

    int k = 0;
    for (int u = u_in;; u = s->parent[u]) {
        stem[k++] = u;
        if (u == u_out)
            break;
    }
    /* New preorder of the moved subtree: for each stem node s_i its old
     * subtree without the old subtree of s_{i-1}, in old thread order. */
    int len = 0, prev_last = -1, before = rthread[u_out];
    for (int i = 0; i < k; i++) {
        int si = stem[i], d = depth[si], last = si;
        bstart[i] = len;
        buf[len++] = si;
        int x = thread[si];
        while (depth[x] > d) {
            if (i > 0 && x == stem[i - 1]) {
                last = prev_last;
                x = thread[prev_last];
                continue;
            }
            buf[len++] = x;
            last = x;
            x = thread[x];
        }
        prev_last = last;
    }
    int after = thread[prev_last];
    /* cut the old segment out of the thread */
    thread[before] = after;
    rthread[after] = before;
    /* splice the new order in after v_in */
    int next = thread[v_in];
    int p = v_in;
    for (int j = 0; j < len; j++) {
        thread[p] = buf[j];
        rthread[buf[j]] = p;
        p = buf[j];
    }
    thread[p] = next;
    rthread[next] = p;
    /* depths, block by block (old depths are read before being rewritten) */
    for (int i = 0; i < k; i++) {
        int end = i + 1 < k ? bstart[i + 1] : len;
        int shift = depth[v_in] + 1 + i - depth[stem[i]];
        for (int j = bstart[i]; j < end; j++)
            depth[buf[j]] += shift;
    }
    /* parents and tree arcs along the reversed stem */
    for (int i = k - 1; i > 0; i--) {
        int si = stem[i], sj = stem[i - 1];
        s->pred[si] = s->pred[sj];
        s->dir[si] = (signed char)-s->dir[sj];
        s->parent[si] = sj;
    }
    s->parent[u_in] = v_in;
    s->pred[u_in] = (int)a;
    s->dir[u_in] = s->src[a] == u_in ? DIR_UP : DIR_DOWN;
    /* potentials: make the entering arc's reduced cost zero */
    int64_t sigma = s->pi[v_in] - s->pi[u_in] - s->dir[u_in] * s->cost[a];
    if (sigma != 0)
        for (int j = 0; j < len; j++)
            s->pi[buf[j]] += sigma;
}

mcf_status mcf_solve(mcf *g)
{
    __int128 sum = 0;
    for (int u = 0; u < g->n; u++)
        sum += g->supply[u];
    g->solved_m = 0;
    if (sum != 0)
        return MCF_UNBALANCED;
    int64_t *f = realloc(g->flow, ((size_t)g->m + 1) * sizeof *f);
    if (!f)
        return MCF_NOMEM;
    g->flow = f;
    if (!g->unrouted) {
        g->unrouted = malloc(((size_t)g->n + 1) * sizeof *g->unrouted);
        if (!g->unrouted)
            return MCF_NOMEM;
    }
    simplex s;
    if (sx_init(&s, g))
        return MCF_NOMEM;
    while (sx_price(&s)) {
        sx_join(&s);
        int change = sx_leaving(&s);
        sx_augment(&s);
        if (change) {
            int64_t out = s.pred[s.u_out];
            s.state[s.in_arc] = ST_TREE;
            s.state[out] = s.flow[out] == 0 ? ST_LOWER : ST_UPPER;
            sx_update_tree(&s);
        } else {
            s.state[s.in_arc] = (signed char)-s.state[s.in_arc];
        }
    }
    mcf_status st = MCF_OPTIMAL;
    for (int u = 0; u < g->n; u++) {
        int64_t e = g->m + u;
        g->unrouted[u] = s.src[e] == u ? s.flow[e] : -s.flow[e];
        if (s.flow[e] != 0)
            st = MCF_INFEASIBLE;
    }
    if (g->m > 0)
        memcpy(g->flow, s.flow, (size_t)g->m * sizeof *g->flow);
    g->solved_m = g->m;
    sx_free(&s);
    return st;
}

/* ---- the same problem as an integer program ------------------------------ */

/* CPLEX LP format as read by glpsol --lp and cbc. Rows are node balances
 * (outflow - inflow = supply), columns x<arc> with 0 <= x <= cap, all general
 * integers. A node without arcs gets the fixed column z (= 0) so that its row
 * is still written (and is infeasible when its supply is not 0). */
typedef struct {
    FILE *out;
    int terms;
} lp_line;

static void lp_term(lp_line *l, int64_t coef, const char *name, int64_t idx)
{
    if (l->terms > 0 && l->terms % 8 == 0)
        fputs("\n   ", l->out);
    if (coef < 0)
        fprintf(l->out, " - %" PRId64 " %s%" PRId64, -coef, name, idx);
    else
        fprintf(l->out, " %s%" PRId64 " %s%" PRId64, l->terms ? "+ " : "", coef, name, idx);
    l->terms++;
}

int mcf_write_lp(const mcf *g, FILE *out)
{
    int n = g->n;
    int64_t m = g->m;
    /* arcs by node, both directions: CSR over (node, arc, sign) */
    int64_t *start = calloc((size_t)n + 2, sizeof *start);
    int64_t *inc = malloc(((size_t)m * 2 + 1) * sizeof *inc);
    if (!start || !inc) {
        free(start);
        free(inc);
        return -1;
    }
    for (int64_t a = 0; a < m; a++)
        if (g->src[a] != g->dst[a]) {
            start[g->src[a] + 1]++;
            start[g->dst[a] + 1]++;
        }
    for (int u = 0; u < n; u++)
        start[u + 1] += start[u];
    int64_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
    if (!pos) {
        free(start);
        free(inc);
        return -1;
    }
    memcpy(pos, start, (size_t)n * sizeof *pos);
    for (int64_t a = 0; a < m; a++)
        if (g->src[a] != g->dst[a]) {
            inc[pos[g->src[a]]++] = a + 1;      /* +: leaves the node */
            inc[pos[g->dst[a]]++] = -(a + 1);   /* -: enters it */
        }
    free(pos);

    int need_z = m == 0;
    fprintf(out, "\\ attest min-cost flow: %d nodes, %" PRId64 " arcs\n", n, m);
    fputs("Minimize\n obj:", out);
    lp_line l = {out, 0};
    for (int64_t a = 0; a < m; a++)
        lp_term(&l, g->cost[a], "x", a);
    if (m == 0)
        fputs(" 0 z0", out);
    fputs("\nSubject To\n", out);
    for (int u = 0; u < n; u++) {
        fprintf(out, " n%d:", u);
        l.terms = 0;
        for (int64_t j = start[u]; j < start[u + 1]; j++) {
            int64_t a = inc[j] > 0 ? inc[j] - 1 : -inc[j] - 1;
            lp_term(&l, inc[j] > 0 ? 1 : -1, "x", a);
        }
        if (l.terms == 0) {
            fputs(" z0", out);
            need_z = 1;
        }
        fprintf(out, " = %" PRId64 "\n", g->supply[u]);
    }
    fputs("Bounds\n", out);
    for (int64_t a = 0; a < m; a++)
        fprintf(out, " 0 <= x%" PRId64 " <= %" PRId64 "\n", a, g->cap[a]);
    if (need_z)
        fputs(" z0 = 0\n", out);
    if (m > 0 || need_z) {
        fputs("General\n", out);
        l.terms = 0;
        for (int64_t a = 0; a < m; a++) {
            if (l.terms > 0 && l.terms % 8 == 0)
                fputs("\n", out);
            fprintf(out, " x%" PRId64, a);
            l.terms++;
        }
        if (need_z)
            fputs(" z0", out);
        fputs("\n", out);
    }
    fputs("End\n", out);
    free(start);
    free(inc);
    return ferror(out) ? -1 : 0;
}
