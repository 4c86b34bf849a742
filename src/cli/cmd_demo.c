/* cmd_demo.c — `attest demo`: a plausible region in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo/demo.h"

typedef struct {
    store *s;
    store_writer *w[16];
    long counts[16];
    cli_progress bar;
} demo_sink;

static size_t entity_slot(const entity_def *e)
{
    for (size_t i = 0; i < entity_count; i++)
        if (entity_all[i] == e)
            return i;
    return entity_count;
}

static int sink_put(void *ctx, const entity_def *e, const char *const *values, at_error *err)
{
    demo_sink *d = ctx;
    size_t i = entity_slot(e);
    if (i >= entity_count)
        return at_fail(err, AT_EINTERNAL, "demo", "unknown entity");
    if (!d->w[i]) {
        /* the database is empty: secondary indexes are built once, at commit */
        int rc = store_bulk_begin(d->s, e, false, err); /* keys stay: rows reference each other */
        if (rc == AT_OK)
            rc = store_writer_open(d->s, e, &d->w[i], err);
        if (rc != AT_OK)
            return rc;
    }
    d->counts[i]++;
    return store_writer_put(d->w[i], values, NULL, err);
}

static int ignore_row(void *ctx, const entity_def *e, const char *const *values, at_error *err)
{
    return AT_OK;
}

/* The shipped schedule's exam days, so that no demo participant chooses two
 * subjects examined on one day. */
typedef struct {
    demo_exam_day *v;
    size_t n, cap;
} day_list;

static int collect_day(void *ctx, const entity_def *e, const char *const *values, at_error *err)
{
    day_list *l = ctx;
    int ig = entity_field_index(e, "grade"), is = entity_field_index(e, "subject"), iff = entity_field_index(e, "form"),
        id = entity_field_index(e, "date"), ip = entity_field_index(e, "period"), ir = entity_field_index(e, "reserve");
    if (strcmp(values[ip], "main") != 0 || strcmp(values[ir], "1") == 0)
        return AT_OK;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        demo_exam_day *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv)
            return at_fail(err, AT_ENOMEM, "demo", "out of memory");
        l->v = nv, l->cap = nc;
    }
    demo_exam_day *x = &l->v[l->n];
    x->grade = atoi(values[ig]);
    x->subject = strdup(values[is]);
    x->form = strdup(values[iff]);
    x->date = strdup(values[id]);
    if (!x->subject || !x->form || !x->date)
        return at_fail(err, AT_ENOMEM, "demo", "out of memory");
    l->n++;
    return AT_OK;
}

static void day_list_free(day_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free((char *)l->v[i].subject), free((char *)l->v[i].form), free((char *)l->v[i].date);
    free(l->v);
}

static void sink_progress(void *ctx, long done, long total)
{
    demo_sink *d = ctx;
    cli_progress_update(&d->bar, done, total);
}

