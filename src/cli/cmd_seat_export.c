/* cmd_seat_export.c — `attest seat export` (being built). */
#include "cli.h"

int cmd_seat_export(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat export", "not available in this build yet");
}
