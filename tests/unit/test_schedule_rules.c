/* The exam schedule's pure rules: times, row checks against a profile,
 * clashes, ОВЗ extension, the shipped schedules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/entity.h"
#include "schedule/schedule.h"

static void test_time(void **state)
{
    (void)state;
    int m = -1;
    assert_true(schedule_parse_time("10:00", &m));
    assert_int_equal(m, 600);
    assert_true(schedule_parse_time("9:05", &m));
    assert_int_equal(m, 545);
    assert_true(schedule_parse_time("00:00", &m));
    assert_int_equal(m, 0);
    assert_true(schedule_parse_time("23:59", &m));
    assert_int_equal(m, 1439);
    const char *bad[] = {"24:00", "10:60", "10", "10:0", "10:000", "1000", ":30", "10.00", " 10:00", "10:00 ",
                         "", "100:00", "-1:00", "a:bc"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(schedule_parse_time(bad[i], &m));
    assert_false(schedule_parse_time(NULL, &m));
    char out[6];
    schedule_format_time(600 + 235, out);
    assert_string_equal(out, "13:55");
    schedule_format_time(23 * 60 + 30 + 60, out); /* past midnight wraps */
    assert_string_equal(out, "00:30");
}

typedef struct {
    int fields[16];
    char msgs[16][1024];
    int n;
} problems;

static void collect(void *ctx, int field, const char *message)
{
    problems *p = ctx;
    if (p->n < 16) {
        p->fields[p->n] = field;
        snprintf(p->msgs[p->n], sizeof p->msgs[0], "%s", message);
        p->n++;
    }
}

static void check(const rule_profile *prof, const char *subject, const char *form, const char *kind,
                  const char *date, const char *time, const char *minutes, problems *p)
{
    const char *row[EX_NFIELDS] = {"x", "11", subject, form, kind, date, time, minutes, "main", "0"};
    memset(p, 0, sizeof *p);
    schedule_check_exam(prof, 2026, row, collect, p);
}

static void test_check_exam(void **state)
{
    (void)state;
    rule_profile *prof = NULL;
    at_error err;
    assert_int_equal(rules_load_builtin("ru-gia11-2026", &prof, &err), AT_OK);
    problems p;
    check(prof, "rus", "ege", "regular", "2026-06-04", "10:00", "210", &p);
    assert_int_equal(p.n, 0);
    check(prof, "rus", "gve", "", "2026-06-04", "10:00", "210", &p);
    assert_int_equal(p.n, 0);
    check(prof, "astronomy", "ege", "", "2026-06-04", "10:00", "210", &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.fields[0], EX_SUBJECT);
    assert_non_null(strstr(p.msgs[0], "expected one of: rus, math_base"));
    check(prof, "math_base", "gve", "", "2026-06-08", "10:00", "180", &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.fields[0], EX_FORM);
    check(prof, "math_base", "oge", "", "2026-06-08", "10:00", "180", &p); /* a grade-9 form */
    assert_int_equal(p.fields[0], EX_FORM);
    check(prof, "chemistry", "ege", "", "2026-06-01", "10:00", "240", &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.fields[0], EX_DURATION);
    assert_non_null(strstr(p.msgs[0], "210 minutes; the file says 240 (+30)"));
    check(prof, "english", "ege", "speaking", "2026-06-18", "10:00", "17", &p);
    assert_int_equal(p.n, 0);
    check(prof, "english", "ege", "speaking", "2026-06-18", "10:00", "191", &p);
    assert_int_equal(p.n, 1);
    check(prof, "history", "ege", "", "2027-06-01", "1000", "210", &p);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.fields[0], EX_START_TIME);
    assert_int_equal(p.fields[1], EX_DATE);
    /* no profile for the grade */
    check(NULL, "rus", "ege", "", "2026-06-04", "10:00", "210", &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.fields[0], EX_GRADE);
    rules_free(prof);
}

typedef struct {
    size_t pairs[8][2];
    bool overlap[8];
    size_t n;
} clashes;

