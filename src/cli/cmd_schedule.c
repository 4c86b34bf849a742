/* cmd_schedule.c — `attest schedule`: the exam schedule (расписание экзаменов).
 *   import FILE | --builtin [--dry-run]   registry import of exams + schedule checks
 *   list [--date D] [--grade N]           exams by date and time
 *   participant DOCUMENT                  one participant's sittings
 *   clashes                               same-day sittings, registrations without
 *                                         an exam, exams without registrations
 * Checks live in src/schedule (pure) and src/registry (the import); queries in
 * src/store/store_schedule.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "io/table.h"
#include "rules/rules.h"
#include "schedule/schedule.h"
#include "store/store_schedule.h"

#define GRADES 2

static int grade_slot(int grade)
{
    return grade == 9 ? 0 : grade == 11 ? 1 : -1;
}

/* ---- installation context: country, year, language, profiles ---- */
typedef struct {
    char country[8], lang[8];
    int year;
    rule_profile *prof[GRADES];
} install;

static int install_load(store *s, install *in, at_error *err)
{
    memset(in, 0, sizeof *in);
    at_error ignore;
    char buf[16] = "";
    if (store_meta_get(s, "country", in->country, sizeof in->country, &ignore) != AT_OK)
        snprintf(in->country, sizeof in->country, "ru");
    if (store_meta_get(s, "language", in->lang, sizeof in->lang, &ignore) != AT_OK)
        snprintf(in->lang, sizeof in->lang, "ru");
    if (store_meta_get(s, "year", buf, sizeof buf, &ignore) == AT_OK)
        in->year = atoi(buf);
    for (int g = 0; g < GRADES; g++) {
        char *json = NULL;
        if (store_profile_get(s, g ? 11 : 9, &json, &ignore) != AT_OK)
            continue;
        int rc = rules_parse(json, strlen(json), "stored profile", &in->prof[g], err);
        free(json);
        if (rc != AT_OK)
            return rc;
    }
    return AT_OK;
}

static void install_free(install *in)
{
    for (int g = 0; g < GRADES; g++)
        rules_free(in->prof[g]);
}

static const rule_profile *profile_of(const install *in, int grade)
{
    int g = grade_slot(grade);
    return g >= 0 ? in->prof[g] : NULL;
}

static const char *subject_name(const install *in, int grade, const char *code)
{
    const rule_profile *p = profile_of(in, grade);
    const rule_subject *s = p ? rules_subject(p, code) : NULL;
    if (!s)
        return code;
    return strcmp(in->lang, "kk") == 0 ? s->name_kk : strcmp(in->lang, "en") == 0 ? s->name_en : s->name_ru;
}

static const char *form_name(const install *in, int grade, const char *code)
{
    const rule_profile *p = profile_of(in, grade);
    const rule_exam_form *f = p ? rules_form(p, code) : NULL;
    if (!f)
        return code;
    return strcmp(in->lang, "kk") == 0 ? f->name_kk : strcmp(in->lang, "en") == 0 ? f->name_en : f->name_ru;
}

static void end_time(const char *start, int minutes, char out[6])
{
    int t;
    if (schedule_parse_time(start, &t))
        schedule_format_time(t + minutes, out);
    else
        snprintf(out, 6, "?");
}

/* ---- shipped schedules as a file ---- */
typedef struct {
    char path[4096];
    char dir[64];   /* temporary directory to remove, or "" */
} builtin_file;

/* The shipped schedule of country/year as a file: $ATTEST_DATA/schedules/NAME
 * when ATTEST_DATA is set, else the embedded copy written to a temporary
 * directory under its own name (so messages say "ru-2026.csv:12"). */
