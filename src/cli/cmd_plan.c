/* cmd_plan.c — `attest plan …`: roadmaps imported, tracked, reminded, exported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/date.h"
#include "doc/doc_plan.h"
#include "io/table.h"
#include "rules/calendar.h"
#include "store/store_plan.h"

/* Today, or $ATTEST_TODAY (YYYY-MM-DD) so that runs can be replayed. */
static at_date today_date(void)
{
    at_date d;
    const char *env = getenv("ATTEST_TODAY");
    if (env && date_parse_iso(env, &d))
        return d;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (at_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static bool is_open(const char *status)
{
    return strcmp(status, "done") != 0 && strcmp(status, "not_applicable") != 0;
}

static bool overdue(const store_measure_row *r, const char *today)
{
    return is_open(r->status) && r->due_on[0] && strcmp(r->due_on, today) < 0;
}

/* ---- collecting rows (the store hands out rows valid only during the call) ---- */
typedef struct {
    char *plan, *number, *title, *responsible, *bodies, *deadline_text, *deadline, *starts_on, *due_on, *status,
        *evidence, *section, *linked;
    long position;
    bool understood, overdue;
} measure;

typedef struct {
    measure *v;
    size_t n, cap;
    const char *today;
    bool only_overdue;
} measure_list;

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

static int collect(void *ctx, const store_measure_row *r, at_error *err)
{
    measure_list *l = ctx;
    bool od = overdue(r, l->today);
    if (l->only_overdue && !od)
        return AT_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        measure *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return at_fail(err, AT_ENOMEM, "plan", "out of memory");
        l->v = v;
        l->cap = cap;
    }
    char linked[128] = "";
    if (r->linked_plan[0])
        snprintf(linked, sizeof linked, "%s/%s", r->linked_plan, r->linked_number);
    l->v[l->n++] = (measure){dup(r->plan_code), dup(r->number), dup(r->title), dup(r->responsible), dup(r->bodies),
                             dup(r->deadline_text), dup(r->deadline), dup(r->starts_on), dup(r->due_on),
                             dup(r->status), dup(r->evidence), dup(r->section), dup(linked), r->position,
                             r->understood, od};
    return AT_OK;
}

static void list_free(measure_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        measure *m = &l->v[i];
        char *f[] = {m->plan, m->number, m->title, m->responsible, m->bodies, m->deadline_text, m->deadline,
                     m->starts_on, m->due_on, m->status, m->evidence, m->section, m->linked};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++)
            free(f[k]);
    }
    free(l->v);
}

static json_t *measure_json(const measure *m)
{
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "plan",
                     m->plan, "number", m->number, "position", (json_int_t)m->position, "section", m->section, "title",
                     m->title, "responsible", m->responsible, "bodies", m->bodies, "deadline_text", m->deadline_text,
                     "deadline_understood", m->understood, "deadline", m->deadline, "starts_on", m->starts_on, "due_on",
                     m->due_on, "overdue", m->overdue, "status", m->status, "evidence", m->evidence, "linked", m->linked);
}

typedef struct {
    const char *plan, *responsible, *out, *format;
    bool only_overdue;
    bool from_today; /* only what falls due today or later */
    long due_within; /* calendar days; < 0: no limit */
} plan_filter;

static int load_measures(cli_ctx *c, store *s, const plan_filter *f, measure_list *l, char today[11], at_error *err)
{
    at_date t = today_date();
    date_format_iso(t, today);
    char to[11];
    store_measure_query q = {.plan_code = f->plan, .body = f->responsible, .due_from = f->from_today ? today : NULL};
    if (f->due_within >= 0) {
        date_format_iso(date_add_days(t, f->due_within), to);
        q.due_to = to;
        q.open_only = true;
    }
    memset(l, 0, sizeof *l);
    l->today = today;
    l->only_overdue = f->only_overdue;
    return store_measures_each(s, &q, collect, l, err);
}

static const char *const SUBCOMMANDS = "plans, list, status, remind, rollup, ics, export, chart, cascade";

