/* rules.c — loading and validating rule profiles (format: docs/rule-profiles.md).
 *
 * Validation is strict on purpose: a profile decides who may sit which exam and
 * whether a pupil gets a certificate, so a typo ("egee", a gap in the percent
 * scale, an unknown key) must stop the load with the JSON path of the problem
 * rather than silently change a result. The first problem found is reported. */
#include "rules.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "embedded_data.h"
#include "json_check.h"

#define RULES_CODE_MAX 32           /* longest subject/form/category code */
#define RULES_YEAR_MIN 2000
#define RULES_YEAR_MAX 2100
#define RULES_DURATION_MAX 600      /* minutes; the longest exams are ~4 h */
#define RULES_EXTRA_MAX 300         /* minutes of ОВЗ extension */
#define RULES_ROOM_MAX 100          /* participants per room */
#define RULES_ELECTIVES_MAX 20
#define RULES_APPEAL_DAYS_MAX 30    /* working days */
#define RULES_PRIMARY_MAX 200       /* primary (raw) score */
#define RULES_FILE_MAX (4L << 20)   /* a profile is a few kB; refuse absurd files */

/* Participant categories — the codes of the participants' `category` field
 * (src/core/entity_defs.c). A form lists who may take it. */
static const char *const participant_categories[] = {
    "pupil", "past_graduate", "extern", "vocational", "penitentiary", NULL};

static const char *const threshold_kinds[] = {"certificate", "university", "pass", NULL};
static const char *const threshold_scales[] = {"test", "primary", "mark", "percent", NULL};

/* Top-level values a profile may list in "unconfirmed". */
static const char *const confirmable_keys[] = {
    "title", "forms", "mandatory", "electives_min", "electives_max", "ovz_extra_minutes",
    "room_max_participants", "ovz_room_max_participants", "percent_scale", "appeals",
    "appeals.procedure_decide_days", "appeals.scores_file_days",
    "appeals.scores_decide_days", "logistics", "expert_marking", NULL};

/* ---- small helpers ------------------------------------------------------ */

static int dup_string(jc_ctx *c, json_t *v, const char *path, char **out)
{
    if (!json_is_string(v))
        return jc_fail(c, path, "expected a string, got %s", jc_type_name(v));
    const char *s = json_string_value(v);
    if (s[0] == '\0')
        return jc_fail(c, path, "expected a non-empty string");
    if (strlen(s) != json_string_length(v))
        return jc_fail(c, path, "string contains a NUL character");
    *out = strdup(s);
    return *out ? AT_OK : jc_nomem(c);
}

