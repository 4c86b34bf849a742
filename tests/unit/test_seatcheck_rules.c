/* The independent check of a distribution (seatcheck): a small hand-made
 * region with a valid distribution of one date, which must pass with zero
 * violations; then, one test per rule, a copy with exactly that rule broken,
 * which must be reported under the rule's code for the broken object (and,
 * where the break allows, nothing else).
 *
 * The region (date 2026-06-04, scheme municipal, profile ru-gia11-2026):
 *   municipalities M1, M2; schools S11, S12, SPEN (M1), S21 (M2)
 *   points  P1 regular M1 base S11: rooms 101 (10), 102 (10, unused),
 *              103 (5, accessible), 104 (5, computer), 105 (4, speaking)
 *           P2 regular M1 base S12: 201 (10)
 *           P3 regular M2 base S21: 301 (10)
 *           P4 regular M2 no base:  401 (10)
 *           PH home M1: H1 (2, accessible); PHO hospital M2: X1 (2, accessible)
 *           PP penitentiary M1 base SPEN: Z1 (5); P5 regular M2: 501 (10, unused)
 *   exams   ege-rus (regular), ege-inf (computer), ege-eng (speaking) on the
 *           date; ege-hist-res (reserve, same date); ege-math (2026-06-08)
 *   seated  A1–A3 (S12) rus P1/101; A4 inf P1/104; A5 eng P1/105;
 *           A6 (ОВЗ extended_time), A7 (ОВЗ assistant) rus P1/103;
 *           B1, B2 (S11) rus P2/201; C1, C2 (S21) rus P4/401;
 *           G (past graduate, no school) rus P3/301; H (home) PH/H1;
 *           K (hospital, S21) PHO/X1; Z (penitentiary, SPEN) PP/Z1
 *   staff   per used point a head, two gek (the first a token holder), a
 *           technical and a medical post; two organizers per used room; an
 *           assistant in P1/103. Staff have no school unless a test adds one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"
#include "seatcheck/seatcheck.h"
#include "store/store.h"
#include "store/store_sql.h"

#include "test_tmpdir.h"

#define DATE "2026-06-04"

static const char *const registry_sql =
    "INSERT INTO municipalities (code, name) VALUES ('M1', 'Первый'), ('M2', 'Второй');"
    "INSERT INTO schools (code, municipality_code, name) VALUES ('S11', 'M1', 'Школа 11'), "
    "  ('S12', 'M1', 'Школа 12'), ('SPEN', 'M1', 'Школа УИС'), ('S21', 'M2', 'Школа 21');"
    "INSERT INTO exam_points (code, name, municipality_code, base_school_code, kind) VALUES "
    "  ('P1', 'ППЭ 1', 'M1', 'S11', 'regular'), ('P2', 'ППЭ 2', 'M1', 'S12', 'regular'), "
    "  ('P3', 'ППЭ 3', 'M2', 'S21', 'regular'), ('P4', 'ППЭ 4', 'M2', NULL, 'regular'), "
    "  ('PH', 'на дому', 'M1', NULL, 'home'), ('PHO', 'больница', 'M2', NULL, 'hospital'), "
    "  ('PP', 'УИС', 'M1', 'SPEN', 'penitentiary'), ('P5', 'ППЭ 5', 'M2', NULL, 'regular');"
    "INSERT INTO rooms (exam_point_code, number, seats, features) VALUES "
    "  ('P1', '101', 10, 'video'), ('P1', '102', 10, NULL), ('P1', '103', 5, 'accessible'), "
    "  ('P1', '104', 5, 'computer;video'), ('P1', '105', 4, 'speaking'), ('P2', '201', 10, NULL), "
    "  ('P3', '301', 10, NULL), ('P4', '401', 10, NULL), ('PH', 'H1', 2, 'accessible'), "
    "  ('PHO', 'X1', 2, 'accessible'), ('PP', 'Z1', 5, NULL), ('P5', '501', 10, NULL);"
    "INSERT INTO exams (code, grade, subject, form, room_kind, date, start_time, duration_minutes, period, reserve) "
    "VALUES ('ege-rus', 11, 'rus', 'ege', NULL, '2026-06-04', '10:00', 210, 'main', 0), "
    "  ('ege-inf', 11, 'informatics', 'ege', 'computer', '2026-06-04', '10:00', 235, 'main', 0), "
    "  ('ege-eng', 11, 'english', 'ege', 'speaking', '2026-06-04', '10:00', 17, 'main', NULL), "
    "  ('ege-hist-res', 11, 'history', 'ege', NULL, '2026-06-04', '10:00', 210, 'main', 1), "
    "  ('ege-math', 11, 'math_profile', 'ege', NULL, '2026-06-08', '10:00', 235, 'main', 0);"
    "INSERT INTO participants (document, last_name, first_name, school_code, grade, category, ovz, "
    "  ovz_conditions) VALUES "
    "  ('A1', 'А', 'А', 'S12', 11, 'pupil', 0, NULL), ('A2', 'А', 'Б', 'S12', 11, 'pupil', 0, NULL), "
    "  ('A3', 'А', 'В', 'S12', 11, 'pupil', 0, NULL), ('A4', 'А', 'Г', 'S12', 11, 'pupil', 0, NULL), "
    "  ('A5', 'А', 'Д', 'S12', 11, 'pupil', 0, NULL), "
    "  ('A6', 'А', 'Е', 'S12', 11, 'pupil', 1, 'extended_time'), "
    "  ('A7', 'А', 'Ж', 'S12', 11, 'pupil', 1, 'extended_time;assistant'), "
    "  ('B1', 'Б', 'А', 'S11', 11, 'pupil', 0, NULL), ('B2', 'Б', 'Б', 'S11', 11, 'pupil', 0, NULL), "
    "  ('C1', 'В', 'А', 'S21', 11, 'pupil', 0, NULL), ('C2', 'В', 'Б', 'S21', 11, 'pupil', 0, NULL), "
    "  ('G', 'Г', 'А', NULL, 11, 'past_graduate', 0, NULL), "
    "  ('H', 'Д', 'А', 'S11', 11, 'pupil', 1, 'home'), "
    "  ('K', 'Е', 'А', 'S21', 11, 'pupil', 0, 'hospital'), "
    "  ('Z', 'Ж', 'А', 'SPEN', 11, 'penitentiary', 0, NULL), "
    "  ('N9', 'З', 'А', 'S12', 9, 'pupil', 0, NULL);"
    "INSERT INTO registrations (document, subject, form, period) VALUES "
    "  ('A1', 'rus', 'ege', 'main'), ('A1', 'history', 'ege', 'main'), ('A1', 'math_profile', 'ege', 'main'), "
    "  ('A2', 'rus', 'ege', 'main'), ('A3', 'rus', 'ege', 'main'), ('A4', 'informatics', 'ege', 'main'), "
    "  ('A5', 'english', 'ege', 'main'), ('A6', 'rus', 'ege', 'main'), ('A7', 'rus', 'ege', 'main'), "
    "  ('B1', 'rus', 'ege', 'main'), ('B2', 'rus', 'ege', 'main'), ('C1', 'rus', 'ege', 'main'), "
    "  ('C2', 'rus', 'ege', 'main'), ('G', 'rus', 'ege', 'main'), ('H', 'rus', 'ege', 'main'), "
    "  ('K', 'rus', 'ege', 'main'), ('Z', 'rus', 'ege', 'main'), ('N9', 'rus', 'ege', 'main');";

static const char *const seating_sql =
    "INSERT INTO seat_runs (date, seed, scheme, made_at, actor, participants, travel_km) "
    "VALUES ('2026-06-04', '1', 'municipal', '2026-05-20T10:00:00Z', 'test', 17, 0);"
    "INSERT INTO seatings (date, exam_code, document, exam_point_code, room_number, seat) VALUES "
    "  ('2026-06-04', 'ege-rus', 'A1', 'P1', '101', 1), ('2026-06-04', 'ege-rus', 'A2', 'P1', '101', 2), "
    "  ('2026-06-04', 'ege-rus', 'A3', 'P1', '101', 3), ('2026-06-04', 'ege-inf', 'A4', 'P1', '104', 1), "
    "  ('2026-06-04', 'ege-eng', 'A5', 'P1', '105', 1), ('2026-06-04', 'ege-rus', 'A6', 'P1', '103', 1), "
    "  ('2026-06-04', 'ege-rus', 'A7', 'P1', '103', 2), ('2026-06-04', 'ege-rus', 'B1', 'P2', '201', 1), "
    "  ('2026-06-04', 'ege-rus', 'B2', 'P2', '201', 2), ('2026-06-04', 'ege-rus', 'C1', 'P4', '401', 1), "
    "  ('2026-06-04', 'ege-rus', 'C2', 'P4', '401', 2), ('2026-06-04', 'ege-rus', 'G', 'P3', '301', 1), "
    "  ('2026-06-04', 'ege-rus', 'H', 'PH', 'H1', 1), ('2026-06-04', 'ege-rus', 'K', 'PHO', 'X1', 1), "
    "  ('2026-06-04', 'ege-rus', 'Z', 'PP', 'Z1', 1);";

static const char *const used_points[] = {"P1", "P2", "P3", "P4", "PH", "PHO", "PP"};
static const char *const used_rooms[][2] = {{"P1", "101"}, {"P1", "103"}, {"P1", "104"}, {"P1", "105"},
                                            {"P2", "201"}, {"P3", "301"}, {"P4", "401"}, {"PH", "H1"},
                                            {"PHO", "X1"}, {"PP", "Z1"}};

/* ---- building databases ---- */
static store *g_store;

