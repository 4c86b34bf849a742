/* cmd_experts.c — `attest experts assign|mark|import|tasks`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "score/score.h"
#include "store/store_score.h"

static int tasks(cli_ctx *c, store *s, const char *exam, const char *expert, at_error *err)
{
    store_stmt *st;
    int rc = store_score_prepare(s, SS_TASKS_LIST, &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, expert);
    json_t *arr = json_array();
    while ((rc = store_step(st, err)) == 1) {
        const char *marks = store_col_text(st, 4);
        if (c->json)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:s?}", "work", store_col_text(st, 0), "expert",
                                                 store_col_text(st, 1), "round", (json_int_t)store_col_int(st, 2), "day",
                                                 (json_int_t)store_col_int(st, 3), "marks", marks));
        else
            printf("%s  %s  round %lld  day %lld  %s\n", store_col_text(st, 1), store_col_text(st, 0),
                   store_col_int(st, 2), store_col_int(st, 3), marks ? marks : "(not marked)");
    }
    store_finalize(st);
    if (c->json && rc == 0)
        cli_print_json(arr);
    else
        json_decref(arr);
    return rc < 0 ? rc : AT_OK;
}

int cmd_experts(cli_ctx *c, int argc, char **argv, at_error *err)
{
    if (argc < 2)
        return at_fail(err, AT_EUSAGE, "experts", "expected assign, mark, import or tasks");
    const char *sub = argv[1];
    const char *exam = cli_opt(&argc, argv, "--exam"), *seed_s = cli_opt(&argc, argv, "--seed");
    const char *cap_s = cli_opt(&argc, argv, "--capacity"), *work = cli_opt(&argc, argv, "--work");
    const char *expert = cli_opt(&argc, argv, "--expert"), *marks = cli_opt(&argc, argv, "--marks");
    int rc = cli_no_unknown(argc, argv, "experts", err);
    if (rc != AT_OK)
        return rc;
    char *end;
    unsigned long long seed = seed_s ? strtoull(seed_s, &end, 10) : 1;
    if (seed_s && *end)
        return at_fail(err, AT_EUSAGE, "--seed", "\"%s\": expected a whole number", seed_s);
    long cap = cap_s ? strtol(cap_s, &end, 10) : 50;
    if (cap_s && (*end || cap < 1 || cap > 100000))
        return at_fail(err, AT_EUSAGE, "--capacity", "\"%s\": expected works per expert per day, 1..100000", cap_s);
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    if (strcmp(sub, "assign") == 0) {
        score_assign_report r;
        if (!exam)
            rc = at_fail(err, AT_EUSAGE, "experts assign", "--exam CODE is required");
        else if ((rc = score_assign(s, exam, seed, (int)cap, &r, err)) == AT_OK) {
            if (c->json)
                cli_print_json(json_pack("{s:s, s:s, s:I, s:I, s:I, s:i, s:I}", "status", "ok", "exam", exam, "seed",
                                         (json_int_t)seed, "works", (json_int_t)r.works, "tasks", (json_int_t)r.tasks,
                                         "experts", r.experts, "days", (json_int_t)r.days));
            else
                printf("%s: %ld works given to %d experts (%ld tasks, %ld days at %ld a day), seed %llu\n", exam, r.works,
                       r.experts, r.tasks, r.days, cap, seed);
        }
    } else if (strcmp(sub, "mark") == 0) {
        char third[64];
        if (!work || !expert || !marks)
            rc = at_fail(err, AT_EUSAGE, "experts mark", "--work CODE --expert DOCUMENT --marks 2,1,0 are required");
        else if ((rc = score_mark(s, work, expert, marks, third, sizeof third, err)) == AT_OK) {
            if (c->json)
                cli_print_json(json_pack("{s:s, s:s, s:s?}", "status", "ok", "work", work, "third_expert",
                                         third[0] ? third : NULL));
            else
                printf("%s: marks of %s recorded%s%s\n", work, expert, third[0] ? "; third check by " : "", third);
        }
    } else if (strcmp(sub, "import") == 0) {
        long n;
        if (argc < 3)
            rc = at_fail(err, AT_EUSAGE, "experts import", "FILE is required");
        else if ((rc = score_import_marks(s, argv[2], &n, err)) == AT_OK)
            printf("%s: %ld expert marks written\n", argv[2], n);
    } else if (strcmp(sub, "tasks") == 0) {
        rc = tasks(c, s, exam, expert, err);
    } else
        rc = at_fail(err, AT_EUSAGE, "experts", "unknown subcommand \"%s\"", sub);
    store_close(s);
    return rc;
}
