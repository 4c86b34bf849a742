/* store_schedule.h — the exam schedule in the database: listing exams, and
 * each participant's sittings derived from registrations.
 *
 * The matching rule (shared with the seating module — keep them identical): a
 * registration (document, subject, form, period) of a participant of grade G
 * matches every exam with exams.grade = G, the same subject, form and period,
 * and reserve = 0 or NULL. A foreign language with a written day and a speaking
 * day therefore gives two sittings; reserve days give none (they are for
 * retakes and are assigned by hand). */
#ifndef AT_STORE_SCHEDULE_H
#define AT_STORE_SCHEDULE_H

#include <stdbool.h>

#include "store/store.h"

/* The matching condition as SQL, over aliases e (exams), r (registrations)
 * and p (participants); for modules that build their own queries on it. */
#define STORE_SITTING_MATCH                                                                   \
    "e.grade = p.grade AND e.subject = r.subject AND e.form = r.form AND e.period = r.period " \
    "AND COALESCE(e.reserve, 0) = 0"

typedef struct {
    const char *code, *subject, *form, *room_kind; /* room_kind "regular" when empty */
    const char *date, *start_time, *period;
    int grade, duration_minutes;
    bool reserve;
} store_exam;

typedef int (*store_exam_fn)(void *ctx, const store_exam *x, at_error *err);
/* Exams ordered by date, start time, grade, subject, code; date / grade filter
 * when non-NULL / non-zero. */
int store_exams_each(store *s, const char *date, int grade, store_exam_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *document;
    const char *ovz_conditions; /* participant's special conditions ("a;b"), "" if none */
    store_exam exam;
} store_sitting;

typedef int (*store_sitting_fn)(void *ctx, const store_sitting *st, at_error *err);
/* Every sitting, ordered by document, date, start time, exam code; only those
 * on `date` and/or of `document` when non-NULL. */
int store_sittings_each(store *s, const char *date, const char *document, store_sitting_fn fn, void *ctx,
                        at_error *err);

/* Registrations that match no exam, grouped: grade, subject, form, period, count. */
typedef int (*store_unscheduled_fn)(void *ctx, int grade, const char *subject, const char *form,
                                    const char *period, long participants, at_error *err);
int store_unscheduled_each(store *s, store_unscheduled_fn fn, void *ctx, at_error *err);

/* Non-reserve exams that no registration matches. */
int store_exams_unused_each(store *s, store_exam_fn fn, void *ctx, at_error *err);

#endif
