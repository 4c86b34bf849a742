/* Demo generator: deterministic for a seed, different across seeds; every row is
 * canonical for its field; subject choices obey the shipped rule profiles; ~2 % ОВЗ;
 * documents unique (KZ ИИН carries the birth date); references point backwards;
 * KZ names use Kazakh letters; names agree in gender. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/entity.h"
#include "core/hashset.h"
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "rules/rules.h"

#define MAX_REGS 32

typedef struct {
    const rule_profile *p9, *p11;
    crypto_generichash_state hash;
    bool validate;
    hashset *munis, *schools, *docs, *points, *staff_docs;
    /* the participant whose rows are being received */
    char doc[32], birth[16], category[32];
    int grade;
    bool special, early, female, exempt, have_participant;
    char subj[MAX_REGS][32], form[MAX_REGS][32];
    int nregs;
    /* figures */
    long participants, ovz, disability, early_n, honours, kazakh_names, grade9, grade11;
    long regs, admissions, marks, point_rows, rooms, staff, experts, gek_tokens;
    long iin_checked, last_progress, progress_calls;
    long per_entity[16];
    /* subject commissions: per subject code, takers and experts */
    struct {
        char code[32];
        long takers, experts, leading_outside;
    } comm[64];
    int ncomm;
    char first_bad[512];
} sink;

static int commission(sink *k, const char *code)
{
    for (int i = 0; i < k->ncomm; i++)
        if (strcmp(k->comm[i].code, code) == 0)
            return i;
    assert_true(k->ncomm < 64);
    snprintf(k->comm[k->ncomm].code, sizeof k->comm[0].code, "%s", code);
    return k->ncomm++;
}

/* Every subject taken has a commission that can always give a work to two
 * experts and a third check to a third: at least 6, of whom 3 leading
 * experts from no school (so no participant's school rules them out). */
static void assert_commissions(const sink *k)
{
    for (int i = 0; i < k->ncomm; i++)
        if (k->comm[i].takers) {
            if (k->comm[i].experts < 6 || k->comm[i].leading_outside < 3)
                print_message("%s: %ld takers, %ld experts, %ld leading outside schools\n", k->comm[i].code,
                              k->comm[i].takers, k->comm[i].experts, k->comm[i].leading_outside);
            assert_true(k->comm[i].experts >= 6 && k->comm[i].leading_outside >= 3);
        }
}

static bool has_kazakh_letter(const char *s)
{
    static const char *const letters[] = {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і",
                                          "Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І"};
    for (size_t i = 0; i < sizeof letters / sizeof *letters; i++)
        if (strstr(s, letters[i]))
            return true;
    return false;
}

static void bad(sink *k, const char *fmt, const char *a, const char *b)
{
    if (!k->first_bad[0])
        snprintf(k->first_bad, sizeof k->first_bad, fmt, a, b);
}