static int builtin_open(const char *country, int year, builtin_file *b, at_error *err)
{
    memset(b, 0, sizeof *b);
    const char *data = getenv("ATTEST_DATA");
    if (data && *data) {
        snprintf(b->path, sizeof b->path, "%s/schedules/%s-%d.csv", data, country, year);
        if (access(b->path, R_OK) != 0)
            return at_fail(err, AT_ENOTFOUND, b->path, "no exam schedule for %s %d under $ATTEST_DATA", country, year);
        return AT_OK;
    }
    const char *text;
    size_t len;
    int rc = schedule_builtin_text(country, year, &text, &len, err);
    if (rc != AT_OK)
        return rc;
    const char *tmp = getenv("TMPDIR");
    snprintf(b->dir, sizeof b->dir, "%.40s/attest-schedule.XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(b->dir)) {
        b->dir[0] = 0;
        return at_fail(err, AT_EINTERNAL, "schedule", "cannot make a temporary directory: %s", strerror(errno));
    }
    snprintf(b->path, sizeof b->path, "%s/%s-%d.csv", b->dir, country, year);
    FILE *f = fopen(b->path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        return at_fail(err, AT_EINTERNAL, b->path, "cannot write the shipped schedule: %s", strerror(errno));
    return AT_OK;
}

static void builtin_close(builtin_file *b)
{
    if (b->dir[0]) {
        unlink(b->path);
        rmdir(b->dir);
    }
}

int cli_schedule_builtin_rows(const char *country, int year, cli_row_put_fn put, void *ctx, long *rows,
                              at_error *err)
{
    *rows = 0;
    builtin_file b;
    int rc = builtin_open(country, year, &b, err);
    if (rc != AT_OK) {
        builtin_close(&b);
        return rc;
    }
    const entity_def *e = entity_find("exams");
    table_reader *tr = NULL;
    table_row row;
    int col_field[ENTITY_MAX_FIELDS * 2];
    size_t ncols = 0;
    if ((rc = table_open(b.path, &tr, err)) == AT_OK && (rc = table_next(tr, &row, err)) == AT_OK) {
        ncols = row.ncells < ENTITY_MAX_FIELDS * 2 ? row.ncells : ENTITY_MAX_FIELDS * 2;
        for (size_t i = 0; i < ncols; i++)
            col_field[i] = entity_match_header(e, row.cells[i]);
    }
    static char vals[ENTITY_MAX_FIELDS][256];
    const char *vp[ENTITY_MAX_FIELDS];
    char expected[512];
    while (rc == AT_OK && (rc = table_next(tr, &row, err)) == AT_OK) {
        for (size_t f = 0; f < e->nfields; f++) {
            vals[f][0] = 0;
            vp[f] = vals[f];
        }
        for (size_t i = 0; i < ncols && i < row.ncells && rc == AT_OK; i++) {
            int f = col_field[i];
            if (f >= 0 && entity_normalize(&e->fields[f], row.cells[i], vals[f], sizeof vals[f], expected,
                                           sizeof expected) != AT_OK)
                rc = at_fail(err, AT_EINTERNAL, b.path, "line %ld: shipped schedule is malformed: %s", row.line,
                             expected);
        }
        if (rc == AT_OK && (rc = put(ctx, e, vp, err)) == AT_OK)
            (*rows)++;
    }
    if (rc == AT_ENOTFOUND)
        rc = AT_OK;
    table_close(tr);
    builtin_close(&b);
    return rc;
}

/* ---- import ---- */
static int schedule_import(cli_ctx *c, int argc, char **argv, at_error *err)
{
    bool builtin = cli_flag(&argc, argv, "--builtin");
    bool dry = cli_flag(&argc, argv, "--dry-run");
    const char *max = cli_opt(&argc, argv, "--max-errors");
    int rc = cli_no_unknown(argc, argv, "schedule import", err);
    if (rc != AT_OK)
        return rc;
    if (builtin == (argc > 1))
        return at_fail(err, AT_EUSAGE, "schedule import", "give a FILE or --builtin (not both)");
    builtin_file b = {{0}, {0}};
    const char *path = argc > 1 ? argv[1] : NULL;
    if (builtin) {
        store *s;
        if ((rc = cli_open_store(c, &s, err)) != AT_OK)
            return rc;
        install in;
        rc = install_load(s, &in, err);
        store_close(s);
        install_free(&in);
        if (rc == AT_OK)
            rc = builtin_open(in.country, in.year, &b, err);
        if (rc != AT_OK) {
            builtin_close(&b);
            return rc;
        }
        path = b.path;
    }
    /* the registry import does the work: types, references, duplicates, the
     * profile checks of src/schedule — all in one transaction */
    char *args[8];
    int n = 0;
    args[n++] = "import";
    args[n++] = "exams";
    args[n++] = (char *)path;
    if (dry)
        args[n++] = "--dry-run";
    if (max) {
        args[n++] = "--max-errors";
        args[n++] = (char *)max;
    }
    args[n] = NULL;
    rc = cmd_import(c, n, args, err);
    builtin_close(&b);
    return rc;
}

/* ---- list ---- */
typedef struct {
    cli_ctx *c;
    install *in;
    json_t *arr;
    long n;
} list_ctx;

static int list_row(void *ctx, const store_exam *x, at_error *err)
{
    list_ctx *l = ctx;
    char end[6];
    end_time(x->start_time, x->duration_minutes, end);
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b}",
                                                "code", x->code, "date", x->date, "start_time", x->start_time,
                                                "grade", x->grade, "subject", x->subject, "subject_name",
                                                subject_name(l->in, x->grade, x->subject), "form", x->form,
                                                "room_kind", x->room_kind, "end_time", end, "duration_minutes",
                                                x->duration_minutes, "period", x->period, "reserve", x->reserve));
        return AT_OK;
    }
    printf("%s %s–%s  %2d  %-14s %-5s %-9s %-10s %-8s %s\n", x->date, x->start_time, end, x->grade, x->subject,
           x->form, strcmp(x->room_kind, "regular") == 0 ? "" : x->room_kind, x->period,
           x->reserve ? "reserve" : "", subject_name(l->in, x->grade, x->subject));
    return AT_OK;
}

