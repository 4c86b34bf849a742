/* Rule profiles: every shipped profile loads; bad profiles are rejected with the
 * JSON path of the problem; accessors answer the questions other modules ask. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rules.h"

static const char *const shipped[] = {"ru-gia9-2026", "ru-gia9-2027", "ru-gia11-2026",
                                      "ru-gia11-2027", "kz-ia9-2026",  "kz-ia9-2027",
                                      "kz-ia11-2026",  "kz-ia11-2027"};

static rule_profile *load(const char *id)
{
    rule_profile *p = NULL;
    at_error err;
    at_error_clear(&err);
    int rc = rules_load_builtin(id, &p, &err);
    if (rc != AT_OK)
        fail_msg("%s: %s: %s", id, err.where, err.msg);
    return p;
}

static void test_all_shipped_load(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
        rule_profile *p = load(shipped[i]);
        assert_string_equal(p->id, shipped[i]);
        assert_true(p->nsubjects > 0);
        assert_true(p->nforms > 0);
        assert_true(p->nmandatory >= 2);
        assert_non_null(p->source);
        /* every mandatory subject exists and every subject's forms exist */
        for (size_t s = 0; s < p->nsubjects; s++)
            for (size_t f = 0; f < p->subjects[s].nforms; f++)
                assert_non_null(rules_form(p, p->subjects[s].forms[f]));
        const char *text;
        size_t len;
        assert_int_equal(rules_builtin_text(shipped[i], &text, &len, NULL), AT_OK);
        assert_true(len > 100);
        rules_free(p);
    }
}

static void test_unknown_builtin(void **state)
{
    (void)state;
    rule_profile *p = (rule_profile *)1;
    at_error err;
    assert_int_equal(rules_load_builtin("ru-gia11-1999", &p, &err), AT_ENOTFOUND);
    assert_null(p);
    assert_non_null(strstr(err.msg, "ru-gia11-2026"));
    assert_int_equal(rules_load_builtin("../etc/passwd", &p, &err), AT_EINPUT);
}

static void test_ege_2026(void **state)
{
    (void)state;
    rule_profile *p = load("ru-gia11-2026");
    assert_int_equal(p->grade, 11);
    assert_int_equal(p->year, 2026);
    assert_string_equal(p->country, "ru");
    /* mandatory groups: {rus}, {math_base | math_profile | math (ГВЭ)} */
    assert_int_equal(p->nmandatory, 2);
    assert_int_equal(rules_mandatory_group(p, "rus"), 0);
    assert_int_equal(rules_mandatory_group(p, "math_base"), 1);
    assert_int_equal(rules_mandatory_group(p, "math_profile"), 1);
    assert_int_equal(rules_mandatory_group(p, "physics"), -1);
    assert_int_equal(rules_mandatory_group(p, "nonexistent"), -1);
    assert_int_equal(p->electives_min, 0);
    assert_int_equal(p->electives_max, -1);
    assert_int_equal(p->ovz_extra_minutes, 90);
    assert_int_equal(p->room_max_participants, 25);
    assert_true(p->ovz_room_max_participants < p->room_max_participants);
    assert_true(rules_value_unconfirmed(p, "ovz_room_max_participants"));
    assert_false(rules_value_unconfirmed(p, "room_max_participants"));
    assert_int_equal(p->appeal_procedure_days, 2);
    assert_int_equal(p->appeal_scores_file_days, 2);
    assert_int_equal(p->appeal_scores_decide_days, 4);
    assert_int_equal(p->npercent_scale, 0);
    assert_int_equal(rules_mark_for_percent(p, 50), -1);

    const rule_subject *rus = rules_subject(p, "rus");
    assert_non_null(rus);
    assert_string_equal(rus->name_ru, "Русский язык");
    assert_true(rules_subject_has_form(rus, "ege"));
    assert_true(rules_subject_has_form(rus, "gve"));
    assert_false(rules_subject_has_form(rus, "oge"));
    const rule_threshold *t = rules_threshold(rus, "certificate");
    assert_non_null(t);
    assert_string_equal(t->scale, "test");
    assert_true(t->value == 24);
    assert_false(t->unconfirmed);
    assert_true(rules_threshold(rus, "university")->value == 36);

    struct { const char *code; double v; } uni[] = {
        {"math_profile", 27}, {"social", 42}, {"informatics", 40}, {"physics", 36},
        {"chemistry", 36},    {"biology", 36}, {"history", 32},    {"literature", 32},
        {"geography", 37},    {"english", 22}, {"chinese", 22}};
    for (size_t i = 0; i < sizeof uni / sizeof *uni; i++) {
        const rule_subject *s = rules_subject(p, uni[i].code);
        assert_non_null(s);
        assert_true(rules_threshold(s, "university")->value == uni[i].v);
    }
    const rule_threshold *mb = rules_threshold(rules_subject(p, "math_base"), "certificate");
    assert_string_equal(mb->scale, "mark");
    assert_true(mb->value == 3);
    assert_null(rules_threshold(rus, "pass"));

    /* ЕГЭ: everyone; ГВЭ: penitentiary pupils, and pupils/externs only with ОВЗ */
    const rule_exam_form *ege = rules_form(p, "ege"), *gve = rules_form(p, "gve");
    assert_non_null(ege);
    assert_non_null(gve);
    assert_null(rules_form(p, "oge"));
    assert_true(rules_form_allowed(ege, "past_graduate", false));
    assert_true(rules_form_allowed(ege, "pupil", true));
    assert_true(rules_form_allowed(gve, "penitentiary", false));
    assert_false(rules_form_allowed(gve, "pupil", false));
    assert_true(rules_form_allowed(gve, "pupil", true));
    assert_true(rules_form_allowed(gve, "extern", true));
    assert_false(rules_form_allowed(gve, "past_graduate", true));
    assert_false(rules_form_allowed(gve, "vocational", true));
    rules_free(p);
}

