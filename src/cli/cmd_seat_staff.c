/* cmd_seat_staff.c — `attest seat staff` (placeholder until the staffing module lands). */
#include "cli.h"

int cmd_seat_staff(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat staff", "not available in this build yet");
}
