/* registry_rules.c — cross-field and rule-profile checks on registry rows.
 * The numbers and lists come from the profiles stored in the database; this
 * file only knows which entity field means what. */
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/hashset.h"
#include "rules/rules.h"
#include "schedule/schedule.h"

#define GRADES 2 /* profiles are per grade: 9 and 11 */

struct registry_rules {
    store *s;
    char country[8];
    int year;
    rule_profile *profile[GRADES];
    store_lookup *participants;
    const entity_def *participant_def, *registration_def;
    long line;          /* file line of the row being checked (registry_rules_set_line) */
    hashset *exam_days; /* grade|subject|form|period|room_kind of non-reserve exams seen */
};

static int grade_slot(int grade)
{
    return grade == 9 ? 0 : grade == 11 ? 1 : -1;
}

int registry_rules_open(store *s, registry_rules **out, at_error *err)
{
    registry_rules *r = calloc(1, sizeof *r);
    if (!r)
        return at_fail(err, AT_ENOMEM, "rules", "out of memory");
    r->s = s;
    r->participant_def = entity_find("participants");
    r->registration_def = entity_find("registrations");
    char buf[16];
    at_error e2;
    if (store_meta_get(s, "country", r->country, sizeof r->country, &e2) != AT_OK)
        snprintf(r->country, sizeof r->country, "ru");
    if (store_meta_get(s, "year", buf, sizeof buf, &e2) == AT_OK)
        r->year = atoi(buf);
    int rc = AT_OK;
    for (int g = 0; g < GRADES && rc == AT_OK; g++) {
        char *json = NULL;
        if (store_profile_get(s, g == 0 ? 9 : 11, &json, &e2) != AT_OK)
            continue; /* rows of that grade are rejected in check_row */
        rc = rules_parse(json, strlen(json), "stored profile", &r->profile[g], err);
        free(json);
    }
    if (rc == AT_OK)
        rc = store_lookup_open(s, r->participant_def, &r->participants, err);
    if (rc != AT_OK) {
        registry_rules_close(r);
        return rc;
    }
    *out = r;
    return AT_OK;
}

void registry_rules_close(registry_rules *r)
{
    if (!r)
        return;
    for (int g = 0; g < GRADES; g++)
        rules_free(r->profile[g]);
    hashset_free(r->exam_days);
    store_lookup_close(r->participants);
    free(r);
}

void registry_rules_set_line(registry_rules *r, long line)
{
    r->line = line;
}

const char *registry_rules_country(const registry_rules *r)
{
    return r->country;
}