static void exec(const char *sql)
{
    at_error err = {0};
    if (store_exec_sql(g_store, sql, &err) != AT_OK)
        fail_msg("SQL failed: %s: %s\n%s", err.where, err.msg, sql);
}

static void execf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void execf(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    exec(sql);
}

static void add_post(const char *doc, const char *point, const char *room, const char *post, int token)
{
    execf("INSERT INTO staff (document, last_name, first_name, roles, gek_token) VALUES ('%s', 'Т', 'Т', '%s', %d);"
          "INSERT INTO staff_posts (date, document, exam_point_code, room_number, post) "
          "VALUES ('" DATE "', '%s', '%s', %s%s%s, '%s')",
          doc, post, token, doc, point, room ? "'" : "", room ? room : "NULL", room ? "'" : "", post);
}

static void add_staff(void)
{
    char doc[64];
    for (size_t i = 0; i < sizeof used_points / sizeof *used_points; i++) {
        const char *p = used_points[i];
        snprintf(doc, sizeof doc, "T-%s-head", p);
        add_post(doc, p, NULL, "ppe_head", 0);
        snprintf(doc, sizeof doc, "T-%s-gek1", p);
        add_post(doc, p, NULL, "gek", 1);
        snprintf(doc, sizeof doc, "T-%s-gek2", p);
        add_post(doc, p, NULL, "gek", 0);
        snprintf(doc, sizeof doc, "T-%s-tech", p);
        add_post(doc, p, NULL, "technical", 0);
        snprintf(doc, sizeof doc, "T-%s-med", p);
        add_post(doc, p, NULL, "medical", 0);
    }
    for (size_t i = 0; i < sizeof used_rooms / sizeof *used_rooms; i++)
        for (int k = 1; k <= 2; k++) {
            snprintf(doc, sizeof doc, "T-%s-%s-org%d", used_rooms[i][0], used_rooms[i][1], k);
            add_post(doc, used_rooms[i][0], used_rooms[i][1], "organizer", 0);
        }
    add_post("T-P1-103-asst", "P1", "103", "assistant", 0);
}

