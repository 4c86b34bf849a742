/* store_seat.h — storage of exam-day distributions (рассадка): reading what a
 * date's distribution needs (sittings, schools, points, rooms, closures, the
 * territorial scheme) and writing seatings, runs and moves. Part of the store
 * module; the seat module hands plain rows in and gets plain rows out. */
#ifndef AT_STORE_SEAT_H
#define AT_STORE_SEAT_H

#include <stdbool.h>

#include "store/store.h"

/* Every sitting of a date: a registration (document, subject, form, period) of a
 * participant of grade G matches each exam of that date with the same grade,
 * subject, form and period that is not a reserve day. Fields: exam code,
 * document, school code, category, ovz_conditions ("a;b"), grade, ovz. In no
 * particular order (the caller sorts what it needs). */
typedef struct {
    const char *exam, *document, *school, *category, *conditions;
    int grade;
    bool ovz;
} store_sitting;
typedef int (*store_sitting_fn)(void *ctx, const store_sitting *r, at_error *err);
int store_seat_sittings(store *s, const char *date, store_sitting_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *code, *subject, *form, *room_kind, *start_time;
    int grade, duration;
} store_exam_row;
typedef int (*store_exam_fn)(void *ctx, const store_exam_row *r, at_error *err);
/* Exams of the date that are not reserve days, ordered by code. */
int store_seat_exams(store *s, const char *date, store_exam_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *code, *municipality;
    double lat, lon;
    bool located;
} store_school_row;
typedef int (*store_school_fn)(void *ctx, const store_school_row *r, at_error *err);
int store_seat_schools(store *s, store_school_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *code, *municipality, *base_school, *kind;
    double lat, lon;
    bool located;
} store_point_row;
typedef int (*store_point_fn)(void *ctx, const store_point_row *r, at_error *err);
int store_seat_points(store *s, store_point_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *point, *number, *features;
    int seats;
} store_room_row;
typedef int (*store_room_fn)(void *ctx, const store_room_row *r, at_error *err);
/* Rooms ordered by point and number. */
int store_seat_rooms(store *s, store_room_fn fn, void *ctx, at_error *err);

/* Closures of a date: room NULL = the whole point. */
typedef int (*store_closure_fn)(void *ctx, const char *point, const char *room, const char *reason, at_error *err);
int store_seat_closures(store *s, const char *date, store_closure_fn fn, void *ctx, at_error *err);
int store_seat_close(store *s, const char *date, const char *point, const char *room, const char *reason,
                     at_error *err);

typedef int (*store_pair_fn)(void *ctx, const char *a, const char *b, at_error *err);
/* Territorial scheme rows (municipality, exam point). */
int store_seat_scheme(store *s, store_pair_fn fn, void *ctx, at_error *err);

/* ---- the stored distribution ---- */
typedef struct {
    const char *date, *seed, *scheme, *made_at, *actor, *staff_at;
    long participants;
    double travel_km;
    int replans;
} store_seat_run;
/* AT_ENOTFOUND when the date has no distribution. Strings valid until the next call. */
int store_seat_run_get(store *s, const char *date, store_seat_run *out, at_error *err);

typedef struct {
    const char *exam, *document, *point, *room;
    int seat;
} store_seating;
typedef int (*store_seating_fn)(void *ctx, const store_seating *r, at_error *err);
int store_seat_seatings(store *s, const char *date, store_seating_fn fn, void *ctx, at_error *err);

/* Writing, inside a transaction the caller opened: a new distribution replaces
 * the date's seatings and run (run->participants = the rows to be written;
 * when they outnumber the other dates' seatings, the table's indexes are
 * rebuilt at commit, and the caller writes the rows in seat order). */
typedef struct store_seat_writer store_seat_writer;
int store_seat_write_begin(store *s, const store_seat_run *run, bool replace, store_seat_writer **out,
                           at_error *err);
/* Rows may wait in the writer: store_seat_write_finish writes them (call it
 * before store_seat_write_end; unseat and move_log write them first too). */
int store_seat_write(store_seat_writer *w, const store_seating *r, at_error *err);
int store_seat_write_finish(store_seat_writer *w, at_error *err);
/* Removes one participant's seating of an exam (re-planning). */
int store_seat_unseat(store_seat_writer *w, const char *exam, const char *document, at_error *err);
typedef struct {
    const char *reason, *exam, *document;
    const char *from_point, *from_room, *to_point, *to_room;
    int from_seat, to_seat; /* 0 = none */
} store_seat_move;
int store_seat_move_log(store_seat_writer *w, int replan, const store_seat_move *m, at_error *err);
void store_seat_write_end(store_seat_writer *w);
/* After a re-plan: the run's replans counter and participant count. */
int store_seat_run_replanned(store *s, const char *date, long participants, double travel_km, int *replan,
                             at_error *err);

/* Printable lists of a date for seat export: "seating" (per room), "notices"
 * (per participant: where, when, room, seat), "staff" (posts), "materials"
 * (kits). header receives the column names once, then row each row. */
typedef int (*store_cells_fn)(void *ctx, const char *const *cells, int n, at_error *err);
int store_seat_export(store *s, const char *date, const char *what, store_cells_fn header, store_cells_fn row,
                      void *ctx, at_error *err);

#endif
