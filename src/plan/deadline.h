/* deadline.h — the "сроки" / "мерзімі" cell of a plan of measures as a typed value.
 *
 * A deadline cell ("до 1 февраля 2026 года", "2025 жылғы қаңтар-мамыр",
 * "17.02.-27.03.2025 года", "в течение года", "за 30 минут до начала экзамена",
 * "в сроки, установленные МП РК", …) is parsed into one or more parts, each with a
 * kind. Russian and Kazakh are both understood; matching is case-insensitive.
 *
 * Principles:
 *  - Nothing is guessed. A cell that is not fully understood becomes ONE part of
 *    kind PLAN_DEADLINE_UNKNOWN, `understood` is false, and the verbatim text is
 *    kept. A confident wrong value is worse than a flag.
 *  - Years written in the cell are taken as written (a likely typo such as
 *    "январь 2024" in a 2024-2025 plan is kept, but PLAN_DEADLINE_WARN_OUTSIDE_YEAR
 *    is set). A month or day without a year takes it from the plan's academic year
 *    (September–December → first year, January–August → second year). A month range
 *    crossing the new year with one written year ("декабрь - январь 2025 года",
 *    "ноябрь - февраль 2024 года") is placed inside the academic year; when that is
 *    impossible, or no academic year is given, the cell is not understood.
 *  - Deadlines relative to exam events stay symbolic (event code + anchor +
 *    relation + offset) until plan_deadline_resolve() is given the event dates.
 *
 * Pure: no I/O, no global state. */
#ifndef AT_PLAN_DEADLINE_H
#define AT_PLAN_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/error.h"
#include "rules/calendar.h"

#define PLAN_DEADLINE_MAX_PARTS 8
#define PLAN_DEADLINE_EVENT_MAX 24   /* event code buffer, NUL included */
#define PLAN_DEADLINE_REF_MAX 256    /* external reference / qualifier, NUL included */
#define PLAN_DEADLINE_TEXT_MAX 2048  /* longer cells are kept verbatim but not understood */

typedef enum {
    PLAN_DEADLINE_UNKNOWN = 0,   /* not understood: see plan_deadline.text */
    PLAN_DEADLINE_DATE,          /* on a day: from = to = the day ("16 июня 2026 года") */
    PLAN_DEADLINE_BY_DATE,       /* by a day: to = the day, from invalid ("до 1 февраля 2026 года") */
    PLAN_DEADLINE_DATE_RANGE,    /* from..to, days ("17.02.-27.03.2025 года") */
    PLAN_DEADLINE_MONTH_RANGE,   /* whole months: from = 1st of first, to = last day of last
                                    ("февраль-март 2026 года"; one month: from/to in that month) */
    PLAN_DEADLINE_CONTINUOUS,    /* all year / permanently ("в течение года", "жыл бойы");
                                    ref may hold a qualifier ("по запросу МОУО, ОО") */
    PLAN_DEADLINE_EVENT,         /* relative to an exam event; see the event fields */
    PLAN_DEADLINE_EXTERNAL,      /* set elsewhere; ref = the cell's reference text
                                    ("в сроки, установленные МП РК", "по графику ФЦТ") */
} plan_deadline_kind;

/* Event codes (stable strings, used by the exam schedule to answer resolve):
 *   "exams"        the examination period (first exam day .. last exam day)
 *   "exam"         one exam (the measure repeats for each exam; start = end = its day)
 *   "attestation"  the final attestation / ГИА as a whole (итоговая аттестация)
 *   "written_exam" the written exam(s)
 *   "appeal"       the appeal proceedings
 *   "commissions"  the work of the attestation and appeal commissions
 *   "decision"     the day a decision is taken ("со дня принятия решения") */

typedef enum {
    PLAN_DEADLINE_ANCHOR_START = 0, /* the event's first day (its start) */
    PLAN_DEADLINE_ANCHOR_END,       /* the event's last day (its completion) */
} plan_deadline_anchor;

typedef enum {
    PLAN_DEADLINE_BEFORE = 0, /* by anchor+offset ("до начала экзаменов", "не позднее чем за 1 рабочий день до экзамена") */
    PLAN_DEADLINE_AT,         /* exactly at anchor+offset ("за 30 минут до начала экзамена") */
    PLAN_DEADLINE_AFTER,      /* from anchor+offset on, no end ("после завершения письменного экзамена") */
    PLAN_DEADLINE_DURING,     /* while the event lasts ("в дни проведения экзаменов"); no anchor */
    PLAN_DEADLINE_WITHIN,     /* from anchor to anchor+offset ("в течение 2 дней со дня принятия решения") */
} plan_deadline_relation;