static void test_oge_2026(void **state)
{
    (void)state;
    rule_profile *p = load("ru-gia9-2026");
    assert_int_equal(rules_mandatory_group(p, "rus"), 0);
    assert_int_equal(rules_mandatory_group(p, "math"), 1);
    assert_int_equal(p->electives_min, 2);
    assert_int_equal(p->electives_max, 2);
    const rule_threshold *t = rules_threshold(rules_subject(p, "math"), "certificate");
    assert_string_equal(t->scale, "primary");
    assert_true(t->value == 8);
    assert_true(rules_threshold(rules_subject(p, "rus"), "certificate")->value == 15);
    assert_false(rules_form_allowed(rules_form(p, "oge"), "past_graduate", false));
    assert_true(rules_form_allowed(rules_form(p, "oge"), "pupil", false));
    assert_true(rules_form_allowed(rules_form(p, "gve"), "pupil", true));
    assert_false(rules_subject_has_form(rules_subject(p, "physics"), "gve"));
    assert_null(rules_subject(p, "math_profile"));
    rules_free(p);

    /* 2027 copies 2026 and says so */
    p = load("ru-gia9-2027");
    const rule_subject *s = rules_subject(p, "rus");
    assert_true(s->unconfirmed);
    assert_true(rules_threshold(s, "certificate")->unconfirmed);
    assert_true(p->nnotes > 0);
    rules_free(p);
}

