/* Min-cost flow: hand-made cases with known optima and the edge cases
 * (zero capacities, parallel arcs, negative costs and cycles, isolated nodes,
 * infeasible and unbalanced supplies, self-loops, re-solving). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "test_flow_check.h"

static mcf *solve(const tf_problem *p, mcf_status want)
{
    mcf *g = tf_build(p);
    assert_int_equal(mcf_solve(g), want);
    if (want == MCF_OPTIMAL || want == MCF_INFEASIBLE) {
        assert_true(tf_feasible(p, g));
        assert_true(tf_no_negative_cycle(p, g));
    }
    return g;
}

/* 2 schools × 2 points: A 5, B 5 → C 6, D 4. */
static void transport(tf_problem *p, int64_t cap_ac)
{
    tf_alloc(p, 4, 4);
    tf_arc(p, 0, 2, cap_ac, 1);
    tf_arc(p, 0, 3, 100, 4);
    tf_arc(p, 1, 2, 100, 3);
    tf_arc(p, 1, 3, 100, 2);
    p->supply[0] = 5;
    p->supply[1] = 5;
    p->supply[2] = -6;
    p->supply[3] = -4;
}

static void test_transport(void **state)
{
    (void)state;
    tf_problem p;
    transport(&p, 100);
    mcf *g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), 16);      /* A→C 5, B→C 1, B→D 4 */
    assert_int_equal(mcf_flow(g, 0), 5);
    assert_int_equal(mcf_flow(g, 1), 0);
    assert_int_equal(mcf_flow(g, 2), 1);
    assert_int_equal(mcf_flow(g, 3), 4);
    assert_int_equal(mcf_nodes(g), 4);
    assert_int_equal(mcf_arcs(g), 4);
    mcf_free(g);
    tf_free(&p);

    transport(&p, 3);                       /* A→C limited: A must use D */
    g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), 24);
    assert_int_equal(mcf_flow(g, 0), 3);
    assert_int_equal(mcf_flow(g, 1), 2);
    mcf_free(g);
    tf_free(&p);
}

static void test_zero_capacity(void **state)
{
    (void)state;
    tf_problem p;
    tf_alloc(&p, 2, 3);
    tf_arc(&p, 0, 1, 0, -100);   /* cheapest, but closed */
    tf_arc(&p, 0, 1, 0, 1);
    tf_arc(&p, 0, 1, 7, 9);
    p.supply[0] = 7;
    p.supply[1] = -7;
    mcf *g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_flow(g, 0), 0);
    assert_int_equal(mcf_flow(g, 1), 0);
    assert_int_equal(mcf_cost(g), 63);
    mcf_free(g);
    p.cap[2] = 0;                /* now nothing can flow */
    g = solve(&p, MCF_INFEASIBLE);
    assert_int_equal(mcf_unrouted(g, 0), 7);
    assert_int_equal(mcf_unrouted(g, 1), -7);
    mcf_free(g);
    tf_free(&p);
}

static void test_parallel(void **state)
{
    (void)state;
    tf_problem p;
    tf_alloc(&p, 2, 3);
    tf_arc(&p, 0, 1, 4, 5);
    tf_arc(&p, 0, 1, 3, 2);
    tf_arc(&p, 0, 1, 10, 7);
    p.supply[0] = 9;
    p.supply[1] = -9;
    mcf *g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_flow(g, 1), 3);
    assert_int_equal(mcf_flow(g, 0), 4);
    assert_int_equal(mcf_flow(g, 2), 2);
    assert_int_equal(mcf_cost(g), 3 * 2 + 4 * 5 + 2 * 7);
    mcf_free(g);
    tf_free(&p);
}