/* Code: lowercase ASCII letter, then letters, digits, '_'. */
static int dup_code(jc_ctx *c, json_t *v, const char *path, char **out)
{
    if (!json_is_string(v))
        return jc_fail(c, path, "expected a code (string), got %s", jc_type_name(v));
    const char *s = json_string_value(v);
    size_t n = strlen(s);
    bool ok = n > 0 && n <= RULES_CODE_MAX && s[0] >= 'a' && s[0] <= 'z' &&
              n == json_string_length(v);
    for (size_t i = 1; ok && i < n; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (!ok)
        return jc_fail(c, path,
                     "invalid code \"%s\"; expected a lowercase letter followed by "
                     "lowercase letters, digits or '_' (at most %d characters)",
                     s, RULES_CODE_MAX);
    *out = strdup(s);
    return *out ? AT_OK : jc_nomem(c);
}

static int get_int(jc_ctx *c, json_t *obj, const char *path, const char *key, int min, int max,
                   int *out)
{
    char p[AT_ERR_WHERE];
    jc_subpath(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        return jc_fail(c, p, "expected an integer, got %s", jc_type_name(v));
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return jc_fail(c, p, "value %lld is out of range; expected %d..%d", (long long)x, min,
                     max);
    *out = (int)x;
    return AT_OK;
}

/* {"ru": …, "kk": …, "en": …} — all three required. */
static int get_names(jc_ctx *c, json_t *obj, const char *path, const char *key, char **ru,
                     char **kk, char **en)
{
    static const char *const langs[] = {"ru", "kk", "en", NULL};
    char p[AT_ERR_WHERE], q[AT_ERR_WHERE];
    jc_subpath(p, path, key);
    json_t *v = json_object_get(obj, key);
    int rc;
    if ((rc = jc_want_object(c, v, p)) || (rc = jc_check_keys(c, v, p, langs, langs)))
        return rc;
    char **outs[3] = {ru, kk, en};
    for (int i = 0; i < 3; i++) {
        jc_subpath(q, p, langs[i]);
        if ((rc = dup_string(c, json_object_get(v, langs[i]), q, outs[i])))
            return rc;
    }
    return AT_OK;
}

/* Array of codes, unique; each checked against `allowed` when given. */
static int get_code_list(jc_ctx *c, json_t *obj, const char *path, const char *key, bool nonempty,
                         const char *const *allowed, const char *what, char ***out,
                         size_t *nout)
{
    char p[AT_ERR_WHERE], q[AT_ERR_WHERE], list[JC_LIST_TEXT];
    jc_subpath(p, path, key);
    json_t *arr = json_object_get(obj, key);
    *out = NULL;
    *nout = 0;
    if (!arr && !nonempty)
        return AT_OK;
    int rc;
    if ((rc = jc_array_alloc(c, arr, p, nonempty, sizeof **out, (void **)out, nout)))
        return rc;
    size_t n = *nout;
    if (n == 0)
        return AT_OK;
    for (size_t i = 0; i < n; i++) {
        jc_idxpath(q, p, i);
        if ((rc = dup_code(c, json_array_get(arr, i), q, &(*out)[i])))
            return rc;
        if (allowed && !jc_in_list(allowed, (*out)[i])) {
            jc_join_list(list, sizeof list, allowed, (size_t)-1);
            return jc_fail(c, q, "unknown %s \"%s\"; expected one of: %s", what, (*out)[i], list);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp((*out)[j], (*out)[i]) == 0)
                return jc_fail(c, q, "duplicate %s \"%s\" (also at index %zu)", what, (*out)[i],
                             j);
    }
    return AT_OK;
}

/* ---- freeing ------------------------------------------------------------ */

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void rules_free(rule_profile *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->country);
    free(p->stage);
    free(p->title_ru);
    free(p->title_kk);
    free(p->title_en);
    for (size_t i = 0; i < p->nforms; i++) {
        rule_exam_form *f = &p->forms[i];
        free(f->code);
        free(f->name_ru);
        free(f->name_kk);
        free(f->name_en);
        free_strv(f->categories, f->ncategories);
        free_strv(f->ovz_categories, f->novz_categories);
    }
    free(p->forms);
    for (size_t i = 0; i < p->nsubjects; i++) {
        rule_subject *s = &p->subjects[i];
        free(s->code);
        free(s->name_ru);
        free(s->name_kk);
        free(s->name_en);
        free_strv(s->forms, s->nforms);
        for (size_t j = 0; j < s->nthresholds; j++) {
            free(s->thresholds[j].kind);
            free(s->thresholds[j].scale);
        }
        free(s->thresholds);
        free(s->scoring.scale);
        free(s->scoring.test_scores);
        free(s->scoring.mark_bands);
        for (size_t j = 0; j < s->scoring.nconditions; j++)
            free(s->scoring.conditions[j].part);
        free(s->scoring.conditions);
        free(s->scoring.marking.final_rule);
    }
    free(p->subjects);
    free(p->marking.final_rule);
    for (size_t g = 0; g < p->nmandatory; g++) {
        if (p->mandatory[g]) {
            for (size_t i = 0; p->mandatory[g][i]; i++)
                free(p->mandatory[g][i]);
            free(p->mandatory[g]);
        }
    }
    free(p->mandatory);
    free(p->percent_scale);
    free(p->source);
    free_strv(p->unconfirmed, p->nunconfirmed);
    free_strv(p->notes, p->nnotes);
    free(p);
}

/* ---- sections ----------------------------------------------------------- */

static int parse_forms(jc_ctx *c, json_t *root, rule_profile *p)
{
    static const char *const keys[] = {"code", "name", "categories", "ovz_categories", "mandatory_only", NULL};
    static const char *const req[] = {"code", "name", NULL};
    const char *path = "$.forms";
    char fp[AT_ERR_WHERE], q[AT_ERR_WHERE];
    json_t *arr = json_object_get(root, "forms");
    int rc;
    if ((rc = jc_array_alloc(c, arr, path, true, sizeof *p->forms, (void **)&p->forms, &p->nforms)))
        return rc;
    size_t n = p->nforms;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        rule_exam_form *f = &p->forms[i];
        jc_idxpath(fp, path, i);
        if ((rc = jc_want_object(c, o, fp)) || (rc = jc_check_keys(c, o, fp, keys, req)))
            return rc;
        jc_subpath(q, fp, "code");
        if ((rc = dup_code(c, json_object_get(o, "code"), q, &f->code)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->forms[j].code, f->code) == 0)
                return jc_fail(c, q, "duplicate exam form code \"%s\" (also $.forms[%zu])",
                             f->code, j);
        if ((rc = get_names(c, o, fp, "name", &f->name_ru, &f->name_kk, &f->name_en)))
            return rc;
        if ((rc = jc_get_bool_opt(c, o, fp, "mandatory_only", &f->mandatory_only)))
            return rc;
        if ((rc = get_code_list(c, o, fp, "categories", false, participant_categories,
                                "participant category", &f->categories, &f->ncategories)))
            return rc;
        if ((rc = get_code_list(c, o, fp, "ovz_categories", false, participant_categories,
                                "participant category", &f->ovz_categories,
                                &f->novz_categories)))
            return rc;
        if (f->ncategories == 0 && f->novz_categories > 0) {
            jc_subpath(q, fp, "ovz_categories");
            return jc_fail(c, q,
                         "ovz_categories needs a non-empty \"categories\" list (an empty "
                         "or missing \"categories\" already admits every category)");
        }
        for (size_t k = 0; k < f->novz_categories; k++)
            for (size_t j = 0; j < f->ncategories; j++)
                if (strcmp(f->ovz_categories[k], f->categories[j]) == 0) {
                    char qq[AT_ERR_WHERE];
                    jc_subpath(q, fp, "ovz_categories");
                    jc_idxpath(qq, q, k);
                    return jc_fail(c, qq,
                                 "category \"%s\" is already in \"categories\" (without an "
                                 "ОВЗ condition); list it in one of the two",
                                 f->ovz_categories[k]);
                }
    }
    return AT_OK;
}

static int threshold_range(const char *scale, double *lo, double *hi)
{
    if (strcmp(scale, "test") == 0 || strcmp(scale, "percent") == 0) {
        *lo = 0;
        *hi = 100;
    } else if (strcmp(scale, "mark") == 0) {
        *lo = 2;
        *hi = 5;
    } else {
        *lo = 0;
        *hi = RULES_PRIMARY_MAX;
    }
    return AT_OK;
}

