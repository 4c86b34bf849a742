/* Entity descriptors and value normalisation: what import accepts and stores. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/entity.h"
#include "core/error.h"
#include "core/hashset.h"

static const entity_field *field(const char *entity, const char *name)
{
    const entity_def *e = entity_find(entity);
    assert_non_null(e);
    int i = entity_field_index(e, name);
    assert_true(i >= 0);
    return &e->fields[i];
}

static void norm_ok(const char *entity, const char *name, const char *in, const char *want)
{
    char out[256], exp[1200];
    assert_int_equal(entity_normalize(field(entity, name), in, out, sizeof out, exp, sizeof exp), AT_OK);
    assert_string_equal(out, want);
}

static void norm_bad(const char *entity, const char *name, const char *in)
{
    char out[256], exp[1200] = "";
    assert_int_equal(entity_normalize(field(entity, name), in, out, sizeof out, exp, sizeof exp), AT_EINPUT);
    assert_true(strlen(exp) > 0); /* says what was expected */
}

static void test_dates(void **state)
{
    (void)state;
    norm_ok("participants", "birth_date", "14.03.2008", "2008-03-14");
    norm_ok("participants", "birth_date", "2008-03-14", "2008-03-14");
    norm_ok("participants", "birth_date", " 29.02.2008 ", "2008-02-29");
    norm_bad("participants", "birth_date", "29.02.2009");
    norm_bad("participants", "birth_date", "31.04.2008");
    norm_bad("participants", "birth_date", "2008/03/14");
    norm_ok("participants", "birth_date", "", "");
    /* a date-formatted Excel cell arrives as its serial number */
    norm_ok("participants", "birth_date", "39521", "2008-03-14");
    norm_ok("participants", "birth_date", "45658.0", "2025-01-01");
    norm_bad("participants", "birth_date", "12");
}

static void test_booleans_and_numbers(void **state)
{
    (void)state;
    norm_ok("participants", "ovz", "Да", "1");
    norm_ok("participants", "ovz", "НЕТ", "0");
    norm_ok("participants", "ovz", "иә", "1");
    norm_ok("participants", "ovz", "жоқ", "0");
    norm_ok("participants", "ovz", "yes", "1");
    norm_bad("participants", "ovz", "может быть");
    norm_ok("participants", "grade", "11", "11");
    norm_ok("participants", "grade", "9.0", "9"); /* Excel numeric cell */
    norm_bad("participants", "grade", "10.5");
    norm_bad("participants", "grade", "12");
    norm_ok("exam_points", "latitude", "53,7557", "53.755700");
    norm_bad("exam_points", "latitude", "91");
}

static void test_enums_and_sets(void **state)
{
    (void)state;
    norm_ok("participants", "category", "pupil", "pupil");
    norm_ok("participants", "category", "Выпускник прошлых лет", "past_graduate");
    norm_ok("participants", "category", "ағымдағы жылдың білім алушысы", "pupil");
    norm_bad("participants", "category", "студент");
    norm_ok("participants", "gender", "Ж", "f");
    /* sets: any separator, any language, stored once each in declaration order */
    norm_ok("participants", "ovz_conditions", "шрифт Брайля; extended_time, ассистент, braille",
            "extended_time;assistant;braille");
    norm_bad("participants", "ovz_conditions", "extended_time;телепатия");
    norm_bad("schools", "code", "S 01"); /* codes have no spaces */
}

static void test_text_is_cleaned(void **state)
{
    (void)state;
    /* trimmed, inner runs collapsed, decomposed й composed (NFC) */
    norm_ok("participants", "last_name", "  Иван  ов ", "Иван ов");
    norm_ok("participants", "first_name", "Андре\xd0\xb8\xcc\x86", "Андрей");
    norm_bad("participants", "last_name", "\xff\xfe");
}

static void test_headers_any_language(void **state)
{
    (void)state;
    const entity_def *p = entity_find("participants");
    assert_int_equal(entity_match_header(p, "Фамилия"), P_LAST_NAME);
    assert_int_equal(entity_match_header(p, "ТЕГІ"), P_LAST_NAME);
    assert_int_equal(entity_match_header(p, "last_name"), P_LAST_NAME);
    assert_int_equal(entity_match_header(p, "Last name*"), P_LAST_NAME);
    assert_int_equal(entity_match_header(p, "Дата рождения"), P_BIRTH_DATE);
    assert_int_equal(entity_match_header(p, "№ п/п"), -1);
    assert_ptr_equal(entity_find("participant"), p); /* singular works too */
    assert_null(entity_find("pupils"));
}

static void test_descriptor_invariants(void **state)
{
    (void)state;
    for (size_t i = 0; i < entity_count; i++) {
        const entity_def *e = entity_all[i];
        assert_true(e->nfields <= ENTITY_MAX_FIELDS);
        assert_true(e->key[0] >= 0);
        for (size_t f = 0; f < e->nfields; f++) {
            const entity_field *fd = &e->fields[f];
            /* a reference points at an entity declared earlier */
            if (fd->ref) {
                const entity_def *t = entity_find(fd->ref);
                assert_non_null(t);
                size_t ti = 0;
                while (entity_all[ti] != t)
                    ti++;
                assert_true(ti < i);
            }
            /* every example value is itself valid input */
            char out[256], exp[1200];
            assert_int_equal(entity_normalize(fd, fd->example, out, sizeof out, exp, sizeof exp), AT_OK);
        }
    }
    /* the named indexes match the descriptor */
    const entity_def *p = entity_find("participants");
    assert_int_equal(p->nfields, P_NFIELDS);
    assert_string_equal(p->fields[P_HONOURS].name, "honours");
    assert_int_equal(entity_find("registrations")->nfields, R_NFIELDS);
}

static void test_hashset(void **state)
{
    (void)state;
    hashset *s = hashset_new();
    char key[32];
    for (long i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof key, "doc%ld", i);
        assert_true(hashset_add(s, key, (size_t)n, i + 2, NULL));
    }
    long first = 0;
    assert_false(hashset_add(s, "doc777", 6, 9, &first));
    assert_int_equal(first, 779);
    assert_true(hashset_contains(s, "doc99999", 8));
    assert_false(hashset_contains(s, "doc100000", 9));
    assert_int_equal(hashset_size(s), 100000);
    hashset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_booleans_and_numbers),
        cmocka_unit_test(test_enums_and_sets),
        cmocka_unit_test(test_text_is_cleaned),
        cmocka_unit_test(test_headers_any_language),
        cmocka_unit_test(test_descriptor_invariants),
        cmocka_unit_test(test_hashset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