static void test_kz_percent_scale(void **state)
{
    (void)state;
    rule_profile *p = load("kz-ia11-2026");
    assert_int_equal(p->npercent_scale, 4);
    struct { double pct; int mark; } cases[] = {
        {0, 2},  {39, 2},  {39.5, 2}, {40, 3}, {64, 3}, {64.9, 3}, {65, 4},
        {84, 4}, {85, 5}, {100, 5}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(rules_mark_for_percent(p, cases[i].pct), cases[i].mark);
    assert_int_equal(rules_mark_for_percent(p, -1), -1);
    assert_int_equal(rules_mark_for_percent(p, 100.5), -1);
    assert_int_equal(rules_mandatory_group(p, "kz_history"), 2);
    assert_true(rules_subject_has_form(rules_subject(p, "kz_history"), "oral"));
    assert_int_equal(rules_mandatory_group(p, "kaz_lang"), 0);
    assert_int_equal(rules_mandatory_group(p, "rus_lang"), 0);
    assert_int_equal(rules_mandatory_group(p, "algebra"), 1);
    assert_int_equal(rules_mandatory_group(p, "physics"), -1);
    assert_true(rules_form_allowed(rules_form(p, "written"), "extern", false));
    assert_true(rules_subject(p, "algebra")->unconfirmed);
    assert_true(rules_value_unconfirmed(p, "appeals.scores_file_days"));
    rules_free(p);

    p = load("kz-ia9-2026");
    assert_int_equal(p->nmandatory, 3);
    assert_int_equal(rules_mandatory_group(p, "kaz_lang_lit"), 2);
    assert_int_equal(rules_mandatory_group(p, "rus_lang_lit"), 2);
    assert_int_equal(p->electives_min, 1);
    assert_int_equal(p->electives_max, 1);
    rules_free(p);
}

/* ---- rejection with exact paths ---- */

static json_t *base(void)
{
    const char *text;
    size_t len;
    assert_int_equal(rules_builtin_text("ru-gia11-2026", &text, &len, NULL), AT_OK);
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    assert_non_null(j);
    return j;
}

static void expect_reject(json_t *j, const char *where, const char *msg_part)
{
    char *s = json_dumps(j, 0);
    json_decref(j);
    rule_profile *p = (rule_profile *)1;
    at_error err;
    at_error_clear(&err);
    int rc = rules_parse(s, strlen(s), "ru-gia11-2026.json", &p, &err);
    free(s);
    if (rc == AT_OK)
        rules_free(p);
    assert_int_equal(rc, AT_EINPUT);
    assert_null(p);
    assert_int_equal(err.code, AT_EINPUT);
    if (strcmp(err.where, where) != 0 || !strstr(err.msg, msg_part))
        fail_msg("got where=\"%s\" msg=\"%s\"; expected where=\"%s\" msg containing \"%s\"",
                 err.where, err.msg, where, msg_part);
}

static json_t *subject(json_t *j, size_t i)
{
    return json_array_get(json_object_get(j, "subjects"), i);
}

static void test_reject_unknown_form(void **state)
{
    (void)state;
    json_t *j = base();
    json_t *forms = json_object_get(subject(j, 3), "forms");
    json_array_append_new(forms, json_string("egee"));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[3].forms[1]",
                  "unknown exam form \"egee\"; expected one of: ege, gve");
}

static void test_reject_duplicate_subject(void **state)
{
    (void)state;
    json_t *j = base();
    json_object_set_new(subject(j, 5), "code", json_string("physics"));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[5].code",
                  "duplicate subject code \"physics\" (also $.subjects[4])");
}

static void set_scale(json_t *j, const int (*b)[3], size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:i,s:i,s:i}", "from", b[i][0], "to", b[i][1],
                                             "mark", b[i][2]));
    json_object_set_new(j, "percent_scale", arr);
}

static void test_reject_bad_scale(void **state)
{
    (void)state;
    static const int overlap[][3] = {{0, 39, 2}, {40, 64, 3}, {60, 84, 4}, {85, 100, 5}};
    json_t *j = base();
    set_scale(j, overlap, 4);
    expect_reject(j, "ru-gia11-2026.json: $.percent_scale[2].from", "overlap");

    static const int gap[][3] = {{0, 39, 2}, {41, 64, 3}, {65, 84, 4}, {85, 100, 5}};
    j = base();
    set_scale(j, gap, 4);
    expect_reject(j, "ru-gia11-2026.json: $.percent_scale[1].from", "gap");

    static const int short_end[][3] = {{0, 39, 2}, {40, 64, 3}, {65, 84, 4}, {85, 99, 5}};
    j = base();
    set_scale(j, short_end, 4);
    expect_reject(j, "ru-gia11-2026.json: $.percent_scale[3].to", "expected 100");

    static const int late_start[][3] = {{1, 39, 2}, {40, 100, 3}};
    j = base();
    set_scale(j, late_start, 2);
    expect_reject(j, "ru-gia11-2026.json: $.percent_scale[0].from", "expected 0");

    static const int bad_mark[][3] = {{0, 39, 2}, {40, 100, 7}};
    j = base();
    set_scale(j, bad_mark, 2);
    expect_reject(j, "ru-gia11-2026.json: $.percent_scale[1].mark", "expected 1..5");
}

