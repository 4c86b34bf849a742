/* cli.h — shared pieces of the `attest` command: global options, output in
 * text or JSON, the progress bar, and the command table. */
#ifndef AT_CLI_H
#define AT_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "core/error.h"
#include "store/store.h"

typedef struct {
    const char *db;     /* --db PATH, $ATTEST_DB, or "attest.db" */
    bool json;          /* --json: machine-readable output on stdout */
    bool quiet;
    bool reported;      /* the command printed its own (JSON) report of a failure */
} cli_ctx;

typedef struct {
    const char *name;
    int (*run)(cli_ctx *c, int argc, char **argv, at_error *err);
    const char *summary;
    const char *usage;  /* full help text */
} cli_command;

extern const cli_command cli_commands[];

/* Option parsing: returns the value of --name VALUE or --name=VALUE and removes it
 * from argv; NULL if absent. Flags: cli_flag returns true if present. */
const char *cli_opt(int *argc, char **argv, const char *name);
bool cli_flag(int *argc, char **argv, const char *name);
/* Fails with AT_EUSAGE if any argument starting with "--" is left. */
int cli_no_unknown(int argc, char **argv, const char *cmd, at_error *err);

int cli_open_store(cli_ctx *c, store **s, at_error *err);
/* Prints a JSON value to stdout (and frees it). */
void cli_print_json(json_t *v);

/* A progress bar on stderr when stderr is a terminal; silent otherwise. */
typedef struct {
    bool active;
    const char *label;
    long long last_permille;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *label, bool json);
void cli_progress_update(cli_progress *p, long long done, long long total);
void cli_progress_end(cli_progress *p);

/* Commands (one file per group). */
int cmd_init(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_migrate(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_info(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_checksum(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_import(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_export(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_template(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_list(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_fields(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_demo(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_rules(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_calendar(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_plan(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_plan_import(cli_ctx *c, int argc, char **argv, at_error *err);
/* exam schedule (cmd_schedule.c) */
int cmd_schedule(cli_ctx *c, int argc, char **argv, at_error *err);
/* Streams the rows of the shipped schedule of country/year (canonical values of
 * the exams entity) to put; AT_ENOTFOUND when none is shipped. For attest demo. */
typedef int (*cli_row_put_fn)(void *ctx, const entity_def *e, const char *const *values, at_error *err);
int cli_schedule_builtin_rows(const char *country, int year, cli_row_put_fn put, void *ctx, long *rows,
                              at_error *err);
/* exam-day logistics: cmd_seat.c dispatches to these */
int cmd_seat(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_seat_run(cli_ctx *c, int argc, char **argv, at_error *err);      /* cmd_seat_run.c */
int cmd_seat_replan(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_seat_close(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_seat_show(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_seat_staff(cli_ctx *c, int argc, char **argv, at_error *err);    /* cmd_seat_staff.c */
int cmd_seat_materials(cli_ctx *c, int argc, char **argv, at_error *err);/* cmd_seat_materials.c */
int cmd_seat_custody(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_seat_verify(cli_ctx *c, int argc, char **argv, at_error *err);   /* cmd_seat_verify.c */
int cmd_seat_export(cli_ctx *c, int argc, char **argv, at_error *err);   /* cmd_seat_export.c */

/* results (issue 5): cmd_score.c, cmd_results.c, cmd_experts.c, cmd_appeal.c */
int cmd_score(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_results(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_experts(cli_ctx *c, int argc, char **argv, at_error *err);
int cmd_appeal(cli_ctx *c, int argc, char **argv, at_error *err);

/* Creates a database with schema and the country's profiles for the year. */
int cli_init_database(const char *path, const char *country, int year, const char *lang, at_error *err);
/* The exam year an installation made today would serve (Sep–Dec → next year). */
int cli_current_exam_year(void);

#endif
