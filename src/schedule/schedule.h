/* schedule.h — the exam schedule's pure rules (issue 4): reading exam times,
 * checking one schedule row against the rule profile of its grade, and finding
 * a participant's clashing sittings. No I/O and no SQL: the store module
 * (store/store_schedule.h) derives sittings from registrations, the registry
 * calls schedule_check_exam on every imported exam row, and the CLI prints.
 *
 * Decisions (docs/schedule.md says the same to users):
 * - duration_minutes must equal the profile's duration of the subject; a
 *   different value is an error naming both numbers and the difference. The
 *   one exception is a speaking-room exam (the oral part of a foreign language),
 *   which the profile does not time: it must be 1 … the subject's duration.
 * - A clash is two sittings of one participant on the same date, whatever the
 *   times: a participant sits one exam a day (ЕГЭ/ОГЭ all start at 10:00, and the
 *   written and speaking parts of a language are on different days). Whether
 *   the times also overlap is reported alongside. */
#ifndef AT_SCHEDULE_H
#define AT_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "rules/rules.h"

#define SCHEDULE_MINUTES_PER_DAY (24 * 60)

/* Field indexes of the `exams` entity (src/core/entity_defs.c; a unit test
 * keeps them in sync). */
enum { EX_CODE, EX_GRADE, EX_SUBJECT, EX_FORM, EX_ROOM_KIND, EX_DATE, EX_START_TIME, EX_DURATION, EX_PERIOD,
       EX_RESERVE, EX_NFIELDS };

/* "HH:MM" (also "H:MM") from 00:00 to 23:59 → minutes after midnight. */
bool schedule_parse_time(const char *s, int *minutes);
/* minutes → "HH:MM" (out needs 6 bytes; values wrap at 24 h). */
void schedule_format_time(int minutes, char out[6]);

/* Receives one problem: the exam field it concerns (EX_*, -1 = the row). */
typedef void (*schedule_problem_fn)(void *ctx, int field, const char *message);

/* Checks one normalised exam row (canonical text as in core/entity.h: ISO date,
 * "1"/"0" booleans) against the profile of its grade and the exam year. p NULL:
 * no profile for that grade (reported). */
void schedule_check_exam(const rule_profile *p, int year, const char *const *row, schedule_problem_fn fn,
                         void *ctx);

/* One sitting of a participant: an exam on a date from start for minutes. */
typedef struct {
    const char *exam;     /* exam code */
    const char *date;     /* ISO date */
    int start, minutes;   /* minutes after midnight; length incl. any ОВЗ extension */
} schedule_sitting;

/* Calls fn for every pair (i < j) of one participant's sittings that clash
 * (same date); `overlap` tells whether the time spans also overlap. */
typedef void (*schedule_clash_fn)(void *ctx, size_t i, size_t j, bool overlap);
size_t schedule_find_clashes(const schedule_sitting *s, size_t n, schedule_clash_fn fn, void *ctx);

/* A participant's sitting length: the exam's minutes plus the profile's ОВЗ
 * extension when the participant has the extended_time condition ("a;b" set). */
int schedule_sitting_minutes(int exam_minutes, const rule_profile *p, const char *ovz_conditions);

/* ---- shipped schedules (data/schedules/COUNTRY-YEAR.csv, embedded) ---- */
/* The text of the shipped schedule of a country and exam year; AT_ENOTFOUND
 * (err lists what is shipped) when there is none. */
int schedule_builtin_text(const char *country, int year, const char **text, size_t *len, at_error *err);

#endif
