/* json_check.h — validating JSON data files (rule profiles, calendars) and
 * reporting the JSON path of a problem. A check either passes (AT_OK) or sets
 * the error to AT_EINPUT with where = "FILE: $.json.path" and returns that code,
 * so callers chain checks with `if ((rc = jc_…(…))) return rc;`. Owns the
 * shared pieces only: parsing with syntax-error location, type names, key
 * checks, object/array/boolean checks, path building and list helpers; each
 * loader keeps its own domain checks. */
#ifndef AT_JSON_CHECK_H
#define AT_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

#define JC_LIST_TEXT 400 /* "expected one of: …" lists in messages */

typedef struct {
    const char *name; /* file name for messages */
    at_error *err;
} jc_ctx;

/* snprintf for paths and message parts: truncation of an over-long JSON path
 * is acceptable (the message stays readable), so it is not an error. */
void jc_spf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* AT_EINPUT at "NAME: PATH" with a printf-style message; returns the code. */
int jc_fail(jc_ctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* AT_ENOMEM at NAME. */
int jc_nomem(jc_ctx *c);

/* Joins a NULL-terminated list (n == (size_t)-1) or the first n of an array as
 * "a, b, c" for messages; an over-long list ends in "...". */
void jc_join_list(char *buf, size_t size, const char *const *list, size_t n);
/* Whether s is in the NULL-terminated list. */
bool jc_in_list(const char *const *list, const char *s);
/* Parses JSON text, rejecting duplicate keys; a syntax error is reported at
 * "NAME:LINE:COLUMN" as "invalid JSON: …". On success *out is a new reference. */
int jc_parse(jc_ctx *c, const char *json, size_t len, json_t **out);

/* "an object", "a string", … for "got %s"; "nothing" for a missing value. */
const char *jc_type_name(const json_t *v);

/* out (AT_ERR_WHERE bytes) = "BASE.KEY" / "BASE[I]". */
void jc_subpath(char *out, const char *base, const char *key);
void jc_idxpath(char *out, const char *base, size_t i);

/* Rejects keys not in `allowed` and reports the first missing `required` key. */
int jc_check_keys(jc_ctx *c, json_t *obj, const char *path, const char *const *allowed,
                  const char *const *required);
int jc_want_object(jc_ctx *c, json_t *v, const char *path);
int jc_want_array(jc_ctx *c, json_t *v, const char *path, bool nonempty);
/* jc_want_array, then *out = a zeroed array of `elem`-sized items, one per element
 * (NULL when empty), and *n = its length. */
int jc_array_alloc(jc_ctx *c, json_t *v, const char *path, bool nonempty, size_t elem, void **out, size_t *n);
/* obj.key as a boolean; absent = false. */
int jc_get_bool_opt(jc_ctx *c, json_t *obj, const char *path, const char *key, bool *out);

#endif
