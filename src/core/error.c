#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int at_fail(at_error *err, int code, const char *where, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void at_error_clear(at_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int at_exit_status(int code)
{
    switch (code) {
    case AT_OK: return 0;
    case AT_EINPUT:
    case AT_ENOTFOUND: return 1;
    case AT_EUSAGE: return 2;
    default: return 3;
    }
}
