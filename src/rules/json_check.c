/* json_check.c — validating JSON data files and reporting the JSON path of a
 * problem (see json_check.h). */
#include "json_check.h"

#include <stdlib.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void jc_spf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

int jc_fail(jc_ctx *c, const char *path, const char *fmt, ...)
{
    char where[AT_ERR_WHERE];
    char msg[AT_ERR_TEXT];
    jc_spf(where, sizeof where, "%s: %s", c->name, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return at_fail(c->err, AT_EINPUT, where, "%s", msg);
}

int jc_nomem(jc_ctx *c)
{
    return at_fail(c->err, AT_ENOMEM, c->name, "out of memory");
}

int jc_parse(jc_ctx *c, const char *json, size_t len, json_t **out)
{
    json_error_t jerr;
    *out = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*out) {
        char where[AT_ERR_WHERE];
        jc_spf(where, sizeof where, "%s:%d:%d", c->name, jerr.line, jerr.column);
        return at_fail(c->err, AT_EINPUT, where, "invalid JSON: %s", jerr.text);
    }
    return AT_OK;
}

void jc_join_list(char *buf, size_t size, const char *const *list, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; (n == (size_t)-1 ? list[i] != NULL : i < n); i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", list[i]);
        if (w < 0 || (size_t)w >= size - used) {
            if (size > 4)
                memcpy(buf + size - 4, "...", 4);
            return;
        }
        used += (size_t)w;
    }
}

bool jc_in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

const char *jc_type_name(const json_t *v)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

void jc_subpath(char *out, const char *base, const char *key)
{
    jc_spf(out, AT_ERR_WHERE, "%s.%s", base, key);
}

void jc_idxpath(char *out, const char *base, size_t i)
{
    jc_spf(out, AT_ERR_WHERE, "%s[%zu]", base, i);
}

int jc_check_keys(jc_ctx *c, json_t *obj, const char *path, const char *const *allowed,
                  const char *const *required)
{
    const char *key;
    json_t *v;
    char p[AT_ERR_WHERE], list[JC_LIST_TEXT];
    json_object_foreach(obj, key, v) {
        if (!jc_in_list(allowed, key)) {
            jc_subpath(p, path, key);
            jc_join_list(list, sizeof list, allowed, (size_t)-1);
            return jc_fail(c, p, "unknown key \"%s\"; expected one of: %s", key, list);
        }
    }
    for (size_t i = 0; required[i]; i++) {
        if (!json_object_get(obj, required[i])) {
            jc_subpath(p, path, required[i]);
            return jc_fail(c, p, "missing required key \"%s\"", required[i]);
        }
    }
    return AT_OK;
}

int jc_want_object(jc_ctx *c, json_t *v, const char *path)
{
    if (!json_is_object(v))
        return jc_fail(c, path, "expected an object, got %s", jc_type_name(v));
    return AT_OK;
}

int jc_want_array(jc_ctx *c, json_t *v, const char *path, bool nonempty)
{
    if (!json_is_array(v))
        return jc_fail(c, path, "expected an array, got %s", jc_type_name(v));
    if (nonempty && json_array_size(v) == 0)
        return jc_fail(c, path, "expected a non-empty array");
    return AT_OK;
}

int jc_get_bool_opt(jc_ctx *c, json_t *obj, const char *path, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v)
        return AT_OK;
    if (!json_is_boolean(v)) {
        char p[AT_ERR_WHERE];
        jc_subpath(p, path, key);
        return jc_fail(c, p, "expected a boolean (true or false), got %s", jc_type_name(v));
    }
    *out = json_is_true(v);
    return AT_OK;
}

int jc_array_alloc(jc_ctx *c, json_t *v, const char *path, bool nonempty, size_t elem, void **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = jc_want_array(c, v, path, nonempty);
    if (rc)
        return rc;
    size_t len = json_array_size(v);
    if (len == 0)
        return AT_OK;
    if (!(*out = calloc(len, elem)))
        return jc_nomem(c);
    *n = len;
    return AT_OK;
}