static int parse_thresholds(jc_ctx *c, json_t *o, const char *sp, rule_subject *s)
{
    static const char *const keys[] = {"kind", "scale", "value", "unconfirmed", NULL};
    static const char *const req[] = {"kind", "scale", "value", NULL};
    char p[AT_ERR_WHERE], tp[AT_ERR_WHERE], q[AT_ERR_WHERE], list[JC_LIST_TEXT];
    json_t *arr = json_object_get(o, "thresholds");
    if (!arr)
        return AT_OK;
    jc_subpath(p, sp, "thresholds");
    int rc;
    if ((rc = jc_array_alloc(c, arr, p, false, sizeof *s->thresholds, (void **)&s->thresholds, &s->nthresholds)))
        return rc;
    size_t n = s->nthresholds;
    if (n == 0)
        return AT_OK;
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_array_get(arr, i);
        rule_threshold *th = &s->thresholds[i];
        jc_idxpath(tp, p, i);
        if ((rc = jc_want_object(c, t, tp)) || (rc = jc_check_keys(c, t, tp, keys, req)))
            return rc;
        jc_subpath(q, tp, "kind");
        if ((rc = dup_code(c, json_object_get(t, "kind"), q, &th->kind)))
            return rc;
        if (!jc_in_list(threshold_kinds, th->kind)) {
            jc_join_list(list, sizeof list, threshold_kinds, (size_t)-1);
            return jc_fail(c, q, "unknown threshold kind \"%s\"; expected one of: %s", th->kind,
                         list);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->thresholds[j].kind, th->kind) == 0)
                return jc_fail(c, q, "duplicate threshold kind \"%s\" (also %s[%zu])", th->kind,
                             p, j);
        jc_subpath(q, tp, "scale");
        if ((rc = dup_code(c, json_object_get(t, "scale"), q, &th->scale)))
            return rc;
        if (!jc_in_list(threshold_scales, th->scale)) {
            jc_join_list(list, sizeof list, threshold_scales, (size_t)-1);
            return jc_fail(c, q, "unknown scale \"%s\"; expected one of: %s", th->scale, list);
        }
        jc_subpath(q, tp, "value");
        json_t *v = json_object_get(t, "value");
        if (!json_is_number(v))
            return jc_fail(c, q, "expected a number, got %s", jc_type_name(v));
        th->value = json_number_value(v);
        double lo, hi;
        threshold_range(th->scale, &lo, &hi);
        if (!isfinite(th->value) || th->value < lo || th->value > hi)
            return jc_fail(c, q, "value %g is out of range for scale \"%s\"; expected %g..%g",
                         th->value, th->scale, lo, hi);
        if ((rc = jc_get_bool_opt(c, t, tp, "unconfirmed", &th->unconfirmed)))
            return rc;
        if (th->unconfirmed)
            s->unconfirmed = true;
    }
    return AT_OK;
}

/* "expert_marking": {"discrepancy_total": N, "discrepancy_criterion": M,
 * "final": "mean_ceil"}; every key optional. */
static int parse_marking(jc_ctx *c, json_t *o, const char *path, rule_marking *m)
{
    static const char *const keys[] = {"discrepancy_total", "discrepancy_criterion", "final", NULL};
    static const char *const req[] = {NULL};
    static const char *const finals[] = {"mean_ceil", "mean_floor", "min", "max", NULL};
    char q[AT_ERR_WHERE], list[JC_LIST_TEXT];
    int rc;
    if ((rc = jc_want_object(c, o, path)) || (rc = jc_check_keys(c, o, path, keys, req)))
        return rc;
    if (json_object_get(o, "discrepancy_total") &&
        (rc = get_int(c, o, path, "discrepancy_total", 1, RULES_PRIMARY_MAX, &m->discrepancy_total)))
        return rc;
    if (json_object_get(o, "discrepancy_criterion") &&
        (rc = get_int(c, o, path, "discrepancy_criterion", 1, RULES_PRIMARY_MAX, &m->discrepancy_criterion)))
        return rc;
    if (json_object_get(o, "final")) {
        jc_subpath(q, path, "final");
        if ((rc = dup_code(c, json_object_get(o, "final"), q, &m->final_rule)))
            return rc;
        if (!jc_in_list(finals, m->final_rule)) {
            jc_join_list(list, sizeof list, finals, (size_t)-1);
            return jc_fail(c, q, "unknown final-mark rule \"%s\"; expected one of: %s", m->final_rule, list);
        }
    }
    return AT_OK;
}

/* "scoring": primary_max, scale "test" with test_scores[primary_max + 1]
 * (non-decreasing, 0..100) or scale "mark" with mark_bands covering
 * 0..primary_max, optional conditions and expert_marking. */
