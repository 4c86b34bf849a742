/* calendar.c — public holidays, transferred days and working-day arithmetic.
 *
 * One JSON file per country and year (format: docs/rule-profiles.md). Each year
 * is expanded into a day table so that a question about a date is one lookup.
 * A date in a year without data is an error, never a guess: an appeal deadline
 * computed from weekends alone could be wrong by a week in January or May. */
#include "calendar.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "embedded_data.h"
#include "json_check.h"

#define CAL_YEAR_MIN 2000
#define CAL_YEAR_MAX 2100
#define CAL_DAYS 366
#define CAL_FILE_MAX (1L << 20)

enum { DAY_NORMAL = 0, DAY_HOLIDAY, DAY_OFF, DAY_WORKING };

typedef struct {
    char *ru, *kk, *en;
} cal_name;

typedef struct {
    int year;
    long first;                   /* date_to_days of 1 January */
    unsigned char kind[CAL_DAYS]; /* DAY_* per day of year */
    short name[CAL_DAYS];         /* index into names, -1 = none */
    cal_name *names;
    size_t nnames;
    bool unconfirmed_transfers;
} cal_year;

struct calendar {
    char country[3];
    cal_year *years; /* sorted by year */
    size_t nyears;
};

static int get_date(jc_ctx *c, json_t *v, const char *path, at_date *out)
{
    if (!json_is_string(v))
        return jc_fail(c, path, "expected a date string \"YYYY-MM-DD\", got %s", jc_type_name(v));
    if (!date_parse_iso(json_string_value(v), out))
        return jc_fail(c, path, "invalid date \"%s\"; expected a real date as \"YYYY-MM-DD\"",
                     json_string_value(v));
    return AT_OK;
}

static int get_names(jc_ctx *c, json_t *v, const char *path, cal_name *out)
{
    static const char *const langs[] = {"ru", "kk", "en", NULL};
    if (!json_is_object(v))
        return jc_fail(c, path, "expected an object {\"ru\", \"kk\", \"en\"}, got %s",
                     jc_type_name(v));
    int rc = jc_check_keys(c, v, path, langs, langs);
    if (rc)
        return rc;
    char **outs[3] = {&out->ru, &out->kk, &out->en};
    for (int i = 0; i < 3; i++) {
        json_t *s = json_object_get(v, langs[i]);
        char p[AT_ERR_WHERE];
        jc_subpath(p, path, langs[i]);
        if (!json_is_string(s) || json_string_value(s)[0] == '\0')
            return jc_fail(c, p, "expected a non-empty string, got %s", jc_type_name(s));
        *outs[i] = strdup(json_string_value(s));
        if (!*outs[i])
            return jc_nomem(c);
    }
    return AT_OK;
}

static void year_free(cal_year *y)
{
    for (size_t i = 0; i < y->nnames; i++) {
        free(y->names[i].ru);
        free(y->names[i].kk);
        free(y->names[i].en);
    }
    free(y->names);
}

void calendar_free(calendar *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nyears; i++)
        year_free(&c->years[i]);
    free(c->years);
    free(c);
}

/* root.key when present (NULL when absent); an error when it is not an array. */
static int get_array_opt(jc_ctx *c, json_t *root, const char *key, json_t **out)
{
    char p[AT_ERR_WHERE];
    jc_subpath(p, "$", key);
    *out = json_object_get(root, key);
    return *out ? jc_want_array(c, *out, p, false) : AT_OK;
}

/* Day of year of d in y, or an error naming the path when d is in another year. */
static int day_in_year(jc_ctx *c, const cal_year *y, at_date d, const char *path, int *doy)
{
    if (d.y != y->year)
        return jc_fail(c, path, "date %04d-%02d-%02d is outside the file's year; expected a date "
                     "in %d", d.y, d.m, d.d, y->year);
    *doy = (int)(date_to_days(d) - y->first);
    return AT_OK;
}