static int schedule_list(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    const char *grade_s = cli_opt(&argc, argv, "--grade");
    int rc = cli_no_unknown(argc, argv, "schedule list", err);
    if (rc != AT_OK)
        return rc;
    int grade = grade_s ? atoi(grade_s) : 0;
    if (grade_s && grade != 9 && grade != 11)
        return at_fail(err, AT_EUSAGE, "--grade", "\"%s\": expected 9 or 11", grade_s);
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    install in;
    list_ctx l = {.c = c, .in = &in, .arr = c->json ? json_array() : NULL};
    if ((rc = install_load(s, &in, err)) == AT_OK)
        rc = store_exams_each(s, date, grade, list_row, &l, err);
    store_close(s);
    install_free(&in);
    if (rc != AT_OK) {
        json_decref(l.arr);
        return rc;
    }
    if (l.arr)
        cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)l.n, "exams", l.arr));
    else if (l.n == 0)
        printf("no exams%s%s (import a schedule: attest schedule import FILE | --builtin)\n", date ? " on " : "",
               date ? date : "");
    else
        printf("%ld exam%s\n", l.n, l.n == 1 ? "" : "s");
    return AT_OK;
}

/* ---- one participant ---- */
typedef struct {
    install *in;
    const rule_profile *p;
    json_t *arr;
    long n;
} part_ctx;

static int part_row(void *ctx, const store_sitting *st, at_error *err)
{
    part_ctx *pc = ctx;
    const store_exam *x = &st->exam;
    int minutes = schedule_sitting_minutes(x->duration_minutes, pc->p, st->ovz_conditions);
    char end[6];
    end_time(x->start_time, minutes, end);
    pc->n++;
    const char *sname = subject_name(pc->in, x->grade, x->subject);
    const char *fname = form_name(pc->in, x->grade, x->form);
    if (pc->arr) {
        json_array_append_new(pc->arr, json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "exam",
                                                 x->code, "date", x->date, "start_time", x->start_time, "end_time",
                                                 end, "minutes", minutes, "subject", x->subject, "subject_name",
                                                 sname, "form", x->form, "form_name", fname, "room_kind",
                                                 x->room_kind));
        return AT_OK;
    }
    printf("  %s %s–%s  %s — %s%s%s, %d min%s\n", x->date, x->start_time, end, sname, fname,
           strcmp(x->room_kind, "speaking") == 0 ? ", speaking part" : "",
           strcmp(x->room_kind, "computer") == 0 ? ", computer-based" : "", minutes,
           minutes != x->duration_minutes ? " (ОВЗ: extended time)" : "");
    return AT_OK;
}