static int parse_scoring(jc_ctx *c, json_t *so, const char *sp, rule_subject *s)
{
    static const char *const keys[] = {"primary_max", "scale", "test_scores", "mark_bands", "conditions",
                                       "expert_marking", "unconfirmed", NULL};
    static const char *const req[] = {"primary_max", "scale", NULL};
    static const char *const ckeys[] = {"mark", "part", "min_points", NULL};
    char p[AT_ERR_WHERE], q[AT_ERR_WHERE], ip[AT_ERR_WHERE];
    json_t *o = json_object_get(so, "scoring");
    rule_scoring *r = &s->scoring;
    if (!o)
        return AT_OK;
    jc_subpath(p, sp, "scoring");
    int rc;
    if ((rc = jc_want_object(c, o, p)) || (rc = jc_check_keys(c, o, p, keys, req)))
        return rc;
    r->present = true;
    if ((rc = get_int(c, o, p, "primary_max", 1, RULES_PRIMARY_MAX, &r->primary_max)))
        return rc;
    jc_subpath(q, p, "scale");
    if ((rc = dup_code(c, json_object_get(o, "scale"), q, &r->scale)))
        return rc;
    bool test = strcmp(r->scale, "test") == 0;
    if (!test && strcmp(r->scale, "mark") != 0)
        return jc_fail(c, q, "unknown scale \"%s\"; expected one of: test, mark", r->scale);
    const char *need = test ? "test_scores" : "mark_bands";
    const char *other = test ? "mark_bands" : "test_scores";
    if (json_object_get(o, other)) {
        jc_subpath(q, p, other);
        return jc_fail(c, q, "\"%s\" does not belong to scale \"%s\"; expected \"%s\"", other, r->scale, need);
    }
    jc_subpath(q, p, need);
    json_t *arr = json_object_get(o, need);
    if (test) {
        if ((rc = jc_array_alloc(c, arr, q, true, sizeof *r->test_scores, (void **)&r->test_scores, &r->ntest_scores)))
            return rc;
        if (r->ntest_scores != (size_t)r->primary_max + 1)
            return jc_fail(c, q, "%zu test scores for primary scores 0..%d; expected %d (one per primary score)",
                           r->ntest_scores, r->primary_max, r->primary_max + 1);
        for (size_t i = 0; i < r->ntest_scores; i++) {
            jc_idxpath(ip, q, i);
            json_t *v = json_array_get(arr, i);
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100)
                return jc_fail(c, ip, "expected an integer test score 0..100, got %s", jc_type_name(v));
            r->test_scores[i] = (int)json_integer_value(v);
            if (i > 0 && r->test_scores[i] < r->test_scores[i - 1])
                return jc_fail(c, ip, "test score %d is lower than the one before (%d); expected a "
                               "non-decreasing scale", r->test_scores[i], r->test_scores[i - 1]);
        }
    } else {
        static const char *const bkeys[] = {"from", "to", "mark", NULL};
        if ((rc = jc_array_alloc(c, arr, q, true, sizeof *r->mark_bands, (void **)&r->mark_bands, &r->nmark_bands)))
            return rc;
        for (size_t i = 0; i < r->nmark_bands; i++) {
            rule_scale_band *b = &r->mark_bands[i];
            json_t *bo = json_array_get(arr, i);
            jc_idxpath(ip, q, i);
            if ((rc = jc_want_object(c, bo, ip)) || (rc = jc_check_keys(c, bo, ip, bkeys, bkeys)) ||
                (rc = get_int(c, bo, ip, "from", 0, r->primary_max, &b->from)) ||
                (rc = get_int(c, bo, ip, "to", 0, r->primary_max, &b->to)) ||
                (rc = get_int(c, bo, ip, "mark", 1, 5, &b->mark)))
                return rc;
            int expect = i == 0 ? 0 : r->mark_bands[i - 1].to + 1;
            if (b->from != expect || b->to < b->from)
                return jc_fail(c, ip, "band %d..%d; expected contiguous ascending bands from 0 to "
                               "primary_max (this one starting at %d)", b->from, b->to, expect);
            if (i > 0 && b->mark <= r->mark_bands[i - 1].mark)
                return jc_fail(c, ip, "mark %d does not grow over the previous band's %d", b->mark,
                               r->mark_bands[i - 1].mark);
        }
        if (r->mark_bands[r->nmark_bands - 1].to != r->primary_max)
            return jc_fail(c, q, "the last band ends at %d; expected primary_max %d",
                           r->mark_bands[r->nmark_bands - 1].to, r->primary_max);
    }
    json_t *carr = json_object_get(o, "conditions");
    if (carr) {
        jc_subpath(q, p, "conditions");
        if ((rc = jc_array_alloc(c, carr, q, false, sizeof *r->conditions, (void **)&r->conditions, &r->nconditions)))
            return rc;
        for (size_t i = 0; i < r->nconditions; i++) {
            rule_scale_condition *k = &r->conditions[i];
            json_t *co = json_array_get(carr, i);
            char pp[AT_ERR_WHERE];
            jc_idxpath(ip, q, i);
            jc_subpath(pp, ip, "part");
            if ((rc = jc_want_object(c, co, ip)) || (rc = jc_check_keys(c, co, ip, ckeys, ckeys)) ||
                (rc = get_int(c, co, ip, "mark", 3, 5, &k->mark)) ||
                (rc = get_int(c, co, ip, "min_points", 1, r->primary_max, &k->min_points)) ||
                (rc = dup_code(c, json_object_get(co, "part"), pp, &k->part)))
                return rc;
            if (test)
                return jc_fail(c, ip, "conditions apply to mark scales; this scale is \"test\"");
        }
    }
    json_t *mo = json_object_get(o, "expert_marking");
    if (mo) {
        jc_subpath(q, p, "expert_marking");
        if ((rc = parse_marking(c, mo, q, &r->marking)))
            return rc;
        r->has_marking = true;
    }
    if ((rc = jc_get_bool_opt(c, o, p, "unconfirmed", &r->unconfirmed)))
        return rc;
    if (r->unconfirmed)
        s->unconfirmed = true;
    return AT_OK;
}

static int parse_subjects(jc_ctx *c, json_t *root, rule_profile *p)
{
    static const char *const keys[] = {"code", "name", "forms", "duration_minutes",
                                       "thresholds", "scoring", "unconfirmed", NULL};
    static const char *const req[] = {"code", "name", "forms", "duration_minutes", NULL};
    const char *path = "$.subjects";
    char sp[AT_ERR_WHERE], q[AT_ERR_WHERE], fq[AT_ERR_WHERE];
    json_t *arr = json_object_get(root, "subjects");
    int rc;
    if ((rc = jc_array_alloc(c, arr, path, true, sizeof *p->subjects, (void **)&p->subjects, &p->nsubjects)))
        return rc;
    size_t n = p->nsubjects;
    /* Known form codes, for "expected one of" messages. */
    const char **fcodes = calloc(p->nforms + 1, sizeof *fcodes);
    if (!fcodes)
        return jc_nomem(c);
    for (size_t i = 0; i < p->nforms; i++)
        fcodes[i] = p->forms[i].code;
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        json_t *o = json_array_get(arr, i);
        rule_subject *s = &p->subjects[i];
        jc_idxpath(sp, path, i);
        if ((rc = jc_want_object(c, o, sp)) || (rc = jc_check_keys(c, o, sp, keys, req)))
            break;
        jc_subpath(q, sp, "code");
        if ((rc = dup_code(c, json_object_get(o, "code"), q, &s->code)))
            break;
        for (size_t j = 0; j < i && rc == AT_OK; j++)
            if (strcmp(p->subjects[j].code, s->code) == 0)
                rc = jc_fail(c, q, "duplicate subject code \"%s\" (also $.subjects[%zu])",
                           s->code, j);
        if (rc)
            break;
        if ((rc = get_names(c, o, sp, "name", &s->name_ru, &s->name_kk, &s->name_en)))
            break;
        if ((rc = get_code_list(c, o, sp, "forms", true, NULL, "exam form", &s->forms,
                                &s->nforms)))
            break;
        jc_subpath(fq, sp, "forms");
        for (size_t k = 0; k < s->nforms; k++) {
            if (!rules_form(p, s->forms[k])) {
                char list[JC_LIST_TEXT];
                jc_join_list(list, sizeof list, fcodes, p->nforms);
                jc_idxpath(q, fq, k);
                rc = jc_fail(c, q, "unknown exam form \"%s\"; expected one of: %s", s->forms[k],
                           list);
                break;
            }
        }
        if (rc)
            break;
        if ((rc = get_int(c, o, sp, "duration_minutes", 1, RULES_DURATION_MAX,
                          &s->duration_minutes)))
            break;
        bool unconf;
        if ((rc = jc_get_bool_opt(c, o, sp, "unconfirmed", &unconf)))
            break;
        if ((rc = parse_thresholds(c, o, sp, s)))
            break;
        if ((rc = parse_scoring(c, o, sp, s)))
            break;
        s->unconfirmed = s->unconfirmed || unconf;
    }
    free(fcodes);
    return rc;
}

