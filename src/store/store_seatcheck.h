/* store_seatcheck.h — the reads behind `attest seat verify` (module seatcheck):
 * plain row streams over the registry and one day's distribution, with no
 * logic of their own. Deliberately separate from the solver's store file: the
 * check must share nothing with what it checks. Every function calls fn once a
 * row with the row's columns as text (NULL for SQL NULL), in the order given
 * in its comment; the texts are valid only during the call. fn returning
 * anything but AT_OK stops the stream and is returned. */
#ifndef AT_STORE_SEATCHECK_H
#define AT_STORE_SEATCHECK_H

#include "store/store.h"

typedef int (*store_sc_row_fn)(void *ctx, const char *const *v, at_error *err);

/* scheme — the seat_runs row of the date (none: fn is not called). */
int store_sc_run(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err);
/* code, municipality_code */
int store_sc_schools(store *s, store_sc_row_fn fn, void *ctx, at_error *err);
/* code, municipality_code, base_school_code, kind */
int store_sc_points(store *s, store_sc_row_fn fn, void *ctx, at_error *err);
/* exam_point_code, number, seats, features */
int store_sc_rooms(store *s, store_sc_row_fn fn, void *ctx, at_error *err);
/* municipality_code, exam_point_code */
int store_sc_scheme(store *s, store_sc_row_fn fn, void *ctx, at_error *err);
/* exam_point_code, room_number (NULL: the whole point) — closures of the date */
int store_sc_closures(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err);
/* Seatings dated `date`, then seatings of the date's exams dated otherwise:
 * 0 seating date, 1 exam_code, 2 document, 3 exam_point_code, 4 room_number,
 * 5 seat, 6 exam date, 7 exam grade, 8 exam subject, 9 exam room_kind,
 * 10 participant document (NULL: no such participant), 11 participant grade,
 * 12 school_code, 13 category, 14 ovz, 15 ovz_conditions. */
int store_sc_seatings(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err);
/* Sittings of the date — registrations matching a non-reserve exam of the
 * date by grade, subject, form and period: document, exam_code, subject, form. */
int store_sc_sittings(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err);
/* Staff posts of the date: 0 document, 1 exam_point_code, 2 room_number,
 * 3 post, 4 staff document (NULL: no such person), 5 roles, 6 school_code,
 * 7 subjects_taught, 8 gek_token. */
int store_sc_posts(store *s, const char *date, store_sc_row_fn fn, void *ctx, at_error *err);

#endif
