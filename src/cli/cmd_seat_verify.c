/* cmd_seat_verify.c — `attest seat verify` (placeholder until the seatcheck module lands). */
#include "cli.h"

int cmd_seat_verify(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat verify", "not available in this build yet");
}
