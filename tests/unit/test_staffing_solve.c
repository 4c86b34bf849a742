/* Staff distribution: every rule holds on a feasible day (checked here
 * independently of the solver), seeds replay and differ, an assignment a
 * greedy pass would miss is found, and shortages are explained exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/rng.h"
#include "staffing/staffing.h"

#define R(k) (1u << (k))
#define ORG R(STAFFING_ORGANIZER)

static staffing_needs ru11(void)
{
    return (staffing_needs){.heads = 1, .gek = 2, .gek_token = 1, .technical = 1, .medical = 1,
                            .room_organizers = 2, .room_assistants = 1, .not_subject_teacher = true,
                            .not_teacher_of_seated = true, .reserve_percent = 5, .reserve_min = 1};
}

static bool list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list ? list : "";
    while (*p) {
        size_t len = strcspn(p, ";");
        if (len == n && strncmp(p, item, n) == 0)
            return true;
        p += len;
        if (*p)
            p++;
    }
    return false;
}

/* The rules, checked from scratch on the result. */
static void check_rules(const staffing_input *in, const staffing_result *res)
{
    assert_int_equal(res->nshortages, 0);
    int *used = calloc(in->npeople, sizeof *used);
    long (*pc)[STAFFING_NPOSTS] = calloc(in->npoints, sizeof *pc);
    long *tokens = calloc(in->npoints, sizeof *tokens);
    long (*rc)[2] = calloc(in->nrooms, sizeof *rc);
    for (size_t i = 0; i < res->nposts; i++) {
        const staffing_post *p = &res->posts[i];
        const staffing_person *ps = &in->people[p->person];
        const staffing_point *pt = &in->points[p->point];
        assert_int_equal(++used[p->person], 1);                  /* one post per person */
        assert_true(ps->roles & R(p->post));                      /* a role the person has */
        if (ps->school && !in->anywhere)                          /* territory */
            assert_string_equal(ps->municipality, pt->municipality);
        bool room_post = p->post == STAFFING_ORGANIZER || p->post == STAFFING_ASSISTANT;
        assert_int_equal(p->room >= 0, room_post);
        if (p->room >= 0)
            assert_int_equal(in->rooms[p->room].point, p->point);
        pc[p->point][p->post]++;
        if (p->post == STAFFING_GEK && ps->token)
            tokens[p->point]++;
        if (p->post == STAFFING_ORGANIZER) {
            const staffing_room *r = &in->rooms[p->room];
            rc[p->room][0]++;
            if (pt->needs.not_subject_teacher)
                for (size_t j = 0; j < r->nsubjects; j++)
                    assert_false(list_has(ps->subjects_taught, r->subjects[j]));
            if (pt->needs.not_teacher_of_seated && ps->school)
                for (size_t j = 0; j < pt->nseated; j++)
                    assert_string_not_equal(ps->school, pt->seated_schools[j]);
        }
        if (p->post == STAFFING_ASSISTANT) {
            assert_true(in->rooms[p->room].needs_assistant);
            rc[p->room][1]++;
        }
    }
    for (size_t p = 0; p < in->npoints; p++) {
        const staffing_needs *n = &in->points[p].needs;
        assert_true(pc[p][STAFFING_HEAD] >= n->heads);
        assert_true(pc[p][STAFFING_GEK] >= n->gek);
        assert_true(tokens[p] >= n->gek_token);
        assert_true(pc[p][STAFFING_TECHNICAL] >= n->technical);
        assert_true(pc[p][STAFFING_MEDICAL] >= n->medical);
    }
    for (size_t r = 0; r < in->nrooms; r++) {
        const staffing_needs *n = &in->points[in->rooms[r].point].needs;
        assert_true(rc[r][0] >= n->room_organizers);
        if (in->rooms[r].needs_assistant)
            assert_true(rc[r][1] >= n->room_assistants);
    }
    free(used);
    free(pc);
    free(tokens);
    free(rc);
}

/* ---- a generated region: 3 municipalities, 4 points each ---- */

static const char *const subjects[] = {"rus", "math", "physics"};
static const char *const munis[] = {"M1", "M2", "M3"};
static char school_codes[9][8];
static const char *school_ptr[9];

