/* Calendars: shipped years load; working-day arithmetic on real holiday edges;
 * bad calendar files are rejected with the JSON path; uncovered years are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/calendar.h"

static calendar *load(const char *country)
{
    calendar *c = NULL;
    at_error err;
    at_error_clear(&err);
    if (calendar_load_builtin(country, &c, &err) != AT_OK)
        fail_msg("%s: %s: %s", country, err.where, err.msg);
    return c;
}

static at_date D(int y, int m, int d)
{
    return (at_date){y, m, d};
}

static bool working(const calendar *c, at_date d)
{
    bool w = false;
    at_error err;
    if (calendar_is_working_day(c, d, &w, &err) != AT_OK)
        fail_msg("%s: %s", err.where, err.msg);
    return w;
}

static at_date add(const calendar *c, at_date from, int n)
{
    at_date out = {0, 0, 0};
    at_error err;
    if (calendar_add_working_days(c, from, n, &out, &err) != AT_OK)
        fail_msg("%s: %s", err.where, err.msg);
    return out;
}

static long count(const calendar *c, at_date from, at_date to)
{
    long n = 0;
    at_error err;
    if (calendar_count_working_days(c, from, to, &n, &err) != AT_OK)
        fail_msg("%s: %s", err.where, err.msg);
    return n;
}

static void assert_date(at_date got, int y, int m, int d)
{
    if (got.y != y || got.m != m || got.d != d)
        fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", got.y, got.m, got.d, y, m, d);
}

static void test_shipped_cover(void **state)
{
    (void)state;
    const char *countries[] = {"ru", "kz"};
    for (int i = 0; i < 2; i++) {
        calendar *c = load(countries[i]);
        for (int y = 2025; y <= 2027; y++)
            assert_true(calendar_covers(c, y));
        assert_false(calendar_covers(c, 2024));
        assert_false(calendar_covers(c, 2028));
        calendar_free(c);
    }
    calendar *c = NULL;
    at_error err;
    assert_int_equal(calendar_load_builtin("us", &c, &err), AT_EINPUT);
    assert_null(c);
}

static void test_ru_new_year(void **state)
{
    (void)state;
    calendar *c = load("ru");
    /* 2025-12-31 is a day off (from 2025-01-05); Jan 1–8 holidays; Jan 9 from Jan 3 */
    assert_false(working(c, D(2025, 12, 31)));
    assert_false(working(c, D(2026, 1, 9)));
    assert_date(add(c, D(2025, 12, 30), 1), 2026, 1, 12);
    assert_date(add(c, D(2026, 1, 12), -1), 2025, 12, 30);
    assert_date(add(c, D(2026, 1, 1), 0), 2026, 1, 12);
    assert_date(add(c, D(2026, 1, 12), 0), 2026, 1, 12);
    assert_int_equal(count(c, D(2025, 12, 29), D(2026, 1, 12)), 2); /* Dec 30, Jan 12 */
    /* 2026-12-31 (Thursday) is a day off moved from Jan 4 */
    assert_false(working(c, D(2026, 12, 31)));
    assert_true(working(c, D(2026, 12, 30)));
    assert_string_equal(calendar_holiday_name(c, D(2026, 1, 7), "ru"), "Рождество Христово");
    assert_string_equal(calendar_holiday_name(c, D(2026, 1, 9), "en"), "New Year holidays");
    calendar_free(c);
}