static int schedule_participant(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "schedule participant", err);
    if (rc != AT_OK)
        return rc;
    if (argc < 2)
        return at_fail(err, AT_EUSAGE, "schedule participant", "whose schedule? give the participant's document");
    const char *doc = argv[1];
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    install in;
    store_lookup *lk = NULL;
    part_ctx pc = {.in = &in, .arr = c->json ? json_array() : NULL};
    char name[512] = "";
    int grade = 0;
    if ((rc = install_load(s, &in, err)) == AT_OK)
        rc = store_lookup_open(s, entity_find("participants"), &lk, err);
    if (rc == AT_OK) {
        const char *key[1] = {doc}, *row[ENTITY_MAX_FIELDS];
        bool found = false;
        rc = store_lookup_get(lk, key, &found, row, err);
        if (rc == AT_OK && !found)
            rc = at_fail(err, AT_ENOTFOUND, doc, "no participant with this document");
        if (rc == AT_OK) {
            snprintf(name, sizeof name, "%s %s%s%s", row[P_LAST_NAME], row[P_FIRST_NAME],
                     row[P_MIDDLE_NAME][0] ? " " : "", row[P_MIDDLE_NAME]);
            grade = atoi(row[P_GRADE]);
            pc.p = profile_of(&in, grade);
        }
    }
    if (rc == AT_OK && !pc.arr)
        printf("%s (%s), grade %d:\n", name, doc, grade);
    if (rc == AT_OK)
        rc = store_sittings_each(s, NULL, doc, part_row, &pc, err);
    store_lookup_close(lk);
    store_close(s);
    install_free(&in);
    if (rc != AT_OK) {
        json_decref(pc.arr);
        return rc;
    }
    if (pc.arr)
        cli_print_json(json_pack("{s:s, s:s, s:i, s:o}", "document", doc, "name", name, "grade", grade, "exams",
                                 pc.arr));
    else if (pc.n == 0)
        printf("  no exams in the schedule match this participant's registrations\n");
    return AT_OK;
}

/* ---- clashes ---- */
#define CLASH_GROUP_MAX 64 /* sittings of one participant considered */

typedef struct {
    char exam[64], date[16];
    int start, minutes;
    char start_s[8];
} held_sitting;

typedef struct {
    install *in;
    bool json;
    json_t *clashes, *unscheduled, *unused;
    char doc[128];
    held_sitting held[CLASH_GROUP_MAX];
    size_t nheld;
    long nclashes, nclash_participants, nunscheduled, nunscheduled_groups, nunused;
} clash_ctx;

static void clash_found(void *ctx, size_t i, size_t j, bool overlap)
{
    clash_ctx *cc = ctx;
    held_sitting *a = &cc->held[i], *b = &cc->held[j];
    char ea[6], eb[6];
    schedule_format_time(a->start + a->minutes, ea);
    schedule_format_time(b->start + b->minutes, eb);
    cc->nclashes++;
    if (cc->json)
        json_array_append_new(cc->clashes, json_pack("{s:s, s:s, s:s, s:s, s:b}", "document", cc->doc, "date",
                                                     a->date, "exam", a->exam, "other_exam", b->exam, "overlap",
                                                     overlap));
    else
        printf("clash: %s on %s: %s %s–%s and %s %s–%s%s\n", cc->doc, a->date, a->exam, a->start_s, ea, b->exam,
               b->start_s, eb, overlap ? " (times overlap)" : " (same day)");
}

static void clash_flush(clash_ctx *cc)
{
    schedule_sitting s[CLASH_GROUP_MAX];
    for (size_t i = 0; i < cc->nheld; i++)
        s[i] = (schedule_sitting){cc->held[i].exam, cc->held[i].date, cc->held[i].start, cc->held[i].minutes};
    if (schedule_find_clashes(s, cc->nheld, clash_found, cc) > 0)
        cc->nclash_participants++;
    cc->nheld = 0;
}

static int clash_sitting(void *ctx, const store_sitting *st, at_error *err)
{
    clash_ctx *cc = ctx;
    if (strcmp(cc->doc, st->document) != 0) {
        clash_flush(cc);
        snprintf(cc->doc, sizeof cc->doc, "%s", st->document);
    }
    if (cc->nheld == CLASH_GROUP_MAX)
        return AT_OK;
    held_sitting *h = &cc->held[cc->nheld];
    int start = 0;
    schedule_parse_time(st->exam.start_time, &start);
    snprintf(h->exam, sizeof h->exam, "%s", st->exam.code);
    snprintf(h->date, sizeof h->date, "%s", st->exam.date);
    snprintf(h->start_s, sizeof h->start_s, "%s", st->exam.start_time);
    h->start = start;
    h->minutes = schedule_sitting_minutes(st->exam.duration_minutes, profile_of(cc->in, st->exam.grade),
                                          st->ovz_conditions);
    cc->nheld++;
    return AT_OK;
}

