/* cmd_seat.c — `attest seat SUBCOMMAND …`: exam-day logistics. Dispatches to
 * one file per concern: distribution and re-planning (cmd_seat_run.c), staff
 * (cmd_seat_staff.c), materials and custody (cmd_seat_materials.c), the
 * independent check (cmd_seat_verify.c), outputs (cmd_seat_export.c). */
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(cli_ctx *c, int argc, char **argv, at_error *err);
} seat_sub;

static const seat_sub subs[] = {
    {"run", cmd_seat_run},         {"replan", cmd_seat_replan},   {"close", cmd_seat_close},
    {"show", cmd_seat_show},       {"staff", cmd_seat_staff},     {"materials", cmd_seat_materials},
    {"custody", cmd_seat_custody}, {"verify", cmd_seat_verify},   {"export", cmd_seat_export},
    {NULL, NULL},
};

int cmd_seat(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *sub = argc > 1 ? argv[1] : NULL;
    for (const seat_sub *k = subs; sub && k->name; k++)
        if (strcmp(k->name, sub) == 0)
            return k->run(c, argc - 1, argv + 1, err);
    return at_fail(err, AT_EUSAGE, "seat", "%s%s%s; expected one of: run, replan, close, show, staff, "
                   "materials, custody, verify, export", sub ? "unknown subcommand \"" : "which subcommand?",
                   sub ? sub : "", sub ? "\"" : "");
}