static void test_negative(void **state)
{
    (void)state;
    tf_problem p;
    /* a cheaper detour through a negative arc */
    tf_alloc(&p, 3, 3);
    tf_arc(&p, 0, 1, 10, -2);
    tf_arc(&p, 1, 2, 10, 3);
    tf_arc(&p, 0, 2, 10, 2);
    p.supply[0] = 4;
    p.supply[2] = -4;
    mcf *g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), 4);
    mcf_free(g);
    p.cap[0] = 1;
    g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), 1 + 3 * 2);
    mcf_free(g);
    tf_free(&p);

    /* a negative cycle without any supply: saturated up to its bottleneck */
    tf_alloc(&p, 3, 3);
    tf_arc(&p, 0, 1, 3, 1);
    tf_arc(&p, 1, 2, 5, 1);
    tf_arc(&p, 2, 0, 4, -4);
    g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), -6);
    assert_int_equal(mcf_flow(g, 0), 3);
    assert_int_equal(mcf_flow(g, 2), 3);
    mcf_free(g);
    tf_free(&p);

    /* negative self-loops run at capacity; positive ones stay empty */
    tf_alloc(&p, 2, 3);
    tf_arc(&p, 0, 0, 5, -3);
    tf_arc(&p, 1, 1, 5, 3);
    tf_arc(&p, 0, 1, 5, 1);
    p.supply[0] = 2;
    p.supply[1] = -2;
    g = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_flow(g, 0), 5);
    assert_int_equal(mcf_flow(g, 1), 0);
    assert_int_equal(mcf_cost(g), -15 + 2);
    mcf_free(g);
    tf_free(&p);
}

static void test_isolated_and_empty(void **state)
{
    (void)state;
    tf_problem p;
    tf_alloc(&p, 5, 1);
    tf_arc(&p, 1, 3, 2, 4);
    p.supply[1] = 2;
    p.supply[3] = -2;
    mcf *g = solve(&p, MCF_OPTIMAL);            /* nodes 0, 2, 4 have no arcs */
    assert_int_equal(mcf_cost(g), 8);
    mcf_free(g);
    p.supply[4] = 1;                            /* isolated node with a supply */
    p.supply[3] = -3;
    g = solve(&p, MCF_INFEASIBLE);
    assert_int_equal(mcf_unrouted(g, 4), 1);
    assert_int_equal(mcf_unrouted(g, 3), -1);
    assert_int_equal(mcf_flow(g, 0), 2);        /* what could be routed is */
    mcf_free(g);
    tf_free(&p);

    g = mcf_new(0, 0);                          /* empty graph */
    assert_int_equal(mcf_solve(g), MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g), 0);
    mcf_free(g);
    g = mcf_new(1, 0);
    assert_int_equal(mcf_solve(g), MCF_OPTIMAL);
    mcf_set_supply(g, 0, 3);
    assert_int_equal(mcf_solve(g), MCF_UNBALANCED);
    mcf_free(g);
}

static void test_infeasible_and_unbalanced(void **state)
{
    (void)state;
    tf_problem p;
    transport(&p, 100);
    p.supply[0] = 6;                           /* sums to 1 */
    mcf *g = solve(&p, MCF_UNBALANCED);
    mcf_free(g);
    tf_free(&p);

    /* points too small: 10 supplied, 8 receivable in total through caps */
    tf_alloc(&p, 4, 4);
    tf_arc(&p, 0, 2, 3, 1);
    tf_arc(&p, 0, 3, 1, 1);
    tf_arc(&p, 1, 2, 2, 1);
    tf_arc(&p, 1, 3, 2, 5);
    p.supply[0] = 5;
    p.supply[1] = 5;
    p.supply[2] = -5;
    p.supply[3] = -5;
    g = solve(&p, MCF_INFEASIBLE);
    int64_t left = 0;
    for (int u = 0; u < 4; u++)
        left += mcf_unrouted(g, u) > 0 ? mcf_unrouted(g, u) : 0;
    assert_int_equal(left, 2);                 /* max flow is 8 */
    mcf_free(g);
    /* wrong direction: demand cannot reach supply */
    tf_free(&p);
    tf_alloc(&p, 2, 1);
    tf_arc(&p, 1, 0, 9, 1);
    p.supply[0] = 1;
    p.supply[1] = -1;
    g = solve(&p, MCF_INFEASIBLE);
    mcf_free(g);
    tf_free(&p);
    /* bad arcs are refused */
    g = mcf_new(2, 0);
    assert_int_equal(mcf_add_arc(g, 0, 2, 1, 1), -1);
    assert_int_equal(mcf_add_arc(g, -1, 1, 1, 1), -1);
    assert_int_equal(mcf_add_arc(g, 0, 1, -1, 1), -1);
    assert_int_equal(mcf_arcs(g), 0);
    mcf_free(g);
}