static int rollup_row(void *ctx, const store_rollup_row *r, at_error *err)
{
    json_t *arr = ctx;
    long open = r->measures - r->done - r->not_applicable;
    double pct = r->measures ? 100.0 * (double)r->done / (double)(r->measures - r->not_applicable > 0 ? r->measures - r->not_applicable : 1) : 0;
    if (arr)
        json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:f}", "group", r->group, "measures",
                                             (json_int_t)r->measures, "done", (json_int_t)r->done, "not_applicable",
                                             (json_int_t)r->not_applicable, "open", (json_int_t)open, "overdue",
                                             (json_int_t)r->overdue, "done_percent", pct));
    else
        printf("%-60s %5ld measures %5ld done (%5.1f %%) %5ld overdue\n", r->group, r->measures, r->done, pct,
               r->overdue);
    return AT_OK;
}

static int plan_plans_row(void *ctx, const store_plan_row *r, at_error *err)
{
    json_t *arr = ctx;
    if (arr)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "code", r->code, "title",
                                             r->title, "language", r->language, "level", r->level, "territory",
                                             r->territory, "measures", (json_int_t)r->measures, "done",
                                             (json_int_t)r->done, "deadlines_understood", (json_int_t)r->understood,
                                             "linked", r->linked_code));
    else
        printf("%-26s %-2s %-12s %4ld measures, %4ld done, %4ld deadlines understood%s%s  %s\n", r->code, r->language, r->level,
               r->measures, r->done, r->understood, r->linked_code[0] ? ", linked to " : "", r->linked_code, r->title);
    return AT_OK;
}

static void print_measure(const measure *m)
{
    printf("%s %s  [%s]  до %s\n    %s\n    срок: %s%s\n", m->plan, m->number, m->overdue ? "ПРОСРОЧЕНО" : m->status,
           m->due_on[0] ? m->due_on : "—", m->title, m->deadline_text, m->understood ? "" : "  (срок не распознан)");
    if (m->responsible[0])
        printf("    ответственные: %s\n", m->responsible);
}

static int export_table(const measure_list *l, const plan_filter *f, at_error *err)
{
    table_write_opts o = {.format = strcmp(f->format ? f->format : "xlsx", "csv") == 0 ? TABLE_CSV : TABLE_XLSX,
                          .delimiter = ',', .bom = true, .sheet_name = "plan"};
    table_writer *w;
    int rc = table_create(f->out, &o, &w, err);
    if (rc != AT_OK)
        return rc;
    const char *hdr[] = {"план", "№", "раздел", "мероприятие", "ответственные", "срок (как в плане)", "срок",
                         "начало", "выполнить до", "статус", "просрочено", "подтверждение", "связано с"};
    rc = table_write_row(w, hdr, 13, true, err);
    for (size_t i = 0; i < l->n && rc == AT_OK; i++) {
        const measure *m = &l->v[i];
        const char *row[] = {m->plan, m->number, m->section, m->title, m->responsible, m->deadline_text,
                             m->deadline, m->starts_on, m->due_on, m->status, m->overdue ? "да" : "нет",
                             m->evidence, m->linked};
        rc = table_write_row(w, row, 13, false, err);
    }
    at_error ferr;
    int frc = table_finish(w, &ferr);
    if (rc == AT_OK && frc != AT_OK) {
        *err = ferr;
        rc = frc;
    }
    return rc;
}

static doc_plan_item *items_of(const measure_list *l, char ***keep)
{
    doc_plan_item *it = calloc(l->n ? l->n : 1, sizeof *it);
    *keep = calloc(l->n ? l->n * 2 : 1, sizeof **keep);
    if (!it || !*keep)
        return it;
    for (size_t i = 0; i < l->n; i++) {
        const measure *m = &l->v[i];
        char uid[256], desc[2048];
        snprintf(uid, sizeof uid, "%s/%ld@attest", m->plan, m->position);
        snprintf(desc, sizeof desc, "%s%sСрок: %s\nСтатус: %s", m->responsible, m->responsible[0] ? "\n" : "",
                 m->deadline_text, m->overdue ? "просрочено" : m->status);
        (*keep)[2 * i] = strdup(uid);
        (*keep)[2 * i + 1] = strdup(desc);
        it[i] = (doc_plan_item){(*keep)[2 * i], m->number, m->title, (*keep)[2 * i + 1], m->deadline_text,
                                m->starts_on, m->due_on, m->status, m->overdue};
    }
    return it;
}

static void items_free(doc_plan_item *it, char **keep, size_t n)
{
    for (size_t i = 0; keep && i < 2 * n; i++)
        free(keep[i]);
    free(keep);
    free(it);
}

typedef struct {
    char body[256];
    size_t idx;
} remind_entry;