static void problem(registry_problem_fn fn, void *ctx, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(registry_problem_fn fn, void *ctx, int field, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fn(ctx, field, msg);
}

static bool is_true(const char *v)
{
    return v && strcmp(v, "1") == 0;
}

static void list_subject_codes(const rule_profile *p, char *out, size_t n)
{
    size_t u = 0;
    out[0] = 0;
    for (size_t i = 0; i < p->nsubjects && u < n; i++)
        u += (size_t)snprintf(out + u, n - u, "%s%s", i ? ", " : "", p->subjects[i].code);
}

static int check_participant_row(registry_rules *r, const char *const *row, registry_problem_fn fn, void *ctx)
{
    int grade = atoi(row[P_GRADE]);
    int g = grade_slot(grade);
    if (g < 0 || !r->profile[g])
        problem(fn, ctx, P_GRADE, "the final attestation is in grade 9 or 11; this database has no rule profile for grade %d", grade);
    const char *cat = row[P_CATEGORY];
    if (strcmp(cat, "pupil") == 0 && !row[P_SCHOOL][0])
        problem(fn, ctx, P_SCHOOL, "a current-year pupil must have the code of their school");
    if (row[P_OVZ_CONDITIONS][0] && !is_true(row[P_OVZ]) && !is_true(row[P_DISABILITY]))
        problem(fn, ctx, P_OVZ_CONDITIONS, "special conditions are given only to participants with ОВЗ or disability (set ОВЗ or инвалидность to да)");
    const char *h = row[P_HONOURS];
    if (strcmp(h, "medal") == 0 && (strcmp(r->country, "ru") != 0 || grade != 11))
        problem(fn, ctx, P_HONOURS, "the medal «За особые успехи в учении» is for grade 11 in Russia");
    if (strcmp(h, "altyn_belgi") == 0 && (strcmp(r->country, "kz") != 0 || grade != 11))
        problem(fn, ctx, P_HONOURS, "«Алтын белгі» is for grade 11 in Kazakhstan");
    if (h[0] && strcmp(h, "none") != 0 && strcmp(cat, "pupil") != 0)
        problem(fn, ctx, P_HONOURS, "honours candidates are current-year pupils");
    at_date b;
    if (row[P_BIRTH_DATE][0] && date_parse_iso(row[P_BIRTH_DATE], &b) && r->year) {
        int age = r->year - b.y;
        if (age < 10 || age > 90)
            problem(fn, ctx, P_BIRTH_DATE, "a participant born in %d would be %d in %d; check the year", b.y, age, r->year);
    }
    return AT_OK;
}

static int find_participant(registry_rules *r, const char *doc, const char **prow, bool *found, at_error *err)
{
    const char *key[1] = {doc};
    return store_lookup_get(r->participants, key, found, prow, err);
}

static int check_registration_row(registry_rules *r, const char *const *row, registry_problem_fn fn, void *ctx,
                                  at_error *err)
{
    const char *prow[ENTITY_MAX_FIELDS];
    bool found;
    int rc = find_participant(r, row[R_DOCUMENT], prow, &found, err);
    if (rc != AT_OK || !found)
        return rc; /* a missing participant is reported as a reference problem */
    int grade = atoi(prow[P_GRADE]);
    int g = grade_slot(grade);
    const rule_profile *p = g >= 0 ? r->profile[g] : NULL;
    if (!p) {
        problem(fn, ctx, R_DOCUMENT, "no rule profile for grade %d", grade);
        return AT_OK;
    }
    const rule_subject *sub = rules_subject(p, row[R_SUBJECT]);
    if (!sub) {
        char codes[1024];
        list_subject_codes(p, codes, sizeof codes);
        problem(fn, ctx, R_SUBJECT, "no subject \"%s\" in profile %s; expected one of: %s", row[R_SUBJECT], p->id, codes);
        return AT_OK;
    }
    const rule_exam_form *form = rules_form(p, row[R_FORM]);
    if (!form || !rules_subject_has_form(sub, row[R_FORM])) {
        char forms[256];
        size_t u = 0;
        forms[0] = 0;
        for (size_t i = 0; i < sub->nforms && u < sizeof forms; i++)
            u += (size_t)snprintf(forms + u, sizeof forms - u, "%s%s", i ? ", " : "", sub->forms[i]);
        problem(fn, ctx, R_FORM, "%s (%s) is not taken in form \"%s\" under %s; expected: %s", sub->name_ru, sub->code,
                row[R_FORM], p->id, forms);
        return AT_OK;
    }
    bool ovz = is_true(prow[P_OVZ]) || is_true(prow[P_DISABILITY]);
    if (!rules_form_allowed(form, prow[P_CATEGORY], ovz))
        problem(fn, ctx, R_FORM, "form %s (%s) is not open to category \"%s\"%s", form->code, form->name_ru,
                prow[P_CATEGORY], ovz ? "" : " without ОВЗ or disability");
    if (strcmp(row[R_PERIOD], "early") == 0 && !is_true(prow[P_EARLY]))
        problem(fn, ctx, R_PERIOD, "the participant is not marked for the early period (досрочный период)");
    if (prow[P_EXEMPT_ORDER][0])
        problem(fn, ctx, R_DOCUMENT, "the participant is exempt from the attestation (%s)", prow[P_EXEMPT_ORDER]);
    return AT_OK;
}

static int check_admission_row(registry_rules *r, const entity_def *e, const char *const *row,
                               registry_problem_fn fn, void *ctx, at_error *err)
{
    const char *prow[ENTITY_MAX_FIELDS];
    bool found;
    int rc = find_participant(r, row[0], prow, &found, err);
    if (rc != AT_OK || !found)
        return rc;
    int kind = entity_field_index(e, "kind");
    int grade = atoi(prow[P_GRADE]);
    if (strcmp(r->country, "ru") != 0)
        problem(fn, ctx, kind, "admission by final essay or interview is a Russian rule; this installation is %s", r->country);
    else if (strcmp(row[kind], "essay") == 0 && grade != 11)
        problem(fn, ctx, kind, "the final essay (итоговое сочинение) admits grade 11; this participant is in grade %d", grade);
    else if (strcmp(row[kind], "interview") == 0 && grade != 9)
        problem(fn, ctx, kind, "the final interview (итоговое собеседование) admits grade 9; this participant is in grade %d", grade);
    return AT_OK;
}

/* Subject codes known to any profile of the installation. */
static bool subject_known(registry_rules *r, const char *code)
{
    for (int g = 0; g < GRADES; g++)
        if (r->profile[g] && rules_subject(r->profile[g], code))
            return true;
    return false;
}

static int check_staff_row(registry_rules *r, const entity_def *e, const char *const *row,
                           registry_problem_fn fn, void *ctx)
{
    int taught = entity_field_index(e, "subjects_taught");
    int esub = entity_field_index(e, "expert_subject");
    int estat = entity_field_index(e, "expert_status");
    int roles = entity_field_index(e, "roles");
    char list[1024];
    snprintf(list, sizeof list, "%s", row[taught]);
    char *save = NULL;
    for (char *t = strtok_r(list, ";,", &save); t; t = strtok_r(NULL, ";,", &save)) {
        while (*t == ' ')
            t++;
        if (*t && !subject_known(r, t))
            problem(fn, ctx, taught, "unknown subject code \"%s\"", t);
    }
    bool expert = strstr(row[roles], "expert") != NULL;
    if (row[esub][0] && !subject_known(r, row[esub]))
        problem(fn, ctx, esub, "unknown subject code \"%s\"", row[esub]);
    if (row[esub][0] && !expert)
        problem(fn, ctx, roles, "an expert subject is given but the roles do not include expert (эксперт ПК)");
    if (expert && !row[esub][0])
        problem(fn, ctx, esub, "an expert needs the subject they mark");
    if (row[estat][0] && !expert)
        problem(fn, ctx, estat, "an expert status is given but the roles do not include expert (эксперт ПК)");
    return AT_OK;
}

static int check_annual_mark_row(registry_rules *r, const char *const *row, registry_problem_fn fn, void *ctx)
{
    if (!subject_known(r, row[1]))
        problem(fn, ctx, 1, "unknown subject code \"%s\"", row[1]);
    return AT_OK;
}

/* The schedule module's checks, plus one across rows: a second non-reserve
 * day of the same exam (grade, subject, form, period, room kind) would give its
 * takers two sittings, so one of them must be marked as a reserve day. Within
 * one import; `attest schedule clashes` sees the database as a whole. */
static int check_exam_row(registry_rules *r, const char *const *row, registry_problem_fn fn, void *ctx)
{
    int g = grade_slot(atoi(row[EX_GRADE]));
    schedule_check_exam(g >= 0 ? r->profile[g] : NULL, r->year, row, fn, ctx);
    if (strcmp(row[EX_RESERVE], "1") == 0)
        return AT_OK;
    if (!r->exam_days && !(r->exam_days = hashset_new()))
        return AT_ENOMEM;
    char key[512];
    int kl = snprintf(key, sizeof key, "%s|%s|%s|%s|%s", row[EX_GRADE], row[EX_SUBJECT], row[EX_FORM],
                      row[EX_PERIOD], row[EX_ROOM_KIND][0] ? row[EX_ROOM_KIND] : "regular");
    long first = 0;
    if (kl > 0 && (size_t)kl < sizeof key && !hashset_add(r->exam_days, key, (size_t)kl, r->line, &first))
        problem(fn, ctx, EX_RESERVE,
                "%s/%s %s for grade %s is already held on a non-reserve day (line %ld); mark one of the two as a "
                "reserve day (резервный день = да), or every taker gets both",
                row[EX_SUBJECT], row[EX_FORM], row[EX_PERIOD], row[EX_GRADE], first);
    return AT_OK;
}

int registry_rules_check_row(registry_rules *r, const entity_def *e, const char *const *row,
                             registry_problem_fn fn, void *ctx, at_error *err)
{
    if (strcmp(e->name, "exams") == 0)
        return check_exam_row(r, row, fn, ctx);
    if (e == r->participant_def)
        return check_participant_row(r, row, fn, ctx);
    if (e == r->registration_def)
        return check_registration_row(r, row, fn, ctx, err);
    if (strcmp(e->name, "admissions") == 0)
        return check_admission_row(r, e, row, fn, ctx, err);
    if (strcmp(e->name, "staff") == 0)
        return check_staff_row(r, e, row, fn, ctx);
    if (strcmp(e->name, "annual_marks") == 0)
        return check_annual_mark_row(r, row, fn, ctx);
    return AT_OK;
}

typedef struct {
    char subjects[64][32];
    char forms[64][16];
    size_t n;
} reg_set;

static int collect_registration(void *ctx, const char *const *v, at_error *err)
{
    reg_set *set = ctx;
    if (set->n < 64) {
        snprintf(set->subjects[set->n], sizeof set->subjects[0], "%s", v[R_SUBJECT]);
        snprintf(set->forms[set->n], sizeof set->forms[0], "%s", v[R_FORM]);
        set->n++;
    }
    return AT_OK;
}

int registry_rules_check_participant(registry_rules *r, const char *document, registry_problem_fn fn, void *ctx,
                                     at_error *err)
{
    const char *prow[ENTITY_MAX_FIELDS];
    bool found;
    int rc = find_participant(r, document, prow, &found, err);
    if (rc != AT_OK || !found)
        return rc;
    int g = grade_slot(atoi(prow[P_GRADE]));
    const rule_profile *p = g >= 0 ? r->profile[g] : NULL;
    if (!p || prow[P_EXEMPT_ORDER][0])
        return AT_OK;
    char name[256];
    snprintf(name, sizeof name, "%s %s%s%s", prow[P_LAST_NAME], prow[P_FIRST_NAME], prow[P_MIDDLE_NAME][0] ? " " : "",
             prow[P_MIDDLE_NAME]);
    static reg_set set;
    set.n = 0;
    store_query q = {.field = "document", .value = document};
    if ((rc = store_each(r->s, r->registration_def, &q, collect_registration, &set, err)) != AT_OK)
        return rc;
    for (size_t grp = 0; grp < p->nmandatory; grp++) {
        bool has = false;
        for (char **code = p->mandatory[grp]; *code && !has; code++)
            for (size_t i = 0; i < set.n && !has; i++)
                has = strcmp(set.subjects[i], *code) == 0;
        if (!has) {
            char alts[256];
            size_t u = 0;
            alts[0] = 0;
            for (char **code = p->mandatory[grp]; *code && u < sizeof alts; code++)
                u += (size_t)snprintf(alts + u, sizeof alts - u, "%s%s", code == p->mandatory[grp] ? "" : " or ", *code);
            problem(fn, ctx, -1, "%s (%s): mandatory subject %s is not registered (profile %s)", name, document,
                    alts, p->id);
        }
    }
    /* Electives are counted once per subject, whatever the periods. Whoever sits
     * the mandatory subjects in a mandatory-only form (ГВЭ) needs no electives. */
    int electives = 0, electives_min = p->electives_min;
    for (size_t i = 0; i < set.n; i++) {
        if (rules_mandatory_group(p, set.subjects[i]) >= 0) {
            const rule_exam_form *f = rules_form(p, set.forms[i]);
            if (f && f->mandatory_only)
                electives_min = 0;
            continue;
        }
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(set.subjects[i], set.subjects[j]) == 0;
        electives += !seen;
    }
    if (electives < electives_min || (p->electives_max >= 0 && electives > p->electives_max)) {
        char need[64];
        if (p->electives_max < 0)
            snprintf(need, sizeof need, "at least %d", electives_min);
        else if (electives_min == p->electives_max)
            snprintf(need, sizeof need, "exactly %d", electives_min);
        else
            snprintf(need, sizeof need, "%d to %d", electives_min, p->electives_max);
        problem(fn, ctx, -1, "%s (%s): %d elective subject%s registered; profile %s requires %s", name, document,
                electives, electives == 1 ? "" : "s", p->id, need);
    }
    return AT_OK;
}
