/* cmd_results.c — `attest results list|show|recompute|approve|publish`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "score/score.h"
#include "store/store_score.h"

static json_t *opt_int(store_stmt *st, int i)
{
    return store_col_null(st, i) ? json_null() : json_integer(store_col_int(st, i));
}

static int list(cli_ctx *c, store *s, const char *exam, const char *doc, bool history, at_error *err)
{
    store_stmt *st, *vs = NULL;
    int rc = store_score_prepare(s, SS_RESULTS_LIST, &st, err);
    if (rc != AT_OK)
        return rc;
    if (history && (rc = store_score_prepare(s, SS_VERSIONS_OF, &vs, err)) != AT_OK) {
        store_finalize(st);
        return rc;
    }
    store_bind_text(st, 1, exam);
    store_bind_text(st, 2, doc);
    json_t *arr = json_array();
    long n = 0;
    while ((rc = store_step(st, err)) == 1) {
        n++;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:s, s:I, s:s, s:s?, s:s?}", "exam",
                              store_col_text(st, 0), "document", store_col_text(st, 1), "name", store_col_text(st, 2),
                              "subject", store_col_text(st, 13), "status", store_col_text(st, 4), "primary",
                              opt_int(st, 5), "test_score", opt_int(st, 6), "mark", opt_int(st, 7), "passed",
                              opt_int(st, 8), "university", opt_int(st, 9), "third_check", store_col_int(st, 10) != 0,
                              "stage", store_col_text(st, 11), "version", (json_int_t)store_col_int(st, 12), "date",
                              store_col_text(st, 14), "published_on", store_col_text(st, 15), "retake_of",
                              store_col_text(st, 16));
        if (!c->json) {
            printf("%-12s %-10s %-12s %s %-14s %-10s", store_col_text(st, 0), store_col_text(st, 13), store_col_text(st, 1),
                   store_col_text(st, 2), store_col_text(st, 3), store_col_text(st, 4));
            if (!store_col_null(st, 5))
                printf(" primary %lld", store_col_int(st, 5));
            if (!store_col_null(st, 6))
                printf(" test %lld", store_col_int(st, 6));
            if (!store_col_null(st, 7))
                printf(" mark %lld", store_col_int(st, 7));
            if (!store_col_null(st, 8))
                printf(" %s", store_col_int(st, 8) ? "passed" : "below threshold");
            printf("%s  [%s v%lld]%s%s\n", store_col_int(st, 10) ? " third check" : "", store_col_text(st, 11),
                   store_col_int(st, 12), store_col_text(st, 16) ? " retake of " : "",
                   store_col_text(st, 16) ? store_col_text(st, 16) : "");
        }
        if (vs) {
            json_t *va = json_array();
            store_reset(vs);
            store_bind_text(vs, 1, store_col_text(st, 0));
            store_bind_text(vs, 2, store_col_text(st, 1));
            while ((rc = store_step(vs, err)) == 1) {
                json_array_append_new(va, json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:s, s:s}", "version",
                                                    (json_int_t)store_col_int(vs, 0), "status", store_col_text(vs, 1),
                                                    "primary", opt_int(vs, 2), "test_score", opt_int(vs, 3), "mark",
                                                    opt_int(vs, 4), "reason", store_col_text(vs, 5), "at",
                                                    store_col_text(vs, 6), "actor", store_col_text(vs, 7)));
                if (!c->json)
                    printf("    v%lld %s primary %s — %s (%s, %s)\n", store_col_int(vs, 0), store_col_text(vs, 1),
                           store_col_text(vs, 2) ? store_col_text(vs, 2) : "-", store_col_text(vs, 5),
                           store_col_text(vs, 7), store_col_text(vs, 6));
            }
            json_object_set_new(o, "history", va);
            if (rc < 0)
                break;
        }
        json_array_append_new(arr, o);
    }
    store_finalize(st);
    store_finalize(vs);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    if (doc && n == 0) {
        json_decref(arr);
        return at_fail(err, AT_ENOTFOUND, doc, "no results for this participant");
    }
    if (c->json)
        cli_print_json(arr);
    else
        json_decref(arr);
    return AT_OK;
}

static void report_diff(void *ctx, const char *exam, const char *doc, const char *what)
{
    (void)ctx;
    printf("%s %s: %s\n", exam, doc, what);
}

int cmd_results(cli_ctx *c, int argc, char **argv, at_error *err)
{
    if (argc < 2)
        return at_fail(err, AT_EUSAGE, "results", "expected list, show, recompute, approve or publish");
    const char *sub = argv[1];
    const char *exam = cli_opt(&argc, argv, "--exam"), *doc = cli_opt(&argc, argv, "--participant");
    const char *date = cli_opt(&argc, argv, "--date");
    bool check = cli_flag(&argc, argv, "--check");
    int rc = cli_no_unknown(argc, argv, "results", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    long n = 0, differ = 0;
    if (strcmp(sub, "list") == 0)
        rc = list(c, s, exam, NULL, false, err);
    else if (strcmp(sub, "show") == 0)
        rc = doc ? list(c, s, exam, doc, true, err) : at_fail(err, AT_EUSAGE, "results show", "--participant DOCUMENT is required");
    else if (strcmp(sub, "recompute") == 0) {
        rc = score_recompute(s, exam, check, "recomputed", &n, &differ, c->json ? NULL : report_diff, NULL, err);
        if (rc == AT_OK) {
            if (c->json)
                cli_print_json(json_pack("{s:s, s:I, s:I, s:b}", "status", "ok", "checked", (json_int_t)n, "differ",
                                         (json_int_t)differ, "written", !check));
            else
                printf("%ld results recomputed from raw data: %ld differ%s\n", n, differ,
                       check ? " (nothing written)" : differ ? " (written as new versions)" : "");
            if (check && differ)
                rc = at_fail(err, AT_EINPUT, "recompute", "%ld stored results differ from the raw data", differ);
        }
    } else if (strcmp(sub, "approve") == 0 || strcmp(sub, "publish") == 0) {
        bool ap = strcmp(sub, "approve") == 0;
        if (!exam)
            rc = at_fail(err, AT_EUSAGE, "results", "--exam CODE is required");
        else if ((rc = ap ? score_approve(s, exam, &n, err) : score_publish(s, exam, date, &n, err)) == AT_OK)
            printf("%s: %ld results %s\n", exam, n, ap ? "approved" : "published");
    } else
        rc = at_fail(err, AT_EUSAGE, "results", "unknown subcommand \"%s\"", sub);
    store_close(s);
    return rc;
}