typedef struct {
    staffing_point points[12];
    char point_codes[12][8];
    const char *seated[12][2];
    staffing_room rooms[48];
    char room_numbers[48][16];
    const char *room_subjects[48][1];
    staffing_person people[600];
    char docs[600][12];
    char taught[600][32];
    staffing_input in;
} region;

static void make_region(region *g, uint64_t seed, int staff_per_point)
{
    memset(g, 0, sizeof *g);
    at_rng r;
    rng_seed(&r, 7, "test-region");
    for (int s = 0; s < 9; s++) {
        snprintf(school_codes[s], sizeof school_codes[s], "S%d", s + 1);
        school_ptr[s] = school_codes[s];
    }
    size_t nr = 0, np = 0;
    for (int p = 0; p < 12; p++) {
        staffing_point *pt = &g->points[p];
        snprintf(g->point_codes[p], sizeof g->point_codes[p], "P%02d", p + 1);
        pt->code = g->point_codes[p];
        pt->municipality = munis[p / 4];
        pt->needs = ru11();
        /* pupils of one or two schools of the municipality sit here */
        g->seated[p][0] = school_ptr[(p / 4) * 3 + p % 3];
        g->seated[p][1] = school_ptr[(p / 4) * 3 + (p + 1) % 3];
        pt->seated_schools = g->seated[p];
        pt->nseated = 1 + (size_t)(p % 2);
        int rooms = 1 + (int)rng_below(&r, 4);
        for (int k = 0; k < rooms; k++) {
            staffing_room *rm = &g->rooms[nr];
            snprintf(g->room_numbers[nr], sizeof g->room_numbers[nr], "%d", 100 + k);
            rm->point = (size_t)p;
            rm->number = g->room_numbers[nr];
            g->room_subjects[nr][0] = subjects[(p + k) % 3];
            rm->subjects = g->room_subjects[nr];
            rm->nsubjects = 1;
            rm->needs_assistant = k == 0 && p % 3 == 0;
            nr++;
        }
        for (int k = 0; k < staff_per_point; k++) {
            staffing_person *ps = &g->people[np];
            snprintf(g->docs[np], sizeof g->docs[np], "D%04zu", np);
            ps->document = g->docs[np];
            static const unsigned mix[] = {R(STAFFING_HEAD), R(STAFFING_GEK), R(STAFFING_GEK), R(STAFFING_TECHNICAL),
                                           R(STAFFING_MEDICAL), ORG, ORG, ORG, ORG | R(STAFFING_ASSISTANT), ORG,
                                           ORG | R(STAFFING_TECHNICAL), ORG, ORG, ORG};
            ps->roles = mix[k % (int)(sizeof mix / sizeof *mix)];
            ps->token = k % 14 == 1;
            if (k % 5 == 4) {
                ps->school = NULL;
            } else {
                ps->school = school_ptr[(p / 4) * 3 + (int)rng_below(&r, 3)];
                ps->municipality = munis[p / 4];
            }
            snprintf(g->taught[np], sizeof g->taught[np], "%s", k % 3 == 0 ? subjects[rng_below(&r, 3)] : "");
            ps->subjects_taught = g->taught[np];
            ps->prior = (int)rng_below(&r, 3);
            np++;
        }
    }
    g->in = (staffing_input){g->points, 12, g->rooms, nr, g->people, np, false, seed};
}

static void feasible_day_keeps_every_rule(void **state)
{
    (void)state;
    region *g = malloc(sizeof *g);
    make_region(g, 1, 40);
    staffing_result res;
    assert_int_equal(staffing_solve(&g->in, &res, &(at_error){0}), AT_OK);
    check_rules(&g->in, &res);
    /* exactly the minimum is filled: posts = needs */
    long need = 0;
    for (size_t p = 0; p < g->in.npoints; p++)
        need += 1 + 2 + 1 + 1;
    for (size_t r = 0; r < g->in.nrooms; r++)
        need += 2 + g->rooms[r].needs_assistant;
    assert_int_equal((long)res.nposts, need);
    staffing_result_free(&res);
    free(g);
}

static bool same_posts(const staffing_result *a, const staffing_result *b)
{
    if (a->nposts != b->nposts)
        return false;
    for (size_t i = 0; i < a->nposts; i++)
        if (a->posts[i].person != b->posts[i].person || a->posts[i].point != b->posts[i].point ||
            a->posts[i].room != b->posts[i].room || a->posts[i].post != b->posts[i].post)
            return false;
    return true;
}

