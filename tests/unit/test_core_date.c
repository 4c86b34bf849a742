/* Dates: validity, day numbers, weekdays, ISO text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"

static void test_valid(void **state)
{
    (void)state;
    assert_true(date_valid((at_date){2024, 2, 29}));
    assert_false(date_valid((at_date){2025, 2, 29}));
    assert_true(date_valid((at_date){2000, 2, 29}));
    assert_false(date_valid((at_date){1900, 2, 29}));
    assert_false(date_valid((at_date){2026, 4, 31}));
    assert_false(date_valid((at_date){2026, 13, 1}));
    assert_false(date_valid((at_date){2026, 0, 1}));
    assert_false(date_valid((at_date){2026, 1, 0}));
    assert_true(date_valid((at_date){2026, 12, 31}));
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(date_to_days((at_date){1970, 1, 1}), 0);
    assert_int_equal(date_to_days((at_date){1969, 12, 31}), -1);
    assert_int_equal(date_to_days((at_date){2000, 3, 1}), 11017);
    /* round trip over a wide range, including leap days and negatives */
    for (long x = -800000; x <= 800000; x += 37) {
        at_date d = date_from_days(x);
        assert_true(date_valid(d));
        assert_int_equal(date_to_days(d), x);
    }
    at_date d = date_add_days((at_date){2024, 2, 28}, 1);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    d = date_add_days((at_date){2025, 12, 31}, 1);
    assert_int_equal(d.y, 2026);
    assert_int_equal(d.m, 1);
    assert_int_equal(d.d, 1);
    d = date_add_days((at_date){2026, 3, 1}, -1);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 28);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(date_weekday((at_date){1970, 1, 1}), 4);  /* Thursday */
    assert_int_equal(date_weekday((at_date){2026, 1, 1}), 4);  /* Thursday */
    assert_int_equal(date_weekday((at_date){2026, 3, 8}), 7);  /* Sunday */
    assert_int_equal(date_weekday((at_date){2026, 5, 9}), 6);  /* Saturday */
    assert_int_equal(date_weekday((at_date){2025, 11, 1}), 6); /* Saturday */
    assert_int_equal(date_weekday((at_date){1969, 12, 29}), 1); /* Monday */
}

static void test_compare(void **state)
{
    (void)state;
    assert_int_equal(date_compare((at_date){2026, 1, 1}, (at_date){2026, 1, 1}), 0);
    assert_true(date_compare((at_date){2025, 12, 31}, (at_date){2026, 1, 1}) < 0);
    assert_true(date_compare((at_date){2026, 2, 1}, (at_date){2026, 1, 31}) > 0);
}

static void test_iso(void **state)
{
    (void)state;
    at_date d;
    assert_true(date_parse_iso("2026-05-27", &d));
    assert_int_equal(d.y, 2026);
    assert_int_equal(d.m, 5);
    assert_int_equal(d.d, 27);
    assert_false(date_parse_iso("2026-02-30", &d));
    assert_false(date_parse_iso("2026-5-27", &d));
    assert_false(date_parse_iso("2026-05-27 ", &d));
    assert_false(date_parse_iso("27.05.2026", &d));
    assert_false(date_parse_iso("", &d));
    assert_false(date_parse_iso(NULL, &d));
    assert_false(date_parse_iso("2026-0a-01", &d));
    char buf[11];
    date_format_iso((at_date){2026, 1, 9}, buf);
    assert_string_equal(buf, "2026-01-09");
    date_format_iso((at_date){987, 12, 31}, buf);
    assert_string_equal(buf, "0987-12-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),   cmocka_unit_test(test_days),
        cmocka_unit_test(test_weekday), cmocka_unit_test(test_compare),
        cmocka_unit_test(test_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
