/* date.c — proleptic Gregorian dates as plain values.
 *
 * Day numbers use the civil-from-days / days-from-civil algorithms (Howard
 * Hinnant): exact for every year representable in int, no tables, no libc
 * time functions (which depend on time zones and time_t ranges). */
#include "date.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

bool date_valid(at_date d)
{
    /* Bounded so that date_to_days cannot overflow long on 32-bit longs. */
    if (d.y < -1000000 || d.y > 1000000)
        return false;
    if (d.m < 1 || d.m > 12)
        return false;
    return d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

long date_to_days(at_date d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                                      /* [0, 399] */
    long mp = (d.m + 9) % 12;                                      /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d.d - 1;                       /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

at_date date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    at_date r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int date_weekday(at_date d)
{
    long days = date_to_days(d);  /* 1970-01-01 was a Thursday (4) */
    long w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int date_compare(at_date a, at_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

at_date date_add_days(at_date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse_iso(const char *s, at_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    at_date d;
    if (!digits(s, 4, &d.y) || !digits(s + 5, 2, &d.m) || !digits(s + 8, 2, &d.d))
        return false;
    if (!date_valid(d))
        return false;
    if (out)
        *out = d;
    return true;
}

void date_format_iso(at_date d, char *buf)
{
    /* Years outside 0..9999 do not fit the ISO basic form; clamp the text
     * rather than overflow the caller's 11-byte buffer. */
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
    const int parts[3][2] = {{y, 4}, {m, 2}, {dd, 2}};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        if (i)
            *p++ = '-';
        for (int k = parts[i][1] - 1, v = parts[i][0]; k >= 0; k--, v /= 10)
            p[k] = (char)('0' + v % 10);
        p += parts[i][1];
    }
    *p = 0;
}