static int parse_year(jc_ctx *c, json_t *root, const char *want_country, cal_year *y,
                      char country[3])
{
    static const char *const keys[] = {"country", "year", "holidays", "days_off", "working_days",
                                       "unconfirmed_transfers", "source", "notes", NULL};
    static const char *const req[] = {"country", "year", "holidays", "unconfirmed_transfers",
                                      "source", NULL};
    static const char *const hkeys[] = {"date", "name", "unconfirmed", NULL};
    static const char *const hreq[] = {"date", "name", NULL};
    static const char *const okeys[] = {"date", "from", "name", "unconfirmed", NULL};
    static const char *const oreq[] = {"date", NULL};
    char p[AT_ERR_WHERE], q[AT_ERR_WHERE];
    int rc;
    if ((rc = jc_want_object(c, root, "$")) || (rc = jc_check_keys(c, root, "$", keys, req)))
        return rc;
    json_t *v = json_object_get(root, "country");
    if (!json_is_string(v) ||
        (strcmp(json_string_value(v), "ru") != 0 && strcmp(json_string_value(v), "kz") != 0))
        return jc_fail(c, "$.country", "expected \"ru\" or \"kz\"");
    snprintf(country, 3, "%s", json_string_value(v));
    if (want_country && strcmp(want_country, country) != 0)
        return jc_fail(c, "$.country", "country \"%s\" differs from the calendar's \"%s\"",
                     country, want_country);
    v = json_object_get(root, "year");
    if (!json_is_integer(v) || json_integer_value(v) < CAL_YEAR_MIN ||
        json_integer_value(v) > CAL_YEAR_MAX)
        return jc_fail(c, "$.year", "expected an integer year %d..%d", CAL_YEAR_MIN, CAL_YEAR_MAX);
    y->year = (int)json_integer_value(v);
    y->first = date_to_days((at_date){y->year, 1, 1});
    memset(y->kind, DAY_NORMAL, sizeof y->kind);
    for (int i = 0; i < CAL_DAYS; i++)
        y->name[i] = -1;
    if ((rc = jc_get_bool_opt(c, root, "$", "unconfirmed_transfers", &y->unconfirmed_transfers)))
        return rc;
    if (!json_is_boolean(json_object_get(root, "unconfirmed_transfers")))
        return jc_fail(c, "$.unconfirmed_transfers", "expected a boolean");
    v = json_object_get(root, "source");
    if (!json_is_string(v) || json_string_value(v)[0] == '\0')
        return jc_fail(c, "$.source", "expected a non-empty string, got %s", jc_type_name(v));
    json_t *notes;
    if ((rc = get_array_opt(c, root, "notes", &notes)))
        return rc;
    for (size_t i = 0; notes && i < json_array_size(notes); i++)
        if (!json_is_string(json_array_get(notes, i))) {
            jc_idxpath(p, "$.notes", i);
            return jc_fail(c, p, "expected a string, got %s",
                           jc_type_name(json_array_get(notes, i)));
        }

    json_t *hol, *off, *work;
    if ((rc = get_array_opt(c, root, "holidays", &hol)) ||
        (rc = get_array_opt(c, root, "days_off", &off)) ||
        (rc = get_array_opt(c, root, "working_days", &work)))
        return rc;
    size_t nh = json_array_size(hol), no = off ? json_array_size(off) : 0;
    y->names = calloc(nh + no + 1, sizeof *y->names);
    if (!y->names)
        return jc_nomem(c);

    for (size_t i = 0; i < nh; i++) {
        json_t *h = json_array_get(hol, i);
        jc_idxpath(p, "$.holidays", i);
        if (!json_is_object(h))
            return jc_fail(c, p, "expected an object {date, name}, got %s", jc_type_name(h));
        if ((rc = jc_check_keys(c, h, p, hkeys, hreq)))
            return rc;
        at_date d;
        int doy;
        jc_subpath(q, p, "date");
        if ((rc = get_date(c, json_object_get(h, "date"), q, &d)) ||
            (rc = day_in_year(c, y, d, q, &doy)))
            return rc;
        if (y->kind[doy] != DAY_NORMAL)
            return jc_fail(c, q, "duplicate holiday date %04d-%02d-%02d", d.y, d.m, d.d);
        bool unconf;
        if ((rc = jc_get_bool_opt(c, h, p, "unconfirmed", &unconf)))
            return rc;
        jc_subpath(q, p, "name");
        if ((rc = get_names(c, json_object_get(h, "name"), q, &y->names[y->nnames++])))
            return rc;
        y->kind[doy] = DAY_HOLIDAY;
        y->name[doy] = (short)(y->nnames - 1);
    }
    for (size_t i = 0; i < no; i++) {
        json_t *o = json_array_get(off, i);
        jc_idxpath(p, "$.days_off", i);
        if (!json_is_object(o))
            return jc_fail(c, p, "expected an object {date, from, name}, got %s", jc_type_name(o));
        if ((rc = jc_check_keys(c, o, p, okeys, oreq)))
            return rc;
        at_date d;
        int doy;
        jc_subpath(q, p, "date");
        if ((rc = get_date(c, json_object_get(o, "date"), q, &d)) ||
            (rc = day_in_year(c, y, d, q, &doy)))
            return rc;
        if (date_weekday(d) > 5)
            return jc_fail(c, q, "%04d-%02d-%02d is a weekend day, already non-working; expected "
                         "a Monday..Friday date", d.y, d.m, d.d);
        if (y->kind[doy] == DAY_HOLIDAY)
            return jc_fail(c, q, "%04d-%02d-%02d is already a holiday", d.y, d.m, d.d);
        if (y->kind[doy] == DAY_OFF)
            return jc_fail(c, q, "duplicate day off %04d-%02d-%02d", d.y, d.m, d.d);
        bool unconf;
        if ((rc = jc_get_bool_opt(c, o, p, "unconfirmed", &unconf)))
            return rc;
        y->kind[doy] = DAY_OFF;
        json_t *from = json_object_get(o, "from");
        if (from) {
            at_date f;
            jc_subpath(q, p, "from");
            if ((rc = get_date(c, from, q, &f)))
                return rc;
            /* A day off carried over from a holiday takes that holiday's name. */
            if (f.y == y->year) {
                int fd = (int)(date_to_days(f) - y->first);
                if (y->kind[fd] == DAY_HOLIDAY)
                    y->name[doy] = y->name[fd];
            }
        }
        json_t *nm = json_object_get(o, "name");
        if (nm) {
            jc_subpath(q, p, "name");
            if ((rc = get_names(c, nm, q, &y->names[y->nnames++])))
                return rc;
            y->name[doy] = (short)(y->nnames - 1);
        }
    }
    for (size_t i = 0; work && i < json_array_size(work); i++) {
        at_date d;
        int doy;
        jc_idxpath(p, "$.working_days", i);
        if ((rc = get_date(c, json_array_get(work, i), p, &d)) ||
            (rc = day_in_year(c, y, d, p, &doy)))
            return rc;
        if (date_weekday(d) <= 5)
            return jc_fail(c, p, "%04d-%02d-%02d is a weekday, already a working day; expected a "
                         "Saturday or Sunday made working", d.y, d.m, d.d);
        if (y->kind[doy] == DAY_HOLIDAY)
            return jc_fail(c, p, "%04d-%02d-%02d is a holiday and cannot be a working day", d.y,
                         d.m, d.d);
        if (y->kind[doy] == DAY_WORKING)
            return jc_fail(c, p, "duplicate working day %04d-%02d-%02d", d.y, d.m, d.d);
        y->kind[doy] = DAY_WORKING;
    }
    return AT_OK;
}

