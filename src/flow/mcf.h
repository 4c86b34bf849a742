/* mcf.h — minimum-cost flow (задача о потоке минимальной стоимости).
 *
 * The school → exam point stage of seating is a transportation problem; it is
 * solved exactly here as a min-cost flow on a directed graph with integer
 * capacities, costs and supplies. Results are deterministic: the same graph
 * built in the same order gives the same flow. No allocation per iteration;
 * memory is O(nodes + arcs).
 *
 * Usage: mcf_new(n), mcf_add_arc() for each arc, mcf_set_supply() for nodes
 * with supply (> 0) or demand (< 0), mcf_solve(), then mcf_flow(arc). */
#ifndef AT_MCF_H
#define AT_MCF_H

#include <stdint.h>
#include <stdio.h>

typedef struct mcf mcf;

typedef enum {
    MCF_OPTIMAL = 0,
    MCF_INFEASIBLE = 1,   /* supplies cannot all be routed within capacities */
    MCF_UNBALANCED = 2,   /* supplies do not sum to zero */
    MCF_NOMEM = 3,
} mcf_status;

/* A graph of `nodes` nodes (0 … nodes-1); arcs_hint presizes the arc arrays. */
mcf *mcf_new(int nodes, int64_t arcs_hint);
void mcf_free(mcf *g);
/* Adds an arc with capacity cap >= 0 and cost (may be negative); returns its
 * index (0, 1, …) or -1 when out of memory. */
int64_t mcf_add_arc(mcf *g, int from, int to, int64_t cap, int64_t cost);
/* supply > 0: the node sends; < 0: it receives. Supplies must sum to 0. */
void mcf_set_supply(mcf *g, int node, int64_t supply);
mcf_status mcf_solve(mcf *g);
int64_t mcf_flow(const mcf *g, int64_t arc);
/* Total cost of the flow found (sum of flow × cost). */
int64_t mcf_cost(const mcf *g);
int mcf_nodes(const mcf *g);
int64_t mcf_arcs(const mcf *g);

/* After mcf_solve: the part of the node's supply (> 0) or demand (< 0) that
 * could not be routed; all 0 when the status is MCF_OPTIMAL. After
 * MCF_INFEASIBLE, mcf_flow() gives a flow that routes as much of the supplies
 * as the capacities allow (cheapest among those), conserving flow except for
 * these amounts — which schools or points are short. */
int64_t mcf_unrouted(const mcf *g, int node);

/* Writes the same problem as an integer program in CPLEX LP format (glpsol
 * --lp, cbc): minimize sum cost·x over arcs, one balance row per node
 * (n<node>: outflow - inflow = supply), 0 <= x<arc> <= cap, all general
 * integers. Returns 0, or -1 on a write or memory error. */
int mcf_write_lp(const mcf *g, FILE *out);

/* Range: solving uses 64-bit arithmetic with an artificial cost of
 * (max|cost| + 1)·(nodes + 1); keep max|cost|·(nodes + 1) below 2^61 and
 * capacities and supplies below 2^62. */

#endif
