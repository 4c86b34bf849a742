/* cmd_score.c — `attest score paper|import`: exam papers and answer sheets. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "score/score.h"

static void progress(void *ctx, long long done, long long total) { cli_progress_update(ctx, done, total); }

int cmd_score(cli_ctx *c, int argc, char **argv, at_error *err)
{
    if (argc < 3)
        return at_fail(err, AT_EUSAGE, "score", "expected: score paper FILE | score import FILE");
    const char *sub = argv[1], *file = argv[2];
    int rc = cli_no_unknown(argc, argv, "score", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    long n = 0;
    if (strcmp(sub, "paper") == 0) {
        rc = score_import_papers(s, file, &n, err);
    } else if (strcmp(sub, "import") == 0) {
        cli_progress bar;
        cli_progress_start(&bar, "answer sheets", c->json);
        rc = score_import_sheets(s, file, progress, &bar, &n, err);
        cli_progress_end(&bar);
    } else
        rc = at_fail(err, AT_EUSAGE, "score", "unknown subcommand \"%s\"; expected paper or import", sub);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    if (c->json)
        cli_print_json(json_pack("{s:s, s:s, s:I}", "status", "ok", strcmp(sub, "paper") == 0 ? "items" : "sheets", file,
                                 (json_int_t)n));
    else
        printf("%s: %ld %s written\n", file, n, strcmp(sub, "paper") == 0 ? "paper items" : "answer sheets");
    return AT_OK;
}