static int parse_mandatory(jc_ctx *c, json_t *root, rule_profile *p)
{
    const char *path = "$.mandatory";
    char gp[AT_ERR_WHERE], q[AT_ERR_WHERE];
    json_t *arr = json_object_get(root, "mandatory");
    int rc;
    if ((rc = jc_array_alloc(c, arr, path, false, sizeof *p->mandatory, (void **)&p->mandatory, &p->nmandatory)))
        return rc;
    size_t n = p->nmandatory;
    if (n == 0)
        return AT_OK;
    for (size_t g = 0; g < n; g++) {
        json_t *grp = json_array_get(arr, g);
        jc_idxpath(gp, path, g);
        if ((rc = jc_want_array(c, grp, gp, true)))
            return rc;
        size_t m = json_array_size(grp);
        p->mandatory[g] = calloc(m + 1, sizeof *p->mandatory[g]);
        if (!p->mandatory[g])
            return jc_nomem(c);
        for (size_t i = 0; i < m; i++) {
            jc_idxpath(q, gp, i);
            if ((rc = dup_code(c, json_array_get(grp, i), q, &p->mandatory[g][i])))
                return rc;
            const char *code = p->mandatory[g][i];
            if (!rules_subject(p, code))
                return jc_fail(c, q, "unknown subject \"%s\" in a mandatory group; expected a "
                             "code from $.subjects", code);
            /* A subject in two groups would make one choice satisfy both. */
            for (size_t h = 0; h <= g; h++)
                for (size_t k = 0; p->mandatory[h][k] && !(h == g && k == i); k++)
                    if (strcmp(p->mandatory[h][k], code) == 0)
                        return jc_fail(c, q, "subject \"%s\" is already in $.mandatory[%zu]",
                                     code, h);
        }
    }
    return AT_OK;
}

static int parse_percent_scale(jc_ctx *c, json_t *root, rule_profile *p)
{
    static const char *const keys[] = {"from", "to", "mark", NULL};
    const char *path = "$.percent_scale";
    char bp[AT_ERR_WHERE], q[AT_ERR_WHERE];
    json_t *arr = json_object_get(root, "percent_scale");
    if (!arr)
        return AT_OK;
    int rc;
    if ((rc = jc_array_alloc(c, arr, path, false, sizeof *p->percent_scale, (void **)&p->percent_scale, &p->npercent_scale)))
        return rc;
    size_t n = p->npercent_scale;
    if (n == 0)
        return AT_OK;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        rule_scale_band *b = &p->percent_scale[i];
        jc_idxpath(bp, path, i);
        if ((rc = jc_want_object(c, o, bp)) || (rc = jc_check_keys(c, o, bp, keys, keys)))
            return rc;
        if ((rc = get_int(c, o, bp, "from", 0, 100, &b->from)) ||
            (rc = get_int(c, o, bp, "to", 0, 100, &b->to)) ||
            (rc = get_int(c, o, bp, "mark", 1, 5, &b->mark)))
            return rc;
        if (b->to < b->from) {
            jc_subpath(q, bp, "to");
            return jc_fail(c, q, "band ends at %d before it starts at %d", b->to, b->from);
        }
        int expect = i == 0 ? 0 : p->percent_scale[i - 1].to + 1;
        if (b->from != expect) {
            jc_subpath(q, bp, "from");
            if (i == 0)
                return jc_fail(c, q, "the first band starts at %d; expected 0", b->from);
            return jc_fail(c, q,
                         "band starts at %d but the previous band ends at %d (%s); bands "
                         "must be ascending, contiguous and non-overlapping: expected %d",
                         b->from, expect - 1, b->from < expect ? "overlap" : "gap", expect);
        }
        if (i > 0 && b->mark < p->percent_scale[i - 1].mark) {
            jc_subpath(q, bp, "mark");
            return jc_fail(c, q, "mark %d is lower than the previous band's mark %d; expected "
                         "marks not to decrease as percent grows", b->mark,
                         p->percent_scale[i - 1].mark);
        }
    }
    if (p->percent_scale[n - 1].to != 100) {
        jc_idxpath(bp, path, n - 1);
        jc_subpath(q, bp, "to");
        return jc_fail(c, q, "the last band ends at %d; expected 100",
                     p->percent_scale[n - 1].to);
    }
    return AT_OK;
}

static int parse_appeals(jc_ctx *c, json_t *root, rule_profile *p)
{
    static const char *const keys[] = {"procedure_decide_days", "scores_file_days",
                                       "scores_decide_days", NULL};
    const char *path = "$.appeals";
    json_t *o = json_object_get(root, "appeals");
    int rc;
    if ((rc = jc_want_object(c, o, path)) || (rc = jc_check_keys(c, o, path, keys, keys)))
        return rc;
    if ((rc = get_int(c, o, path, "procedure_decide_days", 1, RULES_APPEAL_DAYS_MAX,
                      &p->appeal_procedure_days)) ||
        (rc = get_int(c, o, path, "scores_file_days", 1, RULES_APPEAL_DAYS_MAX,
                      &p->appeal_scores_file_days)) ||
        (rc = get_int(c, o, path, "scores_decide_days", 1, RULES_APPEAL_DAYS_MAX,
                      &p->appeal_scores_decide_days)))
        return rc;
    return AT_OK;
}

