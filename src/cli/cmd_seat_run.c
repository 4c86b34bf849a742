/* cmd_seat_run.c — `attest seat run|replan|close|show` (being built). */
#include "cli.h"

int cmd_seat_run(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat run", "not available in this build yet");
}
int cmd_seat_replan(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat replan", "not available in this build yet");
}
int cmd_seat_close(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat close", "not available in this build yet");
}
int cmd_seat_show(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "seat show", "not available in this build yet");
}