/* A fresh database holding the valid distribution (staff too unless told). */
static void build(bool staff)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "t%d.db", ++n);
    at_error err = {0};
    assert_int_equal(store_open(path_of(name), STORE_CREATE, &g_store, &err), AT_OK);
    int from, to;
    assert_int_equal(store_migrate(g_store, &from, &to, &err), AT_OK);
    static const struct {
        const char *id;
        int grade;
    } profiles[] = {{"ru-gia11-2026", 11}, {"ru-gia9-2026", 9}};
    for (size_t i = 0; i < 2; i++) {
        const char *text;
        size_t len;
        assert_int_equal(rules_builtin_text(profiles[i].id, &text, &len, &err), AT_OK);
        char *json = strndup(text, len);
        assert_int_equal(store_profile_put(g_store, profiles[i].id, profiles[i].grade, json, &err), AT_OK);
        free(json);
    }
    exec(registry_sql);
    exec(seating_sql);
    if (staff)
        add_staff();
}

/* ---- running the check ---- */
typedef struct {
    seatcheck_rule rule;
    char exam[64], doc[64], point[32], room[32], staff[64], msg[512];
} found;

static found g_found[256];
static size_t g_nfound;
static seatcheck_summary g_sum;

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void collect(void *ctx, const seatcheck_violation *v)
{
    (void)ctx;
    assert_string_equal(v->date, DATE);
    assert_non_null(v->message);
    if (g_nfound >= sizeof g_found / sizeof *g_found)
        return;
    found *f = &g_found[g_nfound++];
    f->rule = v->rule;
    copy(f->exam, sizeof f->exam, v->exam);
    copy(f->doc, sizeof f->doc, v->document);
    copy(f->point, sizeof f->point, v->point);
    copy(f->room, sizeof f->room, v->room);
    copy(f->staff, sizeof f->staff, v->staff);
    copy(f->msg, sizeof f->msg, v->message);
}