static int parse_logistics(jc_ctx *c, json_t *root, rule_profile *p)
{
    static const char *const keys[] = {
        "not_own_school", "only_own_school", "point_heads", "point_gek_min",
        "point_gek_token_min", "point_technical_min", "point_medical_min",
        "room_organizers_min", "ovz_room_assistants_min", "organizer_not_subject_teacher",
        "organizer_not_teacher_of_seated", "materials_reserve_percent", "materials_reserve_min",
        "one_exam_per_room", NULL};
    static const char *const req[] = {NULL};
    const char *path = "$.logistics";
    json_t *o = json_object_get(root, "logistics");
    rule_logistics *l = &p->logistics;
    int rc;
    if (!o)
        return AT_OK;
    if ((rc = jc_want_object(c, o, path)) || (rc = jc_check_keys(c, o, path, keys, req)))
        return rc;
    struct { const char *key; int *out; int max; } ints[] = {
        {"point_heads", &l->point_heads, 5},
        {"point_gek_min", &l->point_gek_min, 20},
        {"point_gek_token_min", &l->point_gek_token_min, 20},
        {"point_technical_min", &l->point_technical_min, 20},
        {"point_medical_min", &l->point_medical_min, 20},
        {"room_organizers_min", &l->room_organizers_min, 10},
        {"ovz_room_assistants_min", &l->ovz_room_assistants_min, 10},
        {"materials_reserve_percent", &l->materials_reserve_percent, 100},
        {"materials_reserve_min", &l->materials_reserve_min, 100},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (json_object_get(o, ints[i].key) &&
            (rc = get_int(c, o, path, ints[i].key, 0, ints[i].max, ints[i].out)))
            return rc;
    if ((rc = jc_get_bool_opt(c, o, path, "not_own_school", &l->not_own_school)) ||
        (rc = jc_get_bool_opt(c, o, path, "only_own_school", &l->only_own_school)) ||
        (rc = jc_get_bool_opt(c, o, path, "one_exam_per_room", &l->one_exam_per_room)) ||
        (rc = jc_get_bool_opt(c, o, path, "organizer_not_subject_teacher",
                              &l->organizer_not_subject_teacher)) ||
        (rc = jc_get_bool_opt(c, o, path, "organizer_not_teacher_of_seated",
                              &l->organizer_not_teacher_of_seated)))
        return rc;
    if (l->not_own_school && l->only_own_school)
        return jc_fail(c, "$.logistics.only_own_school",
                       "not_own_school and only_own_school cannot both be true");
    if (l->point_gek_token_min > l->point_gek_min)
        return jc_fail(c, "$.logistics.point_gek_token_min",
                       "%d token holders exceed point_gek_min %d", l->point_gek_token_min,
                       l->point_gek_min);
    return AT_OK;
}

static int parse_string_list(jc_ctx *c, json_t *root, const char *key, char ***out, size_t *nout)
{
    char p[AT_ERR_WHERE], q[AT_ERR_WHERE];
    jc_subpath(p, "$", key);
    json_t *arr = json_object_get(root, key);
    if (!arr)
        return AT_OK;
    int rc;
    if ((rc = jc_array_alloc(c, arr, p, false, sizeof **out, (void **)out, nout)))
        return rc;
    size_t n = *nout;
    if (n == 0)
        return AT_OK;
    for (size_t i = 0; i < n; i++) {
        jc_idxpath(q, p, i);
        if ((rc = dup_string(c, json_array_get(arr, i), q, &(*out)[i])))
            return rc;
    }
    return AT_OK;
}

static int parse_header(jc_ctx *c, json_t *root, rule_profile *p)
{
    char q[AT_ERR_WHERE];
    int rc;
    if ((rc = dup_string(c, json_object_get(root, "id"), "$.id", &p->id)))
        return rc;
    if ((rc = dup_code(c, json_object_get(root, "country"), "$.country", &p->country)))
        return rc;
    static const char *const countries[] = {"ru", "kz", NULL};
    if (!jc_in_list(countries, p->country))
        return jc_fail(c, "$.country", "unknown country \"%s\"; expected one of: ru, kz",
                     p->country);
    if ((rc = dup_code(c, json_object_get(root, "stage"), "$.stage", &p->stage)))
        return rc;
    static const char *const ru_stages[] = {"gia9", "gia11", NULL};
    static const char *const kz_stages[] = {"ia9", "ia11", NULL};
    bool ru = strcmp(p->country, "ru") == 0;
    if (!jc_in_list(ru ? ru_stages : kz_stages, p->stage))
        return jc_fail(c, "$.stage", "unknown stage \"%s\" for country \"%s\"; expected one of: %s",
                     p->stage, p->country, ru ? "gia9, gia11" : "ia9, ia11");
    if ((rc = get_int(c, root, "$", "grade", 9, 11, &p->grade)))
        return rc;
    int stage_grade = atoi(p->stage + (ru ? 3 : 2));
    if (p->grade != stage_grade)
        return jc_fail(c, "$.grade", "grade %d does not match stage \"%s\"; expected %d",
                     p->grade, p->stage, stage_grade);
    if ((rc = get_int(c, root, "$", "year", RULES_YEAR_MIN, RULES_YEAR_MAX, &p->year)))
        return rc;
    char want[64];
    snprintf(want, sizeof want, "%s-%s-%d", p->country, p->stage, p->year);
    if (strcmp(p->id, want) != 0)
        return jc_fail(c, "$.id", "id \"%s\" does not match country, stage and year; expected "
                     "\"%s\"", p->id, want);
    if ((rc = get_names(c, root, "$", "title", &p->title_ru, &p->title_kk, &p->title_en)))
        return rc;
    jc_spf(q, sizeof q, "$.source");
    return dup_string(c, json_object_get(root, "source"), q, &p->source);
}

static int parse_limits(jc_ctx *c, json_t *root, rule_profile *p)
{
    int rc;
    if ((rc = get_int(c, root, "$", "electives_min", 0, RULES_ELECTIVES_MAX,
                      &p->electives_min)) ||
        (rc = get_int(c, root, "$", "electives_max", -1, RULES_ELECTIVES_MAX,
                      &p->electives_max)))
        return rc;
    if (p->electives_max >= 0 && p->electives_max < p->electives_min)
        return jc_fail(c, "$.electives_max",
                     "electives_max %d is below electives_min %d; expected -1 (no limit) or "
                     "a number >= electives_min", p->electives_max, p->electives_min);
    if ((rc = get_int(c, root, "$", "ovz_extra_minutes", 0, RULES_EXTRA_MAX,
                      &p->ovz_extra_minutes)) ||
        (rc = get_int(c, root, "$", "room_max_participants", 1, RULES_ROOM_MAX,
                      &p->room_max_participants)) ||
        (rc = get_int(c, root, "$", "ovz_room_max_participants", 1, RULES_ROOM_MAX,
                      &p->ovz_room_max_participants)))
        return rc;
    if (p->ovz_room_max_participants > p->room_max_participants)
        return jc_fail(c, "$.ovz_room_max_participants",
                     "%d is larger than room_max_participants %d; expected an ОВЗ room limit "
                     "<= the ordinary one", p->ovz_room_max_participants,
                     p->room_max_participants);
    return AT_OK;
}

static int parse_unconfirmed(jc_ctx *c, json_t *root, rule_profile *p)
{
    char q[AT_ERR_WHERE], list[JC_LIST_TEXT];
    int rc;
    if ((rc = parse_string_list(c, root, "unconfirmed", &p->unconfirmed, &p->nunconfirmed)))
        return rc;
    for (size_t i = 0; i < p->nunconfirmed; i++) {
        jc_idxpath(q, "$.unconfirmed", i);
        if (!jc_in_list(confirmable_keys, p->unconfirmed[i])) {
            jc_join_list(list, sizeof list, confirmable_keys, (size_t)-1);
            return jc_fail(c, q, "unknown value name \"%s\"; expected one of: %s",
                         p->unconfirmed[i], list);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->unconfirmed[j], p->unconfirmed[i]) == 0)
                return jc_fail(c, q, "duplicate entry \"%s\"", p->unconfirmed[i]);
    }
    return AT_OK;
}

