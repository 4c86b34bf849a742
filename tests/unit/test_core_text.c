/* test_core_text.c — UTF-8 validation, clean-up, case folding, RU/KK collation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"

static void test_utf8_validation(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_invalid_at("", 0), -1);
    const char *ok = "Школа №5, Ақтөбе, 0012 — ok";
    assert_int_equal(text_utf8_invalid_at(ok, strlen(ok)), -1);
    assert_int_equal(text_utf8_invalid_at("abcdefghij\xFF", 11), 10);
    assert_int_equal(text_utf8_invalid_at("\xC0\x80", 2), 0);          /* overlong NUL */
    assert_int_equal(text_utf8_invalid_at("ab\xE0\x80\x80", 5), 2);    /* overlong 3-byte */
    assert_int_equal(text_utf8_invalid_at("\xED\xA0\x80", 3), 0);      /* surrogate */
    assert_int_equal(text_utf8_invalid_at("\xF4\x90\x80\x80", 4), 0);  /* > U+10FFFF */
    assert_int_equal(text_utf8_invalid_at("Я\xD0", 3), 2);             /* truncated */
    assert_int_equal(text_utf8_invalid_at("\xF0\x9F\x98\x80", 4), -1); /* emoji */
    /* Windows-1251 "Иванов" is not UTF-8 */
    assert_int_equal(text_utf8_invalid_at("\xC8\xE2\xE0\xED\xEE\xE2", 6), 0);
}

static void test_clean(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(text_clean("  a   b\t\tc  ", out, sizeof out), AT_OK);
    assert_string_equal(out, "a b c");
    assert_int_equal(text_clean("\xC2\xA0 Иванов \t\xC2\xA0 Иван\xC2\xA0Иванович \xC2\xA0", out, sizeof out), AT_OK);
    assert_string_equal(out, "Иванов Иван Иванович");
    /* decomposed й (и + U+0306 combining breve) becomes precomposed U+0439 */
    assert_int_equal(text_clean("Андре\xD0\xB8\xCC\x86", out, sizeof out), AT_OK);
    assert_string_equal(out, "Андрей");
    assert_int_equal(strlen(out), strlen("Андрей"));
    /* decomposed Ё (Е + U+0308) */
    assert_int_equal(text_clean("\xD0\x95\xCC\x88лка", out, sizeof out), AT_OK);
    assert_string_equal(out, "Ёлка");
    assert_int_equal(text_clean("   ", out, sizeof out), AT_OK);
    assert_string_equal(out, "");
    assert_int_equal(text_clean("\r\nabc\r\n", out, sizeof out), AT_OK);
    assert_string_equal(out, "abc");
    /* too small: "abc" needs 4 bytes */
    assert_int_equal(text_clean("abc", out, 3), AT_EINPUT);
    assert_int_equal(text_clean("abc", out, 4), AT_OK);
    assert_int_equal(text_clean("Қазақ", out, 5), AT_EINPUT);
    assert_int_equal(text_clean("ab\xFF", out, sizeof out), AT_EINPUT);
    /* long input goes through heap buffers */
    char big[4000], bout[4000];
    size_t o = 0;
    while (o + 3 < sizeof big) {
        memcpy(big + o, "Ә ", 3);
        o += 3;
    }
    big[o] = '\0';
    assert_int_equal(text_clean(big, bout, sizeof bout), AT_OK);
    assert_int_equal(strlen(bout), o - 1);
}

static void test_fold_and_compare(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(text_fold("ӘЛИЯ", out, sizeof out), AT_OK);
    assert_string_equal(out, "әлия");
    assert_int_equal(text_fold("ӘҒҚҢӨҰҮҺІ", out, sizeof out), AT_OK);
    assert_string_equal(out, "әғқңөұүһі");
    assert_int_equal(text_fold("School-12", out, sizeof out), AT_OK);
    assert_string_equal(out, "school-12");
    assert_int_equal(text_fold("ABC", out, 3), AT_EINPUT);
    assert_true(text_equal_ci("ӘЛИЯ", "әлия"));
    assert_true(text_equal_ci("Ёлка", "ёлка"));
    assert_true(text_equal_ci("ЁЛКА", "ёлка"));
    assert_false(text_equal_ci("Ёлка", "елка"));
    assert_true(text_equal_ci("ІҢКӘР ҰЛАН ҮМІТ ҺАКІМ ӨМІР ҒАЛЫМ ҚАЙРАТ",
                              "іңкәр ұлан үміт һакім өмір ғалым қайрат"));
    assert_true(text_equal_ci("Ivanov", "IVANOV"));
    assert_false(text_equal_ci("Ivanov", "Ivanova"));
    assert_true(text_contains_ci("Средняя Общеобразовательная ШКОЛА №5", "школа"));
    assert_true(text_contains_ci("Қазақстан", "ҚАЗАҚ"));
    assert_true(text_contains_ci("anything", ""));
    assert_false(text_contains_ci("Гимназия", "школа"));
}

