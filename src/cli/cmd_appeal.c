/* cmd_appeal.c — `attest appeal file|decide|list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "score/score.h"
#include "store/store_score.h"

static int list(cli_ctx *c, store *s, const char *exam, at_error *err)
{
    store_stmt *st;
    int rc = store_score_prepare(s, SS_APPEALS_LIST, &st, err);
    if (rc != AT_OK)
        return rc;
    store_bind_text(st, 1, exam);
    json_t *arr = json_array();
    static const char *const names[] = {"id", "kind", "exam", "document", "filed_on", "due_on", "decide_by",
                                        "notify_by", "status", "outcome", "decided_on"};
    while ((rc = store_step(st, err)) == 1) {
        json_t *o = json_object();
        for (int i = 0; i < 11; i++)
            json_object_set_new(o, names[i], i == 0 ? json_integer(store_col_int(st, 0))
                                             : store_col_text(st, i) ? json_string(store_col_text(st, i)) : json_null());
        if (!c->json)
            printf("%lld  %-9s %s %s  filed %s (due %s)  decide by %s  %s%s%s\n", store_col_int(st, 0),
                   store_col_text(st, 1), store_col_text(st, 2), store_col_text(st, 3), store_col_text(st, 4),
                   store_col_text(st, 5), store_col_text(st, 6), store_col_text(st, 8),
                   store_col_text(st, 9) ? " → " : "", store_col_text(st, 9) ? store_col_text(st, 9) : "");
        json_array_append_new(arr, o);
    }
    store_finalize(st);
    if (c->json && rc == 0)
        cli_print_json(arr);
    else
        json_decref(arr);
    return rc < 0 ? rc : AT_OK;
}

int cmd_appeal(cli_ctx *c, int argc, char **argv, at_error *err)
{
    if (argc < 2)
        return at_fail(err, AT_EUSAGE, "appeal", "expected file, decide or list");
    const char *sub = argv[1];
    const char *kind = cli_opt(&argc, argv, "--kind"), *exam = cli_opt(&argc, argv, "--exam");
    const char *doc = cli_opt(&argc, argv, "--participant"), *date = cli_opt(&argc, argv, "--date");
    const char *reason = cli_opt(&argc, argv, "--reason"), *decision = cli_opt(&argc, argv, "--decision");
    const char *expert = cli_opt(&argc, argv, "--expert"), *marks = cli_opt(&argc, argv, "--marks");
    const char *retake = cli_opt(&argc, argv, "--retake-exam"), *id_s = cli_opt(&argc, argv, "--id");
    int rc = cli_no_unknown(argc, argv, "appeal", err);
    if (rc != AT_OK)
        return rc;
    char today[16];
    const char *t = getenv("ATTEST_TODAY");
    snprintf(today, sizeof today, "%s", t && *t ? t : "");
    if (!date && !today[0]) {
        time_t now = time(NULL);
        strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
    }
    if (!date)
        date = today;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    if (strcmp(sub, "file") == 0) {
        long id;
        if (!kind || !exam || !doc)
            rc = at_fail(err, AT_EUSAGE, "appeal file", "--kind procedure|scores --exam CODE --participant DOCUMENT are required");
        else if ((rc = score_appeal_file(s, kind, exam, doc, date, reason, &id, err)) == AT_OK) {
            if (c->json)
                cli_print_json(json_pack("{s:s, s:I}", "status", "ok", "id", (json_int_t)id));
            else
                printf("appeal %ld filed (%s, %s, %s)\n", id, kind, exam, doc);
        }
    } else if (strcmp(sub, "decide") == 0) {
        char *end;
        long id = id_s ? strtol(id_s, &end, 10) : 0;
        if (!id_s || *end || !decision)
            rc = at_fail(err, AT_EUSAGE, "appeal decide", "--id N --decision upheld|rejected are required");
        else if ((rc = score_appeal_decide(s, id, decision, date, expert, marks, retake, err)) == AT_OK)
            printf("appeal %ld: %s\n", id, decision);
    } else if (strcmp(sub, "list") == 0) {
        rc = list(c, s, exam, err);
    } else
        rc = at_fail(err, AT_EUSAGE, "appeal", "unknown subcommand \"%s\"", sub);
    store_close(s);
    return rc;
}