static int clash_unscheduled(void *ctx, int grade, const char *subject, const char *form, const char *period,
                             long n, at_error *err)
{
    clash_ctx *cc = ctx;
    cc->nunscheduled += n;
    cc->nunscheduled_groups++;
    if (cc->json)
        json_array_append_new(cc->unscheduled, json_pack("{s:i, s:s, s:s, s:s, s:I}", "grade", grade, "subject",
                                                         subject, "form", form, "period", period, "participants",
                                                         (json_int_t)n));
    else
        printf("unscheduled: %s/%s %s, grade %d: %ld participant%s, no exam in the schedule\n", subject, form, period,
               grade, n, n == 1 ? "" : "s");
    return AT_OK;
}

static int clash_unused(void *ctx, const store_exam *x, at_error *err)
{
    clash_ctx *cc = ctx;
    cc->nunused++;
    if (cc->json)
        json_array_append_new(cc->unused, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "exam", x->code, "date",
                                                     x->date, "grade", x->grade, "subject", x->subject, "form",
                                                     x->form, "period", x->period));
    else
        printf("info: %s (%s, grade %d, %s/%s %s): no registrations\n", x->code, x->date, x->grade, x->subject,
               x->form, x->period);
    return AT_OK;
}

static int schedule_clashes(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "schedule clashes", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    install in;
    clash_ctx *cc = calloc(1, sizeof *cc);
    if (!cc) {
        store_close(s);
        return at_fail(err, AT_ENOMEM, "schedule clashes", "out of memory");
    }
    cc->in = &in;
    cc->json = c->json;
    if (c->json) {
        cc->clashes = json_array();
        cc->unscheduled = json_array();
        cc->unused = json_array();
    }
    if ((rc = install_load(s, &in, err)) == AT_OK)
        rc = store_sittings_each(s, NULL, NULL, clash_sitting, cc, err);
    if (rc == AT_OK)
        clash_flush(cc);
    if (rc == AT_OK)
        rc = store_unscheduled_each(s, clash_unscheduled, cc, err);
    if (rc == AT_OK)
        rc = store_exams_unused_each(s, clash_unused, cc, err);
    store_close(s);
    install_free(&in);
    long nclash = cc->nclashes, nuns = cc->nunscheduled;
    if (rc == AT_OK && c->json)
        cli_print_json(json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "status",
                                 nclash || nuns ? "problems" : "ok", "clashes_total", (json_int_t)nclash,
                                 "clash_participants", (json_int_t)cc->nclash_participants, "unscheduled_total",
                                 (json_int_t)nuns, "unused_total", (json_int_t)cc->nunused, "clashes", cc->clashes,
                                 "unscheduled", cc->unscheduled, "unused", cc->unused));
    else {
        json_decref(cc->clashes);
        json_decref(cc->unscheduled);
        json_decref(cc->unused);
    }
    if (rc == AT_OK && !c->json)
        printf("%ld clash%s (%ld participant%s), %ld registration%s without an exam (%ld group%s), %ld exam%s "
               "without registrations\n",
               nclash, nclash == 1 ? "" : "es", cc->nclash_participants, cc->nclash_participants == 1 ? "" : "s",
               nuns, nuns == 1 ? "" : "s", cc->nunscheduled_groups, cc->nunscheduled_groups == 1 ? "" : "s",
               cc->nunused, cc->nunused == 1 ? "" : "s");
    free(cc);
    if (rc != AT_OK)
        return rc;
    if (nclash || nuns) {
        c->reported = true;
        return at_fail(err, AT_EINPUT, "", "%ld clash%s, %ld registration%s without an exam", nclash,
                       nclash == 1 ? "" : "es", nuns, nuns == 1 ? "" : "s");
    }
    return AT_OK;
}

int cmd_schedule(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (!sub)
        return at_fail(err, AT_EUSAGE, "schedule", "which subcommand? import, list, participant or clashes");
    if (strcmp(sub, "import") == 0)
        return schedule_import(c, argc - 1, argv + 1, err);
    if (strcmp(sub, "list") == 0)
        return schedule_list(c, argc - 1, argv + 1, err);
    if (strcmp(sub, "participant") == 0)
        return schedule_participant(c, argc - 1, argv + 1, err);
    if (strcmp(sub, "clashes") == 0)
        return schedule_clashes(c, argc - 1, argv + 1, err);
    return at_fail(err, AT_EUSAGE, "schedule", "no subcommand \"%s\"; expected import, list, participant or clashes",
                   sub);
}