static void run_check(void)
{
    g_nfound = 0;
    at_error err = {0};
    int rc = seatcheck_run(g_store, DATE, collect, NULL, &g_sum, &err);
    if (rc != AT_OK)
        fail_msg("seatcheck_run: %s: %s", err.where, err.msg);
    store_close(g_store);
    g_store = NULL;
    assert_int_equal((long)g_nfound, g_sum.total);
}

static void dump(void)
{
    for (size_t i = 0; i < g_nfound; i++)
        print_message("  %s exam=%s doc=%s point=%s room=%s staff=%s: %s\n",
                      seatcheck_rule_code(g_found[i].rule), g_found[i].exam, g_found[i].doc, g_found[i].point,
                      g_found[i].room, g_found[i].staff, g_found[i].msg);
}

static bool same(const char *want, const char *got) { return !want || strcmp(want, got) == 0; }

/* Fails unless a violation of `rule` names the given objects (NULL: any). */
static void expect(seatcheck_rule rule, const char *doc, const char *point, const char *room, const char *staff)
{
    for (size_t i = 0; i < g_nfound; i++)
        if (g_found[i].rule == rule && same(doc, g_found[i].doc) && same(point, g_found[i].point) &&
            same(room, g_found[i].room) && same(staff, g_found[i].staff))
            return;
    dump();
    fail_msg("no %s violation for doc=%s point=%s room=%s staff=%s", seatcheck_rule_code(rule), doc ? doc : "*",
             point ? point : "*", room ? room : "*", staff ? staff : "*");
}

/* Fails if anything but `rule` was reported. */
static void only(seatcheck_rule rule)
{
    if (g_sum.counts[rule] == g_sum.total && g_sum.total > 0)
        return;
    dump();
    fail_msg("expected only %s violations, got %ld of %ld", seatcheck_rule_code(rule), g_sum.counts[rule],
             g_sum.total);
}

/* ---- the valid distribution ---- */
static void test_valid_distribution(void **state)
{
    (void)state;
    build(true);
    run_check();
    if (g_sum.total)
        dump();
    assert_int_equal(g_sum.total, 0);
    assert_int_equal(g_sum.seatings, 15);
    assert_int_equal(g_sum.sittings, 15); /* the reserve, other-date and grade-9 registrations are not sittings */
    assert_int_equal(g_sum.posts, 7 * 5 + 10 * 2 + 1);
    assert_string_equal(g_sum.scheme, "municipal");
}

static void test_valid_without_staff(void **state)
{
    (void)state;
    build(false); /* no posts yet: the staff rules wait until staff are distributed */
    run_check();
    assert_int_equal(g_sum.total, 0);
    assert_int_equal(g_sum.posts, 0);
}

static void test_other_date_is_empty(void **state)
{
    (void)state;
    build(true);
    g_nfound = 0;
    at_error err = {0};
    assert_int_equal(seatcheck_run(g_store, "2026-06-05", NULL, NULL, &g_sum, &err), AT_OK);
    store_close(g_store);
    assert_int_equal(g_sum.total, 0);
    assert_int_equal(g_sum.seatings, 0);
}

static void test_region_and_table_schemes(void **state)
{
    (void)state;
    /* region: C1 of M2 may sit in P2 of M1 */
    build(true);
    exec("UPDATE seat_runs SET scheme = 'region';"
         "UPDATE seatings SET exam_point_code = 'P2', room_number = '201', seat = 3 WHERE document = 'C1'");
    run_check();
    assert_int_equal(g_sum.total, 0);
    /* table: M2 is served by P4 and PHO (so G, with no school, may still sit in P3); M1 has no rows */
    build(true);
    exec("UPDATE seat_runs SET scheme = 'table';"
         "INSERT INTO territorial_scheme VALUES ('M2', 'P4'), ('M2', 'PHO')");
    run_check();
    assert_int_equal(g_sum.total, 0);
}

