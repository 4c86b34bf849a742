/* cmd_plan_import.c — `attest plan import`: a published plan into the database,
 * its deadlines parsed, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan/deadline.h"
#include "plan/plan_table.h"
#include "store/store_plan.h"

static const char *const LEVELS[] = {"region", "municipality", "school", NULL};

/* "plans/003_abc.txt" → "003_abc" */
static void base_code(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    snprintf(out, n, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = 0;
}

static const char *body_kind(plan_body_kind k)
{
    return k == PLAN_BODY_PERSON ? "person" : k == PLAN_BODY_ROLE ? "role" : k == PLAN_BODY_ORG ? "body" : "other";
}

typedef struct {
    plan_deadline dl;
    char canonical[512], starts[11], due[11];
    const char **bodies;
} parsed_measure;

int cmd_plan_import(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *level = cli_opt(&argc, argv, "--level");
    const char *territory = cli_opt(&argc, argv, "--territory");
    const char *year = cli_opt(&argc, argv, "--year");
    const char *code_opt = cli_opt(&argc, argv, "--code");
    bool dry = cli_flag(&argc, argv, "--dry-run");
    int rc = cli_no_unknown(argc, argv, "plan import", err);
    if (rc != AT_OK)
        return rc;
    if (argc < 2)
        return at_fail(err, AT_EUSAGE, "plan import", "which file?");
    if (!level)
        return at_fail(err, AT_EUSAGE, "plan import", "--level region|municipality|school is required");
    bool level_ok = false;
    for (int i = 0; LEVELS[i]; i++)
        level_ok |= strcmp(LEVELS[i], level) == 0;
    if (!level_ok)
        return at_fail(err, AT_EUSAGE, "--level", "\"%s\": expected region, municipality or school", level);
    int year_opt = 0;
    if (year && (sscanf(year, "%d", &year_opt) != 1 || year_opt < 2000 || year_opt > 2100))
        return at_fail(err, AT_EUSAGE, "--year", "\"%s\": expected an academic year such as 2025-2026", year);
    const char *path = argv[1];

    plan_set *set = NULL;
    if ((rc = plan_table_read(path, &set, err)) != AT_OK)
        return rc;
    store *s = NULL;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK) {
        plan_set_free(set);
        return rc;
    }
    /* the directory of bodies first: measures link to it by code */
    store_body *bodies = calloc(set->nbodies ? set->nbodies : 1, sizeof *bodies);
    for (size_t i = 0; bodies && i < set->nbodies; i++)
        bodies[i] = (store_body){set->bodies[i].code, set->bodies[i].name, body_kind(set->bodies[i].kind)};
    rc = bodies ? store_begin(s, err) : at_fail(err, AT_ENOMEM, path, "out of memory");
    if (rc == AT_OK)
        rc = store_plan_bodies_put(s, bodies, set->nbodies, err);

    json_t *report = json_array();
    long *ids = calloc(set->ndocs, sizeof *ids);
    char base[256];
    base_code(path, base, sizeof base);
    for (size_t d = 0; d < set->ndocs && rc == AT_OK; d++) {
        plan_doc *doc = &set->docs[d];
        int first_year = year_opt;
        if (!first_year && doc->academic_year[0])
            first_year = atoi(doc->academic_year);
        char code[300], ay[16] = "";
        const char *lang = plan_lang_code(doc->lang);
        /* one plan: the given code or the file's name; several: suffixed with the
         * language, and a number when a language occurs more than once */
        size_t same = 0, nth = 0;
        for (size_t k = 0; k < set->ndocs; k++)
            if (set->docs[k].lang == doc->lang) {
                same++;
                nth += k <= d;
            }
        if (set->ndocs == 1)
            snprintf(code, sizeof code, "%s", code_opt ? code_opt : base);
        else if (same > 1)
            snprintf(code, sizeof code, "%s-%s%zu", code_opt ? code_opt : base, lang[0] ? lang : "plan", nth);
        else
            snprintf(code, sizeof code, "%s-%s", code_opt ? code_opt : base, lang[0] ? lang : "plan");
        if (first_year)
            snprintf(ay, sizeof ay, "%d-%d", first_year, first_year + 1);
        parsed_measure *pm = calloc(doc->nmeasures ? doc->nmeasures : 1, sizeof *pm);
        store_measure *sm = calloc(doc->nmeasures ? doc->nmeasures : 1, sizeof *sm);
        char **sections = calloc(doc->nsections ? doc->nsections : 1, sizeof *sections);
        if (!pm || !sm || !sections) {
            rc = at_fail(err, AT_ENOMEM, path, "out of memory");
            free(pm), free(sm), free(sections);
            break;
        }
        for (size_t k = 0; k < doc->nsections; k++) {
            plan_section *sec = &doc->sections[k];
            size_t len = strlen(sec->number) + strlen(sec->title) + 4;
            sections[k] = malloc(len);
            if (sections[k])
                snprintf(sections[k], len, "%s%s%s", sec->number, sec->number[0] ? ". " : "", sec->title);
        }
        json_t *flagged = json_array(), *suspicious = json_array();
        long understood = 0;
        for (size_t i = 0; i < doc->nmeasures && rc == AT_OK; i++) {
            plan_measure *m = &doc->measures[i];
            parsed_measure *p = &pm[i];
            if ((rc = plan_deadline_parse(m->deadline, first_year, &p->dl, err)) != AT_OK)
                break;
            plan_deadline_format(&p->dl, p->canonical, sizeof p->canonical);
            at_date due, start = {9999, 12, 31};
            if (plan_deadline_due(&p->dl, &due))
                date_format_iso(due, p->due);
            for (size_t k = 0; k < p->dl.nparts; k++)
                if (date_valid(p->dl.parts[k].from) && date_compare(p->dl.parts[k].from, start) < 0)
                    start = p->dl.parts[k].from;
            if (start.y != 9999)
                date_format_iso(start, p->starts);
            p->bodies = calloc(m->nbodies ? m->nbodies : 1, sizeof *p->bodies);
            for (size_t k = 0; p->bodies && k < m->nbodies; k++)
                p->bodies[k] = set->bodies[m->bodies[k]].code;
            understood += p->dl.understood;
            if (!p->dl.understood && m->deadline[0])
                json_array_append_new(flagged, json_pack("{s:s, s:I, s:s}", "number", m->number, "line",
                                                         (json_int_t)m->line, "deadline", m->deadline));
            if (p->dl.understood && p->dl.warnings)
                json_array_append_new(
                    suspicious,
                    json_pack("{s:s, s:I, s:s, s:s}", "number", m->number, "line", (json_int_t)m->line, "deadline",
                              m->deadline, "warning",
                              p->dl.warnings & PLAN_DEADLINE_WARN_OUTSIDE_YEAR
                                  ? "a date outside the plan's academic year (a typo in the year?)"
                                  : "dates not in chronological order"));
            const char *kind = p->dl.nparts > 1 ? "several" : plan_deadline_kind_name(p->dl.parts[0].kind);
            sm[i] = (store_measure){m->section >= 0 && sections[m->section] ? sections[m->section] : "", m->number,
                                    m->title, m->responsible, m->form, m->deadline, p->canonical, kind,
                                    p->starts[0] ? p->starts : NULL, p->due[0] ? p->due : NULL, p->dl.understood,
                                    m->line, p->bodies, p->bodies ? m->nbodies : 0};
        }
        const char *title = doc->title[0] ? doc->title : doc->source_title[0] ? doc->source_title : code;
        store_plan sp = {code, title, lang[0] ? lang : "ru", level, territory, ay[0] ? ay : NULL,
                         doc->source_title, doc->source_date, doc->source_number, path, NULL};
        if (rc == AT_OK)
            rc = store_plan_put(s, &sp, sm, doc->nmeasures, &ids[d], err);
        json_array_append_new(report, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o}", "code", code,
                                                "language", lang, "title", doc->title, "source", doc->source_title,
                                                "source_date", doc->source_date, "academic_year", ay, "sections",
                                                (json_int_t)doc->nsections, "measures", (json_int_t)doc->nmeasures,
                                                "deadlines_understood", (json_int_t)understood, "not_understood",
                                                flagged, "check", suspicious));
        for (size_t i = 0; i < doc->nmeasures; i++) {
            plan_deadline_free(&pm[i].dl);
            free(pm[i].bodies);
        }
        for (size_t k = 0; k < doc->nsections; k++)
            free(sections[k]);
        free(sections);
        free(pm);
        free(sm);
    }
    /* twins: the same plan in Kazakh and Russian, linked measure by measure */
    for (size_t d = 0; d < set->ndocs && rc == AT_OK; d++)
        if (set->docs[d].twin > (long)d)
            rc = store_plan_link(s, ids[d], ids[set->docs[d].twin], err);
    if (rc == AT_OK)
        rc = store_log_change(s, "plan import", "plans", path, NULL, (long)set->ndocs, 0, 0, err);
    if (rc == AT_OK && !dry)
        rc = store_commit(s, err);
    else
        store_rollback(s);
    if (rc == AT_OK) {
        if (c->json)
            cli_print_json(json_pack("{s:s, s:s, s:b, s:I, s:O}", "status", "ok", "file", path, "dry_run", dry,
                                     "bodies", (json_int_t)set->nbodies, "plans", report));
        else {
            size_t i;
            json_t *p;
            json_array_foreach(report, i, p)
            {
                printf("%s %s: %s — %lld sections, %lld measures, deadlines understood %lld/%lld\n",
                       dry ? "checked" : "imported", json_string_value(json_object_get(p, "code")),
                       json_string_value(json_object_get(p, "language")),
                       (long long)json_integer_value(json_object_get(p, "sections")),
                       (long long)json_integer_value(json_object_get(p, "measures")),
                       (long long)json_integer_value(json_object_get(p, "deadlines_understood")),
                       (long long)json_integer_value(json_object_get(p, "measures")));
                size_t k;
                json_t *f;
                json_array_foreach(json_object_get(p, "not_understood"), k, f)
                printf("  %s:%lld: measure %s: deadline not understood, kept as written: \"%s\"\n", path,
                       (long long)json_integer_value(json_object_get(f, "line")),
                       json_string_value(json_object_get(f, "number")),
                       json_string_value(json_object_get(f, "deadline")));
                json_array_foreach(json_object_get(p, "check"), k, f)
                printf("  %s:%lld: measure %s: check the deadline \"%s\": %s\n", path,
                       (long long)json_integer_value(json_object_get(f, "line")),
                       json_string_value(json_object_get(f, "number")),
                       json_string_value(json_object_get(f, "deadline")),
                       json_string_value(json_object_get(f, "warning")));
            }
            printf("%zu responsible bodies in the directory\n", set->nbodies);
        }
    }
    json_decref(report);
    free(ids);
    free(bodies);
    plan_set_free(set);
    store_close(s);
    return rc;
}
