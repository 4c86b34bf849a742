/* error.h — status codes and the error record every module fills.
 *
 * Functions return int status (AT_OK or a negative AT_E* code) and describe a
 * failure in a caller-provided at_error: what went wrong, where (file, line,
 * column/field, JSON path), the offending value and what was expected. The CLI
 * maps codes to exit statuses (0 ok, 1 bad input, 2 usage, 3 internal). */
#ifndef AT_ERROR_H
#define AT_ERROR_H

#include <stddef.h>

enum {
    AT_OK = 0,
    AT_EINPUT = -1,    /* bad input: a file, a value, a profile */
    AT_EUSAGE = -2,    /* wrong command-line use */
    AT_EINTERNAL = -3, /* a bug or an environment failure (I/O, database) */
    AT_ENOTFOUND = -4, /* a named thing does not exist */
    AT_ENOMEM = -5,
};

#define AT_ERR_TEXT 512
#define AT_ERR_WHERE 256

typedef struct at_error {
    int code;
    char where[AT_ERR_WHERE]; /* "file.csv:12:3 (school_code)" or "$.subjects[2].code" */
    char msg[AT_ERR_TEXT];
} at_error;

/* Sets err (if non-NULL) and returns code, so callers can `return at_fail(...)`. */
int at_fail(at_error *err, int code, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void at_error_clear(at_error *err);
/* Exit status for the CLI: 0, 1, 2 or 3. */
int at_exit_status(int code);

#endif
