/* cmd_seat_materials.c — `attest seat materials|custody` (placeholder until the staffing module lands). */
#include "cli.h"

int cmd_seat_materials(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat materials", "not available in this build yet");
}

int cmd_seat_custody(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat custody", "not available in this build yet");
}