static int cmp_remind(const void *a, const void *b)
{
    const remind_entry *x = a, *y = b;
    int c = strcmp(x->body, y->body);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static int plan_remind(cli_ctx *c, store *s, const measure_list *l, int wdays, const char *until, at_error *err)
{
    /* one entry per (body, measure): a measure shared by bodies reminds each */
    size_t cap = 0, n = 0;
    remind_entry *v = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const measure *m = &l->v[i];
        const char *src = m->bodies[0] ? m->bodies : m->responsible[0] ? m->responsible : "(ответственный не указан)";
        char buf[2048];
        snprintf(buf, sizeof buf, "%s", src);
        char *save = NULL;
        for (char *b = strtok_r(buf, ";", &save); b; b = strtok_r(NULL, ";", &save)) {
            while (*b == ' ')
                b++;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                remind_entry *nv = realloc(v, cap * sizeof *nv);
                if (!nv) {
                    free(v);
                    return at_fail(err, AT_ENOMEM, "remind", "out of memory");
                }
                v = nv;
            }
            snprintf(v[n].body, sizeof v[n].body, "%s", b);
            v[n++].idx = i;
            if (!m->bodies[0])
                break; /* unrecognised text stays whole */
        }
    }
    qsort(v, n, sizeof *v, cmp_remind);
    json_t *groups = json_array();
    json_t *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        const measure *m = &l->v[v[i].idx];
        bool first = i == 0 || strcmp(v[i].body, v[i - 1].body) != 0;
        if (c->json) {
            if (first) {
                cur = json_array();
                json_array_append_new(groups, json_pack("{s:s, s:o}", "responsible", v[i].body, "measures", cur));
            }
            json_array_append_new(cur, measure_json(m));
        } else {
            if (first)
                printf("\n%s\n", v[i].body);
            printf("  %s %-8s до %s%s  %s\n", m->plan, m->number, m->due_on, m->overdue ? " (просрочено)" : "",
                   m->title);
        }
    }
    if (c->json)
        cli_print_json(json_pack("{s:i, s:s, s:o}", "working_days", wdays, "until", until, "groups", groups));
    else {
        json_decref(groups);
        if (!n)
            printf("nothing falls due within %d working days (until %s)\n", wdays, until);
    }
    free(v);
    (void)s;
    return AT_OK;
}