static void seeds_replay_and_differ(void **state)
{
    (void)state;
    region *g = malloc(sizeof *g);
    make_region(g, 42, 40);
    staffing_result a, b, c;
    assert_int_equal(staffing_solve(&g->in, &a, &(at_error){0}), AT_OK);
    assert_int_equal(staffing_solve(&g->in, &b, &(at_error){0}), AT_OK);
    g->in.seed = 43;
    assert_int_equal(staffing_solve(&g->in, &c, &(at_error){0}), AT_OK);
    check_rules(&g->in, &c);
    assert_true(same_posts(&a, &b));
    assert_false(same_posts(&a, &c));
    staffing_result_free(&a);
    staffing_result_free(&b);
    staffing_result_free(&c);
    free(g);
}

/* Two points; U (no earlier posts) could organize in either, V (three
 * earlier posts) only in P1, W only in P2's other slot. Least-used-first
 * point by point gives U to P1 and leaves P2 one short; the exact solver
 * puts V in P1 and U in P2. */
static void finds_what_greedy_misses(void **state)
{
    (void)state;
    staffing_needs n = {.room_organizers = 1, .not_subject_teacher = true, .not_teacher_of_seated = true};
    const char *seated1[] = {"S3"}, *seated2[] = {"S2"};
    staffing_point pts[] = {{"P1", "M1", n, seated1, 1}, {"P2", "M1", n, seated2, 1}};
    const char *rus[] = {"rus"}, *math[] = {"math"};
    staffing_room rooms[] = {{0, "1", rus, 1, false}, {1, "1", math, 1, false}};
    staffing_person people[] = {
        {"U", ORG, "S1", "M1", "physics", false, 0},
        {"V", ORG, "S2", "M1", "math", false, 3},   /* pupils of S2 sit in P2; teaches math */
        {"X", ORG, "S3", "M1", "", false, 0},       /* pupils of S3 sit in P1 */
        {"Y", ORG, "S1", "M1", "math", false, 0},   /* teaches P2's subject */
    };
    for (uint64_t seed = 1; seed <= 5; seed++) {
        staffing_input in = {pts, 2, rooms, 2, people, 4, false, seed};
        staffing_result res;
        assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
        check_rules(&in, &res);
        assert_int_equal(res.nposts, 2);
        /* P2 can only take U or X (not V: seated school, not Y: subject); P1 any of U, V, Y.
         * Balanced use prefers the people with no earlier posts: V (3 posts) is not used. */
        for (size_t i = 0; i < res.nposts; i++)
            assert_string_not_equal(people[res.posts[i].person].document, "V");
        staffing_result_free(&res);
    }
    /* Now only U and V: greedy point-by-point with least-used-first takes U for P1. */
    staffing_person two[] = {
        {"U", ORG, "S1", "M1", "", false, 0},
        {"V", ORG, "S2", "M1", "", false, 3},
    };
    staffing_input in = {pts, 2, rooms, 2, two, 2, false, 9};
    staffing_result res;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    check_rules(&in, &res);
    assert_int_equal(res.nposts, 2);
    for (size_t i = 0; i < res.nposts; i++) {
        const char *who = two[res.posts[i].person].document;
        assert_string_equal(who, res.posts[i].point == 0 ? "V" : "U");
    }
    staffing_result_free(&res);
}

static void balanced_use_prefers_fewer_posts(void **state)
{
    (void)state;
    staffing_needs n = {.heads = 1};
    staffing_point pts[] = {{"P1", "M1", n, NULL, 0}};
    staffing_person people[] = {
        {"A", R(STAFFING_HEAD), "S1", "M1", "", false, 2},
        {"B", R(STAFFING_HEAD), NULL, NULL, "", false, 1},
        {"C", R(STAFFING_HEAD), "S1", "M1", "", false, 4},
    };
    for (uint64_t seed = 1; seed <= 8; seed++) {
        staffing_input in = {pts, 1, NULL, 0, people, 3, false, seed};
        staffing_result res;
        assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
        assert_int_equal(res.nposts, 1);
        assert_string_equal(people[res.posts[0].person].document, "B");
        staffing_result_free(&res);
    }
}