static void test_ru_may_and_transfers(void **state)
{
    (void)state;
    calendar *c = load("ru");
    /* May 2026: 1 (Fri) holiday, 9 (Sat) holiday → 11 (Mon) off */
    assert_false(working(c, D(2026, 5, 1)));
    assert_false(working(c, D(2026, 5, 11)));
    assert_true(working(c, D(2026, 5, 12)));
    assert_int_equal(count(c, D(2026, 4, 30), D(2026, 5, 12)), 6); /* May 4–8, 12 */
    assert_int_equal(count(c, D(2026, 5, 12), D(2026, 4, 30)), -6);
    assert_int_equal(count(c, D(2026, 5, 12), D(2026, 5, 12)), 0);
    assert_date(add(c, D(2026, 5, 8), 1), 2026, 5, 12);
    /* Mar 8 2026 is a Sunday: Mar 9 is the day off, named after the holiday */
    assert_false(working(c, D(2026, 3, 9)));
    assert_string_equal(calendar_holiday_name(c, D(2026, 3, 9), "en"), "International Women's Day");
    assert_string_equal(calendar_holiday_name(c, D(2026, 6, 12), "en"), "Russia Day");
    assert_null(calendar_holiday_name(c, D(2026, 6, 13), "en"));
    assert_null(calendar_holiday_name(c, D(2026, 6, 15), "ru"));
    /* 2025: Saturday Nov 1 was a working day; Nov 3 (Mon) and Nov 4 were off */
    assert_true(working(c, D(2025, 11, 1)));
    assert_false(working(c, D(2025, 11, 3)));
    assert_false(working(c, D(2025, 11, 4)));
    assert_date(add(c, D(2025, 10, 31), 1), 2025, 11, 1);
    assert_date(add(c, D(2025, 11, 1), 1), 2025, 11, 5);
    /* 2025: Feb 23 (Sun) moved to May 8 by decree, so Feb 24 is a working day */
    assert_true(working(c, D(2025, 2, 24)));
    assert_false(working(c, D(2025, 5, 8)));
    assert_false(working(c, D(2025, 6, 13)));
    /* appeal on scores: filed within 2 working days of results day Fri 2026-06-05 */
    assert_date(add(c, D(2026, 6, 5), 2), 2026, 6, 9);
    /* ordinary weekend */
    assert_false(working(c, D(2026, 2, 7)));
    assert_true(working(c, D(2026, 2, 24)));
    calendar_free(c);
}

static void test_kz(void **state)
{
    (void)state;
    calendar *c = load("kz");
    /* Nauryz 2026: 21–23 with 21, 22 on the weekend → 24, 25 off */
    for (int d = 21; d <= 25; d++)
        assert_false(working(c, D(2026, 3, d)));
    assert_date(add(c, D(2026, 3, 20), 1), 2026, 3, 26);
    assert_int_equal(count(c, D(2026, 3, 20), D(2026, 3, 31)), 4);
    assert_string_equal(calendar_holiday_name(c, D(2026, 3, 22), "kk"), "Наурыз мейрамы");
    assert_string_equal(calendar_holiday_name(c, D(2026, 3, 24), "ru"), "Наурыз мейрамы");
    /* Kurban Ait 2026 is a Wednesday, May 7 and May 11 off */
    assert_false(working(c, D(2026, 5, 27)));
    assert_false(working(c, D(2026, 5, 7)));
    assert_false(working(c, D(2026, 5, 11)));
    assert_true(working(c, D(2026, 5, 8)));
    /* 2025: Sunday Jan 5 was a working day (day off moved to Friday Jan 3) */
    assert_true(working(c, D(2025, 1, 5)));
    assert_false(working(c, D(2025, 1, 3)));
    assert_date(add(c, D(2024 + 1, 1, 2), 1), 2025, 1, 5);
    /* 2027 has only statutory carry-overs */
    assert_false(working(c, D(2027, 1, 4)));
    assert_false(working(c, D(2027, 3, 24)));
    calendar_free(c);
}

static void test_uncovered_year(void **state)
{
    (void)state;
    calendar *c = load("ru");
    bool w;
    at_error err;
    at_error_clear(&err);
    assert_int_equal(calendar_is_working_day(c, D(2028, 1, 3), &w, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "2028"));
    assert_non_null(strstr(err.msg, "2025, 2026, 2027"));
    at_date out;
    assert_int_equal(calendar_add_working_days(c, D(2027, 12, 28), 5, &out, &err), AT_EINPUT);
    long n;
    assert_int_equal(calendar_count_working_days(c, D(2024, 12, 20), D(2025, 1, 20), &n, &err),
                     AT_EINPUT);
    assert_int_equal(calendar_is_working_day(c, D(2026, 2, 30), &w, &err), AT_EINPUT);
    calendar_free(c);
}