/* ---- one test per rule ---- */
static void test_complete_unseated(void **state)
{
    (void)state;
    build(false);
    exec("DELETE FROM seatings WHERE document = 'A2'");
    run_check();
    expect(SC_COMPLETE, "A2", NULL, NULL, NULL);
    only(SC_COMPLETE);
    assert_int_equal(g_sum.total, 1);
}

static void test_complete_not_a_sitting(void **state)
{
    (void)state;
    build(false);
    exec("DELETE FROM registrations WHERE document = 'B2'");
    run_check();
    expect(SC_COMPLETE, "B2", NULL, NULL, NULL);
    only(SC_COMPLETE);
    assert_int_equal(g_sum.total, 1);
    /* a grade-9 participant seated for the grade-11 exam is not a sitting either */
    build(false);
    exec("INSERT INTO seatings VALUES ('2026-06-04', 'ege-rus', 'N9', 'P1', '101', 4)");
    run_check();
    expect(SC_COMPLETE, "N9", NULL, NULL, NULL);
    only(SC_COMPLETE);
    /* nor is a registration for the reserve exam */
    build(false);
    exec("INSERT INTO seatings VALUES ('2026-06-04', 'ege-hist-res', 'A2', 'P1', '102', 1);"
         "DELETE FROM seatings WHERE document = 'A2' AND exam_code = 'ege-rus'");
    run_check();
    expect(SC_COMPLETE, "A2", NULL, NULL, NULL);
    only(SC_COMPLETE);
}

static void test_complete_wrong_date(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET date = '2026-06-08' WHERE document = 'A2'");
    run_check();
    expect(SC_COMPLETE, "A2", "P1", "101", NULL);
    only(SC_COMPLETE);
    assert_int_equal(g_sum.total, 1);
    /* an exam of another date seated on this date */
    build(false);
    exec("INSERT INTO seatings VALUES ('2026-06-04', 'ege-math', 'A1', 'P2', '201', 3)");
    run_check();
    expect(SC_COMPLETE, "A1", "P2", "201", NULL);
}

static void test_one_seat_per_participant(void **state)
{
    (void)state;
    build(false);
    exec("INSERT INTO registrations VALUES ('A1', 'informatics', 'ege', 'main');"
         "INSERT INTO seatings VALUES ('2026-06-04', 'ege-inf', 'A1', 'P1', '104', 2)");
    run_check();
    expect(SC_ONE_SEAT, "A1", "P1", "104", NULL);
    only(SC_ONE_SEAT);
}

static void test_one_participant_per_seat(void **state)
{
    (void)state;
    build(false);
    /* the table's key (date, point, room, seat) would refuse this: the check
     * must not rely on it, so the rows are moved to a table without one */
    exec("CREATE TABLE loose AS SELECT * FROM seatings; DROP TABLE seatings; ALTER TABLE loose RENAME TO seatings;"
         "UPDATE seatings SET seat = 1 WHERE document = 'B2'");
    run_check();
    expect(SC_ONE_SEAT, "B2", "P2", "201", NULL);
    only(SC_ONE_SEAT);
}

static void test_capacity_room_seats(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE rooms SET seats = 1 WHERE exam_point_code = 'P2' AND number = '201'");
    run_check();
    expect(SC_CAPACITY, NULL, "P2", "201", NULL); /* 2 participants, limit 1 */
    expect(SC_CAPACITY, "B2", "P2", "201", NULL); /* seat 2 of 1 */
    only(SC_CAPACITY);
    assert_int_equal(g_sum.total, 2);
}

static void test_capacity_profile_limits(void **state)
{
    (void)state;
    build(false);
    /* the stored profile sets the limits: 2 per room, 1 in an ОВЗ room */
    exec("UPDATE rule_profiles SET body = replace(replace(body, '\"room_max_participants\": 25', "
         "'\"room_max_participants\": 2'), '\"ovz_room_max_participants\": 12', '\"ovz_room_max_participants\": 1') "
         "WHERE grade = 11");
    run_check();
    expect(SC_CAPACITY, NULL, "P1", "101", NULL); /* 3 > 2 */
    expect(SC_CAPACITY, "A3", "P1", "101", NULL); /* seat 3 > 2 */
    expect(SC_CAPACITY, NULL, "P1", "103", NULL); /* 2 ОВЗ > 1 */
    only(SC_CAPACITY);
    assert_int_equal(g_sum.total, 3);
}