static text_collator *g_coll;

static int cmp_coll(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return text_compare(g_coll, x, strlen(x), y, strlen(y));
}

static const char *const KK_ORDER[] = {"А", "Ә", "Б", "В", "Г", "Ғ", "Д", "Е", "Ё", "Ж", "З", "И", "Й", "К",
                                       "Қ", "Л", "М", "Н", "Ң", "О", "Ө", "П", "Р", "С", "Т", "У", "Ұ", "Ү",
                                       "Ф", "Х", "Һ", "Ц", "Ч", "Ш", "Щ", "Ъ", "Ы", "І", "Ь", "Э", "Ю", "Я"};
#define KK_N (sizeof KK_ORDER / sizeof *KK_ORDER)

static void test_collation_kk(void **state)
{
    (void)state;
    at_error err;
    assert_int_equal(text_collator_open("kk", &g_coll, &err), AT_OK);
    const char *v[KK_N];
    for (size_t i = 0; i < KK_N; i++) /* reverse, then a stride shuffle */
        v[i] = KK_ORDER[(i * 17 + 5) % KK_N];
    qsort(v, KK_N, sizeof *v, cmp_coll);
    for (size_t i = 0; i < KK_N; i++)
        assert_string_equal(v[i], KK_ORDER[i]);

    const char *names[] = {"Іңкәр", "Ыбырай", "Ақан", "Азамат", "Әлия", "Болат", "Қайрат", "Кенже"};
    const char *want[] = {"Азамат", "Ақан", "Әлия", "Болат", "Кенже", "Қайрат", "Ыбырай", "Іңкәр"};
    qsort(names, 8, sizeof *names, cmp_coll);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(names[i], want[i]);
    /* lengths are honoured: only the first 2 bytes ("А") of "Ақан" are compared */
    assert_int_equal(text_compare(g_coll, "Ақан", 2, "А", 2), 0);
    text_collator_close(g_coll);
}

static void test_collation_ru(void **state)
{
    (void)state;
    at_error err;
    assert_int_equal(text_collator_open("ru", &g_coll, &err), AT_OK);
    /* Russian collation puts І next to И, the Kazakh one after Ы. */
    assert_true(text_compare(g_coll, "Іңкәр", strlen("Іңкәр"), "Ыбырай", strlen("Ыбырай")) < 0);
    const char *names[] = {"Яковлев", "ёлкин", "Ежов", "Жуков", "Абрамов", "Ёлкин"};
    const char *want[] = {"Абрамов", "Ежов", "ёлкин", "Ёлкин", "Жуков", "Яковлев"};
    qsort(names, 6, sizeof *names, cmp_coll);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(names[i], want[i]);
    text_collator_close(g_coll);

    assert_int_equal(text_collator_open("kk", &g_coll, &err), AT_OK);
    assert_true(text_compare(g_coll, "Іңкәр", strlen("Іңкәр"), "Ыбырай", strlen("Ыбырай")) > 0);
    text_collator_close(g_coll);

    assert_int_equal(text_collator_open("en", &g_coll, &err), AT_OK);
    assert_true(text_compare(g_coll, "apple", 5, "Banana", 6) < 0);
    text_collator_close(g_coll);
    g_coll = NULL;
    assert_int_equal(text_collator_open("xx", &g_coll, &err), AT_EINPUT);
    assert_null(g_coll);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_validation), cmocka_unit_test(test_clean),
        cmocka_unit_test(test_fold_and_compare), cmocka_unit_test(test_collation_kk),
        cmocka_unit_test(test_collation_ru),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