static void on_clash(void *ctx, size_t i, size_t j, bool overlap)
{
    clashes *c = ctx;
    c->pairs[c->n][0] = i;
    c->pairs[c->n][1] = j;
    c->overlap[c->n++] = overlap;
}

static void test_clashes(void **state)
{
    (void)state;
    schedule_sitting s[] = {
        {"a", "2026-06-01", 600, 210},
        {"b", "2026-06-01", 600, 235}, /* same day, same time */
        {"c", "2026-06-04", 600, 210},
        {"d", "2026-06-18", 600, 17},
        {"e", "2026-06-18", 900, 60},  /* same day, later: clash without overlap */
    };
    clashes c = {0};
    assert_int_equal(schedule_find_clashes(s, 5, on_clash, &c), 2);
    assert_int_equal(c.pairs[0][0], 0);
    assert_int_equal(c.pairs[0][1], 1);
    assert_true(c.overlap[0]);
    assert_int_equal(c.pairs[1][0], 3);
    assert_int_equal(c.pairs[1][1], 4);
    assert_false(c.overlap[1]);
    assert_int_equal(schedule_find_clashes(s + 2, 2, NULL, NULL), 0);
    assert_int_equal(schedule_find_clashes(s, 0, NULL, NULL), 0);
}

static void test_ovz_minutes(void **state)
{
    (void)state;
    rule_profile *prof = NULL;
    at_error err;
    assert_int_equal(rules_load_builtin("ru-gia9-2026", &prof, &err), AT_OK);
    int extra = prof->ovz_extra_minutes;
    assert_true(extra > 0);
    assert_int_equal(schedule_sitting_minutes(235, prof, ""), 235);
    assert_int_equal(schedule_sitting_minutes(235, prof, "extended_time"), 235 + extra);
    assert_int_equal(schedule_sitting_minutes(235, prof, "separate_room;extended_time"), 235 + extra);
    assert_int_equal(schedule_sitting_minutes(235, prof, "extended_time_x"), 235);
    assert_int_equal(schedule_sitting_minutes(235, NULL, "extended_time"), 235);
    rules_free(prof);
}

/* EX_* must follow the exams entity's field order. */
static void test_fields_in_sync(void **state)
{
    (void)state;
    const entity_def *e = entity_find("exams");
    assert_non_null(e);
    assert_int_equal(e->nfields, EX_NFIELDS);
    assert_int_equal(entity_field_index(e, "grade"), EX_GRADE);
    assert_int_equal(entity_field_index(e, "subject"), EX_SUBJECT);
    assert_int_equal(entity_field_index(e, "form"), EX_FORM);
    assert_int_equal(entity_field_index(e, "room_kind"), EX_ROOM_KIND);
    assert_int_equal(entity_field_index(e, "date"), EX_DATE);
    assert_int_equal(entity_field_index(e, "start_time"), EX_START_TIME);
    assert_int_equal(entity_field_index(e, "duration_minutes"), EX_DURATION);
    assert_int_equal(entity_field_index(e, "period"), EX_PERIOD);
    assert_int_equal(entity_field_index(e, "reserve"), EX_RESERVE);
}

static void test_builtin(void **state)
{
    (void)state;
    const char *text;
    size_t len;
    at_error err;
    assert_int_equal(schedule_builtin_text("ru", 2026, &text, &len, &err), AT_OK);
    assert_true(len > 100);
    assert_int_equal(strncmp(text, "code,grade,subject,form", 23), 0);
    assert_int_equal(schedule_builtin_text("kz", 2026, &text, &len, &err), AT_OK);
    assert_int_equal(schedule_builtin_text("ru", 2027, &text, &len, &err), AT_ENOTFOUND);
    assert_non_null(strstr(err.msg, "shipped: kz-2026, ru-2026"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time),          cmocka_unit_test(test_check_exam),
        cmocka_unit_test(test_clashes),       cmocka_unit_test(test_ovz_minutes),
        cmocka_unit_test(test_fields_in_sync), cmocka_unit_test(test_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
