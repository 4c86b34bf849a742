/* schedule.c — exam times, schedule-row checks, clashes (see schedule.h). */
#include "schedule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

bool schedule_parse_time(const char *s, int *minutes)
{
    if (!s)
        return false;
    int h = 0, m = 0, i = 0, digits = 0;
    for (; s[i] >= '0' && s[i] <= '9' && digits < 2; i++, digits++)
        h = h * 10 + (s[i] - '0');
    if (digits == 0 || s[i] != ':')
        return false;
    i++;
    if (!(s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') || s[i + 2])
        return false;
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    if (h > 23 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}

void schedule_format_time(int minutes, char out[6])
{
    int t = ((minutes % SCHEDULE_MINUTES_PER_DAY) + SCHEDULE_MINUTES_PER_DAY) % SCHEDULE_MINUTES_PER_DAY;
    out[0] = (char)('0' + t / 600);
    out[1] = (char)('0' + t / 60 % 10);
    out[2] = ':';
    out[3] = (char)('0' + t % 60 / 10);
    out[4] = (char)('0' + t % 10);
    out[5] = 0;
}

static void problem(schedule_problem_fn fn, void *ctx, int field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(schedule_problem_fn fn, void *ctx, int field, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fn(ctx, field, msg);
}

static void join_codes(char *out, size_t n, char *const *codes, size_t count)
{
    size_t u = 0;
    out[0] = 0;
    for (size_t i = 0; i < count && u < n; i++) {
        int w = snprintf(out + u, n - u, "%s%s", i ? ", " : "", codes[i]);
        if (w < 0)
            break;
        u += (size_t)w;
    }
}

void schedule_check_exam(const rule_profile *p, int year, const char *const *row, schedule_problem_fn fn,
                         void *ctx)
{
    int start;
    if (!schedule_parse_time(row[EX_START_TIME], &start))
        problem(fn, ctx, EX_START_TIME, "expected a start time HH:MM from 00:00 to 23:59 (e.g. 10:00)");
    at_date d;
    if (year && date_parse_iso(row[EX_DATE], &d) && d.y != year)
        problem(fn, ctx, EX_DATE, "the date is outside the exam year %d of this installation", year);
    if (!p) {
        problem(fn, ctx, EX_GRADE, "this database has no rule profile for grade %s", row[EX_GRADE]);
        return;
    }
    const rule_subject *sub = rules_subject(p, row[EX_SUBJECT]);
    if (!sub) {
        char codes[1024];
        size_t u = 0;
        codes[0] = 0;
        for (size_t i = 0; i < p->nsubjects && u < sizeof codes; i++) {
            int w = snprintf(codes + u, sizeof codes - u, "%s%s", i ? ", " : "", p->subjects[i].code);
            if (w < 0)
                break;
            u += (size_t)w;
        }
        problem(fn, ctx, EX_SUBJECT, "no subject \"%s\" in profile %s; expected one of: %s", row[EX_SUBJECT], p->id,
                codes);
        return;
    }
    if (!rules_form(p, row[EX_FORM]) || !rules_subject_has_form(sub, row[EX_FORM])) {
        char forms[256];
        join_codes(forms, sizeof forms, sub->forms, sub->nforms);
        problem(fn, ctx, EX_FORM, "%s (%s) is not offered in form \"%s\" under %s; expected: %s", sub->name_ru,
                sub->code, row[EX_FORM], p->id, forms);
        return;
    }
    int minutes = atoi(row[EX_DURATION]);
    bool speaking = strcmp(row[EX_ROOM_KIND], "speaking") == 0;
    if (speaking && minutes > sub->duration_minutes)
        problem(fn, ctx, EX_DURATION,
                "a speaking part cannot be longer than the whole exam: %s lasts %d minutes under %s, the file says %d",
                sub->code, sub->duration_minutes, p->id, minutes);
    else if (!speaking && minutes != sub->duration_minutes)
        problem(fn, ctx, EX_DURATION, "profile %s gives %s (%s) %d minutes; the file says %d (%+d); correct the file or the profile",
                p->id, sub->name_ru, sub->code, sub->duration_minutes, minutes, minutes - sub->duration_minutes);
}

size_t schedule_find_clashes(const schedule_sitting *s, size_t n, schedule_clash_fn fn, void *ctx)
{
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (strcmp(s[i].date, s[j].date) != 0)
                continue;
            bool overlap = s[i].start < s[j].start + s[j].minutes && s[j].start < s[i].start + s[i].minutes;
            found++;
            if (fn)
                fn(ctx, i, j, overlap);
        }
    return found;
}

int schedule_sitting_minutes(int exam_minutes, const rule_profile *p, const char *ovz_conditions)
{
    if (!p || !ovz_conditions)
        return exam_minutes;
    /* a set is "a;b" with codes; match whole items */
    const char *want = "extended_time";
    size_t wl = strlen(want);
    for (const char *c = ovz_conditions; *c;) {
        const char *end = strpbrk(c, ";,");
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if (len == wl && strncmp(c, want, wl) == 0)
            return exam_minutes + p->ovz_extra_minutes;
        if (!end)
            break;
        c = end + 1;
    }
    return exam_minutes;
}
