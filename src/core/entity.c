/* entity.c — lookup and value normalisation over the entity descriptors. */
#include "entity.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "text.h"

const entity_def *entity_find(const char *name)
{
    for (size_t i = 0; i < entity_count; i++)
        if (strcmp(entity_all[i]->name, name) == 0)
            return entity_all[i];
    /* Singular forms read naturally on the command line too. */
    size_t n = strlen(name);
    for (size_t i = 0; i < entity_count; i++) {
        const char *en = entity_all[i]->name;
        size_t m = strlen(en);
        if (m == n + 1 && en[m - 1] == 's' && strncmp(en, name, n) == 0)
            return entity_all[i];
    }
    if (strcmp(name, "staff_member") == 0)
        return entity_find("staff");
    return NULL;
}

int entity_field_index(const entity_def *e, const char *name)
{
    for (size_t i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *entity_field_label(const entity_field *f, const char *lang)
{
    if (lang && strcmp(lang, "ru") == 0)
        return f->ru;
    if (lang && strcmp(lang, "kk") == 0)
        return f->kk;
    return f->name;
}

const char *entity_enum_label(const enum_value *v, const char *lang)
{
    if (lang && strcmp(lang, "ru") == 0)
        return v->ru;
    if (lang && strcmp(lang, "kk") == 0)
        return v->kk;
    return v->code;
}

/* Header comparison ignores case, spaces, underscores and a trailing '*' (used
 * in templates to mark required columns). */
static void header_key(const char *in, char *out, size_t n)
{
    char folded[256];
    if (text_fold(in, folded, sizeof folded) != AT_OK)
        snprintf(folded, sizeof folded, "%s", in);
    size_t j = 0;
    for (const char *p = folded; *p && j + 1 < n; p++) {
        if (*p == ' ' || *p == '_' || *p == '*' || *p == '\t')
            continue;
        out[j++] = *p;
    }
    out[j] = 0;
}

int entity_match_header(const entity_def *e, const char *header)
{
    char want[256], have[256];
    header_key(header, want, sizeof want);
    if (!want[0])
        return -1;
    for (size_t i = 0; i < e->nfields; i++) {
        const entity_field *f = &e->fields[i];
        const char *labels[] = {f->name, f->ru, f->kk, f->en};
        for (size_t k = 0; k < 4; k++) {
            header_key(labels[k], have, sizeof have);
            if (strcmp(want, have) == 0)
                return (int)i;
        }
    }
    return -1;
}

static bool parse_bool(const char *s, bool *out)
{
    /* canonical values first: exports and most files use them */
    if ((s[0] == '0' || s[0] == '1') && s[1] == 0)
        return *out = s[0] == '1', true;
    static const char *const yes[] = {"1", "да", "д", "yes", "y", "true", "иә", "ия", "+", "x", "х", NULL};
    static const char *const no[] = {"0", "нет", "н", "no", "n", "false", "жоқ", "-", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (text_equal_ci(s, yes[i]))
            return *out = true, true;
    for (size_t i = 0; no[i]; i++)
        if (text_equal_ci(s, no[i]))
            return *out = false, true;
    return false;
}

/* Excel keeps a date cell as a serial day number (1900 system: day 0 is
 * 1899-12-30, counting the phantom 29 Feb 1900), which reading XLSX yields. */
#define EXCEL_SERIAL_MIN 3000   /* 1908: nothing earlier is a plausible date here */
#define EXCEL_SERIAL_MAX 120000 /* 2228 */

static bool parse_date(const char *s, at_date *d)
{
    if (date_parse_iso(s, d))
        return true;
    char *end;
    long serial = strtol(s, &end, 10);
    if (end != s && (*end == 0 || (*end == '.' && strspn(end + 1, "0") == strlen(end + 1))) &&
        serial >= EXCEL_SERIAL_MIN && serial <= EXCEL_SERIAL_MAX) {
        *d = date_add_days((at_date){1899, 12, 30}, serial);
        return true;
    }
    /* DD.MM.YYYY as Russian Excel writes it */
    int dd, mm, yy, used = 0;
    if (sscanf(s, "%2d.%2d.%4d%n", &dd, &mm, &yy, &used) == 3 && s[used] == 0 && used == 10) {
        *d = (at_date){yy, mm, dd};
        return date_valid(*d);
    }
    return false;
}

static const enum_value *match_enum(const enum_value *values, const char *s)
{
    for (const enum_value *v = values; v->code; v++)
        if (strcmp(s, v->code) == 0)
            return v;
    for (const enum_value *v = values; v->code; v++)
        if (text_equal_ci(s, v->code) || text_equal_ci(s, v->ru) || text_equal_ci(s, v->kk) ||
            text_equal_ci(s, v->en))
            return v;
    return NULL;
}

static void list_codes(const enum_value *values, char *out, size_t n)
{
    size_t used = 0;
    out[0] = 0;
    for (const enum_value *v = values; v->code && used < n; v++)
        used += (size_t)snprintf(out + used, n - used, "%s%s (%s)", v == values ? "" : ", ", v->code, v->ru);
}

int entity_normalize(const entity_field *f, const char *raw, char *out, size_t n, char *expected,
                     size_t en)
{
    char clean[4096];
    int rc = text_clean(raw ? raw : "", clean, sizeof clean);
    if (rc != AT_OK) {
        snprintf(expected, en, "valid UTF-8 text of at most %zu bytes", sizeof clean - 1);
        return AT_EINPUT;
    }
    out[0] = 0;
    if (!clean[0])
        return AT_OK;
    switch (f->type) {
    case FT_TEXT:
        if (strlen(clean) >= n) {
            snprintf(expected, en, "at most %zu bytes", n - 1);
            return AT_EINPUT;
        }
        memcpy(out, clean, strlen(clean) + 1);
        return AT_OK;
    case FT_CODE:
        /* Spreadsheets turn "0012" into 12.0; a code is never a float. */
        if (strchr(clean, ' ') || strlen(clean) >= n || strlen(clean) > 64) {
            snprintf(expected, en, "%s without spaces, at most 64 characters", f->help);
            return AT_EINPUT;
        }
        memcpy(out, clean, strlen(clean) + 1);
        return AT_OK;
    case FT_INT: {
        char *end;
        errno = 0;
        long long v = strtoll(clean, &end, 10);
        /* Excel's "11.0" from a numeric cell is an integer too. */
        if (*end == '.' && strspn(end + 1, "0") == strlen(end + 1) && end[1])
            end += strlen(end);
        if (errno || *end || (f->min <= f->max && (v < f->min || v > f->max))) {
            if (f->min <= f->max)
                snprintf(expected, en, "a whole number from %.0f to %.0f", f->min, f->max);
            else
                snprintf(expected, en, "a whole number");
            return AT_EINPUT;
        }
        snprintf(out, n, "%lld", v);
        return AT_OK;
    }
    case FT_REAL: {
        char buf[64];
        if (strlen(clean) >= sizeof buf) {
            snprintf(expected, en, "a decimal number");
            return AT_EINPUT;
        }
        memcpy(buf, clean, strlen(clean) + 1);
        for (char *p = buf; *p; p++)
            if (*p == ',')
                *p = '.'; /* decimal comma */
        char *end;
        errno = 0;
        double v = strtod(buf, &end);
        if (errno || *end || !isfinite(v) || (f->min <= f->max && (v < f->min || v > f->max))) {
            snprintf(expected, en, "a decimal number from %g to %g", f->min, f->max);
            return AT_EINPUT;
        }
        snprintf(out, n, "%.6f", v);
        return AT_OK;
    }
    case FT_BOOL: {
        bool b;
        if (!parse_bool(clean, &b)) {
            snprintf(expected, en, "да/нет (иә/жоқ, yes/no, 1/0)");
            return AT_EINPUT;
        }
        out[0] = b ? '1' : '0';
        out[1] = 0;
        return AT_OK;
    }
    case FT_DATE: {
        at_date d;
        if (!parse_date(clean, &d)) {
            snprintf(expected, en, "a real date as YYYY-MM-DD or DD.MM.YYYY");
            return AT_EINPUT;
        }
        date_format_iso(d, out);
        return AT_OK;
    }
    case FT_ENUM: {
        const enum_value *v = match_enum(f->values, clean);
        if (!v) {
            char codes[1024];
            list_codes(f->values, codes, sizeof codes);
            snprintf(expected, en, "one of: %s", codes);
            return AT_EINPUT;
        }
        snprintf(out, n, "%s", v->code);
        return AT_OK;
    }
    case FT_SET: {
        /* Items may be separated by ';' or ','; stored in declaration order, once each. */
        bool chosen[64] = {0};
        char item[512];
        const char *p = clean;
        while (*p) {
            size_t len = strcspn(p, ";,");
            if (len >= sizeof item)
                len = sizeof item - 1;
            memcpy(item, p, len);
            item[len] = 0;
            char trimmed[512];
            if (text_clean(item, trimmed, sizeof trimmed) == AT_OK && trimmed[0]) {
                const enum_value *v = match_enum(f->values, trimmed);
                if (!v) {
                    char codes[1024];
                    list_codes(f->values, codes, sizeof codes);
                    snprintf(expected, en, "items separated by ; from: %s", codes);
                    return AT_EINPUT;
                }
                chosen[v - f->values] = true;
            }
            p += len;
            if (*p)
                p++;
        }
        size_t used = 0;
        for (const enum_value *v = f->values; v->code; v++)
            if (chosen[v - f->values])
                used += (size_t)snprintf(out + used, n > used ? n - used : 0, "%s%s", used ? ";" : "", v->code);
        if (used >= n) {
            snprintf(expected, en, "a shorter list");
            return AT_EINPUT;
        }
        return AT_OK;
    }
    }
    return AT_EINTERNAL;
}