static void test_closed(void **state)
{
    (void)state;
    build(false);
    exec("INSERT INTO seat_closures VALUES ('2026-06-04', 'P2', '201', 'flooded', 'now', 'test');"
         "INSERT INTO seat_closures VALUES ('2026-06-04', 'PP', NULL, 'quarantine', 'now', 'test');"
         "INSERT INTO seat_closures VALUES ('2026-06-05', 'P4', NULL, 'another day', 'now', 'test')");
    run_check();
    expect(SC_CLOSED, NULL, "P2", "201", NULL);
    expect(SC_CLOSED, NULL, "PP", "Z1", NULL);
    only(SC_CLOSED);
    assert_int_equal(g_sum.total, 2);
}

static void test_one_exam_per_room(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET room_number = '104', seat = 2 WHERE document = 'A1'");
    run_check();
    expect(SC_ONE_EXAM, NULL, "P1", "104", NULL);
    only(SC_ONE_EXAM);
    assert_int_equal(g_sum.total, 1);
    /* a profile without one_exam_per_room (KZ) lets exams share a room; the
     * organizer rule then covers every exam of the room */
    build(true);
    exec("UPDATE rule_profiles SET body = replace(body, '\"one_exam_per_room\": true', "
         "'\"one_exam_per_room\": false') WHERE grade = 11;"
         "UPDATE seatings SET room_number = '104', seat = 2 WHERE document = 'A1';"
         "UPDATE staff SET subjects_taught = 'rus' WHERE document = 'T-P1-104-org1'");
    run_check();
    expect(SC_STAFF_SUBJECT, NULL, "P1", "104", "T-P1-104-org1");
    only(SC_STAFF_SUBJECT);
    assert_int_equal(g_sum.total, 1);
}

static void test_territory(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET exam_point_code = 'P2', room_number = '201', seat = 3 WHERE document = 'C1'");
    run_check();
    expect(SC_TERRITORY, "C1", "P2", NULL, NULL);
    only(SC_TERRITORY);
    assert_int_equal(g_sum.total, 1);
    /* table scheme: M2 is served by P4 and PHO only, so C2 may not sit in P5 */
    build(false);
    exec("UPDATE seat_runs SET scheme = 'table';"
         "INSERT INTO territorial_scheme VALUES ('M2', 'P4'), ('M2', 'PHO');"
         "UPDATE seatings SET exam_point_code = 'P5', room_number = '501', seat = 1 WHERE document = 'C2'");
    run_check();
    expect(SC_TERRITORY, "C2", "P5", NULL, NULL);
    only(SC_TERRITORY);
    assert_int_equal(g_sum.total, 1);
}

static void test_own_school(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET exam_point_code = 'P1', room_number = '101', seat = 4 WHERE document = 'B1'");
    run_check();
    expect(SC_OWN_SCHOOL, "B1", "P1", NULL, NULL);
    only(SC_OWN_SCHOOL);
    assert_int_equal(g_sum.total, 1);
    /* only_own_school (a KZ profile): everyone must sit in their own school */
    build(false);
    exec("UPDATE rule_profiles SET body = replace(body, '\"not_own_school\": true', '\"only_own_school\": true') "
         "WHERE grade = 11");
    run_check();
    expect(SC_OWN_SCHOOL, "A1", "P1", NULL, NULL); /* S12 pupils in P1 (base S11) */
    expect(SC_OWN_SCHOOL, "C1", "P4", NULL, NULL);
    only(SC_OWN_SCHOOL);
    assert_int_equal(g_sum.counts[SC_OWN_SCHOOL], 11); /* all but G (no school) and H, K, Z (special points) */
}

static void test_room_kind(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE rooms SET features = 'video' WHERE exam_point_code = 'P1' AND number = '104';"
         "UPDATE rooms SET features = NULL WHERE exam_point_code = 'P1' AND number = '105'");
    run_check();
    expect(SC_ROOM_KIND, "A4", "P1", "104", NULL);
    expect(SC_ROOM_KIND, "A5", "P1", "105", NULL);
    only(SC_ROOM_KIND);
    assert_int_equal(g_sum.total, 2);
}