int calendar_add_json(calendar **cal, const char *json, size_t len, const char *name,
                      at_error *err)
{
    jc_ctx c = {name ? name : "calendar", err};
    json_t *root;
    int rc = jc_parse(&c, json, len, &root);
    if (rc)
        return rc;
    cal_year y;
    memset(&y, 0, sizeof y);
    char country[3];
    rc = parse_year(&c, root, *cal ? (*cal)->country : NULL, &y, country);
    json_decref(root);
    if (rc == AT_OK && *cal && calendar_covers(*cal, y.year))
        rc = jc_fail(&c, "$.year", "the calendar already has %d", y.year);
    calendar *cl = *cal;
    if (rc == AT_OK && !cl) {
        cl = calloc(1, sizeof *cl);
        if (!cl)
            rc = jc_nomem(&c);
        else
            memcpy(cl->country, country, sizeof cl->country);
    }
    if (rc == AT_OK) {
        cal_year *ny = realloc(cl->years, (cl->nyears + 1) * sizeof *ny);
        if (!ny) {
            rc = jc_nomem(&c);
        } else {
            cl->years = ny;
            size_t at = cl->nyears;
            while (at > 0 && cl->years[at - 1].year > y.year) {
                cl->years[at] = cl->years[at - 1];
                at--;
            }
            cl->years[at] = y;
            cl->nyears++;
            *cal = cl;
            return AT_OK;
        }
    }
    year_free(&y);
    if (cl && cl != *cal)
        calendar_free(cl);
    return rc;
}

