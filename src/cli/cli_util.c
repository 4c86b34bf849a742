/* cli_util.c — option parsing, output and progress for all commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void remove_args(int *argc, char **argv, int at, int n)
{
    for (int i = at; i + n <= *argc; i++)
        argv[i] = argv[i + n];
    *argc -= n;
}

const char *cli_opt(int *argc, char **argv, const char *name)
{
    size_t len = strlen(name);
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') {
            const char *v = argv[i] + len + 1;
            remove_args(argc, argv, i, 1);
            return v;
        }
        if (strcmp(argv[i], name) == 0 && i + 1 < *argc) {
            const char *v = argv[i + 1];
            remove_args(argc, argv, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++)
        if (strcmp(argv[i], name) == 0) {
            remove_args(argc, argv, i, 1);
            return true;
        }
    return false;
}

int cli_no_unknown(int argc, char **argv, const char *cmd, at_error *err)
{
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && argv[i][2])
            return at_fail(err, AT_EUSAGE, cmd, "unknown option %s (see: attest help %s)", argv[i], cmd);
    return AT_OK;
}

int cli_open_store(cli_ctx *c, store **s, at_error *err)
{
    return store_open(c->db, STORE_OPEN_EXISTING, s, err);
}

void cli_print_json(json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
        free(text);
    }
    json_decref(v);
}

void cli_progress_start(cli_progress *p, const char *label, bool json)
{
    p->active = !json && isatty(STDERR_FILENO);
    p->label = label;
    p->last_permille = -1;
}

void cli_progress_update(cli_progress *p, long long done, long long total)
{
    if (!p->active || total <= 0)
        return;
    long long permille = done * 1000 / total;
    if (permille == p->last_permille)
        return;
    p->last_permille = permille;
    int width = 40, fill = (int)(permille * width / 1000);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = 0;
    fprintf(stderr, "\r%s [%s] %3lld.%lld%%", p->label, bar, permille / 10, permille % 10);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->active && p->last_permille >= 0)
        fputs("\r\033[K", stderr);
}

int cli_current_exam_year(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_year + 1900 + (tm.tm_mon >= 8 ? 1 : 0);
}
