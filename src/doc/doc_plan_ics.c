/* doc_plan_ics.c — RFC 5545 output: CRLF line ends, lines folded at 75 octets
 * without splitting a UTF-8 character, TEXT values escaped. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "doc_plan.h"

#define ICS_LINE_OCTETS 75

typedef struct {
    FILE *f;
    size_t col; /* octets on the current physical line */
} ics_out;

static size_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Writes n octets of whole UTF-8 characters, folding before a character that
 * would pass the line limit. */
static void put_octets(ics_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t clen = utf8_len((unsigned char)s[i]);
        if (i + clen > n)
            clen = n - i; /* a cut character: write what there is */
        if (o->col + clen > ICS_LINE_OCTETS) {
            fputs("\r\n ", o->f);
            o->col = 1;
        }
        fwrite(s + i, 1, clen, o->f);
        o->col += clen;
        i += clen;
    }
}

static void end_line(ics_out *o)
{
    fputs("\r\n", o->f);
    o->col = 0;
}

static void line(ics_out *o, const char *name, const char *raw)
{
    put_octets(o, name, strlen(name));
    put_octets(o, raw, strlen(raw));
    end_line(o);
}

/* A TEXT property: backslash, semicolon, comma and newline escaped. */
static void text_line(ics_out *o, const char *name, const char *v)
{
    put_octets(o, name, strlen(name));
    for (const char *p = v; *p;) {
        size_t clen = utf8_len((unsigned char)*p);
        if (*p == '\\' || *p == ';' || *p == ',') {
            char esc[2] = {'\\', *p};
            put_octets(o, esc, 2);
        } else if (*p == '\n')
            put_octets(o, "\\n", 2);
        else if (*p != '\r') {
            size_t avail = strnlen(p, clen);
            put_octets(o, p, avail);
            p += avail;
            continue;
        }
        p++;
    }
    end_line(o);
}

static void ics_date(const char *iso, char out[9])
{
    memcpy(out, iso, 4);
    memcpy(out + 4, iso + 5, 2);
    memcpy(out + 6, iso + 8, 2);
    out[8] = 0;
}

int doc_plan_ics(const char *path, const char *calendar_name, const doc_plan_item *items, size_t n, at_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return at_fail(err, AT_EINPUT, path, "cannot write the file");
    ics_out o = {f, 0};
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    line(&o, "BEGIN:", "VCALENDAR");
    line(&o, "VERSION:", "2.0");
    line(&o, "PRODID:", "-//attest//roadmap//RU");
    line(&o, "CALSCALE:", "GREGORIAN");
    text_line(&o, "X-WR-CALNAME:", calendar_name);
    for (size_t i = 0; i < n; i++) {
        const doc_plan_item *it = &items[i];
        const char *day = it->due_on && it->due_on[0] ? it->due_on : it->starts_on;
        at_date d;
        if (!day || !date_parse_iso(day, &d))
            continue;
        char start[9], end[9], next[11];
        ics_date(day, start);
        date_format_iso(date_add_days(d, 1), next); /* all-day: DTEND is exclusive */
        ics_date(next, end);
        line(&o, "BEGIN:", "VEVENT");
        text_line(&o, "UID:", it->uid);
        line(&o, "DTSTAMP:", stamp);
        line(&o, "DTSTART;VALUE=DATE:", start);
        line(&o, "DTEND;VALUE=DATE:", end);
        char summary[1200];
        snprintf(summary, sizeof summary, "%s%s%s%s", it->overdue ? "⚠ " : "", it->label, it->label[0] ? " " : "",
                 it->summary);
        text_line(&o, "SUMMARY:", summary);
        text_line(&o, "DESCRIPTION:", it->description);
        line(&o, "STATUS:", strcmp(it->status, "done") == 0 ? "CONFIRMED" : strcmp(it->status, "not_applicable") == 0 ? "CANCELLED" : "TENTATIVE");
        line(&o, "TRANSP:", "TRANSPARENT");
        line(&o, "END:", "VEVENT");
    }
    line(&o, "END:", "VCALENDAR");
    if (fclose(f) != 0)
        return at_fail(err, AT_EINTERNAL, path, "writing failed");
    return AT_OK;
}
