/* Min-cost flow against GLPK on seeded random instances: transportation-like
 * (schools → points → sink, some with too little capacity) and general graphs
 * (parallel arcs, self-loops, zero capacities, negative costs and cycles,
 * isolated nodes). Each is solved as an LP with glp_simplex (network LPs have
 * integral optima); transportation ones also with glp_mincost_okalg, and a
 * subset is written with mcf_write_lp, read back by glp_read_lp and solved as
 * a MIP by glp_intopt. attest's flow is checked independently of both
 * solvers: bounds, conservation, recomputed cost, no negative residual cycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_flow_check.h"

static uint64_t rnd_state;

static uint64_t rnd(void)   /* splitmix64 */
{
    uint64_t z = (rnd_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int64_t between(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

/* schools 0..S-1, points S..S+P-1, sink S+P; school → 1..3 points */
static void gen_transport(tf_problem *p, uint64_t seed)
{
    rnd_state = seed;
    int S = (int)between(1, 40), P = (int)between(1, 8);
    tf_alloc(p, S + P + 1, S * 3 + P);
    int sink = S + P;
    int64_t total = 0;
    for (int s = 0; s < S; s++) {
        p->supply[s] = between(0, 30);
        total += p->supply[s];
        int k = (int)between(1, 3 < P ? 3 : P);
        int first = (int)between(0, P - 1);
        for (int j = 0; j < k; j++)
            tf_arc(p, s, S + (first + j) % P, p->supply[s] + between(0, 5), between(0, 5000));
    }
    /* capacity 0.9–1.8 × supply in total: some instances are infeasible */
    int64_t room = total * between(90, 180) / 100 + 1;
    for (int q = 0; q < P; q++)
        tf_arc(p, S + q, sink, room * between(60, 140) / 100 / P + 1, between(0, 3));
    p->supply[sink] = -total;
}

static void gen_general(tf_problem *p, uint64_t seed)
{
    rnd_state = seed;
    int n = (int)between(1, 25);
    int m = (int)between(0, 4 * n);
    tf_alloc(p, n, m);
    while (p->m < m) {
        int u = (int)between(0, n - 1), v = (int)between(0, n - 1);
        int64_t cap = rnd() % 6 == 0 ? 0 : between(1, 20);
        int64_t cost = between(-10, 40);
        tf_arc(p, u, v, cap, cost);
        if (rnd() % 8 == 0 && p->m < m)   /* a parallel twin */
            tf_arc(p, u, v, between(0, 10), between(-10, 40));
    }
    int pairs = (int)between(0, n / 3);
    for (int i = 0; i < pairs; i++) {
        int u = (int)between(0, n - 1), v = (int)between(0, n - 1);
        int64_t k = between(1, 6);
        p->supply[u] += k;
        p->supply[v] -= k;
    }
}

/* GLPK's LP optimum: returns 1 and sets *cost when optimal, 0 infeasible. */
static int glpk_lp(const tf_problem *p, int64_t *cost)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (p->n > 0)
        glp_add_rows(lp, p->n);
    for (int u = 0; u < p->n; u++)
        glp_set_row_bnds(lp, u + 1, GLP_FX, (double)p->supply[u], (double)p->supply[u]);
    if (p->m > 0)
        glp_add_cols(lp, p->m);
    for (int a = 0; a < p->m; a++) {
        int j = a + 1;
        if (p->cap[a] == 0)
            glp_set_col_bnds(lp, j, GLP_FX, 0, 0);
        else
            glp_set_col_bnds(lp, j, GLP_DB, 0, (double)p->cap[a]);
        glp_set_obj_coef(lp, j, (double)p->cost[a]);
        int ind[3];
        double val[3];
        int len = 0;
        if (p->from[a] != p->to[a]) {
            ind[1] = p->from[a] + 1;
            val[1] = 1;
            ind[2] = p->to[a] + 1;
            val[2] = -1;
            len = 2;
        }
        glp_set_mat_col(lp, j, len, ind, val);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int rc = glp_simplex(lp, &parm);
    assert_int_equal(rc, 0);
    int st = glp_get_status(lp);
    int ok = st == GLP_OPT;
    if (!ok)
        assert_int_equal(st, GLP_NOFEAS);
    if (ok) {
        double obj = glp_get_obj_val(lp);
        *cost = llround(obj);
        assert_true(fabs(obj - (double)*cost) < 1e-6);
    }
    glp_delete_prob(lp);
    return ok;
}

typedef struct { double rhs; } v_data;
typedef struct { double low, cap, cost, x; } a_data;

/* GLPK's out-of-kilter algorithm on the same graph. */
static int glpk_okalg(const tf_problem *p, int64_t *cost)
{
    glp_graph *G = glp_create_graph(sizeof(v_data), sizeof(a_data));
    glp_add_vertices(G, p->n);
    for (int u = 0; u < p->n; u++)
        ((v_data *)G->v[u + 1]->data)->rhs = (double)p->supply[u];
    for (int a = 0; a < p->m; a++) {
        glp_arc *arc = glp_add_arc(G, p->from[a] + 1, p->to[a] + 1);
        a_data *d = arc->data;
        d->low = 0;
        d->cap = (double)p->cap[a];
        d->cost = (double)p->cost[a];
    }
    double sol;
    int rc = glp_mincost_okalg(G, offsetof(v_data, rhs), offsetof(a_data, low),
                               offsetof(a_data, cap), offsetof(a_data, cost), &sol,
                               offsetof(a_data, x), -1);
    glp_delete_graph(G);
    if (rc == GLP_ENOPFS)
        return 0;
    assert_int_equal(rc, 0);
    *cost = llround(sol);
    return 1;
}

/* mcf_write_lp → glp_read_lp → glp_intopt. */
static int glpk_from_lp_file(const mcf *g, int64_t *cost)
{
    char path[] = "/tmp/attest_flow_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_int_equal(mcf_write_lp(g, f), 0);
    fclose(f);
    glp_prob *lp = glp_create_prob();
    int rc = glp_read_lp(lp, NULL, path);
    unlink(path);
    assert_int_equal(rc, 0);
    assert_int_equal(glp_get_num_int(lp), glp_get_num_cols(lp));
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    rc = glp_intopt(lp, &parm);
    int ok = rc == 0 && glp_mip_status(lp) == GLP_OPT;
    if (!ok)
        assert_true(rc == GLP_ENOPFS || glp_mip_status(lp) == GLP_NOFEAS);
    else
        *cost = llround(glp_mip_obj_val(lp));
    glp_delete_prob(lp);
    return ok;
}

typedef struct { int optimal, infeasible; } tally;

static void run_one(const tf_problem *p, int with_okalg, int with_lp_file, tally *t)
{
    mcf *g = tf_build(p);
    mcf_status st = mcf_solve(g);
    assert_true(st == MCF_OPTIMAL || st == MCF_INFEASIBLE);
    assert_true(tf_feasible(p, g));
    assert_true(tf_no_negative_cycle(p, g));
    int64_t ref = 0;
    int ref_ok = glpk_lp(p, &ref);
    assert_int_equal(st == MCF_OPTIMAL, ref_ok);
    if (st == MCF_OPTIMAL) {
        assert_int_equal(mcf_cost(g), ref);
        for (int u = 0; u < p->n; u++)
            assert_int_equal(mcf_unrouted(g, u), 0);
        t->optimal++;
    } else {
        t->infeasible++;
    }
    if (with_okalg) {
        int64_t ok_cost = 0;
        int ok = glpk_okalg(p, &ok_cost);
        assert_int_equal(ok, st == MCF_OPTIMAL);
        if (ok)
            assert_int_equal(ok_cost, mcf_cost(g));
    }
    if (with_lp_file) {
        int64_t mip = 0;
        int ok = glpk_from_lp_file(g, &mip);
        assert_int_equal(ok, st == MCF_OPTIMAL);
        if (ok)
            assert_int_equal(mip, mcf_cost(g));
    }
    mcf_free(g);
}

static void test_transport_vs_glpk(void **state)
{
    (void)state;
    glp_term_out(GLP_OFF);
    tally t = {0, 0};
    for (uint64_t seed = 1; seed <= 400; seed++) {
        tf_problem p;
        gen_transport(&p, seed);
        run_one(&p, 1, seed % 8 == 0, &t);
        tf_free(&p);
    }
    /* both outcomes are exercised */
    assert_true(t.optimal >= 100);
    assert_true(t.infeasible >= 40);
    print_message("transport: %d optimal, %d infeasible\n", t.optimal, t.infeasible);
}

static void test_general_vs_glpk(void **state)
{
    (void)state;
    glp_term_out(GLP_OFF);
    tally t = {0, 0};
    for (uint64_t seed = 1001; seed <= 1400; seed++) {
        tf_problem p;
        gen_general(&p, seed);
        run_one(&p, 0, seed % 8 == 0, &t);
        tf_free(&p);
    }
    assert_true(t.optimal >= 100);
    assert_true(t.infeasible >= 40);
    print_message("general: %d optimal, %d infeasible\n", t.optimal, t.infeasible);
}

/* Larger transportation instances: many degenerate pivots, still exact. */
static void test_larger_vs_glpk(void **state)
{
    (void)state;
    glp_term_out(GLP_OFF);
    tally t = {0, 0};
    for (uint64_t seed = 5001; seed <= 5020; seed++) {
        rnd_state = seed;
        int S = 300, P = 30;
        tf_problem p;
        tf_alloc(&p, S + P + 1, S * 3 + P);
        int64_t total = 0;
        for (int s = 0; s < S; s++) {
            p.supply[s] = between(1, 60);
            total += p.supply[s];
            int q0 = (int)between(0, P - 1);
            for (int j = 0; j < 3; j++)
                tf_arc(&p, s, S + (q0 + j * 7) % P, p.supply[s], between(100, 30000));
        }
        for (int q = 0; q < P; q++)
            tf_arc(&p, S + q, S + P, total * 11 / 10 / P + between(0, 20), 0);
        p.supply[S + P] = -total;
        run_one(&p, 1, 0, &t);
        tf_free(&p);
    }
    assert_true(t.optimal + t.infeasible == 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transport_vs_glpk),
        cmocka_unit_test(test_general_vs_glpk),
        cmocka_unit_test(test_larger_vs_glpk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