typedef enum {
    PLAN_DEADLINE_UNIT_NONE = 0,
    PLAN_DEADLINE_UNIT_MINUTES,      /* "min": resolves to the anchor's day */
    PLAN_DEADLINE_UNIT_DAYS,         /* "d": calendar days */
    PLAN_DEADLINE_UNIT_WORKING_DAYS, /* "wd": working days of the given calendar */
} plan_deadline_unit;

typedef struct {
    plan_deadline_kind kind;
    at_date from, to;                      /* {0,0,0} when absent */
    /* PLAN_DEADLINE_EVENT only: */
    char event[PLAN_DEADLINE_EVENT_MAX];   /* event code, see above */
    plan_deadline_anchor anchor;
    plan_deadline_relation relation;
    int offset;                            /* signed, in unit; 0 with UNIT_NONE */
    plan_deadline_unit unit;
    bool resolved;                         /* from/to filled by plan_deadline_resolve */
    /* PLAN_DEADLINE_EXTERNAL: reference text; PLAN_DEADLINE_CONTINUOUS: qualifier or "" */
    char ref[PLAN_DEADLINE_REF_MAX];
} plan_deadline_part;

enum {
    PLAN_DEADLINE_WARN_OUTSIDE_YEAR = 1, /* a written date lies outside 1 July of the first year
                                            .. 31 December of the second (probably a typo) */
    PLAN_DEADLINE_WARN_ORDER = 2,        /* parts or a range's ends are not in chronological order */
};

typedef struct {
    char *text;        /* the cell, verbatim (owned; NULL only after a failed allocation) */
    bool understood;   /* false: parts[0] is PLAN_DEADLINE_UNKNOWN */
    unsigned warnings; /* PLAN_DEADLINE_WARN_* (only when understood) */
    int first_year;    /* the academic year it was parsed for (0 = not given) */
    size_t nparts;     /* >= 1 */
    plan_deadline_part parts[PLAN_DEADLINE_MAX_PARTS];
} plan_deadline;

/* Parses one cell. first_year is the academic year's first year (2024 for 2024-2025),
 * or 0 when unknown (then cells that need it are not understood). Always fills *out
 * (free with plan_deadline_free), also for cells that are not understood.
 * Returns AT_OK, or AT_ENOMEM. */
int plan_deadline_parse(const char *cell, int first_year, plan_deadline *out, at_error *err);
void plan_deadline_free(plan_deadline *d);

/* Canonical text, parts joined by "; ":
 *   date        "2026-06-16"             by_date   "by 2026-02-01"
 *   date_range  "2025-02-17..2025-03-27" month     "2026-03", "2026-02..2026-03"
 *   continuous  "continuous", "continuous \"по запросу МОУО, ОО\""
 *   external    "external \"в сроки, установленные МП РК\""
 *   event       "event exams:start before", "event exam:start at -30 min",
 *               "event exam:start before -1 wd", "event decision:start within +2 d",
 *               "event exams during", "event written_exam:end after"
 *               (+ " = <resolved from..to>" once resolved)
 *   not understood: "unknown"
 * Returns the length it needed (like snprintf); the output is truncated to n. */
size_t plan_deadline_format(const plan_deadline *d, char *buf, size_t n);
size_t plan_deadline_part_format(const plan_deadline_part *p, char *buf, size_t n);
/* "unknown", "date", "by_date", "date_range", "month_range", "continuous", "event", "external". */
const char *plan_deadline_kind_name(plan_deadline_kind k);

/* Event dates for resolution: start/end of the event (end = start for one-day events). */
typedef struct {
    const char *event;
    at_date start, end;
} plan_deadline_event_date;

/* Looks an event up: true with start and end filled when known. */
typedef bool (*plan_deadline_event_lookup)(void *ctx, const char *event, at_date *start, at_date *end);

/* Resolves the EVENT parts whose event the lookup knows: sets from/to and resolved.
 *   before: to = anchor+offset            at: from = to = anchor+offset
 *   after:  from = anchor+offset          during: from..to = the event
 *   within: from = anchor, to = anchor+offset
 * Working-day offsets need cal (NULL cal → such parts stay unresolved); calendar errors
 * (e.g. a year the calendar does not cover) are returned. Unknown events stay
 * unresolved (not an error). Returns AT_OK or the calendar's error. */
int plan_deadline_resolve(plan_deadline *d, plan_deadline_event_lookup lookup, void *ctx,
                          const calendar *cal, at_error *err);
/* The same with a table of events (codes compared exactly). */
int plan_deadline_resolve_table(plan_deadline *d, const plan_deadline_event_date *events, size_t n,
                                const calendar *cal, at_error *err);

/* The last date by which the whole measure must be done: the latest due date of its
 * parts (by_date, date, date_range, month_range: `to`; resolved event parts: `to`).
 * False when some part has none (continuous, external, unknown, unresolved event,
 * "after" events). */
bool plan_deadline_due(const plan_deadline *d, at_date *out);

#endif
