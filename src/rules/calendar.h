/* calendar.h — public holidays, transferred working days and working-day
 * arithmetic per country (data/calendars/ru-YYYY.json, kz-YYYY.json). Appeal
 * deadlines ("within 2 working days") and plan deadlines are computed with it. */
#ifndef AT_CALENDAR_H
#define AT_CALENDAR_H

#include <stdbool.h>

#include "core/date.h"
#include "core/error.h"

typedef struct calendar calendar;

/* Loads every shipped year for the country ("ru" | "kz"). */
int calendar_load_builtin(const char *country, calendar **out, at_error *err);
/* Parses one year file's JSON and adds it to cal (created when *cal is NULL). */
int calendar_add_json(calendar **cal, const char *json, size_t len, const char *name, at_error *err);
void calendar_free(calendar *c);

/* Whether the calendar has data for that year. */
bool calendar_covers(const calendar *c, int year);
/* Weekends are non-working unless transferred to working; holidays are non-working. */
int calendar_is_working_day(const calendar *c, at_date d, bool *out, at_error *err);
/* The date n working days after `from` (n > 0) or before it (n < 0); n == 0 gives
 * `from` if it is a working day, else the next working day. */
int calendar_add_working_days(const calendar *c, at_date from, int n, at_date *out, at_error *err);
/* Working days in (from, to]; negative if to < from. */
int calendar_count_working_days(const calendar *c, at_date from, at_date to, long *out, at_error *err);
/* Holiday name for a date in the given language, or NULL. */
const char *calendar_holiday_name(const calendar *c, at_date d, const char *lang);

#endif