int cmd_plan(cli_ctx *c, int argc, char **argv, at_error *err)
{
    plan_filter f = {.due_within = -1};
    f.plan = cli_opt(&argc, argv, "--plan");
    f.responsible = cli_opt(&argc, argv, "--responsible");
    f.out = cli_opt(&argc, argv, "-o");
    if (!f.out)
        f.out = cli_opt(&argc, argv, "--output");
    f.format = cli_opt(&argc, argv, "--format");
    f.only_overdue = cli_flag(&argc, argv, "--overdue");
    const char *within = cli_opt(&argc, argv, "--due-within");
    const char *wdays_s = cli_opt(&argc, argv, "--working-days");
    const char *evidence = cli_opt(&argc, argv, "--evidence");
    const char *to_level = cli_opt(&argc, argv, "--to");
    const char *by = cli_opt(&argc, argv, "--by");
    if (within)
        f.due_within = atol(within);
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (!sub)
        return at_fail(err, AT_EUSAGE, "plan", "which subcommand? one of: %s", SUBCOMMANDS);
    if (strcmp(sub, "import") == 0)
        return cmd_plan_import(c, argc - 1, argv + 1, err);
    int rc = cli_no_unknown(argc, argv, "plan", err);
    if (rc != AT_OK)
        return rc;
    /* a positional plan code after the subcommand */
    if (!f.plan && argc > 2 && strcmp(sub, "status") != 0)
        f.plan = argv[2];
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    measure_list l = {0};
    char today[11];
    if (strcmp(sub, "plans") == 0) {
        json_t *arr = c->json ? json_array() : NULL;
        rc = store_plans_each(s, plan_plans_row, arr, err);
        if (arr && rc == AT_OK)
            cli_print_json(arr);
        else
            json_decref(arr);
    } else if (strcmp(sub, "list") == 0) {
        if ((rc = load_measures(c, s, &f, &l, today, err)) == AT_OK) {
            if (c->json) {
                json_t *arr = json_array();
                for (size_t i = 0; i < l.n; i++)
                    json_array_append_new(arr, measure_json(&l.v[i]));
                cli_print_json(arr);
            } else
                for (size_t i = 0; i < l.n; i++)
                    print_measure(&l.v[i]);
        }
    } else if (strcmp(sub, "status") == 0) {
        if (argc < 5)
            rc = at_fail(err, AT_EUSAGE, "plan status", "expected: plan status PLAN NUMBER STATUS [--evidence TEXT]");
        else if ((rc = store_begin(s, err)) == AT_OK) {
            rc = store_plan_set_status(s, argv[2], argv[3], argv[4], evidence, err);
            rc = rc == AT_OK ? store_commit(s, err) : (store_rollback(s), rc);
            if (rc == AT_OK && !c->json)
                printf("%s %s: %s\n", argv[2], argv[3], argv[4]);
            else if (rc == AT_OK)
                cli_print_json(json_pack("{s:s, s:s, s:s, s:s}", "plan", argv[2], "number", argv[3], "status", argv[4],
                                         "evidence", evidence ? evidence : ""));
        }
    } else if (strcmp(sub, "remind") == 0) {
        char country[8] = "ru";
        at_error ignore;
        store_meta_get(s, "country", country, sizeof country, &ignore);
        calendar *cal = NULL;
        int wdays = wdays_s ? atoi(wdays_s) : 5;
        at_date t = today_date(), until;
        if ((rc = calendar_load_builtin(country, &cal, err)) == AT_OK &&
            (rc = calendar_add_working_days(cal, t, wdays, &until, err)) == AT_OK) {
            f.due_within = date_to_days(until) - date_to_days(t);
            f.from_today = true; /* overdue work is for plan list --overdue */
            char u[11];
            date_format_iso(until, u);
            if ((rc = load_measures(c, s, &f, &l, today, err)) == AT_OK)
                rc = plan_remind(c, s, &l, wdays, u, err);
        }
        calendar_free(cal);
    } else if (strcmp(sub, "ics") == 0 || strcmp(sub, "export") == 0 || strcmp(sub, "chart") == 0) {
        if (!f.out)
            rc = at_fail(err, AT_EUSAGE, "plan", "-o FILE is required");
        else if ((rc = load_measures(c, s, &f, &l, today, err)) == AT_OK) {
            if (sub[0] == 'e')
                rc = export_table(&l, &f, err);
            else {
                char **keep = NULL;
                doc_plan_item *it = items_of(&l, &keep);
                char title[512];
                snprintf(title, sizeof title, "attest: %s%s%s", f.plan ? f.plan : "все планы",
                         f.responsible ? " — " : "", f.responsible ? f.responsible : "");
                rc = !it || !keep ? at_fail(err, AT_ENOMEM, "plan", "out of memory")
                     : sub[0] == 'i' ? doc_plan_ics(f.out, title, it, l.n, err)
                                     : doc_plan_chart_svg(f.out, title, today, it, l.n, err);
                items_free(it, keep, l.n);
            }
            if (rc == AT_OK) {
                if (c->json)
                    cli_print_json(json_pack("{s:s, s:s, s:I}", "status", "ok", "file", f.out, "measures", (json_int_t)l.n));
                else
                    printf("%zu measures written to %s\n", l.n, f.out);
            }
        }
    } else if (strcmp(sub, "rollup") == 0) {
        date_format_iso(today_date(), today);
        json_t *arr = c->json ? json_array() : NULL;
        rc = store_plan_rollup(s, by ? by : "body", today, rollup_row, arr, err);
        if (arr && rc == AT_OK)
            cli_print_json(arr);
        else
            json_decref(arr);
    } else if (strcmp(sub, "cascade") == 0) {
        long made = 0;
        if (!f.plan || !to_level)
            rc = at_fail(err, AT_EUSAGE, "plan cascade", "expected: plan cascade PLAN --to municipality|school");
        else if ((rc = store_begin(s, err)) == AT_OK) {
            rc = store_plan_cascade(s, f.plan, to_level, &made, err);
            rc = rc == AT_OK ? store_commit(s, err) : (store_rollback(s), rc);
            if (rc == AT_OK)
                printf("%ld %s plans made from %s\n", made, to_level, f.plan);
        }
    } else
        rc = at_fail(err, AT_EUSAGE, "plan", "no subcommand \"%s\"; expected one of: import, %s", sub, SUBCOMMANDS);
    list_free(&l);
    store_close(s);
    return rc;
}
