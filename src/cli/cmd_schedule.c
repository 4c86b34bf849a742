/* cmd_schedule.c — `attest schedule` (placeholder until the schedule module lands). */
#include "cli.h"

int cmd_schedule(cli_ctx *c, int argc, char **argv, at_error *err)
{
    return at_fail(err, AT_EUSAGE, "schedule", "not available in this build yet");
}