static void test_point_kind(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET exam_point_code = 'P1', room_number = '101', seat = 4 WHERE document = 'Z';"
         "UPDATE seatings SET exam_point_code = 'P2', room_number = '201', seat = 3 WHERE document = 'H';"
         "UPDATE seatings SET exam_point_code = 'PH', room_number = 'H1', seat = 2 WHERE document = 'A1'");
    run_check();
    expect(SC_POINT_KIND, "Z", "P1", NULL, NULL);
    expect(SC_POINT_KIND, "H", "P2", NULL, NULL);
    expect(SC_POINT_KIND, "A1", "PH", NULL, NULL);
    only(SC_POINT_KIND);
    assert_int_equal(g_sum.total, 3);
}

static void test_accessible_room(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET room_number = '101', seat = 4 WHERE document = 'A6'");
    run_check();
    expect(SC_ACCESSIBLE, "A6", "P1", "101", NULL); /* not an accessible room */
    expect(SC_ACCESSIBLE, NULL, "P1", "101", NULL); /* and mixed with three others */
    only(SC_ACCESSIBLE);
    assert_int_equal(g_sum.total, 2);
}

static void test_accessible_no_mixing(void **state)
{
    (void)state;
    build(false);
    exec("UPDATE seatings SET room_number = '103', seat = 3 WHERE document = 'A1'");
    run_check();
    expect(SC_ACCESSIBLE, NULL, "P1", "103", NULL);
    only(SC_ACCESSIBLE);
    assert_int_equal(g_sum.total, 1);
}

static void test_run(void **state)
{
    (void)state;
    build(false);
    exec("DELETE FROM seat_runs");
    run_check();
    expect(SC_RUN, NULL, NULL, NULL, NULL);
    only(SC_RUN);
    build(false);
    exec("UPDATE seat_runs SET scheme = 'national'");
    run_check();
    expect(SC_RUN, NULL, NULL, NULL, NULL);
    only(SC_RUN);
}

static void test_staff_minimum(void **state)
{
    (void)state;
    /* no token holder among P1's gek */
    build(true);
    exec("UPDATE staff SET gek_token = 0 WHERE document = 'T-P1-gek1'");
    run_check();
    expect(SC_STAFF_MINIMUM, NULL, "P1", NULL, NULL);
    only(SC_STAFF_MINIMUM);
    assert_int_equal(g_sum.total, 1);
    /* a room with one organizer, the ОВЗ room without its assistant, P3 with no medical post */
    build(true);
    exec("DELETE FROM staff_posts WHERE document IN ('T-P2-201-org2', 'T-P1-103-asst', 'T-P3-med')");
    run_check();
    expect(SC_STAFF_MINIMUM, NULL, "P2", "201", NULL);
    expect(SC_STAFF_MINIMUM, NULL, "P1", "103", NULL);
    expect(SC_STAFF_MINIMUM, NULL, "P3", NULL, NULL);
    only(SC_STAFF_MINIMUM);
    assert_int_equal(g_sum.total, 3);
    /* exactly one head */
    build(true);
    add_post("T-P4-head2", "P4", NULL, "ppe_head", 0);
    run_check();
    expect(SC_STAFF_MINIMUM, NULL, "P4", NULL, NULL);
    only(SC_STAFF_MINIMUM);
    assert_int_equal(g_sum.total, 1);
}

static void test_staff_role(void **state)
{
    (void)state;
    build(true);
    exec("UPDATE staff SET roles = 'technical;observer' WHERE document = 'T-P1-101-org1'");
    run_check();
    expect(SC_STAFF_ROLE, NULL, "P1", "101", "T-P1-101-org1");
    only(SC_STAFF_ROLE);
    assert_int_equal(g_sum.total, 1);
}

static void test_staff_one_post(void **state)
{
    (void)state;
    build(true);
    exec("DROP INDEX staff_posts_key;"
         "INSERT INTO staff_posts VALUES ('2026-06-04', 'T-P2-201-org1', 'P1', '101', 'organizer')");
    run_check();
    expect(SC_STAFF_ONE_POST, NULL, NULL, NULL, "T-P2-201-org1"); /* either post may come second */
    only(SC_STAFF_ONE_POST);
    assert_int_equal(g_sum.total, 1);
}