int cmd_demo(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *country = cli_opt(&argc, argv, "--country");
    const char *count = cli_opt(&argc, argv, "--participants");
    const char *seed = cli_opt(&argc, argv, "--seed");
    const char *year_s = cli_opt(&argc, argv, "--year");
    bool no_results = cli_flag(&argc, argv, "--no-results");
    int rc = cli_no_unknown(argc, argv, "demo", err);
    if (rc != AT_OK)
        return rc;
    if (!country)
        return at_fail(err, AT_EUSAGE, "demo", "--country ru|kz is required");
    char *end;
    long n = count ? strtol(count, &end, 10) : 2000;
    if (count && (*end || n < 1 || n > 20000000))
        return at_fail(err, AT_EUSAGE, "--participants", "\"%s\": expected a number from 1 to 20000000", count);
    unsigned long long sd = seed ? strtoull(seed, &end, 10) : 1;
    if (seed && *end)
        return at_fail(err, AT_EUSAGE, "--seed", "\"%s\": expected a whole number", seed);
    int year = year_s ? atoi(year_s) : cli_current_exam_year();
    if (!year_s) {
        /* a demo needs exam days: without a shipped schedule for the coming
         * exam year, take the latest year that has one (last season) */
        at_error none;
        long rows = 0;
        for (int y = year; y >= year - 1; y--)
            if (cli_schedule_builtin_rows(country, y, ignore_row, NULL, &rows, &none) != AT_ENOTFOUND) {
                if (y != year && !c->json)
                    fprintf(stderr, "note: no exam schedule is shipped for %s %d yet; the demo is of %d, the "
                            "latest year with one (--year to choose)\n", country, year, y);
                year = y;
                break;
            }
    }

    if (access(c->db, F_OK) != 0 && (rc = cli_init_database(c->db, country, year, NULL, err)) != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    char have_country[16] = "", have_year[16] = "";
    at_error ignore;
    store_meta_get(s, "country", have_country, sizeof have_country, &ignore);
    store_meta_get(s, "year", have_year, sizeof have_year, &ignore);
    long existing = 0;
    rc = store_count(s, entity_find("participants"), NULL, &existing, err);
    if (rc == AT_OK && strcmp(have_country, country) != 0)
        rc = at_fail(err, AT_EINPUT, c->db, "this database is for country %s, not %s", have_country, country);
    if (rc == AT_OK && existing > 0)
        rc = at_fail(err, AT_EINPUT, c->db, "already holds %ld participants; demo fills an empty database (use another --db)", existing);
    year = atoi(have_year);

    rule_profile *prof[2] = {NULL, NULL};
    for (int g = 0; g < 2 && rc == AT_OK; g++) {
        char *json = NULL;
        rc = store_profile_get(s, g ? 11 : 9, &json, err);
        if (rc == AT_OK)
            rc = rules_parse(json, strlen(json), "stored profile", &prof[g], err);
        free(json);
    }
    demo_sink d = {.s = s};
    day_list days = {0};
    long nexams = 0;
    demo_results_report res = {0};
    if (rc == AT_OK) {
        at_error none;
        long ndays = 0;
        int k = cli_schedule_builtin_rows(country, year, collect_day, &days, &ndays, &none);
        if (k != AT_OK && k != AT_ENOTFOUND)
            rc = k, *err = none;
    }
    if (rc == AT_OK)
        rc = store_begin(s, err);
    if (rc == AT_OK) {
        demo_opts o = {.country = country, .year = year, .participants = n, .seed = sd, .grade9 = prof[0],
                       .grade11 = prof[1], .days = days.v, .ndays = days.n};
        cli_progress_start(&d.bar, "generating", c->json);
        rc = demo_generate(&o, sink_put, sink_progress, &d, err);
        cli_progress_end(&d.bar);
        /* the shipped exam schedule of the year, so the region has exam days */
        if (rc == AT_OK) {
            at_error none;
            rc = cli_schedule_builtin_rows(country, year, sink_put, &d, &nexams, &none);
            if (rc == AT_ENOTFOUND) {
                rc = AT_OK;
                if (!c->json)
                    fprintf(stderr, "note: %s\n", none.msg);
            } else if (rc != AT_OK)
                *err = none;
        }
        char sbuf[32];
        snprintf(sbuf, sizeof sbuf, "%llu", sd);
        if (rc == AT_OK)
            rc = store_meta_set(s, "demo_seed", sbuf, err);
        long total = 0;
        for (size_t i = 0; i < entity_count; i++)
            total += d.counts[i];
        if (rc == AT_OK)
            rc = store_log_change(s, "demo", NULL, sbuf, NULL, total, 0, 0, err);
        for (size_t i = 0; i < entity_count; i++)
            store_writer_close(d.w[i]);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    /* then the results cycle of its exams, through the score module: one
     * transaction per step, as an operator would run them */
    bool results = rc == AT_OK && !no_results && nexams > 0;
    if (results) {
        cli_progress_start(&d.bar, "results", c->json);
        rc = demo_results(s, sd, sink_progress, &d, &res, err);
        cli_progress_end(&d.bar);
    }
    day_list_free(&days);
    rules_free(prof[0]);
    rules_free(prof[1]);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    if (c->json) {
        json_t *counts = json_object();
        for (size_t i = 0; i < entity_count; i++)
            json_object_set_new(counts, entity_all[i]->name, json_integer(d.counts[i]));
        json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:I, s:o}", "status", "ok", "database", c->db, "country", country,
                              "year", year, "seed", (json_int_t)sd, "counts", counts);
        if (results)
            json_object_set_new(
                o, "results",
                json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
                          " s:{s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:I, s:s}",
                          "exams", (json_int_t)res.exams, "papers", (json_int_t)res.papers, "paper_items",
                          (json_int_t)res.paper_items, "sheets", (json_int_t)res.sheets, "absent", (json_int_t)res.absent,
                          "removed", (json_int_t)res.removed, "not_finished", (json_int_t)res.not_finished,
                          "retake_sheets", (json_int_t)res.retake_sheets, "works", (json_int_t)res.works, "marks",
                          (json_int_t)res.marks, "third_checks", (json_int_t)res.third_checks, "published",
                          (json_int_t)res.published, "procedure_appeals", "upheld",
                          (json_int_t)res.appeals_procedure[0], "rejected", (json_int_t)res.appeals_procedure[1],
                          "scores_appeals", "up", (json_int_t)res.appeals_scores[0], "down",
                          (json_int_t)res.appeals_scores[1], "kept", (json_int_t)res.appeals_scores[2], "rejected",
                          (json_int_t)res.appeals_scores[3], "late_refused", (json_int_t)res.appeals_late_refused,
                          "late_message", res.late_message));
        cli_print_json(o);
    } else {
        printf("demo region (%s, exam year %d, seed %llu) written to %s:\n", country, year, sd, c->db);
        for (size_t i = 0; i < entity_count; i++)
            printf("  %-15s %ld\n", entity_all[i]->name, d.counts[i]);
        if (results) {
            printf("results of %ld exams (reserve days included), %ld variants, %ld items:\n", res.exams, res.papers,
                   res.paper_items);
            printf("  answer sheets   %ld (absent %ld, removed %ld, not finished %ld; %ld sat on reserve days)\n",
                   res.sheets, res.absent, res.removed, res.not_finished, res.retake_sheets);
            printf("  expert works    %ld (%ld marks, %ld third checks)\n", res.works, res.marks, res.third_checks);
            printf("  published       %ld\n", res.published);
            printf("  appeals         procedure: %ld upheld, %ld rejected; scores: %ld up, %ld down, %ld kept, "
                   "%ld rejected; %ld filed late and refused\n",
                   res.appeals_procedure[0], res.appeals_procedure[1], res.appeals_scores[0], res.appeals_scores[1],
                   res.appeals_scores[2], res.appeals_scores[3], res.appeals_late_refused);
            if (res.late_message[0])
                printf("  the late one    %s\n", res.late_message);
            printf("  try: attest results list --exam CODE, attest appeal list, attest results recompute --check\n");
        }
    }
    return AT_OK;
}
