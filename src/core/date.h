/* date.h — calendar dates as plain values (proleptic Gregorian), no time zones. */
#ifndef AT_DATE_H
#define AT_DATE_H

#include <stdbool.h>

typedef struct {
    int y, m, d;
} at_date;

bool date_valid(at_date d);
/* Days since 1970-01-01 (may be negative). */
long date_to_days(at_date d);
at_date date_from_days(long days);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int date_weekday(at_date d);
int date_compare(at_date a, at_date b);
at_date date_add_days(at_date d, long n);
/* "2026-05-27" (strict ISO) → date; false if malformed or not a real date. */
bool date_parse_iso(const char *s, at_date *out);
/* Writes "YYYY-MM-DD" into buf (size >= 11). */
void date_format_iso(at_date d, char *buf);

#endif