static void expect_reject(const char *json, const char *where, const char *msg_part)
{
    calendar *c = NULL;
    at_error err;
    at_error_clear(&err);
    int rc = calendar_add_json(&c, json, strlen(json), "t-2026.json", &err);
    calendar_free(c);
    assert_int_equal(rc, AT_EINPUT);
    if (strcmp(err.where, where) != 0 || !strstr(err.msg, msg_part))
        fail_msg("got where=\"%s\" msg=\"%s\"; expected \"%s\" / \"%s\"", err.where, err.msg,
                 where, msg_part);
}

#define HEAD "{\"country\":\"ru\",\"year\":2026,\"unconfirmed_transfers\":false,\"source\":\"s\","
#define HOL "\"holidays\":[{\"date\":\"2026-01-01\",\"name\":{\"ru\":\"a\",\"kk\":\"b\",\"en\":\"c\"}}]"

static void test_reject(void **state)
{
    (void)state;
    expect_reject(HEAD HOL ",\"days_off\":[{\"date\":\"2026-01-03\"}]}",
                  "t-2026.json: $.days_off[0].date", "weekend day");
    expect_reject(HEAD HOL ",\"working_days\":[\"2026-01-05\"]}",
                  "t-2026.json: $.working_days[0]", "is a weekday");
    expect_reject(HEAD HOL ",\"working_days\":[\"2025-11-01\"]}",
                  "t-2026.json: $.working_days[0]", "outside the file's year");
    expect_reject(HEAD HOL ",\"days_off\":[{\"date\":\"2026-02-30\"}]}",
                  "t-2026.json: $.days_off[0].date", "invalid date");
    expect_reject(HEAD "\"holidays\":[{\"date\":\"2026-01-01\"}]}",
                  "t-2026.json: $.holidays[0].name", "missing required key");
    expect_reject(HEAD HOL ",\"extra\":1}", "t-2026.json: $.extra", "unknown key");
    expect_reject("{\"country\":\"ru\",\"year\":2026,\"source\":\"s\"," HOL "}",
                  "t-2026.json: $.unconfirmed_transfers", "missing required key");
    expect_reject(HEAD "\"holidays\":{}}", "t-2026.json: $.holidays", "expected an array");

    /* two files for the same year, or of different countries, do not mix */
    const char *ok = HEAD HOL "}";
    calendar *c = NULL;
    at_error err;
    assert_int_equal(calendar_add_json(&c, ok, strlen(ok), "a.json", &err), AT_OK);
    assert_int_equal(calendar_add_json(&c, ok, strlen(ok), "b.json", &err), AT_EINPUT);
    assert_string_equal(err.where, "b.json: $.year");
    const char *kz = "{\"country\":\"kz\",\"year\":2027,\"unconfirmed_transfers\":true,"
                     "\"source\":\"s\",\"holidays\":[]}";
    assert_int_equal(calendar_add_json(&c, kz, strlen(kz), "kz.json", &err), AT_EINPUT);
    assert_string_equal(err.where, "kz.json: $.country");
    assert_true(calendar_covers(c, 2026));
    assert_false(working(c, D(2026, 1, 1)));
    assert_true(working(c, D(2026, 1, 2)));
    calendar_free(c);
}

static void test_attest_data_dir(void **state)
{
    (void)state;
    char dir[] = "/tmp/attest-cal-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300], path[400];
    snprintf(sub, sizeof sub, "%s/calendars", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/ru-2030.json", sub);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"country\":\"ru\",\"year\":2030,\"unconfirmed_transfers\":true,\"source\":\"test\","
          "\"holidays\":[],\"working_days\":[\"2030-01-05\"]}", f);
    fclose(f);
    setenv("ATTEST_DATA", dir, 1);
    calendar *c = load("ru");
    unsetenv("ATTEST_DATA");
    assert_true(calendar_covers(c, 2030));
    assert_false(calendar_covers(c, 2026));
    assert_true(working(c, D(2030, 1, 5)));
    assert_false(working(c, D(2030, 1, 6)));
    calendar_free(c);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_cover),  cmocka_unit_test(test_ru_new_year),
        cmocka_unit_test(test_ru_may_and_transfers), cmocka_unit_test(test_kz),
        cmocka_unit_test(test_uncovered_year), cmocka_unit_test(test_reject),
        cmocka_unit_test(test_attest_data_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