static void test_resolve_and_determinism(void **state)
{
    (void)state;
    tf_problem p;
    /* a degenerate, tie-heavy grid: every path costs the same */
    int k = 6;
    tf_alloc(&p, k * k, 2 * k * k);
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) {
            if (j + 1 < k)
                tf_arc(&p, i * k + j, i * k + j + 1, 3, 1);
            if (i + 1 < k)
                tf_arc(&p, i * k + j, (i + 1) * k + j, 3, 1);
        }
    p.supply[0] = 6;
    p.supply[k * k - 1] = -6;
    mcf *g1 = solve(&p, MCF_OPTIMAL);
    mcf *g2 = solve(&p, MCF_OPTIMAL);
    assert_int_equal(mcf_cost(g1), 6 * 2 * (k - 1));
    for (int a = 0; a < p.m; a++)
        assert_int_equal(mcf_flow(g1, a), mcf_flow(g2, a));
    /* solving again after a change: a shortcut appears */
    int64_t s = mcf_add_arc(g1, 0, k * k - 1, 2, 1);
    assert_int_equal(mcf_flow(g1, s), 0);       /* not solved yet */
    assert_int_equal(mcf_solve(g1), MCF_OPTIMAL);
    assert_int_equal(mcf_flow(g1, s), 2);
    assert_int_equal(mcf_cost(g1), 2 + 4 * 2 * (k - 1));
    mcf_free(g1);
    mcf_free(g2);
    tf_free(&p);
}

static void test_write_lp(void **state)
{
    (void)state;
    tf_problem p;
    tf_alloc(&p, 4, 4);
    tf_arc(&p, 0, 2, 3, 1);
    tf_arc(&p, 0, 3, 0, -2);
    tf_arc(&p, 1, 1, 2, 5);      /* self-loop: in the objective, in no row */
    tf_arc(&p, 1, 2, 4, 0);
    p.supply[0] = 3;
    p.supply[1] = 1;
    p.supply[2] = -4;            /* node 3 has arcs; add an isolated one below */
    mcf *g = tf_build(&p);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(mcf_write_lp(g, f), 0);
    fclose(f);
    assert_non_null(strstr(text, "Minimize\n obj: 1 x0 - 2 x1 + 5 x2 + 0 x3\n"));
    assert_non_null(strstr(text, " n0: 1 x0 + 1 x1 = 3\n"));
    assert_non_null(strstr(text, " n1: 1 x3 = 1\n"));
    assert_non_null(strstr(text, " n2: - 1 x0 - 1 x3 = -4\n"));
    assert_non_null(strstr(text, " n3: - 1 x1 = 0\n"));
    assert_non_null(strstr(text, " 0 <= x1 <= 0\n"));
    assert_non_null(strstr(text, "General\n x0 x1 x2 x3\nEnd\n"));
    assert_null(strstr(text, "z0"));
    free(text);
    mcf_free(g);
    tf_free(&p);

    g = mcf_new(2, 0);           /* no arcs: rows need the fixed column z0 */
    mcf_set_supply(g, 0, 1);
    mcf_set_supply(g, 1, -1);
    f = open_memstream(&text, &len);
    assert_int_equal(mcf_write_lp(g, f), 0);
    fclose(f);
    assert_non_null(strstr(text, " n0: z0 = 1\n"));
    assert_non_null(strstr(text, " z0 = 0\n"));
    free(text);
    mcf_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transport),
        cmocka_unit_test(test_zero_capacity),
        cmocka_unit_test(test_parallel),
        cmocka_unit_test(test_negative),
        cmocka_unit_test(test_isolated_and_empty),
        cmocka_unit_test(test_infeasible_and_unbalanced),
        cmocka_unit_test(test_resolve_and_determinism),
        cmocka_unit_test(test_write_lp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