static void territory_and_region_scheme(void **state)
{
    (void)state;
    staffing_needs n = {.technical = 1};
    staffing_point pts[] = {{"P1", "M1", n, NULL, 0}};
    staffing_person people[] = {{"A", R(STAFFING_TECHNICAL), "S9", "M2", "", false, 0}};
    staffing_input in = {pts, 1, NULL, 0, people, 1, false, 1};
    staffing_result res;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    assert_int_equal(res.nshortages, 1);
    assert_string_equal(res.shortages[0].message, "point P1: 1 technical specialists needed, 0 eligible");
    staffing_result_free(&res);
    in.anywhere = true;  /* region scheme: anyone anywhere */
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    assert_int_equal(res.nshortages, 0);
    assert_int_equal(res.nposts, 1);
    staffing_result_free(&res);
}

static void local_shortage_explained(void **state)
{
    (void)state;
    staffing_needs n = ru11();
    n.heads = n.gek = n.gek_token = n.technical = n.medical = 0;
    const char *seated[] = {"S2"};
    staffing_point pts[] = {{"P0415", "M1", n, seated, 1}};
    const char *rus[] = {"rus"};
    staffing_room rooms[] = {{0, "1", rus, 1, false}, {0, "2", rus, 1, false}, {0, "3", rus, 1, false}};
    staffing_person people[] = {
        {"A", ORG, "S1", "M1", "", false, 0}, {"B", ORG, "S1", "M1", "", false, 0},
        {"C", ORG, NULL, NULL, "", false, 0}, {"D", ORG, "S1", "M1", "math", false, 0},
        {"E", ORG, "S3", "M1", "", false, 0},
        {"F", ORG, "S2", "M1", "", false, 0},      /* pupils of S2 sit here */
        {"G", ORG, "S1", "M1", "rus", false, 0},   /* teaches the subject */
        {"H", ORG, "S4", "M2", "", false, 0},      /* other municipality */
        {"I", R(STAFFING_TECHNICAL), "S1", "M1", "", false, 0},
    };
    staffing_input in = {pts, 1, rooms, 3, people, 9, false, 1};
    staffing_result res;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    assert_int_equal(res.nposts, 0);
    assert_int_equal(res.nshortages, 1);
    assert_string_equal(res.shortages[0].message, "point P0415: 6 organizers needed, 5 eligible");
    assert_string_equal(res.shortages[0].scope, "point");
    assert_int_equal(res.shortages[0].needed, 6);
    assert_int_equal(res.shortages[0].eligible, 5);
    staffing_result_free(&res);
}

/* Each point alone has enough organizers; together they do not. */
static void hall_shortage_across_points(void **state)
{
    (void)state;
    staffing_needs n = {.room_organizers = 2, .not_subject_teacher = true, .not_teacher_of_seated = true};
    staffing_point pts[] = {{"P1", "M12", n, NULL, 0}, {"P2", "M12", n, NULL, 0}, {"P3", "M13", n, NULL, 0}};
    const char *rus[] = {"rus"};
    staffing_room rooms[] = {{0, "1", rus, 1, false}, {1, "1", rus, 1, false}, {2, "1", rus, 1, false}};
    staffing_person people[] = {
        {"A", ORG, "S1", "M12", "", false, 0}, {"B", ORG, "S1", "M12", "", false, 0},
        {"C", ORG, "S1", "M12", "", false, 0}, {"D", ORG, "S5", "M13", "", false, 0},
        {"E", ORG, "S5", "M13", "", false, 0},
    };
    staffing_input in = {pts, 3, rooms, 3, people, 5, false, 1};
    staffing_result res;
    at_error e = {0};
    int rc = staffing_solve(&in, &res, &e);
    if (rc != AT_OK)
        fprintf(stderr, "%s: %s\n", e.where, e.msg);
    assert_int_equal(rc, AT_OK);
    assert_int_equal(res.nposts, 0);
    assert_int_equal(res.nshortages, 1);
    assert_string_equal(res.shortages[0].message,
                        "municipality M12: 4 organizers needed across points P1, P2, 3 eligible");
    assert_string_equal(res.shortages[0].scope, "municipality");
    assert_string_equal(res.shortages[0].points, "P1, P2");
    staffing_result_free(&res);
}