static void test_staff_subject_teacher(void **state)
{
    (void)state;
    build(true);
    exec("UPDATE staff SET subjects_taught = 'literature; rus' WHERE document = 'T-P1-101-org2';"
         "UPDATE staff SET subjects_taught = 'rus' WHERE document = 'T-P1-104-org1'"); /* 104 holds informatics */
    run_check();
    expect(SC_STAFF_SUBJECT, NULL, "P1", "101", "T-P1-101-org2");
    only(SC_STAFF_SUBJECT);
    assert_int_equal(g_sum.total, 1);
}

static void test_staff_teacher_of_seated(void **state)
{
    (void)state;
    build(true);
    exec("UPDATE staff SET school_code = 'S21' WHERE document = 'T-P4-401-org1';" /* C1, C2 of S21 sit in P4 */
         "UPDATE staff SET school_code = 'S21' WHERE document = 'T-P3-301-org1'"); /* P3 seats only G */
    run_check();
    expect(SC_STAFF_SEATED, NULL, "P4", "401", "T-P4-401-org1");
    only(SC_STAFF_SEATED);
    assert_int_equal(g_sum.total, 1);
}

static void test_staff_in_use(void **state)
{
    (void)state;
    build(true);
    add_post("T-P5-head", "P5", NULL, "ppe_head", 0);
    add_post("T-P1-102-org", "P1", "102", "organizer", 0);
    run_check();
    expect(SC_STAFF_IN_USE, NULL, "P5", NULL, "T-P5-head");
    expect(SC_STAFF_IN_USE, NULL, "P1", "102", "T-P1-102-org");
    only(SC_STAFF_IN_USE);
    assert_int_equal(g_sum.total, 2);
}

static void test_staff_territory(void **state)
{
    (void)state;
    build(true);
    exec("UPDATE staff SET school_code = 'S21' WHERE document = 'T-P1-tech'");
    run_check();
    expect(SC_STAFF_TERRITORY, NULL, "P1", NULL, "T-P1-tech");
    only(SC_STAFF_TERRITORY);
    assert_int_equal(g_sum.total, 1);
    /* any point under the region scheme */
    build(true);
    exec("UPDATE seat_runs SET scheme = 'region'; UPDATE staff SET school_code = 'S21' WHERE document = 'T-P1-tech'");
    run_check();
    assert_int_equal(g_sum.total, 0);
}

static void test_rule_codes_are_distinct(void **state)
{
    (void)state;
    for (int a = 0; a < SC_NRULES; a++) {
        assert_true(strchr(seatcheck_rule_code((seatcheck_rule)a), '.') != NULL);
        for (int b = a + 1; b < SC_NRULES; b++)
            assert_string_not_equal(seatcheck_rule_code((seatcheck_rule)a), seatcheck_rule_code((seatcheck_rule)b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_distribution),
        cmocka_unit_test(test_valid_without_staff),
        cmocka_unit_test(test_other_date_is_empty),
        cmocka_unit_test(test_region_and_table_schemes),
        cmocka_unit_test(test_complete_unseated),
        cmocka_unit_test(test_complete_not_a_sitting),
        cmocka_unit_test(test_complete_wrong_date),
        cmocka_unit_test(test_one_seat_per_participant),
        cmocka_unit_test(test_one_participant_per_seat),
        cmocka_unit_test(test_capacity_room_seats),
        cmocka_unit_test(test_capacity_profile_limits),
        cmocka_unit_test(test_closed),
        cmocka_unit_test(test_one_exam_per_room),
        cmocka_unit_test(test_territory),
        cmocka_unit_test(test_own_school),
        cmocka_unit_test(test_room_kind),
        cmocka_unit_test(test_point_kind),
        cmocka_unit_test(test_accessible_room),
        cmocka_unit_test(test_accessible_no_mixing),
        cmocka_unit_test(test_run),
        cmocka_unit_test(test_staff_minimum),
        cmocka_unit_test(test_staff_role),
        cmocka_unit_test(test_staff_one_post),
        cmocka_unit_test(test_staff_subject_teacher),
        cmocka_unit_test(test_staff_teacher_of_seated),
        cmocka_unit_test(test_staff_in_use),
        cmocka_unit_test(test_staff_territory),
        cmocka_unit_test(test_rule_codes_are_distinct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
