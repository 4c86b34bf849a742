/* test_flow_check.h — checks of a min-cost flow made without the solver:
 * feasibility (bounds, conservation), the cost recomputed from the flows, and
 * optimality by the negative-cycle criterion on the residual graph
 * (Bellman–Ford), so a wrong answer fails even where the reference agrees. */
#ifndef TEST_FLOW_CHECK_H
#define TEST_FLOW_CHECK_H

#include <stdint.h>
#include <stdlib.h>

#include "flow/mcf.h"

typedef struct {
    int n;
    int m;
    int *from, *to;
    int64_t *cap, *cost, *supply;
} tf_problem;

static inline void tf_alloc(tf_problem *p, int n, int m)
{
    p->n = n;
    p->m = 0;
    p->from = calloc((size_t)m + 1, sizeof *p->from);
    p->to = calloc((size_t)m + 1, sizeof *p->to);
    p->cap = calloc((size_t)m + 1, sizeof *p->cap);
    p->cost = calloc((size_t)m + 1, sizeof *p->cost);
    p->supply = calloc((size_t)n + 1, sizeof *p->supply);
}

static inline void tf_free(tf_problem *p)
{
    free(p->from);
    free(p->to);
    free(p->cap);
    free(p->cost);
    free(p->supply);
}

static inline void tf_arc(tf_problem *p, int from, int to, int64_t cap, int64_t cost)
{
    p->from[p->m] = from;
    p->to[p->m] = to;
    p->cap[p->m] = cap;
    p->cost[p->m] = cost;
    p->m++;
}

static inline mcf *tf_build(const tf_problem *p)
{
    mcf *g = mcf_new(p->n, p->m);
    for (int a = 0; a < p->m; a++)
        if (mcf_add_arc(g, p->from[a], p->to[a], p->cap[a], p->cost[a]) != a)
            abort();
    for (int u = 0; u < p->n; u++)
        mcf_set_supply(g, u, p->supply[u]);
    return g;
}

/* 1 when the flow of g satisfies bounds and conservation with the unrouted
 * amounts (0 for an optimal solve) and its cost is mcf_cost(g). */
static inline int tf_feasible(const tf_problem *p, const mcf *g)
{
    int64_t *bal = calloc((size_t)p->n + 1, sizeof *bal);
    int64_t cost = 0;
    int ok = 1;
    for (int a = 0; a < p->m; a++) {
        int64_t f = mcf_flow(g, a);
        if (f < 0 || f > p->cap[a])
            ok = 0;
        bal[p->from[a]] += f;
        bal[p->to[a]] -= f;
        cost += f * p->cost[a];
    }
    for (int u = 0; u < p->n; u++)
        if (bal[u] != p->supply[u] - mcf_unrouted(g, u))
            ok = 0;
    if (cost != mcf_cost(g))
        ok = 0;
    free(bal);
    return ok;
}

/* 1 when the residual graph of g's flow has no negative cycle (the flow is a
 * min-cost flow for its own supplies). */
static inline int tf_no_negative_cycle(const tf_problem *p, const mcf *g)
{
    int64_t *d = calloc((size_t)p->n + 1, sizeof *d);   /* all 0: virtual source */
    int changed = 1;
    for (int it = 0; it <= p->n && changed; it++) {
        changed = 0;
        for (int a = 0; a < p->m; a++) {
            int64_t f = mcf_flow(g, a);
            int u = p->from[a], v = p->to[a];
            if (f < p->cap[a] && d[u] + p->cost[a] < d[v]) {
                d[v] = d[u] + p->cost[a];
                changed = 1;
            }
            if (f > 0 && d[v] - p->cost[a] < d[u]) {
                d[u] = d[v] - p->cost[a];
                changed = 1;
            }
        }
    }
    free(d);
    return !changed;
}

#endif