/* Many points per municipality, each school's pupils in three points spread
 * over it: its organizers reach the rest of the municipality through the
 * organizer trees (the gaps between those points). One organizer per point
 * and as many organizers as points leaves no slack, so any post sent to an
 * excluded point, or a point no tree reaches, shows. */
#define SPREAD_PER_MUNI 15
static void organizers_spread_over_many_points(void **state)
{
    (void)state;
    enum { NP = 2 * SPREAD_PER_MUNI };
    staffing_needs n = {.room_organizers = 1, .not_subject_teacher = true, .not_teacher_of_seated = true};
    static char pcode[NP][8], scode[NP][8], docs[64][8];
    static const char *seated[NP][3];
    staffing_point pts[NP];
    staffing_room rooms[NP];
    const char *rus[] = {"rus"};
    for (int s = 0; s < NP; s++)
        snprintf(scode[s], sizeof scode[s], "S%02d", s);
    for (int p = 0; p < NP; p++) {
        int base = p / SPREAD_PER_MUNI * SPREAD_PER_MUNI, i = p % SPREAD_PER_MUNI;
        snprintf(pcode[p], sizeof pcode[p], "P%02d", p + 1);
        /* school s sits in points i(s), i(s)+4 and i(s)+9 (mod 15) of its municipality */
        int k = 0;
        for (int s = base; s < base + SPREAD_PER_MUNI; s++) {
            int j = s % SPREAD_PER_MUNI;
            if (i == j || i == (j + 4) % SPREAD_PER_MUNI || i == (j + 9) % SPREAD_PER_MUNI)
                seated[p][k++] = scode[s];
        }
        assert_int_equal(k, 3);
        pts[p] = (staffing_point){pcode[p], p < SPREAD_PER_MUNI ? "M1" : "M2", n, seated[p], 3};
        rooms[p] = (staffing_room){(size_t)p, "1", rus, 1, false};
    }
    /* M1: one organizer per school and a second for S00..S04 (20); M2: S15..S24 (10). */
    staffing_person people[64];
    size_t np = 0;
    for (int s = 0; s < NP; s++)
        for (int c = 0; c < (s < 5 ? 2 : s < SPREAD_PER_MUNI ? 1 : s < 25 ? 1 : 0); c++) {
            snprintf(docs[np], sizeof docs[np], "D%02zu", np);
            people[np] = (staffing_person){docs[np], ORG, scode[s], s < SPREAD_PER_MUNI ? "M1" : "M2", "", false, 0};
            np++;
        }
    assert_int_equal(np, 30);
    /* Municipality scheme: M2 has 10 organizers for 15 points, though each
     * point alone has enough. */
    staffing_input in = {pts, NP, rooms, NP, people, np, false, 5};
    staffing_result res;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    assert_int_equal(res.nposts, 0);
    assert_int_equal(res.nshortages, 1);
    assert_string_equal(res.shortages[0].message,
                        "municipality M2: 15 organizers needed across points P16, P17, P18, P19, P20, P21, P22, "
                        "P23, P24, P25, P26, P27, … (15 points), 10 eligible");
    staffing_result_free(&res);
    /* Region scheme: 30 organizers for 30 points, each kept out of three. */
    in.anywhere = true;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    check_rules(&in, &res);
    assert_int_equal(res.nposts, NP);
    staffing_result_free(&res);
    /* Municipality scheme with S25..S29 staffed too: exactly feasible in both. */
    for (int s = 25; s < NP; s++, np++) {
        snprintf(docs[np], sizeof docs[np], "D%02zu", np);
        people[np] = (staffing_person){docs[np], ORG, scode[s], "M2", "", false, 0};
    }
    staffing_input in2 = {pts, NP, rooms, NP, people, np, false, 5};
    assert_int_equal(staffing_solve(&in2, &res, &(at_error){0}), AT_OK);
    check_rules(&in2, &res);
    assert_int_equal(res.nposts, NP);
    staffing_result_free(&res);
}