int rules_parse(const char *json, size_t len, const char *name, rule_profile **out, at_error *err)
{
    static const char *const keys[] = {
        "id", "country", "stage", "grade", "year", "title", "forms", "subjects", "mandatory",
        "electives_min", "electives_max", "ovz_extra_minutes", "room_max_participants",
        "ovz_room_max_participants", "percent_scale", "appeals", "logistics", "expert_marking", "unconfirmed",
        "notes", "source", NULL};
    static const char *const req[] = {
        "id", "country", "stage", "grade", "year", "title", "forms", "subjects", "mandatory",
        "electives_min", "electives_max", "ovz_extra_minutes", "room_max_participants",
        "ovz_room_max_participants", "appeals", "source", NULL};
    jc_ctx c = {name ? name : "profile", err};
    *out = NULL;
    json_t *root;
    int rc = jc_parse(&c, json, len, &root);
    if (rc)
        return rc;
    rule_profile *p = calloc(1, sizeof *p);
    rc = p ? AT_OK : jc_nomem(&c);
    if (rc == AT_OK)
        rc = jc_want_object(&c, root, "$");
    if (rc == AT_OK)
        rc = jc_check_keys(&c, root, "$", keys, req);
    if (rc == AT_OK)
        rc = parse_header(&c, root, p);
    if (rc == AT_OK)
        rc = parse_forms(&c, root, p);
    if (rc == AT_OK)
        rc = parse_subjects(&c, root, p);
    if (rc == AT_OK)
        rc = parse_mandatory(&c, root, p);
    if (rc == AT_OK)
        rc = parse_limits(&c, root, p);
    if (rc == AT_OK)
        rc = parse_percent_scale(&c, root, p);
    if (rc == AT_OK)
        rc = parse_appeals(&c, root, p);
    if (rc == AT_OK)
        rc = parse_logistics(&c, root, p);
    if (rc == AT_OK && json_object_get(root, "expert_marking"))
        rc = parse_marking(&c, json_object_get(root, "expert_marking"), "$.expert_marking", &p->marking);
    if (rc == AT_OK)
        rc = parse_unconfirmed(&c, root, p);
    if (rc == AT_OK)
        rc = parse_string_list(&c, root, "notes", &p->notes, &p->nnotes);
    json_decref(root);
    if (rc != AT_OK) {
        rules_free(p);
        return rc;
    }
    *out = p;
    return AT_OK;
}

/* ---- loading ------------------------------------------------------------ */

static int read_file(const char *path, char **buf, size_t *len, at_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return at_fail(err, errno == ENOENT ? AT_ENOTFOUND : AT_EINTERNAL, path,
                       "cannot open: %s", strerror(errno));
    char *b = NULL;
    size_t n = 0, cap = 0;
    int rc = AT_OK;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if ((long)cap > RULES_FILE_MAX * 2) {
                rc = at_fail(err, AT_EINPUT, path, "file is larger than %ld bytes",
                             RULES_FILE_MAX);
                break;
            }
            char *nb = realloc(b, cap);
            if (!nb) {
                rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                break;
            }
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) {
            if (ferror(f))
                rc = at_fail(err, AT_EINTERNAL, path, "read error");
            break;
        }
    }
    fclose(f);
    if (rc != AT_OK) {
        free(b);
        return rc;
    }
    if (!b) {
        b = malloc(1);
        if (!b)
            return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return AT_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int rules_load_file(const char *path, rule_profile **out, at_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = read_file(path, &buf, &len, err);
    if (rc != AT_OK)
        return rc;
    rc = rules_parse(buf, len, base_name(path), out, err);
    free(buf);
    return rc;
}

/* Profile ids are codes with '-' ("ru-gia11-2026"); anything else could
 * escape $ATTEST_DATA/rules. */
static bool valid_id(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-' ||
              id[i] == '_'))
            return false;
    return true;
}

static const at_embedded_file *find_embedded(const char *id)
{
    char fname[80];
    snprintf(fname, sizeof fname, "%s.json", id);
    for (size_t i = 0; i < at_embedded_data_count; i++)
        if (strcmp(at_embedded_data[i].name, fname) == 0)
            return &at_embedded_data[i];
    return NULL;
}