/* "ru-2026.json" for country "ru". */
static bool calendar_file_name(const char *name, const char *country)
{
    size_t cl = strlen(country);
    if (strncmp(name, country, cl) != 0 || name[cl] != '-')
        return false;
    const char *s = name + cl + 1;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return strcmp(s + 4, ".json") == 0;
}

static int load_file(calendar **cal, const char *path, const char *name, at_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return at_fail(err, AT_EINTERNAL, path, "cannot open: %s", strerror(errno));
    char *buf = malloc(CAL_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    size_t n = fread(buf, 1, CAL_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    int rc;
    if (bad)
        rc = at_fail(err, AT_EINTERNAL, path, "read error");
    else if (n > (size_t)CAL_FILE_MAX)
        rc = at_fail(err, AT_EINPUT, path, "file is larger than %ld bytes", CAL_FILE_MAX);
    else
        rc = calendar_add_json(cal, buf, n, name, err);
    free(buf);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(calendar **cal, const char *dir, const char *country, at_error *err)
{
    char path[PATH_MAX];
    jc_spf(path, sizeof path, "%s/calendars", dir);
    DIR *d = opendir(path);
    if (!d)
        return at_fail(err, AT_ENOTFOUND, path, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = AT_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!calendar_file_name(e->d_name, country))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = at_fail(err, AT_ENOMEM, path, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; rc == AT_OK && i < n; i++) {
        char fp[PATH_MAX];
        jc_spf(fp, sizeof fp, "%s/%s", path, names[i]);
        rc = load_file(cal, fp, names[i], err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int calendar_load_builtin(const char *country, calendar **out, at_error *err)
{
    *out = NULL;
    if (!country || (strcmp(country, "ru") != 0 && strcmp(country, "kz") != 0))
        return at_fail(err, AT_EINPUT, country ? country : "(null)",
                       "unknown country; expected \"ru\" or \"kz\"");
    calendar *cal = NULL;
    int rc = AT_OK;
    const char *dir = getenv("ATTEST_DATA");
    if (dir && *dir) {
        rc = load_dir(&cal, dir, country, err);
    } else {
        for (size_t i = 0; rc == AT_OK && i < at_embedded_data_count; i++) {
            const at_embedded_file *f = &at_embedded_data[i];
            if (calendar_file_name(f->name, country))
                rc = calendar_add_json(&cal, (const char *)f->data, f->len, f->name, err);
        }
    }
    if (rc == AT_OK && !cal)
        rc = at_fail(err, AT_ENOTFOUND, country, "no calendar files for country \"%s\"",
                     country);
    if (rc != AT_OK) {
        calendar_free(cal);
        return rc;
    }
    *out = cal;
    return AT_OK;
}

/* ---- queries ------------------------------------------------------------ */

static const cal_year *find_year(const calendar *c, int year)
{
    if (!c)
        return NULL;
    for (size_t i = 0; i < c->nyears; i++)
        if (c->years[i].year == year)
            return &c->years[i];
    return NULL;
}

bool calendar_covers(const calendar *c, int year)
{
    return find_year(c, year) != NULL;
}

static int not_covered(const calendar *c, at_date d, at_error *err)
{
    char where[32], covered[128] = "none";
    jc_spf(where, sizeof where, "calendar %s", c ? c->country : "(none)");
    if (c && c->nyears > 0) {
        size_t used = 0;
        for (size_t i = 0; i < c->nyears && used < sizeof covered - 8; i++) {
            jc_spf(covered + used, sizeof covered - used, "%s%d", i ? ", " : "", c->years[i].year);
            used += strlen(covered + used);
        }
    }
    return at_fail(err, AT_EINPUT, where,
                   "no calendar data for %04d-%02d-%02d: year %d is not covered (covered years: "
                   "%s); add data/calendars/%s-%d.json",
                   d.y, d.m, d.d, d.y, covered, c ? c->country : "xx", d.y);
}

static int working(const calendar *c, at_date d, bool *out, at_error *err)
{
    if (!date_valid(d))
        return at_fail(err, AT_EINPUT, "date", "invalid date %d-%d-%d", d.y, d.m, d.d);
    const cal_year *y = find_year(c, d.y);
    if (!y)
        return not_covered(c, d, err);
    switch (y->kind[date_to_days(d) - y->first]) {
    case DAY_HOLIDAY:
    case DAY_OFF: *out = false; break;
    case DAY_WORKING: *out = true; break;
    default: *out = date_weekday(d) <= 5; break;
    }
    return AT_OK;
}

int calendar_is_working_day(const calendar *c, at_date d, bool *out, at_error *err)
{
    return working(c, d, out, err);
}

int calendar_add_working_days(const calendar *c, at_date from, int n, at_date *out,
                              at_error *err)
{
    at_date d = from;
    bool w;
    int rc;
    if (n == 0) {
        for (;;) {
            if ((rc = working(c, d, &w, err)))
                return rc;
            if (w)
                break;
            d = date_add_days(d, 1);
        }
    } else {
        int step = n > 0 ? 1 : -1;
        int left = n > 0 ? n : -n;
        while (left > 0) {
            d = date_add_days(d, step);
            if ((rc = working(c, d, &w, err)))
                return rc;
            if (w)
                left--;
        }
    }
    *out = d;
    return AT_OK;
}

int calendar_count_working_days(const calendar *c, at_date from, at_date to, long *out,
                                at_error *err)
{
    int sign = 1;
    if (date_compare(to, from) < 0) {
        at_date t = from;
        from = to;
        to = t;
        sign = -1;
    }
    long n = 0, last = date_to_days(to);
    for (long x = date_to_days(from) + 1; x <= last; x++) {
        bool w;
        int rc = working(c, date_from_days(x), &w, err);
        if (rc)
            return rc;
        n += w;
    }
    *out = sign * n;
    return AT_OK;
}

const char *calendar_holiday_name(const calendar *c, at_date d, const char *lang)
{
    if (!date_valid(d))
        return NULL;
    const cal_year *y = find_year(c, d.y);
    if (!y)
        return NULL;
    short i = y->name[date_to_days(d) - y->first];
    if (i < 0)
        return NULL;
    const cal_name *nm = &y->names[i];
    if (lang && strcmp(lang, "ru") == 0)
        return nm->ru;
    if (lang && strcmp(lang, "kk") == 0)
        return nm->kk;
    return nm->en;
}