static void gek_token_and_shared_roles(void **state)
{
    (void)state;
    staffing_needs n = {.gek = 2, .gek_token = 1, .technical = 1, .room_organizers = 1};
    staffing_point pts[] = {{"P1", "M1", n, NULL, 0}};
    const char *rus[] = {"rus"};
    staffing_room rooms[] = {{0, "1", rus, 1, false}};
    staffing_person people[] = {
        {"T1", R(STAFFING_GEK) | R(STAFFING_TECHNICAL), NULL, NULL, "", true, 0},
        {"T2", R(STAFFING_GEK), NULL, NULL, "", true, 5},
        {"O", ORG | R(STAFFING_GEK), NULL, NULL, "", false, 0},
        {"Q", R(STAFFING_TECHNICAL), NULL, NULL, "", false, 0},
        {"X", R(STAFFING_GEK), NULL, NULL, "", false, 0},
    };
    /* T1, T2, O, Q: O must organize, so ГЭК is T1 and T2, technical Q. */
    staffing_input in = {pts, 1, rooms, 1, people, 4, false, 3};
    staffing_result res;
    assert_int_equal(staffing_solve(&in, &res, &(at_error){0}), AT_OK);
    check_rules(&in, &res);
    assert_int_equal(res.nposts, 4);
    for (size_t i = 0; i < res.nposts; i++) {
        const char *who = people[res.posts[i].person].document;
        if (res.posts[i].post == STAFFING_TECHNICAL)
            assert_string_equal(who, "Q");
        if (res.posts[i].post == STAFFING_ORGANIZER)
            assert_string_equal(who, "O");
    }
    staffing_result_free(&res);
    /* T1, O, X: the only token holder is also the only technical specialist.
     * Every post alone has someone; together they do not. */
    staffing_person three[] = {people[0], people[2], people[4]};
    staffing_input in2 = {pts, 1, rooms, 1, three, 3, false, 3};
    assert_int_equal(staffing_solve(&in2, &res, &(at_error){0}), AT_OK);
    assert_int_equal(res.nposts, 0);
    assert_int_equal(res.nshortages, 1);
    assert_string_equal(res.shortages[0].message, "municipality M1: 2 GEK members holding a token and technical "
                                                   "specialists needed across points P1, 1 eligible");
    staffing_result_free(&res);
}

static void reserve_rounds_up_with_a_minimum(void **state)
{
    (void)state;
    assert_int_equal(staffing_reserve(25, 5, 1), 2);   /* 1.25 → 2 */
    assert_int_equal(staffing_reserve(20, 5, 1), 1);
    assert_int_equal(staffing_reserve(3, 5, 1), 1);    /* the minimum */
    assert_int_equal(staffing_reserve(100, 10, 2), 10);
    assert_int_equal(staffing_reserve(7, 0, 0), 0);
}

static void custody_mismatches(void **state)
{
    (void)state;
    staffing_act a[] = {
        {"E1", "region", "R", "municipality", "M1", 27, true, 27},
        {"E1", "municipality", "M1", "point", "P1", 27, true, 25},   /* short by two */
        {"E1", "point", "P1", "room", "P1/1", 13, true, 13},
        {"E1", "point", "P1", "room", "P1/2", 13, true, 14},         /* more than sent, rooms 27 > 25 */
        {"E1", "municipality", "M1", "point", "P2", 5, false, 0},
        {"E1", "point", "P2", "room", "P2/1", 5, true, 5},           /* point's receipt unsigned */
    };
    char *mm[6];
    assert_int_equal(staffing_custody_check(a, 6, mm), AT_OK);
    assert_null(mm[0]);
    assert_string_equal(mm[1], "received 25 of 27 sent");
    assert_string_equal(mm[2], "point P1 received 25, but its onward acts were received as 27 in all");
    assert_string_equal(mm[3], "received 14 of 13 sent; point P1 received 25, but its onward acts were received as 27 in all");
    assert_null(mm[4]);
    assert_string_equal(mm[5], "handed on by point P2, whose own receipt is not signed");
    for (int i = 0; i < 6; i++)
        free(mm[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(feasible_day_keeps_every_rule),
        cmocka_unit_test(seeds_replay_and_differ),
        cmocka_unit_test(finds_what_greedy_misses),
        cmocka_unit_test(balanced_use_prefers_fewer_posts),
        cmocka_unit_test(territory_and_region_scheme),
        cmocka_unit_test(local_shortage_explained),
        cmocka_unit_test(hall_shortage_across_points),
        cmocka_unit_test(organizers_spread_over_many_points),
        cmocka_unit_test(gek_token_and_shared_roles),
        cmocka_unit_test(reserve_rounds_up_with_a_minimum),
        cmocka_unit_test(custody_mismatches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