static void test_reject_missing_and_types(void **state)
{
    (void)state;
    json_t *j = base();
    json_object_del(j, "room_max_participants");
    expect_reject(j, "ru-gia11-2026.json: $.room_max_participants",
                  "missing required key \"room_max_participants\"");

    j = base();
    json_object_del(subject(j, 2), "duration_minutes");
    expect_reject(j, "ru-gia11-2026.json: $.subjects[2].duration_minutes", "missing required");

    j = base();
    json_object_set_new(subject(j, 1), "duration_minutes", json_string("180"));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[1].duration_minutes",
                  "expected an integer, got a string");

    j = base();
    json_object_set_new(j, "electives_max", json_real(1.5));
    expect_reject(j, "ru-gia11-2026.json: $.electives_max", "expected an integer, got a number");

    j = base();
    json_object_set_new(json_object_get(subject(j, 0), "name"), "kk", json_integer(1));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[0].name.kk", "expected a string");

    j = base();
    json_object_set_new(j, "rooms", json_integer(3));
    expect_reject(j, "ru-gia11-2026.json: $.rooms", "unknown key \"rooms\"");

    j = base();
    json_object_set_new(subject(j, 0), "duration", json_integer(3));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[0].duration", "unknown key \"duration\"");

    j = base();
    json_object_set_new(subject(j, 0), "forms", json_array());
    expect_reject(j, "ru-gia11-2026.json: $.subjects[0].forms", "non-empty array");
}

static void test_reject_references_and_ranges(void **state)
{
    (void)state;
    json_t *j = base();
    json_array_append_new(json_array_get(json_object_get(j, "mandatory"), 0),
                          json_string("latin"));
    expect_reject(j, "ru-gia11-2026.json: $.mandatory[0][1]", "unknown subject \"latin\"");

    j = base();
    json_array_append_new(json_array_get(json_object_get(j, "mandatory"), 0),
                          json_string("math_base"));
    /* the later occurrence is the one reported */
    expect_reject(j, "ru-gia11-2026.json: $.mandatory[1][0]", "already in $.mandatory[0]");

    j = base();
    json_object_set_new(j, "ovz_room_max_participants", json_integer(30));
    expect_reject(j, "ru-gia11-2026.json: $.ovz_room_max_participants", "<= the ordinary one");

    j = base();
    json_object_set_new(j, "electives_min", json_integer(3));
    json_object_set_new(j, "electives_max", json_integer(2));
    expect_reject(j, "ru-gia11-2026.json: $.electives_max", "below electives_min");

    j = base();
    json_t *th = json_array_get(json_object_get(subject(j, 0), "thresholds"), 0);
    json_object_set_new(th, "value", json_integer(101));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[0].thresholds[0].value", "expected 0..100");

    j = base();
    json_t *gve = json_array_get(json_object_get(j, "forms"), 1);
    json_array_append_new(json_object_get(gve, "categories"), json_string("teacher"));
    expect_reject(j, "ru-gia11-2026.json: $.forms[1].categories[1]",
                  "unknown participant category \"teacher\"");

    j = base();
    json_object_set_new(j, "id", json_string("ru-gia11-2025"));
    expect_reject(j, "ru-gia11-2026.json: $.id", "expected \"ru-gia11-2026\"");

    j = base();
    json_object_set_new(j, "stage", json_string("ia11"));
    expect_reject(j, "ru-gia11-2026.json: $.stage", "expected one of: gia9, gia11");

    j = base();
    json_object_set_new(subject(j, 0), "code", json_string("Rus"));
    expect_reject(j, "ru-gia11-2026.json: $.subjects[0].code", "invalid code \"Rus\"");

    j = base();
    /* after "ovz_room_max_participants" and "expert_marking" */
    json_array_append_new(json_object_get(j, "unconfirmed"), json_string("colour"));
    expect_reject(j, "ru-gia11-2026.json: $.unconfirmed[2]", "unknown value name \"colour\"");
}