/* Checks the registrations gathered for the current participant against the profile. */
static void check_choices(sink *k)
{
    if (!k->have_participant)
        return;
    k->have_participant = false;
    /* exempt by order: no exams at all */
    if (k->exempt) {
        if (k->nregs)
            bad(k, "%s: exempt but registered for %s", k->doc, k->subj[0]);
        return;
    }
    const rule_profile *p = k->grade == 9 ? k->p9 : k->p11;
    size_t ng = p->nmandatory;
    int per_group[16] = {0};
    int electives = 0, electives_min = p->electives_min;
    for (int i = 0; i < k->nregs; i++) {
        const rule_subject *s = rules_subject(p, k->subj[i]);
        if (!s) {
            bad(k, "%s: subject %s not in profile", k->doc, k->subj[i]);
            return;
        }
        if (!rules_subject_has_form(s, k->form[i]))
            bad(k, "%s: form %s not offered", k->doc, k->form[i]);
        if (!rules_form_allowed(rules_form(p, k->form[i]), k->category, k->special))
            bad(k, "%s: form %s not allowed for the category", k->doc, k->form[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(k->subj[i], k->subj[j]) == 0)
                bad(k, "%s: subject %s twice", k->doc, k->subj[i]);
        int g = rules_mandatory_group(p, k->subj[i]);
        if (g >= 0 && (size_t)g < 16) {
            per_group[g]++;
            if (rules_form(p, k->form[i])->mandatory_only)
                electives_min = 0; /* ГВЭ takers need no electives */
        }
        else
            electives++;
    }
    for (size_t g = 0; g < ng && g < 16; g++)
        if (per_group[g] != 1)
            bad(k, "%s: mandatory group %s not chosen exactly once", k->doc, p->mandatory[g][0]);
    if (electives < electives_min || (p->electives_max >= 0 && electives > p->electives_max))
        bad(k, "%s: elective count out of bounds (%s)", k->doc, p->id);
}

static int put(void *ctx, const entity_def *e, const char *const *v, at_error *err)
{
    sink *k = ctx;
    (void)err;
    /* hash the row: entity name, then each value with a separator */
    crypto_generichash_update(&k->hash, (const unsigned char *)e->name, strlen(e->name) + 1);
    for (size_t i = 0; i < e->nfields; i++)
        crypto_generichash_update(&k->hash, (const unsigned char *)v[i], strlen(v[i]) + 1);
    for (size_t i = 0; i < entity_count; i++)
        if (entity_all[i] == e)
            k->per_entity[i]++;
    if (!k->validate)
        return AT_OK;
    for (size_t i = 0; i < e->nfields; i++) {
        char out[1024], expected[256];
        int rc = entity_normalize(&e->fields[i], v[i], out, sizeof out, expected, sizeof expected);
        if (rc != AT_OK || strcmp(out, v[i]) != 0)
            bad(k, "value not canonical: %s (field %s)", v[i], e->fields[i].name);
        if (e->fields[i].required && !v[i][0])
            bad(k, "required field empty: %s.%s", e->name, e->fields[i].name);
        /* references point at rows already emitted */
        const char *ref = e->fields[i].ref;
        if (ref && v[i][0]) {
            hashset *target = strcmp(ref, "municipalities") == 0 ? k->munis
                              : strcmp(ref, "schools") == 0      ? k->schools
                              : strcmp(ref, "exam_points") == 0  ? k->points
                              : strcmp(ref, "participants") == 0 ? k->docs
                                                                 : NULL;
            if (!target || !hashset_contains(target, v[i], strlen(v[i])))
                bad(k, "dangling reference %s -> %s", v[i], ref);
        }
    }
    const char *name = e->name;
    if (strcmp(name, "registrations") != 0)
        check_choices(k);
    if (strcmp(name, "municipalities") == 0) {
        hashset_add(k->munis, v[0], strlen(v[0]), 0, NULL);
    } else if (strcmp(name, "schools") == 0) {
        if (!hashset_add(k->schools, v[0], strlen(v[0]), 0, NULL))
            bad(k, "school %s twice%s", v[0], "");
    } else if (strcmp(name, "participants") == 0) {
        if (!hashset_add(k->docs, v[P_DOCUMENT], strlen(v[P_DOCUMENT]), 0, NULL))
            bad(k, "document %s twice%s", v[P_DOCUMENT], "");
        snprintf(k->doc, sizeof k->doc, "%s", v[P_DOCUMENT]);
        snprintf(k->birth, sizeof k->birth, "%s", v[P_BIRTH_DATE]);
        snprintf(k->category, sizeof k->category, "%s", v[P_CATEGORY]);
        k->grade = atoi(v[P_GRADE]);
        k->special = strcmp(v[P_OVZ], "1") == 0 || strcmp(v[P_DISABILITY], "1") == 0;
        k->early = strcmp(v[P_EARLY], "1") == 0;
        k->exempt = v[P_EXEMPT_ORDER][0] != 0;
        k->female = strcmp(v[P_GENDER], "f") == 0;
        k->nregs = 0;
        k->have_participant = true;
        k->participants++;
        k->grade9 += k->grade == 9;
        k->grade11 += k->grade == 11;
        k->ovz += strcmp(v[P_OVZ], "1") == 0;
        k->disability += strcmp(v[P_DISABILITY], "1") == 0;
        k->early_n += k->early;
        k->honours += strcmp(v[P_HONOURS], "none") != 0;
        if (has_kazakh_letter(v[P_LAST_NAME]) || has_kazakh_letter(v[P_FIRST_NAME]) ||
            has_kazakh_letter(v[P_MIDDLE_NAME]))
            k->kazakh_names++;
        if (strcmp(v[P_OVZ], "1") == 0 && !v[P_OVZ_CONDITIONS][0])
            bad(k, "%s: ОВЗ without conditions%s", k->doc, "");
        /* patronymic agrees with gender */
        const char *mid = v[P_MIDDLE_NAME];
        size_t ml = strlen(mid);
        if (ml && k->female && (strstr(mid, "вич") || strstr(mid, "ұлы") || strstr(mid, "ьич") ||
                                (ml > 4 && strcmp(mid + ml - 4, "ич") == 0)))
            bad(k, "%s: female with patronymic %s", k->doc, mid);
        if (ml && !k->female && (strstr(mid, "вна") || strstr(mid, "қызы") || strstr(mid, "чна")))
            bad(k, "%s: male with patronymic %s", k->doc, mid);
        if (strlen(v[P_DOCUMENT]) == 12) { /* KZ ИИН: YYMMDD = birth date */
            const char *b = v[P_BIRTH_DATE];
            char yymmdd[7] = {b[2], b[3], b[5], b[6], b[8], b[9], 0};
            if (strncmp(v[P_DOCUMENT], yymmdd, 6) != 0)
                bad(k, "%s: ИИН does not match the birth date %s", v[P_DOCUMENT], b);
            int g = v[P_DOCUMENT][6] - '0';
            if ((k->female && g % 2 != 0) || (!k->female && g % 2 != 1))
                bad(k, "%s: ИИН gender digit wrong%s", v[P_DOCUMENT], "");
            k->iin_checked++;
        }
    } else if (strcmp(name, "registrations") == 0) {
        k->regs++;
        if (!k->have_participant || strcmp(v[R_DOCUMENT], k->doc) != 0) {
            bad(k, "registration %s not after its participant%s", v[R_DOCUMENT], "");
        } else if (k->nregs < MAX_REGS) {
            snprintf(k->subj[k->nregs], sizeof k->subj[0], "%s", v[R_SUBJECT]);
            k->comm[commission(k, v[R_SUBJECT])].takers++;
            snprintf(k->form[k->nregs], sizeof k->form[0], "%s", v[R_FORM]);
            k->nregs++;
        }
        if (strcmp(v[R_PERIOD], k->early ? "early" : "main") != 0)
            bad(k, "%s: period %s", v[R_DOCUMENT], v[R_PERIOD]);
    } else if (strcmp(name, "admissions") == 0) {
        k->admissions++;
    } else if (strcmp(name, "annual_marks") == 0) {
        k->marks++;
    } else if (strcmp(name, "exam_points") == 0) {
        k->point_rows++;
        if (!hashset_add(k->points, v[0], strlen(v[0]), 0, NULL))
            bad(k, "exam point %s twice%s", v[0], "");
    } else if (strcmp(name, "rooms") == 0) {
        k->rooms++;
    } else if (strcmp(name, "staff") == 0) {
        k->staff++;
        if (!hashset_add(k->staff_docs, v[0], strlen(v[0]), 0, NULL))
            bad(k, "staff document %s twice%s", v[0], "");
        if (hashset_contains(k->docs, v[0], strlen(v[0])))
            bad(k, "staff document %s is a participant's%s", v[0], "");
        int ix = entity_field_index(e, "expert_subject");
        k->experts += v[ix][0] != 0;
        if (v[ix][0]) {
            int c = commission(k, v[ix]);
            k->comm[c].experts++;
            k->comm[c].leading_outside += strcmp(v[entity_field_index(e, "expert_status")], "leading") == 0 &&
                                          !v[entity_field_index(e, "school_code")][0];
        }
        k->gek_tokens += strcmp(v[entity_field_index(e, "gek_token")], "1") == 0;
    }
    return AT_OK;
}

static void progress(void *ctx, long done, long total)
{
    sink *k = ctx;
    assert_true(done >= k->last_progress);
    assert_true(done <= total);
    k->last_progress = done;
    k->progress_calls++;
}

static rule_profile *load(const char *id)
{
    rule_profile *p = NULL;
    at_error err;
    at_error_clear(&err);
    if (rules_load_builtin(id, &p, &err) != AT_OK)
        fail_msg("%s: %s: %s", id, err.where, err.msg);
    return p;
}

typedef struct {
    rule_profile *p9, *p11;
} profiles;

static profiles load_country(const char *country)
{
    profiles ps;
    if (strcmp(country, "kz") == 0)
        ps.p9 = load("kz-ia9-2026"), ps.p11 = load("kz-ia11-2026");
    else
        ps.p9 = load("ru-gia9-2026"), ps.p11 = load("ru-gia11-2026");
    return ps;
}

static void run(const char *country, long n, uint64_t seed, bool validate, sink *k, unsigned char hash[32])
{
    profiles ps = load_country(country);
    memset(k, 0, sizeof *k);
    k->p9 = ps.p9;
    k->p11 = ps.p11;
    k->validate = validate;
    k->munis = hashset_new();
    k->schools = hashset_new();
    k->docs = hashset_new();
    k->points = hashset_new();
    k->staff_docs = hashset_new();
    crypto_generichash_init(&k->hash, NULL, 0, 32);
    demo_opts o = {country, 2026, n, seed, ps.p9, ps.p11, NULL, 0};
    at_error err;
    at_error_clear(&err);
    int rc = demo_generate(&o, put, progress, k, &err);
    if (rc != AT_OK)
        fail_msg("demo_generate: %s: %s", err.where, err.msg);
    check_choices(k);
    crypto_generichash_final(&k->hash, hash, 32);
    hashset_free(k->munis);
    hashset_free(k->schools);
    hashset_free(k->docs);
    hashset_free(k->points);
    hashset_free(k->staff_docs);
    rules_free(ps.p9);
    rules_free(ps.p11);
    if (k->first_bad[0])
        fail_msg("%s demo: %s", country, k->first_bad);
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *countries[] = {"ru", "kz"};
    for (int c = 0; c < 2; c++) {
        sink *k = malloc(sizeof *k);
        unsigned char a[32], b[32], d[32];
        run(countries[c], 3000, 42, false, k, a);
        run(countries[c], 3000, 42, false, k, b);
        run(countries[c], 3000, 43, false, k, d);
        assert_memory_equal(a, b, 32);
        assert_memory_not_equal(a, d, 32);
        free(k);
    }
}

static void test_ru_valid(void **state)
{
    (void)state;
    sink *k = malloc(sizeof *k);
    unsigned char h[32];
    run("ru", 20000, 7, true, k, h);
    assert_int_equal(k->participants, 20000);
    double ovz = (double)k->ovz / (double)k->participants;
    print_message("ru: %ld participants (%ld/%ld), %ld schools, ОВЗ %.2f %%, %ld regs, %ld admissions, "
                  "%ld marks, %ld points, %ld rooms, %ld staff (%ld experts)\n",
                  k->participants, k->grade9, k->grade11, k->per_entity[1], 100 * ovz, k->regs,
                  k->admissions, k->marks, k->point_rows, k->rooms, k->staff, k->experts);
    assert_true(ovz > 0.015 && ovz < 0.025);
    assert_true(k->grade9 > 11000 && k->grade9 < 13000);
    assert_true(k->per_entity[0] >= 10 && k->per_entity[0] <= 30);   /* municipalities */
    assert_true(k->per_entity[1] > 300 && k->per_entity[1] < 430);   /* ~55 per school */
    assert_true(k->admissions >= k->participants * 9 / 10);          /* essay / interview */
    assert_true(k->marks >= k->regs);
    assert_true(k->point_rows > 0 && k->rooms > k->point_rows && k->staff > k->rooms);
    assert_true(k->experts > 0 && k->gek_tokens > 0);
    assert_true(k->early_n > 0 && k->honours > 0);
    assert_true(k->progress_calls >= 2 && k->last_progress == 20000);
    assert_commissions(k);
    free(k);
}

static void test_kz_valid(void **state)
{
    (void)state;
    sink *k = malloc(sizeof *k);
    unsigned char h[32];
    run("kz", 20000, 11, true, k, h);
    double ovz = (double)k->ovz / (double)k->participants;
    double kazakh = (double)k->kazakh_names / (double)k->participants;
    print_message("kz: %ld participants, %ld schools, ОВЗ %.2f %%, Kazakh names %.1f %%, %ld points, "
                  "%ld rooms, %ld staff\n",
                  k->participants, k->per_entity[1], 100 * ovz, 100 * kazakh, k->point_rows, k->rooms,
                  k->staff);
    assert_int_equal(k->participants, 20000);
    assert_true(ovz > 0.015 && ovz < 0.025);
    assert_true(kazakh > 0.6 && kazakh < 0.85);
    assert_int_equal(k->iin_checked, 20000);
    assert_int_equal(k->admissions, 0);                   /* no essay/interview in KZ */
    /* one exam point per school, plus a home and a hospital point per district */
    assert_int_equal(k->point_rows, k->per_entity[1] + 2 * k->per_entity[0]);
    assert_commissions(k);
    free(k);
}

static void test_small_and_tiny(void **state)
{
    (void)state;
    sink *k = malloc(sizeof *k);
    unsigned char h[32];
    run("ru", 1, 1, true, k, h);
    assert_int_equal(k->participants, 1);
    run("kz", 0, 1, true, k, h);
    assert_int_equal(k->participants, 0);
    run("ru", 500, 3, true, k, h);
    assert_int_equal(k->participants, 500);
    assert_commissions(k);
    free(k);
}

static void test_bad_options(void **state)
{
    (void)state;
    profiles ps = load_country("ru");
    demo_opts o = {"xx", 2026, 10, 1, ps.p9, ps.p11, NULL, 0};
    at_error err;
    assert_int_equal(demo_generate(&o, put, NULL, NULL, &err), AT_EUSAGE);
    o.country = "kz"; /* RU profiles for KZ */
    assert_int_equal(demo_generate(&o, put, NULL, NULL, &err), AT_EUSAGE);
    o.country = "ru";
    o.grade11 = NULL;
    assert_int_equal(demo_generate(&o, put, NULL, NULL, &err), AT_EUSAGE);
    rules_free(ps.p9);
    rules_free(ps.p11);
}

static void test_name_lists(void **state)
{
    (void)state;
    size_t rs, rm, rf, ks, km, kf;
    demo_name_counts(&rs, &rm, &rf, &ks, &km, &kf);
    assert_true(rs >= 150 && rm >= 60 && rf >= 60);
    assert_true(ks >= 60 && km >= 40 && kf >= 40);
    /* gender agreement of surnames across many draws */
    at_rng r;
    rng_seed(&r, 5, "test");
    for (int i = 0; i < 2000; i++) {
        demo_person p;
        demo_person_name(&r, i % 2, true, &p);
        size_t n = strlen(p.last);
        assert_false(n >= 4 && strcmp(p.last + n - 4, "ов") == 0);
        assert_false(n >= 6 && strcmp(p.last + n - 6, "ский") == 0);
        assert_null(strstr(p.last, "ұлы"));
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_lists),       cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_small_and_tiny),   cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_ru_valid),         cmocka_unit_test(test_kz_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