static int not_shipped(const char *id, at_error *err)
{
    char list[JC_LIST_TEXT];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < at_embedded_data_count; i++) {
        const char *nm = at_embedded_data[i].name;
        size_t l = strlen(nm);
        /* rule profiles are the ones named COUNTRY-STAGE-YEAR.json with a stage */
        bool profile = strstr(nm, "-gia") != NULL || strstr(nm, "-ia") != NULL;
        if (l < 6 || strcmp(nm + l - 5, ".json") != 0 || !profile)
            continue;
        int w = snprintf(list + used, sizeof list - used, "%s%.*s", used ? ", " : "",
                         (int)(l - 5), nm);
        if (w < 0 || (size_t)w >= sizeof list - used)
            break;
        used += (size_t)w;
    }
    return at_fail(err, AT_ENOTFOUND, id ? id : "(null)",
                   "no shipped rule profile \"%s\"; expected one of: %s", id ? id : "", list);
}

int rules_load_builtin(const char *id, rule_profile **out, at_error *err)
{
    *out = NULL;
    if (!valid_id(id))
        return at_fail(err, AT_EINPUT, id ? id : "(null)",
                       "invalid profile id; expected e.g. \"ru-gia11-2026\"");
    const char *dir = getenv("ATTEST_DATA");
    int rc;
    if (dir && *dir) {
        char path[PATH_MAX];
        jc_spf(path, sizeof path, "%s/rules/%s.json", dir, id);
        rc = rules_load_file(path, out, err);
    } else {
        const at_embedded_file *f = find_embedded(id);
        if (!f)
            return not_shipped(id, err);
        char fname[80];
        snprintf(fname, sizeof fname, "%s.json", id);
        rc = rules_parse((const char *)f->data, f->len, fname, out, err);
    }
    if (rc == AT_OK && strcmp((*out)->id, id) != 0) {
        char where[AT_ERR_WHERE];
        jc_spf(where, sizeof where, "%s.json: $.id", id);
        rc = at_fail(err, AT_EINPUT, where, "the file holds profile \"%s\"; expected \"%s\"",
                     (*out)->id, id);
        rules_free(*out);
        *out = NULL;
    }
    return rc;
}

int rules_builtin_text(const char *id, const char **text, size_t *len, at_error *err)
{
    if (!valid_id(id))
        return at_fail(err, AT_EINPUT, id ? id : "(null)",
                       "invalid profile id; expected e.g. \"ru-gia11-2026\"");
    const at_embedded_file *f = find_embedded(id);
    if (!f)
        return not_shipped(id, err);
    *text = (const char *)f->data;
    *len = f->len;
    return AT_OK;
}

/* ---- accessors ---------------------------------------------------------- */

const rule_subject *rules_subject(const rule_profile *p, const char *code)
{
    if (!p || !code)
        return NULL;
    for (size_t i = 0; i < p->nsubjects; i++)
        if (p->subjects[i].code && strcmp(p->subjects[i].code, code) == 0)
            return &p->subjects[i];
    return NULL;
}

const rule_exam_form *rules_form(const rule_profile *p, const char *code)
{
    if (!p || !code)
        return NULL;
    for (size_t i = 0; i < p->nforms; i++)
        if (p->forms[i].code && strcmp(p->forms[i].code, code) == 0)
            return &p->forms[i];
    return NULL;
}

bool rules_subject_has_form(const rule_subject *s, const char *form)
{
    if (!s || !form)
        return false;
    for (size_t i = 0; i < s->nforms; i++)
        if (strcmp(s->forms[i], form) == 0)
            return true;
    return false;
}

bool rules_form_allowed(const rule_exam_form *f, const char *category, bool ovz)
{
    if (!f || !category)
        return false;
    if (f->ncategories == 0)
        return true;
    for (size_t i = 0; i < f->ncategories; i++)
        if (strcmp(f->categories[i], category) == 0)
            return true;
    if (ovz)
        for (size_t i = 0; i < f->novz_categories; i++)
            if (strcmp(f->ovz_categories[i], category) == 0)
                return true;
    return false;
}

int rules_mandatory_group(const rule_profile *p, const char *subject)
{
    if (!p || !subject)
        return -1;
    for (size_t g = 0; g < p->nmandatory; g++)
        for (size_t i = 0; p->mandatory[g][i]; i++)
            if (strcmp(p->mandatory[g][i], subject) == 0)
                return (int)g;
    return -1;
}

int rules_mark_for_percent(const rule_profile *p, double percent)
{
    if (!p || p->npercent_scale == 0 || !isfinite(percent) || percent < 0 || percent > 100)
        return -1;
    /* Bands are whole percents; a fractional percent belongs to the band whose
     * range [from, next.from) contains it, so 39.5 % is still below 40 %. */
    for (size_t i = 0; i < p->npercent_scale; i++) {
        const rule_scale_band *b = &p->percent_scale[i];
        double upper = i + 1 < p->npercent_scale ? p->percent_scale[i + 1].from : 100.0;
        if (percent >= b->from && (percent < upper || (i + 1 == p->npercent_scale)))
            return b->mark;
    }
    return -1;
}

const rule_threshold *rules_threshold(const rule_subject *s, const char *kind)
{
    if (!s || !kind)
        return NULL;
    for (size_t i = 0; i < s->nthresholds; i++)
        if (strcmp(s->thresholds[i].kind, kind) == 0)
            return &s->thresholds[i];
    return NULL;
}

bool rules_value_unconfirmed(const rule_profile *p, const char *key)
{
    if (!p || !key)
        return false;
    for (size_t i = 0; i < p->nunconfirmed; i++) {
        if (strcmp(p->unconfirmed[i], key) == 0)
            return true;
        /* "appeals" covers "appeals.scores_file_days" */
        size_t l = strlen(p->unconfirmed[i]);
        if (strncmp(key, p->unconfirmed[i], l) == 0 && key[l] == '.')
            return true;
    }
    return false;
}

const rule_marking *rules_marking(const rule_profile *p, const rule_subject *s)
{
    if (s && s->scoring.has_marking)
        return &s->scoring.marking;
    return &p->marking;
}