static void test_reject_bad_json(void **state)
{
    (void)state;
    rule_profile *p = NULL;
    at_error err;
    const char *bad = "{\n  \"id\": \"x\",\n  \"id\": \"y\"\n}";
    assert_int_equal(rules_parse(bad, strlen(bad), "x.json", &p, &err), AT_EINPUT);
    assert_null(p);
    assert_non_null(strstr(err.where, "x.json:3:"));
    const char *trunc = "{\"id\": ";
    assert_int_equal(rules_parse(trunc, strlen(trunc), "t.json", &p, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "invalid JSON"));
    assert_int_equal(rules_parse("[]", 2, "a.json", &p, &err), AT_EINPUT);
    assert_string_equal(err.where, "a.json: $");
}

static void test_load_file_and_env(void **state)
{
    (void)state;
    /* ATTEST_DATA points the loader at a directory instead of the embedded copy */
    char dir[] = "/tmp/attest-rules-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300], path[400];
    snprintf(sub, sizeof sub, "%s/rules", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/ru-gia11-2026.json", sub);
    json_t *j = base();
    json_object_set_new(j, "room_max_participants", json_integer(20));
    assert_int_equal(json_dump_file(j, path, 0), 0);
    json_decref(j);

    rule_profile *p = NULL;
    at_error err;
    assert_int_equal(rules_load_file(path, &p, &err), AT_OK);
    assert_int_equal(p->room_max_participants, 20);
    rules_free(p);

    setenv("ATTEST_DATA", dir, 1);
    p = load("ru-gia11-2026");
    assert_int_equal(p->room_max_participants, 20);
    rules_free(p);
    assert_int_equal(rules_load_builtin("ru-gia9-2026", &p, &err), AT_ENOTFOUND);
    unsetenv("ATTEST_DATA");
    p = load("ru-gia11-2026");
    assert_int_equal(p->room_max_participants, 25);
    rules_free(p);

    unlink(path);
    rmdir(sub);
    rmdir(dir);
    assert_int_equal(rules_load_file("/nonexistent/x.json", &p, &err), AT_ENOTFOUND);
}

/* Every value of a real profile replaced, one at a time, by a wrong type: each
 * variant is rejected with a path inside $ and nothing leaks (run under ASan). */
static size_t mutate_count;

static void mutate_walk(json_t *root, json_t *node)
{
    if (json_is_object(node)) {
        const char *key;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(node, tmp, key, v) {
            json_t *keep = json_incref(v);
            json_object_set_new(node, key, json_is_array(v) ? json_true() : json_array());
            char *s = json_dumps(root, 0);
            rule_profile *p = NULL;
            at_error err;
            int rc = rules_parse(s, strlen(s), "m.json", &p, &err);
            free(s);
            assert_int_equal(rc, AT_EINPUT);
            assert_null(p);
            assert_true(strncmp(err.where, "m.json: $", 9) == 0);
            mutate_count++;
            json_object_set_new(node, key, keep);
            mutate_walk(root, v);
        }
    } else if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node); i++)
            mutate_walk(root, json_array_get(node, i));
    }
}

static void test_wrong_types_everywhere(void **state)
{
    (void)state;
    const char *ids[] = {"ru-gia11-2026", "kz-ia9-2026"};
    for (size_t k = 0; k < 2; k++) {
        const char *text;
        size_t len;
        assert_int_equal(rules_builtin_text(ids[k], &text, &len, NULL), AT_OK);
        json_t *j = json_loadb(text, len, 0, NULL);
        assert_non_null(j);
        mutate_walk(j, j);
        json_decref(j);
        /* every prefix of the text is invalid JSON or an invalid profile */
        for (size_t cut = 0; cut < len; cut += 97) {
            rule_profile *p = NULL;
            assert_int_equal(rules_parse(text, cut, ids[k], &p, NULL), AT_EINPUT);
        }
    }
    assert_true(mutate_count > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_shipped_load),
        cmocka_unit_test(test_unknown_builtin),
        cmocka_unit_test(test_ege_2026),
        cmocka_unit_test(test_oge_2026),
        cmocka_unit_test(test_kz_percent_scale),
        cmocka_unit_test(test_reject_unknown_form),
        cmocka_unit_test(test_reject_duplicate_subject),
        cmocka_unit_test(test_reject_bad_scale),
        cmocka_unit_test(test_reject_missing_and_types),
        cmocka_unit_test(test_reject_references_and_ranges),
        cmocka_unit_test(test_reject_bad_json),
        cmocka_unit_test(test_load_file_and_env),
        cmocka_unit_test(test_wrong_types_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
